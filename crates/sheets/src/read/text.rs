//! Delimited text: choosing the encoding, decoding as a stream, splitting with `csv`.

use std::fs::File;
use std::io::{self, BufReader, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use super::gauge::{Counted, Gauge};
use super::row_numbers::{LineEnds, RowNumbers};
use super::SourceError;
use crate::cell::Cell;

const CHUNK: usize = 64 * 1024;
/// How many bytes of non-ASCII-bearing text chardetng sees: two chunks, tens of thousands of
/// characters, plenty to tell GBK from Big5 or cp1252 in real exports. chardetng reads a few
/// MB/s on these machines, so a megabyte of budget cost a 100k-row import a quarter second.
const DETECTOR_BUDGET: usize = 2 * CHUNK;

/// What a BOM declares, else `label` (a WHATWG label such as "gbk"), else UTF-8 if the whole
/// file is valid UTF-8, else chardetng's guess for legacy content. A BOM wins over the label:
/// it cannot be there by accident, while the label may be a guess by the user.
pub(super) fn choose_encoding(
    file: &mut File,
    label: Option<&'static Encoding>,
) -> io::Result<&'static Encoding> {
    let mut head = [0u8; 3];
    let n = read_full(file, &mut head)?;
    if let Some((bom, _)) = Encoding::for_bom(&head[..n]) {
        return Ok(bom);
    }
    if let Some(label) = label {
        return Ok(label);
    }
    let mut rest = io::Cursor::new(head[..n].to_vec()).chain(file);
    detect(&mut rest)
}

/// One pass that validates UTF-8 across chunk boundaries and feeds chardetng the chunks that
/// contain non-ASCII bytes. A file of valid UTF-8 is read to its end. So is one that is UTF-8
/// but for a stray byte or two (a row pasted from a cp1252 export): decoded as a legacy code
/// page, every Chinese character in it would turn to mojibake, while as UTF-8 only the stray
/// bytes are lost (they become U+FFFD, which the importer flags). Anything else stops once the
/// detector has had its fill.
fn detect(reader: &mut impl Read) -> io::Result<&'static Encoding> {
    let mut buf = vec![0u8; CHUNK + 4];
    // Bytes of a UTF-8 sequence split by the chunk boundary, moved to the buffer's start.
    let mut carry = 0;
    let mut utf8 = Utf8Tally::default();
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let mut fed = 0;
    loop {
        let n = read_full(reader, &mut buf[carry..carry + CHUNK])?;
        if n == 0 {
            utf8.invalid += u64::from(carry > 0);
            break;
        }
        let fresh = &buf[carry..carry + n];
        if fed < DETECTOR_BUDGET && !fresh.is_ascii() {
            detector.feed(fresh, false);
            fed += n;
        }
        carry = utf8.count(&mut buf, carry + n);
        if !utf8.still_likely() && fed >= DETECTOR_BUDGET {
            break;
        }
    }
    Ok(if utf8.is_utf8() {
        UTF_8
    } else {
        // No TLD: the file came from a disk, not a site; UTF-8 was already ruled out.
        detector.guess(None, Utf8Detection::Deny)
    })
}

/// Multi-byte UTF-8 characters and invalid sequences seen so far.
#[derive(Default)]
struct Utf8Tally {
    chars: u64,
    invalid: u64,
}

impl Utf8Tally {
    /// Tallies `buf[..end]`; moves a sequence cut by the end to the buffer's start and
    /// returns its length.
    fn count(&mut self, buf: &mut [u8], end: usize) -> usize {
        let mut pos = 0;
        loop {
            let (valid, error) = match std::str::from_utf8(&buf[pos..end]) {
                Ok(_) => (end - pos, None),
                Err(e) => (e.valid_up_to(), Some(e.error_len())),
            };
            // Lead bytes of a valid text are its multi-byte characters.
            self.chars += buf[pos..pos + valid].iter().filter(|&&b| b >= 0xC0).count() as u64;
            match error {
                None => return 0,
                Some(None) => {
                    let start = pos + valid;
                    buf.copy_within(start..end, 0);
                    return end - start;
                }
                Some(Some(len)) => {
                    self.invalid += 1;
                    pos += valid + len;
                }
            }
        }
    }

