//! `parse <FILE> [--format json|outline]`: read the plain text of a work
//! report and print what was read.
//!
//! ```text
//! cargo run --example workreport -- parse ../shared/seed/work-summary-2020.txt
//! cargo run --example workreport -- parse report.txt --format json
//! ```
//!
//! The JSON form is one object: `report` (the model, in the crate's JSON
//! form), `outline` (the heading tree: `marker`, `title`, `level`,
//! `start`, `end`, `children`), `parts` (`kind`, `title`, `start`, `end`),
//! `figures` (`kind`, `text`, `start`, `end`, `label`, and a `reading`
//! with the keys of the `quantity` subcommand) and `diagnostics`. Every
//! `start`/`end` is a byte offset into the file.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use workreport::ingest::text::{self, FigureKind, OutlineNode, Parsed};
use workreport::{Narrative, Report};

/// Arguments of `parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The text to read (UTF-8).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How to print what was read.
    #[arg(long, value_enum, default_value_t = ParseFormat::Outline)]
    pub format: ParseFormat,
}

/// The output formats of `parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ParseFormat {
    /// One JSON object: report, outline, parts, figures, diagnostics.
    Json,
    /// A short outline for people: parts, headings, problems, plan items,
    /// figures with their readings, diagnostics.
    Outline,
}

/// The exit code of a run whose input could not be read.
const EXIT_INPUT: u8 = 2;

/// Runs `parse`: prints the result; exits 2 if the file cannot be read or
/// the output cannot be written. Placeholders and other findings do not
/// change the exit code: reading is not checking.
pub fn run(args: &ParseArgs) -> ExitCode {
    let name = args.file.display();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{name}: cannot read the file: {e}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let Ok(input) = String::from_utf8(bytes) else {
        eprintln!("{name}: not UTF-8 text (convert it first, e.g. `iconv -f GB18030 -t UTF-8`)");
        return ExitCode::from(EXIT_INPUT);
    };
    let parsed = text::parse(&input);
    let out = match args.format {
        ParseFormat::Json => match serde_json::to_string_pretty(&parsed) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{name}: cannot write JSON: {e}");
                return ExitCode::from(EXIT_INPUT);
            }
        },
        ParseFormat::Outline => outline(&parsed, &input),
    };
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{}", out.trim_end()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parse: cannot write the output: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// The human outline of what was read from `input`.
pub fn outline(parsed: &Parsed, input: &str) -> String {
    let mut s = String::new();
    let r = &parsed.report;
    let org = r.org.as_ref().map_or("-", |o| o.name.as_str());
    let plan = r.plan.period.map_or_else(|| "-".to_owned(), |p| p.to_string());
    let _ = writeln!(s, "title: {}", if r.title.is_empty() { "-" } else { &r.title });
    let _ = writeln!(s, "period: {} · plan: {plan} · org: {org} · lang: {}", r.period, r.lang);
    let _ = writeln!(s, "\nparts ({})", parsed.parts.len());
    for p in &parsed.parts {
        let kind = serde_json::to_value(p.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let _ = writeln!(s, "  {kind:<8} {} [{}..{}]", short(&p.title, 40), p.start, p.end);
    }
    let _ = writeln!(s, "\noutline");
    fn tree(s: &mut String, nodes: &[OutlineNode]) {
        for n in nodes {
            let indent = "  ".repeat(n.level);
            let gap = if n.marker.ends_with(|c: char| c.is_ascii_alphanumeric()) { " " } else { "" };
            let _ = writeln!(s, "{indent}{}{gap}{} [{}..{}]", n.marker, short(&n.title, 50), n.start, n.end);
            tree(s, &n.children);
        }
    }
    tree(&mut s, &parsed.outline);
    report(&mut s, r);
    let _ = writeln!(s, "\nfigures ({})", parsed.figures.len());
    for f in &parsed.figures {
        let at = format!("[{}..{}]", f.start, f.end);
        let verbatim = input.get(f.start..f.end).unwrap_or("?");
        let label = f.label.as_deref().map(|l| format!(" · {}", short(l, 30))).unwrap_or_default();
        match (f.kind, &f.reading) {
            (FigureKind::Quantity, Some(r)) => {
                let q = r.quantity();
                let range = |lo: Option<Decimal>, hi: Option<Decimal>| match (lo, hi) {
                    (Some(a), Some(b)) if a == b => a.to_string(),
                    (a, b) => format!(
                        "{}..{}",
                        a.map(|d| d.to_string()).unwrap_or_default(),
                        b.map(|d| d.to_string()).unwrap_or_default()
                    ),
                };
                let unit = q.unit().display(q.lang()).to_string();
                let reading = if q.is_unknown() {
                    format!("unknown {unit}")
                } else {
                    let base = if q.base_unit() == *q.unit() {
                        String::new()
                    } else {
                        format!(" = {} {}", range(q.base_lower(), q.base_upper()), q.base_unit().display(q.lang()))
                    };
                    format!("{} {unit}{base}", range(q.lower(), q.upper()))
                };
                let respelled = if r.input() == verbatim || r.input() == f.text {
                    String::new()
                } else {
                    format!(" (read as {})", r.input())
                };
                let _ = writeln!(s, "  {verbatim} → {q}{respelled}: {}{label} {at}", reading.trim());
            }
            (FigureKind::Date, _) => {
                let _ = writeln!(s, "  {verbatim} → date {} {at}", f.date.as_deref().unwrap_or("?"));
            }
            _ => {
                let _ = writeln!(s, "  {verbatim} → name {at}");
            }
        }
    }
    let _ = writeln!(s, "\ndiagnostics ({})", parsed.diagnostics.len());
    for d in &parsed.diagnostics {
        let _ = writeln!(s, "  {d}");
    }
    s
}

fn report(s: &mut String, r: &Report) {
    let figures = |n: &Narrative| {
        let k = n.figures.len();
        if k == 0 { String::new() } else { format!(" ({k} figures)") }
    };
    let _ = writeln!(s, "\nreport");
    let _ = writeln!(s, "  preface: {} paragraphs{}", r.preface.paragraphs.len(), figures(&r.preface));
    let _ = writeln!(s, "  areas ({})", r.areas.len());
    fn areas(s: &mut String, list: &[workreport::WorkArea], depth: usize, figures: &dyn Fn(&Narrative) -> String) {
        for (i, a) in list.iter().enumerate() {
            let _ =
                writeln!(s, "{}{}. {}{}", "  ".repeat(depth + 2), i + 1, short(&a.headline, 50), figures(&a.narrative));
            areas(s, &a.subareas, depth + 1, figures);
        }
    }
    areas(s, &r.areas, 0, &figures);
    let _ = writeln!(s, "  problems ({})", r.problems.len());
    for (i, p) in r.problems.iter().enumerate() {
        let areas = if p.areas.is_empty() {
            String::new()
        } else {
            format!(" → {}", p.areas.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "))
        };
        let _ = writeln!(s, "    {}. {}{}{areas}", i + 1, short(&p.title, 50), figures(&p.narrative));
    }
    let title = r.plan.title.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
    let _ = writeln!(s, "  plan ({}){title}", r.plan.items.len());
    for (i, p) in r.plan.items.iter().enumerate() {
        let addresses = if p.addresses.is_empty() {
            String::new()
        } else {
            format!(" → {}", p.addresses.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "))
        };
        let _ = writeln!(s, "    {}. {}{}{addresses}", i + 1, short(&p.title, 50), figures(&p.narrative));
    }
}

/// At most `n` characters of `s`, with `…` when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}
