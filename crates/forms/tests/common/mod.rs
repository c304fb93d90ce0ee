//! Sample forms shared by the tests: one dossier of a commune centre in Đắk Lắk.

#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use motcua_forms::{
    Apology, ApplicantBlock, ControlSheet, CopyKind, DocumentLine, Form, FormHeader, HandOverRow,
    Logbook, LogbookRow, Receipt, Refusal, StepOutcome, SupplementItem, SupplementRequest,
};

pub const CODE: &str = "H15.50.05.13-261008-0975";
pub const URL: &str = "https://dichvucong.example.vn/tra-cuu?ma=H15.50.05.13-261008-0975";

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
}

pub fn header_on(issued_at: DateTime<FixedOffset>) -> FormHeader {
    FormHeader {
        agency_name: "Trung tâm Phục vụ hành chính công xã Ea Tu".into(),
        parent_agency_name: "UBND xã Ea Tu".into(),
        place: "Ea Tu".into(),
        dossier_code: CODE.into(),
        receipt_number: "0975".into(),
        issued_at,
    }
}

pub fn header() -> FormHeader {
    header_on(at(2026, 3, 5, 14, 30))
}

pub fn applicant() -> ApplicantBlock {
    ApplicantBlock {
        name: "Nguyễn Thị Hương".into(),
        address: "Thôn 3, xã Ea Tu, tỉnh Đắk Lắk".into(),
        phone: "0905 123 456".into(),
        email: "huong@example.vn".into(),
    }
}

pub fn receipt_with(header: FormHeader, applicant: ApplicantBlock) -> Receipt {
    Receipt {
        header,
        applicant,
        procedure_name: "Đăng ký khai sinh".into(),
        documents: vec![
            DocumentLine {
                name: "Tờ khai đăng ký khai sinh".into(),
                copy_kind: CopyKind::Original,
                count: 1,
            },
            DocumentLine {
                name: "Giấy chứng sinh".into(),
                copy_kind: CopyKind::CertifiedCopy,
                count: 1,
            },
        ],
        sets: 1,
        legal_time_text: "01 ngày làm việc".into(),
        received_at: at(2026, 3, 5, 14, 30),
        due_at: at(2026, 3, 6, 16, 0),
        return_place: "Quầy số 2, Trung tâm Phục vụ hành chính công xã Ea Tu".into(),
        fee_text: "Miễn lệ phí".into(),
        logbook_book: "01/2026".into(),
        logbook_number: "0975".into(),
        receiver_name: "Trần Văn Đức".into(),
    }
}

pub fn receipt() -> Form {
    Form::Receipt(receipt_with(header(), applicant()))
}

pub fn supplement() -> Form {
    Form::Supplement(SupplementRequest {
        header: header(),
        applicant: applicant(),
        procedure_name: "Đăng ký khai sinh".into(),
        received_at: at(2026, 3, 5, 14, 30),
        items: vec![
            SupplementItem {
                name: "Giấy chứng sinh".into(),
                reason: "Bản sao chưa được chứng thực".into(),
            },
            SupplementItem {
                name: "Tờ khai đăng ký khai sinh".into(),
                reason: "Thiếu chữ ký của người đi đăng ký".into(),
            },
        ],
        contact_text: "Bộ phận Một cửa, điện thoại 0262 3812 345".into(),
        officer_name: "Trần Văn Đức".into(),
    })
}

pub fn refusal() -> Form {
    Form::Refusal(Refusal {
        header: header(),
        applicant: applicant(),
        procedure_name: "Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
        reason: "Thửa đất không thuộc địa bàn xã Ea Tu quản lý".into(),
        officer_name: "Trần Văn Đức".into(),
    })
}

