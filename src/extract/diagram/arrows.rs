//! Horizontal arrows between lifelines, and self-message loops.
//!
//! An arrow is a run of shaft characters with a head at one end (`├─────→│`,
//! `│←────┤`, `|<-- - --|`). Junctions at the run's ends are where it meets a
//! lifeline; a lifeline it passes over may show as `┴ ┼ +` inside the run, or cut it in
//! two (`|-----|---->|`), and the two halves are joined again. Each end is snapped to
//! the nearest lifeline within [`SNAP`] columns, because columns drift; an arrow with an
//! end beyond that is dangling (rule D008).
//!
//! A self-message leaves a lifeline, turns down at a corner and comes back:
//! `│───┐` / `│   │` / `│←──┘`. Cells that belong to an arrow are marked so that the
//! label reader does not take them for text.

use super::glyphs::{Glyph, is_dashed_shaft, is_head, is_lifeline_mark, is_shaft, is_vertical};
use super::grid::{Cell, Grid, Line, Mark, Marks};
use crate::span::Span;

/// How many columns an arrow end may miss its lifeline by.
pub const SNAP: usize = 2;
/// How many blank columns may separate an arrow end from the lifeline it means
/// (`│   ──────▶│`): across blanks only, nothing else between.
const BLANK_REACH: usize = 2;
/// An arrow of ASCII strokes shorter than this must meet lifelines at both ends to
/// count: shorter runs like `->` or `=>` are usually text.
const MIN_FREE_ASCII_LEN: usize = 4;

/// An arrow found in the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The first row the arrow takes (a loop's top row).
    pub top: usize,
    /// The row of the arrow's head: the last row of a loop.
    pub row: usize,
    /// The columns the arrow covers (a loop: from its lifeline to its corner).
    pub left: usize,
    pub right: usize,
    /// Shaft and head on `row` (content offsets).
    pub span: Span,
    pub ends: Ends,
    /// Dashed or dotted shaft, or pointing right to left.
    pub reply: bool,
    /// The column where a loop turns down (self-messages only).
    pub corner: Option<usize>,
    /// Columns of a label written inside the shaft (`├── login ──→│`).
    pub inline: Option<(usize, usize)>,
}

/// Where an arrow goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// Indices into the lifeline columns (equal for a self-message).
    Message { from: usize, to: usize },
    /// An end meets no lifeline: the 0-based column of that end.
    Dangling { column: usize },
}

/// What a row must hold for an arrow to start on it: a head, or a loop's corner.
const ARROW_ROW: Glyph = Glyph::HEAD.or(Glyph::TOP_LEFT).or(Glyph::TOP_RIGHT);

/// A run of stroke cells on one row, before it is known to be an arrow.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// First and last cells of the shaft and heads (junctions at the ends excluded).
    start: usize,
    end: usize,
    head_left: bool,
    head_right: bool,
    dashed: bool,
    /// Every stroke is ASCII (so it may be text).
    ascii: bool,
    /// Columns of text inside the shaft, between two strokes.
    gap: Option<(usize, usize)>,
}

impl Piece {
    fn len(&self) -> usize {
        self.end - self.start + 1
    }
}

/// Every arrow on the rows from `first_row` down, top to bottom and left to right.
/// `columns` are the lifeline columns, ascending.
pub fn find(grid: &Grid, marks: &mut Marks, columns: &[usize], first_row: usize) -> Vec<Arrow> {
    let mut arrows = Vec::new();
    for row in first_row..grid.height() {
        // A straight arrow has a head on its row, a loop a corner.
        if !grid.classes(row).any(ARROW_ROW) {
            continue;
        }
        for piece in join_inline_labels(grid, row, pieces(grid, marks, row)) {
            if let Some(arrow) = self_loop(grid, marks, columns, row, piece) {
                mark_loop(marks, &arrow, grid);
                arrows.push(arrow);
            } else if let Some(arrow) = straight(grid, columns, row, piece) {
                match arrow.inline {
                    Some((from, to)) => {
                        marks.set(row, arrow.left, from.saturating_sub(1), Mark::Arrow);
                        marks.set(row, to + 1, arrow.right, Mark::Arrow);
                    }
                    None => marks.set(row, arrow.left, arrow.right, Mark::Arrow),
                }
                arrows.push(arrow);
            } else if is_hook(grid, columns, row, piece) {
                // A short stroke off a lifeline into a box beside it (`├─►│ box`): part
                // of the drawing, neither a message nor text.
                marks.set(row, piece.start, piece.end, Mark::Arrow);
            }
        }
    }
    arrows
}

