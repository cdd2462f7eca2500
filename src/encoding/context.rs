//! Choosing the character a lost byte belonged to, from what surrounds it.
//!
//! Windows-1252 has no character for 0x81, 0x8D, 0x8F, 0x90 and 0x9D, so a strict
//! decoder drops them: "┐" (E2 94 90) arrives as "â”" and nothing else. Putting one
//! of the five bytes back at any continuation position gives several valid
//! characters; [`super::glyphs::is_restorable`] keeps the ones text really uses, and
//! the rules below pick one. A character is restored only when exactly one option
//! survives a rule; otherwise the run is reported with `repaired: None`.
//!
//! # Decision rules, in order
//! 1. **One option.** "âŒ" can only be "❌" (E2 9D 8C); the other nine byte
//!    insertions give characters nobody types.
//! 2. **Box drawing joins its neighbours.** The text is laid out as a grid (display
//!    columns; tabs to multiples of 8) and every box-drawing option is scored
//!    against the four neighbouring cells: an arm that meets an arm scores +2 (+1
//!    if their weights differ), an arm that meets nothing, or nothing that meets an
//!    arm, scores −1. The best option wins if it scores above zero and beats the
//!    next by more than 3 for every neighbour still undecided. After "─" runs, with
//!    "│" below and a space to the right, "┐" scores 4 and "━" scores 0.
//! 3. **An arrowhead points away from its shaft.** With a line on one side only, the
//!    arrow options pointing the other way are kept ("│←───": a shaft on the right,
//!    so "←" and not "↝"); if several remain, the plain arrow (← → ↑ ↓ ⇐ ⇒) wins.
//!
//! Rules 2 and 3 run to a fixed point: deciding one cell can decide its neighbours
//! (a heavy edge "┏━━━┓" is resolved from the "┓" inwards). They run twice: first
//! deciding only what no undecided neighbour could overturn, then counting undecided
//! neighbours as empty, which settles runs of damaged cells ("⇐════" where every
//! cell lost a byte) from their known ends. Then, for what is left:
//!
//! 4. **Between two emoji**, a lost "â€" is the zero-width joiner (E2 80 8D).
//! 5. **At the end of a word**, before a space, punctuation or the line end, a lost
//!    "â€" is the closing quotation mark "”" (E2 80 9D).
//! 6. **The document's vocabulary.** If exactly one option, or its usual partner,
//!    appears elsewhere in the text ("→" for "←", "“" for "”", "✅" for "❌"), it wins:
//!    the author writes that family of characters.
//! 7. **A standalone emoji.** Between spaces or punctuation, if exactly one option
//!    is shown as emoji by default, it wins.
//!
//! Each decision of rules 4–7 lets rules 2 and 3 settle its neighbours again.

use std::collections::{HashMap, HashSet, VecDeque};

use unicode_width::UnicodeWidthChar;

use super::glyphs::{self, Dir};
use super::mojibake::{Candidate, Decoded};

/// What is known about the cell next to a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Near {
    /// Nothing there: line start or end, or a short line above or below.
    Nothing,
    Known(char),
    /// Another damaged character whose lost bytes are not decided yet.
    Undecided,
}

impl Near {
    fn arm(self, d: Dir) -> Option<u8> {
        match self {
            Near::Nothing => Some(0),
            Near::Known(c) => Some(glyphs::arm(c, d)),
            Near::Undecided => None,
        }
    }

    /// A word boundary: nothing, whitespace or ASCII punctuation.
    fn is_boundary(self) -> bool {
        match self {
            Near::Nothing => true,
            Near::Known(c) => c.is_whitespace() || c.is_ascii_punctuation(),
            Near::Undecided => false,
        }
    }
}

/// The character each candidate stands for, `None` where the context cannot decide.
pub(crate) fn resolve(text: &str, cands: &[Candidate]) -> Vec<Option<char>> {
    let mut resolved: Vec<Option<char>> = cands
        .iter()
        .map(|c| match &c.decoded {
            Decoded::Complete(ch) => Some(*ch),
            Decoded::Lost { options, .. } if options.len() == 1 => Some(options[0]),
            Decoded::Lost { .. } => None,
        })
        .collect();
    let ambiguous: Vec<usize> = (0..cands.len())
        .filter(|&i| resolved[i].is_none())
        .collect();
    if ambiguous.is_empty() {
        return resolved;
    }
    let mut grid = Grid::new(text, cands);
    grid.settle(&mut resolved, ambiguous.iter().copied().collect(), true);
    grid.settle(&mut resolved, ambiguous.iter().copied().collect(), false);

    let mut vocabulary: Option<HashSet<char>> = None;
    for &i in &ambiguous {
        if resolved[i].is_some() {
            continue;
        }
        let near = grid.neighbours(i, &resolved);
        let vocab = vocabulary.get_or_insert_with(|| vocabulary_of(text, cands));
        if let Some(c) = prose_choice(options_of(&cands[i]), &near, vocab) {
            resolved[i] = Some(c);
            let mut woken = VecDeque::new();
            grid.wake_neighbours(i, &resolved, &mut woken);
            grid.settle(&mut resolved, woken, false);
        }
    }
    resolved
}

