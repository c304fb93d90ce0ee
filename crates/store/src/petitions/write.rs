//! Live writes: registration, actions under the optimistic version, named handlers, the watch
//! flag, resealing; and the audited forms of these writes.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UserId};
use motcua_domain::message::Text;

use super::duplicates::decide_duplicate;
use super::reveals::record_reveal;
use super::rows::{COLUMNS, parse_id};
use super::{PetitionEvent, PetitionRecord};
use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx, on_write};
use crate::error::{OnConflict, StoreError, StoreResult};

/// The words a list search matches: code, kind, subject and content, never the sender of a
/// protected petition (whose clear columns are empty anyway).
pub(super) fn search_text(p: &PetitionRecord) -> String {
    motcua_domain::text::fold(&format!(
        " {} {} {} {} {} {} ",
        p.code, p.pseudonym, p.subject, p.content, p.sender.name, p.sender.id_number
    ))
}

/// The next register number of the unit with code `unit_code` in `year`, continuous through the
/// year and across the unit's versions.
pub async fn next_number(tx: &mut Tx, unit_code: &str, year: i32) -> StoreResult<i64> {
    const SQL: &str = "INSERT INTO petition_sequence (unit_code, year, last_number) \
        VALUES ($1, $2, 1) ON CONFLICT (unit_code, year) DO UPDATE \
        SET last_number = petition_sequence.last_number + 1 RETURNING last_number";
    Ok(on_tx!(tx, c => {
        sqlx::query_scalar(SQL)
            .bind(unit_code)
            .bind(i64::from(year))
            .fetch_one(&mut *c)
            .await?
    }))
}

/// Registers a petition with its first event and its LSH bands.
pub async fn insert(
    tx: &mut Tx,
    p: &PetitionRecord,
    bands: &[String],
    first: &PetitionEvent,
) -> StoreResult<()> {
    let placeholders: Vec<String> = (1..=50).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO petition ({COLUMNS}, search_text, created_at, updated_at) VALUES ({})",
        placeholders.join(", ")
    );
    let search = search_text(p);
    on_tx!(tx, c => {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(p.id.to_string())
            .bind(&p.code)
            .bind(p.unit.to_string())
            .bind(&p.kind)
            .bind(&p.source)
            .bind(&p.forwarded_by)
            .bind(p.visit.map(|v| v.to_string()))
            .bind(p.received_at)
            .bind(p.registered_by.map(|u| u.to_string()))
            .bind(&p.filer_index)
            .bind(&p.subject)
            .bind(&p.content)
            .bind(&p.respondent)
            .bind(p.anonymous)
            .bind(p.protected)
            .bind(&p.pseudonym)
            .bind(&p.sender.name)
            .bind(&p.sender.address)
            .bind(&p.sender.id_number)
            .bind(&p.sender.phone)
            .bind(&p.sender_sealed)
            .bind(&p.person_id_index)
            .bind(&p.person_name_index)
            .bind(p.signatory_count)
            .bind(&p.representatives)
            .bind(&p.status)
            .bind(&p.reason_code)
            .bind(&p.forwarded_to)
            .bind(&p.complexity)
            .bind(p.remote_area)
            .bind(p.instance)
            .bind(p.first_instance.map(|i| i.to_string()))
            .bind(&p.rules_id)
            .bind(&p.deadline_kind)
            .bind(p.due_at)
            .bind(p.reply_due_at)
            .bind(p.accepted_at)
            .bind(p.suspended_at)
            .bind(p.extensions)
            .bind(&p.case_state)
            .bind(p.decided_at)
            .bind(&p.decision_summary)
            .bind(p.closed_at)
            .bind(p.duplicate_of.map(|i| i.to_string()))
            .bind(&p.signature)
            .bind(&p.watch_flag)
            .bind(p.version)
            .bind(&search)
            .bind(first.at)
            .bind(first.at)
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
    .on_unique("petition", "code", Text::id("store-conflict-petition_code"))?;
    insert_bands(tx, p.id, bands).await?;
    insert_event(tx, p.id, first).await?;
    crate::stats::on_petition(tx, None, Some(p)).await
}

/// Rewrites what is derived from a petition's text (subject, working copy, signature, search
/// text, LSH bands) without touching its version: the repair of protected petitions written
/// before their masking caught everything. The caller gives the re-derived values in `p`.
pub async fn rewrite_text(tx: &mut Tx, p: &PetitionRecord, bands: &[String]) -> StoreResult<()> {
    let search = search_text(p);
    on_tx!(tx, c => {
        sqlx::query("UPDATE petition SET subject = $2, content = $3, signature = $4, \
                     search_text = $5 WHERE petition_id = $1")
            .bind(p.id.to_string())
            .bind(&p.subject)
            .bind(&p.content)
            .bind(&p.signature)
            .bind(&search)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM petition_band WHERE petition_id = $1")
            .bind(p.id.to_string())
            .execute(&mut *c)
            .await?;
    });
    insert_bands(tx, p.id, bands).await
}

pub(super) async fn insert_bands(tx: &mut Tx, id: PetitionId, bands: &[String]) -> StoreResult<()> {
    if !bands.is_empty() {
        // One statement for all of a signature's bands (42): a registration is one round trip
        // for them, not one each.
        let values: Vec<String> = (0..bands.len())
            .map(|i| format!("(${}, $1)", i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO petition_band (band, petition_id) VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        );
        let id = id.to_string();
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(id.clone());
            for band in bands {
                q = q.bind(band.clone());
            }
            q.execute(&mut *c).await?;
        });
    }
    Ok(())
}

