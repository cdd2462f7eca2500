//! The reader for Mermaid `sequenceDiagram` blocks.
//!
//! Mermaid states what text art draws, one statement a line: participants (declared,
//! or implied by first use), messages with their arrow kinds, notes, and containers
//! (`loop`, `alt`, ... `end`) that only group messages and are read through. The result
//! has the same shape as a text-art diagram, so every diagram rule applies to both.
//! Participants have no columns here: their `column` is 0.

use super::grid::fold_whitespace;
use super::number::split_step_number;
use super::{Diagram, DiagramStyle, Participant, Reading, Step, StepKind};
use crate::span::Span;

/// Message arrows, longest first so that `-->>` is not read as `-->`. The flag says
/// whether the shaft is dashed (a reply).
const ARROWS: [(&str, bool); 10] = [
    ("<<-->>", true),
    ("<<->>", false),
    ("-->>", true),
    ("->>", false),
    ("-->", true),
    ("--x", true),
    ("--)", true),
    ("->", false),
    ("-x", false),
    ("-)", false),
];

/// Words that open, split or close a container; the line says nothing else.
const CONTAINERS: [&str; 12] = [
    "loop", "alt", "else", "opt", "par", "par_over", "and", "critical", "option", "break", "rect",
    "end",
];

/// Lines that carry nothing a step needs.
const IGNORED: [&str; 7] = [
    "activate",
    "deactivate",
    "destroy",
    "title",
    "link",
    "links",
    "box",
];

/// One line of the block: its text without line end, and its offset in the content.
struct Line<'a> {
    text: &'a str,
    at: usize,
}

fn lines(content: &str) -> impl Iterator<Item = Line<'_>> {
    let mut at = 0;
    content.split_inclusive('\n').map(move |raw| {
        let line = Line {
            text: raw.trim_end_matches(['\n', '\r']),
            at,
        };
        at += raw.len();
        line
    })
}

/// The lines that say something: not blank, not a `%%` comment, not front matter.
fn statements(content: &str) -> impl Iterator<Item = Line<'_>> {
    let mut in_front_matter = false;
    let mut first = true;
    lines(content).filter(move |l| {
        let t = l.text.trim_start_matches('\u{feff}').trim();
        if first && t == "---" {
            in_front_matter = true;
            first = false;
            return false;
        }
        if in_front_matter {
            in_front_matter = t != "---";
            return false;
        }
        if t.is_empty() || t.starts_with("%%") {
            return false;
        }
        first = false;
        true
    })
}

/// True when the first statement is `sequenceDiagram`.
pub fn looks_like(content: &str) -> bool {
    statements(content).next().is_some_and(|l| {
        let t = l.text.trim_start_matches('\u{feff}').trim();
        t.strip_prefix("sequenceDiagram")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

/// See [`super::read_mermaid`].
pub fn read(content: &str, base: usize) -> Option<Diagram> {
    if !looks_like(content) {
        return None;
    }
    let mut r = Reader {
        base,
        ids: Vec::new(),
        participants: Vec::new(),
        steps: Vec::new(),
        auto: None,
    };
    for line in statements(content).skip(1) {
        r.statement(&line);
    }
    Some(Diagram {
        span: Span::new(base, base + content.len()),
        style: DiagramStyle::Mermaid,
        participants: r.participants,
        steps: r.steps,
        dangling: Vec::new(),
    })
}

/// Autonumbering state: the next number and the increment.
#[derive(Clone, Copy)]
struct Auto {
    next: u32,
    step: u32,
}

struct Reader {
    base: usize,
    /// Participant ids, parallel to `participants`.
    ids: Vec<String>,
    participants: Vec<Participant>,
    steps: Vec<Step>,
    auto: Option<Auto>,
}

/// A piece of a line with its offset in the content.
#[derive(Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Piece<'a> {
    fn of(line: &Line<'a>) -> Piece<'a> {
        Piece {
            text: line.text,
            at: line.at,
        }
    }

    /// Leading and trailing whitespace dropped, offset kept right.
    fn trim(self) -> Piece<'a> {
        let start = self.text.len() - self.text.trim_start().len();
        Piece {
            text: self.text.trim(),
            at: self.at + start,
        }
    }

    /// The part from byte `from` on (`from` must be a char boundary).
    fn from(self, from: usize) -> Piece<'a> {
        Piece {
            text: self.text.get(from..).unwrap_or(""),
            at: self.at + from.min(self.text.len()),
        }
    }

    /// The part before byte `to`.
    fn to(self, to: usize) -> Piece<'a> {
        Piece {
            text: self.text.get(..to).unwrap_or(self.text),
            at: self.at,
        }
    }

    fn span(self, base: usize) -> Span {
        Span::new(self.at, self.at + self.text.len()).shift(base)
    }

    /// Splits at the first `sep`: before and after it.
    fn split_once(self, sep: char) -> Option<(Piece<'a>, Piece<'a>)> {
        let i = self.text.find(sep)?;
        Some((self.to(i), self.from(i + sep.len_utf8())))
    }
}

