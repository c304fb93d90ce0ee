use crate::users::{create_user, new_user};
use motcua_domain::audit::ChainBreak;
use motcua_store::lanes::{self, Lanes};
use motcua_store::{AuditContext, Backend, Db, audit, users};
use motcua_test_support::backend_test;
use motcua_test_support::db::{exec, on_postgres};

/// The one lane a test's sequential writes went to (0 on SQLite, the server's starting lane on
/// PostgreSQL).
async fn only_lane(db: &Db) -> i32 {
    let heads = audit::heads(db).await.unwrap();
    assert_eq!(heads.len(), 1, "sequential writes keep to one lane");
    heads[0].lane
}

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
    let heads = audit::heads(&db).await.unwrap();
    assert_eq!(heads.iter().map(|h| h.seq).sum::<i64>(), 8);
    if db.backend() == Backend::Sqlite {
        assert_eq!(heads[0].lane, 0);
    }
});

/// On PostgreSQL, transactions open at the same time append to different lanes: neither waits
/// for the other's commit, and each lane is a chain of its own that verifies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_transactions_append_to_lanes_of_their_own_on_postgres() {
    on_postgres(|db| async move {
        create_user(&db, "first").await;
        let quiet = only_lane(&db).await;
        let mut a = db.begin().await.unwrap();
        let mut b = db.begin().await.unwrap();
        let mut c = db.begin().await.unwrap();
        assert_eq!(a.lane(), quiet, "a quiet server keeps to its lane");
        assert_ne!(a.lane(), b.lane());
        assert_ne!(b.lane(), c.lane());
        assert_ne!(a.lane(), c.lane());
        let ctx = AuditContext::system();
        // Appended in the reverse order of their opening, committed in yet another.
        users::create(&mut c, &ctx, new_user("c")).await.unwrap();
        users::create(&mut b, &ctx, new_user("b")).await.unwrap();
        users::create(&mut a, &ctx, new_user("a")).await.unwrap();
        b.commit().await.unwrap();
        a.commit().await.unwrap();
        c.commit().await.unwrap();
        let heads = audit::heads(&db).await.unwrap();
        assert_eq!(heads.len(), 3);
        let on_quiet = heads.iter().find(|h| h.lane == quiet).unwrap();
        assert_eq!(on_quiet.seq, 2, "chained onto the first user's entry");
        for h in heads.iter().filter(|h| h.lane != quiet) {
            assert_eq!(h.seq, 1);
            assert_eq!(h.prev_hash, motcua_domain::audit::GENESIS_HASH);
        }
        assert_eq!(audit::verify(&db).await.unwrap(), None);
    })
    .await;
}

/// Two servers that take the same lane take turns on it: the second begins only after the
/// first has committed, and chains onto its entry rather than forking the lane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_lane_take_turns_on_postgres() {
    on_postgres(|db| async move {
        let Db::Postgres(pool, _) = &db else {
            unreachable!("a PostgreSQL test");
        };
        let one = Db::Postgres(pool.clone(), Lanes::starting_at(5));
        let two = Db::Postgres(pool.clone(), Lanes::starting_at(5));
        let ctx = AuditContext::system();
        let mut a = one.begin().await.unwrap();
        users::create(&mut a, &ctx, new_user("a")).await.unwrap();
        let second = tokio::spawn(async move {
            let mut b = two.begin().await.unwrap();
            let lane = b.lane();
            users::create(&mut b, &AuditContext::system(), new_user("b"))
                .await
                .unwrap();
            b.commit().await.unwrap();
            lane
        });
        // The second server must be waiting for the lane's lock (an advisory lock, shown in
        // `pg_locks` as asked for and not granted), not running ahead.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            )
            .fetch_one(pool)
            .await
            .unwrap();
            if waiting > 0 {
                break;
            }
            assert!(
                !second.is_finished(),
                "the second server did not wait for the lane"
            );
            assert!(
                std::time::Instant::now() < deadline,
                "the second server never asked for the lane"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        a.commit().await.unwrap();
        assert_eq!(second.await.unwrap(), 5);
        let heads = audit::heads(&db).await.unwrap();
        assert_eq!(
            heads.iter().map(|h| (h.lane, h.seq)).collect::<Vec<_>>(),
            [(5, 2)]
        );
        assert_eq!(audit::verify(&db).await.unwrap(), None);
    })
    .await;
}

