//! Deterministic generator of realistic TOML configs for benchmarks and
//! tests: escapes, non-ASCII and non-BMP text, arrays, inline tables,
//! arrays of tables, comments, dotted and quoted keys. The same `tables`
//! count always yields the same bytes (about 730 bytes per table: 200
//! tables ≈ 142 KB, 5,000 tables ≈ 3.7 MB).
#![allow(dead_code)]

use std::fmt::Write as _;

/// A small linear congruential generator: enough variety, no dependency,
/// identical output on every platform.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

const WORDS: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "server", "client", "cache", "router", "worker", "queue",
    "metrics", "tracing", "storage", "backup", "deploy", "feature",
];

const TEXTS: &[&str] = &[
    "plain text",
    "tab\\tand newline\\n escaped",
    "quote \\\"inside\\\" here",
    "unicode é ß 日本語",
    "non-BMP 𝄞 and 😀",
    "backslash \\\\ path",
    "\\u00e9 escaped e-acute",
];

/// A config of `tables` top-level tables.
pub fn config(tables: usize) -> String {
    let mut rng = Lcg(0x5eed_0000 + tables as u64);
    let mut out = String::with_capacity(tables * 760 + 256);
    out.push_str("# Generated configuration: deterministic, for benchmarks.\n");
    out.push_str("title = \"generated\"\nversion = 3\n\n");
    for index in 0..tables {
        let word = WORDS[rng.below(WORDS.len() as u64) as usize];
        let text = TEXTS[rng.below(TEXTS.len() as u64) as usize];
        // Every tenth section is an array-of-tables element.
        if index % 10 == 9 {
            let _ = writeln!(out, "[[jobs]]\nname = \"{word}-{index}\"");
            let _ = writeln!(out, "command = ['run', '--id', '{index}']");
            let _ = writeln!(out, "retries = {}\n", rng.below(5));
            continue;
        }
        let _ = writeln!(out, "# Section {index}: {word} settings");
        let _ = writeln!(out, "[{word}.\"instance-{index}\"]");
        let _ = writeln!(out, "name = \"{text}\"");
        let _ = writeln!(out, "enabled = {}", rng.below(2) == 0);
        let _ = writeln!(out, "port = {}", 1024 + rng.below(60_000));
        let _ = writeln!(out, "ratio = {}.{}", rng.below(100), rng.below(1000));
        let _ = writeln!(out, "hex = 0x{:x}", rng.next());
        let _ = writeln!(
            out,
            "started = 2024-0{}-1{}T0{}:30:00Z",
            1 + rng.below(9),
            rng.below(10),
            rng.below(10)
        );
        let _ = writeln!(
            out,
            "tags = [\"{word}\", \"t{}\", \"ü-{}\"]",
            rng.below(100),
            rng.below(100)
        );
        let _ = writeln!(
            out,
            "limits = {{ cpu = {}, memory = \"{}Mi\", burst = {{ enabled = true }} }}",
            rng.below(16),
            128 * (1 + rng.below(32))
        );
        let _ = writeln!(out, "paths.data = \"data/{word}/{index}\"");
        let _ = writeln!(out, "paths.logs = 'logs\\{word}'");
        let _ = writeln!(
            out,
            "\"quoted key {index}\" = \"value {}\"  # trailing comment",
            rng.below(1000)
        );
        let _ = writeln!(out, "matrix = [\n  [1, 2, 3],\n  [4, 5, 6],  # row\n]");
        let _ = writeln!(
            out,
            "description = \"\"\"\nA multi-line description of {word} {index}.\nSecond line with a 𝄞 clef.\"\"\""
        );
        let _ = writeln!(out, "# Owner and endpoints of {word} {index}");
        let _ = writeln!(
            out,
            "owner = {{ name = \"Team {word}\", email = \"{word}@example.com\" }}"
        );
        let _ = writeln!(
            out,
            "endpoints = [\"https://{word}.example.com/{index}\", \"https://backup.example.com/{word}\"]"
        );
        let _ = writeln!(out, "timeout_ms = {}", rng.below(100_000));
        let _ = writeln!(out, "labels.\"app.kubernetes.io/name\" = \"{word}\"");
        let _ = writeln!(out, "pattern = '''^[a-z]+\\d{{2}}$'''\n");
    }
    out
}

/// A `Cargo.lock`-like file of `packages` `[[package]]` elements (about
/// 250 bytes each: 20,000 packages ≈ 4.9 MB), each depending on earlier
/// ones.
pub fn lockfile(packages: usize) -> String {
    let mut out = String::from("# This file is generated.\nversion = 4\n\n");
    let mut rng = Lcg(packages as u64);
    for index in 0..packages {
        let _ = write!(
            out,
            "[[package]]\nname = \"crate-{index}\"\nversion = \"1.{}.{}\"\n\
             source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\
             checksum = \"{:016x}{:016x}{:016x}{:016x}\"\n",
            index % 40,
            rng.below(20),
            rng.next(),
            rng.next(),
            rng.next(),
            rng.next(),
        );
        if index > 1 {
            let _ = write!(
                out,
                "dependencies = [\n \"crate-{}\",\n \"crate-{}\",\n]\n",
                index / 2,
                rng.below(index as u64)
            );
        }
        out.push('\n');
    }
    out
}

/// A small, valid Cargo-like manifest, different for each `index`.
pub fn small_config(index: usize) -> String {
    format!(
        "[package]\nname = \"crate-{index}\"\nversion = \"0.{}.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n[features]\ndefault = []\n",
        index % 10
    )
}

