//! `rollup <OBSERVATIONS.csv> --catalog <CATALOG> [--units <UNITS>] [--format text|json]`:
//! adds up a CSV of observations over a catalog and an org tree, and prints
//! every total with its coverage and qualifiers.
//!
//! ```text
//! cargo run --features toml --example workreport -- rollup examples/data/observations.csv \
//!     --catalog examples/data/catalog.toml --units examples/data/units.toml
//! cargo run --example workreport -- rollup examples/data/observations.csv \
//!     --catalog examples/data/catalog.json --units examples/data/units.json --format json
//! ```
//!
//! The text form prints one line per total, then every finding, then a
//! summary line. The JSON form prints an array of totals on stdout (keys in
//! a fixed order, decimals as strings) and the findings on stderr, so stdout
//! stays one JSON document. Exit codes: 0, 1 if any finding is an error,
//! 2 if a file cannot be read.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use workreport::aggregate::{Partial, Rollup, RollupOptions, Total};
use workreport::ingest::csv::LoadOptions;
use workreport::{Bound, Catalog, Diagnostic, OrgUnit, Severity};

/// Arguments of `rollup`.
#[derive(Debug, clap::Args)]
pub struct RollupArgs {
    /// The observations: CSV with columns `unit`, `period`, `metric`,
    /// `value` and optionally `uom`, `note`; a blank value is unknown.
    #[arg(value_name = "OBSERVATIONS")]
    observations: PathBuf,
    /// The catalog of metrics, `.json` or `.toml` (TOML needs the `toml` feature).
    #[arg(long, value_name = "CATALOG")]
    catalog: PathBuf,
    /// The org tree, `.json` or `.toml`; without it every unit seen sits
    /// under one root, `(all)`.
    #[arg(long, value_name = "UNITS")]
    units: Option<PathBuf>,
    /// How to print the totals.
    #[arg(long, value_enum, default_value_t = RollupFormat::Text)]
    format: RollupFormat,
}

/// How `rollup` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RollupFormat {
    /// One line per total, then the findings and a summary line.
    Text,
    /// A JSON array of the totals; the findings go to stderr.
    Json,
}

/// The exit code of a run whose input could not be read.
const EXIT_INPUT: u8 = 2;

/// Runs `rollup`: exit 0, 1 if any finding is an error, 2 if a file cannot
/// be read (or the output cannot be written).
pub fn run(args: &RollupArgs) -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    rollup(args, &mut out, &mut err).unwrap_or_else(|e| {
        let _ = writeln!(err, "workreport: cannot write the output: {e}");
        ExitCode::from(EXIT_INPUT)
    })
}

fn rollup(args: &RollupArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let loaded = match load_rollup(&args.observations, &args.catalog, args.units.as_deref()) {
        Ok(l) => l,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(ExitCode::from(EXIT_INPUT));
        }
    };
    let diagnostics = loaded.diagnostics();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match args.format {
        RollupFormat::Text => {
            let mut totals = 0;
            for total in loaded.rollup.totals() {
                writeln!(out, "{}", total_line(&total))?;
                totals += 1;
            }
            for d in &diagnostics {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{totals} totals; {errors} errors, {warnings} warnings")?;
        }
        RollupFormat::Json => {
            let totals: Vec<TotalJson<'_>> = loaded.rollup.totals().map(|t| TotalJson::new(&t)).collect();
            let text = serde_json::to_string_pretty(&totals).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
            for d in &diagnostics {
                writeln!(err, "{d}")?;
            }
        }
    }
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// A roll-up and the findings of reading its observations.
#[derive(Debug)]
pub struct Loaded {
    /// The totals.
    pub rollup: Rollup,
    /// What reading the CSV found (bad rows, unknown metrics, units that do not fit).
    pub load: Vec<Diagnostic>,
}

impl Loaded {
    /// Every finding: reading the CSV first, then the roll-up's own.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        self.load.iter().chain(self.rollup.diagnostics()).collect()
    }
}

/// Reads the catalog, the org tree and the CSV (streamed into a
/// [`Partial`]), and rolls up. The CSV's locations name the file, not its
/// directory (`observations.csv row 12`).
///
/// # Errors
///
/// A message naming the file when one cannot be read or parsed, or the
/// CSV's header is wrong; bad rows are findings, not errors.
pub fn load_rollup(observations: &Path, catalog: &Path, units: Option<&Path>) -> Result<Loaded, String> {
    let catalog: Catalog = super::load_document(catalog)?;
    let units: Option<OrgUnit> = units.map(super::load_document).transpose()?;
    let (rollup, load) = roll_up(observations, &catalog, units.as_ref())?;
    Ok(Loaded { rollup, load })
}

