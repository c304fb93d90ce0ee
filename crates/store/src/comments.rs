//! Comments, their votes and reports, and the people blocked from commenting. A comment's
//! score and report count live on its row, updated in the transaction that changes them, so a
//! page of 500 comments is one read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use motcua_domain::comment::{CommentState, Moderation, ReportReason, Subject};
use motcua_domain::ids::{CommentId, UnitId, UserId};

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{StoreError, StoreResult};
use crate::filter::{Where, bind_args};

/// A comment as stored.
#[derive(Clone, Debug)]
pub struct CommentRecord {
    pub id: CommentId,
    pub subject: Subject,
    pub unit: UnitId,
    pub parent: Option<CommentId>,
    /// The comment that starts its thread (itself at the top).
    pub root: CommentId,
    pub depth: i64,
    pub author: UserId,
    pub author_name: String,
    pub body: String,
    pub state: CommentState,
    pub score: i64,
    pub reports: i64,
    /// The reports a moderator had seen when they last kept the comment.
    pub reports_cleared: i64,
    pub moderated_at: Option<DateTime<Utc>>,
    pub moderation_reason: String,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "comment_id, subject_kind, subject_id, unit_id, parent_id, root_id, depth, \
    author_id, author_name, body, state, score, reports, reports_cleared, moderated_at, \
    moderation_reason, created_at";

#[derive(sqlx::FromRow)]
struct Row {
    comment_id: String,
    subject_kind: String,
    subject_id: String,
    unit_id: String,
    parent_id: Option<String>,
    root_id: String,
    depth: i64,
    author_id: String,
    author_name: String,
    body: String,
    state: String,
    score: i64,
    reports: i64,
    reports_cleared: i64,
    moderated_at: Option<DateTime<Utc>>,
    moderation_reason: String,
    created_at: DateTime<Utc>,
}

fn parse(r: Row) -> StoreResult<CommentRecord> {
    let bad = |what: &str| StoreError::corrupt("comment", what.to_owned());
    Ok(CommentRecord {
        id: CommentId::parse(&r.comment_id).map_err(|_| bad("id"))?,
        subject: Subject::parse(&r.subject_kind, &r.subject_id).ok_or_else(|| bad("subject"))?,
        unit: UnitId::parse(&r.unit_id).map_err(|_| bad("unit"))?,
        parent: r
            .parent_id
            .as_deref()
            .map(CommentId::parse)
            .transpose()
            .map_err(|_| bad("parent"))?,
        root: CommentId::parse(&r.root_id).map_err(|_| bad("root"))?,
        depth: r.depth,
        author: UserId::parse(&r.author_id).map_err(|_| bad("author"))?,
        author_name: r.author_name,
        body: r.body,
        state: CommentState::parse(&r.state).ok_or_else(|| bad("state"))?,
        score: r.score,
        reports: r.reports,
        reports_cleared: r.reports_cleared,
        moderated_at: r.moderated_at,
        moderation_reason: r.moderation_reason,
        created_at: r.created_at,
    })
}

/// A comment to store.
#[derive(Clone, Debug)]
pub struct NewComment<'a> {
    pub subject: Subject,
    pub unit: UnitId,
    /// The comment answered, and the one that starts its thread.
    pub parent: Option<(CommentId, CommentId)>,
    pub depth: i64,
    pub author: UserId,
    pub author_name: &'a str,
    pub body: &'a str,
    pub state: CommentState,
}

pub async fn insert(tx: &mut Tx, c: &NewComment<'_>, at: DateTime<Utc>) -> StoreResult<CommentId> {
    const SQL: &str = "INSERT INTO comment (comment_id, subject_kind, subject_id, unit_id, \
        parent_id, root_id, depth, author_id, author_name, body, state, score, reports, \
        reports_cleared, moderated_at, moderation_reason, created_at) \
        VALUES ($1, $2, $3, $4, $5, $12, $6, $7, $8, $9, $10, 0, 0, 0, NULL, '', $11)";
    let id = CommentId::new();
    let root = c.parent.map_or(id, |(_, root)| root);
    on_tx!(tx, c2 => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(c.subject.kind())
            .bind(c.subject.id())
            .bind(c.unit.to_string())
            .bind(c.parent.map(|(p, _)| p.to_string()))
            .bind(c.depth)
            .bind(c.author.to_string())
            .bind(c.author_name)
            .bind(c.body)
            .bind(c.state.code())
            .bind(at)
            .bind(root.to_string())
            .execute(&mut *c2)
            .await?;
    });
    Ok(id)
}

