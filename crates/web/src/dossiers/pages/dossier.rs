//! One dossier: summary, checklist with its files, timeline (the control sheet), the due-date
//! explanation, the print links, and a form for each action the person may take now. Actions
//! go through the API's `act`, so the permission and version checks are the same; a refusal
//! (stale version, a rule) shows the page again with the reason at the top.

use crate::i18n::Lang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::dossiers::{UploadedFile, uploads};
use motcua_domain::dossier::lifecycle::{ActionKind, Status};
use motcua_domain::dossier::timing;
use motcua_domain::explain;
use motcua_domain::ids::DossierId;
use motcua_domain::policy::Action;
use motcua_domain::role::Role;
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, DossierRecord, EventRecord};
use motcua_store::{procedures, units};
use serde::Deserialize;

use super::DeskNav;
use crate::auth::CurrentUser;
use crate::dossiers::input::ActionInput;
use crate::dossiers::{ActingAs, may_take};
use crate::dossiers::{act as act_on_dossier, actions_on, load_for};
use crate::error::AppError;
use crate::extract::Query;
use crate::form_data::FormData;
use crate::kept;
use crate::pages::when;
use crate::pages::{FormErrors, PageCtx, today_vn};
use crate::state::AppState;
use motcua_calendar::rules::SupplementClock;
use motcua_domain::dossier::lifecycle::SupplementItem;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    /// Set by the redirect after intake.
    #[serde(rename = "da-tiep-nhan")]
    pub received: String,
    /// Set by the redirect after an action: its code.
    pub xong: String,
}

#[derive(Debug)]
pub struct Summary {
    pub id: String,
    pub code: String,
    pub status: String,
    pub status_code: &'static str,
    pub procedure: String,
    pub procedure_code: String,
    pub applicant: String,
    pub applicant_id: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub channel: String,
    pub received: String,
    pub due: Option<String>,
    /// The first due date, when an apology (or a supplement) moved it.
    pub original_due: Option<String>,
    pub rules_id: String,
    pub step: String,
    pub logbook: String,
    pub return_place: String,
    pub fee: String,
    pub outcome: Option<String>,
    pub watch: Option<(String, String)>,
}

#[derive(Debug)]
pub struct DocRow {
    pub name: String,
    pub copy_kind: String,
    pub provided: bool,
    pub supplement: bool,
    pub file: Option<(String, String)>,
}

