//! The petition register over real HTTP: registration and its bad input, the legal clock
//! (acceptance, suspension, extensions up to the legal maximum), stale versions, the second
//! complaint's window, duplicates, the dashboard, and the denouncer's identity: sealed at rest,
//! shown by pseudonym, revealed only to a named handler with a reason.

use chrono::{Duration, Utc};
use motcua_domain::ids::UnitId;
use motcua_domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::*;
use motcua_test_support::backend_test;

const SCOPES: &[&str] = &["petitions:read", "petitions:write"];

/// A commune with two petition handlers, a head and an officer of another commune.
struct World {
    app: TestApp,
    commune: UnitId,
    handler: String,
    colleague: String,
    head: String,
    outsider: String,
}

impl World {
    async fn new(backend: Backend) -> Self {
        let app = TestApp::spawn(backend).await;
        let province = app.create_unit("96", "Tỉnh Demo", "province", None).await;
        let commune = app
            .create_unit("31825", "Phường Demo", "commune", Some(province))
            .await;
        let other = app
            .create_unit("31826", "Xã Khác", "commune", Some(province))
            .await;
        let mut tokens = Vec::new();
        for (login, role, unit) in [
            ("xulydon.a", Role::PetitionHandler, commune),
            ("xulydon.b", Role::PetitionHandler, commune),
            ("lanhdao", Role::Head, commune),
            ("xulydon.khac", Role::PetitionHandler, other),
        ] {
            let id = app
                .create_user_in(login, Some(unit), &[(role, Some(unit))])
                .await;
            tokens.push(app.create_token(id, SCOPES).await.0);
        }
        let mut t = tokens.into_iter();
        Self {
            app,
            commune,
            handler: t.next().unwrap(),
            colleague: t.next().unwrap(),
            head: t.next().unwrap(),
            outsider: t.next().unwrap(),
        }
    }

    async fn post(&self, token: &str, path: &str, body: &Value) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    async fn register(&self, body: &Value) -> Value {
        let r = self.post(&self.handler, "/api/v1/petitions", body).await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
        r.json().await.unwrap()
    }

    async fn act(&self, p: &Value, body: Value) -> reqwest::Response {
        let mut body = body;
        body["version"] = p["version"].clone();
        let path = format!("/api/v1/petitions/{}/actions", p["id"].as_str().unwrap());
        self.post(&self.handler, &path, &body).await
    }

    async fn act_ok(&self, p: &Value, body: Value) -> Value {
        let r = self.act(p, body).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
        r.json().await.unwrap()
    }
}

fn complaint() -> Value {
    json!({
        "kind": "khieu_nai",
        "source": "post",
        "subject": "Khiếu nại quyết định thu hồi đất",
        "content": "Tôi không đồng ý với mức bồi thường khi thu hồi thửa đất số 215 tờ bản đồ 12 ở ấp Đông.",
        "sender_name": "Nguyễn Văn Bình",
        "sender_address": "Ấp Đông, Phường Demo",
        "sender_id_number": "079090000001",
    })
}

const DENOUNCER: &str = "Phạm Thị Kín Đáo";
const DENOUNCER_ID: &str = "079190001234";
const DENOUNCER_PHONE: &str = "0987654321";

fn denunciation() -> Value {
    json!({
        "kind": "to_cao",
        "source": "post",
        "subject": "Tố cáo cán bộ địa chính nhận tiền",
        "content": format!("Tôi là {DENOUNCER}, số điện thoại {DENOUNCER_PHONE}. Tôi tố cáo ông Trần Văn X, cán bộ địa chính, nhận tiền để làm nhanh hồ sơ đất."),
        "sender_name": DENOUNCER,
        "sender_address": "Tổ 7, Phường Demo",
        "sender_id_number": DENOUNCER_ID,
        "sender_phone": DENOUNCER_PHONE,
    })
}

fn instant(v: &Value) -> chrono::DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

