//! The text-art reader: boxes, lifelines, arrows and text put together into steps.
//!
//! Reading goes top to bottom below the participant band. Text gathers into *blocks*:
//! a phrase with a step number starts one, an unnumbered phrase on the next row in
//! the same lane continues one. A block whose last row sits right above an arrow and
//! overlaps it is the arrow's label; every other block is a note on its lane's
//! lifeline. Text on an arrow's own row, within the lanes the arrow spans, is a remark
//! ("❌ WRONG") and belongs to nothing. A box drawn below the band that repeats a
//! participant's name is a footer; any other box there is a note.

use super::arrows::{self, Arrow, Ends};
use super::boxes::{self, BoxShape, text_span};
use super::glyphs::Glyph;
use super::grid::{Grid, Mark, Marks, decode, fold_whitespace};
use super::labels::{Phrase, lane_of, phrases};
use super::lifelines::{self, Cast};
use super::number::split_step_number;
use super::{DanglingArrow, Diagram, DiagramStyle, Participant, Reading, Step, StepKind};
use crate::span::Span;

/// The bytes a char [`looks_like`] looks for can start with: `+ | < >` and `E2`.
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    table[b'+' as usize] = true;
    table[b'|' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[0xE2] = true;
    table
};

/// A cheap look for the two things every text-art sequence diagram has: a vertical
/// line and an arrow head. (Participant boxes are common, but a row of bare names
/// over the lifelines needs no corner.)
///
/// Reads bytes, not chars: each of those is ASCII (`+ | < >`) or a three-byte char
/// starting with `E2` (U+2000 to U+2FFF, a test checks it): a table lookup skips every
/// other byte, and only those chars are decoded. Lines come first in a diagram (its
/// lifelines, its participant boxes), so they are looked for from the top; a head is
/// looked for from the bottom up, as the last message is usually nearer the end than
/// the first one is to the start.
pub fn looks_like(content: &str) -> bool {
    let bytes = content.as_bytes();
    let candidate = |at: &usize| bytes.get(*at).is_some_and(|&b| MAY_START[usize::from(b)]);
    let (mut vertical, mut head) = (false, false);
    for at in (0..bytes.len()).filter(candidate) {
        let glyph = glyph_at(content, at);
        vertical |= glyph.any(Glyph::VERTICAL);
        head |= glyph.any(Glyph::HEAD);
        if vertical {
            break;
        }
    }
    vertical
        && (head
            || (0..bytes.len())
                .rev()
                .filter(candidate)
                .any(|at| glyph_at(content, at).any(Glyph::HEAD)))
}

/// The classes of the char starting at byte `at`, a byte that [`MAY_START`] one.
fn glyph_at(content: &str, at: usize) -> Glyph {
    let bytes = content.as_bytes();
    match bytes.get(at..) {
        Some(&[0xE2, b1 @ (0x94 | 0x95), b2, ..]) => {
            Glyph::of_box_drawing(((b1 & 0x03) << 6) | (b2 & 0x3F))
        }
        Some(&[0xE2, ..]) => Glyph::of(decode(content, at)),
        Some(&[byte, ..]) => Glyph::of_ascii(byte),
        Some(&[]) | None => Glyph::NONE,
    }
}

/// See [`super::read_text_diagram`].
pub fn read(content: &str, base: usize) -> Option<Diagram> {
    if !looks_like(content) {
        return None;
    }
    read_drawing(content, base)
}

/// See [`super::may_be_sequence_diagram`].
pub fn may_be(content: &str) -> bool {
    // A flow drawn as a chain of arrows (`User → Form → POST /login`, `↓` under it).
    let arrow_rows = content
        .lines()
        .filter(|l| {
            let glyphs: Vec<Glyph> = l.chars().map(Glyph::of).collect();
            // A shaft then a head (`->`, `─>`, `=>`), a head then a shaft, or a head
            // that is no ASCII letter or sign (`→ ▶ ↓`).
            glyphs.windows(2).any(|w| {
                (w[0].any(Glyph::SHAFT) && w[1].any(Glyph::HEAD_RIGHT))
                    || (w[0].any(Glyph::HEAD_LEFT) && w[1].any(Glyph::SHAFT))
            }) || l
                .chars()
                .any(|c| !c.is_ascii() && Glyph::of(c).any(Glyph::HEAD.or(Glyph::VERTICAL_HEAD)))
        })
        .count();
    if arrow_rows >= MIN_FLOW_ARROW_ROWS {
        return true;
    }
    if !looks_like(content) {
        return false;
    }
    let grid = Grid::new(content);
    let mut marks = Marks::new(&grid);
    boxes::find(&grid, content, &mut marks);
    lifelines::stroke_columns(&grid, &marks) >= 2
}

