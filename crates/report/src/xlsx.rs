//! The plan as an Excel workbook a finance person can work with: the printed plan's tables, one
//! sheet each, numbers kept as numbers with number formats (money, percentages, 0.00×), totals
//! as SUM formulas and ratios of totals as formulas of those totals, so the sheet stays right
//! when a figure is changed in Excel.

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

use crate::document::{Cell, CellValue, PlanDocument, QuotientKind, Table};
use crate::{ReportError, Result};

fn err(e: rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Spreadsheet(e.to_string())
}

pub(crate) struct Formats {
    head: Format,
    money: Format,
    count: Format,
    percent: Format,
    multiple: Format,
    year: Format,
    wrap: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            head: Format::new().set_bold(),
            money: Format::new().set_num_format("¥#,##0.00"),
            count: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.0%"),
            multiple: Format::new().set_num_format("0.00\"×\""),
            year: Format::new().set_num_format("0"),
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn bold(f: &Format, bold: bool) -> Format {
        if bold {
            f.clone().set_bold()
        } else {
            f.clone()
        }
    }
}

/// Excel stores numbers as doubles: money leaves Rust's exact fen only here, at the file
/// boundary (exact for any amount below ¥90 trillion).
fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// A cell's number as the workbook holds it (yuan for money, a fraction for rates), if any.
fn number(cell: &Cell) -> Option<f64> {
    match cell.value {
        CellValue::Fen(f) | CellValue::SumFen(f) => Some(yuan(f)),
        CellValue::Count(n) | CellValue::SumCount(n) => Some(n as f64),
        CellValue::BasisPoints(bp) | CellValue::SumShare(bp) => Some(bp as f64 / 10_000.0),
        CellValue::Rate(bp) => Some(bp as f64 / 10_000.0),
        CellValue::Multiple(h) => Some(h as f64 / 100.0),
        CellValue::Year(y) => Some(y as f64),
        CellValue::Text | CellValue::Quotient { .. } => None,
    }
}

/// `A`, `B`, … `AA` for a 0-based column.
fn column(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `cell` at (row, col); `row_cells` is its row (quotients read their operands there),
/// `first_data_row`..`row` the rows a SUM adds up (0-based).
#[allow(clippy::too_many_arguments)]
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    row_cells: &[Cell],
    first_data_row: u32,
    f: &Formats,
    bold: bool,
) -> Result<()> {
    let letter = column(col as usize);
    let sum = |ws: &mut Worksheet, fmt: &Format, cached: f64| {
        let formula = Formula::new(format!(
            "=SUM({letter}{}:{letter}{})",
            first_data_row + 1,
            row.max(first_data_row + 1)
        ))
        .set_result(cached.to_string());
        ws.write_formula_with_format(row, col, formula, &Formats::bold(fmt, bold))
            .map(|_| ())
            .map_err(err)
    };
    // A plain number in its number format.
    let plain = |ws: &mut Worksheet, fmt: &Format, value: f64| {
        ws.write_number_with_format(row, col, value, &Formats::bold(fmt, bold))
            .map(|_| ())
            .map_err(err)
    };
    match cell.value {
        CellValue::Fen(fen) => plain(ws, &f.money, yuan(fen))?,
        CellValue::Count(n) => plain(ws, &f.count, n as f64)?,
        CellValue::BasisPoints(bp) => plain(ws, &f.percent, f64::from(bp) / 10_000.0)?,
        CellValue::Rate(bp) => plain(ws, &f.percent, bp as f64 / 10_000.0)?,
        CellValue::Multiple(h) => plain(ws, &f.multiple, h as f64 / 100.0)?,
        CellValue::Year(y) => plain(ws, &f.year, y as f64)?,
        CellValue::SumFen(fen) => sum(ws, &f.money, yuan(fen))?,
        CellValue::SumCount(n) => sum(ws, &f.count, n as f64)?,
        CellValue::SumShare(bp) => sum(ws, &f.percent, bp as f64 / 10_000.0)?,
        CellValue::Quotient { num, den, kind } => {
            let (n, d) = (column(num), column(den));
            let r = row + 1;
            let (expr, fmt) = match kind {
                QuotientKind::MoneyPer => (format!("{n}{r}/{d}{r}"), &f.money),
                QuotientKind::Multiple => (format!("{n}{r}/{d}{r}"), &f.multiple),
                QuotientKind::Rate => (format!("{n}{r}/{d}{r}"), &f.percent),
                QuotientKind::Return | QuotientKind::Change => {
                    (format!("({n}{r}-{d}{r})/{d}{r}"), &f.percent)
                }
            };
            let operands = (
                row_cells.get(num).and_then(number),
                row_cells.get(den).and_then(number),
            );
            let cached = match (operands, kind) {
                ((Some(a), Some(b)), QuotientKind::Return | QuotientKind::Change) if b != 0.0 => {
                    ((a - b) / b).to_string()
                }
                ((Some(a), Some(b)), _) if b != 0.0 => (a / b).to_string(),
                _ => String::new(),
            };
            let formula = Formula::new(format!("=IF({d}{r}=0,\"\",{expr})")).set_result(cached);
            ws.write_formula_with_format(row, col, formula, &Formats::bold(fmt, bold))
                .map_err(err)?;
        }
        CellValue::Text => {
            if bold {
                ws.write_string_with_format(row, col, &cell.text, &f.head)
                    .map_err(err)?;
            } else if cell.text.chars().count() > 40 {
                ws.write_string_with_format(row, col, &cell.text, &f.wrap)
                    .map_err(err)?;
            } else {
                ws.write_string(row, col, &cell.text).map_err(err)?;
            }
        }
    }
    Ok(())
}

