//! The server over a real store: escaping of hostile article text, read-only API,
//! request limits and path handling.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use readout_server::{router, AppState};
use readout_store::{NewDocument, Store};
use tower::ServiceExt;

const HOSTILE: &str = "Comment <script>alert(1)</script> removed\n\n\
    A reader wrote \"><img src=x onerror=alert(1)> below a story about Northport, \
    editor James Whitfield said on Tuesday.\n";

fn app() -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (doc, _) = readout_core::analyze(HOSTILE, &Default::default());
    let mut batch = store.begin().unwrap();
    batch
        .add(&NewDocument::new("<b>evil</b>.txt", "hash-hostile", doc))
        .unwrap();
    batch.commit().unwrap();
    (router(AppState::new(store)), dir)
}

async fn get(app: &axum::Router, method: Method, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The HTML without `<span …>` and `</span>` tags.
fn strip_spans(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<span").or_else(|| rest.find("</span>")) {
        let j = rest.find("</span>").map_or(i, |j| j.min(i));
        out.push_str(&rest[..j]);
        match rest[j..].find('>') {
            Some(k) => rest = &rest[j + k + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn hostile_article_text_is_escaped_everywhere() {
    let (app, _dir) = app();
    for uri in [
        "/",
        "/article/1",
        "/search?q=comment",
        "/search?q=img",
        "/statements",
    ] {
        let (status, html) = get(&app, Method::GET, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!html.contains("<script"), "{uri}: raw script tag");
        assert!(!html.contains("<img"), "{uri}: raw img tag");
        assert!(!html.contains("\"><img"), "{uri}: attribute break-out");
    }
    let (_, html) = get(&app, Method::GET, "/article/1").await;
    // Layer highlights may cut the text into spans; the escaped text reads the same
    // once they are removed.
    let html = strip_spans(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;evil&lt;/b&gt;.txt"));
}

#[tokio::test]
async fn reflected_parameters_are_escaped() {
    let (app, _dir) = app();
    let (status, html) = get(
        &app,
        Method::GET,
        "/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&speaker=%27%3E%3Cimg%20src=x%3E",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;"));
}

#[tokio::test]
async fn only_reads_are_accepted() {
    let (app, _dir) = app();
    for m in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        for uri in ["/", "/api/overview", "/api/statements"] {
            let (status, _) = get(&app, m.clone(), uri).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{m} {uri}");
        }
    }
    let res = app
        .clone()
        .oneshot(
            Request::builder()
                .uri("/api/overview")
                .header("content-length", "5")
                .body(Body::from("hello"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let long = format!("/search?q={}", "a".repeat(readout_server::MAX_URI_BYTES));
    assert_eq!(
        get(&app, Method::GET, &long).await.0,
        StatusCode::URI_TOO_LONG
    );
}

#[tokio::test]
async fn no_path_reaches_the_file_system() {
    let (app, _dir) = app();
    for uri in [
        "/static/../Cargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/article/..%2f1",
        "/etc/passwd",
    ] {
        let (status, body) = get(&app, Method::GET, uri).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{uri}: {status}"
        );
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{uri}"
        );
    }
    assert_eq!(
        get(&app, Method::GET, "/article/999").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn api_answers_json_and_documents_itself() {
    let (app, _dir) = app();
    let (status, body) = get(&app, Method::GET, "/api/articles/1").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v["text"].as_str().unwrap(),
        HOSTILE.trim_end_matches('\n').trim_end()
    );
    let (_, spec) = get(&app, Method::GET, "/api/openapi.json").await;
    let spec: serde_json::Value = serde_json::from_str(&spec).unwrap();
    for path in [
        "/api/overview",
        "/api/search",
        "/api/articles/{id}",
        "/api/graph/claims",
    ] {
        assert!(spec["paths"][path]["get"].is_object(), "{path} documented");
    }
    let (status, body) = get(&app, Method::GET, "/api/statements?stance=maybe").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("\"error\""));
    let (_, js) = get(&app, Method::GET, "/static/graph.js").await;
    assert!(
        js.contains("cytoscape") || js.len() > 100_000,
        "the bundle is embedded"
    );
}
