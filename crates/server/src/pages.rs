//! The server-rendered pages.

use std::fmt::Write as _;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use readout_core::{Date, Options, Severity};
use readout_store::{ArticleFilter, Rows, StatementFilter, Value};
use serde::Deserialize;

use crate::html::{self, cell, escape, highlight, page, table, url_part, Mark};
use crate::{html_headers, AppError, AppState};

/// The entity types with a colour (and a toggle) in the article reader.
const ENTITY_TYPES: [&str; 8] = [
    "PERSON", "ORG", "GPE", "LOC", "NORP", "MEDIA", "EVENT", "LAW",
];

/// The filters of the search and statements pages (and their API twins).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    /// Full-text query.
    pub q: Option<String>,
    /// Speaker name contains.
    pub speaker: Option<String>,
    /// Mentioned entity name contains.
    pub entity: Option<String>,
    /// Medium contains.
    pub medium: Option<String>,
    /// Earliest day.
    pub since: Option<String>,
    /// Latest day.
    pub until: Option<String>,
    /// `denies` or `supports`.
    pub stance: Option<String>,
    /// Most rows wanted.
    pub limit: Option<usize>,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

impl Filters {
    /// Checks the values a store query would misread.
    pub fn validate(&self) -> Result<(), AppError> {
        if let Some(st) = clean(&self.stance) {
            if st != "denies" && st != "supports" {
                return Err(AppError::BadRequest(
                    "stance must be `denies` or `supports`".into(),
                ));
            }
        }
        for d in [&self.since, &self.until].into_iter().filter_map(clean) {
            if !is_day_prefix(&d) {
                return Err(AppError::BadRequest(
                    "dates must look like YYYY, YYYY-MM or YYYY-MM-DD".into(),
                ));
            }
        }
        Ok(())
    }

    fn limit(&self, default: usize, max: usize) -> usize {
        self.limit.unwrap_or(default).clamp(1, max)
    }

    /// The statement filter these parameters describe.
    pub fn statements(&self, default: usize, max: usize) -> StatementFilter {
        StatementFilter {
            speaker: clean(&self.speaker),
            about: clean(&self.entity),
            since: clean(&self.since),
            until: clean(&self.until),
            medium: clean(&self.medium),
            stance: clean(&self.stance),
            text: clean(&self.q),
            limit: self.limit(default, max),
        }
    }

    /// The article filter these parameters describe.
    pub fn articles(&self, default: usize, max: usize) -> ArticleFilter {
        ArticleFilter {
            text: clean(&self.q),
            speaker: clean(&self.speaker),
            entity: clean(&self.entity),
            medium: clean(&self.medium),
            stance: clean(&self.stance),
            since: clean(&self.since),
            until: clean(&self.until),
            limit: self.limit(default, max),
        }
    }

    /// The parameters as a query string (for links that keep the filters).
    fn query_string(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("speaker", &self.speaker),
            ("entity", &self.entity),
            ("medium", &self.medium),
            ("since", &self.since),
            ("until", &self.until),
            ("stance", &self.stance),
        ] {
            if let Some(v) = clean(v) {
                parts.push(format!("{k}={}", url_part(&v)));
            }
        }
        parts.join("&")
    }

    /// The filter form, pre-filled, submitting to `action`.
    fn form(&self, action: &str, text_label: &str) -> String {
        let field = |name: &str, label: &str, v: &Option<String>, kind: &str| {
            format!(
                "<label>{label}<input type=\"{kind}\" name=\"{name}\" value=\"{}\"></label>",
                escape(&clean(v).unwrap_or_default())
            )
        };
        let stance = clean(&self.stance).unwrap_or_default();
        let opt = |v: &str, label: &str| {
            format!(
                "<option value=\"{v}\"{}>{label}</option>",
                if stance == v { " selected" } else { "" }
            )
        };
        format!(
            "<form class=\"filters\" action=\"{action}\" method=\"get\">{}{}{}{}{}{}\
             <label>Stance<select name=\"stance\">{}{}{}</select></label>\
             <button type=\"submit\">Search</button></form>",
            field("q", text_label, &self.q, "search"),
            field("speaker", "Speaker", &self.speaker, "text"),
            field("entity", "Entity", &self.entity, "text"),
            field("medium", "Medium", &self.medium, "text"),
            field("since", "From", &self.since, "text"),
            field("until", "To", &self.until, "text"),
            opt("", "any"),
            opt("denies", "denies"),
            opt("supports", "supports"),
        )
    }
}

/// True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` (digits only in the number places).
fn is_day_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.len(), 4 | 7 | 10)
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn html(body: String) -> Response {
    (html_headers(), body).into_response()
}

