//! The free text on a diagram's rows, cut into phrases.
//!
//! Whatever is not a box, an arrow or a lifeline is text: message labels, notes and
//! remarks. A phrase is a stretch of text on one row; it ends at a drawing character,
//! at a lifeline stroke (ASCII `|` or `+` within [`SNAP`] columns of a lifeline, since
//! label text pushes it sideways) or at a gap of three or more spaces. Its *lane* is
//! the nearest lifeline on its left, which is the lifeline a note belongs to.

use super::arrows::SNAP;
use super::glyphs::Glyph;
use super::grid::{Cell, Grid, Line, Mark, Marks, cells_text};
use crate::span::Span;

/// A gap of this many blank columns separates two phrases.
const PHRASE_GAP: usize = 3;

/// Text on one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub row: usize,
    /// First and last columns of its text.
    pub start: usize,
    pub end: usize,
    /// Content offsets of its text.
    pub span: Span,
    /// Whitespace folded.
    pub text: String,
    /// Index of the nearest lifeline left of its start (the first lifeline when none is).
    pub lane: usize,
}

/// The lifeline index a column belongs to: the nearest lifeline at or left of it.
pub fn lane_of(columns: &[usize], col: usize) -> usize {
    columns.partition_point(|&c| c <= col).saturating_sub(1)
}

/// True when `col` is within [`SNAP`] columns of a lifeline.
fn near_lifeline(columns: &[usize], col: usize) -> bool {
    let i = columns.partition_point(|&c| c < col);
    let before = i.checked_sub(1).and_then(|k| columns.get(k));
    [before, columns.get(i)]
        .into_iter()
        .flatten()
        .any(|&c| c.abs_diff(col) <= SNAP)
}

/// A cell that is drawing, not text: marked as part of a drawing, a box-drawing char,
/// or an ASCII lifeline stroke.
fn is_structure(cell: &Cell, mark: Mark, columns: &[usize], col: usize) -> bool {
    mark != Mark::Free
        || cell.glyph.any(Glyph::DRAWING)
        || (matches!(cell.ch, '|' | '+') && near_lifeline(columns, col))
}

/// The phrases of `row`, left to right.
pub fn phrases(
    grid: &Grid,
    content: &str,
    marks: &Marks,
    columns: &[usize],
    row: usize,
) -> Vec<Phrase> {
    if !grid.classes(row).any(Glyph::TEXT) {
        return Vec::new();
    }
    let r = grid.row(row);
    let free = marks.row(row);
    let structure = |col: usize| match (r.get(col), free.get(col)) {
        (Some(cell), Some(&mark)) => is_structure(cell, mark, columns, col),
        _ => false,
    };
    let mut out = Vec::new();
    let mut col = 0;
    // A phrase starts at a text char that is not structure: blanks and drawing chars
    // are skipped in one go.
    while let Some(found) = r
        .get(col..)
        .and_then(|rest| rest.iter().position(|c| c.glyph.any(Glyph::TEXT)))
    {
        col += found;
        if structure(col) {
            col += 1;
            continue;
        }
        let start = col;
        let mut end = col;
        let mut blanks = 0;
        col += 1;
        while col < r.len() && !structure(col) {
            if r.glyph(col).any(Glyph::SPACE) {
                blanks += 1;
                if blanks >= PHRASE_GAP {
                    break;
                }
            } else {
                blanks = 0;
                end = col;
            }
            col += 1;
        }
        let text = cells_text(content, r, start, end);
        let span = grid
            .byte_range(row, start, end)
            .map(|(s, e)| Span::new(s, e));
        if let (false, Some(span)) = (text.is_empty(), span) {
            out.push(Phrase {
                row,
                start,
                end,
                span,
                text,
                lane: lane_of(columns, start),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str, columns: &[usize]) -> Vec<(String, usize)> {
        let grid = Grid::new(line);
        let marks = Marks::new(&grid);
        phrases(&grid, line, &marks, columns, 0)
            .into_iter()
            .map(|p| (p.text, p.lane))
            .collect()
    }

    #[test]
    fn lifeline_strokes_and_wide_gaps_cut_phrases() {
        let got = texts(
            "      │ 1. POST /api/auth/signin │   x    │ 6. Verify JWT",
            &[6, 31, 44],
        );
        assert_eq!(
            got,
            [
                ("1. POST /api/auth/signin".to_string(), 0),
                ("x".into(), 1),
                ("6. Verify JWT".into(), 2)
            ]
        );
        assert_eq!(
            texts("| a |  b    c", &[0, 4]),
            [("a".to_string(), 0), ("b".into(), 1), ("c".into(), 1)]
        );
    }

    #[test]
    fn ascii_bars_away_from_lifelines_are_text() {
        assert_eq!(
            texts("|  a | b        |", &[0, 16]),
            [("a | b".to_string(), 0)]
        );
    }

    #[test]
    fn spans_cover_wide_characters() {
        let line = "│ 注文 ❌ │";
        let grid = Grid::new(line);
        let marks = Marks::new(&grid);
        let got = phrases(&grid, line, &marks, &[0, 10], 0);
        assert_eq!(got.len(), 1);
        assert_eq!(&line[got[0].span.range()], "注文 ❌");
    }

    #[test]
    fn lane_is_the_nearest_lifeline_on_the_left() {
        assert_eq!(lane_of(&[6, 31, 56], 3), 0);
        assert_eq!(lane_of(&[6, 31, 56], 33), 1);
        assert_eq!(lane_of(&[6, 31, 56], 80), 2);
        assert_eq!(lane_of(&[], 80), 0);
    }
}
