//! Single sign-on against a real OpenID Connect provider: the certified `oidc-provider` package
//! from npm, started by each test (`crates/web/tests/oidc-provider/`). The browser's part is
//! played over HTTP with one cookie jar, as a browser would: to the provider, through its
//! login and consent pages, and back.
//!
//! Without Node.js (or with no way to install the package) the tests are reported as skipped,
//! and fail under CI.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Mutex;

use motcua_store::Db;
use motcua_web::config::OidcConfig;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::*;
use motcua_test_support::backend_test;

const CLIENT_ID: &str = "motcua-test";
const CLIENT_SECRET: &str = "bi-mat-cua-ung-dung-thu";
/// The person the provider's configuration knows (name and verified address).
const SUBJECT: &str = "cccd-079090001234";
const NAME: &str = "Nguyễn Thị Định Danh";

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider")
}

/// Installs the provider package once per test binary (CI has done it already).
fn install() -> bool {
    static ONCE: Mutex<Option<bool>> = Mutex::new(None);
    let mut done = ONCE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(ok) = *done {
        return ok;
    }
    let dir = provider_dir();
    let ok = dir.join("node_modules/oidc-provider/package.json").exists()
        || std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
    *done = Some(ok);
    ok
}

/// A free port on the loopback interface (released for the caller to bind).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

struct Provider {
    issuer: String,
    _child: Child,
}

impl Provider {
    /// Starts the provider on `port` for a client that returns to `app`; `None` (a skip) when
    /// Node.js or the package is missing.
    async fn start(port: u16, app: &TestApp) -> Option<Self> {
        if motcua_test_support::which("node").is_none() {
            motcua_test_support::skip(
                "Node.js is not on PATH (it runs the OpenID Connect provider)",
            );
            return None;
        }
        if !install() {
            motcua_test_support::skip("npm could not install oidc-provider");
            return None;
        }
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(provider_dir())
            .env("PORT", port.to_string())
            .env("REDIRECT_URI", app.url("/dang-nhap/oidc/ve"))
            .env("CLIENT_ID", CLIENT_ID)
            .env("CLIENT_SECRET", CLIENT_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
            .await
            .expect("the provider starts within 30 s")
            .expect("read")
            .expect("the provider prints its issuer");
        // Whatever the provider prints later must go somewhere: a closed pipe would kill it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        Some(Self {
            issuer: v["issuer"].as_str().expect("issuer").to_owned(),
            _child: child,
        })
    }
}

fn oidc_config(port: u16) -> OidcConfig {
    OidcConfig {
        issuer: format!("http://127.0.0.1:{port}"),
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned().into(),
        display_name: "VNeID".to_owned(),
    }
}

/// The app with single sign-on configured, and the provider it uses.
async fn app_and_provider(backend: Backend) -> Option<(TestApp, Provider)> {
    let port = free_port();
    let app = TestApp::spawn_with(backend, |c| c.oidc = Some(oidc_config(port))).await;
    let provider = Provider::start(port, &app).await?;
    Some((app, provider))
}

fn location(r: &reqwest::Response, base: &str) -> String {
    let l = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a Location")
        .to_owned();
    if l.starts_with('/') {
        format!("{base}{l}")
    } else {
        l
    }
}

fn attr<'a>(html: &'a str, before: &str) -> Option<&'a str> {
    let start = html.find(before)? + before.len();
    let end = html[start..].find('"')? + start;
    Some(&html[start..end])
}

