//! News: sections, articles with every revision and their images, and the home page's notices.
//!
//! An article row holds the text of its latest revision and its body rendered to safe HTML (so
//! a page read costs no Markdown work); `article_revision` keeps every saved version. Public
//! reads take the moment to read at: an article scheduled for later is not public before it.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ArticleId, NoticeId, SectionId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::news::{
    ArticleState, ArticleText, CommentModeration, NoticeDraft, SectionDraft,
};

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{OnConflict, StoreError, StoreResult};
use crate::filter::{Arg, Where, bind_args};

fn corrupt(table: &'static str) -> impl Fn(motcua_domain::DomainError) -> StoreError {
    move |e| StoreError::corrupt(table, e)
}

// ---- sections ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRecord {
    pub id: SectionId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub moderation: CommentModeration,
}

type SectionRow = (String, String, String, String, String);

fn parse_section(r: SectionRow) -> StoreResult<SectionRecord> {
    Ok(SectionRecord {
        id: SectionId::parse(&r.0).map_err(corrupt("news_section"))?,
        slug: r.1,
        name: r.2,
        description: r.3,
        moderation: CommentModeration::parse(&r.4)
            .ok_or_else(|| StoreError::corrupt("news_section", format!("moderation {}", r.4)))?,
    })
}

const SECTION_COLUMNS: &str = "section_id, slug, name, description, comment_moderation";

/// Adds a section; its address part is unique.
pub async fn create_section(
    tx: &mut Tx,
    ctx: &AuditContext,
    draft: &SectionDraft,
    at: DateTime<Utc>,
) -> StoreResult<SectionId> {
    const SQL: &str = "INSERT INTO news_section (section_id, slug, name, description, \
        comment_moderation, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    let id = SectionId::new();
    let inserted = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(&draft.slug)
            .bind(&draft.name)
            .bind(&draft.description)
            .bind(draft.moderation.code())
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|_| ())
    });
    inserted.map_err(StoreError::from).on_unique(
        "news_section",
        "slug",
        Text::id("store-conflict-news_section"),
    )?;
    let public = serde_json::json!({
        "slug": draft.slug,
        "name": draft.name,
        "comment_moderation": draft.moderation.code(),
    });
    audit::record(
        tx,
        ctx,
        "news.section_create",
        "news_section",
        &id.to_string(),
        None::<&()>,
        Some(&public),
    )
    .await?;
    Ok(id)
}

/// Every section, by name.
pub async fn sections(db: &Db) -> StoreResult<Vec<SectionRecord>> {
    let sql = format!("SELECT {SECTION_COLUMNS} FROM news_section ORDER BY name");
    let rows: Vec<SectionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?
    });
    rows.into_iter().map(parse_section).collect()
}

// ---- articles ----

