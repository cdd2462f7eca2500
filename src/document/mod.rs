//! Markdown → [`Document`]: sections, fenced code blocks, tables, task-list items,
//! paragraphs and HTML comments, each with byte spans into the original text.
//!
//! This is the only module that knows pulldown-cmark. Parsing never fails: any text
//! is a document, possibly an odd one. Everything downstream (extractors, rules, the
//! fix engine) works on these spans; lines and columns exist only for output.

mod events;
mod inline;
mod keys;
mod line_index;
mod parse;
mod quoted;

pub(crate) use inline::squash;
pub use keys::heading_key;
pub use line_index::{LineCol, LineIndex};

use crate::span::Span;

/// One parsed Markdown file. Owns its text so that every span can be resolved.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub text: String,
    pub lines: LineIndex,
    pub sections: Vec<Section>,
    pub code_blocks: Vec<CodeBlock>,
    pub tables: Vec<Table>,
    pub tasks: Vec<TaskItem>,
    pub paragraphs: Vec<Paragraph>,
    pub comments: Vec<Comment>,
    /// [`heading_key`] of each section's title, computed once at parse time: rules
    /// look sections up by title many times per document.
    section_keys: keys::SectionKeys,
}

/// A heading and everything under it up to the next heading of the same or a
/// higher level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    /// The heading's text, inline code marks and emphasis removed.
    pub title: String,
    /// The heading line(s).
    pub heading: Span,
    /// From the heading to the end of the section, subsections included.
    pub span: Span,
    /// Where the section's own text ends: its first subsection, or `span.end`.
    pub own_end: usize,
    pub parent: Option<usize>,
}

/// A fenced (or indented) code block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string as written: "sql", "python title=x.py", "".
    pub info: String,
    /// The first word of the info string, lower-cased.
    pub lang: String,
    /// The whole block, fences included.
    pub span: Span,
    /// The lines between the fences.
    pub content: Span,
    pub fenced: bool,
    /// False when the closing fence is missing (the block runs to the end).
    pub closed: bool,
    pub section: Option<usize>,
}

/// A GitHub-flavoured Markdown table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub span: Span,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub section: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Plain text: code marks and emphasis removed.
    pub text: String,
    pub span: Span,
}

/// A `- [ ]` / `- [x]` list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskItem {
    pub checked: bool,
    /// The `[ ]` / `[x]` marker itself: what ticking rewrites.
    pub marker: Span,
    /// The item's own text (nested lists excluded), plain.
    pub text: String,
    pub span: Span,
    pub section: Option<usize>,
}

/// A paragraph's plain text (code marks removed, line breaks as spaces).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub span: Span,
    pub section: Option<usize>,
}

/// An HTML comment: where suppressions live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub body: String,
    pub span: Span,
}

impl Document {
    /// Parses Markdown. Never fails.
    pub fn parse(text: impl Into<String>) -> Self {
        parse::parse(text.into())
    }

    /// The text under a span (empty when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The innermost section holding `offset`.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        section_at(&self.sections, offset)
    }

    /// The titles from the outermost section down to `section`.
    pub fn section_path(&self, section: Option<usize>) -> Vec<&str> {
        let mut path = Vec::new();
        let mut at = section;
        while let Some(i) = at {
            path.push(self.sections[i].title.as_str());
            at = self.sections[i].parent;
        }
        path.reverse();
        path
    }

    /// The first section whose heading matches `title` (see [`heading_key`]).
    pub fn find_section(&self, title: &str) -> Option<usize> {
        if self.section_keys.len() == self.sections.len() {
            return self.section_keys.find(title);
        }
        let key = heading_key(title);
        self.sections
            .iter()
            .position(|s| heading_key(&s.title) == key)
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    /// The source lines that overlap `span`, each with its span (line ending excluded).
    pub fn lines_in(&self, span: Span) -> impl Iterator<Item = (&str, Span)> + '_ {
        let first = self.lines.line_of(span.start);
        let last = self
            .lines
            .line_of(span.end.saturating_sub(1).max(span.start));
        (first..=last).map(move |l| {
            let s = self.lines.line_span(&self.text, l);
            (self.slice(s), s)
        })
    }
}

/// [`Document::section_at`] in a list of sections.
fn section_at(sections: &[Section], offset: usize) -> Option<usize> {
    let i = sections.partition_point(|s| s.heading.start <= offset);
    (0..i).rev().find(|&j| sections[j].span.contains(offset))
}

#[cfg(test)]
mod tests;
