//! Due dates: a time limit added to the moment a dossier or petition was received, under the
//! counting rules in force, on a unit's working calendar; with an optional explanation of every
//! day skipped or counted, and clocks that pause, resume and restart.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Serialize;

use crate::error::CalendarError;
use crate::holidays::DayKind;
use crate::rules::{CountingRules, PeriodEnd};
use crate::schedule::{minutes_to_time, time_to_minutes};
use crate::working::{DayOff, WorkingCalendar, weekday_vi};

/// A legal or committed time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "amount", rename_all = "snake_case")]
pub enum TimeLimit {
    WorkingDays(u32),
    WorkingHours(u32),
    /// What is left of a limit in hours after a pause, to the minute.
    WorkingMinutes(u32),
    CalendarDays(u32),
    /// Returned the day it is received (or the next working day after the cut-off).
    SameDay,
}

impl TimeLimit {
    /// The limit in working minutes, for limits in hours.
    pub fn minutes(self) -> Option<u32> {
        match self {
            TimeLimit::WorkingHours(h) => Some(h.saturating_mul(60)),
            TimeLimit::WorkingMinutes(m) => Some(m),
            _ => None,
        }
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::WorkingDays(n) => write!(f, "{n} ngày làm việc"),
            TimeLimit::WorkingHours(n) => write!(f, "{n} giờ làm việc"),
            TimeLimit::WorkingMinutes(n) => write!(f, "{} giờ {} phút làm việc", n / 60, n % 60),
            TimeLimit::CalendarDays(n) => write!(f, "{n} ngày"),
            TimeLimit::SameDay => write!(f, "trong ngày"),
        }
    }
}

/// What one line of an explanation records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The moment of receipt as given.
    Received,
    /// Receipt counted as happening later (cut-off, day off, after hours).
    ReceiptMoved,
    /// A working day counted towards the limit (`n` of the limit).
    Counted,
    /// A working day on which `minutes` of a limit in hours were counted.
    HoursCounted,
    /// A calendar day counted towards the limit.
    CalendarDay,
    /// A day skipped because it is not worked.
    Skipped,
    /// The last day fell on a day off, so the period ends on the next working day.
    EndMoved,
    /// The clock stopped.
    Paused,
    /// The clock started again after a pause.
    Resumed,
    /// The clock started again from zero.
    Restarted,
    /// The due moment.
    Due,
}

/// One line of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    pub action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Why, in Vietnamese, with the legal source where there is one.
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DayKind>,
    /// Why, as data: what a page words in its reader's language (`reason` is its Vietnamese).
    #[serde(skip)]
    pub why: Why,
}

/// Why a day is not worked, as the explanation keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffDay {
    /// A listed day, with its name and the text that made it a day off.
    Listed {
        name: String,
        kind: DayKind,
        source: String,
    },
    /// The weekly schedule has no hours on this weekday.
    WeeklyRest(Weekday),
}

impl From<DayOff<'_>> for OffDay {
    fn from(off: DayOff<'_>) -> Self {
        match off {
            DayOff::Listed(e) => OffDay::Listed {
                name: e.name.clone(),
                kind: e.kind,
                source: e.source.clone(),
            },
            DayOff::WeeklyRest(w) => OffDay::WeeklyRest(w),
        }
    }
}

impl OffDay {
    /// E.g. "Tết Nguyên Đán (ngày nghỉ lễ, Tết)".
    fn vietnamese(&self) -> String {
        match self {
            OffDay::Listed { name, kind, .. } => format!("{name} ({})", kind.label_vi()),
            OffDay::WeeklyRest(w) => format!("{} (ngày nghỉ hằng tuần)", weekday_vi(*w)),
        }
    }
}

/// What one step of an explanation says, with everything a sentence about it needs. The legal
/// `source`s are quoted as the rule files give them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Why {
    /// Received, with the limit to count.
    Received {
        limit: TimeLimit,
    },
    /// Received on a day off (`off`, when the calendar can name it).
    MovedFromDayOff {
        off: Option<OffDay>,
        source: String,
    },
    /// Received after the cut-off.
    MovedAfterCutoff {
        cutoff: NaiveTime,
        source: String,
    },
    /// Received after the last window of the day.
    MovedAfterHours {
        source: String,
    },
    /// Working day `k` of `n`.
    Counted {
        k: u32,
        n: u32,
    },
    /// `minutes` counted on this day, `total` so far.
    HoursCounted {
        minutes: u32,
        total: u32,
    },
    /// The last day of `n` calendar days counted from `from`.
    LastCalendarDay {
        n: u32,
        from: NaiveDate,
        source: String,
    },
    /// A day not counted (`off`, when the calendar can name it).
    Skipped {
        off: Option<OffDay>,
    },
    /// The period's last day is `off`, so it ends on the next working day.
    EndMoved {
        off: OffDay,
        source: String,
    },
    Paused {
        remaining: TimeLimit,
    },
    Resumed {
        remaining: TimeLimit,
    },
    Restarted {
        limit: TimeLimit,
    },
    /// The due moment.
    #[default]
    Due,
}

