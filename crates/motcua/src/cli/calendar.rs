//! `motcua calendar …`: the legal-time engine from the command line. Output is one JSON object
//! per line (or a JSON array for `holidays --json`), so other programs can rely on it.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};
use motcua_calendar::lunar::{self, LunarDate};
use motcua_calendar::{LegalTime, TimeLimit};
use serde_json::json;

/// Writes a line to standard output, returning the I/O error instead of panicking (a closed
/// pipe, as in `motcua calendar holidays 2026 --json | head`, is not a crash).
macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Đổi ngày dương lịch sang âm lịch (đối số, hoặc mỗi dòng một ngày từ đầu vào chuẩn) / Convert solar dates to the lunar calendar (arguments, or one per line on standard input)
    Lunar {
        /// Ngày dương lịch YYYY-MM-DD / Solar dates, YYYY-MM-DD
        dates: Vec<String>,
    },
    /// Đổi ngày âm lịch sang dương lịch / Convert a lunar date to the solar calendar
    Solar {
        /// Năm âm lịch / Lunar year
        #[arg(long)]
        year: i32,
        /// Tháng âm lịch (1–12) / Lunar month (1-12)
        #[arg(long)]
        month: u8,
        /// Ngày âm lịch (1–30) / Lunar day (1-30)
        #[arg(long)]
        day: u8,
        /// Tháng nhuận / The leap month
        #[arg(long)]
        leap: bool,
    },
    /// Các ngày nghỉ lễ, nghỉ bù, hoán đổi và làm bù của một năm / Holidays, compensatory, swapped and make-up days of a year
    Holidays {
        /// Năm dương lịch / Solar year
        year: i32,
        /// In ra mảng JSON / Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Tính ngày hẹn trả kết quả / Compute a due date
    Due(DueArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("limit").required(true).multiple(false))]
pub struct DueArgs {
    /// Thời điểm tiếp nhận, RFC 3339 (ví dụ 2026-02-02T09:00:00+07:00) / Moment of receipt, RFC 3339
    #[arg(long, value_name = "RFC3339")]
    from: String,
    /// Số ngày làm việc / Number of working days
    #[arg(long, group = "limit", value_name = "N")]
    working_days: Option<u32>,
    /// Số giờ làm việc / Number of working hours
    #[arg(long, group = "limit", value_name = "N")]
    working_hours: Option<u32>,
    /// Số ngày theo lịch / Number of calendar days
    #[arg(long, group = "limit", value_name = "N")]
    calendar_days: Option<u32>,
    /// Giải quyết trong ngày / Same-day procedure
    #[arg(long, group = "limit")]
    same_day: bool,
    /// Mã đơn vị có lịch làm việc riêng (DIR/calendar/units/CODE.toml) / Unit code with its own working hours
    #[arg(long, value_name = "CODE")]
    unit: Option<String>,
    /// Giải thích: từng ngày được tính hoặc bỏ qua và lý do / Explain: each day counted or skipped, and why
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, default_missing_value = "json")]
    explain: Option<ExplainFormat>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExplainFormat {
    /// Thêm mảng "explanation" vào JSON / Add an "explanation" array to the JSON
    Json,
    /// Văn bản tiếng Việt cho cán bộ / Vietnamese text for officers
    Text,
}

