//! The quick path for plainly valid TOML: one pass over the bytes that
//! drives the [`Builder`] directly, without the token list and the event
//! parser beneath. It recognises the shapes real configs are made of and
//! hands the builder the same events, with the same spans and in the same
//! order, as `toml_parser` would; the builder still builds the tree and
//! validates every key and scalar.
//!
//! It gives up at the first thing it does not expect (anything that would
//! be an error, and a few valid rarities such as a date and time separated
//! by a space) and the document is parsed by the full parser instead, so
//! every error comes from one place. A clean result equals the full parse:
//! the differential property test below and the fuzz target hold it to
//! that.

use toml_parser::ParseError;
use toml_parser::decoder::ScalarKind;
use toml_parser::parser::EventReceiver;

use super::{Builder, Quote, is_bare_key_byte, plainly_valid_scalar, printable};
use crate::text::Span;

/// Reads the builder's source from `from` (0, or the start of a header
/// line) into `builder`, and stops before the region that starts at
/// `stop`, if one does. Returns where it ended, `stop` or the end of the
/// text, when all it read was plainly valid; `None` when it gave up, and
/// then the builder holds a partial parse that must be dropped.
pub(super) fn read(builder: &mut Builder<'_>, from: usize, stop: Option<usize>) -> Option<usize> {
    let mut errors: Vec<ParseError> = Vec::new();
    let mut reader = Reader {
        bytes: builder.source.as_bytes(),
        at: from,
        builder,
        errors: &mut errors,
    };
    let end = reader.document(stop)?;
    // The builder reports into its own list; the sink is checked too so
    // that nothing it might report there is lost.
    let clean = errors.is_empty() && builder.own_errors.is_empty();
    clean.then_some(end)
}

/// `None` means "not plainly valid here": the caller falls back.
type Plain = Option<()>;

struct Reader<'r, 's> {
    bytes: &'s [u8],
    at: usize,
    builder: &'r mut Builder<'s>,
    /// What the builder's callbacks report through the parser's sink; it
    /// reports into its own lists, so this stays empty unless that changes.
    errors: &'r mut Vec<ParseError>,
}

impl Reader<'_, '_> {
    /// Reads from `self.at` to the end, or to the region that starts at
    /// `stop`; returns where it ended.
    fn document(&mut self, stop: Option<usize>) -> Option<usize> {
        let from = self.at;
        if from == 0 && self.bytes.starts_with(b"\xEF\xBB\xBF") {
            return None;
        }
        self.builder.region_starts.push(from as u32);
        let mut line_start = from;
        loop {
            self.clean()?;
            self.skip_blanks();
            match self.peek() {
                None => return Some(self.at),
                Some(b'\n' | b'\r') => {
                    self.newline()?;
                    line_start = self.at;
                    continue;
                }
                Some(b'#') => self.comment()?,
                Some(b'[') => {
                    if stop == Some(line_start) {
                        return Some(line_start);
                    }
                    // Every header line starts a region, but one that
                    // starts the text read (as `RegionScan` cuts).
                    if line_start > from {
                        self.builder.region_starts.push(line_start as u32);
                    }
                    self.header()?;
                }
                Some(_) => self.key_value()?,
            }
            // The rest of the line: blanks, perhaps a comment, its end.
            self.skip_blanks();
            if self.peek() == Some(b'#') {
                self.comment()?;
            }
            match self.peek() {
                None => return Some(self.at),
                Some(b'\n' | b'\r') => {
                    self.newline()?;
                    line_start = self.at;
                }
                Some(_) => return None,
            }
        }
    }

    fn header(&mut self) -> Plain {
        let open = self.at;
        let array = self.bytes.get(open + 1) == Some(&b'[');
        if array {
            self.at += 2;
            self.builder
                .array_table_open(span(open, self.at), self.errors);
        } else {
            self.at += 1;
            self.builder
                .std_table_open(span(open, self.at), self.errors);
        }
        self.skip_blanks();
        self.key()?;
        self.skip_blanks();
        let close = self.at;
        if array {
            if !self.bytes[close..].starts_with(b"]]") {
                return None;
            }
            self.at += 2;
            self.builder
                .array_table_close(span(close, self.at), self.errors);
        } else {
            if self.peek() != Some(b']') {
                return None;
            }
            self.at += 1;
            self.builder
                .std_table_close(span(close, self.at), self.errors);
        }
        Some(())
    }

