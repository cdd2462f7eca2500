//! Names compiled once per run: component names, aliases and libraries; token names
//! and aliases; create and verify verbs.
//!
//! Rules never compare raw strings: they ask [`Names`], which folds case and
//! whitespace the same way everywhere, so "Next.js  frontend" in a box and
//! `Next.js Frontend` in the model are one name.

mod finder;

use rustc_hash::FxHashMap;

use super::Model;
pub(crate) use finder::Finder;

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
///
/// Rules ask it about every paragraph, diagram step and code example, so the maps
/// use a fast hash (keys are short and come from the model, not from an attacker
/// who could aim at collisions in a way that matters), and ASCII text is matched
/// in place, without a lower-cased copy.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Folded name, alias, id or library → component id.
    components: FxHashMap<String, String>,
    /// (words of a name or alias, token id), longest phrases first.
    token_phrases: Vec<(Vec<String>, String)>,
    /// The first words of the token phrases, found case-insensitively anywhere in
    /// a text: a text without one mentions no token, and is spared the word split
    /// (see [`Names::may_mention_token`]).
    token_starts: Finder,
    /// Every token phrase's first word is ASCII.
    ascii_starts: bool,
    /// Every name above as a phrase (its words), for phrase search.
    component_phrases: Vec<Phrase>,
    /// Indexes into `component_phrases` by first word: a text's words are looked up
    /// once each, instead of searching the text for every phrase.
    phrases_by_first: FxHashMap<String, Vec<usize>>,
    /// The shapes of those first words: most words of a text are none of them.
    first_shapes: Shapes,
    /// Every form of every verb (see [`is_form_of`]) → what it does; create wins.
    verb_forms: FxHashMap<String, Verb>,
    /// The shapes of the forms: most words are no verb.
    verb_shapes: Shapes,
}

/// "K", the Kelvin sign: the one character outside ASCII that lower-cases to an ASCII
/// letter alone ("k"; the dotted capital I becomes an "i" and a combining dot). A
/// text without it holds an ASCII word, in [`words`]' lower case, only where that
/// word is written in ASCII.
pub(crate) const KELVIN_SIGN: &str = "\u{212A}";

/// Lower-case, whitespace folded to single spaces: the form every name is compared in.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The common case, in one allocation: ASCII lower-casing is per byte, so it
        // gives what lower-casing word by word gives, and is done once, at the end.
        let mut out = String::with_capacity(name.len());
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
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

/// The words of an ASCII text (runs of letters, digits and `_`) as slices of it, in
/// their written case: what [`words`] gives, but neither lower-cased nor copied.
pub(crate) fn ascii_words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !is_word(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && is_word(bytes[at]) {
            at += 1;
        }
        // Slicing at ASCII bytes always falls on a character boundary.
        text.get(start..at).filter(|w| !w.is_empty())
    })
}

/// Calls `f` with the words of `text` as [`words`] gives them, but for an ASCII
/// text in their written case (compare them with `eq_ignore_ascii_case`): no copy
/// of the text and no allocation per word. A non-ASCII text's words are lower-cased
/// as [`words`] does (a few letters lower-case to ASCII ones: K, the Kelvin sign).
fn with_words<R>(text: &str, f: impl FnOnce(&[&str]) -> R) -> R {
    if text.is_ascii() {
        let ws: Vec<&str> = ascii_words(text).collect();
        f(&ws)
    } else {
        let owned = words(text);
        let ws: Vec<&str> = owned.iter().map(String::as_str).collect();
        f(&ws)
    }
}

/// Which (first byte, length) pairs a set of lower-case words has: a word of
/// another shape (its first byte compared without ASCII case) is none of them, as
/// a couple of instructions tell, without lower-casing or hashing it.
#[derive(Clone, Debug, Default)]
struct Shapes(Vec<u64>);

impl Shapes {
    fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut bits = vec![0u64; 256];
        for word in words {
            if let Some(&b) = word.as_bytes().first() {
                bits[usize::from(b.to_ascii_lowercase())] |= 1 << word.len().min(63);
            }
        }
        Shapes(bits)
    }

    /// False when `word` cannot be one of the words (lengths past 63 share a bit).
    fn may_hold(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .and_then(|b| self.0.get(usize::from(b.to_ascii_lowercase())))
            .is_some_and(|bits| bits >> word.len().min(63) & 1 == 1)
    }
}

