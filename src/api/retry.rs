//! When and how long to wait before trying a request again: capped exponential backoff with full jitter.
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_total: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1): random in `[0, min(max, base·2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.base_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_delay);
        let fraction = (random_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ceiling.mul_f64(fraction)
    }

    /// Whether waiting `pause` more still fits the budget, given `elapsed` since the first attempt.
    pub fn allows(&self, attempt: u32, elapsed: Duration, pause: Duration) -> bool {
        attempt < self.max_attempts && elapsed + pause <= self.max_total
    }
}

/// Statuses worth another try for a read: rate limiting and server trouble.
pub fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A fresh random number from the standard library's per-process random keys; enough for jitter.
fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_within_its_ceiling() {
        let policy = RetryPolicy::default();
        for attempt in 1..20 {
            let pause = policy.backoff(attempt);
            let ceiling = (policy.base_delay * 2u32.pow((attempt - 1).min(16))).min(policy.max_delay);
            assert!(pause <= ceiling, "attempt {attempt}: {pause:?} > {ceiling:?}");
        }
        let pauses: std::collections::HashSet<Duration> = (0..20).map(|_| policy.backoff(6)).collect();
        assert!(pauses.len() > 1, "jitter varies the pause");
    }

    #[test]
    fn the_budget_caps_attempts_and_time() {
        let policy = RetryPolicy { max_attempts: 3, max_total: Duration::from_secs(10), ..RetryPolicy::default() };
        assert!(policy.allows(1, Duration::ZERO, Duration::from_secs(1)));
        assert!(!policy.allows(3, Duration::ZERO, Duration::ZERO));
        assert!(!policy.allows(1, Duration::from_secs(9), Duration::from_secs(2)));
        assert!(!RetryPolicy::none().allows(1, Duration::ZERO, Duration::ZERO));
    }

    #[test]
    fn reads_retry_after_seconds() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retries_rate_limits_and_server_errors_only() {
        assert!(is_retryable(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable(StatusCode::SERVICE_UNAVAILABLE));
        assert!(is_retryable(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(!is_retryable(StatusCode::NOT_FOUND));
        assert!(!is_retryable(StatusCode::UNAUTHORIZED));
    }
}
