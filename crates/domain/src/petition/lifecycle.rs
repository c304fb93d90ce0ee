//! The petition's state machine: which actions a petition in a given state allows, and what
//! each one changes. Pure, like the dossier's: the caller loads a [`Snapshot`], asks
//! [`Snapshot::decide`] with the rule set in force for the petition, and stores the
//! [`Transition`] in one transaction.
//!
//! The flow follows the Law on Complaints 2011, the Law on Denunciations 2018 and Circular
//! 07/2014/TT-TTCP: registered → classified (eligible or not) → accepted (thụ lý) ⇄ suspended →
//! decided. Classification also leads to the outcomes that close a petition without resolving
//! it: forwarded, guided, filed, kept for inspection (an anonymous denunciation), not accepted.
//! A withdrawal ends the case, except for a denunciation with signs of a violation (Decree
//! 156/2026 Art. 4) and for a group where only some withdraw.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::deadlines::{Complexity, Extension, check_extension};
use super::eligibility::{Ineligibility, check_forward, check_reasons};
use super::error::PetitionError;
use super::kind::PetitionKind;
use super::rules::PetitionRuleSet;

/// Where a petition stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Entered in the register, not yet classified.
    Registered,
    /// Classified: meets the conditions for handling.
    Eligible,
    /// Classified: fails one or more conditions (the reasons are kept).
    NotEligible,
    /// Accepted (thụ lý) and being resolved; the resolution clock runs.
    Accepted,
    /// Suspended (tạm đình chỉ); the clock is stopped until the decision to continue.
    Suspended,
    /// Finished: decided or concluded.
    Decided,
    /// Finished: forwarded to the competent agency.
    Forwarded,
    /// Finished: the citizen was told where to go.
    Guided,
    /// Finished: filed away.
    Filed,
    /// Finished: an anonymous denunciation kept for inspection or checking.
    KeptForInspection,
    /// Finished: not accepted, with a reason.
    NotAccepted,
    /// Finished: withdrawn by the citizen.
    Withdrawn,
}

