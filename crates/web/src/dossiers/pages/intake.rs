//! Receiving a dossier at the desk, and filing one online as a citizen. Both are one page in
//! two steps: choose the procedure (GET), then the applicant and the checklist (POST, with
//! files). The checks are those of the API (`build_intake`, `service::intake`, the upload
//! checks); this module only maps form fields to them and their messages back to fields.

use crate::i18n::Lang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::dossiers::UploadedFile;
use motcua_app::dossiers::uploads;
use motcua_domain::dossier::applicant::ApplicantForm;
use motcua_domain::dossier::upload::UploadLimits;
use motcua_domain::policy::Action;
use motcua_domain::procedure::{ProcedureCode, ProcedureVersion};
use motcua_domain::unit::UnitLevel;
use motcua_store::drafts;
use motcua_store::procedures::{self, ProcedureFilter};
use motcua_store::units;
use serde::Deserialize;

use super::DeskNav;
use crate::auth::CurrentUser;
use crate::authz;
use crate::catalogue::view::limit_text;
use crate::dossiers::input::{DocumentInput, IntakeInput};
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::form_data::FormData;
use crate::kept;
use crate::pages::{FormErrors, PageCtx, today_vn, when};
use crate::state::AppState;

/// Fields shown beside an input; any other message goes to the list at the top.
const SHOWN_FIELDS: &[&str] = &[
    "kind",
    "name",
    "citizen_id",
    "birth_year",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "procedure",
    "unit_id",
    "channel",
    "return_place",
];

#[derive(Debug, Default, Deserialize)]
pub struct ChooseQuery {
    #[serde(default)]
    pub thu_tuc: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    /// Set after a draft was saved.
    #[serde(default)]
    pub da_luu: Option<String>,
}

/// What a saved draft holds: what was typed and the files already sent (index, name, signed
/// reference, as the form carries them across error rounds).
#[derive(Debug, Default, Deserialize, serde::Serialize)]
struct SavedDraft {
    v: IntakeInput,
    kept: Vec<(usize, String, String)>,
}

