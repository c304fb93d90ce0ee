//! Headless Chromium, driven through chromedriver: log in, and use the catalogue as a citizen
//! would. Without `chromedriver` and Chromium on `PATH` the tests are reported as skipped (and
//! fail under CI, which installs Debian's `chromium` and `chromium-driver`).

use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use motcua_domain::role::Role;
use tokio::process::{Child, Command};

use crate::helpers::*;
use motcua_test_support::backend_test;

/// Names the browser goes by on `PATH`, in the order tried.
const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// A chromedriver process and a browser session; the process dies with this value. Shared by
/// the browser test modules.
pub(crate) struct Browser {
    pub(crate) client: Client,
    _driver: Child,
    _profile: std::path::PathBuf,
}

impl Browser {
    /// `None` when chromedriver or Chromium is not on `PATH`: the test is then reported as
    /// skipped, and fails under CI.
    pub(crate) async fn start() -> Option<Self> {
        let Some(chromedriver) = motcua_test_support::which("chromedriver") else {
            motcua_test_support::skip(
                "chromedriver is not on PATH (apt-get install chromium chromium-driver)",
            );
            return None;
        };
        let Some(chromium) = CHROMIUM_NAMES
            .iter()
            .find_map(|name| motcua_test_support::which(name))
        else {
            motcua_test_support::skip(
                "Chromium is not on PATH (apt-get install chromium chromium-driver)",
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let profile =
            std::env::temp_dir().join(format!("motcua-chrome-{}", uuid::Uuid::new_v4().simple()));
        let mut caps = serde_json::Map::new();
        let mut chrome = serde_json::json!({
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=360,800",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        chrome["binary"] = chromium.display().to_string().into();
        caps.insert("goog:chromeOptions".to_owned(), chrome);
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = None;
        for _ in 0..100 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    // Headless Chromium widens `--window-size=360,…` to its 500-px minimum;
                    // resizing the window afterwards does give a phone's 360-px viewport.
                    client
                        .set_window_size(360, 800)
                        .await
                        .expect("resize the window");
                    let width = client
                        .execute("return window.innerWidth;", vec![])
                        .await
                        .expect("read the viewport");
                    assert_eq!(width, serde_json::json!(360), "a phone-sized viewport");
                    return Some(Self {
                        client,
                        _driver: driver,
                        _profile: profile,
                    });
                }
                Err(e) => last_err = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not start a browser session: {last_err:?}");
    }

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self._profile);
    }
}

/// Signs in as `login` (after signing out whoever was signed in), by keyboard, and waits for
/// the page the sign-in leads to: the login page's own heading is still there for a moment.
pub(crate) async fn sign_in(c: &Client, app: &TestApp, login: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("#login"))
        .await
        .unwrap()
        .send_keys(login)
        .await
        .unwrap();
    let pw = c.find(Locator::Css("#password")).await.unwrap();
    pw.send_keys(PASSWORD).await.unwrap();
    pw.send_keys(&char::from(fantoccini::key::Key::Enter).to_string())
        .await
        .unwrap();
    for _ in 0..100 {
        if c.current_url().await.unwrap().path() != "/login" {
            c.wait().for_element(Locator::Css("h1")).await.unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{login} did not get past the login page");
}

/// Every visible form control has a label, and the page declares its language.
async fn assert_accessible_basics(c: &Client) {
    let unlabelled = c
        .execute(
            r#"return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                .map(e => e.id || e.name);"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        unlabelled,
        serde_json::json!([]),
        "controls without a label"
    );
    let lang = c
        .execute("return document.documentElement.lang;", vec![])
        .await
        .unwrap();
    assert!(lang == "vi" || lang == "en");
}

backend_test! {
    async fn a_person_logs_in_with_the_browser(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        // Arrange
        let app = TestApp::spawn(backend).await;
        app.create_user("can.bo", &[(Role::SystemAdmin, None)]).await;
        // Act
        c.goto(&app.url("/login")).await.unwrap();
        assert_accessible_basics(c).await;
        c.find(Locator::Css("#login")).await.unwrap().send_keys("can.bo").await.unwrap();
        c.find(Locator::Css("#password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
        c.find(Locator::Css("form.stack button[type=submit]")).await.unwrap().click().await.unwrap();
        // Assert
        // The login page's own heading may still be there for a moment after the click: wait
        // for the page the login leads to.
        let mut h1 = String::new();
        for _ in 0..100 {
            if let Ok(e) = c.find(Locator::Css("h1")).await {
                h1 = e.text().await.unwrap_or_default();
                if h1.contains("Xin chào") {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(h1.contains("Xin chào"), "{h1}");
        c.goto(&app.url("/admin/units")).await.unwrap();
        assert_accessible_basics(c).await;
        c.goto(&app.url("/admin/users")).await.unwrap();
        assert_accessible_basics(c).await;
        c.goto(&app.url("/admin/procedures")).await.unwrap();
        assert_accessible_basics(c).await;
        c.goto(&app.url("/")).await.unwrap();
        assert_eq!(c.current_url().await.unwrap().path(), "/");
        let nav = c.find(Locator::Css("nav")).await.unwrap().text().await.unwrap();
        assert!(nav.contains("Đăng xuất"));
        browser.close().await;
    }

    async fn a_citizen_finds_a_procedure_without_typing_diacritics(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        // Arrange
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        // Act: search from the home page, then open the result
        c.goto(&app.url("/")).await.unwrap();
        c.find(Locator::Css("#home-q")).await.unwrap().send_keys("dang ky ket hon").await.unwrap();
        c.find(Locator::Css("form[role=search] button")).await.unwrap().click().await.unwrap();
        let link = c.wait().for_element(Locator::LinkText("Đăng ký kết hôn")).await.unwrap();
        assert_accessible_basics(c).await;
        let count = c.find(Locator::Css("#result-count")).await.unwrap().text().await.unwrap();
        link.click().await.unwrap();
        // Assert
        assert!(count.contains("1 thủ tục"), "{count}");
        let h1 = c.wait().for_element(Locator::Css("h1")).await.unwrap().text().await.unwrap();
        assert_eq!(h1, "Đăng ký kết hôn");
        let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
        assert!(body.contains("Tờ khai đăng ký kết hôn"));
        assert!(body.contains("3 ngày làm việc"));
        // The page fits a 360-px phone: nothing wider than the viewport.
        let wide = c
            .execute("return document.documentElement.scrollWidth <= window.innerWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(wide, serde_json::Value::Bool(true));
        browser.close().await;
    }
}
