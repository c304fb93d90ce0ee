//! The statistics tally: kept in the same transaction as every dossier write (see
//! `migrations/*/0019_stats.sql` for why), rebuilt from the dossier table when it is new, and
//! read by the dashboards.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::{Channel, Timeliness};
use motcua_domain::dossier::record::{Digital, DossierRecord, EventRecord, Gateway};
use motcua_domain::ids::UnitId;
use motcua_domain::procedure::OnlineLevel;
use motcua_domain::stats::{
    CaseCounts, CaseKey, DISSATISFIED_BELOW, DigitalCounts, Finish, Judging, Month, Period,
    TallyKey, TallyLine, TallyRow, Undecided,
};

use crate::petitions::PetitionRecord;

use crate::db::{Db, Tx, on_pool, queue_write};
use crate::error::{StoreError, StoreResult};
use crate::filter::{Arg, Where, bind_args};

/// What a write adds to one tally line (negative to take away).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Sums {
    dossiers: i64,
    elapsed: i64,
    allowed: i64,
    rated: i64,
    rating_sum: i64,
    dissatisfied: i64,
    digital: DigitalCounts,
}

impl Sums {
    fn of(line: &TallyLine, sign: i64) -> Self {
        Self {
            dossiers: sign,
            elapsed: sign * line.elapsed_minutes,
            allowed: sign * line.allowed_minutes,
            digital: line.digital.times(sign),
            ..Self::default()
        }
    }

    fn add(&mut self, o: &Self) {
        self.dossiers += o.dossiers;
        self.elapsed += o.elapsed;
        self.allowed += o.allowed;
        self.rated += o.rated;
        self.rating_sum += o.rating_sum;
        self.dissatisfied += o.dissatisfied;
        self.digital.add(&o.digital);
    }

    fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

fn rating_sums(average_hundredths: i64) -> Sums {
    Sums {
        rated: 1,
        rating_sum: average_hundredths,
        dissatisfied: i64::from(average_hundredths < DISSATISFIED_BELOW),
        ..Sums::default()
    }
}

const UPSERT: &str = "INSERT INTO dossier_tally (unit_id, procedure_code, channel, \
    received_month, due_month, finished_month, finish, dossiers, elapsed_minutes, \
    allowed_minutes, rated, rating_sum, dissatisfied, fee_bearing, paid_online, paper_result, \
    e_result, digitised, reused, from_store, synced) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
    $19, $20, $21) \
    ON CONFLICT (unit_id, procedure_code, channel, received_month, due_month, finished_month, \
    finish) DO UPDATE SET dossiers = dossier_tally.dossiers + excluded.dossiers, \
    elapsed_minutes = dossier_tally.elapsed_minutes + excluded.elapsed_minutes, \
    allowed_minutes = dossier_tally.allowed_minutes + excluded.allowed_minutes, \
    rated = dossier_tally.rated + excluded.rated, \
    rating_sum = dossier_tally.rating_sum + excluded.rating_sum, \
    dissatisfied = dossier_tally.dissatisfied + excluded.dissatisfied, \
    fee_bearing = dossier_tally.fee_bearing + excluded.fee_bearing, \
    paid_online = dossier_tally.paid_online + excluded.paid_online, \
    paper_result = dossier_tally.paper_result + excluded.paper_result, \
    e_result = dossier_tally.e_result + excluded.e_result, \
    digitised = dossier_tally.digitised + excluded.digitised, \
    reused = dossier_tally.reused + excluded.reused, \
    from_store = dossier_tally.from_store + excluded.from_store, \
    synced = dossier_tally.synced + excluded.synced";

const STEP_UPSERT: &str = "INSERT INTO step_tally (unit_id, month, user_id, timeliness, steps) \
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, month, user_id, timeliness) \
    DO UPDATE SET steps = step_tally.steps + excluded.steps";

/// Writes the changes, merged per line and in key order: two transactions moving dossiers
/// between the same two lines in opposite directions then lock them in the same order, so
/// PostgreSQL never has to break a deadlock between them.
async fn apply(tx: &mut Tx, changes: BTreeMap<TallyKey, Sums>) -> StoreResult<()> {
    for (k, s) in changes {
        if s.is_zero() {
            continue;
        }
        queue_write!(tx, UPSERT, |q| q
            .bind(k.unit.to_string())
            .bind(k.procedure_code.clone())
            .bind(k.channel.code())
            .bind(k.received.code())
            .bind(k.due.map_or(0, Month::code))
            .bind(k.finished.map_or(0, Month::code))
            .bind(k.finish.code())
            .bind(s.dossiers)
            .bind(s.elapsed)
            .bind(s.allowed)
            .bind(s.rated)
            .bind(s.rating_sum)
            .bind(s.dissatisfied)
            .bind(s.digital.fee_bearing)
            .bind(s.digital.paid_online)
            .bind(s.digital.paper_result)
            .bind(s.digital.e_result)
            .bind(s.digital.digitised)
            .bind(s.digital.reused)
            .bind(s.digital.from_store)
            .bind(s.digital.synced));
    }
    Ok(())
}

async fn apply_steps(
    tx: &mut Tx,
    steps: BTreeMap<(String, i64, String, String), i64>,
) -> StoreResult<()> {
    for ((unit, month, user, timeliness), n) in steps {
        queue_write!(tx, STEP_UPSERT, |q| q
            .bind(unit.clone())
            .bind(month)
            .bind(user.clone())
            .bind(timeliness.clone())
            .bind(n));
    }
    Ok(())
}

