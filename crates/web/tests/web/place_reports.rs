//! Place reports through the pages and Open311: filing with a photo, routing to the ward that
//! holds the place, what is refused (and that nothing of it is stored), staff's updates reaching
//! followers, duplicates linked both ways, and the GeoReport v2 endpoint in JSON and XML, also
//! through a third-party client.

use std::io::Cursor;

use motcua_domain::ids::UnitId;
use motcua_domain::report::category::{Category, Datatype, Question, Routing};
use motcua_domain::report::place::Boundary;
use motcua_domain::role::Role;
use motcua_store::AuditContext;
use motcua_store::reports::setup;
use reqwest::multipart::{Form, Part};

use crate::helpers::*;
use motcua_test_support::backend_test;

/// A province with two wards side by side, each with a boundary; the province's flooding
/// category routed by area, a ward's own category, and a handler, a moderator and a citizen.
struct World {
    app: TestApp,
    ward: UnitId,
    other: UnitId,
}

const IN_WARD: (&str, &str) = ("9.2850", "105.7200");
const IN_OTHER: (&str, &str) = ("9.2850", "105.7700");
const AT_SEA: (&str, &str) = ("9.1000", "105.9000");

async fn world(backend: Backend) -> World {
    let app = TestApp::spawn_with(backend, |c| c.body_limit_bytes = 64 * 1024 * 1024).await;
    let province = app.create_unit("96", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("31825", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let other = app
        .create_unit("31834", "Phường Vĩnh Trạch", "commune", Some(province))
        .await;
    let mut tx = app.db.begin().await.unwrap();
    let ctx = AuditContext::system();
    let now = motcua_store::now();
    for (unit, west, east) in [(ward, 105.70, 105.745), (other, 105.745, 105.80)] {
        let ring =
            Boundary::new(vec![[west, 9.26], [east, 9.26], [east, 9.30], [west, 9.30]]).unwrap();
        setup::replace_boundary(&mut tx, &ctx, unit, &[ring], now)
            .await
            .unwrap();
    }
    let flooding = Category {
        code: "ngap-nuoc".into(),
        unit: province,
        name: "Ngập nước".into(),
        group: "Hạ tầng".into(),
        description: "Đường ngập".into(),
        routing: Routing::Area,
        questions: vec![Question {
            code: "depth".into(),
            datatype: Datatype::Singlevaluelist,
            required: true,
            description: "Mức ngập".into(),
            values: vec![
                ("ankle".into(), "Mắt cá".into()),
                ("knee".into(), "Đầu gối".into()),
            ],
        }],
    };
    let market = Category {
        code: "cho-tam".into(),
        unit: ward,
        name: "Chợ tạm".into(),
        group: "Trật tự".into(),
        description: String::new(),
        routing: Routing::Area,
        questions: vec![],
    };
    for c in [&flooding, &market] {
        setup::save_category(&mut tx, &ctx, c, true, now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    app.create_user_in("xu.ly", Some(ward), &[(Role::PetitionHandler, Some(ward))])
        .await;
    app.create_user_in(
        "kiem.duyet",
        Some(province),
        &[(Role::Moderator, Some(province))],
    )
    .await;
    app.create_user("0912345678", &[(Role::Citizen, None)])
        .await;
    app.create_user("0987654321", &[(Role::Citizen, None)])
        .await;
    World { app, ward, other }
}

/// A JPEG carrying an EXIF block with a GPS position, as a phone writes it.
pub(crate) fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(2400, 1200, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 80])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let payload = b"Exif\0\0GPSLatitude 9.2850 GPSLongitude 105.7200 Make CameraPhone";
    let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1, len[0], len[1]];
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn report_form(csrf: &str, fields: &[(&str, &str)], photos: Vec<(&str, Vec<u8>)>) -> Form {
    let mut base = vec![
        ("csrf_token", csrf),
        ("category", "ngap-nuoc"),
        ("attribute[depth]", "knee"),
        ("lat", IN_WARD.0),
        ("lon", IN_WARD.1),
        ("address", "Hẻm 12 Trần Phú"),
        ("description", "Hẻm ngập đến đầu gối sau cơn mưa chiều nay."),
    ];
    for (k, v) in fields {
        base.retain(|(bk, _)| bk != k);
        base.push((k, v));
    }
    let mut form = Form::new();
    for (k, v) in base {
        form = form.text(k.to_owned(), v.to_owned());
    }
    for (name, bytes) in photos {
        form = form.part("photos", Part::bytes(bytes).file_name(name.to_owned()));
    }
    form
}

/// Fields to change, photos to send, and the message the page must show.
type BadCase<'a> = (Vec<(&'a str, &'a str)>, Vec<(&'a str, Vec<u8>)>, &'a str);

/// Every stored file: its kind and content.
async fn stored_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    const SQL: &str = "SELECT kind, content FROM stored_file";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    }
}