/// Inserts `count` syntax errors at spread-out lines of `source`, one per
/// line, each a different kind of mistake. Returns the new text and the
/// 0-based line numbers that were broken.
pub fn with_syntax_errors(source: &str, count: usize) -> (String, Vec<usize>) {
    // Each mistake as people make them; all stay on their own line.
    let breaks: [fn(&str) -> Option<String>; 6] = [
        |line| {
            line.contains(" = ")
                .then(|| line.replacen(" = ", " = = ", 1))
        },
        |line| {
            let closing = line.rfind('"')?;
            (line.matches('"').count() >= 2)
                .then(|| format!("{}{}", &line[..closing], &line[closing + 1..]))
        },
        |line| {
            line.starts_with('[')
                .then(|| line.trim_end_matches(']').to_owned())
        },
        |line| {
            line.contains(" = ")
                .then(|| line.replacen(" = ", " = bare ", 1))
        },
        |line| line.contains(", ").then(|| line.replacen(", ", ",, ", 1)),
        |line| line.contains(" = ").then(|| line.replacen(" = ", " ", 1)),
    ];
    let lines: Vec<&str> = source.lines().collect();
    let mut broken = Vec::new();
    let mut out: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
    let step = (lines.len() / count.max(1)).max(1);
    let mut line = step / 2;
    let mut kind = 0;
    while broken.len() < count && line < lines.len() {
        let text = &lines[line];
        // Only single-line key/value or header lines, so each break stays
        // on its own line.
        let simple = !text.starts_with('#')
            && !text.contains("\"\"\"")
            && !text.contains("'''")
            && !text.ends_with('[')
            && (text.starts_with('[') || text.contains(" = "));
        let replaced = if simple {
            breaks[kind % breaks.len()](text)
        } else {
            None
        };
        if let Some(replaced) = replaced {
            out[line] = replaced;
            broken.push(line);
            kind += 1;
            line += step;
        } else {
            line += 1;
        }
    }
    (out.join("\n") + "\n", broken)
}

/// A large, valid `pyproject.toml` of about `modules` × 385 bytes (370
/// modules ≈ 142 KB): project metadata, Ruff, pytest and Poetry settings,
/// and one `[[tool.mypy.overrides]]` element and per-file Ruff ignores per
/// module, as big monorepos write them.
pub fn pyproject(modules: usize) -> String {
    let mut rng = Lcg(0x7079_0000 + modules as u64);
    let mut out = String::with_capacity(modules * 720 + 2048);
    out.push_str(
        "[build-system]\nrequires = [\"hatchling>=1.24\"]\nbuild-backend = \"hatchling.build\"\n\n\
         [project]\nname = \"generated-monorepo\"\nversion = \"1.2.3\"\n\
         description = \"A generated project for benchmarks\"\nreadme = \"README.md\"\n\
         requires-python = \">=3.10\"\nlicense = \"MIT\"\n\
         authors = [{ name = \"Team\", email = \"team@example.com\" }]\n\
         classifiers = [\"Programming Language :: Python :: 3\", \"License :: OSI Approved :: MIT License\"]\n\
         dependencies = [\n",
    );
    for index in 0..modules.min(60) {
        let word = WORDS[index % WORDS.len()];
        let _ = writeln!(out, "  \"{word}-lib{index}>=1.{}\",", rng.below(20));
    }
    out.push_str("]\n\n[project.urls]\nHomepage = \"https://example.com\"\n\n");
    out.push_str(
        "[tool.ruff]\nline-length = 100\ntarget-version = \"py310\"\n\n\
         [tool.ruff.lint]\nselect = [\"E\", \"F\", \"I\", \"UP\", \"B\"]\nignore = [\"E501\"]\n\n\
         [tool.ruff.lint.per-file-ignores]\n",
    );
    for index in 0..modules {
        let word = WORDS[rng.below(WORDS.len() as u64) as usize];
        let _ = writeln!(
            out,
            "\"src/{word}/module_{index}/*.py\" = [\"F401\", \"E402\"]"
        );
    }
    out.push_str(
        "\n[tool.pytest.ini_options]\nminversion = \"7.0\"\naddopts = \"-ra -q\"\ntestpaths = [\"tests\"]\n\n\
         [tool.mypy]\nstrict = true\npython_version = \"3.10\"\nwarn_unused_ignores = true\n\n",
    );
    for index in 0..modules {
        let word = WORDS[rng.below(WORDS.len() as u64) as usize];
        let _ = write!(
            out,
            "# Module {index}: {word}\n[[tool.mypy.overrides]]\nmodule = [\"generated.{word}.module_{index}\", \"generated.{word}.module_{index}.*\"]\n\
             ignore_missing_imports = {}\ndisallow_untyped_defs = {}\nwarn_return_any = {}\n\
             disable_error_code = [\"attr-defined\", \"union-attr\", \"no-any-return\"]\n\n",
            rng.below(2) == 0,
            rng.below(2) == 0,
            rng.below(2) == 0,
        );
    }
    out.push_str("[tool.poetry.dependencies]\npython = \"^3.10\"\n");
    for index in 0..modules {
        let word = WORDS[index % WORDS.len()];
        let _ = writeln!(
            out,
            "{word}-extra{index} = {{ version = \"^{}.{}\", optional = true }}",
            rng.below(5),
            rng.below(10)
        );
    }
    out
}
