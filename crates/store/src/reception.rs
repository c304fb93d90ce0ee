//! Citizen reception: the heads' reception days, reception sessions, and the visits that make
//! up the reception log (Sổ tiếp công dân, Mẫu 03/TCD), numbered through the year per unit.
//!
//! A visit about a denunciation keeps its visitor sealed like a petition's denouncer: the clear
//! columns hold the pseudonym and empty strings, `visitor_sealed` the encrypted identity.
//!
//! Every write here appends its audit entry (`reception.*`) in the caller's transaction. What
//! an entry digests is a public view: never a visitor's name, address, ID number or words,
//! so that the audit log, which inspectors read, cannot become a second copy of the log book.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::ids::{PetitionId, ReceptionSessionId, UnitId, UserId, VisitId};
use motcua_domain::message::Text;
use sqlx::FromRow;

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{OnConflict, StoreError, StoreResult};
use crate::filter::{Page, Where, bind_args};

/// A planned reception day of a unit's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionDay {
    pub unit: UnitId,
    /// The domain's head-role code (e.g. `commune_chairman`).
    pub head_role: String,
    pub head_name: String,
    pub day: NaiveDate,
    pub place: String,
}

/// Plans a reception day, audited as `reception.plan_day`. A second day for the same head on
/// the same date is a conflict on `day`.
pub async fn add_day(
    tx: &mut Tx,
    ctx: &AuditContext,
    d: &ReceptionDay,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let id = uuid::Uuid::now_v7().to_string();
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO reception_day (reception_day_id, unit_id, head_role, head_name, \
                     day, place, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(d.unit.to_string())
            .bind(&d.head_role)
            .bind(&d.head_name)
            .bind(d.day)
            .bind(&d.place)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
    .on_unique(
        "reception_day",
        "day",
        Text::id("store-conflict-reception_day"),
    )?;
    // A head's name and a place are public: the schedule is published to citizens.
    let after = serde_json::json!({
        "unit": d.unit, "head_role": d.head_role, "head_name": d.head_name,
        "day": d.day, "place": d.place,
    });
    audit::record(
        tx,
        ctx,
        "reception.plan_day",
        "reception_day",
        &id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(())
}

/// The unit's planned reception days between `from` and `to`, inclusive.
pub async fn days(
    db: &Db,
    unit: UnitId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ReceptionDay>> {
    let rows: Vec<(String, String, NaiveDate, String)> = on_pool!(db, p => {
        sqlx::query_as("SELECT head_role, head_name, day, place FROM reception_day \
                        WHERE unit_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, head_role")
            .bind(unit.to_string())
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?
    });
    Ok(rows
        .into_iter()
        .map(|(head_role, head_name, day, place)| ReceptionDay {
            unit,
            head_role,
            head_name,
            day,
            place,
        })
        .collect())
}

/// A reception session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: ReceptionSessionId,
    pub unit: UnitId,
    /// `periodic` (a head's day), `routine` (the reception desk), `ad_hoc` or `online`.
    pub kind: String,
    pub held_on: NaiveDate,
    pub host_name: String,
    pub host_title: String,
    pub place: String,
    /// Thông báo kết luận việc tiếp công dân.
    pub conclusion: String,
    pub created_by: Option<UserId>,
}

#[derive(FromRow)]
struct SessionRow {
    session_id: String,
    unit_id: String,
    kind: String,
    held_on: NaiveDate,
    host_name: String,
    host_title: String,
    place: String,
    conclusion: String,
    created_by: Option<String>,
}

const SESSION_COLUMNS: &str =
    "session_id, unit_id, kind, held_on, host_name, host_title, place, conclusion, created_by";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::corrupt("reception", e)
}

impl TryFrom<SessionRow> for SessionRecord {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> StoreResult<Self> {
        Ok(Self {
            id: ReceptionSessionId::parse(&r.session_id).map_err(corrupt)?,
            unit: UnitId::parse(&r.unit_id).map_err(corrupt)?,
            kind: r.kind,
            held_on: r.held_on,
            host_name: r.host_name,
            host_title: r.host_title,
            place: r.place,
            conclusion: r.conclusion,
            created_by: r
                .created_by
                .as_deref()
                .map(UserId::parse)
                .transpose()
                .map_err(corrupt)?,
        })
    }
}

/// Opens a reception session, audited as `reception.open_session`.
pub async fn create_session(
    tx: &mut Tx,
    ctx: &AuditContext,
    s: &SessionRecord,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO reception_session ({SESSION_COLUMNS}, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    on_tx!(tx, c => {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(s.id.to_string())
            .bind(s.unit.to_string())
            .bind(&s.kind)
            .bind(s.held_on)
            .bind(&s.host_name)
            .bind(&s.host_title)
            .bind(&s.place)
            .bind(&s.conclusion)
            .bind(s.created_by.map(|u| u.to_string()))
            .bind(now)
            .execute(&mut *c)
            .await?;
    });
    let after = serde_json::json!({
        "unit": s.unit, "kind": s.kind, "held_on": s.held_on,
        "host_name": s.host_name, "host_title": s.host_title, "place": s.place,
    });
    audit::record(
        tx,
        ctx,
        "reception.open_session",
        "reception_session",
        &s.id.to_string(),
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(())
}

/// Records (or replaces) the conclusion notice of a session, audited as `reception.conclude`
/// with the notice before and after.
pub async fn conclude(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: ReceptionSessionId,
    conclusion: &str,
) -> StoreResult<()> {
    let before: Option<String> = on_tx!(tx, c => {
        sqlx::query_scalar("SELECT conclusion FROM reception_session WHERE session_id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *c)
            .await?
    });
    let Some(before) = before else {
        return Err(StoreError::NotFound {
            entity: "reception session",
        });
    };
    on_tx!(tx, c => {
        sqlx::query("UPDATE reception_session SET conclusion = $2 WHERE session_id = $1")
            .bind(id.to_string())
            .bind(conclusion)
            .execute(&mut *c)
            .await?;
    });
    audit::record(
        tx,
        ctx,
        "reception.conclude",
        "reception_session",
        &id.to_string(),
        Some(&serde_json::json!({ "conclusion": before })),
        Some(&serde_json::json!({ "conclusion": conclusion })),
    )
    .await?;
    Ok(())
}

pub async fn get_session(db: &Db, id: ReceptionSessionId) -> StoreResult<SessionRecord> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM reception_session WHERE session_id = $1");
    let row: Option<SessionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id.to_string())
            .fetch_optional(p)
            .await?
    });
    row.ok_or(StoreError::NotFound {
        entity: "reception session",
    })?
    .try_into()
}

