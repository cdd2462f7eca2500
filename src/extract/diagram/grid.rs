//! A block's text laid out as rows of display columns.
//!
//! Text art lines up by what a reader sees, not by bytes or chars: a wide character
//! (emoji, CJK) takes two columns, a tab runs to the next multiple of 8, zero-width and
//! control characters take none, and a leading BOM or a `\r` before the line end are
//! not part of the picture. Every other module works on this grid, and each cell keeps
//! the byte range it came from so that spans point back into the file.

use unicode_width::UnicodeWidthChar;

/// Tab stops, in display columns.
pub const TAB_WIDTH: usize = 8;

/// One display column of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The character drawn here (a space for tab padding).
    pub ch: char,
    /// Byte range of the character in the content (zero-width followers included).
    pub start: usize,
    pub end: usize,
    /// True on the second column of a wide character: same char, same bytes.
    pub tail: bool,
}

impl Cell {
    /// A cell that draws nothing.
    pub fn is_blank(&self) -> bool {
        self.ch == ' '
    }
}

/// One line of the block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell at display column `col` (0-based), if the row reaches it.
    pub fn get(&self, col: usize) -> Option<&Cell> {
        self.cells.get(col)
    }

    /// The character at `col`, a space past the row's end.
    pub fn ch(&self, col: usize) -> char {
        self.cells.get(col).map_or(' ', |c| c.ch)
    }

    pub fn width(&self) -> usize {
        self.cells.len()
    }
}

/// The block as rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Row>,
}

impl Grid {
    /// Lays `content` out. Linear in its length.
    pub fn new(content: &str) -> Grid {
        let bytes = content.as_bytes();
        let mut rows = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        let mut row = Row::default();
        let mut iter = content.char_indices().peekable();
        while let Some((at, ch)) = iter.next() {
            if row.cells.is_empty() && row.cells.capacity() == 0 {
                // A row has about as many columns as its line has bytes: size it once.
                let line = memchr::memchr2(b'\n', b'\r', &bytes[at..]).unwrap_or(bytes.len() - at);
                row.cells.reserve(line);
            }
            match ch {
                '\n' => rows.push(std::mem::take(&mut row)),
                '\r' => {
                    // "\r\n" and a lone "\r" both end the line.
                    if let Some(&(_, '\n')) = iter.peek() {
                        iter.next();
                    }
                    rows.push(std::mem::take(&mut row));
                }
                '\t' => {
                    let pad = TAB_WIDTH - row.cells.len() % TAB_WIDTH;
                    for _ in 0..pad {
                        row.cells.push(Cell {
                            ch: ' ',
                            start: at,
                            end: at + 1,
                            tail: false,
                        });
                    }
                }
                _ => {
                    let end = at + ch.len_utf8();
                    // The BOM, control characters and combining marks take no column:
                    // they ride on the character before them (or vanish at a row start).
                    let width = if ch.is_ascii() {
                        // What unicode-width says of ASCII, without the table lookup:
                        // controls (and DEL) take no column, the rest one.
                        usize::from(!ch.is_ascii_control())
                    } else if ch == '\u{feff}' {
                        0
                    } else {
                        ch.width().unwrap_or(0)
                    };
                    if width == 0 {
                        if let Some(last) = row.cells.last_mut() {
                            let lead_end = last.end;
                            // Both halves of a wide char keep the same bytes.
                            for cell in row.cells.iter_mut().rev() {
                                if cell.end != lead_end {
                                    break;
                                }
                                cell.end = end;
                                if !cell.tail {
                                    break;
                                }
                            }
                        }
                        continue;
                    }
                    row.cells.push(Cell {
                        ch,
                        start: at,
                        end,
                        tail: false,
                    });
                    for _ in 1..width {
                        row.cells.push(Cell {
                            ch,
                            start: at,
                            end,
                            tail: true,
                        });
                    }
                }
            }
        }
        if !row.cells.is_empty() || !content.is_empty() && !content.ends_with(['\n', '\r']) {
            rows.push(row);
        }
        Grid { rows }
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// The character at (`row`, `col`), a space outside the text.
    pub fn ch(&self, row: usize, col: usize) -> char {
        self.rows.get(row).map_or(' ', |r| r.ch(col))
    }

    #[cfg(test)]
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// Byte range covering the cells `from..=to` of `row` (None when the row has none).
    pub fn byte_range(&self, row: usize, from: usize, to: usize) -> Option<(usize, usize)> {
        let r = self.rows.get(row)?;
        let first = r.get(from)?;
        let last = r.get(to.min(r.width().checked_sub(1)?))?;
        Some((first.start, last.end.max(first.start)))
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

/// One [`Mark`] per cell of a [`Grid`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marks {
    rows: Vec<Vec<Mark>>,
}

impl Marks {
    pub fn new(grid: &Grid) -> Marks {
        Marks {
            rows: grid
                .rows
                .iter()
                .map(|r| vec![Mark::Free; r.width()])
                .collect(),
        }
    }

    pub fn get(&self, row: usize, col: usize) -> Mark {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(Mark::Free)
    }

    pub fn is_free(&self, row: usize, col: usize) -> bool {
        self.get(row, col) == Mark::Free
    }

    /// Marks cells `from..=to` of `row` (the part of them the row has).
    pub fn set(&mut self, row: usize, from: usize, to: usize, mark: Mark) {
        if let Some(r) = self.rows.get_mut(row) {
            let end = to.saturating_add(1).min(r.len());
            if from < end {
                r[from..end].fill(mark);
            }
        }
    }
}

/// The text of cells `from..=to` of a row, with runs of whitespace folded to one space
/// and trimmed. Wide characters appear once.
pub fn cells_text(content: &str, row: &Row, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for cell in row.cells.iter().take(to.saturating_add(1)).skip(from) {
        if cell.tail {
            continue;
        }
        if cell.ch.is_whitespace() {
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

/// Folds every run of whitespace to one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(row: &Row) -> String {
        row.cells
            .iter()
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
            assert_eq!(g.rows[0].width(), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn tabs_run_to_the_next_multiple_of_eight() {
        let g = Grid::new("a\tb\n\t\tc");
        assert_eq!(g.ch(0, 8), 'b');
        assert_eq!(g.ch(1, 16), 'c');
        assert_eq!(g.rows[0].width(), 9);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let g = Grid::new("❌x\n日本│");
        assert_eq!(chars(&g.rows[0]), "❌_x");
        assert_eq!(g.ch(1, 4), '│');
        let tail = g.cell(1, 1).copied();
        assert_eq!(tail.map(|c| (c.start, c.end, c.tail)), Some((5, 8, true)));
    }

    #[test]
    fn crlf_bom_and_zero_width_characters_take_no_column() {
        let g = Grid::new("\u{feff}ab\r\ncd\re\u{301}f\u{7}");
        assert_eq!(g.height(), 3);
        assert_eq!(chars(&g.rows[0]), "ab");
        assert_eq!(g.cell(0, 0).map(|c| c.start), Some(3));
        assert_eq!(chars(&g.rows[1]), "cd");
        assert_eq!(chars(&g.rows[2]), "ef");
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
        let row = &g.rows[0];
        assert_eq!(
            cells_text(content, row, 1, row.width() - 2),
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

    #[test]
    fn fold_whitespace_collapses_runs() {
        assert_eq!(
            fold_whitespace("  Next.js \n  Frontend "),
            "Next.js Frontend"
        );
    }
}
