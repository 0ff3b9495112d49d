//! HTML building: the one escaping function every piece of text goes through, the page
//! frame, tables and the highlighted article text.

use std::fmt::Write as _;

use readout_store::{Rows, Value};

/// Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become character references. Every piece of store text is written
/// through this function.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a query-string component (everything but unreserved characters is
/// percent-encoded).
#[must_use]
pub fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: `title` is text (escaped here), `body` is HTML already built.
#[must_use]
pub fn page(title: &str, body: &str) -> String {
    page_with_script(title, body, false)
}

/// A whole page that loads the graph script when `graph` is true.
#[must_use]
pub fn page_with_script(title: &str, body: &str, graph: bool) -> String {
    let script = if graph {
        "<script src=\"/static/graph.js\" defer></script>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · readout</title><link rel=\"stylesheet\" href=\"/static/style.css\">{script}\
         </head><body><header><a class=\"brand\" href=\"/\">readout</a><nav>\
         <a href=\"/\">Overview</a><a href=\"/search\">Search</a>\
         <a href=\"/statements\">Statements</a><a href=\"/graph\">Graphs</a>\
         <a href=\"/api/openapi.json\">API</a></nav>\
         <form action=\"/search\" method=\"get\" class=\"quick\">\
         <input type=\"search\" name=\"q\" placeholder=\"Search articles\" aria-label=\"Search articles\">\
         </form></header><main>\n<h1>{}</h1>\n{body}</main></body></html>\n",
        escape(title),
        escape(title)
    )
}

/// The text of a cell (empty for NULL), escaped.
#[must_use]
pub fn cell(v: Option<&Value>) -> String {
    escape(&v.and_then(Value::as_text).unwrap_or_default())
}

/// A table of `rows` showing `columns` (name, heading); `link` may turn a cell into a
/// link by returning the URL for (column, row).
pub fn table(
    rows: &Rows,
    columns: &[(&str, &str)],
    link: impl Fn(&str, usize) -> Option<String>,
) -> String {
    if rows.is_empty() {
        return "<p class=\"empty\">Nothing yet.</p>".into();
    }
    let mut out = String::from("<table><thead><tr>");
    for (_, head) in columns {
        let _ = write!(out, "<th>{}</th>", escape(head));
    }
    out.push_str("</tr></thead><tbody>");
    for i in 0..rows.len() {
        out.push_str("<tr>");
        for (col, _) in columns {
            let text = cell(rows.get(i, col));
            match link(col, i) {
                Some(url) if !text.is_empty() => {
                    let _ = write!(out, "<td><a href=\"{}\">{text}</a></td>", escape(&url));
                }
                _ => {
                    let _ = write!(out, "<td>{text}</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A layer span to highlight in an article: offsets in code points of the article
/// text, CSS classes and a tooltip.
#[derive(Debug, Clone)]
pub struct Mark {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// CSS classes (from a fixed set; never store text).
    pub class: String,
    /// Tooltip text (escaped when written).
    pub title: String,
}

/// The article text as HTML with every mark applied. Overlapping marks are flattened:
/// the text is cut at every mark boundary and each piece carries the classes of all
/// marks covering it, so the markup is always well nested whatever the layers say.
#[must_use]
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let bytes_at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bytes_at.len() - 1;
    let mut cuts: Vec<usize> = vec![0, chars];
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.start < chars)
        .collect();
    for m in &marks {
        cuts.push(m.start);
        cuts.push(m.end.min(chars));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = &text[bytes_at[a]..bytes_at[b]];
        let covering: Vec<&&Mark> = marks
            .iter()
            .filter(|m| m.start <= a && m.end >= b)
            .collect();
        if covering.is_empty() {
            out.push_str(&escape(piece));
            continue;
        }
        let class: Vec<&str> = covering.iter().map(|m| m.class.as_str()).collect();
        let title: Vec<&str> = covering
            .iter()
            .map(|m| m.title.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        let _ = write!(
            out,
            "<span class=\"{}\" title=\"{}\">{}</span>",
            escape(&class.join(" ")),
            escape(&title.join(" · ")),
            escape(piece)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert(1)</script>"#),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#""><img src=x onerror=alert(1)>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escape("a & b's"), "a &amp; b&#39;s");
        assert_eq!(escape("Zürich — 5 €"), "Zürich — 5 €");
    }

    #[test]
    fn url_parts_are_percent_encoded() {
        assert_eq!(url_part("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn overlapping_marks_nest_and_escape() {
        let text = "Ann <b> said";
        let marks = [
            Mark {
                start: 0,
                end: 7,
                class: "ent".into(),
                title: "PERSON \"x\"".into(),
            },
            Mark {
                start: 4,
                end: 12,
                class: "st".into(),
                title: String::new(),
            },
        ];
        let html = highlight(text, &marks);
        assert_eq!(
            html,
            "<span class=\"ent\" title=\"PERSON &quot;x&quot;\">Ann </span>\
             <span class=\"ent st\" title=\"PERSON &quot;x&quot;\">&lt;b&gt;</span>\
             <span class=\"st\" title=\"\"> said</span>"
        );
    }

    #[test]
    fn marks_outside_the_text_are_clamped_or_dropped() {
        let marks = [
            Mark {
                start: 2,
                end: 99,
                class: "a".into(),
                title: String::new(),
            },
            Mark {
                start: 50,
                end: 60,
                class: "b".into(),
                title: String::new(),
            },
        ];
        assert_eq!(
            highlight("héllo", &marks),
            "hé<span class=\"a\" title=\"\">llo</span>"
        );
    }
}
