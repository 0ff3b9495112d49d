//! The input readers on arbitrary bytes: format detection, HTML, feeds, WARC (plain and
//! gzip), JSON Lines and charset decoding. Bad input gives problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readout_extract::{detect, read_as, read_documents, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = match pick % 7 {
        0 => Format::Text,
        1 => Format::Html,
        2 => Format::Feed,
        3 => Format::Warc,
        4 => Format::Jsonl,
        5 => Format::Gzip,
        _ => detect(bytes, "fuzz.input"),
    };
    let _ = read_as(bytes, "fuzz.input", format, 0);
    let _ = read_documents(bytes, "fuzz.input");
});