pub async fn get(db: &Db, id: CommentId) -> StoreResult<CommentRecord> {
    let sql = format!("SELECT {COLUMNS} FROM comment WHERE comment_id = $1");
    let row: Option<Row> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_optional(p).await?
    });
    parse(row.ok_or(StoreError::NotFound { entity: "comment" })?)
}

/// Every comment under a subject, oldest first (the caller builds the threads).
pub async fn for_subject(db: &Db, subject: Subject) -> StoreResult<Vec<CommentRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM comment WHERE subject_kind = $1 AND subject_id = $2 \
         ORDER BY created_at, comment_id"
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(subject.kind())
            .bind(subject.id())
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(parse).collect()
}

/// A page of a subject's threads, the newest started first.
#[derive(Debug)]
pub struct ThreadPage {
    /// The threads' first comments in page order.
    pub roots: Vec<CommentId>,
    /// Every comment of those threads, oldest first.
    pub comments: Vec<CommentRecord>,
    /// The threads under the subject.
    pub threads: i64,
    /// The comments the public sees under the subject.
    pub visible: i64,
}

/// The threads `offset..offset + limit` of a subject, newest started first, with all their
/// replies: three reads, whatever the number of comments under the subject.
pub async fn thread_page(
    db: &Db,
    subject: Subject,
    offset: i64,
    limit: i64,
) -> StoreResult<ThreadPage> {
    const ROOTS: &str = "SELECT comment_id FROM comment WHERE subject_kind = $1 \
        AND subject_id = $2 AND parent_id IS NULL ORDER BY created_at DESC, comment_id DESC \
        LIMIT $3 OFFSET $4";
    const COUNTS: &str = "SELECT \
        COALESCE(SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN state = 'visible' THEN 1 ELSE 0 END), 0) \
        FROM comment WHERE subject_kind = $1 AND subject_id = $2";
    let (roots, (threads, visible)): (Vec<String>, (i64, i64)) = on_pool!(db, p => {
        let roots = sqlx::query_scalar(ROOTS)
            .bind(subject.kind())
            .bind(subject.id())
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let counts = sqlx::query_as(COUNTS)
            .bind(subject.kind())
            .bind(subject.id())
            .fetch_one(p)
            .await?;
        (roots, counts)
    });
    if roots.is_empty() {
        return Ok(ThreadPage {
            roots: Vec::new(),
            comments: Vec::new(),
            threads,
            visible,
        });
    }
    let mut w = Where::default();
    w.any_of("root_id", roots.iter().cloned());
    let sql = format!(
        "SELECT {COLUMNS} FROM comment {} ORDER BY created_at, comment_id",
        w.clause()
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    Ok(ThreadPage {
        roots: roots
            .iter()
            .map(|r| CommentId::parse(r))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::corrupt("comment", e))?,
        comments: rows.into_iter().map(parse).collect::<StoreResult<_>>()?,
        threads,
        visible,
    })
}

/// The page (of `per_page` threads, newest started first) that shows the thread `root` starts.
pub async fn page_of_thread(db: &Db, root: CommentId, per_page: i64) -> StoreResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM comment n JOIN comment r ON r.comment_id = $1 \
        WHERE n.subject_kind = r.subject_kind AND n.subject_id = r.subject_id \
        AND n.parent_id IS NULL \
        AND (n.created_at > r.created_at \
             OR (n.created_at = r.created_at AND n.comment_id > r.comment_id))";
    let newer: i64 = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(root.to_string()).fetch_one(p).await?
    });
    Ok(newer / per_page.max(1) + 1)
}

