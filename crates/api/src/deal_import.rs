//! Deals from a CRM export (Salesforce opportunities, HubSpot deals, 纷享销客, 销售易): any
//! spreadsheet format, the header found past banners, columns mapped by their names, every row
//! checked and matched to its lead in a preview, then one all-or-nothing import that can be
//! undone.

use std::path::Path;

use marketdesk_core::deal::{map_deal_headers, DealColumn, DealStatus};
use marketdesk_core::{parse_email, parse_phone, Lang, Money, Phone};
use marketdesk_sheets::{detect_header, Cell};
use marketdesk_store::{DealFile, DealImportResult, LeadMatch, NewDeal};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::MoneyView;

const PREVIEW_ROWS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealPreviewRow {
    /// The row number Excel shows.
    pub line: usize,
    pub name: String,
    pub company: String,
    pub status: Option<DealStatus>,
    pub status_label: String,
    pub amount: String,
    pub closed_on: String,
    /// The lead it found ("手机 138…"), or why none.
    pub lead: String,
    pub matched: bool,
    /// Why the row cannot be imported; None when it can.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealPreview {
    pub file: String,
    /// Identifies the file's content; the import must present the same.
    pub batch: String,
    /// Per header cell: the field code it was read as, or None.
    pub columns: Vec<(String, Option<DealColumn>)>,
    pub ok: usize,
    pub matched: usize,
    pub rejected: usize,
    pub won: MoneyView,
    pub already_imported: bool,
    /// Why no row can be read as the columns are mapped (no stage, amount, or way to the
    /// lead): map them by hand and preview again.
    pub missing: Option<String>,
    pub rows: Vec<DealPreviewRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealImportDone {
    pub batch_id: i64,
    pub added: usize,
    pub updated: usize,
    pub matched: usize,
    pub unmatched: usize,
    pub leads_moved: usize,
    pub rejected: usize,
}

impl From<(DealImportResult, usize)> for DealImportDone {
    fn from((r, rejected): (DealImportResult, usize)) -> Self {
        DealImportDone {
            batch_id: r.batch_id,
            added: r.added,
            updated: r.updated,
            matched: r.matched,
            unmatched: r.unmatched,
            leads_moved: r.leads_moved,
            rejected,
        }
    }
}

struct Read {
    preview: DealPreview,
    file: DealFile,
    deals: Vec<NewDeal>,
}

fn columns_missing(file: &str, lang: Lang) -> ApiError {
    ApiError::new(
        "deal_columns_missing",
        match lang {
            Lang::ZhCn => format!(
                "“{file}”里没有找到商机的阶段和金额列，或无法对应到线索（需要手机、邮箱或线索编号之一）。请确认这是 CRM 导出的商机表。"
            ),
            Lang::En => format!(
                "“{file}” has no stage and amount columns, or nothing that finds the lead (a mobile, an email or a lead ID). Make sure it is the CRM's deals export."
            ),
        },
    )
}

/// The key a header is remembered under: its cells, normalised, in order.
fn header_key(columns: &[String]) -> String {
    let cells: Vec<String> = columns
        .iter()
        .map(|c| marketdesk_sheets::normalize_header(c))
        .collect();
    format!("deal_mapping:{}", cells.join("|"))
}

/// The mapping to read a header with: the one given (the user's choice in the preview), else
/// the one remembered for this very header, else the one its words suggest.
fn mapping_for(
    session: &crate::Session,
    columns: &[String],
    given: Option<&[Option<String>]>,
    lang: Lang,
) -> crate::Result<Vec<Option<DealColumn>>> {
    let from_codes = |codes: &[Option<String>]| -> Vec<Option<DealColumn>> {
        (0..columns.len())
            .map(|i| {
                codes
                    .get(i)
                    .cloned()
                    .flatten()
                    .and_then(|c| DealColumn::from_code(&c))
            })
            .collect()
    };
    if let Some(codes) = given {
        return Ok(from_codes(codes));
    }
    let remembered = session.reader().meta(&header_key(columns)).user(lang)?;
    if let Some(codes) =
        remembered.and_then(|j| serde_json::from_str::<Vec<Option<String>>>(&j).ok())
    {
        return Ok(from_codes(&codes));
    }
    Ok(map_deal_headers(columns))
}

fn read_file(
    session: &crate::Session,
    path: &Path,
    given: Option<&[Option<String>]>,
    lang: Lang,
) -> crate::Result<Read> {
    let file_name = crate::sheet_file::file_name(path);
    let (hash, _) = crate::lead_import::file_hash(path, lang)?;
    let cells = crate::sheet_file::first_sheet_rows(path, lang)?;
    let header = detect_header(&cells, &DealColumn::all_synonyms())
        .ok_or_else(|| columns_missing(&file_name, lang))?;
    let mapping = mapping_for(session, &header.columns, given, lang)?;
    let col = |c: DealColumn| mapping.iter().position(|m| *m == Some(c));
    let finds_lead = [DealColumn::Mobile, DealColumn::Email, DealColumn::LeadId]
        .into_iter()
        .any(|c| col(c).is_some());
    // Without a stage, an amount or a way to the lead no row can be read: the preview says so
    // and shows the columns, for the user to map by hand.
    let complete = col(DealColumn::Stage).is_some() && finds_lead;
    let amount_col = col(DealColumn::Amount).filter(|_| complete);
    let missing = amount_col
        .is_none()
        .then(|| columns_missing(&file_name, lang).message);
    let body = if missing.is_some() {
        &cells[..0]
    } else {
        &cells[..]
    };
    let store = session.reader();
    let empty = Cell::Empty;
    let mut deals = Vec::new();
    let (mut shown_bad, mut shown_ok) = (Vec::new(), Vec::new());
    let (mut rejected, mut matched, mut won) = (0usize, 0usize, 0i64);
    for (i, row) in body.iter().enumerate().skip(header.row + 1) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let at = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or(&empty);
        let text = |c: DealColumn| at(col(c)).as_text().trim().to_string();
        let crm_stage = text(DealColumn::Stage);
        let status = DealStatus::from_crm(&crm_stage);
        let amount = crate::spend_import::amount_of(at(amount_col));
        let mobile = match parse_phone(&text(DealColumn::Mobile)) {
            Ok(Phone::Mobile(m)) => Some(String::from(m)),
            _ => None,
        };
        let email = parse_email(&text(DealColumn::Email)).ok().map(String::from);
        let lead_id = text(DealColumn::LeadId).parse::<i64>().ok();
        let date = |c: DealColumn| at(col(c)).as_date();
        let deal = NewDeal {
            external_id: text(DealColumn::DealId),
            name: text(DealColumn::DealName),
            company: text(DealColumn::Company),
            contact: text(DealColumn::Contact),
            mobile,
            email,
            lead_id,
            status: status.unwrap_or(DealStatus::Open),
            crm_stage: crm_stage.clone(),
            amount: amount.unwrap_or(Money::ZERO),
            created_on: date(DealColumn::CreatedOn),
            closed_on: date(DealColumn::ClosedOn),
        };
        let problem = match (status, amount) {
            (None, _) => Some(lang.pick("没有填写阶段", "no stage given").to_string()),
            (_, None) => Some(match lang {
                Lang::ZhCn => format!("“{}”不是有效的金额", at(amount_col).as_text()),
                Lang::En => format!("“{}” is not an amount", at(amount_col).as_text()),
            }),
            (_, Some(m)) if m.is_negative() => {
                Some(lang.pick("金额不能为负", "the amount is negative").into())
            }
            (Some(DealStatus::Won), _) if deal.closed_on.is_none() => Some(
                lang.pick(
                    "赢单没有结单日期，无法计入任何期间",
                    "a won deal without a close date counts in no period",
                )
                .into(),
            ),
            _ => None,
        };
        let found = if problem.is_none() {
            store.match_deal_lead(&deal).user(lang)?
        } else {
            LeadMatch::None
        };
        let lead = match &found {
            LeadMatch::Id { person_id } => format!("{} #{person_id}", lang.pick("线索编号", "lead ID")),
            LeadMatch::Mobile { person_id } => {
                format!("{} #{person_id}", lang.pick("手机匹配", "by mobile"))
            }
            LeadMatch::Email { person_id } => {
                format!("{} #{person_id}", lang.pick("邮箱匹配", "by email"))
            }
            LeadMatch::None => lang
                .pick("未找到线索（仍导入，收入计为未归因）", "no lead found (imported, revenue unattributed)")
                .into(),
            LeadMatch::Shared { people } => match lang {
                Lang::ZhCn => format!("号码对应 {people} 人且联系人姓名无法区分，不自动匹配"),
                Lang::En => format!("{people} people share the number and the contact name tells none apart; not matched"),
            },
        };
        let shown = DealPreviewRow {
            line: i + 1,
            name: deal.name.clone(),
            company: deal.company.clone(),
            status,
            status_label: status.map(|s| s.name(lang).to_string()).unwrap_or_default(),
            amount: amount
                .map(|m| m.to_string())
                .unwrap_or_else(|| at(amount_col).as_text().into_owned()),
            closed_on: deal.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            matched: found.person_id().is_some(),
            lead,
            problem: problem.clone(),
        };
        if problem.is_some() {
            rejected += 1;
            if shown_bad.len() < PREVIEW_ROWS {
                shown_bad.push(shown);
            }
            continue;
        }
        if found.person_id().is_some() {
            matched += 1;
        }
        if deal.status == DealStatus::Won {
            won = won.saturating_add(deal.amount.fen());
        }
        if shown_ok.len() < PREVIEW_ROWS {
            shown_ok.push(shown);
        }
        deals.push(deal);
    }
    let already_imported = store.deal_batch_of_file(&hash).user(lang)?.is_some();
    drop(store);
    shown_bad.extend(shown_ok);
    shown_bad.truncate(PREVIEW_ROWS);
    let mapping_json = serde_json::to_string(
        &mapping
            .iter()
            .map(|m| m.map(|c| c.code()))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into());
    Ok(Read {
        preview: DealPreview {
            file: file_name.clone(),
            batch: hash.clone(),
            columns: header.columns.iter().cloned().zip(mapping).collect(),
            ok: deals.len(),
            matched,
            rejected,
            won: Money::from_fen(won).into(),
            already_imported,
            missing,
            rows: shown_bad,
        },
        file: DealFile {
            file_name,
            file_hash: hash,
            sheet: String::new(),
            header_row: Some(header.row),
            mapping: mapping_json,
            rows_rejected: rejected,
        },
        deals,
    })
}

