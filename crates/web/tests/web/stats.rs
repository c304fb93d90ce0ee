//! Leaders' statistics (issue 26): the dashboard's figures are recounted by brute force from
//! the raw dossier rows and must agree, on both databases; every figure's list holds as many
//! dossiers as the figure says; bad periods, versions, lists and units are refused clearly.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::lifecycle::{Channel, Status, Timeliness};
use motcua_domain::dossier::record::{Digital, Gateway};
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::role::Role;
use motcua_domain::stats::Month;
use motcua_store::AuditContext;
use motcua_store::dossiers::{self, EventRecord, ImportedDossier, RatingRecord};
use serde_json::json;

use crate::dossier_fixtures::*;
use crate::helpers::{Backend, TestApp, new_client};
use motcua_test_support::backend_test;

const PROVINCE_ROW: &str = "2.001610,Đăng ký thành lập doanh nghiệp tư nhân,Doanh nghiệp,province,H15,working_days,3,3,50.000 đồng,50000,Giấy đề nghị đăng ký doanh nghiệp; bản chính; 1,\"Tiếp nhận; desk_officer; 1|Thẩm định; specialist; 1|Ký; head; 1\",2025-07-01,Luật Doanh nghiệp 2020,full,yes\n";

/// A small deterministic generator: the same "random" history on every run and backend.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Loads `n` past dossiers in both communes, cloned from a live one and spread over the last
/// fourteen months: open, awaiting a supplement, finished early, on time, late or while
/// awaiting; some rated; some received at 00:30 on the 1st in Vietnam (still the last day of
/// the month before in UTC).
async fn load_history(w: &World, template: DossierId, n: usize) {
    let base = dossiers::get(&w.app.db, template).await.expect("template");
    let now = Utc::now();
    let mut rng = Lcg(26);
    let mut items = Vec::new();
    for i in 0..n {
        let mut d = base.clone();
        d.id = DossierId::new();
        d.code = format!("LS-{i:05}");
        d.logbook_number = 10_000 + i64::try_from(i).unwrap();
        d.version = 1;
        if rng.next(3) == 0 {
            d.receiving_unit = w.other;
            d.handling_unit = w.other;
        }
        d.channel = Channel::ALL[usize::try_from(rng.next(3)).unwrap()];
        if rng.next(4) == 0 {
            d.procedure_code = SAME_DAY.into();
        }
        let days_ago = i64::try_from(rng.next(420)).unwrap() + 1;
        d.received_at = if i % 17 == 0 {
            // 00:30 on the first of a month, Vietnam time.
            let m = Month::of(now - Duration::days(days_ago));
            m.start() + Duration::minutes(30)
        } else {
            now - Duration::days(days_ago)
                - Duration::minutes(i64::try_from(rng.next(600)).unwrap())
        };
        d.submitted_at = d.received_at;
        let limit = Duration::days(i64::try_from(rng.next(20)).unwrap() + 2);
        d.original_due_at = d.received_at + limit;
        d.due_at = Some(d.original_due_at);
        let mut rating = None;
        match rng.next(6) {
            0 => {
                d.status = Status::InProgress;
            }
            1 => {
                d.status = Status::AwaitingSupplement;
                d.due_at = None;
                d.supplement_requested_at = Some(d.received_at + Duration::days(1));
            }
            k => {
                let took = match k {
                    2 => limit / 2,
                    3 => limit - Duration::minutes(30),
                    4 => limit + Duration::days(3),
                    _ => limit,
                };
                let end = (d.received_at + took).min(now - Duration::minutes(1));
                d.status = if k == 5 {
                    Status::Stopped
                } else {
                    Status::Returned
                };
                if k == 5 {
                    // Stopped while the applicant held it for a supplement: no clock.
                    d.due_at = None;
                }
                d.finished_at = Some(end);
                d.outcome = d.due_at.map(|due| Timeliness::of(end, due));
                if rng.next(2) == 0 {
                    rating = Some(RatingRecord {
                        rated_at: end,
                        scores_json: "{}".into(),
                        average_hundredths: i64::try_from(rng.next(201)).unwrap(),
                        comment: String::new(),
                    });
                }
            }
        }
        d.step_index = None;
        d.step_role = None;
        d.step_user = None;
        // Decision 766's facts at random, each independent of the others (paid online
        // without a fee too), so that every combination the index counts is exercised.
        d.digital = Digital {
            fee_bearing: rng.next(2) == 0,
            paid_online: match rng.next(3) {
                0 => Some(Gateway::Portal),
                1 => Some(Gateway::Province),
                _ => None,
            },
            paper_result: rng.next(4) != 0,
            e_result: d.finished_at.is_some() && rng.next(2) == 0,
            components_digitised: rng.next(2) == 0,
            reused_data: rng.next(4) == 0,
            from_portal_store: rng.next(5) == 0,
            synced_at: (rng.next(10) != 0).then(|| d.received_at + Duration::minutes(40)),
        };
        let hand_over = EventRecord {
            seq: 1,
            at: d.received_at + Duration::hours(2),
            action: "hand_over".into(),
            actor: Some(w.specialist_user),
            actor_name: "Chuyên viên".into(),
            to_status: d.status.code().into(),
            step_name: Some("Thẩm định".into()),
            timeliness: Some(if rng.next(4) == 0 {
                Timeliness::Late
            } else {
                Timeliness::OnTime
            }),
            ..EventRecord::default()
        };
        items.push(ImportedDossier {
            dossier: d,
            documents: Vec::new(),
            events: vec![hand_over],
            rating,
        });
    }
    let mut tx = w.app.db.begin().await.expect("tx");
    dossiers::import(&mut tx, &AuditContext::system(), &items)
        .await
        .expect("import");
    tx.commit().await.expect("commit");
}

