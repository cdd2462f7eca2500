//! C005 missing-cors: no CORS configuration example, or one without credentials.

use crate::diagnostic::Diagnostic;
use crate::extract::CodeExample;
use crate::extract::python::ExprKind;
use crate::extract::script::Kind;
use crate::model::SectionSpec;
use crate::rules::code::libs;
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

/// Whether a code example configures CORS and, if so, whether it allows credentials:
/// Python through its parsed calls (`CORSMiddleware` with `allow_credentials=True`),
/// scripts through their lexemes (`cors(...)` with `credentials: true`).
fn cors_example(ctx: &Context, ex: &CodeExample) -> Option<bool> {
    if let Some(read) = ctx.extracts.python_of(ex.block) {
        let mut calls = read.calls.iter().filter(|c| libs::is_cors(c)).peekable();
        calls.peek()?;
        return Some(calls.any(|c| {
            c.keyword("allow_credentials")
                .is_some_and(|k| k.value.kind == ExprKind::Bool(true))
        }));
    }
    let script = ctx.extracts.script_of(ex.block)?;
    let cors = script
        .lexemes
        .iter()
        .any(|x| x.kind == Kind::Ident && x.text.to_lowercase().contains("cors"));
    if !cors {
        return None;
    }
    Some(
        script
            .settings("credentials")
            .chain(script.settings("allowcredentials"))
            .any(|(_, v)| v.kind == Kind::Ident && v.text == "true"),
    )
}

/// The `cors` sections of the document's entry that no example configuring CORS
/// with credentials satisfies, each with the first CORS example (one without
/// credentials), if there is one.
fn unmet<'a>(ctx: &Context<'a>) -> Vec<(&'a SectionSpec, Option<&'a CodeExample>)> {
    let Some(entry) = ctx.entry else {
        return Vec::new();
    };
    let mut specs = entry
        .sections
        .iter()
        .filter(|s| s.render == "cors")
        .peekable();
    if specs.peek().is_none() {
        return Vec::new();
    }
    let examples: Vec<(bool, &CodeExample)> = ctx
        .extracts
        .code
        .iter()
        .filter_map(|ex| cors_example(ctx, ex).map(|c| (c, ex)))
        .collect();
    if examples.iter().any(|(credentials, _)| *credentials) {
        return Vec::new();
    }
    let first = examples.first().map(|(_, ex)| *ex);
    specs.map(|spec| (spec, first)).collect()
}

/// Whether [`check`] reports anything, without building its findings and fixes.
pub(crate) fn reports(ctx: &Context) -> bool {
    !unmet(ctx).is_empty()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (spec, example) in unmet(ctx) {
        let diagnostic = match example {
            Some(ex) => {
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
    use crate::model::Model;
    use crate::rules::context::with_context;

    fn read(lang: &str, code: &str) -> Option<bool> {
        let markdown = format!("```{lang}\n{code}\n```\n");
        with_context(&Model::default(), markdown, |ctx| {
            cors_example(ctx, ctx.extracts.code.first()?)
        })
    }

    #[test]
    fn recognises_cors_examples() {
        assert_eq!(
            read(
                "python",
                "app.add_middleware(CORSMiddleware, allow_credentials = True)"
            ),
            Some(true)
        );
        assert_eq!(
            read(
                "python",
                "app.add_middleware(CORSMiddleware)  # allow_credentials=True"
            ),
            Some(false),
            "a comment is not configuration"
        );
        assert_eq!(
            read("ts", "app.use(cors({ origin: x, credentials: true }))"),
            Some(true)
        );
        assert_eq!(read("python", "print(1)"), None);
        assert_eq!(read("python", "cors = 'CORSMiddleware'"), None);
    }
}
