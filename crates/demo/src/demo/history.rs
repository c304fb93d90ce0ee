//! Two years of believable one-stop history for the demo, so that queues, the logbook and the
//! leaders' figures have something real to show: tens of thousands of dossiers across the demo
//! communes, mostly civil-status and certification work, most on time, some late (a few with an
//! apology), some with a supplement, a few refused or withdrawn, and ratings on many returned
//! ones. Dossiers of the last days are still open at their various steps.
//!
//! Every due date comes from the legal-time engine under the counting rules in force on the day
//! of receipt, exactly as for a live intake; only the officers' speed is drawn at random (with a
//! fixed seed, so two demo databases look the same). The rows are written in their final state
//! with all their events, in one transaction per month, without notices: this is an import of
//! the past, recorded as one `dossier.import` audit entry a month.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use motcua_calendar::{CountingRules, LegalTime, TimeLimit, WorkingCalendar};
use motcua_domain::dossier::applicant::mask_person_name;
use motcua_domain::dossier::lifecycle::{ActionKind, Channel, Status, SupplementItem, Timeliness};
use motcua_domain::dossier::rating::Criterion;
use motcua_domain::dossier::record::Receipt;
use motcua_domain::dossier::timing;
use motcua_domain::ids::{DossierId, UnitId, UserId};
use motcua_domain::procedure::{Procedure, ProcedureLevel, ProcedureVersion};
use motcua_domain::unit::{Unit, UnitLevel};
use motcua_domain::{from_vn_local, vn_date, vn_local};
use motcua_store::dossiers::{
    self, ApplicantRecord, DocumentRecord, DossierRecord, EventRecord, ImportedDossier,
    RatingRecord,
};
use motcua_store::{AuditContext, Db, procedures, units, users};
use serde_json::json;

/// What was generated, for the start-up message.
#[derive(Debug, Default)]
pub struct HistoryReport {
    pub dossiers: usize,
    pub open: usize,
    pub late: usize,
    pub supplements: usize,
    pub ratings: usize,
    pub seconds: f64,
}

const FAMILY: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Lý",
];
const MIDDLE: [&str; 8] = [
    "Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Thu",
];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai",
    "Nam", "Phúc", "Thảo", "Tuấn",
];

/// Who works the steps at a unit; the demo accounts at the unit they belong to, nobody named
/// elsewhere (the timeline then names the role).
#[derive(Clone, Debug, Default)]
struct Staff {
    desk: Option<(UserId, String)>,
    specialist: Option<(UserId, String)>,
    head: Option<(UserId, String)>,
}

struct Ctx<'a> {
    legal: &'a LegalTime,
    calendars: HashMap<String, Arc<WorkingCalendar>>,
    years: std::ops::RangeInclusive<i32>,
    rng: fastrand::Rng,
    now: DateTime<Utc>,
    staff: HashMap<String, Staff>,
}

impl Ctx<'_> {
    fn calendar(&mut self, unit_code: &str) -> anyhow::Result<Arc<WorkingCalendar>> {
        let key = if self.legal.unit_hours.contains_key(unit_code) {
            unit_code.to_owned()
        } else {
            String::new()
        };
        if let Some(c) = self.calendars.get(&key) {
            return Ok(Arc::clone(c));
        }
        let c = Arc::new(self.legal.calendar(
            (!key.is_empty()).then_some(key.as_str()),
            self.years.clone(),
        )?);
        self.calendars.insert(key, Arc::clone(&c));
        Ok(c)
    }

    fn person(&mut self) -> ApplicantRecord {
        let rng = &mut self.rng;
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
        // Căn cước: province of birth registration (095 Bạc Liêu, 096 Cà Mau), century and sex,
        // two digits of the year, six random digits.
        let century = if year >= 2000 { 2 } else { 0 } + u32::from(female);
        let id = format!(
            "{}{}{:02}{:06}",
            if rng.bool() { "095" } else { "096" },
            century,
            year % 100,
            rng.u32(..1_000_000)
        );
        let masked = mask_person_name(&name);
        let email = rng
            .u8(..10)
            .lt(&3)
            .then(|| format!("congdan{}@demo.motcua.invalid", rng.u32(1000..99_999)));
        ApplicantRecord {
            kind: "person".into(),
            name,
            id_number: id,
            phone: Some(format!("09{:08}", rng.u32(..100_000_000))),
            email,
            address: format!("Khóm {}", rng.u8(1..=12)),
            user_id: None,
            masked_name: masked,
        }
    }
}

