//! The signals that end the console: SIGHUP, SIGINT, SIGQUIT and SIGTERM, received in the event loop.
//!
//! In raw mode Ctrl-C is a key, not SIGINT; SIGINT still arrives from `kill -INT`. Each ends the console
//! with the terminal restored and the exit status 128 + the signal's number, as a shell reports it.

/// The signals' numbers (the same on Linux and the BSDs, macOS included).
pub const SIGHUP: u8 = 1;
pub const SIGINT: u8 = 2;
pub const SIGQUIT: u8 = 3;
pub const SIGTERM: u8 = 15;

/// Streams of the four signals, registered before the first frame.
pub struct Signals {
    #[cfg(unix)]
    streams: Vec<(u8, tokio::signal::unix::Signal)>,
}

impl Signals {
    /// Registers the handlers; a signal that cannot be registered is logged and left to its default.
    #[cfg(unix)]
    pub fn register() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams = Vec::new();
        for number in [SIGHUP, SIGINT, SIGQUIT, SIGTERM] {
            match signal(SignalKind::from_raw(i32::from(number))) {
                Ok(stream) => streams.push((number, stream)),
                Err(error) => tracing::warn!(number, %error, "cannot handle the signal"),
            }
        }
        Self { streams }
    }

    #[cfg(not(unix))]
    pub fn register() -> Self {
        Self {}
    }

    /// Waits for the next of the signals and gives its number; waits forever when none can arrive.
    #[cfg(unix)]
    pub async fn recv(&mut self) -> u8 {
        if self.streams.is_empty() {
            return std::future::pending().await;
        }
        let waits = self.streams.iter_mut().map(|(number, stream)| {
            let number = *number;
            Box::pin(async move {
                match stream.recv().await {
                    Some(()) => number,
                    // Only when the runtime shuts down: nothing more will arrive.
                    None => std::future::pending().await,
                }
            })
        });
        futures::future::select_all(waits).await.0
    }

    #[cfg(not(unix))]
    pub async fn recv(&mut self) -> u8 {
        std::future::pending().await
    }
}
