//! Panics on purpose, for the tests of panic reports through the real binary (debug builds only).

/// In debug builds, panics when `PPG_TEST_PANIC` names `point`, so that tests can provoke a panic through the
/// real binary: `start` (before any command runs), `frame` (the console, after its first frame) and `task` (a
/// tokio task of the console, after its first frame). Release builds have no such code.
#[cfg(debug_assertions)]
#[track_caller]
pub fn test_panic(point: &str) {
    if std::env::var("PPG_TEST_PANIC").is_ok_and(|value| value == point) {
        panic!("PPG_TEST_PANIC={point}");
    }
}

/// In debug builds, when `PPG_TEST_PANIC` is `task`, spawns a tokio task that panics (a panic off the main
/// thread). Needs a tokio runtime.
#[cfg(debug_assertions)]
pub fn test_panic_in_task() {
    if std::env::var("PPG_TEST_PANIC").is_ok_and(|value| value == "task") {
        tokio::spawn(async { test_panic("task") });
    }
}

/// Release builds never panic on purpose.
#[cfg(not(debug_assertions))]
pub fn test_panic(_point: &str) {}

#[cfg(not(debug_assertions))]
pub fn test_panic_in_task() {}
