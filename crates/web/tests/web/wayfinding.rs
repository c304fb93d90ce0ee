//! Wayfinding over real HTTP: every role's menu holds the places its roles may go and only
//! those (each opens without a refusal), and the home page's counts open the lists they count.

use motcua_domain::role::Role;

use crate::dossier_fixtures::*;
use crate::helpers::*;
use motcua_test_support::backend_test;

/// The links of the menu every page shows.
fn menu(html: &str) -> Vec<String> {
    let start = html
        .find(r#"<nav class="places""#)
        .unwrap_or_else(|| panic!("no places menu in {html}"));
    let nav = &html[start..start + html[start..].find("</nav>").expect("its end")];
    nav.split(r#"href=""#)
        .skip(1)
        .map(|s| s[..s.find('"').expect("closing quote")].to_owned())
        .collect()
}

/// The number a home card shows, by its id.
fn card(html: &str, id: &str) -> String {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no card {id}"));
    let rest = &html[at..];
    let from = rest.find(r#"<span class="count">"#).expect("a count") + 20;
    rest[from..from + rest[from..].find('<').expect("end of count")].to_owned()
}

/// The rows of a page's table body.
fn rows(html: &str) -> usize {
    html.find("<tbody>").map_or(0, |start| {
        let body = &html[start..start + html[start..].find("</tbody>").expect("end")];
        body.matches("<tr").count()
    })
}

async fn signed_in(app: &TestApp, login: &str) -> reqwest::Client {
    let client = new_client();
    app.login(&client, login).await;
    client
}

async fn home(app: &TestApp, client: &reqwest::Client) -> String {
    let r = app.get(client, "/").await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

backend_test! {
    async fn every_role_reaches_its_places_by_the_menu_and_no_other(backend: Backend) {
        let w = World::new(backend).await;
        let app = &w.app;
        app.create_user_in(
            "xu.ly.don",
            Some(w.commune),
            &[(Role::PetitionHandler, Some(w.commune))],
        )
        .await;
        app.create_user_in(
            "thanh.tra",
            Some(w.province),
            &[(Role::Inspector, Some(w.province))],
        )
        .await;
        app.create_user_in(
            "quan.tri",
            Some(w.province),
            &[(Role::UnitAdmin, Some(w.province))],
        )
        .await;
        app.create_user_in("bien.tap", Some(w.commune), &[(Role::Editor, Some(w.commune))])
            .await;
        app.create_user_in(
            "duyet.tin",
            Some(w.province),
            &[(Role::Approver, Some(w.province))],
        )
        .await;
        let public = [
            "/tin-tuc",
            "/phan-anh",
            "/tham-do",
            "/tra-cuu",
            "/thong-ke/cong-khai",
            "/procedures",
        ];
        let desk = [
            "/mot-cua/tiep-nhan",
            "/mot-cua/ho-so",
            "/mot-cua/so-theo-doi",
        ];
        let petitions = ["/don-thu", "/tiep-cong-dan"];
        let citizen = [
            "/mot-cua/nop-truc-tuyen",
            "/mot-cua/cua-toi",
            "/don-thu/gui",
            "/don-thu/cua-toi",
        ];
        let cases: [(&str, Vec<&str>); 9] = [
            ("bien.tap", [&["/toa-soan"][..], &public].concat()),
            ("duyet.tin", [&["/toa-soan"][..], &public].concat()),
            ("mot.cua", [&desk[..], &public].concat()),
            ("chuyen.vien", [&desk[1..], &public].concat()),
            // The head also follows the unit's petitions and sees its people.
            (
                "chu.tich",
                [
                    &desk[1..],
                    &petitions,
                    &["/thong-ke", "/chi-dao", "/admin/users", "/phan-anh/xu-ly"],
                    &public,
                ]
                .concat(),
            ),
            ("cong.dan", [&citizen[..], &public].concat()),
            (
                "xu.ly.don",
                [&petitions[..], &["/phan-anh/xu-ly"], &public].concat(),
            ),
            (
                "thanh.tra",
                [&desk[1..], &petitions, &["/thong-ke", "/chi-dao"], &public].concat(),
            ),
            (
                "quan.tri",
                [
                    &["/admin/units", "/admin/users", "/admin/procedures"][..],
                    &public,
                ]
                .concat(),
            ),
        ];
        for (login, expected) in cases {
            let client = signed_in(app, login).await;
            let links = menu(&home(app, &client).await);
            let mut got: Vec<&str> = links.iter().map(String::as_str).collect();
            let mut want = expected.clone();
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "{login}'s menu");
            // Each place opens for its role: the menu and the pages ask the same policy.
            for href in &links {
                let r = app.get(&client, href).await;
                assert_eq!(r.status(), 200, "{login} following the menu to {href}");
                let html = r.text().await.unwrap();
                assert_eq!(menu(&html), links, "{login}: the menu is the same on {href}");
            }
        }
        // Without an account: the public places, and the home page's doors lead to them.
        let anonymous = new_client();
        let html = home(app, &anonymous).await;
        assert_eq!(menu(&html), public);
        for door in ["home-track", "home-file", "home-catalogue", "home-news-door"] {
            assert!(html.contains(&format!(r#"id="{door}""#)), "{door}");
        }
    }

    async fn home_counts_open_the_lists_they_count(backend: Backend) {
    let w = World::new(backend).await;
    let app = &w.app;
    for _ in 0..2 {
        intake(app, &w.desk, &desk_intake(MARRIAGE)).await;
    }
    // One goes on to the specialist.
    let list = queue(app, &w.desk, "").await;
    let first = list[0]["id"].as_str().unwrap().to_owned();
    let version = list[0]["version"].as_i64().unwrap();
    act_ok(app, &w.desk, &first, &hand_over(version)).await;

    let desk = signed_in(app, "mot.cua").await;
    let html = home(app, &desk).await;
    assert_eq!(card(&html, "home-received"), "1");
    assert_eq!(card(&html, "home-late"), "0");
    assert!(
        !html.contains(r#"class="urgent""#),
        "nothing late, nothing urgent"
    );
    let specialist = signed_in(app, "chuyen.vien").await;
    let html = home(app, &specialist).await;
    assert_eq!(card(&html, "home-mine"), "1");
    // Each card's link shows as many rows as it counts.
    for (client, id) in [(&desk, "home-received"), (&specialist, "home-mine")] {
        let html = home(app, client).await;
        let at = html.find(&format!(r#"id="{id}""#)).unwrap();
        let at = at + html[at..].find(r#"href=""#).unwrap() + 6;
        let href = html[at..at + html[at..].find('"').unwrap()].replace("&amp;", "&");
        let list = app.get(client, &href).await.text().await.unwrap();
        assert_eq!(rows(&list).to_string(), card(&html, id), "{id} → {href}");
    }
    // A citizen sees their own dossiers counted, nobody else's.
    intake(app, &w.citizen, &online_intake(w.commune)).await;
    let citizen = signed_in(app, "cong.dan").await;
    assert_eq!(card(&home(app, &citizen).await, "home-my-dossiers"), "1");
    let stranger = signed_in(app, "nguoi.la").await;
    assert_eq!(card(&home(app, &stranger).await, "home-my-dossiers"), "0");
}
}
