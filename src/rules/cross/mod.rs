//! X: the cross-document family. The specs compared with each other rather than
//! with a model: the same table defined two ways, the same token shown created or
//! verified by different components.
//!
//! Each document's check keeps a few small [`CrossFacts`] (a table's columns, who a
//! diagram step shows acting on which token); once every document was checked,
//! [`compare`] looks across them. Whole documents are never held for this: a run's
//! memory grows with its facts, not with its text. Documents are compared within
//! their spec folder (a repository with a `specs/` folder per phase keeps phases
//! apart).
//!
//! Which side is wrong: the model decides when it knows the table or the token (S007,
//! D001 and D002 report it, and these rules stay silent); without it, the side most
//! documents take stands, and each other side is reported naming one of its places.
//! On a tie, the side of the newest document (the last in path order: spec-kit
//! numbers its specs, and a later spec supersedes an earlier one) stands.

pub mod creator_conflict;
mod prose;
pub mod table_conflict;
pub mod verifier_conflict;

use crate::diagnostic::Diagnostic;
use crate::extract::diagram::StepKind;
use crate::model::names::{Verb, words};
use crate::rules::{Context, Rule};
use crate::span::Span;

/// What one document's check keeps for comparing it with the others.
#[derive(Clone, Debug, Default)]
pub struct CrossFacts {
    /// The document's path relative to the model's folder.
    pub model_path: String,
    /// The spec folder it is in (the path up to its last `specs` folder, or empty).
    pub group: String,
    /// Each table the document's SQL creates, its first definition.
    pub tables: Vec<TableFact>,
    /// Each create or verify action its diagrams show or its prose states.
    pub actions: Vec<ActionFact>,
    /// The participants its diagrams draw (component ids where the model knows
    /// them), each once: what prose is resolved against.
    pub participants: Vec<String>,
}

/// A table as one document defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableFact {
    pub name: String,
    /// The name as written.
    pub span: Span,
    /// 1-based line of the name.
    pub line: usize,
    /// (name, type) in written order; types upper-cased, whitespace folded.
    pub columns: Vec<(String, String)>,
    pub primary_key: Vec<String>,
    /// Each foreign key as `columns -> table(columns)`, sorted.
    pub foreign_keys: Vec<String>,
}

/// A diagram step showing a component acting on a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionFact {
    pub verb: Verb,
    /// The model's token id, or the word after the verb, lower-cased.
    pub token: String,
    /// The token as written.
    pub token_name: String,
    /// The component id, or the participant's name as drawn.
    pub actor: String,
    /// The step's label, or the sentence's verb and token.
    pub span: Span,
    pub line: usize,
    /// Said in prose rather than drawn: `actor` is the words before the verb (or
    /// after "by"), resolved against the components the diagrams draw when compared.
    pub said: bool,
}

/// The facts of the document in `ctx`. Diagrams labelled as quoted mistakes
/// ("Current (INCORRECT)") are no claim and are left out; tokens and tables the
/// model describes are left to the model's rules.
pub fn facts(ctx: &Context) -> CrossFacts {
    let mut out = CrossFacts {
        model_path: ctx.model_path.to_string(),
        group: group_of(ctx.model_path),
        ..CrossFacts::default()
    };
    let known_tables = ctx.model.schema.as_ref().map(|s| &s.tables);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for t in ctx.extracts.sql_tables() {
        if !seen.insert(t.name.as_str()) || known_tables.is_some_and(|k| k.contains_key(&t.name)) {
            continue;
        }
        let mut foreign_keys: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|k| {
                format!(
                    "{} -> {}({})",
                    k.columns.join(", "),
                    k.references,
                    k.ref_columns.join(", ")
                )
            })
            .collect();
        foreign_keys.sort();
        foreign_keys.dedup();
        out.tables.push(TableFact {
            name: t.name.clone(),
            span: t.name_span,
            line: ctx.doc.line_col(t.name_span.start).line,
            columns: t
                .columns
                .iter()
                .map(|c| (c.name.clone(), fold_type(&c.data_type)))
                .collect(),
            primary_key: t.primary_key.clone(),
            foreign_keys,
        });
    }
    for d in &ctx.extracts.diagrams {
        if ctx.doc.quoted_mistake(d.block) {
            continue;
        }
        for (i, p) in d.diagram.participants.iter().enumerate() {
            let name = d
                .components
                .get(i)
                .and_then(|c| c.clone())
                .unwrap_or_else(|| p.name.clone());
            if !out.participants.contains(&name) {
                out.participants.push(name);
            }
        }
        for step in &d.diagram.steps {
            let drawn = match step.kind {
                StepKind::Note { at } => at,
                StepKind::Message { to, .. } => to,
            };
            let actor = crate::rules::diagram::actor(ctx, d, step)
                .map(str::to_string)
                .or_else(|| d.diagram.participants.get(drawn).map(|p| p.name.clone()));
            let Some(actor) = actor else { continue };
            for (verb, token, token_name) in token_actions(ctx, &step.text) {
                out.actions.push(ActionFact {
                    verb,
                    token,
                    token_name,
                    actor: actor.clone(),
                    span: step.span,
                    line: ctx.doc.line_col(step.span.start).line,
                    said: false,
                });
            }
        }
    }
    prose::actions(ctx, &mut out.actions);
    out
}

