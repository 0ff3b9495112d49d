//! JSONL exports: one JSON object per line with `text` or `html`, and optionally `url`,
//! `source`, `published` and `title`.

use serde_json::Value;

use crate::{html, meta, ExtractedDoc, Format, Problem};

/// Reads JSONL text: one document per good line; bad lines are reported and skipped.
pub fn read(text: &str, name: &str) -> (Vec<ExtractedDoc>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let record = format!("line {}", i + 1);
        let obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                problems.push(Problem::new(
                    name,
                    Some(record),
                    "jsonl.not_object",
                    "not a JSON object; skipped".into(),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Problem::new(
                    name,
                    Some(record),
                    "jsonl.invalid",
                    format!("not valid JSON ({e}); skipped"),
                ));
                continue;
            }
        };
        let field = |k: &str| {
            obj.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut doc = if let Some(t) = field("text") {
            ExtractedDoc {
                text: normalise_text(&t),
                format: Format::Jsonl,
                ..ExtractedDoc::default()
            }
        } else if let Some(h) = field("html") {
            let dec = html::extract(&h);
            ExtractedDoc::from_html(dec, Format::Jsonl)
        } else {
            problems.push(Problem::new(
                name,
                Some(record),
                "jsonl.no_text",
                "the object has no `text` or `html` field; skipped".into(),
            ));
            continue;
        };
        if doc.text.trim().is_empty() {
            problems.push(Problem::new(
                name,
                Some(record),
                "jsonl.no_text",
                "the object's text is empty; skipped".into(),
            ));
            continue;
        }
        doc.record = Some(record);
        if let Some(u) = field("url") {
            doc.url = Some(u);
        }
        if let Some(t) = field("title") {
            doc.title = Some(t);
        }
        if let Some(s) = field("source") {
            doc.source = Some(s);
        }
        if let Some(p) = field("published").and_then(|p| meta::iso_day(&p)) {
            doc.published = Some(p);
        }
        docs.push(doc);
    }
    (docs, problems)
}

/// Ends the text with a newline and turns CRLF into LF.
fn normalise_text(t: &str) -> String {
    let mut s = t.replace("\r\n", "\n");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
