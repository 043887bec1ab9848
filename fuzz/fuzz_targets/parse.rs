//! Any bytes through the whole analysis: never a panic, every finding's
//! span inside the text and on character boundaries, and the parse equal
//! to the full parser's (without the quick path).
#![no_main]

use andon::analysis::analyse_bytes;
use andon::config::{Settings, TomlVersion};
use andon::syntax::{parse, parse_fully};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
        let settings = Settings {
            toml_version: version,
            ..Settings::default()
        };
        let findings = analyse_bytes(data, &settings);
        if let Ok(text) = std::str::from_utf8(data) {
            for finding in findings {
                assert!(text.get(finding.span.range()).is_some(), "{finding:?}");
            }
            assert_eq!(parse(text, version), parse_fully(text, version));
        }
    }
});
