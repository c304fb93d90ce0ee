//! News (tin tức) and notices (thông tin cần biết): what an article and a notice are made of,
//! how an article moves from draft to published, and when each is public.
//!
//! An editor writes and submits; an approver publishes (now or at a set time), returns with a
//! reason, or withdraws. Every saved version of an article is kept as a revision. A notice (a
//! storm warning, a water cut) shows on the home page between its start and its end.
//! Nothing here does I/O; turning the Markdown body into safe HTML is `app::news::body`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{SectionId, UnitId};
use crate::limits;
use crate::message::Text;

/// The longest summary (sapo).
pub const SUMMARY_CHARS: usize = 1_000;
/// The longest body, in characters of Markdown: a long report with its tables fits.
pub const BODY_CHARS: usize = 100_000;
/// The longest byline.
pub const AUTHOR_CHARS: usize = 120;
/// The longest caption of an image.
pub const CAPTION_CHARS: usize = 500;
/// The longest credit of an image ("Ảnh: Minh Khởi").
pub const CREDIT_CHARS: usize = 200;
/// The most images one article carries.
pub const MAX_IMAGES: usize = 8;
/// The longest notice text.
pub const NOTICE_CHARS: usize = 2_000;
/// The longest a section's address part.
pub const SLUG_CHARS: usize = 80;

/// Where an article stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleState {
    /// Being written (also after an approver returned it, with the reason kept).
    Draft,
    /// Waiting for an approver.
    Submitted,
    /// Approved: public from its publish time on.
    Published,
    /// Taken down by an approver, with a reason.
    Withdrawn,
}

impl ArticleState {
    pub const ALL: [Self; 4] = [
        Self::Draft,
        Self::Submitted,
        Self::Published,
        Self::Withdrawn,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.code() == s.trim())
    }

    /// Whether an editor (not only an approver) may still change the text.
    #[must_use]
    pub const fn editor_may_edit(self) -> bool {
        matches!(self, Self::Draft)
    }
}

/// A step of an article's life, and the states it starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Submit,
    Approve,
    Return,
    Withdraw,
}

impl Step {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Approve => "approve",
            Self::Return => "return",
            Self::Withdraw => "withdraw",
        }
    }

    /// The state after the step, or `None` when the step does not start from `from`.
    #[must_use]
    pub const fn from(self, from: ArticleState) -> Option<ArticleState> {
        use ArticleState as S;
        match (self, from) {
            (Self::Submit, S::Draft) => Some(S::Submitted),
            (Self::Approve, S::Submitted | S::Withdrawn) => Some(S::Published),
            (Self::Return, S::Submitted) => Some(S::Draft),
            (Self::Withdraw, S::Published) => Some(S::Withdrawn),
            _ => None,
        }
    }
}

/// Whether a published article is public at `now`: a scheduled one waits for its time.
#[must_use]
pub fn is_public(
    state: ArticleState,
    publish_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    state == ArticleState::Published && publish_at.is_some_and(|at| at <= now)
}

/// How comments under a section's articles are moderated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentModeration {
    /// A comment waits for a moderator before anyone sees it.
    Before,
    /// A comment shows at once; moderators act on what is reported.
    After,
}

impl CommentModeration {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Before => "pre",
            Self::After => "post",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "pre" => Some(Self::Before),
            "post" => Some(Self::After),
            _ => None,
        }
    }
}

/// An article's text as its editor typed it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleText {
    pub section: SectionId,
    pub unit: UnitId,
    pub title: String,
    pub summary: String,
    /// Markdown; rendered and sanitised on save.
    pub body: String,
    /// The byline: who wrote it, as printed (not necessarily an account).
    pub author: String,
}

/// The fields of an article before checking.
#[derive(Clone, Debug, Default)]
pub struct RawArticle {
    pub section: Option<SectionId>,
    pub unit: Option<UnitId>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub author: String,
}

fn too_long(max: usize) -> Text {
    Text::with(
        "validation-news-too-long",
        vec![("max", i64::try_from(max).unwrap_or(i64::MAX).into())],
    )
}

/// A trimmed text of at most `max` characters; empty is refused when `required`.
fn text(
    field: &str,
    value: &str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.push(FieldError::new(field, Text::id("validation-news-required")));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(field, too_long(max)));
    }
    v.to_owned()
}

