//! Which boxes are participants, and where their lifelines run.
//!
//! Participants are boxes side by side on one band of rows with a vertical line under
//! each. The line is drawn near the box's centre, not always exactly, and label text
//! that runs over a lifeline pushes its character a column or two sideways on that row.
//! So the column is voted for: every lifeline character within 3 columns of the centre
//! counts, a row that holds nothing but lifelines counts three times, and a `┬` in the
//! box's bottom edge settles it. Ties go to the column nearest the centre.

use super::boxes::BoxShape;
use super::glyphs::{Glyph, is_vertical};
use super::grid::{Grid, Mark, Marks};

/// How far from a box's centre its lifeline may be drawn.
const REACH: usize = 3;
/// The vote of a row holding nothing but lifeline strokes.
const CLEAN_ROW_WEIGHT: u32 = 3;
/// What the vote looks at: lifeline strokes, and heads that would make them arrows.
const LINE_OR_HEAD: Glyph = Glyph::LIFELINE_MARK.or(Glyph::VERTICAL_HEAD);

/// A participant box and the column of its lifeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifeline {
    /// Index into the boxes found in the grid.
    pub shape: usize,
    /// 0-based display column.
    pub column: usize,
}

/// The participants of a diagram, left to right, and the rows their boxes take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cast {
    pub lifelines: Vec<Lifeline>,
    /// The last row of the participant band: steps are read below it.
    pub band_bottom: usize,
}

impl Cast {
    /// The lifeline columns, ascending.
    pub fn columns(&self) -> Vec<usize> {
        self.lifelines.iter().map(|l| l.column).collect()
    }
}

/// The first band of two or more boxes with lifelines under them, if any.
pub fn find(grid: &Grid, boxes: &[BoxShape], marks: &Marks) -> Option<Cast> {
    let mut order: Vec<usize> = (0..boxes.len())
        .filter(|&i| !boxes[i].name.is_empty())
        .collect();
    order.sort_by_key(|&i| (boxes[i].top, boxes[i].left));
    let mut start = 0;
    while start < order.len() {
        // Boxes whose rows overlap the band so far join it.
        let mut bottom = boxes[order[start]].bottom;
        let mut end = start + 1;
        while end < order.len() && boxes[order[end]].top <= bottom {
            bottom = bottom.max(boxes[order[end]].bottom);
            end += 1;
        }
        let mut band: Vec<usize> = order[start..end].to_vec();
        band.sort_by_key(|&i| boxes[i].left);
        // Nested or overlapping boxes are not side by side: keep the first of each.
        band.dedup_by(|b, a| boxes[*b].left <= boxes[*a].right);
        if band.len() >= 2 {
            if let Some(cast) = cast_of(grid, boxes, marks, &band, bottom) {
                return Some(cast);
            }
        }
        start = end;
    }
    None
}

/// Votes for each band box's lifeline column in the rows under the band.
fn cast_of(
    grid: &Grid,
    boxes: &[BoxShape],
    marks: &Marks,
    band: &[usize],
    band_bottom: usize,
) -> Option<Cast> {
    // Windows are disjoint and ascending because the boxes are.
    let windows: Vec<(usize, usize)> = band
        .iter()
        .map(|&i| {
            let b = &boxes[i];
            let centre = b.centre();
            (
                // A line under a box's side is a table's column rule, not a lifeline.
                centre.saturating_sub(REACH).max(b.left + 1),
                (centre + REACH)
                    .min(b.right.saturating_sub(1))
                    .max(b.left + 1),
            )
        })
        .collect();
    let mut votes: Vec<Vec<u32>> = windows
        .iter()
        .map(|(lo, hi)| vec![0; hi - lo + 1])
        .collect();
    // Per box, the rows with a lifeline stroke in its window.
    let mut rows_hit = vec![0usize; band.len()];
    // A stem settles its box's column: the box then needs one row with a stroke in its
    // window, and its votes are never read. Once every box is settled, a row matters
    // only through a vertical head, and the rows without one are skipped.
    let stems: Vec<Option<usize>> = band.iter().map(|&i| stem(&boxes[i])).collect();
    let mut unsettled = band.len();
    let mut arrowed = false;
    for row in band_bottom + 1..grid.height() {
        let classes = grid.classes(row);
        if !classes.any(LINE_OR_HEAD) || (unsettled == 0 && !classes.any(Glyph::VERTICAL_HEAD)) {
            continue;
        }
        let clean = !classes.any(Glyph::INK);
        let weight = if clean { CLEAN_ROW_WEIGHT } else { 1 };
        let (cells, free) = (grid.row(row), marks.row(row));
        // Only the columns in a window vote: the rest of the row is never looked at.
        for (w, &(lo, hi)) in windows.iter().enumerate() {
            let mut hit = false;
            for col in lo..=hi {
                let (Some(cell), Some(&mark)) = (cells.get(col), free.get(col)) else {
                    break;
                };
                if !cell.glyph.any(LINE_OR_HEAD) || cell.tail || mark != Mark::Free {
                    continue;
                }
                if !cell.glyph.any(Glyph::LIFELINE_MARK) {
                    arrowed |= points_along_a_line(grid, marks, row, col);
                    continue;
                }
                if let Some(v) = votes.get_mut(w).and_then(|v| v.get_mut(col - lo)) {
                    *v += weight;
                }
                hit = true;
            }
            if hit {
                if let Some(h) = rows_hit.get_mut(w) {
                    *h += 1;
                    if *h == 1 && stems.get(w).is_some_and(Option::is_some) {
                        unsettled -= 1;
                    }
                }
            }
        }
    }
    if arrowed {
        // Lines that end in a vertical arrow head connect boxes: an architecture picture.
        return None;
    }
    let mut lifelines = Vec::new();
    for (k, &i) in band.iter().enumerate() {
        let b = &boxes[i];
        let centre = b.centre();
        let stem = stems.get(k).copied().flatten();
        let hits = rows_hit.get(k).copied().unwrap_or(0);
        if hits == 0 || (stem.is_none() && hits < 2) {
            continue;
        }
        let (lo, _) = windows[k];
        let voted = votes[k]
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .max_by_key(|&(off, v)| (*v, std::cmp::Reverse((lo + off).abs_diff(centre))))
            .map(|(off, _)| lo + off);
        if let Some(column) = stem.or(voted) {
            lifelines.push(Lifeline { shape: i, column });
        }
    }
    if lifelines.len() < 2 {
        return None;
    }
    Some(Cast {
        lifelines,
        band_bottom,
    })
}

/// Where a box's lifeline leaves its bottom edge: the stem nearest its centre.
fn stem(b: &BoxShape) -> Option<usize> {
    let centre = b.centre();
    b.stems.iter().copied().min_by_key(|&s| s.abs_diff(centre))
}

/// True when the vertical head at (`row`, `col`) ends or starts a vertical line.
fn points_along_a_line(grid: &Grid, marks: &Marks, row: usize, col: usize) -> bool {
    let c = grid.ch(row, col);
    let above = row.checked_sub(1).map_or(' ', |r| grid.ch(r, col));
    let below = grid.ch(row + 1, col);
    let open = |r: Option<usize>, ch: char| {
        ch == ' ' || r.is_some_and(|r| marks.get(r, col) == Mark::Border)
    };
    match c {
        'v' | 'V' => is_vertical(above) && open(Some(row + 1), below),
        '^' => is_vertical(below) && open(row.checked_sub(1), above),
        _ => is_vertical(above) || is_vertical(below),
    }
}
