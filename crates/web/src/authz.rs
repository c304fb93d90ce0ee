//! Authorization, decided in one place: every protected handler calls [`require`], which asks
//! the domain's [`policy`](motcua_domain::policy) and, for API tokens, checks the token's scope.
//! Allowed, 403 (the person may know the record but not do this), or 404 (the record is outside
//! their units, so its existence is not revealed). Anonymous callers get 401.

use motcua_domain::ids::UnitId;
use motcua_domain::policy::{self, Action, Decision, Principal, Target};

use crate::auth::{Credential, CurrentUser};
use crate::error::AppError;
use crate::state::AppState;

/// The API-token scope an action needs. Sessions have every scope their roles allow.
#[must_use]
pub const fn scope_for(action: Action) -> &'static str {
    match action {
        Action::ViewCatalogue | Action::ViewUnit => "public",
        Action::ManageCatalogue => "catalogue:write",
        Action::ManageUnit | Action::RecordUnitChange => "units:write",
        Action::ViewUser => "users:read",
        Action::ManageUser | Action::GrantRole(_) => "users:write",
        Action::ViewOwnAccount | Action::ChangeOwnPassword => "account",
        Action::ViewDossier => "dossiers:read",
        Action::ReceiveDossier
        | Action::ProcessDossier
        | Action::DecideDossier
        | Action::SupplementOwnDossier => "dossiers:write",
        Action::ViewPetition | Action::ViewDashboard => "petitions:read",
        Action::HandlePetition => "petitions:write",
        _ => "admin",
    }
}

fn principal(user: Option<&CurrentUser>) -> Principal {
    user.map_or_else(Principal::anonymous, |u| {
        Principal::user(u.user_id, u.grants.clone())
    })
}

/// The decision, without touching the database (the target is already resolved).
pub fn decide(user: Option<&CurrentUser>, action: Action, target: &Target) -> Result<(), AppError> {
    if let Some(CurrentUser {
        credential: Credential::Token { scopes, .. },
        ..
    }) = user
    {
        let needed = scope_for(action);
        if needed != "public" && !scopes.iter().any(|s| s == needed) {
            return Err(AppError::Forbidden);
        }
    }
    match policy::authorize(&principal(user), action, target) {
        Decision::Allow => Ok(()),
        Decision::Forbidden if user.is_none() => Err(AppError::Unauthenticated),
        Decision::Forbidden => Err(AppError::Forbidden),
        Decision::NotFound => Err(AppError::NotFound),
    }
}

/// The target for a record of `unit`: the unit and its ancestors.
pub async fn unit_target(
    state: &AppState,
    user: Option<&CurrentUser>,
    unit: UnitId,
) -> Result<Target, AppError> {
    let seen = user.and_then(|u| u.cache);
    match state.cache().ancestry(state.db(), seen, unit).await {
        Ok(path) => Ok(Target::in_unit(path)),
        Err(motcua_store::StoreError::NotFound { .. }) => Err(AppError::NotFound),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// Allowed to do `action` on a record of `unit` (or system-wide with `None`)?
pub async fn require(
    state: &AppState,
    user: Option<&CurrentUser>,
    action: Action,
    unit: Option<UnitId>,
) -> Result<(), AppError> {
    let target = match unit {
        Some(u) => unit_target(state, user, u).await?,
        None => Target::system(),
    };
    decide(user, action, &target)
}

/// Whether the person may do `action` somewhere in their scope (for menus and list pages).
#[must_use]
pub fn can_somewhere(user: &CurrentUser, action: Action) -> bool {
    user.grants.iter().any(|g| {
        let target = g
            .unit
            .map_or_else(Target::system, |u| Target::in_unit(vec![u]));
        decide(Some(user), action, &target).is_ok()
    })
}

#[must_use]
pub fn can_see_admin_units(user: &CurrentUser) -> bool {
    can_somewhere(user, Action::ManageUnit)
}

#[must_use]
pub fn can_see_admin_users(user: &CurrentUser) -> bool {
    can_somewhere(user, Action::ViewUser)
}

#[must_use]
pub fn can_see_admin_procedures(user: &CurrentUser) -> bool {
    can_somewhere(user, Action::ManageCatalogue)
}

/// The unit subtrees in which the person may do `action`; `None` means everywhere.
#[must_use]
pub fn scope_roots(user: &CurrentUser, action: Action) -> Option<Vec<UnitId>> {
    let mut roots = Vec::new();
    for g in &user.grants {
        let target = g
            .unit
            .map_or_else(Target::system, |u| Target::in_unit(vec![u]));
        if decide(Some(user), action, &target).is_err() {
            continue;
        }
        match g.unit {
            None => return None,
            Some(u) => roots.push(u),
        }
    }
    Some(roots)
}

/// The units in force in `within`'s subtree (all with `None`) where the person may do
/// `action`, as (id, name) by name: the choices of a form's unit field.
pub async fn units_where(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
    within: Option<UnitId>,
) -> Result<Vec<(String, String)>, AppError> {
    let roots = scope_roots(user, action);
    let mut out = Vec::new();
    for u in motcua_store::units::list_in_force(state.db(), crate::pages::today_vn()).await? {
        let path = state.cache().ancestry(state.db(), None, u.id).await?;
        let within_ok = within.is_none_or(|w| path.contains(&w));
        let mine = roots
            .as_ref()
            .is_none_or(|r| r.iter().any(|root| path.contains(root)));
        if within_ok && mine {
            out.push((u.id.to_string(), u.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The units at and below `roots`, among all units (those no longer in force included): a
/// grant on a unit reaches its whole subtree, and list filters match units exactly.
pub async fn subtrees(state: &AppState, roots: &[UnitId]) -> Result<Vec<UnitId>, AppError> {
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let all = motcua_store::units::list_all(state.db()).await?;
    let mut out: Vec<UnitId> = roots.to_vec();
    let mut i = 0;
    while let Some(parent) = out.get(i).copied() {
        for u in &all {
            if u.parent == Some(parent) && !out.contains(&u.id) {
                out.push(u.id);
            }
        }
        i += 1;
    }
    Ok(out)
}

/// The units where the person may do any of `actions`, for a list's filter; `None` means
/// everywhere (a system-wide grant).
pub async fn scope_units(
    state: &AppState,
    user: &CurrentUser,
    actions: &[Action],
) -> Result<Option<Vec<UnitId>>, AppError> {
    let mut roots: Vec<UnitId> = Vec::new();
    for action in actions {
        match scope_roots(user, *action) {
            None => return Ok(None),
            Some(found) => {
                for r in found {
                    if !roots.contains(&r) {
                        roots.push(r);
                    }
                }
            }
        }
    }
    subtrees(state, &roots).await.map(Some)
}
