//! Catalogue files: import from CSV and XLSX with a per-row error report, export to CSV (with
//! a UTF-8 BOM, so Excel reads Vietnamese) and XLSX. The layout is documented in
//! `docs/CATALOGUE_IMPORT.md`: one row per procedure version, a header row naming the columns.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::message::{MessageArg, Text};
use crate::procedure::{
    CopyKind, Fee, LimitKind, OnlineLevel, ProcedureCode, ProcedureDraft, ProcedureLevel, Quantity,
    RequiredDocument, Service, Step,
};
use crate::role::Role;
use crate::unit::UnitCode;

/// The columns, in the order exports write them. Imports find them by header name.
pub const COLUMNS: [&str; 16] = [
    "code",
    "name",
    "field",
    "level",
    "deciding_agency",
    "limit_kind",
    "legal_limit",
    "committed_limit",
    "fee_text",
    "fee_amount_vnd",
    "documents",
    "steps",
    "effective_from",
    "legal_basis",
    "online_level",
    "paper_result",
];

/// Columns a file may leave out: files written before them still import, with the defaults
/// of [`Service`].
pub const OPTIONAL_COLUMNS: [&str; 2] = ["online_level", "paper_result"];

/// One problem in an imported file. `row` is the row number a spreadsheet shows (the header
/// is row 1); `column` is a column name, or empty for a problem with the whole row or file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    /// For the person who fixes the file, rendered in their language by the page. Serialized
    /// (and logged) without a request, so as Vietnamese text; read back as plain text.
    #[serde(serialize_with = "vietnamese", deserialize_with = "plain")]
    pub message: Text,
}

fn vietnamese<S: serde::Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

fn plain<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    String::deserialize(d).map(Text::Plain)
}

fn shown(id: &'static str, value: &str) -> Text {
    Text::with(id, vec![("shown", MessageArg::from(value))])
}

/// The result of reading a file: the rows that parsed and validated, and every problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub valid: Vec<(usize, ProcedureDraft)>,
    pub errors: Vec<RowError>,
}

impl ImportOutcome {
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    fn file_error(message: Text) -> Self {
        Self {
            valid: Vec::new(),
            errors: vec![RowError {
                row: 1,
                column: String::new(),
                message,
            }],
        }
    }
}

/// Reads CSV bytes (UTF-8, with or without BOM; `,` separated; quoted cells may hold commas
/// and newlines).
#[must_use]
pub fn parse_csv(bytes: &[u8]) -> ImportOutcome {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows: Vec<Result<Vec<String>, Text>> = Vec::new();
    for record in reader.records() {
        rows.push(match record {
            // The export neutralises formula-like cells with a quote; take it off again.
            Ok(r) => Ok(r
                .iter()
                .map(|c| crate::spreadsheet::restore(c).to_owned())
                .collect()),
            Err(e) => Err(match e.kind() {
                csv::ErrorKind::Utf8 { .. } => Text::id("catalogue-import-not_utf8"),
                _ => Text::id("catalogue-import-bad_csv"),
            }),
        });
    }
    parse_rows(rows)
}

