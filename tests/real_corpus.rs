//! The path rules on real repositories: rebuilds each repository of
//! `../shared/corpus/real` from its `TREE.txt` and `SYMLINKS.txt` (empty
//! files, real directories and links, then the real TOML files on top),
//! runs the `andon` binary over it, and requires exactly the path findings
//! listed in `EXPECTED-MISSES.md` — every one of them, and no other.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const PATH_RULES: &[&str] = &[
    "path-missing",
    "path-kind",
    "glob-no-match",
    "path-absolute",
    "path-backslash",
];

/// (repository, file, value as written)
type Miss = (String, String, String);

#[test]
fn path_findings_on_real_repositories_are_exactly_the_known_misses() {
    let corpus = common::shared_dir().join("corpus/real");
    let expected = expected_misses(&corpus.join("EXPECTED-MISSES.md"));
    assert_eq!(expected.len(), 23, "EXPECTED-MISSES.md lists 23 misses");
    // Some 24,000 empty files: on tmpfs that takes a fraction of a second,
    // on a disk-backed temporary folder tens of seconds.
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temporary directory");
    let mut found: BTreeSet<Miss> = BTreeSet::new();
    let mut repositories: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus/real")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("TREE.txt").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    repositories.sort();
    let mut references_checked = 0;
    for repository in &repositories {
        let root = scratch.path().join(repository);
        rebuild(&corpus.join(repository), &root);
        let output = Command::new(env!("CARGO_BIN_EXE_andon"))
            .args(["check", "--format", "json", "--fail-on", "never", "."])
            .current_dir(&root)
            .output()
            .expect("run andon");
        assert!(
            output.status.success(),
            "{repository}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("json report");
        references_checked += report["summary"]["files"].as_u64().unwrap_or(0);
        for diagnostic in report["diagnostics"].as_array().expect("diagnostics") {
            let rule = diagnostic["rule"].as_str().unwrap_or("");
            if !PATH_RULES.contains(&rule) {
                continue;
            }
            let file = diagnostic["file"].as_str().unwrap_or("").to_owned();
            let text = std::fs::read_to_string(root.join(&file)).expect("reported file");
            let start = diagnostic["range"]["start"]["byte"].as_u64().unwrap() as usize;
            let end = diagnostic["range"]["end"]["byte"].as_u64().unwrap() as usize;
            let value = text[start..end].trim_matches(['"', '\'']).to_owned();
            found.insert((repository.clone(), file, value));
        }
    }
    let missing: Vec<&Miss> = expected.difference(&found).collect();
    let extra: Vec<&Miss> = found.difference(&expected).collect();
    println!(
        "real corpus: {} repositories, {references_checked} files checked, {} path findings, {} expected",
        repositories.len(),
        found.len(),
        expected.len()
    );
    assert!(
        missing.is_empty() && extra.is_empty(),
        "expected misses not reported:\n{missing:#?}\nreported but not expected (false positives):\n{extra:#?}"
    );
}

fn expected_misses(list: &Path) -> BTreeSet<Miss> {
    let text = std::fs::read_to_string(list).expect("EXPECTED-MISSES.md");
    text.lines()
        .filter(|line| line.contains("__") && line.contains(" = '"))
        .map(|line| {
            let mut words = line.split_whitespace();
            let repository = words.next().unwrap().to_owned();
            let file = words.next().unwrap().to_owned();
            let value = line
                .split(" = '")
                .nth(1)
                .unwrap()
                .split('\'')
                .next()
                .unwrap()
                .to_owned();
            (repository, file, value)
        })
        .collect()
}

/// Recreates a repository: every `TREE.txt` line ending in `/` as a folder,
/// every other line as an empty file, the links of `SYMLINKS.txt`, then the
/// real TOML files of `files/` over the top.
fn rebuild(source: &Path, root: &Path) {
    let tree = std::fs::read_to_string(source.join("TREE.txt")).expect("TREE.txt");
    let links: Vec<(String, String)> = std::fs::read_to_string(source.join("SYMLINKS.txt"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(path, target)| (path.to_owned(), target.to_owned()))
        .collect();
    for line in tree.lines().filter(|line| !line.is_empty()) {
        let path = root.join(line.trim_end_matches('/'));
        if line.ends_with('/') {
            std::fs::create_dir_all(&path).expect("create folder");
        } else {
            std::fs::create_dir_all(path.parent().unwrap()).expect("create parent");
            std::fs::write(&path, "").expect("create file");
        }
    }
    for (path, target) in &links {
        let path = root.join(path);
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(&path).expect("replace folder by link");
        } else {
            let _ = std::fs::remove_file(&path);
        }
        std::os::unix::fs::symlink(target, &path).expect("create symlink");
    }
    copy_tree(&source.join("files"), root);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("files/") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
