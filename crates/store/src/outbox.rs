//! The transactional outbox: notifications written in the same transaction as the change they
//! announce, and delivered later by the notify worker.
//!
//! A message exists exactly when its change committed (enqueue takes the caller's `&mut Tx`),
//! so a crash between "dossier updated" and "email sent" loses nothing and sends nothing
//! for a change that was rolled back.
//!
//! Workers on several servers share the table. [`claim_due`] is one statement that both picks
//! due rows and marks them as taken until `now + claim_for`, so two workers never get the same
//! row; a worker that dies while sending simply lets its claim expire, and the row becomes due
//! again (at-least-once delivery). The `mark_*` calls only act while the caller is still the
//! row's last claimer, so a worker whose claim was taken over cannot overwrite the new
//! holder's outcome.
//!
//! Enqueueing is not audited on its own: it is part of a change that is.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use motcua_domain::DomainError;
use motcua_domain::message::Text;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::db::{Db, Tx, now, on_pool, on_write, queue_write};
use crate::dialect;
use crate::error::{StoreError, StoreResult};

/// An outbox message's id (UUIDv7, so ids sort by creation time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct MessageId(Uuid);

impl MessageId {
    #[must_use]
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
            DomainError::invalid("message_id", Text::id("validation-outbox-message_id"))
        })
    }

    #[must_use]
    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl Default for MessageId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for MessageId {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// How a message reaches its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Sms,
    Zalo,
}

impl Channel {
    pub const ALL: [Self; 3] = [Self::Email, Self::Sms, Self::Zalo];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Zalo => "zalo",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| {
                DomainError::invalid(
                    "channel",
                    Text::with("validation-outbox-channel", vec![("shown", s.into())]),
                )
            })
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A message to enqueue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    pub channel: Channel,
    /// An email address or a phone number / Zalo user id, depending on the channel.
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// What the message is about, e.g. `"dossier"` and the dossier's id.
    pub entity_type: String,
    pub entity_id: String,
    /// A file already in `stored_file` to send with it (email only): (file name, SHA-256).
    pub attachment: Option<(String, String)>,
}

/// Where a message is in its life, derived from its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for its next attempt (or for a worker).
    Pending,
    /// A worker holds it at the given time.
    Claimed,
    Sent,
    /// Given up.
    Dead,
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: MessageId,
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub entity_type: String,
    pub entity_id: String,
    pub created_at: DateTime<Utc>,
    /// Claims so far, the current one included.
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub dead_at: Option<DateTime<Utc>>,
    /// The file sent with it, read with the message when it is claimed or found (not in the
    /// admin page's list).
    pub attachment: Option<Attachment>,
}

/// A file sent with a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    /// `pdf`, `jpeg` or `png`, as stored.
    pub kind: String,
    #[serde(skip)]
    pub content: Vec<u8>,
}

impl Message {
    #[must_use]
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        if self.sent_at.is_some() {
            Status::Sent
        } else if self.dead_at.is_some() {
            Status::Dead
        } else if self.claimed_until.is_some_and(|t| t > now) {
            Status::Claimed
        } else {
            Status::Pending
        }
    }
}

#[derive(FromRow)]
struct MessageRow {
    message_id: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    entity_type: String,
    entity_id: String,
    created_at: DateTime<Utc>,
    attempts: i64,
    next_attempt_at: DateTime<Utc>,
    claimed_by: Option<String>,
    claimed_until: Option<DateTime<Utc>>,
    last_error: Option<String>,
    sent_at: Option<DateTime<Utc>>,
    dead_at: Option<DateTime<Utc>>,
    attachment_name: Option<String>,
    attachment_sha256: Option<String>,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> StoreResult<Self> {
        let bad = |e| StoreError::corrupt("outbox_message", e);
        Ok(Self {
            id: MessageId::parse(&r.message_id).map_err(bad)?,
            channel: Channel::parse(&r.channel).map_err(bad)?,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            created_at: r.created_at,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            claimed_by: r.claimed_by,
            claimed_until: r.claimed_until,
            last_error: r.last_error,
            sent_at: r.sent_at,
            dead_at: r.dead_at,
            attachment: None,
        })
    }
}

