//! Hover: what the editor shows when the pointer rests on a value. Today
//! that is where a path value resolves and whether it is there
//! ([`super::paths::hover`]); every kind of hover is tried here, in order,
//! so the server asks one question.

use super::{Analysis, paths};
use crate::analysis::paths::FileSystem;
use crate::text::Span;

/// Markdown about the text at `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// The hover at `offset`, if anything there has one.
pub fn hover(analysis: &Analysis, offset: usize, fs: &dyn FileSystem) -> Option<Hover> {
    paths::hover(analysis, offset, fs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::VirtualFileSystem;
    use crate::ide::fixture;

    #[test]
    fn a_path_value_has_a_hover_and_a_key_has_none() {
        let fs = VirtualFileSystem::new().file("/w/README.md", "");
        let (analysis, offset) = fixture::analysis_of_file(
            "/w/Cargo.toml",
            "[package]\nreadme = \"READ$0ME.md\"\n",
            &fs,
        );
        let found = hover(&analysis, offset, &fs).expect("a hover");
        assert_eq!(found.span.text(analysis.text()), "README.md");
        let (analysis, offset) =
            fixture::analysis_of_file("/w/Cargo.toml", "[package]\nre$0adme = \"x\"\n", &fs);
        assert_eq!(hover(&analysis, offset, &fs), None);
    }
}
