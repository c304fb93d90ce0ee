//! Every form as a printable HTML page: the expected wording and values, the QR code, the page
//! size, and user text escaped.

mod common;

use common::*;
use motcua_forms::{Form, FormRenderer, Paper, RenderOptions};

fn html(form: &Form) -> String {
    FormRenderer::shipped()
        .render_html(form, &RenderOptions::tracking(URL))
        .unwrap()
}

#[test]
fn every_form_prints_its_header_code_and_qr() {
    for (form, word) in all_forms() {
        let page = html(&form);
        assert!(page.starts_with("<!DOCTYPE html>"), "{word}");
        assert!(
            page.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{word}"
        );
        assert!(page.contains("Độc lập - Tự do - Hạnh phúc"), "{word}");
        assert!(
            page.contains("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ EA TU"),
            "{word}"
        );
        assert!(page.contains(CODE), "{word}");
        assert!(page.contains(word), "{word}");
        assert!(
            page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{word}"
        );
        assert!(
            !page.contains("<?xml"),
            "{word}: XML declaration inside HTML"
        );
        assert!(page.contains(&URL.replace('&', "&amp;")), "{word}");
    }
}

#[test]
fn receipt_lists_what_was_received_and_when_to_return() {
    let page = html(&receipt());
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mẫu số 01",
        "Số: 0975/TNHS",
        "Mã hồ sơ: H15.50.05.13-261008-0975",
        "Ea Tu, ngày 05 tháng 3 năm 2026",
        "Nguyễn Thị Hương",
        "Thôn 3, xã Ea Tu, tỉnh Đắk Lắk",
        "0905 123 456",
        "huong@example.vn",
        "Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Bản sao có chứng thực",
        "01 ngày làm việc",
        "14 giờ 30 phút, ngày 05/03/2026",
        "16 giờ 00 phút, ngày 06/03/2026",
        "Quầy số 2",
        "Miễn lệ phí",
        "Quyển số: <b>01/2026</b>",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Đức",
        "@page { size: A5;",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn supplement_lists_each_item_with_its_reason() {
    let page = html(&supplement());
    for expected in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: 0975/HDHS",
        "<td>Giấy chứng sinh</td><td>Bản sao chưa được chứng thực</td>",
        "<td>Tờ khai đăng ký khai sinh</td><td>Thiếu chữ ký của người đi đăng ký</td>",
        "một lần, đầy đủ",
        "0262 3812 345",
        "NGƯỜI HƯỚNG DẪN",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn refusal_gives_the_reason() {
    let page = html(&refusal());
    for expected in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Số: 0975/TCHS",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Thửa đất không thuộc địa bàn xã Ea Tu quản lý",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn apology_gives_old_date_reason_and_new_date() {
    let page = html(&apology());
    for expected in [
        "Mẫu số 04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "16 giờ 00 phút, ngày 06/03/2026",
        "Cần xác minh thông tin nơi cư trú của người mẹ",
        "16 giờ 00 phút, ngày 10/03/2026",
        "CHỦ TỊCH",
        "Lê Quốc Hưng",
        "Ea Tu, ngày 06 tháng 3 năm 2026",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn control_sheet_has_one_row_per_hand_over() {
    let page = html(&control_sheet());
    for expected in [
        "Mẫu số 06",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Công chức Tư pháp - Hộ tịch",
        "<td>1. Giao: Bộ phận Một cửa; Nhận: Công chức Tư pháp - Hộ tịch</td>\
         <td class=\"c\">15:00 05/03/2026</td><td>Trần Văn Đức</td><td>Phạm Thị Lụa</td>\
         <td class=\"c\">Đúng hạn</td><td></td>",
        "<td class=\"c\">Trước hạn</td><td>Đã ký số</td>",
        "colspan=\"3\">Thời gian giao, nhận hồ sơ</th>",
        "@page { size: A4;",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn logbook_is_a_landscape_table_numbered_on_from_the_last_book() {
    let page = html(&logbook());
    for expected in [
        "SỔ THEO DÕI HỒ SƠ",
        "Quyển số: 01/2026",
        "Từ ngày 01/03/2026 đến ngày 31/03/2026",
        "<td class=\"c\">974</td><td>H15.50.05.13-261008-0975</td>",
        "<td class=\"c\">975</td><td>H15.50.05.13-260305-0976</td>",
        "Chứng thực bản sao từ bản chính",
        "Thôn 3, xã Ea Tu; 0905 123 456",
        "16:30 05/03/2026",
        "Trả qua bưu điện",
        "Ký nhận",
        "@page { size: A4 landscape;",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn paper_can_be_overridden() {
    let options = RenderOptions {
        paper: Some(Paper::A4),
        ..RenderOptions::tracking(URL)
    };
    let page = FormRenderer::shipped()
        .render_html(&receipt(), &options)
        .unwrap();
    assert!(page.contains("@page { size: A4;"));
}

#[test]
fn no_tracking_address_prints_no_qr_code() {
    let page = FormRenderer::shipped()
        .render_html(&logbook(), &RenderOptions::default())
        .unwrap();
    assert!(!page.contains("<svg"));
    assert!(page.contains("SỔ THEO DÕI HỒ SƠ"));
}

#[test]
fn user_text_is_escaped() {
    let mut applicant = applicant();
    applicant.name = "<script>alert('x')</script> & \"Hương\"".into();
    let mut header = header();
    header.agency_name = "<b>Trung tâm</b>".into();
    let form = Form::Receipt(receipt_with(header, applicant));
    let options = RenderOptions::tracking("https://x.example/?a=1&b=\"><script>");
    let page = FormRenderer::shipped()
        .render_html(&form, &options)
        .unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(!page.contains("<b>Trung tâm</b>"));
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Hương&quot;")
    );
    assert!(page.contains("&lt;B&gt;TRUNG TÂM&lt;/B&gt;"));
    assert!(page.contains("https://x.example/?a=1&amp;b=&quot;&gt;&lt;script&gt;"));
}

#[test]
fn line_breaks_in_values_are_kept() {
    let mut applicant = applicant();
    applicant.address = "Thôn 3\nxã Ea Tu".into();
    let form = Form::Receipt(receipt_with(header(), applicant));
    let page = html(&form);
    assert!(page.contains("Thôn 3<br>xã Ea Tu"));
}
