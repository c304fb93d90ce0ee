//! Reads of place reports: one report, filtered lists, nearby reports, photos, updates.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ReportId, UnitId, UserId};
use motcua_domain::report::place::Coordinates;
use motcua_domain::report::state::StateGroup;
use sqlx::FromRow;

use super::{COLUMNS, PendingPhoto, PhotoRecord, ReportRecord, ReportRow, UpdateRecord};
use crate::db::{Db, on_pool};
use crate::dialect::false_literal;
use crate::error::{StoreError, StoreResult};
use crate::filter::{Arg, Page, Where, bind_args, count_capped};

/// One report.
pub async fn get(db: &Db, id: ReportId) -> StoreResult<ReportRecord> {
    one_where(db, "report_id", &id.to_string()).await
}

/// The report whose `column` (its id or its code) is `value`.
async fn one_where(db: &Db, column: &str, value: &str) -> StoreResult<ReportRecord> {
    let sql = format!("SELECT {COLUMNS} FROM place_report WHERE {column} = $1");
    let row: Option<ReportRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(value)
            .fetch_optional(p)
            .await?
    });
    row.ok_or(StoreError::NotFound {
        entity: "place_report",
    })?
    .try_into()
}

/// What a list shows. Empty sets filter nothing.
#[derive(Clone, Debug, Default)]
pub struct ReportFilter {
    pub ids: Vec<ReportId>,
    pub units: Vec<UnitId>,
    pub categories: Vec<String>,
    pub states: Vec<String>,
    /// State groups (`open`, `fixed`, `closed`, `hidden`).
    pub groups: Vec<String>,
    pub from: Option<DateTime<Utc>>,
    /// Before this moment (exclusive).
    pub until: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

fn where_of(f: &ReportFilter) -> Where {
    let mut w = Where::default();
    w.any_of("report_id", f.ids.iter().map(ToString::to_string));
    w.in_units("unit_id", &f.units);
    w.any_of("category_code", f.categories.iter().cloned());
    w.any_of("state", f.states.iter().cloned());
    groups_of(&mut w, &f.groups);
    if let Some(t) = f.from {
        w.cond("created_at >= ?", Arg::Time(t));
    }
    if let Some(t) = f.until {
        w.cond("created_at < ?", Arg::Time(t));
    }
    w
}

/// `grp` is one of `groups`. The groups are a closed set, so when the groups left out are no
/// more than those asked for, the condition names those left out: SQLite then walks the date
/// index newest first and stops at the page's end, where `grp IN (…)` over several groups makes
/// it gather every row of those groups and sort them (at 1,000,000 reports, the difference
/// between a few milliseconds and tens).
fn groups_of(w: &mut Where, groups: &[String]) {
    let known = groups.iter().all(|g| StateGroup::parse(g).is_some());
    let others: Vec<String> = StateGroup::ALL
        .iter()
        .map(|g| g.code().to_owned())
        .filter(|g| !groups.contains(g))
        .collect();
    if known && !groups.is_empty() && others.len() <= groups.len() {
        if others.is_empty() {
            return;
        }
        let ph: Vec<String> = others.into_iter().map(|g| w.arg(Arg::Text(g))).collect();
        w.cond_raw(format!("grp NOT IN ({})", ph.join(", ")));
    } else {
        w.any_of("grp", groups.iter().cloned());
    }
}

/// Reports matching `f`, the newest first.
pub async fn list(db: &Db, f: &ReportFilter) -> StoreResult<Vec<ReportRecord>> {
    let rows: Vec<ReportRow> = select_page(db, f, "").await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The page of reports matching `f`, the newest first, with `extra` columns after the report's
/// (`extra` is empty or starts with a comma).
async fn select_page<R>(db: &Db, f: &ReportFilter, extra: &str) -> StoreResult<Vec<R>>
where
    R: for<'r> FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let w = where_of(f);
    let sql = format!(
        "SELECT {COLUMNS}{extra} FROM place_report {} ORDER BY created_at DESC, report_id DESC {}",
        w.clause(),
        // Open311's default answer is the first 1,000 results.
        Page::within(f.limit, f.offset, 1_000).sql()
    );
    Ok(on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    }))
}

#[derive(FromRow)]
struct WithPhoto {
    #[sqlx(flatten)]
    report: ReportRow,
    first_photo: Option<i64>,
}

