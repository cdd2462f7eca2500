//! A block's text laid out as rows of display columns.
//!
//! Text art lines up by what a reader sees, not by bytes or chars: a wide character
//! (emoji, CJK) takes two columns, a tab runs to the next multiple of 8, zero-width and
//! control characters take none, and a leading BOM or a `\r` before the line end are
//! not part of the picture. Every other module works on this grid, and each cell keeps
//! the byte range it came from so that spans point back into the file.

use std::thread::LocalKey;

use unicode_width::UnicodeWidthChar;

use super::glyphs::Glyph;

/// Tab stops, in display columns.
pub const TAB_WIDTH: usize = 8;

/// One display column of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The character drawn here (a space for tab padding).
    pub ch: char,
    /// What `ch` can draw, worked out once here for every pass over the grid.
    pub glyph: Glyph,
    /// True on the second column of a wide character: same char, same bytes.
    pub tail: bool,
    /// Byte range of the character in the content (zero-width followers included).
    pub start: usize,
    pub end: usize,
}

/// A blank cell, bytes aside.
const BLANK: Cell = Cell {
    ch: ' ',
    glyph: Glyph::of_ascii(b' '),
    tail: false,
    start: 0,
    end: 0,
};

/// The block as rows of cells.
///
/// The cells of all rows are in one vector, row after row, so that laying a block out
/// costs one allocation, not one per row; `starts` says where each row begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    cells: Vec<Cell>,
    /// Where each row starts in `cells`, and one more entry: where the last one ends.
    starts: Vec<usize>,
    /// Per row, the classes of all its characters together.
    classes: Vec<Glyph>,
    /// The classes of the row being laid out, so far.
    row_classes: Glyph,
}

