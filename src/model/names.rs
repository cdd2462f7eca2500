//! Names compiled once per run: component names, aliases and libraries; token names
//! and aliases; create and verify verbs.
//!
//! Rules never compare raw strings: they ask [`Names`], which folds case and
//! whitespace the same way everywhere, so "Next.js  frontend" in a box and
//! `Next.js Frontend` in the model are one name.

use std::collections::HashMap;

use super::Model;

/// What a verb does to a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    Create,
    Verify,
}

/// A verb applied to a token in some text: "Create JWT" → (Create, jwt).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub verb: Verb,
    pub token: String,
}

/// The model's vocabulary, ready for matching.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Folded name, alias, id or library → component id.
    components: HashMap<String, String>,
    /// (words of a name or alias, token id), longest phrases first.
    token_phrases: Vec<(Vec<String>, String)>,
    /// Every name above as " w1 w2 " (its words between spaces) → component id, for
    /// phrase search; compiled here so that matching a text allocates only for it.
    component_phrases: Vec<(String, String)>,
    /// Every form of every verb (see [`is_form_of`]) → what it does; create wins.
    verb_forms: HashMap<String, Verb>,
}

/// Lower-case, whitespace folded to single spaces: the form every name is compared in.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The common case, in one allocation: ASCII lower-casing is per byte, so it
        // gives what lower-casing word by word gives.
        let mut out = String::with_capacity(name.len());
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case words of `text`: runs of letters, digits and `_`.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Calls `f` with the lower-case words of `text` (as [`words`] gives them), without
/// one allocation per word when the text is ASCII.
fn with_words<R>(text: &str, f: impl FnOnce(&[&str]) -> R) -> R {
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        let ws: Vec<&str> = lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        f(&ws)
    } else {
        let owned = words(text);
        let ws: Vec<&str> = owned.iter().map(String::as_str).collect();
        f(&ws)
    }
}

/// `text`'s words joined as " w1 w2 ", the form phrases are searched in.
fn spaced_words(text: &str) -> String {
    with_words(text, |ws| {
        let mut out = String::with_capacity(text.len() + 2);
        out.push(' ');
        for w in ws {
            out.push_str(w);
            out.push(' ');
        }
        out
    })
}

