//! The dossier's state machine: which actions a dossier in a given state allows, and what each
//! one changes. Pure: the caller loads a [`Snapshot`], asks [`Snapshot::decide`], and stores the
//! [`Transition`] (with its hand-over record and notices) in one transaction, guarded by the
//! dossier's version so that of two officers acting at once exactly one wins.
//!
//! The flow follows Decree 61/2018 Art. 17–20 (carried over by Decree 118/2025): received →
//! the procedure's internal steps, one hand-over each → result ready at the desk → returned.
//! Branches: one supplement request (the clock restarts or pauses, per the counting rules in
//! force at receipt), refusal with a reason, one apology with a new due date (only before the
//! due date passes), stop at the applicant's request, transfer to another agency.

use crate::message::{MessageArg, Text};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::UnitId;
use crate::policy::Action;
use crate::role::Role;

/// Where a dossier stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received and at the first internal step (usually the desk's own check).
    Received,
    /// At one of the later internal steps.
    InProgress,
    /// Waiting for the applicant's supplement; the clock is stopped or will restart.
    AwaitingSupplement,
    /// The result is back at the desk, waiting for the applicant.
    ResultReady,
    /// Finished: the result was handed to the applicant.
    Returned,
    /// Finished: refused, with a reason (form 03).
    Refused,
    /// Finished: stopped or withdrawn at the applicant's request.
    Stopped,
}

impl Status {
    pub const ALL: [Self; 7] = [
        Self::Received,
        Self::InProgress,
        Self::AwaitingSupplement,
        Self::ResultReady,
        Self::Returned,
        Self::Refused,
        Self::Stopped,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in_progress",
            Self::AwaitingSupplement => "awaiting_supplement",
            Self::ResultReady => "result_ready",
            Self::Returned => "returned",
            Self::Refused => "refused",
            Self::Stopped => "stopped",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Received => "Đã tiếp nhận",
            Self::InProgress => "Đang giải quyết",
            Self::AwaitingSupplement => "Chờ bổ sung hồ sơ",
            Self::ResultReady => "Đã có kết quả, chờ trả",
            Self::Returned => "Đã trả kết quả",
            Self::Refused => "Từ chối giải quyết",
            Self::Stopped => "Dừng giải quyết / rút hồ sơ",
        }
    }

    /// No action changes a finished dossier (a rating is not a state change).
    #[must_use]
    pub const fn is_finished(self) -> bool {
        matches!(self, Self::Returned | Self::Refused | Self::Stopped)
    }

    /// Is the legal clock running in this state?
    #[must_use]
    pub const fn clock_runs(self) -> bool {
        matches!(self, Self::Received | Self::InProgress)
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// How a dossier reached the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Desk,
    Online,
    Post,
}

impl Channel {
    pub const ALL: [Self; 3] = [Self::Desk, Self::Online, Self::Post];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Desk => "desk",
            Self::Online => "online",
            Self::Post => "post",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Desk => "Trực tiếp",
            Self::Online => "Trực tuyến",
            Self::Post => "Bưu chính",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// Early, on time or late: the outcome of a step, or of the whole dossier (control sheet
/// columns "Trước hạn / Đúng hạn / Quá hạn").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    pub const ALL: [Self; 3] = [Self::Early, Self::OnTime, Self::Late];

    /// Late after the due moment; on time on the due date itself (in Vietnam's time zone);
    /// early on any earlier day. A day is the smallest unit a citizen is promised, so finishing
    /// an hour before a 17:00 deadline is "on time", not "early".
    #[must_use]
    pub fn of(done: DateTime<Utc>, due: DateTime<Utc>) -> Self {
        if done > due {
            Self::Late
        } else if crate::vn_date(done) == crate::vn_date(due) {
            Self::OnTime
        } else {
            Self::Early
        }
    }

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Early => "early",
            Self::OnTime => "on_time",
            Self::Late => "late",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Early => "Trước hạn",
            Self::OnTime => "Đúng hạn",
            Self::Late => "Quá hạn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Early, Self::OnTime, Self::Late]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// The kinds of action, without their details: what "allowed actions" lists name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    HandOver,
    RequestSupplement,
    Resubmit,
    Refuse,
    Apologise,
    Stop,
    Transfer,
    ReturnResult,
}

