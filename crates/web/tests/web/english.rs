//! English is English: under `?lang=en`, every interface string of every page a role reaches
//! by its menu, and of a dossier and a petition, is English. Data (names, procedure titles,
//! addresses, what a citizen wrote) may be Vietnamese; the words around it may not. Text marked
//! as Vietnamese data (`lang="vi"`) or codes is left out; anything else with a Vietnamese
//! letter in a label, heading, button, table header, term, legend, hint or menu fails the test
//! and is named.

use fantoccini::{Client, Locator};

use crate::browser::{Browser, sign_in};
use crate::desk_pages::{MARRIAGE, act, page, receive, scene, version_in};
use crate::helpers::*;
use motcua_test_support::backend_test;

/// What this test created, in Vietnamese as a real commune would: names, units, an address,
/// the sample procedures and their fees. It is data wherever it appears.
const DATA: &[&str] = &[
    "Người dùng",
    "UBND Phường Bạc Liêu",
    "Phường Bạc Liêu",
    "Phường Hiệp Thành",
    "Tỉnh Cà Mau",
    "12 Trần Phú",
    "Đăng ký kết hôn",
    "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    "Miễn lệ phí",
    "75.000 đồng/giấy phép",
    "Hoạt động xây dựng",
    "Hộ tịch",
    "Tờ khai đăng ký kết hôn",
    "Tờ khai: thiếu chữ ký",
    "Tờ khai",
    "thiếu chữ ký",
];

/// The interface strings of the current page that carry a Vietnamese letter.
async fn vietnamese_interface(c: &Client) -> Vec<String> {
    let found = c
        .execute(
            r#"
            const vi = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
            const sel = 'label, th, legend, button, dt, h1, h2, h3, summary, nav a, .hint, '
                + 'option[value=""], .field-error, [role=status], .alert p, .tag, .meta';
            const out = [];
            for (const e of document.querySelectorAll(sel)) {
                const c = e.cloneNode(true);
                for (const d of c.querySelectorAll('[lang=vi], .code, select, .data')) d.remove();
                let t = c.textContent.replace(/\s+/g, ' ').trim();
                for (const d of arguments[0]) t = t.split(d).join('');
                if (!e.closest('[lang=vi], .data') && vi.test(t)) out.push(e.tagName + ': ' + t.slice(0, 100));
            }
            return out;
            "#,
            vec![serde_json::json!(DATA)],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

async fn menu(c: &Client) -> Vec<String> {
    let found = c
        .execute(
            "return Array.from(document.querySelectorAll('nav.places a')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

fn english(path: &str) -> String {
    if path.contains('?') {
        format!("{path}&lang=en")
    } else {
        format!("{path}?lang=en")
    }
}

backend_test! {
    async fn every_page_a_role_reaches_speaks_english_under_lang_en(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        c.set_window_size(1366, 900).await.unwrap();
        let s = scene(backend).await;
        // A dossier awaiting a supplement, so its page shows its richest state.
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let (_, view) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let r = act(&s.app, &desk, &csrf, &id, &[("action", "request_supplement"), ("version", &version_in(&view)), ("items_text", "Tờ khai: thiếu chữ ký")]).await;
        assert_eq!(r.status(), 303);
        // A complaint registered by a petition handler, for the case page.
        s.app.create_user_in("xu.ly.don", Some(s.ward), &[(motcua_domain::role::Role::PetitionHandler, Some(s.ward))]).await;
        let handler = new_client();
        let h_csrf = s.app.login(&handler, "xu.ly.don").await;
        let r = handler.post(s.app.url("/don-thu/dang-ky")).form(&[
            ("csrf_token", h_csrf.as_str()), ("kind", "khieu_nai"), ("source", "post"),
            ("content", "Tờ khai"), ("sender_name", "Người dùng A"), ("sender_address", "12 Trần Phú"),
        ]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let case = r.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_owned();
        let mut problems = Vec::new();
        for login in ["mot.cua", "chuyen.vien", "lanh.dao", "xu.ly.don", "cong.dan"] {
            sign_in(c, &s.app, login).await;
            c.goto(&s.app.url("/?lang=en")).await.unwrap();
            let mut paths = vec!["/".to_owned()];
            paths.extend(menu(c).await);
            match login {
                "cong.dan" => paths.push(format!("/mot-cua/nop-truc-tuyen?thu_tuc={MARRIAGE}")),
                "xu.ly.don" => paths.push(case.clone()),
                _ => paths.push(format!("/mot-cua/ho-so/{id}")),
            }
            for path in paths {
                c.goto(&s.app.url(&english(&path))).await.unwrap();
                c.wait().for_element(Locator::Css("h1")).await.unwrap();
                for p in vietnamese_interface(c).await {
                    problems.push(format!("{login} {path}: {p}"));
                }
            }
        }
        // The validation messages of the citizen's two forms, sent empty.
        for (path, button) in [
            (format!("/mot-cua/nop-truc-tuyen?thu_tuc={MARRIAGE}"), "form.intake button[type=submit]"),
            ("/don-thu/gui".to_owned(), "#petition-file-submit"),
        ] {
            c.goto(&s.app.url(&english(&path))).await.unwrap();
            c.find(Locator::Css(button)).await.unwrap().click().await.unwrap();
            c.wait().for_element(Locator::Css(".field-error")).await.unwrap();
            for p in vietnamese_interface(c).await {
                problems.push(format!("cong.dan {path} sent empty: {p}"));
            }
        }
        assert!(problems.is_empty(), "Vietnamese interface text in English pages:\n{}", problems.join("\n"));
        browser.close().await;
    }
}