/// An article as it stands.
#[derive(Clone, Debug)]
pub struct ArticleRecord {
    pub id: ArticleId,
    pub number: i64,
    pub section: SectionId,
    pub unit: UnitId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The Markdown its editors wrote.
    pub body: String,
    /// The body rendered and sanitised at save.
    pub body_html: String,
    pub author: String,
    pub state: ArticleState,
    pub revision: i64,
    pub publish_at: Option<DateTime<Utc>>,
    /// Why it was last returned or withdrawn; empty otherwise.
    pub state_reason: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const ARTICLE_COLUMNS: &str = "article_id, number, section_id, unit_id, slug, title, summary, \
    body, body_html, author_name, state, revision, publish_at, state_reason, created_by, \
    created_at, updated_at";

#[derive(sqlx::FromRow)]
struct ArticleRow {
    article_id: String,
    number: i64,
    section_id: String,
    unit_id: String,
    slug: String,
    title: String,
    summary: String,
    body: String,
    body_html: String,
    author_name: String,
    state: String,
    revision: i64,
    publish_at: Option<DateTime<Utc>>,
    state_reason: String,
    created_by: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn parse_article(r: ArticleRow) -> StoreResult<ArticleRecord> {
    Ok(ArticleRecord {
        id: ArticleId::parse(&r.article_id).map_err(corrupt("article"))?,
        number: r.number,
        section: SectionId::parse(&r.section_id).map_err(corrupt("article"))?,
        unit: UnitId::parse(&r.unit_id).map_err(corrupt("article"))?,
        slug: r.slug,
        title: r.title,
        summary: r.summary,
        body: r.body,
        body_html: r.body_html,
        author: r.author_name,
        state: ArticleState::parse(&r.state)
            .ok_or_else(|| StoreError::corrupt("article", format!("state {}", r.state)))?,
        revision: r.revision,
        publish_at: r.publish_at,
        state_reason: r.state_reason,
        created_by: r
            .created_by
            .as_deref()
            .map(UserId::parse)
            .transpose()
            .map_err(corrupt("article"))?,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// An image of an article, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRecord {
    pub sha256: String,
    pub width: i64,
    pub height: i64,
    pub caption: String,
    pub credit: String,
}

/// What a save writes: the checked text, its rendered body, its address part and its images.
#[derive(Clone, Debug)]
pub struct ArticleSave<'a> {
    pub text: &'a ArticleText,
    pub body_html: &'a str,
    pub slug: &'a str,
    pub images: &'a [ImageRecord],
}

async fn next_number(tx: &mut Tx) -> StoreResult<i64> {
    const SQL: &str = "INSERT INTO article_sequence (name, last_number) VALUES ('article', 1) \
        ON CONFLICT (name) DO UPDATE SET last_number = article_sequence.last_number + 1 \
        RETURNING last_number";
    Ok(on_tx!(tx, c => {
        sqlx::query_scalar(SQL).fetch_one(&mut *c).await?
    }))
}

async fn write_revision(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: ArticleId,
    revision: i64,
    save: &ArticleSave<'_>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO article_revision (article_id, revision, section_id, title, \
        summary, body, author_name, edited_by, edited_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(revision)
            .bind(save.text.section.to_string())
            .bind(&save.text.title)
            .bind(&save.text.summary)
            .bind(&save.text.body)
            .bind(&save.text.author)
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

async fn write_images(tx: &mut Tx, id: ArticleId, images: &[ImageRecord]) -> StoreResult<()> {
    const CLEAR: &str = "DELETE FROM article_image WHERE article_id = $1";
    const SQL: &str = "INSERT INTO article_image (article_id, position, sha256, width, height, \
        caption, credit) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, c => {
        sqlx::query(CLEAR).bind(id.to_string()).execute(&mut *c).await?;
    });
    for (position, im) in images.iter().enumerate() {
        on_tx!(tx, c => {
            sqlx::query(SQL)
                .bind(id.to_string())
                .bind(i64::try_from(position).unwrap_or(0))
                .bind(&im.sha256)
                .bind(im.width)
                .bind(im.height)
                .bind(&im.caption)
                .bind(&im.credit)
                .execute(&mut *c)
                .await?;
        });
    }
    Ok(())
}

/// What the audit log keeps of a revision: its text's digest, not the text.
fn revision_digest(save: &ArticleSave<'_>, revision: i64) -> serde_json::Value {
    use sha2::{Digest, Sha256};
    serde_json::json!({
        "revision": revision,
        "section": save.text.section,
        "unit": save.text.unit,
        "title": save.text.title,
        "body_sha256": hex::encode(Sha256::digest(save.text.body.as_bytes())),
        "images": save.images.iter().map(|i| &i.sha256).collect::<Vec<_>>(),
    })
}

/// A new article, as a draft at revision 1. Returns its id and number.
pub async fn create(
    tx: &mut Tx,
    ctx: &AuditContext,
    save: &ArticleSave<'_>,
    at: DateTime<Utc>,
) -> StoreResult<(ArticleId, i64)> {
    const SQL: &str = "INSERT INTO article (article_id, number, section_id, unit_id, slug, title, \
        summary, body, body_html, author_name, state, revision, publish_at, state_reason, \
        created_by, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, NULL, '', $12, $13, $13)";
    let id = ArticleId::new();
    let number = next_number(tx).await?;
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(number)
            .bind(save.text.section.to_string())
            .bind(save.text.unit.to_string())
            .bind(save.slug)
            .bind(&save.text.title)
            .bind(&save.text.summary)
            .bind(&save.text.body)
            .bind(save.body_html)
            .bind(&save.text.author)
            .bind(ArticleState::Draft.code())
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    write_revision(tx, ctx, id, 1, save, at).await?;
    write_images(tx, id, save.images).await?;
    audit::record(
        tx,
        ctx,
        "news.create",
        "article",
        &id.to_string(),
        None::<&()>,
        Some(&revision_digest(save, 1)),
    )
    .await?;
    Ok((id, number))
}

fn edited_meanwhile() -> StoreError {
    StoreError::Conflict {
        entity: "article",
        field: "revision",
        message: Text::id("store-conflict-article-revision"),
    }
}

/// Saves a new revision over `expected` (the revision the editor started from) of an article
/// in state `from`, leaving it in `to`. Another save or step since is a conflict, and nothing
/// is written.
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: ArticleId,
    expected: i64,
    (from, to): (ArticleState, ArticleState),
    save: &ArticleSave<'_>,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    const SQL: &str = "UPDATE article SET section_id = $1, unit_id = $2, slug = $3, title = $4, \
        summary = $5, body = $6, body_html = $7, author_name = $8, revision = revision + 1, \
        updated_at = $9, state = $12 WHERE article_id = $10 AND revision = $11 AND state = $13";
    let written = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(save.text.section.to_string())
            .bind(save.text.unit.to_string())
            .bind(save.slug)
            .bind(&save.text.title)
            .bind(&save.text.summary)
            .bind(&save.text.body)
            .bind(save.body_html)
            .bind(&save.text.author)
            .bind(at)
            .bind(id.to_string())
            .bind(expected)
            .bind(to.code())
            .bind(from.code())
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if written == 0 {
        return Err(edited_meanwhile());
    }
    let revision = expected + 1;
    write_revision(tx, ctx, id, revision, save, at).await?;
    write_images(tx, id, save.images).await?;
    audit::record(
        tx,
        ctx,
        "news.edit",
        "article",
        &id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({
            "revision": revision_digest(save, revision),
            "state": to.code(),
        })),
    )
    .await?;
    Ok(revision)
}