impl Grid {
    /// Lays `content` out. Linear in its length.
    ///
    /// Bytes are read directly, and the runs that make up most of a drawing are laid
    /// out whole: blanks, ASCII text (one byte, one column each) and a box-drawing
    /// char repeated (three bytes, one column each). Only the other chars are decoded
    /// one by one.
    pub fn new(content: &str) -> Grid {
        let bytes = content.as_bytes();
        let lines = memchr::memchr_iter(b'\n', bytes).count() + 2;
        // A row has about as many columns as its line has bytes. A kept vector too
        // small is replaced, not grown: growing would copy its old contents.
        let mut cells = take_spare(&SPARE_CELLS);
        if cells.capacity() < bytes.len() {
            cells = Vec::with_capacity(bytes.len());
        }
        let mut grid = Grid {
            cells,
            starts: Vec::with_capacity(lines),
            classes: Vec::with_capacity(lines),
            row_classes: Glyph::NONE,
        };
        grid.starts.push(0);
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            at = match byte {
                b' ' => grid.push_blanks(bytes, at),
                b'!'..=b'~' => grid.push_text(bytes, at),
                0xE2 if matches!(bytes.get(at + 1), Some(0x94 | 0x95)) => {
                    grid.push_box_run(content, at)
                }
                b'\n' => {
                    grid.end_row();
                    at + 1
                }
                b'\r' => {
                    grid.end_row();
                    // "\r\n" and a lone "\r" both end the line.
                    at + if bytes.get(at + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    }
                }
                b'\t' => {
                    grid.pad_tab(at);
                    at + 1
                }
                // What unicode-width says of ASCII controls (and DEL): no column.
                _ if byte.is_ascii() => {
                    grid.ride(at + 1);
                    at + 1
                }
                _ => grid.push_char(content, at),
            };
        }
        if grid.row_width() > 0 || !content.is_empty() && !content.ends_with(['\n', '\r']) {
            grid.end_row();
        }
        grid
    }

    /// Lays out the spaces from `at` on; returns where they stop. Blank cells differ
    /// only in their bytes, so they are made from a range, not from the bytes.
    fn push_blanks(&mut self, bytes: &[u8], at: usize) -> usize {
        let len = blank_prefix(bytes.get(at..).unwrap_or_default());
        self.row_classes = self.row_classes.or(BLANK.glyph);
        self.cells.extend((at..at + len).map(|start| Cell {
            start,
            end: start + 1,
            ..BLANK
        }));
        at + len
    }

    /// Lays out the ASCII text from `at` on, single spaces included; returns where it
    /// stops: at any other byte, or where two spaces start a run of blanks.
    fn push_text(&mut self, bytes: &[u8], at: usize) -> usize {
        let rest = bytes.get(at..).unwrap_or_default();
        let run = rest.get(..text_prefix(rest)).unwrap_or_default();
        let mut classes = self.row_classes;
        // One `extend` from a slice: no capacity check per cell.
        self.cells.extend(run.iter().enumerate().map(|(i, &byte)| {
            let glyph = Glyph::of_ascii(byte);
            classes = classes.or(glyph);
            Cell {
                ch: char::from(byte),
                glyph,
                tail: false,
                start: at + i,
                end: at + i + 1,
            }
        }));
        self.row_classes = classes;
        at + run.len()
    }

    /// Lays out the Box Drawing char (U+2500 to U+257F: `E2 94 xx` or `E2 95 xx`) at
    /// `at` and its repeats right after it (`────`); returns where they stop. Each
    /// takes one column (a test checks that against unicode-width).
    fn push_box_run(&mut self, content: &str, at: usize) -> usize {
        let bytes = content.as_bytes();
        let Some(&[lead, b1, b2]) = bytes.get(at..at + 3) else {
            return self.push_char(content, at);
        };
        let offset = ((b1 & 0x03) << 6) | (b2 & 0x3F);
        let first = Cell {
            ch: char::from_u32(0x2500 + u32::from(offset)).unwrap_or(' '),
            glyph: Glyph::of_box_drawing(offset),
            tail: false,
            start: at,
            end: at + 3,
        };
        self.row_classes = self.row_classes.or(first.glyph);
        let mut end = at + 3;
        while bytes.get(end..end + 3) == Some(&[lead, b1, b2]) {
            end += 3;
        }
        if end == at + 3 {
            // A lone char (a lifeline's `│`) is most runs: no need to set up a copy.
            self.cells.push(first);
        } else {
            self.cells.extend((at..end).step_by(3).map(|start| Cell {
                start,
                end: start + 3,
                ..first
            }));
        }
        end
    }

    /// Lays out the (non-ASCII) char at `at`; returns where the next one starts.
    fn push_char(&mut self, content: &str, at: usize) -> usize {
        let ch = decode(content, at);
        let end = at + ch.len_utf8();
        match width(ch) {
            0 => self.ride(end),
            w => self.push(ch, at, end, w),
        }
        end
    }

    /// Ends the row being laid out.
    fn end_row(&mut self) {
        self.classes.push(std::mem::take(&mut self.row_classes));
        self.starts.push(self.cells.len());
    }

    /// Columns in the row being laid out.
    fn row_width(&self) -> usize {
        self.cells.len() - self.starts.last().copied().unwrap_or(0)
    }

    /// Adds `ch` (bytes `start..end`) to the row being laid out, `width` columns wide.
    fn push(&mut self, ch: char, start: usize, end: usize, width: usize) {
        let lead = Cell {
            ch,
            glyph: Glyph::of(ch),
            tail: false,
            start,
            end,
        };
        self.row_classes = self.row_classes.or(lead.glyph);
        self.cells.push(lead);
        for _ in 1..width {
            self.cells.push(Cell { tail: true, ..lead });
        }
    }

    /// A tab at byte `at`: blanks up to the next tab stop, each with the tab's byte.
    fn pad_tab(&mut self, at: usize) {
        let blank = Cell {
            start: at,
            end: at + 1,
            ..BLANK
        };
        let pad = TAB_WIDTH - self.row_width() % TAB_WIDTH;
        self.row_classes = self.row_classes.or(blank.glyph);
        self.cells.extend(std::iter::repeat_n(blank, pad));
    }

    /// A char that takes no column (the BOM, controls, combining marks) rides on the
    /// char before it, up to byte `end`; at a row start it vanishes.
    fn ride(&mut self, end: usize) {
        let row_start = self.starts.last().copied().unwrap_or(0);
        let row = self.cells.get_mut(row_start..).unwrap_or_default();
        let Some(lead_end) = row.last().map(|c| c.end) else {
            return;
        };
        // Both halves of a wide char keep the same bytes.
        for cell in row.iter_mut().rev() {
            if cell.end != lead_end {
                break;
            }
            cell.end = end;
            if !cell.tail {
                break;
            }
        }
    }

    pub fn height(&self) -> usize {
        self.starts.len() - 1
    }

    /// The classes of all the characters of `row` together (none outside the text): a
    /// pass that looks for a class the row lacks can skip the row.
    pub fn classes(&self, row: usize) -> Glyph {
        self.classes.get(row).copied().unwrap_or(Glyph::NONE)
    }

    /// The cells of `row`, none outside the text.
    pub fn row(&self, row: usize) -> &[Cell] {
        row_range(&self.starts, row)
            .and_then(|r| self.cells.get(r))
            .unwrap_or_default()
    }

    /// Every row, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = &[Cell]> {
        self.starts
            .windows(2)
            .map(|w| self.cells.get(w[0]..w[1]).unwrap_or_default())
    }

    /// The cell at (`row`, `col`), if the row reaches it.
    #[cfg(test)]
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.row(row).get(col)
    }

    /// The character at (`row`, `col`), a space outside the text.
    pub fn ch(&self, row: usize, col: usize) -> char {
        self.row(row).ch(col)
    }

    /// The classes of the character at (`row`, `col`): a space's outside the text.
    pub fn glyph(&self, row: usize, col: usize) -> Glyph {
        self.row(row).glyph(col)
    }

    /// Byte range covering the cells `from..=to` of `row` (None when the row has none).
    pub fn byte_range(&self, row: usize, from: usize, to: usize) -> Option<(usize, usize)> {
        let r = self.row(row);
        let first = r.get(from)?;
        let last = r.get(to.min(r.len().checked_sub(1)?))?;
        Some((first.start, last.end.max(first.start)))
    }
}

