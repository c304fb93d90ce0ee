//! Leaders' statistics (issue 26): `/thong-ke` (the dossier dashboard of the units one leads,
//! with the Decision 766 index), `/thong-ke/ho-so` (the dossiers behind any figure),
//! `/thong-ke/bang.csv` and `.xlsx` (each table), `/thong-ke/bao-cao.pdf` (the whole
//! dashboard) and `/thong-ke/cong-khai` (each unit's figures by
//! month, for everyone). Figures come from the tally kept with every dossier write (see
//! `motcua_store::stats`), so no view is ever behind the data.

mod chart;
mod dashboard;
mod public;
pub(crate) mod report;
pub(crate) mod summary;

use axum::Router;
use axum::routing::get;
use chrono::{DateTime, Utc};
use motcua_domain::DomainError;
use motcua_domain::ids::UnitId;
use motcua_domain::message::Text;
use motcua_domain::policy::Action;
use motcua_domain::stats::index766::{IndexVersion, Inputs, Measure, Scored};
use motcua_domain::stats::{DossierFigures, Month, Period, Served, ServiceFigures, TallyRow};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/thong-ke", get(dashboard::page))
        .route("/thong-ke/ho-so", get(dashboard::listed))
        .route("/thong-ke/thu-tuc", get(dashboard::procedures))
        .route("/thong-ke/bang.csv", get(dashboard::csv))
        .route("/thong-ke/bang.xlsx", get(dashboard::xlsx))
        .route("/thong-ke/bao-cao.pdf", get(report::pdf))
        .route("/thong-ke/cong-khai", get(public::page))
}

/// What a dashboard's address asks for. Every field is optional: the first visit shows the
/// leader's own unit for this month.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ViewQuery {
    pub don_vi: Option<String>,
    pub tu: Option<String>,
    pub den: Option<String>,
    pub thu_tuc: Option<String>,
    /// "1": include the units this one succeeded in a reorganisation.
    pub tien_nhiem: Option<String>,
    pub phien_ban: Option<String>,
}

/// A checked view: which units, which months, which index version.
#[derive(Clone, Debug)]
pub struct View {
    /// The unit chosen (`None`: everything, for a system-wide grant).
    pub unit: Option<UnitId>,
    /// Its subtree, with its predecessors' when asked; `None` for everything.
    pub units: Option<Vec<UnitId>>,
    pub period: Period,
    pub procedure: Option<String>,
    pub predecessors: bool,
    pub version: IndexVersion,
    pub now: DateTime<Utc>,
}

impl View {
    /// The address of this view with `extra` query parameters, for links.
    #[must_use]
    pub fn query(&self, extra: &str) -> String {
        let mut q = format!("tu={}&den={}", self.period.first, self.period.last);
        if let Some(u) = self.unit {
            q.push_str(&format!("&don_vi={u}"));
        }
        if let Some(p) = &self.procedure {
            q.push('&');
            q.push_str(&serde_urlencoded::to_string([("thu_tuc", p)]).unwrap_or_default());
        }
        if self.predecessors {
            q.push_str("&tien_nhiem=1");
        }
        q.push_str(&format!("&phien_ban={}", self.version.id));
        if !extra.is_empty() {
            q.push('&');
            q.push_str(extra);
        }
        q
    }

    /// The view of `unit`'s subtree over `period` for the system itself (the monthly
    /// summary): no person's scope, the index version in force at the period's end.
    pub async fn for_unit(
        state: &AppState,
        unit: UnitId,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        Ok(Self {
            unit: Some(unit),
            units: Some(authz::subtrees(state, &[unit]).await?),
            period,
            procedure: None,
            predecessors: false,
            version: state
                .index_versions()
                .in_force(period.last.first_day())
                .clone(),
            now,
        })
    }

    /// When the period is judged: its end, or now while it runs.
    #[must_use]
    pub fn judged_at(&self) -> DateTime<Utc> {
        self.period.last.end().min(self.now)
    }
}

