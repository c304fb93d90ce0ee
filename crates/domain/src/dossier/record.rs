//! A dossier as the one-stop system keeps it, how a new one comes to be and how it changes: the
//! record that the store maps to rows, the timeline's events, [`DossierRecord::receive`], the
//! one constructor of a dossier just received (at the desk, online, by the seeder or the demo
//! history), which counts its due dates on the unit's working calendar, and
//! [`DossierRecord::after`], the one way an allowed action changes it (live or seeded).

use chrono::{DateTime, Datelike, Utc};
use motcua_calendar::{CalendarError, CountingRules, WorkingCalendar};

use crate::DomainError;
use crate::dossier::applicant::{Applicant, ApplicantKind};
use crate::dossier::code::DossierCode;
use crate::dossier::lifecycle::{
    ActionKind, Channel, ClockChange, Command, Snapshot, Status, Timeliness, Transition,
};
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

/// Which gateway took an online payment (Decision 766's `DuocThanhToanTrucTuyen`: 1 the
/// national portal, 2 the province's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gateway {
    Portal,
    Province,
}

impl Gateway {
    pub const ALL: [Self; 2] = [Self::Portal, Self::Province];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Portal => "portal",
            Self::Province => "province",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Portal => "Cổng Dịch vụ công quốc gia",
            Self::Province => "Cổng thanh toán của tỉnh",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == s)
    }
}

/// What Decision 766 counts of a dossier beyond its clock (indicators 1.4, 3.6, 4.1–4.4):
/// recorded at intake, when the result is issued and when the national portal confirms its
/// copy. Each is a fact about this dossier, never inferred from its channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digital {
    /// The version it was received under charges a fee (an amount above 0).
    pub fee_bearing: bool,
    pub paid_online: Option<Gateway>,
    /// The version's result is a document, so an electronic result is expected.
    pub paper_result: bool,
    /// The result was issued as an electronic file as well.
    pub e_result: bool,
    /// Every component handed in at intake came with its file (uploaded or scanned).
    pub components_digitised: bool,
    /// At least one component was replaced by data already digitised (an earlier result, a
    /// register), so the applicant did not bring it.
    pub reused_data: bool,
    /// At least one component was taken from the applicant's data store on the national
    /// portal (`DuocLayTuKhoDMQG`).
    pub from_portal_store: bool,
    /// When the national portal confirmed its copy of the dossier.
    pub synced_at: Option<DateTime<Utc>>,
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
    pub digital: Digital,
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

/// When a step with `budget` started at `from` is due (none without a step).
fn step_due(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    from: DateTime<Utc>,
    kind: LimitKind,
    budget: Option<Quantity>,
    day_minutes: u32,
) -> Result<Option<DateTime<Utc>>, CalendarError> {
    budget
        .map(|b| {
            timing::step_due(
                cal,
                rules,
                from,
                timing::step_budget_minutes(kind, b, day_minutes),
            )
        })
        .transpose()
}

