//! Open311 GeoReport v2 at `/open311/v2`: discovery, services and their definitions, requests
//! (query many, read one, create one with an `api_key`), in `.json` and `.xml`, with the
//! spec's errors (`[{code, description}]`: 404 unknown, 403 bad key, 400 anything else).
//!
//! Mapping: `service_code` is a report category; `jurisdiction_id` is the code of the unit
//! that owns the category (optional: this server answers for every unit it holds); the
//! `service_request_id` is the report's code (`PA-2026-000123`); `status` is `open` or `closed`,
//! with the detailed state in `status_notes` and the FixMyStreet extended status in
//! `extended_attributes` when `extensions=true`. An `api_key` is an API token holding the scope
//! `open311:submit`. Extensions: `page` and `page_size` on `GET requests`. Personal data
//! (email, phone, name) never leaves in the output.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Duration, Utc};
use motcua_app::reports::filing::{self, NewReport, Place, Reporter};
use motcua_domain::ids::UnitId;
use motcua_domain::report::category::Category;
use motcua_domain::report::input::Channel;
use motcua_domain::report::place::Coordinates;
use motcua_domain::report::state::StateGroup;
use motcua_store::reports::ReportRecord;
use motcua_store::reports::read::{self, ReportFilter};
use motcua_store::tokens::{self, TokenLookup};

use super::view::Names;
use crate::i18n::Lang;
use crate::state::AppState;

/// The scope an API token needs to create requests.
pub const SUBMIT_SCOPE: &str = "open311:submit";
/// The default and largest `page_size`; the spec's default window is 1,000 results.
const DEFAULT_PAGE_SIZE: i64 = 1_000;
/// `start_date` to `end_date` may span no more than this, as the spec says.
const MAX_SPAN_DAYS: i64 = 90;
/// A POST carries form fields only (media upload is outside GeoReport v2).
const POST_BODY_LIMIT: usize = 64 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{resource}", get(resource).post(create))
        .route("/open311/v2/services/{file}", get(service))
        .route("/open311/v2/requests/{file}", get(one_request))
        .layer(DefaultBodyLimit::max(POST_BODY_LIMIT))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// Splits `name.json` / `name.xml`.
fn format_of(file: &str) -> Option<(&str, Format)> {
    if let Some(n) = file.strip_suffix(".json") {
        Some((n, Format::Json))
    } else {
        file.strip_suffix(".xml").map(|n| (n, Format::Xml))
    }
}

/// A value of the output, rendered as JSON or as the spec's XML.
enum Node {
    Text(String),
    Num(f64),
    Int(i64),
    Bool(bool),
    Null,
    Obj(Vec<(&'static str, Node)>),
    /// A list and the element name of its items in XML.
    List(&'static str, Vec<Node>),
}

fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

impl Node {
    fn json(&self) -> serde_json::Value {
        match self {
            Self::Text(s) => serde_json::Value::String(s.clone()),
            Self::Num(n) => serde_json::json!(n),
            Self::Int(n) => serde_json::json!(n),
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Null => serde_json::Value::Null,
            Self::Obj(fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.json()))
                    .collect(),
            ),
            Self::List(_, items) => {
                serde_json::Value::Array(items.iter().map(Self::json).collect())
            }
        }
    }

    fn xml(&self, out: &mut String) {
        match self {
            Self::Text(s) => out.push_str(&escape(s)),
            Self::Num(n) => out.push_str(&n.to_string()),
            Self::Int(n) => out.push_str(&n.to_string()),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Null => {}
            Self::Obj(fields) => {
                for (k, v) in fields {
                    out.push('<');
                    out.push_str(k);
                    out.push('>');
                    v.xml(out);
                    out.push_str("</");
                    out.push_str(k);
                    out.push('>');
                }
            }
            Self::List(item, items) => {
                for i in items {
                    out.push('<');
                    out.push_str(item);
                    out.push('>');
                    i.xml(out);
                    out.push_str("</");
                    out.push_str(item);
                    out.push('>');
                }
            }
        }
    }
}

/// XML's five escapes; control characters other than tab and line breaks are dropped, since
/// XML 1.0 cannot carry them at all.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders `body` under the XML root `root` (the JSON has no wrapper).
fn render(format: Format, status: StatusCode, root: &str, body: &Node) -> Response {
    match format {
        Format::Json => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.json().to_string(),
        )
            .into_response(),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            out.push('<');
            out.push_str(root);
            out.push('>');
            body.xml(&mut out);
            out.push_str("</");
            out.push_str(root);
            out.push('>');
            (
                status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                out,
            )
                .into_response()
        }
    }
}

