//! Bad input gets a clear 4xx, never a 500.

use crate::helpers::*;
use motcua_test_support::backend_test;

backend_test! {
    async fn a_login_form_with_the_wrong_content_type_is_a_415(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app
            .client
            .post(app.url("/login"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415);
        assert!(r.text().await.unwrap().contains("Kiểu dữ liệu gửi lên không được hỗ trợ"));
    }

    async fn an_oversized_body_is_a_413(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.body_limit_bytes = 1024).await;
        let big = "x".repeat(4096);
        let r = app
            .client
            .post(app.url("/login"))
            .form(&[("login", big.as_str()), ("password", "p")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413);
        assert!(r.text().await.unwrap().contains("quá lớn"));
    }

    async fn an_unknown_page_is_a_vietnamese_404(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/khong-co-trang-nay").await;
        assert_eq!(r.status(), 404);
        assert!(r.text().await.unwrap().contains("Không tìm thấy"));
    }

    async fn a_wrong_method_is_a_405(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.client.delete(app.url("/login")).send().await.unwrap();
        assert_eq!(r.status(), 405);
    }

    async fn script_in_a_login_name_is_shown_escaped(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app
            .post_login(&app.client, "<script>alert(1)</script>", "x' OR '1'='1")
            .await;
        assert_eq!(r.status(), 401);
        let body = r.text().await.unwrap();
        assert!(!body.contains("<script>alert(1)</script>"));
        assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
    }

    async fn a_redirect_target_outside_the_site_is_ignored(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        for (next, expected) in [
            ("//evil.example/", "/"),
            ("/\t/evil.example/", "/"),
            ("/\u{9}/evil.example/", "/"),
            ("/%09/evil.example/", "/"),
            ("/%2F/evil.example/", "/"),
            ("/\\evil.example/", "/"),
            ("https://evil.example/", "/"),
            ("/mot-cua/ho-so?q=abc", "/mot-cua/ho-so?q=abc"),
        ] {
            let client = app.new_client();
            let r = login_with_next(&app, &client, next).await;
            assert_eq!(r.status(), 303, "{next:?}");
            assert_eq!(r.headers()["location"], expected, "{next:?}");
        }
    }

    async fn a_redirect_target_with_control_characters_never_fails_the_login(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let targets = ["/%0A/x", "/\n/x", "/\r\nSet-Cookie: a=b", "/\u{b}", "/\u{0}", "/\u{7f}", "/a\u{85}b", "/tra-cuu?q=Nguyễn"];
        for next in targets {
            let client = app.new_client();
            let r = login_with_next(&app, &client, next).await;
            assert_eq!(r.status(), 303, "{next:?}");
            assert!(r.headers()["set-cookie"].to_str().unwrap().starts_with("motcua_session="), "{next:?}");
            let location = r.headers()["location"].to_str().unwrap().to_owned();
            if next.starts_with("/tra-cuu") {
                assert_eq!(location, "/tra-cuu?q=Nguy%E1%BB%85n");
            } else {
                assert_eq!(location, "/", "{next:?}");
            }
        }
        // Every session row went out with its cookie.
        assert_eq!(session_rows(&app).await, i64::try_from(targets.len()).unwrap());
    }
}

async fn login_with_next(app: &TestApp, client: &reqwest::Client, next: &str) -> reqwest::Response {
    let token = app.login_form_token(client).await;
    client
        .post(app.url("/login"))
        .form(&[
            ("login", "can.bo"),
            ("password", PASSWORD),
            ("next", next),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

async fn session_rows(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM session";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

mod search {
    use motcua_domain::role::Role;

    use crate::helpers::*;
    use motcua_test_support::backend_test;

    /// About a thousand words: one SQL condition each used to overflow SQLite's expression tree.
    fn long_query() -> String {
        (0..1000)
            .map(|i| format!("tu{i}"))
            .collect::<Vec<_>>()
            .join("+")
    }

    backend_test! {
        async fn a_search_of_a_thousand_words_is_a_400_with_a_stable_code(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
            let id = app
                .create_user_in("mot.cua", Some(province), &[(Role::DeskOfficer, Some(province)), (Role::PetitionHandler, Some(province))])
                .await;
            let (token, _) = app
                .create_token(id, &["dossiers:read", "petitions:read", "catalogue:read"])
                .await;
            let long = long_query();
            let too_long_chars = "a".repeat(201);
            for path in ["/api/v1/dossiers", "/api/v1/petitions", "/api/v1/procedures"] {
                for q in [long.as_str(), too_long_chars.as_str()] {
                    let r = app
                        .client
                        .get(app.url(&format!("{path}?q={q}")))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 400, "{path}");
                    let v: serde_json::Value = r.json().await.unwrap();
                    assert_eq!(v["error"]["code"], "search_too_long", "{path}: {v}");
                    assert!(v["error"]["message"].as_str().unwrap().contains("tối đa 200 ký tự và 12 từ"), "{v}");
                }
                // Twelve words are still a search.
                let twelve = (0..12).map(|i| format!("tu{i}")).collect::<Vec<_>>().join("+");
                let r = app
                    .client
                    .get(app.url(&format!("{path}?q={twelve}")))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "{path}");
            }
        }

        async fn the_pages_that_search_say_the_search_is_too_long(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
            app.create_user_in("mot.cua", Some(province), &[(Role::DeskOfficer, Some(province)), (Role::PetitionHandler, Some(province))])
                .await;
            app.login(&app.client, "mot.cua").await;
            let long = long_query();
            for path in ["/mot-cua/ho-so", "/don-thu", "/procedures"] {
                let r = app.get(&app.client, &format!("{path}?q={long}")).await;
                let status = r.status().as_u16();
                assert!(status == 200 || status == 400, "{path}: {status}");
                let body = r.text().await.unwrap();
                assert!(body.contains("Từ khóa tìm kiếm quá dài: tối đa 200 ký tự và 12 từ."), "{path}: {body}");
            }
        }
    }
}

mod json {
    use crate::helpers::*;
    use motcua_domain::role::Role;
    use motcua_test_support::backend_test;

    async fn admin_token(app: &TestApp) -> String {
        let id = app.create_user("qt", &[(Role::SystemAdmin, None)]).await;
        app.create_token(id, &["units:write"]).await.0
    }

    backend_test! {
        async fn an_unknown_json_field_is_a_400_with_a_stable_code(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let token = admin_token(&app).await;
            let r = app
                .client
                .post(app.url("/api/v1/units"))
                .bearer_auth(token)
                .json(&serde_json::json!({
                    "code": "CM", "name": "Cà Mau", "level": "province",
                    "effective_from": "2025-07-01", "is_admin": true
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "unknown_field");
            assert!(v["error"]["message"].as_str().unwrap().contains("is_admin"));
            assert!(v["error"]["fields"]["is_admin"].is_string());
        }

        async fn malformed_json_is_a_400(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let token = admin_token(&app).await;
            let r = app
                .client
                .post(app.url("/api/v1/units"))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body("{\"code\": ")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            assert_eq!(error_code(r).await, "malformed_json");
        }

        async fn invalid_fields_are_a_422_with_field_messages(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let token = admin_token(&app).await;
            let r = app
                .client
                .post(app.url("/api/v1/units"))
                .bearer_auth(token)
                .json(&serde_json::json!({
                    "code": "có dấu", "name": "X", "level": "province", "effective_from": "2025-07-01"
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "validation_failed");
            assert!(v["error"]["fields"]["code"].as_str().unwrap().contains("Mã đơn vị"));
        }

        async fn every_invalid_unit_field_is_named_in_one_answer_as_on_the_page(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let token = admin_token(&app).await;
            let r = app
                .client
                .post(app.url("/api/v1/units"))
                .bearer_auth(token)
                .json(&serde_json::json!({
                    "code": "CM", "name": "Cà Mau", "level": "hamlet",
                    "parent_id": "not-an-id", "effective_from": "31/02/2025"
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "validation_failed");
            let fields = v["error"]["fields"].as_object().unwrap();
            let mut named: Vec<&str> = fields.keys().map(String::as_str).collect();
            named.sort_unstable();
            assert_eq!(named, ["effective_from", "level", "parent_id"]);
            // The same sentence the admin page shows beside its date field.
            assert_eq!(fields["effective_from"], "Ngày không hợp lệ (dd/mm/yyyy).");
            assert!(
                motcua_store::units::list_all(&app.db).await.unwrap().is_empty(),
                "a refused unit must not be written"
            );
        }

        async fn a_duplicate_code_is_a_409(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let token = admin_token(&app).await;
            let body = serde_json::json!({
                "code": "CM", "name": "Cà Mau", "level": "province", "effective_from": "2025-07-01"
            });
            let first = app.client.post(app.url("/api/v1/units")).bearer_auth(&token).json(&body).send().await.unwrap();
            assert_eq!(first.status(), 201);
            let again = app.client.post(app.url("/api/v1/units")).bearer_auth(&token).json(&body).send().await.unwrap();
            assert_eq!(again.status(), 409);
            assert_eq!(error_code(again).await, "conflict");
        }

        async fn an_oversized_json_body_is_a_413_envelope(backend: Backend) {
            let app = TestApp::spawn_with(backend, |c| c.body_limit_bytes = 1024).await;
            let token = admin_token(&app).await;
            let r = app
                .client
                .post(app.url("/api/v1/units"))
                .bearer_auth(token)
                .json(&serde_json::json!({ "code": "x".repeat(4000) }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 413);
            assert_eq!(error_code(r).await, "payload_too_large");
        }
    }
}

mod forms {
    use motcua_domain::role::Role;

    use crate::helpers::*;
    use motcua_test_support::backend_test;

    backend_test! {
        async fn a_form_value_outside_the_allowed_set_is_a_clear_422(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            app.create_user("qt", &[(Role::SystemAdmin, None)]).await;
            let target = app.create_user("cong.dan", &[(Role::Citizen, None)]).await;
            let csrf = app.login(&app.client, "qt").await;
            let r = app
                .client
                .post(app.url(&format!("/admin/users/{target}/status")))
                .form(&[("csrf_token", csrf.as_str()), ("disabled", "maybe; DROP TABLE app_user")])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            assert!(r.text().await.unwrap().contains("Giá trị không hợp lệ"));
        }

        async fn a_malformed_id_in_the_path_is_a_404(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            app.create_user("qt", &[(Role::SystemAdmin, None)]).await;
            app.login(&app.client, "qt").await;
            let r = app.get(&app.client, "/admin/users/not-a-uuid").await;
            assert_eq!(r.status(), 404);
            let r = app.get(&app.client, "/api/v1/units/%3Cscript%3E").await;
            assert_eq!(r.status(), 404);
            assert_eq!(error_code(r).await, "not_found");
        }
    }
}