/// An action the lifecycle allowed ([`Snapshot::decide`] gave `transition` for `command`).
#[derive(Debug)]
pub struct Acting<'a> {
    pub command: &'a Command,
    pub transition: &'a Transition,
    /// The procedure version the dossier was received under: its steps and their budgets.
    pub version: &'a ProcedureVersion,
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    /// Who acted, as the timeline names them.
    pub actor_name: String,
    /// For a hand-over: who receives the next step (the step's role is enough without one).
    pub receiver: Option<(UserId, String)>,
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
    /// What the intake recorded for Decision 766: payment, reused data, the files. Its fee and
    /// result fields are taken from the version, not from here.
    pub digital: Digital,
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
        let step_due = step_due(
            cal,
            rules,
            now,
            p.limit_kind,
            first_step.map(|s| s.budget),
            day_minutes,
        )?;
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
            digital: Digital {
                fee_bearing: p.fee.amount_vnd.is_some_and(|a| a > 0),
                paper_result: p.service.paper_result,
                ..r.digital
            },
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

    /// What the lifecycle rules need to know of it.
    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            status: self.status,
            step: self.step_index,
            step_count: self.step_count,
            // While awaiting a supplement there is no due date; the apology rule is then moot.
            due_at: self.due_at.unwrap_or(self.original_due_at),
            supplement_requested: self.supplement_requested_at.is_some(),
            apologised: self.apologised_at.is_some(),
        }
    }

    /// The dossier after an allowed action, and the action's timeline event (`seq` 0: the
    /// writer numbers it; the version is the writer's too). Counts on `cal` under `rules`, those
    /// in force on the day of receipt: the next step's due moment, the due date after a
    /// supplement, and the outcome of a finished dossier, measured by when its result was
    /// ready at the desk, not by when the applicant came for it.
    pub fn after(
        &self,
        a: Acting<'_>,
        cal: &WorkingCalendar,
        rules: &CountingRules,
    ) -> Result<(Self, EventRecord), CalendarError> {
        let p = &a.version.draft;
        let t = a.transition;
        let now = a.at;
        let day_minutes = timing::day_minutes(cal, vn_date(self.received_at))?;
        let mut d = self.clone();
        d.status = t.status;
        let mut event = EventRecord {
            at: now,
            action: a.command.kind().code().into(),
            actor: a.actor,
            actor_name: a.actor_name,
            from_status: Some(self.status.code().into()),
            to_status: t.status.code().into(),
            note: String::new(),
            details: serde_json::to_string(a.command).unwrap_or_default(),
            ..EventRecord::default()
        };
        // The step that ends here, for the control sheet.
        if let Some(i) = t.finished_step {
            let step = p.steps.get(usize::from(i));
            event.step_index = Some(i);
            event.step_name = step.map(|s| s.name.clone());
            event.step_started_at = self.step_started_at;
            event.step_due_at = self.step_due_at;
            event.step_budget_minutes = step.map(|s| {
                i64::from(timing::step_budget_minutes(
                    p.limit_kind,
                    s.budget,
                    day_minutes,
                ))
            });
            event.timeliness = self.step_due_at.map(|due| Timeliness::of(now, due));
        }
        match a.command {
            Command::ReturnResult {
                note,
                electronic_result,
            } => {
                event.note.clone_from(note);
                d.digital.e_result = *electronic_result;
            }
            Command::HandOver { note }
            | Command::Resubmit { note }
            | Command::RequestSupplement { note, .. } => event.note.clone_from(note),
            Command::Refuse { reason } | Command::Stop { reason } => event.note.clone_from(reason),
            Command::Apologise { reason, .. } => event.note.clone_from(reason),
            Command::Transfer { to_unit, reason } => {
                event.note.clone_from(reason);
                event.from_unit = Some(self.handling_unit);
                event.to_unit = Some(*to_unit);
                d.handling_unit = *to_unit;
            }
        }
        if let Some((user, name)) = &a.receiver {
            event.receiver = Some(*user);
            event.receiver_name = Some(name.clone());
        }
        // The next step, if the dossier moved to one (or restarted the same one after a
        // supplement or a transfer).
        d.step_index = t.step;
        let starts_step = matches!(
            a.command.kind(),
            ActionKind::HandOver | ActionKind::Resubmit | ActionKind::Transfer
        );
        match t.step {
            Some(i) if starts_step => {
                let step = p.steps.get(usize::from(i));
                d.step_role = step.map(|s| s.role);
                d.step_started_at = Some(now);
                d.step_due_at = step_due(
                    cal,
                    rules,
                    now,
                    p.limit_kind,
                    step.map(|s| s.budget),
                    day_minutes,
                )?;
                d.step_user = a.receiver.as_ref().map(|(u, _)| *u);
            }
            Some(_) => {}
            None => {
                // Back at the desk (result ready) or finished.
                let ready = t.status == Status::ResultReady;
                d.step_role = ready.then_some(Role::DeskOfficer);
                d.step_started_at = ready.then_some(now);
                d.step_due_at = None;
                d.step_user = None;
            }
        }
        match t.clock {
            Some(ClockChange::Stop) => {
                d.supplement_requested_at = Some(now);
                d.due_at = None;
            }
            Some(ClockChange::Start) => {
                d.resubmitted_at = Some(now);
                let limit = timing::time_limit(self.limit_kind, self.limit_amount, day_minutes);
                let cycle = timing::SupplementCycle {
                    requested: self.supplement_requested_at.unwrap_or(now),
                    resubmitted: Some(now),
                };
                d.due_at =
                    timing::due_after_supplement(cal, rules, self.received_at, limit, cycle)?
                        .map(|x| x.due);
            }
            Some(ClockChange::NewDue(new_due)) => {
                d.apologised_at = Some(now);
                d.due_at = Some(new_due);
            }
            None => {}
        }
        if t.status.is_finished() {
            d.finished_at = Some(now);
            let done = match self.status {
                Status::ResultReady => self.step_started_at.unwrap_or(now),
                _ => now,
            };
            d.outcome = d.due_at.map(|due| Timeliness::of(done, due));
            d.watch = None;
        }
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
