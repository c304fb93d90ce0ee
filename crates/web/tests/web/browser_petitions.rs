//! Headless Chromium through citizen reception and the petition register: a complaint heard at
//! a reception session is registered from the visit, accepted and decided; a denunciation's
//! sender stays hidden from an officer who is not named on the case, and is shown to the named
//! handler only after a reason. Skipped with a notice when chromedriver is not installed.

use std::time::Duration;

use fantoccini::{Client, Locator};
use motcua_domain::role::Role;

use crate::browser::Browser;
use crate::browser::sign_in;
use crate::helpers::*;
use motcua_test_support::backend_test;

/// A commune with two petition handlers and its head.
async fn scene(backend: Backend) -> TestApp {
    let app = TestApp::spawn(backend).await;
    let province = app.create_unit("96", "Tỉnh Demo", "province", None).await;
    let commune = app
        .create_unit("31825", "Phường Demo", "commune", Some(province))
        .await;
    for (login, role) in [
        ("xulydon.a", Role::PetitionHandler),
        ("xulydon.b", Role::PetitionHandler),
        ("lanhdao", Role::Head),
    ] {
        app.create_user_in(login, Some(commune), &[(role, Some(commune))])
            .await;
    }
    app
}

async fn fill(c: &Client, css: &str, text: &str) {
    let e = c.wait().for_element(Locator::Css(css)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn body(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The page's whole HTML, attributes included (hidden fields would leak there too).
async fn source(c: &Client) -> String {
    c.source().await.unwrap()
}

/// Presses an action's button and waits for the page that confirms it: the redirect names the
/// action, so an earlier action's confirmation still on screen is not taken for this one's.
async fn press(c: &Client, code: &str) {
    click(c, &format!("#submit-{code}")).await;
    let done = format!("xong={code}");
    for _ in 0..100 {
        let here = c
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        if here.contains(&done)
            && let Ok(n) = c.find(Locator::Css("p.notice")).await
            && n.text().await.unwrap_or_default().contains("Đã thực hiện")
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no confirmation after {code}: {}", body(c).await);
}

async fn status(c: &Client) -> String {
    c.wait()
        .for_element(Locator::Css("#petition-status"))
        .await
        .unwrap()
        .attr("data-status")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Nothing wider than the 360-px viewport.
async fn fits_a_phone(c: &Client) -> bool {
    c.execute(
        "return document.documentElement.scrollWidth <= window.innerWidth;",
        vec![],
    )
    .await
    .unwrap()
        == serde_json::Value::Bool(true)
}

const NAME: &str = "Huỳnh Thị Ẩn Danh";
const ID_NUMBER: &str = "079186007788";
const PHONE: &str = "0909111222";

fn assert_hidden(what: &str, text: &str) {
    for secret in [NAME, ID_NUMBER, PHONE] {
        assert!(!text.contains(secret), "{secret} visible on {what}");
    }
}

backend_test! {
    async fn a_complaint_from_a_reception_session_is_accepted_and_decided(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        let app = scene(backend).await;
        sign_in(c, &app, "xulydon.a").await;
        // A session on today's date (the form's default), hosted by the chairman.
        c.goto(&app.url("/tiep-cong-dan")).await.unwrap();
        fill(c, "#session-host_name", "Phạm Minh Lãnh").await;
        fill(c, "#session-host_title", "Chủ tịch UBND phường").await;
        fill(c, "#session-place", "Trụ sở UBND phường").await;
        click(c, "#form-session button[type=submit]").await;
        // The visit: a complaint, with one document handed over.
        fill(c, "#visit-visitor_name", "Ngô Văn Khiếu").await;
        fill(c, "#visit-visitor_address", "Khóm 4, Phường Demo").await;
        fill(c, "#visit-visitor_id_number", "079080001122").await;
        fill(c, "#visit-content", "Khiếu nại quyết định xử phạt hành chính về xây dựng không phép.").await;
        click(c, "#visit-class-KN").await;
        fill(c, "#visit-documents", "Bản sao quyết định xử phạt").await;
        click(c, "#form-visit button[type=submit]").await;
        // From the visit to the register, the form arriving filled in.
        click(c, "a[href^='/don-thu/dang-ky?visit=']").await;
        let name = c.wait().for_element(Locator::Css("#sender_name")).await.unwrap();
        assert_eq!(name.prop("value").await.unwrap().unwrap_or_default(), "Ngô Văn Khiếu");
        let content = c.find(Locator::Css("#content")).await.unwrap();
        assert!(content.prop("value").await.unwrap().unwrap_or_default().contains("xây dựng không phép"));
        fill(c, "#subject", "Khiếu nại quyết định xử phạt").await;
        click(c, "#register-submit").await;
        assert_eq!(status(c).await, "registered");
        let code = c.find(Locator::Css("#petition-code")).await.unwrap().text().await.unwrap();
        assert!(code.starts_with("31825-"), "{code}");
        assert!(fits_a_phone(c).await, "the case page fits a phone");
        // Classify, accept, decide.
        press(c, "classify").await;
        assert_eq!(status(c).await, "eligible");
        press(c, "accept").await;
        assert_eq!(status(c).await, "accepted");
        let due = c.find(Locator::Css("#petition-due")).await.unwrap().text().await.unwrap();
        assert!(due.contains("Giải quyết"), "{due}");
        fill(c, "#decide-text", "Giữ nguyên quyết định xử phạt; công trình xây dựng không phép.").await;
        press(c, "decide").await;
        assert_eq!(status(c).await, "decided");
        let decision = c.find(Locator::Css("#petition-decision")).await.unwrap().text().await.unwrap();
        assert!(decision.contains("Giữ nguyên quyết định"), "{decision}");
        // The acceptance notice prints with the case's number.
        click(c, "#notice-thu-ly").await;
        let notice = body(c).await;
        assert!(notice.contains(&code), "{notice}");
        assert!(notice.contains("Ngô Văn Khiếu"), "{notice}");
        browser.close().await;
    }

    async fn a_denouncers_identity_stays_hidden_from_an_unauthorised_officer(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        let app = scene(backend).await;
        // Handler A registers a denunciation by post.
        sign_in(c, &app, "xulydon.a").await;
        c.goto(&app.url("/don-thu/dang-ky")).await.unwrap();
        c.find(Locator::Css("#kind option[value='to_cao']")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#source option[value='post']")).await.unwrap().click().await.unwrap();
        fill(c, "#subject", "Tố cáo thu tiền trái phép khi cấp phép xây dựng").await;
        fill(c, "#content", &format!("Tôi là {NAME}, điện thoại {PHONE}. Tôi tố cáo cán bộ địa chính thu tiền trái phép.")).await;
        fill(c, "#sender_name", NAME).await;
        fill(c, "#sender_address", "Khóm 2, Phường Demo").await;
        fill(c, "#sender_id_number", ID_NUMBER).await;
        fill(c, "#sender_phone", PHONE).await;
        click(c, "#register-submit").await;
        assert_eq!(status(c).await, "registered");
        let case = c.current_url().await.unwrap().path().to_owned();
        assert_hidden("the handler's case page", &source(c).await);
        // Handler B, not named on the case, and the head see the pseudonym only.
        for login in ["xulydon.b", "lanhdao"] {
            sign_in(c, &app, login).await;
            c.goto(&app.url("/don-thu")).await.unwrap();
            let list = source(c).await;
            assert!(list.contains("Người tố cáo"), "{login}: the register shows the pseudonym");
            assert_hidden(&format!("the register for {login}"), &list);
            c.goto(&app.url(&case)).await.unwrap();
            let page = source(c).await;
            assert!(body(c).await.contains("Người tố cáo"));
            assert_hidden(&format!("the case page for {login}"), &page);
            assert!(c.find(Locator::Css("#reveal-form")).await.is_err(), "{login} has no reveal form");
            c.find(Locator::Css("#identity-hidden")).await.expect("the identity is said to be hidden");
            c.goto(&app.url("/chi-dao")).await.unwrap();
            assert_hidden(&format!("the dashboard for {login}"), &source(c).await);
        }
        // Handler A must give a reason first.
        sign_in(c, &app, "xulydon.a").await;
        c.goto(&app.url(&case)).await.unwrap();
        click(c, "#reveal-submit").await;
        let error = c.wait().for_element(Locator::Css("#reveal-reason-error")).await.unwrap().text().await.unwrap();
        assert!(error.contains("lý do"), "{error}");
        assert_hidden("a reveal without a reason", &source(c).await);
        fill(c, "#reveal-reason", "Mời người tố cáo bổ sung chứng cứ").await;
        click(c, "#reveal-submit").await;
        let revealed = c.wait().for_element(Locator::Css("#revealed-name")).await.unwrap().text().await.unwrap();
        assert_eq!(revealed, NAME);
        browser.close().await;
    }
}