/// The actions a step's text describes: the model's tokens when it names some
/// (those whose creators or verifiers the model lists are its rules' business),
/// else the word after each create or verify verb.
pub(crate) fn token_actions(ctx: &Context, text: &str) -> Vec<(Verb, String, String)> {
    let modelled = ctx.names.actions(text);
    if !modelled.is_empty() {
        return modelled
            .into_iter()
            .filter_map(|a| {
                let token = ctx.model.tokens.get(&a.token)?;
                let decided = match a.verb {
                    Verb::Create => !token.created_by.is_empty(),
                    Verb::Verify => !token.verified_by.is_empty(),
                };
                (!decided).then(|| (a.verb, a.token.clone(), token.name.clone()))
            })
            .collect();
    }
    let written: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
    let mut out: Vec<(Verb, String, String)> = Vec::new();
    for (i, w) in lower.iter().enumerate() {
        let Some(verb) = ctx.names.verb(w) else {
            continue;
        };
        let Some(j) = (i + 1..lower.len()).find(|&j| !FILLERS.contains(&lower[j].as_str())) else {
            continue;
        };
        let word = singular(&lower[j]);
        if NO_TOKEN.contains(&word.as_str())
            || ctx.names.verb(&word).is_some()
            || word.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        if !out.iter().any(|(v, t, _)| *v == verb && *t == word) {
            out.push((verb, word, written[j].to_string()));
        }
    }
    out
}

/// Words skipped between a verb and its token: "create a new JWT".
pub(crate) const FILLERS: &[&str] = &[
    "a", "an", "the", "new", "fresh", "signed", "valid", "user", "s",
];

/// Words after a verb that mean it acts on no token: "sign in", "check if".
pub(crate) const NO_TOKEN: &[&str] = &[
    "in", "up", "out", "off", "if", "that", "whether", "for", "with", "and", "or", "to", "on",
    "of", "it", "them", "this", "is", "are", "by", "from", "via", "against", "using", "its",
    "their", "his", "her", "your", "our", "my", "each", "every", "all", "any",
];

/// "tokens" → "token", "JWTs" → "jwt": a token word compared without its plural.
pub(crate) fn singular(word: &str) -> String {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
        _ => word.to_string(),
    }
}

/// `VARCHAR ( 255 )` → `VARCHAR(255)`: types compared as written, spacing aside.
fn fold_type(t: &str) -> String {
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .to_uppercase()
}

/// The spec folder of a path: up to and including its last `specs` component.
fn group_of(model_path: &str) -> String {
    let parts: Vec<&str> = model_path.split('/').collect();
    match parts[..parts.len().saturating_sub(1)]
        .iter()
        .rposition(|p| p.eq_ignore_ascii_case("specs"))
    {
        Some(i) => parts[..=i].join("/"),
        None => String::new(),
    }
}

/// One document as the comparison sees it: its path as shown and its facts.
pub struct Side<'a> {
    pub path: &'a str,
    pub facts: &'a CrossFacts,
}

/// The cross-document findings of `rules` over every document, one list per
/// document, in the order given.
pub fn compare(rules: &[Rule], docs: &[Side]) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); docs.len()];
    if rules.contains(&Rule::TableConflict) {
        table_conflict::compare(docs, &mut out);
    }
    if rules.contains(&Rule::CreatorConflict) {
        creator_conflict::compare(docs, &mut out);
    }
    if rules.contains(&Rule::VerifierConflict) {
        verifier_conflict::compare(docs, &mut out);
    }
    out
}

