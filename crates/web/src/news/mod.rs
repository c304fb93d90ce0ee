//! News in the web layer: the public pages (the latest articles, a section's, an article with
//! its images), the Atom feeds and the sitemap; the newsroom, where editors write and submit and
//! approvers publish, return and withdraw, keep the sections and put notices on the home page.
//! Thin layers over `motcua_app::news`.
//!
//! URLs: `/tin-tuc` (latest, `?trang=`), `/tin-tuc/chuyen-muc/{slug}` (a section),
//! `/tin-tuc/{number}-{slug}` (an article; the number alone redirects), `/tin-tuc/{number}/anh/
//! {n}` (its images), `/tin-tuc/atom.xml`, `/tin-tuc/chuyen-muc/{slug}/atom.xml`,
//! `/sitemap.xml`; `/toa-soan` (the newsroom) and below it the article forms, the sections and
//! the notices.

mod feeds;
mod newsroom;
mod public;

use axum::Router;
use motcua_domain::ids::UnitId;
use motcua_domain::policy::Action;
use motcua_store::news::SectionRecord;

use crate::auth::CurrentUser;
use crate::authz;
use crate::state::AppState;

/// Articles per page of a public list.
const PAGE_SIZE: i64 = 12;

pub(crate) fn pages() -> Router<AppState> {
    public::router()
        .merge(feeds::router())
        .merge(newsroom::router())
}

pub(crate) use public::{HomeNews, home_news};

/// Whether the person may do `action` on an article or notice of `unit`.
async fn may(state: &AppState, user: Option<&CurrentUser>, action: Action, unit: UnitId) -> bool {
    user.is_some()
        && authz::require(state, user, action, Some(unit))
            .await
            .is_ok()
}

/// The public address of an article.
fn article_href(number: i64, slug: &str) -> String {
    format!("/tin-tuc/{number}-{slug}")
}

fn section_of(sections: &[SectionRecord], id: motcua_domain::ids::SectionId) -> (String, String) {
    sections
        .iter()
        .find(|s| s.id == id)
        .map(|s| (s.slug.clone(), s.name.clone()))
        .unwrap_or_default()
}

/// The page number of `?trang=`, bounded so that no offset overflows.
fn page_number(raw: Option<i64>) -> i64 {
    raw.unwrap_or(1).clamp(1, 10_000)
}

fn pages_of(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}
