//! The plain text of a heading, cell, paragraph or task item, gathered from
//! pulldown-cmark's text events and single-spaced.
//!
//! Most elements are one text event borrowed from the document, already
//! single-spaced: that piece is kept as given and copied once, at its exact length,
//! when the element ends. Only an element of several pieces (or of text that
//! pulldown-cmark had to rewrite) is assembled in a buffer, which is reused from
//! element to element.

use pulldown_cmark::CowStr;

/// Inline text being gathered for the element that is currently open.
pub(super) struct Inline<'a> {
    /// Whether an element is open: text outside one (in a plain list item, say) is
    /// nobody's and not kept.
    open: bool,
    /// The only piece so far, when it is borrowed from the document.
    first: Option<&'a str>,
    /// Whether the text is in `buf` instead.
    buffered: bool,
    buf: String,
}

impl Inline<'_> {
    /// Nothing gathered and no element open.
    pub(super) fn closed() -> Self {
        Inline {
            open: false,
            first: None,
            buffered: false,
            buf: String::new(),
        }
    }

    /// Gathering for a new element.
    pub(super) fn opened() -> Self {
        Inline {
            open: true,
            ..Inline::closed()
        }
    }
}

impl<'a> Inline<'a> {
    /// An element opens: what was gathered before is forgotten (the buffer's
    /// memory is kept).
    #[inline]
    pub(super) fn start(&mut self) {
        self.open = true;
        self.first = None;
        self.buffered = false;
    }

    #[inline]
    pub(super) fn push(&mut self, piece: CowStr<'a>) {
        if !self.open {
            return;
        }
        match piece {
            CowStr::Borrowed(s) if self.first.is_none() && !self.buffered => self.first = Some(s),
            piece => self.push_buffered(&piece),
        }
    }

    fn push_buffered(&mut self, piece: &str) {
        if !self.buffered {
            self.buf.clear();
            self.buf.push_str(self.first.take().unwrap_or(""));
            self.buffered = true;
        }
        self.buf.push_str(piece);
    }

    /// The element closes: the text gathered for it, [`squash`]ed.
    pub(super) fn take(&mut self) -> String {
        self.take_plain().0
    }

    /// [`Inline::take`], and whether the text was single-spaced ASCII already.
    pub(super) fn take_plain(&mut self) -> (String, bool) {
        self.open = false;
        let text = if std::mem::take(&mut self.buffered) {
            self.buf.as_str()
        } else {
            self.first.take().unwrap_or("")
        };
        if is_squashed(text) {
            // One copy of exactly its length, not a copy word by word.
            (text.to_owned(), true)
        } else {
            (squash(text), false)
        }
    }
}

/// Whether [`squash`] would return `s` unchanged: ASCII, single spaces between
/// words, no other whitespace, nothing at the ends. (Non-ASCII text may hold
/// Unicode whitespace, so it always goes through `squash`.)
///
/// This runs over the text of every paragraph, cell and heading, so it checks
/// many bytes at a time: sixteen in a loop the compiler turns into vector
/// instructions, eight in a word for short text.
pub(super) fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let len = bytes.len();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    if len < 8 {
        return word_is_squashed(short_word(bytes), false);
    }
    if len <= 16 {
        // Two words that overlap: checking a byte twice changes nothing.
        let first = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
        let last = u64::from_le_bytes(bytes[len - 8..].try_into().unwrap_or([0; 8]));
        return word_is_squashed(first, false)
            && (len == 8 || word_is_squashed(last, bytes[len - 9] == b' '));
    }
    let mut at = 0;
    while at + 17 <= len {
        if !block_is_squashed(bytes[at..at + 17].try_into().unwrap_or(&[0; 17])) {
            return false;
        }
        at += 16;
    }
    // The last block again, in part, and the last byte, which no block checks.
    let end = bytes[len - 1];
    block_is_squashed(bytes[len - 17..].try_into().unwrap_or(&[0; 17]))
        && end < 0x80
        && !(0x09..=0x0d).contains(&end)
}

/// Whether the first sixteen bytes hold no byte of 0x80 or more, no tab, line end,
/// vertical tab or form feed, and no space followed by a space (the seventeenth
/// byte only counts as the one after the sixteenth). Written without branches, so
/// that the compiler checks the sixteen bytes at once.
#[inline(always)]
fn block_is_squashed(block: &[u8; 17]) -> bool {
    let mut bad = 0u8;
    for i in 0..16 {
        let (b, next) = (block[i], block[i + 1]);
        bad |= (b >> 7)
            | u8::from(b.wrapping_sub(0x09) < 5)
            | (u8::from(b == b' ') & u8::from(next == b' '));
    }
    bad == 0
}

/// Fewer than eight bytes as a little-endian word, zero bytes after them (a zero
/// byte is neither a space nor whitespace): read in two overlapping halves rather
/// than copied byte by byte.
fn short_word(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    if len >= 4 {
        let low = u32::from_le_bytes(bytes[..4].try_into().unwrap_or([0; 4]));
        let high = u32::from_le_bytes(bytes[len - 4..].try_into().unwrap_or([0; 4]));
        u64::from(low) | u64::from(high) << (8 * (len - 4))
    } else {
        let byte = |i: usize| bytes.get(i).map_or(0, |&b| u64::from(b) << (8 * i));
        byte(0) | byte(len / 2) | byte(len.saturating_sub(1))
    }
}

/// Whether eight bytes (in little-endian order) hold no byte of 0x80 or more, no
/// tab, line end, vertical tab or form feed, and no space after a space;
/// `after_space` tells whether the byte before the first is a space.
fn word_is_squashed(w: u64, after_space: bool) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // When every byte is below 0x80, adding at most 0x7f to each carries into none
    // of the others, and each byte's high bit tells one thing about it. (With a
    // byte of 0x80 or more, the word fails whatever the rest says.)
    let spaces = !(w ^ (ONES * u64::from(b' '))).wrapping_add(ONES * 0x7f) & HIGH;
    let at_least_tab = w.wrapping_add(ONES * (0x80 - 0x09));
    let above_cr = w.wrapping_add(ONES * (0x80 - 0x0e));
    let controls = at_least_tab & !above_cr;
    let doubled = spaces & ((spaces >> 8) | (u64::from(after_space) << 7));
    (w | controls | doubled) & HIGH == 0
}

/// Whitespace runs folded to one space, ends trimmed; case kept.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
