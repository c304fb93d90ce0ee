//! The two migration folders must describe the same schema: same tables, same columns, same
//! nullability, equivalent types, same explicit indexes. Runs when PostgreSQL is available.

use std::collections::BTreeMap;

use motcua_store::Db;
use motcua_test_support::db::{on_postgres, on_sqlite};
use sqlx::Row;

/// Objects that exist on one backend only, on purpose (see `src/dialect.rs`): the SQLite FTS5
/// table with its shadow tables, and the PostgreSQL GIN index that plays the same part.
const SQLITE_ONLY_TABLE_PREFIX: &str = "procedure_search";
const POSTGRES_ONLY_INDEXES: &[&str] = &["procedure_version_search_idx"];

/// table → column → (normalised type, nullable)
type Schema = BTreeMap<String, BTreeMap<String, (String, bool)>>;

fn normalise(raw: &str) -> String {
    match raw.to_ascii_lowercase().as_str() {
        "text" => "text".into(),
        "bigint" | "integer" | "int8" => "integer".into(),
        "boolean" => "boolean".into(),
        "datetime" | "timestamp with time zone" => "timestamp".into(),
        "date" => "date".into(),
        "double precision" => "double".into(),
        "blob" | "bytea" => "bytes".into(),
        other => format!("unknown type «{other}»"),
    }
}

async fn introspect(db: &Db) -> (Schema, Vec<String>) {
    let mut schema = Schema::new();
    let mut indexes: Vec<String>;
    match db {
        Db::Sqlite(p, _) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
            )
            .fetch_all(p)
            .await
            .unwrap();
            for t in tables
                .into_iter()
                .filter(|t| !t.starts_with(SQLITE_ONLY_TABLE_PREFIX))
            {
                let cols = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info({t})")))
                    .fetch_all(p)
                    .await
                    .unwrap();
                let entry = schema.entry(t).or_default();
                for c in cols {
                    let name: String = c.get("name");
                    let ty: String = c.get("type");
                    let notnull: i64 = c.get("notnull");
                    entry.insert(name, (normalise(&ty), notnull == 0));
                }
            }
            indexes = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'index' \
                 AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
            )
            .fetch_all(p)
            .await
            .unwrap();
        }
        Db::Postgres(p, _) => {
            let rows = sqlx::query(
                "SELECT table_name, column_name, data_type, is_nullable \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name, ordinal_position",
            )
            .fetch_all(p)
            .await
            .unwrap();
            for r in rows {
                let t: String = r.get("table_name");
                let c: String = r.get("column_name");
                let ty: String = r.get("data_type");
                let nullable: String = r.get("is_nullable");
                schema
                    .entry(t)
                    .or_default()
                    .insert(c, (normalise(&ty), nullable == "YES"));
            }
            indexes = sqlx::query_scalar(
                "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' \
                 AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname",
            )
            .fetch_all(p)
            .await
            .unwrap();
            indexes.retain(|i: &String| !POSTGRES_ONLY_INDEXES.contains(&i.as_str()));
        }
    }
    (schema, indexes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_schemas_agree() {
    if motcua_test_support::postgres_or_skip().is_none() {
        return;
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let tx2 = tx.clone();
    on_sqlite(|db| async move { tx.send(introspect(&db).await).unwrap() }).await;
    on_postgres(|db| async move { tx2.send(introspect(&db).await).unwrap() }).await;
    let (lite, lite_idx) = rx.recv().await.unwrap();
    let (pg, pg_idx) = rx.recv().await.unwrap();

    assert!(
        lite.len() >= 12,
        "expected the full schema, got {:?}",
        lite.keys()
    );
    assert_eq!(
        lite.keys().collect::<Vec<_>>(),
        pg.keys().collect::<Vec<_>>(),
        "tables differ"
    );
    for (table, cols) in &lite {
        assert_eq!(
            cols, &pg[table],
            "columns of {table} differ (sqlite left, postgres right)"
        );
        for (col, (ty, _)) in cols {
            assert!(!ty.starts_with("unknown"), "{table}.{col}: {ty}");
        }
    }
    assert_eq!(lite_idx, pg_idx, "indexes differ");
}