pub(crate) fn write_table(wb: &mut Workbook, table: &Table, f: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(&table.name).map_err(err)?;
    for (c, h) in table.head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.head)
            .map_err(err)?;
        let widest = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|cell| cell.text.chars().count())
            .chain(std::iter::once(h.chars().count() * 2))
            .max()
            .unwrap_or(10);
        ws.set_column_width(c as u16, (widest + 2).clamp(8, 60) as f64)
            .map_err(err)?;
    }
    let mut row = 1;
    for cells in &table.rows {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, cells, 1, f, false)?;
        }
        row += 1;
    }
    if let Some(total) = &table.total {
        for (c, cell) in total.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, total, 1, f, true)?;
        }
        row += 1;
    }
    if !table.note.is_empty() {
        ws.write_string(row + 1, 0, &table.note).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    Ok(())
}

pub fn plan_xlsx(doc: &PlanDocument) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    {
        let l = &doc.labels;
        let ws = wb.add_worksheet();
        ws.set_name(l.summary_sheet).map_err(err)?;
        ws.set_column_width(0, 16).map_err(err)?;
        ws.set_column_width(1, 90).map_err(err)?;
        ws.write_string_with_format(0, 0, &doc.title, &f.head)
            .map_err(err)?;
        let total_fen = doc
            .channel_table
            .total
            .as_ref()
            .and_then(|t| t.get(2))
            .and_then(|c| match c.value {
                CellValue::Fen(f) | CellValue::SumFen(f) => Some(f),
                _ => None,
            });
        let facts: [(&str, Cell); 6] = [
            (
                l.total,
                match total_fen {
                    Some(fen) => Cell {
                        text: doc.total.clone(),
                        value: CellValue::Fen(fen),
                    },
                    None => Cell::text(&doc.total),
                },
            ),
            (l.fiscal_year, Cell::year(doc.year)),
            (l.stage, Cell::text(&doc.stage)),
            (l.emphasis, Cell::text(&doc.emphasis)),
            (l.version, Cell::count(doc.version)),
            (l.date, Cell::text(&doc.date)),
        ];
        for (i, (k, v)) in facts.iter().enumerate() {
            let row = i as u32 + 2;
            ws.write_string(row, 0, *k).map_err(err)?;
            write_cell(ws, row, 1, v, &[], 0, &f, false)?;
        }
        let mut row = facts.len() as u32 + 3;
        for line in &doc.summary {
            ws.write_string_with_format(row, 1, line, &f.wrap)
                .map_err(err)?;
            row += 1;
        }
        for (label, text) in [(l.objectives, &doc.objectives), (l.risks, &doc.risks)] {
            if !text.is_empty() {
                row += 1;
                ws.write_string_with_format(row, 0, label, &f.head)
                    .map_err(err)?;
                ws.write_string_with_format(row, 1, text, &f.wrap)
                    .map_err(err)?;
            }
        }
    }
    let tables = [
        Some(&doc.channel_table),
        doc.last_year.as_ref(),
        doc.spend.as_ref(),
        Some(&doc.kpis),
        Some(&doc.quarters),
        doc.regions.as_ref(),
        Some(&doc.roi),
        Some(&doc.unit_costs),
        Some(&doc.tactic_table),
    ];
    for table in tables.into_iter().flatten() {
        if !table.rows.is_empty() {
            write_table(&mut wb, table, &f)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(
            [0, 1, 25, 26, 27, 51, 52].map(column),
            ["A", "B", "Z", "AA", "AB", "AZ", "BA"].map(String::from)
        );
    }
}
