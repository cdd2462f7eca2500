//! M002: code fences that close earlier than the text around them shows they
//! should, or never close.
//!
//! Blocks are found with pulldown-cmark, so container rules (lists, block quotes,
//! indented code, tildes) are CommonMark's and not re-implemented here. This module
//! only judges the blocks it is given, and it judges conservatively: a report needs
//! the text itself to show the intended structure.
//!
//! # What counts as closing early
//! Only blocks fenced with four or more backticks or tildes are judged: a longer
//! fence is how an author says "this block quotes fences", so inner fences are
//! expected and their balance is meaningful. Such a block closes early when
//!
//! - **an inner fence is still open** at its closing line ("````" … "```python" …
//!   "````" with no "```" in between): the author's inner block was cut short; or
//! - **the quoted section continues after it**, which takes all three of: a later
//!   bare fence (no info string) of the same character and at least the same length
//!   that CommonMark reads as an opener, as the first such fence after the close;
//!   between the two, a heading at a level the quoted text itself uses (the quoted
//!   "#### 1." section is followed by "#### 2." outside the block); and that bare
//!   fence being followed by document structure (a heading no deeper than the one
//!   the block sits under, perhaps after a "---"), which shows it was meant to
//!   close, not to open.
//!
//! A fence that reaches the end of the file (or of its list item or block quote)
//! without a closing line never closes.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::span::Span;

/// One M002 finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FenceProblem {
    /// ClosesEarly: the closing fence line that ends the block too soon.
    /// NeverCloses: the opening fence line.
    pub span: Span,
    pub kind: FenceProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum FenceProblemKind {
    /// A 4+ fence block whose inner fences do not pair, or whose quoted section
    /// visibly goes on after it: the block ends before the text shows it should.
    ClosesEarly { opened_at: Span },
    /// A fence opened and never closed before the end of the file (or of the list
    /// item or block quote holding it).
    NeverCloses,
}

/// A fenced code block as the text shows it.
#[derive(Debug)]
struct Block {
    /// The opening fence line, without its line break.
    open: Span,
    /// The closing fence line, if there is one.
    close: Option<Span>,
    fence: u8,
    len: usize,
    info: String,
    /// The code inside, container prefixes removed.
    content: String,
    /// Level of the last heading before the block (0: none).
    section_level: u8,
}

/// Every M002 problem in `text`, in text order.
pub fn fence_problems(text: &str) -> Vec<FenceProblem> {
    let (blocks, headings) = blocks_and_headings(text);
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Some(close) = block.close else {
            out.push(FenceProblem {
                span: block.open,
                kind: FenceProblemKind::NeverCloses,
            });
            continue;
        };
        if block.len < 4 {
            continue;
        }
        if inner_fence_left_open(&block.content)
            || section_continues(block, close, &blocks[i + 1..], &headings)
        {
            out.push(FenceProblem {
                span: close,
                kind: FenceProblemKind::ClosesEarly {
                    opened_at: block.open,
                },
            });
        }
    }
    out.sort_by_key(|p| p.span);
    out
}

/// Fenced blocks in text order, and the document's headings as (start, level).
fn blocks_and_headings(text: &str) -> (Vec<Block>, Vec<(usize, u8)>) {
    let mut blocks = Vec::new();
    let mut headings: Vec<(usize, u8)> = Vec::new();
    let mut current: Option<(Block, std::ops::Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => headings.push((range.start, level as u8)),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let open = line_at(text, range.start);
                let (fence, len) = fence_of(&text[open.range()]).unwrap_or((b'`', 3));
                let section_level = headings.last().map_or(0, |h| h.1);
                let block = Block {
                    open,
                    close: None,
                    fence,
                    len,
                    info: info.to_string(),
                    content: String::new(),
                    section_level,
                };
                current = Some((block, range));
            }
            Event::Text(t) => {
                if let Some((block, _)) = current.as_mut() {
                    block.content.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((mut block, range)) = current.take() {
                    block.close = closing_line(text, &block, range);
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    (blocks, headings)
}

/// The line holding `offset`, without its line break.
fn line_at(text: &str, offset: usize) -> Span {
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| offset + p);
    let end = if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    Span::new(start, end)
}

/// The block's closing fence line, if the last line of its range is one.
fn closing_line(text: &str, block: &Block, range: std::ops::Range<usize>) -> Option<Span> {
    let body = text[range.clone()].trim_end_matches(['\n', '\r']);
    let last_start = range.start + body.rfind('\n').map_or(0, |p| p + 1);
    let last = line_at(text, last_start.min(text.len()));
    if last.start <= block.open.start {
        return None;
    }
    let line = strip_containers(&text[last.range()]);
    let run = line.bytes().take_while(|&b| b == block.fence).count();
    (run >= block.len && line[run..].trim().is_empty()).then_some(last)
}

/// A line without the block-quote markers and indentation in front of it.
fn strip_containers(line: &str) -> &str {
    line.trim_start_matches(['>', ' ', '\t'])
}

/// Fence character and length at the start of a fence line (containers allowed).
pub(crate) fn fence_of(line: &str) -> Option<(u8, usize)> {
    let line = strip_containers(line);
    let line = line.trim_start_matches(['-', '*', '+', ' ']);
    let line =
        line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
    let first = *line.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == first).count();
    (len >= 3).then_some((first, len))
}

/// A fence line inside a block's content: at most three spaces, three or more
/// backticks or tildes, and for backticks an info string without backticks. Its
/// character, length and info string (trimmed). The change-request reader pairs
/// quoted fences with it too.
pub(crate) fn fence_line(line: &str) -> Option<(u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let first = *rest.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == first).count();
    let info = rest[len..].trim();
    (len >= 3 && !(first == b'`' && info.contains('`'))).then_some((first, len, info))
}

