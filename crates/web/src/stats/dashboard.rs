//! The dossier dashboard of the units a leader leads, the lists behind its figures, and its
//! tables as CSV.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::lifecycle::{Channel, Status};
use motcua_domain::ids::UnitId;
use motcua_domain::policy::Action;
use motcua_domain::stats::{Breakdown, DossierFigures, Finish, Month, Period};
use motcua_store::stats::{self as store, Fact, Measure};
use serde::Deserialize;

use super::chart::{Chart, Group, Series};
use super::{
    IndicatorLine, View, ViewQuery, delta, figures, index, percent, period_label, view_of,
};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::{PageCtx, unit_name, when};
use crate::state::AppState;

/// A figure with its value in the period before and the list behind it.
#[derive(Debug)]
pub struct Figure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: String,
    pub before: String,
    pub change: String,
    pub href: Option<String>,
}

/// A line of a table by procedure, field, unit or officer.
#[derive(Debug, Default)]
pub struct Line {
    pub key: String,
    pub name: String,
    pub received: i64,
    pub finished: i64,
    pub late: i64,
    pub open: i64,
    pub on_time: String,
    pub href: Option<String>,
}

/// A line of the petitions' or reports' table.
#[derive(Debug)]
pub struct CaseLine {
    /// The kind or category, as a reader names it.
    pub label: String,
    pub href: String,
    pub n: store::CaseFigures,
}

/// The petitions' or the reports' table.
#[derive(Debug)]
pub struct CaseTable {
    pub heading: &'static str,
    pub id: &'static str,
    pub cases: Vec<CaseLine>,
}

#[derive(Debug)]
pub struct LateDossier {
    pub href: String,
    pub code: String,
    pub procedure: String,
    pub due: String,
    pub finished: String,
    pub causes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "stats/dashboard.html")]
pub struct DashboardPage {
    p: PageCtx,
    unit_label: String,
    period_label: String,
    previous_label: String,
    units: Vec<(String, String)>,
    chosen: String,
    from: String,
    to: String,
    procedure: String,
    predecessors: bool,
    versions: Vec<(String, String)>,
    version_id: String,
    version_name: String,
    presets: Vec<(String, String)>,
    figures: Vec<Figure>,
    chart: Chart,
    chart_rows: Vec<(String, Vec<i64>)>,
    line_tables: Vec<LineTable>,
    case_tables: Vec<CaseTable>,
    by_officer: Vec<(String, i64, i64)>,
    late: Vec<LateDossier>,
    backlog: Vec<(String, i64)>,
    indicators: Vec<IndicatorLine>,
    index_total: String,
    index_max: String,
    band: String,
    csv_base: String,
    xlsx_base: String,
    pdf_href: String,
}

fn line(key: String, name: String, f: &DossierFigures, href: Option<String>) -> Line {
    Line {
        key,
        name,
        received: f.received(),
        finished: f.finished(),
        late: f.late + f.open_over,
        open: f.open(),
        on_time: percent(f.on_time_permille()),
        href,
    }
}

/// A table of lines on the page: its heading's message, its id, its CSV name.
#[derive(Debug)]
pub struct LineTable {
    pub heading: &'static str,
    pub id: &'static str,
    pub csv: &'static str,
    pub lines: Vec<Line>,
}

/// The tables of a view, shared by the page and the CSV.
struct Tables {
    by_procedure: Vec<Line>,
    by_field: Vec<Line>,
    by_unit: Vec<Line>,
    by_officer: Vec<(String, i64, i64)>,
}

