//! Rule `duplicate-key`: the TOML semantic conflicts (a key or table
//! defined twice, `[t]` against `[[t]]`, dotted keys against headers,
//! extending inline tables and array values), on the later definition with
//! the first one as related location.

use crate::analysis::{Context, Diagnostic, RuleId};

pub fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for conflict in &context.semantics.conflicts {
        out.push(
            Diagnostic::new(RuleId::DuplicateKey, conflict.span, conflict.message())
                .with_related(conflict.first, "first defined here"),
        );
    }
}
