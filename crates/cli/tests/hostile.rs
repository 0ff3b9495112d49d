//! Hostile inputs end to end: a 200 MB single line, NUL bytes, deeply nested and
//! unbalanced quotation marks, and large files analysed in chunks.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The peak resident set of a running process, in kB (from `/proc`, Linux only).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `readout analyze --format json PATH` with stdout to `out`, watching its peak RSS;
/// returns the exit status, stderr and the largest peak RSS seen (kB).
fn analyze_watched(path: &Path, out: &Path, env: &[(&str, &str)]) -> (bool, String, u64) {
    let mut child = readout()
        .args(["analyze", "--format", "json"])
        .arg(path)
        .envs(env.iter().copied())
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = peak_rss_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.success(), err, peak)
}

/// Checks that every span of `v` gives back its text from the code-point offsets.
fn check_spans(v: &Value, chars: &[char], key: &str) -> usize {
    let mut n = 0;
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e), Some(t)) = (m.get("start"), m.get("end"), m.get("text")) {
                if key != "medium" {
                    let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                    assert!(s <= e && e <= chars.len(), "{key}: {s}..{e}");
                    assert_eq!(
                        chars[s..e].iter().collect::<String>(),
                        t.as_str().unwrap(),
                        "{key}"
                    );
                    n += 1;
                }
            }
            for (k, x) in m {
                n += check_spans(x, chars, k);
            }
        }
        Value::Array(a) => n += a.iter().map(|x| check_spans(x, chars, key)).sum::<usize>(),
        _ => {}
    }
    n
}

/// A 200 MB text without a single line break: it must be analysed in chunks with a
/// bounded memory (the whole file is never read at once) and give a valid readout/1
/// object over the whole text.
#[test]
fn a_200_mb_single_line_is_analysed_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.txt");
    // Long runs of letters between spaces and quotation marks that never close, with a
    // multi-byte character so that blind cuts must respect character boundaries.
    let unit = format!("“{}é{} ", "x".repeat(500), "y".repeat(500));
    let block = unit.repeat((1 << 20) / unit.len() + 1);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut bytes = 0usize;
    let mut chars = 0usize;
    while bytes < 200 << 20 {
        f.write_all(block.as_bytes()).unwrap();
        bytes += block.len();
        chars += block.chars().count();
    }
    f.flush().unwrap();
    drop(f);
    let out = dir.path().join("out.json");
    let (ok, err, peak_kb) = analyze_watched(&path, &out, &[]);
    assert!(ok, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        peak_kb < 300 * 1024,
        "peak RSS {} MB for a 200 MB line",
        peak_kb / 1024
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["format"], "readout/1");
    assert_eq!(v["source"]["chars"].as_u64().unwrap() as usize, chars);
    // Every article lies inside the text and the articles do not overlap.
    let mut last = 0;
    for a in v["articles"].as_array().unwrap() {
        let (s, e) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
        assert!(last <= s && s < e && e as usize <= chars);
        last = e;
    }
}

#[test]
fn nul_bytes_at_the_start_make_a_binary_file_and_later_ones_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin.txt");
    std::fs::write(&bin, b"Header\0\0\0 more text\n").unwrap();
    let o = readout()
        .args(["analyze", "--format", "json"])
        .arg(&bin)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("bin.txt") && stderr(&o).contains("binary"));
    assert!(o.stdout.is_empty());

    // A NUL after the first 8 KB is a character like any other, in one piece and in
    // chunks.
    let mut text = "The minister said on Monday that talks had stalled.\n".repeat(400);
    text.push_str("Late\0NUL \0 bytes “quoted\0” here.\n");
    text.push_str(&"Officials said the port would reopen.\n".repeat(200));
    let late = dir.path().join("late.txt");
    std::fs::write(&late, &text).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for env in [vec![], vec![("READOUT_CHUNK_BYTES", "4096")]] {
        let out = dir.path().join("late.json");
        let (ok, err, _) = analyze_watched(&late, &out, &env);
        assert!(ok, "{err}");
        let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(v["source"]["chars"].as_u64().unwrap() as usize, chars.len());
        assert!(check_spans(&v, &chars, "") > 0);
    }

    // In a file analysed in chunks, NUL bytes at the start are still refused.
    let mut big = b"\0".to_vec();
    big.extend_from_slice(text.as_bytes());
    std::fs::write(&bin, &big).unwrap();
    let o = readout()
        .args(["analyze", "--format", "json"])
        .arg(&bin)
        .env("READOUT_CHUNK_BYTES", "4096")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
}

#[test]
fn deeply_nested_and_unbalanced_quotes_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Quotes run riot, officials say\n");
    // Nesting 3,000 deep, closed in the wrong order.
    text.push_str(&"“‘«„\"'".repeat(500));
    text.push_str(" he said ");
    text.push_str(&"”’»“\"".repeat(400));
    text.push('\n');
    // Quotes that open and never close, over many lines and sentences.
    for i in 0..300 {
        text.push_str(&format!(
            "“The minister said {i} times that “talks ‘had « stalled, the official said.\n"
        ));
    }
    // Closing marks with no opening ones.
    text.push_str(&"” said nobody. ’ » ”\n".repeat(200));
    let path = dir.path().join("quotes.txt");
    std::fs::write(&path, &text).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for env in [vec![], vec![("READOUT_CHUNK_BYTES", "4096")]] {
        let out = dir.path().join("quotes.json");
        let (ok, err, _) = analyze_watched(&path, &out, &env);
        assert!(ok, "{err}");
        assert!(!err.contains("panicked"), "{err}");
        let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(v["source"]["chars"].as_u64().unwrap() as usize, chars.len());
        assert!(check_spans(&v, &chars, "") > 0);
    }
}

