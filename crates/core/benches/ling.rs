//! Throughput of the linguistic base: tokens and sentences, tagging, parsing.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use readout_core::parser::ParserStage;
use readout_core::tagger::TaggerStage;
use readout_core::{split_sentences, tokenize, Diagnostics, Document, Layer, Stage, Upos};

/// News-like text written for this benchmark.
const TEXT: &str = "The foreign minister said on Monday that talks with the rebels had stalled. \
\"We will not sign anything under pressure,\" he told reporters in Geneva. \
According to the U.N., more than 3,500 people have fled the region since March. \
Mr. Novak, who leads the opposition, accused the government of hiding the real figures. \
The central bank raised its key rate to 4.5% and warned that inflation could reach $3.5 bn. this year. \
Officials in Kyiv declined to comment, but a spokeswoman for the ministry denied the report.\n";

fn document(text: &str) -> Document {
    let mut doc = Document::new(text);
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    doc.tokens = Layer::from_vec(tokens);
    doc.sentences = Layer::from_vec(sentences);
    doc
}

fn ling(c: &mut Criterion) {
    let text = TEXT.repeat(200);
    let base = document(&text);
    let words = base.tokens.len();
    assert_eq!(
        base.sentences.len(),
        6 * 200,
        "the bench text splits into six sentences a copy"
    );
    assert!(words > 20_000, "the bench text has {words} tokens");

    let mut g = c.benchmark_group("ling");
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("tokens_and_sentences", |b| {
        b.iter(|| {
            let t = tokenize(&text);
            let s = split_sentences(&text, &t);
            assert_eq!((t.len(), s.len()), (words, 1200));
        });
    });

    let mut tagged = base.clone();
    TaggerStage.run(&mut tagged, &mut Diagnostics::default());
    let verbs = tagged
        .tokens
        .iter()
        .filter(|t| t.value.upos == Upos::Verb)
        .count();
    assert!(verbs >= 200 * 8, "only {verbs} verbs were tagged");
    g.bench_function("tag", |b| {
        b.iter(|| {
            let mut doc = base.clone();
            TaggerStage.run(&mut doc, &mut Diagnostics::default());
            assert_eq!(doc.tokens.get(1).map(|t| t.value.upos), Some(Upos::Adj));
        });
    });

    let mut parsed = tagged.clone();
    ParserStage.run(&mut parsed, &mut Diagnostics::default());
    let roots = parsed
        .tokens
        .iter()
        .filter(|t| t.value.head.is_none())
        .count();
    assert_eq!(roots, 1200, "one root a sentence");
    g.bench_function("parse", |b| {
        b.iter(|| {
            let mut doc = tagged.clone();
            ParserStage.run(&mut doc, &mut Diagnostics::default());
            assert_eq!(
                doc.tokens.iter().filter(|t| t.value.head.is_none()).count(),
                1200
            );
        });
    });
    g.finish();
}

/// Every distinct text of the fixtures (the dump, the articles and the single article),
/// each once: varied text, so that the weight tables are read as on real input rather
/// than from a cache warmed by one repeated paragraph.
const VARIED: [&str; 9] = [
    include_str!("../../../fixtures/dump.txt"),
    include_str!("../../../fixtures/single.txt"),
    include_str!("../../../fixtures/articles/01-latvia-harbour-audit.txt"),
    include_str!("../../../fixtures/articles/02-poland-rail-pact.txt"),
    include_str!("../../../fixtures/articles/03-brno-hospital-software.txt"),
    include_str!("../../../fixtures/articles/04-danube-barge-deal.txt"),
    include_str!("../../../fixtures/articles/05-yarsk-airport-terminal.txt"),
    include_str!("../../../fixtures/articles/06-norrvik-mine-relocation.txt"),
    include_str!("../../../fixtures/articles/07-aegean-ferry-fares.txt"),
];

/// The same stages on the varied text of the fixtures.
fn ling_varied(c: &mut Criterion) {
    let text = VARIED.join("\n\n");
    let base = document(&text);
    let words = base.tokens.len();
    assert!(words > 7_000, "the varied text has {words} tokens");
    let mut tagged = base.clone();
    TaggerStage.run(&mut tagged, &mut Diagnostics::default());
    let mut g = c.benchmark_group("ling_varied");
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("tag", |b| {
        b.iter(|| {
            let mut doc = base.clone();
            TaggerStage.run(&mut doc, &mut Diagnostics::default());
            assert_eq!(doc.tokens.len(), words);
        });
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            let mut doc = tagged.clone();
            ParserStage.run(&mut doc, &mut Diagnostics::default());
            let roots = doc.tokens.iter().filter(|t| t.value.head.is_none()).count();
            assert_eq!(roots, doc.sentences.len());
        });
    });
    g.finish();
}

criterion_group!(benches, ling, ling_varied);
criterion_main!(benches);
