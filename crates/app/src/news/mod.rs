//! News: an editor writes an article and submits it; an approver publishes it (now or at a set
//! time), returns it with a reason, or withdraws it; every save is a revision. An approver also
//! keeps the sections and puts notices on the home page. The caller has checked the actor's
//! role in the article's unit (`EditNews`, `ApproveNews`, `PostNotice`); the rules of the
//! article's state and of who may approve what are checked here.

pub mod body;

use chrono::{DateTime, Utc};
use motcua_domain::FieldError;
use motcua_domain::ids::{ArticleId, NoticeId, SectionId};
use motcua_domain::message::Text;
use motcua_domain::news::{
    self, ArticleState, ArticleText, MAX_IMAGES, NoticeDraft, RawArticle, RawNotice, SectionDraft,
    Step,
};
use motcua_store::dossiers::{StoredFile, store_file};
use motcua_store::news::{self as store, ArticleSave, ImageRecord};

use crate::reports::photos;
use crate::{Actor, Context, Error, FieldMessage, Result};

fn invalid(errors: Vec<FieldError>) -> Error {
    Error::Invalid(
        errors
            .into_iter()
            .map(|e| FieldMessage::new(e.field, e.message))
            .collect(),
    )
}

/// A picture sent with an article, with what is printed under it.
#[derive(Clone, Debug, Default)]
pub struct ImageUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub caption: String,
    pub credit: String,
}

/// An image the article has, kept (with its caption and credit as edited) or not.
#[derive(Clone, Debug, Default)]
pub struct ImageEdit {
    pub position: usize,
    pub caption: String,
    pub credit: String,
    pub remove: bool,
}

