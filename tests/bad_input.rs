//! The bad-input catalogue: every kind of hostile or broken input speclint may be
//! handed by a pull request, each run end to end through the binary. For each: no
//! crash, no hang, a message naming the file and the place, and the other files
//! still checked. The model's own bad inputs (alias bombs, deep nesting, duplicate
//! ids, ...) are at the end.

mod common;
use common::{SMALL_MODEL, root, stderr, stdout};

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const GOOD: &str = "# Good\n\nA spec with nothing wrong.\n";

/// Generous: these run the debug binary on a machine shared with other builds. The
/// point is "finishes", not a benchmark.
const NO_HANG: Duration = Duration::from_secs(90);

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_speclint"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let out = cmd.output().expect("speclint runs");
    assert!(
        start.elapsed() < NO_HANG,
        "speclint {args:?} took {:?}",
        start.elapsed()
    );
    out
}

fn speclint(dir: &Path, args: &[&str]) -> Output {
    run(dir, args, &[])
}

/// A folder with the model, `good.md`, and the given files.
fn case(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), SMALL_MODEL).unwrap();
    std::fs::write(tmp.path().join("good.md"), GOOD).unwrap();
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    tmp
}

/// `check --format json` on the paths: the parsed report, the exit code and stderr.
fn check_json(dir: &Path, paths: &[&str], extra: &[&str]) -> (serde_json::Value, i32, String) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(paths);
    let o = speclint(dir, &args);
    let json = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: stdout is not JSON: {}", stdout(&o)));
    (json, o.status.code().unwrap_or(-1), stderr(&o))
}

fn files_checked(json: &serde_json::Value) -> u64 {
    json["summary"]["files"].as_u64().unwrap_or(0)
}

/// The codes reported for `path`.
fn codes_for<'a>(json: &'a serde_json::Value, path: &str) -> Vec<&'a str> {
    json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["path"] == path)
        .filter_map(|d| d["code"].as_str())
        .collect()
}

