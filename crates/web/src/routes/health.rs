//! Probes for load balancers and orchestrators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db().ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            unavailable("database unreachable")
        }
    }
}

/// 200 once migrations are applied and the server accepts work; 503 while starting or
/// draining for shutdown, so a load balancer stops sending new requests.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if !state.is_ready() {
        return unavailable("not ready");
    }
    match state.db().ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check: database unreachable");
            unavailable("database unreachable")
        }
    }
}

/// Probes answer in plain text, not through the error pages.
fn unavailable(why: &'static str) -> Response {
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, why).into_response();
    res.extensions_mut().insert(crate::error::Rendered);
    res
}