async fn tables(state: &AppState, view: &View, lines: &super::Lines) -> Result<Tables, AppError> {
    let (rows, past_due) = (&lines.rows, &lines.past_due);
    let running = Month::of(view.now);
    let p = view.period;
    let procs = Breakdown::of(rows, p, running, past_due, |_, procedure| {
        procedure.to_owned()
    });
    let codes: Vec<String> = procs.by.keys().cloned().collect();
    let names = store::procedure_names(state.db(), &codes).await?;
    let mut by_procedure: Vec<Line> = procs
        .by
        .iter()
        .map(|(code, f)| {
            let name = names
                .get(code)
                .map_or_else(|| code.clone(), |n| n.0.clone());
            let q = serde_urlencoded::to_string([("thu_tuc", code)]).unwrap_or_default();
            line(
                code.clone(),
                name,
                f,
                Some(format!("/thong-ke?{}&{q}", view.query(""))),
            )
        })
        .collect();
    by_procedure.sort_by(|a, b| b.received.cmp(&a.received).then(a.key.cmp(&b.key)));
    let fields = Breakdown::of(rows, p, running, past_due, |_, procedure| {
        names
            .get(procedure)
            .map_or_else(String::new, |n| n.1.clone())
    });
    let mut by_field: Vec<Line> = fields
        .by
        .iter()
        .map(|(field, f)| line(field.clone(), field.clone(), f, None))
        .collect();
    by_field.sort_by_key(|l| std::cmp::Reverse(l.received));
    // Units roll up to the chosen unit's children: a province sees its communes and
    // departments, each with everything under it.
    let all = motcua_store::units::list_all(state.db()).await?;
    let parent: HashMap<UnitId, Option<UnitId>> = all.iter().map(|u| (u.id, u.parent)).collect();
    let names_of: HashMap<String, String> = all
        .iter()
        .map(|u| (u.id.to_string(), u.name.clone()))
        .collect();
    let roll_up = |unit: &str| -> String {
        let Ok(mut id) = UnitId::parse(unit) else {
            return unit.to_owned();
        };
        for _ in 0..16 {
            match parent.get(&id).copied().flatten() {
                Some(up)
                    if Some(up) != view.unit
                        && view.units.as_ref().is_none_or(|u| u.contains(&up)) =>
                {
                    id = up
                }
                _ => break,
            }
        }
        id.to_string()
    };
    let units = Breakdown::of(rows, p, running, past_due, |unit, _| roll_up(unit));
    let mut by_unit: Vec<Line> = units
        .by
        .iter()
        .map(|(id, f)| {
            let name = names_of.get(id).cloned().unwrap_or_else(|| id.clone());
            let href = format!(
                "/thong-ke?tu={}&den={}&don_vi={id}&phien_ban={}",
                p.first, p.last, view.version.id
            );
            line(id.clone(), name, f, Some(href))
        })
        .collect();
    by_unit.sort_by(|a, b| a.name.cmp(&b.name));
    let mut by_officer: Vec<(String, i64, i64)> =
        store::steps_by_officer(state.db(), view.units.as_deref(), p.first, p.last)
            .await?
            .into_iter()
            .map(|(_, name, on_time, late)| (name, on_time, late))
            .collect();
    by_officer.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    Ok(Tables {
        by_procedure,
        by_field,
        by_unit,
        by_officer,
    })
}

pub(super) fn figure_list(view: &View, f: &DossierFigures, b: &DossierFigures) -> Vec<Figure> {
    let list = |kind: &str| {
        Some(format!(
            "/thong-ke/ho-so?{}",
            view.query(&format!("loai={kind}"))
        ))
    };
    let count = |id, label, now: i64, before: i64, href| Figure {
        id,
        label,
        value: now.to_string(),
        before: before.to_string(),
        change: delta(now, before),
        href,
    };
    let days = |f: &DossierFigures| {
        f.average_days()
            .map_or_else(|| "–".to_owned(), |(t, a)| format!("{t:.1} / {a:.1}"))
    };
    let rating = |f: &DossierFigures| {
        f.rating_average().map_or_else(
            || "–".to_owned(),
            |a| format!("{},{:02} / 2", a / 100, a % 100),
        )
    };
    vec![
        count(
            "fig-received",
            "stats-received",
            f.received(),
            b.received(),
            list("tiep-nhan"),
        ),
        count(
            "fig-received-desk",
            "stats-received-desk",
            f.received_desk,
            b.received_desk,
            list("tiep-nhan-truc-tiep"),
        ),
        count(
            "fig-received-online",
            "stats-received-online",
            f.received_online,
            b.received_online,
            list("tiep-nhan-truc-tuyen"),
        ),
        count(
            "fig-received-post",
            "stats-received-post",
            f.received_post,
            b.received_post,
            list("tiep-nhan-buu-chinh"),
        ),
        count(
            "fig-early",
            "stats-early",
            f.early,
            b.early,
            list("som-han"),
        ),
        count(
            "fig-on-time",
            "stats-on-time",
            f.on_time,
            b.on_time,
            list("dung-han"),
        ),
        count("fig-late", "stats-late", f.late, b.late, list("tre-han")),
        count(
            "fig-unclocked",
            "stats-unclocked",
            f.unclocked,
            b.unclocked,
            list("dung-dong-ho"),
        ),
        count(
            "fig-open-within",
            "stats-open-within",
            f.open_within,
            b.open_within,
            list("dang-trong-han"),
        ),
        count(
            "fig-open-over",
            "stats-open-over",
            f.open_over,
            b.open_over,
            list("dang-qua-han"),
        ),
        count(
            "fig-awaiting",
            "stats-awaiting",
            f.awaiting,
            b.awaiting,
            list("cho-bo-sung"),
        ),
        Figure {
            id: "fig-on-time-rate",
            label: "stats-on-time-rate",
            value: percent(f.on_time_permille()),
            before: percent(b.on_time_permille()),
            change: String::new(),
            href: None,
        },
        Figure {
            id: "fig-days",
            label: "stats-days",
            value: days(f),
            before: days(b),
            change: String::new(),
            href: None,
        },
        Figure {
            id: "fig-rating",
            label: "stats-rating",
            value: rating(f),
            before: rating(b),
            change: String::new(),
            href: None,
        },
        Figure {
            id: "fig-satisfied",
            label: "stats-satisfied",
            value: percent(f.satisfied_permille()),
            before: percent(b.satisfied_permille()),
            change: String::new(),
            href: None,
        },
    ]
}

