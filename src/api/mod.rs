//! The Prisma Management API as ppg speaks it: wire types, envelopes, decoding with named fields.
mod decode;
mod envelope;
mod open_enum;
mod token;
mod types;

pub use decode::{DecodeError, decode};
pub use envelope::*;
pub use token::Token;
pub use types::*;

#[cfg(test)]
mod tests;
