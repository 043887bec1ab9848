//! The one door from analysis to the file system: a small trait that the
//! front ends implement over the disk and tests implement over a virtual
//! tree, and the cache every lookup goes through.
//!
//! Invariants: a path is looked up on the underlying system at most once
//! until [`CachedFileSystem::invalidate`] says something below it changed;
//! an answer looked up before an invalidation is never stored after it
//! (the language server invalidates while analyses run); lookups follow
//! symlinks; a missing or unreadable path is `None`, never an error that
//! stops analysis.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    File,
    Directory,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    /// `None` for entries whose kind cannot be known (a broken symlink).
    pub kind: Option<FileKind>,
}

/// What analysis needs to know about files. Implementations follow
/// symlinks and answer `None` for anything missing or unreadable.
pub trait FileSystem: Send + Sync {
    fn kind(&self, path: &Path) -> Option<FileKind>;
    /// The entries of a directory, sorted by name.
    fn list(&self, dir: &Path) -> Option<Arc<[DirEntry]>>;
    fn read(&self, path: &Path) -> Option<Arc<str>>;
}

/// Counts of lookups that reached the underlying file system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LookupCounts {
    pub kind: usize,
    pub list: usize,
    pub read: usize,
}

impl LookupCounts {
    pub fn total(&self) -> usize {
        self.kind + self.list + self.read
    }
}

type Memo<T> = RwLock<FxHashMap<PathBuf, Option<T>>>;

/// Memoises another [`FileSystem`]. Shared by every document of a run (or
/// of a server session), so each distinct path costs one lookup.
pub struct CachedFileSystem<F> {
    inner: F,
    kinds: Memo<FileKind>,
    listings: Memo<Arc<[DirEntry]>>,
    contents: Memo<Arc<str>>,
    kind_lookups: AtomicUsize,
    list_lookups: AtomicUsize,
    read_lookups: AtomicUsize,
    /// Bumped by every invalidation, so a lookup that raced one is
    /// answered but not remembered.
    generation: AtomicU64,
}

impl<F: FileSystem> CachedFileSystem<F> {
    pub fn new(inner: F) -> Self {
        CachedFileSystem {
            inner,
            kinds: RwLock::default(),
            listings: RwLock::default(),
            contents: RwLock::default(),
            kind_lookups: AtomicUsize::new(0),
            list_lookups: AtomicUsize::new(0),
            read_lookups: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
        }
    }

    pub fn inner(&self) -> &F {
        &self.inner
    }

    /// How many lookups reached the underlying file system so far.
    pub fn lookups(&self) -> LookupCounts {
        LookupCounts {
            kind: self.kind_lookups.load(Ordering::Relaxed),
            list: self.list_lookups.load(Ordering::Relaxed),
            read: self.read_lookups.load(Ordering::Relaxed),
        }
    }

    /// Forgets what is known about `path` and everything below it, and
    /// what is known about its ancestors' kinds and listings: a path
    /// appears together with any missing parents (`mkdir -p a/b` then a
    /// file), and a watcher may report only the file.
    pub fn invalidate(&self, path: &Path) {
        let below = |key: &PathBuf| key.starts_with(path);
        let above = |key: &PathBuf| path.starts_with(key);
        let mut kinds = self.kinds.write().expect("cache lock");
        let mut listings = self.listings.write().expect("cache lock");
        let mut contents = self.contents.write().expect("cache lock");
        self.generation.fetch_add(1, Ordering::SeqCst);
        kinds.retain(|key, _| !below(key) && !above(key));
        listings.retain(|key, _| !below(key) && !above(key));
        contents.retain(|key, _| !below(key));
    }

    /// Forgets everything, e.g. after the editor reports many changes.
    pub fn clear(&self) {
        let mut kinds = self.kinds.write().expect("cache lock");
        let mut listings = self.listings.write().expect("cache lock");
        let mut contents = self.contents.write().expect("cache lock");
        self.generation.fetch_add(1, Ordering::SeqCst);
        kinds.clear();
        listings.clear();
        contents.clear();
    }
}

impl<F> CachedFileSystem<F> {
    fn memoised<T: Clone>(
        &self,
        memo: &Memo<T>,
        counter: &AtomicUsize,
        path: &Path,
        look_up: impl FnOnce() -> Option<T>,
    ) -> Option<T> {
        if let Some(known) = memo.read().expect("cache lock").get(path) {
            return known.clone();
        }
        let generation = self.generation.load(Ordering::SeqCst);
        counter.fetch_add(1, Ordering::Relaxed);
        let found = look_up();
        let mut memo = memo.write().expect("cache lock");
        // Invalidations bump the generation while holding every memo's
        // write lock, so this comparison cannot interleave with one.
        if self.generation.load(Ordering::SeqCst) == generation {
            memo.insert(path.to_path_buf(), found.clone());
        }
        found
    }
}

impl<F: FileSystem> FileSystem for CachedFileSystem<F> {
    fn kind(&self, path: &Path) -> Option<FileKind> {
        self.memoised(&self.kinds, &self.kind_lookups, path, || {
            self.inner.kind(path)
        })
    }

    fn list(&self, dir: &Path) -> Option<Arc<[DirEntry]>> {
        self.memoised(&self.listings, &self.list_lookups, dir, || {
            self.inner.list(dir)
        })
    }

    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.memoised(&self.contents, &self.read_lookups, path, || {
            self.inner.read(path)
        })
    }
}

/// An in-memory tree for tests: files with contents, and directories.
#[derive(Clone, Debug, Default)]
pub struct VirtualFileSystem {
    entries: BTreeMap<PathBuf, Option<Arc<str>>>,
}

impl VirtualFileSystem {
    pub fn new() -> Self {
        VirtualFileSystem::default()
    }

