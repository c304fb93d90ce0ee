//! Reception sessions and their conclusion notice (Thông báo kết luận việc tiếp công dân,
//! NĐ 154/2026 Đ25 k2).

use chrono::NaiveDate;
use motcua_domain::ids::{ReceptionSessionId, UnitId};
use motcua_domain::message::Text;
use motcua_store::reception::{self, SessionRecord};

use crate::{Actor, Context, Error, Result};

/// The kinds of reception session, as the store keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// A head's reception day.
    Periodic,
    /// The reception desk's daily work.
    Routine,
    AdHoc,
    Online,
}

impl SessionKind {
    /// In the order a form offers them.
    pub const ALL: [Self; 4] = [Self::Periodic, Self::Routine, Self::AdHoc, Self::Online];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Periodic => "periodic",
            Self::Routine => "routine",
            Self::AdHoc => "ad_hoc",
            Self::Online => "online",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A session to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub unit: UnitId,
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    pub host_name: String,
    pub host_title: String,
    pub place: String,
}

/// Opens a reception session, recorded as the actor's.
pub async fn open_session(
    ctx: &Context,
    actor: &Actor,
    input: NewSession,
) -> Result<ReceptionSessionId> {
    super::within_limits(&[
        ("host_name", &input.host_name),
        ("host_title", &input.host_title),
        ("place", &input.place),
    ])?;
    if input.host_name.trim().is_empty() {
        return Err(Error::field(
            "host_name",
            Text::id("reception-host-name-required"),
        ));
    }
    let s = SessionRecord {
        id: ReceptionSessionId::new(),
        unit: input.unit,
        kind: input.kind.code().to_owned(),
        held_on: input.held_on,
        host_name: input.host_name.trim().to_owned(),
        host_title: input.host_title.trim().to_owned(),
        place: input.place.trim().to_owned(),
        conclusion: String::new(),
        created_by: actor.user,
    };
    let mut tx = ctx.db().begin().await?;
    reception::create_session(&mut tx, &actor.audit(), &s, ctx.now()).await?;
    tx.commit().await?;
    Ok(s.id)
}

/// A session's conclusion notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conclusion {
    pub session: ReceptionSessionId,
    pub text: String,
}

/// Records (or replaces) a session's conclusion notice.
pub async fn conclude(ctx: &Context, actor: &Actor, input: Conclusion) -> Result<()> {
    let text = input.text.trim();
    super::within_limits(&[("conclusion", text)])?;
    if text.is_empty() {
        return Err(Error::field(
            "conclusion",
            Text::id("reception-conclusion-required"),
        ));
    }
    let mut tx = ctx.db().begin().await?;
    reception::conclude(&mut tx, &actor.audit(), input.session, text).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_kinds_read_back_from_their_codes() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.code()), Some(k));
        }
        assert_eq!(SessionKind::parse("weekly"), None);
    }
}
