//! Every form as a PDF. The checks read the PDF itself where that is simple and exact (header,
//! page boxes, embedded fonts and their ToUnicode maps, PDF/A metadata), and the laid-out pages
//! for the running text, since PDF content streams hold glyph ids, not characters.

mod common;

use std::collections::BTreeSet;

use common::*;
use motcua_forms::{Form, FormRenderer, FormSetChoice, Paper, RenderOptions, qr_svg};

/// The raw file followed by every stream that inflates, so that dictionaries kept in compressed
/// object streams are searchable too.
fn inflated(pdf: &[u8]) -> Vec<u8> {
    let mut out = pdf.to_vec();
    let mut pos = 0;
    while let Some(found) = find(&pdf[pos..], b"stream") {
        let start = pos + found;
        pos = start + 6;
        if start >= 3 && &pdf[start - 3..start] == b"end" {
            continue;
        }
        let mut body = pos;
        if pdf.get(body) == Some(&b'\r') {
            body += 1;
        }
        if pdf.get(body) == Some(&b'\n') {
            body += 1;
        } else {
            continue;
        }
        let Some(end) = find(&pdf[body..], b"endstream") else {
            break;
        };
        if let Ok(data) = miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[body..body + end]) {
            out.extend_from_slice(b"\n");
            out.extend_from_slice(&data);
        }
        pos = body + end;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Characters the embedded fonts' ToUnicode maps can produce, i.e. the text a reader can copy.
fn to_unicode_chars(all: &str) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let hex = |s: &str| -> Vec<u16> {
        s.as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect()
    };
    let mut rest = all;
    while let Some(start) = rest.find("begincmap") {
        let cmap = &rest[start..];
        let end = cmap.find("endcmap").unwrap_or(cmap.len());
        for line in cmap[..end].lines() {
            let groups: Vec<&str> = line
                .split('<')
                .skip(1)
                .filter_map(|g| g.split('>').next())
                .collect();
            // bfchar "<src> <dst>" and bfrange "<lo> <hi> <dst>": the destination is UTF-16BE.
            let dst = match groups.len() {
                2 => groups[1],
                3 => groups[2],
                _ => continue,
            };
            chars.extend(char::decode_utf16(hex(dst)).filter_map(Result::ok));
        }
        rest = &cmap[end..];
    }
    chars
}

fn media_boxes(all: &str) -> Vec<(f64, f64)> {
    all.match_indices("/MediaBox")
        .map(|(i, _)| {
            let after = &all[i + 9..];
            let open = after.find('[').unwrap();
            let close = after.find(']').unwrap();
            let n: Vec<f64> = after[open + 1..close]
                .split_whitespace()
                .map(|v| v.parse().unwrap())
                .collect();
            (n[2] - n[0], n[3] - n[1])
        })
        .collect()
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0
}

const A4: (f64, f64) = (595.28, 841.89);
const A5: (f64, f64) = (419.53, 595.28);

#[test]
fn every_form_is_a_pdf_with_the_fonts_embedded_and_its_text() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::tracking(URL);
    for (form, word) in all_forms() {
        let pdf = renderer.render_pdf(&form, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{word}");
        let all = text(&inflated(&pdf));
        assert!(
            all.contains("/FontFile2"),
            "{word}: no embedded TrueType font"
        );
        assert!(
            all.contains("+LiberationSerif"),
            "{word}: font subset not named"
        );
        // The QR code is drawn as vector paths: one subpath per run of dark modules in the SVG.
        let runs = qr_svg(URL).unwrap().matches('M').count();
        let moves = all.matches(" m ").count() + all.matches(" m\n").count();
        assert!(
            runs > 100 && moves >= runs,
            "{word}: QR code missing ({moves} < {runs})"
        );

        let copyable = to_unicode_chars(&all);
        for c in CODE.chars().chain("Độc lập Tự do Hạnh phúc".chars()) {
            assert!(
                c == ' ' || copyable.contains(&c),
                "{word}: {c:?} cannot be copied"
            );
        }
        for c in ['ư', 'ơ', 'đ', 'Đ', 'Ộ', 'ạ', 'ố'] {
            assert!(
                copyable.contains(&c),
                "{word}: {c:?} not in any ToUnicode map"
            );
        }

        let pages = renderer.page_texts(&form, &options).unwrap().join(" ");
        assert!(pages.contains(CODE), "{word}: {pages}");
        assert!(
            pages.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{word}"
        );
        let squeezed: String = pages.split_whitespace().collect();
        let wanted: String = word.split_whitespace().collect();
        assert!(squeezed.contains(&wanted), "{word}: {pages}");
    }
}

