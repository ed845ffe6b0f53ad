use std::path::{Path, PathBuf};

use marketdesk_core::Lang;

use crate::limits::Limit;
use crate::FileKind;

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
    /// A PDF, an image, a Word file, an empty file…: nothing to import.
    #[error("{path} is not a spreadsheet ({kind:?})")]
    NotASheet { path: PathBuf, kind: FileKind },
    /// A sheet format recognised but not read yet (HTML tables, Excel 2003 XML).
    #[error("{path} is a {kind:?}, which cannot be read yet")]
    NotSupportedYet { path: PathBuf, kind: FileKind },
    #[error("{path} is password-protected")]
    PasswordProtected { path: PathBuf },
    #[error("{path} is damaged{}: {detail}", sheet.as_ref().map(|s| format!(" in sheet {s:?}")).unwrap_or_default())]
    Corrupt {
        path: PathBuf,
        sheet: Option<String>,
        detail: String,
    },
    /// A quote opened at `line` that never closes: the rest of the file became one cell.
    #[error("{path}: the quote opened on line {line} is never closed")]
    UnclosedQuote { path: PathBuf, line: u64 },
    #[error("{path} exceeds a limit: {limit:?}")]
    TooLarge { path: PathBuf, limit: Limit },
    /// An encoding name the caller asked for that is not a WHATWG label.
    #[error("unknown text encoding {label:?}")]
    UnknownEncoding { label: String },
    /// A separator that cannot split fields: not ASCII, or a quote or line break.
    #[error("{path}: unusable separator {delimiter:?}")]
    UnusableDelimiter { path: PathBuf, delimiter: char },
    #[error("{path} has {count} sheet(s); there is no sheet {index}")]
    NoSuchSheet {
        path: PathBuf,
        index: usize,
        count: usize,
    },
}

pub type Result<T, E = SheetsError> = std::result::Result<T, E>;

/// Users know their files by name; the folder only lengthens the sentence.
fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// What the file is, whether its name says otherwise, and what to do instead.
fn not_a_sheet(path: &Path, kind: &FileKind, lang: Lang) -> String {
    let file = name(path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| crate::sniff::is_sheet_extension(e))
        .map(str::to_ascii_lowercase);
    let zh = lang == Lang::ZhCn;
    let what = match (kind, zh) {
        (FileKind::Unknown, true) => {
            "二进制数据，既不是文字，也不是 Excel、WPS 或 OpenDocument 表格".to_string()
        }
        (FileKind::Unknown, false) => {
            "binary data: neither text nor an Excel, WPS or OpenDocument sheet".to_string()
        }
        (FileKind::Empty, true) => "空文件，里面什么也没有".to_string(),
        (FileKind::Empty, false) => "empty: there is nothing in it".to_string(),
        (kind, _) => kind.label(lang),
    };
    let named = match (&ext, zh) {
        (Some(ext), true) => format!("扩展名是 .{ext}，但"),
        (Some(ext), false) => format!("it is named .{ext} but "),
        (None, _) => String::new(),
    };
    let todo = match (kind, zh) {
        (FileKind::Empty, true) => "请向发送方索取有内容的名单。",
        (FileKind::Empty, false) => "Ask the sender for the list itself.",
        (FileKind::Workspace, true) => "要打开工作区，请用“打开工作区…”。",
        (FileKind::Workspace, false) => "To open a workspace, use “Open workspace…”.",
        (_, true) => "请找到原始的表格，或在导出它的系统里重新导出为 Excel (.xlsx) 或 CSV，再导入。",
        (_, false) => "Find the original sheet, or export it again from the system it came from as Excel (.xlsx) or CSV, and import that.",
    };
    if zh {
        format!("“{file}”无法作为表格导入：{named}内容是{what}。{todo}")
    } else {
        format!("“{file}” cannot be imported as a sheet: {named}its content is {what}. {todo}")
    }
}

