//! Public tracking: anyone holding a dossier code sees its status, timeline and due date, with
//! the applicant's name masked and nothing else personal. Rate-limited per address, because
//! codes are sequential; a mistyped code gets a hint, or the nearest codes of the same agency and
//! day.

use crate::i18n::Lang;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use motcua_domain::dossier::code::DossierCode;
use motcua_domain::dossier::lifecycle::{ActionKind, Status};
use motcua_domain::vn_local;
use motcua_store::dossiers::{self, DossierRecord, PublicRecord, TimelineEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::PageCtx;
use crate::state::AppState;

/// One line of the public timeline. Officers' names are not shown: the citizen sees what
/// happened and when, and the agency answers for it.
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
}

fn event_label(lang: Lang, e: &TimelineEntry) -> String {
    if e.action == "received" {
        return lang.t("dossier-event-received");
    }
    ActionKind::parse(&e.action).map_or_else(|| e.action.clone(), |a| lang.label(a))
}

fn public_view(lang: Lang, d: PublicRecord) -> PublicDossier {
    PublicDossier {
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

/// Why a look-up found nothing, and what to try.
fn not_found(hint: String, suggestions: Vec<String>) -> AppError {
    let mut message = hint;
    if !suggestions.is_empty() {
        message.push_str(&format!(
            " Có phải ông/bà muốn tra: {}?",
            suggestions.join(", ")
        ));
    }
    AppError::Rule {
        code: "dossier_not_found",
        message: message.into(),
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
    explain_missing(state, &code, found).await
}

/// What the public lookup shows of the dossier with a code as typed.
async fn lookup_public(
    state: &AppState,
    client: &ClientIp,
    raw: &str,
    lang: Lang,
) -> Result<PublicDossier, AppError> {
    let code = allowed_code(state, client, raw)?;
    let found = dossiers::public_by_code(state.db(), &code.to_string()).await;
    explain_missing(state, &code, found)
        .await
        .map(|d| public_view(lang, d))
}

/// The code as typed, once this client is within its lookup limit and the code is well formed.
fn allowed_code(state: &AppState, client: &ClientIp, raw: &str) -> Result<DossierCode, AppError> {
    let who = client.0.clone().unwrap_or_else(|| "unknown".to_owned());
    if !state.tracking_limit().allow(&who, motcua_store::now()) {
        return Err(AppError::TooManyRequests);
    }
    DossierCode::parse(raw).map_err(|p| AppError::Rule {
        code: "dossier_code_invalid",
        message: p.hint_vi().into(),
        allowed: Vec::new(),
    })
}

/// Turns "no such dossier" into an answer naming the nearest codes that exist.
async fn explain_missing<T>(
    state: &AppState,
    code: &DossierCode,
    found: Result<T, motcua_store::StoreError>,
) -> Result<T, AppError> {
    match found {
        Ok(v) => Ok(v),
        Err(motcua_store::StoreError::NotFound { .. }) => {
            // Same agency and day: the citizen most likely mistyped the last digits.
            let prefix = format!("{}-{}-", code.agency(), code.date().format("%y%m%d"));
            let near = dossiers::codes_like(state.db(), &prefix, 200).await?;
            let target = code.sequence();
            let mut near: Vec<(u32, String)> = near
                .into_iter()
                .filter_map(|c| {
                    let n: u32 = c.rsplit('-').next()?.parse().ok()?;
                    Some((n.abs_diff(target), c))
                })
                .collect();
            near.sort();
            let hint = format!(
                "Không tìm thấy hồ sơ mã {code}. Vui lòng kiểm tra lại mã in trên giấy tiếp nhận."
            );
            Err(not_found(
                hint,
                near.into_iter().take(3).map(|(_, c)| c).collect(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    pub ma: Option<String>,
    /// Set after a rating was recorded, to thank the citizen.
    #[serde(default)]
    pub rated: Option<u8>,
}

#[derive(Template, WebTemplate)]
#[template(path = "track/page.html")]
pub struct TrackPage {
    p: PageCtx,
    typed: String,
    error: Option<String>,
    d: Option<PublicDossier>,
}

impl TrackPage {
    fn when(&self, at: &DateTime<Utc>) -> String {
        vn_local(*at).format("%H:%M %d/%m/%Y").to_string()
    }

    fn outcome_label(&self, code: &str) -> String {
        motcua_domain::dossier::lifecycle::Timeliness::parse(code)
            .map_or_else(String::new, |t| self.p.lang.label(t))
    }
}

/// `GET /tra-cuu?ma=…`: the form, and the dossier when a code was given.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    client: ClientIp,
    Query(q): Query<TrackQuery>,
) -> Result<Response, AppError> {
    let typed = q.ma.unwrap_or_default();
    let mut p = p;
    if q.rated.is_some() {
        p.notice = Some(p.t("track-rated"));
    }
    let mut page = TrackPage {
        p,
        typed: typed.trim().chars().take(60).collect(),
        error: None,
        d: None,
    };
    if !typed.trim().is_empty() {
        match lookup_public(&state, &client, &typed, page.p.lang).await {
            Ok(d) => page.d = Some(d),
            Err(AppError::Rule { message, .. }) => page.error = Some(page.p.lang.text(&message)),
            Err(e) => return Err(e),
        }
    }
    let mut res = page.into_response();
    // The page names a dossier; shared caches must not keep it.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Look up a dossier by its code (public, rate-limited).
#[utoipa::path(
    get,
    path = "/api/v1/track/{code}",
    operation_id = "track_dossier",
    params(("code" = String, Path, description = "The dossier code, as printed on the receipt")),
    responses(
        (status = 200, body = PublicDossier),
        (status = 404, description = "`dossier_code_invalid` (the message says what is wrong with it) or `dossier_not_found` (with the nearest codes)", body = crate::api::ApiError),
        (status = 429, description = "`too_many_requests`: too many look-ups from this address this minute", body = crate::api::ApiError),
    ),
    tag = "tracking"
)]
pub async fn api(
    State(state): State<AppState>,
    client: ClientIp,
    lang: Lang,
    Path(code): Path<String>,
) -> Result<Json<PublicDossier>, AppError> {
    Ok(Json(lookup_public(&state, &client, &code, lang).await?))
}
