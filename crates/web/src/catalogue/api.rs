//! `/api/v1/procedures`: the public catalogue.

use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use motcua_domain::procedure::ProcedureVersion;
use motcua_store::procedures;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiError;
use crate::catalogue::input::{self, CatalogueQuery};
use crate::catalogue::view;
use crate::error::AppError;
use crate::extract::Query;
use crate::state::AppState;

/// A procedure in a list.
#[derive(Serialize, ToSchema)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: String,
    /// `province` or `commune`.
    pub level: String,
    /// `working_days`, `working_hours`, `calendar_days` or `same_day`.
    pub limit_kind: String,
    /// The legal time limit, in units of `limit_kind` (may be fractional).
    pub legal_limit: f64,
    pub committed_limit: f64,
    pub effective_from: NaiveDate,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub name: String,
    /// `original`, `copy`, `certified_copy` or `original_or_copy`.
    pub copy_kind: String,
    pub count: u32,
}

#[derive(Serialize, ToSchema)]
pub struct StepDto {
    pub name: String,
    /// The role that performs the step.
    pub role: String,
    pub budget: f64,
}

/// A procedure version with everything an applicant needs.
#[derive(Serialize, ToSchema)]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub summary: ProcedureSummary,
    pub version_id: String,
    /// Code of the deciding agency's unit.
    pub deciding_agency: String,
    pub fee_text: String,
    pub fee_amount_vnd: Option<i64>,
    pub documents: Vec<DocumentDto>,
    pub steps: Vec<StepDto>,
    pub legal_basis: String,
}

fn amount(q: motcua_domain::procedure::Quantity) -> f64 {
    f64::from(q.hundredths()) / 100.0
}

fn summary(v: &ProcedureVersion) -> ProcedureSummary {
    ProcedureSummary {
        code: v.code.to_string(),
        name: v.name.clone(),
        field: v.field.clone(),
        level: v.level.code().to_owned(),
        limit_kind: v.limit_kind.code().to_owned(),
        legal_limit: amount(v.legal_limit),
        committed_limit: amount(v.committed_limit),
        effective_from: v.effective_from,
    }
}

fn copy_kind_code(k: motcua_domain::procedure::CopyKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(Deserialize, IntoParams)]
pub struct ProceduresQuery {
    /// Free text; diacritics and case are ignored ("dang ky ket hon"); at most 200 characters and 12 words.
    pub q: Option<String>,
    /// Exact field name (lĩnh vực).
    pub field: Option<String>,
    /// `province` or `commune`.
    pub level: Option<String>,
    /// Page number, from 0 (100 per page).
    pub page: Option<u32>,
}

/// Procedures in force today, optionally searched and filtered.
#[utoipa::path(
    get,
    path = "/api/v1/procedures",
    tag = "catalogue",
    params(ProceduresQuery),
    responses(
        (status = 200, description = "Matching procedures", body = [ProcedureSummary]),
        (status = 400, description = "Malformed query, or `search_too_long`: `q` has more than 200 characters or 12 words", body = ApiError),
        (status = 422, description = "Invalid level", body = ApiError),
    )
)]
pub async fn list_procedures(
    State(state): State<AppState>,
    Query(q): Query<ProceduresQuery>,
) -> Result<Json<Vec<ProcedureSummary>>, AppError> {
    let filter = input::filter_from(
        &CatalogueQuery {
            q: q.q,
            field: q.field,
            level: q.level,
            page: q.page,
        },
        100,
    )?;
    let list = procedures::list(state.db(), &filter).await?;
    Ok(Json(list.iter().map(summary).collect()))
}

/// The version of a procedure in force today.
#[utoipa::path(
    get,
    path = "/api/v1/procedures/{code}",
    tag = "catalogue",
    params(("code" = String, Path, description = "Procedure code")),
    responses(
        (status = 200, description = "The procedure", body = ProcedureDetail),
        (status = 404, description = "No procedure with this code in force", body = ApiError),
    )
)]
pub async fn get_procedure(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, AppError> {
    let v = view::in_force(&state, &code).await?;
    Ok(Json(ProcedureDetail {
        summary: summary(&v),
        version_id: v.id.to_string(),
        deciding_agency: v.deciding_agency.to_string(),
        fee_text: v.fee.text.clone(),
        fee_amount_vnd: v.fee.amount_vnd,
        documents: v
            .documents
            .iter()
            .map(|d| DocumentDto {
                name: d.name.clone(),
                copy_kind: copy_kind_code(d.copy_kind),
                count: d.count,
            })
            .collect(),
        steps: v
            .steps
            .iter()
            .map(|s| StepDto {
                name: s.name.clone(),
                role: s.role.code().to_owned(),
                budget: amount(s.budget),
            })
            .collect(),
        legal_basis: v.legal_basis.clone(),
    }))
}
