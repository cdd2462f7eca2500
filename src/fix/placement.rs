//! Where a generated section goes: `after: X` (after the whole section headed X,
//! subsections included) or `within: X` (at the end of X's own text, before its first
//! subsection). Headings are matched by text, never by line number.

use crate::document::Document;
use crate::model::SectionSpec;

/// An insertion point and the heading level the inserted section takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub offset: usize,
    pub level: u8,
    /// False when the anchor heading was not found and the section goes at the end.
    pub anchored: bool,
}

/// The place for `spec` in `doc`.
pub fn place(doc: &Document, spec: &SectionSpec) -> Placement {
    let mut at = place_by_headings(doc, spec);
    at.offset = before_unclosed_comment(doc, before_unclosed_block(doc, at.offset));
    at
}

/// The same for an HTML comment opened at the start of a line and never closed: it
/// runs to the end of the file as an HTML block.
fn before_unclosed_comment(doc: &Document, offset: usize) -> usize {
    let Some(before) = doc.text.get(..offset) else {
        return offset;
    };
    let Some(open) = memchr::memmem::rfind(before.as_bytes(), b"<!--") else {
        return offset;
    };
    if before[open..].contains("-->") || doc.code_blocks.iter().any(|b| b.span.contains(open)) {
        return offset;
    }
    let line_start = doc.lines.line_start(doc.lines.line_of(open));
    let lead = doc.text.get(line_start..open).unwrap_or("?");
    if lead.len() <= 3 && lead.bytes().all(|b| b == b' ') {
        line_start
    } else {
        offset
    }
}

/// A fenced block whose closing fence is missing runs to the end of the file; a
/// section inserted into it would be code, not a section, and the fix would insert
/// it again on every round. Such a section goes before the block instead (found by
/// the `fix` fuzz target).
fn before_unclosed_block(doc: &Document, offset: usize) -> usize {
    doc.code_blocks
        .iter()
        .find(|b| b.fenced && !b.closed && b.span.start < offset && offset <= b.span.end)
        .map_or(offset, |b| {
            doc.lines.line_start(doc.lines.line_of(b.span.start))
        })
}

fn place_by_headings(doc: &Document, spec: &SectionSpec) -> Placement {
    let anchor = spec
        .after
        .as_deref()
        .map(|a| (a, false))
        .or(spec.within.as_deref().map(|w| (w, true)));
    if let Some((title, within)) = anchor {
        if let Some(s) = doc.find_section(title).map(|i| &doc.sections[i]) {
            return if within {
                Placement {
                    offset: s.own_end,
                    level: (s.level + 1).min(6),
                    anchored: true,
                }
            } else {
                Placement {
                    offset: s.span.end,
                    level: s.level,
                    anchored: true,
                }
            };
        }
    }
    // No anchor: at the end, as a top-level section under the title.
    Placement {
        offset: doc.text.len(),
        level: top_level(doc),
        anchored: false,
    }
}

/// The level of a document's top-level sections (those under its title): the
/// shallowest heading below level 1, or 2 when there is none.
pub fn top_level(doc: &Document) -> u8 {
    doc.sections
        .iter()
        .map(|s| s.level)
        .filter(|&l| l > 1)
        .min()
        .unwrap_or(2)
}

/// `section` (ending in one newline) as text to insert at `offset`, separated from
/// what comes before and after by one blank line.
pub fn insertion_text(doc: &Document, offset: usize, section: &str) -> String {
    let before = &doc.text[..offset.min(doc.text.len())];
    let newline = if before.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        out.push_str(newline);
    }
    if !before.is_empty() && !before.ends_with("\n\n") && !before.ends_with("\r\n\r\n") {
        out.push_str(newline);
    }
    let body = if newline == "\r\n" {
        section.replace('\n', "\r\n")
    } else {
        section.to_string()
    };
    out.push_str(&body);
    if offset < doc.text.len() {
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(after: Option<&str>, within: Option<&str>) -> SectionSpec {
        SectionSpec {
            id: "x".into(),
            title: "X".into(),
            after: after.map(Into::into),
            within: within.map(Into::into),
            render: "schema".into(),
            ..SectionSpec::default()
        }
    }

    #[test]
    fn after_and_within() {
        let doc =
            Document::parse("# T\n\n## 1. Prerequisites\n\nText.\n\n### Sub\n\nMore.\n\n## Next\n");
        let after = place(&doc, &spec(Some("prerequisites"), None));
        assert_eq!(&doc.text[after.offset..], "## Next\n");
        assert_eq!(after.level, 2);
        let within = place(&doc, &spec(None, Some("Prerequisites")));
        assert_eq!(&doc.text[within.offset..within.offset + 7], "### Sub");
        assert_eq!(within.level, 3);
        assert_eq!(insertion_text(&doc, after.offset, "## X\n"), "## X\n\n");
        let missing = place(&doc, &spec(Some("Nowhere"), None));
        assert_eq!((missing.offset, missing.anchored), (doc.text.len(), false));
        assert_eq!(insertion_text(&doc, missing.offset, "## X\n"), "\n## X\n");
    }

    #[test]
    fn never_inside_a_block_left_open_at_the_end() {
        let doc = Document::parse("# T\n\n## A\n\nText.\n\n```python\nx = 1\n");
        for at in [
            place(&doc, &spec(Some("Nowhere"), None)),
            place(&doc, &spec(Some("A"), None)),
            place(&doc, &spec(None, Some("A"))),
        ] {
            assert_eq!(&doc.text[at.offset..], "```python\nx = 1\n");
        }
        let doc = Document::parse("# T\n\n## A\n\n<!-- open\n\nstill open\n");
        let at = place(&doc, &spec(Some("Nowhere"), None));
        assert_eq!(&doc.text[at.offset..], "<!-- open\n\nstill open\n");
        let doc = Document::parse("# T\n\nText <!-- inline\n");
        let at = place(&doc, &spec(Some("Nowhere"), None));
        assert_eq!(
            at.offset,
            doc.text.len(),
            "an inline comment is not a block"
        );
    }
}
