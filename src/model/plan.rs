//! Next period's plan: items, their targets, owners and due dates.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::quantity::Quantity;

use super::catalog::Direction;
use super::id::{AreaId, MetricKey, PlanItemId, ProblemId};
use super::narrative::Narrative;
use super::period::Period;

/// The plan for the next period: its items in order.
#[non_exhaustive]
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The period the plan is for (the year after the report's, usually).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The plan's heading as written (`2021 年工作计划`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The items, in order.
    #[serde(default)]
    pub items: Vec<PlanItem>,
}

/// A commitment for the next period.
///
/// ```
/// use workreport::{Comparator, PlanItem, Target};
///
/// let item = PlanItem::new("ideology-duty".parse()?, "抓好意识形态责任落实")
///     .addresses("online-awareness".parse()?)
///     .target(Target::new("ideology_meetings".parse()?, Comparator::AtLeast, "12 次".parse()?))
///     .owner("宣传委员")
///     .due("2021-12-31".parse()?);
/// assert!(item.is_measurable());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The item's id, unique in the report.
    pub id: PlanItemId,
    /// The headline (`抓好意识形态责任落实`).
    pub title: String,
    /// The item's prose.
    #[serde(default, skip_serializing_if = "Narrative::is_empty")]
    pub narrative: Narrative,
    /// The work areas it continues.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaId>,
    /// The problems it addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<ProblemId>,
    /// Measurable targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Who is responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Its status, once evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Its weight among the plan's items (optional; equal weights otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::decimal_text::option")]
    pub weight: Option<Decimal>,
}

impl PlanItem {
    /// An item with an id and a title.
    pub fn new(id: PlanItemId, title: impl Into<String>) -> PlanItem {
        PlanItem {
            id,
            title: title.into(),
            narrative: Narrative::new(),
            areas: Vec::new(),
            addresses: Vec::new(),
            targets: Vec::new(),
            owner: None,
            due: None,
            status: None,
            weight: None,
        }
    }

    /// The item with prose.
    pub fn narrative(mut self, narrative: Narrative) -> PlanItem {
        self.narrative = narrative;
        self
    }

    /// The item continuing one more work area.
    pub fn area(mut self, area: AreaId) -> PlanItem {
        self.areas.push(area);
        self
    }

    /// The item addressing one more problem.
    pub fn addresses(mut self, problem: ProblemId) -> PlanItem {
        self.addresses.push(problem);
        self
    }

    /// The item with one more target.
    pub fn target(mut self, target: Target) -> PlanItem {
        self.targets.push(target);
        self
    }

    /// The item with an owner.
    pub fn owner(mut self, owner: impl Into<String>) -> PlanItem {
        self.owner = Some(owner.into());
        self
    }

    /// The item with a due date.
    pub fn due(mut self, due: NaiveDate) -> PlanItem {
        self.due = Some(due);
        self
    }

    /// The item with a weight.
    pub fn weight(mut self, weight: Decimal) -> PlanItem {
        self.weight = Some(weight);
        self
    }

    /// Whether the item has at least one target with a known value.
    pub fn is_measurable(&self) -> bool {
        self.targets.iter().any(|t| !t.value.is_unknown())
    }
}

/// How an actual value is compared with a target value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Comparator {
    /// `>=`: at least.
    AtLeast,
    /// `>`: more than.
    MoreThan,
    /// `<=`: at most.
    AtMost,
    /// `<`: less than.
    LessThan,
    /// `=`: exactly.
    Exactly,
}

impl Comparator {
    /// The symbol: `>=`, `>`, `<=`, `<`, `=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::MoreThan => ">",
            Comparator::AtMost => "<=",
            Comparator::LessThan => "<",
            Comparator::Exactly => "=",
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A comparator that is not one of `>=`, `>`, `<=`, `<`, `=` (or `≥`, `≤`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a comparator (`>=`, `>`, `<=`, `<`, `=`)")]
pub struct ComparatorError(String);

impl FromStr for Comparator {
    type Err = ComparatorError;
    fn from_str(s: &str) -> Result<Comparator, ComparatorError> {
        Ok(match s.trim() {
            ">=" | "≥" => Comparator::AtLeast,
            ">" => Comparator::MoreThan,
            "<=" | "≤" => Comparator::AtMost,
            "<" => Comparator::LessThan,
            "=" | "==" => Comparator::Exactly,
            other => return Err(ComparatorError(other.to_owned())),
        })
    }
}

impl serde::Serialize for Comparator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.symbol())
    }
}

impl<'de> serde::Deserialize<'de> for Comparator {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Comparator, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A measurable target of a plan item: metric, comparator, value, and the
/// baseline progress is measured from.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The metric measured.
    pub metric: MetricKey,
    /// How the actual value is compared with `value`.
    pub comparator: Comparator,
    /// The target value.
    pub value: Quantity,
    /// The value at the start, progress is measured from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Quantity>,
    /// Which way is better, when it differs from the metric's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Target {
    /// A target with no baseline.
    pub fn new(metric: MetricKey, comparator: Comparator, value: Quantity) -> Target {
        Target { metric, comparator, value, baseline: None, direction: None }
    }

    /// The target with a baseline.
    pub fn baseline(mut self, baseline: Quantity) -> Target {
        self.baseline = Some(baseline);
        self
    }

    /// The target with a direction.
    pub fn direction(mut self, direction: Direction) -> Target {
        self.direction = Some(direction);
        self
    }
}

/// Where a plan item stands.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started or not yet evaluated.
    Planned,
    /// In progress.
    InProgress,
    /// Done.
    Done,
    /// Partly done.
    Partly,
    /// Not done.
    NotDone,
    /// Cannot be told from the figures at hand.
    Unknown,
    /// Past its due date and not done.
    Overdue,
    /// Moved to the next period's plan.
    CarriedOver,
}
