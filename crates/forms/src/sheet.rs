//! The printed page, independent of output format. Every form is first turned into a [`Sheet`]
//! (header, title, paragraphs, tables, signatures, QR); the HTML and PDF back ends only lay a sheet
//! out. The wording of each form therefore lives in one place, and the two outputs cannot drift.
//!
//! Dates and times are formatted here, in Rust, so both outputs print exactly the same strings.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use serde::Serialize;

use crate::model::{
    Apology, ApplicantBlock, ControlSheet, Form, FormHeader, Logbook, Paper, Receipt, Refusal,
    SupplementRequest,
};
use crate::sets::FormEntry;

pub(crate) const MOTTO_COUNTRY: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub(crate) const MOTTO_SLOGAN: &str = "Độc lập - Tự do - Hạnh phúc";

/// Placeholder printed where a value is missing, so the officer can fill it in by hand.
pub(crate) const BLANK: &str = "…………";

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Sheet {
    pub paper: Paper,
    pub landscape: bool,
    pub parent_agency: String,
    pub agency: String,
    pub number_line: String,
    pub motto_country: &'static str,
    pub motto_slogan: &'static str,
    pub date_line: String,
    pub form_label: String,
    pub title: String,
    pub subtitles: Vec<String>,
    pub blocks: Vec<Block>,
    pub signatures: Vec<Signature>,
    /// "Nơi nhận", printed left of the signature as Decree 30/2020 lays out a document; empty on
    /// the one-stop slips, which have none.
    pub recipients: Vec<String>,
    pub qr: Option<QrCaption>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Block {
    Para {
        runs: Vec<Run>,
    },
    Table {
        /// Relative column widths.
        widths: Vec<f32>,
        /// Columns whose body cells are centred (numbers, dates).
        centered: Vec<bool>,
        header: Vec<Vec<HeadCell>>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HeadCell {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Signature {
    pub title: String,
    pub hint: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct QrCaption {
    pub caption: String,
    pub url: String,
}

pub(crate) fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: false,
        italic: false,
    }
}

pub(crate) fn bold(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: true,
        italic: false,
    }
}

pub(crate) fn italic(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: false,
        italic: true,
    }
}

pub(crate) fn para(runs: Vec<Run>) -> Block {
    Block::Para { runs }
}

/// "Label: value" with the value in bold, the usual way the forms set filled-in data apart.
pub(crate) fn field(label: &str, value: &str) -> Block {
    para(vec![plain(format!("{label}: ")), bold(or_blank(value))])
}

pub(crate) fn head(text: &str) -> HeadCell {
    HeadCell {
        text: text.to_string(),
        colspan: 1,
        rowspan: 1,
    }
}

pub(crate) fn head_span(text: &str, colspan: u32, rowspan: u32) -> HeadCell {
    HeadCell {
        text: text.to_string(),
        colspan,
        rowspan,
    }
}

pub(crate) fn or_blank(value: &str) -> String {
    if value.trim().is_empty() {
        BLANK.to_string()
    } else {
        value.to_string()
    }
}

/// Decree 30/2020 writes a day below 10 and the months January and February with a leading zero
/// ("ngày 05 tháng 02"), other months without ("tháng 3").
pub(crate) fn date_line(place: &str, date: NaiveDate) -> String {
    let month = if date.month() <= 2 {
        format!("{:02}", date.month())
    } else {
        date.month().to_string()
    };
    format!(
        "{}, ngày {:02} tháng {} năm {}",
        or_blank(place),
        date.day(),
        month,
        date.year()
    )
}

/// "14 giờ 30 phút, ngày 05/3/2026" as the receipt words times.
pub(crate) fn long_time(at: &DateTime<FixedOffset>) -> String {
    format!(
        "{} giờ {:02} phút, ngày {}",
        at.hour(),
        at.minute(),
        short_date(at.date_naive())
    )
}

/// "14:30 05/03/2026" for table cells, where space is short.
pub(crate) fn short_time(at: &DateTime<FixedOffset>) -> String {
    format!("{} {}", at.format("%H:%M"), short_date(at.date_naive()))
}

pub(crate) fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "Mẫu số 05", or nothing when the number is not known: a blank is better than a guessed
/// number on an official document (see `data/forms/petition-forms.toml`).
pub(crate) fn form_label(entry: &FormEntry) -> String {
    if entry.number.trim().is_empty() {
        String::new()
    } else {
        format!("Mẫu số {}", entry.number)
    }
}

pub(crate) fn number_line(number: &str, entry: &FormEntry) -> String {
    let number = if number.trim().is_empty() {
        BLANK
    } else {
        number
    };
    if entry.number_suffix.is_empty() {
        format!("Số: {number}")
    } else {
        format!("Số: {number}/{}", entry.number_suffix)
    }
}

fn applicant_fields(intro: &str, applicant: &ApplicantBlock) -> Vec<Block> {
    vec![
        field(intro, &applicant.name),
        field("Địa chỉ", &applicant.address),
        para(vec![
            plain("Số điện thoại: "),
            bold(or_blank(&applicant.phone)),
            plain("     Email: "),
            bold(or_blank(&applicant.email)),
        ]),
    ]
}

pub(crate) fn tracking_caption(url: Option<&str>) -> Option<QrCaption> {
    url.filter(|u| !u.is_empty()).map(|u| QrCaption {
        caption: "Quét mã để tra cứu tình trạng hồ sơ".to_string(),
        url: u.to_string(),
    })
}

struct Frame<'a> {
    header: &'a FormHeader,
    entry: &'a FormEntry,
    paper: Paper,
    tracking_url: Option<&'a str>,
}

