//! Comments through the pages: threads three deep under an article, a poll and a place report;
//! one vote a person; reports that hide a comment at the threshold (configurable) and tell the
//! moderators; pre-moderation per section; the moderators' queue (approve, hide, restore,
//! block) with every step audited; and bad comments refused with nothing stored.

use motcua_domain::comment::CommentState;
use motcua_domain::ids::{ArticleId, CommentId};
use motcua_domain::news::SectionDraft;
use motcua_domain::role::Role;
use motcua_store::AuditContext;
use motcua_store::comments;

use crate::helpers::*;
use crate::news::{
    World, audit_actions, get_text, post, public_href, publish, signed_in, world, world_with, write,
};
use motcua_test_support::backend_test;

const CITIZENS: [&str; 4] = ["0912000001", "0912000002", "0912000003", "0912000004"];
const MODERATOR: &str = "kiem.duyet";
const FAR_MODERATOR: &str = "kiem.duyet.xa";

async fn people(w: &World) {
    for login in CITIZENS {
        w.app.create_user(login, &[(Role::Citizen, None)]).await;
    }
    let province = motcua_store::units::get(&w.app.db, w.ward)
        .await
        .unwrap()
        .parent
        .expect("the ward's province");
    w.app
        .create_user_in(
            MODERATOR,
            Some(province),
            &[(Role::Moderator, Some(province))],
        )
        .await;
    let far = w
        .app
        .create_unit("95", "Tỉnh Bạc Liêu cũ", "province", None)
        .await;
    w.app
        .create_user_in(FAR_MODERATOR, Some(far), &[(Role::Moderator, Some(far))])
        .await;
    const EMAIL: &str =
        "UPDATE app_user SET email = 'kiem.duyet@example.vn' WHERE login = 'kiem.duyet'";
    match &w.app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query(EMAIL).execute(p).await.map(|_| ()).unwrap(),
        motcua_store::Db::Postgres(p, _) => {
            sqlx::query(EMAIL).execute(p).await.map(|_| ()).unwrap()
        }
    }
}

/// A published article under the world's (post-moderated) section, and its address.
async fn article(w: &World) -> (ArticleId, String) {
    let id = write(w, &[]).await;
    publish(w, id).await;
    (id, public_href(w, id).await)
}

/// Posts as `login`; the response.
async fn comment(
    w: &World,
    login: &str,
    kind: &str,
    subject: &str,
    parent: Option<CommentId>,
    body: &str,
) -> reqwest::Response {
    let (client, csrf) = signed_in(&w.app, login).await;
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    post(
        &w.app,
        &client,
        "/binh-luan",
        &[
            ("csrf_token", &csrf),
            ("subject_kind", kind),
            ("subject_id", subject),
            ("parent", &parent),
            ("body", body),
        ],
    )
    .await
}

/// Posts and returns the new comment's id (from the redirect's anchor).
async fn posted(
    w: &World,
    login: &str,
    article: ArticleId,
    parent: Option<CommentId>,
    body: &str,
) -> CommentId {
    let r = comment(w, login, "article", &article.to_string(), parent, body).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    CommentId::parse(to.rsplit("#binh-luan-").next().unwrap()).unwrap()
}

async fn act(w: &World, login: &str, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let (client, csrf) = signed_in(&w.app, login).await;
    let mut all = vec![("csrf_token", csrf.as_str())];
    all.extend_from_slice(fields);
    post(&w.app, &client, path, &all).await
}

async fn comment_count(w: &World) -> i64 {
    const SQL: &str = "SELECT COUNT(*) FROM comment";
    match &w.app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
    }
}

