use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use marketdesk_core::Lang;
use serde::Serialize;

use crate::{Result, SheetsError};

/// How many bytes of the head (and of the tail, where a zip keeps its directory) are looked at.
const PROBE: usize = 64 * 1024;

/// What a file is, judged from its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FileKind {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    /// Delimited text; `delimiter` is the sniffed separator.
    Csv {
        delimiter: char,
        encoding: TextEncoding,
    },
    /// An HTML table saved with an `.xls` name, as many web systems export.
    HtmlTable,
    /// Excel 2003 XML ("XML Spreadsheet").
    SpreadsheetXml,
    /// An Office file encrypted with a password (an OLE container holding `EncryptedPackage`).
    PasswordProtected,
    /// A Marketdesk workspace (SQLite).
    Workspace,
    Pdf,
    Image,
    /// A Word or PowerPoint file, or another archive: not a sheet.
    OtherDocument,
    /// A zip (xlsx, ods…) whose end is missing: a download or a copy cut short.
    Incomplete,
    Empty,
    Unknown,
}

/// Text encodings told apart from the head of a file without guessing. [`crate::open`] settles
/// the legacy family (GBK/GB18030 vs cp1252 and friends) over the whole file with chardetng and
/// names the result in [`crate::Workbook::encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not UTF-8: a legacy 8-bit code page, most often GBK/GB18030 in our users' files.
    Legacy8Bit,
}

impl FileKind {
    /// Whether [`crate::open`] reads it. HTML tables and Excel 2003 XML are recognised but not
    /// read yet: opening them says to save as .xlsx.
    pub fn is_importable(&self) -> bool {
        matches!(
            self,
            FileKind::Xlsx
                | FileKind::Xlsm
                | FileKind::Xlsb
                | FileKind::Xls
                | FileKind::Ods
                | FileKind::Csv { .. }
        )
    }