/// How heavily each field of procedures is used at a commune: civil status and certification
/// are most of a ward's one-stop work.
fn weight(p: &ProcedureVersion) -> u32 {
    match p.draft.field.as_str() {
        "Hộ tịch" => 30,
        "Chứng thực" => 40,
        "Đất đai" => 6,
        "Bảo trợ xã hội" => 5,
        _ => 3,
    }
}

fn in_force(u: &Unit, day: NaiveDate) -> bool {
    u.effective_from <= day && u.effective_to.is_none_or(|to| day <= to)
}

/// Generates about `target` dossiers over the two years before `now`.
pub async fn generate(
    db: &Db,
    legal: &LegalTime,
    now: DateTime<Utc>,
    target: usize,
) -> anyhow::Result<HistoryReport> {
    let started = Instant::now();
    let today = vn_date(now);
    let first = today - Duration::days(730);
    let all_units = units::list_all(db).await?;
    let mut catalogue: Vec<Procedure> = Vec::new();
    let current = procedures::list(db, &procedures::ProcedureFilter::on(today)).await?;
    for v in &current {
        catalogue.push(procedures::get_procedure(db, &v.draft.code).await?);
    }
    let mut staff: HashMap<String, Staff> = HashMap::new();
    for u in users::list_all(db).await? {
        let Some(unit) = u.unit else { continue };
        let Some(code) = all_units
            .iter()
            .find(|x| x.id == unit)
            .map(|x| x.code.to_string())
        else {
            continue;
        };
        let s = staff.entry(code).or_default();
        let who = Some((u.id, u.full_name.clone()));
        match u.login.as_str() {
            l if l.starts_with("motcua.") => s.desk = who,
            l if l.starts_with("chuyenvien.") => s.specialist = who,
            l if l.starts_with("lanhdao.") => s.head = who,
            _ => {}
        }
    }
    let mut ctx = Ctx {
        legal,
        calendars: HashMap::new(),
        years: (first.year() - 1)..=(today.year() + 1),
        rng: fastrand::Rng::with_seed(20_251_128),
        now,
        staff,
    };
    let default_cal = ctx.calendar("")?;
    let mut working_days = Vec::new();
    let mut day = first;
    while day <= today {
        if default_cal.is_working_day(day)? {
            working_days.push(day);
        }
        day += Duration::days(1);
    }
    // Dossiers a working day, on average; each day varies by ±30 %.
    let per_day = target as f64 / working_days.len().max(1) as f64;
    let mut report = HistoryReport::default();
    let mut seq: HashMap<(String, NaiveDate), i64> = HashMap::new();
    let mut logbook: HashMap<(UnitId, i32), i64> = HashMap::new();
    // One transaction a month: a crash half-way leaves whole months, and no transaction is
    // large enough to stall the database.
    for month in working_days.chunk_by(|a, b| (a.year(), a.month()) == (b.year(), b.month())) {
        let mut batch = Vec::new();
        for &day in month {
            let communes: Vec<&Unit> = all_units
                .iter()
                .filter(|u| u.level == UnitLevel::Commune && in_force(u, day))
                .collect();
            let province = all_units
                .iter()
                .find(|u| u.level == UnitLevel::Province && in_force(u, day));
            let versions: Vec<&ProcedureVersion> = catalogue
                .iter()
                .filter_map(|p| p.in_force_on(day))
                .collect();
            let total_weight: u32 = versions.iter().map(|v| weight(v)).sum();
            if communes.is_empty() || versions.is_empty() {
                continue;
            }
            let expected = per_day * (0.7 + 0.6 * ctx.rng.f64());
            // Rounded at random, so small targets still spread over the two years.
            let n = expected.floor() as usize + usize::from(ctx.rng.f64() < expected.fract());
            for _ in 0..n {
                let mut pick = ctx.rng.u32(..total_weight.max(1));
                let version = versions
                    .iter()
                    .find(|v| {
                        let w = weight(v);
                        if pick < w {
                            true
                        } else {
                            pick -= w;
                            false
                        }
                    })
                    .copied()
                    .unwrap_or(versions[0]);
                let unit = match (version.draft.level, province) {
                    (ProcedureLevel::Province, Some(p)) => p,
                    _ => communes[ctx.rng.usize(..communes.len())],
                };
                let Some(sim) = simulate(&mut ctx, unit, version, day)? else {
                    continue;
                };
                let key = (unit.code.to_string(), day);
                let s = seq.entry(key).or_insert(0);
                *s += 1;
                let mut d = sim.dossier;
                let lb = logbook.entry((unit.id, day.year())).or_insert(0);
                *lb += 1;
                d.number(u32::try_from(*s)?, *lb)?;
                report.dossiers += 1;
                report.open += usize::from(d.finished_at.is_none());
                report.late += usize::from(d.outcome == Some(Timeliness::Late));
                report.supplements += usize::from(d.supplement_requested_at.is_some());
                let docs: Vec<DocumentRecord> = version
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
                        created_at: d.received_at,
                    })
                    .collect();
                report.ratings += usize::from(sim.rating.is_some());
                batch.push(ImportedDossier {
                    dossier: d,
                    documents: docs,
                    events: sim.events,
                    rating: sim.rating,
                });
            }
        }
        let mut tx = db.begin().await?;
        dossiers::import(&mut tx, &AuditContext::system(), &batch).await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    for ((agency, day), last) in &seq {
        dossiers::raise_sequence(&mut tx, agency, *day, *last).await?;
    }
    for ((unit, year), last) in &logbook {
        dossiers::raise_logbook_number(&mut tx, *unit, *year, *last).await?;
    }
    tx.commit().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