/// A note starting within this many columns right of a lifeline is written beside it.
const BESIDE: usize = 2;

/// The fewest rows with arrows that make a block a drawing of a flow.
const MIN_FLOW_ARROW_ROWS: usize = 3;

/// [`read`] without the cheap look first.
fn read_drawing(content: &str, base: usize) -> Option<Diagram> {
    let grid = Grid::new(content);
    let mut marks = Marks::new(&grid);
    let shapes = boxes::find(&grid, content, &mut marks);
    let mut cast = lifelines::find(&grid, &shapes, &marks)
        .or_else(|| lifelines::find_named(&grid, content, &marks))?;
    cast.lifelines.sort_by_key(|l| l.column);
    let columns = cast.columns();
    let first_row = cast.band_bottom + 1;
    // In ASCII, two arrows that both cross a lifeline (`+----+---->|` twice, with a
    // label between) enclose a perfect `+--+ | | +--+` box. Below the band a "box"
    // whose both sides stand on lifelines is that, not a note: its edges are arrows.
    let arrow_boxes: Vec<bool> = shapes
        .iter()
        .map(|b| {
            b.top > cast.band_bottom
                && grid.ch(b.top, b.left) == '+'
                && columns.contains(&b.left)
                && columns.contains(&b.right)
        })
        .collect();
    for (b, _) in shapes.iter().zip(&arrow_boxes).filter(|(_, fake)| **fake) {
        for r in b.top..=b.bottom {
            marks.set(r, b.left, b.right, Mark::Free);
        }
    }
    let shapes: Vec<BoxShape> = shapes
        .into_iter()
        .zip(arrow_boxes)
        .map(|(b, fake)| {
            if fake {
                BoxShape {
                    name: String::new(),
                    ..b
                }
            } else {
                b
            }
        })
        .collect();
    let found = arrows::find(&grid, &mut marks, &columns, first_row);
    // The drawing ends a row after the last row a lifeline reaches (or a box edge
    // closes): text further down is the document's, not the diagram's.
    let last_row = last_lifeline_row(&grid, &columns, first_row).saturating_add(1);
    let rows: Vec<Vec<Phrase>> = (0..grid.height())
        .map(|r| {
            if r < first_row || r > last_row {
                Vec::new()
            } else {
                phrases(&grid, content, &marks, &columns, r)
            }
        })
        .collect();

    let participants: Vec<Participant> = cast
        .lifelines
        .iter()
        .map(|l| Participant {
            name: l.name.clone(),
            span: l.name_span.unwrap_or(Span::empty(0)).shift(base),
            column: l.column + 1,
        })
        .collect();
    let mut reader = Reader {
        columns: &columns,
        base,
        items: Vec::new(),
        gaps: Vec::new(),
        dangling: Vec::new(),
    };
    reader.read_rows(&found, &rows, first_row);
    reader.read_note_boxes(&grid, &shapes, &cast, &participants);
    // Boxes and lines with text but no arrow between them are some other picture.
    let has_arrow = !reader.dangling.is_empty()
        || reader
            .items
            .iter()
            .any(|(_, s)| matches!(s.kind, StepKind::Message { .. }));
    if !has_arrow {
        return None;
    }
    reader.attribute_gap_notes();
    let first = cast.lifelines.first()?;
    let ascii = match first.shape.and_then(|i| shapes.get(i)) {
        Some(b) => grid.ch(b.top, b.left) == '+',
        None => grid.ch(cast.band_bottom + 1, first.column) == '|',
    };
    Some(Diagram {
        span: Span::new(base, base + content.len()),
        style: if ascii {
            DiagramStyle::Ascii
        } else {
            DiagramStyle::Unicode
        },
        participants,
        steps: reader.items.into_iter().map(|(_, s)| s).collect(),
        dangling: reader.dangling,
    })
}