    /// The extensions a file of this kind normally carries.
    fn usual_extensions(&self) -> &'static [&'static str] {
        match self {
            FileKind::Xlsx => &["xlsx"],
            FileKind::Xlsm => &["xlsm"],
            FileKind::Xlsb => &["xlsb"],
            FileKind::Xls => &["xls", "et"],
            FileKind::Ods => &["ods"],
            FileKind::Csv { .. } => &["csv", "tsv", "txt", "tab"],
            FileKind::HtmlTable => &["html", "htm"],
            FileKind::SpreadsheetXml => &["xml"],
            FileKind::PasswordProtected => &["xlsx", "xlsm", "xlsb", "xls", "docx", "pptx"],
            FileKind::Workspace => &["marketdesk", "sqlite", "db"],
            FileKind::Pdf => &["pdf"],
            FileKind::Image => &["png", "jpg", "jpeg", "gif", "bmp", "webp"],
            FileKind::OtherDocument
            | FileKind::Incomplete
            | FileKind::Empty
            | FileKind::Unknown => &[],
        }
    }

    /// A short description for the user.
    pub fn label(&self, lang: Lang) -> String {
        let enc = |e: &TextEncoding| match e {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            // Which one (GBK, Big5, cp1252…) is settled over the whole file when it is opened.
            TextEncoding::Legacy8Bit => lang.pick(
                "非 UTF-8（GBK 等本地编码）",
                "non-UTF-8 (GBK or another legacy encoding)",
            ),
        };
        let delim = |d: char| match d {
            ',' => lang.pick("逗号分隔", "comma-separated"),
            ';' => lang.pick("分号分隔", "semicolon-separated"),
            '\t' => lang.pick("制表符分隔", "tab-separated"),
            '|' => lang.pick("竖线分隔", "pipe-separated"),
            _ => lang.pick("分隔符未知", "unknown separator"),
        };
        match self {
            FileKind::Xlsx => lang
                .pick("Excel 工作簿 (.xlsx)", "Excel workbook (.xlsx)")
                .into(),
            FileKind::Xlsm => lang
                .pick(
                    "启用宏的 Excel 工作簿 (.xlsm)",
                    "Macro-enabled Excel workbook (.xlsm)",
                )
                .into(),
            FileKind::Xlsb => lang
                .pick(
                    "Excel 二进制工作簿 (.xlsb)",
                    "Excel binary workbook (.xlsb)",
                )
                .into(),
            FileKind::Xls => lang
                .pick("旧版 Excel 工作簿 (.xls)", "Legacy Excel workbook (.xls)")
                .into(),
            FileKind::Ods => lang
                .pick(
                    "OpenDocument 表格 (.ods)",
                    "OpenDocument spreadsheet (.ods)",
                )
                .into(),
            FileKind::Csv {
                delimiter,
                encoding,
            } => match lang {
                Lang::ZhCn => format!(
                    "文本表格（分隔符 {}，{}）",
                    delim(*delimiter),
                    enc(encoding)
                ),
                Lang::En => format!(
                    "Delimited text (separator {}, {})",
                    delim(*delimiter),
                    enc(encoding)
                ),
            },
            FileKind::HtmlTable => lang
                .pick("网页表格（伪装成 .xls）", "HTML table (saved as .xls)")
                .into(),
            FileKind::SpreadsheetXml => lang
                .pick("Excel 2003 XML 表格", "Excel 2003 XML spreadsheet")
                .into(),
            FileKind::PasswordProtected => lang
                .pick("受密码保护的文件", "Password-protected file")
                .into(),
            FileKind::Workspace => lang
                .pick("Marketdesk 工作区文件", "Marketdesk workspace file")
                .into(),
            FileKind::Pdf => lang
                .pick("PDF 文档（不是表格）", "PDF document (not a sheet)")
                .into(),
            FileKind::Image => lang.pick("图片（不是表格）", "Image (not a sheet)").into(),
            FileKind::OtherDocument => lang
                .pick("其他文档（不是表格）", "Other document (not a sheet)")
                .into(),
            FileKind::Incomplete => lang
                .pick(
                    "不完整的文件（可能没有下载完，请重新下载或请发送方再发一次）",
                    "an incomplete file (an unfinished download? download it again or ask the sender for another copy)",
                )
                .into(),
            FileKind::Empty => lang.pick("空文件", "Empty file").into(),
            FileKind::Unknown => lang.pick("无法识别的文件", "Unrecognised file").into(),
        }
    }
}

/// Whether a file named `.ext` claims to be a sheet (and so can lie about being one).
pub(crate) fn is_sheet_extension(ext: &str) -> bool {
    const SHEETS: [&str; 9] = [
        "xlsx", "xlsm", "xlsb", "xls", "et", "ods", "csv", "tsv", "txt",
    ];
    SHEETS.contains(&ext.to_ascii_lowercase().as_str())
}

/// A dropped or picked file and what it turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sniffed {
    pub kind: FileKind,
    pub size: u64,
    /// The extension says one thing, the content another (e.g. a CSV named `.xlsx`).
    pub extension_mismatch: bool,
}

