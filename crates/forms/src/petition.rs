//! The petition forms as sheets: notices and decisions on complaints and denunciations, the
//! forwarding slip, and the citizen-reception receipt and log. They share the one-stop forms'
//! layout (see `sheet.rs`) and add what an administrative document under Decree 30/2020 has and a
//! counter slip does not: the "Số: 12/TB-UBND" symbol, the legal bases, and "Nơi nhận".
//!
//! A denouncer reaches these functions only as a [`Recipient`], whose protected variant holds no
//! identity at all; nothing here looks a name up elsewhere, so a copy built from a protected
//! recipient cannot reveal one.

use crate::model::{
    AcceptanceKind, AcceptanceNotice, DecisionKind, ExtensionDecision, Form, ForwardingSlip,
    NonAcceptanceNotice, Paper, PetitionDecision, PetitionHeader, PetitionMatter, ReceptionLog,
    ReceptionReceipt, Recipient, Signer,
};
use crate::sets::FormEntry;
use crate::sheet::{
    BLANK, Block, MOTTO_COUNTRY, MOTTO_SLOGAN, QrCaption, Run, SIGN_HINT, Sheet, Signature, bold,
    date_line, field, form_label, head, italic, long_time, or_blank, para, plain, short_date,
    signature, tracking_caption,
};

const SEAL_HINT: &str = "(Ký, ghi rõ họ tên và đóng dấu)";

/// The twelve columns of Mẫu 03/TCD (legal.md §5), shared by the printed book and the exports.
pub(crate) const RECEPTION_LOG_COLUMNS: [&str; 12] = [
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "Số CCCD/Hộ chiếu hoặc giấy tờ tùy thân khác",
    "Tóm tắt nội dung",
    "Phân loại (KN, TC, KN-PA)",
    "Số công dân có đơn cùng nội dung",
    "Cơ quan đã giải quyết hết thẩm quyền",
    "Thuộc thẩm quyền",
    "Hướng dẫn (đến đâu, số văn bản)",
    "Chuyển đơn (đến đâu, số văn bản)",
    "Theo dõi kết quả",
];

/// "Số: 12/TB-UBND": the running number, then the document type from the form set, then the
/// issuer's symbol, leaving out whichever part is missing.
fn number_line(header: &PetitionHeader, entry: &FormEntry) -> String {
    let number = if header.number.trim().is_empty() {
        BLANK
    } else {
        header.number.trim()
    };
    let symbol: Vec<&str> = [entry.number_suffix.trim(), header.agency_symbol.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if symbol.is_empty() {
        format!("Số: {number}")
    } else {
        format!("Số: {number}/{}", symbol.join("-"))
    }
}

struct Doc<'a> {
    header: &'a PetitionHeader,
    entry: &'a FormEntry,
    paper: Paper,
    tracking_url: Option<&'a str>,
}

impl Doc<'_> {
    fn sheet(
        &self,
        blocks: Vec<Block>,
        signatures: Vec<Signature>,
        copies_to: &[Recipient],
    ) -> Sheet {
        let h = self.header;
        let subtitles = if h.case_code.trim().is_empty() {
            vec![]
        } else {
            vec![format!("Mã hồ sơ: {}", h.case_code)]
        };
        Sheet {
            paper: self.paper,
            landscape: false,
            parent_agency: h.parent_agency_name.to_uppercase(),
            agency: h.agency_name.to_uppercase(),
            number_line: number_line(h, self.entry),
            motto_country: MOTTO_COUNTRY,
            motto_slogan: MOTTO_SLOGAN,
            date_line: date_line(&h.place, h.issued_at.date_naive()),
            form_label: form_label(self.entry),
            title: self.entry.title.to_uppercase(),
            subtitles,
            blocks,
            signatures,
            recipients: copies(copies_to),
            qr: tracking_caption(self.tracking_url),
        }
    }

    fn agency(&self) -> &str {
        self.header.agency_name.as_str()
    }
}

