//! M001: finding and repairing mojibake, UTF-8 that was decoded as Windows-1252 or
//! Latin-1 and saved again as UTF-8 ("â”€" for "─").
//!
//! # How a run is recognised
//! Every character of a damaged run is the byte image ([`byte_of`]) of one byte of
//! the original UTF-8. A candidate starts at a character that images a lead byte
//! (C2..=F4) and takes the following characters that image continuation bytes. It is
//! mojibake only when those bytes are valid UTF-8 (std's validator decides: no
//! overlongs, no surrogates, nothing past U+10FFFF), or become valid once the bytes
//! Windows-1252 cannot represent are put back ([`LOST_BYTES`], see the `context` module).
//!
//! # Why ordinary text does not match
//! Clean text almost never puts a character that images a continuation byte right
//! after one that images a lead byte: "café" ends in a lead with nothing after it,
//! "naïve" follows its lead with ASCII. The exception is a word ending in a capital
//! or "ß" followed by closing punctuation: "CAFÉ”", "NESTLÉ™", „Gruß“, “Å”. Those
//! pairs are also valid UTF-8 (U+0254, U+0259, U+07D3, U+0154), so they are called
//! *natural-looking* and accepted only with corroboration: the same line holds
//! mojibake that is not natural-looking, or the whole text is damaged (nearly all
//! its non-ASCII characters are confident mojibake, see `Damage::throughout`). A
//! real "Ã…" sits among other damage; a clean line stays untouched. Two-letter
//! pairs of a Latin word ("Úžasný") are treated the same way (see `looks_natural`).
//!
//! No word ends in "Â", nor in "Ã" before a no-break space ("Ã " is "à"), so these
//! are never natural-looking.
//!
//! # Lost bytes
//! Three- and four-byte characters that lost a byte are restored by the rules in
//! the `context` module. A two-byte character that lost its only continuation leaves
//! a bare capital ("Ä" for "č", C4 8D), which is indistinguishable from a clean
//! "Ä"; it is reported (never repaired) only in a text damaged throughout with no
//! clean non-ASCII character left (see `with_bare_leads`).
//!
//! # Repair passes
//! [`repair`] runs until nothing changes, which undoes double encoding and makes it
//! idempotent. The price: where damage is left unrepaired, a later pass can read it
//! together with a neighbour the earlier pass repaired ("я»" damaged to "Ñ" + "Â»"
//! becomes "Ñ»" and then "ѻ").

use serde::Serialize;

use super::context;
use super::cp1252::{LOST_BYTES, byte_of, is_continuation, sequence_len};
use super::glyphs;
use crate::span::Span;

/// One damaged run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mojibake {
    /// The damaged run in the text (byte offsets).
    pub span: Span,
    /// The original text, when it can be recovered (lost bytes restored from
    /// context where only one character fits).
    pub repaired: Option<String>,
    /// How many bytes the damage had lost (0 for a clean round trip).
    pub lost_bytes: usize,
    /// When `repaired` is `None`: the characters that would fit the lost bytes, in
    /// code point order, none of which the context could single out.
    pub candidates: Vec<char>,
}

/// The result of [`repair`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub text: String,
    /// Runs that could not be repaired, located in `text` (the repaired text).
    pub unrepaired: Vec<Mojibake>,
}

/// What a candidate decodes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Decoded {
    /// The bytes were valid as they are.
    Complete(char),
    /// Bytes were lost; `options` are the restorable characters that fit, in code
    /// point order (never empty).
    Lost { lost: usize, options: Vec<char> },
}

/// A place where the text may be mojibake of one character.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub span: Span,
    pub decoded: Decoded,
    /// Looks like clean text too (see the module header): needs corroboration.
    pub natural: bool,
}