/// The longest procedure code accepted in a filter.
const PROCEDURE_MAX: usize = 64;

fn month_field(value: Option<&str>, field: &str, default: Month) -> Result<Month, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => Month::parse(s).ok_or_else(|| {
            DomainError::invalid(field.to_owned(), Text::id("stats-period-bad_month")).into()
        }),
    }
}

/// Parses and checks the query against the person's scope: a unit outside it is not found,
/// as everywhere else.
pub async fn view_of(
    state: &AppState,
    user: &CurrentUser,
    q: &ViewQuery,
) -> Result<View, AppError> {
    if !authz::can_somewhere(user, Action::ViewDashboard) {
        return Err(AppError::Forbidden);
    }
    let scope = authz::scope_units(state, user, &[Action::ViewDashboard]).await?;
    let now = motcua_store::now();
    let current = Month::of(now);
    let first = month_field(q.tu.as_deref(), "tu", current)?;
    let last = month_field(q.den.as_deref(), "den", first)?;
    let period = Period::new(first, last, current)?;
    let chosen = match q.don_vi.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let id = UnitId::parse(s).map_err(|_| AppError::NotFound)?;
            if scope.as_ref().is_some_and(|units| !units.contains(&id)) {
                return Err(AppError::NotFound);
            }
            motcua_store::units::get(state.db(), id)
                .await
                .map_err(|_| AppError::NotFound)?;
            Some(id)
        }
        None => authz::scope_roots(user, Action::ViewDashboard).and_then(|r| r.first().copied()),
    };
    let predecessors = q.tien_nhiem.as_deref() == Some("1");
    let units = match chosen {
        None => None,
        Some(u) => {
            let mut roots = vec![u];
            if predecessors {
                // Only those the person may see anyway: succeeding a unit grants nothing.
                roots.extend(
                    predecessors_of(state, u)
                        .await?
                        .into_iter()
                        .filter(|p| scope.as_ref().is_none_or(|s| s.contains(p))),
                );
            }
            let mut units = authz::subtrees(state, &roots).await?;
            if let Some(scope) = &scope {
                units.retain(|x| scope.contains(x));
            }
            Some(units)
        }
    };
    let procedure = q
        .thu_tuc
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.chars().count() > PROCEDURE_MAX {
                Err(AppError::from(DomainError::invalid(
                    "thu_tuc",
                    Text::id("stats-procedure-too_long"),
                )))
            } else {
                Ok(s.to_owned())
            }
        })
        .transpose()?;
    let versions = state.index_versions();
    let version = match q.phien_ban.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => versions.get(id)?.clone(),
        None => versions.in_force(period.last.first_day()).clone(),
    };
    Ok(View {
        unit: chosen,
        units,
        period,
        procedure,
        predecessors,
        version,
        now,
    })
}

/// The units `unit` took over in reorganisations, and theirs, transitively.
async fn predecessors_of(state: &AppState, unit: UnitId) -> Result<Vec<UnitId>, AppError> {
    let mut out: Vec<UnitId> = Vec::new();
    let mut todo = vec![unit];
    while let Some(u) = todo.pop() {
        for change in motcua_store::units::changes_of(state.db(), u).await? {
            if !change.successors.contains(&u) {
                continue;
            }
            for p in change.predecessors {
                if p != unit && !out.contains(&p) {
                    out.push(p);
                    todo.push(p);
                }
            }
        }
    }
    Ok(out)
}

/// What a view read for a period: its tally lines, and the open dossiers of the running month
/// already past due, by (unit, procedure).
#[derive(Debug, Default)]
pub struct Lines {
    pub rows: Vec<TallyRow>,
    pub past_due: Vec<(String, String, i64)>,
}

