//! Tests of the store with documents built by hand (the analysis stages are not needed).

use std::path::Path;

use readout_core::{
    Annotation, Date, DateAnchor, DateMention, DateValue, Document, Entity, EntityType, Layer,
    Mention, MentionKind, Money, Speaker, Stance, StanceKind, Statement, StatementKind,
};
use readout_store::{
    Error, ExportTable, NewDocument, SearchIn, StatementFilter, Store, Value, SCHEMA_VERSION,
};

/// The span of the `n`-th (0-based) occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str, n: usize) -> readout_core::Span {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in the text"))
        .0;
    readout_core::Span::new(start, start + needle.len())
}

fn entity(name: &str, kind: EntityType) -> Entity {
    Entity {
        name: name.into(),
        kind,
        aliases: Vec::new(),
        roles: Vec::new(),
    }
}

/// A document about a harbour audit: two entities, a dated statement by Kronberga
/// about Baltmare, a denial by Baltmare, an amount of money and a date.
fn audit_doc(published: &str) -> Document {
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
                    name: None,
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
                    name: None,
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
fn ferry_doc() -> Document {
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

fn add_all(store: &mut Store, docs: Vec<NewDocument>) -> Vec<bool> {
    let mut batch = store.begin().unwrap();
    let out = docs
        .iter()
        .map(|d| batch.add(d).unwrap().inserted)
        .collect();
    batch.commit().unwrap();
    out
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_text).unwrap_or_default()
}

#[test]
fn same_hash_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let inserted = add_all(
        &mut store,
        vec![
            NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")),
            NewDocument::new("b.txt", "h1", audit_doc("2025-11-04")),
        ],
    );
    assert_eq!(inserted, [true, false]);
    let again = add_all(
        &mut store,
        vec![NewDocument::new("a.txt", "h1", audit_doc("2025-11-04"))],
    );
    assert_eq!(again, [false]);
    assert_eq!(store.document_count().unwrap(), 1);
    assert!(store.contains("h1").unwrap());
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn entities_are_canonical_across_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")),
            NewDocument::new("b.txt", "h2", ferry_doc()),
        ],
    );
    let people = store.entities(Some("person"), None, 10).unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(text(people.get(0, "name")), "Ilze Kronberga");
    assert_eq!(people.get(0, "mentions"), Some(&Value::Int(2)));
    assert_eq!(people.get(0, "documents"), Some(&Value::Int(2)));
    let all = store.entities(None, None, 0).unwrap();
    assert_eq!(all.len(), 3);
    // Baltmare has the most mentions (two) but Kronberga has as many and more documents.
    assert_eq!(text(all.get(0, "name")), "Ilze Kronberga");
    assert_eq!(text(all.get(1, "name")), "Baltmare Dredging");
    let orgs = store.entities(Some("ORG"), Some("kronberga"), 10).unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs.get(0, "mentions"), Some(&Value::Int(0)));
}