/// Every mojibake run in `text`, in order, non-overlapping.
///
/// Adjacent damaged characters that can all be repaired form one run. A character
/// whose lost bytes the context cannot decide is a run of its own with
/// `repaired: None`, so one doubt never hides the repairs around it.
pub fn find_mojibake(text: &str) -> Vec<Mojibake> {
    let cands = accepted_candidates(text);
    if cands.is_empty() {
        return Vec::new();
    }
    let resolved = context::resolve(text, &cands);
    let mut runs: Vec<Mojibake> = Vec::new();
    for (cand, choice) in cands.iter().zip(resolved) {
        let lost = match &cand.decoded {
            Decoded::Complete(_) => 0,
            Decoded::Lost { lost, .. } => *lost,
        };
        match choice {
            Some(c) => {
                if let Some(last) = runs.last_mut()
                    && last.span.end == cand.span.start
                    && let Some(rep) = last.repaired.as_mut()
                {
                    rep.push(c);
                    last.span = last.span.cover(cand.span);
                    last.lost_bytes += lost;
                    continue;
                }
                runs.push(Mojibake {
                    span: cand.span,
                    repaired: Some(c.to_string()),
                    lost_bytes: lost,
                    candidates: Vec::new(),
                });
            }
            None => {
                let candidates = match &cand.decoded {
                    Decoded::Lost { options, .. } => options.clone(),
                    Decoded::Complete(c) => vec![*c],
                };
                runs.push(Mojibake {
                    span: cand.span,
                    repaired: None,
                    lost_bytes: lost,
                    candidates,
                });
            }
        }
    }
    runs
}

/// The most passes [`repair`] makes. Text damaged twice ("ÃƒÂ©" for "é") needs one
/// pass per layer; no real file has more than a few. Layers beyond this are left.
const MAX_PASSES: usize = 8;

/// `text` with every repairable run replaced; the runs that could not be repaired
/// are left as they are.
///
/// Repair runs again on its own output until nothing changes, so double-encoded
/// text comes out clean and `repair` is idempotent. A run found unrepairable in
/// any pass is reported, located in the final text: some are only recognisable
/// while the damage around them is still there (a lone "Ä" in a Czech file is "č"
/// or "ď" with a lost byte only because the whole file is damaged).
pub fn repair(text: &str) -> Repair {
    let mut current = text.to_owned();
    let mut unrepaired: Vec<Mojibake> = Vec::new();
    let mut passes = 0;
    loop {
        let runs = find_mojibake(&current);
        passes += 1;
        let (fixes, left): (Vec<Mojibake>, Vec<Mojibake>) =
            runs.into_iter().partition(|r| r.repaired.is_some());
        for run in left {
            if !unrepaired.iter().any(|u| u.span == run.span) {
                unrepaired.push(run);
            }
        }
        if passes > MAX_PASSES || fixes.is_empty() {
            unrepaired.sort_by_key(|r| r.span);
            return Repair {
                text: current,
                unrepaired,
            };
        }
        // Earlier unrepaired runs that this pass repairs (their neighbours are
        // clean now) are dropped; the others move with the edits before them.
        unrepaired.sort_by_key(|r| r.span);
        let mut kept = Vec::with_capacity(unrepaired.len());
        let mut out = String::with_capacity(current.len());
        let mut at = 0;
        let mut pending = std::mem::take(&mut unrepaired).into_iter().peekable();
        for fix in &fixes {
            while let Some(mut u) = pending.next_if(|u| u.span.start < fix.span.end) {
                if u.span.start >= at && u.span.end <= fix.span.start {
                    let moved = out.len() + (u.span.start - at);
                    u.span = Span::new(moved, moved + u.span.len());
                    kept.push(u);
                }
            }
            out.push_str(&current[at..fix.span.start]);
            out.push_str(fix.repaired.as_deref().unwrap_or_default());
            at = fix.span.end;
        }
        for mut u in pending {
            if u.span.start >= at {
                let moved = out.len() + (u.span.start - at);
                u.span = Span::new(moved, moved + u.span.len());
                kept.push(u);
            }
        }
        unrepaired = kept;
        out.push_str(&current[at..]);
        current = out;
    }
}

