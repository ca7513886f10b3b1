//! The signals that end a command which holds something to clean up (a temporary connection, a child psql):
//! SIGINT, SIGTERM and SIGHUP, received as a stream instead of ending the process on the spot.
use tokio::signal::unix::{Signal, SignalKind, signal};

/// The numbers of the signals listened to, as the exit status 128 + n reports them.
pub const SIGHUP: u8 = 1;
pub const SIGINT: u8 = 2;
pub const SIGTERM: u8 = 15;

/// Listens to SIGINT, SIGTERM and SIGHUP from the moment it is made: from then on they no longer end the
/// process, and [`Endings::next`] yields them.
pub struct Endings {
    interrupt: Signal,
    terminate: Signal,
    hangup: Signal,
}

impl Endings {
    /// Call it on a tokio runtime, before anything that must be cleaned up exists.
    pub fn listen() -> std::io::Result<Self> {
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    /// The next of the three signals to arrive, as its number.
    pub async fn next(&mut self) -> u8 {
        tokio::select! {
            _ = self.interrupt.recv() => SIGINT,
            _ = self.terminate.recv() => SIGTERM,
            _ = self.hangup.recv() => SIGHUP,
        }
    }

    /// The name of a signal listened to, for messages.
    pub fn name(number: u8) -> &'static str {
        match number {
            SIGHUP => "SIGHUP",
            SIGINT => "SIGINT",
            SIGTERM => "SIGTERM",
            _ => "a signal",
        }
    }
}
