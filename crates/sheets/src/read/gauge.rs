//! How far through its sheet a [`super::Rows`] is, for a progress bar: read from another
//! thread while the rows are taken. Delimited text counts the file's bytes read; workbooks count
//! rows against the height the sheet declares (xlsx/xlsb's `<dimension>`, a parsed range's
//! height), which may be missing or wrong: only the bar trusts it, never an allocation.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Gauge {
    done: Arc<AtomicU64>,
    /// What `done` counts up to; 0 when the sheet gave no size.
    total: u64,
}

impl Gauge {
    pub(super) fn with_total(total: u64) -> Gauge {
        Gauge {
            done: Arc::default(),
            total,
        }
    }

    pub(super) fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The share done, 0.0 to 1.0; `None` when the sheet gave no size to measure against, or
    /// turned out longer than it said.
    pub fn fraction(&self) -> Option<f64> {
        let done = self.done.load(Ordering::Relaxed);
        (self.total > 0 && done <= self.total).then(|| done as f64 / self.total as f64)
    }
}

/// A reader that counts what it hands out into a [`Gauge`].
pub(super) struct Counted<R> {
    inner: R,
    gauge: Gauge,
}

impl<R> Counted<R> {
    pub(super) fn new(inner: R, gauge: Gauge) -> Counted<R> {
        Counted { inner, gauge }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.gauge.add(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gauge_tells_the_share_read_and_when_it_cannot() {
        let gauge = Gauge::with_total(10);
        let mut counted = Counted::new(&b"0123456789"[..], gauge.clone());
        let mut four = [0u8; 4];
        counted.read_exact(&mut four).expect("read");
        assert_eq!(gauge.fraction(), Some(0.4), "4 of 10 bytes");
        std::io::copy(&mut counted, &mut std::io::sink()).expect("rest");
        assert_eq!(gauge.fraction(), Some(1.0));
        gauge.add(1);
        assert_eq!(
            gauge.fraction(),
            None,
            "longer than it said: no share to show"
        );
        assert_eq!(Gauge::default().fraction(), None, "no size given");
    }
}
