//! Opinion polls (thăm dò ý kiến): a question put to the residents of a unit, answered online
//! by a verified citizen or at a desk where an officer checks the ID card, one vote per person
//! whatever the channel.
//!
//! What this module decides, without I/O: what a poll is made of ([`PollDraft::parse`]), when it
//! takes votes ([`Phase`]), what a ballot may mark ([`choose`]) and when its results may be
//! shown ([`results_visible`]). The once-per-person rule is a unique key in the store on a keyed
//! hash of the ID number made for this poll alone (see `app::polls`); nothing here holds an
//! identity.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::UnitId;
use crate::limits;
use crate::message::Text;

/// The most options one poll offers: a longer list is a survey, not a poll.
pub const MAX_OPTIONS: usize = 20;
/// The longest option label.
pub const OPTION_CHARS: usize = 200;
/// The longest question.
pub const QUESTION_CHARS: usize = 500;

/// One answer or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multiple,
}

impl Kind {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "single" => Some(Self::Single),
            "multiple" => Some(Self::Multiple),
            _ => None,
        }
    }
}

/// How a vote reached the poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A verified citizen, signed in.
    Web,
    /// At a desk: an officer checked the ID card and marked the ballot as the person said.
    Desk,
}

impl Channel {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Desk => "desk",
        }
    }
}

/// Where a poll stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    NotYetOpen,
    Open,
    Closed,
}

impl Phase {
    /// Open from `opens_at` (inclusive) to `closes_at` (exclusive).
    #[must_use]
    pub fn at(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        if now < opens_at {
            Self::NotYetOpen
        } else if now < closes_at {
            Self::Open
        } else {
            Self::Closed
        }
    }

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotYetOpen => "upcoming",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

/// Results are shown once the poll closes, to everyone at once: no officer sees them earlier,
/// so no one can steer a poll by its running count. A poll may say at creation that its count
/// is public while it runs.
#[must_use]
pub fn results_visible(phase: Phase, live: bool) -> bool {
    phase == Phase::Closed || (live && phase == Phase::Open)
}

/// A poll as its author typed it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollDraft {
    pub unit: UnitId,
    pub title: String,
    pub question: String,
    pub description: String,
    pub kind: Kind,
    /// The most options one ballot may mark: 1 for a single-choice poll.
    pub max_choices: usize,
    pub options: Vec<String>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub results_live: bool,
}

/// The fields of a new poll before checking. Times are already read from the form's local time;
/// `None` where the field was empty or unreadable, reported as missing.
#[derive(Clone, Debug, Default)]
pub struct RawPoll {
    pub unit: Option<UnitId>,
    pub title: String,
    pub question: String,
    pub description: String,
    pub kind: String,
    pub max_choices: String,
    /// The options, one a line of the form; blank lines are dropped.
    pub options: Vec<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub results_live: bool,
}

fn required(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, Text::id("validation-poll-required")));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(field, too_long(max)));
    }
    v.to_owned()
}

fn too_long(max: usize) -> Text {
    Text::with(
        "validation-poll-too-long",
        vec![("max", (max as i64).into())],
    )
}

