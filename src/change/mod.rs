//! Change requests: Markdown that says how to edit a spec ("### Change 1: Fix the
//! diagram", `**File**:`, `**Location**: Lines 8-33`, a block to find and its
//! replacement, or a section to add), applied to the spec as written.
//!
//! - [`parse`] reads the changes, after the request's mojibake is repaired
//!   ([`read_request`]) and with its nested fences read as the author meant;
//! - [`locate`] finds where each goes: the block by content, a section after the
//!   heading it names (placed as `fix` places generated sections);
//! - [`apply_change`] decides each change's status and splices it. Pure: the
//!   command reads the files, checks the result and writes it through
//!   [`crate::fix::write`].

pub mod locate;
pub mod parse;

use serde::Serialize;

use crate::document::Document;
use crate::encoding::{decode_file, repair};
use crate::extract::diagram::read_text_diagram;
use crate::fix::placement::{insertion_text, outside_open_blocks, place};
use crate::model::SectionSpec;
use crate::span::Span;
use locate::{Lines, MatchKind, closest, find_block};
pub use parse::{Change, Edit, LocationHint, parse_changes};

/// A change request as read.
#[derive(Clone, Debug)]
pub struct Request {
    /// The text, mojibake repaired.
    pub text: String,
    pub changes: Vec<Change>,
    /// How many damaged runs were repaired.
    pub repaired: usize,
}

/// A change request's bytes → its changes. Text that is not UTF-8 is decoded as
/// Windows-1252; UTF-8 read as Windows-1252 and saved again is repaired first.
pub fn read_request(bytes: &[u8]) -> Request {
    let decoded = decode_file(bytes);
    let text = decoded.without_bom();
    let repaired = repair(text);
    let count = crate::encoding::find_mojibake(text).len();
    // Blocks are compared line by line and spliced with the target's own line
    // breaks, so the request's are read as one kind.
    let text = repaired.text.replace("\r\n", "\n");
    let changes = parse_changes(&text);
    Request {
        text,
        changes,
        repaired: count,
    }
}

/// Why a change request cannot be applied at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("change {number} targets `{path}`, outside the repository; nothing applied")]
    Outside { number: u32, path: String },
    #[error("change {number} names no file (`**File**:`); give one with --target")]
    NoFile { number: u32 },
}

/// The target of `change` as a '/'-separated path relative to the repository:
/// absolute paths, `..`, drive letters and home folders are refused.
pub fn target_path(number: u32, file: &str) -> Result<String, ChangeError> {
    let outside = || ChangeError::Outside {
        number,
        path: file.to_string(),
    };
    let unified = file.replace('\\', "/");
    if unified.starts_with('/')
        || unified.starts_with('~')
        || unified.as_bytes().get(1) == Some(&b':')
        || unified.contains('\0')
    {
        return Err(outside());
    }
    let mut parts = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(outside()),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    Ok(parts.join("/"))
}

/// What became of one change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Applied where its location said.
    Applied,
    /// Its result is already in the file; skipped.
    AlreadyApplied,
    /// Applied, found by content away from a location hint that no longer holds.
    StaleLocation,
    /// Not applied: its block is not there and neither is its result.
    Conflict,
}

/// Lines of a text, 1-based and inclusive, with their bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineSpan {
    pub start_line: usize,
    pub end_line: usize,
    pub start: usize,
    pub end: usize,
}

impl LineSpan {
    fn of(text: &str, span: Span) -> Self {
        let lines = Lines::new(text);
        let last = if span.end > span.start {
            span.end - 1
        } else {
            span.end
        };
        LineSpan {
            start_line: lines.line_of(span.start) + 1,
            end_line: lines.line_of(last) + 1,
            start: span.start,
            end: span.end,
        }
    }
}

/// The location hint, judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocationReport {
    pub said: String,
    pub stale: bool,
    /// "Location says lines 8-33; the block is at 11-36".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The text nearest a conflicting block, and how it differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateReport {
    pub lines: LineSpan,
    pub similarity: f32,
    /// Unified diff from the change request's block to the candidate.
    pub diff: String,
}

