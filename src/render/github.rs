//! `--format github`: workflow commands that GitHub Actions turns into annotations.
//!
//! Escaping follows GitHub's runner: in data `%`, CR and LF; in properties also `:`
//! and `,`. Without it, a spec line holding "\n::set-env ..." could inject a command.

use std::io::{self, Write};

use super::{Located, Summary};
use crate::check::FileReport;
use crate::diagnostic::Severity;

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = Located::of(r, d);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&r.path),
                at.line,
                at.column,
                at.end_line,
                at.end_column,
                property(&format!("{} {}", d.rule.code(), d.rule.name())),
                data(&d.message),
            )?;
        }
    }
    let s = Summary::of(reports);
    writeln!(
        out,
        "speclint: {} errors, {} warnings, {} infos in {} files",
        s.errors, s.warnings, s.infos, s.files
    )
}

/// Escapes a command's message. The runner unescapes only `%25`, `%0D`, `%0A`
/// (and `%3A`, `%2C` in properties), so any other control character, an ANSI escape
/// that would repaint the log among them, is replaced rather than escaped.
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .chars()
        .map(|c| {
            if super::sanitize::is_hostile(c) {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// Escapes a command property's value.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_cannot_be_injected() {
        assert_eq!(data("50%\r\n::add-mask::x"), "50%25%0D%0A::add-mask::x");
        assert_eq!(property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(data("\u{1b}[2J\u{7}\u{202e}x"), "?[2J??x");
    }
}
