//! The common finding laid out directly: one line of plain text, one span on it,
//! a label, perhaps a help line.
//!
//! annotate-snippets lays out any snippet (spans over many lines, wide and
//! zero-width characters, tabs, overlapping labels), and that generality costs
//! about 55,000 instructions a finding: on a run over many specs, a fifth of the
//! whole check. Nearly every finding is the simple case, whose layout is fixed but
//! for where a long line is cut to the terminal (a wide diagram row is common);
//! it is written here, byte for byte as annotate-snippets writes it, its margin
//! computed the same way (a property test holds the two together), and everything
//! else still goes to annotate-snippets.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Snippet};
use unicode_width::UnicodeWidthChar;

use crate::diagnostic::Severity;

/// A finding as the human renderer shows it. Text is already made safe for a
/// terminal (no control characters in `title`, `path` or `help`).
pub(super) struct Plain<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    /// 1-based, of the first line.
    pub line_number: usize,
    /// The lines the span covers, without the last one's line end: one line in
    /// the case [`Plain::write`] lays out.
    pub line: &'a str,
    /// The annotated bytes of `line`.
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub help: Option<&'a str>,
}

/// annotate-snippets' terminal width: a line wider than this less the gutter is
/// cut to fit.
const TERM_WIDTH: usize = 140;

/// Columns kept beside a span when a line is cut (annotate-snippets' margin).
const ELLIPSIS_PADDING: usize = 6;

/// Leading blanks past this are cut off, less [`LONG_WHITESPACE_KEPT`].
const LONG_WHITESPACE: usize = 20;
const LONG_WHITESPACE_KEPT: usize = 4;

/// What marks a cut end of a line.
const ELLIPSIS: &str = "...";

impl<'a> Plain<'a> {
    /// The finding as annotate-snippets takes it: how every case but the simple
    /// one is laid out, and what [`Plain::write`] must match.
    pub(super) fn groups(&self) -> Vec<Group<'a>> {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let mut groups = vec![
            level.primary_title(self.title).id(self.code).element(
                Snippet::source(self.line)
                    .line_start(self.line_number)
                    .path(self.path)
                    .annotation(
                        AnnotationKind::Primary
                            .span(self.start..self.end.max(self.start))
                            .label(self.label),
                    ),
            ),
        ];
        if let Some(help) = self.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        groups
    }

    /// Appends the finding to `out` as annotate-snippets' plain renderer would,
    /// or returns false (and appends nothing) when it is not the simple case.
    pub(super) fn write(&self, out: &mut String) -> bool {
        let Some(w) = self.window() else {
            return false;
        };
        let line = self.line;
        let number = self.line_number.to_string();
        let pad = " ".repeat(number.len());
        let _ = write!(
            out,
            "{}[{}]: {}\n{pad}--> {}:{}:{}\n{pad} |\n{number} | ",
            self.severity.as_str(),
            self.code,
            self.title,
            self.path,
            self.line_number,
            w.start + 1,
        );
        // Every character of the line is one column wide (checked), so columns
        // are character counts, and the window is whole characters.
        let mut shown = &line[char_bytes(line, w.left)..char_bytes(line, w.right)];
        if w.cut_left {
            out.push_str(ELLIPSIS);
            shown = &shown[char_bytes(shown, ELLIPSIS.len())..];
        }
        if w.cut_right {
            let keep = shown.chars().count() - ELLIPSIS.len();
            out.push_str(&shown[..char_bytes(shown, keep)]);
            out.push_str(ELLIPSIS);
        } else {
            out.push_str(shown);
        }
        let _ = write!(
            out,
            "\n{pad} | {}{} {}",
            " ".repeat(w.start - w.left),
            "^".repeat(w.end - w.start),
            self.label,
        );
        if let Some(help) = self.help {
            let _ = write!(out, "\n{pad} |\nhelp: {help}");
        }
        true
    }

    /// Where the line is cut to fit the terminal, computed as annotate-snippets'
    /// margin does for one span on one line; None when this is not the simple
    /// case.
    fn window(&self) -> Option<Window> {
        let line = self.line;
        let in_line = self.start < self.end
            && self.end <= line.len()
            && line.is_char_boundary(self.start)
            && line.is_char_boundary(self.end);
        let plain_text = |s: &str| !s.contains(|c: char| c.is_control());
        if !in_line
            || line.ends_with(' ')
            || !self
                .label
                .bytes()
                .all(|b| b.is_ascii_graphic() || b == b' ')
            || !plain_text(self.title)
            || !plain_text(self.path)
            || !self.help.is_none_or(plain_text)
        {
            return None;
        }
        let (mut width, mut indent, mut start, mut end) = (0, None, 0, 0);
        for (i, c) in line.char_indices() {
            if c.is_control() || c.width() != Some(1) {
                return None;
            }
            if indent.is_none() && !c.is_whitespace() {
                indent = Some(width);
            }
            if i == self.start {
                start = width;
            }
            if i == self.end {
                end = width;
            }
            width += 1;
        }
        if self.end == line.len() {
            end = width;
        }
        let indent = indent.unwrap_or(0);
        // The gutter: the line number, a blank, a bar and a blank.
        let columns = TERM_WIDTH - 3 - self.line_number.to_string().len();
        // A span wider than two terminals has its middle elided: left to it.
        if end - start > 2 * columns {
            return None;
        }
        let label_right = end + 1 + self.label.len() + ELLIPSIS_PADDING;
        let whitespace_left = indent.min(start).saturating_sub(ELLIPSIS_PADDING);
        let span_left = start.saturating_sub(ELLIPSIS_PADDING);
        let span_right = end + ELLIPSIS_PADDING;
        let mut left = if whitespace_left > LONG_WHITESPACE {
            whitespace_left - (LONG_WHITESPACE - LONG_WHITESPACE_KEPT)
        } else {
            0
        };
        let mut right = width.max(left);
        if right - left > columns {
            // Blanks alone cannot be cut to fit: centre on the span and label.
            (left, right) = if label_right.saturating_sub(whitespace_left) <= columns
                && label_right >= whitespace_left
            {
                (whitespace_left, whitespace_left + columns)
            } else if label_right - span_left <= columns {
                let left = span_left.saturating_sub((columns - (label_right - span_left)) / 2);
                (left, left + columns)
            } else if span_right - span_left <= columns {
                let left = span_left.saturating_sub((columns - (span_right - span_left)) / 5 * 2);
                (left, left + columns)
            } else {
                (span_left, span_right)
            };
        }
        let cut_left = left > 0;
        let left = left.min(width);
        let right = if width.saturating_sub(left) <= columns {
            width
        } else {
            width.min(right)
        };
        let cut_right = width > right;
        // Too little is shown for the ellipses to mark its ends alone.
        let shown = right - left;
        if (cut_left || cut_right) && shown < 2 * ELLIPSIS.len() {
            return None;
        }
        Some(Window {
            start,
            end,
            left,
            right,
            cut_left,
            cut_right,
        })
    }
}

