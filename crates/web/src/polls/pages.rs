//! The poll pages. Everything works without JavaScript; the results chart is bars drawn by CSS
//! widths, readable as the table beside it.
//!
//! URLs: `/tham-do` (list), `/tham-do/moi` (a new poll), `/tham-do/xac-minh` (verifying a
//! citizen's account at a desk), `/tham-do/{id}` (a poll, its ballot and results),
//! `/tham-do/{id}/bo-phieu` (voting online), `/tham-do/{id}/tai-quay` (a ballot at a desk),
//! `/tham-do/{id}/ket-qua.csv` (the results, once they may be shown).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use motcua_app::polls::{self as ops, OnlineVoter};
use motcua_domain::ids::{PollId, PollOptionId, UnitId};
use motcua_domain::policy::Action;
use motcua_domain::poll::{Kind, Phase, RawPoll, percent, results_visible};
use motcua_domain::spreadsheet::neutralise;
use motcua_domain::vn_local;
use motcua_store::polls::{self, PollRecord};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::authz;
use crate::dossiers::input::parse_instant;
use crate::error::AppError;
use crate::extract::Query;
use crate::form_data::FormData;
use crate::pages::{FormErrors, PageCtx, refusal_text, unit_name, when};
use crate::state::AppState;

/// Polls per page of the list.
const PAGE_SIZE: i64 = 20;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/tham-do", get(list))
        .route("/tham-do/moi", get(new_form).post(create))
        .route("/tham-do/xac-minh", get(verify_form).post(verify))
        .route("/tham-do/{id}", get(page))
        .route("/tham-do/{id}/bo-phieu", axum::routing::post(vote))
        .route("/tham-do/{id}/tai-quay", get(desk_form).post(desk_vote))
        .route("/tham-do/{id}/ket-qua.csv", get(results_csv))
}

fn poll_id(raw: &str) -> Result<PollId, AppError> {
    PollId::parse(raw).map_err(|_| AppError::NotFound)
}

fn phase_label(p: &PageCtx, phase: Phase) -> String {
    p.t(&format!("poll-phase-{}", phase.code()))
}

/// A poll on the list.
#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub phase: &'static str,
    pub phase_label: String,
    pub opens: String,
    pub closes: String,
    /// `None` while the count is not shown.
    pub voters: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "polls/list.html")]
pub struct ListPage {
    p: PageCtx,
    rows: Vec<Row>,
    page: i64,
    pages: i64,
    may_create: bool,
    may_verify: bool,
}

/// `GET /tham-do`: every poll, the latest to close first.
pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    // Bounded, so that a page number from a link cannot overflow the offset.
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let (found, total) = polls::list(state.db(), (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let now = state.app().now();
    let mut rows = Vec::with_capacity(found.len());
    for r in found {
        let phase = Phase::at(r.opens_at, r.closes_at, now);
        rows.push(Row {
            id: r.id.to_string(),
            unit: unit_name(&state, r.unit).await,
            title: r.title,
            phase: phase.code(),
            phase_label: phase_label(&p, phase),
            opens: when(r.opens_at),
            closes: when(r.closes_at),
            voters: results_visible(phase, r.results_live).then_some(r.voters),
        });
    }
    Ok(ListPage {
        may_create: user
            .as_ref()
            .is_some_and(|u| authz::can_somewhere(u, Action::ManagePoll)),
        may_verify: user
            .as_ref()
            .is_some_and(|u| authz::can_somewhere(u, Action::VerifyCitizen)),
        p,
        rows,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
    })
}

/// An option as the page shows it.
#[derive(Debug)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    pub votes: i64,
    pub percent: String,
    pub chosen: bool,
}

/// What the ballot box says to this person.
#[derive(Debug, PartialEq, Eq)]
pub enum BallotState {
    /// The form is shown.
    May,
    SignIn,
    NotVerified,
    NotInAudience,
    Voted,
    NotOpen,
    Closed,
}