/// One change, applied (or not) to one text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeResult {
    pub number: u32,
    pub title: String,
    /// The target as a repository path.
    pub file: String,
    pub status: Status,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MatchKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationReport>,
    /// Where the change acts in the text before it (the block replaced, or the
    /// point of insertion), or where its result already is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<LineSpan>,
    /// Where its text lies afterwards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<LineSpan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate: Option<CandidateReport>,
    pub message: String,
}

/// `change` applied to `text`: its result, and the new text when it changed.
pub fn apply_change(change: &Change, file: &str, text: &str) -> (ChangeResult, Option<String>) {
    let mut result = ChangeResult {
        number: change.number,
        title: change.title.clone(),
        file: file.to_string(),
        status: Status::Conflict,
        kind: None,
        location: change.location.as_ref().map(|h| LocationReport {
            said: h.said.clone(),
            stale: false,
            message: None,
        }),
        before: None,
        after: None,
        candidate: None,
        message: String::new(),
    };
    let hint = change.location.clone().unwrap_or_default();
    let near = hint.lines.map(|l| l.0).or(hint.after_line);
    match &change.edit {
        Edit::Unreadable { reason } => {
            result.message = format!("not applied: {reason}");
            (result, None)
        }
        Edit::Replace {
            current,
            replacement,
        } => replace(result, text, current, replacement, &hint, near),
        Edit::Insert { section } => insert(result, text, section, &hint),
    }
}

fn replace(
    mut result: ChangeResult,
    text: &str,
    current: &str,
    replacement: &str,
    hint: &LocationHint,
    near: Option<usize>,
) -> (ChangeResult, Option<String>) {
    let exact = |f: &locate::Found| f.kind != MatchKind::Fuzzy;
    let cur = find_block(text, current, near);
    let done = find_block(text, replacement, near).filter(exact);
    let keeps_current = replacement.contains(current.trim());
    if let Some(done) = done
        && (cur.filter(exact).is_none() || keeps_current)
    {
        result.status = Status::AlreadyApplied;
        result.kind = Some(done.kind);
        result.before = Some(LineSpan::of(text, done.span));
        result.message = format!(
            "the replacement is at lines {}-{}",
            done.lines.0, done.lines.1
        );
        return (result, None);
    }
    let Some(found) = cur else {
        if replacement.trim().is_empty() {
            // A deletion whose block is gone has nothing left to do.
            result.status = Status::AlreadyApplied;
            result.message = "the block to delete is not there".into();
            return (result, None);
        }
        return (conflict(result, text, current, near), None);
    };
    let widened = whole_diagram(text, found.span, replacement);
    let span = widened.unwrap_or(found.span);
    let before = LineSpan::of(text, span);
    let new_block = block_text(text, span, replacement);
    let mut out = String::with_capacity(text.len() + new_block.len());
    out.push_str(&text[..span.start]);
    out.push_str(&new_block);
    out.push_str(&text[span.end..]);
    result.kind = Some(found.kind);
    result.after = Some(LineSpan::of(
        &out,
        Span::new(span.start, span.start + new_block.len()),
    ));
    result.before = Some(before);
    result.status = Status::Applied;
    result.message = format!(
        "replaced {}{}",
        lines_said(before.start_line, before.end_line),
        match found.kind {
            MatchKind::Exact => "",
            MatchKind::Whitespace => " (found with whitespace ignored)",
            MatchKind::Fuzzy => " (found with its first or last line different)",
        }
    );
    if widened.is_some() {
        result
            .message
            .push_str(": the whole diagram its block was quoted from");
    }
    if let Some((a, b)) = hint.lines
        && !(a <= before.start_line && before.end_line <= b)
    {
        stale(
            &mut result,
            format!(
                "Location says {}; the block is at {}-{}",
                lines_said(a, b),
                before.start_line,
                before.end_line
            ),
        );
    }
    (result, Some(out))
}

fn lines_said(a: usize, b: usize) -> String {
    if a == b {
        format!("line {a}")
    } else {
        format!("lines {a}-{b}")
    }
}

/// A replacement that draws a whole sequence diagram replaces the whole diagram
/// its block was found in: authors quote the top of a drawing up to the wrong
/// arrow, and half a diagram followed by the old one's tail is no diagram.
fn whole_diagram(text: &str, found: Span, replacement: &str) -> Option<Span> {
    read_text_diagram(replacement, 0)?;
    let doc = Document::parse(text);
    let block = doc
        .code_blocks
        .iter()
        .find(|b| b.fenced && b.content.start <= found.start && found.end <= b.content.end)?;
    read_text_diagram(&text[block.content.range()], block.content.start)?;
    (block.content != found).then_some(block.content)
}

