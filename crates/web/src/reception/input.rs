//! The reception forms as sent (strings, shown again with their errors), each parsed once into
//! the input of its `motcua_app::reception` operation, with every field's message at once.

use chrono::NaiveDate;
use motcua_app::reception::{
    Conclusion, NewDay, NewSession, NewVisit, SessionKind, check_duty, visit::MAX_PEOPLE,
};
use motcua_app::{FieldMessage, Text};
use motcua_domain::ids::{ReceptionSessionId, UnitId};
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::reception::{HeadRole, ReceptionRuleBook};
use serde::Deserialize;

/// The log's three classes, each stored as a petition kind: KN-PA is kept as a recommendation,
/// which is as far as a reception officer classifies it (the petition register splits it).
pub const CLASSES: [(&str, PetitionKind); 3] = [
    ("KN", PetitionKind::Complaint),
    ("TC", PetitionKind::Denunciation),
    ("KN-PA", PetitionKind::Recommendation),
];

/// `2026-03-18` (a date input) or `18/03/2026` (typed by hand).
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
}

/// Lines of a textarea, trimmed, without blank ones.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The fields longer than their limit.
fn too_long(fields: &[(&str, &str)]) -> Vec<FieldMessage> {
    motcua_domain::limits::check(fields)
        .into_iter()
        .map(|long| FieldMessage::new(long.field, long.message))
        .collect()
}

fn message(field: &str, id: &'static str) -> FieldMessage {
    FieldMessage::new(field, Text::id(id))
}

/// The reception-day form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DayForm {
    pub don_vi: String,
    pub head_role: String,
    pub head_name: String,
    pub day: String,
    pub place: String,
}

