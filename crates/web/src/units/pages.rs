//! The unit tree: see it, add a unit, record a merge.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::units::RecordChange;
use motcua_domain::ids::UnitId;
use motcua_domain::policy::Action;
use motcua_domain::unit::{NewUnit, TreeEntry, UnitChangeKind, UnitLevel};
use motcua_store::units::{self, SuccessorSpec};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::PageForm;
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::pages::{FormErrors, PageCtx, date_vn, today_vn};
use crate::state::AppState;
use crate::units::input::{UnitInput, in_input_terms, parse_date};

/// One line of the tree.
#[derive(Debug)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: String,
    pub depth: usize,
    pub indent: String,
    pub remote_area: bool,
    pub effective_from: String,
    pub effective_to: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "units/index.html")]
pub struct UnitsPage {
    p: PageCtx,
    tree: Vec<UnitRow>,
    ended: Vec<UnitRow>,
    /// Units that may be a parent or a predecessor (in force, in the person's scope).
    choices: Vec<UnitRow>,
    levels: Vec<(&'static str, String)>,
    create: UnitFormValues,
    create_errors: FormErrors,
    merge: MergeFormValues,
    merge_errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
pub struct UnitFormValues {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub parent_id: String,
    #[serde(default)]
    pub remote_area: Option<String>,
    #[serde(default)]
    pub effective_from: String,
}

#[derive(Debug, Default)]
pub struct MergeFormValues {
    pub from: Vec<String>,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_id: String,
    pub effective: String,
    pub legal_basis: String,
}

impl MergeFormValues {
    #[must_use]
    pub fn is_from(&self, id: &str) -> bool {
        self.from.iter().any(|f| f == id)
    }
}

fn row(lang: Lang, e: &TreeEntry) -> UnitRow {
    let u = &e.unit;
    UnitRow {
        id: u.id.to_string(),
        code: u.code.to_string(),
        name: u.name.clone(),
        level: lang.t(&format!("unit-level-{}", u.level.code())),
        depth: e.depth,
        indent: "\u{2003}".repeat(e.depth),
        remote_area: u.remote_area,
        effective_from: date_vn(u.effective_from),
        effective_to: u.effective_to.map(date_vn),
    }
}

/// The tree (in force today) limited to the subtrees the person may manage.
async fn scoped_tree(state: &AppState, user: &CurrentUser) -> Result<Vec<TreeEntry>, AppError> {
    let tree = units::list_tree(state.db(), today_vn()).await?;
    let Some(roots) = authz::scope_roots(user, Action::ManageUnit) else {
        return Ok(tree);
    };
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    for e in tree {
        if let Some(d) = inside {
            if e.depth > d {
                out.push(e);
                continue;
            }
            inside = None;
        }
        if roots.contains(&e.unit.id) {
            inside = Some(e.depth);
            out.push(e);
        }
    }
    Ok(out)
}

async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    create: UnitFormValues,
    create_errors: FormErrors,
    merge: MergeFormValues,
    merge_errors: FormErrors,
) -> Result<UnitsPage, AppError> {
    let lang = p.lang;
    let tree: Vec<UnitRow> = scoped_tree(state, user)
        .await?
        .iter()
        .map(|e| row(lang, e))
        .collect();
    let ended = if authz::scope_roots(user, Action::ManageUnit).is_none() {
        let mut all = units::list_all(state.db()).await?;
        all.retain(|u| u.effective_to.is_some());
        all.into_iter()
            .map(|unit| row(lang, &TreeEntry { unit, depth: 0 }))
            .collect()
    } else {
        Vec::new()
    };
    let choices = tree
        .iter()
        .map(|r| UnitRow {
            id: r.id.clone(),
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level.clone(),
            depth: r.depth,
            indent: r.indent.clone(),
            remote_area: r.remote_area,
            effective_from: r.effective_from.clone(),
            effective_to: None,
        })
        .collect();
    Ok(UnitsPage {
        p,
        tree,
        ended,
        choices,
        levels: UnitLevel::ALL
            .iter()
            .map(|l| (l.code(), lang.t(&format!("unit-level-{}", l.code()))))
            .collect(),
        create,
        create_errors,
        merge,
        merge_errors,
    })
}

pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<UnitsPage, AppError> {
    if !authz::can_somewhere(&user, Action::ManageUnit) {
        return Err(AppError::Forbidden);
    }
    render(
        &state,
        p,
        &user,
        UnitFormValues::default(),
        FormErrors::default(),
        MergeFormValues::default(),
        FormErrors::prefixed("merge-"),
    )
    .await
}

impl UnitFormValues {
    /// The form as the input both the page and the API parse.
    fn input(&self) -> UnitInput {
        UnitInput {
            code: self.code.clone(),
            name: self.name.clone(),
            level: self.level.clone(),
            parent_id: Some(self.parent_id.clone()),
            remote_area: self.remote_area.is_some(),
            effective_from: self.effective_from.clone(),
        }
    }
}

/// Parses the create form, every field error beside its field.
fn parse_new_unit(
    v: &UnitFormValues,
    errors: &mut FormErrors,
) -> Result<Option<NewUnit>, AppError> {
    match v.input().parse() {
        Ok(new) => Ok(Some(new)),
        Err(e) => collect(e, errors).map(|()| None),
    }
}

pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(form): PageForm<UnitFormValues>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    let parsed = parse_new_unit(&form, &mut errors)?;
    // Authorization on the parent (a province needs system-wide rights), before any write.
    match parsed.as_ref().and_then(|n| n.parent) {
        Some(parent) => {
            authz::require(&state, Some(&user), Action::ManageUnit, Some(parent)).await?
        }
        None if parsed.is_some() => {
            authz::require(&state, Some(&user), Action::ManageUnit, None).await?
        }
        None => {
            if !authz::can_somewhere(&user, Action::ManageUnit) {
                return Err(AppError::Forbidden);
            }
        }
    }
    if let Some(new) = parsed {
        match motcua_app::units::create(state.app(), &user.actor(), new).await {
            Ok(_) => return Ok(Redirect::to("/admin/units").into_response()),
            Err(e) => collect(e.into(), &mut errors)?,
        }
    }
    let page = render(
        &state,
        p,
        &user,
        form,
        errors,
        MergeFormValues::default(),
        FormErrors::prefixed("merge-"),
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Field errors go beside their fields; anything else is returned.
fn collect(e: AppError, errors: &mut FormErrors) -> Result<(), AppError> {
    match in_input_terms(e) {
        AppError::Validation(fields) | AppError::TooLong(fields) => {
            for f in fields {
                errors.add(&f.field, f.message);
            }
            Ok(())
        }
        AppError::Conflict { field, message } => {
            errors.add(&field, message);
            Ok(())
        }
        other => Err(other),
    }
}

pub async fn merge(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut v = MergeFormValues::default();
    for (k, val) in pairs {
        match k.as_str() {
            "from" => v.from.push(val),
            "code" => v.code = val,
            "name" => v.name = val,
            "level" => v.level = val,
            "parent_id" => v.parent_id = val,
            "effective" => v.effective = val,
            "legal_basis" => v.legal_basis = val,
            _ => {}
        }
    }
    let mut errors = FormErrors::prefixed("merge-");
    let mut preds = Vec::new();
    for f in &v.from {
        match UnitId::parse(f) {
            Ok(id) => preds.push(id),
            Err(_) => errors.add("from", Text::id("validation-unit_change-from_invalid")),
        }
    }
    if preds.len() < 2 {
        errors.add("from", Text::id("validation-unit_change-from_two"));
    }
    for id in &preds {
        authz::require(&state, Some(&user), Action::RecordUnitChange, Some(*id)).await?;
    }
    let effective = parse_date(&v.effective);
    if effective.is_none() {
        errors.add("effective", Text::id("validation-unit-date"));
    }
    let unit_values = UnitFormValues {
        code: v.code.clone(),
        name: v.name.clone(),
        level: v.level.clone(),
        parent_id: v.parent_id.clone(),
        remote_area: None,
        // The successor's first day is the merge's: its error is told once, on `effective`.
        effective_from: v.effective.clone(),
    };
    let new = match unit_values.input().parse() {
        Ok(new) => Some(new),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            for f in fields.into_iter().filter(|f| f.field != "effective_from") {
                errors.add(&f.field, f.message);
            }
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(parent) = new.as_ref().and_then(|n| n.parent) {
        authz::require(&state, Some(&user), Action::ManageUnit, Some(parent)).await?;
    } else if new.is_some() {
        authz::require(&state, Some(&user), Action::ManageUnit, None).await?;
    }
    if v.legal_basis.trim().is_empty() {
        errors.add(
            "legal_basis",
            Text::id("validation-unit_change-legal_basis_empty"),
        );
    }
    if let (Some(new), Some(effective), false) = (new, effective, errors.has_errors()) {
        let change = RecordChange {
            kind: UnitChangeKind::Merge,
            predecessors: preds,
            successors: vec![SuccessorSpec::New(new)],
            effective,
            legal_basis: v.legal_basis.trim().to_owned(),
        };
        match motcua_app::units::record_change(state.app(), &user.actor(), change).await {
            Ok(_) => return Ok(Redirect::to("/admin/units").into_response()),
            Err(e) => collect(e.into(), &mut errors)?,
        }
    }
    let page = render(
        &state,
        p,
        &user,
        UnitFormValues::default(),
        FormErrors::default(),
        v,
        errors,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
