//! Connecting to a database as a user would: parse a connection string, test it step by step (`ping`),
//! open psql with the connection in its environment, and make a temporary connection when ppg holds no
//! secret. A library for the CLI now and the console later: no printing here, only structured answers.
pub mod dotenv;
mod millis;
mod ping;
mod problem;
pub mod psql;
mod target;
mod temporary;
mod tls;
mod wire;

pub use millis::{millis_text, millis_value};
pub use ping::{PingReport, ROUND_TRIPS, RoundTrips, ping};
pub use problem::Problem;
pub use target::{BadTarget, DEFAULT_PORT, Password, SslMode, Target};
pub use temporary::name as temporary_name;
pub use temporary::{CreateError, Endpoint, Leftover, Temporary, remove_named};
pub use tls::{Checked, TlsFacts};
pub use wire::{Broken, Done, Journal, STEP_LIMIT, Session, Step, open};
