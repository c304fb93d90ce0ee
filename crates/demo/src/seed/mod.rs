//! `motcua seed`: fills a database with many believable cases — one-stop dossiers and
//! petitions — for load tests and benchmarks, spread over the demo units and the last two years.
//!
//! One thread draws the cases (due dates from the legal-time engine, and each petition opened
//! and walked by the same functions as a live one) while the async side writes the previous
//! batch, so the two cores work at once. The writer is the history import
//! (`motcua_app::history`): each batch is one transaction that numbers its cases by continuing
//! the database's counters and raises them, so seeding twice, or seeding a database in use,
//! never reuses a number.

mod dossier;
mod petition;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use motcua_app::history::{self, Numbering};
use motcua_app::{Actor, Context};
use motcua_calendar::WorkingCalendar;
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::procedure::{Procedure, ProcedureLevel, ProcedureVersion};
use motcua_domain::unit::{Unit, UnitLevel};
use motcua_domain::vn_date;
use motcua_store::{procedures, units, users};

/// What to seed.
#[derive(Clone, Debug)]
pub struct Options {
    pub cases: usize,
    /// Share of petitions among the cases, 0–1.
    pub petition_share: f64,
    pub seed: u64,
    /// Cases per transaction.
    pub batch: usize,
    /// How far back the cases go.
    pub days: i64,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Report {
    pub dossiers: usize,
    pub petitions: usize,
    pub open: usize,
    pub late: usize,
    pub events: usize,
    pub sealed: usize,
    /// Dossiers sent back once for a supplement.
    pub supplements: usize,
    pub ratings: usize,
    pub seconds: f64,
}

/// One transaction's worth of cases, drawn but not yet numbered.
#[derive(Default)]
struct Batch {
    cases: history::Batch,
    open: usize,
    late: usize,
}

/// Who works the steps at a unit (the demo accounts of the unit they belong to).
#[derive(Clone, Debug, Default)]
pub(crate) struct Staff {
    pub desk: Option<(UserId, String)>,
    pub specialist: Option<(UserId, String)>,
    pub head: Option<(UserId, String)>,
    pub petitions: Option<(UserId, String)>,
}

/// Everything the drawing thread needs, owned, so it can run beside the writer.
pub(crate) struct World {
    /// The operations' context: legal time, petition rules, identity keys.
    pub ctx: Context,
    pub units: Vec<Unit>,
    pub catalogue: Vec<Procedure>,
    pub staff: HashMap<UnitId, Staff>,
    pub now: DateTime<Utc>,
    calendars: HashMap<String, Arc<WorkingCalendar>>,
    years: std::ops::RangeInclusive<i32>,
}

impl World {
    /// The working calendar of a unit (its own hours, or the default ones), built once.
    pub fn calendar(&mut self, unit_code: &str) -> anyhow::Result<Arc<WorkingCalendar>> {
        let legal = self.ctx.clocks().legal();
        let key = if legal.unit_hours.contains_key(unit_code) {
            unit_code.to_owned()
        } else {
            String::new()
        };
        if let Some(c) = self.calendars.get(&key) {
            return Ok(Arc::clone(c));
        }
        let c = Arc::new(legal.calendar(
            (!key.is_empty()).then_some(key.as_str()),
            self.years.clone(),
        )?);
        self.calendars.insert(key, Arc::clone(&c));
        Ok(c)
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

/// What a day offers: the units in force and the procedures in force, with their weights.
struct Day<'w> {
    communes: Vec<&'w Unit>,
    province: Option<&'w Unit>,
    versions: Vec<(&'w ProcedureVersion, u32)>,
    total_weight: u32,
}

impl<'w> Day<'w> {
    fn new(units: &'w [Unit], catalogue: &'w [Procedure], date: NaiveDate) -> Self {
        let communes = units
            .iter()
            .filter(|u| u.level == UnitLevel::Commune && u.in_force_on(date))
            .collect();
        let province = units
            .iter()
            .find(|u| u.level == UnitLevel::Province && u.in_force_on(date));
        let versions: Vec<_> = catalogue
            .iter()
            .filter_map(|p| p.in_force_on(date))
            .map(|v| (v, weight(v)))
            .collect();
        let total_weight = versions.iter().map(|v| v.1).sum();
        Self {
            communes,
            province,
            versions,
            total_weight,
        }
    }

    fn pick(&self, rng: &mut fastrand::Rng) -> Option<(&'w Unit, &'w ProcedureVersion)> {
        if self.communes.is_empty() || self.versions.is_empty() {
            return None;
        }
        let mut pick = rng.u32(..self.total_weight.max(1));
        let version = self
            .versions
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or(self.versions[0].0, |v| v.0);
        let unit = match (version.draft.level, self.province) {
            (ProcedureLevel::Province, Some(p)) => p,
            _ => self.communes[rng.usize(..self.communes.len())],
        };
        Some((unit, version))
    }

    /// Where a petition goes: mostly the communes, a fifth to the province.
    fn petition_unit(&self, rng: &mut fastrand::Rng) -> Option<&'w Unit> {
        match self.province {
            Some(p) if rng.u8(..100) < 20 => Some(p),
            _ if self.communes.is_empty() => self.province,
            _ => Some(self.communes[rng.usize(..self.communes.len())]),
        }
    }
}

/// Reads what the seed draws from: units, the catalogue in force, the demo accounts.
pub(crate) async fn world(ctx: &Context, days: i64) -> anyhow::Result<World> {
    let db = ctx.db();
    let now = ctx.now();
    let today = vn_date(now);
    let first = today - Duration::days(days);
    let all_units = units::list_all(db).await?;
    let mut catalogue = Vec::new();
    let mut seen = HashSet::new();
    // Every procedure that was in force at some point of the period, not only today's.
    for day in [first, today] {
        for v in procedures::list(db, &procedures::ProcedureFilter::on(day)).await? {
            if seen.insert(v.draft.code.as_str().to_owned()) {
                catalogue.push(procedures::get_procedure(db, &v.draft.code).await?);
            }
        }
    }
    let mut staff: HashMap<UnitId, Staff> = HashMap::new();
    for u in users::list_all(db).await? {
        let Some(unit) = u.unit else { continue };
        let s = staff.entry(unit).or_default();
        let who = Some((u.id, u.full_name.clone()));
        match u.login.as_str() {
            l if l.starts_with("motcua.") => s.desk = who,
            l if l.starts_with("chuyenvien.") => s.specialist = who,
            l if l.starts_with("lanhdao.") => s.head = who,
            l if l.starts_with("xulydon.") || l.starts_with("thanhtra.") => s.petitions = who,
            _ => {}
        }
    }
    // A unit's staff also work its later versions (the same code after a reform).
    let by_code: Vec<(String, UnitId)> = all_units
        .iter()
        .map(|u| (u.code.as_str().to_owned(), u.id))
        .collect();
    for (code, id) in &by_code {
        if staff.contains_key(id) {
            continue;
        }
        if let Some(s) = by_code
            .iter()
            .find(|(c, other)| c == code && other != id && staff.contains_key(other))
            .and_then(|(_, other)| staff.get(other).cloned())
        {
            staff.insert(*id, s);
        }
    }
    Ok(World {
        ctx: ctx.clone(),
        units: all_units,
        catalogue,
        staff,
        now,
        calendars: HashMap::new(),
        years: (first.year() - 1)..=(today.year() + 1),
    })
}

/// Draws the cases, day by day, and sends them in batches of `opts.batch`.
fn draw(
    mut world: World,
    opts: &Options,
    tx: &tokio::sync::mpsc::Sender<anyhow::Result<Batch>>,
) -> anyhow::Result<()> {
    let today = vn_date(world.now);
    let first = today - Duration::days(opts.days);
    let default_cal = world.calendar("")?;
    // Up to yesterday: a case of today would need its moment before now, and an empty office
    // before opening time would have none.
    let mut working_days = Vec::new();
    let mut day = first;
    while day < today {
        if default_cal.is_working_day(day)? {
            working_days.push(day);
        }
        day += Duration::days(1);
    }
    anyhow::ensure!(!working_days.is_empty(), "no working day in the period");
    let mut rng = fastrand::Rng::with_seed(opts.seed);
    // Each day gets its share, ±30 %, and the shares add up to exactly `cases`.
    let weights: Vec<f64> = working_days.iter().map(|_| 0.7 + 0.6 * rng.f64()).collect();
    let total: f64 = weights.iter().sum();
    let units = std::mem::take(&mut world.units);
    let catalogue = std::mem::take(&mut world.catalogue);
    let mut batch = Batch::default();
    let mut cumulative = 0.0;
    let mut drawn = 0usize;
    for (&date, w) in working_days.iter().zip(&weights) {
        cumulative += w;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let until = ((opts.cases as f64) * cumulative / total).round() as usize;
        let until = until.min(opts.cases);
        let offer = Day::new(&units, &catalogue, date);
        while drawn < until {
            drawn += 1;
            if rng.f64() < opts.petition_share {
                let Some(unit) = offer.petition_unit(&mut rng) else {
                    continue;
                };
                let p = petition::draw(&mut world, &mut rng, unit, &units, date)?;
                batch.open += usize::from(p.record.closed_at.is_none());
                batch.late += usize::from(
                    p.record.closed_at.is_none()
                        && p.record.suspended_at.is_none()
                        && p.record.due_at.is_some_and(|d| d < world.now),
                );
                batch.cases.petitions.push(p);
            } else {
                let Some((unit, version)) = offer.pick(&mut rng) else {
                    continue;
                };
                let d = dossier::draw(&mut world, &mut rng, unit, version, date)?;
                batch.open += usize::from(d.dossier.finished_at.is_none());
                batch.late += usize::from(
                    d.dossier.finished_at.is_none()
                        && d.dossier.due_at.is_some_and(|due| due < world.now),
                ) + usize::from(
                    d.dossier.outcome == Some(motcua_domain::dossier::lifecycle::Timeliness::Late),
                );
                batch.cases.dossiers.push(d);
            }
            if batch.cases.dossiers.len() + batch.cases.petitions.len() >= opts.batch
                && tx.blocking_send(Ok(std::mem::take(&mut batch))).is_err()
            {
                // The writer stopped (an error it reports itself).
                return Ok(());
            }
        }
    }
    anyhow::ensure!(
        drawn == opts.cases,
        "the demo units and procedures cover no day of the period"
    );
    if !(batch.cases.dossiers.is_empty() && batch.cases.petitions.is_empty()) {
        let _ = tx.blocking_send(Ok(batch));
    }
    Ok(())
}

/// Seeds `opts.cases` cases; `progress` is told the cases written so far after each batch.
pub async fn seed(
    ctx: &Context,
    actor: &Actor,
    opts: &Options,
    progress: &(dyn Fn(usize) + Sync),
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let world = world(ctx, opts.days).await?;
    let mut numbering = Numbering::default();
    // Two batches in flight: one being drawn while the other is written.
    let (send, mut receive) = tokio::sync::mpsc::channel(2);
    let draw_opts = opts.clone();
    let drawer = std::thread::spawn(move || {
        if let Err(e) = draw(world, &draw_opts, &send) {
            let _ = send.blocking_send(Err(e));
        }
    });
    let mut report = Report::default();
    let result = async {
        while let Some(batch) = receive.recv().await {
            let mut batch = batch?;
            history::write(ctx, actor, &mut numbering, &mut batch.cases).await?;
            let cases = &batch.cases;
            report.supplements += cases
                .dossiers
                .iter()
                .filter(|d| d.dossier.supplement_requested_at.is_some())
                .count();
            report.ratings += cases.dossiers.iter().filter(|d| d.rating.is_some()).count();
            report.dossiers += cases.dossiers.len();
            report.petitions += cases.petitions.len();
            report.open += batch.open;
            report.late += batch.late;
            report.events += cases.dossiers.iter().map(|d| d.events.len()).sum::<usize>()
                + cases
                    .petitions
                    .iter()
                    .map(|p| p.events.len())
                    .sum::<usize>();
            report.sealed += cases
                .petitions
                .iter()
                .filter(|p| p.record.sender_sealed.is_some())
                .count();
            progress(report.dossiers + report.petitions);
        }
        anyhow::Ok(())
    }
    .await;
    // Stop the drawer if writing failed, then wait for it.
    drop(receive);
    let joined = drawer.join();
    result?;
    anyhow::ensure!(joined.is_ok(), "the case generator stopped unexpectedly");
    anyhow::ensure!(
        report.dossiers + report.petitions == opts.cases,
        "only {} of {} cases were written",
        report.dossiers + report.petitions,
        opts.cases
    );
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
