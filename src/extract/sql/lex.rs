//! The plain-DDL reader's lexer: the tokens sqlparser's PostgreSQL tokenizer makes of
//! the few kinds of text plain DDL is written in, without its allocations.
//!
//! It knows words, quoted identifiers, simple string literals, unsigned integers, the
//! four punctuation marks `( ) , .`, whitespace and both kinds of comment. Anything
//! else, and anything where sqlparser's tokenizer would do something less obvious (an
//! escape, a prefixed literal such as `E'..'`, a non-ASCII or `$` identifier character,
//! a number with a fraction, exponent or underscore, an unterminated quote or comment),
//! makes it decline: the statement then goes to sqlparser.

use super::split::block_comment_end;

/// What a token is. Keywords are words: the reader compares their text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An unquoted identifier or keyword: `[A-Za-z_][A-Za-z0-9_]*`.
    Word,
    /// A `"quoted identifier"`, without `""` escapes and never empty.
    Quoted,
    /// A `'string literal'`, without `''` escapes or backslashes and never empty.
    String,
    /// Decimal digits only.
    Number,
    LParen,
    RParen,
    Comma,
    Period,
}

/// A token and its byte range in the block content (quotes included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Appends the tokens of `content[start..end]` to `out`, whitespace and comments left
/// out, or returns `None` when the text holds anything the lexer does not know.
pub(super) fn lex(content: &str, start: usize, end: usize, out: &mut Vec<Token>) -> Option<()> {
    let bytes = content.as_bytes().get(..end)?;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let (kind, token_end) = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            // PostgreSQL's tokenizer ends a line comment at `\r` as well as `\n`.
            b'-' if next == Some(b'-') => {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .map_or(bytes.len(), |p| i + p);
                continue;
            }
            b'/' if next == Some(b'*') => {
                i = block_comment_end(bytes, i)?;
                continue;
            }
            b'(' => (Kind::LParen, i + 1),
            b')' => (Kind::RParen, i + 1),
            b',' => (Kind::Comma, i + 1),
            // A period only ever joins the parts of a name; elsewhere it may start a
            // number (`.5`) or be an error (`._` after no word).
            b'.' => {
                let after_name = out
                    .last()
                    .is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Quoted) && t.end == i);
                let before_name =
                    next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'"');
                if !(after_name && before_name) {
                    return None;
                }
                (Kind::Period, i + 1)
            }
            b'"' => (Kind::Quoted, quoted_end(bytes, i, b'"')?),
            b'\'' => {
                let end = quoted_end(bytes, i, b'\'')?;
                if bytes[i..end].contains(&b'\\') {
                    return None;
                }
                (Kind::String, end)
            }
            b'0'..=b'9' => {
                let end = run_end(bytes, i, &DIGIT);
                // `0x1F`, `1e5`, `1_000`, `1.5`, `12L`: all sqlparser's to read.
                if bytes
                    .get(end)
                    .is_some_and(|&b| continues_word(b) || b == b'.')
                {
                    return None;
                }
                (Kind::Number, end)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = run_end(bytes, i, &WORD_PART);
                // A quote right after a word may make it a literal's prefix (`E'..'`,
                // `X'..'`, `B".."`); `$` and non-ASCII letters continue the word.
                if bytes.get(end).is_some_and(|&b| continues_word(b)) {
                    return None;
                }
                (Kind::Word, end)
            }
            _ => return None,
        };
        out.push(Token {
            kind,
            start: i,
            end: token_end,
        });
        i = token_end;
    }
    Some(())
}

/// Bytes that must not follow a word or a number for the lexer to be sure where the
/// token ends.
fn continues_word(b: u8) -> bool {
    WORD_PART[usize::from(b)] || matches!(b, b'$' | b'\'' | b'"') || b >= 0x80
}

/// A set of bytes, as a table: the lexer's inner loops look bytes up in it.
type ByteSet = [bool; 256];

const WORD_PART: ByteSet = {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        set[b] = byte.is_ascii_alphanumeric() || byte == b'_';
        b += 1;
    }
    set
};

const DIGIT: ByteSet = {
    let mut set = [false; 256];
    let mut b = b'0';
    while b <= b'9' {
        set[b as usize] = true;
        b += 1;
    }
    set
};

/// The end of the run of `set` bytes starting at `from`.
fn run_end(bytes: &[u8], from: usize, set: &ByteSet) -> usize {
    let mut end = from;
    while bytes.get(end).is_some_and(|&b| set[usize::from(b)]) {
        end += 1;
    }
    end
}

/// The end of the quoted token opened at `from`, or `None` when it is empty, holds a
/// doubled quote or is never closed.
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let close = from + 1 + bytes.get(from + 1..)?.iter().position(|&b| b == quote)?;
    let end = close + 1;
    (close > from + 1 && bytes.get(end) != Some(&quote)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{Kind, lex};

    fn kinds(text: &str) -> Option<Vec<(Kind, &str)>> {
        let mut out = Vec::new();
        lex(text, 0, text.len(), &mut out)?;
        Some(
            out.iter()
                .map(|t| (t.kind, &text[t.start..t.end]))
                .collect(),
        )
    }

    #[test]
    fn plain_ddl_tokens() {
        use Kind::*;
        assert_eq!(
            kinds("CREATE TABLE \"a\".b_1 (x NUMERIC(12, 2) DEFAULT 'y') -- c;\n/* d /* e */ */")
                .expect("lexed"),
            [
                (Word, "CREATE"),
                (Word, "TABLE"),
                (Quoted, "\"a\""),
                (Period, "."),
                (Word, "b_1"),
                (LParen, "("),
                (Word, "x"),
                (Word, "NUMERIC"),
                (LParen, "("),
                (Number, "12"),
                (Comma, ","),
                (Number, "2"),
                (RParen, ")"),
                (Word, "DEFAULT"),
                (String, "'y'"),
                (RParen, ")"),
            ]
        );
    }

    #[test]
    fn line_comments_end_at_carriage_returns_too() {
        assert_eq!(kinds("-- a\rb").expect("lexed"), [(Kind::Word, "b")]);
    }

    #[test]
    fn declines_what_sqlparser_reads_its_own_way() {
        for text in [
            "E'x'",
            "x'1F'",
            "b\"x\"",
            "a$b",
            "é",
            "日本",
            "\"\"",
            "\"a\"\"b\"",
            "''",
            "'a''b'",
            "'a\\b'",
            "'open",
            "\"open",
            "/* open",
            "/* /* */",
            "1.5",
            ".5",
            "1e5",
            "0x1F",
            "1_000",
            "12L",
            "a . b",
            "(.a",
            "a ._b",
            "a;b",
            "a - b",
            "a = b",
            "[1]",
            "a::b",
            "\u{a0}",
            "\x0c",
        ] {
            assert_eq!(kinds(text), None, "{text:?}");
        }
    }

    #[test]
    fn names_join_with_periods() {
        assert!(kinds("a.b").is_some());
        assert!(kinds("\"a\".\"b\"").is_some());
        assert!(kinds("a._b").is_some());
    }
}
