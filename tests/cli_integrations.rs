//! speclint in the places its users already work: report files, exit-code policy,
//! configuration from the model, `init`, the model's JSON Schema, completions and
//! the man page; and the README's "Use in CI" and "Configure" examples, run as
//! written so the docs cannot rot.

mod common;
use common::{root, speclint, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of spec 004's before-state, with `extra` appended to its model.
fn before_state(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/auth-before"), tmp.path());
    let model = tmp.path().join("speclint.yaml");
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, format!("{text}\n{extra}")).unwrap();
    tmp
}

const SPEC: &str = "specs/004-auth-integration/spec.md";

/// The codes `check --format json-lines` reports, in order.
fn codes(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json-lines"];
    all.extend(args);
    let o = speclint(dir, &all);
    assert!(o.status.code() != Some(2), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["code"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The fenced block in README.md's section `heading` whose info string is `lang`
/// and whose first line starts with `starts`.
fn readme_block(heading: &str, lang: &str, starts: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("README has no section {heading}"));
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let fence: String = line.chars().take_while(|c| *c == '`').collect();
        if fence.len() >= 3 && line[fence.len()..].trim() == lang {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != fence).collect();
            blocks.push(body.join("\n") + "\n");
        }
    }
    blocks
        .into_iter()
        .find(|b| b.starts_with(starts))
        .unwrap_or_else(|| panic!("README {heading}: no ```{lang} block starting {starts:?}"))
}