impl SheetsError {
    pub fn code(&self) -> &'static str {
        match self {
            SheetsError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "file_not_found"
            }
            SheetsError::Io { .. } => "file_unreadable",
            SheetsError::IsDirectory { .. } => "is_directory",
            SheetsError::NotASheet { .. } => "not_a_sheet",
            SheetsError::NotSupportedYet { .. } => "format_not_supported",
            SheetsError::PasswordProtected { .. } => "password_protected",
            SheetsError::Corrupt { .. } => "corrupt_file",
            SheetsError::UnclosedQuote { .. } => "unclosed_quote",
            SheetsError::TooLarge { limit, .. } => match limit {
                Limit::Rows(_) => "too_many_rows",
                Limit::Columns(_) => "too_many_columns",
                Limit::Cells(_) => "too_many_cells",
                Limit::FileBytes(_) => "file_too_large",
                Limit::UnpackedBytes(_) => "unpacked_too_large",
                Limit::SharedStrings(_) => "text_too_large",
                Limit::MergedRegions(_) => "too_many_merged_cells",
            },
            SheetsError::UnknownEncoding { .. } => "unknown_encoding",
            SheetsError::UnusableDelimiter { .. } => "unusable_delimiter",
            SheetsError::NoSuchSheet { .. } => "sheet_not_found",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        match self {
            SheetsError::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
                if zh {
                    format!("找不到文件“{}”。", name(path))
                } else {
                    format!("The file “{}” does not exist.", name(path))
                }
            }
            SheetsError::Io { path, source } => {
                if zh {
                    format!("无法读取文件“{}”：{}。", name(path), source)
                } else {
                    format!("The file “{}” could not be read: {}.", name(path), source)
                }
            }
            SheetsError::IsDirectory { path } => {
                if zh {
                    format!("“{}”是文件夹，请拖入表格文件。", name(path))
                } else {
                    format!(
                        "“{}” is a folder; drop spreadsheet files instead.",
                        name(path)
                    )
                }
            }
            SheetsError::NotASheet { path, kind } => not_a_sheet(path, kind, lang),
            SheetsError::NotSupportedYet { path, kind } => {
                if zh {
                    format!(
                        "“{}”是{}，暂不支持导入，请在 Excel 或 WPS 里另存为 .xlsx 后再导入。",
                        name(path),
                        kind.label(lang)
                    )
                } else {
                    format!(
                        "“{}” is an {}, which cannot be imported yet; save it as .xlsx in Excel or WPS and import that.",
                        name(path),
                        kind.label(lang)
                    )
                }
            }
            SheetsError::PasswordProtected { path } => {
                if zh {
                    format!(
                        "“{}”有密码保护，本软件无法读取。请用密码在 Excel 或 WPS 里打开它，取消密码（或另存一份不加密的），再导入。",
                        name(path)
                    )
                } else {
                    format!(
                        "“{}” is password-protected and cannot be read. Open it with its password in Excel or WPS, remove the password (or save an unprotected copy) and import that.",
                        name(path)
                    )
                }
            }
            SheetsError::Corrupt {
                path,
                sheet,
                detail,
            } => match (zh, sheet) {
                // The parser's words (`detail`) stay in the log: they help us, not the reader.
                (true, Some(sheet)) => format!(
                    "“{}”的工作表“{}”已损坏，无法读取。{}",
                    name(path),
                    sheet,
                    damaged_advice(detail, zh)
                ),
                (true, None) => format!(
                    "“{}”已损坏或不完整，无法读取。{}",
                    name(path),
                    damaged_advice(detail, zh)
                ),
                (false, Some(sheet)) => format!(
                    "Sheet “{}” of “{}” is damaged and cannot be read. {}",
                    sheet,
                    name(path),
                    damaged_advice(detail, zh)
                ),
                (false, None) => format!(
                    "“{}” is damaged or incomplete and cannot be read. {}",
                    name(path),
                    damaged_advice(detail, zh)
                ),
            },
            SheetsError::UnclosedQuote { path, line } => {
                if zh {
                    format!(
                        "“{}”第 {line} 行有一个没有配对的引号（\"），之后的各行都会被读成这一格的内容。请用记事本或 Excel 打开，补上或删掉这个引号后再导入。",
                        name(path)
                    )
                } else {
                    format!(
                        "Line {line} of “{}” opens a quote (\") that is never closed, so every line after it would be read into that one cell. Open the file in a text editor or Excel, close or remove the quote, and import it again.",
                        name(path)
                    )
                }
            }
            SheetsError::TooLarge { path, limit } => too_large(&name(path), *limit, zh),
            SheetsError::UnknownEncoding { label } => {
                if zh {
                    format!("不认识文字编码“{label}”，请选择 UTF-8、GBK 等常见编码。")
                } else {
                    format!("“{label}” is not a known text encoding; choose UTF-8, GBK or another common one.")
                }
            }
            SheetsError::UnusableDelimiter { path, delimiter } => {
                if zh {
                    format!(
                        "“{}”的分隔符“{}”无法使用，请选择逗号、分号、制表符或竖线。",
                        name(path),
                        delimiter.escape_default()
                    )
                } else {
                    format!(
                        "The separator “{}” of “{}” cannot be used; choose comma, semicolon, tab or pipe.",
                        delimiter.escape_default(),
                        name(path)
                    )
                }
            }
            SheetsError::NoSuchSheet { path, index, count } => {
                if zh {
                    format!(
                        "“{}”只有 {} 个工作表，没有第 {} 个。",
                        name(path),
                        count,
                        index + 1
                    )
                } else {
                    format!(
                        "“{}” has {} sheet(s); there is no sheet number {}.",
                        name(path),
                        count,
                        index + 1
                    )
                }
            }
        }
    }
}

