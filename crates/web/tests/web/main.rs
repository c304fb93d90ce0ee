//! Black-box tests of the web server over real HTTP: one test binary, one module per area.
//!
//! Every test runs on SQLite and, when `MOTCUA_TEST_POSTGRES_URL` is set, also on PostgreSQL
//! in a fresh, randomly named database (see [`helpers::TestApp`]).

mod dossier_fixtures;
mod helpers;

mod account;
mod admin;
mod api;
mod bad_input;
mod browser;
mod browser_dossiers;
mod browser_journeys;
mod browser_news;
mod browser_petitions;
mod browser_polls;
mod browser_printing;
mod catalogue;
mod comments;
mod denouncer_privacy;
mod desk_pages;
mod dossiers_api;
mod english;
mod forms;
mod matrix;
mod multi_server;
mod news;
mod online_filing;
mod openapi;
mod operations;
mod petitions_api;
mod petitions_online;
mod petitions_pages;
mod place_reports;
mod polls;
mod rating;
mod reception;
mod self_service;
mod single_sign_on;
mod stats;
mod team_queue;
mod wayfinding;
