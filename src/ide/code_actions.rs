//! Code actions: what the editor offers on the light bulb. For each
//! finding under the cursor or the selection, its fixes (the first, best
//! one preferred) and the two suppression comments every finding can get;
//! and one action that applies every safe fix of the document at once.
//!
//! Read from the revision's findings, so every edit fits the text the
//! client holds for that revision. Which fixes exist and which are safe
//! is the rules' decision (`analysis`); this module picks what applies
//! where.

use super::Analysis;
use crate::analysis::{Fix, fixes};
use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Repairs or silences one finding.
    QuickFix,
    /// Every safe fix of the document.
    FixAll,
}

/// What the editor asked for.
#[derive(Clone, Copy, Debug)]
pub struct ActionRequest {
    /// The cursor (empty) or the selection.
    pub range: Span,
    pub quick_fixes: bool,
    pub fix_all: bool,
    /// The client applies edits that create files; fixes that create one
    /// are left out otherwise.
    pub create_files: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    /// The finding a quick fix acts on, by index into
    /// [`Analysis::findings`]; `None` for fix-all.
    pub finding: Option<usize>,
    pub fix: Fix,
    /// The one to apply without asking ("auto fix").
    pub preferred: bool,
}

/// The actions for `request`, quick fixes first, in the order of the
/// findings they act on.
pub fn code_actions(analysis: &Analysis, request: ActionRequest) -> Vec<Action> {
    let offered = |fix: &Fix| request.create_files || fix.create.is_none();
    let mut actions = Vec::new();
    let findings = analysis.findings();
    if request.quick_fixes {
        let source = analysis.text();
        for (index, finding) in findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| overlaps(finding.span, request.range))
        {
            let repairs = finding.fixes.iter().filter(|fix| offered(fix)).cloned();
            for (position, fix) in repairs.enumerate() {
                actions.push(Action {
                    kind: ActionKind::QuickFix,
                    finding: Some(index),
                    fix,
                    preferred: position == 0,
                });
            }
            for fix in fixes::suppressions(source, finding) {
                actions.push(Action {
                    kind: ActionKind::QuickFix,
                    finding: Some(index),
                    fix,
                    preferred: false,
                });
            }
        }
    }
    if request.fix_all {
        let (edits, titles) = fixes::safe_edits(findings);
        if !edits.is_empty() {
            actions.push(Action {
                kind: ActionKind::FixAll,
                finding: None,
                fix: Fix {
                    title: format!("Fix all safe Andon findings ({})", titles.len()),
                    safe: true,
                    edits,
                    create: None,
                },
                preferred: false,
            });
        }
    }
    actions
}

/// A finding is relevant to a request when its span meets the range (an
/// empty cursor range at either end counts).
fn overlaps(span: Span, range: Span) -> bool {
    span.start <= range.end && range.start <= span.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixes::apply;
    use crate::analysis::paths::VirtualFileSystem;
    use crate::ide::fixture;

    fn request(at: usize) -> ActionRequest {
        ActionRequest {
            range: Span::empty_at(at),
            quick_fixes: true,
            fix_all: true,
            create_files: false,
        }
    }

    fn titles(actions: &[Action]) -> Vec<&str> {
        actions
            .iter()
            .map(|action| action.fix.title.as_str())
            .collect()
    }

    #[test]
    fn the_findings_under_the_cursor_get_their_fixes_and_suppressions() {
        let (analysis, offset) = fixture::analysis("a = 1\nb = $0= 2\n");
        let found = code_actions(&analysis, request(offset));
        assert_eq!(
            titles(&found),
            [
                "Remove the doubled `=`",
                "Ignore `syntax` on this line",
                "Ignore `syntax` in this file",
                "Fix all safe Andon findings (1)",
            ]
        );
        assert!(found[0].preferred && !found[1].preferred);
        assert_eq!(found[0].finding, Some(0));
        assert_eq!(found[3].kind, ActionKind::FixAll);
        let repaired = apply(analysis.text(), &found[0].fix.edits).unwrap();
        assert_eq!(repaired, "a = 1\nb = 2\n");
        // Away from the finding, only fix-all.
        let (analysis, offset) = fixture::analysis("a = $01\nb = = 2\n");
        assert_eq!(
            titles(&code_actions(&analysis, request(offset))),
            ["Fix all safe Andon findings (1)"]
        );
    }

    #[test]
    fn a_file_is_created_only_for_a_client_that_can() {
        let fs = VirtualFileSystem::new();
        let (analysis, offset) = fixture::analysis_of_file(
            "/w/Cargo.toml",
            "[package]\nreadme = \"READ$0ME.md\"\n",
            &fs,
        );
        let creates = |create_files| {
            let request = ActionRequest {
                create_files,
                ..request(offset)
            };
            code_actions(&analysis, request)
                .iter()
                .any(|action| action.fix.create.is_some())
        };
        assert!(creates(true));
        assert!(!creates(false));
    }
}
