//! A pass over an .xls before calamine opens it. calamine parses every sheet when opening and
//! trusts what the BIFF records declare: a DIMENSIONS record of four billion rows makes it
//! reserve hundreds of gigabytes (an allocation failure aborts the process, it cannot be caught),
//! and each sheet becomes a dense grid spanning its outermost cells, with every merged region
//! listed. This pass walks the records the way calamine will and refuses such files first.

use std::fs::File;
use std::io::{BufReader, Read};

use super::SourceError;
use crate::limits::{Limit, Limits};

const BOUNDSHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const DIMENSIONS: u16 = 0x0200;
/// Present in the workbook globals when the file is encrypted with a password; the records
/// after it are ciphertext.
const FILEPASS: u16 = 0x002F;
const MULRK: u16 = 0x00BD;
/// A count of merged regions, then eight bytes for each.
const MERGECELLS: u16 = 0x00E5;
/// Records that start with the row and column of the cell they fill (Number, Label, RString,
/// BoolErr, Rk, LabelSst, Formula).
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
/// The most a BIFF8 sheet can hold (65,536 rows × 256 columns); a declaration beyond it is
/// damage, whatever the limits allow.
const BIFF8_CELLS: u64 = 65_536 * 256;

fn corrupt(detail: impl std::fmt::Display) -> SourceError {
    SourceError::Corrupt(detail.to_string())
}

pub(super) fn check(file: File, limits: &Limits) -> Result<(), SourceError> {
    let mut cfb = cfb::CompoundFile::open(BufReader::new(file)).map_err(corrupt)?;
    let mut stream = match cfb.open_stream("/Workbook") {
        Ok(s) => s,
        Err(_) => cfb.open_stream("/Book").map_err(corrupt)?,
    };
    let mut data = Vec::new();
    (&mut stream)
        .take(limits.max_file_bytes)
        .read_to_end(&mut data)
        .map_err(corrupt)?;
    check_workbook_stream(&data, limits)
}

fn u16_at(data: &[u8], at: usize) -> Option<u64> {
    data.get(at..at + 2)
        .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u64> {
    data.get(at..at + 4)
        .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// BIFF records from `data`: a type, a length, that many bytes. Ends where calamine would stop.
fn records(mut data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(data, 0)? as u16;
        let len = u16_at(data, 2)? as usize;
        let body = data.get(4..4 + len)?;
        data = &data[4 + len..];
        Some((typ, body))
    })
}

fn check_workbook_stream(data: &[u8], limits: &Limits) -> Result<(), SourceError> {
    let mut offsets = Vec::new();
    for (typ, body) in records(data) {
        match typ {
            BOUNDSHEET => offsets.push(u32_at(body, 0).ok_or_else(|| corrupt("short BoundSheet"))?),
            FILEPASS => return Err(SourceError::Password),
            EOF => break,
            _ => {}
        }
    }
    let (mut total, mut merges) = (0u64, 0u64);
    for offset in offsets {
        let sheet = usize::try_from(offset)
            .ok()
            .and_then(|o| data.get(o..))
            .ok_or_else(|| corrupt(format!("sheet record at {offset} is past the stream's end")))?;
        let found = scan_sheet(sheet, limits)?;
        total = total.saturating_add(found.cells);
        merges = merges.saturating_add(found.merges);
    }
    // calamine holds every sheet's grid, and every sheet's merged regions, at once.
    if total > limits.max_cells {
        return Err(SourceError::Limit(Limit::Cells(limits.max_cells)));
    }
    if merges > limits.max_merged_regions as u64 {
        return Err(SourceError::Limit(Limit::MergedRegions(
            limits.max_merged_regions,
        )));
    }
    Ok(())
}

/// What calamine will build for one sheet.
struct SheetScan {
    /// Cells of its grid.
    cells: u64,
    /// Merged regions it lists, as the records declare them.
    merges: u64,
}

/// Cells of the grid calamine will build for the sheet whose records start `data`, after checking
/// the space it will reserve for the declared dimensions, and the merged regions it will list.
fn scan_sheet(data: &[u8], limits: &Limits) -> Result<SheetScan, SourceError> {
    let allowed = limits.max_cells.min(BIFF8_CELLS);
    let too_many = || SourceError::Limit(Limit::Cells(limits.max_cells));
    let mut extent: Option<(u64, u64, u64, u64)> = None;
    let mut widen = |row: u64, first_col: u64, last_col: u64| {
        let (r0, r1, c0, c1) = extent.unwrap_or((row, row, first_col, last_col));
        extent = Some((
            r0.min(row),
            r1.max(row),
            c0.min(first_col),
            c1.max(last_col),
        ));
    };
    let (mut seen_bof, mut nested, mut merges) = (false, 0usize, 0u64);
    for (typ, body) in records(data) {
        // Embedded charts are substreams of their own, which calamine skips.
        if nested > 0 {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS if declared_cells(body)? > allowed => return Err(too_many()),
            MERGECELLS => merges = merges.saturating_add(u16_at(body, 0).unwrap_or(0)),
            MULRK if body.len() >= 6 => {
                let (Some(row), Some(first)) = (u16_at(body, 0), u16_at(body, 2)) else {
                    continue;
                };
                let count = (body.len() as u64 - 6) / 6;
                widen(row, first, first + count.saturating_sub(1));
            }
            t if CELL_RECORDS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) {
                    widen(row, col, col);
                }
            }
            _ => {}
        }
    }
    let cells = extent.map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1));
    if cells > limits.max_cells {
        return Err(too_many());
    }
    Ok(SheetScan { cells, merges })
}