impl crate::Session {
    /// Reads a deals export and matches every row to its lead, writing nothing.
    pub fn preview_deal_import(&self, path: &Path) -> crate::Result<DealPreview> {
        self.preview_deal_import_mapped(path, None)
    }

    /// The preview with the columns read as the user chose: one field code (or None) per
    /// header cell, as `DealPreview::columns` lists them.
    pub fn preview_deal_import_mapped(
        &self,
        path: &Path,
        mapping: Option<&[Option<String>]>,
    ) -> crate::Result<DealPreview> {
        let lang = self.lang();
        let read = read_file(self, path, mapping, lang);
        self.after_reading(&[path.to_path_buf()])?;
        Ok(read?.preview)
    }

    /// Imports the rows that passed, in one transaction. `batch` is the preview's: a file changed
    /// since is refused.
    pub fn import_deals(&self, path: &Path, batch: &str) -> crate::Result<DealImportDone> {
        self.import_deals_mapped(path, batch, None)
    }

    /// Imports with the mapping of the preview, and remembers it for the next file with the
    /// same header (the CRM's next export).
    pub fn import_deals_mapped(
        &self,
        path: &Path,
        batch: &str,
        mapping: Option<&[Option<String>]>,
    ) -> crate::Result<DealImportDone> {
        let lang = self.lang();
        let read = read_file(self, path, mapping, lang);
        self.after_reading(&[path.to_path_buf()])?;
        let read = read?;
        if read.file.file_hash != batch {
            return Err(ApiError::new(
                "file_changed",
                match lang {
                    Lang::ZhCn => format!(
                        "“{}”在预览之后被修改了，请重新预览后再导入。",
                        read.file.file_name
                    ),
                    Lang::En => format!(
                        "“{}” changed after the preview; preview it again before importing.",
                        read.file.file_name
                    ),
                },
            ));
        }
        if let Some(missing) = &read.preview.missing {
            return Err(ApiError::new("deal_columns_missing", missing.clone()));
        }
        if read.deals.is_empty() {
            return Err(ApiError::new(
                "nothing_to_import",
                match lang {
                    Lang::ZhCn => format!("“{}”里没有可以导入的商机。", read.file.file_name),
                    Lang::En => format!(
                        "“{}” has no deals that can be imported.",
                        read.file.file_name
                    ),
                },
            ));
        }
        let result = {
            let mut store = self.store();
            let result = store.import_deals(&read.file, &read.deals).user(lang)?;
            let headers: Vec<String> = read
                .preview
                .columns
                .iter()
                .map(|(h, _)| h.clone())
                .collect();
            store
                .set_meta(&header_key(&headers), &read.file.mapping)
                .user(lang)?;
            result
        };
        Ok((result, read.preview.rejected).into())
    }

