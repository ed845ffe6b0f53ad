//! Test harness for Marketdesk: a minimal W3C WebDriver client and a launcher that starts the
//! real app binary under tauri-driver, isolated in its own home, data and config folders.

pub mod app;
pub mod webdriver;

use std::path::PathBuf;

/// The repository root (this crate lives in `tests/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where tests leave files for a person to look at (screenshots): `target/test-output/`.
pub fn output_dir() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("test-output");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