impl ArticleText {
    /// Every problem at once, each beside its field.
    pub fn parse(raw: RawArticle) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = text("title", &raw.title, limits::TITLE, true, &mut errors);
        let summary = text("summary", &raw.summary, SUMMARY_CHARS, true, &mut errors);
        // Trailing blanks only: leading spaces are Markdown (an indented code block).
        let body = raw.body.trim_end().to_owned();
        if body.trim().is_empty() {
            errors.push(FieldError::new(
                "body",
                Text::id("validation-news-required"),
            ));
        } else if body.chars().count() > BODY_CHARS {
            errors.push(FieldError::new("body", too_long(BODY_CHARS)));
        }
        let author = text("author", &raw.author, AUTHOR_CHARS, true, &mut errors);
        if raw.section.is_none() {
            errors.push(FieldError::new(
                "section",
                Text::id("validation-news-required"),
            ));
        }
        if raw.unit.is_none() {
            errors.push(FieldError::new(
                "unit",
                Text::id("validation-news-required"),
            ));
        }
        match (raw.section, raw.unit) {
            (Some(section), Some(unit)) if errors.is_empty() => Ok(Self {
                section,
                unit,
                title,
                summary,
                body,
                author,
            }),
            _ => Err(errors),
        }
    }
}

/// An image's caption and credit, checked; `suffix` names the image's fields in the form
/// (`caption_<suffix>`, `credit_<suffix>`).
pub fn image_text(
    suffix: &str,
    caption: &str,
    credit: &str,
) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let caption = text(
        &format!("caption_{suffix}"),
        caption,
        CAPTION_CHARS,
        false,
        &mut errors,
    );
    let credit = text(
        &format!("credit_{suffix}"),
        credit,
        CREDIT_CHARS,
        false,
        &mut errors,
    );
    if errors.is_empty() {
        Ok((caption, credit))
    } else {
        Err(errors)
    }
}

/// A notice for the home page, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeDraft {
    pub unit: UnitId,
    pub title: String,
    pub body: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The fields of a notice before checking; times already read from the form's local time.
#[derive(Clone, Debug, Default)]
pub struct RawNotice {
    pub unit: Option<UnitId>,
    pub title: String,
    pub body: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

impl NoticeDraft {
    pub fn parse(raw: RawNotice, now: DateTime<Utc>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = text("title", &raw.title, limits::TITLE, true, &mut errors);
        let body = text("body", &raw.body, NOTICE_CHARS, true, &mut errors);
        if raw.unit.is_none() {
            errors.push(FieldError::new(
                "unit",
                Text::id("validation-news-required"),
            ));
        }
        if raw.starts_at.is_none() {
            errors.push(FieldError::new(
                "starts_at",
                Text::id("validation-news-required"),
            ));
        }
        match raw.ends_at {
            None => errors.push(FieldError::new(
                "ends_at",
                Text::id("validation-news-required"),
            )),
            Some(end) if end <= now => {
                errors.push(FieldError::new(
                    "ends_at",
                    Text::id("validation-notice-ended"),
                ));
            }
            Some(end) if raw.starts_at.is_some_and(|s| end <= s) => {
                errors.push(FieldError::new(
                    "ends_at",
                    Text::id("validation-notice-order"),
                ));
            }
            Some(_) => {}
        }
        match (raw.unit, raw.starts_at, raw.ends_at) {
            (Some(unit), Some(starts_at), Some(ends_at)) if errors.is_empty() => Ok(Self {
                unit,
                title,
                body,
                starts_at,
                ends_at,
            }),
            _ => Err(errors),
        }
    }
}

/// A section as its approver typed it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionDraft {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub moderation: CommentModeration,
}

impl SectionDraft {
    pub fn parse(
        slug: &str,
        name: &str,
        description: &str,
        moderation: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = text("name", name, limits::TITLE, true, &mut errors);
        let description = text("description", description, limits::NOTE, false, &mut errors);
        // An empty address part is made from the name.
        let slug = if slug.trim().is_empty() {
            slugify(&name)
        } else {
            slug.trim().to_owned()
        };
        let slug_ok = !slug.is_empty()
            && slug.len() <= SLUG_CHARS
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if !slug_ok {
            errors.push(FieldError::new("slug", Text::id("validation-news-slug")));
        }
        let moderation = CommentModeration::parse(moderation).unwrap_or_else(|| {
            errors.push(FieldError::new(
                "moderation",
                Text::id("validation-news-required"),
            ));
            CommentModeration::After
        });
        if errors.is_empty() {
            Ok(Self {
                slug,
                name,
                description,
                moderation,
            })
        } else {
            Err(errors)
        }
    }
}

