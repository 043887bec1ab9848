//! Offline by construction: no HTTP client, TLS stack or socket library
//! is linked into the binary. The schema engine is built without its
//! retrievers; this keeps every future dependency honest too.

use std::process::Command;

const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "h2",
    "ureq",
    "curl",
    "isahc",
    "attohttpc",
    "rustls",
    "native-tls",
    "openssl",
    "aws-lc-rs",
    "ring",
    "tokio-rustls",
    "http-body",
];

#[test]
fn no_http_client_is_linked() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--package",
            "andon",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(
        crates.contains(&"jsonschema"),
        "the schema engine is linked"
    );
    let linked: Vec<&&str> = NETWORK_CRATES
        .iter()
        .filter(|name| crates.contains(name))
        .collect();
    assert!(linked.is_empty(), "network crates linked: {linked:?}");
}
