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
        }
    }

    pub fn cancelled(lang: Lang) -> ApiError {
        ApiError {
            code: "cancelled".into(),
            message: lang.pick("已取消。", "Cancelled.").into(),
        }
    }

    pub fn no_plan(lang: Lang) -> ApiError {
        ApiError {
            code: "no_plan".into(),
            message: lang
                .pick(
                    "这个工作区还没有预算计划，请先新建一个计划。",
                    "This workspace has no budget plan yet; create one first.",
                )
                .into(),
        }
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
