use crate::harness::{backend_test, exec};
use crate::users::create_user;
use motcua_domain::audit::ChainBreak;
use motcua_store::{Backend, Db, audit};

backend_test!(writes_leave_a_verifiable_chain, |db| {
    let u = create_user(&db, "a1").await;
    create_user(&db, "a2").await;
    let entries = audit::for_entity(&db, "user", &u.id.to_string())
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entry.action, "user.create");
    assert!(entries[0].entry.after_digest.is_some());
    assert_eq!(audit::verify(&db).await.unwrap(), None);
});

backend_test!(concurrent_writers_chain_without_forks, |db| {
    let mut tasks = Vec::new();
    for i in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            create_user(&db, &format!("c{i}")).await
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(audit::verify(&db).await.unwrap(), None);
    assert_eq!(audit::head(&db).await.unwrap().unwrap().seq, 8);
});

/// Six entries (seq 1..=6), then the append-only triggers are dropped, as an intruder with
/// full database rights could.
async fn chain_without_guards(db: &Db) {
    for i in 0..6 {
        create_user(db, &format!("t{i}")).await;
    }
    assert_eq!(audit::verify(db).await.unwrap(), None);
    match db.backend() {
        Backend::Sqlite => {
            exec(db, "DROP TRIGGER audit_log_no_update").await.unwrap();
            exec(db, "DROP TRIGGER audit_log_no_delete").await.unwrap();
        }
        Backend::Postgres => {
            exec(db, "DROP TRIGGER audit_log_no_update ON audit_log")
                .await
                .unwrap();
            exec(db, "DROP TRIGGER audit_log_no_delete ON audit_log")
                .await
                .unwrap();
        }
    }
}

backend_test!(the_database_refuses_to_change_the_log, |db| {
    create_user(&db, "g").await;
    assert!(
        exec(&db, "UPDATE audit_log SET action = 'x' WHERE seq = 1")
            .await
            .is_err()
    );
    assert!(
        exec(&db, "DELETE FROM audit_log WHERE seq = 1")
            .await
            .is_err()
    );
    assert_eq!(audit::verify(&db).await.unwrap(), None);
});

backend_test!(an_edited_entry_is_found, |db| {
    chain_without_guards(&db).await;
    assert_eq!(
        exec(&db, "UPDATE audit_log SET ip = '10.0.0.66' WHERE seq = 3")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        Some(ChainBreak::Edited { seq: 3 })
    );
});

backend_test!(a_deleted_entry_is_found, |db| {
    chain_without_guards(&db).await;
    assert_eq!(
        exec(&db, "DELETE FROM audit_log WHERE seq = 4")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        Some(ChainBreak::Deleted { after_seq: Some(3) })
    );
});

backend_test!(an_inserted_entry_is_found, |db| {
    chain_without_guards(&db).await;
    // Make room at seq 3 (two steps, so the primary key never collides), then forge an entry
    // that claims to follow entry 2.
    exec(&db, "UPDATE audit_log SET seq = -seq WHERE seq >= 3")
        .await
        .unwrap();
    exec(&db, "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0")
        .await
        .unwrap();
    exec(
        &db,
        "INSERT INTO audit_log (seq, at, actor_user_id, action, entity_type, entity_id, ip, \
         before_digest, after_digest, prev_hash, entry_hash) \
         SELECT 3, at, NULL, 'user.create', 'user', 'ghost', NULL, NULL, NULL, entry_hash, \
         'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0' \
         FROM audit_log WHERE seq = 2",
    )
    .await
    .unwrap();
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        Some(ChainBreak::Inserted { seq: 3 })
    );
});

backend_test!(views_of_personal_data_are_recorded, |db| {
    let u = create_user(&db, "seen").await;
    let viewer = create_user(&db, "viewer").await;
    let ctx = motcua_store::AuditContext::user(viewer.id, Some("192.0.2.7".into()));
    let rec = audit::record_view(&db, &ctx, "user", &u.id.to_string(), "profile")
        .await
        .unwrap();
    assert_eq!(rec.entry.action, "user.view");
    assert_eq!(rec.entry.actor, Some(viewer.id));
    assert_eq!(rec.entry.ip.as_deref(), Some("192.0.2.7"));
    let log = audit::for_entity(&db, "user", &u.id.to_string())
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .map(|r| r.entry.action.as_str())
            .collect::<Vec<_>>(),
        ["user.create", "user.view"]
    );
    assert_eq!(audit::verify(&db).await.unwrap(), None);
});
