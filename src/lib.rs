//! workreport: the typed model, exact arithmetic, checks and serialised
//! forms of yearly work summaries and plans (工作总结 / 工作计划).
//!
//! Organisations write a yearly summary of what each area of work achieved,
//! with figures ("组织召开意识形态分析研判会 5 次", "投资 30 余万元"), the problems
//! they admit, and next year's plan. Higher offices compile their units'
//! reports into one. This crate is the library other programs embed for
//! that job:
//!
//! - [`Quantity`]: a value and a unit, read the way reports write them —
//!   exact (`5 次`), unknown (`X 次`), approximate (`约 30 场`), bounded
//!   (`30 余万元`, `超过 8100 亿千瓦时`, "well over 200 pull requests") or a
//!   range (`6%-6.5%`) — with exact decimals and checked interval arithmetic;
//! - the model: [`Report`], [`WorkArea`], [`Narrative`] (text runs and
//!   figure slots, so text and numbers cannot drift apart), [`Problem`],
//!   [`PlanItem`], [`Target`], [`OrgUnit`], [`Period`], [`Catalog`] and
//!   [`Metric`], built in a few lines with [`Report::builder`];
//! - [`check`]: every finding of a report at once, as [`Diagnostic`]s;
//! - [`json`] (and `toml` with the `toml` feature): lossless
//!   serialised forms whose errors name the field.
//!
//! ```
//! use workreport::check::{check, CheckOptions};
//! use workreport::{json, Catalog, Code, Metric, Period, Report};
//!
//! // The catalog: what the figures measure, shared by every unit's report.
//! let catalog = Catalog::new(vec![
//!     Metric::new("review_meetings".parse()?, "意识形态分析研判会", "次".parse()?),
//!     Metric::new("investment".parse()?, "投资", "万元".parse()?),
//! ])?;
//!
//! // A report, with figure slots bound to metrics; `X` is still unknown.
//! let report = Report::builder("2020年宣传思想文化工作总结", Period::year(2020)?)
//!     .area("ideology", "抓牢抓实意识形态工作",
//!           "组织召开意识形态分析研判会{X 次 @review_meetings}，投资{30 余万元 @investment}。")
//!     .build()?;
//!
//! // Figures are exact decimals with intervals: 30余万元 is (300000, 400000) 元.
//! let investment = &report.areas[0].narrative.figures[1].value;
//! assert_eq!(investment.base_lower(), Some(300_000.into()));
//! assert_eq!(investment.base_upper(), Some(400_000.into()));
//!
//! // Checks report everything at once: here, the unfilled `X`.
//! let findings = check(&report, &CheckOptions::new().catalog(&catalog));
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].code, Code::UnfilledPlaceholder);
//!
//! // The JSON form round-trips and carries a schema version.
//! let text = json::to_string_pretty(&report)?;
//! let back: Report = json::from_str(&text)?;
//! assert_eq!(json::to_string_pretty(&back)?, text);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Numbers are [`rust_decimal::Decimal`]s from input to output; nothing in
//! the crate uses floating point. Output is deterministic. The crate's
//! `ARCHITECTURE.md` maps the modules and states their invariants.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod aggregate;
pub mod check;
mod diagnostic;
mod document;
pub mod ingest;
pub mod json;
mod model;
mod quantity;
pub mod render;
#[cfg(feature = "toml")]
pub mod toml;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use document::{DataFile, LoadError, LoadErrorKind, WriteError};
pub use model::{
    AreaId, BuildError, Catalog, CatalogError, Comparator, ComparatorError, DatePart, DateSlot, DateSlotError,
    Direction, Figure, FigureCoverage, IdError, Labels, Location, Metric, MetricKey, MetricKind, NameSlot, Narrative,
    Observation, OrgId, OrgUnit, Paragraph, Period, PeriodError, PeriodKind, Plan, PlanItem, PlanItemId, Problem,
    ProblemId, Report, ReportBuilder, Run, SCHEMA_VERSION, Span, Status, Target, TemplateError, WorkArea,
};
pub use quantity::{
    AboutReading, Bound, Classifier, Currency, Dimension, EmptyIntervalError, Form, Interval, Lang, OddReading,
    Placeholder, Qualifier, QualifierKind, Quantity, QuantityError, QuantityErrorKind, RangeSep, Readings, Scale, Unit,
    Value, step,
};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
