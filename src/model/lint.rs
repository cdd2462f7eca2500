//! The `lint:` section of speclint.yaml: which rules run, at what severity, on
//! which files. Read as raw options (unknown keys refused) and resolved once into
//! [`LintSettings`], in the manner of ruff's configuration.

use globset::{Glob, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rules::Rule;

use super::locate::locate;
use super::validate::Problem;

/// `lint:` as written. Rules are named by code (`D001`), name
/// (`creator-mismatch`), family letter (`D`) or `all`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Only these rules run (default: all). `--select` replaces it.
    #[serde(default)]
    pub select: Vec<String>,
    /// These rules do not run. `--ignore` replaces it.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// A severity per rule or family, overriding the rule's default.
    #[serde(default, deserialize_with = "super::unique::map")]
    pub severity: IndexMap<String, LintSeverity>,
    /// Rules that do not run on files matching a glob (relative to the model's
    /// folder; `*` also matches `/`).
    #[serde(default, deserialize_with = "super::unique::map")]
    pub per_file_ignores: IndexMap<String, Vec<String>>,
    /// Folders given to `check` are walked for files matching these globs (default: all Markdown).
    #[serde(default)]
    pub include: Vec<String>,
    /// Files matching these globs are never checked when found by walking a folder.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Specs larger than this many bytes are refused (default 64 MiB);
    /// `--max-file-size` overrides it.
    #[serde(default)]
    pub max_file_size: Option<u64>,
}

/// A severity as written in `lint.severity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LintSeverity {
    Error,
    Warning,
    Info,
}

impl From<LintSeverity> for Severity {
    fn from(s: LintSeverity) -> Self {
        match s {
            LintSeverity::Error => Severity::Error,
            LintSeverity::Warning => Severity::Warning,
            LintSeverity::Info => Severity::Info,
        }
    }
}

/// `lint:` resolved: rule lists and compiled globs.
#[derive(Clone, Debug, Default)]
pub struct LintSettings {
    severity: Vec<(Rule, Severity)>,
    per_file_ignores: Vec<(GlobSet, Vec<Rule>)>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl LintSettings {
    /// Resolves a validated config. Entries that do not resolve (only possible for a
    /// config that skipped [`validate`]) are left out.
    pub fn new(config: Option<&LintConfig>) -> Self {
        let Some(c) = config else {
            return LintSettings::default();
        };
        let mut severity = Vec::new();
        for (codes, level) in &c.severity {
            for rule in Rule::select(&split(codes)).unwrap_or_default() {
                severity.push((rule, Severity::from(*level)));
            }
        }
        let per_file_ignores = c
            .per_file_ignores
            .iter()
            .filter_map(|(glob, codes)| {
                Some((
                    globs(std::slice::from_ref(glob))?,
                    Rule::select(codes).ok()?,
                ))
            })
            .collect();
        LintSettings {
            severity,
            per_file_ignores,
            include: globs(&c.include),
            exclude: globs(&c.exclude),
        }
    }

    /// The severity `rule` reports at.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.override_for(rule).unwrap_or(rule.severity())
    }

    /// The severity `lint.severity` sets for `rule`, when it sets one: it
    /// replaces whatever severity a finding of the rule was given.
    pub fn override_for(&self, rule: Rule) -> Option<Severity> {
        self.severity
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }

    /// Whether `per-file-ignores` turns `rule` off for `path` (relative to the
    /// model's folder, `/`-separated).
    pub fn ignored_in(&self, path: &str, rule: Rule) -> bool {
        self.per_file_ignores
            .iter()
            .any(|(set, rules)| rules.contains(&rule) && set.is_match(path))
    }

    /// Whether a file found by walking a folder is checked.
    pub fn discovers(&self, path: &str) -> bool {
        let included = self.include.as_ref().is_none_or(|set| set.is_match(path));
        let excluded = self.exclude.as_ref().is_some_and(|set| set.is_match(path));
        included && !excluded
    }
}