    fn key_value(&mut self) -> Plain {
        self.key()?;
        self.skip_blanks();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_blanks();
        self.value()
    }

    /// A possibly dotted key; blanks may surround the dots.
    fn key(&mut self) -> Plain {
        loop {
            self.simple_key()?;
            self.skip_blanks();
            if self.peek() != Some(b'.') {
                return Some(());
            }
            self.at += 1;
            self.skip_blanks();
        }
    }

    fn simple_key(&mut self) -> Plain {
        let start = self.at;
        let rest = &self.bytes[start..];
        if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
            // A multi-line string is no key.
            return None;
        }
        let (quote, plain) = match self.peek()? {
            b'"' => {
                let (end, plain) = basic_string_end(self.bytes, start)?;
                self.at = end;
                (Quote::Basic, plain)
            }
            b'\'' => {
                let (end, plain) = literal_string_end(self.bytes, start)?;
                self.at = end;
                (Quote::Literal, plain)
            }
            _ => {
                self.at = start + count_while(&self.bytes[start..], BARE_KEY, true);
                // Anything else glued to the key would be part of it.
                if self.at == start
                    || !matches!(self.peek(), Some(b' ' | b'\t' | b'.' | b'=' | b']'))
                {
                    return None;
                }
                (Quote::Bare, true)
            }
        };
        self.builder
            .key_part(Span::new(start, self.at), quote, plain);
        Some(())
    }

    fn value(&mut self) -> Plain {
        let start = self.at;
        let ((end, plain), quote) = match self.peek()? {
            b'[' => return self.array(),
            b'{' => return self.inline_table(),
            b'"' if self.bytes[start..].starts_with(b"\"\"\"") => (
                (multi_line_string_end(self.bytes, start, b"\"\"\"")?, false),
                Quote::MultiLineBasic,
            ),
            b'"' => (basic_string_end(self.bytes, start)?, Quote::Basic),
            b'\'' if self.bytes[start..].starts_with(b"'''") => (
                (multi_line_string_end(self.bytes, start, b"'''")?, false),
                Quote::MultiLineLiteral,
            ),
            b'\'' => (literal_string_end(self.bytes, start)?, Quote::Literal),
            _ => return self.unquoted_scalar(),
        };
        self.at = end;
        let kind = plain.then_some(ScalarKind::String);
        self.builder
            .scalar_value(Span::new(start, end), quote, kind);
        Some(())
    }

    /// A number, boolean or date: everything up to the next delimiter,
    /// dots included, as the parser joins it.
    fn unquoted_scalar(&mut self) -> Plain {
        let start = self.at;
        let length = count_while(&self.bytes[start..], SCALAR_END, false);
        if length == 0 || self.bytes[start] == b'.' {
            return None;
        }
        self.at += length;
        // `1979-05-27 07:32:00`: the parser joins words across a blank;
        // rare enough to leave to it.
        let after_blanks = self.bytes[self.at..]
            .iter()
            .position(|&b| b != b' ' && b != b'\t');
        if let Some(next) = after_blanks
            && next > 0
            && !matches!(
                self.bytes[self.at + next],
                b',' | b']' | b'}' | b'#' | b'\r' | b'\n'
            )
        {
            return None;
        }
        let span = Span::new(start, self.at);
        let kind = plainly_valid_scalar(span.text(self.builder.source), Quote::Bare);
        self.builder.scalar_value(span, Quote::Bare, kind);
        Some(())
    }

    fn array(&mut self) -> Plain {
        let open = self.at;
        self.at += 1;
        // The builder refuses nesting past `MAX_NESTING`; giving up then
        // bounds this recursion as it bounds the parser's.
        if !self.builder.array_open(span(open, self.at), self.errors) {
            return None;
        }
        self.items(b']', Self::value)?;
        self.builder
            .array_close(span(self.at, self.at + 1), self.errors);
        self.at += 1;
        Some(())
    }

    fn inline_table(&mut self) -> Plain {
        let open = self.at;
        self.at += 1;
        if !self
            .builder
            .inline_table_open(span(open, self.at), self.errors)
        {
            return None;
        }
        self.items(b'}', Self::key_value)?;
        self.builder
            .inline_table_close(span(self.at, self.at + 1), self.errors);
        self.at += 1;
        Some(())
    }

    /// The items of an array or inline table, up to its `close` bracket:
    /// separated by commas (a trailing one allowed), with blanks, comments
    /// and line breaks around them (TOML 1.0 forbids the last two in an
    /// inline table; the builder says so, and then this gives up).
    fn items(&mut self, close: u8, item: fn(&mut Self) -> Plain) -> Plain {
        loop {
            self.skip_blanks_and_lines()?;
            self.clean()?;
            if self.peek() == Some(close) {
                return Some(());
            }
            item(self)?;
            self.skip_blanks_and_lines()?;
            match self.peek() {
                Some(b',') => self.value_separator(),
                Some(byte) if byte == close => return Some(()),
                _ => return None,
            }
        }
    }

    /// Gives up once the builder has found an error: the full parser will
    /// report it, and after some errors the builder stops listening
    /// (`Builder::abandoned`) while the calls below would go on.
    fn clean(&self) -> Plain {
        self.builder.own_errors.is_empty().then_some(())
    }

    fn value_separator(&mut self) {
        self.builder
            .value_sep(span(self.at, self.at + 1), self.errors);
        self.at += 1;
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Blanks, comments and line breaks, as between the items of an array.
    fn skip_blanks_and_lines(&mut self) -> Plain {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => self.newline()?,
                _ => return Some(()),
            }
        }
    }

    fn comment(&mut self) -> Plain {
        let start = self.at;
        let rest = &self.bytes[start..];
        let end = start + memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        if !printable(&self.bytes[start..end]) {
            return None;
        }
        self.at = end;
        self.builder.comment(span(start, end), self.errors);
        Some(())
    }

    fn newline(&mut self) -> Plain {
        let start = self.at;
        let length = match &self.bytes[start..] {
            [b'\n', ..] => 1,
            [b'\r', b'\n', ..] => 2,
            _ => return None,
        };
        self.at += length;
        self.builder.newline(span(start, self.at), self.errors);
        Some(())
    }
}

