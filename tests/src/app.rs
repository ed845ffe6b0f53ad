//! Launching the real Marketdesk binary under tauri-driver, one isolated instance at a time.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::webdriver::{WdResult, WebDriver};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The app binary: `$MARKETDESK_APP`, else `target/debug/marketdesk-app`.
pub fn app_binary() -> PathBuf {
    std::env::var_os("MARKETDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::repo_root().join("target/debug/marketdesk-app"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(4444)
}

/// A running app window with a WebDriver session on it. Closing it (or dropping it) ends the
/// session, which quits the app, and stops the driver.
pub struct RunningApp {
    pub wd: WebDriver,
    driver: Child,
    _serial: MutexGuard<'static, ()>,
}

/// Starts the app on `workspace`, with `home` as its HOME and XDG data/config/cache folders, so
/// preferences and logs stay inside the test's temporary folder. Fails with a sentence that says
/// what is missing (binary, driver, display) rather than skipping.
pub fn launch(home: &Path, workspace: &Path) -> WdResult<RunningApp> {
    use crate::webdriver::WdError;
    let serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let app = app_binary();
    if !app.exists() {
        return Err(WdError(format!(
            "{} does not exist: build it first with `cargo build -p marketdesk-app` (scripts/test.sh does)",
            app.display()
        )));
    }
    if std::env::var_os("DISPLAY").is_none() {
        return Err(WdError(
            "no DISPLAY: run end-to-end tests under xvfb-run (scripts/test.sh does)".into(),
        ));
    }
    let port = free_port();
    let native = free_port();
    let driver_bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
    let log =
        std::fs::File::create(home.join("tauri-driver.log")).map_err(|e| WdError(e.to_string()))?;
    let log2 = log.try_clone().map_err(|e| WdError(e.to_string()))?;
    let mut command = Command::new(&driver_bin);
    // tauri-driver starts WebKitWebDriver as a child of its own; a group of their own lets
    // `stop_driver` end both (killing tauri-driver alone left WebKitWebDriver running under init).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let driver = command
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("GSETTINGS_BACKEND", "memory")
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log2))
        .spawn()
        .map_err(|e| {
            WdError(format!(
                "cannot start {:?}: {e}; install it with `cargo install tauri-driver --locked`",
                driver_bin
            ))
        })?;
    let args = [
        "--workspace".to_string(),
        workspace.to_string_lossy().into_owned(),
    ];
    let wd = match WebDriver::connect(port, &app.to_string_lossy(), &args) {
        Ok(wd) => wd,
        Err(e) => {
            let mut driver = driver;
            stop_driver(&mut driver);
            let log = std::fs::read_to_string(home.join("tauri-driver.log")).unwrap_or_default();
            return Err(WdError(format!("{e}\ntauri-driver log:\n{log}")));
        }
    };
    let mut running = RunningApp {
        wd,
        driver,
        _serial: serial,
    };
    running.wait_ready()?;
    Ok(running)
}

impl RunningApp {
    /// The UI marks `<body data-ready>` once the first section has rendered.
    fn wait_ready(&mut self) -> WdResult<()> {
        self.wd.wait_for(
            "the app to finish starting",
            Duration::from_secs(30),
            |wd| {
                wd.script("return document.body.dataset.ready === 'true'")
                    .ok()
                    .and_then(|v| v.as_bool())
                    .filter(|ready| *ready)
            },
        )?;
        Ok(())
    }

    /// Ends the session (quitting the app) and stops the driver.
    pub fn close(self) {}
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        let wd = std::mem::replace(&mut self.wd, WebDriver::detached());
        wd.close();
        stop_driver(&mut self.driver);
    }
}

/// Ends tauri-driver and the WebKitWebDriver it started: the whole process group.
fn stop_driver(driver: &mut Child) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", driver.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}