#[test]
fn statements_filter_by_speaker_topic_date_medium_and_stance() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![NewDocument::new("a.txt", "h1", audit_doc("2025-11-04"))],
    );
    let q = |f: StatementFilter| store.statements(&f).unwrap().column_text("content");
    let all = q(StatementFilter::default());
    assert_eq!(all.len(), 2);
    let by = q(StatementFilter {
        speaker: Some("kronberga".into()),
        ..Default::default()
    });
    assert_eq!(
        by,
        ["Baltmare Dredging had billed twice for €118 million of work"]
    );
    let about = q(StatementFilter {
        about: Some("Baltmare".into()),
        ..Default::default()
    });
    assert_eq!(about, by, "a statement is not about its own speaker");
    // The first statement is dated by its date mention (2025-11-03), the second by the
    // publication date (2025-11-04).
    let since = q(StatementFilter {
        since: Some("2025-11-04".into()),
        ..Default::default()
    });
    assert_eq!(since, ["calling the audit “fabricated”"]);
    let medium = q(StatementFilter {
        medium: Some("x".into()),
        ..Default::default()
    });
    assert_eq!(medium, since);
    let denies = store
        .statements(&StatementFilter {
            stance: Some("denies".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(denies.len(), 1);
    assert_eq!(text(denies.get(0, "speaker")), "Baltmare Dredging");
    assert_eq!(text(denies.get(0, "cue")), "denied");
    let first_id = store.statements(&StatementFilter {
        speaker: Some("Ilze".into()),
        ..Default::default()
    });
    assert_eq!(
        denies.get(0, "stance_target"),
        first_id.unwrap().get(0, "id")
    );
    let none = q(StatementFilter {
        speaker: Some("kronberga".into()),
        stance: Some("denies".into()),
        ..Default::default()
    });
    assert!(none.is_empty());
    let text_q = q(StatementFilter {
        text: Some("fabricated".into()),
        ..Default::default()
    });
    assert_eq!(text_q, since);
}

#[test]
fn search_ranks_by_bm25_and_marks_hits() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")),
            NewDocument::new("b.txt", "h2", ferry_doc()),
            NewDocument::new(
                "c.txt",
                "h3",
                Document::new("Ferry news\nFerry ferry ferry: the ferry sails again.\n"),
            ),
        ],
    );
    let hits = store.search("ferry", 10, SearchIn::Articles).unwrap();
    assert_eq!(hits.column_text("source"), ["c.txt", "b.txt"]);
    // Ranking the two halves of the store on two threads gives the same answer.
    store.set_parallel_search_from(1);
    assert_eq!(store.search("ferry", 10, SearchIn::Articles).unwrap(), hits);
    assert_eq!(
        store
            .search("ferry", 1, SearchIn::Articles)
            .unwrap()
            .column_text("source"),
        ["c.txt"]
    );
    store.set_parallel_search_from(20_000);
    let snippet = text(hits.get(1, "snippet"));
    assert!(snippet.contains("The **ferry** operator"), "{snippet}");
    // A document without an articles layer is stored as one article (headline unknown).
    assert_eq!(hits.get(0, "headline"), Some(&Value::Null));
    assert_eq!(text(hits.get(1, "headline")), "");
    let hits = store.search("fabricated", 10, SearchIn::Articles).unwrap();
    assert_eq!(
        text(hits.get(0, "headline")),
        "Harbour audit finds double billing"
    );
    // Punctuation in the query is not FTS5 syntax.
    assert_eq!(
        store
            .search("\"double billing\" (audit", 10, SearchIn::Articles)
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .search("nothing-matches-this", 10, SearchIn::Articles)
        .unwrap()
        .is_empty());
    let st = store
        .search("fabricated", 10, SearchIn::Statements)
        .unwrap();
    assert_eq!(text(st.get(0, "speaker")), "Baltmare Dredging");
    assert!(text(st.get(0, "snippet")).contains("**fabricated**"));
    // The statement index keeps no positions: phrases are checked on the text.
    let phrase = |q: &str| store.search(q, 10, SearchIn::Statements).unwrap().len();
    assert_eq!(phrase("\"the audit\""), 1);
    assert_eq!(
        phrase("\"audit the\""),
        0,
        "both words occur, not as a phrase"
    );
    assert_eq!(phrase("\"billed twice\" Baltmare"), 1);
    assert_eq!(
        phrase("\"twice billed\" OR fabricated"),
        2,
        "with OR: the words"
    );
    let filtered = store
        .statements(&StatementFilter {
            text: Some("\"billed twice\"".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(text(filtered.get(0, "speaker")), "Ilze Kronberga");
    let none = store
        .statements(&StatementFilter {
            text: Some("\"twice billed\"".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn a_batch_dropped_without_commit_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    {
        let mut batch = store.begin().unwrap();
        batch
            .add(&NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")))
            .unwrap();
    }
    assert_eq!(store.document_count().unwrap(), 0);
    assert!(store.entities(None, None, 0).unwrap().is_empty());
    // The entity cache was dropped with the transaction: entities are written again.
    add_all(
        &mut store,
        vec![NewDocument::new("a.txt", "h1", audit_doc("2025-11-04"))],
    );
    assert_eq!(store.entities(None, None, 0).unwrap().len(), 2);
    drop(store);
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.document_count().unwrap(), 1);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn show_gives_an_article_with_its_layers_in_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![NewDocument::new("a.txt", "h1", audit_doc("2025-11-04"))],
    );
    let id = store
        .search("audit", 1, SearchIn::Articles)
        .unwrap()
        .get(0, "article")
        .and_then(Value::as_int)
        .unwrap();
    let view = store.article(id).unwrap().unwrap();
    assert!(view.text.starts_with("Harbour audit"));
    assert!(view.text.ends_with("“fabricated”."));
    assert_eq!(view.entities.len(), 2);
    assert_eq!(view.statements.len(), 2);
    assert_eq!(text(view.figures.get(0, "unit")), "EUR");
    assert_eq!(text(view.dates.get(0, "value")), "2025-11-03");
    // Offsets count code points: "“" is one, though three bytes long.
    let chars: Vec<char> = view.text.chars().collect();
    let s = view
        .statements
        .get(1, "start")
        .and_then(Value::as_int)
        .unwrap() as usize;
    let e = view
        .statements
        .get(1, "end")
        .and_then(Value::as_int)
        .unwrap() as usize;
    let content: String = chars[s..e].iter().collect();
    assert_eq!(content, "calling the audit “fabricated”");
    assert!(store.article(id + 100).unwrap().is_none());
}

#[test]
fn stats_and_exports_count_every_layer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")),
            NewDocument::new("b.txt", "h2", ferry_doc()),
        ],
    );
    let stats = store.stats().unwrap();
    let value = |what: &str| {
        (0..stats.len())
            .find(|&i| text(stats.get(i, "what")) == what)
            .and_then(|i| stats.get(i, "value").and_then(Value::as_int))
    };
    assert_eq!(value("documents"), Some(2));
    assert_eq!(value("articles"), Some(2));
    assert_eq!(value("entities"), Some(3));
    assert_eq!(value("entities PERSON"), Some(1));
    assert_eq!(value("statements"), Some(2));
    assert_eq!(value("schema version"), Some(SCHEMA_VERSION));
    let mut counts = Vec::new();
    for t in ExportTable::ALL {
        let mut n = 0;
        store
            .export(t, |cols, row| {
                assert_eq!(cols.len(), row.len());
                n += 1;
                Ok::<(), Error>(())
            })
            .unwrap();
        counts.push((t.name(), n));
    }
    assert_eq!(
        counts,
        [
            ("articles", 2),
            ("statements", 2),
            ("entities", 3),
            ("mentions", 4),
            ("figures", 1),
            ("dates", 1)
        ]
    );
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = dir.path().join(readout_store::DB_FILE);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Store::open_existing(dir.path()).unwrap_err();
    assert!(matches!(err, Error::NewerVersion { found, .. } if found == SCHEMA_VERSION + 1));
    let msg = err.to_string();
    assert!(
        msg.contains("newer readout") && msg.contains("upgrade"),
        "{msg}"
    );
}

#[test]
fn other_databases_and_missing_stores_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open_existing(dir.path()).unwrap_err();
    assert!(matches!(err, Error::NoStore(_)), "{err}");
    let db = dir.path().join(readout_store::DB_FILE);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE t(x)").unwrap();
    drop(conn);
    let err = Store::open_existing(dir.path()).unwrap_err();
    assert!(matches!(err, Error::NotAStore(_)), "{err}");
}