/// The spec's error list: one error with its HTTP code and a description a person can read.
fn error(format: Format, status: StatusCode, description: &str) -> Response {
    let body = Node::List(
        "error",
        vec![Node::Obj(vec![
            ("code", Node::Int(i64::from(status.as_u16()))),
            ("description", text(description)),
        ])],
    );
    render(format, status, "errors", &body)
}

/// Several errors at once (a POST with several bad fields), each with the field it is about.
fn errors(format: Format, status: StatusCode, list: Vec<(String, String)>) -> Response {
    let body = Node::List(
        "error",
        list.into_iter()
            .map(|(field, description)| {
                Node::Obj(vec![
                    ("code", Node::Int(i64::from(status.as_u16()))),
                    ("description", text(format!("{field}: {description}"))),
                ])
            })
            .collect(),
    );
    render(format, status, "errors", &body)
}

/// Query parameters as sent; repeated names keep every value.
fn params(raw: Option<&str>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in form_urlencoded_pairs(raw.unwrap_or("")) {
        out.entry(k).or_default().push(v);
    }
    out
}

fn form_urlencoded_pairs(raw: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw).unwrap_or_default()
}

fn first<'a>(p: &'a BTreeMap<String, Vec<String>>, name: &str) -> &'a str {
    // The spec treats an empty optional parameter as absent.
    p.get(name).and_then(|v| v.first()).map_or("", |s| s.trim())
}

fn lang_of(p: &BTreeMap<String, Vec<String>>) -> Lang {
    Lang::parse(first(p, "lang")).unwrap_or(Lang::Vi)
}

/// The unit a `jurisdiction_id` names; `Ok(None)` when none was given.
async fn jurisdiction(state: &AppState, code: &str) -> Result<Option<UnitId>, ()> {
    if code.is_empty() {
        return Ok(None);
    }
    let units = motcua_store::units::list_in_force(state.db(), crate::pages::today_vn())
        .await
        .map_err(|_| ())?;
    units
        .into_iter()
        .find(|u| u.code.as_str().eq_ignore_ascii_case(code))
        .map(|u| Some(u.id))
        .ok_or(())
}

/// `GET /open311/v2/{discovery|services|requests}.{fmt}`.
async fn resource(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((name, format)) = format_of(&file) else {
        return error(
            Format::Json,
            StatusCode::NOT_FOUND,
            "unknown format: use .json or .xml",
        );
    };
    let p = params(raw.as_deref());
    match name {
        "discovery" => discovery(&state, format),
        "services" => services(&state, format, &p).await,
        "requests" => requests(&state, format, &p).await,
        _ => error(format, StatusCode::NOT_FOUND, "unknown resource"),
    }
}

fn base_url(state: &AppState) -> String {
    format!("{}/open311/v2", state.public_base().trim_end_matches('/'))
}

