//! Printing in Chromium: the HTML forms keep their layout under the content security policy
//! (their one style element allowed by its hash), on screen and printed to PDF.

use fantoccini::Client;
use fantoccini::wd::PrintConfiguration;

use crate::browser::{Browser, sign_in};
use crate::dossier_fixtures::*;
use crate::helpers::*;
use motcua_test_support::backend_test;

/// The PDF's text as laid out on the page (`pdftotext -layout`: .ci/run installs
/// poppler-utils): words side by side on the page share a line.
fn laid_out_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("motcua-print-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The form's heading block is laid out by its style (two columns side by side), which the
/// policy would have blocked before; and printed, the issuing body and the national motto
/// share the first line, as on the official form.
async fn assert_laid_out(c: &Client, what: &str) {
    let display = c
        .execute(
            "return getComputedStyle(document.querySelector('.top')).display;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(display, "flex", "{what}: the form's style applies");
    let pdf = c.print(PrintConfiguration::default()).await.unwrap();
    let text = laid_out_text(&pdf);
    let first = text
        .lines()
        .find(|l| l.contains("CỘNG HÒA"))
        .unwrap_or_else(|| panic!("{what}: no national motto in {text}"));
    // The left column's first line is the body above the issuer (the province).
    assert!(
        first.contains("CÀ MAU"),
        "{what}: the issuing body and the motto side by side, got «{first}»"
    );
}

backend_test! {
    async fn the_receipt_and_the_logbook_print_with_their_layout(backend: Backend) {
        let Some(browser) = Browser::start().await else { return };
        let c = &browser.client;
        let w = World::new(backend).await;
        let d = intake(&w.app, &w.desk, &desk_intake(MARRIAGE)).await;
        sign_in(c, &w.app, "mot.cua").await;
        c.goto(&w.app.url(&format!("/mot-cua/ho-so/{}/bieu-mau/01", d["id"].as_str().unwrap()))).await.unwrap();
        assert_laid_out(c, "form 01").await;
        c.goto(&w.app.url("/mot-cua/so-theo-doi?dinh_dang=html")).await.unwrap();
        assert_laid_out(c, "the logbook").await;
        browser.close().await;
    }
}
