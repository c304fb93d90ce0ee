//! The petition forms as HTML: title, number from the petition set in force, key values escaped,
//! the denouncer kept out of the copies meant for the person denounced, and refused input.

mod common;

use common::*;
use motcua_forms::{
    AcceptanceKind, DecisionKind, Form, FormError, FormRenderer, FormSetChoice, FormSets,
    PROTECTED_LABEL, Recipient, RenderOptions,
};

fn html(form: &Form) -> String {
    FormRenderer::shipped()
        .render_html(form, &RenderOptions::default())
        .unwrap()
}

#[test]
fn every_petition_form_prints_the_motto_body_title_and_its_values() {
    for (form, title, value) in all_petition_forms() {
        let page = html(&form);
        assert!(page.starts_with("<!DOCTYPE html>"), "{title}");
        assert!(
            page.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{title}"
        );
        assert!(page.contains("Độc lập - Tự do - Hạnh phúc"), "{title}");
        assert!(page.contains("ỦY BAN NHÂN DÂN XÃ EA TU"), "{title}");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{title}");
        assert!(page.contains(value), "{title}: {value} missing");
        assert!(page.contains("Ea Tu, ngày "), "{title}: no date line");
    }
}

#[test]
fn notices_and_decisions_carry_number_symbol_signer_and_copies() {
    let page = html(&Form::Extension(extension(20)));
    for expected in [
        "Mẫu số 01",
        "Số: 15/QĐ-UBND",
        "Ea Tu, ngày 05 tháng 8 năm 2026",
        "Mã hồ sơ: TC-2026-017",
        "Căn cứ Điều 30 Luật Tố cáo",
        "Quyết định số 12/QĐ-UBND ngày 08/7/2026",
        "lần thứ nhất",
        "20 ngày",
        "Phải xác minh tại 02 địa điểm",
        "CHỦ TỊCH",
        "(Ký, ghi rõ họ tên và đóng dấu)",
        "Lê Quốc Hưng",
        "Nơi nhận:",
        "- Lưu: VT, hồ sơ.",
    ] {
        assert!(page.contains(expected), "{expected} missing");
    }

    let mut second = extension(30);
    second.round = motcua_forms::ExtensionRound::Second;
    assert!(html(&Form::Extension(second)).contains("lần thứ hai"));

    let slip = html(&Form::Forwarding(forwarding(denouncer())));
    for expected in [
        "Mẫu số 03",
        "Số: 15/PC-UBND",
        "Kính gửi: <b>Ủy ban kiểm tra Đảng ủy xã Ea Tu</b>",
        "đơn tố cáo của",
        "Điều 15 Thông tư 05/2021/TT-TTCP",
        "Đơn tố cáo và 03 tài liệu kèm theo",
    ] {
        assert!(slip.contains(expected), "{expected} missing");
    }

    let decision = html(&Form::Decision(decision(DecisionKind::ComplaintFirst)));
    for expected in [
        "I. Nội dung khiếu nại",
        "II. Kết quả xác minh",
        "III. Kết luận",
        "QUYẾT ĐỊNH:",
        "<b>Điều 1. </b>Giữ nguyên",
        "<b>Điều 2. </b>Quyết định này",
        "Người bị khiếu nại: <b>Chủ tịch UBND xã Ea Tu</b>",
    ] {
        assert!(decision.contains(expected), "{expected} missing");
    }
    let conclusion = html(&Form::Decision(decision_kind_conclusion()));
    assert!(conclusion.contains("Người tố cáo"));
    assert!(conclusion.contains("1. Giữ nguyên"));
    assert!(!conclusion.contains("Điều 1."));
}

fn decision_kind_conclusion() -> motcua_forms::PetitionDecision {
    decision(DecisionKind::DenunciationConclusion)
}

#[test]
fn the_reception_receipt_lists_the_documents_received() {
    let page = html(&Form::ReceptionReceipt(reception_receipt()));
    for expected in [
        "Mẫu số 02/TCD",
        "GIẤY BIÊN NHẬN THÔNG TIN, TÀI LIỆU",
        "9 giờ 30 phút, ngày 03/07/2026",
        "Trần Thị Mai",
        "066190001234",
        "Đơn kiến nghị",
        "Ảnh chụp hiện trạng đường",
        "<td class=\"c\">4</td>",
        "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU",
        "Võ Thị Lan",
    ] {
        assert!(page.contains(expected), "{expected} missing");
    }
}

