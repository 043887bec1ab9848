//! The command line (design §2): parses arguments with clap and hands each
//! subcommand to its front end. Owns the words users type, not the work:
//! `check` lives in [`crate::check`], rule texts in the rule registry.
//!
//! Invariant: usage errors exit with 2 (clap's default), as design §2
//! requires; every other exit code comes from the subcommand.
//!
//! Not here: the language server. The `lsp` subcommand is declared so the
//! command line is complete, but this build has no server compiled in.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::analysis::RuleId;
use crate::check::{self, ColorChoice, Format};
use crate::config::FailOn;

#[derive(Debug, Parser)]
#[command(
    name = "andon",
    version = env!("ANDON_VERSION"),
    about = "A TOML language server and checker: syntax, duplicate keys, broken paths — with the fix",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check TOML files and trees (default: the current directory).
    Check(CheckArgs),
    /// Run the language server over standard input and output.
    Lsp {
        /// Talk over stdin/stdout (the only transport; accepted for editors
        /// that pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// List every rule with its default Andon level.
    Rules {
        /// Print the full rule reference in Markdown (docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Explain a rule: what it catches, why, how to fix it, how to turn it off.
    Explain {
        /// The rule id, e.g. `duplicate-key`.
        rule: String,
    },
    /// List the bundled JSON schemas, or say which one applies to FILE and why.
    Schemas {
        /// A TOML file: print the schema that applies to it and why.
        file: Option<PathBuf>,
    },
    /// Print a shell completion script for bash, zsh, fish or PowerShell.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (`andon man > andon.1`).
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest Andon level that fails the run [default: red, or
    /// `[check] fail-on`].
    #[arg(
        long,
        value_name = "LEVEL",
        value_parser = PossibleValuesParser::new(["red", "yellow", "green", "never"])
            .map(|s| s.parse::<FailOn>().unwrap_or_default())
    )]
    pub fail_on: Option<FailOn>,
    /// Apply the fixes marked safe, in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print what would change as a unified diff, write nothing.
    #[arg(long, requires = "fix")]
    pub diff: bool,
    /// Read one document from standard input.
    #[arg(long)]
    pub stdin: bool,
    /// The file name standard input stands for (shown in the output, used
    /// to find settings); implies --stdin.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Skip path validation.
    #[arg(long)]
    pub no_paths: bool,
    /// Use this settings file instead of discovering andon.toml files.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads [default: all cores].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// When to colour the output (NO_COLOR is honoured by `auto`).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&check::Options {
            paths: args.paths,
            format: args.format,
            fail_on: args.fail_on,
            stdin: args.stdin,
            stdin_filename: args.stdin_filename,
            no_paths: args.no_paths,
            fix: args.fix,
            diff: args.diff,
            config: args.config,
            jobs: args.jobs.map(usize::from),
            color: args.color,
        }),
        Command::Lsp { stdio: _ } => crate::lsp::run(),
        Command::Rules { markdown } => {
            if markdown {
                print!("{}", crate::analysis::rules::reference_markdown());
            } else {
                print!("{}", rules_text());
            }
            ExitCode::SUCCESS
        }
        Command::Schemas { file } => match schemas_text(file.as_deref()) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("andon: {message}");
                ExitCode::from(2)
            }
        },
        Command::Completions { shell } => {
            print!("{}", completions(shell));
            ExitCode::SUCCESS
        }
        Command::Man => match man_page() {
            Ok(page) => {
                print!("{page}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("andon: cannot render the manual page: {error}");
                ExitCode::from(2)
            }
        },
        Command::Explain { rule } => match explain_text(&rule) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("andon: {message}");
                ExitCode::from(2)
            }
        },
    }
}

/// `andon completions SHELL`: the completion script, generated from the
/// clap definition so it never drifts from the real options.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "andon", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `andon man`: the manual page (roff), from the clap definition.
pub fn man_page() -> std::io::Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `andon rules`: one line per rule.
pub fn rules_text() -> String {
    let width = RuleId::ALL
        .iter()
        .map(|rule| rule.id().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in RuleId::ALL {
        let info = rule.info();
        out.push_str(&format!(
            "{} {:<6} {:<width$}  {}\n",
            info.default_andon.emoji(),
            info.default_andon.as_str(),
            info.id,
            info.summary
        ));
    }
    out
}

/// `andon explain RULE`: the rule's section of the reference
/// (docs/rules.md), word for word.
pub fn explain_text(id: &str) -> Result<String, String> {
    let Some(rule) = RuleId::from_id(id) else {
        return Err(format!(
            "unknown rule `{id}`; known rules: {}",
            RuleId::ALL.map(RuleId::id).join(", ")
        ));
    };
    Ok(crate::analysis::rules::rule_section(rule))
}

/// `andon schemas`: the bundled schemas and the files each is for;
/// `andon schemas FILE`: the schema that applies to FILE, and why.
pub fn schemas_text(file: Option<&std::path::Path>) -> Result<String, String> {
    use crate::analysis::schema::{association, bundle};
    let Some(file) = file else {
        let mut out = format!(
            "Bundled from {} (nothing is fetched):\n",
            bundle::schemastore_source()
        );
        let width = bundle::catalog()
            .iter()
            .map(|entry| bundle::documents()[entry.document].name.len())
            .max()
            .unwrap_or(0);
        for entry in bundle::catalog() {
            out.push_str(&format!(
                "  {:<width$}  {}  ({})\n",
                bundle::documents()[entry.document].name,
                entry.file_match.join(", "),
                entry.name,
            ));
        }
        out.push_str(&format!(
            "{} documents in all, with the schemas they reference. Another file takes one with a first-line comment `#:schema NAME.json` (or a path to a JSON schema file).\n",
            bundle::documents().len()
        ));
        return Ok(out);
    };
    let text =
        std::fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let text = String::from_utf8_lossy(&text);
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    Ok(match association::associate(&absolute, &text) {
        Some(found) => format!(
            "{}: {} ({})\n",
            file.display(),
            found.schema_name(),
            found.reason_text()
        ),
        None => format!(
            "{}: no schema applies (no `#:schema` directive, and no catalog entry matches its name)\n",
            file.display()
        ),
    })
}
