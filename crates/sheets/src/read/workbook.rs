//! Workbooks through calamine: xlsx/xlsm and xlsb streamed cell by cell, xls and ods (which
//! calamine parses whole when opening) walked from their ranges.

use std::fs::File;
use std::io::BufReader;
use std::panic::AssertUnwindSafe;
use std::path::Path;

use calamine::{
    Data, DataType, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsb,
    XlsbError, Xlsx, XlsxError,
};

use super::merged::{self, MergedRegion};
use super::{SheetInfo, SourceError};
use crate::cell::{duration_text, iso_datetime, Cell};
use crate::limits::{Limit, Limits};
use crate::FileKind;

type Buffered = BufReader<File>;

pub(super) enum Book {
    Xlsx(Xlsx<Buffered>),
    Xlsb(Xlsb<Buffered>),
    Xls(Xls<Buffered>),
    Ods(Ods<Buffered>),
}

fn xlsx_error(e: XlsxError) -> SourceError {
    match e {
        XlsxError::Password => SourceError::Password,
        e => SourceError::Corrupt(e.to_string()),
    }
}

fn xlsb_error(e: XlsbError) -> SourceError {
    match e {
        XlsbError::Password => SourceError::Password,
        e => SourceError::Corrupt(e.to_string()),
    }
}

fn xls_error(e: XlsError) -> SourceError {
    match e {
        XlsError::Password => SourceError::Password,
        e => SourceError::Corrupt(e.to_string()),
    }
}

fn ods_error(e: OdsError) -> SourceError {
    match e {
        OdsError::Password => SourceError::Password,
        e => SourceError::Corrupt(e.to_string()),
    }
}

/// Runs calamine code that a damaged file can make panic (it indexes by offsets the file
/// declares): a panic there means a damaged file, not a crashed app. The reader is not used
/// again after a panic: [`super::Rows`] ends at its first error.
fn guarded<T>(f: impl FnOnce() -> Result<T, SourceError>) -> Result<T, SourceError> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "inconsistent structure".into());
        Err(SourceError::Corrupt(detail))
    })
}

/// Rows of a sheet calamine streams cell by cell. xlsx and xlsb give two cell-reader types
/// with the same methods and no trait in common, hence a macro rather than a function.
macro_rules! streamed {
    ($reader:expr, $error:expr, $limits:expr) => {{
        let mut cells = $reader.map_err($error)?;
        let dimensions = cells.dimensions();
        SheetRows::Stream(
            StreamRows::new(
                Box::new(move || {
                    guarded(|| {
                        let cell = cells.next_cell().map_err($error)?;
                        Ok(cell.map(|c| {
                            let (row, col) = c.get_position();
                            (row, col, from_data(c.get_value().clone().into()))
                        }))
                    })
                }),
                $limits,
            )
            .declaring(dimensions),
        )
    }};
}

impl Book {
    pub(super) fn open(file: File, kind: &FileKind) -> Result<Book, SourceError> {
        let file = BufReader::new(file);
        guarded(|| match kind {
            FileKind::Xlsx | FileKind::Xlsm => Xlsx::new(file).map(Book::Xlsx).map_err(xlsx_error),
            FileKind::Xlsb => Xlsb::new(file).map(Book::Xlsb).map_err(xlsb_error),
            FileKind::Xls => Xls::new(file).map(Book::Xls).map_err(xls_error),
            FileKind::Ods => Ods::new(file).map(Book::Ods).map_err(ods_error),
            other => Err(SourceError::Corrupt(format!("{other:?} is not a workbook"))),
        })
    }

