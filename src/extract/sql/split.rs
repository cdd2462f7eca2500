//! Splits a block of SQL into statements on top-level `;`.
//!
//! Parsing statement by statement lets one bad statement fail alone while the others
//! still yield their tables. The splitter knows just enough PostgreSQL lexing to not
//! split inside string literals (`'..'`, `E'..'`), quoted identifiers, `--` and
//! (nested) `/* */` comments, and dollar-quoted bodies (`$$..$$`, `$tag$..$tag$`).
//! Everything it scans for is ASCII, so byte scanning never cuts a UTF-8 character.

use crate::span::Span;

/// One statement's text: `start..end` excludes its terminating `;`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub start: usize,
    pub end: usize,
    /// From the first to the end of the last byte that is neither whitespace nor
    /// comment: what a reader would call the statement.
    pub significant: Span,
}

/// The statements of `text`, in order, skipping those that hold only whitespace and
/// comments. Unterminated strings, comments and dollar quotes run to the end.
pub(crate) fn split_statements(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut significant: Option<Span> = None;
    let mut i = 0;
    let mut specials = Specials::default();
    while i < bytes.len() {
        // Up to the next byte that may open a comment, quote or string or end the
        // statement, the text is words, numbers, punctuation and whitespace.
        let special = specials.next(bytes, i);
        if special > i {
            if let Some(run) = trim_whitespace(bytes, i, special) {
                significant = Some(significant.map_or(run, |s| s.cover(run)));
            }
            i = special;
            continue;
        }
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        // Where the current lexeme ends, and whether it counts as statement text.
        let (end, counts) = match b {
            b'-' if next == Some(b'-') => (line_end(bytes, i), false),
            b'/' if next == Some(b'*') => {
                (block_comment_end(bytes, i).unwrap_or(bytes.len()), false)
            }
            b'\'' => (
                quoted_end(bytes, i, b'\'', escape_string_prefix(bytes, i)),
                true,
            ),
            b'"' => (quoted_end(bytes, i, b'"', false), true),
            b'$' => (dollar_quote_end(text, i).unwrap_or(i + 1), true),
            b';' => {
                if let Some(sig) = significant.take() {
                    pieces.push(Piece {
                        start,
                        end: i,
                        significant: sig,
                    });
                }
                start = i + 1;
                i += 1;
                continue;
            }
            // A `-` or `/` that opens no comment.
            _ => (i + 1, true),
        };
        if counts {
            significant =
                Some(significant.map_or(Span::new(i, end), |s| s.cover(Span::new(i, end))));
        }
        i = end.max(i + 1);
    }
    if let Some(sig) = significant {
        pieces.push(Piece {
            start,
            end: bytes.len(),
            significant: sig,
        });
    }
    pieces
}

/// Finds the bytes the splitter stops at (`; - / ' " $`) with `memchr`, remembering
/// where each search stopped so that no byte is searched twice.
#[derive(Default)]
struct Specials {
    /// The next `;`, `-` or `/` at or after the last search start, or the end.
    punctuation: Option<usize>,
    /// The next `'`, `"` or `$`, or the end.
    quotes: Option<usize>,
}

impl Specials {
    /// The first special byte at or after `from`, or the end of `bytes`.
    fn next(&mut self, bytes: &[u8], from: usize) -> usize {
        let find = |found: &mut Option<usize>, search: fn(&[u8]) -> Option<usize>| {
            if found.is_none_or(|at| at < from) {
                *found = Some(search(&bytes[from..]).map_or(bytes.len(), |p| from + p));
            }
            found.unwrap_or(bytes.len())
        };
        let punctuation = find(&mut self.punctuation, |b| {
            memchr::memchr3(b';', b'-', b'/', b)
        });
        let quotes = find(&mut self.quotes, |b| memchr::memchr3(b'\'', b'"', b'$', b));
        punctuation.min(quotes)
    }
}

/// `start..end` without its leading and trailing ASCII whitespace; `None` when that
/// leaves nothing.
fn trim_whitespace(bytes: &[u8], start: usize, end: usize) -> Option<Span> {
    let text = &bytes[start..end];
    let first = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let last = text.iter().rposition(|b| !b.is_ascii_whitespace())?;
    Some(Span::new(start + first, start + last + 1))
}

/// Bytes that may continue an identifier (PostgreSQL allows `$` and any non-ASCII).
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The end of the `/* */` comment opened at `from` (PostgreSQL nests them), or `None`
/// when it is never closed.
pub(super) fn block_comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether the `'` at `quote` opens an `E'...'` string, where backslash escapes.
fn escape_string_prefix(bytes: &[u8], quote: usize) -> bool {
    quote >= 1
        && matches!(bytes[quote - 1], b'E' | b'e')
        && (quote < 2 || !is_ident_byte(bytes[quote - 2]))
}

