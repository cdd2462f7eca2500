//! Diagrams in a document, their participants resolved to components, and each
//! matched to the model flow it best draws.

use super::diagram::{self, Diagram, StepKind};
use crate::document::Document;
use crate::model::names::words;
use crate::model::{Model, Names};

/// Info strings of blocks that may hold text-art diagrams.
pub(crate) const TEXT_ART: &[&str] = &["", "text", "txt", "ascii", "plain", "plaintext"];

/// A diagram with what the model makes of it.
#[derive(Clone, Debug)]
pub struct DiagramExtract {
    /// Index into `Document::code_blocks`.
    pub block: usize,
    pub diagram: Diagram,
    /// The component id of each participant (None: matches no component).
    pub components: Vec<Option<String>>,
    /// The flow this diagram draws, when one fits.
    pub flow: Option<String>,
}

pub fn diagrams(
    doc: &Document,
    model: &Model,
    names: &Names,
    preferred: &[String],
) -> Vec<DiagramExtract> {
    // Every diagram is read, those quoted as mistakes too (`inspect` shows them); the
    // checker leaves those out of what rules see.
    crate::parallel::collect_parts(doc.text.len(), &doc.code_blocks, |i, block, out| {
        out.extend(read_one(doc, model, names, preferred, i, block));
    })
}

/// The diagram of one code block, if it holds one.
fn read_one(
    doc: &Document,
    model: &Model,
    names: &Names,
    preferred: &[String],
    i: usize,
    block: &crate::document::CodeBlock,
) -> Option<DiagramExtract> {
    {
        let content = doc.slice(block.content);
        let d = if block.lang == "mermaid" {
            diagram::read_mermaid(content, block.content.start)
        } else if TEXT_ART.contains(&block.lang.as_str()) {
            // The reader's own first step is the cheap look for a diagram.
            diagram::read_text_diagram(content, block.content.start)
        } else {
            None
        }?;
        let components: Vec<Option<String>> = d
            .participants
            .iter()
            .map(|p| names.component(&p.name).map(str::to_string))
            .collect();
        let mut extract = DiagramExtract {
            block: i,
            diagram: d,
            components,
            flow: None,
        };
        extract.flow = best_flow(&extract, model, preferred);
        Some(extract)
    }
}

/// The flow with the most steps in common with the diagram (same ends, similar
/// text). A candidate shares at least two participants with the diagram and either
/// has a step drawn in it or is named by the document's model entry; on a tie the
/// entry's flows win.
fn best_flow(d: &DiagramExtract, model: &Model, preferred: &[String]) -> Option<String> {
    let mut best: Option<(usize, bool, &str)> = None;
    for (id, flow) in &model.flows {
        let involved: Vec<&str> = flow
            .steps
            .iter()
            .flat_map(|s| [s.from.as_deref(), s.to.as_deref(), s.at.as_deref()])
            .flatten()
            .collect();
        let shared = d
            .components
            .iter()
            .flatten()
            .filter(|c| involved.contains(&c.as_str()))
            .count();
        if shared < 2.min(involved.len()) {
            continue;
        }
        let mut steps_matched = 0;
        for step in &d.diagram.steps {
            let ends = |i: usize| d.components.get(i).and_then(|c| c.as_deref());
            let hit = flow.steps.iter().any(|fs| {
                let same_ends = match step.kind {
                    StepKind::Message { from, to, .. } => {
                        fs.from.as_deref() == ends(from) && fs.to.as_deref() == ends(to)
                    }
                    StepKind::Note { at } => fs.at.as_deref() == ends(at),
                };
                same_ends && similar(&fs.say, &step.text)
            });
            if hit {
                steps_matched += 1;
            }
        }
        let is_preferred = preferred.iter().any(|p| p == id);
        // Sharing participants is not enough: a flow is drawn when a step of it is,
        // or when the document's model entry says this is the flow it draws.
        if steps_matched == 0 && !is_preferred {
            continue;
        }
        let score = shared + 2 * steps_matched;
        let key = (score, is_preferred);
        if best.is_none_or(|(s, p, _)| key > (s, p)) {
            best = Some((score, is_preferred, id));
        }
    }
    best.map(|(_, _, id)| id.to_string())
}

/// Words too common to tell two step labels apart.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "with", "and", "or", "in", "on", "from", "by",
];

/// Two step labels say the same thing: half or more of the shorter one's words
/// appear in the other, and at least two do when it has two or more ("order id" is
/// not "Forward the order").
pub(crate) fn similar(a: &str, b: &str) -> bool {
    let (wa, wb) = (significant(a), significant(b));
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.is_empty() {
        return false;
    }
    let common = short.iter().filter(|w| long.contains(w)).count();
    common * 2 >= short.len() && common >= short.len().min(2)
}

fn significant(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// How alike two labels are, in thousandths: shared words over all distinct words.
/// Ranks candidates that are all [`similar`].
pub(crate) fn likeness(a: &str, b: &str) -> u32 {
    let (wa, wb) = (significant(a), significant(b));
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    let union = wa.len() + wb.len() - common;
    (common * 1000).checked_div(union).map_or(0, |l| l as u32)
}