#[derive(Template, WebTemplate)]
#[template(path = "polls/poll.html")]
pub struct PollPage {
    p: PageCtx,
    id: String,
    title: String,
    question: String,
    description: String,
    unit: String,
    multiple: bool,
    max_choices: usize,
    phase: &'static str,
    phase_label: String,
    opens: String,
    closes: String,
    live: bool,
    ballot: BallotState,
    options: Vec<OptionView>,
    show_results: bool,
    voters: i64,
    by_channel: Vec<(String, i64)>,
    may_desk: bool,
    just_voted: bool,
    /// A refusal of the last ballot, in the reader's language.
    refusal: Option<String>,
    thread: crate::comments::Thread,
}

#[derive(Debug, Default, Deserialize)]
pub struct PollQuery {
    #[serde(default)]
    pub da_bo_phieu: Option<String>,
    #[serde(default)]
    pub binh_luan: Option<String>,
    #[serde(default)]
    pub trang_binh_luan: Option<i64>,
}

async fn poll_page(
    state: &AppState,
    p: PageCtx,
    user: Option<&CurrentUser>,
    poll: PollRecord,
    chosen: &[String],
    just_voted: bool,
    refusal: Option<String>,
) -> Result<PollPage, AppError> {
    let ctx = state.app();
    let phase = ops::phase(ctx, &poll);
    let show_results = results_visible(phase, poll.results_live);
    let ballot = match (phase, user) {
        (Phase::NotYetOpen, _) => BallotState::NotOpen,
        (Phase::Closed, _) => BallotState::Closed,
        (Phase::Open, None) => BallotState::SignIn,
        (Phase::Open, Some(u)) => match ops::online_voter(ctx, u.user_id, &poll).await? {
            OnlineVoter::May(_) => BallotState::May,
            OnlineVoter::NotVerified => BallotState::NotVerified,
            OnlineVoter::NotInAudience => BallotState::NotInAudience,
            OnlineVoter::Voted => BallotState::Voted,
        },
    };
    let by_channel = if show_results {
        polls::voters_by_channel(state.db(), poll.id)
            .await?
            .into_iter()
            .map(|(c, n)| (p.t(&format!("poll-channel-{c}")), n))
            .collect()
    } else {
        Vec::new()
    };
    let options = poll
        .options
        .iter()
        .map(|o| {
            let id = o.id.to_string();
            // The tally stays out of the page until it may be shown.
            let votes = if show_results { o.votes } else { 0 };
            OptionView {
                chosen: chosen.contains(&id),
                id,
                label: o.label.clone(),
                votes,
                percent: format!("{:.1}", percent(votes, poll.voters)),
            }
        })
        .collect();
    let may_desk =
        phase == Phase::Open && user.is_some_and(|u| authz::can_somewhere(u, Action::VoteAtDesk));
    let thread = crate::comments::thread(
        state,
        user,
        motcua_domain::comment::Subject::Poll(poll.id),
        &format!("/tham-do/{}", poll.id),
        None,
        None,
    )
    .await?;
    Ok(PollPage {
        id: poll.id.to_string(),
        unit: unit_name(state, poll.unit).await,
        title: poll.title,
        question: poll.question,
        description: poll.description,
        multiple: poll.kind == Kind::Multiple,
        max_choices: poll.max_choices,
        phase: phase.code(),
        phase_label: phase_label(&p, phase),
        opens: when(poll.opens_at),
        closes: when(poll.closes_at),
        live: poll.results_live,
        ballot,
        options,
        show_results,
        voters: if show_results { poll.voters } else { 0 },
        by_channel,
        may_desk,
        just_voted,
        refusal,
        thread,
        p,
    })
}

