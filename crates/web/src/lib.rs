//! motcua's web server: server-rendered pages, the JSON API under `/api/v1`, authentication
//! and sessions.
//!
//! Reading order: [`config`] (what the server needs), `state` (what every handler gets), [`App`]
//! in `startup` (bind, serve, shut down), `error` (one error type, rendered as HTML or JSON),
//! `auth` (sessions, CSRF, API tokens) and `authz` (the one authorization guard); then one folder
//! per capability (`dossiers`, `petitions`, `reports`, `polls`, `reception`, `catalogue`, `units`, `accounts`,
//! `audit`), each with its pages and its API; `routes` (the site-wide router, home, health,
//! language), `api` (the API's router and OpenAPI document) and `printing` (rendering any
//! capability's official forms).

mod accounts;
pub mod audit;
mod catalogue;
mod comments;
pub mod config;
pub mod dossiers;
mod error;
mod i18n;
pub mod map;
mod news;
mod pages;
pub mod petitions;
pub mod places;
mod polls;
mod printing;
mod rate_limit;
mod reception;
mod reports;
mod startup;
mod state;
mod stats;
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
mod form_data;
mod jobs;
mod kept;
mod routes;
mod search;
