//! speclint: checks specifications written as Markdown against an architecture model.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod change;
pub mod check;
pub mod checklist;
pub mod diagnostic;
pub mod document;
pub mod encoding;
pub mod extract;
#[doc(hidden)]
pub mod fault;
pub mod fix;
pub mod generate;
pub mod init;
pub mod model;
pub mod parallel;
pub mod render;
pub mod rules;
pub mod span;
pub mod suppress;
pub mod workspace;
