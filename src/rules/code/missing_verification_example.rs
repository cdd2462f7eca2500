//! C001 missing-verification-example: no code example shows a verifier verifying
//! the token.

use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::model::{SectionSpec, Token};
use crate::rules::sections::{anchor_span, insert_section, present};
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a document whose model entry has a `jwt-verification` section when no code example in it shows one of the token's verifiers verifying the token (a verify verb and the token's name in the code, in a block that belongs to a verifier or to no component in particular).",
    why: "Verification code is what implementers copy. A spec that says \"the backend verifies the JWT\" without showing how gets verification written from memory: without pinned algorithms, with the wrong secret, or not at all.",
    wrong: "## Backend JWT Verification\n\nThe backend checks the token.",
    right: "```python\npayload = jwt.decode(token, secret, algorithms=[\"HS256\"])\n```",
    fix: Some("Inserts the verification section rendered from the model (safe)."),
};

/// The `jwt-verification` sections of the document's entry whose token no code
/// example shows verified, with that token's id and definition.
fn unshown<'a>(ctx: &Context<'a>) -> Vec<(&'a SectionSpec, &'a str, &'a Token)> {
    let Some(entry) = ctx.entry else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for spec in entry
        .sections
        .iter()
        .filter(|s| s.render == "jwt-verification")
    {
        let Some(token_id) = spec
            .token
            .as_deref()
            .or_else(|| ctx.model.tokens.keys().next().map(String::as_str))
        else {
            continue;
        };
        let Some(token) = ctx.model.tokens.get(token_id) else {
            continue;
        };
        let shown = ctx.extracts.code.iter().any(|ex| {
            let by_verifier = ex
                .component
                .as_ref()
                .is_none_or(|c| token.verified_by.contains(c));
            by_verifier
                && ex.lang != "sql"
                && ctx
                    .names
                    .actions(ctx.doc.slice(ex.content))
                    .iter()
                    .any(|a| a.verb == Verb::Verify && a.token == token_id)
        });
        if !shown {
            out.push((spec, token_id, token));
        }
    }
    out
}

/// Whether [`check`] reports anything, without building its findings and fixes.
pub(crate) fn reports(ctx: &Context) -> bool {
    !unshown(ctx).is_empty()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (spec, _, token) in unshown(ctx) {
        let fix = if present(ctx, spec) {
            None
        } else {
            insert_section(ctx, spec)
        };
        out.push(
            Diagnostic::new(
                Rule::MissingVerificationExample,
                anchor_span(ctx, spec),
                format!(
                    "no code example shows {} verifying {}",
                    super::super::diagram::component_list(ctx, &token.verified_by),
                    token.name
                ),
            )
            .with_fix(fix),
        );
    }
}
