//! Which boxes are participants, and where their lifelines run.
//!
//! Participants are boxes side by side on one band of rows with a vertical line under
//! each. The line is drawn near the box's centre, not always exactly, and label text
//! that runs over a lifeline pushes its character a column or two sideways on that row.
//! So the column is voted for: every lifeline character within 3 columns of the centre
//! counts, a row that holds nothing but lifelines counts three times, and a `┬` in the
//! box's bottom edge settles it. Ties go to the column nearest the centre.

use super::boxes::{BoxShape, text_span};
use super::glyphs::{Glyph, is_vertical};
use super::grid::{Cell, Grid, Mark, Marks, cells_text};
use crate::span::Span;

/// How far from a box's centre its lifeline may be drawn.
const REACH: usize = 3;
/// The vote of a row holding nothing but lifeline strokes.
const CLEAN_ROW_WEIGHT: u32 = 3;
/// What the vote looks at: lifeline strokes, and heads that would make them arrows.
const LINE_OR_HEAD: Glyph = Glyph::LIFELINE_MARK.or(Glyph::VERTICAL_HEAD);

/// A participant and the column of its lifeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifeline {
    /// Index into the boxes found in the grid; None when the name is bare text over
    /// the lifeline.
    pub shape: Option<usize>,
    /// 0-based display column.
    pub column: usize,
    /// The participant's name, whitespace folded (a box's rows, or the header's).
    pub name: String,
    /// The name's first row text (content offsets).
    pub name_span: Option<Span>,
}

/// The participants of a diagram, left to right, and the rows their boxes take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cast {
    pub lifelines: Vec<Lifeline>,
    /// The last row of the participant band: steps are read below it.
    pub band_bottom: usize,
    /// How the participants are drawn.
    pub header: Header,
}

/// How a diagram's participants are drawn on its top band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header {
    /// One box per participant, its lifeline under it.
    Boxes,
    /// A row of bare names (maybe underlined), each over its lifeline.
    Names,
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

/// How far apart two columns of one drifting lifeline may be.
const DRIFT: usize = 2;
/// The fewest rows a lifeline drawn under a bare name must mark.
const MIN_NAMED_ROWS: usize = 3;
/// How many rows may separate a bare-name header from the top of its lifelines
/// (an underline, a blank row).
const HEADER_GAP: usize = 2;

/// Participants named by bare text over their lifelines, when no band of boxes has
/// lifelines: `Browser     Frontend (Next.js)` on one row (maybe on two, maybe
/// underlined with `───` or `===`), each name over a column of `│` or `|` strokes.
///
/// Lifelines are found first, as the columns where free vertical strokes run (a
/// stroke may drift a column or two: neighbours join). The header is the nearest row
/// of text above their tops; each of its names must stand over exactly one lifeline
/// and each lifeline under one name, or the picture is something else.
pub fn find_named(grid: &Grid, content: &str, marks: &Marks) -> Option<Cast> {
    let groups = vertical_groups(grid, marks);
    if groups.len() < 2 {
        return None;
    }
    let top = groups.iter().map(|g| g.top).min()?;
    // The header: the nearest row of text above the top, over an underline or a blank.
    let mut header = None;
    for row in (top.saturating_sub(HEADER_GAP + 1)..top).rev() {
        if is_underline(grid, row) || grid.row(row).iter().all(|c| c.ch == ' ') {
            continue;
        }
        header = Some(row);
        break;
    }
    let header = header?;
    // Lifelines starting right under the header; the others belong to something else.
    let lines: Vec<&Group> = groups
        .iter()
        .filter(|g| g.top <= top + HEADER_GAP)
        .collect();
    let names = names_over(grid, content, marks, header, &lines)?;
    // A second row of names above (`Next.js` over `Frontend`) joins when it also
    // stands over two or more lifelines, one name each.
    let upper = header
        .checked_sub(1)
        .and_then(|row| names_over(grid, content, marks, row, &lines))
        .filter(|above| above.iter().flatten().count() >= 2);
    let mut lifelines = Vec::new();
    for (k, (g, name)) in lines.iter().zip(names).enumerate() {
        let (text, span) = name?;
        let (text, span) = match upper.as_ref().and_then(|u| u.get(k).cloned().flatten()) {
            Some((above, above_span)) => (format!("{above} {text}"), above_span),
            None => (text, span),
        };
        lifelines.push(Lifeline {
            shape: None,
            column: g.column,
            name: text,
            name_span: Some(span),
        });
    }
    if lifelines.len() < 2 || arrowed_columns(grid, marks, &lifelines, header + 1) {
        return None;
    }
    Some(Cast {
        lifelines,
        band_bottom: top.max(header + 1) - 1,
        header: Header::Names,
    })
}

/// How many columns of free vertical strokes (on [`MIN_NAMED_ROWS`] rows or more) the
/// grid has, outside boxes: two or more may be lifelines.
pub fn stroke_columns(grid: &Grid, marks: &Marks) -> usize {
    vertical_groups(grid, marks).len()
}

/// A column of vertical strokes (drifting up to [`DRIFT`] columns).
#[derive(Clone, Debug)]
struct Group {
    /// The column with the most strokes.
    column: usize,
    /// The first row with a stroke.
    top: usize,
}

