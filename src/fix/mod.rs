//! Fixes: where generated sections go, applying edits, and unified diffs.

pub mod placement;
