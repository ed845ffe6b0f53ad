//! Native open/save dialogs, shown by a child process of this same binary.
//!
//! Why not in the app's own process: GTK's file chooser opens the files it lists to sniff their
//! type — the workspace and its `-wal`/`-shm` among them when they sit in the folder shown — and
//! closing those descriptors silently drops SQLite's POSIX locks for the whole process. It keeps
//! sniffing in the background after the dialog has closed, so reconnecting afterwards is a race
//! (the attendee-import end-to-end test lost an undo to it: another process saw no lock, took
//! the WAL for unused and deleted it). A dialog in another process can open what it likes:
//! POSIX locks belong to the process that took them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The argument that turns this binary into a dialog: `marketdesk-app --file-dialog '<json>'`.
pub const FLAG: &str = "--file-dialog";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Open,
    OpenMany,
    Save,
}

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub mode: Mode,
    pub title: String,
    /// Suggested file name (save dialogs).
    #[serde(default)]
    pub file_name: Option<String>,
    /// (label, extensions without dots).
    #[serde(default)]
    pub filters: Vec<(String, Vec<String>)>,
}

impl Spec {
    pub fn open(title: &str) -> Spec {
        Spec {
            mode: Mode::Open,
            title: title.into(),
            file_name: None,
            filters: Vec::new(),
        }
    }

    pub fn open_many(title: &str) -> Spec {
        Spec {
            mode: Mode::OpenMany,
            ..Spec::open(title)
        }
    }

    pub fn save(title: &str, file_name: &str) -> Spec {
        Spec {
            mode: Mode::Save,
            file_name: Some(file_name.into()),
            ..Spec::open(title)
        }
    }

    pub fn filter(mut self, label: &str, extensions: &[&str]) -> Spec {
        self.filters.push((
            label.into(),
            extensions.iter().map(|e| e.to_string()).collect(),
        ));
        self
    }
}

/// Shows the dialog in a child process and waits for it without blocking the async runtime.
/// Empty when the user cancels (or the child cannot run, which is logged).
pub async fn show(spec: Spec) -> Vec<PathBuf> {
    let result = tauri::async_runtime::spawn_blocking(move || run_child(&spec)).await;
    match result {
        Ok(Ok(paths)) => paths,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the file dialog could not be shown");
            Vec::new()
        }
        Err(e) => {
            tracing::error!(error = %e, "the file dialog task failed");
            Vec::new()
        }
    }
}

fn run_child(spec: &Spec) -> std::io::Result<Vec<PathBuf>> {
    let me = std::env::current_exe()?;
    let json = serde_json::to_string(spec).map_err(std::io::Error::other)?;
    let out = std::process::Command::new(me)
        .arg(FLAG)
        .arg(json)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "dialog process ended with {}",
            out.status
        )));
    }
    serde_json::from_slice(&out.stdout).map_err(std::io::Error::other)
}

/// The child's side: shows the dialog and prints the chosen paths as a JSON array.
pub fn run_as_child(json: &str) -> std::process::ExitCode {
    let spec: Spec = match serde_json::from_str(json) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("bad dialog spec: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut dialog = rfd::FileDialog::new().set_title(&spec.title);
    for (label, extensions) in &spec.filters {
        dialog = dialog.add_filter(label, extensions);
    }
    if let Some(name) = &spec.file_name {
        dialog = dialog.set_file_name(name);
    }
    let paths: Vec<PathBuf> = match spec.mode {
        Mode::Open => dialog.pick_file().into_iter().collect(),
        Mode::OpenMany => dialog.pick_files().unwrap_or_default(),
        Mode::Save => dialog.save_file().into_iter().collect(),
    };
    match serde_json::to_string(&paths) {
        Ok(text) => {
            println!("{text}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
