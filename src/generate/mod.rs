//! Generators: text rendered from the model that the fix engine splices into specs.
//!
//! Every function here is pure: the same model gives the same bytes, so a fix that
//! regenerates a section twice changes nothing the second time. Nothing is printed;
//! every problem with the model is a [`GenerateError`] naming the id at fault and the
//! ids that exist.
//!
//! - [`render_diagram`]: a flow as a sequence diagram (box drawing, ASCII, Mermaid).
//! - [`render_section`]: a whole Markdown section, chosen by the section's `render`:
//!   `schema`, `jwt-verification`, `cors` or `diagram`.

mod cache;
mod cors;
mod diagram;
mod jwt;
mod markdown;
mod mermaid;
mod schema;
mod sql;
mod text;

use crate::model::{Model, SectionSpec};

pub use cache::Rendered;
pub use cors::render_cors_section;
pub use jwt::{JwtOptions, render_jwt_section};
pub use schema::render_schema_section;
pub use sql::Dialect;

/// How a sequence diagram is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DrawStyle {
    /// Box-drawing characters: `┌──┐`, `│`, `├──→│`, `│←──┤`, `┴`, `┼`.
    Unicode,
    /// The same layout in ASCII: `+--+`, `|`, `+-->|`, `|<--+`, `+`.
    Ascii,
    /// A Mermaid `sequenceDiagram`.
    Mermaid,
}

/// The section kinds [`render_section`] knows, as written in a section's `render:`.
pub const SECTION_KINDS: &[&str] = &["schema", "jwt-verification", "cors", "diagram"];

/// Why a generator could not render. Each message names the offending id and, where
/// there is a list to choose from, what exists.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GenerateError {
    #[error("unknown flow `{id}` ({})", defined("flow", known))]
    UnknownFlow { id: String, known: Vec<String> },
    #[error("flow `{flow}` has no steps to draw")]
    EmptyFlow { flow: String },
    #[error(
        "flow `{flow}` step {step}: unknown component `{id}` ({})",
        defined("component", known)
    )]
    UnknownComponent {
        flow: String,
        step: usize,
        id: String,
        known: Vec<String>,
    },
    #[error("flow `{flow}` step {step}: {problem}")]
    InvalidStep {
        flow: String,
        step: usize,
        problem: String,
    },
    #[error("unknown token `{id}` ({})", defined("token", known))]
    UnknownToken { id: String, known: Vec<String> },
    #[error("section `{section}` renders `{kind}` but names no token (add `token:`)")]
    MissingToken { section: String, kind: String },
    #[error("token `{token}` cannot be verified: {problem}")]
    UnverifiableToken { token: String, problem: String },
    #[error("the model has no `schema`, so section `{section}` has no tables to render")]
    NoSchema { section: String },
    #[error("unknown table `{id}` ({})", defined("table", known))]
    UnknownTable { id: String, known: Vec<String> },
    #[error(
        "table `{table}` is owned by unknown owner `{id}` ({})",
        defined("owner", known)
    )]
    UnknownOwner {
        table: String,
        id: String,
        known: Vec<String>,
    },
    #[error("table `{table}`: {problem}")]
    InvalidTable { table: String, problem: String },
    #[error(
        "section `{section}` renders unknown kind `{kind}` ({})",
        defined("section kind", known)
    )]
    UnknownSectionKind {
        section: String,
        kind: String,
        known: Vec<String>,
    },
    #[error("section `{section}`: {problem}")]
    InvalidSection { section: String, problem: String },
    #[error(
        "heading level {level} is out of range: this section needs levels {level} to {deepest}, and Markdown stops at 6"
    )]
    HeadingLevel { level: u8, deepest: u8 },
}

/// "defined: a, b" or "no flow is defined": the tail of every unknown-id message.
fn defined(kind: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!("no {kind} is defined")
    } else {
        format!("defined: {}", known.join(", "))
    }
}

/// The ids of an id-keyed map, for error messages.
fn ids<V>(map: &indexmap::IndexMap<String, V>) -> Vec<String> {
    map.keys().cloned().collect()
}

/// The lines of a flow's diagram, without the surrounding code fence, ending in '\n'.
pub fn render_diagram(
    model: &Model,
    flow_id: &str,
    style: DrawStyle,
) -> Result<String, GenerateError> {
    let flow = model
        .flows
        .get(flow_id)
        .ok_or_else(|| GenerateError::UnknownFlow {
            id: flow_id.to_string(),
            known: ids(&model.flows),
        })?;
    let plan = diagram::Plan::new(model, flow_id, flow)?;
    Ok(match style {
        DrawStyle::Unicode => diagram::draw(&plan, &diagram::UNICODE),
        DrawStyle::Ascii => diagram::draw(&plan, &diagram::ASCII),
        DrawStyle::Mermaid => mermaid::draw(&plan),
    })
}

