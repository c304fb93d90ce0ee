//! One-stop dossiers: intake (code and logbook numbers, documents, files), the dossier row with
//! its optimistic version, the event log that is both the timeline and the control sheet, the
//! desk queue, the late-watch flags, ratings and the logbook.
//!
//! A state change is a read-modify-write: the caller loads a [`DossierRecord`], lets the
//! domain decide, and calls [`save`] with the version it read. `save` updates only if the
//! version is unchanged, so of two officers acting at once exactly one wins; the loser gets
//! [`StoreError::Conflict`] and nothing of theirs is written.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::lifecycle::{Channel, Status, Timeliness};
use motcua_domain::ids::{DossierId, ProcedureVersionId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::procedure::{LimitKind, Quantity};
use motcua_domain::role::Role;
use serde::Deserialize;
use sqlx::{FromRow, Row};

use crate::audit::AuditContext;
use crate::db::{Db, Tx, fetch_row, fetch_rows, on_pool, on_tx, queue_write, values_placeholders};
use crate::error::{OnConflict, StoreError, StoreResult};
use crate::filter::{Arg, Where, bind_args};

pub use motcua_domain::dossier::record::{
    ApplicantRecord, DossierRecord, EventRecord, WatchFlag, WatchKind,
};

/// A line of the document checklist as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRecord {
    pub position: u32,
    pub name: String,
    pub copy_kind: String,
    pub provided: bool,
    /// `intake` or `supplement`.
    pub stage: String,
    pub file: Option<FileRef>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    pub name: String,
    pub sha256: String,
}

/// A file's content, stored once per SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    /// `pdf`, `jpeg` or `png`, as sniffed.
    pub kind: String,
    pub content: Vec<u8>,
}

#[derive(FromRow)]
struct DossierRow {
    dossier_id: String,
    code: String,
    agency_code: String,
    receiving_unit_id: String,
    handling_unit_id: String,
    procedure_version_id: String,
    procedure_code: String,
    procedure_name: String,
    channel: String,
    status: String,
    step_index: Option<i64>,
    step_count: i64,
    step_role: Option<String>,
    step_started_at: Option<DateTime<Utc>>,
    step_due_at: Option<DateTime<Utc>>,
    step_user_id: Option<String>,
    applicant_kind: String,
    applicant_name: String,
    applicant_id_number: String,
    applicant_phone: Option<String>,
    applicant_email: Option<String>,
    applicant_address: String,
    applicant_user_id: Option<String>,
    masked_name: String,
    submitted_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    received_by: Option<String>,
    rules_id: String,
    limit_kind: String,
    limit_amount: i64,
    original_due_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    supplement_requested_at: Option<DateTime<Utc>>,
    resubmitted_at: Option<DateTime<Utc>>,
    apologised_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    watch_flag: Option<String>,
    watch_reason: Option<String>,
    watch_step_index: Option<i64>,
    watch_user_id: Option<String>,
    watch_at: Option<DateTime<Utc>>,
    logbook_year: i64,
    logbook_number: i64,
    fee_text: String,
    return_place: String,
    version: i64,
}

const COLUMNS: &str = "dossier_id, code, agency_code, receiving_unit_id, handling_unit_id, \
    procedure_version_id, procedure_code, procedure_name, channel, status, step_index, \
    step_count, step_role, step_started_at, step_due_at, step_user_id, applicant_kind, applicant_name, \
    applicant_id_number, applicant_phone, applicant_email, applicant_address, applicant_user_id, \
    masked_name, submitted_at, received_at, received_by, rules_id, limit_kind, limit_amount, \
    original_due_at, due_at, supplement_requested_at, resubmitted_at, apologised_at, finished_at, \
    outcome, watch_flag, watch_reason, watch_step_index, watch_user_id, watch_at, logbook_year, \
    logbook_number, fee_text, return_place, version";

fn parse_id<T>(s: &str, f: fn(&str) -> Result<T, motcua_domain::DomainError>) -> StoreResult<T> {
    f(s).map_err(|e| StoreError::corrupt("dossier", e))
}

