//! Text measured as a terminal shows it: display width, word wrapping, and a canvas
//! of character cells that diagrams are drawn on.
//!
//! Names and labels may hold CJK or emoji (two columns) and combining marks (none), so
//! nothing here counts `char`s: widths come from `unicode-width`, and a cell holds
//! whatever a column shows (a wide character takes its cell and blocks the next).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// One line of model text fit for drawing: control characters (tabs, newlines) become
/// spaces, runs of spaces fold to one, and the ends are trimmed.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Greedy word wrap of `text` to `max` columns. Continuation lines are prefixed with
/// `indent` spaces (counted in `max`). A word wider than a line stands alone on its
/// line: words are never broken, so the layout widens instead of mangling a path.
pub fn wrap(text: &str, max: usize, indent: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let prefix = if lines.is_empty() { 0 } else { indent };
        if line.is_empty() {
            line.push_str(word);
        } else if prefix + width(&line) + 1 + width(word) <= max {
            line.push(' ');
            line.push_str(word);
        } else {
            let pad = " ".repeat(prefix);
            lines.push(format!("{pad}{line}"));
            line = word.to_string();
        }
    }
    let prefix = if lines.is_empty() { 0 } else { indent };
    lines.push(format!("{}{line}", " ".repeat(prefix)));
    lines
}

/// Splits a name over two rows at the space that balances them best (the narrower
/// widest row; the earlier space on a tie). `None` when there is no space.
pub fn split_balanced(name: &str) -> Option<(String, String)> {
    let words: Vec<&str> = name.split(' ').collect();
    (1..words.len())
        .map(|i| (words[..i].join(" "), words[i..].join(" ")))
        .min_by_key(|(a, b)| width(a).max(width(b)))
}

/// What a cell of the canvas shows.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cell {
    Blank,
    /// A visible character, with any zero-width characters that follow it.
    Text(String),
    /// The right half of the wide character in the cell before.
    Covered,
}

/// A grid of cells, one per display column; rows grow as they are written.
#[derive(Debug, Default)]
pub struct Canvas {
    rows: Vec<Vec<Cell>>,
}

impl Canvas {
    pub fn new(rows: usize) -> Self {
        Canvas {
            rows: vec![Vec::new(); rows],
        }
    }

    /// Writes `text` starting at column `col`, replacing what was there. Wide
    /// characters take two cells; zero-width ones join the character before them.
    pub fn put(&mut self, row: usize, col: usize, text: &str) {
        let mut at = col;
        let mut shown = String::new();
        for c in text.chars() {
            let before = width(&shown);
            shown.push(c);
            let step = width(&shown).saturating_sub(before);
            if step == 0 && at > col {
                if let Some(s) = self.cell_mut(row, at - 1) {
                    s.push(c);
                    continue;
                }
            }
            let c = if c.width().is_none() { ' ' } else { c };
            self.set(row, at, Cell::Text(c.to_string()));
            if step == 2 {
                self.set(row, at + 1, Cell::Covered);
            }
            at += step.max(1);
        }
    }

    /// Writes one single-column character.
    pub fn put_char(&mut self, row: usize, col: usize, c: char) {
        self.set(row, col, Cell::Text(c.to_string()));
    }

    /// Blanks one cell.
    pub fn clear(&mut self, row: usize, col: usize) {
        self.set(row, col, Cell::Blank);
    }

    fn cell_mut(&mut self, row: usize, col: usize) -> Option<&mut String> {
        match self.rows.get_mut(row).and_then(|r| r.get_mut(col)) {
            Some(Cell::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// Sets a cell, keeping wide characters whole: overwriting either half of one
    /// blanks the other half.
    fn set(&mut self, row: usize, col: usize, cell: Cell) {
        if row >= self.rows.len() {
            self.rows.resize(row + 1, Vec::new());
        }
        let line = &mut self.rows[row];
        if line.len() <= col + 1 {
            line.resize(col + 2, Cell::Blank);
        }
        if line[col] == Cell::Covered && col > 0 {
            line[col - 1] = Cell::Blank;
        }
        if line[col + 1] == Cell::Covered {
            line[col + 1] = Cell::Blank;
        }
        line[col] = cell;
    }

    /// The rows as text, each without trailing spaces and ending in '\n'.
    pub fn finish(self) -> String {
        let mut out = String::new();
        for row in self.rows {
            let mut line = String::new();
            for cell in row {
                match cell {
                    Cell::Blank => line.push(' '),
                    Cell::Text(s) => line.push_str(&s),
                    Cell::Covered => {}
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_indents_continuations_and_keeps_long_words() {
        assert_eq!(
            wrap("6. Verify JWT signature", 13, 3),
            ["6. Verify JWT", "   signature"]
        );
        assert_eq!(wrap("1. a", 2, 3), ["1.", "   a"]);
        assert_eq!(wrap("x", 10, 3), ["x"]);
    }

    #[test]
    fn split_balances_rows() {
        assert_eq!(
            split_balanced("Next.js Frontend"),
            Some(("Next.js".into(), "Frontend".into()))
        );
        assert_eq!(
            split_balanced("a b c dddd"),
            Some(("a b c".into(), "dddd".into()))
        );
        assert_eq!(split_balanced("Browser"), None);
    }

    #[test]
    fn canvas_keeps_wide_characters_whole() {
        let mut c = Canvas::new(1);
        c.put(0, 0, "认证x");
        assert_eq!(c.finish(), "认证x\n");
        let mut c = Canvas::new(1);
        c.put(0, 0, "认证");
        c.put_char(0, 1, '│');
        assert_eq!(c.finish(), " │证\n");
    }
}
