//! The label an author puts just before a code block, read for one thing: whether
//! the block quotes a mistake. A change request shows the "Current (INCORRECT)"
//! diagram beside the corrected one; the first is a quotation of what is wrong,
//! not a claim about the system, and comparisons between documents must not count it.

use crate::document::{CodeBlock, Document};

/// Words that mark a quoted mistake or a replaced state when they stand in the
/// label just before a block.
const MISTAKE_WORDS: &[&str] = &["incorrect", "wrong", "before", "current", "broken"];

/// Whether `block` is labelled as a quoted mistake: the last non-blank line before
/// it (within three lines) is a heading or holds bold text, and the heading or the
/// bold text holds one of [`MISTAKE_WORDS`] or a ❌.
pub fn quotes_a_mistake(doc: &Document, block: &CodeBlock) -> bool {
    let before = &doc.text[..block.span.start.min(doc.text.len())];
    let Some(line) = before
        .lines()
        .rev()
        .take(3)
        .map(str::trim)
        .find(|l| !l.is_empty())
    else {
        return false;
    };
    let labelled: Vec<&str> = if line.starts_with('#') {
        vec![line.trim_start_matches('#')]
    } else {
        bold_runs(line)
    };
    labelled.iter().any(|text| {
        text.contains('❌')
            || crate::model::names::words(text)
                .iter()
                .any(|w| MISTAKE_WORDS.contains(&w.as_str()))
    })
}

/// The texts between pairs of `**` (or `__`) on a line.
fn bold_runs(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for mark in ["**", "__"] {
        let mut parts = line.split(mark);
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.clone().next()) {
            out.push(inside);
            parts.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(markdown: &str) -> bool {
        let doc = Document::parse(markdown);
        quotes_a_mistake(&doc, &doc.code_blocks[0])
    }

    #[test]
    fn a_bold_or_heading_label_marks_a_quoted_mistake() {
        assert!(labelled("**Current (INCORRECT):**\n\n```\nx\n```\n"));
        assert!(labelled("### Before\n```\nx\n```\n"));
        assert!(labelled("**❌ Old flow**\n```\nx\n```\n"));
        assert!(labelled("Text. **Wrong** way:\n```\nx\n```\n"));
    }

    #[test]
    fn other_labels_and_far_labels_do_not() {
        assert!(!labelled("**Replace with:**\n\n```\nx\n```\n"));
        assert!(!labelled("The current flow is below.\n```\nx\n```\n"));
        assert!(!labelled("```\nx\n```\n"));
        assert!(!labelled("**Wrong**\n\na\n\nb\n\nc\n\n```\nx\n```\n"));
    }
}
