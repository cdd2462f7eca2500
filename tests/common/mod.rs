//! What the end-to-end tests share: running the binary, reading its output, and
//! copying fixtures into temporary folders.
// Each test crate uses its own subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `speclint ARGS` in `dir`, without colour.
pub fn speclint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_speclint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("speclint runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of `fixtures/<name>` in a temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures").join(name), tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A model with two components and one table: enough for the diagram and schema
/// rules to run on whatever a case contains.
pub const SMALL_MODEL: &str = "version: 1
components:
  web: { name: Web }
  api: { name: API }
schema:
  owners: { o: { name: O } }
  tables: { t: { owner: o } }
";

/// Reports as people see them (human format, no colour).
pub fn human(reports: &[speclint::check::FileReport]) -> String {
    let mut out = Vec::new();
    speclint::render::write_report(
        speclint::render::Format::Human,
        reports,
        speclint::render::HumanOptions::default(),
        &mut out,
    )
    .expect("rendering to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

/// A model of components `c0`, `c1`, ... named `names`, and one flow `f` of `steps`:
/// what the random-flow tests draw and read back.
pub fn flow_model<'a>(
    names: impl IntoIterator<Item = &'a str>,
    steps: Vec<speclint::model::FlowStep>,
) -> speclint::model::Model {
    use speclint::model::{Component, Flow, Model};
    let mut model = Model {
        version: 1,
        ..Model::default()
    };
    for (i, name) in names.into_iter().enumerate() {
        model.components.insert(
            format!("c{i}"),
            Component {
                name: name.to_string(),
                ..Component::default()
            },
        );
    }
    model.flows.insert("f".into(), Flow { title: None, steps });
    model
}

/// One fixture's snapshot: its findings as the human report shows them, then the
/// diff every fix (unsafe ones included) makes of it.
pub fn findings_and_fixes(checker: &speclint::check::Checker, name: &str, text: &str) -> String {
    let report = human(&[checker.check(name, name, text.to_string())]);
    let opts = speclint::fix::FixOptions {
        unsafe_fixes: true,
        only: None,
    };
    let outcome = speclint::fix::fix_document(checker, name, name, text, &opts).unwrap();
    let diff = speclint::fix::diff::unified_diff(name, text, &outcome.fixed);
    format!("{report}\n{diff}")
}
