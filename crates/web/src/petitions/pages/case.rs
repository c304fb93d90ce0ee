//! One petition: its facts (the sender by pseudonym when protected), deadline and its state,
//! timeline, duplicate candidates, handlers, notices to print, and the actions the person may
//! take. A handler named on the case may reveal a protected sender by giving a reason; the
//! identity is then shown on that one answer, never in a URL, and the reveal is logged.

use crate::i18n::Lang;
use crate::i18n::Text;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::ids::{PetitionId, UserId};
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::deadlines::Complexity;
use motcua_domain::petition::lifecycle::{ActionKind, Status};
use motcua_domain::policy::Action;
use motcua_domain::role::Role;
use motcua_store::petitions::{self, PetitionRecord};
use motcua_store::users;
use serde::Deserialize;

use super::PetitionNav;
use super::register::reasons_for;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::pages::when;
use crate::pages::{FormErrors, PageCtx};
use crate::petitions::access::{self, actor};
use crate::petitions::act as act_on;
use crate::petitions::input::{ActionInput, DuplicateInput};
use crate::petitions::view::{allowed_codes, duplicate_dtos, watch_label};
use crate::state::AppState;
use motcua_app::petitions::cases::{self, CaseState};
use motcua_app::petitions::identity::Identity;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    #[serde(rename = "da-dang-ky")]
    pub registered: String,
    pub xong: String,
}

#[derive(Debug)]
pub struct Facts {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub kind_code: String,
    pub source: String,
    pub status: String,
    pub status_code: String,
    pub subject: String,
    pub respondent: String,
    /// What the respondent is called for this kind.
    pub respondent_label: String,
    pub content: String,
    pub protected: bool,
    pub anonymous: bool,
    pub sender_label: String,
    pub sender_address: String,
    pub sender_id_number: String,
    pub sender_phone: String,
    pub representatives: String,
    pub signatory_count: i64,
    pub received: String,
    pub deadline_kind: String,
    pub due: Option<String>,
    pub deadline_state: Option<(&'static str, String)>,
    pub reply_due: Option<String>,
    pub complexity: String,
    pub extensions: i64,
    pub instance: i64,
    pub forwarded_to: String,
    pub decision: String,
    pub flag: Option<(String, String)>,
    pub repeats_decided: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug)]
pub struct EventRow {
    pub at: String,
    pub label: String,
    pub actor: String,
    pub note: String,
}

#[derive(Debug)]
pub struct DuplicateRow {
    pub id: String,
    pub code: String,
    pub score: i64,
    pub reasons: String,
    pub decision: String,
}