impl Frame<'_> {
    fn sheet(&self, blocks: Vec<Block>, signatures: Vec<Signature>) -> Sheet {
        let h = self.header;
        let subtitles = vec![format!("Mã hồ sơ: {}", or_blank(&h.dossier_code))];
        Sheet {
            paper: self.paper,
            landscape: false,
            parent_agency: h.parent_agency_name.to_uppercase(),
            agency: h.agency_name.to_uppercase(),
            number_line: number_line(&h.receipt_number, self.entry),
            motto_country: MOTTO_COUNTRY,
            motto_slogan: MOTTO_SLOGAN,
            date_line: date_line(&h.place, h.issued_at.date_naive()),
            form_label: form_label(self.entry),
            title: self.entry.title.to_uppercase(),
            subtitles,
            blocks,
            signatures,
            recipients: vec![],
            qr: tracking_caption(self.tracking_url),
        }
    }
}

pub(crate) fn signature(title: &str, hint: &str, name: &str) -> Signature {
    Signature {
        title: title.to_string(),
        hint: hint.to_string(),
        name: name.to_string(),
    }
}

pub(crate) const SIGN_HINT: &str = "(Ký và ghi rõ họ tên)";

pub(crate) fn build(
    form: &Form,
    entry: &FormEntry,
    paper: Paper,
    tracking_url: Option<&str>,
) -> Sheet {
    match form {
        Form::Receipt(f) => receipt(f, frame(&f.header, entry, paper, tracking_url)),
        Form::Supplement(f) => supplement(f, frame(&f.header, entry, paper, tracking_url)),
        Form::Refusal(f) => refusal(f, frame(&f.header, entry, paper, tracking_url)),
        Form::Apology(f) => apology(f, frame(&f.header, entry, paper, tracking_url)),
        Form::ControlSheet(f) => control_sheet(f, frame(&f.header, entry, paper, tracking_url)),
        Form::Logbook(f) => logbook(f, entry, paper, tracking_url),
        Form::Acceptance(_)
        | Form::NonAcceptance(_)
        | Form::Forwarding(_)
        | Form::Extension(_)
        | Form::Decision(_)
        | Form::ReceptionReceipt(_)
        | Form::ReceptionLog(_) => crate::petition::build(form, entry, paper, tracking_url),
    }
}

