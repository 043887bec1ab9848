//! Running the analysis over every input, in parallel, and locating each
//! finding for people (1-based line and column in Unicode scalars).
//!
//! Invariants: the result does not depend on the number of threads (files
//! are analysed independently and the reports come back sorted by the name
//! shown, findings by position); a path is opened only after `metadata`
//! says it is a regular file, so a FIFO or device can never block the run;
//! a panic inside the analysis of one file is caught and reported for that
//! file while the others go on.
//!
//! Not here: choosing inputs (`inputs`), settings (`settings`), rendering
//! (`output`).

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::paths::FileSystem;
use crate::analysis::{self, Diagnostic, RuleId};
use crate::config::{FailOn, SettingsProblem};
use crate::text::{LineIndex, Span};

use super::settings::Resolved;
use super::write;

/// A place in a file, for people and machine formats alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// 1-based.
    pub line: u32,
    /// 1-based, in Unicode scalar values.
    pub column: u32,
    /// 0-based byte offset.
    pub byte: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Region {
    pub start: Place,
    pub end: Place,
}

#[derive(Clone, Debug)]
pub struct LocatedEdit {
    pub region: Region,
    pub new_text: String,
}

#[derive(Clone, Debug)]
pub struct LocatedFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<LocatedEdit>,
    /// A file the fix creates, as an absolute path.
    pub create: Option<String>,
}

#[derive(Clone, Debug)]
pub struct LocatedRelated {
    pub region: Region,
    pub message: String,
}

/// One finding with its places resolved.
#[derive(Clone, Debug)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub region: Region,
    pub related: Vec<LocatedRelated>,
    pub fixes: Vec<LocatedFix>,
}

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub display: String,
    /// The text the places refer to, kept only when there are findings
    /// (code frames need it). For a file that is not UTF-8 it is the
    /// valid prefix.
    pub text: Option<String>,
    pub findings: Vec<Finding>,
    pub fail_on: FailOn,
    /// Set when analysing the file panicked; there are no findings then.
    pub internal_error: Option<String>,
    /// What `--fix` did to the file; the findings are those of the fixed
    /// text (or, with `--diff`, of the text the fixes would give).
    pub fixed: Option<FixReport>,
}

/// Whether and how safe fixes are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    Off,
    /// Write the fixed files.
    Write,
    /// Show a unified diff per file; write nothing.
    Diff,
}

#[derive(Debug, Default)]
pub struct FixReport {
    /// Titles of the fixes applied.
    pub applied: Vec<String>,
    /// With `--diff`: the changes as a unified diff.
    pub diff: Option<String>,
    /// Set when the fixed file could not be written; the file is as it was.
    pub error: Option<String>,
}

/// What to check for one file.
pub struct Job {
    pub display: String,
    pub path: std::path::PathBuf,
    pub explicit: bool,
    pub problem: Option<String>,
    pub resolved: Arc<Resolved>,
    /// Problems found while reading this file as a settings file.
    pub settings_problems: Vec<SettingsProblem>,
    /// The document itself, for standard input.
    pub bytes: Option<Vec<u8>>,
}

/// A file the run did not check.
#[derive(Debug)]
pub struct Skipped {
    pub display: String,
    pub explicit: bool,
    pub reason: String,
}

pub enum Outcome {
    Checked(FileReport),
    Skipped(Skipped),
}

/// Checks every job; `progress` is ticked once per job.
/// Files are looked up through `fs`; the path rules run only with `paths`.
pub fn check_all(
    jobs: Vec<Job>,
    fs: &dyn FileSystem,
    paths: bool,
    fix: FixMode,
    progress: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    let one = |job| {
        let outcome = check_one(job, fs, paths, fix);
        progress();
        outcome
    };
    // One file (the pre-commit and editor case) does not pay for starting
    // the thread pool.
    let mut outcomes: Vec<Outcome> = if jobs.len() <= 1 {
        jobs.into_iter().map(one).collect()
    } else {
        jobs.into_par_iter().map(one).collect()
    };
    outcomes.sort_by(|a, b| name(a).cmp(name(b)));
    outcomes
}

