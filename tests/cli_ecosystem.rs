//! The doors users adopt Andon through: `--version`, shell completions and
//! the manual page, run on the real binary.

mod cli_support;

use cli_support::{andon, run, tree};

/// `andon <semver>` optionally followed by ` (<hex commit>)`, then a newline.
fn is_version_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("andon ") else {
        return false;
    };
    let (semver, commit) = match rest.split_once(' ') {
        Some((semver, commit)) => (semver, Some(commit)),
        None => (rest, None),
    };
    let (core, _pre) = semver.split_once('-').unwrap_or((semver, ""));
    let parts: Vec<&str> = core.split('.').collect();
    let semver_ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let commit_ok = commit.is_none_or(|commit| {
        commit
            .strip_prefix('(')
            .and_then(|c| c.strip_suffix(')'))
            .is_some_and(|hex| hex.len() >= 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    semver_ok && commit_ok
}

#[test]
fn version_is_semver_and_maybe_the_commit() {
    let dir = tree(&[]);
    let out = run(andon(dir.path()).arg("--version"));
    assert_eq!(out.code, 0, "{out:?}");
    let line = out.stdout.strip_suffix('\n').expect("one line");
    assert!(is_version_line(line), "unexpected version line: {line:?}");
    assert!(line.starts_with(&format!("andon {}", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_version_pattern_itself() {
    assert!(is_version_line("andon 0.1.0"));
    assert!(is_version_line("andon 0.1.0 (9eb9c07)"));
    assert!(is_version_line("andon 1.2.3-beta.1 (abcdef0)"));
    assert!(!is_version_line("andon 0.1 (9eb9c07)"));
    assert!(!is_version_line("andon 0.1.0 (not-hex)"));
    assert!(!is_version_line("andon 0.1.0 9eb9c07"));
}

#[test]
fn completions_for_every_shell() {
    let dir = tree(&[]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(andon(dir.path()).args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        assert!(!out.stdout.trim().is_empty(), "{shell}: empty script");
        assert!(out.stdout.contains("check"), "{shell}: no `check`");
        assert!(out.stdout.contains("fail-on"), "{shell}: no `fail-on`");
    }
    let out = run(andon(dir.path()).args(["completions", "tcsh"]));
    assert_eq!(out.code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_page_is_roff() {
    let dir = tree(&[]);
    let out = run(andon(dir.path()).arg("man"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(".TH andon 1"), "{}", out.stdout);
    assert!(out.stdout.contains("check"));
    // Hidden: a maintainer's command, not one to advertise in --help.
    let help = run(andon(dir.path()).arg("--help"));
    assert!(!help.stdout.contains("\n  man "), "{}", help.stdout);
}
