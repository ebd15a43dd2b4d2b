//! Findings: what checks, loading and aggregation report about a report.

use std::fmt;

use crate::model::Location;

/// One finding: a stable code, a severity, a message and where.
///
/// ```
/// use workreport::{Code, Diagnostic, Location, Severity};
///
/// let d = Diagnostic::new(Code::UnfilledPlaceholder, Severity::Warning, "figure `X次` is not filled", Location::new("areas[1].narrative.figures[0]"));
/// assert_eq!(d.to_string(), "warning[unfilled-placeholder] areas[1].narrative.figures[0]: figure `X次` is not filled");
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// What kind of finding.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, naming the thing.
    pub message: String,
    /// Where.
    pub location: Location,
}

impl Diagnostic {
    /// A finding.
    pub fn new(code: Code, severity: Severity, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic { code, severity, message: message.into(), location }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}: {}", self.severity, self.code, self.location, self.message)
    }
}

/// How serious a finding is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The figures are wrong or cannot be added up.
    Error,
    /// The report is incomplete or weak.
    Warning,
    /// Worth knowing.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// The kind of a finding, with a stable kebab-case name.
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $text)] $variant,)*
        }

        impl Code {
            /// The stable name, e.g. `unfilled-placeholder`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
        }
    };
}

codes! {
    /// A figure, name or date still written as a placeholder (`X`).
    UnfilledPlaceholder => "unfilled-placeholder",
    /// A problem no plan item addresses.
    ProblemUnaddressed => "problem-unaddressed",
    /// A plan item with no measurable target.
    PlanItemWithoutTarget => "plan-item-without-target",
    /// A plan item with no owner.
    PlanItemWithoutOwner => "plan-item-without-owner",
    /// A plan item with no due date.
    PlanItemWithoutDueDate => "plan-item-without-due-date",
    /// Two parts with the same id.
    DuplicateId => "duplicate-id",
    /// A count below zero.
    NegativeCount => "negative-count",
    /// A figure or target whose unit does not fit its metric.
    UnitMismatch => "unit-mismatch",
    /// A figure or target bound to a metric the catalog does not have.
    UnknownMetric => "unknown-metric",
    /// A figure for a period outside the report's.
    PeriodOutsideReport => "period-outside-report",
    /// A reference to a part that does not exist.
    BrokenReference => "broken-reference",
    /// A value in a data file that does not parse (a number, a period, an id).
    InvalidData => "invalid-data",
    /// A numbered heading in an ingested text that skips or repeats a number.
    HeadingNumbering => "heading-numbering",
    /// An ingested text in which no reporting period was found.
    NoPeriod => "no-period",
    /// An observation of a unit the org tree does not have.
    UnknownOrg => "unknown-org",
    /// Two readings of the same metric, unit and period that share no number.
    ConflictingObservation => "conflicting-observation",
    /// Two readings of the same metric, unit and period that agree, merged.
    DuplicateObservation => "duplicate-observation",
    /// Flows of one unit over periods that overlap, which cannot be added.
    OverlappingPeriods => "overlapping-periods",
    /// A unit's stated total that its parts' sum cannot equal.
    InconsistentTotal => "inconsistent-total",
    /// A ratio with no numerator and denominator in the catalog, given as the range of its units' values.
    RatioRange => "ratio-range",
    /// A cumulative metric with no earlier reading to take the difference from.
    NoBaseline => "no-baseline",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