/// The figures of `[start, end)` judged at `at`, counted from raw rows by the definitions.
#[derive(Debug, Default, PartialEq, Eq)]
struct Brute {
    received: [i64; 3],
    early: i64,
    on_time: i64,
    late: i64,
    unclocked: i64,
    open_within: i64,
    open_over: i64,
    awaiting: i64,
    /// Ratings below 1.00 of dossiers finished in the period (not shown as a figure).
    dissatisfied: i64,
}

type RawRow = (
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<i64>,
);

async fn raw_rows(app: &TestApp) -> Vec<RawRow> {
    const SQL: &str = "SELECT d.receiving_unit_id, d.channel, d.received_at, d.due_at, \
        d.finished_at, d.outcome, r.average FROM dossier d \
        LEFT JOIN dossier_rating r ON r.dossier_id = d.dossier_id";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    }
}

fn brute(rows: &[RawRow], units: &[UnitId], start: DateTime<Utc>, end: DateTime<Utc>) -> Brute {
    let at = end.min(Utc::now());
    let mut b = Brute::default();
    for (unit, channel, received, due, finished, outcome, rating) in rows {
        if !units.iter().any(|u| u.to_string() == *unit) {
            continue;
        }
        if *received >= start && *received < end {
            let i = ["desk", "online", "post"]
                .iter()
                .position(|c| c == channel)
                .unwrap();
            b.received[i] += 1;
        }
        match finished {
            Some(f) if *f >= start && *f < end => {
                match outcome.as_deref() {
                    Some("early") => b.early += 1,
                    Some("on_time") => b.on_time += 1,
                    Some("late") => b.late += 1,
                    _ => b.unclocked += 1,
                }
                b.dissatisfied += i64::from(rating.is_some_and(|r| r < 100));
            }
            Some(f) if *f < start => {}
            _ if *received < end => match due {
                None => b.awaiting += 1,
                Some(d) if *d >= at => b.open_within += 1,
                Some(_) => b.open_over += 1,
            },
            _ => {}
        }
    }
    b
}

/// A dossier's unit, procedure, channel, received and finished times and Decision 766 facts.
#[derive(sqlx::FromRow)]
struct FactRow {
    receiving_unit_id: String,
    procedure_code: String,
    channel: String,
    received_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    fee_bearing: bool,
    paid_online: Option<String>,
    paper_result: bool,
    e_result: bool,
    components_digitised: bool,
    reused_data: bool,
    from_portal_store: bool,
    synced_at: Option<DateTime<Utc>>,
}

async fn fact_rows(app: &TestApp) -> Vec<FactRow> {
    const SQL: &str = "SELECT receiving_unit_id, procedure_code, channel, received_at, \
        finished_at, fee_bearing, paid_online, paper_result, e_result, components_digitised, \
        reused_data, from_portal_store, synced_at FROM dossier";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    }
}

