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
    at.offset = outside_open_blocks(doc, at.offset);
    at
}

/// `offset`, or the start of the line opening a block that is never closed and so
/// would hold anything inserted at `offset` (a fence or an HTML block running to the
/// end of the file): text inserted there would not be read as sections.
pub fn outside_open_blocks(doc: &Document, offset: usize) -> usize {
    before_unclosed_html(doc, before_unclosed_block(doc, offset))
}

/// Like [`before_unclosed_block`], for an HTML block never closed: one opened at the start of a line by
/// `<!--`, `<pre`, `<script`, `<style`, `<textarea`, `<?`, `<!X` or `<![CDATA[` runs
/// to the first line holding its end marker (`-->`, `</pre>`, ...), or to the end of
/// the file when there is none (CommonMark's HTML blocks 1 to 5). The other HTML
/// blocks end at a blank line, and an insertion always starts with one.
fn before_unclosed_html(doc: &Document, offset: usize) -> usize {
    let Some(before) = doc.text.get(..offset) else {
        return offset;
    };
    // Only a line starting with `<` opens one: those are found by searching for
    // the byte, so a section inserted near the end of a large spec does not cost
    // a walk over every line before it.
    let mut from = 0;
    while let Some((line_start, at, ends)) = next_html_opener(doc, before, from) {
        match find_end_marker(&before.as_bytes()[at..], ends) {
            // The line holding the end marker closes it; the next may open another.
            Some(end) => {
                let close = at + end;
                from = memchr::memchr(b'\n', &before.as_bytes()[close..])
                    .map_or(before.len(), |i| close + i + 1);
            }
            None => return line_start,
        }
    }
    offset
}

/// The first line at or after `from` that opens an HTML block only an end marker
/// closes: its start, where its `<` is, and the markers that close it. A `<` after
/// more than three blanks, or inside a code block, opens nothing.
fn next_html_opener(
    doc: &Document,
    before: &str,
    from: usize,
) -> Option<(usize, usize, &'static [&'static str])> {
    let bytes = before.as_bytes();
    memchr::memchr_iter(b'<', &bytes[from..]).find_map(|i| {
        let at = from + i;
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        if at - line_start > 3 || bytes[line_start..at].iter().any(|&b| b != b' ') {
            return None;
        }
        let ends = html_block_end(&before[at..])?;
        let in_code = doc.code_blocks.iter().any(|b| b.span.contains(at));
        (!in_code).then_some((line_start, at, ends))
    })
}

/// Where the first of `ends` occurs in `hay`, letters compared without case. The
/// markers of one block share their first byte, so one search finds them all.
fn find_end_marker(hay: &[u8], ends: &[&str]) -> Option<usize> {
    let first = ends.first()?.as_bytes()[0];
    debug_assert!(ends.iter().all(|e| e.as_bytes()[0] == first));
    memchr::memchr_iter(first, hay).find(|&p| {
        ends.iter().any(|end| {
            hay.get(p..p + end.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(end.as_bytes()))
        })
    })
}

/// The end markers of the HTML block a line starting with `body` opens, when it is
/// one that only an end marker (or the end of the file) closes.
fn html_block_end(body: &str) -> Option<&'static [&'static str]> {
    let head: Vec<u8> = body
        .bytes()
        .take(11)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if head.starts_with(b"<!--") {
        Some(&["-->"])
    } else if head.starts_with(b"<![cdata[") {
        Some(&["]]>"])
    } else if head.starts_with(b"<?") {
        Some(&["?>"])
    } else if head.starts_with(b"<!") && head.get(2).is_some_and(u8::is_ascii_alphabetic) {
        Some(&[">"])
    } else {
        let raw = [&b"<pre"[..], b"<script", b"<style", b"<textarea"]
            .iter()
            .any(|tag| {
                head.strip_prefix(*tag).is_some_and(|after| {
                    matches!(
                        after.first(),
                        None | Some(b' ' | b'\t' | b'>' | b'\r' | b'\n')
                    )
                })
            });
        raw.then_some(&["</pre>", "</script>", "</style>", "</textarea>"][..])
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
    let newline = if memchr::memmem::find(before.as_bytes(), b"\r\n").is_some() {
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

    /// The line-by-line scan the search replaced: every line lower-cased.
    fn before_unclosed_html_by_lines(doc: &Document, offset: usize) -> usize {
        let before = &doc.text[..offset];
        let mut open: Option<(usize, &[&str])> = None;
        let mut line_start = 0;
        while line_start < before.len() {
            let line_end = before[line_start..]
                .find('\n')
                .map_or(before.len(), |i| line_start + i + 1);
            let mut line = &before[line_start..line_end];
            if open.is_none() {
                let body = line.trim_start_matches(' ');
                let at = line_start + line.len() - body.len();
                if let Some(ends) = html_block_end(body) {
                    if at - line_start <= 3 && !doc.code_blocks.iter().any(|b| b.span.contains(at))
                    {
                        open = Some((line_start, ends));
                        line = body;
                    }
                }
            }
            if let Some((_, ends)) = open {
                let line = line.to_ascii_lowercase();
                if ends.iter().any(|end| line.contains(end)) {
                    open = None;
                }
            }
            line_start = line_end;
        }
        open.map_or(offset, |(start, _)| start)
    }

    proptest::proptest! {
        #[test]
        fn html_blocks_are_found_as_the_line_scan_found_them(
            lines in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::Just("<pre>".to_string()),
                proptest::prelude::Just("   <SCRIPT x".to_string()),
                proptest::prelude::Just("    <style>".to_string()),
                proptest::prelude::Just("<!-- note".to_string()),
                proptest::prelude::Just("<![CDATA[ a".to_string()),
                proptest::prelude::Just("<?php".to_string()),
                proptest::prelude::Just("<!DOCTYPE".to_string()),
                proptest::prelude::Just("</Pre> -->".to_string()),
                proptest::prelude::Just("x ]]> ?> </textarea>".to_string()),
                proptest::prelude::Just("```".to_string()),
                proptest::prelude::Just("".to_string()),
                "[a-z<>/!?\\- ]{0,12}",
            ], 0..24),
            cut in 0usize..400,
        ) {
            let text = lines.join("\n");
            let doc = Document::parse(text.clone());
            let offset = crate::span::floor_char_boundary(&text, cut);
            proptest::prop_assert_eq!(
                before_unclosed_html(&doc, offset),
                before_unclosed_html_by_lines(&doc, offset)
            );
        }
    }

    #[test]
    fn never_inside_an_html_block_left_open_at_the_end() {
        for open in [
            "<pre>",
            "<PRE class=x>",
            "<script",
            "<style>",
            "<textarea>",
            "<?php",
            "<!DOCTYPE html",
            "<![CDATA[",
            "   <!--",
        ] {
            let tail = format!("{open}\nleft open\n\n# Hidden\n");
            let doc = Document::parse(format!("# T\n\n## A\n\nText.\n\n{tail}"));
            let at = place(&doc, &spec(Some("Nowhere"), None));
            assert_eq!(&doc.text[at.offset..], tail, "{open}");
        }
        for closed in [
            "<pre>\nx\n</pre>\n",
            "<script>x</SCRIPT>\n",
            "<?php x ?>\n",
            "<!DOCTYPE html>\n",
            "<!-- x -->\n",
            "<div>\nends at the blank line\n",
            "    <pre> indented code\n",
            "```\n<pre>\n```\n",
        ] {
            let doc = Document::parse(format!("# T\n\n{closed}"));
            let at = place(&doc, &spec(Some("Nowhere"), None));
            assert_eq!(at.offset, doc.text.len(), "{closed}");
        }
    }
}
