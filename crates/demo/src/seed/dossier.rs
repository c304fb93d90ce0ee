//! One seeded dossier (and one of the demo's history): received by the domain's one constructor
//! (due date from the legal-time engine under the rules in force on the day of receipt), then
//! worked by officers at a drawn pace through the lifecycle's rules and the domain's one
//! transition, as at the desk: a few supplements, refusals, apologies and withdrawals, ratings
//! on a third of the returned ones. The timeline keeps the receipt, the hand-over of the first
//! step, the hand-over of the last one (which makes the result ready) and the return; steps in
//! between are worked but not written, which keeps a million dossiers at about four million
//! events. The document checklist is written only for open dossiers, the ones an officer still
//! opens.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use motcua_calendar::{CountingRules, TimeLimit, WorkingCalendar};
use motcua_domain::dossier::applicant::mask_person_name;
use motcua_domain::dossier::lifecycle::{Channel, Command, Status, SupplementItem, Timeliness};
use motcua_domain::dossier::rating::Criterion;
use motcua_domain::dossier::record::{Acting, Digital, Gateway, Receipt};
use motcua_domain::dossier::timing;
use motcua_domain::ids::{DossierId, UserId};
use motcua_domain::procedure::ProcedureVersion;
use motcua_domain::role::Role;
use motcua_domain::unit::Unit;
use motcua_domain::{from_vn_local, vn_date, vn_local};
use motcua_store::dossiers::{
    ApplicantRecord, DocumentRecord, DossierRecord, EventRecord, ImportedDossier, RatingRecord,
};
use serde_json::json;

use super::{Staff, World};

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Lý",
    "Hồ", "Ngô",
];
const MIDDLE: [&str; 8] = [
    "Văn", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Hữu", "Đức",
];
const GIVEN: [&str; 20] = [
    "An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai",
    "Nam", "Phúc", "Thảo", "Tuấn", "Vy", "Trí", "Yến", "Sơn",
];

/// A citizen: name, căn cước (province of birth registration, century and sex, year, six
/// digits), phone, sometimes an e-mail.
pub(crate) fn person(rng: &mut fastrand::Rng) -> ApplicantRecord {
    let female = rng.bool();
    let middle = if female {
        "Thị"
    } else {
        MIDDLE[rng.usize(..MIDDLE.len())]
    };
    let name = format!(
        "{} {} {}",
        FAMILY[rng.usize(..FAMILY.len())],
        middle,
        GIVEN[rng.usize(..GIVEN.len())]
    );
    let year = rng.i32(1950..=2006);
    let century = if year >= 2000 { 2 } else { 0 } + u32::from(female);
    let id_number = format!(
        "{}{}{:02}{:06}",
        if rng.bool() { "095" } else { "096" },
        century,
        year % 100,
        rng.u32(..1_000_000)
    );
    let masked_name = mask_person_name(&name);
    let email =
        (rng.u8(..10) < 3).then(|| format!("congdan{}@demo.motcua.invalid", rng.u32(1000..99_999)));
    ApplicantRecord {
        kind: "person".into(),
        name,
        id_number,
        phone: Some(format!("09{:08}", rng.u32(..100_000_000))),
        email,
        address: format!("Khóm {}", rng.u8(1..=12)),
        user_id: None,
        masked_name,
    }
}

/// A random moment in the working hours of `day` (a working day).
pub(crate) fn moment(
    rng: &mut fastrand::Rng,
    cal: &WorkingCalendar,
    day: NaiveDate,
) -> anyhow::Result<DateTime<Utc>> {
    let open = cal.opening(day)?;
    let close = cal.closing(day)?;
    let span = (close - open).num_minutes().max(1);
    Ok(from_vn_local(open + Duration::minutes(rng.i64(0..span))))
}

/// `minutes` of working time after `from`.
fn after(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    from: DateTime<Utc>,
    minutes: u32,
) -> anyhow::Result<DateTime<Utc>> {
    Ok(timing::due_fast(
        cal,
        rules,
        from,
        TimeLimit::WorkingMinutes(minutes.max(1)),
    )?)
}

