//! The TOML form: any text loads as a document or fails with an error,
//! and what loads writes back to TOML that loads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::{Catalog, OrgUnit, Report, toml};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    if let Ok(r) = toml::from_str::<Report>(input) {
        if let Ok(text) = toml::to_string(&r) {
            toml::from_str::<Report>(&text).expect("a written report loads");
        }
    }
    let _ = toml::from_str::<Catalog>(input);
    let _ = toml::from_str::<OrgUnit>(input);
});
