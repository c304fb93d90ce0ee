//! A petition's clocks: when it must be accepted, checked, forwarded, answered and resolved,
//! and whether it is on track. Every figure comes from the petition rule set in force and the
//! legal-time engine (`motcua-calendar`); this module chooses which period applies and turns
//! suspensions and extensions into clock events.

use std::fmt;

use chrono::{DateTime, Utc};
use motcua_calendar::rules::{Cutoff, Sourced};
use motcua_calendar::{ClockEvent, CountingRules, Step, TimeLimit, WorkingCalendar};
use serde::{Deserialize, Serialize};

use super::error::PetitionError;
use super::kind::PetitionKind;
use super::rules::{DayCount, Period, PetitionRuleSet};
use crate::vn_time::{from_vn_local, vn_date, vn_local};

/// How hard a case is. A complex complaint gets a longer limit from the start; a complex
/// denunciation may be extended once, an especially complex one (two or more complexity
/// criteria) twice (Law on Denunciations 2018 Art. 30). Recording either needs a written reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    Normal,
    Complex,
    EspeciallyComplex,
}

impl Complexity {
    pub const ALL: [Self; 3] = [Self::Normal, Self::Complex, Self::EspeciallyComplex];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Complex => "complex",
            Self::EspeciallyComplex => "especially_complex",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Normal => "Thông thường",
            Self::Complex => "Phức tạp",
            Self::EspeciallyComplex => "Đặc biệt phức tạp",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    /// Complaints know "complex" only; recommendations and feedback have no such notion.
    #[must_use]
    pub const fn applies_to(self, kind: PetitionKind) -> bool {
        match self {
            Self::Normal => true,
            Self::Complex => kind.is_formal(),
            Self::EspeciallyComplex => matches!(kind, PetitionKind::Denunciation),
        }
    }

    /// Extensions this complexity allows under `rules`.
    #[must_use]
    pub fn extensions_allowed(self, rules: &PetitionRuleSet) -> u32 {
        let limits = rules.denunciation_extension.value;
        match self {
            Self::Normal => 0,
            Self::Complex => limits.complex,
            Self::EspeciallyComplex => limits.especially_complex,
        }
    }
}

impl fmt::Display for Complexity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// First or second resolution of a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instance {
    First,
    Second,
}

impl Instance {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Second => "second",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::First => "Giải quyết lần đầu",
            Self::Second => "Giải quyết lần hai",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::First, Self::Second]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }
}

/// A recorded extension decision: how many days and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
}

/// A suspension (tạm đình chỉ) and, once decided, the decision to continue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

/// What a resolution clock needs to know about an accepted case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolutionCase<'a> {
    pub kind: PetitionKind,
    pub instance: Instance,
    pub complexity: Complexity,
    /// The handling unit is in a remote, hard-to-reach area (vùng sâu, vùng xa).
    pub remote: bool,
    /// The moment of the acceptance decision (thụ lý).
    pub accepted_at: DateTime<Utc>,
    /// In decision order.
    pub extensions: &'a [Extension],
    /// In time order; only the last may still be open.
    pub suspensions: &'a [Suspension],
}

/// A due moment with the limit that produced it, its source and the day-by-day explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub due: DateTime<Utc>,
    pub limit: TimeLimit,
    pub source: String,
    pub explanation: Vec<Step>,
}

/// Where a deadline stands at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    OnTrack,
    /// Inside the warning lead before the deadline.
    DueSoon,
    Overdue,
}

impl DeadlineState {
    pub const ALL: [Self; 3] = [Self::OnTrack, Self::DueSoon, Self::Overdue];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::OnTrack => "on_track",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::OnTrack => "Trong hạn",
            Self::DueSoon => "Sắp đến hạn",
            Self::Overdue => "Quá hạn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// The legal-time engine set up for petitions: a unit's working calendar, the counting rules in
/// force and the petition rule set in force, all for the day the petition was received.
#[derive(Clone, Debug)]
pub struct Deadlines<'a> {
    cal: &'a WorkingCalendar,
    counting: CountingRules,
    rules: &'a PetitionRuleSet,
}

