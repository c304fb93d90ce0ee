//! Citizen reception over real HTTP: the heads' schedule and its gaps, sessions and visits in
//! the reception log with its exports, a denouncer kept secret everywhere, and bad input.

use chrono::Datelike as _;
use motcua_domain::ids::UnitId;
use motcua_domain::role::Role;
use motcua_store::reception;

use crate::dossier_fixtures::vn_today;
use crate::helpers::*;
use motcua_test_support::backend_test;

const PROTECTED: &str = "Người tố cáo (đã được giữ bí mật)";
const DENOUNCER: &str = "Trần Thị Kín Đáo";
const DENOUNCER_ID: &str = "079188004321";
const DENOUNCER_ADDRESS: &str = "Ấp Mười Hai, Phường Bạc Liêu";

/// A commune with a petition handler and its chairman, a second commune with its own handler,
/// and a desk officer, who has no business with petitions.
struct Reception {
    app: TestApp,
    ward: UnitId,
}

async fn reception(backend: Backend) -> Reception {
    let app = TestApp::spawn(backend).await;
    let province = app.create_unit("96", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("PBL", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let other = app
        .create_unit("PHT", "Phường Hiệp Thành", "commune", Some(province))
        .await;
    for (login, role, unit) in [
        ("xu.ly.don", Role::PetitionHandler, ward),
        ("lanh.dao", Role::Head, ward),
        ("mot.cua", Role::DeskOfficer, ward),
        ("xu.ly.don.khac", Role::PetitionHandler, other),
    ] {
        app.create_user_in(login, Some(unit), &[(role, Some(unit))])
            .await;
    }
    Reception { app, ward }
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("csrf_token", csrf)];
    all.extend_from_slice(fields);
    client
        .post(app.url(path))
        .form(&all)
        .send()
        .await
        .expect("POST")
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = app.get(client, path).await;
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

/// Opens a routine session today; returns its id.
async fn open_session(app: &TestApp, client: &reqwest::Client, csrf: &str) -> String {
    let today = vn_today().format("%Y-%m-%d").to_string();
    let r = post(
        app,
        client,
        csrf,
        "/tiep-cong-dan/phien",
        &[
            ("kind", "routine"),
            ("held_on", &today),
            ("host_name", "Lê Văn Trực"),
            ("host_title", "Công chức Thanh tra"),
            ("place", "Trụ sở UBND phường"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let to = r.headers()["location"].to_str().expect("location");
    to.strip_prefix("/tiep-cong-dan/phien/")
        .expect("redirect to the session")
        .to_owned()
}

/// A valid visit, with `changes` applied.
fn visit<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut base = vec![
        ("visitor_name", "Nguyễn Văn Khánh"),
        ("visitor_address", "Khóm 3, Phường Bạc Liêu"),
        ("visitor_id_number", "079085001234"),
        ("people_count", "1"),
        ("representatives", ""),
        ("content", "Khiếu nại quyết định thu hồi đất."),
        ("class", "KN"),
        ("prior_handling", ""),
        ("within_competence", "yes"),
        ("guidance", ""),
        ("forwarded_to", ""),
        ("documents", ""),
    ];
    for (k, v) in changes {
        match base.iter_mut().find(|(bk, _)| bk == k) {
            Some(slot) => slot.1 = v,
            None => base.push((k, v)),
        }
    }
    base
}

async fn add_visit(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    session: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    post(
        app,
        client,
        csrf,
        &format!("/tiep-cong-dan/phien/{session}/luot"),
        fields,
    )
    .await
}

/// The message shown beside `field` (its element id).
fn field_error<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!(r#"id="{id}-error">"#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no error {id} in:\n{html}"))
        + marker.len();
    let end = html[start..].find("</p>").expect("end") + start;
    &html[start..end]
}

/// The first week or month the schedule page reports as short, `yyyy-mm-dd`.
fn first_gap(html: &str) -> Option<String> {
    let marker = r#"class="gap" data-from=""#;
    let start = html.find(marker)? + marker.len();
    Some(html[start..start + 10].to_owned())
}

backend_test! {
    async fn a_week_without_a_reception_day_shows_a_gap_until_one_is_planned(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;

        let (status, html) = page(app, &client, "/tiep-cong-dan").await;
        assert_eq!(status, 200, "{html}");
        let week = first_gap(&html).expect("an empty schedule has gaps");
        let monday = chrono::NaiveDate::parse_from_str(&week, "%Y-%m-%d").expect("date");
        let label = format!("Tuần {}/{}", monday.iso_week().week(), monday.iso_week().year());
        assert!(html.contains(&label), "{label} in:\n{html}");
        assert!(html.contains("chưa có lịch tiếp công dân của Chủ tịch UBND xã"), "{html}");
        assert!(html.contains("Luật Tiếp công dân 2013"), "the rule's source: {html}");

        let r2 = post(
            app,
            &client,
            &csrf,
            "/tiep-cong-dan/lich",
            &[
                ("head_role", "commune_chairman"),
                ("head_name", "Phạm Văn Chủ"),
                ("day", &week),
                ("place", "Trụ sở UBND phường"),
            ],
        )
        .await;
        assert_eq!(r2.status(), 303, "{}", r2.text().await.unwrap_or_default());

        let (status, html) = page(app, &client, "/tiep-cong-dan?xong=lich").await;
        assert_eq!(status, 200);
        assert!(!html.contains(&format!(r#"data-from="{week}""#)), "{html}");
        assert!(!html.contains(&format!("{label} (")), "{html}");
        assert!(html.contains("Phạm Văn Chủ"), "the planned day is listed: {html}");
        assert!(html.contains("Đã thêm ngày tiếp công dân"), "{html}");

        // The chairman may read the schedule but not change it.
        let head = app.new_client();
        let head_csrf = app.login(&head, "lanh.dao").await;
        let (status, html) = page(app, &head, "/tiep-cong-dan").await;
        assert_eq!(status, 200);
        assert!(!html.contains(r#"id="form-day""#), "{html}");
        let r3 = post(
            app,
            &head,
            &head_csrf,
            "/tiep-cong-dan/lich",
            &[("head_role", "commune_chairman"), ("head_name", "X"), ("day", &week)],
        )
        .await;
        assert_eq!(r3.status(), 403);
    }

    async fn two_visits_make_lines_1_and_2_of_the_log_and_its_exports(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;
        let session = open_session(app, &client, &csrf).await;
        let first = visit(&[("documents", "Đơn khiếu nại\nQuyết định thu hồi đất số 12")]);
        let res = add_visit(app, &client, &csrf, &session, &first).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
        let second = visit(&[
            ("visitor_name", "Lý Thị Đoàn"),
            ("people_count", "12"),
            ("representatives", "Lý Thị Đoàn\nHồ Văn Nhóm"),
            ("content", "Kiến nghị sửa đường Khóm 5."),
            ("class", "KN-PA"),
            ("within_competence", "no"),
            ("forwarded_to", "Sở Xây dựng"),
        ]);
        let res = add_visit(app, &client, &csrf, &session, &second).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());

        let (status, html) = page(app, &client, &format!("/tiep-cong-dan/phien/{session}")).await;
        assert_eq!(status, 200);
        let a = html.find("Nguyễn Văn Khánh").expect("first visitor");
        let b = html.find("Lý Thị Đoàn").expect("second visitor");
        assert!(a < b, "visits in log order");
        let year = vn_today().year();
        assert!(html.contains(&format!("Lượt số 1/{year}")), "{html}");
        assert!(html.contains(&format!("Lượt số 2/{year}")), "{html}");
        assert!(html.contains("/don-thu/dang-ky?visit="), "the link to the register: {html}");

        let stored = reception::log(&app.db, r.ward, year).await.expect("log");
        assert_eq!(stored.iter().map(|v| v.log_number).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(stored[1].same_content_count, 12);

        let log = app.get(&client, &format!("/tiep-cong-dan/so?nam={year}")).await;
        assert_eq!(log.status(), 200);
        let html = log.text().await.expect("log page");
        assert!(html.contains("Nguyễn Văn Khánh") && html.contains("Sở Xây dựng"), "{html}");

        let csv = app
            .get(&client, &format!("/tiep-cong-dan/so?nam={year}&dinh_dang=csv"))
            .await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let bytes = csv.bytes().await.expect("csv");
        let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
        assert_eq!(header, motcua_forms::RECEPTION_LOG_COLUMNS.to_vec());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "1");
        assert_eq!(&rows[1][0], "2");
        assert_eq!(&rows[0][5], "KN");
        assert_eq!(&rows[1][5], "KN-PA");
        assert_eq!(&rows[1][6], "12");
        assert!(rows[1][2].contains("Hồ Văn Nhóm"), "the group's representatives");
        assert_eq!(&rows[0][8], "x");
        assert_eq!(&rows[1][8], "");

        let xlsx = app
            .get(&client, &format!("/tiep-cong-dan/so?nam={year}&dinh_dang=xlsx"))
            .await;
        assert_eq!(xlsx.status(), 200);
        assert!(xlsx.bytes().await.expect("xlsx").starts_with(b"PK"));
        let pdf = app
            .get(&client, &format!("/tiep-cong-dan/so?nam={year}&dinh_dang=pdf"))
            .await;
        assert_eq!(pdf.status(), 200);
        assert!(pdf.bytes().await.expect("pdf").starts_with(b"%PDF"));

        // The receipt lists what was handed over; a visit with nothing handed over has none.
        let receipt = format!("/tiep-cong-dan/phien/{session}/luot/{}/bien-nhan", stored[0].id);
        let (status, html) = page(app, &client, &receipt).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Quyết định thu hồi đất số 12"), "{html}");
        assert!(html.contains("Nguyễn Văn Khánh"), "{html}");
        let pdf = app.get(&client, &format!("{receipt}.pdf")).await;
        assert_eq!(pdf.status(), 200);
        let none = format!("/tiep-cong-dan/phien/{session}/luot/{}/bien-nhan", stored[1].id);
        let (status, html) = page(app, &client, &none).await;
        assert_eq!(status, 409);
        assert!(html.contains("không nhận thông tin, tài liệu nào"), "{html}");
    }

    async fn a_denouncers_identity_appears_nowhere_but_the_seal(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;
        let session = open_session(app, &client, &csrf).await;
        let content = format!("Tôi là {DENOUNCER}, tố cáo ông Y nhận tiền của dân.");
        let documents = format!("Đơn tố cáo của {DENOUNCER}\nẢnh chụp biên lai");
        let fields = visit(&[
            ("visitor_name", DENOUNCER),
            ("visitor_address", DENOUNCER_ADDRESS),
            ("visitor_id_number", DENOUNCER_ID),
            ("content", &content),
            ("class", "TC"),
            ("documents", &documents),
        ]);
        let res = add_visit(app, &client, &csrf, &session, &fields).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());

        let year = vn_today().year();
        let stored = reception::log(&app.db, r.ward, year).await.expect("log");
        let v = &stored[0];
        let sealed = v.visitor_sealed.as_deref().expect("sealed");
        for secret in [DENOUNCER, DENOUNCER_ID, DENOUNCER_ADDRESS] {
            assert!(!sealed.contains(secret));
            assert!(!format!("{v:?}").contains(secret), "{secret} in the stored row: {v:?}");
        }
        assert_eq!(v.kind, "to_cao");

        let hidden = |what: &str, text: &str| {
            for secret in [DENOUNCER, DENOUNCER_ID, DENOUNCER_ADDRESS, "Kín Đáo"] {
                assert!(!text.contains(secret), "{secret} in the {what}:\n{text}");
            }
            assert!(text.contains(PROTECTED), "no protected label in the {what}:\n{text}");
        };
        let (status, html) = page(app, &client, &format!("/tiep-cong-dan/phien/{session}")).await;
        assert_eq!(status, 200);
        hidden("session page", &html);
        assert!(html.contains("tố cáo ông Y"), "the content is kept: {html}");
        let (status, html) = page(app, &client, &format!("/tiep-cong-dan/so?nam={year}")).await;
        assert_eq!(status, 200);
        hidden("log", &html);
        let csv = app
            .get(&client, &format!("/tiep-cong-dan/so?nam={year}&dinh_dang=csv"))
            .await
            .bytes()
            .await
            .expect("csv");
        hidden("CSV", &String::from_utf8_lossy(&csv));
        let receipt = format!("/tiep-cong-dan/phien/{session}/luot/{}/bien-nhan", v.id);
        let (status, html) = page(app, &client, &receipt).await;
        assert_eq!(status, 200, "{html}");
        hidden("receipt", &html);
        let xlsx = app
            .get(&client, &format!("/tiep-cong-dan/so?nam={year}&dinh_dang=xlsx"))
            .await
            .bytes()
            .await
            .expect("xlsx");
        let sheet = xlsx_text(&xlsx);
        hidden("XLSX", &sheet);
    }

    async fn a_visit_or_session_past_a_field_maximum_is_refused_and_not_logged(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;
        let session = open_session(app, &client, &csrf).await;
        let name = "Nguyễn".repeat(40);
        let address = "x".repeat(501);
        let res = add_visit(app, &client, &csrf, &session, &visit(&[("visitor_name", &name), ("visitor_address", &address)])).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "visit-visitor_name").contains("tối đa 200 ký tự"), "{html}");
        assert!(field_error(&html, "visit-visitor_address").contains("tối đa 500 ký tự"), "{html}");
        let (_, log) = page(app, &client, &format!("/tiep-cong-dan/so?nam={}&dinh_dang=csv", vn_today().format("%Y"))).await;
        assert_eq!(log.trim_start_matches('\u{feff}').lines().count(), 1, "only the header: {log}");
        let long_host = "h".repeat(201);
        let today = vn_today().format("%Y-%m-%d").to_string();
        let res = post(app, &client, &csrf, "/tiep-cong-dan/phien", &[("kind", "routine"), ("held_on", &today), ("host_name", &long_host)]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "session-host_name").contains("tối đa 200 ký tự"), "{html}");
        let res = post(app, &client, &csrf, &format!("/tiep-cong-dan/phien/{session}/ket-luan"), &[("conclusion", &"k".repeat(5_001))]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.expect("page").contains("Kết luận dài quá mức cho phép"));
    }

    async fn bad_input_gets_clear_messages_and_never_a_500(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;
        let session = open_session(app, &client, &csrf).await;
        let path = format!("/tiep-cong-dan/phien/{session}/luot");

        let res = add_visit(app, &client, &csrf, &session, &visit(&[("content", "  ")])).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "visit-content").contains("tóm tắt nội dung"), "{html}");
        assert!(html.contains("Nguyễn Văn Khánh"), "what was typed is kept");

        for count in ["0", "-3", "nhiều"] {
            let res = add_visit(app, &client, &csrf, &session, &visit(&[("people_count", count)])).await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.expect("page");
            assert!(field_error(&html, "visit-people_count").contains("từ 1 trở lên"), "{html}");
        }
        let res = add_visit(app, &client, &csrf, &session, &visit(&[("class", "XX")])).await;
        assert_eq!(res.status(), 422);

        for date in ["31/02/2026", "hôm qua", ""] {
            let res = post(
                app,
                &client,
                &csrf,
                "/tiep-cong-dan/phien",
                &[("kind", "routine"), ("held_on", date), ("host_name", "Lê Văn Trực")],
            )
            .await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.expect("page");
            assert!(field_error(&html, "session-held_on").contains("Ngày không hợp lệ"), "{html}");
            let res = post(
                app,
                &client,
                &csrf,
                "/tiep-cong-dan/lich",
                &[("head_role", "commune_chairman"), ("head_name", "Phạm Văn Chủ"), ("day", date)],
            )
            .await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.expect("page");
            assert!(field_error(&html, "day-day").contains("Ngày không hợp lệ"), "{html}");
        }

        let day = [("head_role", "commune_chairman"), ("head_name", "Phạm Văn Chủ"), ("day", "15/07/2026")];
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &day).await;
        assert_eq!(res.status(), 303);
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &day).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "day-day").contains("đã có trong lịch"), "{html}");

        let res = post(
            app,
            &client,
            &csrf,
            &format!("/tiep-cong-dan/phien/{session}/ket-luan"),
            &[("conclusion", " ")],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "conclusion-conclusion").contains("kết luận"), "{html}");

        // Without the CSRF token.
        let res = client
            .post(app.url(&path))
            .form(&visit(&[]))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 403);

        // Another commune's handler does not learn the session exists.
        let other = app.new_client();
        let other_csrf = app.login(&other, "xu.ly.don.khac").await;
        let res = add_visit(app, &other, &other_csrf, &session, &visit(&[])).await;
        assert_eq!(res.status(), 404);
        let (status, _) = page(app, &other, &format!("/tiep-cong-dan/phien/{session}")).await;
        assert_eq!(status, 404);

        // The chairman reads, the desk officer has no business here.
        let head = app.new_client();
        let head_csrf = app.login(&head, "lanh.dao").await;
        let (status, html) = page(app, &head, &format!("/tiep-cong-dan/phien/{session}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains(r#"id="form-visit""#), "{html}");
        let res = add_visit(app, &head, &head_csrf, &session, &visit(&[])).await;
        assert_eq!(res.status(), 403);
        let desk = app.new_client();
        app.login(&desk, "mot.cua").await;
        for path in ["/tiep-cong-dan", "/tiep-cong-dan/so"] {
            let (status, _) = page(app, &desk, path).await;
            assert_eq!(status, 403, "{path}");
        }

        let (status, _) = page(app, &client, "/tiep-cong-dan/phien/khong-co").await;
        assert_eq!(status, 404);
        let (status, html) = page(app, &client, "/tiep-cong-dan/so?nam=abc").await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Năm không hợp lệ"), "{html}");
        let (status, _) = page(app, &client, "/tiep-cong-dan/so?dinh_dang=doc").await;
        assert_eq!(status, 422);
        let stored = reception::log(&app.db, r.ward, vn_today().year()).await.expect("log");
        assert!(stored.is_empty(), "nothing bad was written: {stored:?}");
    }

    async fn what_the_rules_refuse_is_said_beside_its_field_in_the_pages_language(backend: Backend) {
        let r = reception(backend).await;
        let app = &r.app;
        let client = app.new_client();
        let csrf = app.login(&client, "xu.ly.don").await;

        // The districts are gone from 1 July 2026: their chairman has no reception duty left.
        let district = [("head_role", "district_chairman"), ("head_name", "Phạm Văn Huyện"), ("day", "15/07/2026")];
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &district).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "day-head_role").contains("không có lịch tiếp công dân định kỳ"), "{html}");
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &[("head_role", "mayor"), ("head_name", "Phạm Văn Chủ"), ("day", "15/07/2026")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "day-head_role").contains("Hãy chọn chức danh"), "{html}");

        let res = post(app, &client, &csrf, "/tiep-cong-dan/phien", &[("kind", "weekly"), ("held_on", "15/07/2026"), ("host_name", "Lê Văn Trực")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "session-kind").contains("hình thức tiếp công dân"), "{html}");

        let session = open_session(app, &client, &csrf).await;
        let res = add_visit(app, &client, &csrf, &session, &visit(&[("within_competence", "maybe")])).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "visit-within_competence").contains("thẩm quyền"), "{html}");

        // Another commune's handler cannot conclude the session, nor learn it exists.
        let other = app.new_client();
        let other_csrf = app.login(&other, "xu.ly.don.khac").await;
        let res = post(app, &other, &other_csrf, &format!("/tiep-cong-dan/phien/{session}/ket-luan"), &[("conclusion", "Đã tiếp.")]).await;
        assert_eq!(res.status(), 404);

        // A conflict found by the operation reads in English on an English page.
        let (status, _) = page(app, &client, "/tiep-cong-dan?lang=en").await;
        assert_eq!(status, 200);
        let day = [("head_role", "commune_chairman"), ("head_name", "Phạm Văn Chủ"), ("day", "16/07/2026")];
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &day).await;
        assert_eq!(res.status(), 303);
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &day).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert_eq!(field_error(&html, "day-day"), "This reception day of the chosen office is already in the schedule.");
        let res = post(app, &client, &csrf, "/tiep-cong-dan/lich", &district).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("page");
        assert!(field_error(&html, "day-head_role").contains("no periodic reception duty"), "{html}");

        let stored = reception::log(&app.db, r.ward, vn_today().year()).await.expect("log");
        assert!(stored.is_empty(), "no visit was written: {stored:?}");
        let (_, html) = page(app, &client, &format!("/tiep-cong-dan/phien/{session}")).await;
        assert!(!html.contains("Đã tiếp."), "the other commune's conclusion was not written");
    }
}

