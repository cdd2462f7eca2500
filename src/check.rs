//! Checking one document: parse, extract, run the rules, then apply the model's
//! `lint:` settings and the document's suppression comments. Pure: no IO.
//!
//! The CLI reads files and hands their text here; the fix engine calls this again
//! after every round of edits, so the same function decides what is wrong before
//! and after a fix.

use std::collections::HashMap;

use crate::checklist::Findings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::extract::Extracts;
use crate::generate::Rendered;
use crate::model::{DocumentEntry, LintSettings, Model, Names, normalize_rel};
use crate::rules::{self, Context, Rule};

/// The model and what is compiled from it once per run.
pub struct Checker<'m> {
    pub model: &'m Model,
    pub names: Names,
    pub rules: Vec<Rule>,
    /// The model's `lint:` section, resolved: severities, per-file ignores.
    pub settings: LintSettings,
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
            settings: LintSettings::new(model.lint.as_ref()),
            rendered: Rendered::default(),
            entries: document_index(model),
        }
    }

    /// Checks `text`. `model_path` is the document's path relative to the model's
    /// folder (to find its entry); `display_path` is how output names it.
    pub fn check(&self, display_path: &str, model_path: &str, text: String) -> FileReport {
        self.check_parsed(display_path, model_path, Document::parse(text))
    }

    /// Checks a document parsed before: parsing needs no model, so a run can parse
    /// while the model loads.
    pub fn check_parsed(&self, display_path: &str, model_path: &str, doc: Document) -> FileReport {
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
        let flows = self
            .entry(model_path)
            .map_or(&[][..], |e| e.flows.as_slice());
        let mut extracts = Extracts::build(doc, self.model, &self.names, flows);
        // A diagram quoted as a mistake ("Current (INCORRECT)") claims nothing.
        extracts.diagrams.retain(|d| !doc.quoted_mistake(d.block));
        let rules = self.rules_for(model_path);
        let (checklist, others): (Vec<Rule>, Vec<Rule>) =
            rules.iter().partition(|r| r.family() == 'K');
        let none = Findings::default();
        let ctx = self.context(display_path, model_path, doc, &extracts, &none);
        let mut out = rules::run(&ctx, &others);
        if !checklist.is_empty() && !doc.tasks.is_empty() {
            // Alone, a checklist is proven by its own document's findings; the check
            // command replaces these with [`Checker::check_checklist`] over all.
            let mut own = Findings::default();
            own.add(model_path, display_path, doc, &out);
            let ctx = Context {
                findings: &own,
                ..ctx
            };
            out.extend(rules::run(&ctx, &checklist));
            out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
        }
        let report_unused = rules.contains(&Rule::UnusedSuppression);
        self.finish(doc, out, &rules, report_unused)
    }

    /// The rules that run on `model_path`: the selection less its per-file ignores.
    fn rules_for(&self, model_path: &str) -> Vec<Rule> {
        self.rules
            .iter()
            .copied()
            .filter(|r| !self.settings.ignored_in(model_path, *r))
            .collect()
    }

    /// Suppression comments, then the configured severities.
    fn finish(
        &self,
        doc: &Document,
        found: Vec<Diagnostic>,
        rules: &[Rule],
        report_unused: bool,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = crate::suppress::apply(doc, found, rules, report_unused);
        for d in &mut diagnostics {
            d.severity = self.settings.severity(d.rule);
        }
        diagnostics
    }

    /// The checklist rules (K) alone, proven by `findings`: every checked document's
    /// findings. The second pass of a run, after every document was checked.
    pub fn check_checklist(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
        findings: &Findings,
    ) -> Vec<Diagnostic> {
        let rules = self.rules_for(model_path);
        let checklist: Vec<Rule> = rules
            .iter()
            .copied()
            .filter(|r| r.family() == 'K')
            .collect();
        if checklist.is_empty() || doc.tasks.is_empty() {
            return Vec::new();
        }
        let extracts = Extracts::default();
        let ctx = self.context(display_path, model_path, doc, &extracts, findings);
        // Unused suppressions were reported by the first pass.
        self.finish(doc, rules::run(&ctx, &checklist), &checklist, false)
    }

    /// The model's entry for a document, through the index.
    fn entry(&self, model_path: &str) -> Option<&DocumentEntry> {
        self.entries
            .get(&normalize_rel(model_path))
            .map(|&i| &self.model.documents[i])
    }

    /// What the rules see of one document.
    fn context<'a>(
        &'a self,
        display_path: &'a str,
        model_path: &'a str,
        doc: &'a Document,
        extracts: &'a Extracts,
        findings: &'a Findings,
    ) -> Context<'a> {
        Context {
            path: display_path,
            model_path,
            doc,
            extracts,
            model: self.model,
            names: &self.names,
            entry: self.entry(model_path),
            findings,
            rendered: &self.rendered,
            facts: Default::default(),
        }
    }
}

fn document_index(model: &Model) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(model.documents.len());
    for (i, d) in model.documents.iter().enumerate() {
        index.entry(normalize_rel(&d.path)).or_insert(i);
    }
    index
}
