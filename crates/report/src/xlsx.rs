//! The plan as an Excel workbook with the same tables as the printed plan, numbers kept as
//! numbers so it can still be edited in Excel.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::document::{Cell, CellValue, PlanDocument, Table};
use crate::{ReportError, Result};

fn err(e: rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Spreadsheet(e.to_string())
}

struct Formats {
    head: Format,
    money: Format,
    percent: Format,
    bold_money: Format,
}

/// Excel stores numbers as doubles: money leaves Rust's exact fen only here, at the file
/// boundary (exact for any amount below ¥90 trillion).
fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
    bold: bool,
) -> Result<()> {
    match cell.value {
        CellValue::Fen(fen) => {
            let fmt = if bold { &f.bold_money } else { &f.money };
            ws.write_number_with_format(row, col, yuan(fen), fmt)
                .map_err(err)?;
        }
        CellValue::Count(n) => {
            ws.write_number(row, col, n as f64).map_err(err)?;
        }
        CellValue::BasisPoints(bp) => {
            ws.write_number_with_format(row, col, bp as f64 / 10_000.0, &f.percent)
                .map_err(err)?;
        }
        CellValue::Text => {
            if bold {
                ws.write_string_with_format(row, col, &cell.text, &f.head)
                    .map_err(err)?;
            } else {
                ws.write_string(row, col, &cell.text).map_err(err)?;
            }
        }
    }
    Ok(())
}

fn write_table(wb: &mut Workbook, table: &Table, f: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(&table.name).map_err(err)?;
    for (c, h) in table.head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.head)
            .map_err(err)?;
        ws.set_column_width(c as u16, if c == 0 { 28 } else { 16 })
            .map_err(err)?;
    }
    let mut row = 1;
    for cells in &table.rows {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, f, false)?;
        }
        row += 1;
    }
    if let Some(total) = &table.total {
        for (c, cell) in total.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, f, true)?;
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
    let f = Formats {
        head: Format::new().set_bold(),
        money: Format::new().set_num_format("¥#,##0.00"),
        percent: Format::new().set_num_format("0.0%"),
        bold_money: Format::new().set_bold().set_num_format("¥#,##0.00"),
    };
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(doc.labels.summary_sheet).map_err(err)?;
        ws.set_column_width(0, 16).map_err(err)?;
        ws.set_column_width(1, 90).map_err(err)?;
        ws.write_string_with_format(0, 0, &doc.title, &f.head)
            .map_err(err)?;
        let facts = [
            (doc.labels.total, doc.total.as_str()),
            (doc.labels.fiscal_year, &doc.year.to_string()),
            (doc.labels.stage, &doc.stage),
            (doc.labels.emphasis, &doc.emphasis),
            (doc.labels.version, &doc.version.to_string()),
            (doc.labels.date, &doc.date),
        ]
        .map(|(k, v)| (k, v.to_string()));
        for (i, (k, v)) in facts.iter().enumerate() {
            ws.write_string(i as u32 + 2, 0, *k).map_err(err)?;
            ws.write_string(i as u32 + 2, 1, v).map_err(err)?;
        }
        let start = facts.len() as u32 + 3;
        for (i, line) in doc.summary.iter().enumerate() {
            ws.write_string(start + i as u32, 1, line).map_err(err)?;
        }
    }
    for table in [
        &doc.channel_table,
        &doc.quarters,
        &doc.regions,
        &doc.roi,
        &doc.tactic_table,
    ] {
        if !table.rows.is_empty() {
            write_table(&mut wb, table, &f)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}
