//! motcua's web server: server-rendered pages, the JSON API under `/api/v1`, authentication
//! and sessions.
//!
//! Reading order: [`config`] (what the server needs), [`App`] in `startup` (bind, serve, shut
//! down), `error` (one error type, rendered as HTML or JSON), `auth` (sessions, CSRF, API tokens,
//! and the one authorization guard), then the routes: `routes::health`, one folder per
//! capability (`accounts`, `catalogue`, `units`, `dossiers`, `petitions`), `api`.

mod accounts;
pub mod audit;
mod catalogue;
pub mod config;
pub mod dossiers;
mod error;
mod i18n;
mod pages;
pub mod petitions;
mod rate_limit;
mod reception;
mod startup;
mod state;
pub mod telemetry;
mod units;

pub use api::{RequestBodyType, request_body_types};
pub use auth::password;
pub use config::{Config, CookieSecurity, JobsConfig, LoginThrottle, TrackingConfig, WatchConfig};
pub use startup::App;
mod api;
mod auth;
mod authz;
mod extract;
mod jobs;
mod routes;
mod search;