/// Reads the first worksheet of XLSX bytes.
#[must_use]
pub fn parse_xlsx(bytes: &[u8]) -> ImportOutcome {
    let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) else {
        return ImportOutcome::file_error(Text::id("catalogue-import-not_xlsx"));
    };
    let Some(Ok(range)) = book.worksheet_range_at(0) else {
        return ImportOutcome::file_error(Text::id("catalogue-import-no_sheet"));
    };
    // A sheet whose data starts below row 1 still numbers rows as the spreadsheet shows them.
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows: Vec<Result<Vec<String>, Text>> = vec![Ok(Vec::new()); first_row];
    rows.extend(range.rows().map(|r| Ok(r.iter().map(cell_text).collect())));
    parse_rows(rows)
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn parse_rows(rows: Vec<Result<Vec<String>, Text>>) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    let mut rows = rows.into_iter().enumerate().map(|(i, r)| (i + 1, r));
    // The header is the first row that is not blank.
    let header = loop {
        match rows.next() {
            None => {
                return ImportOutcome::file_error(Text::id("catalogue-import-empty"));
            }
            Some((n, Err(e))) => {
                return ImportOutcome::file_error(Text::with(
                    "catalogue-import-header_row",
                    vec![("row", n.into()), ("problem", e.into())],
                ));
            }
            Some((_, Ok(cells))) if cells.iter().all(|c| c.trim().is_empty()) => {}
            Some((n, Ok(cells))) => break (n, cells),
        }
    };
    let (header_row, header) = header;
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if index.contains_key(c) => out.errors.push(RowError {
                row: header_row,
                column: (*c).to_owned(),
                message: Text::with(
                    "catalogue-import-column_twice",
                    vec![("column", (*c).into())],
                ),
            }),
            Some(c) => {
                index.insert(c, i);
            }
            None => out.errors.push(RowError {
                row: header_row,
                column: name.clone(),
                message: Text::with(
                    "catalogue-import-column_unknown",
                    vec![("column", name.as_str().into())],
                ),
            }),
        }
    }
    for c in COLUMNS {
        if !index.contains_key(c) && !OPTIONAL_COLUMNS.contains(&c) {
            out.errors.push(RowError {
                row: header_row,
                column: c.to_owned(),
                message: Text::with(
                    "catalogue-import-column_missing",
                    vec![("column", c.into())],
                ),
            });
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let mut seen: HashMap<(ProcedureCode, NaiveDate), usize> = HashMap::new();
    for (n, row) in rows {
        let cells = match row {
            Ok(c) => c,
            Err(e) => {
                out.errors.push(RowError {
                    row: n,
                    column: String::new(),
                    message: e,
                });
                continue;
            }
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = Cells {
            cells: &cells,
            index: &index,
        };
        match parse_row(&cells) {
            Ok(draft) => {
                let key = (draft.code.clone(), draft.effective_from);
                if let Some(first) = seen.get(&key) {
                    out.errors.push(RowError {
                        row: n,
                        column: "effective_from".into(),
                        message: Text::with(
                            "catalogue-import-duplicate_version",
                            vec![
                                ("code", draft.code.to_string().into()),
                                ("first", (*first).into()),
                            ],
                        ),
                    });
                } else {
                    seen.insert(key, n);
                    out.valid.push((n, draft));
                }
            }
            Err(errs) => out
                .errors
                .extend(errs.into_iter().map(|(column, message)| RowError {
                    row: n,
                    column,
                    message,
                })),
        }
    }
    out
}

type CellErrors = Vec<(String, Text)>;

/// One data row, addressed by column name.
struct Cells<'a> {
    cells: &'a [String],
    index: &'a HashMap<&'static str, usize>,
}

impl Cells<'_> {
    fn get(&self, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|i| self.cells.get(*i))
            .map_or("", String::as_str)
    }
}