fn options_of(cand: &Candidate) -> &[char] {
    match &cand.decoded {
        Decoded::Lost { options, .. } => options,
        Decoded::Complete(_) => &[],
    }
}

/// Rules 2 and 3 for one cell; `near` is indexed by [`Dir`].
fn structural_choice(options: &[char], near: &[Near; 4], strict: bool) -> Option<char> {
    box_choice(options, near, strict).or_else(|| arrow_choice(options, near))
}

/// Rule 2. `strict`: decide only what no undecided neighbour could overturn;
/// otherwise undecided neighbours count as nothing, which breaks the tie in runs of
/// damaged cells ("═══" between two damaged corners) once nothing is certain.
fn box_choice(options: &[char], near: &[Near; 4], strict: bool) -> Option<char> {
    let undecided = near.iter().filter(|n| **n == Near::Undecided).count() as i32;
    let mut scored: Vec<(i32, char)> = options
        .iter()
        .filter(|c| glyphs::is_box_drawing(**c))
        .map(|&c| {
            let score = Dir::ALL
                .iter()
                .map(|&d| {
                    let Some(theirs) = near[d as usize].arm(d.opposite()) else {
                        return 0;
                    };
                    match (glyphs::arm(c, d), theirs) {
                        (0, 0) => 0,
                        (a, b) if a > 0 && b > 0 => {
                            if a == b {
                                2
                            } else {
                                1
                            }
                        }
                        _ => -1,
                    }
                })
                .sum();
            (score, c)
        })
        .collect();
    scored.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    let (best, c) = *scored.first()?;
    let second = scored.get(1).map_or(i32::MIN / 2, |s| s.0);
    let margin = if strict { 3 * undecided } else { 0 };
    (best > 0 && best - second > margin).then_some(c)
}

fn arrow_choice(options: &[char], near: &[Near; 4]) -> Option<char> {
    let shaft = |d: Dir| near[d as usize].arm(d.opposite()).map(|a| a > 0);
    let want = match (shaft(Dir::Left)?, shaft(Dir::Right)?) {
        (false, true) => Dir::Left,
        (true, false) => Dir::Right,
        _ => match (shaft(Dir::Up)?, shaft(Dir::Down)?) {
            (false, true) => Dir::Up,
            (true, false) => Dir::Down,
            _ => return None,
        },
    };
    let pointing: Vec<char> = options
        .iter()
        .copied()
        .filter(|&c| glyphs::arrow_dir(c) == Some(want))
        .collect();
    match pointing.as_slice() {
        [one] => Some(*one),
        _ => single(
            pointing
                .iter()
                .copied()
                .filter(|&c| glyphs::is_plain_arrow(c)),
        ),
    }
}

