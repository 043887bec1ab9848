//! A finding: which rule, how serious, where, why, and how to repair it.
//! Spans are byte offsets into the analysed text; front ends convert them
//! to their own positions.

use crate::analysis::rules::RuleId;
use crate::andon::Andon;
use crate::text::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub andon: Andon,
    pub message: String,
    pub span: Span,
    /// Other places that explain the finding, e.g. the first definition of
    /// a duplicate key. Always in the same document.
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(rule: RuleId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            andon: rule.info().default_andon,
            message: message.into(),
            span,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// A repair: text edits that together resolve the finding, and possibly a
/// file to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Safe fixes keep the meaning or are clearly what was intended; only
    /// they run unattended (`--fix`, fix-all).
    pub safe: bool,
    pub edits: Vec<Edit>,
    /// An empty file to create (for a missing path); never safe.
    pub create: Option<std::path::PathBuf>,
}

impl Fix {
    /// A fix made of one edit.
    pub fn edit(
        title: impl Into<String>,
        safe: bool,
        span: Span,
        new_text: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            safe,
            edits: vec![Edit {
                span,
                new_text: new_text.into(),
            }],
            create: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}
