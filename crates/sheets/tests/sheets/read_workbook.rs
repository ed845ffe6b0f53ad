use marketdesk_core::Lang;
use marketdesk_sheets::{open, read_all, Cell, FileKind, ReadOptions, SheetInfo};

use crate::support::{edit_zip, fixture, spend_xlsx, strings, text, texts, write, ymd};

fn sheet(name: &str, hidden: bool) -> SheetInfo {
    SheetInfo {
        name: name.into(),
        hidden,
    }
}

/// The same spend sheet in every workbook format: banner, blank row, header, data.
fn assert_spend_sheet(path: &std::path::Path, kind: FileKind) {
    let mut book = open(path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.kind(), &kind);
    assert_eq!(book.encoding(), None, "workbooks have no text encoding");
    assert_eq!(
        book.sheets(),
        &[sheet("费用", false), sheet("选项", true)],
        "{kind:?}: sheets in order, the lookup list hidden"
    );
    let rows: Vec<Vec<Cell>> = book
        .rows(0)
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("every row reads");
    assert_eq!(rows.len(), 5, "{kind:?}: no rows beyond the data: {rows:?}");
    assert_eq!(
        rows[0],
        vec![text("2024年市场费用明细")],
        "{kind:?}: banner"
    );
    assert_eq!(
        rows[1],
        vec![],
        "{kind:?}: the blank row is kept so indices match Excel"
    );
    assert_eq!(
        rows[2].iter().map(|c| c.as_text()).collect::<Vec<_>>(),
        strings(&["日期", "活动", "金额（元）", "供应商", "联系电话"]),
        "{kind:?}: header"
    );
    let data = &rows[3];
    assert!(
        matches!(data[0], Cell::DateTime(_)),
        "{kind:?}: a date cell arrives as a date: {:?}",
        data[0]
    );
    assert_eq!(data[0].as_date(), Some(ymd(2024, 3, 5)), "{kind:?}");
    assert_eq!(data[2].as_text(), "12000.5", "{kind:?}: amount");
    assert_eq!(
        data[4].as_text(),
        "13812345678",
        "{kind:?}: a phone stored as a number keeps its digits"
    );
    let again: Vec<_> = book.rows(0).expect("rows again").collect();
    assert_eq!(again.len(), 5, "{kind:?}: a sheet can be read twice");
    let hidden: Vec<_> = book
        .rows(1)
        .expect("hidden sheet")
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(
        hidden[0],
        vec![text("展会")],
        "{kind:?}: hidden sheets are readable"
    );
}

#[test]
fn xlsx_from_a_writer_reads_like_excel_shows_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("费用.xlsx");
    spend_xlsx(&path);
    assert_spend_sheet(&path, FileKind::Xlsx);
}

#[test]
fn legacy_xls_fixture() {
    assert_spend_sheet(&fixture("spend.xls"), FileKind::Xls);
}

#[test]
fn ods_fixture_with_a_million_repeated_empty_rows() {
    assert_spend_sheet(&fixture("spend.ods"), FileKind::Ods);
}

/// The share of the sheet read, as a progress bar shows it: part way after the first row, all
/// of it at the end.
fn shares_read(path: &std::path::Path) -> (Option<f64>, Option<f64>) {
    let mut book = open(path, &ReadOptions::default()).expect("opens");
    let mut rows = book.rows(0).expect("rows");
    let gauge = rows.gauge();
    rows.next().expect("a first row").expect("reads");
    let first = gauge.fraction();
    rows.by_ref().for_each(drop);
    (first, gauge.fraction())
}

#[test]
fn the_share_read_follows_the_rows_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("费用.xlsx");
    spend_xlsx(&xlsx);
    let csv = write(
        dir.path(),
        "名单.csv",
        (0..20_000)
            .map(|i| format!("张{i},1380000{i:04},公司{i}\n"))
            .collect::<String>(),
    );
    for path in [xlsx, fixture("spend.xls"), fixture("spend.ods"), csv] {
        let (first, last) = shares_read(&path);
        assert!(
            first.is_some_and(|f| f > 0.0 && f < 0.5),
            "{path:?}: part way after the first row, got {first:?}"
        );
        assert_eq!(last, Some(1.0), "{path:?}: all read at the end");
    }
}

#[test]
fn xlsx_in_the_1904_date_system() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mac.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    book.add_worksheet()
        // 2024-03-05 counted from 1904-01-01, as old Mac Excel stored it.
        .write_number_with_format(0, 0, 43_894.0, &date)
        .expect("serial");
    book.save(&path).expect("save");
    edit_zip(&path, |name, xml| {
        if name == "xl/workbook.xml" {
            xml.replace("<workbookPr", "<workbookPr date1904=\"1\"")
        } else {
            xml
        }
    });
    let rows = read_all(&path, &ReadOptions::default(), 0).expect("reads");
    assert_eq!(
        rows[0][0].as_date(),
        Some(ymd(2024, 3, 5)),
        "the workbook's date system is applied: {:?}",
        rows[0][0]
    );
}

