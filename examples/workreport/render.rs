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

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
    let report: Report = super::load_document(&args.report)?;
    let catalog: Option<Catalog> = args.catalog.as_deref().map(super::load_document).transpose()?;
    let units: Option<OrgUnit> = args.units.as_deref().map(super::load_document).transpose()?;
    let rollup = match (&args.observations, &catalog) {
        (Some(path), Some(catalog)) => {
            let (rollup, load) = crate::rollup::roll_up(path, catalog, units.as_ref())?;
            for d in load.iter().chain(rollup.diagnostics()) {
                eprintln!("{d}");
            }
            Some(rollup)
        }
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
