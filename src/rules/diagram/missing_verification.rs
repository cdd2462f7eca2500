//! D004 missing-verification: the flow verifies a token and its diagram never shows
//! a verifier verifying it.

use super::{actions, component_list, diagram_head};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram of a flow whose steps verify a token (`verifies:`) when no step of the diagram shows one of the token's verifiers verifying it.",
    why: "An unverified token is no authentication at all. If the diagram does not show the check, nobody is told to build it.",
    wrong: "A diagram where the browser calls the backend with the JWT and the backend answers with the tasks.",
    right: "The diagram has \"6. Verify JWT signature\" on the FastAPI Backend lifeline.",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        let Some(flow) = d.flow.as_deref().and_then(|f| ctx.model.flows.get(f)) else {
            continue;
        };
        let shown = actions(ctx, d, Verb::Verify);
        let mut reported: Vec<&str> = Vec::new();
        for token_id in flow.steps.iter().filter_map(|s| s.verifies.as_deref()) {
            let Some(token) = ctx.model.tokens.get(token_id) else {
                continue;
            };
            let ok = shown.iter().any(|(_, actor, a)| {
                a.token == token_id
                    && actor.is_some_and(|c| token.verified_by.iter().any(|x| x == c))
            });
            if ok || reported.contains(&token_id) {
                continue;
            }
            reported.push(token_id);
            out.push(
                Diagnostic::new(
                    Rule::MissingVerification,
                    diagram_head(ctx, d),
                    format!(
                        "this diagram never shows {} verifying {}",
                        component_list(ctx, &token.verified_by),
                        token.name
                    ),
                )
                .with_fix(redraw_diagram(ctx, d)),
            );
        }
    }
}