/// The most recent sessions of `units`.
pub async fn sessions(db: &Db, units: &[UnitId], limit: i64) -> StoreResult<Vec<SessionRecord>> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    w.in_units("unit_id", units);
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM reception_session {} \
         ORDER BY held_on DESC, created_at DESC {}",
        w.clause(),
        Page::new(limit, 0).sql()
    );
    let rows: Vec<SessionRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// One visit: one line of the reception log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitRecord {
    pub id: VisitId,
    pub session: ReceptionSessionId,
    pub unit: UnitId,
    pub log_year: i32,
    pub log_number: i64,
    pub visited_at: DateTime<Utc>,
    pub visitor_name: String,
    pub visitor_address: String,
    pub visitor_id_number: String,
    pub visitor_sealed: Option<String>,
    /// How many people came with the same content (a group counts its members).
    pub people_count: i64,
    /// JSON list of the group's representatives (empty when sealed).
    pub representatives: String,
    pub content: String,
    /// The petition kind code, the log's "phân loại" column.
    pub kind: String,
    /// Số công dân có đơn cùng nội dung.
    pub same_content_count: i64,
    /// Cơ quan đã giải quyết hết thẩm quyền (empty if none).
    pub prior_handling: String,
    pub within_competence: bool,
    pub guidance: String,
    pub forwarded_to: String,
    pub outcome: String,
    /// JSON list of the documents received (the Mẫu 02/TCD receipt).
    pub documents: String,
    pub petition: Option<PetitionId>,
    pub created_by: Option<UserId>,
}

const VISIT_COLUMNS: &str = "visit_id, session_id, unit_id, log_year, log_number, visited_at, \
    visitor_name, visitor_address, visitor_id_number, visitor_sealed, people_count, \
    representatives, content, kind, same_content_count, prior_handling, within_competence, \
    guidance, forwarded_to, outcome, documents, petition_id, created_by";

