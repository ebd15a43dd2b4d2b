//! `ingest::text::parse` on any text: no panic, and every byte range it
//! returns is a range of the input on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workreport::ingest::text;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let parsed = text::parse(&input);
    let ok = |s: usize, e: usize| s <= e && e <= input.len() && input.is_char_boundary(s) && input.is_char_boundary(e);
    for f in &parsed.figures {
        assert!(ok(f.start, f.end), "figure {f:?}");
    }
    for p in &parsed.parts {
        assert!(ok(p.start, p.end), "part {p:?}");
    }
    for d in &parsed.diagnostics {
        if let Some(s) = d.location.span {
            assert!(ok(s.start, s.end), "diagnostic {d}");
        }
    }
    // The model is a valid document.
    let json = workreport::json::to_string(&parsed.report).expect("a parsed report serialises");
    workreport::json::from_str::<workreport::Report>(&json).expect("a parsed report loads");
});
