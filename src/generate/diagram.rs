//! Sequence diagrams drawn in text: the [`Plan`] of a flow (participants and numbered
//! steps, shared with Mermaid) and its box-drawing / ASCII layout.
//!
//! The layout is the one specs already use and the diagram reader expects:
//! - participant boxes on one band of rows, sized to their names (a long name is split
//!   over two balanced rows), 9 spaces apart;
//! - one lifeline under each box centre, starting on the row under the boxes;
//! - a message is a label row "N. text" (starting two columns right of the arrow's
//!   left end) directly above its arrow row: `├───→│` left to right, `│←───┤` right
//!   to left; the lifelines an arrow passes over are drawn `┼` where they go on and
//!   `┴` where they stop (a lifeline whose participant has nothing more to do ends at
//!   the first arrow that crosses it);
//! - a note (a self-step) starts on the row right beside its lifeline, "N. text",
//!   wrapped onto continuation rows indented under the text, with a "(Library)" row
//!   under it when the step names one;
//! - a blank lifeline row separates exchanges: after a response that answers every
//!   request still open, before the next step.
//!
//! Gaps widen where text needs them: a note's longest word must fit before the next
//! lifeline, and a label may run over the lifelines its arrow spans (as the specs'
//! own diagrams do) but must end a space before the next lifeline beyond the arrow.

use super::GenerateError;
use super::text::{self, Canvas, width};
use crate::model::{Flow, Model};

/// Columns between neighbouring boxes.
const BOX_GAP: usize = 9;
/// Columns of padding on each side of the widest name row inside a box.
const BOX_PAD: usize = 3;
/// Names wider than this that hold a space are split over two rows.
const SPLIT_NAME_ABOVE: usize = 10;
/// Notes on the last lifeline have no neighbour to stop them; they wrap at the width
/// of its box, but never narrower than this.
const MIN_LAST_NOTE: usize = 17;

/// A participant box.
#[derive(Clone, Debug)]
pub struct Participant {
    pub id: String,
    /// The display name, cleaned to one line.
    pub name: String,
}

/// What a step draws.
#[derive(Clone, Debug)]
pub enum StepKind {
    /// An arrow between two participants (indexes into [`Plan::participants`]).
    /// `response` when it answers a request its receiver is still waiting on.
    Message {
        from: usize,
        to: usize,
        response: bool,
    },
    /// A self-step beside one participant's lifeline, done by `via` when given.
    Note { at: usize, via: Option<String> },
}

/// A numbered step.
#[derive(Clone, Debug)]
pub struct Step {
    pub n: usize,
    /// The step's text, cleaned to one line, without its number.
    pub text: String,
    pub kind: StepKind,
    /// This step answers every request still open: an exchange ends here.
    pub ends_exchange: bool,
}

impl Step {
    /// "N. text", as every style writes it.
    pub fn label(&self) -> String {
        format!("{}. {}", self.n, self.text)
    }

    fn involves(&self, p: usize) -> bool {
        match self.kind {
            StepKind::Message { from, to, .. } => from == p || to == p,
            StepKind::Note { at, .. } => at == p,
        }
    }

    /// The participants strictly between a message's ends.
    fn crosses(&self, p: usize) -> bool {
        match self.kind {
            StepKind::Message { from, to, .. } => from.min(to) < p && p < from.max(to),
            StepKind::Note { .. } => false,
        }
    }
}

