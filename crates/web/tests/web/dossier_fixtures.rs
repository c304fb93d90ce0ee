//! Shared arrangements for the dossier API tests: a province with two communes, the officers
//! of one commune (desk, specialist, head), an officer of the other, two citizens, a catalogue
//! whose procedures go desk → specialist → head, and small helpers to call the JSON API.

#![allow(dead_code)]

use base64::Engine as _;
use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
use motcua_calendar::{LegalTime, TimeLimit, WorkingCalendar};
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::role::Role;
use motcua_store::Db;
use serde_json::{Value, json};

use crate::helpers::*;

/// The receiving commune's agency code: dossier codes start with it.
pub const COMMUNE: &str = "H15.50.05.13";
pub const OTHER_COMMUNE: &str = "H15.50.05.14";
/// Đăng ký kết hôn: 5 legal / 3 committed working days; two required documents; steps
/// «Tiếp nhận, kiểm tra hồ sơ» (desk) → «Thẩm định» (specialist) → «Ký» (head).
pub const MARRIAGE: &str = "1.000894";
pub const MARRIAGE_DAYS: u32 = 3;
/// Chứng thực bản sao: returned the same day (the next working day after 15:00).
pub const SAME_DAY: &str = "2.000815";

pub const SAME_DAY_ROW: &str = "2.000815,Chứng thực bản sao từ bản chính,Chứng thực,commune,H15,same_day,1,1,2.000 đồng/trang,2000,Bản chính giấy tờ cần chứng thực; bản chính; 1|Bản sao cần chứng thực; bản sao; 1,\"Tiếp nhận, đối chiếu bản chính; desk_officer; 0.25|Ký chứng thực; head; 0.5|Trả kết quả; desk_officer; 0.25\",2025-07-01,Nghị định 23/2015/NĐ-CP\n";

pub const FULL_NAME: &str = "Nguyễn Văn An";
pub const MASKED_NAME: &str = "N***** V** A*";
pub const CITIZEN_ID: &str = "079085001234";
pub const PHONE: &str = "0912345678";
pub const EMAIL: &str = "an.nguyen@example.vn";

pub struct World {
    pub app: TestApp,
    pub province: UnitId,
    pub commune: UnitId,
    pub other: UnitId,
    pub desk: String,
    pub desk_user: UserId,
    pub specialist: String,
    pub specialist_user: UserId,
    pub head: String,
    pub citizen: String,
    pub citizen_user: UserId,
    /// Another citizen.
    pub stranger: String,
    /// The desk officer of the other commune.
    pub other_desk: String,
}

impl World {
    pub async fn new(backend: Backend) -> Self {
        Self::on(TestApp::spawn(backend).await).await
    }

    pub async fn with(backend: Backend, tweak: impl FnOnce(&mut motcua_web::Config)) -> Self {
        Self::on(TestApp::spawn_with(backend, tweak).await).await
    }

    /// Seeds units, users, tokens and the catalogue on `app`.
    pub async fn on(app: TestApp) -> Self {
        let province = app
            .create_unit("H15", "Tỉnh Cà Mau", "province", None)
            .await;
        let commune = app
            .create_unit(COMMUNE, "Phường Bạc Liêu", "commune", Some(province))
            .await;
        let other = app
            .create_unit(
                OTHER_COMMUNE,
                "Phường Vĩnh Trạch",
                "commune",
                Some(province),
            )
            .await;
        app.seed_catalogue().await;
        app.import_procedures(SAME_DAY_ROW).await;
        let officer = |login: &'static str, role: Role, unit: UnitId| {
            let app = &app;
            async move {
                let id = app
                    .create_user_in(login, Some(unit), &[(role, Some(unit))])
                    .await;
                let (token, _) = app
                    .create_token(id, &["dossiers:read", "dossiers:write"])
                    .await;
                (token, id)
            }
        };
        let (desk, desk_user) = officer("mot.cua", Role::DeskOfficer, commune).await;
        let (specialist, specialist_user) = officer("chuyen.vien", Role::Specialist, commune).await;
        let (head, _) = officer("chu.tich", Role::Head, commune).await;
        let (other_desk, _) = officer("mot.cua.khac", Role::DeskOfficer, other).await;
        let citizen_user = app.create_user("cong.dan", &[(Role::Citizen, None)]).await;
        let (citizen, _) = app
            .create_token(citizen_user, &["dossiers:read", "dossiers:write"])
            .await;
        let stranger_user = app.create_user("nguoi.la", &[(Role::Citizen, None)]).await;
        let (stranger, _) = app
            .create_token(stranger_user, &["dossiers:read", "dossiers:write"])
            .await;
        Self {
            app,
            province,
            commune,
            other,
            desk,
            desk_user,
            specialist,
            specialist_user,
            head,
            citizen,
            citizen_user,
            stranger,
            other_desk,
        }
    }
}

/// A valid applicant (a person born in 1985 in Hồ Chí Minh city).
pub fn applicant() -> Value {
    json!({
        "kind": "person",
        "name": FULL_NAME,
        "citizen_id": CITIZEN_ID,
        "birth_year": "1985",
        "phone": PHONE,
        "email": EMAIL,
        "address": "12 Trần Phú, Phường Bạc Liêu",
    })
}

/// A desk intake of `procedure` with both required documents seen on paper.
pub fn desk_intake(procedure: &str) -> Value {
    json!({
        "procedure_code": procedure,
        "applicant": applicant(),
        "documents": [
            { "position": 0, "provided": true },
            { "position": 1, "provided": true },
        ],
    })
}

