//! Builds the [`SyntaxTree`] from `toml_parser`'s event stream.
//!
//! The parser validates the order of tokens; this builder validates their
//! content (string escapes, numbers, dates, keys) and the differences
//! between TOML 1.0 and 1.1, so every syntax error of the document comes out
//! of one pass. It never fails and never recurses: nesting is an explicit
//! stack, capped at [`MAX_NESTING`] so hostile input yields an error instead
//! of a stack overflow in the parser beneath.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source};

use super::messages::syntax_errors;
use super::tree::{
    Entry, Header, HeaderKind, Key, KeyPart, KeyParts, Quote, Section, SyntaxError, SyntaxTree,
    TomlVersion, Value, ValueKind, parse_float, scalar_kind, to_parser,
};
use crate::text::{AppliedEdit, Span, floor_char_boundary};

mod plain;

/// Parses run by this process, whole texts and incremental reparses: a
/// cheap tally that lets a test (and a debug log) prove that work is not
/// repeated, e.g. that no editor request parses the document again.
static WHOLE_PARSES: AtomicU64 = AtomicU64::new(0);
static REPARSES: AtomicU64 = AtomicU64::new(0);

/// The tally of [`WHOLE_PARSES`] and [`REPARSES`] so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseCounts {
    /// Texts parsed from their first byte to their last.
    pub whole: u64,
    /// Edits reparsed from an earlier tree ([`reparse_sections`]).
    pub reparses: u64,
}

pub fn parse_counts() -> ParseCounts {
    ParseCounts {
        whole: WHOLE_PARSES.load(Ordering::Relaxed),
        reparses: REPARSES.load(Ordering::Relaxed),
    }
}

/// How deep arrays and inline tables may nest. Real configs stay in single
/// digits; the limit exists because the parser beneath recurses.
pub const MAX_NESTING: usize = 128;

/// Parses `source` under `version`. Never fails: bad TOML becomes
/// [`SyntaxTree::errors`] next to whatever structure could be recovered.
///
/// The document is lexed once, as a stream, and parsed one region at a
/// time: a region ends where a table header starts a line outside any
/// array or inline table, which is exactly where the parser is back at the
/// top level. So the parse equals a parse of the whole token list, while
/// only one region's tokens are held at once — and an edit needs only the
/// regions it touches parsed again ([`reparse`]).
pub fn parse(source: &str, version: TomlVersion) -> SyntaxTree {
    WHOLE_PARSES.fetch_add(1, Ordering::Relaxed);
    let parser_errors = Cell::new(0);
    let fresh = || Builder::new(source, version, &parser_errors);
    read(&fresh, 0, None).0.finish()
}

/// Reads the source from `from` (0, or the start of a header line) into a
/// builder from `fresh`: the quick path first, and where it gives up the
/// full parser on a fresh builder. Stops before the region that starts at
/// `stop`, if one does; returns the builder and where it stopped (`None`:
/// it read to the end).
fn read<'s>(
    fresh: &dyn Fn() -> Builder<'s>,
    from: usize,
    stop: Option<usize>,
) -> (Builder<'s>, Option<usize>) {
    let mut builder = fresh();
    if let Some(end) = plain::read(&mut builder, from, stop) {
        return (builder, stop.filter(|&stop| stop == end));
    }
    let mut builder = fresh();
    let stopped = run_regions(&mut builder, from, &|start| Some(start) == stop);
    (builder, stopped)
}

/// [`parse`] without its quick path: every token through `toml_parser`.
/// Equal to `parse` on every input; public so that the compliance test and
/// the fuzz target can hold the quick path to it.
pub fn parse_fully(source: &str, version: TomlVersion) -> SyntaxTree {
    WHOLE_PARSES.fetch_add(1, Ordering::Relaxed);
    let parser_errors = Cell::new(0);
    let mut builder = Builder::new(source, version, &parser_errors);
    run_regions(&mut builder, 0, &|_| false);
    builder.finish()
}

/// Texts at least this long are worth a second thread in
/// [`parse_on_two_threads`].
const TWO_THREADS_MIN_LEN: usize = 1 << 20;

/// [`parse`], for a long text on two threads: the second half is parsed
/// from a table header near the middle while the first half is parsed up
/// to it. When the first half's parse reaches that header as the start of
/// a region, the halves join as [`reparse`] joins regions; when it does not
/// (the header line lies inside a multi-line string or array), the first
/// parse goes on to the end and the second is dropped. Each half takes the
/// quick path where it can. Equal to `parse` either way.
pub fn parse_on_two_threads(source: &str, version: TomlVersion) -> SyntaxTree {
    parse_in_halves(source, version, TWO_THREADS_MIN_LEN)
}

fn parse_in_halves(source: &str, version: TomlVersion, min_len: usize) -> SyntaxTree {
    let middle = (source.len() >= min_len)
        .then(|| floor_char_boundary(source, source.len() / 2))
        .and_then(|half| source[half..].find("\n[").map(|at| half + at + 1));
    let Some(middle) = middle else {
        return parse(source, version);
    };
    WHOLE_PARSES.fetch_add(1, Ordering::Relaxed);
    fn join<T>(mut first: Vec<T>, second: Vec<T>) -> Vec<T> {
        first.extend(second);
        first
    }
    let (head, tail) = rayon::join(
        || {
            let parser_errors = Cell::new(0);
            let fresh = || Builder::new(source, version, &parser_errors);
            match read(&fresh, 0, Some(middle)) {
                (builder, Some(stop)) => Ok(builder.finish_part(stop)),
                // The guess was no region start: this is the whole parse.
                (builder, None) => Err(builder.finish()),
            }
        },
        || {
            let parser_errors = Cell::new(0);
            let fresh = || {
                let mut builder = Builder::new(source, version, &parser_errors);
                // Every region after the first begins with a header: no root.
                builder.sections.clear();
                builder
            };
            read(&fresh, middle, None).0.finish()
        },
    );
    let head = match head {
        Ok(head) => head,
        Err(whole) => return whole,
    };
    let mut sections = head.sections;
    sections.extend(tail.sections);
    let all = 0..sections.len();
    fix_section_spans(&mut sections, all, source.len());
    SyntaxTree {
        sections,
        comments: join(head.comments, tail.comments),
        errors: join(head.errors, tail.errors),
        region_starts: join(head.region_starts, tail.region_starts),
    }
}

