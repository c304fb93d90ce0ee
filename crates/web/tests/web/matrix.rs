//! The authorization matrix over real HTTP: every role (and an anonymous visitor), scoped to a
//! ward, against protected endpoints, on records inside and outside that ward. The expected
//! answers are written out here, independently of the policy code.

use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::role::Role;

use crate::helpers::*;
use motcua_test_support::backend_test;

/// province ⊃ ward ⊃ department; `other` is a second ward of the province.
struct World {
    ward: UnitId,
    dept: UnitId,
    other: UnitId,
    /// A specialist working in the department (inside the ward).
    inside_user: UserId,
    /// A specialist working in the other ward.
    outside_user: UserId,
}

async fn world(app: &TestApp) -> World {
    let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
    let ward = app
        .create_unit("PBL", "Phường Bạc Liêu", "commune", Some(province))
        .await;
    let dept = app
        .create_unit(
            "PBL.VP",
            "Văn phòng phường Bạc Liêu",
            "department",
            Some(ward),
        )
        .await;
    let other = app
        .create_unit("PVT", "Phường Vĩnh Trạch", "commune", Some(province))
        .await;
    let inside_user = app
        .create_user_in("cv.trong", Some(dept), &[(Role::Specialist, Some(dept))])
        .await;
    let outside_user = app
        .create_user_in("cv.ngoai", Some(other), &[(Role::Specialist, Some(other))])
        .await;
    World {
        ward,
        dept,
        other,
        inside_user,
        outside_user,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Role(Role),
}

fn everyone() -> Vec<Who> {
    let mut v = vec![Who::Anonymous];
    v.extend(Role::ALL.map(Who::Role));
    v
}

/// One row of the matrix: the expected status for each caller.
fn expect(
    who: Who,
    admins: u16,
    citizen: u16,
    staff: u16,
    anonymous: u16,
    allowed: &[Role],
) -> u16 {
    match who {
        Who::Anonymous => anonymous,
        Who::Role(r) if allowed.contains(&r) => admins,
        Who::Role(Role::Citizen) => citizen,
        Who::Role(_) => staff,
    }
}

const ADMINS: &[Role] = &[Role::UnitAdmin, Role::SystemAdmin];
const USER_VIEWERS: &[Role] = &[Role::Head, Role::UnitAdmin, Role::SystemAdmin];
const ALL_SCOPES: &[&str] = &[
    "units:write",
    "users:read",
    "users:write",
    "catalogue:write",
];

struct Caller {
    who: Who,
    client: reqwest::Client,
    csrf: String,
    token: Option<String>,
}

async fn callers(app: &TestApp, w: &World) -> Vec<Caller> {
    let mut out = Vec::new();
    for who in everyone() {
        let client = app.new_client();
        let (csrf, token) = match who {
            Who::Anonymous => (String::new(), None),
            Who::Role(role) => {
                let login = format!("u.{}", role.code().replace('_', "-"));
                let scope = match role {
                    Role::Citizen | Role::SystemAdmin => None,
                    _ => Some(w.ward),
                };
                let id = app.create_user_in(&login, scope, &[(role, scope)]).await;
                let csrf = app.login(&client, &login).await;
                let (token, _) = app.create_token(id, ALL_SCOPES).await;
                (csrf, Some(token))
            }
        };
        out.push(Caller {
            who,
            client,
            csrf,
            token,
        });
    }
    out
}

fn code_for(who: Who, suffix: &str) -> String {
    match who {
        Who::Anonymous => format!("ANON{suffix}"),
        Who::Role(r) => format!("{}{suffix}", r.code().replace('_', "")).to_uppercase(),
    }
}

backend_test! {
    async fn every_role_gets_exactly_the_access_its_units_allow(backend: Backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let callers = callers(&app, &w).await;
        let mut failures = Vec::new();
        let mut check = |who: Who, what: &str, got: u16, want: u16| {
            if got != want {
                failures.push(format!("{who:?} {what}: got {got}, want {want}"));
            }
        };

        for c in &callers {
            let who = c.who;
            // Act + Assert, one endpoint at a time.
            let r = c.client.get(app.url("/admin/units")).send().await.unwrap();
            check(who, "GET /admin/units", r.status().as_u16(), expect(who, 200, 403, 403, 401, ADMINS));

            let r = c.client.get(app.url("/admin/procedures")).send().await.unwrap();
            check(who, "GET /admin/procedures", r.status().as_u16(), expect(who, 200, 403, 403, 401, ADMINS));

            let form = |parent: UnitId, suffix: &str| {
                vec![
                    ("csrf_token".to_owned(), c.csrf.clone()),
                    ("code".to_owned(), code_for(who, suffix)),
                    ("name".to_owned(), format!("Tổ {suffix}")),
                    ("level".to_owned(), "department".to_owned()),
                    ("parent_id".to_owned(), parent.to_string()),
                    ("effective_from".to_owned(), "2025-07-01".to_owned()),
                ]
            };
            let r = c.client.post(app.url("/admin/units")).form(&form(w.dept, "IN")).send().await.unwrap();
            check(who, "POST /admin/units inside", r.status().as_u16(), expect(who, 303, 404, 403, 401, ADMINS));

            let r = c.client.post(app.url("/admin/units")).form(&form(w.other, "OUT")).send().await.unwrap();
            check(who, "POST /admin/units outside", r.status().as_u16(), expect(who, 303, 404, 404, 401, &[Role::SystemAdmin]));

            let r = c.client.get(app.url(&format!("/admin/users/{}", w.inside_user))).send().await.unwrap();
            check(who, "GET /admin/users/inside", r.status().as_u16(), expect(who, 200, 404, 403, 401, USER_VIEWERS));

            let r = c.client.get(app.url(&format!("/admin/users/{}", w.outside_user))).send().await.unwrap();
            check(who, "GET /admin/users/outside", r.status().as_u16(), expect(who, 200, 404, 404, 401, &[Role::SystemAdmin]));

            let status = |target: UserId| {
                c.client
                    .post(app.url(&format!("/admin/users/{target}/status")))
                    .form(&[("csrf_token", c.csrf.as_str()), ("disabled", "false")])
            };
            let r = status(w.inside_user).send().await.unwrap();
            check(who, "POST /admin/users/inside/status", r.status().as_u16(), expect(who, 303, 404, 403, 401, ADMINS));
            let r = status(w.outside_user).send().await.unwrap();
            check(who, "POST /admin/users/outside/status", r.status().as_u16(), expect(who, 303, 404, 404, 401, &[Role::SystemAdmin]));

            // Each administrator grants a different role, so neither meets the other's grant.
            let role = if who == Who::Role(Role::SystemAdmin) { "desk_officer" } else { "head" };
            let r = c
                .client
                .post(app.url(&format!("/admin/users/{}/grants", w.inside_user)))
                .form(&[("csrf_token", c.csrf.as_str()), ("role", role), ("unit", &w.dept.to_string())])
                .send()
                .await
                .unwrap();
            check(who, "POST /admin/users/inside/grants", r.status().as_u16(), expect(who, 303, 404, 403, 401, ADMINS));

            // The API, with bearer tokens (all scopes) and no cookies.
            let api = app.new_client();
            let with_token = |rb: reqwest::RequestBuilder| match &c.token {
                Some(t) => rb.bearer_auth(t),
                None => rb,
            };
            let body = serde_json::json!({
                "code": code_for(who, "API"),
                "name": "Tổ công tác",
                "level": "department",
                "parent_id": w.dept.to_string(),
                "effective_from": "2025-07-01"
            });
            let r = with_token(api.post(app.url("/api/v1/units")).json(&body)).send().await.unwrap();
            check(who, "POST /api/v1/units inside", r.status().as_u16(), expect(who, 201, 404, 403, 401, ADMINS));

            let r = with_token(api.get(app.url("/api/v1/users"))).send().await.unwrap();
            check(who, "GET /api/v1/users", r.status().as_u16(), expect(who, 200, 403, 403, 401, USER_VIEWERS));

            let r = with_token(api.get(app.url(&format!("/api/v1/users/{}", w.inside_user)))).send().await.unwrap();
            check(who, "GET /api/v1/users/inside", r.status().as_u16(), expect(who, 200, 404, 403, 401, USER_VIEWERS));

            let r = with_token(api.get(app.url(&format!("/api/v1/users/{}", w.outside_user)))).send().await.unwrap();
            check(who, "GET /api/v1/users/outside", r.status().as_u16(), expect(who, 200, 404, 404, 401, &[Role::SystemAdmin]));

            // Public information is public.
            let r = api.get(app.url("/api/v1/units")).send().await.unwrap();
            check(who, "GET /api/v1/units", r.status().as_u16(), 200);
        }

        // Assert
        assert!(failures.is_empty(), "authorization matrix mismatches:\n{}", failures.join("\n"));
    }

    async fn a_unit_admin_sees_only_users_of_their_units(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let admin = app.create_user_in("qt.phuong", Some(w.ward), &[(Role::UnitAdmin, Some(w.ward))]).await;
        let (token, _) = app.create_token(admin, &["users:read"]).await;
        let v: serde_json::Value = app
            .client
            .get(app.url("/api/v1/users"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let logins: Vec<&str> = v.as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap()).collect();
        assert!(logins.contains(&"cv.trong"));
        assert!(!logins.contains(&"cv.ngoai"));
    }

    async fn a_token_without_the_scope_is_refused_even_for_an_administrator(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let admin = app.create_user("qt.he.thong", &[(Role::SystemAdmin, None)]).await;
        let (token, _) = app.create_token(admin, &["users:read"]).await;
        let r = app
            .client
            .post(app.url("/api/v1/units"))
            .bearer_auth(token)
            .json(&serde_json::json!({
                "code": "X1", "name": "X", "level": "department",
                "parent_id": w.dept.to_string(), "effective_from": "2025-07-01"
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(error_code(r).await, "forbidden");
    }
}
