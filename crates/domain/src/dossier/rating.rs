//! The citizen's satisfaction rating of a dossier (đánh giá mức độ hài lòng), on the criteria
//! of NĐ 61/2018 Đ31.
//!
//! Đ31 lists a) to i); a) to h) are scored here and i) "other" is the free comment. The scale
//! is the law's own: TT 01/2018/TT-VPCP Đ13 scores each index 2 (better than required),
//! 1 (meets it) or 0 (fails), and Đ15 averages those points per dossier. Ministry survey
//! pages use five-level Likert scales, but nothing in the law does, and a five-level answer
//! would need a conversion rule of our own before it could feed the Đ15 averages.
//!
//! Criteria g) (answers to complaints) and h) (online service) only apply to some dossiers: a
//! citizen who never complained, or applied at the counter, has nothing to rate. They may be
//! answered "không áp dụng" rather than forcing a made-up score into the statistics; every
//! other criterion must be scored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::message::{MessageArg, Text};
use crate::text::fold;
use crate::{DomainError, FieldError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// a) Time to the result against the time limit.
    TimeToResult,
    /// b) Number of bodies the applicant had to deal with.
    BodiesContacted,
    /// c) Number of times the applicant had to come to complete the dossier.
    ContactsNeeded,
    /// d) Accuracy and completeness of the published procedure.
    PublishedInformation,
    /// đ) Attitude of the officers.
    StaffAttitude,
    /// e) Lawfulness of the result and of the costs, including unlawful extra costs.
    LawfulResultAndCost,
    /// g) Quality and timeliness of answers to the applicant's complaints and feedback.
    ComplaintHandling,
    /// h) Quality of the online public service.
    OnlineService,
}

impl Criterion {
    pub const ALL: [Self; 8] = [
        Self::TimeToResult,
        Self::BodiesContacted,
        Self::ContactsNeeded,
        Self::PublishedInformation,
        Self::StaffAttitude,
        Self::LawfulResultAndCost,
        Self::ComplaintHandling,
        Self::OnlineService,
    ];

    /// The form field name: the point letter of Đ31, with đ written `dd` so it stays ASCII.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::TimeToResult => "a",
            Self::BodiesContacted => "b",
            Self::ContactsNeeded => "c",
            Self::PublishedInformation => "d",
            Self::StaffAttitude => "dd",
            Self::LawfulResultAndCost => "e",
            Self::ComplaintHandling => "g",
            Self::OnlineService => "h",
        }
    }

    /// The point letter as printed in the decree.
    #[must_use]
    pub const fn letter_vi(self) -> &'static str {
        match self {
            Self::StaffAttitude => "đ",
            other => other.code(),
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::TimeToResult => "Thời gian giải quyết so với thời hạn quy định",
            Self::BodiesContacted => "Số lượng cơ quan, đơn vị phải liên hệ",
            Self::ContactsNeeded => "Số lần phải liên hệ để hoàn thiện hồ sơ",
            Self::PublishedInformation => {
                "Tính chính xác, đầy đủ của thông tin công khai về thủ tục"
            }
            Self::StaffAttitude => "Thái độ của cán bộ, công chức, viên chức",
            Self::LawfulResultAndCost => {
                "Kết quả và chi phí đúng quy định (kể cả chi phí ngoài quy định)"
            }
            Self::ComplaintHandling => "Tiếp nhận, giải quyết ý kiến phản ánh, kiến nghị",
            Self::OnlineService => "Chất lượng dịch vụ công trực tuyến",
        }
    }

    /// Whether the criterion may be answered "không áp dụng" (see the module notes).
    #[must_use]
    pub const fn may_not_apply(self) -> bool {
        matches!(self, Self::ComplaintHandling | Self::OnlineService)
    }
}

/// Points on the TT 01/2018 Đ13 scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Score {
    /// 0: worse than required (not satisfied).
    Fails,
    /// 1: as required (satisfied).
    Meets,
    /// 2: better than required (very satisfied).
    Exceeds,
}

impl Score {
    pub const ALL: [Self; 3] = [Self::Exceeds, Self::Meets, Self::Fails];

    #[must_use]
    pub const fn points(self) -> u8 {
        match self {
            Self::Fails => 0,
            Self::Meets => 1,
            Self::Exceeds => 2,
        }
    }

    /// A stable name, for message ids.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Fails => "fails",
            Self::Meets => "meets",
            Self::Exceeds => "exceeds",
        }
    }

    /// The words shown to the citizen.
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Fails => "Không hài lòng",
            Self::Meets => "Hài lòng",
            Self::Exceeds => "Rất hài lòng",
        }
    }
}

