//! The register lists, the deadline watch's walk and the steering dashboard's counts.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UnitId};

use super::PetitionRecord;
use super::rows::{COLUMNS, PetitionRow, parse_id};
use crate::db::{Db, on_pool};
use crate::error::StoreResult;
use crate::filter::{Arg, Page, Where, bind_args, count_capped};

/// What a register list shows.
#[derive(Clone, Debug, Default)]
pub struct PetitionFilter {
    pub units: Vec<UnitId>,
    pub kinds: Vec<String>,
    pub statuses: Vec<String>,
    /// Open petitions whose running deadline passed before this moment.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Open petitions received before this moment (the 45-day escalation list).
    pub received_before: Option<DateTime<Utc>>,
    /// Open, running petitions whose deadline falls before this moment (late ones included).
    pub due_before: Option<DateTime<Utc>>,
    /// Only petitions that are still open.
    pub open: bool,
    /// Oldest received first, instead of soonest due (the escalation list).
    pub oldest_first: bool,
    pub text: Option<String>,
    /// Only the petitions filed online by the account with this blind index.
    pub filer_index: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Petitions matching `f`: open ones soonest due first, then the most recently received.
pub async fn list(db: &Db, f: &PetitionFilter) -> StoreResult<Vec<PetitionRecord>> {
    let w = where_of(f);
    let order = if f.oldest_first {
        "received_at"
    } else {
        "CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, due_at, received_at DESC"
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM petition {} ORDER BY {order} {}",
        w.clause(),
        Page::new(f.limit, f.offset).sql()
    );
    let rows: Vec<PetitionRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// How many petitions match `f` (its page ignored), counting no further than `cap`.
pub async fn count(db: &Db, f: &PetitionFilter, cap: i64) -> StoreResult<i64> {
    count_capped(db, "petition", &where_of(f), cap).await
}

fn where_of(f: &PetitionFilter) -> Where {
    let mut w = Where::default();
    w.in_units("unit_id", &f.units);
    w.any_of("kind", f.kinds.iter().cloned());
    w.any_of("status", f.statuses.iter().cloned());
    if let Some(t) = f.overdue_at {
        w.cond(
            "closed_at IS NULL AND suspended_at IS NULL AND due_at < ?",
            Arg::Time(t),
        );
    }
    if let Some(t) = f.received_before {
        w.cond("closed_at IS NULL AND received_at < ?", Arg::Time(t));
    }
    if let Some(t) = f.due_before {
        w.cond(
            "closed_at IS NULL AND suspended_at IS NULL AND due_at < ?",
            Arg::Time(t),
        );
    }
    if f.open {
        w.conds.push("closed_at IS NULL".to_owned());
    }
    if let Some(text) = &f.text {
        w.words_in("search_text", text);
    }
    if let Some(index) = &f.filer_index {
        w.cond("filer_index = ?", Arg::Text(index.clone()));
    }
    w
}

/// Open petitions after `after` (by id), for the deadline watch to walk in pages.
pub async fn open_page(
    db: &Db,
    after: Option<PetitionId>,
    limit: i64,
) -> StoreResult<Vec<PetitionRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM petition WHERE closed_at IS NULL AND petition_id > $1 \
         ORDER BY petition_id LIMIT $2"
    );
    let after = after.map(|a| a.to_string()).unwrap_or_default();
    let rows: Vec<PetitionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(limit).fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// One cell of the steering dashboard: how many petitions of a kind and state a unit holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    pub unit: UnitId,
    pub kind: String,
    pub status: String,
    pub count: i64,
    /// Of those, open and past their running deadline at `now`.
    pub overdue: i64,
    /// Of those, open and received more than the escalation period ago.
    pub long_pending: i64,
}

/// Counts by unit, kind and state, with the overdue and long-pending among them.
pub async fn counts(
    db: &Db,
    units: &[UnitId],
    now: DateTime<Utc>,
    pending_since: DateTime<Utc>,
) -> StoreResult<Vec<CountRow>> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    let now_ph = w.arg(Arg::Time(now));
    let since_ph = w.arg(Arg::Time(pending_since));
    w.in_units("unit_id", units);
    let sql = format!(
        "SELECT unit_id, kind, status, COUNT(*), \
         SUM(CASE WHEN closed_at IS NULL AND suspended_at IS NULL AND due_at < {now_ph} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN closed_at IS NULL AND received_at < {since_ph} THEN 1 ELSE 0 END) \
         FROM petition {} GROUP BY unit_id, kind, status \
         ORDER BY unit_id, kind, status",
        w.clause()
    );
    let rows: Vec<(String, String, String, i64, i64, i64)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(CountRow {
                unit: parse_id(&r.0, UnitId::parse)?,
                kind: r.1,
                status: r.2,
                count: r.3,
                overdue: r.4,
                long_pending: r.5,
            })
        })
        .collect()
}
