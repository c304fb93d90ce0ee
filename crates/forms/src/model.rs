//! The data printed on each form: plain values the caller fills in from wherever it keeps
//! dossiers. Nothing here knows about the domain model or the database, so the forms can be
//! printed from the server, the CLI or a test without either.
//!
//! Texts are printed as given (escaped, never interpreted). Times carry their UTC offset because a
//! receipt must show the wall-clock time the citizen saw at the counter, not the server's zone.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::error::FormError;

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
    /// Thông báo về việc thụ lý giải quyết khiếu nại.
    ComplaintAcceptance,
    /// Thông báo về việc không thụ lý giải quyết khiếu nại.
    ComplaintNonAcceptance,
    /// Quyết định giải quyết khiếu nại lần đầu.
    ComplaintDecisionFirst,
    /// Quyết định giải quyết khiếu nại lần hai.
    ComplaintDecisionSecond,
    /// Quyết định thụ lý tố cáo.
    DenunciationAcceptance,
    /// Thông báo việc thụ lý tố cáo, to the denouncer.
    DenunciationNoticeDenouncer,
    /// Thông báo việc thụ lý tố cáo, to the person denounced.
    DenunciationNoticeDenounced,
    /// Thông báo về việc không thụ lý tố cáo.
    DenunciationNonAcceptance,
    /// Quyết định gia hạn giải quyết tố cáo.
    DenunciationExtension,
    /// Kết luận nội dung tố cáo.
    DenunciationConclusion,
    /// Phiếu chuyển đơn.
    ForwardingSlip,
    /// Giấy biên nhận thông tin, tài liệu (tiếp công dân).
    ReceptionReceipt,
    /// Sổ tiếp công dân.
    ReceptionLog,
}

impl FormKind {
    /// The forms of the one-stop circulars: every one-stop form set lists all of them.
    pub const ONE_STOP: [FormKind; 6] = [
        FormKind::Receipt,
        FormKind::Supplement,
        FormKind::Refusal,
        FormKind::Apology,
        FormKind::ControlSheet,
        FormKind::Logbook,
    ];

    /// The forms of citizen reception, petition handling, complaints and denunciations. They come
    /// from several instruments with their own dates, so their sets are partial (see
    /// [`crate::FormSets::petition_from_toml`]).
    pub const PETITION: [FormKind; 13] = [
        FormKind::ComplaintAcceptance,
        FormKind::ComplaintNonAcceptance,
        FormKind::ComplaintDecisionFirst,
        FormKind::ComplaintDecisionSecond,
        FormKind::DenunciationAcceptance,
        FormKind::DenunciationNoticeDenouncer,
        FormKind::DenunciationNoticeDenounced,
        FormKind::DenunciationNonAcceptance,
        FormKind::DenunciationExtension,
        FormKind::DenunciationConclusion,
        FormKind::ForwardingSlip,
        FormKind::ReceptionReceipt,
        FormKind::ReceptionLog,
    ];