    /// The worksheets in workbook order; chart sheets and macro sheets hold no rows.
    pub(super) fn sheets(&self) -> Vec<SheetInfo> {
        let meta = match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xlsb(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        };
        meta.iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| SheetInfo {
                name: s.name.clone(),
                hidden: s.visible != SheetVisible::Visible,
            })
            .collect()
    }

    /// The merged regions of one sheet. calamine reads them from xlsx/xlsm (a pass over the
    /// sheet's XML, whose unpacked size the zip check has bounded) and from xls (parsed when
    /// opening, their count checked before that by the xls check); it reads none from xlsb and
    /// ods.
    pub(super) fn merged_regions(
        &mut self,
        path: &Path,
        sheet: &str,
        limits: &Limits,
    ) -> Result<Vec<MergedRegion>, SourceError> {
        guarded(|| {
            let corners = match self {
                Book::Xlsx(b) => {
                    match super::xlsx_merges::scan(path, sheet, limits.max_merged_regions)
                        .map_err(SourceError::Limit)?
                    {
                        Some(corners) => corners,
                        None => b.merge_cells_by_sheet_name(sheet).map_err(xlsx_error)?,
                    }
                }
                Book::Xls(b) => b.merge_cells_by_sheet_name(sheet).map_err(xls_error)?,
                Book::Xlsb(_) | Book::Ods(_) => Vec::new(),
            };
            merged::admit(corners, limits)
        })
    }

    pub(super) fn rows(
        &mut self,
        sheet: &str,
        limits: Limits,
    ) -> Result<SheetRows<'_>, SourceError> {
        guarded(|| self.rows_unguarded(sheet, limits))
    }

    fn rows_unguarded(
        &mut self,
        sheet: &str,
        limits: Limits,
    ) -> Result<SheetRows<'_>, SourceError> {
        Ok(match self {
            Book::Xlsx(b) => streamed!(b.worksheet_cells_reader(sheet), xlsx_error, limits),
            Book::Xlsb(b) => streamed!(b.worksheet_cells_reader(sheet), xlsb_error, limits),
            Book::Xls(b) => SheetRows::Range(RangeRows::new(
                b.worksheet_range(sheet).map_err(xls_error)?,
                limits,
            )?),
            Book::Ods(b) => SheetRows::Range(RangeRows::new(
                b.worksheet_range(sheet).map_err(ods_error)?,
                limits,
            )?),
        })
    }
}

pub(super) enum SheetRows<'a> {
    Stream(StreamRows<'a>),
    Range(RangeRows),
}

impl SheetRows<'_> {
    /// Rows the sheet says it has (its last row's number), for progress only.
    pub(super) fn declared_height(&self) -> Option<u64> {
        match self {
            SheetRows::Stream(s) => s.declared_height,
            SheetRows::Range(r) => r.range.end().map(|(row, _)| u64::from(row) + 1),
        }
    }

    pub(super) fn next_row(&mut self) -> Option<Result<Vec<Cell>, SourceError>> {
        match self {
            SheetRows::Stream(s) => s.next_row().transpose(),
            SheetRows::Range(r) => r.next_row().map(Ok),
        }
    }
}

/// (row, column, value), zero-based from A1.
type Positioned = (u32, u32, Cell);
type NextCell<'a> = Box<dyn FnMut() -> Result<Option<Positioned>, SourceError> + Send + 'a>;

/// Turns a worksheet's cells, in file order, into rows. Rows missing from the file come out
/// empty, so the n-th row delivered is row n+1 in Excel; the sheet's declared dimensions are
/// never trusted for allocation.
pub(super) struct StreamRows<'a> {
    next_cell: NextCell<'a>,
    /// The first cell of a row not delivered yet.
    pending: Option<Positioned>,
    next_row: u32,
    /// Cell records read, empty ones included.
    records: u64,
    exhausted: bool,
    limits: Limits,
    /// The height the sheet's `<dimension>` gives, for progress only.
    declared_height: Option<u64>,
}

impl<'a> StreamRows<'a> {
    fn new(next_cell: NextCell<'a>, limits: Limits) -> Self {
        StreamRows {
            next_cell,
            pending: None,
            next_row: 0,
            records: 0,
            exhausted: false,
            limits,
            declared_height: None,
        }
    }

