//! Reports: diagnostics rendered for people (human), programs (json) and CI
//! systems (github). Each format is one module; all read the same [`FileReport`]s.
//!
//! Renderers write to a `dyn Write` they are given; the library never prints.

mod github;
mod human;
pub mod inspect;
mod json;
mod location;
pub mod sanitize;

use std::io::{self, Write};

use crate::check::FileReport;
use crate::diagnostic::Severity;

pub use location::Located;

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// How human output looks.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    pub color: bool,
}

/// Counts over a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

pub fn write_report(
    format: Format,
    reports: &[FileReport],
    human: HumanOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(reports, human, out),
        Format::Json => json::write(reports, out),
        Format::Github => github::write(reports, out),
    }
}
