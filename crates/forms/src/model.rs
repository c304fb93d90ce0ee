//! The data printed on each form: plain values the caller fills in from wherever it keeps
//! dossiers. Nothing here knows about the domain model or the database, so the forms can be
//! printed from the server, the CLI or a test without either.
//!
//! Texts are printed as given (escaped, never interpreted). Times carry their UTC offset because a
//! receipt must show the wall-clock time the citizen saw at the counter, not the server's zone.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// Which of the official forms. The number and title printed for each kind come from the form
/// set in force (see [`crate::FormSets`]), because the circulars renumber them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    Apology,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSheet,
    /// Sổ theo dõi hồ sơ.
    Logbook,
}

impl FormKind {
    pub const ALL: [FormKind; 6] = [
        FormKind::Receipt,
        FormKind::Supplement,
        FormKind::Refusal,
        FormKind::Apology,
        FormKind::ControlSheet,
        FormKind::Logbook,
    ];

    /// The key used in the form-set file.
    pub fn key(self) -> &'static str {
        match self {
            FormKind::Receipt => "receipt",
            FormKind::Supplement => "supplement",
            FormKind::Refusal => "refusal",
            FormKind::Apology => "apology",
            FormKind::ControlSheet => "control_sheet",
            FormKind::Logbook => "logbook",
        }
    }

    /// The paper the circular prescribes: A5 for the slips handed to citizens, A4 for the
    /// control sheet and the logbook, whose tables do not fit on A5 (legal.md 1.3).
    pub fn default_paper(self) -> Paper {
        match self {
            FormKind::Receipt | FormKind::Supplement | FormKind::Refusal | FormKind::Apology => {
                Paper::A5
            }
            FormKind::ControlSheet | FormKind::Logbook => Paper::A4,
        }
    }
}

/// Paper size. The logbook is always printed landscape; the other forms portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    A5,
}

/// The top of every form: who issues it, for which dossier, where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormHeader {
    /// The issuing unit, e.g. "Trung tâm Phục vụ hành chính công xã Tân Lập".
    pub agency_name: String,
    /// The body it belongs to, e.g. "UBND tỉnh Đắk Lắk"; empty when there is none to print.
    pub parent_agency_name: String,
    /// Place in the date line ("Tân Lập, ngày 05 tháng 3 năm 2026").
    pub place: String,
    /// Mã hồ sơ (TT 01/2018 Đ19), printed as given.
    pub dossier_code: String,
    /// The running number before "/TNHS" in "Số: …/TNHS"; empty prints dots for a handwritten one.
    pub receipt_number: String,
    /// When the form is issued; its date also picks the form set in force.
    pub issued_at: DateTime<FixedOffset>,
}

/// The person or organisation the form is addressed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplicantBlock {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

/// Whether a submitted paper is an original or a copy: the receipt must say which, because a
/// missing original is a common reason for later supplement requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// Bản chính.
    Original,
    /// Bản sao (chứng thực hoặc kèm bản chính để đối chiếu).
    Copy,
    /// Bản sao có chứng thực.
    CertifiedCopy,
    /// Bản điện tử.
    Electronic,
    /// Any other wording the catalogue uses.
    Other(String),
}

impl CopyKind {
    pub fn label(&self) -> &str {
        match self {
            CopyKind::Original => "Bản chính",
            CopyKind::Copy => "Bản sao",
            CopyKind::CertifiedCopy => "Bản sao có chứng thực",
            CopyKind::Electronic => "Bản điện tử",
            CopyKind::Other(text) => text,
        }
    }
}

/// One paper in the dossier, as listed on the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentLine {
    pub name: String,
    pub copy_kind: CopyKind,
    pub count: u32,
}

/// Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub header: FormHeader,
    pub applicant: ApplicantBlock,
    /// Nội dung yêu cầu giải quyết: the procedure's name.
    pub procedure_name: String,
    pub documents: Vec<DocumentLine>,
    /// Số lượng hồ sơ (bộ).
    pub sets: u32,
    /// Thời gian giải quyết theo quy định, as the catalogue words it ("05 ngày làm việc").
    pub legal_time_text: String,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    /// Đăng ký nhận kết quả tại: the counter, or "qua dịch vụ bưu chính công ích".
    pub return_place: String,
    /// Fees and charges as they should read; empty prints "Không".
    pub fee_text: String,
    /// "Vào Sổ theo dõi hồ sơ, Quyển số …".
    pub logbook_book: String,
    /// "… Số thứ tự …".
    pub logbook_number: String,
    /// The officer who received the dossier (signs as Người tiếp nhận).
    pub receiver_name: String,
}

/// One missing or incorrect item on a supplement request, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupplementItem {
    pub name: String,
    pub reason: String,
}

/// Mẫu 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. The law asks for one request that lists
/// everything (legal.md 1.5), so all items go on one form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupplementRequest {
    pub header: FormHeader,
    pub applicant: ApplicantBlock,
    pub procedure_name: String,
    pub received_at: DateTime<FixedOffset>,
    pub items: Vec<SupplementItem>,
    /// Whom to ask for help ("Bộ phận Một cửa, điện thoại 0262 …"); empty leaves the line out.
    pub contact_text: String,
    /// The officer giving the guidance.
    pub officer_name: String,
}

