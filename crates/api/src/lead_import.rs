//! Attendee lists into the lead warehouse: open the file and guess its header and columns (or
//! take the organiser's remembered mapping), then read every row — parsing and cleaning on one
//! thread while the store writes on another — as a dry run for the preview or for real.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use marketdesk_core::event_from_file::{event_from_file, EventFromFile, KnownEvent};
use marketdesk_core::people::{clean_row, guess_column, map_headers, CleanRow, Column, Rejection};
use marketdesk_core::{Lang, ListKind};
use marketdesk_sheets::{detect_header, normalize_header, open, Cell, ReadOptions, SheetInfo};
use marketdesk_store::{
    ImportBatch, ImportCounts, NewImport, ReadyLead, RowInput, RowOutcome, Store,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ToApi};
use crate::jobs::{CancelToken, ProgressUpdate, Stage};
use crate::sheet_file::file_name;

/// Rows read to find the header and show the mapping step.
const HEAD_ROWS: usize = 40;
/// Problem rows and sample rows a preview carries; the counts cover the whole file.
pub(crate) const PREVIEW_PROBLEMS: usize = 200;
const PREVIEW_SAMPLE: usize = 20;
/// Rows handed from the reading thread to the writer at a time.
const CHUNK: usize = 512;

/// A choice of field for a column in the mapping step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChoice {
    pub code: &'static str,
    pub label: &'static str,
}

/// What an attendee file holds, for the sheet and mapping steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeFileView {
    pub path: PathBuf,
    pub file_name: String,
    pub kind_label: String,
    /// Said when the file's name claims another format than its content ("名单.xlsx" holding
    /// CSV text): it was read by its content.
    pub file_note: Option<String>,
    /// The text encoding used (delimited text only), which the user may override.
    pub encoding: Option<String>,
    pub sheets: Vec<SheetInfo>,
    pub sheet: usize,
    /// The first rows as text, for choosing the header row.
    pub rows: Vec<Vec<String>>,
    /// Index into `rows` of the header, if there is one.
    pub header_row: Option<usize>,
    pub headers: Vec<String>,
    /// Per column, the field code it will be read as (None: ignored).
    pub mapping: Vec<Option<String>>,
    /// Where the mapping came from: `template` (this organiser's last import), `headers`, or
    /// `values` (no header: guessed from what the columns hold).
    pub mapping_source: &'static str,
    pub fields: Vec<FieldChoice>,
    /// Merged cells are filled down when reading (workbooks with vertically merged cells).
    pub fill_merged: bool,
    /// The event the file's name or title banner names, or the new one it describes.
    pub event: EventFromFile,
}

/// What the user settled on in the flow; the same request previews and imports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AttendeeImportRequest {
    pub path: PathBuf,
    #[serde(default)]
    pub sheet: usize,
    pub header_row: Option<usize>,
    pub mapping: Vec<Option<String>>,
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default = "yes")]
    pub fill_merged: bool,
    pub event_id: i64,
    pub list: ListKind,
}

fn yes() -> bool {
    true
}

impl AttendeeFileView {
    /// The request that imports the file as this view proposes it (its sheet, header row and
    /// mapping, the detected encoding) into `list` of `event_id`.
    pub fn request(&self, event_id: i64, list: ListKind) -> AttendeeImportRequest {
        AttendeeImportRequest {
            path: self.path.clone(),
            sheet: self.sheet,
            header_row: self.header_row,
            mapping: self.mapping.clone(),
            encoding: None,
            fill_merged: self.fill_merged,
            event_id,
            list,
        }
    }
}

/// One row as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    pub row: u64,
    pub cells: Vec<String>,
    /// `new`, `merged`, `repeated` or `rejected`.
    pub outcome: &'static str,
    /// Why it was rejected, or what was wrong but did not stop it; "" when nothing.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeImportPreview {
    pub counts: ImportCounts,
    pub headers: Vec<String>,
    /// Rejected rows and rows with warnings, first ones of the file.
    pub problems: Vec<PreviewRow>,
    /// How many rows of the file are rejected or have warnings (`problems` lists the first).
    pub problem_rows: u64,
    /// The first accepted rows.
    pub sample: Vec<PreviewRow>,
    /// This exact file already imported into this list (importing would change nothing).
    pub already_imported: Option<ImportBatch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeImportDone {
    pub batch: ImportBatch,
    /// The rows taken with a warning, shown after the import as in its preview.
    pub warnings: crate::ImportWarnings,
}

