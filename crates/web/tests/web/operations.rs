//! Health, readiness, request ids, security headers, graceful shutdown.

use crate::helpers::*;
use motcua_test_support::backend_test;

backend_test! {
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
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        // Arrange: a login whose head has reached the handler but whose body has not been sent.
        let app = TestApp::spawn(backend).await;
        let form = app.get(&app.new_client(), "/login").await;
        let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let token = extract_csrf(&form.text().await.unwrap()).expect("a token");
        let body = serde_urlencoded::to_string([("login", "nobody"), ("password", "whatever-long-enough"), ("csrf_token", token.as_str())]).unwrap();
        let host = app.address.trim_start_matches("http://").to_owned();
        let mut conn = tokio::net::TcpStream::connect(&host).await.expect("connects");
        let head = format!(
            "POST /login HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Expect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        );
        conn.write_all(head.as_bytes()).await.unwrap();
        // The server answers `100 Continue` only once the handler asks for the body: from here
        // on the request is in flight, by the server's own word.
        let mut interim = Vec::new();
        while !interim.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8; 1];
            assert_eq!(conn.read(&mut byte).await.unwrap(), 1, "connection closed before 100 Continue");
            interim.push(byte[0]);
        }
        assert!(interim.starts_with(b"HTTP/1.1 100 Continue"), "{}", String::from_utf8_lossy(&interim));
        // Act: shut down, and wait until the server has stopped taking new connections: the
        // shutdown has begun while the request is half-sent.
        let stopping = tokio::spawn(app.stop());
        let mut closed = false;
        for _ in 0..500 {
            if tokio::net::TcpStream::connect(&host).await.is_err() {
                closed = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(closed, "the server kept accepting connections after the stop signal");
        conn.write_all(body.as_bytes()).await.unwrap();
        // Assert: the request got its whole answer, and then the server stopped cleanly.
        let mut response = String::new();
        conn.read_to_string(&mut response).await.expect("the response despite shutdown");
        assert!(response.starts_with("HTTP/1.1 401"), "{response}");
        stopping.await.expect("the server stopped cleanly");
    }
}
