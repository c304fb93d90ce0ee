//! A citizen's petitions online: filing one with the content the law asks of its kind and its
//! files, the receipt with the register number and the legal deadline, and "my petitions".
//!
//! A petition filed here goes through the same registration as one the desk registers, so a
//! denunciation is sealed the same way. The case is registered by the system and the citizen's
//! account is kept only as a keyed index (`identity::filer_index`): no row, event or audit
//! entry names the account in clear, and the citizen's pages find their petitions by that
//! index alone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::dossiers::{UploadedFile, uploads};
use motcua_domain::dossier::upload::UploadLimits;
use motcua_domain::ids::PetitionId;
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::petition::{PetitionKind, Source};
use motcua_domain::role::Role;
use motcua_store::petitions::{self, PetitionFilter, PetitionRecord};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Query;
use crate::form_data::FormData;
use crate::i18n::Lang;
use crate::pages::{FormErrors, PageCtx, today_vn, when};
use crate::petitions::identity;
use crate::petitions::input::RegisterInput;
use crate::state::AppState;

/// Who registers a petition filed online, in its timeline and the audit log (stored records
/// are Vietnamese, whatever the reader's language).
const ONLINE_REGISTRAR: &str = "Cổng tiếp nhận đơn trực tuyến";

/// At most this many files with one petition (each within the dossiers' per-file limit).
pub const MAX_FILES: usize = 5;

/// The fields the citizen types; everything else of a registration is set here.
const TYPED: [&str; 10] = [
    "unit_id",
    "kind",
    "subject",
    "respondent",
    "content",
    "sender_name",
    "sender_address",
    "sender_id_number",
    "sender_phone",
    "sender_email",
];

fn is_citizen(user: &CurrentUser) -> bool {
    user.grants.iter().any(|g| g.role == Role::Citizen)
}

