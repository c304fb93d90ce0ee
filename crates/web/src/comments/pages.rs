//! Posting, voting and reporting comments, and the moderators' queue.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use motcua_app::comments as ops;
use motcua_domain::comment::{CommentState, Moderation, Subject};
use motcua_domain::ids::CommentId;
use motcua_domain::policy::Action;
use motcua_store::comments::{self as store, Queue};
use serde::Deserialize;

use super::thread::is_citizen;
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::Query;
use crate::form_data::FormData;
use crate::pages::{PageCtx, refusal_text, when};
use crate::state::AppState;

/// Comments in one queue page.
const QUEUE_ROWS: i64 = 200;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/binh-luan", post(create))
        .route("/binh-luan/{id}/bau", post(vote))
        .route("/binh-luan/{id}/bao-cao", post(report))
        .route("/kiem-duyet/binh-luan", get(queue))
        .route("/kiem-duyet/binh-luan/{id}/{step}", post(moderate))
}

fn comment_id(raw: &str) -> Result<CommentId, AppError> {
    CommentId::parse(raw).map_err(|_| AppError::NotFound)
}

/// The page a subject's comments are on.
pub(crate) async fn subject_href(state: &AppState, subject: Subject) -> Result<String, AppError> {
    Ok(match subject {
        Subject::Article(id) => {
            let a = motcua_store::news::get(state.db(), id).await?;
            format!("/tin-tuc/{}-{}", a.number, a.slug)
        }
        Subject::Report(id) => {
            let r = motcua_store::reports::read::get(state.db(), id).await?;
            format!("/phan-anh/{}", r.code)
        }
        Subject::Poll(id) => format!("/tham-do/{id}"),
    })
}

