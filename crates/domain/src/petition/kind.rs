//! What a petition is about and how it reached the office. A petition has exactly one kind: a
//! petition mixing several kinds of content is not registered but split (Circular 07/2014/TT-TTCP
//! Art. 6(1); Law on Citizen Reception Art. 25(3)), because each kind runs under its own law,
//! its own deadlines and its own decision-maker.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::PetitionError;

/// The kind of a petition (đơn).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PetitionKind {
    /// Khiếu nại: against a decision or act that affects the complainant.
    #[serde(rename = "khieu_nai")]
    Complaint,
    /// Tố cáo: reporting a violation by an official or a body.
    #[serde(rename = "to_cao")]
    Denunciation,
    /// Kiến nghị: a proposal.
    #[serde(rename = "kien_nghi")]
    Recommendation,
    /// Phản ánh: a report of a problem.
    #[serde(rename = "phan_anh")]
    Feedback,
}

impl PetitionKind {
    pub const ALL: [Self; 4] = [
        Self::Complaint,
        Self::Denunciation,
        Self::Recommendation,
        Self::Feedback,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Complaint => "khieu_nai",
            Self::Denunciation => "to_cao",
            Self::Recommendation => "kien_nghi",
            Self::Feedback => "phan_anh",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Complaint => "Khiếu nại",
            Self::Denunciation => "Tố cáo",
            Self::Recommendation => "Kiến nghị",
            Self::Feedback => "Phản ánh",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    /// The class the reception log and the statistics use (Mẫu 03/TCD column 6).
    #[must_use]
    pub const fn class(self) -> LogClass {
        match self {
            Self::Complaint => LogClass::Complaint,
            Self::Denunciation => LogClass::Denunciation,
            Self::Recommendation | Self::Feedback => LogClass::RecommendationFeedback,
        }
    }

    /// Complaints and denunciations are formally accepted (thụ lý) and have statutory
    /// resolution limits; recommendations and feedback are answered.
    #[must_use]
    pub const fn is_formal(self) -> bool {
        matches!(self, Self::Complaint | Self::Denunciation)
    }
}

impl fmt::Display for PetitionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// The three classes of content the law counts (Circular 07/2014/TT-TTCP Art. 6(1)):
/// recommendations and feedback reports are one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogClass {
    Complaint,
    Denunciation,
    RecommendationFeedback,
}

impl LogClass {
    pub const ALL: [Self; 3] = [
        Self::Complaint,
        Self::Denunciation,
        Self::RecommendationFeedback,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Complaint => "complaint",
            Self::Denunciation => "denunciation",
            Self::RecommendationFeedback => "recommendation_feedback",
        }
    }

    /// The abbreviation printed in the reception log.
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Complaint => "KN",
            Self::Denunciation => "TC",
            Self::RecommendationFeedback => "KN-PA",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// How a petition reached the office (Circular 07/2014/TT-TTCP Art. 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Handed over or recorded at a citizen reception session.
    Reception,
    /// Handed in at the office or put in a suggestion box, outside a reception session.
    Direct,
    Post,
    Online,
    /// Forwarded by another agency, a deputy, the Fatherland Front or the press.
    Forwarded,
}

impl Source {
    pub const ALL: [Self; 5] = [
        Self::Reception,
        Self::Direct,
        Self::Post,
        Self::Online,
        Self::Forwarded,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Reception => "reception",
            Self::Direct => "direct",
            Self::Post => "post",
            Self::Online => "online",
            Self::Forwarded => "forwarded",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Reception => "Qua tiếp công dân",
            Self::Direct => "Nộp trực tiếp, hòm thư góp ý",
            Self::Post => "Qua bưu chính",
            Self::Online => "Trực tuyến",
            Self::Forwarded => "Cơ quan, tổ chức khác chuyển đến",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// The one kind of a petition whose content the officer has marked with `kinds`.
///
/// Recommendation and feedback content together is one class (KN-PA), not a mixed petition; it
/// is registered as a recommendation, the first of the two in the law's wording. Any other
/// combination must be split: the error tells the officer to guide the citizen to write one
/// petition per kind.
pub fn classify(kinds: &[PetitionKind]) -> Result<PetitionKind, PetitionError> {
    let mut distinct: Vec<PetitionKind> = kinds.to_vec();
    distinct.sort();
    distinct.dedup();
    match distinct.as_slice() {
        [] => Err(PetitionError::KindMissing),
        [one] => Ok(*one),
        [PetitionKind::Recommendation, PetitionKind::Feedback] => Ok(PetitionKind::Recommendation),
        _ => Err(PetitionError::MixedMustSplit(distinct)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in PetitionKind::ALL {
            assert_eq!(PetitionKind::parse(k.code()), Some(k));
            assert!(!k.label_vi().is_empty());
        }
        for s in Source::ALL {
            assert_eq!(Source::parse(s.code()), Some(s));
        }
        for c in LogClass::ALL {
            assert_eq!(LogClass::parse(c.code()), Some(c));
        }
        assert_eq!(
            PetitionKind::parse(" to_cao "),
            Some(PetitionKind::Denunciation)
        );
        assert_eq!(PetitionKind::parse("complaint"), None);
        assert_eq!(Source::parse(""), None);
    }

    #[test]
    fn serde_uses_the_codes() {
        let json = serde_json::to_string(&PetitionKind::Complaint).unwrap();
        assert_eq!(json, "\"khieu_nai\"");
        let back: PetitionKind = serde_json::from_str("\"phan_anh\"").unwrap();
        assert_eq!(back, PetitionKind::Feedback);
    }

    #[test]
    fn one_kind_is_registered_as_is() {
        use PetitionKind as K;
        assert_eq!(classify(&[K::Complaint]), Ok(K::Complaint));
        assert_eq!(
            classify(&[K::Denunciation, K::Denunciation]),
            Ok(K::Denunciation)
        );
        assert_eq!(
            classify(&[K::Feedback, K::Recommendation]),
            Ok(K::Recommendation)
        );
        assert_eq!(K::Feedback.class(), LogClass::RecommendationFeedback);
        assert_eq!(K::Feedback.class().label_vi(), "KN-PA");
    }

    #[test]
    fn mixed_content_must_be_split() {
        use PetitionKind as K;
        let err = classify(&[K::Denunciation, K::Complaint, K::Complaint]).unwrap_err();
        assert_eq!(err.code(), "mixed_must_split");
        assert_eq!(
            err,
            PetitionError::MixedMustSplit(vec![K::Complaint, K::Denunciation])
        );
        let msg = err.to_string();
        assert!(msg.contains("Khiếu nại, Tố cáo"), "{msg}");
        assert!(msg.contains("tách"), "{msg}");
        let err = classify(&[K::Complaint, K::Feedback]).unwrap_err();
        assert_eq!(err.code(), "mixed_must_split");
        assert_eq!(classify(&[]).unwrap_err().code(), "kind_missing");
    }
}
