//! Errors of the calendar engine. Each message is Vietnamese first, English second, because it
//! reaches officers and integrators directly (CLI, API).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error(
        "năm {year} nằm ngoài phạm vi hỗ trợ {first}–{last} / year {year} is outside the supported range {first}-{last}"
    )]
    YearOutOfRange { year: i32, first: i32, last: i32 },

    #[error(
        "không có tháng {month} âm lịch (tháng 1–12) / there is no lunar month {month} (months are 1-12)"
    )]
    NoSuchLunarMonth { month: u8 },

    #[error("{}", no_such_lunar_day(*.day, *.month, *.leap, *.year, *.days_in_month))]
    NoSuchLunarDay {
        day: u8,
        month: u8,
        leap: bool,
        year: i32,
        days_in_month: u8,
    },

    #[error("{}", no_such_leap_month(*.month, *.year, *.leap_month))]
    NoSuchLeapMonth {
        month: u8,
        year: i32,
        leap_month: Option<u8>,
    },

    #[error(
        "ngày {year:04}-{month:02}-{day:02} không tồn tại / the date {year:04}-{month:02}-{day:02} does not exist"
    )]
    NoSuchSolarDate { year: i32, month: u32, day: u32 },

    #[error("dữ liệu lịch không hợp lệ / invalid calendar data: {0}")]
    InvalidData(String),

    #[error("thời hạn không hợp lệ / invalid time limit: {0}")]
    InvalidLimit(String),

    #[error(
        "không có lịch làm việc cho đơn vị \"{unit}\"; các đơn vị có lịch riêng: {} / no working hours for unit \"{unit}\"",
        if known.is_empty() { "(chưa có)".to_string() } else { known.join(", ") }
    )]
    UnknownUnit { unit: String, known: Vec<String> },
}

fn no_such_lunar_day(day: u8, month: u8, leap: bool, year: i32, days_in_month: u8) -> String {
    let leap_vi = if leap { " nhuận" } else { "" };
    let leap_en = if leap { " (leap)" } else { "" };
    format!(
        "tháng {month}{leap_vi} năm {year} âm lịch chỉ có {days_in_month} ngày, không có ngày {day} / \
         lunar month {month}{leap_en} of {year} has {days_in_month} days; there is no day {day}"
    )
}

fn no_such_leap_month(month: u8, year: i32, leap_month: Option<u8>) -> String {
    match leap_month {
        Some(m) => format!(
            "năm {year} âm lịch nhuận tháng {m}, không có tháng {month} nhuận / \
             lunar year {year} repeats month {m}, not month {month}"
        ),
        None => {
            format!("năm {year} âm lịch không có tháng nhuận / lunar year {year} has no leap month")
        }
    }
}
