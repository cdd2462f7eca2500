//! Who a spec says owns a table: responsibility-matrix rows, headings such as
//! "`tasks` table (Backend Managed)", and "**Managed By**: …" lines.

use std::sync::LazyLock;

use crate::document::Document;
use crate::model::names::Finder;
use crate::span::Span;

/// A piece of text with its span.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Located {
    pub text: String,
    pub span: Span,
}

/// One row of a responsibility matrix (a table with a "Table" column and at least
/// one of "Created By", "Managed By", "… Access"; columns in any order).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MatrixRow {
    pub table: Located,
    pub created_by: Option<Located>,
    pub managed_by: Option<Located>,
    pub access: Option<Located>,
    pub span: Span,
}

/// Where a claim of ownership was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimSource {
    /// "#### 4. `tasks` table (Backend Managed)"
    Heading,
    /// "**Managed By**: FastAPI Backend (SQLModel)"
    ManagedByLine,
}

/// A statement that `table` is managed by `owner`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OwnershipClaim {
    pub table: String,
    /// The owner as written, qualifiers removed ("Better Auth").
    pub owner: Located,
    pub source: ClaimSource,
}

/// Code and emphasis marks removed: "`user`" → "user", "**Better Auth**" → "Better
/// Auth". Underscores inside words are kept (`order_line`).
fn strip_marks(s: &str) -> String {
    s.replace(['`', '*'], "")
        .trim()
        .trim_matches('_')
        .trim()
        .to_string()
}

pub fn matrix_rows(doc: &Document) -> Vec<MatrixRow> {
    let mut out = Vec::new();
    for table in &doc.tables {
        let col = |pred: &dyn Fn(&str) -> bool| {
            table
                .header
                .iter()
                .position(|c| pred(&c.text.to_lowercase()))
        };
        let Some(name_col) = col(&|h| h == "table" || h == "table name") else {
            continue;
        };
        let created = col(&|h| h.starts_with("created by"));
        let managed = col(&|h| h.starts_with("managed by") || h == "owner");
        let access = col(&|h| h.ends_with("access"));
        if created.is_none() && managed.is_none() && access.is_none() {
            continue;
        }
        for row in &table.rows {
            let cell = |i: Option<usize>| {
                i.and_then(|i| row.cells.get(i)).map(|c| Located {
                    text: strip_marks(&c.text),
                    span: trimmed(doc, c.span),
                })
            };
            let Some(name) = cell(Some(name_col)) else {
                continue;
            };
            if name.text.is_empty() {
                continue;
            }
            out.push(MatrixRow {
                table: name,
                created_by: cell(created),
                managed_by: cell(managed),
                access: cell(access),
                span: row.span,
            });
        }
    }
    out
}

/// A cell's span without the surrounding spaces and pipes.
fn trimmed(doc: &Document, span: Span) -> Span {
    let text = doc.slice(span);
    let start = text.len() - text.trim_start_matches([' ', '|', '\t']).len();
    let end = text.trim_end_matches([' ', '|', '\t', '\n', '\r']).len();
    if end <= start {
        span
    } else {
        Span::new(span.start + start, span.start + end)
    }
}

pub fn claims(doc: &Document) -> Vec<OwnershipClaim> {
    let mut out = Vec::new();
    // The table each section is about, for "Managed By" lines under it.
    let mut section_table: Vec<Option<String>> = vec![None; doc.sections.len()];
    for (i, section) in doc.sections.iter().enumerate() {
        let raw = doc.slice(section.heading);
        let Some(table) = heading_table(raw) else {
            continue;
        };
        section_table[i] = Some(table.clone());
        if let Some(owner) = managed_parenthetical(raw) {
            out.push(OwnershipClaim {
                table,
                owner: Located {
                    text: owner.0,
                    span: owner.1.shift(section.heading.start),
                },
                source: ClaimSource::Heading,
            });
        }
    }
    for p in doc
        .paragraphs
        .iter()
        .filter(|p| may_hold_managed_by(doc, p.span))
    {
        for (line, span) in doc.lines_in(p.span) {
            if !is_managed_by_line(line) {
                continue;
            }
            let table = p.section.and_then(|s| {
                let mut at = Some(s);
                while let Some(i) = at {
                    if let Some(t) = &section_table[i] {
                        return Some(t.clone());
                    }
                    at = doc.sections[i].parent;
                }
                None
            });
            let Some(table) = table else { continue };
            let after = line.find(':').map_or(line.len(), |i| i + 1);
            let value = line[after..].trim_end();
            let lead = value.len() - value.trim_start().len();
            let owner_text = strip_marks(value);
            if owner_text.is_empty() {
                continue;
            }
            let start = span.start + after + lead;
            out.push(OwnershipClaim {
                table,
                owner: Located {
                    text: owner_text,
                    span: Span::new(start, span.start + after + value.len()),
                },
                source: ClaimSource::ManagedByLine,
            });
        }
    }
    out
}

