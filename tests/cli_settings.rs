//! Settings end to end: discovery of the nearest `andon.toml`, the merge
//! over the user file, `--config`, `[check] exclude`, `[syntax]
//! toml-version`, Andon checking its own settings file, and in-file
//! suppression comments.

mod cli_support;

use cli_support::{andon, check, run, tree, write_tree};

const DUPLICATE: &str = "k = 1\nk = 2\n";

/// `(file, rule, andon)` for every finding of a JSON run.
fn findings(stdout: &str) -> Vec<(String, String, String)> {
    cli_support::json_findings(stdout, "andon")
}

fn triple(file: &str, rule: &str, andon: &str) -> (String, String, String) {
    (file.to_owned(), rule.to_owned(), andon.to_owned())
}

#[test]
fn the_nearest_settings_file_wins() {
    let dir = tree(&[
        ("andon.toml", "[rules]\nduplicate-key = \"yellow\"\n"),
        ("top.toml", DUPLICATE),
        ("sub/andon.toml", "[rules]\nduplicate-key = \"green\"\n"),
        ("sub/low.toml", DUPLICATE),
        ("sub/deeper/lowest.toml", DUPLICATE),
    ]);
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(
        findings(&out.stdout),
        vec![
            triple("sub/deeper/lowest.toml", "duplicate-key", "green"),
            triple("sub/low.toml", "duplicate-key", "green"),
            triple("top.toml", "duplicate-key", "yellow"),
        ]
    );
    assert_eq!(out.code, 0);
}

#[test]
fn a_governing_settings_file_outside_the_paths_is_checked_too() {
    let dir = tree(&[
        (
            "andon.toml",
            "[rules]\nduplicate-key = \"yellow\"\nbogus-rule = \"red\"\n",
        ),
        ("sub/a.toml", DUPLICATE),
    ]);
    let out = check(dir.path(), &["--format", "json", "sub"]);
    assert_eq!(
        findings(&out.stdout),
        vec![
            triple("andon.toml", "settings", "yellow"),
            triple("sub/a.toml", "duplicate-key", "yellow"),
        ]
    );
}

#[test]
fn project_settings_merge_over_the_user_file() {
    let dir = tree(&[
        (
            "xdg/andon/andon.toml",
            "[rules]\nsyntax = \"green\"\nduplicate-key = \"green\"\n",
        ),
        (
            "project/andon.toml",
            "[rules]\nduplicate-key = \"yellow\"\n",
        ),
        ("project/a.toml", "k = 1\nk = 2\nbad = \n"),
        ("elsewhere/b.toml", DUPLICATE),
    ]);
    let out = run(andon(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["check", "--format", "json", "project", "elsewhere"]));
    assert_eq!(
        findings(&out.stdout),
        vec![
            // Only the user file governs here.
            triple("elsewhere/b.toml", "duplicate-key", "green"),
            // The project wins where both set a rule; the user file fills in.
            triple("project/a.toml", "duplicate-key", "yellow"),
            triple("project/a.toml", "syntax", "green"),
        ]
    );
    // A clean user file is not part of the report.
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 3);
}

#[test]
fn the_user_file_falls_back_to_home_config() {
    let dir = tree(&[
        (
            "home/.config/andon/andon.toml",
            "[rules]\nduplicate-key = \"off\"\n",
        ),
        ("a.toml", DUPLICATE),
    ]);
    let out = run(andon(dir.path())
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", dir.path().join("home"))
        .args(["check", "--format", "json", "a.toml"]));
    assert_eq!(findings(&out.stdout), vec![]);
    assert_eq!(out.code, 0);
}

#[test]
fn a_broken_user_file_is_reported() {
    let dir = tree(&[
        ("xdg/andon/andon.toml", "[rules]\nduplicate-key = 3\n"),
        ("a.toml", "k = 1\n"),
    ]);
    let out = run(andon(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["check", "--format", "json", "a.toml"]));
    assert_eq!(
        findings(&out.stdout),
        vec![triple("xdg/andon/andon.toml", "settings", "red")]
    );
}

#[test]
fn config_flag_replaces_discovery() {
    let dir = tree(&[
        ("andon.toml", "[rules]\nduplicate-key = \"off\"\n"),
        ("ci/strict.toml", "[rules]\nduplicate-key = \"yellow\"\n"),
        ("a.toml", DUPLICATE),
    ]);
    let out = check(dir.path(), &["--format", "json", "a.toml"]);
    assert_eq!(findings(&out.stdout), vec![]);
    let out = check(
        dir.path(),
        &["--format", "json", "--config", "ci/strict.toml", "a.toml"],
    );
    assert_eq!(
        findings(&out.stdout),
        vec![triple("a.toml", "duplicate-key", "yellow")]
    );
}

