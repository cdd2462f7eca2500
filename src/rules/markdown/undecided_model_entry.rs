//! M005 undecided-model-entry: the model still has entries a person has to decide
//! (what `speclint init` could not tell from the specs).
//!
//! It reads the model, not a document: [`crate::check::Checker::check_model`] runs
//! it once per run over the model's text, and its findings are located in the
//! model file. This module is the rule's entry in the catalogue, its
//! documentation, the findings it makes of [`crate::model::undecided_entries`],
//! and a document `check` that finds nothing.

use crate::diagnostic::Diagnostic;
use crate::model::{Model, undecided_entries};
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports each entry of the model that is still undecided: a token whose `created_by` or `verified_by` is empty, and every line that carries a `# DECIDE` comment (as `speclint init` leaves what the specs cannot tell). The finding is located in the model file.",
    why: "A drafted model describes the specs as they are, mistakes included: until someone decides who creates and who verifies each token, the gate compares the specs with themselves and passes in silence.",
    wrong: "tokens:\n  jwt:\n    name: JWT\n    created_by: []  # DECIDE: who creates it\n    verified_by: [frontend, backend]  # DECIDE: keep only who verifies it",
    right: "tokens:\n  jwt:\n    name: JWT\n    created_by: [frontend]\n    verified_by: [backend]",
    fix: None,
};

/// Finds nothing in a document: see the module comment.
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}

/// The findings of the model whose text is `text`; spans are byte ranges into it.
pub fn check_model(text: &str, model: &Model) -> Vec<Diagnostic> {
    undecided_entries(text, model)
        .into_iter()
        .map(|u| {
            Diagnostic::new(
                Rule::UndecidedModelEntry,
                Span::new(u.start, u.end),
                u.message,
            )
        })
        .collect()
}