/// The "Nơi nhận" list; every document also stays in the body's own file, so that line is
/// always printed.
fn copies(copies_to: &[Recipient]) -> Vec<String> {
    if copies_to.is_empty() {
        return vec![];
    }
    let mut lines: Vec<String> = copies_to
        .iter()
        .map(|r| format!("- {};", or_blank(&r.display_name())))
        .collect();
    lines.push("- Lưu: VT, hồ sơ.".to_string());
    lines
}

fn signer_block(signer: &Signer) -> Vec<Signature> {
    vec![signature(&signer.title, SEAL_HINT, &signer.name)]
}

fn bases(lines: &[String]) -> Vec<Block> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| para(vec![italic(l.clone())]))
        .collect()
}

/// "Kính gửi" with the address, which a protected denouncer does not have.
fn addressed_to(recipient: &Recipient) -> Vec<Block> {
    let mut blocks = vec![field("Kính gửi", &recipient.display_name())];
    if !recipient.address().trim().is_empty() {
        blocks.push(field("Địa chỉ", recipient.address()));
    }
    blocks
}

/// The petitioner in running text: the name and, when it may be printed, the address.
fn who(recipient: &Recipient) -> Vec<Run> {
    let mut runs = vec![bold(or_blank(&recipient.display_name()))];
    if !recipient.address().trim().is_empty() {
        runs.push(plain(format!(", địa chỉ: {}", recipient.address())));
    }
    runs
}

fn decides() -> Block {
    para(vec![bold("QUYẾT ĐỊNH:")])
}

fn article(n: usize, runs: Vec<Run>) -> Block {
    let mut all = vec![bold(format!("Điều {n}. "))];
    all.extend(runs);
    para(all)
}

pub(crate) fn build(
    form: &Form,
    entry: &FormEntry,
    paper: Paper,
    tracking_url: Option<&str>,
) -> Sheet {
    let doc = |header| Doc {
        header,
        entry,
        paper,
        tracking_url,
    };
    match form {
        Form::Acceptance(f) => acceptance(f, doc(&f.header)),
        Form::NonAcceptance(f) => non_acceptance(f, doc(&f.header)),
        Form::Forwarding(f) => forwarding(f, doc(&f.header)),
        Form::Extension(f) => extension(f, doc(&f.header)),
        Form::Decision(f) => decision(f, doc(&f.header)),
        Form::ReceptionReceipt(f) => reception_receipt(f, doc(&f.header)),
        Form::ReceptionLog(f) => reception_log(f, entry, paper, tracking_url),
        _ => unreachable!("sheet::build sends only petition forms here"),
    }
}

