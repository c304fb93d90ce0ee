//! Files, keys, signed audit checkpoints, backup and restore, as an operator and an inspector
//! meet them.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use motcua_domain::account::Login;
use motcua_domain::audit::{AuditEntry, entry_hash};
use motcua_store::users::{self, NewUser};
use motcua_store::{AuditContext, Db};
use motcua_test_support::cli::{Site, assert_ok, assert_refused, err, out};
use sqlx::Connection;

use crate::{BIN, sites, sqlite_site};

/// One runtime for the whole test binary: a database pool lives on the runtime that opened it,
/// and would hang if used from another once that one is gone.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
    std::sync::LazyLock::new(|| tokio::runtime::Runtime::new().expect("runtime"));

fn runtime() -> &'static tokio::runtime::Runtime {
    &RUNTIME
}

/// The site's database, opened on [`runtime`].
fn open(site: &Site) -> Db {
    std::fs::create_dir_all(&site.data).expect("a data folder");
    runtime()
        .block_on(Db::connect_and_migrate(&site.url()))
        .expect("opens")
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
fn chmod(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

/// Creates `n` accounts (each an audited write) through the store, from `from` on.
fn write_users(db: &Db, from: u64, n: u64) {
    runtime().block_on(async {
        for i in from..from + n {
            create_user(db, i).await;
        }
    });
}

async fn create_user(db: &Db, i: u64) {
    let mut tx = db.begin().await.expect("begins");
    users::create(
        &mut tx,
        &AuditContext::system(),
        NewUser {
            login: Login::parse(&format!("ghi{i:06}")).expect("a login"),
            full_name: format!("Người ghi {i}"),
            email: None,
            password_hash: "x".into(),
            unit: None,
        },
    )
    .await
    .expect("creates");
    tx.commit().await.expect("commits");
}

/// The intruder's first step: the database's own guard against deletions goes.
fn drop_guards(site: &Site) -> String {
    if site.is_postgres() {
        "ALTER TABLE audit_log DISABLE TRIGGER USER".into()
    } else {
        "DROP TRIGGER IF EXISTS audit_log_no_delete".into()
    }
}

/// The lane holding the most entries and its head.
fn busiest_head(db: &Db) -> motcua_domain::audit::AuditRecord {
    runtime()
        .block_on(motcua_store::audit::heads(db))
        .unwrap()
        .into_iter()
        .max_by_key(|h| h.seq)
        .expect("a head")
}

/// Appends, as an intruder, an entry with a correct hash after `prev` in its lane.
fn append_forged(site: &Site, prev: &motcua_domain::audit::AuditRecord) {
    let entry = AuditEntry {
        at: prev.entry.at + chrono::Duration::seconds(1),
        actor: None,
        action: "user.create".into(),
        entity_type: "user".into(),
        entity_id: "gia-mao".into(),
        ip: None,
        before_digest: None,
        after_digest: None,
    };
    let hash = entry_hash(&prev.entry_hash, &entry);
    let (lane, seq) = (prev.lane, prev.seq + 1);
    runtime().block_on(async {
        let sql = "INSERT INTO audit_log (lane, seq, at, actor_user_id, action, entity_type, \
                   entity_id, ip, before_digest, after_digest, prev_hash, entry_hash) \
                   VALUES ($1, $2, $3, NULL, $4, $5, $6, NULL, NULL, NULL, $7, $8)";
        macro_rules! insert {
            ($c:expr) => {
                sqlx::query(sql)
                    .bind(lane)
                    .bind(seq)
                    .bind(entry.at)
                    .bind(&entry.action)
                    .bind(&entry.entity_type)
                    .bind(&entry.entity_id)
                    .bind(&prev.entry_hash)
                    .bind(&hash)
                    .execute($c)
                    .await
                    .expect("inserts")
            };
        }
        if site.is_postgres() {
            let mut c = sqlx::PgConnection::connect(&site.url()).await.unwrap();
            insert!(&mut c);
        } else {
            let mut c = sqlx::SqliteConnection::connect(&site.url()).await.unwrap();
            insert!(&mut c);
        }
    });
}

/// `motcua audit head`: the path of the checkpoint it wrote.
fn audit_head(site: &Site, extra: &[&str]) -> PathBuf {
    let mut args = vec!["audit", "head"];
    args.extend_from_slice(extra);
    let o = site.run(&args);
    assert_ok(&o);
    assert!(out(&o).contains("motcua-audit-checkpoint/1"), "{}", out(&o));
    let line = err(&o);
    let path = line
        .split("checkpoint signed and written: ")
        .nth(1)
        .and_then(|s| s.lines().next())
        .expect("the path is printed");
    PathBuf::from(path.trim())
}

fn verify_with(site: &Site, checkpoint: &Path) -> Output {
    site.run(&[
        "audit",
        "verify",
        "--checkpoint",
        checkpoint.to_str().unwrap(),
    ])
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_the_database_files_are_private_and_old_open_ones_are_closed() {
    let site = sqlite_site();
    let server = site.serve(&[]);
    let db_file = site.data.join("motcua.sqlite3");
    assert_eq!(mode(&site.data), 0o700);
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db_file.display()));
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    server.stop();

    // A data folder left open by an earlier version is closed, and the operator is told.
    chmod(&site.data, 0o755);
    chmod(&db_file, 0o644);
    let notify = site.data.join("notify.toml");
    std::fs::write(&notify, "# SMTP password would be here\n").unwrap();
    chmod(&notify, 0o644);
    let o = site.run(&["migrate"]);
    assert_ok(&o);
    assert!(err(&o).contains("was open to others"), "{}", err(&o));
    assert_eq!(mode(&site.data), 0o700);
    assert_eq!(mode(&db_file), 0o600);
    assert_eq!(mode(&notify), 0o600);
}

#[cfg(unix)]
#[test]
fn keys_live_outside_the_data_folder_and_an_exposed_or_misplaced_key_is_refused() {
    let site = sqlite_site();
    let server = site.serve(&[]);
    server.stop();
    let keys = site.keys();
    assert!(keys.join("identity-keys.toml").is_file());
    assert!(keys.join("audit-checkpoint-key.toml").is_file());
    assert!(
        !site.data.join("keys").exists(),
        "nothing secret in the data folder"
    );
    assert_eq!(mode(&keys), 0o700);
    assert_eq!(mode(&keys.join("identity-keys.toml")), 0o600);
    assert_eq!(mode(&keys.join("audit-checkpoint-key.toml")), 0o600);

    // A keys folder inside the data folder is refused.
    let inside = site.data.join("k");
    let o = site.run(&["serve", "--keys", inside.to_str().unwrap()]);
    assert_refused(&o, "must not live inside the data folder");

    // A key file readable by the group is refused, for either key.
    chmod(&keys.join("identity-keys.toml"), 0o640);
    assert_refused(
        &site.run(&["serve", "--listen", "127.0.0.1:0"]),
        "vault_keyring_exposed",
    );
    chmod(&keys.join("identity-keys.toml"), 0o600);
    chmod(&keys.join("audit-checkpoint-key.toml"), 0o644);
    assert_refused(
        &site.run(&["serve", "--listen", "127.0.0.1:0"]),
        "audit_key_exposed",
    );
    chmod(&keys.join("audit-checkpoint-key.toml"), 0o600);

    // A key file at the old place inside the data folder stops every command that uses keys,
    // with the command that moves it.
    std::fs::create_dir_all(site.data.join("keys")).unwrap();
    std::fs::copy(
        keys.join("identity-keys.toml"),
        site.data.join("keys").join("identity-keys.toml"),
    )
    .unwrap();
    let o = site.run(&["identity-keys", "status"]);
    assert_refused(&o, "mv ");
    assert!(err(&o).contains("is inside the data folder"), "{}", err(&o));
    assert_refused(&site.run(&["serve", "--listen", "127.0.0.1:0"]), "mv ");
}

#[test]
fn a_signed_checkpoint_detects_entries_cut_from_the_end() {
    for site in sites() {
        let db = open(&site);
        write_users(&db, 0, 6);
        let checkpoint = audit_head(&site, &[]);
        assert_ok(&verify_with(&site, &checkpoint));
        let head = busiest_head(&db);
        runtime().block_on(db.close());

        site.execute(&[
            drop_guards(&site),
            format!(
                "DELETE FROM audit_log WHERE lane = {} AND seq > {}",
                head.lane,
                head.seq - 2
            ),
        ]);
        // The chain alone cannot see it: what is left is a clean chain.
        assert_ok(&site.run(&["audit", "verify"]));
        let o = verify_with(&site, &checkpoint);
        assert_refused(&o, "are missing");
        assert!(
            err(&o).contains(&format!(
                "lane {}: entries {}..{}",
                head.lane,
                head.seq - 1,
                head.seq
            )),
            "{}",
            err(&o)
        );
    }
}

#[test]
fn a_correctly_hashed_forgery_is_caught_in_the_signed_prefix_and_reported_after_it() {
    for site in sites() {
        let db = open(&site);
        write_users(&db, 0, 4);
        let checkpoint = audit_head(&site, &[]);
        let head = busiest_head(&db);

        // Appended after the checkpoint: chained, so the chain passes, and the checkpoint says
        // it does not cover it.
        append_forged(&site, &head);
        assert_ok(&site.run(&["audit", "verify"]));
        let o = verify_with(&site, &checkpoint);
        assert_ok(&o);
        assert!(
            out(&o).contains(&format!(
                "lane {}: entries 1..{} are as signed; 1 later entries are chained but not covered",
                head.lane, head.seq
            )),
            "{}",
            out(&o)
        );

        // The signed head replaced by a forgery with a correct hash: the chain still passes,
        // the checkpoint does not.
        let before = runtime()
            .block_on(motcua_store::audit::entry_at(&db, head.lane, head.seq - 1))
            .unwrap()
            .expect("the entry before the head");
        runtime().block_on(db.close());
        site.execute(&[
            drop_guards(&site),
            format!(
                "DELETE FROM audit_log WHERE lane = {} AND seq >= {}",
                head.lane, head.seq
            ),
        ]);
        append_forged(&site, &before);
        assert_ok(&site.run(&["audit", "verify"]));
        let o = verify_with(&site, &checkpoint);
        assert_refused(
            &o,
            &format!(
                "lane {}: entry {} is not the one signed",
                head.lane, head.seq
            ),
        );
    }
}

#[test]
fn an_altered_checkpoint_or_one_checked_with_another_key_is_refused() {
    for site in sites() {
        let db = open(&site);
        write_users(&db, 0, 3);
        runtime().block_on(db.close());
        let checkpoint = audit_head(&site, &[]);
        let text = std::fs::read_to_string(&checkpoint).unwrap();
        let head: serde_json::Value = serde_json::from_str(&text).unwrap();
        let seq = head["checkpoint"]["lanes"][0]["seq"].as_i64().unwrap();
        let altered = site.root.join("altered.json");
        std::fs::write(
            &altered,
            text.replacen(
                &format!("\"seq\": {seq}"),
                &format!("\"seq\": {}", seq - 1),
                1,
            ),
        )
        .unwrap();
        assert_refused(
            &verify_with(&site, &altered),
            "audit_checkpoint_bad_signature",
        );

        // A second keys folder: its own signing key, its own public key.
        let other = site.root.join("other-keys");
        let mine = audit_head(&site, &["--keys", other.to_str().unwrap()]);
        let o = site.run(&[
            "audit",
            "verify",
            "--checkpoint",
            mine.to_str().unwrap(),
            "--public-key",
            site.keys()
                .join("audit-checkpoint-key.pub")
                .to_str()
                .unwrap(),
        ]);
        assert_refused(&o, "audit_checkpoint_wrong_key");
        // …and the inspector's own public key accepts the genuine one.
        let o = site.run(&[
            "audit",
            "verify",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
            "--public-key",
            site.keys()
                .join("audit-checkpoint-key.pub")
                .to_str()
                .unwrap(),
        ]);
        assert_ok(&o);
        assert!(out(&o).contains("signature valid"), "{}", out(&o));
    }
}

#[test]
fn the_server_signs_a_checkpoint_by_itself() {
    for site in sites() {
        let server = site.serve(&[]);
        let dir = site.keys().join("checkpoints");
        let started = Instant::now();
        let file = loop {
            let found = std::fs::read_dir(&dir).ok().and_then(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|x| x == "json"))
            });
            if let Some(f) = found {
                break f;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no checkpoint in {}",
                dir.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        server.stop();
        let o = verify_with(&site, &file);
        assert_ok(&o);
        assert!(out(&o).contains("signature valid"), "{}", out(&o));
    }
}

