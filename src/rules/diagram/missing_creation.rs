//! D003 missing-creation: the flow creates a token and its diagram never shows a
//! creator creating it.

use super::{actions, component_list, diagram_head};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a diagram of a flow whose steps create a token (`creates:`) when no step of the diagram shows one of the token's creators creating it.",
    why: "A diagram that never shows where the token comes from leaves readers to guess, and the guess is usually the component they are building.",
    wrong: "A sign-in diagram that goes from \"POST /api/auth/signin\" straight to \"Return JWT cookie\".",
    right: "The diagram has \"3. Create JWT (Better Auth)\" on the Next.js lifeline.",
    fix: Some("Redraws the diagram from the model's flow (safe)."),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        let Some(flow) = d.flow.as_deref().and_then(|f| ctx.model.flows.get(f)) else {
            continue;
        };
        let shown = actions(ctx, d, Verb::Create);
        let mut reported: Vec<&str> = Vec::new();
        for token_id in flow.steps.iter().filter_map(|s| s.creates.as_deref()) {
            let Some(token) = ctx.model.tokens.get(token_id) else {
                continue;
            };
            let ok = shown.iter().any(|(_, actor, a)| {
                a.token == token_id
                    && actor.is_some_and(|c| token.created_by.iter().any(|x| x == c))
            });
            if ok || reported.contains(&token_id) {
                continue;
            }
            reported.push(token_id);
            out.push(
                Diagnostic::new(
                    Rule::MissingCreation,
                    diagram_head(ctx, d),
                    format!(
                        "this diagram never shows {} creating {}",
                        component_list(ctx, &token.created_by),
                        token.name
                    ),
                )
                .with_fix(redraw_diagram(ctx, d)),
            );
        }
    }
}