/// Parses `source` again after one edit, reusing every region of `old`
/// the edit cannot have changed. `old` must be the parse of the text
/// before the edit, under the same `version`; `edit` says which bytes of
/// that text were replaced and how long the replacement is. The result
/// equals `parse(source, version)`.
///
/// Parsing restarts one region before the region holding the edit and
/// runs until a region starts where an old one started, past the edit:
/// from there the old regions are reused, their spans moved by the edit's
/// change in length.
pub fn reparse(
    old: SyntaxTree,
    source: &str,
    version: TomlVersion,
    edit: AppliedEdit,
) -> SyntaxTree {
    let mut tree = reparse_sections(old, source, version, edit).0;
    tree.settle();
    tree
}

/// Which sections a reparse replaced. The sections before both ranges are
/// the old ones, untouched; those after both are the old ones moved by the
/// edit (their entries once settled, see [`reparse_sections`]); `old`
/// indexes the old tree's sections that are gone and `new` the new tree's
/// sections in their place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionChange {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// [`reparse`], also telling which sections it replaced, and leaving the
/// entries of the sections after them where they were: a caller settles
/// ([`SyntaxTree::settle_sections`]) the sections it reads, so that an edit
/// costs the sections of the document rather than every span after it.
pub fn reparse_sections(
    old: SyntaxTree,
    source: &str,
    version: TomlVersion,
    edit: AppliedEdit,
) -> (SyntaxTree, SectionChange) {
    REPARSES.fetch_add(1, Ordering::Relaxed);
    let delta = edit.new_len as isize - edit.old.len() as isize;
    let edit_start = edit.old.start();
    let old_edit_end = edit.old.end();
    let new_edit_end = edit_start + edit.new_len;
    if source.len() as isize - delta < old_edit_end as isize || old.sections.is_empty() {
        // The edit does not fit the old text: not the parse it claims.
        let tree = parse(source, version);
        let change = SectionChange {
            old: 0..old.sections.len(),
            new: 0..tree.sections.len(),
        };
        return (tree, change);
    }
    // The region holding the edit may lose the header it starts with
    // (say, `[` deleted); the one before it keeps its header line whole,
    // since that line ends before the edit, so parsing can restart there
    // exactly as a full parse passes it.
    let before_edit = old
        .region_starts
        .iter()
        .map(|&start| start as usize)
        .take_while(|&start| start < edit_start)
        .count();
    let restart = old
        .region_starts
        .get(before_edit.saturating_sub(2))
        .map_or(0, |&start| start as usize);
    let resume_old: &[u32] = &old.region_starts;
    let parser_errors = Cell::new(0);
    let mut builder = Builder::new(source, version, &parser_errors);
    if restart > 0 {
        // The builder's own root section stays empty: every region after
        // the first begins with a header.
        builder.sections.clear();
    }
    let resync = run_regions(&mut builder, restart, &|new_start| {
        new_start >= new_edit_end
            && new_start as isize - delta >= old_edit_end as isize
            && resume_old
                .binary_search(&((new_start as isize - delta) as u32))
                .is_ok()
    });
    let fresh = builder.finish_part(resync.unwrap_or(source.len()));
    splice(old, fresh, source, restart, resync, delta)
}

/// Joins the unchanged head of `old` (before `restart`), the freshly
/// parsed middle, and the tail of `old` from `resync` on (moved by
/// `delta`), in place: a tail section's entries are moved only when read.
fn splice(
    old: SyntaxTree,
    fresh: SyntaxTree,
    source: &str,
    restart: usize,
    resync: Option<usize>,
    delta: isize,
) -> (SyntaxTree, SectionChange) {
    let old_resync = resync.map(|at| (at as isize - delta) as usize);
    let SyntaxTree {
        mut sections,
        mut comments,
        mut errors,
        mut region_starts,
    } = old;
    let headed = replaced_range(
        sections.get(1..).unwrap_or_default(),
        section_start,
        restart,
        old_resync,
    );
    // The root section is kept unless `restart` is 0, when the fresh parse
    // rebuilt it; it is never part of the tail.
    let first = if restart == 0 { 0 } else { headed.start + 1 };
    let change = SectionChange {
        old: first..headed.end + 1,
        new: first..first + fresh.sections.len(),
    };
    for section in &mut sections[change.old.end..] {
        section.shift(delta);
    }
    sections.splice(change.old.clone(), fresh.sections);
    let around = change.new.start.saturating_sub(1)..(change.new.end + 1).min(sections.len());
    fix_section_spans(&mut sections, around, source.len());

    let ends = (restart, old_resync);
    let start = |span: &Span| span.start();
    splice_sorted(
        &mut comments,
        fresh.comments,
        start,
        |c| *c = c.shifted(delta),
        ends,
    );
    let start = |error: &SyntaxError| error.span.start();
    let moved = |error: &mut SyntaxError| error.span = error.span.shifted(delta);
    splice_sorted(&mut errors, fresh.errors, start, moved, ends);
    let moved = |at: &mut u32| *at = (*at as isize + delta) as u32;
    splice_sorted(
        &mut region_starts,
        fresh.region_starts,
        |&at| at as usize,
        moved,
        ends,
    );

    let tree = SyntaxTree {
        sections,
        comments,
        errors,
        region_starts,
    };
    (tree, change)
}

/// Puts `fresh` in place of the `items` a reparse replaced (see
/// [`replaced_range`]; `ends` is its `restart` and `old_resync`), moving
/// those after them with `shift`.
fn splice_sorted<T>(
    items: &mut Vec<T>,
    fresh: Vec<T>,
    start: impl Fn(&T) -> usize,
    shift: impl FnMut(&mut T),
    (restart, old_resync): (usize, Option<usize>),
) {
    let gone = replaced_range(items, start, restart, old_resync);
    items[gone.end..].iter_mut().for_each(shift);
    items.splice(gone, fresh);
}

/// Where a section starts: at its header, or (the root) at the document
/// start.
fn section_start(section: &Section) -> usize {
    section
        .header
        .as_ref()
        .map_or(0, |header| header.span.start())
}