/// Each indicator's (numerator, denominator) over `[start, end)`, counted from the raw rows
/// and the catalogue by the formulas of docs/STATS.md, by code.
fn brute_766(
    rows: &[FactRow],
    catalogue: &[(String, String, Option<i64>)],
    units: &[UnitId],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<(&'static str, i64, i64)> {
    let mine: Vec<&FactRow> = rows
        .iter()
        .filter(|r| units.iter().any(|u| u.to_string() == r.receiving_unit_id))
        .collect();
    let received: Vec<&&FactRow> = mine
        .iter()
        .filter(|r| r.received_at >= start && r.received_at < end)
        .collect();
    let finished: Vec<&&FactRow> = mine
        .iter()
        .filter(|r| r.finished_at.is_some_and(|f| f >= start && f < end))
        .collect();
    let count = |rows: &[&&FactRow], f: &dyn Fn(&FactRow) -> bool| {
        i64::try_from(rows.iter().filter(|r| f(r)).count()).unwrap()
    };
    let n = |v: usize| i64::try_from(v).unwrap();
    let online: Vec<&str> = catalogue
        .iter()
        .filter(|(_, level, _)| level != "none")
        .map(|(c, _, _)| c.as_str())
        .collect();
    let fee: Vec<&str> = catalogue
        .iter()
        .filter(|(_, _, fee)| fee.is_some_and(|a| a > 0))
        .map(|(c, _, _)| c.as_str())
        .collect();
    let used = online
        .iter()
        .filter(|c| {
            received
                .iter()
                .any(|r| r.procedure_code == **c && r.channel == "online")
        })
        .count();
    let paid = fee
        .iter()
        .filter(|c| {
            received
                .iter()
                .any(|r| r.procedure_code == **c && r.fee_bearing && r.paid_online.is_some())
        })
        .count();
    vec![
        (
            "1.4",
            count(&received, &|r| r.synced_at.is_some()),
            n(received.len()),
        ),
        ("3.1", n(online.len()), n(catalogue.len())),
        ("3.2", n(used), n(online.len())),
        ("3.5", n(paid), n(fee.len())),
        (
            "3.6",
            count(&received, &|r| r.fee_bearing && r.paid_online.is_some()),
            count(&received, &|r| r.fee_bearing),
        ),
        (
            "4.1",
            count(&finished, &|r| r.paper_result && r.e_result),
            count(&finished, &|r| r.paper_result),
        ),
        (
            "4.2",
            count(&finished, &|r| {
                r.components_digitised && (r.e_result || !r.paper_result)
            }),
            n(finished.len()),
        ),
        (
            "4.3",
            count(&received, &|r| r.reused_data),
            n(received.len()),
        ),
        (
            "4.4",
            count(&received, &|r| r.from_portal_store),
            n(received.len()),
        ),
    ]
}

/// The catalogue in force today at `levels`: (code, online level, fee) of each procedure's
/// latest version that has started, if its level is one of them.
async fn catalogue_today(app: &TestApp, levels: &[&str]) -> Vec<(String, String, Option<i64>)> {
    const SQL: &str = "SELECT code, online_level, fee_amount_vnd, effective_from, level \
        FROM procedure_version ORDER BY code, effective_from";
    let rows: Vec<(String, String, Option<i64>, chrono::NaiveDate, String)> = match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    };
    let today = motcua_domain::vn_date(Utc::now());
    let mut latest: Vec<(String, String, Option<i64>, String)> = Vec::new();
    for (code, online, fee, _, level) in rows.into_iter().filter(|r| r.3 <= today) {
        latest.retain(|(c, _, _, _)| *c != code);
        latest.push((code, online, fee, level));
    }
    latest
        .into_iter()
        .filter(|(_, _, _, level)| levels.contains(&level.as_str()))
        .map(|(code, online, fee, _)| (code, online, fee))
        .collect()
}

/// The number shown with `id` on a page.
fn figure(html: &str, id: &str) -> i64 {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} on the page"));
    let rest = &html[at..];
    let from = rest.find('>').unwrap() + 1;
    let to = rest[from..].find('<').unwrap() + from;
    rest[from..to]
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{id}: {}", &rest[from..to]))
}

async fn dashboard_figures(app: &TestApp, client: &reqwest::Client, query: &str) -> Brute {
    let r = app.get(client, &format!("/thong-ke?{query}")).await;
    assert_eq!(r.status(), 200, "{query}");
    let html = r.text().await.unwrap();
    Brute {
        received: [
            figure(&html, "fig-received-desk"),
            figure(&html, "fig-received-online"),
            figure(&html, "fig-received-post"),
        ],
        early: figure(&html, "fig-early"),
        on_time: figure(&html, "fig-on-time"),
        late: figure(&html, "fig-late"),
        unclocked: figure(&html, "fig-unclocked"),
        open_within: figure(&html, "fig-open-within"),
        open_over: figure(&html, "fig-open-over"),
        awaiting: figure(&html, "fig-awaiting"),
        dissatisfied: 0,
    }
}

