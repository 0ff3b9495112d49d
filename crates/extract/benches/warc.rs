//! Throughput of reading a WARC archive: 1,000 gzip-per-record response records built from
//! the fixture pages, streamed and extracted (pages per second = elements per second).
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_extract::{WarcItem, WarcReader};

const PAGES: [&str; 4] = [
    include_str!("../../../fixtures/html/harbour.html"),
    include_str!("../../../fixtures/html/liveblog.html"),
    include_str!("../../../fixtures/html/malformed.html"),
    include_str!("../../../fixtures/html/harbour.html"),
];

fn archive(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        http.extend_from_slice(PAGES[i % PAGES.len()].as_bytes());
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://b.example/{i}\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        rec.extend_from_slice(&http);
        rec.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&rec).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

/// Reads the archive; returns (documents, problems).
fn read(bytes: &[u8]) -> (usize, usize) {
    let mut counts = (0, 0);
    for item in WarcReader::new(bytes, "bench.warc.gz") {
        match item {
            WarcItem::Doc(_) => counts.0 += 1,
            WarcItem::Problem(_) => counts.1 += 1,
        }
    }
    counts
}

fn warc(c: &mut Criterion) {
    let bytes = archive(1000);
    assert_eq!(read(&bytes), (1000, 0), "every record gives a document");
    let mut g = c.benchmark_group("warc");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1000));
    g.bench_function("read_1000_records_gz", |b| {
        b.iter(|| assert_eq!(read(&bytes), (1000, 0)));
    });
    g.finish();
}

criterion_group!(benches, warc);
criterion_main!(benches);
