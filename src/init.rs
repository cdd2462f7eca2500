//! `speclint init`: a first speclint.yaml drafted from specs that already exist.
//!
//! What the text shows is taken as it is: diagram participants become components,
//! each sequence diagram a flow, each `CREATE TABLE` a table with its columns, keys
//! and indexes, each file a document entry. What the text cannot say (which
//! component creates a token, which verifies it, who owns the tables) is left as a
//! line marked `DECIDE:`. Pure: the command reads the files and writes the result.

use std::fmt::Write as _;

use indexmap::IndexMap;

use crate::document::Document;
use crate::extract::Extracts;
use crate::extract::diagram::StepKind;
use crate::extract::sql::SqlTable;
use crate::model::{Model, Names, names::fold};

/// One spec to draft from: its path relative to the model's folder, and its text.
pub struct Source {
    pub path: String,
    pub text: String,
}

struct Draft {
    /// Folded name → (id, name as drawn).
    components: IndexMap<String, (String, String)>,
    flows: IndexMap<String, Vec<String>>,
    tables: IndexMap<String, SqlTable>,
    indexes: Vec<crate::extract::sql::SqlIndex>,
    documents: Vec<(String, Vec<String>, Vec<String>)>,
    /// Words that follow a create verb in diagram labels ("Create JWT" → JWT), counted.
    created: IndexMap<String, usize>,
}

/// The drafted model as YAML, with comments. `schema` is what the
/// `yaml-language-server` line points editors at.
pub fn draft(sources: &[Source], schema: &str) -> String {
    let empty = Model::default();
    let names = Names::new(&empty);
    let mut d = Draft {
        components: IndexMap::new(),
        flows: IndexMap::new(),
        tables: IndexMap::new(),
        indexes: Vec::new(),
        documents: Vec::new(),
        created: IndexMap::new(),
    };
    let verbs = crate::model::Verbs::default().create;
    for src in sources {
        let doc = Document::parse(src.text.clone());
        let ex = Extracts::build(&doc, &empty, &names, &[]);
        let mut doc_flows = Vec::new();
        for diagram in &ex.diagrams {
            let ids: Vec<String> = diagram
                .diagram
                .participants
                .iter()
                .map(|p| d.component(&p.name))
                .collect();
            let mut steps = Vec::new();
            for step in &diagram.diagram.steps {
                let say = if step.text.is_empty() {
                    "(unlabeled)".to_string()
                } else {
                    step.text.clone()
                };
                let words: Vec<&str> = step
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                for pair in words.windows(2) {
                    if verbs.iter().any(|v| v.eq_ignore_ascii_case(pair[0])) {
                        *d.created.entry(pair[1].to_string()).or_default() += 1;
                    }
                }
                let at = |i: usize| ids.get(i).cloned().unwrap_or_default();
                steps.push(match step.kind {
                    StepKind::Message { from, to, .. } => format!(
                        "{{ from: {}, to: {}, say: {} }}",
                        at(from),
                        at(to),
                        quote(&say)
                    ),
                    StepKind::Note { at: i } => {
                        format!("{{ at: {}, say: {} }}", at(i), quote(&say))
                    }
                });
            }
            if steps.is_empty() {
                continue;
            }
            let title = doc
                .section_at(doc.code_blocks[diagram.block].span.start)
                .map(|s| doc.sections[s].title.clone())
                .unwrap_or_else(|| "flow".to_string());
            let id = unique(&slug(&title), |id| d.flows.contains_key(id));
            d.flows.insert(id.clone(), steps);
            doc_flows.push(id);
        }
        let mut doc_tables = Vec::new();
        for t in ex.sql_tables() {
            if !d.tables.contains_key(&t.name) {
                d.tables.insert(t.name.clone(), t.clone());
            }
            doc_tables.push(t.name.clone());
        }
        d.indexes.extend(ex.sql_indexes().cloned());
        d.documents.push((src.path.clone(), doc_flows, doc_tables));
    }
    d.render(sources.len(), schema)
}

impl Draft {
    fn component(&mut self, name: &str) -> String {
        let key = fold(name);
        if let Some((id, _)) = self.components.get(&key) {
            return id.clone();
        }
        let id = unique(&slug(name), |id| {
            self.components.values().any(|(other, _)| other == id)
        });
        self.components.insert(key, (id.clone(), name.to_string()));
        id
    }