#[test]
fn exclude_skips_walked_files_but_not_named_ones() {
    let dir = tree(&[
        (
            "andon.toml",
            "[check]\nexclude = [\"vendor/**\", \"*.gen.toml\"]\n",
        ),
        ("vendor/lib/x.toml", DUPLICATE),
        // Never entered: the directory named like a TOML file is not met.
        ("vendor/odd.toml/y.toml", DUPLICATE),
        ("deep/y.gen.toml", DUPLICATE),
        ("kept.toml", DUPLICATE),
    ]);
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(
        findings(&out.stdout),
        vec![triple("kept.toml", "duplicate-key", "red")]
    );
    let out = check(dir.path(), &["--format", "json", "vendor/lib/x.toml"]);
    assert_eq!(
        findings(&out.stdout),
        vec![triple("vendor/lib/x.toml", "duplicate-key", "red")]
    );
}

#[test]
fn gitignored_and_hidden_files_are_skipped_like_ripgrep() {
    let dir = tree(&[
        (".gitignore", "ignored/\n"),
        ("ignored/x.toml", DUPLICATE),
        (".hidden/x.toml", DUPLICATE),
        (".cargo/config.toml", DUPLICATE),
        ("Cargo.lock", DUPLICATE),
        ("Pipfile", DUPLICATE),
        ("readme.md", DUPLICATE),
    ]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    let files: Vec<String> = findings(&out.stdout).into_iter().map(|f| f.0).collect();
    assert_eq!(files, vec![".cargo/config.toml", "Cargo.lock", "Pipfile"]);
    // A file named on the command line is checked whatever its name.
    let out = check(dir.path(), &["--format", "json", "readme.md"]);
    assert_eq!(findings(&out.stdout).len(), 1);
}

#[test]
fn toml_version_setting_selects_the_grammar() {
    // `\e` is an escape only in TOML 1.1.
    let dir = tree(&[("a.toml", "k = \"\\e\"\n")]);
    assert_eq!(check(dir.path(), &["a.toml"]).code, 0);
    write_tree(
        dir.path(),
        &[("andon.toml", "[syntax]\ntoml-version = \"1.0\"\n")],
    );
    let out = check(dir.path(), &["--format", "json", "a.toml"]);
    assert_eq!(
        findings(&out.stdout),
        vec![triple("a.toml", "syntax", "red")]
    );
}

#[test]
fn andon_checks_its_own_settings_file() {
    let dir = tree(&[(
        "andon.toml",
        r#"[rules]
duplicat-key = "red"
syntax = "orange"
unreadable = 1

[check]
fail-on = "sometimes"
exclude = "vendor"
colour = true

[syntax]
toml-version = "2.0"

[paths]
enabled = "yes"
[[paths.keys]]
files = ["deploy/*.toml"]
kind = "folder"

[editor]
"#,
    )]);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn a_settings_file_that_is_not_toml_is_reported_not_fatal() {
    let dir = tree(&[
        ("andon.toml", "[rules\nsyntax = \"off\"\n"),
        ("a.toml", DUPLICATE),
    ]);
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(
        findings(&out.stdout),
        vec![
            triple("a.toml", "duplicate-key", "red"),
            triple("andon.toml", "syntax", "red"),
            triple("andon.toml", "settings", "red"),
        ]
    );
}

#[test]
fn the_settings_rule_can_be_turned_off() {
    let dir = tree(&[("andon.toml", "[rules]\nsettings = \"off\"\n[nope]\n")]);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn suppression_comments() {
    let dir = tree(&[
        (
            "line.toml",
            "a = 1\na = 2 # andon: ignore[duplicate-key]\nb = 1\nb = 2\nc = = 1 # andon: ignore[syntax, duplicate-key]\n",
        ),
        (
            "file.toml",
            "# andon: ignore-file[duplicate-key]\na = 1\na = 2\n[t]\n[t]\n",
        ),
        ("other.toml", "a = 1\na = 2 # andon: ignore[syntax]\n"),
    ]);
    let out = check(dir.path(), &["--format", "github"]);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn user_file_excludes_are_relative_to_the_working_directory() {
    let dir = tree(&[
        (
            "xdg/andon/andon.toml",
            "[check]\nexclude = [\"project/gen/**\"]\n",
        ),
        // A project file without its own list keeps the user file's.
        ("project/andon.toml", "[rules]\n"),
        ("project/gen/x.toml", DUPLICATE),
        ("project/y.toml", DUPLICATE),
    ]);
    let out = run(andon(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["check", "--format", "json", "project"]));
    assert_eq!(
        findings(&out.stdout),
        vec![triple("project/y.toml", "duplicate-key", "red")]
    );
}
