//! A ```python block read as its author means it, with a map back to the block.
//!
//! Specs show Python that is not a whole program: REPL transcripts (`>>> `
//! prompts and the output between them), blocks inside a list item whose
//! indentation Markdown keeps in the text, elisions (`...` for arguments or
//! parameters, a body of comments only), excerpts (an `except` without its `try`,
//! a chained call continued on its own line, signatures listed without bodies) and
//! template placeholders (`<token>`, `{resource}`, `[YourModel]`). [`Excerpt`]
//! turns such a block into text the parser reads and maps every offset in that
//! text back to the block, so facts and the errors that remain point at what the
//! author wrote.
//!
//! Only a block that does not parse as written comes here: the parse as written is
//! the fast path. Repairs are made one at a time, each for the parser's first error
//! and only when an idiom explains it, so whatever else is wrong is still reported.

use ruff_text_size::TextRange;

/// One run of the excerpt's text copied from the block: `len` bytes at `at` in
/// the excerpt are the bytes at `from` in the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    at: usize,
    from: usize,
    len: usize,
}

/// The text handed to the parser and where each of its bytes came from. Text
/// the excerpt adds (a `try:` head, a `...` body) lies between pieces.
#[derive(Clone, Debug)]
pub(super) struct Excerpt {
    text: String,
    pieces: Vec<Piece>,
    /// Whether the text differs from the block.
    changed: bool,
}

/// First words of a block that is SQL pasted under a python fence: written in
/// capitals, as SQL is in specs (Python's `with` and names are lower case).
const SQL_STARTS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "WITH", "GRANT", "EXPLAIN",
];

/// Request lines of HTTP.
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Whether a block that does not parse is not Python at all: SQL, an HTTP
/// request or exchange, or a traceback (the output of a run, not code).
pub(super) fn not_python(source: &str) -> bool {
    let Some(first) = source
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    if first.starts_with("Traceback (most recent call last)") {
        return true;
    }
    // An HTTP exchange: `Request: {"name": "x"}` then `Response: {...}`.
    if ["Request:", "Response:"]
        .iter()
        .any(|l| first.starts_with(l))
    {
        return true;
    }
    // An HTTP request: `POST /api/tasks`.
    if let Some((method, target)) = first.split_once(' ') {
        if HTTP_METHODS.contains(&method) && target.trim_start().starts_with(['/', 'h']) {
            return true;
        }
    }
    let word_len = first
        .bytes()
        .position(|b| !b.is_ascii_uppercase())
        .unwrap_or(first.len());
    let (word, rest) = first.split_at(word_len);
    // `SELECT * FROM t`, not `UPDATE = 1` nor `DELETE(x)`.
    SQL_STARTS.contains(&word)
        && rest.starts_with([' ', '\t'])
        && !rest
            .trim_start()
            .starts_with(['=', '(', '.', ':', '[', ',', ')'])
}

