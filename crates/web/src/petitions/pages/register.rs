//! The petition register (a filtered list, the API's filter) and the registration form.

use crate::i18n::Lang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::petition::{PetitionKind, Source};
use motcua_domain::policy::Action;
use motcua_store::petitions::{self, PetitionRecord};
use serde::Deserialize;

use super::PetitionNav;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::pages::when;
use crate::pages::{FormErrors, PageCtx};
use crate::petitions::input::RegisterInput;
use crate::petitions::register as register_petition;
use crate::petitions::view::{ListQuery, list_filter, watch_label};
use crate::state::AppState;

const PAGE_SIZE: i64 = 50;

/// The register's query as a GET form sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListForm {
    pub kind: String,
    pub status: String,
    pub unit_id: String,
    pub overdue: String,
    pub long_pending: String,
    pub open: String,
    /// Days ahead: open petitions due within them.
    pub due_within_days: String,
    pub q: String,
    pub page: String,
    /// `csv` downloads the whole filtered register instead of a page of it.
    pub dinh_dang: String,
}

fn on(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "on")
}

impl ListForm {
    fn query(&self) -> ListQuery {
        let page: i64 = self.page.trim().parse().unwrap_or(0).clamp(0, 10_000);
        ListQuery {
            kind: Some(self.kind.clone()),
            status: Some(self.status.clone()),
            unit_id: Some(self.unit_id.clone()),
            overdue: Some(on(&self.overdue)),
            long_pending: Some(on(&self.long_pending)),
            open: Some(on(&self.open)),
            // Not a number: the API's refusal of an out-of-range count says what is wrong.
            due_within_days: match self.due_within_days.trim() {
                "" => None,
                d => Some(d.parse().unwrap_or(0)),
            },
            q: Some(self.q.trim().chars().take(200).collect()),
            limit: Some(PAGE_SIZE + 1),
            offset: Some(page * PAGE_SIZE),
        }
    }

    #[must_use]
    pub fn overdue_on(&self) -> bool {
        on(&self.overdue)
    }

    #[must_use]
    pub fn long_pending_on(&self) -> bool {
        on(&self.long_pending)
    }
}

/// One line of the register.
#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub sender: String,
    pub subject: String,
    pub status: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub flag: Option<(String, String)>,
}

