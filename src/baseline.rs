//! Baselines: the findings a repository had when speclint was turned on, recorded
//! so that `check --baseline FILE` reports only new ones.
//!
//! A finding is matched by its code, its document's path and a fingerprint of the
//! text it points at (whitespace folded), plus its rank among the findings with the
//! same three (the second identical finding in a file is occurrence 1). Never by
//! line number: a finding survives every edit above it, and an edit of the text it
//! points at makes it new. An entry that matches nothing any more is reported as
//! M006, at its line in the baseline file, as M004 reports a stale suppression.
//!
//! Pure: the binary reads and writes the file, this module turns its text into a
//! [`Baseline`] and back, and matches findings.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Rule;
use crate::span::Span;

/// The format this version writes and reads.
pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    /// The document's path relative to the model's folder (or the current folder
    /// without a model), `/`-separated.
    pub path: String,
    /// 16 hex digits: FNV-1a of the text the finding points at, whitespace folded.
    pub fingerprint: String,
    /// Its rank among the document's findings with the same code and fingerprint.
    pub occurrence: usize,
    /// The finding's message when recorded: for the people who read the file; not
    /// matched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// A baseline file's content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// Why a baseline file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{line}:{column}: not a speclint baseline: {message}")]
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("baseline version {0} is not supported (this speclint reads version {VERSION})")]
    Version(u32),
}

impl Baseline {
    /// Today's findings, one entry each, sorted by path, code, fingerprint and
    /// occurrence: the same findings always give the same file.
    pub fn record<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a Document, &'a [Diagnostic])>,
    ) -> Baseline {
        let mut entries: Vec<Entry> = files
            .into_iter()
            .flat_map(|(path, doc, diags)| entries(path, doc, diags))
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.code, &a.fingerprint, a.occurrence).cmp(&(
                &b.path,
                &b.code,
                &b.fingerprint,
                b.occurrence,
            ))
        });
        Baseline {
            version: VERSION,
            entries,
        }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| BaselineError::Invalid {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version(baseline.version));
        }
        Ok(baseline)
    }

    /// The file's text: JSON with one entry per line, so that a diff of two
    /// baselines shows the findings that came and went.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {},\n  \"entries\": [", self.version);
        for (i, e) in self.entries.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            // Serializing plain strings and numbers cannot fail.
            out.push_str(&serde_json::to_string(e).unwrap_or_default());
        }
        if !self.entries.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("]\n}\n");
        out
    }
}

/// The entries of one document's findings. Findings of M006 (which point into a
/// baseline file) are never recorded.
pub fn entries(path: &str, doc: &Document, diagnostics: &[Diagnostic]) -> Vec<Entry> {
    let mut seen: HashMap<(Rule, String), usize> = HashMap::new();
    let mut sorted: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule != Rule::StaleBaselineEntry)
        .collect();
    sorted.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
    sorted
        .into_iter()
        .map(|d| {
            let fingerprint = fingerprint(doc, d.span);
            let n = seen.entry((d.rule, fingerprint.clone())).or_insert(0);
            let occurrence = *n;
            *n += 1;
            Entry {
                code: d.rule.code().to_string(),
                path: path.to_string(),
                fingerprint,
                occurrence,
                message: d.message.clone(),
            }
        })
        .collect()
}