#[derive(Debug)]
pub struct EventRow {
    pub at: String,
    pub label: String,
    pub step: String,
    pub giver: String,
    pub receiver: String,
    pub timeliness: Option<(&'static str, String)>,
    pub note: String,
}

/// What a dossier awaiting a supplement asks of its applicant: the items of form 02, the
/// officer's note, and when the result is due once they are brought.
#[derive(Debug)]
pub struct SupplementAsk {
    pub requested: String,
    pub officer: String,
    /// Document and reason, one per item of form 02.
    pub items: Vec<(String, String)>,
    pub note: String,
    /// What the time limit does once the documents arrive, with the rule's source.
    pub clock: String,
    /// The return date if the complete documents arrive now.
    pub due_if_now: Option<String>,
    /// The viewer is the applicant: the form asks for one file per item.
    pub online: bool,
    /// Per item, a file already received in an earlier round of this form: its name and the
    /// form's signed reference to it (see [`crate::kept`]).
    pub kept: Vec<Option<(String, String)>>,
}

impl SupplementAsk {
    /// The file kept for item `i`, if any.
    #[must_use]
    pub fn kept_for(&self, i: &usize) -> Option<&(String, String)> {
        self.kept.get(*i).and_then(Option::as_ref)
    }
}

/// The form of one allowed action, with what was typed when it came back with errors.
#[derive(Debug)]
pub struct ActionForm {
    pub code: &'static str,
    pub label: String,
    pub errors: FormErrors,
    pub v: ActionInput,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers/dossier.html")]
pub struct DossierPage {
    p: PageCtx,
    nav: DeskNav,
    d: Summary,
    version: i64,
    documents: Vec<DocRow>,
    timeline: Vec<EventRow>,
    /// The due-date computation, for officers (empty for the applicant).
    explanation: Vec<String>,
    prints: Vec<(String, String, String)>,
    /// While the dossier awaits a supplement: what is asked for.
    supplement: Option<SupplementAsk>,
    /// Who holds the step, claiming and assigning it, internal notes (officers only).
    team: super::team::TeamView,
    own: bool,
    forms: Vec<ActionForm>,
    receivers: Vec<(String, String)>,
    units: Vec<(String, String)>,
    /// A refusal of the last submitted action (stale version, a case rule).
    alert: Option<String>,
    /// Just received: the receipt is the next thing the desk prints.
    just_received: bool,
}

fn parse_id(raw: &str) -> Result<DossierId, AppError> {
    DossierId::parse(raw).map_err(|_| AppError::NotFound)
}

fn event_label(lang: Lang, d: &DossierRecord, e: &EventRecord) -> String {
    if e.action == "received" {
        return lang.t("dossier-event-received");
    }
    if e.action == motcua_app::dossiers::team::ASSIGN {
        return lang.t("dossier-event-assigned");
    }
    if e.action == ActionKind::Resubmit.code()
        && e.actor.is_some()
        && e.actor == d.applicant.user_id
    {
        return lang.t("dossier-event-resubmitted-online");
    }
    // The last step's hand-over is the decision that makes the result: an approval.
    if e.action == ActionKind::HandOver.code() && e.to_status == Status::ResultReady.code() {
        return lang.t("dossier-event-approved");
    }
    ActionKind::parse(&e.action).map_or_else(|| e.action.clone(), |a| lang.label(a))
}

fn summary(lang: Lang, d: &DossierRecord) -> Summary {
    Summary {
        id: d.id.to_string(),
        code: d.code.clone(),
        status: lang.label(d.status),
        status_code: d.status.code(),
        procedure: d.procedure_name.clone(),
        procedure_code: d.procedure_code.clone(),
        applicant: d.applicant.name.clone(),
        applicant_id: d.applicant.id_number.clone(),
        phone: d.applicant.phone.clone().unwrap_or_default(),
        email: d.applicant.email.clone().unwrap_or_default(),
        address: d.applicant.address.clone(),
        channel: lang.label(d.channel),
        received: when(d.received_at),
        due: d.due_at.map(when),
        original_due: (d.due_at != Some(d.original_due_at)).then(|| when(d.original_due_at)),
        rules_id: d.rules_id.clone(),
        step: match (d.step_index, d.step_role) {
            (Some(i), Some(r)) => format!("{}/{} · {}", i + 1, d.step_count, lang.label(r)),
            (None, Some(r)) => lang.label(r),
            _ => "—".to_owned(),
        },
        logbook: format!("{}/{}", d.logbook_number, d.logbook_year),
        return_place: d.return_place.clone(),
        fee: d.fee_text.clone(),
        outcome: d.outcome.map(|t| lang.label(t)),
        watch: d
            .watch
            .as_ref()
            .map(|w| (lang.label(w.kind), w.reason.clone())),
    }
}

/// The original due date worked out again with its explanation, under the calendar of the
/// receiving unit and the counting rules recorded at receipt (as `service::intake` counted it).
async fn explanation(
    state: &AppState,
    lang: Lang,
    d: &DossierRecord,
) -> Result<Vec<String>, AppError> {
    let unit = units::get(state.db(), d.receiving_unit).await?;
    let Ok(cal) = state.clocks().calendar(unit.code.as_str()) else {
        return Ok(Vec::new());
    };
    let received_day = vn_date(d.received_at);
    let rules = state.clocks().rules_by_id(&d.rules_id, received_day);
    let Ok(day_minutes) = timing::day_minutes(&cal, received_day) else {
        return Ok(Vec::new());
    };
    let limit = timing::time_limit(d.limit_kind, d.limit_amount, day_minutes);
    let Ok(due) = timing::due_at(&cal, rules, d.received_at, limit) else {
        return Ok(Vec::new());
    };
    let mut lines = vec![lang.t_args(
        "dossier-due-explanation",
        &[
            ("limit", lang.text(&explain::limit_text(limit)).into()),
            ("rules", rules.id.to_string().into()),
        ],
    )];
    lines.extend(
        due.explanation
            .iter()
            .map(|s| lang.text(&explain::step_text(s))),
    );
    Ok(lines)
}

/// What the supplement request asks for and how the clock will count once it is met, under
/// the handling unit's calendar and the counting rules recorded at receipt (as `act` counts).
async fn supplement_ask(
    state: &AppState,
    lang: Lang,
    d: &DossierRecord,
    events: &[EventRecord],
    online: bool,
) -> Result<Option<SupplementAsk>, AppError> {
    if d.status != Status::AwaitingSupplement {
        return Ok(None);
    }
    let Some((e, items)) = super::supplement_request(events) else {
        return Ok(None);
    };
    let received_day = vn_date(d.received_at);
    let rules = state.clocks().rules_by_id(&d.rules_id, received_day);
    let clock = match rules.supplement_clock.value {
        SupplementClock::Restart => lang.t("desk-supplement-clock-restart"),
        SupplementClock::Pause => lang.t("desk-supplement-clock-pause"),
    };
    let unit = units::get(state.db(), d.handling_unit).await?;
    let now = state.app().now();
    let due_if_now = state
        .clocks()
        .calendar(unit.code.as_str())
        .ok()
        .and_then(|cal| {
            let day_minutes = timing::day_minutes(&cal, received_day).ok()?;
            let limit = timing::time_limit(d.limit_kind, d.limit_amount, day_minutes);
            let cycle = timing::SupplementCycle {
                requested: d.supplement_requested_at.unwrap_or(e.at),
                resubmitted: Some(now),
            };
            timing::due_after_supplement(&cal, rules, d.received_at, limit, cycle)
                .ok()
                .flatten()
        })
        .map(|due| when(due.due));
    Ok(Some(SupplementAsk {
        kept: Vec::new(),
        requested: when(e.at),
        officer: e.actor_name.clone(),
        items: items.into_iter().map(|i| (i.document, i.reason)).collect(),
        note: e.note.clone(),
        clock: format!("{clock} ({})", rules.supplement_clock.source),
        due_if_now,
        online,
    }))
}

/// Officers of the handling unit who work the step a hand-over leads to.
async fn receivers(state: &AppState, d: &DossierRecord) -> Result<Vec<(String, String)>, AppError> {
    let version = procedures::get_version(state.db(), d.procedure_version).await?;
    let next = d
        .step_index
        .and_then(|i| version.steps.get(usize::from(i) + 1))
        .map_or(Role::DeskOfficer, |s| s.role);
    Ok(super::team::officers(state, d.handling_unit, next)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}

/// Print links: the receipt (01) and the control sheet (05) always; the supplement request
/// (02), the refusal (03) and the apology (04) once the dossier has one.
fn prints(p: &PageCtx, d: &DossierRecord, events: &[EventRecord]) -> Vec<(String, String, String)> {
    let has = |a: ActionKind| events.iter().any(|e| e.action == a.code());
    let mut forms = vec!["01"];
    if has(ActionKind::RequestSupplement) {
        forms.push("02");
    }
    if has(ActionKind::Refuse) {
        forms.push("03");
    }
    if has(ActionKind::Apologise) {
        forms.push("04");
    }
    forms.push("05");
    forms
        .into_iter()
        .map(|n| {
            (
                format!("print-{n}"),
                format!("/mot-cua/ho-so/{}/bieu-mau/{n}", d.id),
                p.t(&format!("desk-print-{n}")),
            )
        })
        .collect()
}

/// What failed, for the page: either the form's own fields or a message at the top.
enum Failure {
    Alert(String),
    /// An action's form with its errors, what was typed, and the files kept for the next
    /// round (item index, name, reference).
    Fields(&'static str, FormErrors, Box<ActionInput>, Kept),
}

/// Files kept across an error round: item index, file name, signed reference.
type Kept = Vec<(usize, String, String)>;

async fn render(
    state: &AppState,
    p: PageCtx,
    user: &CurrentUser,
    d: &DossierRecord,
    failure: Option<Failure>,
    just_received: bool,
) -> Result<DossierPage, AppError> {
    let nav = DeskNav::of(user);
    let events = dossiers::events(state.db(), d.id).await?;
    let documents = dossiers::documents(state.db(), d.id)
        .await?
        .into_iter()
        .map(|doc| DocRow {
            copy_kind: motcua_domain::procedure::CopyKind::parse(&doc.copy_kind)
                .map_or_else(|_| doc.copy_kind.clone(), |k| p.lang.label(k)),
            provided: doc.provided,
            supplement: doc.stage != "intake",
            file: doc
                .file
                .map(|f| (format!("/mot-cua/ho-so/{}/tep/{}", d.id, f.sha256), f.name)),
            name: doc.name,
        })
        .collect();
    let timeline = events
        .iter()
        .map(|e| EventRow {
            at: when(e.at),
            label: event_label(p.lang, d, e),
            step: e.step_name.clone().unwrap_or_default(),
            giver: e.actor_name.clone(),
            receiver: e.receiver_name.clone().unwrap_or_default(),
            timeliness: e.timeliness.map(|t| (t.code(), p.lang.label(t))),
            note: e.note.clone(),
        })
        .collect();
    let target = crate::dossiers::target(state, Some(user), d).await?;
    let allowed = actions_on(user, d, &target, motcua_store::now());
    let online = allowed.contains(&ActionKind::Resubmit)
        && matches!(
            may_take(user, d, ActionKind::Resubmit, &target),
            Ok(ActingAs::Applicant)
        );
    let mut supplement = supplement_ask(state, p.lang, d, &events, online).await?;
    if let (Some(s), Some(Failure::Fields(_, _, _, kept))) = (supplement.as_mut(), &failure) {
        s.kept = (0..s.items.len())
            .map(|i| {
                kept.iter()
                    .find(|(k, _, _)| *k == i)
                    .map(|(_, name, r)| (name.clone(), r.clone()))
            })
            .collect();
    }
    let team = super::team::view(state, user, d, &target).await?;
    // At the last step a hand-over makes the result: the head approves, not "passes on".
    let last_step = d
        .step_index
        .is_some_and(|i| u32::from(i) + 1 >= u32::from(d.step_count));
    let (alert, failed) = match failure {
        Some(Failure::Alert(m)) => (Some(m), None),
        Some(Failure::Fields(code, errors, v, _)) => (None, Some((code, errors, v))),
        None => (None, None),
    };
    let mut failed = failed;
    let forms = allowed
        .iter()
        .map(|k| {
            let (errors, v) = match failed.take() {
                Some((code, errors, v)) if code == k.code() => (errors, *v),
                other => {
                    failed = other;
                    (
                        FormErrors::prefixed(&format!("{}-", k.code())),
                        ActionInput::default(),
                    )
                }
            };
            ActionForm {
                code: k.code(),
                label: if online && *k == ActionKind::Resubmit {
                    p.t("desk-supplement-send")
                } else if *k == ActionKind::HandOver && last_step {
                    p.t("desk-action-approve")
                } else {
                    p.lang.label(k)
                },
                errors,
                v,
            }
        })
        .collect();
    let receivers = if allowed.contains(&ActionKind::HandOver) {
        receivers(state, d).await?
    } else {
        Vec::new()
    };
    let units = if allowed.contains(&ActionKind::Transfer) {
        units::list_in_force(state.db(), today_vn())
            .await?
            .into_iter()
            .filter(|u| u.id != d.handling_unit)
            .map(|u| (u.id.to_string(), u.name))
            .collect()
    } else {
        Vec::new()
    };
    let explanation = if nav.can_view {
        explanation(state, p.lang, d).await?
    } else {
        Vec::new()
    };
    Ok(DossierPage {
        prints: prints(&p, d, &events),
        supplement,
        team,
        own: d.applicant.user_id == Some(user.user_id),
        nav,
        d: summary(p.lang, d),
        version: d.version,
        documents,
        timeline,
        explanation,
        forms,
        receivers,
        units,
        alert,
        just_received,
        p,
    })
}

/// `GET /mot-cua/ho-so/{id}`: for officers of the dossier's units and for its applicant.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<DossierPage, AppError> {
    let d = load_for(&state, Some(&user), parse_id(&id)?, Action::ViewDossier).await?;
    let just_received = !q.received.is_empty();
    let p = if just_received {
        let due = d.due_at.map(when).unwrap_or_default();
        let notice = p.t1("desk-received-notice", "code", d.code.clone());
        p.with_notice(format!("{notice} {due}"))
    } else if let Some(k) = ActionKind::parse(&q.xong) {
        let notice = p.t1("desk-action-done", "action", p.lang.label(k));
        p.with_notice(notice)
    } else if matches!(q.xong.as_str(), "nhan" | "giao" | "ghi-chu") {
        let notice = p.t(&format!("desk-team-done-{}", q.xong));
        p.with_notice(notice)
    } else {
        p
    };
    render(&state, p, &user, &d, None, just_received).await
}

fn action_input(form: &FormData) -> ActionInput {
    ActionInput {
        action: form.get("action"),
        // An unreadable version can never match, so it is refused as stale.
        version: form.get("version").trim().parse().unwrap_or(-1),
        note: form.get("note"),
        reason: form.get("reason"),
        new_due: form.get("new_due"),
        to_unit: form.get("to_unit"),
        receiver: form.get("receiver"),
        items: Vec::new(),
        items_text: form.get("items_text"),
        electronic_result: !form.get("electronic_result").is_empty(),
    }
}

/// A file brought with a resubmission: the item of form 02 it answers (none for the desk's
/// `files`), the document's name as recorded, and the file.
type Brought = (Option<usize>, String, UploadedFile);

/// Files brought with a resubmission, checked like the intake's: the desk's `files`, named
/// after themselves, and the applicant's `item_<i>`, named after the item of form 02 they
/// answer. Every file is checked: the good ones come back with the first problem, so that they
/// can be kept for the next round.
fn resubmitted_files(
    form: &FormData,
    items: &[SupplementItem],
) -> (Vec<Brought>, Option<AppError>) {
    let limits = motcua_domain::dossier::upload::UploadLimits::default();
    let mut out = Vec::new();
    let mut problem = None;
    for part in &form.files {
        let index = part
            .field
            .strip_prefix("item_")
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|i| *i < items.len());
        if part.field != "files" && index.is_none() {
            continue;
        }
        match uploads::accept(
            "files",
            &part.file_name,
            part.content_type.as_deref(),
            part.bytes.clone(),
            &limits,
        ) {
            Ok(f) => {
                // The document's name as recorded with the dossier and printed on its papers.
                let name = index.map_or_else(|| f.name.clone(), |i| items[i].document.clone());
                out.push((index, format!("Giấy tờ bổ sung: {name}"), f));
            }
            Err(e) => {
                problem.get_or_insert(AppError::from(e));
            }
        }
    }
    (out, problem)
}

/// The whole sending within the batch limits (count, total size).
fn check_batch(files: &[Brought]) -> Result<(), AppError> {
    let limits = motcua_domain::dossier::upload::UploadLimits::default();
    let all: Vec<UploadedFile> = files.iter().map(|(_, _, f)| f.clone()).collect();
    uploads::accept_batch(&all, &limits).map_err(|e| match AppError::from(e) {
        AppError::Validation(mut fs) => {
            for f in &mut fs {
                f.field = "files".into();
            }
            AppError::Validation(fs)
        }
        other => other,
    })
}

/// Adds the files kept from an earlier round (`kept_item_<i>`, signed for this person) for the
/// items that got no new file.
async fn restore_kept(
    state: &AppState,
    user: &CurrentUser,
    form: &FormData,
    items: &[SupplementItem],
    files: &mut Vec<Brought>,
) -> Result<(), AppError> {
    for (i, item) in items.iter().enumerate() {
        if files.iter().any(|(k, _, _)| *k == Some(i)) {
            continue;
        }
        let reference = form.get(&format!("kept_item_{i}"));
        if reference.is_empty() {
            continue;
        }
        let name = form.get(&format!("kept_item_name_{i}"));
        if let Some(f) = kept::restore(state, user, &reference, &name).await? {
            files.push((Some(i), format!("Giấy tờ bổ sung: {}", item.document), f));
        }
    }
    Ok(())
}

/// `POST /mot-cua/ho-so/{id}/thao-tac`: one action, then back to the page.
pub async fn act(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let input = action_input(&form);
    let events = dossiers::events(state.db(), id).await?;
    let items = super::supplement_request(&events)
        .map(|(_, items)| items)
        .unwrap_or_default();
    let (mut brought, problem) = resubmitted_files(&form, &items);
    restore_kept(&state, &user, &form, &items, &mut brought).await?;
    let result = match problem {
        Some(e) => Err(e),
        None => match check_batch(&brought) {
            Ok(()) => {
                let files = brought
                    .iter()
                    .map(|(_, name, f)| (name.clone(), f.clone()))
                    .collect();
                act_on_dossier(&state, &user, id, &input, files).await
            }
            Err(e) => Err(e),
        },
    };
    let (status, failure) = match result {
        Ok(_) => {
            let to = format!("/mot-cua/ho-so/{id}?xong={}", input.action.trim());
            return Ok(Redirect::to(&to).into_response());
        }
        Err(AppError::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, Failure::Alert(p.lang.text(&message)))
        }
        Err(AppError::Rule { message, .. }) => {
            (StatusCode::CONFLICT, Failure::Alert(p.lang.text(&message)))
        }
        Err(AppError::Validation(fields) | AppError::TooLong(fields)) => {
            let kind = ActionKind::parse(&input.action);
            match kind {
                Some(k) => {
                    let mut errors = FormErrors::prefixed(&format!("{}-", k.code()));
                    for f in fields {
                        errors.add(&f.field, f.message);
                    }
                    // The applicant's good files wait for the next round: nobody picks a
                    // file twice.
                    let mut kept_files = Vec::new();
                    for (index, _, f) in &brought {
                        if let Some(i) = index {
                            kept_files.push((
                                *i,
                                f.name.clone(),
                                kept::keep(&state, &user, f).await?,
                            ));
                        }
                    }
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Failure::Fields(k.code(), errors, Box::new(input), kept_files),
                    )
                }
                None => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Failure::Alert(
                        fields
                            .into_iter()
                            .map(|f| p.lang.text(&f.message))
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ),
            }
        }
        Err(e) => return Err(e),
    };
    let d = load_for(&state, Some(&user), id, Action::ViewDossier).await?;
    let page = render(&state, p, &user, &d, Some(failure), false).await?;
    Ok((status, page).into_response())
}

