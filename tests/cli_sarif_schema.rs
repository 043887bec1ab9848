//! SARIF output validates against the official SARIF 2.1.0 schema from the
//! shared corpus (draft-04, read offline by `jsonschema`).

mod cli_support;
mod common;

use cli_support::{check, fixture};

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_path = common::shared_dir().join("corpus/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_path)
            .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display())),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    for fixture_name in ["mixed", "levels"] {
        let run = check(&fixture(fixture_name), &["--format", "sarif"]);
        let instance: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{fixture_name}: {errors:#?}");
        assert_eq!(instance["runs"][0]["columnKind"], "unicodeCodePoints");
    }
}
