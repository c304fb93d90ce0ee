//! The OpenAPI document is true: each route's request schema is the type its handler parses,
//! bodies are closed (an unknown field is refused), and every status a route answers with is
//! declared for it, with the error envelope as its body. The API fuzzer (scripts/api-fuzz.sh,
//! run by .ci/run) then tries many more requests against the same document.

use std::collections::BTreeSet;

use motcua_domain::role::Role;
use serde_json::{Map, Value, json};

use crate::helpers::*;
use motcua_test_support::backend_test;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

async fn document(app: &TestApp) -> Value {
    let r = app.get(&app.client, "/api/v1/openapi.json").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(*m) {
                out.push(((*m).to_owned(), path.clone(), op.clone()));
            }
        }
    }
    out
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("a local reference");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("{r} resolves")),
            )
        }
        None => v,
    }
}

fn body_schema(op: &Value) -> Option<&Value> {
    op.get("requestBody")
        .map(|b| &b["content"]["application/json"]["schema"])
}

/// The schema's type, leaving out `null` (`Option<T>` is `["integer", "null"]`).
fn type_of(schema: &Value) -> Option<&str> {
    match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        t => t.as_str(),
    }
}

/// A body the schema accepts, with every property it documents, each a plain value of its type.
fn sample(doc: &Value, schema: &Value) -> Value {
    let s = resolve(doc, schema);
    if let Some(first) = s
        .get("oneOf")
        .or_else(|| s.get("anyOf"))
        .and_then(|v| v.get(0))
    {
        return sample(doc, first);
    }
    match type_of(s) {
        Some("object") | None if s.get("properties").is_some() => {
            let mut m = Map::new();
            for (name, p) in s["properties"].as_object().unwrap() {
                m.insert(name.clone(), sample(doc, p));
            }
            Value::Object(m)
        }
        Some("object") => json!({}),
        Some("string") => match s["format"].as_str() {
            Some("date") => json!("2026-03-02"),
            Some("date-time") => json!("2026-03-02T08:00:00Z"),
            _ => json!(""),
        },
        Some("integer" | "number") => json!(0),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        _ => Value::Null,
    }
}