    /// Adds a file (and its parent directories).
    pub fn file(mut self, path: impl AsRef<Path>, contents: &str) -> Self {
        self.add_file(path.as_ref(), contents);
        self
    }

    /// Adds a directory (and its parents).
    pub fn dir(mut self, path: impl AsRef<Path>) -> Self {
        self.add_dir(path.as_ref());
        self
    }

    pub fn add_file(&mut self, path: &Path, contents: &str) {
        if let Some(parent) = path.parent() {
            self.add_dir(parent);
        }
        self.entries
            .insert(path.to_path_buf(), Some(Arc::from(contents)));
    }

    pub fn add_dir(&mut self, path: &Path) {
        for ancestor in path.ancestors() {
            if ancestor.as_os_str().is_empty() {
                break;
            }
            self.entries.entry(ancestor.to_path_buf()).or_insert(None);
        }
    }

    pub fn remove(&mut self, path: &Path) {
        self.entries.retain(|key, _| !key.starts_with(path));
    }
}

impl FileSystem for VirtualFileSystem {
    fn kind(&self, path: &Path) -> Option<FileKind> {
        let path = normalise(path);
        self.entries.get(&path).map(|contents| match contents {
            Some(_) => FileKind::File,
            None => FileKind::Directory,
        })
    }

    fn list(&self, dir: &Path) -> Option<Arc<[DirEntry]>> {
        let dir = normalise(dir);
        if self.kind(&dir) != Some(FileKind::Directory) {
            return None;
        }
        let entries: Vec<DirEntry> = self
            .entries
            .iter()
            .filter(|(path, _)| path.parent() == Some(dir.as_path()))
            .map(|(path, contents)| DirEntry {
                name: path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                kind: Some(if contents.is_some() {
                    FileKind::File
                } else {
                    FileKind::Directory
                }),
            })
            .collect();
        Some(entries.into())
    }

    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.entries.get(&normalise(path)).cloned().flatten()
    }
}

/// Resolves `.` and `..` lexically, as the tools reading configs do
/// before they touch the disk.
pub fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_looks_up_each_path_once_until_invalidated() {
        let fs = CachedFileSystem::new(VirtualFileSystem::new().file("/w/a.txt", "x"));
        assert_eq!(fs.kind(Path::new("/w/a.txt")), Some(FileKind::File));
        assert_eq!(fs.kind(Path::new("/w/a.txt")), Some(FileKind::File));
        assert_eq!(fs.kind(Path::new("/w/b.txt")), None);
        assert_eq!(fs.kind(Path::new("/w/b.txt")), None);
        assert_eq!(fs.lookups().kind, 2);
        fs.invalidate(Path::new("/w/b.txt"));
        assert_eq!(fs.kind(Path::new("/w/b.txt")), None);
        assert_eq!(fs.kind(Path::new("/w/a.txt")), Some(FileKind::File));
        assert_eq!(fs.lookups().kind, 3);
    }

    #[test]
    fn invalidating_a_new_file_forgets_its_missing_parents() {
        let fs = CachedFileSystem::new(VirtualFileSystem::new().dir("/w"));
        assert_eq!(fs.kind(Path::new("/w/util")), None);
        assert_eq!(fs.list(Path::new("/w")).unwrap().len(), 0);
        fs.invalidate(Path::new("/w/util/Cargo.toml"));
        // The cached "no /w/util" and the listing of /w are gone with it.
        assert_eq!(fs.lookups().kind, 1);
        fs.kind(Path::new("/w/util"));
        fs.list(Path::new("/w"));
        assert_eq!((fs.lookups().kind, fs.lookups().list), (2, 2));
    }

    /// A lookup that was under way when an invalidation came must not
    /// store its (possibly stale) answer.
    #[test]
    fn a_lookup_racing_an_invalidation_is_not_remembered() {
        type Cycle = std::sync::OnceLock<std::sync::Weak<CachedFileSystem<Invalidating>>>;
        struct Invalidating(Cycle);
        impl FileSystem for Invalidating {
            fn kind(&self, path: &Path) -> Option<FileKind> {
                if let Some(cache) = self.0.get().and_then(std::sync::Weak::upgrade) {
                    cache.invalidate(path);
                }
                None
            }
            fn list(&self, _: &Path) -> Option<Arc<[DirEntry]>> {
                None
            }
            fn read(&self, _: &Path) -> Option<Arc<str>> {
                None
            }
        }
        let cache = Arc::new(CachedFileSystem::new(Invalidating(Cycle::new())));
        let _ = cache.inner().0.set(Arc::downgrade(&cache));
        cache.kind(Path::new("/w/a"));
        cache.kind(Path::new("/w/a"));
        assert_eq!(cache.lookups().kind, 2, "the raced answer was not kept");
    }

    #[test]
    fn virtual_tree_lists_and_reads() {
        let fs = VirtualFileSystem::new()
            .file("/w/crates/a/Cargo.toml", "[package]")
            .dir("/w/empty");
        assert_eq!(fs.kind(Path::new("/w/crates")), Some(FileKind::Directory));
        assert_eq!(
            fs.kind(Path::new("/w/crates/../empty")),
            Some(FileKind::Directory)
        );
        let names: Vec<String> = fs
            .list(Path::new("/w"))
            .unwrap()
            .iter()
            .map(|e| e.name.clone())
            .collect();
        assert_eq!(names, ["crates", "empty"]);
        assert_eq!(
            fs.read(Path::new("/w/crates/a/Cargo.toml")).as_deref(),
            Some("[package]")
        );
    }

    #[test]
    fn normalise_is_lexical() {
        assert_eq!(
            normalise(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(normalise(Path::new("../x")), PathBuf::from("../x"));
    }
}
