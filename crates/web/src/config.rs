//! Server configuration. It is passed to [`crate::App::build`], never read from a global, so
//! tests can run many servers side by side.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use motcua_calendar::LegalTime;
use motcua_domain::petition::reception::ReceptionRuleBook;
use motcua_domain::petition::rules::PetitionRuleBook;

/// When the session cookie carries the `Secure` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CookieSecurity {
    /// Always `Secure` (the server is only reached over HTTPS).
    Always,
    /// Never `Secure` (plain-HTTP development and tests).
    Never,
    /// `Secure` when the request came over HTTPS, which this server learns only from a trusted
    /// reverse proxy's `X-Forwarded-Proto: https` (see [`Config::trusted_proxy`]); without a
    /// trusted proxy this is `Never`.
    Auto,
}

/// Login throttling: growing waits after failed logins, per (login, client address) and per
/// client address, counted in the database so that every server sees the same state. Nothing
/// locks an account: its owner logs in from another address at once, and from the same
/// address once the wait is over. See `docs/SECURITY.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Failures of one login from one address before any wait.
    pub free_failures: u32,
    /// Failures from one address, whatever logins they name, before any wait: one client
    /// trying many names.
    pub free_failures_per_ip: u32,
    /// The wait after the first failure beyond the free ones; each further failure doubles it.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// Failures of one login from one address older than this stop counting.
    pub lookback: Duration,
    /// Failures from one address older than this stop counting. Shorter than `lookback`: a
    /// whole office behind one NAT shares the address, and a day of everyone's typos must not
    /// add up to a wait for all.
    pub lookback_per_ip: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            free_failures: 5,
            free_failures_per_ip: 30,
            first_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(15 * 60),
            lookback: Duration::from_secs(24 * 60 * 60),
            lookback_per_ip: Duration::from_secs(60 * 60),
        }
    }
}

impl LoginThrottle {
    /// The backoff for one login from one address.
    #[must_use]
    pub fn per_pair(&self) -> motcua_domain::account::LoginBackoff {
        self.backoff(self.free_failures)
    }

    /// The backoff for one address, any logins.
    #[must_use]
    pub fn per_address(&self) -> motcua_domain::account::LoginBackoff {
        self.backoff(self.free_failures_per_ip)
    }

    fn backoff(&self, free_failures: u32) -> motcua_domain::account::LoginBackoff {
        let d = |s: Duration| chrono::Duration::from_std(s).unwrap_or(chrono::Duration::MAX);
        motcua_domain::account::LoginBackoff {
            free_failures,
            first_delay: d(self.first_delay),
            max_delay: d(self.max_delay),
        }
    }
}

/// Background jobs (purging expired sessions, …). Each job runs once per slot across all
/// servers that share a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobsConfig {
    pub enabled: bool,
    /// Length of one slot; a job runs at most once per slot.
    pub slot: Duration,
    /// How often each server checks whether the current slot's jobs have run.
    pub tick: Duration,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            slot: Duration::from_secs(15 * 60),
            tick: Duration::from_secs(60),
        }
    }
}

/// The late watch (see `dossiers::watch`).
#[derive(Clone, Copy, Debug)]
pub struct WatchConfig {
    /// A dossier whose due date is this many working hours away or less is "at risk".
    pub at_risk_working_hours: u32,
}

impl Default for WatchConfig {
    fn default() -> Self {
        Self {
            at_risk_working_hours: 8,
        }
    }
}

/// Public tracking by code (see `routes::track`).
#[derive(Clone, Copy, Debug)]
pub struct TrackingConfig {
    /// Look-ups allowed per client address per minute: enough for a citizen, too few to walk
    /// the code space.
    pub per_minute: u32,
}