impl Names {
    pub fn new(model: &Model) -> Self {
        let mut components = HashMap::new();
        for (id, comp) in &model.components {
            let names = std::iter::once(&comp.name)
                .chain(&comp.aliases)
                .chain(&comp.libraries);
            for name in names {
                components.entry(fold(name)).or_insert_with(|| id.clone());
            }
            components.entry(fold(id)).or_insert_with(|| id.clone());
        }
        let mut token_phrases: Vec<(Vec<String>, String)> = model
            .tokens
            .iter()
            .flat_map(|(id, t)| {
                std::iter::once(&t.name)
                    .chain(&t.aliases)
                    .map(move |n| (words(n), id.clone()))
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        token_phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let mut component_phrases: Vec<(String, String)> = components
            .iter()
            .map(|(known, id)| (spaced_words(known), id.clone()))
            .filter(|(phrase, _)| !phrase.trim().is_empty())
            .collect();
        component_phrases.sort();
        let mut verb_forms = HashMap::new();
        for (verbs, verb) in [
            (&model.verbs.create, Verb::Create),
            (&model.verbs.verify, Verb::Verify),
        ] {
            for v in verbs {
                for form in forms_of(&v.to_lowercase()) {
                    verb_forms.entry(form).or_insert(verb);
                }
            }
        }
        Names {
            components,
            token_phrases,
            component_phrases,
            verb_forms,
        }
    }

    /// The component a drawn or written name stands for: its name, an alias, its id,
    /// or one of its libraries. When no name matches whole, a name that holds exactly
    /// one component's name as a phrase ("FastAPI Backend Service") still matches.
    pub fn component(&self, name: &str) -> Option<&str> {
        let folded = fold(name);
        if let Some(id) = self.components.get(&folded) {
            return Some(id);
        }
        let text = spaced_words(name);
        let mut found: Option<&str> = None;
        for (known, id) in &self.component_phrases {
            if !text.contains(known.as_str()) {
                continue;
            }
            match found {
                Some(other) if other != id => return None,
                _ => found = Some(id),
            }
        }
        found
    }

    /// Every component named anywhere in `text`, with the length of the longest name
    /// matched (longer names are more specific: "Better Auth" over "Auth").
    pub fn components_in(&self, text: &str) -> Vec<(&str, usize)> {
        let text = spaced_words(text);
        let mut hits: Vec<(&str, usize)> = Vec::new();
        for (phrase, id) in &self.component_phrases {
            if !text.contains(phrase.as_str()) {
                continue;
            }
            match hits.iter_mut().find(|(h, _)| h == id) {
                Some(hit) => hit.1 = hit.1.max(phrase.len()),
                None => hits.push((id, phrase.len())),
            }
        }
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        hits
    }

    /// Tokens mentioned in `text`, in order of appearance, each once.
    pub fn tokens_in(&self, text: &str) -> Vec<&str> {
        with_words(text, |ws| {
            let mut out: Vec<&str> = Vec::new();
            let mut i = 0;
            while i < ws.len() {
                match self.token_at(ws, i) {
                    Some((len, id)) => {
                        if !out.contains(&id) {
                            out.push(id);
                        }
                        i += len;
                    }
                    None => i += 1,
                }
            }
            out
        })
    }

    fn token_at(&self, ws: &[&str], i: usize) -> Option<(usize, &str)> {
        self.token_phrases.iter().find_map(|(phrase, id)| {
            let end = i + phrase.len();
            (end <= ws.len() && ws[i..end].iter().zip(phrase).all(|(w, p)| w == p))
                .then_some((phrase.len(), id.as_str()))
        })
    }

    /// Tokens mentioned in `text` with the index of their first word in
    /// [`words`]`(text)`: what lets a rule pair a token with a nearby word.
    pub fn token_positions(&self, text: &str) -> Vec<(usize, &str)> {
        with_words(text, |ws| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < ws.len() {
                match self.token_at(ws, i) {
                    Some((len, id)) => {
                        out.push((i, id));
                        i += len;
                    }
                    None => i += 1,
                }
            }
            out
        })
    }

    /// The verb a word is a form of ("creates", "verifying", "signed").
    pub fn verb(&self, word: &str) -> Option<Verb> {
        self.verb_forms.get(word).copied()
    }

    /// The actions on tokens that `text` describes. Each token takes the nearest verb
    /// (by words; the one before it on a tie): "Create JWT & Session" creates both,
    /// "JWT verified, then session created" verifies one and creates the other.
    pub fn actions(&self, text: &str) -> Vec<Action> {
        let (verbs, tokens) = with_words(text, |ws| {
            let mut verbs: Vec<(usize, Verb)> = Vec::new();
            let mut tokens: Vec<(usize, &str)> = Vec::new();
            let mut i = 0;
            while i < ws.len() {
                if let Some((len, token)) = self.token_at(ws, i) {
                    tokens.push((i, token));
                    i += len;
                    continue;
                }
                if let Some(verb) = self.verb(ws[i]) {
                    verbs.push((i, verb));
                }
                i += 1;
            }
            (verbs, tokens)
        });
        let mut actions: Vec<Action> = Vec::new();
        for (at, token) in tokens {
            let nearest = verbs.iter().min_by_key(|(v, _)| (v.abs_diff(at), *v > at));
            if let Some(&(_, verb)) = nearest {
                push_action(&mut actions, verb, token);
            }
        }
        actions
    }
}

fn push_action(actions: &mut Vec<Action>, verb: Verb, token: &str) {
    if !actions.iter().any(|a| a.verb == verb && a.token == token) {
        actions.push(Action {
            verb,
            token: token.to_string(),
        });
    }
}

/// Every word [`is_form_of`] accepts for `verb`: its stems with each suffix.
fn forms_of(verb: &str) -> Vec<String> {
    let y_stem = verb.strip_suffix('y').map(|s| format!("{s}i"));
    let stems = [Some(verb), verb.strip_suffix('e'), y_stem.as_deref()];
    stems
        .into_iter()
        .flatten()
        .flat_map(|stem| FORM_SUFFIXES.iter().map(move |s| format!("{stem}{s}")))
        .collect()
}

const FORM_SUFFIXES: &[&str] = &["", "s", "es", "d", "ed", "ing", "ion", "ation", "cation"];

/// `word` is `verb` or one of its regular inflections or nouns of action
/// ("creates", "creating", "creation", "verified", "verification").
#[cfg(test)]
fn is_form_of(word: &str, verb: &str) -> bool {
    const SUFFIXES: &[&str] = FORM_SUFFIXES;
    let y_stem = verb.strip_suffix('y').map(|s| format!("{s}i"));
    let stems = [Some(verb), verb.strip_suffix('e'), y_stem.as_deref()];
    stems.into_iter().flatten().any(|stem| {
        word.strip_prefix(stem)
            .is_some_and(|rest| SUFFIXES.contains(&rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Token};

    fn model() -> Model {
        let mut m = Model {
            version: 1,
            ..Model::default()
        };
        m.components.insert(
            "frontend".into(),
            Component {
                name: "Next.js Frontend".into(),
                aliases: vec!["Next.js".into(), "Frontend".into()],
                libraries: vec!["Better Auth".into()],
            },
        );
        m.components.insert(
            "backend".into(),
            Component {
                name: "FastAPI Backend".into(),
                aliases: vec!["Backend".into()],
                libraries: vec![],
            },
        );
        m.tokens.insert(
            "jwt".into(),
            Token {
                name: "JWT".into(),
                aliases: vec!["token".into(), "JWT cookie".into()],
                ..Token::default()
            },
        );
        m.tokens.insert(
            "session".into(),
            Token {
                name: "Session".into(),
                ..Token::default()
            },
        );
        m
    }

    #[test]
    fn components_match_by_name_alias_library_and_phrase() {
        let names = Names::new(&model());
        assert_eq!(names.component("Next.js   frontend"), Some("frontend"));
        assert_eq!(names.component("NEXT.JS"), Some("frontend"));
        assert_eq!(names.component("Better Auth"), Some("frontend"));
        assert_eq!(names.component("FastAPI Backend Service"), Some("backend"));
        assert_eq!(names.component("Browser"), None);
    }

    #[test]
    fn actions_pair_tokens_with_the_nearest_verb() {
        let names = Names::new(&model());
        let create = |t: &str| Action {
            verb: Verb::Create,
            token: t.into(),
        };
        let verify = |t: &str| Action {
            verb: Verb::Verify,
            token: t.into(),
        };
        assert_eq!(
            names.actions("2. Create JWT & Session"),
            vec![create("jwt"), create("session")]
        );
        assert_eq!(names.actions("Verify JWT signature"), vec![verify("jwt")]);
        assert_eq!(
            names.actions("JWT verified, then session created"),
            vec![verify("jwt"), create("session")]
        );
        assert_eq!(names.actions("Return JWT cookie"), vec![]);
        assert_eq!(names.actions("Verify credentials"), vec![]);
        assert_eq!(names.actions("Creating a token"), vec![create("jwt")]);
    }

    #[test]
    fn verb_forms() {
        assert!(is_form_of("creates", "create"));
        assert!(is_form_of("creating", "create"));
        assert!(is_form_of("signed", "sign"));
        assert!(is_form_of("verification", "verify"));
        assert!(is_form_of("verifies", "verify"));
        assert!(is_form_of("creation", "create"));
        assert!(!is_form_of("signature", "sign"));
        assert!(!is_form_of("signin", "sign"));
        assert!(!is_form_of("checkout", "check"));
    }

    #[test]
    fn compiled_forms_are_the_forms() {
        let names = Names::new(&model());
        for word in [
            "creates",
            "creation",
            "verification",
            "verifies",
            "signed",
            "decoding",
        ] {
            assert!(names.verb(word).is_some(), "{word}");
        }
        for word in ["signature", "signin", "checkout", "create_"] {
            assert_eq!(names.verb(word), None, "{word}");
        }
        for verb in ["create", "verify", "sign"] {
            assert!(forms_of(verb).iter().all(|f| is_form_of(f, verb)));
        }
    }
}
