//! `speclint render`: print what the model generates.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use speclint::generate::{self, DrawStyle};

use super::load;
use crate::cli::{ModelArg, RenderWhat, StyleArg};

pub fn run(what: RenderWhat, model: &ModelArg) -> Result<ExitCode> {
    let loaded = load(model)?;
    let model = &loaded.model;
    let text = match what {
        RenderWhat::Diagram { flow, style } => {
            let style = match style {
                StyleArg::Unicode => DrawStyle::Unicode,
                StyleArg::Ascii => DrawStyle::Ascii,
                StyleArg::Mermaid => DrawStyle::Mermaid,
            };
            generate::render_diagram(model, &flow, style)?
        }
        RenderWhat::Section { id, document } => {
            let entries = model.documents.iter().filter(|d| {
                document.as_deref().is_none_or(|want| {
                    speclint::model::normalize_rel(want) == speclint::model::normalize_rel(&d.path)
                })
            });
            let entries: Vec<_> = entries.collect();
            // By id; else by generator (`schema`), the first section it renders.
            let found = entries
                .iter()
                .find_map(|e| e.sections.iter().find(|s| s.id == id))
                .or_else(|| {
                    entries
                        .iter()
                        .find_map(|e| e.sections.iter().find(|s| s.render == id))
                });
            let Some(spec) = found else {
                let known: Vec<&str> = model
                    .documents
                    .iter()
                    .flat_map(|d| d.sections.iter().map(|s| s.id.as_str()))
                    .collect();
                bail!(
                    "no section `{id}` in the model's documents (sections: {})",
                    known.join(", ")
                );
            };
            generate::render_section(model, spec, 2)?
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
