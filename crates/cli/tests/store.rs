//! End-to-end tests of the store commands: ingest, search, statements, entities, show,
//! stats, export, and ingest killed at random points.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use readout_store::{ExportTable, Store, Value};

fn readout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(args)
        .output()
        .expect("the readout binary runs")
}

fn readout_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the readout binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn stats(store: &Path) -> serde_json::Value {
    let o = readout(&["stats", "--json", "--store", s(store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn ingest_is_idempotent_and_skips_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = readout(&[
        "ingest",
        s(&fixtures().join("articles")),
        s(&fixtures().join("empty.txt")),
        s(&fixtures().join("invalid-utf8.txt")),
        "--store",
        s(&store),
    ]);
    assert_eq!(o.status.code(), Some(1), "some inputs failed");
    let err = stderr(&o);
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(err.contains("invalid-utf8.txt: not valid UTF-8"), "{err}");
    assert!(err.contains("7 new document(s)"), "{err}");
    assert_eq!(stats(&store)["documents"], 7);

    // The same files again add nothing; a copy under another name is the same content.
    let copy = dir.path().join("copy.txt");
    std::fs::copy(
        fixtures().join("articles/03-brno-hospital-software.txt"),
        &copy,
    )
    .unwrap();
    let o = readout(&[
        "ingest",
        s(&fixtures().join("articles")),
        s(&copy),
        "--store",
        s(&store),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 new document(s)"), "{}", stderr(&o));
    assert!(stderr(&o).contains("8 already stored"), "{}", stderr(&o));
    let st = stats(&store);
    assert_eq!(st["documents"], 7);
    assert_eq!(st["articles"], 7);
    assert_eq!(st["schema_version"], readout_store::SCHEMA_VERSION);
}

#[test]
fn jsonl_globs_and_stdin_are_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let jsonl = dir.path().join("feed.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"text":"Bridge reopens\nThe river bridge in Tarnow reopened on Friday after repairs.","url":"https://example.invalid/bridge","published":"2025-10-31","source":"wire"}"#,
            "\n",
            "not json\n",
            r#"{"text":"Mayor resigns\nThe mayor of Ostrava resigned on Monday, citing health reasons."}"#,
            "\n"
        ),
    )
    .unwrap();
    let o = readout(&["ingest", s(&jsonl), "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("feed.jsonl:2: not valid JSON"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stats(&store)["documents"], 2);

    // A quoted glob is expanded by readout itself.
    let pattern = format!("{}/0[12]-*.txt", s(&fixtures().join("articles")));
    let o = readout(&["ingest", &pattern, "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats(&store)["documents"], 4);
    let o = readout(&["ingest", "/no/such/*.txt", "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no file matches"), "{}", stderr(&o));

    let o = readout_stdin(
        &[
            "ingest",
            "-",
            "--store",
            s(&store),
            "--published",
            "2025-11-02",
        ],
        b"Ferry strike ends\nFerry crews in Piraeus returned to work on Sunday.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stats(&store)["documents"], 5);

    let hits = json_lines(&readout(&[
        "search",
        "bridge",
        "--json",
        "--store",
        s(&store),
    ]));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["source"], "wire");
    let id = hits[0]["article"].as_i64().unwrap().to_string();
    let shown: serde_json::Value =
        serde_json::from_slice(&readout(&["show", &id, "--store", s(&store)]).stdout).unwrap();
    assert_eq!(shown["url"], "https://example.invalid/bridge");
    assert_eq!(shown["published"], "2025-10-31");
    assert!(shown["text"]
        .as_str()
        .unwrap()
        .starts_with("Bridge reopens"));
    let hits = json_lines(&readout(&["search", "Piraeus", "--store", s(&store)]));
    assert_eq!(hits[0]["source"], "-");
}

#[test]
fn queries_print_json_csv_and_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = readout(&[
        "ingest",
        s(&fixtures().join("articles")),
        "--store",
        s(&store),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let hits = json_lines(&readout(&[
        "search",
        "harbour dredging",
        "--json",
        "--store",
        s(&store),
    ]));
    assert!(!hits.is_empty());
    assert!(hits[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("01-latvia-harbour-audit.txt"));
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("**harbour**") || snippet.contains("**dredging**"),
        "{snippet}"
    );
    let o = readout(&["search", "harbour", "--csv", "--store", s(&store)]);
    assert!(stdout(&o).starts_with("article,source,headline,score,snippet\n"));

    // The statements and entities commands work on whatever the stages produced.
    for args in [
        &["statements", "--speaker", "Kronberga", "--stance", "denies"][..],
        &["entities", "--type", "person", "--top", "5"][..],
    ] {
        let mut a = args.to_vec();
        a.extend(["--json", "--store", s(&store)]);
        let o = readout(&a);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        json_lines(&o);
    }
    let o = readout(&["entities", "--type", "planet", "--store", s(&store)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not an entity type"), "{}", stderr(&o));

    let o = readout(&["show", "999", "--store", s(&store)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no article 999"), "{}", stderr(&o));

    let missing = dir.path().join("nothing-here");
    let o = readout(&["stats", "--store", s(&missing)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no readout store here"),
        "{}",
        stderr(&o)
    );
    assert!(!missing.exists(), "a query must not create a store");
}

#[test]
fn export_writes_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    readout(&[
        "ingest",
        s(&fixtures().join("articles")),
        "--store",
        s(&store),
    ]);
    let out = dir.path().join("out");
    let o = readout(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        s(&out),
        "--store",
        s(&store),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for t in [
        "articles",
        "statements",
        "entities",
        "mentions",
        "figures",
        "dates",
    ] {
        assert!(out.join(format!("{t}.jsonl")).is_file(), "{t}");
    }
    let articles = std::fs::read_to_string(out.join("articles.jsonl")).unwrap();
    assert_eq!(articles.lines().count(), 7);
    let first: serde_json::Value = serde_json::from_str(articles.lines().next().unwrap()).unwrap();
    let text = first["text"].as_str().unwrap();
    let original =
        std::fs::read_to_string(fixtures().join("articles/01-latvia-harbour-audit.txt")).unwrap();
    assert_eq!(text, original.trim_end());

    let o = readout(&[
        "export",
        "--format",
        "csv",
        "--table",
        "articles",
        "--store",
        s(&store),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("id,document,source,"));
    let o = readout(&["export", "--format", "csv", "--store", s(&store)]);
    assert!(!o.status.success(), "several tables cannot go to stdout");
}

#[test]
fn a_store_from_a_newer_readout_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    readout(&[
        "ingest",
        s(&fixtures().join("single.txt")),
        "--store",
        s(&store),
    ]);
    let conn = rusqlite::Connection::open(store.join(readout_store::DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let single = fixtures().join("single.txt");
    for cmd in ["stats", "ingest"] {
        let mut args = vec![cmd, "--store", s(&store)];
        if cmd == "ingest" {
            args.push(s(&single));
        }
        let o = readout(&args);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(
            err.contains("schema version 99") && err.contains("upgrade readout"),
            "{err}"
        );
    }
}

/// A small deterministic generator of kill times.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A plain text larger than a chunk is ingested in parts (bounded memory, like
/// `readout analyze`), each a document; the same file again adds nothing.
#[test]
fn a_large_plain_text_is_ingested_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let big = dir.path().join("dump.txt");
    let mut text = String::new();
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures().join("articles")).unwrap() {
        let t = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        text.push_str(t.trim_end());
        text.push('\n');
        n += 1;
    }
    // A word that only the end of the file holds.
    text.push_str("Quendrivax harbour reopened on Friday, the port authority said.\n");
    std::fs::write(&big, &text).unwrap();
    assert!(text.len() > 3 * 4096 && n >= 5, "{} bytes", text.len());

    let ingest = || {
        Command::new(env!("CARGO_BIN_EXE_readout"))
            .args(["ingest", s(&big), "--store", s(&store)])
            .env("READOUT_CHUNK_BYTES", "4096")
            .output()
            .unwrap()
    };
    let o = ingest();
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = stats(&store)["documents"].as_u64().unwrap();
    assert!(docs >= 3, "{docs} documents for {} bytes", text.len());
    let sources = stored_sources(&store);
    assert!(
        sources.iter().any(|x| x.ends_with("dump.txt#part 1")),
        "{sources:?}"
    );
    // Parts are numbered in file order, one document each.
    let parts: HashSet<&str> = sources
        .iter()
        .filter_map(|x| x.rsplit_once('#').map(|(_, p)| p))
        .collect();
    let want: HashSet<String> = (1..=docs).map(|k| format!("part {k}")).collect();
    assert_eq!(
        parts,
        want.iter().map(String::as_str).collect::<HashSet<_>>(),
        "{sources:?}"
    );
    let o = readout(&["search", "Quendrivax", "--json", "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_lines(&o).len(), 1, "{}", stdout(&o));

    let o = ingest();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 new document(s)"), "{}", stderr(&o));
    assert_eq!(stats(&store)["documents"].as_u64(), Some(docs));
}

fn stored_sources(store: &Path) -> Vec<String> {
    let store = Store::open_existing(store).expect("the store reopens");
    assert_eq!(
        store.check().unwrap(),
        Vec::<String>::new(),
        "store is sound"
    );
    let mut sources = Vec::new();
    store
        .export(ExportTable::Articles, |cols, row| {
            let i = cols.iter().position(|c| c == "source").unwrap();
            if let Value::Text(t) = &row[i] {
                sources.push(t.clone());
            }
            Ok::<(), readout_store::Error>(())
        })
        .unwrap();
    sources
}

#[test]
fn ingest_killed_at_random_points_loses_no_committed_document() {
    const DOCS: usize = 1200;
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let base =
        std::fs::read_to_string(fixtures().join("articles/05-yarsk-airport-terminal.txt")).unwrap();
    for i in 0..DOCS {
        std::fs::write(
            inputs.join(format!("doc{i:05}.txt")),
            format!("Bulletin {i}\n{base}"),
        )
        .unwrap();
    }
    let store = dir.path().join("store");
    let log = dir.path().join("stderr.log");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut mid_ingest_kills = 0;
    for round in 0..6 {
        let child = Command::new(env!("CARGO_BIN_EXE_readout"))
            .args(["ingest", s(&inputs), "--store", s(&store)])
            .args(["--batch", "7", "--log-commits", "-j", "2"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut child = child;
        std::thread::sleep(Duration::from_millis(20 + rng.below(400)));
        // `kill` sends SIGKILL on Unix: no destructor, no rollback, no checkpoint runs.
        child.kill().unwrap();
        child.wait().unwrap();
        let committed = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("readout: committed, "))
            .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
            .max()
            .unwrap_or(0);
        if !store.join(readout_store::DB_FILE).exists() {
            continue;
        }
        let sources = stored_sources(&store);
        let unique: HashSet<&String> = sources.iter().collect();
        assert_eq!(unique.len(), sources.len(), "round {round}: a duplicate");
        assert!(
            sources.len() >= committed,
            "round {round}: {committed} committed but {} stored",
            sources.len()
        );
        if sources.len() < DOCS {
            mid_ingest_kills += 1;
        }
    }
    assert!(mid_ingest_kills >= 2, "the kills should land mid-ingest");
    let o = readout(&["ingest", s(&inputs), "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sources = stored_sources(&store);
    let unique: HashSet<&String> = sources.iter().collect();
    assert_eq!(sources.len(), DOCS);
    assert_eq!(unique.len(), DOCS);
}

/// With the `parquet` feature, every table is written as a Parquet file whose row count
/// and columns match the JSONL export.
#[cfg(feature = "parquet")]
#[test]
fn parquet_export_matches_jsonl() {
    use parquet::file::reader::{FileReader, SerializedFileReader};

    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    readout(&[
        "ingest",
        s(&fixtures().join("articles")),
        "--store",
        s(&store),
    ]);
    let out = dir.path().join("out");
    for format in ["parquet", "jsonl"] {
        let o = readout(&[
            "export",
            "--format",
            format,
            "--out",
            s(&out),
            "--store",
            s(&store),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for t in [
        "articles",
        "statements",
        "entities",
        "mentions",
        "figures",
        "dates",
    ] {
        let file = std::fs::File::open(out.join(format!("{t}.parquet"))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let meta = reader.metadata().file_metadata();
        let jsonl = std::fs::read_to_string(out.join(format!("{t}.jsonl"))).unwrap();
        assert_eq!(meta.num_rows() as usize, jsonl.lines().count(), "{t}");
        if let Some(first) = jsonl.lines().next() {
            let obj: serde_json::Value = serde_json::from_str(first).unwrap();
            assert_eq!(
                meta.schema_descr().num_columns(),
                obj.as_object().unwrap().len(),
                "{t}"
            );
        }
    }
}