impl Status {
    pub const ALL: [Self; 12] = [
        Self::Registered,
        Self::Eligible,
        Self::NotEligible,
        Self::Accepted,
        Self::Suspended,
        Self::Decided,
        Self::Forwarded,
        Self::Guided,
        Self::Filed,
        Self::KeptForInspection,
        Self::NotAccepted,
        Self::Withdrawn,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Eligible => "eligible",
            Self::NotEligible => "not_eligible",
            Self::Accepted => "accepted",
            Self::Suspended => "suspended",
            Self::Decided => "decided",
            Self::Forwarded => "forwarded",
            Self::Guided => "guided",
            Self::Filed => "filed",
            Self::KeptForInspection => "kept_for_inspection",
            Self::NotAccepted => "not_accepted",
            Self::Withdrawn => "withdrawn",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Registered => "Đã vào sổ, chờ phân loại",
            Self::Eligible => "Đủ điều kiện xử lý",
            Self::NotEligible => "Không đủ điều kiện xử lý",
            Self::Accepted => "Đã thụ lý, đang giải quyết",
            Self::Suspended => "Tạm đình chỉ giải quyết",
            Self::Decided => "Đã giải quyết",
            Self::Forwarded => "Đã chuyển đơn",
            Self::Guided => "Đã hướng dẫn",
            Self::Filed => "Lưu đơn",
            Self::KeptForInspection => "Lưu phục vụ thanh tra, kiểm tra",
            Self::NotAccepted => "Không thụ lý",
            Self::Withdrawn => "Đã rút đơn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    #[must_use]
    pub const fn is_finished(self) -> bool {
        matches!(
            self,
            Self::Decided
                | Self::Forwarded
                | Self::Guided
                | Self::Filed
                | Self::KeptForInspection
                | Self::NotAccepted
                | Self::Withdrawn
        )
    }

    /// Is the resolution clock running in this state?
    #[must_use]
    pub const fn clock_runs(self) -> bool {
        matches!(self, Self::Accepted)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// The kinds of action, without their details: what "allowed actions" lists name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Classify,
    Accept,
    NotAccept,
    Forward,
    Guide,
    File,
    KeepForInspection,
    Extend,
    Suspend,
    Resume,
    Decide,
    Withdraw,
}

impl ActionKind {
    pub const ALL: [Self; 12] = [
        Self::Classify,
        Self::Accept,
        Self::NotAccept,
        Self::Forward,
        Self::Guide,
        Self::File,
        Self::KeepForInspection,
        Self::Extend,
        Self::Suspend,
        Self::Resume,
        Self::Decide,
        Self::Withdraw,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Classify => "classify",
            Self::Accept => "accept",
            Self::NotAccept => "not_accept",
            Self::Forward => "forward",
            Self::Guide => "guide",
            Self::File => "file",
            Self::KeepForInspection => "keep_for_inspection",
            Self::Extend => "extend",
            Self::Suspend => "suspend",
            Self::Resume => "resume",
            Self::Decide => "decide",
            Self::Withdraw => "withdraw",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Classify => "Phân loại đơn",
            Self::Accept => "Thụ lý",
            Self::NotAccept => "Không thụ lý",
            Self::Forward => "Chuyển đơn",
            Self::Guide => "Hướng dẫn",
            Self::File => "Lưu đơn",
            Self::KeepForInspection => "Lưu phục vụ thanh tra, kiểm tra",
            Self::Extend => "Gia hạn giải quyết",
            Self::Suspend => "Tạm đình chỉ",
            Self::Resume => "Tiếp tục giải quyết",
            Self::Decide => "Ban hành quyết định, kết luận",
            Self::Withdraw => "Rút đơn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// An action with its details, as validated input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// Sets the kind and the reasons against handling (none: eligible).
    Classify {
        kind: PetitionKind,
        reasons: Vec<Ineligibility>,
    },
    Accept {
        complexity: Complexity,
        /// The handling unit is in a remote, hard-to-reach area.
        remote: bool,
        /// Why the case is complex; required unless it is normal (kept in the file).
        complexity_reason: String,
    },
    NotAccept {
        reason: Ineligibility,
        note: String,
    },
    Forward {
        agency: String,
        note: String,
    },
    Guide {
        guidance: String,
    },
    File {
        note: String,
    },
    KeepForInspection {
        note: String,
    },
    Extend {
        days: u32,
        reason: String,
    },
    Suspend {
        reason: String,
    },
    Resume {
        note: String,
    },
    Decide {
        summary: String,
    },
    Withdraw {
        note: String,
        /// A denunciation goes on despite the withdrawal: signs of a violation, a coerced or
        /// bought withdrawal, or a denunciation used to slander (Decree 156/2026 Art. 4).
        signs_of_violation: bool,
        /// Only some of several signatories withdraw; the case goes on for the others.
        partial: bool,
    },
}

impl Command {
    #[must_use]
    pub const fn kind(&self) -> ActionKind {
        match self {
            Self::Classify { .. } => ActionKind::Classify,
            Self::Accept { .. } => ActionKind::Accept,
            Self::NotAccept { .. } => ActionKind::NotAccept,
            Self::Forward { .. } => ActionKind::Forward,
            Self::Guide { .. } => ActionKind::Guide,
            Self::File { .. } => ActionKind::File,
            Self::KeepForInspection { .. } => ActionKind::KeepForInspection,
            Self::Extend { .. } => ActionKind::Extend,
            Self::Suspend { .. } => ActionKind::Suspend,
            Self::Resume { .. } => ActionKind::Resume,
            Self::Decide { .. } => ActionKind::Decide,
            Self::Withdraw { .. } => ActionKind::Withdraw,
        }
    }
}

/// What the rules need to know about a petition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub status: Status,
    pub kind: PetitionKind,
    /// Reasons against handling found at classification.
    pub reasons: Vec<Ineligibility>,
    pub complexity: Complexity,
    pub remote: bool,
    pub extensions: Vec<Extension>,
    /// A petition with the same content (a linked duplicate) was already forwarded.
    pub same_content_forwarded: bool,
    /// A withdrawal was recorded but the case goes on.
    pub withdrawal_recorded: bool,
}

/// What the resolution clock does as a result of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", content = "days", rename_all = "snake_case")]
pub enum ClockChange {
    /// Accepted: the resolution clock starts now.
    Start,
    /// Suspended: record the start of a suspension.
    Pause,
    /// Continued: close the open suspension now.
    Resume,
    /// Extended by this many days.
    Extend(u32),
}

/// What a withdrawal did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalEffect {
    Ended,
    ContinuesForViolation,
    ContinuesForOthers,
}

/// The result of a permitted action: the petition as it is now, and what happens to its clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub snapshot: Snapshot,
    pub clock: Option<ClockChange>,
    pub withdrawal: Option<WithdrawalEffect>,
}

