//! Build script: records the git commit the binary is built from, for
//! `andon --version` (silent and optional: without git, outside a git
//! checkout, or inside someone else's repository (a vendored copy), the
//! version is the package version alone), and packs the bundled JSON
//! schemas (`schemas/`) into the binary: each minified and deflated on its
//! own, so a session decompresses only the schemas it uses
//! (`src/analysis/schema/bundle.rs` reads what this writes).

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = commit(&manifest_dir);
    let long = match &commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=ANDON_VERSION={long}");
    bundle_schemas(&manifest_dir);
}

fn commit(manifest_dir: &Path) -> Option<String> {
    // Only this repository's own commit: a copy vendored inside another
    // checkout must not claim that checkout's commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let same = match (
        std::fs::canonicalize(top),
        std::fs::canonicalize(manifest_dir),
    ) {
        (Ok(top), Ok(dir)) => top == dir,
        _ => false,
    };
    if !same {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself, the branch it names, and the
    // packed refs (worktree-aware through --git-path).
    for name in ["HEAD", "packed-refs"] {
        watch(git(&["rev-parse", "--git-path", name]));
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch(git(&["rev-parse", "--git-path", &reference]));
    }
    let commit = git(&["rev-parse", "--short", "HEAD"])?;
    commit
        .chars()
        .all(|c| c.is_ascii_hexdigit())
        .then_some(commit)
}

