//! Comments under an article, a place report or a poll: a citizen posts (or replies, three
//! levels deep), votes and reports; reports past the threshold hide a comment and tell the
//! moderators; a moderator approves, hides with a reason, restores, or blocks a person for a
//! time. The caller has checked that the actor is a signed-in citizen (to post, vote, report)
//! or a moderator in the comment's unit (to moderate).

use chrono::{DateTime, Duration, Utc};
use motcua_domain::comment::{
    self, CommentRules, CommentState, Moderation, ReportReason, Subject, reply_depth,
};
use motcua_domain::ids::{CommentId, UnitId, UserId};
use motcua_domain::message::{MessageArg, Text};
use motcua_domain::news::{CommentModeration, is_public};
use motcua_domain::report::state::StateGroup;
use motcua_store::AuditContext;
use motcua_store::comments::{self as store, CommentRecord, NewComment};
use motcua_store::outbox::{self, Channel as Outbox, NewMessage};

use crate::{Actor, Context, Error, FieldMessage, Result};

/// Where a subject's comments go: its unit (the moderators' scope) and how they are moderated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub unit: UnitId,
    pub moderation: CommentModeration,
}

/// The subject's unit and moderation, if the public may see it (and so comment under it).
/// Place reports and polls are moderated after: their comments show at once.
pub async fn place_of(ctx: &Context, subject: Subject) -> Result<Place> {
    match subject {
        Subject::Article(id) => {
            let a = motcua_store::news::get(ctx.db(), id).await?;
            if !is_public(a.state, a.publish_at, ctx.now()) {
                return Err(Error::NotFound);
            }
            let moderation = motcua_store::news::sections(ctx.db())
                .await?
                .into_iter()
                .find(|s| s.id == a.section)
                .map_or(CommentModeration::After, |s| s.moderation);
            Ok(Place {
                unit: a.unit,
                moderation,
            })
        }
        Subject::Report(id) => {
            let r = motcua_store::reports::read::get(ctx.db(), id).await?;
            if r.group == StateGroup::Hidden {
                return Err(Error::NotFound);
            }
            Ok(Place {
                unit: r.unit,
                moderation: CommentModeration::After,
            })
        }
        Subject::Poll(id) => {
            let p = motcua_store::polls::get(ctx.db(), id).await?;
            Ok(Place {
                unit: p.unit,
                moderation: CommentModeration::After,
            })
        }
    }
}