fn parse_row(row: &Cells<'_>) -> Result<ProcedureDraft, CellErrors> {
    let get = |c: &str| row.get(c).to_owned();
    let mut errs: CellErrors = Vec::new();
    fn take<T>(errs: &mut CellErrors, column: &str, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                errs.extend(
                    e.fields()
                        .iter()
                        .map(|f| (column.to_owned(), f.message.clone())),
                );
                None
            }
        }
    }
    let code = take(&mut errs, "code", ProcedureCode::parse(&get("code")));
    let level = take(&mut errs, "level", ProcedureLevel::parse(&get("level")));
    let agency = take(
        &mut errs,
        "deciding_agency",
        UnitCode::parse(&get("deciding_agency")),
    );
    let kind = take(
        &mut errs,
        "limit_kind",
        LimitKind::parse(&get("limit_kind")),
    );
    let legal = take(
        &mut errs,
        "legal_limit",
        Quantity::parse(&get("legal_limit")),
    );
    let committed = take(
        &mut errs,
        "committed_limit",
        Quantity::parse(&get("committed_limit")),
    );
    let amount = take(
        &mut errs,
        "fee_amount_vnd",
        parse_amount(&get("fee_amount_vnd")),
    );
    let documents = take(&mut errs, "documents", parse_documents(&get("documents")));
    let steps = take(&mut errs, "steps", parse_steps(&get("steps")));
    let from = take(
        &mut errs,
        "effective_from",
        parse_date(&get("effective_from")),
    );
    let online = take(
        &mut errs,
        "online_level",
        OnlineLevel::parse(&get("online_level")),
    );
    let paper_result = take(
        &mut errs,
        "paper_result",
        parse_yes_no(&get("paper_result"), Service::default().paper_result),
    );
    let (
        Some(online),
        Some(paper_result),
        Some(code),
        Some(level),
        Some(deciding_agency),
        Some(limit_kind),
        Some(legal_limit),
        Some(committed_limit),
        Some(amount_vnd),
        Some(documents),
        Some(steps),
        Some(effective_from),
    ) = (
        online,
        paper_result,
        code,
        level,
        agency,
        kind,
        legal,
        committed,
        amount,
        documents,
        steps,
        from,
    )
    else {
        return Err(errs);
    };
    let draft = ProcedureDraft {
        code,
        name: get("name").trim().to_owned(),
        field: get("field").trim().to_owned(),
        level,
        deciding_agency,
        limit_kind,
        legal_limit,
        committed_limit,
        fee: Fee {
            text: get("fee_text").trim().to_owned(),
            amount_vnd,
        },
        documents,
        steps,
        effective_from,
        legal_basis: get("legal_basis").trim().to_owned(),
        service: Service {
            online,
            paper_result,
        },
    };
    match draft.validate() {
        Ok(()) => Ok(draft),
        Err(e) => Err(e
            .fields()
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect()),
    }
}

/// "yes"/"no" in either language (folded: "có", "co", "không"); empty is `default`.
fn parse_yes_no(s: &str, default: bool) -> Result<bool, DomainError> {
    match crate::text::fold(s.trim()).as_str() {
        "" => Ok(default),
        "yes" | "true" | "1" | "co" => Ok(true),
        "no" | "false" | "0" | "khong" => Ok(false),
        _ => Err(DomainError::invalid(
            "paper_result",
            shown("validation-procedure-paper_result", s.trim()),
        )),
    }
}

/// VND has no decimals, so `.`, `,` and spaces are thousands separators ("50.000").
fn parse_amount(s: &str) -> Result<Option<i64>, DomainError> {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    let t = t.trim_end_matches(['đ', 'd']).trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 15 {
        return Err(DomainError::invalid(
            "fee_amount_vnd",
            shown("catalogue-import-amount", s.trim()),
        ));
    }
    t.parse().map(Some).map_err(|_| {
        DomainError::invalid(
            "fee_amount_vnd",
            Text::id("catalogue-import-amount_too_large"),
        )
    })
}

fn parse_date(s: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        DomainError::invalid("effective_from", shown("catalogue-import-date", s.trim()))
    })
}

/// Splits `a; b; c` from the right, so a name may itself contain `;`.
fn split3(item: &str) -> Option<(&str, &str, &str)> {
    let mut parts = item.rsplitn(3, ';');
    let last = parts.next()?;
    let middle = parts.next()?;
    let first = parts.next()?;
    Some((first.trim(), middle.trim(), last.trim()))
}

fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|i| !i.is_empty())
}

