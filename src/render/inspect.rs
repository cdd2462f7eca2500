//! `inspect`: what speclint extracted from a document, in the JSON shape of
//! design/cli.md (and a compact text form of the same).

use serde::Serialize;

use crate::document::Document;
use crate::extract::Extracts;
use crate::extract::diagram::StepKind;
use crate::model::Model;

#[derive(Serialize)]
pub struct Inspection {
    pub path: String,
    pub diagrams: Vec<InspectDiagram>,
    pub tables: Vec<InspectTable>,
    pub code_examples: Vec<InspectCode>,
    pub checklists: Vec<InspectTask>,
}

#[derive(Serialize)]
pub struct InspectDiagram {
    pub line: usize,
    pub flow: Option<String>,
    pub style: &'static str,
    pub participants: Vec<InspectParticipant>,
    pub steps: Vec<InspectStep>,
}

#[derive(Serialize)]
pub struct InspectParticipant {
    pub name: String,
    pub component: Option<String>,
    pub column: usize,
}

#[derive(Serialize)]
pub struct InspectStep {
    pub n: Option<u32>,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub text: String,
    pub line: usize,
    /// Which reading of the drawing decided the step (`label-above`, `relay`,
    /// `note-after-message`, ...).
    pub reading: &'static str,
}

#[derive(Serialize)]
pub struct InspectTable {
    pub name: String,
    pub line: usize,
    /// How the spec documents the table: `sql`, `field-table`, `field-list`,
    /// `python-class`.
    pub source: crate::extract::sql::TableSource,
    pub owner_claimed: Option<String>,
    pub columns: Vec<String>,
    pub foreign_keys: Vec<InspectForeignKey>,
}

#[derive(Serialize)]
pub struct InspectForeignKey {
    pub columns: Vec<String>,
    pub references: String,
    pub ref_columns: Vec<String>,
}

#[derive(Serialize)]
pub struct InspectCode {
    pub line: usize,
    pub lang: String,
    pub component: Option<String>,
}

#[derive(Serialize)]
pub struct InspectTask {
    pub line: usize,
    pub text: String,
    pub checked: bool,
}

pub fn inspect(path: &str, doc: &Document, extracts: &Extracts, model: &Model) -> Inspection {
    let line = |offset: usize| doc.line_col(offset).line;
    let diagrams = extracts
        .diagrams
        .iter()
        .map(|d| {
            // A participant is shown by component id when it has one, else as drawn.
            let who = |i: usize| {
                d.components
                    .get(i)
                    .cloned()
                    .flatten()
                    .or_else(|| d.diagram.participants.get(i).map(|p| p.name.clone()))
            };
            InspectDiagram {
                line: line(
                    doc.code_blocks
                        .get(d.block)
                        .map_or(d.diagram.span.start, |b| b.span.start),
                ),
                flow: d.flow.clone(),
                style: match d.diagram.style {
                    crate::extract::diagram::DiagramStyle::Unicode => "unicode",
                    crate::extract::diagram::DiagramStyle::Ascii => "ascii",
                    crate::extract::diagram::DiagramStyle::Mermaid => "mermaid",
                },
                participants: d
                    .diagram
                    .participants
                    .iter()
                    .zip(&d.components)
                    .map(|(p, c)| InspectParticipant {
                        name: p.name.clone(),
                        component: c.clone(),
                        column: p.column,
                    })
                    .collect(),
                steps: d
                    .diagram
                    .steps
                    .iter()
                    .map(|s| {
                        let (kind, from, to, at) = match s.kind {
                            StepKind::Message { from, to, .. } => {
                                ("message", who(from), who(to), None)
                            }
                            StepKind::Note { at } => ("note", None, None, who(at)),
                        };
                        InspectStep {
                            n: s.number,
                            kind,
                            from,
                            to,
                            at,
                            text: s.text.clone(),
                            line: line(s.span.start),
                            reading: s.reading.name(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let schema = model.schema.as_ref();
    let tables = extracts
        .tables()
        .map(|t| {
            let claim = extracts.claims.iter().find(|c| c.table == t.name);
            let owner_claimed = claim.and_then(|c| {
                schema
                    .and_then(|s| {
                        crate::rules::schema::owners_named(s, &c.owner.text)
                            .first()
                            .map(|o| o.to_string())
                    })
                    .or(Some(c.owner.text.clone()))
            });
            InspectTable {
                name: t.name.clone(),
                line: line(t.span.start),
                source: t.source,
                owner_claimed,
                columns: t.columns.iter().map(|c| c.name.clone()).collect(),
                foreign_keys: t
                    .foreign_keys
                    .iter()
                    .map(|f| InspectForeignKey {
                        columns: f.columns.clone(),
                        references: f.references.clone(),
                        ref_columns: f.ref_columns.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let code_examples = extracts
        .code
        .iter()
        .map(|c| InspectCode {
            line: line(doc.code_blocks[c.block].span.start),
            lang: c.lang.clone(),
            component: c.component.clone(),
        })
        .collect();
    let checklists = doc
        .tasks
        .iter()
        .map(|t| InspectTask {
            line: line(t.span.start),
            text: t.text.clone(),
            checked: t.checked,
        })
        .collect();
    Inspection {
        path: path.to_string(),
        diagrams,
        tables,
        code_examples,
        checklists,
    }
}

impl Inspection {
    /// A compact text listing for people.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.path);
        for d in &self.diagrams {
            let _ = writeln!(
                s,
                "diagram at line {} ({}), flow: {}",
                d.line,
                d.style,
                d.flow.as_deref().unwrap_or("none")
            );
            for p in &d.participants {
                let _ = writeln!(
                    s,
                    "  participant {:?} → {} (column {})",
                    p.name,
                    p.component.as_deref().unwrap_or("?"),
                    p.column
                );
            }
            for st in &d.steps {
                let n = st.n.map_or("-".to_string(), |n| n.to_string());
                let who = match (&st.from, &st.to, &st.at) {
                    (Some(f), Some(t), _) => format!("{f} → {t}"),
                    (_, _, Some(a)) => format!("at {a}"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    s,
                    "  {n:>2}. {:<7} {who}: {} (line {}, {})",
                    st.kind, st.text, st.line, st.reading
                );
            }
        }
        for t in &self.tables {
            let owner = t.owner_claimed.as_deref().unwrap_or("unclaimed");
            let _ = writeln!(
                s,
                "table {} at line {} ({}, {owner}): {}",
                t.name,
                t.line,
                t.source.label(),
                t.columns.join(", ")
            );
        }
        for c in &self.code_examples {
            let _ = writeln!(
                s,
                "code at line {}: {} ({})",
                c.line,
                c.lang,
                c.component.as_deref().unwrap_or("no component")
            );
        }
        for t in &self.checklists {
            let _ = writeln!(
                s,
                "task at line {}: [{}] {}",
                t.line,
                if t.checked { "x" } else { " " },
                t.text
            );
        }
        s
    }
}