impl ActionKind {
    pub const ALL: [Self; 8] = [
        Self::HandOver,
        Self::RequestSupplement,
        Self::Resubmit,
        Self::Refuse,
        Self::Apologise,
        Self::Stop,
        Self::Transfer,
        Self::ReturnResult,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::HandOver => "hand_over",
            Self::RequestSupplement => "request_supplement",
            Self::Resubmit => "resubmit",
            Self::Refuse => "refuse",
            Self::Apologise => "apologise",
            Self::Stop => "stop",
            Self::Transfer => "transfer",
            Self::ReturnResult => "return_result",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::HandOver => "Chuyển bước tiếp theo",
            Self::RequestSupplement => "Yêu cầu bổ sung hồ sơ",
            Self::Resubmit => "Nhận hồ sơ bổ sung",
            Self::Refuse => "Từ chối giải quyết",
            Self::Apologise => "Xin lỗi và hẹn lại ngày trả",
            Self::Stop => "Dừng giải quyết / rút hồ sơ",
            Self::Transfer => "Chuyển cơ quan khác (liên thông)",
            Self::ReturnResult => "Trả kết quả",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    /// The permission an officer needs for this action on a dossier at `step_role`'s step.
    /// A hand-over is the step's own work, so it needs the permission of the step's role; the
    /// desk receives, returns and records stops and supplements; refusals, apologies and
    /// transfers are decisions of the deciding agency's head.
    #[must_use]
    pub const fn permission(self, step_role: Option<Role>) -> Action {
        match self {
            Self::HandOver => match step_role {
                Some(Role::DeskOfficer) | None => Action::ReceiveDossier,
                Some(Role::Head) => Action::DecideDossier,
                Some(_) => Action::ProcessDossier,
            },
            Self::RequestSupplement => match step_role {
                Some(Role::DeskOfficer) => Action::ReceiveDossier,
                _ => Action::ProcessDossier,
            },
            Self::Resubmit | Self::Stop | Self::ReturnResult => Action::ReceiveDossier,
            Self::Refuse | Self::Apologise | Self::Transfer => Action::DecideDossier,
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// One item of a supplement request (form 02).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementItem {
    pub document: String,
    pub reason: String,
}

/// An action with its details, as validated input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// Finish the current step and pass the dossier on.
    HandOver {
        note: String,
    },
    RequestSupplement {
        items: Vec<SupplementItem>,
        /// The officer's guidance to the applicant (how and where to bring the documents).
        #[serde(default)]
        note: String,
    },
    /// The applicant brought the missing documents.
    Resubmit {
        note: String,
    },
    Refuse {
        reason: String,
    },
    Apologise {
        reason: String,
        new_due: DateTime<Utc>,
    },
    Stop {
        reason: String,
    },
    Transfer {
        to_unit: UnitId,
        reason: String,
    },
    ReturnResult {
        note: String,
        /// The result was issued as an electronic file too (Decision 766, 4.1).
        #[serde(default)]
        electronic_result: bool,
    },
}

impl Command {
    #[must_use]
    pub const fn kind(&self) -> ActionKind {
        match self {
            Self::HandOver { .. } => ActionKind::HandOver,
            Self::RequestSupplement { .. } => ActionKind::RequestSupplement,
            Self::Resubmit { .. } => ActionKind::Resubmit,
            Self::Refuse { .. } => ActionKind::Refuse,
            Self::Apologise { .. } => ActionKind::Apologise,
            Self::Stop { .. } => ActionKind::Stop,
            Self::Transfer { .. } => ActionKind::Transfer,
            Self::ReturnResult { .. } => ActionKind::ReturnResult,
        }
    }
}

/// What the rules need to know about a dossier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub status: Status,
    /// Index of the current internal step while `Received` or `InProgress`.
    pub step: Option<u16>,
    pub step_count: u16,
    pub due_at: DateTime<Utc>,
    pub supplement_requested: bool,
    pub apologised: bool,
}

/// What the clock does as a result of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockChange {
    /// Stop counting (supplement requested).
    Stop,
    /// Count again (supplement received): the caller recomputes the due date under the
    /// counting rules (restart from zero or resume where it paused).
    Start,
    /// The due date is replaced (apology).
    NewDue(DateTime<Utc>),
}