/// A span for the parser's callbacks.
fn span(start: usize, end: usize) -> toml_parser::Span {
    toml_parser::Span::new_unchecked(start, end)
}

/// Byte classes for the scans: a bare key's bytes, and the bytes that end
/// an unquoted scalar.
const BARE_KEY: u8 = 1;
const SCALAR_END: u8 = 2;
static CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if is_bare_key_byte(b) {
            classes[byte] |= BARE_KEY;
        }
        if matches!(
            b,
            b'=' | b',' | b'[' | b']' | b'{' | b'}' | b' ' | b'\t' | b'#' | b'\r' | b'\n'
        ) {
            classes[byte] |= SCALAR_END;
        }
        byte += 1;
    }
    classes
};

fn count_while(bytes: &[u8], class: u8, member: bool) -> usize {
    bytes
        .iter()
        .take_while(|&&b| (CLASSES[b as usize] & class != 0) == member)
        .count()
}

/// Where the one-line basic string opening at `start` ends (after its
/// closing quote), as the lexer reads it: a backslash escapes a following
/// backslash or quote. `None` when the line or text ends first. And
/// whether it is plainly valid: [`printable`], without escapes.
fn basic_string_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let mut at = start + 1;
    let mut plain = true;
    loop {
        let run = memchr::memchr3(b'"', b'\\', b'\n', &bytes[at..])?;
        plain &= printable(&bytes[at..at + run]);
        at += run;
        match bytes[at] {
            b'"' => return Some((at + 1, plain)),
            b'\n' => return None,
            _ => {
                plain = false;
                let escaped = matches!(bytes.get(at + 1), Some(b'\\' | b'"'));
                at += if escaped { 2 } else { 1 };
            }
        }
    }
}

fn literal_string_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let content = start + 1;
    let run = memchr::memchr2(b'\'', b'\n', &bytes[content..])?;
    let close = content + run;
    (bytes[close] == b'\'').then(|| (close + 1, printable(&bytes[content..close])))
}

