//! Opinion polls through the pages: a moderator puts a poll, a desk officer verifies a citizen's
//! account, the citizen votes online and others at the desk, one vote per person whatever the
//! channel (also with fifty ballots by one person at once), the results hidden until the close
//! and then shown with shares and a CSV, and every bad ballot refused with nothing stored.

use chrono::{Duration, Utc};
use motcua_domain::ids::{PollId, UnitId};
use motcua_domain::poll::{Kind, PollDraft};
use motcua_domain::role::Role;
use motcua_store::AuditContext;
use motcua_store::polls;

use crate::helpers::*;
use motcua_test_support::backend_test;

/// A ward's residents are asked; the other ward is outside the poll.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) ward: UnitId,
    other: UnitId,
}

/// The ID number of the verified citizen of the ward.
pub(crate) const CITIZEN_ID: &str = "095085123456";
pub(crate) const CITIZEN: &str = "0912345678";
const UNVERIFIED: &str = "0987654321";
const ELSEWHERE: &str = "0905123456";

pub(crate) async fn world(backend: Backend) -> World {
    let app = TestApp::spawn(backend).await;
    let province = app.create_unit("96", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("31825", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let other = app
        .create_unit("31834", "Phường Vĩnh Trạch", "commune", Some(province))
        .await;
    app.create_user_in("mot.cua", Some(ward), &[(Role::DeskOfficer, Some(ward))])
        .await;
    app.create_user_in(
        "mot.cua.khac",
        Some(other),
        &[(Role::DeskOfficer, Some(other))],
    )
    .await;
    app.create_user_in(
        "kiem.duyet",
        Some(province),
        &[(Role::Moderator, Some(province))],
    )
    .await;
    for login in [CITIZEN, UNVERIFIED, ELSEWHERE] {
        app.create_user(login, &[(Role::Citizen, None)]).await;
    }
    let w = World { app, ward, other };
    let desk = w.app.new_client();
    let csrf = w.app.login(&desk, "mot.cua").await;
    let r = verify(&w, &desk, &csrf, CITIZEN, CITIZEN_ID, ward).await;
    assert_eq!(r.status(), 303, "verifying the citizen");
    let desk_other = w.app.new_client();
    let csrf = w.app.login(&desk_other, "mot.cua.khac").await;
    let r = verify(&w, &desk_other, &csrf, ELSEWHERE, "095190654321", other).await;
    assert_eq!(r.status(), 303, "verifying the other ward's citizen");
    w
}

async fn verify(
    w: &World,
    client: &reqwest::Client,
    csrf: &str,
    login: &str,
    id_number: &str,
    residence: UnitId,
) -> reqwest::Response {
    client
        .post(w.app.url("/tham-do/xac-minh"))
        .form(&[
            ("csrf_token", csrf),
            ("login", login),
            ("id_number", id_number),
            ("residence", &residence.to_string()),
        ])
        .send()
        .await
        .expect("POST verify")
}

/// A poll straight into the store, open (or closed) now: tests of voting need no form.
pub(crate) async fn poll_in(w: &World, kind: Kind, closed: bool, live: bool) -> PollId {
    let now = Utc::now();
    let (opens_at, closes_at) = if closed {
        (now - Duration::days(3), now - Duration::days(1))
    } else {
        (now - Duration::hours(1), now + Duration::days(7))
    };
    let draft = PollDraft {
        unit: w.ward,
        title: "Chợ đêm".into(),
        question: "Chợ đêm nên mở vào buổi nào?".into(),
        description: String::new(),
        kind,
        max_choices: if kind == Kind::Single { 1 } else { 2 },
        options: vec!["Thứ Sáu".into(), "Thứ Bảy".into(), "Chủ nhật".into()],
        opens_at,
        closes_at,
        results_live: live,
    };
    let mut tx = w.app.db.begin().await.unwrap();
    let id = polls::create(&mut tx, &AuditContext::system(), &draft, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn options(w: &World, poll: PollId) -> Vec<String> {
    polls::get(&w.app.db, poll)
        .await
        .unwrap()
        .options
        .iter()
        .map(|o| o.id.to_string())
        .collect()
}

async fn ballot(
    w: &World,
    client: &reqwest::Client,
    csrf: &str,
    poll: PollId,
    chosen: &[&str],
) -> reqwest::Response {
    let mut form = vec![("csrf_token", csrf)];
    form.extend(chosen.iter().map(|c| ("option", *c)));
    client
        .post(w.app.url(&format!("/tham-do/{poll}/bo-phieu")))
        .form(&form)
        .send()
        .await
        .expect("POST ballot")
}

async fn desk_ballot(
    w: &World,
    client: &reqwest::Client,
    csrf: &str,
    poll: PollId,
    id_number: &str,
    residence: UnitId,
    chosen: &[&str],
) -> reqwest::Response {
    let residence = residence.to_string();
    let mut form = vec![
        ("csrf_token", csrf),
        ("id_number", id_number),
        ("residence", residence.as_str()),
    ];
    form.extend(chosen.iter().map(|c| ("option", *c)));
    client
        .post(w.app.url(&format!("/tham-do/{poll}/tai-quay")))
        .form(&form)
        .send()
        .await
        .expect("POST desk ballot")
}

/// (voters on the poll row, voter rows, ballots on the tallies).
async fn stored(w: &World, poll: PollId) -> (i64, i64, i64) {
    let p = polls::get(&w.app.db, poll).await.unwrap();
    let rows: i64 = polls::voters_by_channel(&w.app.db, poll)
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    (p.voters, rows, p.options.iter().map(|o| o.votes).sum())
}

backend_test! {
    async fn a_moderator_puts_a_poll_by_the_form_and_a_verified_citizen_votes_once(backend: Backend) {
        let w = world(backend).await;
        let m = w.app.new_client();
        let csrf = w.app.login(&m, "kiem.duyet").await;
        let list = w.app.get(&m, "/tham-do").await.text().await.unwrap();
        assert!(list.contains(r#"href="/tham-do/moi""#), "the moderator reaches the form by a link");
        let opens = (Utc::now() + Duration::hours(7) - Duration::minutes(5)).format("%Y-%m-%dT%H:%M").to_string();
        let closes = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
        let r = m
            .post(w.app.url("/tham-do/moi"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("unit", &w.ward.to_string()),
                ("title", "Giữ chân người tài"),
                ("question", "Điều gì giữ chân người tài <script>alert(1)</script>?"),
                ("options", "Thu nhập\r\n\r\nMôi trường làm việc\r\nThăng tiến"),
                ("kind", "single"),
                ("opens_at", &opens),
                ("closes_at", &closes),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let path = r.headers()["location"].to_str().unwrap().to_owned();
        let poll = PollId::parse(path.trim_start_matches("/tham-do/")).unwrap();
        let stored_poll = polls::get(&w.app.db, poll).await.unwrap();
        assert_eq!(stored_poll.options.len(), 3, "the blank line is no option");

        let c = w.app.new_client();
        let csrf = w.app.login(&c, CITIZEN).await;
        let page = w.app.get(&c, &path).await.text().await.unwrap();
        assert!(page.contains(r#"id="poll-form""#), "the verified citizen gets the ballot");
        assert!(page.contains("alert(1)"), "script in a question is shown as text");
        assert!(!page.contains("<script>alert(1)"), "and never as a script");
        let opts = options(&w, poll).await;
        let r = ballot(&w, &c, &csrf, poll, &[&opts[1]]).await;
        assert_eq!(r.status(), 303);
        let page = w.app.get(&c, &format!("{path}?da_bo_phieu=1")).await.text().await.unwrap();
        assert!(page.contains(r#"id="poll-voted""#));
        assert!(page.contains(r#"data-state="voted""#), "the ballot box is closed to them");
        assert!(page.contains(r#"id="poll-results-hidden""#), "no count while open");
        assert_eq!(stored(&w, poll).await, (1, 1, 1));

        let r = ballot(&w, &c, &csrf, poll, &[&opts[0]]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("chỉ được một phiếu"));
        assert_eq!(stored(&w, poll).await, (1, 1, 1), "the second ballot stored nothing");
        let csv = w.app.get(&c, &format!("{path}/ket-qua.csv")).await;
        assert_eq!(csv.status(), 409, "no results before the close, not even as CSV");
    }

    async fn fifty_simultaneous_ballots_by_one_person_through_both_channels_count_once(backend: Backend) {
        let w = world(backend).await;
        let poll = poll_in(&w, Kind::Single, false, false).await;
        let opts = options(&w, poll).await;
        let citizen = w.app.new_client();
        let c_csrf = w.app.login(&citizen, CITIZEN).await;
        let desk = w.app.new_client();
        let d_csrf = w.app.login(&desk, "mot.cua").await;
        let mut set = tokio::task::JoinSet::new();
        for i in 0..50 {
            let opt = opts[i % 3].clone();
            let ward = w.ward.to_string();
            let r = if i % 2 == 0 {
                citizen
                    .post(w.app.url(&format!("/tham-do/{poll}/bo-phieu")))
                    .form(&[("csrf_token", c_csrf.clone()), ("option", opt)])
            } else {
                // The same person at the desk: the same number, typed with spaces.
                desk.post(w.app.url(&format!("/tham-do/{poll}/tai-quay"))).form(&[
                    ("csrf_token", d_csrf.clone()),
                    ("id_number", "095 085 123 456".to_owned()),
                    ("residence", ward),
                    ("option", opt),
                ])
            };
            set.spawn(async move { r.send().await.expect("POST").status().as_u16() });
        }
        let statuses: Vec<u16> = set.join_all().await;
        let counted = statuses.iter().filter(|s| **s == 303).count();
        let refused = statuses.iter().filter(|s| **s == 422).count();
        assert_eq!((counted, refused), (1, 49), "{statuses:?}");
        assert_eq!(stored(&w, poll).await, (1, 1, 1));
    }

    async fn a_ballot_at_the_desk_blocks_the_online_ballot_and_the_reverse(backend: Backend) {
        let w = world(backend).await;
        let poll = poll_in(&w, Kind::Single, false, false).await;
        let opts = options(&w, poll).await;
        let desk = w.app.new_client();
        let d_csrf = w.app.login(&desk, "mot.cua").await;
        let r = desk_ballot(&w, &desk, &d_csrf, poll, CITIZEN_ID, w.ward, &[&opts[0]]).await;
        assert_eq!(r.status(), 303);
        let citizen = w.app.new_client();
        let c_csrf = w.app.login(&citizen, CITIZEN).await;
        let page = w.app.get(&citizen, &format!("/tham-do/{poll}")).await.text().await.unwrap();
        assert!(page.contains(r#"data-state="voted""#), "the desk ballot counts for the account");
        let r = ballot(&w, &citizen, &c_csrf, poll, &[&opts[1]]).await;
        assert_eq!(r.status(), 422);
        // Another poll: the person votes online first, then the desk is refused.
        let second = poll_in(&w, Kind::Single, false, false).await;
        let opts = options(&w, second).await;
        assert_eq!(ballot(&w, &citizen, &c_csrf, second, &[&opts[2]]).await.status(), 303);
        let r = desk_ballot(&w, &desk, &d_csrf, second, CITIZEN_ID, w.ward, &[&opts[0]]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="poll-refusal""#));
        assert_eq!(stored(&w, poll).await, (1, 1, 1));
        assert_eq!(stored(&w, second).await, (1, 1, 1));
    }

    async fn bad_ballots_are_refused_with_a_message_and_nothing_stored(backend: Backend) {
        let w = world(backend).await;
        let poll = poll_in(&w, Kind::Single, false, false).await;
        let closed = poll_in(&w, Kind::Single, true, false).await;
        let multiple = poll_in(&w, Kind::Multiple, false, false).await;
        let opts = options(&w, poll).await;
        let theirs = options(&w, closed).await;
        let many = options(&w, multiple).await;
        let c = w.app.new_client();
        let csrf = w.app.login(&c, CITIZEN).await;
        let cases: Vec<(PollId, Vec<&str>, &str)> = vec![
            (closed, vec![theirs[0].as_str()], "đã kết thúc"),
            (poll, vec![theirs[0].as_str()], "không thuộc cuộc thăm dò này"),
            (poll, vec!["không-phải-mã"], "không thuộc cuộc thăm dò này"),
            (poll, vec![], "ít nhất một phương án"),
            (poll, vec![opts[0].as_str(), opts[1].as_str()], "chỉ được chọn một"),
            (multiple, vec![many[0].as_str(), many[1].as_str(), many[2].as_str()], "tối đa 2"),
        ];
        for (target, chosen, says) in cases {
            let r = ballot(&w, &c, &csrf, target, &chosen).await;
            assert_eq!(r.status(), 422, "{chosen:?}");
            let body = r.text().await.unwrap();
            assert!(body.contains(says), "{chosen:?} should say «{says}»");
        }
        for p in [poll, closed, multiple] {
            assert_eq!(stored(&w, p).await, (0, 0, 0));
        }
        // Not verified, and verified elsewhere.
        for (login, says) in [(UNVERIFIED, "chưa được xác minh"), (ELSEWHERE, "cư dân của đơn vị khác")] {
            let other = w.app.new_client();
            let csrf = w.app.login(&other, login).await;
            let r = ballot(&w, &other, &csrf, poll, &[&opts[0]]).await;
            assert_eq!(r.status(), 422, "{login}");
            assert!(r.text().await.unwrap().contains(says), "{login}");
        }
        // Without the form's token, and without signing in.
        let r = c
            .post(w.app.url(&format!("/tham-do/{poll}/bo-phieu")))
            .form(&[("option", opts[0].as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let anon = w.app.new_client();
        let r = anon
            .post(w.app.url(&format!("/tham-do/{poll}/bo-phieu")))
            .form(&[("option", opts[0].as_str())])
            .send()
            .await
            .unwrap();
        assert!(r.status() == 401 || r.status() == 403 || r.status() == 303, "{}", r.status());
        // At the desk: a mistyped number, a residence outside the poll, another ward's desk.
        let desk = w.app.new_client();
        let d_csrf = w.app.login(&desk, "mot.cua").await;
        let r = desk_ballot(&w, &desk, &d_csrf, poll, "09508512345", w.ward, &[&opts[0]]).await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains(r#"id="id_number-error""#) && body.contains("thiếu 1"), "the number's slip is named");
        let r = desk_ballot(&w, &desk, &d_csrf, poll, CITIZEN_ID, w.other, &[&opts[0]]).await;
        assert_eq!(r.status(), 404, "the ward's desk does not act for the other ward");
        let far = w.app.new_client();
        let f_csrf = w.app.login(&far, "mot.cua.khac").await;
        let r = desk_ballot(&w, &far, &f_csrf, poll, "095190654321", w.other, &[&opts[0]]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("cư dân của đơn vị khác"));
        assert_eq!(stored(&w, poll).await, (0, 0, 0));
    }

    async fn results_stay_hidden_until_the_close_then_show_counts_shares_and_a_csv(backend: Backend) {
        let w = world(backend).await;
        let poll = poll_in(&w, Kind::Single, false, false).await;
        let opts = options(&w, poll).await;
        let desk = w.app.new_client();
        let csrf = w.app.login(&desk, "mot.cua").await;
        for (i, n) in ["095085000001", "095085000002", "095185000003"].iter().enumerate() {
            let pick = if i < 2 { &opts[1] } else { &opts[2] };
            assert_eq!(desk_ballot(&w, &desk, &csrf, poll, n, w.ward, &[pick]).await.status(), 303);
        }
        if let motcua_store::Db::Postgres(p, _) = &w.app.db {
            // Every option row was written by the last ballot, whatever it chose: no row's
            // transaction id points at the last voter who chose it.
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT xmin::text FROM poll_option WHERE poll_id = $1",
            )
            .bind(poll.to_string())
            .fetch_all(p)
            .await
            .unwrap();
            assert_eq!(ids.len(), 1, "{ids:?}");
        }
        let anon = w.app.new_client();
        let page = w.app.get(&anon, &format!("/tham-do/{poll}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="poll-results-hidden""#));
        assert!(!page.contains("66.7"), "no share leaks while open");
        assert_eq!(w.app.get(&anon, &format!("/tham-do/{poll}/ket-qua.csv")).await.status(), 409);
        let api: serde_json::Value =
            w.app.get(&anon, &format!("/api/v1/polls/{poll}")).await.json().await.unwrap();
        assert_eq!(api["results_shown"], false);
        assert!(api["voters"].is_null() && api["options"][1]["votes"].is_null(), "{api}");
        // The poll closes.
        let sql = "UPDATE poll SET closes_at = opens_at WHERE poll_id = $1";
        match &w.app.db {
            motcua_store::Db::Sqlite(p, _) => sqlx::query(sql).bind(poll.to_string()).execute(p).await.map(|_| ()),
            motcua_store::Db::Postgres(p, _) => sqlx::query(sql).bind(poll.to_string()).execute(p).await.map(|_| ()),
        }
        .unwrap();
        let page = w.app.get(&anon, &format!("/tham-do/{poll}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="poll-results-table""#));
        assert!(page.contains("66.7 %") && page.contains("33.3 %"), "shares of the voters");
        let csv = w.app.get(&anon, &format!("/tham-do/{poll}/ket-qua.csv")).await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.contains("Thứ Bảy,2,66.7"), "{csv}");
        assert!(csv.contains("tong_so_nguoi_bo_phieu,3"), "{csv}");
        assert!(csv.contains("kenh_desk,3"), "{csv}");
        let api: serde_json::Value =
            w.app.get(&anon, &format!("/api/v1/polls/{poll}")).await.json().await.unwrap();
        assert_eq!((api["phase"].as_str(), api["voters"].as_i64()), (Some("closed"), Some(3)));
        assert_eq!(api["options"][1]["votes"], 2);
        assert_eq!(api["options"][1]["share"], 66.7);
        let list: serde_json::Value =
            w.app.get(&anon, "/api/v1/polls?limit=1").await.json().await.unwrap();
        assert_eq!((list["total"].as_i64(), list["polls"].as_array().map(Vec::len)), (Some(1), Some(1)));
        assert_eq!(w.app.get(&anon, "/api/v1/polls/khong-co").await.status(), 404);
        assert_eq!(w.app.get(&anon, "/api/v1/polls?limit=abc").await.status(), 400);
    }

    async fn a_live_poll_shows_its_count_while_open(backend: Backend) {
        let w = world(backend).await;
        let poll = poll_in(&w, Kind::Multiple, false, true).await;
        let opts = options(&w, poll).await;
        let c = w.app.new_client();
        let csrf = w.app.login(&c, CITIZEN).await;
        assert_eq!(ballot(&w, &c, &csrf, poll, &[&opts[0], &opts[2]]).await.status(), 303);
        let page = w.app.get(&c, &format!("/tham-do/{poll}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="poll-results-table""#));
        assert!(page.contains("100.0 %"), "each of the two marked options has the one voter");
        assert_eq!(stored(&w, poll).await, (1, 1, 2));
    }

    async fn verifying_an_account_refuses_what_the_desk_cannot_vouch_for(backend: Backend) {
        let w = world(backend).await;
        let desk = w.app.new_client();
        let csrf = w.app.login(&desk, "mot.cua").await;
        let cases = [
            ("0900000000", "095085999999", "Không có tài khoản"),
            (UNVERIFIED, "12345", "field-error"),
            // The citizen's number is bound to their account already.
            (UNVERIFIED, CITIZEN_ID, "đã gắn với một tài khoản khác"),
            (CITIZEN, "095085999999", "đã được xác minh"),
            ("mot.cua.khac", "095085999998", "không phải tài khoản công dân"),
        ];
        for (login, id, says) in cases {
            let r = verify(&w, &desk, &csrf, login, id, w.ward).await;
            assert_eq!(r.status(), 422, "{login} {id}");
            assert!(r.text().await.unwrap().contains(says), "{login} {id}: «{says}»");
        }
        let r = verify(&w, &desk, &csrf, UNVERIFIED, "095085999999", w.other).await;
        assert_eq!(r.status(), 404, "the ward's desk does not vouch for the other ward");
        let user = w.app.user_id_of(UNVERIFIED).await;
        assert!(polls::citizen_identity(&w.app.db, user).await.unwrap().is_none());
        // A citizen cannot verify anyone, nor put a poll.
        let c = w.app.new_client();
        w.app.login(&c, CITIZEN).await;
        assert_eq!(w.app.get(&c, "/tham-do/xac-minh").await.status(), 403);
        assert_eq!(w.app.get(&c, "/tham-do/moi").await.status(), 403);
    }

    async fn a_bad_poll_is_refused_field_by_field_and_nothing_is_stored(backend: Backend) {
        let w = world(backend).await;
        let m = w.app.new_client();
        let csrf = w.app.login(&m, "kiem.duyet").await;
        let long = "x".repeat(400);
        let r = m
            .post(w.app.url("/tham-do/moi"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("unit", &w.ward.to_string()),
                ("title", long.as_str()),
                ("question", ""),
                ("options", "Một phương án"),
                ("kind", "single"),
                ("opens_at", "2026-13-40T25:00"),
                ("closes_at", "2020-01-01T08:00"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        for field in ["title", "question", "options", "opens_at"] {
            assert!(body.contains(&format!(r#"id="{field}-error""#)), "{field} has its message");
        }
        assert_eq!(polls::list(&w.app.db, 0, 10).await.unwrap().1, 0);
    }
}