impl Excerpt {
    /// The block with REPL prompts stripped (and the output lines between them
    /// dropped) and the indentation every line shares removed.
    pub(super) fn new(source: &str) -> Excerpt {
        let repl = source
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start().starts_with(">>>"));
        // (offset in the block, the line from there, newline included)
        let mut kept: Vec<(usize, &str)> = Vec::new();
        let mut offset = 0;
        for line in source.split_inclusive('\n') {
            let at = offset;
            offset += line.len();
            if !repl {
                kept.push((at, line));
                continue;
            }
            let body = line.trim_start();
            let lead = line.len() - body.len();
            let content = body.trim_end_matches(['\n', '\r']);
            let prompt = if content == ">>>" || content == "..." {
                3
            } else if body.starts_with(">>> ") || body.starts_with("... ") {
                4
            } else {
                // Output of the line above.
                continue;
            };
            kept.push((at + lead + prompt, &line[lead + prompt..]));
        }
        let indent = kept
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| leading_blanks(l))
            .min()
            .unwrap_or(0);
        let mut text = String::with_capacity(source.len());
        let mut pieces: Vec<Piece> = Vec::with_capacity(kept.len());
        for (from, line) in kept {
            let strip = indent.min(leading_blanks(line));
            let rest = &line[strip..];
            let piece = Piece {
                at: text.len(),
                from: from + strip,
                len: rest.len(),
            };
            text.push_str(rest);
            match pieces.last_mut() {
                Some(last)
                    if last.at + last.len == piece.at && last.from + last.len == piece.from =>
                {
                    last.len += piece.len;
                }
                _ => pieces.push(piece),
            }
        }
        let changed = text != source;
        Excerpt {
            text,
            pieces,
            changed,
        }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text differs from the block (prompts, indentation, repairs).
    pub(super) fn changed(&self) -> bool {
        self.changed
    }

    /// Where a span's start in the excerpt lies in the block; text the excerpt
    /// added maps to the block text after it.
    pub(super) fn start(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= o);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return self.pieces.first().map_or(0, |p| p.from);
        };
        if o < p.at + p.len {
            p.from + (o - p.at)
        } else {
            self.pieces.get(i).map_or(p.from + p.len, |n| n.from)
        }
    }

    /// Where a span's end in the excerpt lies in the block; text the excerpt
    /// added maps to the end of the block text before it.
    pub(super) fn end(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at < o);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return self.start(o);
        };
        p.from + (o - p.at).min(p.len)
    }

    /// Adds `s` at `at` in the text: the pieces after it move along.
    fn insert(&mut self, at: usize, s: &str) {
        self.text.insert_str(at, s);
        self.changed = true;
        let i = self.pieces.partition_point(|p| p.at < at);
        if let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) {
            if at < p.at + p.len {
                let head = at - p.at;
                self.pieces[i - 1].len = head;
                self.pieces.insert(
                    i,
                    Piece {
                        at,
                        from: p.from + head,
                        len: p.len - head,
                    },
                );
            }
        }
        for p in &mut self.pieces[i..] {
            p.at += s.len();
        }
    }

    /// Replaces ASCII text with ASCII text of the same length: no offset moves.
    fn overwrite(&mut self, at: usize, s: &str) {
        self.text.replace_range(at..at + s.len(), s);
        self.changed = true;
    }

    /// Makes the one change an idiom explains for the parser's first error (at
    /// `range`, saying `message`); false when no idiom does.
    pub(super) fn repair(&mut self, range: TextRange, message: &str) -> bool {
        let len = self.text.len();
        let start = range.start().to_usize().min(len);
        let end = range.end().to_usize().clamp(start, len);
        let (line_start, line_end) = line_at(&self.text, start);
        let line = &self.text[line_start..line_end];
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];

        // An elided argument list or parameter list: `Agent(name="x", ...)`,
        // `def tool(...)`. `**_` and `*_` read as "and the rest".
        if &self.text[start..end] == "..." {
            if message.contains("Positional argument cannot follow keyword argument") {
                self.overwrite(start, "**_");
                return true;
            }
            if message.starts_with("Expected `)`") || message.starts_with("Expected a parameter") {
                self.overwrite(start, "*_ ");
                return true;
            }
        }
        // A body elided, or written as comments only.
        if message.starts_with("Expected an indented block") {
            if let Some((at, head_indent)) = self.opener_before(start) {
                let body = format!("\n{head_indent}    ...");
                self.insert(at, &body);
                return true;
            }
        }
        // A signature listed without its body: `def f(x) -> dict`.
        if message == "Expected `:`, found newline" && self.in_signature(line_start) {
            self.insert(start, ": ...");
            return true;
        }
        if message == "Expected a statement" {
            // An excerpt that starts past its head.
            let head = if starts_keyword(code, "except") || starts_keyword(code, "finally") {
                Some("try")
            } else if starts_keyword(code, "elif") || starts_keyword(code, "else") {
                Some("if _")
            } else {
                None
            };
            if let Some(head) = head {
                let wrapper = format!("{indent}{head}:\n{indent}    ...\n");
                self.insert(line_start, &wrapper);
                return true;
            }
            // A chained call continued from a line not shown: `.filter(...)`.
            if code.starts_with('.') && !code.starts_with("..") {
                self.insert(line_start + indent.len(), "_");
                return true;
            }
        }
        // Entries of a dict shown without its braces: `"tags": {"type": "array"},`.
        if message == "Invalid annotated assignment target"
            && code.starts_with(['"', '\''])
            && !self.text.starts_with("{\n")
        {
            self.insert(self.text.len(), "\n}\n");
            self.insert(0, "{\n");
            return true;
        }
        // A field listed with notes after a bar, the error in them: `email: str |
        // unique, indexed`. The notes are prose: read as a comment.
        if let Some(bar) = field_notes(line).filter(|&bar| line_start + bar < start) {
            self.overwrite(line_start + bar, "#");
            return true;
        }
        // A template placeholder where a name goes: `<token>`, `{resource}`,
        // `[YourModel]`.
        // `[A], [B]` lists several on a line: all of them are read as names.
        if placeholder_at(line, start - line_start, end - line_start).is_some() {
            let all = placeholders(line);
            for (open, close) in all {
                self.overwrite(line_start + open, "_");
                self.overwrite(line_start + close, "_");
            }
            return true;
        }
        // An excerpt that stops inside a `try`: its handlers are not shown.
        if message.starts_with("Expected `except` or `finally`") {
            if let Some(try_indent) = self.try_before(start) {
                let at = if self.text[line_start..start].trim().is_empty() {
                    line_start
                } else {
                    start
                };
                let newline = if at > 0 && !self.text[..at].ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                let handler =
                    format!("{newline}{try_indent}except Exception:\n{try_indent}    ...\n");
                self.insert(at, &handler);
                return true;
            }
        }
        false
    }

    /// The end of the nearest line at or before `offset` whose code ends with a
    /// colon (a block's head), and that line's indentation.
    fn opener_before(&self, offset: usize) -> Option<(usize, String)> {
        let mut end = line_at(&self.text, offset).1;
        for _ in 0..64 {
            let start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = &self.text[start..end];
            let code = line.split('#').next().unwrap_or("").trim_end();
            if code.ends_with(':') && start + code.len() <= offset {
                let indent = &line[..line.len() - line.trim_start().len()];
                return Some((end, indent.to_string()));
            }
            if start == 0 {
                return None;
            }
            end = start - 1;
        }
        None
    }

    /// The indentation of the nearest `try:` line before `offset`.
    fn try_before(&self, offset: usize) -> Option<String> {
        self.text[..offset.min(self.text.len())]
            .lines()
            .rev()
            .take(256)
            .find(|l| l.trim() == "try:")
            .map(|l| l[..l.len() - l.trim_start().len()].to_string())
    }

    /// Whether the statement on the line at `line_start` (or one begun a few
    /// lines above it, its parameters running on) is a `def` or `class` head.
    fn in_signature(&self, line_start: usize) -> bool {
        let mut start = line_start;
        for _ in 0..16 {
            let end = line_at(&self.text, start).1;
            let code = self.text[start..end].trim_start();
            if ["def ", "async def ", "class "]
                .iter()
                .any(|k| code.starts_with(k))
            {
                return true;
            }
            if start == 0 || (start != line_start && code.trim_end().ends_with(':')) {
                return false;
            }
            start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        false
    }
}

