//! The whole pipeline, as a new user would run it: compile a township's
//! yearly report from its residents' committees' figures.
//!
//! 1. Take last year's report text as a template (the seed, with its `X`s)
//!    and parse it into the model.
//! 2. Bind its figure slots to the catalog's metrics by their wording.
//! 3. Roll up the committees' CSV of observations over the org tree.
//! 4. Fill every `X` the data answers; partial coverage stays a lower
//!    bound (`14次以上`), and what the data does not answer stays `X`.
//! 5. Evaluate last year's plan, if given, against this year's totals.
//! 6. Check the result and write it as official text, Markdown and HTML.
//!
//! ```text
//! cargo run --example township                      # the bundled sample, into ./out
//! cargo run --example township -- --out /tmp/report --per-unit
//! ```

use std::error::Error;
use std::fs;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use workreport::aggregate::{Checklist, Fill, Partial, Rollup, RollupOptions, fill};
use workreport::check::{CheckOptions, check};
use workreport::ingest::{csv, text};
use workreport::render::official::{OfficialText, TextOptions};
use workreport::render::{Document, Render, html::Html, markdown::Markdown};
use workreport::{Catalog, Diagnostic, OrgUnit, Report, Severity, json};

/// Where the bundled sample lives.
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

/// What to compile.
#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The template: last year's report as text, its figures as `X`.
    #[arg(long, value_name = "TEXT", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/work-summary-2020.txt"))]
    pub template: PathBuf,
    /// The units' observations as CSV.
    #[arg(long, value_name = "CSV", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/observations.csv"))]
    pub observations: PathBuf,
    /// The catalog of metrics (JSON).
    #[arg(long, value_name = "JSON", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/catalog.json"))]
    pub catalog: PathBuf,
    /// The org tree (JSON): the township and its committees.
    #[arg(long, value_name = "JSON", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/units.json"))]
    pub units: PathBuf,
    /// Last year's report as JSON, whose plan is evaluated against this year's totals.
    #[arg(long, value_name = "JSON", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/report-2019.json"))]
    pub last_year: Option<PathBuf>,
    /// The folder the `.txt`, `.md` and `.html` files are written to.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Also compile one report per unit of the tree, into `DIR/units/`.
    #[arg(long)]
    pub per_unit: bool,
}

/// One compiled report, rendered.
#[derive(Debug)]
pub struct Compiled {
    /// The filled report.
    pub report: Report,
    /// What was filled and what was not.
    pub fill: Fill,
    /// Findings of the roll-up and of the checks on the filled report.
    pub findings: Vec<Diagnostic>,
    /// Official text, Markdown and HTML.
    pub text: String,
    /// Markdown.
    pub markdown: String,
    /// The self-contained HTML page.
    pub html: String,
}

/// The inputs, loaded once.
#[derive(Debug)]
pub struct Inputs {
    /// The parsed template, bound to the catalog.
    pub template: Report,
    /// How many of the template's figures were bound to metrics.
    pub bound: usize,
    /// The catalog.
    pub catalog: Catalog,
    /// The org tree.
    pub units: OrgUnit,
    /// The roll-up of the observations.
    pub rollup: Rollup,
    /// Findings of reading the template and the observations.
    pub findings: Vec<Diagnostic>,
    /// Last year's plan evaluated against this year, if given.
    pub checklist: Option<Checklist>,
}

/// Loads and rolls up everything the reports are compiled from.
pub fn load(args: &CompileArgs) -> Result<Inputs, Box<dyn Error>> {
    let read = |p: &Path| fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let catalog: Catalog =
        json::from_str(&read(&args.catalog)?).map_err(|e| format!("{}: {e}", args.catalog.display()))?;
    let units: OrgUnit = json::from_str(&read(&args.units)?).map_err(|e| format!("{}: {e}", args.units.display()))?;

    // 1–2. The template, parsed and bound. Its own organisation is the
    // unknown `X`: the org tree names the township and its committees.
    let (mut template, mut findings) = text::parse_report(&read(&args.template)?);
    // The template's placeholders are the point of compiling: the checks
    // of the filled report say which remain.
    findings.retain(|d| d.code != workreport::Code::UnfilledPlaceholder);
    let bound = text::bind(&mut template, &catalog);
    template.org = Some(units.clone());

    // 3. The committees' figures, streamed into a roll-up.
    let mut partial = Partial::new(&catalog, Some(&units));
    let file = fs::File::open(&args.observations).map_err(|e| format!("{}: {e}", args.observations.display()))?;
    let name = args.observations.file_name().map_or("observations".into(), |n| n.to_string_lossy().into_owned());
    findings.extend(csv::load(BufReader::new(file), &name, &mut partial).map_err(|e| format!("{name}: {e}"))?);
    let rollup = Rollup::from_partial(partial, &catalog, Some(&units), &RollupOptions::new());
    findings.extend(rollup.diagnostics().iter().cloned());

    // 5. Last year's plan against this year's totals.
    let checklist = match &args.last_year {
        None => None,
        Some(path) => {
            let last: Report = json::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
            let as_of = template.period.end();
            Some(Checklist::carry_over(
                &last.plan,
                &template,
                &rollup,
                units.id.as_str(),
                template.period,
                &catalog,
                Some(as_of),
            )?)
        }
    };
    Ok(Inputs { template, bound, catalog, units, rollup, findings, checklist })
}

