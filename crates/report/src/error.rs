use marketdesk_core::Lang;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not draw the chart: {0}")]
    Chart(String),
    #[error("not a colour: {0:?}")]
    Color(String),
    #[error("could not lay out the document: {0}")]
    Document(String),
    #[error("no font with Chinese characters found")]
    NoCjkFont,
    #[error("could not write the spreadsheet: {0}")]
    Spreadsheet(String),
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// plotters' drawing errors, kept as text: they name a backend failure, not user input.
pub(crate) fn chart_err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Chart(e.to_string())
}

impl ReportError {
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Chart(_) => "chart_failed",
            ReportError::Color(_) => "invalid_color",
            ReportError::Document(_) => "document_failed",
            ReportError::NoCjkFont => "no_cjk_font",
            ReportError::Spreadsheet(_) => "spreadsheet_failed",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReportError::Chart(e), Lang::ZhCn) => format!("图表绘制失败：{e}。"),
            (ReportError::Chart(e), Lang::En) => format!("The chart could not be drawn: {e}."),
            (ReportError::Color(c), Lang::ZhCn) => format!("“{c}”不是有效的颜色。"),
            (ReportError::Color(c), Lang::En) => format!("“{c}” is not a valid colour."),
            (ReportError::Document(e), Lang::ZhCn) => format!("计划文档排版失败：{e}。"),
            (ReportError::Document(e), Lang::En) => format!("The plan document could not be laid out: {e}."),
            (ReportError::NoCjkFont, Lang::ZhCn) => {
                "找不到中文字体，无法生成 PDF。请安装 Noto Sans CJK（Debian/Ubuntu：fonts-noto-cjk）。".into()
            }
            (ReportError::NoCjkFont, Lang::En) => {
                "No Chinese font was found, so no PDF can be made. Install Noto Sans CJK (Debian/Ubuntu: fonts-noto-cjk).".into()
            }
            (ReportError::Spreadsheet(e), Lang::ZhCn) => format!("Excel 文件生成失败：{e}。"),
            (ReportError::Spreadsheet(e), Lang::En) => format!("The Excel file could not be written: {e}."),
        }
    }
}
