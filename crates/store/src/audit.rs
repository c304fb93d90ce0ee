//! The append-only, hash-chained audit log.

use chrono::{DateTime, Utc};
use motcua_domain::audit::{
    AuditEntry, AuditRecord, ChainBreak, ChainVerifier, GENESIS_HASH, digest_json, entry_hash,
};
use motcua_domain::checkpoint::LaneHead;
use motcua_domain::ids::UserId;
use serde::Serialize;
use sqlx::{FromRow, Row};

use crate::db::{Db, Tx, fetch_row, now, on_pool, queue_write};
use crate::error::{StoreError, StoreResult};

/// Who is acting and from where; passed to every audited write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditContext {
    /// `None` for the system itself.
    pub actor: Option<UserId>,
    pub ip: Option<String>,
}

impl AuditContext {
    #[must_use]
    pub fn system() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn user(user: UserId, ip: Option<String>) -> Self {
        Self {
            actor: Some(user),
            ip,
        }
    }
}

#[derive(FromRow)]
struct AuditRow {
    lane: i32,
    seq: i64,
    at: DateTime<Utc>,
    actor_user_id: Option<String>,
    action: String,
    entity_type: String,
    entity_id: String,
    ip: Option<String>,
    before_digest: Option<String>,
    after_digest: Option<String>,
    prev_hash: String,
    entry_hash: String,
}

impl TryFrom<AuditRow> for AuditRecord {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> StoreResult<Self> {
        let actor = match r.actor_user_id {
            Some(s) => Some(UserId::parse(&s).map_err(|e| StoreError::corrupt("audit_log", e))?),
            None => None,
        };
        Ok(Self {
            lane: r.lane,
            seq: r.seq,
            entry: AuditEntry {
                at: r.at,
                actor,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                ip: r.ip,
                before_digest: r.before_digest,
                after_digest: r.after_digest,
            },
            prev_hash: r.prev_hash,
            entry_hash: r.entry_hash,
        })
    }
}

/// The columns of an [`AuditRow`], for `concat!` into the queries below.
macro_rules! columns {
    () => {
        "lane, seq, at, actor_user_id, action, entity_type, entity_id, ip, before_digest, \
         after_digest, prev_hash, entry_hash"
    };
}
const SELECT_PAGE: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM audit_log WHERE lane > $1 OR (lane = $1 AND seq > $2) ORDER BY lane, seq LIMIT $3"
);
const SELECT_FOR_ENTITY: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY at, lane, seq"
);
const SELECT_HEAD: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM audit_log WHERE lane = $1 ORDER BY seq DESC LIMIT 1"
);
const SELECT_LAST: &str =
    "SELECT seq, entry_hash FROM audit_log WHERE lane = $1 ORDER BY seq DESC LIMIT 1";
/// The last entry's sequence number and hash in SQLite's one lane, as one row even when the
/// log is empty (two NULLs), so that it can end any fetch of a transaction (see
/// [`crate::group_commit::GroupTx::read_along`]). SQLite takes the other column from the row
/// holding the maximum, and finds it by the `(lane, seq)` index.
pub(crate) const SQLITE_HEAD: &str = "SELECT max(seq), entry_hash FROM audit_log WHERE lane = 0";
const INSERT: &str = "INSERT INTO audit_log (lane, seq, at, actor_user_id, action, entity_type, \
     entity_id, ip, before_digest, after_digest, prev_hash, entry_hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// Appends `entry` inside the caller's transaction, chained onto the last entry of the
