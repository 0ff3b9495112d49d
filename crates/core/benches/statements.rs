//! Throughput of the statement stage alone, on top of the layers it reads, on the
//! fixture dump (project-written news text with direct and indirect speech).
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{analyze, Diagnostics, Layer, Options, StageName};

fn statements(c: &mut Criterion) {
    let text = include_str!("../../../fixtures/dump.txt").repeat(20);
    let (mut doc, _) = analyze(&text, &Options::default());
    let words = doc.tokens.len();
    let found = doc.statements.len();
    assert!(words > 10_000, "the bench text has {words} tokens");
    // Every repeat of the dump must give the same statements.
    assert!(
        found >= 20 * 20,
        "the bench text gives only {found} statements"
    );
    assert_eq!(
        found % 20,
        0,
        "{found} statements is not a multiple of the 20 repeats"
    );
    let stage = StageName::Statements.build();
    let mut g = c.benchmark_group("statements");
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("statements_dump_x20_words", |b| {
        b.iter(|| {
            doc.statements = Layer::default();
            let mut diags = Diagnostics::default();
            stage.run(&mut doc, &mut diags);
            assert_eq!(doc.statements.len(), found);
        });
    });
    g.finish();
}

criterion_group!(benches, statements);
criterion_main!(benches);
