//! Login, logout, sessions, CSRF, login waits, password change.

use motcua_domain::role::Role;

use crate::helpers::*;
use motcua_test_support::backend_test;

backend_test! {
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
        let token = app.login_form_token(&app.client).await;
        let r = app
            .client
            .post(app.url("/login"))
            .header("x-forwarded-proto", "https")
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(r.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
    }

    async fn forwarded_headers_are_ignored_without_a_trusted_proxy(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.cookie_security = motcua_web::CookieSecurity::Auto;
            c.login_throttle.free_failures_per_ip = 2;
        })
        .await;
        app.create_user("can.bo", &[]).await;
        let token = app.login_form_token(&app.client).await;
        // A client that claims a new address on every try is still one address.
        for (i, name) in ["a.1", "b.2", "c.3"].iter().enumerate() {
            app.client
                .post(app.url("/login"))
                .header("x-forwarded-for", format!("10.0.0.{i}"))
                .form(&[("login", *name), ("password", "sai-mat-khau-roi"), ("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap();
        }
        let r = app
            .client
            .post(app.url("/login"))
            .header("x-forwarded-for", "10.9.9.9")
            .header("x-forwarded-proto", "https")
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
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
        app.idle_sessions_for(std::time::Duration::from_secs(2)).await;
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

    async fn repeated_failures_make_the_next_try_wait_with_a_clear_message(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.free_failures = 2).await;
        app.create_user("can.bo", &[]).await;
        for _ in 0..2 {
            let r = app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
            assert_eq!(r.status(), 401);
            assert!(!r.text().await.unwrap().contains("phải chờ"));
        }
        // Act: the third failure says a wait now follows
        let third = app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
        // and during the wait even the right password from this address is not heard
        let right = app.post_login(&app.client, "can.bo", PASSWORD).await;
        // Assert
        assert_eq!(third.status(), 401);
        assert!(third.text().await.unwrap().contains("lần thử tiếp theo từ máy này phải chờ 30 giây"));
        assert_eq!(right.status(), 429);
        let retry: i64 = right.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=30).contains(&retry), "{retry}");
        let body = right.text().await.unwrap();
        assert!(body.contains("phải chờ"), "{body}");
        assert!(body.contains("Tài khoản không bị khóa"), "{body}");
    }

    async fn one_address_trying_many_logins_is_slowed_down(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.free_failures_per_ip = 3).await;
        app.create_user("can.bo", &[]).await;
        for name in ["a.1", "b.2", "c.3", "d.4"] {
            assert_eq!(app.post_login(&app.client, name, "sai-mat-khau-roi").await.status(), 401);
        }
        // Act: even a right password for another login waits
        let r = app.post_login(&app.client, "can.bo", PASSWORD).await;
        // Assert
        assert_eq!(r.status(), 429);
        assert!(r.text().await.unwrap().contains("quá nhiều lần đăng nhập sai từ địa chỉ này"));
    }

    async fn the_wait_is_shared_by_servers_on_one_database(backend: Backend) {
        let one = TestApp::spawn_with(backend, |c| c.login_throttle.free_failures = 1).await;
        let mut cfg = test_config(one.database_url.clone());
        cfg.login_throttle.free_failures = 1;
        let two = TestApp::start(cfg).await;
        one.create_user("can.bo", &[]).await;
        one.post_login(&one.client, "can.bo", "sai-mat-khau-roi").await;
        two.post_login(&two.client, "can.bo", "sai-mat-khau-roi").await;
        let r = one.post_login(&one.client, "can.bo", PASSWORD).await;
        assert_eq!(r.status(), 429);
    }

    async fn a_guessers_failures_from_one_address_do_not_stop_the_owner_from_another(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.trusted_proxy = true).await;
        app.create_user("can.bo", &[]).await;
        let guesser = app.new_client();
        let token = app.login_form_token(&guesser).await;
        let guess = |password: &'static str| {
            guesser
                .post(app.url("/login"))
                .header("x-forwarded-for", "203.0.113.9")
                .form(&[("login", "can.bo"), ("password", password), ("csrf_token", token.as_str())])
                .send()
        };
        // Twenty guesses: the first few are heard, then the guesser waits.
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(guess("sai-mat-khau-roi").await.unwrap().status().as_u16());
        }
        assert!(statuses.contains(&401) && statuses.ends_with(&[429]), "{statuses:?}");
        assert_eq!(guess(PASSWORD).await.unwrap().status(), 429, "the guesser waits, right or wrong");
        // Act: the owner, from the office
        let owner = app.new_client();
        let token = app.login_form_token(&owner).await;
        let r = owner
            .post(app.url("/login"))
            .header("x-forwarded-for", "198.51.100.7")
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(r.status(), 303);
    }

    async fn each_further_failure_makes_the_wait_longer(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.login_throttle.free_failures = 1;
            c.login_throttle.first_delay = std::time::Duration::from_secs(60);
            c.login_throttle.max_delay = std::time::Duration::from_secs(3600);
        })
        .await;
        app.create_user("can.bo", &[]).await;
        let login = motcua_domain::account::Login::parse("can.bo").unwrap();
        let retry_after = |r: &reqwest::Response| -> i64 {
            assert_eq!(r.status(), 429);
            r.headers()["retry-after"].to_str().unwrap().parse().unwrap()
        };
        let fail = || {
            // A failure, as if typed once the previous wait was over.
            motcua_store::users::record_login_attempt(
                &app.db,
                &login,
                false,
                Some("127.0.0.1"),
                motcua_store::now(),
            )
        };
        fail().await.unwrap();
        let mut waits = Vec::new();
        for _ in 0..3 {
            fail().await.unwrap();
            let r = app.post_login(&app.client, "can.bo", PASSWORD).await;
            waits.push(retry_after(&r));
        }
        // Failures 2, 3, 4 after one free: 60 s, 120 s, 240 s (less the moments the test took).
        assert!(waits[0] > 30 && waits[0] <= 60, "{waits:?}");
        assert!(waits[1] > 60 && waits[1] <= 120, "{waits:?}");
        assert!(waits[2] > 120 && waits[2] <= 240, "{waits:?}");
        let body = app.post_login(&app.client, "can.bo", PASSWORD).await.text().await.unwrap();
        assert!(body.contains("phút"), "{body}");
    }

    async fn an_administrator_lifts_the_wait(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.free_failures = 1).await;
        let owner = app.create_user("can.bo", &[]).await;
        app.create_user("quan.tri", &[(Role::SystemAdmin, None)]).await;
        let admin = app.new_client();
        let csrf = app.login(&admin, "quan.tri").await;
        for _ in 0..2 {
            app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
        }
        assert_eq!(app.post_login(&app.client, "can.bo", PASSWORD).await.status(), 429);
        // Act
        let page = app.get(&admin, &format!("/admin/users/{owner}")).await.text().await.unwrap();
        assert!(page.contains("Bỏ thời gian chờ đăng nhập"), "{page}");
        let r = admin
            .post(app.url(&format!("/admin/users/{owner}/unlock")))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(r.status(), 303);
        assert_eq!(app.post_login(&app.client, "can.bo", PASSWORD).await.status(), 303);
    }

    async fn someone_without_the_right_cannot_lift_the_wait(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.login_throttle.free_failures = 1).await;
        let owner = app.create_user("can.bo", &[]).await;
        app.create_user("cong.dan", &[(Role::Citizen, None)]).await;
        let other = app.new_client();
        let csrf = app.login(&other, "cong.dan").await;
        for _ in 0..2 {
            app.post_login(&app.client, "can.bo", "sai-mat-khau-roi").await;
        }
        let r = other
            .post(app.url(&format!("/admin/users/{owner}/unlock")))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(r.status() == 403 || r.status() == 404, "{}", r.status());
        assert_eq!(app.post_login(&app.client, "can.bo", PASSWORD).await.status(), 429);
    }

    async fn the_login_form_carries_its_own_anti_forgery_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let form = app.get(&app.client, "/login").await;
        let cookie = form.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("motcua_login_csrf="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let token = extract_csrf(&form.text().await.unwrap()).expect("a token in the form");
        // A forged post from another site: no token, or a token without this browser's cookie.
        let forged = app
            .new_client()
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        let borrowed = app
            .new_client()
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(borrowed.status(), 403);
        let wrong = app
            .client
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", "x".repeat(43).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403);
        // The browser's own form logs in.
        let r = app
            .client
            .post(app.url("/login"))
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
    }

    async fn a_session_cookie_with_any_authorization_header_still_needs_the_csrf_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[(Role::SystemAdmin, None)]).await;
        app.login(&app.client, "can.bo").await;
        for auth in ["Basic Y2FuLmJvOng=", "Token abc", "Bearer", "x"] {
            let r = app
                .client
                .post(app.url("/logout"))
                .header("authorization", auth)
                .send()
                .await
                .unwrap();
            assert!(r.status() == 403 || r.status() == 401, "{auth}: {}", r.status());
            let api = app
                .client
                .post(app.url("/api/v1/petitions"))
                .header("authorization", auth)
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            assert!(api.status() == 403 || api.status() == 401, "{auth}: {}", api.status());
        }
        assert_eq!(app.get(&app.client, "/account/password").await.status(), 200, "still logged in");
    }

    async fn a_cross_site_post_is_refused_even_with_the_right_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let csrf = app.login(&app.client, "can.bo").await;
        let post = |headers: &[(&'static str, &str)]| {
            let mut b = app.client.post(app.url("/logout")).form(&[("csrf_token", csrf.as_str())]);
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            b.send()
        };
        for refused in [
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site")],
            vec![("origin", "https://evil.example")],
            vec![("origin", "null")],
            vec![("sec-fetch-site", "cross-site"), ("origin", app.address.as_str())],
        ] {
            let r = post(&refused).await.unwrap();
            assert_eq!(r.status(), 403, "{refused:?}");
        }
        assert_eq!(app.get(&app.client, "/account/password").await.status(), 200, "still logged in");
        let ok = post(&[("sec-fetch-site", "same-origin"), ("origin", app.address.as_str())]).await.unwrap();
        assert_eq!(ok.status(), 303);
    }

    async fn a_cross_site_login_is_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[]).await;
        let token = app.login_form_token(&app.client).await;
        let r = app
            .client
            .post(app.url("/login"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("login", "can.bo"), ("password", PASSWORD), ("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
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
        assert!(
            r.headers()
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("lang=en"))
        );
        assert!(r.text().await.unwrap().contains("<html lang=\"en\">"));
        let again = app.get(&app.client, "/login").await.text().await.unwrap();
        assert!(again.contains("Log in"));
    }
}

mod home {
    use motcua_domain::role::Role;

    use crate::helpers::*;
    use motcua_test_support::backend_test;

    backend_test! {
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