impl Default for TrackingConfig {
    fn default() -> Self {
        Self { per_minute: 30 }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (see [`crate::App::local_addr`]).
    pub listen: SocketAddr,
    /// The data folder; the default SQLite database lives here.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; `None` means `sqlite://<data_dir>/motcua.sqlite3`.
    pub database_url: Option<String>,
    pub cookie_security: CookieSecurity,
    /// A reverse proxy in front of every server sets `X-Forwarded-For` and
    /// `X-Forwarded-Proto` (and strips clients' own). Only then are those headers believed:
    /// otherwise a client could pick its own address and dodge the per-address login limit.
    pub trusted_proxy: bool,
    pub login_throttle: LoginThrottle,
    /// A session unused for this long ends.
    pub session_idle_timeout: Duration,
    /// A session ends this long after login, however active.
    pub session_lifetime: Duration,
    /// Largest accepted request body (imports included), except file uploads.
    pub body_limit_bytes: usize,
    /// Largest accepted `multipart/form-data` body: a dossier's files (50 MiB under the default
    /// upload limits) with the form around them. Larger than `body_limit_bytes` so that an
    /// officer meets the per-file and per-dossier messages, not a bare "too large".
    pub upload_limit_bytes: usize,
    pub jobs: JobsConfig,
    /// How long graceful shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// Holidays, working hours and counting rules: the shipped defaults, amended by the
    /// administrator's files under `DATA/calendar/`.
    pub legal_time: Arc<LegalTime>,
    pub watch: WatchConfig,
    pub tracking: TrackingConfig,
    /// How comments are moderated: the reports that hide one, the posts a person may make.
    pub comment_rules: motcua_domain::comment::CommentRules,
    /// The address citizens reach this server at (`https://dichvucong.example.gov.vn`), for
    /// the QR codes and tracking links on printed forms and as the origin that browsers' form
    /// posts must come from. Without it, `http://` and the address actually listened on. The
    /// request's `Host` is never used: anyone can send any `Host`, and a printed form with a
    /// planted link would send citizens elsewhere.
    pub public_url: Option<String>,
    /// The keys that seal denouncers' identities. They live outside the database (a key file or
    /// an environment variable, see `motcua serve`), so a database dump alone reveals nobody.
    pub identity_keys: Arc<motcua_vault::Keyring>,
    /// The petition time limits: the shipped rule sets, or the administrator's replacement
    /// (`DATA/petitions/petition-rules.toml`).
    pub petition_rules: Arc<PetitionRuleBook>,
    /// The heads' reception duty: the shipped rule sets, or the administrator's replacement
    /// (`DATA/petitions/reception-rules.toml`).
    pub reception_rules: Arc<ReceptionRuleBook>,
    /// The place reports' feedback clock: the shipped rule sets, or the province's replacement
    /// (`DATA/reports/feedback-rules.toml`).
    pub feedback_rules: Arc<motcua_domain::report::rules::FeedbackRuleBook>,
    /// Signed checkpoints of the audit log's heads, written every job slot by one server;
    /// `None` writes none (tests, and servers without the signing key).
    pub audit_checkpoints: Option<crate::audit::checkpoints::AuditCheckpoints>,
    /// The province's OpenID Connect provider, when citizens may sign in through it.
    pub oidc: Option<OidcConfig>,
    /// The map's tiles (`--tiles FILE`); without them the map draws a grid under the units'
    /// boundaries.
    pub tiles: Option<Arc<crate::map::TileArchive>>,
}

/// A single sign-on provider (VNeID-style): any OpenID Connect provider that supports the
/// authorization code flow and publishes its discovery document.
#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The issuer URL; `ISSUER/.well-known/openid-configuration` must describe the provider.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: secrecy::SecretString,
    /// What the login page's button calls the provider ("VNeID").
    pub display_name: String,
}

impl Config {
    /// The defaults of `motcua serve`, with the given data folder.
    #[must_use]
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: data_dir.into(),
            database_url: None,
            cookie_security: CookieSecurity::Auto,
            trusted_proxy: false,
            login_throttle: LoginThrottle::default(),
            session_idle_timeout: Duration::from_secs(2 * 60 * 60),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            body_limit_bytes: 10 * 1024 * 1024,
            upload_limit_bytes: 64 * 1024 * 1024,
            jobs: JobsConfig::default(),
            shutdown_grace: Duration::from_secs(30),
            legal_time: Arc::new(
                LegalTime::shipped().expect("the shipped legal-time data is checked by tests"),
            ),
            watch: WatchConfig::default(),
            tracking: TrackingConfig::default(),
            comment_rules: motcua_domain::comment::CommentRules::default(),
            public_url: None,
            identity_keys: Arc::new(ephemeral_keyring()),
            petition_rules: Arc::new(
                PetitionRuleBook::shipped()
                    .expect("the shipped petition rules are checked by tests"),
            ),
            reception_rules: Arc::new(
                ReceptionRuleBook::shipped()
                    .expect("the shipped reception rules are checked by tests"),
            ),
            feedback_rules: Arc::new(
                motcua_domain::report::rules::FeedbackRuleBook::shipped()
                    .expect("the shipped feedback rules are checked by tests"),
            ),
            audit_checkpoints: None,
            oidc: None,
            tiles: None,
        }
    }

    /// The body limit for a request with this content type.
    #[must_use]
    pub fn body_limit_for(&self, content_type: &str) -> usize {
        if content_type
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
        {
            self.upload_limit_bytes.max(self.body_limit_bytes)
        } else {
            self.body_limit_bytes
        }
    }

    /// The public URL without a trailing slash: the configured one, else `http://LISTEN`
    /// (`listen` is the address actually bound, which differs from [`Config::listen`] with
    /// port 0).
    #[must_use]
    pub fn public_base(&self, listen: SocketAddr) -> String {
        match &self.public_url {
            Some(u) => u.trim().trim_end_matches('/').to_owned(),
            None => format!("http://{listen}"),
        }
    }

    /// The database URL actually used.
    #[must_use]
    pub fn effective_database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| motcua_store::default_sqlite_url(&self.data_dir))
    }
}

/// A keyring that lives only in memory, for tests and for a configuration that has not been
/// given one yet; `motcua serve` always replaces it with the key file's.
#[must_use]
pub fn ephemeral_keyring() -> motcua_vault::Keyring {
    motcua_vault::Keyring::ephemeral()
}
