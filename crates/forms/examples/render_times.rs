//! Measures how long each form takes to render once the renderer is built:
//! `cargo run --release -p motcua-forms --example render_times`.

use std::time::Instant;

use chrono::{FixedOffset, TimeZone};
use motcua_forms::{
    ApplicantBlock, CopyKind, DocumentLine, Form, FormHeader, FormRenderer, Logbook, LogbookRow,
    Receipt, RenderOptions,
};

fn main() {
    let tz = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    let at = |d, h| tz.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap();
    let receipt = Form::Receipt(Receipt {
        header: FormHeader {
            agency_name: "Trung tâm Phục vụ hành chính công xã Ea Tu".into(),
            parent_agency_name: "UBND xã Ea Tu".into(),
            place: "Ea Tu".into(),
            dossier_code: "H15.50.05.13-261008-0975".into(),
            receipt_number: "0975".into(),
            issued_at: at(5, 14),
        },
        applicant: ApplicantBlock {
            name: "Nguyễn Thị Hương".into(),
            address: "Thôn 3, xã Ea Tu, tỉnh Đắk Lắk".into(),
            phone: "0905 123 456".into(),
            email: String::new(),
        },
        procedure_name: "Đăng ký khai sinh".into(),
        documents: vec![DocumentLine {
            name: "Tờ khai đăng ký khai sinh".into(),
            copy_kind: CopyKind::Original,
            count: 1,
        }],
        sets: 1,
        legal_time_text: "01 ngày làm việc".into(),
        received_at: at(5, 14),
        due_at: at(6, 16),
        return_place: "Quầy số 2".into(),
        fee_text: String::new(),
        logbook_book: "01/2026".into(),
        logbook_number: "0975".into(),
        receiver_name: "Trần Văn Đức".into(),
    });
    let rows = (0..200)
        .map(|i| LogbookRow {
            dossier_code: format!("H15.50.05.13-260305-{i:04}"),
            procedure_name: "Chứng thực bản sao từ bản chính".into(),
            sets: 1,
            applicant_name: format!("Người nộp số {i}"),
            applicant_address: "Thôn 3, xã Ea Tu".into(),
            applicant_phone: "0905 123 456".into(),
            lead_agency: "UBND xã Ea Tu".into(),
            received_at: at(5, 8),
            due_at: at(6, 16),
            transferred_at: Some(at(5, 9)),
            result_at: None,
            returned_at: None,
            note: String::new(),
        })
        .collect();
    let logbook = Form::Logbook(Logbook {
        agency_name: "Trung tâm Phục vụ hành chính công xã Ea Tu".into(),
        parent_agency_name: "UBND xã Ea Tu".into(),
        place: "Ea Tu".into(),
        book: "01/2026".into(),
        from: at(1, 0).date_naive(),
        to: at(31, 0).date_naive(),
        printed_at: at(31, 17),
        first_number: 1,
        rows,
    });

    let start = Instant::now();
    let renderer = FormRenderer::shipped();
    println!("build renderer: {:?}", start.elapsed());
    let options = RenderOptions::tracking(
        "https://dichvucong.example.vn/tra-cuu?ma=H15.50.05.13-261008-0975",
    );
    for (name, form) in [("receipt", &receipt), ("logbook 200 rows", &logbook)] {
        for round in 0..5 {
            let start = Instant::now();
            let pdf = renderer.render_pdf(form, &options).expect("renders");
            let pdf_time = start.elapsed();
            let start = Instant::now();
            let html = renderer.render_html(form, &options).expect("renders");
            println!(
                "{name} #{round}: pdf {pdf_time:?} ({} bytes), html {:?} ({} bytes)",
                pdf.len(),
                start.elapsed(),
                html.len()
            );
        }
    }
    // A different dossier each time, as at a real counter: nothing cached from the previous one.
    for i in 0..5 {
        let Form::Receipt(mut r) = receipt.clone() else {
            unreachable!()
        };
        r.header.dossier_code = format!("H15.50.05.13-261008-{:04}", 1000 + i);
        r.applicant.name = format!("Người nộp {i}");
        let start = Instant::now();
        renderer
            .render_pdf(&Form::Receipt(r), &options)
            .expect("renders");
        println!("receipt, new data #{i}: pdf {:?}", start.elapsed());
    }
}
