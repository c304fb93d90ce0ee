//! One-stop dossiers (hồ sơ) on the web: the desk's intake and a citizen's online filing, the
//! queue, one dossier with its actions, its printed forms and the unit's logbook, public
//! tracking and the citizen's rating; and the same as JSON.
//!
//! Pages ([`pages`]), Vietnamese URLs: `/mot-cua/ho-so` (queue), `/mot-cua/cua-toi` (a
//! citizen's dossiers), `/mot-cua/tiep-nhan` (desk intake), `/mot-cua/nop-truc-tuyen` (online
//! filing), `/mot-cua/ho-so/{id}` (one dossier; `/thao-tac` its actions, `/tep/{sha256}` a
//! file, `/bieu-mau/{form}` its forms), `/mot-cua/so-theo-doi` (logbook), `/tra-cuu` (public
//! tracking) and `/tra-cuu/{code}/danh-gia` (rating).
//!
//! API ([`api`]): `/api/v1/dossiers` (queue, intake, one dossier, `/actions`),
//! `/api/v1/track/{code}` and `/api/v1/track/{code}/rating`.
//!
//! Both parse what they receive with [`input`], show the public view of [`view`], and share
//! here the access checks and the two paths that write through the use cases
//! (`motcua_app::dossiers`): an action ([`act`]) and a rating ([`rate`]).

pub(crate) mod api;
pub(crate) mod input;
mod pages;
mod view;

use chrono::{DateTime, Utc};
use motcua_app::dossiers::{ActRequest, Rate, UploadedFile};
use motcua_domain::dossier::lifecycle::ActionKind;
use motcua_domain::dossier::rating::RatingForm;
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::policy::{Action, Target};
use motcua_store::dossiers::{self, DossierRecord};
use utoipa_axum::router::OpenApiRouter;

use crate::auth::{ClientIp, CurrentUser};
use crate::authz;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;
use input::{ActionInput, RatingInput};

/// The dossier pages.
pub(crate) fn pages() -> axum::Router<AppState> {
    pages::router()
}

/// The dossier, tracking and rating API.
pub(crate) fn api() -> OpenApiRouter<AppState> {
    api::router()
}

/// The authorization target of a dossier: its handling unit's path, owned by the applicant.
pub async fn target(
    state: &AppState,
    user: Option<&CurrentUser>,
    d: &DossierRecord,
) -> Result<Target, AppError> {
    let seen = user.and_then(|u| u.cache);
    let path = state
        .cache()
        .ancestry(state.db(), seen, d.handling_unit)
        .await?;
    Ok(target_on(d, path))
}

/// [`target`] with the handling unit's ancestry (`path`, the unit first) already at hand.
#[must_use]
pub fn target_on(d: &DossierRecord, path: Vec<UnitId>) -> Target {
    match d.applicant.user_id {
        Some(owner) => Target::owned_by(owner, path),
        None => Target::in_unit(path),
    }
}

/// Loads a dossier the person may `action` on; 404 if they may not know it exists.
pub async fn load_for(
    state: &AppState,
    user: Option<&CurrentUser>,
    id: DossierId,
    action: Action,
) -> Result<DossierRecord, AppError> {
    let d = dossiers::get(state.db(), id).await?;
    authz::decide(user, action, &target(state, user, &d).await?)?;
    Ok(d)
}

/// The permission an action needs on this dossier (it depends on the current step's role).
#[must_use]
pub fn permission(d: &DossierRecord, kind: ActionKind) -> Action {
    kind.permission(d.step_role)
}

/// In which capacity a person takes an action on a dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActingAs {
    /// By a role of theirs at the dossier's unit.
    Officer,
    /// The applicant, bringing the missing documents of their own dossier online: the one
    /// action an applicant takes, and only with the documents themselves.
    Applicant,
}

/// Whether this person may take `kind` on `d`, and as whom.
pub fn may_take(
    user: &CurrentUser,
    d: &DossierRecord,
    kind: ActionKind,
    target: &Target,
) -> Result<ActingAs, AppError> {
    match authz::decide(Some(user), permission(d, kind), target) {
        Ok(()) => Ok(ActingAs::Officer),
        Err(e) if kind == ActionKind::Resubmit => {
            authz::decide(Some(user), Action::SupplementOwnDossier, target)
                .map(|()| ActingAs::Applicant)
                .map_err(|_| e)
        }
        Err(e) => Err(e),
    }
}

