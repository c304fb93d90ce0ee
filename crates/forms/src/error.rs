//! Errors of the forms engine. Messages are Vietnamese first, English second: they reach officers
//! (a form that will not print) and integrators (a broken override file).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormError {
    #[error("tệp danh mục mẫu biểu không hợp lệ / invalid form-set file: {0}")]
    InvalidFormSets(String),

    #[error("không đọc được tệp {path} / cannot read {path}: {reason}")]
    Io { path: String, reason: String },

    #[error("không có bộ mẫu biểu nào có hiệu lực ngày {date} / no form set is in force on {date}")]
    NoFormSetInForce { date: chrono::NaiveDate },

    #[error(
        "không có mẫu \"{form}\" nào có hiệu lực ngày {date} / no \"{form}\" form is in force on {date}"
    )]
    NoFormInForce {
        form: &'static str,
        date: chrono::NaiveDate,
    },

    #[error("bộ mẫu biểu \"{set}\" không có mẫu \"{form}\" / set \"{set}\" has no \"{form}\" form")]
    FormNotInSet { set: String, form: &'static str },

    #[error("dữ liệu in mẫu không hợp lệ / invalid form input: {0}")]
    InvalidInput(String),

    #[error("không có bộ mẫu biểu \"{0}\" / no form set with id \"{0}\"")]
    UnknownFormSet(String),

    #[error(
        "đường dẫn tra cứu quá dài để in mã QR / the tracking address is too long for a QR code"
    )]
    QrTooLong,

    #[error("không tạo được tệp PDF / PDF rendering failed: {0}")]
    Pdf(String),

    #[error("không xuất được sổ theo dõi / logbook export failed: {0}")]
    Export(String),
}