impl Why {
    /// The Vietnamese sentence, as the explanation's `reason` and the command line give it.
    pub fn vietnamese(&self) -> String {
        match self {
            Why::Received { limit } => format!("tiếp nhận; thời hạn {limit}"),
            Why::MovedFromDayOff { off, source } => format!(
                "nhận vào ngày nghỉ ({}); tính như nhận đầu ngày làm việc tiếp theo — {source}",
                off.as_ref().map(OffDay::vietnamese).unwrap_or_default()
            ),
            Why::MovedAfterCutoff { cutoff, source } => format!(
                "nhận sau {}; tính như nhận đầu ngày làm việc tiếp theo — {source}",
                cutoff.format("%H:%M")
            ),
            Why::MovedAfterHours { source } => format!(
                "nhận sau giờ làm việc; tính như nhận đầu ngày làm việc tiếp theo — {source}"
            ),
            Why::Counted { k, n } => format!("ngày làm việc thứ {k}/{n}"),
            Why::HoursCounted { minutes, total } => format!(
                "tính {} giờ {} phút làm việc (cộng dồn {} giờ {} phút)",
                minutes / 60,
                minutes % 60,
                total / 60,
                total % 60
            ),
            Why::LastCalendarDay { n, from, source } => format!(
                "ngày cuối của thời hạn {n} ngày (tính từ ngày {}) — {source}",
                from.format("%d/%m/%Y")
            ),
            Why::Skipped { off: None } => "không tính".to_owned(),
            Why::Skipped { off: Some(off) } => skipped_vietnamese(off),
            Why::EndMoved { off, source } => format!(
                "{}; thời hạn kết thúc vào ngày làm việc tiếp theo — {source}",
                skipped_vietnamese(off)
            ),
            Why::Paused { remaining } => format!("tạm dừng; còn {remaining}"),
            Why::Resumed { remaining } => format!("tiếp tục; còn {remaining}"),
            Why::Restarted { limit } => format!("tính lại từ đầu {limit}"),
            Why::Due => "hẹn trả kết quả".to_owned(),
        }
    }
}

fn skipped_vietnamese(off: &OffDay) -> String {
    match off {
        OffDay::Listed { source, .. } => format!("không tính: {} — {source}", off.vietnamese()),
        OffDay::WeeklyRest(_) => format!("không tính: {}", off.vietnamese()),
    }
}

impl Step {
    fn new(date: NaiveDate, action: Action, why: Why) -> Self {
        Self {
            date,
            time: None,
            action,
            n: None,
            minutes: None,
            reason: why.vietnamese(),
            kind: None,
            why,
        }
    }