impl Drop for Grid {
    fn drop(&mut self) {
        keep_spare(&SPARE_CELLS, &mut self.cells);
    }
}

/// Reading a row's cells by column, past its end too (a row is drawn on blank paper).
pub trait Line {
    /// The character at `col`, a space past the row's end.
    fn ch(&self, col: usize) -> char;
    /// The classes of the character at `col`, a space's past the row's end.
    fn glyph(&self, col: usize) -> Glyph;
}

impl Line for [Cell] {
    fn ch(&self, col: usize) -> char {
        self.get(col).map_or(' ', |c| c.ch)
    }

    fn glyph(&self, col: usize) -> Glyph {
        self.get(col).map_or(Glyph::SPACE, |c| c.glyph)
    }
}

/// What a cell has been found to draw, so that later passes skip it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Free,
    /// A box's border.
    Border,
    /// A box's inside (its name or note text).
    Inside,
    /// Part of an arrow or a self-message loop.
    Arrow,
}

/// One [`Mark`] per cell of a [`Grid`], laid out as the grid's cells are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marks {
    marks: Vec<Mark>,
    starts: Vec<usize>,
}

impl Marks {
    pub fn new(grid: &Grid) -> Marks {
        let mut marks = take_spare(&SPARE_MARKS);
        marks.resize(grid.cells.len(), Mark::Free);
        Marks {
            marks,
            starts: grid.starts.clone(),
        }
    }

    /// The marks of `row`'s cells, none outside the grid.
    pub fn row(&self, row: usize) -> &[Mark] {
        row_range(&self.starts, row)
            .and_then(|r| self.marks.get(r))
            .unwrap_or_default()
    }