/// A UUIDv7 for the moment of receipt, so ids sort by time as live ones do.
pub(crate) fn uuid_at(rng: &mut fastrand::Rng, at: DateTime<Utc>) -> uuid::Uuid {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid()
}

fn who(staff: &Staff, role: Role) -> (Option<UserId>, String) {
    let s = match role {
        Role::DeskOfficer => &staff.desk,
        Role::Specialist => &staff.specialist,
        Role::Head => &staff.head,
        _ => &None,
    };
    s.as_ref()
        .map_or((None, role.label_vi().to_owned()), |(id, n)| {
            (Some(*id), n.clone())
        })
}

/// A dossier's story under construction: every action goes through the lifecycle's rules and
/// the domain's one transition ([`DossierRecord::after`]), as at the desk.
struct Story<'a> {
    d: DossierRecord,
    events: Vec<EventRecord>,
    version: &'a ProcedureVersion,
    cal: &'a WorkingCalendar,
    rules: &'a CountingRules,
}

impl Story<'_> {
    fn push(&mut self, mut e: EventRecord) {
        e.seq = i64::try_from(self.events.len()).unwrap_or(i64::MAX) + 1;
        if e.details.is_empty() {
            e.details = "{}".into();
        }
        self.events.push(e);
    }

    /// `command` at `at`, by `by`, handing over to `receiver`; its event is written unless
    /// `written` is false (a middle hand-over, see the module comment).
    fn act(
        &mut self,
        command: &Command,
        at: DateTime<Utc>,
        by: (Option<UserId>, String),
        receiver: Option<(UserId, String)>,
        written: bool,
    ) -> anyhow::Result<()> {
        let transition = self.d.snapshot().decide(command, at)?;
        let (d, event) = self.d.after(
            Acting {
                command,
                transition: &transition,
                version: self.version,
                at,
                actor: by.0,
                actor_name: by.1,
                receiver,
            },
            self.cal,
            self.rules,
        )?;
        self.d = d;
        if written {
            self.push(event);
        }
        Ok(())
    }

    /// Stops here, still open; its checklist is written (see the module comment).
    fn open(mut self) -> ImportedDossier {
        self.d.version = i64::try_from(self.events.len()).unwrap_or(1);
        let received = self.d.received_at;
        let documents = self
            .version
            .draft
            .documents
            .iter()
            .enumerate()
            .map(|(i, doc)| DocumentRecord {
                position: u32::try_from(i).unwrap_or(u32::MAX),
                name: doc.name.clone(),
                copy_kind: doc.copy_kind.code().to_owned(),
                provided: true,
                stage: "intake".into(),
                file: None,
                created_at: received,
            })
            .collect();
        ImportedDossier {
            dossier: self.d,
            documents,
            events: self.events,
            rating: None,
        }
    }

    /// Finished; about a third of the returned ones are rated.
    fn finish(mut self, rng: &mut fastrand::Rng) -> ImportedDossier {
        let d = &mut self.d;
        d.version = i64::try_from(self.events.len()).unwrap_or(1);
        let late = d.outcome == Some(Timeliness::Late);
        let rating = match (d.status, d.finished_at) {
            (Status::Returned, Some(at)) if rng.u8(..100) < 35 => Some(rating(rng, late, at)),
            _ => None,
        };
        ImportedDossier {
            dossier: self.d,
            documents: Vec::new(),
            events: self.events,
            rating,
        }
    }
}

/// The criteria every applicant can answer (Decree 61/2018 Art. 31); late dossiers rate lower.
fn rating(rng: &mut fastrand::Rng, late: bool, at: DateTime<Utc>) -> RatingRecord {
    let scores: serde_json::Map<String, serde_json::Value> = Criterion::ALL
        .iter()
        .filter(|c| !c.may_not_apply())
        .map(|c| {
            let s = match (late, rng.u8(..10)) {
                (false, 0) | (true, 0..=4) => 1,
                (true, 5) => 0,
                _ => 2,
            };
            (c.code().to_owned(), json!(s))
        })
        .collect();
    let sum: i64 = scores.values().filter_map(serde_json::Value::as_i64).sum();
    let n = i64::try_from(scores.len().max(1)).unwrap_or(1);
    RatingRecord {
        rated_at: at + Duration::minutes(rng.i64(5..600)),
        scores_json: serde_json::Value::Object(scores).to_string(),
        average_hundredths: sum * 100 / n,
        comment: String::new(),
    }
}

