//! Development helper: writes a `.warc.gz` of N response records (one gzip member each)
//! cycling through the fixture pages (each made unique) under fixtures/html/, for throughput and memory
//! measurements: `cargo run --release -p readout-extract --example make_warc -- N OUT`.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("record count");
    let out = args.next().expect("output path");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/html");
    let mut pages: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("fixtures/html")
        .filter_map(Result::ok)
        .map(|e| std::fs::read(e.path()).expect("page"))
        .collect();
    pages.sort();
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).expect("create"));
    for i in 0..n {
        // Each record's text differs (a numbered first sentence), so that a store keeps
        // every one instead of skipping repeats.
        let page = String::from_utf8_lossy(&pages[i % pages.len()]).replacen(
            "<p>",
            &format!("<p>Dispatch {i} follows. "),
            1,
        );
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        http.extend_from_slice(page.as_bytes());
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://site.example/{i}\r\n\
             Content-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        rec.extend_from_slice(&http);
        rec.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&rec).expect("gzip");
        w.write_all(&gz.finish().expect("gzip")).expect("write");
    }
}
