//! The server's photo worker: renders the photos filings left pending (see
//! `motcua_app::reports::photos`). It runs a round as soon as a filing rings, every
//! [`SWEEP`] in case another server filed or a round failed, and once at start for what a
//! stopped server left behind.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// How often the worker looks without being rung.
const SWEEP: Duration = Duration::from_secs(30);
/// Pictures listed per database read.
const BATCH: i64 = 16;

/// Starts the worker; it stops when `stop` turns true, after the picture in hand.
pub fn spawn(state: AppState, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            drain(&state, &stop).await;
            tokio::select! {
                () = state.app().photos_waiting().notified() => {}
                () = tokio::time::sleep(SWEEP) => {}
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        break;
                    }
                }
            }
        }
    })
}

async fn drain(state: &AppState, stop: &watch::Receiver<bool>) {
    while !*stop.borrow() {
        match motcua_app::reports::photos::queue::render_pending(state.app(), BATCH).await {
            Ok(r) if r.rendered + r.unreadable == 0 => return,
            Ok(r) => tracing::debug!(
                rendered = r.rendered,
                unreadable = r.unreadable,
                "report photos"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "rendering report photos failed");
                return;
            }
        }
    }
}
