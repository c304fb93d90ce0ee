//! People: list, create, grant roles scoped to units, disable.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::accounts;
use motcua_domain::account::Login;
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::policy::{Action, Target};
use motcua_domain::role::{Role, RoleGrant};
use motcua_store::units;
use motcua_store::users::{self, NewUser, User};
use serde::Deserialize;

use crate::auth::{CurrentUser, password};
use crate::authz;
use crate::error::AppError;
use crate::extract::PageForm;
use crate::i18n::Text;
use crate::pages::{FormErrors, PageCtx, today_vn, when};
use crate::state::AppState;

use crate::accounts::view::{Paths, record_profile_view, visible_users};

#[derive(Debug)]
pub struct UserRow {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub unit: String,
    pub disabled: bool,
    /// When the person last logged in, or empty.
    pub last_login: String,
}

#[derive(Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Units in force that the person may assign people to.
async fn unit_choices(state: &AppState, user: &CurrentUser) -> Result<Vec<Choice>, AppError> {
    let tree = units::list_tree(state.db(), today_vn()).await?;
    let roots = authz::scope_roots(user, Action::ManageUser);
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    for e in tree {
        let allowed = match &roots {
            None => true,
            Some(r) => {
                if inside.is_some_and(|d| e.depth <= d) {
                    inside = None;
                }
                if inside.is_none() && r.contains(&e.unit.id) {
                    inside = Some(e.depth);
                }
                inside.is_some()
            }
        };
        if allowed {
            out.push(Choice {
                value: e.unit.id.to_string(),
                label: format!(
                    "{}{} ({})",
                    "\u{2003}".repeat(e.depth),
                    e.unit.name,
                    e.unit.code
                ),
            });
        }
    }
    Ok(out)
}