    fn declaring(mut self, dimensions: calamine::Dimensions) -> Self {
        self.declared_height = Some(u64::from(dimensions.end.0) + 1);
        self
    }

    /// The next cell holding a value. Styled empty cells are skipped but counted, so a sheet
    /// padded with millions of them still ends within the cell limit.
    fn pull(&mut self) -> Result<Option<Positioned>, SourceError> {
        while !self.exhausted {
            let Some(cell) = (self.next_cell)()? else {
                self.exhausted = true;
                break;
            };
            self.records += 1;
            if self.records > self.limits.max_cells {
                return Err(SourceError::Limit(Limit::Cells(self.limits.max_cells)));
            }
            if cell.2 != Cell::Empty {
                return Ok(Some(cell));
            }
        }
        Ok(None)
    }

    fn next_row(&mut self) -> Result<Option<Vec<Cell>>, SourceError> {
        if self.pending.is_none() {
            self.pending = self.pull()?;
        }
        let Some(&(row, _, _)) = self.pending.as_ref() else {
            return Ok(None);
        };
        if row < self.next_row {
            return Err(SourceError::Corrupt(format!(
                "row {} is stored after row {}",
                row + 1,
                self.next_row
            )));
        }
        let mut cells = Vec::new();
        if row == self.next_row {
            while let Some((_, col, value)) = self.pending.take_if(|c| c.0 == row) {
                let col = col as usize;
                if col >= self.limits.max_cols {
                    return Err(SourceError::Limit(Limit::Columns(self.limits.max_cols)));
                }
                if cells.len() <= col {
                    cells.resize(col + 1, Cell::Empty);
                }
                cells[col] = value;
                self.pending = self.pull()?;
            }
        }
        self.next_row += 1;
        Ok(Some(cells))
    }
}

/// Rows of a sheet calamine has already loaded, from A1 (so indices match Excel's), each cut
/// after its last value.
pub(super) struct RangeRows {
    range: Range<Data>,
    next_row: u32,
}

impl RangeRows {
    fn new(range: Range<Data>, limits: Limits) -> Result<Self, SourceError> {
        // calamine has sized the range by the cells it found, so this is the real height.
        if let Some((last_row, _)) = range.end() {
            if last_row as usize >= limits.max_rows {
                return Err(SourceError::Limit(Limit::Rows(limits.max_rows)));
            }
        }
        Ok(RangeRows { range, next_row: 0 })
    }

    fn next_row(&mut self) -> Option<Vec<Cell>> {
        let (start_row, start_col) = self.range.start()?;
        let (end_row, _) = self.range.end()?;
        if self.next_row > end_row {
            return None;
        }
        let row = self.next_row;
        self.next_row += 1;
        if row < start_row {
            return Some(Vec::new());
        }
        let values = self.range.rows().nth((row - start_row) as usize)?;
        let Some(last) = values.iter().rposition(|v| !v.is_empty()) else {
            return Some(Vec::new());
        };
        let mut cells = vec![Cell::Empty; start_col as usize];
        cells.extend(values[..=last].iter().map(|v| from_data(v.clone())));
        Some(cells)
    }
}

