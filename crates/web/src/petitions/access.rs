//! Who may see and handle which petitions: a petition belongs to its handling unit, and a grant
//! on a unit reaches its subtree. Outside the person's units a petition does not exist (404).

use motcua_domain::ids::{PetitionId, UnitId, UserId};
use motcua_domain::policy::Action;
use motcua_store::petitions::{self, PetitionRecord};

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::state::AppState;
use motcua_app::Actor;

/// Loads a petition the person may `action` on; 404 if they may not know it exists.
pub async fn load_for(
    state: &AppState,
    user: &CurrentUser,
    id: PetitionId,
    action: Action,
) -> Result<PetitionRecord, AppError> {
    let p = match petitions::get(state.db(), id).await {
        Ok(p) => p,
        Err(motcua_store::StoreError::NotFound { .. }) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    // Seeing the case comes first: someone outside its units learns nothing, not even that it
    // exists; someone inside who may only view gets 403 for an action.
    authz::require(state, Some(user), Action::ViewPetition, Some(p.unit)).await?;
    if action != Action::ViewPetition {
        authz::require(state, Some(user), action, Some(p.unit)).await?;
    }
    Ok(p)
}

/// The unit a person registers petitions for: the first unit where they may handle them.
#[must_use]
pub fn own_unit(user: &CurrentUser) -> Option<UnitId> {
    authz::scope_roots(user, Action::HandlePetition).and_then(|r| r.first().copied())
}

/// Every unit at and below the roots where the person may do `action`; `None` means all.
pub async fn units_for(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
) -> Result<Option<Vec<UnitId>>, AppError> {
    let Some(roots) = authz::scope_roots(user, action) else {
        return Ok(None);
    };
    let all = motcua_store::units::list_all(state.db()).await?;
    let mut out: Vec<UnitId> = roots;
    let mut i = 0;
    while let Some(parent) = out.get(i).copied() {
        for u in &all {
            if u.parent == Some(parent) && !out.contains(&u.id) {
                out.push(u.id);
            }
        }
        i += 1;
    }
    Ok(Some(out))
}

/// Is the person named as a handler of the case (and so may reveal a protected identity)?
pub async fn is_handler(
    state: &AppState,
    p: &PetitionRecord,
    user: UserId,
) -> Result<bool, AppError> {
    Ok(petitions::handlers(state.db(), p.id).await?.contains(&user))
}

/// The actor behind a request.
#[must_use]
pub fn actor(user: &CurrentUser) -> Actor {
    user.actor()
}
