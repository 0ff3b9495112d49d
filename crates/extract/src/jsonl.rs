//! JSONL exports: one JSON object per line with `text` or `html`, and optionally `url`,
//! `source`, `published` and `title`; and JSON documents (`.json`) holding an array of
//! such objects, or one.

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
        if let Some(doc) = article(&obj, name, record, Format::Jsonl, &mut problems) {
            docs.push(doc);
        }
    }
    (docs, problems)
}

/// Reads a JSON document (a `.json` file): an array of article objects gives one
/// document per object, a single article object (with `text` or `html`) one document.
/// Anything else is reported and skipped: readout does not guess which field of an
/// arbitrary JSON structure holds the text.
pub fn read_json(text: &str, name: &str) -> (Vec<ExtractedDoc>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let value = match serde_json::from_str::<Value>(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem::new(
                name,
                None,
                "json.invalid",
                format!("not valid JSON ({e}); skipped"),
            ));
            return (docs, problems);
        }
    };
    match value {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let label = format!("item {}", i + 1);
                let Value::Object(obj) = item else {
                    problems.push(Problem::new(
                        name,
                        Some(label),
                        "json.not_object",
                        "not a JSON object; skipped".into(),
                    ));
                    continue;
                };
                if let Some(doc) = article(&obj, name, label, Format::Json, &mut problems) {
                    docs.push(doc);
                }
            }
        }
        Value::Object(obj) if obj.contains_key("text") || obj.contains_key("html") => {
            if let Some(doc) = article(&obj, name, "object".into(), Format::Json, &mut problems) {
                docs.push(doc);
            }
        }
        _ => problems.push(Problem::new(
            name,
            None,
            "json.no_articles",
            "a JSON document that is neither an array of article objects nor one article \
             object (with `text` or `html`); skipped. JSON Lines (one object per line) and \
             arrays of objects with `text` or `html` are read"
                .into(),
        )),
    }
    (docs, problems)
}

/// One article object: the document it gives, or `None` with a problem recorded.
fn article(
    obj: &serde_json::Map<String, Value>,
    name: &str,
    record: String,
    format: Format,
    problems: &mut Vec<Problem>,
) -> Option<ExtractedDoc> {
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
            format,
            ..ExtractedDoc::default()
        }
    } else if let Some(h) = field("html") {
        let dec = html::extract(&h);
        ExtractedDoc::from_html(dec, format)
    } else {
        problems.push(Problem::new(
            name,
            Some(record),
            "jsonl.no_text",
            "the object has no `text` or `html` field; skipped".into(),
        ));
        return None;
    };
    if doc.text.trim().is_empty() {
        problems.push(Problem::new(
            name,
            Some(record),
            "jsonl.no_text",
            "the object's text is empty; skipped".into(),
        ));
        return None;
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
    Some(doc)
}

/// Ends the text with a newline and turns CRLF into LF.
fn normalise_text(t: &str) -> String {
    let mut s = t.replace("\r\n", "\n");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