/// One criterion's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Scored(Score),
    NotApplicable,
}

/// The rating as submitted: one raw value per criterion code (`a` … `h`) and the comment.
/// Other keys (a CSRF token, a submit button) are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingForm {
    #[serde(flatten)]
    pub answers: BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
}

/// A checked rating: every criterion answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub answers: BTreeMap<Criterion, Answer>,
    /// Đ31 i): anything else the citizen wants to say.
    pub comment: Option<String>,
}

pub const COMMENT_MAX: usize = crate::limits::COMMENT;

fn parse_answer(raw: &str) -> Option<Answer> {
    let f = fold(raw.trim());
    let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match f.as_str() {
        "2" | "exceeds" | "rat hai long" => Answer::Scored(Score::Exceeds),
        "1" | "meets" | "hai long" => Answer::Scored(Score::Meets),
        "0" | "fails" | "khong hai long" => Answer::Scored(Score::Fails),
        "na" | "not_applicable" | "khong ap dung" => Answer::NotApplicable,
        _ => return None,
    })
}

impl RatingForm {
    /// Checks every criterion and the comment, reporting every problem at once, each on its
    /// criterion's code.
    pub fn parse(self) -> Result<Rating, DomainError> {
        let mut errors = Vec::new();
        let mut answers = BTreeMap::new();
        for c in Criterion::ALL {
            let raw = self.answers.get(c.code()).map_or("", |s| s.trim());
            let letter = ("letter", MessageArg::from(c.letter_vi()));
            let message = if raw.is_empty() {
                Text::with(
                    "validation-rating-missing",
                    vec![
                        letter,
                        ("criterion", MessageArg::Label("rating-criterion", c.code())),
                    ],
                )
            } else {
                match parse_answer(raw) {
                    Some(Answer::NotApplicable) if !c.may_not_apply() => {
                        Text::with("validation-rating-always_applies", vec![letter])
                    }
                    Some(a) => {
                        answers.insert(c, a);
                        continue;
                    }
                    None => Text::with("validation-rating-unknown", vec![("shown", raw.into())]),
                }
            };
            errors.push(FieldError {
                field: c.code().to_owned(),
                message,
            });
        }
        let comment = self.comment.trim();
        let n = comment.chars().count();
        if n > COMMENT_MAX {
            errors.push(FieldError {
                field: "comment".into(),
                message: Text::with(
                    "validation-rating-comment_too_long",
                    vec![("max", COMMENT_MAX.into()), ("n", n.into())],
                ),
            });
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Rating {
            answers,
            comment: (!comment.is_empty()).then(|| comment.to_owned()),
        })
    }
}

impl Rating {
    /// The score given to a criterion, `None` when it did not apply.
    #[must_use]
    pub fn score(&self, c: Criterion) -> Option<Score> {
        match self.answers.get(&c) {
            Some(Answer::Scored(s)) => Some(*s),
            _ => None,
        }
    }

    /// Points summed over the scored criteria, and how many were scored: the inputs to the
    /// per-dossier average of TT 01/2018 Đ15.
    #[must_use]
    pub fn points(&self) -> (u32, u32) {
        Criterion::ALL
            .into_iter()
            .filter_map(|c| self.score(c))
            .fold((0, 0), |(sum, n), s| (sum + u32::from(s.points()), n + 1))
    }

    /// Whether the citizen was dissatisfied with anything, which a supervisor should read.
    #[must_use]
    pub fn has_complaint(&self) -> bool {
        Criterion::ALL
            .into_iter()
            .any(|c| self.score(c) == Some(Score::Fails))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(values: &[(&str, &str)]) -> RatingForm {
        RatingForm {
            answers: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            comment: String::new(),
        }
    }

    fn full() -> RatingForm {
        form(&[
            ("a", "2"),
            ("b", "1"),
            ("c", "Hài lòng"),
            ("d", "rat hai long"),
            ("dd", "Không hài lòng"),
            ("e", "1"),
            ("g", "không áp dụng"),
            ("h", "na"),
            ("csrf", "ignored"),
        ])
    }

    #[test]
    fn codes_and_letters_follow_the_decree() {
        let codes: Vec<_> = Criterion::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes, ["a", "b", "c", "d", "dd", "e", "g", "h"]);
        let letters: String = Criterion::ALL.iter().map(|c| c.letter_vi()).collect();
        assert_eq!(letters, "abcdđegh");
        let may: Vec<_> = Criterion::ALL
            .into_iter()
            .filter(|c| c.may_not_apply())
            .collect();
        assert_eq!(
            may,
            [Criterion::ComplaintHandling, Criterion::OnlineService]
        );
        let points: Vec<_> = Score::ALL.iter().map(|s| s.points()).collect();
        assert_eq!(points, [2, 1, 0]);
    }

