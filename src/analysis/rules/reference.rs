//! The rule reference: renders the registry as Markdown — one section per
//! rule, which is also what `andon explain RULE` prints, and the whole of
//! `docs/rules.md` — and runs each rule's examples through the analysis,
//! so the page never shows an example the rule does not really flag.
//!
//! Invariants: the text depends only on the registry (no clock, no
//! environment), so the committed `docs/rules.md` can be compared with it
//! byte for byte; examples run on a virtual file system, never the disk.

use std::path::Path;

use super::{EXAMPLE_ROOT, ExampleEncoding, RuleId, RuleInfo};
use crate::analysis::paths::{CachedFileSystem, VirtualFileSystem};
use crate::analysis::{self, Diagnostic, Location};
use crate::config::{self, Settings};
use crate::text::Span;

/// The whole reference, as committed in `docs/rules.md`.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
<!-- Generated from the rule registry (src/analysis/rules/mod.rs); do not edit by hand.\n     \
Regenerate with: cargo run -- rules --markdown > docs/rules.md -->\n\n\
Every rule Andon checks: what it catches, why it matters, an example it reports and the \
same example repaired, the fix it offers, and how to turn it off. `andon explain RULE` \
prints the rule's section; `andon rules` lists them. The examples are checked by the test \
suite: each bad one is reported by its rule, each good one by no rule. Examples that \
involve other files are analysed as if the project were at `/home/me/project`.\n\n\
| rule | default | catches |\n|---|---|---|\n",
    );
    for rule in RuleId::ALL {
        let info = rule.info();
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {emoji} {level} | {summary} |\n",
            id = info.id,
            emoji = info.default_andon.emoji(),
            level = info.default_andon.as_str(),
            summary = info.summary.replace('|', "\\|"),
        ));
    }
    for rule in RuleId::ALL {
        out.push('\n');
        out.push_str(&rule_section(rule));
    }
    out
}

/// One rule's section: what `andon explain RULE` prints.
pub fn rule_section(rule: RuleId) -> String {
    let info = rule.info();
    let id = info.id;
    let mut out = format!(
        "## {id}\n\n{emoji} **{level}** by default: {summary}.\n\n\
**What it catches.** {explanation}\n\n\
**Why it matters.** {why}\n\n",
        emoji = info.default_andon.emoji(),
        level = info.default_andon.as_str(),
        summary = info.summary,
        explanation = info.explanation,
        why = info.why,
    );
    out.push_str(&format!("**Example.** Analysed as `{}`", info.example_file));
    if !info.files.is_empty() {
        let files: Vec<String> = info.files.iter().map(|f| format!("`{f}`")).collect();
        out.push_str(&format!(", next to {}", files.join(", ")));
    }
    out.push_str(".\n\n");
    match info.bad_encoding {
        ExampleEncoding::Utf8 => out.push_str("Reported:\n\n"),
        ExampleEncoding::Utf16Le => out
            .push_str("Reported when saved as UTF-16 (little-endian, with a byte-order mark):\n\n"),
    }
    push_toml(&mut out, info.bad_example);
    match info.bad_encoding {
        ExampleEncoding::Utf8 => out.push_str("Accepted:\n\n"),
        ExampleEncoding::Utf16Le => out.push_str("Accepted: the same text saved as UTF-8.\n\n"),
    }
    push_toml(&mut out, info.good_example);
    out.push_str(&format!("**Fix.** {}\n\n", info.fix));
    out.push_str(&format!(
        "**Turning it off.** Change its level or turn it off in `andon.toml`:\n\n\
```toml\n[rules]\n{id} = \"off\"   # red | yellow | green | off\n```\n\n"
    ));
    if rule.comments_silence() {
        out.push_str(&format!(
            "Or silence it with a comment: at the end of the line the finding starts on, \
or anywhere in a file for the whole file:\n\n\
```toml\nkey = \"value\"   # andon: ignore[{id}]\n# andon: ignore-file[{id}]\n```\n"
        ));
    } else {
        let reason = match rule {
            RuleId::Unreadable => "a file that is not text has no comments to read",
            _ => "its findings come from reading the settings, not from analysing the document",
        };
        out.push_str(&format!(
            "Comments (`# andon: ignore[{id}]`) cannot silence it: {reason}.\n"
        ));
    }
    out
}

fn push_toml(out: &mut String, text: &str) {
    out.push_str("```toml\n");
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("```\n\n");
}

/// Which of a rule's two examples to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    Bad,
    Good,
}

