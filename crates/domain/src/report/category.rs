//! What can be reported, and where it goes. A category belongs to a unit, which configures it;
//! its routing says whether the report goes to the ward the place lies in (a dark street light,
//! waste) or to the category's own unit wherever the place lies within it (a province's water
//! company, its roads department). A category may ask extra questions, the way an Open311
//! service definition does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::UnitId;
use crate::message::{MessageArg, Text};

/// How a category's reports find their unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// The unit whose boundary holds the place, within the category's unit.
    Area,
    /// The category's unit itself, for any place within its units' boundaries.
    Unit,
}

impl Routing {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Area => "area",
            Self::Unit => "unit",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Area, Self::Unit]
            .into_iter()
            .find(|r| r.code() == s.trim())
    }
}

/// The kind of answer a question takes, named as GeoReport v2 names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

/// One extra question of a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub code: String,
    pub datatype: Datatype,
    #[serde(default)]
    pub required: bool,
    /// The question as the person reads it.
    pub description: String,
    /// For list types: the answers offered, as (key, name).
    #[serde(default)]
    pub values: Vec<(String, String)>,
}

/// The longest answer to a free-text question.
pub const ANSWER_MAX_CHARS: usize = 500;

/// A category as configured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Unique across the installation: the Open311 `service_code`.
    pub code: String,
    pub unit: UnitId,
    pub name: String,
    /// The sector it belongs to (Open311 `group`).
    pub group: String,
    pub description: String,
    pub routing: Routing,
    pub questions: Vec<Question>,
}

impl Category {
    /// Checks the answers given to the category's questions (by question code; a multi-value
    /// list answer holds its keys joined by `,` — none of our keys holds one) and returns them
    /// in question order, empty answers dropped.
    pub fn check_answers(
        &self,
        given: &BTreeMap<String, Vec<String>>,
    ) -> Result<Vec<(String, String)>, Vec<FieldError>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for q in &self.questions {
            let field = format!("attribute[{}]", q.code);
            let values: Vec<&str> = given
                .get(&q.code)
                .map(|v| {
                    v.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            if values.is_empty() {
                if q.required {
                    errors.push(FieldError::new(
                        field,
                        Text::with(
                            "validation-report-answer_required",
                            vec![("question", MessageArg::Text(q.description.clone()))],
                        ),
                    ));
                }
                continue;
            }
            let bad = |id: &'static str| {
                FieldError::new(
                    field.clone(),
                    Text::with(
                        id,
                        vec![("question", MessageArg::Text(q.description.clone()))],
                    ),
                )
            };
            let answer = match q.datatype {
                Datatype::Singlevaluelist | Datatype::Multivaluelist => {
                    if q.datatype == Datatype::Singlevaluelist && values.len() > 1 {
                        errors.push(bad("validation-report-answer_choice"));
                        continue;
                    }
                    if values.iter().any(|v| !q.values.iter().any(|(k, _)| k == v)) {
                        errors.push(bad("validation-report-answer_choice"));
                        continue;
                    }
                    values.join(",")
                }
                Datatype::Number => {
                    let v = values[0].replace(',', ".");
                    if v.parse::<f64>().map_or(true, |n| !n.is_finite()) {
                        errors.push(bad("validation-report-answer_number"));
                        continue;
                    }
                    v
                }
                Datatype::String | Datatype::Text | Datatype::Datetime => {
                    let v = values.join(" ");
                    if v.chars().count() > ANSWER_MAX_CHARS {
                        errors.push(bad("validation-report-answer_long"));
                        continue;
                    }
                    v
                }
            };
            out.push((q.code.clone(), answer));
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The name of the answer `key` to question `code`, for showing a stored answer.
    #[must_use]
    pub fn answer_label(&self, code: &str, answer: &str) -> (String, String) {
        let Some(q) = self.questions.iter().find(|q| q.code == code) else {
            return (code.to_owned(), answer.to_owned());
        };
        let shown = match q.datatype {
            Datatype::Singlevaluelist | Datatype::Multivaluelist => answer
                .split(',')
                .map(|k| {
                    q.values
                        .iter()
                        .find(|(key, _)| key == k)
                        .map_or(k, |(_, name)| name.as_str())
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => answer.to_owned(),
        };
        (q.description.clone(), shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flooding() -> Category {
        Category {
            code: "ngap-nuoc".into(),
            unit: UnitId::new(),
            name: "Ngập nước".into(),
            group: "Hạ tầng".into(),
            description: String::new(),
            routing: Routing::Area,
            questions: vec![
                Question {
                    code: "depth".into(),
                    datatype: Datatype::Singlevaluelist,
                    required: true,
                    description: "Mức ngập".into(),
                    values: vec![
                        ("ankle".into(), "Đến mắt cá".into()),
                        ("knee".into(), "Đến gối".into()),
                    ],
                },
                Question {
                    code: "hours".into(),
                    datatype: Datatype::Number,
                    required: false,
                    description: "Đã ngập bao nhiêu giờ".into(),
                    values: vec![],
                },
            ],
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            m.entry((*k).into()).or_default().push((*v).into());
        }
        m
    }

    #[test]
    fn answers_are_checked_against_the_questions() {
        let c = flooding();
        assert_eq!(
            c.check_answers(&answers(&[("depth", "knee"), ("hours", "2,5")]))
                .unwrap(),
            vec![
                ("depth".into(), "knee".into()),
                ("hours".into(), "2.5".into())
            ]
        );
        let missing = c.check_answers(&answers(&[("hours", "1")])).unwrap_err();
        assert_eq!(missing[0].field, "attribute[depth]");
        assert!(c.check_answers(&answers(&[("depth", "roof")])).is_err());
        assert!(
            c.check_answers(&answers(&[("depth", "knee"), ("hours", "many")]))
                .is_err()
        );
        assert_eq!(c.answer_label("depth", "knee").1, "Đến gối");
    }
}
