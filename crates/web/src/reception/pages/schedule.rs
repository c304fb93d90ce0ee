//! The unit's reception page: the heads' reception days for the coming weeks, checked against
//! the duty in force, the form to plan a day, the recent sessions and the form to open one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Days, NaiveDate};
use motcua_app::reception::SessionKind;
use motcua_domain::ids::UnitId;
use motcua_domain::petition::reception::{HeadRole, Per, ScheduleGap, check_schedule};
use motcua_domain::policy::Action;
use motcua_store::reception;
use motcua_store::units;
use serde::Deserialize;

use super::{ReceptionNav, form_errors, head_of, refusal, role_label, session_kind_label, unit_of};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::i18n::Lang;
use crate::pages::{FormErrors, PageCtx, date_vn, today_vn};
use crate::reception::input::{DayForm, SessionForm};
use crate::state::AppState;

/// How far ahead the page checks the schedule.
const WEEKS_AHEAD: u64 = 8;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub don_vi: String,
    /// Set by the redirect after a form: what was done.
    pub xong: String,
}

#[derive(Debug)]
pub struct Duty {
    pub role: String,
    pub text: String,
    pub source: String,
}

#[derive(Debug)]
pub struct Gap {
    /// The first day of the week or month, `yyyy-mm-dd`, for tests and scripts.
    pub from: String,
    pub text: String,
}

#[derive(Debug)]
pub struct DayRow {
    pub day: String,
    pub role: String,
    pub head_name: String,
    pub place: String,
}

#[derive(Debug)]
pub struct SessionRow {
    pub id: String,
    pub held_on: String,
    pub kind: String,
    pub host: String,
    pub place: String,
    pub concluded: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reception/index.html")]
pub struct IndexPage {
    p: PageCtx,
    nav: ReceptionNav,
    unit_id: String,
    unit_name: String,
    period: String,
    rules_title: String,
    duties: Vec<Duty>,
    gaps: Vec<Gap>,
    days_off: Vec<String>,
    days: Vec<DayRow>,
    sessions: Vec<SessionRow>,
    roles: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    day: DayForm,
    day_errors: FormErrors,
    session: SessionForm,
    session_errors: FormErrors,
    year: i32,
}

fn gap_text(lang: Lang, role: HeadRole, source: &str, g: &ScheduleGap) -> String {
    let span = match g.per {
        Per::Week => lang.t_args(
            "reception-gap-week",
            &[
                ("week", g.from.iso_week().week().to_string().into()),
                ("year", g.from.iso_week().year().to_string().into()),
                ("from", date_vn(g.from).into()),
                ("to", date_vn(g.to).into()),
            ],
        ),
        Per::Month => lang.t_args(
            "reception-gap-month",
            &[
                ("month", g.from.month().to_string().into()),
                ("year", g.from.year().to_string().into()),
            ],
        ),
    };
    let key = if g.planned == 0 {
        "reception-gap-none"
    } else {
        "reception-gap-short"
    };
    lang.t_args(
        key,
        &[
            ("span", span.into()),
            ("role", role_label(lang, role).into()),
            ("planned", i64::from(g.planned).into()),
            ("required", i64::from(g.required).into()),
            ("source", source.into()),
        ],
    )
}

/// Everything the page shows, with the two forms as given.
struct Forms {
    day: DayForm,
    day_errors: FormErrors,
    session: SessionForm,
    session_errors: FormErrors,
}

impl Forms {
    fn blank(today: NaiveDate) -> Self {
        Self {
            day: DayForm::default(),
            day_errors: FormErrors::prefixed("day-"),
            session: SessionForm {
                kind: "routine".into(),
                held_on: today.format("%Y-%m-%d").to_string(),
                ..SessionForm::default()
            },
            session_errors: FormErrors::prefixed("session-"),
        }
    }
}

async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    (unit_id, explicit): (UnitId, bool),
    forms: Forms,
) -> Result<IndexPage, AppError> {
    let lang = p.lang;
    let unit = units::get(state.db(), unit_id).await?;
    let today = today_vn();
    let from = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let to = from + Days::new(WEEKS_AHEAD * 7 - 1);
    let rules = state.app().reception_rules().in_force(from);
    // A monthly duty is checked over whole months, so fetch the days around the period too.
    let planned = reception::days(
        state.db(),
        unit_id,
        from - Days::new(35),
        to + Days::new(35),
    )
    .await?;
    let cal = state
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(AppError::internal)?;

    let mut roles_checked: Vec<HeadRole> = head_of(unit.level).into_iter().collect();
    for d in &planned {
        if let Some(r) = HeadRole::parse(&d.head_role)
            && !roles_checked.contains(&r)
        {
            roles_checked.push(r);
        }
    }
    let mut duties = Vec::new();
    let mut gaps = Vec::new();
    let mut days_off = Vec::new();
    for role in roles_checked {
        let Some(duty) = rules.duty(role) else {
            continue;
        };
        let dates: Vec<NaiveDate> = planned
            .iter()
            .filter(|d| d.head_role == role.code())
            .map(|d| d.day)
            .collect();
        let check =
            check_schedule(&cal, rules, role, from, to, &dates).map_err(AppError::internal)?;
        duties.push(Duty {
            role: role_label(lang, role),
            text: lang.t_args(
                match duty.per {
                    Per::Week => "reception-duty-week",
                    Per::Month => "reception-duty-month",
                },
                &[("days", i64::from(duty.days).into())],
            ),
            source: duty.source.clone(),
        });
        for g in &check.gaps {
            gaps.push(Gap {
                from: g.from.format("%Y-%m-%d").to_string(),
                text: gap_text(lang, role, &duty.source, g),
            });
        }
        for d in &check.on_days_off {
            days_off.push(lang.t_args(
                "reception-day-off",
                &[
                    ("day", date_vn(*d).into()),
                    ("role", role_label(lang, role).into()),
                ],
            ));
        }
    }
    gaps.sort_by(|a, b| a.from.cmp(&b.from));

    let days = planned
        .iter()
        .filter(|d| d.day >= from && d.day <= to)
        .map(|d| DayRow {
            day: date_vn(d.day),
            role: HeadRole::parse(&d.head_role)
                .map_or_else(|| d.head_role.clone(), |r| role_label(lang, r)),
            head_name: d.head_name.clone(),
            place: d.place.clone(),
        })
        .collect();
    let sessions = reception::sessions(state.db(), &[unit_id], 20)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id.to_string(),
            held_on: date_vn(s.held_on),
            kind: session_kind_label(lang, &s.kind),
            host: [s.host_name.trim(), s.host_title.trim()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            place: s.place,
            concluded: !s.conclusion.trim().is_empty(),
        })
        .collect();
    let roles = rules
        .heads
        .iter()
        .map(|h| (h.role.code().to_owned(), role_label(lang, h.role)))
        .collect();
    let kinds = SessionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), session_kind_label(lang, k.code())))
        .collect();
    let mut forms = forms;
    if forms.day.head_role.is_empty() {
        forms.day.head_role = head_of(unit.level)
            .map(|r| r.code().to_owned())
            .unwrap_or_default();
    }
    Ok(IndexPage {
        nav: ReceptionNav::of(user, unit_id, explicit),
        unit_id: unit_id.to_string(),
        unit_name: unit.name,
        period: format!("{} – {}", date_vn(from), date_vn(to)),
        rules_title: rules.title.clone(),
        duties,
        gaps,
        days_off,
        days,
        sessions,
        roles,
        kinds,
        day: forms.day,
        day_errors: forms.day_errors,
        session: forms.session,
        session_errors: forms.session_errors,
        year: today.year(),
        p,
    })
}

