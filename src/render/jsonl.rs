//! `--format json-lines`: one JSON object per diagnostic and line, the shape of a
//! `--format json` diagnostic. Streams well and greps well; there is no summary
//! line, so an empty output means nothing was found.

use std::io::{self, Write};

use crate::check::FileReport;

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            serde_json::to_writer(&mut *out, &super::json::diagnostic(r, d))?;
            writeln!(out)?;
        }
    }
    Ok(())
}
