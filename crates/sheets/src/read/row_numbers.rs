//! Which row of the sheet a CSV record is, as Excel numbers it when it opens the file: `csv`
//! skips empty lines and joins the lines of a quoted cell into one record, so counting records
//! gives other numbers than the ones the user sees, and a refused row would be looked for in
//! the wrong place. Excel shows an empty line as an empty row, a quoted cell over three lines
//! as one row, and does not show a `sep=` first line at all.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader noting where the line breaks of its stream are: `\n`, `\r\n` (once) and a lone `\r`.
pub(super) struct LineEnds<R> {
    inner: R,
    /// Offset of the next byte read.
    offset: u64,
    /// A `\r` just read, which is a break of its own unless a `\n` follows.
    pending_cr: Option<u64>,
    /// Offsets of the breaks not yet asked about, in order.
    ends: VecDeque<u64>,
}

impl<R> LineEnds<R> {
    pub(super) fn new(inner: R) -> Self {
        LineEnds {
            inner,
            offset: 0,
            pending_cr: None,
            ends: VecDeque::new(),
        }
    }

    /// How many breaks lie before offset `at` and were not counted yet, and where the last of
    /// them is; forgets them.
    fn take_before(&mut self, at: u64) -> (u64, Option<u64>) {
        let (mut n, mut last) = (0, None);
        while let Some(end) = self.ends.front().copied().filter(|&end| end < at) {
            self.ends.pop_front();
            n += 1;
            last = Some(end);
        }
        (n, last)
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.ends.extend(self.pending_cr.take());
        }
        let read = &buf[..n];
        if let Some(cr) = self.pending_cr.take() {
            if read.first() != Some(&b'\n') {
                self.ends.push_back(cr);
            }
        }
        // Line breaks are a few bytes in a hundred: find them with memchr, not byte by byte.
        for i in memchr::memchr2_iter(b'\n', b'\r', read) {
            let at = self.offset + i as u64;
            if read[i] == b'\n' {
                self.ends.push_back(at);
            } else if i + 1 == n {
                self.pending_cr = Some(at);
            } else if read[i + 1] != b'\n' {
                self.ends.push_back(at);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Turns where records end into Excel row numbers. `csv` ends a record just past the first
/// byte of its line break (the `\r` of `\r\n`), and skips the empty lines after it as part of
/// reading the next one.
#[derive(Debug, Default)]
pub(super) struct RowNumbers {
    /// Breaks before the last record's end.
    breaks: u64,
    /// Breaks inside the quoted cells of the records read: not rows of their own.
    inside_cells: u64,
    /// Lines Excel does not show (the `sep=` line).
    hidden: u64,
    /// The last record's row.
    last: u64,
}

impl RowNumbers {
    /// The row of the record that `csv` ended at offset `end`, whose cells hold `breaks_inside`
    /// line breaks. The breaks before `end` are the lines above it (empty ones included), the
    /// breaks in its cells, and its own break when that is a single byte. A record that ends
    /// inside its last cell (`ends_in_cell`: a quote open at the end of the file) has none.
    pub(super) fn record<R>(
        &mut self,
        ends: &mut LineEnds<R>,
        end: u64,
        breaks_inside: u64,
        ends_in_cell: bool,
    ) -> u64 {
        let (n, last) = ends.take_before(end);
        self.breaks += n;
        self.inside_cells += breaks_inside;
        let own = u64::from(!ends_in_cell && n > 0 && last == end.checked_sub(1));
        let row = (self.breaks + 1).saturating_sub(own + self.inside_cells + self.hidden);
        self.last = row;
        row
    }

    /// The last record was a line Excel hides: rows after it are one higher up.
    pub(super) fn hide_last(&mut self) {
        self.hidden += 1;
        self.last = self.last.saturating_sub(1);
    }

    /// The last record's row.
    pub(super) fn last(&self) -> u64 {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_found_across_reads_and_crlf_counts_once() {
        let text = b"a\r\nb\rc\n\nd\r";
        let mut ends = LineEnds::new(&text[..]);
        let mut buf = [0u8; 3];
        while ends.read(&mut buf).expect("read") > 0 {}
        let found: Vec<u64> = ends.ends.iter().copied().collect();
        assert_eq!(
            found,
            vec![2, 4, 6, 7, 9],
            "\\r\\n at its \\n; lone \\r; the last \\r at the end"
        );
    }
}
