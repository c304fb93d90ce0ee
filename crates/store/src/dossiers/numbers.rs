//! Intake numbering: the code's sequence of the day and the logbook number of the year.

use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use sqlx::Row;

use crate::db::{Tx, fetch_row, fetch_rows, on_tx};
use crate::error::{StoreError, StoreResult};

const NEXT_SEQUENCE: &str = "INSERT INTO dossier_sequence (agency_code, day, last_seq) \
    VALUES ($1, $2, 1) ON CONFLICT (agency_code, day) \
    DO UPDATE SET last_seq = dossier_sequence.last_seq + 1 RETURNING last_seq";
const NEXT_LOGBOOK_NUMBER: &str = "INSERT INTO logbook_sequence (unit_id, year, last_number) \
    VALUES ($1, $2, 1) ON CONFLICT (unit_id, year) \
    DO UPDATE SET last_number = logbook_sequence.last_number + 1 RETURNING last_number";

/// The next number of the day for `agency` (1, 2, …): one upsert, so concurrent intakes on
/// any number of servers get distinct numbers, and a rolled-back intake gives its number back.
pub async fn next_sequence(tx: &mut Tx, agency: &str, day: NaiveDate) -> StoreResult<i64> {
    fetch_row!(tx, NEXT_SEQUENCE, |q| q.bind(agency).bind(day), |row| row
        .try_get(
        0
    )?)
    .ok_or_else(|| returned_nothing("dossier_sequence"))
}

/// An intake's two numbers: [`next_sequence`] of `agency` on `day` and
/// [`next_logbook_number`] of `unit` in `year`, in one call on SQLite.
pub async fn next_numbers(
    tx: &mut Tx,
    agency: &str,
    day: NaiveDate,
    unit: UnitId,
    year: i32,
) -> StoreResult<(i64, i64)> {
    let numbers: Vec<i64> = fetch_rows!(
        tx,
        [
            (NEXT_SEQUENCE, |q| q.bind(agency).bind(day)),
            (NEXT_LOGBOOK_NUMBER, |q| q
                .bind(unit.to_string())
                .bind(i64::from(year))),
        ],
        |row| row.try_get(0)?
    );
    match numbers[..] {
        [seq, number] => Ok((seq, number)),
        _ => Err(returned_nothing("dossier_sequence")),
    }
}

/// Raises the day's counter of `agency` to at least `last` (after loading history in bulk, so
/// that the next intake continues the numbering).
pub async fn raise_sequence(
    tx: &mut Tx,
    agency: &str,
    day: NaiveDate,
    last: i64,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO dossier_sequence (agency_code, day, last_seq) VALUES ($1, $2, $3) \
        ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = excluded.last_seq \
        WHERE dossier_sequence.last_seq < excluded.last_seq";
    on_tx!(tx, c => {
        sqlx::query(SQL).bind(agency).bind(day).bind(last).execute(&mut *c).await?;
    });
    Ok(())
}

/// Raises the logbook counter of `unit` in `year` to at least `last` (see [`raise_sequence`]).
pub async fn raise_logbook_number(
    tx: &mut Tx,
    unit: UnitId,
    year: i32,
    last: i64,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO logbook_sequence (unit_id, year, last_number) VALUES ($1, $2, $3) \
        ON CONFLICT (unit_id, year) DO UPDATE SET last_number = excluded.last_number \
        WHERE logbook_sequence.last_number < excluded.last_number";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(unit.to_string())
            .bind(i64::from(year))
            .bind(last)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// The next logbook number of `unit` in `year`, continuous through the year.
pub async fn next_logbook_number(tx: &mut Tx, unit: UnitId, year: i32) -> StoreResult<i64> {
    fetch_row!(
        tx,
        NEXT_LOGBOOK_NUMBER,
        |q| q.bind(unit.to_string()).bind(i64::from(year)),
        |row| row.try_get(0)?
    )
    .ok_or_else(|| returned_nothing("logbook_sequence"))
}

/// An upsert with `RETURNING` always returns its row; the database broke that promise.
pub(super) fn returned_nothing(table: &'static str) -> StoreError {
    StoreError::corrupt(table, "the upsert returned no row")
}
