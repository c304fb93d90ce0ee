//! The citizen's satisfaction rating (Decree 61/2018 Art. 31), once per dossier, after the
//! result is returned. Anyone may open the tracking page, so rating asks for the last four
//! digits of the applicant's ID number (or tax code): only the applicant has them. Who rated is
//! not stored (Art. 27: feedback givers are kept confidential).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::lifecycle::Status;
use motcua_domain::dossier::rating::{Answer, Criterion, RatingForm, Score};
use motcua_store::dossiers::{self, DossierRecord, RatingRecord};
use motcua_store::{AuditContext, audit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::{ApiJson, PageForm};
use crate::pages::{FormErrors, PageCtx};
use crate::routes::track;
use crate::state::AppState;

/// A rating as submitted: one value per criterion code (`a`, `b`, `c`, `d`, `dd`, `e`, `g`,
/// `h`: `2` very satisfied, `1` satisfied, `0` dissatisfied, `na` where allowed), a comment,
/// and the last four digits of the applicant's ID number or tax code.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct RatingInput {
    #[serde(flatten)]
    pub answers: BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub verify: String,
}

/// A rating through the API: each criterion by its code (`2` very satisfied, `1` satisfied,
/// `0` dissatisfied, `na` where the criterion may not apply), a comment, and the last four
/// digits of the applicant's ID number or tax code. Unlike the page's form, the body is
/// closed: a criterion code that does not exist is refused, not ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RatingRequest {
    /// a) Time taken against the legal time limit.
    pub a: String,
    /// b) Number of bodies the applicant had to contact.
    pub b: String,
    /// c) Number of contacts needed to complete the dossier.
    pub c: String,
    /// d) Accuracy and completeness of the published information.
    pub d: String,
    /// đ) Staff attitude.
    pub dd: String,
    /// e) Lawful result and cost.
    pub e: String,
    /// g) Handling of feedback (`na` allowed).
    pub g: String,
    /// h) Online public service (`na` allowed).
    pub h: String,
    /// Free comment.
    pub comment: String,
    /// The last four digits of the applicant's ID number or tax code.
    pub verify: String,
}

impl From<RatingRequest> for RatingInput {
    fn from(r: RatingRequest) -> Self {
        let answers = [
            ("a", r.a),
            ("b", r.b),
            ("c", r.c),
            ("d", r.d),
            ("dd", r.dd),
            ("e", r.e),
            ("g", r.g),
            ("h", r.h),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        Self {
            answers,
            comment: r.comment,
            verify: r.verify,
        }
    }
}

fn check_verify(d: &DossierRecord, verify: &str) -> Result<(), AppError> {
    let digits: String = d
        .applicant
        .id_number
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail = &digits[digits.len().saturating_sub(4)..];
    if verify.trim().is_empty() || verify.trim() != tail {
        return Err(AppError::field(
            "verify",
            "Bốn số cuối của số Căn cước (hoặc mã số thuế) của người nộp không đúng.",
        ));
    }
    Ok(())
}

/// Validates and records a rating; the one path for the page and the API.
async fn rate(
    state: &AppState,
    client: &ClientIp,
    code: &str,
    mut input: RatingInput,
) -> Result<DossierRecord, AppError> {
    let mut fields: Vec<(&str, &str)> =
        vec![("comment", &input.comment), ("verify", &input.verify)];
    fields.extend(input.answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    AppError::check_lengths(&fields)?;
    let d = track::lookup(state, client, code).await?;
    if d.status != Status::Returned {
        return Err(AppError::Rule {
            code: "rating_not_open",
            message: "Chỉ đánh giá được sau khi hồ sơ đã trả kết quả.".into(),
            allowed: Vec::new(),
        });
    }
    check_verify(&d, &input.verify)?;
    input.answers.remove("csrf");
    input.answers.remove("verify");
    let rating = RatingForm {
        answers: input.answers,
        comment: input.comment,
    }
    .parse()?;
    let (sum, n) = rating.points();
    let scores: BTreeMap<&str, serde_json::Value> = rating
        .answers
        .iter()
        .map(|(c, a)| {
            (
                c.code(),
                match a {
                    Answer::Scored(s) => serde_json::json!(s.points()),
                    Answer::NotApplicable => serde_json::json!("na"),
                },
            )
        })
        .collect();
    let record = RatingRecord {
        rated_at: motcua_store::now(),
        scores_json: serde_json::to_string(&scores).map_err(AppError::internal)?,
        average_hundredths: i64::from(sum) * 100 / i64::from(n.max(1)),
        comment: rating.comment.unwrap_or_default(),
    };
    let mut tx = state.db().begin().await?;
    dossiers::rate(&mut tx, d.id, &record).await?;
    audit::record(
        &mut tx,
        &AuditContext::system(),
        "dossier.rate",
        "dossier",
        &d.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "average": record.average_hundredths })),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

#[derive(Template, WebTemplate)]
#[template(path = "track/rating.html")]
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
                    page.message = Some(page.p.lang.text(&message));
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

/// Rate a returned dossier, once.
#[utoipa::path(
    post,
    path = "/api/v1/track/{code}/rating",
    operation_id = "rate_dossier",
    tag = "tracking",
    params(("code" = String, Path)),
    request_body = RatingRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 404, description = "`dossier_code_invalid` or `dossier_not_found`", body = crate::api::ApiError),
        (status = 409, description = "`rating_not_open` (not returned yet) or `conflict` (already rated)", body = crate::api::ApiError),
        (status = 422, description = "`validation_failed`: a criterion unanswered, or `verify` wrong", body = crate::api::ApiError),
        (status = 429, description = "`too_many_requests`: too many look-ups from this address this minute", body = crate::api::ApiError),
    )
)]
pub async fn api(
    State(state): State<AppState>,
    client: ClientIp,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<RatingRequest>,
) -> Result<axum::http::StatusCode, AppError> {
    rate(&state, &client, &code, input.into()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
