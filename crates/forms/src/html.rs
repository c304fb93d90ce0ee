//! A sheet as a standalone printable HTML page: inline CSS and an inline SVG QR code, so the page
//! prints the same when saved to disk or opened offline at the counter.

use std::fmt::Write;

use crate::model::Paper;
use crate::sheet::{Block, Run, Sheet};

/// Escapes text for element content and quoted attribute values alike.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped, with the caller's line breaks kept (addresses are often typed on several lines).
fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

fn runs(out: &mut String, runs: &[Run]) {
    for run in runs {
        let text = lines(&run.text);
        match (run.bold, run.italic) {
            (true, true) => write!(out, "<b><i>{text}</i></b>"),
            (true, false) => write!(out, "<b>{text}</b>"),
            (false, true) => write!(out, "<i>{text}</i>"),
            (false, false) => write!(out, "{text}"),
        }
        .expect("writing to a String cannot fail");
    }
}

const STYLE: &str = r#"
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Liberation Serif", Tinos, serif; color: #000; margin: 0; line-height: 1.35; }
.sheet { margin: 0 auto; padding: 0; }
.top { display: flex; justify-content: space-between; gap: 1em; text-align: center; }
.top > div { flex: 1; }
.top .right { flex: 1.35; }
.rule { width: 35%; margin: 2px auto 4px; border-top: 1px solid #000; }
.label { text-align: right; font-style: italic; font-size: 0.85em; }
.dateline { font-style: italic; margin-top: 0.4em; }
h1 { font-size: 1.15em; text-align: center; margin: 1em 0 0.2em; }
.sub { text-align: center; margin: 0; }
p { margin: 0.3em 0; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
th { font-weight: bold; text-align: center; vertical-align: middle; }
td.c { text-align: center; }
.signs { display: flex; justify-content: space-around; text-align: center; margin-top: 1em; page-break-inside: avoid; }
.signs > div { flex: 1; }
.signs .name { margin-top: 4.5em; font-weight: bold; }
.signs .copies { text-align: left; font-size: 0.8em; }
.qr { display: flex; align-items: center; gap: 0.8em; margin-top: 1em; font-size: 0.85em; page-break-inside: avoid; }
.qr svg { width: 24mm; height: 24mm; flex: none; }
.qr .url { word-break: break-all; }
@media screen { body { background: #eee; } .sheet { background: #fff; margin: 1em auto; padding: 12mm; box-shadow: 0 0 4px #999; } }
"#;

pub(crate) fn render(sheet: &Sheet, qr_svg: Option<&str>) -> String {
    let (page, width, font) = match (sheet.paper, sheet.landscape) {
        (Paper::A4, true) => ("A4 landscape", "297mm", "11pt"),
        (Paper::A4, false) => ("A4", "210mm", "13pt"),
        (Paper::A5, true) => ("A5 landscape", "210mm", "10pt"),
        (Paper::A5, false) => ("A5", "148mm", "11pt"),
    };
    // Decree 30/2020 margins for A4 (20/20 mm top/bottom, 30 left, 15 right), narrower on A5.
    let margin = match sheet.paper {
        Paper::A4 => "20mm 15mm 20mm 30mm",
        Paper::A5 => "10mm 10mm 10mm 15mm",
    };
    let mut out = String::with_capacity(8192);
    let w = &mut out;
    let _ = write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n@page {{ size: {page}; margin: {margin}; }}\n\
         body {{ font-size: {font}; }}\n@media screen {{ .sheet {{ width: {width}; }} }}{STYLE}</style>\n\
         </head>\n<body>\n<div class=\"sheet\">\n",
        title = escape(&match sheet.subtitles.first() {
            Some(code) => format!("{} – {code}", sheet.title),
            None => sheet.title.clone(),
        }),
    );
    if !sheet.form_label.is_empty() {
        let _ = writeln!(
            w,
            "<div class=\"label\">{}</div>",
            escape(&sheet.form_label)
        );
    }
    w.push_str("<div class=\"top\">\n<div class=\"left\">");
    if !sheet.parent_agency.is_empty() {
        let _ = write!(w, "<div>{}</div>", lines(&sheet.parent_agency));
    }
    let _ = write!(
        w,
        "<div><b>{}</b></div><div class=\"rule\"></div>",
        lines(&sheet.agency)
    );
    if !sheet.number_line.is_empty() {
        let _ = write!(w, "<div>{}</div>", escape(&sheet.number_line));
    }
    let _ = write!(
        w,
        "</div>\n<div class=\"right\"><div><b>{}</b></div><div><b>{}</b></div>\
         <div class=\"rule\"></div><div class=\"dateline\">{}</div></div>\n</div>\n",
        escape(sheet.motto_country),
        escape(sheet.motto_slogan),
        escape(&sheet.date_line)
    );
    let _ = writeln!(w, "<h1>{}</h1>", escape(&sheet.title));
    for sub in &sheet.subtitles {
        let _ = writeln!(w, "<p class=\"sub\"><b>{}</b></p>", escape(sub));
    }
    for block in &sheet.blocks {
        match block {
            Block::Para { runs: r } => {
                w.push_str("<p>");
                runs(w, r);
                w.push_str("</p>\n");
            }
            Block::Table {
                widths,
                centered,
                header,
                rows,
            } => {
                let total: f32 = widths.iter().sum();
                w.push_str("<table>\n<colgroup>");
                for width in widths {
                    // The `width` attribute, not a `style` one: a content security policy that
                    // allows the sheet's one style element by its hash still refuses every
                    // inline style attribute.
                    let _ = write!(w, "<col width=\"{:.1}%\">", width / total * 100.0);
                }
                w.push_str("</colgroup>\n<thead>\n");
                for row in header {
                    w.push_str("<tr>");
                    for cell in row {
                        w.push_str("<th");
                        if cell.colspan > 1 {
                            let _ = write!(w, " colspan=\"{}\"", cell.colspan);
                        }
                        if cell.rowspan > 1 {
                            let _ = write!(w, " rowspan=\"{}\"", cell.rowspan);
                        }
                        let _ = write!(w, ">{}</th>", lines(&cell.text));
                    }
                    w.push_str("</tr>\n");
                }
                w.push_str("</thead>\n<tbody>\n");
                for row in rows {
                    w.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let class = if centered.get(i).copied().unwrap_or(false) {
                            " class=\"c\""
                        } else {
                            ""
                        };
                        let _ = write!(w, "<td{class}>{}</td>", lines(cell));
                    }
                    w.push_str("</tr>\n");
                }
                w.push_str("</tbody>\n</table>\n");
            }
        }
    }
    if !sheet.signatures.is_empty() || !sheet.recipients.is_empty() {
        w.push_str("<div class=\"signs\">\n");
        if !sheet.recipients.is_empty() {
            w.push_str("<div class=\"copies\"><b><i>Nơi nhận:</i></b>");
            for line in &sheet.recipients {
                let _ = write!(w, "<br>{}", escape(line));
            }
            w.push_str("</div>\n");
        }
        for s in &sheet.signatures {
            let _ = writeln!(
                w,
                "<div><div><b>{}</b></div><div><i>{}</i></div><div class=\"name\">{}</div></div>",
                lines(&s.title),
                escape(&s.hint),
                escape(&s.name)
            );
        }
        w.push_str("</div>\n");
    }
    if let (Some(qr), Some(svg)) = (&sheet.qr, qr_svg) {
        let _ = writeln!(
            w,
            "<div class=\"qr\">{svg}<div><div>{}</div><div class=\"url\">{}</div></div></div>",
            escape(&qr.caption),
            escape(&qr.url)
        );
    }
    w.push_str("</div>\n</body>\n</html>\n");
    out
}
