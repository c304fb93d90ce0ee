//! A report of figures as a PDF: a title, a few lines saying what it covers, then tables. Used
//! for the leaders' dashboard (issue 26) and its monthly summary. Laid out by typst from
//! `report.typ`; every string arrives through JSON and is printed as typed, never as markup.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::FormError;
use crate::pdf::Engine;

const TEMPLATE: &str = include_str!("report.typ");

/// One table: a heading, a header row, rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportTable {
    pub heading: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub title: String,
    /// Lines under the title: the unit, the period, when it was made.
    pub lines: Vec<String>,
    pub tables: Vec<ReportTable>,
    pub footer: String,
}

/// Renders reports. Keep one: loading the fonts takes a while.
#[derive(Debug)]
pub struct ReportRenderer {
    engine: Engine,
}

impl Default for ReportRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl ReportRenderer {
    #[must_use]
    pub fn new() -> Self {
        Self {
            engine: Engine::with_template(TEMPLATE),
        }
    }

    /// A PDF/A-2b file dated `date`.
    pub fn pdf(&self, report: &Report, date: NaiveDate) -> Result<Vec<u8>, FormError> {
        let json = serde_json::to_vec(report).map_err(|e| FormError::Pdf(e.to_string()))?;
        let document = self.engine.layout(json, None, date)?;
        self.engine.pdf(&document, date)
    }

    /// The text of each page, as typeset (for tests).
    pub fn page_texts(&self, report: &Report, date: NaiveDate) -> Result<Vec<String>, FormError> {
        let json = serde_json::to_vec(report).map_err(|e| FormError::Pdf(e.to_string()))?;
        let document = self.engine.layout(json, None, date)?;
        Ok(document
            .pages()
            .iter()
            .map(|page| {
                let mut text = String::new();
                crate::collect_text(&page.frame, &mut text);
                text
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_prints_its_tables_and_markup_as_typed() {
        let r = Report {
            title: "Báo cáo tình hình giải quyết hồ sơ".into(),
            lines: vec!["Phường Bạc Liêu · 11/2026".into()],
            tables: vec![ReportTable {
                heading: "Theo thủ tục".into(),
                header: vec!["Thủ tục".into(), "Tiếp nhận".into()],
                rows: vec![vec!["#set page(width: 1cm) *đậm* $x$".into(), "42".into()]],
            }],
            footer: "motcua".into(),
        };
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let renderer = ReportRenderer::new();
        let text = renderer.page_texts(&r, date).unwrap().join(" ");
        assert!(text.contains("Báo cáo"), "{text}");
        assert!(text.contains("#set page(width: 1cm)"), "{text}");
        assert!(text.contains("42"));
        let pdf = renderer.pdf(&r, date).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