    fn render(&self, files: usize, schema: &str) -> String {
        let mut y = String::new();
        let _ = writeln!(y, "# yaml-language-server: $schema={schema}");
        let _ = writeln!(
            y,
            "# Drafted by `speclint init` from {files} spec(s). Lines marked DECIDE are what\n# the specs cannot tell (`speclint check` reports each until its comment is deleted);\n# the rest is what they show today. Keys: {schema}; findings: `speclint explain CODE`.\nversion: 1\n"
        );
        y.push_str("# Every participant of the specs' sequence diagrams.\ncomponents:\n");
        if self.components.is_empty() {
            y.push_str("  {}\n");
        }
        for (id, name) in self.components.values() {
            let _ = writeln!(y, "  {id}:\n    name: {}", quote(name));
        }
        // Until a person decides, every component may create and verify the token, so
        // the draft passes on the specs it was drawn from.
        let all: Vec<&str> = self.components.values().map(|c| c.0.as_str()).collect();
        let all = all.join(", ");
        // The word most often created in the diagrams names the token; a person checks it.
        let token = self
            .created
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or("Token", |(w, _)| w.as_str());
        let _ = writeln!(
            y,
            "\n# Who creates and who verifies each token: the two lines that make the gate.\ntokens:\n  {}:\n    name: {}  # what the diagrams create; add aliases: [...] for other names\n    created_by: [{all}]  # DECIDE: keep only who creates it\n    verified_by: [{all}]  # DECIDE: keep only who verifies it",
            slug(token),
            quote(token)
        );
        y.push_str("\n# Each sequence diagram, step by step, as drawn today.\nflows:");
        if self.flows.is_empty() {
            y.push_str(" {}");
        }
        y.push('\n');
        for (id, steps) in &self.flows {
            let _ = writeln!(y, "  {id}:\n    steps:");
            for s in steps {
                let _ = writeln!(y, "      - {s}");
            }
        }
        if !self.tables.is_empty() {
            y.push_str("\n# Every CREATE TABLE in the specs.\nschema:\n  owners:\n    app:\n      name: App  # DECIDE: who creates and migrates these tables; one owner per team or tool\n  tables:\n");
            for (name, t) in &self.tables {
                self.table(&mut y, name, t);
            }
        }
        y.push_str("\n# What each spec must show.\ndocuments:\n");
        if self.documents.is_empty() {
            y.push_str("  []\n");
        }
        for (path, flows, tables) in &self.documents {
            let _ = writeln!(y, "  - path: {}", quote(path));
            if !flows.is_empty() {
                let _ = writeln!(y, "    flows: [{}]", flows.join(", "));
            }
            if !tables.is_empty() {
                let list: Vec<String> = tables.iter().map(|t| quote(t)).collect();
                let _ = writeln!(y, "    tables: [{}]", list.join(", "));
            }
        }
        y.push_str("\n# Which rules run, and where (see `speclint rules`).\nlint:\n  ignore: []\n");
        y
    }

    fn table(&self, y: &mut String, name: &str, t: &SqlTable) {
        let _ = writeln!(y, "    {}:\n      owner: app", quote(name));
        if !t.columns.is_empty() {
            y.push_str("      columns:\n");
        }
        for c in &t.columns {
            let mut fields = vec![
                format!("name: {}", quote(&c.name)),
                format!("type: {}", quote(&c.data_type)),
            ];
            if c.primary_key || t.primary_key == [c.name.clone()] {
                fields.push("primary_key: true".into());
            }
            if c.unique {
                fields.push("unique: true".into());
            }
            if c.not_null {
                fields.push("not_null: true".into());
            }
            if let Some(default) = &c.default {
                fields.push(format!("default: {}", quote(default)));
            }
            let _ = writeln!(y, "        - {{ {} }}", fields.join(", "));
        }
        if !t.foreign_keys.is_empty() {
            y.push_str("      foreign_keys:\n");
        }
        for fk in &t.foreign_keys {
            let mut fields = vec![
                format!("columns: [{}]", list(&fk.columns)),
                format!("references: {}", quote(&fk.references)),
                format!("ref_columns: [{}]", list(&fk.ref_columns)),
            ];
            if let Some(on_delete) = &fk.on_delete {
                fields.push(format!("on_delete: {}", quote(on_delete)));
            }
            let _ = writeln!(y, "        - {{ {} }}", fields.join(", "));
        }
        let indexes: Vec<_> = self.indexes.iter().filter(|i| i.table == name).collect();
        if !indexes.is_empty() {
            y.push_str("      indexes:\n");
        }
        for i in indexes {
            let unique = if i.unique { ", unique: true" } else { "" };
            let _ = writeln!(
                y,
                "        - {{ name: {}, columns: [{}]{unique} }}",
                quote(&i.name),
                list(&i.columns)
            );
        }
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// "Next.js Frontend" → "next-js-frontend".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
}

fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        assert_eq!(slug("Next.js Frontend"), "next-js-frontend");
        assert_eq!(slug("  (!) "), "x");
        assert_eq!(unique("a", |id| id == "a" || id == "a-2"), "a-3");
    }
}
