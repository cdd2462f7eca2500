//! Reading a change request: Markdown that says how to edit other Markdown.
//!
//! Assistants write these in one recognisable shape: a `### Change N: Title`
//! heading, `**File**:` and `**Location**:` lines, then a block to find
//! (`**Current (INCORRECT)**`, `**Find**`, `**Before**`) and its replacement
//! (`**Replace With (CORRECT)**`, `**Replace with**`, `**After**`), or a new
//! section (`**Add New Section**`, `**Add**`, `**Add After Line 67**`), usually in
//! a ```` ```markdown ```` fence that itself holds fences.
//!
//! Those outer fences are often wrong as CommonMark reads them: a ```` ```markdown ````
//! block closed by the ```` ```` ```` that ends its inner Python, or a
//! ```` ````markdown ```` block closed after its first inner block while the section
//! goes on. So this reader does not use the CommonMark block structure. It reads
//! lines, and inside a block that quotes Markdown it pairs the inner fences the
//! way the author wrote them (an opener with a language, closed by the next bare
//! fence); a bare fence with no inner block open closes the quote, unless M002's
//! reader ([`crate::encoding::fence_problems`]) shows that the text goes on
//! quoting after it.
//!
//! The text given here is already repaired (mojibake, see [`super::read_request`]).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::encoding::{FenceProblemKind, fence_problems};

/// One `### Change N` of a change request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub number: u32,
    pub title: String,
    /// 1-based line of the change's heading in the change request.
    pub line: usize,
    /// The target file as written (`**File**:`), backticks removed.
    pub file: Option<String>,
    pub location: Option<LocationHint>,
    pub edit: Edit,
}

/// What `**Location**:` (or `**Add After Line N**`) says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LocationHint {
    /// The words as written.
    pub said: String,
    /// "Lines 8-33", "Line 12": 1-based, inclusive.
    pub lines: Option<(usize, usize)>,
    /// "After line 67".
    pub after_line: Option<usize>,
    /// "after Better Auth Installation section", "After Prerequisites section".
    pub after_section: Option<String>,
}

/// The edit a change asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// Replace `current` with `replacement` (both whole lines, each ending in `\n`).
    Replace {
        current: String,
        replacement: String,
    },
    /// Insert `section` (whole lines).
    Insert { section: String },
    /// The change names no block this reader understands.
    Unreadable { reason: String },
}

/// What a bold label introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    File,
    Location,
    Current,
    Replacement,
    Add,
    Other,
}

/// A fenced block as the author meant it.
#[derive(Clone, Debug)]
struct Block {
    /// Info string's first word, lower-cased.
    lang: String,
    /// The lines between the fences, each with its `\n`.
    content: String,
    /// The whole block, fences included.
    whole: String,
}

/// One element of a change's body.
#[derive(Debug)]
enum Item {
    Label {
        label: Label,
        text: String,
        value: String,
    },
    Block(Block),
}

static CHANGE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(#{2,5})\s+(?:Change|Fix|Edit|Update|Step)\s+#?(\d+)\s*[:.\-–—]?\s*(.*?)\s*#*\s*$",
    )
    .expect("valid regex")
});
static LINES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blines?\s+(\d+)(?:\s*(?:-|–|—|to|through)\s*(\d+))?").expect("valid regex")
});
static AFTER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bafter\s+line\s+(\d+)").expect("valid regex"));
/// "After Prerequisites (line 50)": a heading named without the word "section".
static AFTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^after\s+(?:the\s+)?([^()]+?)\s*(?:\(|$)").expect("valid regex")
});
static AFTER_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bafter\s+(?:the\s+)?([^()]+?)\s+section\b").expect("valid regex")
});

/// Every change in `text`, in the order written.
pub fn parse_changes(text: &str) -> Vec<Change> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let early = early_closes(text);
    let mut changes: Vec<Change> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut change_level = 0usize;
    // Inside a change: false before the first and after a heading that ends one.
    let mut open = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches(['\n', '\r']);
        if let Some((ch, len, info)) = crate::encoding::fences::fence_line(line) {
            let (block, next) = read_block(&lines, i, ch, len, info, &early);
            if open {
                items.push(Item::Block(block));
            }
            i = next;
            continue;
        }
        if let Some(c) = CHANGE_HEADING.captures(line) {
            if open {
                finish(&mut changes, &mut items);
            }
            change_level = c[1].len();
            open = true;
            changes.push(Change {
                number: c[2].parse().unwrap_or(0),
                title: c[3].trim().to_string(),
                line: i + 1,
                file: None,
                location: None,
                edit: Edit::Unreadable {
                    reason: String::new(),
                },
            });
        } else if let Some(level) = heading_level(line) {
            // A heading as deep as the changes' own, or shallower, ends the last one.
            if open && level <= change_level {
                finish(&mut changes, &mut items);
                open = false;
            }
        } else if open && let Some((label, text, value)) = label_line(line) {
            items.push(Item::Label { label, text, value });
        }
        i += 1;
    }
    if open {
        finish(&mut changes, &mut items);
    }
    changes
}