/// `GET /tham-do/{id}`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Path(id): Path<String>,
    Query(q): Query<PollQuery>,
) -> Result<PollPage, AppError> {
    let poll = polls::get(state.db(), poll_id(&id)?).await?;
    let mut page = poll_page(
        &state,
        p,
        user.as_ref(),
        poll,
        &[],
        q.da_bo_phieu.is_some(),
        None,
    )
    .await?;
    if q.trang_binh_luan.is_some_and(|n| n != 1) {
        page.thread = crate::comments::thread(
            &state,
            user.as_ref(),
            motcua_domain::comment::Subject::Poll(poll_id(&id)?),
            &format!("/tham-do/{id}"),
            None,
            q.trang_binh_luan,
        )
        .await?;
    }
    page.thread.note = crate::comments::note_of(q.binh_luan.as_deref());
    Ok(page)
}

/// The options ticked on a ballot form; an unreadable id is an option of no poll.
fn chosen_of(form: &FormData) -> (Vec<String>, Vec<PollOptionId>) {
    let raw: Vec<String> = form
        .fields
        .iter()
        .filter(|(k, _)| k == "option")
        .map(|(_, v)| v.clone())
        .collect();
    let ids = raw
        .iter()
        .map(|v| {
            PollOptionId::parse(v).unwrap_or_else(|_| PollOptionId::from_uuid(uuid::Uuid::nil()))
        })
        .collect();
    (raw, ids)
}