impl Snapshot {
    /// A petition just entered in the register.
    #[must_use]
    pub fn registered(kind: PetitionKind) -> Self {
        Self {
            status: Status::Registered,
            kind,
            reasons: Vec::new(),
            complexity: Complexity::Normal,
            remote: false,
            extensions: Vec::new(),
            same_content_forwarded: false,
            withdrawal_recorded: false,
        }
    }

    fn may_forward(&self) -> bool {
        check_forward(self.kind, self.same_content_forwarded).is_ok()
    }

    /// A denunciation is extended by written decisions, as many as its complexity allows
    /// (Luật Tố cáo 2018, Điều 30). A complaint found complex after acceptance has its time
    /// limit prolonged once, to the complex period (Luật Khiếu nại 2011, Điều 28 and 37: "có
    /// thể kéo dài hơn"); recommendations and feedback have no resolution limit to prolong.
    fn may_extend(&self, rules: &PetitionRuleSet) -> bool {
        match self.kind {
            PetitionKind::Denunciation => {
                self.extensions.len() < self.complexity.extensions_allowed(rules) as usize
            }
            PetitionKind::Complaint => self.complexity == Complexity::Normal,
            _ => false,
        }
    }

    /// The actions this petition allows now, in a stable order (the order of the buttons).
    #[must_use]
    pub fn allowed(&self, rules: &PetitionRuleSet) -> Vec<ActionKind> {
        use ActionKind as K;
        let formal = self.kind.is_formal();
        let mut out = Vec::new();
        match self.status {
            Status::Registered => out.push(K::Classify),
            Status::Eligible => {
                out.extend([K::Classify, K::Accept]);
                if formal {
                    out.push(K::NotAccept);
                }
                if self.may_forward() {
                    out.push(K::Forward);
                }
                out.push(K::Guide);
            }
            Status::NotEligible => {
                out.push(K::Classify);
                if formal {
                    out.push(K::NotAccept);
                }
                out.extend([K::Guide, K::File]);
                if self.kind == PetitionKind::Denunciation
                    && self.reasons.contains(&Ineligibility::Anonymous)
                {
                    out.push(K::KeepForInspection);
                }
            }
            Status::Accepted => {
                if self.may_extend(rules) {
                    out.push(K::Extend);
                }
                if formal {
                    out.push(K::Suspend);
                }
                out.push(K::Decide);
            }
            Status::Suspended => out.push(K::Resume),
            _ => {}
        }
        if !self.status.is_finished() {
            out.push(K::Withdraw);
        }
        out
    }