/// A report's photo as served, once the photo worker has rendered it (it starts when the
/// filing commits; the wait is bounded so a stuck worker fails the test).
async fn rendered_photo(app: &TestApp, code: &str, n: usize) -> Vec<u8> {
    for _ in 0..300 {
        let r = app
            .new_client()
            .get(app.url(&format!("/phan-anh/{code}/anh/{n}")))
            .send()
            .await
            .unwrap();
        if r.status() == 200 {
            return r.bytes().await.unwrap().to_vec();
        }
        assert_eq!(r.status(), 404, "a pending photo is not served");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("photo {n} of {code} was not rendered within 30 s");
}

/// Waits until no photo is pending.
async fn all_rendered(app: &TestApp) {
    for _ in 0..300 {
        let sql = "SELECT COUNT(*) FROM report_photo WHERE pending = $1";
        let n: i64 = match &app.db {
            motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(sql)
                .bind(true)
                .fetch_one(p)
                .await
                .unwrap(),
            motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(sql)
                .bind(true)
                .fetch_one(p)
                .await
                .unwrap(),
        };
        if n == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("photos still pending after 30 s");
}

/// A PNG whose header is sound and whose picture data is not: taken in at filing, refused by
/// the decoder after.
fn png_damaged_past_its_header() -> Vec<u8> {
    let img = image::RgbImage::from_fn(300, 200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 7])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut png[idat + 20..idat + 220] {
        *b = 0xAA;
    }
    png
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
    }
}

/// Who the outbox writes to about one report.
async fn recipients(app: &TestApp, report: &str) -> Vec<String> {
    const SQL: &str =
        "SELECT recipient FROM outbox_message WHERE entity_id = $1 ORDER BY created_at";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(SQL)
            .bind(report)
            .fetch_all(p)
            .await
            .unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(SQL)
            .bind(report)
            .fetch_all(p)
            .await
            .unwrap(),
    }
}

