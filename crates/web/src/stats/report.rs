//! The dashboard as a PDF (`/thong-ke/bao-cao.pdf`), and the same report for the monthly
//! summary each unit's head receives: the figures against the period before, the index, and
//! the tables by unit, procedure and officer, petitions and place reports.

use axum::extract::State;
use axum::response::Response;
use motcua_forms::report::{Report, ReportTable};

use super::dashboard::{TableQuery, cases, download, figure_list, table_rows};
use super::{View, figures, view_of};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Query;
use crate::i18n::Lang;
use crate::pages::{today_vn, unit_name};
use crate::state::AppState;

/// The period as printed: `05/2026` or `05/2026 – 07/2026`.
fn months(view: &View) -> String {
    let p = view.period;
    let m = |m: motcua_domain::stats::Month| format!("{:02}/{}", m.month(), m.year());
    if p.first == p.last {
        m(p.first)
    } else {
        format!("{} – {}", m(p.first), m(p.last))
    }
}

/// Builds the report of a checked view, in `lang`.
pub async fn build(state: &AppState, view: &View, lang: Lang) -> Result<Report, AppError> {
    // Independent reads at once, as on the dashboard.
    let ((f, lines), (before, _), petition_figures) = tokio::try_join!(
        figures(state, view, view.period),
        figures(state, view, view.period.previous()),
        super::petition_figures(state, view),
    )?;
    let unit = match view.unit {
        Some(u) => unit_name(state, u).await,
        None => lang.t("stats-everywhere"),
    };
    let previous = {
        let mut v = view.clone();
        v.period = view.period.previous();
        months(&v)
    };
    let mut tables = vec![ReportTable {
        heading: lang.t("stats-dossiers"),
        header: vec![
            lang.t("stats-figure"),
            months(view),
            previous,
            lang.t("stats-change"),
        ],
        rows: figure_list(view, &f, &before)
            .into_iter()
            .map(|x| vec![lang.t(x.label), x.value, x.before, x.change])
            .collect(),
    }];
    let service = super::service_figures(state, view, &lines.rows).await?;
    let (indicators, total, max) = super::index_of(view, &f, &petition_figures, &service);
    tables.push(ReportTable {
        heading: format!(
            "{} — {total:.2} / {max:.0} ({})",
            lang.t("stats-index"),
            view.version.name
        ),
        header: vec![
            lang.t("stats-indicator"),
            lang.t("stats-numerator"),
            lang.t("stats-denominator"),
            lang.t("stats-points"),
        ],
        rows: indicators
            .into_iter()
            .map(|i| match i.scored.points {
                Some(p) => vec![
                    format!("{} {}", i.code, i.name),
                    i.scored.numerator.to_string(),
                    i.scored.denominator.to_string(),
                    format!("{p:.2} / {:.0}", i.max),
                ],
                None => vec![
                    format!("{} {}", i.code, i.name),
                    lang.t("stats-missing"),
                    String::new(),
                    format!("– / {:.0}", i.max),
                ],
            })
            .collect(),
    });
    for (heading, table) in [
        ("stats-by-unit", "don-vi"),
        ("stats-by-procedure", "thu-tuc"),
        ("stats-by-officer", "can-bo"),
    ] {
        let mut rows = table_rows(state, view, table).await?;
        if rows.len() <= 1 {
            continue;
        }
        let header = rows.remove(0);
        // The code columns say nothing on paper: the name carries it.
        let (header, rows) = if table == "can-bo" {
            (header, rows)
        } else {
            let cut = |r: Vec<String>| r.into_iter().skip(1).collect::<Vec<_>>();
            (cut(header), rows.into_iter().take(30).map(cut).collect())
        };
        let header = header_labels(lang, &header);
        tables.push(ReportTable {
            heading: lang.t(heading),
            header,
            rows,
        });
    }
    let (petitions, reports) = cases(state, view, petition_figures, lang).await?;
    for (heading, lines) in [("stats-petitions", petitions), ("stats-reports", reports)] {
        if lines.is_empty() {
            continue;
        }
        tables.push(ReportTable {
            heading: lang.t(heading),
            header: [
                "stats-kind",
                "stats-received",
                "stats-closed-on-time",
                "stats-closed-late",
                "stats-open-within",
                "stats-open-over",
                "stats-open-long",
            ]
            .iter()
            .map(|k| lang.t(k))
            .collect(),
            rows: lines
                .into_iter()
                .map(|c| {
                    vec![
                        c.label,
                        c.n.received.to_string(),
                        c.n.closed_on_time.to_string(),
                        c.n.closed_late.to_string(),
                        c.n.open_within.to_string(),
                        c.n.open_over.to_string(),
                        c.n.open_long.to_string(),
                    ]
                })
                .collect(),
        });
    }
    Ok(Report {
        title: lang.t("stats-report-title"),
        lines: vec![format!("{unit} · {}", months(view))],
        tables,
        footer: format!(
            "motcua · {} {}",
            lang.t("stats-report-made"),
            crate::pages::when(view.now)
        ),
    })
}

/// The CSV column names of the tables, as words.
fn header_labels(lang: Lang, header: &[String]) -> Vec<String> {
    header
        .iter()
        .map(|h| {
            let key = match h.as_str() {
                "ten" => "stats-name",
                "tiep_nhan" => "stats-received",
                "da_giai_quyet" => "stats-finished",
                "tre_han" => "stats-late-all",
                "dang_giai_quyet" => "stats-open",
                "ty_le_dung_han" => "stats-on-time-rate",
                "can_bo" => "stats-officer",
                "buoc_dung_han" => "stats-steps-on-time",
                "buoc_tre_han" => "stats-steps-late",
                other => return other.to_owned(),
            };
            lang.t(key)
        })
        .collect()
}

/// Lays the report out off the async workers: typesetting takes tens of milliseconds of CPU.
pub async fn render(state: &AppState, report: Report) -> Result<Vec<u8>, AppError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.reports().pdf(&report, today_vn()))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// `GET /thong-ke/bao-cao.pdf`: the dashboard of the view, on paper.
pub async fn pdf(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Query(q): Query<TableQuery>,
) -> Result<Response, AppError> {
    let view = view_of(&state, &user, &q.view).await?;
    let report = build(&state, &view, lang).await?;
    let bytes = render(&state, report).await?;
    let name = format!("bao-cao-{}-{}.pdf", view.period.first, view.period.last);
    download(bytes, "application/pdf", &name)
}