/// The stroke runs of one row, split at single lifeline crossings when one half has no
/// head facing the other (they are one arrow passing over a lifeline).
fn pieces(grid: &Grid, marks: &Marks, row: usize) -> Vec<Piece> {
    let r = grid.row(row);
    let free = marks.row(row);
    let stroke = |col: usize| {
        r.get(col)
            .zip(free.get(col))
            .is_some_and(|(c, m)| is_free_stroke(c, *m))
    };
    // The stroke cells from `col` on, up to the first other one.
    let strokes_from = |col: usize| {
        let (cells, free) = (r.get(col..).unwrap_or_default(), free.get(col..));
        let free = free.unwrap_or_default();
        cells
            .iter()
            .zip(free)
            .take_while(|(c, m)| is_free_stroke(c, **m))
            .count()
    };
    let mut out: Vec<Piece> = Vec::new();
    let mut col = 0;
    // Cells that draw no stroke are skipped in one go.
    while let Some(found) = r
        .get(col..)
        .and_then(|rest| rest.iter().position(|c| c.glyph.any(Glyph::STROKE)))
    {
        col += found;
        if !stroke(col) {
            col += 1;
            continue;
        }
        let run_start = col;
        let mut gaps = 0;
        loop {
            col += strokes_from(col);
            // "- - ->", "─ ─ ─▶": single spaces between shaft strokes. Two or more
            // gaps make a dashed shaft; one is a slip of the pen.
            let gap = r.ch(col) == ' '
                && r.glyph(col - 1).any(Glyph::SHAFT)
                && r.glyph(col + 1).any(Glyph::SHAFT.or(Glyph::HEAD))
                && stroke(col + 1);
            if gap {
                gaps += 1;
                col += 1;
                continue;
            }
            break;
        }
        if let Some(p) = piece_of(r, run_start, col - 1, gaps >= 2) {
            match out.last_mut() {
                Some(prev)
                    if p.start == prev.end + 2
                        && r.glyph(prev.end + 1).any(Glyph::VERTICAL)
                        && !prev.head_right
                        && !p.head_left =>
                {
                    prev.end = p.end;
                    prev.head_right = p.head_right;
                    prev.dashed |= p.dashed;
                    prev.ascii &= p.ascii;
                }
                _ => out.push(p),
            }
        }
    }
    out
}

/// A cell an arrow's run may go through: a stroke (not a wide char's second column)
/// that no earlier pass has taken.
fn is_free_stroke(cell: &Cell, mark: Mark) -> bool {
    cell.glyph.any(Glyph::STROKE) && !cell.tail && mark == Mark::Free
}

/// Joins a headless piece and a headed one with text between them into one arrow with
/// its label inside (`├── login ──→│`, `│←─ ok ──┤`). The text may not cross a lifeline.
fn join_inline_labels(grid: &Grid, row: usize, mut pieces: Vec<Piece>) -> Vec<Piece> {
    // Each piece either joins the one kept before it, or is kept.
    pieces.dedup_by(|p, prev| {
        // A plain shaft, then one pointing right; or one pointing left, then a plain one.
        let pointing = matches!(
            (
                (prev.head_left, prev.head_right),
                (p.head_left, p.head_right)
            ),
            ((false, false), (false, true)) | ((true, false), (false, false))
        );
        let between = prev.end + 1..p.start;
        let texted = !between.is_empty()
            && between.clone().any(|c| !grid.ch(row, c).is_whitespace())
            && between.clone().all(|c| !is_lifeline_mark(grid.ch(row, c)));
        let joins = pointing && texted && prev.gap.is_none();
        if joins {
            prev.gap = Some((prev.end + 1, p.start - 1));
            prev.end = p.end;
            prev.head_right = p.head_right;
            prev.dashed |= p.dashed;
            prev.ascii &= p.ascii;
        }
        joins
    });
    pieces
}

