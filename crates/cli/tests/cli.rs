//! End-to-end tests of the `readout` binary: inputs, outputs, errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn readout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(args)
        .output()
        .expect("the readout binary runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failing run prints exactly one line that names the file, and exits non-zero.
fn assert_one_line_error(o: &Output, names: &str, says: &str) {
    assert!(!o.status.success(), "should fail");
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line expected, got: {err}");
    assert!(err.contains(names), "error should name {names}: {err}");
    assert!(err.contains(says), "error should say {says}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_path_is_a_clear_error() {
    let o = readout(&["analyze", "no/such/file.txt"]);
    assert_one_line_error(&o, "no/such/file.txt", "no such file");
}

#[test]
fn folder_without_text_files_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG").unwrap();
    let o = readout(&["analyze", dir.path().to_str().unwrap()]);
    assert_one_line_error(&o, &dir.path().display().to_string(), "no text files");
}

#[test]
fn empty_file_is_a_clear_error() {
    let p = fixtures().join("empty.txt");
    let o = readout(&["analyze", p.to_str().unwrap()]);
    assert_one_line_error(&o, "empty.txt", "empty");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let p = fixtures().join("invalid-utf8.txt");
    let o = readout(&["analyze", p.to_str().unwrap()]);
    assert_one_line_error(&o, "invalid-utf8.txt", "not valid UTF-8");
}

#[test]
fn bad_published_date_is_rejected() {
    let p = fixtures().join("dump.txt");
    let o = readout(&["analyze", "--published", "2025-02-30", p.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2025-02-30"), "{}", stderr(&o));
}

#[test]
fn one_file_gives_one_readout_json_object() {
    let p = fixtures().join("dump.txt");
    let o = readout(&[
        "analyze",
        "--format",
        "json",
        "--published",
        "2025-11-25",
        p.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["format"], "readout/1");
    assert_eq!(v["source"]["name"], "dump.txt");
    assert_eq!(v["source"]["published"], "2025-11-25");
    let text = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        v["source"]["chars"].as_u64().unwrap() as usize,
        text.chars().count()
    );
    for key in [
        "articles",
        "noise",
        "entities",
        "statements",
        "money",
        "quantities",
        "dates",
    ] {
        assert!(v[key].is_array(), "{key} should be a list");
    }
    // Every span's offsets are code points that give back the span's text.
    let chars: Vec<char> = text.chars().collect();
    let mut checked = 0;
    for a in v["articles"].as_array().unwrap() {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= chars.len());
        for role in ["headline", "standfirst"] {
            if let Some(sp) = a[role].as_object() {
                let (s, e) = (
                    sp["start"].as_u64().unwrap() as usize,
                    sp["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    chars[s..e].iter().collect::<String>(),
                    sp["text"].as_str().unwrap()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no lead found to check");
}

#[test]
fn a_folder_gives_jsonl_and_out_dir_gives_files() {
    let dir = tempfile::tempdir().unwrap();
    let articles = fixtures().join("articles");
    let o = readout(&["analyze", "--format", "json", articles.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n_files = std::fs::read_dir(&articles).unwrap().count();
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), n_files);
    assert!(lines.iter().all(|v| v["format"] == "readout/1"));
    let out = dir.path().join("out");
    let o = readout(&[
        "analyze",
        articles.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), n_files);
}

#[test]
fn a_bad_file_among_good_ones_is_skipped_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Talks stall, minister says\nThe minister said so.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.txt"), b"bad \xff bytes").unwrap();
    let o = readout(&["analyze", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    let err = stderr(&o);
    assert!(err.contains("b.txt") && err.contains("1 of 2"), "{err}");
}

#[test]
fn stdin_and_text_report() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["analyze", "--format", "text", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"Grain deal collapses, ministry says\nThe ministry said the deal had collapsed.\n",
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let report = String::from_utf8(o.stdout).unwrap();
    assert!(report.starts_with("== -\n"), "{report}");
    assert!(
        report.contains("Grain deal collapses, ministry says"),
        "{report}"
    );
}

#[test]
fn bom_and_crlf_offsets_are_code_points_of_the_raw_text() {
    let p = fixtures().join("single.txt");
    let o = readout(&["analyze", "--format", "json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = String::from_utf8(std::fs::read(&p).unwrap()).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("\r\n"),
        "fixture should have a BOM and CRLF"
    );
    let chars: Vec<char> = text.chars().collect();
    let a = &v["articles"][0];
    let (s, e) = (
        a["start"].as_u64().unwrap() as usize,
        a["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(s, 1, "the article starts after the BOM");
    let body: String = chars[s..e].iter().collect();
    assert!(!body.ends_with('\r') && !body.ends_with('\n'));
    assert_eq!(
        body,
        text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
    );
}

/// `readout analyze` and `ingest` leave the dependency parser out (no part of readout/1
/// needs it), so `readout tag`, which scores the parser, must still parse.
#[test]
fn tag_still_parses_with_the_parser_out_of_the_record_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.conllu");
    // Every input head is 0 with the relation `dep`: only a parse can change them.
    std::fs::write(
        &p,
        "1\tThe\t_\t_\t_\t_\t0\tdep\t_\t_\n2\tminister\t_\t_\t_\t_\t0\tdep\t_\t_\n\
         3\tsaid\t_\t_\t_\t_\t0\tdep\t_\t_\n4\tthat\t_\t_\t_\t_\t0\tdep\t_\t_\n\
         5\ttalks\t_\t_\t_\t_\t0\tdep\t_\t_\n6\tstalled\t_\t_\t_\t_\t0\tdep\t_\tSpaceAfter=No\n\
         7\t.\t_\t_\t_\t_\t0\tdep\t_\t_\n\n",
    )
    .unwrap();
    let o = readout(&["tag", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let words: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(words.len(), 7);
    let roots: Vec<&str> = words.iter().filter(|w| w[6] == "0").map(|w| w[1]).collect();
    assert_eq!(roots, ["said"], "one root, the reporting verb");
    let rel = |w: &str| words.iter().find(|x| x[1] == w).map(|x| x[7]);
    assert_eq!(rel("minister"), Some("nsubj"));
    assert_eq!(rel("."), Some("punct"));
    assert!(words.iter().all(|w| w[3] != "_"), "every word is tagged");
}
