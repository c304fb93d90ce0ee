//! What the domain tells a person, without choosing their language: a stable message id and
//! named arguments. The web layer finds the id in `locales/{vi,en}` and renders it in the
//! request's language; a label argument is itself an id (`<group>-<code>`), rendered the same
//! way, so a status inside a sentence is in the sentence's language too.
//!
//! The locales are embedded here, below every layer that tells a person something, so that a
//! message has one wording wherever it is rendered: the web renders it in the request's
//! language, logs and the command line (`Display`) in Vietnamese, the default language.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, StaticLoader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "vi",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The messages of every language, from `locales/{vi,en}/*.ftl`.
#[must_use]
pub fn locales() -> &'static StaticLoader {
    &LOCALES
}

/// Vietnamese, the language of `Display`.
#[must_use]
pub fn vietnamese() -> LanguageIdentifier {
    fluent_templates::langid!("vi")
}

/// One named argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageArg {
    /// Text given as it is (a name, a code, a legal basis quoted from the rule file).
    Text(String),
    Number(i64),
    /// Shown as `dd/mm/yyyy` in every language, as dates are printed on Vietnamese papers.
    Date(NaiveDate),
    /// The name of a value: `(group, code)`, the Fluent id `<group>-<code>`.
    Label(&'static str, &'static str),
    /// Several names, joined with ", ".
    Labels(Vec<(&'static str, &'static str)>),
    /// A message inside the message, in the same language.
    Message(Box<Text>),
}

/// A domain outcome the person reads.
pub trait Message {
    /// The Fluent id of the sentence.
    fn message_id(&self) -> &'static str;
    /// Its named arguments.
    fn args(&self) -> Vec<(&'static str, MessageArg)>;
}

/// Something to tell a person, rendered once their language is known: a domain message (an
/// id and arguments) or, for texts not yet in the locales, a fixed string. The layers below the
/// web pass it along; only the web layer picks the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Message {
        id: &'static str,
        args: Vec<(&'static str, MessageArg)>,
    },
    /// Several sentences about one field, one after the other.
    Joined(Vec<Text>),
}

impl Text {
    /// The message `m`.
    pub fn of(m: &impl Message) -> Self {
        Self::Message {
            id: m.message_id(),
            args: m.args(),
        }
    }

    /// A message with no arguments.
    #[must_use]
    pub const fn id(id: &'static str) -> Self {
        Self::Message {
            id,
            args: Vec::new(),
        }
    }

    /// The message `id` with named arguments.
    #[must_use]
    pub fn with(id: &'static str, args: Vec<(&'static str, MessageArg)>) -> Self {
        Self::Message { id, args }
    }

    /// This text in `lang`; a missing id shows the id itself (and is caught by the locale
    /// tests).
    #[must_use]
    pub fn render(&self, lang: &LanguageIdentifier) -> String {
        match self {
            Self::Plain(s) => s.clone(),
            Self::Message { id, args } => {
                let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(*k), v.value(lang)))
                    .collect();
                LOCALES
                    .try_lookup_with_args(lang, id, &map)
                    .unwrap_or_else(|| (*id).to_owned())
            }
            Self::Joined(parts) => parts
                .iter()
                .map(|t| t.render(lang))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Vietnamese, for logs and the command line.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&vietnamese()))
    }
}

impl MessageArg {
    fn value(&self, lang: &LanguageIdentifier) -> FluentValue<'static> {
        let name = |group: &str, code: &str| {
            let id = format!("{group}-{code}");
            LOCALES.try_lookup(lang, &id).unwrap_or(id)
        };
        match self {
            Self::Text(s) => FluentValue::from(s.clone()),
            Self::Number(n) => FluentValue::from(*n),
            Self::Date(d) => FluentValue::from(d.format("%d/%m/%Y").to_string()),
            Self::Label(group, code) => FluentValue::from(name(group, code)),
            Self::Labels(list) => FluentValue::from(
                list.iter()
                    .map(|(group, code)| name(group, code))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Self::Message(t) => FluentValue::from(t.render(lang)),
        }
    }
}