/// `replacement` as the text of `span`: ending in a line break when the span did.
fn block_text(text: &str, span: Span, replacement: &str) -> String {
    let crlf = text[span.range()].contains("\r\n");
    let mut body = replacement.to_string();
    if crlf {
        body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let span_ends = text[span.range()].ends_with('\n');
    if !span_ends {
        while body.ends_with(['\n', '\r']) {
            body.pop();
        }
    }
    body
}

fn stale(result: &mut ChangeResult, message: String) {
    result.status = Status::StaleLocation;
    if let Some(loc) = result.location.as_mut() {
        loc.stale = true;
        loc.message = Some(message.clone());
    }
    result.message = format!("{}; {message}", result.message);
}

fn conflict(
    mut result: ChangeResult,
    text: &str,
    block: &str,
    near: Option<usize>,
) -> ChangeResult {
    result.status = Status::Conflict;
    match closest(text, block, near) {
        Some(c) => {
            result.message = format!(
                "the block to change is not in {} and neither is its result; the closest text is at lines {}-{} ({:.0}% alike)",
                result.file,
                c.lines.0,
                c.lines.1,
                c.similarity * 100.0
            );
            let mut report = candidate(&result, text, block, c.span);
            report.similarity = c.similarity;
            result.candidate = Some(report);
        }
        None => {
            result.message = format!(
                "the block to change is not in {} and neither is its result; no text there resembles it",
                result.file
            );
        }
    }
    result
}

/// `span` of `text` as the candidate for `expected`, with the diff between them.
fn candidate(result: &ChangeResult, text: &str, expected: &str, span: Span) -> CandidateReport {
    let found = &text[span.range()];
    let lines = LineSpan::of(text, span);
    let diff = similar::TextDiff::from_lines(expected, found);
    let similarity = diff.ratio();
    let diff = diff
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("change {} (expected)", result.number),
            &format!(
                "{}:{}-{} (found)",
                result.file, lines.start_line, lines.end_line
            ),
        )
        .to_string();
    CandidateReport {
        lines,
        similarity,
        diff,
    }
}

fn insert(
    mut result: ChangeResult,
    text: &str,
    section: &str,
    hint: &LocationHint,
) -> (ChangeResult, Option<String>) {
    if let Some(done) =
        find_block(text, section, hint.after_line).filter(|f| f.kind != MatchKind::Fuzzy)
    {
        result.status = Status::AlreadyApplied;
        result.kind = Some(done.kind);
        result.before = Some(LineSpan::of(text, done.span));
        result.message = format!("the section is at lines {}-{}", done.lines.0, done.lines.1);
        return (result, None);
    }
    let doc = Document::parse(text);
    // A section of the same title that says something else: someone edited it.
    let added = Document::parse(section);
    if let Some(first) = added.sections.first()
        && let Some(i) = doc.find_section(&first.title)
    {
        let there = &doc.sections[i];
        let heading_line = LineSpan::of(text, there.heading).start_line;
        result.status = Status::Conflict;
        result.candidate = Some(candidate(&result, text, section, there.span));
        result.message = format!(
            "{} already has a section headed \"{}\" (line {heading_line}) with other text",
            result.file, first.title,
        );
        return (result, None);
    }
    let mut anchored = None;
    if let Some(title) = &hint.after_section {
        if doc.find_section(title).is_some() {
            let spec = SectionSpec {
                after: Some(title.clone()),
                ..SectionSpec::default()
            };
            anchored = Some(place(&doc, &spec).offset);
        } else if hint.after_line.is_none() {
            result.message = format!(
                "{} has no section headed \"{title}\" to add the section after",
                result.file
            );
            return (result, None);
        }
    }
    let offset = match (anchored, hint.after_line) {
        (Some(at), _) => at,
        (None, Some(line)) => after_line(&doc, line),
        (None, None) => outside_open_blocks(&doc, text.len()),
    };
    let mut body = section.to_string();
    while body.ends_with("\n\n") {
        body.pop();
    }
    if !body.ends_with('\n') {
        body.push('\n');
    }
    let inserted = insertion_text(&doc, offset, &body);
    let mut out = String::with_capacity(text.len() + inserted.len());
    out.push_str(&text[..offset]);
    out.push_str(&inserted);
    out.push_str(&text[offset..]);
    let lead = inserted.len() - inserted.trim_start_matches(['\n', '\r']).len();
    let tail = inserted.len() - inserted.trim_end_matches(['\n', '\r']).len();
    let new_span = Span::new(offset + lead, offset + inserted.len() - tail + 1);
    result.after = Some(LineSpan::of(&out, new_span));
    result.before = Some(LineSpan::of(text, Span::new(offset, offset)));
    result.status = Status::Applied;
    // The last line with text before the insertion point.
    let lines = Lines::new(text);
    let mut last = lines.line_of(offset.saturating_sub(1));
    while last > 0 && lines.get(last).trim().is_empty() {
        last -= 1;
    }
    let last = last + 1;
    result.message = match (&hint.after_section, anchored) {
        (Some(title), Some(_)) => format!("added after the \"{title}\" section (line {last})"),
        _ => format!("added after line {last}"),
    };
    if let Some(line) = hint.after_line
        && line.abs_diff(last) > 1
    {
        let what = if anchored.is_some() {
            format!("the section ends at line {last}")
        } else {
            format!("the nearest place outside a block is after line {last}")
        };
        stale(
            &mut result,
            format!("Location says after line {line}; {what}"),
        );
    }
    (result, Some(out))
}