fn opt_id<T>(
    s: Option<&String>,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<Option<T>> {
    s.map(|s| parse_id(s, f)).transpose()
}

fn parse_status(s: &str) -> StoreResult<Status> {
    Status::parse(s).ok_or_else(|| StoreError::corrupt("dossier", "status"))
}

fn parse_outcome(s: Option<&str>) -> StoreResult<Option<Timeliness>> {
    s.map(|s| Timeliness::parse(s).ok_or_else(|| StoreError::corrupt("dossier", "outcome")))
        .transpose()
}

fn small(v: i64) -> StoreResult<u16> {
    u16::try_from(v).map_err(|e| StoreError::corrupt("dossier", e))
}

impl TryFrom<DossierRow> for DossierRecord {
    type Error = StoreError;
    fn try_from(r: DossierRow) -> StoreResult<Self> {
        let bad = |what: &str| StoreError::corrupt("dossier", what);
        Ok(Self {
            id: parse_id(&r.dossier_id, DossierId::parse)?,
            code: r.code,
            agency_code: r.agency_code,
            receiving_unit: parse_id(&r.receiving_unit_id, UnitId::parse)?,
            handling_unit: parse_id(&r.handling_unit_id, UnitId::parse)?,
            procedure_version: parse_id(&r.procedure_version_id, ProcedureVersionId::parse)?,
            procedure_code: r.procedure_code,
            procedure_name: r.procedure_name,
            channel: Channel::parse(&r.channel).ok_or_else(|| bad("channel"))?,
            status: parse_status(&r.status)?,
            step_index: r.step_index.map(small).transpose()?,
            step_count: small(r.step_count)?,
            step_role: r
                .step_role
                .as_deref()
                .map(|s| Role::parse(s).map_err(|_| bad("step_role")))
                .transpose()?,
            step_started_at: r.step_started_at,
            step_due_at: r.step_due_at,
            step_user: opt_id(r.step_user_id.as_ref(), UserId::parse)?,
            applicant: ApplicantRecord {
                kind: r.applicant_kind,
                name: r.applicant_name,
                id_number: r.applicant_id_number,
                phone: r.applicant_phone,
                email: r.applicant_email,
                address: r.applicant_address,
                user_id: opt_id(r.applicant_user_id.as_ref(), UserId::parse)?,
                masked_name: r.masked_name,
            },
            submitted_at: r.submitted_at,
            received_at: r.received_at,
            received_by: opt_id(r.received_by.as_ref(), UserId::parse)?,
            rules_id: r.rules_id,
            limit_kind: LimitKind::parse(&r.limit_kind).map_err(|_| bad("limit_kind"))?,
            limit_amount: Quantity::from_hundredths(
                u32::try_from(r.limit_amount).map_err(|_| bad("limit_amount"))?,
            ),
            original_due_at: r.original_due_at,
            due_at: r.due_at,
            supplement_requested_at: r.supplement_requested_at,
            resubmitted_at: r.resubmitted_at,
            apologised_at: r.apologised_at,
            finished_at: r.finished_at,
            outcome: parse_outcome(r.outcome.as_deref())?,
            watch: match (r.watch_flag.as_deref(), r.watch_at) {
                (Some(flag), Some(at)) => Some(WatchFlag {
                    kind: WatchKind::parse(flag).ok_or_else(|| bad("watch_flag"))?,
                    reason: r.watch_reason.unwrap_or_default(),
                    step_index: r.watch_step_index.map(small).transpose()?,
                    user: opt_id(r.watch_user_id.as_ref(), UserId::parse)?,
                    at,
                }),
                _ => None,
            },
            logbook_year: i32::try_from(r.logbook_year).map_err(|_| bad("logbook_year"))?,
            logbook_number: r.logbook_number,
            fee_text: r.fee_text,
            return_place: r.return_place,
            version: r.version,
        })
    }
}

const NEXT_SEQUENCE: &str = "INSERT INTO dossier_sequence (agency_code, day, last_seq) \
    VALUES ($1, $2, 1) ON CONFLICT (agency_code, day) \
    DO UPDATE SET last_seq = dossier_sequence.last_seq + 1 RETURNING last_seq";
const NEXT_LOGBOOK_NUMBER: &str = "INSERT INTO logbook_sequence (unit_id, year, last_number) \
    VALUES ($1, $2, 1) ON CONFLICT (unit_id, year) \
    DO UPDATE SET last_number = logbook_sequence.last_number + 1 RETURNING last_number";

/// The next number of the day for `agency` (1, 2, …): one upsert, so concurrent intakes on
/// any number of servers get distinct numbers, and a rolled-back intake gives its number back.
pub async fn next_sequence(tx: &mut Tx, agency: &str, day: NaiveDate) -> StoreResult<i64> {
    fetch_row!(tx, NEXT_SEQUENCE, |q| q.bind(agency).bind(day), |row| row
        .try_get(
        0
    )?)
    .ok_or_else(|| returned_nothing("dossier_sequence"))
}

/// An intake's two numbers: [`next_sequence`] of `agency` on `day` and
/// [`next_logbook_number`] of `unit` in `year`, in one call on SQLite.
pub async fn next_numbers(
    tx: &mut Tx,
    agency: &str,
    day: NaiveDate,
    unit: UnitId,
    year: i32,
) -> StoreResult<(i64, i64)> {
    let numbers: Vec<i64> = fetch_rows!(
        tx,
        [
            (NEXT_SEQUENCE, |q| q.bind(agency).bind(day)),
            (NEXT_LOGBOOK_NUMBER, |q| q
                .bind(unit.to_string())
                .bind(i64::from(year))),
        ],
        |row| row.try_get(0)?
    );
    match numbers[..] {
        [seq, number] => Ok((seq, number)),
        _ => Err(returned_nothing("dossier_sequence")),
    }
}

/// Raises the day's counter of `agency` to at least `last` (after loading history in bulk, so
/// that the next intake continues the numbering).
pub async fn raise_sequence(
    tx: &mut Tx,
    agency: &str,
    day: NaiveDate,
    last: i64,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO dossier_sequence (agency_code, day, last_seq) VALUES ($1, $2, $3) \
        ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = excluded.last_seq \
        WHERE dossier_sequence.last_seq < excluded.last_seq";
    on_tx!(tx, c => {
        sqlx::query(SQL).bind(agency).bind(day).bind(last).execute(&mut *c).await?;
    });
    Ok(())
}

/// Raises the logbook counter of `unit` in `year` to at least `last` (see [`raise_sequence`]).
pub async fn raise_logbook_number(
    tx: &mut Tx,
    unit: UnitId,
    year: i32,
    last: i64,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO logbook_sequence (unit_id, year, last_number) VALUES ($1, $2, $3) \
        ON CONFLICT (unit_id, year) DO UPDATE SET last_number = excluded.last_number \
        WHERE logbook_sequence.last_number < excluded.last_number";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(unit.to_string())
            .bind(i64::from(year))
            .bind(last)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// The next logbook number of `unit` in `year`, continuous through the year.
pub async fn next_logbook_number(tx: &mut Tx, unit: UnitId, year: i32) -> StoreResult<i64> {
    fetch_row!(
        tx,
        NEXT_LOGBOOK_NUMBER,
        |q| q.bind(unit.to_string()).bind(i64::from(year)),
        |row| row.try_get(0)?
    )
    .ok_or_else(|| returned_nothing("logbook_sequence"))
}

/// An upsert with `RETURNING` always returns its row; the database broke that promise.
fn returned_nothing(table: &'static str) -> StoreError {
    StoreError::corrupt(table, "the upsert returned no row")
}

/// Stores a file's content once; a second upload of the same bytes costs nothing.
pub async fn store_file(tx: &mut Tx, file: &StoredFile, now: DateTime<Utc>) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO stored_file (sha256, kind, size_bytes, content, created_at) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING";
    let size = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(&file.sha256)
            .bind(&file.kind)
            .bind(size)
            .bind(&file.content)
            .bind(now)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn get_file(db: &Db, sha256: &str) -> StoreResult<StoredFile> {
    const SQL: &str = "SELECT sha256, kind, content FROM stored_file WHERE sha256 = $1";
    let row: Option<(String, String, Vec<u8>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(sha256).fetch_optional(p).await?
    });
    let (sha256, kind, content) = row.ok_or(StoreError::NotFound { entity: "file" })?;
    Ok(StoredFile {
        sha256,
        kind,
        content,
    })
}

fn folded_search_text(d: &DossierRecord) -> String {
    motcua_domain::text::fold(&format!(
        " {} {} {} {} {} ",
        d.code, d.applicant.name, d.applicant.id_number, d.procedure_code, d.procedure_name
    ))
}

/// Binds where a dossier stands on its clock and under watch, `due_at` to `watch_at`: the
/// same run of columns in the insert and in the update.
macro_rules! bind_progress {
    ($q:expr, $d:expr) => {{
        let d = $d;
        $q.bind(d.due_at)
            .bind(d.supplement_requested_at)
            .bind(d.resubmitted_at)
            .bind(d.apologised_at)
            .bind(d.finished_at)
            .bind(d.outcome.map(Timeliness::code))
            .bind(d.watch.as_ref().map(|w| w.kind.code()))
            .bind(d.watch.as_ref().map(|w| w.reason.clone()))
            .bind(d.watch.as_ref().and_then(|w| w.step_index.map(i64::from)))
            .bind(d.watch.as_ref().and_then(|w| w.user.map(|u| u.to_string())))
            .bind(d.watch.as_ref().map(|w| w.at))
    }};
}

/// Binds every column of `COLUMNS`, in order.
macro_rules! bind_all {
    ($q:expr, $d:expr) => {{
        let d = $d;
        bind_progress!(
            $q.bind(d.id.to_string())
                .bind(&d.code)
                .bind(&d.agency_code)
                .bind(d.receiving_unit.to_string())
                .bind(d.handling_unit.to_string())
                .bind(d.procedure_version.to_string())
                .bind(&d.procedure_code)
                .bind(&d.procedure_name)
                .bind(d.channel.code())
                .bind(d.status.code())
                .bind(d.step_index.map(i64::from))
                .bind(i64::from(d.step_count))
                .bind(d.step_role.map(Role::code))
                .bind(d.step_started_at)
                .bind(d.step_due_at)
                .bind(d.step_user.map(|u| u.to_string()))
                .bind(&d.applicant.kind)
                .bind(&d.applicant.name)
                .bind(&d.applicant.id_number)
                .bind(&d.applicant.phone)
                .bind(&d.applicant.email)
                .bind(&d.applicant.address)
                .bind(d.applicant.user_id.map(|u| u.to_string()))
                .bind(&d.applicant.masked_name)
                .bind(d.submitted_at)
                .bind(d.received_at)
                .bind(d.received_by.map(|u| u.to_string()))
                .bind(&d.rules_id)
                .bind(d.limit_kind.code())
                .bind(i64::from(d.limit_amount.hundredths()))
                .bind(d.original_due_at),
            d
        )
        .bind(i64::from(d.logbook_year))
        .bind(d.logbook_number)
        .bind(&d.fee_text)
        .bind(&d.return_place)
        .bind(d.version)
    }};
}

/// Inserts a new dossier with its checklist and its first event (seq = version = 1).
pub async fn insert(
    tx: &mut Tx,
    d: &DossierRecord,
    documents: &[DocumentRecord],
    first: &EventRecord,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO dossier ({COLUMNS}, search_text, created_at, updated_at) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
          $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, \
          $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49, $49)"
    );
    let now = first.at;
    let search = folded_search_text(d);
    on_tx!(tx, c => {
        bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql.clone())), d)
            .bind(&search)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
    .on_unique("dossier", "code", Text::id("store-conflict-dossier_code"))?;
    let documents: Vec<_> = documents.iter().map(|doc| (d.id, doc)).collect();
    insert_documents(tx, &documents).await?;
    insert_event(tx, d.id, first).await
}

