//! Polls, their options with their tallies, who voted (as a per-poll keyed hash, never what
//! they chose), and the citizens verified to vote online.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PollId, PollOptionId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::poll::{Channel, Kind, PollDraft};

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{OnConflict, StoreError, StoreResult};

/// A poll as stored, with its options in order.
#[derive(Clone, Debug)]
pub struct PollRecord {
    pub id: PollId,
    pub unit: UnitId,
    pub title: String,
    pub question: String,
    pub description: String,
    pub kind: Kind,
    pub max_choices: usize,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub results_live: bool,
    /// The people who voted.
    pub voters: i64,
    pub created_at: DateTime<Utc>,
    pub options: Vec<OptionRecord>,
}

/// An option and the ballots that marked it. Read the tally only where the results may be shown.
#[derive(Clone, Debug)]
pub struct OptionRecord {
    pub id: PollOptionId,
    pub label: String,
    pub votes: i64,
}

const POLL_COLUMNS: &str = "poll_id, unit_id, title, question, description, kind, max_choices, \
    opens_at, closes_at, results_live, voters, created_at";

type PollRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    DateTime<Utc>,
    DateTime<Utc>,
    bool,
    i64,
    DateTime<Utc>,
);

fn parse_poll(r: PollRow, options: Vec<OptionRecord>) -> StoreResult<PollRecord> {
    Ok(PollRecord {
        id: PollId::parse(&r.0).map_err(|e| StoreError::corrupt("poll", e))?,
        unit: UnitId::parse(&r.1).map_err(|e| StoreError::corrupt("poll", e))?,
        title: r.2,
        question: r.3,
        description: r.4,
        kind: Kind::parse(&r.5)
            .ok_or_else(|| StoreError::corrupt("poll", format!("kind {}", r.5)))?,
        max_choices: usize::try_from(r.6).map_err(|e| StoreError::corrupt("poll", e))?,
        opens_at: r.7,
        closes_at: r.8,
        results_live: r.9,
        voters: r.10,
        created_at: r.11,
        options,
    })
}

/// Puts a new poll, with its options at zero.
pub async fn create(
    tx: &mut Tx,
    ctx: &AuditContext,
    draft: &PollDraft,
    at: DateTime<Utc>,
) -> StoreResult<PollId> {
    const POLL: &str = "INSERT INTO poll (poll_id, unit_id, title, question, description, kind, \
        max_choices, opens_at, closes_at, results_live, voters, created_by, created_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12)";
    const OPTION: &str = "INSERT INTO poll_option (option_id, poll_id, position, label, votes) \
        VALUES ($1, $2, $3, $4, 0)";
    let id = PollId::new();
    on_tx!(tx, c => {
        sqlx::query(POLL)
            .bind(id.to_string())
            .bind(draft.unit.to_string())
            .bind(&draft.title)
            .bind(&draft.question)
            .bind(&draft.description)
            .bind(draft.kind.code())
            .bind(i64::try_from(draft.max_choices).unwrap_or(1))
            .bind(draft.opens_at)
            .bind(draft.closes_at)
            .bind(draft.results_live)
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    for (position, label) in draft.options.iter().enumerate() {
        on_tx!(tx, c => {
            sqlx::query(OPTION)
                .bind(PollOptionId::new().to_string())
                .bind(id.to_string())
                .bind(i64::try_from(position).unwrap_or(0))
                .bind(label)
                .execute(&mut *c)
                .await?;
        });
    }
    let public = serde_json::json!({
        "unit": draft.unit,
        "title": draft.title,
        "question": draft.question,
        "kind": draft.kind.code(),
        "max_choices": draft.max_choices,
        "options": draft.options,
        "opens_at": draft.opens_at,
        "closes_at": draft.closes_at,
        "results_live": draft.results_live,
    });
    audit::record(
        tx,
        ctx,
        "poll.create",
        "poll",
        &id.to_string(),
        None::<&()>,
        Some(&public),
    )
    .await?;
    Ok(id)
}

async fn options_of(db: &Db, ids: &[String]) -> StoreResult<Vec<(String, OptionRecord)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT poll_id, option_id, label, votes FROM poll_option WHERE poll_id IN ({}) \
         ORDER BY poll_id, position",
        marks.join(", ")
    );
    let rows: Vec<(String, String, String, i64)> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(p).await?
    });
    rows.into_iter()
        .map(|(poll, id, label, votes)| {
            Ok((
                poll,
                OptionRecord {
                    id: PollOptionId::parse(&id).map_err(|e| StoreError::corrupt("poll", e))?,
                    label,
                    votes,
                },
            ))
        })
        .collect()
}

