//! Streaming CSV output in the encodings Chinese organisers' exports come in.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use encoding_rs::GBK;

use crate::list::{Attendee, HEADER};

/// Text encoding of a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 without a byte-order mark (form platforms, scripts).
    Utf8,
    /// UTF-8 with a BOM (Excel's "CSV UTF-8").
    Utf8Bom,
    /// GBK (Excel's plain "CSV" on a Chinese Windows; 问卷星 and older systems).
    Gbk,
    /// UTF-16 little-endian with a BOM (Excel's "Unicode text"; still comma-separated here).
    Utf16LeBom,
}

/// Writes `rows` to `path` as CSV: an optional banner line, the Chinese header row
/// ([`HEADER`]), then one record per attendee, CRLF line ends, quoting only where needed.
/// The banner is the first record with nine empty cells after it, as Excel saves a title
/// merged across the columns (`2026 金融科技峰会 报名名单（导出时间：2026-11-20）,,,,,,,,,`).
///
/// Memory stays bounded: rows are encoded and written one at a time. Returns the number of
/// attendee rows written (banner and header not counted). For [`CsvEncoding::Gbk`], a
/// character GBK cannot represent is an [`io::ErrorKind::InvalidData`] error rather than a
/// silent substitution.
pub fn write_csv(
    path: &Path,
    rows: impl IntoIterator<Item = Attendee>,
    enc: CsvEncoding,
    banner: Option<&str>,
) -> io::Result<u64> {
    let file = BufWriter::with_capacity(1 << 16, File::create(path)?);
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(Transcoder::new(file, enc)?);
    if let Some(banner) = banner {
        let mut record = [""; HEADER.len()];
        record[0] = banner;
        csv.write_record(record)?;
    }
    csv.write_record(HEADER)?;
    let mut count = 0u64;
    for row in rows {
        csv.write_record(row.cells())?;
        count += 1;
    }
    csv.flush()?;
    csv.into_inner()
        .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?
        .finish()?;
    Ok(count)
}

/// A writer that takes UTF-8 bytes (as the csv writer produces them, possibly cut inside a
/// character) and writes them to the file in the target encoding.
struct Transcoder {
    file: BufWriter<File>,
    enc: CsvEncoding,
    /// Bytes of an incomplete UTF-8 sequence from the previous write.
    pending: Vec<u8>,
}

impl Transcoder {
    fn new(mut file: BufWriter<File>, enc: CsvEncoding) -> io::Result<Self> {
        match enc {
            CsvEncoding::Utf8Bom => file.write_all(b"\xEF\xBB\xBF")?,
            CsvEncoding::Utf16LeBom => file.write_all(b"\xFF\xFE")?,
            CsvEncoding::Utf8 | CsvEncoding::Gbk => {}
        }
        Ok(Transcoder {
            file,
            enc,
            pending: Vec::new(),
        })
    }

    fn write_str(&mut self, text: &str) -> io::Result<()> {
        match self.enc {
            CsvEncoding::Utf8 | CsvEncoding::Utf8Bom => self.file.write_all(text.as_bytes()),
            CsvEncoding::Gbk => {
                let (bytes, _, unmappable) = GBK.encode(text);
                if unmappable {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("text not representable in GBK: {text:?}"),
                    ));
                }
                self.file.write_all(&bytes)
            }
            CsvEncoding::Utf16LeBom => {
                let mut bytes = Vec::with_capacity(text.len() * 2);
                for unit in text.encode_utf16() {
                    bytes.extend_from_slice(&unit.to_le_bytes());
                }
                self.file.write_all(&bytes)
            }
        }
    }

    fn finish(mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "CSV output ended inside a UTF-8 sequence",
            ));
        }
        self.file.flush()
    }
}

impl Write for Transcoder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            joined = std::mem::take(&mut self.pending);
            &joined[..]
        };
        let valid = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() => {
                // Cut inside a character: keep the tail for the next write.
                let (head, tail) = bytes.split_at(e.valid_up_to());
                self.pending = tail.to_vec();
                std::str::from_utf8(head)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
            }
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        };
        self.write_str(valid)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
