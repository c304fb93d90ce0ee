//! Why a petition cannot be handled or a complaint or denunciation cannot be accepted, and what
//! the office does with a petition once it is classified.
//!
//! Three groups of reasons, because three texts set them: the conditions every petition must
//! meet to be handled at all (Circular 07/2014/TT-TTCP Art. 6(2)), the grounds for not accepting
//! a complaint (Law on Complaints 2011 Art. 11), and the denunciation rules (Law on
//! Denunciations 2018 Art. 24, 25, 29). Each reason keeps its legal source so that the notice a
//! citizen receives can cite it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::PetitionError;
use super::kind::PetitionKind;

/// Which text a reason comes from, and so which petitions it can apply to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonGroup {
    /// Conditions for handling any petition.
    Petition,
    /// Grounds for not accepting a complaint.
    Complaint,
    /// Grounds for not handling or not accepting a denunciation.
    Denunciation,
}

/// A reason a petition is not eligible for handling, or not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ineligibility {
    NoSignature,
    NoNameOrAddress,
    Undated,
    NotInVietnamese,
    ContentUnclear,
    /// Same content, same person, already handled, and nothing new (đơn trùng).
    AlreadyHandled,
    NotComplainable,
    NoDirectInterest,
    NoLegalCapacity,
    IllegitimateRepresentative,
    FilingLimitExpired,
    SecondDecisionExists,
    TerminationNotContinued,
    CourtSeized,
    Anonymous,
    ViolationNotIdentifiable,
    ResentToNonCompetent,
    ComplaintDeciderWithoutEvidence,
}

