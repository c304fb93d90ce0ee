//! The steering committee's dashboard: petitions by unit, kind and state, what is overdue and
//! what has been pending longer than the escalation period, each figure a link to the cases.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::policy::Action;
use motcua_store::petitions::{self, PetitionFilter};

use super::PetitionNav;
use super::register::{Row, row};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::pages::PageCtx;
use crate::petitions::access;
use crate::petitions::view::{dashboard_cells, pending_since};
use crate::state::AppState;

/// One line of the table: a unit and a kind.
#[derive(Debug, Default)]
pub struct Line {
    pub unit_id: String,
    pub unit: String,
    pub kind_code: String,
    pub kind: String,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    pub long_pending: i64,
    /// (status code, label, count), in the lifecycle's order.
    pub by_status: Vec<(String, String, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/dashboard.html")]
pub struct DashboardPage {
    p: PageCtx,
    nav: PetitionNav,
    lines: Vec<Line>,
    totals: (i64, i64, i64, i64),
    overdue: Vec<Row>,
    long_pending: Vec<Row>,
}

/// `GET /chi-dao`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let nav = PetitionNav::of(&user);
    if !nav.can_steer && !nav.can_view {
        return Err(AppError::Forbidden);
    }
    let cells = dashboard_cells(&state, &user).await?;
    let mut lines: BTreeMap<(String, String), Line> = BTreeMap::new();
    for c in cells {
        let line = lines
            .entry((c.unit_name.clone(), c.kind.clone()))
            .or_insert_with(|| Line {
                unit_id: c.unit_id.clone(),
                unit: c.unit_name.clone(),
                kind_code: c.kind.clone(),
                kind: PetitionKind::parse(&c.kind)
                    .map_or_else(|| c.kind.clone(), |k| p.lang.label(k)),
                ..Line::default()
            });
        line.total += c.count;
        let status = Status::parse(&c.status);
        if !status.is_some_and(Status::is_finished) {
            line.open += c.count;
        }
        line.overdue += c.overdue;
        line.long_pending += c.long_pending;
        line.by_status.push((
            c.status.clone(),
            status.map_or_else(String::new, |s| p.lang.label(s)),
            c.count,
        ));
    }
    let mut lines: Vec<Line> = lines.into_values().collect();
    for l in &mut lines {
        l.by_status.sort_by_key(|(code, _, _)| {
            Status::ALL
                .iter()
                .position(|s| s.code() == code)
                .unwrap_or(usize::MAX)
        });
    }
    let totals = lines.iter().fold((0, 0, 0, 0), |t, l| {
        (
            t.0 + l.total,
            t.1 + l.open,
            t.2 + l.overdue,
            t.3 + l.long_pending,
        )
    });
    let units = access::units_for(&state, &user, Action::ViewPetition)
        .await?
        .unwrap_or_default();
    let now = motcua_store::now();
    let overdue = petitions::list(
        state.db(),
        &PetitionFilter {
            units: units.clone(),
            overdue_at: Some(now),
            limit: 20,
            ..PetitionFilter::default()
        },
    )
    .await?;
    let long_pending = petitions::list(
        state.db(),
        &PetitionFilter {
            units,
            received_before: Some(pending_since(&state, now)),
            // The longest pending first: a different list from the soonest-due overdue one.
            oldest_first: true,
            limit: 20,
            ..PetitionFilter::default()
        },
    )
    .await?;
    let lang = p.lang;
    Ok(DashboardPage {
        p,
        nav,
        lines,
        totals,
        overdue: overdue.iter().map(|x| row(lang, x, now)).collect(),
        long_pending: long_pending.iter().map(|x| row(lang, x, now)).collect(),
    }
    .into_response())
}
