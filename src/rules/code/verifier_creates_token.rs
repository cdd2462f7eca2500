//! C003 verifier-creates-token: code on a verifier's side that creates a token.

use crate::diagnostic::Diagnostic;
use crate::rules::code::libs;
use crate::rules::diagram::component_list;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a Python call that creates a token (`jwt.encode`, `jws.sign`) in a code block that belongs to a component the model lets only verify that token (in `verified_by`, not in `created_by`).",
    why: "A verifier that can mint tokens is a second issuer: its key must be able to sign, every token it makes bypasses the real sign-in, and the spec teaches the wrong architecture to whoever copies it.",
    wrong: "**File**: `backend/auth.py`\n\n```python\ntoken = jwt.encode({\"sub\": user_id}, secret, algorithm=\"HS256\")\n```",
    right: "**File**: `backend/auth.py`\n\n```python\npayload = jwt.decode(token, secret, algorithms=[\"HS256\"])\n```",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for read in &ctx.extracts.python {
        let Some(component) = ctx.extracts.component_of(read.block) else {
            continue;
        };
        let Some((_, token)) = libs::travelling(ctx).find(|(_, t)| {
            t.verified_by.iter().any(|v| v == component)
                && !t.created_by.iter().any(|c| c == component)
        }) else {
            continue;
        };
        for call in read.calls.iter().filter(|c| libs::creates(c, ctx.names)) {
            out.push(Diagnostic::new(
                Rule::VerifierCreatesToken,
                call.span,
                format!(
                    "`{}` creates a token in {}'s code, but {} only verifies {}; only {} creates it",
                    call.callee,
                    ctx.model.component_name(component),
                    ctx.model.component_name(component),
                    token.name,
                    component_list(ctx, &token.created_by),
                ),
            ));
        }
    }
}
