//! One dossier: by id or code, its events, checklist, rating and the public lookup.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::{Status, Timeliness};
use motcua_domain::ids::DossierId;
use serde::Deserialize;
use sqlx::FromRow;

use super::rows::{COLUMNS, DossierRow, EVENT_COLUMNS, EventRow, parse_outcome, parse_status};
use super::write::RatingRecord;
use super::{DocumentRecord, DossierRecord, EventRecord, FileRef};
use crate::db::{Db, on_pool};
use crate::error::{StoreError, StoreResult};

async fn fetch_one_where(db: &Db, condition: &str, value: &str) -> StoreResult<DossierRecord> {
    let sql = format!("SELECT {COLUMNS} FROM dossier WHERE {condition} = $1");
    let row: Option<DossierRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(value).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound { entity: "dossier" })?
        .try_into()
}

pub async fn get(db: &Db, id: DossierId) -> StoreResult<DossierRecord> {
    fetch_one_where(db, "dossier_id", &id.to_string()).await
}

pub async fn get_by_code(db: &Db, code: &str) -> StoreResult<DossierRecord> {
    fetch_one_where(db, "code", code).await
}

/// The dossier's events in order.
pub async fn events(db: &Db, id: DossierId) -> StoreResult<Vec<EventRecord>> {
    let sql =
        format!("SELECT {EVENT_COLUMNS} FROM dossier_event WHERE dossier_id = $1 ORDER BY seq");
    let rows: Vec<EventRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(p).await?
    });
    rows.into_iter().map(EventRow::into_record).collect()
}

/// One line of the public timeline: what happened, when, at which step.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub action: String,
    pub step_name: Option<String>,
}

/// What the public lookup shows of a dossier: nothing personal but the masked name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicRecord {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub masked_name: String,
    pub status: Status,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    pub original_due_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<Timeliness>,
    pub timeline: Vec<TimelineEntry>,
    pub rated: bool,
}

/// The dossier with this code, its public timeline in order and whether the applicant rated
/// the service, in one row: the events come aggregated as JSON. sqlx hands each SQLite row
/// and each statement over from the connection's own thread, a wake-up each, and this is the
/// call anyone may make most often. It reads only the columns the public sees: sqlx copies
/// every column of a SQLite row on that thread and looks each up by name on this one, and a
/// whole dossier has 47.
pub async fn public_by_code(db: &Db, code: &str) -> StoreResult<PublicRecord> {
    #[derive(FromRow)]
    struct Row {
        code: String,
        procedure_code: String,
        procedure_name: String,
        masked_name: String,
        status: String,
        received_at: DateTime<Utc>,
        due_at: Option<DateTime<Utc>>,
        original_due_at: DateTime<Utc>,
        finished_at: Option<DateTime<Utc>>,
        outcome: Option<String>,
        events: String,
        ratings: i64,
    }
    let sql = format!(
        "SELECT d.code, d.procedure_code, d.procedure_name, d.masked_name, d.status, \
         d.received_at, d.due_at, d.original_due_at, d.finished_at, d.outcome, {events} AS events, \
         (SELECT COUNT(*) FROM dossier_rating r WHERE r.dossier_id = d.dossier_id) AS ratings \
         FROM dossier d WHERE d.code = $1",
        events = crate::dialect::timeline_json(db.backend()),
    );
    let row: Option<Row> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(code).fetch_optional(p).await?
    });
    let r = row.ok_or(StoreError::NotFound { entity: "dossier" })?;
    Ok(PublicRecord {
        status: parse_status(&r.status)?,
        outcome: parse_outcome(r.outcome.as_deref())?,
        code: r.code,
        procedure_code: r.procedure_code,
        procedure_name: r.procedure_name,
        masked_name: r.masked_name,
        received_at: r.received_at,
        due_at: r.due_at,
        original_due_at: r.original_due_at,
        finished_at: r.finished_at,
        timeline: serde_json::from_str(&r.events)
            .map_err(|e| StoreError::corrupt("dossier_event", e))?,
        rated: r.ratings > 0,
    })
}

#[derive(FromRow)]
struct DocumentRow {
    position: i64,
    name: String,
    copy_kind: String,
    provided: bool,
    stage: String,
    file_name: Option<String>,
    file_sha256: Option<String>,
    created_at: DateTime<Utc>,
}

pub async fn documents(db: &Db, id: DossierId) -> StoreResult<Vec<DocumentRecord>> {
    const SQL: &str = "SELECT position, name, copy_kind, provided, stage, file_name, file_sha256, \
        created_at FROM dossier_document WHERE dossier_id = $1 ORDER BY created_at, position";
    let rows: Vec<DocumentRow> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(DocumentRecord {
                position: u32::try_from(r.position)
                    .map_err(|e| StoreError::corrupt("dossier_document", e))?,
                name: r.name,
                copy_kind: r.copy_kind,
                provided: r.provided,
                stage: r.stage,
                file: match (r.file_name, r.file_sha256) {
                    (Some(name), Some(sha256)) => Some(FileRef { name, sha256 }),
                    _ => None,
                },
                created_at: r.created_at,
            })
        })
        .collect()
}

pub async fn rating(db: &Db, id: DossierId) -> StoreResult<Option<RatingRecord>> {
    const SQL: &str =
        "SELECT rated_at, scores, average, comment FROM dossier_rating WHERE dossier_id = $1";
    let row: Option<(DateTime<Utc>, String, i64, String)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_optional(p).await?
    });
    Ok(row.map(
        |(rated_at, scores_json, average_hundredths, comment)| RatingRecord {
            rated_at,
            scores_json,
            average_hundredths,
            comment,
        },
    ))
}