/// Servers sharing a database claim blocks of lanes of their own, so that they do not wait for
/// each other's lanes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_on_one_database_claim_blocks_of_their_own_on_postgres() {
    on_postgres(|db| async move {
        let Db::Postgres(pool, mine) = &db else {
            unreachable!("a PostgreSQL test");
        };
        let opts = pool.connect_options();
        let two = Lanes::claim(&opts).await;
        let three = Lanes::claim(&opts).await;
        let mut firsts = vec![mine.first(), two.first(), three.first()];
        assert!(firsts.iter().all(|f| f % lanes::BLOCK == 0), "{firsts:?}");
        firsts.sort_unstable();
        firsts.dedup();
        assert_eq!(firsts.len(), 3, "three servers, three blocks");
    })
    .await;
}

/// A break in a lane other than the first is found and named with its lane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_break_in_a_second_lane_is_found_on_postgres() {
    on_postgres(|db| async move {
        create_user(&db, "first").await;
        let quiet = only_lane(&db).await;
        let a = db.begin().await.unwrap();
        let mut b = db.begin().await.unwrap();
        let second = b.lane();
        users::create(&mut b, &AuditContext::system(), new_user("b"))
            .await
            .unwrap();
        b.commit().await.unwrap();
        a.rollback().await.unwrap();
        assert_ne!(quiet, second);
        exec(&db, "DROP TRIGGER audit_log_no_update ON audit_log")
            .await
            .unwrap();
        let edit = format!("UPDATE audit_log SET ip = '10.0.0.66' WHERE lane = {second}");
        assert_eq!(exec(&db, &edit).await.unwrap(), 1);
        assert_eq!(
            audit::verify(&db).await.unwrap(),
            Some(ChainBreak::Edited {
                lane: second,
                seq: 1
            })
        );
    })
    .await;
}

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
        Some(ChainBreak::Edited {
            lane: only_lane(&db).await,
            seq: 3
        })
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
        Some(ChainBreak::Deleted {
            lane: only_lane(&db).await,
            after_seq: Some(3)
        })
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
        "INSERT INTO audit_log (lane, seq, at, actor_user_id, action, entity_type, entity_id, \
         ip, before_digest, after_digest, prev_hash, entry_hash) \
         SELECT lane, 3, at, NULL, 'user.create', 'user', 'ghost', NULL, NULL, NULL, entry_hash, \
         'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0' \
         FROM audit_log WHERE seq = 2",
    )
    .await
    .unwrap();
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        Some(ChainBreak::Inserted {
            lane: only_lane(&db).await,
            seq: 3
        })
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

/// Records `action` on the test entity `id`.
async fn entry(tx: &mut motcua_store::Tx, action: &str, id: &str) {
    let ctx = AuditContext::system();
    audit::record(tx, &ctx, action, "test", id, None::<&()>, None::<&()>)
        .await
        .unwrap();
}

/// How the i-th writer of the test below goes: whether a fetch comes before its first entry
/// (on SQLite the chain's head then comes with that fetch), and whether it commits.
fn chained_writer(i: usize) -> (bool, bool) {
    (i.is_multiple_of(2), !i.is_multiple_of(3))
}

backend_test!(entries_written_around_fetches_chain_without_forks, |db| {
    let mut tasks = Vec::new();
    for i in 0..30 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let (fetch_first, commit) = chained_writer(i);
            let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
            let mut tx = db.begin().await.unwrap();
            if fetch_first {
                motcua_store::dossiers::next_sequence(&mut tx, "T", day)
                    .await
                    .unwrap();
            }
            let id = i.to_string();
            entry(&mut tx, "test.one", &id).await;
            if !fetch_first {
                motcua_store::dossiers::next_sequence(&mut tx, "T", day)
                    .await
                    .unwrap();
            }
            entry(&mut tx, "test.two", &id).await;
            if commit {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(audit::verify(&db).await.unwrap(), None);
    let committed = (0..30).filter(|&i| chained_writer(i).1).count();
    let heads = audit::heads(&db).await.unwrap();
    assert_eq!(
        heads.iter().map(|h| h.seq).sum::<i64>(),
        i64::try_from(2 * committed).unwrap()
    );
    for i in (0..30).filter(|&i| chained_writer(i).1) {
        let entries = audit::for_entity(&db, "test", &i.to_string())
            .await
            .unwrap();
        let actions: Vec<_> = entries.iter().map(|e| e.entry.action.as_str()).collect();
        assert_eq!(actions, ["test.one", "test.two"]);
    }
});
