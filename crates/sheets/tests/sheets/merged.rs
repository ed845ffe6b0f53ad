//! Merged cells in attendee lists: where they are, and rows with merged values filled down.

use std::path::{Path, PathBuf};

use marketdesk_sheets::{detect_header, open, read_all, Cell, Limits, MergedRegion, ReadOptions};

use crate::support::{
    attendees_xlsx, fixture, strings, text, texts, write, ATTENDEE_BANNER, ATTENDEE_HEADER,
};

fn filled() -> ReadOptions {
    ReadOptions {
        fill_merged: true,
        ..ReadOptions::default()
    }
}

fn region(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> MergedRegion {
    MergedRegion {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}

/// The attendee list in both formats that can carry merged cells.
fn attendee_lists(dir: &Path) -> [PathBuf; 2] {
    let xlsx = dir.join("签到.xlsx");
    attendees_xlsx(&xlsx);
    [xlsx, fixture("attendees.xls")]
}

const COMPANY: &str = "上海云杉科技有限公司";

#[test]
fn merged_regions_are_read_back_in_sheet_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    for path in attendee_lists(dir.path()) {
        let mut book = open(&path, &ReadOptions::default()).expect("opens");
        let regions = book.merged_regions(0).expect("regions");
        assert_eq!(
            regions,
            vec![region(0, 0, 0, 5), region(2, 0, 4, 0), region(3, 1, 4, 1)],
            "{}: banner A1:F1, company A3:A5, department B4:B5, indexed like rows()",
            path.display()
        );
        assert!(
            !regions[0].is_vertical() && regions[1].is_vertical(),
            "{}: only the banner is one row tall",
            path.display()
        );
        let err = book.merged_regions(3).expect_err("no fourth sheet");
        assert_eq!(err.code(), "sheet_not_found", "{}", path.display());
    }
}

#[test]
fn filled_rows_carry_the_company_and_department_down() {
    let dir = tempfile::tempdir().expect("tempdir");
    for path in attendee_lists(dir.path()) {
        let rows = read_all(&path, &filled(), 0).expect("reads filled");
        assert_eq!(
            rows[0],
            vec![text(ATTENDEE_BANNER)],
            "{}: the banner merged across A1:F1 stays a single cell",
            path.display()
        );
        assert_eq!(
            texts(&path, &filled()),
            vec![
                strings(&[ATTENDEE_BANNER]),
                strings(&ATTENDEE_HEADER[..]),
                strings(&[COMPANY, "销售部", "张伟", "经理", "13812345678"]),
                strings(&[COMPANY, "市场部", "李娜", "专员", "13912345678"]),
                strings(&[COMPANY, "市场部", "王芳", "总监", "13712345678"]),
                strings(&["北京星河文化传媒", "行政部", "赵磊", "主管", "13612345678"]),
            ],
            "{}: the company is on all three of its rows, the department on both of its",
            path.display()
        );
        let header = detect_header(&rows, &[&["公司"], &["部门"], &["姓名"], &["手机"]])
            .expect("header found in filled rows");
        assert_eq!(
            header.row,
            1,
            "{}: the banner is still skipped after filling",
            path.display()
        );
    }
}

#[test]
fn reading_without_filling_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    for path in attendee_lists(dir.path()) {
        let rows = texts(&path, &ReadOptions::default());
        assert_eq!(
            rows[2..],
            [
                strings(&[COMPANY, "销售部", "张伟", "经理", "13812345678"]),
                strings(&["", "市场部", "李娜", "专员", "13912345678"]),
                strings(&["", "", "王芳", "总监", "13712345678"]),
                strings(&["北京星河文化传媒", "行政部", "赵磊", "主管", "13612345678"]),
            ],
            "{}: by default merged values stay in their top-left cell only",
            path.display()
        );
        assert_eq!(
            rows[0],
            strings(&[ATTENDEE_BANNER]),
            "{}: banner as stored",
            path.display()
        );
    }
}

#[test]
fn a_banner_only_sheet_reads_the_same_filled_or_not() {
    let path = fixture("spend.xls");
    let mut book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(
        book.merged_regions(0).expect("regions"),
        vec![region(0, 0, 0, 4)],
        "the spend sheet's banner A1:E1"
    );
    assert_eq!(
        read_all(&path, &filled(), 0).expect("filled"),
        read_all(&path, &ReadOptions::default(), 0).expect("plain"),
        "a one-row merge is never filled"
    );
}