    /// The key used in the form-set files.
    pub fn key(self) -> &'static str {
        match self {
            FormKind::Receipt => "receipt",
            FormKind::Supplement => "supplement",
            FormKind::Refusal => "refusal",
            FormKind::Apology => "apology",
            FormKind::ControlSheet => "control_sheet",
            FormKind::Logbook => "logbook",
            FormKind::ComplaintAcceptance => "complaint_acceptance",
            FormKind::ComplaintNonAcceptance => "complaint_non_acceptance",
            FormKind::ComplaintDecisionFirst => "complaint_decision_first",
            FormKind::ComplaintDecisionSecond => "complaint_decision_second",
            FormKind::DenunciationAcceptance => "denunciation_acceptance",
            FormKind::DenunciationNoticeDenouncer => "denunciation_notice_denouncer",
            FormKind::DenunciationNoticeDenounced => "denunciation_notice_denounced",
            FormKind::DenunciationNonAcceptance => "denunciation_non_acceptance",
            FormKind::DenunciationExtension => "denunciation_extension",
            FormKind::DenunciationConclusion => "denunciation_conclusion",
            FormKind::ForwardingSlip => "forwarding_slip",
            FormKind::ReceptionReceipt => "reception_receipt",
            FormKind::ReceptionLog => "reception_log",
        }
    }

    /// Whether the kind belongs to the petition catalogue rather than the one-stop sets.
    pub fn is_petition(self) -> bool {
        Self::PETITION.contains(&self)
    }

    /// The paper the circular prescribes: A5 for the slips handed to citizens, A4 for the
    /// control sheet and the logbook, whose tables do not fit on A5 (legal.md 1.3). Notices and
    /// decisions on petitions are ordinary administrative documents, A4 under Decree 30/2020.
    pub fn default_paper(self) -> Paper {
        match self {
            FormKind::Receipt | FormKind::Supplement | FormKind::Refusal | FormKind::Apology => {
                Paper::A5
            }
            _ => Paper::A4,
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

/// The top of a notice or decision on a petition: the issuing body, the Decree 30/2020 number
/// and symbol ("Số: 12/TB-UBND"), place and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PetitionHeader {
    /// The issuing body, e.g. "Ủy ban nhân dân xã Ea Tu".
    pub agency_name: String,
    /// The body it belongs to; empty when there is none to print.
    pub parent_agency_name: String,
    /// The issuer's part of the symbol, after the document type taken from the form set: "UBND"
    /// prints "Số: 12/TB-UBND". Empty prints the document type alone.
    pub agency_symbol: String,
    /// The running number; empty prints dots for a handwritten one.
    pub number: String,
    pub place: String,
    /// The case's code in the petition register, printed under the title; empty prints none.
    pub case_code: String,
    /// When the document is issued; its date also picks the form in force.
    pub issued_at: DateTime<FixedOffset>,
}

/// Who signs a notice or decision for the body: the office in capitals as it should print
/// ("CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH") and the name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub title: String,
    pub name: String,
}

/// A person a petition form names: the addressee, the petitioner, or a copy's recipient.
///
/// The law forbids revealing anything that identifies a denouncer (Luật Tố cáo Đ8 k3, Đ47, Đ56).
/// Whoever builds a copy for the person denounced, or for verifiers, passes the denouncer as
/// [`Recipient::Protected`]: the form then has no field in which the identity could leak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Recipient {
    Named {
        /// "Ông Nguyễn Văn A", "Công ty TNHH B", "Thanh tra tỉnh Đắk Lắk".
        name: String,
        /// Empty leaves the address out.
        address: String,
    },
    /// A denouncer whose identity is kept secret, known on the form only by the case pseudonym.
    Protected {
        /// The case's pseudonym for the denouncer, e.g. "TC-2026-017-A".
        pseudonym: String,
    },
}

/// What a protected denouncer is called on every form.
pub const PROTECTED_LABEL: &str = "Người tố cáo (đã được giữ bí mật)";

impl Recipient {
    pub fn named(name: impl Into<String>, address: impl Into<String>) -> Self {
        Recipient::Named {
            name: name.into(),
            address: address.into(),
        }
    }

    pub fn protected(pseudonym: impl Into<String>) -> Self {
        Recipient::Protected {
            pseudonym: pseudonym.into(),
        }
    }

    /// The text printed for this person: the name, or the protected label and pseudonym.
    pub fn display_name(&self) -> String {
        match self {
            Recipient::Named { name, .. } => name.clone(),
            Recipient::Protected { pseudonym } if pseudonym.trim().is_empty() => {
                PROTECTED_LABEL.to_string()
            }
            Recipient::Protected { pseudonym } => format!("{PROTECTED_LABEL} – {pseudonym}"),
        }
    }

    /// The address, never printed for a protected denouncer.
    pub fn address(&self) -> &str {
        match self {
            Recipient::Named { address, .. } => address,
            Recipient::Protected { .. } => "",
        }
    }

    pub fn is_protected(&self) -> bool {
        matches!(self, Recipient::Protected { .. })
    }
}

/// Lần đầu or lần hai: a second complaint goes to the next level up and has longer time limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintRound {
    First,
    Second,
}

impl ComplaintRound {
    pub fn label(self) -> &'static str {
        match self {
            ComplaintRound::First => "lần đầu",
            ComplaintRound::Second => "lần hai",
        }
    }
}

/// Which acceptance document: the complaint notice, or for a denunciation the decision itself
/// and the two notices of it (NĐ 31/2019 Đ9: Mẫu 05 to the denouncer, Mẫu 06 to the denounced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceptanceKind {
    Complaint(ComplaintRound),
    DenunciationDecision,
    DenunciationToDenouncer,
    /// The notice to the person denounced. It must not identify the denouncer, so rendering it
    /// with a [`Recipient::Named`] petitioner is refused.
    DenunciationToDenounced,
}

