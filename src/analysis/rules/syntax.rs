//! Rule `syntax`: every error the parser recovered from, one finding each.

use crate::analysis::{Context, Diagnostic, RuleId};

pub fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for error in &context.tree.errors {
        out.push(Diagnostic::new(
            RuleId::Syntax,
            error.span,
            error.message.clone(),
        ));
    }
}
