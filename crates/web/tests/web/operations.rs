//! Health, readiness, request ids, security headers, graceful shutdown.

use crate::helpers::*;
use crate::on_both_backends;

on_both_backends! {
    async fn healthz_answers_200_when_the_database_is_reachable(backend: Backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        // Act
        let r = app.get(&app.client, "/healthz").await;
        // Assert
        assert_eq!(r.status(), 200);
    }

    async fn healthz_answers_503_when_the_database_is_closed(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.db.close().await;
        let r = app.get(&app.client, "/healthz").await;
        assert_eq!(r.status(), 503);
    }

    async fn readyz_answers_200_once_migrations_are_applied(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/readyz").await;
        assert_eq!(r.status(), 200);
    }

    async fn every_response_carries_a_request_id_and_security_headers(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/").await;
        assert_eq!(r.status(), 200);
        let id = r.headers().get("x-request-id").expect("x-request-id");
        assert!(!id.is_empty());
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers().contains_key("content-security-policy"));
    }

    async fn a_request_in_flight_finishes_during_graceful_shutdown(backend: Backend) {
        // Arrange: a slow request (a login has to hash) is under way.
        let app = TestApp::spawn(backend).await;
        // The login form's token and cookie come over another connection: the post must open
        // its own, not reuse an idle one that the shutdown may close before the post arrives.
        let form = app.get(&app.new_client(), "/login").await;
        let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let token = extract_csrf(&form.text().await.unwrap()).expect("a token");
        let client = app.new_client();
        let url = app.url("/login");
        let slow = tokio::spawn(async move {
            client
                .post(url)
                .header("cookie", cookie)
                .form(&[("login", "nobody"), ("password", "whatever-long-enough"), ("csrf_token", token.as_str())])
                .send()
                .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        // Act
        app.stop().await;
        // Assert: the request got its answer.
        let r = slow.await.expect("task").expect("response despite shutdown");
        assert_eq!(r.status(), 401);
    }
}
