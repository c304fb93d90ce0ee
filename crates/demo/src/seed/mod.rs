//! `motcua seed`: fills a database with many believable cases — one-stop dossiers and
//! petitions — for load tests and benchmarks, spread over the demo units and the last two years.
//!
//! One thread draws the cases (due dates from the legal-time engine, as for a live intake)
//! while the async side writes the previous batch, so the two cores work at once. Each batch is
//! one transaction: a crash leaves whole batches, each with its counters already raised, so
//! the numbering stays unique for live intakes whatever happens. Codes and logbook numbers are
//! given by the writer, which continues the database's counters: seeding twice, or seeding a
//! database in use, never reuses a number.

mod dossier;
mod petition;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use motcua_calendar::{LegalTime, WorkingCalendar};
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::procedure::{Procedure, ProcedureLevel, ProcedureVersion};
use motcua_domain::unit::{Unit, UnitLevel};
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, ImportedDossier};
use motcua_store::petitions::{self, ImportedPetition};
use motcua_store::{AuditContext, Db, Tx, procedures, units, users};

use crate::demo::DemoInputs;

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
    pub seconds: f64,
}

/// One transaction's worth of cases, drawn but not yet numbered.
#[derive(Default)]
struct Batch {
    dossiers: Vec<ImportedDossier>,
    petitions: Vec<ImportedPetition>,
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
    pub legal: Arc<LegalTime>,
    pub inputs_keys: Arc<motcua_vault::Keyring>,
    pub petition_rules: Arc<motcua_domain::petition::rules::PetitionRuleBook>,
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
pub(crate) async fn world(db: &Db, inputs: &DemoInputs, days: i64) -> anyhow::Result<World> {
    let now = motcua_store::now();
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
        legal: Arc::clone(&inputs.legal),
        inputs_keys: Arc::clone(&inputs.keys),
        petition_rules: Arc::clone(&inputs.petition_rules),
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
                batch.petitions.push(p);
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
                batch.dossiers.push(d);
            }
            if batch.dossiers.len() + batch.petitions.len() >= opts.batch
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
    if !(batch.dossiers.is_empty() && batch.petitions.is_empty()) {
        let _ = tx.blocking_send(Ok(batch));
    }
    Ok(())
}

/// The counters the writer continues, and which of them this batch moved.
#[derive(Default)]
struct Numbering {
    sequences: HashMap<(String, NaiveDate), i64>,
    logbook: HashMap<(UnitId, i32), i64>,
    petitions: HashMap<(String, i32), i64>,
    unit_codes: HashMap<UnitId, String>,
}

impl Numbering {
    /// Numbers the batch's cases, continuing each counter from the database the first time it
    /// is met (taking the next number there, so a concurrent intake cannot get it too).
    async fn number(&mut self, tx: &mut Tx, batch: &mut Batch) -> anyhow::Result<Touched> {
        let mut touched = Touched::default();
        for item in &mut batch.dossiers {
            let d = &mut item.dossier;
            let day = vn_date(d.received_at);
            let key = (d.agency_code.clone(), day);
            let seq = match self.sequences.get_mut(&key) {
                Some(s) => {
                    *s += 1;
                    *s
                }
                None => {
                    let s = dossiers::next_sequence(tx, &d.agency_code, day).await?;
                    self.sequences.insert(key.clone(), s);
                    s
                }
            };
            touched.sequences.insert(key);
            let key = (d.receiving_unit, d.logbook_year);
            let n = match self.logbook.get_mut(&key) {
                Some(n) => {
                    *n += 1;
                    *n
                }
                None => {
                    let n = dossiers::next_logbook_number(tx, key.0, key.1).await?;
                    self.logbook.insert(key, n);
                    n
                }
            };
            touched.logbook.insert(key);
            d.number(u32::try_from(seq)?, n)?;
        }
        for item in &mut batch.petitions {
            let p = &mut item.record;
            let code = self
                .unit_codes
                .get(&p.unit)
                .cloned()
                .ok_or_else(|| anyhow::anyhow!("petition unit {} unknown", p.unit))?;
            let year = vn_date(p.received_at).year();
            let key = (code.clone(), year);
            let n = match self.petitions.get_mut(&key) {
                Some(n) => {
                    *n += 1;
                    *n
                }
                None => {
                    let n = petitions::next_number(tx, &code, year).await?;
                    self.petitions.insert(key.clone(), n);
                    n
                }
            };
            touched.petitions.insert(key);
            p.code = format!("{code}-{year}-{n:06}");
            if p.protected {
                p.pseudonym = format!("Người tố cáo {}", p.code);
            }
        }
        Ok(touched)
    }

    /// Raises the counters this batch moved to its last numbers, in the batch's transaction.
    async fn raise(&self, tx: &mut Tx, touched: &Touched) -> anyhow::Result<()> {
        for key in &touched.sequences {
            dossiers::raise_sequence(tx, &key.0, key.1, self.sequences[key]).await?;
        }
        for key in &touched.logbook {
            dossiers::raise_logbook_number(tx, key.0, key.1, self.logbook[key]).await?;
        }
        for key in &touched.petitions {
            petitions::raise_number(tx, &key.0, key.1, self.petitions[key]).await?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Touched {
    sequences: HashSet<(String, NaiveDate)>,
    logbook: HashSet<(UnitId, i32)>,
    petitions: HashSet<(String, i32)>,
}

/// Seeds `opts.cases` cases; `progress` is told the cases written so far after each batch.
pub async fn seed(
    db: &Db,
    inputs: &DemoInputs,
    opts: &Options,
    progress: &(dyn Fn(usize) + Sync),
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let world = world(db, inputs, opts.days).await?;
    let mut numbering = Numbering {
        unit_codes: world
            .units
            .iter()
            .map(|u| (u.id, u.code.as_str().to_owned()))
            .collect(),
        ..Numbering::default()
    };
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
            let mut tx = db.begin().await?;
            let touched = numbering.number(&mut tx, &mut batch).await?;
            // Each batch is one audit entry a kind, recorded as the system's: no one did this work.
            dossiers::import(&mut tx, &AuditContext::system(), &batch.dossiers).await?;
            petitions::import(&mut tx, &AuditContext::system(), &batch.petitions).await?;
            numbering.raise(&mut tx, &touched).await?;
            tx.commit().await?;
            report.dossiers += batch.dossiers.len();
            report.petitions += batch.petitions.len();
            report.open += batch.open;
            report.late += batch.late;
            report.events += batch.dossiers.iter().map(|d| d.events.len()).sum::<usize>()
                + batch
                    .petitions
                    .iter()
                    .map(|p| p.events.len())
                    .sum::<usize>();
            report.sealed += batch
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
