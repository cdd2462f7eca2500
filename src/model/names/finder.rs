//! Finding any of a few words in a text, ignoring ASCII case, without reading the
//! text byte by byte. Rules use it to skip, in one cheap pass, the paragraphs and
//! code blocks that cannot hold what they look for.
//!
//! Each word is found through a piece of it: its rarest three bytes, in every
//! combination of ASCII case, searched all at once with SIMD (aho-corasick's packed
//! Teddy searcher; case variants share its buckets, so they cost no more than one
//! pattern); or, for short texts and where that searcher is not available, its
//! rarest byte, in both cases, with memchr. Only where a piece stands is the word
//! compared.

use aho_corasick::Span;
use aho_corasick::packed::{Config, MatchKind, Searcher};

/// ASCII letters from the most to the least common in English prose and code.
const BY_FREQUENCY: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz";

/// A compiled set of words; see the module documentation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Finder {
    /// Each word (ASCII letters lower-cased) with the offset of its anchor byte.
    words: Vec<(Vec<u8>, usize)>,
    /// The anchor bytes, both cases of a letter, three to a memchr pass.
    passes: Vec<[u8; 3]>,
    /// An empty word was given: it occurs in every text.
    empty: bool,
    /// The words' pieces for the SIMD searcher, when it can be used.
    packed: Option<Packed>,
}

/// The case variants of a three-byte piece of each word, searched together.
#[derive(Clone, Debug)]
struct Packed {
    searcher: Searcher,
    /// For each pattern: the words it is a piece of, with the piece's offset.
    words_of: Vec<Vec<(usize, usize)>>,
}

/// At most this many case variants go to the SIMD searcher (it takes 128
/// patterns, and more make it slower than memchr).
const MAX_VARIANTS: usize = 64;

/// How rare a byte is expected to be in text: higher is rarer.
fn rarity(b: u8) -> usize {
    match BY_FREQUENCY
        .iter()
        .position(|&c| c == b.to_ascii_lowercase())
    {
        Some(rank) => rank,
        // Digits, punctuation and the bytes of other letters.
        None => BY_FREQUENCY.len(),
    }
}

impl Finder {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut finder = Finder::default();
        let mut anchors: Vec<u8> = Vec::new();
        for word in words {
            let lower = word.as_bytes().to_ascii_lowercase();
            // The rarest byte, the first of equals.
            let Some(at) = (0..lower.len()).rev().max_by_key(|&i| rarity(lower[i])) else {
                finder.empty = true;
                continue;
            };
            anchors.push(lower[at]);
            anchors.push(lower[at].to_ascii_uppercase());
            finder.words.push((lower, at));
        }
        anchors.sort_unstable();
        anchors.dedup();
        finder.passes = anchors
            .chunks(3)
            .map(|c| [c[0], c[c.len().min(2) - 1], c[c.len() - 1]])
            .collect();
        if !finder.empty {
            finder.packed = Packed::new(&finder.words);
        }
        finder
    }

    /// Whether one of the words occurs in `text`, inside another word or not, with
    /// its ASCII letters in any case.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        if self.empty {
            return true;
        }
        let hay = text.as_bytes();
        if let Some(packed) = &self.packed {
            if hay.len() >= packed.searcher.minimum_len() {
                return packed.is_match(&self.words, hay);
            }
        }
        self.passes.iter().any(|&[a, b, c]| {
            memchr::memchr3_iter(a, b, c, hay).any(|at| {
                let anchor = hay[at].to_ascii_lowercase();
                self.words.iter().any(|(word, offset)| {
                    word[*offset] == anchor && word_at(hay, at.checked_sub(*offset), word)
                })
            })
        })
    }
}

/// Whether `word` stands in `hay` at `start`, ignoring ASCII case.
fn word_at(hay: &[u8], start: Option<usize>, word: &[u8]) -> bool {
    start
        .and_then(|start| hay.get(start..start + word.len()))
        .is_some_and(|found| found.eq_ignore_ascii_case(word))
}

impl Packed {
    /// `None` when a word is shorter than a piece, when the pieces have too many
    /// case variants, or when the CPU has no SIMD the searcher uses.
    fn new(words: &[(Vec<u8>, usize)]) -> Option<Packed> {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut words_of: Vec<Vec<(usize, usize)>> = Vec::new();
        for (w, (word, _)) in words.iter().enumerate() {
            // The rarest three bytes in a row, the first of equals.
            let at = (0..=word.len().checked_sub(3)?)
                .rev()
                .max_by_key(|&i| word[i..i + 3].iter().map(|&b| rarity(b)).sum::<usize>())?;
            for variant in case_variants(&word[at..at + 3]) {
                match patterns.iter().position(|p| *p == variant) {
                    Some(p) => words_of[p].push((w, at)),
                    None => {
                        patterns.push(variant);
                        words_of.push(vec![(w, at)]);
                    }
                }
                if patterns.len() > MAX_VARIANTS {
                    return None;
                }
            }
        }
        let searcher = Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .builder()
            .extend(&patterns)
            .build()?;
        Some(Packed { searcher, words_of })
    }