#[derive(FromRow)]
struct VisitRow {
    visit_id: String,
    session_id: String,
    unit_id: String,
    log_year: i64,
    log_number: i64,
    visited_at: DateTime<Utc>,
    visitor_name: String,
    visitor_address: String,
    visitor_id_number: String,
    visitor_sealed: Option<String>,
    people_count: i64,
    representatives: String,
    content: String,
    kind: String,
    same_content_count: i64,
    prior_handling: String,
    within_competence: bool,
    guidance: String,
    forwarded_to: String,
    outcome: String,
    documents: String,
    petition_id: Option<String>,
    created_by: Option<String>,
}

impl TryFrom<VisitRow> for VisitRecord {
    type Error = StoreError;
    fn try_from(r: VisitRow) -> StoreResult<Self> {
        Ok(Self {
            id: VisitId::parse(&r.visit_id).map_err(corrupt)?,
            session: ReceptionSessionId::parse(&r.session_id).map_err(corrupt)?,
            unit: UnitId::parse(&r.unit_id).map_err(corrupt)?,
            log_year: i32::try_from(r.log_year).map_err(corrupt)?,
            log_number: r.log_number,
            visited_at: r.visited_at,
            visitor_name: r.visitor_name,
            visitor_address: r.visitor_address,
            visitor_id_number: r.visitor_id_number,
            visitor_sealed: r.visitor_sealed,
            people_count: r.people_count,
            representatives: r.representatives,
            content: r.content,
            kind: r.kind,
            same_content_count: r.same_content_count,
            prior_handling: r.prior_handling,
            within_competence: r.within_competence,
            guidance: r.guidance,
            forwarded_to: r.forwarded_to,
            outcome: r.outcome,
            documents: r.documents,
            petition: r
                .petition_id
                .as_deref()
                .map(PetitionId::parse)
                .transpose()
                .map_err(corrupt)?,
            created_by: r
                .created_by
                .as_deref()
                .map(UserId::parse)
                .transpose()
                .map_err(corrupt)?,
        })
    }
}

/// The next line number of the unit's reception log in `year`.
pub async fn next_log_number(tx: &mut Tx, unit: UnitId, year: i32) -> StoreResult<i64> {
    const SQL: &str = "INSERT INTO reception_log_sequence (unit_id, year, last_number) \
        VALUES ($1, $2, 1) ON CONFLICT (unit_id, year) DO UPDATE \
        SET last_number = reception_log_sequence.last_number + 1 RETURNING last_number";
    Ok(on_tx!(tx, c => {
        sqlx::query_scalar(SQL)
            .bind(unit.to_string())
            .bind(i64::from(year))
            .fetch_one(&mut *c)
            .await?
    }))
}

/// What the audit log digests of a visit: its place in the log and its kind, never who came
/// or what they said (see the module's note).
fn visit_view(v: &VisitRecord) -> serde_json::Value {
    serde_json::json!({
        "session": v.session, "unit": v.unit, "log_year": v.log_year,
        "log_number": v.log_number, "visited_at": v.visited_at, "kind": v.kind,
        "people_count": v.people_count, "sealed": v.visitor_sealed.is_some(),
        "petition": v.petition,
    })
}

/// Writes a visit as a line of the log, audited as `reception.record_visit`.
pub async fn add_visit(
    tx: &mut Tx,
    ctx: &AuditContext,
    v: &VisitRecord,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let ph: Vec<String> = (1..=24).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO reception_visit ({VISIT_COLUMNS}, created_at) VALUES ({})",
        ph.join(", ")
    );
    on_tx!(tx, c => {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(v.id.to_string())
            .bind(v.session.to_string())
            .bind(v.unit.to_string())
            .bind(i64::from(v.log_year))
            .bind(v.log_number)
            .bind(v.visited_at)
            .bind(&v.visitor_name)
            .bind(&v.visitor_address)
            .bind(&v.visitor_id_number)
            .bind(&v.visitor_sealed)
            .bind(v.people_count)
            .bind(&v.representatives)
            .bind(&v.content)
            .bind(&v.kind)
            .bind(v.same_content_count)
            .bind(&v.prior_handling)
            .bind(v.within_competence)
            .bind(&v.guidance)
            .bind(&v.forwarded_to)
            .bind(&v.outcome)
            .bind(&v.documents)
            .bind(v.petition.map(|p| p.to_string()))
            .bind(v.created_by.map(|u| u.to_string()))
            .bind(now)
            .execute(&mut *c)
            .await?;
    });
    audit::record(
        tx,
        ctx,
        "reception.record_visit",
        "reception_visit",
        &v.id.to_string(),
        None::<&()>,
        Some(&visit_view(v)),
    )
    .await?;
    Ok(())
}

