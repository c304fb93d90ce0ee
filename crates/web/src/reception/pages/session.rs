//! One reception session: its visits in log order, the form to record a visit, and the
//! conclusion notice (Thông báo kết luận việc tiếp công dân, NĐ 154/2026 Đ25 k2).
//!
//! A denunciation's visitor is sealed before anything is written (NĐ 154/2026 Đ12, see
//! `motcua_app::reception::visit`): the page only ever shows the pseudonym, with the
//! protected label.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::reception;
use motcua_domain::ids::ReceptionSessionId;
use motcua_domain::policy::Action;
use motcua_store::reception::{SessionRecord, VisitRecord};
use serde::Deserialize;

use super::{ReceptionNav, class_of, form_errors, refusal, session_kind_label};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::i18n::Lang;
use crate::pages::when;
use crate::pages::{FormErrors, PageCtx, date_vn};
use crate::reception::input::{CLASSES, ConclusionForm, VisitForm};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub xong: String,
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
    let s = motcua_store::reception::get_session(state.db(), id).await?;
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
    let visits = motcua_store::reception::visits(state.db(), s.id)
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

/// `POST /tiep-cong-dan/phien/{id}/luot`: records a visit as the next line of the log.
pub async fn add_visit(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<VisitForm>,
) -> Result<Response, AppError> {
    let s = load(&state, &user, &id, Action::HandlePetition).await?;
    let refused = match f.parse(s.id) {
        Ok(visit) => match reception::record_visit(state.app(), &user.actor(), visit).await {
            Ok(visit) => {
                return Ok(Redirect::to(&format!(
                    "/tiep-cong-dan/phien/{}?xong=luot#luot-{visit}",
                    s.id
                ))
                .into_response());
            }
            Err(e) => refusal(e)?,
        },
        Err(errors) => errors,
    };
    let errors = form_errors(p.lang, "visit-", refused);
    let page = render(&state, p, &user, s, f, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
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
    let refused = match f.parse(s.id) {
        Ok(conclusion) => match reception::conclude(state.app(), &user.actor(), conclusion).await {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/tiep-cong-dan/phien/{}?xong=ket-luan", s.id))
                        .into_response(),
                );
            }
            Err(e) => refusal(e)?,
        },
        Err(errors) => errors,
    };
    let errors = form_errors(p.lang, "conclusion-", refused);
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
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_visitor_is_shown_as_protected_with_their_pseudonym() {
        let shown = protected_name(Lang::Vi, "TC-2026-0007");
        assert!(
            shown.starts_with("Người tố cáo (đã được giữ bí mật)"),
            "{shown}"
        );
        assert!(shown.ends_with("TC-2026-0007"), "{shown}");
    }

    #[test]
    fn lists_that_are_not_json_read_as_empty() {
        assert_eq!(json_list(r#"["a","b"]"#), vec!["a", "b"]);
        assert!(json_list("").is_empty());
    }
}