/// Reports matching `f`, the newest first, each with the position of its first photo anyone
/// may see (Open311's `media_url`), found in the same query.
pub async fn list_with_first_photo(
    db: &Db,
    f: &ReportFilter,
) -> StoreResult<Vec<(ReportRecord, Option<i64>)>> {
    let no = false_literal(db.backend());
    let extra = format!(
        ", (SELECT MIN(ph.position) FROM report_photo ph \
         WHERE ph.report_id = place_report.report_id AND ph.hidden = {no} AND ph.pending = {no}) \
         AS first_photo"
    );
    let rows: Vec<WithPhoto> = select_page(db, f, &extra).await?;
    rows.into_iter()
        .map(|r| Ok((r.report.try_into()?, r.first_photo)))
        .collect()
}

/// How many reports match `f` (its page ignored), counting no further than `cap`.
pub async fn count(db: &Db, f: &ReportFilter, cap: i64) -> StoreResult<i64> {
    count_capped(db, "place_report", &where_of(f), cap).await
}

/// A report found near a point, with its distance in metres.
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby {
    pub report: ReportRecord,
    pub distance_m: f64,
}

/// The open reports of `category` (any category when `None`) within `radius_m` of `at`, the
/// nearest first, at most `limit`. The index narrows to a latitude band; the exact distance
/// decides. The band is read whole (a cap of 50,000 rows only guards against a pathological
/// density: at 1,000,000 reports over three wards a 250 m band holds about 4,000), since cutting
/// it short could drop the nearest.
pub async fn nearby(
    db: &Db,
    category: Option<&str>,
    at: Coordinates,
    radius_m: f64,
    limit: usize,
) -> StoreResult<Vec<Nearby>> {
    let b = at.bounding_box(radius_m);
    let by_category = if category.is_some() {
        "category_code = $5 AND "
    } else {
        ""
    };
    // The band is read from the index alone (id and position); only the few nearest are read
    // whole.
    let sql = format!(
        "SELECT report_id, lat, lon FROM place_report WHERE {by_category}grp = 'open' \
         AND lat >= $1 AND lat <= $2 AND lon >= $3 AND lon <= $4 LIMIT 50000"
    );
    let band: Vec<(String, f64, f64)> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(b.min_lat)
            .bind(b.max_lat)
            .bind(b.min_lon)
            .bind(b.max_lon);
        if let Some(c) = category {
            q = q.bind(c);
        }
        q.fetch_all(p).await?
    });
    let mut near: Vec<(String, f64)> = band
        .into_iter()
        .map(|(id, lat, lon)| (id, at.distance_m(Coordinates { lat, lon })))
        .filter(|(_, d)| *d <= radius_m)
        .collect();
    near.sort_by(|a, b| a.1.total_cmp(&b.1));
    near.truncate(limit);
    let mut ids = Vec::with_capacity(near.len());
    for (id, _) in &near {
        ids.push(ReportId::parse(id).map_err(|e| StoreError::corrupt("place_report", e))?);
    }
    let mut reports = list(
        db,
        &ReportFilter {
            limit: i64::try_from(ids.len()).unwrap_or(0),
            ids,
            ..ReportFilter::default()
        },
    )
    .await?;
    let mut found = Vec::with_capacity(near.len());
    for (id, distance_m) in near {
        if let Some(i) = reports.iter().position(|r| r.id.to_string() == id) {
            found.push(Nearby {
                report: reports.swap_remove(i),
                distance_m,
            });
        }
    }
    Ok(found)
}

/// A report's photos, in the order sent.
pub async fn photos(db: &Db, id: ReportId) -> StoreResult<Vec<PhotoRecord>> {
    const SQL: &str = "SELECT position, sha256, width, height, hidden, pending, orientation \
        FROM report_photo WHERE report_id = $1 ORDER BY position";
    let rows: Vec<(i64, String, i64, i64, bool, bool, i64)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(position, sha256, width, height, hidden, pending, orientation)| PhotoRecord {
                position,
                sha256,
                width,
                height,
                hidden,
                pending,
                orientation,
            },
        )
        .collect())
}

/// Up to `limit` photos waiting to be rendered.
pub async fn pending_photos(db: &Db, limit: i64) -> StoreResult<Vec<PendingPhoto>> {
    const SQL: &str = "SELECT DISTINCT sha256, orientation FROM report_photo \
        WHERE pending = $1 LIMIT $2";
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(true).bind(limit).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|(sha256, orientation)| PendingPhoto {
            sha256,
            orientation,
        })
        .collect())
}