/// Where the bar of `name: Type | notes` is on `line`: a name, a colon, and a
/// ` | ` after it.
fn field_notes(line: &str) -> Option<usize> {
    let code = line.trim_start();
    let name = code
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if name == 0 || !code[name..].trim_start().starts_with(':') {
        return None;
    }
    let bar = line.find(" | ")?;
    (bar > line.len() - code.len() + name).then_some(bar + 1)
}

/// Blanks (spaces, tabs) at the start of a line, in bytes.
fn leading_blanks(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

/// The line holding `offset`: from its first byte to its newline (excluded).
fn line_at(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    // A `\r\n` line ends before its `\r`.
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    (start, end)
}

/// Whether `code` starts with the keyword `word` (then a blank, `:` or `(`).
fn starts_keyword(code: &str, word: &str) -> bool {
    code.strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':', '(', '\t']))
}

/// A placeholder on `line` that the error at `start..end` (line offsets) touches:
/// `<name>`, `{name}` or `[name]` standing where a name goes. Returns the offsets
/// of its opening and closing brackets.
fn placeholder_at(line: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    // The error's token, or the first one after it.
    let first = start
        + bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    placeholders(line)
        .into_iter()
        .find(|&(i, j)| (i <= first && first <= j) || (start <= i && i < end.max(start + 1)))
}

