//! The petition pages: the register with its filters, registering a petition (by post, online,
//! forwarded, or from a reception visit), one case with its deadline, timeline, duplicate
//! candidates, the actions the person may take and the notices to print, and the steering
//! committee's dashboard. Thin pages over the operations of `motcua_app::petitions`.
//!
//! URLs: `/don-thu` (register), `/don-thu/dang-ky` (register a petition), `/don-thu/{id}` (a
//! case), `/don-thu/{id}/thao-tac` (actions), `/don-thu/{id}/trung-lap` (duplicates),
//! `/don-thu/{id}/tiet-lo` (reveal a protected sender), `/don-thu/{id}/can-bo` (name a
//! handler), `/don-thu/{id}/van-ban/{form}` (notices), `/chi-dao` (dashboard).

mod case;
mod dashboard;
mod notices;
mod register;

use axum::Router;
use axum::routing::{get, post};
use motcua_domain::policy::Action;

use crate::auth::CurrentUser;
use crate::authz;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/don-thu", get(register::list))
        .route(
            "/don-thu/dang-ky",
            get(register::form).post(register::submit),
        )
        .route("/don-thu/{id}", get(case::page))
        .route("/don-thu/{id}/thao-tac", post(case::act))
        .route("/don-thu/{id}/trung-lap", post(case::duplicate))
        .route("/don-thu/{id}/tiet-lo", post(case::reveal))
        .route("/don-thu/{id}/can-bo", post(case::add_handler))
        .route("/don-thu/{id}/van-ban/{form}", get(notices::notice))
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