/// [`insert`] with its audit entry (`dossier.receive`), in the same transaction.
pub async fn receive(
    tx: &mut Tx,
    audit: &AuditContext,
    d: &DossierRecord,
    documents: &[DocumentRecord],
    first: &EventRecord,
) -> StoreResult<()> {
    insert(tx, d, documents, first).await?;
    crate::audit::record(
        tx,
        audit,
        "dossier.receive",
        "dossier",
        &d.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({
            "code": d.code,
            "status": d.status.code(),
            "due_at": d.original_due_at,
        })),
    )
    .await?;
    Ok(())
}

const DOCUMENT_INSERT: &str = "INSERT INTO dossier_document (document_id, dossier_id, position, \
    name, copy_kind, provided, stage, file_name, file_sha256, created_at) VALUES";
const DOCUMENT_COLS: usize = 10;

/// Binds one checklist line in the column order of `DOCUMENT_INSERT`.
macro_rules! bind_document {
    ($q:expr, $dossier:expr, $doc:expr) => {{
        let doc = $doc;
        $q.bind(uuid::Uuid::now_v7().to_string())
            .bind($dossier.to_string())
            .bind(i64::from(doc.position))
            .bind(doc.name.clone())
            .bind(doc.copy_kind.clone())
            .bind(doc.provided)
            .bind(doc.stage.clone())
            .bind(doc.file.as_ref().map(|f| f.name.clone()))
            .bind(doc.file.as_ref().map(|f| f.sha256.clone()))
            .bind(doc.created_at)
    }};
}

