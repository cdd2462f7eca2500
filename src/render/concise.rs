//! `--output-format concise`: one line per finding, `path:line:col: CODE message`,
//! the shape editors and terminals turn into links (as ruff's concise output).

use std::io::{self, Write};

use super::Located;
use super::sanitize::one_line;
use crate::check::FileReport;

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = Located::of(r, d);
            let fix = if d.fix.is_some() { " [*]" } else { "" };
            writeln!(
                out,
                "{}:{}:{}: {}{fix} {} ({})",
                one_line(&r.path),
                at.line,
                at.column,
                d.rule.code(),
                one_line(&d.message),
                d.severity.as_str(),
            )?;
        }
    }
    Ok(())
}
