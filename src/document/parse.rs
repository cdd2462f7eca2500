//! The single pass over pulldown-cmark's events that builds a [`Document`].

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::Events;
use super::inline::Inline;
use super::keys::SectionKeys;
use super::{
    Cell, CodeBlock, Comment, Document, LineIndex, Paragraph, Row, Section, Table, TaskItem,
};
use crate::span::Span;

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
    // One pass for each kind of event source, so that the pass over a whole parse
    // (nearly every document) takes pulldown-cmark's events straight from it.
    let mut doc = match events {
        Events::Whole(parser) => build(&text, bom, parser),
        Events::Chunked(chunks) => build(&text, bom, chunks),
    };
    doc.text = text;
    doc
}

/// The one pass over the events, which are of the text past its first `bom` bytes.
fn build<'a>(
    text: &'a str,
    bom: usize,
    parser: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
) -> Document {
    let mut b = Builder {
        text,
        // Room for what most specs hold, so that these lists rarely grow (and
        // copy) as they fill; the pass trims them to size at its end.
        doc: Document {
            paragraphs: Vec::with_capacity(32),
            tasks: Vec::with_capacity(16),
            ..Document::default()
        },
        headings: Vec::with_capacity(32),
        heading: None,
        inline: Inline::closed(),
        table: None,
        columns: 0,
        row: None,
        cell_start: 0,
        paragraph: None,
        items: Vec::new(),
        html_block: None,
    };
    for (event, range) in parser {
        let span = Span::from(range).shift(bom);
        match event {
            Event::Text(s) | Event::Code(s) => b.collect(s),
            Event::SoftBreak | Event::HardBreak => b.collect(CowStr::Borrowed(" ")),
            Event::Start(tag) => b.start(tag, span),
            Event::End(tag) => b.end(tag, span),
            Event::TaskListMarker(checked) => {
                if let Some(item) = b.items.last_mut() {
                    item.task = Some((checked, span));
                    item.collecting = Some(Inline::opened());
                }
            }
            Event::InlineHtml(_) | Event::Html(_) if b.html_block.is_none() => {
                find_comments(text, span, &mut b.doc.comments);
            }
            _ => {}
        }
    }
    let Builder {
        mut doc, headings, ..
    } = b;

    doc.paragraphs.shrink_to_fit();
    doc.tasks.shrink_to_fit();
    // Built once the parser (and its tree of the whole text) is gone, so that the two
    // are never in memory together: on a 20 MB spec that is the peak.
    doc.lines = LineIndex::new(text);
    doc.section_keys = SectionKeys::new(headings.iter().map(|h| (h.title.as_str(), h.plain)));
    doc.sections = sections(headings, text.len());
    let mut at = Sections::new(&doc.sections);
    for block in &mut doc.code_blocks {
        block.section = at.section_at(block.span.start);
    }
    let mut at = Sections::new(&doc.sections);
    for table in &mut doc.tables {
        table.section = at.section_at(table.span.start);
    }
    let mut at = Sections::new(&doc.sections);
    for task in &mut doc.tasks {
        task.section = at.section_at(task.span.start);
    }
    let mut at = Sections::new(&doc.sections);
    for paragraph in &mut doc.paragraphs {
        paragraph.section = at.section_at(paragraph.span.start);
    }
    doc.comments.sort_by_key(|c| c.span.start);
    doc.comments.dedup_by_key(|c| c.span);
    doc
}

/// What the pass knows between events.
struct Builder<'a> {
    text: &'a str,
    doc: Document,
    /// Headings are collected first; sections get their extents afterwards.
    headings: Vec<Heading>,
    heading: Option<(u8, usize)>,
    inline: Inline<'a>,
    table: Option<Table>,
    /// The open table's number of columns.
    columns: usize,
    row: Option<Row>,
    cell_start: usize,
    paragraph: Option<usize>,
    items: Vec<ItemState<'a>>,
    html_block: Option<usize>,
}

impl<'a> Builder<'a> {
    /// Text goes to the open task item when there is one (its own text), else to
    /// the open heading, cell or paragraph.
    #[inline]
    fn collect(&mut self, s: CowStr<'a>) {
        match self.items.last_mut().and_then(|i| i.collecting.as_mut()) {
            Some(own) => own.push(s),
            None => self.inline.push(s),
        }
    }

