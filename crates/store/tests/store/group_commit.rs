//! Write transactions share commits on SQLite (see `motcua_store::group_commit`); on both
//! backends a transaction that is rolled back or abandoned must leave its neighbours intact.

use crate::harness::backend_test;
use motcua_store::{Db, Tx, now};

const INSERT: &str =
    "INSERT INTO job_run (name, slot, holder, started_at) VALUES ('group', $1, 'test', $2)";

async fn insert(tx: &mut Tx, slot: &str) -> Result<(), sqlx::Error> {
    match tx {
        Tx::Sqlite(c) => {
            sqlx::query(INSERT)
                .bind(slot)
                .bind(now())
                .execute(&mut **c)
                .await?;
        }
        Tx::Postgres(c) => {
            sqlx::query(INSERT)
                .bind(slot)
                .bind(now())
                .execute(&mut **c)
                .await?;
        }
    }
    Ok(())
}

async fn slots(db: &Db) -> Vec<String> {
    const SQL: &str = "SELECT slot FROM job_run WHERE name = 'group' ORDER BY slot";
    let mut v: Vec<String> = match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(SQL).fetch_all(p).await.unwrap(),
        Db::Postgres(p, _) => sqlx::query_scalar(SQL).fetch_all(p).await.unwrap(),
    };
    v.sort();
    v
}

/// How the i-th of the concurrent writers ends its transaction.
fn ending(i: usize) -> &'static str {
    ["rollback", "drop", "commit", "commit"][i % 4]
}

backend_test!(concurrent_writers_keep_exactly_the_committed_writes, |db| {
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            insert(&mut tx, &format!("{i:02}")).await.unwrap();
            match ending(i) {
                "rollback" => tx.rollback().await.unwrap(),
                "drop" => drop(tx),
                _ => tx.commit().await.unwrap(),
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let expected: Vec<String> = (0..40)
        .filter(|&i| ending(i) == "commit")
        .map(|i| format!("{i:02}"))
        .collect();
    assert_eq!(slots(&db).await, expected);
});

backend_test!(a_failed_statement_spoils_only_its_own_transaction, |db| {
    let mut first = db.begin().await.unwrap();
    insert(&mut first, "a").await.unwrap();
    first.commit().await.unwrap();
    // The same key again: the statement fails, its transaction is abandoned by `?`-style drop.
    let mut second = db.begin().await.unwrap();
    insert(&mut second, "b").await.unwrap();
    assert!(insert(&mut second, "a").await.is_err());
    drop(second);
    // The next writer is not held up by the abandoned one, and its own write is kept.
    let mut third = db.begin().await.unwrap();
    insert(&mut third, "c").await.unwrap();
    third.commit().await.unwrap();
    assert_eq!(slots(&db).await, ["a", "c"]);
});

backend_test!(a_committed_write_is_visible_to_readers_at_once, |db| {
    for i in 0..5 {
        let mut tx = db.begin().await.unwrap();
        insert(&mut tx, &format!("r{i}")).await.unwrap();
        tx.commit().await.unwrap();
        // Read through the pool, on another connection than the writer's.
        assert_eq!(slots(&db).await.len(), i + 1);
    }
});
