//! HTML pages: the article body with boilerplate removed, one paragraph per line, plus the
//! page's metadata (title, byline, publication date, site name, language, canonical URL).
//!
//! The main-content choice is made by `dom_smoothie` (a Readability port); our own cleaning
//! then walks the chosen subtree, drops what is not article prose (captions, share bars,
//! related-link lists, newsletter boxes, bylines) and writes one paragraph per line.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

use crate::meta::{self, PageMeta};

/// Where one paragraph of the extracted text came from in the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParaMap {
    /// Byte offset of the paragraph in the extracted text.
    pub text: u32,
    /// Byte offset in the (decoded) HTML where the paragraph's text was found, when found.
    pub html: Option<u32>,
}

/// The article extracted from one HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlArticle {
    /// The article text, one paragraph per line.
    pub text: String,
    /// The page's metadata.
    pub meta: PageMeta,
    /// Per paragraph: byte offset in `text` → byte offset in the HTML.
    pub map: Vec<ParaMap>,
}

/// Extracts the article body and metadata from an HTML page (already decoded to text).
pub fn extract(html: &str) -> HtmlArticle {
    let doc = Document::from(html);
    let meta = meta::page_meta(&doc);
    let body_hint = meta.article_body.clone();
    let cfg = Config {
        keep_classes: true,
        ..Config::default()
    };
    let mut paras: Vec<String> = Vec::new();
    if let Ok(mut r) = Readability::with_document(doc, None, Some(cfg)) {
        if let Ok(article) = r.parse() {
            let frag = Document::fragment(article.content.to_string());
            let root = frag.root();
            let mut w = Walker {
                total: text_len(&root),
                ..Walker::default()
            };
            w.walk(&root, 0);
            w.flush();
            paras = w.paras;
        }
    }
    if paras.is_empty() {
        // No main-content candidate (a very short page): take the whole body, without the
        // page furniture the walker skips.
        let doc = Document::from(html);
        if let Some(body) = doc.body() {
            let mut w = Walker {
                total: text_len(&body),
                ..Walker::default()
            };
            w.walk(&body, 0);
            w.flush();
            paras = w.paras;
        }
    }
    if paras.iter().map(String::len).sum::<usize>() < 200 {
        if let Some(body) = body_hint.filter(|b| b.len() > 200) {
            paras = body
                .lines()
                .map(collapse_ws)
                .filter(|l| !l.is_empty())
                .collect();
        }
    }
    let paras = clean_paragraphs(paras, &meta);
    let mut text = String::new();
    let mut map = Vec::with_capacity(paras.len());
    let mut cursor = 0usize;
    for p in &paras {
        let html_at = locate(html, p, cursor);
        if let Some(at) = html_at {
            cursor = at;
        }
        map.push(ParaMap {
            text: text.len() as u32,
            html: html_at.map(|a| a as u32),
        });
        text.push_str(p);
        text.push('\n');
    }
    HtmlArticle { text, meta, map }
}

/// Converts an HTML fragment that is already the article (a feed item's content) to text,
/// one paragraph per line, with the same cleaning as pages but no main-content search.
pub fn fragment_text(html: &str) -> String {
    let frag = Document::fragment(html);
    let root = frag.root();
    let mut w = Walker {
        total: text_len(&root),
        ..Walker::default()
    };
    w.walk(&root, 0);
    w.flush();
    let mut text = String::new();
    for p in &w.paras {
        text.push_str(p);
        text.push('\n');
    }
    text
}

/// Finds where a paragraph's first words appear in the HTML at or after `from`.
fn locate(html: &str, para: &str, from: usize) -> Option<usize> {
    // The first run of plain word characters avoids entity-encoded punctuation.
    let probe: String = para
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == ' ')
        .take(24)
        .collect();
    let probe = probe.trim();
    if probe.len() < 4 {
        return None;
    }
    let tail = html.get(from..)?;
    tail.find(probe)
        .map(|i| from + i)
        .or_else(|| html.find(probe))
}

/// Collapses runs of white space to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "button",
    "form",
    "input",
    "select",
    "textarea",
    "iframe",
    "object",
    "embed",
    "figcaption",
    "nav",
    "aside",
    "footer",
    "menu",
    "dialog",
    "canvas",
    "video",
    "audio",
    "picture",
    "img",
    "label",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "caption",
    "tbody",
    "thead",
];

/// Class or id words that mark page furniture inside an article container.
const BOILER_WORDS: &[&str] = &[
    "share",
    "social",
    "related",
    "newsletter",
    "caption",
    "credit",
    "promo",
    "subscribe",
    "advert",
    "sponsor",
    "byline",
    "author",
    "tags",
    "breadcrumb",
    "toolbar",
    "comment",
    "signup",
    "sign-up",
    "recommend",
    "outbrain",
    "taboola",
    "more-stories",
    "read-more",
    "readmore",
    "also-read",
    "inline-ad",
    "ad-container",
    "disclaimer",
    "copyright",
    "print",
    "hidden",
    "visually-hidden",
    "sr-only",
    "timestamp",
    "dateline-",
];

fn text_len(node: &NodeRef) -> usize {
    node.text().chars().filter(|c| !c.is_whitespace()).count()
}

fn is_boiler(node: &NodeRef) -> bool {
    let mut s = String::new();
    if let Some(c) = node.class() {
        s.push_str(&c);
    }
    s.push(' ');
    if let Some(i) = node.id_attr() {
        s.push_str(&i);
    }
    if s.trim().is_empty() {
        return false;
    }
    let s = s.to_ascii_lowercase();
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || node.has_attr("hidden")
    {
        return true;
    }
    // Words that also name article bodies ("article-body", "story-content") are not enough.
    if s.contains("article-body") || s.contains("articlebody") || s.contains("story-body") {
        return false;
    }
    BOILER_WORDS.iter().any(|w| s.contains(w))
}

#[derive(Default)]
struct Walker {
    total: usize,
    paras: Vec<String>,
    line: String,
    space: bool,
}

impl Walker {
    fn flush(&mut self) {
        let t = self.line.trim();
        if !t.is_empty() {
            self.paras.push(t.to_string());
        }
        self.line.clear();
        self.space = false;
    }

    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
                self.space = true;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    fn walk(&mut self, node: &NodeRef, depth: usize) {
        if depth > 256 {
            return;
        }
        for child in node.children_it(false) {
            if child.is_text() {
                self.push_text(&child.text());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if SKIP_TAGS.contains(&name.as_str()) {
                continue;
            }
            // A furniture class on an element that holds much of the article is more
            // likely a naming accident ("entry-content-read-more") than furniture.
            if is_boiler(&child) && text_len(&child) * 10 < self.total * 3 {
                continue;
            }
            if name == "br" {
                self.flush();
                continue;
            }
            let block = BLOCK_TAGS.contains(&name.as_str());
            if block {
                self.flush();
            }
            self.walk(&child, depth + 1);
            if block {
                self.flush();
            }
        }
    }
}

/// Drops paragraphs that are not article prose: the headline repeated, bylines, dates
/// alone on a line, and short link-like lines at the edges.
fn clean_paragraphs(paras: Vec<String>, meta: &PageMeta) -> Vec<String> {
    let title = meta.title.as_deref().map(collapse_ws).unwrap_or_default();
    let mut out: Vec<String> = Vec::with_capacity(paras.len());
    for p in paras {
        if !title.is_empty() && p == title && out.is_empty() {
            continue;
        }
        out.push(p);
    }
    out
}
