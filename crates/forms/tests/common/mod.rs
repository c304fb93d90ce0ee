//! Sample forms shared by the tests: one dossier of a commune centre in Đắk Lắk.

#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use motcua_forms::{
    AcceptanceKind, AcceptanceNotice, Apology, ApplicantBlock, Citizen, ComplaintRound,
    ControlSheet, CopyKind, DecisionKind, DocumentLine, ExtensionDecision, ExtensionRound, Form,
    FormHeader, ForwardingSlip, HandOverRow, Logbook, LogbookRow, NonAcceptanceNotice,
    PetitionClass, PetitionDecision, PetitionHeader, PetitionMatter, Receipt, ReceptionLog,
    ReceptionLogRow, ReceptionReceipt, Recipient, Refusal, Signer, StepOutcome, SupplementItem,
    SupplementRequest,
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

// ---- Petition forms: one denunciation and one complaint at the same commune, July 2026. ----

pub const DENOUNCER: &str = "Lê Văn Tố";
pub const DENOUNCER_ADDRESS: &str = "Thôn 5, xã Ea Tu";
pub const PSEUDONYM: &str = "TC-2026-017-A";
pub const DENOUNCED: &str = "Ông Phạm Văn Bị, cán bộ địa chính xã Ea Tu";
pub const CASE: &str = "TC-2026-017";

pub fn petition_header_on(issued_at: DateTime<FixedOffset>) -> PetitionHeader {
    PetitionHeader {
        agency_name: "Ủy ban nhân dân xã Ea Tu".into(),
        parent_agency_name: "Tỉnh Đắk Lắk".into(),
        agency_symbol: "UBND".into(),
        number: "15".into(),
        place: "Ea Tu".into(),
        case_code: CASE.into(),
        issued_at,
    }
}

pub fn petition_header() -> PetitionHeader {
    petition_header_on(at(2026, 7, 10, 9, 0))
}

pub fn chairman() -> Signer {
    Signer {
        title: "CHỦ TỊCH".into(),
        name: "Lê Quốc Hưng".into(),
    }
}

pub fn denouncer() -> Recipient {
    Recipient::named(DENOUNCER, DENOUNCER_ADDRESS)
}

pub fn acceptance(kind: AcceptanceKind, petitioner: Recipient) -> AcceptanceNotice {
    let addressee = match kind {
        AcceptanceKind::DenunciationDecision => None,
        AcceptanceKind::DenunciationToDenounced => Some(Recipient::named(DENOUNCED, "")),
        _ => Some(petitioner.clone()),
    };
    AcceptanceNotice {
        header: petition_header(),
        kind,
        addressee,
        petitioner: petitioner.clone(),
        respondent: DENOUNCED.into(),
        received_on: NaiveDate::from_ymd_opt(2026, 7, 2).unwrap(),
        accepted_on: NaiveDate::from_ymd_opt(2026, 7, 8).unwrap(),
        content: "Nhận tiền để hợp thức hóa đất lấn chiếm tại thôn 5".into(),
        legal_basis: vec!["Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;".into()],
        time_limit_text: "30 ngày kể từ ngày thụ lý".into(),
        copies_to: vec![petitioner, Recipient::named("Thanh tra tỉnh Đắk Lắk", "")],
        signer: chairman(),
    }
}

/// The notice to the person denounced, with the denouncer protected as the law requires.
pub fn notice_to_denounced() -> Form {
    Form::Acceptance(acceptance(
        AcceptanceKind::DenunciationToDenounced,
        Recipient::protected(PSEUDONYM),
    ))
}

pub fn complaint_acceptance() -> Form {
    let mut n = acceptance(
        AcceptanceKind::Complaint(ComplaintRound::First),
        Recipient::named("Nguyễn Thị Hương", "Thôn 3, xã Ea Tu"),
    );
    n.respondent = "Quyết định số 88/QĐ-UBND ngày 01/6/2026 của UBND xã Ea Tu".into();
    n.content = "Không đồng ý mức bồi thường khi thu hồi đất".into();
    Form::Acceptance(n)
}