/// The last row, from `first_row` down, where a lifeline column (or a column beside
/// it) holds a lifeline stroke, a bottom corner or an arrow head.
fn last_lifeline_row(grid: &Grid, columns: &[usize], first_row: usize) -> usize {
    const MARKS: Glyph = Glyph::LIFELINE_MARK
        .or(Glyph::BOTTOM_LEFT)
        .or(Glyph::BOTTOM_RIGHT)
        .or(Glyph::HEAD)
        .or(Glyph::VERTICAL_HEAD);
    (first_row..grid.height())
        .rev()
        .find(|&r| {
            grid.classes(r).any(MARKS)
                && columns.iter().any(|&c| {
                    (c.saturating_sub(1)..=c + 1).any(|col| grid.glyph(r, col).any(MARKS))
                })
        })
        .unwrap_or(first_row)
}

/// Text gathered over consecutive rows of one lane.
#[derive(Clone, Debug)]
struct Block {
    lane: usize,
    first_row: usize,
    last_row: usize,
    /// Leftmost and rightmost columns over all its rows.
    start: usize,
    end: usize,
    /// Columns of its text on its last row: what an arrow right below must overlap.
    last_start: usize,
    last_end: usize,
    span: Span,
    /// The texts of its phrases, joined by one space.
    text: String,
}

impl Block {
    fn new(p: &Phrase) -> Block {
        Block {
            lane: p.lane,
            first_row: p.row,
            last_row: p.row,
            start: p.start,
            end: p.end,
            last_start: p.start,
            last_end: p.end,
            span: p.span,
            text: p.text.clone(),
        }
    }

    fn push(&mut self, p: &Phrase) {
        if p.row == self.last_row {
            self.last_start = self.last_start.min(p.start);
            self.last_end = self.last_end.max(p.end);
        } else {
            self.last_start = p.start;
            self.last_end = p.end;
        }
        self.last_row = p.row;
        self.start = self.start.min(p.start);
        self.end = self.end.max(p.end);
        self.span = self.span.cover(p.span);
        self.text.push(' ');
        self.text.push_str(&p.text);
    }

    /// The step number and the text without it.
    fn label(&self) -> (Option<u32>, String) {
        let (number, rest) = split_step_number(&self.text);
        (number, fold_whitespace(rest))
    }
}

/// Steps in the making, keyed by (row, column) for reading order.
struct Reader<'a> {
    columns: &'a [usize],
    base: usize,
    items: Vec<((usize, usize), Step)>,
    /// Per item of `items`, for a note in the gap between two lifelines: its columns.
    gaps: Vec<Option<(usize, usize)>>,
    dangling: Vec<DanglingArrow>,
}