/// Inserts `rows` of `(dossier, record)` with `$insert` (an `INSERT … VALUES` of `$cols`
/// columns), as many rows a statement as [`IMPORT_PARAMS`] allows, each bound by `$bind`.
/// Rows that fit in one statement (an intake's checklist, an event) are queued on SQLite (see
/// [`queue_write!`]); a bulk load's chunks run one by one, so that it never holds a script of
/// thousands of statements.
macro_rules! insert_rows {
    ($tx:expr, $rows:expr, $insert:expr, $cols:expr, $bind:ident) => {
        let rows = &$rows[..];
        let per_statement = IMPORT_PARAMS / $cols;
        for chunk in rows.chunks(per_statement) {
            let sql = format!(
                "{} {}",
                $insert,
                values_placeholders($tx.backend(), chunk.len(), $cols)
            );
            if rows.len() <= per_statement {
                queue_write!($tx, sqlx::AssertSqlSafe(sql), |q| bind_rows!(q, chunk, $bind));
            } else {
                on_tx!($tx, c => {
                    bind_rows!(sqlx::query(sqlx::AssertSqlSafe(sql.clone())), chunk, $bind)
                        .execute(&mut *c)
                        .await?;
                });
            }
        }
    };
}

/// Binds `rows` of `(dossier, record)` on `$q`, one after another, with `$bind`.
macro_rules! bind_rows {
    ($q:expr, $rows:expr, $bind:ident) => {{
        let mut q = $q;
        for (id, row) in $rows {
            q = $bind!(q, *id, row);
        }
        q
    }};
}