fn int(rows: &Rows, i: usize, col: &str) -> Option<i64> {
    rows.get(i, col).and_then(Value::as_int)
}

fn text(rows: &Rows, i: usize, col: &str) -> String {
    rows.get(i, col)
        .and_then(Value::as_text)
        .unwrap_or_default()
}

/// A colour class for a speaker (stable for a name).
fn speaker_class(name: &str) -> String {
    let h = name.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    format!("spk{}", h % 8)
}

fn statement_link(rows: &Rows) -> impl Fn(&str, usize) -> Option<String> + '_ {
    move |col, i| match col {
        "content" | "article" => int(rows, i, "article").map(|a| format!("/article/{a}")),
        _ => None,
    }
}

const STATEMENT_COLUMNS: [(&str, &str); 7] = [
    ("date", "Date"),
    ("speaker", "Speaker"),
    ("cue", "Cue"),
    ("content", "Statement"),
    ("medium", "Medium"),
    ("stance", "Stance"),
    ("article", "Article"),
];

/// `/`: counts, date range, sources, top speakers and entities.
pub(crate) async fn overview(State(state): State<AppState>) -> Result<Response, AppError> {
    let ov = state.overview().await?;
    let mut body = String::new();
    body.push_str("<section class=\"counts\">");
    for i in 0..ov.counts.len() {
        let _ = write!(
            body,
            "<div class=\"count\"><b>{}</b><span>{}</span></div>",
            cell(ov.counts.get(i, "value")),
            cell(ov.counts.get(i, "what"))
        );
    }
    body.push_str("</section>");
    let first = text(&ov.date_range, 0, "first");
    let last = text(&ov.date_range, 0, "last");
    if !first.is_empty() {
        let _ = write!(
            body,
            "<p class=\"range\">Published from <b>{}</b> to <b>{}</b>.</p>",
            escape(&first),
            escape(&last)
        );
    }
    body.push_str("<div class=\"grid\"><section><h2>Top speakers</h2>");
    body.push_str(&table(
        &ov.speakers,
        &[("speaker", "Speaker"), ("statements", "Statements")],
        |col, i| match col {
            "speaker" => Some(match int(&ov.speakers, i, "id") {
                Some(id) => format!("/entity/{id}"),
                None => format!(
                    "/statements?speaker={}",
                    url_part(&text(&ov.speakers, i, "speaker"))
                ),
            }),
            _ => None,
        },
    ));
    body.push_str("</section><section><h2>Top entities</h2>");
    body.push_str(&table(
        &ov.entities,
        &[
            ("name", "Entity"),
            ("type", "Type"),
            ("mentions", "Mentions"),
            ("documents", "Documents"),
        ],
        |col, i| {
            (col == "name").then(|| format!("/entity/{}", int(&ov.entities, i, "id").unwrap_or(0)))
        },
    ));
    body.push_str("</section><section><h2>Sources</h2>");
    body.push_str(&table(
        &ov.sources,
        &[("source", "Source"), ("articles", "Articles")],
        |_, _| None,
    ));
    body.push_str("</section></div>");
    Ok(html(page("Overview", &body)))
}

/// `/search`: articles and statements matching the filters.
pub(crate) async fn search(
    State(state): State<AppState>,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    f.validate()?;
    let af = f.articles(50, 500);
    let sf = f.statements(50, 500);
    let any = f.query_string();
    let (articles, statements) = if any.is_empty() {
        (Rows::default(), Rows::default())
    } else {
        state
            .with(move |s| Ok((s.find_articles(&af)?, s.statements(&sf)?)))
            .await?
    };
    let mut body = f.form("/search", "Text");
    if !any.is_empty() {
        let _ = write!(
            body,
            "<h2>Articles <small>({})</small></h2>",
            articles.len()
        );
        body.push_str(&table(
            &articles,
            &[
                ("headline", "Headline"),
                ("published", "Published"),
                ("source", "Source"),
            ],
            |col, i| {
                (col == "headline")
                    .then(|| format!("/article/{}", int(&articles, i, "article").unwrap_or(0)))
            },
        ));
        let _ = write!(
            body,
            "<h2>Statements <small>({})</small></h2><p><a href=\"/statements?{}\">All matching statements</a></p>",
            statements.len(),
            escape(&any)
        );
        body.push_str(&table(
            &statements,
            &STATEMENT_COLUMNS,
            statement_link(&statements),
        ));
    }
    Ok(html(page("Search", &body)))
}

