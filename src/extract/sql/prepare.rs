//! What a ```sql block holds besides SQL, blanked out before it is parsed: psql
//! meta-commands and client lines (`\d tasks`, `psql $DATABASE_URL`, a `db=#`
//! prompt) and bind placeholders (`?`, `$1`, `:name`, `%s`, `%(name)s`), which
//! application code fills in and no server dialect reads as written.
//!
//! Every replacement keeps the text's length and line breaks (a placeholder becomes
//! `0` padded with spaces), so every span found in the prepared text is a span of
//! the original. Strings, quoted identifiers, comments and dollar-quoted bodies are
//! left alone, as are `::` casts and `:=`.

/// The block's text with meta-commands and placeholders blanked.
pub(crate) fn prepare(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    blank_client_lines(text, &mut out);
    blank_placeholders(&mut out);
    blank_trigger_arguments(&mut out);
    // Only ASCII bytes were written, each over an ASCII byte or over a whole line
    // (a character never straddles a line break), so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `\d tasks`, `\c db`, `psql ...`, and the `db=#` / `db=>` prompt before a statement.
fn blank_client_lines(text: &str, out: &mut [u8]) {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        let blank_to =
            if trimmed.starts_with('\\') || trimmed.starts_with("psql ") || trimmed == "psql" {
                Some(content.len())
            } else {
                prompt_len(trimmed).map(|n| lead + n)
            };
        if let Some(end) = blank_to {
            for b in &mut out[start..start + end] {
                *b = b' ';
            }
        }
        start += line.len();
    }
}

/// `name=# ` or `name=> ` at the start of a line: psql's prompt.
fn prompt_len(line: &str) -> Option<usize> {
    let name = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|&n| n > 0)?;
    let rest = &line[name..];
    (rest.starts_with("=#") || rest.starts_with("=>") || rest.starts_with("-#")).then_some(name + 2)
}

fn blank_placeholders(out: &mut [u8]) {
    let mut i = 0;
    let n = out.len();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < n {
        let b = out[i];
        let next = out.get(i + 1).copied();
        match b {
            b'-' if next == Some(b'-') => {
                while i < n && out[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if next == Some(b'*') => {
                i += 2;
                while i + 1 < n && !(out[i] == b'*' && out[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < n && out[i] != b {
                    i += 1;
                }
                i += 1;
            }
            b'$' if next.is_some_and(|c| c.is_ascii_digit()) => {
                // `$1`; `$tag$` and `$$` bodies are left alone below.
                let mut j = i + 1;
                while j < n && out[j].is_ascii_digit() {
                    j += 1;
                }
                fill(out, i, j);
                i = j;
            }
            b'$' => {
                // A dollar-quoted body: skip to its closing tag.
                let mut j = i + 1;
                while j < n && word(out[j]) {
                    j += 1;
                }
                if j < n && out[j] == b'$' {
                    let tag = out[i..=j].to_vec();
                    let mut k = j + 1;
                    while k + tag.len() <= n && out[k..k + tag.len()] != tag[..] {
                        k += 1;
                    }
                    i = (k + tag.len()).min(n);
                } else {
                    i += 1;
                }
            }
            b'?' => {
                // `?` alone; PostgreSQL's `?|`, `?&` JSON operators stay.
                if !matches!(next, Some(b'|' | b'&')) {
                    fill(out, i, i + 1);
                }
                i += 1;
            }
            b':' => {
                let prev = i.checked_sub(1).map(|p| out[p]);
                if next == Some(b':') {
                    i += 2;
                } else if next.is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
                    && prev.is_none_or(|p| !word(p) && p != b':')
                {
                    let mut j = i + 1;
                    while j < n && word(out[j]) {
                        j += 1;
                    }
                    fill(out, i, j);
                    i = j;
                } else {
                    i += 1;
                }
            }
            b'%' if next == Some(b's') => {
                fill(out, i, i + 2);
                i += 2;
            }
            b'%' if next == Some(b'(') => {
                let close = out[i..].iter().position(|&c| c == b')' || c == b'\n');
                match close {
                    Some(c) if out[i + c] == b')' && out.get(i + c + 1) == Some(&b's') => {
                        fill(out, i, i + c + 2);
                        i += c + 2;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
}

/// `EXECUTE FUNCTION f(tsv, 'pg_catalog.english', title)`: a trigger's arguments
/// are literals PostgreSQL hands to the function as text, which sqlparser reads as
/// a signature's types and refuses. Blanked, the statement reads as what it is.
fn blank_trigger_arguments(out: &mut [u8]) {
    let upper = out.to_ascii_uppercase();
    let mut from = 0;
    while let Some(at) = find(&upper[from..], b"EXECUTE ").map(|i| from + i + 8) {
        from = at;
        let rest = &upper[at..];
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let rest = &rest[skip..];
        if !(rest.starts_with(b"FUNCTION") || rest.starts_with(b"PROCEDURE")) {
            continue;
        }
        let Some(open) = upper[at..]
            .iter()
            .position(|&b| b == b'(' || b == b';')
            .map(|i| at + i)
        else {
            return;
        };
        if upper[open] != b'(' {
            continue;
        }
        let Some(close) = upper[open..]
            .iter()
            .position(|&b| b == b')')
            .map(|i| open + i)
        else {
            return;
        };
        // Line breaks stay, so that lines and columns do not move.
        for b in &mut out[open + 1..close] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = close;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `0` then spaces over `out[start..end]`.
fn fill(out: &mut [u8], start: usize, end: usize) {
    out[start] = b'0';
    for b in &mut out[start + 1..end] {
        *b = b' ';
    }
}

#[cfg(test)]
mod tests {
    use super::prepare;

    #[test]
    fn placeholders_become_literals_of_the_same_length() {
        let cases = [
            ("WHERE a = ? AND b = $12", "WHERE a = 0 AND b = 0  "),
            ("VALUES (:name, %s, %(who)s)", "VALUES (0    , 0 , 0      )"),
            (
                "SELECT x::text, '?', \"a?\" -- ?",
                "SELECT x::text, '?', \"a?\" -- ?",
            ),
            (
                "SELECT $$ ? $$, data ?| array['a']",
                "SELECT $$ ? $$, data ?| array['a']",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(prepare(text), want, "{text}");
        }
    }

    #[test]
    fn client_lines_are_blanked() {
        assert_eq!(prepare("\\d tasks\nSELECT 1;"), "        \nSELECT 1;");
        assert_eq!(prepare("psql $URL\n"), "         \n");
        assert_eq!(prepare("app=# SELECT 1;"), "      SELECT 1;");
    }
}