impl Reader<'_> {
    /// Every row below the band, top to bottom. Each row costs time in proportion to
    /// its arrows and phrases (times a logarithm), so long rows and long diagrams stay
    /// linear.
    fn read_rows(&mut self, found: &[Arrow], rows: &[Vec<Phrase>], first_row: usize) {
        // Blocks still open: their last row is the row before the current one (or the
        // current one, once continued). `None` once an arrow took one as its label.
        let mut open: Vec<Option<Block>> = Vec::new();
        let mut kept: Vec<Option<Block>> = Vec::new();
        let mut next_arrow = 0;
        // Loops still running on the current row, with their label so far.
        let mut loops: Vec<(&Arrow, Option<Block>)> = Vec::new();
        // Per lane (a lifeline index), the open block its text continues, if any.
        let mut by_lane: Vec<Option<usize>> = vec![None; self.columns.len()];
        // The previous row's arrows, waiting for a label (or its last row) below them.
        let mut pending: Vec<(Arrow, Option<Block>, Reading)> = Vec::new();
        for (r, row_phrases) in rows.iter().enumerate().skip(first_row) {
            let waiting = std::mem::take(&mut pending);
            let start_arrow = next_arrow;
            while found.get(next_arrow).is_some_and(|a| a.top == r) {
                next_arrow += 1;
            }
            let row_arrows = found.get(start_arrow..next_arrow).unwrap_or(&[]);
            let mut labels = self.take_labels(row_arrows, &mut open, rows, r, &mut loops);
            // A label written inside the shaft wins over one above it.
            let mut readings: Vec<Reading> = labels
                .iter()
                .map(|(_, l)| {
                    if l.is_some() {
                        Reading::LabelAbove
                    } else {
                        Reading::Unlabelled
                    }
                })
                .collect();
            for ((a, label), reading) in labels.iter_mut().zip(readings.iter_mut()) {
                let Some((from, to)) = a.inline else { continue };
                let first = row_phrases.partition_point(|p| p.start < from);
                let mut inside = row_phrases.iter().skip(first).take_while(|p| p.end <= to);
                if let Some(first) = inside.next() {
                    if let Some(above) = label.take() {
                        open.push(Some(above));
                    }
                    let mut block = Block::new(first);
                    inside.for_each(|p| block.push(p));
                    *label = Some(block);
                    *reading = Reading::LabelInShaft;
                }
            }
            let mut waiting = waiting;
            // Arrows on the next row: text right above one of them is its label.
            let next_row: &[Arrow] = found
                .get(next_arrow..)
                .map(|rest| {
                    let n = rest.iter().take_while(|a| a.top == r + 1).count();
                    rest.get(..n).unwrap_or(&[])
                })
                .unwrap_or(&[]);
            let remarks = remark_lanes(row_arrows, self.columns);
            // Where each lane's text continues: the latest open block of the lane.
            by_lane.fill(None);
            for (i, b) in open.iter().enumerate() {
                if let Some(slot) = b.as_ref().and_then(|b| by_lane.get_mut(b.lane)) {
                    *slot = Some(i);
                }
            }
            for p in row_phrases {
                if let Some((_, label)) = loops
                    .iter_mut()
                    .find(|(a, _)| in_loop_label(a, p, self.columns))
                {
                    match label {
                        Some(b) => b.push(p),
                        None => *label = Some(Block::new(p)),
                    }
                    continue;
                }
                // Unnumbered text right below an arrow, over its shaft, and not right
                // above another arrow: the arrow's label, or its label's last row.
                let below = split_step_number(&p.text).0.is_none()
                    && !next_row.iter().any(|a| overlaps(a, p.start, p.end));
                if let Some((_, label, reading)) = waiting
                    .iter_mut()
                    .find(|(a, _, _)| below && a.row + 1 == p.row && overlaps(a, p.start, p.end))
                {
                    match label {
                        Some(b) => b.push(p),
                        None => {
                            *label = Some(Block::new(p));
                            *reading = Reading::LabelBelow;
                        }
                    }
                    continue;
                }
                if in_intervals(&remarks, p.lane) {
                    continue;
                }
                let (number, _) = split_step_number(&p.text);
                let target = if number.is_some() {
                    None
                } else {
                    by_lane.get(p.lane).copied().flatten()
                };
                match target
                    .and_then(|i| open.get_mut(i))
                    .and_then(Option::as_mut)
                {
                    Some(b) => b.push(p),
                    None => {
                        if let Some(slot) = by_lane.get_mut(p.lane) {
                            *slot = Some(open.len());
                        }
                        open.push(Some(Block::new(p)));
                    }
                }
            }
            // Blocks not continued on this row are notes; loops ending here are done. The
            // blocks kept go to the other buffer, so that no row allocates one.
            kept.clear();
            for b in open.drain(..).flatten() {
                if b.last_row == r {
                    kept.push(Some(b));
                } else {
                    self.emit_note(b);
                }
            }
            std::mem::swap(&mut open, &mut kept);
            for (a, label, reading) in waiting {
                self.emit_arrow(&a, label, reading);
            }
            pending = relay(labels, readings);
            if !loops.is_empty() {
                let (running, done): (Vec<_>, Vec<_>) =
                    loops.into_iter().partition(|(a, _)| a.row > r);
                loops = running;
                for (a, label) in done {
                    self.emit_arrow(a, label, Reading::Loop);
                }
            }
        }
        for (a, label, reading) in pending {
            self.emit_arrow(&a, label, reading);
        }
        for b in open.into_iter().flatten() {
            self.emit_note(b);
        }
        for (a, label) in loops {
            self.emit_arrow(a, label, Reading::Loop);
        }
    }

    /// Gives each arrow starting on row `r` the open block right above it that overlaps
    /// it (the leftmost one), unless a loop has its label beside it. Loops join `loops`;
    /// straight arrows come back with their labels.
    fn take_labels<'a>(
        &self,
        row_arrows: &'a [Arrow],
        open: &mut [Option<Block>],
        rows: &[Vec<Phrase>],
        r: usize,
        loops: &mut Vec<(&'a Arrow, Option<Block>)>,
    ) -> Vec<(&'a Arrow, Option<Block>)> {
        if row_arrows.is_empty() {
            return Vec::new();
        }
        // Blocks ending on the row above, by where their last row's text lies: those
        // stretches do not overlap, so a binary search finds the first candidate.
        let mut above: Vec<(usize, usize, usize)> = open
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.as_ref().map(|b| (i, b)))
            .filter(|(_, b)| b.last_row + 1 == r)
            .map(|(i, b)| (i, b.last_start, b.last_end))
            .collect();
        above.sort_by_key(|&(_, start, _)| start);
        let mut labels = Vec::new();
        for a in row_arrows {
            let inline = a.corner.is_some() && loop_has_inline_label(a, rows, self.columns);
            let mut label = None;
            if !inline {
                let k = above.partition_point(|&(_, _, end)| end < a.left);
                let pick = above
                    .iter()
                    .skip(k)
                    .take_while(|&&(_, start, _)| start <= a.right)
                    .find(|&&(i, _, _)| open.get(i).is_some_and(Option::is_some))
                    .map(|&(i, _, _)| i);
                label = pick.and_then(|i| open.get_mut(i)).and_then(Option::take);
            }
            if a.corner.is_some() {
                loops.push((a, label));
            } else {
                labels.push((a, label));
            }
        }
        labels
    }

    fn emit_note(&mut self, b: Block) {
        let (number, text) = b.label();
        // Between two lifelines, the note's owner is settled once the steps are in
        // reading order (see `attribute_gap_notes`).
        let between = self
            .columns
            .get(b.lane)
            .zip(self.columns.get(b.lane + 1))
            .is_some_and(|(&left, _)| left < b.start);
        let step = Step {
            number,
            kind: StepKind::Note { at: b.lane },
            text,
            span: b.span.shift(self.base),
            arrow: None,
            reading: Reading::NoteOutside,
        };
        self.items.push(((b.first_row, b.start), step));
        self.gaps.push(between.then_some((b.start, b.end)));
    }

    /// Puts the steps in reading order and gives each note written between two
    /// lifelines to one of them: right beside a lifeline, to that one; out in the gap,
    /// to the one the message before it reached, when it reached one of the two (a
    /// person reads the note as the receiver's doing); else to the nearer one.
    fn attribute_gap_notes(&mut self) {
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| self.items.get(i).map(|(key, _)| *key));
        let mut items: Vec<_> = std::mem::take(&mut self.items)
            .into_iter()
            .map(Some)
            .collect();
        let mut reached: Option<usize> = None;
        for i in order {
            let Some((key, mut step)) = items.get_mut(i).and_then(Option::take) else {
                continue;
            };
            match (&mut step.kind, self.gaps.get(i).copied().flatten()) {
                (StepKind::Message { to, .. }, _) => reached = Some(*to),
                (StepKind::Note { at }, Some((start, end))) => {
                    let lane = *at;
                    let left = self.columns.get(lane).copied().unwrap_or(0);
                    if start <= left + BESIDE {
                        // Written right beside a lifeline: that lifeline's.
                        step.reading = Reading::NoteBeside;
                    } else if reached.is_some_and(|to| to == lane || to == lane + 1) {
                        *at = reached.unwrap_or(lane);
                        step.reading = Reading::NoteAfterMessage;
                    } else {
                        // Nearer by the middle of the text (which may run over a lifeline).
                        let right = self.columns.get(lane + 1).copied().unwrap_or(usize::MAX);
                        let middle = start + (end.saturating_sub(start)) / 2;
                        if right.saturating_sub(middle) < middle.saturating_sub(left) {
                            *at = lane + 1;
                        }
                        step.reading = Reading::NoteNearest;
                    }
                }
                (StepKind::Note { .. }, None) => {}
            }
            self.items.push((key, step));
        }
    }

    fn emit_arrow(&mut self, a: &Arrow, label: Option<Block>, reading: Reading) {
        let (number, text) = label.as_ref().map(Block::label).unwrap_or_default();
        let span = label.as_ref().map_or(a.span, |b| b.span).shift(self.base);
        let key = label
            .as_ref()
            .map_or((a.top, a.left), |b| (b.first_row, b.start));
        match a.ends {
            Ends::Message { from, to } => {
                let kind = StepKind::Message {
                    from,
                    to,
                    reply: a.reply,
                };
                let step = Step {
                    number,
                    kind,
                    text,
                    span,
                    arrow: Some(a.span.shift(self.base)),
                    reading,
                };
                self.items.push((key, step));
                self.gaps.push(None);
            }
            Ends::Dangling { column } => self.dangling.push(DanglingArrow {
                span: a.span.shift(self.base),
                column: column + 1,
                text,
                number,
            }),
        }
    }

    /// Boxes below the band: a footer repeating a participant is skipped, any other box
    /// is a note on the lifeline it covers, else on the nearest one on its left.
    fn read_note_boxes(
        &mut self,
        grid: &Grid,
        shapes: &[BoxShape],
        cast: &Cast,
        participants: &[Participant],
    ) {
        for b in shapes
            .iter()
            .filter(|b| b.top > cast.band_bottom && !b.name.is_empty())
        {
            if participants.iter().any(|p| p.name == b.name) {
                continue;
            }
            let covered = self.columns.iter().position(|&c| b.left < c && c < b.right);
            let at = covered.unwrap_or_else(|| lane_of(self.columns, b.left));
            let last = (b.top + 1..b.bottom)
                .rev()
                .find_map(|r| text_span(grid, r, b.left + 1, b.right - 1));
            let (Some(first), Some(last)) = (b.name_span, last) else {
                continue;
            };
            let (number, rest) = split_step_number(&b.name);
            let step = Step {
                number,
                kind: StepKind::Note { at },
                text: rest.to_string(),
                span: first.cover(last).shift(self.base),
                arrow: None,
                reading: Reading::NoteBox,
            };
            self.items.push(((b.top + 1, b.left + 1), step));
            self.gaps.push(None);
        }
    }
}