const COMPAT_V1: &str = "tests/compat/v1.db";
const COMPAT_V2: &str = "tests/compat/v2.db";
const COMPAT_V3: &str = "tests/compat/v3.db";

/// What the compatibility fixtures hold: the audit and ferry documents.
fn write_compat(dir: &Path) {
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

/// The writer of the compatibility fixtures still produces a store that opens and holds
/// what the fixtures hold. With `READOUT_BLESS_COMPAT=1` it also writes the fixture of
/// the current schema version (only when the version changes: old fixtures must stay as
/// they are).
#[test]
fn compat_fixture_writer_makes_an_equivalent_store() {
    let dir = tempfile::tempdir().unwrap();
    write_compat(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join(readout_store::DB_FILE)).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    // Small pages keep the committed file small (one page per table and index).
    conn.execute_batch("PRAGMA page_size = 512; VACUUM")
        .unwrap();
    drop(conn);
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.document_count().unwrap(), 2);
    assert!(store.contains("h-audit").unwrap());
    drop(store);
    if std::env::var_os("READOUT_BLESS_COMPAT").is_some() {
        let target = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/compat/v{SCHEMA_VERSION}.db"));
        std::fs::copy(dir.path().join(readout_store::DB_FILE), target).unwrap();
    }
}

/// Every exported row of a store.
fn export_all(store: &Store) -> Vec<(String, Vec<String>, Vec<Value>)> {
    let mut out = Vec::new();
    for t in ExportTable::ALL {
        store
            .export::<readout_store::Error>(t, |cols, row| {
                out.push((t.name().to_string(), cols.to_vec(), row));
                Ok(())
            })
            .unwrap();
    }
    out
}

