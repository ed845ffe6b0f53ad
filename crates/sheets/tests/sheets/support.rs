use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use marketdesk_sheets::{read_all, Cell, ReadOptions};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Every row of the first sheet as text, which is what most assertions compare.
pub fn texts(path: &Path, opts: &ReadOptions) -> Vec<Vec<String>> {
    read_all(path, opts, 0)
        .unwrap_or_else(|e| panic!("{} should read: {e}", path.display()))
        .iter()
        .map(|row| row.iter().map(|c| c.as_text().into_owned()).collect())
        .collect()
}

pub fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

pub const SPEND_SYNONYMS: &[&[&str]] = &[
    &["日期", "付款日期", "date"],
    &["活动", "项目", "tactic"],
    &["金额", "金额（元）", "费用", "amount"],
    &["供应商", "vendor"],
    &["备注", "note"],
];

/// The spend sheet people really send: a merged title banner, a blank row, the header on row 3,
/// two spend rows with date cells, amounts, phones typed as numbers; plus a hidden list sheet.
/// tests/fixtures/make_fixtures.py writes the same sheet as .xls and .ods.
pub fn spend_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("费用").expect("sheet name");
    sheet
        .merge_range(0, 0, 0, 4, "2024年市场费用明细", &Format::new())
        .expect("banner");
    for (col, title) in ["日期", "活动", "金额（元）", "供应商", "联系电话"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, col as u16, *title).expect("header");
    }
    let day = ExcelDateTime::from_ymd(2024, 3, 5).expect("date");
    sheet
        .write_datetime_with_format(3, 0, &day, &date)
        .expect("date cell");
    sheet.write_string(3, 1, "春季展会").expect("tactic");
    sheet.write_number(3, 2, 12000.5).expect("amount");
    sheet.write_string(3, 3, "会展公司").expect("vendor");
    sheet.write_number(3, 4, 13_812_345_678.0).expect("phone");
    let day = ExcelDateTime::from_ymd(2024, 3, 18).expect("date");
    sheet
        .write_datetime_with_format(4, 0, &day, &date)
        .expect("date cell");
    sheet.write_string(4, 1, "线上广告").expect("tactic");
    sheet.write_number(4, 2, 3000.0).expect("amount");
    sheet.write_string(4, 3, "某某传媒").expect("vendor");
    sheet.write_number(4, 4, 13_912_345_678.0).expect("phone");
    let lists = book.add_worksheet();
    lists.set_name("选项").expect("sheet name");
    lists.write_string(0, 0, "展会").expect("lookup");
    lists.set_hidden(true);
    book.save(path).expect("save xlsx");
}

pub const ATTENDEE_BANNER: &str = "2024年客户答谢会签到表";
pub const ATTENDEE_HEADER: [&str; 6] = ["公司", "部门", "姓名", "职位", "手机", "备注"];

/// An attendee list as Chinese offices merge it: a title banner merged across A1:F1, the header
/// on row 2, a company merged over its three attendees' rows (A3:A5), a department merged over
/// the last two (B4:B5), then a company of one on row 6. tests/fixtures/make_fixtures.py writes
/// the same sheet as attendees.xls.
pub fn attendees_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("签到").expect("sheet name");
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 5, ATTENDEE_BANNER, &plain)
        .expect("banner");
    for (col, title) in ATTENDEE_HEADER.iter().enumerate() {
        sheet.write_string(1, col as u16, *title).expect("header");
    }
    sheet
        .merge_range(2, 0, 4, 0, "上海云杉科技有限公司", &plain)
        .expect("company");
    sheet.write_string(2, 1, "销售部").expect("department");
    sheet
        .merge_range(3, 1, 4, 1, "市场部", &plain)
        .expect("department");
    let people = [
        ("张伟", "经理", "13812345678"),
        ("李娜", "专员", "13912345678"),
        ("王芳", "总监", "13712345678"),
    ];
    for (i, (name, title, phone)) in people.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string(row, 2, *name).expect("name");
        sheet.write_string(row, 3, *title).expect("title");
        sheet.write_string(row, 4, *phone).expect("phone");
    }
    for (col, value) in ["北京星河文化传媒", "行政部", "赵磊", "主管", "13612345678"]
        .iter()
        .enumerate()
    {
        sheet.write_string(5, col as u16, *value).expect("last row");
    }
    book.save(path).expect("save xlsx");
}

/// Rewrites `path`, passing each zip entry's text through `edit` (by entry name).
pub fn edit_zip(path: &Path, edit: impl Fn(&str, String) -> String) {
    let bytes = std::fs::read(path).expect("read xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("open zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        let data = match String::from_utf8(data) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        out.write_all(&data).expect("write entry");
    }
    let bytes = out.finish().expect("finish zip").into_inner();
    std::fs::write(path, bytes).expect("write xlsx");
}

pub fn ymd(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}
