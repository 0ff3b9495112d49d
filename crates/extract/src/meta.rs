//! Page metadata from `<meta>` tags, Open Graph, `<link rel=canonical>`, `<time>` and
//! JSON-LD (`NewsArticle`, `Article`, `BlogPosting`, also inside `@graph`).

use dom_query::Document;
use serde_json::Value;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// Publication date as an ISO day (`YYYY-MM-DD`), when one was found.
    pub published: Option<String>,
    /// The site's name.
    pub site_name: Option<String>,
    /// The page language (`en`, `pt-BR`, …).
    pub lang: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// The JSON-LD `articleBody`, when the page gives one (used as a fallback text).
    pub article_body: Option<String>,
}

/// Reads the metadata of a parsed page.
pub fn page_meta(doc: &Document) -> PageMeta {
    let mut m = PageMeta::default();
    for node in doc.select("script[type='application/ld+json']").nodes() {
        let raw = node.text();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
            json_ld(&v, &mut m, 0);
        }
    }
    let mut metas: Vec<(String, String)> = Vec::new();
    for node in doc.select("meta[content]").nodes() {
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, node.attr("content")) {
            let c = c.trim();
            if !c.is_empty() {
                metas.push((k.to_ascii_lowercase(), c.to_string()));
            }
        }
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };
    if m.title.is_none() {
        m.title = get(&["og:title", "twitter:title", "headline", "dc.title"]).or_else(|| {
            let t = doc.select("title").text();
            let t = crate::html::collapse_ws(&t);
            (!t.is_empty()).then_some(t)
        });
    }
    if m.byline.is_none() {
        m.byline = get(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
        ])
        .filter(|a| !a.starts_with("http"));
    }
    if m.published.is_none() {
        m.published = get(&[
            "article:published_time",
            "datepublished",
            "og:published_time",
            "pubdate",
            "publishdate",
            "dc.date",
            "dc.date.issued",
            "date",
            "sailthru.date",
            "parsely-pub-date",
        ])
        .and_then(|d| iso_day(&d))
        .or_else(|| {
            doc.select("time[datetime]")
                .nodes()
                .iter()
                .find_map(|n| n.attr("datetime").and_then(|d| iso_day(&d)))
        });
    }
    if m.site_name.is_none() {
        m.site_name = get(&["og:site_name", "application-name"]);
    }
    if m.lang.is_none() {
        m.lang = doc
            .select("html[lang]")
            .attr("lang")
            .map(|l| l.trim().to_string())
            .or_else(|| get(&["og:locale", "content-language", "language"]))
            .filter(|l| !l.is_empty());
    }
    let canonical = doc
        .select("link[rel='canonical'][href]")
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"));
    m.url = canonical
        .or_else(|| get(&["og:url"]))
        .or(m.url.take())
        .filter(|u| u.starts_with("http"));
    m
}

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        matches!(
            s,
            "NewsArticle"
                | "Article"
                | "BlogPosting"
                | "ReportageNewsArticle"
                | "AnalysisNewsArticle"
                | "OpinionNewsArticle"
                | "LiveBlogPosting"
                | "Report"
                | "WebPage"
        )
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn string_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(o) => string_of(o.get("name")),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(|x| string_of(Some(x))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn json_ld(v: &Value, m: &mut PageMeta, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                json_ld(x, m, depth + 1);
            }
        }
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                json_ld(g, m, depth + 1);
            }
            if !is_article_type(v) {
                return;
            }
            let is_page = matches!(o.get("@type"), Some(Value::String(s)) if s == "WebPage");
            if !is_page {
                if m.title.is_none() {
                    m.title = string_of(o.get("headline")).or_else(|| string_of(o.get("name")));
                }
                if m.byline.is_none() {
                    m.byline = string_of(o.get("author"));
                }
                if m.article_body.is_none() {
                    m.article_body = string_of(o.get("articleBody"));
                }
                if m.site_name.is_none() {
                    m.site_name = string_of(o.get("publisher"));
                }
                if m.lang.is_none() {
                    m.lang = string_of(o.get("inLanguage"));
                }
                if m.url.is_none() {
                    m.url = string_of(o.get("url")).or_else(|| match o.get("mainEntityOfPage") {
                        Some(Value::Object(p)) => string_of(p.get("@id")),
                        Some(Value::String(s)) => Some(s.clone()),
                        _ => None,
                    });
                }
            }
            if m.published.is_none() {
                m.published = string_of(o.get("datePublished")).and_then(|d| iso_day(&d));
            }
        }
        _ => {}
    }
}

/// Reduces a date-time string to its ISO day when it starts with one (`2024-03-05T…`,
/// `2024/03/05`, `20240305`).
pub fn iso_day(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        (part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let (y, mo, d) = if b.len() >= 10 && matches!(b.get(4), Some(b'-' | b'/' | b'.')) {
        (digits(0..4)?, digits(5..7)?, digits(8..10)?)
    } else if b.len() >= 8 && b.iter().take(8).all(u8::is_ascii_digit) {
        (digits(0..4)?, digits(4..6)?, digits(6..8)?)
    } else {
        return rfc2822_day(s);
    };
    valid_day(y, mo, d)
}

fn valid_day(y: u32, mo: u32, d: u32) -> Option<String> {
    ((1900..=2200).contains(&y) && (1..=12).contains(&mo) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{mo:02}-{d:02}"))
}

/// Parses the day of an RFC 2822 date (`Tue, 05 Mar 2024 10:00:00 GMT`), as RSS uses.
pub fn rfc2822_day(s: &str) -> Option<String> {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let rest = s.split_once(',').map_or(s, |(_, r)| r);
    let mut it = rest.split_whitespace();
    let d: u32 = it.next()?.parse().ok()?;
    let mon = it.next()?.to_ascii_lowercase();
    let mo = MONTHS.iter().position(|m| mon.starts_with(m))? as u32 + 1;
    let y: u32 = it.next()?.parse().ok()?;
    let y = if y < 100 { y + 2000 } else { y };
    valid_day(y, mo, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_from_common_forms() {
        assert_eq!(
            iso_day("2024-03-05T10:00:00Z").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(iso_day("2024/03/05").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_day("20240305").as_deref(), Some("2024-03-05"));
        assert_eq!(
            iso_day("Tue, 05 Mar 2024 10:00:00 GMT").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(iso_day("2024-13-05"), None);
        assert_eq!(iso_day("yesterday"), None);
    }

    #[test]
    fn json_ld_graph_and_meta_tags_are_read() {
        let page = r#"<html lang="en-GB"><head>
<title>Harbour plan | The Gazette</title>
<link rel="canonical" href="https://news.example/harbour">
<meta property="og:site_name" content="The Gazette">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"The Gazette"},
 {"@type":"NewsArticle","headline":"Harbour plan approved","datePublished":"2023-06-14T08:00:00+01:00",
  "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Tom Berg"}]}]}</script>
</head><body><p>x</p></body></html>"#;
        let m = page_meta(&Document::from(page));
        assert_eq!(m.title.as_deref(), Some("Harbour plan approved"));
        assert_eq!(m.byline.as_deref(), Some("Ana Ruiz, Tom Berg"));
        assert_eq!(m.published.as_deref(), Some("2023-06-14"));
        assert_eq!(m.site_name.as_deref(), Some("The Gazette"));
        assert_eq!(m.lang.as_deref(), Some("en-GB"));
        assert_eq!(m.url.as_deref(), Some("https://news.example/harbour"));
    }
}