/// A file name safe inside a quoted `Content-Disposition` parameter.
fn header_file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if safe.is_empty() {
        "tep".to_owned()
    } else {
        safe
    }
}

/// `GET /mot-cua/ho-so/{id}/tep/{sha256}`: a file of this dossier's checklist, to those who
/// may view the dossier. The hash must be one of this dossier's: files are stored once by
/// content, and a hash alone must not open another dossier's file.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let d = load_for(&state, Some(&user), parse_id(&id)?, Action::ViewDossier).await?;
    let docs = dossiers::documents(state.db(), d.id).await?;
    let Some(file) = docs
        .into_iter()
        .filter_map(|doc| doc.file)
        .find(|f| f.sha256 == sha256)
    else {
        return Err(AppError::NotFound);
    };
    let stored = dossiers::get_file(state.db(), &file.sha256).await?;
    let content_type = match stored.kind.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpeg" | "jpg" => "image/jpeg",
        _ => "application/octet-stream",
    };
    let disposition = format!("attachment; filename=\"{}\"", header_file_name(&file.name));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        stored.content,
    )
        .into_response())
}

impl DossierPage {
    fn is_finished(&self) -> bool {
        Status::parse(self.d.status_code).is_some_and(Status::is_finished)
    }

    /// The viewer is the dossier's applicant.
    fn is_own(&self) -> bool {
        self.own
    }

    /// The applicant is sending their own supplement: one file per item of form 02.
    fn online_supplement(&self) -> bool {
        self.supplement.as_ref().is_some_and(|s| s.online)
    }
}