/// The comments a person posted since `since` (the rate limit).
pub async fn posted_since(db: &Db, author: UserId, since: DateTime<Utc>) -> StoreResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM comment WHERE author_id = $1 AND created_at >= $2";
    Ok(on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(author.to_string()).bind(since).fetch_one(p).await?
    }))
}

/// Sets (or, with 0, takes back) a person's vote and brings the comment's score up to date.
pub async fn vote(tx: &mut Tx, comment: CommentId, user: UserId, value: i64) -> StoreResult<()> {
    const DELETE: &str = "DELETE FROM comment_vote WHERE comment_id = $1 AND user_id = $2";
    const UPSERT: &str = "INSERT INTO comment_vote (comment_id, user_id, value) VALUES ($1, $2, $3) \
        ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value";
    const SCORE: &str = "UPDATE comment SET score = \
        (SELECT COALESCE(SUM(value), 0) FROM comment_vote WHERE comment_id = $1) \
        WHERE comment_id = $1";
    on_tx!(tx, c => {
        if value == 0 {
            sqlx::query(DELETE).bind(comment.to_string()).bind(user.to_string()).execute(&mut *c).await?;
        } else {
            sqlx::query(UPSERT)
                .bind(comment.to_string())
                .bind(user.to_string())
                .bind(value)
                .execute(&mut *c)
                .await?;
        }
        sqlx::query(SCORE).bind(comment.to_string()).execute(&mut *c).await?;
    });
    Ok(())
}

/// A person's votes under a subject.
pub async fn votes_of(
    db: &Db,
    subject: Subject,
    user: UserId,
) -> StoreResult<HashMap<CommentId, i64>> {
    const SQL: &str = "SELECT v.comment_id, v.value FROM comment_vote v \
        JOIN comment c ON c.comment_id = v.comment_id \
        WHERE c.subject_kind = $1 AND c.subject_id = $2 AND v.user_id = $3";
    let rows: Vec<(String, i64)> = on_pool!(db, p => {
        sqlx::query_as(SQL)
            .bind(subject.kind())
            .bind(subject.id())
            .bind(user.to_string())
            .fetch_all(p)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(id, v)| CommentId::parse(&id).ok().map(|id| (id, v)))
        .collect())
}

/// Records a report; `None` if this person had reported the comment already, else the number
/// of people who have.
pub async fn report(
    tx: &mut Tx,
    comment: CommentId,
    user: UserId,
    reason: ReportReason,
    at: DateTime<Utc>,
) -> StoreResult<Option<i64>> {
    const INSERT: &str = "INSERT INTO comment_report (comment_id, user_id, reason, created_at) \
        VALUES ($1, $2, $3, $4) ON CONFLICT (comment_id, user_id) DO NOTHING";
    const COUNT: &str = "UPDATE comment SET reports = reports + 1 WHERE comment_id = $1 \
        RETURNING reports";
    let n = on_tx!(tx, c => {
        let inserted = sqlx::query(INSERT)
            .bind(comment.to_string())
            .bind(user.to_string())
            .bind(reason.code())
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected();
        if inserted == 0 {
            None
        } else {
            Some(sqlx::query_scalar::<_, i64>(COUNT).bind(comment.to_string()).fetch_one(&mut *c).await?)
        }
    });
    Ok(n)
}

/// The reasons given in a comment's reports, with how many gave each.
pub async fn report_reasons(db: &Db, comment: CommentId) -> StoreResult<Vec<(String, i64)>> {
    const SQL: &str = "SELECT reason, COUNT(*) FROM comment_report WHERE comment_id = $1 \
        GROUP BY reason ORDER BY reason";
    Ok(on_pool!(db, p => {
        sqlx::query_as(SQL).bind(comment.to_string()).fetch_all(p).await?
    }))
}