/// The result of a permitted action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub status: Status,
    pub step: Option<u16>,
    /// The step that this action finished (a hand-over), for the control sheet.
    pub finished_step: Option<u16>,
    pub clock: Option<ClockChange>,
    pub supplement_requested: bool,
    pub apologised: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("Hồ sơ đã kết thúc ({status}); không thể thực hiện thêm thao tác.")]
    Finished { status: Status },
    #[error("Không thể «{action}» khi hồ sơ đang ở trạng thái «{status}». {}", allowed_text(.allowed))]
    NotAllowed {
        action: ActionKind,
        status: Status,
        allowed: Vec<ActionKind>,
    },
    #[error(
        "Hồ sơ đã được yêu cầu bổ sung một lần; theo quy định chỉ yêu cầu bổ sung một lần, đầy đủ."
    )]
    SecondSupplement,
    #[error("Hồ sơ đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai.")]
    SecondApology,
    #[error("Đã quá hạn trả kết quả; phiếu xin lỗi và hẹn lại phải lập trước ngày hẹn trả.")]
    ApologyTooLate,
    #[error("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")]
    NewDueNotLater,
    /// The new due date falls on a day off or outside office hours: the citizen would come to
    /// a closed office.
    #[error("Ngày hẹn trả mới phải là thời điểm làm việc của cơ quan: {reason}.")]
    NewDueNotWorking { reason: Text },
    /// Beyond one more full time limit of the procedure after the current due date.
    #[error(
        "Ngày hẹn trả mới không được muộn hơn {latest} (hạn hiện tại cộng thêm một lần thời hạn giải quyết của thủ tục)."
    )]
    NewDueTooFar { latest: String },
    #[error("Cần ghi rõ {0}.")]
    Missing(crate::message::Missing),
}

impl LifecycleError {
    /// A stable code for the JSON API.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Finished { .. } => "dossier_finished",
            Self::NotAllowed { .. } => "action_not_allowed",
            Self::SecondSupplement => "second_supplement",
            Self::SecondApology => "second_apology",
            Self::ApologyTooLate => "apology_too_late",
            Self::NewDueNotLater => "new_due_not_later",
            Self::NewDueNotWorking { .. } => "new_due_not_working_time",
            Self::NewDueTooFar { .. } => "new_due_too_far",
            Self::Missing(_) => "missing_field",
        }
    }
}