/// What helps with a damaged file: a file cut short (a download that stopped, an attachment
/// saved half) must be fetched again; one that opens in Excel can be saved anew.
fn damaged_advice(detail: &str, zh: bool) -> &'static str {
    let lower = detail.to_ascii_lowercase();
    let cut_short = [
        "eocd",
        "end of stream",
        "unexpected eof",
        "eof",
        "truncated",
    ]
    .iter()
    .any(|w| lower.contains(w));
    match (cut_short, zh) {
        (true, true) => "文件看起来只有一部分（可能没有下载完），请重新下载或请发送方再发一次。",
        (true, false) => "It looks cut short (an unfinished download?); download it again or ask the sender for another copy.",
        (false, true) => "如果它能在 Excel 里打开，请另存一份再导入；否则请向发送方索取一份新的。",
        (false, false) => "If it opens in Excel, save a copy and import that; otherwise ask the sender for a new one.",
    }
}

fn too_large(file: &str, limit: Limit, zh: bool) -> String {
    const MIB: u64 = 1 << 20;
    match (limit, zh) {
        (Limit::Rows(n), true) => {
            format!("“{file}”超过 {n} 行，请拆分成几个文件后分别导入。")
        }
        (Limit::Rows(n), false) => {
            format!("“{file}” has more than {n} rows; split it into several files and import each.")
        }
        (Limit::Columns(n), true) => {
            format!("“{file}”有超过 {n} 列的数据，请删除多余的列后再导入。")
        }
        (Limit::Columns(n), false) => format!(
            "“{file}” has data beyond column {n}; delete the extra columns and import it again."
        ),
        // Mostly a sheet padded with formatted empty cells below or beside the list.
        (Limit::Cells(n), true) => format!(
            "“{file}”的单元格超过 {} 万个，通常是名单下方或右侧有大量设了格式的空白单元格：请在 Excel 里删掉这些空行空列后另存再导入；如果数据确实这么多，请拆分成几个文件。",
            n / 10_000
        ),
        (Limit::Cells(n), false) => format!(
            "“{file}” has more than {n} cells, usually formatted empty cells below or beside the list: delete those rows and columns in Excel and save again; if the data really is that large, split it into several files."
        ),
        (Limit::FileBytes(n), true) => {
            format!("“{file}”超过 {} MB，请拆分成几个文件后分别导入。", n / MIB)
        }
        (Limit::FileBytes(n), false) => format!(
            "“{file}” is larger than {} MB; split it into several files and import each.",
            n / MIB
        ),
        (Limit::UnpackedBytes(n), true) => format!(
            "“{file}”解压后超过 {} MB，可能已损坏或含有大量无用数据，请用 Excel 另存后再导入。",
            n / MIB
        ),
        (Limit::UnpackedBytes(n), false) => format!(
            "“{file}” unpacks to more than {} MB: it may be damaged or padded; save a copy in Excel and import that.",
            n / MIB
        ),
        (Limit::SharedStrings(n), true) => format!(
            "“{file}”里的文字解压后超过 {} MB，一次读入太占内存。请在 Excel 里把它另存为 CSV（逗号分隔）后导入 CSV 文件。",
            n / MIB
        ),
        (Limit::SharedStrings(n), false) => format!(
            "The text of “{file}” unpacks to more than {} MB, too much to hold at once. Save it as CSV in Excel and import the CSV.",
            n / MIB
        ),
        (Limit::MergedRegions(n), true) => format!(
            "“{file}”标了超过 {n} 个合并单元格，这不像一份名单，文件可能已损坏。请在 Excel 里取消合并后另存再导入。"
        ),
        (Limit::MergedRegions(n), false) => format!(
            "“{file}” marks more than {n} merged cells, which no list does: it may be damaged. Unmerge the cells in Excel, save and import again."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<SheetsError> {
        let path = PathBuf::from("/tmp/报名表.xlsx");
        vec![
            SheetsError::Io {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            SheetsError::Io {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            SheetsError::IsDirectory { path: path.clone() },
            SheetsError::NotASheet {
                path: path.clone(),
                kind: FileKind::Pdf,
            },
            SheetsError::NotSupportedYet {
                path: path.clone(),
                kind: FileKind::HtmlTable,
            },
            SheetsError::PasswordProtected { path: path.clone() },
            SheetsError::Corrupt {
                path: path.clone(),
                sheet: Some("Sheet1".into()),
                detail: "bad xml".into(),
            },
            SheetsError::Corrupt {
                path: path.clone(),
                sheet: None,
                detail: "bad zip".into(),
            },
            SheetsError::UnclosedQuote {
                path: path.clone(),
                line: 2,
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::Rows(10),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::Columns(10),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::Cells(10),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::FileBytes(1 << 30),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::UnpackedBytes(4 << 30),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::SharedStrings(192 << 20),
            },
            SheetsError::TooLarge {
                path: path.clone(),
                limit: Limit::MergedRegions(1_000_000),
            },
            SheetsError::UnknownEncoding {
                label: "klingon".into(),
            },
            SheetsError::UnusableDelimiter {
                path: path.clone(),
                delimiter: '"',
            },
            SheetsError::NoSuchSheet {
                path,
                index: 3,
                count: 1,
            },
        ]
    }

    #[test]
    fn every_error_has_a_distinct_code_and_a_sentence_in_both_languages() {
        let errors = every_variant();
        let codes: std::collections::HashSet<&str> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(
            codes.len(),
            errors.len() - 1,
            "codes tell every case apart (both Corrupt cases are corrupt_file)"
        );
        for e in &errors {
            for lang in [Lang::ZhCn, Lang::En] {
                let m = e.message(lang);
                assert!(
                    m.ends_with(['。', '.']),
                    "{} in {lang:?} is a full sentence: {m}",
                    e.code()
                );
                if !matches!(e, SheetsError::UnknownEncoding { .. }) {
                    assert!(
                        m.contains("“报名表.xlsx”") && !m.contains("/tmp"),
                        "{} names the file, not its folder: {m}",
                        e.code()
                    );
                }
            }
        }
    }

    #[test]
    fn password_message_reads_as_the_product_wants() {
        let e = SheetsError::PasswordProtected {
            path: PathBuf::from("报名表.xlsx"),
        };
        assert_eq!(
            e.message(Lang::ZhCn),
            "“报名表.xlsx”有密码保护，本软件无法读取。请用密码在 Excel 或 WPS 里打开它，取消密码（或另存一份不加密的），再导入。"
        );
    }
}
