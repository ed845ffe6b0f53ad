//! Opening a sheet file by what it is and delivering its rows one at a time.

mod gauge;
mod merged;
mod row_numbers;
mod text;
mod workbook;
mod xls_guard;
mod xlsx_merges;
mod zip_guard;

use std::collections::HashMap;
use std::fs::File;
use std::iter::FusedIterator;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use serde::Serialize;

use crate::cell::Cell;
use crate::limits::{Budget, Limit, Limits};
use crate::{sniff_path, FileKind, Result, SheetsError, TextEncoding};
pub use gauge::Gauge;
use merged::FillDown;
pub use merged::MergedRegion;
use text::TextRows;
use workbook::{Book, SheetRows};

/// What the caller knows better than the sniffer, and how far a file may go.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// A WHATWG label (`"gbk"`, `"utf-8"`, `"big5"`…) for delimited text; a BOM still wins.
    pub encoding: Option<String>,
    /// The field separator of delimited text, e.g. `b';'`.
    pub delimiter: Option<u8>,
    /// Fill merged cells down: [`Workbook::rows`] copies the value of a merged region more than
    /// one row tall into the region's first column on each of its lower rows, as a company name
    /// merged over its attendees' rows is meant. Regions one row tall (title banners) are left
    /// as they are, and nothing is copied across columns. Off by default: rows as stored.
    /// Workbooks only (see [`Workbook::merged_regions`]); reading a sheet first reads where its
    /// cells are merged, which for xlsx is one more pass over the sheet.
    pub fill_merged: bool,
    pub limits: Limits,
}

/// One worksheet as the workbook lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    /// Hidden (or "very hidden") in Excel: usually lookup lists, rarely what the user means.
    pub hidden: bool,
}

/// An opened sheet file. Delimited text is one sheet named after the file.
pub struct Workbook {
    path: PathBuf,
    kind: FileKind,
    sheets: Vec<SheetInfo>,
    limits: Limits,
    fill_merged: bool,
    /// Merged regions by sheet, once read: reading them is a pass over the whole sheet (the list
    /// comes after the cells in xlsx), and an import reads its sheet twice, header then rows.
    merged: HashMap<usize, Vec<MergedRegion>>,
    source: Source,
    /// The file's extension, when it names another format than the content is.
    misnamed_as: Option<String>,
}

enum Source {
    Text {
        encoding: &'static Encoding,
        delimiter: u8,
    },
    Book(Box<Book>),
}

/// Why a format reader stopped, before the file's path and sheet are attached.
#[derive(Debug)]
enum SourceError {
    Io(std::io::Error),
    Password,
    Corrupt(String),
    /// Delimited text whose quote, opened on this line, swallows the lines after it.
    UnclosedQuote(u64),
    Limit(Limit),
}

impl SourceError {
    fn at(self, path: &Path, sheet: Option<&str>) -> SheetsError {
        let path = path.to_path_buf();
        match self {
            SourceError::Io(source) => SheetsError::Io { path, source },
            SourceError::Password => SheetsError::PasswordProtected { path },
            SourceError::Corrupt(detail) => SheetsError::Corrupt {
                path,
                sheet: sheet.map(str::to_string),
                detail,
            },
            SourceError::UnclosedQuote(line) => SheetsError::UnclosedQuote { path, line },
            SourceError::Limit(limit) => SheetsError::TooLarge { path, limit },
        }
    }
}

/// Opens `path` as whatever its bytes say it is. Workbooks list their sheets here; rows are read
/// by [`Workbook::rows`]. Delimited text is scanned once to settle its encoding.
pub fn open(path: &Path, opts: &ReadOptions) -> Result<Workbook> {
    let sniffed = sniff_path(path)?;
    let limits = opts.limits;
    if sniffed.size > limits.max_file_bytes {
        return Err(SourceError::Limit(Limit::FileBytes(limits.max_file_bytes)).at(path, None));
    }
    let (kind, sheets, source) = match sniffed.kind {
        FileKind::Csv {
            delimiter,
            encoding,
        } => open_text(path, opts, delimiter, encoding)?,
        kind @ (FileKind::Xlsx
        | FileKind::Xlsm
        | FileKind::Xlsb
        | FileKind::Ods
        | FileKind::Xls) => {
            let checked = if kind == FileKind::Xls {
                xls_guard::check(open_file(path)?, &limits)
            } else {
                zip_guard::check(open_file(path)?, kind == FileKind::Ods, &limits)
            };
            checked.map_err(|e| e.at(path, None))?;
            let book = Book::open(open_file(path)?, &kind).map_err(|e| e.at(path, None))?;
            (kind, book.sheets(), Source::Book(Box::new(book)))
        }
        FileKind::PasswordProtected => {
            return Err(SheetsError::PasswordProtected {
                path: path.to_path_buf(),
            })
        }
        FileKind::Incomplete => {
            return Err(SheetsError::Corrupt {
                path: path.to_path_buf(),
                sheet: None,
                detail: "truncated: the zip has no end of central directory".into(),
            })
        }
        kind @ (FileKind::HtmlTable | FileKind::SpreadsheetXml) => {
            return Err(SheetsError::NotSupportedYet {
                path: path.to_path_buf(),
                kind,
            })
        }
        kind => {
            return Err(SheetsError::NotASheet {
                path: path.to_path_buf(),
                kind,
            })
        }
    };
    Ok(Workbook {
        path: path.to_path_buf(),
        kind,
        sheets,
        limits,
        fill_merged: opts.fill_merged,
        merged: HashMap::new(),
        source,
        misnamed_as: sniffed
            .extension_mismatch
            .then(|| {
                path.extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
            })
            .flatten(),
    })
}

