use serde::Serialize;

/// Bounds on what one file may make the reader do, so a hostile or broken file ends in a clear
/// error instead of exhausting memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows of one sheet.
    pub max_rows: usize,
    pub max_cols: usize,
    /// Cells delivered (including the empty ones that pad a row) plus, for streamed workbooks,
    /// cell records read: a sheet of millions of empty styled cells costs time too.
    pub max_cells: u64,
    pub max_file_bytes: u64,
    /// Total size a zip-based workbook (xlsx, xlsm, xlsb, ods) declares once unpacked: what a
    /// zip bomb inflates, and what calamine partly holds in memory (shared strings, ODS content).
    pub max_unpacked_bytes: u64,
    /// Unpacked size of an xlsx/xlsb shared-string table, which calamine holds whole (about
    /// three times its size in memory). A million-row list of unique names and addresses
    /// needs about 100 MB.
    pub max_shared_string_bytes: u64,
    /// Merged regions a workbook may list: a list has a few (one per company, a banner), a
    /// hostile file millions, each held in memory.
    pub max_merged_regions: usize,
}

impl Default for Limits {
    /// Roomy enough for a million-row attendee export, small enough for a laptop.
    fn default() -> Self {
        Limits {
            max_rows: 2_000_000,
            max_cols: 500,
            max_cells: 50_000_000,
            max_file_bytes: 1 << 30,
            max_unpacked_bytes: 4 << 30,
            max_shared_string_bytes: 192 << 20,
            max_merged_regions: 1_000_000,
        }
    }
}

/// Which limit a file went over, with the limit's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "limit", content = "value", rename_all = "snake_case")]
pub enum Limit {
    Rows(usize),
    Columns(usize),
    Cells(u64),
    FileBytes(u64),
    UnpackedBytes(u64),
    SharedStrings(u64),
    MergedRegions(usize),
}

/// Counts what a row iterator has delivered against the limits.
#[derive(Debug)]
pub(crate) struct Budget {
    limits: Limits,
    rows: usize,
    cells: u64,
}

impl Budget {
    pub(crate) fn new(limits: Limits) -> Self {
        Budget {
            limits,
            rows: 0,
            cells: 0,
        }
    }

    /// Accounts for one more row of `width` cells.
    pub(crate) fn admit_row(&mut self, width: usize) -> Result<(), Limit> {
        self.rows += 1;
        if self.rows > self.limits.max_rows {
            return Err(Limit::Rows(self.limits.max_rows));
        }
        if width > self.limits.max_cols {
            return Err(Limit::Columns(self.limits.max_cols));
        }
        self.cells = self.cells.saturating_add(width as u64);
        if self.cells > self.limits.max_cells {
            return Err(Limit::Cells(self.limits.max_cells));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_stops_at_each_limit() {
        let limits = Limits {
            max_rows: 2,
            max_cols: 3,
            max_cells: 5,
            ..Limits::default()
        };
        let mut b = Budget::new(limits);
        assert_eq!(b.admit_row(3), Ok(()), "a row within every limit passes");
        assert_eq!(
            b.admit_row(4),
            Err(Limit::Columns(3)),
            "a row wider than max_cols is refused"
        );
        let mut b = Budget::new(limits);
        b.admit_row(3).expect("first row fits");
        assert_eq!(
            b.admit_row(3),
            Err(Limit::Cells(5)),
            "six cells exceed max_cells"
        );
        let mut b = Budget::new(limits);
        b.admit_row(1).expect("row 1");
        b.admit_row(1).expect("row 2");
        assert_eq!(
            b.admit_row(0),
            Err(Limit::Rows(2)),
            "a third row is one too many"
        );
    }
}
