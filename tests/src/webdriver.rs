//! Just enough of the W3C WebDriver protocol to drive the app: sessions, finding elements,
//! clicking, typing, reading text, running a script and taking screenshots.

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

/// The W3C key for the Enter key.
pub const ENTER: &str = "\u{E007}";

pub struct WebDriver {
    base: String,
    session: String,
    agent: ureq::Agent,
}

#[derive(Debug)]
pub struct WdError(pub String);

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WdError {}

pub type WdResult<T> = Result<T, WdError>;

fn request(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> WdResult<Value> {
    let req = agent.request(method, url);
    let resp = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match resp {
        Ok(r) => r
            .into_json::<Value>()
            .map(|v| v.get("value").cloned().unwrap_or(Value::Null))
            .map_err(|e| WdError(format!("{method} {url}: bad JSON: {e}"))),
        Err(ureq::Error::Status(code, r)) => {
            let body = r.into_string().unwrap_or_default();
            Err(WdError(format!("{method} {url}: HTTP {code}: {body}")))
        }
        Err(e) => Err(WdError(format!("{method} {url}: {e}"))),
    }
}

impl WebDriver {
    /// Starts a session that launches `application` with `args`, retrying while the driver starts.
    pub fn connect(port: u16, application: &str, args: &[String]) -> WdResult<WebDriver> {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application, "args": args }
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match request(
                &agent,
                "POST",
                &format!("{base}/session"),
                Some(caps.clone()),
            ) {
                Ok(v) => {
                    let session = v["sessionId"]
                        .as_str()
                        .ok_or_else(|| WdError(format!("no session id in {v}")))?
                        .to_string();
                    return Ok(WebDriver {
                        base,
                        session,
                        agent,
                    });
                }
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A handle to no session, left behind when a session is closed.
    pub(crate) fn detached() -> WebDriver {
        WebDriver {
            base: String::new(),
            session: String::new(),
            agent: ureq::AgentBuilder::new().build(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    fn post(&self, path: &str, body: Value) -> WdResult<Value> {
        request(&self.agent, "POST", &self.url(path), Some(body))
    }

    fn get(&self, path: &str) -> WdResult<Value> {
        request(&self.agent, "GET", &self.url(path), None)
    }

    /// The first element matching a CSS selector, or an error naming the selector.
    pub fn find(&self, css: &str) -> WdResult<Element<'_>> {
        let v = self.post("/element", json!({"using": "css selector", "value": css}))?;
        element_id(&v)
            .map(|id| Element { wd: self, id })
            .ok_or_else(|| WdError(format!("no element for {css}: {v}")))
    }

    pub fn find_all(&self, css: &str) -> WdResult<Vec<Element<'_>>> {
        let v = self.post("/elements", json!({"using": "css selector", "value": css}))?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(element_id)
                    .map(|id| Element { wd: self, id })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs synchronous JavaScript in the page and returns its result.
    pub fn script(&self, js: &str) -> WdResult<Value> {
        self.post("/execute/sync", json!({"script": js, "args": []}))
    }

    /// Polls until `check` returns Some, or fails after `timeout` with `what` in the message.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&WebDriver) -> Option<T>,
    ) -> WdResult<T> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = check(self) {
                return Ok(v);
            }
            if Instant::now() > deadline {
                // What the window showed instead, for whoever reads the failure.
                let name: String = what
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                let shot = crate::output_dir().join(format!("e2e-timeout-{name}.png"));
                let _ = self.screenshot(&shot);
                return Err(WdError(format!(
                    "timed out waiting for {what} (window: {})",
                    shot.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The text of the first element matching `css` whose text satisfies `pred`.
    pub fn text_where(&self, css: &str, pred: impl Fn(&str) -> bool) -> Option<String> {
        self.find_all(css)
            .ok()?
            .iter()
            .filter_map(|e| e.text().ok())
            .find(|t| pred(t))
    }

    /// Waits until the element's text satisfies `pred`, returning the text.
    pub fn wait_text(
        &self,
        css: &str,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> WdResult<String> {
        self.wait_for(what, Duration::from_secs(15), |wd| {
            wd.text_where(css, &pred)
        })
    }

    /// Saves a PNG screenshot of the window.
    pub fn screenshot(&self, path: &std::path::Path) -> WdResult<()> {
        let v = self.get("/screenshot")?;
        let b64 = v
            .as_str()
            .ok_or_else(|| WdError("screenshot is not a string".into()))?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| WdError(format!("screenshot base64: {e}")))?;
        std::fs::write(path, png).map_err(|e| WdError(format!("writing {}: {e}", path.display())))
    }

    pub fn close(self) {
        if !self.session.is_empty() {
            let _ = request(&self.agent, "DELETE", &self.url(""), None);
        }
    }
}

fn element_id(v: &Value) -> Option<String> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.starts_with("element-"))
        .and_then(|(_, id)| id.as_str().map(String::from))
}

pub struct Element<'a> {
    wd: &'a WebDriver,
    id: String,
}

impl Element<'_> {
    pub fn click(&self) -> WdResult<()> {
        self.wd
            .post(&format!("/element/{}/click", self.id), json!({}))
            .map(|_| ())
    }

    pub fn clear(&self) -> WdResult<()> {
        self.wd
            .post(&format!("/element/{}/clear", self.id), json!({}))
            .map(|_| ())
    }

    pub fn send_keys(&self, text: &str) -> WdResult<()> {
        self.wd
            .post(
                &format!("/element/{}/value", self.id),
                json!({"text": text}),
            )
            .map(|_| ())
    }

    pub fn text(&self) -> WdResult<String> {
        let v = self.wd.get(&format!("/element/{}/text", self.id))?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub fn attribute(&self, name: &str) -> WdResult<Option<String>> {
        let v = self
            .wd
            .get(&format!("/element/{}/attribute/{name}", self.id))?;
        Ok(v.as_str().map(String::from))
    }
}
