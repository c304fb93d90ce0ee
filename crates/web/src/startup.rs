//! Building and running the server: connect and migrate, bind, serve, shut down gracefully.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use motcua_store::Db;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The form renderer, with the administrator's form sets (`DATA/forms/form-sets.toml`) if any.
fn form_renderer(config: &Config) -> anyhow::Result<motcua_forms::FormRenderer> {
    let file = config.data_dir.join("forms").join("form-sets.toml");
    if file.is_file() {
        let sets = motcua_forms::FormSets::from_file(&file)
            .with_context(|| format!("form sets {}", file.display()))?;
        Ok(motcua_forms::FormRenderer::new(sets)
            .with_petition_sets(motcua_forms::FormSets::shipped_petition()))
    } else {
        Ok(motcua_forms::FormRenderer::shipped()
            .with_petition_sets(motcua_forms::FormSets::shipped_petition()))
    }
}

/// A bound, migrated server that has not started serving yet.
#[derive(Debug)]
pub struct App {
    /// The address actually bound (useful with port 0).
    pub local_addr: SocketAddr,
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl App {
    /// Connects to the database, applies migrations, binds the listener and builds the routes.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let url = config.effective_database_url();
        if url.starts_with("sqlite:") {
            std::fs::create_dir_all(&config.data_dir).with_context(|| {
                format!(
                    "could not create the data folder {}",
                    config.data_dir.display()
                )
            })?;
        }
        tokio::task::spawn_blocking(crate::auth::password::warm_up);
        let db = Db::connect_and_migrate(&url)
            .await
            .context("could not open and migrate the database")?;
        Self::build_with_db(config, db).await
    }

    /// Like [`App::build`], on a database that is already open and migrated.
    pub async fn build_with_db(mut config: Config, db: Db) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("could not listen on {}", config.listen))?;
        let local_addr = listener.local_addr()?;
        if config.public_url.is_none() && local_addr.ip().is_unspecified() {
            tracing::warn!(
                %local_addr,
                "no public URL is configured (--public-url): printed forms will link to http://{local_addr}"
            );
        }
        config.public_url = Some(config.public_base(local_addr));
        let forms = Arc::new(form_renderer(&config)?);
        let server_id = format!("{}-{}", local_addr, uuid::Uuid::now_v7());
        let state = AppState::new(config, db, server_id, forms);
        let router = router(state.clone());
        Ok(Self {
            local_addr,
            listener,
            router,
            state,
        })
    }

    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    #[must_use]
    pub fn db(&self) -> &Db {
        self.state.db()
    }

    /// The use cases' context the server runs with, for work done beside it (the demo loader).
    #[must_use]
    pub fn context(&self) -> &motcua_app::Context {
        self.state.app()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let signal = shutdown_signal()?;
        self.run_until(signal).await
    }

    /// Serves until `shutdown` completes, then stops accepting connections, lets requests in
    /// flight finish (up to `shutdown_grace`) and stops background jobs.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            local_addr,
            listener,
            router,
            state,
        } = self;
        let (stop_tx, stop_rx) = watch::channel(false);
        let jobs = crate::jobs::spawn(state.clone(), stop_rx.clone());
        let photos = crate::reports::photo_worker::spawn(state.clone(), stop_rx.clone());
        state.set_ready(true);
        tracing::info!(%local_addr, "motcua is listening");

        let mut graceful_rx = stop_rx.clone();
        let server = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = graceful_rx.wait_for(|stop| *stop).await;
        });
        let mut server = std::pin::pin!(server.into_future());

        tokio::select! {
            res = &mut server => {
                res.context("server failed")?;
            }
            () = shutdown => {
                tracing::info!("shutting down: finishing requests in flight");
                state.set_ready(false);
                let _ = stop_tx.send(true);
                let grace = state.config().shutdown_grace;
                match tokio::time::timeout(grace, &mut server).await {
                    Ok(res) => res.context("server failed while shutting down")?,
                    Err(_) => tracing::warn!(?grace, "requests still running after the grace period"),
                }
            }
        }
        let _ = stop_tx.send(true);
        if let Some(jobs) = jobs {
            let _ = tokio::time::timeout(Duration::from_secs(5), jobs).await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), photos).await;
        state.db().close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on SIGTERM or Ctrl-C. The handlers are installed when this is called, not when
/// the future is first polled, so a signal that arrives right after start-up is not lost.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).context("could not listen for SIGTERM")?;
        let mut int = signal(SignalKind::interrupt()).context("could not listen for SIGINT")?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// Oversized bodies up to this size are read and discarded before the 413 is sent.
const DRAIN_AT_MOST: u64 = 128 * 1024 * 1024;

/// Refuses bodies over the limit for their content type (uploads get more room than the rest):
/// early by `Content-Length`, and while reading for bodies that do not announce their length.
async fn limit_body(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let limit = state.config().body_limit_for(content_type);
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = announced.filter(|n| *n > limit as u64) {
        // Read the body away before answering, up to a bound: a client still sending when
        // the answer comes may see the connection reset instead of the clear 413.
        if n <= DRAIN_AT_MOST {
            use http_body_util::BodyExt as _;
            let mut body = req.into_body();
            while let Some(Ok(_)) = body.frame().await {}
        }
        return crate::error::AppError::PayloadTooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

fn router(state: AppState) -> Router {
    let upload_limit = state
        .config()
        .body_limit_bytes
        .max(state.config().upload_limit_bytes);
    let pages = crate::routes::router();
    let api = crate::api::router();
    let app = Router::new()
        .merge(pages)
        .merge(api)
        .fallback(crate::routes::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::csrf::verify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::identify,
        ))
        // Extractors may read up to the upload limit; `limit_body` has already held every
        // other request to the general limit.
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_body,
        ))
        .layer(axum::middleware::from_fn(crate::error::render_errors))
        .layer(axum::middleware::from_fn(crate::routes::lang::negotiate));
    with_security_headers(app)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .extensions()
                    .get::<RequestId>()
                    .and_then(|id| id.header_value().to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

fn with_security_headers<S: Clone + Send + Sync + 'static>(r: Router<S>) -> Router<S> {
    let set =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    r.layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ))
}
