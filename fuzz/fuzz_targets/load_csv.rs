//! CSV observations: any bytes read row by row, every row an observation
//! or an error that names where; loaded into a partial and rolled up, the
//! values interned on the way; no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::aggregate::{Partial, Rollup, RollupOptions};
use workreport::ingest::csv::{self, ObservationReader};
use workreport::{Catalog, Metric, OrgUnit};

fuzz_target!(|data: &[u8]| {
    if let Ok(reader) = ObservationReader::new(data) {
        for row in reader.take(10_000) {
            if let Err(e) = row {
                let _ = e.to_string();
            }
        }
    }
    let metric = |key: &str, unit: &str| Metric::new(key.parse().unwrap(), key, unit.parse().unwrap());
    let catalog = Catalog::new(vec![metric("posts", "条"), metric("visits", "次"), metric("funds", "万元")]).unwrap();
    let unit = |id: &str| OrgUnit::new(id.parse().unwrap(), id);
    let town = unit("town").child(unit("a")).child(unit("b"));
    let mut partial = Partial::new(&catalog, Some(&town));
    if csv::load(data, "fuzz.csv", &mut partial).is_ok() {
        let rollup = Rollup::from_partial(partial, &catalog, Some(&town), &RollupOptions::new());
        for total in rollup.totals() {
            let _ = (total.quantity().to_string(), total.sources());
        }
    }
});
