//! The home page: a public introduction with the catalogue search, or for a signed-in person
//! what their roles let them do.

use askama::Template;
use askama_web::WebTemplate;

use crate::auth::CurrentUser;
use crate::pages::PageCtx;

/// One role line on the home page.
#[derive(Debug)]
pub struct RoleLine {
    pub label: String,
    pub unit: Option<String>,
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

pub async fn home(p: PageCtx, user: Option<CurrentUser>) -> HomePage {
    let Some(user) = user else {
        return HomePage {
            p,
            welcome: None,
            roles: Vec::new(),
            is_citizen: false,
            is_admin: false,
        };
    };
    let lang = p.lang;
    let roles = user
        .grants
        .iter()
        .map(|g| RoleLine {
            label: match lang {
                crate::i18n::Lang::Vi => g.role.label_vi().to_owned(),
                crate::i18n::Lang::En => g.role.label_en().to_owned(),
            },
            unit: g.unit.map(|u| u.to_string()),
        })
        .collect();
    let badge = user.badge();
    HomePage {
        welcome: Some(p.t1("home-welcome", "name", user.full_name.clone())),
        roles,
        is_citizen: user
            .grants
            .iter()
            .any(|g| g.role == motcua_domain::role::Role::Citizen),
        is_admin: badge.can_admin_units || badge.can_admin_users || badge.can_admin_procedures,
        p,
    }
}
