//! `andon check --fix` end to end: safe fixes applied in place and
//! reported, `--diff` writing nothing, and files that are never left half
//! written — not even when the process dies during the write.

mod cli_support;

use cli_support::{andon, check, run, tree};

const BROKEN: &str = "# settings\r\nname = foo\r\nport = = 80\r\n[server\r\nhost = \"example.org\"  # keep\r\n[dev_dependencies]\r\n";

#[test]
fn safe_fixes_are_applied_in_place_and_reported() {
    let dir = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\n[dev_dependencies]\nserde = { version = \"1\", default_features = false }\n",
        ),
        ("app.toml", BROKEN),
    ]);
    let out = check(dir.path(), &["--fix"]);
    let app = std::fs::read_to_string(dir.path().join("app.toml")).unwrap();
    assert_eq!(
        app,
        "# settings\r\nname = \"foo\"\r\nport = 80\r\n[server]\r\nhost = \"example.org\"  # keep\r\n[dev_dependencies]\r\n",
        "only the broken bits change; CRLF and comments stay"
    );
    let cargo = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
    assert_eq!(
        cargo,
        "[package]\nname = \"x\"\n[dev-dependencies]\nserde = { version = \"1\", default-features = false }\n"
    );
    assert!(out.stderr.contains("fixed 3 in app.toml"), "{}", out.stderr);
    assert!(
        out.stderr.contains("fixed 2 in Cargo.toml"),
        "{}",
        out.stderr
    );
    // Everything fixable was fixed: the report is clean and the run passes.
    assert_eq!(out.code, 0, "{out:?}");
    let again = check(dir.path(), &["--fix"]);
    assert!(
        !again.stderr.contains("fixed"),
        "a second run has nothing to do"
    );
}

#[test]
fn unsafe_fixes_are_left_for_a_person() {
    let source = "a = 1\na = 2\n";
    let dir = tree(&[("dup.toml", source)]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dup.toml")).unwrap(),
        source
    );
}

#[test]
fn diff_shows_the_changes_and_writes_nothing() {
    let dir = tree(&[("app.toml", "name = foo\n")]);
    let out = check(dir.path(), &["--fix", "--diff"]);
    assert_eq!(
        out.stdout,
        "--- a/app.toml\n+++ b/app.toml\n@@ -1 +1 @@\n-name = foo\n+name = \"foo\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.toml")).unwrap(),
        "name = foo\n"
    );
    let without_fix = run(andon(dir.path()).args(["check", "--diff"]));
    assert_eq!(without_fix.code, 2, "--diff needs --fix");
}

#[test]
fn fix_refuses_standard_input() {
    let dir = tree(&[]);
    let out = run(andon(dir.path()).args(["check", "--fix", "--stdin"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--stdin"), "{}", out.stderr);
}

#[test]
fn a_process_killed_while_writing_leaves_every_file_old_or_new() {
    let files = [
        ("a.toml", "x = foo\n"),
        ("b.toml", "y = bar\n"),
        ("c.toml", "z = baz\n"),
    ];
    let dir = tree(&files);
    let status = andon(dir.path())
        .args(["check", "--fix", "-j", "1"])
        .env("ANDON_DEBUG_ABORT_DURING_WRITE", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("andon starts");
    assert!(!status.success(), "the process was killed: {status:?}");
    for (name, old) in files {
        let now = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let new = old.replacen(" = ", " = \"", 1).replacen('\n', "\"\n", 1);
        assert!(
            now == old || now == new,
            "{name} is neither old nor new: {now:?}"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.ends_with(".toml") && !["a.toml", "b.toml", "c.toml"].contains(&name.as_str())
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