/// Rules 4 to 7.
fn prose_choice(options: &[char], near: &[Near; 4], vocab: &HashSet<char>) -> Option<char> {
    let (left, right) = (near[Dir::Left as usize], near[Dir::Right as usize]);
    let pictographic = |n: Near| matches!(n, Near::Known(c) if glyphs::is_pictographic(c));
    if options.contains(&'\u{200D}') && pictographic(left) && pictographic(right) {
        return Some('\u{200D}');
    }
    let after_word = matches!(left, Near::Known(c) if !c.is_whitespace());
    if options.contains(&'”') && after_word && right.is_boundary() {
        return Some('”');
    }
    let seen =
        |c: char| vocab.contains(&c) || glyphs::partner(c).is_some_and(|p| vocab.contains(&p));
    if let Some(c) = single(options.iter().copied().filter(|&c| seen(c))) {
        return Some(c);
    }
    if left.is_boundary() && right.is_boundary() {
        return single(
            options
                .iter()
                .copied()
                .filter(|&c| glyphs::is_emoji_presentation(c)),
        );
    }
    None
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// The non-ASCII characters the document shows: its clean text and what the
/// decided candidates decode to.
fn vocabulary_of(text: &str, cands: &[Candidate]) -> HashSet<char> {
    let mut set: HashSet<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    set.extend(cands.iter().filter_map(|c| match c.decoded {
        Decoded::Complete(ch) => Some(ch),
        Decoded::Lost { .. } => None,
    }));
    set
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Char(char),
    Cand(usize),
}

#[derive(Clone, Copy, Debug)]
struct Cell {
    col: usize,
    width: usize,
    kind: Kind,
}

struct Line {
    start: usize,
    end: usize,
    cells: Vec<Cell>,
    /// The lines above and below, once looked up: `None` not yet, `Some(None)` none.
    up: Option<Option<usize>>,
    down: Option<Option<usize>>,
}

/// Not placed in any built line (yet).
const UNPLACED: (usize, usize) = (usize::MAX, usize::MAX);

/// The lines around undecided candidates, laid out in display columns, built on
/// demand so a large file costs only the lines that need it. Lookups on the hot
/// path are by index; the one map is consulted once per line.
struct Grid<'a> {
    text: &'a str,
    cands: &'a [Candidate],
    /// Line start of each candidate's line.
    line_of: Vec<usize>,
    lines: Vec<Line>,
    /// Line start → index into `lines`.
    by_start: HashMap<usize, usize>,
    /// Candidate → (line index, cell index), for candidates in built lines.
    at: Vec<(usize, usize)>,
}

impl<'a> Grid<'a> {
    fn new(text: &'a str, cands: &'a [Candidate]) -> Self {
        let bytes = text.as_bytes();
        let mut line_of = Vec::with_capacity(cands.len());
        let (mut line_start, mut scanned) = (0, 0);
        for cand in cands {
            let s = cand.span.start;
            if let Some(p) = bytes[scanned..s].iter().rposition(|&b| b == b'\n') {
                line_start = scanned + p + 1;
            }
            scanned = s;
            line_of.push(line_start);
        }
        Grid {
            text,
            cands,
            line_of,
            lines: Vec::new(),
            by_start: HashMap::new(),
            at: vec![UNPLACED; cands.len()],
        }
    }

    /// Decides what rules 2 and 3 can, starting from `queue` and waking the
    /// neighbours of every decision: linear, since a cell is looked at again only
    /// when one of its four neighbours was decided. See [`box_choice`] for `strict`.
    fn settle(&mut self, resolved: &mut [Option<char>], mut queue: VecDeque<usize>, strict: bool) {
        while let Some(i) = queue.pop_front() {
            if resolved[i].is_some() {
                continue;
            }
            let near = self.neighbours(i, resolved);
            if let Some(c) = structural_choice(options_of(&self.cands[i]), &near, strict) {
                resolved[i] = Some(c);
                self.wake_neighbours(i, resolved, &mut queue);
            }
        }
    }

    fn wake_neighbours(
        &mut self,
        i: usize,
        resolved: &[Option<char>],
        queue: &mut VecDeque<usize>,
    ) {
        for d in Dir::ALL {
            if let Some(Kind::Cand(j)) = self.cell_towards(i, d).map(|c| c.kind)
                && resolved[j].is_none()
            {
                queue.push_back(j);
            }
        }
    }

    fn neighbours(&mut self, i: usize, resolved: &[Option<char>]) -> [Near; 4] {
        Dir::ALL.map(|d| match self.cell_towards(i, d).map(|c| c.kind) {
            None => Near::Nothing,
            Some(Kind::Char(c)) => Near::Known(c),
            Some(Kind::Cand(j)) => resolved[j].map_or(Near::Undecided, Near::Known),
        })
    }

    /// The cell next to candidate `i` in direction `d`.
    fn cell_towards(&mut self, i: usize, d: Dir) -> Option<Cell> {
        if self.at[i] == UNPLACED {
            self.build(self.line_of[i]);
        }
        let (li, idx) = self.at[i];
        let line = self.lines.get(li)?;
        let me = *line.cells.get(idx)?;
        match d {
            Dir::Left => idx.checked_sub(1).and_then(|k| line.cells.get(k)).copied(),
            Dir::Right => line.cells.get(idx + 1).copied(),
            Dir::Up | Dir::Down => {
                let other = self.adjacent_line(li, d)?;
                let cells = &self.lines[other].cells;
                let k = cells.partition_point(|c| c.col + c.width <= me.col);
                cells.get(k).filter(|c| c.col <= me.col).copied()
            }
        }
    }

