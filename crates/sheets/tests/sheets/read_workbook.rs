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
        "“报名表.xlsx”有密码保护，本软件无法读取。请用密码在 Excel 或 WPS 里打开它，取消密码（或另存一份不加密的），再导入。"
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

#[test]
fn password_protected_xls_and_ods_say_so_not_damaged() {
    // Saved with a password by LibreOffice (tests/fixtures/make_password_fixtures.py).
    for file in ["password.xls", "password.ods"] {
        let err = open(&fixture(file), &ReadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{file} cannot be read without its password"));
        assert_eq!(err.code(), "password_protected", "{file}: {err}");
        let message = err.message(Lang::ZhCn);
        assert!(
            message.contains("有密码保护") && message.contains("取消密码"),
            "{message}"
        );
        // Dropping it on the window says so before any import starts.
        let sniffed = marketdesk_sheets::sniff_path(&fixture(file)).expect("sniffs");
        if file.ends_with(".xls") {
            assert_eq!(sniffed.kind, FileKind::PasswordProtected, "{file}");
        }
    }
    let plain = marketdesk_sheets::sniff_path(&fixture("spend.xls")).expect("sniffs");
    assert_eq!(
        plain.kind,
        FileKind::Xls,
        "an unprotected .xls is not taken for one"
    );
}

/// Rewrites the zip at `path` with its entries as `arrange` leaves them, deflated unless
/// named in `stored`, and with `comment`.
fn rezip(path: &std::path::Path, arrange: impl Fn(&mut Vec<(String, Vec<u8>)>), comment: &[u8]) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        entries.push((name, data));
    }
    arrange(&mut entries);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).expect("start");
        out.write_all(&data).expect("write");
    }
    out.set_raw_comment(comment.to_vec().into_boxed_slice())
        .expect("comment");
    let bytes = out.finish().expect("finish").into_inner();
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn valid_workbooks_with_unusual_zip_details_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expected = {
        let path = dir.path().join("plain.xlsx");
        spend_xlsx(&path);
        texts(&path, &ReadOptions::default())
    };
    // A directory far larger than the probes, with the workbook's entries in neither: a big
    // picture first, then the sheet, then thousands of small parts.
    let crowded = dir.path().join("crowded.xlsx");
    spend_xlsx(&crowded);
    rezip(
        &crowded,
        |entries| {
            // Incompressible (xorshift), so the entry stays larger than the probe once deflated.
            let mut x = 0x2545_f491_u32;
            let noise: Vec<u8> = (0..200_000)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as u8
                })
                .collect();
            entries.insert(0, ("docProps/thumbnail.bin".into(), noise));
            for i in 0..2_000 {
                entries.push((
                    format!("customXml/item{i:05}-a-rather-long-part-name-as-some-tools-write.xml"),
                    b"<x/>".to_vec(),
                ));
            }
        },
        b"",
    );
    // The longest comment a zip can carry after its directory.
    let commented = dir.path().join("commented.xlsx");
    spend_xlsx(&commented);
    rezip(&commented, |_| {}, &[b'#'; 65_535]);
    for path in [&crowded, &commented] {
        let sniffed = marketdesk_sheets::sniff_path(path).expect("sniffs");
        assert_eq!(sniffed.kind, FileKind::Xlsx, "{}", path.display());
        assert_eq!(
            texts(path, &ReadOptions::default()),
            expected,
            "{}",
            path.display()
        );
    }
    // An ods whose mimetype is compressed and last, not stored and first.
    let ods = dir.path().join("reordered.ods");
    std::fs::copy(fixture("spend.ods"), &ods).expect("copy");
    rezip(&ods, |entries| entries.rotate_left(1), b"");
    assert_eq!(
        marketdesk_sheets::sniff_path(&ods).expect("sniffs").kind,
        FileKind::Ods
    );
    assert_eq!(
        texts(&ods, &ReadOptions::default()),
        texts(&fixture("spend.ods"), &ReadOptions::default())
    );
    // Names written with backslashes: recognised as a workbook; if it cannot be read, it is
    // called damaged, never "another document".
    let backslashed = dir.path().join("backslashed.xlsx");
    spend_xlsx(&backslashed);
    rezip(
        &backslashed,
        |entries| {
            for (name, _) in entries.iter_mut() {
                *name = name.replace('/', "\\");
            }
        },
        b"",
    );
    match open(&backslashed, &ReadOptions::default()) {
        Ok(book) => assert_eq!(book.kind(), &FileKind::Xlsx),
        Err(e) => assert_eq!(e.code(), "corrupt_file", "{e}"),
    }
}

#[test]
fn text_without_a_byte_order_mark_in_utf16_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "姓名\t手机\t公司\r\n张三\t13800000001\t招商银行\r\n";
    for (name, bytes) in [
        (
            "le.csv",
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.csv",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let path = write(dir.path(), name, bytes);
        assert_eq!(
            texts(&path, &ReadOptions::default()),
            [
                ["姓名", "手机", "公司"],
                ["张三", "13800000001", "招商银行"]
            ],
            "{name}"
        );
    }
}

#[test]
fn binary_files_and_lying_names_say_what_they_are_and_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let binary: Vec<u8> = (0..4096u32)
        .map(|i| if i % 3 == 0 { 0 } else { (i * 7) as u8 })
        .collect();
    let path = write(dir.path(), "报名名单.csv", &binary);
    let err = open(&path, &ReadOptions::default()).err().expect("binary");
    assert_eq!(err.code(), "not_a_sheet");
    assert_eq!(
        err.message(Lang::ZhCn),
        "“报名名单.csv”无法作为表格导入：扩展名是 .csv，但内容是二进制数据，既不是文字，也不是 Excel、WPS 或 OpenDocument 表格。请找到原始的表格，或在导出它的系统里重新导出为 Excel (.xlsx) 或 CSV，再导入。"
    );
    let path = write(dir.path(), "名单.xlsx", "%PDF-1.7 ...");
    let message = open(&path, &ReadOptions::default())
        .err()
        .expect("pdf")
        .message(Lang::En);
    assert!(
        message.contains("named .xlsx but its content is PDF document"),
        "{message}"
    );
    // A CSV named .xlsx is read, and says so.
    let path = write(dir.path(), "名单.xlsx", "姓名,手机\n张三,13800000001\n");
    let book = open(&path, &ReadOptions::default()).expect("read by content");
    assert_eq!(book.misnamed_as(), Some("xlsx"));
    let path = write(dir.path(), "名单.csv", "姓名,手机\n张三,13800000001\n");
    assert_eq!(
        open(&path, &ReadOptions::default())
            .expect("csv")
            .misnamed_as(),
        None
    );
}
