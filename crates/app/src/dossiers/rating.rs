//! The citizen's satisfaction rating (Decree 61/2018 Art. 31), once per dossier, after the
//! result is returned. Who rated is not stored (Art. 27: feedback givers are kept
//! confidential).

use std::collections::BTreeMap;

use motcua_domain::dossier::lifecycle::Status;
use motcua_domain::dossier::rating::{Answer, RatingForm};
use motcua_domain::dossier::record::DossierRecord;
use motcua_domain::message::Text;
use motcua_store::dossiers::{self, RatingRecord};

use crate::{Actor, Context, Error, Result};

/// A rating as given for dossier `d`: the answers, and the last four digits of the applicant's
/// ID number or tax code, which only the applicant has (anyone may open the tracking page).
#[derive(Clone, Debug)]
pub struct Rate {
    pub form: RatingForm,
    pub verify: String,
}

/// Records the one rating of a returned dossier.
pub async fn rate(ctx: &Context, actor: &Actor, d: &DossierRecord, input: Rate) -> Result<()> {
    if d.status != Status::Returned {
        return Err(Error::rule(
            "rating_not_open",
            Text::id("dossier-rating-not_open"),
        ));
    }
    check_verify(d, &input.verify)?;
    let rating = input.form.parse()?;
    let (sum, n) = rating.points();
    let scores: BTreeMap<&str, serde_json::Value> = rating
        .answers
        .iter()
        .map(|(c, a)| {
            (
                c.code(),
                match a {
                    Answer::Scored(s) => serde_json::json!(s.points()),
                    Answer::NotApplicable => serde_json::json!("na"),
                },
            )
        })
        .collect();
    let record = RatingRecord {
        rated_at: ctx.now(),
        scores_json: serde_json::to_string(&scores).map_err(Error::internal)?,
        average_hundredths: i64::from(sum) * 100 / i64::from(n.max(1)),
        comment: rating.comment.unwrap_or_default(),
    };
    let mut tx = ctx.db().begin().await?;
    dossiers::record_rating(&mut tx, &actor.audit(), d, &record).await?;
    tx.commit().await?;
    Ok(())
}

fn check_verify(d: &DossierRecord, verify: &str) -> Result<()> {
    let digits: String = d
        .applicant
        .id_number
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail = &digits[digits.len().saturating_sub(4)..];
    if verify.trim().is_empty() || verify.trim() != tail {
        return Err(Error::field(
            "verify",
            Text::id("validation-dossier-rating_verify"),
        ));
    }
    Ok(())
}
