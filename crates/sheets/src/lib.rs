//! Reading and writing spreadsheets. For now: telling what a dropped file really is, by its
//! bytes and never by its extension (Chinese offices send `.xls` files that are HTML, CSVs named
//! `.xlsx`, and encrypted workbooks that look like old Excel files).
//!
//! ```no_run
//! let sniffed = marketdesk_sheets::sniff_path(std::path::Path::new("报名表.xlsx")).unwrap();
//! println!("{:?} importable: {}", sniffed.kind, sniffed.kind.is_importable());
//! ```

mod error;
mod sniff;

pub use error::{Result, SheetsError};
pub use sniff::{sniff_bytes, sniff_path, FileKind, Sniffed, TextEncoding};
