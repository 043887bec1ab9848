//! Turns the parser's errors into findings a person can act on: one per
//! mistake, placed on the offending text, saying what was expected and how
//! to repair it, in words rather than grammar-token names.

use toml_parser::{Expected, ParseError};

use super::parse::{BARE_WORD, TRAILING_COMMA_1_0};
use super::tree::{Quote, SyntaxError, SyntaxErrorKind, from_parser};
use crate::text::{Span, floor_char_boundary};

/// Sorts, rewords and de-duplicates raw parser errors. One mistake often
/// makes the parser complain several times on the same line (a doubled `=`
/// also leaves "unexpected content" behind it); the first complaint on a
/// line is the one that names the mistake, so only that one is kept.
pub(super) fn syntax_errors(source: &str, raw: Vec<ParseError>) -> Vec<SyntaxError> {
    let mut errors: Vec<SyntaxError> = raw
        .into_iter()
        .map(|error| SyntaxError {
            span: error_span(&error, source),
            message: reword(&error, source),
            kind: kind_of(&error),
        })
        .collect();
    errors.sort_by_key(|error| (error.span.start, error.span.end));
    let mut kept: Vec<SyntaxError> = Vec::with_capacity(errors.len());
    for error in errors {
        if let Some(previous) = kept.last()
            && same_line(source, previous.span.start(), error.span.start())
        {
            continue;
        }
        kept.push(error);
    }
    kept
}

fn error_span(error: &ParseError, source: &str) -> Span {
    let span = error
        .unexpected()
        .or(error.context())
        .map(from_parser)
        .unwrap_or_default();
    // Keep the span on character boundaries of this text whatever the
    // parser handed back.
    let clamp = |offset: usize| floor_char_boundary(source, offset);
    Span::new(
        clamp(span.start()),
        clamp(span.end()).max(clamp(span.start())),
    )
}

fn same_line(source: &str, earlier: usize, later: usize) -> bool {
    let Some(mut between) = source.get(earlier..later) else {
        return false;
    };
    // An offset between the `\r` and `\n` of a CRLF is still on the line
    // that the CRLF ends.
    if source[later..].starts_with('\n') {
        between = between.strip_suffix('\r').unwrap_or(between);
    }
    !between.contains(['\n', '\r'])
}

fn kind_of(error: &ParseError) -> SyntaxErrorKind {
    match error.description() {
        "unclosed table" => SyntaxErrorKind::UnclosedTable,
        "unclosed array table" => SyntaxErrorKind::UnclosedArrayTable,
        "invalid basic string" => SyntaxErrorKind::UnterminatedString(Quote::Basic),
        "invalid literal string" => SyntaxErrorKind::UnterminatedString(Quote::Literal),
        "invalid multi-line basic string" => {
            SyntaxErrorKind::UnterminatedString(Quote::MultiLineBasic)
        }
        "invalid multi-line literal string" => {
            SyntaxErrorKind::UnterminatedString(Quote::MultiLineLiteral)
        }
        BARE_WORD | "string values must be quoted" => SyntaxErrorKind::BareWord,
        "extra `=`" | "extra assignment between key-value pairs" => SyntaxErrorKind::DoubledEquals,
        "key with no value" | "missing assignment between key-value pairs" => {
            SyntaxErrorKind::MissingEquals
        }
        TRAILING_COMMA_1_0 | "extra comma in array" | "extra comma in inline table" => {
            SyntaxErrorKind::ExtraComma
        }
        _ => SyntaxErrorKind::Other,
    }
}

fn reword(error: &ParseError, source: &str) -> String {
    let found = error
        .unexpected()
        .map(from_parser)
        .map(|span| span.text(source))
        .filter(|text| !text.is_empty());
    let description = error.description();
    let fixed = match description {
        "unclosed table" => "table header is missing its closing `]`",
        "unclosed array table" => "array-of-tables header is missing its closing `]]`",
        "key with no value" => "expected `=` and a value after this key",
        "missing value for key" | "missing value" => "expected a value after `=`",
        "extra `=`" => "doubled `=`: remove one",
        "unexpected key or value" => {
            "expected the end of the line after the value: put each key on its own line, or start a comment with `#`"
        }
        "unexpected content" | "unexpected content between comment and newline" => {
            "unexpected text here: expected the end of the line"
        }
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
            if error.unexpected().is_some_and(|span| span.is_empty()) =>
        {
            "string is missing its closing quote"
        }
        BARE_WORD | "string values must be quoted" => {
            return match found {
                Some(word) => {
                    format!("a bare word is not a value: quote it as a string, `\"{word}\"`")
                }
                None => "a bare word is not a value: quote it as a string".to_owned(),
            };
        }
        "missing comma between array elements" => "expected `,` between array elements",
        "missing comma between key-value pairs" => {
            "expected `,` between the entries of an inline table"
        }
        "extra comma in array" => "extra `,` in the array: remove it",
        "extra comma in inline table" => "extra `,` in the inline table: remove it",
        "unclosed array" => "array is missing its closing `]`",
        "unclosed inline table" => "inline table is missing its closing `}`",
        "missing assignment between key-value pairs" => {
            "expected `=` between the key and its value"
        }
        "extra assignment between key-value pairs" => "doubled `=`: remove one",
        "unquoted keys cannot be empty" => {
            "expected a key before `=`; an empty key must be quoted, `\"\"`"
        }
        "invalid unquoted key" => {
            "a bare key may only hold letters, digits, `-` and `_`: quote it, e.g. `\"my key\"`"
        }
        "carriage return must be followed by newline" => {
            "a carriage return (CR) must be followed by a line feed (LF)"
        }
        "cannot recurse further; max recursion depth met" => {
            "arrays and inline tables nest too deeply"
        }
        "unexpected leading zero" => "a number may not start with `0`: remove the leading zeros",
        "integers with a radix cannot be signed" => {
            "hexadecimal, octal and binary integers cannot have a sign"
        }
        "radix must be lowercase" => "write the prefix in lowercase: `0x`, `0o` or `0b`",
        "`_` may only go between digits" => "`_` may only stand between two digits",
        _ => "",
    };
    let mut message = if fixed.is_empty() {
        description.to_owned()
    } else {
        fixed.to_owned()
    };
    if fixed.is_empty()
        && let Some(expected) = error.expected().filter(|expected| !expected.is_empty())
    {
        message.push_str("; expected ");
        message.push_str(&describe_expected(expected));
    }
    message
}

fn describe_expected(expected: &[Expected]) -> String {
    let names: Vec<String> = expected
        .iter()
        .map(|item| match item {
            Expected::Literal("\n") => "a line break".to_owned(),
            Expected::Literal(literal) => format!("`{literal}`"),
            Expected::Description(description) => (*description).to_owned(),
            _ => "something else".to_owned(),
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
