//! The real file system behind [`crate::analysis::paths::FileSystem`], for
//! the front ends. Analysis never touches the disk itself; the checker and
//! the server hand it this (wrapped in the cache) instead.
//!
//! Every call follows symlinks and turns any error into `None`: a path the
//! process cannot see is, for a config, a path that is not there.

use std::path::Path;
use std::sync::Arc;

use crate::analysis::paths::{CachedFileSystem, DirEntry, FileKind, FileSystem};

#[derive(Clone, Copy, Debug, Default)]
pub struct DiskFileSystem;

impl DiskFileSystem {
    /// A cached disk, the form both front ends use.
    pub fn cached() -> CachedFileSystem<DiskFileSystem> {
        CachedFileSystem::new(DiskFileSystem)
    }
}

fn kind_of(metadata: &std::fs::Metadata) -> FileKind {
    if metadata.is_dir() {
        FileKind::Directory
    } else {
        FileKind::File
    }
}

impl FileSystem for DiskFileSystem {
    fn kind(&self, path: &Path) -> Option<FileKind> {
        std::fs::metadata(path)
            .ok()
            .map(|metadata| kind_of(&metadata))
    }

    fn list(&self, dir: &Path) -> Option<Arc<[DirEntry]>> {
        let mut entries: Vec<DirEntry> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| {
                // `metadata` (not the entry's file type) follows symlinks.
                let kind = std::fs::metadata(entry.path()).ok().map(|m| kind_of(&m));
                DirEntry {
                    name: entry.file_name().to_string_lossy().into_owned(),
                    kind,
                }
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Some(entries.into())
    }

    fn read(&self, path: &Path) -> Option<Arc<str>> {
        std::fs::read_to_string(path).ok().map(Arc::from)
    }
}