fn discovery(state: &AppState, format: Format) -> Response {
    let base = base_url(state);
    let body = Node::Obj(vec![
        ("changeset", text("2026-12-07T00:00:00+07:00")),
        (
            "contact",
            text("Bộ phận tiếp nhận phản ánh, kiến nghị của đơn vị"),
        ),
        (
            "key_service",
            text(
                "Quản trị hệ thống cấp API token có phạm vi open311:submit (trang /admin/tokens).",
            ),
        ),
        (
            "endpoints",
            Node::List(
                "endpoint",
                vec![Node::Obj(vec![
                    (
                        "specification",
                        text("http://wiki.open311.org/GeoReport_v2"),
                    ),
                    ("url", text(base)),
                    ("changeset", text("2026-12-07T00:00:00+07:00")),
                    ("type", text("production")),
                    (
                        "formats",
                        Node::List("format", vec![text("text/xml"), text("application/json")]),
                    ),
                ])],
            ),
        ),
    ]);
    render(format, StatusCode::OK, "discovery", &body)
}

fn service_node(c: &Category) -> Node {
    Node::Obj(vec![
        ("service_code", text(&c.code)),
        ("service_name", text(&c.name)),
        ("description", text(&c.description)),
        ("metadata", Node::Bool(!c.questions.is_empty())),
        ("type", text("realtime")),
        ("keywords", text("")),
        ("group", text(&c.group)),
    ])
}

async fn services(state: &AppState, format: Format, p: &BTreeMap<String, Vec<String>>) -> Response {
    let Ok(unit) = jurisdiction(state, first(p, "jurisdiction_id")).await else {
        return error(format, StatusCode::NOT_FOUND, "jurisdiction_id not found");
    };
    let Ok(all) = motcua_store::reports::setup::active_categories(state.db()).await else {
        return error(
            format,
            StatusCode::BAD_REQUEST,
            "the service list is not available",
        );
    };
    let list = all
        .iter()
        .filter(|c| unit.is_none_or(|u| c.unit == u))
        .map(service_node)
        .collect();
    render(
        format,
        StatusCode::OK,
        "services",
        &Node::List("service", list),
    )
}

/// `GET /open311/v2/services/{code}.{fmt}`: a category's questions.
async fn service(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((code, format)) = format_of(&file) else {
        return error(
            Format::Json,
            StatusCode::NOT_FOUND,
            "unknown format: use .json or .xml",
        );
    };
    let Ok(all) = motcua_store::reports::setup::active_categories(state.db()).await else {
        return error(
            format,
            StatusCode::BAD_REQUEST,
            "the service list is not available",
        );
    };
    let Some(c) = all.into_iter().find(|c| c.code == code) else {
        return error(format, StatusCode::NOT_FOUND, "service_code not found");
    };
    let attributes = c
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            Node::Obj(vec![
                ("variable", Node::Bool(true)),
                ("code", text(&q.code)),
                (
                    "datatype",
                    text(
                        serde_json::to_value(q.datatype)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                    ),
                ),
                ("required", Node::Bool(q.required)),
                ("datatype_description", text("")),
                ("order", Node::Int(i64::try_from(i + 1).unwrap_or(1))),
                ("description", text(&q.description)),
                (
                    "values",
                    Node::List(
                        "value",
                        q.values
                            .iter()
                            .map(|(k, n)| Node::Obj(vec![("key", text(k)), ("name", text(n))]))
                            .collect(),
                    ),
                ),
            ])
        })
        .collect();
    let body = Node::Obj(vec![
        ("service_code", text(&c.code)),
        ("attributes", Node::List("attribute", attributes)),
    ]);
    render(format, StatusCode::OK, "service_definition", &body)
}

fn w3c(at: DateTime<Utc>) -> String {
    motcua_domain::vn_local(at)
        .format("%Y-%m-%dT%H:%M:%S+07:00")
        .to_string()
}

