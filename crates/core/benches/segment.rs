//! Throughput of the segment stage alone on a dump of run-together articles.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{Document, Pipeline, StageName};

fn segment(c: &mut Criterion) {
    // Three articles and a noise line that we wrote, repeated to about 1.5 MB.
    let text = include_str!("../tests/it/segment_sample.txt").repeat(500);
    let pipeline = Pipeline::new(vec![StageName::Segment.build()]).expect("segment runs alone");
    let mut doc = Document::new(text.as_str());
    let _ = pipeline.run(&mut doc);
    let articles = doc.articles.len();
    let noise = doc.noise.len();
    assert_eq!(articles, 1500, "the bench dump has 3 articles per copy");
    assert_eq!(noise, 500, "the bench dump has 1 noise line per copy");
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("segment_dump_x500", |b| {
        b.iter(|| {
            let mut doc = Document::new(text.as_str());
            let _ = pipeline.run(&mut doc);
            assert_eq!(doc.articles.len(), articles);
            assert_eq!(doc.noise.len(), noise);
        });
    });
    g.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
