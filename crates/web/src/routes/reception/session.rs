//! One reception session: its visits in log order, the form to record a visit, and the
//! conclusion notice (Thông báo kết luận việc tiếp công dân, NĐ 154/2026 Đ25 k2).
//!
//! A denunciation's visitor is sealed before anything is written (NĐ 154/2026 Đ12): the clear
//! columns get a pseudonym and empty strings, the free text is redacted of every identifying
//! detail given, and `visitor_sealed` holds the identity, sealed to this visit alone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, Utc};
use motcua_domain::ids::{ReceptionSessionId, VisitId};
use motcua_domain::petition::PetitionKind;
use motcua_domain::policy::Action;
use motcua_store::reception::{self, SessionRecord, VisitRecord};
use serde::Deserialize;

use super::{CLASSES, ReceptionNav, class_of, lines, session_kind_label};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::i18n::Lang;
use crate::pages::{FormErrors, PageCtx, date_vn, today_vn};
use crate::petitions::identity::{self, Identity};
use crate::routes::desk::when;
use crate::state::AppState;

/// More people than this in one group is a typing slip, not a delegation.
const MAX_PEOPLE: i64 = 100_000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub xong: String,
}

/// The visit form as sent (and shown again with its errors).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct VisitForm {
    pub visitor_name: String,
    pub visitor_address: String,
    pub visitor_id_number: String,
    pub people_count: String,
    /// One name a line.
    pub representatives: String,
    pub content: String,
    /// KN, TC or KN-PA.
    pub class: String,
    pub prior_handling: String,
    /// `yes` or `no`.
    pub within_competence: String,
    pub guidance: String,
    pub forwarded_to: String,
    /// One document a line.
    pub documents: String,
}

