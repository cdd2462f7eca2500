//! What a rule sees: one document, what was extracted from it, and the model.

use crate::checklist::Findings;
use crate::document::Document;
use crate::extract::Extracts;
use crate::generate::Rendered;
use crate::model::{DocumentEntry, Model, Names};
use crate::rules::Facts;

pub struct Context<'a> {
    /// The path as shown in output.
    pub path: &'a str,
    /// The path relative to the model's folder (how the model and [`Findings`] name it).
    pub model_path: &'a str,
    pub doc: &'a Document,
    pub extracts: &'a Extracts,
    pub model: &'a Model,
    pub names: &'a Names,
    /// The model's entry for this document, when it lists it.
    pub entry: Option<&'a DocumentEntry>,
    /// The findings of the checked documents, for the checklist rules (K), which
    /// run after all others. Empty for the other rules.
    pub findings: &'a Findings,
    /// Fix texts generated so far in this run.
    pub rendered: &'a Rendered,
    /// What rules worked out about this document for each other; empty to start.
    pub facts: Facts,
}

/// Calls `f` with the context of `markdown` checked against `model` as a document
/// the model has no entry for: what unit tests of a rule's readings start from.
#[cfg(test)]
pub(crate) fn with_context<R>(
    model: &Model,
    markdown: impl Into<String>,
    f: impl FnOnce(&Context) -> R,
) -> R {
    let names = Names::new(model);
    let doc = Document::parse(markdown);
    let extracts = Extracts::build(&doc, model, &names, &[]);
    f(&Context {
        path: "x.md",
        model_path: "x.md",
        doc: &doc,
        extracts: &extracts,
        model,
        names: &names,
        entry: None,
        findings: &Findings::default(),
        rendered: &Rendered::default(),
        facts: Facts::default(),
    })
}