pub fn sniff_path(path: &Path) -> Result<Sniffed> {
    let io = |source| SheetsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(SheetsError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let mut file = File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(PROBE.min(meta.len() as usize));
    (&mut file)
        .take(PROBE as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let mut tail = Vec::new();
    if meta.len() > PROBE as u64 {
        let from = meta.len().saturating_sub(PROBE as u64).max(PROBE as u64);
        file.seek(SeekFrom::Start(from)).map_err(io)?;
        (&mut file)
            .take(PROBE as u64)
            .read_to_end(&mut tail)
            .map_err(io)?;
    }
    let mut kind = sniff_bytes(&head, &tail);
    if head.starts_with(b"PK") && matches!(kind, FileKind::OtherDocument | FileKind::Incomplete) {
        // The probes missed what the zip holds (a directory larger than the probe, a long
        // comment after it, names in another case): read its directory properly.
        if let Some(found) = zip_directory_kind(&mut file) {
            kind = found;
        }
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let extension_mismatch = match ext {
        Some(ext) => {
            let usual = kind.usual_extensions();
            !usual.is_empty() && !usual.contains(&ext.as_str())
        }
        None => false,
    };
    Ok(Sniffed {
        kind,
        size: meta.len(),
        extension_mismatch,
    })
}

/// Classifies from the first bytes of a file and, for large files, its last bytes (a zip's
/// central directory, which names every entry, sits at the end).
pub fn sniff_bytes(head: &[u8], tail: &[u8]) -> FileKind {
    if head.is_empty() {
        return FileKind::Empty;
    }
    // A local header, an empty archive, or the marker some tools put before the first entry.
    if head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(b"PK\x07\x08")
    {
        return sniff_zip(head, tail);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return sniff_ole(head, tail);
    }
    if head.starts_with(b"SQLite format 3\0") {
        return FileKind::Workspace;
    }
    if head.starts_with(b"%PDF-") {
        return FileKind::Pdf;
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"BM")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
    {
        return FileKind::Image;
    }
    sniff_text(head)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn sniff_zip(head: &[u8], tail: &[u8]) -> FileKind {
    let has = |needle: &[u8]| contains(head, needle) || contains(tail, needle);
    // Every zip ends with its directory's end record, within the last bytes probed.
    let end = if tail.is_empty() { head } else { tail };
    if !contains(end, b"PK\x05\x06") {
        return FileKind::Incomplete;
    }
    // ODF stores its mimetype uncompressed as the first entry.
    if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        return FileKind::Ods;
    }
    if has(b"xl/workbook.bin") {
        return FileKind::Xlsb;
    }
    if has(b"xl/vbaProject.bin") && has(b"xl/workbook.xml") {
        return FileKind::Xlsm;
    }
    if has(b"xl/workbook.xml") || has(b"xl/worksheets/") {
        return FileKind::Xlsx;
    }
    FileKind::OtherDocument
}

/// What a zip holds, from its central directory; `None` when it cannot be read as a zip.
fn zip_directory_kind(file: &mut File) -> Option<FileKind> {
    file.seek(SeekFrom::Start(0)).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    // Some tools write `xl\workbook.xml` or `./xl/…`; calamine then decides whether it reads it.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| {
            n.replace('\\', "/")
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_ascii_lowercase()
        })
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let ods_mimetype = zip.by_name("mimetype").ok().is_some_and(|entry| {
        let mut text = String::new();
        entry.take(200).read_to_string(&mut text).is_ok()
            && text.trim() == "application/vnd.oasis.opendocument.spreadsheet"
    });
    Some(if ods_mimetype {
        FileKind::Ods
    } else if has("xl/workbook.bin") {
        FileKind::Xlsb
    } else if has("xl/vbaproject.bin") && has("xl/workbook.xml") {
        FileKind::Xlsm
    } else if has("xl/workbook.xml") || names.iter().any(|n| n.starts_with("xl/worksheets/")) {
        FileKind::Xlsx
    } else {
        FileKind::OtherDocument
    })
}

fn sniff_ole(head: &[u8], tail: &[u8]) -> FileKind {
    let has_utf16 = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        contains(head, &needle) || contains(tail, &needle)
    };
    if has_utf16("EncryptedPackage") || has_utf16("EncryptionInfo") {
        return FileKind::PasswordProtected;
    }
    if has_utf16("Workbook") || has_utf16("Book") {
        if biff_encrypted(head) {
            return FileKind::PasswordProtected;
        }
        return FileKind::Xls;
    }
    FileKind::OtherDocument
}

/// UTF-16 written without a byte-order mark (some exports do): the zero high bytes of its ASCII
/// (digits, separators, line ends) fall on every other byte, all odd (little-endian) or all
/// even (big-endian), which binary data's NULs do not. `Some(true)` for big-endian.
fn bomless_utf16(head: &[u8]) -> Option<bool> {
    let pairs = &head[..head.len().min(4096) & !1];
    if pairs.len() < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in pairs.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let n = pairs.len() / 2;
    // At least a fifth of the characters ASCII, and no NUL on the other side.
    if odd * 5 >= n && even * 100 <= n {
        Some(false)
    } else if even * 5 >= n && odd * 100 <= n {
        Some(true)
    } else {
        None
    }
}