/// The cell count calamine reserves for a DIMENSIONS record, computed as it does (first row,
/// last row + 1, first column, last column + 1). Bounds that cross would wrap around there.
fn declared_cells(body: &[u8]) -> Result<u64, SourceError> {
    let (first_row, end_row, first_col, end_col) = match body.len() {
        10 => (
            u16_at(body, 0),
            u16_at(body, 2),
            u16_at(body, 4),
            u16_at(body, 6),
        ),
        14 | 16 => (
            u32_at(body, 0),
            u32_at(body, 4),
            u16_at(body, 8),
            u16_at(body, 10),
        ),
        // calamine refuses these itself.
        _ => return Ok(0),
    };
    let (Some(first_row), Some(end_row), Some(mut first_col), Some(end_col)) =
        (first_row, end_row, first_col, end_col)
    else {
        return Ok(0);
    };
    if first_col > 0xFF || end_col < first_col {
        first_col = 0;
    }
    if end_row == 0 || end_col == 0 {
        return Ok(1);
    }
    // calamine computes the height in u32: below zero it wraps to four billion.
    if end_row < first_row {
        return Err(corrupt("sheet dimensions end before they start"));
    }
    Ok((end_row - first_row).saturating_mul(end_col - first_col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend(body);
        r
    }

    fn cell(typ: u16, row: u16, col: u16) -> Vec<u8> {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(col.to_le_bytes());
        body.extend([0u8; 10]);
        record(typ, &body)
    }

    fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Vec<u8> {
        let mut body = rows.0.to_le_bytes().to_vec();
        body.extend(rows.1.to_le_bytes());
        body.extend(cols.0.to_le_bytes());
        body.extend(cols.1.to_le_bytes());
        body.extend([0, 0]);
        record(DIMENSIONS, &body)
    }

    /// A globals substream naming one sheet, then that sheet's records.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        // BOF (4 bytes), BoundSheet (4 + 6), EOF (4): the sheet starts at byte 18.
        let mut boundsheet = 18u32.to_le_bytes().to_vec();
        boundsheet.extend([0, 0]);
        let mut data = record(BOF, &[]);
        data.extend(record(BOUNDSHEET, &boundsheet));
        data.extend(record(EOF, &[]));
        assert_eq!(data.len(), 18, "offset arithmetic");
        data.extend(record(BOF, &[]));
        for r in sheet {
            data.extend_from_slice(r);
        }
        data.extend(record(EOF, &[]));
        data
    }

    fn check(sheet: &[Vec<u8>]) -> Result<(), SourceError> {
        check_workbook_stream(&workbook(sheet), &Limits::default())
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        let result = check(&[
            dimensions((0, 100), (0, 5)),
            cell(0x0203, 0, 0),
            cell(0x00FD, 99, 4),
        ]);
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn absurd_declared_dimensions_are_refused() {
        let huge = check(&[dimensions((0, 4_000_000_000), (0, 200))]);
        assert!(
            matches!(huge, Err(SourceError::Limit(Limit::Cells(_)))),
            "four billion rows: {huge:?}"
        );
        let crossed = check(&[dimensions((500, 10), (0, 5))]);
        assert!(
            matches!(crossed, Err(SourceError::Corrupt(_))),
            "last row before the first: {crossed:?}"
        );
    }

    #[test]
    fn cells_at_far_corners_are_refused() {
        let corners = check(&[cell(0x0203, 0, 0), cell(0x0203, 65_535, 65_535)]);
        assert!(
            matches!(corners, Err(SourceError::Limit(Limit::Cells(_)))),
            "a 4-billion-cell grid from two cells: {corners:?}"
        );
        let mut nested = vec![record(BOF, &[])];
        nested.push(cell(0x0203, 65_535, 65_535));
        nested.push(record(EOF, &[]));
        nested.push(cell(0x0203, 0, 0));
        assert!(
            check(&nested).is_ok(),
            "chart substreams are skipped as calamine does"
        );
    }

    fn merge_cells(count: u16) -> Vec<u8> {
        let mut body = count.to_le_bytes().to_vec();
        for i in 0..count {
            // Rows 2i to 2i+1 of column A.
            for v in [2 * i, 2 * i + 1, 0, 0] {
                body.extend(v.to_le_bytes());
            }
        }
        record(MERGECELLS, &body)
    }

    #[test]
    fn merged_regions_are_counted_before_calamine_lists_them() {
        let limits = Limits {
            max_merged_regions: 5,
            ..Limits::default()
        };
        let sheet = [merge_cells(3), merge_cells(2)];
        assert!(
            check_workbook_stream(&workbook(&sheet), &limits).is_ok(),
            "five regions allowed"
        );
        let sheet = [merge_cells(3), merge_cells(3)];
        let err = check_workbook_stream(&workbook(&sheet), &limits);
        assert!(
            matches!(err, Err(SourceError::Limit(Limit::MergedRegions(5)))),
            "regions are summed over the sheet's records: {err:?}"
        );
    }

    #[test]
    fn sheet_offsets_past_the_stream_are_damage() {
        let mut data = record(BOUNDSHEET, &[0xFF, 0xFF, 0xFF, 0x7F, 0, 0]);
        data.extend(record(EOF, &[]));
        assert!(matches!(
            check_workbook_stream(&data, &Limits::default()),
            Err(SourceError::Corrupt(_))
        ));
    }
}