#[test]
fn pdf_claims_pdf_a_2b() {
    let pdf = FormRenderer::shipped()
        .render_pdf(&receipt(), &RenderOptions::tracking(URL))
        .unwrap();
    let all = text(&inflated(&pdf));
    assert!(all.contains("<pdfaid:part>2</pdfaid:part>") || all.contains("pdfaid:part=\"2\""));
    assert!(
        all.contains("<pdfaid:conformance>B</pdfaid:conformance>")
            || all.contains("pdfaid:conformance=\"B\"")
    );
}

#[test]
fn slips_are_a5_control_sheet_a4_logbook_a4_landscape() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::tracking(URL);
    let cases = [
        (receipt(), A5),
        (supplement(), A5),
        (refusal(), A5),
        (apology(), A5),
        (control_sheet(), A4),
        (logbook(), (A4.1, A4.0)),
    ];
    for (form, size) in cases {
        let pdf = renderer.render_pdf(&form, &options).unwrap();
        let boxes = media_boxes(&text(&inflated(&pdf)));
        assert!(!boxes.is_empty());
        for b in boxes {
            assert!(close(b, size), "{:?}: {b:?} is not {size:?}", form.kind());
        }
    }
}

#[test]
fn paper_override_changes_the_media_box() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions {
        paper: Some(Paper::A4),
        ..RenderOptions::tracking(URL)
    };
    let pdf = renderer.render_pdf(&receipt(), &options).unwrap();
    let boxes = media_boxes(&text(&inflated(&pdf)));
    assert!(!boxes.is_empty());
    assert!(boxes.iter().all(|b| close(*b, A4)), "{boxes:?}");
    let sizes = renderer.page_sizes_mm(&receipt(), &options).unwrap();
    assert!((sizes[0].0 - 210.0).abs() < 0.5 && (sizes[0].1 - 297.0).abs() < 0.5);
}

