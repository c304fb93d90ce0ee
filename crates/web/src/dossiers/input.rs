//! What a person sends about dossiers, from a page or the API alike, and its parsing into the
//! use cases' input: an intake ([`IntakeInput`]), an action ([`ActionInput`]), a queue's filter
//! ([`QueueQuery`]) and a rating ([`RatingInput`]). Each is parsed once, here, for both.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use motcua_app::dossiers::{Intake, IntakeDocument, UploadedFile, check_documents, uploads};
use motcua_domain::dossier::applicant::ApplicantForm;
use motcua_domain::dossier::lifecycle::{ActionKind, Channel, Command, Status, SupplementItem};
use motcua_domain::dossier::record::{ApplicantRecord, Digital, Gateway};
use motcua_domain::dossier::upload::UploadLimits;
use motcua_domain::from_vn_local;
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::policy::Action;
use motcua_domain::procedure::ProcedureCode;
use motcua_domain::role::Role;
use motcua_store::dossiers::DossierFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// An action on a dossier as submitted. Which fields matter depends on `action`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = DossierActionInput)]
pub struct ActionInput {
    /// `hand_over`, `request_supplement`, `resubmit`, `refuse`, `apologise`, `stop`,
    /// `transfer` or `return_result`.
    pub action: String,
    /// The dossier version the officer saw; a stale one is refused with `conflict`.
    pub version: i64,
    pub note: String,
    /// Required for refusal, apology, stop and transfer.
    pub reason: String,
    /// Apology: the new due date, RFC 3339 or `YYYY-MM-DDTHH:MM` in Vietnam's time.
    pub new_due: String,
    /// Transfer: the receiving unit's id.
    pub to_unit: String,
    /// Hand-over: who receives the next step (optional).
    pub receiver: String,
    /// Supplement request: the documents to add, each with its reason.
    pub items: Vec<SupplementItemInput>,
    /// Supplement request from a page: one item a line, `document: reason`.
    pub items_text: String,
    /// Result handed back: it was issued as an electronic file too (Decision 766, 4.1).
    pub electronic_result: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SupplementItemInput {
    pub document: String,
    pub reason: String,
}

/// An instant typed by an officer: RFC 3339, or a Vietnam wall-clock time from an HTML
/// `datetime-local` field (`2026-03-10T17:00`).
pub fn parse_instant(field: &str, raw: &str) -> Result<DateTime<Utc>, AppError> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(from_vn_local(t));
        }
    }
    Err(AppError::field(field, Text::id("validation-input-instant")))
}

impl ActionInput {
    /// The action's kind, or a message listing the known ones.
    pub fn kind(&self) -> Result<ActionKind, AppError> {
        ActionKind::parse(&self.action).ok_or_else(|| {
            let known: Vec<&str> = ActionKind::ALL.iter().map(|k| k.code()).collect();
            AppError::field(
                "action",
                Text::with(
                    "validation-dossier-action",
                    vec![("known", known.join(", ").into())],
                ),
            )
        })
    }