/// The fingerprint of the text under `span`: its words joined by single spaces
/// (or, for a span holding no word, its line's), hashed with 64-bit FNV-1a, in hex.
pub fn fingerprint(doc: &Document, span: Span) -> String {
    let under = doc.text.get(span.start..span.end).unwrap_or("");
    let text = if under.trim().is_empty() {
        doc.lines_in(span).next().map_or("", |(line, _)| line)
    } else {
        under
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in text.split_whitespace().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b" " };
        for &b in sep.iter().chain(word.as_bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Matches a run's findings against a baseline, document by document, and knows
/// afterwards which entries matched nothing.
pub struct Matcher<'b> {
    baseline: &'b Baseline,
    index: HashMap<(&'b str, &'b str, &'b str, usize), usize>,
    used: Vec<bool>,
}

impl<'b> Matcher<'b> {
    pub fn new(baseline: &'b Baseline) -> Self {
        let mut index = HashMap::with_capacity(baseline.entries.len());
        for (i, e) in baseline.entries.iter().enumerate() {
            index
                .entry((
                    e.code.as_str(),
                    e.path.as_str(),
                    e.fingerprint.as_str(),
                    e.occurrence,
                ))
                .or_insert(i);
        }
        Matcher {
            baseline,
            index,
            used: vec![false; baseline.entries.len()],
        }
    }

    /// The findings of the document at `path` that the baseline does not hold.
    pub fn filter(
        &mut self,
        path: &str,
        doc: &Document,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if self.baseline.entries.is_empty() {
            return diagnostics;
        }
        let keys = entries(path, doc, &diagnostics);
        // `entries` numbers findings in span order; find each finding's entry.
        let mut order: Vec<usize> = (0..diagnostics.len())
            .filter(|&i| diagnostics[i].rule != Rule::StaleBaselineEntry)
            .collect();
        order.sort_by_key(|&i| {
            let d = &diagnostics[i];
            (d.span.start, d.span.end, d.rule)
        });
        let mut matched = vec![false; diagnostics.len()];
        for (&i, key) in order.iter().zip(&keys) {
            let k = (
                key.code.as_str(),
                key.path.as_str(),
                key.fingerprint.as_str(),
                key.occurrence,
            );
            if let Some(&e) = self.index.get(&k) {
                self.used[e] = true;
                matched[i] = true;
            }
        }
        diagnostics
            .into_iter()
            .zip(matched)
            .filter_map(|(d, m)| (!m).then_some(d))
            .collect()
    }

    /// M006 for every entry that matched no finding, located in `baseline_text`
    /// (the file the baseline was read from) at the entry's line.
    pub fn stale(&self, baseline_text: &str) -> Vec<Diagnostic> {
        let lines = entry_lines(baseline_text);
        self.baseline
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .map(|(i, e)| {
                let span = lines.get(i).copied().unwrap_or(Span::empty(0));
                Diagnostic::new(
                    Rule::StaleBaselineEntry,
                    span,
                    format!(
                        "this baseline entry ({} in {}, occurrence {}) matches no finding any more; write the baseline again to drop it",
                        e.code, e.path, e.occurrence
                    ),
                )
            })
            .collect()
    }
}

/// The line of each entry in a baseline file's text, in order: the lines that hold
/// an entry's `"fingerprint"` key (one per entry, however the file is laid out).
fn entry_lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut rest = content;
        let mut offset = 0;
        while let Some(k) = rest.find("\"fingerprint\"") {
            let trimmed = content.len() - content.trim_start().len();
            out.push(Span::new(at + trimmed, at + content.len()));
            offset += k + 1;
            rest = &content[offset..];
        }
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(doc: &Document, text: &str, rule: Rule) -> Diagnostic {
        let at = doc.text.find(text).unwrap();
        Diagnostic::new(rule, Span::new(at, at + text.len()), "m")
    }

    #[test]
    fn findings_match_by_text_not_by_line() {
        let doc = Document::parse("# A\n\nbad  text\n");
        let diags = [finding(&doc, "bad  text", Rule::Mojibake)];
        let baseline = Baseline::record([("a.md", &doc, &diags[..])]);
        let moved = Document::parse("# A\n\nnew line\n\nmore\n\nbad text\n");
        let mut m = Matcher::new(&baseline);
        let kept = m.filter(
            "a.md",
            &moved,
            vec![finding(&moved, "bad text", Rule::Mojibake)],
        );
        assert!(kept.is_empty());
        assert!(m.stale("").is_empty());
        // Another file, or another code, is another finding.
        let mut m = Matcher::new(&baseline);
        assert_eq!(
            m.filter(
                "b.md",
                &moved,
                vec![finding(&moved, "bad text", Rule::Mojibake)]
            )
            .len(),
            1
        );
        assert_eq!(m.stale(&baseline.to_json()).len(), 1);
    }

    #[test]
    fn duplicates_are_counted() {
        let doc = Document::parse("x\n\nx\n");
        let one = Diagnostic::new(Rule::Mojibake, Span::new(0, 1), "m");
        let baseline = Baseline::record([("a.md", &doc, std::slice::from_ref(&one))]);
        let two = vec![
            one.clone(),
            Diagnostic::new(Rule::Mojibake, Span::new(3, 4), "m"),
        ];
        let mut m = Matcher::new(&baseline);
        let kept = m.filter("a.md", &doc, two);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].span, Span::new(3, 4));
    }

    #[test]
    fn the_file_round_trips_and_locates_stale_entries() {
        let doc = Document::parse("one\ntwo\n");
        let diags = [
            Diagnostic::new(Rule::FenceNesting, Span::new(4, 7), "second \"quoted\""),
            Diagnostic::new(Rule::Mojibake, Span::new(0, 3), "first"),
        ];
        let baseline = Baseline::record([("a.md", &doc, &diags[..])]);
        let text = baseline.to_json();
        assert_eq!(Baseline::parse(&text).unwrap(), baseline);
        assert_eq!(
            Baseline::record([("a.md", &doc, &diags[..])]).to_json(),
            text
        );
        let stale = Matcher::new(&baseline).stale(&text);
        assert_eq!(stale.len(), 2);
        let line = &text[stale[1].span.start..stale[1].span.end];
        assert!(line.starts_with("{\"code\":\"M002\""), "{line}");
        assert!(Baseline::parse("{\"version\": 2, \"entries\": []}").is_err());
        assert!(Baseline::parse("[").is_err());
    }
}
