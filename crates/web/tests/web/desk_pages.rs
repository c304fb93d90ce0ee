//! The one-stop pages over real HTTP: intake with files and its messages, the hand-overs of
//! each role, stale forms, the queue's filters, and who may see a dossier and its files.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::role::Role;
use motcua_store::dossiers::{self, EventRecord};
use reqwest::multipart::{Form, Part};

use crate::helpers::*;
use motcua_test_support::backend_test;

/// A minimal PDF: what the upload check reads is the `%PDF-` header.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// A PNG signature and header chunk: an image, whatever its name says.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
pub const CITIZEN_ID: &str = "079085001234";
pub const MARRIAGE: &str = "1.000894";
pub const BUILDING: &str = "1.009994";

/// A ward with its desk officer, specialist and head, a second ward with its own desk, two
/// citizens, and the sample catalogue.
pub struct Scene {
    pub app: TestApp,
    pub ward: UnitId,
    pub other_ward: UnitId,
}

pub async fn scene(backend: Backend) -> Scene {
    // Requests up to 64 MiB, so that the per-file limit is what a big file meets.
    let app = TestApp::spawn_with(backend, |c| c.body_limit_bytes = 64 * 1024 * 1024).await;
    let province = app.create_unit("96", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("PBL", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let other_ward = app
        .create_unit("PHR", "Phường Hiệp Thành", "commune", Some(province))
        .await;
    app.seed_catalogue().await;
    for (login, role, unit) in [
        ("mot.cua", Role::DeskOfficer, ward),
        ("chuyen.vien", Role::Specialist, ward),
        ("lanh.dao", Role::Head, ward),
        ("mot.cua.khac", Role::DeskOfficer, other_ward),
    ] {
        app.create_user_in(login, Some(unit), &[(role, Some(unit))])
            .await;
    }
    app.create_user("cong.dan", &[(Role::Citizen, None)]).await;
    app.create_user("cong.dan.khac", &[(Role::Citizen, None)])
        .await;
    Scene {
        app,
        ward,
        other_ward,
    }
}

/// The intake form as the page sends it; `files` are (field, name, content type, bytes).
pub fn intake_form(
    csrf: &str,
    fields: &[(&str, &str)],
    files: Vec<(&str, &str, &str, Vec<u8>)>,
) -> Form {
    let mut base: Vec<(&str, &str)> = vec![
        ("csrf_token", csrf),
        ("procedure_code", MARRIAGE),
        ("name", "Nguyễn Văn An"),
        ("kind", "person"),
        ("citizen_id", CITIZEN_ID),
        ("birth_year", "1985"),
        ("tax_code", ""),
        ("representative", ""),
        ("phone", "0912345678"),
        ("email", ""),
        ("address", "12 Trần Phú, Phường Bạc Liêu"),
        ("provided_0", "1"),
        ("provided_1", "1"),
        ("channel", "desk"),
        ("return_place", ""),
    ];
    for (k, v) in fields {
        match base.iter_mut().find(|(bk, _)| bk == k) {
            Some(slot) => slot.1 = v,
            None => base.push((k, v)),
        }
    }
    let mut form = Form::new();
    // A value of "-" drops the field, as an unticked checkbox is not sent.
    for (k, v) in base.into_iter().filter(|(_, v)| *v != "-") {
        form = form.text(k.to_owned(), v.to_owned());
    }
    for (field, name, ct, bytes) in files {
        let part = Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(ct)
            .expect("mime");
        form = form.part(field.to_owned(), part);
    }
    form
}

pub async fn post_intake(app: &TestApp, client: &reqwest::Client, form: Form) -> reqwest::Response {
    client
        .post(app.url("/mot-cua/tiep-nhan"))
        .multipart(form)
        .send()
        .await
        .expect("POST intake")
}

/// Receives a valid dossier through the page; returns its id.
pub async fn receive(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    procedure: &str,
) -> String {
    let form = intake_form(
        csrf,
        &[("procedure_code", procedure)],
        vec![("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec())],
    );
    let r = post_intake(app, client, form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let to = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let id = to
        .strip_prefix("/mot-cua/ho-so/")
        .and_then(|s| s.split('?').next())
        .expect("redirect to the dossier page");
    id.to_owned()
}

pub async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = app.get(client, path).await;
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

pub fn version_in(html: &str) -> String {
    let marker = r#"name="version" value=""#;
    let start = html.find(marker).expect("a version field") + marker.len();
    let end = html[start..].find('"').expect("end") + start;
    html[start..end].to_owned()
}

pub async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    id: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("csrf_token", csrf)];
    all.extend_from_slice(fields);
    client
        .post(app.url(&format!("/mot-cua/ho-so/{id}/thao-tac")))
        .form(&all)
        .send()
        .await
        .expect("POST action")
}

/// Hands the dossier over at its current version, as the page's form would.
pub async fn hand_over(app: &TestApp, client: &reqwest::Client, csrf: &str, id: &str) {
    let (status, html) = page(app, client, &format!("/mot-cua/ho-so/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"id="form-hand_over""#),
        "no hand-over form:\n{html}"
    );
    let version = version_in(&html);
    let r = act(
        app,
        client,
        csrf,
        id,
        &[("action", "hand_over"), ("version", &version)],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
}

/// Moves a dossier's due date, as if it had been received long ago.
pub async fn set_due(app: &TestApp, id: &str, due: DateTime<Utc>) {
    let id = DossierId::parse(id).expect("id");
    let before = dossiers::get(&app.db, id).await.expect("dossier");
    let mut d = before.clone();
    d.due_at = Some(due);
    d.original_due_at = due;
    let event = EventRecord {
        at: motcua_store::now(),
        action: "hand_over".into(),
        actor_name: "test".into(),
        to_status: d.status.code().into(),
        ..EventRecord::default()
    };
    let mut tx = app.db.begin().await.expect("tx");
    dossiers::save(&mut tx, &before, &d, &event)
        .await
        .expect("save");
    tx.commit().await.expect("commit");
}

fn field_error<'a>(html: &'a str, field: &str) -> &'a str {
    let marker = format!(r#"id="{field}-error">"#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no error for {field} in:\n{html}"))
        + marker.len();
    let end = html[start..].find("</p>").expect("end") + start;
    &html[start..end]
}

backend_test! {
    async fn an_english_page_names_the_status_and_the_refusal_in_english(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let head = new_client();
        let head_csrf = s.app.login(&head, "lanh.dao").await;
        let path = format!("/mot-cua/ho-so/{id}");
        // Act: switch to English (remembered in the cookie), then refuse without a reason
        let (status, html) = page(&s.app, &desk, &format!("{path}?lang=en")).await;
        let version = version_in(&html);
        page(&s.app, &head, &format!("{path}?lang=en")).await;
        let refuse = [("action", "refuse"), ("version", version.as_str()), ("reason", " ")];
        let english = act(&s.app, &head, &head_csrf, &id, &refuse).await.text().await.unwrap();
        page(&s.app, &head, &format!("{path}?lang=vi")).await;
        let vietnamese = act(&s.app, &head, &head_csrf, &id, &refuse).await.text().await.unwrap();
        // Assert
        assert_eq!(status, 200);
        assert!(html.contains(r#"data-status="received">Received</dd>"#), "{html}");
        assert!(html.contains("Hand over to the next step"), "English action names");
        assert!(!html.contains("Đã tiếp nhận"), "no Vietnamese status left:\n{html}");
        assert!(english.contains("Please state the reason for refusing."), "{english}");
        assert!(vietnamese.contains("Cần ghi rõ lý do từ chối."), "{vietnamese}");
    }

    async fn a_file_that_is_not_what_it_claims_is_refused_and_the_form_is_kept(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let big = {
            let mut b = PDF.to_vec();
            b.resize(10 * 1024 * 1024 + 4096, b' ');
            b
        };
        // Act
        let fake = post_intake(&s.app, &desk, intake_form(&csrf, &[], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PNG.to_vec()),
        ])).await;
        let fake_status = fake.status();
        let fake_html = fake.text().await.unwrap();
        let oversized = post_intake(&s.app, &desk, intake_form(&csrf, &[], vec![
            ("file_1", "can-cuoc.pdf", "application/pdf", big),
        ])).await;
        let big_status = oversized.status();
        let big_html = oversized.text().await.unwrap();
        // Assert
        assert_eq!(fake_status, 422);
        let msg = field_error(&fake_html, "document_0");
        assert!(msg.contains("to-khai.pdf"), "{msg}");
        assert!(fake_html.contains(r#"value="Nguyễn Văn An""#), "the name is kept");
        assert!(fake_html.contains(&format!(r#"value="{CITIZEN_ID}""#)), "the ID is kept");
        assert!(fake_html.contains(r#"id="provided_1" name="provided_1" value="1" checked"#));
        assert_eq!(big_status, 422);
        let msg = field_error(&big_html, "document_1");
        assert!(msg.contains("vượt giới hạn"), "{msg}");
        let count = dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().len();
        assert_eq!(count, 0, "nothing was received");
    }

    async fn a_missing_document_and_a_wrong_citizen_id_are_shown_beside_their_fields(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        // Act
        let missing = post_intake(&s.app, &desk, intake_form(&csrf, &[("provided_1", "-")], vec![])).await;
        let missing_status = missing.status();
        let missing_html = missing.text().await.unwrap();
        let wrong_id = post_intake(&s.app, &desk, intake_form(&csrf, &[("citizen_id", "07908500123")], vec![])).await;
        let wrong_status = wrong_id.status();
        let wrong_html = wrong_id.text().await.unwrap();
        page(&s.app, &desk, "/?lang=en").await;
        let english = post_intake(&s.app, &desk, intake_form(&csrf, &[("provided_1", "-")], vec![])).await;
        let english_status = english.status();
        let english_html = english.text().await.unwrap();
        // Assert
        assert_eq!(missing_status, 422);
        let msg = field_error(&missing_html, "document_1");
        assert!(msg.starts_with("Thiếu giấy tờ bắt buộc: "), "{msg}");
        assert_eq!(english_status, 422);
        let english_msg = field_error(&english_html, "document_1");
        assert_eq!(
            english_msg,
            msg.replace("Thiếu giấy tờ bắt buộc: ", "A required document is missing: "),
            "the same document named in an English sentence"
        );
        assert_eq!(wrong_status, 422);
        let msg = field_error(&wrong_html, "citizen_id");
        assert!(msg.contains("12"), "{msg}");
        assert!(wrong_html.contains(r#"value="07908500123""#), "what was typed is kept");
        assert!(wrong_html.contains(r#"aria-invalid="true" aria-describedby="citizen_id-error""#));
    }

    async fn a_received_dossier_opens_on_its_page_with_code_due_date_and_receipt(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let (status, form_html) = page(&s.app, &desk, &format!("/mot-cua/tiep-nhan?thu_tuc={MARRIAGE}")).await;
        assert_eq!(status, 200);
        assert!(form_html.contains(r#"id="name" name="name" value="" autocomplete="name" autofocus"#));
        // Act
        let r = post_intake(&s.app, &desk, intake_form(&csrf, &[], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
        ])).await;
        // Assert
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/mot-cua/ho-so/") && to.ends_with("?da-tiep-nhan=1"), "{to}");
        let (status, html) = page(&s.app, &desk, &to).await;
        assert_eq!(status, 200);
        let d = &dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap()[0];
        assert!(html.contains(&format!(r#"<span class="code" id="dossier-code">{}</span>"#, d.code)));
        let due = motcua_domain::vn_local(d.due_at.unwrap()).format("%H:%M %d/%m/%Y").to_string();
        assert!(html.contains(&format!(r#"<dd id="dossier-due">{due}</dd>"#)), "{due}");
        assert!(html.contains(&format!(r#"id="print-receipt" href="/mot-cua/ho-so/{}/bieu-mau/01""#, d.id)));
        assert!(html.contains("Đã tiếp nhận hồ sơ"), "the notice");
        assert!(html.contains("Cách tính ngày hẹn trả"), "the due-date explanation");
    }

    async fn each_role_hands_over_through_the_pages_and_the_desk_returns_the_result(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let specialist = new_client();
        let head = new_client();
        let desk_csrf = s.app.login(&desk, "mot.cua").await;
        let spec_csrf = s.app.login(&specialist, "chuyen.vien").await;
        let head_csrf = s.app.login(&head, "lanh.dao").await;
        let id = receive(&s.app, &desk, &desk_csrf, MARRIAGE).await;
        let path = format!("/mot-cua/ho-so/{id}");
        // Act + Assert: each step's form appears only for its role
        let (_, spec_view) = page(&s.app, &specialist, &path).await;
        assert!(!spec_view.contains(r#"id="form-hand_over""#), "not the specialist's step yet");
        hand_over(&s.app, &desk, &desk_csrf, &id).await;
        hand_over(&s.app, &specialist, &spec_csrf, &id).await;
        hand_over(&s.app, &head, &head_csrf, &id).await;
        let (_, html) = page(&s.app, &desk, &path).await;
        assert!(html.contains(r#"data-status="result_ready""#), "{html}");
        let version = version_in(&html);
        let r = act(&s.app, &desk, &desk_csrf, &id, &[("action", "return_result"), ("version", &version)]).await;
        assert_eq!(r.status(), 303);
        let (_, html) = page(&s.app, &desk, &path).await;
        assert!(html.contains(r#"data-status="returned""#));
        // The control sheet: three hand-overs, each with its step and timeliness; the head's,
        // which makes the result, reads as the approval it is.
        assert_eq!(html.matches("Chuyển bước tiếp theo").count(), 2, "{html}");
        assert_eq!(html.matches("Phê duyệt, ký kết quả").count(), 1, "{html}");
        assert!(html.contains("Thẩm định"));
        assert!(html.contains("timeliness-"), "timeliness shown");
        let code = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap().code;
        let (_, public) = page(&s.app, &new_client(), &format!("/tra-cuu?ma={code}")).await;
        assert!(public.contains("Đã trả kết quả"));
    }

    async fn a_stale_form_shows_the_conflict_on_the_page(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let (_, html) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let old = version_in(&html);
        hand_over(&s.app, &desk, &csrf, &id).await;
        let lead = new_client();
        let lead_csrf = s.app.login(&lead, "lanh.dao").await;
        // Act: a second tab still shows the old version
        let r = act(&s.app, &lead, &lead_csrf, &id, &[("action", "refuse"), ("version", &old), ("reason", "Hồ sơ giả mạo")]).await;
        // Assert
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(html.contains(r#"role="alert" id="action-alert""#), "{html}");
        assert!(html.contains("vừa được người khác cập nhật"));
        assert!(html.contains(r#"id="dossier-code""#), "the dossier page, not an error page");
    }

    async fn the_queue_filters_by_procedure_text_role_and_lateness(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let marriage = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let building = receive(&s.app, &desk, &csrf, BUILDING).await;
        hand_over(&s.app, &desk, &csrf, &building).await;
        set_due(&s.app, &marriage, motcua_store::now() - chrono::Duration::hours(1)).await;
        let specialist = new_client();
        s.app.login(&specialist, "chuyen.vien").await;
        let count = |html: &str, id: &str| html.matches(&format!("/mot-cua/ho-so/{id}\"")).count();
        // Act
        let (_, all) = page(&s.app, &desk, "/mot-cua/ho-so").await;
        let (_, by_procedure) = page(&s.app, &desk, &format!("/mot-cua/ho-so?procedure={BUILDING}")).await;
        let (_, by_text) = page(&s.app, &desk, "/mot-cua/ho-so?q=giay+phep+xay+dung").await;
        let (_, late) = page(&s.app, &desk, "/mot-cua/ho-so?late=1").await;
        let (_, mine) = page(&s.app, &specialist, "/mot-cua/ho-so").await;
        let (_, status) = page(&s.app, &desk, "/mot-cua/ho-so?status=in_progress").await;
        let (bad_status, bad) = page(&s.app, &desk, "/mot-cua/ho-so?due_within_hours=abc").await;
        // Assert
        assert_eq!((count(&all, &marriage), count(&all, &building)), (1, 1));
        assert_eq!((count(&by_procedure, &marriage), count(&by_procedure, &building)), (0, 1));
        assert_eq!((count(&by_text, &marriage), count(&by_text, &building)), (0, 1));
        assert_eq!((count(&late, &marriage), count(&late, &building)), (1, 0));
        assert!(late.contains("tag-late"));
        assert_eq!((count(&mine, &marriage), count(&mine, &building)), (0, 1), "the specialist lands on their steps");
        assert!(mine.contains(r#"id="mine" name="mine" value="1" checked"#));
        assert_eq!((count(&status, &marriage), count(&status, &building)), (0, 1));
        assert_eq!(bad_status, 200);
        assert!(bad.contains(r#"class="alert" role="alert""#), "{bad}");
    }

    async fn a_citizen_files_online_and_another_citizen_cannot_see_it(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let (status, form) = page(&s.app, &citizen, &format!("/mot-cua/nop-truc-tuyen?thu_tuc={MARRIAGE}")).await;
        assert_eq!(status, 200);
        assert!(form.contains(r#"value="Người dùng cong.dan""#), "the name is prefilled");
        assert!(!form.contains("provided_0"), "no paper checkboxes online");
        let ward = s.ward.to_string();
        // Act: without the second file, then with it
        let without = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[("unit_id", &ward), ("channel", "online")], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
        ])).send().await.unwrap();
        let without_status = without.status();
        let without_html = without.text().await.unwrap();
        let filed = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[("unit_id", &ward), ("channel", "online")], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
            ("file_1", "can-cuoc.png", "image/png", PNG.to_vec()),
        ])).send().await.unwrap();
        // Assert
        assert_eq!(without_status, 422, "a ticked box is not a file online");
        assert!(field_error(&without_html, "document_1").contains("Thiếu giấy tờ"));
        assert_eq!(filed.status(), 303, "{}", filed.text().await.unwrap_or_default());
        let to = filed.headers()["location"].to_str().unwrap().to_owned();
        let (status, own) = page(&s.app, &citizen, &to).await;
        assert_eq!(status, 200);
        assert!(!own.contains(r#"id="form-"#), "a citizen has no officer actions");
        let (_, mine) = page(&s.app, &citizen, "/mot-cua/cua-toi").await;
        let d = &dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap()[0];
        assert_eq!(d.channel.code(), "online");
        assert!(mine.contains(&d.code));
        assert!(mine.contains(&format!("/tra-cuu?ma={}", d.code)));
        let other = new_client();
        s.app.login(&other, "cong.dan.khac").await;
        let (status, _) = page(&s.app, &other, &format!("/mot-cua/ho-so/{}", d.id)).await;
        assert_eq!(status, 404);
        let (_, theirs) = page(&s.app, &other, "/mot-cua/cua-toi").await;
        assert!(!theirs.contains(&d.code));
    }

    async fn a_file_is_served_to_the_unit_and_refused_to_another_unit(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let (_, html) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let marker = format!("/mot-cua/ho-so/{id}/tep/");
        let start = html.find(&marker).expect("a download link");
        let end = html[start..].find('"').unwrap() + start;
        let href = html[start..end].to_owned();
        let stranger = new_client();
        s.app.login(&stranger, "mot.cua.khac").await;
        // Act
        let own = s.app.get(&desk, &href).await;
        let foreign = s.app.get(&stranger, &href).await;
        let other_hash = s.app.get(&desk, &format!("/mot-cua/ho-so/{id}/tep/{}", "0".repeat(64))).await;
        // Assert
        assert_eq!(own.status(), 200);
        assert_eq!(own.headers()["content-type"], "application/pdf");
        let cd = own.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(cd.starts_with("attachment;") && cd.contains("to-khai.pdf"), "{cd}");
        assert_eq!(own.bytes().await.unwrap().as_ref(), PDF);
        assert_eq!(foreign.status(), 404);
        assert_eq!(other_hash.status(), 404);
        let _ = s.other_ward;
    }
}
