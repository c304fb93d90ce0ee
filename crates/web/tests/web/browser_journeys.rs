//! The citizen's journeys in headless Chromium, at 360 px and 1366 px, by links from the home
//! page, with no page scrolling sideways: filing a dossier with one bad file and finishing
//! without picking the good one again, bringing a requested supplement online and seeing the
//! result returned; filing a denunciation and finding it under "my petitions"; making an
//! account with a code sent to the phone, and setting a forgotten password the same way.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use motcua_domain::ids::DossierId;
use motcua_store::dossiers;

use crate::browser::{Browser, sign_in};
use crate::desk_pages::{MARRIAGE, PDF, act, hand_over, page, scene, version_in};
use crate::helpers::*;
use motcua_test_support::backend_test;

/// Files on disk for the browser to upload: a PDF, and a text file that claims to be one.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn new() -> Self {
        let dir =
            std::env::temp_dir().join(format!("motcua-journey-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        // Three different PDFs: the same content twice in one dossier is refused.
        for name in ["to-khai.pdf", "can-cuoc.pdf", "xac-nhan.pdf"] {
            let mut bytes = PDF.to_vec();
            bytes.extend_from_slice(format!("% {name}\n").as_bytes());
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        std::fs::write(dir.join("gia-mao.pdf"), b"not a pdf").unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) async fn no_sideways_scroll(c: &Client, width: u32, what: &str) {
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        fits,
        serde_json::json!(true),
        "{what} scrolls sideways at {width} px"
    );
}

/// Follows the link `css` on the current page, and waits for the next page's heading.
pub(crate) async fn follow(c: &Client, css: &str) {
    let before = c.current_url().await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no link {css}: {e}"))
        .click()
        .await
        .unwrap();
    for _ in 0..100 {
        if c.current_url().await.unwrap() != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css("h1")).await.unwrap();
}

pub(crate) async fn fill(c: &Client, css: &str, text: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no field {css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// Submits with the button `css` and waits for the next page to load.
pub(crate) async fn submit(c: &Client, css: &str) {
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if old.text().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css("h1")).await.unwrap();
}

async fn html(c: &Client) -> String {
    c.source().await.unwrap()
}

async fn citizen_journeys(backend: Backend, width: u32) {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.set_window_size(width, 900).await.unwrap();
    let s = scene(backend).await;
    let files = Files::new();

    // Filing: from the home page to the form, the procedure chosen, one bad file.
    sign_in(c, &s.app, "cong.dan").await;
    no_sideways_scroll(c, width, "the citizen's home").await;
    follow(c, "#home-file").await;
    c.find(Locator::Css("#thu_tuc"))
        .await
        .unwrap()
        .select_by_value(MARRIAGE)
        .await
        .unwrap();
    submit(c, "form.choose button[type=submit]").await;
    no_sideways_scroll(c, width, "the filing form").await;
    c.find(Locator::Css("#unit_id"))
        .await
        .unwrap()
        .select_by_value(&s.ward.to_string())
        .await
        .unwrap();
    fill(c, "#citizen_id", "079085001234").await;
    fill(c, "#birth_year", "1985").await;
    fill(c, "#phone", "0912345678").await;
    fill(c, "#address", "12 Trần Phú, Phường Bạc Liêu").await;
    c.find(Locator::Css("#file_0"))
        .await
        .unwrap()
        .send_keys(&files.path("to-khai.pdf"))
        .await
        .unwrap();
    c.find(Locator::Css("#file_1"))
        .await
        .unwrap()
        .send_keys(&files.path("gia-mao.pdf"))
        .await
        .unwrap();
    submit(c, "form.intake button[type=submit]").await;
    let round1 = html(c).await;
    assert!(
        round1.contains(r#"id="document_1-error""#),
        "the bad file is named"
    );
    assert!(
        round1.contains(r#"id="kept-file-0""#),
        "the good file is kept"
    );
    no_sideways_scroll(c, width, "the form with its errors").await;
    // Only the bad file is picked again.
    c.find(Locator::Css("#file_1"))
        .await
        .unwrap()
        .send_keys(&files.path("can-cuoc.pdf"))
        .await
        .unwrap();
    submit(c, "form.intake button[type=submit]").await;
    let filed = c.current_url().await.unwrap();
    assert!(
        filed.path().starts_with("/mot-cua/ho-so/"),
        "{filed}:\n{}",
        html(c).await
    );
    let id = filed
        .path()
        .trim_start_matches("/mot-cua/ho-so/")
        .to_owned();
    let d = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap())
        .await
        .unwrap();
    let docs = dossiers::documents(&s.app.db, d.id).await.unwrap();
    assert_eq!(
        docs.iter()
            .filter_map(|x| x.file.as_ref())
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["to-khai.pdf", "can-cuoc.pdf"]
    );

    // The desk asks for a supplement.
    let desk = new_client();
    let desk_csrf = s.app.login(&desk, "mot.cua").await;
    let (_, view) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
    let r = act(
        &s.app,
        &desk,
        &desk_csrf,
        &id,
        &[
            ("action", "request_supplement"),
            ("version", &version_in(&view)),
            ("items_text", "Giấy xác nhận nơi cư trú: chưa có"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);

    // The citizen finds it from home, sees what is missing and sends it.
    c.goto(&s.app.url("/")).await.unwrap();
    follow(c, "#home-my-dossiers").await;
    no_sideways_scroll(c, width, "my dossiers").await;
    follow(c, &format!("a[href='/mot-cua/ho-so/{id}']")).await;
    let asked = html(c).await;
    assert!(
        asked.contains("Giấy xác nhận nơi cư trú")
            && asked.contains(r#"id="supplement-due-if-now""#)
    );
    no_sideways_scroll(c, width, "the supplement request").await;
    c.find(Locator::Css("#item_0"))
        .await
        .unwrap()
        .send_keys(&files.path("xac-nhan.pdf"))
        .await
        .unwrap();
    submit(c, "#submit-resubmit").await;
    assert_eq!(
        c.find(Locator::Css("#dossier-status"))
            .await
            .unwrap()
            .attr("data-status")
            .await
            .unwrap()
            .as_deref(),
        Some("received")
    );

    // The officers finish it; the citizen sees the result returned.
    hand_over(&s.app, &desk, &desk_csrf, &id).await;
    for login in ["chuyen.vien", "lanh.dao"] {
        let officer = new_client();
        let csrf = s.app.login(&officer, login).await;
        hand_over(&s.app, &officer, &csrf, &id).await;
    }
    let (_, ready) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
    let r = act(
        &s.app,
        &desk,
        &desk_csrf,
        &id,
        &[
            ("action", "return_result"),
            ("version", &version_in(&ready)),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    c.refresh().await.unwrap();
    assert_eq!(
        c.find(Locator::Css("#dossier-status"))
            .await
            .unwrap()
            .attr("data-status")
            .await
            .unwrap()
            .as_deref(),
        Some("returned")
    );

    // A denunciation, from home to its receipt and back through "my petitions".
    c.goto(&s.app.url("/")).await.unwrap();
    follow(c, "#home-file-petition").await;
    no_sideways_scroll(c, width, "the petition form").await;
    c.find(Locator::Css("#kind-to_cao"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("#unit_id"))
        .await
        .unwrap()
        .select_by_value(&s.ward.to_string())
        .await
        .unwrap();
    fill(c, "#respondent", "Ông Trần Văn Bảy, cán bộ địa chính").await;
    fill(
        c,
        "#content",
        "Ông Bảy nhận tiền khi làm thủ tục cấp giấy chứng nhận cho hộ dân ấp 3.",
    )
    .await;
    fill(c, "#sender_name", "Nguyễn Văn An").await;
    fill(c, "#sender_address", "12 Trần Phú, Phường Bạc Liêu").await;
    c.find(Locator::Css("#files"))
        .await
        .unwrap()
        .send_keys(&files.path("to-khai.pdf"))
        .await
        .unwrap();
    submit(c, "#petition-file-submit").await;
    let code = c
        .find(Locator::Css("#petition-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html(c).await.contains(r#"id="petition-due""#),
        "the receipt gives the deadline"
    );
    no_sideways_scroll(c, width, "the petition receipt").await;
    c.goto(&s.app.url("/")).await.unwrap();
    follow(c, "#home-my-petitions").await;
    assert!(html(c).await.contains(&code));
    no_sideways_scroll(c, width, "my petitions").await;
    browser.close().await;
}

/// A newcomer makes an account from the public home page with a code sent to their phone,
/// signs out, forgets the password and sets a new one with another code: by links, by the code
/// from the outbox, on a page of `width`.
async fn account_journey(backend: Backend, width: u32) {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.set_window_size(width, 900).await.unwrap();
    let app = TestApp::spawn(backend).await;
    c.goto(&app.url("/")).await.unwrap();
    follow(c, "#home-sign-up").await;
    no_sideways_scroll(c, width, "the sign-up form").await;
    fill(c, "#full_name", "Phạm Thị Mới").await;
    fill(c, "#contact", "0977 123 456").await;
    fill(c, "#new", "ngan").await;
    submit(c, "form.stack button[type=submit]").await;
    assert!(
        html(c).await.contains(r#"id="new-error""#),
        "a short password is named"
    );
    no_sideways_scroll(c, width, "the sign-up form with its errors").await;
    fill(c, "#new", "mat-khau-cua-toi-1").await;
    fill(c, "#confirm", "mat-khau-cua-toi-1").await;
    submit(c, "form.stack button[type=submit]").await;
    assert!(
        html(c).await.contains(r#"id="sent-to""#),
        "the code page says where the code went"
    );
    no_sideways_scroll(c, width, "the code page").await;
    let code = crate::self_service::last_code(&app.db, "0977123456").await;
    fill(c, "#code", &code).await;
    submit(c, "form.stack button[type=submit]").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/");
    let home = html(c).await;
    assert!(
        home.contains("Phạm Thị Mới") && home.contains("/don-thu/cua-toi"),
        "a citizen's home"
    );
    no_sideways_scroll(c, width, "the new citizen's home").await;

    // Signed out, the password forgotten: a new one by a code to the same phone.
    submit(c, "form[action='/logout'] button").await;
    follow(c, "a[href='/quen-mat-khau']").await;
    no_sideways_scroll(c, width, "the forgotten-password form").await;
    fill(c, "#contact", "0977123456").await;
    submit(c, "form.stack button[type=submit]").await;
    let code = crate::self_service::last_code(&app.db, "0977123456").await;
    fill(c, "#code", &code).await;
    fill(c, "#new", "mat-khau-moi-cua-toi-2").await;
    fill(c, "#confirm", "mat-khau-moi-cua-toi-2").await;
    submit(c, "form.stack button[type=submit]").await;
    assert!(html(c).await.contains("Đã đặt mật khẩu mới"));
    fill(c, "#login", "0977123456").await;
    fill(c, "#password", "mat-khau-moi-cua-toi-2").await;
    submit(c, "form.stack button[type=submit]").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/",
        "signed in with the new password"
    );
    browser.close().await;
}

backend_test! {
    async fn a_newcomer_makes_an_account_and_recovers_it_on_a_phone(backend: Backend) {
        account_journey(backend, 360).await;
    }

    async fn a_newcomer_makes_an_account_and_recovers_it_on_a_desktop(backend: Backend) {
        account_journey(backend, 1366).await;
    }

    async fn a_citizen_files_supplements_and_denounces_online_on_a_phone(backend: Backend) {
        citizen_journeys(backend, 360).await;
    }

    async fn a_citizen_files_supplements_and_denounces_online_on_a_desktop(backend: Backend) {
        citizen_journeys(backend, 1366).await;
    }
}