/// `GET /thong-ke`.
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = view_of(&state, &user, &q).await?;
    // The reads that do not depend on one another run at once: over a long period each is a
    // scan of its own, and SQLite serves readers side by side.
    let ((f, rows), (before, _), late, petition_figures) = tokio::try_join!(
        figures(&state, &view, view.period),
        figures(&state, &view, view.period.previous()),
        late_list(&state, &view),
        super::petition_figures(&state, &view),
    )?;
    let running = Month::of(view.now);
    let series = vec![
        Series {
            name: p.t("stats-received"),
        },
        Series {
            name: p.t("stats-finished-on-time"),
        },
        Series {
            name: p.t("stats-late"),
        },
    ];
    let chart_rows: Vec<(String, Vec<i64>)> = view
        .period
        .each()
        .map(|m| {
            let mut mf = DossierFigures::default();
            for r in &rows.rows {
                mf.add(r, Period::month(m), running);
            }
            if m == running {
                mf.split_current(rows.past_due.iter().map(|(_, _, n)| n).sum());
            }
            (
                format!("{:02}/{}", m.month(), m.year() % 100),
                vec![mf.received(), mf.early + mf.on_time + mf.unclocked, mf.late],
            )
        })
        .collect();
    let chart = Chart::bars(
        &chart_rows
            .iter()
            .map(|(l, v)| Group {
                label: l.clone(),
                values: v.clone(),
            })
            .collect::<Vec<_>>(),
        series,
    );
    let (t, service, (petitions, reports)) = tokio::try_join!(
        tables(&state, &view, &rows),
        super::service_figures(&state, &view, &rows.rows),
        cases(&state, &view, petition_figures.clone(), p.lang),
    )?;
    let (indicators, total, max) = super::index_of(&view, &f, &petition_figures, &service);
    // The age of what is still open, from the month each was received.
    let mut backlog: BTreeMap<u8, i64> = BTreeMap::new();
    for r in &rows.rows {
        let open_at_end =
            r.received <= view.period.last && r.finished.is_none_or(|m| m > view.period.last);
        if open_at_end {
            let age = r.received.until(view.period.last);
            let bucket = match age {
                0 => 0,
                1..=2 => 1,
                3..=5 => 2,
                _ => 3,
            };
            *backlog.entry(bucket).or_default() += r.dossiers;
        }
    }
    let backlog = (0..4u8)
        .map(|b| {
            (
                p.t(&format!("stats-age-{b}")),
                backlog.get(&b).copied().unwrap_or(0),
            )
        })
        .collect();
    let units = authz::units_where(&state, &user, Action::ViewDashboard, None).await?;
    let unit_label = match view.unit {
        Some(u) => unit_name(&state, u).await,
        None => p.t("stats-everywhere"),
    };
    let current = running;
    let presets = vec![
        (p.t("stats-this-month"), Period::month(current)),
        (p.t("stats-last-month"), Period::month(current.plus(-1))),
        (p.t("stats-this-quarter"), Period::quarter_of(current)),
        (p.t("stats-this-year"), Period::year_of(current)),
        (p.t("stats-last-year"), Period::year_of(current.plus(-12))),
    ]
    .into_iter()
    .map(|(label, period)| {
        let mut v = view.clone();
        v.period = period;
        (label, format!("/thong-ke?{}", v.query("")))
    })
    .collect();
    // A band rates a score out of 100: on a partial score it would only say "weak".
    let band = if (max - 100.0).abs() < 1e-9 {
        view.version
            .band(total)
            .map_or_else(String::new, |b| b.name.clone())
    } else {
        String::new()
    };
    Ok(DashboardPage {
        unit_label,
        period_label: period_label(&p, view.period),
        previous_label: period_label(&p, view.period.previous()),
        units,
        chosen: view.unit.map(|u| u.to_string()).unwrap_or_default(),
        from: view.period.first.to_string(),
        to: view.period.last.to_string(),
        procedure: view.procedure.clone().unwrap_or_default(),
        predecessors: view.predecessors,
        versions: state
            .index_versions()
            .all()
            .iter()
            .map(|v| (v.id.clone(), v.name.clone()))
            .collect(),
        version_id: view.version.id.clone(),
        version_name: view.version.name.clone(),
        presets,
        figures: figure_list(&view, &f, &before),
        chart,
        chart_rows,
        line_tables: vec![
            LineTable {
                heading: "stats-by-unit",
                id: "by-unit",
                csv: "don-vi",
                lines: t.by_unit,
            },
            LineTable {
                heading: "stats-by-procedure",
                id: "by-procedure",
                csv: "thu-tuc",
                lines: t.by_procedure,
            },
            LineTable {
                heading: "stats-by-field",
                id: "by-field",
                csv: "linh-vuc",
                lines: t.by_field,
            },
        ],
        by_officer: t.by_officer,
        case_tables: vec![
            CaseTable {
                heading: "stats-petitions",
                id: "petitions-table",
                cases: petitions,
            },
            CaseTable {
                heading: "stats-reports",
                id: "reports-table",
                cases: reports,
            },
        ],
        late,
        backlog,
        indicators,
        index_total: format!("{total:.2}"),
        index_max: format!("{max:.0}"),
        band,
        csv_base: format!("/thong-ke/bang.csv?{}", view.query("")),
        xlsx_base: format!("/thong-ke/bang.xlsx?{}", view.query("")),
        pdf_href: format!("/thong-ke/bao-cao.pdf?{}", view.query("")),
        p,
    }
    .into_response())
}