const CASE_UPSERT: &str = "INSERT INTO petition_tally (unit_id, kind, received_month, \
    due_month, closed_month, closed_late, petitions) VALUES ($1, $2, $3, $4, $5, $6, $7) \
    ON CONFLICT (unit_id, kind, received_month, due_month, closed_month, closed_late) \
    DO UPDATE SET petitions = petition_tally.petitions + excluded.petitions";

fn case_key(p: &PetitionRecord) -> CaseKey {
    CaseKey::of(
        &p.unit.to_string(),
        &p.kind,
        p.received_at,
        p.due_at,
        p.closed_at,
    )
}

/// Writes petition line changes in key order (see [`apply`]).
async fn apply_cases(tx: &mut Tx, changes: BTreeMap<CaseKey, i64>) -> StoreResult<()> {
    for (k, n) in changes {
        if n == 0 {
            continue;
        }
        queue_write!(tx, CASE_UPSERT, |q| q
            .bind(k.unit.clone())
            .bind(k.kind.clone())
            .bind(k.received.code())
            .bind(k.due.map_or(0, Month::code))
            .bind(k.closed.map_or(0, Month::code))
            .bind(i64::from(k.late))
            .bind(n));
    }
    Ok(())
}

/// A petition registered (`before` none) or moved from `before` to `after`.
pub async fn on_petition(
    tx: &mut Tx,
    before: Option<&PetitionRecord>,
    after: Option<&PetitionRecord>,
) -> StoreResult<()> {
    let mut changes: BTreeMap<CaseKey, i64> = BTreeMap::new();
    if let Some(b) = before {
        *changes.entry(case_key(b)).or_default() -= 1;
    }
    if let Some(a) = after {
        *changes.entry(case_key(a)).or_default() += 1;
    }
    apply_cases(tx, changes).await
}

/// Past petitions loaded in bulk.
pub async fn on_petition_import<'a>(
    tx: &mut Tx,
    items: impl IntoIterator<Item = &'a PetitionRecord>,
) -> StoreResult<()> {
    let mut changes: BTreeMap<CaseKey, i64> = BTreeMap::new();
    for p in items {
        *changes.entry(case_key(p)).or_default() += 1;
    }
    apply_cases(tx, changes).await
}

/// Builds the petitions' tally once, when it is empty and petitions exist (the first start
/// after migration 0022), as [`backfill`] does for dossiers. Returns the petitions counted.
pub async fn backfill_petitions(db: &Db) -> StoreResult<u64> {
    const EMPTY: &str = "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM petition_tally LIMIT 1) a) \
        - (SELECT COUNT(*) FROM (SELECT 1 FROM petition LIMIT 1) b)";
    // -1: no lines and some petitions.
    let state: i64 = on_pool!(db, p => { sqlx::query_scalar(EMPTY).fetch_one(p).await? });
    if state != -1 {
        return Ok(0);
    }
    const PETITIONS: &str = "SELECT petition_id, unit_id, kind, received_at, due_at, closed_at \
        FROM petition WHERE petition_id > $1 ORDER BY petition_id LIMIT $2";
    type Row = (
        String,
        String,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let mut changes: BTreeMap<CaseKey, i64> = BTreeMap::new();
    let (mut after, mut count) = (String::new(), 0u64);
    loop {
        let rows: Vec<Row> = on_pool!(db, p => {
            sqlx::query_as(PETITIONS).bind(&after).bind(REBUILD_PAGE).fetch_all(p).await?
        });
        let Some(last) = rows.last() else { break };
        after = last.0.clone();
        for (_, unit, kind, received, due, closed) in rows {
            *changes
                .entry(CaseKey::of(&unit, &kind, received, due, closed))
                .or_default() += 1;
            count += 1;
        }
    }
    let mut tx = db.begin().await?;
    if tx.backend() == crate::db::Backend::Postgres {
        queue_write!(
            &mut tx,
            "LOCK TABLE petition_tally IN EXCLUSIVE MODE",
            |q| q
        );
    }
    const ANY: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM petition_tally LIMIT 1) a";
    let lines: Option<i64> = crate::db::fetch_row!(&mut tx, ANY, |q| q, |row| {
        sqlx::Row::try_get::<i64, _>(&row, 0)?
    });
    if lines.unwrap_or(0) > 0 {
        tx.rollback().await?;
        return Ok(0);
    }
    apply_cases(&mut tx, changes).await?;
    tx.commit().await?;
    Ok(count)
}

fn step_key(unit: UnitId, e: &EventRecord) -> Option<(String, i64, String, String)> {
    let t = e.timeliness?;
    Some((
        unit.to_string(),
        Month::of(e.at).code(),
        e.actor.map(|u| u.to_string()).unwrap_or_default(),
        t.code().to_owned(),
    ))
}

/// A new dossier, with its first event.
pub async fn on_insert(tx: &mut Tx, d: &DossierRecord, first: &EventRecord) -> StoreResult<()> {
    let line = TallyLine::of(d);
    apply(tx, BTreeMap::from([(line.key.clone(), Sums::of(&line, 1))])).await?;
    apply_steps(
        tx,
        step_key(d.receiving_unit, first)
            .into_iter()
            .map(|k| (k, 1))
            .collect(),
    )
    .await
}

