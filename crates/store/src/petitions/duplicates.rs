//! Duplicate candidates: how they are found, proposed and decided.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UserId};

use super::PetitionRecord;
use super::rows::{COLUMNS, PetitionRow, opt, parse_id};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{StoreError, StoreResult};

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
