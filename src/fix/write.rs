//! Writing fixed files without ever losing a byte: a temporary file in the same
//! folder, fsync, rename over the original (atomic on one file system), permissions
//! kept; and a refusal when the file changed since it was read.

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
}

/// Replaces `path`'s content with `new_text` if it still holds exactly `expected`.
pub fn write_if_unchanged(path: &Path, expected: &[u8], new_text: &str) -> Result<(), WriteError> {
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
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(new_text.as_bytes())?;
        f.sync_all()?;
        fs::set_permissions(&tmp, meta.permissions())?;
        // Last look: a writer that raced us between the first check and now.
        if fs::read(path)? != expected {
            return Err(std::io::Error::other("changed"));
        }
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        if e.to_string() == "changed" {
            return Err(WriteError::Changed {
                path: path.to_path_buf(),
            });
        }
        return Err(io(e));
    }
    Ok(())
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
}
