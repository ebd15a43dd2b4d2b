//! JSON: the report as [`json::to_string_pretty`](crate::json::to_string_pretty)
//! writes it, and — with a roll-up — its totals beside it.
//!
//! Without a roll-up the output is the report's own JSON form, which
//! [`json::from_str`](crate::json::from_str) reads back. With one, it is an
//! object of three keys, in this order:
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "report": { "schema_version": 1, "title": "…", … },
//!   "totals": [
//!     {
//!       "metric": "posts",
//!       "org": "town",
//!       "period": "2020",
//!       "value": "超过42条",
//!       "interval": "(42, ∞)",
//!       "exact": false,
//!       "coverage": { "reported": 2, "partial": 0, "unknown": 1, "missing": 0, "expected": 3 }
//!     }
//!   ]
//! }
//! ```
//!
//! Decimals are strings (`value`, `interval`), so nothing is lost; keys
//! keep this order. `value` is the total as the roll-up qualified it, in
//! the document's locale; `interval` is `null` when nothing is known.
//!
//! ```
//! use workreport::render::{Document, Render, json::Json};
//! use workreport::{Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?).build()?;
//! let text = Json::new().render_to_string(&Document::new(&report));
//! assert_eq!(text, workreport::json::to_string_pretty(&report)? + "\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use super::{Document, Plain, Render, Writer};
use crate::model::{Report, SCHEMA_VERSION};

/// The JSON renderer.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct Json;

impl Json {
    /// The JSON renderer: indented by two spaces, with a final newline.
    pub fn new() -> Json {
        Json
    }
}

#[derive(serde::Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    report: &'a Report,
    totals: Vec<TotalJson>,
}

#[derive(serde::Serialize)]
struct TotalJson {
    metric: String,
    org: String,
    period: String,
    value: String,
    interval: Option<String>,
    exact: bool,
    coverage: CoverageJson,
}

#[derive(serde::Serialize)]
struct CoverageJson {
    reported: u32,
    partial: u32,
    unknown: u32,
    missing: u32,
    expected: u32,
}

impl Render for Json {
    fn render(&self, doc: &Document<'_>, out: &mut dyn fmt::Write) -> fmt::Result {
        let text = match doc.rollup {
            None => crate::json::to_string_pretty(doc.report).map_err(|_| fmt::Error)?,
            Some(_) => {
                let mut sink = String::new();
                let w = Writer::new(&mut sink, &Plain, doc);
                let lang = doc.locale.lang();
                let totals = w
                    .totals()
                    .rows
                    .iter()
                    .map(|row| {
                        let t = &row.total;
                        let c = t.coverage();
                        TotalJson {
                            metric: t.metric().to_string(),
                            org: t.org().to_string(),
                            period: t.period().to_string(),
                            value: t.quantity().display(lang).to_string(),
                            interval: t.value().map(|i| i.to_string()),
                            exact: t.is_exact(),
                            coverage: CoverageJson {
                                reported: c.reported,
                                partial: c.partial,
                                unknown: c.unknown,
                                missing: c.missing,
                                expected: c.expected(),
                            },
                        }
                    })
                    .collect();
                let envelope = Envelope { schema_version: SCHEMA_VERSION, report: doc.report, totals };
                serde_json::to_string_pretty(&envelope).map_err(|_| fmt::Error)?
            }
        };
        out.write_str(&text)?;
        out.write_char('\n')
    }
}
