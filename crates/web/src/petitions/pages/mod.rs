//! The petition pages: the register with its filters, registering a petition (by post, online,
//! forwarded, or from a reception visit), one case with its deadline, timeline, duplicate
//! candidates, the actions the person may take and the notices to print, and the steering
//! committee's dashboard. Thin pages over the operations of `motcua_app::petitions`.
//!
//! URLs: `/don-thu` (register), `/don-thu/dang-ky` (register a petition), `/don-thu/{id}` (a
//! case), `/don-thu/{id}/thao-tac` (actions), `/don-thu/{id}/trung-lap` (duplicates),
//! `/don-thu/{id}/tiet-lo` (reveal a protected sender), `/don-thu/{id}/can-bo` (name a
//! handler), `/don-thu/{id}/van-ban/{form}` (notices), `/chi-dao` (dashboard); for citizens,
//! `/don-thu/gui` (file online), `/don-thu/cua-toi` (my petitions) and `/don-thu/cua-toi/{id}`
//! (one's receipt and progress).

mod case;
mod dashboard;
mod notices;
pub(crate) mod online;
mod register;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use motcua_domain::policy::Action;

use crate::auth::CurrentUser;
use crate::authz;
use crate::state::AppState;

/// Room for a petition's files (five within the dossiers' per-file limit) and the form.
const UPLOAD_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/don-thu", get(register::list))
        .route(
            "/don-thu/dang-ky",
            get(register::form).post(register::submit),
        )
        .route(
            "/don-thu/gui",
            get(online::form)
                .post(online::submit)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/don-thu/cua-toi", get(online::mine))
        .route("/don-thu/cua-toi/{id}", get(online::own))
        .route("/don-thu/{id}", get(case::page))
        .route("/don-thu/{id}/thao-tac", post(case::act))
        .route("/don-thu/{id}/trung-lap", post(case::duplicate))
        .route("/don-thu/{id}/tiet-lo", post(case::reveal))
        .route("/don-thu/{id}/can-bo", post(case::add_handler))
        .route("/don-thu/{id}/van-ban/{form}", get(notices::notice))
        .route(
            "/don-thu/{id}/van-ban/thu-ly/nguoi-to-cao",
            post(notices::denouncer_copy),
        )
        .route("/chi-dao", get(dashboard::page))
}

/// What the petition menu offers this person.
#[derive(Clone, Debug, Default)]
pub struct PetitionNav {
    pub can_view: bool,
    pub can_handle: bool,
    pub can_steer: bool,
}

impl PetitionNav {
    #[must_use]
    pub fn of(user: &CurrentUser) -> Self {
        Self {
            can_view: authz::can_somewhere(user, Action::ViewPetition),
            can_handle: authz::can_somewhere(user, Action::HandlePetition),
            can_steer: authz::can_somewhere(user, Action::ViewDashboard),
        }
    }
}
