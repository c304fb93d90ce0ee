//! Bulk loads of past petitions, many rows per statement.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UserId};
use motcua_domain::message::Text;

use super::rows::COLUMNS;
use super::write::search_text;
use super::{PetitionEvent, PetitionRecord};
use crate::audit::{self, AuditContext};
use crate::db::{Tx, on_tx, values_placeholders};
use crate::error::{OnConflict, StoreError, StoreResult};

/// A petition with its timeline and its named handlers, for [`import`].
#[derive(Clone, Debug)]
pub struct ImportedPetition {
    /// The record in its final state (the version is the number of events).
    pub record: PetitionRecord,
    /// The timeline, `seq` 1, 2, …; the first is the registration.
    pub events: Vec<PetitionEvent>,
    pub handlers: Vec<UserId>,
    /// LSH bands of the signature; may be empty (the case is then found as a duplicate by its
    /// sender's keyed hashes only).
    pub bands: Vec<String>,
}

/// Parameters per multi-row statement, to keep statements (and their text) small.
pub(super) const IMPORT_PARAMS: usize = 400;

/// Writes past petitions in their final state with their timelines, handlers and bands, many
/// rows per statement: the path for bulk loads (the `seed` command), where one statement a row
/// would spend its time on round trips. Live registrations go through [`insert`] and [`save`].
/// Audited as one `petition.import` entry a call (the batch's size and codes).
pub async fn import(
    tx: &mut Tx,
    ctx: &AuditContext,
    items: &[ImportedPetition],
) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    const COLS: usize = 50;
    let backend = tx.backend();
    for chunk in items.chunks(IMPORT_PARAMS / COLS) {
        let sql = format!(
            "INSERT INTO petition ({COLUMNS}, search_text, created_at, updated_at) VALUES {}",
            values_placeholders(backend, chunk.len(), COLS)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for item in chunk {
                let p = &item.record;
                let created = item.events.first().map_or(p.received_at, |e| e.at);
                let updated = item.events.last().map_or(created, |e| e.at);
                q = q
                    .bind(p.id.to_string())
                    .bind(p.code.clone())
                    .bind(p.unit.to_string())
                    .bind(p.kind.clone())
                    .bind(p.source.clone())
                    .bind(p.forwarded_by.clone())
                    .bind(p.visit.map(|v| v.to_string()))
                    .bind(p.received_at)
                    .bind(p.registered_by.map(|u| u.to_string()))
                    .bind(p.filer_index.clone())
                    .bind(p.subject.clone())
                    .bind(p.content.clone())
                    .bind(p.respondent.clone())
                    .bind(p.anonymous)
                    .bind(p.protected)
                    .bind(p.pseudonym.clone())
                    .bind(p.sender.name.clone())
                    .bind(p.sender.address.clone())
                    .bind(p.sender.id_number.clone())
                    .bind(p.sender.phone.clone())
                    .bind(p.sender_sealed.clone())
                    .bind(p.person_id_index.clone())
                    .bind(p.person_name_index.clone())
                    .bind(p.signatory_count)
                    .bind(p.representatives.clone())
                    .bind(p.status.clone())
                    .bind(p.reason_code.clone())
                    .bind(p.forwarded_to.clone())
                    .bind(p.complexity.clone())
                    .bind(p.remote_area)
                    .bind(p.instance)
                    .bind(p.first_instance.map(|i| i.to_string()))
                    .bind(p.rules_id.clone())
                    .bind(p.deadline_kind.clone())
                    .bind(p.due_at)
                    .bind(p.reply_due_at)
                    .bind(p.accepted_at)
                    .bind(p.suspended_at)
                    .bind(p.extensions)
                    .bind(p.case_state.clone())
                    .bind(p.decided_at)
                    .bind(p.decision_summary.clone())
                    .bind(p.closed_at)
                    .bind(p.duplicate_of.map(|i| i.to_string()))
                    .bind(p.signature.clone())
                    .bind(p.watch_flag.clone())
                    .bind(p.version)
                    .bind(search_text(p))
                    .bind(created)
                    .bind(updated);
            }
            q.execute(&mut *c).await.map(|_| ())
        })
        .map_err(StoreError::from)
        .on_unique("petition", "code", Text::id("store-conflict-petition_code"))?;
    }
    let events: Vec<(PetitionId, &PetitionEvent)> = items
        .iter()
        .flat_map(|i| i.events.iter().map(|e| (i.record.id, e)))
        .collect();
    for chunk in events.chunks(IMPORT_PARAMS / 10) {
        let sql = format!(
            "INSERT INTO petition_event (petition_id, seq, at, action, actor_user_id, \
             actor_name, from_status, to_status, note, details) VALUES {}",
            values_placeholders(backend, chunk.len(), 10)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (id, e) in chunk {
                q = q
                    .bind(id.to_string())
                    .bind(e.seq)
                    .bind(e.at)
                    .bind(e.action.clone())
                    .bind(e.actor.map(|u| u.to_string()))
                    .bind(e.actor_name.clone())
                    .bind(e.from_status.clone())
                    .bind(e.to_status.clone())
                    .bind(e.note.clone())
                    .bind(e.details.clone());
            }
            q.execute(&mut *c).await?;
        });
    }
    let handlers: Vec<(PetitionId, UserId, DateTime<Utc>)> = items
        .iter()
        .flat_map(|i| {
            i.handlers
                .iter()
                .map(|u| (i.record.id, *u, i.record.received_at))
        })
        .collect();
    for chunk in handlers.chunks(IMPORT_PARAMS / 4) {
        let sql = format!(
            "INSERT INTO petition_handler (petition_id, user_id, assigned_by, assigned_at) \
             VALUES {} ON CONFLICT DO NOTHING",
            values_placeholders(backend, chunk.len(), 4)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (id, user, at) in chunk {
                q = q
                    .bind(id.to_string())
                    .bind(user.to_string())
                    .bind(user.to_string())
                    .bind(*at);
            }
            q.execute(&mut *c).await?;
        });
    }
    let bands: Vec<(PetitionId, &String)> = items
        .iter()
        .flat_map(|i| i.bands.iter().map(|b| (i.record.id, b)))
        .collect();
    for chunk in bands.chunks(IMPORT_PARAMS / 2) {
        let sql = format!(
            "INSERT INTO petition_band (band, petition_id) VALUES {} ON CONFLICT DO NOTHING",
            values_placeholders(backend, chunk.len(), 2)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (id, band) in chunk {
                q = q.bind((*band).clone()).bind(id.to_string());
            }
            q.execute(&mut *c).await?;
        });
    }
    crate::stats::on_petition_import(tx, items.iter().map(|i| &i.record)).await?;
    let codes: Vec<&str> = items.iter().map(|i| i.record.code.as_str()).collect();
    audit::record(
        tx,
        ctx,
        "petition.import",
        "petition",
        "*",
        None::<&()>,
        Some(&serde_json::json!({ "count": items.len(), "codes": codes })),
    )
    .await?;
    Ok(())
}

/// Raises the register counter of `unit_code` in `year` to at least `last` (after a bulk
/// load, so that the next registration continues the numbering).
pub async fn raise_number(tx: &mut Tx, unit_code: &str, year: i32, last: i64) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO petition_sequence (unit_code, year, last_number) \
        VALUES ($1, $2, $3) ON CONFLICT (unit_code, year) DO UPDATE \
        SET last_number = excluded.last_number \
        WHERE petition_sequence.last_number < excluded.last_number";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(unit_code)
            .bind(i64::from(year))
            .bind(last)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}