/// The tally lines of a view's units for `period`, and its figures, with the running
/// month's dues split against the clock.
pub async fn figures(
    state: &AppState,
    view: &View,
    period: Period,
) -> Result<(DossierFigures, Lines), AppError> {
    let units = view.units.as_deref();
    let procedure = view.procedure.as_deref();
    let rows =
        motcua_store::stats::lines(state.db(), units, procedure, period.first, period.last).await?;
    let running = Month::of(view.now);
    let mut f = DossierFigures::default();
    for r in &rows {
        f.add(r, period, running);
    }
    let mut past_due = Vec::new();
    if f.open_due_current > 0 {
        past_due = motcua_store::stats::open_past_due(
            state.db(),
            units,
            procedure,
            running.start(),
            view.now,
        )
        .await?;
        f.split_current(past_due.iter().map(|(_, _, n)| n).sum());
    }
    Ok((f, Lines { rows, past_due }))
}

/// One indicator of the index as shown.
#[derive(Debug)]
pub struct IndicatorLine {
    pub code: String,
    pub group: String,
    pub name: String,
    pub max: f64,
    pub scored: Scored,
    pub certainty: &'static str,
    pub source: String,
    pub missing: String,
    /// The lists behind the numerator and the denominator, when there are.
    pub href: Option<String>,
    pub den_href: Option<String>,
}

/// The index of a view: each indicator's numbers and points, the total of what the system
/// can compute and its most.
pub async fn index(
    state: &AppState,
    view: &View,
    f: &DossierFigures,
    rows: &[TallyRow],
) -> Result<(Vec<IndicatorLine>, f64, f64), AppError> {
    let petitions = petition_figures(state, view).await?;
    let service = service_figures(state, view, rows).await?;
    Ok(index_of(view, f, &petitions, &service))
}

/// Decision 766's counts over the procedures the view's units serve (3.1, 3.2, 3.5), with
/// the catalogue in force on the day the period is judged.
pub async fn service_figures(
    state: &AppState,
    view: &View,
    rows: &[TallyRow],
) -> Result<ServiceFigures, AppError> {
    let served = motcua_store::stats::served(
        state.db(),
        view.units.as_deref(),
        view.procedure.as_deref(),
        motcua_domain::vn_date(view.judged_at()),
    )
    .await?;
    Ok(ServiceFigures::of(
        served.iter().map(|s| Served {
            code: &s.code,
            online: s.online.is_online(),
            fee_bearing: s.fee_bearing,
        }),
        rows,
        view.period,
    ))
}

/// The view's petitions by kind (see `motcua_store::stats::petition_figures`).
pub async fn petition_figures(
    state: &AppState,
    view: &View,
) -> Result<Vec<motcua_store::stats::CaseFigures>, AppError> {
    let at = view.judged_at();
    Ok(motcua_store::stats::petition_figures(
        state.db(),
        view.units.as_deref(),
        view.period,
        at,
        crate::petitions::view::pending_since(state, at),
    )
    .await?)
}