#[test]
fn output_writes_the_report_and_prints_the_human_one() {
    let dir = before_state("");
    let o = speclint(
        dir.path(),
        &["check", SPEC, "--format", "sarif", "--output", "out.sarif"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("error[D001]"), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("(11 fixable with `speclint fix`).\n"));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 16);
    let o = speclint(
        dir.path(),
        &[
            "check",
            SPEC,
            "--format",
            "junit",
            "-o",
            "out.xml",
            "-q",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(stdout(&o).lines().count(), 16, "{}", stdout(&o));
    assert!(
        std::fs::read_to_string(dir.path().join("out.xml"))
            .unwrap()
            .contains("<testsuites")
    );
}

#[test]
fn fail_on_and_exit_zero_decide_the_exit_code() {
    let dir = before_state("lint:\n  select: [S009]\n");
    std::fs::write(
        dir.path().join("specs/extra.md"),
        "# Extra\n\n```sql\nCREATE TABLE audit_log (id INTEGER);\n```\n",
    )
    .unwrap();
    // S009 is a warning: not failing by default, failing with --fail-on warning.
    assert_eq!(
        speclint(dir.path(), &["check", "specs/extra.md"])
            .status
            .code(),
        Some(0)
    );
    let o = speclint(
        dir.path(),
        &["check", "specs/extra.md", "--fail-on", "warning"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = speclint(
        dir.path(),
        &[
            "check",
            "specs/extra.md",
            "--fail-on",
            "warning",
            "--exit-zero",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn cli_selection_replaces_the_models() {
    let dir = before_state("lint:\n  select: [D]\n  ignore: [D003]\n");
    assert_eq!(
        codes(dir.path(), &[SPEC]),
        ["D004", "D006", "D001", "D001", "D006", "D006", "D006"]
    );
    assert_eq!(
        codes(dir.path(), &[SPEC, "--select", "C"]),
        ["C007", "C001", "C005"]
    );
    assert_eq!(
        codes(dir.path(), &[SPEC, "--ignore", "D001"]),
        ["D003", "D004", "D006", "D006", "D006", "D006"]
    );
    let o = speclint(dir.path(), &["check", "--select", "Q9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--select: unknown rule or family `Q9`"));
}

#[test]
fn include_and_exclude_filter_walked_folders_but_not_named_files() {
    let dir = before_state("lint:\n  exclude: [\"**/drafts/**\"]\n");
    std::fs::create_dir_all(dir.path().join("specs/drafts")).unwrap();
    std::fs::write(
        dir.path().join("specs/drafts/x.md"),
        "```sql\nCREATE TABLE x (a INT);\n```\n",
    )
    .unwrap();
    let o = speclint(dir.path(), &["check", "specs", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Specs 004 and 005 of the before state; not the draft.
    assert_eq!(json["summary"]["files"], 2);
    let o = speclint(
        dir.path(),
        &["check", "specs/drafts/x.md", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json["summary"]["files"], 1,
        "a file named on the command line is checked"
    );
    assert_eq!(json["diagnostics"][0]["code"], "S009");
}

#[test]
fn model_errors_in_lint_point_at_the_line_and_name_the_expected_keys() {
    let dir = before_state("lint:\n  ignroe: [D001]\n");
    let o = speclint(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let lines = std::fs::read_to_string(dir.path().join("speclint.yaml"))
        .unwrap()
        .lines()
        .count();
    assert!(
        stderr(&o).contains(&format!("speclint.yaml:{lines}:3: lint: unknown field `ignroe`, expected one of `select`, `ignore`")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_then_two_edited_lines_make_a_gate() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("fixtures/auth-before/specs"),
        &tmp.path().join("specs"),
    );
    let o = speclint(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(tmp.path().join("speclint.yaml")).unwrap();
    assert!(yaml.starts_with("# yaml-language-server: $schema=speclint.schema.json\n"));
    assert!(tmp.path().join("speclint.schema.json").exists());
    for expected in [
        "  \"browser\":\n    name: \"Browser\"",
        "next-js-frontend",
        "flows:\n  \"architecture-overview\":",
        "path: \"specs/004-auth-integration/spec.md\"",
        "  \"jwt\":\n    name: \"JWT\"",
        // Spec 004's diagram has the backend create the JWT, the newer change
        // request's prose the frontend: the newest spec wins, both are named.
        "created_by: [\"next-js-frontend\"]  # DECIDE: specs disagree on who creates JWT: FastAPI Backend at specs/004-auth-integration/spec.md:18; Next.js Frontend at specs/005-fix-auth-flow/spec.md:10",
        // Nothing shows who verifies it: left empty for a person.
        "verified_by: []  # DECIDE:",
    ] {
        assert!(yaml.contains(expected), "{expected:?} not in\n{yaml}");
    }
    assert!(
        stderr(&o).contains("speclint: DECIDE: specs disagree on who creates JWT"),
        "{}",
        stderr(&o)
    );
    // The header points at what the user has: the schema and `speclint explain`.
    assert!(yaml.contains("Keys: speclint.schema.json; findings: `speclint explain CODE`"));
    assert!(!yaml.contains("design/model.md"));
    // As drafted, the gate is not on: each undecided line is an error located in
    // the model, in human and JSON output alike.
    let decide_lines: Vec<usize> = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.contains("# DECIDE") || l.contains("created_by: []") || l.contains("verified_by: []")
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert!(!decide_lines.is_empty(), "{yaml}");
    let o = speclint(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let m005: Vec<(String, usize)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "M005")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let expected: Vec<(String, usize)> = decide_lines
        .iter()
        .map(|&l| ("speclint.yaml".to_string(), l))
        .collect();
    assert_eq!(m005, expected);
    let o = speclint(tmp.path(), &["check", "--output-format", "concise"]);
    assert!(
        stdout(&o).contains(&format!("speclint.yaml:{}:5: M005 ", decide_lines[0])),
        "{}",
        stdout(&o)
    );
    // Besides the undecided lines, the disagreement is the one finding.
    let drafted: Vec<String> = codes(tmp.path(), &[])
        .into_iter()
        .filter(|c| c != "M005")
        .collect();
    assert_eq!(drafted, ["D001"]);
    // A second init does not overwrite.
    let o = speclint(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    // The token's two lines decided: the backend drawn creating the JWT is now a
    // finding (and, with SQL in the specs, the owner's line would be next).
    init_and_decide_tokens(tmp.path());
    let left: Vec<String> = codes(tmp.path(), &[])
        .into_iter()
        .filter(|c| c != "M005")
        .collect();
    assert_eq!(left, ["D001"]);
}

#[test]
fn a_bare_init_finds_every_specs_folder_of_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("Phase-2/web app/specs/001-a");
    let two = tmp.path().join("phase 3/specs/002-b");
    let hidden = tmp.path().join("node_modules/pkg/specs");
    for dir in [&one, &two, &hidden] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(
        one.join("data-model.md"),
        "```sql\nCREATE TABLE a (id INT, b_id INT REFERENCES b(id));\n```\n",
    )
    .unwrap();
    std::fs::write(
        two.join("data-model.md"),
        "```sql\nALTER TABLE a ADD COLUMN c INT;\nCREATE INDEX ix_c ON a(c);\n```\n",
    )
    .unwrap();
    std::fs::write(hidden.join("x.md"), "# not ours\n").unwrap();
    let o = speclint(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(tmp.path().join("speclint.yaml")).unwrap();
    assert!(
        yaml.contains("path: \"Phase-2/web app/specs/001-a/data-model.md\""),
        "{yaml}"
    );
    assert!(
        yaml.contains("path: \"phase 3/specs/002-b/data-model.md\""),
        "{yaml}"
    );
    assert!(!yaml.contains("node_modules"), "{yaml}");
    // The draft loads: check runs to a verdict.
    let o = speclint(tmp.path(), &["check"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    // No specs folder, no Markdown: a clear error naming what was looked for.
    let empty = tempfile::tempdir().unwrap();
    let o = speclint(empty.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no folder named `specs`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_drafts_tables_keys_and_indexes_from_sql() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("specs")).unwrap();
    std::fs::copy(
        root().join("specs/004-auth-integration/spec.md"),
        tmp.path().join("specs/spec.md"),
    )
    .unwrap();
    let o = speclint(tmp.path(), &["init", "--output", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = stdout(&o);
    assert!(yaml.contains("schema:\n  owners:"), "{yaml}");
    assert!(yaml.contains("references: \"user\""), "{yaml}");
    assert!(yaml.contains("indexes:"), "{yaml}");
    // The draft is a valid model.
    speclint::model::parse_model(&yaml, Path::new("speclint.yaml")).expect("the draft parses");
}

#[test]
fn the_schema_accepts_every_model_in_the_repository() {
    let o = speclint(&root(), &["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(schema["title"], "speclint.yaml");
    assert!(schema["properties"]["lint"].is_object());
    assert!(schema["$defs"]["LintConfig"]["properties"]["per-file-ignores"].is_object());
    let tmp = tempfile::tempdir().unwrap();
    let schema_path = tmp.path().join("schema.json");
    std::fs::write(&schema_path, &o.stdout).unwrap();
    let mut models = vec![
        root().join("speclint.yaml"),
        root().join("fixtures/rules/speclint.yaml"),
        root().join("fixtures/auth-before/speclint.yaml"),
    ];
    let configured = tmp.path().join("configured.yaml");
    let text = std::fs::read_to_string(root().join("speclint.yaml")).unwrap();
    std::fs::write(
        &configured,
        format!("{text}\n{}", readme_block("Configure", "yaml", "lint:")),
    )
    .unwrap();
    models.push(configured);
    for (i, m) in models.iter().enumerate() {
        let value: serde_json::Value =
            serde_yaml::from_str(&std::fs::read_to_string(m).unwrap()).unwrap();
        let json = tmp.path().join(format!("{i}.json"));
        std::fs::write(&json, serde_json::to_vec(&value).unwrap()).unwrap();
        let o = Command::new(python())
            .args([
                "-c",
                VALIDATE,
                schema_path.to_str().unwrap(),
                json.to_str().unwrap(),
            ])
            .output()
            .expect("python runs (bash .ci/run installs jsonschema into target/ci-venv)");
        assert!(
            o.status.success(),
            "{}: {}{}",
            m.display(),
            stdout(&o),
            stderr(&o)
        );
    }
    // And rejects what the loader rejects.
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, r#"{"version": 1, "lint": {"selct": []}}"#).unwrap();
    let o = Command::new(python())
        .args([
            "-c",
            VALIDATE,
            schema_path.to_str().unwrap(),
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
}

fn python() -> PathBuf {
    let venv = root().join("target/ci-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

const VALIDATE: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(doc))
for e in errors:
    print("/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else 0)
"#;

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = speclint(&root(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(
            stdout(&o).contains("speclint") && stdout(&o).contains("fail-on"),
            "{shell}"
        );
    }
    let o = speclint(&root(), &["man"]);
    assert!(
        stdout(&o).starts_with(".ie \\n(.g") || stdout(&o).contains(".TH speclint"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("init"));
}

#[test]
fn readme_configure_example_runs_as_written() {
    let lint = readme_block("Configure", "yaml", "lint:");
    let dir = before_state(&lint);
    std::fs::create_dir_all(dir.path().join("specs/drafts")).unwrap();
    std::fs::write(dir.path().join("specs/drafts/x.md"), "# Draft\n").unwrap();
    let o = speclint(dir.path(), &["check", "specs", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 2, "drafts are excluded");
    let diags = json["diagnostics"].as_array().unwrap();
    let severity = |code: &str| {
        diags
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| d["severity"].clone())
    };
    assert_eq!(severity("S002"), Some("warning".into()));
    assert_eq!(severity("C001"), Some("warning".into()));
    assert_eq!(severity("D001"), Some("error".into()));
    // The suppression example: silent as written, S009 without its comments.
    let example = readme_block("Configure", "markdown", "<!--");
    let rules = root().join("fixtures/rules/speclint.yaml");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), &example).unwrap();
    let bare: String = example
        .lines()
        .filter(|l| !l.starts_with("<!--"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(tmp.path().join("b.md"), bare).unwrap();
    let model = rules.to_str().unwrap();
    let o = speclint(
        tmp.path(),
        &["check", "a.md", "--model", model, "--fail-on", "warning"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(codes(tmp.path(), &["b.md", "--model", model]), ["S009"]);
}

#[test]
fn readme_ci_examples_match_the_repository() {
    // The workflow in the README is this repository's own, with the published action.
    let workflow = readme_block("Use in CI", "yaml", "name: specs");
    let ours = std::fs::read_to_string(root().join(".github/workflows/speclint.yml")).unwrap();
    // The action and the hook name the tag of this version, which the repository
    // carries (`git tag v0.1.0`), and so does the install from git.
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        workflow.replace(&format!("uses: OWNER/speclint@{tag}"), "uses: ./"),
        ours
    );
    assert!(readme_block("Use in CI", "yaml", "repos:").contains(&format!("rev: {tag}\n")));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&format!(
        "`cargo install --locked --git https://github.com/OWNER/speclint --tag {tag}`"
    )));
    // Every `with:` key it passes is an input of action.yml.
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap();
    let wf: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
    let steps = wf["jobs"]["speclint"]["steps"].as_sequence().unwrap();
    let with = steps[1]["with"].as_mapping().unwrap();
    for key in with.keys() {
        assert!(
            !action["inputs"][key].is_null(),
            "{key:?} is no input of action.yml"
        );
    }
    // The pre-commit hooks the README names exist, and their entries run.
    let hooks: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["speclint-check", "speclint-fix"]);
    assert!(readme_block("Use in CI", "yaml", "repos:").contains("id: speclint-check"));
    let dir = before_state("");
    let o = speclint(dir.path(), &["check", SPEC]);
    assert_eq!(o.status.code(), Some(1));
    // The JUnit line runs as written.
    let line = readme_block("Use in CI", "sh", "speclint check --format junit");
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    let o = speclint(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(dir.path().join("speclint.xml").exists());
    // The action runs speclint with flags that exist.
    let o = speclint(
        dir.path(),
        &[
            "check",
            SPEC,
            "--fail-on",
            "error",
            "--format",
            "sarif",
            "--output",
            "x.sarif",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// `init`'s draft with its two token lines decided (whatever the draft left there):
/// the backend drawn creating the JWT is a finding.
fn init_and_decide(dir: &Path) {
    let o = speclint(dir, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    init_and_decide_tokens(dir);
}

/// The model's token lines decided, their DECIDE comments gone.
fn init_and_decide_tokens(dir: &Path) {
    let yaml = std::fs::read_to_string(dir.join("speclint.yaml")).unwrap();
    let decided: Vec<String> = yaml
        .lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("created_by:") => "    created_by: [next-js-frontend]".into(),
            t if t.starts_with("verified_by:") => "    verified_by: [fastapi-backend]".into(),
            _ => l.to_string(),
        })
        .collect();
    std::fs::write(dir.join("speclint.yaml"), decided.join("\n") + "\n").unwrap();
}

/// The drafted flow is the diagram as it is, so redrawing the diagram from it
/// draws the same mistake: that fix would leave its finding, and is not offered.
#[test]
fn a_fix_that_would_leave_its_finding_is_not_offered() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("fixtures/auth-before/specs"),
        &tmp.path().join("specs"),
    );
    init_and_decide(tmp.path());
    let o = speclint(tmp.path(), &["check", "--output-format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(": D001 FastAPI Backend is shown creating JWT"),
        "{out}"
    );
    assert!(!out.contains("[*]") && !out.contains("fixable"), "{out}");
    let spec = tmp.path().join("specs/004-auth-integration/spec.md");
    let before = std::fs::read(&spec).unwrap();
    let o = speclint(tmp.path(), &["fix", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "No fixes to apply.\n");
    assert_eq!(std::fs::read(&spec).unwrap(), before);
    assert!(codes(tmp.path(), &[]).contains(&"D001".to_string()));
}

/// The codes a README comment names (`D001 on "…", D003, …`), in order, once each.
fn codes_named(comment: &str) -> Vec<String> {
    let mut codes: Vec<String> = comment
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            w.len() == 4
                && w.starts_with(['D', 'S', 'C', 'M', 'K'])
                && w[1..].chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    codes.dedup();
    codes
}

/// The README's first block: install, the gate on this repository, the tests.
/// The gate runs as written; the install names this package and its lock file.
#[test]
fn readme_first_commands_do_what_it_says() {
    let block = readme_block("# speclint", "sh", "cargo install");
    let lines: Vec<&str> = block.lines().collect();
    assert!(lines[0].starts_with("cargo install --locked --path ."));
    assert!(
        root().join("Cargo.lock").exists(),
        "--locked needs Cargo.lock"
    );
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[[bin]]\nname = \"speclint\""));
    let gate = lines[1].split('#').next().unwrap();
    let args: Vec<&str> = gate.split_whitespace().skip(1).collect();
    assert_eq!(args, ["check"]);
    let o = speclint(&root(), &args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(lines[2].starts_with("cargo test && bash tests/python/run.sh"));
    assert!(root().join("tests/python/run.sh").exists());
}

/// "The change request, end to end": each command runs as written in the before
/// state, and does what its comment says.
#[test]
fn readme_walk_through_does_what_it_says() {
    let block = readme_block(
        "The change request, end to end",
        "sh",
        "cd fixtures/auth-before",
    );
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/auth-before"), tmp.path());
    let patches = tmp.path().join("patches-out");
    let mut ran = 0;
    for line in block.lines().skip(1) {
        let (command, comment) = line.split_once('#').unwrap_or((line, ""));
        let command = command.replace("/tmp/patches", patches.to_str().unwrap());
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args[0], "speclint", "{line}");
        let o = speclint(tmp.path(), &args[1..]);
        let out = stdout(&o);
        match &args[1..] {
            ["check"] => {
                assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
                let mut reported = codes(tmp.path(), &[]);
                reported.sort();
                reported.dedup();
                let mut named = codes_named(comment);
                named.sort();
                assert_eq!(reported, named, "{line}");
                assert!(out.contains("Create JWT & Session"), "{out}");
                assert!(out.contains("Set JWT cookie"), "{out}");
            }
            ["checklist"] => {
                assert_eq!(o.status.code(), Some(1));
                let items = out
                    .lines()
                    .filter(|l| l.contains("[ ]") || l.contains("[x]"));
                let items: Vec<&str> = items.collect();
                assert!(!items.is_empty(), "{out}");
                assert!(
                    items.iter().all(|l| l.trim_start().starts_with("FAIL")),
                    "{out}"
                );
                assert!(out.contains("specs/004-auth-integration/spec.md"), "{out}");
            }
            ["fix"] => {
                assert_eq!(o.status.code(), Some(0));
                let fixes: Vec<&str> = out.lines().filter(|l| l.starts_with("# ")).collect();
                assert_eq!(fixes.len(), 4, "the four edits: {fixes:?}");
                for what in ["diagram", "CORS", "JWT Verification", "Schema"] {
                    assert!(
                        fixes.iter().any(|f| f.contains(what)),
                        "no {what} fix in {fixes:?}"
                    );
                }
                assert_eq!(
                    out.matches("\n--- a/").count() + usize::from(out.starts_with("--- a/")),
                    1
                );
            }
            ["fix", "--patch-dir", _] => {
                assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
                assert_eq!(std::fs::read_dir(&patches).unwrap().count(), 4);
            }
            other => panic!("the walk-through has a command no test runs: {other:?}"),
        }
        ran += 1;
    }
    assert_eq!(ran, 4);
    // The encoding walk-through, run from the root as the README says.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = readme
        .split('`')
        .find(|c| c.starts_with("speclint fix --only M001"))
        .unwrap();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let seed = root().join("fixtures/encoding/seed.md");
    let before = std::fs::read(&seed).unwrap();
    let o = speclint(&root(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("--- a/fixtures/encoding/seed.md"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with('+') && l.contains("❌ WRONG")),
        "{out}"
    );
    assert!(!out.contains("No fixes to apply"));
    assert_eq!(std::fs::read(&seed).unwrap(), before, "shown, not written");
    // The rule catalogue's two commands.
    for args in [&["rules"][..], &["explain", "D001"]] {
        assert!(readme.contains(&format!("`speclint {}`", args.join(" "))));
        assert_eq!(speclint(&root(), args).status.code(), Some(0));
    }
}