    pub fn command(&self) -> Result<Command, AppError> {
        let mut fields: Vec<(&str, &str)> = vec![
            ("action", &self.action),
            ("note", &self.note),
            ("reason", &self.reason),
            ("new_due", &self.new_due),
            ("to_unit", &self.to_unit),
            ("receiver", &self.receiver),
            ("items_text", &self.items_text),
        ];
        for item in &self.items {
            fields.push(("document", &item.document));
            fields.push(("reason", &item.reason));
        }
        AppError::check_lengths(&fields)?;
        // Lengths are checked above: a long text is refused, never cut short in silence.
        let text = |s: &str| s.trim().to_owned();
        Ok(match self.kind()? {
            ActionKind::HandOver => Command::HandOver {
                note: text(&self.note),
            },
            ActionKind::RequestSupplement => {
                let mut items: Vec<SupplementItem> = self
                    .items
                    .iter()
                    .map(|i| SupplementItem {
                        document: text(&i.document),
                        reason: text(&i.reason),
                    })
                    .collect();
                for line in self.items_text.lines().filter(|l| !l.trim().is_empty()) {
                    let (doc, reason) = line.split_once(':').unwrap_or((line, ""));
                    items.push(SupplementItem {
                        document: text(doc),
                        reason: text(reason),
                    });
                }
                Command::RequestSupplement {
                    items,
                    note: text(&self.note),
                }
            }
            ActionKind::Resubmit => Command::Resubmit {
                note: text(&self.note),
            },
            ActionKind::Refuse => Command::Refuse {
                reason: text(&self.reason),
            },
            ActionKind::Apologise => {
                if self.new_due.trim().is_empty() {
                    return Err(AppError::field(
                        "new_due",
                        Text::id("validation-dossier-new_due_empty"),
                    ));
                }
                Command::Apologise {
                    reason: text(&self.reason),
                    new_due: parse_instant("new_due", &self.new_due)?,
                }
            }
            ActionKind::Stop => Command::Stop {
                reason: text(&self.reason),
            },
            ActionKind::Transfer => Command::Transfer {
                to_unit: UnitId::parse(&self.to_unit).map_err(|_| {
                    AppError::field("to_unit", Text::id("validation-dossier-to_unit"))
                })?,
                reason: text(&self.reason),
            },
            ActionKind::ReturnResult => Command::ReturnResult {
                note: text(&self.note),
                electronic_result: self.electronic_result,
            },
        })
    }

    /// The receiver of a hand-over, if one was named.
    pub fn receiver(&self) -> Result<Option<UserId>, AppError> {
        if self.receiver.trim().is_empty() {
            return Ok(None);
        }
        UserId::parse(&self.receiver)
            .map(Some)
            .map_err(|_| AppError::field("receiver", Text::id("validation-dossier-receiver")))
    }
}

/// One line of the checklist: seen on paper (`provided`) and/or a file.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentInput {
    /// Position in the procedure's list of required documents, from 0.
    pub position: u32,
    pub provided: bool,
    pub file_name: String,
    /// The file's bytes, base64; PDF, JPEG or PNG, checked by content.
    pub content_base64: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeInput {
    /// The receiving unit; an officer's own unit by default.
    pub unit_id: String,
    pub procedure_code: String,
    /// `desk` (default for officers), `online` (always for citizens) or `post`.
    pub channel: String,
    pub applicant: ApplicantForm,
    pub documents: Vec<DocumentInput>,
    pub return_place: String,
    /// Decision 766's facts, recorded by the officer who receives the dossier (a citizen's
    /// own claim of them is ignored, as is their ticking of paper): `portal` or `province`
    /// when the fee was paid online through that gateway, empty otherwise.
    pub paid_online: String,
    /// A component was replaced by data already digitised (an earlier result, a register).
    pub reused_data: bool,
    /// A component was taken from the applicant's data store on the national portal.
    pub from_portal_store: bool,
}

impl IntakeInput {
    /// A validated intake from the API or page input (files already decoded), with every
    /// problem in one answer: the officer fixes the applicant and the checklist together.
    pub async fn parse(
        self,
        state: &AppState,
        user: &CurrentUser,
        files: Vec<(u32, UploadedFile)>,
    ) -> Result<Intake, AppError> {
        parse_intake(state, user, self, files).await
    }
}