/// A dossier moved from `before` to `after` by `event`.
pub async fn on_change(
    tx: &mut Tx,
    before: &DossierRecord,
    after: &DossierRecord,
    event: &EventRecord,
) -> StoreResult<()> {
    let (old, new) = (TallyLine::of(before), TallyLine::of(after));
    if old != new {
        let mut changes: BTreeMap<TallyKey, Sums> = BTreeMap::new();
        changes
            .entry(old.key.clone())
            .or_default()
            .add(&Sums::of(&old, -1));
        changes
            .entry(new.key.clone())
            .or_default()
            .add(&Sums::of(&new, 1));
        apply(tx, changes).await?;
    }
    apply_steps(
        tx,
        step_key(after.receiving_unit, event)
            .into_iter()
            .map(|k| (k, 1))
            .collect(),
    )
    .await
}

/// A rating of a finished dossier (ratings come after the end, so the line no longer moves).
pub async fn on_rating(tx: &mut Tx, d: &DossierRecord, average_hundredths: i64) -> StoreResult<()> {
    let line = TallyLine::of(d);
    apply(
        tx,
        BTreeMap::from([(line.key, rating_sums(average_hundredths))]),
    )
    .await
}

/// Past dossiers loaded in bulk: `(dossier, events, rating average)`.
pub async fn on_import<'a>(
    tx: &mut Tx,
    items: impl IntoIterator<Item = (&'a DossierRecord, &'a [EventRecord], Option<i64>)>,
) -> StoreResult<()> {
    let mut changes: BTreeMap<TallyKey, Sums> = BTreeMap::new();
    let mut steps: BTreeMap<(String, i64, String, String), i64> = BTreeMap::new();
    for (d, events, rating) in items {
        let line = TallyLine::of(d);
        let sums = changes.entry(line.key.clone()).or_default();
        sums.add(&Sums::of(&line, 1));
        if let Some(avg) = rating {
            sums.add(&rating_sums(avg));
        }
        for e in events {
            if let Some(k) = step_key(d.receiving_unit, e) {
                *steps.entry(k).or_default() += 1;
            }
        }
    }
    apply(tx, changes).await?;
    apply_steps(tx, steps).await
}

/// Rows a rebuild reads at a time: memory stays bounded at millions of dossiers.
const REBUILD_PAGE: i64 = 50_000;

/// Whether both tallies are empty, read inside `tx`.
async fn tallies_empty(tx: &mut Tx) -> StoreResult<bool> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM dossier_tally LIMIT 1) a) + \
        (SELECT COUNT(*) FROM (SELECT 1 FROM step_tally LIMIT 1) b)";
    let n: Option<i64> = crate::db::fetch_row!(tx, SQL, |q| q, |row| {
        sqlx::Row::try_get::<i64, _>(&row, 0)?
    });
    Ok(n.unwrap_or(0) == 0)
}

/// Builds the tallies from the dossier table when both are empty and dossiers exist: the first
/// start after the upgrade that added them. Returns the dossiers counted.
///
/// The rows are read a page at a time, then written in one transaction that checks again that
/// the tallies are still empty (on PostgreSQL under a table lock): of two servers starting
/// together, the second finds the first's lines and writes nothing. Stop servers of the old
/// version before upgrading: a dossier they change between the read and the write would be
/// counted as it was.
pub async fn backfill(db: &Db) -> StoreResult<u64> {
    let (lines, dossiers): (i64, i64) = on_pool!(db, p => {
        let a: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM dossier_tally LIMIT 1) a) + \
             (SELECT COUNT(*) FROM (SELECT 1 FROM step_tally LIMIT 1) b)",
        )
        .fetch_one(p)
        .await?;
        let b: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM dossier LIMIT 1) x")
            .fetch_one(p)
            .await?;
        (a, b)
    });
    if lines > 0 || dossiers == 0 {
        return Ok(0);
    }
    const DOSSIERS: &str = "SELECT d.dossier_id, d.receiving_unit_id, d.procedure_code, \
        d.channel, d.received_at, d.original_due_at, d.due_at, d.finished_at, d.outcome, \
        d.fee_bearing, d.paid_online, d.paper_result, d.e_result, d.components_digitised, \
        d.reused_data, d.from_portal_store, d.synced_at, r.average \
        FROM dossier d LEFT JOIN dossier_rating r ON r.dossier_id = d.dossier_id \
        WHERE d.dossier_id > $1 ORDER BY d.dossier_id LIMIT $2";
    const STEPS: &str = "SELECT e.dossier_id, e.seq, d.receiving_unit_id, e.at, \
        e.actor_user_id, e.timeliness FROM dossier_event e \
        JOIN dossier d ON d.dossier_id = e.dossier_id \
        WHERE e.timeliness IS NOT NULL AND (e.dossier_id > $1 OR (e.dossier_id = $1 AND e.seq > $2)) \
        ORDER BY e.dossier_id, e.seq LIMIT $3";
    let bad = |e: String| StoreError::corrupt("dossier", e);
    let mut changes: BTreeMap<TallyKey, Sums> = BTreeMap::new();
    let mut count = 0u64;
    let mut after = String::new();
    loop {
        let rows: Vec<RebuildRow> = on_pool!(db, p => {
            sqlx::query_as(DOSSIERS).bind(&after).bind(REBUILD_PAGE).fetch_all(p).await?
        });
        let Some(last) = rows.last() else { break };
        after = last.dossier_id.clone();
        for r in rows {
            let outcome = match r.outcome.as_deref() {
                None => None,
                Some(s) => Some(Timeliness::parse(s).ok_or_else(|| bad(format!("outcome {s}")))?),
            };
            let digital = Digital {
                fee_bearing: r.fee_bearing,
                paid_online: r
                    .paid_online
                    .as_deref()
                    .map(|g| Gateway::parse(g).ok_or_else(|| bad(format!("paid_online {g}"))))
                    .transpose()?,
                paper_result: r.paper_result,
                e_result: r.e_result,
                components_digitised: r.components_digitised,
                reused_data: r.reused_data,
                from_portal_store: r.from_portal_store,
                synced_at: r.synced_at,
            };
            let line = TallyLine::from_parts(
                UnitId::parse(&r.receiving_unit_id).map_err(|e| bad(e.to_string()))?,
                r.procedure_code,
                Channel::parse(&r.channel).ok_or_else(|| bad(format!("channel {}", r.channel)))?,
                r.received_at,
                r.original_due_at,
                r.due_at,
                r.finished_at,
                outcome,
                &digital,
            );
            let sums = changes.entry(line.key.clone()).or_default();
            sums.add(&Sums::of(&line, 1));
            if let Some(avg) = r.average {
                sums.add(&rating_sums(avg));
            }
            count += 1;
        }
    }
    let mut steps: BTreeMap<(String, i64, String, String), i64> = BTreeMap::new();
    let (mut after, mut after_seq) = (String::new(), 0i64);
    loop {
        type StepRow = (String, i64, String, DateTime<Utc>, Option<String>, String);
        let rows: Vec<StepRow> = on_pool!(db, p => {
            sqlx::query_as(STEPS)
                .bind(&after)
                .bind(after_seq)
                .bind(REBUILD_PAGE)
                .fetch_all(p)
                .await?
        });
        let Some(last) = rows.last() else { break };
        (after, after_seq) = (last.0.clone(), last.1);
        for (_, _, unit, at, user, timeliness) in rows {
            let key = (
                unit,
                Month::of(at).code(),
                user.unwrap_or_default(),
                timeliness,
            );
            *steps.entry(key).or_default() += 1;
        }
    }
    let mut tx = db.begin().await?;
    if tx.backend() == crate::db::Backend::Postgres {
        queue_write!(
            &mut tx,
            "LOCK TABLE dossier_tally, step_tally IN EXCLUSIVE MODE",
            |q| q
        );
    }
    if !tallies_empty(&mut tx).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    apply(&mut tx, changes).await?;
    apply_steps(&mut tx, steps).await?;
    tx.commit().await?;
    Ok(count)
}