/// The first photo anyone may see of each of `ids` (Open311's `media_url` for a list of ids).
pub async fn first_photos(db: &Db, ids: &[ReportId]) -> StoreResult<Vec<(ReportId, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    w.any_of("report_id", ids.iter().map(ToString::to_string));
    let sql = format!(
        "SELECT report_id, MIN(position) FROM report_photo {} AND hidden = {no} AND pending = {no} \
         GROUP BY report_id",
        w.clause(),
        no = false_literal(db.backend())
    );
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(id, pos)| ReportId::parse(&id).ok().map(|id| (id, pos)))
        .collect())
}

const UPDATE_COLUMNS: &str =
    "update_id, report_id, at, author_id, author_name, state, text, public";

type UpdateRow = (
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    String,
    String,
    String,
    bool,
);

fn update_row(r: UpdateRow) -> StoreResult<UpdateRecord> {
    let (id, report, at, author, author_name, state, text, public) = r;
    let corrupt = |reason: &str| StoreError::Corrupt {
        table: "report_update",
        reason: reason.into(),
    };
    Ok(UpdateRecord {
        id,
        report: ReportId::parse(&report).map_err(|_| corrupt("report_id"))?,
        at,
        author: author
            .as_deref()
            .map(UserId::parse)
            .transpose()
            .map_err(|_| corrupt("author_id"))?,
        author_name,
        state,
        text,
        public,
    })
}

/// A report's updates, the oldest first; the staff-only ones only when `staff`.
pub async fn updates(db: &Db, id: ReportId, staff: bool) -> StoreResult<Vec<UpdateRecord>> {
    let sql = format!(
        "SELECT {UPDATE_COLUMNS} FROM report_update WHERE report_id = $1 {} ORDER BY at, update_id",
        if staff { "" } else { "AND public = $2" }
    );
    let rows: Vec<UpdateRow> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id.to_string());
        if !staff {
            q = q.bind(true);
        }
        q.fetch_all(p).await?
    });
    rows.into_iter().map(update_row).collect()
}

/// The people following a report.
pub async fn followers(db: &Db, id: ReportId) -> StoreResult<Vec<UserId>> {
    const SQL: &str = "SELECT user_id FROM report_follower WHERE report_id = $1 ORDER BY since";
    let rows: Vec<String> = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    Ok(rows.iter().filter_map(|u| UserId::parse(u).ok()).collect())
}

/// The reports a person follows (their own among them), the newest first.
pub async fn followed_by(db: &Db, user: UserId, limit: i64) -> StoreResult<Vec<ReportRecord>> {
    let cols: Vec<String> = COLUMNS
        .split(", ")
        .map(|c| format!("r.{}", c.trim()))
        .collect();
    let sql = format!(
        "SELECT {} FROM place_report r JOIN report_follower f ON f.report_id = r.report_id \
         WHERE f.user_id = $1 ORDER BY r.created_at DESC {}",
        cols.join(", "),
        Page::new(limit, 0).sql()
    );
    let rows: Vec<ReportRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(user.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// One report by its code.
pub async fn by_code(db: &Db, code: &str) -> StoreResult<ReportRecord> {
    one_where(db, "code", &code.to_uppercase()).await
}

/// The reports marked as duplicates of `id`.
pub async fn duplicates_of(db: &Db, id: ReportId) -> StoreResult<Vec<ReportRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM place_report WHERE duplicate_of = $1 ORDER BY created_at LIMIT 100"
    );
    let rows: Vec<ReportRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Per unit: reports received, answered, answered by their limit, and fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRate {
    pub unit: UnitId,
    pub received: i64,
    pub answered: i64,
    pub on_time: i64,
    pub fixed: i64,
}

/// Each unit's answering record over the public reports received in `[from, until)`.
pub async fn unit_rates(
    db: &Db,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<UnitRate>> {
    const SQL: &str = "SELECT unit_id, COUNT(*), \
        SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END), \
        SUM(CASE WHEN answered_at IS NOT NULL AND answered_at <= answer_due THEN 1 ELSE 0 END), \
        SUM(CASE WHEN grp = 'fixed' THEN 1 ELSE 0 END) \
        FROM place_report WHERE created_at >= $1 AND created_at < $2 AND grp <> 'hidden' \
        GROUP BY unit_id";
    let rows: Vec<(String, i64, i64, i64, i64)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(from).bind(until).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(u, received, answered, on_time, fixed)| {
            UnitId::parse(&u).ok().map(|unit| UnitRate {
                unit,
                received,
                answered,
                on_time,
                fixed,
            })
        })
        .collect())
}