/// The fields a column can be mapped to, in the user's language.
pub(crate) fn field_choices(lang: Lang) -> Vec<FieldChoice> {
    Column::ALL
        .into_iter()
        .map(|c| FieldChoice {
            code: c.code(),
            label: c.name(lang),
        })
        .collect()
}

fn header_words() -> Vec<&'static [&'static str]> {
    Column::ALL.into_iter().map(Column::synonyms).collect()
}

fn read_options(encoding: Option<&str>, fill_merged: bool) -> ReadOptions {
    ReadOptions {
        encoding: encoding.filter(|e| !e.is_empty()).map(str::to_string),
        fill_merged,
        ..ReadOptions::default()
    }
}

/// Opens the file and proposes sheet, header and mapping. `template` is the organiser's
/// remembered mapping (normalised header → field code).
pub(crate) fn open_attendee_file(
    path: &Path,
    sheet: Option<usize>,
    encoding: Option<&str>,
    template: Option<&HashMap<String, String>>,
    events: &[KnownEvent],
    lang: Lang,
) -> crate::Result<AttendeeFileView> {
    let mut book = open(path, &read_options(encoding, true)).user(lang)?;
    let sheets = book.sheets().to_vec();
    let words = header_words();
    let (sheet, cells) = match sheet.filter(|&s| s < sheets.len()) {
        Some(chosen) => (chosen, head_rows(&mut book, chosen).user(lang)?),
        None => list_sheet(&mut book, &words).user(lang)?,
    };
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|r| r.iter().map(|c| c.as_text().into_owned()).collect())
        .collect();
    let header = detect_header(&cells, &words);
    let (header_row, headers) = match &header {
        Some(h) => (Some(h.row), h.columns.clone()),
        None => (None, Vec::new()),
    };
    let (mapping, mapping_source) = propose_mapping(&rows, header_row, &headers, template);
    // The title banner: the cells above the header row.
    let banner: Vec<String> = rows[..header_row.unwrap_or(0)]
        .iter()
        .flatten()
        .filter(|c| !c.trim().is_empty())
        .cloned()
        .collect();
    let event = event_from_file(events, &file_name(path), &banner);
    Ok(AttendeeFileView {
        path: path.to_path_buf(),
        file_name: file_name(path),
        kind_label: book.kind().label(lang),
        file_note: book.misnamed_as().map(|ext| match lang {
            Lang::ZhCn => format!(
                "文件名是 .{ext}，但内容其实是{}，已按实际内容读取。",
                book.kind().label(lang)
            ),
            Lang::En => format!(
                "The file is named .{ext} but holds {}; it was read as what it holds.",
                book.kind().label(lang)
            ),
        }),
        encoding: book.encoding().map(str::to_string),
        sheets,
        sheet,
        rows,
        header_row,
        headers,
        mapping: mapping
            .into_iter()
            .map(|c| c.map(|c| c.code().to_string()))
            .collect(),
        mapping_source,
        fields: field_choices(lang),
        fill_merged: true,
        event,
    })
}

fn head_rows(
    book: &mut marketdesk_sheets::Workbook,
    sheet: usize,
) -> Result<Vec<Vec<Cell>>, marketdesk_sheets::SheetsError> {
    book.rows(sheet)?.take(HEAD_ROWS).collect()
}

/// The sheet an import proposes, with its first rows: the first visible one whose header
/// names two fields or more (a workbook often opens on a 说明 or 汇总 sheet before the list),
/// else the first visible.
fn list_sheet(
    book: &mut marketdesk_sheets::Workbook,
    words: &[&[&str]],
) -> Result<(usize, Vec<Vec<Cell>>), marketdesk_sheets::SheetsError> {
    let visible: Vec<usize> = (0..book.sheets().len())
        .filter(|&i| !book.sheets()[i].hidden)
        .collect();
    let first = visible.first().copied().unwrap_or(0);
    if visible.len() >= 2 {
        let names_fields = |cells: &[Vec<Cell>]| {
            detect_header(cells, words).is_some_and(|h| {
                map_headers(&h.columns)
                    .iter()
                    .filter(|c| c.is_some())
                    .count()
                    >= 2
            })
        };
        for &i in &visible {
            if let Ok(cells) = head_rows(book, i) {
                if names_fields(&cells) {
                    return Ok((i, cells));
                }
            }
        }
    }
    Ok((first, head_rows(book, first)?))
}

