//! `--statistics`: how many findings each rule raised, most first, in place of the
//! findings themselves (as ruff's `--statistics`): the view for triaging a backlog.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::check::FileReport;
use crate::rules::Rule;

pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut counts: BTreeMap<Rule, (usize, usize)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let c = counts.entry(d.rule).or_default();
        c.0 += 1;
        if d.fix.is_some() {
            c.1 += 1;
        }
    }
    let mut rows: Vec<(Rule, usize, usize)> =
        counts.into_iter().map(|(r, (n, f))| (r, n, f)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows
        .iter()
        .map(|r| r.1.to_string().len())
        .max()
        .unwrap_or(1);
    for (rule, n, fixable) in rows {
        let mark = if fixable > 0 { "[*]" } else { "   " };
        writeln!(
            out,
            "{n:>width$}  {}  {mark}  {:<8} {}",
            rule.code(),
            rule.severity().as_str(),
            rule.name()
        )?;
    }
    Ok(())
}