/// What a rebuild reads of a dossier: the columns its tally line is computed from.
#[derive(sqlx::FromRow)]
struct RebuildRow {
    dossier_id: String,
    receiving_unit_id: String,
    procedure_code: String,
    channel: String,
    received_at: DateTime<Utc>,
    original_due_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    fee_bearing: bool,
    paid_online: Option<String>,
    paper_result: bool,
    e_result: bool,
    components_digitised: bool,
    reused_data: bool,
    from_portal_store: bool,
    synced_at: Option<DateTime<Utc>>,
    average: Option<i64>,
}

/// A tally line as stored.
#[derive(sqlx::FromRow)]
struct LineRow {
    unit_id: String,
    procedure_code: String,
    channel: String,
    received_month: i64,
    due_month: i64,
    finished_month: i64,
    finish: String,
    dossiers: i64,
    elapsed_minutes: i64,
    allowed_minutes: i64,
    rated: i64,
    rating_sum: i64,
    dissatisfied: i64,
    fee_bearing: i64,
    paid_online: i64,
    paper_result: i64,
    e_result: i64,
    digitised: i64,
    reused: i64,
    from_store: i64,
    synced: i64,
}

/// Limits `w` to `units` (`None`: everywhere). False when the scope is empty: nothing to read.
fn scoped(w: &mut Where, column: &str, units: Option<&[UnitId]>) -> bool {
    match units {
        None => true,
        Some([]) => false,
        Some(units) => {
            w.in_units(column, units);
            true
        }
    }
}

fn month_of(code: i64) -> StoreResult<Option<Month>> {
    if code == 0 {
        return Ok(None);
    }
    Month::from_code(code)
        .map(Some)
        .ok_or_else(|| StoreError::corrupt("dossier_tally", format!("month {code}")))
}

/// The tally lines of `units` (all of them with an empty list: a system-wide view) that
/// matter to a period from `first` to `last`: received by its end, and not finished before
/// its start.
pub async fn lines(
    db: &Db,
    units: Option<&[UnitId]>,
    procedure: Option<&str>,
    first: Month,
    last: Month,
) -> StoreResult<Vec<TallyRow>> {
    let mut w = Where::default();
    if !scoped(&mut w, "unit_id", units) {
        return Ok(Vec::new());
    }
    if let Some(p) = procedure {
        w.cond("procedure_code = ?", Arg::Text(p.to_owned()));
    }
    w.cond_raw(format!(
        "received_month <= {} AND (finished_month = 0 OR finished_month >= {}) AND dossiers <> 0",
        last.code(),
        first.code()
    ));
    let sql = format!(
        "SELECT unit_id, procedure_code, channel, received_month, due_month, finished_month, \
         finish, dossiers, elapsed_minutes, allowed_minutes, rated, rating_sum, dissatisfied, \
         fee_bearing, paid_online, paper_result, e_result, digitised, reused, from_store, synced \
         FROM dossier_tally {}",
        w.clause()
    );
    let rows: Vec<LineRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    let bad = |e: String| StoreError::corrupt("dossier_tally", e);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(TallyRow {
            channel: Channel::parse(&r.channel).ok_or_else(|| bad(r.channel.clone()))?,
            received: month_of(r.received_month)?.ok_or_else(|| bad("received 0".into()))?,
            due: month_of(r.due_month)?,
            finished: month_of(r.finished_month)?,
            finish: Finish::parse(&r.finish).ok_or_else(|| bad(r.finish.clone()))?,
            unit_id: r.unit_id,
            procedure_code: r.procedure_code,
            dossiers: r.dossiers,
            elapsed_minutes: r.elapsed_minutes,
            allowed_minutes: r.allowed_minutes,
            rated: r.rated,
            rating_sum: r.rating_sum,
            dissatisfied: r.dissatisfied,
            digital: DigitalCounts {
                fee_bearing: r.fee_bearing,
                paid_online: r.paid_online,
                paper_result: r.paper_result,
                e_result: r.e_result,
                digitised: r.digitised,
                reused: r.reused,
                from_store: r.from_store,
                synced: r.synced,
            },
        });
    }
    Ok(out)
}

