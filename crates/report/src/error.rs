use marketdesk_core::Lang;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not draw the chart: {0}")]
    Chart(String),
    #[error("not a colour: {0:?}")]
    Color(String),
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;

impl ReportError {
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Chart(_) => "chart_failed",
            ReportError::Color(_) => "invalid_color",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReportError::Chart(e), Lang::ZhCn) => format!("图表绘制失败：{e}。"),
            (ReportError::Chart(e), Lang::En) => format!("The chart could not be drawn: {e}."),
            (ReportError::Color(c), Lang::ZhCn) => format!("“{c}”不是有效的颜色。"),
            (ReportError::Color(c), Lang::En) => format!("“{c}” is not a valid colour."),
        }
    }
}
