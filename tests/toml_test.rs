//! Compliance with the official toml-test suite, for TOML 1.0 and 1.1.
//!
//! Every valid case must produce no finding, and its decoded document must
//! equal the suite's tagged JSON; every invalid case must produce at least
//! one red finding; the parse of every valid case equals the full parser's
//! (no quick path). The per-version list files decide which cases apply.
//! All failures are reported at once, with pass counts per category.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use andon::analysis::analyse_bytes;
use andon::andon::Andon;
use andon::config::{Settings, TomlVersion};
use andon::syntax::semantics::{self, NodeId, NodeKind, Semantics};
use andon::syntax::{Scalar, parse, parse_fully};
use andon::syntax::{Value, ValueKind};
use serde_json::{Value as Json, json};

#[test]
fn toml_test_1_0() {
    run_suite("files-toml-1.0.0", TomlVersion::V1_0);
}

#[test]
fn toml_test_1_1() {
    run_suite("files-toml-1.1.0", TomlVersion::V1_1);
}

fn run_suite(list_name: &str, version: TomlVersion) {
    let root = common::shared_dir().join("corpus/toml-test/tests");
    let list = std::fs::read_to_string(root.join(list_name)).unwrap_or_else(|error| {
        panic!("cannot read {list_name} under {}: {error}", root.display())
    });
    let settings = Settings {
        toml_version: version,
        ..Settings::default()
    };
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in list.lines().filter(|line| line.ends_with(".toml")) {
        let category = case
            .rsplit_once('/')
            .map_or(case, |(dir, _)| dir)
            .to_owned();
        let outcome = if case.starts_with("valid/") {
            check_valid(&root, case, &settings)
        } else {
            check_invalid(&root, case, &settings)
        };
        let entry = counts.entry(category).or_default();
        entry.1 += 1;
        match outcome {
            Ok(()) => entry.0 += 1,
            Err(why) => failures.push(format!("{case}: {why}")),
        }
    }
    let (passed, total) = counts
        .values()
        .fold((0, 0), |(p, t), (cp, ct)| (p + cp, t + ct));
    println!("toml-test {} — {passed}/{total} passed", version.as_str());
    for (category, (p, t)) in &counts {
        println!("  {category:<28} {p:>4}/{t}");
    }
    assert!(total > 700, "only {total} cases found in {list_name}");
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_valid(root: &Path, case: &str, settings: &Settings) -> Result<(), String> {
    let bytes = std::fs::read(root.join(case)).map_err(|e| e.to_string())?;
    let findings = analyse_bytes(&bytes, settings);
    if let Some(first) = findings.first() {
        return Err(format!(
            "{} finding(s), first: {} {:?} {}",
            findings.len(),
            first.rule.id(),
            first.span,
            first.message
        ));
    }
    let source = std::str::from_utf8(&bytes).map_err(|e| e.to_string())?;
    let tree = parse(source, settings.toml_version);
    if tree != parse_fully(source, settings.toml_version) {
        return Err("the quick parse differs from the full parse".to_owned());
    }
    let semantics = semantics::analyse(&tree, source);
    let actual = node_json(&semantics, Semantics::ROOT, source);
    let expected_path = root.join(case.replace(".toml", ".json"));
    let expected: Json =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if same(&expected, &actual) {
        Ok(())
    } else {
        Err(format!(
            "decoded value differs\nexpected: {expected}\nactual:   {actual}"
        ))
    }
}

fn check_invalid(root: &Path, case: &str, settings: &Settings) -> Result<(), String> {
    let bytes = std::fs::read(root.join(case)).map_err(|e| e.to_string())?;
    let findings = analyse_bytes(&bytes, settings);
    if findings.iter().any(|d| d.andon == Andon::Red) {
        Ok(())
    } else {
        Err("accepted, but the case is invalid".to_owned())
    }
}

fn node_json(semantics: &Semantics<'_>, id: NodeId, source: &str) -> Json {
    match semantics.node(id).kind {
        NodeKind::Table(_) => Json::Object(
            semantics
                .children(id)
                .map(|child| {
                    let name = semantics.name(child).to_string();
                    (name, node_json(semantics, child, source))
                })
                .collect(),
        ),
        NodeKind::ArrayOfTables | NodeKind::Array(_) => Json::Array(
            semantics
                .children(id)
                .map(|child| node_json(semantics, child, source))
                .collect(),
        ),
        NodeKind::Value(value) => value_json(value, source),
    }
}

fn value_json(value: &Value, source: &str) -> Json {
    if let ValueKind::Array(items) = &value.kind {
        return Json::Array(items.iter().map(|item| value_json(item, source)).collect());
    }
    match value.decode(source) {
        Some(Scalar::String(text)) => json!({"type": "string", "value": text}),
        Some(Scalar::Integer(n)) => json!({"type": "integer", "value": n.to_string()}),
        Some(Scalar::Float(f)) => json!({"type": "float", "value": float_text(f)}),
        Some(Scalar::Boolean(b)) => json!({"type": "bool", "value": b.to_string()}),
        Some(Scalar::Datetime(dt)) => {
            let kind = match (dt.date.is_some(), dt.time.is_some(), dt.offset.is_some()) {
                (true, true, true) => "datetime",
                (true, true, false) => "datetime-local",
                (true, false, _) => "date-local",
                _ => "time-local",
            };
            json!({"type": kind, "value": dt.to_string()})
        }
        None => json!({"type": "undecodable", "value": value.span.text(source)}),
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 {
            "inf".to_owned()
        } else {
            "-inf".to_owned()
        }
    } else {
        format!("{f:?}")
    }
}

/// Compares like the upstream runner: key order ignored, floats as numbers,
/// date-times as instants to the millisecond, everything else as strings.
fn same(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) if is_scalar(e) && is_scalar(a) => {
            let (et, ev) = (e["type"].as_str(), e["value"].as_str().unwrap_or(""));
            let (at, av) = (a["type"].as_str(), a["value"].as_str().unwrap_or(""));
            et == at
                && match et {
                    Some("float") => same_float(ev, av),
                    Some("datetime" | "datetime-local" | "date-local" | "time-local") => {
                        instant(ev) == instant(av)
                    }
                    _ => ev == av,
                }
        }
        (Json::Object(e), Json::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, ev)| a.get(k).is_some_and(|av| same(ev, av)))
        }
        (Json::Array(e), Json::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(ev, av)| same(ev, av))
        }
        _ => false,
    }
}

