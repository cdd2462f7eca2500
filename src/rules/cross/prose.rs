//! Who the prose says acts on a token: "Better Auth creates the JWT", "the token is
//! verified by the backend". Read line by line outside code blocks and tables; the
//! actor stays the words that name it, and is resolved against the components the
//! diagrams draw when documents are compared (prose alone never makes a finding).
//!
//! Only statements count: a verb in the third person after its subject ("issues"),
//! or a participle after a form of "be" ("is created by"). Imperatives ("Create JWT
//! utility functions", a task) and negations ("the backend never creates a token")
//! do not.

use super::{ActionFact, FILLERS, NO_TOKEN};
use crate::rules::Context;
use crate::span::Span;

/// Words that make a statement a denial or a condition.
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "cannot", "don", "doesn", "isn", "aren", "won", "shouldn", "t",
    "without", "instead", "if", "whether", "should", "must", "may", "can",
];

/// Words that start a clause inside the subject: the actor is then not the
/// sentence's subject ("the frontend calls the API, which verifies the JWT").
const CLAUSES: &[&str] = &[
    "which", "that", "who", "where", "when", "so", "because", "while", "once", "after", "before",
    "until", "unless", "how", "what", "why",
];

/// How many words before a verb a negation reaches: "the backend never creates".
const NEGATION_REACH: usize = 3;

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "gets", "get"];

/// Words that end the agent after "by".
const AGENT_ENDS: &[&str] = &[
    "and", "or", "never", "not", "then", "with", "using", "before", "after", "on", "in", "at",
    "for", "via", "through", "when", "if",
];

pub(super) fn actions(ctx: &Context, out: &mut Vec<ActionFact>) {
    let doc = ctx.doc;
    let mut blocks = doc.code_blocks.iter().map(|b| b.span).peekable();
    let mut at = 0;
    for line in doc.text.split_inclusive('\n') {
        let span = Span::new(at, at + line.trim_end().len());
        at += line.len();
        while blocks.peek().is_some_and(|b| b.end <= span.start) {
            blocks.next();
        }
        if blocks.peek().is_some_and(|b| b.start <= span.start) {
            continue;
        }
        let text = line.trim();
        if text.starts_with('|') || text.starts_with('#') {
            continue;
        }
        // Sentences end at a stop followed by a space ("Next.js" is one word); one
        // pass over the line, however long.
        let bytes = text.as_bytes();
        let mut start = 0;
        for i in 0..bytes.len() {
            if i >= start
                && matches!(bytes[i], b'.' | b';' | b':' | b'?' | b'!')
                && bytes.get(i + 1) == Some(&b' ')
            {
                read_sentence(ctx, &text[start..i], span, out);
                start = i + 2;
            }
        }
        read_sentence(ctx, text.get(start..).unwrap_or(""), span, out);
    }
}

fn read_sentence(ctx: &Context, sentence: &str, line: Span, out: &mut Vec<ActionFact>) {
    let written: Vec<&str> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
    for (i, w) in lower.iter().enumerate() {
        let Some(verb) = ctx.names.verb(w) else {
            continue;
        };
        let passive = i >= 2 && BE.contains(&lower[i - 1].as_str()) && w.ends_with('d');
        let active = !passive && i >= 1 && w.ends_with('s') && !w.ends_with("ss");
        let (token, actor, first, last) = if active {
            let Some(j) = (i + 1..lower.len()).find(|&j| !FILLERS.contains(&lower[j].as_str()))
            else {
                continue;
            };
            let subject = &lower[..i];
            let near = &lower[i.saturating_sub(NEGATION_REACH)..i];
            if subject.iter().any(|s| CLAUSES.contains(&s.as_str()))
                || near.iter().any(|s| NEGATIONS.contains(&s.as_str()))
            {
                continue;
            }
            (j, written[..i].join(" "), i, j)
        } else if passive {
            if lower.get(i + 1).map(String::as_str) != Some("by") {
                continue;
            }
            let Some(j) = (0..i - 1)
                .rev()
                .find(|&j| !FILLERS.contains(&lower[j].as_str()))
            else {
                continue;
            };
            if lower[j.saturating_sub(1)..i]
                .iter()
                .any(|s| NEGATIONS.contains(&s.as_str()))
            {
                continue;
            }
            let agent: Vec<&str> = (i + 2..lower.len())
                .take_while(|&k| !AGENT_ENDS.contains(&lower[k].as_str()))
                .take(4)
                .map(|k| written[k])
                .collect();
            if agent.is_empty() {
                continue;
            }
            (j, agent.join(" "), j, i)
        } else {
            continue;
        };
        let word = super::singular(&lower[token]);
        if NO_TOKEN.contains(&word.as_str())
            || ctx.names.verb(&word).is_some()
            || word.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        // A model's token is named by its id when the sentence names it.
        let (token_id, token_name) = match ctx.names.tokens_in(written[token]).first() {
            Some(id) => match ctx.model.tokens.get(*id) {
                Some(t) => {
                    let decided = match verb {
                        crate::model::names::Verb::Create => !t.created_by.is_empty(),
                        crate::model::names::Verb::Verify => !t.verified_by.is_empty(),
                    };
                    if decided {
                        continue;
                    }
                    (id.to_string(), t.name.clone())
                }
                None => continue,
            },
            None => (word, written[token].to_string()),
        };
        // The words are slices of the document's text: the statement's span is
        // where they stand in it.
        let base = ctx.doc.text.as_ptr() as usize;
        let start = written[first].as_ptr() as usize - base;
        let end = written[last].as_ptr() as usize - base + written[last].len();
        let span = if line.start <= start && end <= line.end {
            Span::new(start, end)
        } else {
            line
        };
        out.push(ActionFact {
            verb,
            token: token_id,
            token_name,
            actor,
            span,
            line: ctx.doc.line_col(span.start).line,
            said: true,
        });
    }
}
