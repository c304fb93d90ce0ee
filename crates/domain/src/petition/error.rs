//! The petition domain's one error type. Each variant has a stable snake_case code for the JSON
//! API and a Vietnamese message for the officer; `Display` is the message.

use chrono::NaiveDate;
use motcua_calendar::CalendarError;

use crate::message::MessageArg;

use super::eligibility::Ineligibility;
use super::kind::PetitionKind;
use super::lifecycle::{ActionKind, Status};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PetitionError {
    #[error("Chưa chọn loại đơn (khiếu nại, tố cáo, kiến nghị hoặc phản ánh).")]
    KindMissing,
    #[error(
        "Đơn có nhiều nội dung khác nhau ({}); không vào sổ như một đơn mà hướng dẫn công dân tách thành từng đơn riêng (Luật Tiếp công dân 2013, Điều 25 khoản 3).",
        kinds_text(.0)
    )]
    MixedMustSplit(Vec<PetitionKind>),
    #[error("Lý do «{}» không áp dụng cho đơn {}.", .reason.label_vi(), .kind.label_vi().to_lowercase())]
    ReasonNotApplicable {
        reason: Ineligibility,
        kind: PetitionKind,
    },
    #[error("Cần ghi rõ {0}.")]
    Missing(crate::message::Missing),
    #[error("Đơn đã kết thúc ({status}); không thể thực hiện thêm thao tác.")]
    Finished { status: Status },
    #[error("Không thể «{action}» khi đơn đang ở trạng thái «{status}». {}", allowed_text(.allowed))]
    NotAllowed {
        action: ActionKind,
        status: Status,
        allowed: Vec<ActionKind>,
    },
    #[error(
        "Đơn tố cáo cùng nội dung đã được chuyển một lần; chỉ chuyển đơn một lần đối với đơn cùng nội dung (Thông tư 05/2021/TT-TTCP, Điều 14)."
    )]
    AlreadyForwarded,
    #[error("Không được gia hạn: {0}")]
    ExtensionBeyondLimit(String),
    #[error(
        "Đơn {} không được gia hạn thời hạn giải quyết; chỉ đơn tố cáo được gia hạn (Luật Tố cáo 2018, Điều 30).",
        .0.label_vi().to_lowercase()
    )]
    ExtensionNotApplicable(PetitionKind),
    #[error("Mức độ «{}» không áp dụng cho đơn {}.", .complexity.label_vi(), .kind.label_vi().to_lowercase())]
    ComplexityNotApplicable {
        complexity: super::deadlines::Complexity,
        kind: PetitionKind,
    },
    #[error(
        "Chỉ đơn tố cáo mới được tiếp tục giải quyết sau khi rút đơn vì có dấu hiệu vi phạm; đơn {} đã rút thì kết thúc.",
        .0.label_vi().to_lowercase()
    )]
    ContinueAfterWithdrawalNotApplicable(PetitionKind),
    #[error("Pháp luật không quy định thời hạn giải quyết cho {0}.")]
    NoResolutionLimit(String),
    #[error("Đơn phải có ít nhất một người đứng tên.")]
    NoSignatories,
    #[error("Thiếu chữ ký hoặc điểm chỉ của: {}.", .0.join(", "))]
    SignatureMissing(Vec<String>),
    #[error(
        "Đơn có {signatories} người đứng tên phải cử từ {min} đến {max} người đại diện (Luật Tiếp công dân 2013, Điều 29)."
    )]
    RepresentativesRequired {
        signatories: usize,
        min: u32,
        max: u32,
    },
    #[error(
        "Đơn có {signatories} người đứng tên chỉ được cử tối đa {max} người đại diện; đã cử {representatives}."
    )]
    TooManyRepresentatives {
        signatories: usize,
        representatives: usize,
        max: u32,
    },
    #[error("Thiếu văn bản cử người đại diện có chữ ký của tất cả những người đứng tên.")]
    AppointmentMissing,
    #[error(
        "Chưa thể khiếu nại lần hai: thời hạn tính từ ngày {}.",
        .first_day.format("%d/%m/%Y")
    )]
    SecondInstanceTooEarly { first_day: NaiveDate },
    #[error(
        "Đã quá thời hạn khiếu nại lần hai: ngày cuối cùng được khiếu nại là {} ({basis}).",
        .last_day.format("%d/%m/%Y")
    )]
    SecondInstanceOutOfWindow { last_day: NaiveDate, basis: String },
    #[error(
        "Đã hết thời hiệu khiếu nại: ngày cuối cùng được khiếu nại là {} ({basis}).",
        .last_day.format("%d/%m/%Y")
    )]
    FilingLimitExpired { last_day: NaiveDate, basis: String },
    #[error(
        "Khoảng thời gian không hợp lệ: ngày bắt đầu {} sau ngày kết thúc {}.",
        .from.format("%d/%m/%Y"), .to.format("%d/%m/%Y")
    )]
    InvalidRange { from: NaiveDate, to: NaiveDate },
    #[error(
        "Từ ngày {} người đứng đầu không được ủy quyền cho cấp phó tiếp công dân định kỳ ({basis}).",
        .since.format("%d/%m/%Y")
    )]
    DelegationNotAllowed { since: NaiveDate, basis: String },
    #[error("Quy tắc tiếp công dân đang áp dụng không quy định lịch tiếp định kỳ cho {0}.")]
    NoReceptionDuty(super::reception::HeadRole),
    #[error("Tệp quy tắc không hợp lệ: {0}")]
    Rules(String),
    #[error("{0}")]
    Calendar(CalendarError),
}

