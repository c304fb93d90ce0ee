//! Login, logout, sessions, CSRF, lockout, password change.

use motcua_domain::role::Role;

use crate::helpers::*;
use crate::on_both_backends;

on_both_backends! {
    async fn login_with_the_right_password_starts_a_session(backend: Backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[(Role::SystemAdmin, None)]).await;
        // Act
        let r = app.post_login(&app.client, "can.bo", PASSWORD).await;
        // Assert
        assert_eq!(r.status(), 303);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("motcua_session="));
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
        assert!(!cookie.contains("Secure"), "plain HTTP in tests");
        let home = app.get(&app.client, "/").await;
        assert_eq!(home.headers()["cache-control"], "no-store", "personal pages are not cached");
        assert!(home.text().await.unwrap().contains("Người dùng can.bo"));
    }

    async fn login_with_a_wrong_password_is_refused_with_a_vietnamese_message(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let r = app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
        assert_eq!(r.status(), 401);
        let body = r.text().await.unwrap();
        assert!(body.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
        assert!(body.contains(r#"aria-describedby="login-error""#));
    }

    async fn an_unknown_login_gets_the_same_answer_as_a_wrong_password(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.post_login(&app.client, "khong.ton.tai", "sai-mat-khau-roi").await;
        assert_eq!(r.status(), 401);
        assert!(r.text().await.unwrap().contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    }

    async fn the_session_cookie_is_secure_behind_a_trusted_https_proxy(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.cookie_security = motcua_web::CookieSecurity::Auto;
            c.trusted_proxy = true;
        })
        .await;
        app.create_user("can.bo", &[]).await;
        let r = app
            .client
            .post(app.url("/login"))
            .header("x-forwarded-proto", "https")
            .form(&[("login", "can.bo"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(r.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
    }

    async fn forwarded_headers_are_ignored_without_a_trusted_proxy(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.cookie_security = motcua_web::CookieSecurity::Auto;
            c.login_throttle.max_failures_per_ip = 2;
        })
        .await;
        app.create_user("can.bo", &[]).await;
        // A client that claims a new address on every try is still one address.
        for (i, name) in ["a.1", "b.2"].iter().enumerate() {
            app.client
                .post(app.url("/login"))
                .header("x-forwarded-for", format!("10.0.0.{i}"))
                .form(&[("login", *name), ("password", "sai-mat-khau-roi")])
                .send()
                .await
                .unwrap();
        }
        let r = app
            .client
            .post(app.url("/login"))
            .header("x-forwarded-for", "10.9.9.9")
            .header("x-forwarded-proto", "https")
            .form(&[("login", "can.bo"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        let ok = app.post_login(&app.new_client(), "can.bo", PASSWORD).await;
        assert_eq!(ok.status(), 429, "same address");
    }

    async fn logging_in_again_replaces_the_old_session_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let first = app.post_login(&app.client, "can.bo", PASSWORD).await;
        let old = first.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = app.csrf_token(&app.client).await;
        // Act: log in again from the same browser
        let again = app
            .client
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 303);
        // Assert: the old token no longer works
        let r = app
            .new_client()
            .get(app.url("/account/password"))
            .header("cookie", old)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }

    async fn logout_ends_the_session(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        // Act
        let r = app
            .client
            .post(app.url("/logout"))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/login?bye=1");
        let after = app.get(&app.client, "/account/password").await;
        assert_eq!(after.status(), 401);
    }

    async fn a_session_left_idle_past_its_timeout_has_expired(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.session_idle_timeout = std::time::Duration::from_secs(1);
        })
        .await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        // Act: a page and a form post with the stale cookie
        let page = app.get(&app.client, "/account/password").await;
        let post = app
            .client
            .post(app.url("/account/password"))
            .form(&[("csrf_token", csrf.as_str()), ("current", "x"), ("new", "y"), ("confirm", "y")])
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(page.status(), 401);
        assert!(page.text().await.unwrap().contains("Phiên đăng nhập đã hết hạn"));
        assert_eq!(post.status(), 401);
    }

    async fn a_post_without_the_csrf_token_is_rejected(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        app.login(&app.client, "can.bo").await;
        let r = app
            .client
            .post(app.url("/logout"))
            .form(&[("csrf_token", "not-the-token")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert!(r.text().await.unwrap().contains("Biểu mẫu đã hết hiệu lực"));
        let missing = app.client.post(app.url("/logout")).send().await.unwrap();
        assert_eq!(missing.status(), 403);
        // Still logged in
        assert_eq!(app.get(&app.client, "/account/password").await.status(), 200);
    }

    async fn the_csrf_token_is_accepted_in_a_header(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        let r = app
            .client
            .post(app.url("/logout"))
            .header("x-csrf-token", csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
    }

    async fn repeated_failures_lock_the_login_with_a_clear_message(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.max_failures = 3).await;
        app.create_user("can.bo", &[]).await;
        for _ in 0..2 {
            let r = app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
            assert_eq!(r.status(), 401);
        }
        // Act: the third failure locks
        let third = app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
        // and now even the right password is refused
        let right = app.post_login(&app.client, "can.bo", PASSWORD).await;
        // Assert
        assert_eq!(third.status(), 429);
        assert_eq!(right.status(), 429);
        assert!(right.headers().contains_key("retry-after"));
        let body = right.text().await.unwrap();
        assert!(body.contains("Tài khoản tạm khóa do đăng nhập sai nhiều lần"), "{body}");
    }

    async fn one_address_trying_many_logins_is_slowed_down(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.max_failures_per_ip = 3).await;
        app.create_user("can.bo", &[]).await;
        for name in ["a.1", "b.2", "c.3"] {
            assert_eq!(app.post_login(&app.client, name, "sai-mat-khau-roi").await.status(), 401);
        }
        // Act: even a right password for another login waits
        let r = app.post_login(&app.client, "can.bo", PASSWORD).await;
        // Assert
        assert_eq!(r.status(), 429);
        assert!(r.text().await.unwrap().contains("quá nhiều lần đăng nhập sai từ địa chỉ này"));
    }

    async fn the_lockout_is_shared_by_servers_on_one_database(backend: Backend) {
        let one = TestApp::spawn_with(backend, |c| c.login_throttle.max_failures = 2).await;
        let mut cfg = test_config(one.database_url.clone());
        cfg.login_throttle.max_failures = 2;
        let two = TestApp::start(cfg).await;
        one.create_user("can.bo", &[]).await;
        one.post_login(&one.client, "can.bo", "sai-mat-khau-roi").await;
        two.post_login(&two.client, "can.bo", "sai-mat-khau-roi").await;
        let r = one.post_login(&one.client, "can.bo", PASSWORD).await;
        assert_eq!(r.status(), 429);
    }

    async fn changing_the_password_keeps_this_session_and_ends_the_others(backend: Backend) {
        // Arrange: the same person logged in from two browsers
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        let other = app.new_client();
        app.login(&other, "can.bo").await;
        // Act
        let r = app
            .client
            .post(app.url("/account/password"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("current", PASSWORD),
                ("new", "mat-khau-moi-rat-dai"),
                ("confirm", "mat-khau-moi-rat-dai"),
            ])
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("Đã đổi mật khẩu"));
        assert_eq!(app.get(&app.client, "/account/password").await.status(), 200);
        assert_eq!(app.get(&other, "/account/password").await.status(), 401);
        let fresh = app.new_client();
        assert_eq!(app.post_login(&fresh, "can.bo", "mat-khau-moi-rat-dai").await.status(), 303);
    }

    async fn a_password_change_with_errors_shows_them_beside_the_fields(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        let r = app
            .client
            .post(app.url("/account/password"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("current", "sai-mat-khau"),
                ("new", "ngan"),
                ("confirm", "khac"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains(r#"id="current-error""#));
        assert!(body.contains("Mật khẩu hiện tại không đúng."));
        assert!(body.contains("ít nhất 10 ký tự"));
        assert!(body.contains("không khớp"));
    }

    async fn pages_switch_to_english_and_remember_it(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/login?lang=en").await;
        assert!(r.headers()["set-cookie"].to_str().unwrap().starts_with("lang=en"));
        assert!(r.text().await.unwrap().contains("<html lang=\"en\">"));
        let again = app.get(&app.client, "/login").await.text().await.unwrap();
        assert!(again.contains("Log in"));
    }
}

mod home {
    use motcua_domain::role::Role;

    use crate::helpers::*;
    use crate::on_both_backends;

    on_both_backends! {
        async fn each_role_sees_its_own_home_page(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
            let ward = app.create_unit("PBL", "Phường Bạc Liêu", "commune", Some(province)).await;
            for (role, unit, duty) in [
                (Role::DeskOfficer, Some(ward), "Tiếp nhận hồ sơ, in giấy hẹn"),
                (Role::Citizen, None, "Tra cứu thủ tục, nộp và theo dõi"),
                (Role::UnitAdmin, Some(ward), "Quản trị đơn vị, người dùng"),
            ] {
                let client = app.new_client();
                let login = format!("u.{}", role.code().replace('_', "-"));
                app.create_user(&login, &[(role, unit)]).await;
                app.login(&client, &login).await;
                let home = app.get(&client, "/").await.text().await.unwrap();
                assert!(home.contains(duty), "{role:?}");
                if unit.is_some() {
                    assert!(home.contains("Phường Bạc Liêu"), "{role:?} sees its unit by name");
                }
                assert_eq!(home.contains(r#"href="/admin/users""#), role == Role::UnitAdmin, "{role:?}");
            }
        }
    }
}
