//! Helpers for the end-to-end tests of `andon check`: run the built binary
//! in a chosen directory with a clean environment (no user settings, no
//! colour variables, no debug hooks) and capture what it printed.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// A command for the `andon` binary, run in `dir`, that sees no user
/// settings file unless the test provides one.
pub fn andon(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_andon"));
    command
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .env("HOME", dir.join(".no-home"))
        .env_remove("NO_COLOR")
        .env_remove("ANDON_DEBUG_PANIC_ON")
        .env_remove("ANDON_DEBUG_ABORT_DURING_WRITE")
        .stdin(Stdio::null());
    command
}

pub fn run(command: &mut Command) -> Run {
    output(command, None)
}

pub fn run_with_stdin(command: &mut Command, input: &[u8]) -> Run {
    output(command, Some(input))
}

fn output(command: &mut Command, input: Option<&[u8]>) -> Run {
    if input.is_some() {
        command.stdin(Stdio::piped());
    }
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("the andon binary starts");
    if let Some(input) = input {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin.write_all(input).expect("stdin takes the document");
    }
    let output = child.wait_with_output().expect("the andon binary finishes");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code().expect("andon exits with a code"),
    }
}

/// `andon check ARGS...` in `dir`.
pub fn check(dir: &Path, args: &[&str]) -> Run {
    run(andon(dir).arg("check").args(args))
}

/// The committed fixture tree `tests/fixtures/check/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

/// Writes `files` (path, contents) under `root`, creating directories.
pub fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("directories are created");
        std::fs::write(path, contents).expect("the file is written");
    }
}

/// A temporary tree with `files`.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_tree(dir.path(), files);
    dir
}

/// `(file, rule, FIELD)` for every finding of a `--format json` run, where
/// FIELD names the third value taken from each finding (`"message"`,
/// `"andon"`, …).
pub fn json_findings(stdout: &str, field: &str) -> Vec<(String, String, String)> {
    let value: serde_json::Value = serde_json::from_str(stdout).expect("JSON output");
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d[field].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
