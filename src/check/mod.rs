//! `andon check`: the headless front end. It reads files, asks the
//! analysis about each, and writes the findings in the format CI tools
//! read; the exit code is the stopping rule (design §2).
//!
//! Layering: check → analysis → syntax → text, plus the `config` and
//! `andon` leaves. This module never parses TOML and never judges: every
//! finding comes from `crate::analysis`, except `unreadable` (the file
//! could not be read at all) and `settings` (problems `crate::config`
//! found in an `andon.toml`).
//!
//! The parts: `inputs` (which files), `settings` (which settings each file
//! runs under), `run` (parallel analysis), `output` (formats).

mod inputs;
mod output;
mod run;
mod settings;
mod write;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard};

pub use inputs::{TOML_FILE_NAMES, is_toml_name};
pub use output::Format;

use crate::analysis::paths::fs::normalise;
use crate::config::FailOn;
use run::{FixMode, Job, Outcome};
use settings::Catalog;

/// When to colour the human format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always, even into a pipe (overrides `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

/// Everything `andon check` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// Overrides `[check] fail-on` of every settings file.
    pub fail_on: Option<FailOn>,
    /// Read one document from standard input.
    pub stdin: bool,
    /// The name standard input is shown under and finds settings by.
    pub stdin_filename: Option<PathBuf>,
    /// Skip the path rules (no file-system lookups).
    pub no_paths: bool,
    /// Apply the safe fixes in place.
    pub fix: bool,
    /// With `fix`: show the changes as a unified diff and write nothing.
    pub diff: bool,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub color: ColorChoice,
}

/// Exit statuses (design §2).
const EXIT_CLEAN: u8 = 0;
const EXIT_STOPPED: u8 = 1;
const EXIT_ERROR: u8 = 2;

/// Runs a check and writes its report to standard output.
pub fn run(options: &Options) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => return fail(&format!("cannot read the working directory: {error}")),
    };
    if let Some(config) = &options.config
        && !config.is_file()
    {
        return fail(&format!(
            "--config {}: no such settings file",
            config.display()
        ));
    }
    let stdin = options.stdin || options.stdin_filename.is_some();
    if stdin && !options.paths.is_empty() {
        return fail("--stdin reads one document; do not give paths with it");
    }
    // Shared with the walk, which asks it whether to enter directories.
    let catalog = Arc::new(Mutex::new(Catalog::new(
        &cwd,
        options.config.as_deref(),
        options.fail_on,
    )));
    let mut errors: Vec<String> = Vec::new();
    let jobs = if stdin {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().lock().read_to_end(&mut bytes) {
            return fail(&format!("cannot read standard input: {error}"));
        }
        vec![stdin_job(&cwd, options, &mut lock(&catalog), bytes)]
    } else {
        let walk_catalog = catalog.clone();
        let excluded_dir: inputs::ExcludedDir = Arc::new(move |dir: &Path| {
            // A directory is judged by the settings of the files beside
            // it, not by an `andon.toml` inside it.
            lock(&walk_catalog).for_file(dir).is_excluded_dir(dir)
        });
        let collected = inputs::collect(&options.paths, &cwd, excluded_dir);
        errors.extend(collected.errors);
        file_jobs(&cwd, collected.inputs, &mut lock(&catalog))
    };

    let fix = match (options.fix, options.diff) {
        (false, _) => FixMode::Off,
        (true, false) => FixMode::Write,
        (true, true) => FixMode::Diff,
    };
    if fix != FixMode::Off && options.stdin {
        return fail("--fix cannot be used with --stdin: there is no file to write");
    }
    let outcomes = match analyse_all(jobs, options.jobs, !options.no_paths, fix) {
        Ok(outcomes) => outcomes,
        Err(error) => return fail(&error),
    };
    let mut reports = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(report) => reports.push(report),
            Outcome::Skipped(skipped) => {
                if skipped.explicit {
                    eprintln!("andon: skipped {}: {}", skipped.display, skipped.reason);
                }
            }
        }
    }
    for report in &reports {
        if let Some(panic) = &report.internal_error {
            errors.push(format!(
                "internal error while checking {}: {panic}; please report it",
                report.display
            ));
        }
    }
    let stopped = reports.iter().any(|report| {
        report
            .findings
            .iter()
            .any(|finding| report.fail_on.stops(finding.diagnostic.andon))
    });
    for report in &reports {
        if let Some(fixed) = &report.fixed {
            if let Some(error) = &fixed.error {
                errors.push(format!(
                    "cannot write the fixes to {}: {error}",
                    report.display
                ));
            } else if fix == FixMode::Write && !fixed.applied.is_empty() {
                eprintln!(
                    "andon: fixed {} in {}: {}",
                    fixed.applied.len(),
                    report.display,
                    fixed.applied.join("; ")
                );
            }
        }
    }
    let report = output::Report::new(reports);
    let text = if fix == FixMode::Diff {
        // The diff is the report: what `--fix` would write, nothing else.
        report
            .files
            .iter()
            .filter_map(|file| file.fixed.as_ref().and_then(|fixed| fixed.diff.clone()))
            .collect::<String>()
    } else {
        output::render(options.format, &report, use_color(options.color))
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`andon check | head`) is the reader's choice.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            errors.push(format!("cannot write the report: {error}"));
        }
    }
    for error in &errors {
        eprintln!("andon: {error}");
    }
    ExitCode::from(if !errors.is_empty() {
        EXIT_ERROR
    } else if stopped {
        EXIT_STOPPED
    } else {
        EXIT_CLEAN
    })
}