/// True when columns `start..=end` overlap the arrow's.
fn overlaps(a: &Arrow, start: usize, end: usize) -> bool {
    start <= a.right && end >= a.left
}

/// The straight arrows of a row with their labels, arrows head to tail joined: two
/// arrows pointing the same way that meet at one lifeline (`│◀────│◀────│`), one of
/// them unlabelled, are one step relayed from the first sender to the last receiver.
fn relay(
    labels: Vec<(&Arrow, Option<Block>)>,
    readings: Vec<Reading>,
) -> Vec<(Arrow, Option<Block>, Reading)> {
    let mut out: Vec<(Arrow, Option<Block>, Reading)> = Vec::new();
    for ((a, label), reading) in labels.into_iter().zip(readings) {
        if let Some((prev, prev_label, prev_reading)) = out.last_mut() {
            let joined = match (prev.ends, a.ends) {
                // Rightwards: prev reaches the lifeline a leaves from.
                (Ends::Message { from: f1, to: t1 }, Ends::Message { from: f2, to: t2 })
                    if f1 < t1 && f2 < t2 && t1 == f2 =>
                {
                    Some(Ends::Message { from: f1, to: t2 })
                }
                // Leftwards: a reaches the lifeline prev leaves from... read right to left.
                (Ends::Message { from: f1, to: t1 }, Ends::Message { from: f2, to: t2 })
                    if f1 > t1 && f2 > t2 && t2 == f1 =>
                {
                    Some(Ends::Message { from: f2, to: t1 })
                }
                _ => None,
            };
            let near = a.left <= prev.right + 1 + arrows::SNAP;
            if let Some(ends) = joined.filter(|_| near && (prev_label.is_none() || label.is_none()))
            {
                prev.ends = ends;
                prev.right = a.right;
                prev.span = prev.span.cover(a.span);
                prev.reply |= a.reply;
                if prev_label.is_none() {
                    *prev_label = label;
                }
                *prev_reading = Reading::Relay;
                continue;
            }
        }
        out.push((a.clone(), label, reading));
    }
    out
}