impl Default for VisitForm {
    fn default() -> Self {
        Self {
            visitor_name: String::new(),
            visitor_address: String::new(),
            visitor_id_number: String::new(),
            people_count: "1".into(),
            representatives: String::new(),
            content: String::new(),
            class: "KN".into(),
            prior_handling: String::new(),
            within_competence: "yes".into(),
            guidance: String::new(),
            forwarded_to: String::new(),
            documents: String::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConclusionForm {
    pub conclusion: String,
}

#[derive(Debug)]
pub struct SessionView {
    pub id: String,
    pub held_on: String,
    pub kind: String,
    pub host_name: String,
    pub host_title: String,
    pub place: String,
    pub conclusion: String,
}

#[derive(Debug)]
pub struct VisitRow {
    pub id: String,
    pub number: String,
    pub at: String,
    pub who: String,
    pub address: String,
    pub id_number: String,
    pub sealed: bool,
    pub people: i64,
    pub representatives: String,
    pub content: String,
    pub class: &'static str,
    pub prior_handling: String,
    pub within_competence: bool,
    pub guidance: String,
    pub forwarded_to: String,
    pub outcome: String,
    pub documents: Vec<String>,
    pub registered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reception/session.html")]
pub struct SessionPage {
    p: PageCtx,
    nav: ReceptionNav,
    s: SessionView,
    visits: Vec<VisitRow>,
    classes: Vec<(&'static str, String)>,
    v: VisitForm,
    errors: FormErrors,
    conclusion: String,
    conclusion_errors: FormErrors,
}

/// The name a sealed visitor goes by: the visit's line in the log, which says nothing of them.
fn pseudonym(year: i32, number: i64) -> String {
    format!("TC-{year}-{number:04}")
}

/// The protected label with the pseudonym, as every page and export prints a sealed visitor.
pub(super) fn protected_name(lang: Lang, pseudonym: &str) -> String {
    format!("{} – {pseudonym}", lang.t("reception-protected"))
}

pub(super) fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

fn visit_row(lang: Lang, v: &VisitRecord) -> VisitRow {
    let sealed = v.visitor_sealed.is_some();
    VisitRow {
        id: v.id.to_string(),
        number: format!("{}/{}", v.log_number, v.log_year),
        at: when(v.visited_at),
        who: if sealed {
            protected_name(lang, &v.visitor_name)
        } else {
            v.visitor_name.clone()
        },
        address: v.visitor_address.clone(),
        id_number: v.visitor_id_number.clone(),
        sealed,
        people: v.people_count,
        representatives: json_list(&v.representatives).join(", "),
        content: v.content.clone(),
        class: class_of(&v.kind),
        prior_handling: v.prior_handling.clone(),
        within_competence: v.within_competence,
        guidance: v.guidance.clone(),
        forwarded_to: v.forwarded_to.clone(),
        outcome: v.outcome.clone(),
        documents: json_list(&v.documents),
        registered: v.petition.is_some(),
    }
}

/// The session, if the person may do `action` in its unit: a session of another unit is
/// not found, as the policy answers for records outside one's units.
pub(super) async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    action: Action,
) -> Result<SessionRecord, AppError> {
    let id = ReceptionSessionId::parse(id).map_err(|_| AppError::NotFound)?;
    let s = reception::get_session(state.db(), id).await?;
    authz::require(state, Some(user), action, Some(s.unit)).await?;
    Ok(s)
}

async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    s: SessionRecord,
    v: VisitForm,
    errors: FormErrors,
    conclusion: Option<(String, FormErrors)>,
) -> Result<SessionPage, AppError> {
    let lang = p.lang;
    let visits = reception::visits(state.db(), s.id)
        .await?
        .iter()
        .map(|v| visit_row(lang, v))
        .collect();
    let (conclusion, conclusion_errors) =
        conclusion.unwrap_or_else(|| (s.conclusion.clone(), FormErrors::prefixed("conclusion-")));
    Ok(SessionPage {
        nav: ReceptionNav::of(user, s.unit, false),
        s: SessionView {
            id: s.id.to_string(),
            held_on: date_vn(s.held_on),
            kind: session_kind_label(lang, &s.kind),
            host_name: s.host_name,
            host_title: s.host_title,
            place: s.place,
            conclusion: s.conclusion,
        },
        visits,
        classes: CLASSES
            .iter()
            .map(|(code, kind)| (*code, lang.t(&format!("reception-class-{}", kind.code()))))
            .collect(),
        v,
        errors,
        conclusion,
        conclusion_errors,
        p,
    })
}

/// `GET /tiep-cong-dan/phien/{id}`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<SessionPage, AppError> {
    let s = load(&state, &user, &id, Action::ViewPetition).await?;
    let notice = match q.xong.as_str() {
        "luot" => Some(p.t("reception-visit-added")),
        "ket-luan" => Some(p.t("reception-conclusion-saved")),
        _ => None,
    };
    let p = match notice {
        Some(n) => p.with_notice(n),
        None => p,
    };
    render(
        &state,
        p,
        &user,
        s,
        VisitForm::default(),
        FormErrors::prefixed("visit-"),
        None,
    )
    .await
}

/// What the form says, checked.
struct Checked {
    kind: PetitionKind,
    people: i64,
    within_competence: bool,
}

fn check(p: &PageCtx, f: &VisitForm, errors: &mut FormErrors) -> Option<Checked> {
    for long in motcua_domain::limits::check(&[
        ("visitor_name", &f.visitor_name),
        ("visitor_address", &f.visitor_address),
        ("visitor_id_number", &f.visitor_id_number),
        ("people_count", &f.people_count),
        ("representatives", &f.representatives),
        ("content", &f.content),
        ("class", &f.class),
        ("prior_handling", &f.prior_handling),
        ("within_competence", &f.within_competence),
        ("guidance", &f.guidance),
        ("forwarded_to", &f.forwarded_to),
        ("documents", &f.documents),
    ]) {
        errors.add(&long.field, long.message);
    }
    if f.visitor_name.trim().is_empty() {
        errors.add("visitor_name", p.t("reception-visitor-name-required"));
    }
    if f.content.trim().is_empty() {
        errors.add("content", p.t("reception-content-required"));
    }
    let people = f
        .people_count
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_PEOPLE).contains(n));
    if people.is_none() {
        errors.add("people_count", p.t("reception-people-count-invalid"));
    }
    let kind = CLASSES
        .iter()
        .find(|(code, _)| *code == f.class.trim())
        .map(|(_, k)| *k);
    if kind.is_none() {
        errors.add("class", p.t("reception-class-invalid"));
    }
    let within_competence = match f.within_competence.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    if within_competence.is_none() {
        errors.add(
            "within_competence",
            p.t("reception-within-competence-invalid"),
        );
    }
    Some(Checked {
        kind: kind?,
        people: people?,
        within_competence: within_competence?,
    })
    .filter(|_| !errors.has_errors())
}

/// When the visit happened: now for today's session, the session's morning for one written up
/// afterwards, so the log shows the day the citizen actually came.
fn visited_at(s: &SessionRecord, now: DateTime<Utc>) -> DateTime<Utc> {
    if s.held_on == today_vn() {
        return now;
    }
    s.held_on
        .and_hms_opt(8, 0, 0)
        .map_or(now, motcua_domain::from_vn_local)
}

