//! Behaviour of the format readers on pages, feeds, archives and exports written for these
//! tests (fixtures/html/ and text built here).

use std::io::Write;

use readout_extract::{detect, read_documents, Format, WarcItem, WarcReader};

const HARBOUR: &str = include_str!("../../../fixtures/html/harbour.html");
const LIVEBLOG: &str = include_str!("../../../fixtures/html/liveblog.html");
const MALFORMED: &str = include_str!("../../../fixtures/html/malformed.html");
const LATIN1: &[u8] = include_bytes!("../../../fixtures/html/latin1.html");

fn one(bytes: &[u8], name: &str) -> readout_extract::ExtractedDoc {
    let (mut docs, problems) = read_documents(bytes, name);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

#[test]
fn article_body_keeps_prose_and_drops_furniture() {
    let d = one(HARBOUR.as_bytes(), "page");
    assert_eq!(d.format, Format::Html);
    let lines: Vec<&str> = d.text.lines().collect();
    assert_eq!(lines.len(), 5, "{}", d.text);
    assert!(lines[0].starts_with("The town council voted on Monday evening"));
    assert!(lines[4].starts_with("A public exhibition"));
    for furniture in [
        "Share on Facebook",
        "Related stories",
        "morning briefing",
        "Photo: Gazette archive",
        "All rights reserved",
        "Weather",
        "harbour correspondent",
    ] {
        assert!(!d.text.contains(furniture), "kept {furniture:?}");
    }
    assert_eq!(
        d.title.as_deref(),
        Some("Harbour expansion approved after long dispute")
    );
    assert_eq!(d.byline.as_deref(), Some("Mira Castell"));
    assert_eq!(d.published.as_deref(), Some("2024-03-05"));
    assert_eq!(d.source.as_deref(), Some("The Northport Gazette"));
    assert_eq!(d.lang.as_deref(), Some("en-GB"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://gazette.example/news/2024/03/harbour-expansion-approved")
    );
}

#[test]
fn paragraph_map_points_back_into_the_html() {
    let d = one(HARBOUR.as_bytes(), "page");
    assert_eq!(d.map.len(), d.text.lines().count());
    for m in &d.map {
        let para = d.text[m.text as usize..].lines().next().unwrap();
        let at = m.html.expect("every paragraph of this page is found") as usize;
        let first_word = para
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .split(' ')
            .next()
            .unwrap();
        assert!(
            HARBOUR[at..].starts_with(first_word),
            "{para:?} not at {at}"
        );
    }
}

#[test]
fn declared_legacy_encoding_is_decoded() {
    let d = one(LATIN1, "latin1.html");
    assert!(
        d.text.contains("Le marché de Noël de Saint-Aubin"),
        "{}",
        d.text
    );
    assert!(d.text.contains("« Nous attendons"));
    assert!(!d.encoding_errors);
    assert_eq!(d.published.as_deref(), Some("2021-12-01"));
}

#[test]
fn live_blog_keeps_one_entry_heading_and_paragraph_per_line() {
    let d = one(LIVEBLOG.as_bytes(), "live");
    let lines: Vec<&str> = d.text.lines().collect();
    assert!(lines.contains(&"Rail services suspended until morning"));
    assert!(lines.contains(&"Mountain pass closed to all traffic"));
    assert!(lines.contains(&"Schools to close early"));
    assert!(!d.text.contains("Valley Courier, 12 Mill Lane"));
    assert_eq!(d.published.as_deref(), Some("2023-11-02"));
}

#[test]
fn malformed_html_still_gives_its_paragraphs() {
    let d = one(MALFORMED.as_bytes(), "bad.html");
    assert!(d.text.contains("reopened its doors on Tuesday"));
    assert!(d
        .text
        .contains("\"We kept every single book dry,\" he said."));
    assert!(d.text.contains("roof & heating system"));
    assert_eq!(d.published.as_deref(), Some("2022-09-14"));
}

#[test]
fn formats_are_detected_by_content() {
    assert_eq!(detect(HARBOUR.as_bytes(), "x.txt"), Format::Html);
    assert_eq!(
        detect(b"<?xml version=\"1.0\"?><rss version=\"2.0\">", ""),
        Format::Feed
    );
    assert_eq!(
        detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", ""),
        Format::Feed
    );
    assert_eq!(
        detect(
            b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}",
            ""
        ),
        Format::Feed
    );
    assert_eq!(
        detect(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", "x"),
        Format::Jsonl
    );
    assert_eq!(
        detect(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", ""),
        Format::Warc
    );
    assert_eq!(detect(&gzip(b"WARC/1.1\r\n"), "x.gz"), Format::Warc);
    assert_eq!(detect(&gzip(HARBOUR.as_bytes()), "x.gz"), Format::Gzip);
    assert_eq!(
        detect(b"Plain news text.\nSecond line.", "x.html"),
        Format::Text
    );
    assert_eq!(detect(b"<p>Short fragment.</p>", "frag"), Format::Html);
    assert_eq!(detect(b"<p>Short fragment.</p>", "notes.txt"), Format::Text);
    assert_eq!(detect(b"<Reuters> Markets fell.", "wire"), Format::Text);
    assert_eq!(
        detect(b"<!DOCTYPE html><html><p>x</p></html>", "page.txt"),
        Format::Html
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzipped_page_is_read_and_truncated_gzip_is_reported() {
    let gz = gzip(HARBOUR.as_bytes());
    let d = one(&gz, "page.html.gz");
    assert!(d.text.starts_with("The town council"));
    let (docs, problems) = read_documents(&gz[..gz.len() / 2], "cut.html.gz");
    assert!(docs.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "gzip.truncated");
    assert!(problems[0].to_string().starts_with("cut.html.gz: "));
}

fn rss(items: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n\
         <title>Coastal Wire</title><link>https://wire.example/</link><description>d</description>\n",
    );
    for i in 0..items {
        let day = i % 28 + 1;
        s.push_str(&format!(
            "<item><title>Report number {i}</title><link>https://wire.example/r/{i}</link>\
             <pubDate>Mon, {day:02} Jan 2024 10:00:00 +0000</pubDate>\
             <description>Short summary {i}.</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

#[test]
fn a_feed_with_100_items_gives_100_dated_documents() {
    let (docs, problems) = read_documents(rss(100).as_bytes(), "wire.xml");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 100);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.format, Format::Feed);
        assert_eq!(
            d.record.as_deref(),
            Some(format!("item {}", i + 1).as_str())
        );
        assert_eq!(
            d.url.as_deref(),
            Some(format!("https://wire.example/r/{i}").as_str())
        );
        assert_eq!(
            d.published.as_deref(),
            Some(format!("2024-01-{:02}", i % 28 + 1).as_str())
        );
        assert_eq!(d.source.as_deref(), Some("Coastal Wire"));
        assert!(d.summary_only);
        assert_eq!(d.text, format!("Short summary {i}.\n"));
    }
}

#[test]
fn atom_full_content_is_used_and_not_marked_summary() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Times</title><id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>
<entry><title>Bridge reopens</title><id>urn:1</id><link href="https://hill.example/bridge"/>
<published>2024-04-30T08:00:00Z</published><updated>2024-05-01T08:00:00Z</updated>
<summary>The bridge is open.</summary>
<content type="html">&lt;p&gt;The old stone bridge over the Lune reopened on Tuesday after repairs.&lt;/p&gt;&lt;p&gt;Engineers replaced two arches.&lt;/p&gt;</content>
</entry></feed>"#;
    let (docs, problems) = read_documents(atom.as_bytes(), "hill.atom");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert!(!d.summary_only);
    assert_eq!(
        d.text,
        "The old stone bridge over the Lune reopened on Tuesday after repairs.\nEngineers replaced two arches.\n"
    );
    assert_eq!(d.published.as_deref(), Some("2024-04-30"));
    assert_eq!(d.title.as_deref(), Some("Bridge reopens"));
    assert_eq!(d.url.as_deref(), Some("https://hill.example/bridge"));
}

#[test]
fn json_feed_items_are_read() {
    let jf = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Dale Notes",
      "items": [{"id": "1", "url": "https://dale.example/1", "title": "Mill sold",
                 "content_html": "<p>The old mill was sold at auction.</p>",
                 "date_published": "2022-02-03T10:00:00Z"}]}"#;
    let (docs, problems) = read_documents(jf.as_bytes(), "feed.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "The old mill was sold at auction.\n");
    assert_eq!(docs[0].published.as_deref(), Some("2022-02-03"));
    assert_eq!(docs[0].source.as_deref(), Some("Dale Notes"));
}

#[test]
fn a_feed_with_invalid_xml_is_reported() {
    let bad = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
               <item><title>Unclosed</item></channel>";
    let (docs, problems) = read_documents(bad.as_bytes(), "broken.rss");
    assert!(docs.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "feed.invalid");
    assert!(problems[0].to_string().starts_with("broken.rss: "));
}

#[test]
fn jsonl_lines_are_documents_and_bad_lines_are_skipped() {
    let jsonl = concat!(
        "{\"text\": \"Ferry fares rise.\", \"url\": \"https://a.example/1\", \"source\": \"A\", \"published\": \"2024-02-01T08:00:00Z\", \"title\": \"Fares\"}\n",
        "{not json\n",
        "{\"html\": \"<html><body><article><p>The pier was repainted in blue and white over the summer by volunteers from the sailing club.</p></article></body></html>\"}\n",
        "{\"url\": \"https://a.example/3\"}\n",
        "{\"text\": \"Last line.\"}\n",
    );
    let (docs, problems) = read_documents(jsonl.as_bytes(), "export.jsonl");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].text, "Ferry fares rise.\n");
    assert_eq!(docs[0].published.as_deref(), Some("2024-02-01"));
    assert_eq!(docs[0].source.as_deref(), Some("A"));
    assert_eq!(docs[0].title.as_deref(), Some("Fares"));
    assert!(docs[1].text.starts_with("The pier was repainted"));
    assert_eq!(docs[2].record.as_deref(), Some("line 5"));
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("export.jsonl: line 2: not valid JSON"));
    assert!(shown[1].starts_with("export.jsonl: line 4: the object has no `text`"));
}

/// One WARC response record holding `html`.
fn warc_record(uri: &str, html: &[u8], length_delta: i64) -> Vec<u8> {
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(html);
    let len = (http.len() as i64 + length_delta) as usize;
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {len}\r\n\r\n"
    )
    .into_bytes();
    r.extend_from_slice(&http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn warcinfo() -> Vec<u8> {
    let body = b"software: readout tests\r\n";
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

const PAGES: [&str; 3] = [HARBOUR, LIVEBLOG, MALFORMED];

#[test]
fn a_warc_gz_of_1000_records_gives_1000_documents() {
    let mut gz = gzip(&warcinfo());
    for i in 0..1000 {
        let rec = warc_record(
            &format!("https://site.example/p/{i}"),
            PAGES[i % 3].as_bytes(),
            0,
        );
        gz.extend(gzip(&rec));
    }
    let mut n = 0;
    for item in WarcReader::new(&gz[..], "crawl.warc.gz") {
        match item {
            WarcItem::Doc(d) => {
                assert_eq!(d.format, Format::Warc);
                assert!(!d.text.is_empty());
                if n % 3 == 2 {
                    // The malformed page has no canonical URL: the record's URI is used.
                    assert_eq!(d.url, Some(format!("https://site.example/p/{n}")));
                }
                n += 1;
            }
            WarcItem::Problem(p) => panic!("{p}"),
        }
    }
    assert_eq!(n, 1000);
}

#[test]
fn a_warc_record_with_a_bad_length_is_skipped_and_the_rest_is_read() {
    let mut w = warcinfo();
    w.extend(warc_record("https://s.example/1", HARBOUR.as_bytes(), 0));
    // Declares 40 bytes more than it has: it runs into the next record.
    w.extend(warc_record("https://s.example/2", LIVEBLOG.as_bytes(), 40));
    w.extend(warc_record("https://s.example/3", MALFORMED.as_bytes(), 0));
    // Declares fewer bytes than it has: the rest of its page is junk before the next record.
    w.extend(warc_record("https://s.example/4", HARBOUR.as_bytes(), -500));
    w.extend(warc_record("https://s.example/5", LIVEBLOG.as_bytes(), 0));
    let (docs, problems) = read_documents(&w, "c.warc");
    let urls: Vec<Option<&str>> = docs.iter().map(|d| d.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://gazette.example/news/2024/03/harbour-expansion-approved"),
            Some("https://s.example/3"),
            Some("https://s.example/5"),
        ]
    );
    assert!(docs[2].text.contains("Schools to close early"));
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("c.warc: record 3: the record's Content-Length runs into"),
        "{shown:?}"
    );
    assert!(
        shown[1].starts_with("c.warc: record 5: the record's Content-Length ends before"),
        "{shown:?}"
    );
}

#[test]
fn a_truncated_warc_gz_keeps_the_records_before_the_cut() {
    let mut gz = Vec::new();
    for i in 0..5 {
        gz.extend(gzip(&warc_record(
            &format!("https://t.example/{i}"),
            MALFORMED.as_bytes(),
            0,
        )));
    }
    let cut = gz.len() - 300;
    let (docs, problems) = read_documents(&gz[..cut], "cut.warc.gz");
    assert_eq!(docs.len(), 4);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0]
        .to_string()
        .starts_with("cut.warc.gz: record 5: "));
}

