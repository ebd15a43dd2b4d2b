//! workreport
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod check;
mod diagnostic;
mod document;
pub mod json;
#[cfg(feature = "toml")]
pub mod toml;
mod model;
mod quantity;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use document::{Document, LoadError, LoadErrorKind, WriteError};
pub use model::{
    AreaId, BuildError, Catalog, CatalogError, Comparator, ComparatorError, DatePart, DateSlot,
    DateSlotError, Direction, Figure, IdError, Labels, Location, Metric, MetricKey, MetricKind,
    NameSlot, Narrative, Observation, OrgId, OrgUnit, Paragraph, Period, PeriodError, PeriodKind,
    Plan, PlanItem, PlanItemId, Problem, ProblemId, Report, ReportBuilder, Run, SCHEMA_VERSION,
    Span, Status, Target, TemplateError, WorkArea,
};
pub use quantity::{
    AboutReading, Bound, Classifier, Currency, Dimension, EmptyIntervalError, Form, Interval, Lang,
    OddReading, Placeholder, Qualifier, QualifierKind, Quantity, QuantityError, QuantityErrorKind,
    RangeSep, Readings, Scale, Unit, Value, step,
};