/// `POST /tham-do/{id}/bo-phieu`: a verified citizen's ballot.
pub async fn vote(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = poll_id(&id)?;
    let (raw, chosen) = chosen_of(&form);
    match ops::vote_online(state.app(), &user.actor(), id, &chosen).await {
        Ok(()) => Ok(Redirect::to(&format!("/tham-do/{id}?da_bo_phieu=1")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let Some(text) = refusal_text(p.lang, &e) else {
                return Err(e);
            };
            let poll = polls::get(state.db(), id).await?;
            let page = poll_page(&state, p, Some(&user), poll, &raw, false, Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `GET /tham-do/{id}/ket-qua.csv`: option, votes, share; then the voters by channel. Only
/// once the results may be shown.
pub async fn results_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let poll = polls::get(state.db(), poll_id(&id)?).await?;
    let phase = ops::phase(state.app(), &poll);
    if !results_visible(phase, poll.results_live) {
        return Err(AppError::Rule {
            code: "poll_results_hidden",
            message: motcua_domain::message::Text::id("poll-results-hidden"),
            allowed: Vec::new(),
        });
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, cells: [&str; 3]| {
        w.write_record(cells.map(|c| neutralise(c).into_owned()))
            .map_err(AppError::internal)
    };
    write(&mut w, ["lua_chon", "so_phieu", "ty_le_phan_tram"])?;
    for o in &poll.options {
        let share = format!("{:.1}", percent(o.votes, poll.voters));
        write(&mut w, [&o.label, &o.votes.to_string(), &share])?;
    }
    write(
        &mut w,
        ["tong_so_nguoi_bo_phieu", &poll.voters.to_string(), ""],
    )?;
    for (channel, n) in polls::voters_by_channel(state.db(), poll.id).await? {
        write(&mut w, [&format!("kenh_{channel}"), &n.to_string(), ""])?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    let disposition = format!("attachment; filename=\"tham-do-{}.csv\"", poll.id);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The residence chosen on a desk form, where the officer must be allowed `action`.
async fn served_residence(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
    raw: &str,
) -> Result<UnitId, AppError> {
    let unit = UnitId::parse(raw).map_err(|_| {
        AppError::field(
            "residence",
            crate::i18n::Text::id("poll-residence-required"),
        )
    })?;
    authz::require(state, Some(user), action, Some(unit)).await?;
    Ok(unit)
}

#[derive(Debug, Default)]
pub struct DeskValues {
    pub id_number: String,
    pub residence: String,
    pub chosen: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "polls/desk.html")]
pub struct DeskPage {
    p: PageCtx,
    id: String,
    title: String,
    question: String,
    multiple: bool,
    max_choices: usize,
    options: Vec<(String, String)>,
    units: Vec<(String, String)>,
    v: DeskValues,
    errors: FormErrors,
    refusal: Option<String>,
    recorded: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    pub da_ghi: Option<String>,
}

/// What the desk page says above the form.
#[derive(Debug)]
enum DeskNote {
    None,
    /// The last ballot was recorded.
    Recorded,
    /// The last ballot was refused, and why.
    Refused(String),
}

async fn desk_page(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    poll: PollRecord,
    v: DeskValues,
    errors: FormErrors,
    note: DeskNote,
) -> Result<DeskPage, AppError> {
    if !authz::can_somewhere(user, Action::VoteAtDesk) {
        return Err(AppError::Forbidden);
    }
    Ok(DeskPage {
        units: authz::units_where(state, user, Action::VoteAtDesk, Some(poll.unit)).await?,
        id: poll.id.to_string(),
        title: poll.title,
        question: poll.question,
        multiple: poll.kind == Kind::Multiple,
        max_choices: poll.max_choices,
        options: poll
            .options
            .iter()
            .map(|o| (o.id.to_string(), o.label.clone()))
            .collect(),
        p,
        v,
        errors,
        recorded: matches!(note, DeskNote::Recorded),
        refusal: match note {
            DeskNote::Refused(text) => Some(text),
            _ => None,
        },
    })
}

/// `GET /tham-do/{id}/tai-quay`: a blank desk ballot.
pub async fn desk_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<DeskQuery>,
) -> Result<DeskPage, AppError> {
    let poll = polls::get(state.db(), poll_id(&id)?).await?;
    desk_page(
        &state,
        p,
        &user,
        poll,
        DeskValues::default(),
        FormErrors::default(),
        if q.da_ghi.is_some() {
            DeskNote::Recorded
        } else {
            DeskNote::None
        },
    )
    .await
}

/// `POST /tham-do/{id}/tai-quay`: the officer records a ballot for the person in front of them.
pub async fn desk_vote(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = poll_id(&id)?;
    let (raw, chosen) = chosen_of(&form);
    let v = DeskValues {
        id_number: form.get("id_number"),
        residence: form.get("residence"),
        chosen: raw,
    };
    let result = match served_residence(&state, &user, Action::VoteAtDesk, &v.residence).await {
        Ok(residence) => ops::vote_at_desk(
            state.app(),
            &user.actor(),
            id,
            &v.id_number,
            residence,
            &chosen,
        )
        .await
        .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/tham-do/{id}/tai-quay?da_ghi=1")).into_response()),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                errors.add(&f.field, f.message);
            }
            let poll = polls::get(state.db(), id).await?;
            let page = desk_page(&state, p, &user, poll, v, errors, DeskNote::None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => {
            let Some(text) = refusal_text(p.lang, &e) else {
                return Err(e);
            };
            let poll = polls::get(state.db(), id).await?;
            let page = desk_page(
                &state,
                p,
                &user,
                poll,
                v,
                FormErrors::default(),
                DeskNote::Refused(text),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// A new poll's fields as typed.
#[derive(Debug, Default)]
pub struct NewValues {
    pub unit: String,
    pub title: String,
    pub question: String,
    pub description: String,
    pub kind: String,
    pub max_choices: String,
    pub options: String,
    pub opens_at: String,
    pub closes_at: String,
    pub results_live: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "polls/new.html")]
pub struct NewPage {
    p: PageCtx,
    units: Vec<(String, String)>,
    v: NewValues,
    errors: FormErrors,
}

fn local_input(at: DateTime<Utc>) -> String {
    vn_local(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// `GET /tham-do/moi`.
pub async fn new_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<NewPage, AppError> {
    if !authz::can_somewhere(&user, Action::ManagePoll) {
        return Err(AppError::Forbidden);
    }
    let now = state.app().now();
    Ok(NewPage {
        units: authz::units_where(&state, &user, Action::ManagePoll, None).await?,
        v: NewValues {
            kind: "single".into(),
            opens_at: local_input(now),
            closes_at: local_input(now + chrono::Duration::days(14)),
            ..NewValues::default()
        },
        errors: FormErrors::default(),
        p,
    })
}

/// `POST /tham-do/moi`.
pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !authz::can_somewhere(&user, Action::ManagePoll) {
        return Err(AppError::Forbidden);
    }
    let v = NewValues {
        unit: form.get("unit"),
        title: form.get("title"),
        question: form.get("question"),
        description: form.get("description"),
        kind: form.get("kind"),
        max_choices: form.get("max_choices"),
        options: form.get("options"),
        opens_at: form.get("opens_at"),
        closes_at: form.get("closes_at"),
        results_live: form.ticked("results_live"),
    };
    let unit = UnitId::parse(&v.unit).ok();
    if let Some(u) = unit {
        authz::require(&state, Some(&user), Action::ManagePoll, Some(u)).await?;
    }
    let raw = RawPoll {
        unit,
        title: v.title.clone(),
        question: v.question.clone(),
        description: v.description.clone(),
        kind: v.kind.clone(),
        max_choices: v.max_choices.clone(),
        options: v.options.lines().map(str::to_owned).collect(),
        // Unreadable is reported by the draft's check, as missing, beside its field.
        opens_at: parse_instant("opens_at", &v.opens_at).ok(),
        closes_at: parse_instant("closes_at", &v.closes_at).ok(),
        results_live: v.results_live,
    };
    match ops::create(state.app(), &user.actor(), raw).await {
        Ok(id) => Ok(Redirect::to(&format!("/tham-do/{id}")).into_response()),
        Err(e) => match AppError::from(e) {
            AppError::Validation(fields) | AppError::TooLong(fields) => {
                let mut errors = FormErrors::default();
                for f in fields {
                    errors.add(&f.field, f.message);
                }
                let page = NewPage {
                    units: authz::units_where(&state, &user, Action::ManagePoll, None).await?,
                    v,
                    errors,
                    p,
                };
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            other => Err(other),
        },
    }
}

#[derive(Debug, Default)]
pub struct VerifyValues {
    pub login: String,
    pub id_number: String,
    pub residence: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "polls/verify.html")]
pub struct VerifyPage {
    p: PageCtx,
    units: Vec<(String, String)>,
    v: VerifyValues,
    errors: FormErrors,
    done: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    pub da_xac_minh: Option<String>,
}

/// `GET /tham-do/xac-minh`.
pub async fn verify_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<VerifyQuery>,
) -> Result<VerifyPage, AppError> {
    if !authz::can_somewhere(&user, Action::VerifyCitizen) {
        return Err(AppError::Forbidden);
    }
    Ok(VerifyPage {
        units: authz::units_where(&state, &user, Action::VerifyCitizen, None).await?,
        v: VerifyValues::default(),
        errors: FormErrors::default(),
        done: q.da_xac_minh.is_some(),
        p,
    })
}

/// `POST /tham-do/xac-minh`: binds a citizen's account to the ID card the officer holds.
pub async fn verify(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !authz::can_somewhere(&user, Action::VerifyCitizen) {
        return Err(AppError::Forbidden);
    }
    let v = VerifyValues {
        login: form.get("login"),
        id_number: form.get("id_number"),
        residence: form.get("residence"),
    };
    let result = match served_residence(&state, &user, Action::VerifyCitizen, &v.residence).await {
        Ok(residence) => ops::verify_citizen(
            state.app(),
            &user.actor(),
            &v.login,
            &v.id_number,
            residence,
        )
        .await
        .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/tham-do/xac-minh?da_xac_minh=1").into_response()),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                errors.add(&f.field, f.message);
            }
            verify_refused(&state, p, &user, v, errors).await
        }
        Err(AppError::Conflict { field, message }) => {
            let mut errors = FormErrors::default();
            errors.add(&field, message);
            verify_refused(&state, p, &user, v, errors).await
        }
        Err(e) => Err(e),
    }
}

async fn verify_refused(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    v: VerifyValues,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = VerifyPage {
        units: authz::units_where(state, user, Action::VerifyCitizen, None).await?,
        v,
        errors,
        done: false,
        p,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
