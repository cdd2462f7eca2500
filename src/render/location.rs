//! Spans → 1-based lines and character columns, the only place output formats get
//! positions from.

use crate::check::FileReport;
use crate::diagnostic::Diagnostic;

/// A diagnostic's start and end as lines and character columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Located {
    pub fn of(report: &FileReport, d: &Diagnostic) -> Self {
        let start = report.doc.line_col(d.span.start);
        let end = report.doc.line_col(d.span.end);
        Located {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}
