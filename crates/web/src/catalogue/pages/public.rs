//! The public procedure catalogue: browse by field and level, search ignoring diacritics, and
//! the detail of one procedure.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use motcua_domain::procedure::ProcedureLevel;
use motcua_store::procedures;

use crate::error::AppError;
use crate::extract::Query;
use crate::i18n::Lang;
use crate::pages::{PageCtx, date_vn, today_vn};
use crate::state::AppState;

use crate::catalogue::input::{CatalogueQuery, PAGE_SIZE, filter_from};
use crate::catalogue::view::{in_force, limit_text};

fn level_text(lang: Lang, l: ProcedureLevel) -> String {
    lang.label(l)
}

#[derive(Debug)]
pub struct ListItem {
    pub code: String,
    pub name: String,
    pub field: String,
    pub level: String,
    pub limit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalogue/list.html")]
pub struct ListPage {
    p: PageCtx,
    q: String,
    field: String,
    level: String,
    fields: Vec<String>,
    levels: Vec<(&'static str, String)>,
    items: Vec<ListItem>,
    count_text: String,
    next_page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    Query(q): Query<CatalogueQuery>,
) -> Result<ListPage, AppError> {
    let filter = filter_from(&q, PAGE_SIZE + 1)?;
    let mut found = procedures::list(state.db(), &filter).await?;
    let more = found.len() > PAGE_SIZE as usize;
    found.truncate(PAGE_SIZE as usize);
    let lang = p.lang;
    let items: Vec<ListItem> = found
        .iter()
        .map(|v| ListItem {
            code: v.code.to_string(),
            name: v.name.clone(),
            field: v.field.clone(),
            level: level_text(lang, v.level),
            limit: limit_text(lang, v.limit_kind, v.committed_limit),
        })
        .collect();
    let next_page = more.then(|| {
        let page = q.page.unwrap_or(0) + 1;
        let enc = |s: &Option<String>| {
            serde_urlencoded::to_string([("x", s.clone().unwrap_or_default())])
                .map(|e| e.trim_start_matches("x=").to_owned())
                .unwrap_or_default()
        };
        format!(
            "/procedures?q={}&field={}&level={}&page={page}",
            enc(&q.q),
            enc(&q.field),
            enc(&q.level)
        )
    });
    let count_text = if items.is_empty() {
        p.t("catalogue-empty")
    } else {
        p.t1("catalogue-count", "count", items.len())
    };
    Ok(ListPage {
        q: q.q.unwrap_or_default(),
        field: q.field.unwrap_or_default(),
        level: q.level.unwrap_or_default(),
        fields: procedures::fields(state.db(), today_vn()).await?,
        levels: ProcedureLevel::ALL
            .iter()
            .map(|l| (l.code(), level_text(lang, *l)))
            .collect(),
        items,
        count_text,
        next_page,
        p,
    })
}

#[derive(Debug)]
pub struct DocItem {
    pub name: String,
    pub copies: String,
}

#[derive(Debug)]
pub struct StepItem {
    pub name: String,
    pub actor: String,
    pub budget: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalogue/detail.html")]
pub struct DetailPage {
    p: PageCtx,
    code: String,
    name: String,
    field: String,
    level: String,
    agency: String,
    legal_limit: String,
    committed_limit: String,
    fee: String,
    documents: Vec<DocItem>,
    steps: Vec<StepItem>,
    legal_basis: String,
    effective_from: String,
}

pub async fn detail(
    State(state): State<AppState>,
    p: PageCtx,
    Path(code): Path<String>,
) -> Result<DetailPage, AppError> {
    let v = in_force(&state, &code).await?;
    let lang = p.lang;
    let agency =
        match motcua_store::units::get_by_code(state.db(), &v.deciding_agency, today_vn()).await {
            Ok(u) => u.name,
            Err(motcua_store::StoreError::NotFound { .. }) => v.deciding_agency.to_string(),
            Err(e) => return Err(e.into()),
        };
    let fee = if v.fee.text.trim().is_empty() {
        p.t("catalogue-no-fee")
    } else {
        v.fee.text.clone()
    };
    Ok(DetailPage {
        code: v.code.to_string(),
        name: v.name.clone(),
        field: v.field.clone(),
        level: level_text(lang, v.level),
        agency,
        legal_limit: limit_text(lang, v.limit_kind, v.legal_limit),
        committed_limit: limit_text(lang, v.limit_kind, v.committed_limit),
        fee,
        documents: v
            .documents
            .iter()
            .map(|d| DocItem {
                name: d.name.clone(),
                copies: format!("{} {}", d.count, lang.label(d.copy_kind)),
            })
            .collect(),
        steps: v
            .steps
            .iter()
            .map(|s| StepItem {
                name: s.name.clone(),
                actor: lang.label(s.role),
                budget: limit_text(lang, v.limit_kind, s.budget),
            })
            .collect(),
        legal_basis: v.legal_basis.clone(),
        effective_from: date_vn(v.effective_from),
        p,
    })
}