/// The citizen's draft for a procedure, if one was saved (one that no longer reads is none).
async fn saved_draft(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<Option<(SavedDraft, chrono::DateTime<chrono::Utc>)>, AppError> {
    Ok(drafts::get(state.db(), user.user_id, code)
        .await?
        .and_then(|d| {
            serde_json::from_str::<SavedDraft>(&d.body)
                .ok()
                .map(|s| (s, d.saved_at))
        }))
}

#[derive(Debug)]
pub struct DocLine {
    pub index: usize,
    pub name: String,
    pub copy: String,
    pub provided: bool,
    pub error_field: String,
    /// Listed "(nếu có)": not required.
    pub optional: bool,
    /// A file already received in an earlier round: its name and the form's reference to it.
    pub kept: Option<(String, String)>,
}

#[derive(Debug)]
pub struct Chosen {
    pub code: String,
    pub name: String,
    pub limit: String,
    pub fee: String,
    pub documents: Vec<DocLine>,
}

/// What was typed, in the input type the API parses too; kept when the form comes back with
/// errors. A checklist line is `provided_<i>` (ticked) and `file_<i>` (its file).
fn typed(f: &FormData, count: usize) -> IntakeInput {
    IntakeInput {
        unit_id: f.get("unit_id"),
        procedure_code: f.get("procedure_code"),
        channel: f.get("channel"),
        applicant: ApplicantForm {
            kind: f.get("kind"),
            name: f.get("name"),
            citizen_id: f.get("citizen_id"),
            birth_year: f.get("birth_year"),
            tax_code: f.get("tax_code"),
            representative: f.get("representative"),
            phone: f.get("phone"),
            email: f.get("email"),
            address: f.get("address"),
        },
        documents: (0..count)
            .map(|i| DocumentInput {
                position: u32::try_from(i).unwrap_or(u32::MAX),
                provided: f.ticked(&format!("provided_{i}")),
                ..DocumentInput::default()
            })
            .collect(),
        return_place: f.get("return_place"),
        paid_online: f.get("paid_online"),
        reused_data: f.ticked("reused_data"),
        from_portal_store: f.ticked("from_portal_store"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/intake.html")]
pub struct IntakePage {
    p: PageCtx,
    nav: DeskNav,
    /// Online filing by a citizen (no paper checkboxes, a unit to choose, files required).
    online: bool,
    action: &'static str,
    q: String,
    procedures: Vec<(String, String)>,
    chosen: Option<Chosen>,
    units: Vec<(String, String)>,
    v: IntakeInput,
    errors: FormErrors,
    /// Messages of fields that have no input of their own.
    general: Vec<String>,
}

/// The person must be a desk officer somewhere (desk intake).
fn require_desk(user: &CurrentUser) -> Result<(), AppError> {
    if authz::can_somewhere(user, Action::ReceiveDossier) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A citizen files online; an officer uses the desk form (their channel is not "online").
fn is_citizen(user: &CurrentUser) -> bool {
    DeskNav::of(user).is_citizen
}

pub(crate) async fn in_force(
    state: &AppState,
    code: &str,
) -> Result<Option<ProcedureVersion>, AppError> {
    let Ok(code) = ProcedureCode::parse(code.trim()) else {
        return Ok(None);
    };
    match procedures::get_in_force(state.db(), &code, today_vn()).await {
        Ok(v) => Ok(Some(v)),
        Err(motcua_store::StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The chosen procedure's checklist, with what the form sent: ticks, and files kept from an
/// earlier round (`kept`: index, name, reference).
fn chosen(
    p: &PageCtx,
    v: &ProcedureVersion,
    form: Option<&FormData>,
    kept: &[(usize, String, String)],
) -> Chosen {
    Chosen {
        code: v.code.to_string(),
        name: v.name.clone(),
        limit: limit_text(
            p.lang,
            v.limit_kind,
            motcua_domain::dossier::timing::promised_quantity(v),
        ),
        fee: v.fee.text.clone(),
        documents: v
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| DocLine {
                index: i,
                name: d.name.clone(),
                copy: format!("{} × {}", p.lang.label(d.copy_kind), d.count),
                provided: form.is_some_and(|f| f.ticked(&format!("provided_{i}"))),
                error_field: format!("document_{i}"),
                optional: d.is_optional(),
                kept: kept
                    .iter()
                    .find(|(k, _, _)| *k == i)
                    .map(|(_, name, r)| (name.clone(), r.clone())),
            })
            .collect(),
    }
}

/// The form's state for one rendering: the search, the chosen procedure, what was typed and
/// what is wrong with it.
struct Draft {
    q: String,
    chosen: Option<Chosen>,
    v: IntakeInput,
    problems: Vec<(String, String)>,
}

async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    online: bool,
    draft: Draft,
) -> Result<IntakePage, AppError> {
    let Draft {
        q,
        chosen,
        v,
        problems,
    } = draft;
    let mut filter = ProcedureFilter::on(today_vn());
    filter.query = Some(q.trim().chars().take(200).collect()).filter(|s: &String| !s.is_empty());
    filter.limit = 500;
    let procedures = procedures::list(state.db(), &filter)
        .await?
        .into_iter()
        .map(|v| (v.code.to_string(), v.name.clone()))
        .collect();
    let units = if online {
        units::list_in_force(state.db(), today_vn())
            .await?
            .into_iter()
            .filter(|u| matches!(u.level, UnitLevel::Commune | UnitLevel::Province))
            .map(|u| (u.id.to_string(), u.name))
            .collect()
    } else {
        Vec::new()
    };
    let mut errors = FormErrors::default();
    let mut general = Vec::new();
    let doc_fields: Vec<String> = chosen
        .as_ref()
        .map(|c| c.documents.iter().map(|d| d.error_field.clone()).collect())
        .unwrap_or_default();
    for (field, message) in problems {
        if SHOWN_FIELDS.contains(&field.as_str()) || doc_fields.contains(&field) {
            errors.add(&field, message);
        } else {
            general.push(message);
        }
    }
    Ok(IntakePage {
        nav: DeskNav::of(user),
        p,
        online,
        action: if online {
            "/mot-cua/nop-truc-tuyen"
        } else {
            "/mot-cua/tiep-nhan"
        },
        q,
        procedures,
        chosen,
        units,
        v,
        errors,
        general,
    })
}

async fn show_form(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    online: bool,
    q: ChooseQuery,
) -> Result<IntakePage, AppError> {
    let version = match q.thu_tuc.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(code) => in_force(state, code).await?,
        None => None,
    };
    let mut problems = Vec::new();
    if q.thu_tuc.as_deref().is_some_and(|s| !s.trim().is_empty()) && version.is_none() {
        problems.push(("procedure".to_owned(), p.t("desk-intake-procedure-unknown")));
    }
    let draft = match (&version, online) {
        (Some(v), true) => saved_draft(state, user, v.code.as_str()).await?,
        _ => None,
    };
    let p = match &draft {
        Some((_, at)) if q.da_luu.is_some() => {
            let n = p.t1("desk-draft-saved", "at", when(*at));
            p.with_notice(n)
        }
        Some((_, at)) => {
            let n = p.t1("desk-draft-resumed", "at", when(*at));
            p.with_notice(n)
        }
        None => p,
    };
    if let (Some(version), Some((saved, _))) = (&version, draft) {
        let chosen = Some(chosen(&p, version, None, &saved.kept));
        let draft = Draft {
            q: q.q.unwrap_or_default(),
            chosen,
            v: saved.v,
            problems,
        };
        return render(state, p, user, online, draft).await;
    }
    let chosen = version.as_ref().map(|v| chosen(&p, v, None, &[]));
    let v = IntakeInput {
        applicant: ApplicantForm {
            kind: "person".into(),
            // A citizen files for themself most of the time.
            name: if online {
                user.full_name.clone()
            } else {
                String::new()
            },
            ..ApplicantForm::default()
        },
        channel: if online { "online" } else { "desk" }.into(),
        ..IntakeInput::default()
    };
    let draft = Draft {
        q: q.q.unwrap_or_default(),
        chosen,
        v,
        problems,
    };
    render(state, p, user, online, draft).await
}

pub async fn desk_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<ChooseQuery>,
) -> Result<IntakePage, AppError> {
    require_desk(&user)?;
    show_form(&state, p, &user, false, q).await
}

pub async fn online_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<ChooseQuery>,
) -> Result<Response, AppError> {
    if !is_citizen(&user) {
        return Ok(Redirect::to("/mot-cua/tiep-nhan").into_response());
    }
    Ok(show_form(&state, p, &user, true, q).await?.into_response())
}

pub async fn desk_submit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    require_desk(&user)?;
    submit(&state, p, &user, false, form).await
}

pub async fn online_submit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !is_citizen(&user) {
        return Err(AppError::Forbidden);
    }
    submit(&state, p, &user, true, form).await
}

/// Messages of an error that belongs on the form; anything else is not the form's to show.
fn form_problems(lang: Lang, e: AppError) -> Result<Vec<(String, String)>, AppError> {
    match e {
        AppError::Validation(fields) | AppError::TooLong(fields) => Ok(fields
            .into_iter()
            .map(|f| (f.field, lang.text(&f.message)))
            .collect()),
        AppError::Rule { message, .. } => Ok(vec![("_".to_owned(), lang.text(&message))]),
        AppError::Conflict { message, .. } => Ok(vec![("_".to_owned(), lang.text(&message))]),
        other => Err(other),
    }
}

async fn submit(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    online: bool,
    form: FormData,
) -> Result<Response, AppError> {
    let code = form.get("procedure_code");
    let version = in_force(state, &code).await?;
    let count = version.as_ref().map_or(0, |v| v.documents.len());
    let mut problems: Vec<(String, String)> = Vec::new();

    let limits = UploadLimits::default();
    let mut files = Vec::new();
    for part in &form.files {
        let Some(i) = part
            .field
            .strip_prefix("file_")
            .and_then(|i| i.parse::<u32>().ok())
            .filter(|i| usize::try_from(*i).is_ok_and(|i| i < count))
        else {
            continue;
        };
        let field = format!("document_{i}");
        match uploads::accept(
            &field,
            &part.file_name,
            part.content_type.as_deref(),
            part.bytes.clone(),
            &limits,
        ) {
            Ok(f) => files.push((i, f)),
            Err(e) => problems.extend(form_problems(p.lang, e.into())?),
        }
    }
    // Files received in an earlier round, where no new file replaces them.
    for i in 0..count {
        let reference = form.get(&format!("kept_{i}"));
        if reference.is_empty() || files.iter().any(|(j, _)| usize::try_from(*j) == Ok(i)) {
            continue;
        }
        let name = form.get(&format!("kept_name_{i}"));
        if let Some(f) = kept::restore(state, user, &reference, &name).await? {
            files.push((u32::try_from(i).unwrap_or(u32::MAX), f));
        }
    }
    let input = typed(&form, count);
    if online && form.get("luu_nhap") == "1" {
        match &version {
            Some(v) => {
                if let Some(saved) = save_draft(state, user, v, input.clone(), &files).await? {
                    return Ok(saved);
                }
                problems.push(("_".to_owned(), p.t("desk-draft-too-many")));
            }
            None => problems.push(("procedure".to_owned(), p.t("desk-intake-procedure-unknown"))),
        }
    }
    match input.clone().parse(state, user, files.clone()).await {
        // A rejected file would also read as a missing document: show only the file's problem.
        Ok(intake) if problems.is_empty() => {
            match motcua_app::dossiers::intake(state.app(), &user.actor(), intake).await {
                Ok(d) => {
                    if online {
                        drafts::delete(state.db(), user.user_id, &code).await?;
                    }
                    let to = format!("/mot-cua/ho-so/{}?da-tiep-nhan=1", d.id);
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(e) => problems.extend(form_problems(p.lang, e.into())?),
            }
        }
        Ok(_) => {}
        Err(e) => problems.extend(form_problems(p.lang, e)?),
    }
    // The good files are kept for the next round, so nobody picks them again.
    let mut kept_files = Vec::new();
    for (i, f) in &files {
        let reference = kept::keep(state, user, f).await?;
        kept_files.push((
            usize::try_from(*i).unwrap_or(usize::MAX),
            f.name.clone(),
            reference,
        ));
    }
    let chosen = version
        .as_ref()
        .map(|v| chosen(&p, v, Some(&form), &kept_files));
    let draft = Draft {
        q: String::new(),
        chosen,
        v: input,
        problems,
    };
    let page = render(state, p, user, online, draft).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Saves what the form holds as the citizen's draft for the procedure (the good files kept by
/// reference) and sends them back to the form; `None` when they keep too many drafts already.
async fn save_draft(
    state: &AppState,
    user: &CurrentUser,
    version: &ProcedureVersion,
    v: IntakeInput,
    files: &[(u32, UploadedFile)],
) -> Result<Option<Response>, AppError> {
    let mut kept_files = Vec::new();
    for (i, f) in files {
        let reference = kept::keep(state, user, f).await?;
        kept_files.push((
            usize::try_from(*i).unwrap_or(usize::MAX),
            f.name.clone(),
            reference,
        ));
    }
    let body = serde_json::to_string(&SavedDraft {
        v,
        kept: kept_files,
    })
    .map_err(AppError::internal)?;
    let code = version.code.as_str();
    if !drafts::save(state.db(), user.user_id, code, &body, motcua_store::now()).await? {
        return Ok(None);
    }
    let to = format!(
        "/mot-cua/nop-truc-tuyen?thu_tuc={}&da_luu=1",
        percent_encoding::utf8_percent_encode(code, percent_encoding::NON_ALPHANUMERIC)
    );
    Ok(Some(Redirect::to(&to).into_response()))
}

#[derive(Debug, Deserialize)]
pub struct DraftRef {
    #[serde(default)]
    thu_tuc: String,
}

/// `POST /mot-cua/nop-truc-tuyen/nhap/xoa`: the citizen throws a draft away.
pub async fn delete_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    PageForm(form): PageForm<DraftRef>,
) -> Result<Response, AppError> {
    if !is_citizen(&user) {
        return Err(AppError::Forbidden);
    }
    drafts::delete(state.db(), user.user_id, form.thu_tuc.trim()).await?;
    Ok(Redirect::to("/mot-cua/cua-toi").into_response())
}
