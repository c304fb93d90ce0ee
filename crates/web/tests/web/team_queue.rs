//! Queue work for teams: the queue counts its whole list, an officer claims a step, the desk
//! assigns one, officers leave internal notes nobody outside sees, and each person keeps
//! saved filters of their own.

use motcua_domain::ids::DossierId;
use motcua_store::dossiers;

use crate::desk_pages::{MARRIAGE, act, hand_over, page, receive, scene, version_in};
use crate::helpers::*;
use motcua_test_support::backend_test;

const NOTE: &str = "Đã gọi điện cho người nộp, hẹn bổ sung bản sao trong tuần";

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .expect("POST")
}

backend_test! {
    async fn officers_claim_assign_and_note_a_dossier_and_the_public_sees_none_of_it(backend: Backend) {
        // Arrange: 53 dossiers (more than a page) and a second specialist.
        let s = scene(backend).await;
        s.app.create_user_in("chuyen.vien.hai", Some(s.ward), &[(motcua_domain::role::Role::Specialist, Some(s.ward))]).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let mut ids = Vec::new();
        for _ in 0..53 {
            ids.push(receive(&s.app, &desk, &csrf, MARRIAGE).await);
        }
        let (_, queue) = page(&s.app, &desk, "/mot-cua/ho-so?all=1").await;
        assert!(queue.contains("53 hồ sơ"), "the whole list is counted, not the page");

        // The desk passes one on; a specialist claims it.
        let id = ids[0].clone();
        hand_over(&s.app, &desk, &csrf, &id).await;
        let specialist = new_client();
        let spec_csrf = s.app.login(&specialist, "chuyen.vien").await;
        let (_, view) = page(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}")).await;
        assert!(view.contains(r#"id="claim-form""#));
        assert!(!view.contains(r#"id="assign-form""#), "a specialist does not hand steps out");
        let r = post(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}/nhan"), &[("csrf_token", &spec_csrf), ("version", &version_in(&view))]).await;
        assert_eq!(r.status(), 303);
        let d = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap();
        assert_eq!(d.step_user, Some(s.app.user_id_of("chuyen.vien").await));
        // A stale claim is refused.
        let r = post(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}/nhan"), &[("csrf_token", &spec_csrf), ("version", "1")]).await;
        assert_eq!(r.status(), 409);

        // The desk gives it to the other specialist; not to someone of another role.
        let (_, desk_view) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        assert!(desk_view.contains(r#"id="dossier-holder""#));
        let head = s.app.user_id_of("lanh.dao").await.to_string();
        let r = post(&s.app, &desk, &format!("/mot-cua/ho-so/{id}/giao"), &[("csrf_token", &csrf), ("version", &version_in(&desk_view)), ("user_id", &head)]).await;
        assert_eq!(r.status(), 422, "the head does not work the specialist's step");
        let other = s.app.user_id_of("chuyen.vien.hai").await;
        let r = post(&s.app, &desk, &format!("/mot-cua/ho-so/{id}/giao"), &[("csrf_token", &csrf), ("version", &version_in(&desk_view)), ("user_id", &other.to_string())]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap().step_user, Some(other));

        // A note: seen by officers, not by the public or another unit.
        let r = post(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}/ghi-chu"), &[("csrf_token", &spec_csrf), ("body", "  ")]).await;
        assert_eq!(r.status(), 422, "an empty note is refused");
        let r = post(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}/ghi-chu"), &[("csrf_token", &spec_csrf), ("body", NOTE)]).await;
        assert_eq!(r.status(), 303);
        assert!(page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await.1.contains(NOTE));
        let code = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap().code;
        let (_, public) = page(&s.app, &new_client(), &format!("/tra-cuu?ma={code}")).await;
        assert!(!public.contains(NOTE) && !public.contains("Phân công"), "{public}");
        let elsewhere = new_client();
        let e_csrf = s.app.login(&elsewhere, "mot.cua.khac").await;
        let r = post(&s.app, &elsewhere, &format!("/mot-cua/ho-so/{id}/ghi-chu"), &[("csrf_token", &e_csrf), ("body", "x")]).await;
        assert_eq!(r.status(), 404);

        // Saved filters are the person's own.
        let r = post(&s.app, &desk, "/mot-cua/bo-loc", &[("csrf_token", &csrf), ("name", "Trễ hẹn tuần này"), ("query", "late=1&evil=<x>")]).await;
        assert_eq!(r.status(), 303);
        let (_, queue) = page(&s.app, &desk, "/mot-cua/ho-so?all=1").await;
        assert!(queue.contains("Trễ hẹn tuần này") && queue.contains("late=1"));
        assert!(!queue.contains("evil"), "only the queue's own filter is kept");
        let again = post(&s.app, &desk, "/mot-cua/bo-loc", &[("csrf_token", &csrf), ("name", "Trễ hẹn tuần này"), ("query", "")]).await;
        assert_eq!(again.status(), 409, "one name, one filter");
        assert!(!page(&s.app, &specialist, "/mot-cua/ho-so?all=1").await.1.contains("Trễ hẹn tuần này"));
        // The head still approves at the last step after all this.
        let r = act(&s.app, &specialist, &spec_csrf, &id, &[("action", "hand_over"), ("version", &version_in(&page(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}")).await.1))]).await;
        assert_eq!(r.status(), 303);
    }

    async fn a_flagged_dossier_names_who_held_it_when_flagged_and_who_holds_it_now(backend: Backend) {
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        hand_over(&s.app, &desk, &csrf, &id).await;
        let specialist = new_client();
        let spec_csrf = s.app.login(&specialist, "chuyen.vien").await;
        let (_, view) = page(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}")).await;
        let r = post(&s.app, &specialist, &format!("/mot-cua/ho-so/{id}/nhan"), &[("csrf_token", &spec_csrf), ("version", &version_in(&view))]).await;
        assert_eq!(r.status(), 303);
        // The late watch flagged it while the specialist held it (the watch itself is tested in
        // `dossiers_api::the_late_watch_flags_late_and_at_risk_dossiers_once_across_servers`).
        let held_by = s.app.user_id_of("chuyen.vien").await.to_string();
        const FLAG: &str = "UPDATE dossier SET watch_flag = 'late', watch_reason = 'Quá hạn ở bước thẩm định', \
            watch_step_index = 1, watch_user_id = $1, watch_at = $2 WHERE dossier_id = $3";
        let at = chrono::Utc::now();
        match &s.app.db {
            motcua_store::Db::Sqlite(p, _) => sqlx::query(FLAG).bind(&held_by).bind(at).bind(&id).execute(p).await.map(|_| ()),
            motcua_store::Db::Postgres(p, _) => sqlx::query(FLAG).bind(&held_by).bind(at).bind(&id).execute(p).await.map(|_| ()),
        }
        .expect("flag");
        // It moved on: the specialist handed it to the head's step, and the head took it.
        hand_over(&s.app, &specialist, &spec_csrf, &id).await;
        let head = new_client();
        let head_csrf = s.app.login(&head, "lanh.dao").await;
        let (_, view) = page(&s.app, &head, &format!("/mot-cua/ho-so/{id}")).await;
        let r = post(&s.app, &head, &format!("/mot-cua/ho-so/{id}/nhan"), &[("csrf_token", &head_csrf), ("version", &version_in(&view))]).await;
        assert_eq!(r.status(), 303);

        let (status, queue) = page(&s.app, &desk, "/mot-cua/ho-so?flagged=true").await;
        assert_eq!(status, 200);
        assert!(queue.contains("Người giữ hồ sơ khi bị cảnh báo: Người dùng chuyen.vien"), "the officer the delay is charged to:\n{queue}");
        assert!(queue.contains("Người đang giữ: Người dùng lanh.dao"), "and, apart, who holds it now");
    }
}