/// Moves an article from `from` to `to` at `revision` (the one its actor saw); `publish_at` is
/// set by an approval and kept otherwise. Another change since is a conflict.
#[allow(clippy::too_many_arguments)]
pub async fn change_state(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: ArticleId,
    revision: i64,
    from: ArticleState,
    to: ArticleState,
    publish_at: Option<DateTime<Utc>>,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE article SET state = $1, publish_at = COALESCE($2, publish_at), \
        state_reason = $3, updated_at = $4 \
        WHERE article_id = $5 AND state = $6 AND revision = $7";
    let written = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(to.code())
            .bind(publish_at)
            .bind(reason)
            .bind(at)
            .bind(id.to_string())
            .bind(from.code())
            .bind(revision)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if written == 0 {
        return Err(edited_meanwhile());
    }
    audit::record(
        tx,
        ctx,
        &format!("news.{}", to.code()),
        "article",
        &id.to_string(),
        Some(&serde_json::json!({ "state": from.code() })),
        Some(&serde_json::json!({
            "state": to.code(),
            "revision": revision,
            "publish_at": publish_at,
            "reason": reason,
        })),
    )
    .await
    .map(|_| ())
}

async fn one_article(db: &Db, column: &str, value: String) -> StoreResult<ArticleRecord> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM article WHERE {column} = $1");
    let row: Option<ArticleRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(value).fetch_optional(p).await?
    });
    parse_article(row.ok_or(StoreError::NotFound { entity: "article" })?)
}

pub async fn get(db: &Db, id: ArticleId) -> StoreResult<ArticleRecord> {
    one_article(db, "article_id", id.to_string()).await
}

/// The article with this public number, whatever its state: the caller decides who sees it.
pub async fn get_by_number(db: &Db, number: i64) -> StoreResult<ArticleRecord> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM article WHERE number = $1");
    let row: Option<ArticleRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(number).fetch_optional(p).await?
    });
    parse_article(row.ok_or(StoreError::NotFound { entity: "article" })?)
}

