//! M: the Markdown family. Text damage and the sections a document must have.

pub mod fence_nesting;
pub mod missing_section;
pub mod mojibake;
pub mod stale_baseline_entry;
pub mod undecided_model_entry;
pub mod unused_suppression;