/// The mapping for a header (the synonyms, overridden by the organiser's template where it
/// names the header), or from the columns' values when there is no header.
pub(crate) fn propose_mapping(
    rows: &[Vec<String>],
    header_row: Option<usize>,
    headers: &[String],
    template: Option<&HashMap<String, String>>,
) -> (Vec<Option<Column>>, &'static str) {
    match header_row {
        Some(_) => {
            let mut mapping = map_headers(headers);
            let remembered: Vec<Option<Column>> = headers
                .iter()
                .map(|h| {
                    template
                        .and_then(|t| t.get(&normalize_header(h)))
                        .and_then(|c| Column::from_code(c))
                })
                .collect();
            if remembered.iter().all(Option::is_none) {
                return (mapping, "headers");
            }
            // The organiser's choices win where they name a header; each field stays on one column.
            for (i, choice) in remembered.iter().enumerate() {
                if let Some(column) = choice {
                    for m in mapping.iter_mut() {
                        if *m == Some(*column) {
                            *m = None;
                        }
                    }
                    mapping[i] = Some(*column);
                }
            }
            (mapping, "template")
        }
        None => {
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            let mut taken = Vec::new();
            let mapping = (0..width)
                .map(|i| {
                    let values: Vec<&str> = rows
                        .iter()
                        .map(|r| r.get(i).map(String::as_str).unwrap_or(""))
                        .collect();
                    let guess = guess_column(&values).filter(|c| !taken.contains(c));
                    taken.extend(guess);
                    guess
                })
                .collect();
            (mapping, "values")
        }
    }
}

/// The request's mapping as columns; an unknown code is a programming error of the caller.
fn parse_mapping(codes: &[Option<String>], lang: Lang) -> crate::Result<Vec<Option<Column>>> {
    codes
        .iter()
        .map(|c| match c.as_deref() {
            None | Some("") => Ok(None),
            Some(code) => Column::from_code(code).map(Some).ok_or_else(|| {
                ApiError::new(
                    "unknown_field",
                    match lang {
                        Lang::ZhCn => format!("未知的字段“{code}”。"),
                        Lang::En => format!("Unknown field “{code}”."),
                    },
                )
            }),
        })
        .collect()
}

/// Refuses a mapping that cannot identify anyone.
/// Refuses a mapping that identifies nobody, naming the columns the file has so the user sees
/// what to map (or that the file is not the list they thought).
fn check_mapping(mapping: &[Option<Column>], headers: &[String], lang: Lang) -> crate::Result<()> {
    let has = |c: Column| mapping.contains(&Some(c));
    let named = has(Column::Name) || has(Column::FamilyName) || has(Column::GivenName);
    if has(Column::Phone) || has(Column::Email) || (named && has(Column::Company)) {
        return Ok(());
    }
    let found: Vec<&str> = headers
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let message = match (lang, found.is_empty()) {
        (Lang::ZhCn, false) => format!(
            "请至少指定“手机”或“邮箱”列，或同时指定“姓名”和“公司”列，否则无法判断每一行是谁。文件里的列：{}。",
            found.join("、")
        ),
        (Lang::ZhCn, true) => "请至少指定“手机”或“邮箱”列，或同时指定“姓名”和“公司”列，否则无法判断每一行是谁。这份文件没有表头行，请按列的内容指定。".to_string(),
        (Lang::En, false) => format!(
            "Map at least a Mobile or an Email column, or both Name and Company; otherwise no row can be matched to a person. The file's columns: {}.",
            found.join(", ")
        ),
        (Lang::En, true) => "Map at least a Mobile or an Email column, or both Name and Company; otherwise no row can be matched to a person. The file has no header row: map the columns by what they hold.".to_string(),
    };
    Err(ApiError::new("mapping_without_identity", message))
}

