//! Presentation of raw and untrusted values as terminal text, shared by the CLI tables and the TUI.
//!
//! Everything here is pure: no IO, no clock (callers pass `now`), so the same output can be
//! asserted in tests and reused by every front end.

mod table;
mod text;
mod units;
mod when;

pub use table::Table;
pub use text::{display_width, json_for_terminal, sanitize, truncate, truncate_middle};
pub use units::{bytes, count, gib, relative_time};
pub use when::{parse_span, parse_when};
