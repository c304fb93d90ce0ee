//! What every operation needs, built once by whoever runs the operations (the server, a
//! command, the demo loader) and passed in: no operation reads a global.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use motcua_calendar::LegalTime;
use motcua_domain::petition::reception::ReceptionRuleBook;
use motcua_domain::petition::rules::PetitionRuleBook;
use motcua_domain::report::rules::FeedbackRuleBook;
use motcua_store::Db;
use motcua_store::cache::ReferenceCache;
use motcua_vault::Keyring;

use crate::clocks::Clocks;

/// The current time, as operations read it: the system clock in service, a fixed instant in
/// tests and in the generators that write history.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Shared by every operation. Cheap to clone.
#[derive(Clone)]
pub struct Context {
    inner: Arc<Inner>,
    clock: Clock,
}

struct Inner {
    db: Db,
    clocks: Clocks,
    cache: ReferenceCache,
    identity_keys: Arc<Keyring>,
    petition_rules: Arc<PetitionRuleBook>,
    reception_rules: Arc<ReceptionRuleBook>,
    feedback_rules: Arc<FeedbackRuleBook>,
    /// Rung when a filing leaves photos to render, so the worker starts at once.
    photos_waiting: tokio::sync::Notify,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("db", &self.inner.db)
            .finish_non_exhaustive()
    }
}

/// The parts of a [`Context`]; the rule books and keys are those the deployment loaded from
/// its data folder.
#[allow(missing_debug_implementations)] // the clock is a closure
pub struct Parts {
    pub db: Db,
    pub legal_time: Arc<LegalTime>,
    /// The years the working calendars cover.
    pub calendar_years: std::ops::RangeInclusive<i32>,
    pub identity_keys: Arc<Keyring>,
    pub petition_rules: Arc<PetitionRuleBook>,
    pub reception_rules: Arc<ReceptionRuleBook>,
    /// The place reports' feedback clock.
    pub feedback_rules: Arc<FeedbackRuleBook>,
    /// `None`: the system clock (to the microsecond, as the database stores it).
    pub clock: Option<Clock>,
}

impl Context {
    #[must_use]
    pub fn new(parts: Parts) -> Self {
        Self {
            inner: Arc::new(Inner {
                clocks: Clocks::new(parts.legal_time, parts.calendar_years),
                db: parts.db,
                cache: ReferenceCache::new(),
                identity_keys: parts.identity_keys,
                petition_rules: parts.petition_rules,
                reception_rules: parts.reception_rules,
                feedback_rules: parts.feedback_rules,
                photos_waiting: tokio::sync::Notify::new(),
            }),
            clock: parts.clock.unwrap_or_else(|| Arc::new(motcua_store::now)),
        }
    }

    /// The same context read at the time `clock` gives: the demo loader walks its cases through
    /// the live operations at the moments they happened, sharing this context's caches.
    #[must_use]
    pub fn with_clock(&self, clock: Clock) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            clock,
        }
    }

    #[must_use]
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The working calendars, per unit.
    #[must_use]
    pub fn clocks(&self) -> &Clocks {
        &self.inner.clocks
    }

    /// Units and procedure versions kept between requests.
    #[must_use]
    pub fn cache(&self) -> &ReferenceCache {
        &self.inner.cache
    }

    /// The keys that seal a denouncer's identity.
    #[must_use]
    pub fn identity_keys(&self) -> &Keyring {
        &self.inner.identity_keys
    }

    #[must_use]
    pub fn petition_rules(&self) -> &PetitionRuleBook {
        &self.inner.petition_rules
    }

    #[must_use]
    pub fn reception_rules(&self) -> &ReceptionRuleBook {
        &self.inner.reception_rules
    }

    #[must_use]
    pub fn feedback_rules(&self) -> &FeedbackRuleBook {
        &self.inner.feedback_rules
    }

    /// What the photo worker waits on between rounds (see `reports::photos::queue`).
    #[must_use]
    pub fn photos_waiting(&self) -> &tokio::sync::Notify {
        &self.inner.photos_waiting
    }

    /// The current time.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}