impl DayForm {
    /// The day to plan in `unit`, checked against the duty of the rules in force that day.
    pub fn parse(
        &self,
        unit: UnitId,
        rules: &ReceptionRuleBook,
    ) -> Result<NewDay, Vec<FieldMessage>> {
        let mut errors = too_long(&[
            ("head_role", &self.head_role),
            ("head_name", &self.head_name),
            ("day", &self.day),
            ("place", &self.place),
        ]);
        let day = parse_date(&self.day);
        if day.is_none() {
            errors.push(message("day", "reception-date-invalid"));
        }
        let role = HeadRole::parse(&self.head_role);
        match (role, day) {
            (None, _) => errors.push(message("head_role", "reception-role-invalid")),
            (Some(r), Some(d)) => errors.extend(check_duty(rules, r, d).err()),
            (Some(_), None) => {}
        }
        if self.head_name.trim().is_empty() {
            errors.push(message("head_name", "reception-head-name-required"));
        }
        match (role, day) {
            (Some(head_role), Some(day)) if errors.is_empty() => Ok(NewDay {
                unit,
                head_role,
                head_name: self.head_name.trim().to_owned(),
                day,
                place: self.place.trim().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// The open-a-session form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub don_vi: String,
    pub kind: String,
    pub held_on: String,
    pub host_name: String,
    pub host_title: String,
    pub place: String,
}

impl SessionForm {
    pub fn parse(&self, unit: UnitId) -> Result<NewSession, Vec<FieldMessage>> {
        let mut errors = too_long(&[
            ("kind", &self.kind),
            ("held_on", &self.held_on),
            ("host_name", &self.host_name),
            ("host_title", &self.host_title),
            ("place", &self.place),
        ]);
        let kind = SessionKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(message("kind", "reception-kind-invalid"));
        }
        let held_on = parse_date(&self.held_on);
        if held_on.is_none() {
            errors.push(message("held_on", "reception-date-invalid"));
        }
        if self.host_name.trim().is_empty() {
            errors.push(message("host_name", "reception-host-name-required"));
        }
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errors.is_empty() => Ok(NewSession {
                unit,
                kind,
                held_on,
                host_name: self.host_name.trim().to_owned(),
                host_title: self.host_title.trim().to_owned(),
                place: self.place.trim().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// The visit form.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct VisitForm {
    pub visitor_name: String,
    pub visitor_address: String,
    pub visitor_id_number: String,
    pub people_count: String,
    /// One name a line.
    pub representatives: String,
    pub content: String,
    /// KN, TC or KN-PA.
    pub class: String,
    pub prior_handling: String,
    /// `yes` or `no`.
    pub within_competence: String,
    pub guidance: String,
    pub forwarded_to: String,
    /// One document a line.
    pub documents: String,
}

impl Default for VisitForm {
    fn default() -> Self {
        Self {
            visitor_name: String::new(),
            visitor_address: String::new(),
            visitor_id_number: String::new(),
            people_count: "1".into(),
            representatives: String::new(),
            content: String::new(),
            class: "KN".into(),
            prior_handling: String::new(),
            within_competence: "yes".into(),
            guidance: String::new(),
            forwarded_to: String::new(),
            documents: String::new(),
        }
    }
}

impl VisitForm {
    /// The visit to record in `session`.
    pub fn parse(&self, session: ReceptionSessionId) -> Result<NewVisit, Vec<FieldMessage>> {
        let mut errors = too_long(&[
            ("visitor_name", &self.visitor_name),
            ("visitor_address", &self.visitor_address),
            ("visitor_id_number", &self.visitor_id_number),
            ("people_count", &self.people_count),
            ("representatives", &self.representatives),
            ("content", &self.content),
            ("class", &self.class),
            ("prior_handling", &self.prior_handling),
            ("within_competence", &self.within_competence),
            ("guidance", &self.guidance),
            ("forwarded_to", &self.forwarded_to),
            ("documents", &self.documents),
        ]);
        if self.visitor_name.trim().is_empty() {
            errors.push(message("visitor_name", "reception-visitor-name-required"));
        }
        if self.content.trim().is_empty() {
            errors.push(message("content", "reception-content-required"));
        }
        let people = self
            .people_count
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PEOPLE).contains(n));
        if people.is_none() {
            errors.push(message("people_count", "reception-people-count-invalid"));
        }
        let kind = CLASSES
            .iter()
            .find(|(code, _)| *code == self.class.trim())
            .map(|(_, k)| *k);
        if kind.is_none() {
            errors.push(message("class", "reception-class-invalid"));
        }
        let within_competence = match self.within_competence.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        if within_competence.is_none() {
            errors.push(message(
                "within_competence",
                "reception-within-competence-invalid",
            ));
        }
        match (people, kind, within_competence) {
            (Some(people), Some(kind), Some(within_competence)) if errors.is_empty() => {
                Ok(NewVisit {
                    session,
                    visitor_name: self.visitor_name.trim().to_owned(),
                    visitor_address: self.visitor_address.trim().to_owned(),
                    visitor_id_number: self.visitor_id_number.trim().to_owned(),
                    people,
                    representatives: lines(&self.representatives),
                    content: self.content.trim().to_owned(),
                    kind,
                    prior_handling: self.prior_handling.trim().to_owned(),
                    within_competence,
                    guidance: self.guidance.trim().to_owned(),
                    forwarded_to: self.forwarded_to.trim().to_owned(),
                    documents: lines(&self.documents),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The conclusion-notice form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConclusionForm {
    pub conclusion: String,
}

impl ConclusionForm {
    pub fn parse(&self, session: ReceptionSessionId) -> Result<Conclusion, Vec<FieldMessage>> {
        let text = self.conclusion.trim();
        if let Some(long) = motcua_domain::limits::too_long("conclusion", text) {
            return Err(vec![FieldMessage::new(long.field, long.message)]);
        }
        if text.is_empty() {
            return Err(vec![message("conclusion", "reception-conclusion-required")]);
        }
        Ok(Conclusion {
            session,
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_a_date_input_or_as_written_in_vietnam() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 18);
        assert_eq!(parse_date("2026-03-18"), d);
        assert_eq!(parse_date(" 18/03/2026 "), d);
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("18/03/26"), None);
        assert_eq!(parse_date(""), None);
    }
}