/// Streams the CSV at `observations` into a [`Partial`] and rolls it up;
/// returns the roll-up and the CSV's own findings.
///
/// # Errors
///
/// A message naming the file when it cannot be read or its header is wrong.
pub fn roll_up(
    observations: &Path,
    catalog: &Catalog,
    units: Option<&OrgUnit>,
) -> Result<(Rollup, Vec<Diagnostic>), String> {
    let name = observations
        .file_name()
        .map_or_else(|| observations.display().to_string(), |n| n.to_string_lossy().into_owned());
    let cannot_read = |e: io::Error| format!("{}: cannot read the file: {e}", observations.display());
    let file = File::open(observations).map_err(cannot_read)?;
    let mut partial = Partial::new(catalog, units);
    // A regular file is read whole and on every core; a pipe is streamed.
    let load = if file.metadata().is_ok_and(|m| m.is_file()) {
        let input = std::fs::read(observations).map_err(cannot_read)?;
        workreport::ingest::csv::load_parallel(&input, &name, &mut partial, &LoadOptions::new())
    } else {
        workreport::ingest::csv::load(BufReader::with_capacity(1 << 16, file), &name, &mut partial)
    }
    .map_err(|e| format!("{}: {e}", observations.display()))?;
    Ok((Rollup::from_partial(partial, catalog, units, &RollupOptions::new()), load))
}

/// One total as a line: metric, org, period, the quantity as a report
/// would write it, its interval, coverage, exactness and sources.
///
/// `public_venue_investment township 2020: 超过87万元 = (87, ∞); 11/12 reported, 1 missing; inexact; 12 sources`
pub fn total_line(total: &Total<'_>) -> String {
    let c = total.coverage();
    let mut s = format!("{} {} {}: {} = ", total.metric(), total.org(), total.period(), total.quantity());
    match total.value() {
        Some(v) => write!(s, "{v}"),
        None => write!(s, "unknown"),
    }
    .and_then(|()| write!(s, "; {}/{} reported", c.reported, c.expected()))
    .and_then(|()| {
        for (label, n) in [("partial", c.partial), ("unknown", c.unknown), ("missing", c.missing)] {
            if n > 0 {
                write!(s, ", {n} {label}")?;
            }
        }
        Ok(())
    })
    .and_then(|()| {
        let sources = total.sources().len();
        let exact = if total.is_exact() { "exact" } else { "inexact" };
        write!(s, "; {exact}; {sources} source{}", if sources == 1 { "" } else { "s" })
    })
    .unwrap_or_default();
    s
}

/// One total in the JSON output, keys in this order.
#[derive(Debug, Serialize)]
pub struct TotalJson<'a> {
    metric: &'a str,
    org: &'a str,
    period: String,
    unit: String,
    /// The lower end; `null` when unbounded or unknown.
    lower: Option<String>,
    /// The upper end; `null` when unbounded or unknown.
    upper: Option<String>,
    /// Whether the lower end is included; `null` without one.
    lower_closed: Option<bool>,
    /// Whether the upper end is included; `null` without one.
    upper_closed: Option<bool>,
    exact: bool,
    reported: u32,
    partial: u32,
    unknown: u32,
    missing: u32,
    expected: u32,
    /// The total as a report would write it: `48次`, `超过87万元`, `X次`.
    value: String,
    /// How many observations it came from.
    sources: usize,
}

impl<'a> TotalJson<'a> {
    /// The JSON form of `total`.
    pub fn new(total: &Total<'a>) -> TotalJson<'a> {
        let c = total.coverage();
        let end = |b: Option<Bound>| match b {
            Some(Bound::Closed(d)) => (Some(d.to_string()), Some(true)),
            Some(Bound::Open(d)) => (Some(d.to_string()), Some(false)),
            Some(Bound::Unbounded) | None => (None, None),
        };
        let value = total.value();
        let (lower, lower_closed) = end(value.map(|v| v.lower()));
        let (upper, upper_closed) = end(value.map(|v| v.upper()));
        TotalJson {
            metric: total.metric().as_str(),
            org: total.org().as_str(),
            period: total.period().to_string(),
            unit: total.unit().to_string(),
            lower,
            upper,
            lower_closed,
            upper_closed,
            exact: total.is_exact(),
            reported: c.reported,
            partial: c.partial,
            unknown: c.unknown,
            missing: c.missing,
            expected: c.expected(),
            value: total.quantity().to_string(),
            sources: total.sources().len(),
        }
    }
}
