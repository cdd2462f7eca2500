//! C004 secret-env-mismatch: a code example or `.env` block names another secret
//! variable than the model's `secret_env`, or the two sides of a token name
//! different ones.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::python::PythonRead;
use crate::model::Token;
use crate::rules::code::libs;
use crate::rules::diagram::component_list;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports an environment variable that holds a token's secret under another name than the model's `secret_env`: the key a Python verification or signing call reads (`os.getenv(\"X\")`, directly or through a variable), or a `*SECRET*` variable in a `.env` block, a shell `export NAME=` or `NAME=` line, a `NAME=` line of a block without a language, or a script (`process.env.X`, `os.Getenv(\"X\")`) whose block does not name `secret_env` at all. Without `secret_env` in the model, reports the creators' and the verifiers' examples naming different secret variables.",
    why: "Creator and verifier must read the very same secret. Two names for it means two values in production: every token fails verification, or someone \"fixes\" it by hard-coding the secret.",
    wrong: "```env\nJWT_SECRET=change-me\n```",
    right: "```env\nBETTER_AUTH_SECRET=change-me\n```",
    fix: Some(
        "Renames the variable to the model's `secret_env` inside the code block (unsafe: it rewrites the author's code).",
    ),
};

/// One place a block names a secret variable.
struct Named<'a> {
    block: usize,
    name: &'a str,
    /// The name itself, without quotes: what the fix replaces.
    span: Span,
    /// The name is the key of a verification or signing call.
    key: bool,
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let named = collect(ctx);
    let secrets: Vec<&str> = ctx
        .model
        .tokens
        .values()
        .filter_map(|t| t.secret_env.as_deref())
        .collect();
    for n in &named {
        if secrets.contains(&n.name) || !(n.key || libs::secret_like(n.name)) {
            continue;
        }
        let component = ctx.extracts.component_of(n.block);
        let Some(token) = token_with_secret(ctx, component) else {
            continue;
        };
        let Some(expected) = token.secret_env.as_deref() else {
            continue;
        };
        // A block that also names the model's variable holds other secrets too
        // (an OAuth client secret beside the shared one).
        let block_has_it = named
            .iter()
            .any(|o| o.block == n.block && o.name == expected);
        if block_has_it && !n.key {
            continue;
        }
        let what = if n.key {
            format!(
                "the key of this {} check comes from `{}`",
                token.name, n.name
            )
        } else {
            format!("`{}` holds a secret", n.name)
        };
        out.push(
            Diagnostic::new(
                Rule::SecretEnvMismatch,
                n.span,
                format!(
                    "{what}, but the model's secret for {} is `{expected}`, identical for {}",
                    token.name,
                    component_list(ctx, &sides(token)),
                ),
            )
            .with_fix(Some(Fix::unsafe_edit(
                format!("Rename `{}` to `{expected}`", n.name),
                vec![Edit::replace(n.span, expected)],
            ))),
        );
    }
    if secrets.is_empty() {
        sides_disagree(ctx, &named, out);
    }
}

/// Without `secret_env`: the creators' blocks and the verifiers' blocks of a token
/// must name the same secret variables.
fn sides_disagree(ctx: &Context, named: &[Named], out: &mut Vec<Diagnostic>) {
    for (_, token) in libs::travelling(ctx) {
        let side = |of: &[String]| -> BTreeSet<&str> {
            named
                .iter()
                .filter(|n| n.key || libs::secret_like(n.name))
                .filter(|n| {
                    ctx.extracts
                        .component_of(n.block)
                        .is_some_and(|c| of.iter().any(|o| o == c))
                })
                .map(|n| n.name)
                .collect()
        };
        let creators = side(&token.created_by);
        let verifiers = side(&token.verified_by);
        if creators.is_empty() || verifiers.is_empty() || !creators.is_disjoint(&verifiers) {
            continue;
        }
        let Some(first) = named.iter().find(|n| {
            verifiers.contains(n.name)
                && ctx
                    .extracts
                    .component_of(n.block)
                    .is_some_and(|c| token.verified_by.iter().any(|v| v == c))
        }) else {
            continue;
        };
        out.push(Diagnostic::new(
            Rule::SecretEnvMismatch,
            first.span,
            format!(
                "{} reads the {} secret from `{}`, but {} names {}: both sides must share one variable",
                component_list(ctx, &token.verified_by),
                token.name,
                first.name,
                component_list(ctx, &token.created_by),
                creators
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ));
    }
}

/// Every secret variable named in the document's code: Python's environment reads
/// (keys of verification and signing calls marked), `.env`, shell and script names.
fn collect<'a>(ctx: &'a Context) -> Vec<Named<'a>> {
    let mut out = Vec::new();
    for read in &ctx.extracts.python {
        let mut keys = Vec::new();
        for call in read
            .calls
            .iter()
            .filter(|c| libs::verifies(c, ctx.names) || libs::creates(c, ctx.names))
        {
            let key = call
                .keyword("key")
                .map(|k| &k.value)
                .or_else(|| call.positional.get(1));
            if let Some(env) = key.and_then(|k| read.env_of(k)) {
                keys.push(env.name_span);
            }
        }
        for env in &read.env_reads {
            out.push(Named {
                block: read.block,
                name: &env.name,
                span: content_of(read, env.name_span),
                key: keys.contains(&env.name_span),
            });
        }
    }
    for env in &ctx.extracts.env {
        out.push(Named {
            block: env.block,
            name: &env.name,
            span: env.span,
            key: false,
        });
    }
    out.sort_by_key(|n| n.span.start);
    out
}

/// Where a string literal's text lies between its quotes, as the Python reader
/// found it (an unterminated literal has no closing quote); the whole literal when
/// the reader kept no plain text for it.
fn content_of(read: &PythonRead, literal: Span) -> Span {
    // The reader keeps plain literals in source order.
    let at = read
        .strings
        .partition_point(|s| s.span.start < literal.start);
    read.strings
        .get(at)
        .filter(|s| s.span == literal)
        .map_or(literal, |s| s.content)
}

/// The token whose secret a block of `component` holds: one it creates or verifies
/// that has a `secret_env`; for a block of no known component, the only token with one.
fn token_with_secret<'a>(ctx: &'a Context, component: Option<&str>) -> Option<&'a Token> {
    let with_secret = || ctx.model.tokens.values().filter(|t| t.secret_env.is_some());
    if let Some(c) = component {
        // A component that neither creates nor verifies a token keeps its own
        // secrets (a database password): none of them is a token's.
        return with_secret().find(|t| t.created_by.iter().chain(&t.verified_by).any(|x| x == c));
    }
    let mut all = with_secret();
    let first = all.next();
    if all.next().is_some() { None } else { first }
}

fn sides(token: &Token) -> Vec<String> {
    let mut out = token.created_by.clone();
    for v in &token.verified_by {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}