    /// Every place a piece stands is tried (the search resumes one byte after each
    /// piece found, so pieces that overlap are all seen).
    fn is_match(&self, words: &[(Vec<u8>, usize)], hay: &[u8]) -> bool {
        let mut from = 0;
        while let Some(found) = self.searcher.find_in(hay, Span::from(from..hay.len())) {
            let start = found.start();
            let hit = self.words_of[found.pattern().as_usize()]
                .iter()
                .any(|&(w, offset)| word_at(hay, start.checked_sub(offset), &words[w].0));
            if hit {
                return true;
            }
            from = start + 1;
        }
        false
    }
}

/// Every spelling of `piece` in ASCII upper and lower case.
fn case_variants(piece: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::with_capacity(piece.len())];
    for &b in piece {
        let cases: &[u8] = if b.is_ascii_alphabetic() {
            &[b.to_ascii_lowercase(), b.to_ascii_uppercase()]
        } else {
            &[b]
        };
        out = out
            .into_iter()
            .flat_map(|v| {
                cases.iter().map(move |&c| {
                    let mut v = v.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_in_any_case_anywhere() {
        let f = Finder::new(["cookie", "bearer", "authorization"]);
        assert!(f.is_match("Return the COOKIE"));
        assert!(f.is_match("cookies"));
        assert!(f.is_match("x-Authorization: Bearer"));
        assert!(f.is_match("bEaReR"));
        assert!(!f.is_match("cooki e, bear, authorisation"));
        assert!(!f.is_match(""));
        assert!(f.is_match("kcookie"), "an anchor before the word's own");
    }

    #[test]
    fn empty_sets_and_empty_words() {
        assert!(!Finder::new([]).is_match("anything"));
        assert!(!Finder::default().is_match("anything"));
        assert!(Finder::new([""]).is_match(""));
    }

    #[test]
    fn other_bytes_are_compared_exactly() {
        let f = Finder::new(["jéton", "k8s_x"]);
        assert!(!f.is_match("un JÉton"));
        assert!(f.is_match("un JéTON"));
        assert!(f.is_match("K8S_X"));
        assert!(!f.is_match("k8s-x"));
    }

    /// A paragraph long enough for the SIMD searcher, with `inner` in the middle.
    fn long(inner: &str) -> String {
        format!(
            "{0}{inner}{0}",
            "The system keeps it without reloading the page. "
        )
    }

    #[test]
    fn long_texts_go_through_the_pieces() {
        let f = Finder::new(["cookie", "bearer", "authorization"]);
        if f.packed.is_none() {
            return; // No SIMD searcher on this CPU: the tests above cover memchr.
        }
        for (inner, want) in [
            ("the COOKIE", true),
            ("a BeArEr token", true),
            ("x-authorizATION", true),
            ("cooki e, bear, authorisation", false),
            ("kcookiekie", true),
            ("okookie", false),
            ("bearbearer", true),
        ] {
            let text = long(inner);
            assert!(text.len() >= f.packed.as_ref().map_or(0, |p| p.searcher.minimum_len()));
            assert_eq!(f.is_match(&text), want, "{inner}");
        }
    }

    #[test]
    fn pieces_shared_by_words_find_each_word() {
        // "oke" is the rarest piece of both; only the second word stands here.
        let f = Finder::new(["token", "broker"]);
        assert!(f.is_match(&long("the Broker")));
        assert!(f.is_match(&long("a TOKEN")));
        assert!(!f.is_match(&long("a smoke")));
    }

    fn plain(words: &[String], text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        words
            .iter()
            .any(|w| lower.contains(&w.to_ascii_lowercase()))
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_plain_search(
            words in proptest::collection::vec("[a-cA-C_é]{0,4}", 0..4),
            text in "[a-cA-C _é]{0,40}",
        ) {
            let f = Finder::new(words.iter().map(String::as_str));
            proptest::prop_assert_eq!(f.is_match(&text), plain(&words, &text));
        }

        #[test]
        fn agrees_with_a_plain_search_on_long_texts(
            words in proptest::collection::vec("[a-dA-D_é]{3,6}", 1..5),
            text in "[a-dA-D _é]{30,200}",
        ) {
            let f = Finder::new(words.iter().map(String::as_str));
            proptest::prop_assert_eq!(f.is_match(&text), plain(&words, &text));
        }
    }
}