/// The shaft of a run `from..=to` of row `r`: junctions at its ends dropped, heads only
/// at its ends.
fn piece_of(r: &[Cell], from: usize, to: usize, dashed: bool) -> Option<Piece> {
    let mut start = from;
    let mut end = to;
    while start <= end && r.glyph(start).any(Glyph::JUNCTION) {
        start += 1;
    }
    while end > start && r.glyph(end).any(Glyph::JUNCTION) {
        end -= 1;
    }
    if start > end || r.glyph(end).any(Glyph::JUNCTION) {
        return None;
    }
    let cells = r.get(start..=end)?;
    let lead = cells
        .iter()
        .take_while(|c| c.glyph.any(Glyph::HEAD_LEFT))
        .count();
    let trail = cells
        .iter()
        .rev()
        .take_while(|c| c.glyph.any(Glyph::HEAD_RIGHT))
        .count();
    let inner = cells
        .get(lead..cells.len().saturating_sub(trail))
        .unwrap_or(&[]);
    let inner_classes = inner.iter().fold(Glyph::NONE, |all, c| all.or(c.glyph));
    if inner.is_empty() || inner_classes.any(Glyph::HEAD) {
        return None;
    }
    let dashed = dashed || inner_classes.any(Glyph::DASHED_SHAFT);
    let ascii = cells.iter().all(|c| c.ch.is_ascii());
    // A lone ASCII stroke ("1." or "a - b") is text unless lifelines hold it in.
    let held = r.glyph(start.wrapping_sub(1)).any(Glyph::LIFELINE_MARK)
        && r.glyph(end + 1).any(Glyph::LIFELINE_MARK);
    if ascii && inner.len() < 2 && !held {
        return None;
    }
    Some(Piece {
        start,
        end,
        head_left: lead > 0,
        head_right: trail > 0,
        dashed,
        ascii,
        gap: None,
    })
}

/// The nearest lifeline within [`SNAP`] columns of any of `candidates`.
fn snap(columns: &[usize], candidates: impl IntoIterator<Item = usize>) -> Option<usize> {
    candidates
        .into_iter()
        .filter_map(|col| {
            let i = columns.partition_point(|&c| c < col);
            [i.checked_sub(1), Some(i)]
                .into_iter()
                .flatten()
                .filter_map(|k| columns.get(k).map(|&c| (c.abs_diff(col), k)))
                .min()
        })
        .min()
        .filter(|&(d, _)| d <= SNAP)
        .map(|(_, k)| k)
}

/// True when a lifeline is within `reach` columns of `col`.
fn snap_within(columns: &[usize], col: usize, reach: usize) -> bool {
    let i = columns.partition_point(|&c| c < col);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter_map(|k| columns.get(k))
        .any(|&c| c.abs_diff(col) <= reach)
}

/// Where an end of a piece may meet a lifeline: its last stroke, and the lifeline
/// character or junction right beyond it.
fn end_candidates(
    grid: &Grid,
    row: usize,
    col: usize,
    outward: isize,
) -> impl Iterator<Item = usize> {
    let beyond = col
        .checked_add_signed(outward)
        .filter(|&next| grid.glyph(row, next).any(Glyph::LIFELINE_MARK));
    std::iter::once(col).chain(beyond)
}

/// The lifeline an arrow end at `col` means when only blanks (up to [`BLANK_REACH`])
/// lie between them: walking `outward`, the first lifeline column met, or a lifeline
/// stroke within [`SNAP`] of one.
fn across_blanks(
    grid: &Grid,
    columns: &[usize],
    row: usize,
    col: usize,
    outward: isize,
) -> Option<usize> {
    let r = grid.row(row);
    for step in 1..=BLANK_REACH + 1 {
        let c = col.checked_add_signed(outward * step as isize)?;
        if let Some(k) = columns.iter().position(|&l| l == c) {
            return Some(k);
        }
        if r.glyph(c).any(Glyph::LIFELINE_MARK) {
            return snap(columns, [c]);
        }
        if r.ch(c) != ' ' || step > BLANK_REACH {
            return None;
        }
    }
    None
}

