//! Petition input as a form or the API sends it (strings), parsed into the domain's types at
//! the boundary, with a Vietnamese message per field.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use motcua_domain::from_vn_local;
use motcua_domain::ids::{UnitId, VisitId};
use motcua_domain::petition::deadlines::Complexity;
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::petition::kind::classify;
use motcua_domain::petition::lifecycle::{ActionKind, Command};
use motcua_domain::petition::signatories::{Signatories, Signatory};
use motcua_domain::petition::{PetitionKind, Source};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, FieldMessage};
use crate::i18n::Text;
use motcua_app::petitions::cases::{Registration, SecondInstance};
use motcua_app::petitions::identity::Identity;

fn on(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "on" | "yes")
}

/// A registration as typed: every value a string, empty when not given.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegisterInput {
    /// The handling unit; empty for the registering officer's own unit.
    pub unit_id: String,
    /// `khieu_nai`, `to_cao`, `kien_nghi` or `phan_anh`.
    pub kind: String,
    /// A second kind of content in the same petition: a mixed petition must be split.
    pub kind_also: String,
    /// `reception`, `direct`, `post`, `online` or `forwarded`.
    pub source: String,
    pub forwarded_by: String,
    pub visit_id: String,
    /// `YYYY-MM-DDTHH:MM` (Vietnam time); empty for now.
    pub received_at: String,
    pub subject: String,
    pub content: String,
    /// Whom a complaint is against, or the person denounced.
    pub respondent: String,
    /// `true` for a denunciation without a name.
    pub anonymous: String,
    pub sender_name: String,
    pub sender_address: String,
    pub sender_id_number: String,
    pub sender_phone: String,
    pub sender_email: String,
    /// One signatory per line; a line starting with `*` is a representative.
    pub signatories: String,
    /// The written appointment of the representatives carries every signature.
    pub appointment_signed: String,
    pub several_places: String,
    pub remote_area: String,
    /// The first-instance complaint's code, for a second complaint.
    pub first_instance_code: String,
    /// `YYYY-MM-DD`: when the first-instance decision was received.
    pub decision_received_on: String,
}

fn field(errors: &mut Vec<FieldMessage>, name: &str, message: impl Into<crate::i18n::Text>) {
    errors.push(FieldMessage {
        field: name.into(),
        message: message.into(),
    });
}

/// A `datetime-local` value in Vietnam time, or `default` when empty.
pub fn parse_local_time(raw: &str, default: DateTime<Utc>) -> Result<DateTime<Utc>, Text> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(default);
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map(from_vn_local)
        .map_err(|_| Text::id("validation-petition-received_at"))
}

pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, Text> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| Text::id("validation-petition-date"))
}

