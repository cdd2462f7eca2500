//! Fixes: where generated sections go, applying edits until the text settles,
//! unified diffs, and safe writes.

pub mod apply;
pub mod diff;
pub mod placement;
pub mod write;

pub use apply::{AppliedFix, FixError, FixOptions, FixOutcome, fix_document};