/// The first word, lowercased, and the rest of the statement.
fn keyword(p: Piece<'_>) -> (String, Piece<'_>) {
    let end = p.text.find(char::is_whitespace).unwrap_or(p.text.len());
    (p.text[..end].to_ascii_lowercase(), p.from(end).trim())
}

impl Reader {
    fn statement(&mut self, line: &Line<'_>) {
        let p = Piece::of(line).trim();
        let (word, rest) = keyword(p);
        let word = word.trim_end_matches(':');
        match word {
            "participant" | "actor" => self.declare(rest),
            "create" => {
                let (_, rest) = keyword(rest);
                self.declare(rest);
            }
            "autonumber" => self.autonumber(rest.text),
            "note" => self.note(rest),
            _ if CONTAINERS.contains(&word) || IGNORED.contains(&word) => {}
            _ if word.starts_with("acc") => {}
            _ => self.message(p),
        }
    }

    /// `participant Id` or `participant Id as Shown Name`.
    fn declare(&mut self, rest: Piece<'_>) {
        let (id, shown) = match find_word(rest.text, "as") {
            Some(i) => (rest.to(i).trim(), rest.from(i + 2).trim()),
            None => (rest, rest),
        };
        if id.text.is_empty() {
            return;
        }
        let name = if shown.text.is_empty() { id } else { shown };
        if let Some(i) = self.ids.iter().position(|known| known == id.text) {
            // A later declaration of a participant used before: its name wins.
            if let Some(p) = self.participants.get_mut(i) {
                p.name = display(name.text);
                p.span = name.span(self.base);
            }
            return;
        }
        self.ids.push(id.text.to_string());
        self.participants.push(Participant {
            name: display(name.text),
            span: name.span(self.base),
            column: 0,
        });
    }

    /// The index of participant `id`, added on first use.
    fn participant(&mut self, id: Piece<'_>) -> usize {
        if let Some(i) = self.ids.iter().position(|known| known == id.text) {
            return i;
        }
        self.ids.push(id.text.to_string());
        self.participants.push(Participant {
            name: display(id.text),
            span: id.span(self.base),
            column: 0,
        });
        self.participants.len() - 1
    }

    fn autonumber(&mut self, args: &str) {
        let mut words = args.split_whitespace();
        let first = words.next();
        if first.is_some_and(|w| w.eq_ignore_ascii_case("off")) {
            self.auto = None;
            return;
        }
        let next = first.and_then(|w| w.parse().ok()).unwrap_or(1);
        let step = words.next().and_then(|w| w.parse().ok()).unwrap_or(1);
        self.auto = Some(Auto { next, step });
    }

    /// The step's number: autonumbering's when it is on, else the one in the text.
    fn number(&mut self, written: Option<u32>) -> Option<u32> {
        match &mut self.auto {
            Some(auto) => {
                let n = auto.next;
                auto.next = auto.next.saturating_add(auto.step);
                Some(n)
            }
            None => written,
        }
    }

    /// `Note over A: text`, `Note over A,B: text`, `Note left of A: text`.
    fn note(&mut self, rest: Piece<'_>) {
        let Some((head, text)) = rest.split_once(':') else {
            return;
        };
        let (place, who) = keyword(head.trim());
        let who = match place.as_str() {
            "over" => who,
            "left" | "right" => {
                let (of, who) = keyword(who);
                if of != "of" {
                    return;
                }
                who
            }
            _ => return,
        };
        let first = who.split_once(',').map_or(who, |(a, _)| a).trim();
        if first.text.is_empty() {
            return;
        }
        let at = self.participant(first);
        self.push_step(
            StepKind::Note { at },
            text.trim(),
            head,
            None,
            Reading::Mermaid,
        );
    }

