//! A dossier as the one-stop system keeps it, and how a new one comes to be: the record that
//! the store maps to rows, the timeline's events, and [`DossierRecord::receive`], the one
//! constructor of a dossier just received (at the desk, online, by the seeder or the demo
//! history), which counts its due dates on the unit's working calendar.

use chrono::{DateTime, Datelike, Utc};
use motcua_calendar::{CalendarError, CountingRules, WorkingCalendar};

use crate::DomainError;
use crate::dossier::applicant::{Applicant, ApplicantKind};
use crate::dossier::code::DossierCode;
use crate::dossier::lifecycle::{Channel, Status, Timeliness};
use crate::dossier::timing;
use crate::ids::{DossierId, ProcedureVersionId, UnitId, UserId};
use crate::procedure::{LimitKind, ProcedureVersion, Quantity};
use crate::role::Role;
use crate::vn_date;

/// The applicant as stored: already validated by the domain; `id_number` is the citizen ID or
/// the tax code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicantRecord {
    pub kind: String,
    pub name: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: String,
    pub user_id: Option<UserId>,
    pub masked_name: String,
}

/// A dossier row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierRecord {
    pub id: DossierId,
    pub code: String,
    pub agency_code: String,
    pub receiving_unit: UnitId,
    pub handling_unit: UnitId,
    pub procedure_version: ProcedureVersionId,
    pub procedure_code: String,
    pub procedure_name: String,
    pub channel: Channel,
    pub status: Status,
    pub step_index: Option<u16>,
    pub step_count: u16,
    /// The role that works the current step.
    pub step_role: Option<Role>,
    pub step_started_at: Option<DateTime<Utc>>,
    pub step_due_at: Option<DateTime<Utc>>,
    pub step_user: Option<UserId>,
    pub applicant: ApplicantRecord,
    pub submitted_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub received_by: Option<UserId>,
    pub rules_id: String,
    pub limit_kind: LimitKind,
    pub limit_amount: Quantity,
    pub original_due_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    pub supplement_requested_at: Option<DateTime<Utc>>,
    pub resubmitted_at: Option<DateTime<Utc>>,
    pub apologised_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<Timeliness>,
    pub watch: Option<WatchFlag>,
    pub logbook_year: i32,
    pub logbook_number: i64,
    pub fee_text: String,
    pub return_place: String,
    pub version: i64,
}

/// What the late watch found, and who held the dossier when it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchFlag {
    pub kind: WatchKind,
    pub reason: String,
    pub step_index: Option<u16>,
    pub user: Option<UserId>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WatchKind {
    /// A step over its budget, or the due date close.
    AtRisk,
    /// Past the due date.
    Late,
}

impl WatchKind {
    pub const ALL: [Self; 2] = [Self::AtRisk, Self::Late];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::AtRisk => "at_risk",
            Self::Late => "late",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::AtRisk => "Có nguy cơ trễ hạn",
            Self::Late => "Đã quá hạn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "at_risk" => Some(Self::AtRisk),
            "late" => Some(Self::Late),
            _ => None,
        }
    }
}

/// One entry of the timeline and, for hand-overs and transfers, one row of the control sheet.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EventRecord {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub from_unit: Option<UnitId>,
    pub to_unit: Option<UnitId>,
    pub step_index: Option<u16>,
    pub step_name: Option<String>,
    pub step_started_at: Option<DateTime<Utc>>,
    pub step_due_at: Option<DateTime<Utc>>,
    pub step_budget_minutes: Option<i64>,
    pub timeliness: Option<Timeliness>,
    pub receiver: Option<UserId>,
    pub receiver_name: Option<String>,
    pub note: String,
    /// JSON: supplement items, the new due date of an apology, …
    pub details: String,
}

impl ApplicantRecord {
    /// The record of a checked applicant; `user` is the account that filed online, if any.
    #[must_use]
    pub fn new(a: &Applicant, user: Option<UserId>) -> Self {
        let (kind, id_number) = match &a.kind {
            ApplicantKind::Person { citizen_id, .. } => ("person", citizen_id.to_string()),
            ApplicantKind::Organisation { tax_code, .. } => {
                ("organisation", tax_code.as_str().to_owned())
            }
        };
        Self {
            kind: kind.to_owned(),
            name: a.name.clone(),
            id_number,
            phone: a.phone.as_ref().map(|p| p.as_str().to_owned()),
            email: a.email.as_ref().map(|e| e.as_str().to_owned()),
            address: a.address.clone(),
            user_id: user,
            masked_name: a.masked_name(),
        }
    }
}