impl RegisterInput {
    /// Parses the registration, all problems at once; `own_unit` is the unit registering when
    /// the input names none.
    pub fn parse(
        &self,
        now: DateTime<Utc>,
        own_unit: Option<UnitId>,
    ) -> Result<Registration, AppError> {
        AppError::check_lengths(&[
            ("unit_id", &self.unit_id),
            ("kind", &self.kind),
            ("kind_also", &self.kind_also),
            ("source", &self.source),
            ("forwarded_by", &self.forwarded_by),
            ("visit_id", &self.visit_id),
            ("received_at", &self.received_at),
            ("subject", &self.subject),
            ("content", &self.content),
            ("respondent", &self.respondent),
            ("sender_name", &self.sender_name),
            ("sender_address", &self.sender_address),
            ("sender_id_number", &self.sender_id_number),
            ("sender_phone", &self.sender_phone),
            ("sender_email", &self.sender_email),
            ("signatories", &self.signatories),
            ("first_instance_code", &self.first_instance_code),
            ("decision_received_on", &self.decision_received_on),
        ])?;
        let mut errors = Vec::new();
        let mut kinds = Vec::new();
        for raw in [&self.kind, &self.kind_also] {
            if raw.trim().is_empty() {
                continue;
            }
            match PetitionKind::parse(raw) {
                Some(k) => kinds.push(k),
                None => field(
                    &mut errors,
                    "kind",
                    Text::with(
                        "validation-petition-kind_shown",
                        vec![("shown", raw.trim().into())],
                    ),
                ),
            }
        }
        let kind = match classify(&kinds) {
            Ok(k) => Some(k),
            Err(e) => {
                field(&mut errors, "kind", Text::of(&e));
                None
            }
        };
        let source = if self.source.trim().is_empty() {
            Some(if self.visit_id.trim().is_empty() {
                Source::Direct
            } else {
                Source::Reception
            })
        } else {
            let s = Source::parse(&self.source);
            if s.is_none() {
                field(
                    &mut errors,
                    "source",
                    Text::id("validation-petition-source"),
                );
            }
            s
        };
        let unit = if self.unit_id.trim().is_empty() {
            own_unit
        } else {
            UnitId::parse(self.unit_id.trim()).ok()
        };
        if unit.is_none() {
            field(&mut errors, "unit_id", Text::id("validation-petition-unit"));
        }
        let visit = if self.visit_id.trim().is_empty() {
            None
        } else {
            match VisitId::parse(self.visit_id.trim()) {
                Ok(v) => Some(v),
                Err(_) => {
                    field(
                        &mut errors,
                        "visit_id",
                        Text::id("validation-petition-visit"),
                    );
                    None
                }
            }
        };
        let received_at = match parse_local_time(&self.received_at, now) {
            Ok(t) if t > now + chrono::Duration::minutes(5) => {
                field(
                    &mut errors,
                    "received_at",
                    Text::id("validation-petition-received_future"),
                );
                now
            }
            Ok(t) => t,
            Err(m) => {
                field(&mut errors, "received_at", m);
                now
            }
        };
        let decision_received_on = match parse_date(&self.decision_received_on) {
            Ok(d) => d,
            Err(m) => {
                field(&mut errors, "decision_received_on", m);
                None
            }
        };
        let signatories = self.signatories();
        let (Some(kind), Some(source), Some(unit), true) = (kind, source, unit, errors.is_empty())
        else {
            return Err(AppError::Validation(errors));
        };
        let first_code = self.first_instance_code.trim();
        Ok(Registration {
            unit,
            kind,
            source,
            forwarded_by: self.forwarded_by.trim().to_owned(),
            visit,
            received_at,
            // Empty when not typed: the service derives it from the working copy, which for a
            // protected denouncer is masked.
            subject: self.subject.trim().to_owned(),
            content: self.content.trim().to_owned(),
            anonymous: on(&self.anonymous),
            sender: Identity {
                name: self.sender_name.trim().to_owned(),
                address: self.sender_address.trim().to_owned(),
                id_number: self.sender_id_number.trim().to_owned(),
                phone: self.sender_phone.trim().to_owned(),
                email: self.sender_email.trim().to_owned(),
                ..Identity::default()
            },
            signatories,
            several_places: on(&self.several_places),
            remote_area: on(&self.remote_area),
            second_instance: (!first_code.is_empty()).then(|| SecondInstance {
                first_code: first_code.to_owned(),
                decision_received_on,
            }),
            filed_by: None,
            respondent: self.respondent.trim().to_owned(),
            files: Vec::new(),
        })
    }

    /// Several signatories, one per line (`*` marks a representative); `None` for one person.
    fn signatories(&self) -> Option<Signatories> {
        let people: Vec<Signatory> = self
            .signatories
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let representative = l.starts_with('*');
                Signatory {
                    name: l.trim_start_matches('*').trim().to_owned(),
                    signed: true,
                    representative,
                }
            })
            .collect();
        (people.len() > 1).then(|| Signatories {
            people,
            appointment_signed: on(&self.appointment_signed),
        })
    }
}

