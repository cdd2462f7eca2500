//! Reference checks on a parsed model: every id a value names must be defined.
//!
//! A wrong id would otherwise silently turn a rule off (a flow step "at: fronted"
//! matches no lifeline), so it is an error naming the id, where it was used and the
//! ids that do exist.

use indexmap::IndexMap;

use super::Model;
use super::locate::locate;

/// A located problem, turned into a `ModelError::Invalid` by the loader.
pub(crate) struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The generators a section may name in `render:`.
pub const RENDERERS: &[&str] = &["schema", "jwt-verification", "cors", "diagram"];

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn known<V>(&mut self, kind: &str, id: &str, defined: &IndexMap<String, V>, at: &[&str]) {
        if !defined.contains_key(id) {
            let ids: Vec<&str> = defined.keys().map(String::as_str).collect();
            self.unknown(kind, id, &ids, at);
        }
    }

    fn unknown(&mut self, kind: &str, id: &str, existing: &[&str], at: &[&str]) {
        let (line, column) = locate(self.text, at, Some(id));
        let existing = if existing.is_empty() {
            format!("no {kind} is defined")
        } else {
            format!("defined: {}", existing.join(", "))
        };
        self.problems.push(Problem {
            line,
            column,
            message: format!("unknown {kind} `{id}` in {} ({existing})", at.join(".")),
        });
    }

    fn problem(&mut self, at: &[&str], needle: Option<&str>, message: String) {
        let (line, column) = locate(self.text, at, needle);
        self.problems.push(Problem {
            line,
            column,
            message,
        });
    }
}

fn self_text<'t>(c: &Checker<'t>) -> &'t str {
    c.text
}

/// The first problem found, in the order the model reads.
pub(crate) fn validate(model: &Model, text: &str) -> Result<(), Problem> {
    let mut c = Checker {
        text,
        problems: Vec::new(),
    };
    let components = &model.components;
    for (id, token) in &model.tokens {
        for who in token.created_by.iter().chain(&token.verified_by) {
            c.known("component", who, components, &["tokens", id]);
        }
    }
    let libraries: Vec<&str> = components
        .values()
        .flat_map(|comp| comp.libraries.iter().map(String::as_str))
        .collect();
    for (id, flow) in &model.flows {
        for step in &flow.steps {
            for who in [&step.from, &step.to, &step.at].into_iter().flatten() {
                c.known("component", who, components, &["flows", id]);
            }
            for token in [&step.creates, &step.verifies, &step.carries]
                .into_iter()
                .flatten()
            {
                c.known("token", token, &model.tokens, &["flows", id]);
            }
            if let Some(via) = &step.via {
                if !libraries.iter().any(|l| l.eq_ignore_ascii_case(via)) {
                    c.unknown("library", via, &libraries, &["flows", id]);
                }
            }
            let shape_ok = matches!(
                (&step.from, &step.to, &step.at),
                (Some(_), Some(_), None) | (None, None, Some(_))
            );
            if !shape_ok {
                c.problem(
                    &["flows", id],
                    Some(&step.say),
                    format!(
                        "step \"{}\" of flow `{id}` needs either `from` and `to` (a message) or `at` (a self-action)",
                        step.say
                    ),
                );
            }
        }
    }
    if let Some(schema) = &model.schema {
        if let Some(of) = &schema.access_of {
            c.known("component", of, components, &["schema", "access_of"]);
        }
        for (id, table) in &schema.tables {
            c.known(
                "owner",
                &table.owner,
                &schema.owners,
                &["schema", "tables", id],
            );
            for fk in &table.foreign_keys {
                c.known(
                    "table",
                    &fk.references,
                    &schema.tables,
                    &["schema", "tables", id, "foreign_keys"],
                );
                if fk.columns.len() != fk.ref_columns.len() {
                    c.problem(
                        &["schema", "tables", id, "foreign_keys"],
                        None,
                        format!(
                            "a foreign key of table `{id}` has {} columns but references {}",
                            fk.columns.len(),
                            fk.ref_columns.len()
                        ),
                    );
                }
            }
            let names: Vec<&str> = table.columns.iter().map(|col| col.name.as_str()).collect();
            let used = table
                .foreign_keys
                .iter()
                .flat_map(|fk| fk.columns.iter().map(|col| (col, "foreign_keys")));
            let indexed = table
                .indexes
                .iter()
                .flat_map(|ix| ix.columns.iter().map(|col| (col, "indexes")));
            for (column, under) in used.chain(indexed) {
                if !table.columns.is_empty() && !names.contains(&column.as_str()) {
                    // Located under the key that uses it, not at the column's first
                    // mention (often another table's).
                    let (line, col) = locate(
                        self_text(&c),
                        &["schema", "tables", id, under],
                        Some(column),
                    );
                    c.problems.push(Problem {
                        line,
                        column: col,
                        message: format!(
                            "unknown column `{column}` in schema.tables.{id}.{under} ({})",
                            if names.is_empty() {
                                "no column is defined".to_string()
                            } else {
                                format!("defined: {}", names.join(", "))
                            }
                        ),
                    });
                }
            }
        }
    }
    let no_tables = IndexMap::<String, ()>::new();
    let tables_defined = model
        .schema
        .as_ref()
        .map(|s| s.tables.keys().map(|k| (k.clone(), ())).collect());
    let tables: &IndexMap<String, ()> = tables_defined.as_ref().unwrap_or(&no_tables);
    for doc in &model.documents {
        let at = ["documents"];
        let escapes = doc.path.starts_with('/')
            || doc.path.starts_with('\\')
            || doc.path.get(1..2) == Some(":")
            || doc.path.split(['/', '\\']).any(|p| p == "..");
        if escapes {
            c.problem(
                &at,
                Some(&doc.path),
                format!("document path `{}` must stay inside the model's folder (no `..`, not absolute)", doc.path),
            );
        }
        for flow in &doc.flows {
            c.known("flow", flow, &model.flows, &at);
        }
        for table in &doc.tables {
            c.known("table", table, tables, &at);
        }
        for section in &doc.sections {
            if !RENDERERS.contains(&section.render.as_str()) {
                c.unknown("renderer", &section.render, RENDERERS, &at);
            }
            if let Some(token) = &section.token {
                c.known("token", token, &model.tokens, &at);
            }
            if section.after.is_some() && section.within.is_some() {
                c.problem(
                    &at,
                    Some(&section.id),
                    format!(
                        "section `{}` has both `after` and `within`; give one",
                        section.id
                    ),
                );
            }
        }
    }
    for item in &model.checklist {
        if let Some(doc) = &item.document {
            let want = super::normalize_rel(doc);
            if !model
                .documents
                .iter()
                .any(|d| super::normalize_rel(&d.path) == want)
            {
                c.problem(
                    &["checklist"],
                    Some(doc),
                    format!(
                        "checklist item \"{}\" names document `{doc}`, which `documents` does not list",
                        item.text
                    ),
                );
            }
        }
        for code in &item.rules {
            let well_formed = code.len() == 4
                && code.starts_with(|ch: char| ch.is_ascii_uppercase())
                && code[1..].chars().all(|ch| ch.is_ascii_digit());
            if !well_formed {
                c.problem(
                    &["checklist"],
                    Some(code),
                    format!("`{code}` is not a rule code (a letter and three digits, like D001)"),
                );
            }
        }
    }
    match c.problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(()),
    }
}
