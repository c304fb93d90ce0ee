//! The officers' queue with its filters, and a citizen's own dossiers. The filter is the API's
//! (`queue_filter`), so both lists show the same dossiers to the same person.

use crate::i18n::Lang;
use crate::i18n::Text;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::lifecycle::Status;
use motcua_domain::ids::UserId;
use motcua_domain::role::Role;
use motcua_store::dossiers::{self, DossierRecord};
use motcua_store::procedures::{self, ProcedureFilter};
use serde::Deserialize;

use super::DeskNav;
use crate::auth::CurrentUser;
use crate::dossiers::input::{QueueQuery, queue_filter};
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::pages::when;
use crate::pages::{PageCtx, today_vn};
use crate::state::AppState;

const PAGE_SIZE: i64 = 50;
/// The queue counts its whole list up to this many; beyond, it says "10000+".
const TOTAL_CAP: i64 = 10_000;

/// The queue's query as a GET form sends it: every value a string, empty when not chosen.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueForm {
    pub status: String,
    pub procedure: String,
    pub due_within_hours: String,
    pub late: String,
    pub flagged: String,
    pub mine: String,
    pub q: String,
    pub page: String,
}

fn on(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "on")
}

impl QueueForm {
    #[must_use]
    pub fn mine_on(&self) -> bool {
        on(&self.mine)
    }

    #[must_use]
    pub fn late_on(&self) -> bool {
        on(&self.late)
    }

    #[must_use]
    pub fn flagged_on(&self) -> bool {
        on(&self.flagged)
    }

    /// The filter as a query string, without the page: what "next page" and a saved filter keep.
    fn filter_query(&self) -> String {
        serde_urlencoded::to_string([
            ("status", self.status.as_str()),
            ("procedure", self.procedure.as_str()),
            ("due_within_hours", self.due_within_hours.as_str()),
            ("late", self.late.as_str()),
            ("flagged", self.flagged.as_str()),
            ("mine", self.mine.as_str()),
            ("q", self.q.as_str()),
        ])
        .unwrap_or_default()
    }

    fn query(&self) -> Result<QueueQuery, AppError> {
        let hours = match self.due_within_hours.trim() {
            "" => None,
            h => Some(h.parse::<u32>().map_err(|_| {
                AppError::field(
                    "due_within_hours",
                    Text::id("validation-dossier-due_within_hours"),
                )
            })?),
        };
        let page: i64 = self.page.trim().parse().unwrap_or(0).clamp(0, 10_000);
        Ok(QueueQuery {
            status: Some(self.status.clone()),
            procedure: Some(self.procedure.clone()),
            due_within_hours: hours,
            late: Some(on(&self.late)),
            flagged: Some(on(&self.flagged)),
            mine: Some(on(&self.mine)),
            q: Some(self.q.trim().chars().take(200).collect()),
            limit: Some(PAGE_SIZE + 1),
            offset: Some(page * PAGE_SIZE),
        })
    }
}

/// One row of the queue.
#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub code: String,
    pub applicant: String,
    pub procedure: String,
    pub status: String,
    pub step: String,
    pub received: String,
    pub due: String,
    pub late: bool,
    pub flag: Option<(String, String)>,
    /// Who held the dossier when the watch flagged it: the step that ran late.
    pub flag_officer: Option<String>,
    /// Who holds it now, when that is someone else (it moved on since).
    pub holder: Option<String>,
}

fn step_text(lang: Lang, d: &DossierRecord) -> String {
    match (d.step_index, d.step_role) {
        (Some(i), Some(r)) => format!("{}/{} · {}", i + 1, d.step_count, lang.label(r)),
        (None, Some(r)) => lang.label(r),
        _ => "—".to_owned(),
    }
}

async fn officer_name(
    state: &AppState,
    cache: &mut Vec<(UserId, String)>,
    id: UserId,
) -> Result<String, AppError> {
    if let Some((_, n)) = cache.iter().find(|(u, _)| *u == id) {
        return Ok(n.clone());
    }
    let name = match motcua_store::users::get(state.db(), id).await {
        Ok(u) => u.full_name,
        Err(motcua_store::StoreError::NotFound { .. }) => String::new(),
        Err(e) => return Err(e.into()),
    };
    cache.push((id, name.clone()));
    Ok(name)
}