    /// Whether what was seen can still be UTF-8 with a few stray bytes: at most one in ten of
    /// the multi-byte characters. GBK read as UTF-8 breaks at most of its characters (only some
    /// byte pairs happen to form valid sequences); cp1252 at nearly every accented letter.
    fn still_likely(&self) -> bool {
        self.invalid == 0 || self.invalid * 10 <= self.chars
    }

    fn is_utf8(&self) -> bool {
        self.invalid == 0 || (self.chars >= 20 && self.still_likely())
    }
}

fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

type Decoded = LineEnds<WithoutNul<DecodeReaderBytes<BufReader<Counted<File>>, Vec<u8>>>>;

/// Records of a delimited file, decoded to UTF-8 on the fly.
pub(super) struct TextRows {
    reader: csv::Reader<Decoded>,
    record: csv::StringRecord,
    first: bool,
    delimiter: char,
    /// The most fields a record has had: what a whole row swallowed into one cell has.
    width: usize,
    /// Each record's row as Excel numbers it.
    rows: RowNumbers,
    /// Rows given so far: empty lines before a record come out as empty rows, so that a row's
    /// place in what [`TextRows::next_row`] gives is its row in Excel.
    given: u64,
    /// A record held back while the empty rows before it are given.
    held: Option<Vec<Cell>>,
}

impl TextRows {
    /// `file`'s bytes are counted into `gauge` as they are read.
    pub(super) fn new(
        file: File,
        gauge: Gauge,
        encoding: &'static Encoding,
        delimiter: u8,
    ) -> Self {
        let decoded = DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .strip_bom(true)
            .build(BufReader::new(Counted::new(file, gauge)));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            // Exports from web systems often end rows early; keep every field that is there.
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(LineEnds::new(WithoutNul(decoded)));
        TextRows {
            reader,
            record: csv::StringRecord::new(),
            first: true,
            delimiter: char::from(delimiter),
            width: 0,
            rows: RowNumbers::default(),
            given: 0,
            held: None,
        }
    }

    pub(super) fn next_row(&mut self) -> Option<Result<Vec<Cell>, SourceError>> {
        if self.held.is_none() {
            match self.next_record()? {
                Ok(cells) => self.held = Some(cells),
                Err(e) => return Some(Err(e)),
            }
        }
        self.given += 1;
        if self.given < self.rows.last() {
            return Some(Ok(Vec::new()));
        }
        self.held.take().map(Ok)
    }

    fn next_record(&mut self) -> Option<Result<Vec<Cell>, SourceError>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    return Some(Err(match e.into_kind() {
                        csv::ErrorKind::Io(io) => SourceError::Io(io),
                        other => SourceError::Corrupt(match line {
                            Some(line) => format!("line {line}: {other:?}"),
                            None => format!("{other:?}"),
                        }),
                    }));
                }
            }
            let end = self.reader.position().byte();
            // Most records hold no line break: one search of the whole record, then counting
            // only where there is one.
            let bytes = self.record.as_slice().as_bytes();
            let (inside, ends_in_cell) = if memchr::memchr2(b'\n', b'\r', bytes).is_some() {
                let inside: u64 = self
                    .record
                    .iter()
                    .map(|f| f.matches('\n').count() as u64)
                    .sum();
                let last = self.record.get(self.record.len().wrapping_sub(1));
                (inside, last.is_some_and(|f| f.ends_with(['\n', '\r'])))
            } else {
                (0, false)
            };
            let row = self
                .rows
                .record(self.reader.get_mut(), end, inside, ends_in_cell);
            let first = std::mem::take(&mut self.first);
            if first && is_excel_sep_line(&self.record) {
                self.rows.hide_last();
                self.first = true;
                continue;
            }
            self.width = self.width.max(self.record.len());
            if inside > 0 && swallows_rows(&self.record, self.delimiter, self.width) {
                return Some(Err(SourceError::UnclosedQuote(row)));
            }
            let cells = self
                .record
                .iter()
                .enumerate()
                .map(|(i, field)| {
                    // Some tools write a second BOM after the first; it is not part of the title.
                    let field = if first && i == 0 {
                        field.trim_start_matches('\u{feff}')
                    } else {
                        field
                    };
                    // ="13800138000": how web systems make Excel keep digits as text.
                    let field = field
                        .strip_prefix("=\"")
                        .and_then(|f| f.strip_suffix('"'))
                        .unwrap_or(field);
                    if field.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_string())
                    }
                })
                .collect();
            return Some(Ok(cells));
        }
    }
}

