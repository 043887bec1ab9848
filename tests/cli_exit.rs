//! Exit codes (design §2: 0 clean, 1 stopped, 2 usage/unreadable/internal),
//! the stopping rule `--fail-on`, standard input, and the small commands.

mod cli_support;

use cli_support::{andon, check, fixture, run, run_with_stdin, tree};

#[test]
fn a_clean_file_exits_0() {
    let run = check(&fixture("mixed"), &["clean.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "🔴 0 red · 🟡 0 yellow · 🟢 0 green in 1 file\n"
    );
}

#[test]
fn a_red_finding_exits_1() {
    assert_eq!(check(&fixture("mixed"), &[]).code, 1);
}

#[test]
fn fail_on_sets_the_stopping_rule() {
    let red = fixture("mixed");
    assert_eq!(check(&red, &["--fail-on", "never"]).code, 0);
    assert_eq!(check(&red, &["--fail-on", "green"]).code, 1);
    // `levels` has one yellow and one green finding and nothing red.
    let levels = fixture("levels");
    assert_eq!(check(&levels, &[]).code, 0);
    assert_eq!(check(&levels, &["--fail-on", "red"]).code, 0);
    assert_eq!(check(&levels, &["--fail-on", "yellow"]).code, 1);
    assert_eq!(check(&levels, &["--fail-on", "green"]).code, 1);
    assert_eq!(check(&levels, &["--fail-on", "never"]).code, 0);
}

#[test]
fn fail_on_from_settings_and_the_flag_wins() {
    let dir = tree(&[
        (
            "andon.toml",
            "[check]\nfail-on = \"green\"\n[rules]\nduplicate-key = \"green\"\n",
        ),
        ("a.toml", "k = 1\nk = 2\n"),
    ]);
    assert_eq!(check(dir.path(), &[]).code, 1);
    assert_eq!(check(dir.path(), &["--fail-on", "yellow"]).code, 0);
}

#[test]
fn usage_errors_exit_2() {
    let dir = fixture("mixed");
    let run = check(&dir, &["--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{run:?}");
    assert_eq!(check(&dir, &["--fail-on", "orange"]).code, 2);
    assert_eq!(check(&dir, &["-j", "0"]).code, 2);
    let run = check(&dir, &["--config", "missing.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no such settings file"), "{run:?}");
    let run = check(&dir, &["--stdin", "clean.toml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_missing_path_exits_2_and_the_rest_is_still_checked() {
    let run = check(&fixture("mixed"), &["nope.toml", "broken.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "andon: nope.toml: no such file or directory\n");
    assert!(run.stdout.contains("in 1 file"), "{run:?}");
}

#[test]
fn flags_that_change_nothing_yet_are_accepted() {
    let run = check(&fixture("mixed"), &["--no-paths", "--fix", "clean.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn stdin_is_one_document() {
    let dir = fixture("mixed");
    let out = run_with_stdin(
        andon(&dir).args(["check", "--stdin", "--format", "github"]),
        b"a = 1\na = 2\n",
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "::error file=<stdin>,line=2,col=1,endLine=2,endColumn=2,title=andon duplicate-key::key `a` is defined twice\n"
    );
}

#[test]
fn stdin_filename_names_it_and_finds_its_settings() {
    // In `levels/`, andon.toml turns duplicate-key green.
    let dir = fixture("levels");
    let out = run_with_stdin(
        andon(&dir).args([
            "check",
            "--stdin-filename",
            "deploy/x.toml",
            "--format",
            "github",
        ]),
        b"a = 1\na = 2\n",
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "::notice file=deploy/x.toml,line=2,col=1,endLine=2,endColumn=2,title=andon duplicate-key::key `a` is defined twice\n"
    );
}

#[test]
fn stdin_that_is_not_utf8_is_unreadable() {
    let dir = fixture("mixed");
    let out = run_with_stdin(
        andon(&dir).args(["check", "--stdin", "--format", "github"]),
        b"a = \"\xff\"\n",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("::error file=<stdin>,line=1,col=6"),
        "{out:?}"
    );
    assert!(out.stdout.contains("title=andon unreadable::"), "{out:?}");
}

#[test]
fn rules_lists_every_rule() {
    let out = run(andon(&fixture("mixed")).arg("rules"));
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn explain_a_rule_and_an_unknown_one() {
    let out = run(andon(&fixture("mixed")).args(["explain", "duplicate-key"]));
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
    let out = run(andon(&fixture("mixed")).args(["explain", "no-such-rule"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown rule `no-such-rule`"),
        "{out:?}"
    );
}

#[test]
fn version_and_lsp() {
    let out = run(andon(&fixture("mixed")).arg("--version"));
    assert_eq!(out.code, 0);
    // The exact pattern (with the optional commit) is pinned in cli_ecosystem.
    assert!(
        out.stdout
            .starts_with(&format!("andon {}", env!("CARGO_PKG_VERSION"))),
        "{out:?}"
    );
    // The server is reachable from the CLI; input that ends without
    // `shutdown` is an unclean exit (the protocol tests cover the rest).
    let out = run(andon(&fixture("mixed")).args(["lsp", "--stdio"]));
    assert_eq!(out.code, 1, "{out:?}");
    // No subcommand is a usage error.
    assert_eq!(run(&mut andon(&fixture("mixed"))).code, 2);
}

#[test]
fn a_settings_file_on_stdin_is_judged_by_its_text() {
    let dir = tree(&[("andon.toml", "[rules]\n")]);
    let out = run_with_stdin(
        andon(dir.path()).args([
            "check",
            "--stdin-filename",
            "andon.toml",
            "--format",
            "github",
        ]),
        b"[rules]\nsyntax = \"purple\"\n",
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.starts_with(
            "::error file=andon.toml,line=2,col=10,endLine=2,endColumn=18,title=andon settings::"
        ),
        "{out:?}"
    );
}