/// Petitions by kind and place reports by category over the view, judged as dossiers are.
pub(super) async fn cases(
    state: &AppState,
    view: &View,
    petitions: Vec<store::CaseFigures>,
    lang: crate::i18n::Lang,
) -> Result<(Vec<CaseLine>, Vec<CaseLine>), AppError> {
    let at = view.judged_at();
    let long_before = crate::petitions::view::pending_since(state, at);
    let (start, end) = (view.period.first.start(), view.period.last.end());
    let units = view.units.as_deref();
    let line = |n: store::CaseFigures, label: String, href: String| CaseLine { label, href, n };
    let petitions = petitions
        .into_iter()
        .map(|c| {
            let kind = motcua_domain::petition::PetitionKind::parse(&c.kind)
                .map_or_else(|| c.kind.clone(), |k| lang.label(k));
            let href = format!("/don-thu?kind={}", c.kind);
            line(c, kind, href)
        })
        .collect();
    let mut reports = Vec::new();
    for c in store::report_figures(state.db(), units, start, end, at, long_before).await? {
        let name = motcua_store::reports::setup::category(state.db(), &c.kind)
            .await
            .map_or_else(|_| c.kind.clone(), |cat| cat.name);
        let href = format!("/phan-anh?category={}", c.kind);
        reports.push(line(c, name, href));
    }
    Ok((petitions, reports))
}

