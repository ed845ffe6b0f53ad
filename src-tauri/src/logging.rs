use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Logs to a daily-rotated file in the app's log folder (a week kept), and to stderr in debug
/// builds. `MARKETDESK_LOG` overrides the filter (e.g. `debug`).
pub fn init(log_dir: &Path) {
    let filter = EnvFilter::try_from_env("MARKETDESK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn,tauri=warn"));
    let file = std::fs::create_dir_all(log_dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix("marketdesk")
                .filename_suffix("log")
                .max_log_files(7)
                .build(log_dir)
                .map_err(|e| e.to_string())
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let result = match file {
        Ok(appender) => builder.with_writer(appender).try_init(),
        Err(e) => {
            eprintln!(
                "Marketdesk: cannot write logs to {}: {e}",
                log_dir.display()
            );
            builder.with_writer(std::io::stderr).try_init()
        }
    };
    if let Err(e) = result {
        eprintln!("Marketdesk: logging not initialised: {e}");
    }
}
