//! Checking one document: parse, extract, run the rules. Pure: no IO.
//!
//! The CLI reads files and hands their text here; the fix engine calls this again
//! after every round of edits, so the same function decides what is wrong before
//! and after a fix.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::extract::Extracts;
use crate::generate::Rendered;
use crate::model::{Model, Names, normalize_rel};
use crate::rules::{self, Context, Rule};

/// The model and what is compiled from it once per run.
pub struct Checker<'m> {
    pub model: &'m Model,
    pub names: Names,
    pub rules: Vec<Rule>,
    /// Fix texts shared by every document of the run.
    pub rendered: Rendered,
    /// The model's documents by normalised path (the first entry wins, as in
    /// [`Model::document`]): a monorepo's model can list thousands.
    entries: HashMap<String, usize>,
}

/// One document's findings, with the parsed document kept for rendering.
pub struct FileReport {
    /// The path as shown in output.
    pub path: String,
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'m> Checker<'m> {
    pub fn new(model: &'m Model, rules: Vec<Rule>) -> Self {
        Checker {
            model,
            names: Names::new(model),
            rules,
            rendered: Rendered::default(),
            entries: document_index(model),
        }
    }

    /// Checks `text`. `model_path` is the document's path relative to the model's
    /// folder (to find its entry); `display_path` is how output names it.
    pub fn check(&self, display_path: &str, model_path: &str, text: String) -> FileReport {
        let doc = Document::parse(text);
        let diagnostics = self.check_document(display_path, model_path, &doc);
        FileReport {
            path: display_path.to_string(),
            doc,
            diagnostics,
        }
    }

    pub fn check_document(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
    ) -> Vec<Diagnostic> {
        let entry = self
            .entries
            .get(&normalize_rel(model_path))
            .map(|&i| &self.model.documents[i]);
        let flows = entry.map_or(&[][..], |e| e.flows.as_slice());
        let extracts = Extracts::build(doc, self.model, &self.names, flows);
        let ctx = Context {
            path: display_path,
            doc,
            extracts: &extracts,
            model: self.model,
            names: &self.names,
            entry,
            rendered: &self.rendered,
        };
        rules::run(&ctx, &self.rules)
    }
}

fn document_index(model: &Model) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(model.documents.len());
    for (i, d) in model.documents.iter().enumerate() {
        index.entry(normalize_rel(&d.path)).or_insert(i);
    }
    index
}