    /// Decides `cmd` under `rules` (the petition rule set in force for this petition). Errors
    /// say why, and list what is allowed instead.
    pub fn decide(
        &self,
        cmd: &Command,
        rules: &PetitionRuleSet,
    ) -> Result<Transition, PetitionError> {
        if self.status.is_finished() {
            return Err(PetitionError::Finished {
                status: self.status,
            });
        }
        // The once-only and at-most rules get their own message: "not allowed" would hide why.
        match cmd {
            Command::Forward { .. } if self.status == Status::Eligible => {
                check_forward(self.kind, self.same_content_forwarded)?;
            }
            Command::Extend { reason, .. }
                if self.status == Status::Accepted && self.kind == PetitionKind::Complaint =>
            {
                if self.complexity != Complexity::Normal {
                    return Err(PetitionError::ExtensionBeyondLimit(
                        "khiếu nại đã được xác định là phức tạp, thời hạn đã là thời hạn dài nhất \
                         (Luật Khiếu nại 2011, Điều 28, 37)."
                            .into(),
                    ));
                }
                if reason.trim().is_empty() {
                    return Err(PetitionError::Missing(
                        crate::message::Missing::ExtensionReason,
                    ));
                }
            }
            Command::Extend { days, reason } if self.status == Status::Accepted => {
                check_extension(
                    rules,
                    self.kind,
                    self.complexity,
                    &self.extensions,
                    *days,
                    reason,
                )?;
            }
            _ => {}
        }
        let allowed = self.allowed(rules);
        if !allowed.contains(&cmd.kind()) {
            return Err(PetitionError::NotAllowed {
                action: cmd.kind(),
                status: self.status,
                allowed,
            });
        }
        let mut next = self.clone();
        let mut clock = None;
        let mut withdrawal = None;
        match cmd {
            Command::Classify { kind, reasons } => {
                check_reasons(*kind, reasons)?;
                next.kind = *kind;
                next.reasons = reasons.clone();
                next.reasons.sort_by_key(|r| r.code());
                next.reasons.dedup();
                next.status = if reasons.is_empty() {
                    Status::Eligible
                } else {
                    Status::NotEligible
                };
            }
            Command::Accept {
                complexity,
                remote,
                complexity_reason,
            } => {
                if !complexity.applies_to(self.kind) {
                    return Err(PetitionError::ComplexityNotApplicable {
                        complexity: *complexity,
                        kind: self.kind,
                    });
                }
                if *complexity != Complexity::Normal {
                    require(complexity_reason, crate::message::Missing::ComplexityReason)?;
                }
                next.status = Status::Accepted;
                next.complexity = *complexity;
                next.remote = *remote;
                clock = Some(ClockChange::Start);
            }
            Command::NotAccept { reason, .. } => {
                check_reasons(self.kind, &[*reason])?;
                if !next.reasons.contains(reason) {
                    next.reasons.push(*reason);
                }
                next.status = Status::NotAccepted;
            }
            Command::Forward { agency, .. } => {
                require(agency, crate::message::Missing::ForwardAgency)?;
                next.status = Status::Forwarded;
            }
            Command::Guide { guidance } => {
                require(guidance, crate::message::Missing::Guidance)?;
                next.status = Status::Guided;
            }
            Command::File { .. } => next.status = Status::Filed,
            Command::KeepForInspection { .. } => next.status = Status::KeptForInspection,
            // The complaint's finding of complexity (in writing: the reason) moves it to the
            // complex period; the due date follows from it. The days asked for play no part.
            Command::Extend { .. } if self.kind == PetitionKind::Complaint => {
                next.complexity = Complexity::Complex;
                clock = Some(ClockChange::Extend(0));
            }
            Command::Extend { days, reason } => {
                next.extensions.push(Extension {
                    days: *days,
                    reason: reason.trim().to_string(),
                });
                clock = Some(ClockChange::Extend(*days));
            }
            Command::Suspend { reason } => {
                require(reason, crate::message::Missing::SuspensionReason)?;
                next.status = Status::Suspended;
                clock = Some(ClockChange::Pause);
            }
            Command::Resume { .. } => {
                next.status = Status::Accepted;
                clock = Some(ClockChange::Resume);
            }
            Command::Decide { summary } => {
                require(summary, crate::message::Missing::DecisionSummary)?;
                next.status = Status::Decided;
            }
            Command::Withdraw {
                signs_of_violation,
                partial,
                ..
            } => {
                let effect = if *signs_of_violation {
                    if self.kind != PetitionKind::Denunciation {
                        return Err(PetitionError::ContinueAfterWithdrawalNotApplicable(
                            self.kind,
                        ));
                    }
                    WithdrawalEffect::ContinuesForViolation
                } else if *partial {
                    WithdrawalEffect::ContinuesForOthers
                } else {
                    WithdrawalEffect::Ended
                };
                match effect {
                    WithdrawalEffect::Ended => next.status = Status::Withdrawn,
                    WithdrawalEffect::ContinuesForViolation => next.withdrawal_recorded = true,
                    WithdrawalEffect::ContinuesForOthers => {}
                }
                withdrawal = Some(effect);
            }
        }
        Ok(Transition {
            snapshot: next,
            clock,
            withdrawal,
        })
    }
}

