//! The printed forms of a dossier and the logbook, over HTTP: the right data in each, PDFs that
//! are PDFs, a form that does not exist yet refused clearly, and no form for a stranger.

use serde_json::{Value, json};

use crate::dossier_fixtures::{
    COMMUNE, FULL_NAME, MARRIAGE, World, act_ok, desk_intake, get, hand_over, intake, vn_today,
};
use crate::helpers::Backend;
use motcua_test_support::backend_test;

fn id_of(d: &Value) -> String {
    d["id"].as_str().expect("id").to_owned()
}

async fn body(r: reqwest::Response) -> (u16, String, Vec<u8>) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, ct, r.bytes().await.expect("body").to_vec())
}

backend_test! {
    async fn printed_forms_never_take_their_links_from_the_host_header(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let code = d["code"].as_str().expect("code").to_owned();
        let r = w
            .app
            .client
            .get(w.app.url(&format!("/mot-cua/ho-so/{}/bieu-mau/01", id_of(&d))))
            .bearer_auth(&w.desk)
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .expect("GET");
        let (status, _, html) = body(r).await;
        assert_eq!(status, 200);
        let html = String::from_utf8(html).expect("utf-8");
        assert!(!html.contains("evil.example"), "{html}");
        // Without a configured public URL: the address the server listens on.
        assert!(html.contains(&format!("{}/tra-cuu?ma={code}", w.app.address)), "{html}");
    }

    async fn printed_forms_link_to_the_configured_public_url(backend: Backend) {
        let w = World::with(backend, |c| {
            c.public_url = Some("https://dichvucong.example.gov.vn/".into());
        })
        .await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let code = d["code"].as_str().expect("code").to_owned();
        let r = w
            .app
            .client
            .get(w.app.url(&format!("/mot-cua/ho-so/{}/bieu-mau/01", id_of(&d))))
            .bearer_auth(&w.desk)
            .header("host", "evil.example")
            .send()
            .await
            .expect("GET");
        let (status, _, html) = body(r).await;
        assert_eq!(status, 200);
        let html = String::from_utf8(html).expect("utf-8");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(html.contains(&format!("https://dichvucong.example.gov.vn/tra-cuu?ma={code}")), "{html}");
    }

    async fn each_form_prints_the_dossier_as_html_and_pdf(backend: Backend) {
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let id = id_of(&d);
        let code = d["code"].as_str().expect("code").to_owned();
        let base = format!("/mot-cua/ho-so/{id}/bieu-mau");

        // 01, the receipt: the code, the applicant, the QR code to the tracking page.
        let (status, ct, html) = body(get(&w.app, &w.desk, &format!("{base}/01")).await).await;
        assert_eq!(status, 200);
        assert!(ct.starts_with("text/html"), "{ct}");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains(&code), "{html}");
        assert!(html.contains(FULL_NAME));
        assert!(html.contains("<svg"), "the QR code is inline SVG");
        assert!(html.contains(&format!("/tra-cuu?ma={code}")), "the QR encodes the tracking page");

        let (status, ct, pdf) = body(get(&w.app, &w.desk, &format!("{base}/01.pdf")).await).await;
        assert_eq!(status, 200);
        assert_eq!(ct, "application/pdf");
        assert!(pdf.starts_with(b"%PDF-"));

        // A5 is the default for the receipt; A4 on request; anything else is refused.
        let (status, _, _) = body(get(&w.app, &w.desk, &format!("{base}/01?kho=a4")).await).await;
        assert_eq!(status, 200);
        let r = get(&w.app, &w.desk, &format!("{base}/01?kho=b5")).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("page").contains("A4 hoặc A5"));

        // 02 exists only after a supplement request.
        let r = get(&w.app, &w.desk, &format!("{base}/02")).await;
        assert_eq!(r.status(), 409);
        let v = act_ok(&w.app, &w.desk, &id, &hand_over(1)).await;
        act_ok(
            &w.app,
            &w.specialist,
            &id,
            &json!({
                "action": "request_supplement",
                "version": v["version"],
                "items": [{ "document": "Tờ khai đăng ký kết hôn", "reason": "thiếu chữ ký bên nữ" }]
            }),
        )
        .await;
        let (status, _, html) = body(get(&w.app, &w.desk, &format!("{base}/02")).await).await;
        assert_eq!(status, 200);
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains("thiếu chữ ký bên nữ"), "{html}");

        // 05, the control sheet, has the desk's hand-over with its timeliness.
        let (status, _, html) = body(get(&w.app, &w.desk, &format!("{base}/05")).await).await;
        assert_eq!(status, 200);
        let html = String::from_utf8(html).expect("utf-8");
        assert!(
            ["Trước hạn", "Đúng hạn", "Quá hạn"].iter().any(|t| html.contains(t)),
            "{html}"
        );

        // Unknown form numbers are not found; another commune's officer sees nothing.
        assert_eq!(get(&w.app, &w.desk, &format!("{base}/09")).await.status(), 404);
        assert_eq!(get(&w.app, &w.other_desk, &format!("{base}/01")).await.status(), 404);
        w.app.stop().await;
    }

    async fn the_logbook_exports_as_csv_xlsx_and_pdf(backend: Backend) {
        let w = World::new(backend).await;
        let a = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        let b = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;

        let (status, ct, csv) = body(get(&w.app, &w.desk, "/mot-cua/so-theo-doi?dinh_dang=csv").await).await;
        assert_eq!(status, 200);
        assert!(ct.starts_with("text/csv"), "{ct}");
        assert!(csv.starts_with("\u{feff}".as_bytes()), "Excel needs the BOM");
        let text = String::from_utf8(csv).expect("utf-8");
        for d in [&a, &b] {
            assert!(text.contains(d["code"].as_str().expect("code")), "{text}");
        }
        assert!(text.contains(COMMUNE));

        let (status, _, xlsx) = body(get(&w.app, &w.desk, "/mot-cua/so-theo-doi?dinh_dang=xlsx").await).await;
        assert_eq!(status, 200);
        assert!(xlsx.starts_with(b"PK"), "an XLSX file is a zip");

        let (status, ct, pdf) = body(get(&w.app, &w.desk, "/mot-cua/so-theo-doi?dinh_dang=pdf").await).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF-"));

        let r = get(&w.app, &w.desk, "/mot-cua/so-theo-doi?dinh_dang=doc").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("page").contains("xlsx"));
        // The other commune's logbook does not show this commune's dossiers.
        let (_, _, other) = body(get(&w.app, &w.other_desk, "/mot-cua/so-theo-doi?dinh_dang=csv").await).await;
        let other = String::from_utf8(other).expect("utf-8");
        assert!(!other.contains(a["code"].as_str().expect("code")));
        w.app.stop().await;
    }

    async fn the_logbook_on_screen_pages_its_lines_with_totals_a_range_and_its_exports(backend: Backend) {
        let w = World::new(backend).await;
        let mut codes = Vec::new();
        for _ in 0..52 {
            codes.push(intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await["code"].as_str().unwrap().to_owned());
        }
        let page = |path: &str| {
            let (app, desk) = (&w.app, &w.desk);
            let path = path.to_owned();
            async move {
                let r = get(app, desk, &path).await;
                (r.status().as_u16(), r.text().await.expect("page"))
            }
        };
        // The first page: fifty lines of the fifty-two, the totals, the exports of the range.
        let (status, html) = page("/mot-cua/so-theo-doi").await;
        assert_eq!(status, 200);
        assert!(html.contains(r#"<nav class="places""#), "the book is a page of the site");
        let lines = html.matches("<tr>").count() - 1;
        assert_eq!(lines, 50);
        let totals = &html[html.find(r#"id="logbook-totals""#).unwrap()..];
        assert!(totals.starts_with(r#"id="logbook-totals" role="status">52 hồ sơ"#), "{}", &totals[..120]);
        assert!(html.contains(&codes[0]) && !html.contains(&codes[51]));
        for f in ["html", "pdf", "xlsx", "csv"] {
            assert!(html.contains(&format!("&amp;dinh_dang={f}\"")), "the {f} export is offered");
        }
        // The next page has the last two, and links back.
        assert!(html.contains(r#"rel="next""#) && !html.contains(r#"rel="prev""#));
        let (_, two) = page("/mot-cua/so-theo-doi?trang=2").await;
        assert_eq!(two.matches("<tr>").count() - 1, 2);
        assert!(two.contains(&codes[51]) && two.contains(r#"rel="prev""#));
        // A range with nothing in it, and ranges that make no sense.
        let year = vn_today().format("%Y").to_string();
        let (status, empty) = page(&format!("/mot-cua/so-theo-doi?tu={year}-01-01&den={year}-01-01")).await;
        assert_eq!(status, 200);
        assert!(!empty.contains("logbook-table") || vn_today().format("%m-%d").to_string() == "01-01");
        for bad in [format!("tu={year}-05-01&den={year}-04-01"), format!("tu=2000-01-01&den={year}-01-01"), "tu=hôm-qua".to_owned()] {
            let (status, html) = page(&format!("/mot-cua/so-theo-doi?{bad}")).await;
            assert_eq!(status, 422, "{bad}");
            assert!(html.contains("Khoảng ngày") || html.contains("Ngày không hợp lệ"), "{bad}: {html}");
        }
        w.app.stop().await;
    }
}