/// The end of a literal opened by `delim` at `from`; a doubled delimiter is an escape.
fn quoted_end(bytes: &[u8], from: usize, delim: u8, backslash: bool) -> usize {
    let mut i = from + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if backslash && b == b'\\' {
            i += 2;
        } else if b == delim {
            if bytes.get(i + 1) == Some(&delim) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// The end of a dollar-quoted body opened at `from`, or `None` when the `$` does not
/// open one (a `$1` parameter, or a `$` inside an identifier).
fn dollar_quote_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if from > 0 && is_ident_byte(bytes[from - 1]) {
        return None;
    }
    let mut j = from + 1;
    while j < bytes.len() && bytes[j] != b'$' {
        let b = bytes[j];
        let ok = if j == from + 1 {
            b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
        } else {
            b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
        };
        if !ok {
            return None;
        }
        j += 1;
    }
    if j >= bytes.len() {
        return None;
    }
    let tag = text.get(from..=j)?;
    let body = j + 1;
    Some(
        text.get(body..)
            .and_then(|rest| rest.find(tag))
            .map_or(text.len(), |p| body + p + tag.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The significant text of each statement.
    fn statements(text: &str) -> Vec<&str> {
        split_statements(text)
            .iter()
            .map(|p| &text[p.significant.range()])
            .collect()
    }

    #[test]
    fn splits_on_semicolons_and_trims_whitespace() {
        assert_eq!(statements("a;  b ;\n c"), ["a", "b", "c"]);
        let pieces = split_statements("a; b;");
        assert_eq!((pieces[0].start, pieces[0].end), (0, 1));
        assert_eq!((pieces[1].start, pieces[1].end), (2, 4));
    }

    #[test]
    fn empty_and_comment_only_text_has_no_statements() {
        assert!(split_statements("").is_empty());
        assert!(split_statements(" ;; \n;").is_empty());
        assert!(split_statements("-- one; two\n/* three; */ -- four").is_empty());
    }

    #[test]
    fn semicolons_in_strings_and_identifiers_do_not_split() {
        assert_eq!(
            statements("INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"x;\"\"y\""),
            [
                "INSERT INTO t VALUES ('a;b', 'it''s;')",
                "SELECT \"x;\"\"y\""
            ]
        );
        assert_eq!(statements(r"SELECT E'a\';b'; c"), [r"SELECT E'a\';b'", "c"]);
        // Outside an E-string a backslash is literal: the string ends at the second quote.
        assert_eq!(statements(r"SELECT 'a\'; c"), [r"SELECT 'a\'", "c"]);
    }

    #[test]
    fn comments_do_not_split_and_are_not_statement_text() {
        assert_eq!(
            statements("-- lead; in\na -- tail;\n; /* x; /* nested; */ still; */ b"),
            ["a", "b"]
        );
    }

    #[test]
    fn dollar_quotes_do_not_split() {
        assert_eq!(
            statements("SELECT $$a;b$$; SELECT $fn$ x; $$ y; $fn$; c"),
            ["SELECT $$a;b$$", "SELECT $fn$ x; $$ y; $fn$", "c"]
        );
        // A parameter or an identifier containing `$` opens nothing.
        assert_eq!(
            statements("SELECT $1; SELECT a$b; c"),
            ["SELECT $1", "SELECT a$b", "c"]
        );
    }

    #[test]
    fn unterminated_lexemes_run_to_the_end() {
        assert_eq!(statements("a 'b; c"), ["a 'b; c"]);
        assert_eq!(statements("a /* b; c"), ["a"]);
        assert_eq!(statements("a $$ b; c"), ["a $$ b; c"]);
        assert_eq!(statements("a \"b; c"), ["a \"b; c"]);
    }

    /// The splitter as it was before it searched with `memchr`: byte by byte.
    fn split_bytewise(text: &str) -> Vec<Piece> {
        let bytes = text.as_bytes();
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut significant: Option<Span> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied();
            let (end, counts) = match b {
                b'-' if next == Some(b'-') => (line_end(bytes, i), false),
                b'/' if next == Some(b'*') => {
                    (block_comment_end(bytes, i).unwrap_or(bytes.len()), false)
                }
                b'\'' => (
                    quoted_end(bytes, i, b'\'', escape_string_prefix(bytes, i)),
                    true,
                ),
                b'"' => (quoted_end(bytes, i, b'"', false), true),
                b'$' => (dollar_quote_end(text, i).unwrap_or(i + 1), true),
                b';' => {
                    if let Some(sig) = significant.take() {
                        pieces.push(Piece {
                            start,
                            end: i,
                            significant: sig,
                        });
                    }
                    start = i + 1;
                    i += 1;
                    continue;
                }
                b if b.is_ascii_whitespace() => (i + 1, false),
                _ => (i + 1, true),
            };
            if counts {
                significant =
                    Some(significant.map_or(Span::new(i, end), |s| s.cover(Span::new(i, end))));
            }
            i = end.max(i + 1);
        }
        if let Some(sig) = significant {
            pieces.push(Piece {
                start,
                end: bytes.len(),
                significant: sig,
            });
        }
        pieces
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn searching_splits_like_scanning_byte_by_byte(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    ";", "-", "--", "/", "/*", "*/", "'", "\"", "$", "$$", "$a$", "E", "e", "\\",
                    " ", "\t", "\n", "\r", "\x0c", "x", "1", "é", "日",
                ][..]),
                0..40,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(split_statements(&text), split_bytewise(&text));
        }
    }

    #[test]
    fn multibyte_text_keeps_char_boundaries() {
        let text = "SELECT 'é;日'; -- 🦀;\nSELECT 日";
        assert_eq!(statements(text), ["SELECT 'é;日'", "SELECT 日"]);
    }
}