impl crate::message::Message for LifecycleError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Finished { .. } => "dossier-error-dossier_finished",
            Self::NotAllowed { .. } => "dossier-error-action_not_allowed",
            Self::SecondSupplement => "dossier-error-second_supplement",
            Self::SecondApology => "dossier-error-second_apology",
            Self::ApologyTooLate => "dossier-error-apology_too_late",
            Self::NewDueNotLater => "dossier-error-new_due_not_later",
            Self::NewDueNotWorking { .. } => "dossier-error-new_due_not_working_time",
            Self::NewDueTooFar { .. } => "dossier-error-new_due_too_far",
            Self::Missing(_) => "dossier-error-missing_field",
        }
    }

    fn args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            Self::Finished { status } => vec![("status", status_arg(*status))],
            Self::NotAllowed {
                action,
                status,
                allowed,
            } => vec![
                ("action", MessageArg::Label("dossier-action", action.code())),
                ("status", status_arg(*status)),
                ("count", MessageArg::Number(allowed.len() as i64)),
                (
                    "allowed",
                    MessageArg::Labels(
                        allowed
                            .iter()
                            .map(|a| ("dossier-action", a.code()))
                            .collect(),
                    ),
                ),
            ],
            Self::NewDueNotWorking { reason } => vec![("reason", reason.clone().into())],
            Self::NewDueTooFar { latest } => vec![("latest", MessageArg::Text(latest.clone()))],
            Self::Missing(what) => vec![("what", MessageArg::Label("missing", what.code()))],
            Self::SecondSupplement
            | Self::SecondApology
            | Self::ApologyTooLate
            | Self::NewDueNotLater => Vec::new(),
        }
    }
}

fn status_arg(s: Status) -> MessageArg {
    MessageArg::Label("dossier-status", s.code())
}

fn allowed_text(allowed: &[ActionKind]) -> String {
    if allowed.is_empty() {
        return "Không có thao tác nào được phép.".to_string();
    }
    let names: Vec<&str> = allowed.iter().map(|a| a.label_vi()).collect();
    format!("Các thao tác được phép: {}.", names.join(", "))
}

impl Snapshot {
    /// The actions this dossier allows now, in a stable order (the order of the buttons).
    #[must_use]
    pub fn allowed(&self, now: DateTime<Utc>) -> Vec<ActionKind> {
        use ActionKind as K;
        use Status as S;
        let mut out = Vec::new();
        match self.status {
            S::Received | S::InProgress => {
                out.push(K::HandOver);
                if !self.supplement_requested {
                    out.push(K::RequestSupplement);
                }
                out.push(K::Refuse);
                if !self.apologised && now < self.due_at {
                    out.push(K::Apologise);
                }
                out.push(K::Stop);
                out.push(K::Transfer);
            }
            S::AwaitingSupplement => {
                out.extend([K::Resubmit, K::Refuse, K::Stop]);
            }
            S::ResultReady => {
                if !self.apologised && now < self.due_at {
                    out.push(K::Apologise);
                }
                out.push(K::ReturnResult);
            }
            S::Returned | S::Refused | S::Stopped => {}
        }
        out
    }