    #[inline]
    fn start(&mut self, tag: Tag<'a>, span: Span) {
        let text = self.text;
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((level as u8, span.start));
                self.inline.start();
            }
            Tag::CodeBlock(kind) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.into_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                self.doc
                    .code_blocks
                    .push(code_block(text, span, info, fenced));
            }
            Tag::Table(alignments) => {
                self.columns = alignments.len();
                self.table = Some(Table {
                    span,
                    header: Vec::new(),
                    rows: Vec::new(),
                    section: None,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                // pulldown-cmark gives every row as many cells as the table has
                // columns.
                self.row = Some(Row {
                    span,
                    cells: Vec::with_capacity(self.columns),
                });
            }
            Tag::TableCell => {
                self.cell_start = span.start;
                self.inline.start();
            }
            Tag::Paragraph
                if self.heading.is_none()
                    && self.items.last().is_none_or(|i| i.collecting.is_none()) =>
            {
                self.paragraph = Some(span.start);
                self.inline.start();
            }
            Tag::Item => self.items.push(ItemState {
                span,
                task: None,
                collecting: None,
            }),
            Tag::List(_) => {
                // A nested list ends the enclosing item's own text.
                if let Some(item) = self.items.last_mut().filter(|i| i.collecting.is_some()) {
                    item.finish(&mut self.doc.tasks, self.text);
                }
            }
            Tag::HtmlBlock => self.html_block = Some(span.start),
            _ => {}
        }
    }

    #[inline]
    fn end(&mut self, tag: TagEnd, span: Span) {
        let text = self.text;
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, start)) = self.heading.take() {
                    let (title, plain) = self.inline.take_plain();
                    self.headings.push(Heading {
                        level,
                        title,
                        span: Span::new(start, trim_newline(text, span.end)),
                        plain,
                    });
                }
            }
            TagEnd::Table => self.doc.tables.extend(self.table.take()),
            TagEnd::TableHead => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.header = r.cells;
                }
            }
            TagEnd::TableRow => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.rows.push(r);
                }
            }
            TagEnd::TableCell => {
                if let Some(r) = self.row.as_mut() {
                    let mut cell = Span::new(self.cell_start, span.end);
                    // A row shorter than the header gets empty cells that are not in
                    // the text; pulldown-cmark places them after the row (on the next
                    // line). Keep them at the row's end, so nothing points or edits
                    // outside the row.
                    let row_end = trim_newline(text, r.span.end);
                    if cell.start >= row_end {
                        cell = Span::new(row_end, row_end);
                    }
                    r.cells.push(Cell {
                        text: self.inline.take(),
                        span: cell,
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some(start) = self.paragraph.take() {
                    let end = trim_newline(text, span.end);
                    self.doc.paragraphs.push(Paragraph {
                        text: self.inline.take(),
                        span: Span::new(start, end),
                        section: None,
                    });
                }
            }
            TagEnd::Item => {
                if let Some(mut item) = self.items.pop().filter(|i| i.collecting.is_some()) {
                    item.span.end = trim_newline(text, span.end);
                    item.finish(&mut self.doc.tasks, text);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(start) = self.html_block.take() {
                    find_comments(text, Span::new(start, span.end), &mut self.doc.comments);
                }
            }
            _ => {}
        }
    }
}

struct ItemState<'a> {
    span: Span,
    task: Option<(bool, Span)>,
    collecting: Option<Inline<'a>>,
}

impl ItemState<'_> {
    fn finish(&mut self, tasks: &mut Vec<TaskItem>, text: &str) {
        if let (Some((checked, marker)), Some(mut own)) = (self.task, self.collecting.take()) {
            let end = trim_newline(text, self.span.end);
            tasks.push(TaskItem {
                checked,
                marker,
                text: own.take(),
                span: Span::new(self.span.start, end.max(marker.end)),
                section: None,
            });
        }
    }
}

/// The innermost section holding each of a run of offsets, found without a search
/// when the offsets come in document order (as each kind of element does): the
/// answer is the last section started, or one of its ancestors.
struct Sections<'s> {
    sections: &'s [Section],
    /// The first section that starts after the last offset.
    next: usize,
    /// The answer for the last offset.
    at: Option<usize>,
    last: usize,
}

impl<'s> Sections<'s> {
    fn new(sections: &'s [Section]) -> Self {
        Sections {
            sections,
            next: 0,
            at: None,
            last: 0,
        }
    }

    /// What [`Document::section_at`] gives.
    #[inline]
    fn section_at(&mut self, offset: usize) -> Option<usize> {
        let sections = self.sections;
        if offset < self.last {
            // Out of order: searched for directly.
            return super::section_at(sections, offset);
        }
        self.last = offset;
        // A section holding `offset` holds the last one started before it, with
        // the ancestors that hold that (sections nest); when none started since
        // the last offset, it holds the last offset too.
        let mut at = self.at;
        while sections
            .get(self.next)
            .is_some_and(|s| s.heading.start <= offset)
        {
            at = Some(self.next);
            self.next += 1;
        }
        while let Some(i) = at {
            if sections[i].span.end > offset {
                break;
            }
            at = sections[i].parent;
        }
        self.at = at;
        at
    }
}

/// A heading as the pass meets it.
struct Heading {
    level: u8,
    title: String,
    /// The heading line(s).
    span: Span,
    /// Whether the title was single-spaced ASCII as written.
    plain: bool,
}

/// Sections from headings: each runs to the next heading of the same or a higher level.
fn sections(headings: Vec<Heading>, len: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for Heading {
        level,
        title,
        span: heading,
        ..
    } in headings
    {
        while let Some(&top) = stack.last() {
            if out[top].level >= level {
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
        out.push(Section {
            level,
            title,
            heading,
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
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("");
    let lang = if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase()
    };
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
    let opening = block.trim_start();
    let fence = &opening[..opening
        .bytes()
        .take_while(|&b| b == b'`' || b == b'~')
        .count()];
    let body = block.trim_end_matches(['\n', '\r']);
    let last_start = body.rfind('\n').map_or(0, |i| i + 1);
    let last = body[last_start..].trim();
    let closes = last_start > 0
        && !fence.is_empty()
        && last.starts_with(fence)
        && last.chars().all(|c| fence.starts_with(c));
    closes.then_some(last_start)
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