pub fn apology() -> Form {
    Form::Apology(Apology {
        header: header_on(at(2026, 3, 6, 15, 0)),
        applicant: applicant(),
        procedure_name: "Đăng ký khai sinh".into(),
        received_at: at(2026, 3, 5, 14, 30),
        original_due_at: at(2026, 3, 6, 16, 0),
        delay_reason: "Cần xác minh thông tin nơi cư trú của người mẹ".into(),
        new_due_at: at(2026, 3, 10, 16, 0),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Lê Quốc Hưng".into(),
    })
}

pub fn control_sheet() -> Form {
    Form::ControlSheet(ControlSheet {
        header: header(),
        applicant: applicant(),
        procedure_name: "Đăng ký khai sinh".into(),
        received_at: at(2026, 3, 5, 14, 30),
        due_at: at(2026, 3, 6, 16, 0),
        handling_agencies: "Công chức Tư pháp - Hộ tịch".into(),
        rows: vec![
            HandOverRow {
                agency: "Giao: Bộ phận Một cửa; Nhận: Công chức Tư pháp - Hộ tịch".into(),
                handed_over_at: at(2026, 3, 5, 15, 0),
                giver: "Trần Văn Đức".into(),
                receiver: "Phạm Thị Lụa".into(),
                outcome: Some(StepOutcome::OnTime),
                note: String::new(),
            },
            HandOverRow {
                agency: "Giao: Công chức Tư pháp - Hộ tịch; Nhận: Bộ phận Một cửa".into(),
                handed_over_at: at(2026, 3, 6, 10, 15),
                giver: "Phạm Thị Lụa".into(),
                receiver: "Trần Văn Đức".into(),
                outcome: Some(StepOutcome::Early),
                note: "Đã ký số".into(),
            },
        ],
    })
}

pub fn logbook_row(code: &str, name: &str) -> LogbookRow {
    LogbookRow {
        dossier_code: code.into(),
        procedure_name: "Đăng ký khai sinh".into(),
        sets: 1,
        applicant_name: name.into(),
        applicant_address: "Thôn 3, xã Ea Tu".into(),
        applicant_phone: "0905 123 456".into(),
        lead_agency: "UBND xã Ea Tu".into(),
        received_at: at(2026, 3, 5, 14, 30),
        due_at: at(2026, 3, 6, 16, 0),
        transferred_at: Some(at(2026, 3, 5, 15, 0)),
        result_at: None,
        returned_at: None,
        note: String::new(),
    }
}

pub fn logbook_of(rows: Vec<LogbookRow>) -> Logbook {
    Logbook {
        agency_name: "Trung tâm Phục vụ hành chính công xã Ea Tu".into(),
        parent_agency_name: "UBND xã Ea Tu".into(),
        place: "Ea Tu".into(),
        book: "01/2026".into(),
        from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        printed_at: at(2026, 3, 31, 17, 0),
        first_number: 974,
        rows,
    }
}

pub fn logbook() -> Form {
    let mut second = logbook_row(
        "H15.50.05.13-260305-0976",
        "Công ty TNHH Cà phê Buôn Ma Thuột",
    );
    second.procedure_name = "Chứng thực bản sao từ bản chính".into();
    second.sets = 3;
    second.result_at = Some(at(2026, 3, 5, 16, 0));
    second.returned_at = Some(at(2026, 3, 5, 16, 30));
    second.note = "Trả qua bưu điện".into();
    Form::Logbook(logbook_of(vec![
        logbook_row(CODE, "Nguyễn Thị Hương"),
        second,
    ]))
}

/// Every form, with a word each one must print.
pub fn all_forms() -> Vec<(Form, &'static str)> {
    vec![
        (receipt(), "Giấy chứng sinh"),
        (supplement(), "Bản sao chưa được chứng thực"),
        (refusal(), "Thửa đất không thuộc địa bàn"),
        (apology(), "Cần xác minh thông tin nơi cư trú"),
        (control_sheet(), "Phạm Thị Lụa"),
        (logbook(), "Cà phê Buôn Ma Thuột"),
    ]
}
