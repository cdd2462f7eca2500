//! The common finding laid out directly: one short line of plain text, one span on
//! it, a label, perhaps a help line.
//!
//! annotate-snippets lays out any snippet (spans over many lines, long lines cut
//! to the terminal, wide and zero-width characters, tabs), and that generality
//! costs about 55,000 instructions a finding: on a run over many specs, a fifth of
//! the whole check. Nearly every finding is the simple case, whose layout is fixed;
//! it is written here, byte for byte as annotate-snippets writes it (a property
//! test holds the two together), and everything else still goes to
//! annotate-snippets.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

/// A finding as the human renderer shows it. Text is already made safe for a
/// terminal (no control characters in `title`, `path` or `help`).
pub(super) struct Plain<'a> {
    /// `error`, `warning` or `info`.
    pub level: &'a str,
    pub code: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    /// 1-based.
    pub line_number: usize,
    /// The line, without its line end.
    pub line: &'a str,
    /// The annotated bytes of `line`.
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub help: Option<&'a str>,
}

/// annotate-snippets' terminal width: a line wider than this less the gutter is
/// cut to fit, and left to it.
const TERM_WIDTH: usize = 140;

/// Leading blanks past this are trimmed by annotate-snippets: left to it.
const MAX_INDENT: usize = 26;

impl Plain<'_> {
    /// Appends the finding to `out` as annotate-snippets' plain renderer would,
    /// or returns false (and appends nothing) when it is not the simple case.
    pub(super) fn write(&self, out: &mut String) -> bool {
        if !self.is_simple() {
            return false;
        }
        // Every character of the line is one column wide (checked above), so
        // columns are character counts.
        let col = self.line[..self.start].chars().count();
        let carets = self.line[self.start..self.end].chars().count();
        let number = self.line_number.to_string();
        let pad = " ".repeat(number.len());
        let _ = write!(
            out,
            "{}[{}]: {}\n{pad}--> {}:{}:{}\n{pad} |\n{number} | {}\n{pad} | {}{} {}",
            self.level,
            self.code,
            self.title,
            self.path,
            self.line_number,
            col + 1,
            self.line,
            " ".repeat(col),
            "^".repeat(carets),
            self.label,
        );
        if let Some(help) = self.help {
            let _ = write!(out, "\n{pad} |\nhelp: {help}");
        }
        true
    }

    fn is_simple(&self) -> bool {
        let line = self.line;
        let in_line = self.start < self.end
            && self.end <= line.len()
            && line.is_char_boundary(self.start)
            && line.is_char_boundary(self.end);
        if !in_line || line.len() > 4 * TERM_WIDTH {
            return false;
        }
        let mut width = 0;
        for c in line.chars() {
            if c.is_control() || c.width() != Some(1) {
                return false;
            }
            width += 1;
        }
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        let label_end = line[..self.end].chars().count() + 1 + self.label.chars().count();
        // The gutter: the line number, a blank, a bar and a blank.
        let max_width = TERM_WIDTH - 3 - self.line_number.to_string().len();
        let plain_text = |s: &str| !s.contains(|c: char| c.is_control());
        width <= max_width
            && indent <= MAX_INDENT
            && label_end <= max_width
            && line.trim_end_matches(' ').len() == line.len()
            && plain_text(self.title)
            && plain_text(self.path)
            && plain_text(self.label)
            && self.help.is_none_or(plain_text)
    }
}

#[cfg(test)]
mod tests {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    use proptest::prelude::*;

    use super::Plain;

    /// What annotate-snippets writes for the same finding.
    fn reference(p: &Plain<'_>) -> String {
        let level = match p.level {
            "error" => Level::ERROR,
            "warning" => Level::WARNING,
            _ => Level::INFO,
        };
        let mut groups = vec![
            level.primary_title(p.title).id(p.code).element(
                Snippet::source(p.line)
                    .line_start(p.line_number)
                    .path(p.path)
                    .annotation(AnnotationKind::Primary.span(p.start..p.end).label(p.label)),
            ),
        ];
        if let Some(help) = p.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        Renderer::plain().render(&groups)
    }

    fn plain<'a>(line: &'a str, start: usize, end: usize, help: Option<&'a str>) -> Plain<'a> {
        Plain {
            level: "error",
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
        let long = "x".repeat(136);
        assert!(!plain(&long, 0, 1, None).write(&mut out));
        let deep = format!("{}x", " ".repeat(27));
        assert!(!plain(&deep, 27, 28, None).write(&mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn lines_at_the_terminal_width_match_or_are_left_to_annotate_snippets() {
        let mut laid_out = 0;
        for number in [9, 10, 99, 100, 99_999] {
            for width in 125..=140 {
                for indent in [0, 26, 27] {
                    let line = format!("{}{}", " ".repeat(indent), "x".repeat(width - indent));
                    for (start, end) in [(indent, indent + 1), (width - 3, width)] {
                        let mut p = plain(&line, start, end, Some("fix: Redraw"));
                        p.line_number = number;
                        let mut out = String::new();
                        if p.write(&mut out) {
                            assert_eq!(out, reference(&p), "{number} {width} {indent}");
                            laid_out += 1;
                        }
                    }
                }
            }
        }
        assert!(laid_out > 50, "{laid_out}");
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
            line in line_strategy(),
            a in 0usize..200,
            b in 0usize..200,
            number in 1usize..200_000,
            title in "[a-zA-Z `.:(){}&;-]{0,200}",
            label in "[a-z-]{1,24}",
            help in proptest::option::of("[a-zA-Z `=\\[\\]\"-]{1,40}"),
            level in prop_oneof![Just("error"), Just("warning"), Just("info")],
        ) {
            let bounds: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
            let start = bounds[a % bounds.len()];
            let end = bounds[b % bounds.len()].max(start);
            let p = Plain {
                level,
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
