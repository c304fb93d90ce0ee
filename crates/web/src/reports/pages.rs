//! The report pages. Everything works without JavaScript: the list is a table with filters, the
//! form takes a ward and an address or coordinates, nearby reports are offered by a plain GET of
//! the form; the map only enhances the list and the form.
//!
//! URLs: `/phan-anh` (list), `/phan-anh/gui` (file), `/phan-anh/gan-day` (nearby, JSON),
//! `/phan-anh/{code}` (a report), `/phan-anh/{code}/anh/{n}` (a photo), and the actions
//! `/phan-anh/{code}/theo-doi`, `/trang-thai`, `/chuyen`, `/kiem-duyet`.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Duration, NaiveDate, Utc};
use motcua_app::reports::filing::{self, NewReport, Place, Reporter};
use motcua_app::reports::handling::{self, NewState};
use motcua_domain::from_vn_local;
use motcua_domain::ids::{ReportId, UnitId};
use motcua_domain::policy::Action;
use motcua_domain::report::input::{
    Channel, MAX_PHOTOS, STAFF_RADIUS_M, SUGGEST_MAX, SUGGEST_RADIUS_M,
};
use motcua_domain::report::place::Coordinates;
use motcua_domain::report::state::{HIDDEN, StateGroup};
use motcua_store::reports::read::{self, ReportFilter};
use motcua_store::reports::{ReportRecord, setup};
use serde::Deserialize;

use super::view::{Names, public_reporter};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::form_data::FormData;
use crate::pages::{FormErrors, PageCtx, when};
use crate::state::AppState;

/// Room for five photos within their limit, and the form.
const UPLOAD_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Reports per page of the public list.
const PAGE_SIZE: i64 = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/phan-anh", get(list))
        .route(
            "/phan-anh/gui",
            get(form)
                .post(submit)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/phan-anh/gan-day", get(nearby))
        .route("/phan-anh/ranh-gioi.json", get(boundaries))
        .route("/phan-anh/xu-ly", get(queue))
        .route("/phan-anh/{code}", get(page))
        .route("/phan-anh/{code}/anh/{n}", get(photo))
        .route("/phan-anh/{code}/theo-doi", post(follow))
        .route("/phan-anh/{code}/trang-thai", post(change_state))
        .route("/phan-anh/{code}/chuyen", post(reroute))
        .route("/phan-anh/{code}/kiem-duyet", post(moderate))
}

/// A row of a list.
#[derive(Debug)]
pub struct Row {
    pub code: String,
    pub title: String,
    pub category: String,
    pub state: String,
    pub group: &'static str,
    pub unit: String,
    pub received: String,
    pub lat: f64,
    pub lon: f64,
}

fn row(names: &Names, lang: crate::i18n::Lang, r: &ReportRecord) -> Row {
    Row {
        code: r.code.clone(),
        title: r.title.clone(),
        category: names.category(&r.category),
        state: names.state(&r.state, lang),
        group: r.group.code(),
        unit: names.unit(r.unit),
        received: when(r.created_at),
        lat: r.at.lat,
        lon: r.at.lon,
    }
}

/// The list's filters, as typed in the query.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// A unit's answering record on the public list.
#[derive(Debug)]
pub struct RateRow {
    pub unit: String,
    pub received: i64,
    pub answered: i64,
    pub on_time: i64,
    pub rate: String,
    pub fixed: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/list.html")]
pub struct ListPage {
    p: PageCtx,
    q: ListQuery,
    errors: FormErrors,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    categories: Vec<(String, String)>,
    states: Vec<(String, String)>,
    units: Vec<(String, String)>,
    rates: Vec<RateRow>,
    /// The query without its page, for the pager's links.
    base_query: String,
}

fn parse_day(field: &str, s: &str, errors: &mut FormErrors) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, crate::i18n::Text::id("validation-report-date"));
            None
        }
    }
}