pub fn run(data: &Path, command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {
        CalendarCommand::Lunar { dates } => lunar_command(dates),
        CalendarCommand::Solar {
            year,
            month,
            day,
            leap,
        } => {
            let solar = lunar::lunar_to_solar(LunarDate {
                year,
                month,
                day,
                leap,
            })?;
            outln!("{}", json!({ "solar": solar.to_string() }));
            Ok(ExitCode::SUCCESS)
        }
        CalendarCommand::Holidays { year, json } => {
            let legal = load(data)?;
            let days = legal.holidays.year(year)?;
            if json {
                outln!("{}", serde_json::to_string(&days)?);
            } else {
                if let Some(s) = legal.holidays.schedule(year) {
                    outln!("# {} ({:?})", s.source, s.status);
                }
                for d in days {
                    outln!(
                        "{}  {:<16} {}  [{}]",
                        d.date,
                        d.kind.label_vi(),
                        d.name,
                        d.source
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        CalendarCommand::Due(args) => due_command(data, args),
    }
}

fn parse_solar(text: &str) -> anyhow::Result<NaiveDate> {
    let text = text.trim();
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("\"{text}\" không phải ngày dạng YYYY-MM-DD / \"{text}\" is not a YYYY-MM-DD date");
    };
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        bail!("\"{text}\" không phải ngày dạng YYYY-MM-DD / \"{text}\" is not a YYYY-MM-DD date");
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        anyhow::anyhow!(
            "ngày {text} không tồn tại (tháng {month} năm {year}) / the date {text} does not exist"
        )
    })
}

fn lunar_command(dates: Vec<String>) -> anyhow::Result<ExitCode> {
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    let mut convert = |text: &str| -> anyhow::Result<()> {
        let solar = parse_solar(text)?;
        let l = lunar::solar_to_lunar(solar)?;
        writeln!(
            out,
            "{}",
            json!({"solar": solar.to_string(), "day": l.day, "month": l.month, "year": l.year, "leap": l.leap})
        )?;
        Ok(())
    };
    let mut handle = |text: &str| {
        if let Err(e) = convert(text) {
            eprintln!("lỗi / error: {e:#}");
            failed += 1;
        }
    };
    if dates.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.context("không đọc được đầu vào chuẩn / cannot read standard input")?;
            if !line.trim().is_empty() {
                handle(&line);
            }
        }
    } else {
        for d in &dates {
            handle(d);
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Vietnamese civil time.
fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

fn due_command(data: &Path, args: DueArgs) -> anyhow::Result<ExitCode> {
    let received: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(args.from.trim())
        .map_err(|e| {
            anyhow::anyhow!(
                "\"{}\" không phải thời điểm RFC 3339 (ví dụ 2026-02-02T09:00:00+07:00): {e} / not an RFC 3339 timestamp",
                args.from
            )
        })?;
    let local: NaiveDateTime = received.with_timezone(&vietnam()).naive_local();
    let limit = match (
        args.working_days,
        args.working_hours,
        args.calendar_days,
        args.same_day,
    ) {
        (Some(n), _, _, _) => TimeLimit::WorkingDays(n),
        (_, Some(n), _, _) => TimeLimit::WorkingHours(n),
        (_, _, Some(n), _) => TimeLimit::CalendarDays(n),
        _ => TimeLimit::SameDay,
    };
    let days_needed = match limit {
        TimeLimit::WorkingDays(n) | TimeLimit::CalendarDays(n) => n,
        TimeLimit::WorkingHours(h) => h / 7,
        TimeLimit::WorkingMinutes(m) => m / 420,
        TimeLimit::SameDay => 0,
    };
    if days_needed > 36_500 {
        bail!(
            "thời hạn quá dài (tối đa 36500 ngày) / the time limit is too long (at most 36,500 days)"
        );
    }
    let first = local.year();
    let last = (first + 1 + i32::try_from(days_needed / 200).unwrap_or(i32::MAX / 2))
        .min(lunar::LAST_YEAR);
    let legal = load(data)?;
    let calendar = legal.calendar(args.unit.as_deref(), first..=last)?;
    let rules = legal.counting_rules(local.date());
    let (due, steps) = calendar.due_explained(local, limit, rules)?;
    let due_text = due
        .and_local_timezone(vietnam())
        .single()
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| due.to_string());
    match args.explain {
        None => outln!("{}", json!({ "due": due_text })),
        Some(ExplainFormat::Json) => outln!(
            "{}",
            json!({ "due": due_text, "rules": rules.id, "limit": limit, "explanation": steps })
        ),
        Some(ExplainFormat::Text) => {
            outln!("{}", json!({ "due": due_text }));
            outln!("Quy tắc tính thời hạn: {} ({})", rules.title, rules.id);
            for step in &steps {
                outln!("  {step}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The shipped defaults, overridden by the administrator's files under `DIR/calendar/`.
pub(crate) fn load(data: &Path) -> anyhow::Result<LegalTime> {
    let mut legal = LegalTime::shipped()?;
    let dir = data.join("calendar");
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .with_context(|| format!("không đọc được {} / cannot read it", p.display()))
    };
    let file = dir.join("holiday-rules.toml");
    if file.is_file() {
        legal.replace_holiday_rules(&file.display().to_string(), &read(&file)?)?;
    }
    let file = dir.join("counting-rules.toml");
    if file.is_file() {
        legal.replace_counting_rules(&file.display().to_string(), &read(&file)?)?;
    }
    let file = dir.join("working-hours.toml");
    if file.is_file() {
        legal.replace_default_hours(&file.display().to_string(), &read(&file)?)?;
    }
    for (sub, add) in [
        (
            "schedules",
            LegalTime::add_schedule as fn(&mut LegalTime, &str, &str) -> _,
        ),
        ("units", LegalTime::add_unit_hours),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            add(&mut legal, &p.display().to_string(), &read(&p)?)?;
        }
    }
    Ok(legal)
}
