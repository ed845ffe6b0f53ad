use marketdesk_sheets::{open, read_all, Cell, FileKind, ReadOptions, TextEncoding};

use crate::support::{strings, text, texts, write};

fn csv_kind(delimiter: char, encoding: TextEncoding) -> FileKind {
    FileKind::Csv {
        delimiter,
        encoding,
    }
}

#[test]
fn utf8_csv_keeps_every_field_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "名单.csv",
        "姓名,手机,编号\n张三,13812345678,007\n",
    );
    let rows = read_all(&path, &ReadOptions::default(), 0).expect("reads");
    assert_eq!(
        rows[1],
        vec![text("张三"), text("13812345678"), text("007")],
        "delimited text never guesses types: phones and leading zeros survive"
    );
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.encoding(), Some("UTF-8"));
    assert_eq!(book.kind(), &csv_kind(',', TextEncoding::Utf8));
    assert_eq!(book.sheets().len(), 1, "text is one sheet");
    assert_eq!(book.sheets()[0].name, "名单", "named after the file");
}

#[test]
fn utf8_bom_is_not_part_of_the_first_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "bom.csv", "\u{feff}姓名,手机\n张三,138\n");
    assert_eq!(
        texts(&path, &ReadOptions::default())[0],
        strings(&["姓名", "手机"]),
        "the BOM must not glue itself to 姓名"
    );
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.kind(), &csv_kind(',', TextEncoding::Utf8Bom));
    assert_eq!(book.encoding(), Some("UTF-8"));
}

#[test]
fn gbk_csv_is_detected_and_decoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "姓名,公司,城市,备注\n张三,北京某某科技有限公司,北京,已报名参加春季展会\n李四,上海市场营销咨询有限公司,上海,需要发票\n",
    );
    let path = write(dir.path(), "报名表.csv", &gbk);
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.encoding(), Some("GBK"), "chardetng recognises GBK");
    assert_eq!(book.kind(), &csv_kind(',', TextEncoding::Legacy8Bit));
    let rows = texts(&path, &ReadOptions::default());
    assert_eq!(rows[1][1], "北京某某科技有限公司", "decoded, not mojibake");
    assert_eq!(rows.len(), 3);
}

#[test]
fn western_legacy_text_is_not_forced_into_gbk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("Name;Company;City\nJosé Müller;Brötchen GmbH;Zürich\nFrançoise Lefèvre;Crème SA;Besançon\n");
    let path = write(dir.path(), "eu.csv", &bytes);
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.encoding(), Some("windows-1252"));
    assert_eq!(texts(&path, &ReadOptions::default())[1][0], "José Müller");
}

#[test]
fn the_caller_can_override_encoding_and_delimiter() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Too short for any detector to be sure; the user knows it is GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode("名|电话\n王|1\n");
    let path = write(dir.path(), "short.txt", &gbk);
    let opts = ReadOptions {
        encoding: Some(" GBK ".into()),
        delimiter: Some(b'|'),
        ..ReadOptions::default()
    };
    let book = open(&path, &opts).expect("opens");
    assert_eq!(book.encoding(), Some("GBK"), "the label is honoured");
    assert_eq!(book.kind(), &csv_kind('|', TextEncoding::Legacy8Bit));
    assert_eq!(
        texts(&path, &opts),
        vec![strings(&["名", "电话"]), strings(&["王", "1"])]
    );

    let opts = ReadOptions {
        delimiter: Some(b','),
        ..ReadOptions::default()
    };
    assert_eq!(
        texts(&path, &opts)[0].len(),
        1,
        "an overridden delimiter is used even when the sniffer disagrees"
    );

    let bad = ReadOptions {
        encoding: Some("klingon".into()),
        ..ReadOptions::default()
    };
    let err = open(&path, &bad).err().expect("unknown label");
    assert_eq!(err.code(), "unknown_encoding");
    let bad = ReadOptions {
        delimiter: Some(b'"'),
        ..ReadOptions::default()
    };
    let err = open(&path, &bad).err().expect("quote as separator");
    assert_eq!(err.code(), "unusable_delimiter");
}

#[test]
fn utf16le_with_bom_tab_separated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "姓名\t手机\r\n张三\t13812345678\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let path = write(dir.path(), "导出.xls", &bytes);
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.encoding(), Some("UTF-16LE"));
    assert_eq!(book.kind(), &csv_kind('\t', TextEncoding::Utf16Le));
    assert_eq!(
        texts(&path, &ReadOptions::default()),
        vec![
            strings(&["姓名", "手机"]),
            strings(&["张三", "13812345678"])
        ],
        "a Unicode text export named .xls reads as text"
    );
}

#[test]
fn excel_sep_line_sets_the_separator_and_is_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "eu.csv", "sep=;\nName;Amount\nA;1,5\n");
    let book = open(&path, &ReadOptions::default()).expect("opens");
    assert_eq!(book.kind(), &csv_kind(';', TextEncoding::Utf8));
    assert_eq!(
        texts(&path, &ReadOptions::default()),
        vec![strings(&["Name", "Amount"]), strings(&["A", "1,5"])],
        "the sep= line is not a row, and commas inside fields stay"
    );
}

#[test]
fn quoted_newlines_cr_only_lines_nul_bytes_and_ragged_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "quoted.csv",
        "\"报名\n时间\",姓名\n2024-03-05,张三\n",
    );
    assert_eq!(
        texts(&path, &ReadOptions::default()),
        vec![
            strings(&["报名\n时间", "姓名"]),
            strings(&["2024-03-05", "张三"])
        ],
        "a newline inside quotes stays in the title"
    );

    let path = write(dir.path(), "mac.csv", "a,b\r1,2\r3,4\r");
    assert_eq!(
        texts(&path, &ReadOptions::default()).len(),
        3,
        "old Mac line ends split rows"
    );

    let mut nul = "姓\0名,手机\n张三,138\0\0\n".to_string();
    nul.push_str(&"李四,13912345678\n".repeat(10));
    let path = write(dir.path(), "nul.csv", nul);
    let rows = texts(&path, &ReadOptions::default());
    assert_eq!(
        rows[..2],
        [strings(&["姓名", "手机"]), strings(&["张三", "138"])],
        "NUL bytes are dropped"
    );

    let path = write(dir.path(), "ragged.csv", "a,b,c\n1\n\n1,,3,4\n");
    let rows = read_all(&path, &ReadOptions::default(), 0).expect("reads");
    assert_eq!(
        rows.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 1, 0, 4],
        "short and long rows are kept as they are; an empty line is an empty row, as in Excel"
    );
    assert_eq!(rows[3][1], Cell::Empty, "an empty field is Empty");
}

#[test]
fn content_wins_over_the_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "名单.xlsx", "姓名,手机\n张三,138\n");
    let book = open(&path, &ReadOptions::default()).expect("a CSV named .xlsx still opens");
    assert!(matches!(book.kind(), FileKind::Csv { .. }));
}

#[test]
fn a_large_file_streams_row_by_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut body = String::from("姓名,手机,公司,城市\n");
    for i in 0..100_000 {
        body.push_str(&format!("用户{i},138{i:08},公司{i},北京\n"));
    }
    let path = write(dir.path(), "big.csv", body);
    let mut book = open(&path, &ReadOptions::default()).expect("opens");
    let mut count = 0;
    let mut last = Vec::new();
    for row in book.rows(0).expect("rows") {
        last = row.expect("row reads");
        count += 1;
    }
    assert_eq!(count, 100_001, "every row, header included");
    assert_eq!(last[1].as_text(), "13800099999");
}
