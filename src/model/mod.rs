//! The architecture model: `speclint.yaml` read into typed values.
//!
//! This is the only module that knows YAML. The types mirror the contract in
//! `design/model.md`; [`load`] parses and validates them and [`names`] compiles the
//! names, aliases and verbs that every rule matches text against, once per run.

pub mod lint;
mod load;
mod locate;
pub mod names;
mod prescan;
mod schema;
mod undecided;
mod unique;
mod validate;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use lint::{LintConfig, LintSettings};
pub(crate) use load::MAX_MODEL_BYTES;
pub use load::{ModelError, find_model, load_model, parse_model};
pub use names::Names;
pub use schema::json_schema;
pub use undecided::{Undecided, undecided_entries};

/// The whole model, as written (ids keep their order of appearance).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub version: u32,
    #[serde(default, deserialize_with = "unique::map")]
    pub components: IndexMap<String, Component>,
    #[serde(default, deserialize_with = "unique::map")]
    pub tokens: IndexMap<String, Token>,
    #[serde(default)]
    pub verbs: Verbs,
    #[serde(default, deserialize_with = "unique::map")]
    pub flows: IndexMap<String, Flow>,
    #[serde(default)]
    pub schema: Option<Schema>,
    #[serde(default)]
    pub documents: Vec<DocumentEntry>,
    #[serde(default)]
    pub checklist: Vec<ChecklistEntry>,
    /// Which rules run, at what severity, on which files.
    #[serde(default)]
    pub lint: Option<LintConfig>,
}

/// A participant of flows: a service, an app, the browser.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub name: String,
    /// Other names a diagram or prose may use (case-insensitive, whitespace-folded).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Code running inside this component: "(Better Auth)" in a diagram names it.
    #[serde(default)]
    pub libraries: Vec<String>,
}

/// How a token travels from the client to its verifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// `Authorization: Bearer ...`
    Bearer,
    /// A cookie.
    Cookie,
}

/// An artefact that some components create and others verify.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Only these components may create it.
    #[serde(default)]
    pub created_by: Vec<String>,
    /// These must verify it; nobody else may.
    #[serde(default)]
    pub verified_by: Vec<String>,
    #[serde(default)]
    pub transport: Option<Transport>,
    /// What verifiers must pin.
    #[serde(default)]
    pub algorithms: Vec<String>,
    /// The shared secret's environment variable, identical on every side.
    #[serde(default)]
    pub secret_env: Option<String>,
    /// The claim that carries the user id.
    #[serde(default)]
    pub user_claim: Option<String>,
    /// Asymmetric tokens: verifiers fetch keys here instead of sharing `secret_env`.
    #[serde(default)]
    pub jwks_url: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
}

/// Words that mark an action on a token.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verbs {
    #[serde(default = "Verbs::default_create")]
    pub create: Vec<String>,
    #[serde(default = "Verbs::default_verify")]
    pub verify: Vec<String>,
}

impl Verbs {
    fn default_create() -> Vec<String> {
        ["create", "issue", "generate", "sign", "mint"]
            .map(String::from)
            .to_vec()
    }
    fn default_verify() -> Vec<String> {
        ["verify", "validate", "check", "decode"]
            .map(String::from)
            .to_vec()
    }
}

impl Default for Verbs {
    fn default() -> Self {
        Verbs {
            create: Verbs::default_create(),
            verify: Verbs::default_verify(),
        }
    }
}

/// A sequence of steps between components; diagrams number them 1..n.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    #[serde(default)]
    pub title: Option<String>,
    pub steps: Vec<FlowStep>,
}

/// One step: a message (`from`, `to`) or a self-action (`at`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowStep {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
    pub say: String,
    #[serde(default)]
    pub creates: Option<String>,
    #[serde(default)]
    pub verifies: Option<String>,
    #[serde(default)]
    pub carries: Option<String>,
    /// The library that does the work, drawn as "(Library)" under the note.
    #[serde(default)]
    pub via: Option<String>,
}

impl FlowStep {
    /// The component that acts: the sender of a message, the owner of a note.
    pub fn actor(&self) -> Option<&str> {
        self.at.as_deref().or(self.from.as_deref())
    }
}

/// Tables, who owns them, and whose access the responsibility matrix shows.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    #[serde(default)]
    pub dialect: Option<String>,
    #[serde(default, deserialize_with = "unique::map")]
    pub owners: IndexMap<String, Owner>,
    #[serde(default)]
    pub access_of: Option<String>,
    #[serde(default, deserialize_with = "unique::map")]
    pub tables: IndexMap<String, Table>,
}

/// Who creates and manages tables.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    #[serde(default)]
    pub created_by: Option<String>,
    /// The command that creates the owner's tables.
    #[serde(default)]
    pub command: Option<String>,
}

/// What the `access_of` component may do with a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    Full,
    ReadOnly,
    None,
}

impl Access {
    /// How a responsibility matrix writes it.
    pub fn label(self) -> &'static str {
        match self {
            Access::Full => "FULL ACCESS (CRUD)",
            Access::ReadOnly => "READ-ONLY",
            Access::None => "NO ACCESS",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub owner: String,
    #[serde(default)]
    pub access: Option<Access>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub columns: Vec<Column>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default)]
    pub indexes: Vec<Index>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub default: Option<String>,
    /// A remark rendered as an SQL comment.
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub references: String,
    pub ref_columns: Vec<String>,
    #[serde(default)]
    pub on_delete: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default)]
    pub unique: bool,
}

/// What one spec must show. Paths are relative to the model file.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentEntry {
    pub path: String,
    #[serde(default)]
    pub flows: Vec<String>,
    #[serde(default)]
    pub tables: Vec<String>,
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
}

/// A generated section and where a fix inserts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub id: String,
    pub title: String,
    /// Inserted after the whole section with this heading (subsections included).
    #[serde(default)]
    pub after: Option<String>,
    /// Inserted at the end of this section's own text, before its first subsection.
    #[serde(default)]
    pub within: Option<String>,
    /// Which generator renders it: `schema`, `jwt-verification`, `cors`.
    pub render: String,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub origins: Vec<String>,
}

/// A validation checklist item and the rules that prove it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistEntry {
    pub text: String,
    pub rules: Vec<String>,
    /// The document whose findings prove it (default: every document the model
    /// lists except the checklist's own; see `checklist.rs`).
    #[serde(default)]
    pub document: Option<String>,
}

impl Model {
    /// The display name of a component id (the id itself when unknown).
    pub fn component_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.components.get(id).map_or(id, |c| c.name.as_str())
    }

    /// The entry for a document path relative to the model's folder.
    pub fn document(&self, rel_path: &str) -> Option<&DocumentEntry> {
        let want = normalize_rel(rel_path);
        self.documents
            .iter()
            .find(|d| normalize_rel(&d.path) == want)
    }
}

/// `./a//b` and `a/b` name the same document.
pub fn normalize_rel(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}