/// Runs one of a rule's examples as `andon check` would see it: saved in
/// the example's encoding, at [`RuleInfo::example_file`] under
/// [`EXAMPLE_ROOT`] with [`RuleInfo::files`] around it, default settings;
/// an `andon.toml` is also read as settings. `extra` is appended to the
/// text (for trying suppression comments).
pub fn run_example(rule: RuleId, which: Example, extra: &str) -> Vec<Diagnostic> {
    let info: &RuleInfo = rule.info();
    let text = format!(
        "{}{extra}",
        match which {
            Example::Bad => info.bad_example,
            Example::Good => info.good_example,
        }
    );
    let root = Path::new(EXAMPLE_ROOT);
    let file = root.join(info.example_file);
    let mut fs = VirtualFileSystem::new();
    for entry in info.files {
        match entry.strip_suffix('/') {
            Some(dir) => fs.add_dir(&root.join(dir)),
            None => fs.add_file(&root.join(entry), ""),
        }
    }
    fs.add_file(&file, &text);
    let fs = CachedFileSystem::new(fs);
    let location = Location {
        file: &file,
        fs: &fs,
    };
    let settings = Settings::default();
    let bytes = match (which, info.bad_encoding) {
        (Example::Bad, ExampleEncoding::Utf16Le) => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
        _ => text.clone().into_bytes(),
    };
    let mut findings = analysis::analyse_file_bytes(&bytes, &settings, location);
    if file
        .file_name()
        .is_some_and(|name| name == config::SETTINGS_FILE_NAME)
    {
        let known: Vec<&str> = RuleId::ALL.iter().map(|rule| rule.id()).collect();
        for problem in config::parse_settings(&text, &known).1 {
            let mut diagnostic = Diagnostic::new(
                RuleId::Settings,
                Span::new(problem.span.start, problem.span.end.max(problem.span.start)),
                problem.message,
            );
            diagnostic.andon = problem.andon;
            findings.push(diagnostic);
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(findings: &[Diagnostic]) -> Vec<&'static str> {
        findings.iter().map(|d| d.rule.id()).collect()
    }

    #[test]
    fn every_bad_example_is_reported_by_its_rule() {
        for rule in RuleId::ALL {
            let findings = run_example(rule, Example::Bad, "");
            assert!(
                findings.iter().any(|d| d.rule == rule),
                "{}: the bad example is not reported by the rule, only {:?}",
                rule.id(),
                rules_of(&findings)
            );
        }
    }

    #[test]
    fn every_good_example_is_accepted_by_every_rule() {
        for rule in RuleId::ALL {
            let findings = run_example(rule, Example::Good, "");
            assert!(
                findings.is_empty(),
                "{}: the good example is reported: {findings:#?}",
                rule.id()
            );
        }
    }

    #[test]
    fn the_comments_the_reference_offers_do_silence_the_rule() {
        for rule in RuleId::ALL {
            let comment = format!("# andon: ignore-file[{}]\n", rule.id());
            let silenced = run_example(rule, Example::Bad, &comment)
                .iter()
                .any(|d| d.rule == rule);
            assert_eq!(
                !silenced,
                rule.comments_silence(),
                "{}: the reference says comments {} silence it",
                rule.id(),
                if rule.comments_silence() {
                    "do"
                } else {
                    "do not"
                }
            );
        }
    }

    #[test]
    fn every_rule_has_every_text() {
        for rule in RuleId::ALL {
            let info = rule.info();
            for (name, text) in [
                ("summary", info.summary),
                ("explanation", info.explanation),
                ("why", info.why),
                ("fix", info.fix),
                ("example_file", info.example_file),
                ("bad_example", info.bad_example),
                ("good_example", info.good_example),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {name}", info.id);
            }
            // Only an encoding example may show the same text twice.
            if info.bad_encoding == ExampleEncoding::Utf8 {
                assert_ne!(info.bad_example, info.good_example, "{}", info.id);
            }
        }
    }

    #[test]
    fn every_rule_has_a_section_with_its_anchor() {
        let reference = reference_markdown();
        for rule in RuleId::ALL {
            let section = rule_section(rule);
            assert!(section.starts_with(&format!("## {}\n", rule.id())));
            assert!(reference.contains(&section));
            assert!(reference.contains(&format!("(#{})", rule.id())));
            assert_eq!(
                rule.info().help_anchor(),
                format!("docs/rules.md#{}", rule.id())
            );
        }
    }
}
