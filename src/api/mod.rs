//! The Prisma Management API as ppg speaks it: wire types, envelopes, decoding, and the HTTP client.
mod branching;
mod cause;
mod client;
mod decode;
mod endpoints;
mod envelope;
mod error;
pub mod lenient;
mod listing;
mod open_enum;
mod pages;
mod progress;
mod recovery;
pub mod redact;
mod retry;
mod token;
mod types;
mod workspace;

pub use branching::{Branch, BranchFilter, BranchRole, BranchScope};
pub use cause::{Cause, seconds as format_seconds, tls_reason};
pub use client::{
    CONNECT_TIMEOUT, Client, ClientOptions, DEFAULT_API_URL, MAX_BODY_BYTES, MAX_IDLE_PAGES, MAX_PAGES, Query,
    REQUEST_TIMEOUT,
};
pub use decode::{DecodeError, decode};
pub use endpoints::{NewDatabase, NewProject, segment};
pub use envelope::*;
pub use error::{Error, Route};
pub use lenient::Timestamp;
pub use listing::{Listed, Listing, Unreadable};
pub use pages::Pages;
pub use progress::{Observer, Progress};
pub use recovery::{
    COPY_MARK, InPlaceRestore, Offset, RestoreStep, SafetyCopy, backup_at, backup_nearest, safety_copy_name,
};
pub use retry::RetryPolicy;
pub use token::Token;
pub use types::*;
pub use workspace::{CONSOLE_URL, CreatedServiceToken, PlanLimit, ServiceToken, Subscription};

#[cfg(test)]
mod tests;
