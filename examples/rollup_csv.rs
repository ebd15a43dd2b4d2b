//! CSV → totals, timed: the Rust side of `benches/compare/run.sh`.
//!
//! Reads a CSV of observations into a [`Partial`] on every core
//! (`ingest::csv::load_parallel`), rolls it up over a catalog and an org
//! tree (totals for every node, with coverage and provenance), and prints the seconds that took: wall-clock time, in
//! process, from opening the file to the finished roll-up. Reading the
//! catalog and the tree is not timed; a summary goes to stderr.
//!
//! ```text
//! cargo run --release --example rollup_csv -- observations.csv catalog.json units.json
//! ```

use std::error::Error;
use std::fs;
use std::process::ExitCode;
use std::time::Instant;

use workreport::aggregate::{Partial, Rollup, RollupOptions};
use workreport::ingest::csv::LoadOptions;
use workreport::{Catalog, OrgUnit, Period};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv, catalog, units] = args.as_slice() else {
        eprintln!("usage: rollup_csv <observations.csv> <catalog.json> <units.json>");
        return ExitCode::from(2);
    };
    match run(csv, catalog, units) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rollup_csv: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(csv: &str, catalog: &str, units: &str) -> Result<(), Box<dyn Error>> {
    let catalog: Catalog = workreport::json::from_str(&fs::read_to_string(catalog)?)?;
    let units: OrgUnit = workreport::json::from_str(&fs::read_to_string(units)?)?;

    let start = Instant::now();
    let mut partial = Partial::new(&catalog, Some(&units));
    let input = fs::read(csv)?;
    let findings = workreport::ingest::csv::load_parallel(&input, csv, &mut partial, &LoadOptions::new())?;
    let rows = partial.len();
    let rollup = Rollup::from_partial(partial, &catalog, Some(&units), &RollupOptions::new());
    let seconds = start.elapsed().as_secs_f64();

    println!("{seconds:.4}");
    let first = catalog.iter().next().map(|m| m.key.as_str()).unwrap_or_default();
    let total = rollup.get(first, units.id.as_str(), &Period::year(2020)?);
    eprintln!(
        "{rows} rows, {} findings; {first} {} 2020: {}",
        findings.len() + rollup.diagnostics().len(),
        units.id,
        total.map_or("no total".to_owned(), |t| format!(
            "{} ({}/{} reported)",
            t.quantity(),
            t.coverage().reported,
            t.coverage().expected()
        )),
    );
    Ok(())
}
