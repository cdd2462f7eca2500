//! The one table of rules: code, name, default severity, fixability, summary and
//! the module that implements it. Codes are a contract; never reuse or renumber one.

use crate::diagnostic::{Diagnostic, Severity};

use super::Context;

/// Whether a rule can offer a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Whether the fixes a rule offers are safe (applied by `fix`) or unsafe (only with
/// `--unsafe-fixes`), as its documentation's `fix` text declares: "(safe)",
/// "(unsafe: ...)", or both for a rule whose fixes differ by case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    Safe,
    Unsafe,
    SafeOrUnsafe,
}

impl RuleDoc {
    /// What the `fix` text declares; `None` for a rule without a fix.
    pub fn fix_safety(&self) -> Option<FixSafety> {
        let text = self.fix?;
        let unsafe_ = text.contains("(unsafe");
        let safe = text.match_indices("safe").any(|(i, _)| {
            let before = &text[..i];
            !before.ends_with("un") && (before.ends_with('(') || before.ends_with("; "))
        });
        Some(match (safe, unsafe_) {
            (true, true) => FixSafety::SafeOrUnsafe,
            (false, true) => FixSafety::Unsafe,
            _ => FixSafety::Safe,
        })
    }
}

/// The `explain` text of a rule, with fixed headings (as ruff's rule docs).
#[derive(Clone, Copy, Debug)]
pub struct RuleDoc {
    /// What it does.
    pub what: &'static str,
    /// Why is this bad?
    pub why: &'static str,
    /// A wrong example.
    pub wrong: &'static str,
    /// The right one.
    pub right: &'static str,
    /// What the fix does and whether it is safe.
    pub fix: Option<&'static str>,
}

macro_rules! rules {
    ($( $variant:ident = $code:literal $name:literal $sev:ident $fix:ident $module:path ;)*) => {
        /// A rule, named after the bad pattern it finds.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $($variant),* }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code),* }
            }
            /// The kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name),* }
            }
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev),* }
            }
            pub fn fix_availability(self) -> FixAvailability {
                match self { $(Rule::$variant => FixAvailability::$fix),* }
            }
            pub fn doc(self) -> &'static RuleDoc {
                use $crate::rules::*;
                match self { $(Rule::$variant => { use $module as m; &m::DOC }),* }
            }
            pub(crate) fn check(self, ctx: &Context, out: &mut Vec<Diagnostic>) {
                use $crate::rules::*;
                match self { $(Rule::$variant => { use $module as m; m::check(ctx, out) }),* }
            }
        }
    };
}