fn frame<'a>(
    header: &'a FormHeader,
    entry: &'a FormEntry,
    paper: Paper,
    tracking_url: Option<&'a str>,
) -> Frame<'a> {
    Frame {
        header,
        entry,
        paper,
        tracking_url,
    }
}

fn receipt(f: &Receipt, frame: Frame<'_>) -> Sheet {
    let mut blocks = vec![para(vec![
        bold(f.header.agency_name.clone()),
        plain(" tiếp nhận hồ sơ của:"),
    ])];
    blocks.extend(applicant_fields("Ông/Bà", &f.applicant));
    blocks.push(field("Nội dung yêu cầu giải quyết", &f.procedure_name));
    blocks.push(para(vec![plain("1. Thành phần hồ sơ nộp gồm:")]));
    blocks.push(Block::Table {
        widths: vec![0.6, 5.0, 2.0, 1.2],
        centered: vec![true, false, true, true],
        header: vec![vec![
            head("STT"),
            head("Tên loại giấy tờ"),
            head("Hình thức (bản chính, bản sao)"),
            head("Số lượng"),
        ]],
        rows: f
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    (i + 1).to_string(),
                    d.name.clone(),
                    d.copy_kind.label().to_string(),
                    d.count.to_string(),
                ]
            })
            .collect(),
    });
    blocks.push(para(vec![
        plain("2. Số lượng hồ sơ: "),
        bold(format!("{:02}", f.sets)),
        plain(" (bộ)"),
    ]));
    blocks.push(field(
        "3. Thời gian giải quyết hồ sơ theo quy định là",
        &f.legal_time_text,
    ));
    blocks.push(field("4. Thời gian nhận hồ sơ", &long_time(&f.received_at)));
    blocks.push(field(
        "5. Thời gian trả kết quả giải quyết hồ sơ",
        &long_time(&f.due_at),
    ));
    blocks.push(field("6. Đăng ký nhận kết quả tại", &f.return_place));
    let fee = if f.fee_text.trim().is_empty() {
        "Không"
    } else {
        &f.fee_text
    };
    blocks.push(field("7. Phí, lệ phí", fee));
    blocks.push(para(vec![
        plain("Vào Sổ theo dõi hồ sơ, Quyển số: "),
        bold(or_blank(&f.logbook_book)),
        plain(", Số thứ tự: "),
        bold(or_blank(&f.logbook_number)),
    ]));
    frame.sheet(
        blocks,
        vec![
            signature("NGƯỜI NỘP HỒ SƠ", SIGN_HINT, &f.applicant.name),
            signature("NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN_HINT, &f.receiver_name),
        ],
    )
}

fn supplement(f: &SupplementRequest, frame: Frame<'_>) -> Sheet {
    let mut blocks = applicant_fields("Kính gửi", &f.applicant);
    blocks.push(para(vec![
        plain(format!(
            "Ngày {}, {} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ",
            short_date(f.received_at.date_naive()),
            f.header.agency_name
        )),
        bold(or_blank(&f.procedure_name)),
        plain("."),
    ]));
    blocks.push(para(vec![plain(
        "Sau khi xem xét, hồ sơ cần được bổ sung, hoàn thiện các nội dung sau:",
    )]));
    blocks.push(Block::Table {
        widths: vec![0.6, 4.0, 4.0],
        centered: vec![true, false, false],
        header: vec![vec![
            head("STT"),
            head("Nội dung yêu cầu bổ sung, hoàn thiện"),
            head("Lý do"),
        ]],
        rows: f
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| vec![(i + 1).to_string(), item.name.clone(), item.reason.clone()])
            .collect(),
    });
    blocks.push(para(vec![italic(
        "Các nội dung trên được yêu cầu một lần, đầy đủ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ \
         theo đúng các nội dung nêu trên.",
    )]));
    if !f.contact_text.trim().is_empty() {
        blocks.push(para(vec![
            plain("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ "),
            bold(f.contact_text.clone()),
            plain(" để được hướng dẫn."),
        ]));
    }
    frame.sheet(
        blocks,
        vec![signature("NGƯỜI HƯỚNG DẪN", SIGN_HINT, &f.officer_name)],
    )
}

