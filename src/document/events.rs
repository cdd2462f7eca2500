//! pulldown-cmark's events for a whole text, with offsets into that text.
//!
//! pulldown-cmark builds a tree of the whole input before it yields the first event;
//! on a 20 MB spec that tree is the largest thing in memory (about twice the text).
//! A large text is therefore parsed in chunks that start at an ATX heading after a
//! blank line, where every block before has ended: the events are the same as the
//! whole parse's, and only one chunk's tree is alive at a time.
//!
//! A chunk boundary is only taken where the whole parse could not read across it:
//! - the heading line starts at column 0 after a blank line, so it ends any
//!   paragraph, table, list or quote before it and cannot continue them;
//! - the chunk before does not end inside a fenced code block or an HTML block
//!   (either would swallow the heading): this is checked on the chunk's own events,
//!   and a chunk that fails the check is parsed again twice as long, so the total
//!   work stays linear;
//! - the text has no link reference definition (`[label]: url`), the one thing a
//!   later block can use from an earlier one.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// Texts longer than this are parsed in chunks.
pub(super) const CHUNKED_ABOVE: usize = 1 << 20;
/// The length a chunk aims for (it ends at the next usable heading).
pub(super) const CHUNK_LEN: usize = 256 << 10;

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// Every event of `text` with its byte range in `text`, in document order.
pub(super) fn events(text: &str) -> Events<'_> {
    if text.len() > CHUNKED_ABOVE {
        chunked(text, CHUNK_LEN)
    } else {
        Events::Whole(Parser::new_ext(text, options()).into_offset_iter())
    }
}

/// [`events`] with chunks of about `chunk_len` bytes whatever the text's length;
/// the tests use it to compare a chunked parse with a whole one on small texts.
pub(super) fn chunked(text: &str, chunk_len: usize) -> Events<'_> {
    // One chunk would be the whole text, parsed and then held as a list of events:
    // more memory than streaming the whole parse.
    if may_define_links(text) || next_boundary(text, chunk_len.max(1)) >= text.len() {
        return Events::Whole(Parser::new_ext(text, options()).into_offset_iter());
    }
    Events::Chunked(Chunks {
        text,
        start: 0,
        chunk_len: chunk_len.max(1),
        pending: Vec::new().into_iter(),
    })
}

/// One per parse, on the stack: boxing the larger variant would only add an
/// allocation per document.
#[allow(clippy::large_enum_variant)]
pub(super) enum Events<'a> {
    Whole(pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>),
    Chunked(Chunks<'a>),
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Events::Whole(parser) => parser.next(),
            Events::Chunked(chunks) => chunks.next(),
        }
    }
}

pub(super) struct Chunks<'a> {
    text: &'a str,
    /// Where the next chunk starts.
    start: usize,
    chunk_len: usize,
    /// The current chunk's events, offsets already shifted into `text`.
    pending: std::vec::IntoIter<(Event<'a>, Range<usize>)>,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(event) = self.pending.next() {
                return Some(event);
            }
            if self.start >= self.text.len() {
                return None;
            }
            self.pending = self.next_chunk().into_iter();
        }
    }
}

