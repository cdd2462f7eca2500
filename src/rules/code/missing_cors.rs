//! C005 missing-cors: no CORS configuration example, or one without credentials.

use crate::diagnostic::Diagnostic;
use crate::rules::sections::{anchor_span, insert_section, present};
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a document whose model entry has a `cors` section when it shows no CORS configuration example, or shows one that does not allow credentials (`allow_credentials=True`, `credentials: true`).",
    why: "The browser sends the auth cookie cross-origin only when the API allows credentials. Without it every authenticated call from the frontend fails, and teams \"fix\" it by moving tokens into places scripts can read.",
    wrong: "app.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:3000\"])",
    right: "app.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:3000\"], allow_credentials=True)",
    fix: Some(
        "Inserts the CORS section rendered from the model when there is no CORS example (safe).",
    ),
};

/// Whether `code` without its whitespace, lower-cased, holds "cors": what
/// [`cors_example`] looks for first, without building the squashed copy. Only ASCII
/// letters lower-case to `c`, `o`, `r` and `s`.
fn mentions_cors(code: &str) -> bool {
    const WORD: &[u8] = b"cors";
    let mut matched = 0;
    for c in code.chars().filter(|c| !c.is_whitespace()) {
        let c = c.to_ascii_lowercase();
        if c as u32 == u32::from(WORD[matched]) {
            matched += 1;
            if matched == WORD.len() {
                return true;
            }
        } else {
            matched = usize::from(c == 'c');
        }
    }
    false
}

/// A code example configures CORS and whether it allows credentials.
fn cors_example(code: &str) -> Option<bool> {
    if !mentions_cors(code) {
        return None;
    }
    let squashed: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if !squashed.contains("cors") {
        return None;
    }
    let credentials = [
        "allow_credentials=true",
        "credentials:true",
        "allowcredentials(true)",
        "allow_credentials:true",
    ];
    Some(credentials.iter().any(|c| squashed.contains(c)))
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.entry else { return };
    for spec in entry.sections.iter().filter(|s| s.render == "cors") {
        let examples: Vec<(bool, &crate::extract::CodeExample)> = ctx
            .extracts
            .code
            .iter()
            .filter_map(|ex| cors_example(ctx.doc.slice(ex.content)).map(|c| (c, ex)))
            .collect();
        if examples.iter().any(|(credentials, _)| *credentials) {
            continue;
        }
        let diagnostic = match examples.first() {
            Some((_, ex)) => {
                let span = ctx.doc.code_blocks[ex.block].content;
                let first = ctx.doc.lines_in(span).next().map_or(span, |(_, s)| s);
                Diagnostic::new(
                    Rule::MissingCors,
                    first,
                    "this CORS configuration does not allow credentials (allow_credentials=True)",
                )
            }
            None => {
                let fix = if present(ctx, spec) {
                    None
                } else {
                    insert_section(ctx, spec)
                };
                Diagnostic::new(
                    Rule::MissingCors,
                    anchor_span(ctx, spec),
                    "no CORS configuration example with allow_credentials=True",
                )
                .with_fix(fix)
            }
        };
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::cors_example;

    #[test]
    fn recognises_cors_examples() {
        assert_eq!(
            cors_example("app.add_middleware(CORSMiddleware, allow_credentials = True)"),
            Some(true)
        );
        assert_eq!(
            cors_example("app.use(cors({ origin: x, credentials: true }))"),
            Some(true)
        );
        assert_eq!(
            cors_example("app.add_middleware(CORSMiddleware)"),
            Some(false)
        );
        assert_eq!(cors_example("print(1)"), None);
        assert_eq!(cors_example("C o\nR S"), Some(false));
        assert_eq!(cors_example("ccors"), Some(false));
        assert_eq!(cors_example("cor s x"), Some(false));
        assert_eq!(cors_example("co rx s"), None);
    }
}
