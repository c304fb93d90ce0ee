//! Comments (bình luận) under an article, a place report or a poll: what a comment is, how deep
//! a thread goes, what a report of a comment says, and the rules that moderate them.
//!
//! A signed-in citizen writes; others vote (+1 or −1, one vote each) and report (spam,
//! offensive, off topic). A comment waits for a moderator first where its section says so
//! (pre-moderation), else shows at once and is hidden automatically when enough people report
//! it. A hidden comment leaves a line ("moderated on <date>") and keeps its replies. Nothing
//! here does I/O.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{ArticleId, PollId, ReportId};
use crate::message::Text;

/// The deepest a reply goes: a comment (1), a reply (2), a reply to the reply (3).
pub const MAX_DEPTH: i64 = 3;
/// The longest comment, in characters.
pub const BODY_CHARS: usize = crate::limits::COMMENT;
/// The longest moderator's reason.
pub const REASON_CHARS: usize = 500;

/// What a comment is under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Article(ArticleId),
    Report(ReportId),
    Poll(PollId),
}

impl Subject {
    #[must_use]
    pub const fn kind(self) -> &'static str {
        match self {
            Self::Article(_) => "article",
            Self::Report(_) => "report",
            Self::Poll(_) => "poll",
        }
    }

    #[must_use]
    pub fn id(self) -> String {
        match self {
            Self::Article(id) => id.to_string(),
            Self::Report(id) => id.to_string(),
            Self::Poll(id) => id.to_string(),
        }
    }

    /// From its stored kind and id; `None` for anything else.
    #[must_use]
    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        match kind {
            "article" => ArticleId::parse(id).ok().map(Self::Article),
            "report" => ReportId::parse(id).ok().map(Self::Report),
            "poll" => PollId::parse(id).ok().map(Self::Poll),
            _ => None,
        }
    }
}

/// Where a comment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentState {
    /// Waiting for a moderator (pre-moderation): only its author sees it.
    Pending,
    Visible,
    /// Hidden by a moderator, or automatically on reports; its replies stay.
    Hidden,
}

impl CommentState {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Visible, Self::Hidden];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Visible => "visible",
            Self::Hidden => "hidden",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.code() == s)
    }
}

/// Why a reader reports a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Offensive,
    OffTopic,
}

impl ReportReason {
    pub const ALL: [Self; 3] = [Self::Spam, Self::Offensive, Self::OffTopic];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Offensive => "offensive",
            Self::OffTopic => "off_topic",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s.trim())
    }
}

/// A moderator's step on a comment, and the states it starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Approve,
    Hide,
    Restore,
}

impl Moderation {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Hide => "hide",
            Self::Restore => "restore",
        }
    }

    /// The state after the step, or `None` when it does not start from `from`.
    #[must_use]
    pub const fn from(self, from: CommentState) -> Option<CommentState> {
        use CommentState as S;
        match (self, from) {
            (Self::Approve, S::Pending) | (Self::Restore, S::Hidden) => Some(S::Visible),
            (Self::Hide, S::Pending | S::Visible) => Some(S::Hidden),
            _ => None,
        }
    }
}

/// The moderation rules a deployment sets (defaults here; see the server's configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentRules {
    /// Reports by different people that hide a visible comment until a moderator looks.
    pub hide_after_reports: i64,
    /// Comments one person may post in [`Self::window_minutes`].
    pub per_person: i64,
    pub window_minutes: i64,
}

impl Default for CommentRules {
    fn default() -> Self {
        Self {
            hide_after_reports: 3,
            per_person: 5,
            window_minutes: 10,
        }
    }
}

impl CommentRules {
    /// Whether the report that brought a comment to `reports` hides it, `cleared` of them
    /// having been seen by a moderator who kept it. Only the report that reaches the threshold
    /// hides: one arriving after, while the comment is already hidden, is simply counted.
    #[must_use]
    pub const fn hides(&self, reports: i64, cleared: i64) -> bool {
        reports - cleared == self.hide_after_reports
    }
}

/// A comment's text, checked: trimmed, not empty, at most [`BODY_CHARS`] characters.
pub fn body(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(
            "body",
            Text::id("validation-comment-empty"),
        ));
    }
    if v.chars().count() > BODY_CHARS {
        return Err(FieldError::new(
            "body",
            Text::with(
                "validation-comment-too-long",
                vec![("max", i64::try_from(BODY_CHARS).unwrap_or(0).into())],
            ),
        ));
    }
    Ok(v.to_owned())
}

/// The depth of a reply to a comment at `parent_depth`, or `None` past [`MAX_DEPTH`].
#[must_use]
pub const fn reply_depth(parent_depth: i64) -> Option<i64> {
    if parent_depth < MAX_DEPTH {
        Some(parent_depth + 1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_trimmed_and_bounded_in_characters() {
        assert_eq!(body("  Cảm ơn phường!  ").unwrap(), "Cảm ơn phường!");
        assert!(body(" \n ").is_err());
        assert!(body(&"ệ".repeat(BODY_CHARS)).is_ok());
        let e = body(&"a".repeat(100 * 1024)).unwrap_err();
        assert_eq!(e.field, "body");
    }

    #[test]
    fn threads_stop_at_the_third_level() {
        assert_eq!(reply_depth(1), Some(2));
        assert_eq!(reply_depth(2), Some(3));
        assert_eq!(reply_depth(3), None);
    }

    #[test]
    fn moderation_starts_only_from_its_states() {
        use CommentState as S;
        assert_eq!(Moderation::Approve.from(S::Pending), Some(S::Visible));
        assert_eq!(Moderation::Approve.from(S::Hidden), None);
        assert_eq!(Moderation::Hide.from(S::Visible), Some(S::Hidden));
        assert_eq!(Moderation::Hide.from(S::Hidden), None);
        assert_eq!(Moderation::Restore.from(S::Hidden), Some(S::Visible));
        assert_eq!(Moderation::Restore.from(S::Visible), None);
    }

    #[test]
    fn reports_since_a_moderator_kept_the_comment_hide_it_at_the_threshold() {
        let rules = CommentRules::default();
        assert!(!rules.hides(2, 0));
        assert!(rules.hides(3, 0));
        assert!(!rules.hides(4, 0), "the fourth finds it hidden already");
        assert!(!rules.hides(5, 3));
        assert!(rules.hides(6, 3), "three new reports after a restore");
    }

    #[test]
    fn subjects_read_back_from_their_stored_form() {
        let a = Subject::Article(ArticleId::new());
        assert_eq!(Subject::parse(a.kind(), &a.id()), Some(a));
        assert_eq!(Subject::parse("dossier", &a.id()), None);
        assert_eq!(Subject::parse("poll", "not-an-id"), None);
    }
}
