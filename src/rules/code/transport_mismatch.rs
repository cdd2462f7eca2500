//! C007 transport-mismatch: the diagram or prose sends a token one way and the
//! examples read it another, or either disagrees with the model's `transport`.

use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::extract::script::Kind;
use crate::model::Transport;
use crate::model::names::{Finder, KELVIN_SIGN, words};
use crate::rules::code::libs;
use crate::rules::{Context, Rule, RuleDoc};
use crate::span::Span;

pub const DOC: RuleDoc = RuleDoc {
    what: "Reports where a document says how a token travels and that disagrees with the model's `transport` or, without one, with what the document's diagram and prose say. Diagram steps and paragraphs count when a transport word (cookie, bearer, authorization) stands within four words of the token's name and nearer to it than to any other token; code examples of the token's verifiers count by what they read: `HTTPBearer`, an `Authorization` header or `Bearer` string for a bearer token; `request.cookies`, `Cookie(...)` for a cookie. A cookie stored (\"stores the token in localStorage and cookies\") is where the client keeps the token, not how it travels; a cookie named for another token of the model (`cookies.get(\"session_token\")`) is that token's.",
    why: "A token sent as a cookie and read from a header (or the reverse) never arrives: the two sides are implemented to different specs, and the fix found under pressure is usually the insecure one (reading the token from wherever it turns up).",
    wrong: "4. Return JWT cookie ... then `credentials = Security(HTTPBearer())` in the backend example",
    right: "4. Return JWT ... 5. GET /api/tasks (Authorization: Bearer JWT), read with `HTTPBearer`",
    fix: None,
};