/// Whether a field holds lines that are whole rows of the table (two or more, each with as
/// many separators as the widest row so far): a quote left open, after which `csv` reads every line
/// into one cell up to the next quote or the end of the file. A note or an address over a
/// few lines has far fewer separators.
fn swallows_rows(record: &csv::StringRecord, delimiter: char, width: usize) -> bool {
    let width = width.max(3);
    record.iter().filter(|f| f.contains('\n')).any(|field| {
        field
            .lines()
            .skip(1)
            .filter(|line| line.matches(delimiter).count() + 1 >= width)
            .nth(1)
            .is_some()
    })
}

/// Excel's `sep=;` first line names the separator and is not part of the table. Split by that
/// very separator it reads as `["sep=", ""]`; by another, as `["sep=;"]`.
fn is_excel_sep_line(record: &csv::StringRecord) -> bool {
    let first = record
        .get(0)
        .map(|f| f.trim_start_matches('\u{feff}'))
        .unwrap_or("");
    match (record.len(), first.strip_prefix("sep=")) {
        (1, Some(sep)) => sep.chars().count() == 1,
        (2, Some("")) => record.get(1) == Some(""),
        _ => false,
    }
}

/// Drops NUL bytes, which broken exports scatter through text and which no cell should hold.
/// Safe on decoded UTF-8: a zero byte is only ever U+0000 there.
pub(super) struct WithoutNul<R>(R);

