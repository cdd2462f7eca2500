//! speclint: checks specifications written as Markdown against an architecture model.
#![forbid(unsafe_code)]

pub mod encoding;
pub mod span;
