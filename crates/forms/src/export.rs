//! The logbook and the reception log (Sổ tiếp công dân) as spreadsheets, for the monthly reports
//! officers still assemble by hand. CSV is
//! prefixed with a UTF-8 byte-order mark: without it Excel reads the file as the ANSI code page
//! and mangles every Vietnamese letter.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use motcua_domain::spreadsheet::{needs_neutralising, neutralise};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

use crate::error::FormError;
use crate::model::{Logbook, ReceptionLog};
use crate::petition::{RECEPTION_LOG_COLUMNS, reception_log_cells};
use crate::sheet::{LOGBOOK_COLUMNS, logbook_cells};

const BOM: &str = "\u{FEFF}";

/// The sheet name in the XLSX export.
pub const LOGBOOK_SHEET: &str = "Sổ theo dõi hồ sơ";

/// CSV with a header row of [`LOGBOOK_COLUMNS`], dates as "HH:MM dd/mm/yyyy" (the forms' own
/// format, which Excel in a Vietnamese locale recognises).
pub fn logbook_csv(book: &Logbook) -> Result<Vec<u8>, FormError> {
    csv_with_bom(&LOGBOOK_COLUMNS, logbook_cells(book))
}

/// The sheet name in the reception log's XLSX export.
pub const RECEPTION_LOG_SHEET: &str = "Sổ tiếp công dân";

/// CSV of the Sổ tiếp công dân: a header row of the twelve [`crate::RECEPTION_LOG_COLUMNS`] of
/// Mẫu 03/TCD, then one line per reception, dates as dd/mm/yyyy.
pub fn reception_log_csv(log: &ReceptionLog) -> Result<Vec<u8>, FormError> {
    csv_with_bom(&RECEPTION_LOG_COLUMNS, reception_log_cells(log))
}

fn csv_with_bom(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, FormError> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let export = |e: csv::Error| FormError::Export(e.to_string());
        writer.write_record(header).map_err(export)?;
        for row in rows {
            writer
                .write_record(row.iter().map(|c| neutralise(c).into_owned()))
                .map_err(export)?;
        }
        writer
            .flush()
            .map_err(|e| FormError::Export(e.to_string()))?;
    }
    Ok(out)
}

/// The format for a text cell: `plain`, or `plain` with the quote prefix when the text would
/// be read as a formula once edited in Excel.
fn text_format(cell: &str, plain: &Format) -> Format {
    if needs_neutralising(cell) {
        plain.clone().set_quote_prefix()
    } else {
        plain.clone()
    }
}

fn excel_time(at: &DateTime<FixedOffset>) -> Result<ExcelDateTime, FormError> {
    // Wall-clock time at the counter; Excel has no time zones.
    let year =
        u16::try_from(at.year()).map_err(|_| FormError::Export(format!("năm {}", at.year())))?;
    ExcelDateTime::from_ymd(year, at.month() as u8, at.day() as u8)
        .and_then(|d| d.and_hms(at.hour() as u16, at.minute() as u8, at.second()))
        .map_err(|e| FormError::Export(e.to_string()))
}