impl<R: Read> Read for WithoutNul<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.0.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                if buf[i] != 0 {
                    buf[kept] = buf[i];
                    kept += 1;
                }
            }
            // A read of nothing but NULs must not look like the end of the file.
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_bytes(bytes: &[u8]) -> &'static str {
        detect(&mut io::Cursor::new(bytes))
            .expect("reading memory cannot fail")
            .name()
    }

    #[test]
    fn utf8_split_across_chunks_is_still_utf8() {
        // A three-byte character straddling the 64 KiB boundary.
        let mut text = "a".repeat(CHUNK - 1).into_bytes();
        text.extend_from_slice("中文,字段\n".repeat(10).as_bytes());
        assert_eq!(detect_bytes(&text), "UTF-8");
        text.truncate(text.len() - 2);
        text.push(0xE4);
        assert_eq!(
            detect_bytes(&text),
            "UTF-8",
            "a sequence cut off by the end of the file is one stray among many characters"
        );
    }

    #[test]
    fn legacy_encodings_are_told_apart() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机,公司\n张三,13812345678,北京某某科技有限公司\n李四,13912345678,上海市场营销咨询\n");
        assert_eq!(detect_bytes(&gbk), "GBK");
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252
            .encode("Name,City\nJosé Müller,Zürich\nFrançois Lefèvre,Besançon\n");
        assert_eq!(
            detect_bytes(&cp1252),
            "windows-1252",
            "bytes GBK would also decode are still Western European"
        );
    }

    fn rows_of(text: &str) -> TextRows {
        let file = tempfile::tempfile().expect("temp");
        let mut f = file.try_clone().expect("clone");
        std::io::Write::write_all(&mut f, text.as_bytes()).expect("write");
        std::io::Seek::rewind(&mut f).expect("rewind");
        TextRows::new(file, Gauge::default(), UTF_8, b',')
    }

    fn records(text: &str) -> Vec<Result<usize, String>> {
        let mut rows = rows_of(text);
        std::iter::from_fn(|| rows.next_row())
            .map(|r| match r {
                Ok(cells) => Ok(cells.len()),
                Err(SourceError::UnclosedQuote(line)) => Err(format!("unclosed at {line}")),
                Err(_) => Err("other".into()),
            })
            .collect()
    }

    /// The first cell of each row given, "" for an empty row.
    fn firsts(text: &str) -> Vec<String> {
        let mut rows = rows_of(text);
        std::iter::from_fn(|| rows.next_row())
            .map(|r| match r.expect("read").first() {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        assert_eq!(
            firsts("a,1\n\n\nb,2\n"),
            ["a", "", "", "b"],
            "empty lines are empty rows"
        );
        assert_eq!(firsts("a,1\r\n\r\nb,2\r\n"), ["a", "", "b"], "CRLF");
        assert_eq!(firsts("a,1\r\rb,2\r"), ["a", "", "b"], "CR only");
        assert_eq!(
            firsts("a,\"two\nlines\"\n\nb,2\nc,3\n"),
            ["a", "", "b", "c"],
            "a cell over two lines is one row"
        );
        assert_eq!(
            firsts("sep=,\na,1\n\nb,2\n"),
            ["a", "", "b"],
            "the sep= line is not a row"
        );
    }

    #[test]
    fn a_quote_left_open_is_named_with_its_line() {
        let runaway = "姓名,手机,邮箱,公司\r\n张三,13800000001,z@a.cn,\"北京某某科技\r\n\
                       李四,13800000002,l@a.cn,平安银行\n王五,13800000003,w@a.cn,招商银行\n";
        assert_eq!(
            records(runaway),
            vec![Ok(4), Err("unclosed at 2".into())],
            "two whole rows inside one cell"
        );
        let address = "姓名,手机,地址,公司\n张三,13800000001,\"北京市海淀区,\n中关村大街1号,\n3层\",招商银行\n";
        assert_eq!(
            records(address),
            vec![Ok(4), Ok(4)],
            "an address over lines is a cell"
        );
    }

    #[test]
    fn excel_text_formulas_are_their_text() {
        let mut rows = rows_of("张三,=\"13800138004\",=1+1\n");
        let cells = rows.next_row().expect("a row").expect("read");
        assert_eq!(
            cells,
            vec![
                Cell::Text("张三".into()),
                Cell::Text("13800138004".into()),
                Cell::Text("=1+1".into())
            ],
            "only the =\"…\" wrapper goes"
        );
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "姓名,公司\n".as_bytes().to_vec();
        for _ in 0..30 {
            bytes.extend_from_slice("张三,招商银行\n".as_bytes());
        }
        // One row pasted from a cp1252 export: "Renée" with é as 0xE9.
        bytes.extend_from_slice(b"Ren\xE9e,Caf\xE9 Paris\n");
        assert_eq!(
            detect_bytes(&bytes),
            "UTF-8",
            "two stray bytes among 210 characters"
        );
        let gbk = encoding_rs::GBK
            .encode(&"张三,招商银行\n".repeat(30))
            .0
            .into_owned();
        assert_eq!(detect_bytes(&gbk), "GBK", "GBK is not UTF-8 with strays");
    }

    #[test]
    fn late_non_utf8_bytes_are_found() {
        let mut text = "name,phone\n".repeat(20_000).into_bytes();
        let (gbk, _, _) = encoding_rs::GBK.encode("张三,北京市朝阳区某某路\n");
        text.extend_from_slice(&gbk);
        assert_eq!(detect_bytes(&text), "GBK", "the whole file is checked");
    }

    #[test]
    fn nul_bytes_vanish_even_in_runs() {
        let mut out = String::new();
        WithoutNul(io::Cursor::new(b"\0\0\0a\0b\0".to_vec()))
            .read_to_string(&mut out)
            .expect("read");
        assert_eq!(out, "ab");
    }

    #[test]
    fn the_excel_sep_line_is_recognised_either_way() {
        let rec = |fields: &[&str]| csv::StringRecord::from(fields.to_vec());
        assert!(is_excel_sep_line(&rec(&["sep=", ""])));
        assert!(is_excel_sep_line(&rec(&["sep=;"])));
        assert!(is_excel_sep_line(&rec(&["\u{feff}sep=|"])));
        assert!(!is_excel_sep_line(&rec(&["sep=", "x"])), "data after it");
        assert!(!is_excel_sep_line(&rec(&["separator", "b"])));
        assert!(!is_excel_sep_line(&rec(&["sep=ab"])));
    }
}
