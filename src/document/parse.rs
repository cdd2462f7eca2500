//! The single pass over pulldown-cmark's events that builds a [`Document`].

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{
    Cell, CodeBlock, Comment, Document, LineIndex, Paragraph, Row, Section, Table, TaskItem,
};
use crate::span::Span;

/// Inline text being gathered for the element that is currently open.
#[derive(Default)]
struct Inline {
    text: String,
}

impl Inline {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn take(&mut self) -> String {
        // Most text is already single-spaced: one copy of exactly its length instead
        // of a copy word by word (the buffer itself is kept for the next element).
        let t = if is_squashed(&self.text) {
            self.text.clone()
        } else {
            squash(&self.text)
        };
        self.text.clear();
        t
    }
}

pub(super) fn parse(text: String) -> Document {
    parse_with(text, None)
}

/// [`parse`] in chunks of about `chunk_len` bytes, whatever the text's length: the
/// tests hold it to the whole parse's result.
#[cfg(test)]
pub(super) fn parse_chunked(text: String, chunk_len: usize) -> Document {
    parse_with(text, Some(chunk_len))
}

/// A byte-order mark would hide a first-line heading from the parser: the events
/// are of the text past it, and [`build`] shifts every span back.
fn parse_with(text: String, chunk_len: Option<usize>) -> Document {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let events = match chunk_len {
        Some(len) => super::events::chunked(body, len),
        None => super::events::events(body),
    };
    let mut doc = build(&text, bom, events);
    doc.text = text;
    doc
}

/// The one pass over the events, which are of the text past its first `bom` bytes.
fn build<'a>(
    text: &'a str,
    bom: usize,
    parser: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
) -> Document {
    let mut doc = Document::default();

    // Headings are collected first; sections get their extents afterwards.
    let mut headings: Vec<(u8, String, Span)> = Vec::new();
    let mut heading: Option<(u8, usize)> = None;
    let mut inline = Inline::default();
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell_start = 0;
    let mut paragraph: Option<usize> = None;
    let mut items: Vec<ItemState> = Vec::new();
    let mut html_block: Option<usize> = None;

    for (event, range) in parser {
        let span = Span::from(range).shift(bom);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, span.start));
                inline.text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start)) = heading.take() {
                    headings.push((
                        level,
                        inline.take(),
                        Span::new(start, trim_newline(text, span.end)),
                    ));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.to_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                doc.code_blocks.push(code_block(text, span, info, fenced));
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    span,
                    header: Vec::new(),
                    rows: Vec::new(),
                    section: None,
                });
            }
            Event::End(TagEnd::Table) => doc.tables.extend(table.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row = Some(Row {
                    span,
                    cells: Vec::new(),
                });
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.header = r.cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                cell_start = span.start;
                inline.text.clear();
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(r) = row.as_mut() {
                    let mut cell = Span::new(cell_start, span.end);
                    // A row shorter than the header gets empty cells that are not in
                    // the text; pulldown-cmark places them after the row (on the next
                    // line). Keep them at the row's end, so nothing points or edits
                    // outside the row.
                    let row_end = trim_newline(text, r.span.end);
                    if cell.start >= row_end {
                        cell = Span::new(row_end, row_end);
                    }
                    r.cells.push(Cell {
                        text: inline.take(),
                        span: cell,
                    });
                }
            }
            Event::Start(Tag::Paragraph)
                if heading.is_none() && items.last().is_none_or(|i| i.collecting.is_none()) =>
            {
                paragraph = Some(span.start);
                inline.text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = paragraph.take() {
                    let end = trim_newline(text, span.end);
                    doc.paragraphs.push(Paragraph {
                        text: inline.take(),
                        span: Span::new(start, end),
                        section: None,
                    });
                }
            }
            Event::Start(Tag::Item) => items.push(ItemState {
                span,
                task: None,
                collecting: None,
            }),
            Event::TaskListMarker(checked) => {
                if let Some(item) = items.last_mut() {
                    item.task = Some((checked, span));
                    item.collecting = Some(String::new());
                }
            }
            Event::Start(Tag::List(_)) => {
                // A nested list ends the enclosing item's own text.
                if let Some(item) = items.last_mut() {
                    item.finish(&mut doc.tasks, text);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(mut item) = items.pop() {
                    item.span.end = trim_newline(text, span.end);
                    item.finish(&mut doc.tasks, text);
                }
            }
            Event::Text(s) | Event::Code(s) => {
                collect(&mut inline, &mut items, &s);
            }
            Event::SoftBreak | Event::HardBreak => collect(&mut inline, &mut items, " "),
            Event::Start(Tag::HtmlBlock) => html_block = Some(span.start),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = html_block.take() {
                    find_comments(text, Span::new(start, span.end), &mut doc.comments);
                }
            }
            Event::InlineHtml(_) | Event::Html(_) if html_block.is_none() => {
                find_comments(text, span, &mut doc.comments);
            }
            _ => {}
        }
    }

    // Built once the parser (and its tree of the whole text) is gone, so that the two
    // are never in memory together: on a 20 MB spec that is the peak.
    doc.lines = LineIndex::new(text);
    doc.sections = sections(headings, text.len());
    doc.section_keys = super::keys::SectionKeys::new(&doc.sections);
    let section_of = |d: &Document, offset: usize| d.section_at(offset);
    for i in 0..doc.code_blocks.len() {
        doc.code_blocks[i].section = section_of(&doc, doc.code_blocks[i].span.start);
    }
    for i in 0..doc.tables.len() {
        doc.tables[i].section = section_of(&doc, doc.tables[i].span.start);
    }
    for i in 0..doc.tasks.len() {
        doc.tasks[i].section = section_of(&doc, doc.tasks[i].span.start);
    }
    for i in 0..doc.paragraphs.len() {
        doc.paragraphs[i].section = section_of(&doc, doc.paragraphs[i].span.start);
    }
    doc.comments.sort_by_key(|c| c.span.start);
    doc.comments.dedup_by_key(|c| c.span);
    doc
}