/// A flow resolved against the model: who takes part, in order of first appearance,
/// and what each step draws.
#[derive(Clone, Debug)]
pub struct Plan {
    pub participants: Vec<Participant>,
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn new(model: &Model, flow_id: &str, flow: &Flow) -> Result<Plan, GenerateError> {
        if flow.steps.is_empty() {
            return Err(GenerateError::EmptyFlow {
                flow: flow_id.to_string(),
            });
        }
        let mut participants: Vec<Participant> = Vec::new();
        let mut steps = Vec::new();
        // Requests not yet answered, as (sender, receiver).
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (i, step) in flow.steps.iter().enumerate() {
            let n = i + 1;
            let invalid = |problem: &str| GenerateError::InvalidStep {
                flow: flow_id.to_string(),
                step: n,
                problem: problem.to_string(),
            };
            let mut index_of =
                |id: &str| -> Result<usize, GenerateError> {
                    if let Some(at) = participants.iter().position(|p| p.id == id) {
                        return Ok(at);
                    }
                    let comp = model.components.get(id).ok_or_else(|| {
                        GenerateError::UnknownComponent {
                            flow: flow_id.to_string(),
                            step: n,
                            id: id.to_string(),
                            known: super::ids(&model.components),
                        }
                    })?;
                    let name = text::clean(&comp.name);
                    participants.push(Participant {
                        id: id.to_string(),
                        name: if name.is_empty() {
                            id.to_string()
                        } else {
                            name
                        },
                    });
                    Ok(participants.len() - 1)
                };
            let via = step.via.as_deref().map(text::clean);
            let kind = match (&step.at, &step.from, &step.to) {
                (Some(at), None, None) => StepKind::Note {
                    at: index_of(at)?,
                    via,
                },
                (None, Some(from), Some(to)) if from == to => StepKind::Note {
                    at: index_of(from)?,
                    via,
                },
                (None, Some(from), Some(to)) => {
                    let from = index_of(from)?;
                    let to = index_of(to)?;
                    let answered = open.iter().rposition(|&(sender, _)| sender == to);
                    if let Some(at) = answered {
                        open.truncate(at);
                    } else {
                        open.push((from, to));
                    }
                    StepKind::Message {
                        from,
                        to,
                        response: answered.is_some(),
                    }
                }
                (Some(_), _, _) => return Err(invalid("`at` cannot be given with `from`/`to`")),
                _ => return Err(invalid("give either `at`, or both `from` and `to`")),
            };
            let ends_exchange =
                matches!(kind, StepKind::Message { response: true, .. }) && open.is_empty();
            steps.push(Step {
                n,
                text: text::clean(&step.say),
                kind,
                ends_exchange,
            });
        }
        Ok(Plan {
            participants,
            steps,
        })
    }
}

/// The characters a text diagram is drawn with.
pub struct Glyphs {
    top_left: char,
    top_right: char,
    bottom_left: char,
    bottom_right: char,
    horizontal: char,
    vertical: char,
    head_right: char,
    head_left: char,
    /// The sender's end of a left-to-right arrow.
    tee_right: char,
    /// The sender's end of a right-to-left arrow.
    tee_left: char,
    /// A lifeline that an arrow crosses and that goes on below.
    cross: char,
    /// A lifeline that an arrow crosses and that ends there.
    cross_end: char,
}

pub const UNICODE: Glyphs = Glyphs {
    top_left: '┌',
    top_right: '┐',
    bottom_left: '└',
    bottom_right: '┘',
    horizontal: '─',
    vertical: '│',
    head_right: '→',
    head_left: '←',
    tee_right: '├',
    tee_left: '┤',
    cross: '┼',
    cross_end: '┴',
};

pub const ASCII: Glyphs = Glyphs {
    top_left: '+',
    top_right: '+',
    bottom_left: '+',
    bottom_right: '+',
    horizontal: '-',
    vertical: '|',
    head_right: '>',
    head_left: '<',
    tee_right: '+',
    tee_left: '+',
    cross: '+',
    cross_end: '+',
};

/// Where everything goes: box positions, lifeline columns and rows.
#[derive(Debug)]
pub struct Layout {
    /// A box's name rows (one or two).
    pub names: Vec<Vec<String>>,
    /// Inner width of each box (between its borders).
    pub inner: Vec<usize>,
    /// Left border column of each box.
    pub left: Vec<usize>,
    /// Lifeline column of each participant (its box centre).
    pub lifeline: Vec<usize>,
    /// Name rows in every box.
    pub name_rows: usize,
    /// The rows under the boxes, top to bottom.
    pub rows: Vec<Row>,
    /// The last row (index into `rows`) each lifeline is drawn on.
    pub lifeline_end: Vec<usize>,
}