    fn at(mut self, time: NaiveTime) -> Self {
        self.time = Some(time);
        self
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            weekday_vi(self.date.weekday()),
            self.date.format("%d/%m/%Y")
        )?;
        if let Some(t) = self.time {
            write!(f, " {}", t.format("%H:%M"))?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why counting starts later than the moment of receipt.
#[derive(Debug, Clone, Copy)]
enum Moved {
    DayOff,
    AfterCutoff(NaiveTime),
    AfterHours,
}

/// Receives explanation steps; the silent one costs nothing, so the fast path and the
/// explained path are the same code.
trait Observer {
    fn note(&mut self, step: impl FnOnce() -> Step);
}

struct Silent;

impl Observer for Silent {
    #[inline(always)]
    fn note(&mut self, _step: impl FnOnce() -> Step) {}
}

impl Observer for Vec<Step> {
    fn note(&mut self, step: impl FnOnce() -> Step) {
        self.push(step());
    }
}

fn skipped(day: NaiveDate, off: DayOff<'_>) -> Step {
    let kind = match off {
        DayOff::Listed(e) => Some(e.kind),
        DayOff::WeeklyRest(_) => None,
    };
    let mut s = Step::new(
        day,
        Action::Skipped,
        Why::Skipped {
            off: Some(off.into()),
        },
    );
    s.kind = kind;
    s
}

impl WorkingCalendar {
    /// The due moment for `limit` counted from `received`, under `rules`.
    pub fn due(
        &self,
        received: NaiveDateTime,
        limit: TimeLimit,
        rules: &CountingRules,
    ) -> Result<NaiveDateTime, CalendarError> {
        let start = self.counting_start(received, rules, &mut Silent)?;
        self.add(start, limit, rules, &mut Silent)
    }

    /// Like [`WorkingCalendar::due`], with every step that led to the answer.
    pub fn due_explained(
        &self,
        received: NaiveDateTime,
        limit: TimeLimit,
        rules: &CountingRules,
    ) -> Result<(NaiveDateTime, Vec<Step>), CalendarError> {
        let mut steps = Vec::new();
        steps.push(
            Step::new(received.date(), Action::Received, Why::Received { limit })
                .at(received.time()),
        );
        let start = self.counting_start(received, rules, &mut steps)?;
        let due = self.add(start, limit, rules, &mut steps)?;
        steps.push(Step::new(due.date(), Action::Due, Why::Due).at(due.time()));
        Ok((due, steps))
    }

    /// When counting starts for something received at `received`: later than the receipt when
    /// it came after the cut-off, outside working hours or on a day off.
    fn counting_start(
        &self,
        received: NaiveDateTime,
        rules: &CountingRules,
        obs: &mut impl Observer,
    ) -> Result<NaiveDateTime, CalendarError> {
        let day = received.date();
        let windows = self.windows(day)?;
        let minute = time_to_minutes(received.time());
        // Decide first, word the reason only when someone asks for it: this runs for every
        // due date computed.
        let moved = if windows.is_empty() {
            if !rules.day_off_receipt_next_working_day.value {
                return Ok(received);
            }
            Some(Moved::DayOff)
        } else if let Some(cutoff) = rules.cutoff.value.0
            && received.time() >= cutoff
        {
            Some(Moved::AfterCutoff(cutoff))
        } else if rules.day_off_receipt_next_working_day.value
            && windows.last().is_some_and(|w| minute >= w.end)
        {
            // The same rule moves a receipt after closing time as one on a day off: periods
            // counted as the Civil Code counts them (petitions) start the day after, whatever
            // the hour.
            Some(Moved::AfterHours)
        } else {
            None
        };
        let Some(moved) = moved else {
            return Ok(received);
        };
        let next = self.next_working_day(day)?;
        let start = self.opening(next)?;
        obs.note(|| {
            let why = match moved {
                Moved::DayOff => Why::MovedFromDayOff {
                    off: self.day_off(day).ok().flatten().map(OffDay::from),
                    source: rules.day_off_receipt_next_working_day.source.clone(),
                },
                Moved::AfterCutoff(cutoff) => Why::MovedAfterCutoff {
                    cutoff,
                    source: rules.cutoff.source.clone(),
                },
                Moved::AfterHours => Why::MovedAfterHours {
                    source: rules.day_off_receipt_next_working_day.source.clone(),
                },
            };
            Step::new(next, Action::ReceiptMoved, why).at(start.time())
        });
        Ok(start)
    }

    fn add(
        &self,
        start: NaiveDateTime,
        limit: TimeLimit,
        rules: &CountingRules,
        obs: &mut impl Observer,
    ) -> Result<NaiveDateTime, CalendarError> {
        match limit {
            TimeLimit::SameDay => self.add_working_days(start, 0, rules, obs),
            TimeLimit::WorkingDays(n) => self.add_working_days(start, n, rules, obs),
            TimeLimit::WorkingHours(_) | TimeLimit::WorkingMinutes(_) => {
                self.add_working_minutes(start, limit.minutes().unwrap_or(0), obs)
            }
            TimeLimit::CalendarDays(n) => self.add_calendar_days(start, n, rules, obs),
        }
    }

    fn end_of(
        &self,
        day: NaiveDate,
        rules: &CountingRules,
    ) -> Result<NaiveDateTime, CalendarError> {
        match rules.period_end.value {
            PeriodEnd::CloseOfBusiness if self.is_working_day(day)? => self.closing(day),
            _ => Ok(day.and_time(minutes_to_time(24 * 60))),
        }
    }

    fn add_working_days(
        &self,
        start: NaiveDateTime,
        n: u32,
        rules: &CountingRules,
        obs: &mut impl Observer,
    ) -> Result<NaiveDateTime, CalendarError> {
        let mut i = self.index(start.date())?;
        // Periods in days start the day after receipt (Civil Code 2015 Art. 147); when the
        // rule is off, the day of receipt is the first day counted.
        let mut counted = 0;
        if n > 0 && !rules.days_start_next_day.value && self.working_at(i)? {
            counted = 1;
            obs.note(|| counted_step(start.date(), 1, n));
        }
        if n == 0 {
            while !self.working_at(i)? {
                i += 1;
            }
        }
        while counted < n {
            i += 1;
            if self.working_at(i)? {
                counted += 1;
                obs.note(|| counted_step(self.date_at(i), counted, n));
            } else {
                obs.note(|| self.skipped_at(i));
            }
        }
        self.end_of(self.date_at(i), rules)
    }

    fn add_working_minutes(
        &self,
        start: NaiveDateTime,
        minutes: u32,
        obs: &mut impl Observer,
    ) -> Result<NaiveDateTime, CalendarError> {
        let mut remaining = minutes;
        let mut day = start.date();
        let mut from = time_to_minutes(start.time());
        if remaining == 0 {
            return Ok(start);
        }
        loop {
            let windows = self.windows(day)?;
            if windows.is_empty()
                && let Some(off) = self.day_off(day)?
            {
                obs.note(|| skipped(day, off));
            }
            let mut used_today = 0;
            for w in windows {
                let s = w.start.max(from);
                if s >= w.end {
                    continue;
                }
                let available = u32::from(w.end - s);
                if remaining <= available {
                    let end = s + remaining as u16;
                    let used = used_today + remaining;
                    obs.note(|| hours_step(day, used, minutes));
                    return Ok(day.and_time(minutes_to_time(end)));
                }
                remaining -= available;
                used_today += available;
            }
            if used_today > 0 {
                obs.note(|| hours_step(day, used_today, minutes - remaining));
            }
            day = day + Days::new(1);
            from = 0;
        }
    }

    fn add_calendar_days(
        &self,
        start: NaiveDateTime,
        n: u32,
        rules: &CountingRules,
        obs: &mut impl Observer,
    ) -> Result<NaiveDateTime, CalendarError> {
        let offset = if rules.days_start_next_day.value {
            n
        } else {
            n.saturating_sub(1)
        };
        let mut day = start.date() + Days::new(u64::from(offset));
        obs.note(|| {
            let mut s = Step::new(
                day,
                Action::CalendarDay,
                Why::LastCalendarDay {
                    n,
                    from: start.date(),
                    source: rules.days_start_next_day.source.clone(),
                },
            );
            s.n = Some(n);
            s
        });
        if rules.day_off_end_moves_to_next_working_day.value {
            while let Some(off) = self.day_off(day)? {
                obs.note(|| {
                    let mut s = skipped(day, off);
                    s.action = Action::EndMoved;
                    s.why = Why::EndMoved {
                        off: off.into(),
                        source: rules.day_off_end_moves_to_next_working_day.source.clone(),
                    };
                    s.reason = s.why.vietnamese();
                    s
                });
                day = day + Days::new(1);
            }
        }
        self.end_of(day, rules)
    }
}

impl WorkingCalendar {
    fn skipped_at(&self, index: usize) -> Step {
        let day = self.date_at(index);
        match self.day_off(day) {
            Ok(Some(off)) => skipped(day, off),
            _ => Step::new(day, Action::Skipped, Why::Skipped { off: None }),
        }
    }
}

fn counted_step(day: NaiveDate, k: u32, n: u32) -> Step {
    let mut s = Step::new(day, Action::Counted, Why::Counted { k, n });
    s.n = Some(k);
    s
}

fn hours_step(day: NaiveDate, minutes_today: u32, total_so_far: u32) -> Step {
    let mut s = Step::new(
        day,
        Action::HoursCounted,
        Why::HoursCounted {
            minutes: minutes_today,
            total: total_so_far,
        },
    );
    s.minutes = Some(minutes_today);
    s
}

/// Something that happens to a running clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "event", content = "at", rename_all = "snake_case")]
pub enum ClockEvent {
    /// The clock stops (a supplement request under the "pause" rule, a suspension).
    Pause(NaiveDateTime),
    /// The clock goes on from where it stopped.
    Resume(NaiveDateTime),
    /// The clock starts again from zero (a supplement request under the "restart" rule).
    Restart(NaiveDateTime),
}

impl ClockEvent {
    fn at(self) -> NaiveDateTime {
        match self {
            ClockEvent::Pause(t) | ClockEvent::Resume(t) | ClockEvent::Restart(t) => t,
        }
    }
}

/// Where a clock stands after its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockReading {
    /// False while paused.
    pub running: bool,
    /// The due moment while running; `None` while paused.
    pub due: Option<NaiveDateTime>,
    /// What was left of the limit when the clock last started (or was paused).
    pub remaining: TimeLimit,
    pub steps: Vec<Step>,
}

impl WorkingCalendar {
    /// Runs a clock for `limit` from `received` through `events` (in time order).
    ///
    /// While paused, no time counts. For limits in days, the days from the pause to the resume
    /// are not counted: the days used are the working (or calendar) days strictly between the
    /// start of counting and the day of the pause, and on resuming counting starts again as
    /// for a new receipt with what is left. For limits in hours the count is exact to the
    /// minute.
    pub fn run_clock(
        &self,
        received: NaiveDateTime,
        limit: TimeLimit,
        rules: &CountingRules,
        events: &[ClockEvent],
    ) -> Result<ClockReading, CalendarError> {
        let mut steps = Vec::new();
        let mut start = self.counting_start(received, rules, &mut steps)?;
        let mut remaining = limit;
        let mut running = true;
        let mut last = received;
        for event in events {
            let at = event.at();
            if at < last {
                return Err(CalendarError::InvalidData(format!(
                    "sự kiện lúc {at} xảy ra trước sự kiện trước đó ({last}) / events must be in time order"
                )));
            }
            last = at;
            match (*event, running) {
                (ClockEvent::Pause(_), true) => {
                    remaining = self.remaining_after(start, at, remaining)?;
                    running = false;
                    steps.push(
                        Step::new(at.date(), Action::Paused, Why::Paused { remaining })
                            .at(at.time()),
                    );
                }
                (ClockEvent::Resume(_), false) => {
                    running = true;
                    steps.push(
                        Step::new(at.date(), Action::Resumed, Why::Resumed { remaining })
                            .at(at.time()),
                    );
                    start = self.counting_start(at, rules, &mut steps)?;
                }
                (ClockEvent::Restart(_), _) => {
                    remaining = limit;
                    running = true;
                    steps.push(
                        Step::new(at.date(), Action::Restarted, Why::Restarted { limit })
                            .at(at.time()),
                    );
                    start = self.counting_start(at, rules, &mut steps)?;
                }
                (ClockEvent::Pause(_), false) => {
                    return Err(CalendarError::InvalidData(format!(
                        "đồng hồ đã tạm dừng, không thể tạm dừng lần nữa lúc {at} / already paused"
                    )));
                }
                (ClockEvent::Resume(_), true) => {
                    return Err(CalendarError::InvalidData(format!(
                        "đồng hồ đang chạy, không thể tiếp tục lúc {at} / not paused"
                    )));
                }
            }
        }
        let due = if running {
            let due = self.add(start, remaining, rules, &mut steps)?;
            steps.push(Step::new(due.date(), Action::Due, Why::Due).at(due.time()));
            Some(due)
        } else {
            None
        };
        Ok(ClockReading {
            running,
            due,
            remaining,
            steps,
        })
    }