/// Thông báo thụ lý giải quyết khiếu nại, Quyết định thụ lý tố cáo and the notices of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptanceNotice {
    pub header: PetitionHeader,
    pub kind: AcceptanceKind,
    /// Kính gửi; None on the decision, which is addressed to no one in particular.
    pub addressee: Option<Recipient>,
    /// Người khiếu nại / người tố cáo.
    pub petitioner: Recipient,
    /// Người bị khiếu nại (the decision or act complained of) / người bị tố cáo.
    pub respondent: String,
    /// The day the petition was received.
    pub received_on: NaiveDate,
    /// Ngày thụ lý: the notices follow the decision by up to 05 working days (NĐ 31/2019 Đ9),
    /// so the notice's own date is not the acceptance date.
    pub accepted_on: NaiveDate,
    /// Nội dung thụ lý.
    pub content: String,
    /// Căn cứ, one line each ("Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;").
    pub legal_basis: Vec<String>,
    /// Thời hạn giải quyết, as it should read ("30 ngày kể từ ngày thụ lý").
    pub time_limit_text: String,
    /// Nơi nhận. A copy for the person denounced names the denouncer only as Protected.
    pub copies_to: Vec<Recipient>,
    pub signer: Signer,
}

/// Complaint or denunciation, for the forms that serve both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionMatter {
    Complaint(ComplaintRound),
    Denunciation,
}

/// Thông báo về việc không thụ lý giải quyết khiếu nại / không thụ lý tố cáo. The law requires
/// the reason (Luật Khiếu nại Đ27, Luật Tố cáo Đ29), so an empty one is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonAcceptanceNotice {
    pub header: PetitionHeader,
    pub matter: PetitionMatter,
    pub addressee: Recipient,
    pub received_on: NaiveDate,
    /// Tóm tắt nội dung đơn.
    pub content: String,
    /// Lý do không thụ lý, with its legal ground ("Đơn không có chữ ký … (khoản 5 Điều 11 Luật
    /// Khiếu nại)").
    pub reason: String,
    pub legal_basis: Vec<String>,
    pub copies_to: Vec<Recipient>,
    pub signer: Signer,
}

/// What a forwarded petition is, as printed on the slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionClass {
    /// Khiếu nại (KN).
    Complaint,
    /// Tố cáo (TC).
    Denunciation,
    /// Kiến nghị, phản ánh (KN-PA).
    Recommendation,
    Other(String),
}

impl PetitionClass {
    /// The word used in running text.
    pub fn label(&self) -> &str {
        match self {
            PetitionClass::Complaint => "khiếu nại",
            PetitionClass::Denunciation => "tố cáo",
            PetitionClass::Recommendation => "kiến nghị, phản ánh",
            PetitionClass::Other(text) => text,
        }
    }

    /// The abbreviation of the reception log's "Phân loại" column.
    pub fn code(&self) -> &str {
        match self {
            PetitionClass::Complaint => "KN",
            PetitionClass::Denunciation => "TC",
            PetitionClass::Recommendation => "KN-PA",
            PetitionClass::Other(text) => text,
        }
    }
}

/// Phiếu chuyển đơn (TT 05/2021/TT-TTCP Mẫu 03): sends a petition outside the body's competence
/// to the competent one, once per petition with the same content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForwardingSlip {
    pub header: PetitionHeader,
    /// Kính gửi: the competent agency.
    pub to_agency: String,
    /// Who sent the petition. A denouncer may be passed Protected: the competent body then
    /// learns the identity from the petition itself, through the secrecy regime, not the slip.
    pub petitioner: Recipient,
    pub received_on: NaiveDate,
    pub class: PetitionClass,
    /// Tóm tắt nội dung đơn.
    pub content: String,
    /// Why the receiving agency is competent ("thuộc thẩm quyền giải quyết của … theo …").
    pub reason: String,
    /// "Kèm theo": the petition and its attachments, as they should read.
    pub enclosures: String,
    pub copies_to: Vec<Recipient>,
    pub signer: Signer,
}

/// The first or second extension: a complex denunciation may be extended once, an especially
/// complex one twice (Luật Tố cáo Đ30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionRound {
    First,
    Second,
}

impl ExtensionRound {
    pub fn label(self) -> &'static str {
        match self {
            ExtensionRound::First => "lần thứ nhất",
            ExtensionRound::Second => "lần thứ hai",
        }
    }
}

