//! Observations: one value of one metric for one unit and period.

use crate::quantity::Quantity;

use super::id::{MetricKey, OrgId};
use super::location::Location;
use super::period::Period;

/// One value of one metric for one unit and period, with where it came from.
///
/// ```
/// use workreport::{Observation, Period};
///
/// let o = Observation::new("posts".parse()?, "nanshui".parse()?, Period::year(2020)?, "12条".parse()?);
/// assert_eq!(o.value.lower(), Some(12.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The metric.
    pub metric: MetricKey,
    /// The reporting unit.
    pub org: OrgId,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: Quantity,
    /// Where it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Location>,
}

impl Observation {
    /// An observation with no source.
    pub fn new(metric: MetricKey, org: OrgId, period: Period, value: Quantity) -> Observation {
        Observation { metric, org, period, value, source: None }
    }

    /// The observation with its source.
    pub fn source(mut self, source: Location) -> Observation {
        self.source = Some(source);
        self
    }
}
