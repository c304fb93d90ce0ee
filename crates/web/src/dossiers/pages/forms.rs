//! The official forms of a dossier, printable as HTML and PDF with a QR code to its public
//! tracking page: receipt (01), supplement request (02), refusal (03), apology (04), control
//! sheet (05); and the logbook (06) of a unit for a year, also as XLSX and CSV. The data comes
//! from the dossier and its events; the layout, numbering and titles from `motcua-forms` and the
//! form set in force (`data/forms/form-sets.toml`).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use motcua_domain::dossier::lifecycle::{ActionKind, Timeliness};
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::message::{MessageArg, Text};
use motcua_domain::policy::Action;
use motcua_domain::vn_time::vn_offset;
use motcua_forms::{
    Apology, ApplicantBlock, ControlSheet, CopyKind, DocumentLine, Form, FormHeader, HandOverRow,
    Logbook, LogbookRow, Receipt, Refusal, RenderOptions, StepOutcome, SupplementItem,
    SupplementRequest,
};
use motcua_store::dossiers::{self, DossierRecord, EventRecord};
use motcua_store::{procedures, users};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::authz;
use crate::catalogue::view::limit_text;
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::PageCtx;
use crate::printing::{issuer, render, split_format};
use crate::state::AppState;

fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&vn_offset())
}

fn applicant(d: &DossierRecord) -> ApplicantBlock {
    ApplicantBlock {
        name: d.applicant.name.clone(),
        address: d.applicant.address.clone(),
        phone: d.applicant.phone.clone().unwrap_or_default(),
        email: d.applicant.email.clone().unwrap_or_default(),
    }
}

fn last_event(events: &[EventRecord], kind: ActionKind) -> Option<&EventRecord> {
    events.iter().rev().find(|e| e.action == kind.code())
}

/// A form whose event has not happened; `what` names the form (`dossier-form-<what>`).
fn not_issued(what: &'static str) -> AppError {
    AppError::Rule {
        code: "form_not_issued",
        message: Text::Message {
            id: "dossier-form-not-issued",
            args: vec![("what", MessageArg::Label("dossier-form", what))],
        },
        allowed: Vec::new(),
    }
}

