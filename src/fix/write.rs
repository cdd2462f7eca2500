//! Writing fixed files without ever losing a byte: a temporary file in the same
//! folder, fsync, rename over the original (atomic on one file system), permissions
//! kept; and a refusal when the file changed since it was read.
//!
//! "Changed" compares the whole content with the bytes the fix was computed from,
//! not a hash of them: the file is in memory anyway, and equal bytes is the exact
//! question. No file system offers compare-and-swap, so a writer racing between the
//! last look and the rename can still be lost; the window is one system call wide.
//!
//! Writes are confined to the model's folder ([`write_confined`]): a spec given on
//! the command line from elsewhere, or a symbolic link that points out, is refused.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: changed since it was read; not overwritten (run again)", path.display())]
    Changed { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: outside the model's folder {}; not written", path.display(), root.display())]
    Outside { path: PathBuf, root: PathBuf },
}

/// Replaces `path`'s content with `new_text` if it still holds exactly `expected`,
/// and only when `path`, symbolic links resolved, lies inside `root` (the model's
/// folder). A link inside `root` to a file inside `root` is written through, so the
/// link stays a link.
pub fn write_confined(
    path: &Path,
    root: &Path,
    expected: &[u8],
    new_text: &str,
) -> Result<(), WriteError> {
    let target = confined(path, root)?;
    write_if_unchanged(&target, expected, new_text)
}

/// The real path of `path` when it lies inside `root`, both with symbolic links and
/// `..` resolved.
pub fn confined(path: &Path, root: &Path) -> Result<PathBuf, WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let real = fs::canonicalize(path).map_err(io)?;
    let real_root = fs::canonicalize(root).map_err(|source| WriteError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        Err(WriteError::Outside {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
        })
    }
}

/// Replaces `path`'s content with `new_text` if it still holds exactly `expected`.
pub fn write_if_unchanged(path: &Path, expected: &[u8], new_text: &str) -> Result<(), WriteError> {
    write_with_hook(path, expected, new_text, || {})
}

/// Why the guarded write stopped.
enum Stop {
    Changed,
    Io(std::io::Error),
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Io(e)
    }
}

/// [`write_if_unchanged`], calling `before_last_look` once the temporary file is
/// written and synced: the tests use it to change the file at the worst moment.
fn write_with_hook(
    path: &Path,
    expected: &[u8],
    new_text: &str,
    before_last_look: impl FnOnce(),
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let now = fs::read(path).map_err(io)?;
    if now != expected {
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    let meta = fs::metadata(path).map_err(io)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.speclint-{}.tmp", std::process::id()));
    let result = (|| -> Result<(), Stop> {
        // `create_new` never opens an existing file or follows a link planted there.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(new_text.as_bytes())?;
        f.sync_all()?;
        fs::set_permissions(&tmp, meta.permissions())?;
        before_last_look();
        crate::fault::hang_if("hang-before-rename");
        // Last look: a writer that raced us between the first check and now.
        if fs::read(path)? != expected {
            return Err(Stop::Changed);
        }
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(()),
        Err(stop) => {
            let _ = fs::remove_file(&tmp);
            Err(match stop {
                Stop::Changed => WriteError::Changed {
                    path: path.to_path_buf(),
                },
                Stop::Io(e) => io(e),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.md");
        fs::write(&path, "original").unwrap();
        // Someone else edits the file after we read "original".
        fs::write(&path, "edited by a person").unwrap();
        let err = write_if_unchanged(&path, b"original", "fixed").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited by a person");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn replaces_atomically_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_if_unchanged(&path, b"old", "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_file_changed_while_the_temporary_file_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.md");
        fs::write(&path, "original").unwrap();
        // The concurrent edit lands after the first check, before the rename.
        let err = write_with_hook(&path, b"original", "fixed", || {
            fs::write(&path, "edited meanwhile").unwrap();
        })
        .unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert!(err.to_string().contains("changed since it was read"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_only_inside_the_model_folder() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("repo");
        fs::create_dir(&root).unwrap();
        let outside = outer.path().join("elsewhere.md");
        fs::write(&outside, "x").unwrap();
        let err = write_confined(&outside, &root, b"x", "y").unwrap_err();
        assert!(matches!(err, WriteError::Outside { .. }), "{err}");
        let sneaky = root.join("..").join("elsewhere.md");
        assert!(matches!(
            write_confined(&sneaky, &root, b"x", "y"),
            Err(WriteError::Outside { .. })
        ));
        assert_eq!(fs::read_to_string(&outside).unwrap(), "x");
        let inside = root.join("spec.md");
        fs::write(&inside, "x").unwrap();
        write_confined(&inside, &root, b"x", "y").unwrap();
        assert_eq!(fs::read_to_string(&inside).unwrap(), "y");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_written_through_only_inside_the_model_folder() {
        use std::os::unix::fs::symlink;
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("repo");
        fs::create_dir(&root).unwrap();
        let secret = outer.path().join("secret.md");
        fs::write(&secret, "x").unwrap();
        symlink(&secret, root.join("out.md")).unwrap();
        let err = write_confined(&root.join("out.md"), &root, b"x", "y").unwrap_err();
        assert!(
            err.to_string().contains("outside the model's folder"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&secret).unwrap(), "x");

        fs::write(root.join("real.md"), "x").unwrap();
        symlink("real.md", root.join("link.md")).unwrap();
        write_confined(&root.join("link.md"), &root, b"x", "y").unwrap();
        assert_eq!(fs::read_to_string(root.join("real.md")).unwrap(), "y");
        assert!(
            fs::symlink_metadata(root.join("link.md"))
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays a link"
        );
    }
}