async fn seeded(backend: Backend) -> (World, reqwest::Client) {
    let w = World::new(backend).await;
    // Live paths first: intake, a hand-over, a refusal; then the loaded history.
    let a = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
    let b = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
    intake(&w.app, &w.desk, &desk_intake(SAME_DAY)).await;
    act_ok(&w.app, &w.desk, a["id"].as_str().unwrap(), &hand_over(1)).await;
    act_ok(
        &w.app,
        &w.head,
        b["id"].as_str().unwrap(),
        &json!({"action": "refuse", "version": 1, "reason": "Không thuộc thẩm quyền"}),
    )
    .await;
    let template = DossierId::parse(a["id"].as_str().unwrap()).unwrap();
    load_history(&w, template, 240).await;
    let leader = w
        .app
        .create_user_in(
            "lanh.dao.tinh",
            Some(w.province),
            &[(Role::Head, Some(w.province))],
        )
        .await;
    let _ = leader;
    // One procedure fully online, one partly (SAME_DAY_ROW), one not: 3.1 and 3.2 have a
    // numerator below their denominator.
    exec(
        &w.app,
        "UPDATE procedure_version SET online_level = 'full' WHERE code = '1.000894'",
    )
    .await;
    exec(
        &w.app,
        "UPDATE procedure_version SET online_level = 'partial' WHERE code = '2.000815'",
    )
    .await;
    // A province procedure, which a commune's view does not count as its own, and an office
    // inside the commune, which works at the commune's level.
    w.app.import_procedures(PROVINCE_ROW).await;
    w.app
        .create_unit(
            "H15.50.05.13.01",
            "Bộ phận Một cửa phường",
            "agency",
            Some(w.commune),
        )
        .await;
    load_petitions(&w).await;
    let client = new_client();
    w.app.login(&client, "lanh.dao.tinh").await;
    (w, client)
}