fn name(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Checked(report) => &report.display,
        Outcome::Skipped(skipped) => &skipped.display,
    }
}

fn check_one(job: Job, fs: &dyn FileSystem, paths: bool, fix: FixMode) -> Outcome {
    let fail_on = job.resolved.fail_on;
    let unreadable = |message: String| {
        let diagnostic = Diagnostic::new(RuleId::Unreadable, Span::default(), message);
        let findings = apply_level(vec![diagnostic], &job.resolved);
        Outcome::Checked(locate(&job.display, None, findings, fail_on))
    };
    if let Some(problem) = &job.problem {
        return unreadable(problem.clone());
    }
    let bytes = match job.bytes {
        Some(bytes) => bytes,
        None => match read(&job.path) {
            Read::Bytes(bytes) => bytes,
            Read::Unreadable(message) => return unreadable(message),
            Read::NotRegular => {
                return Outcome::Skipped(Skipped {
                    display: job.display,
                    explicit: job.explicit,
                    reason: "not a regular file (FIFO, socket or device)".to_owned(),
                });
            }
        },
    };
    let display = job.display;
    let resolved = job.resolved;
    let settings_problems = job.settings_problems;
    let analysed = catch_unwind(AssertUnwindSafe(|| {
        debug_panic_hook(&display);
        let absolute = std::path::absolute(&job.path).unwrap_or_else(|_| job.path.clone());
        // `--no-paths` skips the path rules only; the file's schema still
        // applies.
        let without_paths;
        let settings = if paths {
            &resolved.settings
        } else {
            without_paths = crate::config::Settings {
                paths: crate::config::PathSettings {
                    enabled: false,
                    ..resolved.settings.paths.clone()
                },
                ..resolved.settings.clone()
            };
            &without_paths
        };
        let analyse = |bytes: &[u8]| {
            analysis::analyse_file_bytes(
                bytes,
                settings,
                analysis::Location {
                    file: &absolute,
                    fs,
                },
            )
        };
        let mut fixed_report = None;
        // The text to report on: the file as read, unless fixing changed it.
        let mut fixed_bytes: Option<Vec<u8>> = None;
        if fix != FixMode::Off
            && let Ok(text) = std::str::from_utf8(&bytes)
        {
            let fixed = analysis::fixes::fix_until_stable(text, |text| analyse(text.as_bytes()));
            let mut report = FixReport {
                applied: fixed.applied,
                ..FixReport::default()
            };
            if fixed.text != text {
                match fix {
                    FixMode::Diff => report.diff = Some(unified_diff(&display, text, &fixed.text)),
                    _ => {
                        match write::write_if_unchanged(&job.path, &bytes, fixed.text.as_bytes()) {
                            Ok(()) => fixed_bytes = Some(fixed.text.clone().into_bytes()),
                            Err(error) => report.error = Some(describe_io_error(&error)),
                        }
                    }
                }
                if fix == FixMode::Diff {
                    fixed_bytes = Some(fixed.text.into_bytes());
                }
            }
            fixed_report = Some(report);
        }
        let current = fixed_bytes.as_deref().unwrap_or(&bytes);
        let mut findings = analyse(current);
        findings.extend(settings_findings(&settings_problems, &resolved));
        findings.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
        let text = valid_prefix(current);
        let mut report = locate(&display, Some(text), findings, fail_on);
        report.fixed = fixed_report;
        report
    }));
    match analysed {
        Ok(report) => Outcome::Checked(report),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Outcome::Checked(FileReport {
                display,
                text: None,
                findings: Vec::new(),
                fail_on,
                internal_error: Some(message),
                fixed: None,
            })
        }
    }
}

/// Lets the end-to-end tests prove that a panic in one file is contained:
/// debug builds panic while analysing a file whose shown name ends with
/// `$ANDON_DEBUG_PANIC_ON`. Release builds have no such hook.
fn debug_panic_hook(display: &str) {
    if cfg!(debug_assertions)
        && std::env::var("ANDON_DEBUG_PANIC_ON")
            .is_ok_and(|suffix| !suffix.is_empty() && display.ends_with(&suffix))
    {
        panic!("deliberate panic for {display} (ANDON_DEBUG_PANIC_ON)");
    }
}