/// A WARC response record with the given HTTP Content-Type.
fn warc_typed(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    http.extend_from_slice(body);
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.example/\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(&http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn warc_http_charset_is_used_and_bad_bytes_are_reported() {
    let para = "<p>Der Bürgermeister eröffnete am Montag die neue Brücke über die Mosel, die seit zwei Jahren gebaut wurde und nun Fußgängern und Radfahrern offensteht.</p>";
    let page = format!("<html><body><article>{para}{para}{para}</article></body></html>");
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let mut w = warc_typed("text/html; charset=ISO-8859-1", &latin);
    let mut broken = page.clone().into_bytes();
    broken.splice(20..20, [0xff, 0xfe]);
    w.extend(warc_typed("text/html; charset=utf-8", &broken));
    w.extend(warc_typed("image/png", b"\x89PNG"));
    let (docs, problems) = read_documents(&w, "e.warc");
    assert_eq!(docs.len(), 2);
    assert!(docs[0].text.contains("Der Bürgermeister eröffnete"));
    assert!(!docs[0].encoding_errors);
    assert!(docs[1].encoding_errors);
    // The image record is passed over silently; the bad bytes are reported.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "encoding.invalid");
    assert!(problems[0].to_string().starts_with("e.warc: record 2: "));
}

/// A `.json` file is a JSON document: an array of article objects gives one document per
/// object, one article object gives one, and any other structure is reported rather than
/// read as prose (its text would be JSON syntax).
#[test]
fn json_documents_give_their_articles_or_a_clear_problem() {
    let array = br#"[
  {"text": "Harbour reopens\nThe harbour reopened on Monday.", "url": "https://example.org/a"},
  {"html": "<p>The ferry fares rose again.</p>", "published": "2025-11-03"},
  7,
  {"title": "no body here"}
]"#;
    assert_eq!(detect(array, "export.json"), Format::Json);
    let (docs, problems) = read_documents(array, "export.json");
    assert_eq!(docs.len(), 2, "{problems:?}");
    assert!(docs[0].text.starts_with("Harbour reopens\n"));
    assert_eq!(docs[0].url.as_deref(), Some("https://example.org/a"));
    assert_eq!(docs[0].record.as_deref(), Some("item 1"));
    assert!(docs[1].text.contains("ferry fares rose"));
    assert_eq!(docs[1].published.as_deref(), Some("2025-11-03"));
    assert_eq!(docs[1].format, Format::Json);
    let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["json.not_object", "jsonl.no_text"]);

    let one = b"{\n  \"text\": \"A single article.\"\n}\n";
    let (docs, problems) = read_documents(one, "one.json");
    assert_eq!((docs.len(), problems.len()), (1, 0));

    let keyed = b"{\n  \"a1\": {\"articleBody\": \"Some text.\"}\n}\n";
    let (docs, problems) = read_documents(keyed, "truth.json");
    assert!(docs.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "json.no_articles");
    assert!(
        problems[0].message.contains("JSON Lines"),
        "{}",
        problems[0].message
    );

    let (docs, problems) = read_documents(b"[{\"text\": \"cut", "cut.json");
    assert!(docs.is_empty());
    assert_eq!(problems[0].code, "json.invalid");

    // Without the `.json` name, a text that opens with a bracket stays text.
    assert_eq!(detect(b"[Updated] Markets fell.", "wire.txt"), Format::Text);
}
