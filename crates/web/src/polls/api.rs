//! `/api/v1/polls`: the polls and, once they may be shown, their results, for a portal or an
//! app to show them. Reading only: a ballot is cast through the pages, where the citizen signs
//! in and the desk officer holds the card.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use motcua_domain::ids::PollId;
use motcua_domain::poll::{Phase, percent, results_visible};
use motcua_store::polls::{self, PollRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiError;
use crate::error::AppError;
use crate::extract::Query;
use crate::state::AppState;

/// The most polls one page of the list holds.
const MAX_LIMIT: i64 = 100;

/// A poll's answer; its votes and share only once the results may be shown.
#[derive(Serialize, ToSchema)]
pub struct PollOptionDto {
    pub id: String,
    pub label: String,
    pub votes: Option<i64>,
    /// Percent of the voters who marked it, one decimal.
    pub share: Option<f64>,
}

/// A poll.
#[derive(Serialize, ToSchema)]
pub struct PollDto {
    pub id: String,
    /// The unit whose residents are asked (its subtree included).
    pub unit_id: String,
    pub title: String,
    pub question: String,
    pub description: String,
    /// `single` or `multiple`.
    pub kind: String,
    pub max_choices: usize,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// `upcoming`, `open` or `closed`.
    pub phase: String,
    pub results_live: bool,
    /// Whether `voters`, `votes` and `share` are given: after the close, or while open for a
    /// poll with a live count.
    pub results_shown: bool,
    pub voters: Option<i64>,
    pub options: Vec<PollOptionDto>,
}

fn dto(p: PollRecord, now: DateTime<Utc>) -> PollDto {
    let phase = Phase::at(p.opens_at, p.closes_at, now);
    let shown = results_visible(phase, p.results_live);
    let voters = p.voters;
    PollDto {
        id: p.id.to_string(),
        unit_id: p.unit.to_string(),
        title: p.title,
        question: p.question,
        description: p.description,
        kind: p.kind.code().to_owned(),
        max_choices: p.max_choices,
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        phase: phase.code().to_owned(),
        results_live: p.results_live,
        results_shown: shown,
        voters: shown.then_some(voters),
        options: p
            .options
            .into_iter()
            .map(|o| PollOptionDto {
                id: o.id.to_string(),
                label: o.label,
                votes: shown.then_some(o.votes),
                share: shown.then(|| percent(o.votes, voters)),
            })
            .collect(),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct PollsQuery {
    /// How many to skip (default 0).
    pub offset: Option<u32>,
    /// How many to return, 1 to 100 (default 20).
    pub limit: Option<u32>,
}

/// A page of polls.
#[derive(Serialize, ToSchema)]
pub struct PollPage {
    pub total: i64,
    pub polls: Vec<PollDto>,
}

/// The polls, the latest to close first.
#[utoipa::path(
    get,
    path = "/api/v1/polls",
    tag = "polls",
    params(PollsQuery),
    responses(
        (status = 200, description = "A page of polls", body = PollPage),
        (status = 400, description = "Malformed query", body = ApiError),
    )
)]
pub async fn list_polls(
    State(state): State<AppState>,
    Query(q): Query<PollsQuery>,
) -> Result<Json<PollPage>, AppError> {
    let limit = i64::from(q.limit.unwrap_or(20)).clamp(1, MAX_LIMIT);
    let offset = i64::from(q.offset.unwrap_or(0));
    let (found, total) = polls::list(state.db(), offset, limit).await?;
    let now = state.app().now();
    Ok(Json(PollPage {
        total,
        polls: found.into_iter().map(|p| dto(p, now)).collect(),
    }))
}

/// One poll, with its results once they may be shown.
#[utoipa::path(
    get,
    path = "/api/v1/polls/{id}",
    tag = "polls",
    params(("id" = String, Path, description = "Poll id (UUID)")),
    responses(
        (status = 200, description = "The poll", body = PollDto),
        (status = 404, description = "No such poll", body = ApiError),
    )
)]
pub async fn get_poll(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PollDto>, AppError> {
    let id = PollId::parse(&id).map_err(|_| AppError::NotFound)?;
    let poll = polls::get(state.db(), id).await?;
    Ok(Json(dto(poll, state.app().now())))
}