/// Lines (0-based) of closing fences that M002 finds close their block too early.
fn early_closes(text: &str) -> Vec<usize> {
    let mut line_starts = vec![0];
    line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|p| p + 1));
    fence_problems(text)
        .into_iter()
        .filter(|p| matches!(p.kind, FenceProblemKind::ClosesEarly { .. }))
        .map(|p| line_starts.partition_point(|&s| s <= p.span.start) - 1)
        .collect()
}

/// Reads the block opened at line `open`; returns it and the line after it.
fn read_block(
    lines: &[&str],
    open: usize,
    ch: u8,
    len: usize,
    info: &str,
    early: &[usize],
) -> (Block, usize) {
    let lang = info
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let quotes_markdown = matches!(lang.as_str(), "markdown" | "md");
    let indent = lines[open].len() - lines[open].trim_start_matches(' ').len();
    let mut inner: Option<(u8, usize)> = None;
    let mut j = open + 1;
    let mut close = None;
    // The quoted text as the author meant it: a fence M002 finds closing the quote
    // too early is dropped, and an inner block closed by a longer fence than it
    // opened with ("```python" … "````") is closed with its own.
    let mut content = String::new();
    while j < lines.len() {
        let line = lines[j].trim_end_matches(['\n', '\r']);
        let mut keep = Some(lines[j].to_string());
        if let Some((c, l, inf)) = crate::encoding::fences::fence_line(line) {
            let bare = inf.trim().is_empty();
            if quotes_markdown {
                match inner {
                    Some((ic, il)) if bare && c == ic && l >= il => {
                        inner = None;
                        if l > il {
                            let indent = &line[..line.len() - line.trim_start().len()];
                            let fence = char::from(ic).to_string().repeat(il);
                            keep = Some(format!("{indent}{fence}\n"));
                        }
                    }
                    Some(_) => {}
                    None if !bare => inner = Some((c, l)),
                    None if c == ch && l >= len && !early.contains(&j) => {
                        close = Some(j);
                        break;
                    }
                    None if early.contains(&j) => keep = None,
                    None => {}
                }
            } else if bare && c == ch && l >= len {
                close = Some(j);
                break;
            }
        }
        if let Some(k) = keep {
            // As CommonMark reads a fence indented in a list item: the content
            // loses up to as many leading spaces as the opening fence had.
            let spaces = k.len() - k.trim_start_matches(' ').len();
            content.push_str(&k[spaces.min(indent)..]);
        }
        j += 1;
    }
    let next = close.map_or(lines.len(), |c| c + 1);
    let mut whole: String = lines[open..next].concat();
    if !whole.ends_with('\n') {
        whole.push('\n');
    }
    (
        Block {
            lang,
            content: with_final_newline(content),
            whole,
        },
        next,
    )
}