impl PetitionError {
    /// A stable code for the JSON API.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::KindMissing => "kind_missing",
            Self::MixedMustSplit(_) => "mixed_must_split",
            Self::ReasonNotApplicable { .. } => "reason_not_applicable",
            Self::Missing(_) => "missing_field",
            Self::Finished { .. } => "petition_finished",
            Self::NotAllowed { .. } => "action_not_allowed",
            Self::AlreadyForwarded => "already_forwarded",
            Self::ExtensionBeyondLimit(_) => "extension_beyond_limit",
            Self::ExtensionNotApplicable(_) => "extension_not_applicable",
            Self::ComplexityNotApplicable { .. } => "complexity_not_applicable",
            Self::ContinueAfterWithdrawalNotApplicable(_) => "withdrawal_continue_not_applicable",
            Self::NoResolutionLimit(_) => "no_resolution_limit",
            Self::NoSignatories => "no_signatories",
            Self::SignatureMissing(_) => "signature_missing",
            Self::RepresentativesRequired { .. } => "representatives_required",
            Self::TooManyRepresentatives { .. } => "too_many_representatives",
            Self::AppointmentMissing => "appointment_missing",
            Self::SecondInstanceTooEarly { .. } => "second_instance_too_early",
            Self::SecondInstanceOutOfWindow { .. } => "second_instance_out_of_window",
            Self::FilingLimitExpired { .. } => "filing_limit_expired",
            Self::InvalidRange { .. } => "invalid_date_range",
            Self::DelegationNotAllowed { .. } => "delegation_not_allowed",
            Self::NoReceptionDuty(_) => "no_reception_duty",
            Self::Rules(_) => "invalid_rules",
            Self::Calendar(_) => "calendar_error",
        }
    }
}