fn citizen_only(user: &CurrentUser) -> Result<(), AppError> {
    if is_citizen(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A refused comment, vote, report or moderation: the reason, the way back, and for a comment
/// its text to send again.
#[derive(Template, WebTemplate)]
#[template(path = "comments/refused.html")]
pub struct RefusedPage {
    p: PageCtx,
    message: String,
    back: String,
    subject_kind: String,
    subject_id: String,
    parent: String,
    body: String,
}

/// `POST /binh-luan`: a comment under a subject, or a reply to `parent`. A refusal shows the
/// text again with the reason, so nothing typed is lost.
pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    citizen_only(&user)?;
    let (kind, id) = (form.get("subject_kind"), form.get("subject_id"));
    let subject = Subject::parse(&kind, &id).ok_or(AppError::NotFound)?;
    let parent_raw = form.get("parent");
    let parent = match parent_raw.trim() {
        "" => None,
        raw => Some(comment_id(raw)?),
    };
    let body = form.get("body");
    let rules = state.config().comment_rules;
    match ops::post(state.app(), &user.actor(), &rules, subject, parent, &body).await {
        Ok((id, st)) => {
            let note = if st == CommentState::Pending {
                "cho-duyet"
            } else {
                "da-dang"
            };
            Ok(Redirect::to(&comment_href(&state, id, note).await?).into_response())
        }
        Err(e) => {
            let e = AppError::from(e);
            let Some(message) = refusal_text(p.lang, &e) else {
                return Err(e);
            };
            let status = match &e {
                AppError::Rule {
                    code: "comment_rate_limited",
                    ..
                } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Rule { .. } | AppError::Conflict { .. } => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let page = RefusedPage {
                back: subject_href(&state, subject).await?,
                message,
                subject_kind: kind,
                subject_id: id,
                parent: parent_raw,
                // The text comes back as typed, within what a comment may hold.
                body: body
                    .chars()
                    .take(motcua_domain::comment::BODY_CHARS)
                    .collect(),
                p,
            };
            Ok((status, page).into_response())
        }
    }
}

/// A comment's place: its subject's page, at the page of threads that shows it, with a word
/// on what the reader just did.
async fn comment_href(state: &AppState, id: CommentId, note: &str) -> Result<String, AppError> {
    let c = store::get(state.db(), id).await?;
    let back = subject_href(state, c.subject).await?;
    let page = store::page_of_thread(state.db(), c.root, super::thread::THREADS_PER_PAGE).await?;
    let page = if page > 1 {
        format!("&trang_binh_luan={page}")
    } else {
        String::new()
    };
    Ok(format!("{back}?binh_luan={note}{page}#binh-luan-{id}"))
}

/// After a vote or a report: back to the comment.
async fn back_to(state: &AppState, id: CommentId, note: &str) -> Result<Response, AppError> {
    Ok(Redirect::to(&comment_href(state, id, note).await?).into_response())
}

/// A refused vote or report: its reason on a page with the way back.
async fn refused(
    state: &AppState,
    p: PageCtx,
    id: CommentId,
    e: AppError,
) -> Result<Response, AppError> {
    let Some(message) = refusal_text(p.lang, &e) else {
        return Err(e);
    };
    let c = store::get(state.db(), id).await?;
    let page = RefusedPage {
        back: format!("{}#binh-luan-{id}", subject_href(state, c.subject).await?),
        message,
        subject_kind: String::new(),
        subject_id: String::new(),
        parent: String::new(),
        body: String::new(),
        p,
    };
    let status = if matches!(e, AppError::Validation(_)) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    Ok((status, page).into_response())
}

/// `POST /binh-luan/{id}/bau`: `value` 1, -1, or 0 to take a vote back.
pub async fn vote(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    citizen_only(&user)?;
    let id = comment_id(&id)?;
    let value = form.get("value").trim().parse::<i64>().unwrap_or(i64::MAX);
    match ops::vote(state.app(), &user.actor(), id, value).await {
        Ok(()) => back_to(&state, id, "da-bau").await,
        Err(e) => refused(&state, p, id, AppError::from(e)).await,
    }
}

/// `POST /binh-luan/{id}/bao-cao`: a report with its reason.
pub async fn report(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    citizen_only(&user)?;
    let id = comment_id(&id)?;
    let rules = state.config().comment_rules;
    match ops::report(state.app(), &user.actor(), &rules, id, &form.get("reason")).await {
        Ok(_) => back_to(&state, id, "da-bao-cao").await,
        Err(e) => refused(&state, p, id, AppError::from(e)).await,
    }
}

// ---- the moderators' queue ----

/// A comment in the queue.
#[derive(Debug)]
pub struct QueueRow {
    pub id: String,
    pub href: String,
    pub author: String,
    pub body: String,
    pub at: String,
    pub state: &'static str,
    pub reports: i64,
    pub reasons: String,
    pub moderated: String,
    pub may_approve: bool,
    pub may_hide: bool,
    pub may_restore: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    pub hang: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "comments/queue.html")]
pub struct QueuePage {
    p: PageCtx,
    tabs: Vec<(&'static str, String, bool)>,
    rows: Vec<QueueRow>,
}

const TABS: [(&str, Queue); 3] = [
    ("bi-bao-cao", Queue::Reported),
    ("cho-duyet", Queue::Pending),
    ("da-an", Queue::Hidden),
];

/// `GET /kiem-duyet/binh-luan`: the comments reported, waiting, or hidden, in the moderator's
/// units, the latest first.
pub async fn queue(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, AppError> {
    if !authz::can_somewhere(&user, Action::Moderate) {
        return Err(AppError::Forbidden);
    }
    let shown = q.hang.as_deref().unwrap_or("bi-bao-cao");
    let which = TABS
        .iter()
        .find(|(code, _)| *code == shown)
        .map_or(Queue::Reported, |(_, w)| *w);
    let units = authz::scope_units(&state, &user, &[Action::Moderate]).await?;
    let mut rows = Vec::new();
    for c in store::queue(state.db(), which, units.as_deref(), QUEUE_ROWS).await? {
        let reasons = store::report_reasons(state.db(), c.id)
            .await?
            .into_iter()
            .map(|(r, n)| format!("{} ({n})", p.t(&format!("comment-reason-{r}"))))
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(QueueRow {
            id: c.id.to_string(),
            href: format!(
                "{}#binh-luan-{}",
                subject_href(&state, c.subject).await?,
                c.id
            ),
            at: when(c.created_at),
            state: c.state.code(),
            reports: c.reports,
            reasons,
            moderated: c
                .moderated_at
                .map(|at| {
                    if c.moderation_reason == "reports" {
                        p.t1("comment-auto-hidden", "at", when(at))
                    } else {
                        format!("{} · {}", when(at), c.moderation_reason)
                    }
                })
                .unwrap_or_default(),
            may_approve: Moderation::Approve.from(c.state).is_some(),
            may_hide: Moderation::Hide.from(c.state).is_some(),
            may_restore: Moderation::Restore.from(c.state).is_some(),
            author: c.author_name,
            body: c.body,
        });
    }
    Ok(QueuePage {
        tabs: TABS
            .iter()
            .map(|(code, _)| (*code, p.t(&format!("comment-queue-{code}")), *code == shown))
            .collect(),
        rows,
        p,
    })
}

/// `POST /kiem-duyet/binh-luan/{id}/{duyet|an|khoi-phuc|chan}`.
pub async fn moderate(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path((id, step)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = comment_id(&id)?;
    let c = store::get(state.db(), id).await?;
    authz::require(&state, Some(&user), Action::Moderate, Some(c.unit)).await?;
    let reason = form.get("reason");
    let done = match step.as_str() {
        "duyet" => {
            ops::moderate(state.app(), &user.actor(), id, Moderation::Approve, &reason).await
        }
        "an" => ops::moderate(state.app(), &user.actor(), id, Moderation::Hide, &reason).await,
        "khoi-phuc" => {
            ops::moderate(state.app(), &user.actor(), id, Moderation::Restore, &reason).await
        }
        "chan" => {
            let days = form.get("days").trim().parse::<i64>().unwrap_or(0);
            ops::block_author(state.app(), &user.actor(), id, days, &reason)
                .await
                .map(|_| ())
        }
        _ => return Err(AppError::NotFound),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/kiem-duyet/binh-luan").into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let Some(message) = refusal_text(p.lang, &e) else {
                return Err(e);
            };
            let page = RefusedPage {
                back: "/kiem-duyet/binh-luan".into(),
                message,
                subject_kind: String::new(),
                subject_id: String::new(),
                parent: String::new(),
                body: String::new(),
                p,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