pub(super) async fn insert_event(
    tx: &mut Tx,
    id: PetitionId,
    e: &PetitionEvent,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO petition_event (petition_id, seq, at, action, actor_user_id, \
        actor_name, from_status, to_status, note, details) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(e.seq)
            .bind(e.at)
            .bind(&e.action)
            .bind(e.actor.map(|u| u.to_string()))
            .bind(&e.actor_name)
            .bind(&e.from_status)
            .bind(&e.to_status)
            .bind(&e.note)
            .bind(&e.details)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// The conflict a stale version gets.
#[must_use]
pub fn stale() -> StoreError {
    StoreError::Conflict {
        entity: "petition",
        field: "version",
        message: Text::id("store-conflict-petition_version"),
    }
}

/// Writes `p` (read at `p.version`, as `before`) as version `p.version + 1` with `event` on
/// its timeline, and moves it in the statistics tally; a conflict, and nothing written, if
/// someone changed it since.
pub async fn save(
    tx: &mut Tx,
    before: &PetitionRecord,
    p: &PetitionRecord,
    event: &PetitionEvent,
) -> StoreResult<PetitionRecord> {
    const SQL: &str = "UPDATE petition SET unit_id = $3, kind = $4, status = $5, \
        reason_code = $6, forwarded_to = $7, complexity = $8, remote_area = $9, \
        deadline_kind = $10, due_at = $11, reply_due_at = $12, accepted_at = $13, \
        suspended_at = $14, extensions = $15, case_state = $16, decided_at = $17, \
        decision_summary = $18, closed_at = $19, duplicate_of = $20, watch_flag = $21, \
        sender_sealed = $22, updated_at = $23, version = version + 1 \
        WHERE petition_id = $1 AND version = $2";
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(p.id.to_string())
            .bind(p.version)
            .bind(p.unit.to_string())
            .bind(&p.kind)
            .bind(&p.status)
            .bind(&p.reason_code)
            .bind(&p.forwarded_to)
            .bind(&p.complexity)
            .bind(p.remote_area)
            .bind(&p.deadline_kind)
            .bind(p.due_at)
            .bind(p.reply_due_at)
            .bind(p.accepted_at)
            .bind(p.suspended_at)
            .bind(p.extensions)
            .bind(&p.case_state)
            .bind(p.decided_at)
            .bind(&p.decision_summary)
            .bind(p.closed_at)
            .bind(p.duplicate_of.map(|i| i.to_string()))
            .bind(&p.watch_flag)
            .bind(&p.sender_sealed)
            .bind(event.at)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if n == 0 {
        return Err(stale());
    }
    let mut saved = p.clone();
    saved.version += 1;
    let event = PetitionEvent {
        seq: saved.version,
        ..event.clone()
    };
    insert_event(tx, p.id, &event).await?;
    crate::stats::on_petition(tx, Some(before), Some(&saved)).await?;
    Ok(saved)
}

/// Sets the watch flag without touching the version, like the dossier late watch.
pub async fn set_watch(db: &Db, id: PetitionId, flag: Option<&str>) -> StoreResult<()> {
    on_write!(db, p => {
        sqlx::query("UPDATE petition SET watch_flag = $2 WHERE petition_id = $1")
            .bind(id.to_string())
            .bind(flag)
            .execute(&mut *p)
            .await?;
    });
    Ok(())
}

/// Replaces a sealed identity (key rotation) without touching the version.
pub async fn reseal(tx: &mut Tx, id: PetitionId, sealed: &str) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("UPDATE petition SET sender_sealed = $2 WHERE petition_id = $1")
            .bind(id.to_string())
            .bind(sealed)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Every sealed identity, for the key-rotation command.
pub async fn sealed(db: &Db) -> StoreResult<Vec<(PetitionId, String)>> {
    let rows: Vec<(String, String)> = on_pool!(db, p => {
        sqlx::query_as("SELECT petition_id, sender_sealed FROM petition \
                        WHERE sender_sealed IS NOT NULL ORDER BY petition_id")
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|(i, s)| Ok((parse_id(&i, PetitionId::parse)?, s)))
        .collect()
}

/// Names `user` as a handler of the case (idempotent).
pub async fn add_handler(
    tx: &mut Tx,
    id: PetitionId,
    user: UserId,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO petition_handler (petition_id, user_id, assigned_by, assigned_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(id.to_string())
            .bind(user.to_string())
            .bind(by.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

// The audited writes: each appends its audit entry in the transaction of its change. The
// entries never carry a protected sender's identity: they name the case by code and pseudonym.

/// What the audit log keeps of a petition: never a protected sender.
pub(super) fn public_view(p: &PetitionRecord) -> serde_json::Value {
    serde_json::json!({
        "code": p.code,
        "kind": p.kind,
        "status": p.status,
        "pseudonym": p.pseudonym,
        "protected": p.protected,
        "due_at": p.due_at,
    })
}

/// Registers a petition ([`insert`]), audited as `petition.register`.
pub async fn register(
    tx: &mut Tx,
    ctx: &AuditContext,
    p: &PetitionRecord,
    bands: &[String],
    first: &PetitionEvent,
) -> StoreResult<()> {
    insert(tx, p, bands, first).await?;
    audit::record(
        tx,
        ctx,
        "petition.register",
        "petition",
        &p.id.to_string(),
        None::<&()>,
        Some(&public_view(p)),
    )
    .await?;
    Ok(())
}

/// Saves an action on the case ([`save`]) read as `before`, audited as `petition.<action>`.
pub async fn save_action(
    tx: &mut Tx,
    ctx: &AuditContext,
    action: &str,
    before: &PetitionRecord,
    next: &PetitionRecord,
    event: &PetitionEvent,
) -> StoreResult<PetitionRecord> {
    let saved = save(tx, before, next, event).await?;
    audit::record(
        tx,
        ctx,
        &format!("petition.{action}"),
        "petition",
        &before.id.to_string(),
        Some(&public_view(before)),
        Some(&public_view(&saved)),
    )
    .await?;
    Ok(saved)
}

/// Records a decision on a pending duplicate candidate ([`decide_duplicate`]) and saves the
/// case as it follows from it, audited as `petition.duplicate_link` or
/// `petition.duplicate_dismiss`, at the time of `event`. A candidate already decided (or not
/// proposed) is not found.
#[allow(clippy::too_many_arguments)]
pub async fn settle_duplicate(
    tx: &mut Tx,
    ctx: &AuditContext,
    before: &PetitionRecord,
    next: &PetitionRecord,
    event: &PetitionEvent,
    candidate: &PetitionRecord,
    link: bool,
    by: UserId,
) -> StoreResult<PetitionRecord> {
    let decision = if link { "linked" } else { "dismissed" };
    decide_duplicate(tx, next.id, candidate.id, decision, by, event.at).await?;
    let saved = save(tx, before, next, event).await?;
    audit::record(
        tx,
        ctx,
        if link {
            "petition.duplicate_link"
        } else {
            "petition.duplicate_dismiss"
        },
        "petition",
        &next.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "code": next.code, "candidate": candidate.code })),
    )
    .await?;
    Ok(saved)
}

/// Records that `user` opened the sealed identity of `p` for `reason` ([`record_reveal`]),
/// audited as `petition.identity_reveal` (with the reason, without the identity).
pub async fn reveal(
    tx: &mut Tx,
    ctx: &AuditContext,
    p: &PetitionRecord,
    user: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    record_reveal(tx, p.id, user, reason, at).await?;
    audit::record(
        tx,
        ctx,
        "petition.identity_reveal",
        "petition",
        &p.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "code": p.code, "reason": reason })),
    )
    .await?;
    Ok(())
}

