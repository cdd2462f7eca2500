//! Files: finding the specs to check and reading them. The only module besides the
//! fix writer that touches the file system.

use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Walk { path: String, source: ignore::Error },
    #[error(
        "{path}: {size} bytes, over the limit of {limit} bytes for a spec; not read (--max-file-size raises it)"
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: not a regular file; not read")]
    NotAFile { path: String },
}

/// A spec found for checking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecFile {
    /// Where it is on disk.
    pub fs_path: PathBuf,
    /// How output names it: as given, or relative to the model's folder.
    pub display: String,
    /// Relative to the model's folder, `/`-separated: how the model names it.
    pub model_path: String,
}

/// The `.md` files under `paths`. A file named is taken as it is, whatever ignore
/// files say; a folder is walked in sorted order, without following symbolic links,
/// as ripgrep walks it: skipping hidden files and folders and whatever `.gitignore`
/// (in a git repository or not), `.ignore`, `.git/info/exclude` and git's global
/// excludes file leave out. Errors are returned beside the files so one bad entry
/// does not stop the run.
pub fn discover(paths: &[PathBuf], model_dir: &Path) -> (Vec<SpecFile>, Vec<ReadError>) {
    let model_dir = &ModelDir::new(model_dir);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for given in paths {
        if given.is_dir() {
            let walker = ignore::WalkBuilder::new(given)
                .follow_links(false)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()) =>
                    {
                        files.push(spec_file(e.path(), model_dir));
                    }
                    Ok(_) => {}
                    Err(source) => errors.push(ReadError::Walk {
                        path: given.display().to_string(),
                        source,
                    }),
                }
            }
        } else {
            files.push(spec_file(given, model_dir));
        }
    }
    files.dedup_by(|a, b| a.fs_path == b.fs_path);
    (files, errors)
}

/// Folders a search for specs never enters: version control, dependencies, build
/// output and caches. Hidden folders (`.git`, `.next`, `.venv`) are skipped as well.
const NOT_SPECS: &[&str] = &[
    "node_modules",
    "target",
    "build",
    "dist",
    "out",
    "vendor",
    "venv",
    "env",
    "__pycache__",
    "site-packages",
    "coverage",
];

/// Whether a search for specs may enter `entry` (always the root itself).
fn searchable(entry: &walkdir::DirEntry) -> bool {
    if entry.depth() == 0 || !entry.file_type().is_dir() {
        return true;
    }
    let name = entry.file_name().to_string_lossy();
    !name.starts_with('.') && !NOT_SPECS.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Every folder named `specs` under `root`, at any depth and in sorted order: a
/// repository keeps one per phase (`Phase-2/specs`, `phase 3/specs`). Hidden folders,
/// dependencies and build output are not searched, nor the inside of a folder found
/// (its own `specs` subfolders are read with it). Symbolic links are not followed;
/// unreadable folders are passed over.
pub fn find_spec_folders(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() || !searchable(&entry) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.depth() > 0 && entry.file_name().eq_ignore_ascii_case("specs") {
            found.push(entry.into_path());
            walker.skip_current_dir();
        }
    }
    found
}

/// The Markdown files under `root` that may be specs, for a repository without a
/// `specs` folder: every `.md` file outside the folders [`find_spec_folders`] skips,
/// except the files every repository has (README, CHANGELOG, LICENSE, CONTRIBUTING,
/// CODE_OF_CONDUCT, SECURITY, AUTHORS, HISTORY), in sorted order.
pub fn find_markdown_outside_specs(root: &Path) -> Vec<PathBuf> {
    const HOUSEKEEPING: &[&str] = &[
        "readme",
        "changelog",
        "changes",
        "history",
        "license",
        "licence",
        "contributing",
        "code_of_conduct",
        "security",
        "authors",
        "support",
    ];
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(searchable)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_markdown(e.path()))
        .filter(|e| {
            let stem = e
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase());
            !stem.is_some_and(|s| HOUSEKEEPING.contains(&s.replace('-', "_").as_str()))
        })
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn spec_file(path: &Path, model_dir: &ModelDir) -> SpecFile {
    let model_path = model_dir.relative(path);
    // Shown relative to the current folder, as ruff shows paths: a relative path
    // is that already (as given); an absolute one is made so, with `..` where it
    // is outside (in CI, run at the repository's root, this is the path SARIF and
    // GitHub want).
    let display = match (path.is_absolute(), &model_dir.cwd) {
        (true, Some(cwd)) => show_relative(path, cwd),
        _ => clean_display(path),
    };
    SpecFile {
        fs_path: path.to_path_buf(),
        display,
        model_path,
    }
}

/// `./specs/a.md` → `specs/a.md`; separators shown as `/`.
fn clean_display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// `path` as seen from `from` (both absolute): `a.md`, `../specs/a.md`; the
/// absolute path when they share no root.
pub fn show_relative(path: &Path, from: &Path) -> String {
    use std::path::Component;
    let path = absolute(path, None);
    let from = absolute(from, None);
    let a: Vec<Component> = path.components().collect();
    let b: Vec<Component> = from.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let shares_root =
        common > 0 && a.first().is_some_and(|c| matches!(c, Component::RootDir)) || common > 1;
    if !shares_root {
        return clean_display(&path);
    }
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c.as_os_str());
    }
    if rel.as_os_str().is_empty() {
        return ".".to_string();
    }
    clean_display(&rel)
}

/// The path relative to the model's folder, when it is inside it.
pub fn model_relative(path: &Path, model_dir: &Path) -> String {
    ModelDir::new(model_dir).relative(path)
}

