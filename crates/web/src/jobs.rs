//! Scheduled jobs. Every server runs the scheduler; for each job and time slot the database
//! decides which single server runs it (`leases::record_job_run`), so a job runs once per slot
//! however many servers share the database.

use chrono::{DateTime, Utc};
use motcua_store::leases;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// Name of the housekeeping job that deletes sessions that can no longer be used.
pub const PURGE_SESSIONS: &str = "purge-expired-sessions";
/// Name of the late watch over open dossiers.
pub const WATCH_DOSSIERS: &str = "watch-late-dossiers";

/// Name of the deadline watch over open petitions.
pub const WATCH_PETITIONS: &str = "watch-petition-deadlines";

/// Name of the job that mails each unit's head last month's statistics.
pub const MONTHLY_SUMMARY: &str = "monthly-stats-summary";

/// Name of the job that signs a checkpoint of the audit log's heads.
pub const AUDIT_CHECKPOINT: &str = "sign-audit-checkpoint";

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

/// The slot a moment falls in: slots are `slot`-long windows counted from the Unix epoch, so
/// every server computes the same name.
#[must_use]
pub fn slot_of(at: DateTime<Utc>, slot: std::time::Duration) -> String {
    let len = i64::try_from(slot.as_secs().max(1)).unwrap_or(i64::MAX);
    let start = at.timestamp().div_euclid(len) * len;
    DateTime::from_timestamp(start, 0).map_or_else(|| start.to_string(), |d| d.to_rfc3339())
}

async fn run_due_jobs(state: &AppState) {
    let now = motcua_store::now();
    let slot = slot_of(now, state.config().jobs.slot);
    // First: the sooner the heads are signed after a start, the shorter the unanchored tail.
    audit_checkpoint(state, now, &slot).await;
    match leases::record_job_run(state.db(), PURGE_SESSIONS, &slot, state.server_id(), now).await {
        Ok(true) => purge_sessions(state, now).await,
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, job = PURGE_SESSIONS, "could not claim job run"),
    }
    match leases::record_job_run(state.db(), WATCH_DOSSIERS, &slot, state.server_id(), now).await {
        Ok(true) => match motcua_app::dossiers::watch::run(
            state.app(),
            now,
            state.config().watch.at_risk_working_hours,
        )
        .await
        {
            Ok(r) => tracing::info!(
                job = WATCH_DOSSIERS,
                checked = r.checked,
                at_risk = r.at_risk,
                late = r.late,
                changed = r.changed,
                "late watch done"
            ),
            Err(e) => tracing::warn!(error = %e, job = WATCH_DOSSIERS, "late watch failed"),
        },
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, job = WATCH_DOSSIERS, "could not claim job run"),
    }
    // Once a day: it sends only what is not yet in the outbox, so a missed day is caught up.
    let day = motcua_domain::vn_date(now).to_string();
    match leases::record_job_run(state.db(), MONTHLY_SUMMARY, &day, state.server_id(), now).await {
        Ok(true) => match crate::stats::summary::send_due(state, now).await {
            Ok(n) => tracing::info!(job = MONTHLY_SUMMARY, units = n, "monthly summaries queued"),
            Err(e) => tracing::warn!(error = %e, job = MONTHLY_SUMMARY, "monthly summary failed"),
        },
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, job = MONTHLY_SUMMARY, "could not claim job run"),
    }
    match leases::record_job_run(state.db(), WATCH_PETITIONS, &slot, state.server_id(), now).await {
        Ok(true) => match motcua_app::petitions::watch::run(state.app(), now).await {
            Ok(r) => tracing::info!(
                job = WATCH_PETITIONS,
                checked = r.checked,
                due_soon = r.due_soon,
                overdue = r.overdue,
                long_pending = r.long_pending,
                changed = r.changed,
                "petition watch done"
            ),
            Err(e) => tracing::warn!(error = %e, job = WATCH_PETITIONS, "petition watch failed"),
        },
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, job = WATCH_PETITIONS, "could not claim job run"),
    }
}

/// One server per slot signs the heads and writes the file: the lease keeps two servers from
/// writing the same slot, and the slot bounds how long a forged tail can go unanchored.
async fn audit_checkpoint(state: &AppState, now: DateTime<Utc>, slot: &str) {
    let Some(cfg) = state.config().audit_checkpoints.clone() else {
        return;
    };
    match leases::record_job_run(state.db(), AUDIT_CHECKPOINT, slot, state.server_id(), now).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, job = AUDIT_CHECKPOINT, "could not claim job run");
            return;
        }
    }
    let written = async {
        let cp = crate::audit::checkpoints::sign_now(state.db(), &cfg.signer).await?;
        let path = crate::audit::checkpoints::write(&cfg.dir, &cp)?;
        anyhow::Ok((path, cp.checkpoint.lanes.len()))
    }
    .await;
    match written {
        Ok((path, lanes)) => tracing::info!(
            job = AUDIT_CHECKPOINT,
            path = %path.display(),
            lanes,
            "audit checkpoint signed"
        ),
        Err(e) => tracing::error!(error = %e, job = AUDIT_CHECKPOINT, "audit checkpoint failed"),
    }
}

async fn purge_sessions(state: &AppState, now: DateTime<Utc>) {
    let idle = chrono::Duration::from_std(state.config().session_idle_timeout)
        .unwrap_or(chrono::Duration::hours(2));
    match motcua_store::sessions::delete_expired(state.db(), now, idle).await {
        Ok(n) => tracing::info!(job = PURGE_SESSIONS, deleted = n, "purged expired sessions"),
        Err(e) => tracing::warn!(error = %e, job = PURGE_SESSIONS, "purging sessions failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_in_one_window_share_a_slot() {
        let slot = std::time::Duration::from_secs(900);
        let a = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let b = DateTime::from_timestamp(1_800_000_000 + 100, 0).unwrap();
        let c = DateTime::from_timestamp(1_800_000_000 + 900, 0).unwrap();
        assert_eq!(slot_of(a, slot), slot_of(b, slot));
        assert_ne!(slot_of(a, slot), slot_of(c, slot));
    }
}