fn when_vn(at: DateTime<Utc>) -> String {
    motcua_domain::vn_local(at)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// Refuses a person blocked from comments (posting, voting, reporting), with the block's end.
async fn refuse_blocked(ctx: &Context, user: UserId) -> Result<()> {
    match store::blocked_until(ctx.db(), user, ctx.now()).await? {
        Some(until) => Err(Error::rule(
            "comment_blocked",
            Text::with(
                "comment-refused-blocked",
                vec![("until", MessageArg::Text(when_vn(until)))],
            ),
        )),
        None => Ok(()),
    }
}

/// Posts a comment, or a reply to `parent`. Returns it and the state it starts in (pending
/// where its section moderates first).
pub async fn post(
    ctx: &Context,
    actor: &Actor,
    rules: &CommentRules,
    subject: Subject,
    parent: Option<CommentId>,
    body: &str,
) -> Result<(CommentId, CommentState)> {
    let author = actor.user.ok_or(Error::Forbidden)?;
    let body = comment::body(body)
        .map_err(|e| Error::Invalid(vec![FieldMessage::new(e.field, e.message)]))?;
    let now = ctx.now();
    refuse_blocked(ctx, author).await?;
    let since = now - Duration::minutes(rules.window_minutes);
    if store::posted_since(ctx.db(), author, since).await? >= rules.per_person {
        return Err(Error::rule(
            "comment_rate_limited",
            Text::with(
                "comment-refused-rate",
                vec![
                    ("n", rules.per_person.into()),
                    ("minutes", rules.window_minutes.into()),
                ],
            ),
        ));
    }
    let place = place_of(ctx, subject).await?;
    let (depth, parent) = match parent {
        None => (1, None),
        Some(p) => {
            let parent = store::get(ctx.db(), p).await.map_err(|_| Error::NotFound)?;
            if parent.subject != subject || parent.state != CommentState::Visible {
                return Err(Error::NotFound);
            }
            let depth = reply_depth(parent.depth).ok_or_else(|| {
                Error::rule("comment_too_deep", Text::id("comment-refused-too-deep"))
            })?;
            (depth, Some((parent.id, parent.root)))
        }
    };
    let state = match place.moderation {
        CommentModeration::Before => CommentState::Pending,
        CommentModeration::After => CommentState::Visible,
    };
    let mut tx = ctx.db().begin().await?;
    let id = store::insert(
        &mut tx,
        &NewComment {
            subject,
            unit: place.unit,
            parent,
            depth,
            author,
            author_name: &actor.name,
            body: &body,
            state,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((id, state))
}

/// A visible comment, under a subject the public still sees, that is not the person's own;
/// `own` names the rule refused on one's own. A blocked person is refused.
async fn others_visible(
    ctx: &Context,
    user: UserId,
    id: CommentId,
    own: (&'static str, &'static str),
) -> Result<CommentRecord> {
    let c = store::get(ctx.db(), id).await?;
    if c.state != CommentState::Visible {
        return Err(Error::NotFound);
    }
    place_of(ctx, c.subject).await?;
    refuse_blocked(ctx, user).await?;
    if c.author == user {
        return Err(Error::rule(own.0, Text::id(own.1)));
    }
    Ok(c)
}

/// One vote a person: +1, −1, or 0 to take it back.
pub async fn vote(ctx: &Context, actor: &Actor, id: CommentId, value: i64) -> Result<()> {
    let user = actor.user.ok_or(Error::Forbidden)?;
    if !(-1..=1).contains(&value) {
        return Err(Error::field("value", Text::id("validation-comment-vote")));
    }
    others_visible(
        ctx,
        user,
        id,
        ("comment_vote_own", "comment-refused-vote-own"),
    )
    .await?;
    let mut tx = ctx.db().begin().await?;
    store::vote(&mut tx, id, user, value).await?;
    tx.commit().await?;
    Ok(())
}

/// Reports a comment. At the threshold the comment is hidden at once, the moderators of its
/// unit are told, and the log says the reports did it. Returns whether it is now hidden.
pub async fn report(
    ctx: &Context,
    actor: &Actor,
    rules: &CommentRules,
    id: CommentId,
    reason: &str,
) -> Result<bool> {
    let user = actor.user.ok_or(Error::Forbidden)?;
    let reason = ReportReason::parse(reason)
        .ok_or_else(|| Error::field("reason", Text::id("validation-comment-reason")))?;
    let c = others_visible(
        ctx,
        user,
        id,
        ("comment_report_own", "comment-refused-report-own"),
    )
    .await?;
    let now = ctx.now();
    let mut tx = ctx.db().begin().await?;
    let Some(reports) = store::report(&mut tx, id, user, reason, now).await? else {
        tx.rollback().await?;
        return Err(Error::rule(
            "comment_already_reported",
            Text::id("comment-refused-already-reported"),
        ));
    };
    let hide = rules.hides(reports, c.reports_cleared);
    if hide {
        store::moderate(
            &mut tx,
            &AuditContext::system(),
            id,
            Moderation::Hide,
            CommentState::Visible,
            "reports",
            now,
        )
        .await?;
        let units = ctx.cache().ancestry(ctx.db(), None, c.unit).await?;
        for to in store::moderator_emails(ctx.db(), &units).await? {
            outbox::enqueue(
                &mut tx,
                &NewMessage {
                    channel: Outbox::Email,
                    recipient: to,
                    subject: "Bình luận bị ẩn do nhiều người báo cáo".into(),
                    // The comment's text stays in the system: it may be what was reported.
                    body: format!(
                        "Một bình luận đã bị ẩn tự động sau {reports} báo cáo. Hãy xem lại trong \
                         mục Kiểm duyệt bình luận, danh sách \"Đã ẩn\" \
                         (/kiem-duyet/binh-luan?hang=da-an)."
                    ),
                    entity_type: "comment".into(),
                    entity_id: id.to_string(),
                    attachment: None,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(hide)
}

/// A moderator's step; hiding needs a reason, shown to moderators (the public sees the date).
pub async fn moderate(
    ctx: &Context,
    actor: &Actor,
    id: CommentId,
    step: Moderation,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim();
    if step == Moderation::Hide && reason.is_empty() {
        return Err(Error::field(
            "reason",
            Text::id("validation-comment-reason-required"),
        ));
    }
    if reason.chars().count() > comment::REASON_CHARS {
        return Err(Error::field(
            "reason",
            Text::with(
                "validation-comment-too-long",
                vec![(
                    "max",
                    i64::try_from(comment::REASON_CHARS).unwrap_or(0).into(),
                )],
            ),
        ));
    }
    let c = store::get(ctx.db(), id).await?;
    if step.from(c.state).is_none() {
        return Err(Error::rule(
            "comment_step_not_allowed",
            Text::id("comment-refused-step"),
        ));
    }
    let mut tx = ctx.db().begin().await?;
    store::moderate(
        &mut tx,
        &actor.audit(),
        id,
        step,
        c.state,
        reason,
        ctx.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The longest block.
pub const MAX_BLOCK_DAYS: i64 = 365;

/// Blocks the author of a comment from commenting for `days` days, with a reason.
pub async fn block_author(
    ctx: &Context,
    actor: &Actor,
    id: CommentId,
    days: i64,
    reason: &str,
) -> Result<DateTime<Utc>> {
    let reason = reason.trim();
    let mut errors = Vec::new();
    if !(1..=MAX_BLOCK_DAYS).contains(&days) {
        errors.push(FieldMessage::new(
            "days",
            Text::with(
                "validation-comment-block-days",
                vec![("max", MAX_BLOCK_DAYS.into())],
            ),
        ));
    }
    if reason.is_empty() {
        errors.push(FieldMessage::new(
            "reason",
            Text::id("validation-comment-reason-required"),
        ));
    } else if reason.chars().count() > comment::REASON_CHARS {
        errors.push(FieldMessage::new(
            "reason",
            Text::with(
                "validation-comment-too-long",
                vec![(
                    "max",
                    i64::try_from(comment::REASON_CHARS).unwrap_or(0).into(),
                )],
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let c = store::get(ctx.db(), id).await?;
    let until = ctx.now() + Duration::days(days);
    let mut tx = ctx.db().begin().await?;
    store::block(&mut tx, &actor.audit(), c.author, until, reason, ctx.now()).await?;
    tx.commit().await?;
    Ok(until)
}