fn acceptance(f: &AcceptanceNotice, doc: Doc<'_>) -> Sheet {
    let mut blocks = Vec::new();
    if let (Some(to), false) = (&f.addressee, f.kind == AcceptanceKind::DenunciationDecision) {
        blocks.extend(addressed_to(to));
    }
    blocks.extend(bases(&f.legal_basis));
    let received = short_date(f.received_on);
    let accepted = short_date(f.accepted_on);
    match f.kind {
        AcceptanceKind::Complaint(round) => {
            let mut intro = vec![plain(format!(
                "Ngày {received}, {} nhận được đơn khiếu nại {} của ",
                doc.agency(),
                round.label()
            ))];
            intro.extend(who(&f.petitioner));
            intro.push(plain("."));
            blocks.push(para(intro));
            blocks.push(field("Người bị khiếu nại", &f.respondent));
            blocks.push(field("Nội dung khiếu nại", &f.content));
            blocks.push(para(vec![plain(format!(
                "Sau khi xem xét nội dung đơn khiếu nại, xét thấy khiếu nại đủ điều kiện thụ lý và \
                 thuộc thẩm quyền giải quyết, {} thông báo đã thụ lý giải quyết khiếu nại {} kể từ \
                 ngày {accepted}.",
                doc.agency(),
                round.label()
            ))]));
            blocks.push(field("Thời hạn giải quyết", &f.time_limit_text));
        }
        AcceptanceKind::DenunciationDecision => {
            let mut considering = vec![plain(format!("Xét đơn tố cáo ngày {received} của "))];
            considering.extend(who(&f.petitioner));
            considering.push(plain(";"));
            blocks.push(para(considering));
            blocks.push(decides());
            let mut first = vec![plain("Thụ lý tố cáo của ")];
            first.push(bold(or_blank(&f.petitioner.display_name())));
            first.push(plain(" đối với "));
            first.push(bold(or_blank(&f.respondent)));
            first.push(plain(". Nội dung thụ lý: "));
            first.push(bold(or_blank(&f.content)));
            blocks.push(article(1, first));
            blocks.push(article(
                2,
                vec![
                    plain("Thời hạn giải quyết tố cáo: "),
                    bold(or_blank(&f.time_limit_text)),
                ],
            ));
            blocks.push(article(
                3,
                vec![plain(
                    "Quyết định này có hiệu lực kể từ ngày ký. Các cơ quan, tổ chức, cá nhân có \
                     liên quan chịu trách nhiệm thi hành Quyết định này.",
                )],
            ));
        }
        AcceptanceKind::DenunciationToDenouncer | AcceptanceKind::DenunciationToDenounced => {
            let mut intro = vec![plain(format!(
                "Ngày {received}, {} nhận được đơn tố cáo của ",
                doc.agency()
            ))];
            // Only the name: a protected denouncer has no address, and a named one's address is
            // already on the Kính gửi line of their own copy.
            intro.push(bold(or_blank(&f.petitioner.display_name())));
            intro.push(plain(" đối với "));
            intro.push(bold(or_blank(&f.respondent)));
            intro.push(plain("."));
            blocks.push(para(intro));
            blocks.push(para(vec![plain(format!(
                "Ngày {accepted}, {} đã ra quyết định thụ lý tố cáo.",
                doc.agency()
            ))]));
            blocks.push(field("Nội dung thụ lý", &f.content));
            blocks.push(field("Thời hạn giải quyết", &f.time_limit_text));
            let rights = if f.kind == AcceptanceKind::DenunciationToDenouncer {
                "Thông báo để người tố cáo được biết và thực hiện quyền, nghĩa vụ của người tố cáo \
                 theo quy định của pháp luật."
            } else {
                "Thông báo để người bị tố cáo được biết và thực hiện quyền, nghĩa vụ của người bị \
                 tố cáo theo quy định của pháp luật."
            };
            blocks.push(para(vec![plain(rights)]));
        }
    }
    doc.sheet(blocks, signer_block(&f.signer), &f.copies_to)
}

fn matter_label(matter: PetitionMatter) -> String {
    match matter {
        PetitionMatter::Complaint(round) => format!("khiếu nại {}", round.label()),
        PetitionMatter::Denunciation => "tố cáo".to_string(),
    }
}

fn non_acceptance(f: &NonAcceptanceNotice, doc: Doc<'_>) -> Sheet {
    let mut blocks = addressed_to(&f.addressee);
    blocks.extend(bases(&f.legal_basis));
    let matter = matter_label(f.matter);
    let mut intro = vec![plain(format!(
        "Ngày {}, {} nhận được đơn {matter} của ",
        short_date(f.received_on),
        doc.agency()
    ))];
    intro.push(bold(or_blank(&f.addressee.display_name())));
    intro.push(plain("."));
    blocks.push(para(intro));
    blocks.push(field("Nội dung đơn", &f.content));
    let verb = match f.matter {
        PetitionMatter::Complaint(_) => "không thụ lý giải quyết khiếu nại",
        PetitionMatter::Denunciation => "không thụ lý tố cáo",
    };
    blocks.push(para(vec![plain(format!(
        "Sau khi xem xét nội dung đơn, {} thông báo {verb} với lý do sau:",
        doc.agency()
    ))]));
    blocks.push(para(vec![bold(f.reason.clone())]));
    blocks.push(para(vec![plain("Xin thông báo để Ông/Bà được biết.")]));
    doc.sheet(blocks, signer_block(&f.signer), &f.copies_to)
}

