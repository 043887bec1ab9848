//! Writing fixed files without ever losing data: the new content goes to a
//! temporary file in the same folder, is flushed to disk, takes the old
//! file's permissions, and replaces the old file by an atomic rename — and
//! only if the file still holds exactly what was read.
//!
//! So a crash, a full disk or a kill at any moment leaves either the old
//! content or the new one, never a truncated mix; and an edit made by
//! someone else since the read is never overwritten.

use std::io::{self, Write};
use std::path::Path;

/// Replaces the file at `path` with `new`, if it still holds `original`.
pub fn write_if_unchanged(path: &Path, original: &[u8], new: &[u8]) -> io::Result<()> {
    write_with(path, original, new, |file, bytes| {
        debug_abort_hook(file, bytes)?;
        file.write_all(bytes)
    })
}

/// Lets the end-to-end tests kill the process in the middle of a write:
/// debug builds with `ANDON_DEBUG_ABORT_DURING_WRITE` set write half the
/// new content to the temporary file, flush it, and abort. Release builds
/// have no such hook.
fn debug_abort_hook(file: &mut std::fs::File, bytes: &[u8]) -> io::Result<()> {
    if cfg!(debug_assertions) && std::env::var_os("ANDON_DEBUG_ABORT_DURING_WRITE").is_some() {
        file.write_all(&bytes[..bytes.len() / 2])?;
        file.sync_all()?;
        std::process::abort();
    }
    Ok(())
}

/// [`write_if_unchanged`] with the step that writes the temporary file
/// injected, so tests can make it fail half way.
pub fn write_with(
    path: &Path,
    original: &[u8],
    new: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    // Write through a symlink to its target, so the link stays a link.
    let target = std::fs::canonicalize(path)?;
    let folder = target.parent().unwrap_or(Path::new("."));
    ensure_unchanged(&target, original)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temporary = tempfile::Builder::new()
        .prefix(".andon-fix-")
        .tempfile_in(folder)?;
    write(temporary.as_file_mut(), new)?;
    temporary.as_file().sync_all()?;
    std::fs::set_permissions(temporary.path(), permissions)?;
    // Checked once more right before the rename: the window for a lost
    // concurrent edit is as small as the file system allows.
    ensure_unchanged(&target, original)?;
    temporary.persist(&target).map_err(|error| error.error)?;
    // The rename itself is durable only once the folder is flushed.
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn ensure_unchanged(path: &Path, original: &[u8]) -> io::Result<()> {
    if std::fs::read(path)? == original {
        Ok(())
    } else {
        Err(io::Error::other(
            "the file changed on disk since it was read; not overwritten",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".andon-fix-"))
            .collect()
    }

    #[test]
    fn replaces_the_content_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_if_unchanged(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_write_failing_half_way_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "old content").unwrap();
        let result = write_with(&path, b"old content", b"new content", |file, bytes| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old content");
        assert!(leftovers(dir.path()).is_empty(), "temporary file removed");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let error = write_if_unchanged(&path, b"as read", b"fixed").unwrap_err();
        assert!(error.to_string().contains("changed on disk"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile");
    }

    #[test]
    fn symlinks_stay_links() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_if_unchanged(&link, b"old", b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }
}