/// Which of `items`, sorted by where they start, a reparse replaced:
/// those from `restart` on, up to the first that starts at `old_resync` or
/// later.
fn replaced_range<T>(
    items: &[T],
    start: impl Fn(&T) -> usize,
    restart: usize,
    old_resync: Option<usize>,
) -> Range<usize> {
    let head = items.partition_point(|item| start(item) < restart);
    let tail = old_resync.map_or(items.len(), |at| {
        head + items[head..].partition_point(|item| start(item) < at)
    });
    head..tail
}

/// A section runs from its header to the next one (the first from the
/// document start): sets the spans of the sections at `indices`.
fn fix_section_spans(sections: &mut [Section], indices: Range<usize>, end: usize) {
    for index in indices {
        let start = section_start(&sections[index]);
        let next = sections.get(index + 1).map_or(end, section_start);
        sections[index].span = Span::new(start, next.max(start));
    }
}

/// Streams the regions of `builder.source` from `from` (a region start),
/// parsing each. Before parsing a region that starts at `offset`, asks
/// `stop(offset)`; when it says yes, returns that offset unparsed.
fn run_regions(
    builder: &mut Builder<'_>,
    from: usize,
    // Not generic: with one copy of this loop the lexer's `next` has one
    // caller and is inlined into it; two copies made lexing about twice as
    // expensive (callgrind, analyse-200).
    stop: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let source = builder.source;
    let text = &source[from..];
    builder.base = from;
    builder.region_starts.push(from as u32);
    let mut region: Vec<Token> = Vec::with_capacity(256);
    let mut scan = RegionScan::new();
    for token in Source::new(text).lex() {
        if let Some(cut) = scan.region_end(&token) {
            parse_region(builder, &region[..cut], true);
            region.drain(..cut);
            scan.drained(cut);
            let start = from
                + region
                    .first()
                    .map_or(token.span().start(), |t| t.span().start());
            if stop(start) {
                return Some(start);
            }
            builder.region_starts.push(start as u32);
        }
        scan.observe(&token, region.len());
        region.push(token);
    }
    parse_region(builder, &region, false);
    None
}

/// Parses one region's tokens (spans relative to `builder.base`). Usually
/// one round. A broken inline table makes the parser swallow every
/// following line looking for its `}`; the builder gives up on it at the
/// end of its line and parsing resumes there, so one mistake stays one
/// finding.
///
/// When another region follows (`followed`), an error the parser places
/// right after this region's last token is moved onto that token, so every
/// error lies inside the region that produced it: that is what lets a
/// reparse keep or drop errors by position alone.
fn parse_region(builder: &mut Builder<'_>, tokens: &[Token], followed: bool) {
    let base = builder.base;
    let last = tokens.last().map(|token| token.span());
    let mut from = 0;
    while from < tokens.len() {
        let mut sink = RebasingSink {
            base,
            errors: Vec::new(),
            count: builder.parser_errors,
        };
        let text = &builder.source[base..];
        {
            let mut validated = ValidateWhitespace::new(builder, Source::new(text));
            toml_parser::parser::parse_document(&tokens[from..], &mut validated, &mut sink);
        }
        let stop = builder.resume_at.take();
        let region_end = last.map(|span| span.end() + base);
        builder.raw_errors.extend(
            sink.errors
                .into_iter()
                .filter(|error| stop.is_none_or(|stop| error_start(error) < stop))
                .map(|error| match (followed, region_end, last) {
                    (true, Some(end), Some(span)) if error_start(&error) >= end => {
                        let inside = toml_parser::Span::new_unchecked(
                            span.start() + base,
                            span.end() + base,
                        );
                        ParseError::new(error.description().to_owned())
                            .with_unexpected(inside)
                            .with_expected(error.expected().unwrap_or(&[]))
                    }
                    _ => error,
                }),
        );
        let Some(next) = stop else { break };
        builder.abandoned = false;
        let resume = tokens.partition_point(|token| token.span().start() + base < next);
        if resume <= from {
            break;
        }
        from = resume;
    }
}

/// Finds where regions end while tokens stream past: at a `[` that starts
/// a line (after blanks) with no array or inline table open. When closing
/// brackets stop matching their openers, the scan cannot know what the
/// parser's recovery does, so the rest of the document stays one region.
struct RegionScan {
    /// Open `[` and `{` of values, innermost last.
    open: Vec<u8>,
    /// Index (in the region buffer) of the first token of the current line,
    /// while that line holds nothing but blanks so far.
    line_start: Option<usize>,
    /// Inside a `[header]`, whose brackets are not values.
    in_header: bool,
    lost: bool,
}

impl RegionScan {
    /// A scan of text that begins at a line start (the document's, or a
    /// region's).
    fn new() -> Self {
        RegionScan {
            open: Vec::new(),
            line_start: Some(0),
            in_header: false,
            lost: false,
        }
    }

    /// `Some(cut)` when `token` starts a new region: the region so far ends
    /// at buffer index `cut`.
    fn region_end(&self, token: &Token) -> Option<usize> {
        let starts_header = token.kind() == TokenKind::LeftSquareBracket
            && self.open.is_empty()
            && !self.lost
            && !self.in_header;
        match self.line_start {
            Some(cut) if starts_header && cut > 0 => Some(cut),
            _ => None,
        }
    }

    fn drained(&mut self, cut: usize) {
        self.line_start = self.line_start.map(|start| start - cut);
    }

    fn observe(&mut self, token: &Token, index: usize) {
        match token.kind() {
            TokenKind::Newline => {
                self.in_header = false;
                self.line_start = self.open.is_empty().then_some(index + 1);
            }
            TokenKind::Whitespace => {}
            TokenKind::LeftSquareBracket => {
                if self.line_start.is_some() && self.open.is_empty() {
                    self.in_header = true;
                } else if !self.in_header {
                    self.open.push(b'[');
                }
                self.line_start = None;
            }
            TokenKind::LeftCurlyBracket => {
                if !self.in_header {
                    self.open.push(b'{');
                }
                self.line_start = None;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                let opener = if token.kind() == TokenKind::RightSquareBracket {
                    b'['
                } else {
                    b'{'
                };
                if !self.in_header {
                    if self.open.last() == Some(&opener) {
                        self.open.pop();
                    } else {
                        self.lost = true;
                    }
                }
                self.line_start = None;
            }
            _ => self.line_start = None,
        }
    }
}

fn error_start(error: &ParseError) -> usize {
    error
        .unexpected()
        .or(error.context())
        .map_or(0, |span| span.start())
}

