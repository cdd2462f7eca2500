//! Mermaid placeholder.
use super::Diagram;
pub fn looks_like(_content: &str) -> bool {
    false
}
pub fn read(_content: &str, _base: usize) -> Option<Diagram> {
    None
}
