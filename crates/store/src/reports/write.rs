//! Writes of place reports, each with its audit entry in the caller's transaction.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ReportId, UnitId, UserId};
use motcua_domain::report::state::StateGroup;

use super::{
    COLUMNS, Original, PHOTO_ORIGINAL_KIND, PendingPhoto, PhotoRecord, ReportRecord, UpdateRecord,
};
use crate::audit::{self, AuditContext};
use crate::db::{Tx, on_tx};
use crate::error::{StoreError, StoreResult};

/// The next report code of `year`: `PA-2026-000123`, continuous through the year.
pub async fn next_code(tx: &mut Tx, year: i32) -> StoreResult<String> {
    const SQL: &str = "INSERT INTO report_sequence (year, last_number) VALUES ($1, 1) \
        ON CONFLICT (year) DO UPDATE SET last_number = report_sequence.last_number + 1 \
        RETURNING last_number";
    let n: i64 = on_tx!(tx, c => {
        sqlx::query_scalar(SQL).bind(i64::from(year)).fetch_one(&mut *c).await?
    });
    Ok(format!("PA-{year}-{n:06}"))
}

/// Stores a new report with its photos and first update. The audit entry digests the report
/// without the reporter's contact details.
pub async fn insert(
    tx: &mut Tx,
    ctx: &AuditContext,
    r: &ReportRecord,
    photos: &[PhotoRecord],
    first: &UpdateRecord,
) -> StoreResult<()> {
    let placeholders: Vec<String> = (1..=29).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO place_report ({COLUMNS}) VALUES ({})",
        placeholders.join(", ")
    );
    const PHOTO: &str = "INSERT INTO report_photo \
        (report_id, position, sha256, width, height, hidden, pending, orientation) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let id = r.id.to_string();
    let answers = serde_json::to_string(&r.answers).unwrap_or_else(|_| "[]".into());
    on_tx!(tx, c => {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&id)
            .bind(&r.code)
            .bind(&r.category)
            .bind(r.unit.to_string())
            .bind(r.at.lat)
            .bind(r.at.lon)
            .bind(&r.address)
            .bind(&r.title)
            .bind(&r.description)
            .bind(&answers)
            .bind(&r.channel)
            .bind(r.reporter.map(|u| u.to_string()))
            .bind(&r.reporter_name)
            .bind(&r.reporter_email)
            .bind(&r.reporter_phone)
            .bind(r.anonymous)
            .bind(&r.state)
            .bind(r.group.code())
            .bind(r.duplicate_of.map(|d| d.to_string()))
            .bind(&r.rules_id)
            .bind(r.acknowledge_due)
            .bind(r.answer_due)
            .bind(r.acknowledged_at)
            .bind(r.answered_at)
            .bind(r.closed_at)
            .bind(&r.original)
            .bind(r.version)
            .bind(r.created_at)
            .bind(r.updated_at)
            .execute(&mut *c)
            .await?;
        for p in photos {
            sqlx::query(PHOTO)
                .bind(&id)
                .bind(p.position)
                .bind(&p.sha256)
                .bind(p.width)
                .bind(p.height)
                .bind(p.hidden)
                .bind(p.pending)
                .bind(p.orientation)
                .execute(&mut *c)
                .await?;
        }
    });
    add_update(tx, first).await?;
    let mut shown = r.clone();
    shown.reporter_email.clear();
    shown.reporter_phone.clear();
    audit::record(
        tx,
        ctx,
        "report.file",
        "place_report",
        &id,
        None::<&()>,
        Some(&shown),
    )
    .await?;
    Ok(())
}

/// Appends an update (not audited by itself: the write it goes with is).
pub async fn add_update(tx: &mut Tx, u: &UpdateRecord) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO report_update \
        (update_id, report_id, at, author_id, author_name, state, text, public) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(&u.id)
            .bind(u.report.to_string())
            .bind(u.at)
            .bind(u.author.map(|a| a.to_string()))
            .bind(&u.author_name)
            .bind(&u.state)
            .bind(&u.text)
            .bind(u.public)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// A versioned update touched its one row, or the report changed since it was read.
fn updated_one(rows: u64) -> StoreResult<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            entity: "place_report",
            field: "version",
            message: motcua_domain::message::Text::id("conflict-report-version"),
        })
    }
}

