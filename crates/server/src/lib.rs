//! readout-server: the local web app and JSON API over a store (`readout serve`).
//!
//! Every page is rendered on the server as plain HTML (reading works without
//! JavaScript); only the two graphs need the bundled script (cytoscape, built with
//! esbuild from `web/` and embedded with `include_bytes!`, so nothing is fetched from a
//! CDN). The app is read-only: only `GET` and `HEAD` are accepted, requests may not carry
//! a body, and nothing is ever read from the file system after start-up except the store.
#![deny(missing_docs)]

mod api;
pub mod html;
mod pages;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use readout_store::Store;

/// The address `readout serve` binds to unless told otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// The longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 4096;

/// The cytoscape bundle that draws the graphs (built by `npm run build` in `web/`).
const GRAPH_JS: &[u8] = include_bytes!("../web/dist/graph.js");
/// The style sheet of every page.
const STYLE_CSS: &str = include_str!("../static/style.css");
/// The OpenAPI document of the JSON API.
const OPENAPI: &str = include_str!("../static/openapi.json");

/// An overview and the store's data version when it was computed.
type CachedOverview = (i64, Arc<readout_store::Overview>);

/// The shared state of the handlers: the open store.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    /// The last overview with the store's data version when it was computed: the
    /// overview scans whole tables, so it is reused until an ingest commits.
    overview: Arc<Mutex<Option<CachedOverview>>>,
}

impl AppState {
    /// Opens the existing store in folder `dir`.
    pub fn open(dir: &Path) -> readout_store::Result<AppState> {
        Ok(AppState::new(Store::open_existing(dir)?))
    }

    /// Wraps an open store.
    #[must_use]
    pub fn new(store: Store) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            overview: Arc::new(Mutex::new(None)),
        }
    }

    /// The overview, from the cache while the store is unchanged.
    pub(crate) async fn overview(&self) -> Result<Arc<readout_store::Overview>, AppError> {
        let cache = Arc::clone(&self.overview);
        self.with(move |s| {
            let version = s.data_version()?;
            if let Ok(c) = cache.lock() {
                if let Some((v, ov)) = c.as_ref() {
                    if *v == version {
                        return Ok(Arc::clone(ov));
                    }
                }
            }
            let ov = Arc::new(s.overview(15)?);
            if let Ok(mut c) = cache.lock() {
                *c = Some((version, Arc::clone(&ov)));
            }
            Ok(ov)
        })
        .await
    }

    /// Runs `f` with the store on a blocking thread (queries are synchronous).
    pub(crate) async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> readout_store::Result<T> + Send + 'static,
    ) -> Result<T, AppError> {
        let store = Arc::clone(&self.store);
        let joined = tokio::task::spawn_blocking(move || {
            let guard = store
                .lock()
                .map_err(|_| AppError::Internal("store lock poisoned".into()))?;
            f(&guard).map_err(|e| AppError::Internal(e.to_string()))
        })
        .await;
        match joined {
            Ok(r) => r,
            Err(e) => Err(AppError::Internal(format!("query task failed: {e}"))),
        }
    }
}

/// Why a request failed.
#[derive(Debug)]
pub(crate) enum AppError {
    /// Nothing with this id.
    NotFound(String),
    /// A parameter is malformed.
    BadRequest(String),
    /// The store failed.
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> &str {
        match self {
            AppError::NotFound(m) | AppError::BadRequest(m) | AppError::Internal(m) => m,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = html::page(
            status.canonical_reason().unwrap_or("Error"),
            &format!("<p class=\"error\">{}</p>", html::escape(self.message())),
        );
        (status, html_headers(), body).into_response()
    }
}

/// An error of the JSON API, answered as `{"error": "..."}`.
pub(crate) struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.0.message() }).to_string();
        (
            self.0.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

pub(crate) fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// The router of the whole app over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/search", get(pages::search))
        .route("/article/{id}", get(pages::article))
        .route("/entity/{id}", get(pages::entity))
        .route("/statements", get(pages::statements))
        .route("/statements.csv", get(pages::statements_csv))
        .route("/graph", get(pages::graph))
        .route("/static/style.css", get(style))
        .route("/static/graph.js", get(graph_js))
        .route("/api/openapi.json", get(openapi))
        .route("/api/overview", get(api::overview))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/statements", get(api::statements))
        .route("/api/graph/claims", get(api::claims))
        .route("/api/graph/actors", get(api::actors))
        .fallback(not_found)
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Rejects what a read-only app never needs (other methods, bodies, huge targets) and
/// adds security headers to every answer.
async fn guard(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "read-only: only GET and HEAD are accepted\n",
        )
            .into_response();
    }
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return (StatusCode::URI_TOO_LONG, "request target too long\n").into_response();
    }
    let has_body = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() != "0")
        || req.headers().contains_key(header::TRANSFER_ENCODING);
    if has_body {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "requests may not carry a body\n",
        )
            .into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

async fn not_found() -> AppError {
    AppError::NotFound("There is no such page.".into())
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE_CSS,
    )
}

async fn graph_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        Body::from(GRAPH_JS),
    )
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// Serves the app over the store in `store_dir` at `addr` until Ctrl-C.
pub async fn serve(addr: SocketAddr, store_dir: PathBuf) -> std::io::Result<()> {
    let state = AppState::open(&store_dir).map_err(std::io::Error::other)?;
    // Compute the overview once before listening, so the first page is served from the
    // cache (on a 100k-article store the overview queries take about 0.2 s).
    if let Err(e) = state.overview().await {
        eprintln!("readout: warning: overview: {}", e.message());
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    eprintln!(
        "readout: serving {} at http://{local}/",
        store_dir.display()
    );
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Serves the app over the store in `store_dir` at `addr` until Ctrl-C, on a runtime of
/// its own (for callers without one, such as the CLI).
pub fn serve_blocking(addr: SocketAddr, store_dir: PathBuf) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(serve(addr, store_dir))
}