/// An address part made of a title: Vietnamese letters without their marks, lower case, words
/// joined by hyphens, at most [`SLUG_CHARS`] long and cut at a word.
#[must_use]
pub fn slugify(title: &str) -> String {
    let folded = crate::text::fold(title);
    let mut out = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if out.len() + word.len() + 1 > SLUG_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn raw() -> RawArticle {
        RawArticle {
            section: Some(SectionId::new()),
            unit: Some(UnitId::new()),
            title: "  TP. Bạc Liêu: Hiệu quả từ phong trào thi đua ".into(),
            summary: "Tóm tắt".into(),
            body: "Đoạn một.\n\nĐoạn hai.\n\n".into(),
            author: "Minh Khởi".into(),
        }
    }

    #[test]
    fn an_article_is_trimmed_and_every_missing_field_is_named() {
        let a = ArticleText::parse(raw()).unwrap();
        assert_eq!(a.title, "TP. Bạc Liêu: Hiệu quả từ phong trào thi đua");
        assert_eq!(a.body, "Đoạn một.\n\nĐoạn hai.");
        let errors = ArticleText::parse(RawArticle::default()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["title", "summary", "body", "author", "section", "unit"]
        );
    }

    #[test]
    fn a_body_over_the_limit_is_refused_by_characters_not_bytes() {
        let mut r = raw();
        r.body = "ệ".repeat(BODY_CHARS);
        assert!(ArticleText::parse(r.clone()).is_ok());
        r.body.push('ệ');
        let errors = ArticleText::parse(r).unwrap_err();
        assert_eq!(errors[0].field, "body");
    }

    #[test]
    fn steps_start_only_from_their_states() {
        use ArticleState as S;
        assert_eq!(Step::Submit.from(S::Draft), Some(S::Submitted));
        assert_eq!(Step::Submit.from(S::Published), None);
        assert_eq!(Step::Approve.from(S::Draft), None);
        assert_eq!(Step::Approve.from(S::Submitted), Some(S::Published));
        assert_eq!(Step::Return.from(S::Submitted), Some(S::Draft));
        assert_eq!(Step::Withdraw.from(S::Submitted), None);
        assert_eq!(Step::Withdraw.from(S::Published), Some(S::Withdrawn));
        assert_eq!(Step::Approve.from(S::Withdrawn), Some(S::Published));
    }

    #[test]
    fn a_scheduled_article_is_public_from_its_time_on() {
        let now = Utc::now();
        let later = now + Duration::hours(2);
        assert!(!is_public(ArticleState::Published, Some(later), now));
        assert!(is_public(ArticleState::Published, Some(later), later));
        assert!(!is_public(ArticleState::Submitted, Some(now), now));
        assert!(!is_public(ArticleState::Published, None, now));
    }

    #[test]
    fn a_notice_must_end_after_it_starts_and_after_now() {
        let now = Utc::now();
        let ok = RawNotice {
            unit: Some(UnitId::new()),
            title: "Cảnh báo bão số 9".into(),
            body: "Người dân không ra khơi.".into(),
            starts_at: Some(now),
            ends_at: Some(now + Duration::days(2)),
        };
        assert!(NoticeDraft::parse(ok.clone(), now).is_ok());
        let backwards = RawNotice {
            ends_at: Some(now - Duration::hours(1)),
            ..ok.clone()
        };
        let e = NoticeDraft::parse(backwards, now).unwrap_err();
        assert_eq!(e[0].message, Text::id("validation-notice-ended"));
        let before_start = RawNotice {
            starts_at: Some(now + Duration::days(3)),
            ..ok
        };
        let e = NoticeDraft::parse(before_start, now).unwrap_err();
        assert_eq!(e[0].message, Text::id("validation-notice-order"));
    }

    #[test]
    fn a_title_becomes_an_address_part_without_marks() {
        assert_eq!(
            slugify("TP. Bạc Liêu: Hiệu quả từ phong trào thi đua học tập và làm theo Bác"),
            "tp-bac-lieu-hieu-qua-tu-phong-trao-thi-dua-hoc-tap-va-lam-theo-bac"
        );
        assert_eq!(slugify("Đường 3/2 – ngập"), "duong-3-2-ngap");
        assert!(slugify(&"dài ".repeat(100)).len() <= SLUG_CHARS);
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn a_section_address_is_checked_or_made_from_its_name() {
        let s = SectionDraft::parse("", "Nhịp sống đô thị", "", "post").unwrap();
        assert_eq!(s.slug, "nhip-song-do-thi");
        assert_eq!(s.moderation, CommentModeration::After);
        let e = SectionDraft::parse("Bad Slug", "Tin", "", "maybe").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["slug", "moderation"]);
    }
}
