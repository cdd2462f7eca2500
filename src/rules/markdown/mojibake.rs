//! M001 mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1 and saved
//! again ("â”€" for "─").

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::encoding::{Mojibake, find_mojibake};
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports text that is UTF-8 decoded as Windows-1252 (or Latin-1) and saved again: \"â”€\" for \"─\", \"âœ…\" for \"✅\", \"ðŸ”´\" for \"🔴\". Windows-1252 has no character for five bytes, so real damage also loses bytes (\"┐\" arrives as \"â”\"); those are restored from context where only one character fits, and reported as unrepairable otherwise.",
    why: "Damaged text is unreadable, and damaged diagrams cannot be read at all: every box and arrow is three characters of noise, so no other diagram rule can check them.",
    wrong: "â”‚ 1. POST /api/auth/signin â”‚",
    right: "│ 1. POST /api/auth/signin │",
    fix: Some(
        "Restores the original characters, one line per fix (safe: it puts back what the author wrote).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let runs = find_mojibake(&ctx.doc.text);
    // One finding per line: a damaged diagram has hundreds of runs.
    let mut i = 0;
    while i < runs.len() {
        let line = ctx.doc.lines.line_of(runs[i].span.start);
        let mut j = i;
        while j < runs.len() && ctx.doc.lines.line_of(runs[j].span.start) == line {
            j += 1;
        }
        report_line(ctx, &runs[i..j], out);
        i = j;
    }
}

fn report_line(ctx: &Context, runs: &[Mojibake], out: &mut Vec<Diagnostic>) {
    let span = runs
        .iter()
        .map(|r| r.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    let repairable: Vec<&Mojibake> = runs.iter().filter(|r| r.repaired.is_some()).collect();
    let doubtful: Vec<&Mojibake> = runs.iter().filter(|r| r.repaired.is_none()).collect();
    let first = &runs[0];
    let mut message = match &first.repaired {
        Some(fixed) => format!(
            "mojibake: \"{}\" is \"{fixed}\" decoded as Windows-1252",
            ctx.doc.slice(first.span)
        ),
        None => format!(
            "mojibake: \"{}\" is UTF-8 decoded as Windows-1252",
            ctx.doc.slice(first.span)
        ),
    };
    if runs.len() > 1 {
        message.push_str(&format!(" (and {} more on this line)", runs.len() - 1));
    }
    for d in &doubtful {
        let options: String = d
            .candidates
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        message.push_str(&format!(
            "; \"{}\" lost {} byte{} and could be any of {options}: not repaired",
            ctx.doc.slice(d.span),
            d.lost_bytes,
            if d.lost_bytes == 1 { "" } else { "s" }
        ));
    }
    let fix = (!repairable.is_empty()).then(|| {
        let edits = repairable
            .iter()
            .filter_map(|r| {
                r.repaired
                    .as_ref()
                    .map(|t| Edit::replace(r.span, t.clone()))
            })
            .collect();
        let title = if doubtful.is_empty() {
            "Restore the original characters"
        } else {
            "Restore the characters that can be recovered"
        };
        Fix::safe(title, edits)
    });
    out.push(Diagnostic::new(Rule::Mojibake, span, message).with_fix(fix));
}
