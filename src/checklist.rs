//! The validation checklist: a document's task items matched to the model's
//! `checklist:` entries, and each item's status from the findings of the documents
//! it speaks about. Pure: the caller checks the documents and hands their findings
//! over as a [`Findings`] table.
//!
//! Which documents an item speaks about: its entry's `document:` when it names one;
//! otherwise every document the model lists except the checklist's own (a checklist
//! in spec 005 is about spec 004), or the checklist's own when it is the only one
//! checked. An item passes when none of those documents has a finding of its rules.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::{ChecklistEntry, Model, normalize_rel};
use crate::rules::Rule;

/// What one checked document was found to have, for proving checklist items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub line: usize,
    pub message: String,
    /// The finding has a fix: applying fixes may still make the item pass.
    pub fixable: bool,
}

/// The findings of checked documents, by path relative to the model's folder.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    docs: BTreeMap<String, (String, Vec<Finding>)>,
    /// Documents the model lists that could not be read.
    missing: Vec<String>,
}

impl Findings {
    /// Records a checked document's diagnostics.
    pub fn add(&mut self, model_path: &str, display: &str, doc: &Document, diags: &[Diagnostic]) {
        let found = diags
            .iter()
            .map(|d| Finding {
                rule: d.rule,
                line: doc.line_col(d.span.start).line,
                message: d.message.clone(),
                fixable: d.fix.is_some(),
            })
            .collect();
        self.docs
            .insert(normalize_rel(model_path), (display.to_string(), found));
    }

    /// Records a document the model lists that could not be checked.
    pub fn add_missing(&mut self, model_path: &str) {
        self.missing.push(normalize_rel(model_path));
    }

    pub fn contains(&self, model_path: &str) -> bool {
        self.docs.contains_key(&normalize_rel(model_path))
    }
}

/// A task item of a checklist and the model entry it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Index into `Document::tasks`.
    pub task: usize,
    /// Index into `Model::checklist`.
    pub entry: Option<usize>,
}

/// Why an item passes or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// None of its documents has a finding of its rules.
    Pass,
    /// Findings of its rules, each with the path shown for its document.
    Fail(Vec<(String, Finding)>),
    /// No model entry matches it, or its entry names no rule.
    Unproven,
}

/// How item texts are compared: case, quotes, code marks and punctuation ignored,
/// whitespace folded (`` `tasks` table marked as "Backend Managed" `` matches
/// `tasks table marked as Backend Managed`).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '\'' | '`' | '‘' | '’' | '“' | '”' | '*' | '_') && !c.is_alphanumeric()
        {
            if c == '_' {
                out.push(' ');
            }
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The model entry an item's text matches.
pub fn match_entry(model: &Model, text: &str) -> Option<usize> {
    let key = normalise(text);
    model
        .checklist
        .iter()
        .position(|e| normalise(&e.text) == key)
}

/// A document's checklist: the task items of every section (or of the text before
/// the first heading) that holds at least one item matching a model entry. Task
/// lists that match nothing (a to-do list) are not checklists.
pub fn items(doc: &Document, model: &Model) -> Vec<Item> {
    if model.checklist.is_empty() {
        return Vec::new();
    }
    let matched: Vec<Item> = doc
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            task: i,
            entry: match_entry(model, &t.text),
        })
        .collect();
    let sections: Vec<Option<usize>> = matched
        .iter()
        .filter(|i| i.entry.is_some())
        .map(|i| doc.tasks[i.task].section)
        .collect();
    matched
        .into_iter()
        .filter(|i| sections.contains(&doc.tasks[i.task].section))
        .collect()
}

/// The documents (model-relative paths) an entry's rules are evaluated on.
pub fn targets(
    model: &Model,
    entry: &ChecklistEntry,
    own: &str,
    findings: &Findings,
) -> Vec<String> {
    if let Some(doc) = &entry.document {
        return vec![normalize_rel(doc)];
    }
    let own = normalize_rel(own);
    let others: Vec<String> = model
        .documents
        .iter()
        .map(|d| normalize_rel(&d.path))
        .filter(|p| *p != own && (findings.docs.contains_key(p) || findings.missing.contains(p)))
        .collect();
    if others.is_empty() { vec![own] } else { others }
}

/// An item's status. `own` is the checklist document's model-relative path.
pub fn status(model: &Model, item: &Item, own: &str, findings: &Findings) -> Status {
    let Some(entry) = item.entry.and_then(|e| model.checklist.get(e)) else {
        return Status::Unproven;
    };
    let rules: Vec<Rule> = entry
        .rules
        .iter()
        .filter_map(|c| Rule::from_code(c))
        .collect();
    if rules.is_empty() {
        return Status::Unproven;
    }
    let mut failed = Vec::new();
    for target in targets(model, entry, own, findings) {
        match findings.docs.get(&target) {
            Some((display, found)) => failed.extend(
                found
                    .iter()
                    .filter(|f| rules.contains(&f.rule))
                    .map(|f| (display.clone(), f.clone())),
            ),
            None => failed.push((
                target.clone(),
                Finding {
                    rule: rules[0],
                    line: 1,
                    message: "this document was not checked (missing or unreadable)".into(),
                    fixable: false,
                },
            )),
        }
    }
    if failed.is_empty() {
        Status::Pass
    } else {
        Status::Fail(failed)
    }
}

/// Ticks (`[x]`) the items that pass and unticks the rest; nothing else changes.
/// Returns the new text, or None when every mark is already right.
pub fn update(doc: &Document, model: &Model, own: &str, findings: &Findings) -> Option<String> {
    let mut edits: Vec<(crate::span::Span, &str)> = Vec::new();
    for item in items(doc, model) {
        let task = &doc.tasks[item.task];
        let pass = status(model, &item, own, findings) == Status::Pass;
        if pass != task.checked {
            edits.push((task.marker, if pass { "[x]" } else { "[ ]" }));
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut text = doc.text.clone();
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    for (span, mark) in edits {
        text.replace_range(span.range(), mark);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_quotes_code_marks_and_punctuation() {
        assert_eq!(
            normalise("`user`, `session`, `account` tables marked as \"Better Auth Managed\""),
            normalise("user, session, account tables marked as “better auth managed”")
        );
        assert_eq!(
            normalise("CORS configuration section included with `allow_credentials=True`"),
            "cors configuration section included with allow credentials true"
        );
        assert_ne!(normalise("steps 2-3"), normalise("steps 23"));
    }
}