/// `GET /tiep-cong-dan`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<IndexPage, AppError> {
    let unit = unit_of(p.lang, &user, &q.don_vi)?;
    authz::require(&state, Some(&user), Action::ViewPetition, Some(unit.0)).await?;
    let notice = match q.xong.as_str() {
        "lich" => Some(p.t("reception-day-added")),
        _ => None,
    };
    let p = match notice {
        Some(n) => p.with_notice(n),
        None => p,
    };
    render(&state, p, &user, unit, Forms::blank(today_vn())).await
}

fn back_to(unit: (UnitId, bool), xong: &str) -> String {
    if unit.1 {
        format!("/tiep-cong-dan?don_vi={}&xong={xong}", unit.0)
    } else {
        format!("/tiep-cong-dan?xong={xong}")
    }
}

/// `POST /tiep-cong-dan/lich`: plans a head's reception day.
pub async fn add_day(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(f): PageForm<DayForm>,
) -> Result<Response, AppError> {
    let unit = unit_of(p.lang, &user, &f.don_vi)?;
    authz::require(&state, Some(&user), Action::HandlePetition, Some(unit.0)).await?;
    let refused = match f.parse(unit.0, state.app().reception_rules()) {
        Ok(day) => match motcua_app::reception::plan_day(state.app(), &user.actor(), day).await {
            Ok(()) => return Ok(Redirect::to(&back_to(unit, "lich")).into_response()),
            Err(e) => refusal(e)?,
        },
        Err(errors) => errors,
    };
    let mut forms = Forms::blank(today_vn());
    forms.day = f;
    forms.day_errors = form_errors(p.lang, "day-", refused);
    let page = render(&state, p, &user, unit, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `POST /tiep-cong-dan/phien`: opens a reception session and goes to it.
pub async fn open_session(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    PageForm(f): PageForm<SessionForm>,
) -> Result<Response, AppError> {
    let unit = unit_of(p.lang, &user, &f.don_vi)?;
    authz::require(&state, Some(&user), Action::HandlePetition, Some(unit.0)).await?;
    let refused = match f.parse(unit.0) {
        Ok(session) => {
            match motcua_app::reception::open_session(state.app(), &user.actor(), session).await {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/tiep-cong-dan/phien/{id}")).into_response());
                }
                Err(e) => refusal(e)?,
            }
        }
        Err(errors) => errors,
    };
    let mut forms = Forms::blank(today_vn());
    forms.session = f;
    forms.session_errors = form_errors(p.lang, "session-", refused);
    let page = render(&state, p, &user, unit, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
