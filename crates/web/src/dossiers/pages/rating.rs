//! The citizen's satisfaction rating (Decree 61/2018 Art. 31), once per dossier, after the
//! result is returned. Anyone may open the tracking page, so rating asks for the last four
//! digits of the applicant's ID number (or tax code): only the applicant has them. Who rated is
//! not stored (Art. 27: feedback givers are kept confidential).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::rating::{Criterion, Score};

use crate::auth::ClientIp;
use crate::dossiers::input::RatingInput;
use crate::dossiers::rate;
use crate::error::AppError;
use crate::extract::PageForm;
use crate::pages::{FormErrors, PageCtx};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/rating.html")]
pub struct RatingPage {
    p: PageCtx,
    code: String,
    criteria: Vec<(&'static str, String, bool)>,
    levels: Vec<(u8, String)>,
    values: BTreeMap<String, String>,
    comment: String,
    errors: FormErrors,
    message: Option<String>,
}

impl RatingPage {
    fn new(p: PageCtx, code: String) -> Self {
        let lang = p.lang;
        Self {
            p,
            code,
            criteria: Criterion::ALL
                .iter()
                .map(|c| {
                    (
                        c.code(),
                        format!("{}) {}", c.letter_vi(), lang.label(*c)),
                        c.may_not_apply(),
                    )
                })
                .collect(),
            levels: Score::ALL
                .iter()
                .map(|s| (s.points(), lang.label(*s)))
                .collect(),
            values: BTreeMap::new(),
            comment: String::new(),
            errors: FormErrors::default(),
            message: None,
        }
    }

    fn checked(&self, code: &str, value: &str) -> bool {
        self.values.get(code).is_some_and(|v| v == value)
    }
}

/// `GET /tra-cuu/{code}/danh-gia`
pub async fn form(p: PageCtx, Path(code): Path<String>) -> RatingPage {
    RatingPage::new(p, code.chars().take(60).collect())
}

/// `POST /tra-cuu/{code}/danh-gia`: thanks on the tracking page, or the form again with what
/// is wrong beside each field.
pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    client: ClientIp,
    Path(code): Path<String>,
    PageForm(input): PageForm<RatingInput>,
) -> Result<Response, AppError> {
    match rate(&state, &client, &code, input.clone()).await {
        Ok(d) => Ok(Redirect::to(&format!("/tra-cuu?ma={}&rated=1", d.code)).into_response()),
        Err(
            e @ (AppError::Validation(_)
            | AppError::TooLong(_)
            | AppError::Rule { .. }
            | AppError::Conflict { .. }),
        ) => {
            let mut page = RatingPage::new(p, code.chars().take(60).collect());
            page.values = input.answers;
            page.comment = input.comment;
            match e {
                AppError::Rule { message, .. } => {
                    page.message = Some(page.p.lang.text(&message));
                }
                AppError::Conflict { message, .. } => {
                    page.message = Some(page.p.lang.text(&message))
                }
                other => page.errors = other.into(),
            }
            let mut res = page.into_response();
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}
