//! `ping`: test a connection string step by step and report the figures, or the step that failed and why.
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};

use super::millis::{millis, millis_all, millis_text};
use super::problem::ProblemJson;
use super::target::Target;
use super::tls::TlsFacts;
use super::wire::{self, Broken, Done, Journal, Step};

/// How many `SELECT 1` round trips a ping times.
pub const ROUND_TRIPS: usize = 5;

/// The figures of the round trips: each one, the fastest and the median.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundTrips {
    #[serde(rename = "samplesMs", serialize_with = "millis_all")]
    pub samples: Vec<Duration>,
    #[serde(rename = "minMs", serialize_with = "millis")]
    pub min: Duration,
    #[serde(rename = "medianMs", serialize_with = "millis")]
    pub median: Duration,
}

impl RoundTrips {
    /// `None` for no samples.
    pub fn of(mut samples: Vec<Duration>) -> Option<Self> {
        let mut sorted = samples.clone();
        sorted.sort();
        let min = *sorted.first()?;
        let median = sorted[sorted.len() / 2];
        samples.shrink_to_fit();
        Some(Self { samples, min, median })
    }
}

/// What a ping found. Holds the redacted string only: printing or serializing it never shows the password.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PingReport {
    /// The connection string with its password replaced by `••••`.
    pub target: String,
    /// Whether the database answered `SELECT 1`.
    pub answered: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub database: Option<String>,
    pub sslmode: &'static str,
    pub steps: Vec<Done>,
    pub addresses: Vec<SocketAddr>,
    pub peer: Option<SocketAddr>,
    pub tls: Option<TlsFacts>,
    pub server_version: Option<String>,
    pub select_one: Option<RoundTrips>,
    #[serde(serialize_with = "failure_json")]
    pub failure: Option<Broken>,
    #[serde(rename = "totalMs", serialize_with = "millis")]
    pub total: Duration,
    /// Parameters of the string that ppg does not use.
    pub ignored_parameters: Vec<String>,
}

/// Tests `target`: resolve, TCP, TLS, login, then [`ROUND_TRIPS`] times `SELECT 1`. Never fails: a failure
/// is part of the report, at its step.
pub async fn ping(target: &Target) -> PingReport {
    let started = Instant::now();
    let mut journal = Journal::default();
    let mut server_version = None;
    let mut select_one = None;
    let failure = match wire::open(target, &mut journal).await {
        Err(broken) => Some(broken),
        Ok(session) => {
            server_version = session.server_version.clone();
            let trips = round_trips(&session.client).await;
            session.close().await;
            match trips {
                Ok(trips) => {
                    let (min, median) = (millis_text(trips.min), millis_text(trips.median));
                    let detail = format!("min {min} · median {median} of {ROUND_TRIPS} round trips");
                    journal.steps.push(Done { step: Step::Query, took: Some(trips.median), detail });
                    select_one = Some(trips);
                    None
                }
                Err(problem) => Some(Broken { step: Step::Query, problem }),
            }
        }
    };
    PingReport {
        target: target.redacted(),
        answered: failure.is_none(),
        host: target.host.clone(),
        port: target.port,
        user: target.user.clone(),
        database: target.database.clone(),
        sslmode: target.ssl_mode.name(),
        steps: journal.steps,
        addresses: journal.addresses,
        peer: journal.peer,
        tls: journal.tls,
        server_version,
        select_one,
        failure,
        total: started.elapsed(),
        ignored_parameters: target.ignored.clone(),
    }
}

async fn round_trips(client: &tokio_postgres::Client) -> Result<RoundTrips, super::Problem> {
    let mut samples = Vec::with_capacity(ROUND_TRIPS);
    for _ in 0..ROUND_TRIPS {
        let started = Instant::now();
        let answer = tokio::time::timeout(wire::STEP_LIMIT, client.simple_query("SELECT 1"))
            .await
            .map_err(|_| super::Problem::TimedOut(wire::STEP_LIMIT))?
            .map_err(|error| super::Problem::of_driver(&error))?;
        samples.push(started.elapsed());
        let rows = answer.iter().filter(|message| matches!(message, tokio_postgres::SimpleQueryMessage::Row(_)));
        if rows.count() != 1 {
            return Err(super::Problem::Broken("SELECT 1 did not answer one row".to_owned()));
        }
    }
    RoundTrips::of(samples).ok_or_else(|| super::Problem::Broken("no round trip was timed".to_owned()))
}

fn failure_json<S: Serializer>(failure: &Option<Broken>, serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct FailureJson {
        step: Step,
        #[serde(flatten)]
        problem: ProblemJson,
    }
    failure
        .as_ref()
        .map(|broken| FailureJson { step: broken.step, problem: ProblemJson::from(&broken.problem) })
        .serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_keep_the_order_and_take_min_and_median() {
        let ms = Duration::from_millis;
        let trips = RoundTrips::of(vec![ms(5), ms(1), ms(9), ms(3), ms(2)]);
        assert_eq!(trips.as_ref().map(|t| (t.min, t.median)), Some((ms(1), ms(3))));
        assert_eq!(trips.map(|t| t.samples[0]), Some(ms(5)));
        assert_eq!(RoundTrips::of(Vec::new()), None);
    }

    #[test]
    fn durations_read_as_milliseconds() {
        assert_eq!(millis_text(Duration::from_micros(412)), "0.41 ms");
        assert_eq!(millis_text(Duration::from_micros(3_250)), "3.2 ms");
        assert_eq!(millis_text(Duration::from_millis(42)), "42 ms");
        assert_eq!(millis_text(Duration::from_millis(1500)), "1.50 s");
        assert_eq!(crate::connect::millis_value(Duration::from_micros(412)), 0.412);
    }
}