/// The columns of a line that are shown, and the span's.
struct Window {
    start: usize,
    end: usize,
    left: usize,
    right: usize,
    cut_left: bool,
    cut_right: bool,
}

/// The byte length of the first `chars` characters of `s`.
fn char_bytes(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use annotate_snippets::Renderer;
    use proptest::prelude::*;

    use super::{Plain, char_bytes};
    use crate::diagnostic::Severity;

    /// What annotate-snippets writes for the same finding.
    fn reference(p: &Plain<'_>) -> String {
        Renderer::plain().render(&p.groups())
    }

    fn plain<'a>(line: &'a str, start: usize, end: usize, help: Option<&'a str>) -> Plain<'a> {
        Plain {
            severity: Severity::Error,
            code: "D001",
            title: "FastAPI Backend is shown creating JWT",
            path: "specs/004/spec.md",
            line_number: 13,
            line,
            start,
            end,
            label: "creator-mismatch",
            help,
        }
    }

    #[test]
    fn a_finding_on_a_diagram_row_is_laid_out_as_annotate_snippets_does() {
        let line = "      │                        │ 2. Create JWT & Session│";
        let start = line.find('2').unwrap();
        let end = line.rfind('│').unwrap();
        for help in [None, Some("fix: Redraw the diagram of flow `signin`")] {
            let p = plain(line, start, end, help);
            let mut out = String::new();
            assert!(p.write(&mut out));
            assert_eq!(out, reference(&p));
        }
    }

    #[test]
    fn what_it_cannot_lay_out_is_left_to_annotate_snippets() {
        let mut out = String::new();
        for (line, start, end) in [
            ("a\tb", 0, 1),       // a tab is four columns
            ("漢字 wide", 0, 3),  // two columns a character
            ("trailing  ", 0, 3), // trailing blanks
            ("empty span", 2, 2), // nothing to point at
            ("x", 0, 5),          // past the line
            ("é", 0, 1),          // inside a character
        ] {
            assert!(!plain(line, start, end, None).write(&mut out), "{line:?}");
        }
        assert!(out.is_empty());
    }

    /// Around the terminal width, where the gutter's width decides whether a line
    /// is cut: every case is laid out here, as annotate-snippets lays it out.
    #[test]
    fn lines_at_the_terminal_width_are_laid_out_as_annotate_snippets_does() {
        for number in [9, 10, 99, 100, 99_999] {
            for width in 125..=140 {
                for indent in [0, 26, 27] {
                    let line = format!("{}{}", " ".repeat(indent), "x".repeat(width - indent));
                    for (start, end) in [(indent, indent + 1), (width - 3, width)] {
                        let mut p = plain(&line, start, end, Some("fix: Redraw"));
                        p.line_number = number;
                        let mut out = String::new();
                        assert!(p.write(&mut out), "{number} {width} {indent}");
                        assert_eq!(out, reference(&p), "{number} {width} {indent}");
                    }
                }
            }
        }
    }

    /// Long lines, deep indents, spans near either end or wide, long labels: every
    /// one is laid out here (all its characters are one column wide), cut where
    /// annotate-snippets cuts it.
    #[test]
    fn long_lines_are_cut_where_annotate_snippets_cuts_them() {
        let labels = ["flow-drift", &"long-label-".repeat(8)];
        for width in [130, 137, 138, 160, 300, 700] {
            for indent in [0, 20, 26, 27, 40, 120] {
                let line = format!("{}{}", " ".repeat(indent), "ab│-".repeat(width / 4));
                let cols = line.chars().count();
                let col_at = |c: usize| char_bytes(&line, c);
                for (from, len) in [
                    (0, 1),
                    (indent, 3),
                    (cols / 2, 20),
                    (cols - 3, 3),
                    (indent, 250),
                ] {
                    if from + len > cols {
                        continue;
                    }
                    for label in labels {
                        for number in [7, 12_345] {
                            let mut p =
                                plain(&line, col_at(from), col_at(from + len), Some("fix: Redraw"));
                            p.line_number = number;
                            p.label = label;
                            let mut out = String::new();
                            assert!(p.write(&mut out), "{width} {indent} {from} {len}");
                            assert_eq!(out, reference(&p), "{width} {indent} {from} {len}");
                        }
                    }
                }
            }
        }
    }

    /// Lines of up to several terminals, with long runs of blanks: the ones cut.
    fn long_line_strategy() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            6 => "[a-zA-Z0-9 .,:;(){}=&|_/-]{1,30}",
            3 => "[│─┌┐└┘→ ]{1,30}",
            1 => "[éü]{1,3}",
            2 => " {1,60}",
        ];
        prop::collection::vec(pieces, 1..40).prop_map(|v| v.concat())
    }

    fn line_strategy() -> impl Strategy<Value = String> {
        // ASCII, box drawing, accented letters; now and then a tab, a wide or a
        // zero-width character, trailing or deep leading blanks, to exercise the
        // cases the fast path declines.
        let pieces = prop_oneof![
            8 => "[a-zA-Z0-9 .,:;(){}<>=&|_/-]{1,12}",
            3 => "[│─┌┐└┘→←▶◀ ]{1,10}",
            1 => "[éüñ]{1,3}",
            1 => Just("\t".to_string()),
            1 => Just("漢".to_string()),
            1 => Just("\u{200b}".to_string()),
            1 => " {1,40}",
        ];
        prop::collection::vec(pieces, 1..16).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_fast_layout_matches_annotate_snippets_whenever_it_applies(
            line in prop_oneof![line_strategy(), long_line_strategy()],
            a in 0usize..2000,
            b in 0usize..400,
            number in 1usize..200_000,
            title in "[a-zA-Z `.:(){}&;-]{0,200}",
            label in "[a-z-]{1,90}",
            help in proptest::option::of("[a-zA-Z `=\\[\\]\"-]{1,40}"),
            severity in prop_oneof![Just(Severity::Error), Just(Severity::Warning), Just(Severity::Info)],
        ) {
            let bounds: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
            let start = a % bounds.len();
            let (start, end) = (bounds[start], bounds[(start + b).min(bounds.len() - 1)]);
            let p = Plain {
                severity,
                code: "S002",
                title: &title,
                path: "specs/x.md",
                line_number: number,
                line: &line,
                start,
                end,
                label: &label,
                help: help.as_deref(),
            };
            let mut out = String::new();
            if p.write(&mut out) {
                prop_assert_eq!(out, reference(&p));
            }
        }
    }
}
