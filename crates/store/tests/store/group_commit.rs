//! Write transactions share commits on SQLite (see `motcua_store::group_commit`); on both
//! backends a transaction that is rolled back or abandoned must leave its neighbours intact.

use motcua_store::{Db, Tx, now};
use motcua_test_support::backend_test;

const INSERT: &str =
    "INSERT INTO job_run (name, slot, holder, started_at) VALUES ('group', $1, 'test', $2)";

async fn insert(tx: &mut Tx, slot: &str) -> Result<(), sqlx::Error> {
    match tx {
        Tx::Sqlite(c) => {
            let conn = c.conn().await.expect("the queued statements are sent");
            sqlx::query(INSERT)
                .bind(slot)
                .bind(now())
                .execute(conn)
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

/// Queues the insert of `slot` on SQLite's writer (see `motcua_store::group_commit`): it is
/// sent with the transaction's next statement or its commit.
fn queue_insert(tx: &mut Tx, slot: &str) {
    let Tx::Sqlite(t) = tx else {
        panic!("queued statements are SQLite's");
    };
    t.queue(INSERT)
        .bind(slot.to_owned())
        .bind(now())
        .done()
        .unwrap();
}

/// How the i-th of the concurrent queueing writers ends: a duplicate slot makes its queued
/// writes fail when they are sent.
fn queued_ending(i: usize) -> &'static str {
    [
        "commit",
        "rollback",
        "duplicate",
        "drop",
        "commit",
        "read then commit",
    ][i % 6]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_writes_are_kept_exactly_when_their_transaction_commits() {
    motcua_test_support::db::on_sqlite(|db| async move {
        let mut first = db.begin().await.unwrap();
        insert(&mut first, "taken").await.unwrap();
        first.commit().await.unwrap();

        let mut tasks = Vec::new();
        for i in 0..60 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                queue_insert(&mut tx, &format!("{i:02}"));
                queue_insert(&mut tx, &format!("{i:02}b"));
                match queued_ending(i) {
                    "rollback" => tx.rollback().await.unwrap(),
                    "drop" => drop(tx),
                    "duplicate" => {
                        queue_insert(&mut tx, "taken");
                        let err = tx.commit().await.unwrap_err();
                        assert!(err.to_string().contains("UNIQUE"), "{err}");
                    }
                    "read then commit" => {
                        // A statement run directly sends the queued ones first, in order.
                        let Tx::Sqlite(t) = &mut tx else {
                            unreachable!()
                        };
                        let mine: i64 = sqlx::query_scalar(
                            "SELECT count(*) FROM job_run WHERE name = 'group' AND slot LIKE $1",
                        )
                        .bind(format!("{i:02}%"))
                        .fetch_one(t.conn().await.unwrap())
                        .await
                        .unwrap();
                        assert_eq!(mine, 2);
                        tx.commit().await.unwrap();
                    }
                    _ => tx.commit().await.unwrap(),
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let mut expected: Vec<String> = (0..60)
            .filter(|&i| queued_ending(i).ends_with("commit"))
            .flat_map(|i| [format!("{i:02}"), format!("{i:02}b")])
            .collect();
        expected.push("taken".into());
        expected.sort();
        assert_eq!(slots(&db).await, expected);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fetched_row_sees_the_writes_queued_before_it() {
    motcua_test_support::db::on_sqlite(|db| async move {
        let mut tx = db.begin().await.unwrap();
        queue_insert(&mut tx, "x");
        queue_insert(&mut tx, "y");
        let Tx::Sqlite(t) = &mut tx else {
            unreachable!()
        };
        t.queue("SELECT count(*) FROM job_run WHERE name = 'group' AND slot IN ($1, $2)")
            .bind("x")
            .bind("y")
            .done()
            .unwrap();
        let rows = t.fetch_queued().await.unwrap();
        assert_eq!(rows.len(), 1, "the inserts yield no rows, the count one");
        assert_eq!(sqlx::Row::get::<i64, _>(&rows[0], 0), 2);
        // Not committed yet: a reader on another connection sees none of it.
        assert!(slots(&db).await.is_empty());
        tx.commit().await.unwrap();
        assert_eq!(slots(&db).await, ["x", "y"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_missing_an_argument_is_never_sent() {
    motcua_test_support::db::on_sqlite(|db| async move {
        let mut tx = db.begin().await.unwrap();
        queue_insert(&mut tx, "kept?");
        let Tx::Sqlite(t) = &mut tx else {
            unreachable!()
        };
        let err = t.queue(INSERT).bind("only the slot").done().unwrap_err();
        assert!(
            err.to_string().contains("2 parameters, 1 arguments"),
            "{err}"
        );
        assert!(tx.commit().await.is_err());
        assert!(slots(&db).await.is_empty());
        // The writer goes on.
        let mut next = db.begin().await.unwrap();
        queue_insert(&mut next, "after");
        next.commit().await.unwrap();
        assert_eq!(slots(&db).await, ["after"]);
    })
    .await;
}
