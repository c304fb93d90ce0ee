//! What the petition pages and the API both show: the duplicate candidates and actions a
//! person may see on a case, the register's filter, and the steering figures.

use chrono::{DateTime, Utc};
use motcua_domain::ids::UnitId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::policy::Action;
use motcua_store::petitions::{self, PetitionFilter, PetitionRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::access::{self, actor};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct DuplicateDto {
    pub candidate_id: String,
    pub candidate_code: String,
    /// Percent, 0–100.
    pub score: i64,
    pub reasons: String,
    /// `pending`, `linked` or `dismissed`.
    pub decision: String,
}

/// The actions of the case's rules that this person may take.
pub async fn allowed_codes(
    state: &AppState,
    user: &CurrentUser,
    p: &PetitionRecord,
) -> Result<Vec<String>, AppError> {
    if authz::require(state, Some(user), Action::HandlePetition, Some(p.unit))
        .await
        .is_err()
    {
        return Ok(Vec::new());
    }
    let rules = state
        .config()
        .petition_rules
        .in_force(motcua_domain::vn_date(p.received_at));
    Ok(motcua_app::petitions::cases::snapshot(p)
        .allowed(rules)
        .into_iter()
        .map(|a| a.code().to_owned())
        .collect())
}

/// The candidates of `p` as `user` may see them (a protected denouncer's person links only
/// for a handler named on the case, audited).
pub async fn duplicate_dtos(
    state: &AppState,
    user: &CurrentUser,
    p: &PetitionRecord,
) -> Result<Vec<DuplicateDto>, AppError> {
    Ok(
        motcua_app::petitions::duplicates::visible(state.app(), &actor(user), p)
            .await?
            .into_iter()
            .map(|d| DuplicateDto {
                candidate_id: d.record.candidate.to_string(),
                candidate_code: d.candidate_code,
                score: d.record.score,
                reasons: d.record.reasons,
                decision: d.record.decision,
            })
            .collect(),
    )
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Comma-separated kind codes.
    pub kind: Option<String>,
    /// Comma-separated status codes.
    pub status: Option<String>,
    pub unit_id: Option<String>,
    /// Only open petitions past their running deadline.
    pub overdue: Option<bool>,
    /// Only open petitions pending longer than the escalation period (45 days).
    pub long_pending: Option<bool>,
    pub open: Option<bool>,
    /// Only open, running petitions due within this many days (late ones included), 1–366.
    pub due_within_days: Option<u32>,
    /// Words of the code, subject or content (diacritics optional); at most 200 characters and 12 words.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The filter a list query stands for, scoped to the caller's units.
pub async fn list_filter(
    state: &AppState,
    user: &CurrentUser,
    q: &ListQuery,
) -> Result<PetitionFilter, AppError> {
    let mut f = PetitionFilter {
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
        open: q.open == Some(true),
        ..PetitionFilter::default()
    };
    let scope = access::units_for(state, user, Action::ViewPetition).await?;
    match scope {
        Some(units) if units.is_empty() => return Err(AppError::Forbidden),
        Some(units) => f.units = units,
        None => {}
    }
    if let Some(u) = q.unit_id.as_deref().filter(|s| !s.trim().is_empty()) {
        let unit = UnitId::parse(u)
            .map_err(|_| AppError::field("unit_id", Text::id("validation-unit-invalid")))?;
        if !f.units.is_empty() && !f.units.contains(&unit) {
            return Err(AppError::Forbidden);
        }
        f.units = vec![unit];
    }
    for (raw, out, what) in [
        (&q.kind, &mut f.kinds, "kind"),
        (&q.status, &mut f.statuses, "status"),
    ] {
        for code in raw.as_deref().unwrap_or("").split(',').map(str::trim) {
            if code.is_empty() {
                continue;
            }
            let ok = match what {
                "kind" => PetitionKind::parse(code).is_some(),
                _ => Status::parse(code).is_some(),
            };
            if !ok {
                return Err(AppError::field(
                    what,
                    Text::with(
                        "validation-value-invalid_shown",
                        vec![("shown", code.into())],
                    ),
                ));
            }
            out.push(code.to_owned());
        }
    }
    let now = motcua_store::now();
    if q.overdue == Some(true) {
        f.overdue_at = Some(now);
    }
    if q.long_pending == Some(true) {
        f.received_before = Some(pending_since(state, now));
    }
    if let Some(days) = q.due_within_days {
        if !(1..=366).contains(&days) {
            return Err(AppError::field(
                "due_within_days",
                Text::id("validation-petition-due_within_days"),
            ));
        }
        f.due_before = Some(now + chrono::Duration::days(i64::from(days)));
    }
    f.text = crate::search::search_text(q.q.as_deref())?;
    Ok(f)
}

/// Received before this moment and still open means pending past the escalation period.
#[must_use]
pub fn pending_since(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    let rules = state
        .config()
        .petition_rules
        .in_force(motcua_domain::vn_date(now));
    now - chrono::Duration::days(i64::from(rules.escalation_alert.value.days))
}

/// One cell of the steering dashboard.
#[derive(Serialize, ToSchema)]
pub struct DashboardCell {
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub status: String,
    pub count: i64,
    pub overdue: i64,
    pub long_pending: i64,
}

/// The steering figures for the caller's units.
pub async fn dashboard_cells(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<DashboardCell>, AppError> {
    if !authz::can_somewhere(user, Action::ViewDashboard)
        && !authz::can_somewhere(user, Action::ViewPetition)
    {
        return Err(AppError::Forbidden);
    }
    let units = match access::units_for(state, user, Action::ViewPetition).await? {
        Some(u) => u,
        None => motcua_store::units::list_all(state.db())
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect(),
    };
    let now = motcua_store::now();
    let rows = petitions::counts(state.db(), &units, now, pending_since(state, now)).await?;
    let all = motcua_store::units::list_all(state.db()).await?;
    Ok(rows
        .into_iter()
        .map(|r| DashboardCell {
            unit_name: all
                .iter()
                .find(|u| u.id == r.unit)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            unit_id: r.unit.to_string(),
            kind: r.kind,
            status: r.status,
            count: r.count,
            overdue: r.overdue,
            long_pending: r.long_pending,
        })
        .collect())
}

/// The name of a deadline watch flag in `lang`; empty for a flag this version does not know.
#[must_use]
pub fn watch_label(lang: Lang, flag: &str) -> String {
    use motcua_app::petitions::watch::{DUE_SOON, LONG_PENDING, OVERDUE};
    match flag {
        OVERDUE | LONG_PENDING | DUE_SOON => lang.t(&format!("petition-watch-{flag}")),
        _ => String::new(),
    }
}

/// What the person or body a petition is against is called on a page about one petition: the
/// one "complained of" in a complaint, the one "denounced" in a denunciation (forms, where the
/// kind is still to be chosen, name both).
#[must_use]
pub fn respondent_label(lang: Lang, kind_code: &str) -> String {
    match kind_code {
        "khieu_nai" => lang.t("pet-respondent-complaint"),
        "to_cao" => lang.t("pet-respondent-denunciation"),
        _ => lang.t("pet-respondent"),
    }
}
