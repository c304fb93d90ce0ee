//! The public news pages: what anyone reads, only what is published and whose time has come.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use motcua_domain::comment::Subject;
use motcua_domain::news::is_public;
use motcua_domain::policy::Action;
use motcua_store::news::{self as store, ArticleCard, NoticeRecord, SectionRecord};
use serde::Deserialize;

use super::{PAGE_SIZE, article_href, may, page_number, pages_of, section_of};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::{PageCtx, unit_name, when};
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/tin-tuc", get(latest))
        .route("/tin-tuc/chuyen-muc/{slug}", get(section))
        .route("/tin-tuc/{key}", get(article))
        .route("/tin-tuc/{key}/anh/{n}", get(image))
}

/// An article on a list.
#[derive(Debug)]
pub struct Card {
    pub href: String,
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub section: String,
    pub section_href: String,
    pub published: String,
    pub has_image: bool,
}

fn cards(found: Vec<ArticleCard>, sections: &[SectionRecord]) -> Vec<Card> {
    found
        .into_iter()
        .map(|a| {
            let (slug, name) = section_of(sections, a.section);
            Card {
                href: article_href(a.number, &a.slug),
                number: a.number,
                title: a.title,
                summary: a.summary,
                section: name,
                section_href: format!("/tin-tuc/chuyen-muc/{slug}"),
                published: a.publish_at.map(when).unwrap_or_default(),
                has_image: a.has_image,
            }
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub trang: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/list.html")]
pub struct ListPage {
    p: PageCtx,
    /// The section shown, or `None` for all.
    current: Option<SectionRecord>,
    sections: Vec<SectionRecord>,
    cards: Vec<Card>,
    page: i64,
    pages: i64,
    /// The list's own address, for the pager.
    base: String,
    feed: String,
    newsroom: bool,
}

async fn list_page(
    state: &AppState,
    p: PageCtx,
    user: Option<&CurrentUser>,
    current: Option<SectionRecord>,
    page: i64,
) -> Result<ListPage, AppError> {
    let sections = store::sections(state.db()).await?;
    let (found, total) = store::public_page(
        state.db(),
        current.as_ref().map(|s| s.id),
        state.app().now(),
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let (base, feed) = match &current {
        Some(s) => (
            format!("/tin-tuc/chuyen-muc/{}", s.slug),
            format!("/tin-tuc/chuyen-muc/{}/atom.xml", s.slug),
        ),
        None => ("/tin-tuc".to_owned(), "/tin-tuc/atom.xml".to_owned()),
    };
    Ok(ListPage {
        cards: cards(found, &sections),
        sections,
        current,
        page,
        pages: pages_of(total),
        base,
        feed,
        newsroom: user.is_some_and(super::newsroom::may_enter),
        p,
    })
}

/// `GET /tin-tuc`: the latest articles of every section.
pub async fn latest(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    list_page(&state, p, user.as_ref(), None, page_number(q.trang)).await
}

/// `GET /tin-tuc/chuyen-muc/{slug}`.
pub async fn section(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let current = store::sections(state.db())
        .await?
        .into_iter()
        .find(|s| s.slug == slug)
        .ok_or(AppError::NotFound)?;
    list_page(
        &state,
        p,
        user.as_ref(),
        Some(current),
        page_number(q.trang),
    )
    .await
}

/// An image as the article page shows it.
#[derive(Debug)]
pub struct Figure {
    pub src: String,
    pub width: i64,
    pub height: i64,
    pub caption: String,
    pub credit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "news/article.html")]
pub struct ArticlePage {
    p: PageCtx,
    title: String,
    summary: String,
    body_html: String,
    author: String,
    unit: String,
    section: String,
    section_href: String,
    published: String,
    /// When a correction was published after the article, its time.
    updated: Option<String>,
    figures: Vec<Figure>,
    more: Vec<Card>,
    /// The newsroom's page of this article, for those who may act on it.
    newsroom_href: Option<String>,
    thread: crate::comments::Thread,
}

#[derive(Debug, Default, Deserialize)]
pub struct ArticleQuery {
    #[serde(default)]
    pub binh_luan: Option<String>,
    #[serde(default)]
    pub trang_binh_luan: Option<i64>,
}

/// The number at the start of `{number}-{slug}`.
fn number_of(key: &str) -> Result<i64, AppError> {
    key.split('-')
        .next()
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or(AppError::NotFound)
}

/// `GET /tin-tuc/{number}-{slug}`: a published article. Another address part (an old title,
/// none) is sent to the article's own address.
pub async fn article(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
    Path(key): Path<String>,
    Query(q): Query<ArticleQuery>,
) -> Result<Response, AppError> {
    let a = store::get_by_number(state.db(), number_of(&key)?).await?;
    let now = state.app().now();
    if !is_public(a.state, a.publish_at, now) {
        return Err(AppError::NotFound);
    }
    let href = article_href(a.number, &a.slug);
    if key != href.trim_start_matches("/tin-tuc/") {
        return Ok(Redirect::permanent(&href).into_response());
    }
    let thread = crate::comments::thread(
        &state,
        user.as_ref(),
        Subject::Article(a.id),
        &href,
        q.binh_luan.as_deref(),
        q.trang_binh_luan,
    )
    .await?;
    let sections = store::sections(state.db()).await?;
    let (slug, section) = section_of(&sections, a.section);
    let figures = store::images(state.db(), a.id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(n, im)| Figure {
            src: format!("/tin-tuc/{}/anh/{n}", a.number),
            width: im.width,
            height: im.height,
            caption: im.caption,
            credit: im.credit,
        })
        .collect();
    let more = store::latest_in_section(state.db(), a.section, now, 6).await?;
    let more = cards(
        more.into_iter().filter(|m| m.id != a.id).take(5).collect(),
        &sections,
    );
    let staff = may(&state, user.as_ref(), Action::EditNews, a.unit).await
        || may(&state, user.as_ref(), Action::ApproveNews, a.unit).await;
    let published = a.publish_at.unwrap_or(a.created_at);
    let unit = unit_name(&state, a.unit).await;
    Ok(ArticlePage {
        title: a.title,
        summary: a.summary,
        body_html: a.body_html,
        author: a.author,
        unit,
        section,
        section_href: format!("/tin-tuc/chuyen-muc/{slug}"),
        published: when(published),
        updated: (a.updated_at > published).then(|| when(a.updated_at)),
        figures,
        more,
        newsroom_href: staff.then(|| format!("/toa-soan/bai/{}", a.id)),
        thread,
        p,
    }
    .into_response())
}

/// `GET /tin-tuc/{number}/anh/{n}`: an image of a published article, or of one the person
/// works on in the newsroom.
pub async fn image(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path((key, n)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let number = key.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let n = n.parse::<usize>().map_err(|_| AppError::NotFound)?;
    let a = store::get_by_number(state.db(), number).await?;
    let public = is_public(a.state, a.publish_at, state.app().now());
    if !public
        && !may(&state, user.as_ref(), Action::EditNews, a.unit).await
        && !may(&state, user.as_ref(), Action::ApproveNews, a.unit).await
    {
        return Err(AppError::NotFound);
    }
    let im = store::images(state.db(), a.id)
        .await?
        .into_iter()
        .nth(n)
        .ok_or(AppError::NotFound)?;
    let file = motcua_store::dossiers::get_file(state.db(), &im.sha256).await?;
    // Short: an image removed from an article, or an article withdrawn, leaves caches soon.
    let cache = if public {
        "public, max-age=300"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        file.content,
    )
        .into_response())
}

/// What the home page shows of the news: the notices in force and the latest articles.
#[derive(Debug, Default)]
pub struct HomeNews {
    pub notices: Vec<NoticeView>,
    pub latest: Vec<Card>,
}

#[derive(Debug)]
pub struct NoticeView {
    pub title: String,
    pub body: String,
    pub until: String,
}

impl From<NoticeRecord> for NoticeView {
    fn from(n: NoticeRecord) -> Self {
        Self {
            title: n.title,
            body: n.body,
            until: when(n.ends_at),
        }
    }
}

pub(crate) async fn home_news(state: &AppState) -> Result<HomeNews, AppError> {
    let now = state.app().now();
    let notices = store::current_notices(state.db(), now)
        .await?
        .into_iter()
        .map(NoticeView::from)
        .collect();
    let sections = store::sections(state.db()).await?;
    let (latest, _) = store::public_page(state.db(), None, now, 0, 4).await?;
    Ok(HomeNews {
        notices,
        latest: cards(latest, &sections),
    })
}
