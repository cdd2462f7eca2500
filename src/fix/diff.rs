//! Unified diffs (`--- a/path`, `+++ b/path`) of fixed documents, via `similar`.

use similar::TextDiff;

/// A `git apply`-able unified diff of `before` → `after` for `path` ('/'-separated,
/// relative to the repository root). Empty when nothing changed.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let diff = TextDiff::from_lines(before, after);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