/// Collects the parser's errors (moved from the coordinates of the text
/// being lexed to the document's) and counts them, so the builder can tell
/// when something inside an open inline table went wrong.
struct RebasingSink<'c> {
    base: usize,
    errors: Vec<ParseError>,
    count: &'c Cell<usize>,
}

impl ErrorSink for RebasingSink<'_> {
    fn report_error(&mut self, error: ParseError) {
        self.count.set(self.count.get() + 1);
        if self.base == 0 {
            self.errors.push(error);
            return;
        }
        let shift = |span: toml_parser::Span| {
            toml_parser::Span::new_unchecked(span.start() + self.base, span.end() + self.base)
        };
        let mut moved = ParseError::new(error.description().to_owned());
        if let Some(context) = error.context() {
            moved = moved.with_context(shift(context));
        }
        if let Some(unexpected) = error.unexpected() {
            moved = moved.with_unexpected(shift(unexpected));
        }
        if let Some(expected) = error.expected() {
            moved = moved.with_expected(expected);
        }
        self.errors.push(moved);
    }
}

enum Frame {
    Header {
        kind: HeaderKind,
        open: Span,
        parts: KeyParts,
    },
    Entry {
        parts: KeyParts,
    },
    Array {
        open: Span,
        /// Where this array's items start in [`Builder::values`].
        items_from: usize,
    },
    InlineTable {
        open: Span,
        /// Where this table's entries start in [`Builder::entries`].
        entries_from: usize,
        /// The last thing seen was a `,`: a trailing comma if `}` follows.
        after_comma: bool,
        /// A newline was already reported for TOML 1.0, so the rest of the
        /// table does not repeat it.
        reported_newline: bool,
        /// Errors seen before the table opened; more at its line end mean
        /// the table itself is broken.
        errors_at_open: usize,
    },
    /// An array or inline table refused for nesting too deep; the parser
    /// skips to its end and closes it.
    Refused {
        open: Span,
    },
}

