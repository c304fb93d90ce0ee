//! Citizens' own accounts over real HTTP: sign-up confirmed by a one-time code taken from the
//! outbox, the forgotten password the same way, the limits and the bad paths, and the
//! administrator's password reset and last login.

use motcua_domain::role::Role;
use motcua_store::Db;
use motcua_store::outbox::{self, Channel, Message};

use crate::helpers::*;
use motcua_test_support::backend_test;

const NEW_PASSWORD: &str = "mat-khau-moi-rat-dai-456";

/// The messages about one-time codes sent to `recipient`, oldest first.
async fn code_messages(db: &Db, recipient: &str) -> Vec<Message> {
    let mut v: Vec<Message> = outbox::recent(db, 10_000)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.entity_type == "account_code" && m.recipient == recipient)
        .collect();
    v.sort_by_key(|m| m.created_at);
    v
}

/// The first run of six digits in a text, if any.
fn six_digits(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(5))
        .find(|&i| {
            b[i..i + 6].iter().all(u8::is_ascii_digit)
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 6).is_none_or(|c| !c.is_ascii_digit())
        })
        .map(|i| text[i..i + 6].to_owned())
}

/// The code in the last message sent to `recipient`.
pub(crate) async fn last_code(db: &Db, recipient: &str) -> String {
    let msgs = code_messages(db, recipient).await;
    let last = msgs.last().expect("a message with a code");
    six_digits(&last.body).expect("six digits in the message")
}

/// A code that is not `code`.
fn other_than(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await,
        Db::Postgres(p, _) => sqlx::query_scalar(sql).fetch_one(p).await,
    }
    .expect("count")
}