/// A component's name, alias, id or library as words, for phrase search.
#[derive(Clone, Debug)]
struct Phrase {
    /// Lower case, as [`words`] gives them.
    words: Vec<String>,
    /// The length of the phrase written " w1 w2 ": how specific a match is.
    len: usize,
    id: String,
}

/// `word` (from [`with_words`]) looked up in `map`, whose keys are lower case:
/// lower-cased on the stack when it has to be.
fn get_folded<'m, V>(map: &'m FxHashMap<String, V>, word: &str) -> Option<&'m V> {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return map.get(word);
    }
    let mut buf = [0u8; 64];
    match buf.get_mut(..word.len()) {
        Some(lower) => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            map.get(std::str::from_utf8(lower).ok()?)
        }
        None => map.get(&word.to_ascii_lowercase()),
    }
}

impl Names {
    pub fn new(model: &Model) -> Self {
        let mut components = FxHashMap::default();
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
        // Only ASCII first words can stand in an ASCII text.
        let mut starts: Vec<&str> = token_phrases
            .iter()
            .map(|(w, _)| w[0].as_str())
            .filter(|w| w.is_ascii())
            .collect();
        let ascii_starts = starts.len() == token_phrases.len();
        starts.push(KELVIN_SIGN);
        starts.sort_unstable();
        starts.dedup();
        let token_starts = Finder::new(starts);
        let mut component_phrases: Vec<Phrase> = components
            .iter()
            .map(|(known, id)| {
                let words: Vec<String> = with_words(known, |ws| {
                    ws.iter().map(|w| w.to_ascii_lowercase()).collect()
                });
                let len = words.iter().map(|w| w.len() + 1).sum::<usize>() + 1;
                Phrase {
                    words,
                    len,
                    id: id.clone(),
                }
            })
            .filter(|p| !p.words.is_empty())
            .collect();
        component_phrases.sort_by(|a, b| (&a.words, &a.id).cmp(&(&b.words, &b.id)));
        let mut phrases_by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in component_phrases.iter().enumerate() {
            phrases_by_first
                .entry(p.words[0].clone())
                .or_default()
                .push(i);
        }
        let mut verb_forms = FxHashMap::default();
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
        let first_shapes = Shapes::new(phrases_by_first.keys().map(String::as_str));
        let verb_shapes = Shapes::new(verb_forms.keys().map(String::as_str));
        Names {
            components,
            token_phrases,
            token_starts,
            ascii_starts,
            component_phrases,
            phrases_by_first,
            first_shapes,
            verb_forms,
            verb_shapes,
        }
    }