struct Builder<'s> {
    source: &'s str,
    version: TomlVersion,
    sections: Vec<Section>,
    comments: Vec<Span>,
    stack: Vec<Frame>,
    /// The entries of the current section, then those of each open inline
    /// table, innermost last; a container's are moved out in one exact
    /// allocation when it closes, so the tree holds no spare capacity.
    entries: Vec<Entry>,
    /// The items of each open array, innermost last; like `entries`.
    values: Vec<Value>,
    /// Where the text being lexed starts in `source`: parser spans are
    /// relative to it.
    base: usize,
    /// Where each region parsed so far starts.
    region_starts: Vec<u32>,
    /// Errors found by the builder itself, in document coordinates.
    own_errors: Vec<ParseError>,
    /// The parser's errors of finished rounds.
    raw_errors: Vec<ParseError>,
    parser_errors: &'s Cell<usize>,
    /// Set when the builder gives up on the rest of this round.
    resume_at: Option<usize>,
    abandoned: bool,
    /// Errors that only say "not allowed in TOML 1.0" about otherwise
    /// well-formed text.
    version_errors: usize,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, version: TomlVersion, parser_errors: &'s Cell<usize>) -> Self {
        Builder {
            source,
            version,
            base: 0,
            region_starts: Vec::new(),
            own_errors: Vec::new(),
            raw_errors: Vec::new(),
            parser_errors,
            resume_at: None,
            abandoned: false,
            version_errors: 0,
            sections: vec![Section::new(None, Vec::new(), Span::default())],
            comments: Vec::new(),
            stack: Vec::new(),
            entries: Vec::with_capacity(64),
            values: Vec::with_capacity(64),
        }
    }

    fn finish(self) -> SyntaxTree {
        let end = self.source.len();
        self.finish_part(end)
    }

    /// The tree of what was parsed, which ends at `end` (the document's
    /// end, or where a reparse stopped).
    fn finish_part(mut self, end: usize) -> SyntaxTree {
        let mut raw_errors = std::mem::take(&mut self.raw_errors);
        raw_errors.append(&mut self.own_errors);
        self.unwind_all_at(end);
        self.close_section();
        let all = 0..self.sections.len();
        fix_section_spans(&mut self.sections, all, end);
        SyntaxTree {
            sections: self.sections,
            comments: self.comments,
            errors: syntax_errors(self.source, raw_errors),
            region_starts: self.region_starts,
        }
    }

    /// Closes every open frame, as at the end of the document.
    fn unwind_all_at(&mut self, end: usize) {
        while let Some(frame) = self.stack.pop() {
            self.close_frame(frame, end);
        }
    }

    /// Closes whatever a line break ends: an unclosed header or an entry
    /// whose value never came. Arrays and inline tables span lines.
    fn end_of_line(&mut self, at: usize) {
        if matches!(
            self.stack.as_slice(),
            [Frame::Header { .. }] | [Frame::Entry { .. }]
        ) {
            let frame = self.stack.pop().expect("matched a one-frame stack");
            self.close_frame(frame, at);
        }
    }

    fn close_frame(&mut self, frame: Frame, end: usize) {
        match frame {
            Frame::Header { kind, open, parts } => self.push_header(kind, open, parts, end),
            Frame::Entry { parts } => {
                let at = parts.last().map_or(end, |part| part.span.end());
                self.push_entry(parts, invalid_value(Span::empty_at(at)));
            }
            Frame::Array { open, items_from } => {
                let span = Span::new(open.start(), end);
                let items = self.values.split_off(items_from).into_boxed_slice();
                self.push_value(Value {
                    span,
                    kind: ValueKind::Array(items),
                });
            }
            Frame::InlineTable {
                open, entries_from, ..
            } => {
                let span = Span::new(open.start(), end);
                let entries = self.entries.split_off(entries_from).into_boxed_slice();
                self.push_value(Value {
                    span,
                    kind: ValueKind::InlineTable(entries),
                });
            }
            Frame::Refused { open } => self.push_value(invalid_value(Span::new(open.start(), end))),
        }
    }

    fn push_header(&mut self, kind: HeaderKind, open: Span, parts: KeyParts, end: usize) {
        let key = make_key(parts, open.end());
        self.close_section();
        let header = Header {
            kind,
            key,
            span: Span::new(open.start(), end.max(open.end())),
        };
        self.sections
            .push(Section::new(Some(header), Vec::new(), Span::default()));
    }

    /// Moves the current section's entries into it. Headers start on the
    /// top level, so no inline table is open here and every entry left in
    /// the scratch belongs to that section.
    fn close_section(&mut self) {
        debug_assert!(self.stack.is_empty(), "a section ends on the top level");
        let entries: Vec<Entry> = self.entries.drain(..).collect();
        if let Some(section) = self.sections.last_mut() {
            section.set_entries(entries);
        }
    }

    /// Attaches a finished value to whatever is waiting for it.
    fn push_value(&mut self, value: Value) {
        match self.stack.last_mut() {
            Some(Frame::Array { .. }) => self.values.push(value),
            Some(Frame::Entry { .. }) => {
                let Some(Frame::Entry { parts }) = self.stack.pop() else {
                    unreachable!("checked above")
                };
                self.push_entry(parts, value);
            }
            // A value where none belongs; the parser has reported it.
            _ => {}
        }
    }

    fn push_entry(&mut self, parts: KeyParts, value: Value) {
        let key = make_key(parts, value.span.start());
        let entry = Entry { key, value };
        match self.stack.last_mut() {
            Some(Frame::InlineTable { after_comma, .. }) => {
                *after_comma = false;
                self.entries.push(entry);
            }
            None => self.entries.push(entry),
            _ => {}
        }
    }

    fn nesting(&self) -> usize {
        self.stack
            .iter()
            .filter(|frame| {
                matches!(
                    frame,
                    Frame::Array { .. } | Frame::InlineTable { .. } | Frame::Refused { .. }
                )
            })
            .count()
    }

    fn open_container(&mut self, frame: Frame, open: Span) -> bool {
        self.note_inline_table_content();
        if self.nesting() >= MAX_NESTING {
            self.own_errors
                .push(ParseError::new(NESTING_TOO_DEEP).with_unexpected(to_parser(open)));
            self.stack.push(Frame::Refused { open });
            return false;
        }
        self.stack.push(frame);
        true
    }

    fn close_container(&mut self, close: Span) {
        match self.stack.pop() {
            Some(Frame::InlineTable {
                open,
                entries_from,
                after_comma,
                ..
            }) => {
                if after_comma && self.version == TomlVersion::V1_0 {
                    self.own_errors.push(
                        ParseError::new(TRAILING_COMMA_1_0).with_unexpected(to_parser(close)),
                    );
                }
                let entries = self.entries.split_off(entries_from).into_boxed_slice();
                self.push_value(Value {
                    span: Span::new(open.start(), close.end()),
                    kind: ValueKind::InlineTable(entries),
                });
            }
            Some(frame) => self.close_frame(frame, close.end()),
            None => {}
        }
    }

    /// Anything but a comma inside an inline table clears "after comma".
    fn note_inline_table_content(&mut self) {
        if let Some(Frame::InlineTable { after_comma, .. }) = self.stack.last_mut() {
            *after_comma = false;
        }
    }

    fn in_inline_table(&self) -> bool {
        self.stack.iter().rev().find_map(|frame| match frame {
            Frame::InlineTable { .. } => Some(true),
            Frame::Array { .. } | Frame::Refused { .. } => Some(false),
            _ => None,
        }) == Some(true)
    }

    /// TOML 1.0 forbids line breaks inside inline tables (comments included,
    /// since a comment runs to a line break). Reported once per table.
    fn check_inline_table_line_break(&mut self, span: Span) {
        if self.version != TomlVersion::V1_0 || !self.in_inline_table() {
            return;
        }
        let reported = self.stack.iter_mut().rev().find_map(|frame| match frame {
            Frame::InlineTable {
                reported_newline, ..
            } => Some(reported_newline),
            _ => None,
        });
        if let Some(reported) = reported
            && !*reported
        {
            *reported = true;
            self.own_errors
                .push(ParseError::new(INLINE_NEWLINE_1_0).with_unexpected(to_parser(span)));
            // The table is still well-formed; it must not count as broken.
            self.version_errors += 1;
        }
    }

    fn validate_string_escapes(&mut self, span: Span, quote: Quote) {
        if self.version != TomlVersion::V1_0
            || !matches!(quote, Quote::Basic | Quote::MultiLineBasic)
        {
            return;
        }
        let text = span.text(self.source);
        let bytes = text.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'\\' {
                if let Some(&escape @ (b'x' | b'e')) = bytes.get(index + 1) {
                    let at = span.start() + index;
                    let message = if escape == b'x' {
                        ESCAPE_X_1_0
                    } else {
                        ESCAPE_E_1_0
                    };
                    self.own_errors.push(
                        ParseError::new(message)
                            .with_unexpected(toml_parser::Span::new_unchecked(at, at + 2)),
                    );
                    return;
                }
                index += 2;
            } else {
                index += 1;
            }
        }
    }

    /// Checks what the decoder leaves to its caller: integer range, float
    /// range and calendar dates.
    fn validate_unquoted(
        &self,
        span: Span,
        kind: ScalarKind,
        decoded: &str,
        error: &mut dyn ErrorSink,
    ) {
        let problem: Option<Cow<'static, str>> = match kind {
            ScalarKind::Integer(radix) => {
                let base = super::tree::Radix::from_parser(radix);
                let base = match base {
                    super::tree::Radix::Decimal => 10,
                    super::tree::Radix::Hexadecimal => 16,
                    super::tree::Radix::Octal => 8,
                    super::tree::Radix::Binary => 2,
                };
                i64::from_str_radix(decoded, base)
                    .err()
                    .map(|_| Cow::Borrowed(INTEGER_RANGE))
            }
            ScalarKind::Float => parse_float(decoded)
                .is_none()
                .then_some(Cow::Borrowed(FLOAT_RANGE)),
            ScalarKind::DateTime => match decoded.parse::<toml_datetime::Datetime>() {
                Err(err) => Some(Cow::Owned(format!("invalid date-time: {err}"))),
                Ok(datetime) => (self.version == TomlVersion::V1_0
                    && datetime.time.is_some_and(|time| time.second.is_none()))
                .then_some(Cow::Borrowed(SECONDS_1_0)),
            },
            ScalarKind::String | ScalarKind::Boolean(_) => None,
        };
        if let Some(message) = problem {
            error.report_error(ParseError::new(message).with_unexpected(to_parser(span)));
        }
    }
}

