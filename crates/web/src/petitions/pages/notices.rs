//! The notices and decisions of a case, as printable HTML and PDF: acceptance, non-acceptance,
//! forwarding, extension, decision. A protected denouncer appears on every one of them by
//! pseudonym only: the person printing may not be allowed to know the identity, and the
//! printed copy travels further than the case file.

use axum::extract::{Path, State};
use axum::response::Response;
use motcua_domain::ids::PetitionId;
use motcua_domain::message::MessageArg;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::policy::Action;
use motcua_domain::vn_date;
use motcua_domain::vn_time::vn_offset;
use motcua_forms::{
    AcceptanceKind, AcceptanceNotice, ComplaintRound, DecisionKind, ExtensionDecision,
    ExtensionRound, Form, ForwardingSlip, NonAcceptanceNotice, PetitionClass, PetitionDecision,
    PetitionHeader, PetitionMatter, Recipient, RenderOptions, Signer,
};
use motcua_store::petitions::{self, PetitionEvent, PetitionRecord};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{FluentArg, Lang, Text};
use crate::petitions::access;
use crate::printing::{issuer, render, split_format};
use crate::state::AppState;

/// Which notices this case can print now: a notice added to `notice` below is listed here
/// once its action is on the timeline.
pub(super) fn available(
    lang: Lang,
    p: &PetitionRecord,
    events: &[PetitionEvent],
) -> Vec<(String, String)> {
    let has = |a: &str| events.iter().any(|e| e.action == a);
    let formal = matches!(p.kind.as_str(), "khieu_nai" | "to_cao");
    [
        ("thu-ly", formal && has("accept")),
        // A denunciation's acceptance also goes to the person denounced (Luật Tố cáo 2018,
        // Điều 29 khoản 1), naming the denouncer by pseudonym only.
        (
            "thu-ly-bi-to-cao",
            p.kind == "to_cao" && !p.respondent.is_empty() && has("accept"),
        ),
        ("khong-thu-ly", has("not_accept")),
        ("chuyen-don", has("forward")),
        // The extension decision (NĐ 31/2019, Mẫu 01) is the Law on Denunciation's; a complaint
        // found complex records the finding in its file, with no notice of its own.
        ("gia-han", p.kind == "to_cao" && has("extend")),
        ("quyet-dinh", formal && has("decide")),
    ]
    .into_iter()
    .filter(|(_, shown)| *shown)
    .map(|(slug, _)| (slug.to_owned(), lang.t(&format!("petition-notice-{slug}"))))
    .collect()
}

/// The case has no `paper` yet (`pet-notice-paper-<paper>` names it).
fn not_issued(paper: &'static str) -> AppError {
    AppError::Rule {
        code: "notice_not_issued",
        message: Text::Message {
            id: "pet-notice-not-issued",
            args: vec![("paper", MessageArg::Label("pet-notice-paper", paper))],
        },
        allowed: Vec::new(),
    }
}

fn petitioner(p: &PetitionRecord) -> Recipient {
    if p.protected || p.anonymous {
        Recipient::protected(p.pseudonym.clone())
    } else {
        Recipient::named(p.sender.name.clone(), p.sender.address.clone())
    }
}

fn last<'a>(events: &'a [PetitionEvent], action: &str) -> Option<&'a PetitionEvent> {
    events.iter().rev().find(|e| e.action == action)
}

fn detail(e: &PetitionEvent, key: &str) -> String {
    serde_json::from_str::<serde_json::Value>(&e.details)
        .ok()
        .and_then(|v| {
            v.get(key)
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
        })
        .unwrap_or_default()
}

fn round(p: &PetitionRecord) -> ComplaintRound {
    if p.instance == 2 {
        ComplaintRound::Second
    } else {
        ComplaintRound::First
    }
}

