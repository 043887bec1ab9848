//! Rule `duplicate-key`: the TOML semantic conflicts (a key or table
//! defined twice, `[t]` against `[[t]]`, dotted keys against headers,
//! extending inline tables and array values), on the later definition with
//! the first one as related location.

use crate::analysis::fixes::whole_lines;
use crate::analysis::{Context, Diagnostic, Fix, RuleId};
use crate::syntax::semantics::ConflictKind;

pub fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for conflict in &context.semantics.conflicts {
        let mut diagnostic =
            Diagnostic::new(RuleId::DuplicateKey, conflict.span, conflict.message())
                .with_related(conflict.first, "first defined here");
        // Removing the later definition loses what it says, so the fix is
        // offered, never applied unattended.
        let removable = conflict
            .definition
            .and_then(|definition| match conflict.kind {
                // A section already runs from its header to the next one.
                ConflictKind::DuplicateTable => Some(definition),
                _ => whole_lines(context.source, definition),
            });
        if let Some(lines) = removable {
            let what = match conflict.kind {
                ConflictKind::DuplicateTable => {
                    format!("Remove the second `[{}]` table", conflict.path)
                }
                _ => format!("Remove the second definition of `{}`", conflict.path),
            };
            diagnostic = diagnostic.with_fix(Fix::edit(what, false, lines, ""));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixes::apply;
    use crate::analysis::{RuleId, analyse};
    use crate::config::Settings;

    fn remove_later(source: &str) -> Option<String> {
        let findings = analyse(source, &Settings::default());
        let finding = findings.iter().find(|d| d.rule == RuleId::DuplicateKey)?;
        let fix = finding.fixes.first()?;
        assert!(!fix.safe);
        let fixed = apply(source, &fix.edits)?;
        // The result parses and holds no duplicate any more.
        assert_eq!(analyse(&fixed, &Settings::default()), vec![], "{fixed:?}");
        Some(fixed)
    }

    #[test]
    fn the_later_definition_can_be_removed() {
        assert_eq!(
            remove_later(
                "a = 1
b = 2
a = 3 # again
"
            )
            .as_deref(),
            Some(
                "a = 1
b = 2
"
            )
        );
        assert_eq!(
            remove_later(
                "[t]
x = 1
[t]
y = 2

[u]
"
            )
            .as_deref(),
            Some(
                "[t]
x = 1
[u]
"
            )
        );
        // Inside an inline table the line holds more than the key.
        assert_eq!(
            remove_later(
                "t = { a = 1, a = 2 }
"
            ),
            None
        );
    }
}
