//! Applying fixes: pick the applicable ones, drop any that overlaps one already
//! taken, splice, lint again, and repeat until nothing changes (as ruff does).
//! A fix loop that never settles is an error naming the rules involved.

use crate::check::Checker;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::Rule;

/// Which fixes to apply.
#[derive(Clone, Debug, Default)]
pub struct FixOptions {
    /// Also apply fixes that rewrite what the author wrote.
    pub unsafe_fixes: bool,
    /// Only fixes of these rules (all when `None`).
    pub only: Option<Vec<Rule>>,
}

/// One fix as applied, with the whole text before and after it, so that each can
/// become its own patch.
#[derive(Clone, Debug)]
pub struct AppliedFix {
    pub rule: Rule,
    pub title: String,
    pub applicability: Applicability,
    pub before: String,
    pub after: String,
}

/// The result of fixing one document.
#[derive(Clone, Debug)]
pub struct FixOutcome {
    pub original: String,
    pub fixed: String,
    pub applied: Vec<AppliedFix>,
}

#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("{path}: fixes did not settle after {rounds} rounds (rules still fixing: {rules})")]
    DoesNotSettle {
        path: String,
        rounds: usize,
        rules: String,
    },
}

/// Lint-and-fix rounds before giving up.
const MAX_ROUNDS: usize = 10;

pub fn fix_document(
    checker: &Checker,
    display_path: &str,
    model_path: &str,
    text: &str,
    opts: &FixOptions,
) -> Result<FixOutcome, FixError> {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let doc = crate::document::Document::parse(current.clone());
        let diagnostics = checker.check_document(display_path, model_path, &doc);
        let mut candidates: Vec<(Rule, &Fix)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
            .filter(|(rule, f)| applicable(*rule, f, opts))
            .collect();
        if candidates.is_empty() {
            return Ok(FixOutcome {
                original: text.to_string(),
                fixed: current,
                applied,
            });
        }
        candidates.sort_by_key(|(rule, f)| {
            (
                f.edits.iter().map(|e| e.span.start).min().unwrap_or(0),
                *rule,
            )
        });
        let mut taken: Vec<(Rule, &Fix)> = Vec::new();
        for (rule, fix) in candidates {
            let same = taken.iter().any(|(_, t)| t.edits == fix.edits);
            let clash = taken.iter().any(|(_, t)| {
                t.edits
                    .iter()
                    .any(|a| fix.edits.iter().any(|b| conflicts(a, b)))
            });
            if !same && !clash {
                taken.push((rule, fix));
            }
        }
        // Last in the text first, so earlier offsets stay valid; each fix is recorded
        // on its own so it can become its own patch.
        taken.sort_by_key(|(_, f)| {
            std::cmp::Reverse(f.edits.iter().map(|e| e.span.start).min().unwrap_or(0))
        });
        for (rule, fix) in taken {
            let before = current.clone();
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
            for e in &edits {
                if e.span.end <= current.len()
                    && current.is_char_boundary(e.span.start)
                    && current.is_char_boundary(e.span.end)
                {
                    current.replace_range(e.span.range(), &e.replacement);
                }
            }
            if current != before {
                applied.push(AppliedFix {
                    rule,
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    before,
                    after: current.clone(),
                });
            }
        }
    }
    let doc = crate::document::Document::parse(current.clone());
    let mut rules: Vec<&str> = checker
        .check_document(display_path, model_path, &doc)
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| applicable(d.rule, f, opts)))
        .map(|d| d.rule.code())
        .collect();
    rules.dedup();
    if rules.is_empty() {
        return Ok(FixOutcome {
            original: text.to_string(),
            fixed: current,
            applied,
        });
    }
    Err(FixError::DoesNotSettle {
        path: display_path.to_string(),
        rounds: MAX_ROUNDS,
        rules: rules.join(", "),
    })
}

fn applicable(rule: Rule, fix: &Fix, opts: &FixOptions) -> bool {
    let allowed = match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => opts.unsafe_fixes,
        Applicability::DisplayOnly => false,
    };
    allowed && opts.only.as_ref().is_none_or(|only| only.contains(&rule))
}

/// Two edits touch the same bytes, or insert at the same place (their order would
/// be a guess; the next round decides it on the updated text).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}
