//! A headless Chromium behind its own chromedriver, and the few page helpers
//! the tests use (wait for a JavaScript condition, read an attribute, click).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub struct Browser {
    pub c: Client,
    driver: Child,
}

fn installed(bin: &str) -> bool {
    Command::new(bin)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A browser window of `w`×`h`, or `None` (with a printed line) when Chromium
/// or chromedriver is missing and `CI` is not set.
pub async fn open(w: u32, h: u32) -> Option<Browser> {
    if !installed("chromedriver") || !installed("chromium") {
        assert!(
            std::env::var("CI").is_err(),
            "CI is set but chromium / chromium-driver are not installed (.ci/run installs them)"
        );
        println!("browser tests skipped: chromium and chromium-driver are not installed");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--no-first-run", "--mute-audio",
                format!("--window-size={w},{h}"),
            ]
        }
    });
    let caps = caps.as_object().cloned().unwrap_or_default();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let c = loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() > deadline => panic!("chromedriver: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    Some(Browser { c, driver })
}

impl Browser {
    /// Run `js` (a function body; `arguments[0..]` are `args`) and return its value.
    pub async fn js(&self, js: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.c.execute(js, args).await.expect("script runs")
    }

    /// Wait until the expression `cond` is truthy; how long it took, or a panic
    /// naming `what` after `within`.
    pub async fn until(&self, what: &str, cond: &str, within: Duration) -> Duration {
        let start = Instant::now();
        let js = format!("return !!({cond});");
        loop {
            if self.c.execute(&js, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < within,
                "waited {within:?} for {what}: `{cond}`; page state {:?}, banner {:?}",
                self.body_attr("data-state").await,
                self.text("#toast").await
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn body_attr(&self, name: &str) -> Option<String> {
        self.js(
            "return document.body.getAttribute(arguments[0]);",
            vec![name.into()],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    /// The `textContent` of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Option<String> {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![css.into()],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    /// Find `css` and click it. The board redraws on every change, so the element found
    /// can be replaced before the click lands ("stale element reference"): then it is
    /// found again, for up to 3 s. Any other error fails the test.
    pub async fn click(&self, css: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        loop {
            let found = self
                .c
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no {css}: {e}"));
            match found.click().await {
                Ok(()) => return,
                Err(e)
                    if e.to_string().contains("stale element")
                        && std::time::Instant::now() < deadline =>
                {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    pub async fn chimes(&self) -> i64 {
        self.body_attr("data-chimes")
            .await
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    /// Make the page's viewport `w`×`h` (the window is larger by its frame).
    pub async fn viewport(&self, w: u32, h: u32) {
        let frame = self
            .js(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await;
        let dx = frame[0].as_u64().unwrap_or(0) as u32;
        let dy = frame[1].as_u64().unwrap_or(0) as u32;
        self.c
            .set_window_size(w + dx, h + dy)
            .await
            .expect("resize");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// A PNG of the window, written under `name` to `target/screenshots/`, or
    /// to `docs/` (the README's pictures) when `MAYDANOZ_SCREENSHOTS=docs`, so
    /// that a test run leaves the work tree as it was.
    pub async fn screenshot(&self, name: &str) {
        let png = self.c.screenshot().await.expect("screenshot");
        let root = env!("CARGO_MANIFEST_DIR");
        let dir = if std::env::var("MAYDANOZ_SCREENSHOTS").as_deref() == Ok("docs") {
            format!("{root}/docs")
        } else {
            format!("{root}/target/screenshots")
        };
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(format!("{dir}/{name}"), png).expect("write screenshot");
    }

    pub async fn close(mut self) {
        let _ = self.c.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
