//! The home page: a public introduction with the catalogue search, or for a signed-in person
//! what their roles let them do.

use askama::Template;
use askama_web::WebTemplate;

use axum::extract::State;
use motcua_store::units;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::pages::PageCtx;
use crate::state::AppState;

/// One role line on the home page.
#[derive(Debug)]
pub struct RoleLine {
    pub label: String,
    pub unit: Option<String>,
    /// What this role does here.
    pub duty: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    p: PageCtx,
    welcome: Option<String>,
    roles: Vec<RoleLine>,
    is_citizen: bool,
    is_admin: bool,
}

pub async fn home(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
) -> Result<HomePage, AppError> {
    let Some(user) = user else {
        return Ok(HomePage {
            p,
            welcome: None,
            roles: Vec::new(),
            is_citizen: false,
            is_admin: false,
        });
    };
    let lang = p.lang;
    let mut roles = Vec::new();
    for g in &user.grants {
        let unit = match g.unit {
            None => None,
            Some(id) => match units::get(state.db(), id).await {
                Ok(u) => Some(u.name),
                Err(motcua_store::StoreError::NotFound { .. }) => None,
                Err(e) => return Err(e.into()),
            },
        };
        roles.push(RoleLine {
            label: lang.label(g.role),
            unit,
            duty: lang.t(&format!("home-role-{}", g.role.code())),
        });
    }
    let badge = user.badge();
    Ok(HomePage {
        welcome: Some(p.t1("home-welcome", "name", user.full_name.clone())),
        roles,
        is_citizen: user
            .grants
            .iter()
            .any(|g| g.role == motcua_domain::role::Role::Citizen),
        is_admin: badge.can_admin_units || badge.can_admin_users || badge.can_admin_procedures,
        p,
    })
}