fn forwarding(f: &ForwardingSlip, doc: Doc<'_>) -> Sheet {
    let mut blocks = vec![field("Kính gửi", &f.to_agency)];
    let mut intro = vec![plain(format!(
        "Ngày {}, {} nhận được đơn {} của ",
        short_date(f.received_on),
        doc.agency(),
        f.class.label()
    ))];
    intro.extend(who(&f.petitioner));
    intro.push(plain("."));
    blocks.push(para(intro));
    blocks.push(field("Nội dung đơn", &f.content));
    blocks.push(para(vec![
        plain(format!(
            "Căn cứ quy định của pháp luật, {} chuyển đơn đến ",
            doc.agency()
        )),
        bold(or_blank(&f.to_agency)),
        plain(" để xem xét, giải quyết theo thẩm quyền."),
    ]));
    if !f.reason.trim().is_empty() {
        blocks.push(field("Lý do", &f.reason));
    }
    if !f.enclosures.trim().is_empty() {
        blocks.push(field("Kèm theo", &f.enclosures));
    }
    blocks.push(para(vec![italic(
        "Đề nghị cơ quan nhận đơn thông báo kết quả xử lý cho cơ quan chuyển đơn và người gửi đơn \
         theo quy định.",
    )]));
    doc.sheet(blocks, signer_block(&f.signer), &f.copies_to)
}

fn extension(f: &ExtensionDecision, doc: Doc<'_>) -> Sheet {
    let mut blocks = bases(&f.legal_basis);
    blocks.push(para(vec![
        italic("Căn cứ "),
        italic(or_blank(&f.acceptance_ref)),
        italic(format!(
            " về việc thụ lý tố cáo ngày {};",
            short_date(f.accepted_on)
        )),
    ]));
    blocks.push(para(vec![italic(
        "Xét tính chất phức tạp của vụ việc tố cáo,",
    )]));
    blocks.push(decides());
    blocks.push(article(
        1,
        vec![
            plain(format!(
                "Gia hạn giải quyết tố cáo {} đối với tố cáo của ",
                f.round.label()
            )),
            bold(or_blank(&f.petitioner.display_name())),
            plain(" đối với "),
            bold(or_blank(&f.respondent)),
            plain("."),
        ],
    ));
    blocks.push(para(vec![
        plain("Thời gian gia hạn: "),
        bold(format!("{:02} ngày", f.days)),
        plain("."),
    ]));
    blocks.push(field("Lý do gia hạn", &f.reason));
    blocks.push(article(
        2,
        vec![plain(
            "Quyết định này có hiệu lực kể từ ngày ký. Người tố cáo, người bị tố cáo và các cơ \
             quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
        )],
    ));
    doc.sheet(blocks, signer_block(&f.signer), &f.copies_to)
}

fn decision(f: &PetitionDecision, doc: Doc<'_>) -> Sheet {
    let (matter, petitioner, respondent) = match f.kind {
        DecisionKind::ComplaintFirst | DecisionKind::ComplaintSecond => {
            ("khiếu nại", "Người khiếu nại", "Người bị khiếu nại")
        }
        DecisionKind::DenunciationConclusion => ("tố cáo", "Người tố cáo", "Người bị tố cáo"),
    };
    let mut blocks = bases(&f.legal_basis);
    if !f.acceptance_ref.trim().is_empty() {
        blocks.push(para(vec![italic(format!("Xét {};", f.acceptance_ref))]));
    }
    blocks.push(para(vec![bold(format!("I. Nội dung {matter}"))]));
    blocks.push(field(petitioner, &f.petitioner.display_name()));
    if !f.petitioner.address().trim().is_empty() {
        blocks.push(field("Địa chỉ", f.petitioner.address()));
    }
    blocks.push(field(respondent, &f.respondent));
    blocks.push(para(vec![plain(f.summary.clone())]));
    blocks.push(para(vec![bold("II. Kết quả xác minh")]));
    blocks.push(para(vec![plain(f.verification.clone())]));
    blocks.push(para(vec![bold("III. Kết luận")]));
    blocks.push(para(vec![plain(f.conclusion.clone())]));
    let articles = f.articles.iter().filter(|a| !a.trim().is_empty());
    if f.kind == DecisionKind::DenunciationConclusion {
        blocks.push(para(vec![bold("IV. Biện pháp xử lý, kiến nghị")]));
        for (i, text) in articles.enumerate() {
            blocks.push(para(vec![plain(format!("{}. {text}", i + 1))]));
        }
    } else {
        blocks.push(decides());
        for (i, text) in articles.enumerate() {
            blocks.push(article(i + 1, vec![plain(text.clone())]));
        }
    }
    doc.sheet(blocks, signer_block(&f.signer), &f.copies_to)
}

