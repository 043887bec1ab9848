//! The syntax tree: what a TOML document says, as spans into its text.
//!
//! Nothing here owns a copy of the source: keys and values are spans, and a
//! string's decoded value is produced only when a caller asks for it
//! ([`KeyPart::decode`], [`Value::decode`]). Sections follow the physical
//! layout (a header and the entries under it, up to the next header); the
//! logical table structure is built from them by [`crate::syntax::semantics`].

use std::borrow::Cow;

use toml_parser::Raw;
use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};

pub use crate::config::TomlVersion;
use crate::text::Span;

/// A parsed document: its sections, comments and syntax errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyntaxTree {
    /// The first section never has a header: it holds the entries before
    /// the first `[table]`. It may be empty.
    pub sections: Vec<Section>,
    pub comments: Vec<Span>,
    /// Sorted by position, at most one per line.
    pub errors: Vec<SyntaxError>,
    /// Where each region starts: the top-level points (a header starting
    /// a line outside any value) where an incremental reparse may begin
    /// or rejoin the old parse.
    pub region_starts: Vec<u32>,
}

impl SyntaxTree {
    /// Moves the entries of the sections at `indices` to where they are in
    /// the current text; see [`Section::entries`].
    pub fn settle_sections(&mut self, indices: impl IntoIterator<Item = usize>) {
        for index in indices {
            self.sections[index].settle();
        }
    }

    /// Moves every section's entries to where they are in the current text.
    pub fn settle(&mut self) {
        self.sections.iter_mut().for_each(Section::settle);
    }

    /// Sections that start with a `[table]` or `[[array]]` header.
    pub fn headed_sections(&self) -> impl Iterator<Item = (&Header, &Section)> {
        self.sections
            .iter()
            .filter_map(|section| section.header.as_ref().map(|header| (header, section)))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub kind: SyntaxErrorKind,
}

/// The mistakes common enough to have a known repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// `[table` without its `]`; the span is empty where `]` belongs.
    UnclosedTable,
    /// `[[array` without its `]]`.
    UnclosedArrayTable,
    /// A string without its closing quote; the span is empty at the end
    /// of the line (or file), where the quote belongs.
    UnterminatedString(Quote),
    /// `name = foo`: an unquoted word where a value belongs; the span is
    /// the word.
    BareWord,
    /// `a = = 1`; the span is the second `=`.
    DoubledEquals,
    /// `a 1`: a key without `=`; the span is empty after the key.
    MissingEquals,
    /// A comma TOML forbids (trailing in a TOML 1.0 inline table, or
    /// doubled); the span covers or follows it.
    ExtraComma,
    Other,
}

/// A header and the entries that follow it, up to the next header.
/// Equality and `Debug` see the entries as stored: a section not yet
/// settled differs from the same section parsed afresh.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub header: Option<Header>,
    entries: Vec<Entry>,
    /// How far the entries are yet to move: an edit before the section
    /// moves its header and span at once but its entries only when they
    /// are read, so that a keystroke costs the sections, not every span
    /// after it.
    entries_behind: isize,
    /// From the header (or the document start) to the next header (or the
    /// document end).
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderKind {
    /// `[table]`
    Table,
    /// `[[array.of.tables]]`
    ArrayOfTables,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub kind: HeaderKind,
    pub key: Key,
    /// From the opening bracket to the closing one (or to the end of the key
    /// when the header is unclosed).
    pub span: Span,
}

pub type KeyParts = smallvec::SmallVec<[KeyPart; 2]>;

/// A possibly dotted key: `a`, `"quoted key"`, `a.b.'c'`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// Most keys have one or two parts; those stay inline.
    pub parts: KeyParts,
    pub span: Span,
}

impl Section {
    pub(crate) fn new(header: Option<Header>, entries: Vec<Entry>, span: Span) -> Section {
        Section {
            header,
            entries,
            entries_behind: 0,
            span,
        }
    }

    /// The entries under the header, in order.
    ///
    /// A section of a tree from [`crate::syntax::reparse_sections`] may
    /// still have its entries where they were before the edit: settle it
    /// first ([`SyntaxTree::settle_sections`]). Every other tree is settled.
    pub fn entries(&self) -> &[Entry] {
        debug_assert_eq!(self.entries_behind, 0, "entries read before settling");
        &self.entries
    }