/// What Decision 766 counts of a seeded dossier, at rates like those provinces publish: files
/// with every online filing and most desk ones (scanned), online payment for most online
/// filings with a fee, reused data now and then, and nearly all synced to the national portal
/// within the hour. The seeded checklist itself carries no files (see the module comment).
fn digital_facts(
    rng: &mut fastrand::Rng,
    channel: Channel,
    fee: bool,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Digital {
    let online = channel == Channel::Online;
    let chance = |rng: &mut fastrand::Rng, percent: u8| rng.u8(..100) < percent;
    let paid = fee && chance(rng, if online { 80 } else { 12 });
    let synced_at = received + Duration::minutes(rng.i64(2..90));
    Digital {
        paid_online: paid.then(|| {
            if chance(rng, 70) {
                Gateway::Portal
            } else {
                Gateway::Province
            }
        }),
        components_digitised: online || chance(rng, 55),
        reused_data: chance(rng, if online { 35 } else { 12 }),
        from_portal_store: online && chance(rng, 18),
        synced_at: (chance(rng, 94) && synced_at <= now).then_some(synced_at),
        ..Digital::default()
    }
}

/// Draws one dossier received at `unit` on `day` for `version`, worked up to now. Its code and
/// logbook number are left for the writer.
#[allow(clippy::too_many_lines)] // one dossier's story, told in order
pub(crate) fn draw(
    world: &mut World,
    rng: &mut fastrand::Rng,
    unit: &Unit,
    version: &ProcedureVersion,
    day: NaiveDate,
) -> anyhow::Result<ImportedDossier> {
    let p = &version.draft;
    let cal = world.calendar(unit.code.as_str())?;
    let now = world.now;
    let ctx = world.ctx.clone();
    let rules = ctx.clocks().legal().counting_rules(day);
    let received = moment(rng, &cal, day)?;
    let staff = world.staff.get(&unit.id).cloned().unwrap_or_default();
    let channel = match rng.u8(..100) {
        0..=24 => Channel::Online,
        25..=27 => Channel::Post,
        _ => Channel::Desk,
    };
    let desk = who(&staff, Role::DeskOfficer);
    let digital = digital_facts(
        rng,
        channel,
        p.fee.amount_vnd.is_some_and(|a| a > 0),
        received,
        now,
    );
    let (d, first) = DossierRecord::receive(
        Receipt {
            id: DossierId::from_uuid(uuid_at(rng, received)),
            unit: unit.id,
            agency_code: unit.code.as_str(),
            version,
            channel,
            applicant: person(rng),
            at: received,
            received_by: desk.0,
            step_user: desk.0,
            actor_name: desk.1,
            return_place: "Bộ phận Một cửa".into(),
            digital,
        },
        &cal,
        rules,
    )?;
    let day_minutes = timing::day_minutes(&cal, day)?;
    let due = d.original_due_at;
    let mut s = Story {
        d,
        events: Vec::with_capacity(4),
        version,
        cal: &cal,
        rules,
    };
    s.push(first);
    // How quick this dossier's officers are: most finish well inside their budgets.
    let pace = match rng.u8(..100) {
        0..=81 => rng.f64() * 0.6 + 0.15,
        82..=93 => rng.f64() * 0.3 + 0.75,
        _ => rng.f64() * 2.0 + 1.1,
    };
    let fate = rng.u8(..100);
    let available = timing::working_minutes_left(&cal, received, due)?.max(30);
    let budgets: Vec<u32> = p
        .steps
        .iter()
        .map(|st| timing::step_budget_minutes(p.limit_kind, st.budget, day_minutes))
        .collect();
    let total_budget = budgets.iter().map(|b| u64::from(*b)).sum::<u64>().max(1);
    let last = p.steps.len().saturating_sub(1);
    let mut t = received;
    for (i, step) in p.steps.iter().enumerate() {
        let budget = budgets[i];
        let by = who(&staff, step.role);
        // About one in twenty is found incomplete at appraisal and sent back once.
        if i == 1 && fate < 5 {
            let asked = after(&cal, rules, t, (budget / 3).max(10))?;
            if asked > now {
                return Ok(s.open());
            }
            let items = vec![SupplementItem {
                document: p
                    .documents
                    .first()
                    .map_or("Tờ khai".into(), |x| x.name.clone()),
                reason: "Bản chụp không rõ, thiếu chữ ký của người yêu cầu".into(),
            }];
            s.act(
                &Command::RequestSupplement {
                    items,
                    note: "Mời ông/bà nộp bổ sung tại Bộ phận Một cửa hoặc trực tuyến.".into(),
                },
                asked,
                by.clone(),
                None,
                true,
            )?;
            let back_day = cal.next_working_day(vn_date(asked) + Duration::days(rng.i64(1..=8)))?;
            let back = moment(rng, &cal, back_day)?;
            if back > now {
                return Ok(s.open());
            }
            s.act(
                &Command::Resubmit {
                    note: String::new(),
                },
                back,
                who(&staff, Role::DeskOfficer),
                known(who(&staff, step.role)),
                true,
            )?;
            t = back;
        }
        // A few are refused at appraisal, with the reason on form 03.
        if i == 1 && (5..7).contains(&fate) {
            let at = after(&cal, rules, t, (budget / 2).max(10))?;
            if at > now {
                return Ok(s.open());
            }
            s.act(
                &Command::Refuse {
                    reason: "Không đủ điều kiện theo quy định (đất đang có tranh chấp)".into(),
                },
                at,
                who(&staff, Role::Head),
                None,
                true,
            )?;
            return Ok(s.finish(rng));
        }
        #[allow(clippy::cast_precision_loss)]
        let share = available as f64 * f64::from(budget) / total_budget as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let spent = (share * pace).round().max(5.0) as u32;
        let done = after(&cal, rules, t, spent)?;
        // Two late dossiers in three get their apology a day before the due date.
        let current_due = s.d.due_at.unwrap_or(due);
        if done > current_due && s.d.apologised_at.is_none() && rng.u8(..3) < 2 {
            let warn_at = from_vn_local(vn_local(current_due) - Duration::days(1));
            if warn_at > t && warn_at <= now {
                let new_due = from_vn_local(
                    cal.closing(cal.next_working_day(vn_date(done) + Duration::days(1))?)?,
                );
                s.act(
                    &Command::Apologise {
                        reason: "Cần xác minh thêm với cơ quan liên quan".into(),
                        new_due,
                    },
                    warn_at,
                    who(&staff, Role::Head),
                    None,
                    true,
                )?;
            }
        }
        if done > now {
            return Ok(s.open());
        }
        // A few applicants withdraw while the first step is worked (a dossier whose result
        // is ready can only be returned).
        if i == 0 && fate == 8 {
            s.act(
                &Command::Stop {
                    reason: "Người nộp đề nghị rút hồ sơ".into(),
                },
                done,
                who(&staff, Role::DeskOfficer),
                None,
                true,
            )?;
            return Ok(s.finish(rng));
        }
        let receiver = p.steps.get(i + 1).and_then(|n| known(who(&staff, n.role)));
        // Only the first and the last hand-overs are written (see the module comment).
        s.act(
            &Command::HandOver {
                note: String::new(),
            },
            done,
            by,
            receiver,
            i == 0 || i == last,
        )?;
        t = done;
    }
    // Result ready at the desk; the applicant collects it soon after.
    let pickup = after(&cal, rules, t, rng.u32(5..=day_minutes.max(10)))?;
    if pickup > now {
        return Ok(s.open());
    }
    s.act(
        &Command::ReturnResult {
            note: String::new(),
            // Most results that are a document are issued electronically too.
            electronic_result: rng.u8(..100) < 72,
        },
        pickup,
        who(&staff, Role::DeskOfficer),
        None,
        true,
    )?;
    Ok(s.finish(rng))
}

/// A named officer, as a hand-over's receiver.
fn known(who: (Option<UserId>, String)) -> Option<(UserId, String)> {
    who.0.map(|id| (id, who.1))
}
