//! Checking one document: parse, extract, run the rules, then apply the model's
//! `lint:` settings and the document's suppression comments. Pure: no IO.
//!
//! The CLI reads files and hands their text here; the fix engine calls this again
//! after every round of edits, so the same function decides what is wrong before
//! and after a fix.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::extract::Extracts;
use crate::model::{LintSettings, Model, Names};
use crate::rules::{self, Context, Rule};

/// The model and what is compiled from it once per run.
pub struct Checker<'m> {
    pub model: &'m Model,
    pub names: Names,
    pub rules: Vec<Rule>,
    /// The model's `lint:` section, resolved: severities, per-file ignores.
    pub settings: LintSettings,
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
            settings: LintSettings::new(model.lint.as_ref()),
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
        let entry = self.model.document(model_path);
        let flows = entry.map_or(&[][..], |e| e.flows.as_slice());
        let extracts = Extracts::build(doc, self.model, &self.names, flows);
        let ctx = Context {
            path: display_path,
            doc,
            extracts: &extracts,
            model: self.model,
            names: &self.names,
            entry,
        };
        let ignored = |r: &Rule| self.settings.ignored_in(model_path, *r);
        let per_file;
        let rules = if self.rules.iter().any(ignored) {
            per_file = self.rules.iter().copied().filter(|r| !ignored(r)).collect();
            &per_file
        } else {
            &self.rules
        };
        let found = rules::run(&ctx, rules);
        let report_unused = rules.contains(&Rule::UnusedSuppression);
        let mut diagnostics = crate::suppress::apply(doc, found, rules, report_unused);
        for d in &mut diagnostics {
            d.severity = self.settings.severity(d.rule);
        }
        diagnostics
    }
}
