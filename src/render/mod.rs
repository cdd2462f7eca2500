//! Reports: diagnostics rendered for people (human, concise, statistics), programs
//! (json, json-lines) and CI systems (github, sarif, junit). Each format is one
//! module; all read the same [`FileReport`]s.
//!
//! Renderers write to a `dyn Write` they are given; the library never prints.

mod concise;
mod github;
mod human;
pub mod inspect;
mod json;
mod jsonl;
mod junit;
mod location;
pub mod sanitize;
pub mod sarif;
mod snippet;
mod statistics;

use std::io::{self, Write};

use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub use location::Located;

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
    JsonLines,
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
        Format::Sarif | Format::Junit | Format::JsonLines => {
            write_report_with(format, reports, &ReportOptions::new(human), out)
        }
    }
}

/// Everything a report may depend on besides the findings.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub human: HumanOptions,
    /// Human output: one line per finding instead of snippets.
    pub concise: bool,
    /// Human output: counts per rule instead of the findings.
    pub statistics: bool,
    /// Human output: no summary line.
    pub quiet: bool,
    /// The rules that ran (JUnit has a test case per file and rule); empty: all.
    pub rules: Vec<Rule>,
    /// Findings at or above this severity fail the run (and JUnit test cases).
    pub fail_on: Severity,
}

impl ReportOptions {
    pub fn new(human: HumanOptions) -> Self {
        ReportOptions {
            human,
            concise: false,
            statistics: false,
            quiet: false,
            rules: Vec::new(),
            fail_on: Severity::Error,
        }
    }
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions::new(HumanOptions::default())
    }
}

/// [`write_report`] with every option.
pub fn write_report_with(
    format: Format,
    reports: &[FileReport],
    opts: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => {
            if opts.statistics {
                statistics::write(reports, out)?;
            } else if opts.concise {
                concise::write(reports, out)?;
            } else {
                human::write_diagnostics(reports, opts.human, out)?;
            }
            if opts.quiet {
                return Ok(());
            }
            human::write_summary(reports, out)
        }
        Format::Sarif => sarif::write(reports, out),
        Format::Junit => junit::write(reports, opts, out),
        Format::JsonLines => jsonl::write(reports, out),
        Format::Json | Format::Github => write_report(format, reports, opts.human, out),
    }
}