/// What a state change sets besides the state.
#[derive(Clone, Debug)]
pub struct StateChange {
    pub state: String,
    pub group: StateGroup,
    pub duplicate_of: Option<ReportId>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Moves a report to a new state under its version, with the update that tells why.
pub async fn change_state(
    tx: &mut Tx,
    ctx: &AuditContext,
    r: &ReportRecord,
    version: i64,
    change: &StateChange,
    update: &UpdateRecord,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE place_report SET state = $1, grp = $2, duplicate_of = $3, \
        acknowledged_at = $4, answered_at = $5, closed_at = $6, version = version + 1, \
        updated_at = $7 WHERE report_id = $8 AND version = $9";
    let id = r.id.to_string();
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(&change.state)
            .bind(change.group.code())
            .bind(change.duplicate_of.map(|d| d.to_string()))
            .bind(change.acknowledged_at)
            .bind(change.answered_at)
            .bind(change.closed_at)
            .bind(update.at)
            .bind(&id)
            .bind(version)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    updated_one(n)?;
    add_update(tx, update).await?;
    audit::record(
        tx,
        ctx,
        "report.state",
        "place_report",
        &id,
        Some(&r.state),
        Some(&change.state),
    )
    .await?;
    Ok(())
}

/// Hands a report to another unit, with the staff-only update that gives the reason.
pub async fn reroute(
    tx: &mut Tx,
    ctx: &AuditContext,
    r: &ReportRecord,
    version: i64,
    to: UnitId,
    update: &UpdateRecord,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE place_report SET unit_id = $1, version = version + 1, \
        updated_at = $2 WHERE report_id = $3 AND version = $4";
    let id = r.id.to_string();
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(to.to_string())
            .bind(update.at)
            .bind(&id)
            .bind(version)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    updated_one(n)?;
    add_update(tx, update).await?;
    audit::record(
        tx,
        ctx,
        "report.reroute",
        "place_report",
        &id,
        Some(&r.unit.to_string()),
        Some(&to.to_string()),
    )
    .await?;
    Ok(())
}

/// A moderator's edit of the title, the description or the name's visibility; the reporter's
/// own words are kept on the first edit and never overwritten after.
pub async fn moderate(
    tx: &mut Tx,
    ctx: &AuditContext,
    r: &ReportRecord,
    version: i64,
    edited: &Original,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE place_report SET title = $1, description = $2, anonymous = $3, \
        original = COALESCE(original, $4), version = version + 1, updated_at = $5 \
        WHERE report_id = $6 AND version = $7";
    let before = Original {
        title: r.title.clone(),
        description: r.description.clone(),
        anonymous: r.anonymous,
    };
    let original = serde_json::to_string(&before).unwrap_or_default();
    let id = r.id.to_string();
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(&edited.title)
            .bind(&edited.description)
            .bind(edited.anonymous)
            .bind(&original)
            .bind(at)
            .bind(&id)
            .bind(version)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    updated_one(n)?;
    audit::record(
        tx,
        ctx,
        "report.moderate",
        "place_report",
        &id,
        Some(&before),
        Some(edited),
    )
    .await?;
    Ok(())
}

/// The rendered copy (already in `stored_file` as `rendered`) takes the place of `original` in
/// every pending photo made from it. Returns how many photos it finished: none when another
/// server got there first.
pub async fn finish_photos(
    tx: &mut Tx,
    original: &PendingPhoto,
    rendered: &str,
    width: i64,
    height: i64,
) -> StoreResult<u64> {
    const SQL: &str = "UPDATE report_photo SET sha256 = $1, width = $2, height = $3, pending = $4 \
        WHERE sha256 = $5 AND orientation = $6 AND pending = $7";
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(rendered)
            .bind(width)
            .bind(height)
            .bind(false)
            .bind(&original.sha256)
            .bind(original.orientation)
            .bind(true)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    Ok(n)
}

/// Removes the pending photos made from `original` (its picture cannot be decoded) and returns
/// the reports and positions they had.
pub async fn drop_pending_photos(
    tx: &mut Tx,
    original: &PendingPhoto,
) -> StoreResult<Vec<(ReportId, i64)>> {
    const FIND: &str = "SELECT report_id, position FROM report_photo \
        WHERE sha256 = $1 AND orientation = $2 AND pending = $3";
    const DELETE: &str =
        "DELETE FROM report_photo WHERE sha256 = $1 AND orientation = $2 AND pending = $3";
    let rows: Vec<(String, i64)> = on_tx!(tx, c => {
        let rows = sqlx::query_as(FIND)
            .bind(&original.sha256)
            .bind(original.orientation)
            .bind(true)
            .fetch_all(&mut *c)
            .await?;
        sqlx::query(DELETE)
            .bind(&original.sha256)
            .bind(original.orientation)
            .bind(true)
            .execute(&mut *c)
            .await?;
        rows
    });
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| ReportId::parse(&id).ok().map(|id| (id, n)))
        .collect())
}

/// Deletes a photo's original file once no photo, dossier document or petition refers to it.
/// Only files stored as [`PHOTO_ORIGINAL_KIND`] go: content shared by hash with another use
/// stays.
pub async fn delete_original(tx: &mut Tx, sha256: &str) -> StoreResult<()> {
    const SQL: &str = "DELETE FROM stored_file WHERE sha256 = $1 AND kind = $2 \
        AND NOT EXISTS (SELECT 1 FROM report_photo WHERE sha256 = $1) \
        AND NOT EXISTS (SELECT 1 FROM dossier_document WHERE file_sha256 = $1) \
        AND NOT EXISTS (SELECT 1 FROM petition_file WHERE sha256 = $1)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(sha256)
            .bind(PHOTO_ORIGINAL_KIND)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Hides (or shows again) one photo of a report.
pub async fn set_photo_hidden(
    tx: &mut Tx,
    ctx: &AuditContext,
    report: ReportId,
    position: i64,
    hidden: bool,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE report_photo SET hidden = $1 WHERE report_id = $2 AND position = $3";
    let id = report.to_string();
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(hidden)
            .bind(&id)
            .bind(position)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if n != 1 {
        return Err(StoreError::NotFound {
            entity: "report_photo",
        });
    }
    audit::record(
        tx,
        ctx,
        if hidden {
            "report.photo_hide"
        } else {
            "report.photo_show"
        },
        "place_report",
        &id,
        None::<&()>,
        Some(&position),
    )
    .await?;
    Ok(())
}

/// Makes `user` a follower of the report (again is no error). `true` when they were not yet.
pub async fn follow(
    tx: &mut Tx,
    report: ReportId,
    user: UserId,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    const SQL: &str = "INSERT INTO report_follower (report_id, user_id, since) \
        VALUES ($1, $2, $3) ON CONFLICT (report_id, user_id) DO NOTHING";
    let n = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(report.to_string())
            .bind(user.to_string())
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    Ok(n == 1)
}
