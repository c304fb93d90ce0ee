//! Typst as a library: a minimal [`World`] that serves one fixed template, the sheet as JSON and
//! the QR code as SVG, all from memory. Nothing is read from disk or the network, so a PDF can be
//! produced on an offline counter PC and the output depends only on the input.

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::FormError;

const TEMPLATE: &str = include_str!("sheet.typ");

/// Liberation Serif: metric-compatible with Times New Roman, which Decree 30/2020 prescribes for
/// administrative documents but which may not be redistributed. See `fonts/README.md`.
pub(crate) const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
];

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("fixed virtual paths are valid"),
    )
    .intern()
}

/// What stays the same between renders: the standard library, the fonts and the parsed template.
pub(crate) struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    sheet_id: FileId,
    qr_id: FileId,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("fonts", &self.fonts.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub(crate) fn new() -> Self {
        Self::with_template(TEMPLATE)
    }

    /// An engine laying out `template` (which reads `/sheet.json`) instead of the forms' sheet.
    pub(crate) fn with_template(template: &str) -> Self {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            template: Source::new(file_id("/main.typ"), template.to_string()),
            sheet_id: file_id("/sheet.json"),
            qr_id: file_id("/qr.svg"),
        }
    }

    pub(crate) fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// Lays the sheet out. `date` is the form's date, used as the document date in the PDF
    /// metadata, which PDF/A requires.
    pub(crate) fn layout(
        &self,
        sheet_json: Vec<u8>,
        qr_svg: Option<String>,
        date: NaiveDate,
    ) -> Result<PagedDocument, FormError> {
        let world = SheetWorld {
            engine: self,
            sheet: Bytes::new(sheet_json),
            qr: qr_svg.map(Bytes::from_string),
            date,
        };
        let result = typst::compile::<PagedDocument>(&world).output;
        // Typst memoises layout in a process-wide cache; dropping entries not used in the last
        // few renders keeps a long-running server's memory flat while still reusing the template.
        typst::comemo::evict(10);
        result.map_err(|errors| FormError::Pdf(describe(&errors)))
    }

    pub(crate) fn pdf(
        &self,
        document: &PagedDocument,
        date: NaiveDate,
    ) -> Result<Vec<u8>, FormError> {
        let standards = PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| FormError::Pdf(e.message().to_string()))?;
        let timestamp = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
            .map(Timestamp::new_utc);
        let options = PdfOptions {
            ident: Smart::Auto,
            creator: Smart::Custom(Some("motcua".to_string())),
            timestamp,
            standards,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|errors| FormError::Pdf(describe(&errors)))
    }
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

struct SheetWorld<'a> {
    engine: &'a Engine,
    sheet: Bytes,
    qr: Option<Bytes>,
    date: NaiveDate,
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.template.id() {
            Ok(self.engine.template.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.sheet_id {
            Ok(self.sheet.clone())
        } else if id == self.engine.qr_id {
            self.qr.clone().ok_or_else(|| not_found(id))
        } else if id == self.engine.template.id() {
            Ok(Bytes::from_string(self.engine.template.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The form's own date, not the machine clock: re-rendering an old form gives the same PDF.
        Datetime::from_ymd(
            self.date.year(),
            self.date.month() as u8,
            self.date.day() as u8,
        )
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_with_slash().into())
}