    /// What is left of `limit`, counted from `start`, at the moment `at` the clock stops.
    fn remaining_after(
        &self,
        start: NaiveDateTime,
        at: NaiveDateTime,
        limit: TimeLimit,
    ) -> Result<TimeLimit, CalendarError> {
        Ok(match limit {
            TimeLimit::SameDay => TimeLimit::SameDay,
            TimeLimit::WorkingDays(n) => {
                // Working days strictly between the start and the day of the pause.
                let mut used = self.working_days_between(start.date(), at.date())?;
                if at.date() > start.date() && self.is_working_day(at.date())? {
                    used -= 1;
                }
                TimeLimit::WorkingDays(n.saturating_sub(used))
            }
            TimeLimit::CalendarDays(n) => {
                let between = (at.date() - start.date()).num_days().max(1) - 1;
                TimeLimit::CalendarDays(n.saturating_sub(u32::try_from(between).unwrap_or(n)))
            }
            TimeLimit::WorkingHours(_) | TimeLimit::WorkingMinutes(_) => {
                let total = u64::from(limit.minutes().unwrap_or(0));
                let used = self.working_minutes_between(start, at)?.min(total);
                TimeLimit::WorkingMinutes(u32::try_from(total - used).unwrap_or(0))
            }
        })
    }
}
