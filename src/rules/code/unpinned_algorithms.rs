//! C002 unpinned-algorithms: a verification call that does not pin the model's
//! algorithms, allows `none`, or turns signature checking off.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::python::{Call, ExprKind, PythonRead};
use crate::rules::code::libs;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a Python verification call (`jwt.decode`, `jose.jwt.decode`, `jws.verify`) that does not pass `algorithms=`, allows `none`, pins algorithms other than the model's `algorithms` for the token, or turns checks off (`options={\"verify_signature\": False}`, `verify=False`). A name the block assigned a string or a list of strings (`ALGORITHM = \"HS256\"`, then `algorithms=[ALGORITHM]`) is read as its value.",
    why: "A verifier that lets the token's header choose the algorithm accepts `alg: none` or an HMAC token signed with a public key as its secret. Pinning the model's algorithms is the one line that prevents token forgery, and code in a spec is copied as written.",
    wrong: "payload = jwt.decode(token, secret)",
    right: "payload = jwt.decode(token, secret, algorithms=[\"HS256\"])",
    fix: Some(
        "Adds `algorithms=[...]` from the model to a call without it (safe); replaces a list with other algorithms, and turns a disabled check back on (unsafe).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for read in &ctx.extracts.python {
        let component = ctx.extracts.component_of(read.block);
        let token = libs::token_for_verification(ctx, component);
        let algorithms: &[String] = token.map_or(&[], |(_, t)| t.algorithms.as_slice());
        let token_name = token.map_or("the token", |(_, t)| t.name.as_str());
        // In a block that does not parse, where an argument list ends is a guess: an
        // `algorithms=` inserted there may land in an unclosed string and be added
        // again on every fix round. Such a call is reported without that fix.
        let parses = read.error.is_none();
        for call in read.calls.iter().filter(|c| libs::verifies(c, ctx.names)) {
            check_call(read, call, algorithms, token_name, parses, out);
        }
    }
}

fn check_call(
    read: &PythonRead,
    call: &Call,
    algorithms: &[String],
    token: &str,
    parses: bool,
    out: &mut Vec<Diagnostic>,
) {
    match call.keyword("algorithms") {
        None if call.splat => {}
        None => {
            let fix = (parses && !algorithms.is_empty()).then(|| {
                let list = libs::py_list(algorithms);
                let last = call
                    .positional
                    .iter()
                    .map(|e| e.span.end)
                    .chain(call.keywords.iter().map(|k| k.span.end))
                    .max();
                let edit = match last {
                    Some(end) => Edit::insert(end, format!(", algorithms={list}")),
                    None => Edit::insert(call.args.start + 1, format!("algorithms={list}")),
                };
                Fix::safe(format!("Pin algorithms={list}"), vec![edit])
            });
            out.push(
                Diagnostic::new(
                    Rule::UnpinnedAlgorithms,
                    call.span,
                    format!(
                        "`{}` does not pin algorithms: the token's own header would choose ({})",
                        call.callee,
                        expected(algorithms, token)
                    ),
                )
                .with_fix(fix),
            );
        }
        Some(kw) => {
            let Some(items) = libs::str_items_in(read, &kw.value) else {
                return;
            };
            let none = items.iter().find(|(a, _)| a.eq_ignore_ascii_case("none"));
            let other: Vec<&str> = items
                .iter()
                .map(|(a, _)| *a)
                .filter(|a| !algorithms.is_empty() && !algorithms.iter().any(|m| m == a))
                .collect();
            let message = if let Some((_, item)) = none {
                Some((
                    item.span,
                    format!(
                        "`{}` accepts `none`: an unsigned token passes ({})",
                        call.callee,
                        expected(algorithms, token)
                    ),
                ))
            } else if !other.is_empty() {
                Some((
                    kw.value.span,
                    format!(
                        "`{}` pins {}, but the model's {token} uses {}",
                        call.callee,
                        other.join(", "),
                        algorithms.join(", ")
                    ),
                ))
            } else {
                None
            };
            if let Some((span, message)) = message {
                let fix = (!algorithms.is_empty()).then(|| {
                    let list = libs::py_list(algorithms);
                    Fix::unsafe_edit(
                        format!("Pin algorithms={list}"),
                        vec![Edit::replace(kw.value.span, list)],
                    )
                });
                out.push(Diagnostic::new(Rule::UnpinnedAlgorithms, span, message).with_fix(fix));
            }
        }
    }
    for (span, what) in disabled_checks(call) {
        out.push(
            Diagnostic::new(
                Rule::UnpinnedAlgorithms,
                span,
                format!("`{}` turns off {what}: any token passes", call.callee),
            )
            .with_fix(Some(Fix::unsafe_edit(
                format!("Turn {what} back on"),
                vec![Edit::replace(span, "True")],
            ))),
        );
    }
}

/// `verify=False` and `options={"verify_signature": False}`: the `False` values.
fn disabled_checks(call: &Call) -> Vec<(Span, &'static str)> {
    let mut out = Vec::new();
    for kw in &call.keywords {
        match (&kw.name[..], &kw.value.kind) {
            ("verify", ExprKind::Bool(false)) => out.push((kw.value.span, "verification")),
            ("options", ExprKind::Dict(pairs)) => {
                for (k, v) in pairs {
                    if k.kind.as_str() == Some("verify_signature")
                        && v.kind == ExprKind::Bool(false)
                    {
                        out.push((v.span, "signature checking"));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn expected(algorithms: &[String], token: &str) -> String {
    if algorithms.is_empty() {
        "pin the algorithms the token is signed with".to_string()
    } else {
        format!("the model's {token} uses {}", algorithms.join(", "))
    }
}