rules! {
    CreatorMismatch = "D001" "creator-mismatch" Error Sometimes diagram::creator_mismatch;
    VerifierMismatch = "D002" "verifier-mismatch" Error Sometimes diagram::verifier_mismatch;
    MissingCreation = "D003" "missing-creation" Error Sometimes diagram::missing_creation;
    MissingVerification = "D004" "missing-verification" Error Sometimes diagram::missing_verification;
    UnknownParticipant = "D005" "unknown-participant" Error None diagram::unknown_participant;
    FlowDrift = "D006" "flow-drift" Warning Sometimes diagram::flow_drift;
    StepNumbering = "D007" "step-numbering" Warning Sometimes diagram::step_numbering;
    DanglingArrow = "D008" "dangling-arrow" Warning None diagram::dangling_arrow;
    MissingDiagram = "D009" "missing-diagram" Error Always diagram::missing_diagram;
    UnreadableDiagram = "D010" "unreadable-diagram" Info None diagram::unreadable_diagram;
    MissingSchemaSection = "S001" "missing-schema-section" Error Sometimes schema::missing_schema_section;
    MissingTable = "S002" "missing-table" Error None schema::missing_table;
    OwnerMismatch = "S003" "owner-mismatch" Error Sometimes schema::owner_mismatch;
    MissingForeignKey = "S004" "missing-foreign-key" Error Sometimes schema::missing_foreign_key;
    MatrixMismatch = "S005" "matrix-mismatch" Error Always schema::matrix_mismatch;
    SqlSyntax = "S006" "sql-syntax" Error None schema::sql_syntax;
    ColumnDrift = "S007" "column-drift" Warning None schema::column_drift;
    MissingIndex = "S008" "missing-index" Warning Always schema::missing_index;
    UnknownTable = "S009" "unknown-table" Warning None schema::unknown_table;
    IndexUnknownColumn = "S010" "index-unknown-column" Error None schema::index_unknown_column;
    DuplicateForeignKey = "S011" "duplicate-foreign-key" Warning None schema::duplicate_foreign_key;
    MissingVerificationExample = "C001" "missing-verification-example" Error Sometimes code::missing_verification_example;
    UnpinnedAlgorithms = "C002" "unpinned-algorithms" Error Sometimes code::unpinned_algorithms;
    VerifierCreatesToken = "C003" "verifier-creates-token" Error None code::verifier_creates_token;
    SecretEnvMismatch = "C004" "secret-env-mismatch" Error Sometimes code::secret_env_mismatch;
    MissingCors = "C005" "missing-cors" Error Sometimes code::missing_cors;
    CorsWildcardCredentials = "C006" "cors-wildcard-credentials" Error Sometimes code::cors_wildcard_credentials;
    TransportMismatch = "C007" "transport-mismatch" Warning None code::transport_mismatch;
    PythonSyntax = "C008" "python-syntax" Error None code::python_syntax;
    Mojibake = "M001" "mojibake" Error Sometimes markdown::mojibake;
    FenceNesting = "M002" "fence-nesting" Warning None markdown::fence_nesting;
    MissingSection = "M003" "missing-section" Error Always markdown::missing_section;
    UnusedSuppression = "M004" "unused-suppression" Info None markdown::unused_suppression;
    UndecidedModelEntry = "M005" "undecided-model-entry" Error None markdown::undecided_model_entry;
    StaleBaselineEntry = "M006" "stale-baseline-entry" Info None markdown::stale_baseline_entry;
    ChecklistFalseTick = "K001" "checklist-false-tick" Error Sometimes checklist::false_tick;
    ChecklistUnproven = "K002" "checklist-unproven" Info None checklist::unproven;
    TableConflict = "X001" "table-conflict" Warning None cross::table_conflict;
    CreatorConflict = "X002" "creator-conflict" Error None cross::creator_conflict;
    VerifierConflict = "X003" "verifier-conflict" Warning None cross::verifier_conflict;
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code) || r.name() == code)
    }

    /// The family letter: D, S, C, M, K, X.
    pub fn family(self) -> char {
        self.code().chars().next().unwrap_or('?')
    }

    /// Whether the rule compares the specs with a model. The others read only the
    /// documents (and each other's facts): they are what `check` runs when there
    /// is no model at all.
    pub fn needs_model(self) -> bool {
        !matches!(
            self,
            Rule::StepNumbering
                | Rule::DanglingArrow
                | Rule::SqlSyntax
                | Rule::UnpinnedAlgorithms
                | Rule::CorsWildcardCredentials
                | Rule::PythonSyntax
                | Rule::Mojibake
                | Rule::FenceNesting
                | Rule::UnusedSuppression
                | Rule::StaleBaselineEntry
                | Rule::TableConflict
                | Rule::CreatorConflict
                | Rule::VerifierConflict
        )
    }

    /// Whether the rule compares documents with each other: it runs once every
    /// document was checked, on the facts each check kept (see [`crate::rules::cross`]).
    pub fn is_cross_document(self) -> bool {
        self.family() == 'X'
    }

    /// One line: what it finds.
    pub fn summary(self) -> &'static str {
        self.doc().what
    }

    /// Rules selected by a list of codes or family letters ("D001", "S", "creator-mismatch").
    /// Unknown entries are returned as errors so the caller can name them.
    pub fn select(list: &[String]) -> Result<Vec<Rule>, String> {
        let mut out = Vec::new();
        for item in list {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let matched: Vec<Rule> = if item.len() == 1 {
                Rule::ALL
                    .iter()
                    .copied()
                    .filter(|r| r.code().starts_with(&item.to_uppercase()))
                    .collect()
            } else if item.eq_ignore_ascii_case("all") {
                Rule::ALL.to_vec()
            } else {
                Rule::from_code(item).into_iter().collect()
            };
            if matched.is_empty() {
                return Err(item.to_string());
            }
            out.extend(matched);
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}