fn from_data(value: Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Int(i),
        Data::Float(f) => Cell::Float(f),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) if dt.is_duration() => Cell::Text(duration_text(dt.as_f64())),
        // Out of chrono's range: keep the number rather than lose the cell.
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or(Cell::Float(dt.as_f64()), Cell::DateTime),
        Data::DateTimeIso(s) => iso_datetime(&s).map_or(Cell::Text(s), Cell::DateTime),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(cells: Vec<Positioned>, limits: Limits) -> StreamRows<'static> {
        let mut cells = cells.into_iter();
        StreamRows::new(Box::new(move || Ok(cells.next())), limits)
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn collect(mut rows: StreamRows<'_>) -> Result<Vec<Vec<Cell>>, SourceError> {
        let mut out = Vec::new();
        while let Some(row) = rows.next_row()? {
            out.push(row);
        }
        Ok(out)
    }

    #[test]
    fn cells_become_rows_with_gaps_kept() {
        let rows = collect(stream(
            vec![
                (0, 1, text("b1")),
                (2, 0, text("a3")),
                (2, 3, Cell::Empty),
                (2, 2, text("c3")),
                (3, 5, Cell::Empty),
            ],
            Limits::default(),
        ))
        .expect("well-formed stream");
        assert_eq!(
            rows,
            vec![
                vec![Cell::Empty, text("b1")],
                vec![],
                vec![text("a3"), Cell::Empty, text("c3")],
            ],
            "row 2 is delivered empty, styled empty cells add nothing"
        );
    }

    #[test]
    fn limits_stop_a_stream_before_it_allocates() {
        let limits = Limits {
            max_cols: 10,
            ..Limits::default()
        };
        let far = collect(stream(vec![(0, 16_000, text("x"))], limits));
        assert!(
            matches!(far, Err(SourceError::Limit(Limit::Columns(10)))),
            "a lone cell far right is refused: {far:?}"
        );
        let limits = Limits {
            max_cells: 3,
            ..Limits::default()
        };
        let padded = collect(stream(vec![(0, 0, Cell::Empty); 10], limits));
        assert!(
            matches!(padded, Err(SourceError::Limit(Limit::Cells(3)))),
            "empty records count too: {padded:?}"
        );
        let backwards = collect(stream(
            vec![(5, 0, text("a")), (1, 0, text("b"))],
            Limits::default(),
        ));
        assert!(
            matches!(backwards, Err(SourceError::Corrupt(_))),
            "rows out of order are damage, not silently merged: {backwards:?}"
        );
    }

    #[test]
    fn ranges_are_walked_from_a1() {
        let mut range = Range::new((1, 1), (2, 3));
        range.set_value((1, 1), Data::String("b2".into()));
        range.set_value((2, 3), Data::Float(1.5));
        let mut rows = RangeRows::new(range, Limits::default()).expect("within limits");
        assert_eq!(rows.next_row(), Some(vec![]), "row 1 is above the range");
        assert_eq!(rows.next_row(), Some(vec![Cell::Empty, text("b2")]));
        assert_eq!(
            rows.next_row(),
            Some(vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Float(1.5)
            ])
        );
        assert_eq!(rows.next_row(), None);
        let tall = Range::<Data>::new((0, 0), (99, 0));
        let limits = Limits {
            max_rows: 50,
            ..Limits::default()
        };
        assert!(matches!(
            RangeRows::new(tall, limits),
            Err(SourceError::Limit(Limit::Rows(50)))
        ));
    }

    #[test]
    fn a_panic_inside_the_parser_is_a_damaged_file() {
        let result: Result<(), SourceError> = guarded(|| panic!("index 9 out of range"));
        assert!(
            matches!(&result, Err(SourceError::Corrupt(d)) if d == "index 9 out of range"),
            "the panic message becomes the detail: {result:?}"
        );
    }

    #[test]
    fn calamine_values_map_to_cells() {
        use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
        let date = ExcelDateTime::new(45_356.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            from_data(Data::DateTime(date)),
            Cell::DateTime(
                chrono::NaiveDate::from_ymd_opt(2024, 3, 5)
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .expect("valid")
            )
        );
        let date_1904 = ExcelDateTime::new(43_894.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            from_data(Data::DateTime(date_1904)).as_date(),
            chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
            "the 1904 system is four years and a day behind"
        );
        let duration = ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(from_data(Data::DateTime(duration)), text("30:00:00"));
        assert_eq!(
            from_data(Data::DateTimeIso("2024-03-05".into())).as_date(),
            chrono::NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(
            from_data(Data::Error(CellErrorType::NA)),
            Cell::Error("#N/A".into())
        );
        assert_eq!(from_data(Data::String(String::new())), Cell::Empty);
    }
}
