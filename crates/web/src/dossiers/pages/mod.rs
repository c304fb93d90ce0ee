//! The one-stop pages: the desk's intake, a citizen's online filing and "my dossiers", the
//! officers' queue, and one dossier with its checklist, timeline, due-date explanation and the
//! actions the person may take; its printed forms and the logbook; public tracking and the
//! citizen's rating. Each is a thin page over the use cases (`motcua_app::dossiers`) and the
//! input and access checks the API uses too, so the page and the API cannot disagree. The URLs
//! are listed in the module above.

mod dossier;
mod forms;
mod intake;
mod queue;
mod rating;
mod team;
mod track;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use motcua_domain::policy::Action;
use motcua_domain::role::Role;

use crate::auth::CurrentUser;
use crate::authz;
use crate::state::AppState;

/// Room for a dossier's files (50 MiB a dossier in `UploadLimits`) and the form around them,
/// so that an officer meets the per-file and per-dossier messages rather than a bare 413.
const UPLOAD_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/tra-cuu", get(track::page))
        .route(
            "/tra-cuu/{code}/danh-gia",
            get(rating::form).post(rating::submit),
        )
        .route(
            "/mot-cua/ho-so/{id}/bieu-mau/{form}",
            get(forms::dossier_form_page),
        )
        .route("/mot-cua/so-theo-doi", get(forms::logbook))
        .route("/mot-cua/ho-so", get(queue::queue))
        .route("/mot-cua/cua-toi", get(queue::mine))
        .route("/mot-cua/bo-loc", post(queue::save_filter))
        .route("/mot-cua/bo-loc/{id}/xoa", post(queue::delete_filter))
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
        .route(
            "/mot-cua/nop-truc-tuyen/nhap/xoa",
            post(intake::delete_draft),
        )
        .route("/mot-cua/ho-so/{id}", get(dossier::page))
        .route(
            "/mot-cua/ho-so/{id}/thao-tac",
            post(dossier::act).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/mot-cua/ho-so/{id}/tep/{sha256}", get(dossier::download))
        .route("/mot-cua/ho-so/{id}/nhan", post(team::claim))
        .route("/mot-cua/ho-so/{id}/giao", post(team::assign))
        .route("/mot-cua/ho-so/{id}/ghi-chu", post(team::note))
}

/// The items of the dossier's supplement request (form 02) and the event that asked for them.
fn supplement_request(
    events: &[motcua_store::dossiers::EventRecord],
) -> Option<(
    &motcua_store::dossiers::EventRecord,
    Vec<motcua_domain::dossier::lifecycle::SupplementItem>,
)> {
    use motcua_domain::dossier::lifecycle::{ActionKind, Command};
    let e = events
        .iter()
        .rev()
        .find(|e| e.action == ActionKind::RequestSupplement.code())?;
    // The event's details are the command as decided.
    let items = match serde_json::from_str::<Command>(&e.details) {
        Ok(Command::RequestSupplement { items, .. }) => items,
        _ => Vec::new(),
    };
    Some((e, items))
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