/// [`index`] from figures already read.
#[must_use]
pub fn index_of(
    view: &View,
    f: &DossierFigures,
    petitions: &[motcua_store::stats::CaseFigures],
    service: &ServiceFigures,
) -> (Vec<IndicatorLine>, f64, f64) {
    // 5.2 counts recommendations and feedback: on time when closed by the due date or open
    // and not yet due, over all handled in the period or open at its end.
    let pakn = petitions
        .iter()
        .filter(|c| c.kind == "kien_nghi" || c.kind == "phan_anh")
        .fold((0, 0), |(num, den), c| {
            (
                num + c.closed_on_time + c.open_within,
                den + c.closed_on_time + c.closed_late + c.open_within + c.open_over,
            )
        });
    let inputs = Inputs {
        dossiers: f,
        service: Some(service),
        petitions: Some(pakn),
    };
    let mut lines = Vec::new();
    let mut total = 0.0;
    for i in &view.version.indicators {
        let list = |kind: &str| {
            Some(format!(
                "/thong-ke/ho-so?{}",
                view.query(&format!("loai={kind}"))
            ))
        };
        let procedures = |kind: &str| {
            Some(format!(
                "/thong-ke/thu-tuc?{}",
                view.query(&format!("loai={kind}"))
            ))
        };
        let (href, den_href) = match i.measure {
            Measure::DossierOnTime => (list("dung-han-766"), list("da-va-dang-giai-quyet")),
            Measure::DossierOnline => (list("tiep-nhan-truc-tuyen"), list("tiep-nhan")),
            Measure::DossierSatisfaction => (None, list("da-va-dang-giai-quyet")),
            // Petitions are listed one kind at a time; the two kinds counted here have no
            // single list.
            Measure::PetitionOnTime | Measure::Missing => (None, None),
            Measure::ProcedureOnline => (procedures("truc-tuyen"), procedures("tat-ca")),
            Measure::OnlineServiceUsed => {
                (procedures("truc-tuyen-co-ho-so"), procedures("truc-tuyen"))
            }
            Measure::FeeProcedurePaidOnline => (
                procedures("co-phi-thanh-toan-truc-tuyen"),
                procedures("co-phi"),
            ),
            Measure::DossierPaidOnline => (list("thanh-toan-truc-tuyen"), list("co-phi")),
            Measure::DossierEResult => (list("ket-qua-dien-tu"), list("ket-qua-giay-to")),
            Measure::DossierDigitised => (list("so-hoa"), list("da-giai-quyet")),
            Measure::DossierReused => (list("tai-su-dung"), list("tiep-nhan")),
            Measure::DossierPortalStore => (list("kho-du-lieu"), list("tiep-nhan")),
            Measure::DossierSynced => (list("dong-bo"), list("tiep-nhan")),
        };
        let (num, den) = i.measure.numbers(&inputs).unwrap_or((0, 0));
        let scored = i.score(num, den);
        total += scored.points.unwrap_or(0.0);
        lines.push(IndicatorLine {
            code: i.code.clone(),
            group: view
                .version
                .groups
                .iter()
                .find(|g| g.code == i.group)
                .map_or_else(String::new, |g| g.name.clone()),
            name: i.name.clone(),
            max: i.points,
            scored,
            certainty: i.certainty.label_vi(),
            source: i.source.clone(),
            missing: i.missing.clone(),
            href,
            den_href,
        });
    }
    (
        lines,
        (total * 100.0).round() / 100.0,
        view.version.computable_points(),
    )
}

/// The period in the reader's language: `05/2026`, `Quý 2/2026`, `Năm 2026`, or a range.
#[must_use]
pub fn period_label(p: &crate::pages::PageCtx, period: Period) -> String {
    use motcua_domain::stats::PeriodKind;
    let year = period.first.year().to_string();
    match period.kind() {
        PeriodKind::Month => format!("{:02}/{year}", period.first.month()),
        PeriodKind::Quarter => p.t2(
            "stats-period-quarter",
            &[
                ("quarter", ((period.first.month() - 1) / 3 + 1).to_string()),
                ("year", year),
            ],
        ),
        PeriodKind::Year => p.t1("stats-period-year", "year", year),
        PeriodKind::Range => format!(
            "{:02}/{} – {:02}/{}",
            period.first.month(),
            period.first.year(),
            period.last.month(),
            period.last.year()
        ),
    }
}

/// `12,3 %` from per mille, or a dash.
#[must_use]
pub fn percent(permille: Option<i64>) -> String {
    permille.map_or_else(|| "–".to_owned(), |p| format!("{},{} %", p / 10, p % 10))
}

/// A change against the previous period, signed.
#[must_use]
pub fn delta(now: i64, before: i64) -> String {
    match now - before {
        0 => "±0".to_owned(),
        d if d > 0 => format!("+{d}"),
        d => d.to_string(),
    }
}
