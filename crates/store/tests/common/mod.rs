//! Documents built by hand for the store's tests and for the compatibility fixture
//! (`cargo run -p readout-store --example write_compat_fixture`).

#![allow(dead_code, reason = "each user takes what it needs")]

use readout_core::{
    Annotation, Date, DateAnchor, DateMention, DateValue, Document, Entity, EntityType, Layer,
    Mention, MentionKind, Money, Speaker, Stance, StanceKind, Statement, StatementKind,
};
use readout_store::{NewDocument, Store};

/// The span of the `n`-th (0-based) occurrence of `needle` in `text`.
pub fn span_of(text: &str, needle: &str, n: usize) -> readout_core::Span {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in the text"))
        .0;
    readout_core::Span::new(start, start + needle.len())
}

pub fn entity(name: &str, kind: EntityType) -> Entity {
    Entity {
        name: name.into(),
        kind,
        aliases: Vec::new(),
        roles: Vec::new(),
    }
}

/// A document about a harbour audit: two entities, a dated statement by Kronberga
/// about Baltmare, a denial by Baltmare, an amount of money and a date.
pub fn audit_doc(published: &str) -> Document {
    let text = "Harbour audit finds double billing\n\
                On Monday Ilze Kronberga said that Baltmare Dredging had billed twice for €118 million of work.\n\
                Baltmare Dredging denied it on X, calling the audit “fabricated”.\n";
    let mut doc = Document::new(text);
    doc.published = Date::parse(published);
    doc.articles = Layer::from_vec(vec![Annotation {
        span: readout_core::Span::new(0, text.trim_end().len()),
        value: readout_core::Article {
            headline: Some(span_of(text, "Harbour audit finds double billing", 0)),
            ..Default::default()
        },
    }]);
    doc.entities = vec![
        entity("Ilze Kronberga", EntityType::Person),
        entity("Baltmare Dredging", EntityType::Org),
    ];
    doc.mentions = Layer::from_vec(vec![
        Annotation {
            span: span_of(text, "Ilze Kronberga", 0),
            value: Mention {
                entity: 0,
                kind: MentionKind::Name,
            },
        },
        Annotation {
            span: span_of(text, "Baltmare Dredging", 0),
            value: Mention {
                entity: 1,
                kind: MentionKind::Name,
            },
        },
        Annotation {
            span: span_of(text, "Baltmare Dredging", 1),
            value: Mention {
                entity: 1,
                kind: MentionKind::Name,
            },
        },
    ]);
    doc.dates = Layer::from_vec(vec![Annotation {
        span: span_of(text, "Monday", 0),
        value: DateMention {
            value: Some(DateValue::Day(Date::from_ymd(2025, 11, 3).unwrap())),
            anchor: DateAnchor::Relative,
        },
    }]);
    doc.money = Layer::from_vec(vec![Annotation {
        span: span_of(text, "€118 million", 0),
        value: Money {
            amount: 118e6,
            currency: "EUR".into(),
            approx: None,
            equivalent_of: None,
        },
    }]);
    doc.statements = Layer::from_vec(vec![
        Annotation {
            span: span_of(
                text,
                "Baltmare Dredging had billed twice for €118 million of work",
                0,
            ),
            value: Statement {
                speaker: Speaker {
                    entity: Some(0),
                    mention: Some(span_of(text, "Ilze Kronberga", 0)),
                },
                cue: Some(span_of(text, "said that", 0)),
                kind: StatementKind::Indirect,
                medium: None,
                time: Some(0),
                stance: None,
            },
        },
        Annotation {
            span: span_of(text, "calling the audit “fabricated”", 0),
            value: Statement {
                speaker: Speaker {
                    entity: Some(1),
                    mention: Some(span_of(text, "Baltmare Dredging", 1)),
                },
                cue: Some(span_of(text, "denied", 0)),
                kind: StatementKind::Mixed,
                medium: Some((span_of(text, "on X", 0), "X".into())),
                time: None,
                stance: Some(Stance {
                    kind: StanceKind::Denies,
                    target: 0,
                }),
            },
        },
    ]);
    doc
}

/// A second document naming the same person (spelt with other spacing and case).
pub fn ferry_doc() -> Document {
    let text =
        "Ferry fares rise\nThe ferry operator raised fares, ILZE  KRONBERGA told the radio.\n";
    let mut doc = Document::new(text);
    doc.entities = vec![
        entity("ILZE  KRONBERGA", EntityType::Person),
        // The same name with another type is another entity.
        entity("Ilze Kronberga", EntityType::Org),
    ];
    doc.mentions = Layer::from_vec(vec![Annotation {
        span: span_of(text, "ILZE  KRONBERGA", 0),
        value: Mention {
            entity: 0,
            kind: MentionKind::Name,
        },
    }]);
    doc
}

pub fn add_all(store: &mut Store, docs: Vec<NewDocument>) -> Vec<bool> {
    let mut batch = store.begin().unwrap();
    let out = docs
        .iter()
        .map(|d| batch.add(d).unwrap().inserted)
        .collect();
    batch.commit().unwrap();
    out
}

/// What the version-1 compatibility fixture holds: the audit and ferry documents.
pub fn write_compat(dir: &std::path::Path) {
    let mut store = Store::open(dir).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("audit.txt", "h-audit", audit_doc("2025-11-04")),
            NewDocument::new("ferry.txt", "h-ferry", ferry_doc()),
        ],
    );
    store.checkpoint().unwrap();
}