fn request_node(
    state: &AppState,
    names: &Names,
    r: &ReportRecord,
    photo: Option<i64>,
    extensions: bool,
) -> Node {
    let base = state.public_base().trim_end_matches('/').to_owned();
    let mut fields = vec![
        ("service_request_id", text(&r.code)),
        ("status", text(r.group.open311_status())),
        ("status_notes", text(names.state(&r.state, Lang::Vi))),
        ("service_name", text(names.category(&r.category))),
        ("service_code", text(&r.category)),
        ("description", text(&r.description)),
        ("agency_responsible", text(names.unit(r.unit))),
        ("service_notice", text("")),
        ("requested_datetime", text(w3c(r.created_at))),
        (
            "updated_datetime",
            text(w3c(r.closed_at.unwrap_or(r.updated_at))),
        ),
        ("expected_datetime", text(w3c(r.answer_due))),
        ("address", text(&r.address)),
        ("address_id", text("")),
        ("zipcode", text("")),
        ("lat", Node::Num(r.at.lat)),
        ("long", Node::Num(r.at.lon)),
        (
            "media_url",
            photo.map_or(Node::Text(String::new()), |n| {
                text(format!("{base}/phan-anh/{}/anh/{n}", r.code))
            }),
        ),
        ("title", text(&r.title)),
    ];
    if extensions {
        let external = names
            .states
            .iter()
            .find(|s| s.code == r.state)
            .map(|s| s.external.clone())
            .unwrap_or_default();
        fields.push((
            "extended_attributes",
            Node::Obj(vec![
                ("state", text(&r.state)),
                ("external_status", text(external)),
                ("channel", text(&r.channel)),
            ]),
        ));
    }
    Node::Obj(fields)
}

/// The date bounds of `GET requests`: W3C datetimes (a bare date is read as Vietnam's
/// midnight), within 90 days of each other.
fn date_param(s: &str) -> Result<Option<DateTime<Utc>>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| {
            Some(motcua_domain::from_vn_local(
                d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            ))
        })
        .map_err(|_| format!("{s}: not a W3C datetime (2026-12-07T08:00:00+07:00)"))
}

async fn requests(state: &AppState, format: Format, p: &BTreeMap<String, Vec<String>>) -> Response {
    let names = match Names::load(state).await {
        Ok(n) => n,
        Err(_) => return error(format, StatusCode::BAD_REQUEST, "not available"),
    };
    let extensions = first(p, "extensions") == "true";
    let mut f = ReportFilter {
        groups: vec![
            StateGroup::Open.code().into(),
            StateGroup::Fixed.code().into(),
            StateGroup::Closed.code().into(),
        ],
        ..ReportFilter::default()
    };
    let ids = first(p, "service_request_id");
    if ids.is_empty() {
        let Ok(unit) = jurisdiction(state, first(p, "jurisdiction_id")).await else {
            return error(format, StatusCode::NOT_FOUND, "jurisdiction_id not found");
        };
        if let Some(u) = unit {
            f.units = vec![u];
        }
        let codes: Vec<String> = first(p, "service_code")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        f.categories = codes;
        let mut statuses = Vec::new();
        for s in first(p, "status")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match s {
                "open" => statuses.push(StateGroup::Open.code().to_owned()),
                "closed" => statuses.extend([
                    StateGroup::Fixed.code().to_owned(),
                    StateGroup::Closed.code().to_owned(),
                ]),
                _ => return error(format, StatusCode::BAD_REQUEST, "status: open or closed"),
            }
        }
        if !statuses.is_empty() {
            f.groups = statuses;
        }
        let (start, end) = match (
            date_param(first(p, "start_date")),
            date_param(first(p, "end_date")),
        ) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) | (_, Err(m)) => return error(format, StatusCode::BAD_REQUEST, &m),
        };
        // The spec's default window: the last 90 days, or 90 days from the start given.
        let (start, end) = match (start, end) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, s + Duration::days(MAX_SPAN_DAYS)),
            (None, Some(e)) => (e - Duration::days(MAX_SPAN_DAYS), e),
            (None, None) => (Utc::now() - Duration::days(MAX_SPAN_DAYS), Utc::now()),
        };
        if end < start || end - start > Duration::days(MAX_SPAN_DAYS) + Duration::seconds(1) {
            return error(
                format,
                StatusCode::BAD_REQUEST,
                "start_date and end_date may be at most 90 days apart",
            );
        }
        f.from = Some(start);
        // `end_date` is inclusive.
        f.until = Some(end + Duration::seconds(1));
        let page_size = match first(p, "page_size") {
            "" => DEFAULT_PAGE_SIZE,
            s => match s.parse::<i64>() {
                Ok(n) if (1..=DEFAULT_PAGE_SIZE).contains(&n) => n,
                _ => return error(format, StatusCode::BAD_REQUEST, "page_size: 1 to 1000"),
            },
        };
        let page = match first(p, "page") {
            "" => 1,
            s => match s.parse::<i64>() {
                Ok(n) if (1..=100_000).contains(&n) => n,
                _ => return error(format, StatusCode::BAD_REQUEST, "page: a positive number"),
            },
        };
        f.limit = page_size;
        f.offset = (page - 1) * page_size;
    } else {
        // The spec: a list of ids overrides every other parameter.
        let codes: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .take(100)
            .collect();
        let mut found = Vec::new();
        for c in codes {
            if let Ok(r) = read::by_code(state.db(), c).await
                && r.group.is_public()
            {
                found.push(r);
            }
        }
        let rows = with_first_photos(state, found).await;
        return request_list(state, format, &names, &rows, extensions);
    }
    match read::list_with_first_photo(state.db(), &f).await {
        Ok(rows) => request_list(state, format, &names, &rows, extensions),
        Err(e) => {
            tracing::error!(error = %e, "open311 requests");
            error(
                format,
                StatusCode::BAD_REQUEST,
                "the request list is not available",
            )
        }
    }
}