/// Checklist lines in one statement per chunk, not one per line: a procedure asks for up to a
/// dozen documents, and each statement is a round trip.
async fn insert_documents(
    tx: &mut Tx,
    documents: &[(DossierId, &DocumentRecord)],
) -> StoreResult<()> {
    insert_rows!(tx, documents, DOCUMENT_INSERT, DOCUMENT_COLS, bind_document);
    Ok(())
}

/// Adds documents to an existing dossier (the applicant's supplement).
pub async fn add_documents(
    tx: &mut Tx,
    dossier: DossierId,
    documents: &[DocumentRecord],
) -> StoreResult<()> {
    let documents: Vec<_> = documents.iter().map(|doc| (dossier, doc)).collect();
    insert_documents(tx, &documents).await
}

const EVENT_INSERT: &str = "INSERT INTO dossier_event (dossier_id, seq, at, action, actor_user_id, \
    actor_name, from_status, to_status, from_unit_id, to_unit_id, step_index, step_name, \
    step_started_at, step_due_at, step_budget_minutes, timeliness, receiver_user_id, \
    receiver_name, note, details) VALUES";
const EVENT_COLS: usize = 20;

/// Binds one event in the column order of `EVENT_INSERT`.
macro_rules! bind_event {
    ($q:expr, $dossier:expr, $e:expr) => {{
        let e = $e;
        $q.bind($dossier.to_string())
            .bind(e.seq)
            .bind(e.at)
            .bind(e.action.clone())
            .bind(e.actor.map(|u| u.to_string()))
            .bind(e.actor_name.clone())
            .bind(e.from_status.clone())
            .bind(e.to_status.clone())
            .bind(e.from_unit.map(|u| u.to_string()))
            .bind(e.to_unit.map(|u| u.to_string()))
            .bind(e.step_index.map(i64::from))
            .bind(e.step_name.clone())
            .bind(e.step_started_at)
            .bind(e.step_due_at)
            .bind(e.step_budget_minutes)
            .bind(e.timeliness.map(Timeliness::code))
            .bind(e.receiver.map(|u| u.to_string()))
            .bind(e.receiver_name.clone())
            .bind(e.note.clone())
            .bind(e.details.clone())
    }};
}

