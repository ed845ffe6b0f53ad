//! Any bytes, read as a dropped file would be: sniffed, opened, every sheet's rows streamed.
//! A crash here is a panic that escaped the readers, an abort (allocation, stack), or a hang
//! libFuzzer's timeout catches. Panics the readers catch themselves (calamine's, turned into
//! "damaged file") are not crashes: the silent hook below keeps libFuzzer from counting them.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use marketdesk_sheets::{open, Limits, ReadOptions};

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let path = std::env::temp_dir().join(format!("marketdesk-fuzz-{}.bin", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    // Small limits: the fuzzer should explore formats, not spend its time on big sheets.
    let opts = ReadOptions {
        limits: Limits {
            max_rows: 20_000,
            max_cols: 200,
            max_cells: 200_000,
            max_file_bytes: 4 << 20,
            max_unpacked_bytes: 32 << 20,
            max_shared_string_bytes: 8 << 20,
            max_merged_regions: 20_000,
        },
        ..ReadOptions::default()
    };
    if let Ok(mut book) = open(&path, &opts) {
        for sheet in 0..book.sheets().len().max(1) {
            if let Ok(rows) = book.rows(sheet) {
                for row in rows {
                    if row.is_err() {
                        break;
                    }
                }
            }
        }
    }
});