impl<'a> Chunks<'a> {
    /// Parses the next chunk: the shortest one of at least `chunk_len` bytes that
    /// ends at a heading and does not end inside a block, doubling the length when
    /// it does.
    fn next_chunk(&mut self) -> Vec<(Event<'a>, Range<usize>)> {
        let text = self.text;
        let start = self.start;
        let mut want = self.chunk_len;
        loop {
            let end = next_boundary(text, start.saturating_add(want));
            let chunk = &text[start..end];
            let events: Vec<(Event<'a>, Range<usize>)> = Parser::new_ext(chunk, options())
                .into_offset_iter()
                .map(|(event, range)| (event, range.start + start..range.end + start))
                .collect();
            if end == text.len() || !ends_inside_block(chunk, start, &events) {
                self.start = end;
                return events;
            }
            want = want.saturating_mul(2);
        }
    }
}

/// The first chunk boundary at or after `from`: the start of an ATX heading line
/// that follows a blank line (LF or CRLF line ends), or the text's end.
fn next_boundary(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    if from >= bytes.len() {
        return bytes.len();
    }
    // Start a line end back so that a heading right at `from` still counts.
    let search = from.saturating_sub(1);
    for at in memchr::memmem::find_iter(&bytes[search..], b"\n#") {
        let line_end = search + at;
        let heading = line_end + 1;
        let blank_before = match line_end.checked_sub(1).map(|i| bytes[i]) {
            Some(b'\n') => true,
            Some(b'\r') => line_end >= 2 && bytes[line_end - 2] == b'\n',
            _ => false,
        };
        if heading >= from && blank_before && is_atx_heading(&bytes[heading..]) {
            return heading;
        }
    }
    bytes.len()
}

/// One to six `#` then a space, a tab or the line's end.
fn is_atx_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(line.get(hashes), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

/// Whether the chunk's last top-level block is a fenced code block or an HTML block
/// still open at the chunk's end: in the whole text it would run on into the next
/// chunk.
fn ends_inside_block(chunk: &str, offset: usize, events: &[(Event<'_>, Range<usize>)]) -> bool {
    /// The last top-level block: whether it can run past a blank line, and where.
    enum Last {
        Fence(Range<usize>),
        Html(Range<usize>),
        Other,
    }
    let mut depth = 0usize;
    let mut last = Last::Other;
    for (event, range) in events {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    last = match tag {
                        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => Last::Fence(range.clone()),
                        Tag::HtmlBlock => Last::Html(range.clone()),
                        _ => Last::Other,
                    };
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => last = Last::Other,
            _ => {}
        }
    }
    // A block that was closed ends before the chunk's trailing blank line; one left
    // open runs to the chunk's end. A fence is also checked for its closing line, in
    // case the blank line belongs to its content.
    let runs_to_end = |range: &Range<usize>| range.end - offset >= chunk.len();
    match last {
        Last::Fence(range) => {
            runs_to_end(&range)
                || super::parse::closing_fence(&chunk[range.start - offset..range.end - offset])
                    .is_none()
        }
        Last::Html(range) => runs_to_end(&range),
        Last::Other => false,
    }
}

/// Whether any line could be (part of) a link reference definition: `[label]:`
/// after indentation, quote or list markers, or a `]:` whose `[` is on an earlier
/// line. Over-eager on purpose: it only turns chunking off. One pass, however many
/// `]:` a line holds.
pub(super) fn may_define_links(text: &str) -> bool {
    let bytes = text.as_bytes();
    let marker = |b: &u8| {
        matches!(b, b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')') || b.is_ascii_digit()
    };
    // The current line: the first byte after its markers, and whether a `[` was
    // seen on it up to `scanned`.
    let mut first = bytes.iter().find(|b| !marker(b)).copied();
    let mut bracket = false;
    let mut scanned = 0;
    for at in memchr::memmem::find_iter(bytes, b"]:") {
        if let Some(nl) = memchr::memrchr(b'\n', &bytes[scanned..at]) {
            let line_start = scanned + nl + 1;
            first = bytes[line_start..].iter().find(|b| !marker(b)).copied();
            bracket = false;
            scanned = line_start;
        }
        bracket |= memchr::memchr(b'[', &bytes[scanned..at]).is_some();
        scanned = at;
        if first == Some(b'[') || !bracket {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each chunk starts when chunks aim for `chunk_len` bytes.
    fn chunk_starts(text: &str, chunk_len: usize) -> Vec<usize> {
        let mut chunks = Chunks {
            text,
            start: 0,
            chunk_len,
            pending: Vec::new().into_iter(),
        };
        let mut starts = Vec::new();
        while chunks.start < text.len() {
            starts.push(chunks.start);
            chunks.next_chunk();
        }
        starts
    }

    #[test]
    fn chunks_start_at_headings_after_blank_lines() {
        let text = "# A\n\ntext\n# not after a blank line\n\n## B\n\n#tag\n\n# C\n";
        let b = text.find("## B").unwrap();
        let c = text.find("# C").unwrap();
        assert_eq!(chunk_starts(text, 1), [0, b, c]);
        assert_eq!(chunk_starts(text, b + 1), [0, c]);
        assert_eq!(chunk_starts(text, text.len()), [0]);
    }

    #[test]
    fn a_chunk_ending_inside_a_fence_or_html_block_grows() {
        let text = "# A\n\n```\n\n# in code\n\n```\n\n# B\n\n<!--\n\n# in comment\n\n-->\n\n# C\n";
        let b = text.find("# B").unwrap();
        let c = text.find("# C").unwrap();
        assert_eq!(chunk_starts(text, 1), [0, b, c]);
        let open = "# A\n\n```\n\n# in code\n\n# still code\n";
        assert_eq!(chunk_starts(open, 1), [0]);
    }

    #[test]
    fn small_texts_and_texts_without_a_boundary_are_parsed_whole() {
        assert!(matches!(events("# A\n\n# B\n"), Events::Whole(_)));
        let no_heading = "text\n\n".repeat(1000);
        assert!(matches!(chunked(&no_heading, 1), Events::Whole(_)));
        assert!(matches!(chunked("# A\n\n# B\n", 1), Events::Chunked(_)));
    }

    #[test]
    fn crlf_blank_lines_end_chunks_too() {
        let text = "# A\r\n\r\ntext\r\n\r\n# B\r\n";
        assert_eq!(chunk_starts(text, 1), [0, text.find("# B").unwrap()]);
    }
}
