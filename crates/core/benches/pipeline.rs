//! End-to-end analysis throughput on the fixture dump.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{analyze, Options};

fn pipeline(c: &mut Criterion) {
    let text = include_str!("../../../fixtures/dump.txt").repeat(20);
    let (doc, _) = analyze(&text, &Options::default());
    let words = doc.tokens.len();
    assert!(words > 10_000, "the bench text has {words} tokens");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("analyze_dump_x20", |b| {
        b.iter(|| {
            let (doc, _) = analyze(&text, &Options::default());
            assert_eq!(doc.tokens.len(), words);
        });
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
