//! The heads' reception schedule.

use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::message::Text;
use motcua_domain::petition::reception::{HeadRole, ReceptionRuleBook};
use motcua_store::StoreError;
use motcua_store::reception::{self, ReceptionDay};

use crate::{Actor, Context, Error, FieldMessage, Result};

/// A head's reception day to plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDay {
    pub unit: UnitId,
    pub head_role: HeadRole,
    pub head_name: String,
    pub day: NaiveDate,
    pub place: String,
}

/// Refuses a day for a head the rules in force that day give no reception duty: such a day
/// would never count towards any duty and only hide a gap.
pub fn check_duty(
    rules: &ReceptionRuleBook,
    role: HeadRole,
    day: NaiveDate,
) -> Result<(), FieldMessage> {
    match rules.in_force(day).duty(role) {
        Some(_) => Ok(()),
        None => Err(FieldMessage::new(
            "head_role",
            Text::id("reception-role-no-duty"),
        )),
    }
}

/// Plans a head's reception day. A second day for the same head on the same date is a
/// conflict on `day`.
pub async fn plan_day(ctx: &Context, actor: &Actor, input: NewDay) -> Result<()> {
    super::within_limits(&[("head_name", &input.head_name), ("place", &input.place)])?;
    check_duty(ctx.reception_rules(), input.head_role, input.day)
        .map_err(|m| Error::Invalid(vec![m]))?;
    if input.head_name.trim().is_empty() {
        return Err(Error::field(
            "head_name",
            Text::id("reception-head-name-required"),
        ));
    }
    let record = ReceptionDay {
        unit: input.unit,
        head_role: input.head_role.code().to_owned(),
        head_name: input.head_name.trim().to_owned(),
        day: input.day,
        place: input.place.trim().to_owned(),
    };
    let mut tx = ctx.db().begin().await?;
    match reception::add_day(&mut tx, &actor.audit(), &record, ctx.now()).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(Error::Conflict {
                field: "day".into(),
                message: Text::id("reception-day-duplicate"),
            });
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}