/// One row under the boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// Lifelines only.
    Blank,
    /// The label of step `.0` (index into the plan's steps).
    Label(usize),
    /// The arrow of step `.0`.
    Arrow(usize),
    /// A line of a note's text.
    Note(usize, String),
}

impl Layout {
    pub fn new(plan: &Plan) -> Layout {
        let count = plan.participants.len();
        let names: Vec<Vec<String>> = plan
            .participants
            .iter()
            .map(|p| match text::split_balanced(&p.name) {
                Some((a, b)) if width(&p.name) > SPLIT_NAME_ABOVE => vec![a, b],
                _ => vec![p.name.clone()],
            })
            .collect();
        let name_rows = names.iter().map(Vec::len).max().unwrap_or(1);
        let inner: Vec<usize> = names
            .iter()
            .map(|rows| rows.iter().map(|r| width(r)).max().unwrap_or(0) + 2 * BOX_PAD)
            .collect();
        // Offset of the centre from the left border of a box `inner` wide.
        let half = |inner: usize| inner.div_ceil(2);
        // gap[i]: columns from lifeline i to lifeline i + 1, at least what the boxes need.
        let mut gap: Vec<usize> = (0..count.saturating_sub(1))
            .map(|i| inner[i] + 2 - half(inner[i]) + BOX_GAP + half(inner[i + 1]))
            .collect();
        for step in &plan.steps {
            match step.kind {
                StepKind::Message { from, to, .. } => {
                    let (a, b) = (from.min(to), from.max(to));
                    // The label ends a space before the first lifeline past the arrow
                    // (or before the arrow's own end when it reaches the last one).
                    let limit = if b + 1 < count { b + 1 } else { b };
                    let need = width(&step.label()) + 3;
                    let have: usize = gap[a..limit].iter().sum();
                    if have < need {
                        gap[limit - 1] += need - have;
                    }
                }
                StepKind::Note { at, ref via } if at + 1 < count => {
                    let need = narrowest_note(step, via.as_deref()) + 3;
                    if gap[at] < need {
                        gap[at] = need;
                    }
                }
                StepKind::Note { .. } => {}
            }
        }
        let mut lifeline = vec![half(inner[0])];
        for g in &gap {
            let last = lifeline[lifeline.len() - 1];
            lifeline.push(last + g);
        }
        let left: Vec<usize> = (0..count).map(|i| lifeline[i] - half(inner[i])).collect();

        let mut rows = vec![Row::Blank];
        for (i, step) in plan.steps.iter().enumerate() {
            if i > 0 && plan.steps[i - 1].ends_exchange {
                rows.push(Row::Blank);
            }
            match step.kind {
                StepKind::Message { .. } => {
                    rows.push(Row::Label(i));
                    rows.push(Row::Arrow(i));
                }
                StepKind::Note { at, ref via } => {
                    let room = if at + 1 < count {
                        gap[at] - 3
                    } else {
                        inner[at].max(MIN_LAST_NOTE)
                    };
                    let indent = number_width(step);
                    for line in text::wrap(&step.label(), room, indent) {
                        rows.push(Row::Note(i, line));
                    }
                    if let Some(via) = via {
                        rows.push(Row::Note(i, format!("{}({via})", " ".repeat(indent))));
                    }
                }
            }
        }
        let lifeline_end = (0..count)
            .map(|p| {
                let last = plan.steps.iter().rposition(|s| s.involves(p)).unwrap_or(0);
                rows.iter()
                    .position(
                        |r| matches!(r, Row::Arrow(s) if *s > last && plan.steps[*s].crosses(p)),
                    )
                    .unwrap_or(rows.len() - 1)
            })
            .collect();
        Layout {
            names,
            inner,
            left,
            lifeline,
            name_rows,
            rows,
            lifeline_end,
        }
    }
}

/// Columns taken by "N. " — the indent of a note's continuation rows.
fn number_width(step: &Step) -> usize {
    width(&format!("{}. ", step.n))
}