/// Text goes to the open task item when there is one (its own text), else to the
/// open heading, cell or paragraph.
fn collect(inline: &mut Inline, items: &mut [ItemState], s: &str) {
    if let Some(buf) = items.last_mut().and_then(|i| i.collecting.as_mut()) {
        buf.push_str(s);
    } else {
        inline.push(s);
    }
}

struct ItemState {
    span: Span,
    task: Option<(bool, Span)>,
    collecting: Option<String>,
}

impl ItemState {
    fn finish(&mut self, tasks: &mut Vec<TaskItem>, text: &str) {
        if let (Some((checked, marker)), Some(buf)) = (self.task, self.collecting.take()) {
            let end = trim_newline(text, self.span.end);
            tasks.push(TaskItem {
                checked,
                marker,
                text: squash(&buf),
                span: Span::new(self.span.start, end.max(marker.end)),
                section: None,
            });
        }
    }
}

/// Sections from headings: each runs to the next heading of the same or a higher level.
fn sections(headings: Vec<(u8, String, Span)>, len: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, (level, title, heading)) in headings.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if out[top].level >= *level {
                out[top].span.end = heading.start;
                stack.pop();
            } else {
                break;
            }
        }
        if let Some(&parent) = stack.last() {
            if out[parent].own_end == len {
                out[parent].own_end = heading.start;
            }
        }
        let _ = i;
        out.push(Section {
            level: *level,
            title: title.clone(),
            heading: *heading,
            span: Span::new(heading.start, len),
            own_end: len,
            parent: stack.last().copied(),
        });
        stack.push(out.len() - 1);
    }
    // A section's own text ends where its first subsection starts.
    for s in &mut out {
        s.own_end = s.own_end.min(s.span.end);
    }
    out
}

fn code_block(text: &str, span: Span, info: String, fenced: bool) -> CodeBlock {
    let lang = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let block = &text[span.range()];
    let (content, closed) = if fenced {
        let open_end = block.find('\n').map_or(span.end, |i| span.start + i + 1);
        match closing_fence(block) {
            Some(last_start) => (Span::new(open_end, span.start + last_start), true),
            None => (Span::new(open_end, span.end), false),
        }
    } else {
        (span, true)
    };
    CodeBlock {
        info,
        lang,
        span,
        content: Span::new(content.start, content.end.max(content.start)),
        fenced,
        closed,
        section: None,
    }
}

/// Where a fenced block's closing fence line starts (relative to the block), or
/// `None` when the block was left open: its last line is not its opening fence's
/// characters, at least as many.
pub(super) fn closing_fence(block: &str) -> Option<usize> {
    let fence: String = block
        .trim_start()
        .chars()
        .take_while(|&c| c == '`' || c == '~')
        .collect();
    let body = block.trim_end_matches(['\n', '\r']);
    let last_start = body.rfind('\n').map_or(0, |i| i + 1);
    let last = body[last_start..].trim();
    let closes = last_start > 0
        && !fence.is_empty()
        && last.starts_with(&fence)
        && last.chars().all(|c| fence.starts_with(c));
    closes.then_some(last_start)
}

/// Whether [`squash`] would return `s` unchanged: ASCII, single spaces between
/// words, no other whitespace, nothing at the ends. (Non-ASCII text may hold
/// Unicode whitespace, so it always goes through `squash`.)
pub(super) fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            0x09..=0x0d | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    true
}

/// Whitespace runs folded to one space, ends trimmed; case kept.
pub(super) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn trim_newline(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end;
    while e > 0 && matches!(bytes.get(e - 1), Some(b'\n' | b'\r')) {
        e -= 1;
    }
    e
}

fn find_comments(text: &str, span: Span, out: &mut Vec<Comment>) {
    let Some(hay) = text.get(span.range()) else {
        return;
    };
    let mut from = 0;
    while let Some(open) = hay[from..].find("<!--") {
        let start = from + open;
        let Some(close) = hay[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        out.push(Comment {
            body: hay[start + 4..end - 3].trim().to_string(),
            span: Span::new(span.start + start, span.start + end),
        });
        from = end;
    }
}