/// Opens a copy of a committed fixture and checks what every fixture holds.
fn open_fixture(name: &str) -> (tempfile::TempDir, Store) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join(readout_store::DB_FILE)).unwrap();
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    assert_eq!(store.document_count().unwrap(), 2);
    assert!(store.contains("h-audit").unwrap());
    let hits = store.search("fabricated", 5, SearchIn::Articles).unwrap();
    assert_eq!(hits.column_text("source"), ["audit.txt"]);
    let people = store.entities(Some("PERSON"), None, 5).unwrap();
    assert_eq!(people.column_text("name"), ["Ilze Kronberga"]);
    let denials = store
        .statements(&StatementFilter {
            stance: Some("denies".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(denials.column_text("speaker"), ["Baltmare Dredging"]);
    assert!(std::fs::metadata(&fixture).unwrap().len() < 100_000);
    (dir, store)
}

/// A version-1 store is upgraded when opened (to the compact version-2 tables) and then
/// exports exactly what a store written now from the same documents exports.
#[test]
fn a_version_1_store_is_upgraded_and_keeps_every_fact() {
    let (_dir, old) = open_fixture(COMPAT_V1);
    let fresh = tempfile::tempdir().unwrap();
    write_compat(fresh.path());
    let new = Store::open_existing(fresh.path()).unwrap();
    let (a, b) = (export_all(&old), export_all(&new));
    assert!(a.len() > 10, "{}", a.len());
    assert_eq!(a, b);
    let hits = old.search("\"double billing\"", 5, SearchIn::Statements);
    assert_eq!(
        hits.unwrap().len(),
        new.search("\"double billing\"", 5, SearchIn::Statements)
            .unwrap()
            .len()
    );
}

#[test]
fn a_version_2_store_still_opens() {
    let (_dir, store) = open_fixture(COMPAT_V2);
    assert!(!export_all(&store).is_empty());
}

#[test]
fn a_version_3_store_still_opens() {
    let (_dir, store) = open_fixture(COMPAT_V3);
    assert!(!export_all(&store).is_empty());
}

/// With the `tantivy` feature, the tantivy index follows SQLite: an index that lost its
/// last commits (here: the whole index) is rebuilt from SQLite when the store opens.
#[cfg(feature = "tantivy")]
#[test]
fn tantivy_index_catches_up_with_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("a.txt", "h1", audit_doc("2025-11-04")),
            NewDocument::new("b.txt", "h2", ferry_doc()),
        ],
    );
    let hits = store.search("ferry", 10, SearchIn::Articles).unwrap();
    assert_eq!(hits.column_text("source"), ["b.txt"]);
    assert!(text(hits.get(0, "snippet")).contains("**ferry**"));
    drop(store);
    std::fs::remove_dir_all(dir.path().join("tantivy")).unwrap();
    let mut store = Store::open_existing(dir.path()).unwrap();
    let hits = store.search("audit", 10, SearchIn::Articles).unwrap();
    assert_eq!(hits.column_text("source"), ["a.txt"]);
    for q in [
        "fabric*",
        "fabric* audit",
        "\"double billing\"",
        "ferry OR audit",
    ] {
        let t = store.search(q, 10, SearchIn::Articles).unwrap();
        store.set_tantivy_search(false);
        let f = store.search(q, 10, SearchIn::Articles).unwrap();
        store.set_tantivy_search(true);
        let mut ts = t.column_text("source");
        let mut fs = f.column_text("source");
        ts.sort();
        fs.sort();
        assert_eq!(ts, fs, "{q}: tantivy and FTS5 find the same articles");
        assert!(!ts.is_empty(), "{q}");
    }
    store.set_tantivy_search(false);
    let fts = store.search("audit", 10, SearchIn::Articles).unwrap();
    assert_eq!(fts.column_text("source"), ["a.txt"]);
}