fn reception_receipt(f: &ReceptionReceipt, doc: Doc<'_>) -> Sheet {
    let mut blocks = vec![para(vec![
        plain(format!("Vào hồi {}, tại ", long_time(&f.received_at))),
        bold(doc.agency().to_string()),
        plain(", người tiếp công dân đã nhận của:"),
    ])];
    blocks.push(field("Ông/Bà", &f.citizen.name));
    blocks.push(field("Số CCCD/Hộ chiếu", &f.citizen.id_number));
    blocks.push(field("Địa chỉ", &f.citizen.address));
    blocks.push(field("Nội dung", &f.content));
    blocks.push(para(vec![plain("Các thông tin, tài liệu sau:")]));
    blocks.push(Block::Table {
        widths: vec![0.6, 5.0, 2.0, 1.2],
        centered: vec![true, false, true, true],
        header: vec![vec![
            head("STT"),
            head("Tên thông tin, tài liệu"),
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
    blocks.push(para(vec![italic(
        "Giấy biên nhận được lập thành 02 bản, người cung cấp thông tin, tài liệu giữ 01 bản, cơ \
         quan tiếp nhận giữ 01 bản.",
    )]));
    doc.sheet(
        blocks,
        vec![
            signature(
                "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU",
                SIGN_HINT,
                &f.citizen.name,
            ),
            signature("NGƯỜI NHẬN", SIGN_HINT, &f.receiver_name),
        ],
        &[],
    )
}

pub(crate) fn reception_log_cells(log: &ReceptionLog) -> Vec<Vec<String>> {
    log.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let who = match (r.citizen.name.trim(), r.citizen.address.trim()) {
                (name, "") => name.to_string(),
                ("", address) => address.to_string(),
                (name, address) => format!("{name}; {address}"),
            };
            vec![
                (u64::from(log.first_number) + i as u64).to_string(),
                short_date(r.received_on),
                who,
                r.citizen.id_number.clone(),
                r.summary.clone(),
                r.class.code().to_string(),
                r.same_content_count.to_string(),
                r.exhausted_agency.clone(),
                if r.within_competence { "x" } else { "" }.to_string(),
                r.guidance.clone(),
                r.forwarded.clone(),
                r.result.clone(),
            ]
        })
        .collect()
}

fn reception_log(
    f: &ReceptionLog,
    entry: &FormEntry,
    paper: Paper,
    tracking_url: Option<&str>,
) -> Sheet {
    let table = Block::Table {
        widths: vec![0.5, 0.9, 2.2, 1.2, 3.0, 0.8, 0.9, 1.5, 0.8, 1.5, 1.5, 1.5],
        centered: vec![
            true, true, false, false, false, true, true, false, true, false, false, false,
        ],
        header: vec![RECEPTION_LOG_COLUMNS.iter().map(|c| head(c)).collect()],
        rows: reception_log_cells(f),
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
            caption: "Quét mã để tra cứu".to_string(),
            url: u.to_string(),
        }),
    }
}
