//! The desk queue and the lists behind it, the watch's walk, the logbook and the tabs' counts.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::Status;
use motcua_domain::ids::{DossierId, UnitId, UserId};
use motcua_domain::role::Role;

use super::DossierRecord;
use super::rows::{COLUMNS, DossierRow, parse_id};
use crate::db::{Db, on_pool};
use crate::error::StoreResult;
use crate::filter::{Arg, Page, Where, bind_args, count_capped};

/// The desk queue and the lists behind it.
#[derive(Clone, Debug, Default)]
pub struct DossierFilter {
    /// Handling units the caller may see (the caller expands subtrees). Empty = every unit.
    pub units: Vec<UnitId>,
    pub statuses: Vec<Status>,
    pub procedure_code: Option<String>,
    /// Open dossiers due before this instant.
    pub due_before: Option<DateTime<Utc>>,
    /// Open dossiers past their due date at this instant.
    pub late_at: Option<DateTime<Utc>>,
    /// Only dossiers the late watch flagged.
    pub flagged: bool,
    /// Only dossiers whose current step is worked by one of these roles.
    pub step_roles: Vec<Role>,
    /// Only dossiers at a step held by this officer.
    pub step_user: Option<UserId>,
    /// Only the dossiers this citizen filed.
    pub applicant_user: Option<UserId>,
    /// Folded words matched against code, applicant, procedure.
    pub text: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Dossiers matching `f`, soonest due first (open ones), then the most recently received.
pub async fn list(db: &Db, f: &DossierFilter) -> StoreResult<Vec<DossierRecord>> {
    let w = where_of(f);
    let sql = format!(
        "SELECT {COLUMNS} FROM dossier {} \
         ORDER BY CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END, due_at, received_at DESC {}",
        w.clause(),
        Page::new(f.limit, f.offset).sql()
    );
    let rows: Vec<DossierRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// How many dossiers match `f` (its page ignored), counting no further than `cap`.
pub async fn count(db: &Db, f: &DossierFilter, cap: i64) -> StoreResult<i64> {
    count_capped(db, "dossier", &where_of(f), cap).await
}

fn where_of(f: &DossierFilter) -> Where {
    let mut w = Where::default();
    w.in_units("handling_unit_id", &f.units);
    w.any_of("status", f.statuses.iter().map(|s| s.code().to_owned()));
    w.any_of(
        "step_role",
        f.step_roles.iter().map(|r| r.code().to_owned()),
    );
    if let Some(code) = &f.procedure_code {
        w.cond("procedure_code = ?", Arg::Text(code.clone()));
    }
    if let Some(t) = f.due_before {
        w.cond("finished_at IS NULL AND due_at < ?", Arg::Time(t));
    }
    if let Some(t) = f.late_at {
        w.cond("finished_at IS NULL AND due_at < ?", Arg::Time(t));
    }
    if f.flagged {
        w.conds
            .push("watch_flag IS NOT NULL AND finished_at IS NULL".to_owned());
    }
    if let Some(u) = f.step_user {
        w.cond("step_user_id = ?", Arg::Text(u.to_string()));
    }
    if let Some(u) = f.applicant_user {
        w.cond("applicant_user_id = ?", Arg::Text(u.to_string()));
    }
    if let Some(text) = &f.text {
        w.words_in("search_text", text);
    }
    w
}

/// Open dossiers after `after` (by id), for the late watch to walk in pages.
pub async fn open_page(
    db: &Db,
    after: Option<DossierId>,
    limit: i64,
) -> StoreResult<Vec<DossierRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM dossier WHERE finished_at IS NULL AND dossier_id > $1 \
         ORDER BY dossier_id LIMIT $2"
    );
    let after = after.map(|a| a.to_string()).unwrap_or_default();
    let rows: Vec<DossierRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(limit).fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The logbook of `unit` for `year`, in logbook order.
pub async fn logbook(db: &Db, unit: UnitId, year: i32) -> StoreResult<Vec<DossierRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM dossier WHERE receiving_unit_id = $1 AND logbook_year = $2 \
         ORDER BY logbook_number"
    );
    let rows: Vec<DossierRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(unit.to_string())
            .bind(i64::from(year))
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// For each dossier of a unit's logbook year: when it first went on from the desk, and when
/// its result came back (logbook columns "chuyển" and "nhận kết quả"), in one query.
pub async fn logbook_milestones(
    db: &Db,
    unit: UnitId,
    year: i32,
) -> StoreResult<std::collections::HashMap<DossierId, Milestones>> {
    const SQL: &str = "SELECT e.dossier_id, \
        MIN(CASE WHEN e.action = 'hand_over' THEN e.at END), \
        MIN(CASE WHEN e.to_status = 'result_ready' THEN e.at END) \
        FROM dossier_event e JOIN dossier d ON d.dossier_id = e.dossier_id \
        WHERE d.receiving_unit_id = $1 AND d.logbook_year = $2 GROUP BY e.dossier_id";
    type Row = (String, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as(SQL)
            .bind(unit.to_string())
            .bind(i64::from(year))
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|(id, moved, result)| Ok((parse_id(&id, DossierId::parse)?, (moved, result))))
        .collect()
}

/// (first hand-over, result ready) of one dossier; see [`logbook_milestones`].
pub type Milestones = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Counts by status within `units` (empty = all): the queue's tabs.
pub async fn count_by_status(db: &Db, units: &[UnitId]) -> StoreResult<Vec<(Status, i64)>> {
    let mut w = Where::default();
    w.in_units("handling_unit_id", units);
    let sql = format!(
        "SELECT status, COUNT(*) FROM dossier {} GROUP BY status",
        w.clause()
    );
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(s, n)| Status::parse(&s).map(|s| (s, n)))
        .collect())
}
