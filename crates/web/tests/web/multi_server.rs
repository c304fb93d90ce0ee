//! Two servers on one database behave as one system: sessions are shared, and a scheduled job
//! runs exactly once per slot.

use std::time::Duration;

use motcua_store::Db;

use crate::helpers::*;
use motcua_test_support::backend_test;

async fn count(db: &Db, sql: &'static str, name: &str) -> i64 {
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql)
            .bind(name)
            .fetch_one(p)
            .await
            .unwrap(),
        Db::Postgres(p, _) => sqlx::query_scalar(sql)
            .bind(name)
            .fetch_one(p)
            .await
            .unwrap(),
    }
}

backend_test! {
    async fn a_session_made_on_one_server_is_valid_on_the_other(backend: Backend) {
        // Arrange: two servers on one database
        let one = TestApp::spawn(backend).await;
        let two = TestApp::start(test_config(one.database_url.clone())).await;
        one.create_user("can.bo", &[]).await;
        // Act: log in on server one, then use the cookie on server two
        let r = one.post_login(&one.client, "can.bo", PASSWORD).await;
        let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let page = two
            .new_client()
            .get(two.url("/account/password"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(page.status(), 200);
        let csrf = extract_csrf(&page.text().await.unwrap()).unwrap();
        // and a logout on server two ends it on server one
        let out = two
            .new_client()
            .post(two.url("/logout"))
            .header("cookie", &cookie)
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
        let after = one
            .new_client()
            .get(one.url("/account/password"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 401);
    }

    async fn a_scheduled_job_slot_is_claimed_with_two_servers_running(backend: Backend) {
        // Arrange: two servers ticking fast within one hour-long slot (not near its end).
        let secs_into_slot = chrono::Utc::now().timestamp().rem_euclid(3600);
        if secs_into_slot > 3590 {
            tokio::time::sleep(Duration::from_secs(12)).await;
        }
        let url = case_database_url(backend).await;
        let with_jobs = |url: String| {
            let mut c = test_config(url);
            c.jobs.enabled = true;
            c.jobs.tick = Duration::from_millis(25);
            c.jobs.slot = Duration::from_secs(3600);
            c
        };
        let one = TestApp::start(with_jobs(url.clone())).await;
        // Act: the second server joins; both try to claim the slot's run every 25 ms.
        let two = TestApp::start(with_jobs(url.clone())).await;
        // Assert: the slot's run is claimed. That no second server also ran it cannot show
        // here: `job_run`'s primary key (name, slot) allows one row whatever the servers do,
        // and the purge leaves nothing to count twice. Store `leases::a_job_slot_runs_exactly_once`
        // races six claimants and asserts one wins, where a broken claim would fail.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while count(&one.db, "SELECT COUNT(*) FROM job_run WHERE name = $1", "purge-expired-sessions").await == 0 {
            assert!(std::time::Instant::now() < deadline, "the slot's run was never claimed");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        one.stop().await;
        two.stop().await;
    }

    async fn the_job_purges_expired_sessions(backend: Backend) {
        // Arrange: a session that has gone idle
        let app = TestApp::spawn_with(backend, |c| c.session_idle_timeout = Duration::from_secs(1)).await;
        app.create_user("can.bo", &[]).await;
        app.login(&app.client, "can.bo").await;
        app.idle_sessions_for(Duration::from_secs(2)).await;
        // Act: a server with jobs on, in a new slot
        let mut c = test_config(app.database_url.clone());
        c.jobs.enabled = true;
        c.jobs.tick = Duration::from_millis(25);
        c.jobs.slot = Duration::from_secs(1);
        c.session_idle_timeout = Duration::from_secs(1);
        let worker = TestApp::start(c).await;
        // Assert: the session is gone within a few of the worker's ticks
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = count(&app.db, "SELECT COUNT(*) FROM session WHERE token_hash <> $1", "").await;
            if left == 0 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{left} expired sessions left");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        worker.stop().await;
    }
}

backend_test! {
    async fn a_catalogue_correction_made_elsewhere_reaches_every_servers_next_api_call(backend: Backend) {
        use crate::dossier_fixtures::{MARRIAGE, World, desk_intake, intake, vn_today};
        use motcua_domain::procedure::ProcedureCode;
        use motcua_store::{AuditContext, procedures};

        // Arrange: two servers on one database, each having served an intake of the
        // procedure, so both hold its version in their catalogue cache.
        let world = World::new(backend).await;
        let one = &world.app;
        let two = TestApp::start(test_config(one.database_url.clone())).await;
        for app in [one, &two] {
            let d = intake(app, &world.desk, &desk_intake(MARRIAGE)).await;
            assert_eq!(d["procedure_name"], "Đăng ký kết hôn");
        }
        // Act: the version in force is corrected outside both servers (an import, another
        // server's administrator).
        let code = ProcedureCode::parse(MARRIAGE).unwrap();
        let v = procedures::get_in_force(&one.db, &code, vn_today()).await.unwrap();
        let mut fixed = v.draft.clone();
        fixed.name = "Đăng ký kết hôn (đã sửa)".into();
        let mut tx = one.db.begin().await.unwrap();
        procedures::update_version(&mut tx, &AuditContext::system(), v.id, fixed)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // Assert: the next dossier on either server is received under the corrected text.
        for app in [one, &two] {
            let d = intake(app, &world.desk, &desk_intake(MARRIAGE)).await;
            assert_eq!(d["procedure_name"], "Đăng ký kết hôn (đã sửa)");
        }
    }
}
