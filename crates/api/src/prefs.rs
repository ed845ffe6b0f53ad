use std::path::{Path, PathBuf};

use marketdesk_core::Lang;
use serde::{Deserialize, Serialize};

/// What the app remembers between runs, per user (not per workspace): the language and the last
/// workspace opened. Kept as a small JSON file in the app's config folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    #[serde(default)]
    pub language: Lang,
    #[serde(default)]
    pub last_workspace: Option<PathBuf>,
}

impl Preferences {
    /// A missing or unreadable file gives the defaults: preferences are never worth refusing to
    /// start over.
    pub fn load(path: &Path) -> Preferences {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "preferences unreadable; using defaults");
                Preferences::default()
            }),
            Err(_) => Preferences::default(),
        }
    }

    /// Written to a temporary file and renamed, so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_survives_garbage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cfg/preferences.json");
        assert_eq!(
            Preferences::load(&path),
            Preferences::default(),
            "missing file"
        );
        let prefs = Preferences {
            language: Lang::En,
            last_workspace: Some(dir.path().join("工作区.marketdesk")),
        };
        prefs.save(&path).expect("save");
        assert_eq!(Preferences::load(&path), prefs, "round trip");
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(
            Preferences::load(&path),
            Preferences::default(),
            "garbage gives defaults"
        );
    }
}
