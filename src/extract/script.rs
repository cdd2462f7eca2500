//! Code that speclint reads without a full parser: `.env` files, shell `export`
//! lines, JavaScript/TypeScript and Go. A small lexer (identifiers, string
//! literals, punctuation; comments skipped) is enough to find the environment
//! variables they name (`process.env.X`, `os.Getenv("X")`) and the settings the
//! code rules look for (`credentials: true`, `origin: "*"`, `Authorization`).

use crate::document::Document;
use crate::span::Span;

/// Info strings of `.env` files.
pub const ENV_LANGS: &[&str] = &["env", "dotenv"];
/// Info strings of shell scripts, read for `export NAME=` and `NAME=` lines.
pub const SHELL_LANGS: &[&str] = &["bash", "sh", "shell", "zsh", "console"];
/// Info strings of the C-like languages the lexer reads.
pub const SCRIPT_LANGS: &[&str] = &[
    "js",
    "javascript",
    "jsx",
    "mjs",
    "cjs",
    "ts",
    "typescript",
    "tsx",
    "go",
    "golang",
];

/// An environment variable a block names (sets or reads).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvName {
    /// Index into `Document::code_blocks`.
    pub block: usize,
    pub name: String,
    /// The name itself (without quotes).
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ident,
    /// A string literal; `text` is its content without quotes.
    Str,
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexeme {
    pub kind: Kind,
    pub text: String,
    /// File offsets; for a string, the literal with its quotes.
    pub span: Span,
}

/// A lexed JavaScript, TypeScript or Go block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub block: usize,
    pub lexemes: Vec<Lexeme>,
}

impl Script {
    /// `key: value` / `key = value` / `Key: value` pairs, keys compared without
    /// case and `_`: (key lexeme, value lexeme).
    pub fn settings<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (&'a Lexeme, &'a Lexeme)> {
        self.lexemes.windows(3).filter_map(move |w| {
            let is_key = matches!(w[0].kind, Kind::Ident | Kind::Str) && squash(&w[0].text) == key;
            let sep = w[1].kind == Kind::Punct && (w[1].text == ":" || w[1].text == "=");
            (is_key && sep).then_some((&w[0], &w[2]))
        })
    }
}