/// The latest late dossiers of the period, with who held each late step.
async fn late_list(state: &AppState, view: &View) -> Result<Vec<LateDossier>, AppError> {
    let (found, _) = store::listed(
        state.db(),
        view.units.as_deref(),
        view.procedure.as_deref(),
        Measure::Finished(Finish::Late),
        view.period.first.start(),
        view.period.last.end(),
        view.judged_at(),
        20,
        0,
        false,
    )
    .await?;
    let ids: Vec<String> = found.iter().map(|d| d.dossier_id.clone()).collect();
    let steps = store::late_steps(state.db(), &ids).await?;
    Ok(found
        .into_iter()
        .map(|d| {
            let causes: Vec<String> = steps
                .iter()
                .filter(|(id, _, _)| *id == d.dossier_id)
                .map(|(_, step, who)| format!("{step} ({who})"))
                .collect();
            LateDossier {
                href: format!("/mot-cua/ho-so/{}", d.dossier_id),
                code: d.code,
                procedure: d.procedure_name,
                due: d.due_at.map(when).unwrap_or_default(),
                finished: d.finished_at.map(when).unwrap_or_default(),
                causes: causes.join("; "),
            }
        })
        .collect())
}

/// The list behind a figure: `loai` names it.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    view: ViewQuery,
    loai: Option<String>,
    trang: Option<String>,
}

fn measure_of(kind: &str) -> Option<Measure> {
    Some(match kind {
        "tiep-nhan" => Measure::Received(None),
        "tiep-nhan-truc-tiep" => Measure::Received(Some(Channel::Desk)),
        "tiep-nhan-truc-tuyen" => Measure::Received(Some(Channel::Online)),
        "tiep-nhan-buu-chinh" => Measure::Received(Some(Channel::Post)),
        "som-han" => Measure::Finished(Finish::Early),
        "dung-han" => Measure::Finished(Finish::OnTime),
        "tre-han" => Measure::Finished(Finish::Late),
        "dung-dong-ho" => Measure::Finished(Finish::Unclocked),
        "dang-trong-han" => Measure::OpenWithin,
        "dang-qua-han" => Measure::OpenOver,
        "cho-bo-sung" => Measure::Awaiting,
        "da-va-dang-giai-quyet" => Measure::Handled,
        "dung-han-766" => Measure::HandledOnTime,
        "da-giai-quyet" => Measure::FinishedWith(Fact::Any),
        "co-phi" => Measure::ReceivedWith(Fact::FeeBearing),
        "thanh-toan-truc-tuyen" => Measure::ReceivedWith(Fact::PaidOnline),
        "tai-su-dung" => Measure::ReceivedWith(Fact::Reused),
        "kho-du-lieu" => Measure::ReceivedWith(Fact::FromStore),
        "dong-bo" => Measure::ReceivedWith(Fact::Synced),
        "ket-qua-giay-to" => Measure::FinishedWith(Fact::PaperResult),
        "ket-qua-dien-tu" => Measure::FinishedWith(Fact::EResult),
        "so-hoa" => Measure::FinishedWith(Fact::Digitised),
        _ => return None,
    })
}

#[derive(Debug)]
pub struct ListedRow {
    pub href: String,
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub due: String,
    pub finished: String,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "stats/list.html")]
pub struct ListPage {
    p: PageCtx,
    title: String,
    unit_label: String,
    period_label: String,
    rows: Vec<ListedRow>,
    total: i64,
    back: String,
    next: Option<String>,
    prev: Option<String>,
}

const LIST_PAGE: i64 = 50;

