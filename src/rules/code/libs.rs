//! What the code rules know about libraries, never about one system: which Python
//! modules are JOSE/JWT libraries, which of their calls verify or create a token,
//! which call configures CORS; and which model token a code block is about.

use crate::extract::python::{Call, Expr, ExprKind, PythonRead};
use crate::model::names::Verb;
use crate::model::{Names, Token};
use crate::rules::Context;

/// Python modules that sign and verify JWTs (PyJWT, python-jose, jwcrypto, joserfc,
/// Authlib).
const JOSE_MODULES: &[&str] = &["jwt", "jose", "jwcrypto", "joserfc", "authlib.jose"];

fn is_jose(resolved: &str) -> bool {
    JOSE_MODULES.iter().any(|m| {
        resolved
            .strip_prefix(m)
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// `jwt.decode(...)`, `jose.jwt.decode(...)`, `jws.verify(...)`: a JOSE library's
/// function named by one of the model's verify verbs.
pub fn verifies(call: &Call, names: &Names) -> bool {
    is_jose(&call.resolved) && names.verb(call.method()) == Some(Verb::Verify)
}

/// `jwt.encode(...)`, `jws.sign(...)`: a JOSE library's function that encodes or is
/// named by one of the model's create verbs.
pub fn creates(call: &Call, names: &Names) -> bool {
    is_jose(&call.resolved)
        && (call.method() == "encode" || names.verb(call.method()) == Some(Verb::Create))
}

/// `app.add_middleware(CORSMiddleware, ...)`, `Middleware(CORSMiddleware, ...)`,
/// `CORSMiddleware(app, ...)`.
pub fn is_cors(call: &Call) -> bool {
    // The last dotted part, compared without splitting: every call is asked.
    let named = |s: &str| {
        s.strip_suffix("CORSMiddleware")
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
    };
    named(&call.callee)
        || call
            .positional
            .first()
            .is_some_and(|e| matches!(&e.kind, ExprKind::Name(n) if named(n)))
}

/// The string items of a list literal (None when the value is not one).
pub fn str_items(expr: &Expr) -> Option<Vec<(&str, &Expr)>> {
    match &expr.kind {
        ExprKind::List(items) => Some(
            items
                .iter()
                .filter_map(|i| i.kind.as_str().map(|s| (s, i)))
                .collect(),
        ),
        ExprKind::Str(s) => Some(vec![(s.as_str(), expr)]),
        _ => None,
    }
}

/// [`str_items`] of what an argument means in its block: a name assigned a
/// string or a list of strings (`ALGORITHM = "HS256"`) stands for its value, in
/// the list and as its items.
pub fn str_items_in<'r>(read: &'r PythonRead, expr: &'r Expr) -> Option<Vec<(&'r str, &'r Expr)>> {
    match &read.value_of(expr).kind {
        ExprKind::List(items) => Some(
            items
                .iter()
                .map(|i| read.value_of(i))
                .filter_map(|i| i.kind.as_str().map(|s| (s, i)))
                .collect(),
        ),
        ExprKind::Str(s) => Some(vec![(s.as_str(), read.value_of(expr))]),
        _ => None,
    }
}

/// A Python list literal of strings: `["HS256", "RS256"]`.
pub fn py_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Tokens that travel: verified by a component that does not create them.
pub fn travelling<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (&'a str, &'a Token)> + use<'a> {
    ctx.model
        .tokens
        .iter()
        .filter(|(_, t)| t.verified_by.iter().any(|v| !t.created_by.contains(v)))
        .map(|(id, t)| (id.as_str(), t))
}

/// The token a block of `component` verifies: the first travelling token it is a
/// verifier of; for a block of no known component, the only travelling token.
pub fn verified_token<'a>(
    ctx: &Context<'a>,
    component: Option<&str>,
) -> Option<(&'a str, &'a Token)> {
    match component {
        Some(c) => travelling(ctx).find(|(_, t)| t.verified_by.iter().any(|v| v == c)),
        None => {
            let mut all = travelling(ctx);
            let first = all.next();
            if all.next().is_some() { None } else { first }
        }
    }
}

/// The token a verification call in a block of `component` checks: the one it
/// verifies, else the first travelling token that pins algorithms.
pub fn token_for_verification<'a>(
    ctx: &Context<'a>,
    component: Option<&str>,
) -> Option<(&'a str, &'a Token)> {
    verified_token(ctx, component)
        .or_else(|| travelling(ctx).find(|(_, t)| !t.algorithms.is_empty()))
}

/// An environment variable name that holds a secret: one of its `_`-separated parts
/// is SECRET (`JWT_SECRET`, `BETTER_AUTH_SECRET`, `SECRET_KEY`).
pub fn secret_like(name: &str) -> bool {
    name.split('_').any(|p| p.eq_ignore_ascii_case("secret"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jose_modules_match_whole_segments() {
        assert!(is_jose("jwt.decode"));
        assert!(is_jose("jose.jwt.decode"));
        assert!(is_jose("authlib.jose.jwt.decode"));
        assert!(!is_jose("jwtlib.decode"));
        assert!(!is_jose("jwt"));
        assert!(secret_like("JWT_SECRET"));
        assert!(!secret_like("SECRETARY_ID"));
    }
}