async fn insert_event(tx: &mut Tx, dossier: DossierId, e: &EventRecord) -> StoreResult<()> {
    insert_rows!(tx, [(dossier, e)], EVENT_INSERT, EVENT_COLS, bind_event);
    Ok(())
}

/// Writes `d` (a record read at `d.version`) as version `d.version + 1`, with `event` as its
/// timeline entry. If someone else changed the dossier since it was read, nothing is written
/// and the answer is a conflict.
pub async fn save(
    tx: &mut Tx,
    d: &DossierRecord,
    event: &EventRecord,
) -> StoreResult<DossierRecord> {
    const SQL: &str = "UPDATE dossier SET handling_unit_id = $3, status = $4, step_index = $5, \
        step_started_at = $6, step_due_at = $7, step_user_id = $8, due_at = $9, \
        supplement_requested_at = $10, resubmitted_at = $11, apologised_at = $12, \
        finished_at = $13, outcome = $14, watch_flag = $15, watch_reason = $16, \
        watch_step_index = $17, watch_user_id = $18, watch_at = $19, step_role = $21, \
        version = version + 1, updated_at = $20 WHERE dossier_id = $1 AND version = $2 \
        RETURNING version";
    // RETURNING rather than the count of rows changed, so that the update can go in one call
    // with the writes queued before it.
    let written: Option<i64> = fetch_row!(
        tx,
        SQL,
        |q| {
            bind_progress!(
                q.bind(d.id.to_string())
                    .bind(d.version)
                    .bind(d.handling_unit.to_string())
                    .bind(d.status.code())
                    .bind(d.step_index.map(i64::from))
                    .bind(d.step_started_at)
                    .bind(d.step_due_at)
                    .bind(d.step_user.map(|u| u.to_string())),
                d
            )
            .bind(event.at)
            .bind(d.step_role.map(Role::code))
        },
        |row| row.try_get(0)?
    );
    if written.is_none() {
        return Err(stale());
    }
    let mut saved = d.clone();
    saved.version += 1;
    let event = EventRecord {
        seq: saved.version,
        ..event.clone()
    };
    insert_event(tx, d.id, &event).await?;
    Ok(saved)
}

/// An action on a dossier: [`save`], the documents it brought ([`add_documents`]) and its
/// audit entry (`dossier.<action>`, the status and version before and after), in one
/// transaction. `before` is the dossier as it was read.
pub async fn act(
    tx: &mut Tx,
    audit: &AuditContext,
    before: &DossierRecord,
    d: &DossierRecord,
    event: &EventRecord,
    documents: &[DocumentRecord],
) -> StoreResult<DossierRecord> {
    let saved = save(tx, d, event).await?;
    if !documents.is_empty() {
        add_documents(tx, saved.id, documents).await?;
    }
    crate::audit::record(
        tx,
        audit,
        &format!("dossier.{}", event.action),
        "dossier",
        &saved.id.to_string(),
        Some(&serde_json::json!({ "status": before.status.code(), "version": before.version })),
        Some(&serde_json::json!({ "status": saved.status.code(), "version": saved.version })),
    )
    .await?;
    Ok(saved)
}

/// The conflict a stale version gets.
#[must_use]
pub fn stale() -> StoreError {
    StoreError::Conflict {
        entity: "dossier",
        field: "version",
        message: Text::id("store-conflict-dossier_version"),
    }
}

/// Sets or clears the late-watch flag without touching the version: the flag is the system's
/// annotation, and must never make an officer's concurrent action fail.
pub async fn set_watch(db: &Db, id: DossierId, flag: Option<&WatchFlag>) -> StoreResult<()> {
    const SQL: &str = "UPDATE dossier SET watch_flag = $2, watch_reason = $3, \
        watch_step_index = $4, watch_user_id = $5, watch_at = $6 WHERE dossier_id = $1";
    on_pool!(db, p => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(flag.map(|w| w.kind.code()))
            .bind(flag.map(|w| w.reason.clone()))
            .bind(flag.and_then(|w| w.step_index.map(i64::from)))
            .bind(flag.and_then(|w| w.user.map(|u| u.to_string())))
            .bind(flag.map(|w| w.at))
            .execute(p)
            .await?;
    });
    Ok(())
}

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

