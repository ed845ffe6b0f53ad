//! Reading spreadsheets for imports, judged by their bytes and never by their extension (Chinese
//! offices send `.xls` files that are HTML, CSVs named `.xlsx`, and encrypted workbooks that look
//! like old Excel files).
//!
//! - [`sniff_path`] tells what a dropped file is.
//! - [`open`] reads xlsx/xlsm/xlsb/xls/ods (through calamine) and delimited text in UTF-8,
//!   UTF-16 or a detected legacy encoding such as GBK; [`Workbook::rows`] streams a sheet's rows
//!   within [`Limits`], so a million-row export never sits in memory as a whole.
//! - [`Workbook::merged_regions`] lists where a sheet merges cells (xlsx, xlsm, xls); with
//!   [`ReadOptions::fill_merged`] the rows come with merged values filled down, so a company
//!   name merged over its five attendees' rows is on each of them. Regions one row tall, such
//!   as a title banner across the table, are left as one value so [`detect_header`] still
//!   skips them.
//! - [`detect_header`] finds the header row under banners and preambles; [`Cell`] renders phone
//!   numbers, dates and amounts the way people read them.
//!
//! Every failure is a [`SheetsError`] with a stable `code()` and a sentence naming the file in
//! Chinese or English. Hostile files end in `too_many_*`, `file_too_large`,
//! `unpacked_too_large`, `password_protected` or `corrupt_file`, never in a panic or an abort:
//! xls and ods files, which calamine parses whole when opening, are walked first to check the
//! grid sizes they declare, and panics inside calamine are reported as damaged files. HTML
//! tables and Excel 2003 XML are recognised but refused with "save as .xlsx" for now.
//!
//! ```no_run
//! use marketdesk_sheets::{detect_header, open, ReadOptions};
//!
//! # fn main() -> marketdesk_sheets::Result<()> {
//! let mut book = open(std::path::Path::new("费用.xlsx"), &ReadOptions::default())?;
//! let sheet = book.sheets().iter().position(|s| !s.hidden).unwrap_or(0);
//! let preview: Vec<_> = book.rows(sheet)?.take(30).collect::<Result<_, _>>()?;
//! let synonyms: &[&[&str]] = &[&["日期", "date"], &["金额", "费用", "amount"]];
//! let header = detect_header(&preview, synonyms);
//! let skip = header.as_ref().map_or(0, |h| h.row + 1);
//! for row in book.rows(sheet)?.skip(skip) {
//!     let row = row?;
//!     let date = row.first().and_then(|c| c.as_date());
//!     println!("{date:?} {}", row.get(1).map(|c| c.as_text()).unwrap_or_default());
//! }
//! # Ok(())
//! # }
//! ```

mod cell;
mod error;
mod header;
mod limits;
mod read;
mod sniff;

pub use cell::Cell;
pub use error::{Result, SheetsError};
pub use header::{detect_header, normalize_header, HeaderGuess};
pub use limits::{Limit, Limits};
pub use read::{open, read_all, Gauge, MergedRegion, ReadOptions, Rows, SheetInfo, Workbook};
pub use sniff::{sniff_bytes, sniff_path, FileKind, Sniffed, TextEncoding};
