//! The HTML page in a real browser: headless Chromium (the Debian package
//! `chromium`) opens the page rendered from the report with the OWASP XSS
//! payloads in every text field. A probe script — added by this test, not
//! by the renderer, and with the page's Content-Security-Policy off so
//! that escaping alone is tested — records any `alert`, `confirm` or
//! `prompt` a payload calls, counts the elements a payload could have
//! smuggled in, and checks that the charts are there and the payloads are
//! shown as text. Screenshots go to `target/tmp/browser/`.
//!
//! Without Chromium the test prints that it was skipped; with `CI=true` it
//! fails instead. `CHROMIUM=/path/to/chrome` picks another browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use workreport::render::Render;
use workreport::render::html::{Html, HtmlOptions};

use crate::render::fixtures;

/// Records what a payload could do, then writes it as JSON into
/// `<pre id="probe">` for `--dump-dom` to print.
const PROBE: &str = r#"(function () {
  var fired = [];
  ['alert', 'confirm', 'prompt', 'print', 'open'].forEach(function (n) {
    window[n] = function (m) { fired.push(n + ':' + String(m)); };
  });
  function count(s) { return document.querySelectorAll(s).length; }
  function report() {
    var handlers = 0, all = document.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      for (var j = 0; j < all[i].attributes.length; j++) {
        if (/^on/i.test(all[i].attributes[j].name)) handlers++;
      }
    }
    var r = {
      fired: fired,
      scripts: count('script'),
      handlers: handlers,
      smuggled: count('body img, body iframe, body frame, body frameset, body object, body embed, body input, '
        + 'body video, body audio, body source, body link, body base, body meta, body style, body a, '
        + 'body details, body bgsound, body form, body div, body br'),
      charts: count('svg.chart'),
      bars: count('svg.chart rect'),
      tables: count('table'),
      // `<` + `/script>` would end this script.
      payload_as_text: document.body.textContent.indexOf('<SCRIPT SRC=https://xss.invalid/xss.js><' + '/SCRIPT>') >= 0,
      title: document.title.length
    };
    var pre = document.createElement('pre');
    pre.id = 'probe';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
  }
  window.addEventListener('load', function () { setTimeout(report, 200); });
})();"#;

/// The browser: `$CHROMIUM`, or the first of the usual names on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Runs headless Chromium on `page` with `args`, with no network at all
/// (every host name resolves to nothing, every request goes to a closed
/// local port), and returns its standard output.
fn run_chromium(bin: &Path, profile: &Path, page: &Path, args: &[String]) -> String {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--disable-breakpad",
        "--metrics-recording-only",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()));
    // Files, not pipes: a page's DOM fills a pipe long before the browser ends.
    let (out_path, err_path) = (profile.with_extension("out"), profile.with_extension("err"));
    let file = |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    cmd.stdin(Stdio::null()).stdout(file(&out_path)).stderr(file(&err_path));
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Ok(None) => {
                // Our own child, by its handle.
                let _ = child.kill();
                let _ = child.wait();
                panic!("{} did not finish in 120 s", bin.display());
            }
            Err(e) => panic!("waiting for {}: {e}", bin.display()),
        }
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let (out, err) = (read(&out_path), read(&err_path));
    let _ = (std::fs::remove_file(&out_path), std::fs::remove_file(&err_path));
    assert!(status.success(), "{} failed: {status}\n{err}", bin.display());
    out
}

/// The probe's JSON, from the dumped DOM.
fn probe_result(dom: &str) -> serde_json::Value {
    let start =
        dom.find("<pre id=\"probe\">").expect("the probe ran and wrote its report") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").expect("the probe's report ends");
    let text =
        dom[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u{a0}").replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the probe's report {text:?}: {e}"))
}

#[test]
fn render_html_in_chromium_runs_no_payload_and_shows_the_charts() {
    let Some(bin) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but Chromium is missing: `.ci/run` installs the Debian package `chromium`");
        }
        eprintln!("browser test skipped: Chromium is not installed (apt-get install chromium, or set CHROMIUM)");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    // A profile of this run's own: another run of the tests may be using
    // the browser at the same time.
    let profile = dir.join(format!("profile-{}", std::process::id()));

    // Every payload in every field, escaping alone between them and the browser.
    let fixture = fixtures::xss();
    let html = Html::with_options(HtmlOptions::new().csp(false)).render_to_string(&fixture.doc());
    assert!(!html.contains("Content-Security-Policy"));
    let probed = html.replacen("<head>", &format!("<head>\n<script>{PROBE}</script>"), 1);
    let page = dir.join("xss.html");
    std::fs::write(&page, probed).expect("write the page");
    let dom = run_chromium(&bin, &profile, &page, &["--dump-dom".to_owned()]);
    let r = probe_result(&dom);
    assert_eq!(r["fired"], serde_json::json!([]), "a payload ran: {r}");
    assert_eq!(r["scripts"], 1, "only the probe is a script: {r}");
    assert_eq!(r["handlers"], 0, "no element has an event handler: {r}");
    assert_eq!(r["smuggled"], 0, "no payload made an element: {r}");
    assert_eq!(r["charts"], 2, "the two charts: {r}");
    assert!(r["bars"].as_u64().is_some_and(|n| n > 2), "the charts have bars: {r}");
    assert_eq!(r["tables"], 2, "the figures and totals tables: {r}");
    assert_eq!(r["payload_as_text"], true, "the payloads are shown as text: {r}");

    // What a reader sees: the filled township report, as rendered (CSP on).
    let township = fixtures::township();
    let page = dir.join("township.html");
    std::fs::write(&page, Html::new().render_to_string(&township.doc())).expect("write the page");
    for (name, file) in [("browser-township.png", &page), ("browser-xss.png", &dir.join("xss.html"))] {
        let png = dir.join(name);
        let _ = std::fs::remove_file(&png);
        run_chromium(
            &bin,
            &profile,
            file,
            &[format!("--screenshot={}", png.display()), "--window-size=1100,2200".to_owned()],
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{}: a screenshot of {size} bytes", png.display());
        eprintln!("screenshot: {}", png.display());
    }
    let _ = std::fs::remove_dir_all(&profile);
}
