//! News through the pages: an editor writes with an image and submits, an approver publishes
//! (now or at a set time), returns or withdraws; readers find the article by section, in the
//! Atom feed and in the sitemap; every save is a revision; the newsroom is scoped by unit; a
//! notice shows on the home page for its time; and bad input is refused with nothing stored.

use chrono::{Duration, Utc};
use motcua_domain::ids::{ArticleId, UnitId};
use motcua_domain::news::SectionDraft;
use motcua_domain::role::Role;
use motcua_store::AuditContext;
use motcua_store::news;
use reqwest::multipart::{Form, Part};

use crate::helpers::*;
use motcua_test_support::backend_test;

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) ward: UnitId,
    pub(crate) section: String,
}

pub(crate) const EDITOR: &str = "bien.tap";
pub(crate) const APPROVER: &str = "duyet.tin";
const SECOND_APPROVER: &str = "duyet.tin.hai";
const OTHER_EDITOR: &str = "bien.tap.khac";
pub(crate) const CITIZEN: &str = "0912345678";

pub(crate) async fn world(backend: Backend) -> World {
    world_with(backend, |_| {}).await
}

/// The world on a server whose configuration `tweak` changes.
pub(crate) async fn world_with(
    backend: Backend,
    tweak: impl FnOnce(&mut motcua_web::Config),
) -> World {
    let app = TestApp::spawn_with(backend, tweak).await;
    let province = app.create_unit("96", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("31825", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let other = app
        .create_unit("31834", "Phường Vĩnh Trạch", "commune", Some(province))
        .await;
    app.create_user_in(EDITOR, Some(ward), &[(Role::Editor, Some(ward))])
        .await;
    app.create_user_in(OTHER_EDITOR, Some(other), &[(Role::Editor, Some(other))])
        .await;
    app.create_user_in(
        APPROVER,
        Some(province),
        &[(Role::Approver, Some(province))],
    )
    .await;
    app.create_user_in(
        SECOND_APPROVER,
        Some(province),
        &[(Role::Approver, Some(province))],
    )
    .await;
    app.create_user(CITIZEN, &[(Role::Citizen, None)]).await;
    let draft = SectionDraft::parse("nhip-song-do-thi", "Nhịp sống đô thị", "", "post").unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let section = news::create_section(&mut tx, &AuditContext::system(), &draft, Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    World {
        app,
        ward,
        section: section.to_string(),
    }
}

const TITLE: &str = "TP. Bạc Liêu: Hiệu quả từ phong trào thi đua học tập và làm theo Bác";

fn article_form(w: &World, csrf: &str, fields: &[(&str, &str)]) -> Form {
    let mut base: Vec<(&str, String)> = vec![
        ("csrf_token", csrf.to_owned()),
        ("revision", "0".into()),
        ("section", w.section.clone()),
        ("unit", w.ward.to_string()),
        ("title", TITLE.into()),
        (
            "summary",
            "Phong trào được cụ thể hóa bằng việc làm thiết thực.".into(),
        ),
        (
            "body",
            "Đoạn mở đầu.\n\n## Ở khu dân cư\n\n- tổ tự quản\n- quỹ khuyến học\n".into(),
        ),
        ("author", "Minh Khởi".into()),
    ];
    for (k, v) in fields {
        if let Some(slot) = base.iter_mut().find(|(bk, _)| bk == k) {
            slot.1 = (*v).to_owned();
        } else {
            base.push((k, (*v).to_owned()));
        }
    }
    let mut form = Form::new();
    for (k, v) in base {
        form = form.text(k.to_owned(), v);
    }
    form
}

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: Form,
) -> reqwest::Response {
    client
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// A signed-in client and its CSRF token.
pub(crate) async fn signed_in(app: &TestApp, login: &str) -> (reqwest::Client, String) {
    let client = new_client();
    let csrf = app.login(&client, login).await;
    (client, csrf)
}

/// Writes an article as the editor, with one photo; returns its id.
pub(crate) async fn write(w: &World, fields: &[(&str, &str)]) -> ArticleId {
    let (client, csrf) = signed_in(&w.app, EDITOR).await;
    let form = article_form(w, &csrf, fields)
        .text("caption_new_0", "Các tập thể tiêu biểu nhận khen thưởng")
        .text("credit_new_0", "Ảnh: Minh Khởi")
        .part(
            "image_new_0",
            Part::bytes(crate::place_reports::phone_photo())
                .file_name("IMG_0001.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let r = post_form(&w.app, &client, "/toa-soan/bai-moi", form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    ArticleId::parse(to.trim_start_matches("/toa-soan/bai/")).unwrap()
}

async fn revision_of(w: &World, id: ArticleId) -> String {
    news::get(&w.app.db, id).await.unwrap().revision.to_string()
}

async fn step(
    w: &World,
    login: &str,
    id: ArticleId,
    step: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let (client, csrf) = signed_in(&w.app, login).await;
    let revision = revision_of(w, id).await;
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("revision", revision.as_str()),
    ];
    fields.extend_from_slice(extra);
    post(
        &w.app,
        &client,
        &format!("/toa-soan/bai/{id}/{step}"),
        &fields,
    )
    .await
}

pub(crate) async fn publish(w: &World, id: ArticleId) {
    let r = step(w, EDITOR, id, "gui-duyet", &[]).await;
    assert_eq!(r.status(), 303, "submitting");
    let r = step(w, APPROVER, id, "duyet", &[]).await;
    assert_eq!(r.status(), 303, "approving: {}", r.text().await.unwrap());
}

pub(crate) async fn public_href(w: &World, id: ArticleId) -> String {
    let a = news::get(&w.app.db, id).await.unwrap();
    format!("/tin-tuc/{}-{}", a.number, a.slug)
}

pub(crate) async fn get_text(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The audit log's actions on one record, in order.
pub(crate) async fn audit_actions(app: &TestApp, entity: &str) -> Vec<String> {
    const SQL: &str = "SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(SQL)
            .bind(entity)
            .fetch_all(p)
            .await
            .unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(SQL)
            .bind(entity)
            .fetch_all(p)
            .await
            .unwrap(),
    }
}

async fn article_count(app: &TestApp) -> i64 {
    const SQL: &str = "SELECT COUNT(*) FROM article";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
    }
}

/// `datetime-local` in Vietnam's time for an instant.
fn local(at: chrono::DateTime<Utc>) -> String {
    motcua_domain::vn_local(at)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

backend_test! {
    async fn an_editor_writes_an_approver_publishes_and_readers_find_it_everywhere(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        let href = public_href(&w, id).await;
        let reader = new_client();
        assert_eq!(get_text(&w.app, &reader, &href).await.0, 404, "a draft is not public");
        assert_eq!(get_text(&w.app, &reader, &format!("/tin-tuc/{}/anh/0", href.trim_start_matches("/tin-tuc/").split('-').next().unwrap())).await.0, 404);

        let r = step(&w, EDITOR, id, "gui-duyet", &[]).await;
        assert_eq!(r.status(), 303);
        // The editor may not approve: the form's action is the approver's.
        let r = step(&w, EDITOR, id, "duyet", &[]).await;
        assert_eq!(r.status(), 403);
        let r = step(&w, APPROVER, id, "duyet", &[]).await;
        assert_eq!(r.status(), 303);

        let (status, page) = get_text(&w.app, &reader, &href).await;
        assert_eq!(status, 200);
        assert!(page.contains("Hiệu quả từ phong trào thi đua"), "title");
        assert!(page.contains("Các tập thể tiêu biểu nhận khen thưởng"), "caption");
        assert!(page.contains("Ảnh: Minh Khởi"), "credit");
        assert!(page.contains("<h2>Ở khu dân cư</h2>"), "the body's Markdown rendered");
        assert!(page.contains(">Minh Khởi</p>"), "author");
        assert!(page.contains("Phường Bạc Liêu"), "unit");
        // The number alone sends to the article's own address.
        let number = news::get(&w.app.db, id).await.unwrap().number;
        let r = reader.get(w.app.url(&format!("/tin-tuc/{number}"))).send().await.unwrap();
        assert_eq!(r.status(), 308);
        assert_eq!(r.headers()["location"].to_str().unwrap(), href);

        // The image: resized, as a JPEG, without the camera's position.
        let r = reader.get(w.app.url(&format!("/tin-tuc/{number}/anh/0"))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        let bytes = r.bytes().await.unwrap();
        assert!(!bytes.windows(3).any(|b| b == b"GPS"));
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (1600, 800));

        for list in ["/tin-tuc", "/tin-tuc/chuyen-muc/nhip-song-do-thi", "/"] {
            let (status, page) = get_text(&w.app, &reader, list).await;
            assert_eq!(status, 200, "{list}");
            assert!(page.contains(&href), "{list} links the article");
        }
        let (status, atom) = get_text(&w.app, &reader, "/tin-tuc/atom.xml").await;
        assert_eq!(status, 200);
        let feed: atom_syndication::Feed = atom.parse().expect("a valid Atom feed");
        assert_eq!(feed.entries().len(), 1);
        assert_eq!(feed.entries()[0].title().as_str(), TITLE);
        assert!(feed.entries()[0].links()[0].href().ends_with(&href));
        let (_, section_atom) = get_text(&w.app, &reader, "/tin-tuc/chuyen-muc/nhip-song-do-thi/atom.xml").await;
        assert!(section_atom.parse::<atom_syndication::Feed>().is_ok());
        let (status, sitemap) = get_text(&w.app, &reader, "/sitemap.xml").await;
        assert_eq!(status, 200);
        assert!(sitemap.contains(&format!("{href}</loc>")), "{sitemap}");
        assert!(sitemap.contains("/tin-tuc/chuyen-muc/nhip-song-do-thi</loc>"));

        assert_eq!(
            audit_actions(&w.app, &id.to_string()).await,
            ["news.create", "news.submitted", "news.published"]
        );
    }

    async fn script_in_an_article_is_shown_as_text_and_unsafe_links_are_dropped(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[(
            "body",
            "Trước <script>alert('x')</script> sau.\n\n<img src=x onerror=alert(1)>\n\n[bấm](javascript:alert(1)) [cổng](https://baclieu.gov.vn)",
        ), ("title", "<b>Tiêu đề</b> có thẻ")]).await;
        publish(&w, id).await;
        let (status, page) = get_text(&w.app, &new_client(), &public_href(&w, id).await).await;
        assert_eq!(status, 200);
        assert!(!page.contains("<script>alert"), "no script element");
        assert!(!page.contains("<img src=\"x\""), "no injected image");
        assert!(!page.contains("javascript:"), "no script link");
        assert!(page.contains("&lt;script&gt;alert("), "the script shown as text");
        assert!(page.contains(r#"href="https://baclieu.gov.vn" rel="nofollow noopener noreferrer""#));
        assert!(!page.contains("<b>Tiêu đề</b>"), "the title escaped");
    }

    async fn a_scheduled_article_waits_for_its_time(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        assert_eq!(step(&w, EDITOR, id, "gui-duyet", &[]).await.status(), 303);
        let at = Utc::now() + Duration::days(2);
        let r = step(&w, APPROVER, id, "duyet", &[("publish_at", &local(at))]).await;
        assert_eq!(r.status(), 303);
        let reader = new_client();
        let href = public_href(&w, id).await;
        assert_eq!(get_text(&w.app, &reader, &href).await.0, 404);
        for list in ["/tin-tuc", "/tin-tuc/atom.xml", "/sitemap.xml"] {
            assert!(!get_text(&w.app, &reader, list).await.1.contains(&href), "{list}");
        }
        let (approver, _) = signed_in(&w.app, APPROVER).await;
        let (_, newsroom) = get_text(&w.app, &approver, "/toa-soan?trang_thai=published").await;
        assert!(newsroom.contains("hẹn đăng"), "the newsroom shows it as scheduled");
        // The same read at the scheduled time finds it.
        let (later, _) = news::public_page(&w.app.db, None, at + Duration::minutes(1), 0, 10).await.unwrap();
        assert_eq!(later.iter().map(|a| a.id).collect::<Vec<_>>(), [id]);
        let (now, _) = news::public_page(&w.app.db, None, Utc::now(), 0, 10).await.unwrap();
        assert!(now.is_empty());
    }

    async fn every_save_is_a_revision_and_a_stale_form_changes_nothing(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        let (client, csrf) = signed_in(&w.app, EDITOR).await;
        for (revision, title) in [("1", "Tiêu đề thứ hai"), ("2", "Tiêu đề thứ ba")] {
            let form = article_form(&w, &csrf, &[("revision", revision), ("title", title)])
                .text("caption_0", "Chú thích đã sửa")
                .text("credit_0", "Ảnh: Ban biên tập");
            let r = post_form(&w.app, &client, &format!("/toa-soan/bai/{id}/sua"), form).await;
            assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        }
        let revisions = news::revisions(&w.app.db, id).await.unwrap();
        assert_eq!(revisions.iter().map(|r| r.revision).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(revisions[2].title, TITLE);
        let (_, page) = get_text(&w.app, &client, &format!("/toa-soan/bai/{id}/phien-ban/1")).await;
        assert!(page.contains("Hiệu quả từ phong trào"), "revision 1 reads as it was");
        let images = news::images(&w.app.db, id).await.unwrap();
        assert_eq!(images[0].caption, "Chú thích đã sửa");

        // A form filled from revision 1, sent after revision 3: refused, nothing written.
        let form = article_form(&w, &csrf, &[("revision", "1"), ("title", "Bản cũ")]);
        let r = post_form(&w.app, &client, &format!("/toa-soan/bai/{id}/sua"), form).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Bài vừa được người khác thay đổi"));
        let a = news::get(&w.app.db, id).await.unwrap();
        assert_eq!((a.revision, a.title.as_str()), (3, "Tiêu đề thứ ba"));
        assert_eq!(
            audit_actions(&w.app, &id.to_string()).await,
            ["news.create", "news.edit", "news.edit"]
        );
    }

    async fn who_may_change_what_follows_the_state_and_the_four_eyes(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        assert_eq!(step(&w, EDITOR, id, "gui-duyet", &[]).await.status(), 303);
        // Submitted: the editor's hands are off.
        let (client, csrf) = signed_in(&w.app, EDITOR).await;
        let form = article_form(&w, &csrf, &[("revision", "1"), ("title", "Sửa sau khi gửi")]);
        let r = post_form(&w.app, &client, &format!("/toa-soan/bai/{id}/sua"), form).await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("chỉ người duyệt tin được sửa"));
        // The approver corrects it, and may then not approve their own revision.
        let (approver, approver_csrf) = signed_in(&w.app, APPROVER).await;
        let form = article_form(&w, &approver_csrf, &[("revision", "1"), ("title", "Tiêu đề đã chỉnh")]);
        let r = post_form(&w.app, &approver, &format!("/toa-soan/bai/{id}/sua"), form).await;
        assert_eq!(r.status(), 303);
        let r = step(&w, APPROVER, id, "duyet", &[]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("một người duyệt khác"));
        assert_eq!(news::get(&w.app.db, id).await.unwrap().state.code(), "submitted");
        // Returning needs a reason; with one, the editor sees it and may edit again.
        let r = step(&w, APPROVER, id, "tra-lai", &[("reason", "  ")]).await;
        assert_eq!(r.status(), 422);
        let r = step(&w, APPROVER, id, "tra-lai", &[("reason", "Thiếu nguồn ảnh")]).await;
        assert_eq!(r.status(), 303);
        let (_, page) = get_text(&w.app, &client, &format!("/toa-soan/bai/{id}")).await;
        assert!(page.contains("Thiếu nguồn ảnh") && page.contains(r#"id="news-edit""#));
        // A step that does not start from the state is refused.
        let r = step(&w, APPROVER, id, "go-bai", &[("reason", "Gỡ")]).await;
        assert_eq!(r.status(), 422);
        assert_eq!(news::get(&w.app.db, id).await.unwrap().state.code(), "draft");
        // The editor's revision may be approved; published, then withdrawn, it is gone from the
        // public pages.
        let form = article_form(&w, &csrf, &[("revision", "2"), ("title", "Tiêu đề có nguồn ảnh")]);
        let r = post_form(&w.app, &client, &format!("/toa-soan/bai/{id}/sua"), form).await;
        assert_eq!(r.status(), 303);
        publish(&w, id).await;
        let href = public_href(&w, id).await;
        assert_eq!(get_text(&w.app, &new_client(), &href).await.0, 200);
        let r = step(&w, APPROVER, id, "go-bai", &[("reason", "Thông tin chưa chính xác")]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(get_text(&w.app, &new_client(), &href).await.0, 404);
    }

    async fn the_newsroom_is_scoped_by_unit(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        let (other, _) = signed_in(&w.app, OTHER_EDITOR).await;
        let (status, list) = get_text(&w.app, &other, "/toa-soan?trang_thai=draft").await;
        assert_eq!(status, 200);
        assert!(!list.contains(&id.to_string()), "another ward's editor does not see it");
        assert_eq!(get_text(&w.app, &other, &format!("/toa-soan/bai/{id}")).await.0, 404);
        assert_eq!(get_text(&w.app, &other, &format!("/toa-soan/bai/{id}/sua")).await.0, 404);
        let (editor, _) = signed_in(&w.app, EDITOR).await;
        let (_, list) = get_text(&w.app, &editor, "/toa-soan?trang_thai=draft").await;
        assert!(list.contains(&id.to_string()));
        let (citizen, _) = signed_in(&w.app, CITIZEN).await;
        assert_eq!(get_text(&w.app, &citizen, "/toa-soan").await.0, 403);
        assert_eq!(get_text(&w.app, &citizen, &format!("/toa-soan/bai/{id}")).await.0, 404);
        assert_eq!(get_text(&w.app, &new_client(), "/toa-soan/bai-moi").await.0, 401);
        // An editor may not file an article under a unit outside their scope (which, as
        // everywhere, is not theirs to know of).
        let (client, csrf) = signed_in(&w.app, OTHER_EDITOR).await;
        let form = article_form(&w, &csrf, &[]);
        let r = post_form(&w.app, &client, "/toa-soan/bai-moi", form).await;
        assert_eq!(r.status(), 404);
        assert_eq!(article_count(&w.app).await, 1);
    }

    async fn a_notice_shows_on_the_home_page_for_its_time(backend: Backend) {
        let w = world(backend).await;
        let (client, csrf) = signed_in(&w.app, APPROVER).await;
        let now = Utc::now();
        let ward = w.ward.to_string();
        let notice = |starts: String, ends: String| {
            vec![
                ("csrf_token".to_owned(), csrf.clone()),
                ("unit".to_owned(), ward.clone()),
                ("title".to_owned(), "Cảnh báo bão số 9".to_owned()),
                ("body".to_owned(), "Tàu thuyền không ra khơi.".to_owned()),
                ("starts_at".to_owned(), starts),
                ("ends_at".to_owned(), ends),
            ]
        };
        // Ending before it starts: refused beside the field, nothing stored.
        let r = client
            .post(w.app.url("/toa-soan/thong-bao"))
            .form(&notice(local(now + Duration::days(2)), local(now + Duration::days(1))))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Thời điểm kết thúc phải sau thời điểm bắt đầu"));
        assert!(!get_text(&w.app, &new_client(), "/").await.1.contains("Cảnh báo bão số 9"));
        let r = client
            .post(w.app.url("/toa-soan/thong-bao"))
            .form(&notice(local(now - Duration::hours(1)), local(now + Duration::days(1))))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let (_, home) = get_text(&w.app, &new_client(), "/").await;
        assert!(home.contains(r#"id="home-notices""#) && home.contains("Cảnh báo bão số 9"));
        // An editor does not post notices.
        let (editor, editor_csrf) = signed_in(&w.app, EDITOR).await;
        assert_eq!(get_text(&w.app, &editor, "/toa-soan/thong-bao").await.0, 403);
        let r = post(&w.app, &editor, "/toa-soan/thong-bao", &[("csrf_token", &editor_csrf), ("unit", &ward)]).await;
        assert_eq!(r.status(), 403);
        // Ended now: off the home page.
        let current = news::current_notices(&w.app.db, Utc::now()).await.unwrap();
        let id = current[0].id;
        let r = post(&w.app, &client, &format!("/toa-soan/thong-bao/{id}/ket-thuc"), &[("csrf_token", &csrf)]).await;
        assert_eq!(r.status(), 303);
        assert!(!get_text(&w.app, &new_client(), "/").await.1.contains("Cảnh báo bão số 9"));
        assert_eq!(audit_actions(&w.app, &id.to_string()).await, ["notice.create", "notice.end"]);
    }

    async fn bad_article_input_is_refused_with_nothing_stored(backend: Backend) {
        let w = world(backend).await;
        let (client, csrf) = signed_in(&w.app, EDITOR).await;
        let long_body = "ệ".repeat(100_001);
        let long_caption = "c".repeat(501);
        let cases: Vec<(Form, &str)> = vec![
            (article_form(&w, &csrf, &[("title", "  ")]), "Vui lòng nhập mục này"),
            (article_form(&w, &csrf, &[("body", &long_body)]), "dài quá 100000 ký tự"),
            (article_form(&w, &csrf, &[("section", "khong-co")]), "Vui lòng nhập mục này"),
            (
                article_form(&w, &csrf, &[("section", &motcua_domain::ids::SectionId::new().to_string())]),
                "Chuyên mục này không tồn tại",
            ),
            (
                article_form(&w, &csrf, &[]).part(
                    "image_new_0",
                    Part::bytes(b"not a picture".to_vec()).file_name("a.jpg").mime_str("image/jpeg").unwrap(),
                ),
                "a.jpg",
            ),
            (
                article_form(&w, &csrf, &[("caption_new_0", &long_caption)]).part(
                    "image_new_0",
                    Part::bytes(crate::place_reports::phone_photo()).file_name("b.jpg").mime_str("image/jpeg").unwrap(),
                ),
                "dài quá 500 ký tự",
            ),
        ];
        for (form, says) in cases {
            let r = post_form(&w.app, &client, "/toa-soan/bai-moi", form).await;
            assert_eq!(r.status(), 422);
            let page = r.text().await.unwrap();
            assert!(page.contains(says), "{says}");
            assert!(page.contains(r#"id="news-errors""#));
        }
        assert_eq!(article_count(&w.app).await, 0);
        // A section whose address is taken: refused beside the field.
        let (approver, csrf) = signed_in(&w.app, APPROVER).await;
        let r = post(&w.app, &approver, "/toa-soan/chuyen-muc", &[
            ("csrf_token", &csrf), ("name", "Nhịp sống"), ("slug", "nhip-song-do-thi"), ("moderation", "pre"),
        ]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Đường dẫn này đã được dùng"));
        // Unknown pages and numbers are not found, not errors.
        for path in ["/tin-tuc/0", "/tin-tuc/abc", "/tin-tuc/999999", "/tin-tuc/1/anh/x", "/tin-tuc/chuyen-muc/khong-co", "/toa-soan/bai/khong-co"] {
            assert_eq!(get_text(&w.app, &approver, path).await.0, 404, "{path}");
        }
        assert_eq!(get_text(&w.app, &approver, "/tin-tuc?trang=99999999999").await.0, 200);
    }

    async fn a_correction_to_a_published_article_waits_for_a_second_approver(backend: Backend) {
        let w = world(backend).await;
        let id = write(&w, &[]).await;
        publish(&w, id).await;
        let first = news::get(&w.app.db, id).await.unwrap().publish_at.unwrap();
        let href = public_href(&w, id).await;
        let (approver, csrf) = signed_in(&w.app, APPROVER).await;
        let form = article_form(&w, &csrf, &[("revision", "1"), ("title", "Tiêu đề đã đính chính")]);
        let r = post_form(&w.app, &approver, &format!("/toa-soan/bai/{id}/sua"), form).await;
        assert_eq!(r.status(), 303);
        let a = news::get(&w.app.db, id).await.unwrap();
        assert_eq!(a.state.code(), "submitted", "the correction waits");
        assert_eq!(get_text(&w.app, &new_client(), &href).await.0, 404);
        assert_eq!(step(&w, APPROVER, id, "duyet", &[]).await.status(), 422, "not by its writer");
        assert_eq!(step(&w, SECOND_APPROVER, id, "duyet", &[]).await.status(), 303);
        let a = news::get(&w.app.db, id).await.unwrap();
        assert_eq!(a.publish_at, Some(first), "the first publication's time stays");
        let (status, page) = get_text(&w.app, &new_client(), &href).await;
        assert_eq!(status, 200);
        assert!(page.contains("Tiêu đề đã đính chính") && page.contains("cập nhật"));
    }
}
