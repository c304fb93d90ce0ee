//! Headless Chromium through the one-stop pages: the desk receives a dossier by keyboard alone
//! and it travels through every role to its return; a head apologises for a dossier about to
//! be late. Skipped with a notice when `/usr/bin/chromedriver` is not installed.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use motcua_domain::ids::DossierId;
use motcua_store::dossiers;

use crate::browser::Browser;
use crate::browser::sign_in;
use crate::desk_pages::{CITIZEN_ID, MARRIAGE, receive, scene, set_due};
use crate::helpers::*;
use motcua_test_support::backend_test;

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// Presses one key wherever the focus is, as a person would (sending keys to a file input
/// element would name a file to upload instead).
async fn press_key(c: &Client, k: char) {
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    c.perform_actions(actions).await.unwrap();
}

/// The id of the focused element.
async fn focused(c: &Client) -> String {
    c.execute(
        "return document.activeElement ? document.activeElement.id : '';",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Types into the focused element, then Tab; asserts where the focus went.
async fn type_then_tab(c: &Client, text: &str, next: &str) {
    match text {
        "" => {}
        " " => press_key(c, ' ').await,
        _ => c
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap(),
    }
    press_key(c, Key::Tab.into()).await;
    assert_eq!(focused(c).await, next, "Tab after typing {text:?}");
}

async fn text_of(c: &Client, css: &str) -> String {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Presses the submit button of the action form `code` with the keyboard.
async fn press(c: &Client, code: &str) {
    let button = c
        .wait()
        .for_element(Locator::Css(&format!("#submit-{code}")))
        .await
        .unwrap();
    button.send_keys(&key(Key::Enter)).await.unwrap();
    // The page before may carry a notice of its own: wait for this action's.
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(n) = c.find(Locator::Css("p.notice")).await {
            last = n.text().await.unwrap_or_default();
            if last.contains("Đã thực hiện") {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no notice after {code}: {last:?}");
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

backend_test! {
    async fn a_dossier_is_received_by_keyboard_and_travels_to_its_return(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        // Arrange
        let s = scene(backend).await;
        let app = &s.app;
        sign_in(c, app, "mot.cua").await;
        // Act: the intake form, by keyboard from the autofocused name field
        c.goto(&app.url(&format!("/mot-cua/tiep-nhan?thu_tuc={MARRIAGE}"))).await.unwrap();
        assert_eq!(focused(c).await, "name", "the name field has the focus");
        type_then_tab(c, "Trần Thị Bình", "kind-person").await;
        type_then_tab(c, "", "citizen_id").await;
        type_then_tab(c, CITIZEN_ID, "birth_year").await;
        type_then_tab(c, "1985", "tax_code").await;
        type_then_tab(c, "", "representative").await;
        type_then_tab(c, "", "phone").await;
        type_then_tab(c, "0912345678", "email").await;
        type_then_tab(c, "", "address").await;
        type_then_tab(c, "5 Hai Bà Trưng, Phường Bạc Liêu", "provided_0").await;
        type_then_tab(c, " ", "file_0").await;
        type_then_tab(c, "", "provided_1").await;
        type_then_tab(c, " ", "file_1").await;
        type_then_tab(c, "", "channel").await;
        type_then_tab(c, "", "paid_online").await;
        type_then_tab(c, "", "reused_data").await;
        type_then_tab(c, " ", "from_portal_store").await;
        type_then_tab(c, "", "return_place").await;
        press_key(c, Key::Enter.into()).await;
        // Assert: the dossier page with the receipt to print
        let code = text_of(c, "#dossier-code").await;
        let d = dossiers::get_by_code(&app.db, &code).await.expect("the dossier was received");
        assert_eq!(d.applicant.name, "Trần Thị Bình");
        // Decision 766's facts as ticked: reused data only; the paper seen without files.
        assert!(d.digital.reused_data && !d.digital.from_portal_store, "{:?}", d.digital);
        assert!(d.digital.paid_online.is_none() && !d.digital.components_digitised);
        let receipt = c.find(Locator::Css("#print-receipt")).await.unwrap();
        let href = receipt.attr("href").await.unwrap().unwrap_or_default();
        assert_eq!(href, format!("/mot-cua/ho-so/{}/bieu-mau/01", d.id));
        assert!(fits_a_phone(c).await, "the dossier page fits a phone");
        // Print the receipt: the form shows the code, the applicant and the QR code.
        receipt.click().await.unwrap();
        let form = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
        assert!(form.contains(&code), "{form}");
        assert!(form.contains("Trần Thị Bình"), "{form}");
        c.find(Locator::Css("svg")).await.expect("the QR code");
        c.goto(&app.url(&format!("/mot-cua/ho-so/{}", d.id))).await.unwrap();
        // Act: the hand-overs of each role, then the return
        press(c, "hand_over").await;
        sign_in(c, app, "chuyen.vien").await;
        c.goto(&app.url("/mot-cua/ho-so")).await.unwrap();
        assert!(fits_a_phone(c).await, "the queue fits a phone");
        c.wait().for_element(Locator::LinkText(&code)).await.unwrap().click().await.unwrap();
        press(c, "hand_over").await;
        sign_in(c, app, "lanh.dao").await;
        c.goto(&app.url("/mot-cua/ho-so")).await.unwrap();
        c.wait().for_element(Locator::LinkText(&code)).await.unwrap().click().await.unwrap();
        press(c, "hand_over").await;
        sign_in(c, app, "mot.cua").await;
        c.goto(&app.url(&format!("/mot-cua/ho-so/{}", d.id))).await.unwrap();
        c.find(Locator::Id("return_result-electronic")).await.unwrap().click().await.unwrap();
        press(c, "return_result").await;
        let returned = dossiers::get(&app.db, d.id).await.unwrap();
        assert!(returned.digital.e_result, "the electronic result was ticked");
        // Assert: public tracking says so
        c.delete_all_cookies().await.unwrap();
        c.goto(&app.url(&format!("/tra-cuu?ma={code}"))).await.unwrap();
        assert_eq!(text_of(c, "#dossier-status").await, "Đã trả kết quả");
        browser.close().await;
    }

    async fn a_head_apologises_once_for_a_dossier_about_to_be_late(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        // Arrange: a dossier due in two hours
        let s = scene(backend).await;
        let app = &s.app;
        let desk = new_client();
        let csrf = app.login(&desk, "mot.cua").await;
        let id = receive(app, &desk, &csrf, MARRIAGE).await;
        let now = motcua_store::now();
        set_due(app, &id, now + chrono::Duration::hours(2)).await;
        // A working moment: the next working day at 16:00.
        let (_, cal) = crate::dossier_fixtures::calendar();
        let new_due = cal
            .next_working_day(motcua_domain::vn_date(now))
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        sign_in(c, app, "lanh.dao").await;
        // Act
        c.goto(&app.url(&format!("/mot-cua/ho-so/{id}"))).await.unwrap();
        c.wait()
            .for_element(Locator::Css("#apologise-reason"))
            .await
            .unwrap()
            .send_keys("Cần xác minh thêm với cơ quan khác.")
            .await
            .unwrap();
        // Typing into a datetime-local field depends on the browser's locale; set its value.
        c.execute(
            "document.getElementById('apologise-new_due').value = arguments[0];",
            vec![serde_json::json!(new_due.format("%Y-%m-%dT%H:%M").to_string())],
        )
        .await
        .unwrap();
        press(c, "apologise").await;
        // Assert
        let shown = text_of(c, "#dossier-due").await;
        assert_eq!(shown, new_due.format("%H:%M %d/%m/%Y").to_string());
        assert!(c.find(Locator::Css("#dossier-original-due")).await.is_ok());
        assert!(
            c.find(Locator::Css("#form-apologise")).await.is_err(),
            "a second apology is not offered"
        );
        let d = dossiers::get(&app.db, DossierId::parse(&id).unwrap()).await.unwrap();
        assert!(d.apologised_at.is_some());
        browser.close().await;
    }
}
