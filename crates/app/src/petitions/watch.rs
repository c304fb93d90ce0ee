//! The deadline watch over open petitions: warns before a breach (inside the rule set's
//! warning lead), flags a breach, and flags a petition left pending past the escalation period
//! (45 days by default: an official who leaves one that long is disciplined, NĐ 154/2026 Đ41).
//! Run once per slot across all servers, like the dossier watch.

use chrono::{DateTime, Utc};
use motcua_domain::petition::deadlines::DeadlineState;
use motcua_store::petitions;

use super::cases;
use crate::{Context, Result};

/// The flag codes the watch writes, in order of gravity.
pub const OVERDUE: &str = "overdue";
pub const LONG_PENDING: &str = "long_pending";
pub const DUE_SOON: &str = "due_soon";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WatchReport {
    pub checked: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub long_pending: u64,
    pub changed: u64,
}

/// Checks every open petition at `now`.
pub async fn run(ctx: &Context, now: DateTime<Utc>) -> Result<WatchReport> {
    let mut report = WatchReport::default();
    let mut after = None;
    loop {
        let page = petitions::open_page(ctx.db(), after, 500).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for p in &page {
            report.checked += 1;
            let flag = flag_for(ctx, p, now).await?;
            match flag {
                Some(OVERDUE) => report.overdue += 1,
                Some(LONG_PENDING) => report.long_pending += 1,
                Some(DUE_SOON) => report.due_soon += 1,
                _ => {}
            }
            if p.watch_flag.as_deref() != flag {
                petitions::set_watch(ctx.db(), p.id, flag).await?;
                report.changed += 1;
            }
        }
    }
    Ok(report)
}

async fn flag_for(
    ctx: &Context,
    p: &petitions::PetitionRecord,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>> {
    let deadline = cases::deadline_state(ctx, p, now).await?;
    if deadline == Some(DeadlineState::Overdue) {
        return Ok(Some(OVERDUE));
    }
    if cases::long_pending(ctx, p, now).await? {
        return Ok(Some(LONG_PENDING));
    }
    Ok((deadline == Some(DeadlineState::DueSoon)).then_some(DUE_SOON))
}
