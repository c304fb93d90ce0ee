//! Parsing what officers type (in pages or the API) into the domain's commands, and the access
//! check every dossier handler shares.

use chrono::{DateTime, NaiveDateTime, Utc};
use motcua_domain::dossier::lifecycle::{ActionKind, Command, SupplementItem};
use motcua_domain::from_vn_local;
use motcua_domain::ids::{DossierId, UnitId, UserId};
use motcua_domain::policy::{Action, Target};
use motcua_store::dossiers::{self, DossierRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
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
    Err(AppError::field(
        field,
        "Thời điểm không hợp lệ; nhập ngày và giờ, ví dụ 2026-03-10T17:00.",
    ))
}

impl ActionInput {
    /// The action's kind, or a message listing the known ones.
    pub fn kind(&self) -> Result<ActionKind, AppError> {
        ActionKind::parse(&self.action).ok_or_else(|| {
            let known: Vec<&str> = ActionKind::ALL.iter().map(|k| k.code()).collect();
            AppError::field(
                "action",
                format!("Thao tác không hợp lệ; các thao tác: {}.", known.join(", ")),
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
                Command::RequestSupplement { items }
            }
            ActionKind::Resubmit => Command::Resubmit {
                note: text(&self.note),
            },
            ActionKind::Refuse => Command::Refuse {
                reason: text(&self.reason),
            },
            ActionKind::Apologise => {
                if self.new_due.trim().is_empty() {
                    return Err(AppError::field("new_due", "Cần nhập ngày hẹn trả mới."));
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
                    AppError::field("to_unit", "Chọn cơ quan nhận hồ sơ chuyển đến.")
                })?,
                reason: text(&self.reason),
            },
            ActionKind::ReturnResult => Command::ReturnResult {
                note: text(&self.note),
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
            .map_err(|_| AppError::field("receiver", "Người nhận không hợp lệ."))
    }
}

/// The authorization target of a dossier: its handling unit's path, owned by the applicant.
pub async fn target(
    state: &AppState,
    user: Option<&CurrentUser>,
    d: &DossierRecord,
) -> Result<Target, AppError> {
    let seen = user.and_then(|u| u.cache);
    let path = state
        .cache()
        .ancestry(state.db(), seen, d.handling_unit)
        .await?;
    Ok(target_on(d, path))
}

/// [`target`] with the handling unit's ancestry (`path`, the unit first) already at hand.
#[must_use]
pub fn target_on(d: &DossierRecord, path: Vec<UnitId>) -> Target {
    match d.applicant.user_id {
        Some(owner) => Target::owned_by(owner, path),
        None => Target::in_unit(path),
    }
}

/// Loads a dossier the person may `action` on; 404 if they may not know it exists.
pub async fn load_for(
    state: &AppState,
    user: Option<&CurrentUser>,
    id: DossierId,
    action: Action,
) -> Result<DossierRecord, AppError> {
    let d = dossiers::get(state.db(), id).await?;
    authz::decide(user, action, &target(state, user, &d).await?)?;
    Ok(d)
}

/// The permission an action needs on this dossier (it depends on the current step's role).
#[must_use]
pub fn permission(d: &DossierRecord, kind: ActionKind) -> Action {
    kind.permission(d.step_role)
}

/// The actions of `allowed` this person may take on `d`: the buttons to show.
pub async fn actions_for(
    state: &AppState,
    user: &CurrentUser,
    d: &DossierRecord,
    now: DateTime<Utc>,
) -> Result<Vec<ActionKind>, AppError> {
    let t = target(state, Some(user), d).await?;
    Ok(actions_on(user, d, &t, now))
}

/// [`actions_for`] with the dossier's authorization target already at hand.
#[must_use]
pub fn actions_on(
    user: &CurrentUser,
    d: &DossierRecord,
    target: &Target,
    now: DateTime<Utc>,
) -> Vec<ActionKind> {
    super::service::snapshot(d)
        .allowed(now)
        .into_iter()
        .filter(|k| authz::decide(Some(user), permission(d, *k), target).is_ok())
        .collect()
}