    pub fn get(&self, row: usize, col: usize) -> Mark {
        self.row(row).get(col).copied().unwrap_or(Mark::Free)
    }

    pub fn is_free(&self, row: usize, col: usize) -> bool {
        self.get(row, col) == Mark::Free
    }

    /// Marks cells `from..=to` of `row` (the part of them the row has).
    pub fn set(&mut self, row: usize, from: usize, to: usize, mark: Mark) {
        let Some(range) = row_range(&self.starts, row) else {
            return;
        };
        if let Some(r) = self.marks.get_mut(range) {
            let end = to.saturating_add(1).min(r.len());
            if from < end {
                r[from..end].fill(mark);
            }
        }
    }
}

impl Drop for Marks {
    fn drop(&mut self) {
        keep_spare(&SPARE_MARKS, &mut self.marks);
    }
}

/// The most elements a vector may have room for to be kept by [`keep_spare`].
const SPARE_LIMIT: usize = 1 << 16;

thread_local! {
    /// Vectors of the last grid and marks dropped on this thread, for the next ones.
    ///
    /// A block's cells (and their marks) take one large allocation each, and a large
    /// allocation makes the allocator first sweep every small block freed since the
    /// last one: over a whole check that cost more than laying the cells out. Reusing
    /// the vectors skips it. Vectors with room for more than [`SPARE_LIMIT`] elements
    /// are freed as usual, so a huge block does not keep its memory.
    static SPARE_CELLS: std::cell::Cell<Vec<Cell>> = const { std::cell::Cell::new(Vec::new()) };
    static SPARE_MARKS: std::cell::Cell<Vec<Mark>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The vector kept in `spare`, emptied, or a new one.
fn take_spare<T>(spare: &'static LocalKey<std::cell::Cell<Vec<T>>>) -> Vec<T> {
    let mut vector = spare.try_with(std::cell::Cell::take).unwrap_or_default();
    vector.clear();
    vector
}

/// Keeps `vector` in `spare` for the next [`take_spare`], unless it is too large.
fn keep_spare<T>(spare: &'static LocalKey<std::cell::Cell<Vec<T>>>, vector: &mut Vec<T>) {
    if vector.capacity() <= SPARE_LIMIT {
        let vector = std::mem::take(vector);
        // During the thread's teardown there is nowhere to keep it: it is freed.
        let _ = spare.try_with(|kept| kept.set(vector));
    }
}

/// The indices of row `row` in a vector laid out by `starts` (see [`Grid`]).
fn row_range(starts: &[usize], row: usize) -> Option<std::ops::Range<usize>> {
    Some(*starts.get(row)?..*starts.get(row.checked_add(1)?)?)
}

/// The char that starts at byte `at` of `content`, a char boundary.
pub fn decode(content: &str, at: usize) -> char {
    if let Some(&[lead @ 0xE0..=0xEF, b1, b2, ..]) = content.as_bytes().get(at..) {
        let code =
            (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
        if let Some(ch) = char::from_u32(code) {
            return ch;
        }
    }
    content
        .get(at..)
        .and_then(|s| s.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Display columns of a non-ASCII char: unicode-width's, but none for the BOM.
fn width(ch: char) -> usize {
    if ch == '\u{feff}' {
        0
    } else {
        ch.width().unwrap_or(0)
    }
}

/// How many spaces start `bytes`; eight at a time while it can.
fn blank_prefix(bytes: &[u8]) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let words = bytes
        .chunks_exact(8)
        .take_while(|w| <[u8; 8]>::try_from(*w).is_ok_and(|w| u64::from_le_bytes(w) == SPACES))
        .count();
    let rest = bytes.get(8 * words..).unwrap_or_default();
    8 * words + rest.iter().take_while(|&&b| b == b' ').count()
}

/// How many bytes of ASCII text start `bytes`: printable ASCII up to a space followed
/// by another (a run of blanks, laid out on its own).
fn text_prefix(bytes: &[u8]) -> usize {
    let mut len = 0;
    while let Some(&byte) = bytes.get(len) {
        let text = match byte {
            b'!'..=b'~' => true,
            b' ' => bytes.get(len + 1) != Some(&b' '),
            _ => false,
        };
        if !text {
            break;
        }
        len += 1;
    }
    len
}

/// How many bytes at the start of `bytes` are printable ASCII (`' '` to `'~'`).
///
/// Eight bytes at a time while it can: most of a drawing is such runs, mostly blanks.
/// A word holds only printable bytes when none is below 0x20 and none above 0x7E; the
/// two bit tests are the classic "has a byte less than / more than n" ones.
fn printable_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // A byte below 0x20 borrows into its high bit; one above 0x7E carries into it
        // (adding 1) or has it set already.
        let below = word.wrapping_sub(0x20 * ONES) & !word & HIGHS;
        let above = (word.wrapping_add(ONES) | word) & HIGHS;
        if below | above != 0 {
            break;
        }
        len += 8;
    }
    let rest = bytes.get(len..).unwrap_or_default();
    len + rest
        .iter()
        .position(|b| !matches!(b, b' '..=b'~'))
        .unwrap_or(rest.len())
}

/// The text of cells `from..=to` of a row, with runs of whitespace folded to one space
/// and trimmed. Wide characters appear once.
pub fn cells_text(content: &str, row: &[Cell], from: usize, to: usize) -> String {
    let cells = row
        .get(from..row.len().min(to.saturating_add(1)))
        .unwrap_or_default();
    if let Some(text) = printable_text(content, cells) {
        return fold_spaces(text);
    }
    let mut out = String::with_capacity(cells.len());
    let mut pending_space = false;
    for cell in cells {
        if cell.tail {
            continue;
        }
        if cell.glyph.any(Glyph::SPACE) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push_str(content.get(cell.start..cell.end).unwrap_or(""));
    }
    out
}

/// The text `cells` cover when it is all printable ASCII (as most labels are): then
/// each cell is one byte of it, and the cells' text is that text with spaces folded.
fn printable_text<'a>(content: &'a str, cells: &[Cell]) -> Option<&'a str> {
    let text = content.get(cells.first()?.start..cells.last()?.end)?;
    let bytes = text.as_bytes();
    (bytes.len() == cells.len() && printable_prefix(bytes) == bytes.len()).then_some(text)
}

