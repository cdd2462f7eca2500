//! Where a change goes in its target: by content, never by line number alone.
//!
//! A block is sought in three tiers, as GNU patch and Codex's `apply_patch` seek a
//! hunk: exactly; then line by line with runs of whitespace treated as one space
//! (re-indented or re-wrapped tables); then with a bounded fuzz, where a block of
//! five lines or more may differ in its first and last line only (GNU patch's fuzz
//! of one line at each end), its inner lines still equal. A block found more than
//! once is the occurrence nearest the change's line hint: the hint only breaks ties.
//!
//! When nothing matches, [`closest`] names the window of the target most like the
//! block, by `similar`'s ratio of equal lines (the diff library the fix engine
//! already uses for its unified diffs), so a conflict can show what changed.

use serde::Serialize;
use similar::TextDiff;

use crate::span::Span;

/// How a block was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    Exact,
    Whitespace,
    Fuzzy,
}

/// A block found in a text: whole lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Bytes, from the start of the first line to the end of the last one (its
    /// line break included).
    pub span: Span,
    /// 1-based, inclusive.
    pub lines: (usize, usize),
    pub kind: MatchKind,
}

/// The window of a text most like a block.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub span: Span,
    pub lines: (usize, usize),
    /// `similar`'s ratio of the two line lists, 0 to 1.
    pub similarity: f32,
}

/// A text's lines: each one's span with its line break, and its text without it.
pub struct Lines<'t> {
    text: &'t str,
    spans: Vec<Span>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut spans = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            spans.push(Span::new(at, at + line.len()));
            at += line.len();
        }
        Lines { text, spans }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Line `i` (0-based) without its line break.
    pub fn get(&self, i: usize) -> &'t str {
        self.text[self.spans[i].range()].trim_end_matches(['\n', '\r'])
    }

    /// 0-based line holding byte `offset` (the last line for the end of the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.spans
            .partition_point(|s| s.end <= offset)
            .min(self.spans.len().saturating_sub(1))
    }

    /// Bytes of lines `first..=last` (0-based).
    pub fn span(&self, first: usize, last: usize) -> Span {
        Span::new(self.spans[first].start, self.spans[last].end)
    }
}

/// A block's lines, blank lines at either end dropped.
fn block_lines(block: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = block
        .split_inclusive('\n')
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let lead = lines.iter().take_while(|l| l.trim().is_empty()).count();
    lines.drain(..lead);
    lines
}

/// A line with runs of whitespace as one space, none at the ends.
fn squash(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `block` in `text`, nearest `near` (a 1-based line) when it occurs more than once.
pub fn find_block(text: &str, block: &str, near: Option<usize>) -> Option<Found> {
    let want = block_lines(block);
    if want.is_empty() {
        return None;
    }
    let lines = Lines::new(text);
    let n = want.len();
    if lines.len() < n {
        return None;
    }
    let squashed: Vec<String> = want.iter().map(|l| squash(l)).collect();
    let have: Vec<String> = (0..lines.len()).map(|i| squash(lines.get(i))).collect();
    let tiers: [(MatchKind, &dyn Fn(usize) -> bool); 3] = [
        (MatchKind::Exact, &|s| {
            (0..n).all(|k| lines.get(s + k) == want[k])
        }),
        (MatchKind::Whitespace, &|s| {
            (0..n).all(|k| have[s + k] == squashed[k])
        }),
        (MatchKind::Fuzzy, &|s| {
            n >= 5
                && (1..n - 1).all(|k| have[s + k] == squashed[k])
                && [0, n - 1].iter().any(|&k| have[s + k] == squashed[k])
        }),
    ];
    for (kind, matches) in tiers {
        let starts: Vec<usize> = (0..=lines.len() - n).filter(|&s| matches(s)).collect();
        let best = match near {
            Some(line) => starts
                .iter()
                .copied()
                .min_by_key(|&s| (s + 1).abs_diff(line)),
            None => starts.first().copied(),
        };
        if let Some(s) = best {
            return Some(Found {
                span: lines.span(s, s + n - 1),
                lines: (s + 1, s + n),
                kind,
            });
        }
    }
    None
}

/// The window of `text` (as many lines as `block`) most like `block`, if any
/// shares a line with it.
pub fn closest(text: &str, block: &str, near: Option<usize>) -> Option<Candidate> {
    let want: Vec<String> = block_lines(block).iter().map(|l| squash(l)).collect();
    let lines = Lines::new(text);
    let n = want.len();
    if n == 0 || lines.is_empty() {
        return None;
    }
    let n = n.min(lines.len());
    let have: Vec<String> = (0..lines.len()).map(|i| squash(lines.get(i))).collect();
    let wanted: rustc_hash::FxHashSet<&str> = want
        .iter()
        .map(String::as_str)
        .filter(|l| !l.is_empty())
        .collect();
    let mut best: Option<(f32, usize)> = None;
    for s in 0..=lines.len() - n {
        // Only windows that share a line with the block can be like it.
        if !have[s..s + n].iter().any(|l| wanted.contains(l.as_str())) {
            continue;
        }
        let window: Vec<&str> = have[s..s + n].iter().map(String::as_str).collect();
        let wants: Vec<&str> = want.iter().map(String::as_str).collect();
        let ratio = TextDiff::from_slices(&wants, &window).ratio();
        let better = match best {
            None => true,
            Some((r, b)) => {
                ratio > r
                    || (ratio == r
                        && near.is_some_and(|l| (s + 1).abs_diff(l) < (b + 1).abs_diff(l)))
            }
        };
        if better {
            best = Some((ratio, s));
        }
    }
    best.map(|(similarity, s)| Candidate {
        span: lines.span(s, s + n - 1),
        lines: (s + 1, s + n),
        similarity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a\nb\nc\nd\ne\nf\ng\n\nb\nc\n";

    #[test]
    fn tiers() {
        let f = find_block(TEXT, "b\nc\n", None).unwrap();
        assert_eq!((f.lines, f.kind), ((2, 3), MatchKind::Exact));
        let f = find_block(TEXT, "b\nc\n", Some(8)).unwrap();
        assert_eq!(f.lines, (9, 10), "the hint breaks the tie");
        let f = find_block(TEXT, "  b\nc  \n", None).unwrap();
        assert_eq!(f.kind, MatchKind::Whitespace);
        let f = find_block(TEXT, "A\nc\nd\ne\nF\n", None);
        assert!(f.is_none(), "both ends changed");
        let f = find_block(TEXT, "b\nc\nd\ne\nF\n", None).unwrap();
        assert_eq!((f.lines, f.kind), ((2, 6), MatchKind::Fuzzy));
        assert!(find_block(TEXT, "b\nX\nd\ne\nf\n", None).is_none());
        let c = closest(TEXT, "b\nX\nd\ne\nf\n", None).unwrap();
        assert_eq!(c.lines, (2, 6));
        assert!((c.similarity - 0.8).abs() < 1e-6, "{}", c.similarity);
    }
}
