//! D007 step-numbering: step numbers that skip, repeat or run out of order.

use crate::diagnostic::Diagnostic;
use crate::rules::sections::redraw_diagram;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports step numbers (\"1.\", \"2)\", \"(3)\", \"Step 4:\") in a diagram that skip a number, repeat one, or go backwards, reading the diagram top to bottom.",
    why: "Prose refers to steps by number (\"steps 6-7 verify the token\"). Numbers that skip or repeat make those references point at the wrong step.",
    wrong: "│ 1. POST /api/auth/signin\n│ 3. Create JWT          (2 is missing)",
    right: "│ 1. POST /api/auth/signin\n│ 2. Create JWT",
    fix: Some(
        "Redraws the diagram from its flow, numbered 1..n (safe; only when the diagram draws a model flow).",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &ctx.extracts.diagrams {
        let redraw = std::cell::OnceCell::new();
        let mut expected = 1;
        // Ordered, not hashed: the numbers come from the text, and a tree cannot be
        // fed colliding ones.
        let mut seen: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
        for step in &d.diagram.steps {
            let Some(n) = step.number else { continue };
            let problem = if seen.contains(&n) {
                Some(format!("step {n} is numbered twice"))
            } else if n < expected {
                Some(format!("step {n} comes after step {}", expected - 1))
            } else if n > expected {
                let gap = if n == expected + 1 {
                    format!("{expected} is missing")
                } else {
                    format!("{expected}-{} are missing", n - 1)
                };
                Some(format!("step {n} follows step {} ({gap})", expected - 1))
            } else {
                None
            };
            seen.insert(n);
            expected = expected.max(n + 1);
            if let Some(message) = problem {
                out.push(
                    Diagnostic::new(Rule::StepNumbering, step.span, message)
                        .with_fix(redraw.get_or_init(|| redraw_diagram(ctx, d)).clone()),
                );
            }
        }
    }
}