async fn rows(state: &AppState, lang: Lang, list: &[DossierRecord]) -> Result<Vec<Row>, AppError> {
    let now = motcua_store::now();
    let mut names = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for d in list {
        let flagged_user = d.watch.as_ref().and_then(|w| w.user);
        let flag_officer = match flagged_user {
            Some(u) => Some(officer_name(state, &mut names, u).await?),
            None => None,
        };
        let holder = match d
            .step_user
            .filter(|u| d.watch.is_some() && Some(*u) != flagged_user)
        {
            Some(u) => Some(officer_name(state, &mut names, u).await?),
            None => None,
        };
        out.push(Row {
            id: d.id.to_string(),
            code: d.code.clone(),
            applicant: d.applicant.name.clone(),
            procedure: d.procedure_name.clone(),
            status: lang.label(d.status),
            step: step_text(lang, d),
            received: when(d.received_at),
            due: d.due_at.map(when).unwrap_or_default(),
            late: d.finished_at.is_none() && d.due_at.is_some_and(|due| due < now),
            flag: d
                .watch
                .as_ref()
                .map(|w| (lang.label(w.kind), w.reason.clone())),
            flag_officer,
            holder,
        });
    }
    Ok(out)
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/queue.html")]
pub struct QueuePage {
    p: PageCtx,
    nav: DeskNav,
    f: QueueForm,
    statuses: Vec<(&'static str, String)>,
    hours: &'static [&'static str],
    procedures: Vec<(String, String)>,
    rows: Vec<Row>,
    error: Option<String>,
    count_text: String,
    next_page: Option<String>,
    /// The person's saved filters, and this page's filter as a query to save.
    saved: Vec<motcua_store::saved_filters::SavedFilter>,
    current_query: String,
}

/// `GET /mot-cua/ho-so`. Specialists and heads land on their own steps; the desk sees all.
pub async fn queue(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(mut f): Query<QueueForm>,
) -> Result<Response, AppError> {
    let nav = DeskNav::of(&user);
    if !nav.can_view {
        if nav.is_citizen {
            return Ok(Redirect::to("/mot-cua/cua-toi").into_response());
        }
        return Err(AppError::Forbidden);
    }
    let bare = !p.path.contains('?');
    if bare
        && user
            .grants
            .iter()
            .any(|g| matches!(g.role, Role::Specialist | Role::Head))
    {
        f.mine = "1".to_owned();
    }
    let (list, total, error) = match f.query().and_then(|q| queue_filter(&state, &user, &q)) {
        Ok(filter) => (
            dossiers::list(state.db(), &filter).await?,
            dossiers::count(state.db(), &filter, TOTAL_CAP).await?,
            None,
        ),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => (
            Vec::new(),
            0,
            Some(
                fields
                    .into_iter()
                    .map(|m| p.lang.text(&m.message))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Err(e) => match crate::search::refused_message(&e, p.lang) {
            Some(m) => (Vec::new(), 0, Some(m)),
            None => return Err(e),
        },
    };
    let more = list.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    let shown = &list[..list
        .len()
        .min(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX))];
    let rows = rows(&state, p.lang, shown).await?;
    let mut filter = ProcedureFilter::on(today_vn());
    filter.limit = 1000;
    let procedures = procedures::list(state.db(), &filter)
        .await?
        .into_iter()
        .map(|v| (v.code.to_string(), v.name.clone()))
        .collect();
    // The whole filtered list, not this page: counted up to a cap so a large province's
    // queue stays quick to open.
    let count_text = if rows.is_empty() {
        p.t("desk-queue-empty")
    } else if total >= TOTAL_CAP {
        p.t1("desk-queue-count", "count", format!("{TOTAL_CAP}+"))
    } else {
        p.t1("desk-queue-count", "count", total)
    };
    let current_query = f.filter_query();
    let next_page = more.then(|| {
        let page: i64 = f.page.trim().parse().unwrap_or(0);
        format!("/mot-cua/ho-so?{current_query}&page={}", page + 1)
    });
    let saved = motcua_store::saved_filters::list(state.db(), user.user_id).await?;
    let lang = p.lang;
    Ok(QueuePage {
        p,
        nav,
        f,
        statuses: Status::ALL
            .iter()
            .map(|s| (s.code(), lang.label(*s)))
            .collect(),
        hours: &["8", "24", "48", "72"],
        procedures,
        rows,
        error,
        count_text,
        next_page,
        saved,
        current_query,
    }
    .into_response())
}

#[derive(Debug)]
pub struct MineRow {
    pub id: String,
    pub code: String,
    pub procedure: String,
    pub status: String,
    pub received: String,
    pub due: String,
}

/// A saved draft of an online filing, on the citizen's list.
#[derive(Debug)]
pub struct DraftRow {
    pub code: String,
    pub procedure: String,
    pub saved: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/mine.html")]
pub struct MinePage {
    p: PageCtx,
    nav: DeskNav,
    rows: Vec<MineRow>,
    drafts: Vec<DraftRow>,
}

/// `GET /mot-cua/cua-toi`: the dossiers a citizen filed (or was received for on their account).
pub async fn mine(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<MinePage, AppError> {
    let filter = dossiers::DossierFilter {
        applicant_user: Some(user.user_id),
        limit: 200,
        ..dossiers::DossierFilter::default()
    };
    let rows = dossiers::list(state.db(), &filter)
        .await?
        .into_iter()
        .map(|d| MineRow {
            id: d.id.to_string(),
            code: d.code.clone(),
            procedure: d.procedure_name.clone(),
            status: p.lang.label(d.status),
            received: when(d.received_at),
            due: d.due_at.map(when).unwrap_or_default(),
        })
        .collect();
    let mut drafts = Vec::new();
    for d in motcua_store::drafts::list(state.db(), user.user_id).await? {
        let procedure = super::intake::in_force(&state, &d.procedure_code)
            .await?
            .map(|v| v.name.clone());
        drafts.push(DraftRow {
            procedure: procedure.unwrap_or_else(|| d.procedure_code.clone()),
            code: d.procedure_code,
            saved: when(d.saved_at),
        });
    }
    Ok(MinePage {
        nav: DeskNav::of(&user),
        p,
        rows,
        drafts,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SaveFilterForm {
    pub name: String,
    /// The queue's query string, as the page gave it.
    pub query: String,
}

/// `POST /mot-cua/bo-loc`: saves the queue's current filter under a name, for this person.
pub async fn save_filter(
    State(state): State<AppState>,
    user: CurrentUser,
    PageForm(f): PageForm<SaveFilterForm>,
) -> Result<Response, AppError> {
    if !DeskNav::of(&user).can_view {
        return Err(AppError::Forbidden);
    }
    AppError::check_lengths(&[("name", &f.name), ("query", &f.query)])?;
    let name = f.name.trim();
    if name.is_empty() {
        return Err(AppError::field(
            "name",
            Text::id("validation-saved_filter-name"),
        ));
    }
    // Kept only as the filter the queue reads back: anything else in it is dropped here.
    let parsed: QueueForm = serde_urlencoded::from_str(f.query.trim_start_matches('?'))
        .map_err(|_| AppError::field("query", Text::id("validation-saved_filter-name")))?;
    let saved = motcua_store::saved_filters::list(state.db(), user.user_id).await?;
    if i64::try_from(saved.len()).unwrap_or(i64::MAX) >= motcua_store::saved_filters::MAX_PER_USER {
        return Err(AppError::field(
            "name",
            Text::with(
                "validation-saved_filter-too_many",
                vec![("max", motcua_store::saved_filters::MAX_PER_USER.into())],
            ),
        ));
    }
    let query = parsed.filter_query();
    motcua_store::saved_filters::save(state.db(), user.user_id, name, &query, motcua_store::now())
        .await?;
    Ok(Redirect::to(&format!("/mot-cua/ho-so?{query}")).into_response())
}

/// `POST /mot-cua/bo-loc/{id}/xoa`: deletes one of this person's saved filters.
pub async fn delete_filter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    motcua_store::saved_filters::delete(state.db(), user.user_id, id.trim()).await?;
    Ok(Redirect::to("/mot-cua/ho-so").into_response())
}