/// The visit as stored: a denunciation's visitor sealed, the rest in clear.
fn record(
    state: &AppState,
    user: &CurrentUser,
    s: &SessionRecord,
    f: &VisitForm,
    c: &Checked,
    (year, number): (i32, i64),
    at: DateTime<Utc>,
) -> VisitRecord {
    let id = VisitId::new();
    let representatives = lines(&f.representatives);
    let documents = lines(&f.documents);
    let mut v = VisitRecord {
        id,
        session: s.id,
        unit: s.unit,
        log_year: year,
        log_number: number,
        visited_at: at,
        visitor_name: f.visitor_name.trim().to_owned(),
        visitor_address: f.visitor_address.trim().to_owned(),
        visitor_id_number: f.visitor_id_number.trim().to_owned(),
        visitor_sealed: None,
        people_count: c.people,
        representatives: serde_json::to_string(&representatives).unwrap_or_else(|_| "[]".into()),
        content: f.content.trim().to_owned(),
        kind: c.kind.code().to_owned(),
        same_content_count: c.people,
        prior_handling: f.prior_handling.trim().to_owned(),
        within_competence: c.within_competence,
        guidance: f.guidance.trim().to_owned(),
        forwarded_to: f.forwarded_to.trim().to_owned(),
        outcome: String::new(),
        documents: serde_json::to_string(&documents).unwrap_or_else(|_| "[]".into()),
        petition: None,
        created_by: Some(user.user_id),
    };
    if c.kind == PetitionKind::Denunciation {
        let who = Identity {
            name: v.visitor_name.clone(),
            address: v.visitor_address.clone(),
            id_number: v.visitor_id_number.clone(),
            representatives,
            original_content: v.content.clone(),
            ..Identity::default()
        };
        v.visitor_sealed = Some(identity::seal_visitor(
            &state.config().identity_keys,
            id,
            &who,
        ));
        v.visitor_name = pseudonym(year, number);
        v.visitor_address = String::new();
        v.visitor_id_number = String::new();
        v.representatives = "[]".into();
        // A denouncer often names themself in what they say or hand over.
        v.content = identity::redact(&v.content, &who);
        v.prior_handling = identity::redact(&v.prior_handling, &who);
        v.guidance = identity::redact(&v.guidance, &who);
        v.forwarded_to = identity::redact(&v.forwarded_to, &who);
        let redacted: Vec<String> = json_list(&v.documents)
            .iter()
            .map(|d| identity::redact(d, &who))
            .collect();
        v.documents = serde_json::to_string(&redacted).unwrap_or_else(|_| "[]".into());
    }
    v
}

/// `POST /tiep-cong-dan/phien/{id}/luot`: records a visit as the next line of the log.
pub async fn add_visit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<VisitForm>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, &id, Action::HandlePetition).await?;
    let mut errors = FormErrors::prefixed("visit-");
    let Some(c) = check(&p, &f, &mut errors) else {
        let page = render(&state, p, &user, s, f, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let now = motcua_store::now();
    let at = visited_at(&s, now);
    let year = motcua_domain::vn_date(at).year();
    let mut tx = state.db().begin().await?;
    let number = reception::next_log_number(&mut tx, s.unit, year).await?;
    let v = record(&state, &user, &s, &f, &c, (year, number), at);
    reception::add_visit(&mut tx, &v, now).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/tiep-cong-dan/phien/{}?xong=luot#luot-{}",
        s.id, v.id
    ))
    .into_response())
}

/// `POST /tiep-cong-dan/phien/{id}/ket-luan`: records the conclusion notice.
pub async fn conclude(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<ConclusionForm>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, &id, Action::HandlePetition).await?;
    let text = f.conclusion.trim();
    let too_long = motcua_domain::limits::too_long("conclusion", text);
    if text.is_empty() || too_long.is_some() {
        let mut errors = FormErrors::prefixed("conclusion-");
        match too_long {
            Some(long) => errors.add("conclusion", long.message),
            None => errors.add("conclusion", p.t("reception-conclusion-required")),
        }
        let page = render(
            &state,
            p,
            &user,
            s,
            VisitForm::default(),
            FormErrors::prefixed("visit-"),
            Some((f.conclusion, errors)),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let mut tx = state.db().begin().await?;
    reception::conclude(&mut tx, s.id, text).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/tiep-cong-dan/phien/{}?xong=ket-luan", s.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pseudonym_is_the_line_of_the_log() {
        assert_eq!(pseudonym(2026, 7), "TC-2026-0007");
        let shown = protected_name(Lang::Vi, "TC-2026-0007");
        assert!(
            shown.starts_with("Người tố cáo (đã được giữ bí mật)"),
            "{shown}"
        );
    }

    #[test]
    fn lists_that_are_not_json_read_as_empty() {
        assert_eq!(json_list(r#"["a","b"]"#), vec!["a", "b"]);
        assert!(json_list("").is_empty());
    }
}