impl<'a> Deadlines<'a> {
    /// Unless the rule set says otherwise, the one-stop receipt rules are switched off: a
    /// complaint received at 16:00 is received that day, and its periods start the next day as
    /// the Civil Code says, not a working day later.
    #[must_use]
    pub fn new(cal: &'a WorkingCalendar, base: &CountingRules, rules: &'a PetitionRuleSet) -> Self {
        let mut counting = base.clone();
        if !rules.one_stop_receipt_rules.value {
            let source = rules.one_stop_receipt_rules.source.clone();
            counting.cutoff = Sourced {
                value: Cutoff(None),
                source: source.clone(),
                confidence: rules.one_stop_receipt_rules.confidence,
                note: String::new(),
            };
            counting.day_off_receipt_next_working_day = Sourced {
                value: false,
                source,
                confidence: rules.one_stop_receipt_rules.confidence,
                note: String::new(),
            };
        }
        Self {
            cal,
            counting,
            rules,
        }
    }

    #[must_use]
    pub fn rules(&self) -> &PetitionRuleSet {
        self.rules
    }

    #[must_use]
    pub fn calendar(&self) -> &WorkingCalendar {
        self.cal
    }

    /// The counting rules actually used for petitions.
    #[must_use]
    pub fn counting(&self) -> &CountingRules {
        &self.counting
    }

    fn due(&self, from: DateTime<Utc>, p: &Sourced<Period>) -> Result<Due, PetitionError> {
        let limit = p.value.limit();
        let (due, explanation) = self
            .cal
            .due_explained(vn_local(from), limit, &self.counting)?;
        Ok(Due {
            due: from_vn_local(due),
            limit,
            source: p.source.clone(),
            explanation,
        })
    }

    fn sourced<T: Clone>(s: &Sourced<impl Clone>, value: T) -> Sourced<T> {
        Sourced {
            value,
            source: s.source.clone(),
            confidence: s.confidence,
            note: s.note.clone(),
        }
    }

    /// The first deadline after receipt: accept (or refuse) a complaint; log, classify and check
    /// a denunciation (longer when verification spans `several_places`); classify and handle a
    /// recommendation or feedback report.
    pub fn acceptance_due(
        &self,
        kind: PetitionKind,
        received: DateTime<Utc>,
        several_places: bool,
    ) -> Result<Due, PetitionError> {
        match kind {
            PetitionKind::Complaint => self.due(received, &self.rules.complaint_acceptance),
            PetitionKind::Denunciation => {
                let c = &self.rules.denunciation_check;
                self.due(received, &Self::sourced(c, c.value.period(several_places)))
            }
            PetitionKind::Recommendation | PetitionKind::Feedback => self.handling_due(received),
        }
    }

    /// Classify and handle any petition.
    pub fn handling_due(&self, received: DateTime<Utc>) -> Result<Due, PetitionError> {
        self.due(received, &self.rules.petition_handling)
    }

    /// Forward a petition outside competence: a denunciation within its own period, anything
    /// else within the handling period.
    pub fn forward_due(
        &self,
        kind: PetitionKind,
        received: DateTime<Utc>,
    ) -> Result<Due, PetitionError> {
        match kind {
            PetitionKind::Denunciation => self.due(received, &self.rules.denunciation_forward),
            _ => self.handling_due(received),
        }
    }

    /// The written reply to a citizen whose content was received at a reception session.
    pub fn citizen_reply_due(&self, received: DateTime<Utc>) -> Result<Due, PetitionError> {
        self.due(received, &self.rules.citizen_reply)
    }

    /// When a petition still pending must be brought to the heads' attention.
    pub fn escalation_due(&self, received: DateTime<Utc>) -> Result<Due, PetitionError> {
        self.due(received, &self.rules.escalation_alert)
    }

    /// The resolution period of a case, before extensions.
    pub fn resolution_period(
        &self,
        kind: PetitionKind,
        instance: Instance,
        complexity: Complexity,
        remote: bool,
    ) -> Result<Sourced<Period>, PetitionError> {
        if !complexity.applies_to(kind) {
            return Err(PetitionError::ComplexityNotApplicable { complexity, kind });
        }
        let complex = complexity != Complexity::Normal;
        match (kind, instance) {
            (PetitionKind::Complaint, Instance::First) => {
                let r = &self.rules.complaint_first_instance;
                Ok(Self::sourced(r, r.value.period(complex, remote)))
            }
            (PetitionKind::Complaint, Instance::Second) => {
                let r = &self.rules.complaint_second_instance;
                Ok(Self::sourced(r, r.value.period(complex, remote)))
            }
            (PetitionKind::Denunciation, Instance::First) => {
                Ok(self.rules.denunciation_resolution.clone())
            }
            (PetitionKind::Denunciation, Instance::Second) => Err(
                PetitionError::NoResolutionLimit("tố cáo (không có giải quyết lần hai)".into()),
            ),
            (kind, _) => Err(PetitionError::NoResolutionLimit(format!(
                "đơn {}",
                kind.label_vi().to_lowercase()
            ))),
        }
    }

