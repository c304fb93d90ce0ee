//! Printing the official forms, for every capability that prints: the issuing unit's header,
//! the form number and format of a URL, and the rendering as HTML or PDF (off the async
//! threads, never cached).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::ids::UnitId;
use motcua_domain::message::{MessageArg, Text};
use motcua_forms::{Form, RenderOptions};
use motcua_store::units;

use crate::error::AppError;
use crate::state::AppState;

/// The issuing unit's name, its parent's, and the place for the date line.
pub(crate) async fn issuer(
    state: &AppState,
    unit: UnitId,
) -> Result<(String, String, String), AppError> {
    let u = units::get(state.db(), unit).await?;
    let parent = match u.parent {
        Some(p) => units::get(state.db(), p)
            .await
            .map(|p| p.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok((format!("UBND {}", u.name), parent, u.name))
}

/// Splits `01.pdf` into ("01", pdf).
pub(crate) fn split_format(raw: &str) -> (&str, bool) {
    match raw.strip_suffix(".pdf") {
        Some(n) => (n, true),
        None => (raw.strip_suffix(".html").unwrap_or(raw), false),
    }
}

/// A form that cannot be printed for a reason the person can act on (no form in force on that
/// date, a required value missing) says so in a 409; anything else is ours.
pub(crate) fn form_error(e: motcua_forms::FormError) -> AppError {
    use motcua_forms::FormError;
    match e {
        FormError::NoFormSetInForce { .. }
        | FormError::NoFormInForce { .. }
        | FormError::FormNotInSet { .. }
        | FormError::InvalidInput(_) => AppError::Rule {
            code: "form_not_available",
            message: Text::Message {
                id: "form-not-available",
                args: vec![("detail", MessageArg::Text(e.to_string()))],
            },
            allowed: Vec::new(),
        },
        other => AppError::internal(other),
    }
}

/// The site's policy, with the form's own style element allowed by its hash: a printed form is
/// one self-contained document (it must look the same saved to a file), and without its style
/// it loses its layout. Nothing else inline is allowed, so the policy still refuses any style or
/// script a form's data could smuggle in (the data is escaped in any case).
fn form_policy(html: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(css, _)| css);
    let hash = style.map(|css| {
        format!(
            " 'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css.as_bytes()))
        )
    });
    format!(
        "default-src 'self'; style-src 'self'{}; frame-ancestors 'none'; form-action 'self'",
        hash.unwrap_or_default()
    )
}

pub(crate) async fn render(
    state: &AppState,
    form: Form,
    options: RenderOptions,
    pdf: bool,
    file_stem: &str,
) -> Result<Response, AppError> {
    let renderer = state.forms();
    // Typesetting takes tens of milliseconds of CPU: keep it off the async threads.
    let out = tokio::task::spawn_blocking(move || {
        if pdf {
            renderer.render_pdf(&form, &options).map(Err)
        } else {
            renderer.render_html(&form, &options).map(Ok)
        }
    })
    .await
    .map_err(AppError::internal)?
    .map_err(form_error)?;
    let mut res = match out {
        Ok(html) => {
            let policy = form_policy(&html);
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/html; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_str(&policy).map_err(AppError::internal)?,
                    ),
                ],
                html,
            )
                .into_response()
        }
        Err(bytes) => {
            let disposition = format!("inline; filename=\"{file_stem}.pdf\"");
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/pdf"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
                    ),
                ],
                bytes,
            )
                .into_response()
        }
    };
    // Forms carry personal data.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