/// True when a headed piece of box-drawing strokes starts and ends by one lifeline.
fn is_hook(grid: &Grid, columns: &[usize], row: usize, p: Piece) -> bool {
    let left = snap(columns, end_candidates(grid, row, p.start, -1));
    let right = snap(columns, end_candidates(grid, row, p.end, 1));
    !p.ascii && (p.head_left || p.head_right) && left.is_some() && left == right
}

/// A straight arrow between two lifelines, or a dangling one.
fn straight(grid: &Grid, columns: &[usize], row: usize, p: Piece) -> Option<Arrow> {
    if !p.head_left && !p.head_right {
        return None;
    }
    let left = snap(columns, end_candidates(grid, row, p.start, -1))
        .or_else(|| across_blanks(grid, columns, row, p.start, -1));
    let right = snap(columns, end_candidates(grid, row, p.end, 1))
        .or_else(|| across_blanks(grid, columns, row, p.end, 1));
    let (start, end) = grid.byte_range(row, p.start, p.end)?;
    let rightward = p.head_right || !p.head_left;
    let ends = match (left, right) {
        (Some(l), Some(r)) if l != r => {
            if rightward {
                Ends::Message { from: l, to: r }
            } else {
                Ends::Message { from: r, to: l }
            }
        }
        (Some(_), Some(_)) => return None,
        (Some(_), None) if !p.ascii || p.len() >= MIN_FREE_ASCII_LEN => {
            Ends::Dangling { column: p.end }
        }
        (None, Some(_)) if !p.ascii || p.len() >= MIN_FREE_ASCII_LEN => {
            Ends::Dangling { column: p.start }
        }
        (None, None) if !p.ascii && p.len() >= 3 => Ends::Dangling {
            column: if rightward { p.end } else { p.start },
        },
        _ => return None,
    };
    Some(Arrow {
        top: row,
        row,
        left: p.start,
        right: p.end,
        span: Span::new(start, end),
        ends,
        reply: p.dashed || !rightward,
        corner: None,
        inline: p.gap,
    })
}

/// A self-message: the piece leaves a lifeline and turns down at a corner, and a
/// second piece on a lower row comes back to the same lifeline.
fn self_loop(grid: &Grid, marks: &Marks, columns: &[usize], row: usize, p: Piece) -> Option<Arrow> {
    // The loop is drawn on the right of its lifeline, or mirrored on the left.
    let right_side = matches!(
        grid.ch(row, p.end + 1),
        '┐' | '╮' | '+' | '┒' | '┓' | '╗' | '╕'
    );
    let left_side = !right_side
        && p.start > 0
        && matches!(
            grid.ch(row, p.start - 1),
            '┌' | '╭' | '+' | '┎' | '┏' | '╔' | '╒'
        );
    if !right_side && !left_side {
        return None;
    }
    let (corner, home_end, outward) = if right_side {
        (p.end + 1, p.start, -1)
    } else {
        (p.start - 1, p.end, 1)
    };
    // A corner on a lifeline is a junction there (`+----->|`), not a turn.
    if snap_within(columns, corner, 1) {
        return None;
    }
    let home = snap(columns, end_candidates(grid, row, home_end, outward))?;
    // Down the corner's column to the lower corner.
    let mut bottom = row + 1;
    while bottom < grid.height() && is_vertical(grid.ch(bottom, corner)) {
        bottom += 1;
    }
    let lower = grid.ch(bottom, corner);
    let turns = if right_side {
        matches!(lower, '┘' | '╯' | '+' | '┚' | '┛' | '╝' | '╛')
    } else {
        matches!(lower, '└' | '╰' | '+' | '┖' | '┗' | '╚' | '╘')
    };
    if !turns {
        return None;
    }
    // Back along the lower row towards the lifeline.
    let step = |c: usize| {
        if right_side {
            c.checked_sub(1)
        } else {
            c.checked_add(1)
        }
    };
    let mut back_end = step(corner)?;
    let free_stroke = |c: usize| {
        let ch = grid.ch(bottom, c);
        marks.is_free(bottom, c) && (is_shaft(ch) || is_head(ch))
    };
    if !free_stroke(back_end) {
        return None;
    }
    while let Some(next) = step(back_end).filter(|&c| free_stroke(c)) {
        back_end = next;
    }
    let back = if right_side {
        (back_end, corner - 1)
    } else {
        (corner + 1, back_end)
    };
    if snap(columns, end_candidates(grid, bottom, back_end, outward)) != Some(home) {
        return None;
    }
    let back_chars: Vec<char> = (back.0..=back.1).map(|c| grid.ch(bottom, c)).collect();
    let headed = p.head_left || p.head_right || back_chars.iter().any(|c| is_head(*c));
    if !headed {
        return None;
    }
    let dashed = p.dashed || back_chars.iter().any(|c| is_dashed_shaft(*c));
    let (start, end) = grid.byte_range(bottom, back.0, back.1)?;
    let (left, right) = if right_side {
        (p.start, corner)
    } else {
        (corner, p.end)
    };
    Some(Arrow {
        top: row,
        row: bottom,
        left,
        right,
        span: Span::new(start, end),
        ends: Ends::Message {
            from: home,
            to: home,
        },
        reply: dashed,
        corner: Some(corner),
        inline: None,
    })
}

