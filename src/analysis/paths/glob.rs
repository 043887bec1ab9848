//! Expanding path globs (`crates/*`, `LICEN[CS]E*`, `docs/**/*.md`) against
//! the cached file system, one path segment at a time, so only the
//! directories a pattern can reach are listed.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

use super::fs::{FileKind, FileSystem};

/// How deep `**` descends; real trees are far shallower, hostile ones
/// (symlink loops) are cut off here.
const MAX_DEPTH: usize = 24;

pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// Every existing path under `base` that `pattern` matches, with its kind,
/// sorted. Hidden entries match like any other (as Cargo's globs do).
/// `None` when the pattern itself is malformed.
pub fn expand(base: &Path, pattern: &str, fs: &dyn FileSystem) -> Option<Vec<(PathBuf, FileKind)>> {
    let mut current: Vec<PathBuf> = vec![base.to_path_buf()];
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    for (index, segment) in segments.iter().enumerate() {
        let last = index + 1 == segments.len();
        let mut next = Vec::new();
        if *segment == "**" {
            for dir in &current {
                collect_dirs(dir, fs, 0, &mut next);
            }
            if last {
                // `dir/**` matches everything below.
                let mut all = Vec::new();
                for dir in &next {
                    if let Some(entries) = fs.list(dir) {
                        for entry in entries.iter() {
                            all.push(dir.join(&entry.name));
                        }
                    }
                }
                next = all;
            }
        } else if is_glob(segment) {
            let matcher = segment_matcher(segment)?;
            for dir in &current {
                if let Some(entries) = fs.list(dir) {
                    for entry in entries.iter() {
                        if matcher.is_match(&entry.name) {
                            next.push(dir.join(&entry.name));
                        }
                    }
                }
            }
        } else {
            for dir in &current {
                next.push(dir.join(segment));
            }
        }
        next.sort();
        next.dedup();
        current = next;
    }
    let mut found: Vec<(PathBuf, FileKind)> = current
        .into_iter()
        .filter_map(|path| fs.kind(&path).map(|kind| (path, kind)))
        .collect();
    found.sort();
    Some(found)
}

fn segment_matcher(segment: &str) -> Option<GlobMatcher> {
    GlobBuilder::new(segment)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .ok()
        .map(|glob| glob.compile_matcher())
}

fn collect_dirs(dir: &Path, fs: &dyn FileSystem, depth: usize, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    if depth >= MAX_DEPTH {
        return;
    }
    if let Some(entries) = fs.list(dir) {
        for entry in entries.iter() {
            if entry.kind == Some(FileKind::Directory) {
                collect_dirs(&dir.join(&entry.name), fs, depth + 1, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::fs::VirtualFileSystem;

    fn names(found: Vec<(PathBuf, FileKind)>) -> Vec<String> {
        found
            .into_iter()
            .map(|(p, _)| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn expands_segment_by_segment() {
        let fs = VirtualFileSystem::new()
            .file("/w/crates/a/Cargo.toml", "")
            .file("/w/crates/README.md", "")
            .file("/w/crates/.hidden/Cargo.toml", "")
            .file("/w/LICENSE", "")
            .file("/w/LICENCE-MIT", "")
            .file("/w/docs/x/y.md", "");
        let base = Path::new("/w");
        assert_eq!(
            names(expand(base, "crates/*", &fs).unwrap()),
            ["/w/crates/.hidden", "/w/crates/README.md", "/w/crates/a"]
        );
        assert_eq!(
            names(expand(base, "LICEN[CS]E*", &fs).unwrap()),
            ["/w/LICENCE-MIT", "/w/LICENSE"]
        );
        assert_eq!(
            names(expand(base, "docs/**/*.md", &fs).unwrap()),
            ["/w/docs/x/y.md"]
        );
        assert_eq!(
            names(expand(base, "nothing/*", &fs).unwrap()),
            Vec::<String>::new()
        );
        assert!(expand(base, "bad[", &fs).is_none());
    }
}
