//! `docs/rules.md` is generated from the rule registry; this fails when the
//! committed page is out of date. Regenerate with
//! `cargo run -- rules --markdown > docs/rules.md`, or run this test with
//! `ANDON_BLESS=1`.

mod cli_support;

use std::path::Path;

use cli_support::{andon, run, tree};

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = andon::analysis::rules::reference_markdown();
    if std::env::var_os("ANDON_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("docs/rules.md is written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is out of date with the rule registry; regenerate it with \
`cargo run -- rules --markdown > docs/rules.md` (or `ANDON_BLESS=1 cargo test --test rules_doc`)"
    );
}

#[test]
fn rules_markdown_and_explain_print_the_reference() {
    let dir = tree(&[]);
    let out = run(andon(dir.path()).args(["rules", "--markdown"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, andon::analysis::rules::reference_markdown());
    for rule in andon::analysis::RuleId::ALL {
        let out = run(andon(dir.path()).args(["explain", rule.id()]));
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(out.stdout, andon::analysis::rules::rule_section(rule));
        assert!(out.stdout.contains("```toml\n"), "{}", rule.id());
    }
}
