//! C006 cors-wildcard-credentials: a CORS example that allows every origin together
//! with credentials.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::python::ExprKind;
use crate::extract::script::Kind;
use crate::rules::code::libs;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a CORS configuration that allows origin `*` together with credentials: Starlette's `CORSMiddleware` with `allow_origins=[\"*\"]` and `allow_credentials=True`, or a script's `origin: \"*\"` with `credentials: true`.",
    why: "Browsers refuse credentials for the wildcard origin, so the configuration does not do what it says; and Starlette answers it by echoing whatever origin asks, which lets every site on the web call the API with the user's cookies. Each origin must be listed by name.",
    wrong: "app.add_middleware(CORSMiddleware, allow_origins=[\"*\"], allow_credentials=True)",
    right: "app.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:3000\"], allow_credentials=True)",
    fix: Some(
        "Replaces the origins with the ones the model's `cors` section lists for this document (unsafe: it rewrites the author's code).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let origins: Option<&[String]> = ctx.entry.and_then(|e| {
        e.sections
            .iter()
            .find(|s| s.render == "cors" && !s.origins.is_empty())
            .map(|s| s.origins.as_slice())
    });
    for read in &ctx.extracts.python {
        for call in read.calls.iter().filter(|c| libs::is_cors(c)) {
            let credentials = call
                .keyword("allow_credentials")
                .is_some_and(|k| k.value.kind == ExprKind::Bool(true));
            let Some(kw) = call.keyword("allow_origins") else {
                continue;
            };
            let wildcard = libs::str_items(&kw.value)
                .and_then(|items| items.into_iter().find(|(o, _)| *o == "*"));
            let (true, Some((_, star))) = (credentials, wildcard) else {
                continue;
            };
            let fix = origins.map(|o| {
                Fix::unsafe_edit(
                    "List the model's origins by name",
                    vec![Edit::replace(kw.value.span, libs::py_list(o))],
                )
            });
            out.push(
                Diagnostic::new(
                    Rule::CorsWildcardCredentials,
                    star.span,
                    "origin `*` with allow_credentials=True: browsers refuse credentials for the wildcard origin, and Starlette answers by echoing any origin, which opens the API to every site",
                )
                .with_fix(fix),
            );
        }
    }
    for script in &ctx.extracts.scripts {
        let credentials = script
            .settings("credentials")
            .chain(script.settings("allowcredentials"))
            .any(|(_, v)| v.kind == Kind::Ident && v.text == "true");
        let quoted =
            |o: &[String]| -> Vec<String> { o.iter().map(|x| format!("\"{x}\"")).collect() };
        // `origin: "*"` takes one origin or an array; Go's `[]string{"*"}` a list.
        let star = script
            .settings("origin")
            .chain(script.settings("alloworigins"))
            .chain(script.settings("alloworigin"))
            .find(|(_, v)| v.kind == Kind::Str && v.text == "*")
            .map(|(_, v)| {
                let with = origins.map(|o| match quoted(o).as_slice() {
                    [one] => one.clone(),
                    many => format!("[{}]", many.join(", ")),
                });
                (v.span, with)
            })
            .or_else(|| {
                star_in_list(script).map(|span| (span, origins.map(|o| quoted(o).join(", "))))
            });
        if let (true, Some((span, with))) = (credentials, star) {
            let fix = with.map(|w| {
                Fix::unsafe_edit(
                    "List the model's origins by name",
                    vec![Edit::replace(span, w)],
                )
            });
            out.push(
                Diagnostic::new(
                    Rule::CorsWildcardCredentials,
                    span,
                    "origin `*` with credentials: browsers refuse credentials for the wildcard origin; list each origin by name",
                )
                .with_fix(fix),
            );
        }
    }
}

/// Go's `AllowOrigins: []string{"*"}`: a `"*"` inside the braces after the key.
fn star_in_list(script: &crate::extract::script::Script) -> Option<Span> {
    let l = &script.lexemes;
    let key = l.iter().position(|x| {
        x.kind == Kind::Ident && crate::extract::script::squash(&x.text) == "alloworigins"
    })?;
    l[key..]
        .iter()
        .take_while(|x| x.text != "}")
        .find(|x| x.kind == Kind::Str && x.text == "*")
        .map(|x| x.span)
}