/// Petitions through the live paths (registered, classified, one withdrawn) and 200 more
/// loaded in bulk, cloned from the first: every kind, both communes, open, closed on time or
/// late, with and without a due date, received over fourteen months.
async fn load_petitions(w: &World) {
    let handler = w
        .app
        .create_user_in(
            "xu.ly.don",
            Some(w.commune),
            &[(Role::PetitionHandler, Some(w.commune))],
        )
        .await;
    let (token, _) = w
        .app
        .create_token(handler, &["petitions:read", "petitions:write"])
        .await;
    let post = |path: String, body: serde_json::Value| {
        let (app, token) = (&w.app, token.clone());
        async move {
            let r = app
                .client
                .post(app.url(&path))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(
                r.status().is_success(),
                "{path}: {}",
                r.text().await.unwrap_or_default()
            );
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let letter = json!({
        "kind": "kien_nghi", "source": "post", "subject": "Kiến nghị sửa đường",
        "content": "Đường ấp Đông xuống cấp, đề nghị sửa chữa.",
        "sender_name": "Lê Văn Tư", "sender_address": "Ấp Đông",
    });
    let mut first = None;
    for i in 0..3 {
        let p = post("/api/v1/petitions".into(), letter.clone()).await;
        let id = p["id"].as_str().unwrap().to_owned();
        let action = if i == 2 {
            json!({"action": "withdraw", "text": "Đã được giải quyết"})
        } else {
            json!({"action": "classify"})
        };
        let mut body = action;
        body["version"] = p["version"].clone();
        post(format!("/api/v1/petitions/{id}/actions"), body).await;
        first.get_or_insert(id);
    }
    let template = motcua_store::petitions::get(
        &w.app.db,
        motcua_domain::ids::PetitionId::parse(first.as_deref().unwrap()).unwrap(),
    )
    .await
    .unwrap();
    let now = Utc::now();
    let mut rng = Lcg(766);
    let kinds = ["khieu_nai", "to_cao", "kien_nghi", "phan_anh"];
    let mut items = Vec::new();
    for i in 0..200 {
        let mut p = template.clone();
        p.id = motcua_domain::ids::PetitionId::new();
        p.code = format!("DT-{i:05}");
        p.version = 1;
        p.kind = kinds[usize::try_from(rng.next(4)).unwrap()].into();
        if rng.next(3) == 0 {
            p.unit = w.other;
        }
        p.received_at = now
            - Duration::days(i64::try_from(rng.next(420)).unwrap())
            - Duration::minutes(i64::try_from(rng.next(900)).unwrap());
        p.due_at = (rng.next(8) != 0)
            .then(|| p.received_at + Duration::days(i64::try_from(rng.next(60)).unwrap() + 1));
        p.closed_at = match rng.next(3) {
            0 => None,
            _ => Some(
                (p.received_at + Duration::days(i64::try_from(rng.next(70)).unwrap()))
                    .min(now - Duration::minutes(1)),
            ),
        };
        items.push(motcua_store::petitions::ImportedPetition {
            record: p,
            events: Vec::new(),
            handlers: Vec::new(),
            bands: Vec::new(),
        });
    }
    let mut tx = w.app.db.begin().await.unwrap();
    motcua_store::petitions::import(&mut tx, &AuditContext::system(), &items)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Petitions by kind over `[start, end)` judged at `at`, counted from the raw rows by the
/// definitions: (kind, received, closed on time, closed late, open within, open over, open
/// since before `long_before`).
async fn brute_petitions(
    app: &TestApp,
    units: &[UnitId],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    at: DateTime<Utc>,
    long_before: DateTime<Utc>,
) -> Vec<(String, [i64; 6])> {
    type Row = (
        String,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    const SQL: &str = "SELECT unit_id, kind, received_at, due_at, closed_at FROM petition";
    let rows: Vec<Row> = match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    };
    let mut by: std::collections::BTreeMap<String, [i64; 6]> = std::collections::BTreeMap::new();
    for (unit, kind, received, due, closed) in rows {
        if !units.iter().any(|u| u.to_string() == unit)
            || received >= end
            || closed.is_some_and(|c| c < start)
        {
            continue;
        }
        let n = by.entry(kind).or_default();
        n[0] += i64::from(received >= start);
        match closed {
            Some(c) if c < end => {
                if due.is_some_and(|d| c > d) {
                    n[2] += 1
                } else {
                    n[1] += 1
                }
            }
            _ => {
                if due.is_some_and(|d| d < at) {
                    n[4] += 1
                } else {
                    n[3] += 1
                }
                n[5] += i64::from(received < long_before);
            }
        }
    }
    by.into_iter().collect()
}

backend_test! {
    async fn dashboard_figures_match_a_recount_of_the_raw_rows(backend: Backend) {
        let (w, client) = seeded(backend).await;
        let rows = raw_rows(&w.app).await;
        let now = Utc::now();
        let current = Month::of(now);
        let both = [w.province, w.commune, w.other];
        let periods = [
            (current, current),
            (current.plus(-1), current.plus(-1)),
            (current.plus(-5), current.plus(-3)),
            (current.plus(-13), current),
            (current.plus(-11), current.plus(-11)),
        ];
        for (first, last) in periods {
            for (unit, units) in [
                (w.province, both.to_vec()),
                (w.commune, vec![w.commune]),
                (w.other, vec![w.other]),
            ] {
                let q = format!("tu={first}&den={last}&don_vi={unit}");
                let shown = dashboard_figures(&w.app, &client, &q).await;
                let counted = brute(&rows, &units, first.start(), last.end());
                assert_eq!(shown.received, counted.received, "{q}");
                assert_eq!(
                    (shown.early, shown.on_time, shown.late, shown.unclocked),
                    (counted.early, counted.on_time, counted.late, counted.unclocked),
                    "{q}"
                );
                assert_eq!(
                    (shown.open_within, shown.open_over, shown.awaiting),
                    (counted.open_within, counted.open_over, counted.awaiting),
                    "{q}"
                );
                // The list behind "late" holds exactly the late ones.
                let r = w.app.get(&client, &format!("/thong-ke/ho-so?{q}&loai=tre-han")).await;
                let html = r.text().await.unwrap();
                assert_eq!(figure(&html, "list-total"), counted.late, "{q}");
                let r = w.app.get(&client, &format!("/thong-ke/ho-so?{q}&loai=dang-qua-han")).await;
                let html = r.text().await.unwrap();
                assert_eq!(figure(&html, "list-total"), counted.open_over, "{q}");
            }
        }
        // Never behind the data: a dossier received now is on the next view.
        let q = format!("tu={current}&den={current}&don_vi={}", w.commune);
        let before = dashboard_figures(&w.app, &client, &q).await;
        intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let after = dashboard_figures(&w.app, &client, &q).await;
        assert_eq!(after.received[0], before.received[0] + 1);
        assert_eq!(after.open_within + after.open_over, before.open_within + before.open_over + 1);
        // A history long enough to have something in every bucket, or the test proves little.
        let all = brute(&rows, &both, current.plus(-13).start(), current.end());
        assert!(all.early > 0 && all.on_time > 0 && all.late > 0 && all.unclocked > 0);
        assert!(all.open_within + all.open_over > 0 && all.awaiting > 0);
    }

    async fn petition_figures_match_a_recount_of_the_raw_rows(backend: Backend) {
        let (w, _) = seeded(backend).await;
        let now = Utc::now();
        let current = Month::of(now);
        let both = [w.province, w.commune, w.other];
        for (first, last) in [
            (current, current),
            (current.plus(-1), current.plus(-1)),
            (current.plus(-5), current.plus(-3)),
            (current.plus(-13), current),
            (current.plus(-23), current.plus(-12)),
        ] {
            let period = motcua_domain::stats::Period::new(first, last, current).unwrap();
            let at = last.end().min(now);
            // A cut-off inside a month, so that the month it falls in must be split by day.
            let long_before = at - Duration::days(45) - Duration::hours(7);
            for units in [both.to_vec(), vec![w.commune], vec![w.other]] {
                let shown = motcua_store::stats::petition_figures(&w.app.db, Some(&units), period, at, long_before)
                    .await
                    .unwrap();
                let shown: Vec<(String, [i64; 6])> = shown
                    .into_iter()
                    .map(|c| (c.kind, [c.received, c.closed_on_time, c.closed_late, c.open_within, c.open_over, c.open_long]))
                    .filter(|(_, n)| n.iter().any(|x| *x != 0))
                    .collect();
                let counted = brute_petitions(&w.app, &units, first.start(), last.end(), at, long_before).await;
                let counted: Vec<_> = counted.into_iter().filter(|(_, n)| n.iter().any(|x| *x != 0)).collect();
                assert_eq!(shown, counted, "{first}..{last}");
            }
        }
        // Something in every bucket over the whole history, or the test proves little.
        let all = brute_petitions(&w.app, &both, current.plus(-14).start(), current.end(), now, now - Duration::days(45)).await;
        let total = all.iter().fold([0i64; 6], |mut t, (_, n)| {
            for (a, b) in t.iter_mut().zip(n) { *a += b; }
            t
        });
        assert!(total.iter().all(|n| *n > 0), "{total:?}");
    }

    async fn the_index_shows_its_numbers_and_the_tables_export(backend: Backend) {
        let (w, client) = seeded(backend).await;
        let current = Month::of(Utc::now());
        let q = format!("tu={}&den={current}&don_vi={}", current.plus(-11), w.province);
        let html = w.app.get(&client, &format!("/thong-ke?{q}")).await.text().await.unwrap();
        let rows = raw_rows(&w.app).await;
        let b = brute(&rows, &[w.province, w.commune, w.other], current.plus(-11).start(), current.end());
        // 2.1: early, on time, unclocked and open within the limit or awaiting, over every
        // dossier finished in the period or open at its end.
        let num = b.early + b.on_time + b.unclocked + b.open_within + b.awaiting;
        let den = num + b.late + b.open_over;
        let row = &html[html.find("id=\"indicator-2.1\"").unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!(">{num}<")), "{row}");
        assert!(row.contains(&format!(">{den}<")), "{row}");
        // Both numbers open the dossiers they count.
        for (kind, n) in [("dung-han-766", num), ("da-va-dang-giai-quyet", den)] {
            let r = w.app.get(&client, &format!("/thong-ke/ho-so?{q}&loai={kind}")).await;
            assert_eq!(figure(&r.text().await.unwrap(), "list-total"), n, "{kind}");
        }
        // 3.3: received online over received.
        let row = &html[html.find("id=\"indicator-3.3\"").unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!(">{}<", b.received[1])), "{row}");
        assert!(row.contains(&format!(">{}<", b.received.iter().sum::<i64>())), "{row}");
        // 5.4: neither late, nor over the limit, nor rated dissatisfied, over the same.
        assert!(b.dissatisfied > 0, "the history should hold dissatisfied ratings");
        let row = &html[html.find("id=\"indicator-5.4\"").unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!(">{}<", den - b.late - b.open_over - b.dissatisfied)), "{row}");
        // Data the system lacks is named, not scored.
        assert!(html.contains("id=\"indicator-5.3\""));
        assert!(html[html.find("id=\"indicator-5.3\"").unwrap()..].contains("Thiếu dữ liệu"));
        // The indicators of the data motcua records for Decision 766, recounted from the raw
        // rows and the catalogue; each number opens a list of as many dossiers or procedures.
        let facts = fact_rows(&w.app).await;
        let catalogue = catalogue_today(&w.app, &["commune", "province"]).await;
        let counted = brute_766(
            &facts,
            &catalogue,
            &[w.province, w.commune, w.other],
            current.plus(-11).start(),
            current.end(),
        );
        let body = w.app.get(&client, &format!("/thong-ke/bang.csv?{q}&bang=chi-so")).await.text().await.unwrap();
        for (code, num, den) in &counted {
            assert!(*num > 0 && den >= num, "{code}: {num}/{den}: the history should exercise it");
            let line = body.lines().find(|l| l.starts_with(&format!("{code},"))).unwrap_or_else(|| panic!("{code}"));
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!((cells[2], cells[3]), (num.to_string().as_str(), den.to_string().as_str()), "{code}: {line}");
            let row = &html[html.find(&format!("id=\"indicator-{code}\"")).unwrap()..];
            let row = &row[..row.find("</tr>").unwrap()];
            let links: Vec<&str> = row.match_indices("href=\"").map(|(i, _)| {
                let rest = &row[i + 6..];
                &rest[..rest.find('"').unwrap()]
            }).collect();
            assert_eq!(links.len(), 2, "{code}: {row}");
            for (link, n) in links.iter().zip([num, den]) {
                let page = w.app.get(&client, &link.replace("&#38;", "&").replace("&amp;", "&")).await;
                assert_eq!(page.status(), 200, "{link}");
                assert_eq!(figure(&page.text().await.unwrap(), "list-total"), *n, "{code} {link}");
            }
        }

        let csv = w.app.get(&client, &format!("/thong-ke/bang.csv?{q}&bang=chi-so")).await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let body = csv.text().await.unwrap();
        assert!(body.lines().any(|l| l.starts_with(&format!("2.1,Hồ sơ giải quyết đúng hạn,{num},{den},"))), "{body}");
        let xlsx = w.app.get(&client, &format!("/thong-ke/bang.xlsx?{q}&bang=thu-tuc")).await;
        assert_eq!(xlsx.status(), 200);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
        let pdf = w.app.get(&client, &format!("/thong-ke/bao-cao.pdf?{q}")).await;
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
        let units = w.app.get(&client, &format!("/thong-ke/bang.csv?{q}&bang=don-vi")).await.text().await.unwrap();
        assert!(units.contains("Phường Bạc Liêu") && units.contains("Phường Vĩnh Trạch"), "{units}");

        // The public page needs no login and shows no dossier.
        let public = w.app.get(&new_client(), &format!("/thong-ke/cong-khai?thang={}", current.plus(-1))).await;
        assert_eq!(public.status(), 200);
        let page = public.text().await.unwrap();
        assert!(page.contains("Phường Bạc Liêu"));
        assert!(!page.contains("LS-0"));
    }

    async fn bad_views_get_a_clear_answer_never_a_500(backend: Backend) {
        let (w, client) = seeded(backend).await;
        let commune_head = w.app
            .create_user_in("lanh.dao.xa", Some(w.commune), &[(Role::Head, Some(w.commune))])
            .await;
        let _ = commune_head;
        let head = new_client();
        w.app.login(&head, "lanh.dao.xa").await;
        for (query, status, text) in [
            ("tu=2026-06&den=2026-02", 422, "Tháng kết thúc phải từ tháng bắt đầu trở đi"),
            ("tu=2026-13", 422, "Tháng không hợp lệ"),
            ("tu=hôm-qua", 422, "Tháng không hợp lệ"),
            ("tu=2005-01&den=2026-01", 422, "Kỳ thống kê dài tối đa"),
            ("tu=2199-01", 422, "chưa bắt đầu"),
            ("phien_ban=qd999", 422, "Không có phiên bản chỉ số này"),
        ] {
            let r = w.app.get(&client, &format!("/thong-ke?{query}")).await;
            assert_eq!(r.status(), status, "{query}");
            assert!(r.text().await.unwrap().contains(text), "{query}");
        }
        // A unit outside one's scope, an unknown one, and a malformed one: not found.
        for unit in [w.other.to_string(), w.province.to_string(), UnitId::new().to_string(), "x'--".into()] {
            let r = w.app.get(&head, &format!("/thong-ke?don_vi={unit}")).await;
            assert_eq!(r.status(), 404, "{unit}");
            let r = w.app.get(&head, &format!("/thong-ke/ho-so?don_vi={unit}&loai=tre-han")).await;
            assert_eq!(r.status(), 404, "{unit}");
        }
        // The commune head's own view counts only the commune's dossiers.
        let current = Month::of(Utc::now());
        let q = format!("tu={}&den={current}", current.plus(-13));
        let shown = dashboard_figures(&w.app, &head, &q).await;
        let rows = raw_rows(&w.app).await;
        let counted = brute(&rows, &[w.commune], current.plus(-13).start(), current.end());
        assert_eq!(shown, Brute { dissatisfied: 0, ..counted });
        // Its procedures are the commune's, its office's included: 3.1 counts no province one.
        let commune_procedures = catalogue_today(&w.app, &["commune"]).await;
        let csv = w.app.get(&head, &format!("/thong-ke/bang.csv?{q}&bang=chi-so")).await.text().await.unwrap();
        let line = csv.lines().find(|l| l.starts_with("3.1,")).unwrap();
        let online = commune_procedures.iter().filter(|p| p.1 != "none").count();
        assert!(line.starts_with(&format!("3.1,TTHC cung cấp DVC trực tuyến,{online},{},", commune_procedures.len())), "{line}");
        let r = w.app.get(&client, "/thong-ke/ho-so?loai=khong-co").await;
        assert_eq!(r.status(), 422);
        let r = w.app.get(&client, "/thong-ke/bang.csv?bang=khong-co").await;
        assert_eq!(r.status(), 422);
        let r = w.app.get(&new_client(), "/thong-ke/cong-khai?thang=2026-99").await;
        assert_eq!(r.status(), 422);
        // A citizen and a desk officer do not lead a unit.
        let citizen = new_client();
        w.app.login(&citizen, "cong.dan").await;
        assert_eq!(w.app.get(&citizen, "/thong-ke").await.status(), 403);
        // Without a login: asked to sign in, shown no figure.
        let r = w.app.get(&new_client(), "/thong-ke").await;
        assert_eq!(r.status(), 401);
        assert!(!r.text().await.unwrap().contains("fig-received"));
    }
}