/// The messages of `rows`, without their files (a list for the admin page).
fn rows_to_messages(rows: Vec<MessageRow>) -> StoreResult<Vec<Message>> {
    rows.into_iter().map(Message::try_from).collect()
}

/// The messages of `rows`, with the files of those that carry one.
async fn with_attachments(db: &Db, rows: Vec<MessageRow>) -> StoreResult<Vec<Message>> {
    const FILE: &str = "SELECT kind, content FROM stored_file WHERE sha256 = $1";
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let file = r.attachment_name.clone().zip(r.attachment_sha256.clone());
        let mut m = Message::try_from(r)?;
        if let Some((name, sha)) = file {
            let found: Option<(String, Vec<u8>)> = on_pool!(db, p => {
                sqlx::query_as(FILE).bind(&sha).fetch_optional(p).await?
            });
            let (kind, content) =
                found.ok_or_else(|| StoreError::corrupt("outbox_message", "attachment missing"))?;
            m.attachment = Some(Attachment {
                name,
                kind,
                content,
            });
        }
        out.push(m);
    }
    Ok(out)
}

const COLUMNS: &str = "message_id, channel, recipient, subject, body, entity_type, entity_id, \
     created_at, attempts, next_attempt_at, claimed_by, claimed_until, last_error, sent_at, \
     dead_at, attachment_name, attachment_sha256";

const INSERT: &str = "INSERT INTO outbox_message (message_id, channel, recipient, subject, \
     body, entity_type, entity_id, created_at, attempts, next_attempt_at, attachment_name, \
     attachment_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8, $9, $10)";
const MARK_SENT: &str = "UPDATE outbox_message SET sent_at = $3, claimed_until = NULL, \
     last_error = NULL \
     WHERE message_id = $1 AND claimed_by = $2 AND sent_at IS NULL AND dead_at IS NULL";
const MARK_FAILED: &str = "UPDATE outbox_message SET last_error = $3, next_attempt_at = $4, \
     claimed_until = NULL \
     WHERE message_id = $1 AND claimed_by = $2 AND sent_at IS NULL AND dead_at IS NULL";
const MARK_DEAD: &str = "UPDATE outbox_message SET last_error = $3, dead_at = $4, \
     claimed_until = NULL \
     WHERE message_id = $1 AND claimed_by = $2 AND sent_at IS NULL AND dead_at IS NULL";
const PENDING_COUNT: &str =
    "SELECT COUNT(*) FROM outbox_message WHERE sent_at IS NULL AND dead_at IS NULL";

fn claim_sql(db: &Db, channels: usize) -> String {
    // $1 holder, $2 now, $3 claimed until, $4 batch size, $5… the channels.
    let channel_params = (0..channels)
        .map(|i| format!("${}", i + 5))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "UPDATE outbox_message SET claimed_by = $1, claimed_until = $3, attempts = attempts + 1 \
         WHERE message_id IN (SELECT message_id FROM outbox_message \
         WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $2 \
         AND (claimed_until IS NULL OR claimed_until <= $2) AND channel IN ({channel_params}) \
         ORDER BY next_attempt_at, message_id LIMIT $4{}) \
         RETURNING {COLUMNS}",
        dialect::claim_row_lock(db.backend())
    )
}

/// Adds a message to the outbox inside the caller's transaction; it becomes due at once and
/// is visible to workers only when the transaction commits.
pub async fn enqueue(tx: &mut Tx, msg: &NewMessage) -> StoreResult<MessageId> {
    if msg.recipient.trim().is_empty() {
        return Err(
            DomainError::invalid("recipient", Text::id("validation-outbox-recipient")).into(),
        );
    }
    let id = MessageId::new();
    queue_write!(tx, INSERT, |q| {
        q.bind(id.to_string())
            .bind(msg.channel.as_str())
            .bind(msg.recipient.trim())
            .bind(&msg.subject)
            .bind(&msg.body)
            .bind(&msg.entity_type)
            .bind(&msg.entity_id)
            .bind(now())
            .bind(msg.attachment.as_ref().map(|a| a.0.clone()))
            .bind(msg.attachment.as_ref().map(|a| a.1.clone()))
    });
    Ok(id)
}

