//! Storage integration tests: one binary, every test on SQLite (a temporary file) and, when
//! `MOTCUA_TEST_POSTGRES_URL` is set, on PostgreSQL (a fresh database per test, dropped after).

mod harness;

mod audit;
mod leases;
mod parity;
mod procedures;
mod sessions;
mod tokens;
mod units;
mod users;
