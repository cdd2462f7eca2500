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
use crate::rules::cross::{self, CrossFacts, Side};
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
    /// What the cross-document rules compare (empty when none of them runs).
    pub facts: CrossFacts,
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
        let (diagnostics, facts) = self.check_with_facts(display_path, model_path, &doc);
        FileReport {
            path: display_path.to_string(),
            doc,
            diagnostics,
            facts,
        }
    }

    pub fn check_document(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
    ) -> Vec<Diagnostic> {
        self.check_with_facts(display_path, model_path, doc).0
    }

    /// The document's findings, and the facts the cross-document rules will
    /// compare once every document was checked ([`Checker::check_cross`]).
    fn check_with_facts(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
    ) -> (Vec<Diagnostic>, CrossFacts) {
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
        let facts = if rules.iter().any(|r| r.is_cross_document()) {
            cross::facts(&ctx)
        } else {
            CrossFacts::default()
        };
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
        self.keep_fixes_that_clear(display_path, model_path, doc, flows, &mut out);
        let report_unused = rules.contains(&Rule::UnusedSuppression);
        // The cross-document rules have not run yet: a suppression of theirs is
        // not judged unused here.
        let ran: Vec<Rule> = rules
            .iter()
            .copied()
            .filter(|r| !r.is_cross_document())
            .collect();
        (self.finish(doc, out, &ran, report_unused), facts)
    }

    /// A fix is offered only if it clears the finding it is attached to: applied,
    /// the rule that offered it reports that message fewer times. (A diagram
    /// redrawn from a flow that itself shows the wrong creator is redrawn with the
    /// same mistake.) Fixes that replace text are tried, each distinct one once for
    /// every rule that offers it; a fix that only inserts what was missing clears
    /// its finding by construction (the rules test holds every fixture's fixes to
    /// it), and a document with no fixable finding costs nothing here.
    fn keep_fixes_that_clear(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
        flows: &[String],
        found: &mut [Diagnostic],
    ) {
        let replaces = |d: &Diagnostic| {
            d.rule.family() != 'K'
                && d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| !e.span.is_empty()))
        };
        if !found.iter().any(replaces) {
            return;
        }
        // How many findings of a rule say the same thing: a fix that clears one of
        // several alike (one of four places naming the wrong variable) leaves fewer.
        let same = |all: &[(Rule, String)], rule: Rule, message: &str| {
            all.iter()
                .filter(|(r, m)| *r == rule && m == message)
                .count()
        };
        let now: Vec<(Rule, String)> = found.iter().map(|d| (d.rule, d.message.clone())).collect();
        // Each distinct fix tried, with what its rules report once it is applied.
        let mut tried: Vec<Tried> = Vec::new();
        let mut drop = Vec::new();
        for (i, d) in found.iter().enumerate() {
            if !replaces(d) {
                continue;
            }
            let Some(fix) = &d.fix else { continue };
            let at = match tried.iter().position(|(e, _)| *e == fix.edits.as_slice()) {
                Some(at) => at,
                None => {
                    // Every rule that offers this same fix, checked in one pass.
                    let mut rules: Vec<Rule> = found
                        .iter()
                        .filter(|x| x.fix.as_ref().is_some_and(|f| f.edits == fix.edits))
                        .map(|x| x.rule)
                        .collect();
                    rules.sort();
                    rules.dedup();
                    let after =
                        self.findings_after(display_path, model_path, doc, flows, &rules, fix);
                    tried.push((&fix.edits, after));
                    tried.len() - 1
                }
            };
            if same(&tried[at].1, d.rule, &d.message) >= same(&now, d.rule, &d.message) {
                drop.push(i);
            }
        }
        for i in drop {
            found[i].fix = None;
        }
    }

    /// What `rules` report once `fix` is applied to `doc`.
    fn findings_after(
        &self,
        display_path: &str,
        model_path: &str,
        doc: &Document,
        flows: &[String],
        rules: &[Rule],
        fix: &crate::diagnostic::Fix,
    ) -> RuleMessages {
        let mut text = doc.text.clone();
        let mut edits: Vec<&crate::diagnostic::Edit> = fix.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
        for e in edits {
            if e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
            {
                text.replace_range(e.span.range(), &e.replacement);
            }
        }
        let fixed = Document::parse(text);
        let extracts = Extracts::build(&fixed, self.model, &self.names, flows);
        let none = Findings::default();
        let ctx = self.context(display_path, model_path, &fixed, &extracts, &none);
        let mut after = Vec::new();
        for rule in rules {
            rule.check(&ctx, &mut after);
        }
        after.into_iter().map(|d| (d.rule, d.message)).collect()
    }

    /// The rules that read the model itself (M005), over the model's `text`: a
    /// report located in the model file, shown as `display_path`; `model_path` is
    /// the file's name relative to its folder, for per-file ignores. `None` when
    /// those rules are not selected.
    pub fn check_model(
        &self,
        display_path: &str,
        model_path: &str,
        text: String,
    ) -> Option<FileReport> {
        let rule = Rule::UndecidedModelEntry;
        if !self.rules_for(model_path).contains(&rule) {
            return None;
        }
        let mut diagnostics =
            rules::markdown::undecided_model_entry::check_model(&text, self.model);
        for d in &mut diagnostics {
            d.severity = self.settings.severity(d.rule);
        }
        Some(FileReport {
            path: display_path.to_string(),
            doc: Document::parse(text),
            diagnostics,
            facts: CrossFacts::default(),
        })
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
        // A rule may report a finding below (or above) its default severity; an
        // override in the model applies to every finding of the rule.
        for d in &mut diagnostics {
            if let Some(severity) = self.settings.override_for(d.rule) {
                d.severity = severity;
            }
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

    /// The cross-document rules (X) over every report's facts: the second pass of a
    /// run, after every document was checked. Each report gets its own findings,
    /// under its per-file ignores, suppression comments and severities.
    pub fn check_cross(&self, reports: &mut [FileReport]) {
        let selected: Vec<Rule> = self
            .rules
            .iter()
            .copied()
            .filter(|r| r.is_cross_document())
            .collect();
        if selected.is_empty() {
            return;
        }
        let found = {
            let sides: Vec<Side> = reports
                .iter()
                .map(|r| Side {
                    path: &r.path,
                    facts: &r.facts,
                })
                .collect();
            cross::compare(&selected, &sides)
        };
        for (report, found) in reports.iter_mut().zip(found) {
            if found.is_empty() {
                continue;
            }
            let rules: Vec<Rule> = self
                .rules_for(&report.facts.model_path)
                .into_iter()
                .filter(|r| r.is_cross_document())
                .collect();
            let found: Vec<Diagnostic> = found
                .into_iter()
                .filter(|d| rules.contains(&d.rule))
                .collect();
            let kept = self.finish(&report.doc, found, &rules, false);
            report.diagnostics.extend(kept);
            report
                .diagnostics
                .sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
        }
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

/// Findings as a rule and its message: what tells one finding from another across
/// an edit that moves them.
type RuleMessages = Vec<(Rule, String)>;

fn document_index(model: &Model) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(model.documents.len());
    for (i, d) in model.documents.iter().enumerate() {
        index.entry(normalize_rel(&d.path)).or_insert(i);
    }
    index
}

/// A fix already tried, with the findings it left.
type Tried<'a> = (&'a [crate::diagnostic::Edit], Vec<(Rule, String)>);