/// Open dossiers of `units` due in `[from, now)`, by receiving unit and procedure: the part
/// of the running month's dues already past, which the tally cannot tell from the rest.
pub async fn open_past_due(
    db: &Db,
    units: Option<&[UnitId]>,
    procedure: Option<&str>,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<(String, String, i64)>> {
    let mut w = Where::default();
    w.cond_raw("finished_at IS NULL".into());
    w.cond("due_at >= ?", Arg::Time(from));
    w.cond("due_at < ?", Arg::Time(now));
    if !scoped(&mut w, "receiving_unit_id", units) {
        return Ok(Vec::new());
    }
    if let Some(p) = procedure {
        w.cond("procedure_code = ?", Arg::Text(p.to_owned()));
    }
    let sql = format!(
        "SELECT receiving_unit_id, procedure_code, COUNT(*) FROM dossier {} \
         GROUP BY receiving_unit_id, procedure_code",
        w.clause()
    );
    Ok(on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    }))
}

/// Steps handed over from `first` to `last` per officer: (user id, name, on time, late).
pub async fn steps_by_officer(
    db: &Db,
    units: Option<&[UnitId]>,
    first: Month,
    last: Month,
) -> StoreResult<Vec<(String, String, i64, i64)>> {
    let mut w = Where::default();
    if !scoped(&mut w, "s.unit_id", units) {
        return Ok(Vec::new());
    }
    w.cond_raw(format!(
        "s.month >= {} AND s.month <= {}",
        first.code(),
        last.code()
    ));
    let sql = format!(
        "SELECT s.user_id, COALESCE(u.full_name, ''), \
         CAST(SUM(CASE WHEN s.timeliness = 'late' THEN 0 ELSE s.steps END) AS BIGINT), \
         CAST(SUM(CASE WHEN s.timeliness = 'late' THEN s.steps ELSE 0 END) AS BIGINT) \
         FROM step_tally s LEFT JOIN app_user u ON u.user_id = s.user_id {} \
         GROUP BY s.user_id, u.full_name",
        w.clause()
    );
    Ok(on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    }))
}

/// Which dossiers a dashboard figure counts: the list behind the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Received(Option<Channel>),
    Finished(Finish),
    OpenWithin,
    OpenOver,
    Awaiting,
    /// Decision 766 2.1's denominator: finished in the period or open at its end.
    Handled,
    /// Its numerator: of those, finished early, on time or with no clock, or open within the
    /// limit or awaiting a supplement.
    HandledOnTime,
    /// Received in the period with one of Decision 766's facts (1.4, 3.6, 4.3, 4.4).
    ReceivedWith(Fact),
    /// Finished in the period, however it ended, with one of them (4.1, 4.2).
    FinishedWith(Fact),
}

/// One of Decision 766's facts of a dossier, as [`DigitalCounts`] counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    Any,
    FeeBearing,
    /// Paid online, among those with a fee.
    PaidOnline,
    PaperResult,
    /// An electronic result, among those whose result is a document.
    EResult,
    /// Components digitised, and an electronic result where a document is the result.
    Digitised,
    Reused,
    FromStore,
    Synced,
}

impl Fact {
    /// The condition on a dossier row; the same as [`DigitalCounts::of`].
    const fn condition(self) -> &'static str {
        match self {
            Self::Any => "1 = 1",
            Self::FeeBearing => "fee_bearing",
            Self::PaidOnline => "fee_bearing AND paid_online IS NOT NULL",
            Self::PaperResult => "paper_result",
            Self::EResult => "paper_result AND e_result",
            Self::Digitised => "components_digitised AND (e_result OR NOT paper_result)",
            Self::Reused => "reused_data",
            Self::FromStore => "from_portal_store",
            Self::Synced => "synced_at IS NOT NULL",
        }
    }
}

/// A dossier on a list behind a figure, with the late steps of its control sheet.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Listed {
    pub dossier_id: String,
    pub code: String,
    pub procedure_name: String,
    pub masked_name: String,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: String,
}