fn start_of(d: NaiveDate) -> chrono::DateTime<Utc> {
    from_vn_local(d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// `GET /phan-anh`: the public list with its filters and each unit's answering record.
pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let names = Names::load(&state).await?;
    let mut errors = FormErrors::default();
    let mut f = ReportFilter {
        groups: vec![
            StateGroup::Open.code().into(),
            StateGroup::Fixed.code().into(),
            StateGroup::Closed.code().into(),
        ],
        limit: PAGE_SIZE,
        ..ReportFilter::default()
    };
    if !q.category.is_empty() {
        f.categories = vec![q.category.clone()];
    }
    if !q.state.is_empty() && q.state != HIDDEN {
        f.states = vec![q.state.clone()];
    }
    if !q.unit.is_empty() {
        match UnitId::parse(&q.unit) {
            Ok(u) => f.units = vec![u],
            Err(_) => errors.add("unit", crate::i18n::Text::id("validation-report-unit")),
        }
    }
    f.from = parse_day("from", &q.from, &mut errors).map(start_of);
    f.until = parse_day("to", &q.to, &mut errors).map(|d| start_of(d + Duration::days(1)));
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    f.offset = (page - 1) * PAGE_SIZE;
    let (rows, total) = if errors.has_errors() {
        (Vec::new(), 0)
    } else {
        let rows = read::list(state.db(), &f).await?;
        (rows, read::count(state.db(), &f, 10_000).await?)
    };
    let now = Utc::now();
    let mut rates: Vec<RateRow> = read::unit_rates(state.db(), now - Duration::days(365), now)
        .await?
        .into_iter()
        .map(|r| RateRow {
            unit: names.unit(r.unit),
            received: r.received,
            answered: r.answered,
            on_time: r.on_time,
            rate: if r.answered == 0 {
                "–".into()
            } else {
                format!("{:.0}%", 100.0 * r.on_time as f64 / r.answered as f64)
            },
            fixed: r.fixed,
        })
        .collect();
    rates.sort_by(|a, b| a.unit.cmp(&b.unit));
    let lang = p.lang;
    let base_query = serde_urlencoded::to_string([
        ("category", q.category.as_str()),
        ("state", q.state.as_str()),
        ("unit", q.unit.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
    ])
    .unwrap_or_default();
    let mut units: Vec<(String, String)> = names
        .units
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    units.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(ListPage {
        rows: rows.iter().map(|r| row(&names, lang, r)).collect(),
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        total,
        page,
        categories: names
            .categories
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect(),
        states: names
            .states
            .iter()
            .filter(|s| s.group.is_public())
            .map(|s| (s.code.clone(), names.state(&s.code, lang)))
            .collect(),
        units,
        rates,
        base_query,
        errors,
        q,
        p,
    })
}

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct FormValues {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lon: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub reporter_name: String,
    #[serde(default)]
    pub reporter_phone: String,
}

/// One question of the chosen category, with what was answered.
#[derive(Debug)]
pub struct QuestionView {
    pub code: String,
    pub label: String,
    pub required: bool,
    pub choices: Vec<(String, String)>,
    pub multiple: bool,
    pub answer: Vec<String>,
}

/// The questions of one category.
#[derive(Debug)]
pub struct QuestionGroup {
    pub category: String,
    pub name: String,
    pub hidden: bool,
    pub questions: Vec<QuestionView>,
}

/// A nearby open report offered as "is it one of these?".
#[derive(Debug)]
pub struct Suggestion {
    pub code: String,
    pub title: String,
    pub distance: String,
    pub state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/file.html")]
pub struct FilePage {
    p: PageCtx,
    v: FormValues,
    errors: FormErrors,
    categories: Vec<(String, String, String)>,
    areas: Vec<(String, String)>,
    /// Each category's questions; only the chosen one's are shown (the map script switches
    /// them as the category changes; without it, all show when none is chosen yet).
    questions: Vec<QuestionGroup>,
    suggestions: Vec<Suggestion>,
    /// Whether nearby reports were looked for (the page then says when there were none).
    looked: bool,
    staff: bool,
    max_photos: usize,
}

async fn file_page(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    v: FormValues,
    answers: &BTreeMap<String, Vec<String>>,
    errors: FormErrors,
) -> Result<FilePage, AppError> {
    let names = Names::load(state).await?;
    let bounded: std::collections::HashSet<UnitId> = setup::all_boundaries(state.db())
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let mut areas: Vec<(String, String)> = bounded
        .iter()
        .map(|u| (u.to_string(), names.unit(*u)))
        .collect();
    areas.sort_by(|a, b| a.1.cmp(&b.1));
    let chosen = names.categories.iter().find(|c| c.code == v.category);
    let questions = names
        .categories
        .iter()
        .filter(|c| !c.questions.is_empty())
        .map(|c| QuestionGroup {
            category: c.code.clone(),
            name: c.name.clone(),
            hidden: chosen.is_some_and(|k| k.code != c.code),
            questions: c
                .questions
                .iter()
                .map(|q| QuestionView {
                    code: q.code.clone(),
                    label: q.description.clone(),
                    required: q.required,
                    choices: q.values.clone(),
                    multiple: matches!(
                        q.datatype,
                        motcua_domain::report::category::Datatype::Multivaluelist
                    ),
                    // Answers belong to the chosen category's questions only.
                    answer: if chosen.is_some_and(|k| k.code == c.code) {
                        answers.get(&q.code).cloned().unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        })
        .collect();
    let lang = p.lang;
    let point = Coordinates::parse(&v.lat, &v.lon).ok().flatten();
    let (suggestions, looked) = match (chosen, point) {
        (Some(c), Some(at)) => {
            let found =
                filing::suggestions(state.app(), &c.code, at, SUGGEST_RADIUS_M, SUGGEST_MAX)
                    .await?;
            (
                found
                    .into_iter()
                    .map(|n| Suggestion {
                        code: n.report.code.clone(),
                        title: n.report.title.clone(),
                        distance: format!("{:.0} m", n.distance_m),
                        state: names.state(&n.report.state, lang),
                    })
                    .collect(),
                true,
            )
        }
        _ => (Vec::new(), false),
    };
    Ok(FilePage {
        categories: names
            .categories
            .iter()
            .map(|c| (c.code.clone(), c.name.clone(), c.group.clone()))
            .collect(),
        areas,
        questions,
        suggestions,
        looked,
        staff: authz::can_somewhere(user, Action::HandleReport),
        max_photos: MAX_PHOTOS,
        p,
        v,
        errors,
    })
}

/// `GET /phan-anh/gui`: the form; with a category and a point in the query, the open reports of
/// that category nearby are offered first.
pub async fn form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(v): Query<FormValues>,
) -> Result<FilePage, AppError> {
    let mut errors = FormErrors::default();
    if let Err(e) = Coordinates::parse(&v.lat, &v.lon) {
        errors.add(&e.field, e.message);
    }
    file_page(&state, p, &user, v, &BTreeMap::new(), errors).await
}

fn form_values(form: &FormData) -> FormValues {
    FormValues {
        category: form.get("category"),
        unit_id: form.get("unit_id"),
        address: form.get("address"),
        lat: form.get("lat"),
        lon: form.get("lon"),
        title: form.get("title"),
        description: form.get("description"),
        anonymous: form.ticked("anonymous"),
        channel: form.get("channel"),
        reporter_name: form.get("reporter_name"),
        reporter_phone: form.get("reporter_phone"),
    }
}

/// The answers to the category's questions: fields named `attribute[CODE]`.
fn answers_of(form: &FormData) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in &form.fields {
        if let Some(code) = k
            .strip_prefix("attribute[")
            .and_then(|r| r.strip_suffix("]").or_else(|| r.strip_suffix("][]")))
        {
            out.entry(code.to_owned()).or_default().push(v.clone());
        }
    }
    out
}

/// Where the form says the report is: coordinates when given, else the ward chosen.
fn place_of(v: &FormValues) -> Result<Option<Place>, AppError> {
    match Coordinates::parse(&v.lat, &v.lon) {
        Ok(Some(p)) => Ok(Some(Place::Point(p))),
        Ok(None) if v.unit_id.trim().is_empty() => Ok(None),
        Ok(None) => UnitId::parse(v.unit_id.trim())
            .map(|u| Some(Place::InUnit(u)))
            .map_err(|_| {
                AppError::field("unit_id", crate::i18n::Text::id("validation-report-unit"))
            }),
        Err(e) => Err(AppError::field(e.field, e.message)),
    }
}

/// `POST /phan-anh/gui`: files the report, or shows every problem at once.
pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, AppError> {
    let v = form_values(&form);
    let answers = answers_of(&form);
    if form.get("step") == "nearby" {
        let mut errors = FormErrors::default();
        if let Err(e) = Coordinates::parse(&v.lat, &v.lon) {
            errors.add(if e.field == "long" { "lon" } else { &e.field }, e.message);
        }
        return Ok(file_page(&state, p, &user, v, &answers, errors)
            .await?
            .into_response());
    }
    let staff = authz::can_somewhere(&user, Action::HandleReport);
    // An officer types a report brought to the desk or phoned in, in the caller's name.
    let (channel, reporter) = match Channel::parse(&v.channel) {
        Some(c @ (Channel::Desk | Channel::Phone)) if staff => (
            c,
            Reporter {
                user: None,
                name: v.reporter_name.clone(),
                email: String::new(),
                phone: v.reporter_phone.clone(),
            },
        ),
        _ => (
            Channel::Web,
            Reporter {
                user: Some(user.user_id),
                name: user.full_name.clone(),
                email: String::new(),
                phone: String::new(),
            },
        ),
    };
    let photos = form
        .files
        .iter()
        .filter(|f| f.field == "photos")
        .map(|f| (f.file_name.clone(), f.bytes.clone()))
        .collect();
    let result = match place_of(&v) {
        Ok(place) => {
            let new = NewReport {
                category: v.category.clone(),
                place,
                title: v.title.clone(),
                description: v.description.clone(),
                address: v.address.clone(),
                answers: answers.clone(),
                photos,
                channel,
                reporter,
                anonymous: v.anonymous,
            };
            filing::file(state.app(), &user.actor(), new)
                .await
                .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(r) => Ok(Redirect::to(&format!("/phan-anh/{}?da_gui=1", r.code)).into_response()),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                let field = if f.field.starts_with("media") {
                    "photos".to_owned()
                } else if f.field == "service_code" {
                    "category".to_owned()
                } else if f.field == "long" {
                    "lon".to_owned()
                } else {
                    f.field
                };
                errors.add(&field, f.message);
            }
            let page = file_page(&state, p, &user, v, &answers, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The nearby query.
#[derive(Debug, Deserialize)]
pub struct NearbyQuery {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lon: String,
    /// `staff`: the 1 km radius, for officers marking duplicates.
    #[serde(default)]
    pub mode: String,
}

/// `GET /phan-anh/gan-day`: open reports near a point, as JSON for the form's script and the
/// officer's duplicate search.
pub async fn nearby(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<NearbyQuery>,
) -> Result<Response, AppError> {
    let at = Coordinates::parse(&q.lat, &q.lon)
        .map_err(|e| AppError::field(e.field, e.message))?
        .ok_or_else(|| {
            AppError::field("lat", crate::i18n::Text::id("validation-report-location"))
        })?;
    let staff = q.mode == "staff"
        && user
            .as_ref()
            .is_some_and(|u| authz::can_somewhere(u, Action::HandleReport));
    let (radius, limit, category) = if staff {
        (
            STAFF_RADIUS_M,
            50,
            (!q.category.is_empty()).then_some(q.category.as_str()),
        )
    } else {
        (SUGGEST_RADIUS_M, SUGGEST_MAX, Some(q.category.as_str()))
    };
    let found = read::nearby(state.db(), category, at, radius, limit).await?;
    let body: Vec<serde_json::Value> = found
        .iter()
        .map(|n| {
            serde_json::json!({
                "code": n.report.code,
                "title": n.report.title,
                "category": n.report.category,
                "state": n.report.state,
                "distance_m": n.distance_m.round(),
                "lat": n.report.at.lat,
                "lon": n.report.at.lon,
                "url": format!("/phan-anh/{}", n.report.code),
            })
        })
        .collect();
    Ok(axum::Json(body).into_response())
}

/// What staff may do on this report.
struct Powers {
    handle: bool,
    moderate: bool,
}

async fn powers(state: &AppState, user: Option<&CurrentUser>, r: &ReportRecord) -> Powers {
    let Some(u) = user else {
        return Powers {
            handle: false,
            moderate: false,
        };
    };
    Powers {
        handle: authz::require(state, Some(u), Action::HandleReport, Some(r.unit))
            .await
            .is_ok(),
        moderate: authz::require(state, Some(u), Action::Moderate, Some(r.unit))
            .await
            .is_ok(),
    }
}

/// A report by its code, hidden ones only for staff who may handle or moderate them.
async fn load(
    state: &AppState,
    user: Option<&CurrentUser>,
    code: &str,
) -> Result<(ReportRecord, Powers), AppError> {
    let r = read::by_code(state.db(), code)
        .await
        .map_err(|_| AppError::NotFound)?;
    let powers = powers(state, user, &r).await;
    if !r.group.is_public() && !powers.handle && !powers.moderate {
        return Err(AppError::NotFound);
    }
    Ok((r, powers))
}

/// One update as shown.
#[derive(Debug)]
pub struct UpdateView {
    pub at: String,
    pub state: String,
    pub text: String,
    pub author: String,
    pub public: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/report.html")]
pub struct ReportPage {
    p: PageCtx,
    r: ReportRecord,
    category: String,
    state_label: String,
    unit: String,
    reporter: Option<String>,
    /// Staff only: the reporter's name and contact, for a call back.
    reporter_private: Option<String>,
    answers: Vec<(String, String)>,
    /// Position, hidden by a moderator, still being rendered.
    photos: Vec<(i64, bool, bool)>,
    updates: Vec<UpdateView>,
    duplicate_of: Option<(String, String)>,
    duplicates: Vec<(String, String)>,
    /// Staff only: the open reports within 1 km, any category, to mark duplicates.
    around: Vec<Suggestion>,
    received: String,
    answer_due: String,
    clock: String,
    handle: bool,
    moderate: bool,
    following: bool,
    signed_in: bool,
    states: Vec<(String, String)>,
    units: Vec<(String, String)>,
    just_filed: bool,
    errors: FormErrors,
    thread: crate::comments::Thread,
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub da_gui: Option<String>,
    #[serde(default)]
    pub binh_luan: Option<String>,
    #[serde(default)]
    pub trang_binh_luan: Option<i64>,
}

/// `GET /phan-anh/{code}`: a report, its photos and updates; staff's actions below.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<ReportPage, AppError> {
    let (r, powers) = load(&state, user.as_ref(), &code).await?;
    let subject = motcua_domain::comment::Subject::Report(r.id);
    let back = format!("/phan-anh/{}", r.code);
    let mut page = report_page(
        &state,
        p,
        user.as_ref(),
        r,
        powers,
        q.da_gui.is_some(),
        FormErrors::default(),
    )
    .await?;
    if q.trang_binh_luan.is_some_and(|n| n != 1) {
        page.thread = crate::comments::thread(
            &state,
            user.as_ref(),
            subject,
            &back,
            None,
            q.trang_binh_luan,
        )
        .await?;
    }
    page.thread.note = crate::comments::note_of(q.binh_luan.as_deref());
    Ok(page)
}

async fn report_page(
    state: &AppState,
    p: PageCtx,
    user: Option<&CurrentUser>,
    r: ReportRecord,
    powers: Powers,
    just_filed: bool,
    errors: FormErrors,
) -> Result<ReportPage, AppError> {
    let names = Names::load(state).await?;
    let lang = p.lang;
    let staff = powers.handle || powers.moderate;
    let category = setup::category(state.db(), &r.category).await?;
    let answers = r
        .answers
        .iter()
        .map(|(k, v)| category.answer_label(k, v))
        .collect();
    let photos = read::photos(state.db(), r.id)
        .await?
        .into_iter()
        .filter(|ph| staff || !ph.hidden)
        .map(|ph| (ph.position, ph.hidden, ph.pending))
        .collect();
    let updates = read::updates(state.db(), r.id, staff)
        .await?
        .into_iter()
        .map(|u| UpdateView {
            at: when(u.at),
            state: names.state(&u.state, lang),
            text: u.text,
            author: if staff { u.author_name } else { String::new() },
            public: u.public,
        })
        .collect();
    let duplicate_of = match r.duplicate_of {
        Some(d) => read::get(state.db(), d)
            .await
            .ok()
            .map(|o| (o.code, o.title)),
        None => None,
    };
    let duplicates = handling::duplicates_of(state.app(), r.id)
        .await?
        .into_iter()
        .filter(|d| staff || d.group.is_public())
        .map(|d| (d.code, d.title))
        .collect();
    let around = if powers.handle {
        read::nearby(state.db(), None, r.at, STAFF_RADIUS_M, 21)
            .await?
            .into_iter()
            .filter(|n| n.report.id != r.id)
            .take(20)
            .map(|n| Suggestion {
                code: n.report.code.clone(),
                title: n.report.title.clone(),
                distance: format!("{:.0} m", n.distance_m),
                state: names.category(&n.report.category),
            })
            .collect()
    } else {
        Vec::new()
    };
    let following = match user {
        Some(u) => read::followers(state.db(), r.id)
            .await?
            .contains(&u.user_id),
        None => false,
    };
    let clock = handling::clock_state(state.app(), &r, state.app().now());
    let mut units: Vec<(String, String)> = names
        .units
        .iter()
        .filter(|(id, _)| **id != r.unit)
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    units.sort_by(|a, b| a.1.cmp(&b.1));
    let thread = crate::comments::thread(
        state,
        user,
        motcua_domain::comment::Subject::Report(r.id),
        &format!("/phan-anh/{}", r.code),
        None,
        None,
    )
    .await?;
    Ok(ReportPage {
        thread,
        category: category.name.clone(),
        state_label: names.state(&r.state, lang),
        unit: names.unit(r.unit),
        reporter: public_reporter(&r),
        reporter_private: staff.then(|| {
            [
                r.reporter_name.as_str(),
                r.reporter_phone.as_str(),
                r.reporter_email.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
        }),
        answers,
        photos,
        updates,
        duplicate_of,
        duplicates,
        around,
        received: when(r.created_at),
        answer_due: when(r.answer_due),
        clock: p.t(&format!("report-clock-{}", clock.code())),
        handle: powers.handle,
        moderate: powers.moderate,
        following,
        signed_in: user.is_some(),
        states: names
            .states
            .iter()
            .filter(|s| s.code != HIDDEN || powers.moderate)
            .map(|s| (s.code.clone(), names.state(&s.code, lang)))
            .collect(),
        units: if powers.handle { units } else { Vec::new() },
        just_filed,
        errors,
        r,
        p,
    })
}

/// `GET /phan-anh/{code}/anh/{n}`: a photo, as stored (resized, without metadata).
pub async fn photo(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path((code, n)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (r, powers) = load(&state, user.as_ref(), &code).await?;
    let photos = read::photos(state.db(), r.id).await?;
    let Some(ph) = photos.into_iter().find(|ph| {
        ph.position == n && !ph.pending && (!ph.hidden || powers.handle || powers.moderate)
    }) else {
        return Err(AppError::NotFound);
    };
    let file = motcua_store::dossiers::get_file(state.db(), &ph.sha256).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        file.content,
    )
        .into_response())
}

/// `POST /phan-anh/{code}/theo-doi`: support the report and follow it.
pub async fn follow(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (r, _) = load(&state, Some(&user), &code).await?;
    handling::follow(state.app(), r.id, user.user_id).await?;
    Ok(Redirect::to(&format!("/phan-anh/{}", r.code)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct StateForm {
    pub version: i64,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub duplicate_of: String,
}

async fn refused_page(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    id: ReportId,
    e: AppError,
) -> Result<Response, AppError> {
    match e {
        AppError::Validation(fields) | AppError::TooLong(fields) => {
            let r = read::get(state.db(), id).await?;
            let powers = powers(state, Some(user), &r).await;
            let mut errors = FormErrors::default();
            for f in fields {
                errors.add(&f.field, f.message);
            }
            let page = report_page(state, p, Some(user), r, powers, false, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        other => Err(other),
    }
}

/// `POST /phan-anh/{code}/trang-thai`: a new state with its public update.
pub async fn change_state(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(code): Path<String>,
    PageForm(f): PageForm<StateForm>,
) -> Result<Response, AppError> {
    let (r, powers) = load(&state, Some(&user), &code).await?;
    let hiding = f.state.trim() == HIDDEN;
    if !(powers.handle || hiding && powers.moderate) {
        return Err(AppError::Forbidden);
    }
    let next = NewState {
        state: f.state,
        text: f.text,
        duplicate_of: Some(f.duplicate_of),
    };
    match handling::change_state(
        state.app(),
        &user.actor(),
        r.id,
        f.version,
        &next,
        powers.moderate,
    )
    .await
    {
        Ok(r) => Ok(Redirect::to(&format!("/phan-anh/{}", r.code)).into_response()),
        Err(e) => refused_page(&state, p, &user, r.id, e.into()).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct RerouteForm {
    pub version: i64,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /phan-anh/{code}/chuyen`: hand the report to another unit, with a reason.
pub async fn reroute(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(code): Path<String>,
    PageForm(f): PageForm<RerouteForm>,
) -> Result<Response, AppError> {
    let (r, powers) = load(&state, Some(&user), &code).await?;
    if !powers.handle {
        return Err(AppError::Forbidden);
    }
    let Ok(to) = UnitId::parse(f.unit_id.trim()) else {
        let e = AppError::field("unit_id", crate::i18n::Text::id("validation-report-unit"));
        return refused_page(&state, p, &user, r.id, e).await;
    };
    match handling::reroute(state.app(), &user.actor(), r.id, f.version, to, &f.reason).await {
        // The officer may no longer see it once it belongs to a unit outside their scope.
        Ok(r) => Ok(Redirect::to(&format!("/phan-anh/{}", r.code)).into_response()),
        Err(e) => refused_page(&state, p, &user, r.id, e.into()).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct ModerateForm {
    pub version: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub anonymous: Option<String>,
    /// A photo to hide (`hide`) or show again (`show`): `position:hide`.
    #[serde(default)]
    pub photo: String,
}

/// `POST /phan-anh/{code}/kiem-duyet`: a moderator's edit, or a photo hidden or shown again.
pub async fn moderate(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(code): Path<String>,
    PageForm(f): PageForm<ModerateForm>,
) -> Result<Response, AppError> {
    let (r, powers) = load(&state, Some(&user), &code).await?;
    if !powers.moderate {
        return Err(AppError::Forbidden);
    }
    if let Some((pos, what)) = f.photo.split_once(':') {
        let pos: i64 = pos.parse().map_err(|_| AppError::NotFound)?;
        handling::set_photo_hidden(state.app(), &user.actor(), r.id, pos, what == "hide").await?;
        return Ok(Redirect::to(&format!("/phan-anh/{}", r.code)).into_response());
    }
    match handling::moderate(
        state.app(),
        &user.actor(),
        r.id,
        f.version,
        &f.title,
        &f.description,
        f.anonymous.is_some(),
    )
    .await
    {
        Ok(r) => Ok(Redirect::to(&format!("/phan-anh/{}", r.code)).into_response()),
        Err(e) => refused_page(&state, p, &user, r.id, e.into()).await,
    }
}

/// `GET /phan-anh/ranh-gioi.json`: the units' boundaries as GeoJSON, for the map.
pub async fn boundaries(State(state): State<AppState>) -> Result<Response, AppError> {
    let names = Names::load(&state).await?;
    let features: Vec<serde_json::Value> = setup::all_boundaries(state.db())
        .await?
        .into_iter()
        .map(|(unit, ring)| {
            let mut closed = ring.ring().to_vec();
            if let Some(first) = closed.first().copied() {
                closed.push(first);
            }
            serde_json::json!({
                "type": "Feature",
                "properties": { "unit": unit.to_string(), "name": names.unit(unit) },
                "geometry": { "type": "Polygon", "coordinates": [closed] },
            })
        })
        .collect();
    Ok(
        axum::Json(serde_json::json!({ "type": "FeatureCollection", "features": features }))
            .into_response(),
    )
}

/// A row of the staff's queue.
#[derive(Debug)]
pub struct QueueRow {
    pub row: Row,
    pub due: String,
    pub clock: String,
    pub late: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/queue.html")]
pub struct QueuePage {
    p: PageCtx,
    rows: Vec<QueueRow>,
    total: i64,
    group: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    /// `open` (default), `fixed`, `closed`, `hidden`, or `all`.
    #[serde(default)]
    pub grp: String,
}

/// `GET /phan-anh/xu-ly`: the reports of the units the officer handles or moderates, hidden ones
/// included for moderators, with where each stands on its clock.
pub async fn queue(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, AppError> {
    let handle = authz::scope_roots(&user, Action::HandleReport);
    let moderate = authz::scope_roots(&user, Action::Moderate);
    let mut roots: Vec<UnitId> = Vec::new();
    let mut everywhere = false;
    for scope in [&handle, &moderate] {
        match scope {
            None => everywhere = true,
            Some(r) => roots.extend(r.iter().copied()),
        }
    }
    if !everywhere && roots.is_empty() {
        return Err(AppError::Forbidden);
    }
    let may_hide = !matches!(&moderate, Some(r) if r.is_empty());
    let group = match q.grp.as_str() {
        "" => "open".to_owned(),
        g @ ("open" | "fixed" | "closed" | "all") => g.to_owned(),
        "hidden" if may_hide => "hidden".to_owned(),
        _ => {
            return Err(AppError::field(
                "grp",
                crate::i18n::Text::id("validation-report-state"),
            ));
        }
    };
    let mut f = ReportFilter {
        limit: 200,
        ..ReportFilter::default()
    };
    if !everywhere {
        f.units = crate::authz::subtrees(&state, &roots).await?;
    }
    f.groups = match group.as_str() {
        "all" if may_hide => Vec::new(),
        "all" => vec!["open".into(), "fixed".into(), "closed".into()],
        g => vec![g.to_owned()],
    };
    let names = Names::load(&state).await?;
    let lang = p.lang;
    let now = state.app().now();
    let list = read::list(state.db(), &f).await?;
    let total = read::count(state.db(), &f, 10_000).await?;
    let rows = list
        .iter()
        .map(|r| {
            let clock = handling::clock_state(state.app(), r, now);
            QueueRow {
                row: row(&names, lang, r),
                due: when(r.answer_due),
                late: matches!(
                    clock,
                    handling::ClockState::Overdue | handling::ClockState::AnsweredLate
                ),
                clock: p.t(&format!("report-clock-{}", clock.code())),
            }
        })
        .collect();
    Ok(QueuePage {
        rows,
        total,
        group,
        p,
    })
}