/// Whether an inner fence opened in `content` is still open at its end.
fn inner_fence_left_open(content: &str) -> bool {
    let mut open: Option<(u8, usize)> = None;
    for line in content.lines() {
        let Some((fence, len, info)) = fence_line(line) else {
            continue;
        };
        match open {
            None => open = Some((fence, len)),
            Some((f, l)) if f == fence && len >= l && info.is_empty() => open = None,
            Some(_) => {}
        }
    }
    open.is_some()
}

/// ATX heading level of a line, if it is one.
fn heading_level(line: &str) -> Option<u8> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    let after = &rest[level..];
    ((1..=6).contains(&level) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(level as u8)
}

/// Heading levels used by the quoted text, outside its own inner fences.
fn quoted_heading_levels(content: &str) -> Vec<u8> {
    let mut levels = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    for line in content.lines() {
        if let Some((fence, len, info)) = fence_line(line) {
            open = match open {
                None => Some((fence, len)),
                Some((f, l)) if f == fence && len >= l && info.is_empty() => None,
                keep => keep,
            };
            continue;
        }
        if open.is_none()
            && let Some(level) = heading_level(line)
        {
            levels.push(level);
        }
    }
    levels
}

/// The second ClosesEarly rule (see the module header).
fn section_continues(
    block: &Block,
    close: Span,
    later: &[Block],
    headings: &[(usize, u8)],
) -> bool {
    let Some(bare) = later
        .iter()
        .find(|b| b.fence == block.fence && b.len >= block.len)
    else {
        return false;
    };
    if !bare.info.trim().is_empty() {
        return false;
    }
    let quoted = quoted_heading_levels(&block.content);
    let continues = headings
        .iter()
        .filter(|(at, _)| *at > close.end && *at < bare.open.start)
        .any(|(_, level)| quoted.contains(level));
    if !continues {
        return false;
    }
    let mut lines = bare
        .content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let first = lines.next();
    let first = if first.is_some_and(is_thematic_break) {
        lines.next()
    } else {
        first
    };
    let limit = if block.section_level == 0 {
        6
    } else {
        block.section_level
    };
    first
        .and_then(heading_level)
        .is_some_and(|level| level <= limit)
}

fn is_thematic_break(line: &str) -> bool {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && ['-', '*', '_'].iter().any(|m| chars.iter().all(|c| c == m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, FenceProblemKind)> {
        fence_problems(text)
            .into_iter()
            .map(|p| (text[p.span.range()].to_owned(), p.kind))
            .collect()
    }

    #[test]
    fn well_formed_nesting_is_quiet() {
        let doc = "# A\n\n````markdown\n## Example\n\n```js\nx()\n```\n````\n\nAfter.\n";
        assert!(fence_problems(doc).is_empty());
    }

    #[test]
    fn inner_fence_open_at_close() {
        let doc = "````\n```python\nx = 1\n````\n";
        let found = fence_problems(doc);
        assert_eq!(found.len(), 1);
        assert_eq!(&doc[found[0].span.range()], "````");
        assert_eq!(
            found[0].kind,
            FenceProblemKind::ClosesEarly {
                opened_at: Span::new(0, 4)
            }
        );
    }

    #[test]
    fn never_closes() {
        let doc = "text\n\n```sql\nSELECT 1;\n";
        assert_eq!(
            kinds(doc),
            vec![("```sql".to_owned(), FenceProblemKind::NeverCloses)]
        );
    }

    #[test]
    fn quoted_section_going_on() {
        let doc = "### Change 2\n\n````markdown\n## Schema\n\n#### 1. user\n\n```sql\nCREATE TABLE u (id INT);\n```\n````\n\n#### 2. session\n\nMore.\n\n````\n\n---\n\n### Change 3\n\ntext\n````\n";
        let found = fence_problems(doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].span,
            line_at(doc, doc.find("````\n\n####").unwrap_or(0))
        );
    }

    #[test]
    fn later_bare_block_alone_is_not_evidence() {
        // Same shape, but the second ```` block is ordinary code.
        let doc = "### Change 2\n\n````markdown\n#### 1. user\n````\n\n#### 2. session\n\n````\nplain code\n````\n";
        assert!(fence_problems(doc).is_empty());
    }
}
