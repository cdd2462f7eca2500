//! X001 table-conflict: two documents define the same table differently.

use super::{Side, TableFact, dissent};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a CREATE TABLE whose columns, column types, primary key or foreign keys differ from another document's CREATE TABLE of the same table in the same spec folder. The definition most documents share stands; on a tie, the newest document's (the last in path order: spec-kit numbers its specs). A table the model describes is S007's business instead.",
    why: "Two specs that define one table two ways get two migrations: the second fails, or worse, succeeds against a table the first code path no longer matches.",
    wrong: "specs/a.md: CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT);\nspecs/b.md: CREATE TABLE notes (id UUID PRIMARY KEY, body TEXT, pinned BOOLEAN);",
    right: "Define the table once and refer to it from the other documents, or keep every definition identical.",
    fix: None,
};

/// Finds nothing on one document: the comparison runs once every document was
/// checked ([`compare`]).
pub fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}

pub fn compare(docs: &[Side], out: &mut [Vec<Diagnostic>]) {
    let mut keys: Vec<(&str, &str)> = docs
        .iter()
        .flat_map(|d| {
            d.facts
                .tables
                .iter()
                .map(|t| (d.facts.group.as_str(), t.name.as_str()))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for (group, name) in keys {
        let items: Vec<(usize, &TableFact)> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.facts.group == group)
            .flat_map(|(i, d)| {
                d.facts
                    .tables
                    .iter()
                    .filter(|t| t.name == name)
                    .map(move |t| (i, t))
            })
            .collect();
        let same = |a: &&TableFact, b: &&TableFact| differences(a, b).is_empty();
        for (mine, theirs) in dissent(&items, same) {
            let (doc, a) = items[mine];
            let (other_doc, b) = items[theirs];
            out[doc].push(Diagnostic::new(
                Rule::TableConflict,
                a.span,
                format!(
                    "table `{}` is defined differently at {}:{}: {}",
                    a.name,
                    docs[other_doc].path,
                    b.line,
                    differences(a, b).join("; ")
                ),
            ));
        }
    }
}

/// What `here` has that `there` has not, in words: columns, types, keys.
fn differences(here: &TableFact, there: &TableFact) -> Vec<String> {
    let mut out = Vec::new();
    let only = |a: &TableFact, b: &TableFact| -> Vec<String> {
        a.columns
            .iter()
            .filter(|(n, _)| !b.columns.iter().any(|(m, _)| m == n))
            .map(|(n, _)| format!("`{n}`"))
            .collect()
    };
    let (extra, missing) = (only(here, there), only(there, here));
    if !extra.is_empty() {
        out.push(format!("only here: {}", extra.join(", ")));
    }
    if !missing.is_empty() {
        out.push(format!("only there: {}", missing.join(", ")));
    }
    for (n, t) in &here.columns {
        match there.columns.iter().find(|(m, _)| m == n) {
            Some((_, u)) if t != u => out.push(format!("`{n}` is {t} here, {u} there")),
            _ => {}
        }
    }
    if here.primary_key != there.primary_key {
        out.push(format!(
            "primary key ({}) here, ({}) there",
            here.primary_key.join(", "),
            there.primary_key.join(", ")
        ));
    }
    if here.foreign_keys != there.foreign_keys {
        let list = |k: &[String]| {
            if k.is_empty() {
                "none".to_string()
            } else {
                k.join("; ")
            }
        };
        out.push(format!(
            "foreign keys {} here, {} there",
            list(&here.foreign_keys),
            list(&there.foreign_keys)
        ));
    }
    out
}
