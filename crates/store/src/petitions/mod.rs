//! Petitions: the register (complaints, denunciations, recommendations, feedback), their
//! timeline, the officers named on each case, duplicate candidates, and the audit of identity
//! reveals.
//!
//! A protected denouncer's identity is never written here in clear: the caller seals it (the
//! `motcua-vault` crate) into `sender_sealed` and passes keyed hashes for matching; the clear
//! sender columns then hold empty strings. State changes are read-modify-write with an
//! optimistic version, as for dossiers: of two officers acting at once exactly one wins.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UnitId, UserId, VisitId};
use motcua_domain::message::Text;
use sqlx::FromRow;

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx, on_write, values_placeholders};
use crate::error::{OnConflict, StoreError, StoreResult};
use crate::filter::{Arg, Where, bind_args};

/// Who sent the petition, in clear. Empty strings for a protected or anonymous sender.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SenderRecord {
    pub name: String,
    pub address: String,
    pub id_number: String,
    pub phone: String,
}

/// A petition row. Codes (`kind`, `status`, …) are the domain's `code()` strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetitionRecord {
    pub id: PetitionId,
    pub code: String,
    pub unit: UnitId,
    pub kind: String,
    pub source: String,
    pub forwarded_by: String,
    pub visit: Option<VisitId>,
    pub received_at: DateTime<Utc>,
    pub registered_by: Option<UserId>,
    pub subject: String,
    pub content: String,
    pub anonymous: bool,
    pub protected: bool,
    pub pseudonym: String,
    pub sender: SenderRecord,
    pub sender_sealed: Option<String>,
    pub person_id_index: Option<String>,
    pub person_name_index: Option<String>,
    pub signatory_count: i64,
    /// JSON list of the representatives' names (empty for a protected sender: they are sealed).
    pub representatives: String,
    pub status: String,
    pub reason_code: Option<String>,
    pub forwarded_to: String,
    pub complexity: String,
    pub remote_area: bool,
    pub instance: i64,
    pub first_instance: Option<PetitionId>,
    pub rules_id: String,
    pub deadline_kind: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub reply_due_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub extensions: i64,
    /// JSON: classification reasons, extensions and suspensions (the domain's case state).
    pub case_state: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_summary: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub duplicate_of: Option<PetitionId>,
    /// The content's MinHash signature, as stored text.
    pub signature: String,
    pub watch_flag: Option<String>,
    pub version: i64,
}

/// One entry of a petition's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PetitionEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    /// JSON: the extension's days, the forwarding target, the decision's summary, …
    pub details: String,
}

const COLUMNS: &str = "petition_id, code, unit_id, kind, source, forwarded_by, visit_id, \
    received_at, registered_by, subject, content, anonymous, protected, pseudonym, sender_name, \
    sender_address, sender_id_number, sender_phone, sender_sealed, person_id_index, \
    person_name_index, signatory_count, representatives, status, reason_code, forwarded_to, \
    complexity, remote_area, instance, first_instance_id, rules_id, deadline_kind, due_at, \
    reply_due_at, accepted_at, suspended_at, extensions, case_state, decided_at, \
    decision_summary, closed_at, duplicate_of, signature, watch_flag, version";

#[derive(FromRow)]
struct PetitionRow {
    petition_id: String,
    code: String,
    unit_id: String,
    kind: String,
    source: String,
    forwarded_by: String,
    visit_id: Option<String>,
    received_at: DateTime<Utc>,
    registered_by: Option<String>,
    subject: String,
    content: String,
    anonymous: bool,
    protected: bool,
    pseudonym: String,
    sender_name: String,
    sender_address: String,
    sender_id_number: String,
    sender_phone: String,
    sender_sealed: Option<String>,
    person_id_index: Option<String>,
    person_name_index: Option<String>,
    signatory_count: i64,
    representatives: String,
    status: String,
    reason_code: Option<String>,
    forwarded_to: String,
    complexity: String,
    remote_area: bool,
    instance: i64,
    first_instance_id: Option<String>,
    rules_id: String,
    deadline_kind: Option<String>,
    due_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
    accepted_at: Option<DateTime<Utc>>,
    suspended_at: Option<DateTime<Utc>>,
    extensions: i64,
    case_state: String,
    decided_at: Option<DateTime<Utc>>,
    decision_summary: String,
    closed_at: Option<DateTime<Utc>>,
    duplicate_of: Option<String>,
    signature: String,
    watch_flag: Option<String>,
    version: i64,
}

fn parse_id<T>(s: &str, f: fn(&str) -> Result<T, motcua_domain::DomainError>) -> StoreResult<T> {
    f(s).map_err(|e| StoreError::corrupt("petition", e))
}

