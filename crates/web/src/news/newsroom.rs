//! The newsroom (tòa soạn): editors write, submit and correct; approvers publish, schedule,
//! return and withdraw, keep the sections and post the home page's notices. Every list and
//! page is scoped by the article's unit, as the policy says.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use motcua_app::news::{self as ops, ImageEdit, ImageUpload, body};
use motcua_domain::ids::{ArticleId, NoticeId, SectionId, UnitId};
use motcua_domain::news::{ArticleState, RawArticle, RawNotice, Step, is_public};
use motcua_domain::policy::Action;
use motcua_store::news::{self as store, ArticleRecord, SectionRecord};
use serde::Deserialize;

use super::{article_href, may, section_of};
use crate::auth::CurrentUser;
use crate::authz;
use crate::dossiers::input::parse_instant;
use crate::error::AppError;
use crate::extract::Query;
use crate::form_data::FormData;
use crate::pages::{FormErrors, PageCtx, unit_name, when};
use crate::state::AppState;

/// Rows of one state on the newsroom's list.
const NEWSROOM_ROWS: i64 = 200;
/// Empty slots for new images on the article form.
const NEW_IMAGE_SLOTS: usize = 3;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/toa-soan", get(newsroom))
        .route("/toa-soan/bai-moi", get(new_form).post(create))
        .route("/toa-soan/bai/{id}", get(staff_page))
        .route("/toa-soan/bai/{id}/sua", get(edit_form).post(edit))
        .route("/toa-soan/bai/{id}/phien-ban/{n}", get(revision))
        .route("/toa-soan/bai/{id}/{step}", post(step))
        .route("/toa-soan/chuyen-muc", get(sections).post(create_section))
        .route("/toa-soan/thong-bao", get(notices).post(post_notice))
        .route("/toa-soan/thong-bao/{id}/ket-thuc", post(end_notice))
}

/// Whether the person works in the newsroom somewhere (the menu's test, so the link and the
/// page agree).
pub(super) fn may_enter(user: &CurrentUser) -> bool {
    crate::places::Reach::of(Some(user)).newsroom
}

fn article_id(raw: &str) -> Result<ArticleId, AppError> {
    ArticleId::parse(raw).map_err(|_| AppError::NotFound)
}

/// What the person may do to one article.
#[derive(Clone, Copy, Debug, Default)]
struct Powers {
    edit: bool,
    approve: bool,
}

/// The article and the person's powers over it; neither power hides it (as absent).
async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(ArticleRecord, Powers), AppError> {
    let a = store::get(state.db(), article_id(id)?).await?;
    let powers = Powers {
        edit: may(state, Some(user), Action::EditNews, a.unit).await,
        approve: may(state, Some(user), Action::ApproveNews, a.unit).await,
    };
    if !powers.edit && !powers.approve {
        return Err(AppError::NotFound);
    }
    Ok((a, powers))
}

fn state_label(p: &PageCtx, s: ArticleState) -> String {
    p.t(&format!("news-state-{}", s.code()))
}

// ---- the newsroom's list ----

