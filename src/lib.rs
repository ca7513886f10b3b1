//! ppg: a terminal console for Prisma Postgres, its Management API client and a local emulator of that API.
pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod connect;
pub mod emulator;
pub mod format;
pub mod runtime;
pub mod tui;
pub mod ui;
pub mod verdict;