    /// `A->>B: text`, with any of the arrows and `+`/`-` activation marks.
    fn message(&mut self, p: Piece<'_>) {
        let Some((at, arrow, dashed)) = find_arrow(p.text) else {
            return;
        };
        let from = p.to(at).trim();
        let after = p.from(at + arrow.len());
        let arrow_span = p.from(at).to(arrow.len()).span(self.base);
        let (to, text) = match after.split_once(':') {
            Some((to, text)) => (to, text.trim()),
            None => (after, after.from(after.text.len())),
        };
        let to = to.trim();
        let to = to
            .from(to.text.len() - to.text.trim_start_matches(['+', '-']).len())
            .trim();
        if from.text.is_empty() || to.text.is_empty() {
            return;
        }
        let from = self.participant(from);
        let to = self.participant(to);
        if from == to {
            // `Backend->>Backend: Verify JWT` is an action at that participant.
            self.push_step(
                StepKind::Note { at: from },
                text,
                p,
                None,
                Reading::MermaidSelf,
            );
            return;
        }
        self.push_step(
            StepKind::Message {
                from,
                to,
                reply: dashed,
            },
            text,
            p,
            Some(arrow_span),
            Reading::Mermaid,
        );
    }

    /// Adds a step labelled `text`; an empty label's span is `whole`.
    fn push_step(
        &mut self,
        kind: StepKind,
        text: Piece<'_>,
        whole: Piece<'_>,
        arrow: Option<Span>,
        reading: Reading,
    ) {
        let (written, rest) = split_step_number(text.text);
        let number = self.number(written);
        let span = if text.text.is_empty() {
            whole.trim().span(self.base)
        } else {
            text.span(self.base)
        };
        self.steps.push(Step {
            number,
            kind,
            text: display(rest),
            span,
            arrow,
            reading,
        });
    }
}

/// Mermaid line breaks (`<br>`, `<br/>`) read as spaces; whitespace folded.
fn display(text: &str) -> String {
    let mut out = text.to_string();
    for br in ["<br/>", "<br />", "<br>", "<BR/>", "<BR>"] {
        out = out.replace(br, " ");
    }
    fold_whitespace(&out)
}

/// The first arrow in a message statement: its offset, text and whether it is dashed.
fn find_arrow(text: &str) -> Option<(usize, &'static str, bool)> {
    text.char_indices()
        .filter(|&(_, c)| c == '-' || c == '<')
        .find_map(|(i, _)| {
            let rest = text.get(i..)?;
            ARROWS
                .iter()
                .find(|(a, _)| rest.starts_with(a))
                .map(|&(a, dashed)| (i, a, dashed))
        })
}

/// The offset of `word` standing alone (whitespace on both sides) in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_are_matched_longest_first() {
        assert_eq!(find_arrow("A-->>B: x"), Some((1, "-->>", true)));
        assert_eq!(find_arrow("A->>B"), Some((1, "->>", false)));
        assert_eq!(find_arrow("A--xB"), Some((1, "--x", true)));
        assert_eq!(find_arrow("A-)B"), Some((1, "-)", false)));
        assert_eq!(find_arrow("AB: x"), None);
    }

    #[test]
    fn only_a_leading_sequence_diagram_counts() {
        assert!(looks_like("sequenceDiagram\n A->>B: x"));
        assert!(looks_like("%% comment\n\n  sequenceDiagram"));
        assert!(looks_like("---\ntitle: Sign-in\n---\nsequenceDiagram\n"));
        assert!(!looks_like("flowchart LR\n A-->B"));
        assert!(!looks_like("sequenceDiagrams"));
        assert!(!looks_like(""));
    }

    #[test]
    fn words_stand_alone() {
        assert_eq!(find_word("F as Next.js Frontend", "as"), Some(2));
        assert_eq!(find_word("Gas as X", "as"), Some(4));
        assert_eq!(find_word("Gas", "as"), None);
    }
}