/// Reports read one by one (at most 100), each with its first photo anyone may see.
async fn with_first_photos(
    state: &AppState,
    reports: Vec<ReportRecord>,
) -> Vec<(ReportRecord, Option<i64>)> {
    let ids: Vec<_> = reports.iter().map(|r| r.id).collect();
    let photos = read::first_photos(state.db(), &ids)
        .await
        .unwrap_or_default();
    reports
        .into_iter()
        .map(|r| {
            let photo = photos.iter().find(|(id, _)| *id == r.id).map(|(_, n)| *n);
            (r, photo)
        })
        .collect()
}

/// The list answer: each report with its first photo anyone may see.
fn request_list(
    state: &AppState,
    format: Format,
    names: &Names,
    rows: &[(ReportRecord, Option<i64>)],
    extensions: bool,
) -> Response {
    let list = rows
        .iter()
        .map(|(r, photo)| request_node(state, names, r, *photo, extensions))
        .collect();
    render(
        format,
        StatusCode::OK,
        "service_requests",
        &Node::List("request", list),
    )
}

/// `GET /open311/v2/requests/{id}.{fmt}`: one request, as a list of one.
async fn one_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((code, format)) = format_of(&file) else {
        return error(
            Format::Json,
            StatusCode::NOT_FOUND,
            "unknown format: use .json or .xml",
        );
    };
    let p = params(raw.as_deref());
    let Ok(r) = read::by_code(state.db(), code).await else {
        return error(
            format,
            StatusCode::NOT_FOUND,
            "service_request_id not found",
        );
    };
    if !r.group.is_public() {
        return error(
            format,
            StatusCode::NOT_FOUND,
            "service_request_id not found",
        );
    }
    let Ok(names) = Names::load(&state).await else {
        return error(format, StatusCode::BAD_REQUEST, "not available");
    };
    let rows = with_first_photos(&state, vec![r]).await;
    request_list(
        &state,
        format,
        &names,
        &rows,
        first(&p, "extensions") == "true",
    )
}

