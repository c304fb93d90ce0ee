//! The late watch: flags open dossiers that are late, or at risk (a step over its budget, or
//! the due date within a configurable number of working hours), and records the cause: the
//! step and the officer that held the dossier. Run as a scheduled job once per slot across all
//! servers (the web's `jobs`), and on demand by tests and the CLI.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::lifecycle::Timeliness;
use motcua_domain::dossier::timing;
use motcua_domain::ids::{ProcedureVersionId, UnitId};
use motcua_domain::procedure::ProcedureVersion;
use motcua_domain::vn_local;
use motcua_store::dossiers::{self, DossierRecord, WatchFlag, WatchKind};
use motcua_store::{procedures, units};

use crate::{Context, Error, Result};

/// What one run found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WatchReport {
    pub checked: u64,
    pub at_risk: u64,
    pub late: u64,
    /// Flags written or cleared this run (unchanged flags are not rewritten).
    pub changed: u64,
}

/// Per-run caches: many dossiers share a procedure version and a unit.
#[derive(Default)]
struct Lookups {
    versions: HashMap<ProcedureVersionId, Arc<ProcedureVersion>>,
    calendars: HashMap<UnitId, Arc<WorkingCalendar>>,
}

impl Lookups {
    async fn version(
        &mut self,
        ctx: &Context,
        id: ProcedureVersionId,
    ) -> Result<Arc<ProcedureVersion>> {
        if let Some(v) = self.versions.get(&id) {
            return Ok(Arc::clone(v));
        }
        let v = Arc::new(procedures::get_version(ctx.db(), id).await?);
        self.versions.insert(id, Arc::clone(&v));
        Ok(v)
    }

    async fn calendar(&mut self, ctx: &Context, unit: UnitId) -> Result<Arc<WorkingCalendar>> {
        if let Some(c) = self.calendars.get(&unit) {
            return Ok(Arc::clone(c));
        }
        let u = units::get(ctx.db(), unit).await?;
        let c = ctx
            .clocks()
            .calendar(u.code.as_str())
            .map_err(Error::internal)?;
        self.calendars.insert(unit, Arc::clone(&c));
        Ok(c)
    }
}

/// Checks every open dossier at `now`; a dossier due within `at_risk_working_hours` is at risk.
pub async fn run(
    ctx: &Context,
    now: DateTime<Utc>,
    at_risk_working_hours: u32,
) -> Result<WatchReport> {
    let mut report = WatchReport::default();
    let mut look = Lookups::default();
    let mut after = None;
    let at_risk_minutes = u64::from(at_risk_working_hours) * 60;
    loop {
        let page = dossiers::open_page(ctx.db(), after, 500).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for d in &page {
            report.checked += 1;
            let flag = assess(ctx, &mut look, d, now, at_risk_minutes).await?;
            match flag.as_ref().map(|f| f.kind) {
                Some(WatchKind::Late) => report.late += 1,
                Some(WatchKind::AtRisk) => report.at_risk += 1,
                None => {}
            }
            if !same_flag(d.watch.as_ref(), flag.as_ref()) {
                dossiers::set_watch(ctx.db(), d.id, flag.as_ref()).await?;
                report.changed += 1;
            }
        }
    }
    Ok(report)
}

/// Equal apart from when it was noticed: an unchanged flag keeps its first time.
fn same_flag(a: Option<&WatchFlag>, b: Option<&WatchFlag>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.kind == b.kind
                && a.reason == b.reason
                && a.step_index == b.step_index
                && a.user == b.user
        }
        _ => false,
    }
}

async fn assess(
    ctx: &Context,
    look: &mut Lookups,
    d: &DossierRecord,
    now: DateTime<Utc>,
    at_risk_minutes: u64,
) -> Result<Option<WatchFlag>> {
    // While the applicant holds the dossier for a supplement, no clock runs.
    let Some(due) = d.due_at else {
        return Ok(None);
    };
    let version = look.version(ctx, d.procedure_version).await?;
    let step_name = |i: Option<u16>| {
        i.and_then(|i| version.draft.steps.get(usize::from(i)))
            .map_or_else(|| "trả kết quả".to_owned(), |s| s.name.clone())
    };
    // The reason is stored with the dossier (`watch_reason`) and shown as it was written:
    // record content, in Vietnamese like the other records of the dossier.
    let flag = |kind, reason: String, step_index, user| WatchFlag {
        kind,
        reason,
        step_index,
        user,
        at: now,
    };
    if due < now {
        // The cause: the first step handed over late, else the step holding it now.
        let events = dossiers::events(ctx.db(), d.id).await?;
        let culprit = events
            .iter()
            .find(|e| e.timeliness == Some(Timeliness::Late))
            .map(|e| (e.step_index, e.actor));
        let (step, user) = culprit.unwrap_or((d.step_index, d.step_user));
        let reason = format!(
            "Quá hạn trả kết quả ({}); chậm ở bước «{}».",
            vn_local(due).format("%H:%M %d/%m/%Y"),
            step_name(step)
        );
        return Ok(Some(flag(WatchKind::Late, reason, step, user)));
    }
    if let Some(step_due) = d.step_due_at.filter(|s| *s < now) {
        let reason = format!(
            "Bước «{}» đã quá thời gian cho phép ({}).",
            step_name(d.step_index),
            vn_local(step_due).format("%H:%M %d/%m/%Y")
        );
        return Ok(Some(flag(
            WatchKind::AtRisk,
            reason,
            d.step_index,
            d.step_user,
        )));
    }
    let cal = look.calendar(ctx, d.handling_unit).await?;
    let left = timing::working_minutes_left(&cal, now, due).map_err(Error::internal)?;
    if left <= at_risk_minutes {
        // The due moment, not a countdown: the reason must stay the same from run to run, or
        // the flag would be rewritten (and its time reset) every time the minutes tick.
        let reason = format!(
            "Sắp đến hạn trả kết quả ({}): còn không quá {} giờ làm việc.",
            vn_local(due).format("%H:%M %d/%m/%Y"),
            at_risk_minutes / 60
        );
        return Ok(Some(flag(
            WatchKind::AtRisk,
            reason,
            d.step_index,
            d.step_user,
        )));
    }
    Ok(None)
}