fn open_file(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| SheetsError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Settles separator and encoding (the caller's choice, else what the file says) for a file the
/// sniffer found to be delimited text.
fn open_text(
    path: &Path,
    opts: &ReadOptions,
    sniffed_delimiter: char,
    sniffed_encoding: TextEncoding,
) -> Result<(FileKind, Vec<SheetInfo>, Source)> {
    let label = match &opts.encoding {
        Some(label) => Some(
            Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
                SheetsError::UnknownEncoding {
                    label: label.clone(),
                }
            })?,
        ),
        None => None,
    };
    // UTF-16 is told by its byte pattern, with or without a byte-order mark.
    let label = label.or(match sniffed_encoding {
        TextEncoding::Utf16Le => Some(UTF_16LE),
        TextEncoding::Utf16Be => Some(UTF_16BE),
        _ => None,
    });
    let delimiter = opts.delimiter.map_or(sniffed_delimiter, char::from);
    let delimiter = usable_delimiter(delimiter).ok_or(SheetsError::UnusableDelimiter {
        path: path.to_path_buf(),
        delimiter,
    })?;
    let encoding = text::choose_encoding(&mut open_file(path)?, label)
        .map_err(|e| SourceError::Io(e).at(path, None))?;
    let kind = FileKind::Csv {
        delimiter: char::from(delimiter),
        encoding: text_encoding(encoding, sniffed_encoding),
    };
    let sheet = SheetInfo {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        hidden: false,
    };
    Ok((
        kind,
        vec![sheet],
        Source::Text {
            encoding,
            delimiter,
        },
    ))
}

/// Opens `path` and collects every row of sheet `sheet`: for previews and small files such as
/// a spend sheet. Large imports should iterate [`Workbook::rows`] instead.
pub fn read_all(path: &Path, opts: &ReadOptions, sheet: usize) -> Result<Vec<Vec<Cell>>> {
    open(path, opts)?.rows(sheet)?.collect()
}