async fn unit_names(state: &AppState) -> Result<HashMap<UnitId, String>, AppError> {
    Ok(units::list_all(state.db())
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} ({})", u.name, u.code)))
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/users.html")]
pub struct UsersPage {
    p: PageCtx,
    rows: Vec<UserRow>,
    units: Vec<Choice>,
    form: NewUserForm,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub unit: String,
}

async fn render_list(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    form: NewUserForm,
    errors: FormErrors,
) -> Result<UsersPage, AppError> {
    let names = unit_names(state).await?;
    let logins = users::last_logins(state.db()).await?;
    let rows = visible_users(state, user)
        .await?
        .into_iter()
        .map(|u| UserRow {
            last_login: logins.get(&u.id).map(|t| when(*t)).unwrap_or_default(),
            id: u.id.to_string(),
            login: u.login.to_string(),
            full_name: u.full_name,
            unit: u
                .unit
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default(),
            disabled: u.disabled,
        })
        .collect();
    Ok(UsersPage {
        p,
        rows,
        units: unit_choices(state, user).await?,
        form,
        errors,
    })
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<UsersPage, AppError> {
    if !authz::can_somewhere(&user, Action::ViewUser) {
        return Err(AppError::Forbidden);
    }
    render_list(
        &state,
        p,
        &user,
        NewUserForm::default(),
        FormErrors::default(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(form): PageForm<NewUserForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    let login = Login::parse(&form.login)
        .map_err(|e| errors.add("login", e.fields()[0].message.clone()))
        .ok();
    let name = form.full_name.trim().to_owned();
    if name.is_empty() {
        errors.add("full_name", p.t("field-required"));
    } else if name.chars().count() > 200 {
        errors.add("full_name", Text::id("validation-user-full_name_too_long"));
    }
    let email = Some(form.email.trim().to_owned()).filter(|e| !e.is_empty());
    if email
        .as_ref()
        .is_some_and(|e| !e.contains('@') || e.len() > 254)
    {
        errors.add("email", Text::id("validation-user-email"));
    }
    let len = form.password.chars().count();
    if len < password::MIN_LEN {
        errors.add("password", p.t("password-too-short"));
    } else if len > password::MAX_LEN {
        errors.add("password", p.t("password-too-long"));
    }
    let unit = if form.unit.trim().is_empty() {
        None
    } else {
        match UnitId::parse(&form.unit) {
            Ok(u) => Some(u),
            Err(_) => {
                errors.add("unit", Text::id("validation-unit-invalid"));
                None
            }
        }
    };
    // Creating a person in a unit needs ManageUser there; without a unit, system-wide.
    let target = match unit {
        Some(u) => authz::unit_target(&state, None, u).await?,
        None => Target::system(),
    };
    authz::decide(Some(&user), Action::ManageUser, &target)?;

    if let (Some(login), false) = (login, errors.has_errors()) {
        let hash = password::hash(form.password.clone()).await?;
        let new = accounts::NewAccount {
            user: NewUser {
                login,
                full_name: name,
                email,
                password_hash: hash,
                unit,
            },
            roles: Vec::new(),
        };
        match accounts::create(state.app(), &user.actor(), new).await {
            Ok(created) => {
                return Ok(Redirect::to(&format!("/admin/users/{}", created.id)).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Conflict { field, message } => errors.add(&field, message),
                AppError::Validation(fs) | AppError::TooLong(fs) => {
                    for f in fs {
                        errors.add(&f.field, f.message);
                    }
                }
                other => return Err(other),
            },
        }
    }
    let form = NewUserForm {
        password: String::new(),
        ..form
    };
    let page = render_list(&state, p, &user, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Debug)]
pub struct GrantRow {
    pub role: String,
    pub unit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/user.html")]
pub struct UserPage {
    p: PageCtx,
    id: String,
    login: String,
    full_name: String,
    email: String,
    unit: String,
    disabled: bool,
    /// When the person last logged in, or empty.
    last_login: String,
    /// A password just set by the administrator, shown this once.
    temporary_password: Option<String>,
    grants: Vec<GrantRow>,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    can_manage: bool,
    errors: FormErrors,
}

/// Loads a user the person may see (404 otherwise, so ids outside one's units reveal nothing).
async fn load_visible(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    action: Action,
) -> Result<(User, Target), AppError> {
    let id = UserId::parse(id).map_err(|_| AppError::NotFound)?;
    let target_user = users::get(state.db(), id).await?;
    let target = Paths::new(state).target_of(&target_user).await?;
    authz::decide(Some(user), Action::ViewUser, &target)?;
    if action != Action::ViewUser {
        authz::decide(Some(user), action, &target)?;
    }
    Ok((target_user, target))
}

async fn render_user(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    target_user: User,
    target: &Target,
    errors: FormErrors,
) -> Result<UserPage, AppError> {
    let names = unit_names(state).await?;
    let last_login = users::last_login(state.db(), target_user.id)
        .await?
        .map(when)
        .unwrap_or_default();
    let lang = p.lang;
    let grants = users::list_grants(state.db(), target_user.id)
        .await?
        .into_iter()
        .map(|g| GrantRow {
            role: lang.label(g.role),
            unit: g
                .unit
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .filter(|r| authz::can_somewhere(user, Action::GrantRole(**r)))
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: lang.label(r),
        })
        .collect();
    Ok(UserPage {
        id: target_user.id.to_string(),
        login: target_user.login.to_string(),
        full_name: target_user.full_name,
        email: target_user.email.unwrap_or_default(),
        unit: target_user
            .unit
            .and_then(|u| names.get(&u).cloned())
            .unwrap_or_default(),
        disabled: target_user.disabled,
        last_login,
        temporary_password: None,
        grants,
        roles,
        units: unit_choices(state, user).await?,
        can_manage: authz::decide(Some(user), Action::ManageUser, target).is_ok(),
        errors,
        p,
    })
}

pub async fn detail(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<UserPage, AppError> {
    let (target_user, target) = load_visible(&state, &user, &id, Action::ViewUser).await?;
    record_profile_view(&state, &user, &target_user).await?;
    render_user(
        &state,
        p,
        &user,
        target_user,
        &target,
        FormErrors::default(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

pub async fn grant(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<GrantForm>,
) -> Result<Response, AppError> {
    let (target_user, target) = load_visible(&state, &user, &id, Action::ViewUser).await?;
    let mut errors = FormErrors::default();
    let role = Role::parse(&form.role)
        .map_err(|e| errors.add("role", e.fields()[0].message.clone()))
        .ok();
    let unit = if form.unit.trim().is_empty() {
        None
    } else {
        UnitId::parse(&form.unit)
            .map_err(|_| errors.add("unit", Text::id("validation-unit-invalid")))
            .ok()
    };
    if let Some(role) = role {
        let grant_target = match unit {
            Some(u) => authz::unit_target(&state, None, u).await?,
            None => Target::system(),
        };
        authz::decide(Some(&user), Action::GrantRole(role), &grant_target)?;
        match RoleGrant::new(role, unit) {
            Ok(g) if !errors.has_errors() => {
                match accounts::grant_role(state.app(), &user.actor(), target_user.id, g).await {
                    Ok(_) => {
                        return Ok(Redirect::to(&format!("/admin/users/{}", target_user.id))
                            .into_response());
                    }
                    Err(e) => match AppError::from(e) {
                        AppError::Conflict { message, .. } => errors.add("role", message),
                        AppError::Validation(fs) | AppError::TooLong(fs) => {
                            for f in fs {
                                errors.add(&f.field, f.message);
                            }
                        }
                        other => return Err(other),
                    },
                }
            }
            Ok(_) => {}
            Err(e) => {
                for f in e.fields() {
                    errors.add(&f.field, f.message.clone());
                }
            }
        }
    }
    let page = render_user(&state, p, &user, target_user, &target, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    disabled: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<StatusForm>,
) -> Result<Response, AppError> {
    let (target_user, _) = load_visible(&state, &user, &id, Action::ManageUser).await?;
    let disabled = match form.disabled.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return Err(AppError::field(
                "disabled",
                Text::id("validation-value-invalid"),
            ));
        }
    };
    accounts::set_disabled(state.app(), &user.actor(), target_user.id, disabled).await?;
    Ok(Redirect::to(&format!("/admin/users/{}", target_user.id)).into_response())
}

/// `POST /admin/users/{id}/unlock`: lifts the waits that failed logins put on this account,
/// from every address (for an owner who is waiting, or after an attack has been dealt with).
pub async fn unlock(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (target_user, _) = load_visible(&state, &user, &id, Action::ManageUser).await?;
    let cleared = accounts::unlock(state.app(), &user.actor(), &target_user.login).await?;
    tracing::info!(user = %target_user.id, cleared, "failed logins cleared by an administrator");
    Ok(Redirect::to(&format!("/admin/users/{}", target_user.id)).into_response())
}

/// A password nobody chose: 16 letters and digits from an alphabet without look-alikes
/// (no 0/O, 1/l/I), about 90 bits.
fn temporary_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(16);
    while out.len() < 16 {
        let mut b = [0u8; 1];
        getrandom::fill(&mut b).map_err(|e| AppError::internal(anyhow::anyhow!("random: {e}")))?;
        // 56 letters: values past the last whole multiple would favour the first ones.
        if usize::from(b[0]) < 256 - 256 % ALPHABET.len() {
            out.push(char::from(ALPHABET[usize::from(b[0]) % ALPHABET.len()]));
        }
    }
    Ok(out)
}

/// `POST /admin/users/{id}/password`: gives the person a new password, shown once to the
/// administrator to hand over; the person's sessions end and their login waits are lifted.
pub async fn reset_password(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (target_user, target) = load_visible(&state, &user, &id, Action::ManageUser).await?;
    let new = temporary_password()?;
    let hash = password::hash(new.clone()).await?;
    accounts::reset_password(state.app(), &user.actor(), target_user.id, &hash).await?;
    tracing::info!(user = %target_user.id, "password reset by an administrator");
    let mut page = render_user(
        &state,
        p,
        &user,
        target_user,
        &target,
        FormErrors::default(),
    )
    .await?;
    page.temporary_password = Some(new);
    let mut res = page.into_response();
    // The password is on this page only: no cache keeps it.
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}
