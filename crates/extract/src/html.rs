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
    /// Byte offset in the (decoded) HTML where the paragraph's first run of plain words
    /// (six bytes or more) was found, when found: at or near the paragraph's start.
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
                drop_links: true,
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
                drop_links: true,
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

/// Finds where a paragraph's first words appear in the HTML at or after `from`: the
/// longest plain run of words first, then shorter ones (inline tags and entities can split
/// the text in the HTML).
fn locate(html: &str, para: &str, from: usize) -> Option<usize> {
    // The first run of plain words long enough to be telling (punctuation is often written
    // as an entity in the HTML, so runs stop there).
    let head: String = para.chars().take(80).collect();
    let run = head
        .split(|c: char| !(c.is_alphanumeric() || c == ' '))
        .map(str::trim)
        .find(|r| r.len() >= 6)
        .unwrap_or("");
    let words: String = run.chars().take(24).collect();
    let words = words.trim();
    let tail = html.get(from..)?;
    let mut probe = words;
    loop {
        if probe.len() < 4 {
            return None;
        }
        if let Some(i) = tail.find(probe) {
            return Some(from + i);
        }
        // Drop the last word and try again.
        match probe.rfind(' ') {
            Some(sp) => probe = probe[..sp].trim_end(),
            None => return None,
        }
    }
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
    /// Drop short paragraphs that are mostly link text (navigation, teasers).
    drop_links: bool,
    /// How deep inside `<a>` elements the walk is.
    in_link: usize,
    /// Characters of the current line that are link text.
    link_chars: usize,

    paras: Vec<String>,
    line: String,
    space: bool,
}

impl Walker {
    fn flush(&mut self) {
        let t = self.line.trim();
        if !t.is_empty() {
            let n = t.chars().count();
            let linky = self.drop_links && n < 200 && self.link_chars * 2 > n;
            if !linky {
                self.paras.push(t.to_string());
            }
        }
        self.line.clear();
        self.link_chars = 0;
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
                if self.in_link > 0 {
                    self.link_chars += 1;
                }
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
            let link = name == "a";
            self.in_link += usize::from(link);
            self.walk(&child, depth + 1);
            self.in_link -= usize::from(link);
            if block {
                self.flush();
            }
        }
    }
}

/// Drops paragraphs that are not article prose: the headline repeated, bylines and
/// date lines, photo credits, and everything after a "related stories" cue in the second
/// half of the text.
fn clean_paragraphs(paras: Vec<String>, meta: &PageMeta) -> Vec<String> {
    let title = meta.title.as_deref().map(collapse_ws).unwrap_or_default();
    let mut out: Vec<String> = Vec::with_capacity(paras.len());
    for p in paras {
        if !title.is_empty() && p == title && out.is_empty() {
            continue;
        }
        if is_dateline(&p) || is_credit(&p) {
            continue;
        }
        out.push(p);
    }
    let total: usize = out.iter().map(String::len).sum();
    let mut seen = 0usize;
    for (i, p) in out.iter().enumerate() {
        if seen * 2 > total && is_tail_cue(p) {
            out.truncate(i);
            break;
        }
        seen += p.len();
    }
    out
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "a",
    "m",
    "p",
    "est",
    "edt",
    "pst",
    "pdt",
    "cst",
    "cdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "ist",
    "et",
    "pt",
    "updated",
    "published",
    "posted",
    "last",
    "on",
    "at",
    "ago",
    "hours",
    "hour",
    "minutes",
    "day",
    "days",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "first",
    "modified",
];

/// A short line made of a date, a time and words such as "Updated" or "Published".
fn is_dateline(p: &str) -> bool {
    if p.len() > 100 {
        return false;
    }
    let words: Vec<String> = p
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() || words.len() > 14 {
        return false;
    }
    let datey = words
        .iter()
        .filter(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || MONTHS.contains(&w.as_str())
                || DATE_WORDS.contains(&w.as_str())
        })
        .count();
    let has_digit = p.chars().any(|c| c.is_ascii_digit());
    // "By Jane Roe - 11/18/19 11:04 PM EST": a byline with a timestamp.
    let byline = words.first().is_some_and(|w| w == "by") && has_digit && words.len() <= 12;
    // Rows of figures (tables, prices) are content: a date line names a month, says
    // "updated"/"published", or has a clock time or a numeric date.
    let b = p.as_bytes();
    let numeric_date = b
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b':' | b'/') && w[2].is_ascii_digit());
    let cue = numeric_date
        || words.iter().any(|w| {
            MONTHS.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "updated" | "published" | "posted" | "modified" | "ago"
                )
        });
    byline || (has_digit && cue && datey * 10 >= words.len() * 7)
}

/// A photo credit or copyright line.
fn is_credit(p: &str) -> bool {
    if p.len() > 160 {
        return false;
    }
    let l = p.to_lowercase();
    l.starts_with('©')
        || l.starts_with("(c) ")
        || l.starts_with("photo:")
        || l.starts_with("image:")
        || l.starts_with("credit:")
        || l.starts_with("photo credit")
        || (l.ends_with(')')
            && (l.contains("(photo") || l.contains("photo/") || l.contains("/getty")))
}

/// A short line announcing other stories ("You may also like", "More from …").
fn is_tail_cue(p: &str) -> bool {
    if p.len() > 60 {
        return false;
    }
    let l = p.to_lowercase();
    let l = l.trim_end_matches(['.', ':', '…', '!', '?', ' ']);
    [
        "you may also like",
        "you might also like",
        "related",
        "related stories",
        "related articles",
        "related content",
        "read more",
        "more from",
        "more stories",
        "recommended",
        "recommended for you",
        "most popular",
        "most read",
        "trending",
        "also read",
        "read next",
        "what to read next",
        "want more stories like this",
        "more on this story",
        "popular stories",
        "top stories",
        "latest news",
    ]
    .iter()
    .any(|c| l == *c || (l.starts_with(c) && c.len() > 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_go_but_rows_of_figures_stay() {
        assert!(is_dateline(
            "Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM"
        ));
        assert!(is_dateline("Published 2 hours ago"));
        assert!(is_dateline("By Ana Ruiz - 03/04/21 10:15 AM EST"));
        assert!(!is_dateline("7 Kyle Larson 2339 1 1 8 17"));
        assert!(!is_dateline("$164.99"));
        assert!(!is_dateline(
            "The vote on March 3 was close, the mayor said."
        ));
    }

    #[test]
    fn credits_and_tail_cues_are_recognised() {
        assert!(is_credit("© Jane Doe"));
        assert!(is_credit(
            "Workers unload a lorry in Leeds. (AP Photo/John Roe)"
        ));
        assert!(!is_credit("The photo was taken in May (see below)."));
        assert!(is_tail_cue("You may also like..."));
        assert!(is_tail_cue("Related stories"));
        assert!(!is_tail_cue("Related work continued into the night."));
    }

    #[test]
    fn link_lists_and_tail_teasers_are_dropped_from_pages() {
        let filler = "The ferry company said the new timetable would start in May. ".repeat(4);
        let page = format!(
            "<html><body><article><p>{filler}</p><p>{filler}</p>\
             <p><a href=\"/a\">Ferry fares to rise in spring and other stories</a></p>\
             <p>{filler}</p><h3>More stories</h3><p>An unrelated teaser paragraph.</p>\
             </article></body></html>"
        );
        let a = extract(&page);
        assert_eq!(a.text.lines().count(), 3, "{}", a.text);
        assert!(!a.text.contains("Ferry fares"));
        assert!(!a.text.contains("teaser"));
    }
}
