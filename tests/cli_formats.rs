//! Every output format of `andon check`, pinned with snapshots on the
//! committed fixture trees, plus the bundled example workspace.

mod cli_support;

use cli_support::{check, fixture};

fn format_on(fixture_name: &str, format: &str) -> String {
    let run = check(
        &fixture(fixture_name),
        &["--format", format, "--fail-on", "never"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "{run:?}");
    run.stdout
}

#[test]
fn human() {
    insta::assert_snapshot!(format_on("mixed", "human"));
}

#[test]
fn human_with_settings_levels() {
    insta::assert_snapshot!(format_on("levels", "human"));
}

#[test]
fn json() {
    insta::assert_snapshot!(format_on("mixed", "json"));
}

#[test]
fn json_summary_of_a_yellow_and_green_run() {
    let out = format_on("levels", "json");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value["summary"],
        serde_json::json!({"files": 2, "red": 0, "yellow": 1, "green": 1, "andon": "yellow"})
    );
}

#[test]
fn json_of_a_clean_run_is_green() {
    let run = check(&fixture("mixed"), &["--format", "json", "clean.toml"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif() {
    // The tool version is not part of what this pins.
    let out = format_on("mixed", "sarif").replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[version]\"",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn github() {
    insta::assert_snapshot!(format_on("mixed", "github"));
}

#[test]
fn github_warning_and_notice() {
    insta::assert_snapshot!(format_on("levels", "github"));
}

#[test]
fn gitlab() {
    let out = format_on("mixed", "gitlab");
    let issues: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    for issue in issues.as_array().expect("an array") {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key}: {issue}");
        }
        assert!(issue["location"]["path"].is_string(), "{issue}");
        assert!(issue["location"]["lines"]["begin"].is_u64(), "{issue}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn markdown() {
    insta::assert_snapshot!(format_on("mixed", "markdown"));
}

#[test]
fn markdown_of_a_clean_run() {
    let run = check(&fixture("mixed"), &["--format", "markdown", "clean.toml"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn colour_only_when_asked() {
    let dir = fixture("mixed");
    let always = check(&dir, &["--color", "always"]);
    assert!(always.stdout.contains("\u{1b}["), "{always:?}");
    // Standard output is a pipe here, so `auto` means no colour.
    let auto = check(&dir, &[]);
    assert!(!auto.stdout.contains('\u{1b}'));
    let never = check(&dir, &["--color", "never"]);
    assert!(!never.stdout.contains('\u{1b}'));
    let no_color = cli_support::run(
        cli_support::andon(&dir)
            .env("NO_COLOR", "1")
            .args(["check", "--color", "auto"]),
    );
    assert!(!no_color.stdout.contains('\u{1b}'));
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let files: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("d{}/f{i}.toml", i % 7),
                format!("k = {i}\nk = {}\n[t{i}\n", i + 1),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let dir = cli_support::tree(&borrowed);
    let one = check(dir.path(), &["-j", "1", "--format", "json"]);
    let many = check(dir.path(), &["--jobs", "8", "--format", "json"]);
    assert_eq!(one.code, 1);
    assert_eq!(one.stdout, many.stdout);
    let value: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 60);
    assert_eq!(value["summary"]["red"], 120);
}

#[test]
fn the_example_workspace_shows_its_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = check(root, &["examples/workspace"]);
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let files: Vec<(String, &str)> = (0..210)
        .map(|i| (format!("f{i}.toml"), "k = 1\n"))
        .collect();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    let dir = cli_support::tree(&borrowed);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "🔴 0 red · 🟡 0 yellow · 🟢 0 green in 210 files\n"
    );
}
