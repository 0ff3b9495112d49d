//! The tokenizer and sentence splitter on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = readout_core::tokenize(text);
    let sentences = readout_core::split_sentences(text, &tokens);
    assert!(sentences.len() <= tokens.len());
    for w in tokens.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "tokens overlap");
    }
});