/// The dossiers of `units` behind `measure` for the period `[start, end)`; `at` is when the
/// period is judged (its end, or now while it runs). One page, in the list's order, and the
/// number of them all when `with_total`. The page's ids are chosen first from the indexes
/// (`dossier_late_idx`, `dossier_unit_open_idx`, `dossier_receiving_idx`), then their rows
/// read: sorting a year's late dossiers of a province by reading each row took over a second.
#[allow(clippy::too_many_arguments)]
pub async fn listed(
    db: &Db,
    units: Option<&[UnitId]>,
    procedure: Option<&str>,
    measure: Measure,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    at: DateTime<Utc>,
    limit: i64,
    offset: i64,
    with_total: bool,
) -> StoreResult<(Vec<Listed>, Option<i64>)> {
    let mut w = Where::default();
    if !scoped(&mut w, "receiving_unit_id", units) {
        return Ok((Vec::new(), Some(0)));
    }
    if let Some(p) = procedure {
        w.cond("procedure_code = ?", Arg::Text(p.to_owned()));
    }
    let received = crate::dialect::no_index(db.backend(), "received_at");
    let order = match measure {
        Measure::Received(channel) => {
            w.cond("received_at >= ?", Arg::Time(start));
            w.cond("received_at < ?", Arg::Time(end));
            if let Some(c) = channel {
                w.cond("channel = ?", Arg::Text(c.code().to_owned()));
            }
            "received_at DESC, dossier_id DESC"
        }
        Measure::ReceivedWith(fact) => {
            w.cond("received_at >= ?", Arg::Time(start));
            w.cond("received_at < ?", Arg::Time(end));
            w.cond_raw(format!("({})", fact.condition()));
            "received_at DESC, dossier_id DESC"
        }
        Measure::FinishedWith(fact) => {
            w.cond("finished_at >= ?", Arg::Time(start));
            w.cond("finished_at < ?", Arg::Time(end));
            w.cond_raw(format!("({})", fact.condition()));
            "finished_at DESC, dossier_id DESC"
        }
        Measure::Finished(f) => {
            match f {
                Finish::Unclocked | Finish::Open => w.cond_raw("outcome IS NULL".into()),
                other => w.cond("outcome = ?", Arg::Text(other.code().to_owned())),
            }
            w.cond("finished_at >= ?", Arg::Time(start));
            w.cond("finished_at < ?", Arg::Time(end));
            "finished_at DESC, dossier_id DESC"
        }
        Measure::OpenWithin | Measure::OpenOver | Measure::Awaiting => {
            let e = w.arg(Arg::Time(end));
            w.cond_raw(format!("(finished_at IS NULL OR finished_at >= {e})"));
            w.cond_raw(format!("{received} < {e}"));
            match measure {
                Measure::Awaiting => w.cond_raw("due_at IS NULL".into()),
                Measure::OpenWithin => w.cond("due_at >= ?", Arg::Time(at)),
                _ => w.cond("due_at < ?", Arg::Time(at)),
            }
            "due_at, dossier_id"
        }
        Measure::Handled | Measure::HandledOnTime => {
            let (s, e, a) = (
                w.arg(Arg::Time(start)),
                w.arg(Arg::Time(end)),
                w.arg(Arg::Time(at)),
            );
            let finished = format!("(finished_at >= {s} AND finished_at < {e})");
            let open =
                format!("({received} < {e} AND (finished_at IS NULL OR finished_at >= {e}))");
            if measure == Measure::Handled {
                w.cond_raw(format!("({finished} OR {open})"));
            } else {
                w.cond_raw(format!(
                    "(({finished} AND (outcome IS NULL OR outcome IN ('early', 'on_time'))) \
                     OR ({open} AND (due_at IS NULL OR due_at >= {a})))"
                ));
            }
            "received_at DESC, dossier_id DESC"
        }
    };
    let clause = w.clause();
    let sql = format!(
        "SELECT dossier_id, code, procedure_name, masked_name, received_at, due_at, finished_at, \
         status FROM dossier WHERE dossier_id IN (SELECT dossier_id FROM dossier {clause} \
         ORDER BY {order} LIMIT {} OFFSET {}) ORDER BY {order}",
        limit.clamp(1, 200),
        offset.max(0)
    );
    let count_sql = format!("SELECT COUNT(*) FROM dossier {clause}");
    let rows: Vec<Listed> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    let total = if with_total {
        Some(on_pool!(db, p => {
            bind_args!(
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql.clone())),
                &w.args
            )
            .fetch_one(p)
            .await?
        }))
    } else {
        None
    };
    Ok((rows, total))
}