/// One place the document says how a token travels.
struct Evidence {
    transport: Transport,
    span: Span,
    /// Where it comes from, for the message: "the diagram", "this paragraph", "this example".
    source: &'static str,
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (id, token) in libs::travelling(ctx) {
        let said = said(ctx, id);
        let code = code(ctx, id);
        let (expected, by) = match token.transport {
            Some(t) => (t, "the model's `transport` sends it".to_string()),
            None => match said.first() {
                Some(e) => (
                    e.transport,
                    format!(
                        "{} (line {}) sends it",
                        e.source,
                        ctx.doc.line_col(e.span.start).line
                    ),
                ),
                None => continue,
            },
        };
        for e in said.iter().chain(&code) {
            if e.transport == expected {
                continue;
            }
            out.push(Diagnostic::new(
                Rule::TransportMismatch,
                e.span,
                format!(
                    "{} {} {} {}, but {by} {}",
                    capitalised(e.source),
                    if e.source == "this example" {
                        "reads"
                    } else {
                        "sends"
                    },
                    token.name,
                    describe(e.transport),
                    describe(expected),
                ),
            ));
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn describe(t: Transport) -> &'static str {
    match t {
        Transport::Bearer => "as a bearer header (Authorization: Bearer)",
        Transport::Cookie => "as a cookie",
    }
}

/// Diagram steps and paragraphs where a transport word stands next to the token:
/// the token mention nearest to "cookie" (within four words) must be this token.
fn said(ctx: &Context, token: &str) -> Vec<Evidence> {
    let mut out = Vec::new();
    for d in &ctx.extracts.diagrams {
        for step in &d.diagram.steps {
            if let Some(transport) = text_transport(ctx, &step.text, token) {
                out.push(Evidence {
                    transport,
                    span: step.span,
                    source: "the diagram",
                });
            }
        }
    }
    for p in &ctx.doc.paragraphs {
        if let Some(transport) = text_transport(ctx, &p.text, token) {
            let first_line = ctx.doc.lines_in(p.span).next().map_or(p.span, |(_, s)| s);
            out.push(Evidence {
                transport,
                span: first_line,
                source: "this paragraph",
            });
        }
    }
    out.sort_by_key(|e| e.span.start);
    out
}

fn text_transport(ctx: &Context, text: &str, token: &str) -> Option<Transport> {
    // Most paragraphs name no transport: spare them the word split.
    if !may_name_a_transport(text) {
        return None;
    }
    let ws = words(text);
    let mentions = ctx.names.token_positions(text);
    ws.iter().enumerate().find_map(|(i, w)| {
        let transport = match w.as_str() {
            // "Stores the token in localStorage and cookies" says where the client
            // keeps it, not how it reaches the verifier.
            "cookie" | "cookies" if stored(&ws[i.saturating_sub(STORED_WITHIN)..i]) => {
                return None;
            }
            "cookie" | "cookies" => Transport::Cookie,
            "bearer" | "authorization" => Transport::Bearer,
            _ => return None,
        };
        let nearest = mentions
            .iter()
            .filter(|(at, _)| at.abs_diff(i) <= 4)
            .min_by_key(|(at, _)| (at.abs_diff(i), *at > i))?;
        (nearest.1 == token).then_some(transport)
    })
}

/// How many words before "cookie" a storage verb makes it the client's storage.
const STORED_WITHIN: usize = 6;

/// Whether one of `words` says the token is kept somewhere: "stores", "saved",
/// "persisting", "kept", "storage" ("browser storage APIs, httpOnly cookies instead").
fn stored(words: &[String]) -> bool {
    const VERBS: &[&str] = &[
        "store",
        "stores",
        "stored",
        "storing",
        "storage",
        "save",
        "saves",
        "saved",
        "saving",
        "persist",
        "persists",
        "persisted",
        "persisting",
        "keep",
        "keeps",
        "kept",
        "keeping",
    ];
    words.iter().any(|w| VERBS.contains(&w.as_str()))
}

/// Whether a word of `text` can be a transport word: one occurs anywhere in it, in
/// any ASCII case (inside another word too), or the Kelvin sign does, the one
/// letter besides ASCII ones that lower-cases to a letter of theirs ("COO\u{212A}IE").
/// One pass over the text for all of them.
fn may_name_a_transport(text: &str) -> bool {
    static WORDS: LazyLock<Finder> =
        LazyLock::new(|| Finder::new(["cookie", "bearer", "authorization", KELVIN_SIGN]));
    WORDS.is_match(text)
}

/// What the verifiers' examples read: the first hint of each block.
fn code(ctx: &Context, token: &str) -> Vec<Evidence> {
    let verifies = |block: usize| match ctx.extracts.component_of(block) {
        Some(c) => ctx
            .model
            .tokens
            .get(token)
            .is_some_and(|t| t.verified_by.iter().any(|v| v == c)),
        None => libs::verified_token(ctx, None).is_some_and(|(id, _)| id == token),
    };
    let mut out = Vec::new();
    for read in ctx.extracts.python.iter().filter(|r| verifies(r.block)) {
        let source = ctx
            .doc
            .code_blocks
            .get(read.block)
            .map_or("", |b| ctx.doc.slice(b.content));
        // Names are spans of the block: when it holds neither word, none is a hint.
        let may_hint = ["Bearer", "ookie"]
            .iter()
            .any(|w| memchr::memmem::find(source.as_bytes(), w.as_bytes()).is_some());
        let names: &[Span] = if may_hint { &read.names } else { &[] };
        // `request.cookies.get("session_token")` reads another token's cookie.
        let others_cookie = |span: Span| {
            read.calls.iter().any(|c| {
                c.span.start <= span.start
                    && span.end <= c.args.start
                    && c.positional
                        .first()
                        .and_then(|a| read.value_of(a).kind.as_str())
                        .is_some_and(|key| names_another_token(ctx, key, token))
            })
        };
        let names = names.iter().filter_map(|span| {
            name_hint(ctx.doc.slice(*span))
                .filter(|t| *t != Transport::Cookie || !others_cookie(*span))
                .map(|t| (t, *span))
        });
        let strings = read
            .strings
            .iter()
            .filter_map(|s| hint_string(ctx.doc.slice(s.content)).map(|t| (t, s.span)));
        let mut hints: Vec<(Transport, Span)> = names.chain(strings).collect();
        hints.sort_by_key(|(_, s)| s.start);
        push_first(&mut out, hints);
    }
    for script in ctx.extracts.scripts.iter().filter(|s| verifies(s.block)) {
        let hints: Vec<(Transport, Span)> = script
            .lexemes
            .iter()
            .enumerate()
            .filter(|(i, x)| {
                // `cookies.get("session_token")`, `cookies["session"]`: the cookie
                // of another token is that token's evidence.
                !(x.kind == Kind::Ident
                    && matches!(x.text.as_str(), "cookies" | "cookie" | "Cookie")
                    && script.lexemes[i + 1..]
                        .iter()
                        .take(5)
                        .find(|l| l.kind == Kind::Str)
                        .is_some_and(|key| names_another_token(ctx, &key.text, token)))
            })
            .map(|(_, x)| x)
            .filter_map(|x| {
                let t = match x.kind {
                    Kind::Str => hint_string(&x.text)?,
                    Kind::Ident if x.text.eq_ignore_ascii_case("authorization") => {
                        Transport::Bearer
                    }
                    Kind::Ident if matches!(x.text.as_str(), "cookies" | "Cookie" | "cookie") => {
                        Transport::Cookie
                    }
                    _ => return None,
                };
                Some((t, x.span))
            })
            .collect();
        push_first(&mut out, hints);
    }
    out
}

/// What a Python name says: `HTTPBearer`, `bearer_scheme` is no hint but
/// `BearerAuth` is; `cookies`, `Cookie`, `APIKeyCookie`. Read in one pass over the
/// name's bytes (names are short, and most hold neither word).
fn name_hint(name: &str) -> Option<Transport> {
    if name == "cookies" {
        return Some(Transport::Cookie);
    }
    let bytes = name.as_bytes();
    let mut cookie = false;
    for (at, b) in bytes.iter().enumerate() {
        match b {
            b'B' if bytes[at..].starts_with(b"Bearer") => return Some(Transport::Bearer),
            b'C' if bytes[at..].starts_with(b"Cookie") => cookie = true,
            _ => {}
        }
    }
    cookie.then_some(Transport::Cookie)
}

fn hint_string(s: &str) -> Option<Transport> {
    if s.eq_ignore_ascii_case("authorization") || s.starts_with("Bearer") {
        Some(Transport::Bearer)
    } else {
        None
    }
}

/// Whether a cookie's name names a token of the model other than `token`:
/// `better-auth.session_token` is the session's cookie.
fn names_another_token(ctx: &Context, key: &str, token: &str) -> bool {
    // Cookie names join their words with `_`, `-` or `.`.
    ctx.names
        .token_positions(&key.replace(['_', '-', '.'], " "))
        .iter()
        .any(|(_, id)| *id != token)
}

/// A block that reads both ways is not evidence of either; otherwise its first hint.
fn push_first(out: &mut Vec<Evidence>, hints: Vec<(Transport, Span)>) {
    let Some(&(first, span)) = hints.first() else {
        return;
    };
    if hints.iter().all(|(t, _)| *t == first) {
        out.push(Evidence {
            transport: first,
            span,
            source: "this example",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name reading as first written, with a substring search per word.
    fn plain_name_hint(n: &str) -> Option<Transport> {
        if n.contains("Bearer") {
            Some(Transport::Bearer)
        } else if n == "cookies" || n.contains("Cookie") {
            Some(Transport::Cookie)
        } else {
            None
        }
    }

    proptest::proptest! {
        #[test]
        fn a_transport_word_is_never_passed_over(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "cookie", "COOKIES", "coo\u{212A}ie", "Bearer", "BEARER", "authorization",
                    "Authorİzation", "cook", "ie", "é", " ", "-", "jwt", "the token is sent",
                ]),
                0..8,
            ),
        ) {
            let text = parts.concat();
            let named = words(&text)
                .iter()
                .any(|w| matches!(w.as_str(), "cookie" | "cookies" | "bearer" | "authorization"));
            proptest::prop_assert!(!named || may_name_a_transport(&text));
        }

        #[test]
        fn name_hints_agree_with_substring_search(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bearer", "bearer", "Bear", "er", "Cookie", "cookies", "Cook", "ie",
                    "HTTP", "_", "B", "C", "é",
                ]),
                0..5,
            ),
        ) {
            let name = parts.concat();
            proptest::prop_assert_eq!(name_hint(&name), plain_name_hint(&name));
        }
    }
}