fn is_scalar(map: &serde_json::Map<String, Json>) -> bool {
    map.len() == 2
        && map.get("type").is_some_and(Json::is_string)
        && map.get("value").is_some_and(Json::is_string)
}

fn same_float(expected: &str, actual: &str) -> bool {
    let parse = |s: &str| -> f64 {
        match s.trim_start_matches('+') {
            "nan" | "-nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => other.parse().unwrap_or(f64::NAN),
        }
    };
    let (e, a) = (parse(expected), parse(actual));
    (e.is_nan() && a.is_nan()) || e == a
}

/// A date-time as comparable fields: (days, milliseconds of day, offset),
/// shifted to UTC when an offset is present.
fn instant(text: &str) -> Option<(Option<i64>, Option<i64>, bool)> {
    let normalised = text.replace(['t', ' '], "T").replace('z', "Z");
    let dt: toml_datetime::Datetime = normalised.parse().ok()?;
    let days = dt
        .date
        .map(|d| days_from_civil(d.year as i64, d.month as i64, d.day as i64));
    let millis = dt.time.map(|t| {
        ((t.hour as i64 * 60 + t.minute as i64) * 60 + t.second.unwrap_or(0) as i64) * 1000
            + t.nanosecond.unwrap_or(0) as i64 / 1_000_000
    });
    let offset_minutes = match dt.offset {
        Some(toml_datetime::Offset::Custom { minutes }) => Some(minutes as i64),
        Some(_) => Some(0),
        None => None,
    };
    match (days, millis, offset_minutes) {
        (Some(days), Some(millis), Some(offset)) => {
            let total = days * 86_400_000 + millis - offset * 60_000;
            Some((
                Some(total.div_euclid(86_400_000)),
                Some(total.rem_euclid(86_400_000)),
                true,
            ))
        }
        _ => Some((days, millis, offset_minutes.is_some())),
    }
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