    /// Decides `cmd` at `now`. Errors say why, and list what is allowed instead.
    pub fn decide(&self, cmd: &Command, now: DateTime<Utc>) -> Result<Transition, LifecycleError> {
        if self.status.is_finished() {
            return Err(LifecycleError::Finished {
                status: self.status,
            });
        }
        let kind = cmd.kind();
        // The once-only rules get their own message: "not allowed" would hide the reason.
        match cmd {
            Command::RequestSupplement { .. } if self.supplement_requested => {
                return Err(LifecycleError::SecondSupplement);
            }
            Command::Apologise { .. } if self.apologised => {
                return Err(LifecycleError::SecondApology);
            }
            Command::Apologise { .. }
                if now >= self.due_at && self.status != Status::AwaitingSupplement =>
            {
                return Err(LifecycleError::ApologyTooLate);
            }
            _ => {}
        }
        let allowed = self.allowed(now);
        if !allowed.contains(&kind) {
            return Err(LifecycleError::NotAllowed {
                action: kind,
                status: self.status,
                allowed,
            });
        }
        let mut t = Transition {
            status: self.status,
            step: self.step,
            finished_step: None,
            clock: None,
            supplement_requested: self.supplement_requested,
            apologised: self.apologised,
        };
        match cmd {
            Command::HandOver { .. } => {
                let current = self.step.unwrap_or(0);
                t.finished_step = Some(current);
                let next = current + 1;
                if next < self.step_count {
                    t.status = Status::InProgress;
                    t.step = Some(next);
                } else {
                    t.status = Status::ResultReady;
                    t.step = None;
                }
            }
            Command::RequestSupplement { items, .. } => {
                if items.is_empty() || items.iter().any(|i| i.document.trim().is_empty()) {
                    return Err(LifecycleError::Missing(
                        crate::message::Missing::SupplementItems,
                    ));
                }
                if items.iter().any(|i| i.reason.trim().is_empty()) {
                    return Err(LifecycleError::Missing(
                        crate::message::Missing::SupplementReasons,
                    ));
                }
                t.status = Status::AwaitingSupplement;
                t.supplement_requested = true;
                t.clock = Some(ClockChange::Stop);
            }
            Command::Resubmit { .. } => {
                // The dossier goes back to the step that asked for the supplement.
                t.status = if self.step.unwrap_or(0) == 0 {
                    Status::Received
                } else {
                    Status::InProgress
                };
                t.clock = Some(ClockChange::Start);
            }
            Command::Refuse { reason } => {
                require(reason, crate::message::Missing::RefusalReason)?;
                t.status = Status::Refused;
                t.step = None;
            }
            Command::Apologise { reason, new_due } => {
                require(reason, crate::message::Missing::DelayReason)?;
                if *new_due <= self.due_at {
                    return Err(LifecycleError::NewDueNotLater);
                }
                t.apologised = true;
                t.clock = Some(ClockChange::NewDue(*new_due));
            }
            Command::Stop { reason } => {
                require(reason, crate::message::Missing::StopReason)?;
                t.status = Status::Stopped;
                t.step = None;
            }
            Command::Transfer { reason, .. } => {
                require(reason, crate::message::Missing::TransferReason)?;
                // The receiving agency continues the same step; the dossier's handling unit
                // changes and the hand-over is recorded on the control sheet.
                t.finished_step = self.step;
            }
            Command::ReturnResult { .. } => {
                t.status = Status::Returned;
            }
        }
        Ok(t)
    }
}

