//! CSV observations: any bytes read row by row, every row an observation
//! or an error that names where; no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::ingest::csv::ObservationReader;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = ObservationReader::new(data) else { return };
    for row in reader.take(10_000) {
        if let Err(e) = row {
            let _ = e.to_string();
        }
    }
});
