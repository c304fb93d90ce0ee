//! Public tracking: anyone holding a dossier code sees its status, timeline and due date, with
//! the applicant's name masked and nothing else personal, and whether it is late, with the
//! agency's apology and new date when one was sent. Rate-limited per address, because codes
//! are sequential; a mistyped code gets a hint about its form and no other dossier's code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use motcua_domain::vn_local;
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::dossiers::view::{PublicDossier, lookup_public};
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::PageCtx;
use crate::state::AppState;

/// One line of the public timeline. Officers' names are not shown: the citizen sees what
/// happened and when, and the agency answers for it.
#[derive(Debug, Default, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    pub ma: Option<String>,
    /// Set after a rating was recorded, to thank the citizen.
    #[serde(default)]
    pub rated: Option<u8>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/track.html")]
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

    fn apology(&self, at: &DateTime<Utc>, due: &DateTime<Utc>) -> String {
        self.p.lang.t_args(
            "track-apology",
            &[("at", self.when(at).into()), ("due", self.when(due).into())],
        )
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