fn require(text: &str, what: crate::message::Missing) -> Result<(), LifecycleError> {
    if text.trim().is_empty() {
        Err(LifecycleError::Missing(what))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        // Hours in Vietnam's time, UTC+7.
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap() - chrono::Duration::hours(7)
    }

    fn fresh() -> Snapshot {
        Snapshot {
            status: Status::Received,
            step: Some(0),
            step_count: 3,
            due_at: at(10, 17),
            supplement_requested: false,
            apologised: false,
        }
    }

    fn apply(s: &Snapshot, t: &Transition) -> Snapshot {
        Snapshot {
            status: t.status,
            step: t.step,
            step_count: s.step_count,
            due_at: match t.clock {
                Some(ClockChange::NewDue(d)) => d,
                _ => s.due_at,
            },
            supplement_requested: t.supplement_requested,
            apologised: t.apologised,
        }
    }

    fn hand_over() -> Command {
        Command::HandOver {
            note: String::new(),
        }
    }

    #[test]
    fn hand_overs_walk_the_steps_then_the_result_is_returned() {
        let now = at(3, 9);
        let mut s = fresh();
        for expected_step in [1, 2] {
            let t = s.decide(&hand_over(), now).unwrap();
            assert_eq!(t.status, Status::InProgress);
            assert_eq!(t.step, Some(expected_step));
            assert_eq!(t.finished_step, Some(expected_step - 1));
            s = apply(&s, &t);
        }
        let t = s.decide(&hand_over(), now).unwrap();
        assert_eq!(t.status, Status::ResultReady);
        assert_eq!(t.finished_step, Some(2));
        s = apply(&s, &t);
        assert_eq!(
            s.allowed(now),
            vec![ActionKind::Apologise, ActionKind::ReturnResult]
        );
        let t = s
            .decide(
                &Command::ReturnResult {
                    note: String::new(),
                    electronic_result: false,
                },
                now,
            )
            .unwrap();
        assert_eq!(t.status, Status::Returned);
        s = apply(&s, &t);
        assert!(s.allowed(now).is_empty());
        let err = s.decide(&hand_over(), now).unwrap_err();
        assert_eq!(err.code(), "dossier_finished");
    }

    #[test]
    fn a_one_step_procedure_goes_straight_to_result_ready() {
        let s = Snapshot {
            step_count: 1,
            ..fresh()
        };
        let t = s.decide(&hand_over(), at(3, 9)).unwrap();
        assert_eq!(t.status, Status::ResultReady);
    }

    #[test]
    fn supplement_once_stops_the_clock_and_resubmission_restarts_it() {
        let now = at(3, 9);
        let s = Snapshot {
            status: Status::InProgress,
            step: Some(1),
            ..fresh()
        };
        let items = vec![SupplementItem {
            document: "Giấy chứng sinh".into(),
            reason: "bản chụp mờ".into(),
        }];
        let t = s
            .decide(
                &Command::RequestSupplement {
                    items: items.clone(),
                    note: String::new(),
                },
                now,
            )
            .unwrap();
        assert_eq!(t.status, Status::AwaitingSupplement);
        assert_eq!(t.clock, Some(ClockChange::Stop));
        let s = apply(&s, &t);
        assert_eq!(
            s.allowed(now),
            vec![ActionKind::Resubmit, ActionKind::Refuse, ActionKind::Stop]
        );
        let t = s
            .decide(
                &Command::Resubmit {
                    note: String::new(),
                },
                now,
            )
            .unwrap();
        assert_eq!(t.status, Status::InProgress, "back to the step that asked");
        assert_eq!(t.step, Some(1));
        assert_eq!(t.clock, Some(ClockChange::Start));
        let s = apply(&s, &t);
        let err = s
            .decide(
                &Command::RequestSupplement {
                    items,
                    note: String::new(),
                },
                now,
            )
            .unwrap_err();
        assert_eq!(err, LifecycleError::SecondSupplement);
        assert!(!s.allowed(now).contains(&ActionKind::RequestSupplement));
    }

    #[test]
    fn supplement_needs_items_with_reasons() {
        let s = fresh();
        let empty = s
            .decide(
                &Command::RequestSupplement {
                    items: vec![],
                    note: String::new(),
                },
                at(3, 9),
            )
            .unwrap_err();
        assert_eq!(empty.code(), "missing_field");
        let no_reason = s
            .decide(
                &Command::RequestSupplement {
                    items: vec![SupplementItem {
                        document: "Tờ khai".into(),
                        reason: " ".into(),
                    }],
                    note: String::new(),
                },
                at(3, 9),
            )
            .unwrap_err();
        assert_eq!(no_reason.code(), "missing_field");
    }

    #[test]
    fn apology_once_and_only_before_the_due_date() {
        let s = fresh();
        let cmd = |d| Command::Apologise {
            reason: "chờ xác minh của cơ quan khác".into(),
            new_due: at(d, 17),
        };
        // After the due moment: too late.
        let late = s.decide(&cmd(20), at(10, 18)).unwrap_err();
        assert_eq!(late, LifecycleError::ApologyTooLate);
        assert!(!s.allowed(at(10, 18)).contains(&ActionKind::Apologise));
        // The new date must be later than the old one.
        assert_eq!(
            s.decide(&cmd(9), at(5, 9)).unwrap_err(),
            LifecycleError::NewDueNotLater
        );
        let t = s.decide(&cmd(20), at(5, 9)).unwrap();
        assert_eq!(t.clock, Some(ClockChange::NewDue(at(20, 17))));
        assert_eq!(
            t.status,
            Status::Received,
            "an apology does not move the dossier"
        );
        let s = apply(&s, &t);
        assert_eq!(s.due_at, at(20, 17));
        assert_eq!(
            s.decide(&cmd(25), at(6, 9)).unwrap_err(),
            LifecycleError::SecondApology
        );
    }

    #[test]
    fn reasons_are_required_for_refusal_stop_transfer_and_apology() {
        let s = fresh();
        let now = at(3, 9);
        for cmd in [
            Command::Refuse { reason: " ".into() },
            Command::Stop {
                reason: String::new(),
            },
            Command::Transfer {
                to_unit: UnitId::new(),
                reason: String::new(),
            },
            Command::Apologise {
                reason: String::new(),
                new_due: at(20, 17),
            },
        ] {
            assert_eq!(s.decide(&cmd, now).unwrap_err().code(), "missing_field");
        }
    }

    #[test]
    fn refusal_and_stop_finish_the_dossier() {
        let now = at(3, 9);
        for (cmd, status) in [
            (
                Command::Refuse {
                    reason: "không thuộc thẩm quyền".into(),
                },
                Status::Refused,
            ),
            (
                Command::Stop {
                    reason: "người nộp rút hồ sơ".into(),
                },
                Status::Stopped,
            ),
        ] {
            let t = fresh().decide(&cmd, now).unwrap();
            assert_eq!(t.status, status);
            assert!(t.status.is_finished());
        }
    }

    #[test]
    fn not_allowed_lists_the_allowed_actions() {
        let s = fresh();
        let err = s
            .decide(
                &Command::ReturnResult {
                    note: String::new(),
                    electronic_result: false,
                },
                at(3, 9),
            )
            .unwrap_err();
        let LifecycleError::NotAllowed { allowed, .. } = &err else {
            panic!("{err:?}");
        };
        assert!(allowed.contains(&ActionKind::HandOver));
        assert!(!allowed.contains(&ActionKind::ReturnResult));
        let text = err.to_string();
        assert!(text.contains("Các thao tác được phép"), "{text}");
        assert!(text.contains("Chuyển bước tiếp theo"), "{text}");
    }

    #[test]
    fn transfer_keeps_the_step_and_records_a_hand_over() {
        let s = Snapshot {
            status: Status::InProgress,
            step: Some(1),
            ..fresh()
        };
        let t = s
            .decide(
                &Command::Transfer {
                    to_unit: UnitId::new(),
                    reason: "liên thông với cơ quan thuế".into(),
                },
                at(3, 9),
            )
            .unwrap();
        assert_eq!(
            (t.status, t.step, t.finished_step),
            (Status::InProgress, Some(1), Some(1))
        );
    }

    #[test]
    fn timeliness_is_counted_in_days_in_vietnam() {
        let due = at(10, 17);
        assert_eq!(Timeliness::of(at(10, 16), due), Timeliness::OnTime);
        assert_eq!(Timeliness::of(at(10, 17), due), Timeliness::OnTime);
        assert_eq!(Timeliness::of(at(10, 18), due), Timeliness::Late);
        assert_eq!(Timeliness::of(at(9, 17), due), Timeliness::Early);
        // 06:00 in Vietnam on the 10th is 23:00 UTC on the 9th: still the due day.
        assert_eq!(Timeliness::of(at(10, 6), due), Timeliness::OnTime);
    }

    #[test]
    fn every_code_parses_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.code()), Some(k));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(c));
        }
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn permissions_follow_the_step_role() {
        assert_eq!(
            ActionKind::HandOver.permission(Some(Role::Specialist)),
            Action::ProcessDossier
        );
        assert_eq!(
            ActionKind::HandOver.permission(Some(Role::Head)),
            Action::DecideDossier
        );
        assert_eq!(
            ActionKind::HandOver.permission(Some(Role::DeskOfficer)),
            Action::ReceiveDossier
        );
        assert_eq!(
            ActionKind::Apologise.permission(None),
            Action::DecideDossier
        );
        assert_eq!(
            ActionKind::ReturnResult.permission(None),
            Action::ReceiveDossier
        );
    }
}
