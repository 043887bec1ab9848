//! Rule `syntax`: every error the parser recovered from, one finding each,
//! with the repair for the frequent ones — close a string, finish a
//! header, quote a bare word, drop a doubled `=` or a stray comma, add a
//! missing `=`.

use crate::analysis::fixes::string_literal;
use crate::analysis::{Diagnostic, Fix, RuleId};
use crate::syntax::{Quote, SyntaxError, SyntaxErrorKind, SyntaxTree};
use crate::text::Span;

pub fn check(tree: &SyntaxTree, source: &str, out: &mut Vec<Diagnostic>) {
    for error in &tree.errors {
        let mut diagnostic = Diagnostic::new(RuleId::Syntax, error.span, error.message.clone());
        if let Some(fix) = repair(source, error) {
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
    }
}

fn repair(source: &str, error: &SyntaxError) -> Option<Fix> {
    let span = error.span;
    let at = span.start();
    let before = &source[..at];
    match error.kind {
        SyntaxErrorKind::UnclosedTable => Some(Fix::edit(
            "Add the missing `]`",
            true,
            Span::empty_at(at),
            "]",
        )),
        SyntaxErrorKind::UnclosedArrayTable => {
            let missing = if before.ends_with(']') { "]" } else { "]]" };
            Some(Fix::edit(
                format!("Add the missing `{missing}`"),
                true,
                Span::empty_at(at),
                missing,
            ))
        }
        SyntaxErrorKind::UnterminatedString(quote) => {
            if quote == Quote::Bare {
                return None;
            }
            let closing = quote.delimiter();
            // The string runs up to the line break; with CRLF the parser
            // counts the `\r` in, but the quote belongs before it.
            let at = if before.ends_with('\r') { at - 1 } else { at };
            // Text after a `#` may be a comment the user meant to keep out
            // of the string: then closing it is a guess, not a repair.
            let line_start = crate::analysis::fixes::line_start(source, at);
            let safe = !source[line_start..at].contains('#');
            Some(Fix::edit(
                format!("Close the string with `{closing}`"),
                safe,
                Span::empty_at(at),
                closing,
            ))
        }
        SyntaxErrorKind::BareWord => {
            let word = span.text(source);
            let quoted = string_literal(word);
            Some(Fix::edit(format!("Quote it: {quoted}"), true, span, quoted))
        }
        SyntaxErrorKind::DoubledEquals => {
            let extra = source[span.end()..].len()
                - source[span.end()..].trim_start_matches([' ', '\t']).len();
            Some(Fix::edit(
                "Remove the doubled `=`",
                true,
                Span::new(span.start(), span.end() + extra),
                "",
            ))
        }
        SyntaxErrorKind::MissingEquals => {
            let text = if before.ends_with([' ', '\t']) {
                "= "
            } else {
                " = "
            };
            Some(Fix::edit(
                "Add the missing `=`",
                true,
                Span::empty_at(at),
                text,
            ))
        }
        SyntaxErrorKind::ExtraComma => {
            let comma = if source[at..].starts_with(',') {
                at
            } else {
                // A trailing comma: the error sits on the `}` after it.
                let trimmed = before.trim_end();
                trimmed.strip_suffix(',').map(|rest| rest.len())?
            };
            Some(Fix::edit(
                "Remove the extra `,`",
                true,
                Span::new(comma, comma + 1),
                "",
            ))
        }
        SyntaxErrorKind::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixes::apply;
    use crate::analysis::{RuleId, analyse};
    use crate::config::{Settings, TomlVersion};

    /// Applies the syntax finding's fix and returns the result; the result
    /// must have no syntax finding left and differ only inside the edit.
    fn fixed(source: &str, version: TomlVersion) -> String {
        let settings = Settings {
            toml_version: version,
            ..Settings::default()
        };
        let findings = analyse(source, &settings);
        let finding = findings
            .iter()
            .find(|d| d.rule == RuleId::Syntax)
            .unwrap_or_else(|| panic!("no syntax finding in {source:?}"));
        let fix = finding
            .fixes
            .first()
            .unwrap_or_else(|| panic!("no fix for {source:?}"));
        assert!(fix.safe, "{source:?}: {}", fix.title);
        let result = apply(source, &fix.edits).expect("edits apply");
        let edit = &fix.edits[0];
        assert_eq!(&result[..edit.span.start()], &source[..edit.span.start()]);
        assert_eq!(
            &result[edit.span.start() + edit.new_text.len()..],
            &source[edit.span.end()..]
        );
        assert_eq!(
            analyse(&result, &settings),
            vec![],
            "{source:?} became {result:?}"
        );
        result
    }

    #[test]
    fn frequent_mistakes_are_repaired() {
        let v11 = TomlVersion::V1_1;
        assert_eq!(fixed("a = \"abc\n", v11), "a = \"abc\"\n");
        assert_eq!(
            fixed("a = 'abc\r\nb = 1\r\n", v11),
            "a = 'abc'\r\nb = 1\r\n"
        );
        assert_eq!(fixed("[server\nport = 1\n", v11), "[server]\nport = 1\n");
        assert_eq!(fixed("[[jobs]\n", v11), "[[jobs]]\n");
        assert_eq!(fixed("[[jobs\n", v11), "[[jobs]]\n");
        assert_eq!(fixed("name = foo\n", v11), "name = \"foo\"\n");
        assert_eq!(fixed("port = = 80\n", v11), "port = 80\n");
        assert_eq!(fixed("port 80\n", v11), "port = 80\n");
        assert_eq!(fixed("a = [1,,2]\n", v11), "a = [1,2]\n");
        assert_eq!(fixed("a = {b = 1,}\n", TomlVersion::V1_0), "a = {b = 1}\n");
    }
}
