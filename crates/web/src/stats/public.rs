//! `/thong-ke/cong-khai`: each unit's dossiers received, on-time rate, satisfaction and index
//! score for a month, for everyone and without a login: what the national portal publishes,
//! but live. Only counts and rates: no dossier, no name.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use motcua_domain::ids::UnitId;
use motcua_domain::stats::index766::Inputs;
use motcua_domain::stats::{DossierFigures, Month, Period};
use serde::Deserialize;

use super::percent;
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::{PageCtx, today_vn};
use crate::state::AppState;

/// Below this many ratings a unit's satisfaction is not published.
const MIN_RATINGS_SHOWN: i64 = 5;

#[derive(Debug, Default, Deserialize)]
pub struct PublicQuery {
    thang: Option<String>,
}

#[derive(Debug)]
pub struct UnitLine {
    pub name: String,
    pub depth: usize,
    pub received: i64,
    pub handled: i64,
    pub on_time: String,
    pub satisfied: String,
    pub score: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "stats/public.html")]
pub struct PublicPage {
    p: PageCtx,
    month: String,
    month_label: String,
    months: Vec<(String, String)>,
    lines: Vec<UnitLine>,
    version_name: String,
    score_max: String,
    /// The indicators the score covers, by code.
    score_codes: String,
}

/// `GET /thong-ke/cong-khai?thang=YYYY-MM` (default: last month, the last whole one).
pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    Query(q): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let now = motcua_store::now();
    let current = Month::of(now);
    let month = match q.thang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => current.plus(-1),
        Some(s) => Month::parse(s).ok_or_else(|| {
            AppError::from(motcua_domain::DomainError::invalid(
                "thang",
                motcua_domain::message::Text::id("stats-period-bad_month"),
            ))
        })?,
    };
    let period = Period::new(month, month, current)?;
    let version = state.index_versions().in_force(month.first_day());
    // One read of the whole tally for the month, rolled up the unit tree in memory.
    let rows = motcua_store::stats::lines(state.db(), None, None, month, month).await?;
    let units = motcua_store::units::list_in_force(state.db(), today_vn()).await?;
    let all = motcua_store::units::list_all(state.db()).await?;
    let parent: HashMap<UnitId, Option<UnitId>> = all.iter().map(|u| (u.id, u.parent)).collect();
    let mut per_unit: HashMap<UnitId, DossierFigures> = HashMap::new();
    for r in &rows {
        let Ok(mut id) = UnitId::parse(&r.unit_id) else {
            continue;
        };
        for _ in 0..16 {
            per_unit.entry(id).or_default().add(r, period, current);
            match parent.get(&id).copied().flatten() {
                Some(up) => id = up,
                None => break,
            }
        }
    }
    // The running month's dues already past, rolled up the same way.
    if month == current {
        let past_due =
            motcua_store::stats::open_past_due(state.db(), None, None, current.start(), now)
                .await?;
        let mut over: HashMap<UnitId, i64> = HashMap::new();
        for (unit, _, n) in past_due {
            let Ok(mut id) = UnitId::parse(&unit) else {
                continue;
            };
            for _ in 0..16 {
                *over.entry(id).or_default() += n;
                match parent.get(&id).copied().flatten() {
                    Some(up) => id = up,
                    None => break,
                }
            }
        }
        for (id, f) in &mut per_unit {
            f.split_current(over.get(id).copied().unwrap_or(0));
        }
    }
    let depth_of = |mut id: UnitId| {
        let mut d = 0;
        while let Some(Some(up)) = parent.get(&id) {
            d += 1;
            id = *up;
            if d > 16 {
                break;
            }
        }
        d
    };
    // The indicators the tally alone answers (the public page reads nothing else), and the
    // most they can give.
    let computable: Vec<_> = version
        .indicators
        .iter()
        .filter(|i| {
            i.measure
                .numbers(&Inputs {
                    dossiers: &DossierFigures::default(),
                    service: None,
                    petitions: None,
                })
                .is_some()
        })
        .collect();
    let max: f64 = computable.iter().map(|i| i.points).sum();
    let score_codes = computable
        .iter()
        .map(|i| i.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines: Vec<(String, UnitLine)> = Vec::new();
    for u in &units {
        let f = per_unit.get(&u.id).cloned().unwrap_or_default();
        if f.received() == 0 && f.handled_total() == 0 {
            continue;
        }
        let den = f.handled_total();
        let inputs = Inputs {
            dossiers: &f,
            service: None,
            petitions: None,
        };
        let score: f64 = version
            .indicators
            .iter()
            .filter_map(|i| {
                let (num, den) = i.measure.numbers(&inputs)?;
                i.score(num, den).points
            })
            .sum();
        lines.push((
            u.code.to_string(),
            UnitLine {
                name: u.name.clone(),
                depth: depth_of(u.id),
                received: f.received(),
                handled: den,
                on_time: percent(f.on_time_permille()),
                // A share of one or two ratings would show how those people rated.
                satisfied: percent(
                    f.satisfied_permille()
                        .filter(|_| f.rated >= MIN_RATINGS_SHOWN),
                ),
                score: format!("{score:.2}"),
            },
        ));
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    let months = (0..12)
        .map(|i| {
            let m = current.plus(-i);
            (m.to_string(), format!("{:02}/{}", m.month(), m.year()))
        })
        .collect();
    Ok(PublicPage {
        month: month.to_string(),
        month_label: format!("{:02}/{}", month.month(), month.year()),
        months,
        lines: lines.into_iter().map(|(_, l)| l).collect(),
        version_name: version.name.clone(),
        score_max: format!("{max:.0}"),
        score_codes,
        p,
    }
    .into_response())
}
