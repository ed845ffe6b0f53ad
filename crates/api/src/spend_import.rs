//! Spend from a spreadsheet (finance's payment list, a vendor statement): the header found past
//! banners, columns mapped by their Chinese or English names, every row checked against the
//! current plan, a preview with each problem explained, then one all-or-nothing booking that can
//! be undone as a whole. The same file twice is recognised by its content.

use std::path::Path;

use chrono::Datelike;
use marketdesk_core::{Lang, Money, SpendKind};
use marketdesk_sheets::{detect_header, normalize_header, Cell};
use marketdesk_store::{NewSpend, PlanRows};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::MoneyView;

/// The columns a spend sheet may have, each with the header words that name it.
const DATE: &[&str] = &[
    "日期",
    "付款日期",
    "支付日期",
    "签约日期",
    "发生日期",
    "记账日期",
    "date",
];
const TACTIC: &[&str] = &[
    "预算项",
    "项目",
    "项目名称",
    "预算项目",
    "费用项目",
    "活动",
    "活动名称",
    "tactic",
    "item",
    "project",
];
const AMOUNT: &[&str] = &[
    "金额",
    "金额（元）",
    "金额(元)",
    "支付金额",
    "付款金额",
    "合同金额",
    "实付金额",
    "费用",
    "amount",
];
const KIND: &[&str] = &["类型", "款项类型", "性质", "状态", "kind", "type"];
const VENDOR: &[&str] = &[
    "供应商",
    "收款方",
    "收款单位",
    "合作方",
    "vendor",
    "payee",
    "supplier",
];
const NOTE: &[&str] = &[
    "备注",
    "说明",
    "摘要",
    "用途",
    "note",
    "memo",
    "description",
];
const FIELDS: [&[&str]; 6] = [DATE, TACTIC, AMOUNT, KIND, VENDOR, NOTE];

