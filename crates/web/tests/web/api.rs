//! The JSON API: bearer tokens, the error envelope, the OpenAPI document.

use motcua_domain::role::Role;

use crate::helpers::*;
use motcua_test_support::backend_test;

backend_test! {
    async fn whoami_answers_for_a_bearer_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.create_user("tich.hop", &[(Role::SystemAdmin, None)]).await;
        let (token, _) = app.create_token(user, &["units:read"]).await;
        let r = app
            .client
            .get(app.url("/api/v1/whoami"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["login"], "tich.hop");
        assert_eq!(v["auth"], "token");
        assert_eq!(v["scopes"][0], "units:read");
    }

    async fn a_revoked_token_is_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.create_user("tich.hop", &[]).await;
        let (token, id) = app.create_token(user, &["units:read"]).await;
        app.revoke_token(id).await;
        let r = app
            .client
            .get(app.url("/api/v1/whoami"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.headers().contains_key("www-authenticate"));
        assert_eq!(error_code(r).await, "unauthenticated");
    }

    async fn an_expired_token_is_refused_with_its_own_code_and_a_close_one_warns(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.create_user("tich.hop", &[]).await;
        let (token, id) = app.create_token(user, &["units:read"]).await;
        let whoami = || app.client.get(app.url("/api/v1/whoami")).bearer_auth(&token).send();
        let r = whoami().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(!r.headers().contains_key("warning"), "90 days away: no warning yet");
        app.set_token_expiry(id, chrono::Utc::now() + chrono::Duration::days(3)).await;
        let r = whoami().await.unwrap();
        assert_eq!(r.status(), 200);
        let warning = r.headers()["warning"].to_str().unwrap().to_owned();
        assert!(warning.starts_with("299 motcua \"API token expires at "), "{warning}");
        app.set_token_expiry(id, chrono::Utc::now() - chrono::Duration::seconds(1)).await;
        let r = whoami().await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.headers().contains_key("www-authenticate"));
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "token_expired");
        assert!(v["error"]["message"].as_str().unwrap().contains("hết hạn"));
    }

    async fn an_api_call_without_credentials_gets_the_error_envelope(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/api/v1/whoami").await;
        assert_eq!(r.status(), 401);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "unauthenticated");
        assert!(v["error"]["message"].as_str().unwrap().contains("đăng nhập"));
        assert!(v["error"]["fields"].is_object());
    }

    async fn an_unknown_api_route_is_a_json_404(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/api/v1/khong-co").await;
        assert_eq!(r.status(), 404);
        assert_eq!(error_code(r).await, "not_found");
    }

    async fn the_openapi_document_is_3_1_and_lists_the_routes(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/api/v1/openapi.json").await;
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["openapi"].as_str().unwrap().starts_with("3.1"));
        let paths = v["paths"].as_object().unwrap();
        for (path, method) in [
            ("/api/v1/whoami", "get"),
            ("/api/v1/units", "get"),
            ("/api/v1/units", "post"),
            ("/api/v1/units/{id}", "get"),
            ("/api/v1/procedures", "get"),
            ("/api/v1/procedures/{code}", "get"),
            ("/api/v1/users", "get"),
            ("/api/v1/users/{id}", "get"),
        ] {
            assert!(paths[path][method].is_object(), "missing {method} {path}");
        }
        let schemas = v["components"]["schemas"].as_object().unwrap();
        for s in ["ApiError", "UnitDto", "NewUnitRequest", "ProcedureDetail", "UserDto"] {
            assert!(schemas.contains_key(s), "missing schema {s}");
        }
        assert!(v["components"]["securitySchemes"]["bearer"].is_object());
    }
}
