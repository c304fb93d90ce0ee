//! The one-stop pages: the desk's intake, a citizen's online filing and "my dossiers", the
//! officers' queue, and one dossier with its checklist, timeline, due-date explanation and the
//! actions the person may take. Everything here is a thin page over `dossiers::service` and the
//! helpers of the JSON API, so the page and the API cannot disagree.
//!
//! URLs are Vietnamese, under `/mot-cua/`:
//! `/mot-cua/ho-so` (queue), `/mot-cua/tiep-nhan` (desk intake), `/mot-cua/nop-truc-tuyen`
//! (online filing), `/mot-cua/cua-toi` (a citizen's dossiers), `/mot-cua/ho-so/{id}` (one
//! dossier), `/mot-cua/ho-so/{id}/thao-tac` (actions), `/mot-cua/ho-so/{id}/tep/{sha256}`
//! (a document's file).

mod dossier;
mod form;
mod intake;
mod queue;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use motcua_domain::policy::Action;
use motcua_domain::role::Role;

use crate::auth::CurrentUser;
use crate::authz;
use crate::state::AppState;

/// Room for a dossier's files (50 MiB a dossier in `UploadLimits`) and the form around them,
/// so that an officer meets the per-file and per-dossier messages rather than a bare 413.
const UPLOAD_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mot-cua/ho-so", get(queue::queue))
        .route("/mot-cua/cua-toi", get(queue::mine))
        .route(
            "/mot-cua/tiep-nhan",
            get(intake::desk_form)
                .post(intake::desk_submit)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/mot-cua/nop-truc-tuyen",
            get(intake::online_form)
                .post(intake::online_submit)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/mot-cua/ho-so/{id}", get(dossier::page))
        .route(
            "/mot-cua/ho-so/{id}/thao-tac",
            post(dossier::act).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/mot-cua/ho-so/{id}/tep/{sha256}", get(dossier::download))
}

/// `14:05 03/03/2026`, Vietnam's wall clock.
#[must_use]
pub fn when(at: DateTime<Utc>) -> String {
    motcua_domain::vn_local(at)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// What the one-stop menu offers this person.
#[derive(Clone, Debug, Default)]
pub struct DeskNav {
    pub can_receive: bool,
    pub can_view: bool,
    pub is_citizen: bool,
    pub is_head: bool,
}

impl DeskNav {
    #[must_use]
    pub fn of(user: &CurrentUser) -> Self {
        let can_receive = authz::can_somewhere(user, Action::ReceiveDossier);
        let can_view = authz::can_somewhere(user, Action::ViewDossier);
        Self {
            can_receive,
            can_view,
            is_citizen: !can_view && user.grants.iter().any(|g| g.role == Role::Citizen),
            is_head: authz::can_somewhere(user, Action::DecideDossier),
        }
    }
}

#[cfg(test)]
mod tests {
    /// The keys of a Fluent file (message lines only).
    fn keys(src: &str) -> Vec<String> {
        let mut k: Vec<String> = src
            .lines()
            .filter(|l| !l.starts_with(['#', ' ', '[', '*']) && l.contains(" = "))
            .map(|l| l.split(" = ").next().unwrap_or_default().trim().to_owned())
            .collect();
        k.sort();
        k
    }

    #[test]
    fn every_desk_message_exists_in_both_languages() {
        let vi = keys(include_str!("../../../../../locales/vi/desk.ftl"));
        let en = keys(include_str!("../../../../../locales/en/desk.ftl"));
        assert_eq!(vi, en);
        assert!(vi.len() > 40);
    }
}
