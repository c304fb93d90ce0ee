//! What an administrator configures for place reports: unit boundaries, categories, states.

use chrono::{DateTime, Utc};
use motcua_domain::ids::UnitId;
use motcua_domain::report::category::{Category, Question, Routing};
use motcua_domain::report::place::{Boundary, Coordinates};
use motcua_domain::report::state::{StateDef, StateGroup};

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{StoreError, StoreResult};

fn corrupt(table: &'static str, reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        table,
        reason: reason.into(),
    }
}

/// Replaces a unit's boundary with `parts` (none: the unit has no boundary any more).
pub async fn replace_boundary(
    tx: &mut Tx,
    ctx: &AuditContext,
    unit: UnitId,
    parts: &[Boundary],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    const DELETE: &str = "DELETE FROM unit_boundary WHERE unit_id = $1";
    const INSERT: &str = "INSERT INTO unit_boundary \
        (unit_id, part, ring, min_lat, max_lat, min_lon, max_lon, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let id = unit.to_string();
    on_tx!(tx, c => {
        sqlx::query(DELETE).bind(&id).execute(&mut *c).await?;
        for (i, b) in parts.iter().enumerate() {
            let bb = b.bbox();
            sqlx::query(INSERT)
                .bind(&id)
                .bind(i64::try_from(i).unwrap_or(i64::MAX))
                .bind(b.to_json())
                .bind(bb.min_lat)
                .bind(bb.max_lat)
                .bind(bb.min_lon)
                .bind(bb.max_lon)
                .bind(now)
                .execute(&mut *c)
                .await?;
        }
    });
    let rings: Vec<String> = parts.iter().map(Boundary::to_json).collect();
    audit::record(
        tx,
        ctx,
        "unit.boundary",
        "unit",
        &id,
        None::<&()>,
        Some(&rings),
    )
    .await?;
    Ok(())
}

/// The boundaries whose box holds `p` (the caller checks the ring itself).
pub async fn boundaries_near(db: &Db, p: Coordinates) -> StoreResult<Vec<(UnitId, Boundary)>> {
    const SQL: &str = "SELECT unit_id, ring FROM unit_boundary \
        WHERE min_lat <= $1 AND max_lat >= $1 AND min_lon <= $2 AND max_lon >= $2 \
        ORDER BY unit_id, part";
    let rows: Vec<(String, String)> = on_pool!(db, pool => {
        sqlx::query_as(SQL).bind(p.lat).bind(p.lon).fetch_all(pool).await?
    });
    rows.into_iter().map(boundary_row).collect()
}

/// Every boundary, for the map and for a ward's representative point.
pub async fn all_boundaries(db: &Db) -> StoreResult<Vec<(UnitId, Boundary)>> {
    const SQL: &str = "SELECT unit_id, ring FROM unit_boundary ORDER BY unit_id, part";
    let rows: Vec<(String, String)> = on_pool!(db, pool => {
        sqlx::query_as(SQL).fetch_all(pool).await?
    });
    rows.into_iter().map(boundary_row).collect()
}

fn boundary_row((unit, ring): (String, String)) -> StoreResult<(UnitId, Boundary)> {
    Ok((
        UnitId::parse(&unit).map_err(|_| corrupt("unit_boundary", "unit_id"))?,
        Boundary::from_json(&ring).map_err(|_| corrupt("unit_boundary", "ring"))?,
    ))
}

/// Adds or replaces a category.
pub async fn save_category(
    tx: &mut Tx,
    ctx: &AuditContext,
    c: &Category,
    active: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO report_category \
        (code, unit_id, name, grp, description, routing, questions, active, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE SET \
        unit_id = excluded.unit_id, name = excluded.name, grp = excluded.grp, \
        description = excluded.description, routing = excluded.routing, \
        questions = excluded.questions, active = excluded.active, updated_at = excluded.updated_at";
    let questions = serde_json::to_string(&c.questions).unwrap_or_else(|_| "[]".into());
    on_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(&c.code)
            .bind(c.unit.to_string())
            .bind(&c.name)
            .bind(&c.group)
            .bind(&c.description)
            .bind(c.routing.code())
            .bind(&questions)
            .bind(active)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    });
    audit::record(
        tx,
        ctx,
        "report_category.save",
        "report_category",
        &c.code,
        None::<&()>,
        Some(c),
    )
    .await?;
    Ok(())
}

type CategoryRow = (String, String, String, String, String, String, String);

const CATEGORY_COLUMNS: &str = "code, unit_id, name, grp, description, routing, questions";

fn category_row(r: CategoryRow) -> StoreResult<Category> {
    let (code, unit, name, group, description, routing, questions) = r;
    let questions: Vec<Question> =
        serde_json::from_str(&questions).map_err(|_| corrupt("report_category", "questions"))?;
    Ok(Category {
        unit: UnitId::parse(&unit).map_err(|_| corrupt("report_category", "unit_id"))?,
        routing: Routing::parse(&routing).ok_or_else(|| corrupt("report_category", "routing"))?,
        code,
        name,
        group,
        description,
        questions,
    })
}

/// The categories people may report under, by group and name.
pub async fn active_categories(db: &Db) -> StoreResult<Vec<Category>> {
    let sql = format!("SELECT {CATEGORY_COLUMNS} FROM report_category WHERE active = $1");
    let rows: Vec<CategoryRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(true).fetch_all(p).await?
    });
    let mut out: Vec<Category> = rows
        .into_iter()
        .map(category_row)
        .collect::<StoreResult<_>>()?;
    // The same order on both backends, whatever their collations say.
    out.sort_by(|a, b| (&a.group, &a.name, &a.code).cmp(&(&b.group, &b.name, &b.code)));
    Ok(out)
}

/// One category, active or not (an old report keeps its category's name).
pub async fn category(db: &Db, code: &str) -> StoreResult<Category> {
    let sql = format!("SELECT {CATEGORY_COLUMNS} FROM report_category WHERE code = $1");
    let row: Option<CategoryRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(code).fetch_optional(p).await?
    });
    category_row(row.ok_or(StoreError::NotFound {
        entity: "report_category",
    })?)
}

/// Every state, in the order they are offered.
pub async fn states(db: &Db) -> StoreResult<Vec<StateDef>> {
    const SQL: &str =
        "SELECT code, grp, label_vi, label_en, external FROM report_state ORDER BY position, code";
    let rows: Vec<(String, String, String, String, String)> = on_pool!(db, p => {
        sqlx::query_as(SQL).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|(code, grp, label_vi, label_en, external)| {
            Ok(StateDef {
                group: StateGroup::parse(&grp).ok_or_else(|| corrupt("report_state", "grp"))?,
                code,
                label_vi,
                label_en,
                external,
            })
        })
        .collect()
}
