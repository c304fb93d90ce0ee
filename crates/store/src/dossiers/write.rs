//! Live writes: intake, actions under the optimistic version, the late-watch flag, ratings.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::Timeliness;
use motcua_domain::ids::DossierId;
use motcua_domain::message::Text;
use motcua_domain::role::Role;
use sqlx::Row;

use super::rows::COLUMNS;
use super::{DocumentRecord, DossierRecord, EventRecord, WatchFlag};
use crate::audit::AuditContext;
use crate::db::{Db, Tx, fetch_row, on_pool, on_tx, queue_write, values_placeholders};
use crate::error::{OnConflict, StoreError, StoreResult};

pub(super) fn folded_search_text(d: &DossierRecord) -> String {
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
pub(super) use bind_progress;

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
        .bind(d.digital.fee_bearing)
        .bind(d.digital.paid_online.map(|g| g.code()))
        .bind(d.digital.paper_result)
        .bind(d.digital.e_result)
        .bind(d.digital.components_digitised)
        .bind(d.digital.reused_data)
        .bind(d.digital.from_portal_store)
        .bind(d.digital.synced_at)
    }};
}
pub(super) use bind_all;

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
          $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49, $50, $51, $52, $53, \
          $54, $55, $56, $57, $57)"
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
    insert_event(tx, d.id, first).await?;
    crate::stats::on_insert(tx, d, first).await
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

pub(super) const DOCUMENT_INSERT: &str = "INSERT INTO dossier_document (document_id, dossier_id, position, \
    name, copy_kind, provided, stage, file_name, file_sha256, created_at) VALUES";
pub(super) const DOCUMENT_COLS: usize = 10;

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
pub(super) use insert_rows;

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
pub(super) use bind_rows;

/// Checklist lines in one statement per chunk, not one per line: a procedure asks for up to a
/// dozen documents, and each statement is a round trip.
pub(super) async fn insert_documents(
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

pub(super) const EVENT_INSERT: &str = "INSERT INTO dossier_event (dossier_id, seq, at, action, actor_user_id, \
    actor_name, from_status, to_status, from_unit_id, to_unit_id, step_index, step_name, \
    step_started_at, step_due_at, step_budget_minutes, timeliness, receiver_user_id, \
    receiver_name, note, details) VALUES";
pub(super) const EVENT_COLS: usize = 20;

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
pub(super) use bind_event;

pub(super) async fn insert_event(
    tx: &mut Tx,
    dossier: DossierId,
    e: &EventRecord,
) -> StoreResult<()> {
    insert_rows!(tx, [(dossier, e)], EVENT_INSERT, EVENT_COLS, bind_event);
    Ok(())
}

/// Writes `d` (a record read at `d.version`, as `before`) as version `d.version + 1`, with
/// `event` as its timeline entry, and moves it in the statistics tally. If someone else
/// changed the dossier since it was read, nothing is written and the answer is a conflict.
pub async fn save(
    tx: &mut Tx,
    before: &DossierRecord,
    d: &DossierRecord,
    event: &EventRecord,
) -> StoreResult<DossierRecord> {
    const SQL: &str = "UPDATE dossier SET handling_unit_id = $3, status = $4, step_index = $5, \
        step_started_at = $6, step_due_at = $7, step_user_id = $8, due_at = $9, \
        supplement_requested_at = $10, resubmitted_at = $11, apologised_at = $12, \
        finished_at = $13, outcome = $14, watch_flag = $15, watch_reason = $16, \
        watch_step_index = $17, watch_user_id = $18, watch_at = $19, step_role = $21, \
        paid_online = $22, e_result = $23, synced_at = $24, version = version + 1, updated_at = $20 WHERE dossier_id = $1 AND version = $2 \
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
            .bind(d.digital.paid_online.map(|g| g.code()))
            .bind(d.digital.e_result)
            .bind(d.digital.synced_at)
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
    crate::stats::on_change(tx, before, &saved, &event).await?;
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
    let saved = save(tx, before, d, event).await?;
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

/// Parameters per multi-row INSERT. Binding costs grow faster than linearly with the number of
/// parameters of one SQLite statement (each bind looks its name up among all of them): with
/// 4,000 a statement, binding took 83 % of the demo history's time. A few hundred keep
/// statements few and binding cheap.
pub(super) const IMPORT_PARAMS: usize = 400;

/// A satisfaction rating as stored: scores as JSON, the average in hundredths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingRecord {
    pub rated_at: DateTime<Utc>,
    pub scores_json: String,
    pub average_hundredths: i64,
    pub comment: String,
}

pub(super) const RATING_INSERT: &str =
    "INSERT INTO dossier_rating (dossier_id, rated_at, scores, average, comment) VALUES";
pub(super) const RATING_COLS: usize = 5;

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
pub(super) use bind_rating;

/// Records the one rating a dossier may get (a second one is a conflict), and counts it in the
/// statistics tally.
pub async fn rate(tx: &mut Tx, d: &DossierRecord, r: &RatingRecord) -> StoreResult<()> {
    let id = d.id;
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
    crate::stats::on_rating(tx, d, r.average_hundredths).await
}

/// [`rate`] with its audit entry (`dossier.rate`, the average), in the same transaction.
pub async fn record_rating(
    tx: &mut Tx,
    audit: &AuditContext,
    d: &DossierRecord,
    r: &RatingRecord,
) -> StoreResult<()> {
    let id = d.id;
    rate(tx, d, r).await?;
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
