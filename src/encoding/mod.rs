//! Text-level health of a spec file, before anything reads its meaning.
//!
//! - [`mojibake`]: M001, UTF-8 that went through a Windows-1252 / Latin-1 decoder
//!   and was saved again; finding it, and repairing it, lost bytes included.
//! - [`decode`]: turning a file's bytes into text without losing the BOM or giving
//!   up on a file that is not UTF-8.
//! - [`fences`]: M002, code fences that close earlier than the text around them
//!   shows they should, or never close.
//!
//! The other modules are internal: [`cp1252`] maps characters back to the bytes
//! they imaged, `glyphs` knows about box drawing, arrows and emoji, and `context`
//! decides lost bytes from what surrounds them.

pub mod cp1252;
pub mod decode;
pub mod fences;
pub mod mojibake;

mod context;
mod glyphs;

pub use decode::{DecodedFile, decode_file};
pub use fences::{FenceProblem, FenceProblemKind, fence_problems};
pub use mojibake::{Mojibake, Repair, find_mojibake, repair};