/// Whether a paragraph can hold a "Managed By" line: it has a colon, and one of
/// its lines starts, past emphasis, list and quote marks, with an M. Read from the
/// paragraph's own bytes (a line's start before the paragraph holds only such
/// marks), so that most paragraphs are passed over without finding their lines.
fn may_hold_managed_by(doc: &Document, span: Span) -> bool {
    let text = doc.text.as_bytes();
    let end = span.end.min(text.len());
    let Some(within) = text.get(span.start..end) else {
        return true;
    };
    // The colon after "Managed By" first: one pass, and most paragraphs have none.
    if memchr::memchr(b':', within).is_none() {
        return false;
    }
    let mut starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', within).map(|i| i + 1));
    starts.any(|at| m_past_marks(&within[at..]))
}

/// Whether `line`'s first byte past emphasis, list and quote marks is an M, in
/// either case: what every "Managed By" line starts with.
fn m_past_marks(line: &[u8]) -> bool {
    line.iter()
        .find(|b| !matches!(b, b'*' | b'_' | b'-' | b' ' | b'>'))
        .is_some_and(|b| b.eq_ignore_ascii_case(&b'm'))
}

/// Whether a paragraph line is a "**Managed By**: …" line: emphasis marks aside and
/// after list and quote marks, "managed by" in any case, then nothing but spaces
/// before a colon. Read in place: most lines fail at their first letter.
fn is_managed_by_line(line: &str) -> bool {
    // The first letter decides for nearly every line.
    if !m_past_marks(line.as_bytes()) {
        return false;
    }
    let mut chars = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_'))
        .skip_while(|c| matches!(c, '-' | ' ' | '>'));
    // Only ASCII letters lower-case to these (the Kelvin sign becomes a k, and a
    // dotted capital I an i: neither is in the phrase).
    let phrase = "managed by"
        .chars()
        .all(|want| chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&want)));
    phrase && chars.find(|c| !c.is_whitespace()).is_some_and(|c| c == ':')
}

/// The table a heading is about: "`tasks` table (…)", "The tasks table", "`user`".
fn heading_table(raw: &str) -> Option<String> {
    let text = raw.trim_start_matches('#').trim();
    if let Some(open) = memchr::memchr(b'`', text.as_bytes()) {
        let rest = &text[open + 1..];
        let close = rest.find('`')?;
        let name = rest[..close].trim().trim_matches('"');
        let after = rest[close + 1..].trim_start();
        let table_word = after
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case("table"));
        if !name.is_empty() && (table_word || after.starts_with('(') || after.is_empty()) {
            return Some(name.to_string());
        }
    }
    // The word before the first "table" (lower-casing keeps words apart as they are).
    if !table_word_finder().is_match(text) {
        return None;
    }
    let mut previous: Option<&str> = None;
    let mut before = None;
    for word in text.split_whitespace() {
        if word.eq_ignore_ascii_case("table") {
            before = Some(previous);
            break;
        }
        previous = Some(word);
    }
    let lower = before??.to_lowercase();
    let name = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    (!name.is_empty() && name.parse::<u32>().is_err()).then(|| name.to_string())
}

/// Finds "table" in any case: most headings hold none, and are not split into words.
fn table_word_finder() -> &'static Finder {
    static TABLE: LazyLock<Finder> = LazyLock::new(|| Finder::new(["table"]));
    &TABLE
}

/// "(Better Auth Managed - Optional)" → "Better Auth", with its span in `raw`.
/// Also "(managed by X)". The words are found without regard to ASCII case, in
/// place: a lower-cased copy can be longer or shorter than the text it came from.
fn managed_parenthetical(raw: &str) -> Option<(String, Span)> {
    let open = raw.rfind('(')?;
    let close = open + raw[open..].find(')')?;
    let inner = &raw[open + 1..close];
    let main = inner.split([',', ';']).next()?.split(" - ").next()?.trim();
    let owner = if let Some(i) = find_ignore_case(main, "managed by") {
        main[i + "managed by".len()..].trim()
    } else if let Some(i) = rfind_ignore_case(main, "managed") {
        main[..i].trim()
    } else {
        return None;
    };
    if owner.is_empty() {
        return None;
    }
    let offset = open + 1 + inner.find(owner)?;
    Some((owner.to_string(), Span::new(offset, offset + owner.len())))
}