/// BLAKE3 of the file, read once; the reader that follows finds it in the page cache.
pub(crate) fn file_hash(path: &Path, lang: Lang) -> crate::Result<(String, u64)> {
    let io = |e: std::io::Error| {
        ApiError::new(
            "file_error",
            match lang {
                Lang::ZhCn => format!("无法读取“{}”：{e}。", file_name(path)),
                Lang::En => format!("Could not read “{}”: {e}.", file_name(path)),
            },
        )
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hasher.finalize().to_hex().to_string(), size))
}

/// A row read, cleaned and made ready to store on the reading thread, which has time to spare:
/// the writing thread is the slower one.
struct Prepared {
    row: u64,
    /// The cells as text, kept only for a row the preview shows.
    shown: Option<Vec<String>>,
    /// The cells as the JSON the import keeps.
    cells_json: String,
    /// The lead and the row's warnings as one sentence (or ""), or why the row is refused.
    cleaned: Result<(ReadyLead, String), String>,
    registered_at: Option<String>,
}

impl Prepared {
    /// `registered_at` is the row's 报名时间 read, or the text of one that could not be.
    fn new(
        row: u64,
        cells: &[Cow<str>],
        cleaned: Result<CleanRow, Rejection>,
        registered_at: Result<Option<String>, String>,
        quota: &mut PreviewQuota,
        lang: Lang,
    ) -> Self {
        let unread = registered_at
            .as_ref()
            .err()
            .map(|raw| unread_registration(raw, lang));
        let cells_json = serde_json::to_string(cells).unwrap_or_else(|_| "[]".into());
        // The reader keeps a mostly-UTF-8 file UTF-8; its stray bytes arrive as U+FFFD. One
        // search of the row's JSON rather than one per cell.
        let garbled = cells_json.contains('\u{FFFD}').then(|| garbled_row(lang));
        let cleaned = match cleaned {
            Ok(clean) => {
                let warnings = clean
                    .warnings
                    .iter()
                    .map(|w| w.message(lang))
                    .chain(unread)
                    .chain(garbled)
                    .collect::<Vec<_>>()
                    .join(" ");
                Ok((ReadyLead::new(clean.attendee), warnings))
            }
            Err(rejection) => Err(rejection.message(lang)),
        };
        let problem = match &cleaned {
            Ok((_, warnings)) => !warnings.is_empty(),
            Err(_) => true,
        };
        Prepared {
            row,
            shown: quota
                .take(problem)
                .then(|| cells.iter().map(|c| c.to_string()).collect()),
            cells_json,
            cleaned,
            registered_at: registered_at.ok().flatten(),
        }
    }
}

/// How many rows of each kind the preview still shows: the first rows with a problem, and the
/// first ones without.
struct PreviewQuota {
    problems: usize,
    samples: usize,
}

impl PreviewQuota {
    fn new() -> PreviewQuota {
        PreviewQuota {
            problems: PREVIEW_PROBLEMS,
            samples: PREVIEW_SAMPLE,
        }
    }

    /// Whether the preview shows this row, counting it if so.
    fn take(&mut self, problem: bool) -> bool {
        let left = if problem {
            &mut self.problems
        } else {
            &mut self.samples
        };
        let show = *left > 0;
        *left = left.saturating_sub(1);
        show
    }
}

/// What the reading thread sends.
enum Chunk {
    /// Rows, and how far through the file the reader was once it had read them.
    Rows(Vec<Prepared>, Option<f64>),
    Failed(ApiError),
}

/// How an import run ends: kept, or rolled back after collecting the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    DryRun,
    Commit,
}

pub(crate) struct RunResult {
    pub preview: AttendeeImportPreview,
    pub batch: Option<ImportBatch>,
}