fn settings_findings(problems: &[SettingsProblem], resolved: &Resolved) -> Vec<Diagnostic> {
    problems
        .iter()
        .filter_map(|problem| {
            // A configured level for `settings` wins; by default each
            // problem keeps its own colour (red unusable, yellow unknown).
            let andon = resolved
                .settings
                .level(RuleId::Settings.id(), problem.andon)
                .andon()?;
            let mut diagnostic = Diagnostic::new(
                RuleId::Settings,
                Span::new(problem.span.start, problem.span.end.max(problem.span.start)),
                problem.message.clone(),
            );
            diagnostic.andon = andon;
            Some(diagnostic)
        })
        .collect()
}

fn apply_level(findings: Vec<Diagnostic>, resolved: &Resolved) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut diagnostic| {
            let info = diagnostic.rule.info();
            diagnostic.andon = resolved
                .settings
                .level(info.id, info.default_andon)
                .andon()?;
            Some(diagnostic)
        })
        .collect()
}

enum Read {
    Bytes(Vec<u8>),
    Unreadable(String),
    NotRegular,
}

fn read(path: &Path) -> Read {
    // `metadata` follows links: it sees what opening would open.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Read::Unreadable("is a directory, not a file".to_owned()),
        Ok(meta) if !meta.is_file() => Read::NotRegular,
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => Read::Bytes(bytes),
            Err(error) => Read::Unreadable(format!("cannot read: {}", describe_io_error(&error))),
        },
        Err(error) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
            let message = if is_link && error.kind() == io::ErrorKind::NotFound {
                match std::fs::read_link(path) {
                    Ok(target) => format!(
                        "broken symbolic link: `{}` does not exist",
                        target.display()
                    ),
                    Err(_) => "broken symbolic link".to_owned(),
                }
            } else if is_loop(&error) {
                "symbolic link loop: the link leads back to itself".to_owned()
            } else {
                format!("cannot read: {}", describe_io_error(&error))
            };
            Read::Unreadable(message)
        }
    }
}

fn is_loop(error: &io::Error) -> bool {
    // ELOOP is 40 on Linux and 62 on the BSDs and macOS; the stable
    // `ErrorKind` has no variant for it yet.
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) {
        40
    } else {
        62
    };
    cfg!(unix) && error.raw_os_error() == Some(eloop)
}

/// An I/O error in words, without the platform's error number.
pub fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if is_loop(error) => "symbolic link loop".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    }
}

fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

fn valid_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // The prefix up to `valid_up_to` is valid by definition.
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    }
}

fn locate(
    display: &str,
    text: Option<&str>,
    findings: Vec<Diagnostic>,
    fail_on: FailOn,
) -> FileReport {
    let source = text.unwrap_or("");
    let index = (!findings.is_empty()).then(|| LineIndex::new(source));
    let place = |offset: usize| -> Place {
        let index = index
            .as_ref()
            .expect("an index exists when there are findings");
        let (line, column) = index.human_line_column(source, offset);
        Place {
            line,
            column,
            byte: offset.min(source.len()),
        }
    };
    let region = |span: Span| Region {
        start: place(span.start()),
        end: place(span.end()),
    };
    let located = findings
        .into_iter()
        .map(|diagnostic| Finding {
            region: region(diagnostic.span),
            related: diagnostic
                .related
                .iter()
                .map(|related| LocatedRelated {
                    region: region(related.span),
                    message: related.message.clone(),
                })
                .collect(),
            fixes: diagnostic
                .fixes
                .iter()
                .map(|fix| LocatedFix {
                    title: fix.title.clone(),
                    safe: fix.safe,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| LocatedEdit {
                            region: region(edit.span),
                            new_text: edit.new_text.clone(),
                        })
                        .collect(),
                    create: fix.create.as_ref().map(|path| path.display().to_string()),
                })
                .collect(),
            diagnostic,
        })
        .collect::<Vec<_>>();
    FileReport {
        display: display.to_owned(),
        text: (!located.is_empty() && text.is_some()).then(|| source.to_owned()),
        findings: located,
        fail_on,
        internal_error: None,
        fixed: None,
    }
}
