//! `--format junit`: JUnit XML, for CI systems that show test results (GitLab,
//! Jenkins, Azure Pipelines). One test suite per file and one test case per file
//! and rule: a case fails when the rule reported something at or above the
//! failing severity in that file, so a CI's test view reads like a checklist.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Located, ReportOptions};
use crate::check::FileReport;
use crate::rules::Rule;

pub(super) fn write(
    reports: &[FileReport],
    opts: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules: &[Rule] = if opts.rules.is_empty() {
        Rule::ALL
    } else {
        &opts.rules
    };
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for r in reports {
        let mut cases = String::new();
        let mut suite_failures = 0;
        for rule in rules {
            let found: Vec<_> = r.diagnostics.iter().filter(|d| d.rule == *rule).collect();
            let failing: Vec<_> = found
                .iter()
                .filter(|d| d.severity >= opts.fail_on)
                .collect();
            let name = format!("{} {}", rule.code(), rule.name());
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
                xml(&name),
                xml(&r.path),
                xml(&r.path)
            );
            if found.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            let mut body = String::new();
            for d in &found {
                let at = Located::of(r, d);
                let _ = writeln!(
                    body,
                    "{}:{}:{}: {} [{}] {}",
                    r.path,
                    at.line,
                    at.column,
                    d.severity.as_str(),
                    d.rule.code(),
                    d.message
                );
            }
            if let Some(first) = failing.first() {
                suite_failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    rule.code(),
                    xml(&first.message),
                    xml(&body)
                );
            } else {
                let _ = writeln!(cases, "      <system-out>{}</system-out>", xml(&body));
            }
            cases.push_str("    </testcase>\n");
        }
        tests += rules.len();
        failures += suite_failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(&r.path),
            rules.len(),
            suite_failures
        );
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"speclint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot hold
/// at all (most C0 controls) become U+FFFD, so hostile spec text cannot break the
/// document.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1b}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}&lt;/a&gt;"
        );
    }
}