/// Splits `items` (document index, item) into groups of items that agree
/// (`same`), and returns, for each item of a group that fewer documents take than
/// another, the item it disagrees with: the first item, in another document, of the
/// group most documents take (on a tie, the one whose newest document comes last:
/// `items` come in path order; then the one stated most often). On a full tie
/// (both sides in one document), every group is reported against the other.
pub(crate) fn dissent<T>(
    items: &[(usize, T)],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(usize, usize)> {
    // groups[g] = indexes into items.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, (_, item)) in items.iter().enumerate() {
        match groups.iter_mut().find(|g| same(&items[g[0]].1, item)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    // A side's weight: the documents that take it, the newest of them, then how
    // often they say so.
    let weight = |g: &Vec<usize>| {
        let mut d: Vec<usize> = g.iter().map(|&i| items[i].0).collect();
        d.sort_unstable();
        d.dedup();
        (d.len(), d.last().copied().unwrap_or(0), g.len())
    };
    let sizes: Vec<(usize, usize, usize)> = groups.iter().map(weight).collect();
    let top = sizes.iter().copied().max().unwrap_or((0, 0, 0));
    let mut pairs = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        // The other side: the largest other group (the first of them on a tie).
        let Some(other) = (0..groups.len())
            .filter(|&o| o != g)
            .max_by_key(|&o| (sizes[o], std::cmp::Reverse(o)))
        else {
            continue;
        };
        if sizes[g] == top && sizes[other] < top {
            continue;
        }
        for &i in group {
            let doc = items[i].0;
            if let Some(&j) = groups[other].iter().find(|&&j| items[j].0 != doc) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// Whether two drawn names stand for one component: equal once folded, or sharing
/// a word that is not a generic one ("Next.js Frontend" and "Frontend"; not "API
/// Server" and "Auth Server").
pub(crate) fn same_actor(a: &str, b: &str) -> bool {
    if crate::model::names::fold(a) == crate::model::names::fold(b) {
        return true;
    }
    let significant = |s: &str| -> Vec<String> {
        words(s)
            .into_iter()
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .collect()
    };
    let (wa, wb) = (significant(a), significant(b));
    wa.iter().any(|w| wb.contains(w))
}

/// Words many component names share without naming the same one.
const GENERIC: &[&str] = &[
    "api",
    "server",
    "service",
    "app",
    "application",
    "client",
    "system",
    "layer",
    "the",
    "module",
    "js",
    "side",
    "web",
    "user",
];

/// X002/X003: per spec folder and token, the diagram steps that show another
/// component doing `verb` to it than most documents do.
pub(crate) fn action_conflicts(
    docs: &[Side],
    verb: Verb,
    rule: Rule,
    doing: (&str, &str),
    out: &mut [Vec<Diagnostic>],
) {
    let mut keys: Vec<(&str, &str)> = docs
        .iter()
        .flat_map(|d| {
            d.facts
                .actions
                .iter()
                .filter(|a| a.verb == verb)
                .map(|a| (d.facts.group.as_str(), a.token.as_str()))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for (group, token) in keys {
        let all: Vec<(usize, &ActionFact)> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.facts.group == group)
            .flat_map(|(i, d)| {
                d.facts
                    .actions
                    .iter()
                    .filter(|a| a.verb == verb && a.token == token)
                    .map(move |a| (i, a))
            })
            .collect();
        // Prose counts only where it names one component the diagrams draw.
        let mut drawn: Vec<&str> = docs
            .iter()
            .filter(|d| d.facts.group == group)
            .flat_map(|d| d.facts.participants.iter().map(String::as_str))
            .collect();
        drawn.sort_unstable();
        drawn.dedup();
        let items: Vec<(usize, &ActionFact, &str)> = all
            .iter()
            .filter_map(|&(i, a)| {
                if !a.said {
                    return Some((i, a, a.actor.as_str()));
                }
                let named: Vec<&str> = drawn
                    .iter()
                    .copied()
                    .filter(|d| same_actor(&a.actor, d))
                    .collect();
                let first = *named.first()?;
                named
                    .iter()
                    .all(|n| same_actor(first, n))
                    .then_some((i, a, first))
            })
            .collect();
        let keyed: Vec<(usize, &str)> = items.iter().map(|&(i, _, actor)| (i, actor)).collect();
        for (mine, theirs) in dissent(&keyed, |a, b| same_actor(a, b)) {
            let (doc, a, actor) = items[mine];
            let (other_doc, b, other) = items[theirs];
            let how = |f: &ActionFact| {
                if f.said {
                    format!("said to {}", doing.1)
                } else {
                    format!("shown {}", doing.0)
                }
            };
            out[doc].push(Diagnostic::new(
                rule,
                a.span,
                format!(
                    "{actor} is {} `{}` here, but {other} is {} it at {}:{}",
                    how(a),
                    a.token_name,
                    how(b),
                    docs[other_doc].path,
                    b.line
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_folders_group_documents() {
        assert_eq!(group_of("phase-2/specs/001-x/spec.md"), "phase-2/specs");
        assert_eq!(group_of("specs/a.md"), "specs");
        assert_eq!(group_of("docs/a.md"), "");
        assert_eq!(group_of("a/specs/b/specs/c.md"), "a/specs/b/specs");
    }

    #[test]
    fn the_side_most_documents_take_stands() {
        let items = [(0, "a"), (1, "a"), (2, "b")];
        assert_eq!(dissent(&items, |x, y| x == y), vec![(2, 0)]);
        // One document each: the newer one stands.
        let tie = [(0, "a"), (1, "b")];
        assert_eq!(dissent(&tie, |x, y| x == y), vec![(0, 1)]);
        // Both in the newest document: each side is reported.
        let full = [(0, "a"), (1, "b"), (1, "a"), (0, "b")];
        assert_eq!(
            dissent(&full, |x, y| x == y),
            vec![(0, 1), (2, 3), (1, 0), (3, 2)]
        );
        let one_doc = [(0, "a"), (0, "b")];
        assert!(dissent(&one_doc, |x, y| x == y).is_empty());
    }

    #[test]
    fn drawn_names_of_one_component_are_one_actor() {
        assert!(same_actor("Next.js Frontend", "frontend"));
        assert!(same_actor("FastAPI  Backend", "Backend API"));
        assert!(!same_actor("API Server", "Auth Server"));
        assert!(!same_actor("Frontend", "Backend"));
    }
}