/// One worksheet named [`LOGBOOK_SHEET`]: the header row, then one row per dossier with real
/// numbers and dates (so the officer can sort and filter), landscape A4 when printed.
pub fn logbook_xlsx(book: &Logbook) -> Result<Vec<u8>, FormError> {
    let err = |e: rust_xlsxwriter::XlsxError| FormError::Export(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(LOGBOOK_SHEET).map_err(err)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = text.clone().set_align(FormatAlign::Center);
    let when = number.clone().set_num_format("hh:mm dd/mm/yyyy");

    let widths = [
        5.0, 24.0, 36.0, 8.0, 22.0, 28.0, 22.0, 16.0, 16.0, 16.0, 16.0, 16.0, 20.0,
    ];
    for (col, (title, width)) in LOGBOOK_COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width).map_err(err)?;
        sheet
            .write_string_with_format(0, col, *title, &head)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;

    let cells = logbook_cells(book);
    for (i, (row, strings)) in book.rows.iter().zip(&cells).enumerate() {
        let r = (i + 1) as u32;
        let stt = f64::from(book.first_number) + i as f64;
        sheet
            .write_number_with_format(r, 0, stt, &number)
            .map_err(err)?;
        sheet
            .write_string_with_format(
                r,
                1,
                &row.dossier_code,
                &text_format(&row.dossier_code, &text),
            )
            .map_err(err)?;
        sheet
            .write_string_with_format(
                r,
                2,
                &row.procedure_name,
                &text_format(&row.procedure_name, &text),
            )
            .map_err(err)?;
        sheet
            .write_number_with_format(r, 3, f64::from(row.sets), &number)
            .map_err(err)?;
        sheet
            .write_string_with_format(
                r,
                4,
                &row.applicant_name,
                &text_format(&row.applicant_name, &text),
            )
            .map_err(err)?;
        sheet
            .write_string_with_format(r, 5, &strings[5], &text_format(&strings[5], &text))
            .map_err(err)?;
        sheet
            .write_string_with_format(
                r,
                6,
                &row.lead_agency,
                &text_format(&row.lead_agency, &text),
            )
            .map_err(err)?;
        let times = [
            Some(&row.received_at),
            Some(&row.due_at),
            row.transferred_at.as_ref(),
            row.result_at.as_ref(),
            row.returned_at.as_ref(),
        ];
        for (k, at) in times.into_iter().enumerate() {
            let col = 7 + k as u16;
            match at {
                Some(at) => {
                    sheet
                        .write_datetime_with_format(r, col, excel_time(at)?, &when)
                        .map_err(err)?;
                }
                None => {
                    sheet.write_blank(r, col, &text).map_err(err)?;
                }
            }
        }
        sheet
            .write_string_with_format(r, 12, &row.note, &text_format(&row.note, &text))
            .map_err(err)?;
    }
    if !book.rows.is_empty() {
        sheet
            .autofilter(
                0,
                0,
                book.rows.len() as u32,
                (LOGBOOK_COLUMNS.len() - 1) as u16,
            )
            .map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, FormError> {
    let year = u16::try_from(date.year())
        .map_err(|_| FormError::Export(format!("năm {}", date.year())))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
        .map_err(|e| FormError::Export(e.to_string()))
}

/// One worksheet named [`RECEPTION_LOG_SHEET`] with the twelve columns; STT and the count of
/// citizens are numbers and the reception day a real date, so the sheet can be sorted and summed.
pub fn reception_log_xlsx(log: &ReceptionLog) -> Result<Vec<u8>, FormError> {
    let err = |e: rust_xlsxwriter::XlsxError| FormError::Export(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(RECEPTION_LOG_SHEET).map_err(err)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = text.clone().set_align(FormatAlign::Center);
    let day = number.clone().set_num_format("dd/mm/yyyy");

    let widths = [
        5.0, 11.0, 30.0, 16.0, 40.0, 10.0, 10.0, 22.0, 10.0, 22.0, 22.0, 22.0,
    ];
    for (col, (title, width)) in RECEPTION_LOG_COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width).map_err(err)?;
        sheet
            .write_string_with_format(0, col, *title, &head)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;

    let cells = reception_log_cells(log);
    for (i, (row, strings)) in log.rows.iter().zip(&cells).enumerate() {
        let r = (i + 1) as u32;
        let stt = f64::from(log.first_number) + i as f64;
        sheet
            .write_number_with_format(r, 0, stt, &number)
            .map_err(err)?;
        sheet
            .write_datetime_with_format(r, 1, excel_date(row.received_on)?, &day)
            .map_err(err)?;
        sheet
            .write_number_with_format(r, 6, f64::from(row.same_content_count), &number)
            .map_err(err)?;
        for col in [2usize, 3, 4, 5, 7, 8, 9, 10, 11] {
            let format = if col == 5 || col == 8 { &number } else { &text };
            sheet
                .write_string_with_format(
                    r,
                    col as u16,
                    &strings[col],
                    &text_format(&strings[col], format),
                )
                .map_err(err)?;
        }
    }
    if !log.rows.is_empty() {
        sheet
            .autofilter(
                0,
                0,
                log.rows.len() as u32,
                (RECEPTION_LOG_COLUMNS.len() - 1) as u16,
            )
            .map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}

/// A table of figures (a header row, then lines) as CSV with the byte-order mark Excel needs.
pub fn table_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, FormError> {
    let (header, body) = rows
        .split_first()
        .map_or((&[][..], &[][..]), |(h, b)| (h.as_slice(), b));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_with_bom(&header, body.to_vec())
}

/// The same table as one XLSX sheet: the header bold and frozen, whole numbers as numbers (so
/// that a spreadsheet adds them up), everything else as text.
pub fn table_xlsx(sheet_name: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, FormError> {
    let err = |e: rust_xlsxwriter::XlsxError| FormError::Export(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(err)?;
    let head = Format::new().set_bold().set_border(FormatBorder::Thin);
    for (r, line) in rows.iter().enumerate() {
        let r = u32::try_from(r).map_err(|e| FormError::Export(e.to_string()))?;
        for (c, cell) in line.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| FormError::Export(e.to_string()))?;
            if r == 0 {
                sheet
                    .write_string_with_format(r, c, cell, &head)
                    .map_err(err)?;
            } else if let Ok(n) = cell.parse::<i64>() {
                #[allow(clippy::cast_precision_loss)]
                sheet.write_number(r, c, n as f64).map_err(err)?;
            } else {
                // Text is written as text: a cell starting with "=" stays a string.
                sheet.write_string(r, c, cell).map_err(err)?;
            }
        }
    }
    if !rows.is_empty() {
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        sheet.set_column_width(1, 40).map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}