/// Whether the workbook stream in `head` starts with a FILEPASS record (an .xls saved with a
/// password): in BIFF8 it must come right after the stream's first BOF record, which is near
/// the start of the file. Not finding that BOF in the probe says nothing; the reader checks
/// the stream itself when the file is opened.
fn biff_encrypted(head: &[u8]) -> bool {
    const BIFF8_BOF: [u8; 6] = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06];
    let Some(at) = head.windows(BIFF8_BOF.len()).position(|w| w == BIFF8_BOF) else {
        return false;
    };
    head.get(at + 4 + 16..at + 4 + 16 + 2) == Some(&[0x2F, 0x00])
}

fn sniff_text(head: &[u8]) -> FileKind {
    let (encoding, text): (TextEncoding, String) =
        if let Some(rest) = head.strip_prefix(b"\xEF\xBB\xBF") {
            (
                TextEncoding::Utf8Bom,
                String::from_utf8_lossy(rest).into_owned(),
            )
        } else if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
            (
                TextEncoding::Utf16Le,
                decode_utf16(rest, u16::from_le_bytes),
            )
        } else if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
            (
                TextEncoding::Utf16Be,
                decode_utf16(rest, u16::from_be_bytes),
            )
        } else if let Some(big_endian) = bomless_utf16(head) {
            if big_endian {
                (
                    TextEncoding::Utf16Be,
                    decode_utf16(head, u16::from_be_bytes),
                )
            } else {
                (
                    TextEncoding::Utf16Le,
                    decode_utf16(head, u16::from_le_bytes),
                )
            }
        } else {
            let nul = head.iter().filter(|&&b| b == 0).count();
            // A few NULs occur in broken exports; a binary file has many.
            if nul * 20 > head.len() {
                return FileKind::Unknown;
            }
            match std::str::from_utf8(head) {
                Ok(s) => (TextEncoding::Utf8, s.to_string()),
                // The probe may cut a multi-byte character in half at its end.
                Err(e) if e.error_len().is_none() => (
                    TextEncoding::Utf8,
                    String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned(),
                ),
                Err(_) => (
                    TextEncoding::Legacy8Bit,
                    head.iter()
                        .map(|&b| if b < 0x80 { b as char } else { ' ' })
                        .collect(),
                ),
            }
        };
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lower_start: String = trimmed
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower_start.starts_with("<?xml")
        && lower_start.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || lower_start.starts_with("<workbook")
    {
        return FileKind::SpreadsheetXml;
    }
    if lower_start.starts_with("<!doctype html")
        || lower_start.starts_with("<html")
        || lower_start.starts_with("<table")
        || (lower_start.starts_with('<') && lower_start.contains("<table"))
    {
        return FileKind::HtmlTable;
    }
    match sniff_delimiter(trimmed) {
        Some(delimiter) => FileKind::Csv {
            delimiter,
            encoding,
        },
        None => FileKind::Unknown,
    }
}

