//! How headings are compared, and the keys of a document's sections: rules look
//! sections up by title many times per document, so each title's key is computed
//! once, and the keys of a document share one string.

/// How headings are compared: case-insensitive, whitespace-folded, without leading
/// numbering ("2.", "3)", "1.2") or code marks. Never by line number.
pub fn heading_key(title: &str) -> String {
    let mut key = String::new();
    push_key(title, false, &mut key);
    key
}

/// Appends [`heading_key`] of `title` to `out`. `plain` tells that the title is
/// single-spaced ASCII already (the parse has checked), so that its key is its
/// lower case once numbering is removed, without checking it again.
fn push_key(title: &str, plain: bool, out: &mut String) {
    if title.contains('`') {
        push_unmarked_key(&title.replace('`', ""), false, out);
    } else {
        push_unmarked_key(title, plain, out);
    }
}

/// [`push_key`] for a title without code marks.
fn push_unmarked_key(title: &str, plain: bool, out: &mut String) {
    let rest = unnumbered(title);
    match plain_words(rest, plain) {
        Some(words) => {
            let start = out.len();
            out.push_str(words);
            out[start..].make_ascii_lowercase();
        }
        None => out.push_str(&crate::model::names::fold(rest)),
    }
}

/// A title without code marks, leading blanks and numbering: what its key folds.
fn unnumbered(title: &str) -> &str {
    let rest = title.trim_start();
    // The numbering's characters are ASCII, so a byte search finds what a
    // character search finds.
    let numbered = rest
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.' || b == b')'));
    match numbered {
        Some(end)
            if end > 0 && rest.as_bytes()[0].is_ascii_digit() && rest[end..].starts_with(' ') =>
        {
            &rest[end..]
        }
        _ => rest,
    }
}

/// The words of an [`unnumbered`] title when they are single-spaced ASCII (most
/// titles, and every `plain` one): folding them is lower-casing them.
fn plain_words(rest: &str, plain: bool) -> Option<&str> {
    let words = rest.strip_prefix(' ').unwrap_or(rest);
    (plain || super::inline::is_squashed(words)).then_some(words)
}

/// [`heading_key`] of every section's title, end to end.
#[derive(Clone, Debug, Default)]
pub(super) struct SectionKeys {
    keys: String,
    /// Where each section's key ends in `keys`.
    ends: Vec<usize>,
}

impl SectionKeys {
    /// The keys of titles in section order, each with whether it is plain (see
    /// [`SectionKeys::push`]).
    pub(super) fn new<'t>(titles: impl Iterator<Item = (&'t str, bool)> + Clone) -> Self {
        let (count, len) = titles.clone().fold((0, 0), |(count, len), (title, _)| {
            (count + 1, len + title.len())
        });
        let mut keys = SectionKeys {
            keys: String::with_capacity(len),
            ends: Vec::with_capacity(count),
        };
        for (title, plain) in titles {
            keys.push(title, plain);
        }
        keys
    }

    /// Adds the next section's key (`plain` as for [`push_key`]).
    fn push(&mut self, title: &str, plain: bool) {
        push_key(title, plain, &mut self.keys);
        self.ends.push(self.keys.len());
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The first section whose key is `title`'s key.
    pub(super) fn find(&self, title: &str) -> Option<usize> {
        if !title.contains('`') {
            if let Some(words) = plain_words(unnumbered(title), false) {
                // The key is the words' lower case: compared without making it.
                let words = words.as_bytes();
                return self.position(words.len(), |key| {
                    key.iter()
                        .zip(words)
                        .all(|(&k, w)| k == w.to_ascii_lowercase())
                });
            }
        }
        let wanted = heading_key(title);
        self.position(wanted.len(), |key| key == wanted.as_bytes())
    }

    /// The first key of `len` bytes that `matches`.
    fn position(&self, len: usize, mut matches: impl FnMut(&[u8]) -> bool) -> Option<usize> {
        let keys = self.keys.as_bytes();
        let mut start = 0;
        for (i, &end) in self.ends.iter().enumerate() {
            if end - start == len && keys.get(start..end).is_some_and(&mut matches) {
                return Some(i);
            }
            start = end;
        }
        None
    }
}
