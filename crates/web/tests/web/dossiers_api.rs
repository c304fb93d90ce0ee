//! The dossier JSON API over real HTTP: intake (desk and online), the lifecycle and its
//! branches with their stable error codes, concurrency (one server and two), bad input at
//! intake, public tracking and the late watch.

use std::time::Duration;

use chrono::{Datelike, NaiveTime, Utc};
use motcua_calendar::TimeLimit;
use motcua_domain::role::Role;
use motcua_domain::{vn_date, vn_local};
use serde_json::{Value, json};

use crate::dossier_fixtures::*;
use crate::helpers::*;
use motcua_test_support::backend_test;

/// The outbox rows about one dossier, as (channel, recipient, subject).
async fn notices_of(app: &TestApp, id: &str) -> Vec<(String, String, String)> {
    motcua_store::outbox::recent(&app.db, 10_000)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.entity_type == "dossier" && m.entity_id == id)
        .map(|m| (m.channel.as_str().to_owned(), m.recipient, m.subject))
        .collect()
}

/// The public timeline of a dossier, as (action, step name).
async fn timeline(app: &TestApp, code: &str) -> Vec<(String, Option<String>)> {
    let r = track(app, code).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["step"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn id_of(d: &Value) -> String {
    d["id"].as_str().expect("id").to_owned()
}

fn version_of(d: &Value) -> i64 {
    d["version"].as_i64().expect("version")
}

/// Waits (up to 20 s) until `check` holds; the late watch runs on its own schedule.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {what}");
}

backend_test! {
    async fn a_desk_intake_is_numbered_by_day_due_by_the_calendar_and_notified(backend: Backend) {
        // Arrange
        let w = World::new(backend).await;
        let day_before = vn_today();
        // Act
        let first = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let second = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let day_after = vn_today();
        // Assert: codes `<unit code>-YYMMDD-NNNN` for today in Vietnam
        let received = instant(&first["received_at"]);
        let day = vn_date(received);
        assert!(day == day_before || day == day_after, "received on {day}");
        let yymmdd = day.format("%y%m%d").to_string();
        assert_eq!(first["code"], format!("{COMMUNE}-{yymmdd}-0001"));
        let day2 = vn_date(instant(&second["received_at"])).format("%y%m%d").to_string();
        assert_eq!(second["code"], format!("{COMMUNE}-{day2}-0002"));
        assert_eq!(first["logbook_number"], 1);
        assert_eq!(second["logbook_number"], 2);
        // state
        assert_eq!(first["status"], "received");
        assert_eq!(first["version"], 1);
        assert_eq!(first["channel"], "desk");
        assert_eq!(first["step_index"], 0);
        assert_eq!(first["step_count"], 3);
        assert_eq!(first["step_role"], "desk_officer");
        assert_eq!(first["procedure_code"], MARRIAGE);
        assert_eq!(first["applicant_name"], FULL_NAME);
        // due date: what the legal-time engine says for 3 working days from receipt
        let due = instant(&first["due_at"]);
        assert_eq!(due, expected_due(received, TimeLimit::WorkingDays(MARRIAGE_DAYS)));
        assert_eq!(first["original_due_at"], first["due_at"]);
        assert!(due > received);
        let (_, cal) = calendar();
        let local_due = vn_local(due);
        assert!(cal.is_working_day(local_due.date()).unwrap(), "due on a day off: {local_due}");
        assert!(local_due.time() <= NaiveTime::from_hms_opt(17, 0, 0).unwrap(), "{local_due}");
        // what the desk may do at its own step
        assert_eq!(
            strings(&first["allowed_actions"]),
            ["hand_over", "request_supplement", "stop"]
        );
        // the receipt notice went to the outbox in the same transaction, to both channels
        let mut sent = notices_of(&w.app, &id_of(&first)).await;
        sent.sort();
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!((sent[0].0.as_str(), sent[0].1.as_str()), ("email", EMAIL));
        assert_eq!((sent[1].0.as_str(), sent[1].1.as_str()), ("sms", PHONE));
        assert!(sent[0].2.contains(first["code"].as_str().unwrap()));
        // and the desk sees both in its queue
        let q = queue(&w.app, &w.desk, "").await;
        assert_eq!(q.len(), 2);
    }

    async fn a_same_day_procedure_is_due_today_or_after_the_cut_off_the_next_working_day(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(SAME_DAY)).await;
        let received = instant(&d["received_at"]);
        let due = instant(&d["due_at"]);
        assert_eq!(due, expected_due(received, TimeLimit::SameDay));
        let (_, cal) = calendar();
        let local = vn_local(received);
        let due_day = vn_date(due);
        assert!(cal.is_working_day(due_day).unwrap());
        let cut_off = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
        if cal.is_working_day(local.date()).unwrap() && local.time() < cut_off {
            assert_eq!(due_day, local.date(), "received before 15:00 on a working day");
        } else {
            // After 15:00, or on a day off: the next working day.
            assert_eq!(
                due_day,
                cal.next_working_day(local.date()).unwrap(),
                "received at {local}"
            );
        }
    }

    async fn a_citizen_files_online_and_only_they_and_the_commune_see_it(backend: Backend) {
        let w = World::new(backend).await;
        // A citizen cannot vouch for paper: "provided" without a file does not count online.
        let paper_only = json!({
            "unit_id": w.commune.to_string(),
            "procedure_code": MARRIAGE,
            "applicant": applicant(),
            "documents": [{ "position": 0, "provided": true }, { "position": 1, "provided": true }],
        });
        let (status, err) = failure(post(&w.app, &w.citizen, "/api/v1/dossiers", &paper_only).await).await;
        assert_eq!(status, 422);
        assert!(err["fields"]["document_0"].as_str().unwrap().contains("Thiếu giấy tờ"));
        assert_eq!(dossier_count(&w.app.db).await, 0);
        // Act: with a PDF per required document
        let d = intake(&w.app, &w.citizen, &online_intake(w.commune)).await;
        // Assert
        assert_eq!(d["channel"], "online");
        assert_eq!(d["status"], "received");
        let id = id_of(&d);
        let files = count(
            &w.app.db,
            "SELECT COUNT(*) FROM dossier_document WHERE file_sha256 IS NOT NULL",
        )
        .await;
        assert_eq!(files, 2);
        // the citizen's own list (filtered on the applicant's user) has it
        let mine = queue(&w.app, &w.citizen, "").await;
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["id"], d["id"]);
        let own = dossier(&w.app, &w.citizen, &id).await;
        assert_eq!(own["code"], d["code"]);
        assert!(strings(&own["allowed_actions"]).is_empty());
        // another citizen neither sees it nor learns it exists
        let (status, err) = failure(get(&w.app, &w.stranger, &format!("/api/v1/dossiers/{id}")).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (404, "not_found"));
        assert!(queue(&w.app, &w.stranger, "").await.is_empty());
        // nor does another commune's officer
        let (status, _) = failure(get(&w.app, &w.other_desk, &format!("/api/v1/dossiers/{id}")).await).await;
        assert_eq!(status, 404);
        // the receiving commune's desk does, and may hand it over
        let at_desk = dossier(&w.app, &w.desk, &id).await;
        assert!(strings(&at_desk["allowed_actions"]).contains(&"hand_over".to_owned()));
    }

    async fn a_province_officer_sees_the_communes_dossiers_in_the_queue(backend: Backend) {
        let w = World::new(backend).await;
        let inspector = w
            .app
            .create_user_in("thanh.tra", Some(w.province), &[(Role::Inspector, Some(w.province))])
            .await;
        let (inspector, _) = w.app.create_token(inspector, &["dossiers:read", "dossiers:write"]).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        // A province grant reaches the communes below: the dossier itself is visible ...
        assert_eq!(dossier(&w.app, &inspector, &id_of(&d)).await["code"], d["code"]);
        // ... and so the queue, the same rule applied to a list, must show it too.
        let q = queue(&w.app, &inspector, "").await;
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0]["id"], d["id"]);
        // while the other commune's officer still sees nothing
        assert!(queue(&w.app, &w.other_desk, "").await.is_empty());
    }

    async fn the_whole_lifecycle_walks_the_steps_and_the_wrong_role_is_forbidden(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let code = d["code"].as_str().unwrap().to_owned();
        // A specialist may not do the desk's step.
        let (status, err) = failure(act(&w.app, &w.specialist, &id, &hand_over(1)).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (403, "forbidden"));
        // desk → specialist
        let d = act_ok(&w.app, &w.desk, &id, &hand_over(1)).await;
        assert_eq!((d["status"].as_str(), d["version"].as_i64()), (Some("in_progress"), Some(2)));
        assert_eq!((d["step_index"].as_i64(), d["step_role"].as_str()), (Some(1), Some("specialist")));
        assert_eq!(strings(&dossier(&w.app, &w.specialist, &id).await["allowed_actions"]), ["hand_over", "request_supplement"]);
        // The desk may not do the specialist's step either.
        let (status, _) = failure(act(&w.app, &w.desk, &id, &hand_over(2)).await).await;
        assert_eq!(status, 403);
        // specialist → head
        let d = act_ok(&w.app, &w.specialist, &id, &hand_over(2)).await;
        assert_eq!((d["step_index"].as_i64(), d["step_role"].as_str()), (Some(2), Some("head")));
        // head → result ready, back at the desk
        let d = act_ok(&w.app, &w.head, &id, &hand_over(3)).await;
        assert_eq!(d["status"], "result_ready");
        assert_eq!(d["step_index"], Value::Null);
        assert_eq!(d["step_role"], "desk_officer");
        // the head may not hand the result to the applicant
        let ret = json!({ "action": "return_result", "version": 4 });
        let (status, _) = failure(act(&w.app, &w.head, &id, &ret).await).await;
        assert_eq!(status, 403);
        // desk returns it
        let d = act_ok(&w.app, &w.desk, &id, &ret).await;
        assert_eq!(d["status"], "returned");
        assert_eq!(d["version"], 5);
        assert_eq!(d["outcome"], "early", "returned days before the due date");
        assert!(d["finished_at"].is_string());
        assert!(strings(&d["allowed_actions"]).is_empty());
        // the public timeline: receipt, three hand-overs naming their steps, the return
        assert_eq!(
            timeline(&w.app, &code).await,
            vec![
                ("received".to_owned(), Some("Tiếp nhận, kiểm tra hồ sơ".to_owned())),
                ("hand_over".to_owned(), Some("Tiếp nhận, kiểm tra hồ sơ".to_owned())),
                ("hand_over".to_owned(), Some("Thẩm định".to_owned())),
                ("hand_over".to_owned(), Some("Ký".to_owned())),
                ("return_result".to_owned(), None),
            ]
        );
        // the result-ready and returned notices were queued (email and SMS each)
        assert_eq!(notices_of(&w.app, &id).await.len(), 2 * 3);
        // a finished dossier takes no more actions
        let stop = json!({ "action": "stop", "version": 5, "reason": "Rút hồ sơ" });
        let (status, err) = failure(act(&w.app, &w.desk, &id, &stop).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "dossier_finished"));
        assert_eq!(dossier(&w.app, &w.desk, &id).await["version"], 5);
    }

    async fn one_supplement_request_stops_the_clock_and_resubmission_restarts_it(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let code = d["code"].as_str().unwrap().to_owned();
        // Received two weeks ago (the server's clock cannot be set; the row can).
        let received = Utc::now() - chrono::Duration::days(14);
        let old_due = expected_due(received, TimeLimit::WorkingDays(MARRIAGE_DAYS));
        set_clock(&w.app.db, &id, received, old_due).await;
        // Act: the desk asks for a supplement
        let ask = json!({
            "action": "request_supplement",
            "version": 1,
            "items": [{ "document": "Tờ khai đăng ký kết hôn", "reason": "Thiếu chữ ký của bên nữ" }],
        });
        let d = act_ok(&w.app, &w.desk, &id, &ask).await;
        assert_eq!(d["status"], "awaiting_supplement");
        assert_eq!(d["due_at"], Value::Null, "no clock runs while the applicant holds it");
        let (_, sent, _) = notices_of(&w.app, &id).await.into_iter().find(|n| n.2.contains("bổ sung")).expect("a supplement notice");
        assert!(sent == EMAIL || sent == PHONE);
        // once only
        let again = json!({ "action": "request_supplement", "version": 2, "items": ask["items"] });
        let (status, err) = failure(act(&w.app, &w.desk, &id, &again).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "second_supplement"));
        // the applicant brings the papers: the limit counts again from zero
        let d = act_ok(&w.app, &w.desk, &id, &json!({ "action": "resubmit", "version": 2 })).await;
        assert_eq!(d["status"], "received");
        assert_eq!(d["step_index"], 0);
        let new_due = instant(&d["due_at"]);
        assert!(new_due > old_due, "{new_due} should be later than {old_due}");
        let v: Value = track(&w.app, &code).await.json().await.unwrap();
        let resubmitted = v["timeline"].as_array().unwrap().iter().find(|e| e["action"] == "resubmit").expect("resubmit event");
        assert_eq!(new_due, expected_due(instant(&resubmitted["at"]), TimeLimit::WorkingDays(MARRIAGE_DAYS)));
        // and no second supplement after the cycle either
        let (status, err) = failure(act(&w.app, &w.desk, &id, &json!({ "action": "request_supplement", "version": 3, "items": ask["items"] })).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "second_supplement"));
    }

    async fn intake_and_action_texts_past_their_maximum_are_refused_with_too_long(backend: Backend) {
        let w = World::new(backend).await;
        let mut body = desk_intake(MARRIAGE);
        body["applicant"]["name"] = json!("A".repeat(1_000_000));
        body["return_place"] = json!("r".repeat(301));
        let (status, err) = failure(post(&w.app, &w.desk, "/api/v1/dossiers", &body).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (422, "too_long"), "{err}");
        let fields: Vec<&String> = err["fields"].as_object().unwrap().keys().collect();
        assert_eq!(fields, ["name", "return_place"], "{err}");
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        assert!(d["code"].as_str().unwrap().ends_with("-0001"), "the refused intake took no number: {d}");
        let id = id_of(&d);
        let refusal = json!({"action": "refuse", "version": 1, "reason": "n".repeat(5_001)});
        let (status, err) = failure(act(&w.app, &w.head, &id, &refusal).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (422, "too_long"), "{err}");
        assert!(err["fields"]["reason"].as_str().unwrap().contains("tối đa 5.000 ký tự"), "{err}");
        assert_eq!(dossier(&w.app, &w.head, &id).await["version"], 1, "nothing was written");
    }

    async fn an_apology_new_due_must_be_a_working_moment_within_one_more_time_limit(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let due = instant(&d["due_at"]);
        let (_, cal) = calendar();
        let sorry = |new_due: String| json!({
            "action": "apologise", "version": 1,
            "reason": "Cần xác minh thêm tại nơi cư trú", "new_due": new_due,
        });
        let local = motcua_domain::vn_local(due);
        // The first Sunday after the due date, at 09:00.
        let mut sunday = local.date().succ_opt().unwrap();
        while sunday.weekday() != chrono::Weekday::Sun {
            sunday = sunday.succ_opt().unwrap();
        }
        let next_working = cal.next_working_day(local.date()).unwrap();
        let at = |day: chrono::NaiveDate, h, m| {
            motcua_domain::from_vn_local(day.and_hms_opt(h, m, 0).unwrap()).to_rfc3339()
        };
        for (new_due, code) in [
            ("9999-12-31T10:00:00+07:00".to_owned(), "new_due_too_far"),
            (at(sunday, 9, 0), "new_due_not_working_time"),
            (at(next_working, 21, 0), "new_due_not_working_time"),
            (at(next_working, 12, 0), "new_due_not_working_time"),
            ((expected_due(due, TimeLimit::WorkingDays(MARRIAGE_DAYS)) + chrono::Duration::minutes(1)).to_rfc3339(), "new_due_too_far"),
        ] {
            let (status, err) = failure(act(&w.app, &w.head, &id, &sorry(new_due.clone())).await).await;
            assert_eq!((status, err["code"].as_str().unwrap()), (422, code), "{new_due}");
            assert!(err["message"].as_str().unwrap().contains("Ngày hẹn trả mới"), "{err}");
        }
        let after = dossier(&w.app, &w.head, &id).await;
        assert_eq!(after["version"], 1, "nothing was written");
        assert_eq!(instant(&after["due_at"]), due);
        // One more full time limit, to the minute, is accepted.
        let last = expected_due(due, TimeLimit::WorkingDays(MARRIAGE_DAYS));
        let d = act_ok(&w.app, &w.head, &id, &sorry(last.to_rfc3339())).await;
        assert_eq!(instant(&d["due_at"]), last);
    }

    async fn an_apology_moves_the_due_date_once_and_only_later(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let due = instant(&d["due_at"]);
        // Act: the head apologises with a date two working days later (at closing time)
        let later = expected_due(due, TimeLimit::WorkingDays(2));
        let sorry = json!({
            "action": "apologise",
            "version": 1,
            "reason": "Cần xác minh thêm tại nơi cư trú",
            "new_due": later.to_rfc3339(),
        });
        let d = act_ok(&w.app, &w.head, &id, &sorry).await;
        // Assert
        assert_eq!(instant(&d["due_at"]), later);
        assert_eq!(instant(&d["original_due_at"]), due, "the first promise is kept");
        assert_eq!(d["status"], "received");
        let public: Value = track(&w.app, d["code"].as_str().unwrap()).await.json().await.unwrap();
        assert_eq!(instant(&public["due_at"]), later);
        assert_eq!(instant(&public["original_due_at"]), due);
        // the public sees the apology and its new date, and nothing late yet
        assert!(public["apologised_at"].is_string(), "{public}");
        assert_eq!(public["late"], false);
        let page = w.app.get(&w.app.client, &format!("/tra-cuu?ma={}", d["code"].as_str().unwrap())).await.text().await.unwrap();
        assert!(page.contains(r#"id="dossier-apology""#) && !page.contains(r#"id="dossier-late""#));
        assert!(!strings(&d["allowed_actions"]).contains(&"apologise".to_owned()));
        // a second apology is refused by name
        let twice = json!({
            "action": "apologise", "version": 2, "reason": "Lại chậm",
            "new_due": (later + chrono::Duration::days(2)).to_rfc3339(),
        });
        let (status, err) = failure(act(&w.app, &w.head, &id, &twice).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "second_apology"));
        assert_eq!(instant(&dossier(&w.app, &w.head, &id).await["due_at"]), later);
        // on another dossier, a "new" date that is not later is refused
        let other = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let same = json!({
            "action": "apologise", "version": 1, "reason": "Chậm",
            "new_due": other["due_at"],
        });
        let (status, err) = failure(act(&w.app, &w.head, &id_of(&other), &same).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "new_due_not_later"));
        assert_eq!(dossier(&w.app, &w.head, &id_of(&other)).await["version"], 1);
        // once the due date has passed, it is too late to apologise and re-appoint
        let overdue = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let now = Utc::now();
        set_clock(&w.app.db, &id_of(&overdue), now - chrono::Duration::days(10), now - chrono::Duration::hours(1)).await;
        // a late dossier says so publicly
        let code = overdue["code"].as_str().unwrap();
        let public: Value = track(&w.app, code).await.json().await.unwrap();
        assert_eq!((public["late"].clone(), public["apologised_at"].clone()), (json!(true), Value::Null));
        let page = w.app.get(&w.app.client, &format!("/tra-cuu?ma={code}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="dossier-late""#), "the page says it is late");
        assert!(!strings(&dossier(&w.app, &w.head, &id_of(&overdue)).await["allowed_actions"]).contains(&"apologise".to_owned()));
        let late_sorry = json!({
            "action": "apologise", "version": 1, "reason": "Chậm",
            "new_due": (now + chrono::Duration::days(3)).to_rfc3339(),
        });
        let (status, err) = failure(act(&w.app, &w.head, &id_of(&overdue), &late_sorry).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "apology_too_late"));
    }

    async fn refusal_needs_a_reason_and_wrong_actions_get_stable_codes(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        // refusal without a reason
        let (status, err) = failure(act(&w.app, &w.head, &id, &json!({ "action": "refuse", "version": 1, "reason": "  " })).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (422, "missing_field"));
        assert!(err["message"].as_str().unwrap().contains("lý do"), "{err}");
        // an action this state does not allow: the error lists what is allowed
        let (status, err) = failure(act(&w.app, &w.desk, &id, &json!({ "action": "resubmit", "version": 1 })).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "action_not_allowed"));
        let allowed: Vec<&str> = err["fields"]["allowed"].as_str().expect("fields.allowed").split(',').collect();
        assert_eq!(allowed, ["hand_over", "request_supplement", "refuse", "apologise", "stop", "transfer"]);
        let (status, err) = failure(act(&w.app, &w.desk, &id, &json!({ "action": "return_result", "version": 1 })).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "action_not_allowed"));
        assert!(!err["fields"]["allowed"].as_str().unwrap().contains("return_result"));
        // an unknown action
        let (status, err) = failure(act(&w.app, &w.desk, &id, &json!({ "action": "approve", "version": 1 })).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (422, "validation_failed"));
        assert!(err["fields"]["action"].as_str().unwrap().contains("hand_over"));
        // none of these changed anything
        let now = dossier(&w.app, &w.desk, &id).await;
        assert_eq!((now["version"].as_i64(), now["status"].as_str()), (Some(1), Some("received")));
        // a stale version: 409 conflict, nothing written
        act_ok(&w.app, &w.desk, &id, &hand_over(1)).await;
        let events_before = timeline(&w.app, d["code"].as_str().unwrap()).await.len();
        let notices_before = outbox_count(&w.app.db).await;
        let stale = json!({ "action": "stop", "version": 1, "reason": "Người nộp rút hồ sơ" });
        let (status, err) = failure(act(&w.app, &w.desk, &id, &stale).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "conflict"));
        let after = dossier(&w.app, &w.desk, &id).await;
        assert_eq!((after["version"].as_i64(), after["status"].as_str()), (Some(2), Some("in_progress")));
        assert_eq!(timeline(&w.app, d["code"].as_str().unwrap()).await.len(), events_before);
        assert_eq!(outbox_count(&w.app.db).await, notices_before);
        // with a reason the refusal goes through, and the dossier is finished
        let d = act_ok(&w.app, &w.head, &id, &json!({ "action": "refuse", "version": 2, "reason": "Không đủ điều kiện kết hôn" })).await;
        assert_eq!(d["status"], "refused");
        let stop = json!({ "action": "stop", "version": 3, "reason": "Người nộp rút hồ sơ" });
        let (status, err) = failure(act(&w.app, &w.desk, &id, &stop).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (409, "dossier_finished"));
    }

    async fn a_transfer_hands_the_dossier_to_the_other_commune(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let path = format!("/api/v1/dossiers/{id}");
        assert_eq!(get(&w.app, &w.other_desk, &path).await.status(), 404);
        // without a reason: refused
        let bare = json!({ "action": "transfer", "version": 1, "to_unit": w.other.to_string() });
        let (status, err) = failure(act(&w.app, &w.head, &id, &bare).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (422, "missing_field"));
        // to the unit that already handles it: refused, nothing recorded
        let to_self = json!({
            "action": "transfer", "version": 1, "to_unit": w.commune.to_string(),
            "reason": "Chuyển nhầm",
        });
        let (status, err) = failure(act(&w.app, &w.head, &id, &to_self).await).await;
        assert_eq!(status, 422, "{err}");
        assert!(err["fields"]["to_unit"].is_string(), "{err}");
        assert_eq!(dossier(&w.app, &w.desk, &id).await["version"], 1);
        // Act
        let transfer = json!({
            "action": "transfer", "version": 1, "to_unit": w.other.to_string(),
            "reason": "Nơi cư trú của hai bên thuộc phường Vĩnh Trạch",
        });
        let moved = act_ok(&w.app, &w.head, &id, &transfer).await;
        // Assert: the same step continues at the other commune, whose officer now sees it
        assert_eq!(moved["version"], 2);
        assert_eq!(moved["step_index"], 0);
        let there = dossier(&w.app, &w.other_desk, &id).await;
        assert_eq!(there["code"], d["code"]);
        assert!(strings(&there["allowed_actions"]).contains(&"hand_over".to_owned()));
        let q = queue(&w.app, &w.other_desk, "").await;
        assert_eq!(q.len(), 1);
        assert_eq!(q[0]["id"], d["id"]);
        // and it left the first commune's queue
        assert!(queue(&w.app, &w.desk, "").await.is_empty());
        let tl = timeline(&w.app, d["code"].as_str().unwrap()).await;
        assert_eq!(tl.last().unwrap().0, "transfer");
    }

    async fn of_two_officers_acting_on_one_version_exactly_one_wins(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let desk_client = w.app.new_client();
        let head_client = w.app.new_client();
        let refuse = json!({ "action": "refuse", "version": 1, "reason": "Hồ sơ giả mạo" });
        let url = w.app.url(&format!("/api/v1/dossiers/{id}/actions"));
        // Act: both at once
        let (a, b) = tokio::join!(
            desk_client.post(&url).bearer_auth(&w.desk).json(&hand_over(1)).send(),
            head_client.post(&url).bearer_auth(&w.head).json(&refuse).send(),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        // Assert
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409]);
        let loser = if a.status() == 409 { a } else { b };
        assert_eq!(error_code(loser).await, "conflict");
        let now = dossier(&w.app, &w.desk, &id).await;
        assert_eq!(now["version"], 2);
        assert_eq!(timeline(&w.app, d["code"].as_str().unwrap()).await.len(), 2);
    }

    async fn twenty_intakes_at_once_get_distinct_numbers(backend: Backend) {
        let w = World::new(backend).await;
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let client = w.app.new_client();
            let url = w.app.url("/api/v1/dossiers");
            let token = w.desk.clone();
            set.spawn(async move {
                let r = client.post(url).bearer_auth(token).json(&desk_intake(MARRIAGE)).send().await.unwrap();
                let status = r.status();
                let v: Value = r.json().await.unwrap();
                assert_eq!(status, 201, "{v}");
                v
            });
        }
        let all: Vec<Value> = set.join_all().await;
        let mut seqs: Vec<u32> = all
            .iter()
            .map(|d| {
                let code = d["code"].as_str().unwrap();
                assert!(code.starts_with(&format!("{COMMUNE}-")), "{code}");
                code.rsplit('-').next().unwrap().parse().unwrap()
            })
            .collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=20).collect::<Vec<u32>>());
        let mut logbook: Vec<i64> = all.iter().map(|d| d["logbook_number"].as_i64().unwrap()).collect();
        logbook.sort_unstable();
        assert_eq!(logbook, (1..=20).collect::<Vec<i64>>());
        assert_eq!(dossier_count(&w.app.db).await, 20);
    }

    async fn intakes_on_two_servers_sharing_a_database_get_distinct_codes(backend: Backend) {
        let w = World::new(backend).await;
        let two = TestApp::start(test_config(w.app.database_url.clone())).await;
        let mut set = tokio::task::JoinSet::new();
        for i in 0..16 {
            let server = if i % 2 == 0 { &w.app } else { &two };
            let client = server.new_client();
            let url = server.url("/api/v1/dossiers");
            let token = w.desk.clone();
            set.spawn(async move {
                let r = client.post(url).bearer_auth(token).json(&desk_intake(MARRIAGE)).send().await.unwrap();
                let status = r.status();
                let v: Value = r.json().await.unwrap();
                assert_eq!(status, 201, "{v}");
                v["code"].as_str().unwrap().to_owned()
            });
        }
        let mut codes: Vec<String> = set.join_all().await;
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 16, "{codes:?}");
        let mut seqs: Vec<u32> = codes.iter().map(|c| c.rsplit('-').next().unwrap().parse().unwrap()).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=16).collect::<Vec<u32>>());
        two.stop().await;
    }

    async fn bad_intakes_are_422_under_the_right_field_and_write_nothing(backend: Backend) {
        let w = World::new(backend).await;
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        let with_file = |name: &str, bytes: &[u8]| {
            let mut body = desk_intake(MARRIAGE);
            body["documents"][0] = json!({ "position": 0, "file_name": name, "content_base64": b64(bytes) });
            body
        };
        let with_applicant = |field: &str, value: &str| {
            let mut body = desk_intake(MARRIAGE);
            body["applicant"][field] = json!(value);
            body
        };
        let mut empty_but_ticked = desk_intake(MARRIAGE);
        empty_but_ticked["documents"][0] = json!({ "position": 0, "provided": true, "file_name": "to-khai.pdf", "content_base64": "" });
        let mut no_contact = desk_intake(MARRIAGE);
        no_contact["applicant"]["phone"] = json!("");
        no_contact["applicant"]["email"] = json!("");
        let mut missing_doc = desk_intake(MARRIAGE);
        missing_doc["documents"] = json!([{ "position": 0, "provided": true }]);
        let mut unknown_procedure = desk_intake(MARRIAGE);
        unknown_procedure["procedure_code"] = json!("9.999999");
        let cases: Vec<(&str, Value, &str, &str)> = vec![
            ("11-digit ID", with_applicant("citizen_id", "07908500123"), "citizen_id", "đúng 12 chữ số"),
            ("unknown province", with_applicant("citizen_id", "003085001234"), "citizen_id", "mã tỉnh"),
            ("century digit vs birth year", with_applicant("citizen_id", "079285001234"), "birth_year", "Chữ số thứ 4"),
            ("missing document", missing_doc, "document_1", "Thiếu giấy tờ bắt buộc"),
            ("PNG named .pdf", with_file("to-khai.pdf", &png), "document_0", "nội dung là ảnh PNG"),
            ("program named .pdf", with_file("to-khai.pdf", &exe), "document_0", "chương trình"),
            ("empty file", with_file("to-khai.pdf", b""), "document_0", "rỗng"),
            ("empty file ticked as seen", empty_but_ticked, "document_0", "rỗng"),
            ("no phone nor email", no_contact, "phone", "số điện thoại hoặc email"),
            ("unknown procedure", unknown_procedure, "procedure", "không có trong danh mục"),
        ];
        for (what, body, field, words) in cases {
            let (status, err) = failure(post(&w.app, &w.desk, "/api/v1/dossiers", &body).await).await;
            assert_eq!(status, 422, "{what}: {err}");
            assert_eq!(err["code"], "validation_failed", "{what}");
            let message = err["fields"][field].as_str().unwrap_or_else(|| panic!("{what}: no message under {field}: {err}"));
            assert!(message.contains(words), "{what}: «{message}» lacks «{words}»");
            // nothing half-written
            assert_eq!(dossier_count(&w.app.db).await, 0, "{what}");
            assert_eq!(outbox_count(&w.app.db).await, 0, "{what}");
            assert_eq!(count(&w.app.db, "SELECT COUNT(*) FROM stored_file").await, 0, "{what}");
        }
        // and no number was used up
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        assert!(d["code"].as_str().unwrap().ends_with("-0001"));
        assert_eq!(d["logbook_number"], 1);
    }

    async fn a_file_over_10_mib_is_refused_whole_or_by_the_file_check(backend: Backend) {
        let mut big = pdf("lon");
        big.resize(10 * 1024 * 1024 + 1, b' ');
        let body = {
            let mut b = desk_intake(MARRIAGE);
            b["documents"][0] = json!({ "position": 0, "file_name": "ban-ve.pdf", "content_base64": b64(&big) });
            b
        };
        // With the default 10 MiB body limit, the base64 body (~13.4 MiB) is cut off first:
        // 413 payload_too_large, before any handler runs.
        let w = World::new(backend).await;
        let (status, err) = failure(post(&w.app, &w.desk, "/api/v1/dossiers", &body).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (413, "payload_too_large"));
        assert_eq!(dossier_count(&w.app.db).await, 0);
        // With room for the body, the file check itself answers, under the document's field.
        let roomy = World::with(backend, |c| c.body_limit_bytes = 20 * 1024 * 1024).await;
        let (status, err) = failure(post(&roomy.app, &roomy.desk, "/api/v1/dossiers", &body).await).await;
        assert_eq!(status, 422, "{err}");
        let message = err["fields"]["document_0"].as_str().expect("document_0");
        assert!(message.contains("vượt giới hạn 10 MB"), "{message}");
        assert_eq!(dossier_count(&roomy.app.db).await, 0);
        assert_eq!(outbox_count(&roomy.app.db).await, 0);
    }

    async fn public_tracking_shows_the_masked_name_and_forgives_typing(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let code = d["code"].as_str().unwrap().to_owned();
        act_ok(&w.app, &w.desk, &id_of(&d), &hand_over(1)).await;
        // Act
        let r = track(&w.app, &code).await;
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        // Assert: masked name, status and timeline; nothing personal
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["code"], code.as_str());
        assert_eq!(v["applicant"], MASKED_NAME);
        assert_eq!(v["status"], "in_progress");
        assert_eq!(v["timeline"].as_array().unwrap().len(), 2);
        for secret in [FULL_NAME, "Nguyễn", CITIZEN_ID, PHONE, EMAIL, "Trần Phú", "mot.cua"] {
            assert!(!body.contains(secret), "the public body shows «{secret}»: {body}");
        }
        // the page too
        let page = w.app.get(&w.app.client, &format!("/tra-cuu?ma={code}")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains(MASKED_NAME));
        assert!(!html.contains(FULL_NAME) && !html.contains(CITIZEN_ID) && !html.contains(PHONE));
        // lowercase, with spaces for dashes
        let typed = code.to_lowercase().replace('-', "%20");
        let r = track(&w.app, &typed).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], code.as_str());
        // a mistyped number: not found, and no other dossier's code offered (each code
        // opens someone's dossier)
        let wrong = format!("{}-0002", &code[..code.len() - 5]);
        let (status, err) = failure(track(&w.app, &wrong).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (404, "dossier_not_found"));
        assert_eq!(
            err["message"],
            format!(
                "Không tìm thấy hồ sơ mã {wrong}. Vui lòng kiểm tra lại mã in trên giấy tiếp nhận."
            ),
        );
        assert!(!err.to_string().contains(code.as_str()), "{err}");
        let page = w.app.get(&w.app.client, &format!("/tra-cuu?ma={wrong}")).await;
        assert!(!page.text().await.unwrap().contains(code.as_str()));
        // a malformed code: a hint about what is wrong
        let malformed = format!("{COMMUNE}-2611-0001");
        let (status, err) = failure(track(&w.app, &malformed).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (404, "dossier_code_invalid"));
        assert!(err["message"].as_str().unwrap().contains("6 chữ số"), "{err}");
        // the same miss asked in English: the same code, the sentence in English
        let (status, err) = failure(track(&w.app, &format!("{wrong}?lang=en")).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (404, "dossier_not_found"));
        assert_eq!(
            err["message"],
            format!("No dossier has the code {wrong}. Please check the code printed on the receipt."),
        );
    }

    async fn public_tracking_is_rate_limited(backend: Backend) {
        // Keep the look-ups inside one minute window.
        let into_minute = Utc::now().timestamp().rem_euclid(60);
        if into_minute > 50 {
            tokio::time::sleep(Duration::from_secs(u64::try_from(61 - into_minute).unwrap())).await;
        }
        let w = World::with(backend, |c| c.tracking.per_minute = 3).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let code = d["code"].as_str().unwrap();
        for _ in 0..3 {
            assert_eq!(track(&w.app, code).await.status(), 200);
        }
        let (status, err) = failure(track(&w.app, code).await).await;
        assert_eq!((status, err["code"].as_str().unwrap()), (429, "too_many_requests"));
    }

    async fn the_late_watch_flags_late_and_at_risk_dossiers_once_across_servers(backend: Backend) {
        let jobs = |c: &mut motcua_web::Config| {
            c.jobs.enabled = true;
            c.jobs.tick = Duration::from_millis(100);
            c.jobs.slot = Duration::from_secs(1);
        };
        let w = World::with(backend, jobs).await;
        let mut second = test_config(w.app.database_url.clone());
        jobs(&mut second);
        let two = TestApp::start(second).await;
        // late: at the specialist's step, due an hour ago
        let late = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        act_ok(&w.app, &w.desk, &id_of(&late), &hand_over(1)).await;
        let now = Utc::now();
        set_clock(&w.app.db, &id_of(&late), now - chrono::Duration::days(10), now - chrono::Duration::hours(1)).await;
        // at risk: due in two hours (at most two working hours away)
        let risky = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        set_clock(&w.app.db, &id_of(&risky), now - chrono::Duration::days(3), now + chrono::Duration::hours(2)).await;
        // fine: due in three working days
        let fine = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        // Act: the scheduler runs the watch
        eventually("two flagged dossiers", || async {
            queue(&w.app, &w.desk, "?flagged=true").await.len() == 2
        })
        .await;
        // Assert
        let flagged = queue(&w.app, &w.desk, "?flagged=true").await;
        let find = |id: &str| flagged.iter().find(|d| d["id"] == id).cloned();
        let l = find(&id_of(&late)).expect("the late dossier is flagged");
        assert_eq!(l["watch"], "late");
        let reason = l["watch_reason"].as_str().unwrap();
        assert!(reason.contains("Thẩm định"), "the reason names the step: {reason}");
        let r = find(&id_of(&risky)).expect("the risky dossier is flagged");
        assert_eq!(r["watch"], "at_risk");
        // The reason names the due moment, not a countdown: a countdown changes every
        // minute, and the flag would be rewritten (its time reset) on every run.
        let risky_due = vn_local(instant(&r["due_at"])).format("%H:%M %d/%m/%Y").to_string();
        let reason = r["watch_reason"].as_str().unwrap();
        assert!(reason.contains(&risky_due), "{reason} should name {risky_due}");
        let risky_flagged = watch_at(&w.app.db, &id_of(&risky)).await.expect("watch_at");
        assert!(find(&id_of(&fine)).is_none());
        assert_eq!(dossier(&w.app, &w.desk, &id_of(&fine)).await["watch"], Value::Null);
        // The flag is written once, not on every run. (That each slot is claimed by one server
        // is proven where it can fail: store `leases::a_job_slot_runs_exactly_once` races six
        // claimants for one slot. Here `job_run`'s primary key makes runs == slots hold
        // whatever the servers do, and the watch's writes are idempotent, so a second run in a
        // slot would leave no trace to count.)
        let first_flagged = watch_at(&w.app.db, &id_of(&late)).await.expect("watch_at");
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let runs = count(&w.app.db, "SELECT COUNT(*) FROM job_run WHERE name = 'watch-late-dossiers'").await;
        assert!(runs >= 2, "the watch ran in several slots ({runs})");
        assert_eq!(watch_at(&w.app.db, &id_of(&late)).await, Some(first_flagged));
        assert_eq!(watch_at(&w.app.db, &id_of(&risky)).await, Some(risky_flagged));
        // a finished dossier leaves the flagged list
        let l = dossier(&w.app, &w.specialist, &id_of(&late)).await;
        act_ok(&w.app, &w.head, &id_of(&late), &json!({ "action": "refuse", "version": version_of(&l), "reason": "Không đủ điều kiện" })).await;
        let flagged = queue(&w.app, &w.desk, "?flagged=true").await;
        assert_eq!(flagged.len(), 1);
        two.stop().await;
    }
}
