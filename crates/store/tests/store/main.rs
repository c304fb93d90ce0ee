//! Storage integration tests: one binary, every test on SQLite (a temporary file) and, when
//! `MOTCUA_TEST_POSTGRES_URL` is set, on PostgreSQL (a fresh database per test, dropped after).

mod audit;
mod cache;
mod dossiers;
mod group_commit;
mod leases;
mod outbox;
mod parity;
mod petitions;
mod procedures;
mod sessions;
mod tokens;
mod units;
mod users;

/// An in-memory SQLite database is one connection; the store must not open several empty ones.
#[tokio::test]
async fn an_in_memory_database_keeps_its_schema() {
    let db = motcua_store::Db::connect_and_migrate("sqlite::memory:")
        .await
        .unwrap();
    users::create_user(&db, "mem").await;
    assert_eq!(motcua_store::users::list_all(&db).await.unwrap().len(), 1);
    db.ping().await.unwrap();
}

#[tokio::test]
async fn unsupported_urls_are_refused_without_leaking_passwords() {
    let err = motcua_store::Db::connect("mysql://root:hunter2@localhost/db")
        .await
        .unwrap_err();
    assert!(matches!(err, motcua_store::StoreError::UnsupportedUrl(_)));
    assert!(!err.to_string().contains("hunter2"));
    assert!(err.message_vi().contains("sự cố"));
}