/// Where the ASCII `needle` first occurs in `text`, ignoring ASCII case.
fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    (0..=text.len().checked_sub(needle.len())?)
        .find(|&i| text.as_bytes()[i..i + needle.len()].eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where the ASCII `needle` last occurs in `text`, ignoring ASCII case.
fn rfind_ignore_case(text: &str, needle: &str) -> Option<usize> {
    (0..=text.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| text.as_bytes()[i..i + needle.len()].eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_claims_and_managed_by_lines() {
        let doc = Document::parse(
            "## Schema\n\n#### 1. `user` table (Better Auth Managed)\n\n**Purpose**: x  \n**Managed By**: Better Auth  \n**Access**: y\n\n#### 3. `account` table (Better Auth Managed - Optional)\n\n### The tasks table (managed by Backend)\n",
        );
        let got: Vec<_> = claims(&doc)
            .into_iter()
            .map(|c| {
                (
                    c.table,
                    c.owner.text,
                    doc.slice(c.owner.span).to_string(),
                    c.source,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "user".into(),
                    "Better Auth".into(),
                    "Better Auth".into(),
                    ClaimSource::Heading
                ),
                (
                    "account".into(),
                    "Better Auth".into(),
                    "Better Auth".into(),
                    ClaimSource::Heading
                ),
                (
                    "tasks".into(),
                    "Backend".into(),
                    "Backend".into(),
                    ClaimSource::Heading
                ),
                (
                    "user".into(),
                    "Better Auth".into(),
                    "Better Auth".into(),
                    ClaimSource::ManagedByLine
                ),
            ]
        );
    }

    #[test]
    fn matrix_columns_in_any_order() {
        let doc = Document::parse(
            "| Backend Access | Table | Managed By |\n|---|---|---|\n| NO ACCESS | `session` | Better Auth |\n",
        );
        let rows = matrix_rows(&doc);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].table.text, "session");
        assert_eq!(doc.slice(rows[0].table.span), "`session`");
        assert_eq!(
            rows[0].access.as_ref().map(|a| a.text.as_str()),
            Some("NO ACCESS")
        );
        assert_eq!(
            rows[0].managed_by.as_ref().map(|a| a.text.as_str()),
            Some("Better Auth")
        );
        assert!(rows[0].created_by.is_none());
    }

    #[test]
    fn owners_after_letters_that_change_length_when_lower_cased() {
        // "Ⱥ" is two bytes and its lower case three: an index into a lower-cased copy
        // of this heading is not one into the heading.
        let doc = Document::parse("### `user` table (ȺȺ managed by éé)\n");
        let got: Vec<_> = claims(&doc)
            .into_iter()
            .map(|c| (c.owner.text.clone(), doc.slice(c.owner.span).to_string()))
            .collect();
        assert_eq!(got, vec![("éé".to_string(), "éé".to_string())]);
    }

    /// The line test as first written, on a lower-cased copy.
    fn plain_managed_by_line(line: &str) -> bool {
        let plain = line.replace(['*', '_'], "");
        let plain = plain.trim_start_matches(['-', ' ', '>']);
        let lower = plain.to_lowercase();
        let Some(rest) = lower.strip_prefix("managed by") else {
            return false;
        };
        rest.find(':')
            .is_some_and(|colon| rest[..colon].trim().is_empty())
    }

    /// The heading reading as first written, on lower-cased copies.
    fn plain_heading_table(raw: &str) -> Option<String> {
        let text = raw.trim_start_matches('#').trim();
        if let Some(open) = text.find('`') {
            let rest = &text[open + 1..];
            let close = rest.find('`')?;
            let name = rest[..close].trim().trim_matches('"');
            let after = rest[close + 1..].trim_start().to_lowercase();
            if !name.is_empty()
                && (after.starts_with("table") || after.starts_with('(') || after.is_empty())
            {
                return Some(name.to_string());
            }
        }
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let at = words.iter().position(|w| *w == "table")?;
        let name = words
            .get(at.checked_sub(1)?)?
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        (!name.is_empty() && name.parse::<u32>().is_err()).then(|| name.to_string())
    }

    proptest::proptest! {
        #[test]
        fn in_place_reading_agrees_with_lower_cased_copies(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "managed", "MANAGED", "Managed", "by", "BY", "\u{212A}", "İ", "Σ",
                    "table", "TABLE", "Tables", "`tasks`", "`", "**", "_", "-", ">", " ",
                    "\t", ":", "(", ")", "x", "12", "ß", "é", "#", "\u{a0}",
                ]),
                0..10,
            ),
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(is_managed_by_line(&text), plain_managed_by_line(&text));
            proptest::prop_assert_eq!(heading_table(&text), plain_heading_table(&text));
        }
    }
}