/// An article on a list: enough for a card and a feed entry.
#[derive(Clone, Debug)]
pub struct ArticleCard {
    pub id: ArticleId,
    pub number: i64,
    pub section: SectionId,
    pub unit: UnitId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub state: ArticleState,
    pub publish_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Whether it has an image (its first is the card's picture).
    pub has_image: bool,
}

const CARD_COLUMNS: &str = "a.article_id, a.number, a.section_id, a.unit_id, a.slug, a.title, \
    a.summary, a.author_name, a.state, a.publish_at, a.updated_at, \
    EXISTS (SELECT 1 FROM article_image i WHERE i.article_id = a.article_id) AS has_image";

#[derive(sqlx::FromRow)]
struct CardRow {
    article_id: String,
    number: i64,
    section_id: String,
    unit_id: String,
    slug: String,
    title: String,
    summary: String,
    author_name: String,
    state: String,
    publish_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    has_image: bool,
}

fn parse_card(r: CardRow) -> StoreResult<ArticleCard> {
    Ok(ArticleCard {
        id: ArticleId::parse(&r.article_id).map_err(corrupt("article"))?,
        number: r.number,
        section: SectionId::parse(&r.section_id).map_err(corrupt("article"))?,
        unit: UnitId::parse(&r.unit_id).map_err(corrupt("article"))?,
        slug: r.slug,
        title: r.title,
        summary: r.summary,
        author: r.author_name,
        state: ArticleState::parse(&r.state)
            .ok_or_else(|| StoreError::corrupt("article", format!("state {}", r.state)))?,
        publish_at: r.publish_at,
        updated_at: r.updated_at,
        has_image: r.has_image,
    })
}

/// A page of the articles public at `now`, the latest published first; in one section or in
/// all. Returns the page and how many there are in all.
pub async fn public_page(
    db: &Db,
    section: Option<SectionId>,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<ArticleCard>, i64)> {
    let filter = "a.state = 'published' AND a.publish_at <= $1 \
        AND ($2 = '' OR a.section_id = $2)";
    let section = section.map(|s| s.to_string()).unwrap_or_default();
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM article a WHERE {filter} \
         ORDER BY a.publish_at DESC, a.number DESC LIMIT $3 OFFSET $4"
    );
    let count = format!("SELECT COUNT(*) FROM article a WHERE {filter}");
    let (rows, total): (Vec<CardRow>, i64) = on_pool!(db, p => {
        let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(&section)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await?;
        let total = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
            .bind(now)
            .bind(&section)
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    Ok((
        rows.into_iter()
            .map(parse_card)
            .collect::<StoreResult<_>>()?,
        total,
    ))
}

/// The latest `limit` articles public at `now` in a section, for an article's "more" list:
/// one read, no count.
pub async fn latest_in_section(
    db: &Db,
    section: SectionId,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<ArticleCard>> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM article a WHERE a.state = 'published' AND a.publish_at <= $1 \
         AND a.section_id = $2 ORDER BY a.publish_at DESC, a.number DESC LIMIT $3"
    );
    let rows: Vec<CardRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(section.to_string())
            .bind(limit)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(parse_card).collect()
}

/// The articles in one state, the last changed first, at most `limit`, in `units` (`None`:
/// everywhere): the newsroom's list, filtered in the query so that a busy unit elsewhere does
/// not push a ward's articles off it.
pub async fn newsroom(
    db: &Db,
    state: ArticleState,
    units: Option<&[UnitId]>,
    limit: i64,
) -> StoreResult<Vec<ArticleCard>> {
    let mut w = Where::default();
    w.cond("a.state = ?", Arg::Text(state.code().to_owned()));
    if let Some(units) = units {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        w.in_units("a.unit_id", units);
    }
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM article a {} ORDER BY a.updated_at DESC, a.number DESC \
         LIMIT {}",
        w.clause(),
        limit.clamp(1, 1_000)
    );
    let rows: Vec<CardRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(parse_card).collect()
}

/// Every article public at `now` for the sitemap: number, address part, last change.
pub async fn public_addresses(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<(i64, String, DateTime<Utc>)>> {
    const SQL: &str = "SELECT number, slug, updated_at FROM article \
        WHERE state = 'published' AND publish_at <= $1 ORDER BY number DESC LIMIT $2";
    Ok(on_pool!(db, p => {
        sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(p).await?
    }))
}

pub async fn images(db: &Db, id: ArticleId) -> StoreResult<Vec<ImageRecord>> {
    const SQL: &str = "SELECT sha256, width, height, caption, credit FROM article_image \
        WHERE article_id = $1 ORDER BY position";
    let rows: Vec<(String, i64, i64, String, String)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|(sha256, width, height, caption, credit)| ImageRecord {
            sha256,
            width,
            height,
            caption,
            credit,
        })
        .collect())
}

/// A saved version of an article's text.
#[derive(Clone, Debug)]
pub struct RevisionRecord {
    pub revision: i64,
    pub section: SectionId,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub author: String,
    pub edited_by: Option<UserId>,
    pub edited_at: DateTime<Utc>,
}

