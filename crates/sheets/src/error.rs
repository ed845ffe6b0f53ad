use std::path::PathBuf;

use marketdesk_core::Lang;

#[derive(Debug, thiserror::Error)]
pub enum SheetsError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is a folder, not a file")]
    IsDirectory { path: PathBuf },
}

pub type Result<T, E = SheetsError> = std::result::Result<T, E>;

impl SheetsError {
    pub fn code(&self) -> &'static str {
        match self {
            SheetsError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "file_not_found"
            }
            SheetsError::Io { .. } => "file_unreadable",
            SheetsError::IsDirectory { .. } => "is_directory",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let name = |p: &PathBuf| p.display().to_string();
        match (self, lang) {
            (SheetsError::Io { path, source }, Lang::ZhCn)
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                format!("找不到文件“{}”。", name(path))
            }
            (SheetsError::Io { path, source }, Lang::En)
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                format!("The file “{}” does not exist.", name(path))
            }
            (SheetsError::Io { path, source }, Lang::ZhCn) => {
                format!("无法读取文件“{}”：{}。", name(path), source)
            }
            (SheetsError::Io { path, source }, Lang::En) => {
                format!("The file “{}” could not be read: {}.", name(path), source)
            }
            (SheetsError::IsDirectory { path }, Lang::ZhCn) => {
                format!("“{}”是文件夹，请拖入表格文件。", name(path))
            }
            (SheetsError::IsDirectory { path }, Lang::En) => {
                format!(
                    "“{}” is a folder; drop spreadsheet files instead.",
                    name(path)
                )
            }
        }
    }
}
