//! Throughput of the entity stage alone (tagger, typing, canonicalisation), in words.
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{Diagnostics, Document, StageName};

fn entities(c: &mut Criterion) {
    let text = include_str!("../../../fixtures/dump.txt").repeat(20);
    let mut prepared = Document::new(text.as_str());
    let mut diags = Diagnostics::default();
    StageName::Text.build().run(&mut prepared, &mut diags);
    let words = prepared.tokens.len();
    assert!(words > 10_000, "the bench text has {words} tokens");
    let stage = StageName::Entities.build();
    let mut once = prepared.clone();
    stage.run(&mut once, &mut diags);
    let mentions = once.mentions.len();
    let entities = once.entities.len();
    assert!(
        mentions > 100,
        "the bench text has {mentions} entity mentions"
    );
    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("entities_dump_x20", |b| {
        b.iter(|| {
            let mut doc = prepared.clone();
            let mut diags = Diagnostics::default();
            stage.run(&mut doc, &mut diags);
            assert_eq!(doc.mentions.len(), mentions);
            assert_eq!(doc.entities.len(), entities);
        });
    });
    g.finish();
}

criterion_group!(benches, entities);
criterion_main!(benches);
