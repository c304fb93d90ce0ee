//! A subject's comments as one person sees them, in thread order.

use std::collections::HashMap;

use motcua_domain::comment::{CommentState, MAX_DEPTH, ReportReason, Subject};
use motcua_domain::ids::CommentId;
use motcua_domain::role::Role;
use motcua_store::comments::{self as store, CommentRecord};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::pages::{date_vn, when};
use crate::state::AppState;

/// One comment on the page.
#[derive(Debug)]
pub struct CommentView {
    pub id: String,
    pub depth: i64,
    pub author: String,
    pub body: String,
    pub at: String,
    pub score: i64,
    /// `pending` (its author sees it, waiting), `visible`, or `hidden` (a line in its place).
    pub state: &'static str,
    /// The day a moderator (or the reports) hid it.
    pub moderated_on: String,
    pub mine: bool,
    /// The reader's vote: -1, 0 or 1.
    pub my_vote: i64,
    /// Whether the reader may vote on it, report it and reply to it.
    pub may_act: bool,
    pub may_reply: bool,
}

/// The comments under a subject and what the reader may do there.
#[derive(Debug)]
pub struct Thread {
    pub subject_kind: &'static str,
    pub subject_id: String,
    pub comments: Vec<CommentView>,
    /// The comments the public sees.
    pub count: i64,
    /// This page of threads, and how many there are.
    pub page: i64,
    pub pages: i64,
    /// A signed-in citizen may post.
    pub may_post: bool,
    pub signed_in: bool,
    /// Where the sign-in page sends the reader back.
    pub back: String,
    pub reasons: Vec<&'static str>,
    /// What the reader's last comment, vote or report did (a Fluent id).
    pub note: Option<&'static str>,
}

/// The `?binh_luan=` a comment form sends the reader back with, as the line it shows.
#[must_use]
pub fn note_of(raw: Option<&str>) -> Option<&'static str> {
    match raw? {
        "cho-duyet" => Some("comment-note-pending"),
        "da-dang" => Some("comment-note-posted"),
        "da-bau" => Some("comment-note-voted"),
        "da-bao-cao" => Some("comment-note-reported"),
        _ => None,
    }
}

/// Whether the person may take part in comments: a citizen's account.
pub(super) fn is_citizen(user: &CurrentUser) -> bool {
    user.grants.iter().any(|g| g.role == Role::Citizen)
}

/// Threads of a subject shown on one page of it.
pub const THREADS_PER_PAGE: i64 = 20;

/// Orders `all` as threads, in the order of `roots`: each comment followed by its replies,
/// oldest first at each level.
fn in_thread_order(roots: &[CommentId], all: Vec<CommentRecord>) -> Vec<CommentRecord> {
    let mut children: HashMap<Option<CommentId>, Vec<CommentRecord>> = HashMap::new();
    let mut tops: HashMap<CommentId, CommentRecord> = HashMap::new();
    for c in all {
        if c.parent.is_none() {
            tops.insert(c.id, c);
        } else {
            children.entry(c.parent).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for root in roots {
        let Some(top) = tops.remove(root) else {
            continue;
        };
        let mut stack = vec![top];
        while let Some(c) = stack.pop() {
            if let Some(mut kids) = children.remove(&Some(c.id)) {
                kids.reverse();
                stack.extend(kids);
            }
            out.push(c);
        }
    }
    out
}

/// The thread under `subject` for `user`, whose page is at `back`.
pub async fn thread(
    state: &AppState,
    user: Option<&CurrentUser>,
    subject: Subject,
    back: &str,
    note: Option<&str>,
    page: Option<i64>,
) -> Result<Thread, AppError> {
    // Bounded, so that a page number from a link cannot overflow the offset.
    let page = page.unwrap_or(1).clamp(1, 10_000);
    let found = store::thread_page(
        state.db(),
        subject,
        (page - 1) * THREADS_PER_PAGE,
        THREADS_PER_PAGE,
    )
    .await?;
    let me = user.map(|u| u.user_id);
    let citizen = user.is_some_and(is_citizen);
    let votes = match me {
        Some(u) if citizen => store::votes_of(state.db(), subject, u).await?,
        _ => HashMap::new(),
    };
    let comments = in_thread_order(&found.roots, found.comments)
        .into_iter()
        .filter(|c| c.state != CommentState::Pending || Some(c.author) == me)
        .map(|c| {
            let mine = Some(c.author) == me;
            let visible = c.state == CommentState::Visible;
            let hidden = c.state == CommentState::Hidden;
            CommentView {
                id: c.id.to_string(),
                depth: c.depth,
                author: if hidden { String::new() } else { c.author_name },
                body: if hidden { String::new() } else { c.body },
                at: when(c.created_at),
                score: c.score,
                state: c.state.code(),
                moderated_on: c
                    .moderated_at
                    .filter(|_| hidden)
                    .map(|at| date_vn(motcua_domain::vn_date(at)))
                    .unwrap_or_default(),
                mine,
                my_vote: votes.get(&c.id).copied().unwrap_or(0),
                may_act: citizen && visible && !mine,
                may_reply: citizen && visible && c.depth < MAX_DEPTH,
            }
        })
        .collect();
    Ok(Thread {
        subject_kind: subject.kind(),
        subject_id: subject.id(),
        comments,
        count: found.visible,
        page,
        pages: ((found.threads + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1),
        may_post: citizen,
        signed_in: user.is_some(),
        back: back.to_owned(),
        reasons: ReportReason::ALL.iter().map(|r| r.code()).collect(),
        note: note_of(note),
    })
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use motcua_domain::ids::{ArticleId, UnitId, UserId};

    use super::*;

    fn c(parent: Option<CommentId>, minute: i64) -> CommentRecord {
        CommentRecord {
            id: CommentId::new(),
            subject: Subject::Article(ArticleId::from_uuid(uuid::Uuid::nil())),
            unit: UnitId::from_uuid(uuid::Uuid::nil()),
            parent,
            root: CommentId::new(),
            depth: 1,
            author: UserId::from_uuid(uuid::Uuid::nil()),
            author_name: String::new(),
            body: minute.to_string(),
            state: CommentState::Visible,
            score: 0,
            reports: 0,
            reports_cleared: 0,
            moderated_at: None,
            moderation_reason: String::new(),
            created_at: Utc::now() + chrono::Duration::minutes(minute),
        }
    }

    #[test]
    fn replies_follow_their_comment_oldest_first() {
        let a = c(None, 0);
        let b = c(None, 1);
        let a1 = c(Some(a.id), 2);
        let a1x = c(Some(a1.id), 3);
        let a2 = c(Some(a.id), 4);
        let order: Vec<String> =
            in_thread_order(&[a.id, b.id], vec![a.clone(), b.clone(), a1, a1x, a2])
                .into_iter()
                .map(|c| c.body)
                .collect();
        assert_eq!(order, ["0", "2", "3", "4", "1"]);
    }
}