/// True when `p` sits right of a loop's corner, on the loop's rows, in its lane.
fn in_loop_label(a: &Arrow, p: &Phrase, columns: &[usize]) -> bool {
    let Some(corner) = a.corner else { return false };
    let Ends::Message { from, .. } = a.ends else {
        return false;
    };
    let home = columns.get(from).copied().unwrap_or(0);
    corner > home && p.start > corner && p.lane == from && (a.top..=a.row).contains(&p.row)
}

fn loop_has_inline_label(a: &Arrow, rows: &[Vec<Phrase>], columns: &[usize]) -> bool {
    rows.get(a.top..=a.row)
        .unwrap_or(&[])
        .iter()
        .flatten()
        .any(|p| in_loop_label(a, p, columns))
}

/// The lanes that straight arrows on a row span, as sorted, merged ranges: text on the
/// arrow's row in those lanes is a remark ("❌ WRONG"), not a note.
fn remark_lanes(row_arrows: &[Arrow], columns: &[usize]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = row_arrows
        .iter()
        .filter(|a| a.corner.is_none())
        .map(|a| match a.ends {
            Ends::Message { from, to } => (from.min(to), from.max(to)),
            Ends::Dangling { .. } => (lane_of(columns, a.left), lane_of(columns, a.right)),
        })
        .collect();
    ranges.sort_unstable();
    // Each range that starts within the one kept before it widens that one.
    ranges.dedup_by(|next, kept| {
        let overlaps = next.0 <= kept.1;
        if overlaps {
            kept.1 = kept.1.max(next.1);
        }
        overlaps
    });
    ranges
}

