//! The Atom feeds of the news (all sections, and one a section) and the sitemap of the public
//! pages. Links are absolute with the server's configured public URL (`--public-url`); without
//! one they are paths, which feed readers resolve against the feed's own address.

use atom_syndication::{Entry, Feed, Link, Person, Text};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, FixedOffset, Utc};
use motcua_store::news::{self as store, SectionRecord};

use super::article_href;
use crate::error::AppError;
use crate::state::AppState;

/// Entries in a feed.
const FEED_ENTRIES: i64 = 30;
/// The sitemap protocol's limit of addresses in one file.
const SITEMAP_MAX: i64 = 50_000;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/tin-tuc/atom.xml", get(all_feed))
        .route("/tin-tuc/chuyen-muc/{slug}/atom.xml", get(section_feed))
        .route("/sitemap.xml", get(sitemap))
}

fn vn(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&motcua_domain::vn_time::vn_offset())
}

fn link(href: String, rel: &str) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l
}

async fn feed(state: &AppState, section: Option<&SectionRecord>) -> Result<Response, AppError> {
    let base = state.public_base();
    let now = state.app().now();
    let (found, _) =
        store::public_page(state.db(), section.map(|s| s.id), now, 0, FEED_ENTRIES).await?;
    let (title, path, id) = match section {
        Some(s) => (
            s.name.clone(),
            format!("/tin-tuc/chuyen-muc/{}", s.slug),
            format!("urn:uuid:{}", s.id),
        ),
        None => (
            "Tin tức".to_owned(),
            "/tin-tuc".to_owned(),
            format!("{base}/tin-tuc"),
        ),
    };
    let mut feed = Feed::default();
    feed.set_title(Text::plain(title));
    feed.set_id(if id.starts_with("urn:") || !base.is_empty() {
        id
    } else {
        "urn:motcua:tin-tuc".to_owned()
    });
    feed.set_lang("vi".to_owned());
    feed.set_links(vec![
        link(format!("{base}{path}"), "alternate"),
        link(format!("{base}{path}/atom.xml"), "self"),
    ]);
    // A feed's time is its latest entry's, so that a reader polling it sees no change
    // until there is one.
    feed.set_updated(vn(found.iter().map(|a| a.updated_at).max().unwrap_or(now)));
    let entries = found
        .into_iter()
        .map(|a| {
            let mut e = Entry::default();
            e.set_title(Text::plain(a.title));
            e.set_id(format!("urn:uuid:{}", a.id));
            e.set_links(vec![link(
                format!("{base}{}", article_href(a.number, &a.slug)),
                "alternate",
            )]);
            let published = a.publish_at.unwrap_or(a.updated_at);
            e.set_published(Some(vn(published)));
            e.set_updated(vn(a.updated_at.max(published)));
            e.set_summary(Some(Text::plain(a.summary)));
            let mut author = Person::default();
            author.set_name(a.author);
            e.set_authors(vec![author]);
            e
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        feed.to_string(),
    )
        .into_response())
}

/// `GET /tin-tuc/atom.xml`.
pub async fn all_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    feed(&state, None).await
}

/// `GET /tin-tuc/chuyen-muc/{slug}/atom.xml`.
pub async fn section_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let section = store::sections(state.db())
        .await?
        .into_iter()
        .find(|s| s.slug == slug)
        .ok_or(AppError::NotFound)?;
    feed(&state, Some(&section)).await
}

/// The five characters XML gives a meaning to, escaped. The sitemap is a list of addresses;
/// a writer crate would add nothing to these few lines.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `GET /sitemap.xml`: the public pages that change (the home page, the news, its sections,
/// each published article with its last change, the polls, the place reports, the catalogue).
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = state.public_base();
    let now = state.app().now();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, modified: Option<DateTime<Utc>>| {
        xml.push_str("<url><loc>");
        xml.push_str(&xml_escape(&format!("{base}{path}")));
        xml.push_str("</loc>");
        if let Some(m) = modified {
            xml.push_str("<lastmod>");
            xml.push_str(&vn(m).to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    for path in [
        "/",
        "/tin-tuc",
        "/tham-do",
        "/phan-anh",
        "/procedures",
        "/tra-cuu",
    ] {
        url(path, None);
    }
    for s in store::sections(state.db()).await? {
        url(&format!("/tin-tuc/chuyen-muc/{}", s.slug), None);
    }
    let reserved = 6 + 1_000;
    for (number, slug, updated) in
        store::public_addresses(state.db(), now, SITEMAP_MAX - reserved).await?
    {
        url(&article_href(number, &slug), Some(updated));
    }
    xml.push_str("</urlset>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        xml,
    )
        .into_response())
}