#[must_use]
pub fn row(lang: Lang, p: &PetitionRecord, now: chrono::DateTime<chrono::Utc>) -> Row {
    Row {
        id: p.id.to_string(),
        code: p.code.clone(),
        kind: PetitionKind::parse(&p.kind).map_or_else(|| p.kind.clone(), |k| lang.label(k)),
        sender: p.pseudonym.clone(),
        subject: p.subject.clone(),
        status: Status::parse(&p.status).map_or_else(|| p.status.clone(), |s| lang.label(s)),
        received: when(p.received_at),
        due: p.due_at.map(when).unwrap_or_default(),
        overdue: p.closed_at.is_none()
            && p.suspended_at.is_none()
            && p.due_at.is_some_and(|d| d < now),
        flag: p
            .watch_flag
            .as_deref()
            .map(|f| (f.to_owned(), watch_label(lang, f))),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/list.html")]
pub struct ListPage {
    p: PageCtx,
    nav: PetitionNav,
    f: ListForm,
    kinds: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    rows: Vec<Row>,
    error: Option<String>,
    next_page: Option<String>,
}

/// `GET /don-thu`.
pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(f): Query<ListForm>,
) -> Result<Response, AppError> {
    let nav = PetitionNav::of(&user);
    if !nav.can_view {
        return Err(AppError::Forbidden);
    }
    if f.dinh_dang.trim() == "csv" {
        let mut q = f.query();
        q.limit = Some(500);
        q.offset = Some(0);
        let filter = list_filter(&state, &user, &q).await?;
        return export_csv(&state, &filter).await;
    }
    let (list, error) = match list_filter(&state, &user, &f.query()).await {
        Ok(filter) => (petitions::list(state.db(), &filter).await?, None),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => (
            Vec::new(),
            Some(
                fields
                    .into_iter()
                    .map(|m| p.lang.text(&m.message))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Err(e) => match crate::search::refused_message(&e, p.lang) {
            Some(m) => (Vec::new(), Some(m)),
            None => return Err(e),
        },
    };
    let size = usize::try_from(PAGE_SIZE).unwrap_or(50);
    let more = list.len() > size;
    let now = motcua_store::now();
    let rows = list
        .iter()
        .take(size)
        .map(|x| row(p.lang, x, now))
        .collect();
    let next_page = more.then(|| {
        let page: i64 = f.page.trim().parse().unwrap_or(0);
        let query = serde_urlencoded::to_string([
            ("kind", f.kind.as_str()),
            ("status", f.status.as_str()),
            ("unit_id", f.unit_id.as_str()),
            ("overdue", f.overdue.as_str()),
            ("long_pending", f.long_pending.as_str()),
            ("open", f.open.as_str()),
            ("due_within_days", f.due_within_days.as_str()),
            ("q", f.q.as_str()),
        ])
        .unwrap_or_default();
        format!("/don-thu?{query}&page={}", page + 1)
    });
    let lang = p.lang;
    Ok(ListPage {
        p,
        nav,
        f,
        kinds: PetitionKind::ALL
            .iter()
            .map(|k| (k.code(), lang.label(*k)))
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.code(), lang.label(*s)))
            .collect(),
        rows,
        error,
        next_page,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions/register.html")]
pub struct RegisterPage {
    p: PageCtx,
    nav: PetitionNav,
    v: RegisterInput,
    errors: FormErrors,
    kinds: Vec<(&'static str, String)>,
    sources: Vec<(&'static str, String)>,
    /// The visit this registration comes from, described.
    visit: Option<String>,
}

fn register_page(
    p: PageCtx,
    user: &CurrentUser,
    v: RegisterInput,
    errors: FormErrors,
    visit: Option<String>,
) -> RegisterPage {
    let lang = p.lang;
    RegisterPage {
        p,
        nav: PetitionNav::of(user),
        v,
        errors,
        kinds: PetitionKind::ALL
            .iter()
            .map(|k| (k.code(), lang.label(*k)))
            .collect(),
        sources: Source::ALL
            .iter()
            .map(|s| (s.code(), lang.label(*s)))
            .collect(),
        visit,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormQuery {
    pub visit: String,
}

/// `GET /don-thu/dang-ky`, prefilled from a reception visit with `?visit=`.
pub async fn form(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<FormQuery>,
) -> Result<Response, AppError> {
    if !crate::authz::can_somewhere(&user, Action::HandlePetition) {
        return Err(AppError::Forbidden);
    }
    let mut v = RegisterInput::default();
    let mut visit = None;
    if let Ok(id) = motcua_domain::ids::VisitId::parse(q.visit.trim()) {
        let rec = motcua_store::reception::get_visit(state.db(), id).await?;
        crate::authz::require(&state, Some(&user), Action::HandlePetition, Some(rec.unit)).await?;
        v.visit_id = rec.id.to_string();
        v.source = Source::Reception.code().to_owned();
        v.content.clone_from(&rec.content);
        v.kind = match rec.kind.as_str() {
            "KN" | "complaint" => PetitionKind::Complaint.code().to_owned(),
            "TC" | "denunciation" => PetitionKind::Denunciation.code().to_owned(),
            k => PetitionKind::parse(k).map_or(String::new(), |k| k.code().to_owned()),
        };
        // A denunciation's visitor is sealed: the registration takes the identity from the
        // visit's seal on the server, so it is never copied into a page.
        if rec.visitor_sealed.is_none() {
            v.sender_name.clone_from(&rec.visitor_name);
            v.sender_address.clone_from(&rec.visitor_address);
            v.sender_id_number.clone_from(&rec.visitor_id_number);
        }
        visit = Some(format!(
            "{} — {}{}",
            rec.log_number,
            when(rec.visited_at),
            if rec.visitor_sealed.is_some() {
                format!(" — {}", p.t("petition-register-visit-sealed"))
            } else {
                String::new()
            }
        ));
    }
    Ok(register_page(p, &user, v, FormErrors::default(), visit).into_response())
}

/// `POST /don-thu/dang-ky`.
pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(v): PageForm<RegisterInput>,
) -> Result<Response, AppError> {
    match register_petition(&state, &user, &v).await {
        Ok(rec) => Ok(Redirect::to(&format!("/don-thu/{}?da-dang-ky=1", rec.id)).into_response()),
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                errors.add(&f.field, f.message);
            }
            let page = register_page(p, &user, v, errors, None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Rule { code, message, .. }) => {
            let mut errors = FormErrors::default();
            let field = if code.starts_with("second_instance") {
                "first_instance_code"
            } else {
                "kind"
            };
            errors.add(field, p.lang.text(&message));
            let page = register_page(p, &user, v, errors, None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The reasons an officer may record at classification, for the case page.
#[must_use]
pub fn reasons_for(lang: Lang, kind: PetitionKind) -> Vec<(&'static str, String)> {
    Ineligibility::ALL
        .iter()
        .filter(|r| r.applies_to(kind))
        .map(|r| (r.code(), lang.label(*r)))
        .collect()
}

/// The filtered register as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Vietnamese right), every page of it. A protected sender is exported by pseudonym only.
async fn export_csv(
    state: &AppState,
    filter: &petitions::PetitionFilter,
) -> Result<Response, AppError> {
    let now = motcua_store::now();
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    // The register's columns as the official register names them, whatever the reader's
    // language: the file is the unit's register, not a view of the page.
    w.write_record([
        "Số đơn",
        "Loại đơn",
        "Người gửi",
        "Trích yếu",
        "Trạng thái",
        "Ngày nhận",
        "Hạn xử lý",
        "Quá hạn",
    ])
    .map_err(AppError::internal)?;
    let mut f = filter.clone();
    loop {
        let page = petitions::list(state.db(), &f).await?;
        for p in &page {
            // The export keeps Vietnamese: it is filed with the unit's records.
            let r = row(Lang::Vi, p, now);
            // The sender and subject are what a citizen typed: a spreadsheet must not run them.
            w.write_record(
                [
                    r.code.as_str(),
                    r.kind.as_str(),
                    r.sender.as_str(),
                    r.subject.as_str(),
                    r.status.as_str(),
                    r.received.as_str(),
                    r.due.as_str(),
                    if r.overdue { "x" } else { "" },
                ]
                .map(|c| motcua_domain::spreadsheet::neutralise(c).into_owned()),
            )
            .map_err(AppError::internal)?;
        }
        if i64::try_from(page.len()).unwrap_or(0) < f.limit {
            break;
        }
        f.offset += f.limit;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"so-don-thu.csv\"",
            ),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}
