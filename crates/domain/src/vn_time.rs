//! Vietnam's civil time (UTC+7, no daylight saving). Instants are stored in UTC; legal time
//! (working days, the 15:00 cut-off, "on the due date") is counted on the local clock, so the
//! conversion happens here and nowhere else.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

const OFFSET_SECONDS: i32 = 7 * 3600;

/// The UTC+7 offset.
#[must_use]
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_SECONDS).expect("UTC+7 is a valid offset")
}

/// The instant on Vietnam's wall clock.
#[must_use]
pub fn vn_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&vn_offset()).naive_local()
}

/// The date in Vietnam at this instant.
#[must_use]
pub fn vn_date(at: DateTime<Utc>) -> NaiveDate {
    vn_local(at).date()
}

/// A Vietnam wall-clock time as an instant. UTC+7 has no gaps or overlaps, so this is total.
#[must_use]
pub fn from_vn_local(local: NaiveDateTime) -> DateTime<Utc> {
    vn_offset()
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time to one instant")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_crosses_midnight() {
        let utc = Utc.with_ymd_and_hms(2026, 2, 16, 18, 30, 0).unwrap();
        let local = vn_local(utc);
        assert_eq!(local.to_string(), "2026-02-17 01:30:00");
        assert_eq!(vn_date(utc).to_string(), "2026-02-17");
        assert_eq!(from_vn_local(local), utc);
    }
}
