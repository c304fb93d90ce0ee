//! The application state every handler receives. It imports no handler: handlers import it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use motcua_domain::stats::index766::{self, IndexVersions};
use motcua_store::Db;

use crate::config::Config;
use crate::rate_limit::RateLimit;

/// Shared by every handler: configuration, the database, and server-wide flags.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    /// The use cases' context: the database, working calendars, rule books, identity keys and
    /// the reference cache live there, shared with whatever else runs operations.
    app: motcua_app::Context,
    ready: AtomicBool,
    /// Names this server in job leases, so runs can be told apart in the database.
    server_id: String,
    /// Loaded once: fonts and the typesetter take a while to set up.
    forms: Arc<motcua_forms::FormRenderer>,
    tracking_limit: RateLimit,
    /// The single sign-on provider, when one is configured.
    oidc: Option<Arc<crate::auth::oidc::Oidc>>,
    /// The versions of the Decision 766 index, read once from the data built in.
    index_versions: Arc<IndexVersions>,
    /// Lays out the statistics reports; loaded once, like `forms`.
    reports: Arc<motcua_forms::report::ReportRenderer>,
}

impl AppState {
    /// The state of a server named `server_id`, on an open and migrated database.
    #[must_use]
    pub fn new(
        config: Config,
        db: Db,
        server_id: String,
        forms: Arc<motcua_forms::FormRenderer>,
    ) -> Self {
        let app = motcua_app::Context::new(motcua_app::context::Parts {
            db,
            legal_time: Arc::clone(&config.legal_time),
            calendar_years: calendar_years(),
            identity_keys: Arc::clone(&config.identity_keys),
            petition_rules: Arc::clone(&config.petition_rules),
            reception_rules: Arc::clone(&config.reception_rules),
            feedback_rules: Arc::clone(&config.feedback_rules),
            clock: None,
        });
        let oidc = config.oidc.clone().and_then(|c| {
            crate::auth::oidc::Oidc::new(c)
                .map(Arc::new)
                .map_err(|e| tracing::error!(error = %e, "single sign-on is off: no HTTP client"))
                .ok()
        });
        let index_versions = IndexVersions::parse(index766::VERSIONS_TOML)
            .expect("the index versions built in are checked by a unit test");
        Self {
            inner: Arc::new(Inner {
                index_versions: Arc::new(index_versions),
                reports: Arc::new(motcua_forms::report::ReportRenderer::new()),
                oidc,
                tracking_limit: RateLimit::new(config.tracking.per_minute),
                server_id,
                forms,
                config,
                app,
                ready: AtomicBool::new(false),
            }),
        }
    }

    pub(crate) fn set_ready(&self, ready: bool) {
        self.inner.ready.store(ready, Ordering::Release);
    }

    #[must_use]
    pub(crate) fn oidc(&self) -> Option<&crate::auth::oidc::Oidc> {
        self.inner.oidc.as_deref()
    }

    /// Where citizens reach this server: the public URL (set at start, see
    /// [`Config::public_url`]), without a trailing slash; never the request's `Host`, which
    /// the client chooses.
    pub(crate) fn public_base(&self) -> String {
        self.config()
            .public_url
            .as_deref()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    #[must_use]
    pub fn reports(&self) -> &motcua_forms::report::ReportRenderer {
        &self.inner.reports
    }

    #[must_use]
    pub fn index_versions(&self) -> &IndexVersions {
        &self.inner.index_versions
    }

    #[must_use]
    pub fn db(&self) -> &Db {
        self.inner.app.db()
    }

    /// The use cases' context.
    #[must_use]
    pub fn app(&self) -> &motcua_app::Context {
        &self.inner.app
    }

    #[must_use]
    pub fn cache(&self) -> &motcua_store::cache::ReferenceCache {
        self.inner.app.cache()
    }

    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.inner.ready.load(Ordering::Acquire)
    }

    #[must_use]
    pub fn server_id(&self) -> &str {
        &self.inner.server_id
    }

    #[must_use]
    pub fn clocks(&self) -> &motcua_app::clocks::Clocks {
        self.inner.app.clocks()
    }

    #[must_use]
    pub fn forms(&self) -> Arc<motcua_forms::FormRenderer> {
        Arc::clone(&self.inner.forms)
    }

    #[must_use]
    pub fn tracking_limit(&self) -> &RateLimit {
        &self.inner.tracking_limit
    }
}

/// The years the working calendars cover: the demo history reaches two years back, appeals
/// and late dossiers a little further; due dates reach a few months ahead.
fn calendar_years() -> std::ops::RangeInclusive<i32> {
    use chrono::Datelike as _;
    let year = motcua_store::now().year();
    (year - 4)..=(year + 2)
}
