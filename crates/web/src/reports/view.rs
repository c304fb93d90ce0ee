//! What the report pages and Open311 both show of a report: never the reporter's contact
//! details, and their name only when they did not ask to be anonymous.

use std::collections::HashMap;

use motcua_domain::ids::UnitId;
use motcua_domain::report::category::Category;
use motcua_domain::report::state::StateDef;
use motcua_store::reports::ReportRecord;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// Names the pages need: categories, states, units.
pub struct Names {
    pub categories: Vec<Category>,
    pub states: Vec<StateDef>,
    pub units: HashMap<UnitId, String>,
}

impl Names {
    pub async fn load(state: &AppState) -> Result<Self, AppError> {
        let db = state.db();
        let mut categories = motcua_store::reports::setup::active_categories(db).await?;
        categories.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
        let units = motcua_store::units::list_in_force(db, crate::pages::today_vn())
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(Self {
            categories,
            states: motcua_store::reports::setup::states(db).await?,
            units,
        })
    }

    #[must_use]
    pub fn category(&self, code: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    #[must_use]
    pub fn state(&self, code: &str, lang: Lang) -> String {
        self.states.iter().find(|s| s.code == code).map_or_else(
            || code.to_owned(),
            |s| match lang {
                Lang::Vi => s.label_vi.clone(),
                Lang::En => s.label_en.clone(),
            },
        )
    }

    #[must_use]
    pub fn unit(&self, id: UnitId) -> String {
        self.units.get(&id).cloned().unwrap_or_default()
    }
}

/// The reporter as the public sees them: a name, or nothing.
#[must_use]
pub fn public_reporter(r: &ReportRecord) -> Option<String> {
    (!r.anonymous && !r.reporter_name.is_empty()).then(|| r.reporter_name.clone())
}
