//! Completes the generated OpenAPI document with what the annotations on each handler cannot
//! know: the answers of the layers every request passes through, and that JSON bodies are
//! closed.
//!
//! The statuses below come from the extractors and middleware, not from the handlers:
//! `auth::identify` answers 401 to an unknown, revoked or expired bearer token on any route;
//! the CSRF layer answers 403 to an unsafe request with a session cookie and no token; `ApiJson`
//! answers 415 (not JSON), 400 (broken JSON, a wrong type, an unknown field) and 413 (over the
//! body limit); `Query` answers 400; axum's `Path` answers 400 to a parameter that is not
//! UTF-8, and an id in the path that names nothing is 404. A handler's
//! own answers (403 by policy, 404, 409, 422, 429) are declared on the handler. Every error
//! response carries the one envelope, `ApiError`.

use serde_json::{Map, Value, json};

const ERROR_SCHEMA: &str = "#/components/schemas/ApiError";

/// The shared responses: (status, component name, description).
const SHARED: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "`malformed_json` (not JSON, a value of the wrong type, or a NUL character), \
         `unknown_field` (a field the body does not have; `fields` names it), `malformed_query` \
         (a query value of the wrong type, or a NUL character) or `bad_request` (a path \
         parameter that is not UTF-8)",
    ),
    (
        "401",
        "Unauthorized",
        "`unauthenticated` (no credentials where they are needed, or an unknown, revoked or \
         expired bearer token) or `session_expired`",
    ),
    (
        "403",
        "Forbidden",
        "`forbidden` (the caller's roles, units or token scopes do not allow it) or \
         `csrf_token_invalid` (a session cookie without the session's CSRF token)",
    ),
    (
        "404",
        "NotFound",
        "`not_found`: nothing with this id that the caller may know of",
    ),
    (
        "413",
        "PayloadTooLarge",
        "`payload_too_large`: the body is over the configured limit",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "`unsupported_media_type`: the body is not `application/json`",
    ),
    (
        "422",
        "UnprocessableEntity",
        "`validation_failed`: `fields` says what is wrong with each field",
    ),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Adds the shared error responses and closes request bodies; see the module documentation.
pub fn complete(doc: &mut Value) {
    let responses = doc
        .pointer_mut("/components")
        .and_then(Value::as_object_mut)
        .map(|c| c.entry("responses").or_insert_with(|| json!({})));
    if let Some(Value::Object(responses)) = responses {
        for (_, name, description) in SHARED {
            responses.insert((*name).to_owned(), error_response(description));
        }
    }
    let mut body_schemas = Vec::new();
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            let shared_params = item.get("parameters").cloned();
            for method in METHODS {
                let Some(Value::Object(op)) = item.get_mut(*method) else {
                    continue;
                };
                complete_operation(path, method, op, shared_params.as_ref());
                if let Some(r) = op
                    .get("requestBody")
                    .and_then(|b| b.pointer("/content/application~1json/schema/$ref"))
                    .and_then(Value::as_str)
                {
                    body_schemas.push(r.to_owned());
                }
            }
        }
    }
    for r in body_schemas {
        close(doc, &r, 0);
    }
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": ERROR_SCHEMA } } }
    })
}

fn complete_operation(
    path: &str,
    method: &str,
    op: &mut Map<String, Value>,
    shared_params: Option<&Value>,
) {
    let params: Vec<&Value> = op
        .get("parameters")
        .into_iter()
        .chain(shared_params)
        .filter_map(Value::as_array)
        .flatten()
        .collect();
    let has_in = |place: &str| params.iter().any(|p| p["in"] == place);
    let has_path = has_in("path") || path.contains('{');
    let has_query = has_in("query");
    let has_body = op.contains_key("requestBody");
    let secured = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let unsafe_method = !matches!(method, "get" | "head" | "options");

    let mut wanted = vec!["401"];
    if secured || unsafe_method {
        wanted.push("403");
    }
    if has_path {
        wanted.extend(["400", "404"]);
    }
    if has_body {
        wanted.extend(["400", "413", "415", "422"]);
    }
    if has_query {
        wanted.push("400");
    }
    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses is an object");
    for status in wanted {
        if !responses.contains_key(status) {
            let (_, name, _) = SHARED
                .iter()
                .find(|(s, _, _)| *s == status)
                .expect("a shared response for each status used");
            responses.insert(
                status.to_owned(),
                json!({ "$ref": format!("#/components/responses/{name}") }),
            );
        }
    }
    // A handler may declare an error status with only a description: the body is still the
    // envelope.
    for (status, response) in responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let Value::Object(r) = response
            && is_error
            && !r.contains_key("$ref")
            && !r.contains_key("content")
        {
            r.insert(
                "content".into(),
                json!({ "application/json": { "schema": { "$ref": ERROR_SCHEMA } } }),
            );
        }
    }
}

/// Marks the schema `reference` and the object schemas it refers to as closed: `ApiJson`
/// refuses unknown fields at every depth.
fn close(doc: &mut Value, reference: &str, depth: usize) {
    let Some(name) = reference.strip_prefix("#/components/schemas/") else {
        return;
    };
    if depth > 16 {
        return;
    }
    let pointer = format!(
        "/components/schemas/{}",
        name.replace('~', "~0").replace('/', "~1")
    );
    let Some(schema) = doc.pointer_mut(&pointer) else {
        return;
    };
    let mut nested = Vec::new();
    collect_refs(schema, &mut nested);
    if let Value::Object(s) = schema
        && s.get("type") == Some(&json!("object"))
        && !s.contains_key("additionalProperties")
    {
        s.insert("additionalProperties".into(), Value::Bool(false));
    }
    for r in nested {
        close(doc, &r, depth + 1);
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}
