//! Streaming xlsx output, the way an organiser's Excel export looks.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::list::{Attendee, HEADER};

/// Column widths (in Excel character units) in [`HEADER`] order.
const WIDTHS: [f64; 10] = [10.0, 16.0, 30.0, 38.0, 16.0, 12.0, 8.0, 16.0, 20.0, 6.0];

/// Writes `rows` to `path` as a one-sheet workbook (sheet `报名名单`) in rust_xlsxwriter's
/// constant-memory mode, so memory stays bounded whatever the row count.
///
/// Layout: when `banner` is given it fills row 1, merged across the header's width, bold
/// and centred; then the bold header row ([`HEADER`]); then one row per attendee. Empty
/// cells are left blank. Registration times are text, as exports have them. With
/// `phones_as_numbers`, a phone cell made of ASCII digits only is written as a number
/// (what a list ends up as once someone has typed or pasted it into Excel); formatted
/// phones (`+86 138-…`, full-width digits, two numbers) stay text either way.
///
/// The file is byte-for-byte reproducible: the same rows give the same bytes.
///
/// Returns the number of attendee rows written. More rows than an Excel sheet holds
/// (1,048,576 including banner and header) is [`XlsxError::RowColumnLimitError`].
pub fn write_xlsx(
    path: &Path,
    rows: impl IntoIterator<Item = Attendee>,
    banner: Option<&str>,
    phones_as_numbers: bool,
) -> Result<u64, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file byte-for-byte reproducible for a given list.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("报名名单")?;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row: u32 = 0;
    if let Some(banner) = banner {
        sheet.set_row_height(0, 24)?;
        sheet.merge_range(0, 0, 0, (HEADER.len() - 1) as u16, banner, &title)?;
        row += 1;
    }
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, &bold)?;
    }
    row += 1;
    let mut count = 0u64;
    for attendee in rows {
        for (col, cell) in attendee.cells().iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col16 = col as u16;
            match (col, phones_as_numbers, as_number(cell)) {
                (1, true, Some(n)) => sheet.write_number(row, col16, n)?,
                _ => sheet.write_string(row, col16, *cell)?,
            };
        }
        row = row.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
        count += 1;
    }
    workbook.save(path)?;
    Ok(count)
}

/// A cell of 1–15 ASCII digits as the number Excel would make of it.
fn as_number(cell: &str) -> Option<f64> {
    let digits = cell.len() <= 15 && !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| cell.parse::<u64>().ok())
        .flatten()
        .map(|n| n as f64)
}