fn refusal(f: &Refusal, frame: Frame<'_>) -> Sheet {
    let mut blocks = applicant_fields("Kính gửi", &f.applicant);
    blocks.push(para(vec![
        plain(format!(
            "{} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính: ",
            f.header.agency_name
        )),
        bold(or_blank(&f.procedure_name)),
        plain("."),
    ]));
    blocks.push(para(vec![plain(
        "Sau khi xem xét, căn cứ quy định hiện hành, cơ quan từ chối tiếp nhận giải quyết hồ sơ \
         này với lý do sau:",
    )]));
    blocks.push(para(vec![bold(or_blank(&f.reason))]));
    blocks.push(para(vec![plain(
        "Xin thông báo để Ông/Bà được biết và thực hiện.",
    )]));
    frame.sheet(
        blocks,
        vec![signature(
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            SIGN_HINT,
            &f.officer_name,
        )],
    )
}

fn apology(f: &Apology, frame: Frame<'_>) -> Sheet {
    let mut blocks = applicant_fields("Kính gửi", &f.applicant);
    blocks.push(para(vec![
        plain(format!(
            "Ngày {}, {} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ",
            short_date(f.received_at.date_naive()),
            f.header.agency_name
        )),
        bold(or_blank(&f.procedure_name)),
        plain("."),
    ]));
    blocks.push(field(
        "Thời gian hẹn trả kết quả giải quyết hồ sơ",
        &long_time(&f.original_due_at),
    ));
    blocks.push(para(vec![
        plain("Tuy nhiên đến nay, hồ sơ chưa giải quyết xong. Lý do: "),
        bold(or_blank(&f.delay_reason)),
    ]));
    blocks.push(para(vec![plain(
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi xin lỗi Ông/Bà và hẹn lại thời gian \
         trả kết quả:",
    )]));
    blocks.push(field(
        "Thời gian hẹn trả kết quả mới",
        &long_time(&f.new_due_at),
    ));
    blocks.push(para(vec![plain(
        "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.",
    )]));
    frame.sheet(
        blocks,
        vec![signature(
            &f.signer_title,
            "(Ký, ghi rõ họ tên và đóng dấu)",
            &f.signer_name,
        )],
    )
}

fn control_sheet(f: &ControlSheet, frame: Frame<'_>) -> Sheet {
    let mut blocks = applicant_fields("Người nộp hồ sơ", &f.applicant);
    blocks.push(field("Tên thủ tục hành chính", &f.procedure_name));
    blocks.push(field("Thời gian nhận hồ sơ", &long_time(&f.received_at)));
    blocks.push(field("Thời gian trả kết quả", &long_time(&f.due_at)));
    blocks.push(field(
        "Cơ quan (bộ phận) giải quyết hồ sơ",
        &f.handling_agencies,
    ));
    blocks.push(Block::Table {
        widths: vec![3.2, 1.8, 1.8, 1.8, 1.6, 1.4],
        centered: vec![false, true, false, false, true, false],
        header: vec![
            vec![
                head_span("Tên cơ quan", 1, 2),
                head_span("Thời gian giao, nhận hồ sơ", 3, 1),
                head_span(
                    "Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn)",
                    1,
                    2,
                ),
                head_span("Ghi chú", 1, 2),
            ],
            vec![
                head("Giờ, phút, ngày"),
                head("Người giao"),
                head("Người nhận"),
            ],
        ],
        rows: f
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    format!("{}. {}", i + 1, r.agency),
                    short_time(&r.handed_over_at),
                    r.giver.clone(),
                    r.receiver.clone(),
                    r.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
                    r.note.clone(),
                ]
            })
            .collect(),
    });
    frame.sheet(blocks, vec![])
}