/// transaction's lane. The transaction holds that lane from its start (SQLite's one writer;
/// PostgreSQL's lane lock, see [`crate::lanes`]), so no other writer can chain onto the same
/// entry.
pub async fn append(tx: &mut Tx, entry: AuditEntry) -> StoreResult<AuditRecord> {
    let lane = tx.lane();
    let along = match tx {
        Tx::Sqlite(t) => t.take_along(),
        Tx::Postgres(_) => None,
    };
    let last: Option<(i64, String)> = match along {
        Some(row) => {
            let seq: Option<i64> = row.try_get(0)?;
            let hash: Option<String> = row.try_get(1)?;
            seq.zip(hash)
        }
        // Not brought along (no fetch before this append, or a second append).
        None => fetch_row!(tx, SELECT_LAST, |q| q.bind(lane), |row| {
            (row.try_get(0)?, row.try_get(1)?)
        }),
    };
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let hash = entry_hash(&prev_hash, &entry);
    let actor = entry.actor.map(|u| u.to_string());
    queue_write!(tx, INSERT, |q| {
        q.bind(lane)
            .bind(seq)
            .bind(entry.at)
            .bind(&actor)
            .bind(&entry.action)
            .bind(&entry.entity_type)
            .bind(&entry.entity_id)
            .bind(&entry.ip)
            .bind(&entry.before_digest)
            .bind(&entry.after_digest)
            .bind(&prev_hash)
            .bind(&hash)
    });
    Ok(AuditRecord {
        lane,
        seq,
        entry,
        prev_hash,
        entry_hash: hash,
    })
}

/// Convenience over [`append`]: digests `before`/`after` (canonical JSON) and stamps now.
pub async fn record<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &mut Tx,
    ctx: &AuditContext,
    action: &str,
    entity_type: &str,
    entity_id: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> StoreResult<AuditRecord> {
    append(
        tx,
        AuditEntry {
            at: now(),
            actor: ctx.actor,
            action: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id: entity_id.to_owned(),
            ip: ctx.ip.clone(),
            before_digest: before.map(digest_json),
            after_digest: after.map(digest_json),
        },
    )
    .await
}

/// Walks every lane in pages and returns the first edited, inserted or deleted entry.
pub async fn verify(db: &Db) -> StoreResult<Option<ChainBreak>> {
    const PAGE: i64 = 1000;
    let mut verifier = ChainVerifier::new();
    let mut after = (i32::MIN, i64::MIN);
    loop {
        let rows: Vec<AuditRow> = on_pool!(db, p => {
            sqlx::query_as(SELECT_PAGE)
                .bind(after.0)
                .bind(after.1)
                .bind(PAGE)
                .fetch_all(p)
                .await?
        });
        let n = rows.len();
        for row in rows {
            after = (row.lane, row.seq);
            if let Some(b) = verifier.push(row.try_into()?) {
                return Ok(Some(b));
            }
        }
        if n < usize::try_from(PAGE).unwrap_or(usize::MAX) {
            return Ok(verifier.finish());
        }
    }
}

/// The entries about one entity, oldest first (for an entity's history page). Entries of
/// different lanes are ordered by their time.
pub async fn for_entity(
    db: &Db,
    entity_type: &str,
    entity_id: &str,
) -> StoreResult<Vec<AuditRecord>> {
    let rows: Vec<AuditRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_FOR_ENTITY)
            .bind(entity_type)
            .bind(entity_id)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The newest entry of each lane, by lane. Their hashes, copied somewhere the database's
/// users cannot write (a printed report, another system), let a later `verify` prove that
/// nothing was cut from the end of any lane.
pub async fn heads(db: &Db) -> StoreResult<Vec<AuditRecord>> {
    let mut heads = Vec::new();
    // One indexed probe a lane rather than a GROUP BY, which would read the whole log.
    for lane in 0..i32::from(crate::lanes::LANES) {
        let row: Option<AuditRow> = on_pool!(db, p => {
            sqlx::query_as(SELECT_HEAD)
                .bind(lane)
                .fetch_optional(p)
                .await?
        });
        if let Some(r) = row {
            heads.push(r.try_into()?);
        }
    }
    Ok(heads)
}

/// Records that someone looked at protected personal data (no before/after: nothing
/// changed), in a transaction of its own. `what` says which part was shown.
pub async fn record_view(
    db: &Db,
    ctx: &AuditContext,
    entity_type: &str,
    entity_id: &str,
    what: &str,
) -> StoreResult<AuditRecord> {
    let mut tx = db.begin().await?;
    let rec = record::<(), _>(
        &mut tx,
        ctx,
        &format!("{entity_type}.view"),
        entity_type,
        entity_id,
        None,
        Some(&serde_json::json!({ "shown": what })),
    )
    .await?;
    tx.commit().await?;
    Ok(rec)
}

const SELECT_AT: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM audit_log WHERE lane = $1 AND seq = $2"
);