/// Marks a loop's top piece, corners, vertical run and return piece.
fn mark_loop(marks: &mut Marks, arrow: &Arrow, grid: &Grid) {
    let Some(corner) = arrow.corner else { return };
    marks.set(arrow.top, arrow.left, arrow.right, Mark::Arrow);
    for r in arrow.top + 1..arrow.row {
        marks.set(r, corner, corner, Mark::Arrow);
    }
    // The return piece spans the same columns, give or take the head.
    let (from, to) = (arrow.left, arrow.right);
    let row = arrow.row;
    for c in from..=to {
        let ch = grid.ch(row, c);
        if is_shaft(ch) || is_head(ch) || c == corner {
            marks.set(row, c, c, Mark::Arrow);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrows(text: &str, columns: &[usize]) -> Vec<Arrow> {
        let grid = Grid::new(text);
        let mut marks = Marks::new(&grid);
        find(&grid, &mut marks, columns, 0)
    }

    #[test]
    fn right_and_left_arrows_snap_to_drifted_lifelines() {
        let found = arrows("│─────→│\n│←────┤\n  ├──────→ │", &[0, 7]);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].ends, Ends::Message { from: 0, to: 1 });
        assert!(!found[0].reply);
        assert_eq!(found[1].ends, Ends::Message { from: 1, to: 0 });
        assert!(found[1].reply);
        assert_eq!(found[2].ends, Ends::Message { from: 0, to: 1 });
    }

    #[test]
    fn an_arrow_passing_over_a_lifeline_is_one_arrow() {
        let found = arrows("|-----|----->|\n├─────┴─────→│", &[0, 6, 13]);
        assert_eq!(found.len(), 2);
        for a in &found {
            assert_eq!(a.ends, Ends::Message { from: 0, to: 2 });
        }
    }

    #[test]
    fn dashed_and_dotted_shafts_are_replies() {
        let found = arrows("|- - - ->|\n|.......>|\n|┄┄┄┄┄┄┄▶|", &[0, 9]);
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|a| a.reply));
    }

    #[test]
    fn ends_away_from_lifelines_dangle() {
        let found = arrows("│──────→     │", &[0, 13]);
        assert_eq!(found[0].ends, Ends::Dangling { column: 7 });
    }

    #[test]
    fn short_ascii_runs_in_text_are_not_arrows() {
        assert!(arrows("|  a -> b  x => y   |", &[0, 20]).is_empty());
        assert!(arrows("|  1. POST  |", &[0, 12]).is_empty());
    }

    #[test]
    fn self_loops_return_to_their_lifeline() {
        let found = arrows("│───┐\n│   │ self\n│←──┘\n", &[0, 12]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ends, Ends::Message { from: 0, to: 0 });
        assert_eq!(
            (found[0].top, found[0].row, found[0].corner),
            (0, 2, Some(4))
        );
        let ascii = arrows("|----+\n|<---+\n", &[0]);
        assert_eq!(ascii.len(), 1);
        assert_eq!(ascii[0].ends, Ends::Message { from: 0, to: 0 });
    }
}