/// The longest one extension may be (Luật Tố cáo Đ30 k1).
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// Quyết định gia hạn giải quyết tố cáo (NĐ 31/2019 Mẫu 01). Sent to the denouncer, the person
/// denounced and others concerned, so the denouncer is usually passed Protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionDecision {
    pub header: PetitionHeader,
    pub petitioner: Recipient,
    pub respondent: String,
    /// The acceptance decision being extended ("Quyết định số 12/QĐ-UBND ngày 02/7/2026").
    pub acceptance_ref: String,
    pub accepted_on: NaiveDate,
    pub round: ExtensionRound,
    /// 1 to [`MAX_EXTENSION_DAYS`].
    pub days: u32,
    pub reason: String,
    pub legal_basis: Vec<String>,
    pub copies_to: Vec<Recipient>,
    pub signer: Signer,
}

/// Which decision on the merits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    ComplaintFirst,
    ComplaintSecond,
    DenunciationConclusion,
}

/// Quyết định giải quyết khiếu nại lần đầu / lần hai, or Kết luận nội dung tố cáo. A decision
/// without its reasoning or operative part is void, so empty sections are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PetitionDecision {
    pub header: PetitionHeader,
    pub kind: DecisionKind,
    pub petitioner: Recipient,
    pub respondent: String,
    /// The acceptance ("Thông báo thụ lý số 15/TB-UBND ngày 03/7/2026"), printed in the preamble.
    pub acceptance_ref: String,
    pub legal_basis: Vec<String>,
    /// Tóm tắt nội dung khiếu nại / tố cáo.
    pub summary: String,
    /// Kết quả xác minh.
    pub verification: String,
    /// Kết luận.
    pub conclusion: String,
    /// The operative part: "Điều 1", "Điều 2"… of a decision, the measures of a conclusion.
    /// Numbered when printed; each entry is the text after the number.
    pub articles: Vec<String>,
    pub copies_to: Vec<Recipient>,
    pub signer: Signer,
}

/// The citizen on the reception receipt and in the reception log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Citizen {
    pub name: String,
    pub address: String,
    /// Số CCCD, hộ chiếu or other identity paper (NĐ 154/2026 Đ12).
    pub id_number: String,
}

/// Giấy biên nhận thông tin, tài liệu (NĐ 154/2026 Mẫu 02/TCD): what a citizen handed over at a
/// reception session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionReceipt {
    pub header: PetitionHeader,
    pub citizen: Citizen,
    pub received_at: DateTime<FixedOffset>,
    /// The matter the papers relate to.
    pub content: String,
    pub documents: Vec<DocumentLine>,
    /// The officer who received them.
    pub receiver_name: String,
}

/// One reception in the Sổ tiếp công dân, in the order of the columns of Mẫu 03/TCD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionLogRow {
    pub received_on: NaiveDate,
    pub citizen: Citizen,
    /// Tóm tắt nội dung.
    pub summary: String,
    pub class: PetitionClass,
    /// Số công dân có đơn cùng nội dung: a group counts once in the log, with its size here.
    pub same_content_count: u32,
    /// Cơ quan đã giải quyết hết thẩm quyền; empty when none has.
    pub exhausted_agency: String,
    /// Thuộc thẩm quyền: printed "x".
    pub within_competence: bool,
    /// Hướng dẫn: to whom, and the document number.
    pub guidance: String,
    /// Chuyển đơn: to whom, and the document number.
    pub forwarded: String,
    /// Theo dõi kết quả giải quyết.
    pub result: String,
}