async fn sign_up(app: &TestApp, client: &reqwest::Client, contact: &str) -> reqwest::Response {
    client
        .post(app.url("/dang-ky"))
        .form(&[
            ("full_name", "Trần Thị Bình"),
            ("contact", contact),
            ("new", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .expect("POST /dang-ky")
}

async fn post_code(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    code: &str,
) -> reqwest::Response {
    client
        .post(app.url(path))
        .form(&[
            ("code", code),
            ("new", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .expect("POST code")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

backend_test! {
    async fn a_citizen_signs_up_with_a_code_sent_to_the_phone_and_is_signed_in(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.new_client();
        let form = app.get(&c, "/dang-ky").await;
        assert_eq!(form.status(), 200);
        // The login page leads here.
        let login = app.get(&c, "/login").await.text().await.unwrap();
        assert!(login.contains(r#"href="/dang-ky""#) && login.contains(r#"href="/quen-mat-khau""#));

        let r = sign_up(&app, &c, "+84 912 345 678").await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/dang-ky/xac-nhan");
        let page = app.get(&c, "/dang-ky/xac-nhan").await.text().await.unwrap();
        assert!(page.contains("09\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678"), "{page}");
        assert!(!page.contains("0912345678"));

        let msgs = code_messages(&app.db, "0912345678").await;
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].channel, Channel::Sms);
        let code = last_code(&app.db, "0912345678").await;
        // Neither the code nor anything that opens it is stored in clear.
        let stored = count(&app.db, "SELECT COUNT(*) FROM account_code").await;
        assert_eq!(stored, 1);

        let wrong = post_code(&app, &c, "/dang-ky/xac-nhan", &other_than(&code)).await;
        assert_eq!(wrong.status(), 422);
        let body = wrong.text().await.unwrap();
        assert!(body.contains("Mã không đúng. Còn 4 lần thử."), "{body}");

        let ok = post_code(&app, &c, "/dang-ky/xac-nhan", &code).await;
        assert_eq!(ok.status(), 303);
        assert_eq!(location(&ok), "/?welcome=1");
        let home = app.get(&c, "/").await.text().await.unwrap();
        assert!(home.contains("Trần Thị Bình"), "signed in as the new person");
        assert!(home.contains("/don-thu/cua-toi"), "with a citizen's home");

        let id = app.user_id_of("0912345678").await;
        let logins = motcua_store::users::last_logins(&app.db).await.unwrap();
        assert!(logins.contains_key(&id), "the sign-in counts as a login");

        // The code is spent, and the phone and password log in from another browser.
        let again = post_code(&app, &app.new_client(), "/dang-ky/xac-nhan", &code).await;
        assert_eq!(again.status(), 422);
        let other = app.new_client();
        let r = app.post_login(&other, "0912345678", NEW_PASSWORD).await;
        assert_eq!(r.status(), 303);
    }

    async fn a_code_works_only_in_the_browser_that_asked_and_only_five_tries(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let asker = app.new_client();
        assert_eq!(sign_up(&app, &asker, "0987 000 111").await.status(), 303);
        let code = last_code(&app.db, "0987000111").await;

        // Another browser with the right code has no ticket: nothing happens.
        let stranger = app.new_client();
        let r = post_code(&app, &stranger, "/dang-ky/xac-nhan", &code).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="no-code""#));

        for _ in 0..5 {
            let r = post_code(&app, &asker, "/dang-ky/xac-nhan", &other_than(&code)).await;
            assert_eq!(r.status(), 422);
        }
        let r = post_code(&app, &asker, "/dang-ky/xac-nhan", &code).await;
        assert_eq!(r.status(), 422, "five wrong tries spend the code");
        let body = r.text().await.unwrap();
        assert!(body.contains("Mã đã hết hạn"), "{body}");
        let users = count(&app.db, "SELECT COUNT(*) FROM app_user WHERE login = '0987000111'").await;
        assert_eq!(users, 0);
    }

    async fn an_expired_code_opens_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.new_client();
        assert_eq!(sign_up(&app, &c, "ngoc@example.vn").await.status(), 303);
        let code = last_code(&app.db, "ngoc@example.vn").await;
        let msgs = code_messages(&app.db, "ngoc@example.vn").await;
        assert_eq!(msgs[0].channel, Channel::Email);
        const AGE: &str = "UPDATE account_code SET expires_at = created_at";
        match &app.db {
            Db::Sqlite(p, _) => sqlx::query(AGE).execute(p).await.map(|_| ()),
            Db::Postgres(p, _) => sqlx::query(AGE).execute(p).await.map(|_| ()),
        }
        .expect("age the code");
        let page = app.get(&c, "/dang-ky/xac-nhan").await.text().await.unwrap();
        assert!(page.contains(r#"id="no-code""#));
        let r = post_code(&app, &c, "/dang-ky/xac-nhan", &code).await;
        assert_eq!(r.status(), 422);
        let users = count(&app.db, "SELECT COUNT(*) FROM app_user WHERE login = 'ngoc@example.vn'").await;
        assert_eq!(users, 0);
    }

    async fn signing_up_with_a_taken_contact_tells_the_page_nothing_and_warns_the_owner(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("0911222333", &[(Role::Citizen, None)]).await;
        let c = app.new_client();
        let r = sign_up(&app, &c, "0911 222 333").await;
        assert_eq!(r.status(), 303, "the same answer as for a free number");
        let page = app.get(&c, "/dang-ky/xac-nhan").await.text().await.unwrap();
        assert!(page.contains(r#"id="sent-to""#));
        let msgs = code_messages(&app.db, "0911222333").await;
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].body.contains("đã có tài khoản"), "{}", msgs[0].body);
        assert_eq!(six_digits(&msgs[0].body), None, "no code goes out for a taken number");
        for guess in ["000000", "123456"] {
            let r = post_code(&app, &c, "/dang-ky/xac-nhan", guess).await;
            assert_eq!(r.status(), 422);
        }
        let users = count(&app.db, "SELECT COUNT(*) FROM app_user WHERE login = '0911222333'").await;
        assert_eq!(users, 1);
    }

    async fn a_bad_sign_up_shows_every_error_at_once_and_sends_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.new_client();
        let r = c
            .post(app.url("/dang-ky"))
            .form(&[
                ("full_name", "  "),
                ("contact", "0292 3812 345"),
                ("new", "ngan"),
                ("confirm", "khac"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        for id in ["full_name-error", "contact-error", "new-error", "confirm-error"] {
            assert!(body.contains(&format!(r#"id="{id}""#)), "{id} in {body}");
        }
        assert!(body.contains("số máy bàn"), "the landline is named as such");
        assert!(!body.contains(r#"value="ngan""#), "passwords are not sent back");
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM account_code").await, 0);
        assert_eq!(outbox::pending_count(&app.db).await.unwrap(), 0);
    }

    async fn a_forgotten_password_is_reset_with_a_code_and_ends_every_session(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("an@example.vn", &[(Role::Citizen, None)]).await;
        let old = app.new_client();
        app.login(&old, "an@example.vn").await;

        let c = app.new_client();
        let r = c
            .post(app.url("/quen-mat-khau"))
            .form(&[("contact", " an@Example.VN ")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/quen-mat-khau/xac-nhan");
        let code = last_code(&app.db, "an@example.vn").await;

        // The new password's errors come back with the form, and cost no try.
        let r = c
            .post(app.url("/quen-mat-khau/xac-nhan"))
            .form(&[("code", code.as_str()), ("new", "ngan"), ("confirm", "ngan")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="new-error""#));

        let r = post_code(&app, &c, "/quen-mat-khau/xac-nhan", &code).await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/login?reset=1");
        let notice = app.get(&c, "/login?reset=1").await.text().await.unwrap();
        assert!(notice.contains("Đã đặt mật khẩu mới"));

        let r = app.get(&old, "/account/password").await;
        assert_ne!(r.status(), 200, "the session from before the reset has ended");
        assert_eq!(app.post_login(&app.new_client(), "an@example.vn", PASSWORD).await.status(), 401);
        assert_eq!(app.post_login(&app.new_client(), "an@example.vn", NEW_PASSWORD).await.status(), 303);
    }

    async fn a_reset_for_an_unknown_contact_looks_the_same_and_sends_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.new_client();
        let r = c
            .post(app.url("/quen-mat-khau"))
            .form(&[("contact", "0909 876 543")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let page = app.get(&c, "/quen-mat-khau/xac-nhan").await.text().await.unwrap();
        assert!(page.contains(r#"id="sent-to""#) && page.contains("09\u{2022}"));
        assert!(code_messages(&app.db, "0909876543").await.is_empty());
        let r = post_code(&app, &c, "/quen-mat-khau/xac-nhan", "123456").await;
        assert_eq!(r.status(), 422);
        // Bad input: not a phone or an address.
        let r = c
            .post(app.url("/quen-mat-khau"))
            .form(&[("contact", "motcua.baclieu")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="contact-error""#));
    }

    async fn codes_are_limited_per_contact(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("0933444555", &[(Role::Citizen, None)]).await;
        for i in 0..5 {
            let c = app.new_client();
            let r = c
                .post(app.url("/quen-mat-khau"))
                .form(&[("contact", "0933444555")])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "request {i}");
        }
        let r = app
            .new_client()
            .post(app.url("/quen-mat-khau"))
            .form(&[("contact", "0933 444 555")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("quá nhiều mã"));
        assert_eq!(code_messages(&app.db, "0933444555").await.len(), 5);
    }

    async fn an_administrator_resets_a_password_and_sees_the_last_login(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user("qt.he.thong", &[(Role::SystemAdmin, None)]).await;
        let person = app.create_user("dan.thuong", &[(Role::Citizen, None)]).await;
        let csrf = app.login(&app.client, "qt.he.thong").await;
        let path = format!("/admin/users/{person}");
        let page = app.get(&app.client, &path).await.text().await.unwrap();
        assert!(page.contains("Chưa đăng nhập"));

        let theirs = app.new_client();
        let their_csrf = app.login(&theirs, "dan.thuong").await;
        let page = app.get(&app.client, &path).await.text().await.unwrap();
        assert!(!page.contains("Chưa đăng nhập"), "the last login shows");
        let list = app.get(&app.client, "/admin/users").await.text().await.unwrap();
        assert!(list.contains("Đăng nhập gần nhất"));

        // The person cannot reset anyone's password, their own included.
        let r = theirs
            .post(app.url(&format!("{path}/password")))
            .form(&[("csrf_token", their_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(r.status() == 403 || r.status() == 404, "{}", r.status());

        let r = app
            .client
            .post(app.url(&format!("{path}/password")))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let body = r.text().await.unwrap();
        let marker = r#"<p class="code big">"#;
        let start = body.find(marker).expect("the new password is shown") + marker.len();
        let temporary = &body[start..start + body[start..].find('<').unwrap()];
        assert_eq!(temporary.len(), 16);
        assert_ne!(app.get(&theirs, "/account/password").await.status(), 200, "their session ended");
        assert_eq!(app.post_login(&app.new_client(), "dan.thuong", PASSWORD).await.status(), 401);
        assert_eq!(app.post_login(&app.new_client(), "dan.thuong", temporary).await.status(), 303);
        // Shown once: the user's page does not show it again.
        let page = app.get(&app.client, &path).await.text().await.unwrap();
        assert!(!page.contains(temporary));
    }
}
