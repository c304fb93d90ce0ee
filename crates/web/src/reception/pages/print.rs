//! The printed reception forms: the receipt for what a citizen handed over (Mẫu 02/TCD) and the
//! unit's reception log for a year (Sổ tiếp công dân, Mẫu 03/TCD) as HTML, PDF, CSV and XLSX.
//! Numbers and titles come from the petition form set in force (`data/forms/
//! petition-forms.toml`); these are official Vietnamese documents, so their wording is
//! Vietnamese whatever language the page is in.
//!
//! A sealed visitor reaches the forms only as the protected label and pseudonym: nothing here
//! opens a sealed identity.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use motcua_domain::ids::VisitId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::kind::LogClass;
use motcua_domain::policy::Action;
use motcua_domain::vn_time::vn_offset;
use motcua_forms::{
    Citizen, CopyKind, DocumentLine, Form, PetitionClass, PetitionHeader, ReceptionLog,
    ReceptionLogRow, ReceptionReceipt, RenderOptions,
};
use motcua_store::reception::{self, VisitRecord};
use motcua_store::users;
use serde::Deserialize;

use super::session::{json_list, load, protected_name};
use super::unit_of;
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::Query;
use crate::i18n::Lang;
use crate::pages::PageCtx;
use crate::printing::{form_error, issuer, render};
use crate::state::AppState;

/// The language of the official forms.
const FORM_LANG: Lang = Lang::Vi;

fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&vn_offset())
}

/// Reception forms carry personal data: no cache keeps them.
fn no_store(res: &mut Response) {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
}

/// The visitor as the forms print them.
fn citizen(v: &VisitRecord) -> Citizen {
    if v.visitor_sealed.is_some() {
        return Citizen {
            name: protected_name(FORM_LANG, &v.visitor_name),
            ..Citizen::default()
        };
    }
    let reps = json_list(&v.representatives);
    let name = if reps.is_empty() {
        v.visitor_name.clone()
    } else {
        FORM_LANG.t_args(
            "reception-form-name-with-representatives",
            &[
                ("name", v.visitor_name.clone().into()),
                ("representatives", reps.join(", ").into()),
            ],
        )
    };
    Citizen {
        name,
        address: v.visitor_address.clone(),
        id_number: v.visitor_id_number.clone(),
    }
}

fn class(kind: &str) -> PetitionClass {
    match PetitionKind::parse(kind).map(PetitionKind::class) {
        Some(LogClass::Complaint) => PetitionClass::Complaint,
        Some(LogClass::Denunciation) => PetitionClass::Denunciation,
        Some(LogClass::RecommendationFeedback) => PetitionClass::Recommendation,
        None => PetitionClass::Other(kind.to_owned()),
    }
}

async fn receipt(
    state: &AppState,
    p: &PageCtx,
    user: &CurrentUser,
    (id, visit): (String, String),
    pdf: bool,
) -> Result<Response, AppError> {
    let s = load(state, user, &id, Action::ViewPetition).await?;
    let visit = VisitId::parse(&visit).map_err(|_| AppError::NotFound)?;
    let v = reception::get_visit(state.db(), visit).await?;
    if v.session != s.id {
        return Err(AppError::NotFound);
    }
    let documents = json_list(&v.documents);
    if documents.is_empty() {
        return Err(AppError::Rule {
            code: "form_not_issued",
            message: p.t("reception-receipt-no-documents").into(),
            allowed: Vec::new(),
        });
    }
    let (agency_name, parent_agency_name, place) = issuer(state, s.unit).await?;
    let receiver_name = match v.created_by {
        Some(u) => users::get(state.db(), u)
            .await
            .map(|u| u.full_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let form = Form::ReceptionReceipt(ReceptionReceipt {
        header: PetitionHeader {
            agency_name,
            parent_agency_name,
            agency_symbol: String::new(),
            number: String::new(),
            place,
            case_code: String::new(),
            issued_at: local(v.visited_at),
        },
        citizen: citizen(&v),
        received_at: local(v.visited_at),
        content: v.content.clone(),
        documents: documents
            .into_iter()
            .map(|name| DocumentLine {
                name,
                // The reception form does not ask; left blank to be filled in by hand.
                copy_kind: CopyKind::Other(String::new()),
                count: 1,
            })
            .collect(),
        receiver_name,
    });
    let stem = format!("bien-nhan-{}-{}", v.log_year, v.log_number);
    render(state, form, RenderOptions::default(), pdf, &stem).await
}

/// `GET /tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan`.
pub async fn receipt_html(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(ids): Path<(String, String)>,
) -> Result<Response, AppError> {
    receipt(&state, &p, &user, ids, false).await
}

/// `GET /tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan.pdf`.
pub async fn receipt_pdf(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(ids): Path<(String, String)>,
) -> Result<Response, AppError> {
    receipt(&state, &p, &user, ids, true).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogQuery {
    pub don_vi: String,
    /// The year; this year by default.
    pub nam: String,
    /// `html` (default), `pdf`, `csv` or `xlsx`.
    pub dinh_dang: String,
}

/// `GET /tiep-cong-dan/so?nam=2026&dinh_dang=html|pdf|csv|xlsx`: the unit's reception log.
pub async fn log(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<LogQuery>,
) -> Result<Response, AppError> {
    let (unit, _) = unit_of(p.lang, &user, &q.don_vi)?;
    authz::require(&state, Some(&user), Action::ViewPetition, Some(unit)).await?;
    let now = motcua_store::now();
    let year = match q.nam.trim() {
        "" => motcua_domain::vn_date(now).year(),
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| AppError::field("nam", p.t("reception-year-invalid")))?,
    };
    let format = match q.dinh_dang.trim() {
        "" => "html",
        f @ ("html" | "pdf" | "csv" | "xlsx") => f,
        _ => {
            return Err(AppError::field(
                "dinh_dang",
                p.t("reception-format-invalid"),
            ));
        }
    };
    let visits = reception::log(state.db(), unit, year).await?;
    let (agency_name, parent_agency_name, place) = issuer(&state, unit).await?;
    let book = ReceptionLog {
        agency_name,
        parent_agency_name,
        place,
        book: year.to_string(),
        from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        printed_at: local(now),
        first_number: 1,
        rows: visits
            .iter()
            .map(|v| ReceptionLogRow {
                received_on: motcua_domain::vn_date(v.visited_at),
                citizen: citizen(v),
                summary: v.content.clone(),
                class: class(&v.kind),
                same_content_count: u32::try_from(v.same_content_count).unwrap_or(u32::MAX),
                exhausted_agency: v.prior_handling.clone(),
                within_competence: v.within_competence,
                guidance: v.guidance.clone(),
                forwarded: v.forwarded_to.clone(),
                result: v.outcome.clone(),
            })
            .collect(),
    };
    let stem = format!("so-tiep-cong-dan-{year}");
    let attachment = |ct: &'static str, bytes: Vec<u8>| -> Result<Response, AppError> {
        let disposition = format!("attachment; filename=\"{stem}.{format}\"");
        let mut res = (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ct)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
                ),
            ],
            bytes,
        )
            .into_response();
        no_store(&mut res);
        Ok(res)
    };
    match format {
        "csv" => attachment(
            "text/csv; charset=utf-8",
            motcua_forms::reception_log_csv(&book).map_err(form_error)?,
        ),
        "xlsx" => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            motcua_forms::reception_log_xlsx(&book).map_err(form_error)?,
        ),
        f => {
            render(
                &state,
                Form::ReceptionLog(book),
                RenderOptions::default(),
                f == "pdf",
                &stem,
            )
            .await
        }
    }
}