/// Every revision of an article, the latest first.
pub async fn revisions(db: &Db, id: ArticleId) -> StoreResult<Vec<RevisionRecord>> {
    const SQL: &str = "SELECT revision, section_id, title, summary, body, author_name, edited_by, \
        edited_at FROM article_revision WHERE article_id = $1 ORDER BY revision DESC";
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(RevisionRecord {
                revision: r.0,
                section: SectionId::parse(&r.1).map_err(corrupt("article_revision"))?,
                title: r.2,
                summary: r.3,
                body: r.4,
                author: r.5,
                edited_by: r
                    .6
                    .as_deref()
                    .map(UserId::parse)
                    .transpose()
                    .map_err(corrupt("article_revision"))?,
                edited_at: r.7,
            })
        })
        .collect()
}

// ---- notices ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeRecord {
    pub id: NoticeId,
    pub unit: UnitId,
    pub title: String,
    pub body: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

type NoticeRow = (String, String, String, String, DateTime<Utc>, DateTime<Utc>);

fn parse_notice(r: NoticeRow) -> StoreResult<NoticeRecord> {
    Ok(NoticeRecord {
        id: NoticeId::parse(&r.0).map_err(corrupt("notice"))?,
        unit: UnitId::parse(&r.1).map_err(corrupt("notice"))?,
        title: r.2,
        body: r.3,
        starts_at: r.4,
        ends_at: r.5,
    })
}

pub async fn create_notice(
    tx: &mut Tx,
    ctx: &AuditContext,
    draft: &NoticeDraft,
    at: DateTime<Utc>,
) -> StoreResult<NoticeId> {
    const SQL: &str = "INSERT INTO notice (notice_id, unit_id, title, body, starts_at, ends_at, \
        created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let id = NoticeId::new();
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(id.to_string())
            .bind(draft.unit.to_string())
            .bind(&draft.title)
            .bind(&draft.body)
            .bind(draft.starts_at)
            .bind(draft.ends_at)
            .bind(ctx.actor.map(|u| u.to_string()))
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    audit::record(
        tx,
        ctx,
        "notice.create",
        "notice",
        &id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({
            "unit": draft.unit,
            "title": draft.title,
            "starts_at": draft.starts_at,
            "ends_at": draft.ends_at,
        })),
    )
    .await?;
    Ok(id)
}

/// Ends a notice now; one already ended is left alone (and not found).
pub async fn end_notice(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: NoticeId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "UPDATE notice SET ends_at = $1 WHERE notice_id = $2 AND ends_at > $1";
    let written = on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(at)
            .bind(id.to_string())
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if written == 0 {
        return Err(StoreError::NotFound { entity: "notice" });
    }
    audit::record(
        tx,
        ctx,
        "notice.end",
        "notice",
        &id.to_string(),
        None::<&()>,
        Some(&serde_json::json!({ "ends_at": at })),
    )
    .await
    .map(|_| ())
}

pub async fn get_notice(db: &Db, id: NoticeId) -> StoreResult<NoticeRecord> {
    const SQL: &str = "SELECT notice_id, unit_id, title, body, starts_at, ends_at FROM notice \
        WHERE notice_id = $1";
    let row: Option<NoticeRow> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_optional(p).await?
    });
    parse_notice(row.ok_or(StoreError::NotFound { entity: "notice" })?)
}

/// The notices shown at `now`, the latest started first.
pub async fn current_notices(db: &Db, now: DateTime<Utc>) -> StoreResult<Vec<NoticeRecord>> {
    const SQL: &str = "SELECT notice_id, unit_id, title, body, starts_at, ends_at FROM notice \
        WHERE starts_at <= $1 AND ends_at > $1 ORDER BY starts_at DESC LIMIT 10";
    let rows: Vec<NoticeRow> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(now).fetch_all(p).await?
    });
    rows.into_iter().map(parse_notice).collect()
}

/// The notices not yet ended at `now`, and those ended in the last 30 days, in `units` (`None`:
/// everywhere): the approver's list.
pub async fn recent_notices(
    db: &Db,
    now: DateTime<Utc>,
    units: Option<&[UnitId]>,
) -> StoreResult<Vec<NoticeRecord>> {
    let mut w = Where::default();
    w.cond("ends_at > ?", Arg::Time(now - chrono::Duration::days(30)));
    if let Some(units) = units {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        w.in_units("unit_id", units);
    }
    let sql = format!(
        "SELECT notice_id, unit_id, title, body, starts_at, ends_at FROM notice {} \
         ORDER BY ends_at DESC LIMIT 200",
        w.clause()
    );
    let rows: Vec<NoticeRow> = on_pool!(db, p => {
        bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_all(p)
            .await?
    });
    rows.into_iter().map(parse_notice).collect()
}
