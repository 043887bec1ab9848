//! Inputs that cannot be checked (design §2, issue 3 point 6): each is a
//! red `unreadable` finding for that path, or a documented skip for FIFOs,
//! never a hang or a crash, and every other file is still checked. Also a
//! panic inside the analysis of one file.
#![cfg(unix)]

mod cli_support;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::process::Command;

use cli_support::{andon, check, run, tree};

const DUPLICATE: &str = "k = 1\nk = 2\n";

/// `(file, rule, message)` for every finding of a JSON run.
fn findings(stdout: &str) -> Vec<(String, String, String)> {
    cli_support::json_findings(stdout, "message")
}

fn finding(file: &str, rule: &str, message: &str) -> (String, String, String) {
    (file.to_owned(), rule.to_owned(), message.to_owned())
}

const GOOD_FINDING: (&str, &str, &str) = ("good.toml", "duplicate-key", "key `k` is defined twice");

fn good() -> (String, String, String) {
    finding(GOOD_FINDING.0, GOOD_FINDING.1, GOOD_FINDING.2)
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = tree(&[("good.toml", DUPLICATE)]);
    std::fs::write(dir.path().join("latin1.toml"), b"name = \"Zo\xeb\"\n").unwrap();
    std::fs::write(dir.path().join("utf16.toml"), b"\xff\xfek\x00=\x001\x00").unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        findings(&out.stdout),
        vec![
            good(),
            finding(
                "latin1.toml",
                "unreadable",
                "file is not valid UTF-8 (first bad byte at offset 10): save it as UTF-8"
            ),
            finding(
                "utf16.toml",
                "unreadable",
                "file is UTF-16, not UTF-8: save it as UTF-8"
            ),
        ]
    );
}

#[test]
fn a_directory_named_like_a_toml_file() {
    let dir = tree(&[
        ("good.toml", DUPLICATE),
        ("conf.toml/inner.toml", "a = 1\n"),
    ]);
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(
        findings(&out.stdout),
        vec![
            finding("conf.toml", "unreadable", "is a directory, not a file"),
            good(),
        ]
    );
    // Its contents are still walked: three files.
    assert!(out.stdout.contains("\"files\": 3"), "{}", out.stdout);
}

#[test]
fn broken_symbolic_links() {
    let dir = tree(&[("good.toml", DUPLICATE)]);
    symlink("gone.toml", dir.path().join("dangling.toml")).unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(out.code, 1);
    let expected = vec![
        finding(
            "dangling.toml",
            "unreadable",
            "broken symbolic link: `gone.toml` does not exist",
        ),
        good(),
    ];
    assert_eq!(findings(&out.stdout), expected);
    // Named on the command line it is the same finding, not a usage error.
    let out = check(
        dir.path(),
        &["--format", "json", "dangling.toml", "good.toml"],
    );
    assert_eq!(findings(&out.stdout), expected);
    assert_eq!(out.code, 1);
}

#[test]
fn symbolic_link_loops_never_hang() {
    let dir = tree(&[("good.toml", DUPLICATE)]);
    symlink("b.toml", dir.path().join("a.toml")).unwrap();
    symlink("a.toml", dir.path().join("b.toml")).unwrap();
    // A directory link back up the tree: not followed by the walk.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    let loop_message = "symbolic link loop: the link leads back to itself";
    assert_eq!(
        findings(&out.stdout),
        vec![
            finding("a.toml", "unreadable", loop_message),
            finding("b.toml", "unreadable", loop_message),
            good(),
        ]
    );
}

#[test]
fn fifos_are_skipped_without_opening_them() {
    let dir = tree(&[("good.toml", DUPLICATE)]);
    let fifo = dir.path().join("pipe.toml");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    // Opening the FIFO would block forever with no writer: a hang here
    // would fail the test run by timing out.
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(findings(&out.stdout), vec![good()]);
    assert_eq!(out.stderr, "");
    // Named explicitly, the skip is said on stderr and changes no exit code.
    let out = check(dir.path(), &["pipe.toml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stderr,
        "andon: skipped pipe.toml: not a regular file (FIFO, socket or device)\n"
    );
    assert_eq!(
        out.stdout,
        "🔴 0 red · 🟡 0 yellow · 🟢 0 green in 0 files\n"
    );
}

#[test]
fn a_file_without_read_permission() {
    let dir = tree(&[("good.toml", DUPLICATE), ("secret.toml", "a = 1\n")]);
    let secret = dir.path().join("secret.toml");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    // The superuser reads it anyway; then it is simply a clean file.
    if std::fs::read(&secret).is_ok() {
        assert_eq!(findings(&out.stdout), vec![good()]);
    } else {
        assert_eq!(
            findings(&out.stdout),
            vec![
                good(),
                finding(
                    "secret.toml",
                    "unreadable",
                    "cannot read: permission denied"
                ),
            ]
        );
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_panic_in_one_file_is_an_internal_error_and_the_run_goes_on() {
    let dir = tree(&[("good.toml", DUPLICATE), ("boom.toml", "a = 1\n")]);
    let out = run(andon(dir.path())
        .env("ANDON_DEBUG_PANIC_ON", "boom.toml")
        .args(["check", "--format", "json"]));
    // The hook exists only in debug builds; the test binary and `andon`
    // are built with the same profile.
    if !cfg!(debug_assertions) {
        assert_eq!(out.code, 1, "{out:?}");
        return;
    }
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains(
            "andon: internal error while checking boom.toml: deliberate panic for boom.toml"
        ),
        "{out:?}"
    );
    assert_eq!(findings(&out.stdout), vec![good()]);
}
