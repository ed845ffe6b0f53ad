use std::path::{Path, PathBuf};

use marketdesk_store::{OpenReport, WorkspaceCounts};
use serde::Serialize;

/// Extension of workspace files; the content (SQLite with our application id) is what counts.
pub const WORKSPACE_EXTENSION: &str = "marketdesk";

/// Where the default workspace lives inside the app's data folder.
pub fn default_workspace_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("workspace.{WORKSPACE_EXTENSION}"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceInfo {
    pub path: Option<PathBuf>,
    /// The file name without extension, shown in the top bar.
    pub name: String,
    pub company: Option<String>,
    pub is_demo: bool,
    pub schema_version: u32,
    pub size_bytes: Option<u64>,
    pub counts: WorkspaceCounts,
    pub opened: OpenReport,
}