struct Simulated {
    dossier: DossierRecord,
    events: Vec<EventRecord>,
    rating: Option<RatingRecord>,
}

/// A random moment in the working hours of `day` (which is a working day).
fn moment(
    ctx: &mut Ctx<'_>,
    cal: &WorkingCalendar,
    day: NaiveDate,
) -> anyhow::Result<DateTime<Utc>> {
    let open = cal.opening(day)?;
    let close = cal.closing(day)?;
    let span = (close - open).num_minutes().max(1);
    let local = open + Duration::minutes(ctx.rng.i64(0..span));
    Ok(from_vn_local(local))
}

/// `minutes` of working time after `from`, on `cal`.
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

#[allow(clippy::too_many_lines)] // one dossier's story, told in order
fn simulate(
    ctx: &mut Ctx<'_>,
    unit: &Unit,
    version: &ProcedureVersion,
    day: NaiveDate,
) -> anyhow::Result<Option<Simulated>> {
    let p = &version.draft;
    let cal = ctx.calendar(unit.code.as_str())?;
    let received = moment(ctx, &cal, day)?;
    if received > ctx.now {
        return Ok(None);
    }
    let rules = ctx.legal.counting_rules(day).clone();
    let staff = ctx
        .staff
        .get(unit.code.as_str())
        .cloned()
        .unwrap_or_default();
    let channel = match ctx.rng.u8(..100) {
        0..=24 => Channel::Online,
        25..=27 => Channel::Post,
        _ => Channel::Desk,
    };
    let applicant = ctx.person();
    let desk = staff.desk.as_ref().map(|s| s.0);
    let (mut d, first) = DossierRecord::receive(
        Receipt {
            id: DossierId::from_uuid(uuid_at(&mut ctx.rng, received)),
            unit: unit.id,
            agency_code: unit.code.as_str(),
            version,
            channel,
            applicant,
            at: received,
            received_by: desk,
            step_user: desk,
            actor_name: staff
                .desk
                .as_ref()
                .map_or("Cán bộ một cửa".into(), |s| s.1.clone()),
            return_place: "Bộ phận Một cửa".into(),
        },
        &cal,
        &rules,
    )?;
    let day_minutes = timing::day_minutes(&cal, day)?;
    let limit = timing::time_limit(p.limit_kind, d.limit_amount, day_minutes);
    let due = d.original_due_at;
    let mut events = vec![first];
    let who = |role: motcua_domain::role::Role| -> (Option<UserId>, String) {
        use motcua_domain::role::Role as R;
        let s = match role {
            R::DeskOfficer => &staff.desk,
            R::Specialist => &staff.specialist,
            R::Head => &staff.head,
            _ => &None,
        };
        s.as_ref()
            .map_or((None, role.label_vi().to_owned()), |(id, n)| {
                (Some(*id), n.clone())
            })
    };
    let push = |events: &mut Vec<EventRecord>, mut e: EventRecord| {
        e.seq = i64::try_from(events.len()).unwrap_or(i64::MAX) + 1;
        if e.details.is_empty() {
            e.details = "{}".into();
        }
        events.push(e);
    };
    // How quick this dossier's officers are: most finish well inside their budgets.
    let pace = match ctx.rng.u8(..100) {
        0..=81 => ctx.rng.f64() * 0.6 + 0.15,
        82..=93 => ctx.rng.f64() * 0.3 + 0.75,
        _ => ctx.rng.f64() * 2.0 + 1.1,
    };
    let fate = ctx.rng.u8(..100);
    // Officers plan against the whole time the dossier has, shared by the steps' budgets; a
    // same-day dossier received at 14:00 has three hours, not a day.
    let available = timing::working_minutes_left(&cal, received, due)?.max(30);
    let total_budget: u64 = p
        .steps
        .iter()
        .map(|s| {
            u64::from(timing::step_budget_minutes(
                p.limit_kind,
                s.budget,
                day_minutes,
            ))
        })
        .sum::<u64>()
        .max(1);
    let mut t = received;
    let mut status = Status::Received;
    let mut supplement_done = false;
    for (i, step) in p.steps.iter().enumerate() {
        let i16 = u16::try_from(i)?;
        let budget = timing::step_budget_minutes(p.limit_kind, step.budget, day_minutes);
        let step_due = after(&cal, &rules, t, budget)?;
        d.step_index = Some(i16);
        d.step_role = Some(step.role);
        d.step_started_at = Some(t);
        d.step_due_at = Some(step_due);
        d.step_user = who(step.role).0;
        // About one in twenty is found incomplete at appraisal and sent back once.
        if i == 1 && fate < 6 && !supplement_done {
            let asked = after(&cal, &rules, t, (budget / 3).max(10))?;
            if asked > ctx.now {
                return finish_open(d, events, status);
            }
            supplement_done = true;
            let (actor, actor_name) = who(step.role);
            let items = vec![SupplementItem {
                document: p
                    .documents
                    .first()
                    .map_or("Tờ khai".into(), |x| x.name.clone()),
                reason: "Bản chụp không rõ, thiếu chữ ký của người yêu cầu".into(),
            }];
            push(
                &mut events,
                EventRecord {
                    at: asked,
                    action: ActionKind::RequestSupplement.code().into(),
                    actor,
                    actor_name,
                    from_status: Some(status.code().into()),
                    to_status: Status::AwaitingSupplement.code().into(),
                    details: json!({ "action": "request_supplement", "items": items }).to_string(),
                    ..EventRecord::default()
                },
            );
            d.supplement_requested_at = Some(asked);
            let back_day = vn_date(asked) + Duration::days(ctx.rng.i64(1..=8));
            let back_day = cal.next_working_day(back_day)?;
            let back = moment(ctx, &cal, back_day)?;
            if back > ctx.now {
                d.status = Status::AwaitingSupplement;
                d.due_at = None;
                d.version = i64::try_from(events.len())?;
                return Ok(Some(Simulated {
                    dossier: d,
                    events,
                    rating: None,
                }));
            }
            let (actor, actor_name) = who(motcua_domain::role::Role::DeskOfficer);
            push(
                &mut events,
                EventRecord {
                    at: back,
                    action: ActionKind::Resubmit.code().into(),
                    actor,
                    actor_name,
                    from_status: Some(Status::AwaitingSupplement.code().into()),
                    to_status: Status::InProgress.code().into(),
                    ..EventRecord::default()
                },
            );
            d.resubmitted_at = Some(back);
            let cycle = timing::SupplementCycle {
                requested: asked,
                resubmitted: Some(back),
            };
            d.due_at =
                timing::due_after_supplement(&cal, &rules, received, limit, cycle)?.map(|x| x.due);
            t = back;
            d.step_started_at = Some(t);
            d.step_due_at = Some(after(&cal, &rules, t, budget)?);
        }
        // A few are refused at appraisal, with the reason on form 03.
        if i == 1 && (6..8).contains(&fate) {
            let at = after(&cal, &rules, t, (budget / 2).max(10))?;
            if at > ctx.now {
                return finish_open(d, events, status);
            }
            let (actor, actor_name) = who(motcua_domain::role::Role::Head);
            push(
                &mut events,
                EventRecord {
                    at,
                    action: ActionKind::Refuse.code().into(),
                    actor,
                    actor_name,
                    from_status: Some(status.code().into()),
                    to_status: Status::Refused.code().into(),
                    note: "Không đủ điều kiện theo quy định (đất đang có tranh chấp)".into(),
                    ..EventRecord::default()
                },
            );
            return finish(ctx, d, events, Status::Refused, at);
        }
        let share = available as f64 * f64::from(budget) / total_budget as f64;
        let spent = (share * pace).round().max(5.0);
        let done = after(&cal, &rules, t, spent as u32)?;
        // A late dossier gets its apology one working day before the due date, when the
        // officers see it coming (about two in three do).
        let current_due = d.due_at.unwrap_or(due);
        if done > current_due && d.apologised_at.is_none() && ctx.rng.u8(..3) < 2 {
            let warn_at = from_vn_local(vn_local(current_due) - Duration::days(1));
            if warn_at > t && warn_at <= ctx.now {
                let new_due = from_vn_local(
                    cal.closing(cal.next_working_day(vn_date(done) + Duration::days(1))?)?,
                );
                let (actor, actor_name) = who(motcua_domain::role::Role::Head);
                push(
                    &mut events,
                    EventRecord {
                        at: warn_at,
                        action: ActionKind::Apologise.code().into(),
                        actor,
                        actor_name,
                        from_status: Some(status.code().into()),
                        to_status: status.code().into(),
                        note: "Cần xác minh thêm với cơ quan liên quan".into(),
                        details: json!({ "action": "apologise", "new_due": new_due }).to_string(),
                        ..EventRecord::default()
                    },
                );
                d.apologised_at = Some(warn_at);
                d.due_at = Some(new_due);
            }
        }
        if done > ctx.now {
            return finish_open(d, events, status);
        }
        let (actor, actor_name) = who(step.role);
        let next = p.steps.get(i + 1);
        let to = if next.is_some() {
            Status::InProgress
        } else {
            Status::ResultReady
        };
        let receiver = next.map(|n| who(n.role));
        push(
            &mut events,
            EventRecord {
                at: done,
                action: ActionKind::HandOver.code().into(),
                actor,
                actor_name,
                from_status: Some(status.code().into()),
                to_status: to.code().into(),
                step_index: Some(i16),
                step_name: Some(step.name.clone()),
                step_started_at: d.step_started_at,
                step_due_at: d.step_due_at,
                step_budget_minutes: Some(i64::from(budget)),
                timeliness: d.step_due_at.map(|s| Timeliness::of(done, s)),
                receiver: receiver.as_ref().and_then(|r| r.0),
                receiver_name: receiver.map(|r| r.1),
                ..EventRecord::default()
            },
        );
        status = to;
        t = done;
    }
    // Result ready at the desk; a few applicants withdraw before, most collect soon after.
    d.status = Status::ResultReady;
    d.step_index = None;
    d.step_role = Some(motcua_domain::role::Role::DeskOfficer);
    d.step_started_at = Some(t);
    d.step_due_at = None;
    d.step_user = None;
    let pickup = after(&cal, &rules, t, ctx.rng.u32(5..=day_minutes.max(10)))?;
    if pickup > ctx.now {
        d.version = i64::try_from(events.len())?;
        return Ok(Some(Simulated {
            dossier: d,
            events,
            rating: None,
        }));
    }
    let (actor, actor_name) = who(motcua_domain::role::Role::DeskOfficer);
    let (action, end) = if fate == 8 {
        (ActionKind::Stop, Status::Stopped)
    } else {
        (ActionKind::ReturnResult, Status::Returned)
    };
    push(
        &mut events,
        EventRecord {
            at: pickup,
            action: action.code().into(),
            actor,
            actor_name,
            from_status: Some(Status::ResultReady.code().into()),
            to_status: end.code().into(),
            note: if end == Status::Stopped {
                "Người nộp đề nghị rút hồ sơ".into()
            } else {
                String::new()
            },
            ..EventRecord::default()
        },
    );
    let ready = t;
    let mut out = finish(ctx, d, events, end, pickup)?;
    if let Some(sim) = out.as_mut() {
        // The agency is measured by when the result was ready, not by when the applicant came.
        sim.dossier.outcome = sim.dossier.due_at.map(|due| Timeliness::of(ready, due));
    }
    Ok(out)
}