    /// Undoes the latest deals import.
    pub fn undo_deal_import(&self, batch_id: i64) -> crate::Result<()> {
        let lang = self.lang();
        self.store().undo_deal_import(batch_id).user(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_chosen_once_is_remembered_for_the_next_export() {
        let dir = tempfile::tempdir().expect("dir");
        let s = crate::Session::create(&dir.path().join("w.marketdesk"), true, Lang::ZhCn)
            .expect("demo");
        let lead = s
            .leads_page(&crate::LeadQuery {
                limit: 1,
                ..Default::default()
            })
            .expect("page")
            .rows
            .remove(0);
        let mobile = lead.mobile.clone().expect("a demo lead has a mobile");
        // "成交额" and "客户手机号码（主）" are no CRM's words: the user maps them by hand.
        let csv = |name: &str, amount: &str| {
            let path = dir.path().join(name);
            std::fs::write(
                &path,
                format!("商机名称,阶段,成交额,客户手机号码（主）,结单日期\n续约,赢单,{amount},{mobile},2026-11-01\n"),
            )
            .expect("write");
            path
        };
        let first = csv("一月.csv", "100000");
        let auto = s.preview_deal_import(&first).expect("preview");
        assert_eq!(
            auto.ok, 0,
            "the amount column is not recognised: {:?}",
            auto.columns
        );
        assert!(auto.missing.is_some(), "and the preview says why");
        let chosen: Vec<Option<String>> = ["deal_name", "stage", "amount", "mobile", "closed_on"]
            .into_iter()
            .map(|c| Some(c.to_string()))
            .collect();
        let mapped = s
            .preview_deal_import_mapped(&first, Some(&chosen))
            .expect("mapped");
        assert_eq!((mapped.ok, mapped.matched), (1, 1));
        s.import_deals_mapped(&first, &mapped.batch, Some(&chosen))
            .expect("import");
        let next = csv("二月.csv", "250000");
        let again = s.preview_deal_import(&next).expect("preview");
        assert_eq!(
            (again.ok, again.matched),
            (1, 1),
            "the same header opens as it was mapped: {:?}",
            again.columns
        );
    }
}