#[test]
fn the_reception_log_prints_the_twelve_columns_in_landscape() {
    let page = html(&Form::ReceptionLog(reception_log()));
    assert!(page.contains("size: A4 landscape"));
    assert!(page.contains("Mẫu số 03/TCD"));
    assert!(page.contains("Quyển số: 01/2026"));
    assert!(page.contains("Từ ngày 01/07/2026 đến ngày 31/07/2026"));
    let mut from = 0;
    for column in motcua_forms::RECEPTION_LOG_COLUMNS {
        let at = page[from..]
            .find(&format!("<th>{column}</th>"))
            .unwrap_or_else(|| panic!("{column} missing or out of order"));
        from += at;
    }
    assert_eq!(page.matches("<th>").count(), 12);
    assert!(page.contains("<td class=\"c\">41</td>"));
    assert!(page.contains("<td class=\"c\">42</td>"));
    assert!(page.contains("<td class=\"c\">KN-PA</td>"));
    assert!(page.contains("<td class=\"c\">7</td>"));
    assert!(page.contains("Phiếu chuyển số 20/PC-UBND"));
}

#[test]
fn user_text_is_escaped_in_every_petition_form() {
    let nasty = "A <b>x</b> & \"y\"";
    let escaped = "A &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;";
    for (form, title, _) in all_petition_forms() {
        let form = match form {
            Form::Acceptance(mut f) => {
                f.content = nasty.into();
                Form::Acceptance(f)
            }
            Form::NonAcceptance(mut f) => {
                f.reason = nasty.into();
                Form::NonAcceptance(f)
            }
            Form::Forwarding(mut f) => {
                f.content = nasty.into();
                Form::Forwarding(f)
            }
            Form::Extension(mut f) => {
                f.reason = nasty.into();
                Form::Extension(f)
            }
            Form::Decision(mut f) => {
                f.summary = nasty.into();
                Form::Decision(f)
            }
            Form::ReceptionReceipt(mut f) => {
                f.documents[0].name = nasty.into();
                Form::ReceptionReceipt(f)
            }
            Form::ReceptionLog(mut f) => {
                f.rows[0].summary = nasty.into();
                Form::ReceptionLog(f)
            }
            other => other,
        };
        let page = html(&form);
        assert!(page.contains(escaped), "{title}: not escaped");
        assert!(!page.contains("<b>x</b>"), "{title}: raw markup");
    }
}

#[test]
fn numbers_come_from_the_petition_set_in_force_on_the_form_date() {
    let shipped = FormRenderer::shipped();
    let cases = [
        (
            Form::Acceptance(acceptance(
                AcceptanceKind::DenunciationToDenouncer,
                denouncer(),
            )),
            "Mẫu số 05",
        ),
        (notice_to_denounced(), "Mẫu số 06"),
        (Form::Extension(extension(10)), "Mẫu số 01"),
        (Form::Forwarding(forwarding(denouncer())), "Mẫu số 03"),
        (Form::ReceptionReceipt(reception_receipt()), "Mẫu số 02/TCD"),
        (Form::ReceptionLog(reception_log()), "Mẫu số 03/TCD"),
    ];
    for (form, label) in cases {
        let page = shipped
            .render_html(&form, &RenderOptions::default())
            .unwrap();
        assert!(page.contains(label), "{label}");
    }

    // A number nobody could verify is left off rather than guessed.
    let page = html(&complaint_acceptance());
    assert!(!page.contains("Mẫu số"), "unverified number printed");
    assert!(page.contains("Số: 15/TB-UBND"));

    // An administrator's file that renumbers the slip from 2027 on.
    let file = r#"
[[set]]
id = "tt05-2021"
legal_basis = "TT 05/2021/TT-TTCP"
effective_from = "2021-11-15"
confidence = "verified"
[set.forms.forwarding_slip]
number = "03"
title = "Phiếu chuyển đơn"
number_suffix = "PC"
source = "TT 05/2021 Đ14"
confidence = "verified"

[[set]]
id = "tt99-2027"
legal_basis = "Thông tư giả định"
effective_from = "2027-01-01"
confidence = "unverified"
[set.forms.forwarding_slip]
number = "07"
title = "Phiếu chuyển đơn đến cơ quan có thẩm quyền"
number_suffix = "PCĐ"
source = "test"
confidence = "secondary"
"#;
    let renderer =
        FormRenderer::shipped().with_petition_sets(FormSets::petition_from_toml(file).unwrap());
    let on = |y, m, d| {
        let mut slip = forwarding(denouncer());
        slip.header = petition_header_on(at(y, m, d, 9, 0));
        Form::Forwarding(slip)
    };
    let old = renderer
        .render_html(&on(2026, 12, 31), &RenderOptions::default())
        .unwrap();
    assert!(old.contains("Mẫu số 03") && old.contains("<h1>PHIẾU CHUYỂN ĐƠN</h1>"));
    let new = renderer
        .render_html(&on(2027, 1, 1), &RenderOptions::default())
        .unwrap();
    assert!(new.contains("Mẫu số 07"));
    assert!(new.contains("PHIẾU CHUYỂN ĐƠN ĐẾN CƠ QUAN CÓ THẨM QUYỀN"));
    assert!(new.contains("Số: 15/PCĐ-UBND"));
    let pinned = RenderOptions {
        form_set: FormSetChoice::Id("tt05-2021".into()),
        ..RenderOptions::default()
    };
    assert!(
        renderer
            .render_html(&on(2027, 1, 1), &pinned)
            .unwrap()
            .contains("Mẫu số 03")
    );
    // The override has no extension form, and a set without the form cannot be pinned.
    assert!(matches!(
        renderer.render_html(&Form::Extension(extension(10)), &RenderOptions::default()),
        Err(FormError::NoFormInForce { .. })
    ));
    let wrong_set = RenderOptions {
        form_set: FormSetChoice::Id("tt05-2021".into()),
        ..RenderOptions::default()
    };
    assert!(matches!(
        FormRenderer::shipped().render_html(&Form::Extension(extension(10)), &wrong_set),
        Err(FormError::FormNotInSet { .. })
    ));
}

