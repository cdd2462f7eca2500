//! K002 checklist-unproven: a checklist item that no rule proves.

use crate::checklist;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleDoc};

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports an item of a checklist (a task list holding at least one item that matches the model's `checklist:`) whose text matches no model entry, or whose entry names no rule. Texts are compared without case, quotes, code marks or punctuation.",
    why: "An item nothing proves is ticked by hand and never re-checked: it goes stale silently. Usually the item was reworded in the spec or the model; either way, the two should say the same thing.",
    wrong: "- [x] Diagram fixed   (no model entry has this text)",
    right: "- [x] Architecture diagram no longer shows Backend creating JWT   (the model's entry, proven by D001)",
    fix: None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for item in checklist::items(ctx.doc, ctx.model) {
        let task = &ctx.doc.tasks[item.task];
        let message = match item.entry.and_then(|e| ctx.model.checklist.get(e)) {
            None => {
                "this checklist item matches no entry of the model's checklist, so no rule proves it"
            }
            Some(e) if e.rules.is_empty() => {
                "the model's checklist entry for this item names no rule that proves it"
            }
            Some(_) => continue,
        };
        out.push(Diagnostic::new(Rule::ChecklistUnproven, task.span, message));
    }
}