fn with_final_newline(mut s: String) -> String {
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Turns the items gathered for the last change into its file, location and edit.
fn finish(changes: &mut [Change], items: &mut Vec<Item>) {
    let Some(change) = changes.last_mut() else {
        items.clear();
        return;
    };
    let mut pending = Label::Other;
    let mut current: Option<String> = None;
    let mut replacement: Option<String> = None;
    let mut section: Option<String> = None;
    for item in items.drain(..) {
        match item {
            Item::Label { label, text, value } => {
                pending = label;
                match label {
                    Label::File => {
                        let v = value.trim().trim_matches('`').trim();
                        if !v.is_empty() {
                            change.file = Some(v.to_string());
                        }
                    }
                    Label::Location => change.location = Some(read_location(&value)),
                    Label::Add => {
                        // "Add After Line 67": the label is its own location.
                        let hint = read_location(&text);
                        if change.location.is_none()
                            && (hint.after_line.is_some() || hint.after_section.is_some())
                        {
                            change.location = Some(hint);
                        }
                    }
                    _ => {}
                }
                // "**Find**: `text`": the block is on the label's line.
                let inline = value.trim();
                if inline.len() > 2 && inline.starts_with('`') && inline.ends_with('`') {
                    let code = format!("{}\n", inline.trim_matches('`'));
                    match label {
                        Label::Current => current = Some(code),
                        Label::Replacement => replacement = Some(code),
                        _ => {}
                    }
                }
            }
            Item::Block(block) => {
                match pending {
                    Label::Current if current.is_none() => {
                        current = Some(strip_annotations(&block.content));
                    }
                    Label::Replacement if replacement.is_none() => {
                        replacement = Some(block.content);
                    }
                    Label::Add if section.is_none() => {
                        section = Some(if matches!(block.lang.as_str(), "markdown" | "md") {
                            block.content
                        } else {
                            block.whole
                        });
                    }
                    _ => {}
                }
                pending = Label::Other;
            }
        }
    }
    change.edit = match (current, replacement, section) {
        (Some(current), Some(replacement), _) => Edit::Replace {
            current,
            replacement,
        },
        (None, None, Some(section)) => Edit::Insert { section },
        (Some(_), None, _) => Edit::Unreadable {
            reason: "a block to find but no replacement".into(),
        },
        (None, Some(_), _) => Edit::Unreadable {
            reason: "a replacement but no block to find".into(),
        },
        _ => Edit::Unreadable {
            reason: "no block to find, replace or add".into(),
        },
    };
}

/// A current block's lines without the marks the author added to say what is wrong
/// ("│──→│  ❌ WRONG", "x = 1  # ❌ incorrect"): the target never had them.
fn strip_annotations(block: &str) -> String {
    const MARKS: [char; 4] = ['❌', '✗', '✘', '⛔'];
    let mut out = String::with_capacity(block.len());
    for line in block.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let cut = body
            .char_indices()
            .find(|&(at, c)| MARKS.contains(&c) && body[..at].ends_with(char::is_whitespace))
            .map(|(at, _)| {
                let head = body[..at].trim_end();
                // A comment marker left alone before the mark goes with it.
                head.strip_suffix("//")
                    .or_else(|| head.strip_suffix('#'))
                    .or_else(|| head.strip_suffix("<!--"))
                    .unwrap_or(head)
                    .trim_end()
                    .len()
            });
        match cut {
            Some(len) => {
                out.push_str(&body[..len]);
                out.push_str(ending);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// "Lines 8-33", "After line 67 (after Better Auth Installation section)",
/// "After Prerequisites section (line 50)".
pub fn read_location(said: &str) -> LocationHint {
    let said = said.trim().trim_end_matches(':').trim();
    let mut hint = LocationHint {
        said: said.to_string(),
        ..LocationHint::default()
    };
    if let Some(c) = AFTER_LINE.captures(said) {
        hint.after_line = c[1].parse().ok();
    }
    if let Some(c) = AFTER_SECTION.captures(said) {
        let name = c[1]
            .trim()
            .trim_start_matches('(')
            .trim_matches(['`', '"', '\'', '*'])
            .trim();
        if !name.is_empty() && !name.to_ascii_lowercase().starts_with("line ") {
            hint.after_section = Some(name.to_string());
        }
    }
    if hint.after_section.is_none()
        && let Some(c) = AFTER_HEADING.captures(said)
    {
        let name = c[1].trim().trim_matches(['`', '"', '\'', '*']).trim();
        let lower = name.to_ascii_lowercase();
        if !name.is_empty() && !lower.starts_with("line ") && lower != "line" {
            hint.after_section = Some(name.to_string());
        }
    }
    if hint.after_line.is_none()
        && let Some(c) = LINES.captures(said)
    {
        let a: Option<usize> = c[1].parse().ok();
        let b: Option<usize> = c.get(2).and_then(|m| m.as_str().parse().ok());
        match (a, b) {
            (Some(a), Some(b)) if hint.after_section.is_none() => {
                hint.lines = Some((a.min(b), a.max(b)))
            }
            (Some(a), None) if hint.after_section.is_none() => hint.lines = Some((a, a)),
            // "After X section (line 50)": the line the section ends at.
            (Some(a), _) => hint.after_line = Some(a),
            _ => {}
        }
    }
    hint
}

/// A `**Label**: value` (or `**Label:** value`) line.
fn label_line(line: &str) -> Option<(Label, String, String)> {
    let t = line.trim();
    // In a list item: "- **Find**:", "3. **Current (WRONG)**:".
    let t = t.strip_prefix("- ").unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let t = if digits > 0 {
        t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))
            .unwrap_or(t)
    } else {
        t
    };
    let rest = t.strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = rest[..close].trim();
    let after = &rest[close + 2..];
    let (name, value) = if let Some(name) = inner.strip_suffix(':') {
        (name.trim(), after.trim())
    } else {
        (inner, after.trim_start().strip_prefix(':')?.trim())
    };
    let key = name.to_ascii_lowercase();
    let key = key.trim();
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    let label = if starts(&["file", "target file", "path"]) {
        Label::File
    } else if key == "lines" || key == "line" {
        // "**Lines**: 123-124".
        return Some((
            Label::Location,
            name.to_string(),
            format!("{name} {}", value.trim()),
        ));
    } else if starts(&["location", "where", "position"]) {
        Label::Location
    } else if starts(&[
        "replace with",
        "with",
        "after",
        "new",
        "correct",
        "change to",
    ]) {
        Label::Replacement
    } else if starts(&["current", "find", "before", "old", "existing", "incorrect"]) {
        Label::Current
    } else if starts(&["add", "insert", "append"]) {
        Label::Add
    } else {
        Label::Other
    };
    Some((label, name.to_string(), value.to_string()))
}

fn heading_level(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let level = t.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&level) && t[level..].starts_with([' ', '\t'])).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_hints() {
        let h = read_location("Lines 8-33");
        assert_eq!(
            (h.lines, h.after_line, h.after_section),
            (Some((8, 33)), None, None)
        );
        let h = read_location("After line 67 (after Installation section)");
        assert_eq!(h.after_line, Some(67));
        assert_eq!(h.after_section.as_deref(), Some("Installation"));
        let h = read_location("After Prerequisites section (line 50)");
        assert_eq!(h.after_line, Some(50));
        assert_eq!(h.after_section.as_deref(), Some("Prerequisites"));
        let h = read_location("Add After Line 12");
        assert_eq!((h.after_line, h.after_section), (Some(12), None));
        let h = read_location("After Prerequisites (line 50)");
        assert_eq!(h.after_line, Some(50));
        assert_eq!(h.after_section.as_deref(), Some("Prerequisites"));
        let h = read_location("After line 67:");
        assert_eq!((h.after_line, h.after_section), (Some(67), None));
        let h = read_location("line 4");
        assert_eq!(h.lines, Some((4, 4)));
    }

    #[test]
    fn other_shapes_of_a_change() {
        let text = "## Fix #2: Rounding\n\n**File**: `calc.md`\n**Lines**: 40-41\n\n1. **Current code:**\n   ```python\n   total = round(x)\n   ```\n2. **Change to:**\n   ```python\n   total = round(x, 2)\n   ```\n";
        let changes = parse_changes(text);
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!((c.number, c.title.as_str()), (2, "Rounding"));
        assert_eq!(c.location.as_ref().unwrap().lines, Some((40, 41)));
        assert_eq!(
            c.edit,
            Edit::Replace {
                current: "total = round(x)\n".into(),
                replacement: "total = round(x, 2)\n".into()
            }
        );
    }

    #[test]
    fn annotations_are_not_part_of_the_block() {
        assert_eq!(
            strip_annotations("a ──→│  ❌ WRONG\nx = 1  # ❌ no\nplain ❌\n"),
            "a ──→│\nx = 1\nplain\n"
        );
        assert_eq!(strip_annotations("❌ first\n"), "❌ first\n");
    }

    #[test]
    fn a_markdown_quote_pairs_its_inner_fences() {
        let text = "### Change 1: Add\n\n**File**: `a.md`\n**Add**:\n\n```markdown\n## New\n\n```python\nx = 1\n````\n\nMore.\n\n```txt\ny\n```\n\nEnd.\n````\n\n---\n\n### Change 2: Swap\n\n**Find**: `old line`\n**Replace with**: `new line`\n";
        let changes = parse_changes(text);
        assert_eq!(changes.len(), 2);
        assert_eq!(
            changes[0].edit,
            Edit::Insert {
                section: "## New\n\n```python\nx = 1\n```\n\nMore.\n\n```txt\ny\n```\n\nEnd.\n"
                    .into()
            }
        );
        assert_eq!(changes[0].file.as_deref(), Some("a.md"));
        assert_eq!(
            changes[1].edit,
            Edit::Replace {
                current: "old line\n".into(),
                replacement: "new line\n".into()
            }
        );
    }
}