impl Ineligibility {
    pub const ALL: [Self; 18] = [
        Self::NoSignature,
        Self::NoNameOrAddress,
        Self::Undated,
        Self::NotInVietnamese,
        Self::ContentUnclear,
        Self::AlreadyHandled,
        Self::NotComplainable,
        Self::NoDirectInterest,
        Self::NoLegalCapacity,
        Self::IllegitimateRepresentative,
        Self::FilingLimitExpired,
        Self::SecondDecisionExists,
        Self::TerminationNotContinued,
        Self::CourtSeized,
        Self::Anonymous,
        Self::ViolationNotIdentifiable,
        Self::ResentToNonCompetent,
        Self::ComplaintDeciderWithoutEvidence,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::NoSignature => "no_signature",
            Self::NoNameOrAddress => "no_name_or_address",
            Self::Undated => "undated",
            Self::NotInVietnamese => "not_in_vietnamese",
            Self::ContentUnclear => "content_unclear",
            Self::AlreadyHandled => "already_handled",
            Self::NotComplainable => "not_complainable",
            Self::NoDirectInterest => "no_direct_interest",
            Self::NoLegalCapacity => "no_legal_capacity",
            Self::IllegitimateRepresentative => "illegitimate_representative",
            Self::FilingLimitExpired => "filing_limit_expired",
            Self::SecondDecisionExists => "second_decision_exists",
            Self::TerminationNotContinued => "termination_not_continued",
            Self::CourtSeized => "court_seized",
            Self::Anonymous => "anonymous",
            Self::ViolationNotIdentifiable => "violation_not_identifiable",
            Self::ResentToNonCompetent => "resent_to_non_competent",
            Self::ComplaintDeciderWithoutEvidence => "complaint_decider_without_evidence",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::NoSignature => "Đơn không có chữ ký hoặc điểm chỉ của người viết đơn",
            Self::NoNameOrAddress => "Đơn không ghi rõ họ tên, địa chỉ của người viết đơn",
            Self::Undated => "Đơn không ghi ngày, tháng, năm",
            Self::NotInVietnamese => "Đơn không viết bằng tiếng Việt",
            Self::ContentUnclear => "Nội dung đơn không rõ ràng",
            Self::AlreadyHandled => {
                "Đơn trùng nội dung đã được xử lý, giải quyết, không có tình tiết mới"
            }
            Self::NotComplainable => {
                "Quyết định, hành vi bị khiếu nại không thuộc đối tượng khiếu nại (văn bản chỉ đạo, điều hành nội bộ; văn bản quy phạm pháp luật)"
            }
            Self::NoDirectInterest => {
                "Quyết định, hành vi bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại"
            }
            Self::NoLegalCapacity => {
                "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"
            }
            Self::IllegitimateRepresentative => "Người đại diện không hợp pháp",
            Self::FilingLimitExpired => "Thời hiệu khiếu nại đã hết mà không có lý do chính đáng",
            Self::SecondDecisionExists => "Khiếu nại đã có quyết định giải quyết lần hai",
            Self::TerminationNotContinued => {
                "Có văn bản thông báo đình chỉ giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục khiếu nại"
            }
            Self::CourtSeized => {
                "Việc khiếu nại đã được Tòa án thụ lý hoặc đã có bản án, quyết định của Tòa án"
            }
            Self::Anonymous => {
                "Tố cáo nặc danh, mạo danh hoặc không rõ họ tên, địa chỉ người tố cáo"
            }
            Self::ViolationNotIdentifiable => {
                "Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm"
            }
            Self::ResentToNonCompetent => {
                "Tố cáo gửi đồng thời cho nhiều cơ quan hoặc đã được hướng dẫn nhưng vẫn gửi đến cơ quan không có thẩm quyền"
            }
            Self::ComplaintDeciderWithoutEvidence => {
                "Tố cáo người giải quyết khiếu nại mà không có bằng chứng về hành vi vi phạm"
            }
        }
    }

    /// The legal source, for the notice to the citizen.
    #[must_use]
    pub const fn source(self) -> &'static str {
        match self {
            Self::NoSignature => {
                "Thông tư 07/2014/TT-TTCP, Điều 6 khoản 2; Luật Khiếu nại 2011, Điều 11"
            }
            Self::NoNameOrAddress
            | Self::Undated
            | Self::NotInVietnamese
            | Self::ContentUnclear
            | Self::AlreadyHandled => "Thông tư 07/2014/TT-TTCP, Điều 6 khoản 2",
            Self::NotComplainable
            | Self::NoDirectInterest
            | Self::NoLegalCapacity
            | Self::IllegitimateRepresentative
            | Self::FilingLimitExpired
            | Self::SecondDecisionExists
            | Self::TerminationNotContinued
            | Self::CourtSeized => "Luật Khiếu nại 2011, Điều 11",
            Self::Anonymous => "Luật Tố cáo 2018, Điều 25",
            Self::ViolationNotIdentifiable | Self::ComplaintDeciderWithoutEvidence => {
                "Luật Tố cáo 2018, Điều 29"
            }
            Self::ResentToNonCompetent => "Luật Tố cáo 2018, Điều 24 khoản 2–3",
        }
    }

    #[must_use]
    pub const fn group(self) -> ReasonGroup {
        match self {
            Self::NoSignature
            | Self::NoNameOrAddress
            | Self::Undated
            | Self::NotInVietnamese
            | Self::ContentUnclear
            | Self::AlreadyHandled => ReasonGroup::Petition,
            Self::NotComplainable
            | Self::NoDirectInterest
            | Self::NoLegalCapacity
            | Self::IllegitimateRepresentative
            | Self::FilingLimitExpired
            | Self::SecondDecisionExists
            | Self::TerminationNotContinued
            | Self::CourtSeized => ReasonGroup::Complaint,
            Self::Anonymous
            | Self::ViolationNotIdentifiable
            | Self::ResentToNonCompetent
            | Self::ComplaintDeciderWithoutEvidence => ReasonGroup::Denunciation,
        }
    }

    #[must_use]
    pub const fn applies_to(self, kind: PetitionKind) -> bool {
        match self.group() {
            ReasonGroup::Petition => true,
            ReasonGroup::Complaint => matches!(kind, PetitionKind::Complaint),
            ReasonGroup::Denunciation => matches!(kind, PetitionKind::Denunciation),
        }
    }

    /// What the office usually does for this reason alone: a petition failing the handling
    /// conditions is filed away; a complaint or denunciation failing an acceptance ground gets a
    /// written notice of non-acceptance; an anonymous denunciation may still be used for
    /// inspection; a denunciation re-sent to a body without competence gets no action.
    #[must_use]
    pub const fn consequence(self) -> Outcome {
        match self {
            Self::Anonymous => Outcome::KeepForInspection,
            Self::ResentToNonCompetent => Outcome::File,
            _ => match self.group() {
                ReasonGroup::Petition => Outcome::File,
                ReasonGroup::Complaint | ReasonGroup::Denunciation => Outcome::NotAccept,
            },
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// Every reason must be one the law gives for this kind of petition.
pub fn check_reasons(kind: PetitionKind, reasons: &[Ineligibility]) -> Result<(), PetitionError> {
    match reasons.iter().find(|r| !r.applies_to(kind)) {
        Some(&reason) => Err(PetitionError::ReasonNotApplicable { reason, kind }),
        None => Ok(()),
    }
}

/// What the office does with a classified petition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Within competence and eligible: accepted (thụ lý) or, for recommendations and feedback,
    /// taken up.
    Accept,
    /// A complaint or denunciation that fails an acceptance ground: written notice with reasons.
    NotAccept,
    /// Sent to the competent agency (Phiếu chuyển đơn).
    Forward,
    /// The citizen is told where to go.
    Guide,
    /// Filed away (lưu đơn), no further action.
    File,
    /// An anonymous denunciation with clear, evidenced content, kept for inspection or checking.
    KeepForInspection,
}

impl Outcome {
    pub const ALL: [Self; 6] = [
        Self::Accept,
        Self::NotAccept,
        Self::Forward,
        Self::Guide,
        Self::File,
        Self::KeepForInspection,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::NotAccept => "not_accept",
            Self::Forward => "forward",
            Self::Guide => "guide",
            Self::File => "file",
            Self::KeepForInspection => "keep_for_inspection",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Accept => "Thụ lý giải quyết",
            Self::NotAccept => "Không thụ lý",
            Self::Forward => "Chuyển đơn",
            Self::Guide => "Hướng dẫn",
            Self::File => "Lưu đơn",
            Self::KeepForInspection => "Lưu để phục vụ thanh tra, kiểm tra",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// The outcome to propose to the officer, who decides. With no reason against it, a petition
/// within competence is taken up; outside it, a complaint's author is guided to the competent
/// body while denunciations, recommendations and feedback are forwarded (our reading of
/// Circular 07/2014/TT-TTCP Art. 7–9). With reasons, the heaviest consequence wins, except that
/// an anonymous denunciation whose content is unclear cannot serve an inspection and is filed.
#[must_use]
pub fn suggest_outcome(
    kind: PetitionKind,
    reasons: &[Ineligibility],
    within_competence: bool,
) -> Outcome {
    if reasons.is_empty() {
        return match (within_competence, kind) {
            (true, _) => Outcome::Accept,
            (false, PetitionKind::Complaint) => Outcome::Guide,
            (false, _) => Outcome::Forward,
        };
    }
    let has = |r: Ineligibility| reasons.contains(&r);
    if kind == PetitionKind::Denunciation && has(Ineligibility::Anonymous) {
        return if has(Ineligibility::ContentUnclear) {
            Outcome::File
        } else {
            Outcome::KeepForInspection
        };
    }
    if reasons
        .iter()
        .any(|r| r.applies_to(kind) && r.consequence() == Outcome::NotAccept)
    {
        Outcome::NotAccept
    } else {
        Outcome::File
    }
}

/// A denunciation outside competence is forwarded once per petition with the same content
/// (Circular 05/2021/TT-TTCP Art. 14); `already_forwarded` says whether a petition with the
/// same content (a linked duplicate) was forwarded before.
pub fn check_forward(kind: PetitionKind, already_forwarded: bool) -> Result<(), PetitionError> {
    if kind == PetitionKind::Denunciation && already_forwarded {
        Err(PetitionError::AlreadyForwarded)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PetitionKind as K;

    #[test]
    fn every_reason_has_a_code_label_and_source() {
        let mut codes: Vec<&str> = Ineligibility::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Ineligibility::ALL.len(), "codes are unique");
        for r in Ineligibility::ALL {
            assert_eq!(Ineligibility::parse(r.code()), Some(r));
            assert!(!r.label_vi().is_empty());
            assert!(r.source().contains("Điều"), "{r:?}");
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()), Some(o));
        }
        assert_eq!(Ineligibility::parse("unknown"), None);
    }

    #[test]
    fn complaint_grounds_are_the_nine_of_article_11() {
        let complaint: Vec<_> = Ineligibility::ALL
            .into_iter()
            .filter(|r| r.source().contains("Luật Khiếu nại 2011, Điều 11"))
            .collect();
        assert_eq!(complaint.len(), 9);
        assert!(complaint.contains(&Ineligibility::NoSignature));
    }

    #[test]
    fn reasons_must_fit_the_kind() {
        assert!(check_reasons(K::Complaint, &[Ineligibility::NoDirectInterest]).is_ok());
        assert!(check_reasons(K::Feedback, &[Ineligibility::NoSignature]).is_ok());
        let err = check_reasons(K::Feedback, &[Ineligibility::NoDirectInterest]).unwrap_err();
        assert_eq!(err.code(), "reason_not_applicable");
        assert!(err.to_string().contains("phản ánh"), "{err}");
        let err = check_reasons(K::Complaint, &[Ineligibility::Anonymous]).unwrap_err();
        assert_eq!(err.code(), "reason_not_applicable");
    }

    #[test]
    fn suggestions_follow_competence_and_reasons() {
        assert_eq!(suggest_outcome(K::Complaint, &[], true), Outcome::Accept);
        assert_eq!(suggest_outcome(K::Complaint, &[], false), Outcome::Guide);
        assert_eq!(
            suggest_outcome(K::Denunciation, &[], false),
            Outcome::Forward
        );
        assert_eq!(suggest_outcome(K::Feedback, &[], false), Outcome::Forward);
        assert_eq!(
            suggest_outcome(K::Complaint, &[Ineligibility::FilingLimitExpired], true),
            Outcome::NotAccept
        );
        assert_eq!(
            suggest_outcome(K::Feedback, &[Ineligibility::AlreadyHandled], true),
            Outcome::File
        );
        assert_eq!(
            suggest_outcome(K::Denunciation, &[Ineligibility::Anonymous], true),
            Outcome::KeepForInspection
        );
        assert_eq!(
            suggest_outcome(
                K::Denunciation,
                &[Ineligibility::Anonymous, Ineligibility::ContentUnclear],
                true
            ),
            Outcome::File
        );
        assert_eq!(
            suggest_outcome(
                K::Denunciation,
                &[Ineligibility::ResentToNonCompetent],
                false
            ),
            Outcome::File
        );
    }

    #[test]
    fn a_denunciation_is_forwarded_only_once() {
        assert!(check_forward(K::Denunciation, false).is_ok());
        assert!(check_forward(K::Feedback, true).is_ok());
        let err = check_forward(K::Denunciation, true).unwrap_err();
        assert_eq!(err.code(), "already_forwarded");
        assert!(err.to_string().contains("một lần"));
    }
}