/// `/statements`: the statements table with filters and a CSV link.
pub(crate) async fn statements(
    State(state): State<AppState>,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    f.validate()?;
    let sf = f.statements(200, 5000);
    let rows = state.with(move |s| s.statements(&sf)).await?;
    let mut body = f.form("/statements", "Content");
    let _ = write!(
        body,
        "<p>{} statements shown. <a class=\"csv\" href=\"/statements.csv?{}\">Download CSV</a></p>",
        rows.len(),
        escape(&f.query_string())
    );
    body.push_str(&table(&rows, &STATEMENT_COLUMNS, statement_link(&rows)));
    Ok(html(page("Statements", &body)))
}

/// Quotes a CSV field when needed; a leading `=`, `+`, `-` or `@` is prefixed with `'`
/// so spreadsheets do not run it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `/statements.csv`: the filtered statements as CSV.
pub(crate) async fn statements_csv(
    State(state): State<AppState>,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    f.validate()?;
    let mut sf = f.statements(0, 100_000);
    if f.limit.is_none() {
        sf.limit = 100_000;
    }
    let rows = state.with(move |s| s.statements(&sf)).await?;
    let mut out = rows
        .columns
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in &rows.rows {
        let line: Vec<String> = r
            .iter()
            .map(|v| csv_field(&v.as_text().unwrap_or_default()))
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"statements.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// Finds where `cue` is written near code points `start..end` of `text`: the closest
/// occurrence within 200 code points, as code-point offsets.
fn find_cue(
    text: &str,
    bytes_at: &[usize],
    cue: &str,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    if cue.trim().is_empty() {
        return None;
    }
    let chars = bytes_at.len().saturating_sub(1);
    let lo = start.saturating_sub(200).min(chars);
    let hi = end.saturating_add(200).min(chars);
    let window = text.get(*bytes_at.get(lo)?..*bytes_at.get(hi)?)?;
    let mut best: Option<(usize, usize)> = None;
    for (b, _) in window.match_indices(cue) {
        let s = lo + window[..b].chars().count();
        let e = s + cue.chars().count();
        if e > start && s < end {
            continue;
        }
        let dist = if e <= start {
            start - e
        } else {
            s.saturating_sub(end)
        };
        if best.is_none_or(|(bs, be)| {
            let bd = if be <= start {
                start - be
            } else {
                bs.saturating_sub(end)
            };
            dist < bd
        }) {
            best = Some((s, e));
        }
    }
    best
}

/// `/article/{id}`: the text with toggleable layers, and the consistency findings.
pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (view, layers) = state
        .with(move |s| Ok((s.article(id)?, s.article_layers(id)?)))
        .await?;
    let Some(view) = view else {
        return Err(AppError::NotFound(format!("There is no article {id}.")));
    };
    let a = &view.article;
    let headline = text(a, 0, "headline");
    let published = text(a, 0, "published");
    let body_text = view.text.clone();
    let pub_date = Date::parse(&published);
    let findings = tokio::task::spawn_blocking(move || {
        // The record's stages; the dependency parse would add nothing here.
        let (_, diags) = readout_core::analyze_with(
            &readout_core::record_pipeline(),
            &body_text,
            &Options {
                published: pub_date,
            },
        );
        diags
            .as_slice()
            .iter()
            .filter(|d| d.severity == Severity::Info)
            .map(|d| {
                let quote = d
                    .span
                    .and_then(|s| body_text.get(s.start as usize..s.end as usize))
                    .unwrap_or("")
                    .to_string();
                (d.code, d.message.clone(), quote)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();

    let t = &view.text;
    let bytes_at: Vec<usize> = t
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(t.len()))
        .collect();
    let off = |rows: &Rows, i: usize, col: &str| int(rows, i, col).unwrap_or(0).max(0) as usize;
    let mut marks = Vec::new();
    let m = &layers.mentions;
    for i in 0..m.len() {
        let kind = text(m, i, "type");
        let class = if ENTITY_TYPES.contains(&kind.as_str()) {
            format!("ent e-{kind}")
        } else {
            "ent e-OTHER".into()
        };
        marks.push(Mark {
            start: off(m, i, "start"),
            end: off(m, i, "end"),
            class,
            title: format!("{kind}: {}", text(m, i, "name")),
        });
    }
    let st = &layers.statements;
    for i in 0..st.len() {
        let speaker = text(st, i, "speaker");
        let (s, e) = (off(st, i, "start"), off(st, i, "end"));
        let spk = speaker_class(&speaker);
        let stance = text(st, i, "stance");
        marks.push(Mark {
            start: s,
            end: e,
            class: format!("st content {spk}"),
            title: format!(
                "statement {} by {}{}",
                text(st, i, "id"),
                if speaker.is_empty() { "?" } else { &speaker },
                if stance.is_empty() {
                    String::new()
                } else {
                    format!(" ({stance})")
                }
            ),
        });
        if let Some((cs, ce)) = find_cue(t, &bytes_at, &text(st, i, "cue"), s, e) {
            marks.push(Mark {
                start: cs,
                end: ce,
                class: format!("st cue {spk}"),
                title: format!("cue of statement {}", text(st, i, "id")),
            });
        }
    }
    let v = &layers.values;
    for i in 0..v.len() {
        let kind = text(v, i, "type");
        let class = if kind == "date" { "date" } else { "fig" };
        marks.push(Mark {
            start: off(v, i, "start"),
            end: off(v, i, "end"),
            class: class.into(),
            title: format!("{kind}: {}", text(v, i, "value")),
        });
    }
    let n = &layers.noise;
    for i in 0..n.len() {
        marks.push(Mark {
            start: off(n, i, "start"),
            end: off(n, i, "end"),
            class: "noise".into(),
            title: format!("noise: {}", text(n, i, "kind")),
        });
    }

    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"meta\">{} · published {} · <a href=\"/api/articles/{id}\">JSON</a></p>",
        cell(a.get(0, "source")),
        if published.is_empty() {
            "unknown".into()
        } else {
            escape(&published)
        }
    );
    let standfirst = text(a, 0, "standfirst");
    if !standfirst.is_empty() {
        let _ = write!(body, "<p class=\"standfirst\">{}</p>", escape(&standfirst));
    }
    // The layer switches are checkboxes before the text: CSS alone shows or hides each
    // layer, so toggling works without JavaScript.
    body.push_str("<div class=\"reader\">");
    let mut toggles = String::from("<fieldset class=\"layers\"><legend>Layers</legend>");
    let mut toggle = |id: &str, label: &str| {
        let _ = write!(
            body,
            "<input type=\"checkbox\" class=\"toggle\" id=\"show-{id}\" checked>"
        );
        let _ = write!(
            toggles,
            "<label for=\"show-{id}\" class=\"sw sw-{id}\">{label}</label>"
        );
    };
    for kind in ENTITY_TYPES {
        toggle(kind, kind);
    }
    toggle("statements", "Statements");
    toggle("figures", "Figures");
    toggle("dates", "Dates");
    toggle("noise", "Noise");
    toggles.push_str("</fieldset>");
    body.push_str(&toggles);
    let _ = write!(
        body,
        "<article class=\"text\" id=\"text\">{}</article>",
        highlight(t, &marks)
    );
    body.push_str("</div>");

    body.push_str("<h2>Consistency findings</h2>");
    if findings.is_empty() {
        body.push_str("<p class=\"empty\">No findings.</p>");
    } else {
        body.push_str("<ul class=\"findings\">");
        for (code, message, quote) in &findings {
            let _ = write!(
                body,
                "<li><code>{}</code> {} <q>{}</q></li>",
                escape(code),
                escape(message),
                escape(quote)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("<h2>Statements</h2>");
    body.push_str(&table(
        &view.statements,
        &[
            ("speaker", "Speaker"),
            ("cue", "Cue"),
            ("content", "Statement"),
            ("medium", "Medium"),
            ("date", "Date"),
            ("stance", "Stance"),
        ],
        |_, _| None,
    ));
    body.push_str("<h2>Entities</h2>");
    body.push_str(&table(
        &view.entities,
        &[
            ("name", "Entity"),
            ("type", "Type"),
            ("mentions", "Mentions"),
        ],
        |col, i| {
            (col == "name")
                .then(|| format!("/entity/{}", int(&view.entities, i, "id").unwrap_or(0)))
        },
    ));
    body.push_str("<h2>Figures and dates</h2>");
    body.push_str(&table(
        &view.figures,
        &[
            ("type", "Type"),
            ("text", "Text"),
            ("value", "Value"),
            ("unit", "Unit"),
        ],
        |_, _| None,
    ));
    body.push_str(&table(
        &view.dates,
        &[("text", "Date"), ("value", "Value"), ("anchor", "Anchor")],
        |_, _| None,
    ));
    let title = if headline.is_empty() {
        format!("Article {id}")
    } else {
        headline
    };
    Ok(html(page(&title, &body)))
}

/// `/entity/{id}`: statements by and about an entity, roles, variants, timeline.
pub(crate) async fn entity(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(v) = state.with(move |s| s.entity(id, 500)).await? else {
        return Err(AppError::NotFound(format!("There is no entity {id}.")));
    };
    let name = text(&v.entity, 0, "name");
    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"meta\">{} · {} mentions in {} documents · <a href=\"/api/entities/{id}\">JSON</a></p>",
        cell(v.entity.get(0, "type")),
        cell(v.entity.get(0, "mentions")),
        cell(v.entity.get(0, "documents"))
    );
    body.push_str("<h2>Written as</h2><ul class=\"aliases\">");
    for a in v.aliases.column_text("alias") {
        let _ = write!(body, "<li>{}</li>", escape(&a));
    }
    body.push_str("</ul><h2>Roles</h2>");
    body.push_str(&table(
        &v.roles,
        &[("role", "Role"), ("times", "Times")],
        |_, _| None,
    ));
    body.push_str("<h2>Timeline</h2>");
    let max = (0..v.timeline.len())
        .map(|i| int(&v.timeline, i, "by").unwrap_or(0) + int(&v.timeline, i, "about").unwrap_or(0))
        .max()
        .unwrap_or(0)
        .max(1);
    if v.timeline.is_empty() {
        body.push_str("<p class=\"empty\">No dated statements.</p>");
    } else {
        body.push_str("<table class=\"timeline\"><thead><tr><th>Month</th><th>By</th><th>About</th><th></th></tr></thead><tbody>");
        for i in 0..v.timeline.len() {
            let by = int(&v.timeline, i, "by").unwrap_or(0);
            let about = int(&v.timeline, i, "about").unwrap_or(0);
            // Bar widths are whole tenths so the classes come from a fixed set.
            let w = |n: i64| ((n * 10 + max - 1) / max).clamp(0, 10);
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{by}</td><td>{about}</td><td><span class=\"bar by w{}\"></span><span class=\"bar about w{}\"></span></td></tr>",
                cell(v.timeline.get(i, "month")),
                w(by),
                w(about)
            );
        }
        body.push_str("</tbody></table>");
    }
    let _ = write!(
        body,
        "<h2>Said by {} <small>({})</small></h2>",
        escape(&name),
        v.said.len()
    );
    body.push_str(&table(&v.said, &STATEMENT_COLUMNS, statement_link(&v.said)));
    let _ = write!(
        body,
        "<h2>Said about {} <small>({})</small></h2>",
        escape(&name),
        v.about.len()
    );
    body.push_str(&table(
        &v.about,
        &STATEMENT_COLUMNS,
        statement_link(&v.about),
    ));
    body.push_str("<h2>Articles</h2>");
    body.push_str(&table(
        &v.articles,
        &[
            ("headline", "Headline"),
            ("published", "Published"),
            ("mentions", "Mentions"),
        ],
        |col, i| {
            (col == "headline")
                .then(|| format!("/article/{}", int(&v.articles, i, "article").unwrap_or(0)))
        },
    ));
    Ok(html(page(&name, &body)))
}

/// `/graph`: the claim/denial graph and the actor network (drawn by the bundled script).
pub(crate) async fn graph() -> Response {
    let body = "<noscript><p class=\"error\">The graphs need JavaScript; their data is at \
        <a href=\"/api/graph/claims\">/api/graph/claims</a> and \
        <a href=\"/api/graph/actors\">/api/graph/actors</a>.</p></noscript>\
        <h2>Claims and denials</h2><p class=\"legend\">Statements as nodes; red edges deny, \
        green edges support.</p><div class=\"graph\" id=\"claims\" data-api=\"/api/graph/claims\"></div>\
        <p class=\"graph-status\" id=\"claims-status\"></p>\
        <h2>Actor network</h2><p class=\"legend\">Who speaks about whom: an edge from a speaker \
        to each entity their statements mention.</p>\
        <div class=\"graph\" id=\"actors\" data-api=\"/api/graph/actors\"></div>\
        <p class=\"graph-status\" id=\"actors-status\"></p>";
    html(html::page_with_script("Graphs", body, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn day_prefixes() {
        assert!(is_day_prefix("2024"));
        assert!(is_day_prefix("2024-03"));
        assert!(is_day_prefix("2024-03-09"));
        assert!(!is_day_prefix("2024-3-9"));
        assert!(!is_day_prefix("20240309"));
        assert!(!is_day_prefix("' OR 1"));
    }

    #[test]
    fn cue_is_found_outside_the_content_nearest_first() {
        let t = "\"We will build it,\" she said. He said no.";
        let b: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        // Content is `We will build it,` (code points 1..18).
        assert_eq!(find_cue(t, &b, "said", 1, 18), Some((24, 28)));
        assert_eq!(find_cue(t, &b, "whispered", 1, 18), None);
    }
}
