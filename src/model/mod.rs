//! The typed model of a work summary and plan (DESIGN §2). No I/O here.

mod builder;
mod catalog;
pub(crate) mod decimal_text;
mod id;
mod location;
mod narrative;
mod observation;
mod org;
mod period;
mod plan;
mod report;

pub use builder::{BuildError, ReportBuilder};
pub use catalog::{Catalog, CatalogError, Direction, Labels, Metric, MetricKind};
pub use id::{AreaId, IdError, MetricKey, OrgId, PlanItemId, ProblemId};
pub use location::{Location, Span};
pub use narrative::{
    DatePart, DateSlot, DateSlotError, Figure, FigureCoverage, NameSlot, Narrative, Paragraph, Run, TemplateError,
};
pub use observation::Observation;
pub use org::OrgUnit;
pub use period::{Period, PeriodError, PeriodKind};
pub use plan::{Comparator, ComparatorError, Plan, PlanItem, Status, Target};
pub use report::{Problem, Report, SCHEMA_VERSION, WorkArea};