fn parse_documents(s: &str) -> Result<Vec<RequiredDocument>, DomainError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in items(s) {
        let Some((name, kind, count)) = split3(item) else {
            errors.push(shown("catalogue-import-document_shape", item));
            continue;
        };
        let kind = CopyKind::parse(kind);
        let count = count.parse::<u32>();
        match (kind, count) {
            (Ok(copy_kind), Ok(count)) => out.push(RequiredDocument {
                name: name.to_owned(),
                copy_kind,
                count,
            }),
            (Err(e), _) => errors.extend(e.fields().iter().map(|f| f.message.clone())),
            (_, Err(_)) => errors.push(Text::with(
                "catalogue-import-document_count",
                vec![("name", name.into())],
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(DomainError::invalid("documents", Text::Joined(errors)))
    }
}

fn parse_steps(s: &str) -> Result<Vec<Step>, DomainError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in items(s) {
        let Some((name, role, budget)) = split3(item) else {
            errors.push(shown("catalogue-import-step_shape", item));
            continue;
        };
        match (Role::parse(role), Quantity::parse(budget)) {
            (Ok(role), Ok(budget)) => out.push(Step {
                name: name.to_owned(),
                role,
                budget,
            }),
            (Err(e), _) | (_, Err(e)) => {
                errors.extend(e.fields().iter().map(|f| f.message.clone()))
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(DomainError::invalid("steps", Text::Joined(errors)))
    }
}

fn row_cells(d: &ProcedureDraft) -> [String; 16] {
    let documents = d
        .documents
        .iter()
        .map(|x| format!("{}; {}; {}", x.name, x.copy_kind.label_vi(), x.count))
        .collect::<Vec<_>>()
        .join("|");
    let steps = d
        .steps
        .iter()
        .map(|s| format!("{}; {}; {}", s.name, s.role.code(), s.budget))
        .collect::<Vec<_>>()
        .join("|");
    [
        d.code.to_string(),
        d.name.clone(),
        d.field.clone(),
        d.level.code().to_owned(),
        d.deciding_agency.to_string(),
        d.limit_kind.code().to_owned(),
        d.legal_limit.to_string(),
        d.committed_limit.to_string(),
        d.fee.text.clone(),
        d.fee.amount_vnd.map(|a| a.to_string()).unwrap_or_default(),
        documents,
        steps,
        d.effective_from.format("%Y-%m-%d").to_string(),
        d.legal_basis.clone(),
        d.service.online.code().to_owned(),
        if d.service.paper_result { "yes" } else { "no" }.to_owned(),
    ]
}

/// CSV with a UTF-8 BOM and the header row; reads back through [`parse_csv`] unchanged.
#[must_use]
pub fn export_csv(versions: &[ProcedureDraft]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to a Vec cannot fail; the results are checked anyway so that a bug shows.
        let ok = w.write_record(COLUMNS).is_ok()
            && versions.iter().all(|d| {
                let cells = row_cells(d);
                w.write_record(
                    cells
                        .iter()
                        .map(|c| crate::spreadsheet::neutralise(c).into_owned()),
                )
                .is_ok()
            })
            && w.flush().is_ok();
        debug_assert!(ok, "writing CSV to memory failed");
    }
    out
}

/// An XLSX workbook with one sheet in the import layout; reads back through [`parse_xlsx`].
pub fn export_xlsx(versions: &[ProcedureDraft]) -> Result<Vec<u8>, DomainError> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        DomainError::invalid(
            "export",
            Text::with(
                "catalogue-export-failed",
                vec![("problem", e.to_string().into())],
            ),
        )
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    // A string cell is never a formula, but Excel re-reads it as one when it is edited; the
    // quote prefix keeps it text then too, and the value itself is unchanged for re-import.
    let quoted = rust_xlsxwriter::Format::new().set_quote_prefix();
    let sheet = book.add_worksheet();
    sheet.set_name("thu_tuc").map_err(fail)?;
    for (c, name) in COLUMNS.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(
                col,
                if matches!(c, 1 | 10 | 11 | 13) {
                    60
                } else {
                    16
                },
            )
            .map_err(fail)?;
    }
    for (r, d) in versions.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| {
            DomainError::invalid("export", Text::id("catalogue-export-too_many_rows"))
        })?;
        for (c, text) in row_cells(d).iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            // Amounts go in as numbers so that a spreadsheet can add them up; everything else
            // stays text, so codes like 1.000894 are not turned into numbers.
            match (COLUMNS[c], d.fee.amount_vnd) {
                ("fee_amount_vnd", Some(a)) =>
                {
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number(row, col, a as f64).map_err(fail)?
                }
                _ if crate::spreadsheet::needs_neutralising(text) => sheet
                    .write_string_with_format(row, col, text, &quoted)
                    .map_err(fail)?,
                _ => sheet.write_string(row, col, text).map_err(fail)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &[u8] = include_bytes!("../../../data/examples/procedures.csv");

    #[test]
    fn the_shipped_example_imports_cleanly() {
        let out = parse_csv(EXAMPLE);
        assert_eq!(out.errors, vec![]);
        assert_eq!(out.valid.len(), 5);
        assert_eq!(out.valid[0].0, 2);
        let names: Vec<_> = out.valid.iter().map(|(_, d)| d.name.as_str()).collect();
        assert!(names.contains(&"Đăng ký kết hôn"), "{names:?}");
        // Two rows are versions of one procedure.
        let codes: std::collections::HashSet<_> =
            out.valid.iter().map(|(_, d)| d.code.clone()).collect();
        assert_eq!(codes.len(), 4);
    }

    #[test]
    fn csv_and_xlsx_exports_read_back_unchanged() {
        let drafts: Vec<_> = parse_csv(EXAMPLE)
            .valid
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        let csv = export_csv(&drafts);
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        let back: Vec<_> = parse_csv(&csv).valid.into_iter().map(|(_, d)| d).collect();
        assert_eq!(back, drafts);
        let xlsx = export_xlsx(&drafts).unwrap();
        let out = parse_xlsx(&xlsx);
        assert_eq!(out.errors, vec![]);
        let back: Vec<_> = out.valid.into_iter().map(|(_, d)| d).collect();
        assert_eq!(back, drafts);
    }

    #[test]
    fn formula_like_cells_are_neutralised_in_csv_and_read_back_unchanged() {
        let mut drafts: Vec<_> = parse_csv(EXAMPLE)
            .valid
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        drafts[0].name = "=HYPERLINK(\"http://evil.example/\";\"Bấm\")".to_owned();
        drafts[0].legal_basis = "@SUM(1+1)".to_owned();
        drafts[0].fee.text = "-1+2".to_owned();
        drafts[1].legal_basis = "'=already quoted".to_owned();
        let csv = export_csv(&drafts);
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("\"'=HYPERLINK("), "{text}");
        assert!(text.contains(",'@SUM(1+1)"), "{text}");
        assert!(text.contains(",'-1+2,"), "{text}");
        assert!(text.contains(",''=already quoted"), "{text}");
        let back: Vec<_> = parse_csv(&csv).valid.into_iter().map(|(_, d)| d).collect();
        assert_eq!(back, drafts);
        let out = parse_xlsx(&export_xlsx(&drafts).unwrap());
        assert_eq!(out.errors, vec![]);
        let back: Vec<_> = out.valid.into_iter().map(|(_, d)| d).collect();
        assert_eq!(back, drafts);
    }

    fn header() -> String {
        COLUMNS.join(",")
    }

    const GOOD: &str = "1.000894,Đăng ký kết hôn,Hộ tịch,xã,H12.39,working_days,5,3,Miễn lệ phí,0,\
        Tờ khai; bản chính; 1,Tiếp nhận; desk_officer; 0.5|Thẩm định; specialist; 1.5|Ký; head; 1,\
        2025-07-01,Luật Hộ tịch 2014";

    #[test]
    fn each_bad_cell_is_reported_with_row_and_column() {
        let bad = "x y,,Hộ tịch,huyện,H12.39,weeks,5,abc,Miễn,-3,Tờ khai; bản photo; 1,Bước; root; 1,01/07/2025,";
        let file = format!("{}\n{GOOD}\n{bad}\n", header());
        let out = parse_csv(file.as_bytes());
        assert_eq!(out.valid.len(), 1);
        let cols: Vec<_> = out
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(
            cols,
            [
                (3, "code"),
                (3, "level"),
                (3, "limit_kind"),
                (3, "committed_limit"),
                (3, "fee_amount_vnd"),
                (3, "documents"),
                (3, "steps"),
                (3, "effective_from"),
            ]
        );
        assert!(out.errors.iter().all(|e| !e.message.to_string().is_empty()));
    }

    #[test]
    fn rule_violations_name_their_column() {
        let over = GOOD.replace("Ký; head; 1", "Ký; head; 1.25");
        let blank_name = GOOD.replace("Đăng ký kết hôn", " ");
        let file = format!("{}\n{over}\n{blank_name}\n", header());
        let out = parse_csv(file.as_bytes());
        let cols: Vec<_> = out
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(cols, [(2, "steps"), (3, "name")]);
        assert!(
            out.errors[0]
                .message
                .to_string()
                .contains("vượt thời hạn cam kết")
        );
    }

    #[test]
    fn duplicate_versions_in_one_file_are_refused() {
        let file = format!("{}\n{GOOD}\n{GOOD}\n", header());
        let out = parse_csv(file.as_bytes());
        assert_eq!(out.valid.len(), 1);
        assert_eq!(out.errors.len(), 1);
        assert_eq!(
            (out.errors[0].row, out.errors[0].column.as_str()),
            (3, "effective_from")
        );
    }

    #[test]
    fn header_problems_stop_the_import() {
        let missing = header().replace(",legal_basis", ",basis");
        let out = parse_csv(format!("{missing}\n{GOOD}\n").as_bytes());
        assert!(out.valid.is_empty());
        let cols: Vec<_> = out
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(cols, [(1, "basis"), (1, "legal_basis")]);
        assert!(!parse_csv(b"").is_clean());
        assert!(!parse_csv(b"\n\n").is_clean());
        assert!(!parse_xlsx(b"not a spreadsheet").is_clean());
    }

    #[test]
    fn columns_may_come_in_any_order_and_blank_rows_are_skipped() {
        let mut cols: Vec<&str> = COLUMNS.to_vec();
        cols.reverse();
        let out = parse_csv(format!("{}\n{GOOD}\n", header()).as_bytes());
        let d = &out.valid[0].1;
        let cells = row_cells(d);
        let reversed: Vec<String> = cells
            .iter()
            .rev()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        let file = format!("{}\n,,,\n{}\n", cols.join(","), reversed.join(","));
        let out2 = parse_csv(file.as_bytes());
        assert_eq!(out2.errors, vec![]);
        assert_eq!(out2.valid[0].1, *d);
        assert_eq!(out2.valid[0].0, 3);
    }

    #[test]
    fn invalid_utf8_is_a_row_error_not_a_crash() {
        let mut file = format!("{}\n", header()).into_bytes();
        file.extend_from_slice(b"\xff\xfe,broken\n");
        let out = parse_csv(&file);
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.errors[0].row, 2);
    }

    #[test]
    fn amounts_accept_thousands_separators() {
        assert_eq!(parse_amount("50.000").unwrap(), Some(50_000));
        assert_eq!(parse_amount("1,500,000 đ").unwrap(), Some(1_500_000));
        assert_eq!(parse_amount(" ").unwrap(), None);
        assert!(parse_amount("12a").is_err());
    }
}

#[cfg(test)]
mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_bytes_get_a_report_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = super::parse_csv(&bytes);
            let _ = super::parse_xlsx(&bytes);
        }

        #[test]
        fn arbitrary_rows_under_a_good_header_get_a_report(cells in proptest::collection::vec("[^\n]{0,40}", 14)) {
            let file = format!("{}\n{}\n", super::COLUMNS.join(","), cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(","));
            let out = super::parse_csv(file.as_bytes());
            prop_assert_eq!(out.valid.len() + usize::from(!out.errors.is_empty()), 1);
        }
    }
}

#[cfg(test)]
mod demo_check {
    #[test]
    fn the_demo_catalogue_imports_cleanly() {
        let bytes = include_bytes!("../../../data/demo/procedures.csv");
        let out = super::parse_csv(bytes);
        for e in &out.errors {
            eprintln!("{e:?}");
        }
        assert!(out.is_clean());
        assert!(out.valid.len() >= 30);
    }
}
