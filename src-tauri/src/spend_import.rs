//! Commands for importing spend from a spreadsheet: pick, preview, book, undo.

use std::path::PathBuf;

use marketdesk_api::{BudgetOverview, SpendImportDone, SpendImportPreview};

use crate::commands::{blocking, pick_sheet, Reply, Shared};

/// The native open dialog for one spend sheet; None when cancelled.
#[tauri::command]
pub async fn pick_spend_file(session: Shared<'_>) -> Reply<Option<PathBuf>> {
    let lang = session.lang();
    Ok(pick_sheet(lang, lang.pick("导入支出表", "Import spend")).await)
}

#[tauri::command]
pub async fn preview_spend_import(session: Shared<'_>, path: PathBuf) -> Reply<SpendImportPreview> {
    blocking(&session, move |s| s.preview_spend_import(&path)).await
}

#[tauri::command]
pub async fn import_spend(
    session: Shared<'_>,
    path: PathBuf,
    batch: String,
) -> Reply<SpendImportDone> {
    blocking(&session, move |s| s.import_spend(&path, &batch)).await
}

#[tauri::command]
pub async fn undo_spend_import(session: Shared<'_>, batch: String) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.undo_spend_import(&batch)).await
}
