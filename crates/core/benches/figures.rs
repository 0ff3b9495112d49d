//! Throughput of the date and figure stages on the fixture dump (without the other stages).
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{Diagnostics, Document, StageName};

/// Runs the date and figure stages on a fresh document; returns (dates, money, quantities).
fn run(text: &str) -> (usize, usize, usize) {
    let mut doc = Document::new(text);
    doc.published = readout_core::Date::parse("2025-11-25");
    let mut diags = Diagnostics::default();
    for stage in [StageName::Dates.build(), StageName::Figures.build()] {
        stage.run(&mut doc, &mut diags);
    }
    (doc.dates.len(), doc.money.len(), doc.quantities.len())
}

fn figures(c: &mut Criterion) {
    let one = include_str!("../../../fixtures/dump.txt");
    let (d1, m1, q1) = run(one);
    // The fixture states amounts with conversions, weekdays and years.
    assert!(
        m1 >= 4 && d1 >= 10 && q1 >= 5,
        "found {d1} dates, {m1} amounts, {q1} quantities in the fixture"
    );
    let text = one.repeat(50);
    let counts = run(&text);
    assert_eq!(
        counts,
        (d1 * 50, m1 * 50, q1 * 50),
        "counts scale with the text"
    );
    let mut g = c.benchmark_group("figures");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("dates_and_figures_dump_x50", |b| {
        b.iter(|| assert_eq!(run(&text), counts));
    });
    g.finish();
}

criterion_group!(benches, figures);
criterion_main!(benches);
