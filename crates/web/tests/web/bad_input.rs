//! Bad input gets a clear 4xx, never a 500.

use crate::helpers::*;
use crate::on_both_backends;

on_both_backends! {
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
        let r = app
            .client
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("next", "//evil.example/")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/");
    }
}

mod json {
    use crate::helpers::*;
    use crate::on_both_backends;
    use motcua_domain::role::Role;

    async fn admin_token(app: &TestApp) -> String {
        let id = app.create_user("qt", &[(Role::SystemAdmin, None)]).await;
        app.create_token(id, &["units:write"]).await.0
    }

    on_both_backends! {
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
    use crate::on_both_backends;

    on_both_backends! {
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
