//! The JSON API behind the pages (described by `static/openapi.json`).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readout_store::{Rows, Value};
use serde::Deserialize;
use serde_json::{json, Map, Value as Json_};

use crate::pages::Filters;
use crate::{ApiError, AppError, AppState};

/// Rows as a JSON array of objects keyed by column name.
pub(crate) fn rows_json(rows: &Rows) -> Json_ {
    Json_::Array(
        rows.rows
            .iter()
            .map(|r| {
                let mut o = Map::new();
                for (c, v) in rows.columns.iter().zip(r) {
                    o.insert(
                        c.clone(),
                        match v {
                            Value::Null => Json_::Null,
                            Value::Int(i) => json!(i),
                            Value::Real(f) => json!(f),
                            Value::Text(t) => json!(t),
                        },
                    );
                }
                Json_::Object(o)
            })
            .collect(),
    )
}

type ApiResult = Result<Response, ApiError>;

/// `GET /api/overview`.
pub(crate) async fn overview(State(state): State<AppState>) -> ApiResult {
    let ov = state.overview().await?;
    Ok(Json(json!({
        "counts": rows_json(&ov.counts),
        "date_range": rows_json(&ov.date_range).get(0).cloned().unwrap_or(Json_::Null),
        "sources": rows_json(&ov.sources),
        "speakers": rows_json(&ov.speakers),
        "entities": rows_json(&ov.entities),
    }))
    .into_response())
}

/// `GET /api/search`.
pub(crate) async fn search(State(state): State<AppState>, Query(f): Query<Filters>) -> ApiResult {
    f.validate()?;
    let (af, sf) = (f.articles(50, 500), f.statements(50, 500));
    let (a, s) = state
        .with(move |s| Ok((s.find_articles(&af)?, s.statements(&sf)?)))
        .await?;
    Ok(Json(json!({ "articles": rows_json(&a), "statements": rows_json(&s) })).into_response())
}

/// `GET /api/statements`.
pub(crate) async fn statements(
    State(state): State<AppState>,
    Query(f): Query<Filters>,
) -> ApiResult {
    f.validate()?;
    let sf = f.statements(200, 5000);
    let rows = state.with(move |s| s.statements(&sf)).await?;
    Ok(Json(rows_json(&rows)).into_response())
}

/// `GET /api/articles/{id}`.
pub(crate) async fn article(State(state): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    let (view, layers) = state
        .with(move |s| Ok((s.article(id)?, s.article_layers(id)?)))
        .await?;
    let Some(v) = view else {
        return Err(AppError::NotFound(format!("no article {id}")).into());
    };
    Ok(Json(json!({
        "article": rows_json(&v.article).get(0).cloned().unwrap_or(Json_::Null),
        "text": v.text,
        "entities": rows_json(&v.entities),
        "statements": rows_json(&v.statements),
        "figures": rows_json(&v.figures),
        "dates": rows_json(&v.dates),
        "layers": {
            "mentions": rows_json(&layers.mentions),
            "noise": rows_json(&layers.noise),
            "statements": rows_json(&layers.statements),
            "values": rows_json(&layers.values),
        }
    }))
    .into_response())
}

/// Parameters of `GET /api/entities`.
#[derive(Debug, Deserialize)]
pub(crate) struct EntityQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/entities`.
pub(crate) async fn entities(
    State(state): State<AppState>,
    Query(q): Query<EntityQuery>,
) -> ApiResult {
    let limit = q.limit.unwrap_or(100).clamp(1, 5000);
    let rows = state
        .with(move |s| s.entities(q.kind.as_deref(), q.name.as_deref(), limit))
        .await?;
    Ok(Json(rows_json(&rows)).into_response())
}

/// `GET /api/entities/{id}`.
pub(crate) async fn entity(State(state): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    let Some(v) = state.with(move |s| s.entity(id, 500)).await? else {
        return Err(AppError::NotFound(format!("no entity {id}")).into());
    };
    Ok(Json(json!({
        "entity": rows_json(&v.entity).get(0).cloned().unwrap_or(Json_::Null),
        "aliases": v.aliases.column_text("alias"),
        "roles": rows_json(&v.roles),
        "said": rows_json(&v.said),
        "about": rows_json(&v.about),
        "timeline": rows_json(&v.timeline),
        "articles": rows_json(&v.articles),
    }))
    .into_response())
}

/// Parameters of the graph endpoints.
#[derive(Debug, Deserialize)]
pub(crate) struct GraphQuery {
    limit: Option<usize>,
}

/// `GET /api/graph/claims`.
pub(crate) async fn claims(
    State(state): State<AppState>,
    Query(q): Query<GraphQuery>,
) -> ApiResult {
    let limit = q.limit.unwrap_or(300).clamp(1, 2000);
    let (nodes, edges) = state.with(move |s| s.claim_graph(limit)).await?;
    Ok(Json(json!({ "nodes": rows_json(&nodes), "edges": rows_json(&edges) })).into_response())
}

/// `GET /api/graph/actors`.
pub(crate) async fn actors(
    State(state): State<AppState>,
    Query(q): Query<GraphQuery>,
) -> ApiResult {
    let limit = q.limit.unwrap_or(150).clamp(1, 2000);
    let (nodes, edges) = state.with(move |s| s.actor_network(limit)).await?;
    Ok(Json(json!({ "nodes": rows_json(&nodes), "edges": rows_json(&edges) })).into_response())
}
