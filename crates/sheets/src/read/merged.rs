//! Merged cells: which blocks a sheet merges, and filling a merged value down its block while
//! rows stream past.
//!
//! Chinese attendee lists merge a company over the rows of its people and a 部门 over several
//! of them; the file stores the value only in the block's top-left cell. Filling copies it down
//! the block's first column, so every row of the block reads like its top row. Blocks one row
//! tall (title banners over the table, group titles over sub-headers) are left alone, and values
//! are never repeated across columns: a banner stays a row with one value, which is how
//! [`crate::detect_header`] recognises it, and a value merged over two columns is not copied into
//! a column whose header means something else.

use serde::Serialize;

use super::SourceError;
use crate::cell::Cell;
use crate::limits::{Limit, Limits};

/// A block of merged cells, inclusive and zero-based like [`crate::Workbook::rows`]: row 0 is
/// Excel's row 1, column 0 is column A. The value, if any, is in the top-left cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct MergedRegion {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl MergedRegion {
    /// The block between two corners given in any order (a file may write `B5:A3`).
    pub(super) fn from_corners(a: (u32, u32), b: (u32, u32)) -> Self {
        MergedRegion {
            first_row: a.0.min(b.0),
            first_col: a.1.min(b.1),
            last_row: a.0.max(b.0),
            last_col: a.1.max(b.1),
        }
    }

    /// Whether the block spans more than one row, i.e. is filled down.
    pub fn is_vertical(&self) -> bool {
        self.last_row > self.first_row
    }
}

/// Checks the count of a sheet's regions and orders them top to bottom, left to right.
pub(super) fn admit(
    corners: Vec<calamine::Dimensions>,
    limits: &Limits,
) -> Result<Vec<MergedRegion>, SourceError> {
    if corners.len() > limits.max_merged_regions {
        return Err(SourceError::Limit(Limit::MergedRegions(
            limits.max_merged_regions,
        )));
    }
    let mut regions: Vec<MergedRegion> = corners
        .into_iter()
        .map(|d| MergedRegion::from_corners(d.start, d.end))
        .collect();
    regions.sort_unstable_by_key(|r| (r.first_row, r.first_col, r.last_row, r.last_col));
    regions.dedup();
    Ok(regions)
}

/// Fills merged values down, one row at a time, for rows delivered from the sheet's first row
/// on. Holds the regions whose top row is still ahead and, per column, the value of the region
/// being filled there: never more values than a row has columns.
#[derive(Debug)]
pub(super) struct FillDown {
    /// Regions more than one row tall whose top row has not been read, the nearest last.
    ahead: Vec<MergedRegion>,
    /// Regions whose top row held a value, at most one per column.
    open: Vec<Open>,
    /// Index of the next row, counted like [`crate::Workbook::rows`].
    row: u32,
}

#[derive(Debug)]
struct Open {
    col: u32,
    first_row: u32,
    last_row: u32,
    value: Cell,
}

impl FillDown {
    pub(super) fn new(regions: &[MergedRegion]) -> Self {
        let mut ahead: Vec<MergedRegion> = regions
            .iter()
            .filter(|r| r.is_vertical())
            .copied()
            .collect();
        ahead.sort_unstable_by_key(|r| std::cmp::Reverse((r.first_row, r.first_col)));
        FillDown {
            ahead,
            open: Vec::new(),
            row: 0,
        }
    }

    /// Whether there is nothing to fill at all.
    pub(super) fn is_idle(&self) -> bool {
        self.ahead.is_empty() && self.open.is_empty()
    }