fn require(text: &str, what: crate::message::Missing) -> Result<(), PetitionError> {
    if text.trim().is_empty() {
        Err(PetitionError::Missing(what))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::PetitionRuleBook;
    use super::*;
    use PetitionKind as K;

    fn rules() -> PetitionRuleSet {
        PetitionRuleBook::shipped().unwrap().versions()[1].clone()
    }

    fn run(s: &Snapshot, cmd: Command) -> Snapshot {
        s.decide(&cmd, &rules()).unwrap().snapshot
    }

    fn classify(kind: K, reasons: Vec<Ineligibility>) -> Command {
        Command::Classify { kind, reasons }
    }

    fn accept(complexity: Complexity) -> Command {
        Command::Accept {
            complexity,
            remote: false,
            complexity_reason: "xác minh ở hai địa điểm".into(),
        }
    }

    fn extend(days: u32) -> Command {
        Command::Extend {
            days,
            reason: "chờ kết quả giám định".into(),
        }
    }

    fn withdraw(signs_of_violation: bool, partial: bool) -> Command {
        Command::Withdraw {
            note: String::new(),
            signs_of_violation,
            partial,
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
            assert!(!s.label_vi().is_empty());
        }
        for a in ActionKind::ALL {
            assert_eq!(ActionKind::parse(a.code()), Some(a));
        }
        assert_eq!(Status::parse("open"), None);
        let json = serde_json::to_value(extend(10)).unwrap();
        assert_eq!(json["action"], "extend");
    }

    #[test]
    fn a_complaint_is_classified_accepted_suspended_resumed_and_decided() {
        let r = rules();
        let s = Snapshot::registered(K::Complaint);
        assert_eq!(
            s.allowed(&r),
            vec![ActionKind::Classify, ActionKind::Withdraw]
        );
        let s = run(&s, classify(K::Complaint, vec![]));
        assert_eq!(s.status, Status::Eligible);
        assert_eq!(
            s.allowed(&r),
            vec![
                ActionKind::Classify,
                ActionKind::Accept,
                ActionKind::NotAccept,
                ActionKind::Forward,
                ActionKind::Guide,
                ActionKind::Withdraw
            ]
        );
        let t = s.decide(&accept(Complexity::Complex), &r).unwrap();
        assert_eq!(t.clock, Some(ClockChange::Start));
        let s = t.snapshot;
        assert_eq!(s.status, Status::Accepted);
        assert!(s.status.clock_runs());
        assert_eq!(s.complexity, Complexity::Complex);
        assert_eq!(
            s.allowed(&r),
            vec![
                ActionKind::Suspend,
                ActionKind::Decide,
                ActionKind::Withdraw
            ]
        );
        let t = s
            .decide(
                &Command::Suspend {
                    reason: "người khiếu nại ốm nặng".into(),
                },
                &r,
            )
            .unwrap();
        assert_eq!(t.clock, Some(ClockChange::Pause));
        let s = t.snapshot;
        assert_eq!(
            s.allowed(&r),
            vec![ActionKind::Resume, ActionKind::Withdraw]
        );
        let err = s
            .decide(
                &Command::Decide {
                    summary: "x".into(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(err.code(), "action_not_allowed");
        assert!(
            err.to_string().contains("Tiếp tục giải quyết, Rút đơn"),
            "{err}"
        );
        let t = s
            .decide(
                &Command::Resume {
                    note: String::new(),
                },
                &r,
            )
            .unwrap();
        assert_eq!(t.clock, Some(ClockChange::Resume));
        let s = run(
            &t.snapshot,
            Command::Decide {
                summary: "Công nhận một phần nội dung khiếu nại".into(),
            },
        );
        assert_eq!(s.status, Status::Decided);
        assert!(s.allowed(&r).is_empty());
        let err = s.decide(&withdraw(false, false), &r).unwrap_err();
        assert_eq!(err.code(), "petition_finished");
    }

    #[test]
    fn a_complaint_found_complex_is_prolonged_once_and_has_no_especially_complex_level() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Complaint),
            classify(K::Complaint, vec![]),
        );
        let err = s
            .decide(&accept(Complexity::EspeciallyComplex), &r)
            .unwrap_err();
        assert_eq!(err.code(), "complexity_not_applicable");
        // Accepted as an ordinary case, then found complex: once, with the finding in writing.
        let s = run(&s, accept(Complexity::Normal));
        assert!(s.allowed(&r).contains(&ActionKind::Extend));
        let unexplained = Command::Extend {
            days: 0,
            reason: " ".into(),
        };
        assert_eq!(
            s.decide(&unexplained, &r).unwrap_err().code(),
            "missing_field"
        );
        let s = run(&s, extend(15));
        assert_eq!(s.complexity, Complexity::Complex);
        assert!(
            s.extensions.is_empty(),
            "the complex period, not added days"
        );
        assert!(!s.allowed(&r).contains(&ActionKind::Extend));
        let err = s.decide(&extend(10), &r).unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
    }

    #[test]
    fn complexity_needs_a_written_reason() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![]),
        );
        let cmd = Command::Accept {
            complexity: Complexity::Complex,
            remote: true,
            complexity_reason: " ".into(),
        };
        assert_eq!(s.decide(&cmd, &r).unwrap_err().code(), "missing_field");
        let cmd = Command::Accept {
            complexity: Complexity::Normal,
            remote: true,
            complexity_reason: String::new(),
        };
        let s = run(&s, cmd);
        assert!(s.remote);
    }

    #[test]
    fn an_especially_complex_denunciation_is_extended_twice_at_most() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![]),
        );
        let s = run(&s, accept(Complexity::EspeciallyComplex));
        assert!(s.allowed(&r).contains(&ActionKind::Extend));
        let err = s.decide(&extend(31), &r).unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
        let t = s.decide(&extend(30), &r).unwrap();
        assert_eq!(t.clock, Some(ClockChange::Extend(30)));
        let s = run(&t.snapshot, extend(20));
        assert_eq!(s.extensions.len(), 2);
        assert!(!s.allowed(&r).contains(&ActionKind::Extend));
        let err = s.decide(&extend(10), &r).unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
        assert!(err.to_string().contains("2 lần"), "{err}");
        let err = s
            .decide(
                &Command::Extend {
                    days: 10,
                    reason: String::new(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
    }

    #[test]
    fn a_normal_denunciation_is_not_extended() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![]),
        );
        let s = run(&s, accept(Complexity::Normal));
        assert!(!s.allowed(&r).contains(&ActionKind::Extend));
        let err = s.decide(&extend(10), &r).unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
        // Outside the accepted state an extension is simply not an action.
        let s = Snapshot::registered(K::Denunciation);
        assert_eq!(
            s.decide(&extend(10), &r).unwrap_err().code(),
            "action_not_allowed"
        );
    }

    #[test]
    fn a_denunciation_is_forwarded_once_per_same_content() {
        let r = rules();
        let mut s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![]),
        );
        let fwd = Command::Forward {
            agency: "Thanh tra tỉnh".into(),
            note: String::new(),
        };
        let done = run(&s, fwd.clone());
        assert_eq!(done.status, Status::Forwarded);
        s.same_content_forwarded = true;
        assert!(!s.allowed(&r).contains(&ActionKind::Forward));
        assert_eq!(s.decide(&fwd, &r).unwrap_err().code(), "already_forwarded");
        let no_agency = Command::Forward {
            agency: "  ".into(),
            note: String::new(),
        };
        let mut fb = run(
            &Snapshot::registered(K::Feedback),
            classify(K::Feedback, vec![]),
        );
        assert_eq!(
            fb.decide(&no_agency, &r).unwrap_err().code(),
            "missing_field"
        );
        fb.same_content_forwarded = true;
        assert_eq!(
            run(&fb, fwd).status,
            Status::Forwarded,
            "only denunciations are limited"
        );
    }

    #[test]
    fn not_eligible_petitions_are_filed_guided_or_not_accepted() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Complaint),
            classify(K::Complaint, vec![Ineligibility::NoDirectInterest]),
        );
        assert_eq!(s.status, Status::NotEligible);
        assert_eq!(
            s.allowed(&r),
            vec![
                ActionKind::Classify,
                ActionKind::NotAccept,
                ActionKind::Guide,
                ActionKind::File,
                ActionKind::Withdraw
            ]
        );
        assert_eq!(
            s.decide(&accept(Complexity::Normal), &r)
                .unwrap_err()
                .code(),
            "action_not_allowed"
        );
        let t = run(
            &s,
            Command::NotAccept {
                reason: Ineligibility::FilingLimitExpired,
                note: String::new(),
            },
        );
        assert_eq!(t.status, Status::NotAccepted);
        assert!(t.reasons.contains(&Ineligibility::FilingLimitExpired));
        let err = s
            .decide(
                &Command::NotAccept {
                    reason: Ineligibility::Anonymous,
                    note: String::new(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(err.code(), "reason_not_applicable");
        assert_eq!(
            run(
                &s,
                Command::File {
                    note: String::new()
                }
            )
            .status,
            Status::Filed
        );
        let err = s
            .decide(
                &Command::Guide {
                    guidance: String::new(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(err.code(), "missing_field");
        // Feedback is never "not accepted": it has no acceptance.
        let fb = run(
            &Snapshot::registered(K::Feedback),
            classify(K::Feedback, vec![Ineligibility::AlreadyHandled]),
        );
        assert!(!fb.allowed(&r).contains(&ActionKind::NotAccept));
    }

    #[test]
    fn an_anonymous_denunciation_can_be_kept_for_inspection() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![Ineligibility::Anonymous]),
        );
        assert!(s.allowed(&r).contains(&ActionKind::KeepForInspection));
        let kept = run(
            &s,
            Command::KeepForInspection {
                note: String::new(),
            },
        );
        assert_eq!(kept.status, Status::KeptForInspection);
        assert!(kept.status.is_finished());
        let other = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![Ineligibility::ContentUnclear]),
        );
        let err = other
            .decide(
                &Command::KeepForInspection {
                    note: String::new(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(err.code(), "action_not_allowed");
    }

    #[test]
    fn classification_checks_reasons_and_may_be_corrected() {
        let r = rules();
        let s = Snapshot::registered(K::Feedback);
        let err = s
            .decide(&classify(K::Feedback, vec![Ineligibility::CourtSeized]), &r)
            .unwrap_err();
        assert_eq!(err.code(), "reason_not_applicable");
        let s = run(
            &s,
            classify(K::Feedback, vec![Ineligibility::ContentUnclear]),
        );
        let s = run(&s, classify(K::Complaint, vec![]));
        assert_eq!((s.status, s.kind), (Status::Eligible, K::Complaint));
        assert!(s.reasons.is_empty());
    }

    #[test]
    fn a_denunciation_with_signs_of_violation_continues_after_withdrawal() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Denunciation),
            classify(K::Denunciation, vec![]),
        );
        let s = run(&s, accept(Complexity::Normal));
        let t = s.decide(&withdraw(true, false), &r).unwrap();
        assert_eq!(t.withdrawal, Some(WithdrawalEffect::ContinuesForViolation));
        assert_eq!(t.snapshot.status, Status::Accepted);
        assert!(t.snapshot.withdrawal_recorded);
        let t = s.decide(&withdraw(false, false), &r).unwrap();
        assert_eq!(t.withdrawal, Some(WithdrawalEffect::Ended));
        assert_eq!(t.snapshot.status, Status::Withdrawn);
    }

    #[test]
    fn a_complaint_goes_on_when_only_some_withdraw() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Complaint),
            classify(K::Complaint, vec![]),
        );
        let s = run(&s, accept(Complexity::Normal));
        let t = s.decide(&withdraw(false, true), &r).unwrap();
        assert_eq!(t.withdrawal, Some(WithdrawalEffect::ContinuesForOthers));
        assert_eq!(t.snapshot.status, Status::Accepted);
        let err = s.decide(&withdraw(true, false), &r).unwrap_err();
        assert_eq!(err.code(), "withdrawal_continue_not_applicable");
        let suspended = run(
            &s,
            Command::Suspend {
                reason: "thiên tai".into(),
            },
        );
        assert_eq!(
            run(&suspended, withdraw(false, false)).status,
            Status::Withdrawn
        );
    }

    #[test]
    fn recommendations_are_taken_up_and_answered_without_suspension() {
        let r = rules();
        let s = run(
            &Snapshot::registered(K::Recommendation),
            classify(K::Recommendation, vec![]),
        );
        let s = run(&s, accept(Complexity::Normal));
        assert_eq!(
            s.allowed(&r),
            vec![ActionKind::Decide, ActionKind::Withdraw]
        );
        let err = s
            .decide(
                &Command::Decide {
                    summary: " ".into(),
                },
                &r,
            )
            .unwrap_err();
        assert_eq!(
            err,
            PetitionError::Missing(crate::message::Missing::DecisionSummary)
        );
        let err = s
            .decide(&Command::Suspend { reason: "x".into() }, &r)
            .unwrap_err();
        assert_eq!(err.code(), "action_not_allowed");
    }
}