/// The text of every part of an XLSX file (a zip of XML parts), to look for what the sheet
/// says. The test crate has no zip reader, hence this small one: the central directory for the
/// entries, and an inflater for the deflated ones (RFC 1951).
pub(crate) fn xlsx_text(bytes: &[u8]) -> String {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let u32_at = |i: usize| {
        usize::try_from(u32::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
        ]))
        .expect("size")
    };
    let end = (0..=bytes.len() - 22)
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    let mut out = String::new();
    for _ in 0..count {
        assert_eq!(bytes[at..at + 4], [0x50, 0x4b, 0x01, 0x02], "central entry");
        let method = u16_at(at + 10);
        let size = u32_at(at + 20);
        let local = u32_at(at + 42);
        at += 46 + u16_at(at + 28) + u16_at(at + 30) + u16_at(at + 32);
        let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let part = match method {
            0 => bytes[data..data + size].to_vec(),
            8 => inflate(&bytes[data..]),
            other => panic!("zip method {other}"),
        };
        out.push_str(&String::from_utf8_lossy(&part));
    }
    out
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn bit(&mut self) -> u32 {
        let b = u32::from(self.data[self.pos / 8] >> (self.pos % 8)) & 1;
        self.pos += 1;
        b
    }

    /// `n` bits, least significant first.
    fn bits(&mut self, n: u32) -> usize {
        (0..n).fold(0, |v, i| v | (self.bit() as usize) << i)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [i32; 16],
    symbols: Vec<usize>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Self {
        let mut counts = [0i32; 16];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        counts[0] = 0;
        let mut symbols: Vec<(u8, usize)> = lengths
            .iter()
            .enumerate()
            .filter(|(_, l)| **l > 0)
            .map(|(s, l)| (*l, s))
            .collect();
        symbols.sort_unstable();
        Self {
            counts,
            symbols: symbols.into_iter().map(|(_, s)| s).collect(),
        }
    }

    fn decode(&self, b: &mut Bits<'_>) -> usize {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= i32::try_from(b.bit()).expect("bit");
            let count = self.counts[len];
            if code - count < first {
                return self.symbols[usize::try_from(index + code - first).expect("index")];
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        panic!("bad Huffman code");
    }
}

fn inflate(data: &[u8]) -> Vec<u8> {
    const LEN_BASE: [usize; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [usize; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [u32; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let mut b = Bits { data, pos: 0 };
    let mut out: Vec<u8> = Vec::new();
    loop {
        let last = b.bit() == 1;
        let (lit, dist) = match b.bits(2) {
            0 => {
                b.pos = b.pos.div_ceil(8) * 8;
                let start = b.pos / 8;
                let len = usize::from(u16::from_le_bytes([data[start], data[start + 1]]));
                out.extend_from_slice(&data[start + 4..start + 4 + len]);
                b.pos = (start + 4 + len) * 8;
                if last {
                    return out;
                }
                continue;
            }
            1 => {
                let mut l = [8u8; 288];
                l[144..256].fill(9);
                l[256..280].fill(7);
                (Huffman::new(&l), Huffman::new(&[5u8; 30]))
            }
            2 => {
                let nlit = b.bits(5) + 257;
                let ndist = b.bits(5) + 1;
                let ncode = b.bits(4) + 4;
                let mut cl = [0u8; 19];
                for &i in &ORDER[..ncode] {
                    cl[i] = u8::try_from(b.bits(3)).expect("length");
                }
                let ch = Huffman::new(&cl);
                let mut lengths: Vec<u8> = Vec::new();
                while lengths.len() < nlit + ndist {
                    match ch.decode(&mut b) {
                        s @ 0..=15 => lengths.push(u8::try_from(s).expect("length")),
                        16 => {
                            let prev = *lengths.last().expect("a previous length");
                            let n = 3 + b.bits(2);
                            lengths.extend(std::iter::repeat_n(prev, n));
                        }
                        17 => {
                            let n = 3 + b.bits(3);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                        _ => {
                            let n = 11 + b.bits(7);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                    }
                }
                (
                    Huffman::new(&lengths[..nlit]),
                    Huffman::new(&lengths[nlit..]),
                )
            }
            _ => panic!("reserved block type"),
        };
        loop {
            let sym = lit.decode(&mut b);
            match sym {
                0..=255 => out.push(u8::try_from(sym).expect("byte")),
                256 => break,
                _ => {
                    let i = sym - 257;
                    let len = LEN_BASE[i] + b.bits(LEN_EXTRA[i]);
                    let d = dist.decode(&mut b);
                    let back = DIST_BASE[d] + b.bits(DIST_EXTRA[d]);
                    let from = out.len() - back;
                    for k in 0..len {
                        out.push(out[from + k]);
                    }
                }
            }
        }
        if last {
            return out;
        }
    }
}