/// Reads the whole file and writes it through the store, in one transaction that is committed
/// (`Mode::Commit`) or rolled back (`Mode::DryRun`, for the preview: the counts are exactly
/// what the import will do).
pub(crate) fn run_import(
    store: &mut Store,
    req: &AttendeeImportRequest,
    mode: Mode,
    lang: Lang,
    job: u64,
    token: &CancelToken,
    progress: &dyn Fn(ProgressUpdate),
) -> crate::Result<RunResult> {
    let mapping = parse_mapping(&req.mapping, lang)?;
    let name = file_name(&req.path);
    let (hash, size) = file_hash(&req.path, lang)?;
    let already = store
        .live_import_of(&hash, req.event_id, req.list)
        .user(lang)?;
    if let Some(done) = already {
        if mode == Mode::Commit {
            return Err(ApiError::from_err(
                &marketdesk_store::StoreError::AlreadyImported {
                    batch_id: done.id,
                    file_name: done.file_name,
                    imported_at: done.imported_at,
                },
                lang,
            ));
        }
        return Ok(RunResult {
            preview: AttendeeImportPreview {
                counts: done.counts,
                headers: Vec::new(),
                problems: Vec::new(),
                problem_rows: 0,
                sample: Vec::new(),
                already_imported: Some(done),
            },
            batch: None,
        });
    }
    let opts = read_options(req.encoding.as_deref(), req.fill_merged);
    let mut book = open(&req.path, &opts).user(lang)?;
    let sheet_name = book
        .sheets()
        .get(req.sheet)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let encoding = book.encoding().map(str::to_string);
    let registered_col = mapping
        .iter()
        .position(|c| *c == Some(Column::RegisteredAt));
    let skip = req.header_row.map_or(0, |h| h + 1);
    // The header itself, read from the same rows the import reads.
    let headers: Vec<String> = match req.header_row {
        Some(h) => book
            .rows(req.sheet)
            .user(lang)?
            .nth(h)
            .transpose()
            .user(lang)?
            .map(|r| r.iter().map(|c| c.as_text().trim().to_string()).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    check_mapping(&mapping, &headers, lang)?;
    let import = store
        .begin_import(&NewImport {
            file_name: &name,
            file_hash: &hash,
            file_size: size,
            event_id: req.event_id,
            list: req.list,
            sheet: &sheet_name,
            header_row: req.header_row.map(|h| h as u32),
            encoding: encoding.as_deref(),
            headers: &headers,
            mapping: &mapping,
            lang,
        })
        .user(lang)?;
    let mut writer = import.writer().user(lang)?;
    let mut preview = AttendeeImportPreview {
        counts: ImportCounts::default(),
        headers: headers.clone(),
        problems: Vec::new(),
        problem_rows: 0,
        sample: Vec::new(),
        already_imported: None,
    };
    let (tx, rx) = sync_channel::<Chunk>(8);
    // Written chunks go back to the reading thread, which empties and refills them: memory is
    // freed by the thread that allocated it, which glibc's malloc does without contention.
    let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Vec<Prepared>>();
    let outcome = std::thread::scope(|scope| -> crate::Result<()> {
        let reader = scope.spawn(move || {
            let rows = match book.rows(req.sheet) {
                Ok(rows) => rows,
                Err(e) => {
                    let _ = tx.send(Chunk::Failed(ApiError::from_err(&e, lang)));
                    return;
                }
            };
            let gauge = rows.gauge();
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut quota = PreviewQuota::new();
            for (i, row) in rows.enumerate().skip(skip) {
                if token.is_cancelled() {
                    return;
                }
                let row = match row {
                    Ok(row) => row,
                    Err(e) => {
                        let _ = tx.send(Chunk::Failed(ApiError::from_err(&e, lang)));
                        return;
                    }
                };
                let cells: Vec<Cow<str>> = row.iter().map(Cell::as_text).collect();
                let cleaned = clean_row(&cells, &mapping);
                if matches!(cleaned, Err(Rejection::BlankRow)) {
                    continue;
                }
                let registered_at = registered_col
                    .and_then(|c| row.get(c))
                    .map_or(Ok(None), registration_time);
                chunk.push(Prepared::new(
                    i as u64 + 1,
                    &cells,
                    cleaned,
                    registered_at,
                    &mut quota,
                    lang,
                ));
                if chunk.len() == CHUNK {
                    let next = match spent_rx.try_recv() {
                        Ok(mut spent) => {
                            spent.clear();
                            spent
                        }
                        Err(_) => Vec::with_capacity(CHUNK),
                    };
                    let full = std::mem::replace(&mut chunk, next);
                    if tx.send(Chunk::Rows(full, gauge.fraction())).is_err() {
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(Chunk::Rows(chunk, gauge.fraction()));
            }
        });
        let mut done = 0u64;
        for chunk in rx.iter() {
            if token.is_cancelled() {
                break;
            }
            let (rows, read) = match chunk {
                Chunk::Rows(rows, read) => (rows, read),
                Chunk::Failed(e) => return Err(e),
            };
            for p in &rows {
                write_row(&mut writer, p, lang, &mut preview)?;
            }
            let _ = spent_tx.send(rows);
            done = writer.rows_taken();
            progress(ProgressUpdate {
                job,
                done,
                total: estimated_rows(done, read),
                current: name.clone(),
                stage: Stage::Working,
            });
        }
        drop(rx);
        if reader.join().is_err() {
            return Err(ApiError::new(
                "corrupt_file",
                match lang {
                    Lang::ZhCn => format!("读取“{name}”时出错，文件可能已损坏；没有导入任何内容。"),
                    Lang::En => format!(
                        "Reading “{name}” failed; the file may be damaged. Nothing was imported."
                    ),
                },
            ));
        }
        tracing::debug!(rows = done, "attendee rows read");
        Ok(())
    });
    outcome?;
    if token.is_cancelled() {
        return Err(ApiError::cancelled(lang));
    }
    // A re-saved copy of a list already imported: the same rows in other bytes.
    let same_rows = writer.same_rows_imported().user(lang)?;
    if let (Mode::Commit, Some(done)) = (mode, &same_rows) {
        return Err(ApiError::from_err(
            &marketdesk_store::StoreError::AlreadyImported {
                batch_id: done.id,
                file_name: done.file_name.clone(),
                imported_at: done.imported_at.clone(),
            },
            lang,
        ));
    }
    let batch = match mode {
        Mode::DryRun => {
            preview.counts = writer.discard();
            preview.already_imported = same_rows;
            None
        }
        Mode::Commit => {
            // Building the indexes and saving: seconds at a million rows, still cancellable.
            progress(ProgressUpdate {
                job,
                done: writer.rows_taken(),
                total: 0,
                current: name.clone(),
                stage: Stage::Finishing,
            });
            let finished = writer.finish_unless(&|| token.is_cancelled());
            // Cancelled during the rebuild (which then failed) or just after it.
            if token.is_cancelled() {
                return Err(ApiError::cancelled(lang));
            }
            let finished = finished.user(lang)?;
            preview.counts = finished.counts();
            // The import stands even if remembering the mapping fails.
            if let Err(e) = import.remember_template(&template_of(&headers, &req.mapping)) {
                tracing::warn!(error = %e, "column template not saved");
            }
            Some(import.commit(finished).user(lang)?)
        }
    };
    Ok(RunResult { preview, batch })
}

fn write_row(
    writer: &mut marketdesk_store::ImportWriter<'_>,
    p: &Prepared,
    lang: Lang,
    preview: &mut AttendeeImportPreview,
) -> crate::Result<()> {
    let input = match &p.cleaned {
        Ok((lead, warnings)) => RowInput::Clean {
            lead,
            registered_at: p.registered_at.as_deref(),
            warnings,
        },
        Err(reason) => RowInput::Rejected { reason },
    };
    let added = writer.add_row(p.row, &p.cells_json, input).user(lang)?;
    let reason = match (&p.cleaned, added.note) {
        (Ok((_, warnings)), Some(note)) if !warnings.is_empty() => format!("{warnings} {note}"),
        (Ok(_), Some(note)) => note,
        (Ok((_, warnings)), None) => warnings.clone(),
        (Err(reason), _) => reason.clone(),
    };
    if !reason.is_empty() {
        preview.problem_rows += 1;
    }
    let code = match added.outcome {
        RowOutcome::New { .. } => "new",
        RowOutcome::Merged { .. } => "merged",
        RowOutcome::Repeated { .. } => "repeated",
        RowOutcome::Rejected => "rejected",
    };
    // A row matching found a problem with (a shared number) was not set aside by the reader.
    let shown = p.shown.clone().or_else(|| {
        (!reason.is_empty() && preview.problems.len() < PREVIEW_PROBLEMS)
            .then(|| serde_json::from_str(&p.cells_json).unwrap_or_default())
    });
    if let Some(cells) = shown {
        let row = PreviewRow {
            row: p.row,
            cells,
            outcome: code,
            reason,
        };
        if row.reason.is_empty() {
            preview.sample.push(row);
        } else {
            preview.problems.push(row);
        }
    }
    Ok(())
}

/// The rows the whole file will have, judged from `done` rows being the share `read` of it (0
/// when the file gave no size): what a progress bar needs, exact by the last chunk.
fn estimated_rows(done: u64, read: Option<f64>) -> u64 {
    match read {
        Some(share) if share > 0.0 => ((done as f64 / share).round() as u64).max(done),
        _ => 0,
    }
}

/// The 报名时间 cell as ISO (a date cell keeps its time; text dates give the day), or the text
/// of a cell that holds no believable date. Blank is `Ok(None)`.
fn registration_time(cell: &Cell) -> Result<Option<String>, String> {
    if cell.is_blank() {
        return Ok(None);
    }
    let believable = |d: chrono::NaiveDate| (1990..=2100).contains(&chrono::Datelike::year(&d));
    let with_time = match cell {
        Cell::DateTime(dt) => Some(*dt),
        Cell::Text(text) => text_date_time(text),
        _ => None,
    };
    let read = match with_time {
        Some(dt) => believable(dt.date()).then(|| iso(dt)),
        None => cell
            .as_date()
            .filter(|d| believable(*d))
            .map(|d| d.to_string()),
    };
    read.map(Some)
        .ok_or_else(|| cell.as_text().trim().to_string())
}

fn garbled_row(lang: Lang) -> String {
    match lang {
        Lang::ZhCn => "这一行有无法识别的字符（显示为 �），可能是从另一种文字编码的文件里粘贴来的，请核对；整份文件都乱码时请在预览里换一种编码。".into(),
        Lang::En => "This row has characters that could not be read (shown as �), perhaps pasted from a file in another encoding; check it, or choose another encoding in the preview if the whole file is garbled.".into(),
    }
}

/// A 报名时间 written as text with its time: 2024-03-05 14:30, 2024/3/5 14:30:15, 2024年3月5日 14:30.
/// Read by hand: chrono's format-string parser, tried format by format on every row, was 3% of
/// a 100k-row import on the reading thread.
fn text_date_time(text: &str) -> Option<chrono::NaiveDateTime> {
    let (date, time) = text.trim().split_once([' ', 'T'])?;
    let number = |s: Option<&str>| s.and_then(|s| s.trim().parse::<u32>().ok());
    let mut ymd = date.trim_end_matches('日').split(['-', '/', '年', '月']);
    let (y, m, d) = (
        number(ymd.next())?,
        number(ymd.next())?,
        number(ymd.next())?,
    );
    let mut hms = time.trim().split(':');
    let (h, min) = (number(hms.next())?, number(hms.next())?);
    let sec = match hms.next() {
        Some(s) => number(Some(s))?,
        None => 0,
    };
    if ymd.next().is_some() || hms.next().is_some() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?.and_hms_opt(h, min, sec)
}

/// `2024-03-05T14:30:00`, written digit by digit: one per row of an import.
fn iso(dt: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let mut out = String::with_capacity(19);
    let mut push = |separator: &str, n: u32, width: u32| {
        out.push_str(separator);
        for p in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
        }
    };
    push("", dt.year().clamp(0, 9999) as u32, 4);
    push("-", dt.month(), 2);
    push("-", dt.day(), 2);
    push("T", dt.hour(), 2);
    push(":", dt.minute(), 2);
    push(":", dt.second(), 2);
    out
}

/// Why a row's 报名时间 was not used.
fn unread_registration(raw: &str, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("报名时间“{raw}”不是可用的日期，按活动日期记录。"),
        Lang::En => format!(
            "The registration time “{raw}” is not a usable date; the event's date is recorded."
        ),
    }
}

/// The remembered mapping for an organiser, from a finished import's headers and mapping.
fn template_of(headers: &[String], mapping: &[Option<String>]) -> HashMap<String, String> {
    headers
        .iter()
        .zip(mapping)
        .filter_map(|(h, m)| {
            let key = normalize_header(h);
            match m {
                Some(code) if !key.is_empty() && !code.is_empty() => Some((key, code.clone())),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_total_is_judged_from_the_share_read() {
        assert_eq!(estimated_rows(512, Some(0.25)), 2_048, "a quarter read");
        assert_eq!(estimated_rows(100_000, Some(1.0)), 100_000, "all read");
        assert_eq!(
            estimated_rows(600, Some(1.2)),
            600,
            "never fewer rows than taken"
        );
        assert_eq!(estimated_rows(512, None), 0, "no size: no total");
        assert_eq!(estimated_rows(512, Some(0.0)), 0);
    }

    #[test]
    fn a_registration_time_is_a_believable_date_or_said_to_be_none() {
        let text = |s: &str| Cell::Text(s.into());
        let at = |y, m, d| {
            Cell::DateTime(
                chrono::NaiveDate::from_ymd_opt(y, m, d)
                    .and_then(|d| d.and_hms_opt(14, 30, 0))
                    .expect("date"),
            )
        };
        assert_eq!(
            registration_time(&text("2024/3/5")),
            Ok(Some("2024-03-05".into()))
        );
        assert_eq!(
            registration_time(&text("2024-03-05 14:30")),
            Ok(Some("2024-03-05T14:30:00".into())),
            "a time written as text is kept"
        );
        assert_eq!(
            registration_time(&text("2024年3月5日 09:05")),
            Ok(Some("2024-03-05T09:05:00".into()))
        );
        assert_eq!(
            registration_time(&text("2024/3/5 9:05:30")),
            Ok(Some("2024-03-05T09:05:30".into()))
        );
        assert_eq!(
            registration_time(&text("2024-03-05 25:00")),
            Ok(Some("2024-03-05".into())),
            "no such time: the day is still read"
        );
        assert_eq!(
            registration_time(&at(2024, 3, 5)),
            Ok(Some("2024-03-05T14:30:00".into()))
        );
        assert_eq!(registration_time(&Cell::Empty), Ok(None));
        assert_eq!(registration_time(&text("明天下午")), Err("明天下午".into()));
        assert_eq!(
            registration_time(&text("9999-12-31")),
            Err("9999-12-31".into()),
            "no one registers in 9999"
        );
        assert!(
            registration_time(&at(9999, 12, 31)).is_err(),
            "nor in a date cell"
        );
        assert!(unread_registration("明天下午", Lang::ZhCn).contains("按活动日期记录"));
    }

    #[test]
    fn a_workbook_opens_on_its_list_not_on_its_notes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("签到.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let notes = book.add_worksheet().set_name("说明").expect("name");
        notes
            .write(0, 0, "本表为活动签到明细，请勿外传。")
            .expect("write");
        let list = book.add_worksheet().set_name("签到明细").expect("name");
        for (c, title) in ["姓名", "手机", "公司"].iter().enumerate() {
            list.write(0, c as u16, *title).expect("header");
        }
        list.write(1, 0, "张三").expect("cell");
        list.write(1, 1, "13800138000").expect("cell");
        list.write(1, 2, "招商银行").expect("cell");
        book.save(&path).expect("save");
        let view = open_attendee_file(&path, None, None, None, &[], Lang::ZhCn).expect("opens");
        assert_eq!(view.sheet, 1, "the sheet whose header names the fields");
        assert_eq!(view.headers, ["姓名", "手机", "公司"]);
        let chosen =
            open_attendee_file(&path, Some(0), None, None, &[], Lang::ZhCn).expect("opens");
        assert_eq!(chosen.sheet, 0, "a sheet the user picks is kept");
    }

    #[test]
    fn a_template_overrides_only_the_headers_it_knows() {
        let headers: Vec<String> = ["姓名", "手机", "单位简称", "备注"]
            .map(String::from)
            .to_vec();
        let template: HashMap<String, String> = [
            ("姓名".to_string(), "name".to_string()),
            ("单位简称".to_string(), "company".to_string()),
        ]
        .into();
        let (mapping, source) = propose_mapping(&[], Some(0), &headers, Some(&template));
        assert_eq!(source, "template");
        assert_eq!(
            mapping,
            [
                Some(Column::Name),
                Some(Column::Phone),
                Some(Column::Company),
                None
            ],
            "手机 still mapped by its name, 单位简称 by the template"
        );
        let (mapping, source) = propose_mapping(&[], Some(0), &headers, None);
        assert_eq!((source, mapping[1]), ("headers", Some(Column::Phone)));
    }
}
