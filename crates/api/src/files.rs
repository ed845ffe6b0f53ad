use std::path::PathBuf;

use marketdesk_core::Lang;
use marketdesk_sheets::{sniff_path, FileKind};
use serde::Serialize;

use crate::error::ApiError;
use crate::jobs::{CancelToken, ProgressUpdate, Stage};

/// A dropped or picked file, as the import flow first sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectedFile {
    pub path: PathBuf,
    pub name: String,
    pub size: Option<u64>,
    pub kind: Option<FileKind>,
    pub kind_label: String,
    pub importable: bool,
    pub extension_mismatch: bool,
    /// Why the file could not be looked at, as a sentence.
    pub problem: Option<String>,
}

/// Looks at each file's bytes to tell what it is. One unreadable file does not stop the others.
pub fn inspect_files(
    paths: &[PathBuf],
    lang: Lang,
    job: u64,
    token: &CancelToken,
    progress: &dyn Fn(ProgressUpdate),
) -> Result<Vec<InspectedFile>, ApiError> {
    let total = paths.len() as u64;
    let mut out = Vec::with_capacity(paths.len());
    for (i, path) in paths.iter().enumerate() {
        if token.is_cancelled() {
            return Err(ApiError::cancelled(lang));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        progress(ProgressUpdate {
            job,
            done: i as u64,
            total,
            current: name.clone(),
            stage: Stage::Working,
        });
        out.push(match sniff_path(path) {
            Ok(s) => {
                let mut label = s.kind.label(lang);
                if s.extension_mismatch {
                    label.push_str(lang.pick(
                        "（扩展名与内容不符）",
                        " (extension does not match content)",
                    ));
                }
                InspectedFile {
                    path: path.clone(),
                    name,
                    size: Some(s.size),
                    importable: s.kind.is_importable(),
                    kind_label: label,
                    kind: Some(s.kind),
                    extension_mismatch: s.extension_mismatch,
                    problem: None,
                }
            }
            Err(e) => InspectedFile {
                path: path.clone(),
                name,
                size: None,
                kind: None,
                kind_label: lang.pick("无法读取", "Unreadable").into(),
                importable: false,
                extension_mismatch: false,
                problem: Some(ApiError::from_err(&e, lang).message),
            },
        });
    }
    progress(ProgressUpdate {
        job,
        done: total,
        total,
        current: String::new(),
        stage: Stage::Working,
    });
    Ok(out)
}