/// Mẫu 03: phiếu từ chối tiếp nhận giải quyết hồ sơ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub header: FormHeader,
    pub applicant: ApplicantBlock,
    pub procedure_name: String,
    pub reason: String,
    pub officer_name: String,
}

/// Mẫu 04: phiếu xin lỗi và hẹn lại ngày trả kết quả. Signed by the head of the agency that
/// caused the delay, not by the counter officer (NĐ 61/2018 Đ19 k9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Apology {
    pub header: FormHeader,
    pub applicant: ApplicantBlock,
    pub procedure_name: String,
    pub received_at: DateTime<FixedOffset>,
    pub original_due_at: DateTime<FixedOffset>,
    pub delay_reason: String,
    pub new_due_at: DateTime<FixedOffset>,
    /// The signer's office in capitals as it should print, e.g. "CHỦ TỊCH" or "GIÁM ĐỐC".
    pub signer_title: String,
    pub signer_name: String,
}

/// Kết quả of a step on the control sheet, judged against that step's due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// Trước hạn.
    Early,
    /// Đúng hạn.
    OnTime,
    /// Quá hạn.
    Late,
}

impl StepOutcome {
    pub fn label(self) -> &'static str {
        match self {
            StepOutcome::Early => "Trước hạn",
            StepOutcome::OnTime => "Đúng hạn",
            StepOutcome::Late => "Quá hạn",
        }
    }
}

/// One hand-over of the dossier between agencies or officers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandOverRow {
    /// Tên cơ quan / the step, e.g. "Giao: Bộ phận Một cửa — Nhận: Phòng Kinh tế".
    pub agency: String,
    pub handed_over_at: DateTime<FixedOffset>,
    /// Người giao (signs in the printed cell).
    pub giver: String,
    /// Người nhận.
    pub receiver: String,
    /// None while the step is still open.
    pub outcome: Option<StepOutcome>,
    pub note: String,
}

/// Mẫu 05: phiếu kiểm soát quá trình giải quyết hồ sơ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlSheet {
    pub header: FormHeader,
    pub applicant: ApplicantBlock,
    pub procedure_name: String,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    /// Cơ quan (bộ phận) giải quyết hồ sơ.
    pub handling_agencies: String,
    pub rows: Vec<HandOverRow>,
}

/// One dossier in the logbook. Dates not reached yet are None and print blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogbookRow {
    pub dossier_code: String,
    pub procedure_name: String,
    /// Số lượng hồ sơ (bộ).
    pub sets: u32,
    pub applicant_name: String,
    pub applicant_address: String,
    pub applicant_phone: String,
    /// Cơ quan chủ trì giải quyết.
    pub lead_agency: String,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    /// Chuyển hồ sơ đến cơ quan giải quyết.
    pub transferred_at: Option<DateTime<FixedOffset>>,
    /// Nhận kết quả từ cơ quan giải quyết.
    pub result_at: Option<DateTime<FixedOffset>>,
    /// Trả kết quả cho cá nhân, tổ chức.
    pub returned_at: Option<DateTime<FixedOffset>>,
    pub note: String,
}

/// Mẫu 06: sổ theo dõi hồ sơ, for one book (or one period of the electronic logbook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Logbook {
    pub agency_name: String,
    pub parent_agency_name: String,
    pub place: String,
    /// Quyển số; paper logbooks are numbered per year (TT 01/2018 Đ10).
    pub book: String,
    /// The period covered, inclusive; printed under the title.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// When the extract is printed; its date picks the form set.
    pub printed_at: DateTime<FixedOffset>,
    /// The first row's STT; a new book continues the last number of the previous one.
    pub first_number: u32,
    pub rows: Vec<LogbookRow>,
}

/// Any one of the forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Form {
    Receipt(Receipt),
    Supplement(SupplementRequest),
    Refusal(Refusal),
    Apology(Apology),
    ControlSheet(ControlSheet),
    Logbook(Logbook),
}

impl Form {
    pub fn kind(&self) -> FormKind {
        match self {
            Form::Receipt(_) => FormKind::Receipt,
            Form::Supplement(_) => FormKind::Supplement,
            Form::Refusal(_) => FormKind::Refusal,
            Form::Apology(_) => FormKind::Apology,
            Form::ControlSheet(_) => FormKind::ControlSheet,
            Form::Logbook(_) => FormKind::Logbook,
        }
    }

    /// The date that decides which form set applies: the day the form is issued.
    pub fn date(&self) -> NaiveDate {
        match self {
            Form::Receipt(f) => f.header.issued_at.date_naive(),
            Form::Supplement(f) => f.header.issued_at.date_naive(),
            Form::Refusal(f) => f.header.issued_at.date_naive(),
            Form::Apology(f) => f.header.issued_at.date_naive(),
            Form::ControlSheet(f) => f.header.issued_at.date_naive(),
            Form::Logbook(f) => f.printed_at.date_naive(),
        }
    }
}
