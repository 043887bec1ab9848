//! Build script: records the git commit the binary is built from, for
//! `andon --version`. Silent and optional: without git, outside a git
//! checkout, or inside someone else's repository (a vendored copy), the
//! version is the package version alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = commit(&manifest_dir);
    let long = match &commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=ANDON_VERSION={long}");
}

fn commit(manifest_dir: &Path) -> Option<String> {
    // Only this repository's own commit: a copy vendored inside another
    // checkout must not claim that checkout's commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let same = match (
        std::fs::canonicalize(top),
        std::fs::canonicalize(manifest_dir),
    ) {
        (Ok(top), Ok(dir)) => top == dir,
        _ => false,
    };
    if !same {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself, the branch it names, and the
    // packed refs (worktree-aware through --git-path).
    for name in ["HEAD", "packed-refs"] {
        watch(git(&["rev-parse", "--git-path", name]));
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch(git(&["rev-parse", "--git-path", &reference]));
    }
    let commit = git(&["rev-parse", "--short", "HEAD"])?;
    commit
        .chars()
        .all(|c| c.is_ascii_hexdigit())
        .then_some(commit)
}

fn watch(path: Option<String>) {
    if let Some(path) = path
        && Path::new(&path).exists()
    {
        println!("cargo:rerun-if-changed={path}");
    }
}
