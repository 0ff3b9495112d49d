//! RSS 2.0, RSS 1.0, Atom and JSON Feed files (parsed by `feed-rs`): one document per item.

use crate::{html, meta, ExtractedDoc, Format, Problem};

/// Reads a feed: one document per item, with its link, date and the feed's title as source.
/// Items with full content use it (HTML content becomes extracted text); items with only a
/// summary are marked `summary_only`. A feed that does not parse gives one problem.
pub fn read(bytes: &[u8], name: &str) -> (Vec<ExtractedDoc>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            problems.push(Problem::new(
                name,
                None,
                "feed.invalid",
                format!("not a readable feed ({e}); skipped"),
            ));
            return (docs, problems);
        }
    };
    let source = feed.title.as_ref().map(|t| plain(&t.content));
    for (i, entry) in feed.entries.iter().enumerate() {
        let record = format!("item {}", i + 1);
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref().map(|b| (b, c.content_type.to_string())));
        let summary = entry.summary.as_ref().map(|t| t.content.as_str());
        let (raw, kind, summary_only) = match (content, summary) {
            (Some((body, kind)), Some(sum)) if sum.len() > body.len() => (sum, kind, true),
            (Some((body, kind)), _) => (body, kind, false),
            (None, Some(sum)) => (sum, "text/html".to_string(), true),
            (None, None) => ("", String::new(), true),
        };
        let text = if kind.contains("html") || looks_like_html(raw) {
            html::fragment_text(raw)
        } else {
            lines_text(raw)
        };
        let title = entry.title.as_ref().map(|t| plain(&t.content));
        if text.trim().is_empty() && title.is_none() {
            problems.push(Problem::new(
                name,
                Some(record),
                "feed.empty_item",
                "the item has neither text nor title; skipped".into(),
            ));
            continue;
        }
        // An item with only a title still gives a (short) document: the title is its text.
        let text = if text.trim().is_empty() {
            format!("{}\n", title.clone().unwrap_or_default())
        } else {
            text
        };
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first())
            .map(|l| l.href.clone());
        let published = entry
            .published
            .or(entry.updated)
            .and_then(|d| meta::iso_day(&d.to_rfc3339()));
        let names: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|a| a.name.clone())
            .collect();
        let byline = (!names.is_empty()).then(|| names.join(", "));
        docs.push(ExtractedDoc {
            text,
            format: Format::Feed,
            record: Some(record),
            url,
            title,
            byline,
            published,
            source: source.clone(),
            lang: entry.language.clone().or_else(|| feed.language.clone()),
            summary_only,
            ..ExtractedDoc::default()
        });
    }
    (docs, problems)
}

fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    ["<p", "<br", "<div", "</a>", "<em", "<strong"]
        .iter()
        .any(|t| l.contains(t))
}

/// Plain text with one paragraph per line (blank lines dropped, white space collapsed).
fn lines_text(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let l = html::collapse_ws(line);
        if !l.is_empty() {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// A title as plain text (feeds sometimes put markup or entities in titles).
fn plain(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        html::collapse_ws(&html::fragment_text(s).replace('\n', " "))
    } else {
        html::collapse_ws(s)
    }
}