/// True when `lane` lies in one of the sorted, disjoint `ranges`.
fn in_intervals(ranges: &[(usize, usize)], lane: usize) -> bool {
    let k = ranges.partition_point(|&(_, hi)| hi < lane);
    ranges.get(k).is_some_and(|&(lo, _)| lo <= lane)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::diagram::glyphs::{is_head, is_top_left, is_vertical};
    use proptest::prelude::*;

    /// Corners, lines and heads of every kind, chars that share their first byte, and
    /// text around them.
    const PIECES: &[&str] = &[
        " ", "\n", "a", "+", "|", "<", ">", "-", "┌", "╭", "╔", "┐", "└", "─", "│", "┃", "║", "┆",
        "├", "┼", "→", "←", "▶", "◀", "►", "⇒", "⟶", "❯", "❮", "▼", "—", "…", "€", "™", "é", "日",
        "❌", "\u{feff}", "\u{301}",
    ];

    proptest! {
        /// The byte-level look says what its definition says: some char is a vertical
        /// line and some char an arrow head.
        #[test]
        fn looks_like_agrees_with_its_definition(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
        ) {
            let content = pieces.concat();
            let defined = content.chars().any(is_vertical)
                && content.chars().any(is_head);
            prop_assert_eq!(looks_like(&content), defined);
        }
    }

    /// [`looks_like`] decodes only ASCII and chars led by the byte `E2`: every char it
    /// looks for is one of those.
    #[test]
    fn every_char_looked_for_is_ascii_or_led_by_e2() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if is_top_left(c) || is_vertical(c) || is_head(c) {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(MAY_START[usize::from(lead)], "{c:?}");
                assert!(c.is_ascii() || lead == 0xE2, "{c:?}");
            }
        }
    }

    /// The cheap look turns away only what the reader would find nothing in: in every
    /// fixture the reader reads, blanking all the chars of one of the two kinds it
    /// looks for leaves a text the reader finds no diagram in either.
    #[test]
    fn the_reader_finds_nothing_where_looks_like_finds_nothing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diagrams");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).expect("fixture folder") {
            let path = entry.expect("fixture entry").path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let content = std::fs::read_to_string(&path).expect("fixture is UTF-8");
            if read_drawing(&content, 0).is_none() {
                continue;
            }
            read += 1;
            assert!(looks_like(&content), "{path:?}");
            for kind in [Glyph::VERTICAL, Glyph::HEAD] {
                let blanked: String = content
                    .chars()
                    .map(|c| if Glyph::of(c).any(kind) { ' ' } else { c })
                    .collect();
                assert!(!looks_like(&blanked), "{path:?} {kind:?}");
                assert_eq!(read_drawing(&blanked, 0), None, "{path:?} {kind:?}");
            }
        }
        assert!(read > 0, "no fixture reads");
    }

    #[test]
    fn looks_like_needs_a_line_and_a_head() {
        assert!(looks_like("┌─┐\n│ │\n→"));
        assert!(looks_like("+--+\n|  |\n-->"));
        assert!(looks_like("日本 ╭ ❌ ┃ é ⟸"));
        assert!(looks_like("A     B\n│     │\n├────►│"));
        assert!(!looks_like("┌─┐\n│ │\n"));
        assert!(!looks_like("─── → └"));
        assert!(!looks_like(""));
    }
}
