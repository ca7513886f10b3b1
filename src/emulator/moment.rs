//! The moment every change of the emulator is made at: its clock, the lifecycle delay, the plan's limit.
use chrono::{DateTime, Utc};

/// The clock, the lifecycle delay and the plan's limit every change is made with.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub now: DateTime<Utc>,
    pub ready_after: chrono::Duration,
    /// `--max-databases`: creating one more answers 402 `planLimitReached`.
    pub max_databases: Option<usize>,
}

impl Moment {
    /// `None` (never ready) only if the delay overflowed a date, which `MAX_READY_AFTER` rules out.
    pub fn ready_at(&self) -> Option<DateTime<Utc>> {
        self.now.checked_add_signed(self.ready_after)
    }
}

/// The emulator's clock: now, to the millisecond, as the API writes its times.
pub fn now() -> DateTime<Utc> {
    chrono::DurationRound::duration_trunc(Utc::now(), chrono::Duration::milliseconds(1)).unwrap_or_else(|_| Utc::now())
}
