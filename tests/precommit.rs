//! The pre-commit hooks of `.pre-commit-hooks.yaml`, run for real: a venv
//! with pre-commit from PyPI, a small fixture git repository, and
//! `pre-commit try-repo <this repository> andon-check --all-files` (on a
//! committed snapshot of the working tree), which fails on broken TOML and
//! passes once it is repaired.
//!
//! pre-commit's `language: rust` builds the hook with `cargo install` — a
//! release build with fat LTO, minutes on a CI machine (and, as pre-commit
//! runs it, without `--locked`). The test keeps that
//! real path but makes the build cheap through Cargo's environment
//! (`CARGO_PROFILE_RELEASE_*`: no LTO, no optimisation) and a target
//! directory kept beside this build's, so a rerun only rebuilds Andon.
//! The venv is kept there too. Needs `python3` with `venv`, `git`, and
//! PyPI and crates.io; `ANDON_SKIP_PRECOMMIT=1` skips it explicitly (CI
//! never sets it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The target directory this test binary belongs to.
fn target_dir() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_andon"));
    // <target>/<profile>/andon
    bin.parent()
        .and_then(Path::parent)
        .expect("the binary sits in <target>/<profile>")
        .to_path_buf()
}

fn ok(command: &mut Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A venv with pre-commit, made once and reused.
fn pre_commit() -> PathBuf {
    let venv = target_dir().join("precommit-venv");
    let exe = venv.join("bin/pre-commit");
    if !exe.is_file() {
        ok(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        );
        ok(
            Command::new(venv.join("bin/pip"))
                .args([
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "pre-commit",
                ])
                .env("PIP_NO_INPUT", "1"),
            "pip install pre-commit",
        );
    }
    exe
}

fn git(dir: &Path, args: &[&str]) {
    ok(
        Command::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "user.name=Andon Test",
                "-c",
                "user.email=test@andon.invalid",
            ])
            .args(args),
        &format!("git {args:?}"),
    );
}

struct Run {
    code: i32,
    out: String,
}

/// A committed copy of this repository's working tree (tracked files and
/// new ones not ignored), for `try-repo`: pre-commit's own shadow copy of
/// a dirty repository leaves out files not yet added to git, and a
/// developer running the tests before `git add` must not see a false
/// failure.
fn snapshot_of_this_repo(into: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = ok(
        Command::new("git").current_dir(root).args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ]),
        "git ls-files",
    );
    let copy = into.join("andon");
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(name).expect("UTF-8 file names");
        let from = root.join(name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = copy.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).expect("the file is copied");
    }
    git(&copy, &["init", "--quiet"]);
    git(&copy, &["add", "-A"]);
    git(
        &copy,
        &["commit", "--quiet", "--no-gpg-sign", "-m", "snapshot"],
    );
    copy
}

fn try_repo(pre_commit: &Path, repo: &Path, fixture: &Path, home: &Path, hook: &str) -> Run {
    let output = Command::new(pre_commit)
        .current_dir(fixture)
        .arg("try-repo")
        .arg(repo)
        .args([hook, "--all-files", "--color", "never"])
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        // The hook must not read the developer's own settings.
        .env("XDG_CONFIG_HOME", home.join("config"))
        // A real `cargo install`, made cheap (see the module comment).
        .env("CARGO_TARGET_DIR", target_dir().join("precommit-install"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("pre-commit starts");
    Run {
        code: output.status.code().unwrap_or(-1),
        out: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

#[test]
fn pre_commit_try_repo_fails_on_broken_toml_and_passes_on_good() {
    if std::env::var_os("ANDON_SKIP_PRECOMMIT").is_some_and(|v| v == "1") {
        eprintln!("ANDON_SKIP_PRECOMMIT=1: the pre-commit test is skipped");
        return;
    }
    let pre_commit = pre_commit();
    ok(
        Command::new(&pre_commit).args([
            "validate-manifest",
            concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml"),
        ]),
        "pre-commit validate-manifest",
    );
    let home = tempfile::tempdir().expect("a temporary directory");
    let repo = snapshot_of_this_repo(home.path());
    let fixture = tempfile::tempdir().expect("a temporary directory");
    let dir = fixture.path();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    git(dir, &["init", "--quiet"]);
    write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util\" }\n",
    );
    write("src/main.rs", "fn main() {}\n");
    write("Cargo.lock", "version = 4\nversion = 4\n");
    // Not TOML by name: the hook's `files` keeps it away from andon.
    write("notes.txt", "this = = is not toml\n");
    git(dir, &["add", "."]);

    let broken = try_repo(&pre_commit, &repo, dir, home.path(), "andon-check");
    assert_eq!(broken.code, 1, "{}", broken.out);
    assert!(broken.out.contains("Failed"), "{}", broken.out);
    assert!(broken.out.contains("path-missing"), "{}", broken.out);
    assert!(broken.out.contains("Cargo.lock"), "{}", broken.out);
    assert!(!broken.out.contains("notes.txt"), "{}", broken.out);

    write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write("Cargo.lock", "version = 4\n");
    git(dir, &["add", "."]);
    for hook in ["andon-check", "andon-fix"] {
        let good = try_repo(&pre_commit, &repo, dir, home.path(), hook);
        assert_eq!(good.code, 0, "{hook}: {}", good.out);
        assert!(good.out.contains("Passed"), "{hook}: {}", good.out);
    }
}

#[test]
fn the_hooks_pick_every_toml_name_andon_checks() {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .expect("the manifest");
    let files: Vec<&str> = manifest
        .lines()
        .filter_map(|line| line.trim().strip_prefix("files: "))
        .collect();
    assert_eq!(files.len(), 2, "one `files` per hook");
    for pattern in files {
        for name in andon::check::TOML_FILE_NAMES {
            assert!(
                pattern.contains(&name.replace('.', "\\.")),
                "`{name}` is missing from {pattern}"
            );
        }
        assert!(pattern.contains("\\.cargo/config"), "{pattern}");
    }
}
