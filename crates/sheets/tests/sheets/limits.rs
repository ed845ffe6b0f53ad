use marketdesk_core::Lang;
use marketdesk_sheets::{open, Limit, Limits, ReadOptions, SheetsError};

use crate::support::{edit_zip, spend_xlsx, write};

fn with_limits(limits: Limits) -> ReadOptions {
    ReadOptions {
        limits,
        ..ReadOptions::default()
    }
}

/// Reads sheet 0 to its end: the rows that came through and the error that stopped it, if any.
fn drain(path: &std::path::Path, opts: &ReadOptions) -> (usize, Option<SheetsError>) {
    let mut book = open(path, opts).expect("opens");
    let mut ok = 0;
    let mut rows = book.rows(0).expect("rows");
    for row in rows.by_ref() {
        match row {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(rows.next().is_none(), "nothing follows an error");
                return (ok, Some(e));
            }
        }
    }
    (ok, None)
}

#[test]
fn text_files_stop_at_the_row_column_and_cell_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "rows.csv", "a,b\n1,2\n3,4\n5,6\n");
    let (ok, err) = drain(
        &path,
        &with_limits(Limits {
            max_rows: 3,
            ..Limits::default()
        }),
    );
    let err = err.expect("a fourth row is over the limit");
    assert_eq!(ok, 3, "rows up to the limit are delivered");
    assert_eq!(err.code(), "too_many_rows");
    assert_eq!(
        err.message(Lang::ZhCn),
        "“rows.csv”超过 3 行，请拆分成几个文件后分别导入。"
    );

    let wide = write(dir.path(), "wide.csv", format!("{}\n", "x,".repeat(600)));
    let (_, err) = drain(&wide, &ReadOptions::default());
    assert_eq!(
        err.expect("601 columns").code(),
        "too_many_columns",
        "the default allows 500 columns"
    );

    let (ok, err) = drain(
        &path,
        &with_limits(Limits {
            max_cells: 5,
            ..Limits::default()
        }),
    );
    assert_eq!(ok, 2);
    assert!(
        matches!(
            err,
            Some(SheetsError::TooLarge {
                limit: Limit::Cells(5),
                ..
            })
        ),
        "six cells are over five: {err:?}"
    );
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "big.csv", "a,b\n".repeat(100));
    let err = open(
        &path,
        &with_limits(Limits {
            max_file_bytes: 100,
            ..Limits::default()
        }),
    )
    .err()
    .expect("400 bytes over a 100-byte limit");
    assert_eq!(err.code(), "file_too_large");
}

#[test]
fn zip_workbooks_are_checked_for_their_unpacked_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.xlsx");
    spend_xlsx(&path);
    let err = open(
        &path,
        &with_limits(Limits {
            max_unpacked_bytes: 1_000,
            ..Limits::default()
        }),
    )
    .err()
    .expect("the parts unpack to more than 1000 bytes");
    assert_eq!(err.code(), "unpacked_too_large");
}

#[test]
fn a_lone_cell_at_the_far_corner_is_refused_without_allocating_the_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corner.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").expect("a1");
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("the last cell Excel has");
    book.save(&path).expect("save");
    let (ok, err) = drain(&path, &ReadOptions::default());
    assert_eq!(ok, 1_048_575, "empty rows in between are cheap");
    assert_eq!(err.expect("column XFD").code(), "too_many_columns");
}

#[test]
fn declared_dimensions_are_not_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("claims.xlsx");
    spend_xlsx(&path);
    edit_zip(&path, |name, xml| {
        if name == "xl/worksheets/sheet1.xml" {
            let start = xml.find("<dimension ref=\"").map(|i| i + 16);
            let end = start.and_then(|s| xml[s..].find('"').map(|e| s + e));
            match (start, end) {
                (Some(s), Some(e)) => format!("{}A1:XFD1048576{}", &xml[..s], &xml[e..]),
                _ => panic!("rust_xlsxwriter writes a dimension: {xml}"),
            }
        } else {
            xml
        }
    });
    let (ok, err) = drain(&path, &ReadOptions::default());
    assert!(
        err.is_none(),
        "a sheet claiming 17 billion cells but holding 25 reads: {err:?}"
    );
    assert_eq!(ok, 5);
}

#[test]
fn an_xls_declaring_four_billion_rows_is_refused_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = std::fs::read(crate::support::fixture("spend.xls")).expect("fixture");
    // DIMENSIONS (0x0200, 14 bytes): first row, last row + 1, first column, last column + 1.
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("the fixture's first sheet declares its dimensions");
    bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let path = write(dir.path(), "huge.xls", &bytes);
    let err = open(&path, &ReadOptions::default())
        .err()
        .expect("calamine would reserve ~100 GB for this and abort the process");
    assert_eq!(err.code(), "too_many_cells");
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes")) as usize
}

/// The .xls fixture with the Workbook stream's sector chain turned into a loop: its last
/// sector points back to its first (`to_start`), or a middle sector to itself, and the stream
/// claims 2 GB so a reader that trusts the chain would never stop.
fn looping_xls(to_start: bool) -> Vec<u8> {
    let mut b = std::fs::read(crate::support::fixture("attendees.xls")).expect("fixture");
    let sector = 1usize << u16::from_le_bytes([b[0x1E], b[0x1F]]);
    let at_sector = |n: usize| (n + 1) * sector;
    let fat = at_sector(u32_at(&b, 0x4C));
    let directory = at_sector(u32_at(&b, 0x30));
    let entry = (0..sector / 128)
        .map(|i| directory + i * 128)
        .find(|&e| {
            b[e..e + 16]
                == *"Workbook"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>()
        })
        .expect("the fixture has a Workbook stream");
    let start = u32_at(&b, entry + 0x74);
    // Walk the chain to its last sector.
    let (mut last, mut steps) = (start, 0);
    while u32_at(&b, fat + 4 * last) < 0xFFFF_FFFA {
        last = u32_at(&b, fat + 4 * last);
        steps += 1;
    }
    assert!(steps >= 2, "the fixture's stream spans several sectors");
    let (from, to) = if to_start {
        (last, start)
    } else {
        (start + 1, start + 1)
    };
    b[fat + 4 * from..fat + 4 * from + 4].copy_from_slice(&(to as u32).to_le_bytes());
    b[entry + 0x78..entry + 0x7C].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    b
}

#[test]
fn an_xls_whose_sector_chain_loops_is_damaged_not_endless() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (to_start, name) in [(true, "回到开头.xls"), (false, "指向自己.xls")] {
        let path = write(dir.path(), name, looping_xls(to_start));
        let err = open(&path, &ReadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{name}: a looping chain cannot be read"));
        assert_eq!(err.code(), "corrupt_file", "{name}: {err}");
        assert!(
            err.message(Lang::ZhCn).contains(&format!("“{name}”已损坏")),
            "{name}: said as damage, in the user's language: {}",
            err.message(Lang::ZhCn)
        );
    }
}