/// A whole Markdown section: its heading at `level`, body and subsections (deeper
/// levels), ending in exactly one '\n'. The caller separates it from its neighbours.
pub fn render_section(
    model: &Model,
    section: &SectionSpec,
    level: u8,
) -> Result<String, GenerateError> {
    match section.render.as_str() {
        "schema" => {
            let schema = model
                .schema
                .as_ref()
                .ok_or_else(|| GenerateError::NoSchema {
                    section: section.id.clone(),
                })?;
            let tables: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
            render_schema_section(model, &tables, &section.title, level)
        }
        "jwt-verification" => {
            let token = section
                .token
                .as_deref()
                .ok_or_else(|| GenerateError::MissingToken {
                    section: section.id.clone(),
                    kind: section.render.clone(),
                })?;
            render_jwt_section(model, token, &section.title, level, &JwtOptions::default())
        }
        "cors" => render_cors_section(model, &section.title, &section.origins, level),
        "diagram" => render_diagram_section(model, section, level),
        other => Err(GenerateError::UnknownSectionKind {
            section: section.id.clone(),
            kind: other.to_string(),
            known: SECTION_KINDS.iter().map(|k| k.to_string()).collect(),
        }),
    }
}

/// The diagrams of the flows of the document that lists this section (every flow of
/// the model when no document lists it), one fenced block each; a subsection per
/// flow when there are several, so each block has its title.
fn render_diagram_section(
    model: &Model,
    section: &SectionSpec,
    level: u8,
) -> Result<String, GenerateError> {
    markdown::check_levels(level, 1)?;
    let document = model.documents.iter().find(|d| {
        d.sections
            .iter()
            .any(|s| s.id == section.id && s.render == section.render)
    });
    let flows: Vec<&str> = match document {
        Some(d) if !d.flows.is_empty() => d.flows.iter().map(String::as_str).collect(),
        _ => model.flows.keys().map(String::as_str).collect(),
    };
    if flows.is_empty() {
        return Err(GenerateError::InvalidSection {
            section: section.id.clone(),
            problem: "there is no flow to draw".to_string(),
        });
    }
    let mut out = markdown::Doc::new();
    out.heading(level, &section.title);
    for id in &flows {
        let body = render_diagram(model, id, DrawStyle::Unicode)?;
        if flows.len() > 1 {
            let title = model
                .flows
                .get(*id)
                .and_then(|f| f.title.as_deref())
                .unwrap_or(id);
            out.heading(level + 1, title);
        }
        out.fenced("", &body);
    }
    Ok(out.finish())
}

/// The shortest name a component goes by (its name or an alias), for headings such
/// as "Backend Access". On a tie, the one that ends the full name wins: in "FastAPI
/// Backend" the last word is what it is, the first only which one.
fn short_name(model: &Model, id: &str) -> String {
    let Some(comp) = model.components.get(id) else {
        return id.to_string();
    };
    let full = text::clean(&comp.name);
    let ends_name = |alias: &str| full.to_lowercase().ends_with(&alias.to_lowercase());
    std::iter::once(&comp.name)
        .chain(&comp.aliases)
        .map(|n| text::clean(n))
        .filter(|n| !n.is_empty())
        .min_by_key(|n| (text::width(n), !ends_name(n)))
        .unwrap_or_else(|| id.to_string())
}

/// A display name without its parenthetical: "Backend (SQLModel)" → "Backend"; how
/// a heading names an owner ("(Backend Managed)") and rules read it back.
pub fn without_parenthetical(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = text::clean(&out);
    if out.is_empty() {
        text::clean(name)
    } else {
        out
    }
}

/// "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Component;

    #[test]
    fn short_names_prefer_the_head_word() {
        let mut m = Model::default();
        m.components.insert(
            "backend".into(),
            Component {
                name: "FastAPI Backend".into(),
                aliases: vec!["FastAPI".into(), "Backend".into()],
                libraries: vec![],
            },
        );
        assert_eq!(short_name(&m, "backend"), "Backend");
        assert_eq!(short_name(&m, "nobody"), "nobody");
        assert_eq!(without_parenthetical("Backend (SQLModel)"), "Backend");
        assert_eq!(without_parenthetical("(x)"), "(x)");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