/// Plays the browser at the provider, from its authorization address until it sends the
/// browser back to the app; returns that return address. `abort` cancels at the login page.
async fn through_provider(
    c: &reqwest::Client,
    mut url: String,
    issuer: &str,
    app: &TestApp,
    abort: bool,
) -> String {
    for _ in 0..12 {
        if url.starts_with(&app.address) {
            return url;
        }
        let r = c.get(&url).send().await.expect("GET at the provider");
        if r.status().is_redirection() {
            url = location(&r, issuer);
            continue;
        }
        assert_eq!(r.status(), 200, "{url}");
        let html = r.text().await.unwrap();
        let action = attr(&html, r#"action=""#).expect("a form");
        let action = if action.starts_with('/') {
            format!("{issuer}{action}")
        } else {
            action.to_owned()
        };
        if abort {
            url = format!("{action}/abort");
            continue;
        }
        let prompt = attr(&html, r#"name="prompt" value=""#)
            .expect("a prompt")
            .to_owned();
        let r = c
            .post(&action)
            .form(&[
                ("prompt", prompt.as_str()),
                ("login", SUBJECT),
                ("password", "bat-ky"),
            ])
            .send()
            .await
            .expect("POST at the provider");
        assert!(r.status().is_redirection(), "{}", r.status());
        url = location(&r, issuer);
    }
    panic!("the provider never sent the browser back");
}

/// Starts a sign-in at the app and returns the provider's authorization address.
async fn start(app: &TestApp, c: &reqwest::Client, next: &str) -> String {
    let r = app.get(c, &format!("/dang-nhap/oidc?next={next}")).await;
    assert_eq!(r.status(), 303);
    location(&r, &app.address)
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await,
        Db::Postgres(p, _) => sqlx::query_scalar(sql).fetch_one(p).await,
    }
    .expect("count")
}

backend_test! {
    async fn a_citizen_signs_in_through_the_provider_and_gets_one_account(backend: Backend) {
        let Some((app, provider)) = app_and_provider(backend).await else { return };
        let c = app.new_client();
        let login = app.get(&c, "/login").await.text().await.unwrap();
        assert!(login.contains("Đăng nhập bằng VNeID") && login.contains(r#"href="/dang-nhap/oidc?next="#));

        let auth = start(&app, &c, "/don-thu/cua-toi").await;
        assert!(auth.starts_with(&provider.issuer), "{auth}");
        assert!(auth.contains("code_challenge_method=S256") && auth.contains("nonce="), "{auth}");
        let back = through_provider(&c, auth, &provider.issuer, &app, false).await;
        let r = c.get(&back).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r, ""), "/don-thu/cua-toi", "back where the person was going");
        let home = app.get(&c, "/").await.text().await.unwrap();
        assert!(home.contains(NAME), "signed in with the provider's name");
        assert!(home.contains("/don-thu/cua-toi"), "as a citizen");
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM oidc_identity").await, 1);
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM app_user WHERE email = 'dinhdanh@example.vn'").await,
            1,
            "the verified address is kept"
        );

        // The return cannot be played again: the sealed attempt is gone from the browser and
        // the code is spent at the provider.
        let again = c.get(&back).send().await.unwrap();
        assert_eq!(again.status(), 400);

        // A second sign-in, from another browser, finds the same account.
        let other = app.new_client();
        let auth = start(&app, &other, "/").await;
        let back = through_provider(&other, auth, &provider.issuer, &app, false).await;
        assert_eq!(other.get(&back).send().await.unwrap().status(), 303);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM oidc_identity").await, 1);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM app_user WHERE login LIKE 'oidc.%'").await, 1);

        // The account has no password: nothing typed at the login form opens it.
        let login: String = match &app.db {
            Db::Sqlite(p, _) => sqlx::query_scalar("SELECT login FROM app_user WHERE login LIKE 'oidc.%'").fetch_one(p).await,
            Db::Postgres(p, _) => sqlx::query_scalar("SELECT login FROM app_user WHERE login LIKE 'oidc.%'").fetch_one(p).await,
        }.unwrap();
        assert_eq!(app.post_login(&app.new_client(), &login, "!oidc").await.status(), 401);
        assert_eq!(app.post_login(&app.new_client(), &login, "").await.status(), 401);
    }

    async fn a_return_that_this_browser_did_not_start_is_refused(backend: Backend) {
        let Some((app, provider)) = app_and_provider(backend).await else { return };
        let c = app.new_client();
        let auth = start(&app, &c, "/").await;
        let back = through_provider(&c, auth, &provider.issuer, &app, false).await;

        // Another browser (no sealed attempt) with the very same return.
        let stranger = app.new_client();
        let r = stranger.get(&back).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("không hợp lệ hoặc đã quá hạn"));

        // The right browser with the state altered.
        let forged = back.replace("state=", "state=x");
        let r = c.get(&forged).send().await.unwrap();
        assert_eq!(r.status(), 400);
        // A forged sealed attempt.
        let r = app
            .new_client()
            .get(&back)
            .header("cookie", "motcua_oidc=v1.k1.AAAA")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM oidc_identity").await, 0);
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM session").await, 0);
    }

    async fn a_person_who_cancels_at_the_provider_is_told_so(backend: Backend) {
        let Some((app, provider)) = app_and_provider(backend).await else { return };
        let c = app.new_client();
        let auth = start(&app, &c, "/").await;
        let back = through_provider(&c, auth, &provider.issuer, &app, true).await;
        assert!(back.contains("error=access_denied"), "{back}");
        let r = c.get(&back).send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.text().await.unwrap().contains("bạn đã hủy"));
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM app_user").await, 0);
    }

    async fn a_disabled_account_does_not_sign_in_through_the_provider(backend: Backend) {
        let Some((app, provider)) = app_and_provider(backend).await else { return };
        let c = app.new_client();
        let auth = start(&app, &c, "/").await;
        let back = through_provider(&c, auth, &provider.issuer, &app, false).await;
        assert_eq!(c.get(&back).send().await.unwrap().status(), 303);
        const DISABLE: &str = "UPDATE app_user SET disabled = TRUE";
        match &app.db {
            Db::Sqlite(p, _) => sqlx::query(DISABLE).execute(p).await.map(|_| ()),
            Db::Postgres(p, _) => sqlx::query(DISABLE).execute(p).await.map(|_| ()),
        }
        .expect("disable");
        let other = app.new_client();
        let auth = start(&app, &other, "/").await;
        let back = through_provider(&other, auth, &provider.issuer, &app, false).await;
        let r = other.get(&back).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert!(r.text().await.unwrap().contains("vô hiệu hóa"));
    }

    async fn a_provider_that_cannot_be_reached_gets_a_clear_message(backend: Backend) {
        let port = free_port();
        let app = TestApp::spawn_with(backend, |c| c.oidc = Some(oidc_config(port))).await;
        let r = app.get(&app.new_client(), "/dang-nhap/oidc").await;
        assert_eq!(r.status(), 502);
        let body = r.text().await.unwrap();
        assert!(body.contains("không kết nối được"), "{body}");
        assert!(body.contains(r#"name="password""#), "the password form is still there");
    }

    async fn without_a_provider_there_is_no_button_and_no_route(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.new_client();
        let login = app.get(&c, "/login").await.text().await.unwrap();
        assert!(!login.contains("/dang-nhap/oidc"));
        assert_eq!(app.get(&c, "/dang-nhap/oidc").await.status(), 404);
        assert_eq!(app.get(&c, "/dang-nhap/oidc/ve?code=x&state=y").await.status(), 404);
    }
}
