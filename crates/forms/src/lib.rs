//! The official one-stop forms (TT 01/2018/TT-VPCP Điều 9, renumbered by TT 03/2025/TT-VPCP):
//! receipt and appointment, supplement request, refusal, apology, control sheet and logbook.
//!
//! Each form is plain data ([`Form`]) rendered by a [`FormRenderer`] as a standalone printable
//! HTML page or as a PDF, both with a QR code pointing to the public tracking page. The logbook
//! is also exported as CSV and XLSX ([`logbook_csv`], [`logbook_xlsx`]).
//!
//! The crate knows nothing of the domain model or the store: callers copy the values to print
//! into the input structs, so the forms can be produced (and tested) without a database.
//!
//! The petition forms (acceptance and non-acceptance notices, forwarding slip, extension, decision
//! or conclusion, reception receipt and reception log, [`Form::Acceptance`] to
//! [`Form::ReceptionLog`]) go through the same renderer; the reception log is also exported
//! ([`reception_log_csv`], [`reception_log_xlsx`]). A form for the person denounced names the
//! denouncer only by pseudonym ([`Recipient::Protected`]).
//!
//! Which "Mẫu số" and title a form carries depends on the circular in force on the form's date;
//! that mapping is data ([`FormSets`], `data/forms/form-sets.toml` and
//! `data/forms/petition-forms.toml`).

pub mod error;
pub mod export;
mod html;
pub mod model;
mod pdf;
mod petition;
pub mod report;
pub mod sets;
mod sheet;

use chrono::NaiveDate;
use qrcode::QrCode;
use qrcode::render::svg;

pub use error::FormError;
pub use export::{
    LOGBOOK_SHEET, RECEPTION_LOG_SHEET, logbook_csv, logbook_xlsx, reception_log_csv,
    reception_log_xlsx, table_csv, table_xlsx,
};
pub use model::{
    AcceptanceKind, AcceptanceNotice, Apology, ApplicantBlock, Citizen, ComplaintRound,
    ControlSheet, CopyKind, DecisionKind, DocumentLine, ExtensionDecision, ExtensionRound, Form,
    FormHeader, FormKind, ForwardingSlip, HandOverRow, Logbook, LogbookRow, MAX_EXTENSION_DAYS,
    NonAcceptanceNotice, PROTECTED_LABEL, Paper, PetitionClass, PetitionDecision, PetitionHeader,
    PetitionMatter, Receipt, ReceptionLog, ReceptionLogRow, ReceptionReceipt, Recipient, Refusal,
    Signer, StepOutcome, SupplementItem, SupplementRequest,
};
pub use sets::{Confidence, FormEntry, FormSet, FormSets};

/// The column titles of the logbook, in order, as printed and exported.
pub const LOGBOOK_COLUMNS: [&str; 13] = sheet::LOGBOOK_COLUMNS;

/// The twelve columns of the Sổ tiếp công dân (Mẫu 03/TCD), in order, as printed and exported.
pub const RECEPTION_LOG_COLUMNS: [&str; 12] = petition::RECEPTION_LOG_COLUMNS;

/// Which form set decides the printed number and title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FormSetChoice {
    /// The set in force on the form's own date (the issue date; for the logbooks, the print date).
    #[default]
    OnFormDate,
    /// The set in force on another day, e.g. to reprint an old receipt as it was first issued.
    OnDate(NaiveDate),
    /// A set by its id in the form-set file, whatever the date. For a petition form, the id of
    /// a set in the petition file, which must list that form.
    Id(String),
}

/// How to print one form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// None takes the circular's size: A5 for forms 01–04, A4 for the control sheet and logbook.
    pub paper: Option<Paper>,
    /// The public tracking page for this dossier, encoded in the QR code and printed under it.
    /// None (or empty) prints no QR code, e.g. on a logbook extract with no single dossier.
    pub tracking_url: Option<String>,
    pub form_set: FormSetChoice,
}

impl RenderOptions {
    pub fn tracking(url: impl Into<String>) -> Self {
        Self {
            tracking_url: Some(url.into()),
            ..Self::default()
        }
    }
}

/// Renders forms. Build it once and keep it: loading the fonts and the typesetting library takes
/// a while, after which each PDF takes a few tens of milliseconds. It holds no per-form state and
/// can be shared between threads.
#[derive(Debug)]
pub struct FormRenderer {
    engine: pdf::Engine,
    sets: FormSets,
    petition_sets: FormSets,
}