/// Candidates that pass the natural-looking test, in text order.
pub(crate) fn accepted_candidates(text: &str) -> Vec<Candidate> {
    // Every candidate starts with a character U+00C2..=U+00F4 (the image of a UTF-8
    // lead byte), and each of those is encoded C3 xx: text without that byte has
    // none, and most text is spared the character-by-character scan.
    if memchr::memchr(0xC3, text.as_bytes()).is_none() {
        return Vec::new();
    }
    let all = scan(text);
    let damage = Damage::of(text, &all);
    if damage.throughout() {
        return if damage.stray_other == 0 && damage.stray_leads > 0 {
            with_bare_leads(text, all)
        } else {
            all
        };
    }
    if all.iter().all(|c| !c.natural) {
        return all;
    }
    // A natural-looking candidate needs a confident one on its own line.
    let bytes = text.as_bytes();
    let mut keep = vec![false; all.len()];
    let mut i = 0;
    while i < all.len() {
        let line_end = bytes[all[i].span.start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| all[i].span.start + p);
        let mut j = i;
        while j < all.len() && all[j].span.start < line_end {
            j += 1;
        }
        let corroborated = all[i..j].iter().any(|c| !c.natural);
        for k in i..j {
            keep[k] = corroborated || !all[k].natural;
        }
        i = j;
    }
    all.into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// How much of the text's non-ASCII material is damage.
struct Damage {
    /// Candidates that are not natural-looking.
    confident: usize,
    /// Non-ASCII characters outside every candidate that image a two-byte lead
    /// ("Ã", "Ä", "Ñ"): what a lead whose only continuation was lost leaves.
    stray_leads: usize,
    /// Any other non-ASCII character outside every candidate: clean text.
    stray_other: usize,
}

impl Damage {
    fn of(text: &str, all: &[Candidate]) -> Self {
        let mut damage = Damage {
            confident: all.iter().filter(|c| !c.natural).count(),
            stray_leads: 0,
            stray_other: 0,
        };
        for_stray(text, all, |_, c| {
            if bare_lead(c).is_some() {
                damage.stray_leads += 1;
            } else {
                damage.stray_other += 1;
            }
        });
        damage
    }

    /// The whole text went through the misdecoder: there is confident damage and
    /// at most one stray non-ASCII character for every four confident candidates.
    /// A file damaged throughout has (nearly) no clean non-ASCII text left, so its
    /// natural-looking pairs ("SE OGSÃ…" for "SE OGSÅ") are damage too; a clean
    /// file with one pasted damaged line keeps the line-by-line rule.
    fn throughout(&self) -> bool {
        self.confident > 0 && (self.stray_leads + self.stray_other) * 4 <= self.confident
    }
}

/// Calls `f` with the offset and character of every non-ASCII character outside
/// the candidates (which are in text order and disjoint).
fn for_stray(text: &str, all: &[Candidate], mut f: impl FnMut(usize, char)) {
    let mut at = 0;
    for span in all.iter().map(|c| c.span).chain([Span::empty(text.len())]) {
        for (i, c) in text[at..span.start].char_indices() {
            if !c.is_ascii() {
                f(at + i, c);
            }
        }
        at = span.end;
    }
}

/// The lead byte a stray character images, if it starts a two-byte sequence whose
/// continuation could have been lost ("Â" is left out: it would stand for a C1
/// control).
fn bare_lead(c: char) -> Option<u8> {
    byte_of(c).filter(|b| (0xC3..=0xDF).contains(b))
}

/// `all` plus a candidate for every stray two-byte lead, in a text where nothing
/// else is left clean: there a lone "Ä" is "č" or "ď" (C4 8D, C4 8F) that lost its
/// second byte. Which one cannot be told, so these are reported, never guessed.
fn with_bare_leads(text: &str, all: Vec<Candidate>) -> Vec<Candidate> {
    let mut bare = Vec::new();
    for_stray(text, &all, |at, c| {
        let Some(lead) = bare_lead(c) else { return };
        let options: Vec<char> = LOST_BYTES
            .iter()
            .filter_map(|&b| std::str::from_utf8(&[lead, b]).ok()?.chars().next())
            .filter(|c| !c.is_control())
            .collect();
        if !options.is_empty() {
            bare.push(Candidate {
                span: Span::new(at, at + c.len_utf8()),
                decoded: Decoded::Lost { lost: 1, options },
                natural: false,
            });
        }
    });
    let mut merged = Vec::with_capacity(all.len() + bare.len());
    let (mut a, mut b) = (all.into_iter().peekable(), bare.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.span.start < y.span.start,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        merged.extend(if take_a { a.next() } else { b.next() });
    }
    merged
}

/// Every candidate in text order, natural-looking ones included.
fn scan(text: &str) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII never takes part; skip it without decoding.
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if let Some(cand) = byte_of(c).and_then(|lead| candidate_at(text, i, c, lead)) {
            i = cand.span.end;
            out.push(cand);
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// The candidate starting with `lead_char` at `start`, if the bytes fit.
fn candidate_at(text: &str, start: usize, lead_char: char, lead: u8) -> Option<Candidate> {
    let need = sequence_len(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    let mut conts: [char; 3] = ['\0'; 3];
    let mut n = 0;
    let mut end = start + lead_char.len_utf8();
    for c in text[end..].chars() {
        if n == need - 1 {
            break;
        }
        match byte_of(c) {
            Some(b) if is_continuation(b) => {
                bytes[1 + n] = b;
                conts[n] = c;
                n += 1;
                end += c.len_utf8();
            }
            _ => break,
        }
    }
    if n == 0 {
        return None;
    }
    let decoded = if n == need - 1 {
        let s = std::str::from_utf8(&bytes[..need]).ok()?;
        Decoded::Complete(s.chars().next()?)
    } else {
        let options = lost_options(&bytes[..=n], need);
        if options.is_empty() {
            return None;
        }
        Decoded::Lost {
            lost: need - 1 - n,
            options,
        }
    };
    let natural = match decoded {
        Decoded::Complete(c) => looks_natural(text, start, end, lead_char, &conts[..n], Some(c)),
        Decoded::Lost { .. } => looks_natural(text, start, end, lead_char, &conts[..n], None),
    };
    Some(Candidate {
        span: Span::new(start, end),
        decoded,
        natural,
    })
}

/// The restorable characters that `present` (a lead and some continuations)
/// becomes when the missing `need - present.len()` bytes, each one of
/// [`LOST_BYTES`], are put back at any continuation position.
fn lost_options(present: &[u8], need: usize) -> Vec<char> {
    let missing = need - present.len();
    let mut out: Vec<char> = Vec::new();
    // Which of the need-1 continuation slots are lost, as a bit mask.
    for mask in 0u32..(1 << (need - 1)) {
        if mask.count_ones() as usize != missing {
            continue;
        }
        let combos = LOST_BYTES.len().pow(missing as u32);
        for combo in 0..combos {
            let mut buf = [0u8; 4];
            buf[0] = present[0];
            let (mut from_present, mut k) = (1, combo);
            for slot in 0..need - 1 {
                buf[1 + slot] = if mask & (1 << slot) != 0 {
                    let b = LOST_BYTES[k % LOST_BYTES.len()];
                    k /= LOST_BYTES.len();
                    b
                } else {
                    from_present += 1;
                    present[from_present - 1]
                };
            }
            if let Ok(s) = std::str::from_utf8(&buf[..need])
                && let Some(c) = s.chars().next()
                && glyphs::is_restorable(c)
            {
                out.push(c);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Punctuation that ends words in clean text: closing quotes, ellipsis, dashes, a
/// no-break space before French punctuation, trade marks. Pairs of a capital and
/// one of these are what clean text can look like. Degree, copyright and
/// superscript signs are left out: "Ð°" and "Ð²" are the Russian words "а" and
/// "в", "Ã©" is "é".
fn is_closing(c: char) -> bool {
    const CLOSING: &[char] = &[
        '’', '”', '“', '‘', '…', '»', '«', '›', '‹', '–', '—', '\u{A0}', '™', '®',
    ];
    CLOSING.contains(&c)
}

/// Whether `text[start..end]` could just as well be clean text (see the module
/// header). Two shapes do:
///
/// - a word end: only closing punctuation after the lead, nothing alphanumeric
///   after it ("CAFÉ”", "commencé… »"); "×" between numbers counts too, as
///   "2 × 3" with no-break spaces is natural although a digit follows;
/// - two letters of a Latin word: a capital and one of Windows-1252's letters
///   ("Úžasný", "ÖŠ" in an alphabet) decoding to something outside the scripts
///   mojibake usually comes from (Latin, Greek, Cyrillic): "Úž" would be Arabic
///   U+069E, while "ÄŒ" is "Č" and "Ðš" is "К".
///
/// Either way a capital lead right after a lowercase letter is not natural:
/// "siÄ™" and "poÚžb" mix cases inside a word, which clean text does not.
fn looks_natural(
    text: &str,
    start: usize,
    end: usize,
    lead: char,
    conts: &[char],
    decoded: Option<char>,
) -> bool {
    let prev = text[..start].chars().next_back();
    if lead.is_uppercase() && prev.is_some_and(char::is_lowercase) {
        return false;
    }
    let letters = conts.len() == 1
        && conts[0].is_alphabetic()
        && lead.is_alphabetic()
        && decoded.is_some_and(|c| !is_common_mojibake_script(c));
    if letters {
        return true;
    }
    if !conts.iter().all(|&c| is_closing(c)) {
        return false;
    }
    let spaced = conts.last() == Some(&'\u{A0}');
    if lead == 'Â' || (spaced && lead == 'Ã') {
        // No word ends in "Â" ("Â»" is "»", "Â " a no-break space), and none in
        // "Ã" before a no-break space ("Ã " is "à").
        return false;
    }
    let next = text[end..].chars().next();
    let sign =
        lead == '×' && spaced && prev.is_none_or(|p| p.is_whitespace() || p.is_ascii_digit());
    sign || !next.is_some_and(char::is_alphanumeric)
}

/// Latin (up to Extended-B), Greek and Cyrillic: where nearly all two-byte mojibake
/// comes from.
fn is_common_mojibake_script(c: char) -> bool {
    matches!(c as u32, 0xA0..=0x24F | 0x370..=0x4FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s).text
    }

    #[test]
    fn complete_sequences() {
        assert_eq!(fixed("cafÃ©"), "café");
        assert_eq!(fixed("â”€â”€"), "──");
        assert_eq!(fixed("ðŸ”´ red"), "🔴 red");
        assert_eq!(fixed("itâ€™s"), "it’s");
    }

    #[test]
    fn lost_byte_options() {
        // E2 94 + one lost byte: the five box characters, plus ❔ from E2 9D 94.
        let opts = lost_options(&[0xE2, 0x94], 3);
        assert_eq!(opts, vec!['━', '┍', '┏', '┐', '┝', '❔']);
        assert_eq!(lost_options(&[0xE2, 0x8C], 3), vec!['❌']);
    }

    #[test]
    fn natural_looking_pairs_need_company() {
        assert!(find_mojibake("CAFÉ” and NESTLÉ™ and „Gruß“").is_empty());
        // "Ñ–" alone could be clean; on a line of Ukrainian mojibake it is "і".
        assert!(find_mojibake("Ñ– x").is_empty());
        assert_eq!(fixed("Ñ– Ð´Ñ–Ð¼"), "і дім");
    }

    #[test]
    fn spans_cover_adjacent_characters() {
        let runs = find_mojibake("a â”€â”€ b");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].span, Span::new(2, 2 + "â”€â”€".len()));
        assert_eq!(runs[0].repaired.as_deref(), Some("──"));
    }

    #[test]
    fn double_encoding_is_undone() {
        assert_eq!(fixed("ÃƒÂ©"), "é");
    }
}
