//! Fault injection for the tests that prove a crash loses nothing.
//!
//! A test cannot reliably kill a process between two system calls from outside, nor
//! make the library panic on demand, without help from inside. These points give
//! that help, and only in debug builds (what `cargo test` runs): in a release build
//! [`active`] is a constant `false`, the environment is never read, and the points
//! compile away. An environment variable was chosen over a cargo feature so that the
//! ordinary `cargo test` exercises them without extra flags.
//!
//! `SPECLINT_FAULT` holds one point:
//! - `hang-before-rename`: the fix writer stops (sleeps) after the temporary file is
//!   written and synced, before it is renamed over the original, so a test can kill
//!   the process there;
//! - `panic@NAME`: checking or fixing a file whose shown path ends with NAME panics.

/// Whether the fault `point` was asked for (debug builds only).
pub fn active(point: &str) -> bool {
    #[cfg(debug_assertions)]
    {
        std::env::var("SPECLINT_FAULT").is_ok_and(|v| v == point)
    }
    #[cfg(not(debug_assertions))]
    {
        let _ = point;
        false
    }
}

/// Panics when `SPECLINT_FAULT=panic@NAME` and `file` ends with NAME (debug builds
/// only): the stand-in for a bug, to test that a panic is reported and writes nothing.
pub fn panic_point(file: &str) {
    #[cfg(debug_assertions)]
    if let Ok(v) = std::env::var("SPECLINT_FAULT") {
        if let Some(name) = v.strip_prefix("panic@") {
            if !name.is_empty() && file.ends_with(name) {
                panic!("injected fault (SPECLINT_FAULT={v})");
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = file;
}

/// Stops the process for good at the point `hang-before-rename` (the test kills it).
pub(crate) fn hang_if(point: &str) {
    if active(point) {
        // A minute at most, so a test that forgets to kill leaves no process behind.
        std::thread::sleep(std::time::Duration::from_secs(60));
        std::process::abort();
    }
}
