//! Scheduled jobs. Every server runs the scheduler; for each job and time slot the database
//! decides which single server runs it (see the store's job-run claims), so a job runs once
//! per slot however many servers share the database.

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::startup::AppState;

/// Starts the scheduler unless jobs are disabled. It stops when `stop` turns true.
pub fn spawn(state: AppState, mut stop: watch::Receiver<bool>) -> Option<JoinHandle<()>> {
    let cfg = state.config().jobs;
    if !cfg.enabled {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(cfg.tick);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => run_due_jobs(&state).await,
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        break;
                    }
                }
            }
        }
    }))
}

async fn run_due_jobs(state: &AppState) {
    let _ = state;
    // TODO(store): claim (job, slot) through the store's job_run table, then purge expired
    // sessions.
}