impl From<Text> for MessageArg {
    fn from(t: Text) -> Self {
        Self::Message(Box::new(t))
    }
}

impl From<&str> for MessageArg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for MessageArg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for MessageArg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<usize> for MessageArg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for MessageArg {
    fn from(n: u32) -> Self {
        Self::Number(i64::from(n))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Self::Plain(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self::Plain(s.to_owned())
    }
}

/// A detail an action needs and did not get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    SupplementItems,
    SupplementReasons,
    RefusalReason,
    DelayReason,
    StopReason,
    TransferReason,
    SignatoryNames,
    ExtensionDays,
    ExtensionReason,
    DecisionSummary,
    ComplexityReason,
    ForwardAgency,
    Guidance,
    SuspensionReason,
    PreviousResumeDate,
    ExcludedPeriodEnd,
    ExcludedPeriodReason,
}

impl Missing {
    pub const ALL: [Self; 17] = [
        Self::SupplementItems,
        Self::SupplementReasons,
        Self::RefusalReason,
        Self::DelayReason,
        Self::StopReason,
        Self::TransferReason,
        Self::SignatoryNames,
        Self::ExtensionDays,
        Self::ExtensionReason,
        Self::DecisionSummary,
        Self::ComplexityReason,
        Self::ForwardAgency,
        Self::Guidance,
        Self::SuspensionReason,
        Self::PreviousResumeDate,
        Self::ExcludedPeriodEnd,
        Self::ExcludedPeriodReason,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::SupplementItems => "supplement_items",
            Self::SupplementReasons => "supplement_reasons",
            Self::RefusalReason => "refusal_reason",
            Self::DelayReason => "delay_reason",
            Self::StopReason => "stop_reason",
            Self::TransferReason => "transfer_reason",
            Self::SignatoryNames => "signatory_names",
            Self::ExtensionDays => "extension_days",
            Self::ExtensionReason => "extension_reason",
            Self::DecisionSummary => "decision_summary",
            Self::ComplexityReason => "complexity_reason",
            Self::ForwardAgency => "forward_agency",
            Self::Guidance => "guidance",
            Self::SuspensionReason => "suspension_reason",
            Self::PreviousResumeDate => "previous_resume_date",
            Self::ExcludedPeriodEnd => "excluded_period_end",
            Self::ExcludedPeriodReason => "excluded_period_reason",
        }
    }

    /// For logs and the command line; pages use `missing-<code>` from the locales.
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::SupplementItems => "từng giấy tờ cần bổ sung và lý do",
            Self::SupplementReasons => "lý do cho từng giấy tờ cần bổ sung",
            Self::RefusalReason => "lý do từ chối",
            Self::DelayReason => "lý do chậm trả kết quả",
            Self::StopReason => "lý do dừng giải quyết hoặc rút hồ sơ",
            Self::TransferReason => "lý do chuyển cơ quan",
            Self::SignatoryNames => "họ tên của từng người đứng tên",
            Self::ExtensionDays => "số ngày gia hạn (lớn hơn 0)",
            Self::ExtensionReason => "lý do gia hạn",
            Self::DecisionSummary => "tóm tắt quyết định hoặc kết luận",
            Self::ComplexityReason => "lý do xác định vụ việc phức tạp",
            Self::ForwardAgency => "cơ quan nhận đơn chuyển",
            Self::Guidance => "nội dung hướng dẫn (cơ quan có thẩm quyền, cách thực hiện)",
            Self::SuspensionReason => "lý do tạm đình chỉ",
            Self::PreviousResumeDate => {
                "ngày quyết định tiếp tục giải quyết của lần tạm đình chỉ trước"
            }
            Self::ExcludedPeriodEnd => "ngày kết thúc của khoảng thời gian không tính",
            Self::ExcludedPeriodReason => "lý do của khoảng thời gian không tính",
        }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label_vi())
    }
}