/// The narrowest a note can be wrapped: its first word with the number, or an
/// indented later word or library row, whichever is widest.
fn narrowest_note(step: &Step, via: Option<&str>) -> usize {
    let indent = number_width(step);
    let mut words = step.text.split(' ');
    let first = indent + words.next().map_or(0, width);
    let rest = words.map(|w| indent + width(w)).max().unwrap_or(0);
    let via = via.map_or(0, |v| indent + width(v) + 2);
    first.max(rest).max(via)
}

/// Draws a plan in a text style.
pub fn draw(plan: &Plan, g: &Glyphs) -> String {
    let layout = Layout::new(plan);
    let top = layout.name_rows + 2;
    let mut canvas = Canvas::new(top + layout.rows.len());
    for (p, names) in layout.names.iter().enumerate() {
        let (x, inner) = (layout.left[p], layout.inner[p]);
        let rule: String = std::iter::repeat_n(g.horizontal, inner).collect();
        canvas.put(0, x, &format!("{}{rule}{}", g.top_left, g.top_right));
        canvas.put(
            top - 1,
            x,
            &format!("{}{rule}{}", g.bottom_left, g.bottom_right),
        );
        for r in 0..layout.name_rows {
            let name = names.get(r).map_or("", String::as_str);
            let left = (inner - width(name)) / 2;
            let right = inner - width(name) - left;
            let line = format!(
                "{}{}{name}{}{}",
                g.vertical,
                " ".repeat(left),
                " ".repeat(right),
                g.vertical
            );
            canvas.put(1 + r, x, &line);
        }
    }
    for (r, row) in layout.rows.iter().enumerate() {
        let y = top + r;
        for (p, &col) in layout.lifeline.iter().enumerate() {
            if r <= layout.lifeline_end[p] {
                canvas.put_char(y, col, g.vertical);
            }
        }
        match row {
            Row::Blank => {}
            Row::Note(s, line) => {
                if let StepKind::Note { at, .. } = plan.steps[*s].kind {
                    canvas.put(y, layout.lifeline[at] + 2, line);
                }
            }
            Row::Label(s) => {
                if let StepKind::Message { from, to, .. } = plan.steps[*s].kind {
                    let col = layout.lifeline[from.min(to)] + 2;
                    let label = plan.steps[*s].label();
                    canvas.put(y, col, &label);
                    // A label that ends just before a lifeline hides it too, so no
                    // text ever touches a lifeline.
                    let end = col + width(&label);
                    if layout.lifeline.contains(&end) {
                        canvas.clear(y, end);
                    }
                }
            }
            Row::Arrow(s) => {
                if let StepKind::Message { from, to, .. } = plan.steps[*s].kind {
                    draw_arrow(&mut canvas, &layout, g, y, r, from, to);
                }
            }
        }
    }
    canvas.finish()
}

/// An arrow from lifeline `from` to lifeline `to` on canvas row `y` (layout row `r`).
fn draw_arrow(
    canvas: &mut Canvas,
    layout: &Layout,
    g: &Glyphs,
    y: usize,
    r: usize,
    from: usize,
    to: usize,
) {
    let (a, b) = (from.min(to), from.max(to));
    let (ca, cb) = (layout.lifeline[a], layout.lifeline[b]);
    for col in ca + 1..cb {
        canvas.put_char(y, col, g.horizontal);
    }
    for p in a + 1..b {
        if r <= layout.lifeline_end[p] {
            let c = if r == layout.lifeline_end[p] {
                g.cross_end
            } else {
                g.cross
            };
            canvas.put_char(y, layout.lifeline[p], c);
        }
    }
    if from < to {
        canvas.put_char(y, ca, g.tee_right);
        canvas.put_char(y, cb - 1, g.head_right);
        canvas.put_char(y, cb, g.vertical);
    } else {
        canvas.put_char(y, ca, g.vertical);
        canvas.put_char(y, ca + 1, g.head_left);
        canvas.put_char(y, cb, g.tee_left);
    }
}