pub fn non_acceptance() -> Form {
    Form::NonAcceptance(NonAcceptanceNotice {
        header: petition_header(),
        matter: PetitionMatter::Complaint(ComplaintRound::First),
        addressee: Recipient::named("Nguyễn Văn Nam", "Thôn 1, xã Ea Tu"),
        received_on: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        content: "Khiếu nại việc cấp giấy chứng nhận cho hộ liền kề".into(),
        reason:
            "Đơn không có chữ ký hoặc điểm chỉ của người khiếu nại (khoản 5 Điều 11 Luật Khiếu nại)"
                .into(),
        legal_basis: vec![],
        copies_to: vec![],
        signer: chairman(),
    })
}

pub fn forwarding(petitioner: Recipient) -> ForwardingSlip {
    ForwardingSlip {
        header: petition_header(),
        to_agency: "Ủy ban kiểm tra Đảng ủy xã Ea Tu".into(),
        petitioner,
        received_on: NaiveDate::from_ymd_opt(2026, 7, 2).unwrap(),
        class: PetitionClass::Denunciation,
        content: "Tố cáo đảng viên vi phạm quy định về đất đai".into(),
        reason: "Thuộc thẩm quyền của tổ chức Đảng (Điều 15 Thông tư 05/2021/TT-TTCP)".into(),
        enclosures: "Đơn tố cáo và 03 tài liệu kèm theo".into(),
        copies_to: vec![],
        signer: chairman(),
    }
}

pub fn extension(days: u32) -> ExtensionDecision {
    ExtensionDecision {
        header: petition_header_on(at(2026, 8, 5, 9, 0)),
        petitioner: Recipient::protected(PSEUDONYM),
        respondent: DENOUNCED.into(),
        acceptance_ref: "Quyết định số 12/QĐ-UBND ngày 08/7/2026".into(),
        accepted_on: NaiveDate::from_ymd_opt(2026, 7, 8).unwrap(),
        round: ExtensionRound::First,
        days,
        reason: "Phải xác minh tại 02 địa điểm (vụ việc phức tạp)".into(),
        legal_basis: vec!["Căn cứ Điều 30 Luật Tố cáo ngày 12 tháng 6 năm 2018;".into()],
        copies_to: vec![
            Recipient::protected(PSEUDONYM),
            Recipient::named(DENOUNCED, ""),
        ],
        signer: chairman(),
    }
}

pub fn decision(kind: DecisionKind) -> PetitionDecision {
    PetitionDecision {
        header: petition_header_on(at(2026, 8, 20, 9, 0)),
        kind,
        petitioner: Recipient::named("Nguyễn Thị Hương", "Thôn 3, xã Ea Tu"),
        respondent: "Chủ tịch UBND xã Ea Tu".into(),
        acceptance_ref: "Thông báo thụ lý số 15/TB-UBND ngày 10/7/2026".into(),
        legal_basis: vec!["Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;".into()],
        summary: "Bà Hương không đồng ý mức bồi thường khi thu hồi đất.".into(),
        verification: "Đơn giá áp dụng đúng bảng giá đất năm 2026.".into(),
        conclusion: "Khiếu nại của bà Hương là không có cơ sở.".into(),
        articles: vec![
            "Giữ nguyên Quyết định số 88/QĐ-UBND ngày 01/6/2026.".into(),
            "Quyết định này có hiệu lực kể từ ngày ký.".into(),
        ],
        copies_to: vec![Recipient::named("Bà Nguyễn Thị Hương", "")],
        signer: chairman(),
    }
}

pub fn reception_receipt() -> ReceptionReceipt {
    ReceptionReceipt {
        header: petition_header_on(at(2026, 7, 3, 9, 30)),
        citizen: Citizen {
            name: "Trần Thị Mai".into(),
            address: "Thôn 2, xã Ea Tu".into(),
            id_number: "066190001234".into(),
        },
        received_at: at(2026, 7, 3, 9, 30),
        content: "Kiến nghị về việc sửa chữa đường liên thôn".into(),
        documents: vec![
            DocumentLine {
                name: "Đơn kiến nghị".into(),
                copy_kind: CopyKind::Original,
                count: 1,
            },
            DocumentLine {
                name: "Ảnh chụp hiện trạng đường".into(),
                copy_kind: CopyKind::Copy,
                count: 4,
            },
        ],
        receiver_name: "Võ Thị Lan".into(),
    }
}