/// The model's folder, made absolute once for every file of a walk: making a
/// relative path absolute asks the system for the current folder each time.
struct ModelDir {
    cwd: Option<PathBuf>,
    base: PathBuf,
}

impl ModelDir {
    fn new(model_dir: &Path) -> Self {
        let cwd = std::env::current_dir().ok();
        let base = absolute(model_dir, cwd.as_deref());
        ModelDir { cwd, base }
    }

    fn relative(&self, path: &Path) -> String {
        let abs = absolute(path, self.cwd.as_deref());
        match abs.strip_prefix(&self.base) {
            Ok(rel) => crate::model::normalize_rel(&rel.to_string_lossy()),
            // Outside the model's folder: the absolute path, which no entry matches.
            Err(_) => abs.to_string_lossy().replace('\\', "/"),
        }
    }
}

/// [`std::path::absolute`] with the current folder given: the same result
/// (`.` components dropped, `..` kept, no links resolved).
fn absolute(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let joined;
    let path = match cwd {
        Some(cwd) if path.is_relative() => {
            joined = cwd.join(path);
            &joined
        }
        _ => path,
    };
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a spec as text. Bytes that are not UTF-8 are decoded lossily; the caller
/// learns where the first bad byte was.
pub fn read_text(path: &Path) -> Result<(String, Option<usize>), std::io::Error> {
    let bytes = std::fs::read(path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at)))
        }
    }
}

/// Specs larger than this are refused unless the limit is raised: a spec is a few
/// pages, and reading a huge file whole would cost its size in memory several times
/// over (text, parsed document, fixes).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Reads at most `limit` bytes of a regular file; `shown` names it in errors.
///
/// A FIFO or a device (`/dev/zero`) would block or never end, so anything but a
/// regular file is refused; the read itself is bounded too, in case the file grows
/// after its size was looked at.
pub fn read_limited(path: &Path, shown: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let io = |source| ReadError::Io {
        path: shown.to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            path: shown.to_string(),
        });
    }
    let too_large = |size| ReadError::TooLarge {
        path: shown.to_string(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(read));
    }
    Ok(bytes)
}

/// Bytes as text: UTF-8 as it is (a BOM is kept), anything else decoded lossily with
/// the place of the first bad byte, for the warning that says so.
pub fn decode(bytes: Vec<u8>) -> (String, Option<NotUtf8>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = NotUtf8::at(e.as_bytes(), e.utf8_error().valid_up_to());
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// Where a file stops being UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    /// 0-based byte offset of the first byte that is not UTF-8.
    pub byte: usize,
    /// 1-based line it is on.
    pub line: usize,
}

impl NotUtf8 {
    /// The place of byte `byte` of `bytes`.
    pub fn at(bytes: &[u8], byte: usize) -> Self {
        let before = bytes.get(..byte).unwrap_or_default();
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        NotUtf8 { byte, line }
    }
}

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not UTF-8 at byte {} (line {})", self.byte, self.line)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The model-relative path as `std::path::absolute` alone gives it.
    fn by_std(path: &Path, model_dir: &Path) -> String {
        let abs = std::path::absolute(path).unwrap();
        let base = std::path::absolute(model_dir).unwrap();
        match abs.strip_prefix(&base) {
            Ok(rel) => crate::model::normalize_rel(&rel.to_string_lossy()),
            Err(_) => abs.to_string_lossy().replace('\\', "/"),
        }
    }

    #[test]
    fn paths_are_made_relative_to_the_model_as_std_makes_them_absolute() {
        let cwd = std::env::current_dir().unwrap();
        let outside = std::env::temp_dir().join("x.md");
        for dir in [
            Path::new("."),
            Path::new("specs"),
            Path::new("./specs/"),
            &cwd,
        ] {
            let model_dir = super::ModelDir::new(dir);
            for path in [
                Path::new("a.md"),
                Path::new("./a.md"),
                Path::new("specs/./b.md"),
                Path::new("specs/../specs/c.md"),
                Path::new("specs/d.md/"),
                &cwd.join("specs/e.md"),
                &outside,
            ] {
                assert_eq!(
                    model_dir.relative(path),
                    by_std(path, dir),
                    "{dir:?} {path:?}"
                );
            }
        }
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "# x\n").unwrap();
        }
        dir
    }

    fn names(root: &Path, found: Vec<std::path::PathBuf>) -> Vec<String> {
        found
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn spec_folders_are_found_at_any_depth_outside_hidden_and_build_folders() {
        let dir = tree(&[
            "Phase-2/web app/specs/001-auth/spec.md",
            "phase 3/specs/002-chat/spec.md",
            "phase 3/specs/002-chat/specs/nested.md",
            "specs/000-base/spec.md",
            "node_modules/pkg/specs/a.md",
            ".git/specs/a.md",
            ".specify/specs/a.md",
            "frontend/dist/specs/a.md",
            "target/specs/a.md",
        ]);
        let found = super::find_spec_folders(dir.path());
        assert_eq!(
            names(dir.path(), found),
            ["Phase-2/web app/specs", "phase 3/specs", "specs"]
        );
    }

    #[test]
    fn without_a_specs_folder_markdown_other_than_housekeeping_is_found() {
        let dir = tree(&[
            "README.md",
            "CHANGELOG.md",
            "docs/design.md",
            "docs/Code-Of-Conduct.md",
            "node_modules/x/notes.md",
            "plan.markdown",
        ]);
        assert!(super::find_spec_folders(dir.path()).is_empty());
        let found = super::find_markdown_outside_specs(dir.path());
        assert_eq!(
            names(dir.path(), found),
            ["docs/design.md", "plan.markdown"]
        );
    }
}
