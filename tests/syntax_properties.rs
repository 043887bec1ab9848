//! Properties of the parser and the analysis over generated input: no
//! panic on any UTF-8, tight recovery (one mistake, one finding), and
//! findings that stay on the lines that are broken.

mod common;

use andon::analysis::{RuleId, analyse};
use andon::andon::Andon;
use andon::config::{Settings, TomlVersion};
use andon::syntax::parse;
use andon::text::{LineIndex, PositionEncoding};
use common::generate;
use proptest::prelude::*;

fn line_of(source: &str, offset: usize) -> usize {
    let index = LineIndex::new(source);
    index.position(source, offset, PositionEncoding::Utf8).line as usize
}

#[test]
fn three_separate_errors_give_three_findings_one_per_line() {
    let source = "name = bare\nport = = 80\n[server\nhost = \"ok\"\n";
    let findings = analyse(source, &Settings::default());
    let lines: Vec<usize> = findings
        .iter()
        .map(|d| line_of(source, d.span.start()))
        .collect();
    assert_eq!(lines, vec![0, 1, 2], "{findings:#?}");
    assert!(
        findings
            .iter()
            .all(|d| d.andon == Andon::Red && d.rule == RuleId::Syntax)
    );
}

#[test]
fn eight_scattered_errors_in_fifty_tables_stay_within_sixteen_findings() {
    let (source, broken) = generate::with_syntax_errors(&generate::config(50), 8);
    assert_eq!(broken.len(), 8);
    let findings = analyse(&source, &Settings::default());
    assert!(
        (8..=16).contains(&findings.len()),
        "{} findings for 8 errors: {findings:#?}",
        findings.len()
    );
    for line in broken {
        assert!(
            findings
                .iter()
                .any(|d| line_of(&source, d.span.start()) == line),
            "no finding on broken line {line}"
        );
    }
}

#[test]
fn generated_configs_are_valid_under_both_versions() {
    let source = generate::config(50);
    for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
        let settings = Settings {
            toml_version: version,
            ..Settings::default()
        };
        assert_eq!(analyse(&source, &settings), vec![]);
    }
}

/// Text made of TOML's own building blocks, so random strings reach deep
/// into the grammar instead of failing on the first character.
fn tomlish() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("[[".to_owned()),
            Just("{".to_owned()),
            Just("}".to_owned()),
            Just("=".to_owned()),
            Just(",".to_owned()),
            Just(".".to_owned()),
            Just("\"".to_owned()),
            Just("'".to_owned()),
            Just("\"\"\"".to_owned()),
            Just("'''".to_owned()),
            Just("\\".to_owned()),
            Just("#".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just(" ".to_owned()),
            Just("a".to_owned()),
            Just("key".to_owned()),
            Just("1".to_owned()),
            Just("1979-05-27T07:32:00Z".to_owned()),
            Just("true".to_owned()),
            Just("inf".to_owned()),
            Just("𝄞".to_owned()),
            Just("é".to_owned()),
            Just("\u{feff}".to_owned()),
            "\\PC{0,3}",
        ],
        0..60,
    );
    pieces.prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_never_panics_on_any_utf8(source in "\\PC*") {
        for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
            let settings = Settings { toml_version: version, ..Settings::default() };
            let findings = analyse(&source, &settings);
            for finding in findings {
                prop_assert!(finding.span.end() <= source.len());
                prop_assert!(source.is_char_boundary(finding.span.start()));
                prop_assert!(source.is_char_boundary(finding.span.end()));
            }
        }
    }

    #[test]
    fn parsing_never_panics_on_toml_like_text(source in tomlish()) {
        let tree = parse(&source, TomlVersion::V1_1);
        // At most one syntax error per line.
        let mut lines: Vec<usize> = tree.errors.iter().map(|e| line_of(&source, e.span.start())).collect();
        let count = lines.len();
        lines.dedup();
        prop_assert_eq!(lines.len(), count);
        let findings = analyse(&source, &Settings::default());
        for finding in findings {
            prop_assert!(source.get(finding.span.range()).is_some());
            for related in &finding.related {
                prop_assert!(source.get(related.span.range()).is_some());
            }
        }
    }
}
