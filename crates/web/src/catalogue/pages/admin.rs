//! Catalogue administration: list, add a version, import CSV/XLSX with a per-row report,
//! export CSV/XLSX.

use std::collections::BTreeSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::catalogue::{self, COLUMNS, ImportOutcome};
use motcua_domain::message::Text;
use motcua_domain::policy::{Action, Target};
use motcua_domain::procedure::ProcedureDraft;
use motcua_domain::unit::UnitCode;
use motcua_store::procedures::{self, ProcedureFilter};
use motcua_store::units;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::PageForm;
use crate::pages::{FormErrors, PageCtx, date_vn, today_vn};
use crate::state::AppState;

#[derive(Debug)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub field: String,
    pub agency: String,
    pub effective_from: String,
}

#[derive(Debug)]
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub multiline: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalogue/admin.html")]
pub struct ProceduresPage {
    p: PageCtx,
    rows: Vec<Row>,
    fields: Vec<FormField>,
    errors: FormErrors,
    report: Option<Report>,
}

/// What an import did, for the page.
#[derive(Debug)]
pub struct Report {
    pub summary: String,
    pub errors: Vec<ReportRow>,
}

/// One problem of the file, its message in the page's language.
#[derive(Debug)]
pub struct ReportRow {
    pub row: usize,
    pub column: String,
    pub message: String,
}

fn label_key(column: &str) -> &'static str {
    match column {
        "code" => "catalogue-code",
        "name" => "catalogue-name",
        "field" => "catalogue-field",
        "level" => "catalogue-level",
        "deciding_agency" => "catalogue-agency",
        "legal_limit" => "catalogue-legal-limit",
        "committed_limit" => "catalogue-committed-limit",
        "fee_text" => "catalogue-fees",
        "documents" => "catalogue-documents",
        "steps" => "catalogue-steps",
        "effective_from" => "catalogue-effective-from",
        "legal_basis" => "catalogue-legal-basis",
        "online_level" => "catalogue-online-level",
        "paper_result" => "catalogue-paper-result",
        _ => "",
    }
}

fn form_fields(p: &PageCtx, values: &[(String, String)]) -> Vec<FormField> {
    COLUMNS
        .iter()
        .map(|c| {
            let key = label_key(c);
            FormField {
                name: c,
                label: if key.is_empty() {
                    (*c).to_owned()
                } else {
                    p.t(key)
                },
                value: values
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                multiline: matches!(*c, "documents" | "steps" | "legal_basis"),
            }
        })
        .collect()
}

async fn render(
    state: &AppState,
    p: PageCtx,
    values: &[(String, String)],
    errors: FormErrors,
    report: Option<Report>,
) -> Result<ProceduresPage, AppError> {
    let mut filter = ProcedureFilter::on(today_vn());
    filter.limit = 1000;
    let rows = procedures::list(state.db(), &filter)
        .await?
        .into_iter()
        .map(|v| Row {
            code: v.code.to_string(),
            name: v.name.clone(),
            field: v.field.clone(),
            agency: v.deciding_agency.to_string(),
            effective_from: date_vn(v.effective_from),
        })
        .collect();
    let fields = form_fields(&p, values);
    Ok(ProceduresPage {
        p,
        rows,
        fields,
        errors,
        report,
    })
}

fn require_some(user: &CurrentUser) -> Result<(), AppError> {
    if authz::can_somewhere(user, Action::ManageCatalogue) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<ProceduresPage, AppError> {
    require_some(&user)?;
    render(&state, p, &[], FormErrors::default(), None).await
}

/// ManageCatalogue over the deciding agency of every draft; an agency that is not a known
/// unit needs system-wide rights.
async fn require_agencies<'a>(
    state: &AppState,
    user: &CurrentUser,
    drafts: impl Iterator<Item = &'a ProcedureDraft>,
) -> Result<(), AppError> {
    let codes: BTreeSet<UnitCode> = drafts.map(|d| d.deciding_agency.clone()).collect();
    for code in codes {
        let target = match units::get_by_code(state.db(), &code, today_vn()).await {
            Ok(u) => authz::unit_target(state, None, u.id).await?,
            Err(motcua_store::StoreError::NotFound { .. }) => Target::system(),
            Err(e) => return Err(e.into()),
        };
        authz::decide(Some(user), Action::ManageCatalogue, &target)?;
    }
    Ok(())
}