/// Backup under write load: every write acknowledged before the backup began is in the
/// restored copy, whose audit log verifies clean.
#[test]
fn a_backup_taken_under_write_load_restores_every_acknowledged_write() {
    for site in sites() {
        let db = open(&site);
        write_users(&db, 0, 5);
        let acked = Arc::new(AtomicU64::new(5));
        let done = Arc::new(AtomicBool::new(false));
        let writer = {
            let (acked, done, db) = (Arc::clone(&acked), Arc::clone(&done), db.clone());
            std::thread::spawn(move || {
                runtime().block_on(async {
                    let mut i = 5;
                    while !done.load(Ordering::SeqCst) {
                        create_user(&db, i).await;
                        i += 1;
                        // Only after the commit returned is the write acknowledged.
                        acked.store(i, Ordering::SeqCst);
                    }
                });
            })
        };
        while acked.load(Ordering::SeqCst) < 30 {
            std::thread::sleep(Duration::from_millis(10));
        }
        let before_backup = acked.load(Ordering::SeqCst);
        let backup_dir = site.root.join("backup");
        let o = site.run(&["backup", "--to", backup_dir.to_str().unwrap()]);
        let during = acked.load(Ordering::SeqCst);
        done.store(true, Ordering::SeqCst);
        writer.join().expect("the writer ends");
        runtime().block_on(db.close());
        assert_ok(&o);
        assert!(
            out(&o).contains("does NOT hold the keys"),
            "the keys reminder: {}",
            out(&o)
        );
        assert!(backup_dir.join("manifest.json").is_file());
        assert!(
            during > before_backup,
            "writes went on while the backup ran ({before_backup} → {during})"
        );

        // Refused: a non-empty backup folder, a non-empty restore target.
        assert_refused(
            &site.run(&["backup", "--to", backup_dir.to_str().unwrap()]),
            "is not empty",
        );
        let restore_root = site.root.join("restored");
        let restored_data = restore_root.join("data");
        std::fs::create_dir_all(&restored_data).unwrap();
        std::fs::write(restored_data.join("x"), "x").unwrap();
        let refused = motcua_test_support::cli::run(
            BIN,
            &[
                "restore".into(),
                "--from".into(),
                backup_dir.display().to_string(),
                "--data".into(),
                restored_data.display().to_string(),
            ],
        );
        assert_refused(&refused, "is not empty");
        std::fs::remove_file(restored_data.join("x")).unwrap();

        let restored = site.another_at(restore_root);
        let mut args = vec![
            "restore".to_owned(),
            "--from".into(),
            backup_dir.display().to_string(),
        ];
        args.extend(restored.args(&[]));
        let o = motcua_test_support::cli::run(BIN, &args);
        assert_ok(&o);
        assert!(out(&o).contains("audit log intact"), "{}", out(&o));
        assert_ok(&restored.run(&["audit", "verify"]));

        let db = open(&restored);
        let logins: std::collections::HashSet<String> = runtime()
            .block_on(users::list_all(&db))
            .unwrap()
            .into_iter()
            .map(|u| u.login.as_str().to_owned())
            .collect();
        runtime().block_on(db.close());
        for i in 0..before_backup {
            assert!(
                logins.contains(&format!("ghi{i:06}")),
                "write {i}, acknowledged before the backup began, is missing"
            );
        }
    }
}
