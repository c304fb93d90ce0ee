//! A protected denouncer's identity never appears in clear (Luật Tố cáo 2018 Đ47–48), however
//! the denunciation names its author: a denunciation registered on the officer's page (empty
//! subject, the page's default), over the API (with a typed subject that names the author too)
//! and from a reception visit, whose content names the author in every way people type, is
//! read back by every role that is not a handler named on the case and by anonymous visitors:
//! every page, API answer, export (CSV, XLSX, PDF text), the server's log and the raw database.
//! And a duplicate found through the denouncer's person is shown only to those handlers.

use chrono::Datelike as _;
use motcua_domain::role::Role;
use motcua_domain::text::fold;
use serde_json::{Value, json};
use sqlx::Connection as _;

use crate::dossier_fixtures::vn_today;
use crate::helpers::*;
use motcua_test_support::backend_test;

pub(crate) const NAME: &str = "Lục Văn Khiêm";
pub(crate) const ID_NUMBER: &str = "095079005678";
pub(crate) const PHONE: &str = "0913579246";
pub(crate) const ADDRESS: &str = "Số 12 đường Trần Phú, khóm 3, phường 7, TP. Bạc Liêu";
const EMAIL: &str = "khiem.luc@example.vn";

/// The author named in all the ways people write themselves into a denunciation.
pub(crate) fn content() -> String {
    "Tôi tên Lục Văn Khiêm (LUC VAN KHIEM, ký: luc  van   khiem, gọi tắt Lục Khiêm), CCCD \
     095 079 005 678 (095.079.005.678, 095-079-005-678), điện thoại 0913.579.246, 0913-579-246, \
     +84 913 579 246 hoặc 84913579246, nhà Số 12 đường Trần Phú, khóm 3, phường 7, TP. Bạc Liêu \
     (ghi tắt: 12 Tran Phu, khom 3, P.7, TP Bac Lieu), email KHIEM.LUC@example.vn. Tôi tố cáo \
     ông Đặng Văn Xạ, cán bộ địa chính, nhận tiền của dân khi làm thủ tục cấp giấy chứng nhận."
        .to_owned()
}

/// Every way the identity could show: the name (folded: any case, with or without
/// diacritics, any spacing), the ID number and phone (digits, grouped, +84), the distinctive
/// address parts, the email. Returns what was found.
pub(crate) fn leaks(text: &str) -> Vec<&'static str> {
    let folded = fold(text);
    let words: String = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = Vec::new();
    for needle in [
        "luc van khiem",
        "lucvankhiem",
        "luc khiem",
        "ong khiem",
        "tran phu",
        "khom 3",
        "phuong 7",
        "p.7",
        "khiem.luc@",
    ] {
        if words.contains(needle) {
            found.push(needle);
        }
    }
    for needle in [
        "095079005678",
        "095 079 005 678",
        "095.079.005.678",
        "095-079-005-678",
        "913579246",
        "0913.579.246",
        "0913-579-246",
        "0913 579 246",
        "913 579 246",
    ] {
        if text.contains(needle) {
            found.push(needle);
        }
    }
    found
}

pub(crate) fn assert_hidden(what: &str, text: &str) {
    let found = leaks(text);
    assert!(found.is_empty(), "{found:?} in {what}");
}

/// The text of a PDF, through poppler's `pdftotext` (.ci/run installs poppler-utils).
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian poppler-utils) must be installed to read PDF text");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("write PDF");
    let out = child.wait_with_output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every text column of every table, as PostgreSQL prints each row.
async fn postgres_rows(url: &str) -> String {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    assert!(tables.len() > 10, "{tables:?}");
    let mut out = String::new();
    for t in tables {
        let sql = format!("SELECT t::text FROM \"{t}\" t");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut conn)
            .await
            .expect("rows");
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    let _ = conn.close().await;
    out
}