/// Adds one version from the form. The form's fields are the catalogue file's columns, so the
/// same parser (and the same messages) serve the form and the import.
pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_some(&user)?;
    let values: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| COLUMNS.contains(&k.as_str()))
        .collect();
    let mut w = csv_writer();
    let header: Vec<&str> = COLUMNS.to_vec();
    let row: Vec<String> = COLUMNS
        .iter()
        .map(|c| {
            values
                .iter()
                .find(|(k, _)| k == c)
                // Quoted as an export would be, so that the import's un-quoting gives the value back.
                .map(|(_, v)| {
                    let v = v.replace("\r\n", "|").replace('\n', "|");
                    motcua_domain::spreadsheet::neutralise(&v).into_owned()
                })
                .unwrap_or_default()
        })
        .collect();
    w.write_record(&header).map_err(AppError::internal)?;
    w.write_record(&row).map_err(AppError::internal)?;
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    let outcome = catalogue::parse_csv(&bytes);
    let mut errors = FormErrors::default();
    for e in &outcome.errors {
        errors.add(
            if e.column.is_empty() {
                "code"
            } else {
                &e.column
            },
            e.message.clone(),
        );
    }
    if let (Some((_, draft)), false) = (outcome.valid.first(), errors.has_errors()) {
        require_agencies(&state, &user, std::iter::once(draft)).await?;
        match motcua_app::catalogue::add_version(state.app(), &user.actor(), draft.clone()).await {
            Ok(_) => return Ok(Redirect::to("/admin/procedures").into_response()),
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
    let page = render(&state, p, &values, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::new())
}

pub async fn import(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    require_some(&user)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut skip_invalid = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed {
            what: crate::error::Malformed::Form,
            detail: e.body_text().into(),
        })?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_lowercase();
                let bytes = field.bytes().await.map_err(|e| AppError::Malformed {
                    what: crate::error::Malformed::Form,
                    detail: e.body_text().into(),
                })?;
                file = Some((name, bytes.to_vec()));
            }
            Some("skip_invalid") => skip_invalid = true,
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AppError::field(
            "file",
            Text::id("catalogue-import-no_file"),
        ));
    };
    let outcome: ImportOutcome = if name.ends_with(".xlsx") || bytes.starts_with(b"PK") {
        catalogue::parse_xlsx(&bytes)
    } else {
        catalogue::parse_csv(&bytes)
    };
    require_agencies(&state, &user, outcome.valid.iter().map(|(_, d)| d)).await?;
    let report = motcua_app::catalogue::import(
        state.app(),
        &user.actor(),
        motcua_app::catalogue::Import {
            outcome,
            skip_invalid,
        },
        &mut |_, _| {},
    )
    .await?;
    let nothing_written = !report.errors.is_empty() && !skip_invalid;
    let summary = if nothing_written {
        p.t1(
            "admin-procedures-import-errors",
            "count",
            report.errors.len(),
        )
    } else {
        p.t1("admin-procedures-import-done", "count", report.written())
    };
    let errors = report
        .errors
        .into_iter()
        .map(|e| ReportRow {
            message: p.lang.text(&e.message),
            row: e.row,
            column: e.column,
        })
        .collect();
    let page = render(
        &state,
        p,
        &[],
        FormErrors::default(),
        Some(Report { summary, errors }),
    )
    .await?;
    let status = if nothing_written {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

pub async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    require_some(&user)?;
    let all = procedures::export_all(state.db()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"thu-tuc.csv\"",
            ),
        ],
        catalogue::export_csv(&all),
    )
        .into_response())
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    require_some(&user)?;
    let all = procedures::export_all(state.db()).await?;
    let bytes =
        catalogue::export_xlsx(&all).map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"thu-tuc.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