pub fn reception_row(name: &str, class: PetitionClass) -> ReceptionLogRow {
    ReceptionLogRow {
        received_on: NaiveDate::from_ymd_opt(2026, 7, 3).unwrap(),
        citizen: Citizen {
            name: name.into(),
            address: "Thôn 2, xã Ea Tu".into(),
            id_number: "066190001234".into(),
        },
        summary: "Kiến nghị sửa chữa đường liên thôn".into(),
        class,
        same_content_count: 1,
        exhausted_agency: String::new(),
        within_competence: true,
        guidance: String::new(),
        forwarded: String::new(),
        result: "Đang giải quyết".into(),
    }
}

pub fn reception_log_of(rows: Vec<ReceptionLogRow>) -> ReceptionLog {
    ReceptionLog {
        agency_name: "Ủy ban nhân dân xã Ea Tu".into(),
        parent_agency_name: "Tỉnh Đắk Lắk".into(),
        place: "Ea Tu".into(),
        book: "01/2026".into(),
        from: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
        printed_at: at(2026, 7, 31, 17, 0),
        first_number: 41,
        rows,
    }
}

pub fn reception_log() -> ReceptionLog {
    let mut second = reception_row("Đoàn Văn Khánh", PetitionClass::Complaint);
    second.received_on = NaiveDate::from_ymd_opt(2026, 7, 10).unwrap();
    second.summary = "Khiếu nại mức bồi thường".into();
    second.same_content_count = 7;
    second.exhausted_agency = "UBND xã Ea Tu (lần đầu)".into();
    second.within_competence = false;
    second.forwarded = "Chủ tịch UBND tỉnh, Phiếu chuyển số 20/PC-UBND".into();
    reception_log_of(vec![
        reception_row("Trần Thị Mai", PetitionClass::Recommendation),
        second,
    ])
}

/// Every petition form, with its kind's title and a value it must print.
pub fn all_petition_forms() -> Vec<(Form, &'static str, &'static str)> {
    vec![
        (
            complaint_acceptance(),
            "THÔNG BÁO VỀ VIỆC THỤ LÝ GIẢI QUYẾT KHIẾU NẠI",
            "Không đồng ý mức bồi thường",
        ),
        (
            Form::Acceptance(acceptance(
                AcceptanceKind::DenunciationDecision,
                Recipient::protected(PSEUDONYM),
            )),
            "QUYẾT ĐỊNH THỤ LÝ TỐ CÁO",
            "Nhận tiền để hợp thức hóa",
        ),
        (
            Form::Acceptance(acceptance(
                AcceptanceKind::DenunciationToDenouncer,
                denouncer(),
            )),
            "THÔNG BÁO VIỆC THỤ LÝ TỐ CÁO",
            DENOUNCER,
        ),
        (
            notice_to_denounced(),
            "THÔNG BÁO VIỆC THỤ LÝ TỐ CÁO",
            PSEUDONYM,
        ),
        (
            non_acceptance(),
            "THÔNG BÁO VỀ VIỆC KHÔNG THỤ LÝ GIẢI QUYẾT KHIẾU NẠI",
            "khoản 5 Điều 11 Luật Khiếu nại",
        ),
        (
            Form::Forwarding(forwarding(denouncer())),
            "PHIẾU CHUYỂN ĐƠN",
            "Ủy ban kiểm tra Đảng ủy xã Ea Tu",
        ),
        (
            Form::Extension(extension(30)),
            "QUYẾT ĐỊNH GIA HẠN GIẢI QUYẾT TỐ CÁO",
            "30 ngày",
        ),
        (
            Form::Decision(decision(DecisionKind::ComplaintFirst)),
            "QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU",
            "Giữ nguyên Quyết định số 88/QĐ-UBND",
        ),
        (
            Form::Decision(decision(DecisionKind::ComplaintSecond)),
            "QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI LẦN HAI",
            "Đơn giá áp dụng đúng",
        ),
        (
            Form::Decision(decision(DecisionKind::DenunciationConclusion)),
            "KẾT LUẬN NỘI DUNG TỐ CÁO",
            "Biện pháp xử lý, kiến nghị",
        ),
        (
            Form::ReceptionReceipt(reception_receipt()),
            "GIẤY BIÊN NHẬN THÔNG TIN, TÀI LIỆU",
            "Ảnh chụp hiện trạng đường",
        ),
        (
            Form::ReceptionLog(reception_log()),
            "SỔ TIẾP CÔNG DÂN",
            "Đoàn Văn Khánh",
        ),
    ]
}
