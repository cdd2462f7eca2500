//! `speclint inspect PATH`: what speclint extracted from one spec.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use speclint::document::Document;
use speclint::extract::Extracts;
use speclint::model::Names;
use speclint::render::inspect::inspect;
use speclint::render::sanitize::for_terminal;
use speclint::workspace;

use super::load;
use crate::cli::{ListFormat, ModelArg};

pub fn run(path: &Path, model: &ModelArg, format: ListFormat) -> Result<ExitCode> {
    let loaded = load(model)?;
    let shown = path.display().to_string();
    let limit = workspace::DEFAULT_MAX_FILE_SIZE;
    let (text, _) = workspace::decode(workspace::read_limited(path, &shown, limit)?);
    let doc = Document::parse(text);
    let names = Names::new(&loaded.model);
    let rel = workspace::model_relative(path, &loaded.dir);
    let flows = loaded
        .model
        .document(&rel)
        .map(|e| e.flows.clone())
        .unwrap_or_default();
    let extracts = Extracts::build(&doc, &loaded.model, &names, &flows);
    let report = inspect(&shown, &doc, &extracts, &loaded.model);
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ListFormat::Human => out.write_all(for_terminal(&report.to_text()).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