fn finish_open(
    mut d: DossierRecord,
    events: Vec<EventRecord>,
    status: Status,
) -> anyhow::Result<Option<Simulated>> {
    d.status = status;
    d.version = i64::try_from(events.len())?;
    Ok(Some(Simulated {
        dossier: d,
        events,
        rating: None,
    }))
}

fn finish(
    ctx: &mut Ctx<'_>,
    mut d: DossierRecord,
    events: Vec<EventRecord>,
    status: Status,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<Simulated>> {
    d.status = status;
    d.step_index = None;
    d.step_role = None;
    d.step_started_at = None;
    d.step_due_at = None;
    d.step_user = None;
    d.finished_at = Some(at);
    d.outcome = d.due_at.map(|due| Timeliness::of(at, due));
    d.version = i64::try_from(events.len())?;
    // About a third of returned dossiers are rated; late ones rate lower.
    let rating = (status == Status::Returned && ctx.rng.u8(..100) < 35).then(|| {
        let late = d.outcome == Some(Timeliness::Late);
        // The criteria every applicant can answer (Decree 61/2018 Art. 31); the optional ones
        // (complaint replies, online service) are left out, as most applicants would.
        let scores: serde_json::Map<String, serde_json::Value> = Criterion::ALL
            .iter()
            .filter(|c| !c.may_not_apply())
            .map(|c| {
                let s = match (late, ctx.rng.u8(..10)) {
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
            rated_at: at + Duration::minutes(ctx.rng.i64(5..600)),
            scores_json: serde_json::Value::Object(scores).to_string(),
            average_hundredths: sum * 100 / n,
            comment: String::new(),
        }
    });
    Ok(Some(Simulated {
        dossier: d,
        events,
        rating,
    }))
}

/// A UUIDv7 for the moment of receipt, so ids sort by time as live ones do.
fn uuid_at(rng: &mut fastrand::Rng, at: DateTime<Utc>) -> uuid::Uuid {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid()
}