impl PollDraft {
    /// Every problem at once, each beside its field.
    pub fn parse(raw: RawPoll, now: DateTime<Utc>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = required("title", &raw.title, limits::TITLE, &mut errors);
        let question = required("question", &raw.question, QUESTION_CHARS, &mut errors);
        let description = raw.description.trim().to_owned();
        if description.chars().count() > limits::NOTE {
            errors.push(FieldError::new("description", too_long(limits::NOTE)));
        }
        let kind = Kind::parse(&raw.kind).unwrap_or_else(|| {
            errors.push(FieldError::new("kind", Text::id("validation-poll-kind")));
            Kind::Single
        });
        let options: Vec<String> = raw
            .options
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        if options.len() < 2 || options.len() > MAX_OPTIONS {
            errors.push(FieldError::new(
                "options",
                Text::with(
                    "validation-poll-options",
                    vec![("max", (MAX_OPTIONS as i64).into())],
                ),
            ));
        }
        if options.iter().any(|o| o.chars().count() > OPTION_CHARS) {
            errors.push(FieldError::new("options", too_long(OPTION_CHARS)));
        }
        let folded: std::collections::HashSet<String> =
            options.iter().map(|o| crate::text::fold(o)).collect();
        if folded.len() != options.len() {
            errors.push(FieldError::new(
                "options",
                Text::id("validation-poll-options-repeat"),
            ));
        }
        let max_choices = match kind {
            Kind::Single => 1,
            Kind::Multiple => match raw.max_choices.trim() {
                "" => options.len().max(1),
                s => match s.parse::<usize>() {
                    Ok(n) if (1..=options.len().max(1)).contains(&n) => n,
                    _ => {
                        errors.push(FieldError::new(
                            "max_choices",
                            Text::id("validation-poll-max-choices"),
                        ));
                        1
                    }
                },
            },
        };
        if raw.unit.is_none() {
            errors.push(FieldError::new(
                "unit",
                Text::id("validation-poll-required"),
            ));
        }
        if raw.opens_at.is_none() {
            errors.push(FieldError::new(
                "opens_at",
                Text::id("validation-poll-time"),
            ));
        }
        if raw.closes_at.is_none() {
            errors.push(FieldError::new(
                "closes_at",
                Text::id("validation-poll-time"),
            ));
        }
        if let (Some(o), Some(c)) = (raw.opens_at, raw.closes_at) {
            if c <= o {
                errors.push(FieldError::new(
                    "closes_at",
                    Text::id("validation-poll-closes-before-opens"),
                ));
            } else if c <= now {
                errors.push(FieldError::new(
                    "closes_at",
                    Text::id("validation-poll-closes-past"),
                ));
            }
        }
        match (errors.is_empty(), raw.unit, raw.opens_at, raw.closes_at) {
            (true, Some(unit), Some(opens_at), Some(closes_at)) => Ok(Self {
                unit,
                title,
                question,
                description,
                kind,
                max_choices,
                options,
                opens_at,
                closes_at,
                results_live: raw.results_live,
            }),
            _ => Err(errors),
        }
    }
}

/// Why a ballot is refused. Each has a stable code for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotError {
    NoChoice,
    ChooseOne,
    TooMany(usize),
    /// An option of another poll, or none at all.
    NotAnOption,
}

impl BallotError {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::NoChoice => "poll_no_choice",
            Self::ChooseOne => "poll_choose_one",
            Self::TooMany(_) => "poll_too_many_choices",
            Self::NotAnOption => "poll_option_not_in_poll",
        }
    }

    #[must_use]
    pub fn message(self) -> Text {
        match self {
            Self::NoChoice => Text::id("poll-no-choice"),
            Self::ChooseOne => Text::id("poll-choose-one"),
            Self::TooMany(n) => Text::with("poll-too-many", vec![("max", (n as i64).into())]),
            Self::NotAnOption => Text::id("poll-not-an-option"),
        }
    }
}

/// The options a ballot marks, as positions in the poll's list, checked against the poll:
/// each chosen once, each the poll's own, as many as the poll allows.
pub fn choose<T: PartialEq + Copy>(
    offered: &[T],
    chosen: &[T],
    kind: Kind,
    max_choices: usize,
) -> Result<Vec<usize>, BallotError> {
    let mut positions = Vec::with_capacity(chosen.len());
    for c in chosen {
        let pos = offered
            .iter()
            .position(|o| o == c)
            .ok_or(BallotError::NotAnOption)?;
        if !positions.contains(&pos) {
            positions.push(pos);
        }
    }
    positions.sort_unstable();
    match (kind, positions.len()) {
        (_, 0) => Err(BallotError::NoChoice),
        (Kind::Single, 1) => Ok(positions),
        (Kind::Single, _) => Err(BallotError::ChooseOne),
        (Kind::Multiple, n) if n > max_choices => Err(BallotError::TooMany(max_choices)),
        (Kind::Multiple, _) => Ok(positions),
    }
}