/// The path with each `{param}` filled with an id that names nothing.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        out.push_str(if rest[start..=end].contains("code") {
            "G12.99.01-260302-9999"
        } else {
            "0190d3f2-8c3a-7cc0-9e1e-5a1f00000000"
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn declared(op: &Value, status: u16) -> bool {
    op["responses"].get(status.to_string()).is_some()
}

/// Sends the request, checks that its status is declared for the operation and that an error
/// answer is the envelope, and gives back the status and the body.
async fn call(
    app: &TestApp,
    doc: &Value,
    op: &Value,
    request: reqwest::RequestBuilder,
    what: &str,
) -> (u16, Value) {
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status < 500, "{what}: a server error {status}: {body}");
    assert!(
        declared(op, status),
        "{what}: answered {status}, which the document does not declare: {body}"
    );
    if status >= 400 {
        assert!(
            body["error"]["code"].is_string(),
            "{what}: not the envelope: {body}"
        );
        let response = resolve(doc, &op["responses"][status.to_string()]);
        assert_eq!(
            response["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ApiError",
            "{what}: the declared {status} does not carry the error envelope"
        );
    }
    let _ = app;
    (status, body)
}

async fn admin_token(app: &TestApp) -> String {
    let id = app
        .create_user("quantri", &[(Role::SystemAdmin, None)])
        .await;
    let scopes = [
        "catalogue:write",
        "units:write",
        "users:read",
        "users:write",
        "account",
        "dossiers:read",
        "dossiers:write",
        "petitions:read",
        "petitions:write",
        "admin",
    ];
    app.create_token(id, &scopes).await.0
}

fn request(app: &TestApp, method: &str, path: &str) -> reqwest::RequestBuilder {
    let url = app.url(&concrete(path));
    match method {
        "get" => app.client.get(url),
        "post" => app.client.post(url),
        "put" => app.client.put(url),
        "patch" => app.client.patch(url),
        "delete" => app.client.delete(url),
        other => panic!("method {other}"),
    }
}

backend_test! {
    async fn each_request_schema_is_the_type_its_handler_parses(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let doc = document(&app).await;
        // From the handlers' signatures, not typed by hand.
        let parsed = motcua_web::request_body_types();
        let mut seen = BTreeSet::new();
        for (method, path, op) in operations(&doc) {
            let Some(schema) = body_schema(&op) else { continue };
            let entry = parsed
                .iter()
                .find(|e| e.method == method && e.path == path)
                .unwrap_or_else(|| panic!("{method} {path} reads a body no handler is listed for"));
            assert_eq!(
                schema["$ref"].as_str(),
                Some(format!("#/components/schemas/{}", entry.parsed).as_str()),
                "{method} {path}: the document's request schema is not the type the handler parses"
            );
            // The document's schema of that name is the parsed type's: the same fields.
            let keys = |v: &Value| -> BTreeSet<String> {
                v["properties"].as_object().into_iter().flat_map(|m| m.keys().cloned()).collect()
            };
            assert_eq!(
                keys(resolve(&doc, schema)),
                keys(&entry.schema),
                "{method} {path}: the document's {} is not the parsed type's schema",
                entry.parsed
            );
            assert!(!keys(&entry.schema).is_empty(), "{method} {path}: a body without fields");
            seen.insert((method, path));
        }
        assert_eq!(seen.len(), parsed.len(), "a listed handler's body is not in the document");
        // Two types once shared one schema name, and the dossier actions documented the
        // petition actions' fields.
        let dossier = &doc["components"]["schemas"]["DossierActionInput"];
        assert!(dossier["properties"]["new_due"].is_object());
        assert!(dossier["properties"].get("reason_code").is_none());

        // Operation ids are unique (tools name generated functions after them).
        let ids: Vec<String> = operations(&doc)
            .iter()
            .map(|(_, _, op)| op["operationId"].as_str().unwrap().to_owned())
            .collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate operation ids: {ids:?}");

        // Request bodies are closed, at every depth.
        fn closed(doc: &Value, schema: &Value, depth: usize) {
            let s = resolve(doc, schema);
            if s["type"] == "object" {
                assert!(
                    s.get("additionalProperties").is_some(),
                    "an open request schema: {s}"
                );
            }
            if depth < 8 {
                for p in s["properties"].as_object().into_iter().flat_map(|m| m.values()) {
                    closed(doc, p, depth + 1);
                    if let Some(items) = p.get("items") {
                        closed(doc, items, depth + 1);
                    }
                }
            }
        }
        for (_, _, op) in operations(&doc) {
            if let Some(schema) = body_schema(&op) {
                closed(&doc, schema, 0);
            }
        }
    }

    async fn each_documented_body_is_accepted_and_an_unknown_field_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let doc = document(&app).await;
        let token = admin_token(&app).await;
        for (method, path, op) in operations(&doc) {
            let Some(schema) = body_schema(&op) else { continue };
            let what = format!("{method} {path}");
            let body = sample(&doc, schema);

            // Every documented field is one the handler's type has.
            let (status, answer) = call(
                &app, &doc, &op,
                request(&app, &method, &path).bearer_auth(&token).json(&body),
                &what,
            )
            .await;
            let code = answer["error"]["code"].as_str().unwrap_or("");
            assert!(
                !matches!(code, "unknown_field" | "malformed_json"),
                "{what}: the documented body was refused ({status} {answer}) for {body}"
            );

            // A field the document does not have is refused, at the top and one level down.
            let mut extra = body.clone();
            extra["zz_not_a_field"] = json!("x");
            let (status, answer) = call(
                &app, &doc, &op,
                request(&app, &method, &path).bearer_auth(&token).json(&extra),
                &what,
            )
            .await;
            assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("unknown_field")), "{what}");
            assert!(answer["error"]["fields"]["zz_not_a_field"].is_string(), "{what}: {answer}");
            let nested = body
                .as_object()
                .unwrap()
                .iter()
                .find(|(_, v)| v.is_object())
                .map(|(k, _)| k.clone());
            if let Some(key) = nested {
                let mut extra = body.clone();
                extra[&key]["zz_not_a_field"] = json!("x");
                let (status, answer) = call(
                    &app, &doc, &op,
                    request(&app, &method, &path).bearer_auth(&token).json(&extra),
                    &what,
                )
                .await;
                assert_eq!(status, 400, "{what}: {answer}");
                assert!(
                    answer["error"]["fields"][format!("{key}.zz_not_a_field")].is_string(),
                    "{what}: {answer}"
                );
            }
        }
    }

    async fn every_status_a_route_answers_is_declared(backend: Backend) {
        let app = TestApp::spawn_with(backend, |c| c.body_limit_bytes = 8 * 1024).await;
        let doc = document(&app).await;
        let token = admin_token(&app).await;
        for (method, path, op) in operations(&doc) {
            let what = format!("{method} {path}");
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());

            // A bearer token that is not one: 401 on every route.
            let (status, _) = call(
                &app, &doc, &op,
                request(&app, &method, &path).bearer_auth("not-a-token"),
                &what,
            )
            .await;
            assert_eq!(status, 401, "{what}");
            if secured {
                let (status, _) =
                    call(&app, &doc, &op, request(&app, &method, &path), &what).await;
                assert_eq!(status, 401, "{what}");
            }

            // An id in the path that names nothing.
            if path.contains('{') {
                let mut r = request(&app, &method, &path).bearer_auth(&token);
                if let Some(schema) = body_schema(&op) {
                    r = r.json(&sample(&doc, schema));
                }
                let (status, _) = call(&app, &doc, &op, r, &what).await;
                assert!(matches!(status, 403 | 404 | 422), "{what}: {status}");
            }

            // A query value of the wrong type.
            let typed_param = op["parameters"].as_array().into_iter().flatten().find(|p| {
                let schema = resolve(&doc, &p["schema"]);
                p["in"] == "query"
                    && (matches!(type_of(schema), Some("integer" | "boolean"))
                        || schema["format"] == "date")
            });
            if let Some(p) = typed_param {
                let name = p["name"].as_str().unwrap();
                let (status, answer) = call(
                    &app, &doc, &op,
                    app.client
                        .get(format!("{}?{name}=zz", app.url(&concrete(&path))))
                        .bearer_auth(&token),
                    &what,
                )
                .await;
                assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("malformed_query")), "{what}");
            }

            if body_schema(&op).is_none() {
                continue;
            }
            // Not JSON, broken JSON, too large.
            let (status, answer) = call(
                &app, &doc, &op,
                request(&app, &method, &path)
                    .bearer_auth(&token)
                    .header("content-type", "text/plain")
                    .body("{}"),
                &what,
            )
            .await;
            assert_eq!((status, answer["error"]["code"].as_str()), (415, Some("unsupported_media_type")), "{what}");
            let (status, answer) = call(
                &app, &doc, &op,
                request(&app, &method, &path)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body("not JSON"),
                &what,
            )
            .await;
            assert_eq!((status, answer["error"]["code"].as_str()), (400, Some("malformed_json")), "{what}");
            let (status, answer) = call(
                &app, &doc, &op,
                request(&app, &method, &path)
                    .bearer_auth(&token)
                    .json(&json!({ "content": "x".repeat(16 * 1024) })),
                &what,
            )
            .await;
            assert_eq!((status, answer["error"]["code"].as_str()), (413, Some("payload_too_large")), "{what}");
        }
    }

    async fn a_nul_character_is_a_400_on_both_databases_not_a_server_error(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let token = admin_token(&app).await;
        let r = app
            .client
            .post(app.url("/api/v1/units"))
            .bearer_auth(&token)
            .json(&json!({
                "code": "CM", "name": "Cà\u{0}Mau", "level": "province", "effective_from": "2025-07-01"
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(error_code(r).await, "malformed_json");
        for path in ["/api/v1/dossiers?q=a%00", "/api/v1/petitions?q=%00", "/api/v1/procedures?q=x%00y"] {
            let r = app.client.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
            assert_eq!(r.status(), 400, "{path}");
            assert_eq!(error_code(r).await, "malformed_query", "{path}");
        }
    }
}