/// Links a visit to the petition registered from it, and records the follow-up, audited as
/// `reception.link_petition`.
pub async fn link_petition(
    tx: &mut Tx,
    ctx: &AuditContext,
    visit: VisitId,
    petition: PetitionId,
    outcome: &str,
) -> StoreResult<()> {
    let n = on_tx!(tx, c => {
        sqlx::query("UPDATE reception_visit SET petition_id = $2, outcome = $3 WHERE visit_id = $1")
            .bind(visit.to_string())
            .bind(petition.to_string())
            .bind(outcome)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if n == 0 {
        return Err(StoreError::NotFound {
            entity: "reception visit",
        });
    }
    audit::record(
        tx,
        ctx,
        "reception.link_petition",
        "reception_visit",
        &visit.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "petition": petition, "outcome": outcome })),
    )
    .await?;
    Ok(())
}

pub async fn get_visit(db: &Db, id: VisitId) -> StoreResult<VisitRecord> {
    let sql = format!("SELECT {VISIT_COLUMNS} FROM reception_visit WHERE visit_id = $1");
    let row: Option<VisitRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id.to_string())
            .fetch_optional(p)
            .await?
    });
    row.ok_or(StoreError::NotFound {
        entity: "reception visit",
    })?
    .try_into()
}

pub async fn visits(db: &Db, session: ReceptionSessionId) -> StoreResult<Vec<VisitRecord>> {
    let sql = format!(
        "SELECT {VISIT_COLUMNS} FROM reception_visit WHERE session_id = $1 ORDER BY log_number"
    );
    let rows: Vec<VisitRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(session.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The unit's reception log for `year`, in line order.
pub async fn log(db: &Db, unit: UnitId, year: i32) -> StoreResult<Vec<VisitRecord>> {
    let sql = format!(
        "SELECT {VISIT_COLUMNS} FROM reception_visit WHERE unit_id = $1 AND log_year = $2 \
         ORDER BY log_number"
    );
    let rows: Vec<VisitRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(unit.to_string())
            .bind(i64::from(year))
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Every sealed visitor, for the key-rotation command.
pub async fn sealed_visitors(db: &Db) -> StoreResult<Vec<(VisitId, String)>> {
    let rows: Vec<(String, String)> = on_pool!(db, p => {
        sqlx::query_as("SELECT visit_id, visitor_sealed FROM reception_visit \
                        WHERE visitor_sealed IS NOT NULL ORDER BY visit_id")
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|(i, s)| Ok((VisitId::parse(&i).map_err(corrupt)?, s)))
        .collect()
}

/// Rewrites the free text of a sealed visitor's log line (content, prior handling, guidance,
/// forwarded to, documents): the repair of lines written before their masking caught
/// everything. A visit that was never sealed is not touched.
pub async fn rewrite_visit_text(tx: &mut Tx, v: &VisitRecord) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("UPDATE reception_visit SET content = $2, prior_handling = $3, \
                     guidance = $4, forwarded_to = $5, documents = $6 \
                     WHERE visit_id = $1 AND visitor_sealed IS NOT NULL")
            .bind(v.id.to_string())
            .bind(&v.content)
            .bind(&v.prior_handling)
            .bind(&v.guidance)
            .bind(&v.forwarded_to)
            .bind(&v.documents)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Replaces a sealed visitor (key rotation); the log line is otherwise left as it was.
pub async fn reseal_visitor(tx: &mut Tx, id: VisitId, sealed: &str) -> StoreResult<()> {
    let n = on_tx!(tx, c => {
        sqlx::query("UPDATE reception_visit SET visitor_sealed = $2 \
                     WHERE visit_id = $1 AND visitor_sealed IS NOT NULL")
            .bind(id.to_string())
            .bind(sealed)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    // A visit that was never sealed must not become sealed: its visitor stands in clear.
    if n == 0 {
        return Err(StoreError::NotFound {
            entity: "sealed reception visit",
        });
    }
    Ok(())
}