async fn with_options(db: &Db, rows: Vec<PollRow>) -> StoreResult<Vec<PollRecord>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut options = options_of(db, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let mine: Vec<OptionRecord> = options
                .extract_if(.., |(poll, _)| *poll == r.0)
                .map(|(_, o)| o)
                .collect();
            parse_poll(r, mine)
        })
        .collect()
}

/// One poll with its options.
pub async fn get(db: &Db, id: PollId) -> StoreResult<PollRecord> {
    let sql = format!("SELECT {POLL_COLUMNS} FROM poll WHERE poll_id = $1");
    let row: Option<PollRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id.to_string())
            .fetch_optional(p)
            .await?
    });
    let row = row.ok_or(StoreError::NotFound { entity: "poll" })?;
    with_options(db, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound { entity: "poll" })
}

/// A page of polls, the latest to close first, and how many there are.
pub async fn list(db: &Db, offset: i64, limit: i64) -> StoreResult<(Vec<PollRecord>, i64)> {
    let sql = format!(
        "SELECT {POLL_COLUMNS} FROM poll ORDER BY closes_at DESC, poll_id LIMIT $1 OFFSET $2"
    );
    let (rows, total): (Vec<PollRow>, i64) = on_pool!(db, p => {
        let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM poll").fetch_one(p).await?;
        (rows, total)
    });
    Ok((with_options(db, rows).await?, total))
}

/// The start of the day (in Vietnam) of `at`: when a voter voted is kept to the day, so that the
/// moment of a vote cannot be matched with a session's or a request log's.
fn day_of(at: DateTime<Utc>) -> DateTime<Utc> {
    motcua_domain::from_vn_local(
        motcua_domain::vn_date(at)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    )
}

/// What became of a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cast {
    Counted,
    /// The voter key is already in the poll: this person voted, by this channel or another.
    AlreadyVoted,
    /// The poll was not open at `at` (it closed while the ballot was on its way).
    NotOpen,
}

/// A ballot marking the options at `positions` (checked by the caller against the poll), by
/// the person whose per-poll key is `voter_key`. Nothing is written unless it is counted: the
/// caller rolls back on anything else.
pub async fn cast(
    tx: &mut Tx,
    poll: PollId,
    voter_key: &str,
    channel: Channel,
    officer: Option<UserId>,
    positions: &[usize],
    at: DateTime<Utc>,
) -> StoreResult<Cast> {
    const VOTER: &str = "INSERT INTO poll_voter (poll_id, voter_key, channel, officer_id, voted_at) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (poll_id, voter_key) DO NOTHING";
    const OPEN: &str = "UPDATE poll SET voters = voters + 1 \
        WHERE poll_id = $1 AND opens_at <= $2 AND closes_at > $2";
    // Every option of the poll is written, the marked ones plus one and the others plus zero,
    // so that every option row carries this transaction's id (PostgreSQL's `xmin`): a row
    // written only when marked would tell a reader of the table which voter row (same `xmin`)
    // last chose it.
    if positions.is_empty() {
        return Err(StoreError::corrupt(
            "poll_option",
            "a ballot marking nothing",
        ));
    }
    let marked: Vec<String> = positions.iter().map(usize::to_string).collect();
    let tally = format!(
        "UPDATE poll_option SET votes = votes + CASE WHEN position IN ({}) THEN 1 ELSE 0 END \
         WHERE poll_id = $1",
        marked.join(", ")
    );
    let id = poll.to_string();
    let fresh = on_tx!(tx, c => {
        sqlx::query(VOTER)
            .bind(&id)
            .bind(voter_key)
            .bind(channel.code())
            .bind(officer.map(|o| o.to_string()))
            .bind(day_of(at))
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if fresh == 0 {
        return Ok(Cast::AlreadyVoted);
    }
    let open = on_tx!(tx, c => {
        sqlx::query(OPEN).bind(&id).bind(at).execute(&mut *c).await?.rows_affected()
    });
    if open == 0 {
        return Ok(Cast::NotOpen);
    }
    let written = on_tx!(tx, c => {
        sqlx::query(sqlx::AssertSqlSafe(tally.clone()))
            .bind(&id)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if written == 0 {
        return Err(StoreError::corrupt(
            "poll_option",
            format!("poll {id} has no options"),
        ));
    }
    Ok(Cast::Counted)
}

/// Records who marked a desk ballot: the officer, the poll, the channel; never the person or
/// the choice. A web ballot has no entry: its voter row is its record, and an entry naming the
/// account would tell readers of the log who voted at which second, and with a live count what
/// they chose.
pub async fn record_desk_vote(tx: &mut Tx, ctx: &AuditContext, poll: PollId) -> StoreResult<()> {
    audit::record(
        tx,
        ctx,
        "poll.desk_vote",
        "poll",
        &poll.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "channel": "desk" })),
    )
    .await
    .map(|_| ())
}

/// Whether the person with this per-poll key has voted.
pub async fn has_voted(db: &Db, poll: PollId, voter_key: &str) -> StoreResult<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM poll_voter WHERE poll_id = $1 AND voter_key = $2";
    let n: i64 = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(poll.to_string()).bind(voter_key).fetch_one(p).await?
    });
    Ok(n > 0)
}