    /// Calls `hit` with the index (into `component_phrases`) of every phrase whose
    /// words stand in a row in `ws` (words from [`with_words`]), once per place.
    fn phrase_hits(&self, ws: &[&str], mut hit: impl FnMut(usize)) {
        for i in 0..ws.len() {
            if !self.first_shapes.may_hold(ws[i]) {
                continue;
            }
            let Some(candidates) = get_folded(&self.phrases_by_first, ws[i]) else {
                continue;
            };
            for &p in candidates {
                let rest = &self.component_phrases[p].words[1..];
                let follows = ws.get(i + 1..i + 1 + rest.len()).is_some_and(|got| {
                    got.iter().zip(rest).all(|(w, r)| w.eq_ignore_ascii_case(r))
                });
                if follows {
                    hit(p);
                }
            }
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
        let mut found: Option<&str> = None;
        let mut two = false;
        with_words(name, |ws| {
            self.phrase_hits(ws, |i| {
                let id = self.component_phrases[i].id.as_str();
                match found {
                    Some(other) if other != id => two = true,
                    _ => found = Some(id),
                }
            })
        });
        if two { None } else { found }
    }

    /// Every component named anywhere in `text`, with the length of the longest name
    /// matched (longer names are more specific: "Better Auth" over "Auth").
    pub fn components_in(&self, text: &str) -> Vec<(&str, usize)> {
        let mut hits: Vec<(&str, usize)> = Vec::new();
        with_words(text, |ws| {
            self.phrase_hits(ws, |i| {
                let phrase = &self.component_phrases[i];
                match hits.iter_mut().find(|(h, _)| *h == phrase.id) {
                    Some(hit) => hit.1 = hit.1.max(phrase.len),
                    None => hits.push((&phrase.id, phrase.len)),
                }
            })
        });
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        hits
    }

    /// Whether `text` can mention a token at all: false only when no token phrase's
    /// first word occurs in it, in any ASCII case, even inside another word. A word
    /// lower-cases to an ASCII one only when it is ASCII or holds the Kelvin sign
    /// (which the finder looks for too), so that settles it when every first word
    /// is ASCII; otherwise it settles it for ASCII texts only.
    fn may_mention_token(&self, text: &str) -> bool {
        (!self.ascii_starts && !text.is_ascii()) || self.token_starts.is_match(text)
    }

    /// Tokens mentioned in `text`, in order of appearance, each once.
    pub fn tokens_in(&self, text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, _, id) in self.token_mentions(text) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Every token phrase in `text` as (index of its first word in [`words`]`(text)`,
    /// its length in words, token id), scanning left to right, longest phrase first.
    fn token_mentions(&self, text: &str) -> Vec<(usize, usize, &str)> {
        if !self.may_mention_token(text) {
            return Vec::new();
        }
        with_words(text, |ws| self.token_mentions_in(ws))
    }

    fn token_mentions_in(&self, ws: &[&str]) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            match self.token_at(ws, i) {
                Some((len, id)) => {
                    out.push((i, len, id));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn token_at(&self, ws: &[&str], i: usize) -> Option<(usize, &str)> {
        self.token_phrases.iter().find_map(|(phrase, id)| {
            let end = i + phrase.len();
            (end <= ws.len()
                && ws[i..end]
                    .iter()
                    .zip(phrase)
                    .all(|(w, p)| w.eq_ignore_ascii_case(p)))
            .then_some((phrase.len(), id.as_str()))
        })
    }

    /// Tokens mentioned in `text` with the index of their first word in
    /// [`words`]`(text)`: what lets a rule pair a token with a nearby word.
    pub fn token_positions(&self, text: &str) -> Vec<(usize, &str)> {
        self.token_mentions(text)
            .into_iter()
            .map(|(at, _, id)| (at, id))
            .collect()
    }

    /// The verb a word is a form of ("creates", "verifying", "signed").
    pub fn verb(&self, word: &str) -> Option<Verb> {
        self.verb_forms.get(word).copied()
    }

    /// [`Names::verb`] of a word from [`with_words`] (so in any case when ASCII).
    fn verb_of_word(&self, word: &str) -> Option<Verb> {
        if !self.verb_shapes.may_hold(word) {
            return None;
        }
        get_folded(&self.verb_forms, word).copied()
    }

    /// The actions on tokens that `text` describes. Each token takes the nearest verb
    /// (by words; the one before it on a tie): "Create JWT & Session" creates both,
    /// "JWT verified, then session created" verifies one and creates the other.
    pub fn actions(&self, text: &str) -> Vec<Action> {
        if !self.may_mention_token(text) {
            return Vec::new();
        }
        let (verbs, tokens) = with_words(text, |ws| {
            let tokens = self.token_mentions_in(ws);
            let mut verbs: Vec<(usize, Verb)> = Vec::new();
            if tokens.is_empty() {
                return (verbs, tokens);
            }
            // Verbs are the words outside the token phrases.
            let mut phrases = tokens.iter().peekable();
            let mut i = 0;
            while i < ws.len() {
                if let Some(&(_, len, _)) = phrases.next_if(|(at, _, _)| *at == i) {
                    i += len;
                    continue;
                }
                if let Some(verb) = self.verb_of_word(ws[i]) {
                    verbs.push((i, verb));
                }
                i += 1;
            }
            (verbs, tokens)
        });
        let mut actions: Vec<Action> = Vec::new();
        for (at, _, token) in tokens {
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

    /// The matching as first written, on lower-cased copies and with a substring
    /// search per phrase: what the compiled matchers must agree with.
    mod plain {
        use super::super::{Names, Verb, words};

        fn spaced(text: &str) -> String {
            format!(" {} ", words(text).join(" "))
        }

        fn phrases(names: &Names) -> Vec<(String, &str)> {
            names
                .component_phrases
                .iter()
                .map(|p| (format!(" {} ", p.words.join(" ")), p.id.as_str()))
                .collect()
        }

        pub fn components_in<'n>(names: &'n Names, text: &str) -> Vec<(&'n str, usize)> {
            let text = spaced(text);
            let mut hits: Vec<(&str, usize)> = Vec::new();
            for (phrase, id) in phrases(names) {
                if !text.contains(phrase.as_str()) {
                    continue;
                }
                match hits.iter_mut().find(|(h, _)| *h == id) {
                    Some(hit) => hit.1 = hit.1.max(phrase.len()),
                    None => hits.push((id, phrase.len())),
                }
            }
            hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            hits
        }

        pub fn component<'n>(names: &'n Names, name: &str) -> Option<&'n str> {
            if let Some(id) = names.components.get(&super::super::fold(name)) {
                return Some(id);
            }
            let mut ids: Vec<&str> = phrases(names)
                .into_iter()
                .filter(|(p, _)| spaced(name).contains(p.as_str()))
                .map(|(_, id)| id)
                .collect();
            ids.dedup();
            if ids.len() == 1 { ids.pop() } else { None }
        }

        pub fn token_positions<'n>(names: &'n Names, text: &str) -> Vec<(usize, &'n str)> {
            mentions(names, text)
                .into_iter()
                .map(|(at, _, id)| (at, id))
                .collect()
        }

        fn mentions<'n>(names: &'n Names, text: &str) -> Vec<(usize, usize, &'n str)> {
            let ws = words(text);
            let mut out = Vec::new();
            let mut i = 0;
            while i < ws.len() {
                let found = names.token_phrases.iter().find(|(phrase, _)| {
                    ws.get(i..i + phrase.len())
                        .is_some_and(|got| got == phrase.as_slice())
                });
                match found {
                    Some((phrase, id)) => {
                        out.push((i, phrase.len(), id.as_str()));
                        i += phrase.len();
                    }
                    None => i += 1,
                }
            }
            out
        }

        pub fn actions(names: &Names, text: &str) -> Vec<(Verb, String)> {
            let ws = words(text);
            let tokens = mentions(names, text);
            let verbs: Vec<(usize, Verb)> = (0..ws.len())
                .filter(|i| {
                    !tokens
                        .iter()
                        .any(|(at, len, _)| (*at..at + len).contains(i))
                })
                .filter_map(|i| names.verb(&ws[i]).map(|v| (i, v)))
                .collect();
            let mut out: Vec<(Verb, String)> = Vec::new();
            for (at, _, token) in tokens {
                let nearest = verbs.iter().min_by_key(|(v, _)| (v.abs_diff(at), *v > at));
                if let Some(&(_, verb)) = nearest {
                    if !out.iter().any(|(v, t)| *v == verb && t == token) {
                        out.push((verb, token.to_string()));
                    }
                }
            }
            out
        }
    }

    fn rich_model() -> Model {
        let mut m = model();
        m.components.insert(
            "kelvin".into(),
            Component {
                name: "\u{212A}afka Broker".into(),
                aliases: vec!["Straße".into(), "next js".into()],
                libraries: vec![],
            },
        );
        m.tokens.insert(
            "refresh".into(),
            Token {
                name: "Refresh Token".into(),
                aliases: vec!["Jéton".into(), "signed token".into()],
                ..Token::default()
            },
        );
        m
    }

    /// [`rich_model`] without its one token phrase whose first word is not ASCII.
    fn ascii_model() -> Model {
        let mut m = rich_model();
        if let Some(t) = m.tokens.get_mut("refresh") {
            t.aliases.retain(|a| a.is_ascii());
        }
        m
    }

    proptest::proptest! {
        #[test]
        fn compiled_matching_agrees_with_plain_matching(
            ascii in proptest::bool::ANY,
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "create", "Created", "VERIFY", "verifies", "signing", "jwt", "JWT",
                    "token", "Tokens", "refresh", "session", "jwt cookie", "Next.js",
                    "next", "JS", "frontend", "FastAPI", "backend", "Better", "Auth",
                    "kafka", "\u{212A}AFKA", "broker", "straße", "STRASSE", "jéton",
                    "JÉTON", "x_y", "-", " ", ", ", "\n", "(", ")", "é", "TO\u{212A}EN",
                    "to\u{212A}en", "İ", "sİgned",
                ]),
                0..12,
            ),
        ) {
            let names = Names::new(&if ascii { ascii_model() } else { rich_model() });
            let text = parts.join(" ");
            proptest::prop_assert_eq!(names.components_in(&text), plain::components_in(&names, &text));
            proptest::prop_assert_eq!(names.component(&text), plain::component(&names, &text));
            proptest::prop_assert_eq!(names.token_positions(&text), plain::token_positions(&names, &text));
            let actions: Vec<(Verb, String)> =
                names.actions(&text).into_iter().map(|a| (a.verb, a.token)).collect();
            proptest::prop_assert_eq!(actions, plain::actions(&names, &text));
        }
    }
}