/// The catalog is only ever used from one thread at a time; a poisoned
/// lock (a panic elsewhere) leaves it usable.
fn lock(catalog: &Mutex<Catalog>) -> MutexGuard<'_, Catalog> {
    catalog
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("andon: {message}");
    ExitCode::from(EXIT_ERROR)
}

fn stdin_job(cwd: &Path, options: &Options, catalog: &mut Catalog, bytes: Vec<u8>) -> Job {
    // Settings are found from the name standard input stands for; without
    // one, from the working directory. Settings files are not added to the
    // run here: the output is about the one document.
    let (path, display) = match &options.stdin_filename {
        Some(name) => {
            let path = normalise(&cwd.join(name));
            let display = inputs::display_path(&path, cwd);
            (path, display)
        }
        None => (cwd.join("<stdin>"), "<stdin>".to_owned()),
    };
    let resolved = catalog.for_file(&path);
    // A settings file arriving on standard input is judged by its text
    // there, not by the copy on disk that an editor may not have saved.
    let is_settings_file = path
        .file_name()
        .is_some_and(|name| name == crate::config::SETTINGS_FILE_NAME);
    let settings_problems = match std::str::from_utf8(&bytes) {
        Ok(text) if is_settings_file => {
            let known: Vec<&str> = crate::analysis::RuleId::ALL
                .iter()
                .map(|rule| rule.id())
                .collect();
            crate::config::parse_settings(text, &known).1
        }
        _ => Vec::new(),
    };
    Job {
        display,
        path,
        explicit: true,
        problem: None,
        resolved,
        settings_problems,
        bytes: Some(bytes),
    }
}

fn file_jobs(cwd: &Path, inputs: Vec<inputs::Input>, catalog: &mut Catalog) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let resolved = catalog.for_file(&input.path);
        // Files named on the command line are checked even when excluded,
        // as the user asked for them by name.
        if !input.explicit && resolved.is_excluded(&input.path) {
            continue;
        }
        seen.insert(input.path.clone());
        jobs.push((input, resolved));
    }
    // Andon checks its own settings: every settings file that governs a
    // checked file is part of the run, even outside the given paths. The
    // user file only when something is wrong with it.
    let settings_files: Vec<PathBuf> = catalog
        .loaded
        .iter()
        .filter(|(path, loaded)| {
            !seen.contains(*path) && (loaded.report_when_clean || !loaded.problems.is_empty())
        })
        .map(|(path, _)| path.clone())
        .collect();
    for path in settings_files {
        let resolved = catalog.for_file(&path);
        let input = inputs::Input {
            display: inputs::display_path(&path, cwd),
            path,
            explicit: true,
            problem: None,
        };
        jobs.push((input, resolved));
    }
    jobs.into_iter()
        .map(|(input, resolved)| Job {
            settings_problems: catalog
                .loaded
                .get(&input.path)
                .map(|loaded| loaded.problems.clone())
                .unwrap_or_default(),
            display: input.display,
            path: input.path,
            explicit: input.explicit,
            problem: input.problem,
            resolved,
            bytes: None,
        })
        .collect()
}

/// Many files on a terminal get a progress bar; short runs and pipes stay
/// quiet so logs are clean.
const PROGRESS_THRESHOLD: usize = 200;

fn analyse_all(
    jobs: Vec<Job>,
    threads: Option<usize>,
    paths: bool,
    fix: FixMode,
) -> Result<Vec<Outcome>, String> {
    // One cache for the whole run: every distinct path is looked up once,
    // whichever file and thread asks first.
    let disk = crate::disk::DiskFileSystem::cached();
    // Without path checks the disk is still read for a `#:schema` file.
    let fs: &dyn crate::analysis::paths::FileSystem = &disk;
    let bar = (jobs.len() > PROGRESS_THRESHOLD && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(jobs.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let outcomes = match threads {
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|error| format!("cannot start {threads} worker threads: {error}"))?
            .install(|| run::check_all(jobs, fs, paths, fix, &tick)),
        None => run::check_all(jobs, fs, paths, fix, &tick),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(outcomes)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            // https://no-color.org: any non-empty value turns colour off.
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            !no_color && std::io::stdout().is_terminal()
        }
    }
}