#[test]
fn an_xlsx_named_csv_is_read_as_a_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("名单.csv");
    spend_xlsx(&path);
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.kind(), &FileKind::Xlsx);
}

#[test]
fn asking_for_a_missing_sheet_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("费用.xlsx");
    spend_xlsx(&path);
    let mut book = open(&path, &ReadOptions::default()).expect("opens");
    let err = book.rows(5).err().expect("no sixth sheet");
    assert_eq!(err.code(), "sheet_not_found");
    assert_eq!(
        err.message(Lang::ZhCn),
        "“费用.xlsx”只有 2 个工作表，没有第 6 个。"
    );
}

#[test]
fn damaged_workbooks_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("好的.xlsx");
    spend_xlsx(&path);
    let bytes = std::fs::read(&path).expect("read");

    let cut = write(dir.path(), "截断.xlsx", &bytes[..bytes.len() / 2]);
    let err = open(&cut, &ReadOptions::default()).err();
    let err = err.expect("half a zip cannot open");
    assert_eq!(err.code(), "corrupt_file", "{err}");
    let message = err.message(Lang::ZhCn);
    assert!(
        message.contains("“截断.xlsx”已损坏") && message.contains("重新下载"),
        "a file cut short is to be fetched again: {message}"
    );

    let junk = write(
        dir.path(),
        "junk.xlsx",
        b"PK\x03\x04 xl/workbook.xml and then nothing of a zip",
    );
    let err = open(&junk, &ReadOptions::default()).err().expect("junk");
    assert_eq!(err.code(), "corrupt_file", "{err}");

    let broken = dir.path().join("坏表.xlsx");
    std::fs::copy(&path, &broken).expect("copy");
    edit_zip(&broken, |name, xml| {
        if name == "xl/worksheets/sheet1.xml" {
            // Cut off in the middle of the last row, as an interrupted download leaves it.
            let cut = xml.rfind("<row").expect("rows") + 10;
            xml[..cut].to_string()
        } else {
            xml
        }
    });
    let mut book = open(&broken, &ReadOptions::default()).expect("the workbook itself opens");
    let err = match book.rows(0) {
        Err(e) => e,
        Ok(rows) => rows
            .last()
            .and_then(Result::err)
            .expect("the broken sheet ends in an error"),
    };
    assert_eq!(err.code(), "corrupt_file");
    assert!(
        err.message(Lang::En)
            .contains("Sheet “费用” of “坏表.xlsx”"),
        "the sheet is named: {}",
        err.message(Lang::En)
    );
}

#[test]
fn encrypted_and_foreign_files_say_what_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "报名表.xlsx", &ole);
    let err = open(&path, &ReadOptions::default())
        .err()
        .expect("encrypted");
    assert_eq!(err.code(), "password_protected");
    assert_eq!(
        err.message(Lang::ZhCn),
        "“报名表.xlsx”有密码保护，请在 Excel 里取消密码后再导入。"
    );

    let path = write(
        dir.path(),
        "网页.xls",
        "<html><table><tr><td>1</td></tr></table></html>",
    );
    let err = open(&path, &ReadOptions::default()).err().expect("html");
    assert_eq!(err.code(), "format_not_supported");
    assert!(
        err.message(Lang::ZhCn).contains("另存为 .xlsx"),
        "tells the way out"
    );
    let sniffed = marketdesk_sheets::sniff_path(&path).expect("sniffs");
    assert!(
        !sniffed.kind.is_importable(),
        "the file inspector agrees with open()"
    );

    let path = write(dir.path(), "发票.pdf", "%PDF-1.7 ...");
    let err = open(&path, &ReadOptions::default()).err().expect("pdf");
    assert_eq!(err.code(), "not_a_sheet");

    let path = write(dir.path(), "空.csv", "");
    let err = open(&path, &ReadOptions::default()).err().expect("empty");
    assert_eq!(
        err.code(),
        "not_a_sheet",
        "an empty file has nothing to import"
    );

    let err = open(&dir.path().join("不存在.csv"), &ReadOptions::default())
        .err()
        .expect("missing");
    assert_eq!(err.code(), "file_not_found");
}

#[test]
fn a_date_cell_renders_as_a_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("费用.xlsx");
    spend_xlsx(&path);
    assert_eq!(
        texts(&path, &ReadOptions::default())[3][0],
        "2024-03-05",
        "a date renders without a time"
    );
}