/// A small PDF whose bytes differ by `tag` (two identical files in one dossier are refused).
pub fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {tag}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").into_bytes()
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An online filing at `unit` with one PDF per required document.
pub fn online_intake(unit: UnitId) -> Value {
    json!({
        "unit_id": unit.to_string(),
        "procedure_code": MARRIAGE,
        "applicant": applicant(),
        "documents": [
            { "position": 0, "file_name": "to-khai.pdf", "content_base64": b64(&pdf("to khai")) },
            { "position": 1, "file_name": "can-cuoc.pdf", "content_base64": b64(&pdf("can cuoc")) },
        ],
    })
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("POST")
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET")
}

/// Receives a dossier; panics unless 201.
pub async fn intake(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = post(app, token, "/api/v1/dossiers", body).await;
    let status = r.status();
    let v: Value = r.json().await.expect("JSON");
    assert_eq!(status, 201, "intake: {v}");
    v
}

pub async fn act(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    post(app, token, &format!("/api/v1/dossiers/{id}/actions"), body).await
}

/// Acts; panics unless 200.
pub async fn act_ok(app: &TestApp, token: &str, id: &str, body: &Value) -> Value {
    let r = act(app, token, id, body).await;
    let status = r.status();
    let v: Value = r.json().await.expect("JSON");
    assert_eq!(status, 200, "action {body}: {v}");
    v
}

/// A hand-over at `version`.
pub fn hand_over(version: i64) -> Value {
    json!({ "action": "hand_over", "version": version })
}

/// The dossier as `token` sees it; panics unless 200.
pub async fn dossier(app: &TestApp, token: &str, id: &str) -> Value {
    let r = get(app, token, &format!("/api/v1/dossiers/{id}")).await;
    let status = r.status();
    let v: Value = r.json().await.expect("JSON");
    assert_eq!(status, 200, "GET dossier: {v}");
    v
}

/// The queue as `token` sees it.
pub async fn queue(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let r = get(app, token, &format!("/api/v1/dossiers{query}")).await;
    let status = r.status();
    let v: Value = r.json().await.expect("JSON");
    assert_eq!(status, 200, "GET queue: {v}");
    v.as_array().expect("a list").clone()
}

pub async fn track(app: &TestApp, code: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/track/{code}")))
        .send()
        .await
        .expect("GET track")
}

/// Status and the `error` object of a failed call.
pub async fn failure(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let v: Value = r.json().await.expect("JSON error body");
    assert!(v["error"]["code"].is_string(), "not an error envelope: {v}");
    (status, v["error"].clone())
}

pub fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

/// The calendar and rules the shipped legal-time data give for the default working hours,
/// computed here independently of the server.
pub fn calendar() -> (LegalTime, WorkingCalendar) {
    let legal = LegalTime::shipped().expect("shipped legal time");
    let year = Utc::now().year();
    let cal = legal
        .calendar(None, (year - 4)..=(year + 2))
        .expect("calendar");
    (legal, cal)
}

/// The due moment of a dossier received at `received` with `limit`.
pub fn expected_due(received: DateTime<Utc>, limit: TimeLimit) -> DateTime<Utc> {
    let (legal, cal) = calendar();
    let rules = legal.counting_rules(motcua_domain::vn_date(received));
    motcua_domain::from_vn_local(
        cal.due(motcua_domain::vn_local(received), limit, rules)
            .expect("due"),
    )
}

pub fn vn_today() -> NaiveDate {
    motcua_domain::vn_date(Utc::now())
}

/// `SELECT COUNT(*) …` without arguments.
pub async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.expect("count"),
        Db::Postgres(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.expect("count"),
    }
}

pub async fn dossier_count(db: &Db) -> i64 {
    count(db, "SELECT COUNT(*) FROM dossier").await
}

pub async fn outbox_count(db: &Db) -> usize {
    motcua_store::outbox::recent(db, 10_000)
        .await
        .expect("outbox")
        .len()
}

/// Moves a dossier's clock by hand (the server has no clock to set): received at
/// `received`, due (and originally due) at `due`.
pub async fn set_clock(db: &Db, id: &str, received: DateTime<Utc>, due: DateTime<Utc>) {
    const SQL: &str = "UPDATE dossier SET received_at = $1, original_due_at = $2, due_at = $2 \
                       WHERE dossier_id = $3";
    let n = match db {
        Db::Sqlite(p, _) => sqlx::query(SQL)
            .bind(received)
            .bind(due)
            .bind(id)
            .execute(p)
            .await
            .expect("update")
            .rows_affected(),
        Db::Postgres(p, _) => sqlx::query(SQL)
            .bind(received)
            .bind(due)
            .bind(id)
            .execute(p)
            .await
            .expect("update")
            .rows_affected(),
    };
    assert_eq!(n, 1, "dossier {id} not found");
}

/// When the late watch flagged the dossier, as stored.
pub async fn watch_at(db: &Db, id: &str) -> Option<DateTime<Utc>> {
    const SQL: &str = "SELECT watch_at FROM dossier WHERE dossier_id = $1";
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(SQL)
            .bind(id)
            .fetch_one(p)
            .await
            .expect("watch_at"),
        Db::Postgres(p, _) => sqlx::query_scalar(SQL)
            .bind(id)
            .fetch_one(p)
            .await
            .expect("watch_at"),
    }
}