/// Moves a comment from `from` by a moderator's step (`actor` in `ctx`; none when the reports
/// hid it). Another change since is a conflict. Audited.
pub async fn moderate(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: CommentId,
    step: Moderation,
    from: CommentState,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    // Approving or restoring keeps the comment: the reports so far are seen. Hiding leaves the
    // count of seen reports as it was.
    const SQL: &str = "UPDATE comment SET state = $1, moderated_at = $2, moderation_reason = $3, \
        reports_cleared = CASE WHEN $4 THEN reports ELSE reports_cleared END \
        WHERE comment_id = $5 AND state = $6";
    let to = step.from(from).ok_or_else(|| StoreError::Conflict {
        entity: "comment",
        field: "state",
        message: motcua_domain::message::Text::id("comment-refused-step"),
    })?;
    let cleared = to == CommentState::Visible;
    let written = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(to.code())
            .bind(at)
            .bind(reason)
            .bind(cleared)
            .bind(id.to_string())
            .bind(from.code())
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if written == 0 {
        return Err(StoreError::Conflict {
            entity: "comment",
            field: "state",
            message: motcua_domain::message::Text::id("comment-refused-step"),
        });
    }
    let action = if ctx.actor.is_none() && step == Moderation::Hide {
        "comment.auto_hide".to_owned()
    } else {
        format!("comment.{}", step.code())
    };
    audit::record(
        tx,
        ctx,
        &action,
        "comment",
        &id.to_string(),
        Some(&serde_json::json!({ "state": from.code() })),
        Some(&serde_json::json!({ "state": to.code(), "reason": reason })),
    )
    .await
    .map(|_| ())
}

/// Blocks a person from commenting until `until`. Audited.
pub async fn block(
    tx: &mut Tx,
    ctx: &AuditContext,
    user: UserId,
    until: DateTime<Utc>,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO comment_block (user_id, until, reason, blocked_by, created_at) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, \
        reason = excluded.reason, blocked_by = excluded.blocked_by, created_at = excluded.created_at";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(user.to_string())
            .bind(until)
            .bind(reason)
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    audit::record(
        tx,
        ctx,
        "comment.block",
        "app_user",
        &user.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "until": until, "reason": reason })),
    )
    .await
    .map(|_| ())
}

/// Until when a person is blocked, if they are at `now`.
pub async fn blocked_until(
    db: &Db,
    user: UserId,
    now: DateTime<Utc>,
) -> StoreResult<Option<DateTime<Utc>>> {
    const SQL: &str = "SELECT until FROM comment_block WHERE user_id = $1 AND until > $2";
    Ok(on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(user.to_string()).bind(now).fetch_optional(p).await?
    }))
}

/// Which comments a moderator's queue shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Waiting for a first look (pre-moderation).
    Pending,
    /// Shown, with reports not yet cleared.
    Reported,
    Hidden,
}

/// The latest comments of a queue in `units` (`None`: everywhere), at most `limit`.
pub async fn queue(
    db: &Db,
    which: Queue,
    units: Option<&[UnitId]>,
    limit: i64,
) -> StoreResult<Vec<CommentRecord>> {
    let mut w = Where::default();
    w.cond_raw(
        match which {
            Queue::Pending => "state = 'pending'",
            Queue::Reported => "state = 'visible' AND reports > reports_cleared",
            Queue::Hidden => "state = 'hidden'",
        }
        .to_owned(),
    );
    if let Some(units) = units {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        w.in_units("unit_id", units);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM comment {} ORDER BY created_at DESC LIMIT {}",
        w.clause(),
        limit.clamp(1, 1_000)
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(parse).collect()
}

/// The e-mail addresses of the moderators whose grant is on one of `units` (a unit and its
/// ancestors): those to tell when reports hide a comment there.
pub async fn moderator_emails(db: &Db, units: &[UnitId]) -> StoreResult<Vec<String>> {
    const SQL: &str = "SELECT DISTINCT u.email FROM role_grant g JOIN app_user u \
        ON u.user_id = g.user_id WHERE g.role = 'moderator' AND g.unit_id = $1 \
        AND u.email IS NOT NULL AND NOT u.disabled";
    let mut out = Vec::new();
    for unit in units {
        let found: Vec<String> = on_pool!(db, p => {
            sqlx::query_scalar(SQL).bind(unit.to_string()).fetch_all(p).await?
        });
        out.extend(found);
    }
    out.sort();
    out.dedup();
    Ok(out)
}
