//! Finding any of a few words in a text, ignoring ASCII case, without reading the
//! text byte by byte: each word is anchored at its rarest byte, memchr looks for the
//! anchors (both cases, three bytes to a pass), and only where one stands is the
//! word compared. Rules use it to skip, in one cheap pass, the paragraphs and code
//! blocks that cannot hold what they look for.

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
}

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
        finder
    }

    /// Whether one of the words occurs in `text`, inside another word or not, with
    /// its ASCII letters in any case.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        if self.empty {
            return true;
        }
        let hay = text.as_bytes();
        self.passes.iter().any(|&[a, b, c]| {
            memchr::memchr3_iter(a, b, c, hay).any(|at| {
                let anchor = hay[at].to_ascii_lowercase();
                self.words.iter().any(|(word, offset)| {
                    word[*offset] == anchor
                        && at
                            .checked_sub(*offset)
                            .and_then(|start| hay.get(start..start + word.len()))
                            .is_some_and(|found| found.eq_ignore_ascii_case(word))
                })
            })
        })
    }
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

    proptest::proptest! {
        #[test]
        fn agrees_with_a_plain_search(
            words in proptest::collection::vec("[a-cA-C_é]{0,4}", 0..4),
            text in "[a-cA-C _é]{0,40}",
        ) {
            let f = Finder::new(words.iter().map(String::as_str));
            let lower = text.to_ascii_lowercase();
            let want = words.iter().any(|w| lower.contains(&w.to_ascii_lowercase()));
            proptest::prop_assert_eq!(f.is_match(&text), want);
        }
    }
}
