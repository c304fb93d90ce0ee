//! News in headless Chromium, at 360 px and 1366 px, by links alone: an editor writes an
//! article from the menu's newsroom and submits it; an approver finds it waiting, publishes it
//! and follows its public link; a reader reaches it from the home page's news door and its
//! section; a citizen signed in comments under it and sees the comment in the thread.

use fantoccini::{Client, Locator};

use crate::browser::{Browser, sign_in};
use crate::browser_journeys::{fill, follow, no_sideways_scroll, submit};
use crate::helpers::*;
use crate::news::{APPROVER, CITIZEN, EDITOR, world};
use motcua_test_support::backend_test;

async fn choose(c: &Client, css: &str, value: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

async fn journeys(backend: Backend, width: u32) {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.set_window_size(width, 900).await.unwrap();
    let w = world(backend).await;
    let title = "Ngày hội đọc sách ở Nhà văn hóa thiếu nhi";

    // The editor: the newsroom from the menu, a new article, submitted.
    sign_in(c, &w.app, EDITOR).await;
    follow(c, r#"a[href="/toa-soan"]"#).await;
    no_sideways_scroll(c, width, "the newsroom").await;
    follow(c, "#news-new").await;
    no_sideways_scroll(c, width, "the article form").await;
    choose(c, "#section", &w.section).await;
    choose(c, "#unit", &w.ward.to_string()).await;
    fill(c, "#title", title).await;
    fill(
        c,
        "#summary",
        "Hàng trăm em học sinh đổi sách, kể chuyện theo sách.",
    )
    .await;
    fill(
        c,
        "#body",
        "Sáng nay, **hàng trăm em** đã đến.\n\n- đổi sách\n- kể chuyện",
    )
    .await;
    submit(c, "#news-save").await;
    no_sideways_scroll(c, width, "the article in the newsroom").await;
    submit(c, "#news-submit").await;
    let state = c
        .find(Locator::Css("#news-state"))
        .await
        .unwrap()
        .attr("data-state")
        .await
        .unwrap();
    assert_eq!(state.as_deref(), Some("submitted"));

    // The approver: the newsroom opens on what waits; the article, approved, is public.
    sign_in(c, &w.app, APPROVER).await;
    follow(c, r#"a[href="/toa-soan"]"#).await;
    follow(c, r#"#news-table a[href^="/toa-soan/bai/"]"#).await;
    no_sideways_scroll(c, width, "the article to approve").await;
    submit(c, "#news-approve").await;
    follow(c, "#news-public-link").await;
    no_sideways_scroll(c, width, "the published article").await;
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, title);

    // A reader: the home page's news door, the section, the article.
    c.delete_all_cookies().await.unwrap();
    c.goto(&w.app.url("/")).await.unwrap();
    follow(c, "#home-news-door").await;
    no_sideways_scroll(c, width, "the news").await;
    follow(
        c,
        r#"#news-sections a[href="/tin-tuc/chuyen-muc/nhip-song-do-thi"]"#,
    )
    .await;
    follow(c, r#"#news-list h2 a"#).await;
    no_sideways_scroll(c, width, "the article for a reader").await;
    let body = c
        .find(Locator::Css("#news-body"))
        .await
        .unwrap()
        .html(true)
        .await
        .unwrap();
    assert!(body.contains("<strong>hàng trăm em</strong>"), "{body}");
    let article = c.current_url().await.unwrap();

    // A citizen: the same article, a comment, back at it in the thread.
    sign_in(c, &w.app, CITIZEN).await;
    c.goto(article.as_str()).await.unwrap();
    fill(
        c,
        "#comment-body",
        "Cảm ơn ban tổ chức, các cháu rất thích.",
    )
    .await;
    submit(c, "#comment-submit").await;
    c.find(Locator::Css("#comment-note"))
        .await
        .expect("the note after posting");
    let list = c
        .find(Locator::Css("#comment-list"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Cảm ơn ban tổ chức"), "{list}");
    no_sideways_scroll(c, width, "the article with its comment").await;
}

backend_test! {
    async fn an_editor_an_approver_and_a_reader_by_links_on_a_phone(backend: Backend) {
        journeys(backend, 360).await;
    }

    async fn an_editor_an_approver_and_a_reader_by_links_on_a_desktop(backend: Backend) {
        journeys(backend, 1366).await;
    }
}
