//! `render <REPORT> [--format markdown|text|html|json] [--locale zh-CN|en]`:
//! writes a report in one of the built-in formats to stdout.
//!
//! ```text
//! cargo run --example seed_2020 -- --json > seed.json
//! cargo run --example workreport -- render seed.json --format text --wrap 56
//! cargo run --example workreport -- render seed.json --format html --catalog examples/data/catalog.json \
//!     --observations examples/data/observations.csv --units examples/data/units.json > seed.html
//! ```
//!
//! With `--observations` (a CSV of observations, as `rollup` reads it) and
//! `--catalog`, the output ends with the totals table of their roll-up over
//! `--units` (or every unit seen). Exit codes: 0, or 2 if a file cannot be
//! read or the output cannot be written.

use std::fs::{self, File};
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use workreport::aggregate::{Partial, Rollup, RollupOptions};
use workreport::render::html::Html;
use workreport::render::json::Json;
use workreport::render::markdown::Markdown;
use workreport::render::official::{OfficialText, TextOptions};
use workreport::render::{Document, Locale, Render, TotalsScope};
use workreport::{Catalog, OrgUnit, Report};

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The report, `.json` or `.toml` (TOML needs the `toml` feature).
    #[arg(value_name = "REPORT")]
    report: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, default_value_t = RenderFormat::Markdown)]
    format: RenderFormat,
    /// The language of the added words: `zh-CN` or `en` (by default the
    /// report's language).
    #[arg(long, value_name = "LOCALE")]
    locale: Option<Locale>,
    /// A catalog of metrics, `.json` or `.toml`, whose labels name the
    /// metrics in targets and tables.
    #[arg(long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// A CSV of observations to roll up into a totals table (needs `--catalog`).
    #[arg(long, value_name = "OBSERVATIONS", requires = "catalog")]
    observations: Option<PathBuf>,
    /// The org tree of the roll-up, `.json` or `.toml`.
    #[arg(long, value_name = "UNITS", requires = "observations")]
    units: Option<PathBuf>,
    /// List every total of the roll-up, not only the report's unit's.
    #[arg(long, requires = "observations")]
    all_totals: bool,
    /// For `--format text`: hard-wrap lines at this many columns (a
    /// Chinese character is two; 56 is GB/T 9704's 28 characters).
    #[arg(long, value_name = "COLUMNS")]
    wrap: Option<usize>,
}

/// The formats `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// CommonMark (with a GFM table for totals).
    Markdown,
    /// The official text of Chinese documents (公文).
    Text,
    /// One self-contained HTML page with tables and charts.
    Html,
    /// The report's JSON form (with its totals when rolled up).
    Json,
}

/// The exit code of a run whose input could not be read.
const EXIT_INPUT: u8 = 2;

/// Runs `render`: exit 0, or 2 if a file cannot be read or the output
/// cannot be written.
pub fn run(args: &RenderArgs) -> ExitCode {
    let text = match render(args) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("workreport: cannot write the output: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// The rendering, or a message naming the file that could not be read.
fn render(args: &RenderArgs) -> Result<String, String> {
    let report: Report = load_document(&args.report)?;
    let catalog: Option<Catalog> = args.catalog.as_deref().map(load_document).transpose()?;
    let units: Option<OrgUnit> = args.units.as_deref().map(load_document).transpose()?;
    let rollup = match (&args.observations, &catalog) {
        (Some(path), Some(catalog)) => Some(roll_up(path, catalog, units.as_ref())?),
        _ => None,
    };

    let mut doc = Document::new(&report);
    if let Some(c) = &catalog {
        doc = doc.catalog(c);
    }
    if let Some(r) = &rollup {
        doc = doc.rollup(r);
    }
    if let Some(l) = args.locale {
        doc = doc.locale(l);
    }
    if args.all_totals {
        doc = doc.totals(TotalsScope::All);
    }
    let renderer: Box<dyn Render> = match args.format {
        RenderFormat::Markdown => Box::new(Markdown::new()),
        RenderFormat::Text => Box::new(OfficialText::with_options(TextOptions::new().wrap(args.wrap.unwrap_or(0)))),
        RenderFormat::Html => Box::new(Html::new()),
        RenderFormat::Json => Box::new(Json::new()),
    };
    Ok(renderer.render_to_string(&doc))
}

/// Rolls up a CSV of observations; its findings go to stderr.
fn roll_up(path: &Path, catalog: &Catalog, units: Option<&OrgUnit>) -> Result<Rollup, String> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let file = File::open(path).map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
    let mut partial = Partial::new(catalog, units);
    let findings = workreport::ingest::csv::load(BufReader::new(file), &name, &mut partial)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let rollup = Rollup::from_partial(partial, catalog, units, &RollupOptions::new());
    for d in findings.iter().chain(rollup.diagnostics()) {
        eprintln!("{d}");
    }
    Ok(rollup)
}

/// Reads a report, catalog or org tree by its file's extension; the error
/// names the file.
fn load_document<T: workreport::DataFile>(path: &Path) -> Result<T, String> {
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