/// An action as typed.
// Not `deny_unknown_fields`: the case page's form posts it with its CSRF field; the API's
// `ApiJson` refuses unknown fields all the same.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = PetitionActionInput)]
pub struct ActionInput {
    /// `classify`, `accept`, `not_accept`, `forward`, `guide`, `file`, `keep_for_inspection`,
    /// `extend`, `suspend`, `resume`, `decide` or `withdraw`.
    pub action: String,
    /// The version the person saw; a stale one is refused.
    pub version: i64,
    /// For `classify`: the kind (empty keeps it).
    pub kind: String,
    /// For `classify`: the reasons against handling, comma-separated codes (empty: eligible).
    pub reasons: String,
    /// For `not_accept`: the reason code.
    pub reason_code: String,
    /// For `accept`: `normal`, `complex` or `especially_complex`, and why.
    pub complexity: String,
    pub complexity_reason: String,
    pub remote: String,
    /// For `forward`: the competent agency.
    pub agency: String,
    /// For `extend`: days.
    pub days: String,
    /// The reason of an extension or a suspension; the guidance; the decision's summary; a note.
    pub text: String,
    /// For `withdraw`.
    pub signs_of_violation: String,
    pub partial: String,
}

impl ActionInput {
    pub fn kind(&self) -> Result<ActionKind, AppError> {
        ActionKind::parse(&self.action)
            .ok_or_else(|| AppError::field("action", Text::id("validation-action-invalid")))
    }

