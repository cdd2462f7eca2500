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

/// The model entry an item's text matches, given every entry's [`normalise`]d text
/// (computed once per document, not once per item).
fn match_key(keys: &[String], text: &str) -> Option<usize> {
    let key = normalise(text);
    keys.iter().position(|k| *k == key)
}

/// A document's checklist: the task items of every section (or of the text before
/// the first heading) that holds at least one item matching a model entry. Task
/// lists that match nothing (a to-do list) are not checklists.
pub fn items(doc: &Document, model: &Model) -> Vec<Item> {
    if model.checklist.is_empty() {
        return Vec::new();
    }
    let keys: Vec<String> = model.checklist.iter().map(|e| normalise(&e.text)).collect();
    let matched: Vec<Item> = doc
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            task: i,
            entry: match_key(&keys, &t.text),
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
    use crate::diagnostic::Diagnostic;
    use crate::model::parse_model;
    use crate::span::Span;
    use std::path::Path;

    const MODEL: &str = "version: 1
documents:
  - path: a.md
  - path: b.md
  - path: list.md
checklist:
  - { text: \"A is fine\", rules: [D001], document: a.md }
  - { text: \"All is fine\", rules: [D001] }
  - { text: \"Nothing proves this\", rules: [] }
";

    fn findings(a_fails: bool, b_fails: bool) -> Findings {
        let doc = Document::parse("x\n");
        let d001 = vec![Diagnostic::new(
            Rule::CreatorMismatch,
            Span::new(0, 1),
            "wrong",
        )];
        let mut table = Findings::default();
        table.add("a.md", "a.md", &doc, if a_fails { &d001 } else { &[] });
        table.add("./b.md", "b.md", &doc, if b_fails { &d001 } else { &[] });
        table.add("list.md", "list.md", &doc, &d001);
        table
    }

    #[test]
    fn items_are_proven_on_the_named_document_or_every_other() {
        let model = parse_model(MODEL, Path::new("m.yaml")).unwrap();
        let list = Document::parse(
            "## Checks\n\n- [x] A is fine\n- [ ] `All` is fine!\n- [x] Nothing proves this\n- [ ] Unknown item\n\n## To do\n\n- [ ] Write code\n",
        );
        let items = items(&list, &model);
        let entries: Vec<Option<usize>> = items.iter().map(|i| i.entry).collect();
        assert_eq!(
            entries,
            [Some(0), Some(1), Some(2), None],
            "the to-do list is no checklist"
        );
        let status = |t: &Findings| -> Vec<String> {
            items
                .iter()
                .map(|i| match status(&model, i, "list.md", t) {
                    Status::Pass => "pass".to_string(),
                    Status::Unproven => "unproven".to_string(),
                    Status::Fail(f) => f
                        .iter()
                        .map(|(p, _)| p.as_str())
                        .collect::<Vec<_>>()
                        .join("+"),
                })
                .collect()
        };
        // The checklist's own findings never count while other documents are known.
        assert_eq!(
            status(&findings(false, false)),
            ["pass", "pass", "unproven", "unproven"]
        );
        assert_eq!(
            status(&findings(false, true)),
            ["pass", "b.md", "unproven", "unproven"]
        );
        assert_eq!(
            status(&findings(true, true)),
            ["a.md", "a.md+b.md", "unproven", "unproven"]
        );
        // Alone, a checklist is proven by its own document.
        let mut alone = Findings::default();
        alone.add("list.md", "list.md", &list, &[]);
        assert_eq!(status(&alone)[1], "pass");
        // A document the model lists that could not be read fails the items about it.
        let mut missing = Findings::default();
        missing.add("b.md", "b.md", &list, &[]);
        missing.add_missing("a.md");
        assert_eq!(status(&missing)[..2], ["a.md", "a.md"]);

        let ticked = update(&list, &model, "list.md", &findings(false, true)).unwrap();
        assert_eq!(
            ticked,
            "## Checks\n\n- [x] A is fine\n- [ ] `All` is fine!\n- [ ] Nothing proves this\n- [ ] Unknown item\n\n## To do\n\n- [ ] Write code\n"
        );
        let all_pass = update(&list, &model, "list.md", &findings(false, false)).unwrap();
        assert!(all_pass.contains("- [x] `All` is fine!"));
    }

    #[test]
    fn an_entry_naming_an_unlisted_document_is_a_model_error() {
        let bad = MODEL.replace("document: a.md", "document: c.md");
        let err = parse_model(&bad, Path::new("m.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("names document `c.md`"), "{err}");
        assert!(err.contains("m.yaml:7:"), "located at the entry: {err}");
    }

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