/// The procedures under the authority of `units` (all with `None`) on `on`, as Decision 766's
/// 3.1, 3.2 and 3.5 count them: each procedure's version in force that day, if its level is
/// one these units work at (a commune, ward or former district and its offices: commune
/// procedures; the province and its departments: province procedures). The national procedure database assigns
/// procedures to each unit; motcua's catalogue knows only the level, so a province's view
/// counts both levels and a commune's its own.
pub async fn served(
    db: &Db,
    units: Option<&[UnitId]>,
    procedure: Option<&str>,
    on: chrono::NaiveDate,
) -> StoreResult<Vec<ServedProcedure>> {
    if units.is_some_and(<[UnitId]>::is_empty) {
        return Ok(Vec::new());
    }
    // The unit table is small (a province's few hundred units): read it whole and walk up.
    let tree: Vec<(String, String, Option<String>)> = on_pool!(db, p => {
        sqlx::query_as("SELECT unit_id, level, parent_id FROM unit").fetch_all(p).await?
    });
    let by_id: std::collections::HashMap<&str, (&str, Option<&str>)> = tree
        .iter()
        .map(|(id, level, parent)| (id.as_str(), (level.as_str(), parent.as_deref())))
        .collect();
    // An agency or a department works at the level of the commune or province it belongs to.
    let level_of = |id: &str| {
        let mut at = id;
        for _ in 0..16 {
            match by_id.get(at) {
                Some(("commune" | "district", _)) => return Some("commune"),
                Some(("province", _)) => return Some("province"),
                Some((_, Some(parent))) => at = parent,
                _ => return None,
            }
        }
        None
    };
    let ids: Vec<String> = match units {
        Some(units) => units.iter().map(ToString::to_string).collect(),
        None => tree.iter().map(|(id, _, _)| id.clone()).collect(),
    };
    let mut wanted: Vec<&str> = Vec::new();
    for l in ids.iter().filter_map(|id| level_of(id)) {
        if !wanted.contains(&l) {
            wanted.push(l);
        }
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    let day = w.arg(Arg::Date(on));
    w.cond_raw(format!("v.effective_from <= {day}"));
    w.cond_raw(format!(
        "NOT EXISTS (SELECT 1 FROM procedure_version n WHERE n.code = v.code \
         AND n.effective_from <= {day} AND n.effective_from > v.effective_from)"
    ));
    w.any_of("v.level", wanted.iter().map(|l| (*l).to_owned()));
    if let Some(p) = procedure {
        w.cond("v.code = ?", Arg::Text(p.to_owned()));
    }
    let sql = format!(
        "SELECT v.code, v.name, v.online_level, v.fee_amount_vnd FROM procedure_version v {} \
         ORDER BY v.code",
        w.clause()
    );
    let rows: Vec<(String, String, String, Option<i64>)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|(code, name, online, fee)| {
            Ok(ServedProcedure {
                online: OnlineLevel::parse(&online)
                    .map_err(|e| StoreError::corrupt("procedure_version", e))?,
                fee_bearing: fee.is_some_and(|a| a > 0),
                code,
                name,
            })
        })
        .collect()
}

/// A procedure as [`served`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedProcedure {
    pub code: String,
    pub name: String,
    pub online: OnlineLevel,
    pub fee_bearing: bool,
}

/// The late steps of these dossiers, from the control sheet: (dossier, step, officer).
pub async fn late_steps(
    db: &Db,
    dossiers: &[String],
) -> StoreResult<Vec<(String, String, String)>> {
    if dossiers.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    w.any_of("dossier_id", dossiers.iter().cloned());
    w.cond_raw("timeliness = 'late'".into());
    let sql = format!(
        "SELECT dossier_id, COALESCE(step_name, ''), actor_name FROM dossier_event {} \
         ORDER BY dossier_id, seq",
        w.clause()
    );
    Ok(on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    }))
}

/// The latest name and field of each procedure code, for the tables by procedure and field.
pub async fn procedure_names(
    db: &Db,
    codes: &[String],
) -> StoreResult<BTreeMap<String, (String, String)>> {
    if codes.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut w = Where::default();
    w.any_of("code", codes.iter().cloned());
    let sql = format!(
        "SELECT code, name, field FROM procedure_version {} ORDER BY effective_from",
        w.clause()
    );
    let rows: Vec<(String, String, String)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    Ok(rows.into_iter().map(|(c, n, f)| (c, (n, f))).collect())
}

/// Petitions or place reports of a period, by kind (or category): received in it, closed in
/// it on time or late, and open at its end within or past their due date, and open longer than
/// the escalation period.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseFigures {
    pub kind: String,
    pub received: i64,
    pub closed_on_time: i64,
    pub closed_late: i64,
    pub open_within: i64,
    pub open_over: i64,
    pub open_long: i64,
}

/// `table`'s cases of `units` for `[start, end)` judged at `at`; `long_before` is the received
/// time before which a case still open counts as pending too long. Counted live: petitions
/// and reports are a small fraction of dossiers, and their clocks change by rules the tally
/// would have to copy. For petitions, `petition_unit_closed_idx` (0020) covers the query.
#[allow(clippy::too_many_arguments)]
async fn case_figures(
    db: &Db,
    table: &'static str,
    kind: &'static str,
    received: &'static str,
    due: &'static str,
    closed: &'static str,
    units: Option<&[UnitId]>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    at: DateTime<Utc>,
    long_before: DateTime<Utc>,
) -> StoreResult<Vec<CaseFigures>> {
    let mut w = Where::default();
    if !scoped(&mut w, "unit_id", units) {
        return Ok(Vec::new());
    }
    let s = w.arg(Arg::Time(start));
    let e = w.arg(Arg::Time(end));
    let a = w.arg(Arg::Time(at));
    let l = w.arg(Arg::Time(long_before));
    w.cond_raw(format!(
        "{received} < {e} AND ({closed} IS NULL OR {closed} >= {s})"
    ));
    let open = format!("({closed} IS NULL OR {closed} >= {e})");
    let sum = |cond: String| format!("CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)");
    let sql = format!(
        "SELECT {kind} AS kind, {} AS received, {} AS closed_on_time, {} AS closed_late, \
         {} AS open_within, {} AS open_over, {} AS open_long FROM {table} {} GROUP BY {kind} \
         ORDER BY {kind}",
        sum(format!("{received} >= {s}")),
        sum(format!(
            "{closed} < {e} AND ({due} IS NULL OR {closed} <= {due})"
        )),
        sum(format!(
            "{closed} < {e} AND {due} IS NOT NULL AND {closed} > {due}"
        )),
        sum(format!("{open} AND ({due} IS NULL OR {due} >= {a})")),
        sum(format!("{open} AND {due} < {a}")),
        sum(format!("{open} AND {received} < {l}")),
        w.clause()
    );
    Ok(on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    }))
}

