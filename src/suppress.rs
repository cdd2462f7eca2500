//! Inline suppressions: HTML comments that silence findings where a person decided
//! the finding does not apply, in the manner of markdownlint's comments.
//!
//! ```markdown
//! <!-- speclint-disable D001 S -->   ... <!-- speclint-enable D001 S -->
//! <!-- speclint-disable-next-line D005 -->
//! <!-- speclint-disable-file M003 -->
//! ```
//!
//! No codes means every rule. Codes are codes, names or family letters, separated
//! by spaces or commas. Applied after the rules ran, so a directive that silenced
//! nothing is known and reported (M004): stale suppressions hide the next real
//! finding at that place.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Rule;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    File,
}

/// One suppression comment, read.
#[derive(Clone, Debug)]
struct Directive {
    kind: Kind,
    /// `None`: every rule.
    rules: Option<Vec<Rule>>,
    /// Names that are no rule.
    unknown: Vec<String>,
    /// The comment.
    span: Span,
    /// The text it covers.
    covers: Span,
}

/// Removes suppressed findings from `diagnostics`. When `report_unused`, adds an
/// M004 finding for each directive (or code in one) that suppressed nothing among
/// the rules that ran (`ran`), and for each name that is no rule.
pub fn apply(
    doc: &Document,
    diagnostics: Vec<Diagnostic>,
    ran: &[Rule],
    report_unused: bool,
) -> Vec<Diagnostic> {
    let directives = directives(doc);
    if directives.is_empty() {
        return diagnostics;
    }
    // used[i][j]: directive i's rule j (or, for "every rule", index 0) suppressed something.
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.as_ref().map_or(1, Vec::len)])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diag in diagnostics {
        let mut suppressed = false;
        for (i, d) in directives.iter().enumerate() {
            if d.kind == Kind::Enable || !covers(d.covers, diag.span.start) {
                continue;
            }
            match &d.rules {
                None => {
                    used[i][0] = true;
                    suppressed = true;
                }
                Some(rules) => {
                    if let Some(j) = rules.iter().position(|r| *r == diag.rule) {
                        used[i][j] = true;
                        suppressed = true;
                    }
                }
            }
        }
        if !suppressed {
            kept.push(diag);
        }
    }
    if report_unused {
        for (i, d) in directives.iter().enumerate() {
            for name in &d.unknown {
                kept.push(Diagnostic::new(
                    Rule::UnusedSuppression,
                    d.span,
                    format!("`{name}` in this suppression is no rule"),
                ));
            }
            if d.kind == Kind::Enable {
                continue;
            }
            let unused: Vec<&str> = match &d.rules {
                None if !used[i][0] => vec!["any rule"],
                None => Vec::new(),
                Some(rules) => rules
                    .iter()
                    .zip(&used[i])
                    .filter(|(r, u)| !**u && ran.contains(r))
                    .map(|(r, _)| r.code())
                    .collect(),
            };
            if !unused.is_empty() {
                kept.push(Diagnostic::new(
                    Rule::UnusedSuppression,
                    d.span,
                    format!(
                        "this suppression silences nothing: no {} finding here",
                        unused.join(", ")
                    ),
                ));
            }
        }
        kept.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
    }
    kept
}

/// A range covers the offsets from its start to its end; an empty document's file
/// range covers offset 0.
fn covers(range: Span, offset: usize) -> bool {
    range.contains(offset) || (range.end == offset && range.start <= offset)
}

/// The document's suppression comments, with the text each covers.
fn directives(doc: &Document) -> Vec<Directive> {
    let mut out: Vec<Directive> = doc
        .comments
        .iter()
        .filter_map(|c| read(doc, c.span, &c.body))
        .collect();
    // A disable range ends at the first later enable naming every rule or one of its rules.
    for i in 0..out.len() {
        if out[i].kind != Kind::Disable {
            continue;
        }
        let end = out[i + 1..]
            .iter()
            .find(|e| {
                e.kind == Kind::Enable
                    && match (&e.rules, &out[i].rules) {
                        (None, _) | (_, None) => true,
                        (Some(a), Some(b)) => a.iter().any(|r| b.contains(r)),
                    }
            })
            .map_or(doc.text.len(), |e| e.span.start);
        out[i].covers = Span::new(out[i].span.end, end);
    }
    out
}

fn read(doc: &Document, span: Span, body: &str) -> Option<Directive> {
    let rest = body.trim().strip_prefix("speclint-")?;
    let (kind, rest) = [
        ("disable-next-line", Kind::NextLine),
        ("disable-file", Kind::File),
        ("disable", Kind::Disable),
        ("enable", Kind::Enable),
    ]
    .into_iter()
    .find_map(|(word, kind)| {
        let after = rest.strip_prefix(word)?;
        (after.is_empty() || after.starts_with(char::is_whitespace)).then_some((kind, after))
    })?;
    let names: Vec<String> = rest
        .split([',', ' ', '\t', '\n', '\r'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let (rules, unknown) = if names.is_empty() {
        (None, Vec::new())
    } else {
        let mut rules = Vec::new();
        let mut unknown = Vec::new();
        for name in names {
            match Rule::select(std::slice::from_ref(&name)) {
                Ok(found) => rules.extend(found),
                Err(_) => unknown.push(name),
            }
        }
        rules.dedup();
        (Some(rules), unknown)
    };
    let covers = match kind {
        Kind::File => Span::new(0, doc.text.len()),
        Kind::NextLine => {
            let next = doc
                .lines
                .line_of(span.end.saturating_sub(1).max(span.start))
                + 1;
            if next < doc.lines.line_count() {
                let line = doc.lines.line_span(&doc.text, next);
                Span::new(line.start, line.end + 1)
            } else {
                Span::empty(doc.text.len())
            }
        }
        // Disable ranges are closed once every directive is read.
        Kind::Disable | Kind::Enable => Span::empty(span.end),
    };
    Some(Directive {
        kind,
        rules,
        unknown,
        span,
        covers,
    })
}
