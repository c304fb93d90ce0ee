//! Working calendars per unit, built once and shared: a calendar is a day table over several
//! years, too costly to rebuild on every request and cheap to keep.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use motcua_calendar::{CalendarError, CountingRules, LegalTime, WorkingCalendar};

#[derive(Debug)]
pub struct Clocks {
    legal: Arc<LegalTime>,
    years: RangeInclusive<i32>,
    cache: Mutex<HashMap<Option<String>, Arc<WorkingCalendar>>>,
}

impl Clocks {
    /// Calendars cover `years` (a dossier's dates must fall inside; the demo history reaches two
    /// years back, and due dates a few months ahead).
    #[must_use]
    pub fn new(legal: Arc<LegalTime>, years: RangeInclusive<i32>) -> Self {
        Self {
            legal,
            years,
            cache: Mutex::new(HashMap::new()),
        }
    }

    #[must_use]
    pub fn legal(&self) -> &LegalTime {
        &self.legal
    }

    /// The calendar of the unit with this code: its own hours if it has a file, the default
    /// hours otherwise.
    pub fn calendar(&self, unit_code: &str) -> Result<Arc<WorkingCalendar>, CalendarError> {
        let key = self
            .legal
            .unit_hours
            .contains_key(unit_code)
            .then(|| unit_code.to_owned());
        if let Some(c) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(Arc::clone(c));
        }
        // Built outside the lock: two threads may both build the first time; one result wins.
        let built = Arc::new(self.legal.calendar(key.as_deref(), self.years.clone())?);
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(Arc::clone(cache.entry(key).or_insert(built)))
    }

    /// The counting rules a dossier received on `date` is counted under.
    #[must_use]
    pub fn rules_on(&self, date: NaiveDate) -> &CountingRules {
        self.legal.counting_rules(date)
    }

    /// The counting rules with this id (the version a dossier recorded at receipt), or those in
    /// force on `fallback` if an administrator has since removed that version.
    #[must_use]
    pub fn rules_by_id(&self, id: &str, fallback: NaiveDate) -> &CountingRules {
        self.legal
            .counting
            .versions()
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| self.rules_on(fallback))
    }
}
