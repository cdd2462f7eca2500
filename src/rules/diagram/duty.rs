//! What D001–D004 share: one kind of action on tokens (creating, verifying), who
//! the model lets do it, and the two ways a diagram can get it wrong — showing the
//! wrong component doing it (D001, D002), or never showing it done (D003, D004).

use super::{actions, component_list, diagram_head};
use crate::diagnostic::Diagnostic;
use crate::model::names::Verb;
use crate::model::{FlowStep, Token};
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule};

/// One kind of action on a token, as the model describes it.
pub(crate) struct Duty {
    pub verb: Verb,
    /// "creating": how messages say a component is shown doing it.
    pub doing: &'static str,
    /// "creates": how messages say who may.
    pub does: &'static str,
    /// The components the token lets do it (`created_by`, `verified_by`).
    pub allowed: fn(&Token) -> &[String],
    /// The token a flow step does it to (`creates:`, `verifies:`).
    pub in_step: fn(&FlowStep) -> Option<&str>,
}

pub(crate) const CREATE: Duty = Duty {
    verb: Verb::Create,
    doing: "creating",
    does: "creates",
    allowed: |t| &t.created_by,
    in_step: |s| s.creates.as_deref(),
};

pub(crate) const VERIFY: Duty = Duty {
    verb: Verb::Verify,
    doing: "verifying",
    does: "verifies",
    allowed: |t| &t.verified_by,
    in_step: |s| s.verifies.as_deref(),
};

/// D001/D002: a step shows a component doing the action to a token that does not
/// let it.
pub(crate) fn wrong_actors(ctx: &Context, duty: &Duty, rule: Rule, out: &mut Vec<Diagnostic>) {
    for (i, d) in ctx.extracts.diagrams.iter().enumerate() {
        // One redraw serves every finding in this diagram; computing it per finding
        // would cost the diagram's size each time.
        let mut redraw = None;
        for (step, actor, action) in actions(ctx, i, duty.verb) {
            let (Some(actor), Some(token)) = (actor, ctx.model.tokens.get(&action.token)) else {
                continue;
            };
            let allowed = (duty.allowed)(token);
            if allowed.iter().any(|c| c == actor) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    rule,
                    step.span,
                    format!(
                        "{} is shown {} {}, but only {} {} it",
                        ctx.model.component_name(actor),
                        duty.doing,
                        token.name,
                        component_list(ctx, allowed),
                        duty.does
                    ),
                )
                .with_fix(redraw.get_or_insert_with(|| redraw_diagram(ctx, d)).clone()),
            );
        }
    }
}

/// D003/D004: the diagram's flow does the action to a token, and no step shows a
/// component the token allows doing it.
pub(crate) fn missing(ctx: &Context, duty: &Duty, rule: Rule, out: &mut Vec<Diagnostic>) {
    for (i, d) in ctx.extracts.diagrams.iter().enumerate() {
        let Some(flow) = d.flow.as_deref().and_then(|f| ctx.model.flows.get(f)) else {
            continue;
        };
        let shown = actions(ctx, i, duty.verb);
        let mut reported: Vec<&str> = Vec::new();
        for token_id in flow.steps.iter().filter_map(duty.in_step) {
            let Some(token) = ctx.model.tokens.get(token_id) else {
                continue;
            };
            let allowed = (duty.allowed)(token);
            let ok = shown.iter().any(|(_, actor, a)| {
                a.token == token_id && actor.is_some_and(|c| allowed.iter().any(|x| x == c))
            });
            if ok || reported.contains(&token_id) {
                continue;
            }
            reported.push(token_id);
            out.push(
                Diagnostic::new(
                    rule,
                    diagram_head(ctx, d),
                    format!(
                        "this diagram never shows {} {} {}",
                        component_list(ctx, allowed),
                        duty.doing,
                        token.name
                    ),
                )
                .with_fix(redraw_diagram(ctx, d)),
            );
        }
    }
}