    /// The resolution due moment: the period for the case plus its extensions, counted from
    /// acceptance, with the clock stopped from each suspension to the decision to continue.
    /// `None` while a suspension is open. Extensions are checked again against the rules, so a
    /// stored history that breaks them cannot produce a due date beyond the legal maximum.
    pub fn resolution_due(&self, case: &ResolutionCase<'_>) -> Result<Option<Due>, PetitionError> {
        let base =
            self.resolution_period(case.kind, case.instance, case.complexity, case.remote)?;
        let mut days = base.value.days;
        for (i, ext) in case.extensions.iter().enumerate() {
            check_extension(
                self.rules,
                case.kind,
                case.complexity,
                &case.extensions[..i],
                ext.days,
                &ext.reason,
            )?;
            days += ext.days;
        }
        let limit = base.value.counting.limit(days);
        let mut events = Vec::new();
        for (i, s) in case.suspensions.iter().enumerate() {
            events.push(ClockEvent::Pause(vn_local(s.from)));
            match s.until {
                Some(until) => events.push(ClockEvent::Resume(vn_local(until))),
                None if i + 1 < case.suspensions.len() => {
                    return Err(PetitionError::Missing(
                        crate::message::Missing::PreviousResumeDate,
                    ));
                }
                None => {}
            }
        }
        let reading =
            self.cal
                .run_clock(vn_local(case.accepted_at), limit, &self.counting, &events)?;
        Ok(reading.due.map(|due| Due {
            due: from_vn_local(due),
            limit,
            source: base.source.clone(),
            explanation: reading.steps,
        }))
    }

