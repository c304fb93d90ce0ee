//! Citizen reception (tiếp công dân, Luật Tiếp công dân 2013; NĐ 154/2026): the heads' reception
//! schedule checked against the rule in force, reception sessions and their visits, the receipt
//! for documents received (Mẫu 02/TCD) and the reception log (Sổ tiếp công dân, Mẫu 03/TCD).
//!
//! Petition handlers record; heads and inspectors read. A visit about a denunciation keeps its
//! visitor sealed from the moment it is written: the clear columns hold only a pseudonym, so the
//! pages, the printed log and the exports cannot show the denouncer even by mistake.
//!
//! URLs: `/tiep-cong-dan` (schedule and sessions), `/tiep-cong-dan/lich` (add a reception
//! day), `/tiep-cong-dan/phien` (open a session), `/tiep-cong-dan/phien/{id}` (a session),
//! `/tiep-cong-dan/phien/{id}/luot` (add a visit), `/tiep-cong-dan/phien/{id}/ket-luan`
//! (conclusion notice), `/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan[.pdf]` (receipt),
//! `/tiep-cong-dan/so` (the log). There is no reception API.
//!
//! Here: `input.rs`, each form as sent and its parsing into the input of one
//! `motcua_app::reception` operation; `pages/`, the schedule page (`schedule.rs`), a session
//! and its visits (`session.rs`), and the printed receipt and log (`print.rs`).

mod input;
mod pages;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub(crate) fn pages() -> Router<AppState> {
    use pages::{print, schedule, session};
    Router::new()
        .route("/tiep-cong-dan", get(schedule::page))
        .route("/tiep-cong-dan/lich", post(schedule::add_day))
        .route("/tiep-cong-dan/phien", post(schedule::open_session))
        .route("/tiep-cong-dan/phien/{id}", get(session::page))
        .route("/tiep-cong-dan/phien/{id}/luot", post(session::add_visit))
        .route(
            "/tiep-cong-dan/phien/{id}/ket-luan",
            post(session::conclude),
        )
        .route(
            "/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan",
            get(print::receipt_html),
        )
        .route(
            "/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan.pdf",
            get(print::receipt_pdf),
        )
        .route("/tiep-cong-dan/so", get(print::log))
}