    #[test]
    fn a_full_rating_parses() {
        let mut f = full();
        f.comment = "  Cán bộ hướng dẫn tận tình. ".into();
        let r = f.parse().unwrap();
        assert_eq!(r.score(Criterion::TimeToResult), Some(Score::Exceeds));
        assert_eq!(r.score(Criterion::ContactsNeeded), Some(Score::Meets));
        assert_eq!(r.score(Criterion::StaffAttitude), Some(Score::Fails));
        assert_eq!(r.score(Criterion::OnlineService), None);
        assert_eq!(
            r.answers.get(&Criterion::ComplaintHandling),
            Some(&Answer::NotApplicable)
        );
        assert_eq!(r.answers.len(), 8);
        // a=2, b=1, c=1, d=2, đ=0, e=1; g and h not applicable.
        assert_eq!(r.points(), (7, 6));
        assert!(r.has_complaint());
        assert_eq!(r.comment.as_deref(), Some("Cán bộ hướng dẫn tận tình."));
    }

    #[test]
    fn every_missing_or_bad_answer_is_reported_on_its_code() {
        let e = form(&[("a", "5"), ("dd", "na"), ("g", "na")])
            .parse()
            .unwrap_err();
        let fields: Vec<_> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["a", "b", "c", "d", "dd", "e", "h"]);
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Mức đánh giá «5» không hợp lệ; chọn Rất hài lòng, Hài lòng hoặc Không hài lòng."
        );
        assert_eq!(
            e.fields()[1].message.to_string(),
            "Vui lòng chọn mức đánh giá cho tiêu chí b) Số lượng cơ quan, đơn vị phải liên hệ."
        );
        assert_eq!(
            e.fields()[4].message.to_string(),
            "Tiêu chí đ) áp dụng cho mọi hồ sơ; vui lòng chọn một mức đánh giá."
        );
        let e = RatingForm::default().parse().unwrap_err();
        assert_eq!(e.fields().len(), 8);
    }

    #[test]
    fn the_comment_is_optional_and_bounded() {
        let mut f = full();
        f.comment = "   ".into();
        assert_eq!(f.clone().parse().unwrap().comment, None);
        f.comment = "ý".repeat(COMMENT_MAX);
        assert!(f.clone().parse().is_ok());
        f.comment = "ý".repeat(COMMENT_MAX + 1);
        let e = f.parse().unwrap_err();
        assert_eq!(e.fields()[0].field, "comment");
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Ý kiến khác dài quá 2000 ký tự (2001 ký tự)."
        );
    }

    #[test]
    fn every_score_spelling_parses() {
        for s in Score::ALL {
            for raw in [
                s.points().to_string(),
                s.label_vi().to_owned(),
                fold(s.label_vi()),
                s.label_vi().to_uppercase(),
            ] {
                let f = form(&[
                    ("a", &raw),
                    ("b", "1"),
                    ("c", "1"),
                    ("d", "1"),
                    ("dd", "1"),
                    ("e", "1"),
                    ("g", "1"),
                    ("h", "1"),
                ]);
                assert_eq!(
                    f.parse().unwrap().score(Criterion::TimeToResult),
                    Some(s),
                    "{raw}"
                );
            }
        }
        let all_good = form(&[
            ("a", "1"),
            ("b", "1"),
            ("c", "1"),
            ("d", "1"),
            ("dd", "1"),
            ("e", "1"),
            ("g", "1"),
            ("h", "1"),
        ])
        .parse()
        .unwrap();
        assert!(!all_good.has_complaint());
        assert_eq!(all_good.points(), (8, 8));
    }

    #[test]
    fn forms_deserialise_from_flat_fields() {
        let f: RatingForm = serde_json::from_str(
            r#"{"a":"2","b":"2","c":"2","d":"2","dd":"2","e":"2","g":"na","h":"2","comment":"Tốt"}"#,
        )
        .unwrap();
        assert_eq!(f.comment, "Tốt");
        let r = f.parse().unwrap();
        assert_eq!(r.points(), (14, 7));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Rating>(&json).unwrap(), r);
    }
}