    /// On track, due soon (inside the warning lead) or overdue at `now`.
    pub fn state(
        &self,
        now: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Result<DeadlineState, PetitionError> {
        if now > due {
            return Ok(DeadlineState::Overdue);
        }
        let lead = self.rules.warning_lead.value;
        let (today, last) = (vn_date(now), vn_date(due));
        let left = match lead.counting {
            DayCount::WorkingDays => self.cal.working_days_between(today, last)?,
            DayCount::CalendarDays => u32::try_from((last - today).num_days()).unwrap_or(0),
        };
        Ok(if left <= lead.days {
            DeadlineState::DueSoon
        } else {
            DeadlineState::OnTrack
        })
    }
}

/// May a case of `kind` and `complexity`, already extended by `previous`, be extended by `days`
/// more? Only denunciations are extended (complaints get their longer limit at acceptance);
/// a normal case not at all, a complex one once, an especially complex one twice, each time
/// by at most the rule's maximum, and always with a written reason.
pub fn check_extension(
    rules: &PetitionRuleSet,
    kind: PetitionKind,
    complexity: Complexity,
    previous: &[Extension],
    days: u32,
    reason: &str,
) -> Result<(), PetitionError> {
    if kind != PetitionKind::Denunciation {
        return Err(PetitionError::ExtensionNotApplicable(kind));
    }
    let limits = &rules.denunciation_extension;
    let allowed = complexity.extensions_allowed(rules);
    if allowed == 0 {
        return Err(PetitionError::ExtensionBeyondLimit(format!(
            "vụ việc không được xác định là phức tạp nên không được gia hạn ({}).",
            limits.source
        )));
    }
    if previous.len() >= allowed as usize {
        return Err(PetitionError::ExtensionBeyondLimit(format!(
            "vụ việc {} chỉ được gia hạn {allowed} lần và đã gia hạn {} lần ({}).",
            complexity.label_vi().to_lowercase(),
            previous.len(),
            limits.source
        )));
    }
    if days == 0 {
        return Err(PetitionError::Missing(
            crate::message::Missing::ExtensionDays,
        ));
    }
    if days > limits.value.max_days {
        return Err(PetitionError::ExtensionBeyondLimit(format!(
            "mỗi lần gia hạn không quá {} ngày; đề nghị {days} ngày ({}).",
            limits.value.max_days, limits.source
        )));
    }
    if reason.trim().is_empty() {
        return Err(PetitionError::Missing(
            crate::message::Missing::ExtensionReason,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};
    use motcua_calendar::LegalTime;

    use super::super::rules::PetitionRuleBook;
    use super::*;

    pub(crate) fn vn(s: &str) -> DateTime<Utc> {
        from_vn_local(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    struct Env {
        cal: WorkingCalendar,
        legal: LegalTime,
        book: PetitionRuleBook,
    }

    fn env() -> Env {
        let legal = LegalTime::shipped().unwrap();
        Env {
            cal: legal.calendar(None, 2025..=2027).unwrap(),
            legal,
            book: PetitionRuleBook::shipped().unwrap(),
        }
    }

    impl Env {
        fn at(&self, date: &str) -> Deadlines<'_> {
            let d = day(date);
            Deadlines::new(
                &self.cal,
                self.legal.counting_rules(d),
                self.book.in_force(d),
            )
        }
    }

    fn case(kind: PetitionKind, accepted: &str) -> ResolutionCase<'static> {
        ResolutionCase {
            kind,
            instance: Instance::First,
            complexity: Complexity::Normal,
            remote: false,
            accepted_at: vn(accepted),
            extensions: &[],
            suspensions: &[],
        }
    }

    fn ext(days: u32) -> Extension {
        Extension {
            days,
            reason: "cần xác minh thêm tại hai địa phương".into(),
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Complexity::ALL {
            assert_eq!(Complexity::parse(c.code()), Some(c));
            assert!(!c.label_vi().is_empty());
        }
        for s in DeadlineState::ALL {
            assert_eq!(DeadlineState::parse(s.code()), Some(s));
            assert!(!s.label_vi().is_empty());
        }
        for i in [Instance::First, Instance::Second] {
            assert_eq!(Instance::parse(i.code()), Some(i));
        }
        assert_eq!(Complexity::parse("hard"), None);
    }

    #[test]
    fn complaint_acceptance_changes_on_1_july_2026() {
        let e = env();
        // Monday 15 June 2026, after 15:00: the one-stop cut-off does not apply to petitions.
        let due = e
            .at("2026-06-15")
            .acceptance_due(PetitionKind::Complaint, vn("2026-06-15 16:00"), false)
            .unwrap();
        assert_eq!(due.limit, TimeLimit::CalendarDays(10));
        assert_eq!(vn_date(due.due), day("2026-06-25"));
        assert!(due.source.contains("Điều 27"));
        // Wednesday 1 July 2026: 7 working days → Friday 10 July.
        let due = e
            .at("2026-07-01")
            .acceptance_due(PetitionKind::Complaint, vn("2026-07-01 09:00"), false)
            .unwrap();
        assert_eq!(due.limit, TimeLimit::WorkingDays(7));
        assert_eq!(vn_date(due.due), day("2026-07-10"));
        assert!(!due.explanation.is_empty());
    }

    #[test]
    fn a_calendar_period_ending_on_a_day_off_moves_to_the_next_working_day() {
        let e = env();
        // Received Wed 3 June 2026: day 10 is Saturday 13 June → Monday 15 June.
        let due = e
            .at("2026-06-03")
            .acceptance_due(PetitionKind::Complaint, vn("2026-06-03 10:00"), false)
            .unwrap();
        assert_eq!(vn_date(due.due), day("2026-06-15"));
    }

    #[test]
    fn denunciation_check_forward_and_reply_are_working_days() {
        let e = env();
        let d = e.at("2026-03-02");
        // Monday 2 March 2026.
        let check = d
            .acceptance_due(PetitionKind::Denunciation, vn("2026-03-02 09:00"), false)
            .unwrap();
        assert_eq!(vn_date(check.due), day("2026-03-11"));
        let longer = d
            .acceptance_due(PetitionKind::Denunciation, vn("2026-03-02 09:00"), true)
            .unwrap();
        assert_eq!(longer.limit, TimeLimit::WorkingDays(10));
        assert_eq!(vn_date(longer.due), day("2026-03-16"));
        let fwd = d
            .forward_due(PetitionKind::Denunciation, vn("2026-03-02 09:00"))
            .unwrap();
        assert_eq!(vn_date(fwd.due), day("2026-03-09"));
        let fwd = d
            .forward_due(PetitionKind::Feedback, vn("2026-03-02 09:00"))
            .unwrap();
        assert_eq!(fwd.limit, TimeLimit::WorkingDays(10));
        let kn = d
            .acceptance_due(PetitionKind::Recommendation, vn("2026-03-02 09:00"), false)
            .unwrap();
        assert_eq!(kn.limit, TimeLimit::WorkingDays(10));
        let reply = d.citizen_reply_due(vn("2026-03-02 09:00")).unwrap();
        assert_eq!(vn_date(reply.due), day("2026-03-16"));
        let esc = d.escalation_due(vn("2026-03-02 09:00")).unwrap();
        assert_eq!(esc.limit, TimeLimit::CalendarDays(45));
        assert_eq!(vn_date(esc.due), day("2026-04-16"));
    }

    #[test]
    fn complaint_resolution_limits_by_instance_complexity_and_area() {
        let e = env();
        let d = e.at("2026-03-02");
        let days = |instance, complexity, remote| {
            d.resolution_period(PetitionKind::Complaint, instance, complexity, remote)
                .unwrap()
                .value
                .days
        };
        use Complexity::{Complex, Normal};
        use Instance::{First, Second};
        assert_eq!(days(First, Normal, false), 30);
        assert_eq!(days(First, Complex, false), 45);
        assert_eq!(days(First, Normal, true), 45);
        assert_eq!(days(First, Complex, true), 60);
        assert_eq!(days(Second, Normal, false), 45);
        assert_eq!(days(Second, Complex, false), 60);
        assert_eq!(days(Second, Normal, true), 60);
        assert_eq!(days(Second, Complex, true), 70);
        let err = d
            .resolution_period(
                PetitionKind::Complaint,
                First,
                Complexity::EspeciallyComplex,
                false,
            )
            .unwrap_err();
        assert_eq!(err.code(), "complexity_not_applicable");
        let err = d
            .resolution_period(PetitionKind::Feedback, First, Normal, false)
            .unwrap_err();
        assert_eq!(err.code(), "no_resolution_limit");
        let err = d
            .resolution_period(PetitionKind::Denunciation, Second, Normal, false)
            .unwrap_err();
        assert_eq!(err.code(), "no_resolution_limit");
        // Accepted Monday 2 March 2026: 30 days → 1 April.
        let due = d
            .resolution_due(&case(PetitionKind::Complaint, "2026-03-02 09:00"))
            .unwrap()
            .unwrap();
        assert_eq!(vn_date(due.due), day("2026-04-01"));
        assert!(due.source.contains("Điều 28"));
    }

    #[test]
    fn a_suspension_stops_the_clock_until_the_decision_to_continue() {
        let e = env();
        let d = e.at("2026-03-02");
        // 30 days from Monday 2 March; suspended on 10 March (7 days used: 3–9 March).
        let open = [Suspension {
            from: vn("2026-03-10 10:00"),
            until: None,
        }];
        let mut c = case(PetitionKind::Complaint, "2026-03-02 09:00");
        c.suspensions = &open;
        assert_eq!(
            d.resolution_due(&c).unwrap(),
            None,
            "no due date while suspended"
        );
        // Continued on 20 April: 23 days left, counted from 21 April → 13 May.
        let closed = [Suspension {
            from: vn("2026-03-10 10:00"),
            until: Some(vn("2026-04-20 14:00")),
        }];
        c.suspensions = &closed;
        let due = d.resolution_due(&c).unwrap().unwrap();
        assert_eq!(vn_date(due.due), day("2026-05-13"));
        let bad = [
            Suspension {
                from: vn("2026-03-10 10:00"),
                until: None,
            },
            Suspension {
                from: vn("2026-03-20 10:00"),
                until: None,
            },
        ];
        c.suspensions = &bad;
        assert_eq!(d.resolution_due(&c).unwrap_err().code(), "missing_field");
        let backwards = [Suspension {
            from: vn("2026-03-10 10:00"),
            until: Some(vn("2026-03-05 10:00")),
        }];
        c.suspensions = &backwards;
        assert_eq!(d.resolution_due(&c).unwrap_err().code(), "calendar_error");
    }

    #[test]
    fn extensions_add_their_days_up_to_ninety() {
        let e = env();
        let d = e.at("2026-03-02");
        let two = [ext(30), ext(30)];
        let mut c = case(PetitionKind::Denunciation, "2026-03-02 09:00");
        c.complexity = Complexity::EspeciallyComplex;
        c.extensions = &two;
        let due = d.resolution_due(&c).unwrap().unwrap();
        assert_eq!(due.limit, TimeLimit::CalendarDays(90));
        // 2 March + 90 days = 31 May 2026, a Sunday → Monday 1 June.
        assert_eq!(vn_date(due.due), day("2026-06-01"));
        c.complexity = Complexity::Complex;
        let err = d.resolution_due(&c).unwrap_err();
        assert_eq!(err.code(), "extension_beyond_limit");
    }

    #[test]
    fn extension_rules() {
        let e = env();
        let r = e.book.in_force(day("2026-03-02"));
        use Complexity::{Complex, EspeciallyComplex, Normal};
        use PetitionKind::{Complaint, Denunciation};
        let ok =
            |c, prev: &[Extension], days| check_extension(r, Denunciation, c, prev, days, "lý do");
        assert!(ok(Complex, &[], 30).is_ok());
        assert!(ok(EspeciallyComplex, &[ext(30)], 15).is_ok());
        for err in [
            ok(Normal, &[], 10).unwrap_err(),
            ok(Complex, &[ext(10)], 10).unwrap_err(),
            ok(EspeciallyComplex, &[ext(30), ext(30)], 10).unwrap_err(),
            ok(Complex, &[], 31).unwrap_err(),
        ] {
            assert_eq!(err.code(), "extension_beyond_limit", "{err}");
            assert!(err.to_string().starts_with("Không được gia hạn"), "{err}");
        }
        assert!(
            ok(Complex, &[], 31)
                .unwrap_err()
                .to_string()
                .contains("30 ngày")
        );
        assert_eq!(ok(Complex, &[], 0).unwrap_err().code(), "missing_field");
        let err = check_extension(r, Denunciation, Complex, &[], 10, "  ").unwrap_err();
        assert_eq!(
            err,
            PetitionError::Missing(crate::message::Missing::ExtensionReason)
        );
        let err = check_extension(r, Complaint, Complex, &[], 10, "x").unwrap_err();
        assert_eq!(err.code(), "extension_not_applicable");
    }

    #[test]
    fn timeliness_uses_the_warning_lead_in_working_days() {
        let e = env();
        let d = e.at("2026-03-02");
        // Due Friday 13 March 2026; lead 3 working days.
        let due = vn("2026-03-13 17:00");
        assert_eq!(
            d.state(vn("2026-03-09 09:00"), due).unwrap(),
            DeadlineState::OnTrack
        );
        assert_eq!(
            d.state(vn("2026-03-10 09:00"), due).unwrap(),
            DeadlineState::DueSoon
        );
        assert_eq!(
            d.state(vn("2026-03-13 16:59"), due).unwrap(),
            DeadlineState::DueSoon
        );
        assert_eq!(
            d.state(vn("2026-03-13 17:01"), due).unwrap(),
            DeadlineState::Overdue
        );
    }

    #[test]
    fn one_stop_receipt_rules_can_be_switched_back_on() {
        let e = env();
        let mut rules = e.book.in_force(day("2026-06-15")).clone();
        rules.one_stop_receipt_rules.value = true;
        let counting = e.legal.counting_rules(day("2026-06-15"));
        let d = Deadlines::new(&e.cal, counting, &rules);
        assert!(d.counting().cutoff.value.0.is_some());
        let due = d
            .acceptance_due(PetitionKind::Complaint, vn("2026-06-15 16:00"), false)
            .unwrap();
        assert_eq!(vn_date(due.due), day("2026-06-26"), "counted from Tuesday");
        let off = Deadlines::new(&e.cal, counting, e.book.in_force(day("2026-06-15")));
        assert!(off.counting().cutoff.value.0.is_none());
        assert!(!off.counting().day_off_receipt_next_working_day.value);
        assert_eq!(off.rules().id, "kn2011-tc2018");
        assert!(off.calendar().years().contains(&2026));
    }
}