async fn parse_intake(
    state: &AppState,
    user: &CurrentUser,
    input: IntakeInput,
    files: Vec<(u32, UploadedFile)>,
) -> Result<Intake, AppError> {
    let a = &input.applicant;
    let mut fields: Vec<(&str, &str)> = vec![
        ("unit_id", &input.unit_id),
        ("procedure_code", &input.procedure_code),
        ("channel", &input.channel),
        ("return_place", &input.return_place),
        ("paid_online", &input.paid_online),
        ("kind", &a.kind),
        ("name", &a.name),
        ("citizen_id", &a.citizen_id),
        ("birth_year", &a.birth_year),
        ("tax_code", &a.tax_code),
        ("representative", &a.representative),
        ("phone", &a.phone),
        ("email", &a.email),
        ("address", &a.address),
    ];
    for d in &input.documents {
        fields.push(("file_name", &d.file_name));
    }
    AppError::check_lengths(&fields)?;
    let is_citizen = user.grants.iter().any(|g| g.role == Role::Citizen)
        && !authz::can_somewhere(user, Action::ReceiveDossier);
    let unit = if input.unit_id.trim().is_empty() {
        authz::scope_roots(user, Action::ReceiveDossier)
            .and_then(|r| r.first().copied())
            .ok_or_else(|| {
                AppError::field("unit_id", Text::id("validation-dossier-unit_missing"))
            })?
    } else {
        UnitId::parse(&input.unit_id)
            .map_err(|_| AppError::field("unit_id", Text::id("validation-dossier-unit_invalid")))?
    };
    // A citizen files online at any centre (Decree 118/2025); an officer receives for a unit
    // in their scope.
    let unit_path = if is_citizen {
        None
    } else {
        let target = authz::unit_target(state, Some(user), unit).await?;
        authz::decide(Some(user), Action::ReceiveDossier, &target)?;
        Some(target.unit_path)
    };
    let channel = if is_citizen {
        Channel::Online
    } else if input.channel.trim().is_empty() {
        Channel::Desk
    } else {
        Channel::parse(&input.channel)
            .ok_or_else(|| AppError::field("channel", Text::id("validation-dossier-channel")))?
    };
    let mut errors = Vec::new();
    let paid_online = match input.paid_online.trim() {
        _ if is_citizen => None,
        "" => None,
        g => {
            let parsed = Gateway::parse(g);
            if parsed.is_none() {
                errors.push(crate::error::FieldMessage {
                    field: "paid_online".into(),
                    message: Text::id("validation-dossier-paid_online"),
                });
            }
            parsed
        }
    };
    let applicant = match input
        .applicant
        .parse(motcua_domain::vn_date(state.app().now()))
    {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(AppError::from(e).field_messages());
            None
        }
    };
    let procedure = match ProcedureCode::parse(&input.procedure_code) {
        Ok(p) => Some(p),
        Err(_) => {
            errors.push(crate::error::FieldMessage {
                field: "procedure".into(),
                message: Text::id("validation-dossier-procedure"),
            });
            None
        }
    };
    let all_files: Vec<UploadedFile> = files.iter().map(|(_, f)| f.clone()).collect();
    if let Err(e) = uploads::accept_batch(&all_files, &UploadLimits::default()) {
        errors.extend(AppError::from(e).field_messages());
    }
    let mut documents: Vec<IntakeDocument> = input
        .documents
        .iter()
        .map(|d| IntakeDocument {
            position: d.position,
            // A citizen cannot vouch for paper the desk has not seen: online, only files count.
            provided: d.provided && !is_citizen,
            file: None,
        })
        .collect();
    for (position, file) in files {
        match documents.iter_mut().find(|d| d.position == position) {
            Some(d) => d.file = Some(file),
            None => documents.push(IntakeDocument {
                position,
                provided: false,
                file: Some(file),
            }),
        }
    }
    let submitted_at = state.app().now();
    let mut in_force = None;
    if let Some(code) = &procedure {
        let today = motcua_domain::vn_date(submitted_at);
        let found = state
            .cache()
            .in_force(state.db(), user.cache, code, today)
            .await;
        if let Ok(version) = found {
            if let Err(e) = check_documents(&version, &documents) {
                errors.extend(AppError::from(e).field_messages());
            }
            in_force = Some(version);
        }
    }
    let (Some(applicant), Some(procedure), true) = (applicant, procedure, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    Ok(Intake {
        unit,
        unit_path,
        procedure,
        in_force,
        channel,
        applicant: ApplicantRecord::new(&applicant, is_citizen.then_some(user.user_id)),
        documents,
        return_place: if input.return_place.trim().is_empty() {
            // Printed on the receipt and kept with the dossier: record content, in Vietnamese.
            "Bộ phận Một cửa".to_owned()
        } else {
            input.return_place.trim().to_owned()
        },
        submitted_at,
        digital: Digital {
            paid_online,
            reused_data: input.reused_data && !is_citizen,
            from_portal_store: input.from_portal_store && !is_citizen,
            ..Digital::default()
        },
    })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct QueueQuery {
    /// Status codes, comma-separated.
    pub status: Option<String>,
    pub procedure: Option<String>,
    /// Only open dossiers due within this many hours.
    pub due_within_hours: Option<u32>,
    /// Only open dossiers past their due date.
    pub late: Option<bool>,
    /// Only dossiers flagged by the late watch.
    pub flagged: Option<bool>,
    /// Only dossiers at steps of the caller's roles.
    pub mine: Option<bool>,
    /// Words of the code, applicant or procedure (diacritics optional); at most 200 characters and 12 words.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The filter a queue query stands for, scoped to the caller's units.
pub fn queue_filter(
    state: &AppState,
    user: &CurrentUser,
    q: &QueueQuery,
) -> Result<DossierFilter, AppError> {
    let mut f = DossierFilter {
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
        ..DossierFilter::default()
    };
    match authz::scope_roots(user, Action::ViewDossier) {
        None => {}
        Some(roots) if roots.is_empty() => f.applicant_user = Some(user.user_id),
        Some(roots) => f.units = roots,
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.trim().is_empty()) {
        for code in s.split(',') {
            f.statuses.push(Status::parse(code.trim()).ok_or_else(|| {
                AppError::field(
                    "status",
                    Text::with(
                        "validation-dossier-status",
                        vec![("shown", code.trim().into())],
                    ),
                )
            })?);
        }
    }
    f.procedure_code = q.procedure.clone().filter(|s| !s.trim().is_empty());
    let now = state.app().now();
    if let Some(h) = q.due_within_hours {
        f.due_before = Some(now + chrono::Duration::hours(i64::from(h.min(24 * 365))));
    }
    if q.late == Some(true) {
        f.late_at = Some(now);
    }
    f.flagged = q.flagged == Some(true);
    if q.mine == Some(true) {
        f.step_roles = user
            .grants
            .iter()
            .map(|g| g.role)
            .filter(|r| matches!(r, Role::DeskOfficer | Role::Specialist | Role::Head))
            .collect();
    }
    f.text = crate::search::search_text(q.q.as_deref())?;
    Ok(f)
}

/// A rating as submitted: one value per criterion code (`a`, `b`, `c`, `d`, `dd`, `e`, `g`,
/// `h`: `2` very satisfied, `1` satisfied, `0` dissatisfied, `na` where allowed), a comment,
/// and the last four digits of the applicant's ID number or tax code.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct RatingInput {
    #[serde(flatten)]
    pub answers: BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub verify: String,
}

/// A rating through the API: each criterion by its code (`2` very satisfied, `1` satisfied,
/// `0` dissatisfied, `na` where the criterion may not apply), a comment, and the last four
/// digits of the applicant's ID number or tax code. Unlike the page's form, the body is
/// closed: a criterion code that does not exist is refused, not ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RatingRequest {
    /// a) Time taken against the legal time limit.
    pub a: String,
    /// b) Number of bodies the applicant had to contact.
    pub b: String,
    /// c) Number of contacts needed to complete the dossier.
    pub c: String,
    /// d) Accuracy and completeness of the published information.
    pub d: String,
    /// đ) Staff attitude.
    pub dd: String,
    /// e) Lawful result and cost.
    pub e: String,
    /// g) Handling of feedback (`na` allowed).
    pub g: String,
    /// h) Online public service (`na` allowed).
    pub h: String,
    /// Free comment.
    pub comment: String,
    /// The last four digits of the applicant's ID number or tax code.
    pub verify: String,
}

impl From<RatingRequest> for RatingInput {
    fn from(r: RatingRequest) -> Self {
        let answers = [
            ("a", r.a),
            ("b", r.b),
            ("c", r.c),
            ("d", r.d),
            ("dd", r.dd),
            ("e", r.e),
            ("g", r.g),
            ("h", r.h),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        Self {
            answers,
            comment: r.comment,
            verify: r.verify,
        }
    }
}
