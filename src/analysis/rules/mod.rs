//! The rule registry: every rule's stable id, default Andon level and the
//! text that explains it. Each rule's checking code lives in its own file
//! beside this one.

pub mod duplicate_key;
pub mod syntax;

use crate::andon::Andon;

/// Every rule Andon knows. Ids are stable: users write them in settings and
/// suppression comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Syntax,
    DuplicateKey,
    Unreadable,
    Settings,
}

/// What a rule is, for `andon rules`, `andon explain` and output formats.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub default_andon: Andon,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Why it matters and how to repair it.
    pub explanation: &'static str,
}

impl RuleId {
    pub const ALL: [RuleId; 4] = [
        RuleId::Syntax,
        RuleId::DuplicateKey,
        RuleId::Unreadable,
        RuleId::Settings,
    ];

    pub fn info(self) -> &'static RuleInfo {
        match self {
            RuleId::Syntax => &SYNTAX,
            RuleId::DuplicateKey => &DUPLICATE_KEY,
            RuleId::Unreadable => &UNREADABLE,
            RuleId::Settings => &SETTINGS,
        }
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

static SYNTAX: RuleInfo = RuleInfo {
    id: "syntax",
    default_andon: Andon::Red,
    summary: "not valid TOML",
    explanation: "The file does not follow the TOML grammar, so no tool can read it. \
Every error is reported on the text that breaks the grammar, and parsing resumes \
after it, so one mistake gives one finding.",
};

static DUPLICATE_KEY: RuleInfo = RuleInfo {
    id: "duplicate-key",
    default_andon: Andon::Red,
    summary: "a key or table defined twice, or in conflicting ways",
    explanation: "TOML forbids defining a key or a table twice, mixing `[t]` with `[[t]]`, \
defining a table both with dotted keys and a header, and adding to an inline table or an \
array value after it was written. Readers reject the whole file. The finding sits on the \
later definition and points at the first.",
};

static UNREADABLE: RuleInfo = RuleInfo {
    id: "unreadable",
    default_andon: Andon::Red,
    summary: "the file cannot be read or is not UTF-8",
    explanation: "TOML files must be UTF-8 text. The file could not be read, or its bytes \
are not valid UTF-8 (for example UTF-16 from some Windows editors), so no TOML reader \
will accept it.",
};

static SETTINGS: RuleInfo = RuleInfo {
    id: "settings",
    default_andon: Andon::Red,
    summary: "a problem in an `andon.toml` settings file",
    explanation: "Andon checks its own settings. A value it cannot use (a wrong type, a level \
that is not `red`, `yellow`, `green` or `off`, a glob that does not compile, a file that is \
not valid TOML) is red: that setting is ignored and the run behaves differently from what the \
file says. A key Andon does not know, or a rule id that does not exist, is yellow: it is \
ignored and is probably a typo; the message names the closest known key.",
};
