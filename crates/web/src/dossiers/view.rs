//! What pages and the API both show of a dossier to the public, and how they find it: by its
//! code, rate-limited per address because codes are sequential. A mistyped code gets a hint
//! about its form, never another dossier's code: each code opens someone's dossier.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::code::DossierCode;
use motcua_domain::dossier::lifecycle::{ActionKind, Status, Timeliness};
use motcua_store::dossiers::{self, DossierRecord, PublicRecord, TimelineEntry};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::ClientIp;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::state::AppState;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    pub at: DateTime<Utc>,
    /// `received`, `hand_over`, `request_supplement`, … (see the action codes).
    pub action: String,
    pub label: String,
    pub step: Option<String>,
}

/// What anyone with the code may see.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PublicDossier {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub applicant: String,
    pub status: String,
    pub status_label: String,
    pub received_at: DateTime<Utc>,
    /// `null` while the applicant holds the dossier for a supplement.
    pub due_at: Option<DateTime<Utc>>,
    /// The first due date, when an apology moved it.
    pub original_due_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `early`, `on_time` or `late`, once finished.
    pub outcome: Option<String>,
    pub timeline: Vec<PublicEvent>,
    /// True when the dossier was returned and has not been rated yet.
    pub can_rate: bool,
    /// Open past its due date, or finished after it: the agency says so publicly.
    pub late: bool,
    /// When the agency apologised for a delay (the new date is `due_at`).
    pub apologised_at: Option<DateTime<Utc>>,
}

fn event_label(lang: Lang, e: &TimelineEntry) -> String {
    if e.action == "received" {
        return lang.t("dossier-event-received");
    }
    ActionKind::parse(&e.action).map_or_else(|| e.action.clone(), |a| lang.label(a))
}

fn public_view(lang: Lang, d: PublicRecord, now: DateTime<Utc>) -> PublicDossier {
    let late = match d.outcome {
        Some(o) => o == Timeliness::Late,
        None => d.finished_at.is_none() && d.due_at.is_some_and(|due| due < now),
    };
    let apologised_at = d
        .timeline
        .iter()
        .rev()
        .find(|e| e.action == ActionKind::Apologise.code())
        .map(|e| e.at);
    PublicDossier {
        late,
        apologised_at,
        can_rate: d.status == Status::Returned && !d.rated,
        code: d.code,
        procedure_code: d.procedure_code,
        procedure_name: d.procedure_name,
        applicant: d.masked_name,
        status: d.status.code().to_owned(),
        status_label: lang.label(d.status),
        received_at: d.received_at,
        due_at: d.due_at,
        original_due_at: d.original_due_at,
        finished_at: d.finished_at,
        outcome: d.outcome.map(|o| o.code().to_owned()),
        timeline: d
            .timeline
            .into_iter()
            .map(|e| PublicEvent {
                at: e.at,
                label: event_label(lang, &e),
                action: e.action,
                step: e.step_name,
            })
            .collect(),
    }
}

/// No dossier has this code. Nearby codes are not offered: each opens someone's dossier.
fn not_found(code: &DossierCode) -> AppError {
    AppError::Rule {
        code: "dossier_not_found",
        message: Text::with(
            "dossier-lookup-not_found",
            vec![("code", code.to_string().into())],
        ),
        allowed: Vec::new(),
    }
}

/// Finds a dossier by a code as typed, or explains what is wrong with it.
pub(crate) async fn lookup(
    state: &AppState,
    client: &ClientIp,
    raw: &str,
) -> Result<DossierRecord, AppError> {
    let code = allowed_code(state, client, raw)?;
    let found = dossiers::get_by_code(state.db(), &code.to_string()).await;
    explain_missing(&code, found)
}

/// What the public lookup shows of the dossier with a code as typed.
pub(crate) async fn lookup_public(
    state: &AppState,
    client: &ClientIp,
    raw: &str,
    lang: Lang,
) -> Result<PublicDossier, AppError> {
    let code = allowed_code(state, client, raw)?;
    let found = dossiers::public_by_code(state.db(), &code.to_string()).await;
    explain_missing(&code, found).map(|d| public_view(lang, d, state.app().now()))
}

/// The code as typed, once this client is within its lookup limit and the code is well formed.
fn allowed_code(state: &AppState, client: &ClientIp, raw: &str) -> Result<DossierCode, AppError> {
    let who = client.0.clone().unwrap_or_else(|| "unknown".to_owned());
    if !state.tracking_limit().allow(&who, motcua_store::now()) {
        return Err(AppError::TooManyRequests);
    }
    DossierCode::parse(raw).map_err(|p| AppError::Rule {
        code: "dossier_code_invalid",
        message: p.text(),
        allowed: Vec::new(),
    })
}

/// Turns "no such dossier" into its answer.
fn explain_missing<T>(
    code: &DossierCode,
    found: Result<T, motcua_store::StoreError>,
) -> Result<T, AppError> {
    match found {
        Ok(v) => Ok(v),
        Err(motcua_store::StoreError::NotFound { .. }) => Err(not_found(code)),
        Err(e) => Err(e.into()),
    }
}