    pub(crate) fn set_entries(&mut self, entries: Vec<Entry>) {
        self.entries = entries;
        self.entries_behind = 0;
    }

    /// Moves the section by `delta` bytes, for a section after an edit:
    /// the header and span now, the entries when settled.
    pub(crate) fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
        if let Some(header) = &mut self.header {
            header.span = header.span.shifted(delta);
            header.key.shift(delta);
        }
        self.entries_behind += delta;
    }

    fn settle(&mut self) {
        let delta = std::mem::take(&mut self.entries_behind);
        if delta != 0 {
            for entry in &mut self.entries {
                entry.shift(delta);
            }
        }
    }
}

impl Entry {
    fn shift(&mut self, delta: isize) {
        self.key.shift(delta);
        self.value.shift(delta);
    }
}

impl Value {
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
        match &mut self.kind {
            ValueKind::Array(items) => items.iter_mut().for_each(|item| item.shift(delta)),
            ValueKind::InlineTable(entries) => {
                entries.iter_mut().for_each(|entry| entry.shift(delta))
            }
            _ => {}
        }
    }
}

impl Key {
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
        for part in &mut self.parts {
            part.span = part.span.shifted(delta);
        }
    }

    /// The key as written, e.g. `a."b c"`: for messages, not for lookups.
    pub fn display(&self, source: &str) -> String {
        let mut out = String::new();
        for (index, part) in self.parts.iter().enumerate() {
            if index > 0 {
                out.push('.');
            }
            out.push_str(part.span.text(source));
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPart {
    /// Includes the quotes of a quoted key.
    pub span: Span,
    pub quote: Quote,
}

impl KeyPart {
    /// The key's name: unquoted and unescaped. Borrows from `source` unless
    /// an escape sequence forces a copy.
    pub fn decode<'s>(&self, source: &'s str) -> Cow<'s, str> {
        if self.quote == Quote::Bare {
            // Bare keys are their own name; the parser checked the characters.
            return Cow::Borrowed(self.span.text(source));
        }
        let raw = Raw::new_unchecked(
            self.span.text(source),
            self.quote.encoding(),
            to_parser(self.span),
        );
        let mut out = Cow::Borrowed("");
        raw.decode_key(&mut out, &mut ());
        out
    }
}

/// How a string or key is quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quote {
    Bare,
    Basic,
    Literal,
    MultiLineBasic,
    MultiLineLiteral,
}

impl Quote {
    pub(crate) fn from_encoding(encoding: Option<Encoding>) -> Quote {
        match encoding {
            None => Quote::Bare,
            Some(Encoding::BasicString) => Quote::Basic,
            Some(Encoding::LiteralString) => Quote::Literal,
            Some(Encoding::MlBasicString) => Quote::MultiLineBasic,
            Some(Encoding::MlLiteralString) => Quote::MultiLineLiteral,
        }
    }

    pub(crate) fn encoding(self) -> Option<Encoding> {
        match self {
            Quote::Bare => None,
            Quote::Basic => Some(Encoding::BasicString),
            Quote::Literal => Some(Encoding::LiteralString),
            Quote::MultiLineBasic => Some(Encoding::MlBasicString),
            Quote::MultiLineLiteral => Some(Encoding::MlLiteralString),
        }
    }

    pub fn is_multi_line(self) -> bool {
        matches!(self, Quote::MultiLineBasic | Quote::MultiLineLiteral)
    }

    /// What opens and closes a string quoted this way.
    pub fn delimiter(self) -> &'static str {
        match self {
            Quote::Bare => "",
            Quote::Basic => "\"",
            Quote::Literal => "'",
            Quote::MultiLineBasic => "\"\"\"",
            Quote::MultiLineLiteral => "'''",
        }
    }
}

/// `key = value`, at the top of a section or inside an inline table.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Key,
    pub value: Value,
}