fn decode_utf16(bytes: &[u8], to_u16: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| to_u16([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Picks the separator of the table: the one whose lines split into the same number (>1) of
/// fields for the longest stretch, the table being the last such stretch of two lines or more
/// (notes and titles come above a table, 导出说明 and remarks with commas in them, and the table
/// runs to the file's end). On a tie the separator giving more fields wins. Honours Excel's
/// `sep=;` first line. A single-column list is still a sheet.
fn sniff_delimiter(text: &str) -> Option<char> {
    let first_line = text.lines().next().unwrap_or("");
    if let Some(sep) = first_line.strip_prefix("sep=") {
        return sep.chars().next();
    }
    let mut lines: Vec<&str> = text
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return None;
    }
    // A probe of a large file ends inside a line.
    if lines.len() > 1 && !text.ends_with(['\n', '\r']) {
        lines.pop();
    }
    let mut best: Option<(char, Stretch)> = None;
    for cand in [',', '\t', ';', '|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, cand))
            .collect();
        let Some(stretch) = Stretch::of_table(&counts) else {
            continue;
        };
        if best.is_none_or(|(_, b)| stretch.rank() > b.rank()) {
            best = Some((cand, stretch));
        }
    }
    match best {
        Some((c, _)) => Some(c),
        // One column of text (a list of phone numbers) is still a sheet, if it is text at all.
        None if lines
            .iter()
            .all(|l| !l.chars().any(|c| c.is_control() && c != '\t')) =>
        {
            Some(',')
        }
        None => None,
    }
}

/// Consecutive lines splitting into the same number of fields.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    /// Index of the line after it.
    end: usize,
    lines: usize,
    separators: usize,
}

impl Stretch {
    /// The stretch that is the table: the last of two lines or more, else the longest.
    fn of_table(counts: &[usize]) -> Option<Stretch> {
        let mut stretches = Vec::new();
        let mut start = 0;
        for i in 1..=counts.len() {
            if i == counts.len() || counts[i] != counts[start] {
                if counts[start] > 0 {
                    stretches.push(Stretch {
                        end: i,
                        lines: i - start,
                        separators: counts[start],
                    });
                }
                start = i;
            }
        }
        let last_table = stretches.iter().rev().find(|s| s.lines >= 2).copied();
        last_table.or_else(|| {
            stretches
                .into_iter()
                .max_by_key(|s| (s.lines, s.separators))
        })
    }

    /// Tables (two lines or more) before single lines; then the later, the longer, the wider.
    fn rank(&self) -> (bool, usize, usize, usize) {
        (self.lines >= 2, self.end, self.lines, self.separators)
    }
}

fn count_outside_quotes(line: &str, delim: char) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(kind: &FileKind) -> Option<(char, TextEncoding)> {
        match kind {
            FileKind::Csv {
                delimiter,
                encoding,
            } => Some((*delimiter, *encoding)),
            _ => None,
        }
    }

    #[test]
    fn csv_variants_are_told_apart_by_content() {
        assert_eq!(
            csv(&sniff_bytes(
                "姓名,手机\n张三,13800000000\n".as_bytes(),
                &[]
            )),
            Some((',', TextEncoding::Utf8))
        );
        assert_eq!(
            csv(&sniff_bytes(b"a;b;c\n1;2;3\n", &[])),
            Some((';', TextEncoding::Utf8))
        );
        assert_eq!(
            csv(&sniff_bytes(b"a\tb\n1\t2\n", &[])),
            Some(('\t', TextEncoding::Utf8))
        );
        assert_eq!(
            csv(&sniff_bytes(b"sep=|\na|b\n", &[])),
            Some(('|', TextEncoding::Utf8))
        );
        assert_eq!(
            csv(&sniff_bytes(b"\"a,b\";c;d\n\"x,y\";1;2\n", &[])),
            Some((';', TextEncoding::Utf8)),
            "commas inside quotes are not separators"
        );
        // 姓名,手机 in GBK.
        let gbk = b"\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\r\n\xd5\xc5\xc8\xfd,13800000000\r\n";
        assert_eq!(
            csv(&sniff_bytes(gbk, &[])),
            Some((',', TextEncoding::Legacy8Bit))
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("姓名\t手机\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(
            csv(&sniff_bytes(&utf16, &[])),
            Some(('\t', TextEncoding::Utf16Le))
        );
        assert_eq!(
            csv(&sniff_bytes(b"\xEF\xBB\xBFa,b\n", &[])),
            Some((',', TextEncoding::Utf8Bom))
        );
    }

    #[test]
    fn the_separator_is_the_tables_not_its_preambles() {
        let mut notes = String::new();
        for i in 0..22 {
            notes.push_str(&format!("说明第 {i} 行，请勿改动表头, 谢谢\r\n"));
        }
        let semicolons = format!(
            "{notes}姓名;手机;公司\r\n张三;13800138000;招商银行\r\n李四;13912345678;平安银行\r\n"
        );
        assert_eq!(
            sniff_delimiter(&semicolons),
            Some(';'),
            "22 lines of notes above"
        );
        let tabs = "活动：2024 年度客户答谢会, 上海\r\n导出时间：2024-03-05, 共 2 人\r\n\
                    姓名\t手机\t公司\r\n张三\t13800138000\t招商银行\r\n李四\t13912345678\t平安银行\r\n";
        assert_eq!(
            sniff_delimiter(tabs),
            Some('\t'),
            "a comma in each preamble line"
        );
        assert_eq!(
            sniff_delimiter("a,b;c\nd,e;f\n"),
            Some(','),
            "a tie goes to the first"
        );
    }

    #[test]
    fn containers_are_identified_by_their_entries() {
        let ended = |bytes: &[u8]| [bytes, b"PK\x05\x06"].concat();
        let mut xlsx = b"PK\x03\x04".to_vec();
        xlsx.extend_from_slice(b"....[Content_Types].xml....xl/workbook.xml....");
        assert_eq!(sniff_bytes(&ended(&xlsx), &[]), FileKind::Xlsx);
        assert_eq!(
            sniff_bytes(&xlsx, &[]),
            FileKind::Incomplete,
            "no directory end: cut short"
        );
        let tail = ended(b"....xl/workbook.bin....");
        assert_eq!(
            sniff_bytes(b"PK\x03\x04 docProps/app.xml", &tail),
            FileKind::Xlsb,
            "directory at the end"
        );
        let ods = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        assert_eq!(sniff_bytes(&ended(ods), &[]), FileKind::Ods);
        assert_eq!(
            sniff_bytes(&ended(b"PK\x03\x04 word/document.xml"), &[]),
            FileKind::OtherDocument
        );

        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        let mut encrypted = ole.clone();
        ole.extend("Workbook".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(sniff_bytes(&ole, &[]), FileKind::Xls);
        encrypted.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(sniff_bytes(&encrypted, &[]), FileKind::PasswordProtected);
    }

    #[test]
    fn disguised_and_foreign_files() {
        assert_eq!(
            sniff_bytes(b"<html><body><table><tr><td>1</td></tr></table>", &[]),
            FileKind::HtmlTable
        );
        assert_eq!(
            sniff_bytes(b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", &[]),
            FileKind::SpreadsheetXml
        );
        assert_eq!(sniff_bytes(b"%PDF-1.7 ...", &[]), FileKind::Pdf);
        assert_eq!(sniff_bytes(b"\x89PNG\r\n\x1a\n", &[]), FileKind::Image);
        assert_eq!(
            sniff_bytes(b"SQLite format 3\0....", &[]),
            FileKind::Workspace
        );
        assert_eq!(sniff_bytes(&[0u8; 100], &[]), FileKind::Unknown);
        assert_eq!(sniff_bytes(&[], &[]), FileKind::Empty);
    }

    #[test]
    fn a_csv_named_xlsx_is_flagged_as_mismatched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("名单.xlsx");
        std::fs::write(&path, "姓名,手机\n张三,13800000000\n").expect("write");
        let s = sniff_path(&path).expect("sniffs");
        assert!(
            matches!(s.kind, FileKind::Csv { .. }),
            "content wins over extension: {:?}",
            s.kind
        );
        assert!(s.extension_mismatch, "the lie must be reported");
        assert_eq!(s.size, 33);
    }

    #[test]
    fn missing_files_and_folders_are_errors_with_sentences() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = sniff_path(&dir.path().join("nope.csv")).expect_err("missing");
        assert_eq!(err.code(), "file_not_found");
        assert!(err.message(Lang::ZhCn).contains("找不到文件"));
        let err = sniff_path(dir.path()).expect_err("folder");
        assert_eq!(err.code(), "is_directory");
    }
}
