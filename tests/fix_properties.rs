//! Properties of fix-all on generated configs with injected mistakes: it
//! never raises the number of red findings, and it never changes a byte
//! outside its own edits.

mod common;

use andon::analysis::fixes::{apply, safe_edits};
use andon::analysis::{Edit, analyse};
use andon::andon::Andon;
use andon::config::Settings;
use common::generate;
use proptest::prelude::*;

/// One mistake as people make them, applied to a line if it fits.
fn inject(line: &str, kind: usize) -> Option<String> {
    match kind % 7 {
        0 => line
            .contains(" = ")
            .then(|| line.replacen(" = ", " = = ", 1)),
        1 => line.strip_suffix('"').map(str::to_owned),
        2 => line
            .strip_suffix(']')
            .filter(|_| line.starts_with('['))
            .map(str::to_owned),
        3 => line
            .split_once(" = ")
            .filter(|(_, value)| {
                value.starts_with('"')
                    && value.ends_with('"')
                    && !value[1..value.len() - 1].contains(['"', '\\', ' ', '#'])
            })
            .map(|(key, value)| format!("{key} = {}", &value[1..value.len() - 1])),
        4 => line.contains(", ").then(|| line.replacen(", ", ",, ", 1)),
        5 => line.contains(" = ").then(|| line.replacen(" = ", " ", 1)),
        _ => line.contains(" = ").then(|| format!("{line}\n{line}")),
    }
}

fn reds(source: &str) -> usize {
    analyse(source, &Settings::default())
        .iter()
        .filter(|d| d.andon == Andon::Red)
        .count()
}

/// Every byte of `source` outside `edits` appears unchanged, in order, in
/// `result`, and the edits' new text fills exactly the gaps.
fn only_edits_changed(source: &str, edits: &[Edit], result: &str) -> bool {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| edit.span.start);
    let mut expected = String::new();
    let mut at = 0;
    for edit in sorted {
        expected.push_str(&source[at..edit.span.start()]);
        expected.push_str(&edit.new_text);
        at = edit.span.end();
    }
    expected.push_str(&source[at..]);
    expected == result
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn fix_all_never_adds_red_and_touches_only_its_edits(
        tables in 3usize..40,
        faults in prop::collection::vec((0usize..10_000, 0usize..7), 1..10),
    ) {
        let original = generate::config(tables);
        let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
        for (line, kind) in faults {
            let index = line % lines.len();
            let simple = !lines[index].contains("\"\"\"") && !lines[index].contains("'''") && !lines[index].ends_with('[');
            if simple && let Some(broken) = inject(&lines[index], kind) {
                lines[index] = broken;
            }
        }
        let source = lines.join("\n") + "\n";
        let findings = analyse(&source, &Settings::default());
        let (edits, _) = safe_edits(&findings);
        let fixed = apply(&source, &edits).expect("safe edits never overlap");
        prop_assert!(reds(&fixed) <= reds(&source), "{} red before, {} after:\n{fixed}", reds(&source), reds(&fixed));
        prop_assert!(only_edits_changed(&source, &edits, &fixed));
    }
}