async fn outbox_to(w: &World, entity: &str) -> Vec<String> {
    const SQL: &str = "SELECT recipient FROM outbox_message WHERE entity_id = $1";
    match &w.app.db {
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

backend_test! {
    async fn a_thread_goes_three_deep_and_a_hidden_comment_keeps_its_replies(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let (a, href) = article(&w).await;
        let first = posted(&w, CITIZENS[0], a, None, "Phong trào rất thiết thực.").await;
        let reply = posted(&w, CITIZENS[1], a, Some(first), "Khóm tôi cũng làm.").await;
        let deepest = posted(&w, CITIZENS[0], a, Some(reply), "Chỉ giúp cách liên hệ với.").await;
        // A fourth level is refused, nothing stored.
        let r = comment(&w, CITIZENS[2], "article", &a.to_string(), Some(deepest), "Cấp bốn").await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("sâu hơn ba cấp"));
        assert_eq!(comment_count(&w).await, 3);
        let (_, page) = get_text(&w.app, &new_client(), &href).await;
        assert!(page.contains("Bình luận (3)"));
        let order: Vec<usize> = ["Phong trào rất thiết thực", "Khóm tôi cũng làm", "Chỉ giúp cách liên hệ"]
            .iter()
            .map(|t| page.find(t).expect(t))
            .collect();
        assert!(order.windows(2).all(|p| p[0] < p[1]), "thread order");

        // The moderator hides the first: a line with the date stays, and both replies.
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{first}/an"), &[]).await;
        assert_eq!(r.status(), 422, "a hidden comment needs a reason");
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{first}/an"), &[("reason", "Lạc đề")]).await;
        assert_eq!(r.status(), 303);
        let (_, page) = get_text(&w.app, &new_client(), &href).await;
        assert!(!page.contains("Phong trào rất thiết thực"));
        assert!(page.contains("Bình luận đã được kiểm duyệt ngày"));
        assert!(page.contains("Khóm tôi cũng làm") && page.contains("Chỉ giúp cách liên hệ"));
        // A moderator of another province neither sees it in the queue nor acts on it.
        let (far, _) = signed_in(&w.app, FAR_MODERATOR).await;
        let (_, queue) = get_text(&w.app, &far, "/kiem-duyet/binh-luan?hang=da-an").await;
        assert!(!queue.contains(&first.to_string()));
        let r = act(&w, FAR_MODERATOR, &format!("/kiem-duyet/binh-luan/{first}/khoi-phuc"), &[]).await;
        assert_eq!(r.status(), 404);
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{first}/khoi-phuc"), &[]).await;
        assert_eq!(r.status(), 303);
        assert!(get_text(&w.app, &new_client(), &href).await.1.contains("Phong trào rất thiết thực"));
        assert_eq!(audit_actions(&w.app, &first.to_string()).await, ["comment.hide", "comment.restore"]);
    }

    async fn three_reports_hide_a_comment_and_tell_the_moderators(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let (a, href) = article(&w).await;
        let spam = posted(&w, CITIZENS[0], a, None, "Bán đất nền giá rẻ, gọi ngay!").await;
        let path = format!("/binh-luan/{spam}/bao-cao");
        // One's own comment is not reported; nothing stored.
        let r = act(&w, CITIZENS[0], &path, &[("reason", "spam")]).await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("của chính mình"));
        let r = act(&w, CITIZENS[1], &path, &[("reason", "quang-cao")]).await;
        assert_eq!(r.status(), 422, "an unknown reason");
        for (n, who) in CITIZENS[1..].iter().enumerate() {
            let r = act(&w, who, &path, &[("reason", "spam")]).await;
            assert_eq!(r.status(), 303);
            let c = comments::get(&w.app.db, spam).await.unwrap();
            let want = if n < 2 { CommentState::Visible } else { CommentState::Hidden };
            assert_eq!(c.state, want, "after {} reports", n + 1);
        }
        let r = act(&w, CITIZENS[1], &path, &[("reason", "spam")]).await;
        assert_eq!(r.status(), 404, "a hidden comment is no longer reported");
        assert!(!get_text(&w.app, &new_client(), &href).await.1.contains("Bán đất nền"));
        assert_eq!(outbox_to(&w, &spam.to_string()).await, ["kiem.duyet@example.vn"]);
        assert_eq!(audit_actions(&w.app, &spam.to_string()).await, ["comment.auto_hide"]);
        let (moderator, _) = signed_in(&w.app, MODERATOR).await;
        let (_, queue) = get_text(&w.app, &moderator, "/kiem-duyet/binh-luan?hang=da-an").await;
        assert!(queue.contains("Bán đất nền") && queue.contains("Tự động ẩn"));
    }

    async fn the_report_threshold_is_the_servers_setting(backend: Backend) {
        let w = world_with(backend, |c| c.comment_rules.hide_after_reports = 1).await;
        people(&w).await;
        let (a, _) = article(&w).await;
        let c = posted(&w, CITIZENS[0], a, None, "Một bình luận").await;
        let r = act(&w, CITIZENS[1], &format!("/binh-luan/{c}/bao-cao"), &[("reason", "off_topic")]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(comments::get(&w.app.db, c).await.unwrap().state, CommentState::Hidden);
        // Restored, the report seen: a new report by someone else hides it again.
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{c}/khoi-phuc"), &[]).await;
        assert_eq!(r.status(), 303);
        let (moderator, _) = signed_in(&w.app, MODERATOR).await;
        let (_, reported) = get_text(&w.app, &moderator, "/kiem-duyet/binh-luan?hang=bi-bao-cao").await;
        assert!(!reported.contains("Một bình luận"), "a seen report leaves the reported list");
        let r = act(&w, CITIZENS[2], &format!("/binh-luan/{c}/bao-cao"), &[("reason", "spam")]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(comments::get(&w.app.db, c).await.unwrap().state, CommentState::Hidden);
        assert_eq!(
            audit_actions(&w.app, &c.to_string()).await,
            ["comment.auto_hide", "comment.restore", "comment.auto_hide"]
        );
    }

    async fn each_person_votes_once_and_not_on_their_own(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let (a, _) = article(&w).await;
        let c = posted(&w, CITIZENS[0], a, None, "Nên mở thêm đèn ở hẻm 12.").await;
        let path = format!("/binh-luan/{c}/bau");
        for (who, value, score) in [(1, "1", 1), (1, "1", 1), (2, "1", 2), (1, "-1", 0), (2, "0", -1)] {
            let r = act(&w, CITIZENS[who], &path, &[("value", value)]).await;
            assert_eq!(r.status(), 303);
            assert_eq!(comments::get(&w.app.db, c).await.unwrap().score, score);
        }
        let r = act(&w, CITIZENS[0], &path, &[("value", "1")]).await;
        assert_eq!(r.status(), 409);
        let r = act(&w, CITIZENS[1], &path, &[("value", "5")]).await;
        assert_eq!(r.status(), 422);
        assert_eq!(comments::get(&w.app.db, c).await.unwrap().score, -1);
    }

    async fn a_pre_moderated_section_holds_comments_until_approved(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let draft = SectionDraft::parse("thong-bao", "Thông báo", "", "pre").unwrap();
        let mut tx = w.app.db.begin().await.unwrap();
        let section = motcua_store::news::create_section(&mut tx, &AuditContext::system(), &draft, chrono::Utc::now()).await.unwrap();
        tx.commit().await.unwrap();
        let id = write(&w, &[("section", &section.to_string())]).await;
        publish(&w, id).await;
        let href = public_href(&w, id).await;
        let c = posted(&w, CITIZENS[0], id, None, "Lịch này có áp dụng ngày lễ không?").await;
        assert_eq!(comments::get(&w.app.db, c).await.unwrap().state, CommentState::Pending);
        assert!(!get_text(&w.app, &new_client(), &href).await.1.contains("áp dụng ngày lễ"));
        let (author, _) = signed_in(&w.app, CITIZENS[0]).await;
        let (_, own) = get_text(&w.app, &author, &format!("{href}?binh_luan=cho-duyet")).await;
        assert!(own.contains("áp dụng ngày lễ") && own.contains("đang chờ duyệt") && own.contains(r#"id="comment-note""#));
        let (moderator, _) = signed_in(&w.app, MODERATOR).await;
        let (_, queue) = get_text(&w.app, &moderator, "/kiem-duyet/binh-luan?hang=cho-duyet").await;
        assert!(queue.contains("áp dụng ngày lễ"));
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{c}/duyet"), &[]).await;
        assert_eq!(r.status(), 303);
        assert!(get_text(&w.app, &new_client(), &href).await.1.contains("áp dụng ngày lễ"));
        // Approving twice is refused: the comment is no longer waiting.
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{c}/duyet"), &[]).await;
        assert_eq!(r.status(), 422);
        assert_eq!(audit_actions(&w.app, &c.to_string()).await, ["comment.approve"]);
    }

    async fn bad_comments_are_refused_with_nothing_stored(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let (a, href) = article(&w).await;
        let subject = a.to_string();
        let big = "x".repeat(100 * 1024);
        let r = comment(&w, CITIZENS[0], "article", &subject, None, &big).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("dài quá 2000 ký tự"));
        let r = comment(&w, CITIZENS[0], "article", &subject, None, "   ").await;
        assert_eq!(r.status(), 422);
        let r = comment(&w, CITIZENS[0], "dossier", &subject, None, "Không có chủ đề").await;
        assert_eq!(r.status(), 404);
        let r = comment(&w, CITIZENS[0], "article", &ArticleId::new().to_string(), None, "Bài không có").await;
        assert_eq!(r.status(), 404);
        let r = comment(&w, crate::news::EDITOR, "article", &subject, None, "Cán bộ viết").await;
        assert_eq!(r.status(), 403, "comments are citizens'");
        let r = w.app.client.post(w.app.url("/binh-luan")).form(&[("body", "x")]).send().await.unwrap();
        assert!(matches!(r.status().as_u16(), 401 | 403), "{}", r.status());
        assert_eq!(comment_count(&w).await, 0);

        // Script is stored as typed and shown as text.
        posted(&w, CITIZENS[0], a, None, "<script>alert('x')</script> <b>đậm</b>").await;
        let (_, page) = get_text(&w.app, &new_client(), &href).await;
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&#60;script&#62;alert") || page.contains("&lt;script&gt;alert"));

        // The rate limit: five in ten minutes, the sixth waits.
        for n in 0..4 {
            posted(&w, CITIZENS[0], a, None, &format!("Bình luận số {n}")).await;
        }
        let r = comment(&w, CITIZENS[0], "article", &subject, None, "Thứ sáu").await;
        assert_eq!(r.status(), 429);
        assert!(r.text().await.unwrap().contains("Thứ sáu"), "the text comes back to send later");
        assert_eq!(comment_count(&w).await, 5);

        // Blocked for a week: refused with the date.
        let c = posted(&w, CITIZENS[1], a, None, "Lời lẽ khó nghe").await;
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{c}/chan"), &[("days", "0"), ("reason", "x")]).await;
        assert_eq!(r.status(), 422);
        let r = act(&w, MODERATOR, &format!("/kiem-duyet/binh-luan/{c}/chan"), &[("days", "7"), ("reason", "Xúc phạm")]).await;
        assert_eq!(r.status(), 303);
        let r = comment(&w, CITIZENS[1], "article", &subject, None, "Lại nữa").await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("tạm thời không được bình luận đến"));
        assert_eq!(comment_count(&w).await, 6);
    }

    async fn polls_and_place_reports_carry_comments_too(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let draft = motcua_domain::poll::PollDraft {
            unit: w.ward,
            title: "Chợ đêm".into(),
            question: "Chợ đêm nên mở vào buổi nào?".into(),
            description: String::new(),
            kind: motcua_domain::poll::Kind::Single,
            max_choices: 1,
            options: vec!["Thứ Sáu".into(), "Thứ Bảy".into()],
            opens_at: chrono::Utc::now() - chrono::Duration::hours(1),
            closes_at: chrono::Utc::now() + chrono::Duration::days(1),
            results_live: false,
        };
        let mut tx = w.app.db.begin().await.unwrap();
        let poll = motcua_store::polls::create(&mut tx, &AuditContext::system(), &draft, chrono::Utc::now()).await.unwrap();
        tx.commit().await.unwrap();
        let r = comment(&w, CITIZENS[0], "poll", &poll.to_string(), None, "Thứ Bảy tiện cho người đi làm.").await;
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"].to_str().unwrap().starts_with(&format!("/tham-do/{poll}?binh_luan=da-dang#binh-luan-")));
        let (_, page) = get_text(&w.app, &new_client(), &format!("/tham-do/{poll}")).await;
        assert!(page.contains("Thứ Bảy tiện cho người đi làm.") && page.contains("Bình luận (1)"));
    }

    async fn a_long_discussion_comes_twenty_threads_a_page_newest_first(backend: Backend) {
        let w = world(backend).await;
        people(&w).await;
        let (a, href) = article(&w).await;
        let author = w.app.user_id_of(CITIZENS[0]).await;
        let unit = w.ward;
        let mut tx = w.app.db.begin().await.unwrap();
        let start = chrono::Utc::now() - chrono::Duration::hours(1);
        for n in 0..21 {
            let body = format!("Luồng số {n:02}");
            comments::insert(
                &mut tx,
                &comments::NewComment {
                    subject: motcua_domain::comment::Subject::Article(a),
                    unit,
                    parent: None,
                    depth: 1,
                    author,
                    author_name: "Người dân",
                    body: &body,
                    state: CommentState::Visible,
                },
                start + chrono::Duration::minutes(n),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let (_, first) = get_text(&w.app, &new_client(), &href).await;
        assert!(first.contains("Bình luận (21)"));
        assert!(first.contains("Luồng số 20") && first.contains("Luồng số 01"));
        assert!(!first.contains("Luồng số 00"), "the oldest thread is on page 2");
        assert!(first.find("Luồng số 20").unwrap() < first.find("Luồng số 01").unwrap());
        assert!(first.contains(&format!("{href}?trang_binh_luan=2#binh-luan")));
        let (_, second) = get_text(&w.app, &new_client(), &format!("{href}?trang_binh_luan=2")).await;
        assert!(second.contains("Luồng số 00") && !second.contains("Luồng số 01"));
        // A reply to the oldest thread sends its writer to the page that shows it.
        let oldest = comments::for_subject(&w.app.db, motcua_domain::comment::Subject::Article(a))
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.body == "Luồng số 00")
            .unwrap()
            .id;
        let r = comment(&w, CITIZENS[1], "article", &a.to_string(), Some(oldest), "Trả lời luồng cũ").await;
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with(&format!("{href}?binh_luan=da-dang&trang_binh_luan=2#binh-luan-")), "{to}");
        let (_, page) = get_text(&w.app, &new_client(), to.split('#').next().unwrap()).await;
        assert!(page.contains("Trả lời luồng cũ"));
        let (status, _) = get_text(&w.app, &new_client(), &format!("{href}?trang_binh_luan=99999999999")).await;
        assert_eq!(status, 200);
    }
}
