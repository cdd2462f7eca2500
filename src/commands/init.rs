//! `speclint init`: reads the specs, drafts speclint.yaml (see `speclint::init`),
//! and writes it beside `speclint.schema.json`, the schema its first line names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use speclint::init::{Source, draft};
use speclint::workspace;

/// The schema file init writes beside the model, for editors.
const SCHEMA_FILE: &str = "speclint.schema.json";

pub fn run(paths: &[PathBuf], output: &Path, force: bool) -> Result<ExitCode> {
    let to_stdout = output == Path::new("-");
    if !to_stdout && output.exists() && !force {
        bail!("{} exists; pass --force to overwrite it", output.display());
    }
    let dir = if to_stdout {
        std::env::current_dir().context("cannot read the current folder")?
    } else {
        match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let paths = if paths.is_empty() {
        search(&dir)?
    } else {
        paths.to_vec()
    };
    for p in &paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
    }
    let (files, errors) = workspace::discover(&paths, &dir);
    if let Some(e) = errors.first() {
        bail!("{e}");
    }
    let mut sources = Vec::with_capacity(files.len());
    for f in files {
        let (text, _) = workspace::read_text(&f.fs_path)
            .with_context(|| format!("cannot read {}", f.display))?;
        sources.push(Source {
            path: f.model_path,
            text,
        });
    }
    let drafted = draft(&sources, SCHEMA_FILE);
    for note in &drafted.notes {
        eprintln!("speclint: DECIDE: {note}");
    }
    let yaml = drafted.yaml;
    if to_stdout {
        std::io::stdout().lock().write_all(yaml.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let schema = serde_json::to_string_pretty(&speclint::model::json_schema())? + "\n";
    let schema_path = dir.join(SCHEMA_FILE);
    std::fs::write(&schema_path, schema)
        .with_context(|| format!("cannot write {}", schema_path.display()))?;
    std::fs::write(output, yaml).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "speclint: wrote {} from {} spec(s); edit the lines marked DECIDE, then run `speclint check`",
        output.display(),
        sources.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// What a bare `speclint init` reads: every `specs` folder of the repository, or,
/// when it has none, its Markdown files other than README-like ones.
fn search(root: &Path) -> Result<Vec<PathBuf>> {
    let folders = workspace::find_spec_folders(root);
    if !folders.is_empty() {
        return Ok(folders);
    }
    let files = workspace::find_markdown_outside_specs(root);
    if files.is_empty() {
        bail!(
            "{}: no folder named `specs` and no Markdown file (other than README-like ones) in it or below it; name the specs: speclint init PATH...",
            root.display()
        );
    }
    eprintln!(
        "speclint: no folder named `specs` under {}; drafting from its {} other Markdown file(s)",
        root.display(),
        files.len()
    );
    Ok(files)
}