/// Rows shown in the preview; the counts cover the whole file.
const PREVIEW_ROWS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendImportRow {
    /// The row number Excel shows.
    pub line: usize,
    pub date: String,
    pub tactic: String,
    pub kind_label: String,
    pub amount: String,
    pub vendor: String,
    pub note: String,
    /// Why the row cannot be booked; None when it can.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendImportPreview {
    pub file: String,
    /// Identifies the file's content; the commit must present the same.
    pub batch: String,
    /// The header cells as found, and which of them were understood.
    pub columns: Vec<String>,
    pub mapped: Vec<String>,
    pub ok: usize,
    pub rejected: usize,
    pub total: MoneyView,
    /// How many entries this very file already booked (imported before and not undone).
    pub already_imported: i64,
    /// Problem rows first, then the others, at most a few hundred.
    pub rows: Vec<SpendImportRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendImportDone {
    pub batch: String,
    pub booked: usize,
    pub skipped: usize,
    pub total: MoneyView,
}

/// A file read and checked, ready to preview or to book.
pub(crate) struct Checked {
    pub preview: SpendImportPreview,
    pub entries: Vec<NewSpend>,
}

fn no_header(file: &str, lang: Lang) -> ApiError {
    ApiError::new(
        "spend_columns_missing",
        match lang {
            Lang::ZhCn => format!(
                "“{file}”里没有找到日期、预算项和金额这几列。请确认表头包含“日期”“预算项”“金额”（或 Date / Tactic / Amount）。"
            ),
            Lang::En => format!(
                "“{file}” has no date, tactic and amount columns. Make sure the header names them (日期 / 预算项 / 金额 or Date / Tactic / Amount)."
            ),
        },
    )
}

/// Content identity of a file (FNV-1a, 64 bit): stable across runs and versions, unlike std's hasher.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

fn kind_of(text: &str) -> Option<SpendKind> {
    let t = normalize_header(text);
    if t.is_empty() {
        return Some(SpendKind::Actual);
    }
    const COMMITTED: &[&str] = &[
        "承诺",
        "合同",
        "已签",
        "签约",
        "订单",
        "committed",
        "commitment",
        "contract",
    ];
    const ACTUAL: &[&str] = &[
        "支付",
        "付款",
        "已付",
        "实付",
        "已支付",
        "paid",
        "actual",
        "payment",
    ];
    if COMMITTED.iter().any(|w| t.contains(&normalize_header(w))) {
        Some(SpendKind::Committed)
    } else if ACTUAL.iter().any(|w| t.contains(&normalize_header(w))) {
        Some(SpendKind::Actual)
    } else {
        None
    }
}

pub(crate) fn amount_of(cell: &Cell) -> Option<Money> {
    match cell {
        Cell::Int(i) => i
            .checked_mul(100)
            .and_then(|fen| Money::try_from_fen(fen).ok()),
        // Excel stores amounts as doubles; its own text form has at most 15 digits.
        Cell::Float(_) | Cell::Text(_) => Money::parse(&cell.as_text()).ok(),
        _ => None,
    }
}

/// Reads `path` and checks every row against the current plan.
pub(crate) fn check_file(
    path: &Path,
    rows_of_plan: &PlanRows,
    lang: Lang,
) -> crate::Result<Checked> {
    let file = crate::sheet_file::file_name(path);
    let bytes = std::fs::read(path).map_err(|source| {
        ApiError::from_err(
            &marketdesk_sheets::SheetsError::Io {
                path: path.to_path_buf(),
                source,
            },
            lang,
        )
    })?;
    let batch = content_hash(&bytes);
    drop(bytes);
    let cells = crate::sheet_file::first_sheet_rows(path, lang)?;
    let header = detect_header(&cells, &FIELDS).ok_or_else(|| no_header(&file, lang))?;
    let column = |words: &[&str]| {
        let wanted: Vec<String> = words.iter().map(|w| normalize_header(w)).collect();
        header
            .columns
            .iter()
            .position(|c| wanted.contains(&normalize_header(c)))
    };
    let (Some(date_col), Some(tactic_col), Some(amount_col)) =
        (column(DATE), column(TACTIC), column(AMOUNT))
    else {
        return Err(no_header(&file, lang));
    };
    let kind_col = column(KIND);
    let vendor_col = column(VENDOR);
    let note_col = column(NOTE);
    let mapped = header
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            [
                Some(date_col),
                Some(tactic_col),
                Some(amount_col),
                kind_col,
                vendor_col,
                note_col,
            ]
            .contains(&Some(*i))
        })
        .map(|(_, c)| c.clone())
        .collect();

    let year = rows_of_plan.plan.fiscal_year;
    let mut entries = Vec::new();
    let mut shown_ok = Vec::new();
    let mut shown_bad = Vec::new();
    let (mut ok, mut rejected, mut total) = (0usize, 0usize, 0i64);
    let empty = Cell::Empty;
    for (i, row) in cells.iter().enumerate().skip(header.row + 1) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let at = |col: Option<usize>| col.and_then(|c| row.get(c)).unwrap_or(&empty);
        let text = |col: Option<usize>| at(col).as_text().trim().to_string();
        let tactic_name = text(Some(tactic_col));
        let date = at(Some(date_col)).as_date();
        let amount = amount_of(at(Some(amount_col)));
        let kind = kind_of(&text(kind_col));
        let tactic = rows_of_plan
            .tactics
            .iter()
            .find(|t| normalize_header(&t.fields.name) == normalize_header(&tactic_name));
        let problem = match (date, tactic, amount, kind) {
            (None, ..) => Some(match lang {
                Lang::ZhCn => format!("“{}”不是日期", text(Some(date_col))),
                Lang::En => format!("“{}” is not a date", text(Some(date_col))),
            }),
            (Some(d), ..) if d.year() != year => Some(match lang {
                Lang::ZhCn => format!("{d} 不在 {year} 财年内"),
                Lang::En => format!("{d} is outside the {year} fiscal year"),
            }),
            (_, None, ..) if tactic_name.is_empty() => {
                Some(lang.pick("没有填写预算项", "no tactic given").into())
            }
            (_, None, ..) => Some(match lang {
                Lang::ZhCn => format!("计划中没有预算项“{tactic_name}”"),
                Lang::En => format!("the plan has no tactic “{tactic_name}”"),
            }),
            (_, _, None, _) => Some(match lang {
                Lang::ZhCn => format!("“{}”不是有效的金额", text(Some(amount_col))),
                Lang::En => format!("“{}” is not an amount", text(Some(amount_col))),
            }),
            (_, _, Some(m), _) if m <= Money::ZERO => Some(
                lang.pick("金额必须大于 0", "the amount must be above 0")
                    .into(),
            ),
            (.., None) => Some(match lang {
                Lang::ZhCn => format!("无法识别类型“{}”（应为 承诺 或 支付）", text(kind_col)),
                Lang::En => format!("unknown kind “{}” (committed or paid)", text(kind_col)),
            }),
            _ => None,
        };
        let shown = SpendImportRow {
            line: i + 1,
            date: date
                .map(|d| d.to_string())
                .unwrap_or_else(|| text(Some(date_col))),
            tactic: tactic_name.clone(),
            kind_label: kind
                .map(|k| crate::budget::spend_kind_label(k, lang).to_string())
                .unwrap_or_else(|| text(kind_col)),
            amount: amount
                .map(|m| m.to_string())
                .unwrap_or_else(|| text(Some(amount_col))),
            vendor: text(vendor_col),
            note: text(note_col),
            problem: problem.clone(),
        };
        match (problem, date, tactic, amount, kind) {
            (None, Some(date), Some(tactic), Some(amount), Some(kind)) => {
                ok += 1;
                total = total.saturating_add(amount.fen());
                entries.push(NewSpend {
                    tactic_id: tactic.id,
                    spent_on: date,
                    kind,
                    amount,
                    vendor: shown.vendor.clone(),
                    note: shown.note.clone(),
                });
                if shown_ok.len() < PREVIEW_ROWS {
                    shown_ok.push(shown);
                }
            }
            _ => {
                rejected += 1;
                if shown_bad.len() < PREVIEW_ROWS {
                    shown_bad.push(shown);
                }
            }
        }
    }
    shown_bad.extend(shown_ok);
    shown_bad.truncate(PREVIEW_ROWS);
    Ok(Checked {
        preview: SpendImportPreview {
            file,
            batch,
            columns: header.columns.clone(),
            mapped,
            ok,
            rejected,
            total: Money::from_fen(total).into(),
            already_imported: 0,
            rows: shown_bad,
        },
        entries,
    })
}

