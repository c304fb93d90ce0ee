//! Typed identifiers, so that a `UnitId` can never be passed where a `UserId` is expected.
//!
//! Ids are UUIDv7 (time-ordered, so new rows append to the end of B-tree indexes) and are
//! stored as their hyphenated text on both database backends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            #[must_use]
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            #[must_use]
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// Parses the text form; input from outside (URLs, forms, rows) goes through here.
            pub fn parse(s: &str) -> Result<Self, crate::DomainError> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| {
                        crate::DomainError::invalid(
                            "id",
                            crate::message::Text::id("validation-id-invalid"),
                        )
                    })
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

typed_id!(
    /// An administrative unit *version* (a row of the unit table).
    UnitId
);
typed_id!(
    /// A recorded merge, split or rename.
    UnitChangeId
);
typed_id!(
    /// A person who logs in: citizen or officer.
    UserId
);
typed_id!(
    /// One role granted to one user over one unit subtree.
    RoleGrantId
);
typed_id!(
    /// A server-side session (not the cookie token, which is never stored).
    SessionId
);
typed_id!(
    /// An API token for integrations (not the token itself, which is never stored).
    ApiTokenId
);
typed_id!(
    /// One version of a procedure (a procedure code with an effective-from date).
    ProcedureVersionId
);
typed_id!(
    /// One dossier (its human code is a `DossierCode`, printed on the receipt).
    DossierId
);
typed_id!(
    /// One registered petition: a complaint, denunciation, recommendation or feedback report.
    PetitionId
);
typed_id!(
    /// One citizen-reception session.
    ReceptionSessionId
);
typed_id!(
    /// One visit in a reception session: a line of the reception log.
    VisitId
);
typed_id!(
    /// One place report: a problem in the street, on a map (also its Open311 request id).
    ReportId
);
typed_id!(
    /// One opinion poll.
    PollId
);
typed_id!(
    /// One option of a poll.
    PollOptionId
);
typed_id!(
    /// One section of the news (chuyên mục).
    SectionId
);
typed_id!(
    /// One news article.
    ArticleId
);
typed_id!(
    /// One notice on the home page (thông tin cần biết).
    NoticeId
);
typed_id!(
    /// One comment under an article, a place report or a poll.
    CommentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = UserId::new();
        assert_eq!(UserId::parse(&id.to_string()).unwrap(), id);
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert!(UnitId::parse("1; DROP TABLE unit").is_err());
        assert!(UnitId::parse("").is_err());
    }
}
