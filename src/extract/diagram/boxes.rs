//! Rectangles drawn in the grid: participant boxes, footers, note boxes, table cells.
//!
//! A box is a top-left corner, a top edge to a top-right corner, sides down to bottom
//! corners on one row, and a bottom edge between them. Edges may hold junctions (`┬`
//! where a lifeline leaves the box, `├` where an arrow meets it). Each corner starts at
//! most one walk along each edge and each walk stops at the first character that does
//! not continue it, so finding every box is linear in the grid's size.

use super::glyphs::{
    Glyph, is_bottom_left, is_bottom_right, is_junction, is_solid_shaft, is_top_right, is_vertical,
    is_vertical_head,
};
use super::grid::{Grid, Line, Mark, Marks, cells_text, fold_whitespace};
use crate::span::Span;

/// A rectangle in the grid (rows and columns 0-based, inclusive, corners included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxShape {
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
    /// The inside text rows joined by one space, whitespace folded.
    pub name: String,
    /// The first non-blank inside row's text, relative to the content.
    pub name_span: Option<Span>,
    /// Columns of the bottom edge where a line leaves downwards (`┬`, or `+` inside an
    /// ASCII edge): where the box's lifeline starts.
    pub stems: Vec<usize>,
}

impl BoxShape {
    /// The middle column, rounded down.
    pub fn centre(&self) -> usize {
        self.left + (self.right - self.left) / 2
    }
}

/// A character that continues a horizontal box edge. An ASCII `+` ends an ASCII edge
/// (it is the next corner), so it only counts inside edges already measured. A line
/// may enter a box drawn with box characters through a head in its edge (`┌──▼──┐`).
fn continues_edge(c: char, ascii: bool) -> bool {
    if ascii {
        matches!(c, '-' | '=')
    } else {
        (is_solid_shaft(c) && !c.is_ascii())
            || (is_junction(c) && c != '+')
            || (is_vertical_head(c) && !c.is_ascii())
    }
}

/// A character that continues a box side downwards.
fn continues_side(c: char) -> bool {
    is_vertical(c) || (is_junction(c) && c != '+')
}

/// Every box in the grid, in reading order of their top-left corners. Marks their
/// borders and insides in `marks`.
pub fn find(grid: &Grid, content: &str, marks: &mut Marks) -> Vec<BoxShape> {
    let mut found = Vec::new();
    let rows = grid.rows().enumerate();
    for (top, row) in rows.filter(|&(top, _)| grid.classes(top).any(Glyph::TOP_LEFT)) {
        for (left, cell) in row.iter().enumerate() {
            if !cell.glyph.any(Glyph::TOP_LEFT) || cell.tail {
                continue;
            }
            if let Some(shape) = box_at(grid, content, top, left) {
                found.push(shape);
            }
        }
    }
    for b in &found {
        marks.set(b.top, b.left, b.right, Mark::Border);
        marks.set(b.bottom, b.left, b.right, Mark::Border);
        for r in b.top + 1..b.bottom {
            marks.set(r, b.left, b.left, Mark::Border);
            marks.set(r, b.right, b.right, Mark::Border);
            if b.left + 1 < b.right {
                marks.set(r, b.left + 1, b.right - 1, Mark::Inside);
            }
        }
    }
    found
}

/// The box whose top-left corner is at (`top`, `left`), if one is drawn there.
fn box_at(grid: &Grid, content: &str, top: usize, left: usize) -> Option<BoxShape> {
    let top_row = grid.row(top);
    let ascii = top_row.ch(left) == '+';
    // Top edge, up to the first top-right corner.
    let mut right = left + 1;
    while continues_edge(top_row.ch(right), ascii) {
        right += 1;
    }
    if right == left + 1 || !is_top_right(top_row.ch(right)) {
        return None;
    }
    if ascii != (top_row.ch(right) == '+') {
        return None;
    }
    // Left side, down to the bottom-left corner.
    let mut bottom = top + 1;
    while bottom < grid.height() && continues_side(grid.ch(bottom, left)) {
        bottom += 1;
    }
    if bottom < top + 2 || !is_bottom_left(grid.ch(bottom, left)) {
        return None;
    }
    // Right side and bottom-right corner on the same rows.
    if !(top + 1..bottom).all(|r| continues_side(grid.ch(r, right)))
        || !is_bottom_right(grid.ch(bottom, right))
    {
        return None;
    }
    // Bottom edge: strokes and junctions only.
    let bottom_row = grid.row(bottom);
    let mut stems = Vec::new();
    for col in left + 1..right {
        let c = bottom_row.ch(col);
        if c == '+' || (is_junction(c) && c != '┴' && c != '┷' && c != '╧' && c != '╨') {
            stems.push(col);
        } else if !is_solid_shaft(c) && !is_junction(c) {
            return None;
        }
    }
    // The inside rows' texts, joined by one space.
    let mut joined = String::new();
    let mut name_span = None;
    for r in top + 1..bottom {
        let text = cells_text(content, grid.row(r), left + 1, right - 1);
        if text.is_empty() {
            continue;
        }
        if name_span.is_none() {
            name_span = text_span(grid, r, left + 1, right - 1);
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&text);
    }
    let name = fold_whitespace(&joined);
    Some(BoxShape {
        top,
        bottom,
        left,
        right,
        name,
        name_span,
        stems,
    })
}

/// The span of the non-blank text in cells `from..=to` of `row`.
pub fn text_span(grid: &Grid, row: usize, from: usize, to: usize) -> Option<Span> {
    let r = grid.row(row);
    let cells = r.get(from..=to.min(r.len().checked_sub(1)?))?;
    let first = cells.iter().find(|c| !c.ch.is_whitespace())?;
    let last = cells.iter().rev().find(|c| !c.ch.is_whitespace())?;
    Some(Span::new(first.start, last.end.max(first.start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(text: &str) -> Vec<BoxShape> {
        let grid = Grid::new(text);
        let mut marks = Marks::new(&grid);
        find(&grid, text, &mut marks)
    }

    #[test]
    fn finds_unicode_boxes_side_by_side_with_two_row_names() {
        let text = "┌─────┐  ╭──────╮\n│ A   │  │ Next │\n│     │  │ Web  │\n└──┬──┘  ╰──────╯\n";
        let found = boxes(text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].left, found[0].right, found[0].bottom), (0, 6, 3));
        assert_eq!(found[0].name, "A");
        assert_eq!(found[0].stems, vec![3]);
        assert_eq!(found[1].name, "Next Web");
        assert_eq!(found[1].name_span.map(|s| &text[s.range()]), Some("Next"));
    }

    #[test]
    fn finds_ascii_boxes_and_table_cells() {
        let found = boxes("+---+---+\n| a | b |\n+---+---+\n");
        let names: Vec<_> = found.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn open_or_ragged_shapes_are_not_boxes() {
        assert!(boxes("┌────┐\n│ a  │\n").is_empty());
        assert!(boxes("┌────┐\n│ a   │\n└────┘").is_empty());
        assert!(boxes("┌────\n│ a  │\n└────┘").is_empty());
    }

    #[test]
    fn heavy_and_double_boxes() {
        let found = boxes("┏━━━┓ ╔═══╗\n┃ x ┃ ║ y ║\n┗━┳━┛ ╚═╤═╝");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].stems, vec![2]);
        assert_eq!(found[1].stems, vec![8]);
    }
}