/// Whether `text`, a key the lexer found, is valid by a quick look: a bare
/// key of ASCII letters, digits, `_` and `-`, or a one-line quoted key
/// without escapes or control characters. The decoder checks the rest.
fn plainly_valid_key(text: &str, quote: Quote) -> bool {
    match quote {
        Quote::Bare => !text.is_empty() && text.bytes().all(is_bare_key_byte),
        Quote::Basic | Quote::Literal => plain_one_line_string(text, quote),
        Quote::MultiLineBasic | Quote::MultiLineLiteral => false,
    }
}

/// What a scalar the lexer found is, when a quick look shows it is valid:
/// a one-line string without escapes or control characters, `true`,
/// `false`, a decimal integer of at most 18 digits or a hexadecimal one
/// of at most 15 (so either fits in an `i64`), or a float of plain digits
/// around one point (short enough to be finite); none with underscores.
/// `None`: ask the decoder.
fn plainly_valid_scalar(text: &str, quote: Quote) -> Option<ScalarKind> {
    match quote {
        Quote::Basic | Quote::Literal => {
            plain_one_line_string(text, quote).then_some(ScalarKind::String)
        }
        Quote::MultiLineBasic | Quote::MultiLineLiteral => None,
        Quote::Bare => match text {
            "true" => Some(ScalarKind::Boolean(true)),
            "false" => Some(ScalarKind::Boolean(false)),
            _ => {
                if let Some(hex) = text.strip_prefix("0x") {
                    let plain =
                        (1..=15).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit());
                    return plain.then_some(ScalarKind::Integer(IntegerRadix::Hex));
                }
                let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
                let (whole, fraction) = match unsigned.split_once('.') {
                    Some((whole, fraction)) => (whole, Some(fraction)),
                    None => (unsigned, None),
                };
                let digits =
                    |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
                let plain_whole = digits(whole) && (whole == "0" || !whole.starts_with('0'));
                match fraction {
                    None => (plain_whole && whole.len() <= 18)
                        .then_some(ScalarKind::Integer(IntegerRadix::Dec)),
                    Some(fraction) => (plain_whole && digits(fraction) && unsigned.len() <= 300)
                        .then_some(ScalarKind::Float),
                }
            }
        },
    }
}

/// `"…"` or `'…'` on one line, closed, with no backslash, quote or
/// control character but tab inside.
fn plain_one_line_string(text: &str, quote: Quote) -> bool {
    let delimiter = if quote == Quote::Basic { b'"' } else { b'\'' };
    match text.as_bytes() {
        [open, inner @ .., close] if *open == delimiter && *close == delimiter => {
            printable(inner) && !inner.iter().any(|&b| b == b'\\' || b == delimiter)
        }
        _ => false,
    }
}

/// A byte a bare key may hold: ASCII letters, digits, `_` and `-`.
pub const fn is_bare_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// Tabs and printable characters only: what a comment may hold, and what
/// a one-line string without escapes needs to be plainly valid.
fn printable(bytes: &[u8]) -> bool {
    // No early exit: the whole run is checked a vector at a time.
    bytes.iter().fold(true, |ok, &b| {
        ok & ((b >= 0x20) | (b == b'\t')) & (b != 0x7f)
    })
}

/// A word that cannot be any TOML value but reads like an unquoted string:
/// letters first, and not a misspelt `true`/`false`, whose own message
/// ("expected `true`") is the better hint.
fn is_bare_word(text: &str) -> bool {
    let starts_with_letter = text.chars().next().is_some_and(char::is_alphabetic);
    let misspelt_boolean = ["true", "false"]
        .iter()
        .any(|word| word.starts_with(text) || text.starts_with(word));
    starts_with_letter && !misspelt_boolean && !matches!(text, "inf" | "nan")
}

fn make_key(parts: KeyParts, fallback: usize) -> Key {
    let span = match (parts.first(), parts.last()) {
        (Some(first), Some(last)) => first.span.cover(last.span),
        _ => Span::empty_at(fallback),
    };
    Key { parts, span }
}

fn invalid_value(span: Span) -> Value {
    Value {
        span,
        kind: ValueKind::Invalid,
    }
}

/// The description of an unquoted word where a value belongs.
pub(super) const BARE_WORD: &str = "bare word value";
pub(super) const NESTING_TOO_DEEP: &str = "arrays and inline tables nest too deeply";
pub(super) const TRAILING_COMMA_1_0: &str =
    "TOML 1.0 does not allow a trailing comma in an inline table";
pub(super) const INLINE_NEWLINE_1_0: &str =
    "TOML 1.0 does not allow line breaks inside an inline table";
pub(super) const ESCAPE_X_1_0: &str = "TOML 1.0 has no `\\x` escape; use `\\u00XX`";
pub(super) const ESCAPE_E_1_0: &str = "TOML 1.0 has no `\\e` escape; use `\\u001B`";
pub(super) const SECONDS_1_0: &str = "TOML 1.0 requires seconds in a time, e.g. `07:32:00`";
pub(super) const INTEGER_RANGE: &str =
    "integer does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)";
pub(super) const FLOAT_RANGE: &str = "float is out of range; use `inf` for infinity";

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.open_header(HeaderKind::Table, self.at(span));
        }
    }

    fn std_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.close_header(self.at(span));
        }
    }

    fn array_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.open_header(HeaderKind::ArrayOfTables, self.at(span));
        }
    }

    fn array_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.close_header(self.at(span));
        }
    }

    fn inline_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        if self.abandoned {
            return false;
        }
        let open = self.at(span);
        let errors_at_open = self.errors_so_far();
        self.open_container(
            Frame::InlineTable {
                open,
                entries_from: self.entries.len(),
                after_comma: false,
                reported_newline: false,
                errors_at_open,
            },
            open,
        )
    }

    fn inline_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.close_container(self.at(span));
        }
    }

    fn array_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        if self.abandoned {
            return false;
        }
        let open = self.at(span);
        self.open_container(
            Frame::Array {
                open,
                items_from: self.values.len(),
            },
            open,
        )
    }

    fn array_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if !self.abandoned {
            self.close_container(self.at(span));
        }
    }

    fn simple_key(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        if self.abandoned {
            return;
        }
        let span = self.at(span);
        let quote = Quote::from_encoding(encoding);
        let plain = plainly_valid_key(span.text(self.source), quote);
        self.key_part(span, quote, plain);
    }

    fn scalar(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        if self.abandoned {
            return;
        }
        let span = self.at(span);
        let quote = Quote::from_encoding(encoding);
        let plain = plainly_valid_scalar(span.text(self.source), quote);
        self.scalar_value(span, quote, plain);
    }

    fn value_sep(&mut self, _span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if let Some(Frame::InlineTable { after_comma, .. }) = self.stack.last_mut() {
            *after_comma = true;
        }
    }

    fn comment(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if self.abandoned {
            return;
        }
        let span = self.at(span);
        self.comments.push(span);
        self.check_inline_table_line_break(span);
    }

    fn newline(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if self.abandoned {
            return;
        }
        let span = self.at(span);
        self.check_inline_table_line_break(span);
        if self.broken_inline_table_open() {
            self.unwind_all_at(span.start());
            self.abandoned = true;
            self.resume_at = Some(span.end());
            return;
        }
        self.end_of_line(span.start());
    }
}

