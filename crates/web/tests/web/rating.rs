//! The satisfaction rating: only after return, only by someone holding the applicant's ID
//! digits, every criterion answered, once per dossier.

use motcua_domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error_code};
use motcua_test_support::backend_test;

/// A one-step procedure: the desk receives, hands over (result ready) and returns.
const ONE_STEP: &str = "9.000001,Cấp bản sao trích lục hộ tịch,Hộ tịch,commune,PBL,working_days,1,1,8.000 đồng/bản,8000,Tờ khai; bản chính; 1,\"Tiếp nhận và trả; desk_officer; 1\",2025-07-01,Luật Hộ tịch 2014";

struct World {
    app: TestApp,
    desk: String,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::spawn(backend).await;
    let province = app.create_unit("96", "Tỉnh Demo", "province", None).await;
    let commune = app
        .create_unit("31825", "Phường Demo", "commune", Some(province))
        .await;
    app.import_procedures(ONE_STEP).await;
    let desk = app
        .create_user_in(
            "motcua",
            Some(commune),
            &[(Role::DeskOfficer, Some(commune))],
        )
        .await;
    let (desk, _) = app
        .create_token(desk, &["dossiers:read", "dossiers:write"])
        .await;
    World { app, desk }
}

async fn post(w: &World, path: &str, body: &Value) -> reqwest::Response {
    w.app
        .client
        .post(w.app.url(path))
        .bearer_auth(&w.desk)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// Receives a dossier and returns (id, code, version).
async fn receive(w: &World) -> (String, String, i64) {
    let r = post(
        w,
        "/api/v1/dossiers",
        &json!({
            "procedure_code": "9.000001",
            "applicant": {
                "kind": "person", "name": "Nguyễn Văn An", "citizen_id": "079090001234",
                "phone": "0912345678", "address": "Khóm 1"
            },
            "documents": [{ "position": 0, "provided": true }]
        }),
    )
    .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let d: Value = r.json().await.expect("json");
    (
        d["id"].as_str().expect("id").to_owned(),
        d["code"].as_str().expect("code").to_owned(),
        d["version"].as_i64().expect("version"),
    )
}

async fn act(w: &World, id: &str, action: &str, version: i64) -> i64 {
    let r = post(
        w,
        &format!("/api/v1/dossiers/{id}/actions"),
        &json!({ "action": action, "version": version }),
    )
    .await;
    assert_eq!(
        r.status(),
        200,
        "{action}: {}",
        r.text().await.unwrap_or_default()
    );
    r.json::<Value>().await.expect("json")["version"]
        .as_i64()
        .expect("version")
}

fn all_criteria(score: &str) -> Value {
    let mut m = serde_json::Map::new();
    for c in ["a", "b", "c", "d", "dd", "e"] {
        m.insert(c.into(), json!(score));
    }
    for c in ["g", "h"] {
        m.insert(c.into(), json!("na"));
    }
    Value::Object(m)
}

async fn rate(w: &World, code: &str, body: Value) -> reqwest::Response {
    w.app
        .client
        .post(w.app.url(&format!("/api/v1/track/{code}/rating")))
        .json(&body)
        .send()
        .await
        .expect("request")
}

backend_test! {
    async fn a_returned_dossier_is_rated_once_by_its_applicant(backend: Backend) {
        let w = world(backend).await;
        let (id, code, v) = receive(&w).await;

        let mut body = all_criteria("2");
        body["verify"] = json!("1234");
        // Not yet returned.
        let r = rate(&w, &code, body.clone()).await;
        assert_eq!(r.status(), 409);
        assert_eq!(error_code(r).await, "rating_not_open");

        let v = act(&w, &id, "hand_over", v).await;
        act(&w, &id, "return_result", v).await;

        // The wrong digits: someone who is not the applicant.
        let mut wrong = body.clone();
        wrong["verify"] = json!("9999");
        let r = rate(&w, &code, wrong).await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.expect("json");
        assert!(e["error"]["fields"]["verify"].as_str().is_some(), "{e}");

        // A criterion left out is named.
        let mut partial = body.clone();
        partial.as_object_mut().expect("object").remove("dd");
        let r = rate(&w, &code, partial).await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.expect("json");
        assert!(
            e["error"]["fields"]["dd"].as_str().is_some_and(|m| m.contains("đ)")),
            "{e}"
        );

        // "Not applicable" only where the law allows it.
        let mut na = body.clone();
        na["a"] = json!("na");
        assert_eq!(rate(&w, &code, na).await.status(), 422);

        // A comment past its maximum is refused by length, with nothing stored.
        let mut long = body.clone();
        long["comment"] = json!("ý".repeat(2_001));
        let r = rate(&w, &code, long).await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.expect("json");
        assert_eq!(e["error"]["code"], "too_long", "{e}");
        assert!(e["error"]["fields"]["comment"].as_str().is_some_and(|m| m.contains("2.000")), "{e}");

        let r = rate(&w, &code, body.clone()).await;
        assert_eq!(r.status(), 204, "{}", r.text().await.unwrap_or_default());

        let r = rate(&w, &code, body).await;
        assert_eq!(r.status(), 409);
        assert_eq!(error_code(r).await, "conflict");

        let track: Value = w
            .app
            .client
            .get(w.app.url(&format!("/api/v1/track/{code}")))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        assert_eq!(track["can_rate"], json!(false));
        let stored = motcua_store::dossiers::rating(
            &w.app.db,
            motcua_domain::ids::DossierId::parse(&id).expect("id"),
        )
        .await
        .expect("rating")
        .expect("stored");
        assert_eq!(stored.average_hundredths, 200);
        w.app.stop().await;
    }
}