impl crate::message::Message for PetitionError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::KindMissing => "petition-error-kind_missing",
            Self::MixedMustSplit(_) => "petition-error-mixed_must_split",
            Self::ReasonNotApplicable { .. } => "petition-error-reason_not_applicable",
            Self::Missing(_) => "petition-error-missing_field",
            Self::Finished { .. } => "petition-error-petition_finished",
            Self::NotAllowed { .. } => "petition-error-action_not_allowed",
            Self::AlreadyForwarded => "petition-error-already_forwarded",
            Self::ExtensionBeyondLimit(_) => "petition-error-extension_beyond_limit",
            Self::ExtensionNotApplicable(_) => "petition-error-extension_not_applicable",
            Self::ComplexityNotApplicable { .. } => "petition-error-complexity_not_applicable",
            Self::ContinueAfterWithdrawalNotApplicable(_) => {
                "petition-error-withdrawal_continue_not_applicable"
            }
            Self::NoResolutionLimit(_) => "petition-error-no_resolution_limit",
            Self::NoSignatories => "petition-error-no_signatories",
            Self::SignatureMissing(_) => "petition-error-signature_missing",
            Self::RepresentativesRequired { .. } => "petition-error-representatives_required",
            Self::TooManyRepresentatives { .. } => "petition-error-too_many_representatives",
            Self::AppointmentMissing => "petition-error-appointment_missing",
            Self::SecondInstanceTooEarly { .. } => "petition-error-second_instance_too_early",
            Self::SecondInstanceOutOfWindow { .. } => {
                "petition-error-second_instance_out_of_window"
            }
            Self::FilingLimitExpired { .. } => "petition-error-filing_limit_expired",
            Self::InvalidRange { .. } => "petition-error-invalid_date_range",
            Self::DelegationNotAllowed { .. } => "petition-error-delegation_not_allowed",
            Self::NoReceptionDuty(_) => "petition-error-no_reception_duty",
            Self::Rules(_) => "petition-error-invalid_rules",
            Self::Calendar(_) => "petition-error-calendar_error",
        }
    }

    fn args(&self) -> Vec<(&'static str, MessageArg)> {
        let kind = |k: &PetitionKind| ("kind", MessageArg::Label("petition-kind-lc", k.code()));
        let num = |n: usize| MessageArg::Number(i64::try_from(n).unwrap_or(i64::MAX));
        match self {
            Self::KindMissing
            | Self::AlreadyForwarded
            | Self::NoSignatories
            | Self::AppointmentMissing => Vec::new(),
            Self::MixedMustSplit(kinds) => vec![(
                "kinds",
                MessageArg::Labels(kinds.iter().map(|k| ("petition-kind", k.code())).collect()),
            )],
            Self::ReasonNotApplicable { reason, kind: k } => vec![
                (
                    "reason",
                    MessageArg::Label("petition-ineligibility", reason.code()),
                ),
                kind(k),
            ],
            Self::Missing(what) => vec![("what", MessageArg::Label("missing", what.code()))],
            Self::Finished { status } => vec![(
                "status",
                MessageArg::Label("petition-status", status.code()),
            )],
            Self::NotAllowed {
                action,
                status,
                allowed,
            } => vec![
                (
                    "action",
                    MessageArg::Label("petition-action", action.code()),
                ),
                (
                    "status",
                    MessageArg::Label("petition-status", status.code()),
                ),
                ("count", num(allowed.len())),
                (
                    "allowed",
                    MessageArg::Labels(
                        allowed
                            .iter()
                            .map(|a| ("petition-action", a.code()))
                            .collect(),
                    ),
                ),
            ],
            Self::ExtensionBeyondLimit(detail)
            | Self::NoResolutionLimit(detail)
            | Self::Rules(detail) => vec![("detail", MessageArg::Text(detail.clone()))],
            Self::ExtensionNotApplicable(k) | Self::ContinueAfterWithdrawalNotApplicable(k) => {
                vec![kind(k)]
            }
            Self::ComplexityNotApplicable {
                complexity,
                kind: k,
            } => vec![
                (
                    "complexity",
                    MessageArg::Label("petition-complexity", complexity.code()),
                ),
                kind(k),
            ],
            Self::SignatureMissing(names) => {
                vec![("names", MessageArg::Text(names.join(", ")))]
            }
            Self::RepresentativesRequired {
                signatories,
                min,
                max,
            } => vec![
                ("signatories", num(*signatories)),
                ("min", MessageArg::Number(i64::from(*min))),
                ("max", MessageArg::Number(i64::from(*max))),
            ],
            Self::TooManyRepresentatives {
                signatories,
                representatives,
                max,
            } => vec![
                ("signatories", num(*signatories)),
                ("representatives", num(*representatives)),
                ("max", MessageArg::Number(i64::from(*max))),
            ],
            Self::SecondInstanceTooEarly { first_day } => {
                vec![("day", MessageArg::Date(*first_day))]
            }
            Self::SecondInstanceOutOfWindow { last_day, basis }
            | Self::FilingLimitExpired { last_day, basis } => vec![
                ("day", MessageArg::Date(*last_day)),
                ("basis", MessageArg::Text(basis.clone())),
            ],
            Self::InvalidRange { from, to } => vec![
                ("from", MessageArg::Date(*from)),
                ("to", MessageArg::Date(*to)),
            ],
            Self::DelegationNotAllowed { since, basis } => vec![
                ("day", MessageArg::Date(*since)),
                ("basis", MessageArg::Text(basis.clone())),
            ],
            Self::NoReceptionDuty(role) => vec![(
                "role",
                MessageArg::Label("reception-head-role", role.code()),
            )],
            Self::Calendar(e) => vec![("detail", MessageArg::Text(e.to_string()))],
        }
    }
}

impl From<CalendarError> for PetitionError {
    fn from(e: CalendarError) -> Self {
        Self::Calendar(e)
    }
}

fn kinds_text(kinds: &[PetitionKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label_vi())
        .collect::<Vec<_>>()
        .join(", ")
}

fn allowed_text(allowed: &[ActionKind]) -> String {
    if allowed.is_empty() {
        return "Không có thao tác nào được phép.".to_string();
    }
    let names: Vec<&str> = allowed.iter().map(|a| a.label_vi()).collect();
    format!("Các thao tác được phép: {}.", names.join(", "))
}