impl crate::Session {
    /// Reads a spend sheet and checks it against the current plan, writing nothing.
    pub fn preview_spend_import(&self, path: &Path) -> crate::Result<SpendImportPreview> {
        let lang = self.lang();
        let mut preview = self.check_spend_file(path)?.preview;
        preview.already_imported = self.store().spend_batch_count(&preview.batch).user(lang)?;
        Ok(preview)
    }

    /// Books the rows that passed the checks, all in one transaction. `batch` is the preview's:
    /// a file changed since it was previewed is refused, and so is a file already imported.
    pub fn import_spend(&self, path: &Path, batch: &str) -> crate::Result<SpendImportDone> {
        let lang = self.lang();
        let checked = self.check_spend_file(path)?;
        let mut store = self.store();
        let file = &checked.preview.file;
        if checked.preview.batch != batch {
            return Err(ApiError::new(
                "file_changed",
                match lang {
                    Lang::ZhCn => format!("“{file}”在预览之后被修改了，请重新预览后再导入。"),
                    Lang::En => format!(
                        "“{file}” changed after the preview; preview it again before importing."
                    ),
                },
            ));
        }
        let already = store.spend_batch_count(batch).user(lang)?;
        if already > 0 {
            return Err(ApiError::new(
                "already_imported",
                match lang {
                    Lang::ZhCn => format!("“{file}”已经导入过（{already} 笔），没有重复登记。"),
                    Lang::En => format!("“{file}” was already imported ({already} entries); nothing was booked twice."),
                },
            ));
        }
        if checked.entries.is_empty() {
            return Err(ApiError::new(
                "nothing_to_import",
                match lang {
                    Lang::ZhCn => format!("“{file}”里没有可以登记的行。"),
                    Lang::En => format!("“{file}” has no rows that can be booked."),
                },
            ));
        }
        let booked = store.import_spend(batch, &checked.entries).user(lang)?;
        Ok(SpendImportDone {
            batch: batch.to_string(),
            booked,
            skipped: checked.preview.rejected,
            total: checked.preview.total,
        })
    }