impl FormRenderer {
    /// A renderer with the given one-stop form sets (see [`FormSets::shipped`] and
    /// [`FormSets::from_file`]) and the shipped petition forms.
    pub fn new(sets: FormSets) -> Self {
        Self {
            engine: pdf::Engine::new(),
            sets,
            petition_sets: FormSets::shipped_petition(),
        }
    }

    /// Replaces the petition forms (see [`FormSets::petition_from_file`]).
    pub fn with_petition_sets(mut self, sets: FormSets) -> Self {
        self.petition_sets = sets;
        self
    }

    pub fn petition_form_sets(&self) -> &FormSets {
        &self.petition_sets
    }

    /// A renderer with the form sets that ship with the program.
    pub fn shipped() -> Self {
        Self::new(FormSets::shipped())
    }

    pub fn form_sets(&self) -> &FormSets {
        &self.sets
    }

    /// The set whose number and title this form will carry under these options.
    pub fn form_set_for(
        &self,
        form: &Form,
        options: &RenderOptions,
    ) -> Result<&FormSet, FormError> {
        let kind = form.kind();
        let sets = if kind.is_petition() {
            &self.petition_sets
        } else {
            &self.sets
        };
        match &options.form_set {
            FormSetChoice::OnFormDate => sets.set_for(kind, form.date()),
            FormSetChoice::OnDate(date) => sets.set_for(kind, *date),
            FormSetChoice::Id(id) => sets.by_id(id),
        }
    }

    fn sheet(&self, form: &Form, options: &RenderOptions) -> Result<sheet::Sheet, FormError> {
        form.validate()?;
        let kind = form.kind();
        let set = self.form_set_for(form, options)?;
        let entry = set.get(kind).ok_or_else(|| FormError::FormNotInSet {
            set: set.id.clone(),
            form: kind.key(),
        })?;
        let paper = options.paper.unwrap_or(kind.default_paper());
        let url = options.tracking_url.as_deref().filter(|u| !u.is_empty());
        Ok(sheet::build(form, entry, paper, url))
    }

    /// A standalone HTML page (inline CSS, `@page` size, inline SVG QR code), every value escaped.
    pub fn render_html(&self, form: &Form, options: &RenderOptions) -> Result<String, FormError> {
        let sheet = self.sheet(form, options)?;
        let qr = sheet.qr.as_ref().map(|q| qr_svg(&q.url)).transpose()?;
        Ok(html::render(&sheet, qr.as_deref()))
    }

    /// A PDF/A-2b file with the fonts embedded.
    pub fn render_pdf(&self, form: &Form, options: &RenderOptions) -> Result<Vec<u8>, FormError> {
        let document = self.layout(form, options)?;
        self.engine.pdf(&document, form.date())
    }

    /// The text of each laid-out page, in reading order as typeset: what the PDF shows, without
    /// having to parse the PDF back (used by the tests, and handy for accessibility checks).
    pub fn page_texts(
        &self,
        form: &Form,
        options: &RenderOptions,
    ) -> Result<Vec<String>, FormError> {
        let document = self.layout(form, options)?;
        Ok(document
            .pages()
            .iter()
            .map(|page| {
                let mut text = String::new();
                collect_text(&page.frame, &mut text);
                text
            })
            .collect())
    }

    /// Page sizes in millimetres (width, height), one per page.
    pub fn page_sizes_mm(
        &self,
        form: &Form,
        options: &RenderOptions,
    ) -> Result<Vec<(f64, f64)>, FormError> {
        let document = self.layout(form, options)?;
        Ok(document
            .pages()
            .iter()
            .map(|p| (p.frame.width().to_mm(), p.frame.height().to_mm()))
            .collect())
    }

    fn layout(
        &self,
        form: &Form,
        options: &RenderOptions,
    ) -> Result<typst_layout::PagedDocument, FormError> {
        let sheet = self.sheet(form, options)?;
        let qr = sheet.qr.as_ref().map(|q| qr_svg(&q.url)).transpose()?;
        let json = serde_json::to_vec(&sheet).map_err(|e| FormError::Pdf(e.to_string()))?;
        self.engine.layout(json, qr, form.date())
    }

    /// The embedded fonts, for checks on their coverage.
    pub fn fonts(&self) -> &[typst::text::Font] {
        self.engine.fonts()
    }
}

pub(crate) fn collect_text(frame: &typst::layout::Frame, out: &mut String) {
    use typst::layout::FrameItem;
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// The QR code for a tracking address as an SVG document (without the XML declaration, so it can
/// be inlined in HTML as well as read by typst). Medium error correction survives a smudged
/// receipt yet keeps the code small enough for A5.
pub fn qr_svg(url: &str) -> Result<String, FormError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| FormError::QrTooLong)?;
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build();
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}
