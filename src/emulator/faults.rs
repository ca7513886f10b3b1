//! Faults on demand: added latency, a reproducible failure rate, a token-bucket rate limit, and failures or
//! refusals scripted for the next matching request.
use std::str::FromStr;
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use super::ids::mix;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    pub latency: Duration,
    /// Fraction of requests, 0 to 1, that fail with 500 or 503.
    pub fail_rate: f64,
    pub rate_limit: Option<RateLimit>,
    /// The same seed and the same sequence of requests give the same faults.
    pub seed: u64,
}

/// At most `requests` per `per`, with bursts up to `requests`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

impl FromStr for RateLimit {
    type Err = String;

    /// `20/s`, `600/m` or `5000/h`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("invalid rate limit {text:?}: expected N/s, N/m or N/h, such as 20/s");
        let (count, unit) = text.split_once('/').ok_or_else(invalid)?;
        let requests: u32 = count.trim().parse().map_err(|_| invalid())?;
        let per = match unit.trim() {
            "s" => Duration::from_secs(1),
            "m" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            _ => return Err(invalid()),
        };
        if requests == 0 {
            return Err(invalid());
        }
        Ok(Self { requests, per })
    }
}

/// What happens to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Serve,
    /// Fails before anything is done.
    FailBefore(StatusCode),
    /// Handled (a change is applied) but the answer is replaced by a failure.
    FailAfter(StatusCode),
    /// Refused before anything is done, as the API refuses a request: a 4xx with its message and hint.
    Refuse {
        status: StatusCode,
        message: String,
        hint: Option<String>,
    },
}

/// The 4xx statuses a scripted fault may answer: those the contract's error codes name.
const REFUSALS: [u16; 8] = [400, 401, 403, 404, 409, 413, 422, 429];

/// A failure for the next request that matches (`POST /_emulator/faults`): tests make one request's answer
/// lost, before or after it is applied, without a failure rate; or make the API refuse it (a 4xx status with
/// `fail-before`), with the message and hint of their choosing.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scripted {
    /// `fail-before` or `fail-after`.
    pub fate: String,
    /// 500 (the default) or 503; or, with `fail-before`, one of the API's refusals (`REFUSALS`).
    #[serde(default)]
    pub status: Option<u16>,
    /// A refusal's message (a 4xx status only).
    #[serde(default)]
    pub message: Option<String>,
    /// A refusal's hint (a 4xx status only).
    #[serde(default)]
    pub hint: Option<String>,
    /// Only this method (`POST`), when given.
    #[serde(default)]
    pub method: Option<String>,
    /// Only this path (`/v1/databases/db_1/restore`), when given.
    #[serde(default)]
    pub path: Option<String>,
}

impl Scripted {
    /// The fate it stands for, or why it is not one.
    pub fn fate(&self) -> Result<Fate, String> {
        let status = match self.status.unwrap_or(500) {
            500 => StatusCode::INTERNAL_SERVER_ERROR,
            503 => StatusCode::SERVICE_UNAVAILABLE,
            refusal if REFUSALS.contains(&refusal) => return self.refusal(refusal),
            other => return Err(format!("status must be 500 or 503, or a refusal ({REFUSALS:?}), not {other}")),
        };
        if self.message.is_some() || self.hint.is_some() {
            return Err("a message or hint goes with a refusal (a 4xx status) only".to_owned());
        }
        match self.fate.as_str() {
            "fail-before" => Ok(Fate::FailBefore(status)),
            "fail-after" => Ok(Fate::FailAfter(status)),
            other => Err(format!("fate must be fail-before or fail-after, not {other:?}")),
        }
    }

    /// A refusal changes nothing, so it falls before the request is handled.
    fn refusal(&self, status: u16) -> Result<Fate, String> {
        if self.fate != "fail-before" {
            return Err(format!("a {status} refusal changes nothing: its fate must be fail-before"));
        }
        let status = StatusCode::from_u16(status).map_err(|error| error.to_string())?;
        let message = self.message.clone().unwrap_or_else(|| "The request was refused (injected fault).".to_owned());
        Ok(Fate::Refuse { status, message, hint: self.hint.clone() })
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|wanted| wanted.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|wanted| wanted == path)
    }
}