/// Sổ tiếp công dân (NĐ 154/2026 Mẫu 03/TCD), for one book or period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionLog {
    pub agency_name: String,
    pub parent_agency_name: String,
    pub place: String,
    pub book: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// When the extract is printed; its date picks the form in force.
    pub printed_at: DateTime<FixedOffset>,
    pub first_number: u32,
    pub rows: Vec<ReceptionLogRow>,
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
    Acceptance(AcceptanceNotice),
    NonAcceptance(NonAcceptanceNotice),
    Forwarding(ForwardingSlip),
    Extension(ExtensionDecision),
    Decision(PetitionDecision),
    ReceptionReceipt(ReceptionReceipt),
    ReceptionLog(ReceptionLog),
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
            Form::Acceptance(f) => match f.kind {
                AcceptanceKind::Complaint(_) => FormKind::ComplaintAcceptance,
                AcceptanceKind::DenunciationDecision => FormKind::DenunciationAcceptance,
                AcceptanceKind::DenunciationToDenouncer => FormKind::DenunciationNoticeDenouncer,
                AcceptanceKind::DenunciationToDenounced => FormKind::DenunciationNoticeDenounced,
            },
            Form::NonAcceptance(f) => match f.matter {
                PetitionMatter::Complaint(_) => FormKind::ComplaintNonAcceptance,
                PetitionMatter::Denunciation => FormKind::DenunciationNonAcceptance,
            },
            Form::Forwarding(_) => FormKind::ForwardingSlip,
            Form::Extension(_) => FormKind::DenunciationExtension,
            Form::Decision(f) => match f.kind {
                DecisionKind::ComplaintFirst => FormKind::ComplaintDecisionFirst,
                DecisionKind::ComplaintSecond => FormKind::ComplaintDecisionSecond,
                DecisionKind::DenunciationConclusion => FormKind::DenunciationConclusion,
            },
            Form::ReceptionReceipt(_) => FormKind::ReceptionReceipt,
            Form::ReceptionLog(_) => FormKind::ReceptionLog,
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
            Form::Acceptance(f) => f.header.issued_at.date_naive(),
            Form::NonAcceptance(f) => f.header.issued_at.date_naive(),
            Form::Forwarding(f) => f.header.issued_at.date_naive(),
            Form::Extension(f) => f.header.issued_at.date_naive(),
            Form::Decision(f) => f.header.issued_at.date_naive(),
            Form::ReceptionReceipt(f) => f.header.issued_at.date_naive(),
            Form::ReceptionLog(f) => f.printed_at.date_naive(),
        }
    }

    /// Refuses what no officer could sign: a notice to the person denounced that names the
    /// denouncer, a refusal or decision without its reasons, an extension of zero days. Blank
    /// numbers, names and dates are not errors: they print as dots to be filled in by hand.
    pub fn validate(&self) -> Result<(), FormError> {
        let invalid = |msg: &str| Err(FormError::InvalidInput(msg.to_string()));
        let blank = |s: &str| s.trim().is_empty();
        match self {
            Form::Acceptance(f) => {
                if f.kind == AcceptanceKind::DenunciationToDenounced && !f.petitioner.is_protected()
                {
                    return invalid(
                        "thông báo gửi người bị tố cáo không được ghi danh tính người tố cáo;                          hãy truyền người tố cáo dưới dạng bí danh (Recipient::Protected)",
                    );
                }
                if f.kind != AcceptanceKind::DenunciationDecision && f.addressee.is_none() {
                    return invalid("thông báo thụ lý phải có người nhận (Kính gửi)");
                }
                if blank(&f.content) {
                    return invalid("nội dung thụ lý không được để trống");
                }
            }
            Form::NonAcceptance(f) if blank(&f.reason) => {
                return invalid("thông báo không thụ lý phải nêu rõ lý do");
            }
            Form::Forwarding(f) if blank(&f.content) => {
                return invalid("phiếu chuyển đơn phải tóm tắt nội dung đơn");
            }
            Form::Extension(f) => {
                if f.days == 0 {
                    return invalid("số ngày gia hạn phải lớn hơn 0");
                }
                if f.days > MAX_EXTENSION_DAYS {
                    return invalid(
                        "mỗi lần gia hạn giải quyết tố cáo không quá 30 ngày (Điều 30 Luật Tố cáo)",
                    );
                }
                if blank(&f.reason) {
                    return invalid("quyết định gia hạn phải nêu rõ lý do gia hạn");
                }
            }
            Form::Decision(f) => {
                if blank(&f.summary) {
                    return invalid("quyết định, kết luận phải tóm tắt nội dung khiếu nại, tố cáo");
                }
                if blank(&f.verification) {
                    return invalid("quyết định, kết luận phải nêu kết quả xác minh");
                }
                if blank(&f.conclusion) {
                    return invalid("quyết định, kết luận phải có phần kết luận");
                }
                if f.articles.iter().all(|a| blank(a)) {
                    return invalid(
                        "quyết định phải có ít nhất một điều; kết luận phải có ít nhất một biện pháp xử lý, kiến nghị",
                    );
                }
            }
            Form::ReceptionReceipt(f) if f.documents.is_empty() => {
                return invalid("giấy biên nhận phải liệt kê ít nhất một thông tin, tài liệu");
            }
            _ => {}
        }
        Ok(())
    }
}