/// [`fold_whitespace`] for printable ASCII, where the only whitespace is `' '`.
fn fold_spaces(text: &str) -> String {
    let text = text.trim_ascii();
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w, [b' ', b' ']))
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Folds every run of whitespace to one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    if printable_prefix(text.as_bytes()) == text.len() {
        return fold_spaces(text);
    }
    crate::document::squash(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(row: &[Cell]) -> String {
        row.iter()
            .map(|c| if c.tail { '_' } else { c.ch })
            .collect()
    }

    #[test]
    fn ascii_rows_map_one_char_to_one_column() {
        let g = Grid::new("ab\ncd");
        assert_eq!(g.height(), 2);
        assert_eq!(g.ch(1, 1), 'd');
        assert_eq!(g.cell(1, 0).map(|c| c.start), Some(3));
        assert_eq!(g.ch(5, 5), ' ');
    }

    #[test]
    fn ascii_widths_agree_with_unicode_width() {
        for b in 0u8..0x80 {
            let ch = char::from(b);
            if matches!(ch, '\t' | '\n' | '\r') {
                continue;
            }
            let g = Grid::new(&format!("a{ch}b"));
            let expected = 2 + ch.width().unwrap_or(0);
            assert_eq!(g.row(0).len(), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn box_drawing_takes_one_column_as_unicode_width_says() {
        let text: String = ('\u{2500}'..='\u{257F}').collect();
        let g = Grid::new(&text);
        assert_eq!(g.row(0).len(), 128);
        for (cell, (at, ch)) in g.row(0).iter().zip(text.char_indices()) {
            assert_eq!(ch.width(), Some(1), "{ch:?}");
            assert_eq!((cell.ch, cell.start, cell.end), (ch, at, at + 3));
        }
    }

    #[test]
    fn three_byte_chars_decode_as_str_does() {
        let text: String = ('\u{800}'..='\u{FFFF}').collect();
        for (at, ch) in text.char_indices() {
            assert_eq!(decode(&text, at), ch);
        }
        assert_eq!(decode("aé😀", 1), 'é');
        assert_eq!(decode("aé😀", 3), '😀');
    }

    #[test]
    fn printable_prefix_stops_at_the_first_other_byte() {
        for b in 0..=u8::MAX {
            for at in [0, 5, 8, 13, 16, 20] {
                let mut bytes = vec![b'x'; 24];
                bytes[at] = b;
                let expect = if matches!(b, b' '..=b'~') { 24 } else { at };
                assert_eq!(printable_prefix(&bytes), expect, "byte {b:#04x} at {at}");
            }
        }
        assert_eq!(printable_prefix(b""), 0);
    }

    #[test]
    fn tabs_run_to_the_next_multiple_of_eight() {
        let g = Grid::new("a\tb\n\t\tc");
        assert_eq!(g.ch(0, 8), 'b');
        assert_eq!(g.ch(1, 16), 'c');
        assert_eq!(g.row(0).len(), 9);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let g = Grid::new("❌x\n日本│");
        assert_eq!(chars(g.row(0)), "❌_x");
        assert_eq!(g.ch(1, 4), '│');
        let tail = g.cell(1, 1).copied();
        assert_eq!(tail.map(|c| (c.start, c.end, c.tail)), Some((5, 8, true)));
    }

    #[test]
    fn crlf_bom_and_zero_width_characters_take_no_column() {
        let g = Grid::new("\u{feff}ab\r\ncd\re\u{301}f\u{7}");
        assert_eq!(g.height(), 3);
        assert_eq!(chars(g.row(0)), "ab");
        assert_eq!(g.cell(0, 0).map(|c| c.start), Some(3));
        assert_eq!(chars(g.row(1)), "cd");
        assert_eq!(chars(g.row(2)), "ef");
        // The combining accent stays with its letter, the bell with the f.
        assert_eq!(g.cell(2, 0).map(|c| c.end - c.start), Some(3));
        assert_eq!(g.cell(2, 1).map(|c| c.end - c.start), Some(2));
    }

    #[test]
    fn trailing_newline_adds_no_row() {
        assert_eq!(Grid::new("a\n").height(), 1);
        assert_eq!(Grid::new("a\n\n").height(), 2);
        assert_eq!(Grid::new("").height(), 0);
    }

    #[test]
    fn cells_text_folds_whitespace_and_skips_wide_tails() {
        let content = "│ 1.  Create\tJWT ❌ │";
        let g = Grid::new(content);
        let row = g.row(0);
        assert_eq!(
            cells_text(content, row, 1, row.len() - 2),
            "1. Create JWT ❌"
        );
        assert_eq!(cells_text(content, row, 50, 60), "");
    }

    #[test]
    fn byte_range_clamps_to_the_row() {
        let g = Grid::new("abc");
        assert_eq!(g.byte_range(0, 1, 10), Some((1, 3)));
        assert_eq!(g.byte_range(0, 5, 10), None);
        assert_eq!(g.byte_range(3, 0, 0), None);
    }

    /// Pieces of text that exercise every path of the layout: blanks, ASCII text, box
    /// drawing (repeated or not), other symbols, wide chars, tabs, line ends, the BOM,
    /// controls and combining marks.
    const PIECES: &[&str] = &[
        " ", "  ", "        ", "a", "Bc", "1.", "|", "+", "-", ">", "<", "v", "─", "──", "│", "┌",
        "┐", "└", "┘", "├", "┬", "┴", "┼", "═", "║", "→", "←", "▶", "▼", "❌", "日", "é",
        "\u{3000}", "\u{a0}", "\t", "\n", "\r", "\r\n", "\u{feff}", "\u{301}", "\u{7}", "\u{b}",
        "\u{85}", "😀",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..48)
            .prop_map(|pieces| pieces.concat())
    }

    /// The layout char by char, as the byte-level one must agree with: per row, each
    /// cell's (char, start, end, tail).
    fn layout_by_chars(content: &str) -> Vec<Vec<(char, usize, usize, bool)>> {
        let mut rows = Vec::new();
        let mut row: Vec<(char, usize, usize, bool)> = Vec::new();
        let mut chars = content.char_indices().peekable();
        while let Some((at, ch)) = chars.next() {
            match ch {
                '\n' => rows.push(std::mem::take(&mut row)),
                '\r' => {
                    chars.next_if(|&(_, c)| c == '\n');
                    rows.push(std::mem::take(&mut row));
                }
                '\t' => {
                    let pad = TAB_WIDTH - row.len() % TAB_WIDTH;
                    row.extend(std::iter::repeat_n((' ', at, at + 1, false), pad));
                }
                _ => {
                    let end = at + ch.len_utf8();
                    let width = if ch == '\u{feff}' {
                        0
                    } else {
                        ch.width().unwrap_or(0)
                    };
                    if width == 0 {
                        let lead_end = row.last().map(|c| c.2);
                        for cell in row.iter_mut().rev() {
                            if Some(cell.2) != lead_end {
                                break;
                            }
                            cell.2 = end;
                            if !cell.3 {
                                break;
                            }
                        }
                        continue;
                    }
                    row.push((ch, at, end, false));
                    row.extend(std::iter::repeat_n((ch, at, end, true), width - 1));
                }
            }
        }
        if !row.is_empty() || !content.is_empty() && !content.ends_with(['\n', '\r']) {
            rows.push(row);
        }
        rows
    }

    /// A stretch of cells' text, cell by cell: what the printable ASCII path must agree
    /// with.
    fn text_by_cells(content: &str, cells: &[Cell]) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for cell in cells.iter().filter(|c| !c.tail) {
            if cell.ch.is_whitespace() {
                pending_space = !out.is_empty();
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push_str(&content[cell.start..cell.end]);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn the_byte_level_layout_agrees_with_a_char_by_char_one(content in text()) {
            let grid = Grid::new(&content);
            let want = layout_by_chars(&content);
            prop_assert_eq!(grid.height(), want.len());
            for (r, want) in want.iter().enumerate() {
                let row = grid.row(r);
                let got: Vec<_> = row.iter().map(|c| (c.ch, c.start, c.end, c.tail)).collect();
                prop_assert_eq!(&got, want);
                prop_assert!(row.iter().all(|c| c.glyph == Glyph::of(c.ch)));
                let classes = row.iter().fold(Glyph::NONE, |all, c| all.or(c.glyph));
                prop_assert_eq!(grid.classes(r), classes);
            }
        }

        #[test]
        fn the_printable_ascii_paths_agree_with_the_general_ones(
            content in text(),
            from in 0..12usize,
            len in 0..40usize,
        ) {
            let general = content.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(fold_whitespace(&content), general);
            let grid = Grid::new(&content);
            for row in grid.rows() {
                let to = from + len;
                let cells = row.get(from..row.len().min(to + 1)).unwrap_or_default();
                prop_assert_eq!(cells_text(&content, row, from, to), text_by_cells(&content, cells));
            }
        }
    }

    #[test]
    fn fold_whitespace_collapses_runs() {
        assert_eq!(
            fold_whitespace("  Next.js \n  Frontend "),
            "Next.js Frontend"
        );
    }
}
