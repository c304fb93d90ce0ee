//! Who may see whom, for the people pages and the users API alike.

use std::collections::HashMap;

use motcua_app::accounts;
use motcua_domain::ids::UnitId;
use motcua_domain::policy::{Action, Target};
use motcua_store::units;
use motcua_store::users::{self, User};

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::state::AppState;

/// The unit and its ancestors, cached while a page is built.
pub struct Paths<'a> {
    state: &'a AppState,
    cache: HashMap<UnitId, Vec<UnitId>>,
}

impl<'a> Paths<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self {
            state,
            cache: HashMap::new(),
        }
    }

    pub async fn target_of(&mut self, user: &User) -> Result<Target, AppError> {
        let path = match user.unit {
            None => Vec::new(),
            Some(u) => {
                if let Some(p) = self.cache.get(&u) {
                    p.clone()
                } else {
                    let p = units::ancestry(self.state.db(), u).await?;
                    self.cache.insert(u, p.clone());
                    p
                }
            }
        };
        Ok(Target::owned_by(user.id, path))
    }
}

/// The users the person may see.
pub async fn visible_users(state: &AppState, user: &CurrentUser) -> Result<Vec<User>, AppError> {
    let mut paths = Paths::new(state);
    let mut out = Vec::new();
    for u in users::list_all(state.db()).await? {
        let target = paths.target_of(&u).await?;
        if authz::decide(Some(user), Action::ViewUser, &target).is_ok() {
            out.push(u);
        }
    }
    Ok(out)
}

/// A person's profile (name, email, unit, roles) is personal data: every view is audited.
pub async fn record_profile_view(
    state: &AppState,
    viewer: &CurrentUser,
    viewed: &User,
) -> Result<(), AppError> {
    accounts::view_profile(state.app(), &viewer.actor(), viewed.id).await?;
    Ok(())
}
