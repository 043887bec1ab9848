//! The `gitlab` format: a GitLab Code Quality report, the JSON array that
//! a job publishes with `artifacts: reports: codequality:`, so findings show
//! in the merge request widget and the changes tab.
//!
//! Each finding is `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`. Severity: red is `critical`, yellow
//! `minor`, green `info`. The fingerprint is what GitLab compares between
//! the source and target branch to call a finding new or fixed, so it
//! leaves the line out (a finding does not become "new" when lines are
//! added above it): a 64-bit FNV-1a hash of file, rule, message and the
//! finding's ordinal among identical ones in that file, in hex.
//!
//! Paths are the shown names, relative to the working directory: run the
//! job from the repository root.

use serde_json::{Value, json};

use crate::andon::Andon;

use super::Report;

pub fn render(report: &Report) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for file in &report.files {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let rule = diagnostic.rule.id();
            let ordinal = seen
                .iter()
                .filter(|(r, m)| *r == rule && *m == diagnostic.message)
                .count();
            seen.push((rule, &diagnostic.message));
            issues.push(json!({
                "description": diagnostic.message,
                "check_name": rule,
                "fingerprint": fingerprint(&[
                    &file.display,
                    rule,
                    &diagnostic.message,
                    &ordinal.to_string(),
                ]),
                "severity": severity(diagnostic.andon),
                "location": {
                    "path": file.display,
                    "lines": { "begin": finding.region.start.line },
                },
            }));
        }
    }
    let mut out = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    out.push('\n');
    out
}

fn severity(andon: Andon) -> &'static str {
    match andon {
        Andon::Red => "critical",
        Andon::Yellow => "minor",
        Andon::Green => "info",
    }
}

/// FNV-1a, 64 bits, over the parts separated by a 0xFF byte (which UTF-8
/// text never contains).
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i > 0 { &[0xFF] } else { &[] };
        for &byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_stable_and_separate_their_parts() {
        // FNV-1a of the empty input is the offset basis.
        assert_eq!(fingerprint(&[""]), "cbf29ce484222325");
        assert_eq!(fingerprint(&["a"]), "af63dc4c8601ec8c");
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