async fn exec(app: &TestApp, sql: &'static str) {
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
        motcua_store::Db::Postgres(p, _) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
    }
}

type Summary = (String, String, Option<String>, Option<Vec<u8>>);

async fn summaries(app: &TestApp) -> Vec<Summary> {
    const SQL: &str = "SELECT m.recipient, m.entity_id, m.attachment_name, f.content \
        FROM outbox_message m LEFT JOIN stored_file f ON f.sha256 = m.attachment_sha256 \
        WHERE m.entity_type = 'stats_summary' ORDER BY m.recipient";
    match &app.db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        motcua_store::Db::Postgres(p, _) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    }
}

backend_test! {
    async fn each_head_gets_last_months_summary_once_with_its_pdf(backend: Backend) {
        let (w, _) = seeded(backend).await;
        exec(&w.app, "UPDATE app_user SET email = 'chu.tich@xa.gov.vn' WHERE login = 'chu.tich'").await;
        exec(&w.app, "UPDATE app_user SET email = 'lanh.dao@tinh.gov.vn' WHERE login = 'lanh.dao.tinh'").await;
        // A second server on the same database, with its jobs running.
        let mut config = crate::helpers::test_config(w.app.database_url.clone());
        config.jobs.enabled = true;
        config.jobs.tick = std::time::Duration::from_millis(100);
        let jobs = TestApp::start(config).await;
        for _ in 0..300 {
            if summaries(&w.app).await.len() >= 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // More runs send nothing twice.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        jobs.stop().await;
        let found = summaries(&w.app).await;
        let month = Month::of(Utc::now()).plus(-1);
        assert_eq!(found.len(), 2, "{:?}", found.iter().map(|s| (&s.0, &s.1)).collect::<Vec<_>>());
        assert_eq!(found[0].0, "chu.tich@xa.gov.vn");
        assert_eq!(found[0].1, format!("{}:{month}", w.commune));
        assert_eq!(found[1].0, "lanh.dao@tinh.gov.vn");
        assert_eq!(found[1].1, format!("{}:{month}", w.province));
        for s in &found {
            assert_eq!(s.2.as_deref(), Some(format!("bao-cao-{month}.pdf").as_str()));
            assert!(s.3.as_ref().is_some_and(|pdf| pdf.starts_with(b"%PDF")));
        }
    }
}

backend_test! {
    async fn a_tally_rebuilt_from_the_dossiers_shows_the_same_figures_once(backend: Backend) {
        let (w, client) = seeded(backend).await;
        let current = Month::of(Utc::now());
        let q = format!("tu={}&den={current}&don_vi={}", current.plus(-13), w.province);
        let before = dashboard_figures(&w.app, &client, &q).await;
        let index = w.app.get(&client, &format!("/thong-ke/bang.csv?{q}&bang=chi-so")).await.text().await.unwrap();
        let page = w.app.get(&client, &format!("/thong-ke?{q}")).await.text().await.unwrap();
        let officers = &page[page.find("id=\"by-officer\"").unwrap()..];
        let officers = officers[..officers.find("</table>").unwrap()].to_owned();
        // As after the upgrade that added the tallies: empty, with dossiers in the table.
        exec(&w.app, "DELETE FROM dossier_tally").await;
        exec(&w.app, "DELETE FROM step_tally").await;
        exec(&w.app, "DELETE FROM petition_tally").await;
        assert_eq!(motcua_store::stats::backfill(&w.app.db).await.unwrap(), 243);
        assert_eq!(motcua_store::stats::backfill_petitions(&w.app.db).await.unwrap(), 203);
        assert_eq!(motcua_store::stats::backfill_petitions(&w.app.db).await.unwrap(), 0);
        // A second server starting next finds the tallies built and adds nothing.
        assert_eq!(motcua_store::stats::backfill(&w.app.db).await.unwrap(), 0);
        assert_eq!(dashboard_figures(&w.app, &client, &q).await, before);
        let again = w.app.get(&client, &format!("/thong-ke/bang.csv?{q}&bang=chi-so")).await.text().await.unwrap();
        assert_eq!(again, index);
        let page = w.app.get(&client, &format!("/thong-ke?{q}")).await.text().await.unwrap();
        let again = &page[page.find("id=\"by-officer\"").unwrap()..];
        assert_eq!(&again[..again.find("</table>").unwrap()], officers);
    }
}
