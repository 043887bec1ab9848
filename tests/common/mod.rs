//! Helpers shared by the end-to-end tests: where the shared corpus lives.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared` beside the repository, or `$ANDON_SHARED_DIR`.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ANDON_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

#[path = "../../benches/support/generate.rs"]
pub mod generate;
