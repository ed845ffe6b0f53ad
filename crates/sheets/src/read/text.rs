//! Delimited text: choosing the encoding, decoding as a stream, splitting with `csv`.

use std::fs::File;
use std::io::{self, BufReader, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use super::gauge::{Counted, Gauge};
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
/// contain non-ASCII bytes. Valid UTF-8 throughout is the only proof of UTF-8, so a valid file is
/// read to its end; an invalid one stops once the detector has had its fill.
fn detect(reader: &mut impl Read) -> io::Result<&'static Encoding> {
    let mut buf = vec![0u8; CHUNK + 4];
    // Bytes of a UTF-8 sequence split by the chunk boundary, moved to the buffer's start.
    let mut carry = 0;
    let mut valid_utf8 = true;
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let mut fed = 0;
    loop {
        let n = read_full(reader, &mut buf[carry..carry + CHUNK])?;
        if n == 0 {
            valid_utf8 &= carry == 0;
            break;
        }
        let fresh = &buf[carry..carry + n];
        if fed < DETECTOR_BUDGET && !fresh.is_ascii() {
            detector.feed(fresh, false);
            fed += n;
        }
        if valid_utf8 {
            match std::str::from_utf8(&buf[..carry + n]) {
                Ok(_) => carry = 0,
                Err(e) if e.error_len().is_none() => {
                    let start = e.valid_up_to();
                    buf.copy_within(start..carry + n, 0);
                    carry = carry + n - start;
                }
                Err(_) => {
                    valid_utf8 = false;
                    carry = 0;
                }
            }
        }
        if !valid_utf8 && fed >= DETECTOR_BUDGET {
            break;
        }
    }
    Ok(if valid_utf8 {
        UTF_8
    } else {
        // No TLD: the file came from a disk, not a site; UTF-8 was already ruled out.
        detector.guess(None, Utf8Detection::Deny)
    })
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

type Decoded = WithoutNul<DecodeReaderBytes<BufReader<Counted<File>>, Vec<u8>>>;

/// Records of a delimited file, decoded to UTF-8 on the fly.
pub(super) struct TextRows {
    reader: csv::Reader<Decoded>,
    record: csv::StringRecord,
    first: bool,
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
            .from_reader(WithoutNul(decoded));
        TextRows {
            reader,
            record: csv::StringRecord::new(),
            first: true,
        }
    }

    pub(super) fn next_row(&mut self) -> Option<Result<Vec<Cell>, SourceError>> {
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
            let first = std::mem::take(&mut self.first);
            if first && is_excel_sep_line(&self.record) {
                continue;
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
        assert_ne!(
            detect_bytes(&text),
            "UTF-8",
            "a sequence cut off by the end of the file is not valid UTF-8"
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