/// The columns where free lifeline strokes occur on [`MIN_NAMED_ROWS`] rows or more,
/// neighbours within [`DRIFT`] joined, left to right.
fn vertical_groups(grid: &Grid, marks: &Marks) -> Vec<Group> {
    let mut hits: Vec<(usize, usize)> = Vec::new(); // per column: (rows, first row)
    for row in 0..grid.height() {
        if !grid.classes(row).any(Glyph::LIFELINE_MARK) {
            continue;
        }
        for (col, (cell, mark)) in grid.row(row).iter().zip(marks.row(row)).enumerate() {
            if cell.tail || *mark != Mark::Free || !cell.glyph.any(Glyph::LIFELINE_MARK) {
                continue;
            }
            if hits.len() <= col {
                hits.resize(col + 1, (0, usize::MAX));
            }
            if let Some(h) = hits.get_mut(col) {
                h.0 += 1;
                h.1 = h.1.min(row);
            }
        }
    }
    let mut groups: Vec<(Group, usize, usize)> = Vec::new(); // group, its rows, last column
    for (col, &(rows, first)) in hits.iter().enumerate() {
        if rows < MIN_NAMED_ROWS {
            continue;
        }
        match groups.last_mut() {
            Some((g, best, last)) if col - *last <= DRIFT => {
                if rows > *best {
                    g.column = col;
                    *best = rows;
                }
                g.top = g.top.min(first);
                *last = col;
            }
            _ => groups.push((
                Group {
                    column: col,
                    top: first,
                },
                rows,
                col,
            )),
        }
    }
    groups.into_iter().map(|(g, _, _)| g).collect()
}

/// True when `row` holds only horizontal strokes (`─ - = ~ _`) and blanks (an
/// underline), some of them strokes.
fn is_underline(grid: &Grid, row: usize) -> bool {
    let stroke = |c: &Cell| c.glyph.any(Glyph::SHAFT) || matches!(c.ch, '~' | '_');
    let cells = grid.row(row);
    cells.iter().any(stroke)
        && cells
            .iter()
            .all(|c| c.ch == ' ' || stroke(c) || c.glyph.any(Glyph::JUNCTION))
}

/// The names on `row`, one per lifeline of `lines`: each stretch of text (words
/// separated by single spaces) over exactly one lifeline. None when a stretch stands
/// over no lifeline or over two, or a lifeline has two, or the row holds drawing.
#[allow(clippy::type_complexity)]
fn names_over(
    grid: &Grid,
    content: &str,
    marks: &Marks,
    row: usize,
    lines: &[&Group],
) -> Option<Vec<Option<(String, Span)>>> {
    let cells = grid.row(row);
    if cells.iter().any(|c| c.glyph.any(Glyph::DRAWING))
        || marks.row(row).iter().any(|m| *m != Mark::Free)
    {
        return None;
    }
    let mut names: Vec<Option<(String, Span)>> = vec![None; lines.len()];
    let mut col = 0;
    while col < cells.len() {
        if cells.get(col).is_none_or(|c| c.ch == ' ') {
            col += 1;
            continue;
        }
        let start = col;
        let mut end = col;
        while col < cells.len() {
            let blank = cells.get(col).is_none_or(|c| c.ch == ' ');
            let next_blank = cells.get(col + 1).is_none_or(|c| c.ch == ' ');
            if blank && next_blank {
                break;
            }
            if !blank {
                end = col;
            }
            col += 1;
        }
        // The lifelines this stretch stands over, a column of slack on each side.
        let over: Vec<usize> = (0..lines.len())
            .filter(|&k| {
                let c = lines[k].column;
                c + 1 >= start && c <= end + 1
            })
            .collect();
        let k = match over.as_slice() {
            [k] => *k,
            // A name beside its lifeline, not over it: the nearest one within DRIFT.
            [] => (0..lines.len())
                .filter(|&k| {
                    let c = lines[k].column;
                    c + DRIFT + 1 >= start && c <= end + DRIFT + 1
                })
                .min_by_key(|&k| lines[k].column.abs_diff(start + (end - start) / 2))?,
            _ => return None,
        };
        let slot = names.get_mut(k)?;
        if slot.is_some() {
            return None;
        }
        let text = cells_text(content, cells, start, end);
        *slot = Some((text, text_span(grid, row, start, end)?));
    }
    Some(names)
}

/// True when a lifeline column holds a vertical head below `from` that points along a
/// line: strokes that end in `▼` connect boxes, as in an architecture picture.
fn arrowed_columns(grid: &Grid, marks: &Marks, lifelines: &[Lifeline], from: usize) -> bool {
    (from..grid.height())
        .filter(|&row| grid.classes(row).any(Glyph::VERTICAL_HEAD))
        .any(|row| {
            lifelines.iter().any(|l| {
                (l.column.saturating_sub(1)..=l.column + 1).any(|col| {
                    grid.glyph(row, col).any(Glyph::VERTICAL_HEAD)
                        && marks.is_free(row, col)
                        && points_along_a_line(grid, marks, row, col)
                })
            })
        })
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
            lifelines.push(Lifeline {
                shape: Some(i),
                column,
                name: b.name.clone(),
                name_span: b.name_span,
            });
        }
    }
    if lifelines.len() < 2 {
        return None;
    }
    Some(Cast {
        lifelines,
        band_bottom,
        header: Header::Boxes,
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