fn watch(path: Option<String>) {
    if let Some(path) = path
        && Path::new(&path).exists()
    {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// Where every bundled schema is found: SchemaStore's own documents
/// under one host, whatever host a document or a reference names.
const CANONICAL_HOST: &str = "https://www.schemastore.org/";
const OTHER_HOSTS: &[&str] = &["https://json.schemastore.org/"];

/// Packs `schemas/schemastore` (the catalog and its documents) and
/// `schemas/andon.json` into `$OUT_DIR/schemas.deflate` and the tables of
/// `$OUT_DIR/bundled_schemas.rs`.
fn bundle_schemas(manifest_dir: &Path) {
    use std::fmt::Write as _;
    let root = manifest_dir.join("schemas");
    println!("cargo:rerun-if-changed={}", root.display());
    let store = root.join("schemastore");
    let read = |path: &Path| -> serde_json::Value {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let catalog = read(&store.join("catalog.json"));
    let mut names: Vec<String> = std::fs::read_dir(store.join("schemas"))
        .expect("schemas/schemastore/schemas")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    let mut documents: Vec<(String, serde_json::Value)> = names
        .iter()
        .map(|name| (name.clone(), read(&store.join("schemas").join(name))))
        .collect();
    documents.push(("andon.json".to_owned(), read(&root.join("andon.json"))));

    let mut referenced_names: Vec<Vec<String>> = Vec::new();
    for (name, document) in &mut documents {
        canonicalise(name, document);
        let mut found = Vec::new();
        collect_references(document, &mut found);
        referenced_names.push(found);
    }
    let index_of = |name: &str| documents.iter().position(|(known, _)| known == name);
    let references: Vec<Vec<usize>> = referenced_names
        .iter()
        .map(|found| found.iter().filter_map(|target| index_of(target)).collect())
        .collect();
    let mut blob = Vec::new();
    let mut table = String::new();
    for (index, (name, document)) in documents.iter().enumerate() {
        let minified = serde_json::to_vec(document).expect("JSON serialises");
        let packed = miniz_oxide::deflate::compress_to_vec(&minified, 10);
        let start = blob.len();
        blob.extend_from_slice(&packed);
        // Every document it needs, itself first: what a registry for it holds.
        let mut closure = vec![index];
        let mut next = 0;
        while next < closure.len() {
            for &target in &references[closure[next]] {
                if !closure.contains(&target) {
                    closure.push(target);
                }
            }
            next += 1;
        }
        let title = document
            .get("title")
            .and_then(|title| title.as_str())
            .unwrap_or("");
        let _ = writeln!(
            table,
            "    BundledDocument {{ name: {name:?}, title: {title:?}, packed: {start}..{end}, raw_len: {raw}, closure: &{closure:?} }},",
            end = blob.len(),
            raw = minified.len(),
        );
    }
    let mut entries = String::new();
    for entry in catalog["schemas"].as_array().expect("catalog.schemas") {
        let text = |key: &str| entry[key].as_str().unwrap_or("").to_owned();
        let file_match: Vec<String> = entry["fileMatch"]
            .as_array()
            .map(|patterns| {
                patterns
                    .iter()
                    .filter_map(|pattern| pattern.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let document = index_of(&text("schema"))
            .unwrap_or_else(|| panic!("catalog names {} but it is not bundled", text("schema")));
        let _ = writeln!(
            entries,
            "    CatalogEntry {{ name: {:?}, description: {:?}, file_match: &{file_match:?}, document: {document}, url: {:?} }},",
            text("name"),
            text("description"),
            text("url"),
        );
    }
    let source = catalog["source"].as_str().unwrap_or("");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("schemas.deflate"), &blob).expect("write schemas.deflate");
    let code = format!(
        "// Generated by build.rs from schemas/: do not edit.\n\
         pub(super) const SCHEMASTORE_SOURCE: &str = {source:?};\n\
         pub(super) const CANONICAL_HOST: &str = {CANONICAL_HOST:?};\n\
         pub(super) static PACKED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/schemas.deflate\"));\n\
         pub(super) const DOCUMENT_COUNT: usize = {count};\n\
         pub(super) static DOCUMENTS: [BundledDocument; DOCUMENT_COUNT] = [\n{table}];\n\
         pub(super) static CATALOG: &[CatalogEntry] = &[\n{entries}];\n",
        count = documents.len(),
    );
    std::fs::write(out.join("bundled_schemas.rs"), code).expect("write bundled_schemas.rs");
}

/// Gives a document its canonical URI as its `$id` (`id` in draft 4) and
/// points every reference to a SchemaStore host at the canonical one, so
/// each bundled document has exactly one name.
fn canonicalise(name: &str, document: &mut serde_json::Value) {
    let draft4 = document
        .get("$schema")
        .and_then(|schema| schema.as_str())
        .is_some_and(|schema| schema.contains("draft-04"));
    if let Some(object) = document.as_object_mut() {
        object.remove("id");
        object.remove("$id");
        let key = if draft4 { "id" } else { "$id" };
        object.insert(
            key.to_owned(),
            serde_json::Value::String(format!("{CANONICAL_HOST}{name}")),
        );
    }
    rewrite_references(document);
}

fn rewrite_references(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(reference)) = object.get_mut("$ref") {
                for host in OTHER_HOSTS {
                    if let Some(rest) = reference.strip_prefix(host) {
                        *reference = format!("{CANONICAL_HOST}{rest}");
                    }
                }
                // Some generated schemas name definitions after Rust types
                // (`Inputs<String>`): characters a URI must escape.
                let mut escaped = String::with_capacity(reference.len());
                for character in reference.chars() {
                    match character {
                        '<' | '>' | ' ' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' => {
                            let mut buffer = [0; 4];
                            for byte in character.encode_utf8(&mut buffer).bytes() {
                                escaped.push_str(&format!("%{byte:02X}"));
                            }
                        }
                        other => escaped.push(other),
                    }
                }
                *reference = escaped;
            }
            object.values_mut().for_each(rewrite_references);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}

/// The bundled document names a (canonicalised) document refers to.
fn collect_references(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(reference)) = object.get("$ref") {
                let target = reference.split('#').next().unwrap_or("");
                let target = target.strip_prefix(CANONICAL_HOST).unwrap_or(target);
                if target.ends_with(".json") && !target.contains('/') {
                    out.push(target.to_owned());
                }
            }
            object
                .values()
                .for_each(|item| collect_references(item, out));
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|item| collect_references(item, out))
        }
        _ => {}
    }
}