/// `GET /don-thu/{id}/van-ban/{form}`: `thu-ly`, `thu-ly-bi-to-cao`, `khong-thu-ly`,
/// `chuyen-don`, `gia-han`, `quyet-dinh`; `.pdf` for the PDF.
pub async fn notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, form)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = PetitionId::parse(&id).map_err(|_| AppError::NotFound)?;
    let p = access::load_for(&state, &user, id, Action::ViewPetition).await?;
    let (name, pdf) = split_format(&form);
    let built = build(&state, &p, name, None).await?;
    render(
        &state,
        built,
        RenderOptions::default(),
        pdf,
        &format!("{}-{name}", p.code),
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DenouncerCopyForm {
    pub reason: String,
    /// `pdf` for the PDF, anything else for the page to print.
    pub dinh_dang: String,
}

/// `POST /don-thu/{id}/van-ban/thu-ly/nguoi-to-cao`: the acceptance notice addressed to a
/// protected denouncer under their own name, the one copy that may carry it. Opening the seal
/// for it is a reveal like any other: a handler named on the case, a reason, an audit entry.
pub async fn denouncer_copy(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    crate::extract::PageForm(f): crate::extract::PageForm<DenouncerCopyForm>,
) -> Result<Response, AppError> {
    let id = PetitionId::parse(&id).map_err(|_| AppError::NotFound)?;
    let p = access::load_for(&state, &user, id, Action::HandlePetition).await?;
    let who =
        motcua_app::petitions::identity::reveal(state.app(), &access::actor(&user), &p, &f.reason)
            .await?;
    let built = build(&state, &p, "thu-ly", Some(who)).await?;
    render(
        &state,
        built,
        RenderOptions::default(),
        f.dinh_dang == "pdf",
        &format!("{}-thu-ly-nguoi-to-cao", p.code),
    )
    .await
}

/// The notice `name` of case `p`; `denouncer`, when the seal was opened for it, addresses a
/// denunciation's acceptance to the denouncer by name.
async fn build(
    state: &AppState,
    p: &PetitionRecord,
    name: &str,
    denouncer: Option<motcua_app::petitions::identity::Identity>,
) -> Result<Form, AppError> {
    let p = p.clone();
    let events = petitions::events(state.db(), p.id).await?;
    let (agency, parent, place) = issuer(state, p.unit).await?;
    let vn = vn_offset();
    let header = |e: &PetitionEvent| PetitionHeader {
        agency_name: agency.clone(),
        parent_agency_name: parent.clone(),
        agency_symbol: "UBND".to_owned(),
        number: String::new(),
        place: place.clone(),
        case_code: p.code.clone(),
        issued_at: e.at.with_timezone(&vn),
    };
    let signer = Signer {
        title: "CHỦ TỊCH".to_owned(),
        name: String::new(),
    };
    let kind = PetitionKind::parse(&p.kind).unwrap_or(PetitionKind::Feedback);
    let accepted = last(&events, "accept");
    let built = match name {
        "thu-ly" | "thu-ly-bi-to-cao" => {
            let e = accepted.ok_or_else(|| not_issued("acceptance_notice"))?;
            let state_of_case = motcua_app::petitions::cases::CaseState::of(&p);
            let resolution_due = match p
                .due_at
                .filter(|_| p.deadline_kind.as_deref() == Some("resolution"))
            {
                Some(d) => Some(d),
                None => {
                    motcua_app::petitions::cases::resolution_due(state.app(), &p, &state_of_case)
                        .await?
                }
            };
            // Each copy to its addressee: a complaint's to the complainant; a denunciation's to
            // the denouncer (by name only on the copy the seal was opened for) or to the
            // person denounced, who learns the denouncer's pseudonym and nothing more.
            let (kind, addressee, sender) = match (kind, name, denouncer) {
                (PetitionKind::Denunciation, "thu-ly-bi-to-cao", _) => (
                    AcceptanceKind::DenunciationToDenounced,
                    Recipient::named(p.respondent.clone(), String::new()),
                    Recipient::protected(p.pseudonym.clone()),
                ),
                (PetitionKind::Denunciation, _, Some(who)) => (
                    AcceptanceKind::DenunciationToDenouncer,
                    Recipient::named(who.name.clone(), who.address.clone()),
                    Recipient::named(who.name, String::new()),
                ),
                (PetitionKind::Denunciation, _, None) => (
                    AcceptanceKind::DenunciationToDenouncer,
                    petitioner(&p),
                    petitioner(&p),
                ),
                (_, "thu-ly", _) => (
                    AcceptanceKind::Complaint(round(&p)),
                    petitioner(&p),
                    petitioner(&p),
                ),
                _ => return Err(AppError::NotFound),
            };
            Form::Acceptance(AcceptanceNotice {
                header: header(e),
                kind,
                addressee: Some(addressee),
                petitioner: sender,
                respondent: p.respondent.clone(),
                received_on: vn_date(p.received_at),
                accepted_on: vn_date(e.at),
                content: p.subject.clone(),
                legal_basis: Vec::new(),
                // The resolution deadline the acceptance set (with its extensions), also once
                // the case is closed and no longer has a running one.
                time_limit_text: resolution_due
                    // The paper itself is Vietnamese whatever the page's language.
                    .map(|d| {
                        Lang::Vi.t_args(
                            "pet-notice-time-limit",
                            &[(
                                "date",
                                FluentArg::Str(vn_date(d).format("%d/%m/%Y").to_string()),
                            )],
                        )
                    })
                    .unwrap_or_default(),
                copies_to: Vec::new(),
                signer,
            })
        }
        "khong-thu-ly" => {
            let e = last(&events, "not_accept").ok_or_else(|| not_issued("non_acceptance"))?;
            let reason = Ineligibility::parse(&detail(e, "reason"));
            Form::NonAcceptance(NonAcceptanceNotice {
                header: header(e),
                matter: match kind {
                    PetitionKind::Denunciation => PetitionMatter::Denunciation,
                    _ => PetitionMatter::Complaint(round(&p)),
                },
                addressee: petitioner(&p),
                received_on: vn_date(p.received_at),
                content: p.subject.clone(),
                reason: reason.map_or_else(|| e.note.clone(), |r| r.label_vi().to_owned()),
                legal_basis: reason
                    .map(|r| vec![r.source().to_owned()])
                    .unwrap_or_default(),
                copies_to: Vec::new(),
                signer,
            })
        }
        "chuyen-don" => {
            let e = last(&events, "forward").ok_or_else(|| not_issued("forwarding"))?;
            Form::Forwarding(ForwardingSlip {
                header: header(e),
                to_agency: p.forwarded_to.clone(),
                petitioner: petitioner(&p),
                received_on: vn_date(p.received_at),
                class: match kind {
                    PetitionKind::Complaint => PetitionClass::Complaint,
                    PetitionKind::Denunciation => PetitionClass::Denunciation,
                    _ => PetitionClass::Recommendation,
                },
                content: p.subject.clone(),
                reason: if e.note.is_empty() {
                    "Không thuộc thẩm quyền giải quyết".to_owned()
                } else {
                    e.note.clone()
                },
                enclosures: "Đơn và tài liệu kèm theo".to_owned(),
                copies_to: vec![petitioner(&p)],
                signer,
            })
        }
        "gia-han" => {
            let extensions: Vec<&PetitionEvent> =
                events.iter().filter(|e| e.action == "extend").collect();
            let e = extensions.last().ok_or_else(|| not_issued("extension"))?;
            let accepted = accepted.ok_or_else(|| not_issued("acceptance"))?;
            Form::Extension(ExtensionDecision {
                header: header(e),
                petitioner: petitioner(&p),
                respondent: p.respondent.clone(),
                acceptance_ref: p.code.clone(),
                accepted_on: vn_date(accepted.at),
                round: if extensions.len() >= 2 {
                    ExtensionRound::Second
                } else {
                    ExtensionRound::First
                },
                days: detail(e, "days").parse().unwrap_or(0),
                reason: e.note.clone(),
                legal_basis: vec!["Luật Tố cáo 2018, Điều 30".to_owned()],
                copies_to: Vec::new(),
                signer,
            })
        }
        "quyet-dinh" => {
            let e = last(&events, "decide").ok_or_else(|| not_issued("decision"))?;
            Form::Decision(PetitionDecision {
                header: header(e),
                kind: match (kind, p.instance) {
                    (PetitionKind::Denunciation, _) => DecisionKind::DenunciationConclusion,
                    (_, 2) => DecisionKind::ComplaintSecond,
                    _ => DecisionKind::ComplaintFirst,
                },
                petitioner: petitioner(&p),
                respondent: p.respondent.clone(),
                acceptance_ref: p.code.clone(),
                legal_basis: Vec::new(),
                summary: p.subject.clone(),
                verification: p.content.chars().take(2000).collect(),
                conclusion: p.decision_summary.clone(),
                articles: vec![p.decision_summary.clone()],
                copies_to: Vec::new(),
                signer,
            })
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(built)
}