/// Petitions by kind over the months of `period` judged at `at` (see [`case_figures`]): the
/// same figures, read from the petitions' tally, with what a month cannot tell counted from
/// the petitions themselves (see `motcua_domain::stats::Judging`). Indicator 5.2 of the index
/// is the recommendations' and feedback's part of these.
pub async fn petition_figures(
    db: &Db,
    units: Option<&[UnitId]>,
    period: Period,
    at: DateTime<Utc>,
    long_before: DateTime<Utc>,
) -> StoreResult<Vec<CaseFigures>> {
    let mut w = Where::default();
    if !scoped(&mut w, "unit_id", units) {
        return Ok(Vec::new());
    }
    w.cond_raw(format!(
        "received_month <= {} AND (closed_month = 0 OR closed_month >= {}) AND petitions <> 0",
        period.last.code(),
        period.first.code()
    ));
    let sql = format!(
        "SELECT unit_id, kind, received_month, due_month, closed_month, closed_late, petitions \
         FROM petition_tally {}",
        w.clause()
    );
    type Line = (String, String, i64, i64, i64, i64, i64);
    let lines: Vec<Line> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    let judging = Judging {
        period,
        at,
        long_before,
    };
    let bad = |e: i64| StoreError::corrupt("petition_tally", format!("month {e}"));
    let month = |code: i64| -> StoreResult<Option<Month>> {
        if code == 0 {
            Ok(None)
        } else {
            Month::from_code(code).map(Some).ok_or_else(|| bad(code))
        }
    };
    let mut by: BTreeMap<String, (CaseCounts, Undecided)> = BTreeMap::new();
    for (unit, kind, received, due, closed, late, n) in lines {
        let key = CaseKey {
            unit,
            received: month(received)?.ok_or_else(|| bad(received))?,
            due: month(due)?,
            closed: month(closed)?,
            late: late != 0,
            kind,
        };
        let (c, u) = by.entry(key.kind.clone()).or_default();
        judging.add(&key, n, c, u);
    }
    let end = period.last.end();
    let due_open = by.values().any(|(_, u)| u.due_in_month != 0);
    let received_open = by.values().any(|(_, u)| u.received_in_month != 0);
    let past_due = if due_open {
        let from = Month::of(at).start();
        open_cases(db, units, end, "due_at", from, at).await?
    } else {
        BTreeMap::new()
    };
    let long = if received_open {
        let from = Month::of(long_before).start();
        open_cases(db, units, end, "received_at", from, long_before).await?
    } else {
        BTreeMap::new()
    };
    Ok(by
        .into_iter()
        .map(|(kind, (mut c, u))| {
            let over = past_due
                .get(&kind)
                .copied()
                .unwrap_or(0)
                .min(u.due_in_month);
            c.open_over += over;
            c.open_within += u.due_in_month - over;
            c.open_long += long
                .get(&kind)
                .copied()
                .unwrap_or(0)
                .min(u.received_in_month);
            CaseFigures {
                kind,
                received: c.received,
                closed_on_time: c.closed_on_time,
                closed_late: c.closed_late,
                open_within: c.open_within,
                open_over: c.open_over,
                open_long: c.open_long,
            }
        })
        .collect())
}

/// Petitions of `units` open at `end` whose `column` falls in `[from, to)`, by kind: the
/// part of a month the tally cannot split.
async fn open_cases(
    db: &Db,
    units: Option<&[UnitId]>,
    end: DateTime<Utc>,
    column: &'static str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StoreResult<BTreeMap<String, i64>> {
    let mut w = Where::default();
    if !scoped(&mut w, "unit_id", units) {
        return Ok(BTreeMap::new());
    }
    let e = w.arg(Arg::Time(end));
    w.cond_raw(format!(
        "(closed_at IS NULL OR closed_at >= {e}) AND received_at < {e}"
    ));
    w.cond(&format!("{column} >= ?"), Arg::Time(from));
    w.cond(&format!("{column} < ?"), Arg::Time(to));
    let sql = format!(
        "SELECT kind, COUNT(*) FROM petition {} GROUP BY kind",
        w.clause()
    );
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args).fetch_all(p).await?
    });
    Ok(rows.into_iter().collect())
}

/// Place reports by category, against their answer due date (see [`case_figures`]).
pub async fn report_figures(
    db: &Db,
    units: Option<&[UnitId]>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    at: DateTime<Utc>,
    long_before: DateTime<Utc>,
) -> StoreResult<Vec<CaseFigures>> {
    case_figures(
        db,
        "place_report",
        "category_code",
        "created_at",
        "answer_due",
        "COALESCE(answered_at, closed_at)",
        units,
        start,
        end,
        at,
        long_before,
    )
    .await
}

/// The heads to send a unit's monthly summary to: (unit, email), for every unit where an
/// enabled account with an email holds the head role.
pub async fn head_emails(db: &Db) -> StoreResult<Vec<(String, String)>> {
    const SQL: &str = "SELECT DISTINCT g.unit_id, u.email FROM role_grant g JOIN app_user u \
        ON u.user_id = g.user_id WHERE g.role = 'head' AND g.unit_id IS NOT NULL \
        AND u.email IS NOT NULL AND NOT u.disabled ORDER BY g.unit_id, u.email";
    Ok(on_pool!(db, p => { sqlx::query_as(SQL).fetch_all(p).await? }))
}

/// Whether the summary `entity_id` (unit and month) is already in the outbox.
pub async fn summary_queued(db: &Db, entity_id: &str) -> StoreResult<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM outbox_message WHERE entity_type = 'stats_summary' \
        AND entity_id = $1";
    let n: i64 = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(entity_id).fetch_one(p).await?
    });
    Ok(n > 0)
}