/// Checks and renders each new picture (upright, at most 1,600 px, without metadata), and
/// every caption and credit; every problem at once.
fn accept_images(
    kept: Vec<ImageRecord>,
    uploads: &[ImageUpload],
) -> Result<(Vec<ImageRecord>, Vec<StoredFile>)> {
    let mut errors = Vec::new();
    let mut images = kept;
    let mut files = Vec::new();
    for (i, up) in uploads.iter().enumerate() {
        let position = images.len() + 1;
        let (caption, credit) = match news::image_text(&format!("new_{i}"), &up.caption, &up.credit)
        {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        let accepted = match photos::accept(&format!("image_new_{i}"), &up.file_name, &up.bytes) {
            Ok(a) => a,
            Err(Error::Invalid(f)) => {
                errors.extend(f.into_iter().map(|f| FieldError::new(f.field, f.message)));
                continue;
            }
            Err(other) => return Err(other),
        };
        let Ok(photo) = photos::render(&accepted.bytes, accepted.orientation) else {
            errors.push(FieldError::new(
                format!("image_new_{i}"),
                Text::with(
                    "validation-report-photo_broken",
                    vec![("name", up.file_name.clone().into())],
                ),
            ));
            continue;
        };
        if position > MAX_IMAGES {
            errors.push(FieldError::new(
                format!("image_new_{i}"),
                Text::with(
                    "validation-news-images",
                    vec![("max", i64::try_from(MAX_IMAGES).unwrap_or(0).into())],
                ),
            ));
            continue;
        }
        images.push(ImageRecord {
            sha256: photo.sha256.clone(),
            width: i64::from(photo.width),
            height: i64::from(photo.height),
            caption,
            credit,
        });
        files.push(StoredFile {
            sha256: photo.sha256,
            kind: "jpeg".into(),
            content: photo.jpeg,
        });
    }
    if errors.is_empty() {
        Ok((images, files))
    } else {
        Err(invalid(errors))
    }
}

/// Refuses a section id that names no section (a stale form, a hand-made request).
async fn refuse_unknown_section(ctx: &Context, raw: &RawArticle) -> Result<()> {
    if let Some(section) = raw.section
        && !store::sections(ctx.db())
            .await?
            .iter()
            .any(|s| s.id == section)
    {
        return Err(Error::field("section", Text::id("validation-news-section")));
    }
    Ok(())
}

fn check_text(raw: RawArticle) -> Result<(ArticleText, String, String)> {
    let text = ArticleText::parse(raw).map_err(invalid)?;
    let html = body::render(&text.body);
    let mut slug = news::slugify(&text.title);
    if slug.is_empty() {
        slug = "bai-viet".into();
    }
    Ok((text, html, slug))
}

/// A new article, as a draft. Returns its id.
pub async fn create(
    ctx: &Context,
    actor: &Actor,
    raw: RawArticle,
    uploads: &[ImageUpload],
) -> Result<ArticleId> {
    refuse_unknown_section(ctx, &raw).await?;
    let text = check_text(raw);
    let images = accept_images(Vec::new(), uploads);
    let ((text, html, slug), (images, files)) = both(text, images)?;
    let mut tx = ctx.db().begin().await?;
    for f in &files {
        store_file(&mut tx, f, ctx.now()).await?;
    }
    let save = ArticleSave {
        text: &text,
        body_html: &html,
        slug: &slug,
        images: &images,
    };
    let (id, _) = store::create(&mut tx, &actor.audit(), &save, ctx.now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Both results, or every field message of both.
fn both<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Error::Invalid(mut x)), Err(Error::Invalid(y))) => {
            x.extend(y);
            Err(Error::Invalid(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Saves a new revision of the article from `revision`, the one the form was filled from. An
/// editor may change a draft; an approver (`as_approver`) any article. A correction to a
/// published article goes back to "submitted": the public reads only what a second person
/// approved, so another approver publishes it again (keeping its first publication time).
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    ctx: &Context,
    actor: &Actor,
    id: ArticleId,
    revision: i64,
    as_approver: bool,
    raw: RawArticle,
    edits: &[ImageEdit],
    uploads: &[ImageUpload],
) -> Result<i64> {
    let current = store::get(ctx.db(), id).await?;
    if !as_approver && !current.state.editor_may_edit() {
        return Err(Error::rule(
            "news_not_editable",
            Text::id("news-refused-not-editable"),
        ));
    }
    refuse_unknown_section(ctx, &raw).await?;
    let to = match current.state {
        ArticleState::Published => ArticleState::Submitted,
        other => other,
    };
    let mut kept = Vec::new();
    let mut errors = Vec::new();
    for (position, im) in store::images(ctx.db(), id).await?.into_iter().enumerate() {
        let edit = edits.iter().find(|e| e.position == position);
        match edit {
            Some(e) if e.remove => {}
            Some(e) => match news::image_text(&position.to_string(), &e.caption, &e.credit) {
                Ok((caption, credit)) => kept.push(ImageRecord {
                    caption,
                    credit,
                    ..im
                }),
                Err(e) => errors.extend(e),
            },
            None => kept.push(im),
        }
    }
    let kept = if errors.is_empty() {
        Ok(kept)
    } else {
        Err(invalid(errors))
    };
    let text = check_text(raw);
    let images = kept.and_then(|k| accept_images(k, uploads));
    let ((text, html, slug), (images, files)) = both(text, images)?;
    let mut tx = ctx.db().begin().await?;
    for f in &files {
        store_file(&mut tx, f, ctx.now()).await?;
    }
    let save = ArticleSave {
        text: &text,
        body_html: &html,
        // A published article keeps its address, so that links to it hold.
        slug: if current.state == ArticleState::Draft {
            &slug
        } else {
            &current.slug
        },
        images: &images,
    };
    let saved = store::edit(
        &mut tx,
        &actor.audit(),
        id,
        revision,
        (current.state, to),
        &save,
        ctx.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Moves an article one step: an editor submits; an approver approves (publishing at
/// `publish_at`, or now if that is empty or past), returns or withdraws, giving a reason for
/// the last two. An approver does not approve a revision they wrote themselves.
pub async fn step(
    ctx: &Context,
    actor: &Actor,
    id: ArticleId,
    revision: i64,
    step: Step,
    publish_at: Option<DateTime<Utc>>,
    reason: &str,
) -> Result<()> {
    let article = store::get(ctx.db(), id).await?;
    let Some(to) = step.from(article.state) else {
        return Err(Error::Rule {
            code: "news_step_not_allowed",
            message: Text::id("news-refused-step"),
            allowed: Vec::new(),
        });
    };
    let reason = reason.trim();
    if matches!(step, Step::Return | Step::Withdraw) && reason.is_empty() {
        return Err(Error::field("reason", Text::id("validation-news-required")));
    }
    if reason.chars().count() > motcua_domain::limits::NOTE {
        return Err(Error::field(
            "reason",
            Text::with(
                "validation-news-too-long",
                vec![(
                    "max",
                    i64::try_from(motcua_domain::limits::NOTE)
                        .unwrap_or(0)
                        .into(),
                )],
            ),
        ));
    }
    if step == Step::Approve {
        let last = store::revisions(ctx.db(), id).await?;
        if actor.user.is_some() && last.first().and_then(|r| r.edited_by) == actor.user {
            return Err(Error::rule(
                "news_approve_own",
                Text::id("news-refused-approve-own"),
            ));
        }
    }
    // One reading of the clock, so that an article published now was not "updated" after it.
    let now = ctx.now();
    let publish_at = match step {
        Step::Approve => Some(match (publish_at, article.publish_at) {
            (Some(at), _) => at.max(now),
            // Published before (a correction, a withdrawn article put back): its date stays.
            (None, Some(before)) if before <= now => before,
            (None, _) => now,
        }),
        _ => None,
    };
    let mut tx = ctx.db().begin().await?;
    store::change_state(
        &mut tx,
        &actor.audit(),
        id,
        revision,
        article.state,
        to,
        publish_at,
        reason,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a section.
pub async fn create_section(
    ctx: &Context,
    actor: &Actor,
    slug: &str,
    name: &str,
    description: &str,
    moderation: &str,
) -> Result<SectionId> {
    let draft = SectionDraft::parse(slug, name, description, moderation).map_err(invalid)?;
    let mut tx = ctx.db().begin().await?;
    let id = store::create_section(&mut tx, &actor.audit(), &draft, ctx.now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Puts a notice on the home page for its time.
pub async fn post_notice(ctx: &Context, actor: &Actor, raw: RawNotice) -> Result<NoticeId> {
    let draft = NoticeDraft::parse(raw, ctx.now()).map_err(invalid)?;
    let mut tx = ctx.db().begin().await?;
    let id = store::create_notice(&mut tx, &actor.audit(), &draft, ctx.now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Takes a notice off the home page now.
pub async fn end_notice(ctx: &Context, actor: &Actor, id: NoticeId) -> Result<()> {
    let mut tx = ctx.db().begin().await?;
    store::end_notice(&mut tx, &actor.audit(), id, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}