/// Names `user` a handler of `p` ([`add_handler`]), audited as `petition.add_handler`.
pub async fn name_handler(
    tx: &mut Tx,
    ctx: &AuditContext,
    p: &PetitionRecord,
    user: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    add_handler(tx, p.id, user, ctx.actor, at).await?;
    audit::record(
        tx,
        ctx,
        "petition.add_handler",
        "petition",
        &p.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "code": p.code, "user": user })),
    )
    .await?;
    Ok(())
}

/// Records that the person was shown the duplicate candidates of `p` (by their codes) found
/// through a protected denouncer's person: such a showing says who wrote, like a reveal.
pub async fn person_links_viewed(
    tx: &mut Tx,
    ctx: &AuditContext,
    p: &PetitionRecord,
    candidates: &[String],
) -> StoreResult<()> {
    audit::record(
        tx,
        ctx,
        "petition.person_link_view",
        "petition",
        &p.id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "code": p.code, "candidates": candidates })),
    )
    .await?;
    Ok(())
}

/// Records the files sent with a petition; their content must already be in `stored_file`
/// (see [`crate::dossiers::store_file`]).
pub async fn insert_files(
    tx: &mut Tx,
    id: PetitionId,
    files: &[super::PetitionFile],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO petition_file (petition_id, position, name, sha256, created_at) \
        VALUES ($1, $2, $3, $4, $5)";
    for f in files {
        on_tx!(tx, c => {
            sqlx::query(SQL)
                .bind(id.to_string())
                .bind(i64::from(f.position))
                .bind(&f.name)
                .bind(&f.sha256)
                .bind(at)
                .execute(&mut *c)
                .await?;
        });
    }
    Ok(())
}