async fn file(app: &TestApp, client: &reqwest::Client, form: Form) -> reqwest::Response {
    client
        .post(app.url("/phan-anh/gui"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

backend_test! {
    async fn a_citizen_files_a_report_with_a_photo_routed_to_the_ward_and_stripped_of_its_position(backend: Backend) {
        let w = world(backend).await;
        let client = new_client();
        let csrf = w.app.login(&client, "0912345678").await;
        let r = file(&w.app, &client, report_form(&csrf, &[], vec![("IMG_0001.jpg", phone_photo())])).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let code = to.trim_start_matches("/phan-anh/").split('?').next().unwrap().to_owned();
        let stored = motcua_store::reports::read::by_code(&w.app.db, &code).await.unwrap();
        assert_eq!(stored.unit, w.ward, "the ward whose boundary holds the point answers");
        assert_eq!(stored.answers, vec![("depth".to_owned(), "knee".to_owned())]);
        assert!(stored.answer_due > stored.acknowledge_due);
        let html = w.app.get(&client, &to).await.text().await.unwrap();
        assert!(html.contains(&code) && html.contains("Phường Bạc Liêu") && html.contains("Đầu gối"));
        // What filing stored is already without the camera's EXIF block and GPS position.
        let files = stored_files(&w.app).await;
        assert!(!files.is_empty());
        for (kind, content) in &files {
            let text = String::from_utf8_lossy(content);
            assert!(!text.contains("Exif") && !text.contains("GPSLatitude"), "{kind}");
        }
        // The photo as served once the worker rendered it: a JPEG, resized to 1600 px.
        let bytes = rendered_photo(&w.app, &code, 0).await;
        assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::Jpeg);
        assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 1600);
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Exif") && !text.contains("GPSLatitude"));
        // The full-size original is gone once its rendering took its place.
        assert!(stored_files(&w.app).await.iter().all(|(kind, _)| kind != "report-photo-original"));
        // Another resident sees it offered as a duplicate within 250 m, and supports it.
        let near = w.app.new_client()
            .get(w.app.url(&format!("/phan-anh/gan-day?category=ngap-nuoc&lat=9.2860&lon={}", IN_WARD.1)))
            .send().await.unwrap().json::<Vec<serde_json::Value>>().await.unwrap();
        assert_eq!(near.len(), 1);
        assert_eq!(near[0]["code"], code.as_str());
        let far = w.app.new_client()
            .get(w.app.url(&format!("/phan-anh/gan-day?category=ngap-nuoc&lat=9.2900&lon={}", IN_WARD.1)))
            .send().await.unwrap().json::<Vec<serde_json::Value>>().await.unwrap();
        assert!(far.is_empty(), "550 m away is not nearby");
        // The public page does not show the reporter's account name when they ask to be anonymous.
        let anon = file(&w.app, &client, report_form(&csrf, &[("anonymous", "1"), ("lat", IN_OTHER.0), ("lon", IN_OTHER.1)], vec![])).await;
        let anon_to = anon.headers()["location"].to_str().unwrap().to_owned();
        let public = w.app.new_client().get(w.app.url(&anon_to)).send().await.unwrap().text().await.unwrap();
        assert!(!public.contains("id=\"report-reporter\""));
        let anon_code = anon_to.trim_start_matches("/phan-anh/").split('?').next().unwrap();
        let other = motcua_store::reports::read::by_code(&w.app.db, anon_code).await.unwrap();
        assert_eq!(other.unit, w.other);
    }

    async fn a_photo_damaged_past_its_header_is_dropped_after_filing_with_a_note_for_staff(backend: Backend) {
        let w = world(backend).await;
        let client = new_client();
        let csrf = w.app.login(&client, "0912345678").await;
        let r = file(&w.app, &client, report_form(&csrf, &[], vec![("man-hinh.png", png_damaged_past_its_header())])).await;
        assert_eq!(r.status(), 303, "the header is sound, so the report is filed");
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        all_rendered(&w.app).await;
        assert_eq!(count(&w.app, "report_photo").await, 0, "the damaged photo is removed");
        assert!(stored_files(&w.app).await.iter().all(|(kind, _)| kind != "report-photo-original"));
        let note = "không đọc được";
        let officer = new_client();
        w.app.login(&officer, "xu.ly").await;
        let staff_view = officer.get(w.app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(staff_view.contains(note), "staff are told why the photo is missing");
        let public = w.app.new_client().get(w.app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(!public.contains(note) && !public.contains("/anh/0"));
    }

    async fn bad_reports_get_a_clear_message_and_leave_nothing_stored(backend: Backend) {
        let w = world(backend).await;
        let client = new_client();
        let csrf = w.app.login(&client, "0912345678").await;
        let files_before = count(&w.app, "stored_file").await;
        let long = "a".repeat(4001);
        let cases: Vec<BadCase<'_>> = vec![
            (vec![("lat", AT_SEA.0), ("lon", AT_SEA.1)], vec![], "nằm ngoài địa bàn"),
            (vec![("lat", ""), ("lon", ""), ("unit_id", "")], vec![], "Vui lòng cho biết vị trí"),
            (vec![("lat", "abc")], vec![], "Vĩ độ phải là số"),
            (vec![], vec![("giay-to.jpg", b"%PDF-1.7 not a picture".to_vec())], "không phải ảnh"),
            (vec![], vec![("lon.jpg", vec![0xFF; 50 * 1024 * 1024])], "lớn hơn 12 MB"),
            (vec![("category", "cho-tam"), ("lat", IN_OTHER.0), ("lon", IN_OTHER.1)], vec![], "không thuộc đơn vị phụ trách"),
            (vec![("description", long.as_str())], vec![], "Tối đa 4000 ký tự"),
            (vec![("attribute[depth]", "roof")], vec![], "không nằm trong các lựa chọn"),
            (vec![("category", "khong-co")], vec![], "Vui lòng chọn loại phản ánh"),
        ];
        for (fields, photos, message) in cases {
            let r = file(&w.app, &client, report_form(&csrf, &fields, photos)).await;
            assert_eq!(r.status(), 422, "{fields:?}");
            let html = r.text().await.unwrap();
            assert!(html.contains(message), "{fields:?}: {message}");
        }
        assert_eq!(count(&w.app, "place_report").await, 0);
        assert_eq!(count(&w.app, "report_photo").await, 0);
        assert_eq!(count(&w.app, "stored_file").await, files_before);
    }

    async fn staff_updates_reach_followers_and_duplicates_link_both_ways(backend: Backend) {
        let w = world(backend).await;
        let citizen = new_client();
        let csrf = w.app.login(&citizen, "0912345678").await;
        let mut codes = Vec::new();
        for _ in 0..2 {
            let r = file(&w.app, &citizen, report_form(&csrf, &[], vec![])).await;
            let to = r.headers()["location"].to_str().unwrap().to_owned();
            codes.push(to.trim_start_matches("/phan-anh/").split('?').next().unwrap().to_owned());
        }
        let neighbour = new_client();
        let ncsrf = w.app.login(&neighbour, "0987654321").await;
        let r = neighbour.post(w.app.url(&format!("/phan-anh/{}/theo-doi", codes[0])))
            .form(&[("csrf_token", ncsrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let officer = new_client();
        let ocsrf = w.app.login(&officer, "xu.ly").await;
        let first = motcua_store::reports::read::by_code(&w.app.db, &codes[0]).await.unwrap();
        let r = officer.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[0])))
            .form(&[("csrf_token", ocsrf.as_str()), ("version", &first.version.to_string()), ("state", "in_progress"), ("text", "Đội thoát nước đang nạo vét cống.")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let sent = recipients(&w.app, &first.id.to_string()).await;
        assert_eq!(sent.iter().filter(|r| *r == "0912345678").count(), 2, "received, then the update: {sent:?}");
        assert_eq!(sent.iter().filter(|r| *r == "0987654321").count(), 1, "the follower hears of the update: {sent:?}");
        let page = w.app.new_client().get(w.app.url(&format!("/phan-anh/{}", codes[0]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Đội thoát nước đang nạo vét cống."));
        // A stale version is refused; an update without text too.
        let r = officer.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[0])))
            .form(&[("csrf_token", ocsrf.as_str()), ("version", &first.version.to_string()), ("state", "fixed"), ("text", "x")])
            .send().await.unwrap();
        assert_eq!(r.status(), 409);
        // The officer sees the other open report within 1 km, and both in the unit's queue.
        let officer_view = officer.get(w.app.url(&format!("/phan-anh/{}", codes[0]))).send().await.unwrap().text().await.unwrap();
        let around = officer_view.split("id=\"report-around\"").nth(1).expect("the 1 km list");
        assert!(around.contains(&codes[1]) && !around.contains(&format!("/phan-anh/{}\"", codes[0])));
        let queue = officer.get(w.app.url("/phan-anh/xu-ly")).send().await.unwrap().text().await.unwrap();
        assert!(queue.contains(&codes[0]) && queue.contains(&codes[1]));
        assert_eq!(citizen.get(w.app.url("/phan-anh/xu-ly")).send().await.unwrap().status(), 403);
        // The second report is marked a duplicate of the first: each page names the other.
        let second = motcua_store::reports::read::by_code(&w.app.db, &codes[1]).await.unwrap();
        let r = officer.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[1])))
            .form(&[("csrf_token", ocsrf.as_str()), ("version", &second.version.to_string()), ("state", "duplicate"), ("text", "Trùng phản ánh trước."), ("duplicate_of", codes[0].as_str())])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let p0 = w.app.new_client().get(w.app.url(&format!("/phan-anh/{}", codes[0]))).send().await.unwrap().text().await.unwrap();
        let p1 = w.app.new_client().get(w.app.url(&format!("/phan-anh/{}", codes[1]))).send().await.unwrap().text().await.unwrap();
        assert!(p0.contains(&format!("/phan-anh/{}", codes[1])) && p1.contains(&format!("/phan-anh/{}", codes[0])));
        // The citizen may not change a state; the handler may not hide, the moderator may.
        let r = citizen.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[0])))
            .form(&[("csrf_token", csrf.as_str()), ("version", "2"), ("state", "fixed"), ("text", "xong")])
            .send().await.unwrap();
        assert_eq!(r.status(), 403);
        let now = motcua_store::reports::read::by_code(&w.app.db, &codes[0]).await.unwrap();
        let r = officer.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[0])))
            .form(&[("csrf_token", ocsrf.as_str()), ("version", &now.version.to_string()), ("state", "hidden"), ("text", "ẩn")])
            .send().await.unwrap();
        assert_eq!(r.status(), 403);
        let moderator = new_client();
        let mcsrf = w.app.login(&moderator, "kiem.duyet").await;
        let r = moderator.post(w.app.url(&format!("/phan-anh/{}/kiem-duyet", codes[0])))
            .form(&[("csrf_token", mcsrf.as_str()), ("version", &now.version.to_string()), ("title", "Hẻm ngập"), ("description", "Hẻm ngập sau mưa.")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let edited = motcua_store::reports::read::by_code(&w.app.db, &codes[0]).await.unwrap();
        assert_eq!(edited.description, "Hẻm ngập sau mưa.");
        assert!(edited.original.unwrap().contains("đến đầu gối"), "the reporter's words are kept");
        let r = moderator.post(w.app.url(&format!("/phan-anh/{}/trang-thai", codes[0])))
            .form(&[("csrf_token", mcsrf.as_str()), ("version", &edited.version.to_string()), ("state", "hidden"), ("text", "Nội dung không phù hợp.")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let gone = w.app.new_client().get(w.app.url(&format!("/phan-anh/{}", codes[0]))).send().await.unwrap();
        assert_eq!(gone.status(), 404, "a hidden report leaves the public pages");
        // The moderator finds it again in the hidden tab of the queue; the handler has no such tab.
        let hidden = moderator.get(w.app.url("/phan-anh/xu-ly?grp=hidden")).send().await.unwrap().text().await.unwrap();
        assert!(hidden.contains(&codes[0]));
        assert_eq!(officer.get(w.app.url("/phan-anh/xu-ly?grp=hidden")).send().await.unwrap().status(), 422);
    }

    async fn open311_serves_services_and_requests_in_json_and_xml_with_the_spec_errors(backend: Backend) {
        let w = world(backend).await;
        let client = w.app.new_client();
        let d: serde_json::Value = client.get(w.app.url("/open311/v2/discovery.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(d["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
        let services: Vec<serde_json::Value> = client.get(w.app.url("/open311/v2/services.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(services.len(), 2);
        let def: serde_json::Value = client.get(w.app.url("/open311/v2/services/ngap-nuoc.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(def["attributes"][0]["code"], "depth");
        assert_eq!(def["attributes"][0]["datatype"], "singlevaluelist");
        let r = client.get(w.app.url("/open311/v2/services/khong-co.xml")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let t = r.text().await.unwrap();
        assert!(t.contains("<errors><error><code>404</code>"), "{}", &t[t.len().saturating_sub(1500)..]);
        // POST: a wrong key is 403; a key without the scope too; a good one stores the request.
        let body = |key: &str| vec![
            ("api_key", key.to_owned()), ("service_code", "ngap-nuoc".into()), ("lat", IN_WARD.0.into()),
            ("long", IN_WARD.1.into()), ("description", "Ngập sâu trước trường học".into()),
            ("attribute[depth]", "ankle".into()), ("email", "dan@example.invalid".into()), ("first_name", "Lê".into()),
        ];
        let r = client.post(w.app.url("/open311/v2/requests.json")).form(&body("sai")).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let e: Vec<serde_json::Value> = r.json().await.unwrap();
        assert_eq!(e[0]["code"], 403);
        let app_user = w.app.create_user("ung.dung", &[(Role::Citizen, None)]).await;
        let (no_scope, _) = w.app.create_token(app_user, &["catalogue:read"]).await;
        assert_eq!(client.post(w.app.url("/open311/v2/requests.json")).form(&body(&no_scope)).send().await.unwrap().status(), 403);
        let (key, _) = w.app.create_token(app_user, &["open311:submit"]).await;
        let mut outside = body(&key);
        outside[2].1 = AT_SEA.0.into();
        outside[3].1 = AT_SEA.1.into();
        let r = client.post(w.app.url("/open311/v2/requests.xml")).form(&outside).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("location"));
        assert_eq!(count(&w.app, "place_report").await, 0);
        let r = client.post(w.app.url("/open311/v2/requests.json")).form(&body(&key)).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let created: Vec<serde_json::Value> = r.json().await.unwrap();
        let id = created[0]["service_request_id"].as_str().unwrap().to_owned();
        // GET: filters by status and dates; one request; no personal data in the output.
        let open: Vec<serde_json::Value> = client.get(w.app.url("/open311/v2/requests.json?status=open&service_code=ngap-nuoc")).send().await.unwrap().json().await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0]["service_request_id"], id.as_str());
        let closed: Vec<serde_json::Value> = client.get(w.app.url("/open311/v2/requests.json?status=closed")).send().await.unwrap().json().await.unwrap();
        assert!(closed.is_empty());
        let old: Vec<serde_json::Value> = client.get(w.app.url("/open311/v2/requests.json?start_date=2020-01-01T00:00:00%2B07:00&end_date=2020-02-01T00:00:00%2B07:00")).send().await.unwrap().json().await.unwrap();
        assert!(old.is_empty());
        let r = client.get(w.app.url("/open311/v2/requests.json?start_date=2020-01-01&end_date=2020-06-01")).send().await.unwrap();
        assert_eq!(r.status(), 400, "more than 90 days");
        let one = client.get(w.app.url(&format!("/open311/v2/requests/{id}.xml"))).send().await.unwrap().text().await.unwrap();
        assert!(one.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>"));
        assert!(one.contains(&format!("<service_request_id>{id}</service_request_id>")) && one.contains("<status>open</status>"));
        assert!(!one.contains("dan@example.invalid") && !one.contains("Lê"), "no personal data");
        assert_eq!(client.get(w.app.url("/open311/v2/requests/PA-1999-000001.json")).send().await.unwrap().status(), 404);
        let paged: Vec<serde_json::Value> = client.get(w.app.url("/open311/v2/requests.json?page=2&page_size=1")).send().await.unwrap().json().await.unwrap();
        assert!(paged.is_empty());
    }
}

/// The third-party client's folder: its pinned requirements, the script, and the installed
/// package (`.deps`, which `.ci/run` fills; a test fills it when missing).
fn client_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/open311-client")
}

/// Installs civicbot once per test binary; `false` when pip cannot.
fn install_client() -> bool {
    static ONCE: std::sync::Mutex<Option<bool>> = std::sync::Mutex::new(None);
    let mut done = ONCE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(ok) = *done {
        return ok;
    }
    let dir = client_dir();
    let ok = dir.join(".deps/civicbot").exists()
        || std::process::Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--require-hashes",
                "--no-deps",
            ])
            .args(["-r", "requirements.txt", "--target", ".deps"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
    *done = Some(ok);
    ok
}

backend_test! {
    async fn a_third_party_open311_client_lists_posts_and_reads_requests(backend: Backend) {
        if motcua_test_support::which("python3").is_none() {
            motcua_test_support::skip("python3 is not on PATH (it runs the Open311 client)");
            return;
        }
        if !install_client() {
            motcua_test_support::skip("pip could not install civicbot");
            return;
        }
        let w = world(backend).await;
        let app_user = w.app.create_user("ung.dung", &[(Role::Citizen, None)]).await;
        let (key, _) = w.app.create_token(app_user, &["open311:submit"]).await;
        let dir = client_dir();
        let out = tokio::process::Command::new("python3")
            .arg("client.py")
            .args([w.app.url("/open311/v2"), key, "ngap-nuoc".into(), IN_WARD.0.into(), IN_WARD.1.into()])
            .env("PYTHONPATH", dir.join(".deps"))
            .current_dir(&dir)
            .output()
            .await
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["services"], serde_json::json!(["ngap-nuoc", "cho-tam"]), "by sector, then name");
        assert_eq!(got["attributes"], serde_json::json!(["depth"]));
        assert_eq!(got["bad_key"], 403);
        let id = got["created"].as_str().unwrap();
        assert!(id.starts_with("PA-"));
        assert_eq!(got["listed"], serde_json::json!([id]));
        assert_eq!(got["one"]["id"], id);
        assert_eq!(got["one"]["status"], "open");
        assert_eq!(got["one"]["has_email"], false);
        let stored = motcua_store::reports::read::by_code(&w.app.db, id).await.unwrap();
        assert_eq!(stored.unit, w.ward);
        assert_eq!(stored.channel, "open311");
        assert_eq!(stored.reporter_email, "nguoidan@example.invalid", "kept for staff and messages");
    }
}

/// Runs `scripts/make-tiles.py` into `dir`; `None` (a skip) without Python.
fn make_tiles(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    motcua_test_support::which("python3")?;
    let out = dir.join(name);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/make-tiles.py");
    let ok = std::process::Command::new("python3")
        .arg(script)
        .arg(&out)
        .args(["--zooms", "12-14"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "scripts/make-tiles.py {name}");
    Some(out)
}

/// The XYZ tile holding a point at a zoom.
fn tile_of(lat: f64, lon: f64, z: u32) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n) as u32;
    let y = ((1.0 - lat.to_radians().tan().asinh() / std::f64::consts::PI) / 2.0 * n) as u32;
    (x, y)
}

backend_test! {
    async fn the_map_serves_the_same_tiles_from_a_pmtiles_or_an_mbtiles_archive_and_the_boundaries(backend: Backend) {
        let dir = tempfile_dir();
        let (Some(pm), Some(mb)) = (make_tiles(&dir, "t.pmtiles"), make_tiles(&dir, "t.mbtiles")) else {
            motcua_test_support::skip("python3 is not on PATH (it makes the tile archives)");
            return;
        };
        let (x, y) = tile_of(9.285, 105.72, 13);
        let mut served = Vec::new();
        for path in [pm, mb] {
            let archive = std::sync::Arc::new(motcua_web::map::TileArchive::open(&path).await.unwrap());
            let app = TestApp::spawn_with(backend, |c| c.tiles = Some(archive)).await;
            let info: serde_json::Value = app.new_client().get(app.url("/ban-do/thong-tin.json")).send().await.unwrap().json().await.unwrap();
            assert_eq!(info["tiles"], true);
            assert_eq!(info["archive"]["min_zoom"], 12);
            assert_eq!(info["archive"]["max_zoom"], 14);
            assert_eq!(info["archive"]["attribution"], "Bản đồ nền thử nghiệm của motcua");
            let r = app.new_client().get(app.url(&format!("/ban-do/o/13/{x}/{y}"))).send().await.unwrap();
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()["content-type"], "image/png");
            let bytes = r.bytes().await.unwrap().to_vec();
            assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 256);
            served.push(bytes);
            for missing in ["/ban-do/o/13/0/0", "/ban-do/o/40/1/1", "/ban-do/o/13/1/x"] {
                assert_eq!(app.new_client().get(app.url(missing)).send().await.unwrap().status(), 404, "{missing}");
            }
            app.stop().await;
        }
        assert_eq!(served[0], served[1], "both archives give the same tile for the same place");
        // Without an archive: no tiles, and the map script draws its grid under the boundaries.
        let w = world(backend).await;
        let info: serde_json::Value = w.app.new_client().get(w.app.url("/ban-do/thong-tin.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(info["tiles"], false);
        assert_eq!(w.app.new_client().get(w.app.url("/ban-do/o/13/1/1")).send().await.unwrap().status(), 404);
        let gj: serde_json::Value = w.app.new_client().get(w.app.url("/phan-anh/ranh-gioi.json")).send().await.unwrap().json().await.unwrap();
        let names: Vec<&str> = gj["features"].as_array().unwrap().iter().map(|f| f["properties"]["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"Phường Bạc Liêu") && names.contains(&"Phường Vĩnh Trạch"));
        let ring = &gj["features"][0]["geometry"]["coordinates"][0];
        assert_eq!(ring[0], ring[ring.as_array().unwrap().len() - 1], "a closed GeoJSON ring");
        for asset in ["/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/static/map.js", "/static/leaflet/images/marker-icon.png"] {
            assert_eq!(w.app.new_client().get(w.app.url(asset)).send().await.unwrap().status(), 200, "{asset}");
        }
    }
}

/// A fresh folder under the system's temporary folder.
fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("motcua-tiles-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The map's journey in Chromium: from the home page to the form by links, a click on the map
/// fills the coordinates, the report is filed and lands in the ward under the click.
async fn map_journey(backend: Backend, width: u32) {
    use fantoccini::Locator;

    use crate::browser::{Browser, sign_in};
    use crate::browser_journeys::{fill, follow, no_sideways_scroll, submit};

    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.set_window_size(width, 900).await.unwrap();
    let w = world(backend).await;
    sign_in(c, &w.app, "0912345678").await;
    follow(c, "nav.places a[href='/phan-anh']").await;
    no_sideways_scroll(c, width, "the reports' list").await;
    follow(c, "#report-new").await;
    c.find(Locator::Css("#category"))
        .await
        .unwrap()
        .select_by_value("ngap-nuoc")
        .await
        .unwrap();
    // The map replaces nothing: it appears once its script ran, and a click fills the fields.
    c.wait()
        .for_element(Locator::Css("#report-form-map.leaflet-container"))
        .await
        .unwrap();
    no_sideways_scroll(c, width, "the form with its map").await;
    c.find(Locator::Css("#report-form-map"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut lat = String::new();
    for _ in 0..50 {
        lat = c
            .find(Locator::Css("#lat"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if !lat.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let lat: f64 = lat.parse().expect("the click filled the latitude");
    assert!((9.26..9.30).contains(&lat), "{lat}");
    c.find(Locator::Css("#q-ngap-nuoc-depth-knee"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(c, "#description", "Nước ngập ngang gối ở đầu hẻm.").await;
    submit(c, "#report-submit").await;
    let code = c
        .find(Locator::Css("#report-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#report-place-map.leaflet-container"))
        .await
        .unwrap();
    no_sideways_scroll(c, width, "the report").await;
    let stored = motcua_store::reports::read::by_code(&w.app.db, &code)
        .await
        .unwrap();
    assert_eq!(stored.unit, w.ward);
    assert_eq!(stored.channel, "web");
    browser.close().await;
}

backend_test! {
    async fn a_citizen_places_a_report_by_clicking_the_map_on_a_phone(backend: Backend) {
        map_journey(backend, 360).await;
    }

    async fn a_citizen_places_a_report_by_clicking_the_map_on_a_desktop(backend: Backend) {
        map_journey(backend, 1366).await;
    }
}
