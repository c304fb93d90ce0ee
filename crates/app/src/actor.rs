//! Who is acting.

use motcua_domain::ids::UserId;
use motcua_store::AuditContext;
use motcua_store::cache::Generation;

/// Who is acting, as recorded on a case's timeline and in the audit log: a person, or the
/// system itself (a scheduled job, the command line) with no user.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: Option<UserId>,
    pub name: String,
    pub ip: Option<String>,
    /// The reference-cache generation the request read, if it did (see `motcua_store::cache`).
    pub cache: Option<Generation>,
}

impl Actor {
    /// The system itself, under `name` (a job's or a command's name, shown on timelines).
    #[must_use]
    pub fn system(name: impl Into<String>) -> Self {
        Self {
            user: None,
            name: name.into(),
            ip: None,
            cache: None,
        }
    }

    /// The audit log's record of who acted.
    #[must_use]
    pub fn audit(&self) -> AuditContext {
        match self.user {
            Some(u) => AuditContext::user(u, self.ip.clone()),
            None => AuditContext::system(),
        }
    }
}