/// The ballots of a poll by channel, for the results.
pub async fn voters_by_channel(db: &Db, poll: PollId) -> StoreResult<Vec<(String, i64)>> {
    const SQL: &str = "SELECT channel, COUNT(*) FROM poll_voter WHERE poll_id = $1 \
        GROUP BY channel ORDER BY channel";
    Ok(on_pool!(db, p => {
        sqlx::query_as(SQL).bind(poll.to_string()).fetch_all(p).await?
    }))
}

/// A citizen's account as bound to an ID card at a desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitizenIdentity {
    pub user: UserId,
    /// The keyed hash of the ID number.
    pub person_key: String,
    /// Where the card says the person lives.
    pub unit: UnitId,
    pub verified_at: DateTime<Utc>,
}

/// Binds an account to an ID card, once: a second account for the same card, or a second card
/// for the same account, is a conflict.
pub async fn verify_citizen(
    tx: &mut Tx,
    ctx: &AuditContext,
    identity: &CitizenIdentity,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO citizen_identity (user_id, person_key, unit_id, verified_by, \
        verified_at) VALUES ($1, $2, $3, $4, $5)";
    let inserted = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(identity.user.to_string())
            .bind(&identity.person_key)
            .bind(identity.unit.to_string())
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(identity.verified_at)
            .execute(&mut *c)
            .await
            .map(|_| ())
    });
    inserted.map_err(StoreError::from).on_unique(
        "citizen_identity",
        "id_number",
        Text::id("store-conflict-citizen_identity"),
    )?;
    audit::record(
        tx,
        ctx,
        "citizen.verify",
        "app_user",
        &identity.user.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "unit": identity.unit })),
    )
    .await
    .map(|_| ())
}

/// The account's binding to an ID card, if it has one.
pub async fn citizen_identity(db: &Db, user: UserId) -> StoreResult<Option<CitizenIdentity>> {
    const SQL: &str = "SELECT person_key, unit_id, verified_at FROM citizen_identity \
        WHERE user_id = $1";
    let row: Option<(String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(user.to_string()).fetch_optional(p).await?
    });
    row.map(|(person_key, unit, verified_at)| {
        Ok(CitizenIdentity {
            user,
            person_key,
            unit: UnitId::parse(&unit).map_err(|e| StoreError::corrupt("citizen_identity", e))?,
            verified_at,
        })
    })
    .transpose()
}

/// Whether the keyed hash of an ID number is bound to some account already.
pub async fn person_key_taken(db: &Db, person_key: &str) -> StoreResult<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM citizen_identity WHERE person_key = $1";
    let n: i64 = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(person_key).fetch_one(p).await?
    });
    Ok(n > 0)
}
