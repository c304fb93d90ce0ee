//! Petitions (đơn thư: complaints, denunciations, recommendations, feedback) in the web layer.
//!
//! URL prefixes: pages under `/don-thu` (the register, registering, a case, its actions,
//! duplicates, reveal, handlers and notices) and `/chi-dao` (the steering dashboard); the API
//! under `/api/v1/petitions`. What lives where: [`pages`] and [`api`] parse, authorize and call
//! the operations of `motcua_app::petitions`; [`input`] holds the one input type per operation,
//! parsed into the operations' types for both; [`view`] what both show; [`access`] who may see
//! and handle which petition. Pages and the API never import from each other.

pub mod access;
pub(crate) mod api;
pub mod input;
mod pages;
pub(crate) use pages::online::count_mine;
pub(crate) mod view;

// A reception visit seals a denouncer met there with the petitions' keys and masking.
pub(crate) use motcua_app::petitions::identity;

use motcua_domain::ids::PetitionId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::policy::Action;
use motcua_store::petitions::PetitionRecord;

use self::access::actor;
use self::input::{ActionInput, RegisterInput};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// The petition pages.
pub(crate) fn pages() -> axum::Router<AppState> {
    pages::router()
}

/// The petition API.
pub(crate) fn api() -> utoipa_axum::router::OpenApiRouter<AppState> {
    api::router()
}

/// Registers a petition, from any source, for a unit where the caller handles petitions.
pub async fn register(
    state: &AppState,
    user: &CurrentUser,
    input: &RegisterInput,
) -> Result<PetitionRecord, AppError> {
    if !authz::can_somewhere(user, Action::HandlePetition) {
        return Err(AppError::Forbidden);
    }
    let mut reg = input.parse(motcua_store::now(), access::own_unit(user))?;
    authz::require(state, Some(user), Action::HandlePetition, Some(reg.unit)).await?;
    if let Some(visit) = reg.visit {
        let v = motcua_store::reception::get_visit(state.db(), visit)
            .await
            .map_err(|_| {
                AppError::field("visit_id", Text::id("validation-petition-visit_not_found"))
            })?;
        authz::require(state, Some(user), Action::HandlePetition, Some(v.unit)).await?;
        // A denouncer met at reception was sealed there: their identity passes from the visit's
        // seal to the petition's without being typed, or shown, again.
        if let Some(sealed) = &v.visitor_sealed
            && reg.sender.name.trim().is_empty()
        {
            reg.sender = identity::open_visitor(state.app().identity_keys(), v.id, sealed)?;
        }
    }
    Ok(motcua_app::petitions::cases::register(state.app(), &actor(user), reg).await?)
}

/// Applies an action typed by the person.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: PetitionId,
    input: &ActionInput,
) -> Result<PetitionRecord, AppError> {
    let p = access::load_for(state, user, id, Action::HandlePetition).await?;
    let kind = PetitionKind::parse(&p.kind).unwrap_or(PetitionKind::Feedback);
    let cmd = input.command(kind)?;
    Ok(
        motcua_app::petitions::cases::act(state.app(), &actor(user), &p, input.version, &cmd)
            .await?,
    )
}
