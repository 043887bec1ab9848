//! The `sarif` format: SARIF 2.1.0, as GitHub code scanning and other
//! analysis platforms read it. One run; `tool.driver.rules` lists every
//! rule from the registry (id, summary, explanation, the rule's reference
//! section as help markdown, its `docs/rules.md` anchor as a property,
//! default level), results point at them by id and index. `helpUri` is set
//! only when the build knows the reference's absolute address
//! (`ANDON_DOCS_URL`): the schema requires an absolute URI there.
//!
//! Regions are 1-based with `columnKind: "unicodeCodePoints"` on the run,
//! which is exactly how the text layer counts human columns; `charOffset`
//! is left out because SARIF counts it in UTF-16 units. File names become
//! relative URI references (or `file://` URIs outside the working
//! directory), percent-encoded. The output validates against the official
//! schema (tested).

use serde_json::{Value, json};

use crate::analysis::RuleId;
use crate::analysis::rules::rule_section;
use crate::andon::Andon;
use crate::check::run::Region;

use super::Report;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|rule| {
            let info = rule.info();
            let mut descriptor = json!({
                "id": info.id,
                "shortDescription": { "text": info.summary },
                "fullDescription": { "text": info.explanation },
                "help": {
                    "text": format!(
                        "{}\n\nFix: {}\n\nTurn it off in andon.toml with `[rules] {} = \"off\"`.",
                        info.why, info.fix, info.id
                    ),
                    "markdown": rule_section(*rule),
                },
                "defaultConfiguration": { "level": level(info.default_andon) },
                "properties": { "help": info.help_anchor() },
            });
            // helpUri must be an absolute URI: only when the build knows
            // where the reference is published.
            if let Some(uri) = info.help_uri() {
                descriptor["helpUri"] = json!(uri);
            }
            descriptor
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let uri = uri(&file.display);
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let rule_index = RuleId::ALL
                .iter()
                .position(|rule| *rule == diagnostic.rule)
                .unwrap_or_default();
            let mut result = json!({
                "ruleId": diagnostic.rule.id(),
                "ruleIndex": rule_index,
                "level": level(diagnostic.andon),
                "message": { "text": diagnostic.message },
                "locations": [location(&uri, finding.region)],
                "properties": { "andon": diagnostic.andon.as_str() },
            });
            if !finding.related.is_empty() {
                result["relatedLocations"] = finding
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, related)| {
                        let mut location = location(&uri, related.region);
                        location["id"] = json!(id);
                        location["message"] = json!({ "text": related.message });
                        location
                    })
                    .collect();
            }
            if !finding.fixes.is_empty() {
                result["fixes"] = finding
                    .fixes
                    .iter()
                    .map(|fix| {
                        json!({
                            "description": { "text": fix.title },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": uri },
                                "replacements": fix.edits.iter().map(|edit| json!({
                                    "deletedRegion": region(edit.region),
                                    "insertedContent": { "text": edit.new_text },
                                })).collect::<Vec<_>>(),
                            }],
                            "properties": { "safe": fix.safe },
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "andon",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

fn level(andon: Andon) -> &'static str {
    match andon {
        Andon::Red => "error",
        Andon::Yellow => "warning",
        Andon::Green => "note",
    }
}

fn location(uri: &str, region_: Region) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": region(region_),
        }
    })
}

fn region(region: Region) -> Value {
    json!({
        "startLine": region.start.line,
        "startColumn": region.start.column,
        "endLine": region.end.line,
        "endColumn": region.end.column,
        "byteOffset": region.start.byte,
        "byteLength": region.end.byte.saturating_sub(region.start.byte),
    })
}

/// A URI reference for a shown file name: relative names stay relative,
/// absolute ones become `file://` URIs; anything outside the unreserved
/// set and `/` is percent-encoded.
fn uri(display: &str) -> String {
    let path = display.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("a b/c.toml"), "a%20b/c.toml");
        assert_eq!(uri("/abs/ü.toml"), "file:///abs/%C3%BC.toml");
    }
}
