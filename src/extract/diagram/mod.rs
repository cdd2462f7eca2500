//! Sequence diagrams found in a spec's code blocks, read into one structure.
//!
//! This module owns the public shape ([`Diagram`] and its parts) and the entry points;
//! the work is split by job:
//! - [`grid`]: a block's text as a grid of display columns (tabs, wide chars, CRLF, BOM);
//! - [`glyphs`]: which characters draw boxes, lifelines, shafts and heads;
//! - [`boxes`]: rectangles drawn with box characters or `+--+`;
//! - [`lifelines`]: which boxes are participants, and the column of each lifeline;
//! - [`arrows`]: horizontal arrows (messages) and self-message loops on the rows;
//! - [`labels`]: the free text on the rows, grouped into labels and notes;
//! - [`number`]: step numbers such as `1.`, `(2)`, `Step 3:`;
//! - [`text`]: the text-art reader that puts those together;
//! - [`mermaid`]: the reader for Mermaid `sequenceDiagram` blocks.

use serde::Serialize;

use crate::span::Span;

mod arrows;
mod boxes;
mod glyphs;
mod grid;
mod labels;
mod lifelines;
mod mermaid;
mod number;
mod text;

pub use number::split_step_number;

/// One sequence diagram: who takes part, and what happens in which order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagram {
    /// The block content's span (file offsets).
    pub span: Span,
    pub style: DiagramStyle,
    pub participants: Vec<Participant>,
    /// Messages and notes in reading order (top to bottom, then left to right).
    pub steps: Vec<Step>,
    /// Arrows with an end away from every lifeline (more than 2 columns): rule D008.
    pub dangling: Vec<DanglingArrow>,
}

/// How the diagram was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagramStyle {
    /// Box-drawing characters (`┌─┐ │ → ←`).
    Unicode,
    /// Plain ASCII (`+--+ | --> <--`).
    Ascii,
    /// A Mermaid `sequenceDiagram`.
    Mermaid,
}

/// A participant: one box on the diagram's top band, with its lifeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// The box's text rows joined by one space, whitespace folded: "Next.js Frontend".
    pub name: String,
    /// The name's first row text (file offsets).
    pub span: Span,
    /// 1-based display column of its lifeline (0 for Mermaid, which has no columns).
    pub column: usize,
}

/// A message between lifelines, or a note on one lifeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The number the author wrote: "1." "1)" "(1)" "Step 1:" (or Mermaid's `autonumber`).
    pub number: Option<u32>,
    #[serde(flatten)]
    pub kind: StepKind,
    /// The label without its number; rows joined with one space, whitespace folded.
    pub text: String,
    /// The label, first row to last row (file offsets); for an unlabeled arrow, the arrow.
    pub span: Span,
    /// The arrow's shaft and head on its row (messages only).
    pub arrow: Option<Span>,
    /// Which reading decided the step (what `inspect` shows to explain it).
    #[serde(skip)]
    pub reading: Reading,
}

/// Which reading of the drawing decided a step: who sends, who receives, where a
/// note belongs and which text is a label. `inspect` shows it, so that a wrong reading
/// is easy to explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// An arrow labelled by the text right above it.
    LabelAbove,
    /// An arrow labelled by the text written inside its shaft (`├── login ──→│`).
    LabelInShaft,
    /// An arrow with nothing above it, labelled by the text right below it.
    LabelBelow,
    /// An arrow with no label.
    Unlabelled,
    /// A self-message drawn as a loop off a lifeline.
    Loop,
    /// Arrows head to tail on one row (`│◀────│◀────│`): one step relayed through the
    /// lifeline between them.
    Relay,
    /// A note written right beside a lifeline (within two columns on its right).
    NoteBeside,
    /// A note between two lifelines, given to the one the message before it reached.
    NoteAfterMessage,
    /// A note between two lifelines, given to the nearer one.
    NoteNearest,
    /// A note beside the first or the last lifeline, outside the others.
    NoteOutside,
    /// A box drawn below the participants, on the lifeline it covers or the nearest
    /// one on its left.
    NoteBox,
    /// A Mermaid statement.
    Mermaid,
    /// A Mermaid message from a participant to itself: an action at that participant.
    MermaidSelf,
}

impl Reading {
    /// The name `inspect` prints.
    pub fn name(self) -> &'static str {
        match self {
            Reading::LabelAbove => "label-above",
            Reading::LabelInShaft => "label-in-shaft",
            Reading::LabelBelow => "label-below",
            Reading::Unlabelled => "unlabelled",
            Reading::Loop => "loop",
            Reading::Relay => "relay",
            Reading::NoteBeside => "note-beside",
            Reading::NoteAfterMessage => "note-after-message",
            Reading::NoteNearest => "note-nearest",
            Reading::NoteOutside => "note-outside",
            Reading::NoteBox => "note-box",
            Reading::Mermaid => "mermaid",
            Reading::MermaidSelf => "mermaid-self",
        }
    }
}

/// What a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StepKind {
    /// Indices into `participants`. `reply` is a dashed shaft or a right-to-left response.
    /// A self-message has `from == to`.
    Message { from: usize, to: usize, reply: bool },
    /// A note (self-action) on the lifeline of `participants[at]`.
    Note { at: usize },
}

/// An arrow with an end more than 2 columns away from every lifeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DanglingArrow {
    /// The arrow's shaft and head.
    pub span: Span,
    /// 1-based display column of the end that meets no lifeline.
    pub column: usize,
    /// The arrow's label, if it has one (without its number).
    pub text: String,
    /// The label's step number, if it has one.
    pub number: Option<u32>,
}

/// Cheap test on a code block's content before building any grid.
///
/// True when the content may hold a text-art sequence diagram (a vertical line and an
/// arrow head both occur) or starts a Mermaid `sequenceDiagram`. False means
/// neither reader can find anything; true is only a hint, the readers decide.
pub fn looks_like_sequence_diagram(content: &str) -> bool {
    text::looks_like(content) || mermaid::looks_like(content)
}

/// True when a text-art block looks like a drawing of a flow, whether or not it can be
/// read: arrow heads and two or more columns of vertical strokes outside boxes (a
/// sequence diagram), or three or more rows with arrows (a flow drawn as a chain of
/// arrows). A block for which this holds and [`read_text_diagram`] finds nothing is
/// reported as unreadable rather than taken for no diagram.
pub fn may_be_sequence_diagram(content: &str) -> bool {
    text::may_be(content)
}

/// Reads a text-art sequence diagram.
///
/// `content` is the code block's content exactly as in the file, `base` its byte offset
/// in the file. None when the block is not a sequence diagram: it needs two or more
/// participants on one band of rows (boxes, or bare names each over its lifeline),
/// lifelines under them, and at least one arrow.
/// Never panics, whatever the input.
pub fn read_text_diagram(content: &str, base: usize) -> Option<Diagram> {
    text::read(content, base)
}

/// Reads a ```` ```mermaid ```` block holding a `sequenceDiagram`.
///
/// None when the block is some other kind of Mermaid diagram.
pub fn read_mermaid(content: &str, base: usize) -> Option<Diagram> {
    mermaid::read(content, base)
}