/// A share of the voters, as shown: one decimal, "0" when no one voted.
#[must_use]
pub fn percent(votes: i64, voters: i64) -> f64 {
    if voters <= 0 {
        0.0
    } else {
        ((votes as f64) * 1000.0 / (voters as f64)).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn raw(now: DateTime<Utc>) -> RawPoll {
        RawPoll {
            unit: Some(UnitId::new()),
            title: "Giữ chân người tài".into(),
            question: "Theo bạn, điều gì có thể giữ chân và thu hút người tài?".into(),
            description: String::new(),
            kind: "single".into(),
            max_choices: String::new(),
            options: vec!["Lương".into(), " ".into(), "Môi trường làm việc".into()],
            opens_at: Some(now),
            closes_at: Some(now + Duration::days(7)),
            results_live: false,
        }
    }

    #[test]
    fn a_good_draft_drops_blank_options() {
        let now = Utc::now();
        let d = PollDraft::parse(raw(now), now).unwrap();
        assert_eq!(d.options, vec!["Lương", "Môi trường làm việc"]);
        assert_eq!(d.max_choices, 1);
    }

    #[test]
    fn a_bad_draft_names_every_field() {
        let now = Utc::now();
        let mut r = raw(now);
        r.title = " ".into();
        r.options = vec!["Lương".into(), "LUONG".into()];
        r.closes_at = Some(now - Duration::days(1));
        r.kind = "ranked".into();
        let fields: Vec<String> = PollDraft::parse(r, now)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for f in ["title", "options", "closes_at", "kind"] {
            assert!(
                fields.contains(&f.to_owned()),
                "{f} missing from {fields:?}"
            );
        }
    }

    #[test]
    fn a_multiple_choice_poll_caps_its_choices() {
        let now = Utc::now();
        let mut r = raw(now);
        r.kind = "multiple".into();
        r.max_choices = "3".into();
        assert!(PollDraft::parse(r.clone(), now).is_err(), "3 of 2 options");
        r.max_choices = "2".into();
        assert_eq!(PollDraft::parse(r, now).unwrap().max_choices, 2);
    }

    #[test]
    fn a_ballot_marks_the_polls_own_options_within_its_limit() {
        let offered = [10, 11, 12];
        assert_eq!(choose(&offered, &[11], Kind::Single, 1), Ok(vec![1]));
        assert_eq!(
            choose(&offered, &[10, 12], Kind::Single, 1),
            Err(BallotError::ChooseOne)
        );
        assert_eq!(
            choose(&offered, &[99], Kind::Single, 1),
            Err(BallotError::NotAnOption)
        );
        assert_eq!(
            choose(&offered, &[], Kind::Multiple, 2),
            Err(BallotError::NoChoice)
        );
        assert_eq!(
            choose(&offered, &[12, 10, 12], Kind::Multiple, 2),
            Ok(vec![0, 2])
        );
        assert_eq!(
            choose(&offered, &[10, 11, 12], Kind::Multiple, 2),
            Err(BallotError::TooMany(2))
        );
    }

    #[test]
    fn results_wait_for_the_close_unless_the_poll_is_live() {
        let t = Utc::now();
        let (o, c) = (t, t + Duration::hours(1));
        assert_eq!(Phase::at(o, c, t - Duration::seconds(1)), Phase::NotYetOpen);
        assert_eq!(Phase::at(o, c, t), Phase::Open);
        assert_eq!(Phase::at(o, c, c), Phase::Closed);
        assert!(!results_visible(Phase::Open, false));
        assert!(results_visible(Phase::Open, true));
        assert!(!results_visible(Phase::NotYetOpen, true));
        assert!(results_visible(Phase::Closed, false));
    }

    #[test]
    fn shares_round_to_one_decimal() {
        assert!((percent(1, 3) - 33.3).abs() < 1e-9);
        assert!(percent(5, 0).abs() < 1e-9);
    }
}