/// Codes that start with `prefix`, for "did you mean" answers to a mistyped code.
pub async fn codes_like(db: &Db, prefix: &str, limit: i64) -> StoreResult<Vec<String>> {
    const SQL: &str =
        "SELECT code FROM dossier WHERE code >= $1 AND code < $2 ORDER BY code LIMIT $3";
    let upper = format!("{prefix}\u{10FFFF}");
    Ok(on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(prefix).bind(&upper).bind(limit).fetch_all(p).await?
    }))
}

#[derive(FromRow)]
struct EventRow {
    seq: i64,
    at: DateTime<Utc>,
    action: String,
    actor_user_id: Option<String>,
    actor_name: String,
    from_status: Option<String>,
    to_status: String,
    from_unit_id: Option<String>,
    to_unit_id: Option<String>,
    step_index: Option<i64>,
    step_name: Option<String>,
    step_started_at: Option<DateTime<Utc>>,
    step_due_at: Option<DateTime<Utc>>,
    step_budget_minutes: Option<i64>,
    timeliness: Option<String>,
    receiver_user_id: Option<String>,
    receiver_name: Option<String>,
    note: String,
    details: String,
}

const EVENT_COLUMNS: &str = "seq, at, action, actor_user_id, actor_name, from_status, \
    to_status, from_unit_id, to_unit_id, step_index, step_name, step_started_at, step_due_at, \
    step_budget_minutes, timeliness, receiver_user_id, receiver_name, note, details";

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

impl EventRow {
    fn into_record(self) -> StoreResult<EventRecord> {
        let r = self;
        Ok(EventRecord {
            seq: r.seq,
            at: r.at,
            action: r.action,
            actor: opt_id(r.actor_user_id.as_ref(), UserId::parse)?,
            actor_name: r.actor_name,
            from_status: r.from_status,
            to_status: r.to_status,
            from_unit: opt_id(r.from_unit_id.as_ref(), UnitId::parse)?,
            to_unit: opt_id(r.to_unit_id.as_ref(), UnitId::parse)?,
            step_index: r.step_index.map(small).transpose()?,
            step_name: r.step_name,
            step_started_at: r.step_started_at,
            step_due_at: r.step_due_at,
            step_budget_minutes: r.step_budget_minutes,
            timeliness: r.timeliness.as_deref().and_then(Timeliness::parse),
            receiver: opt_id(r.receiver_user_id.as_ref(), UserId::parse)?,
            receiver_name: r.receiver_name,
            note: r.note,
            details: r.details,
        })
    }
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
    let mut w = Where::default();
    w.any_of("handling_unit_id", f.units.iter().map(ToString::to_string));
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
    let limit = if f.limit <= 0 { 50 } else { f.limit.min(500) };
    let sql = format!(
        "SELECT {COLUMNS} FROM dossier {} \
         ORDER BY CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END, due_at, received_at DESC \
         LIMIT {limit} OFFSET {}",
        w.clause(),
        f.offset.max(0)
    );
    let rows: Vec<DossierRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
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

/// A satisfaction rating as stored: scores as JSON, the average in hundredths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingRecord {
    pub rated_at: DateTime<Utc>,
    pub scores_json: String,
    pub average_hundredths: i64,
    pub comment: String,
}

const RATING_INSERT: &str =
    "INSERT INTO dossier_rating (dossier_id, rated_at, scores, average, comment) VALUES";
const RATING_COLS: usize = 5;

/// Binds one rating in the column order of `RATING_INSERT`.
macro_rules! bind_rating {
    ($q:expr, $dossier:expr, $r:expr) => {{
        let r = $r;
        $q.bind($dossier.to_string())
            .bind(r.rated_at)
            .bind(r.scores_json.clone())
            .bind(r.average_hundredths)
            .bind(r.comment.clone())
    }};
}