/// csv splits on one byte; a quote or line break as separator would make every file ambiguous.
fn usable_delimiter(c: char) -> Option<u8> {
    u8::try_from(c)
        .ok()
        .filter(|b| b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n'))
}

fn text_encoding(chosen: &'static Encoding, sniffed: TextEncoding) -> TextEncoding {
    if chosen == UTF_8 {
        if sniffed == TextEncoding::Utf8Bom {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf8
        }
    } else if chosen == UTF_16LE {
        TextEncoding::Utf16Le
    } else if chosen == UTF_16BE {
        TextEncoding::Utf16Be
    } else {
        TextEncoding::Legacy8Bit
    }
}

impl Workbook {
    /// The extension the file carries when it names another format than its content (a CSV
    /// called .xlsx): the file was read by its content, which the user should hear.
    pub fn misnamed_as(&self) -> Option<&str> {
        self.misnamed_as.as_deref()
    }

    /// What the file turned out to be; for delimited text, with the separator and encoding used.
    pub fn kind(&self) -> &FileKind {
        &self.kind
    }

    /// The text encoding used for delimited text (an encoding_rs name such as `"GBK"`,
    /// `"UTF-8"`, `"UTF-16LE"`, `"windows-1252"`); `None` for workbooks.
    pub fn encoding(&self) -> Option<&'static str> {
        match &self.source {
            Source::Text { encoding, .. } => Some(encoding.name()),
            Source::Book(_) => None,
        }
    }

    pub fn sheets(&self) -> &[SheetInfo] {
        &self.sheets
    }

    fn no_such_sheet(&self, sheet: usize) -> SheetsError {
        SheetsError::NoSuchSheet {
            path: self.path.clone(),
            index: sheet,
            count: self.sheets.len(),
        }
    }

    /// Where sheet `sheet` merges cells, ordered top to bottom, then left to right; indices count
    /// like [`Workbook::rows`] (row 0 is Excel's row 1). Read from xlsx, xlsm and xls files.
    /// xlsb and ods files give none, as calamine does not read their merged cells, and neither
    /// does delimited text, which cannot merge. A sheet may have at most
    /// [`Limits::max_merged_regions`] regions; more is refused as `too_many_merged_cells`.
    pub fn merged_regions(&mut self, sheet: usize) -> Result<Vec<MergedRegion>> {
        if let Some(known) = self.merged.get(&sheet) {
            return Ok(known.clone());
        }
        let name = match self.sheets.get(sheet) {
            Some(info) => &info.name,
            None => return Err(self.no_such_sheet(sheet)),
        };
        let regions = match &mut self.source {
            Source::Text { .. } => Vec::new(),
            Source::Book(book) => book
                .merged_regions(&self.path, name, &self.limits)
                .map_err(|e| e.at(&self.path, Some(name)))?,
        };
        self.merged.insert(sheet, regions.clone());
        Ok(regions)
    }

    /// The rows of sheet `sheet` (an index into [`Workbook::sheets`]), read as they are
    /// consumed. Workbook rows start at row 1 of the sheet, empty rows included, so the n-th row
    /// is row n+1 in Excel; delimited text skips blank lines. Each row ends at its last value.
    /// With [`ReadOptions::fill_merged`], merged values are filled down as rows stream past.
    /// Can be called again to read the sheet from the top.
    pub fn rows(&mut self, sheet: usize) -> Result<Rows<'_>> {
        let fill = if self.fill_merged {
            Some(FillDown::new(&self.merged_regions(sheet)?)).filter(|f| !f.is_idle())
        } else {
            None
        };
        let Some(info) = self.sheets.get(sheet) else {
            return Err(self.no_such_sheet(sheet));
        };
        let path = self.path.as_path();
        let sheet_name = matches!(self.source, Source::Book(_)).then_some(info.name.as_str());
        let (source, gauge) = match &mut self.source {
            Source::Text {
                encoding,
                delimiter,
            } => {
                let file = open_file(path)?;
                let gauge = Gauge::with_total(file.metadata().map_or(0, |m| m.len()));
                let rows = TextRows::new(file, gauge.clone(), encoding, *delimiter);
                (RowSource::Text(Box::new(rows)), gauge)
            }
            Source::Book(book) => {
                let rows = book
                    .rows(&info.name, self.limits)
                    .map_err(|e| e.at(path, Some(&info.name)))?;
                let gauge = Gauge::with_total(rows.declared_height().unwrap_or(0));
                (RowSource::Book(rows), gauge)
            }
        };
        Ok(Rows {
            source,
            fill,
            budget: Budget::new(self.limits),
            path,
            sheet: sheet_name,
            done: false,
            gauge,
        })
    }
}

/// The rows of one sheet, each a `Vec<Cell>` (ragged: rows are not padded to a common width).
/// After an error the iterator ends.
pub struct Rows<'a> {
    source: RowSource<'a>,
    fill: Option<FillDown>,
    budget: Budget,
    path: &'a Path,
    sheet: Option<&'a str>,
    done: bool,
    gauge: Gauge,
}

impl Rows<'_> {
    /// How far through the sheet these rows are, readable from any thread while they are taken.
    pub fn gauge(&self) -> Gauge {
        self.gauge.clone()
    }
}

enum RowSource<'a> {
    Text(Box<TextRows>),
    Book(SheetRows<'a>),
}

impl Iterator for Rows<'_> {
    type Item = Result<Vec<Cell>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = match &mut self.source {
            RowSource::Text(rows) => rows.next_row(),
            RowSource::Book(rows) => {
                let row = rows.next_row();
                self.gauge.add(u64::from(row.is_some()));
                row
            }
        };
        let row = match next {
            None => {
                self.done = true;
                return None;
            }
            Some(row) => row.and_then(|mut row| {
                if let Some(fill) = &mut self.fill {
                    fill.apply(&mut row);
                }
                self.budget
                    .admit_row(row.len())
                    .map(|()| row)
                    .map_err(SourceError::Limit)
            }),
        };
        self.done = row.is_err();
        Some(row.map_err(|e| e.at(self.path, self.sheet)))
    }
}

impl FusedIterator for Rows<'_> {}
