//! Queue work for teams on one dossier: who holds its step, claiming it, assigning it to a
//! colleague, and the internal notes. A claim needs the step's own permission; an assignment
//! is the desk's or the head's, to an officer of the handling unit who works the step's role.
//! Notes are for whoever may see the dossier as an officer, and never leave the office.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::lifecycle::{ActionKind, Status};
use motcua_domain::ids::{DossierId, UnitId, UserId};
use motcua_domain::policy::{Action, Target};
use motcua_domain::role::Role;
use motcua_store::dossiers::DossierRecord;
use motcua_store::users;

use crate::auth::CurrentUser;
use crate::authz;
use crate::dossiers::{ActingAs, load_for, may_take, target};
use crate::error::AppError;
use crate::extract::PageForm;
use crate::i18n::Text;
use crate::pages::when;
use crate::state::AppState;

/// What the dossier page shows of the team's work.
#[derive(Debug, Default)]
pub struct TeamView {
    /// Who holds the current step, if anyone took it.
    pub holder: Option<String>,
    pub can_claim: bool,
    /// Officers the step can be given to, when the person may give it.
    pub assignees: Vec<(String, String)>,
    /// When, who, what.
    pub notes: Vec<(String, String, String)>,
}

/// An officer who may see the dossier, not its applicant (who may see it too).
fn is_officer_of(user: &CurrentUser, d: &DossierRecord, t: &Target) -> bool {
    authz::can_somewhere(user, Action::ViewDossier)
        && d.applicant.user_id != Some(user.user_id)
        && authz::decide(Some(user), Action::ViewDossier, t).is_ok()
}

fn in_a_step(d: &DossierRecord) -> bool {
    matches!(d.status, Status::Received | Status::InProgress)
}

/// The desk and the head hand steps out.
fn may_assign(user: &CurrentUser, t: &Target) -> bool {
    authz::decide(Some(user), Action::ReceiveDossier, t).is_ok()
        || authz::decide(Some(user), Action::DecideDossier, t).is_ok()
}

/// Officers of `unit`, not disabled, who hold `role`: whom a hand-over or an assignment may name.
pub(super) async fn officers(
    state: &AppState,
    unit: UnitId,
    role: Role,
) -> Result<Vec<(UserId, String)>, AppError> {
    let mut out = Vec::new();
    for u in users::list_by_unit(state.db(), unit).await? {
        if u.disabled {
            continue;
        }
        let grants = users::list_grants(state.db(), u.id).await?;
        if grants.iter().any(|g| g.role == role) {
            out.push((u.id, u.full_name));
        }
    }
    Ok(out)
}

/// Officers of the handling unit who work the current step's role.
async fn step_officers(
    state: &AppState,
    d: &DossierRecord,
) -> Result<Vec<(UserId, String)>, AppError> {
    match d.step_role {
        Some(role) => officers(state, d.handling_unit, role).await,
        None => Ok(Vec::new()),
    }
}

/// The team's part of the dossier page, for an officer who may see the dossier.
pub async fn view(
    state: &AppState,
    user: &CurrentUser,
    d: &DossierRecord,
    t: &Target,
) -> Result<TeamView, AppError> {
    if !is_officer_of(user, d, t) {
        return Ok(TeamView::default());
    }
    let holder = match d.step_user {
        Some(u) => match users::get(state.db(), u).await {
            Ok(x) => Some(x.full_name),
            Err(motcua_store::StoreError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let can_claim = in_a_step(d)
        && d.step_user != Some(user.user_id)
        && matches!(
            may_take(user, d, ActionKind::HandOver, t),
            Ok(ActingAs::Officer)
        );
    let assignees = if in_a_step(d) && may_assign(user, t) {
        step_officers(state, d)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect()
    } else {
        Vec::new()
    };
    let notes = motcua_store::dossiers::notes(state.db(), d.id)
        .await?
        .into_iter()
        .map(|n| (when(n.at), n.author_name, n.body))
        .collect();
    Ok(TeamView {
        holder,
        can_claim,
        assignees,
        notes,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AssignForm {
    pub version: String,
    /// Empty for a claim (the person themself).
    pub user_id: String,
}

fn parse_id(raw: &str) -> Result<DossierId, AppError> {
    DossierId::parse(raw).map_err(|_| AppError::NotFound)
}

/// The dossier of a team action, its authorization target and the version the form showed.
async fn dossier_for(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    version: &str,
) -> Result<(DossierRecord, Target, i64), AppError> {
    let d = load_for(state, Some(user), parse_id(id)?, Action::ViewDossier).await?;
    let t = target(state, Some(user), &d).await?;
    // An unreadable version can never match, so it is refused as stale.
    Ok((d, t, version.trim().parse().unwrap_or(-1)))
}

fn back(id: DossierId, done: &str) -> Response {
    Redirect::to(&format!("/mot-cua/ho-so/{id}?xong={done}")).into_response()
}

/// `POST /mot-cua/ho-so/{id}/nhan`: the officer takes the current step themself.
pub async fn claim(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<AssignForm>,
) -> Result<Response, AppError> {
    let (d, t, version) = dossier_for(&state, &user, &id, &f.version).await?;
    if !matches!(
        may_take(&user, &d, ActionKind::HandOver, &t),
        Ok(ActingAs::Officer)
    ) {
        return Err(AppError::Forbidden);
    }
    let me = (user.user_id, user.full_name.clone());
    motcua_app::dossiers::team::assign(state.app(), &user.actor(), &d, version, me).await?;
    Ok(back(d.id, "nhan"))
}

/// `POST /mot-cua/ho-so/{id}/giao`: the desk or the head gives the step to a colleague.
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<AssignForm>,
) -> Result<Response, AppError> {
    let (d, t, version) = dossier_for(&state, &user, &id, &f.version).await?;
    if !may_assign(&user, &t) {
        return Err(AppError::Forbidden);
    }
    let chosen = UserId::parse(f.user_id.trim()).ok();
    let to = step_officers(&state, &d)
        .await?
        .into_iter()
        .find(|(u, _)| Some(*u) == chosen)
        .ok_or_else(|| AppError::field("user_id", Text::id("validation-dossier-assignee")))?;
    motcua_app::dossiers::team::assign(state.app(), &user.actor(), &d, version, to).await?;
    Ok(back(d.id, "giao"))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NoteForm {
    pub body: String,
}

/// `POST /mot-cua/ho-so/{id}/ghi-chu`: an internal note by an officer who may see the dossier.
pub async fn note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<NoteForm>,
) -> Result<Response, AppError> {
    let d = load_for(&state, Some(&user), parse_id(&id)?, Action::ViewDossier).await?;
    let t = target(&state, Some(&user), &d).await?;
    // The applicant may view their dossier too, but notes are the officers'.
    if !is_officer_of(&user, &d, &t) {
        return Err(AppError::Forbidden);
    }
    AppError::check_lengths(&[("body", &f.body)])?;
    motcua_app::dossiers::team::add_note(state.app(), &user.actor(), &d, &f.body).await?;
    Ok(back(d.id, "ghi-chu"))
}