/// Where a period whose last day is `last` ends under the law: at close of business, moved to
/// the next working day when `last` is a day off (BLDS 2015, Điều 148). Only the shipped
/// calendar's days off are taken from the program; the counting is the law's.
fn legal_end(last: chrono::NaiveDate) -> chrono::NaiveDateTime {
    static CALENDAR: std::sync::OnceLock<motcua_calendar::working::WorkingCalendar> =
        std::sync::OnceLock::new();
    let cal = CALENDAR.get_or_init(|| {
        let year = chrono::Datelike::year(&motcua_domain::vn_date(Utc::now()));
        motcua_calendar::defaults::LegalTime::shipped()
            .expect("the shipped calendar")
            .calendar(None, 2026.min(year - 1)..=year + 2)
            .expect("a calendar for the years the tests run in")
    });
    let mut day = last;
    while !cal.is_working_day(day).expect("a day in the calendar") {
        day = day.succ_opt().expect("a next day");
    }
    cal.closing(day).expect("working hours")
}

fn field_errors(v: &Value) -> Vec<String> {
    v["error"]["fields"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

backend_test! {
    async fn a_registered_complaint_gets_its_acceptance_deadline_and_actions(backend: Backend) {
        let w = World::new(backend).await;
        // Fixed receipts, so the answer cannot change with the day the test runs. Seven working
        // days (NĐ 155/2026, Điều 10, in force from 1/7/2026), counted from the day after
        // receipt (BLDS 2015, Điều 147), ending at close of business (Điều 148). National Day
        // 2026 is Monday 31/8 (swapped), 1/9 and 2/9 off, with Saturday 22/8 worked instead.
        for (received, due) in [
            // Friday 28/8: 3, 4, 7, 8, 9, 10, 11 September.
            ("2026-08-28T09:00", "2026-09-11T17:00"),
            // Friday 21/8: Saturday 22/8 counts, then 24–28/8 and Thursday 3/9.
            ("2026-08-21T09:00", "2026-09-03T17:00"),
            // Monday 5/10, no day off on the way: 6–9, 12–14 October.
            ("2026-10-05T09:00", "2026-10-14T17:00"),
        ] {
            let mut body = complaint();
            body["received_at"] = json!(received);
            let p = w.register(&body).await;
            assert_eq!(p["deadline_kind"], "acceptance");
            let shown = motcua_domain::vn_local(instant(&p["due_at"])).format("%Y-%m-%dT%H:%M").to_string();
            assert_eq!(shown, due, "received {received}");
        }
        let p = w.register(&complaint()).await;
        assert_eq!(p["status"], "registered");
        assert_eq!(p["deadline_kind"], "acceptance");
        assert_eq!(p["allowed_actions"], json!(["classify", "withdraw"]));
        assert_eq!(p["sender"]["name"], "Nguyễn Văn Bình");
        assert!(p["code"].as_str().unwrap().starts_with("31825-"));
        // The head sees it; an officer of another commune does not know it exists.
        let path = format!("/api/v1/petitions/{}", p["id"].as_str().unwrap());
        let seen: Value = w.get(&w.head, &path).await.json().await.unwrap();
        assert_eq!(seen["allowed_actions"], json!([]));
        assert_eq!(w.get(&w.outsider, &path).await.status(), 404);
        w.app.stop().await;
    }

    async fn bad_registrations_are_refused_with_field_messages_and_nothing_written(backend: Backend) {
        let w = World::new(backend).await;
        let cases = [
            (json!({"kind": "khieu_nai", "content": "  ", "sender_name": "A", "sender_address": "B"}), "content"),
            (json!({"kind": "khieu_nai", "content": "Nội dung", "sender_name": "", "sender_address": ""}), "sender_name"),
            (json!({"kind": "kien_nghi", "content": "Nội dung", "anonymous": "true"}), "sender_name"),
            (json!({"kind": "khieu_nai", "kind_also": "to_cao", "content": "Nội dung", "sender_name": "A", "sender_address": "B"}), "kind"),
            (json!({"kind": "khieu_nai", "content": "Nội dung", "sender_name": "A", "sender_address": "B", "received_at": "ngày mai"}), "received_at"),
            (json!({"kind": "khieu_nai", "content": "Nội dung", "sender_name": "A", "sender_address": "B",
                    "signatories": "*Một\n*Hai\n*Ba\nBốn\nNăm\nSáu", "appointment_signed": "true"}), "signatories"),
        ];
        for (body, field) in cases {
            let r = w.post(&w.handler, "/api/v1/petitions", &body).await;
            assert_eq!(r.status(), 422, "{body}");
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "validation_failed", "{v}");
            assert!(field_errors(&v).contains(&field.to_owned()), "{field}: {v}");
        }
        let r = w.post(&w.handler, "/api/v1/petitions", &json!({"kind": "khieu_nai", "kind_also": "to_cao", "content": "x", "sender_name": "A", "sender_address": "B"})).await;
        let v: Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["kind"].as_str().unwrap().contains("tách"), "{v}");
        // The head may view but not register.
        assert_eq!(w.post(&w.head, "/api/v1/petitions", &complaint()).await.status(), 403);
        let list: Value = w.get(&w.head, "/api/v1/petitions").await.json().await.unwrap();
        assert_eq!(list, json!([]));
        w.app.stop().await;
    }

    async fn every_free_text_field_has_a_maximum_and_nothing_is_written_past_it(backend: Backend) {
        let w = World::new(backend).await;
        let megabyte = "A".repeat(1_000_000);
        let cases = [
            ("sender_name", megabyte.clone()),
            ("sender_address", "Ấp Đông ".repeat(70)),
            ("forwarded_by", "x".repeat(301)),
            ("signatories", "Nguyễn Văn A\n".repeat(1_700)),
            ("subject", "s".repeat(301)),
            ("content", "c".repeat(20_001)),
            ("sender_phone", "0".repeat(31)),
        ];
        for (field, value) in cases {
            let mut body = complaint();
            body[field] = json!(value);
            let r = w.post(&w.handler, "/api/v1/petitions", &body).await;
            assert_eq!(r.status(), 422, "{field}");
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "too_long", "{field}: {v}");
            assert_eq!(field_errors(&v), vec![field.to_owned()], "{v}");
            let message = v["error"]["fields"][field].as_str().unwrap();
            assert!(message.contains("dài quá mức cho phép: tối đa"), "{message}");
        }
        // Exactly at the limit is accepted.
        let mut body = complaint();
        body["sender_name"] = json!("Ư".repeat(200));
        let p = w.register(&body).await;
        let list: Value = w.get(&w.head, "/api/v1/petitions").await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "only the one within limits was written");
        // An action's text too.
        let r = w.act(&p, json!({"action": "withdraw", "text": "t".repeat(5_001)})).await;
        assert_eq!(r.status(), 422);
        assert_eq!(error_code(r).await, "too_long");
        w.app.stop().await;
    }

    async fn an_anonymous_denunciation_is_kept_for_inspection_not_handled(backend: Backend) {
        let w = World::new(backend).await;
        let p = w.register(&json!({"kind": "to_cao", "anonymous": "true", "content": "Có người đổ trộm chất thải xuống kênh vào ban đêm."})).await;
        assert_eq!(p["sender_label"], "Đơn không rõ người gửi");
        let p = w.act_ok(&p, json!({"action": "classify", "reasons": "anonymous"})).await;
        assert_eq!(p["status"], "not_eligible");
        assert!(p["allowed_actions"].as_array().unwrap().contains(&json!("keep_for_inspection")));
        assert!(!p["allowed_actions"].as_array().unwrap().contains(&json!("accept")));
        let p = w.act_ok(&p, json!({"action": "keep_for_inspection", "text": "Chuyển thanh tra xem xét"})).await;
        assert_eq!(p["status"], "kept_for_inspection");
        assert!(p["due_at"].is_null());
        w.app.stop().await;
    }

    async fn a_denunciation_clock_suspends_resumes_and_extends_only_up_to_the_legal_maximum(backend: Backend) {
        let w = World::new(backend).await;
        let p = w.register(&denunciation()).await;
        let p = w.act_ok(&p, json!({"action": "classify"})).await;
        assert_eq!(p["status"], "eligible");
        // Complex needs a written reason.
        let r = w.act(&p, json!({"action": "accept", "complexity": "complex"})).await;
        assert_eq!(r.status(), 422);
        let before = Utc::now();
        let p = w.act_ok(&p, json!({"action": "accept", "complexity": "complex", "complexity_reason": "Phải xác minh ở hai nơi"})).await;
        let after = Utc::now();
        assert_eq!(p["status"], "accepted");
        assert_eq!(p["deadline_kind"], "resolution");
        let due = instant(&p["due_at"]);
        // 30 days from acceptance (Luật Tố cáo 2018, Điều 30), counted as the law counts them
        // from whichever day the acceptance fell on (the test may straddle midnight).
        let accepted_on = [motcua_domain::vn_date(before), motcua_domain::vn_date(after)];
        assert!(
            accepted_on.iter().any(|d| legal_end(*d + chrono::Days::new(30)) == motcua_domain::vn_local(due)),
            "{due} is not 30 days after {accepted_on:?}"
        );
        // Suspension stops the clock; the decision to continue starts it again.
        let p = w.act_ok(&p, json!({"action": "suspend", "text": "Chờ kết quả giám định"})).await;
        assert_eq!(p["status"], "suspended");
        assert!(p["due_at"].is_null());
        let r = w.act(&p, json!({"action": "decide", "text": "Kết luận"})).await;
        assert_eq!(r.status(), 409);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "action_not_allowed");
        let p = w.act_ok(&p, json!({"action": "resume"})).await;
        let resumed_due = instant(&p["due_at"]);
        assert!(resumed_due >= due, "{resumed_due} before {due}");
        // One extension of at most 30 days for a complex case.
        let r = w.act(&p, json!({"action": "extend", "days": "31", "text": "Cần thêm thời gian"})).await;
        assert_eq!(r.status(), 409);
        assert_eq!(error_code(r).await, "extension_beyond_limit");
        let p = w.act_ok(&p, json!({"action": "extend", "days": "30", "text": "Cần xác minh thêm"})).await;
        let extended = instant(&p["due_at"]);
        // Thirty days are added to the due date as the law counts it, before it was moved off a
        // weekend or holiday; so the shown dates can be a few days less than 30 apart (a due
        // date on 1 January moved to Monday 4 January, extended to Monday 1 February).
        let resumed_on = motcua_domain::vn_date(resumed_due);
        let unmoved = (0..=14)
            .map(|back| resumed_on - chrono::Days::new(back))
            .filter(|d| legal_end(*d) == motcua_domain::vn_local(resumed_due));
        assert!(
            unmoved.clone().any(|d| legal_end(d + chrono::Days::new(30)) == motcua_domain::vn_local(extended)),
            "{extended} is not 30 days after {resumed_due} (as counted before moving: {:?})",
            unmoved.collect::<Vec<_>>()
        );
        assert_eq!(p["extensions"], 1);
        let r = w.act(&p, json!({"action": "extend", "days": "10", "text": "Lần nữa"})).await;
        assert_eq!(r.status(), 409);
        assert_eq!(error_code(r).await, "extension_beyond_limit");
        let p = w.act_ok(&p, json!({"action": "decide", "text": "Tố cáo đúng một phần; kiểm điểm cán bộ."})).await;
        assert_eq!(p["status"], "decided");
        // A finished case takes no more actions.
        let r = w.act(&p, json!({"action": "withdraw"})).await;
        assert_eq!(error_code(r).await, "petition_finished");
        w.app.stop().await;
    }

    async fn of_two_actions_on_one_version_one_wins_and_the_other_gets_a_conflict(backend: Backend) {
        let w = World::new(backend).await;
        let p = w.register(&complaint()).await;
        let _ = w.act_ok(&p, json!({"action": "classify"})).await;
        let r = w.act(&p, json!({"action": "classify", "reasons": "no_signature"})).await;
        assert_eq!(r.status(), 409);
        let got: Value = w.get(&w.handler, &format!("/api/v1/petitions/{}", p["id"].as_str().unwrap())).await.json().await.unwrap();
        assert_eq!(got["status"], "eligible");
        w.app.stop().await;
    }

    async fn a_second_complaint_must_come_inside_its_window(backend: Backend) {
        let w = World::new(backend).await;
        let first = w.register(&complaint()).await;
        let first = w.act_ok(&first, json!({"action": "classify"})).await;
        let first = w.act_ok(&first, json!({"action": "accept"})).await;
        let first = w.act_ok(&first, json!({"action": "decide", "text": "Giữ nguyên quyết định thu hồi"})).await;
        let code = first["code"].as_str().unwrap();
        let mut late = complaint();
        late["first_instance_code"] = json!(code);
        late["decision_received_on"] = json!((motcua_domain::vn_date(Utc::now()) - Duration::days(60)).format("%Y-%m-%d").to_string());
        let r = w.post(&w.handler, "/api/v1/petitions", &late).await;
        assert_eq!(r.status(), 409);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "second_instance_out_of_window", "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains("ngày cuối cùng"), "{v}");
        let mut timely = complaint();
        timely["first_instance_code"] = json!(code);
        let second = w.register(&timely).await;
        assert_eq!(second["instance"], 2);
        let mut unknown = complaint();
        unknown["first_instance_code"] = json!("31825-2020-999999");
        let r = w.post(&w.handler, "/api/v1/petitions", &unknown).await;
        assert_eq!(r.status(), 422);
        w.app.stop().await;
    }

    async fn a_repeated_petition_is_proposed_as_a_duplicate_and_recognised_as_decided(backend: Backend) {
        let w = World::new(backend).await;
        let first = w.register(&complaint()).await;
        let first = w.act_ok(&first, json!({"action": "classify"})).await;
        let first = w.act_ok(&first, json!({"action": "accept"})).await;
        let _ = w.act_ok(&first, json!({"action": "decide", "text": "Giữ nguyên"})).await;
        // Same person, the same matter typed without diacritics.
        let mut again = complaint();
        again["content"] = json!("Toi khong dong y voi muc boi thuong khi thu hoi thua dat so 215 to ban do 12 o ap Dong.");
        again["subject"] = json!("");
        let second = w.register(&again).await;
        let dups = second["duplicates"].as_array().unwrap();
        assert_eq!(dups.len(), 1, "{second}");
        assert_eq!(dups[0]["candidate_code"], first["code"]);
        assert!(dups[0]["score"].as_i64().unwrap() >= 60);
        assert!(dups[0]["reasons"].as_str().unwrap().contains("CCCD"), "{}", dups[0]);
        // An unrelated petition from someone else is not proposed.
        let other = w.register(&json!({"kind": "phan_anh", "content": "Đèn đường ở tổ 3 bị hỏng hai tuần nay.", "sender_name": "Lê Thị Hoa", "sender_address": "Tổ 3"})).await;
        assert_eq!(other["duplicates"], json!([]));
        let path = format!("/api/v1/petitions/{}/duplicates/{}", second["id"].as_str().unwrap(), first["id"].as_str().unwrap());
        let r = w.post(&w.handler, &path, &json!({"decision": "maybe"})).await;
        assert_eq!(r.status(), 422);
        // The case page parses the decision the same way: a mistyped one dismisses nothing.
        let client = w.app.new_client();
        w.app.login(&client, "xulydon.a").await;
        let csrf = w.app.csrf_token(&client).await;
        let page = w.app.url(&format!("/don-thu/{}/trung-lap", second["id"].as_str().unwrap()));
        let form = [("csrf_token", csrf.as_str()), ("candidate", first["id"].as_str().unwrap()), ("decision", "maybe")];
        let r = client.post(&page).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let linked: Value = w.post(&w.handler, &path, &json!({"decision": "link"})).await.json().await.unwrap();
        assert_eq!(linked["duplicates"][0]["decision"], "linked");
        let r = w.post(&w.handler, &path, &json!({"decision": "dismiss"})).await;
        assert_eq!(error_code(r).await, "duplicate_already_decided");
        // The register recognises the repeat on the case page.
        let html = w.app.get(&client, &format!("/don-thu/{}", second["id"].as_str().unwrap())).await.text().await.unwrap();
        assert!(html.contains("petition-repeats"), "repeat not shown");
        assert!(html.contains(first["code"].as_str().unwrap()));
        w.app.stop().await;
    }

    async fn a_denouncer_is_sealed_at_rest_and_revealed_only_to_a_named_handler_with_a_reason(backend: Backend) {
        let w = World::new(backend).await;
        let p = w.register(&denunciation()).await;
        let id = p["id"].as_str().unwrap();
        let code = p["code"].as_str().unwrap();
        // The answer itself shows the pseudonym and a masked working copy.
        assert_eq!(p["sender"], Value::Null);
        assert_eq!(p["sender_label"], format!("Người tố cáo {code}"));
        let body = p.to_string();
        for secret in [DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
        assert!(p["content"].as_str().unwrap().contains("ông Trần Văn X"));
        // At rest: no table holds the identity in clear.
        let row = motcua_store::petitions::get(&w.app.db, motcua_domain::ids::PetitionId::parse(id).unwrap()).await.unwrap();
        assert_eq!(row.sender.name, "");
        assert!(row.sender_sealed.as_deref().is_some_and(|s| s.starts_with("v1.")));
        let dump = format!("{row:?}");
        for secret in [DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE] {
            assert!(!dump.contains(secret), "{secret} stored in clear");
        }
        let audit = motcua_store::audit::for_entity(&w.app.db, "petition", id).await.unwrap();
        assert_eq!(audit.len(), 1);
        assert!(!format!("{audit:?}").contains(DENOUNCER), "identity in the audit log");
        // A reveal needs a reason, and only a handler named on the case gets one.
        let path = format!("/api/v1/petitions/{id}/reveal");
        let r = w.post(&w.handler, &path, &json!({"reason": ""})).await;
        assert_eq!(r.status(), 422);
        assert_eq!(error_code(r).await, "validation_failed");
        assert_eq!(w.post(&w.colleague, &path, &json!({"reason": "Muốn biết ai tố cáo"})).await.status(), 403);
        assert_eq!(w.post(&w.head, &path, &json!({"reason": "Muốn biết ai tố cáo"})).await.status(), 403);
        assert_eq!(w.post(&w.outsider, &path, &json!({"reason": "Muốn biết ai tố cáo"})).await.status(), 404);
        let r = w.post(&w.handler, &path, &json!({"reason": "Liên hệ bổ sung tài liệu chứng cứ"})).await;
        assert_eq!(r.status(), 200);
        let who: Value = r.json().await.unwrap();
        assert_eq!(who["name"], DENOUNCER);
        assert_eq!(who["id_number"], DENOUNCER_ID);
        assert!(who["original_content"].as_str().unwrap().contains(DENOUNCER));
        let reveals = motcua_store::petitions::reveals(&w.app.db, row.id).await.unwrap();
        assert_eq!(reveals.len(), 1);
        assert_eq!(reveals[0].reason, "Liên hệ bổ sung tài liệu chứng cứ");
        // Lists and the dashboard never carry it, for anyone.
        for token in [&w.handler, &w.colleague, &w.head] {
            for path in ["/api/v1/petitions", "/api/v1/petitions/dashboard", &format!("/api/v1/petitions/{id}")] {
                let text = w.get(token, path).await.text().await.unwrap();
                for secret in [DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE] {
                    assert!(!text.contains(secret), "{secret} in {path}");
                }
            }
        }
        w.app.stop().await;
    }

    async fn the_dashboard_counts_by_unit_kind_and_state_with_the_overdue(backend: Backend) {
        let w = World::new(backend).await;
        w.register(&complaint()).await;
        let mut old = complaint();
        // Received long ago: its acceptance deadline has passed and it has waited over 45 days.
        old["received_at"] = json!(motcua_domain::vn_local(Utc::now() - Duration::days(60)).format("%Y-%m-%dT%H:%M").to_string());
        w.register(&old).await;
        w.register(&denunciation()).await;
        let cells: Value = w.get(&w.head, "/api/v1/petitions/dashboard").await.json().await.unwrap();
        let complaints: Vec<&Value> = cells.as_array().unwrap().iter().filter(|c| c["kind"] == "khieu_nai").collect();
        assert_eq!(complaints.len(), 1, "{cells}");
        assert_eq!(complaints[0]["count"], 2);
        assert_eq!(complaints[0]["overdue"], 1);
        assert_eq!(complaints[0]["long_pending"], 1);
        assert_eq!(complaints[0]["unit_id"], w.commune.to_string());
        let overdue: Value = w.get(&w.head, "/api/v1/petitions?overdue=true").await.json().await.unwrap();
        assert_eq!(overdue.as_array().unwrap().len(), 1);
        let r = w.get(&w.head, "/api/v1/petitions?status=lost").await;
        assert_eq!(r.status(), 422);
        w.app.stop().await;
    }
}
