//! What several rules ask of one document, worked out when first asked and kept
//! for the others: each rule stays a function of the [`Context`], and a question
//! four rules share is answered once. The rules of a large document run on
//! several threads, hence the lock.

use std::sync::OnceLock;

use crate::model::names::Action;
use crate::rules::Context;

/// The answers kept for one document. Starts empty; see the module documentation.
#[derive(Debug, Default)]
pub struct Facts {
    /// For each diagram, for each step, the actions on tokens its text describes
    /// (D001–D004 each look at every step).
    step_actions: OnceLock<Vec<Vec<Vec<Action>>>>,
}

impl Facts {
    /// For each of the document's diagrams, for each of its steps, the actions
    /// on tokens its text describes.
    pub(crate) fn step_actions<'a>(&'a self, ctx: &Context) -> &'a [Vec<Vec<Action>>] {
        self.step_actions.get_or_init(|| {
            ctx.extracts
                .diagrams
                .iter()
                .map(|d| {
                    d.diagram
                        .steps
                        .iter()
                        .map(|s| ctx.names.actions(&s.text))
                        .collect()
                })
                .collect()
        })
    }
}
