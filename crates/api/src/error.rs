use std::fmt;

use marketdesk_core::{CoreError, Lang};
use marketdesk_report::ReportError;
use marketdesk_sheets::SheetsError;
use marketdesk_store::StoreError;
use serde::Serialize;

/// An error as a user sees it: a stable code the UI may branch on, and a sentence in their
/// language. Never a debug string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// The form field the message belongs next to, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Implemented by every crate's error enum, so one conversion serves them all.
pub trait UserFacing: std::error::Error {
    fn code(&self) -> &'static str;
    fn message(&self, lang: Lang) -> String;
}

macro_rules! user_facing {
    ($($t:ty),*) => {$(
        impl UserFacing for $t {
            fn code(&self) -> &'static str { <$t>::code(self) }
            fn message(&self, lang: Lang) -> String { <$t>::message(self, lang) }
        }
    )*};
}
user_facing!(CoreError, StoreError, SheetsError, ReportError);

impl ApiError {
    /// Logs the technical detail and keeps the sentence.
    pub fn from_err(err: &dyn UserFacing, lang: Lang) -> ApiError {
        tracing::info!(code = err.code(), error = %err, "request refused");
        ApiError {
            code: err.code().to_string(),
            message: err.message(lang),
            field: None,
        }
    }

    pub fn new(code: &str, message: String) -> ApiError {
        ApiError {
            code: code.into(),
            message,
            field: None,
        }
    }

    pub fn with_field(mut self, field: &str) -> ApiError {
        self.field = Some(field.into());
        self
    }

    pub fn invalid_count(input: &str, lang: Lang) -> ApiError {
        ApiError::new(
            "invalid_count",
            match lang {
                Lang::ZhCn => format!("“{input}”不是有效的数量，请输入 0 或正整数。"),
                Lang::En => format!("“{input}” is not a count; enter 0 or a whole number."),
            },
        )
    }

    pub fn cancelled(lang: Lang) -> ApiError {
        ApiError::new("cancelled", lang.pick("已取消。", "Cancelled.").into())
    }

    pub fn no_plan(lang: Lang) -> ApiError {
        ApiError::new(
            "no_plan",
            lang.pick(
                "这个工作区还没有预算计划，请先新建一个计划。",
                "This workspace has no budget plan yet; create one first.",
            )
            .into(),
        )
    }
}

/// `result.user(lang)?` inside the API: converts any crate error to an `ApiError`.
pub(crate) trait ToApi<T> {
    fn user(self, lang: Lang) -> Result<T, ApiError>;
}

impl<T, E: UserFacing> ToApi<T> for Result<T, E> {
    fn user(self, lang: Lang) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::from_err(&e, lang))
    }
}