fn opt<T>(
    s: Option<&str>,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<Option<T>> {
    s.map(|s| parse_id(s, f)).transpose()
}

impl TryFrom<PetitionRow> for PetitionRecord {
    type Error = StoreError;
    fn try_from(r: PetitionRow) -> StoreResult<Self> {
        Ok(Self {
            id: parse_id(&r.petition_id, PetitionId::parse)?,
            code: r.code,
            unit: parse_id(&r.unit_id, UnitId::parse)?,
            kind: r.kind,
            source: r.source,
            forwarded_by: r.forwarded_by,
            visit: opt(r.visit_id.as_deref(), VisitId::parse)?,
            received_at: r.received_at,
            registered_by: opt(r.registered_by.as_deref(), UserId::parse)?,
            subject: r.subject,
            content: r.content,
            anonymous: r.anonymous,
            protected: r.protected,
            pseudonym: r.pseudonym,
            sender: SenderRecord {
                name: r.sender_name,
                address: r.sender_address,
                id_number: r.sender_id_number,
                phone: r.sender_phone,
            },
            sender_sealed: r.sender_sealed,
            person_id_index: r.person_id_index,
            person_name_index: r.person_name_index,
            signatory_count: r.signatory_count,
            representatives: r.representatives,
            status: r.status,
            reason_code: r.reason_code,
            forwarded_to: r.forwarded_to,
            complexity: r.complexity,
            remote_area: r.remote_area,
            instance: r.instance,
            first_instance: opt(r.first_instance_id.as_deref(), PetitionId::parse)?,
            rules_id: r.rules_id,
            deadline_kind: r.deadline_kind,
            due_at: r.due_at,
            reply_due_at: r.reply_due_at,
            accepted_at: r.accepted_at,
            suspended_at: r.suspended_at,
            extensions: r.extensions,
            case_state: r.case_state,
            decided_at: r.decided_at,
            decision_summary: r.decision_summary,
            closed_at: r.closed_at,
            duplicate_of: opt(r.duplicate_of.as_deref(), PetitionId::parse)?,
            signature: r.signature,
            watch_flag: r.watch_flag,
            version: r.version,
        })
    }
}

/// The words a list search matches: code, kind, subject and content, never the sender of a
/// protected petition (whose clear columns are empty anyway).
fn search_text(p: &PetitionRecord) -> String {
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
    let placeholders: Vec<String> = (1..=48).map(|i| format!("${i}")).collect();
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
            .bind(&p.subject)
            .bind(&p.content)
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
    insert_event(tx, p.id, first).await
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

async fn insert_bands(tx: &mut Tx, id: PetitionId, bands: &[String]) -> StoreResult<()> {
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

async fn insert_event(tx: &mut Tx, id: PetitionId, e: &PetitionEvent) -> StoreResult<()> {
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

/// Writes `p` (read at `p.version`) as version `p.version + 1` with `event` on its timeline;
/// a conflict, and nothing written, if someone changed it since.
pub async fn save(
    tx: &mut Tx,
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

async fn fetch_where(db: &Db, column: &str, value: &str) -> StoreResult<PetitionRecord> {
    let sql = format!("SELECT {COLUMNS} FROM petition WHERE {column} = $1");
    let row: Option<PetitionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(value).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound { entity: "petition" })?
        .try_into()
}

pub async fn get(db: &Db, id: PetitionId) -> StoreResult<PetitionRecord> {
    fetch_where(db, "petition_id", &id.to_string()).await
}

pub async fn get_by_code(db: &Db, code: &str) -> StoreResult<PetitionRecord> {
    fetch_where(db, "code", code).await
}

pub async fn events(db: &Db, id: PetitionId) -> StoreResult<Vec<PetitionEvent>> {
    type Row = (
        i64,
        DateTime<Utc>,
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as("SELECT seq, at, action, actor_user_id, actor_name, from_status, \
                        to_status, note, details FROM petition_event WHERE petition_id = $1 \
                        ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(PetitionEvent {
                seq: r.0,
                at: r.1,
                action: r.2,
                actor: opt(r.3.as_deref(), UserId::parse)?,
                actor_name: r.4,
                from_status: r.5,
                to_status: r.6,
                note: r.7,
                details: r.8,
            })
        })
        .collect()
}

/// What a register list shows.
#[derive(Clone, Debug, Default)]
pub struct PetitionFilter {
    pub units: Vec<UnitId>,
    pub kinds: Vec<String>,
    pub statuses: Vec<String>,
    /// Open petitions whose running deadline passed before this moment.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Open petitions received before this moment (the 45-day escalation list).
    pub received_before: Option<DateTime<Utc>>,
    /// Only petitions that are still open.
    pub open: bool,
    pub text: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Petitions matching `f`: open ones soonest due first, then the most recently received.
pub async fn list(db: &Db, f: &PetitionFilter) -> StoreResult<Vec<PetitionRecord>> {
    let mut w = Where::default();
    w.any_of("unit_id", f.units.iter().map(ToString::to_string));
    w.any_of("kind", f.kinds.iter().cloned());
    w.any_of("status", f.statuses.iter().cloned());
    if let Some(t) = f.overdue_at {
        w.cond(
            "closed_at IS NULL AND suspended_at IS NULL AND due_at < ?",
            Arg::Time(t),
        );
    }
    if let Some(t) = f.received_before {
        w.cond("closed_at IS NULL AND received_at < ?", Arg::Time(t));
    }
    if f.open {
        w.conds.push("closed_at IS NULL".to_owned());
    }
    if let Some(text) = &f.text {
        w.words_in("search_text", text);
    }
    let limit = if f.limit <= 0 { 50 } else { f.limit.min(500) };
    let sql = format!(
        "SELECT {COLUMNS} FROM petition {} \
         ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, due_at, received_at DESC \
         LIMIT {limit} OFFSET {}",
        w.clause(),
        f.offset.max(0)
    );
    let rows: Vec<PetitionRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Open petitions after `after` (by id), for the deadline watch to walk in pages.
pub async fn open_page(
    db: &Db,
    after: Option<PetitionId>,
    limit: i64,
) -> StoreResult<Vec<PetitionRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM petition WHERE closed_at IS NULL AND petition_id > $1 \
         ORDER BY petition_id LIMIT $2"
    );
    let after = after.map(|a| a.to_string()).unwrap_or_default();
    let rows: Vec<PetitionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(limit).fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
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

pub async fn handlers(db: &Db, id: PetitionId) -> StoreResult<Vec<UserId>> {
    let rows: Vec<String> = on_pool!(db, p => {
        sqlx::query_scalar("SELECT user_id FROM petition_handler WHERE petition_id = $1 \
                            ORDER BY assigned_at, user_id")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.iter().map(|u| id_of(u)).collect()
}

fn id_of(u: &str) -> StoreResult<UserId> {
    parse_id(u, UserId::parse)
}

/// Petitions whose signature shares a band with `bands`, or whose sender has the same keyed
/// ID-number or name-and-address hash: the candidates to score as duplicates.
pub async fn candidates(
    db: &Db,
    exclude: PetitionId,
    bands: &[String],
    person_id_index: Option<&str>,
    person_name_index: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<PetitionRecord>> {
    let mut args: Vec<String> = vec![exclude.to_string()];
    let mut ors: Vec<String> = Vec::new();
    if !bands.is_empty() {
        let ph: Vec<String> = bands
            .iter()
            .map(|b| {
                args.push(b.clone());
                format!("${}", args.len())
            })
            .collect();
        ors.push(format!(
            "petition_id IN (SELECT petition_id FROM petition_band WHERE band IN ({}))",
            ph.join(", ")
        ));
    }
    for (column, value) in [
        ("person_id_index", person_id_index),
        ("person_name_index", person_name_index),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            args.push(v.to_owned());
            ors.push(format!("{column} = ${}", args.len()));
        }
    }
    if ors.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM petition WHERE petition_id <> $1 AND ({}) \
         ORDER BY received_at DESC LIMIT {}",
        ors.join(" OR "),
        limit.clamp(1, 200)
    );
    let rows: Vec<PetitionRow> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for a in &args {
            q = q.bind(a.clone());
        }
        q.fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// A proposed duplicate and what the handler decided about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateRecord {
    pub candidate: PetitionId,
    /// Percent, 0–100.
    pub score: i64,
    pub reasons: String,
    /// `pending`, `linked` or `dismissed`.
    pub decision: String,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
}

pub async fn propose_duplicate(
    tx: &mut Tx,
    id: PetitionId,
    candidate: PetitionId,
    score: i64,
    reasons: &str,
) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO petition_duplicate (petition_id, candidate_id, score, reasons, \
                     decision) VALUES ($1, $2, $3, $4, 'pending') ON CONFLICT DO NOTHING")
            .bind(id.to_string())
            .bind(candidate.to_string())
            .bind(score)
            .bind(reasons)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn duplicates(db: &Db, id: PetitionId) -> StoreResult<Vec<DuplicateRecord>> {
    type Row = (
        String,
        i64,
        String,
        String,
        Option<String>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as("SELECT candidate_id, score, reasons, decision, decided_by, decided_at \
                        FROM petition_duplicate WHERE petition_id = $1 ORDER BY score DESC")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(DuplicateRecord {
                candidate: parse_id(&r.0, PetitionId::parse)?,
                score: r.1,
                reasons: r.2,
                decision: r.3,
                decided_by: opt(r.4.as_deref(), UserId::parse)?,
                decided_at: r.5,
            })
        })
        .collect()
}

/// Records the handler's decision on a pending candidate; a candidate already decided (or not
/// proposed) is not found.
pub async fn decide_duplicate(
    tx: &mut Tx,
    id: PetitionId,
    candidate: PetitionId,
    decision: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let n = on_tx!(tx, c => {
        sqlx::query("UPDATE petition_duplicate SET decision = $3, decided_by = $4, \
                     decided_at = $5 WHERE petition_id = $1 AND candidate_id = $2 \
                     AND decision = 'pending'")
            .bind(id.to_string())
            .bind(candidate.to_string())
            .bind(decision)
            .bind(by.to_string())
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if n == 0 {
        return Err(StoreError::NotFound {
            entity: "duplicate candidate",
        });
    }
    Ok(())
}

/// One reveal of a protected identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealRecord {
    pub user: UserId,
    pub reason: String,
    pub at: DateTime<Utc>,
}

pub async fn record_reveal(
    tx: &mut Tx,
    id: PetitionId,
    user: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO identity_reveal (reveal_id, petition_id, user_id, reason, at) \
                     VALUES ($1, $2, $3, $4, $5)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(id.to_string())
            .bind(user.to_string())
            .bind(reason)
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn reveals(db: &Db, id: PetitionId) -> StoreResult<Vec<RevealRecord>> {
    let rows: Vec<(String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as("SELECT user_id, reason, at FROM identity_reveal WHERE petition_id = $1 \
                        ORDER BY at")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|(u, reason, at)| {
            Ok(RevealRecord {
                user: id_of(&u)?,
                reason,
                at,
            })
        })
        .collect()
}

/// One cell of the steering dashboard: how many petitions of a kind and state a unit holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    pub unit: UnitId,
    pub kind: String,
    pub status: String,
    pub count: i64,
    /// Of those, open and past their running deadline at `now`.
    pub overdue: i64,
    /// Of those, open and received more than the escalation period ago.
    pub long_pending: i64,
}

/// Counts by unit, kind and state, with the overdue and long-pending among them.
pub async fn counts(
    db: &Db,
    units: &[UnitId],
    now: DateTime<Utc>,
    pending_since: DateTime<Utc>,
) -> StoreResult<Vec<CountRow>> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let ph: Vec<String> = (0..units.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT unit_id, kind, status, COUNT(*), \
         SUM(CASE WHEN closed_at IS NULL AND suspended_at IS NULL AND due_at < $1 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN closed_at IS NULL AND received_at < $2 THEN 1 ELSE 0 END) \
         FROM petition WHERE unit_id IN ({}) GROUP BY unit_id, kind, status \
         ORDER BY unit_id, kind, status",
        ph.join(", ")
    );
    let rows: Vec<(String, String, String, i64, i64, i64)> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(now).bind(pending_since);
        for u in units {
            q = q.bind(u.to_string());
        }
        q.fetch_all(p).await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(CountRow {
                unit: parse_id(&r.0, UnitId::parse)?,
                kind: r.1,
                status: r.2,
                count: r.3,
                overdue: r.4,
                long_pending: r.5,
            })
        })
        .collect()
}

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
const IMPORT_PARAMS: usize = 400;

/// Writes past petitions in their final state with their timelines, handlers and bands, many
/// rows per statement: the path for bulk loads (the `seed` command), where one statement a row
/// would spend its time on round trips. Live registrations go through [`insert`] and [`save`].
pub async fn import(tx: &mut Tx, items: &[ImportedPetition]) -> StoreResult<()> {
    const COLS: usize = 48;
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
                    .bind(p.subject.clone())
                    .bind(p.content.clone())
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

// The audited writes: each appends its audit entry in the transaction of its change. The
// entries never carry a protected sender's identity: they name the case by code and pseudonym.

/// What the audit log keeps of a petition: never a protected sender.
fn public_view(p: &PetitionRecord) -> serde_json::Value {
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
    let saved = save(tx, next, event).await?;
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
pub async fn settle_duplicate(
    tx: &mut Tx,
    ctx: &AuditContext,
    next: &PetitionRecord,
    event: &PetitionEvent,
    candidate: &PetitionRecord,
    link: bool,
    by: UserId,
) -> StoreResult<PetitionRecord> {
    let decision = if link { "linked" } else { "dismissed" };
    decide_duplicate(tx, next.id, candidate.id, decision, by, event.at).await?;
    let saved = save(tx, next, event).await?;
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
