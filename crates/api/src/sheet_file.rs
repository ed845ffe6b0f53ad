//! A spreadsheet file as the imports read it: its name for messages, and the rows of the sheet
//! that matters.

use std::path::Path;

use marketdesk_core::Lang;
use marketdesk_sheets::{Cell, ReadOptions};

use crate::error::ToApi;

/// The file's name as the user sees it in a sentence; the whole path when it has none.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Every row of the first visible sheet: finance's exports and organisers' offer lists rarely
/// have more than one that matters.
pub(crate) fn first_sheet_rows(path: &Path, lang: Lang) -> crate::Result<Vec<Vec<Cell>>> {
    let mut book = marketdesk_sheets::open(path, &ReadOptions::default()).user(lang)?;
    let sheet = book.sheets().iter().position(|s| !s.hidden).unwrap_or(0);
    let rows = book
        .rows(sheet)
        .user(lang)?
        .collect::<Result<_, _>>()
        .user(lang)?;
    Ok(rows)
}