/// Compiles the report of one unit of the tree (the township itself, or a committee).
pub fn compile(inputs: &Inputs, unit: &OrgUnit) -> Compiled {
    let mut template = inputs.template.clone();
    template.org = Some(unit.clone());
    let filled = fill(&template, &inputs.rollup);
    let report = filled.report.clone();
    let mut findings = inputs.findings.clone();
    findings.extend(check(&report, &CheckOptions::new().catalog(&inputs.catalog)));
    let doc = Document::new(&report).rollup(&inputs.rollup).catalog(&inputs.catalog);
    Compiled {
        // A total with units missing is written as a lower bound with its coverage.
        text: OfficialText::with_options(TextOptions::new().coverage(true)).render_to_string(&doc),
        markdown: Markdown::new().render_to_string(&doc),
        html: Html::new().render_to_string(&doc),
        report,
        fill: filled,
        findings,
    }
}

/// Writes a compiled report as `STEM.txt`, `STEM.md` and `STEM.html` in `dir`.
fn write(dir: &Path, stem: &str, c: &Compiled) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (ext, body) in [("txt", &c.text), ("md", &c.markdown), ("html", &c.html)] {
        let path = dir.join(format!("{stem}.{ext}"));
        fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Runs the pipeline and prints the summary; the exit code is 1 when a
/// finding is an error, 2 when an input cannot be read or an output written.
pub fn run(args: &CompileArgs) -> ExitCode {
    match try_run(args) {
        Ok(errors) => ExitCode::from(u8::from(errors)),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn try_run(args: &CompileArgs) -> Result<bool, Box<dyn Error>> {
    let inputs = load(args)?;
    let township = compile(&inputs, &inputs.units);
    write(&args.out, inputs.units.id.as_str(), &township)?;

    let f = &township.fill;
    println!("{} ({})", township.report.title, inputs.units.name);
    println!("figure slots bound to metrics: {}", inputs.bound);
    println!("slots filled: {}", f.filled.len());
    for s in &f.filled {
        let partial = if s.coverage.reported < s.coverage.expected {
            format!(" ({}/{} units)", s.coverage.reported, s.coverage.expected)
        } else {
            String::new()
        };
        println!("  {} = {}{partial}", s.metric, s.value);
    }
    println!("slots still unknown: {}", f.unfilled.len());
    for s in &f.unfilled {
        println!("  {}: {}", s.location, s.reason);
    }
    if let Some(list) = &inputs.checklist {
        println!("last year's plan: {} items", list.items.len());
        for item in &list.items {
            println!("  {:?}: {}", item.status, item.title);
        }
    }
    let errors = township.findings.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = township.findings.iter().filter(|d| d.severity == Severity::Warning).count();
    println!("findings: {errors} errors, {warnings} warnings");
    for d in township.findings.iter().filter(|d| d.severity == Severity::Error) {
        println!("  {d}");
    }

    if args.per_unit {
        let units: Vec<&OrgUnit> = inputs.units.iter().skip(1).collect();
        let bar = progress(units.len());
        for unit in units {
            bar.set_message(unit.name.clone());
            let c = compile(&inputs, unit);
            write(&args.out.join("units"), unit.id.as_str(), &c)?;
            bar.inc(1);
        }
        bar.finish_and_clear();
        println!("per-unit reports: {}", args.out.join("units").display());
    }
    println!("wrote {}/{}.{{txt,md,html}}", args.out.display(), inputs.units.id);
    Ok(errors > 0)
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
fn progress(len: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

#[allow(dead_code)]
fn main() -> ExitCode {
    use clap::Parser;
    #[derive(clap::Parser)]
    #[command(about = "Compile a township's yearly report from its committees' figures")]
    struct Cli {
        #[command(flatten)]
        args: CompileArgs,
    }
    let _ = DATA;
    run(&Cli::parse().args)
}
