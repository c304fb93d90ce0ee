//! Which unit answers for a report: the category and the place decide. A category of the
//! province's water company goes to the company for any place within the province; a ward's
//! street-light category goes to the ward whose boundary holds the place; a province category
//! routed by area goes to the ward (or commune) of the place within the province. A place within
//! no boundary, or outside the category's unit, is refused: nobody would answer for it.

use motcua_domain::ids::UnitId;
use motcua_domain::message::Text;
use motcua_domain::report::category::{Category, Routing};
use motcua_domain::report::place::Coordinates;
use motcua_store::reports::setup;
use motcua_store::units;

use crate::{Context, Error, Result};

/// The unit that answers for a report of `category` at `at`.
pub async fn route(ctx: &Context, category: &Category, at: Coordinates) -> Result<UnitId> {
    let holding: Vec<UnitId> = setup::boundaries_near(ctx.db(), at)
        .await?
        .into_iter()
        .filter(|(_, b)| b.contains(at))
        .map(|(u, _)| u)
        .collect();
    if holding.is_empty() {
        return Err(Error::field(
            "location",
            Text::id("validation-report-outside"),
        ));
    }
    // A category routed by area takes places within its own unit's boundaries (a ward's
    // category does not take reports from the next ward); a body's category (a province's water
    // company, a sibling of the wards) takes places anywhere within its parent unit.
    let reach = match category.routing {
        Routing::Area => category.unit,
        Routing::Unit => motcua_store::units::get(ctx.db(), category.unit)
            .await?
            .parent
            .unwrap_or(category.unit),
    };
    let mut inside = Vec::new();
    for u in holding {
        let path = units::ancestry(ctx.db(), u).await?;
        if path.contains(&reach) {
            inside.push((u, path.len()));
        }
    }
    // The deepest unit holding the place: a ward's boundary inside a province's.
    inside.sort_by_key(|(_, depth)| std::cmp::Reverse(*depth));
    let Some((deepest, _)) = inside.first().copied() else {
        return Err(Error::field(
            "location",
            Text::id("validation-report-outside_category"),
        ));
    };
    Ok(match category.routing {
        Routing::Area => deepest,
        Routing::Unit => category.unit,
    })
}
