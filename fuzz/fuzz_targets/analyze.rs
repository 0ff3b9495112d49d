//! The analyzer entry point on arbitrary text, with and without a reference date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readout_core::{analyze, Date, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let published = if text.len() % 2 == 0 {
        Date::parse("2025-11-25")
    } else {
        None
    };
    let (doc, _) = analyze(text, &Options { published });
    for t in &doc.tokens {
        assert!(
            text.is_char_boundary(t.span.start as usize)
                && text.is_char_boundary(t.span.end as usize)
        );
    }
});
