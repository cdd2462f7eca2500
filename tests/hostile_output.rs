//! Hostile text in specs and file names: ANSI escapes, bells, carriage returns,
//! bidirectional overrides and GitHub workflow commands, in headings, diagram
//! participants and labels, SQL identifiers and paths. Whatever the input, human
//! output carries no raw control character, JSON stays valid JSON holding the text
//! exactly, and GitHub output is one annotation per diagnostic with no injected
//! command.

mod common;
use common::{SMALL_MODEL, speclint};

const ESC: char = '\u{1b}';

/// A spec with hostile text wherever spec text reaches a message or a snippet.
fn hostile_spec() -> String {
    format!(
        "# Spec {ESC}[2J{ESC}]0;pwned\u{7} title\n\n\
         ## Schema {ESC}[31mred\u{202e}\n\n\
         ```sql\n\
         CREATE TABLE \"evil{ESC}[31m\n::error file=x::injected%0A\u{202e}\" (id INT);\n\
         CREATE TABLE t (id INT) {ESC}[1m junk;\n\
         ```\n\n\
         ```mermaid\n\
         sequenceDiagram\n\
         participant W as Web\n\
         participant E as Ev{ESC}[5mil\u{9b}31m\n\
         W->>E: 1. c{ESC}[2Jall\r::warning::x\n\
         ```\n"
    )
}

/// The case folder: the model and the hostile spec, under a hostile file name too.
fn case() -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), SMALL_MODEL).unwrap();
    let mut names = vec!["spec.md".to_string()];
    std::fs::write(tmp.path().join("spec.md"), hostile_spec()).unwrap();
    #[cfg(unix)]
    {
        let name = format!("x{ESC}[2J,y:z%0A.md");
        std::fs::write(tmp.path().join(&name), hostile_spec()).unwrap();
        names.push(name);
    }
    (tmp, names)
}

fn args<'a>(format: &'a str, names: &'a [String]) -> Vec<&'a str> {
    let mut args = vec!["check", "--format", format];
    args.extend(names.iter().map(String::as_str));
    args
}

fn raw_controls(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn json_output_is_valid_and_keeps_the_text_exactly() {
    let (tmp, names) = case();
    let o = speclint(tmp.path(), &args("json", &names));
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let diags = json["diagnostics"].as_array().unwrap();
    let messages: Vec<&str> = diags.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains(&format!(
            "evil{ESC}[31m\n::error file=x::injected%0A\u{202e}"
        ))),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains(&format!("Ev{ESC}[5mil"))),
        "{messages:?}"
    );
    let paths: Vec<&str> = diags.iter().filter_map(|d| d["path"].as_str()).collect();
    for name in &names {
        assert!(paths.contains(&name.as_str()), "{paths:?}");
    }
}

#[test]
fn human_output_carries_no_raw_control_characters() {
    let (tmp, names) = case();
    let o = speclint(tmp.path(), &args("human", &names));
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("unknown-table"), "{out}");
    assert!(out.contains("unknown-participant"), "{out}");
    assert_eq!(raw_controls(&o.stdout), Vec::<char>::new(), "{out}");
    assert_eq!(raw_controls(&o.stderr), Vec::<char>::new());

    let o = speclint(tmp.path(), &["inspect", "spec.md"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("participant"));
    assert_eq!(raw_controls(&o.stdout), Vec::<char>::new());
}

#[test]
fn github_output_is_one_annotation_per_diagnostic_and_injects_nothing() {
    let (tmp, names) = case();
    let json = speclint(tmp.path(), &args("json", &names));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let count = json["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(count >= 2 * names.len(), "{json}");

    let o = speclint(tmp.path(), &args("github", &names));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(raw_controls(&o.stdout), Vec::<char>::new(), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        count + 1,
        "one line per diagnostic and a summary: {out}"
    );
    for line in &lines[..count] {
        let command = line.split("::").nth(1).unwrap_or("");
        assert!(
            ["error ", "warning ", "notice "]
                .iter()
                .any(|c| command.starts_with(c)),
            "{line}"
        );
        // Properties hold no raw `,` or `:` beyond their own separators.
        let props = command.split_once(' ').map_or("", |(_, p)| p);
        assert_eq!(props.matches(',').count(), 5, "{line}");
        assert!(
            props.split(',').all(|p| p.matches('=').count() >= 1),
            "{line}"
        );
    }
    assert!(lines[count].starts_with("speclint: "));
    #[cfg(unix)]
    assert!(
        out.contains("file=x?[2J%2Cy%3Az%250A.md,"),
        "the file name is escaped as a property: {out}"
    );
}

#[test]
fn errors_on_stderr_carry_no_raw_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("speclint.yaml"),
        // YAML refuses raw control characters; `\e` is its escape for ESC.
        "version: 1\ncomponents:\n  web: { name: Web, \"\\e[2Jcolour\": blue }\n",
    )
    .unwrap();
    let o = speclint(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("speclint.yaml:3:"), "{err}");
    assert!(err.contains("?[2Jcolour"), "{err}");
    assert_eq!(raw_controls(&o.stderr), Vec::<char>::new(), "{err}");
}