/// What a dossier is received with.
#[derive(Debug)]
pub struct Receipt<'a> {
    pub id: DossierId,
    /// The receiving unit, which handles the dossier first, and its agency code.
    pub unit: UnitId,
    pub agency_code: &'a str,
    /// The procedure's version in force on the day of receipt.
    pub version: &'a ProcedureVersion,
    pub channel: Channel,
    pub applicant: ApplicantRecord,
    /// When it was submitted and received (the same moment: receipt is immediate).
    pub at: DateTime<Utc>,
    /// The officer who received it (none for an online filing).
    pub received_by: Option<UserId>,
    /// The officer holding the first step, if one does.
    pub step_user: Option<UserId>,
    /// Who received it, as the timeline names them.
    pub actor_name: String,
    pub return_place: String,
}

impl DossierRecord {
    /// A dossier just received, with its first event: its due date counted on `cal` under
    /// `rules` (those in force on the day of receipt), the first step started and its budget
    /// counted. Its code and logbook number come later, from [`DossierRecord::number`]: they are
    /// drawn from the store's sequences.
    pub fn receive(
        r: Receipt<'_>,
        cal: &WorkingCalendar,
        rules: &CountingRules,
    ) -> Result<(Self, EventRecord), CalendarError> {
        let p = &r.version.draft;
        let now = r.at;
        let today = vn_date(now);
        let day_minutes = timing::day_minutes(cal, today)?;
        let amount = timing::promised_quantity(p);
        let limit = timing::time_limit(p.limit_kind, amount, day_minutes);
        let due = timing::due_fast(cal, rules, now, limit)?;
        let first_step = p.steps.first();
        let step_due = match first_step {
            Some(s) => Some(timing::step_due(
                cal,
                rules,
                now,
                timing::step_budget_minutes(p.limit_kind, s.budget, day_minutes),
            )?),
            None => None,
        };
        let d = Self {
            id: r.id,
            code: String::new(),
            agency_code: r.agency_code.to_owned(),
            receiving_unit: r.unit,
            handling_unit: r.unit,
            procedure_version: r.version.id,
            procedure_code: p.code.as_str().to_owned(),
            procedure_name: p.name.clone(),
            channel: r.channel,
            status: Status::Received,
            step_index: Some(0),
            step_count: u16::try_from(p.steps.len().max(1)).unwrap_or(u16::MAX),
            step_role: Some(first_step.map_or(Role::DeskOfficer, |s| s.role)),
            step_started_at: Some(now),
            step_due_at: step_due,
            step_user: r.step_user,
            applicant: r.applicant,
            submitted_at: now,
            received_at: now,
            received_by: r.received_by,
            rules_id: rules.id.clone(),
            limit_kind: p.limit_kind,
            limit_amount: amount,
            original_due_at: due,
            due_at: Some(due),
            supplement_requested_at: None,
            resubmitted_at: None,
            apologised_at: None,
            finished_at: None,
            outcome: None,
            watch: None,
            logbook_year: today.year(),
            logbook_number: 0,
            fee_text: p.fee.text.clone(),
            return_place: r.return_place,
            version: 1,
        };
        let event = EventRecord {
            seq: 1,
            at: now,
            action: "received".into(),
            actor: r.received_by,
            actor_name: r.actor_name,
            to_status: Status::Received.code().into(),
            to_unit: Some(r.unit),
            step_index: Some(0),
            step_name: first_step.map(|s| s.name.clone()),
            step_started_at: Some(now),
            step_due_at: step_due,
            note: String::new(),
            details: serde_json::json!({
                "channel": r.channel.code(),
                "due_at": due,
                "rules": rules.id,
            })
            .to_string(),
            ..EventRecord::default()
        };
        Ok((d, event))
    }

    /// Gives the dossier its code, `<agency>-YYMMDD-NNNN` (Circular 01/2018 Art. 19) from the
    /// day's `seq`, and its number in the unit's logbook of the year. The number widens past
    /// 9,999 a day, as ministry portals' 6–7 digit numbers do.
    pub fn number(&mut self, seq: u32, logbook_number: i64) -> Result<(), DomainError> {
        let width = seq.to_string().len().max(4);
        self.code =
            DossierCode::new(&self.agency_code, vn_date(self.received_at), seq, width)?.to_string();
        self.logbook_number = logbook_number;
        Ok(())
    }
}
