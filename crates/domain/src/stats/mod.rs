//! Statistics for leaders: the tally every dossier is counted in, the periods dashboards look
//! at, the figures added up from the tally, and the Decision 766 index as versioned data.

mod cases;
mod figures;
pub mod index766;
mod month;
mod period;
mod tally;

pub use cases::{CaseCounts, CaseKey, Judging, Undecided};
pub use figures::{Breakdown, DossierFigures, Served, ServiceFigures, TallyRow, permille};
pub use month::Month;
pub use period::{MAX_MONTHS, Period, PeriodKind};
pub use tally::{DISSATISFIED_BELOW, DigitalCounts, Finish, TallyKey, TallyLine};