impl Builder<'_> {
    /// A part of the key being read. `plain`: a quick look found the text
    /// valid ([`plainly_valid_key`]), so the decoder need not read it.
    fn key_part(&mut self, span: Span, quote: Quote, plain: bool) {
        if !plain {
            let raw = Raw::new_unchecked(span.text(self.source), quote.encoding(), to_parser(span));
            raw.decode_key(&mut (), &mut self.own_errors);
            self.validate_string_escapes(span, quote);
        }
        let part = KeyPart { span, quote };
        match self.stack.last_mut() {
            Some(Frame::Header { parts, .. }) | Some(Frame::Entry { parts }) => parts.push(part),
            _ => {
                self.note_inline_table_content();
                self.stack.push(Frame::Entry {
                    parts: smallvec::smallvec![part],
                });
            }
        }
    }

    /// A string, number, boolean or date. `plain`: what a quick look found
    /// it to be ([`plainly_valid_scalar`]); otherwise the decoder decides.
    fn scalar_value(&mut self, span: Span, quote: Quote, plain: Option<ScalarKind>) {
        self.note_inline_table_content();
        if let Some(kind) = plain {
            self.push_value(Value {
                span,
                kind: scalar_kind(kind, quote),
            });
            return;
        }
        let encoding = quote.encoding();
        let text = span.text(self.source);
        let raw = Raw::new_unchecked(text, encoding, to_parser(span));
        let mut first_error: Option<ParseError> = None;
        let kind = if encoding.is_some() {
            // Strings are validated without being copied.
            let kind = raw.decode_scalar(&mut (), &mut first_error);
            self.validate_string_escapes(span, quote);
            kind
        } else {
            let mut decoded = Cow::Borrowed("");
            let kind = raw.decode_scalar(&mut decoded, &mut first_error);
            if first_error.is_none() {
                self.validate_unquoted(span, kind, &decoded, &mut first_error);
            }
            kind
        };
        let value_kind = match first_error {
            Some(problem) => {
                let problem = if encoding.is_none() && is_bare_word(text) {
                    ParseError::new(BARE_WORD).with_unexpected(to_parser(span))
                } else {
                    problem
                };
                self.own_errors.push(problem);
                // A string with a bad escape is still a string for the
                // rules above; a bad number or bare word is not a value.
                if encoding.is_some() {
                    scalar_kind(kind, quote)
                } else {
                    ValueKind::Invalid
                }
            }
            None => scalar_kind(kind, quote),
        };
        self.push_value(Value {
            span,
            kind: value_kind,
        });
    }

    /// A parser span, in document coordinates.
    fn at(&self, span: toml_parser::Span) -> Span {
        Span::new(span.start() + self.base, span.end() + self.base)
    }

    fn errors_so_far(&self) -> usize {
        self.parser_errors.get() + self.own_errors.len() - self.version_errors
    }

    /// An inline table is open and something in it already failed: at its
    /// line end, the rest of the document is better read afresh than as
    /// the inside of that table.
    fn broken_inline_table_open(&self) -> bool {
        let errors = self.errors_so_far();
        self.stack.iter().any(|frame| {
            matches!(frame, Frame::InlineTable { errors_at_open, .. } if errors > *errors_at_open)
        })
    }

    fn open_header(&mut self, kind: HeaderKind, open: Span) {
        // A header always starts a line; anything still open was left
        // unfinished by an error on an earlier line, and ends here.
        self.unwind_all_at(open.start());
        self.stack.push(Frame::Header {
            kind,
            open,
            parts: KeyParts::new(),
        });
    }

    fn close_header(&mut self, close: Span) {
        if let Some(Frame::Header { .. }) = self.stack.last() {
            let Some(Frame::Header { kind, open, parts }) = self.stack.pop() else {
                unreachable!("checked above")
            };
            self.push_header(kind, open, parts, close.end());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference the region-by-region parse must match: every token
    /// of the document handed to the parser at once.
    fn parse_whole(source: &str, version: TomlVersion) -> SyntaxTree {
        let parser_errors = Cell::new(0);
        let mut builder = Builder::new(source, version, &parser_errors);
        let tokens = Source::new(source).lex().into_vec();
        parse_region(&mut builder, &tokens, false);
        builder.finish()
    }

    fn toml_pieces() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "[",
                "]",
                "[[",
                "]]",
                "{",
                "}",
                "=",
                ",",
                ".",
                "\"",
                "'",
                "\"\"\"",
                "'''",
                "#",
                "\n",
                "\r\n",
                " ",
                "a",
                "key",
                "1",
                "true",
                "[t]\n",
                "\n[u.v]\n",
                "x = [\n",
                "y = {",
                "𝄞",
            ]),
            0..80,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn quick_checks_agree_with_the_decoder(
            inner in prop_oneof![
                "[-+0-9a-z_\"'\\\\ \t\u{1}\u{7f}é.:]{0,22}",
                // Number-shaped: signs, hex digits, points, many digits.
                "[-+]?(0x)?[0-9a-fA-F]{0,17}(\\.[0-9]{0,3})?",
                "[-+]?[0-9]{15,22}(\\.[0-9])?",
            ],
            quote in prop::sample::select(vec![Quote::Bare, Quote::Basic, Quote::Literal]),
        ) {
            let text = match quote {
                Quote::Basic => format!("\"{inner}\""),
                Quote::Literal => format!("'{inner}'"),
                _ => inner,
            };
            let raw = Raw::new_unchecked(&text, quote.encoding(), toml_parser::Span::new_unchecked(0, text.len()));
            if let Some(kind) = plainly_valid_scalar(&text, quote) {
                let mut error: Option<ParseError> = None;
                let mut decoded = Cow::Borrowed("");
                prop_assert_eq!(raw.decode_scalar(&mut decoded, &mut error), kind);
                prop_assert!(error.is_none(), "{:?}: {:?}", text, error);
                // Nor does the builder's range check object.
                let parser_errors = Cell::new(0);
                let builder = Builder::new(&text, TomlVersion::V1_1, &parser_errors);
                let mut range_error: Option<ParseError> = None;
                builder.validate_unquoted(Span::new(0, text.len()), kind, &decoded, &mut range_error);
                prop_assert!(range_error.is_none(), "{:?}: {:?}", text, range_error);
            }
            if plainly_valid_key(&text, quote) {
                let mut errors: Vec<ParseError> = Vec::new();
                raw.decode_key(&mut (), &mut errors);
                prop_assert!(errors.is_empty(), "{:?}: {:?}", text, errors);
            }
        }

        #[test]
        fn halves_parse_like_the_whole_document(source in toml_pieces()) {
            let whole = parse(&source, TomlVersion::V1_1);
            prop_assert_eq!(parse_in_halves(&source, TomlVersion::V1_1, 0), whole);
        }

        #[test]
        fn regions_parse_like_the_whole_document(source in toml_pieces()) {
            for version in [TomlVersion::V1_0, TomlVersion::V1_1] {
                let (regions, whole) = (parse(&source, version), parse_whole(&source, version));
                prop_assert_eq!(&regions.sections, &whole.sections);
                prop_assert_eq!(&regions.comments, &whole.comments);
                // Errors at a region's end are moved onto its last token;
                // what they say is the same.
                let messages = |tree: &SyntaxTree| tree.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>();
                prop_assert_eq!(messages(&regions), messages(&whole));
            }
        }
    }

    #[test]
    fn sections_after_an_edit_move_their_entries_when_settled() {
        let before = "[a]\nx = 1\n\n[b]\ny = [2, {z = 3}]\n\n[c]\nw = 4\n";
        let after = before.replacen("x = 1", "x = 100", 1);
        let edit = AppliedEdit {
            old: Span::new(9, 9),
            new_len: 2,
        };
        let old = parse(before, TomlVersion::V1_1);
        let (mut tree, change) = reparse_sections(old, &after, TomlVersion::V1_1, edit);
        let fresh = parse(&after, TomlVersion::V1_1);
        let last = tree.sections.len() - 1;
        assert!(change.new.end <= last, "[c] is reused, not reparsed");
        // Header and span are moved at once; the entries are not yet.
        assert_eq!(tree.sections[last].header, fresh.sections[last].header);
        assert_eq!(tree.sections[last].span, fresh.sections[last].span);
        assert_ne!(tree.sections[last], fresh.sections[last]);
        tree.settle_sections([last]);
        assert_eq!(tree.sections[last], fresh.sections[last]);
        tree.settle();
        assert_eq!(tree, fresh);
    }

    fn parse_ok(source: &str) -> SyntaxTree {
        let tree = parse(source, TomlVersion::V1_1);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        tree
    }

    #[test]
    fn sections_split_at_headers() {
        let source = "a = 1\n[t]\nb = 'x'\n[[arr]]\nc = [1, {d = 2}]\n";
        let tree = parse_ok(source);
        assert_eq!(tree.sections.len(), 3);
        assert_eq!(tree.sections[0].span, Span::new(0, 6));
        assert_eq!(tree.sections[1].span.text(source), "[t]\nb = 'x'\n");
        let (header, section) = tree.headed_sections().nth(1).unwrap();
        assert_eq!(header.kind, HeaderKind::ArrayOfTables);
        assert_eq!(header.span.text(source), "[[arr]]");
        let value = &section.entries()[0].value;
        let ValueKind::Array(items) = &value.kind else {
            panic!("expected an array, got {value:?}")
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1].kind, ValueKind::InlineTable(ref entries) if entries.len() == 1));
    }

    #[test]
    fn keys_and_strings_decode_on_demand() {
        let source = "\"a\\tb\".c = \"x\\u00e9\"\n";
        let tree = parse_ok(source);
        let entry = &tree.sections[0].entries()[0];
        assert_eq!(entry.key.parts[0].decode(source), "a\tb");
        assert!(matches!(
            entry.key.parts[1].decode(source),
            Cow::Borrowed("c")
        ));
        assert_eq!(entry.value.as_string(source).unwrap(), "xé");
        assert_eq!(entry.key.display(source), "\"a\\tb\".c");
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let source = format!("a = {}", "[".repeat(100_000));
        let tree = parse(&source, TomlVersion::V1_1);
        assert!(!tree.errors.is_empty());
        let source = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
        let tree = parse(&source, TomlVersion::V1_1);
        assert_eq!(tree.errors.len(), 1, "{:?}", tree.errors);
        assert!(tree.errors[0].message.contains("nest too deeply"));
    }

    #[test]
    fn toml_1_0_differences() {
        for source in [
            "a = {b = 1,}\n",
            "a = {\nb = 1}\n",
            "a = \"\\x41\"\n",
            "a = \"\\e\"\n",
            "a = 07:32\n",
        ] {
            assert!(
                parse(source, TomlVersion::V1_1).errors.is_empty(),
                "{source}"
            );
            assert_eq!(parse(source, TomlVersion::V1_0).errors.len(), 1, "{source}");
        }
    }

    #[test]
    fn numbers_out_of_range() {
        for source in [
            "a = 9223372036854775808\n",
            "a = 1e999\n",
            "a = 1979-02-30\n",
        ] {
            assert_eq!(parse(source, TomlVersion::V1_1).errors.len(), 1, "{source}");
        }
        let source = "a = -9223372036854775808\n";
        let tree = parse_ok(source);
        assert_eq!(
            tree.sections[0].entries()[0].value.decode(source),
            Some(super::super::tree::Scalar::Integer(i64::MIN))
        );
    }
}
