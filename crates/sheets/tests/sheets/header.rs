//! The spend import's path through the crate: open whatever was dropped, find the header under
//! the banner, map the columns by their titles, read dates, amounts and vendors.

use marketdesk_sheets::{detect_header, normalize_header, open, Cell, ReadOptions};

use crate::support::{fixture, spend_xlsx, write, ymd, SPEND_SYNONYMS};

#[derive(Debug, PartialEq)]
struct Spend {
    date: chrono::NaiveDate,
    tactic: String,
    amount: String,
    vendor: String,
}

fn import_spend(path: &std::path::Path) -> Vec<Spend> {
    let mut book = open(path, &ReadOptions::default()).expect("opens");
    let sheet = book
        .sheets()
        .iter()
        .position(|s| !s.hidden)
        .expect("a visible sheet");
    let preview: Vec<Vec<Cell>> = book
        .rows(sheet)
        .expect("rows")
        .take(30)
        .collect::<Result<_, _>>()
        .expect("preview reads");
    let header = detect_header(&preview, SPEND_SYNONYMS)
        .unwrap_or_else(|| panic!("{}: header not found in {preview:?}", path.display()));
    let column = |field: usize| {
        header
            .columns
            .iter()
            .position(|title| {
                SPEND_SYNONYMS[field]
                    .iter()
                    .any(|w| normalize_header(w) == normalize_header(title))
            })
            .unwrap_or_else(|| panic!("column for field {field} in {:?}", header.columns))
    };
    let (date, tactic, amount, vendor) = (column(0), column(1), column(2), column(3));
    let empty = Cell::Empty;
    book.rows(sheet)
        .expect("rows")
        .skip(header.row + 1)
        .map(|row| row.expect("row reads"))
        .filter(|row| row.iter().any(|c| !c.is_blank()))
        .map(|row| {
            let get = |i: usize| row.get(i).unwrap_or(&empty);
            Spend {
                date: get(date).as_date().expect("a date"),
                tactic: get(tactic).as_text().into_owned(),
                amount: get(amount).as_text().into_owned(),
                vendor: get(vendor).as_text().into_owned(),
            }
        })
        .collect()
}

#[test]
fn spend_imports_alike_from_xlsx_xls_and_ods() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("费用.xlsx");
    spend_xlsx(&xlsx);
    let first = Spend {
        date: ymd(2024, 3, 5),
        tactic: "春季展会".into(),
        amount: "12000.5".into(),
        vendor: "会展公司".into(),
    };
    for path in [xlsx, fixture("spend.xls"), fixture("spend.ods")] {
        let spend = import_spend(&path);
        assert_eq!(
            spend.first(),
            Some(&first),
            "{}: the first spend row under the banner",
            path.display()
        );
    }
    let legacy = import_spend(&fixture("spend.xls"));
    assert_eq!(legacy.len(), 2, "two spend rows in the fixture");
    assert_eq!(legacy[1].amount, "3000", "a whole amount has no .0");
}

#[test]
fn spend_from_a_gbk_export_with_a_preamble() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "市场部费用导出\r\n导出时间：2024-04-01 09:30\r\n\r\n付款日期,项目,金额,供应商,备注\r\n2024/3/5,春季展会,\"12,000.50\",会展公司,首付款\r\n2024年3月18日,线上广告,3000,某某传媒,\r\n",
    );
    let path = write(dir.path(), "费用导出.csv", &gbk);
    let spend = import_spend(&path);
    assert_eq!(spend.len(), 2, "{spend:?}");
    assert_eq!(spend[0].date, ymd(2024, 3, 5), "2024/3/5");
    assert_eq!(spend[1].date, ymd(2024, 3, 18), "2024年3月18日");
    assert_eq!(
        spend[0].amount, "12,000.50",
        "text amounts are left for the importer to parse"
    );
    assert_eq!(spend[1].vendor, "某某传媒");
}