#[derive(Debug)]
pub struct Row {
    pub href: String,
    pub title: String,
    pub section: String,
    pub unit: String,
    pub updated: String,
    /// A published article whose time has not come.
    pub scheduled: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewsroomQuery {
    #[serde(default)]
    pub trang_thai: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/newsroom.html")]
pub struct NewsroomPage {
    p: PageCtx,
    tabs: Vec<(&'static str, String, bool)>,
    rows: Vec<Row>,
    may_write: bool,
    may_approve: bool,
    may_notice: bool,
}

/// `GET /toa-soan`: the articles of one state in the person's units, the last changed first.
/// An approver starts at what waits for them, an editor at their drafts.
pub async fn newsroom(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<NewsroomQuery>,
) -> Result<NewsroomPage, AppError> {
    if !may_enter(&user) {
        return Err(AppError::Forbidden);
    }
    let may_approve = authz::can_somewhere(&user, Action::ApproveNews);
    let shown = q
        .trang_thai
        .as_deref()
        .and_then(ArticleState::parse)
        .unwrap_or(if may_approve {
            ArticleState::Submitted
        } else {
            ArticleState::Draft
        });
    let sections = store::sections(state.db()).await?;
    let now = state.app().now();
    let units = authz::scope_units(&state, &user, &[Action::EditNews, Action::ApproveNews]).await?;
    let mut rows = Vec::new();
    for a in store::newsroom(state.db(), shown, units.as_deref(), NEWSROOM_ROWS).await? {
        rows.push(Row {
            href: format!("/toa-soan/bai/{}", a.id),
            section: section_of(&sections, a.section).1,
            unit: unit_name(&state, a.unit).await,
            updated: when(a.updated_at),
            scheduled: a
                .publish_at
                .filter(|at| shown == ArticleState::Published && *at > now)
                .map(when),
            title: a.title,
        });
    }
    Ok(NewsroomPage {
        tabs: ArticleState::ALL
            .into_iter()
            .map(|s| (s.code(), state_label(&p, s), s == shown))
            .collect(),
        rows,
        may_write: authz::can_somewhere(&user, Action::EditNews),
        may_approve,
        may_notice: authz::can_somewhere(&user, Action::PostNotice),
        p,
    })
}

// ---- writing ----

/// An image the article has, on the form.
#[derive(Debug, Default)]
pub struct ImageValues {
    pub src: String,
    pub caption: String,
    pub credit: String,
    pub remove: bool,
}

#[derive(Debug, Default)]
pub struct ArticleValues {
    pub section: String,
    pub unit: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub author: String,
    pub revision: i64,
    pub images: Vec<ImageValues>,
    /// Captions and credits typed for new images.
    pub new_images: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/edit.html")]
pub struct EditPage {
    p: PageCtx,
    /// `None` for a new article.
    id: Option<String>,
    action: String,
    sections: Vec<(String, String)>,
    units: Vec<(String, String)>,
    v: ArticleValues,
    errors: FormErrors,
    /// The new images' slots: number, caption and credit typed.
    slots: Vec<(usize, String, String)>,
}

async fn edit_page(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    id: Option<ArticleId>,
    mut v: ArticleValues,
    errors: FormErrors,
) -> Result<EditPage, AppError> {
    let sections = store::sections(state.db())
        .await?
        .into_iter()
        .map(|s| (s.id.to_string(), s.name))
        .collect();
    // An approver correcting an article may keep it in a unit they approve for.
    let mut units = authz::units_where(state, user, Action::EditNews, None).await?;
    for u in authz::units_where(state, user, Action::ApproveNews, None).await? {
        if !units.contains(&u) {
            units.push(u);
        }
    }
    units.sort_by(|a, b| a.1.cmp(&b.1));
    v.new_images
        .resize(NEW_IMAGE_SLOTS, (String::new(), String::new()));
    let slots = v
        .new_images
        .iter()
        .enumerate()
        .map(|(i, (caption, credit))| (i, caption.clone(), credit.clone()))
        .collect();
    Ok(EditPage {
        action: id.map_or_else(
            || "/toa-soan/bai-moi".to_owned(),
            |id| format!("/toa-soan/bai/{id}/sua"),
        ),
        id: id.map(|i| i.to_string()),
        sections,
        units,
        v,
        errors,
        slots,
        p,
    })
}

/// `GET /toa-soan/bai-moi`.
pub async fn new_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<EditPage, AppError> {
    if !authz::can_somewhere(&user, Action::EditNews) {
        return Err(AppError::Forbidden);
    }
    let v = ArticleValues {
        author: user.full_name.clone(),
        ..ArticleValues::default()
    };
    edit_page(&state, p, &user, None, v, FormErrors::default()).await
}

/// The form's fields, its new images and its edits of the images the article has.
fn read_form(form: &FormData, had: usize) -> (ArticleValues, Vec<ImageUpload>, Vec<ImageEdit>) {
    let mut v = ArticleValues {
        section: form.get("section"),
        unit: form.get("unit"),
        title: form.get("title"),
        summary: form.get("summary"),
        body: form.get("body"),
        author: form.get("author"),
        revision: form.get("revision").trim().parse().unwrap_or(0),
        ..ArticleValues::default()
    };
    let mut uploads = Vec::new();
    for i in 0..NEW_IMAGE_SLOTS {
        let caption = form.get(&format!("caption_new_{i}"));
        let credit = form.get(&format!("credit_new_{i}"));
        if let Some(f) = form
            .files
            .iter()
            .find(|f| f.field == format!("image_new_{i}"))
        {
            uploads.push(ImageUpload {
                file_name: f.file_name.clone(),
                bytes: f.bytes.clone(),
                caption: caption.clone(),
                credit: credit.clone(),
            });
        }
        v.new_images.push((caption, credit));
    }
    let edits = (0..had)
        .map(|i| ImageEdit {
            position: i,
            caption: form.get(&format!("caption_{i}")),
            credit: form.get(&format!("credit_{i}")),
            remove: form.ticked(&format!("remove_{i}")),
        })
        .collect();
    (v, uploads, edits)
}

fn raw_article(v: &ArticleValues) -> RawArticle {
    RawArticle {
        section: SectionId::parse(&v.section).ok(),
        unit: UnitId::parse(&v.unit).ok(),
        title: v.title.clone(),
        summary: v.summary.clone(),
        body: v.body.clone(),
        author: v.author.clone(),
    }
}

/// A refused form shown again with its messages; any other error goes to the error page.
fn form_errors(e: AppError) -> Result<FormErrors, AppError> {
    match e {
        AppError::Validation(fields) | AppError::TooLong(fields) => {
            let mut errors = FormErrors::default();
            for f in fields {
                errors.add(&f.field, f.message);
            }
            Ok(errors)
        }
        AppError::Conflict { field, message } => {
            let mut errors = FormErrors::default();
            errors.add(&field, message);
            Ok(errors)
        }
        other => Err(other),
    }
}

/// `POST /toa-soan/bai-moi`.
pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !authz::can_somewhere(&user, Action::EditNews) {
        return Err(AppError::Forbidden);
    }
    let (v, uploads, _) = read_form(&form, 0);
    let raw = raw_article(&v);
    if let Some(u) = raw.unit {
        authz::require(&state, Some(&user), Action::EditNews, Some(u)).await?;
    }
    match ops::create(state.app(), &user.actor(), raw, &uploads).await {
        Ok(id) => Ok(Redirect::to(&format!("/toa-soan/bai/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(AppError::from(e))?;
            let page = edit_page(&state, p, &user, None, v, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn images_of(state: &AppState, a: &ArticleRecord) -> Result<Vec<ImageValues>, AppError> {
    Ok(store::images(state.db(), a.id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(n, im)| ImageValues {
            src: format!("/tin-tuc/{}/anh/{n}", a.number),
            caption: im.caption,
            credit: im.credit,
            remove: false,
        })
        .collect())
}

fn refuse_edit(a: &ArticleRecord, powers: Powers) -> Result<(), AppError> {
    if powers.approve || (powers.edit && a.state.editor_may_edit()) {
        Ok(())
    } else {
        Err(AppError::Rule {
            code: "news_not_editable",
            message: motcua_domain::message::Text::id("news-refused-not-editable"),
            allowed: Vec::new(),
        })
    }
}

/// `GET /toa-soan/bai/{id}/sua`.
pub async fn edit_form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<EditPage, AppError> {
    let (a, powers) = load(&state, &user, &id).await?;
    refuse_edit(&a, powers)?;
    let v = ArticleValues {
        section: a.section.to_string(),
        unit: a.unit.to_string(),
        images: images_of(&state, &a).await?,
        title: a.title,
        summary: a.summary,
        body: a.body,
        author: a.author,
        revision: a.revision,
        new_images: Vec::new(),
    };
    edit_page(&state, p, &user, Some(a.id), v, FormErrors::default()).await
}

/// `POST /toa-soan/bai/{id}/sua`: a new revision.
pub async fn edit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let (a, powers) = load(&state, &user, &id).await?;
    refuse_edit(&a, powers)?;
    let had = store::images(state.db(), a.id).await?.len();
    let (mut v, uploads, edits) = read_form(&form, had);
    let raw = raw_article(&v);
    if let Some(u) = raw.unit
        && u != a.unit
    {
        let action = if powers.approve {
            Action::ApproveNews
        } else {
            Action::EditNews
        };
        authz::require(&state, Some(&user), action, Some(u)).await?;
    }
    match ops::edit(
        state.app(),
        &user.actor(),
        a.id,
        v.revision,
        powers.approve,
        raw,
        &edits,
        &uploads,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/toa-soan/bai/{}?da_luu=1", a.id)).into_response()),
        Err(e) => {
            let errors = form_errors(AppError::from(e))?;
            let mut images = images_of(&state, &a).await?;
            for (im, ed) in images.iter_mut().zip(&edits) {
                im.caption.clone_from(&ed.caption);
                im.credit.clone_from(&ed.credit);
                im.remove = ed.remove;
            }
            v.images = images;
            let page = edit_page(&state, p, &user, Some(a.id), v, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---- one article in the newsroom ----

#[derive(Debug)]
pub struct RevisionRow {
    pub href: String,
    pub revision: i64,
    pub title: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct StaffQuery {
    #[serde(default)]
    pub da_luu: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/staff.html")]
pub struct StaffPage {
    p: PageCtx,
    id: String,
    title: String,
    summary: String,
    body_html: String,
    author: String,
    section: String,
    unit: String,
    state: &'static str,
    state_label: String,
    reason: String,
    revision: i64,
    publish_at: Option<String>,
    /// The public address, once it is public.
    public_href: Option<String>,
    images: Vec<ImageValues>,
    revisions: Vec<RevisionRow>,
    may_edit: bool,
    may_submit: bool,
    may_approve: bool,
    may_return: bool,
    may_withdraw: bool,
    saved: bool,
    errors: FormErrors,
}

async fn staff_view(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    id: &str,
    saved: bool,
    errors: FormErrors,
) -> Result<StaffPage, AppError> {
    let (a, powers) = load(state, user, id).await?;
    let sections = store::sections(state.db()).await?;
    let mut revisions = Vec::new();
    for r in store::revisions(state.db(), a.id).await? {
        let by = match r.edited_by {
            Some(u) => motcua_store::users::get(state.db(), u)
                .await
                .map(|u| u.full_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        revisions.push(RevisionRow {
            href: format!("/toa-soan/bai/{}/phien-ban/{}", a.id, r.revision),
            revision: r.revision,
            title: r.title,
            by,
            at: when(r.edited_at),
        });
    }
    let now = state.app().now();
    let can = |s: Step| s.from(a.state).is_some();
    Ok(StaffPage {
        id: a.id.to_string(),
        section: section_of(&sections, a.section).1,
        unit: unit_name(state, a.unit).await,
        images: images_of(state, &a).await?,
        state: a.state.code(),
        state_label: state_label(&p, a.state),
        public_href: is_public(a.state, a.publish_at, now).then(|| article_href(a.number, &a.slug)),
        publish_at: (a.state == ArticleState::Published)
            .then_some(a.publish_at)
            .flatten()
            .map(when),
        may_edit: powers.approve || (powers.edit && a.state.editor_may_edit()),
        may_submit: powers.edit && can(Step::Submit),
        may_approve: powers.approve && can(Step::Approve),
        may_return: powers.approve && can(Step::Return),
        may_withdraw: powers.approve && can(Step::Withdraw),
        title: a.title,
        summary: a.summary,
        body_html: a.body_html,
        author: a.author,
        reason: a.state_reason,
        revision: a.revision,
        revisions,
        saved,
        errors,
        p,
    })
}

/// `GET /toa-soan/bai/{id}`: the article as it will read, its state, its revisions and what
/// the person may do next.
pub async fn staff_page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<StaffQuery>,
) -> Result<StaffPage, AppError> {
    staff_view(
        &state,
        p,
        &user,
        &id,
        q.da_luu.is_some(),
        FormErrors::default(),
    )
    .await
}

/// `POST /toa-soan/bai/{id}/{step}`: `gui-duyet`, `duyet`, `tra-lai` or `go-bai`.
pub async fn step(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path((id, step)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    let step = match step.as_str() {
        "gui-duyet" => Step::Submit,
        "duyet" => Step::Approve,
        "tra-lai" => Step::Return,
        "go-bai" => Step::Withdraw,
        _ => return Err(AppError::NotFound),
    };
    let (a, powers) = load(&state, &user, &id).await?;
    let allowed = match step {
        Step::Submit => powers.edit,
        _ => powers.approve,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let revision = form.get("revision").trim().parse().unwrap_or(-1);
    let publish_at = match form.get("publish_at").trim() {
        "" => None,
        raw => match parse_instant("publish_at", raw) {
            Ok(at) => Some(at),
            Err(e) => {
                let errors = form_errors(e)?;
                let page = staff_view(&state, p, &user, &id, false, errors).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
        },
    };
    let reason = form.get("reason");
    match ops::step(
        state.app(),
        &user.actor(),
        a.id,
        revision,
        step,
        publish_at,
        &reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/toa-soan/bai/{}", a.id)).into_response()),
        Err(e) => {
            // A refusal by the article's rules is shown on its page, beside its actions.
            let errors = match AppError::from(e) {
                AppError::Rule { message, .. } => {
                    let mut errors = FormErrors::default();
                    errors.add("step", message);
                    errors
                }
                other => form_errors(other)?,
            };
            let page = staff_view(&state, p, &user, &id, false, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "news/revision.html")]
pub struct RevisionPage {
    p: PageCtx,
    id: String,
    revision: i64,
    title: String,
    summary: String,
    body_html: String,
    author: String,
    section: String,
    by: String,
    at: String,
}

/// `GET /toa-soan/bai/{id}/phien-ban/{n}`: one saved version, as it read.
pub async fn revision(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path((id, n)): Path<(String, i64)>,
) -> Result<RevisionPage, AppError> {
    let (a, _) = load(&state, &user, &id).await?;
    let r = store::revisions(state.db(), a.id)
        .await?
        .into_iter()
        .find(|r| r.revision == n)
        .ok_or(AppError::NotFound)?;
    let sections = store::sections(state.db()).await?;
    let by = match r.edited_by {
        Some(u) => motcua_store::users::get(state.db(), u)
            .await
            .map(|u| u.full_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(RevisionPage {
        id: a.id.to_string(),
        revision: r.revision,
        body_html: body::render(&r.body),
        section: section_of(&sections, r.section).1,
        title: r.title,
        summary: r.summary,
        author: r.author,
        by,
        at: when(r.edited_at),
        p,
    })
}

// ---- sections ----

#[derive(Debug, Default)]
pub struct SectionValues {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub moderation: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/sections.html")]
pub struct SectionsPage {
    p: PageCtx,
    sections: Vec<SectionRecord>,
    v: SectionValues,
    errors: FormErrors,
}

async fn sections_page(
    state: &AppState,
    p: PageCtx,
    v: SectionValues,
    errors: FormErrors,
) -> Result<SectionsPage, AppError> {
    Ok(SectionsPage {
        sections: store::sections(state.db()).await?,
        v,
        errors,
        p,
    })
}

/// `GET /toa-soan/chuyen-muc`.
pub async fn sections(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<SectionsPage, AppError> {
    if !authz::can_somewhere(&user, Action::ApproveNews) {
        return Err(AppError::Forbidden);
    }
    let v = SectionValues {
        moderation: "post".into(),
        ..SectionValues::default()
    };
    sections_page(&state, p, v, FormErrors::default()).await
}

/// `POST /toa-soan/chuyen-muc`: a new section.
pub async fn create_section(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !authz::can_somewhere(&user, Action::ApproveNews) {
        return Err(AppError::Forbidden);
    }
    let v = SectionValues {
        slug: form.get("slug"),
        name: form.get("name"),
        description: form.get("description"),
        moderation: form.get("moderation"),
    };
    match ops::create_section(
        state.app(),
        &user.actor(),
        &v.slug,
        &v.name,
        &v.description,
        &v.moderation,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/toa-soan/chuyen-muc").into_response()),
        Err(e) => {
            let errors = form_errors(AppError::from(e))?;
            let page = sections_page(&state, p, v, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---- notices ----

#[derive(Debug)]
pub struct NoticeRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub unit: String,
    pub starts: String,
    pub ends: String,
    pub current: bool,
    pub may_end: bool,
}

#[derive(Debug, Default)]
pub struct NoticeValues {
    pub unit: String,
    pub title: String,
    pub body: String,
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/notices.html")]
pub struct NoticesPage {
    p: PageCtx,
    rows: Vec<NoticeRow>,
    units: Vec<(String, String)>,
    v: NoticeValues,
    errors: FormErrors,
}

async fn notices_page(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    v: NoticeValues,
    errors: FormErrors,
) -> Result<NoticesPage, AppError> {
    let now = state.app().now();
    let units = authz::scope_units(state, user, &[Action::PostNotice]).await?;
    let mut rows = Vec::new();
    for n in store::recent_notices(state.db(), now, units.as_deref()).await? {
        let may_end = may(state, Some(user), Action::PostNotice, n.unit).await;
        rows.push(NoticeRow {
            id: n.id.to_string(),
            unit: unit_name(state, n.unit).await,
            starts: when(n.starts_at),
            ends: when(n.ends_at),
            current: n.starts_at <= now && now < n.ends_at,
            may_end: may_end && now < n.ends_at,
            title: n.title,
            body: n.body,
        });
    }
    Ok(NoticesPage {
        units: authz::units_where(state, user, Action::PostNotice, None).await?,
        rows,
        v,
        errors,
        p,
    })
}

/// `GET /toa-soan/thong-bao`: the notices in force, to come and lately ended, and a new one.
pub async fn notices(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
) -> Result<NoticesPage, AppError> {
    if !authz::can_somewhere(&user, Action::PostNotice) {
        return Err(AppError::Forbidden);
    }
    notices_page(
        &state,
        p,
        &user,
        NoticeValues::default(),
        FormErrors::default(),
    )
    .await
}

/// `POST /toa-soan/thong-bao`.
pub async fn post_notice(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    if !authz::can_somewhere(&user, Action::PostNotice) {
        return Err(AppError::Forbidden);
    }
    let v = NoticeValues {
        unit: form.get("unit"),
        title: form.get("title"),
        body: form.get("body"),
        starts_at: form.get("starts_at"),
        ends_at: form.get("ends_at"),
    };
    let unit = UnitId::parse(&v.unit).ok();
    if let Some(u) = unit {
        authz::require(&state, Some(&user), Action::PostNotice, Some(u)).await?;
    }
    let raw = RawNotice {
        unit,
        title: v.title.clone(),
        body: v.body.clone(),
        // Unreadable is reported by the draft's check, as missing, beside its field.
        starts_at: parse_instant("starts_at", &v.starts_at).ok(),
        ends_at: parse_instant("ends_at", &v.ends_at).ok(),
    };
    match ops::post_notice(state.app(), &user.actor(), raw).await {
        Ok(_) => Ok(Redirect::to("/toa-soan/thong-bao").into_response()),
        Err(e) => {
            let errors = form_errors(AppError::from(e))?;
            let page = notices_page(&state, p, &user, v, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `POST /toa-soan/thong-bao/{id}/ket-thuc`: ends a notice now.
pub async fn end_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = NoticeId::parse(&id).map_err(|_| AppError::NotFound)?;
    let notice = store::get_notice(state.db(), id).await?;
    authz::require(&state, Some(&user), Action::PostNotice, Some(notice.unit)).await?;
    ops::end_notice(state.app(), &user.actor(), id).await?;
    Ok(Redirect::to("/toa-soan/thong-bao").into_response())
}
