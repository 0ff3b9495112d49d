//! End-to-end tests of `readout analyze` and `readout extract` on HTML pages, feeds, WARC
//! archives and JSONL (fixtures/html/ and inputs built here).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn readout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(args)
        .output()
        .expect("the readout binary runs")
}

fn html_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/html")
        .join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_html_page_is_analysed_on_its_extracted_text() {
    let p = html_fixture("harbour.html");
    let o = readout(&["analyze", "--format", "json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    let src = &v["source"];
    let text = src["text"].as_str().expect("source.text for HTML");
    assert!(text.starts_with("The town council voted on Monday evening"));
    assert!(!text.contains("Share on Facebook"));
    assert_eq!(
        src["chars"].as_u64().unwrap() as usize,
        text.chars().count()
    );
    assert_eq!(
        src["url"],
        "https://gazette.example/news/2024/03/harbour-expansion-approved"
    );
    assert_eq!(
        src["title"],
        "Harbour expansion approved after long dispute"
    );
    // The page's date is the reference date.
    assert_eq!(src["published"], "2024-03-05");
    assert_eq!(src["format"], "html");
    // Offsets point into source.text: every entity mention gives back its text.
    let chars: Vec<char> = text.chars().collect();
    let mut checked = 0;
    for e in v["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[s..t].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
    // The paragraph map gives one pair per paragraph.
    assert_eq!(
        src["html_map"].as_array().unwrap().len(),
        text.lines().count()
    );
}

#[test]
fn published_on_the_command_line_overrides_the_page() {
    let p = html_fixture("harbour.html");
    let o = readout(&[
        "analyze",
        "--format",
        "json",
        "--published",
        "2020-01-02",
        p.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"]["published"], "2020-01-02");
}

#[test]
fn plain_text_gets_no_source_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "Ferry strike ends\nThe ferry strike ended on Friday.\n").unwrap();
    let o = readout(&["analyze", "--format", "json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["source"].get("text").is_none());
}

#[test]
fn a_feed_gives_one_json_line_per_item_and_bad_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut rss = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Dale Wire</title>\
         <link>https://dale.example/</link><description>d</description>",
    );
    for i in 1..=3 {
        rss.push_str(&format!(
            "<item><title>Item {i}</title><link>https://dale.example/{i}</link>\
             <pubDate>Tue, 0{i} Apr 2025 09:00:00 GMT</pubDate>\
             <description>The mill on Dale Road reopened on Monday, its owner said.</description></item>"
        ));
    }
    rss.push_str("</channel></rss>");
    // A name that says nothing: the format is found from the content.
    std::fs::write(dir.path().join("wire.txt"), &rss).unwrap();
    std::fs::write(
        dir.path().join("broken.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>x</item>",
    )
    .unwrap();
    let o = readout(&["analyze", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (i, v) in lines.iter().enumerate() {
        let n = i + 1;
        assert_eq!(v["source"]["name"], format!("wire.txt#item {n}"));
        assert_eq!(v["source"]["url"], format!("https://dale.example/{n}"));
        assert_eq!(v["source"]["published"], format!("2025-04-0{n}"));
        assert_eq!(v["source"]["record"], format!("item {n}"));
        assert_eq!(v["source"]["summary_only"], true);
    }
    let err = stderr(&o);
    assert!(err.contains("broken.xml: not a readable feed"), "{err}");
}

#[test]
fn extract_prints_text_and_metadata() {
    let p = html_fixture("latin1.html");
    let o = readout(&["extract", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "html");
    assert_eq!(v["published"], "2021-12-01");
    assert_eq!(v["title"], "Le marché de Noël ouvre ses portes");
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("la maire, Hélène Garnier"));
}

/// A WARC response record for `uri` holding `html`; `extra` is added to its declared length.
fn warc_record(uri: &str, html: &[u8], extra: usize) -> Vec<u8> {
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(html);
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
        http.len() + extra
    )
    .into_bytes();
    r.extend_from_slice(&http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn a_warc_is_analysed_record_by_record_and_a_bad_record_is_named() {
    let page = std::fs::read(html_fixture("malformed.html")).unwrap();
    let mut warc = Vec::new();
    warc.extend(warc_record("https://w.example/1", &page, 0));
    warc.extend(warc_record("https://w.example/2", &page, 30));
    warc.extend(warc_record("https://w.example/3", &page, 0));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crawl.dat");
    std::fs::write(&p, &warc).unwrap();
    let o = readout(&["analyze", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let urls: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["source"]["format"], "warc");
            assert_eq!(v["source"]["published"], "2022-09-14");
            v["source"]["url"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(urls, ["https://w.example/1", "https://w.example/3"]);
    let err = stderr(&o);
    assert!(
        err.contains("crawl.dat: record 2: the record's Content-Length runs into the next record"),
        "{err}"
    );
}

#[test]
fn ingest_reads_pages_feeds_and_warc_with_their_dates() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(html_fixture("harbour.html"), inputs.join("harbour.html")).unwrap();
    let mut rss = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fell Wire</title>\
         <link>https://fell.example/</link><description>d</description>",
    );
    for (i, town) in ["Kendal", "Penrith", "Keswick"].iter().enumerate() {
        rss.push_str(&format!(
            "<item><title>{town}</title><link>https://fell.example/{i}</link>\
             <pubDate>Wed, 0{} Jun 2022 09:00:00 GMT</pubDate>\
             <description>The market in {town} reopened on Monday, the council said.</description></item>",
            i + 1
        ));
    }
    rss.push_str("</channel></rss>");
    std::fs::write(inputs.join("fell.rss"), rss).unwrap();
    let page = std::fs::read(html_fixture("liveblog.html")).unwrap();
    let mut warc = warc_record("https://v.example/1", &page, 0);
    warc.extend(warc_record("https://v.example/2", &page, 25));
    warc.extend(warc_record(
        "https://v.example/3",
        &std::fs::read(html_fixture("malformed.html")).unwrap(),
        0,
    ));
    std::fs::write(inputs.join("crawl.warc"), warc).unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let o = readout(&["ingest", &s(&inputs), "--store", &s(&store)]);
    assert_eq!(o.status.code(), Some(1), "one WARC record is bad");
    let err = stderr(&o);
    assert!(err.contains("crawl.warc: record 2: "), "{err}");
    assert!(err.contains("6 new document(s)"), "{err}");
    let out = dir.path().join("out");
    let o = readout(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        &s(&out),
        "--store",
        &s(&store),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = std::fs::read_to_string(out.join("articles.jsonl")).unwrap();
    let all = articles.to_string();
    assert!(all.contains("https://gazette.example/news/2024/03/harbour-expansion-approved"));
    assert!(all.contains("https://fell.example/2"));
    assert!(all.contains("https://v.example/3"));
    assert!(all.contains("2022-06-03"), "the feed item's date is kept");
    assert!(!all.contains("Share on Facebook"));
}