/// `POST /open311/v2/requests.{fmt}`: a new report from an Open311 client.
async fn create(
    State(state): State<AppState>,
    Path(file): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Some(("requests", format)) = format_of(&file) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "unknown resource");
    };
    let p = params(std::str::from_utf8(&body).ok());
    let lang = lang_of(&p);
    let key = first(&p, "api_key");
    let holder = match tokens::find_by_plaintext(state.db(), key, Utc::now()).await {
        Ok(TokenLookup::Valid(h)) if !key.is_empty() && h.token.has_scope(SUBMIT_SCOPE) => h,
        Ok(_) => {
            return error(
                format,
                StatusCode::FORBIDDEN,
                "api_key is missing, wrong or expired",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "open311 api_key");
            return error(
                format,
                StatusCode::BAD_REQUEST,
                "the request could not be stored",
            );
        }
    };
    let code = first(&p, "service_code");
    let Ok(all) = motcua_store::reports::setup::active_categories(state.db()).await else {
        return error(
            format,
            StatusCode::BAD_REQUEST,
            "the service list is not available",
        );
    };
    let Some(category) = all.iter().find(|c| c.code == code) else {
        return error(format, StatusCode::NOT_FOUND, "service_code not found");
    };
    match jurisdiction(&state, first(&p, "jurisdiction_id")).await {
        Err(()) => return error(format, StatusCode::NOT_FOUND, "jurisdiction_id not found"),
        Ok(Some(u)) if u != category.unit => {
            return error(
                format,
                StatusCode::NOT_FOUND,
                "service_code not found in this jurisdiction",
            );
        }
        Ok(_) => {}
    }
    let place = match Coordinates::parse(first(&p, "lat"), first(&p, "long")) {
        Ok(Some(at)) => Some(Place::Point(at)),
        Ok(None) => None,
        Err(e) => {
            return errors(
                format,
                StatusCode::BAD_REQUEST,
                vec![(e.field, lang.text(&e.message))],
            );
        }
    };
    let mut answers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, values) in &p {
        if let Some(c) = k
            .strip_prefix("attribute[")
            .and_then(|r| r.strip_suffix("][]").or_else(|| r.strip_suffix(']')))
        {
            answers
                .entry(c.to_owned())
                .or_default()
                .extend(values.iter().cloned());
        }
    }
    let name = format!("{} {}", first(&p, "first_name"), first(&p, "last_name"));
    let new = NewReport {
        category: category.code.clone(),
        place,
        title: first(&p, "title").to_owned(),
        description: first(&p, "description").to_owned(),
        address: first(&p, "address_string").to_owned(),
        answers,
        photos: Vec::new(),
        channel: Channel::Open311,
        reporter: Reporter {
            user: None,
            name: name.trim().to_owned(),
            email: first(&p, "email").to_owned(),
            phone: first(&p, "phone").to_owned(),
        },
        anonymous: true,
    };
    let actor = motcua_app::Actor {
        user: Some(holder.user.id),
        name: holder.user.full_name.clone(),
        ip: None,
        cache: None,
    };
    match filing::file(state.app(), &actor, new).await {
        Ok(r) => {
            let body = Node::List(
                "request",
                vec![Node::Obj(vec![
                    ("service_request_id", text(&r.code)),
                    (
                        "service_notice",
                        text(format!(
                            "Hạn trả lời: {}",
                            motcua_domain::vn_local(r.answer_due).format("%d/%m/%Y")
                        )),
                    ),
                    ("account_id", Node::Null),
                ])],
            );
            render(format, StatusCode::CREATED, "service_requests", &body)
        }
        Err(motcua_app::Error::Invalid(fields)) => errors(
            format,
            StatusCode::BAD_REQUEST,
            fields
                .into_iter()
                .map(|f| (f.field, lang.text(&f.message)))
                .collect(),
        ),
        Err(motcua_app::Error::NotFound) => error(format, StatusCode::NOT_FOUND, "not found"),
        Err(e) => {
            tracing::error!(error = %e, "open311 create");
            error(
                format,
                StatusCode::BAD_REQUEST,
                "the request could not be stored",
            )
        }
    }
}