/// Every placeholder on `line`: the offsets of its brackets.
fn placeholders(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let close = match bytes[i] {
            b'<' => b'>',
            b'{' => b'}',
            b'[' => b']',
            _ => {
                i += 1;
                continue;
            }
        };
        let name = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let j = i + 1 + name;
        let named = name > 0 && !bytes[i + 1].is_ascii_digit();
        if named && bytes.get(j) == Some(&close) {
            // A subscript (`x[i]`) or a comparison (`a<b>c`) is not one.
            let before = i.checked_sub(1).map(|k| bytes[k]);
            let attached =
                before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b')' || b == b']');
            let ok = match bytes[i] {
                b'{' => true,
                _ => !attached || before == Some(b'_'),
            };
            if ok {
                out.push((i, j));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_dedented_and_prompted_text_back() {
        let src = "  x = 1\n\n  y = f(x)\n";
        let ex = Excerpt::new(src);
        assert_eq!(ex.text(), "x = 1\n\ny = f(x)\n");
        let y = ex.text().find('y').unwrap();
        assert_eq!(&src[ex.start(y)..ex.end(y + 1)], "y");
        let repl = ">>> a = 2\n>>> a\n2\n... b\n";
        let ex = Excerpt::new(repl);
        assert_eq!(ex.text(), "a = 2\na\nb\n");
        let b = ex.text().find('b').unwrap();
        assert_eq!(&repl[ex.start(b)..ex.end(b + 1)], "b");
    }

    #[test]
    fn inserted_text_maps_to_its_neighbours() {
        let mut ex = Excerpt::new("except E:\n    pass\n");
        ex.insert(0, "try:\n    ...\n");
        assert_eq!(ex.start(0), 0);
        assert_eq!(ex.end(4), 0);
        let e = ex.text().find("except").unwrap();
        assert_eq!(ex.start(e), 0);
        assert_eq!(ex.end(e + 6), 6);
    }

    #[test]
    fn sql_and_tracebacks_are_not_python() {
        assert!(not_python("# all rows\nSELECT * FROM t;\n"));
        assert!(not_python(
            "Traceback (most recent call last):\n  File \"x\"\n"
        ));
        assert!(!not_python("UPDATE = 1\n"));
        assert!(!not_python("with open(f) as g:\n"));
        assert!(not_python(
            "# create\nPOST /api/items\nAccept: text/plain\n"
        ));
    }

    #[test]
    fn placeholders_are_found_where_the_error_is() {
        assert_eq!(placeholder_at("class [Model](Base):", 6, 7), Some((6, 12)));
        assert_eq!(placeholder_at("def list_{items}(", 9, 10), Some((9, 15)));
        assert_eq!(placeholder_at("x = y[i] +", 9, 10), None);
        assert_eq!(field_notes("    email: str | unique, indexed"), Some(15));
        assert_eq!(field_notes("x = a | b c"), None);
    }
}