#[test]
fn reception_forms_before_nd_154_are_refused() {
    let mut receipt = reception_receipt();
    receipt.header = petition_header_on(at(2026, 6, 30, 9, 0));
    let err = FormRenderer::shipped()
        .render_html(&Form::ReceptionReceipt(receipt), &RenderOptions::default())
        .unwrap_err();
    assert!(matches!(err, FormError::NoFormInForce { .. }), "{err}");
    assert!(err.to_string().contains("2026-06-30"), "{err}");
}

#[test]
fn the_copy_for_the_denounced_never_names_the_denouncer() {
    let mut slip = forwarding(Recipient::protected(PSEUDONYM));
    slip.copies_to = vec![Recipient::protected(PSEUDONYM)];
    for form in [
        notice_to_denounced(),
        Form::Forwarding(slip),
        Form::Extension(extension(15)),
    ] {
        let page = html(&form);
        assert!(page.contains(PROTECTED_LABEL), "{:?}", form.kind());
        assert!(page.contains(PSEUDONYM), "{:?}", form.kind());
        assert!(!page.contains(DENOUNCER), "{:?}: name leaked", form.kind());
        assert!(
            !page.contains(DENOUNCER_ADDRESS),
            "{:?}: address leaked",
            form.kind()
        );
    }
    let page = html(&notice_to_denounced());
    assert!(page.contains(&format!("Kính gửi: <b>{DENOUNCED}</b>")));
    assert!(page.contains("Ngày 08/07/2026, Ủy ban nhân dân xã Ea Tu đã ra quyết định thụ lý"));
}

#[test]
fn a_notice_to_the_denounced_naming_the_denouncer_is_refused() {
    let form = Form::Acceptance(acceptance(
        AcceptanceKind::DenunciationToDenounced,
        denouncer(),
    ));
    let renderer = FormRenderer::shipped();
    let err = renderer
        .render_html(&form, &RenderOptions::default())
        .unwrap_err();
    assert!(matches!(err, FormError::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("danh tính người tố cáo"), "{err}");
    assert!(
        renderer
            .render_pdf(&form, &RenderOptions::default())
            .is_err()
    );
}

fn refused(form: Form) -> String {
    let err = FormRenderer::shipped()
        .render_html(&form, &RenderOptions::default())
        .unwrap_err();
    assert!(matches!(err, FormError::InvalidInput(_)), "{err}");
    assert_eq!(form.validate(), Err(err.clone()));
    err.to_string()
}

#[test]
fn input_no_officer_could_sign_is_refused_in_vietnamese() {
    let mut d = decision(DecisionKind::ComplaintFirst);
    d.summary = "  ".into();
    assert!(refused(Form::Decision(d)).contains("tóm tắt nội dung"));

    let mut d = decision(DecisionKind::DenunciationConclusion);
    d.verification.clear();
    assert!(refused(Form::Decision(d)).contains("kết quả xác minh"));

    let mut d = decision(DecisionKind::ComplaintSecond);
    d.articles = vec![String::new()];
    assert!(refused(Form::Decision(d)).contains("ít nhất một điều"));

    assert!(refused(Form::Extension(extension(0))).contains("số ngày gia hạn phải lớn hơn 0"));
    assert!(refused(Form::Extension(extension(31))).contains("không quá 30 ngày"));
    let mut e = extension(10);
    e.reason.clear();
    assert!(refused(Form::Extension(e)).contains("lý do gia hạn"));

    let Form::NonAcceptance(mut n) = non_acceptance() else {
        unreachable!()
    };
    n.reason.clear();
    assert!(refused(Form::NonAcceptance(n)).contains("nêu rõ lý do"));

    let mut r = reception_receipt();
    r.documents.clear();
    assert!(refused(Form::ReceptionReceipt(r)).contains("ít nhất một thông tin, tài liệu"));

    let mut a = acceptance(AcceptanceKind::DenunciationToDenouncer, denouncer());
    a.addressee = None;
    assert!(refused(Form::Acceptance(a)).contains("Kính gửi"));

    // Blank numbers and names are not errors: they print as dots to fill in by hand.
    let mut blank = extension(10);
    blank.header.number.clear();
    blank.signer.name.clear();
    assert!(html(&Form::Extension(blank)).contains("Số: …………/QĐ-UBND"));
}
