//! The administrator's petition rule files, `DATA/petitions/petition-rules.toml` and
//! `reception-rules.toml`, and the place reports' `DATA/reports/feedback-rules.toml`: read at start when present, replacing the shipped rule sets; a bad
//! file stops the server with the file's name rather than counting deadlines by wrong rules.

use std::fs;
use std::path::Path;

use anyhow::Context as _;
use motcua_domain::petition::reception::ReceptionRuleBook;
use motcua_domain::petition::rules::PetitionRuleBook;
use motcua_domain::report::rules::FeedbackRuleBook;

/// The petition time limits: the administrator's file, else the shipped rule sets.
pub fn load_petition_rules(data: &Path) -> anyhow::Result<PetitionRuleBook> {
    let path = data.join("petitions").join("petition-rules.toml");
    if !path.exists() {
        return Ok(PetitionRuleBook::shipped()?);
    }
    let text = fs::read_to_string(&path)
        .with_context(|| format!("tệp quy tắc xử lý đơn / petition rules {}", path.display()))?;
    let book = PetitionRuleBook::from_toml(&text).with_context(|| {
        format!(
            "tệp quy tắc xử lý đơn không hợp lệ / invalid petition rules {}",
            path.display()
        )
    })?;
    tracing::info!(path = %path.display(), "petition rules loaded from the data folder");
    Ok(book)
}

/// The heads' reception duty: the administrator's file, else the shipped rule sets.
pub fn load_reception_rules(data: &Path) -> anyhow::Result<ReceptionRuleBook> {
    let path = data.join("petitions").join("reception-rules.toml");
    if !path.exists() {
        return Ok(ReceptionRuleBook::shipped()?);
    }
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "tệp quy định tiếp công dân / reception rules {}",
            path.display()
        )
    })?;
    let book = ReceptionRuleBook::from_toml(&text).with_context(|| {
        format!(
            "tệp quy định tiếp công dân không hợp lệ / invalid reception rules {}",
            path.display()
        )
    })?;
    tracing::info!(path = %path.display(), "reception rules loaded from the data folder");
    Ok(book)
}

/// The place reports' feedback clock: the province's file, else the shipped rule sets.
pub fn load_feedback_rules(data: &Path) -> anyhow::Result<FeedbackRuleBook> {
    let path = data.join("reports").join("feedback-rules.toml");
    if !path.exists() {
        return Ok(FeedbackRuleBook::shipped()?);
    }
    let text = fs::read_to_string(&path)
        .with_context(|| format!("tệp thời hạn phản ánh / feedback rules {}", path.display()))?;
    let book = FeedbackRuleBook::from_toml(&text).with_context(|| {
        format!(
            "tệp thời hạn phản ánh không hợp lệ / invalid feedback rules {}",
            path.display()
        )
    })?;
    tracing::info!(path = %path.display(), "feedback rules loaded from the data folder");
    Ok(book)
}