/// Where the multi-line string opening at `start` with `delimiter` ends:
/// after the first closing delimiter (not escaped, for basic strings) and
/// up to two more quotes, which belong to the content.
fn multi_line_string_end(bytes: &[u8], start: usize, delimiter: &[u8; 3]) -> Option<usize> {
    let quote = delimiter[0];
    let mut at = start + 3;
    loop {
        at += if quote == b'"' {
            memchr::memchr2(quote, b'\\', &bytes[at..])?
        } else {
            memchr::memchr(quote, &bytes[at..])?
        };
        if bytes[at] == b'\\' {
            let escaped = matches!(bytes.get(at + 1), Some(b'\\' | b'"'));
            at += if escaped { 2 } else { 1 };
        } else if bytes[at..].starts_with(delimiter) {
            let mut end = at + 3;
            for _ in 0..2 {
                if bytes.get(end) == Some(&quote) {
                    end += 1;
                }
            }
            return Some(end);
        } else {
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SyntaxTree, TomlVersion, parse_fully, parse_in_halves};
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    /// The tree of `source`, when the quick path reads all of it and finds no
    /// error; `None` otherwise: the quick path alone, to hold it to the full
    /// parser.
    fn parse(source: &str, version: TomlVersion) -> Option<SyntaxTree> {
        let parser_errors = Cell::new(0);
        let mut builder = Builder::new(source, version, &parser_errors);
        read(&mut builder, 0, None)?;
        Some(builder.finish())
    }

    fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
        prop::sample::select(options).prop_map(String::from)
    }

    /// Mostly `good`, now and then `bad`.
    fn mostly(
        good: &'static [&'static str],
        bad: &'static [&'static str],
    ) -> impl Strategy<Value = String> + Clone {
        prop_oneof![12 => pick(good), 1 => pick(bad)]
    }

    fn key() -> impl Strategy<Value = String> + Clone {
        mostly(
            &[
                "a",
                "b-c",
                "_1",
                r#""q k""#,
                "'lit'",
                "a.b",
                r#"a . "b""#,
                "1.2",
                r#""""#,
                r#""\u00e9""#,
                r#""a\"b""#,
                "true",
                "a\t.b",
            ],
            &["ü", "a b", "'''x'''", "\"x", "a.", r#""\q""#],
        )
    }

    fn value() -> impl Strategy<Value = String> {
        let scalar = mostly(
            &[
                "1",
                "-17",
                "+3",
                "0x1F",
                "0o7",
                "0b101",
                "1_000",
                "3.14",
                "-0.5e-3",
                "1e10",
                "inf",
                "-nan",
                "true",
                "false",
                "1979-05-27T07:32:00Z",
                "1979-05-27",
                "07:32:00",
                "1979-05-27T00:32:00.999-07:00",
                r#""plain""#,
                r#""esc \" \\ \n \u00e9""#,
                r#""\x41 \e""#,
                r#""""#,
                "'lit'",
                "''",
                "\"\"\"\nml\"\"\"",
                r#""""a""""""#,
                r#""""a\""""#,
                "'''x'''''",
                "'''\nl\n'''",
                "\"\"\"\\\n  end\"\"\"",
                "\"tab\there\"",
                "\"𝄞\"",
                "07:32",
            ],
            &[
                "1979-05-27 07:32:00",
                "01",
                "1__2",
                r#""bad \q""#,
                "truee",
                "2024-13-01",
                "99999999999999999999",
                "1.",
                ".5",
                "\"ctl\u{1}\"",
                "'a\nb'",
                "x",
                r#"""""""""#,
            ],
        );
        let gap = mostly(
            &["", " ", "\n", " # c\n", "\r\n", "\t"],
            &["\r", "# \u{7f}\n", "#\r"],
        );
        scalar.prop_recursive(4, 24, 4, move |inner| {
            let items = prop::collection::vec((gap.clone(), inner.clone(), gap.clone()), 0..4);
            let entries = prop::collection::vec((gap.clone(), key(), inner, gap.clone()), 0..4);
            let trailing = mostly(&["", ",", ", "], &[",,"]);
            prop_oneof![
                (items, trailing.clone()).prop_map(|(items, trailing)| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(a, v, b)| format!("{a}{v}{b}"))
                        .collect();
                    format!("[{}{trailing}]", items.join(","))
                }),
                (entries, trailing).prop_map(|(entries, trailing)| {
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(a, k, v, b)| format!("{a}{k} = {v}{b}"))
                        .collect();
                    format!("{{{}{trailing}}}", entries.join(","))
                }),
            ]
        })
    }

    fn line() -> impl Strategy<Value = String> {
        let end = mostly(&["\n", "\r\n", " # tail\n", "\n\n"], &["", "\r"]);
        let body = prop_oneof![
            2 => key().prop_map(|k| format!("[{k}]")),
            2 => key().prop_map(|k| format!("[[{k}]]")),
            1 => key().prop_map(|k| format!("  [ {k} ] ")),
            8 => (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
            1 => (key(), value()).prop_map(|(k, v)| format!("\t{k}={v} ")),
            1 => mostly(&["# comment", "", "   "], &["\u{feff}", "=", "[", "a = 1 b = 2", "[[a] ]"]),
        ];
        (body, end).prop_map(|(body, end)| body + &end)
    }

    /// Mostly valid documents, some with one thing broken or rare.
    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(line(), 0..8).prop_map(|lines| lines.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Whatever the quick path accepts, the full parser accepts as well,
        /// with the same tree.
        #[test]
        fn a_clean_quick_parse_equals_the_full_parse(source in document()) {
            for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
                if let Some(quick) = parse(&source, version) {
                    let full = parse_fully(&source, version);
                    prop_assert!(full.errors.is_empty(), "{:?} {:?}: {:?}", version, source, full.errors);
                    prop_assert_eq!(quick, full, "{:?} {:?}", version, source);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Split in two at a header near the middle, each half on the
        /// quick path or, where it gives up, the full parser: the same tree.
        #[test]
        fn halves_read_quickly_join_like_the_full_parse(
            lines in prop::collection::vec(line(), 0..16),
        ) {
            let source = lines.concat();
            for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
                let full = parse_fully(&source, version);
                prop_assert_eq!(parse_in_halves(&source, version, 0), full, "{:?} {:?}", version, source);
            }
        }
    }

    #[test]
    fn halves_join_whichever_half_gives_up() {
        let clean = "a = 1\n[b]\nc = \"x\"\n[d]\ne = [1, 2]\n[f]\ng = {h = 1}\n";
        let broken_head = "a = 1 x\n[b]\nc = 2\n[d]\ne = [1, 2]\n[f]\ng = 1\n";
        let broken_tail = "a = 1\n[b]\nc = 2\n[d]\ne = [1, 2]\n[f]\ng = 1 x\n";
        let rare_tail = "a = 1\n[b]\nc = 2\n[d]\ne = [1, 2]\n[f]\ng = 1979-05-27 07:32:00\n";
        // The header near the middle lies inside a multi-line string.
        let no_region = "a = 1\nb = \"\"\"\n[c]\nd = 2\n[e]\n\"\"\"\n[f]\n";
        for source in [clean, broken_head, broken_tail, rare_tail, no_region] {
            for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
                let full = parse_fully(source, version);
                assert_eq!(parse_in_halves(source, version, 0), full, "{source:?}");
            }
        }
    }

    /// The property above is only as good as the share of documents the
    /// quick path accepts, and of those it must refuse.
    #[test]
    fn the_generator_reaches_both_outcomes() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let (mut quick, mut full) = (0, 0);
        for _ in 0..500 {
            let source = document().new_tree(&mut runner).unwrap().current();
            match parse(&source, TomlVersion::V1_1) {
                Some(_) => quick += 1,
                None => full += 1,
            }
        }
        assert!(quick > 100 && full > 100, "quick {quick}, full {full}");
    }

    #[test]
    fn rarities_go_to_the_full_parser() {
        for source in [
            "\u{feff}a = 1\n",
            "d = 1979-05-27 07:32:00\n",
            "a = 1\rb = 2\n",
            "# bell \u{7}\n",
            "a = \"unterminated\n",
            "a.\"b\" = [1,,2]\n",
        ] {
            assert!(parse(source, TomlVersion::V1_1).is_none(), "{source:?}");
        }
    }
}