    /// The command, or per-field messages.
    pub fn command(&self, current: PetitionKind) -> Result<Command, AppError> {
        AppError::check_lengths(&[
            ("action", &self.action),
            ("kind", &self.kind),
            ("reasons", &self.reasons),
            ("reason_code", &self.reason_code),
            ("complexity", &self.complexity),
            ("complexity_reason", &self.complexity_reason),
            ("agency", &self.agency),
            ("days", &self.days),
            ("text", &self.text),
        ])?;
        let text = self.text.trim().to_owned();
        let need_text = |name: &str, what: &'static str| -> Result<String, AppError> {
            if text.is_empty() {
                Err(AppError::field(
                    name,
                    Text::with(
                        "validation-petition-need_text",
                        vec![("what", Text::id(what).into())],
                    ),
                ))
            } else {
                Ok(text.clone())
            }
        };
        Ok(match self.kind()? {
            ActionKind::Classify => {
                let kind = if self.kind.trim().is_empty() {
                    current
                } else {
                    PetitionKind::parse(&self.kind).ok_or_else(|| {
                        AppError::field("kind", Text::id("validation-petition-kind"))
                    })?
                };
                let mut reasons = Vec::new();
                for code in self
                    .reasons
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    reasons.push(Ineligibility::parse(code).ok_or_else(|| {
                        AppError::field(
                            "reasons",
                            Text::with("validation-petition-reason", vec![("shown", code.into())]),
                        )
                    })?);
                }
                Command::Classify { kind, reasons }
            }
            ActionKind::Accept => Command::Accept {
                complexity: if self.complexity.trim().is_empty() {
                    Complexity::Normal
                } else {
                    Complexity::parse(&self.complexity).ok_or_else(|| {
                        AppError::field("complexity", Text::id("validation-petition-complexity"))
                    })?
                },
                remote: on(&self.remote),
                complexity_reason: self.complexity_reason.trim().to_owned(),
            },
            ActionKind::NotAccept => Command::NotAccept {
                reason: Ineligibility::parse(&self.reason_code).ok_or_else(|| {
                    AppError::field("reason_code", Text::id("validation-petition-reason_code"))
                })?,
                note: text,
            },
            ActionKind::Forward => {
                if self.agency.trim().is_empty() {
                    return Err(AppError::field(
                        "agency",
                        Text::id("validation-petition-agency"),
                    ));
                }
                Command::Forward {
                    agency: self.agency.trim().to_owned(),
                    note: text,
                }
            }
            ActionKind::Guide => Command::Guide {
                guidance: need_text("text", "petition-need-guidance")?,
            },
            ActionKind::File => Command::File { note: text },
            ActionKind::KeepForInspection => Command::KeepForInspection { note: text },
            // A complaint is prolonged to the complex period the rules give: no days to ask.
            ActionKind::Extend if current == PetitionKind::Complaint => Command::Extend {
                days: 0,
                reason: need_text("text", "petition-need-extension_reason")?,
            },
            ActionKind::Extend => {
                Command::Extend {
                    days: self.days.trim().parse::<u32>().map_err(|_| {
                        AppError::field("days", Text::id("validation-petition-days"))
                    })?,
                    reason: need_text("text", "petition-need-extension_reason")?,
                }
            }
            ActionKind::Suspend => Command::Suspend {
                reason: need_text("text", "petition-need-suspension_reason")?,
            },
            ActionKind::Resume => Command::Resume { note: text },
            ActionKind::Decide => Command::Decide {
                summary: need_text("text", "petition-need-decision")?,
            },
            ActionKind::Withdraw => Command::Withdraw {
                note: text,
                signs_of_violation: on(&self.signs_of_violation),
                partial: on(&self.partial),
            },
        })
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RevealInput {
    /// Why the identity is needed; kept in the reveal log.
    pub reason: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicateInput {
    /// `link` (same matter) or `dismiss`.
    pub decision: String,
}

impl DuplicateInput {
    /// Whether the candidate is linked (true) or dismissed; anything else is refused, so a
    /// mistyped decision can never dismiss a real duplicate.
    pub fn parse(&self) -> Result<bool, AppError> {
        match self.decision.trim() {
            "link" => Ok(true),
            "dismiss" => Ok(false),
            _ => Err(AppError::field(
                "decision",
                Text::id("validation-petition-duplicate_decision"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        from_vn_local(
            NaiveDate::from_ymd_opt(2026, 11, 27)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        )
    }

    fn field_names(e: AppError) -> Vec<String> {
        e.field_messages().into_iter().map(|m| m.field).collect()
    }

    #[test]
    fn a_mixed_petition_is_refused_with_the_advice_to_split_it() {
        let input = RegisterInput {
            kind: "khieu_nai".into(),
            kind_also: "to_cao".into(),
            content: "…".into(),
            ..RegisterInput::default()
        };
        let Err(AppError::Validation(m)) = input.parse(now(), Some(UnitId::new())) else {
            panic!("accepted a mixed petition");
        };
        assert_eq!(m[0].field, "kind");
        assert!(
            m[0].message.to_string().contains("tách"),
            "{}",
            m[0].message
        );
    }

    #[test]
    fn bad_dates_and_kinds_are_reported_per_field() {
        let input = RegisterInput {
            kind: "thu_khen".into(),
            received_at: "hôm qua".into(),
            decision_received_on: "31/02/2026".into(),
            ..RegisterInput::default()
        };
        let names = field_names(input.parse(now(), Some(UnitId::new())).err().unwrap());
        for f in ["kind", "received_at", "decision_received_on"] {
            assert!(names.contains(&f.to_owned()), "{names:?}");
        }
    }

    #[test]
    fn signatories_mark_their_representatives() {
        let input = RegisterInput {
            kind: "khieu_nai".into(),
            signatories: "*Nguyễn Văn A\nTrần Thị B\n\n*Lê Văn C\n".into(),
            ..RegisterInput::default()
        };
        let s = input
            .parse(now(), Some(UnitId::new()))
            .unwrap()
            .signatories
            .unwrap();
        assert_eq!(s.people.len(), 3);
        assert_eq!(s.representatives().len(), 2);
    }

    #[test]
    fn an_extension_needs_whole_days_and_a_reason() {
        let mut a = ActionInput {
            action: "extend".into(),
            days: "mười".into(),
            text: "Cần xác minh thêm".into(),
            ..ActionInput::default()
        };
        assert_eq!(
            field_names(a.command(PetitionKind::Denunciation).unwrap_err()),
            ["days"]
        );
        a.days = "30".into();
        a.text = String::new();
        assert_eq!(
            field_names(a.command(PetitionKind::Denunciation).unwrap_err()),
            ["text"]
        );
    }
}