/// A file larger than a chunk is cut at article starts; ids and offsets refer to the
/// whole file, and each entity is listed once.
#[test]
fn a_large_file_in_chunks_gives_one_object_over_the_whole_text() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/dump.txt");
    let text = std::fs::read_to_string(fixture).unwrap().repeat(3);
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let out = dir.path().join("big.json");
    let (ok, err, _) = analyze_watched(&path, &out, &[("READOUT_CHUNK_BYTES", "16384")]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(v["source"]["chars"].as_u64().unwrap() as usize, chars.len());
    assert!(check_spans(&v, &chars, "") > 100);
    let whole = readout()
        .args(["analyze", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let w: Value = serde_json::from_slice(&whole.stdout).unwrap();
    // Most article starts of the whole text are found in chunks too (a chunk this small
    // is sometimes cut inside an article, when no article starts near its end).
    let starts = |v: &Value| -> std::collections::HashSet<u64> {
        v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["start"].as_u64().unwrap())
            .collect()
    };
    let (chunked, whole) = (starts(&v), starts(&w));
    let found = whole.intersection(&chunked).count();
    assert!(
        found * 10 >= whole.len() * 8,
        "{found} of {} article starts",
        whole.len()
    );
    let mut seen = std::collections::HashSet::new();
    for e in v["entities"].as_array().unwrap() {
        assert!(seen.insert((e["type"].to_string(), e["name"].to_string())));
    }
    for (i, s) in v["statements"].as_array().unwrap().iter().enumerate() {
        assert_eq!(s["id"], format!("s{}", i + 1));
    }
}

#[test]
fn invalid_utf8_deep_in_a_large_file_is_reported_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "Talks stall, minister says\nThe minister said so.\n"
        .repeat(500)
        .into_bytes();
    let at = bytes.len();
    bytes.extend_from_slice(b"bad \xff byte\n");
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, &bytes).unwrap();
    let o = readout()
        .args(["analyze", "--format", "json"])
        .arg(&path)
        .env("READOUT_CHUNK_BYTES", "4096")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.txt") && err.contains(&format!("offset {}", at + 4)),
        "{err}"
    );
}

/// JSON Lines are ingested line by line: a line that is not UTF-8 is reported with its
/// offset in the file and skipped, and the other lines are stored.
#[test]
fn ingest_skips_a_jsonl_line_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let good1 = "{\"text\": \"Talks stall, minister says\\nThe minister said so.\"}\n";
    let bad = b"{\"text\": \"bad \xff byte\"}\n";
    let good2 = "{\"text\": \"Port reopens\\nOfficials said the port would reopen.\"}\r\n";
    let mut bytes = good1.as_bytes().to_vec();
    bytes.extend_from_slice(bad);
    bytes.extend_from_slice(good2.as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let store = dir.path().join("store");
    let o = readout()
        .arg("ingest")
        .arg(&path)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let offset = good1.len() + 14;
    assert!(
        err.contains("docs.jsonl") && err.contains(&format!("offset {offset}")),
        "{err}"
    );
    assert!(err.contains("2 new document(s)"), "{err}");
}

/// Standard input larger than a chunk is streamed like a file: the same object, but for
/// the name.
#[test]
fn large_standard_input_is_streamed_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/dump.txt");
    let text = std::fs::read_to_string(fixture).unwrap().repeat(2);
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let from_file = readout()
        .args(["analyze", "--format", "json"])
        .arg(&path)
        .env("READOUT_CHUNK_BYTES", "8192")
        .output()
        .unwrap();
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let mut child = readout()
        .args(["analyze", "--format", "json", "-"])
        .env("READOUT_CHUNK_BYTES", "8192")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feed = text.clone();
    let writer = std::thread::spawn(move || stdin.write_all(feed.as_bytes()).unwrap());
    let from_stdin = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let mut a: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    let mut b: Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    assert_eq!(b["source"]["name"], "-");
    assert!(a["articles"].as_array().unwrap().len() > 10);
    a["source"]["name"] = Value::Null;
    b["source"]["name"] = Value::Null;
    assert_eq!(a, b);
}

/// The text report of a text analysed in chunks has one part per chunk.
#[test]
fn text_report_of_a_large_file_has_one_part_per_chunk() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/dump.txt");
    let o = readout()
        .args(["analyze", "--format", "text"])
        .arg(&fixture)
        .env("READOUT_CHUNK_BYTES", "8192")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let report = String::from_utf8(o.stdout).unwrap();
    assert!(report.starts_with("== dump.txt (part 1,"), "{report}");
    assert!(report.contains("== dump.txt (part 2,"), "{report}");
}
