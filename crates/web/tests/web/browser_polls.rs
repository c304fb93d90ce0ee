//! Polls in headless Chromium, at 360 px and 1366 px, by links from the home page: a verified
//! citizen votes online and sees the thanks and the closed ballot box; a desk officer records a
//! ballot for a person holding their card, then is refused the same person's second ballot.

use fantoccini::{Client, Locator};
use motcua_domain::poll::Kind;

use crate::browser::{Browser, sign_in};
use crate::browser_journeys::{fill, follow, no_sideways_scroll, submit};
use crate::helpers::*;
use crate::polls::{CITIZEN, CITIZEN_ID, poll_in, world};
use motcua_test_support::backend_test;

async fn tick_first_option(c: &Client) {
    c.find(Locator::Css(r#"input[name="option"]"#))
        .await
        .unwrap()
        .click()
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
    let poll = poll_in(&w, Kind::Single, false, false).await;

    // The citizen: home, the menu's polls, the open poll, a ballot.
    sign_in(c, &w.app, CITIZEN).await;
    follow(c, r#"a[href="/tham-do"]"#).await;
    no_sideways_scroll(c, width, "the poll list").await;
    follow(c, &format!(r#"a[href="/tham-do/{poll}"]"#)).await;
    no_sideways_scroll(c, width, "the poll").await;
    tick_first_option(c).await;
    submit(c, "#poll-submit").await;
    c.find(Locator::Css("#poll-voted"))
        .await
        .expect("the thanks");
    let state = c
        .find(Locator::Css("#poll-ballot-state"))
        .await
        .unwrap()
        .attr("data-state")
        .await
        .unwrap();
    assert_eq!(state.as_deref(), Some("voted"));
    no_sideways_scroll(c, width, "the poll after voting").await;

    // The desk: the same poll, a ballot for another person, then the citizen's own card.
    sign_in(c, &w.app, "mot.cua").await;
    follow(c, r#"a[href="/tham-do"]"#).await;
    follow(c, &format!(r#"a[href="/tham-do/{poll}"]"#)).await;
    follow(c, "#poll-desk").await;
    no_sideways_scroll(c, width, "the desk ballot").await;
    for (number, outcome) in [
        ("095185654321", "#poll-desk-recorded"),
        (CITIZEN_ID, "#poll-refusal"),
    ] {
        fill(c, "#id_number", number).await;
        c.find(Locator::Css("#residence"))
            .await
            .unwrap()
            .select_by_value(&w.ward.to_string())
            .await
            .unwrap();
        tick_first_option(c).await;
        submit(c, "#poll-desk-submit").await;
        c.find(Locator::Css(outcome))
            .await
            .unwrap_or_else(|_| panic!("{number}: {outcome}"));
        no_sideways_scroll(c, width, "the desk ballot's answer").await;
    }
    let stored = motcua_store::polls::get(&w.app.db, poll).await.unwrap();
    assert_eq!(
        stored.voters, 2,
        "the citizen online and one person at the desk"
    );
}

backend_test! {
    async fn a_citizen_and_a_desk_officer_vote_by_links_on_a_phone(backend: Backend) {
        journeys(backend, 360).await;
    }

    async fn a_citizen_and_a_desk_officer_vote_by_links_on_a_desktop(backend: Backend) {
        journeys(backend, 1366).await;
    }
}
