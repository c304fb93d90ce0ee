//! What every page template shares: the language, the signed-in person, the CSRF token, the
//! current path (for the language switch), and field errors for forms.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;

use crate::auth::CurrentUser;
use crate::i18n::{FluentArg, Lang, Text};

/// The signed-in person as the layout shows them.
#[derive(Clone, Debug)]
pub struct UserBadge {
    pub full_name: String,
    pub can_admin_units: bool,
    pub can_admin_users: bool,
    pub can_admin_procedures: bool,
}

/// Context given to every page template as `p`.
#[derive(Clone, Debug, Default)]
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<UserBadge>,
    /// The session's CSRF token; empty without a session.
    pub csrf: String,
    /// Path and query of this request, for the language switch.
    pub path: String,
    /// A one-line confirmation shown at the top of the page.
    pub notice: Option<String>,
    /// The menu: where this person may go (see `places`).
    pub places: Vec<crate::places::Place>,
}

impl PageCtx {
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with one argument.
    #[must_use]
    pub fn t1(&self, key: &str, name: &str, value: impl Into<FluentArg>) -> String {
        self.lang.t_args(key, &[(name, value.into())])
    }

    /// A message with two arguments.
    #[must_use]
    pub fn t2(&self, key: &str, args: &[(&str, String); 2]) -> String {
        let args: Vec<(&str, FluentArg)> =
            args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        self.lang.t_args(key, &args)
    }

    /// The same page in the other language.
    #[must_use]
    pub fn lang_switch_href(&self) -> String {
        let other = self.lang.other().code();
        let (path, query) = self.path.split_once('?').unwrap_or((&self.path, ""));
        let kept: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        if kept.is_empty() {
            format!("{path}?lang={other}")
        } else {
            format!("{path}?{}&lang={other}", kept.join("&"))
        }
    }

    /// Whether `href` is this page or a page under it, for `aria-current` in the menu.
    #[must_use]
    pub fn here(&self, href: &str) -> bool {
        let path = self
            .path
            .split_once('?')
            .map_or(self.path.as_str(), |(p, _)| p);
        path == href
            || path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    #[must_use]
    pub fn with_notice(mut self, notice: String) -> Self {
        self.notice = Some(notice);
        self
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
        let user = parts.extensions.get::<CurrentUser>().cloned();
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
        Ok(Self {
            lang,
            csrf: user
                .as_ref()
                .map(|u| u.csrf_token.clone())
                .unwrap_or_default(),
            places: crate::places::Reach::of(user.as_ref()).places(),
            user: user.map(|u| u.badge()),
            path,
            notice: None,
        })
    }
}

/// Field errors of a submitted form, rendered beside their fields (`aria-describedby`) in the
/// page's language.
#[derive(Clone, Debug, Default)]
pub struct FormErrors(BTreeMap<String, Text>, String);

impl FormErrors {
    /// Errors of a form whose element ids start with `prefix` (two forms on one page).
    #[must_use]
    pub fn prefixed(prefix: &str) -> Self {
        Self(BTreeMap::new(), prefix.to_owned())
    }

    /// The id of the error message element of `field`.
    #[must_use]
    pub fn id(&self, field: &str) -> String {
        format!("{}{field}-error", self.1)
    }

    pub fn add(&mut self, field: &str, message: impl Into<Text>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        !self.0.is_empty()
    }

    /// The message of `field` in `lang`.
    #[must_use]
    pub fn error(&self, field: &str, lang: &Lang) -> Option<String> {
        self.0.get(field).map(|t| lang.text(t))
    }

    /// ` aria-invalid="true" aria-describedby="FIELD-error"` when the field has an error.
    /// Field names are identifiers from our own templates, never user input.
    #[must_use]
    pub fn invalid_attrs(&self, field: &str) -> String {
        if self.0.contains_key(field) {
            format!(
                r#" aria-invalid="true" aria-describedby="{}""#,
                self.id(field)
            )
        } else {
            String::new()
        }
    }
}

impl From<crate::error::AppError> for FormErrors {
    fn from(e: crate::error::AppError) -> Self {
        let mut out = Self::default();
        if let crate::error::AppError::Validation(fields)
        | crate::error::AppError::TooLong(fields) = e
        {
            for f in fields {
                out.add(&f.field, f.message);
            }
        }
        out
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    p: PageCtx,
    status: u16,
    message: String,
    fields: &'a BTreeMap<String, String>,
}

impl<'a> ErrorPage<'a> {
    #[must_use]
    pub fn new(
        lang: Lang,
        status: StatusCode,
        message: String,
        fields: &'a BTreeMap<String, String>,
    ) -> Self {
        Self {
            p: PageCtx {
                lang,
                places: crate::places::Reach::default().places(),
                ..PageCtx::default()
            },
            status: status.as_u16(),
            message,
            fields,
        }
    }

    #[must_use]
    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|e| {
            tracing::error!(error = %e, "error page failed to render");
            self.message.clone()
        })
    }
}

/// Today in Vietnam (UTC+7 all year: no daylight saving, so a fixed shift is exact).
#[must_use]
pub fn today_vn() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// `dd/mm/yyyy`, as dates are written in Vietnam.
#[must_use]
pub fn date_vn(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `14:05 03/03/2026`, Vietnam's wall clock.
#[must_use]
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    motcua_domain::vn_local(at)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// A unit's name for a page, or empty if the unit is gone (a page still shows).
pub async fn unit_name(state: &crate::state::AppState, unit: motcua_domain::ids::UnitId) -> String {
    state
        .cache()
        .unit(state.db(), None, unit)
        .await
        .map(|u| u.name)
        .unwrap_or_default()
}

/// The reason a refusal gives, in the reader's language, for a page that shows it in place
/// (a rule, a conflict, bad fields); `None` for anything else, which the error page shows.
#[must_use]
pub fn refusal_text(lang: Lang, e: &crate::error::AppError) -> Option<String> {
    use crate::error::AppError;
    match e {
        AppError::Rule { message, .. } | AppError::Conflict { message, .. } => {
            Some(lang.text(message))
        }
        AppError::Validation(f) | AppError::TooLong(f) => Some(
            f.iter()
                .map(|m| lang.text(&m.message))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}