impl Entry {
    pub fn span(&self) -> Span {
        self.key.span.cover(self.value.span)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: ValueKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    String(Quote),
    Integer(Radix),
    Float,
    Boolean(bool),
    Datetime,
    Array(Box<[Value]>),
    InlineTable(Box<[Entry]>),
    /// Missing or malformed; a syntax error says why.
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Radix {
    Decimal,
    Hexadecimal,
    Octal,
    Binary,
}

impl Radix {
    pub(crate) fn from_parser(radix: IntegerRadix) -> Radix {
        match radix {
            IntegerRadix::Dec => Radix::Decimal,
            IntegerRadix::Hex => Radix::Hexadecimal,
            IntegerRadix::Oct => Radix::Octal,
            IntegerRadix::Bin => Radix::Binary,
        }
    }

    fn base(self) -> u32 {
        match self {
            Radix::Decimal => 10,
            Radix::Hexadecimal => 16,
            Radix::Octal => 8,
            Radix::Binary => 2,
        }
    }
}

/// A decoded scalar value.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'s> {
    String(Cow<'s, str>),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Datetime(toml_datetime::Datetime),
}

impl Value {
    /// The decoded value of a scalar; `None` for arrays, inline tables and
    /// invalid values. Valid scalars always decode: the parser checked them.
    pub fn decode<'s>(&self, source: &'s str) -> Option<Scalar<'s>> {
        match self.kind {
            ValueKind::String(quote) => {
                Some(Scalar::String(decode_scalar_text(self.span, quote, source)))
            }
            ValueKind::Boolean(value) => Some(Scalar::Boolean(value)),
            ValueKind::Integer(radix) => {
                let digits = decode_scalar_text(self.span, Quote::Bare, source);
                i64::from_str_radix(&digits, radix.base())
                    .ok()
                    .map(Scalar::Integer)
            }
            ValueKind::Float => {
                let digits = decode_scalar_text(self.span, Quote::Bare, source);
                parse_float(&digits).map(Scalar::Float)
            }
            ValueKind::Datetime => decode_scalar_text(self.span, Quote::Bare, source)
                .parse()
                .ok()
                .map(Scalar::Datetime),
            ValueKind::Array(_) | ValueKind::InlineTable(_) | ValueKind::Invalid => None,
        }
    }

    /// The decoded text of a string value, or `None` for any other value.
    pub fn as_string<'s>(&self, source: &'s str) -> Option<Cow<'s, str>> {
        match self.kind {
            ValueKind::String(quote) => Some(decode_scalar_text(self.span, quote, source)),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::String(_) => "string",
            ValueKind::Integer(_) => "integer",
            ValueKind::Float => "float",
            ValueKind::Boolean(_) => "boolean",
            ValueKind::Datetime => "date-time",
            ValueKind::Array(_) => "array",
            ValueKind::InlineTable(_) => "inline table",
            ValueKind::Invalid => "invalid value",
        }
    }
}

fn decode_scalar_text<'s>(span: Span, quote: Quote, source: &'s str) -> Cow<'s, str> {
    let raw = Raw::new_unchecked(span.text(source), quote.encoding(), to_parser(span));
    let mut out = Cow::Borrowed("");
    let _ = raw.decode_scalar(&mut out, &mut ());
    out
}

/// Parses a decoded float (`inf`, `nan` and their signs included).
pub(crate) fn parse_float(digits: &str) -> Option<f64> {
    let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
    let negative = digits.starts_with('-');
    match unsigned {
        "inf" => Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        "nan" => Some(if negative { -f64::NAN } else { f64::NAN }),
        _ => digits.parse::<f64>().ok().filter(|value| value.is_finite()),
    }
}

pub(crate) fn to_parser(span: Span) -> toml_parser::Span {
    toml_parser::Span::new_unchecked(span.start(), span.end())
}

pub(crate) fn from_parser(span: toml_parser::Span) -> Span {
    Span::new(span.start(), span.end())
}

pub(crate) fn scalar_kind(kind: ScalarKind, quote: Quote) -> ValueKind {
    match kind {
        ScalarKind::String => ValueKind::String(quote),
        ScalarKind::Boolean(value) => ValueKind::Boolean(value),
        ScalarKind::DateTime => ValueKind::Datetime,
        ScalarKind::Float => ValueKind::Float,
        ScalarKind::Integer(radix) => ValueKind::Integer(Radix::from_parser(radix)),
    }
}