fn require_citizen(user: &CurrentUser) -> Result<(), AppError> {
    if is_citizen(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// One kind a citizen may file, with what the law asks the petition to say.
#[derive(Debug)]
pub struct KindChoice {
    pub code: &'static str,
    pub label: String,
    pub hint: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/file.html")]
pub struct FilePage {
    p: PageCtx,
    v: RegisterInput,
    errors: FormErrors,
    kinds: Vec<KindChoice>,
    units: Vec<(String, String)>,
    max_files: usize,
    /// Files received in an earlier round of this form: name and signed reference.
    kept: Vec<(String, String)>,
}

async fn file_page(
    state: &AppState,
    p: PageCtx,
    v: RegisterInput,
    errors: FormErrors,
    kept: Vec<(String, String)>,
) -> Result<FilePage, AppError> {
    let lang = p.lang;
    let units = motcua_store::units::list_in_force(state.db(), today_vn())
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    Ok(FilePage {
        kinds: PetitionKind::ALL
            .iter()
            .map(|k| KindChoice {
                code: k.code(),
                label: lang.label(*k),
                hint: lang.t(&format!("pet-online-hint-{}", k.code())),
            })
            .collect(),
        units,
        max_files: MAX_FILES,
        kept,
        p,
        v,
        errors,
    })
}

/// `GET /don-thu/gui`: the form, with the account's name filled in.
pub async fn form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<FilePage, AppError> {
    require_citizen(&user)?;
    let v = RegisterInput {
        sender_name: user.full_name.clone(),
        ..RegisterInput::default()
    };
    file_page(&state, p, v, FormErrors::default(), Vec::new()).await
}

/// The typed fields of the form; the source is always "online", the moment always now.
fn typed(form: &FormData) -> RegisterInput {
    let mut v = RegisterInput {
        source: Source::Online.code().to_owned(),
        ..RegisterInput::default()
    };
    for name in TYPED {
        let value = form.get(name);
        let slot = match name {
            "unit_id" => &mut v.unit_id,
            "kind" => &mut v.kind,
            "subject" => &mut v.subject,
            "respondent" => &mut v.respondent,
            "content" => &mut v.content,
            "sender_name" => &mut v.sender_name,
            "sender_address" => &mut v.sender_address,
            "sender_id_number" => &mut v.sender_id_number,
            "sender_phone" => &mut v.sender_phone,
            _ => &mut v.sender_email,
        };
        *slot = value;
    }
    v
}

/// The files sent, each checked by content, after those `kept` from an earlier round; every
/// problem is reported under `files`.
fn files(
    form: &FormData,
    kept: Vec<UploadedFile>,
) -> Result<Vec<UploadedFile>, (Vec<UploadedFile>, Vec<crate::error::FieldMessage>)> {
    let limits = UploadLimits::default();
    let mut out = kept;
    let mut problems = Vec::new();
    let sent: Vec<_> = form.files.iter().filter(|f| f.field == "files").collect();
    if sent.len() + out.len() > MAX_FILES {
        problems.push(crate::error::FieldMessage {
            field: "files".into(),
            message: crate::i18n::Text::with(
                "validation-petition-too_many_files",
                vec![("max", MAX_FILES.to_string().into())],
            ),
        });
        return Err((out, problems));
    }
    for part in sent {
        match uploads::accept(
            "files",
            &part.file_name,
            part.content_type.as_deref(),
            part.bytes.clone(),
            &limits,
        ) {
            Ok(f) => out.push(f),
            Err(e) => {
                if let AppError::Validation(fields) = AppError::from(e) {
                    problems.extend(fields);
                }
            }
        }
    }
    if problems.is_empty()
        && let Err(e) = uploads::accept_batch(&out, &limits)
        && let AppError::Validation(fields) = AppError::from(e)
    {
        problems.extend(fields.into_iter().map(|mut f| {
            f.field = "files".into();
            f
        }));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err((out, problems))
    }
}

/// The files of an earlier round that this form names by their signed references.
async fn kept_files(
    state: &AppState,
    user: &CurrentUser,
    form: &FormData,
) -> Result<Vec<UploadedFile>, AppError> {
    let mut out = Vec::new();
    for i in 0..MAX_FILES {
        let reference = form.get(&format!("kept_{i}"));
        if reference.is_empty() {
            continue;
        }
        let name = form.get(&format!("kept_name_{i}"));
        if let Some(f) = crate::kept::restore(state, user, &reference, &name).await? {
            out.push(f);
        }
    }
    Ok(out)
}

/// `POST /don-thu/gui`: registers the petition, all problems at once, then the receipt.
pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    require_citizen(&user)?;
    let v = typed(&form);
    let mut errors = FormErrors::default();
    let earlier = kept_files(&state, &user, &form).await?;
    // The files that passed, whatever else went wrong: kept for the next round.
    let (sent, good) = match files(&form, earlier) {
        Ok(f) => (Some(f.clone()), f),
        Err((good, problems)) => {
            for f in problems {
                errors.add(&f.field, f.message);
            }
            (None, good)
        }
    };
    let parsed = v.parse(state.app().now(), None).map(|mut reg| {
        reg.source = Source::Online;
        reg.visit = None;
        reg.anonymous = false;
        reg.filed_by = Some(user.user_id);
        reg
    });
    let result = match (parsed, sent) {
        (Ok(mut reg), Some(files)) => {
            reg.files = files;
            // Registered by the system: the citizen is not an officer of the case, and the
            // timeline and the audit log must not name a denouncer's account.
            let actor = motcua_app::Actor::system(ONLINE_REGISTRAR);
            motcua_app::petitions::cases::register(state.app(), &actor, reg)
                .await
                .map_err(AppError::from)
        }
        // The files failed: the form's other problems are shown with theirs.
        (Ok(reg), None) => match motcua_app::petitions::cases::check(state.app(), &reg) {
            Ok(()) => Err(AppError::Validation(Vec::new())),
            Err(e) => Err(AppError::from(e)),
        },
        (Err(e), _) => Err(e),
    };
    match result {
        Ok(rec) => {
            Ok(Redirect::to(&format!("/don-thu/cua-toi/{}?da-gui=1", rec.id)).into_response())
        }
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            for f in fields {
                errors.add(&f.field, f.message);
            }
            let kept = keep_all(&state, &user, &good).await?;
            let page = file_page(&state, p, v, errors, kept).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Rule { code, message, .. }) => {
            let field = if code.starts_with("second_instance") {
                "content"
            } else {
                "kind"
            };
            errors.add(field, p.lang.text(&message));
            let kept = keep_all(&state, &user, &good).await?;
            let page = file_page(&state, p, v, errors, kept).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Keeps the files that passed, for the next round: their names and signed references.
async fn keep_all(
    state: &AppState,
    user: &CurrentUser,
    good: &[UploadedFile],
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for f in good {
        out.push((f.name.clone(), crate::kept::keep(state, user, f).await?));
    }
    Ok(out)
}

/// One of the citizen's petitions, as they see it.
#[derive(Debug)]
pub struct OwnRow {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub received: String,
    pub due: String,
}

fn own_row(lang: Lang, p: &PetitionRecord) -> OwnRow {
    OwnRow {
        id: p.id.to_string(),
        code: p.code.clone(),
        kind: PetitionKind::parse(&p.kind).map_or_else(|| p.kind.clone(), |k| lang.label(k)),
        subject: p.subject.clone(),
        status: Status::parse(&p.status).map_or_else(|| p.status.clone(), |s| lang.label(s)),
        received: when(p.received_at),
        due: p.due_at.map(when).unwrap_or_default(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/mine.html")]
pub struct MinePage {
    p: PageCtx,
    rows: Vec<OwnRow>,
}

fn filter_of(state: &AppState, user: &CurrentUser) -> PetitionFilter {
    PetitionFilter {
        filer_index: Some(identity::filer_index(
            state.app().identity_keys(),
            user.user_id,
        )),
        limit: 200,
        ..PetitionFilter::default()
    }
}

/// `GET /don-thu/cua-toi`.
pub async fn mine(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<MinePage, AppError> {
    require_citizen(&user)?;
    let mut list = petitions::list(state.db(), &filter_of(&state, &user)).await?;
    list.sort_by_key(|x| std::cmp::Reverse(x.received_at));
    let rows = list.iter().map(|x| own_row(p.lang, x)).collect();
    Ok(MinePage { p, rows })
}

/// How many petitions the citizen has filed online, for their home page.
pub async fn count_mine(state: &AppState, user: &CurrentUser, cap: i64) -> Result<i64, AppError> {
    Ok(petitions::count(state.db(), &filter_of(state, user), cap).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OwnQuery {
    #[serde(rename = "da-gui")]
    pub sent: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/own.html")]
pub struct OwnPage {
    p: PageCtx,
    r: OwnRow,
    unit: String,
    respondent: String,
    respondent_label: String,
    content: String,
    deadline_kind: String,
    protected: bool,
    files: Vec<String>,
    timeline: Vec<(String, String)>,
}

/// `GET /don-thu/cua-toi/{id}`: the receipt and the state of one's own petition. Another
/// person's petition does not exist here (404), whoever asks.
pub async fn own(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<OwnQuery>,
) -> Result<OwnPage, AppError> {
    require_citizen(&user)?;
    let id = PetitionId::parse(id.trim()).map_err(|_| AppError::NotFound)?;
    let rec = match petitions::get(state.db(), id).await {
        Ok(r) => r,
        Err(motcua_store::StoreError::NotFound { .. }) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let mine = identity::filer_index(state.app().identity_keys(), user.user_id);
    if rec.filer_index.as_deref() != Some(mine.as_str()) {
        return Err(AppError::NotFound);
    }
    let lang = p.lang;
    let unit = motcua_store::units::get(state.db(), rec.unit).await?.name;
    let files = petitions::files(state.db(), rec.id)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    let timeline = petitions::events(state.db(), rec.id)
        .await?
        .into_iter()
        .map(|e| {
            let status = Status::parse(&e.to_status).map_or(e.to_status, |s| lang.label(s));
            (when(e.at), status)
        })
        .collect();
    let deadline_kind = match rec.deadline_kind.as_deref() {
        Some(k @ ("acceptance" | "resolution")) => lang.t(&format!("petition-deadline-kind-{k}")),
        _ => String::new(),
    };
    let p = if q.sent.is_empty() {
        p
    } else {
        let notice = p.t1("pet-online-sent", "code", rec.code.clone());
        p.with_notice(notice)
    };
    Ok(OwnPage {
        r: own_row(lang, &rec),
        unit,
        respondent: rec.respondent.clone(),
        respondent_label: crate::petitions::view::respondent_label(lang, &rec.kind),
        // A denouncer reads the working copy: their own details are sealed in it too.
        content: rec.content.clone(),
        deadline_kind,
        protected: rec.protected,
        files,
        timeline,
        p,
    })
}