#[test]
fn number_and_title_follow_the_form_set_in_force_on_the_form_date() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::tracking(URL);
    let apology_on = |y, m, d| {
        let Form::Apology(mut a) = apology() else {
            unreachable!()
        };
        a.header = header_on(at(y, m, d, 9, 0));
        Form::Apology(a)
    };
    let old = renderer
        .page_texts(&apology_on(2025, 9, 14), &options)
        .unwrap()
        .join(" ");
    assert!(old.contains("Mẫu số 04"), "{old}");
    assert!(
        old.contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        "{old}"
    );

    let new = renderer
        .page_texts(&apology_on(2025, 9, 15), &options)
        .unwrap()
        .join(" ");
    assert!(new.contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"), "{new}");

    // The logbook goes from Mẫu 06 to Mẫu 07; pinning the date reprints it under the old set.
    let pinned = RenderOptions {
        form_set: FormSetChoice::OnDate(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
        ..RenderOptions::default()
    };
    let log_old = renderer.page_texts(&logbook(), &pinned).unwrap().join(" ");
    let log_new = renderer
        .page_texts(&logbook(), &RenderOptions::default())
        .unwrap()
        .join(" ");
    assert!(log_old.contains("Mẫu số 06"), "{log_old}");
    assert!(log_new.contains("Mẫu số 07"), "{log_new}");

    let by_id = RenderOptions {
        form_set: FormSetChoice::Id("tt01-2018".into()),
        ..RenderOptions::default()
    };
    let html = renderer.render_html(&control_sheet(), &by_id).unwrap();
    assert!(html.contains("Mẫu số 05"));
}

#[test]
fn a_form_dated_before_any_set_is_refused() {
    let renderer = FormRenderer::shipped();
    let Form::Refusal(mut r) = refusal() else {
        unreachable!()
    };
    r.header = header_on(at(2017, 1, 1, 9, 0));
    let err = renderer
        .render_pdf(&Form::Refusal(r), &RenderOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("2017-01-01"), "{err}");
}

#[test]
fn typst_markup_in_user_text_prints_literally() {
    let nasty = r#"#set page(width: 1cm) *bold* $x^2$ [link] \ "quoted" // not a comment @ref <lbl> _x_ `raw`"#;
    let mut applicant = applicant();
    applicant.name = nasty.into();
    applicant.address = "#import \"/etc/passwd\"\n#panic(\"boom\")".into();
    let mut header = header();
    header.agency_name = "]#[ } { ) (".into();
    let mut receipt = receipt_with(header, applicant);
    receipt.procedure_name = r#"\u{41} #{ 1 + 1 } #read("/sheet.json")"#.into();
    let form = Form::Receipt(receipt);
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::tracking(URL);
    let pages = renderer.page_texts(&form, &options).unwrap();
    let squeezed: String = pages.join("").split_whitespace().collect();
    for expected in [
        nasty,
        "#panic(\"boom\")",
        "]#[ } { ) (",
        r"\u{41} #{ 1 + 1 }",
    ] {
        let expected: String = expected.split_whitespace().collect();
        assert!(
            squeezed.contains(&expected),
            "{expected} not printed literally in {squeezed}"
        );
    }
    let sizes = renderer.page_sizes_mm(&form, &options).unwrap();
    assert!(
        (sizes[0].0 - 148.0).abs() < 0.5,
        "page width was changed by user text"
    );
    assert!(
        renderer
            .render_pdf(&form, &options)
            .unwrap()
            .starts_with(b"%PDF-")
    );
}

#[test]
fn every_petition_form_is_a_pdf_a_with_its_title_and_values() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::default();
    for (form, title, value) in all_petition_forms() {
        let pdf = renderer.render_pdf(&form, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{title}");
        let all = text(&inflated(&pdf));
        assert!(
            all.contains("<pdfaid:part>2</pdfaid:part>") || all.contains("pdfaid:part=\"2\""),
            "{title}: not PDF/A-2"
        );
        assert!(
            all.contains("+LiberationSerif") && all.contains("/FontFile2"),
            "{title}: font not embedded"
        );
        let landscape = matches!(form, Form::ReceptionLog(_));
        let size = if landscape { (A4.1, A4.0) } else { A4 };
        for b in media_boxes(&all) {
            assert!(close(b, size), "{title}: {b:?} is not {size:?}");
        }
        let pages = renderer.page_texts(&form, &options).unwrap().join(" ");
        let squeezed: String = pages.split_whitespace().collect();
        for wanted in [
            title,
            value,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ] {
            let wanted: String = wanted.split_whitespace().collect();
            assert!(squeezed.contains(&wanted), "{title}: {wanted} in {pages}");
        }
    }
}

#[test]
fn the_pdf_for_the_denounced_never_names_the_denouncer() {
    let renderer = FormRenderer::shipped();
    let options = RenderOptions::default();
    let mut slip = forwarding(motcua_forms::Recipient::protected(PSEUDONYM));
    slip.copies_to = vec![motcua_forms::Recipient::protected(PSEUDONYM)];
    for form in [notice_to_denounced(), Form::Forwarding(slip)] {
        let pages = renderer.page_texts(&form, &options).unwrap().join(" ");
        let squeezed: String = pages.split_whitespace().collect();
        assert!(squeezed.contains(PSEUDONYM), "{pages}");
        let label: String = motcua_forms::PROTECTED_LABEL.split_whitespace().collect();
        assert!(squeezed.contains(&label), "{pages}");
        for secret in [DENOUNCER, DENOUNCER_ADDRESS] {
            let secret: String = secret.split_whitespace().collect();
            assert!(!squeezed.contains(&secret), "{secret} in {pages}");
        }
        // Nor in the metadata or any other string the file carries in clear.
        let all = text(&inflated(&renderer.render_pdf(&form, &options).unwrap()));
        assert!(!all.contains(DENOUNCER));
        assert!(!all.contains("Tố"), "part of the name in clear");
    }
}