#[test]
fn an_empty_file_is_checked_like_any_other() {
    let tmp = case(&[("empty.md", b"")]);
    let (json, code, err) = check_json(tmp.path(), &["empty.md", "good.md"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(files_checked(&json), 2);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn a_binary_file_is_checked_as_decoded_text_with_a_warning() {
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.extend_from_slice(b"\x00\x00\xff\xfe");
    let tmp = case(&[("blob.md", &binary)]);
    let (json, code, err) = check_json(tmp.path(), &["blob.md", "good.md"], &[]);
    assert_eq!(files_checked(&json), 2);
    assert!(code == 0 || code == 1, "{err}");
    // Bytes 0..=127 are ASCII; 128 is the first that is not UTF-8, on line 2.
    assert!(
        err.contains(
            "speclint: warning: blob.md: not UTF-8 at byte 128 (line 2); checked as decoded text"
        ),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "control characters reach stderr");
}

#[test]
fn a_non_utf8_file_is_named_with_the_byte_and_never_rewritten() {
    let latin1 = b"# Caf\xe9\n\nBody.\n".to_vec();
    let tmp = case(&[("latin1.md", &latin1)]);
    let (json, _, err) = check_json(tmp.path(), &["latin1.md", "good.md"], &[]);
    assert_eq!(files_checked(&json), 2);
    assert!(
        err.contains("latin1.md: not UTF-8 at byte 5 (line 1); checked as decoded text"),
        "{err}"
    );

    let o = speclint(tmp.path(), &["fix", "--write", "latin1.md", "good.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("latin1.md: not UTF-8 at byte 5 (line 1); not fixed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(tmp.path().join("latin1.md")).unwrap(), latin1);
}

#[test]
fn a_million_character_line_is_checked() {
    let mut text = String::from("# Long\n\n");
    text.push_str(&"é".repeat(1_000_000));
    text.push_str("\n\n```text\n");
    // The same line inside a block that looks like a diagram: the grid must not
    // become a million columns by every row.
    text.push_str("┌───┐   ┌───┐\n│Web│   │API│\n└─┬─┘   └─┬─┘\n  │ 1. go │\n  │──────>│\n");
    text.push_str("  │");
    text.push_str(&"x".repeat(1_000_000));
    text.push('\n');
    text.push_str(&"  │       │\n".repeat(500));
    text.push_str("```\n");
    let tmp = case(&[("long.md", text.as_bytes())]);
    let (json, code, err) = check_json(tmp.path(), &["long.md", "good.md"], &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(files_checked(&json), 2);
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let tmp = case(&[]);
    // 100 MB without writing 100 MB: a sparse file. Refused from its size alone.
    let big = std::fs::File::create(tmp.path().join("huge.md")).unwrap();
    big.set_len(100_000_000).unwrap();
    drop(big);
    let (json, code, err) = check_json(tmp.path(), &["huge.md", "good.md"], &[]);
    assert_eq!(code, 2, "a file not checked fails the run");
    assert_eq!(files_checked(&json), 1, "good.md is still checked");
    assert!(
        err.contains("huge.md: 100000000 bytes, over the limit of 67108864 bytes for a spec; not read (--max-file-size raises it)"),
        "{err}"
    );
    let o = speclint(tmp.path(), &["fix", "huge.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("huge.md: 100000000 bytes"));

    // The flag lowers and raises the limit.
    let two_mb = format!("# Big\n\n{}\n", "word ".repeat(400_000));
    std::fs::write(tmp.path().join("big.md"), &two_mb).unwrap();
    let (_, code, err) = check_json(tmp.path(), &["big.md"], &["--max-file-size", "1000000"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("big.md: 2000008 bytes, over the limit of 1000000"),
        "{err}"
    );
    let (json, code, err) = check_json(tmp.path(), &["big.md"], &["--max-file-size", "3000000"]);
    assert_eq!((code, files_checked(&json)), (0, 1), "{err}");

    // So does the model's `lint.max-file-size`, and the flag wins over it.
    let model = std::fs::read_to_string(tmp.path().join("speclint.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("speclint.yaml"),
        format!("{model}lint:\n  max-file-size: 3000000\n"),
    )
    .unwrap();
    let (json, code, err) = check_json(tmp.path(), &["big.md"], &[]);
    assert_eq!((code, files_checked(&json)), (0, 1), "{err}");
    let (_, code, err) = check_json(tmp.path(), &["big.md"], &["--max-file-size", "1000000"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ten_thousand_nested_blockquotes_and_lists_are_checked() {
    let quotes = format!("# Q\n\n{}deep\n", "> ".repeat(10_000));
    let lists = format!("# L\n\n{}deep\n", "- ".repeat(10_000));
    let mut indented = String::from("# I\n\n");
    for depth in 0..10_000 {
        indented.push_str(&">".repeat(depth % 50 + 1));
        indented.push_str(" 1. item\n");
    }
    let tmp = case(&[
        ("quotes.md", quotes.as_bytes()),
        ("lists.md", lists.as_bytes()),
        ("mixed.md", indented.as_bytes()),
    ]);
    let (json, code, err) = check_json(
        tmp.path(),
        &["quotes.md", "lists.md", "mixed.md", "good.md"],
        &[],
    );
    assert_eq!((code, files_checked(&json)), (0, 4), "{err}");
}

/// A text-art diagram of `n` participants and `steps` messages, each box 10 columns
/// apart.
fn wide_diagram(n: usize, steps: usize) -> String {
    let width = 10 * n;
    let lifelines = || {
        let mut row = vec![' '; width];
        for i in 0..n {
            row[10 * i + 3] = '│';
        }
        row
    };
    let mut lines = vec![
        "┌─────┐   ".repeat(n),
        (0..n).map(|i| format!("│P{i:03} │   ")).collect(),
        "└──┬──┘   ".repeat(n),
    ];
    lines.push(lifelines().into_iter().collect());
    for s in 0..steps {
        let at = s % (n - 1);
        let mut label = lifelines();
        for (k, c) in format!("{}. go", s + 1).chars().enumerate() {
            label[10 * at + 5 + k] = c;
        }
        let mut arrow = lifelines();
        for cell in &mut arrow[10 * at + 4..10 * at + 12] {
            *cell = '─';
        }
        arrow[10 * at + 12] = '>';
        lines.push(label.into_iter().collect::<String>().trim_end().to_string());
        lines.push(arrow.into_iter().collect::<String>().trim_end().to_string());
    }
    format!("# D\n\n```text\n{}\n```\n", lines.join("\n"))
}

#[test]
fn a_diagram_of_500_participants_is_read() {
    let tmp = case(&[("wide.md", wide_diagram(500, 600).as_bytes())]);
    let (json, code, err) = check_json(tmp.path(), &["wide.md", "good.md"], &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(files_checked(&json), 2);
    let o = speclint(tmp.path(), &["inspect", "wide.md", "--format", "json"]);
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        seen["diagrams"][0]["participants"].as_array().map(Vec::len),
        Some(500)
    );
    assert_eq!(
        seen["diagrams"][0]["steps"].as_array().map(Vec::len),
        Some(600)
    );
}

#[test]
fn diagrams_of_20000_rows_are_read() {
    let mermaid: String = std::iter::once("# M\n\n```mermaid\nsequenceDiagram\n".to_string())
        .chain((0..20_000).map(|i| format!("Web->>API: message {i}\n")))
        .chain(std::iter::once("```\n".to_string()))
        .collect();
    let tmp = case(&[
        ("tall.md", wide_diagram(3, 10_000).as_bytes()),
        ("mermaid.md", mermaid.as_bytes()),
    ]);
    let (json, code, err) = check_json(tmp.path(), &["tall.md", "mermaid.md", "good.md"], &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(files_checked(&json), 3);
    let o = speclint(tmp.path(), &["inspect", "tall.md", "--format", "json"]);
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        seen["diagrams"][0]["steps"].as_array().map(Vec::len),
        Some(10_000)
    );
}

#[test]
fn an_unclosed_fence_at_the_end_is_read_and_fixes_settle() {
    let tmp = tempfile::tempdir().unwrap();
    let before = root().join("fixtures/auth-before");
    std::fs::copy(
        before.join("speclint.yaml"),
        tmp.path().join("speclint.yaml"),
    )
    .unwrap();
    let spec = "specs/004-auth-integration/spec.md";
    std::fs::create_dir_all(tmp.path().join("specs/004-auth-integration")).unwrap();
    let mut text = std::fs::read_to_string(before.join(spec)).unwrap();
    text.push_str("\n```sql\nCREATE TABLE tasks (id INT");
    std::fs::write(tmp.path().join(spec), &text).unwrap();

    let (json, code, err) = check_json(tmp.path(), &[spec], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(codes_for(&json, spec).contains(&"D001"), "{json}");
    let o = speclint(tmp.path(), &["fix", "--write", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(tmp.path().join(spec)).unwrap();
    assert!(
        fixed.ends_with("\n```sql\nCREATE TABLE tasks (id INT"),
        "the unclosed block is kept as it was"
    );
    let again = speclint(tmp.path(), &["fix", "--check", spec]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "fixes settle: {}",
        stdout(&again)
    );
}

#[test]
fn an_html_block_left_open_is_read_and_fixes_settle() {
    // `<!--`, `<pre>`, `<script>`, `<?`, `<!X` and `<![CDATA[` blocks run to their
    // end marker, or to the end of the file without one: the sections they hide are
    // inserted before them. `<div>` ends at the first blank line.
    let before = root().join("fixtures/auth-before");
    let spec = "specs/004-auth-integration/spec.md";
    let original = std::fs::read_to_string(before.join(spec)).unwrap();
    let (head, rest) = original.split_at(original.find("## Architecture Overview").unwrap());
    for open in [
        "<pre>",
        "<!-- a note",
        "<div>",
        "<script>",
        "<?php",
        "<!DOCTYPE html",
        "<![CDATA[",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::copy(
            before.join("speclint.yaml"),
            tmp.path().join("speclint.yaml"),
        )
        .unwrap();
        std::fs::create_dir_all(tmp.path().join("specs/004-auth-integration")).unwrap();
        let text = format!("{head}{open}\n{rest}");
        std::fs::write(tmp.path().join(spec), &text).unwrap();

        // Checked as rendered: what the block hides is missing, and nothing else fails.
        let (json, code, err) = check_json(tmp.path(), &[spec], &[]);
        assert_eq!(code, 1, "{open}: {err}");
        assert!(err.is_empty(), "{open}: {err}");
        assert!(codes_for(&json, spec).contains(&"S001"), "{open}: {json}");

        let o = speclint(tmp.path(), &["fix", "--write", spec]);
        assert_eq!(o.status.code(), Some(0), "{open}: {}", stderr(&o));
        let fixed = std::fs::read_to_string(tmp.path().join(spec)).unwrap();
        assert!(
            open == "<div>" || fixed.ends_with(&format!("{open}\n{rest}")),
            "{open}: the block and all it hides are kept as they were"
        );
        let again = speclint(tmp.path(), &["fix", "--check", spec]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{open}: fixes settle: {}",
            stdout(&again)
        );
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_under_a_checked_folder_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("secret.md");
    std::fs::write(&secret, "# Secret\n").unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("speclint.yaml"), SMALL_MODEL).unwrap();
    std::fs::create_dir_all(repo.join("specs/a")).unwrap();
    std::fs::write(repo.join("specs/a/spec.md"), GOOD).unwrap();
    symlink("..", repo.join("specs/a/loop")).unwrap();
    symlink(repo.join("specs"), repo.join("specs/a/again")).unwrap();
    symlink(&secret, repo.join("specs/outside.md")).unwrap();

    let (json, code, err) = check_json(&repo, &["specs"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(files_checked(&json), 1, "only specs/a/spec.md: {json}");

    // Named on the command line, a link out is read but never written through.
    let before = root().join("fixtures/auth-before");
    std::fs::copy(before.join("speclint.yaml"), repo.join("speclint.yaml")).unwrap();
    std::fs::copy(before.join("specs/004-auth-integration/spec.md"), &secret).unwrap();
    std::fs::create_dir_all(repo.join("specs/004-auth-integration")).unwrap();
    let link = "specs/004-auth-integration/spec.md";
    symlink(&secret, repo.join(link)).unwrap();
    let secret_before = std::fs::read(&secret).unwrap();
    let o = speclint(&repo, &["fix", "--write", link]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{}{err}", stdout(&o));
    assert!(
        err.contains(&format!("{link}: outside the model's folder")),
        "{err}"
    );
    assert_eq!(std::fs::read(&secret).unwrap(), secret_before);
    assert!(
        std::fs::symlink_metadata(repo.join(link))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_spec_outside_the_model_folder_is_never_written() {
    let outer = tempfile::tempdir().unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::copy(
        root().join("fixtures/auth-before/speclint.yaml"),
        repo.join("speclint.yaml"),
    )
    .unwrap();
    let elsewhere = outer.path().join("spec.md");
    std::fs::copy(
        root().join("fixtures/auth-before/specs/004-auth-integration/spec.md"),
        &elsewhere,
    )
    .unwrap();
    let before = std::fs::read(&elsewhere).unwrap();
    let o = speclint(&repo, &["fix", "--write", "../spec.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("../spec.md: outside the model's folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&elsewhere).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_and_the_others_are_checked() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = case(&[("locked.md", b"# Locked\n")]);
    let locked = tmp.path().join("locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // A FIFO would block a reader forever: refused as "not a regular file". It is
    // unreadable even to root, who reads a mode-000 file anyway.
    let fifo = Command::new("mkfifo")
        .arg(tmp.path().join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    let (json, code, err) = check_json(tmp.path(), &["locked.md", "pipe.md", "good.md"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("pipe.md: not a regular file; not read"),
        "{err}"
    );
    let root_reads_anything = std::fs::read(&locked).is_ok();
    if root_reads_anything {
        assert_eq!(files_checked(&json), 2, "locked.md and good.md");
    } else {
        assert!(err.contains("locked.md: Permission denied"), "{err}");
        assert_eq!(files_checked(&json), 1, "good.md");
    }
    assert_eq!(codes_for(&json, "good.md"), Vec::<&str>::new());
}

#[test]
fn paths_with_spaces_and_non_ascii_names_are_checked_and_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let before = root().join("fixtures/auth-before");
    let name = "specs/mes spécs/spéc ünïcode 日本.md";
    let model = std::fs::read_to_string(before.join("speclint.yaml")).unwrap();
    let model = model.replace("specs/004-auth-integration/spec.md", name);
    std::fs::write(tmp.path().join("speclint.yaml"), model).unwrap();
    std::fs::create_dir_all(tmp.path().join("specs/mes spécs")).unwrap();
    std::fs::copy(
        before.join("specs/004-auth-integration/spec.md"),
        tmp.path().join(name),
    )
    .unwrap();
    let (json, code, _) = check_json(tmp.path(), &["specs"], &[]);
    assert_eq!(code, 1);
    assert!(codes_for(&json, name).contains(&"D001"), "{json}");

    let o = speclint(tmp.path(), &["check", "--format", "github", "specs"]);
    let first = stdout(&o).lines().next().unwrap_or("").to_string();
    assert!(
        first.contains(&format!("file={name},line=")),
        "spaces and non-ASCII need no escaping: {first}"
    );

    let o = speclint(tmp.path(), &["fix", "--write", "specs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = std::fs::read(tmp.path().join(name)).unwrap();
    let ours = std::fs::read(root().join("specs/004-auth-integration/spec.md")).unwrap();
    assert!(fixed == ours, "the fixed file is our spec 004");
}

// ---- the model ----

fn model_error(text: &str) -> (String, Duration) {
    let start = Instant::now();
    let err = speclint::model::parse_model(text, Path::new("speclint.yaml"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("accepted: {text:.200}"));
    (err, start.elapsed())
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // Nine levels of nine aliases: 9^9 (387 million) strings once expanded.
    let mut bomb = String::from(
        "version: 1\nchecklist: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for level in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("x{level}: &{level} [{refs}]\n"));
        prev = level.to_string();
    }
    let (err, took) = model_error(&bomb);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(err.starts_with("speclint.yaml:"), "{err}");
    assert!(err.contains("alias"), "{err}");

    // Through the binary: exit 2, a located message, nothing on stdout.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), &bomb).unwrap();
    let o = speclint(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("speclint.yaml:"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn deep_nesting_in_the_model_is_refused_quickly() {
    for text in [
        format!(
            "version: 1\ncomponents: {}{}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        ),
        format!("version: 1\ncomponents: {}", "{a: ".repeat(500_000)),
        format!("version: 1\ncomponents:\n{}", "  [\n".repeat(200_000)),
        (0..2_000).fold(String::from("version: 1\ncomponents:\n"), |mut s, depth| {
            s.push_str(&" ".repeat(depth + 2));
            s.push_str("k:\n");
            s
        }),
    ] {
        let (err, took) = model_error(&text);
        assert!(took < Duration::from_secs(10), "took {took:?}");
        assert!(err.starts_with("speclint.yaml:"), "{err}");
        assert!(err.contains("nested"), "{err}");
    }
}

#[test]
fn model_mistakes_are_located_errors() {
    let cases = [
        // wrong types
        (
            "version: 1\ncomponents:\n  web: { name: [Web] }\n",
            "speclint.yaml:3:",
            "invalid type",
        ),
        ("version: one\n", "speclint.yaml:1:", "version"),
        (
            "version: 1\nflows: [a, b]\n",
            "speclint.yaml:2:",
            "invalid type",
        ),
        // unknown keys
        (
            "version: 1\ncomponents:\n  web: { name: Web, colour: blue }\n",
            "speclint.yaml:3:",
            "unknown field `colour`",
        ),
        // duplicate ids
        (
            "version: 1\ncomponents:\n  web: { name: Web }\n  web: { name: Web 2 }\n",
            "speclint.yaml:4:3:",
            "duplicate id `web` in components",
        ),
        (
            "version: 1\ncomponents:\n  web: { name: Web }\nflows:\n  a: { steps: [] }\n  a: { steps: [] }\n",
            "speclint.yaml:6:3:",
            "duplicate id `a` in flows",
        ),
        // dangling references
        (
            "version: 1\ncomponents:\n  web: { name: Web }\nflows:\n  a:\n    steps:\n      - { from: web, to: nobody, say: x }\n",
            "speclint.yaml:7:",
            "unknown component `nobody` in flows.a (defined: web)",
        ),
        (
            "version: 1\ndocuments:\n  - { path: a.md, flows: [missing] }\n",
            "speclint.yaml:3:",
            "unknown flow `missing`",
        ),
        // escaping paths
        (
            "version: 1\ndocuments:\n  - path: /etc/passwd\n",
            "speclint.yaml:3:",
            "must stay inside the model's folder",
        ),
        // two documents in one file
        (
            "version: 1\n---\nversion: 1\n",
            "speclint.yaml:2:1:",
            "more than one document",
        ),
        (
            "# the model\n---\nversion: 1\n...\n---\nversion: 1\n",
            "speclint.yaml:4:1:",
            "more than one document",
        ),
        // not YAML at all
        ("\u{0}\u{1b}[2J\u{7f}", "speclint.yaml:1:", ""),
    ];
    for (text, at, says) in cases {
        let (err, _) = model_error(text);
        assert!(err.starts_with(at), "{text:?}: {err}");
        assert!(err.contains(says), "{text:?}: {err}");
    }
}

#[test]
fn a_model_that_is_not_utf8_or_too_large_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("speclint.yaml"), b"version: 1\n# caf\xe9\n").unwrap();
    let o = speclint(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("speclint.yaml"), "{}", stderr(&o));

    let huge = format!("version: 1\n#{}\n", "x".repeat(5 * 1024 * 1024));
    let (err, _) = model_error(&huge);
    assert!(err.contains("larger than"), "{err}");
}