/// A document that names a person by surname only, with one statement by her.
fn surname_doc(surname: &str) -> Document {
    let text = format!("Dredging contract cancelled\n{surname} said the contract was cancelled.\n");
    let mut doc = Document::new(&text);
    doc.entities = vec![entity(surname, EntityType::Person)];
    doc.mentions = Layer::from_vec(vec![Annotation {
        span: span_of(&text, surname, 0),
        value: Mention {
            entity: 0,
            kind: MentionKind::Name,
        },
    }]);
    doc.statements = Layer::from_vec(vec![Annotation {
        span: span_of(&text, "the contract was cancelled", 0),
        value: Statement {
            speaker: Speaker {
                name: None,
                entity: Some(0),
                mention: Some(span_of(&text, surname, 0)),
            },
            cue: Some(span_of(&text, "said", 0)),
            kind: StatementKind::Indirect,
            medium: None,
            time: None,
            stance: None,
        },
    }]);
    doc
}

/// A document about another person with the same surname.
fn namesake_doc() -> Document {
    let text = "Choir tour\nAnna Kronberga leads the choir.\n";
    let mut doc = Document::new(text);
    doc.entities = vec![entity("Anna Kronberga", EntityType::Person)];
    doc.mentions = Layer::from_vec(vec![Annotation {
        span: span_of(text, "Anna Kronberga", 0),
        value: Mention {
            entity: 0,
            kind: MentionKind::Name,
        },
    }]);
    doc
}

/// The people of a store: (name, mentions, documents, aliases).
fn people(store: &Store) -> Vec<(String, i64, i64, String)> {
    let rows = store.entities(Some("PERSON"), None, 0).unwrap();
    let mut out: Vec<_> = (0..rows.len())
        .map(|i| {
            let int = |c| match rows.get(i, c) {
                Some(Value::Int(n)) => *n,
                other => panic!("{c}: {other:?}"),
            };
            (
                text(rows.get(i, "name")),
                int("mentions"),
                int("documents"),
                text(rows.get(i, "aliases")),
            )
        })
        .collect();
    out.sort();
    out
}

fn speakers(store: &Store) -> Vec<String> {
    let rows = store.statements(&StatementFilter::default()).unwrap();
    let mut out = rows.column_text("speaker");
    out.sort();
    out
}

