//! The JSON form: any text loads as a document or fails with an error,
//! and what loads writes back to JSON that loads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::{Catalog, Observation, OrgUnit, Report, json};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    if let Ok(r) = json::from_str::<Report>(input) {
        let text = json::to_string(&r).expect("a report serialises");
        json::from_str::<Report>(&text).expect("a written report loads");
    }
    if let Ok(c) = json::from_str::<Catalog>(input) {
        let text = json::to_string(&c).expect("a catalog serialises");
        json::from_str::<Catalog>(&text).expect("a written catalog loads");
    }
    let _ = json::from_str::<OrgUnit>(input);
    let _ = json::from_str::<Vec<Observation>>(input);
});