/// `GET /thong-ke/ho-so`: the dossiers a figure counts, fifty a page.
pub async fn listed(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let view = view_of(&state, &user, &q.view).await?;
    let kind = q.loai.clone().unwrap_or_default();
    let measure = measure_of(&kind).ok_or_else(|| {
        AppError::from(motcua_domain::DomainError::invalid(
            "loai",
            motcua_domain::message::Text::id("stats-list-unknown"),
        ))
    })?;
    let page: i64 = q
        .trang
        .as_deref()
        .and_then(|s| s.parse().ok())
        .filter(|n: &i64| (1..=10_000).contains(n))
        .unwrap_or(1);
    let (found, total) = store::listed(
        state.db(),
        view.units.as_deref(),
        view.procedure.as_deref(),
        measure,
        view.period.first.start(),
        view.period.last.end(),
        view.judged_at(),
        LIST_PAGE,
        (page - 1) * LIST_PAGE,
        true,
    )
    .await?;
    let total = total.unwrap_or_default();
    let here = |n: i64| {
        format!(
            "/thong-ke/ho-so?{}",
            view.query(&format!("loai={kind}&trang={n}"))
        )
    };
    let rows = found
        .into_iter()
        .map(|d| ListedRow {
            href: format!("/mot-cua/ho-so/{}", d.dossier_id),
            code: d.code,
            procedure: d.procedure_name,
            applicant: d.masked_name,
            received: when(d.received_at),
            due: d.due_at.map(when).unwrap_or_default(),
            finished: d.finished_at.map(when).unwrap_or_default(),
            status: Status::parse(&d.status).map_or(d.status, |s| p.lang.label(s)),
        })
        .collect();
    let unit_label = match view.unit {
        Some(u) => unit_name(&state, u).await,
        None => p.t("stats-everywhere"),
    };
    Ok(ListPage {
        title: p.t(&format!("stats-list-{kind}")),
        unit_label,
        period_label: period_label(&p, view.period),
        rows,
        total,
        back: format!("/thong-ke?{}", view.query("")),
        next: (page * LIST_PAGE < total).then(|| here(page + 1)),
        prev: (page > 1).then(|| here(page - 1)),
        p,
    }
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    #[serde(flatten)]
    pub(super) view: ViewQuery,
    bang: Option<String>,
}

/// One table of the dashboard as rows of cells, a header row first:
/// `thu-tuc`, `linh-vuc`, `don-vi`, `can-bo` or `chi-so`.
pub(super) async fn table_rows(
    state: &AppState,
    view: &View,
    table: &str,
) -> Result<Vec<Vec<String>>, AppError> {
    let (f, rows) = figures(state, view, view.period).await?;
    let mut out: Vec<Vec<String>> = Vec::new();
    let lines = |title: &str, ls: Vec<Line>, out: &mut Vec<Vec<String>>| {
        out.push(
            [
                title,
                "ten",
                "tiep_nhan",
                "da_giai_quyet",
                "tre_han",
                "dang_giai_quyet",
                "ty_le_dung_han",
            ]
            .map(str::to_owned)
            .to_vec(),
        );
        for l in ls {
            out.push(vec![
                l.key,
                l.name,
                l.received.to_string(),
                l.finished.to_string(),
                l.late.to_string(),
                l.open.to_string(),
                l.on_time,
            ]);
        }
    };
    match table {
        "thu-tuc" | "linh-vuc" | "don-vi" | "can-bo" => {
            let t = tables(state, view, &rows).await?;
            match table {
                "thu-tuc" => lines("ma_thu_tuc", t.by_procedure, &mut out),
                "linh-vuc" => lines("linh_vuc", t.by_field, &mut out),
                "don-vi" => lines("ma_don_vi", t.by_unit, &mut out),
                _ => {
                    out.push(vec![
                        "can_bo".into(),
                        "buoc_dung_han".into(),
                        "buoc_tre_han".into(),
                    ]);
                    for (name, on_time, late) in t.by_officer {
                        out.push(vec![name, on_time.to_string(), late.to_string()]);
                    }
                }
            }
        }
        "chi-so" => {
            let (indicators, total, _) = index(state, view, &f, &rows.rows).await?;
            let header = [
                "chi_so",
                "ten",
                "tu_so",
                "mau_so",
                "diem",
                "diem_toi_da",
                "do_tin_cay",
                "nguon",
                "thieu_du_lieu",
            ];
            out.push(header.map(str::to_owned).to_vec());
            for i in indicators {
                out.push(vec![
                    i.code,
                    i.name,
                    i.scored.numerator.to_string(),
                    i.scored.denominator.to_string(),
                    i.scored
                        .points
                        .map_or_else(String::new, |p| format!("{p:.2}")),
                    format!("{:.2}", i.max),
                    i.certainty.to_owned(),
                    i.source,
                    i.missing,
                ]);
            }
            let mut last = vec![String::new(); header.len()];
            last[0] = "tong".into();
            last[1].clone_from(&view.version.id);
            last[4] = format!("{total:.2}");
            out.push(last);
        }
        _ => {
            return Err(motcua_domain::DomainError::invalid(
                "bang",
                motcua_domain::message::Text::id("stats-table-unknown"),
            )
            .into());
        }
    }
    Ok(out)
}

pub(super) fn download(
    bytes: Vec<u8>,
    kind: &'static str,
    name: &str,
) -> Result<Response, AppError> {
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .map_err(AppError::internal)?,
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /thong-ke/bang.csv?bang=…`: one table, every cell made safe for a spreadsheet, with
/// the byte-order mark Excel needs to read Vietnamese.
pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<TableQuery>,
) -> Result<Response, AppError> {
    export(&state, &user, &q, false).await
}

/// `GET /thong-ke/bang.xlsx?bang=…`: the same table as a spreadsheet.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<TableQuery>,
) -> Result<Response, AppError> {
    export(&state, &user, &q, true).await
}

async fn export(
    state: &AppState,
    user: &CurrentUser,
    q: &TableQuery,
    xlsx: bool,
) -> Result<Response, AppError> {
    let view = view_of(state, user, &q.view).await?;
    let table = q.bang.as_deref().unwrap_or("thu-tuc");
    let rows = table_rows(state, &view, table).await?;
    let name = format!(
        "thong-ke-{table}-{}-{}",
        view.period.first, view.period.last
    );
    if xlsx {
        let bytes = motcua_forms::table_xlsx("Thống kê", &rows).map_err(AppError::internal)?;
        download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
        )
    } else {
        let bytes = motcua_forms::table_csv(&rows).map_err(AppError::internal)?;
        download(bytes, "text/csv; charset=utf-8", &format!("{name}.csv"))
    }
}

/// A procedure on the list behind 3.1, 3.2 or 3.5.
#[derive(Debug)]
pub struct ServedRow {
    pub href: String,
    pub code: String,
    pub name: String,
    pub online: String,
    pub fee: String,
    pub used: String,
    pub paid: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "stats/procedures.html")]
pub struct ProceduresPage {
    p: PageCtx,
    title: String,
    unit_label: String,
    period_label: String,
    rows: Vec<ServedRow>,
    back: String,
}

/// `GET /thong-ke/thu-tuc`: the procedures an index figure over procedures counts
/// (`tat-ca`, `truc-tuyen`, `truc-tuyen-co-ho-so`, `co-phi`, `co-phi-thanh-toan-truc-tuyen`).
pub async fn procedures(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let view = view_of(&state, &user, &q.view).await?;
    let kind = q.loai.clone().unwrap_or_default();
    let wanted: fn(&store::ServedProcedure, bool, bool) -> bool = match kind.as_str() {
        "tat-ca" => |_, _, _| true,
        "truc-tuyen" => |s, _, _| s.online.is_online(),
        "truc-tuyen-co-ho-so" => |s, used, _| s.online.is_online() && used,
        "co-phi" => |s, _, _| s.fee_bearing,
        "co-phi-thanh-toan-truc-tuyen" => |s, _, paid| s.fee_bearing && paid,
        _ => {
            return Err(AppError::from(motcua_domain::DomainError::invalid(
                "loai",
                motcua_domain::message::Text::id("stats-list-unknown"),
            )));
        }
    };
    let (_, lines) = figures(&state, &view, view.period).await?;
    let served = store::served(
        state.db(),
        view.units.as_deref(),
        view.procedure.as_deref(),
        motcua_domain::vn_date(view.judged_at()),
    )
    .await?;
    let (used, paid) = motcua_domain::stats::ServiceFigures::used(&lines.rows, view.period);
    let yes_no = |b: bool| p.t(if b { "stats-yes" } else { "stats-no" });
    let rows = served
        .iter()
        .filter(|s| {
            wanted(
                s,
                used.contains(s.code.as_str()),
                paid.contains(s.code.as_str()),
            )
        })
        .map(|s| ServedRow {
            href: format!("/procedures/{}", s.code),
            code: s.code.clone(),
            name: s.name.clone(),
            online: p.lang.label(s.online),
            fee: yes_no(s.fee_bearing),
            used: yes_no(used.contains(s.code.as_str())),
            paid: yes_no(paid.contains(s.code.as_str())),
        })
        .collect();
    let unit_label = match view.unit {
        Some(u) => unit_name(&state, u).await,
        None => p.t("stats-everywhere"),
    };
    Ok(ProceduresPage {
        title: p.t(&format!("stats-procedures-{kind}")),
        unit_label,
        period_label: period_label(&p, view.period),
        rows,
        back: format!("/thong-ke?{}", view.query("")),
        p,
    }
    .into_response())
}