    /// Reads and checks the file against the current plan; the workspace's locks are taken
    /// again if the file was the workspace itself.
    fn check_spend_file(&self, path: &Path) -> crate::Result<Checked> {
        let checked = {
            let store = self.store();
            let rows = crate::session::current_rows(&store, self.lang())?;
            check_file(path, &rows, self.lang())
        };
        self.after_reading(&[path.to_path_buf()])?;
        checked
    }

    /// Removes everything one import booked.
    pub fn undo_spend_import(&self, batch: &str) -> crate::Result<crate::BudgetOverview> {
        let lang = self.lang();
        self.store().undo_spend_import(batch).user(lang)?;
        self.budget_overview()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_the_words_finance_uses() {
        for (text, kind) in [
            ("", Some(SpendKind::Actual)),
            ("已付款", Some(SpendKind::Actual)),
            ("合同", Some(SpendKind::Committed)),
            ("Committed", Some(SpendKind::Committed)),
            ("报销", None),
        ] {
            assert_eq!(kind_of(text), kind, "{text:?}");
        }
    }

    #[test]
    fn amounts_stay_exact() {
        assert_eq!(
            amount_of(&Cell::Float(1234.5)),
            Some(Money::from_fen(123_450))
        );
        assert_eq!(
            amount_of(&Cell::Text("¥12,000.00".into())),
            Some(Money::from_yuan(12_000))
        );
        assert_eq!(
            amount_of(&Cell::Text("1.2万".into())),
            Some(Money::from_yuan(12_000))
        );
        assert_eq!(amount_of(&Cell::Int(300)), Some(Money::from_yuan(300)));
        assert_eq!(amount_of(&Cell::Text("三百".into())), None);
    }

    fn session(year: i32) -> (tempfile::TempDir, crate::Session) {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = crate::Session::create(&dir.path().join("w.marketdesk"), false, Lang::ZhCn)
            .expect("workspace");
        s.create_plan(
            marketdesk_core::Template::SeedDefault,
            "200万",
            marketdesk_core::CompanyStage::Growth,
            marketdesk_core::Emphasis::Demand,
        )
        .expect("plan");
        let o = s.budget_overview().expect("overview");
        assert_eq!(o.plan.as_ref().map(|p| p.fiscal_year), Some(year));
        for (name, planned) in [("金融科技峰会", "50万"), ("SEM 投放", "10万")] {
            s.save_tactic(
                None,
                &crate::TacticForm {
                    channel_id: Some(o.channels[0].id),
                    name: name.into(),
                    planned: planned.into(),
                    ..crate::TacticForm::default()
                },
            )
            .expect("tactic");
        }
        (dir, s)
    }

    /// Finance's export as Excel makes it: a title banner, a blank row, then the header; dates
    /// as date cells, amounts as numbers, one row per payment.
    fn finance_xlsx(path: &Path, year: i32) {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write(0, 0, format!("{year} 年市场费用支付明细（财务部导出）"))
            .expect("banner");
        for (c, h) in [
            "付款日期",
            "项目名称",
            "金额（元）",
            "款项类型",
            "收款单位",
            "摘要",
        ]
        .iter()
        .enumerate()
        {
            sheet.write(2, c as u16, *h).expect("header");
        }
        let rows: [(u8, u8, &str, f64, &str); 5] = [
            (3, 2, "金融科技峰会", 250_000.0, "合同"),
            (4, 10, "金融科技峰会", 125_000.5, "付款"),
            (5, 3, "SEM 投放", 30_000.0, ""),
            (6, 1, "不存在的项目", 1.0, "付款"),
            (7, 5, "SEM 投放", -5.0, "付款"),
        ];
        for (i, (m, d, tactic, amount, kind)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            let when = ExcelDateTime::from_ymd(year as u16, *m, *d).expect("date");
            sheet.write_with_format(r, 0, &when, &date).expect("date");
            sheet.write(r, 1, *tactic).expect("tactic");
            sheet.write(r, 2, *amount).expect("amount");
            sheet.write(r, 3, *kind).expect("kind");
            sheet.write(r, 4, "峰会主办方").expect("vendor");
        }
        book.save(path).expect("save");
    }

    #[test]
    fn a_finance_export_is_previewed_booked_once_and_undone() {
        let year = chrono::Local::now().year();
        let (dir, s) = session(year);
        let path = dir.path().join("支付明细.xlsx");
        finance_xlsx(&path, year);
        let before = s.budget_overview().expect("overview");

        let preview = s.preview_spend_import(&path).expect("preview");
        assert_eq!(
            (preview.ok, preview.rejected),
            (3, 2),
            "{:#?}",
            preview.rows
        );
        assert_eq!(preview.total.yuan, "¥405,000.50", "exact to the fen");
        assert_eq!(
            preview.mapped.len(),
            6,
            "date, tactic, amount, kind, vendor and note understood"
        );
        let problems: Vec<&str> = preview
            .rows
            .iter()
            .filter_map(|r| r.problem.as_deref())
            .collect();
        assert_eq!(
            problems,
            vec!["计划中没有预算项“不存在的项目”", "金额必须大于 0"],
            "problem rows first, each with its reason"
        );
        assert_eq!(preview.rows[0].line, 7, "the row number Excel shows");
        assert_eq!(
            s.budget_overview().expect("overview").spend,
            before.spend,
            "a preview writes nothing"
        );

        let done = s.import_spend(&path, &preview.batch).expect("import");
        assert_eq!((done.booked, done.skipped), (3, 2));
        let after = s.budget_overview().expect("overview");
        assert_eq!(after.spend.len(), 3);
        assert!(after.spend.iter().all(|e| e.imported), "marked as imported");
        assert_eq!(after.tracking[0].committed.yuan, "¥250,000.00");
        assert_eq!(after.tracking[0].actual.yuan, "¥155,000.50");

        let again = s.import_spend(&path, &preview.batch).expect_err("twice");
        assert_eq!(again.code, "already_imported");
        assert!(
            again.message.contains("已经导入过（3 笔）"),
            "{}",
            again.message
        );
        assert_eq!(
            s.preview_spend_import(&path)
                .expect("preview")
                .already_imported,
            3,
            "the preview says so too"
        );
        assert_eq!(
            s.import_spend(&path, "0000").expect_err("changed").code,
            "file_changed"
        );

        let undone = s.undo_spend_import(&done.batch).expect("undo");
        assert!(undone.spend.is_empty(), "the whole import is gone");
        s.import_spend(&path, &preview.batch)
            .expect("can be imported again after undo");
    }

    #[test]
    fn a_gbk_csv_without_the_needed_columns_is_refused_in_a_sentence() {
        let year = chrono::Local::now().year();
        let (dir, s) = session(year);
        let path = dir.path().join("名单.csv");
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,手机\n张三,13800000000\n");
        std::fs::write(&path, &bytes).expect("write");
        let err = s
            .preview_spend_import(&path)
            .expect_err("not a spend sheet");
        assert_eq!(err.code, "spend_columns_missing");
        assert!(
            err.message
                .starts_with("“名单.csv”里没有找到日期、预算项和金额"),
            "{}",
            err.message
        );

        let good = dir.path().join("费用.csv");
        let text = format!("日期,预算项,金额,备注\n{year}/3/5,SEM 投放,\"1,200.00\",三月充值\n");
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(&good, &bytes).expect("write");
        let preview = s.preview_spend_import(&good).expect("GBK read");
        assert_eq!(preview.ok, 1, "{:#?}", preview.rows);
        assert_eq!(preview.rows[0].note, "三月充值", "Chinese intact");
        assert_eq!(preview.rows[0].amount, "¥1,200.00");
    }

    #[test]
    fn the_same_bytes_give_the_same_batch() {
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
    }
}
