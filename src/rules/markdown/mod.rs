//! M: the Markdown family. Text damage and the sections a document must have.

pub mod missing_section;
pub mod unused_suppression;
