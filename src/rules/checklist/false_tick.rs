//! K001 checklist-false-tick: a ticked checklist item whose rules fail.

use crate::checklist::{self, Status};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports a ticked `- [x]` checklist item whose proving rules (the model's `checklist:` entry with the same text) find something in the documents the item speaks about: its entry's `document:`, else every document the model lists other than the checklist's own.",
    why: "A tick is a claim that reviewers trust instead of checking. A tick that the rules contradict is worse than no tick: the defect ships with a signature on it.",
    wrong: "- [x] Architecture diagram no longer shows Backend creating JWT   (while D001 still fires on the spec)",
    right: "- [ ] Architecture diagram no longer shows Backend creating JWT   (until D001 is fixed; `speclint checklist --update` ticks it then)",
    fix: Some(
        "Unticks the item when none of its failing findings has a fix of its own (unsafe: it changes the author's claim); `speclint checklist --update` ticks and unticks every item from the rules.",
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for item in checklist::items(ctx.doc, ctx.model) {
        let task = &ctx.doc.tasks[item.task];
        if !task.checked {
            continue;
        }
        let Status::Fail(failed) =
            checklist::status(ctx.model, &item, ctx.model_path, ctx.findings)
        else {
            continue;
        };
        let reasons: Vec<String> = failed
            .iter()
            .take(3)
            .map(|(path, f)| format!("{} at {path}:{}: {}", f.rule.code(), f.line, f.message))
            .collect();
        let more = match failed.len() {
            n if n > 3 => format!(" (and {} more)", n - 3),
            _ => String::new(),
        };
        out.push(
            Diagnostic::new(
                Rule::ChecklistFalseTick,
                task.marker,
                format!("ticked, but its rules fail: {}{more}", reasons.join("; ")),
            )
            .with_fix(Some(Fix::unsafe_edit(
                "Untick the item",
                vec![Edit::replace(task.marker, "[ ]")],
            ))),
        );
    }
}