/// Records the one rating a dossier may get; a second one is a conflict.
pub async fn rate(tx: &mut Tx, id: DossierId, r: &RatingRecord) -> StoreResult<()> {
    let sql = format!(
        "{RATING_INSERT} {}",
        values_placeholders(tx.backend(), 1, RATING_COLS)
    );
    on_tx!(tx, c => {
        bind_rating!(sqlx::query(sqlx::AssertSqlSafe(sql.clone())), id, r)
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
    .on_unique(
        "dossier_rating",
        "dossier_id",
        Text::id("store-conflict-dossier_rated"),
    )?;
    Ok(())
}

/// [`rate`] with its audit entry (`dossier.rate`, the average), in the same transaction.
pub async fn record_rating(
    tx: &mut Tx,
    audit: &AuditContext,
    id: DossierId,
    r: &RatingRecord,
) -> StoreResult<()> {
    rate(tx, id, r).await?;
    crate::audit::record(
        tx,
        audit,
        "dossier.rate",
        "dossier",
        &id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "average": r.average_hundredths })),
    )
    .await?;
    Ok(())
}

/// A dossier with everything that happened to it, for [`import`].
#[derive(Clone, Debug)]
pub struct ImportedDossier {
    pub dossier: DossierRecord,
    pub documents: Vec<DocumentRecord>,
    pub events: Vec<EventRecord>,
    pub rating: Option<RatingRecord>,
}

/// Parameters per multi-row INSERT. Binding costs grow faster than linearly with the number of
/// parameters of one SQLite statement (each bind looks its name up among all of them): with
/// 4,000 a statement, binding took 83 % of the demo history's time. A few hundred keep
/// statements few and binding cheap.
const IMPORT_PARAMS: usize = 400;

/// Writes past dossiers in their final state, with their checklists, events and ratings, many
/// rows per statement: the path for history imports and the demo, where one INSERT a row would
/// spend most of its time on statement round trips. Live changes go through [`insert`] and
/// [`save`].
pub async fn import(tx: &mut Tx, items: &[ImportedDossier]) -> StoreResult<()> {
    const DOSSIER_COLS: usize = 50;
    for chunk in items.chunks(IMPORT_PARAMS / DOSSIER_COLS) {
        let sql = format!(
            "INSERT INTO dossier ({COLUMNS}, search_text, created_at, updated_at) VALUES {}",
            values_placeholders(tx.backend(), chunk.len(), DOSSIER_COLS)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for item in chunk {
                let d = &item.dossier;
                let created = item.events.first().map_or(d.received_at, |e| e.at);
                q = bind_all!(q, d).bind(folded_search_text(d)).bind(created).bind(created);
            }
            q.execute(&mut *c).await.map(|_| ())
        })
        .map_err(StoreError::from)
        .on_unique("dossier", "code", Text::id("store-conflict-dossier_code"))?;
    }
    let documents: Vec<(DossierId, &DocumentRecord)> = items
        .iter()
        .flat_map(|i| i.documents.iter().map(|d| (i.dossier.id, d)))
        .collect();
    insert_documents(tx, &documents).await?;
    let events: Vec<(DossierId, &EventRecord)> = items
        .iter()
        .flat_map(|i| i.events.iter().map(|e| (i.dossier.id, e)))
        .collect();
    insert_rows!(tx, events, EVENT_INSERT, EVENT_COLS, bind_event);
    let ratings: Vec<(DossierId, &RatingRecord)> = items
        .iter()
        .filter_map(|i| i.rating.as_ref().map(|r| (i.dossier.id, r)))
        .collect();
    insert_rows!(tx, ratings, RATING_INSERT, RATING_COLS, bind_rating);
    Ok(())
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

/// Counts by status within `units` (empty = all): the queue's tabs.
pub async fn count_by_status(db: &Db, units: &[UnitId]) -> StoreResult<Vec<(Status, i64)>> {
    let mut sql = "SELECT status, COUNT(*) FROM dossier".to_owned();
    if !units.is_empty() {
        let ph: Vec<String> = (1..=units.len()).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" WHERE handling_unit_id IN ({})", ph.join(", ")));
    }
    sql.push_str(" GROUP BY status");
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for u in units {
            q = q.bind(u.to_string());
        }
        q.fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(s, n)| Status::parse(&s).map(|s| (s, n)))
        .collect())
}