/// Lower case without `_` or `-`: `allow_credentials`, `AllowCredentials` → `allowcredentials`.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The environment variables named in `.env` blocks (and blocks captioned with a
/// `.env` file), shell `export NAME=` and `NAME=` lines, `NAME=` lines of blocks
/// without a language, and scripts.
pub fn env_names(doc: &Document, scripts: &[Script], captions: &[Option<String>]) -> Vec<EnvName> {
    let mut out = Vec::new();
    for (i, block) in doc.code_blocks.iter().enumerate() {
        if doc.quoted_mistake(i) {
            continue;
        }
        let env_file = captions
            .get(i)
            .and_then(|c| c.as_deref())
            .and_then(|c| c.rsplit(['/', '\\']).next())
            .is_some_and(|f| f.starts_with(".env"));
        let env = ENV_LANGS.contains(&block.lang.as_str()) || env_file;
        let shell = SHELL_LANGS.contains(&block.lang.as_str());
        // A block without a language holding `NAME=value` lines is a `.env`
        // excerpt as often as anything else; its names must look like variables'.
        let unlabelled = block.lang.is_empty();
        if !block.fenced || !(env || shell || unlabelled) {
            continue;
        }
        for (line, span) in doc.lines_in(block.content) {
            if span.start < block.content.start || span.end > block.content.end {
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            let mut rest = &line[lead..];
            let mut at = span.start + lead;
            if let Some(r) = rest.strip_prefix("$ ") {
                at += 2;
                rest = r;
            }
            // `export NAME=value` anywhere; in a shell script or an unlabelled block
            // also a plain `NAME=value` (written without blanks around `=`, as
            // the shell requires).
            let exported = match rest.strip_prefix("export ") {
                Some(r) => {
                    let skipped = rest.len() - r.len() + (r.len() - r.trim_start().len());
                    at += skipped;
                    rest = r.trim_start();
                    true
                }
                None => false,
            };
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..name_len];
            let after = &rest[name_len..];
            let assigned = if env || exported {
                after.trim_start().starts_with('=')
            } else {
                after.starts_with('=')
                    && !after.starts_with("==")
                    && (shell
                        || name
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
            };
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || !assigned {
                continue;
            }
            out.push(EnvName {
                block: i,
                name: name.to_string(),
                span: Span::new(at, at + name_len),
            });
        }
    }
    for script in scripts {
        out.extend(script_env(script));
    }
    out.sort_by_key(|e| e.span.start);
    out
}

/// `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `os.Getenv("X")`,
/// `os.LookupEnv("X")`, `Deno.env.get("X")`.
fn script_env(script: &Script) -> Vec<EnvName> {
    let l = &script.lexemes;
    let text = |i: usize| l.get(i).map_or("", |x: &Lexeme| x.text.as_str());
    let mut out = Vec::new();
    let name_at = |i: usize, want: Kind| -> Option<EnvName> {
        let x = l.get(i)?;
        if x.kind != want {
            return None;
        }
        let span = if want == Kind::Str {
            Span::new(
                x.span.start + 1,
                x.span.end.saturating_sub(1).max(x.span.start + 1),
            )
        } else {
            x.span
        };
        Some(EnvName {
            block: script.block,
            name: x.text.clone(),
            span,
        })
    };
    for i in 0..l.len() {
        let found = match (text(i), text(i + 1), text(i + 2), text(i + 3)) {
            ("process", ".", "env", ".") => name_at(i + 4, Kind::Ident),
            ("process", ".", "env", "[") => name_at(i + 4, Kind::Str),
            ("meta", ".", "env", ".") => name_at(i + 4, Kind::Ident),
            ("os", ".", "Getenv" | "LookupEnv", "(") => name_at(i + 4, Kind::Str),
            ("env", ".", "get", "(") if i >= 2 && text(i - 2) == "Deno" => {
                name_at(i + 4, Kind::Str)
            }
            _ => None,
        };
        out.extend(found);
    }
    out
}

/// Lexes a block's content; `base` is the file offset of its first byte.
pub fn lex(source: &str, base: usize, block: usize) -> Script {
    let bytes = source.as_bytes();
    let mut lexemes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if source[i..].starts_with("//") {
            i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if source[i..].starts_with("/*") {
            i = source[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |n| i + 2 + n + 2);
        } else if c == b'"' || c == b'\'' || c == b'`' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != c && !(c != b'`' && bytes[i] == b'\n') {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let end = (i + 1).min(bytes.len());
            let content = source.get(start + 1..i.min(bytes.len())).unwrap_or("");
            lexemes.push(Lexeme {
                kind: Kind::Str,
                text: content.to_string(),
                span: Span::new(base + start, base + end),
            });
            i = end;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || bytes[i] == b'$'
                    || bytes[i] >= 0x80)
            {
                i += 1;
            }
            lexemes.push(Lexeme {
                kind: Kind::Ident,
                text: source[start..i].to_string(),
                span: Span::new(base + start, base + i),
            });
        } else {
            lexemes.push(Lexeme {
                kind: Kind::Punct,
                text: (c as char).to_string(),
                span: Span::new(base + i, base + i + 1),
            });
            i += 1;
        }
    }
    Script { block, lexemes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_env_names_in_scripts() {
        let src = "const s = process.env.BETTER_AUTH_SECRET; // process.env.NOT_THIS\nconst k = process.env[\"K\"];\nv := os.Getenv(\"GO_SECRET\")\n";
        let names: Vec<String> = script_env(&lex(src, 0, 3))
            .into_iter()
            .map(|e| {
                assert_eq!(&src[e.span.range()], e.name);
                e.name
            })
            .collect();
        assert_eq!(names, ["BETTER_AUTH_SECRET", "K", "GO_SECRET"]);
    }

    #[test]
    fn finds_env_names_in_env_and_shell_blocks() {
        let text = "```env\n# comment\nJWT_SECRET=abc\n  OTHER = 1\n```\n\n```bash\nexport  A_SECRET=x\nnpm install\n$ export B=1\n```\n";
        let doc = Document::parse(text);
        let names: Vec<String> = env_names(&doc, &[], &[])
            .into_iter()
            .map(|e| {
                assert_eq!(&text[e.span.range()], e.name);
                e.name
            })
            .collect();
        assert_eq!(names, ["JWT_SECRET", "OTHER", "A_SECRET", "B"]);
    }

    proptest::proptest! {
        #[test]
        fn lexing_never_panics_and_spans_stay_in_the_text(src in "\\PC{0,200}") {
            let script = lex(&src, 0, 0);
            for x in &script.lexemes {
                proptest::prop_assert!(src.get(x.span.range()).is_some());
            }
            let _ = script_env(&script);
        }
    }

    #[test]
    fn settings_match_keys_without_case_or_underscores() {
        let s = lex("cors({ origin: '*', credentials: true })", 0, 0);
        let origin: Vec<&str> = s.settings("origin").map(|(_, v)| v.text.as_str()).collect();
        assert_eq!(origin, ["*"]);
        let go = lex("cors.Config{AllowCredentials: true}", 0, 0);
        assert_eq!(go.settings("allowcredentials").count(), 1);
    }
}
