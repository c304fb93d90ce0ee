//! The states a place report moves through. The set is data (the `report_state` table, seeded
//! with FixMyStreet's defaults, which the people who use such systems know); code knows only the
//! four groups a state belongs to, because the groups decide what the public sees, what counts
//! as open for duplicates and what Open311 calls `open` or `closed`.

use serde::{Deserialize, Serialize};

/// What a state means for the public, for duplicates and for the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateGroup {
    /// Being handled: offered as a duplicate, counted on the clock.
    Open,
    /// Fixed: the answer the reporter hoped for.
    Fixed,
    /// Closed without a fix (a duplicate, not the unit's matter, no further action).
    Closed,
    /// Taken off the public pages by a moderator; staff still see it.
    Hidden,
}

impl StateGroup {
    pub const ALL: [Self; 4] = [Self::Open, Self::Fixed, Self::Closed, Self::Hidden];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fixed => "fixed",
            Self::Closed => "closed",
            Self::Hidden => "hidden",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == s.trim())
    }

    /// The GeoReport v2 status: only `open` and `closed` exist there.
    #[must_use]
    pub const fn open311_status(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fixed | Self::Closed | Self::Hidden => "closed",
        }
    }

    /// Whether the public may see reports in this group.
    #[must_use]
    pub const fn is_public(self) -> bool {
        !matches!(self, Self::Hidden)
    }
}

/// One state as stored: a stable code, its group and its names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateDef {
    pub code: String,
    pub group: StateGroup,
    pub label_vi: String,
    pub label_en: String,
    /// The FixMyStreet extended status a GeoReport client understands (`IN_PROGRESS`, …).
    pub external: String,
}

/// The state a new report starts in.
pub const INITIAL: &str = "confirmed";
/// The state a report marked as a duplicate takes.
pub const DUPLICATE: &str = "duplicate";
/// The state a moderator's hiding takes.
pub const HIDDEN: &str = "hidden";