/// After line `line` (1-based), moved on to the end of its paragraph or block.
fn after_line(doc: &Document, line: usize) -> usize {
    let text = &doc.text;
    let lines = Lines::new(text);
    if line >= lines.len() {
        return outside_open_blocks(doc, text.len());
    }
    let mut at = lines.span(line, line).start.min(text.len());
    if let Some(b) = doc
        .code_blocks
        .iter()
        .find(|b| b.span.start < at && at < b.span.end)
    {
        at = b.span.end;
    }
    // On to the next blank line, so a paragraph is not cut.
    let mut i = lines.line_of(at);
    while at < text.len() && i < lines.len() && !lines.get(i).trim().is_empty() {
        i += 1;
        at = if i < lines.len() {
            lines.span(i, i).start
        } else {
            text.len()
        };
    }
    // Past the blank lines, so the section gets one blank line on each side.
    while at < text.len() && i < lines.len() && lines.get(i).trim().is_empty() {
        i += 1;
        at = if i < lines.len() {
            lines.span(i, i).start
        } else {
            text.len()
        };
    }
    outside_open_blocks(doc, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(current: &str, replacement: &str) -> Change {
        Change {
            number: 1,
            title: "t".into(),
            line: 1,
            file: None,
            location: None,
            edit: Edit::Replace {
                current: current.into(),
                replacement: replacement.into(),
            },
        }
    }

    /// The text after `change`, and the status of applying it once more.
    fn twice(change: &Change, text: &str) -> (String, Status) {
        let (first, out) = apply_change(change, "a.md", text);
        assert_eq!(first.status, Status::Applied, "{}", first.message);
        let out = out.unwrap();
        let (again, none) = apply_change(change, "a.md", &out);
        assert!(none.is_none());
        (out, again.status)
    }

    #[test]
    fn deletions_extensions_and_line_breaks_apply_once() {
        let (out, again) = twice(&replace("b\n", ""), "a\nb\nc\n");
        assert_eq!((out.as_str(), again), ("a\nc\n", Status::AlreadyApplied));
        let (out, again) = twice(&replace("x\n", "x\ny\n"), "x\nz\n");
        assert_eq!((out.as_str(), again), ("x\ny\nz\n", Status::AlreadyApplied));
        let (out, again) = twice(&replace("b\n", "B\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(
            (out.as_str(), again),
            ("a\r\nB\r\nc\r\n", Status::AlreadyApplied)
        );
    }

    #[test]
    fn hostile_paths_are_refused() {
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "specs/../../x.md",
            "C:\\Windows\\x.md",
            "~/x.md",
            "",
        ] {
            assert!(target_path(1, bad).is_err(), "{bad}");
        }
        assert_eq!(
            target_path(1, "./specs//004/spec.md").unwrap(),
            "specs/004/spec.md"
        );
    }
}
