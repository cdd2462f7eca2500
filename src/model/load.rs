//! Reading `speclint.yaml`: finding it, parsing it, and turning every failure into an
//! error that names the file, the line and the column.

use std::path::{Path, PathBuf};

use super::Model;
use super::validate::validate;

/// The model file name looked for in the current folder and its ancestors.
pub const MODEL_FILE_NAME: &str = "speclint.yaml";

/// Models larger than this are refused before parsing: a model is a page of YAML,
/// and a huge one is a mistake or an attack (see the alias-bomb case).
pub(crate) const MAX_MODEL_BYTES: usize = 4 * 1024 * 1024;

/// Why a model could not be used. Each variant names the file; parse and reference
/// errors also carry the 1-based line and column.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    // The OS error is the source, shown once after this message by `{:#}`.
    #[error("cannot read the model {}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no {MODEL_FILE_NAME} in {} or any folder above it: `speclint init` drafts one from your specs (or pass --model FILE)", start.display())]
    NotFound { start: PathBuf },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// The nearest `speclint.yaml` in `start` or a folder above it.
pub fn find_model(start: &Path) -> Result<PathBuf, ModelError> {
    start
        .ancestors()
        .map(|dir| dir.join(MODEL_FILE_NAME))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| ModelError::NotFound {
            start: start.to_path_buf(),
        })
}

/// Reads and validates the model at `path`.
pub fn load_model(path: &Path) -> Result<Model, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|source| ModelError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_model(&text, path)
}

/// Parses and validates model text; `path` is only used in error messages.
pub fn parse_model(text: &str, path: &Path) -> Result<Model, ModelError> {
    let invalid = |line: usize, column: usize, message: String| ModelError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    if text.len() > MAX_MODEL_BYTES {
        return Err(invalid(
            1,
            1,
            format!("the model is larger than {MAX_MODEL_BYTES} bytes"),
        ));
    }
    super::prescan::prescan(text).map_err(|p| invalid(p.line, p.column, p.message))?;
    let model: Model = serde_yaml::from_str(text).map_err(|e| {
        // The untyped parse locates duplicates, alias bombs and deep nesting better;
        // it runs on this failure path only, so a valid model is parsed once.
        if let Err(p) = super::prescan::untyped(text) {
            return invalid(p.line, p.column, p.message);
        }
        let (line, column) = match e.location() {
            Some(l) => (l.line(), l.column()),
            // serde_yaml does not say where a second document starts.
            None if e.to_string().contains("more than one document") => {
                (second_document(text).unwrap_or(1), 1)
            }
            None => (1, 1),
        };
        invalid(line, column, strip_location(&e.to_string()))
    })?;
    if model.version != 1 {
        let (line, column) = super::locate::locate(text, &["version"], None);
        return Err(invalid(
            line,
            column,
            format!(
                "unsupported model version {} (this speclint reads version 1)",
                model.version
            ),
        ));
    }
    validate(&model, text).map_err(|p| invalid(p.line, p.column, p.message))?;
    if let Some(lint) = &model.lint {
        super::lint::validate(lint, text).map_err(|p| invalid(p.line, p.column, p.message))?;
    }
    Ok(model)
}

/// The line of the `---` or `...` that ends the first YAML document.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = (line.starts_with("---") || line.starts_with("..."))
            && line[3..].chars().next().is_none_or(char::is_whitespace);
        if marker && (content || line.starts_with("...")) {
            return Some(i + 1);
        }
        // What the line holds besides a leading `---` (`--- {version: 1}` is content).
        let rest = if marker { &line[3..] } else { line }.trim_start();
        content |= !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with('%');
    }
    None
}

/// serde_yaml appends " at line L column C" to its messages; the location is
/// reported separately, in the `path:line:column:` prefix.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_model(text, Path::new("speclint.yaml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_repository_model_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(MODEL_FILE_NAME);
        let model = load_model(&path).expect("the repository's own model is valid");
        assert_eq!(model.flows["signin"].steps.len(), 8);
        assert_eq!(model.schema.as_ref().map(|s| s.tables.len()), Some(4));
    }

    #[test]
    fn unknown_keys_are_refused_with_a_location() {
        let e = err("version: 1\ncomponents:\n  web:\n    name: Web\n    colour: blue\n");
        assert!(e.starts_with("speclint.yaml:5:5: "), "{e}");
        assert!(e.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn undefined_ids_are_named_with_what_exists() {
        let e = err(
            "version: 1\ncomponents:\n  web: { name: Web }\n  api: { name: API }\ntokens:\n  jwt: { name: JWT, created_by: [wbe] }\n",
        );
        assert_eq!(
            e,
            "speclint.yaml:6:34: unknown component `wbe` in tokens.jwt (defined: web, api)"
        );
    }

    #[test]
    fn document_paths_may_not_leave_the_model_folder() {
        let e = err("version: 1\ndocuments:\n  - path: ../etc/passwd\n");
        assert!(e.contains("must stay inside the model's folder"), "{e}");
        assert!(e.starts_with("speclint.yaml:3:"), "{e}");
    }

    #[test]
    fn wrong_types_and_versions_are_located() {
        let e = err("version: 1\nflows:\n  a:\n    steps: 3\n");
        assert!(e.starts_with("speclint.yaml:4:"), "{e}");
        assert!(err("version: 2\n").starts_with("speclint.yaml:1:1: unsupported model version 2"));
    }
}