/// The actions of `allowed` this person may take on `d`: the buttons to show.
pub async fn actions_for(
    state: &AppState,
    user: &CurrentUser,
    d: &DossierRecord,
    now: DateTime<Utc>,
) -> Result<Vec<ActionKind>, AppError> {
    let t = target(state, Some(user), d).await?;
    Ok(actions_on(user, d, &t, now))
}

/// [`actions_for`] with the dossier's authorization target already at hand.
#[must_use]
pub fn actions_on(
    user: &CurrentUser,
    d: &DossierRecord,
    target: &Target,
    now: DateTime<Utc>,
) -> Vec<ActionKind> {
    motcua_app::dossiers::snapshot(d)
        .allowed(now)
        .into_iter()
        .filter(|k| may_take(user, d, *k, target).is_ok())
        .collect()
}

/// Checks the permission for the action on this dossier's current step, then acts.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: DossierId,
    input: &ActionInput,
    documents: Vec<(String, UploadedFile)>,
) -> Result<DossierRecord, AppError> {
    let d = motcua_store::dossiers::get(state.db(), id).await?;
    let target = target(state, Some(user), &d).await?;
    act_on(state, user, d, &target, input, documents).await
}

/// [`act`] on a dossier already loaded, with its authorization target.
pub(crate) async fn act_on(
    state: &AppState,
    user: &CurrentUser,
    d: DossierRecord,
    target: &motcua_domain::policy::Target,
    input: &ActionInput,
    documents: Vec<(String, UploadedFile)>,
) -> Result<DossierRecord, AppError> {
    authz::decide(Some(user), Action::ViewDossier, target)?;
    let kind = input.kind()?;
    let acting = may_take(user, &d, kind, target)?;
    let command = input.command()?;
    if acting == ActingAs::Applicant && documents.is_empty() {
        return Err(AppError::field(
            "files",
            Text::id("validation-dossier-supplement_files_required"),
        ));
    }
    let receiver = match input.receiver()? {
        Some(u) => {
            let who = motcua_store::users::get(state.db(), u).await.map_err(|_| {
                AppError::field(
                    "receiver",
                    Text::id("validation-dossier-receiver_not_found"),
                )
            })?;
            Some((u, who.full_name))
        }
        None => None,
    };
    if let motcua_domain::dossier::lifecycle::Command::Transfer { to_unit, .. } = &command {
        if *to_unit == d.handling_unit {
            return Err(AppError::field(
                "to_unit",
                Text::id("validation-dossier-transfer_same_unit"),
            ));
        }
        motcua_store::units::get(state.db(), *to_unit)
            .await
            .map_err(|_| {
                AppError::field("to_unit", Text::id("validation-dossier-to_unit_not_found"))
            })?;
    }
    let req = ActRequest {
        dossier: d,
        expected_version: input.version,
        command,
        receiver,
        documents,
        at: state.app().now(),
    };
    Ok(motcua_app::dossiers::act(state.app(), &user.actor(), req).await?)
}

/// Validates and records a rating; the one path for the page and the API.
pub(crate) async fn rate(
    state: &AppState,
    client: &ClientIp,
    code: &str,
    mut input: RatingInput,
) -> Result<DossierRecord, AppError> {
    let mut fields: Vec<(&str, &str)> =
        vec![("comment", &input.comment), ("verify", &input.verify)];
    fields.extend(input.answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    AppError::check_lengths(&fields)?;
    let d = view::lookup(state, client, code).await?;
    input.answers.remove("csrf");
    input.answers.remove("verify");
    let rating = Rate {
        form: RatingForm {
            answers: input.answers,
            comment: input.comment,
        },
        verify: input.verify,
    };
    // Anyone holding the code and the ID's last digits may rate: no account is recorded.
    let actor = motcua_app::Actor::system("citizen");
    motcua_app::dossiers::rate(state.app(), &actor, &d, rating).await?;
    Ok(d)
}
