//! Where a dossier stands, as the statistics count it. Every dossier is one line of the tally,
//! keyed by what the dashboards group and filter on; a change to the dossier moves it from one
//! line to another. The tally is therefore a GROUP BY of the dossier table, kept in the same
//! transaction as the change, and every figure of a month-aligned period can be read from it:
//! received in the period (by received month), finished early, on time or late (by finished
//! month), and still open at the period's end (received before it ends, finished after it or
//! not at all, judged against the due month).

use chrono::{DateTime, Utc};

use crate::dossier::lifecycle::{Channel, Timeliness};
use crate::dossier::record::{Digital, DossierRecord};
use crate::ids::UnitId;

use super::Month;

/// How a dossier ended, or that it has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Finish {
    Open,
    Early,
    OnTime,
    Late,
    /// Finished while its clock was stopped for a supplement (stopped or refused then):
    /// neither early nor late. Decision 766's rule takes the request as the end, so it counts
    /// as on time there.
    Unclocked,
}

impl Finish {
    pub const ALL: [Self; 5] = [
        Self::Open,
        Self::Early,
        Self::OnTime,
        Self::Late,
        Self::Unclocked,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Early => "early",
            Self::OnTime => "on_time",
            Self::Late => "late",
            Self::Unclocked => "unclocked",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == s)
    }

    #[must_use]
    pub fn of(finished_at: Option<DateTime<Utc>>, outcome: Option<Timeliness>) -> Self {
        match (finished_at, outcome) {
            (None, _) => Self::Open,
            (Some(_), Some(Timeliness::Early)) => Self::Early,
            (Some(_), Some(Timeliness::OnTime)) => Self::OnTime,
            (Some(_), Some(Timeliness::Late)) => Self::Late,
            (Some(_), None) => Self::Unclocked,
        }
    }
}

/// The columns a tally line is keyed by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    /// The receiving unit: never re-pointed, so history stays with the unit that received it,
    /// under its name of the day, across reorganisations.
    pub unit: UnitId,
    pub procedure_code: String,
    pub channel: Channel,
    pub received: Month,
    /// `None` while the applicant holds the dossier for a supplement.
    pub due: Option<Month>,
    pub finished: Option<Month>,
    pub finish: Finish,
}

/// How many of a line's dossiers have each fact Decision 766 counts, each in the combination
/// its indicator counts, so that a period's figure is a plain sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigitalCounts {
    /// With a fee (3.6's denominator).
    pub fee_bearing: i64,
    /// Paid online, among those with a fee (3.6's numerator).
    pub paid_online: i64,
    /// Whose result is a document (4.1's denominator).
    pub paper_result: i64,
    /// With an electronic result, among those whose result is a document (4.1).
    pub e_result: i64,
    /// Components digitised, and an electronic result where a document is the result (4.2).
    pub digitised: i64,
    /// With a component replaced by reused data (4.3).
    pub reused: i64,
    /// With a component from the applicant's store on the national portal (4.4).
    pub from_store: i64,
    /// Confirmed by the national portal (1.4).
    pub synced: i64,
}

impl DigitalCounts {
    /// One dossier's counts.
    #[must_use]
    pub fn of(d: &Digital) -> Self {
        let n = i64::from;
        Self {
            fee_bearing: n(d.fee_bearing),
            paid_online: n(d.fee_bearing && d.paid_online.is_some()),
            paper_result: n(d.paper_result),
            e_result: n(d.paper_result && d.e_result),
            digitised: n(d.components_digitised && (d.e_result || !d.paper_result)),
            reused: n(d.reused_data),
            from_store: n(d.from_portal_store),
            synced: n(d.synced_at.is_some()),
        }
    }

    /// The counts times `sign` (−1 to take a dossier off its line).
    #[must_use]
    pub const fn times(self, sign: i64) -> Self {
        Self {
            fee_bearing: self.fee_bearing * sign,
            paid_online: self.paid_online * sign,
            paper_result: self.paper_result * sign,
            e_result: self.e_result * sign,
            digitised: self.digitised * sign,
            reused: self.reused * sign,
            from_store: self.from_store * sign,
            synced: self.synced * sign,
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.fee_bearing += o.fee_bearing;
        self.paid_online += o.paid_online;
        self.paper_result += o.paper_result;
        self.e_result += o.e_result;
        self.digitised += o.digitised;
        self.reused += o.reused;
        self.from_store += o.from_store;
        self.synced += o.synced;
    }
}

/// What one dossier adds to its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyLine {
    pub key: TallyKey,
    pub digital: DigitalCounts,
    /// Finished dossiers only: minutes from receipt to the end, and the minutes the due date
    /// allowed (receipt to the last due date), for the average time against the limit.
    pub elapsed_minutes: i64,
    pub allowed_minutes: i64,
}

impl TallyLine {
    #[must_use]
    pub fn of(d: &DossierRecord) -> Self {
        Self::from_parts(
            d.receiving_unit,
            d.procedure_code.clone(),
            d.channel,
            d.received_at,
            d.original_due_at,
            d.due_at,
            d.finished_at,
            d.outcome,
            &d.digital,
        )
    }

    /// The line of a dossier from the columns it is computed from (a rebuild reads only these).
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        unit: UnitId,
        procedure_code: String,
        channel: Channel,
        received_at: DateTime<Utc>,
        original_due_at: DateTime<Utc>,
        due_at: Option<DateTime<Utc>>,
        finished_at: Option<DateTime<Utc>>,
        outcome: Option<Timeliness>,
        digital: &Digital,
    ) -> Self {
        let (elapsed, allowed) = match finished_at {
            Some(end) => (
                (end - received_at).num_minutes().max(0),
                (due_at.unwrap_or(original_due_at) - received_at)
                    .num_minutes()
                    .max(0),
            ),
            None => (0, 0),
        };
        Self {
            key: TallyKey {
                unit,
                procedure_code,
                channel,
                received: Month::of(received_at),
                due: due_at.map(Month::of),
                finished: finished_at.map(Month::of),
                finish: Finish::of(finished_at, outcome),
            },
            digital: DigitalCounts::of(digital),
            elapsed_minutes: elapsed,
            allowed_minutes: allowed,
        }
    }
}

/// A rating below this average (in hundredths of a point on the 0–2 scale of Circular
/// 01/2018 Art. 13) means the applicant found the service short of what is required on the
/// whole: Decision 766's "dissatisfied". 1.00 is "meets the requirement".
pub const DISSATISFIED_BELOW: i64 = 100;