/// The mutable side of the faults: the request counter, the rate limit's bucket, and scripted failures.
#[derive(Debug)]
pub struct FaultState {
    faults: Faults,
    requests: u64,
    tokens: f64,
    refilled: Instant,
    scripted: Vec<(Scripted, Fate)>,
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        let tokens = faults.rate_limit.map_or(0.0, |limit| f64::from(limit.requests));
        Self { faults, requests: 0, tokens, refilled: Instant::now(), scripted: Vec::new() }
    }

    /// Queues a failure for the next request that matches it.
    pub fn script(&mut self, scripted: Scripted) -> Result<(), String> {
        let fate = scripted.fate()?;
        self.scripted.push((scripted, fate));
        Ok(())
    }

    pub fn clear_scripted(&mut self) {
        self.scripted.clear();
    }

    /// The fate of the next request: a scripted failure that matches it, else the roll.
    pub fn fate_of(&mut self, method: &str, path: &str) -> Fate {
        match self.scripted.iter().position(|(scripted, _)| scripted.matches(method, path)) {
            Some(index) => self.scripted.remove(index).1,
            None => self.roll(),
        }
    }

    pub fn latency(&self) -> Duration {
        self.faults.latency
    }

    /// Takes a token, or says how long to wait for the next one (whole seconds, at least one).
    pub fn admit(&mut self, now: Instant) -> Result<(), u64> {
        let Some(limit) = self.faults.rate_limit else { return Ok(()) };
        let capacity = f64::from(limit.requests);
        let per_second = capacity / limit.per.as_secs_f64();
        let elapsed = now.saturating_duration_since(self.refilled).as_secs_f64();
        self.tokens = (self.tokens + elapsed * per_second).min(capacity);
        self.refilled = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - self.tokens) / per_second;
            Err((wait.ceil() as u64).max(1))
        }
    }

    /// Rolls the fate of the next request, from the fault seed and the request's number only.
    fn roll(&mut self) -> Fate {
        self.requests += 1;
        if self.faults.fail_rate <= 0.0 {
            return Fate::Serve;
        }
        let draw = mix(self.faults.seed ^ mix(self.requests));
        let unit = (draw >> 11) as f64 / (1u64 << 53) as f64;
        if unit >= self.faults.fail_rate {
            return Fate::Serve;
        }
        let status = if draw & 1 == 0 { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::SERVICE_UNAVAILABLE };
        if draw & 2 == 0 { Fate::FailBefore(status) } else { Fate::FailAfter(status) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates() {
        assert_eq!("20/s".parse(), Ok(RateLimit { requests: 20, per: Duration::from_secs(1) }));
        assert_eq!("600/m".parse::<RateLimit>().map(|r| r.per), Ok(Duration::from_secs(60)));
        assert!("0/s".parse::<RateLimit>().is_err());
        assert!("fast".parse::<RateLimit>().is_err());
        assert!("3/d".parse::<RateLimit>().is_err());
    }

    #[test]
    fn the_bucket_refuses_a_burst_and_refills() {
        let limit = RateLimit { requests: 2, per: Duration::from_secs(1) };
        let mut state = FaultState::new(Faults { rate_limit: Some(limit), ..Faults::default() });
        let start = Instant::now();
        assert_eq!(state.admit(start), Ok(()));
        assert_eq!(state.admit(start), Ok(()));
        assert_eq!(state.admit(start), Err(1));
        assert_eq!(state.admit(start + Duration::from_millis(600)), Ok(()));
    }

    #[test]
    fn a_scripted_failure_hits_the_next_matching_request_once() {
        let mut state = FaultState::new(Faults::default());
        let scripted = |fate: &str, method: Option<&str>| Scripted {
            fate: fate.into(),
            status: None,
            message: None,
            hint: None,
            method: method.map(str::to_owned),
            path: Some("/v1/databases/db_1/restore".into()),
        };
        state.script(scripted("fail-before", Some("POST"))).unwrap();
        assert!(state.script(scripted("explode", None)).is_err());
        assert_eq!(state.fate_of("GET", "/v1/databases/db_1/restore"), Fate::Serve, "another method");
        assert_eq!(state.fate_of("POST", "/v1/projects"), Fate::Serve, "another path");
        let hit = state.fate_of("post", "/v1/databases/db_1/restore");
        assert_eq!(hit, Fate::FailBefore(StatusCode::INTERNAL_SERVER_ERROR));
        assert_eq!(state.fate_of("POST", "/v1/databases/db_1/restore"), Fate::Serve, "only once");
    }

    #[test]
    fn a_scripted_refusal_is_a_4xx_before_anything_is_done() {
        let refusal = |fate: &str, status: u16, message: Option<&str>| Scripted {
            fate: fate.into(),
            status: Some(status),
            message: message.map(str::to_owned),
            hint: Some("Pick another name.".into()),
            method: None,
            path: None,
        };
        let fate = refusal("fail-before", 422, Some("Taken.")).fate();
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let hint = Some("Pick another name.".to_owned());
        assert_eq!(fate, Ok(Fate::Refuse { status, message: "Taken.".into(), hint }));
        let default = refusal("fail-before", 400, None).fate().unwrap();
        assert!(matches!(default, Fate::Refuse { message, .. } if message.contains("injected fault")));
        assert!(refusal("fail-after", 422, None).fate().is_err(), "a refusal applies nothing");
        assert!(refusal("fail-before", 418, None).fate().is_err(), "not a refusal the contract names");
        assert!(refusal("fail-before", 500, None).fate().is_err(), "a 5xx failure carries no message");
    }

    #[test]
    fn fates_follow_the_seed_and_the_rate() {
        let faults = Faults { fail_rate: 0.3, seed: 7, ..Faults::default() };
        let run = |faults: &Faults| {
            let mut state = FaultState::new(faults.clone());
            (0..1000).map(|_| state.roll()).collect::<Vec<_>>()
        };
        let first = run(&faults);
        assert_eq!(first, run(&faults));
        let failures = first.iter().filter(|fate| **fate != Fate::Serve).count();
        assert!((200..400).contains(&failures), "{failures} failures of 1000 at rate 0.3");
        assert!(first.iter().any(|fate| matches!(fate, Fate::FailAfter(_))));
        assert!(first.iter().any(|fate| matches!(fate, Fate::FailBefore(_))));
        assert_ne!(first, run(&Faults { seed: 8, ..faults }));
        let always = Faults { fail_rate: 1.0, ..Faults::default() };
        assert!(run(&always).iter().all(|fate| *fate != Fate::Serve));
    }
}