    /// Fills the next row of the sheet in place.
    pub(super) fn apply(&mut self, cells: &mut Vec<Cell>) {
        let row = self.row;
        self.row = self.row.saturating_add(1);
        while let Some(region) = self.ahead.pop_if(|r| r.first_row <= row) {
            // Regions start on a row already read only if they came out of order; rows are
            // delivered without gaps, so this is a region whose top row was before row 0.
            if region.first_row < row {
                continue;
            }
            let Some(value) = cells
                .get(region.first_col as usize)
                .filter(|c| !c.is_blank())
            else {
                continue;
            };
            // Regions of a sound sheet never overlap; in one that does, the lower one wins.
            self.open.retain(|o| o.col != region.first_col);
            self.open.push(Open {
                col: region.first_col,
                first_row: region.first_row,
                last_row: region.last_row,
                value: value.clone(),
            });
        }
        for open in self.open.iter().filter(|o| o.first_row < row) {
            // The column held a value on an earlier row, so the row stays within the limits'
            // width (and the row budget checks it again after filling).
            let col = open.col as usize;
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            // Excel shows the merged value over whatever a covered cell still stores.
            cells[col] = open.value.clone();
        }
        self.open.retain(|o| o.last_row > row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn region(first: (u32, u32), last: (u32, u32)) -> MergedRegion {
        MergedRegion::from_corners(first, last)
    }

    fn fill(regions: &[MergedRegion], rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
        let mut filler = FillDown::new(regions);
        rows.into_iter()
            .map(|mut row| {
                filler.apply(&mut row);
                row
            })
            .collect()
    }

    #[test]
    fn vertical_regions_fill_down_their_first_column_only() {
        let rows = fill(
            &[
                region((0, 0), (0, 3)),
                region((2, 0), (4, 0)),
                region((3, 1), (4, 2)),
            ],
            vec![
                vec![text("banner")],
                vec![text("公司"), text("部门"), text("姓名")],
                vec![text("云杉"), text("销售部"), text("张伟")],
                vec![Cell::Empty, text("市场部"), text("李娜")],
                vec![],
                vec![text("星河")],
            ],
        );
        assert_eq!(
            rows[0],
            vec![text("banner")],
            "a one-row banner is not repeated"
        );
        assert_eq!(rows[2][0], text("云杉"), "the top row is as stored");
        assert_eq!(
            rows[3],
            vec![text("云杉"), text("市场部"), text("李娜")],
            "company filled down; the department's top row is untouched"
        );
        assert_eq!(
            rows[4],
            vec![text("云杉"), text("市场部")],
            "an empty row inside both regions gets both values, not the third column"
        );
        assert_eq!(
            rows[5],
            vec![text("星河")],
            "below the regions nothing is filled"
        );
    }

    #[test]
    fn regions_without_a_value_or_out_of_order_fill_nothing() {
        let rows = fill(
            &[region((0, 1), (2, 1)), region((1, 0), (2, 0))],
            vec![
                vec![text("a")],
                vec![Cell::Text("  ".into()), text("x")],
                vec![],
            ],
        );
        assert_eq!(
            rows,
            vec![
                vec![text("a")],
                vec![Cell::Text("  ".into()), text("x")],
                vec![]
            ],
            "an empty or blank top-left cell has nothing to copy"
        );
        let mut filler = FillDown::new(&[region((0, 0), (1, 0))]);
        assert!(!filler.is_idle());
        filler.apply(&mut vec![text("v")]);
        let mut covered = vec![text("stale")];
        filler.apply(&mut covered);
        assert_eq!(
            covered,
            vec![text("v")],
            "a value left in a covered cell is hidden in Excel, so the merged value shows"
        );
        assert!(filler.is_idle(), "nothing is held once the region is past");
    }

    #[test]
    fn overlapping_regions_hold_one_value_per_column() {
        let mut filler = FillDown::new(&[region((0, 0), (9, 0)), region((1, 0), (9, 0))]);
        filler.apply(&mut vec![text("first")]);
        let mut second = vec![text("second")];
        filler.apply(&mut second);
        assert_eq!(
            second,
            vec![text("second")],
            "the lower region's top row wins"
        );
        let mut third = vec![];
        filler.apply(&mut third);
        assert_eq!(third, vec![text("second")]);
        assert_eq!(filler.open.len(), 1, "one value per column is held");
    }

    #[test]
    fn regions_are_counted_against_the_limits_and_ordered() {
        let dims = |n: u32| {
            (0..n)
                .rev()
                .map(|i| calamine::Dimensions::new((i * 2 + 1, 0), (i * 2, 0)))
                .collect::<Vec<_>>()
        };
        let limits = Limits {
            max_merged_regions: 3,
            ..Limits::default()
        };
        let regions = admit(dims(3), &limits).expect("three regions within three rows");
        assert_eq!(
            regions,
            vec![
                region((0, 0), (1, 0)),
                region((2, 0), (3, 0)),
                region((4, 0), (5, 0))
            ],
            "corners normalised, top to bottom"
        );
        assert!(
            matches!(
                admit(dims(4), &limits),
                Err(SourceError::Limit(Limit::MergedRegions(3)))
            ),
            "more regions than allowed is refused"
        );
    }
}