/// The form of one allowed action, with what was typed when it came back with errors.
#[derive(Debug)]
pub struct ActionForm {
    pub code: &'static str,
    pub label: String,
    pub errors: FormErrors,
    pub v: ActionInput,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/case.html")]
pub struct CasePage {
    p: PageCtx,
    nav: PetitionNav,
    c: Facts,
    version: i64,
    timeline: Vec<EventRow>,
    duplicates: Vec<DuplicateRow>,
    handlers: Vec<String>,
    colleagues: Vec<(String, String)>,
    forms: Vec<ActionForm>,
    reasons: Vec<(&'static str, String)>,
    complexities: Vec<(&'static str, String)>,
    notices: Vec<(String, String)>,
    can_handle: bool,
    can_reveal: bool,
    reveal_errors: FormErrors,
    revealed: Option<Identity>,
    alert: Option<String>,
}

impl CasePage {
    /// Whether the notice `slug` can be printed now.
    fn has_notice(&self, slug: &str) -> bool {
        self.notices.iter().any(|(s, _)| s == slug)
    }
}

fn parse_id(raw: &str) -> Result<PetitionId, AppError> {
    PetitionId::parse(raw).map_err(|_| AppError::NotFound)
}

fn event_label(lang: Lang, action: &str) -> String {
    match action {
        "registered" | "duplicate_linked" | "duplicate_dismissed" => {
            lang.t(&format!("petition-event-{action}"))
        }
        a => ActionKind::parse(a).map_or_else(|| a.to_owned(), |k| lang.label(k)),
    }
}

async fn facts(state: &AppState, lang: Lang, p: &PetitionRecord) -> Result<Facts, AppError> {
    let now = motcua_store::now();
    let st = CaseState::of(p);
    let deadline_state = cases::deadline_state(state.app(), p, now)
        .await?
        .map(|s| (s.code(), lang.label(s)));
    let reps: Vec<String> = serde_json::from_str(&p.representatives).unwrap_or_default();
    Ok(Facts {
        id: p.id.to_string(),
        code: p.code.clone(),
        kind: PetitionKind::parse(&p.kind).map_or_else(|| p.kind.clone(), |k| lang.label(k)),
        kind_code: p.kind.clone(),
        source: motcua_domain::petition::Source::parse(&p.source)
            .map_or_else(|| p.source.clone(), |s| lang.label(s)),
        status: Status::parse(&p.status).map_or_else(|| p.status.clone(), |s| lang.label(s)),
        status_code: p.status.clone(),
        subject: p.subject.clone(),
        respondent: p.respondent.clone(),
        respondent_label: crate::petitions::view::respondent_label(lang, &p.kind),
        content: p.content.clone(),
        protected: p.protected,
        anonymous: p.anonymous,
        sender_label: p.pseudonym.clone(),
        sender_address: p.sender.address.clone(),
        sender_id_number: p.sender.id_number.clone(),
        sender_phone: p.sender.phone.clone(),
        representatives: reps.join(", "),
        signatory_count: p.signatory_count,
        received: when(p.received_at),
        deadline_kind: match p.deadline_kind.as_deref() {
            Some(k @ ("acceptance" | "resolution")) => {
                lang.t(&format!("petition-deadline-kind-{k}"))
            }
            Some(other) => other.to_owned(),
            None => String::new(),
        },
        due: p.due_at.map(when),
        deadline_state,
        reply_due: p.reply_due_at.map(when),
        complexity: Complexity::parse(&p.complexity)
            .map_or_else(|| p.complexity.clone(), |c| lang.label(c)),
        extensions: p.extensions,
        instance: p.instance,
        forwarded_to: p.forwarded_to.clone(),
        decision: p.decision_summary.clone(),
        flag: p
            .watch_flag
            .as_deref()
            .map(|f| (f.to_owned(), watch_label(lang, f))),
        repeats_decided: st.repeats_decided,
        reason: p.reason_code.as_deref().and_then(|c| {
            motcua_domain::petition::eligibility::Ineligibility::parse(c).map(|r| lang.label(r))
        }),
    })
}

/// Officers of the unit who handle petitions, to name on the case.
async fn colleagues(
    state: &AppState,
    p: &PetitionRecord,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for u in users::list_by_unit(state.db(), p.unit).await? {
        if u.disabled {
            continue;
        }
        let grants = users::list_grants(state.db(), u.id).await?;
        if grants.iter().any(|g| g.role == Role::PetitionHandler) {
            out.push((u.id.to_string(), u.full_name));
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)] // one page, its failure modes
async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    rec: &PetitionRecord,
    failed: Option<(&'static str, FormErrors, ActionInput)>,
    alert: Option<String>,
    reveal_errors: FormErrors,
    revealed: Option<Identity>,
) -> Result<CasePage, AppError> {
    let nav = PetitionNav::of(user);
    let events = petitions::events(state.db(), rec.id).await?;
    let timeline = events
        .iter()
        .map(|e| EventRow {
            at: when(e.at),
            label: event_label(p.lang, &e.action),
            actor: e.actor_name.clone(),
            note: e.note.clone(),
        })
        .collect();
    let duplicates = duplicate_dtos(state, user, rec)
        .await?
        .into_iter()
        .map(|d| DuplicateRow {
            id: d.candidate_id,
            code: d.candidate_code,
            score: d.score,
            reasons: d.reasons,
            decision: d.decision,
        })
        .collect();
    let mut handlers = Vec::new();
    let handler_ids = petitions::handlers(state.db(), rec.id).await?;
    for u in &handler_ids {
        handlers.push(users::get(state.db(), *u).await.map(|u| u.full_name)?);
    }
    let allowed = allowed_codes(state, user, rec).await?;
    let can_handle =
        crate::authz::require(state, Some(user), Action::HandlePetition, Some(rec.unit))
            .await
            .is_ok();
    let mut failed = failed;
    let forms = allowed
        .iter()
        .filter_map(|code| ActionKind::parse(code))
        .map(|k| {
            let (errors, v) = match failed.take() {
                Some((code, errors, v)) if code == k.code() => (errors, v),
                other => {
                    failed = other;
                    (
                        FormErrors::prefixed(&format!("{}-", k.code())),
                        ActionInput::default(),
                    )
                }
            };
            ActionForm {
                code: k.code(),
                label: p.lang.label(k),
                errors,
                v,
            }
        })
        .collect();
    let kind = PetitionKind::parse(&rec.kind).unwrap_or(PetitionKind::Feedback);
    Ok(CasePage {
        nav,
        c: facts(state, p.lang, rec).await?,
        version: rec.version,
        timeline,
        duplicates,
        handlers,
        colleagues: if can_handle {
            colleagues(state, rec).await?
        } else {
            Vec::new()
        },
        forms,
        reasons: reasons_for(p.lang, kind),
        complexities: Complexity::ALL
            .iter()
            .filter(|c| c.applies_to(kind))
            .map(|c| (c.code(), p.lang.label(*c)))
            .collect(),
        notices: super::notices::available(p.lang, rec, &events),
        can_handle,
        can_reveal: rec.protected && handler_ids.contains(&user.user_id),
        reveal_errors,
        revealed,
        alert,
        p,
    })
}

/// `GET /don-thu/{id}`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let rec = access::load_for(&state, &user, parse_id(&id)?, Action::ViewPetition).await?;
    let p = if !q.registered.is_empty() {
        let due = rec.due_at.map(when).unwrap_or_default();
        let notice = p.lang.t_args(
            "pet-registered-notice",
            &[("code", rec.code.clone().into()), ("due", due.into())],
        );
        p.with_notice(notice)
    } else if let Some(k) = ActionKind::parse(&q.xong) {
        let notice = p.t1("pet-action-done", "action", p.lang.label(k));
        p.with_notice(notice)
    } else {
        p
    };
    let page = render(
        &state,
        p,
        &user,
        &rec,
        None,
        None,
        FormErrors::default(),
        None,
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /don-thu/{id}/thao-tac`.
pub async fn act(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(input): PageForm<ActionInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (status, failed, alert) = match act_on(&state, &user, id, &input).await {
        Ok(_) => {
            let to = format!("/don-thu/{id}?xong={}", input.action.trim());
            return Ok(Redirect::to(&to).into_response());
        }
        Err(AppError::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, None, Some(p.lang.text(&message)))
        }
        Err(AppError::Rule { message, .. }) => {
            (StatusCode::CONFLICT, None, Some(p.lang.text(&message)))
        }
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            match ActionKind::parse(&input.action) {
                Some(k) => {
                    let mut errors = FormErrors::prefixed(&format!("{}-", k.code()));
                    for f in fields {
                        errors.add(&f.field, f.message);
                    }
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Some((k.code(), errors, input)),
                        None,
                    )
                }
                None => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    Some(
                        fields
                            .into_iter()
                            .map(|f| p.lang.text(&f.message))
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ),
            }
        }
        Err(e) => return Err(e),
    };
    let rec = access::load_for(&state, &user, id, Action::ViewPetition).await?;
    let page = render(
        &state,
        p,
        &user,
        &rec,
        failed,
        alert,
        FormErrors::default(),
        None,
    )
    .await?;
    Ok((status, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DuplicateForm {
    pub candidate: String,
    pub decision: String,
}

/// `POST /don-thu/{id}/trung-lap`.
pub async fn duplicate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<DuplicateForm>,
) -> Result<Response, AppError> {
    let rec = access::load_for(&state, &user, parse_id(&id)?, Action::HandlePetition).await?;
    let candidate = parse_id(&f.candidate)?;
    let link = DuplicateInput {
        decision: f.decision,
    }
    .parse()?;
    motcua_app::petitions::duplicates::decide_duplicate(
        state.app(),
        &actor(&user),
        &rec,
        candidate,
        link,
    )
    .await?;
    Ok(Redirect::to(&format!("/don-thu/{}", rec.id)).into_response())
}

/// The reveal form: [`crate::petitions::input::RevealInput`] with the page's CSRF field beside it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevealForm {
    pub reason: String,
}

/// `POST /don-thu/{id}/tiet-lo`: the identity on this answer only.
pub async fn reveal(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<RevealForm>,
) -> Result<Response, AppError> {
    let rec = access::load_for(&state, &user, parse_id(&id)?, Action::HandlePetition).await?;
    match motcua_app::petitions::identity::reveal(state.app(), &actor(&user), &rec, &f.reason)
        .await
        .map_err(AppError::from)
    {
        Ok(identity) => {
            let page = render(
                &state,
                p,
                &user,
                &rec,
                None,
                None,
                FormErrors::default(),
                Some(identity),
            )
            .await?;
            Ok(page.into_response())
        }
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let mut errors = FormErrors::prefixed("reveal-");
            for m in fields {
                errors.add(&m.field, m.message);
            }
            let page = render(&state, p, &user, &rec, None, None, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandlerForm {
    pub user_id: String,
}

/// `POST /don-thu/{id}/can-bo`: a handler or the unit's head names another handler.
pub async fn add_handler(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<HandlerForm>,
) -> Result<Response, AppError> {
    let rec = access::load_for(&state, &user, parse_id(&id)?, Action::HandlePetition).await?;
    if !access::is_handler(&state, &rec, user.user_id).await? {
        return Err(AppError::Forbidden);
    }
    let who = UserId::parse(&f.user_id)
        .map_err(|_| AppError::field("user_id", Text::id("validation-petition-assignee")))?;
    if !colleagues(&state, &rec)
        .await?
        .iter()
        .any(|(id, _)| *id == who.to_string())
    {
        return Err(AppError::field(
            "user_id",
            Text::id("validation-petition-assignee_scope"),
        ));
    }
    cases::add_handler(state.app(), &actor(&user), &rec, who).await?;
    Ok(Redirect::to(&format!("/don-thu/{}", rec.id)).into_response())
}