#[test]
fn formats_without_merged_cells_give_no_regions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "名单.csv",
        "公司,姓名\n上海云杉科技有限公司,张伟\n,李娜\n",
    );
    let mut book = open(&csv, &ReadOptions::default()).expect("opens csv");
    assert_eq!(
        book.merged_regions(0).expect("regions"),
        vec![],
        "delimited text cannot merge cells"
    );
    assert_eq!(
        texts(&csv, &filled()),
        texts(&csv, &ReadOptions::default()),
        "filling leaves text files as they are: an empty field is not a merged cell"
    );
    let err = book.merged_regions(1).expect_err("one sheet only");
    assert_eq!(err.code(), "sheet_not_found");

    // The ods fixture merges its banner over five columns, but calamine does not report ods
    // spans: documented as giving no regions.
    let mut ods = open(&fixture("spend.ods"), &ReadOptions::default()).expect("opens ods");
    assert_eq!(
        ods.merged_regions(0).expect("regions"),
        vec![],
        "ods regions are not read"
    );
}

#[test]
fn absurd_region_counts_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("合并.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    for i in 0..4u16 {
        sheet
            .merge_range(0, 2 * i, 0, 2 * i + 1, "x", &plain)
            .expect("merge");
    }
    book.save(&path).expect("save");
    let limits = ReadOptions {
        limits: Limits {
            max_merged_regions: 3,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    let mut book = open(&path, &limits).expect("opens");
    let err = book
        .merged_regions(0)
        .expect_err("four regions where three are allowed");
    assert_eq!(err.code(), "too_many_merged_cells", "{err}");
    let rows: Vec<Vec<Cell>> = book
        .rows(0)
        .expect("plain rows do not read regions")
        .collect::<Result<_, _>>()
        .expect("one row within the limits");
    assert_eq!(rows.len(), 1);
    let mut book = open(
        &path,
        &ReadOptions {
            fill_merged: true,
            ..limits.clone()
        },
    )
    .expect("opens");
    let err = book.rows(0).err().expect("filling needs the regions");
    assert_eq!(err.code(), "too_many_merged_cells", "{err}");

    // calamine lists an xls file's regions when opening it, so they are counted before.
    let err = open(
        &fixture("attendees.xls"),
        &ReadOptions {
            limits: Limits {
                max_merged_regions: 2,
                ..Limits::default()
            },
            ..ReadOptions::default()
        },
    )
    .err()
    .expect("three regions where two are allowed");
    assert_eq!(err.code(), "too_many_merged_cells", "{err}");
}

/// The regions as calamine reads them, which walks every cell before the list: the reader
/// finds the list by scanning the sheet's XML instead, and must agree.
fn calamine_regions(path: &Path, sheet: &str) -> Vec<MergedRegion> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("calamine opens");
    let mut regions: Vec<MergedRegion> = book
        .merge_cells_by_sheet_name(sheet)
        .expect("calamine reads merges")
        .into_iter()
        .map(|d| region(d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    let _ = book.sheet_names();
    regions.sort_unstable_by_key(|r| (r.first_row, r.first_col, r.last_row, r.last_col));
    regions
}

#[test]
fn merged_regions_agree_with_calamine_on_every_sheet() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("多表.xlsx");
    let mut book = Workbook::new();
    let plain = Format::new();
    // A name that XML escapes, a sheet with no merges, and merges far down and right.
    let names = ["报名 & 签到", "空表", "Sheet <3>"];
    for (i, name) in names.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("name");
        for row in 0..3_000u32 {
            sheet
                .write_string(row + 1, 0, format!("第{row}行"))
                .expect("cell");
        }
        if i != 1 {
            sheet
                .merge_range(0, 0, 0, 7, "标题", &plain)
                .expect("banner");
            sheet
                .merge_range(2_900, 27, 2_950, 28, "远处", &plain)
                .expect("far");
            sheet
                .merge_range(10 + i as u32, 3, 12 + i as u32, 3, "竖", &plain)
                .expect("vertical");
        }
    }
    book.save(&path).expect("save");
    let mut opened = open(&path, &ReadOptions::default()).expect("opens");
    for (i, name) in names.iter().enumerate() {
        let ours = opened.merged_regions(i).expect("regions");
        assert_eq!(ours, calamine_regions(&path, name), "sheet {name}");
        assert_eq!(ours.len(), if i == 1 { 0 } else { 3 }, "sheet {name}");
    }
}