/// `"D001, S"` → `["D001", "S"]`: severity keys may name several rules.
fn split(codes: &str) -> Vec<String> {
    codes
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn globs(patterns: &[String]) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).ok()?);
    }
    b.build().ok()
}

/// Every rule name and glob in `lint:` must resolve; a problem points at the entry.
pub(crate) fn validate(config: &LintConfig, text: &str) -> Result<(), Problem> {
    let problem = |key: &str, needle: &str, message: String| {
        let (line, column) = locate(text, &["lint", key], Some(needle));
        Problem {
            line,
            column,
            message,
        }
    };
    let unknown = |key: &str, bad: String| {
        problem(
            key,
            &bad,
            format!(
                "unknown rule `{bad}` in lint.{key} (expected a code such as D001, a rule name, a family letter {} or `all`)",
                families()
            ),
        )
    };
    for (key, list) in [("select", &config.select), ("ignore", &config.ignore)] {
        Rule::select(list).map_err(|bad| unknown(key, bad))?;
    }
    for codes in config.severity.keys() {
        Rule::select(&split(codes)).map_err(|bad| unknown("severity", bad))?;
    }
    for (glob, codes) in &config.per_file_ignores {
        Glob::new(glob).map_err(|e| {
            problem(
                "per-file-ignores",
                glob,
                format!("invalid glob `{glob}` in lint.per-file-ignores: {e}"),
            )
        })?;
        Rule::select(codes).map_err(|bad| unknown("per-file-ignores", bad))?;
    }
    for (key, list) in [("include", &config.include), ("exclude", &config.exclude)] {
        for glob in list {
            Glob::new(glob).map_err(|e| {
                problem(
                    key,
                    glob,
                    format!("invalid glob `{glob}` in lint.{key}: {e}"),
                )
            })?;
        }
    }
    Ok(())
}

/// "D, S, C, M": the family letters that exist.
fn families() -> String {
    let mut letters: Vec<char> = Rule::ALL.iter().map(|r| r.family()).collect();
    letters.dedup();
    letters
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> LintConfig {
        serde_yaml::from_str(yaml).expect("valid lint config")
    }

    #[test]
    fn severity_overrides_name_rules_or_families() {
        let s = LintSettings::new(Some(&config(
            "severity: { S: warning, S007: info, 'D001, D002': info }",
        )));
        assert_eq!(s.severity(Rule::MissingTable), Severity::Warning);
        assert_eq!(s.severity(Rule::ColumnDrift), Severity::Info);
        assert_eq!(s.severity(Rule::VerifierMismatch), Severity::Info);
        assert_eq!(s.severity(Rule::MissingCors), Severity::Error);
    }

    #[test]
    fn per_file_ignores_and_discovery_use_globs() {
        let s = LintSettings::new(Some(&config(
            "per-file-ignores: { 'specs/legacy/*': [S] }\ninclude: ['specs/**']\nexclude: ['**/draft-*.md']",
        )));
        assert!(s.ignored_in("specs/legacy/old/spec.md", Rule::MissingTable));
        assert!(!s.ignored_in("specs/legacy/spec.md", Rule::CreatorMismatch));
        assert!(!s.ignored_in("specs/new/spec.md", Rule::MissingTable));
        assert!(s.discovers("specs/001/spec.md"));
        assert!(!s.discovers("specs/001/draft-x.md"));
        assert!(!s.discovers("docs/readme.md"));
    }

    #[test]
    fn unknown_codes_and_bad_globs_are_located() {
        let text = "version: 1\nlint:\n  ignore: [D001, X9]\n";
        let p = validate(&config("ignore: [D001, X9]"), text).err().unwrap();
        assert_eq!((p.line, p.column), (3, 18));
        assert!(
            p.message.starts_with("unknown rule `X9` in lint.ignore"),
            "{}",
            p.message
        );
        let text = "version: 1\nlint:\n  exclude: ['a[']\n";
        let p = validate(&config("exclude: ['a[']"), text).err().unwrap();
        assert_eq!(p.line, 3);
        assert!(p.message.contains("invalid glob `a[`"), "{}", p.message);
    }
}
