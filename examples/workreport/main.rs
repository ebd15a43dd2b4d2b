//! A command-line front end to the library: read quantities, check,
//! roll up, render, parse and compile reports.
//!
//! ```text
//! cargo run --example workreport -- quantity "30 余万元" "1361万人"
//! cargo run --example workreport -- check report.json --catalog catalog.json --format json
//! cargo run --example workreport -- rollup examples/data/observations.csv --catalog examples/data/catalog.json --units examples/data/units.json
//! cargo run --example workreport -- render report.json --format html --locale en
//! cargo run --example workreport -- parse examples/data/work-summary-2020.txt --format outline
//! cargo run --example workreport -- compile --out out
//! ```
//!
//! Each subcommand is one function taking its parsed arguments and the
//! output streams, and returning the exit code; `main` only dispatches.
//! Nothing here panics on bad input: every failure is printed.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod parse;
mod render;
mod rollup;
#[allow(dead_code)]
#[path = "../township.rs"]
mod township;
use serde::Serialize;
use workreport::check::CheckOptions;
use workreport::{Catalog, DataFile, Quantity, Severity};

/// Typed yearly work summaries and plans (工作总结 / 工作计划).
#[derive(Debug, Parser)]
#[command(name = "workreport", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read quantities (`30 余万元`, `1361万人`, "more than 300 people") and
    /// print one JSON line per argument.
    Quantity(QuantityArgs),
    /// Check a report and print every finding.
    Check(CheckArgs),
    /// Add up a CSV of observations and print every total with its coverage.
    Rollup(rollup::RollupArgs),
    /// Write a report as Markdown, official text, HTML or JSON.
    Render(render::RenderArgs),
    /// Read a report's plain text into the model and print it or its outline.
    Parse(parse::ParseArgs),
    /// Compile a township's report from a template and its units' figures.
    Compile(township::CompileArgs),
}

#[derive(Debug, clap::Args)]
struct QuantityArgs {
    /// The quantities, one per argument.
    #[arg(required = true, value_name = "TEXT")]
    texts: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The report, `.json` or `.toml` (TOML needs the `toml` feature).
    #[arg(value_name = "REPORT")]
    report: PathBuf,
    /// A catalog of metrics to check figures and targets against.
    #[arg(long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per finding, then a summary line.
    Text,
    /// A JSON array of the findings.
    Json,
}

/// The exit code of a run whose input could not be read.
const EXIT_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let result = match cli.command {
        Command::Quantity(args) => quantity(&args, &mut out),
        Command::Check(args) => check(&args, &mut out, &mut err),
        Command::Rollup(args) => return rollup::run(&args),
        Command::Render(args) => return render::run(&args),
        Command::Parse(args) => return parse::run(&args),
        Command::Compile(args) => return township::run(&args),
    };
    // A closed pipe or full disk: say so, do not panic as `println!` would.
    result.unwrap_or_else(|e| {
        let _ = writeln!(err, "workreport: cannot write the output: {e}");
        ExitCode::from(EXIT_INPUT)
    })
}

/// A line for an argument that is not a quantity.
#[derive(Serialize)]
struct QuantityErrorLine<'a> {
    input: &'a str,
    error: String,
}

/// `quantity <TEXT>...`: one JSON line per argument; exit 2 if any failed.
fn quantity(args: &QuantityArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let mut failed = false;
    for input in &args.texts {
        let line = match input.parse::<Quantity>() {
            Ok(q) => serde_json::to_string(&workreport::ingest::text::Reading::new(input, &q)),
            Err(e) => {
                failed = true;
                serde_json::to_string(&QuantityErrorLine { input, error: e.to_string() })
            }
        };
        writeln!(out, "{}", line.map_err(io::Error::other)?)?;
    }
    Ok(if failed { ExitCode::from(EXIT_INPUT) } else { ExitCode::SUCCESS })
}

/// `check <REPORT> [--catalog <CATALOG>] [--format text|json]`: every
/// finding; exit 1 if any is an error, 2 if a file cannot be read.
fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let report = match load_document::<workreport::Report>(&args.report) {
        Ok(r) => r,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(ExitCode::from(EXIT_INPUT));
        }
    };
    let catalog = match args.catalog.as_deref().map(load_document::<Catalog>).transpose() {
        Ok(c) => c,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(ExitCode::from(EXIT_INPUT));
        }
    };
    let options = match &catalog {
        Some(c) => CheckOptions::new().catalog(c),
        None => CheckOptions::new(),
    };
    let findings = workreport::check::check(&report, &options);
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match args.format {
        Format::Text => {
            for d in &findings {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{errors} errors, {warnings} warnings")?;
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&findings).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
    }
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Reads a report, catalog or org tree by its file's extension; the error
/// names the file. Every subcommand loads its documents through this.
fn load_document<T: DataFile>(path: &Path) -> Result<T, String> {
    let name = path.display();
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let text = || fs::read_to_string(path).map_err(|e| format!("{name}: cannot read the file: {e}"));
    match extension.as_deref() {
        Some("json") => workreport::json::from_str(&text()?).map_err(|e| format!("{name}: {e}")),
        #[cfg(feature = "toml")]
        Some("toml") => workreport::toml::from_str(&text()?).map_err(|e| format!("{name}: {e}")),
        #[cfg(not(feature = "toml"))]
        Some("toml") => {
            Err(format!("{name}: reading TOML needs the `toml` feature (run the example with `--features toml`)"))
        }
        _ => Err(format!("{name}: unknown file type (expected `.json` or `.toml`)")),
    }
}