/// Claims up to `limit` due messages on `channels` for `holder` until `now + claim_for`,
/// oldest due first, counting an attempt on each. Due means: not sent, not dead,
/// `next_attempt_at <= now`, and not under a live claim (an expired claim is fair game).
/// Concurrent callers get disjoint sets.
///
/// A worker passes the channels it can deliver, so that a message for a channel it has no
/// sender for stays pending, attempts untouched, for a server that has one.
pub async fn claim_due(
    db: &Db,
    holder: &str,
    channels: &[Channel],
    now: DateTime<Utc>,
    limit: u32,
    claim_for: Duration,
) -> StoreResult<Vec<Message>> {
    if channels.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let sql = claim_sql(db, channels.len());
    let rows: Vec<MessageRow> = on_write!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(holder)
            .bind(now)
            .bind(now + claim_for)
            .bind(i64::from(limit));
        for c in channels {
            q = q.bind(c.as_str());
        }
        q.fetch_all(&mut *p).await?
    });
    // RETURNING gives no order guarantee.
    let mut messages = with_attachments(db, rows).await?;
    messages.sort_by_key(|m| (m.next_attempt_at, m.id));
    Ok(messages)
}

/// Records delivery. False if `holder` no longer holds the row (its claim was taken over, or
/// the row is already finished): the caller's outcome is then not recorded.
pub async fn mark_sent(
    db: &Db,
    id: MessageId,
    holder: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = on_write!(db, p => {
        sqlx::query(MARK_SENT)
            .bind(id.to_string())
            .bind(holder)
            .bind(now)
            .execute(&mut *p)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}

/// Records a failed attempt and releases the claim; the row is due again at
/// `next_attempt_at`. False as for [`mark_sent`].
pub async fn mark_failed(
    db: &Db,
    id: MessageId,
    holder: &str,
    error: &str,
    next_attempt_at: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = on_write!(db, p => {
        sqlx::query(MARK_FAILED)
            .bind(id.to_string())
            .bind(holder)
            .bind(error)
            .bind(next_attempt_at)
            .execute(&mut *p)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}

/// Gives the message up for good (kept for the admin page, never claimed again). False as for
/// [`mark_sent`].
pub async fn mark_dead(
    db: &Db,
    id: MessageId,
    holder: &str,
    error: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = on_write!(db, p => {
        sqlx::query(MARK_DEAD)
            .bind(id.to_string())
            .bind(holder)
            .bind(error)
            .bind(now)
            .execute(&mut *p)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}

/// Messages neither sent nor dead (claimed ones included).
pub async fn pending_count(db: &Db) -> StoreResult<i64> {
    Ok(on_pool!(db, p => {
        sqlx::query_scalar(PENDING_COUNT).fetch_one(p).await?
    }))
}

/// One message, whatever its state.
pub async fn find(db: &Db, id: MessageId) -> StoreResult<Option<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox_message WHERE message_id = $1");
    let row: Option<MessageRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(p)
            .await?
    });
    Ok(with_attachments(db, row.into_iter().collect()).await?.pop())
}

/// The newest `limit` messages, newest first, for the admin page (without attached files).
pub async fn recent(db: &Db, limit: u32) -> StoreResult<Vec<Message>> {
    // Ids are UUIDv7, so the primary key is already in creation order.
    let sql = format!("SELECT {COLUMNS} FROM outbox_message ORDER BY message_id DESC LIMIT $1");
    let rows: Vec<MessageRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(limit))
            .fetch_all(p)
            .await?
    });
    rows_to_messages(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()).unwrap(), c);
        }
        assert!(Channel::parse("fax").is_err());
    }
}
