//! Completion: what the editor offers while the user types. Keys and
//! table names where a key goes ([`super::key_completion`]), else the
//! entries of the folder a path value names ([`super::paths::completion`]).
//!
//! Keys are tried first: no path is typed where a key is, and the first
//! test for a key is lexical, so inside most strings it answers at once.

use super::Analysis;
use super::key_completion::{self, KeyCompletion};
use super::paths::{self, PathCompletion};
use crate::analysis::paths::FileSystem;

#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    Keys(KeyCompletion),
    Paths(PathCompletion),
}

/// What can be completed at `offset`. Folders are listed through
/// `listing` (see [`paths::completion`] for why it is not the cache).
pub fn completion(
    analysis: &Analysis,
    offset: usize,
    listing: &dyn FileSystem,
) -> Option<Completion> {
    if let Some(keys) = key_completion::complete_key(analysis, offset) {
        return Some(Completion::Keys(keys));
    }
    paths::completion(analysis, offset, listing).map(Completion::Paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::VirtualFileSystem;
    use crate::ide::fixture;

    #[test]
    fn keys_where_a_key_goes_and_folders_in_a_path() {
        let fs = VirtualFileSystem::new().file("/w/README.md", "");
        let at = |marked: &str| {
            let (analysis, offset) = fixture::analysis_of_file("/w/Cargo.toml", marked, &fs);
            completion(&analysis, offset, &fs)
        };
        assert!(matches!(
            at("[package]\nread$0\n"),
            Some(Completion::Keys(keys)) if keys.keys.contains(&"readme")
        ));
        assert!(matches!(
            at("[package]\nreadme = \"R$0\"\n"),
            Some(Completion::Paths(paths)) if paths.entries.len() == 1
        ));
        assert_eq!(at("[package]\nname = \"R$0\"\n"), None);
    }
}
