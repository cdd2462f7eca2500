//! Human output: rustc-style snippets (annotate-snippets) and a summary line.

use std::io::{self, Write};

use annotate_snippets::Renderer;

use super::sanitize::{for_terminal, one_line};
use super::snippet::Plain;
use super::{HumanOptions, Summary};
use crate::check::FileReport;
use crate::diagnostic::Applicability;
use crate::span::{ceil_char_boundary, floor_char_boundary};

/// The snippet shows at most this many lines of a long span.
const MAX_SNIPPET_LINES: usize = 12;

pub(super) fn write(
    reports: &[FileReport],
    opts: HumanOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_diagnostics(reports, opts, out)?;
    write_summary(reports, out)
}

/// Each finding with its snippet, without the summary.
pub(super) fn write_diagnostics(
    reports: &[FileReport],
    opts: HumanOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Laying out snippets is a sizeable share of a run with many findings: files are
    // rendered on every core, a chunk at a time (so memory stays bounded), and
    // written in order.
    for chunk in reports.chunks(RENDER_CHUNK) {
        let rendered = crate::parallel::map(chunk, |r| render_file(r, &renderer, opts.color));
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// Files rendered at once by [`write_diagnostics`].
const RENDER_CHUNK: usize = 256;

/// Every diagnostic of one file, as the terminal shows it.
fn render_file(r: &FileReport, renderer: &Renderer, color: bool) -> String {
    let mut out = String::new();
    for d in &r.diagnostics {
        let doc = &r.doc;
        // Only the lines around the span go to the renderer: whole files would make
        // every diagnostic cost as much as the file.
        let first = doc.lines.line_of(d.span.start);
        let last = doc
            .lines
            .line_of(d.span.end.saturating_sub(1).max(d.span.start))
            .min(first + MAX_SNIPPET_LINES - 1);
        let from = doc.lines.line_start(first);
        let to = doc.lines.line_span(&doc.text, last).end.max(from);
        let source = for_terminal(doc.text.get(from..to).unwrap_or(""));
        let path = for_terminal(&r.path);
        // Rules give spans on character boundaries (the check fuzz target holds
        // them to it); should one not be, it widens to whole characters here
        // rather than take the renderer down.
        let start = floor_char_boundary(&source, d.span.start.clamp(from, to) - from);
        let end = ceil_char_boundary(&source, d.span.end.clamp(from, to) - from);
        let message = one_line(&d.message);
        let help = d.fix.as_ref().map(|fix| {
            let kind = match fix.applicability {
                Applicability::Safe => "fix",
                Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
                Applicability::DisplayOnly => "suggestion",
            };
            format!("{kind}: {}", one_line(&fix.title))
        });
        let finding = Plain {
            severity: d.severity,
            code: d.rule.code(),
            title: &message,
            path: &path,
            line_number: first + 1,
            line: &source,
            start,
            end,
            label: d.rule.name(),
            help: help.as_deref(),
        };
        // Colour and spans over several lines are annotate-snippets' alone.
        if color || first != last || !finding.write(&mut out) {
            out.push_str(&renderer.render(&finding.groups()));
        }
        out.push_str("\n\n");
    }
    out
}

/// The closing line: counts by severity, and how many `speclint fix` can fix.
pub(super) fn write_summary(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(reports);
    let fixable = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.fix.is_some())
        .count();
    let files = plural(s.files, "file");
    if s.errors + s.warnings + s.infos == 0 {
        return writeln!(out, "All checks passed ({files}).");
    }
    let mut counts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        counts.push(plural(s.infos, "info"));
    }
    write!(out, "Found {} in {files}", counts.join(", "))?;
    if fixable > 0 {
        write!(out, " ({fixable} fixable with `speclint fix`)")?;
    }
    writeln!(out, ".")
}

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use annotate_snippets::Renderer;

    use crate::check::FileReport;
    use crate::diagnostic::Diagnostic;
    use crate::document::Document;
    use crate::rules::Rule;
    use crate::span::Span;

    /// A span that splits a character (no rule gives one) widens to the whole
    /// character instead of panicking in the renderer.
    #[test]
    fn a_span_inside_a_character_widens_to_it() {
        let text = "# T\n\nsecret = \"KÉY\"\n";
        let at = text.find('É').unwrap();
        for (start, end) in [(at + 1, at + 2), (at - 1, at + 1), (at + 1, text.len() + 9)] {
            let report = FileReport {
                path: "x.md".into(),
                doc: Document::parse(text),
                diagnostics: vec![Diagnostic::new(
                    Rule::SecretEnvMismatch,
                    Span::new(start, end),
                    "m",
                )],
                facts: Default::default(),
            };
            let out = super::render_file(&report, &Renderer::plain(), false);
            assert!(out.contains("secret = \"KÉY\""), "{out}");
            assert!(out.contains('^'), "{out}");
        }
    }
}