/// The logbook's columns, shared by the printed table and the CSV/XLSX exports so a column
/// cannot appear in one and not the other.
pub(crate) const LOGBOOK_COLUMNS: [&str; 13] = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
];

pub(crate) fn logbook_cells(book: &Logbook) -> Vec<Vec<String>> {
    let opt = |t: &Option<DateTime<FixedOffset>>| t.as_ref().map(short_time).unwrap_or_default();
    book.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let contact = match (r.applicant_address.is_empty(), r.applicant_phone.is_empty()) {
                (false, false) => format!("{}; {}", r.applicant_address, r.applicant_phone),
                (false, true) => r.applicant_address.clone(),
                (true, _) => r.applicant_phone.clone(),
            };
            vec![
                (u64::from(book.first_number) + i as u64).to_string(),
                r.dossier_code.clone(),
                r.procedure_name.clone(),
                r.sets.to_string(),
                r.applicant_name.clone(),
                contact,
                r.lead_agency.clone(),
                short_time(&r.received_at),
                short_time(&r.due_at),
                opt(&r.transferred_at),
                opt(&r.result_at),
                opt(&r.returned_at),
                r.note.clone(),
            ]
        })
        .collect()
}

fn logbook(f: &Logbook, entry: &FormEntry, paper: Paper, tracking_url: Option<&str>) -> Sheet {
    let [
        stt,
        code,
        name,
        sets,
        who,
        contact,
        lead,
        d1,
        d2,
        d3,
        d4,
        d5,
        note,
    ] = LOGBOOK_COLUMNS;
    // The printed book keeps a column for the citizen's signature on return; the exports do
    // not, because a spreadsheet cannot be signed.
    let mut rows = logbook_cells(f);
    for row in &mut rows {
        row.insert(12, String::new());
    }
    let table = Block::Table {
        widths: vec![
            // Mã hồ sơ cannot wrap (no break before digits), so its column gets the room.
            0.5, 2.7, 2.0, 0.7, 1.4, 1.6, 1.4, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 1.0,
        ],
        centered: vec![
            true, false, false, true, false, false, false, true, true, true, true, true, false,
            false,
        ],
        header: vec![
            vec![
                head_span(stt, 1, 2),
                head_span(code, 1, 2),
                head_span(name, 1, 2),
                head_span(sets, 1, 2),
                head_span(who, 1, 2),
                head_span(contact, 1, 2),
                head_span(lead, 1, 2),
                head_span("Thời gian (giờ, phút, ngày, tháng, năm)", 5, 1),
                head_span("Ký nhận", 1, 2),
                head_span(note, 1, 2),
            ],
            vec![head(d1), head(d2), head(d3), head(d4), head(d5)],
        ],
        rows,
    };
    Sheet {
        paper,
        landscape: true,
        parent_agency: f.parent_agency_name.to_uppercase(),
        agency: f.agency_name.to_uppercase(),
        number_line: String::new(),
        motto_country: MOTTO_COUNTRY,
        motto_slogan: MOTTO_SLOGAN,
        date_line: date_line(&f.place, f.printed_at.date_naive()),
        form_label: form_label(entry),
        title: entry.title.to_uppercase(),
        subtitles: vec![
            format!("Quyển số: {}", or_blank(&f.book)),
            format!(
                "Từ ngày {} đến ngày {}",
                short_date(f.from),
                short_date(f.to)
            ),
        ],
        blocks: vec![table],
        signatures: vec![],
        recipients: vec![],
        qr: tracking_url.filter(|u| !u.is_empty()).map(|u| QrCaption {
            caption: "Quét mã để tra cứu hồ sơ".to_string(),
            url: u.to_string(),
        }),
    }
}
