//! Vietnamese legal time: the lunar calendar, public holidays, working time and due dates.
//!
//! A pure library: no I/O, no clock. Data files (holiday rules, yearly schedules, counting
//! rules) are parsed from text the caller hands in, so the same engine serves the CLI, the
//! server and the tests.

pub mod error;
pub mod lunar;

pub use error::CalendarError;
pub use lunar::{LunarDate, LunarMonth, lunar_to_solar, solar_to_lunar};
pub mod defaults;
pub mod due;
pub mod holidays;
pub mod rules;
pub mod schedule;
pub mod working;

pub use defaults::LegalTime;
pub use due::{Action, ClockEvent, ClockReading, OffDay, Step, TimeLimit, Why};
pub use holidays::{DayEntry, DayKind, HolidayCalendar, YearSchedule};
pub use rules::{CountingRuleBook, CountingRules};
pub use schedule::WeeklySchedule;
pub use working::WorkingCalendar;