/// A surname written alone links to the one stored person of that surname, whichever
/// document comes first, and her statements follow.
#[test]
fn a_surname_alone_joins_the_one_person_who_has_it() {
    for order in [[0, 1], [1, 0]] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for i in order {
            let doc = if i == 0 {
                NewDocument::new("audit.txt", "h-audit", audit_doc("2025-11-04"))
            } else {
                NewDocument::new("short.txt", "h-short", surname_doc("Kronberga"))
            };
            add_all(&mut store, vec![doc]);
        }
        assert_eq!(
            people(&store),
            [("Ilze Kronberga".to_string(), 2, 2, "Kronberga".to_string())],
            "order {order:?}"
        );
        assert_eq!(
            speakers(&store),
            ["Baltmare Dredging", "Ilze Kronberga", "Ilze Kronberga"],
            "order {order:?}"
        );
        let hers = store
            .statements(&StatementFilter {
                speaker: Some("Ilze Kronberga".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hers.len(), 2, "order {order:?}");
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
    }
}

/// A surname two stored people share links to neither; a document's own entities are
/// never joined to each other.
#[test]
fn a_shared_surname_or_a_separate_entity_is_not_linked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("audit.txt", "h-audit", audit_doc("2025-11-04")),
            NewDocument::new("choir.txt", "h-choir", namesake_doc()),
            NewDocument::new("short.txt", "h-short", surname_doc("Kronberga")),
        ],
    );
    let names: Vec<String> = people(&store).into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["Anna Kronberga", "Ilze Kronberga", "Kronberga"]);
    // Once one of them has three quarters of their documents, the surname is hers, and
    // the entity it had on its own joins her.
    add_all(
        &mut store,
        vec![
            NewDocument::new("audit2.txt", "h-audit2", audit_doc("2025-11-05")),
            NewDocument::new("audit3.txt", "h-audit3", audit_doc("2025-11-06")),
        ],
    );
    add_all(
        &mut store,
        vec![NewDocument::new(
            "short2.txt",
            "h-short2",
            surname_doc("Kronberga"),
        )],
    );
    let found = people(&store);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "Anna Kronberga");
    assert_eq!((found[1].0.as_str(), found[1].2), ("Ilze Kronberga", 5));

    // A surname alone in more documents than the full name stays its own entity.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for h in ["h1", "h2"] {
        add_all(
            &mut store,
            vec![NewDocument::new(h, h, surname_doc("Liepa"))],
        );
    }
    let mut doc = namesake_doc();
    doc.entities[0].aliases.push("Liepa".into());
    doc.entities[0].name = "Anna Liepa".into();
    add_all(&mut store, vec![NewDocument::new("h3", "h3", doc)]);
    add_all(
        &mut store,
        vec![NewDocument::new("h4", "h4", surname_doc("Liepa"))],
    );
    let names: Vec<(String, i64)> = people(&store).into_iter().map(|p| (p.0, p.2)).collect();
    assert_eq!(names, [("Anna Liepa".into(), 1), ("Liepa".into(), 3)]);

    // One document that keeps "Ozola" apart from "Marta Ozola".
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut doc = surname_doc("Ozola");
    doc.entities.push(entity("Marta Ozola", EntityType::Person));
    add_all(&mut store, vec![NewDocument::new("o.txt", "h-o", doc)]);
    let names: Vec<String> = people(&store).into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["Marta Ozola", "Ozola"]);
}

/// A version-2 store, which kept a surname written alone as an entity of its own, is
/// linked when it is upgraded.
#[test]
fn the_upgrade_to_version_3_links_entities_stored_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Make the store write as version 2 did: a table that ignores every insert stands
    // in for the short-form keys, so nothing links.
    {
        let conn = rusqlite::Connection::open(dir.path().join(readout_store::DB_FILE)).unwrap();
        conn.execute_batch(
            "DROP TABLE alias_keys;
             CREATE TABLE alias_keys(kind, key, entity_id, CHECK(0));",
        )
        .unwrap();
    }
    drop(store);
    store = Store::open_existing(dir.path()).unwrap();
    add_all(
        &mut store,
        vec![
            NewDocument::new("short.txt", "h-short", surname_doc("Kronberga")),
            NewDocument::new("audit.txt", "h-audit", audit_doc("2025-11-04")),
        ],
    );
    assert_eq!(people(&store).len(), 2);
    drop(store);
    {
        let conn = rusqlite::Connection::open(dir.path().join(readout_store::DB_FILE)).unwrap();
        conn.execute_batch("DROP TABLE alias_keys; PRAGMA user_version = 2;")
            .unwrap();
    }
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        people(&store),
        [("Ilze Kronberga".to_string(), 2, 2, "Kronberga".to_string())]
    );
    assert_eq!(
        speakers(&store),
        ["Baltmare Dredging", "Ilze Kronberga", "Ilze Kronberga"]
    );
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}