    /// The index of the line above or below line `li`, built on first use.
    fn adjacent_line(&mut self, li: usize, d: Dir) -> Option<usize> {
        let cached = if d == Dir::Up {
            self.lines[li].up
        } else {
            self.lines[li].down
        };
        if let Some(found) = cached {
            return found;
        }
        let (start, end) = (self.lines[li].start, self.lines[li].end);
        let other_start = if d == Dir::Up {
            (start > 0).then(|| {
                self.text.as_bytes()[..start - 1]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
            })
        } else {
            (end < self.text.len()).then_some(end + 1)
        };
        let found = other_start.map(|s| self.build(s));
        if d == Dir::Up {
            self.lines[li].up = Some(found);
        } else {
            self.lines[li].down = Some(found);
        }
        found
    }

    /// Lays out the line starting at `start`, once; returns its index.
    fn build(&mut self, start: usize) -> usize {
        if let Some(&li) = self.by_start.get(&start) {
            return li;
        }
        let li = self.lines.len();
        let bytes = self.text.as_bytes();
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let mut next = self.cands.partition_point(|c| c.span.start < start);
        let mut cells = Vec::new();
        let (mut pos, mut col) = (start, 0);
        while pos < end {
            if let Some(cand) = self.cands.get(next).filter(|c| c.span.start == pos) {
                let width = match &cand.decoded {
                    Decoded::Complete(c) => c.width().unwrap_or(0),
                    Decoded::Lost { options, .. } if options.len() == 1 => {
                        options[0].width().unwrap_or(0)
                    }
                    Decoded::Lost { .. } => 1,
                };
                if width > 0 {
                    self.at[next] = (li, cells.len());
                    cells.push(Cell {
                        col,
                        width,
                        kind: Kind::Cand(next),
                    });
                }
                col += width;
                pos = cand.span.end;
                next += 1;
                continue;
            }
            let Some(c) = self.text[pos..].chars().next() else {
                break;
            };
            let width = if c == '\t' {
                8 - col % 8
            } else {
                c.width().unwrap_or(0)
            };
            if width > 0 {
                cells.push(Cell {
                    col,
                    width,
                    kind: Kind::Char(c),
                });
            }
            col += width;
            pos += c.len_utf8();
        }
        self.lines.push(Line {
            start,
            end,
            cells,
            up: None,
            down: None,
        });
        self.by_start.insert(start, li);
        li
    }
}

#[cfg(test)]
mod tests {
    use crate::encoding::{find_mojibake, repair};

    fn fixed(s: &str) -> String {
        repair(s).text
    }

    #[test]
    fn box_corner_after_a_top_edge() {
        let damaged = "â”Œâ”€â”€â”\nâ”‚  â”‚\nâ””â”€â”€â”˜";
        assert_eq!(fixed(damaged), "┌──┐\n│  │\n└──┘");
    }

    #[test]
    fn heavy_edge_is_decided_from_the_corner_inwards() {
        // ┏━━┓ loses the lost byte of ┏ and of both ━.
        let damaged = "â”â”â”â”“\nâ”ƒ  â”ƒ";
        assert_eq!(fixed(damaged), "┏━━┓\n┃  ┃");
    }

    #[test]
    fn double_line_box() {
        // ═ is E2 95 90 and ╝ is E2 95 9D: both lose a byte.
        let damaged = "â•”â•â•â•—\nâ•‘  â•‘\nâ•šâ•â•â•";
        assert_eq!(fixed(damaged), "╔══╗\n║  ║\n╚══╝");
    }

    #[test]
    fn arrowhead_before_a_shaft() {
        assert_eq!(fixed("â”‚â†â”€â”€â”¤"), "│←──┤");
    }

    #[test]
    fn cross_mark_has_one_option() {
        assert_eq!(fixed("- âŒ WRONG"), "- ❌ WRONG");
    }

    #[test]
    fn closing_quote_and_joiner() {
        assert_eq!(fixed("He said â€œhiâ€ and left"), "He said “hi” and left");
        // 👨‍💻: 1F468 200D 1F4BB.
        assert_eq!(fixed("ðŸ‘¨â€ðŸ’» dev"), "👨\u{200D}💻 dev");
    }

    #[test]
    fn arrow_in_prose_follows_the_document() {
        assert_eq!(fixed("A â†’ B and C â† D"), "A → B and C ← D");
    }

    #[test]
    fn undecidable_is_reported_not_guessed() {
        // "â”" alone in prose: ┐ ━ ┍ ┏ ┝ ❔ all fit, nothing around to choose.
        let runs = find_mojibake("(â”x)");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].repaired, None);
        assert_eq!(runs[0].lost_bytes, 1);
        assert!(runs[0].candidates.contains(&'┐'));
        assert_eq!(repair("(â”x)").text, "(â”x)");
    }
}