/// The SQLite database file and its write-ahead log, as bytes on disk.
fn sqlite_bytes(url: &str) -> String {
    let path = url.trim_start_matches("sqlite://");
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    for file in [path.to_owned(), format!("{path}-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    assert!(out.len() > 10_000, "read the database file");
    out
}

struct Reader {
    who: String,
    client: reqwest::Client,
    token: Option<String>,
}

impl Reader {
    async fn get(&self, app: &TestApp, path: &str) -> (u16, Vec<u8>) {
        let mut r = self.client.get(app.url(path));
        if let Some(t) = &self.token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.expect("GET");
        let status = res.status().as_u16();
        (status, res.bytes().await.expect("body").to_vec())
    }
}

async fn post_form(
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

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"]
        .to_str()
        .expect("location")
        .split('?')
        .next()
        .expect("path")
        .to_owned()
}

async fn version_of(app: &TestApp, client: &reqwest::Client, case: &str) -> String {
    let html = app.get(client, case).await.text().await.expect("page");
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a version field")
        .to_owned()
}

backend_test! {
    async fn a_denouncer_named_every_way_appears_nowhere_for_anyone_but_the_seal(backend: Backend) {
        let logs = captured_logs();
        let app = TestApp::spawn(backend).await;
        let province = app.create_unit("94", "Tỉnh Demo", "province", None).await;
        let ward = app.create_unit("94001", "Phường Demo", "commune", Some(province)).await;
        let other = app.create_unit("94002", "Xã Khác", "commune", Some(province)).await;
        // The handler who registers every case, and so is named on them.
        let handler_id = app.create_user_in("xulydon.a", Some(ward), &[(Role::PetitionHandler, Some(ward))]).await;
        let handler = app.new_client();
        let csrf = app.login(&handler, "xulydon.a").await;
        let (handler_token, _) = app.create_token(handler_id, &["petitions:read", "petitions:write"]).await;

        // 1. On the officer's page, with the subject left empty as the page has it.
        let content = content();
        let r = post_form(&app, &handler, &csrf, "/don-thu/dang-ky", &[
            ("kind", "to_cao"), ("source", "post"), ("subject", ""), ("content", &content),
            ("sender_name", NAME), ("sender_address", ADDRESS), ("sender_id_number", ID_NUMBER),
            ("sender_phone", PHONE), ("sender_email", EMAIL),
        ]).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let case = location(&r);
        for (action, extra) in [("classify", None), ("accept", Some(("complexity", "normal")))] {
            let version = version_of(&app, &handler, &case).await;
            let mut form = vec![("action", action), ("version", version.as_str())];
            form.extend(extra);
            let r = post_form(&app, &handler, &csrf, &format!("{case}/thao-tac"), &form).await;
            assert_eq!(r.status(), 303, "{action}: {}", r.text().await.unwrap_or_default());
        }

        // 2. Over the API, with a typed subject that names the author too.
        let api = |body: Value| {
            let c = app.client.clone();
            let url = app.url("/api/v1/petitions");
            let t = handler_token.clone();
            async move {
                let r = c.post(url).bearer_auth(t).json(&body).send().await.expect("POST");
                assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                r.json::<Value>().await.expect("json")
            }
        };
        let by_api = api(json!({
            "kind": "to_cao", "source": "online",
            "subject": "Đơn của LUC VAN KHIEM, ĐT 0913 579 246, ở 12 Tran Phu",
            "content": content, "sender_name": NAME, "sender_address": ADDRESS,
            "sender_id_number": ID_NUMBER, "sender_phone": PHONE, "sender_email": EMAIL,
        })).await;
        assert_hidden("the API's answer to the registration", &by_api.to_string());
        assert!(by_api["subject"].as_str().unwrap().contains("[đã che"), "{by_api}");

        // 3. Met at a reception visit, then registered from the visit (identity from its seal).
        let today = vn_today().format("%Y-%m-%d").to_string();
        let r = post_form(&app, &handler, &csrf, "/tiep-cong-dan/phien", &[
            ("kind", "routine"), ("held_on", &today), ("host_name", "Lê Văn Trực"),
            ("host_title", "Công chức Thanh tra"), ("place", "Trụ sở UBND phường"),
        ]).await;
        assert_eq!(r.status(), 303);
        let session = location(&r);
        let r = post_form(&app, &handler, &csrf, &format!("{session}/luot"), &[
            ("visitor_name", NAME), ("visitor_address", ADDRESS), ("visitor_id_number", ID_NUMBER),
            ("people_count", "1"), ("representatives", ""), ("content", &content), ("class", "TC"),
            ("prior_handling", "Đã gửi đơn lần trước, ký tên Lục Văn Khiêm"),
            ("within_competence", "yes"), ("guidance", "Hướng dẫn ông Khiêm (0913579246) bổ sung"),
            ("forwarded_to", ""), ("documents", "Đơn tố cáo của LUC VAN KHIEM\nẢnh biên lai"),
        ]).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let year = vn_today().year();
        let visits = motcua_store::reception::log(&app.db, ward, year).await.expect("log");
        let visit = visits[0].id;
        let from_visit = api(json!({
            "kind": "to_cao", "visit_id": visit.to_string(), "subject": "", "content": content,
        })).await;
        assert_eq!(from_visit["sender"], Value::Null);

        let mut cases = vec![case.clone()];
        for p in [&by_api, &from_visit] {
            cases.push(format!("/don-thu/{}", p["id"].as_str().unwrap()));
        }
        let ids: Vec<String> = cases.iter().map(|c| c.trim_start_matches("/don-thu/").to_owned()).collect();

        // Every role that is not a named handler: each role of the ward (the petition handler
        // is a colleague not named on the cases), an officer of another commune, a citizen, a
        // system admin, and anonymous. The named handler too, where nothing names anyone.
        let mut readers = vec![Reader { who: "anonymous".into(), client: app.new_client(), token: None }];
        for role in Role::ALL {
            let login = format!("r.{}", role.code().replace('_', "-"));
            let scope = match role {
                Role::Citizen | Role::SystemAdmin => None,
                _ => Some(ward),
            };
            let id = app.create_user_in(&login, scope, &[(role, scope)]).await;
            let client = app.new_client();
            app.login(&client, &login).await;
            let (token, _) = app.create_token(id, &["petitions:read"]).await;
            readers.push(Reader { who: format!("{role} (session)"), client, token: None });
            readers.push(Reader { who: format!("{role} (token)"), client: app.new_client(), token: Some(token) });
        }
        let outsider = app.create_user_in("xulydon.khac", Some(other), &[(Role::PetitionHandler, Some(other))]).await;
        let client = app.new_client();
        app.login(&client, "xulydon.khac").await;
        readers.push(Reader { who: "handler of another commune".into(), client, token: None });
        let (token, _) = app.create_token(outsider, &["petitions:read"]).await;
        readers.push(Reader { who: "handler of another commune (token)".into(), client: app.new_client(), token: Some(token) });
        readers.push(Reader { who: "the named handler".into(), client: handler.clone(), token: None });
        readers.push(Reader { who: "the named handler (token)".into(), client: app.new_client(), token: Some(handler_token.clone()) });

        let mut paths = vec![
            "/don-thu".to_owned(),
            "/don-thu?dinh_dang=csv".to_owned(),
            "/chi-dao".to_owned(),
            "/tiep-cong-dan".to_owned(),
            session.clone(),
            format!("/tiep-cong-dan/so?nam={year}"),
            format!("/tiep-cong-dan/so?nam={year}&dinh_dang=csv"),
            format!("{session}/luot/{visit}/bien-nhan"),
            format!("/don-thu/dang-ky?visit={visit}"),
            "/api/v1/petitions".to_owned(),
            "/api/v1/petitions/dashboard".to_owned(),
        ];
        for c in &cases {
            paths.push(c.clone());
            paths.push(format!("{c}/van-ban/thu-ly"));
        }
        for id in &ids {
            paths.push(format!("/api/v1/petitions/{id}"));
        }
        let searches = ["Lục Văn Khiêm", "luc van khiem", "khiem", ID_NUMBER, "095 079 005 678", PHONE, "Tran Phu"];
        let pdfs = [
            format!("{case}/van-ban/thu-ly.pdf"),
            format!("/tiep-cong-dan/so?nam={year}&dinh_dang=pdf"),
            format!("{session}/luot/{visit}/bien-nhan.pdf"),
        ];
        let xlsx = format!("/tiep-cong-dan/so?nam={year}&dinh_dang=xlsx");
        let mut pdf_read = 0;
        let mut found_case = 0;
        for reader in &readers {
            let who = &reader.who;
            for path in &paths {
                let (status, body) = reader.get(&app, path).await;
                assert!(status < 500, "{who} {path}: {status}");
                if status == 200 && path.starts_with("/don-thu/") && !path.contains("van-ban") {
                    found_case += 1;
                }
                assert_hidden(&format!("{who} {path}"), &String::from_utf8_lossy(&body));
            }
            for words in searches {
                let q = urlencode(words);
                for path in [format!("/api/v1/petitions?q={q}"), format!("/don-thu?q={q}")] {
                    let (status, body) = reader.get(&app, &path).await;
                    // The search box shows the searcher's own words back: not a leak.
                    let text = String::from_utf8_lossy(&body).replace(words, "");
                    assert_hidden(&format!("{who} {path}"), &text);
                    if status == 200 {
                        for c in [&by_api, &from_visit] {
                            let code = c["code"].as_str().unwrap();
                            assert!(!text.contains(code), "{who} found {code} by {path}");
                        }
                    }
                }
            }
            for path in &pdfs {
                let (status, body) = reader.get(&app, path).await;
                if status == 200 && body.starts_with(b"%PDF") {
                    let text = pdf_text(&body);
                    assert!(text.to_lowercase().contains("demo"), "the PDF text was extracted: {text}");
                    pdf_read += 1;
                    assert_hidden(&format!("{who} {path} (PDF text)"), &text);
                } else {
                    assert_hidden(&format!("{who} {path}"), &String::from_utf8_lossy(&body));
                }
            }
            let (status, body) = reader.get(&app, &xlsx).await;
            if status == 200 {
                assert_hidden(&format!("{who} XLSX"), &crate::reception::xlsx_text(&body));
            }
        }
        assert!(pdf_read >= 3, "some PDFs were read ({pdf_read})");
        assert!(found_case >= 3, "some readers opened the cases ({found_case})");

        // The raw database: SQLite's file and its write-ahead log; every row of PostgreSQL.
        let raw = match backend {
            Backend::Sqlite => sqlite_bytes(&app.database_url),
            Backend::Postgres => postgres_rows(&app.database_url).await,
        };
        assert!(raw.contains(by_api["code"].as_str().unwrap()), "the dump holds the cases");
        assert_hidden("the raw database", &raw);
        let url = app.database_url.clone();
        app.stop().await;
        if backend == Backend::Sqlite {
            assert_hidden("the database file after shutdown", &sqlite_bytes(&url));
        }
        let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
        assert!(text.contains("/api/v1/petitions"), "the capture saw the requests");
        assert_hidden("the server log", &text);
    }

    async fn a_person_link_to_a_denunciation_is_shown_only_to_its_named_handlers_and_audited(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let province = app.create_unit("94", "Tỉnh Demo", "province", None).await;
        let ward = app.create_unit("94001", "Phường Demo", "commune", Some(province)).await;
        let mut tokens = Vec::new();
        for (login, role) in [
            ("xulydon.a", Role::PetitionHandler),
            ("xulydon.b", Role::PetitionHandler),
            ("lanhdao", Role::Head),
            ("thanhtra", Role::Inspector),
        ] {
            let id = app.create_user_in(login, Some(ward), &[(role, Some(ward))]).await;
            tokens.push(app.create_token(id, &["petitions:read", "petitions:write"]).await.0);
        }
        let (named, colleague, head, inspector) = (&tokens[0], &tokens[1], &tokens[2], &tokens[3]);
        let post = |token: &str, path: &str, body: Value| {
            let r = app.client.post(app.url(path)).bearer_auth(token).json(&body).send();
            async move { r.await.expect("POST") }
        };
        let get = |token: &str, path: &str| {
            let r = app.client.get(app.url(path)).bearer_auth(token).send();
            async move { r.await.expect("GET").json::<Value>().await.expect("json") }
        };
        // The denunciation, registered (and so handled) by `named`.
        let r = post(named, "/api/v1/petitions", json!({
            "kind": "to_cao", "source": "post", "subject": "Tố cáo cán bộ thu tiền",
            "content": "Tôi tố cáo ông Đặng Văn Xạ nhận tiền khi làm thủ tục đất đai.",
            "sender_name": NAME, "sender_address": ADDRESS, "sender_id_number": ID_NUMBER,
        })).await;
        assert_eq!(r.status(), 201);
        let denunciation: Value = r.json().await.unwrap();
        let code = denunciation["code"].as_str().unwrap().to_owned();
        // A complaint in the open about something else, by the same person (same ID number),
        // registered by a colleague.
        let r = post(colleague, "/api/v1/petitions", json!({
            "kind": "khieu_nai", "source": "post", "subject": "Khiếu nại mức bồi thường",
            "content": "Tôi không đồng ý với mức bồi thường thửa đất số 77 tờ bản đồ 5.",
            "sender_name": NAME, "sender_address": ADDRESS, "sender_id_number": "095 079 005 678",
        })).await;
        assert_eq!(r.status(), 201);
        let complaint: Value = r.json().await.unwrap();
        let complaint_id = complaint["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/petitions/{complaint_id}");
        // Those not named on the denunciation: no candidate, no "same ID number".
        for (who, token) in [("registering colleague", colleague), ("head", head), ("inspector", inspector)] {
            let p = get(token, &path).await;
            let text = p["duplicates"].to_string();
            assert!(!text.contains(&code), "{who} sees the person link: {text}");
            assert!(!text.contains("CCCD") && !text.contains("họ tên"), "{who}: {text}");
        }
        assert!(!complaint["duplicates"].to_string().contains(&code), "{complaint}");
        let client = app.new_client();
        app.login(&client, "lanhdao").await;
        let html = app.get(&client, &format!("/don-thu/{complaint_id}")).await.text().await.unwrap();
        assert!(!html.contains(&code), "the head's case page shows the link");
        // They cannot decide on it either: as far as they know it is not proposed.
        let link = format!("{path}/duplicates/{}", denunciation["id"].as_str().unwrap());
        let r = post(colleague, &link, json!({"decision": "link"})).await;
        assert_eq!(r.status(), 404);
        let audited = || async {
            motcua_store::audit::for_entity(&app.db, "petition", &complaint_id)
                .await
                .unwrap()
                .iter()
                .filter(|e| e.entry.action == "petition.person_link_view")
                .count()
        };
        assert_eq!(audited().await, 0);
        // The handler named on the denunciation sees it, and that is audited each time.
        let p = get(named, &path).await;
        let dups = p["duplicates"].as_array().unwrap();
        assert_eq!(dups.len(), 1, "{p}");
        assert_eq!(dups[0]["candidate_code"], code.as_str());
        assert!(dups[0]["reasons"].as_str().unwrap().contains("CCCD"));
        assert_eq!(audited().await, 1);
        let client = app.new_client();
        app.login(&client, "xulydon.a").await;
        let html = app.get(&client, &format!("/don-thu/{complaint_id}")).await.text().await.unwrap();
        assert!(html.contains(&code));
        assert_eq!(audited().await, 2);
        let entries = motcua_store::audit::for_entity(&app.db, "petition", &complaint_id).await.unwrap();
        assert!(!format!("{entries:?}").contains("Khiêm"), "the audit names the person");
        // A wording alike is still a candidate for all, without the person in its reasons.
        let r = post(colleague, "/api/v1/petitions", json!({
            "kind": "khieu_nai", "source": "post", "subject": "Tố cáo cán bộ thu tiền",
            "content": "Tôi tố cáo ông Đặng Văn Xạ nhận tiền khi làm thủ tục đất đai.",
            "sender_name": NAME, "sender_address": ADDRESS, "sender_id_number": ID_NUMBER,
        })).await;
        assert_eq!(r.status(), 201);
        let alike: Value = r.json().await.unwrap();
        let p = get(head, &format!("/api/v1/petitions/{}", alike["id"].as_str().unwrap())).await;
        let dups = p["duplicates"].as_array().unwrap();
        let d = dups.iter().find(|d| d["candidate_code"] == code.as_str()).expect("a content candidate");
        let reasons = d["reasons"].as_str().unwrap();
        assert!(reasons.contains("nội dung giống") && !reasons.contains("CCCD"), "{reasons}");
        app.stop().await;
    }
}

backend_test! {
    async fn rows_an_older_version_wrote_unmasked_are_remasked_from_the_seal(backend: Backend) {
        let keys = std::sync::Arc::new(motcua_web::config::ephemeral_keyring());
        let for_app = keys.clone();
        let app = TestApp::spawn_with(backend, move |c| c.identity_keys = for_app).await;
        let province = app.create_unit("94", "Tỉnh Demo", "province", None).await;
        let ward = app.create_unit("94001", "Phường Demo", "commune", Some(province)).await;
        let id = app.create_user_in("xulydon.a", Some(ward), &[(Role::PetitionHandler, Some(ward))]).await;
        let (token, _) = app.create_token(id, &["petitions:read", "petitions:write"]).await;
        let content = content();
        let r = app.client.post(app.url("/api/v1/petitions")).bearer_auth(&token).json(&json!({
            "kind": "to_cao", "source": "post", "content": content, "sender_name": NAME,
            "sender_address": ADDRESS, "sender_id_number": ID_NUMBER, "sender_phone": PHONE,
            "sender_email": EMAIL,
        })).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let fresh: Value = r.json().await.unwrap();
        let pid = motcua_domain::ids::PetitionId::parse(fresh["id"].as_str().unwrap()).unwrap();
        // What an older version wrote: the subject cut from the clear content, and the
        // signature, bands and search text computed from it.
        let mut old = motcua_store::petitions::get(&app.db, pid).await.unwrap();
        let right = old.clone();
        old.subject = content.chars().take(120).collect();
        old.content = content.replace(NAME, "[đã che thông tin người tố cáo]");
        let signature = motcua_domain::similar::Signature::of(&format!("{} {}", old.subject, content));
        old.signature = signature.to_string();
        let bands: Vec<String> = signature.band_keys().iter().map(|b| format!("{b:016x}")).collect();
        let mut tx = app.db.begin().await.unwrap();
        motcua_store::petitions::rewrite_text(&mut tx, &old, &bands).await.unwrap();
        tx.commit().await.unwrap();
        let search = |q: &'static str| {
            let r = app.client.get(app.url(&format!("/api/v1/petitions?q={}", urlencode(q)))).bearer_auth(&token).send();
            async move { r.await.unwrap().text().await.unwrap() }
        };
        let code = fresh["code"].as_str().unwrap();
        assert!(search("luc van khiem").await.contains(code), "the old row is found by name");

        // A reception visit whose text an older version masked only where typed exactly.
        let client = app.new_client();
        let csrf = app.login(&client, "xulydon.a").await;
        let today = vn_today().format("%Y-%m-%d").to_string();
        let r = post_form(&app, &client, &csrf, "/tiep-cong-dan/phien", &[
            ("kind", "routine"), ("held_on", &today), ("host_name", "Lê Văn Trực"),
            ("host_title", "Công chức Thanh tra"), ("place", "Trụ sở UBND phường"),
        ]).await;
        let session = location(&r);
        let r = post_form(&app, &client, &csrf, &format!("{session}/luot"), &[
            ("visitor_name", NAME), ("visitor_address", ADDRESS), ("visitor_id_number", ID_NUMBER),
            ("people_count", "1"), ("content", &content), ("class", "TC"),
            ("within_competence", "yes"), ("guidance", "Gọi lại ông Khiêm số 0913 579 246"),
        ]).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let year = vn_today().year();
        let visit = motcua_store::reception::log(&app.db, ward, year).await.unwrap().remove(0);
        let right_visit = visit.clone();
        let mut old_visit = visit.clone();
        old_visit.content = content.replace(NAME, "[đã che thông tin người tố cáo]");
        old_visit.guidance = "Gọi lại ông Khiêm số 0913 579 246".to_owned();
        let mut tx = app.db.begin().await.unwrap();
        motcua_store::reception::rewrite_visit_text(&mut tx, &old_visit).await.unwrap();
        tx.commit().await.unwrap();

        let done = motcua_app::petitions::repair::remask_all(&app.db, &keys).await.unwrap();
        assert_eq!((done.petitions, done.petitions_seen), (1, 1));
        assert_eq!((done.visits, done.visits_seen), (1, 1));
        let now_visit = motcua_store::reception::get_visit(&app.db, visit.id).await.unwrap();
        assert_eq!((&now_visit.content, &now_visit.guidance), (&right_visit.content, &right_visit.guidance));
        assert_hidden("the repaired visit", &format!("{now_visit:?}"));
        let again = motcua_app::petitions::repair::remask_all(&app.db, &keys).await.unwrap();
        assert_eq!((again.petitions, again.visits), (0, 0), "a second run changes nothing");
        let now = motcua_store::petitions::get(&app.db, pid).await.unwrap();
        assert_eq!((&now.subject, &now.content, &now.signature), (&right.subject, &right.content, &right.signature));
        assert!(!search("luc van khiem").await.contains(code));
        assert!(!search(ID_NUMBER).await.contains(code));
        let r = app.client.get(app.url(&format!("/api/v1/petitions/{pid}"))).bearer_auth(&token).send().await.unwrap();
        assert_hidden("the repaired case", &r.text().await.unwrap());
        app.stop().await;
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
