//! `Quantity::from_str` on any text: no panic; what it reads, it writes
//! back so that it reads again — written the same when read in Chinese,
//! meaning the same when read in English (which folds scale words into
//! the number: ARCHITECTURE.md, `quantity` invariants).
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::{Lang, Quantity};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    if let Ok(q) = input.parse::<Quantity>() {
        let written = q.to_string();
        let again: Quantity =
            written.parse().unwrap_or_else(|e| panic!("{input:?} reads as {written:?}, which does not read: {e}"));
        match q.lang() {
            Lang::Zh => assert!(again.is_identical(&q), "{input:?} reads as {written:?}, which reads as {again:?}"),
            _ => assert!(again.is_equivalent(&q), "{input:?} reads as {written:?}, which means {again:?}"),
        }
        let _ = (q.base_interval(), q.lower(), q.upper(), q.display(Lang::En).to_string());
    }
});
