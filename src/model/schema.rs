//! The JSON Schema of speclint.yaml, derived from the model types (schemars) so it
//! says exactly what the loader accepts. Editors use it through the
//! `# yaml-language-server: $schema=...` line that `speclint init` writes.

use super::Model;

/// The schema as a JSON value (draft 2020-12).
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Model).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".into(), "speclint.yaml".into());
        obj.insert(
            "description".into(),
            "The architecture model speclint checks specs against (design/model.md).".into(),
        );
    }
    schema
}