/// Builds form `number` (01–05) for `d`.
async fn dossier_form(
    state: &AppState,
    d: &DossierRecord,
    number: &str,
    now: DateTime<Utc>,
) -> Result<Form, AppError> {
    let events = dossiers::events(state.db(), d.id).await?;
    let (agency_name, parent_agency_name, place) = issuer(state, d.receiving_unit).await?;
    let header = |issued: DateTime<Utc>| FormHeader {
        agency_name: agency_name.clone(),
        parent_agency_name: parent_agency_name.clone(),
        place: place.clone(),
        dossier_code: d.code.clone(),
        receipt_number: d.logbook_number.to_string(),
        issued_at: local(issued),
    };
    let version = procedures::get_version(state.db(), d.procedure_version).await?;
    Ok(match number {
        "01" => {
            let docs = dossiers::documents(state.db(), d.id).await?;
            let receiver = match d.received_by {
                Some(u) => users::get(state.db(), u)
                    .await
                    .map(|u| u.full_name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            Form::Receipt(Receipt {
                header: header(d.received_at),
                applicant: applicant(d),
                procedure_name: d.procedure_name.clone(),
                documents: docs
                    .iter()
                    .filter(|x| x.stage == "intake" && x.provided)
                    .map(|x| DocumentLine {
                        name: x.name.clone(),
                        copy_kind: match x.copy_kind.as_str() {
                            "original" => CopyKind::Original,
                            "copy" => CopyKind::Copy,
                            "certified_copy" => CopyKind::CertifiedCopy,
                            other => CopyKind::Other(other.to_owned()),
                        },
                        count: version
                            .draft
                            .documents
                            .get(x.position as usize)
                            .map_or(1, |s| s.count),
                    })
                    .collect(),
                sets: 1,
                legal_time_text: limit_text(crate::i18n::Lang::Vi, d.limit_kind, d.limit_amount),
                received_at: local(d.received_at),
                due_at: local(d.original_due_at),
                return_place: d.return_place.clone(),
                fee_text: d.fee_text.clone(),
                logbook_book: d.logbook_year.to_string(),
                logbook_number: d.logbook_number.to_string(),
                receiver_name: receiver,
            })
        }
        "02" => {
            let (e, items) =
                super::supplement_request(&events).ok_or_else(|| not_issued("supplement"))?;
            let items = items
                .into_iter()
                .map(|i| SupplementItem {
                    name: i.document,
                    reason: i.reason,
                })
                .collect();
            Form::Supplement(SupplementRequest {
                header: header(e.at),
                applicant: applicant(d),
                procedure_name: d.procedure_name.clone(),
                received_at: local(d.received_at),
                items,
                contact_text: d.return_place.clone(),
                officer_name: e.actor_name.clone(),
            })
        }
        "03" => {
            let e = last_event(&events, ActionKind::Refuse).ok_or_else(|| not_issued("refusal"))?;
            Form::Refusal(Refusal {
                header: header(e.at),
                applicant: applicant(d),
                procedure_name: d.procedure_name.clone(),
                reason: e.note.clone(),
                officer_name: e.actor_name.clone(),
            })
        }
        "04" => {
            let e =
                last_event(&events, ActionKind::Apologise).ok_or_else(|| not_issued("apology"))?;
            let new_due = serde_json::from_str::<serde_json::Value>(&e.details)
                .ok()
                .and_then(|v| v["new_due"].as_str().map(str::to_owned))
                .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                .map_or(d.due_at.unwrap_or(d.original_due_at), |t| {
                    t.with_timezone(&Utc)
                });
            Form::Apology(Apology {
                header: header(e.at),
                applicant: applicant(d),
                procedure_name: d.procedure_name.clone(),
                received_at: local(d.received_at),
                original_due_at: local(d.original_due_at),
                delay_reason: e.note.clone(),
                new_due_at: local(new_due),
                signer_title: "THỦ TRƯỞNG CƠ QUAN".into(),
                signer_name: e.actor_name.clone(),
            })
        }
        "05" => Form::ControlSheet(ControlSheet {
            header: header(now),
            applicant: applicant(d),
            procedure_name: d.procedure_name.clone(),
            received_at: local(d.received_at),
            due_at: local(d.due_at.unwrap_or(d.original_due_at)),
            handling_agencies: agency_name.clone(),
            rows: events
                .iter()
                .filter(|e| e.action == "hand_over" || e.action == "transfer")
                .map(|e| {
                    // Rows of the printed control sheet (form 05): Vietnamese whatever the
                    // reader's language, like the rest of the form.
                    let next = e
                        .step_index
                        .and_then(|i| version.draft.steps.get(usize::from(i) + 1))
                        .map_or_else(
                            || "Bộ phận Một cửa (trả kết quả)".to_owned(),
                            |s| s.name.clone(),
                        );
                    HandOverRow {
                        agency: format!(
                            "Giao: {} — Nhận: {next}",
                            e.step_name.clone().unwrap_or_default()
                        ),
                        handed_over_at: local(e.at),
                        giver: e.actor_name.clone(),
                        receiver: e.receiver_name.clone().unwrap_or_default(),
                        outcome: e.timeliness.map(|t| match t {
                            Timeliness::Early => StepOutcome::Early,
                            Timeliness::OnTime => StepOutcome::OnTime,
                            Timeliness::Late => StepOutcome::Late,
                        }),
                        note: e.note.clone(),
                    }
                })
                .collect(),
        }),
        _ => return Err(AppError::NotFound),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct PaperQuery {
    /// `a4` or `a5`; the circular's size by default.
    #[serde(default)]
    pub kho: Option<String>,
}

fn paper(q: &PaperQuery) -> Result<Option<motcua_forms::Paper>, AppError> {
    match q.kho.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.eq_ignore_ascii_case("a4") => Ok(Some(motcua_forms::Paper::A4)),
        Some(s) if s.eq_ignore_ascii_case("a5") => Ok(Some(motcua_forms::Paper::A5)),
        Some(_) => Err(AppError::field("kho", Text::id("validation-form-paper"))),
    }
}

/// `GET /mot-cua/ho-so/{id}/bieu-mau/{form}`: `01`…`05`, `.pdf` for the PDF.
pub async fn dossier_form_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, form)): Path<(String, String)>,
    Query(q): Query<PaperQuery>,
) -> Result<Response, AppError> {
    let id = DossierId::parse(&id).map_err(|_| AppError::NotFound)?;
    let d = crate::dossiers::load_for(&state, Some(&user), id, Action::ViewDossier).await?;
    let (number, pdf) = split_format(&form);
    let built = dossier_form(&state, &d, number, motcua_store::now()).await?;
    let options = RenderOptions {
        paper: paper(&q)?,
        tracking_url: Some(format!("{}/tra-cuu?ma={}", state.public_base(), d.code)),
        ..RenderOptions::default()
    };
    render(
        &state,
        built,
        options,
        pdf,
        &format!("{}-mau-{number}", d.code),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct LogbookQuery {
    /// The receiving unit; the officer's own by default.
    #[serde(default)]
    pub don_vi: Option<String>,
    #[serde(default)]
    pub nam: Option<i32>,
    /// The first and last days received (`yyyy-mm-dd`, within the year); the whole year by
    /// default.
    #[serde(default)]
    pub tu: Option<String>,
    #[serde(default)]
    pub den: Option<String>,
    /// The page of the on-screen book, from 1.
    #[serde(default)]
    pub trang: Option<u32>,
    /// None: the book on screen, a page at a time. `html` (the printable form), `pdf`, `xlsx`
    /// or `csv`: the whole range.
    #[serde(default)]
    pub dinh_dang: Option<String>,
}

/// Lines of the on-screen book a page.
const LOGBOOK_PAGE: usize = 50;

/// One line of the on-screen book.
#[derive(Debug)]
pub struct LogbookLine {
    pub number: i64,
    pub id: String,
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub due: String,
    pub status: String,
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "dossiers/logbook.html")]
pub struct LogbookPage {
    p: PageCtx,
    agency: String,
    year: i32,
    from: String,
    to: String,
    total: usize,
    finished: usize,
    first_shown: usize,
    last_shown: usize,
    lines: Vec<LogbookLine>,
    /// The query that keeps the range (and the unit), for the export links and the pages.
    keep: String,
    prev: Option<u32>,
    next: Option<u32>,
}

impl LogbookPage {
    fn totals(&self) -> String {
        self.p.lang.t_args(
            "logbook-totals",
            &[
                ("total", self.total.into()),
                ("finished", self.finished.into()),
                ("first", self.first_shown.into()),
                ("last", self.last_shown.into()),
            ],
        )
    }
}

/// A day of the range as typed, or `default` when none was.
fn range_day(
    raw: Option<&str>,
    field: &'static str,
    default: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
            .map_err(|_| AppError::field(field, Text::id("validation-logbook-day"))),
    }
}

/// `GET /mot-cua/so-theo-doi?nam=2026&tu=2026-03-01&den=2026-03-31`: the logbook (form 06) of
/// a unit for a year, numbered continuously through the year, on screen fifty lines a page with
/// its totals; `&dinh_dang=html|pdf|xlsx|csv` gives the whole range as the printable form or a
/// file.
pub async fn logbook(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<LogbookQuery>,
) -> Result<Response, AppError> {
    let unit = match q.don_vi.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => UnitId::parse(s)
            .map_err(|_| AppError::field("don_vi", Text::id("validation-unit-invalid")))?,
        None => authz::scope_roots(&user, Action::ViewDossier)
            .and_then(|r| r.first().copied())
            .ok_or_else(|| AppError::field("don_vi", Text::id("validation-unit-choose")))?,
    };
    authz::require(&state, Some(&user), Action::ViewDossier, Some(unit)).await?;
    let now = motcua_store::now();
    let year = q.nam.unwrap_or_else(|| {
        use chrono::Datelike as _;
        motcua_domain::vn_date(now).year()
    });
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field("nam", Text::id("validation-form-year")));
    }
    let first_day = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let last_day = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let from = range_day(q.tu.as_deref(), "tu", first_day)?;
    let to = range_day(q.den.as_deref(), "den", last_day)?;
    if from > to || from < first_day || to > last_day {
        return Err(AppError::field(
            "den",
            Text::with(
                "validation-logbook-range",
                vec![("year", year.to_string().into())],
            ),
        ));
    }
    let rows: Vec<DossierRecord> = dossiers::logbook(state.db(), unit, year)
        .await?
        .into_iter()
        .filter(|d| (from..=to).contains(&motcua_domain::vn_date(d.received_at)))
        .collect();
    let (agency_name, parent_agency_name, place) = issuer(&state, unit).await?;
    let keep = serde_urlencoded::to_string([
        ("don_vi", q.don_vi.clone().unwrap_or_default()),
        ("nam", year.to_string()),
        ("tu", from.format("%Y-%m-%d").to_string()),
        ("den", to.format("%Y-%m-%d").to_string()),
    ])
    .unwrap_or_default();
    if q.dinh_dang.is_none() {
        let pages = rows.len().div_ceil(LOGBOOK_PAGE).max(1);
        let page = usize::try_from(q.trang.unwrap_or(1).max(1))
            .unwrap_or(1)
            .min(pages);
        let shown = &rows[(page - 1) * LOGBOOK_PAGE..(page * LOGBOOK_PAGE).min(rows.len())];
        let lang = p.lang;
        let at = |t: DateTime<Utc>| local(t).format("%H:%M %d/%m/%Y").to_string();
        let page_u32 = u32::try_from(page).unwrap_or(1);
        return Ok(LogbookPage {
            agency: agency_name,
            year,
            from: from.format("%Y-%m-%d").to_string(),
            to: to.format("%Y-%m-%d").to_string(),
            total: rows.len(),
            finished: rows.iter().filter(|d| d.status.is_finished()).count(),
            first_shown: if shown.is_empty() {
                0
            } else {
                (page - 1) * LOGBOOK_PAGE + 1
            },
            last_shown: (page - 1) * LOGBOOK_PAGE + shown.len(),
            lines: shown
                .iter()
                .map(|d| LogbookLine {
                    number: d.logbook_number,
                    id: d.id.to_string(),
                    code: d.code.clone(),
                    procedure: d.procedure_name.clone(),
                    applicant: d.applicant.name.clone(),
                    received: at(d.received_at),
                    due: at(d.due_at.unwrap_or(d.original_due_at)),
                    status: lang.label(d.status),
                })
                .collect(),
            keep,
            prev: (page > 1).then(|| page_u32 - 1),
            next: (page < pages).then(|| page_u32 + 1),
            p,
        }
        .into_response());
    }
    let milestones = dossiers::logbook_milestones(state.db(), unit, year).await?;
    let book = Logbook {
        agency_name: agency_name.clone(),
        parent_agency_name,
        place,
        book: year.to_string(),
        from,
        to,
        printed_at: local(now),
        first_number: rows
            .first()
            .and_then(|d| u32::try_from(d.logbook_number).ok())
            .unwrap_or(1),
        rows: rows
            .iter()
            .map(|d| {
                let m = milestones.get(&d.id);
                LogbookRow {
                    dossier_code: d.code.clone(),
                    procedure_name: d.procedure_name.clone(),
                    sets: 1,
                    applicant_name: d.applicant.name.clone(),
                    applicant_address: d.applicant.address.clone(),
                    applicant_phone: d.applicant.phone.clone().unwrap_or_default(),
                    lead_agency: agency_name.clone(),
                    received_at: local(d.received_at),
                    due_at: local(d.due_at.unwrap_or(d.original_due_at)),
                    transferred_at: m.and_then(|m| m.0).map(local),
                    result_at: m.and_then(|m| m.1).map(local),
                    returned_at: d
                        .finished_at
                        .filter(|_| d.status == motcua_domain::dossier::lifecycle::Status::Returned)
                        .map(local),
                    note: if d.status.is_finished() {
                        d.status.label_vi().to_owned()
                    } else {
                        String::new()
                    },
                }
            })
            .collect(),
    };
    let stem = format!("so-theo-doi-{year}");
    let attachment = |ct: &'static str, ext: &str, bytes: Vec<u8>| -> Result<Response, AppError> {
        let disposition = format!("attachment; filename=\"{stem}.{ext}\"");
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ct)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                ),
            ],
            bytes,
        )
            .into_response())
    };
    match q.dinh_dang.as_deref().unwrap_or_default() {
        "csv" => attachment(
            "text/csv; charset=utf-8",
            "csv",
            motcua_forms::logbook_csv(&book).map_err(AppError::internal)?,
        ),
        "xlsx" => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            motcua_forms::logbook_xlsx(&book).map_err(AppError::internal)?,
        ),
        f @ ("html" | "pdf") => {
            render(
                &state,
                Form::Logbook(book),
                RenderOptions::default(),
                f == "pdf",
                &stem,
            )
            .await
        }
        _ => Err(AppError::field(
            "dinh_dang",
            Text::id("validation-form-format"),
        )),
    }
}