/// The entry at `seq` of `lane`, if there is one.
pub async fn entry_at(db: &Db, lane: i32, seq: i64) -> StoreResult<Option<AuditRecord>> {
    let row: Option<AuditRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_AT)
            .bind(lane)
            .bind(seq)
            .fetch_optional(p)
            .await?
    });
    row.map(TryInto::try_into).transpose()
}

/// The heads of [`heads`] as a checkpoint lists them.
pub async fn lane_heads(db: &Db) -> StoreResult<Vec<LaneHead>> {
    Ok(heads(db)
        .await?
        .into_iter()
        .map(|h| LaneHead {
            lane: h.lane,
            seq: h.seq,
            hash: h.entry_hash,
        })
        .collect())
}

/// What a checkpoint says about one lane of today's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LaneFinding {
    /// The signed head is still there at its place: entries 1..=`seq` are as signed. `after`
    /// entries follow it, chained but not covered by this checkpoint.
    Anchored { lane: i32, seq: i64, after: i64 },
    /// The lane now ends before the signed head: entries `head + 1 ..= seq` were removed
    /// (`head` 0: the whole lane).
    Missing { lane: i32, seq: i64, head: i64 },
    /// The entry at the signed place is not the one signed: it, or an entry before it, was
    /// replaced (the chain may have been re-hashed from there on).
    Changed { lane: i32, seq: i64 },
    /// A lane the checkpoint does not know (it began after it): `count` entries, unanchored.
    Unanchored { lane: i32, count: i64 },
}

impl LaneFinding {
    /// True when the log no longer holds what the checkpoint signed.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Missing { .. } | Self::Changed { .. })
    }

    /// A Vietnamese and English sentence for the operator or inspector.
    #[must_use]
    pub fn message(&self) -> String {
        match *self {
            Self::Anchored { lane, seq, after } => format!(
                "mạch {lane}: số 1..{seq} đúng như điểm mốc đã ký; {after} mục sau đó có chuỗi băm \
                 đúng nhưng chưa được điểm mốc này bảo chứng / lane {lane}: entries 1..{seq} are as \
                 signed; {after} later entries are chained but not covered by this checkpoint"
            ),
            Self::Missing { lane, seq, head } => format!(
                "mạch {lane}: thiếu các mục số {}..{seq} mà điểm mốc đã ký (nhật ký nay dừng ở số \
                 {head}) / lane {lane}: entries {}..{seq} covered by the checkpoint are missing (the \
                 log now ends at {head})",
                head + 1,
                head + 1
            ),
            Self::Changed { lane, seq } => format!(
                "mạch {lane}: mục số {seq} không còn là mục đã ký (nó hoặc một mục trước nó đã bị \
                 thay) / lane {lane}: entry {seq} is not the one signed (it or an entry before it \
                 was replaced)"
            ),
            Self::Unanchored { lane, count } => format!(
                "mạch {lane}: {count} mục, mạch mới sau điểm mốc, chưa được bảo chứng / lane \
                 {lane}: {count} entries in a lane begun after the checkpoint, not covered"
            ),
        }
    }
}

/// Compares today's log with a checkpoint's heads (already verified as signed). Together with a
/// clean [`verify`] of the chain, an `Anchored` lane proves that lane's prefix unchanged.
pub async fn check_checkpoint(db: &Db, signed: &[LaneHead]) -> StoreResult<Vec<LaneFinding>> {
    let now = heads(db).await?;
    let mut out = Vec::new();
    for cp in signed {
        let head = now.iter().find(|h| h.lane == cp.lane).map_or(0, |h| h.seq);
        if head < cp.seq {
            out.push(LaneFinding::Missing {
                lane: cp.lane,
                seq: cp.seq,
                head,
            });
            continue;
        }
        match entry_at(db, cp.lane, cp.seq).await? {
            Some(r) if r.entry_hash == cp.hash => out.push(LaneFinding::Anchored {
                lane: cp.lane,
                seq: cp.seq,
                after: head - cp.seq,
            }),
            _ => out.push(LaneFinding::Changed {
                lane: cp.lane,
                seq: cp.seq,
            }),
        }
    }
    for h in &now {
        if !signed.iter().any(|cp| cp.lane == h.lane) {
            out.push(LaneFinding::Unanchored {
                lane: h.lane,
                count: h.seq,
            });
        }
    }
    Ok(out)
}
