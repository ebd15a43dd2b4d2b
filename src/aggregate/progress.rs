//! Plan progress and carry-over (DESIGN §5): how far each target got,
//! the status of each plan item, and the checklist a plan leaves for the
//! next year.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Catalog, Comparator, Direction, MetricKey, Period, Plan, PlanItem, PlanItemId, Report, Status, Target,
};
use crate::quantity::{Bound, Interval, Quantity, QuantityError};

use super::rollup::Rollup;

/// How a target stands against the actual value.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// Every value the actual can be meets the target.
    Met,
    /// Progress was made, but the target is not met.
    Partly,
    /// No progress from the baseline, or worse.
    NotMet,
    /// The actual is unknown, or so inexact that it may or may not meet the target.
    Unknown,
}

/// Progress of one target.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct TargetProgress {
    /// The metric.
    pub metric: MetricKey,
    /// The actual value in the target's unit, as an interval.
    pub actual: Option<Interval>,
    /// (actual − baseline) / (target − baseline): 1 is the target reached,
    /// above 1 overshoot, below 0 worse than the baseline. `None` when the
    /// actual is unknown or the target equals the baseline.
    pub fraction: Option<Interval>,
    /// The verdict.
    pub status: TargetStatus,
    /// Why, when the fraction alone does not say (target equals baseline,
    /// no baseline for a lower-is-better target, unknown actual).
    pub note: Option<&'static str>,
}

/// Measures a target against an actual value. The baseline is the
/// target's, or 0 for targets where more is better; the direction is the
/// target's, else the catalog metric's, else the comparator's (`>=` more
/// is better, `<=` less is better).
///
/// ```
/// use workreport::aggregate::{target_progress, TargetStatus};
/// use workreport::{Comparator, Direction, Target};
///
/// let target = Target::new("meetings".parse()?, Comparator::AtLeast, "12 次".parse()?).baseline("4 次".parse()?);
/// let p = target_progress(&target, Some(&"10 次".parse()?), Direction::Neutral)?;
/// assert_eq!(p.fraction.unwrap().to_string(), "[0.75, 0.75]");
/// assert_eq!(p.status, TargetStatus::Partly);
/// let p = target_progress(&target, Some(&"X 次".parse()?), Direction::Neutral)?;
/// assert_eq!(p.status, TargetStatus::Unknown);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// When the actual or baseline is in a unit that does not convert to the target's.
pub fn target_progress(
    target: &Target,
    actual: Option<&Quantity>,
    metric_direction: Direction,
) -> Result<TargetProgress, QuantityError> {
    let unit = target.value.unit();
    let actual = match actual {
        Some(a) => a.convert_to(unit)?.interval(),
        None => None,
    };
    let mut progress = TargetProgress {
        metric: target.metric.clone(),
        actual,
        fraction: None,
        status: TargetStatus::Unknown,
        note: None,
    };
    let Some(goal) = target.value.interval() else {
        progress.note = Some("the target value is unknown");
        return Ok(progress);
    };
    let Some(actual) = actual else {
        progress.note = Some("the actual value is unknown");
        return Ok(progress);
    };
    let direction = match target.direction.unwrap_or(metric_direction) {
        Direction::Neutral => match target.comparator {
            Comparator::AtLeast | Comparator::MoreThan => Direction::HigherIsBetter,
            Comparator::AtMost | Comparator::LessThan => Direction::LowerIsBetter,
            _ => Direction::Neutral,
        },
        d => d,
    };
    let baseline = match &target.baseline {
        Some(b) => b.convert_to(unit)?.interval(),
        None if direction == Direction::HigherIsBetter => Some(Interval::point(Decimal::ZERO)),
        None => None,
    };
    let (all, none) = meets(target.comparator, &actual, &goal);
    progress.fraction = baseline.and_then(|b| {
        let gap = goal.checked_sub(&b)?;
        actual.checked_sub(&b)?.checked_div(&gap)
    });
    progress.fraction = progress.fraction.map(|f| f.normalized());
    progress.status = if all {
        TargetStatus::Met
    } else if !none {
        // Some values the actual can be meet the target, others do not.
        TargetStatus::Unknown
    } else {
        match progress.fraction {
            Some(f) if upper_at_most_zero(&f) => TargetStatus::NotMet,
            Some(f) if f.lower().value().is_some_and(|l| l > Decimal::ZERO) => TargetStatus::Partly,
            None => TargetStatus::NotMet,
            _ => TargetStatus::Unknown,
        }
    };
    if progress.fraction.is_none() {
        progress.note = Some(match baseline {
            Some(b) if goal == b => "the target equals the baseline: met or not met, no fraction",
            Some(_) => "the target's gap from the baseline is not a single sign",
            None => "no baseline to measure progress from",
        });
    }
    Ok(progress)
}

fn upper_at_most_zero(f: &Interval) -> bool {
    match f.upper() {
        Bound::Unbounded => false,
        Bound::Closed(u) => u <= Decimal::ZERO,
        Bound::Open(u) => u <= Decimal::ZERO,
    }
}

/// Whether every value of `actual` meets the comparison with `goal`, and
/// whether none does.
fn meets(comparator: Comparator, actual: &Interval, goal: &Interval) -> (bool, bool) {
    let lo = |i: &Interval| i.lower().value();
    let hi = |i: &Interval| i.upper().value();
    let (Some(g_lo), Some(g_hi)) = (lo(goal), hi(goal)) else { return (false, false) };
    let above = |b: Bound, g: Decimal, strict: bool| match b {
        Bound::Unbounded => false,
        Bound::Closed(x) => {
            if strict {
                x > g
            } else {
                x >= g
            }
        }
        Bound::Open(x) => x >= g,
    };
    let below = |b: Bound, g: Decimal, strict: bool| match b {
        Bound::Unbounded => false,
        Bound::Closed(x) => {
            if strict {
                x < g
            } else {
                x <= g
            }
        }
        Bound::Open(x) => x <= g,
    };
    match comparator {
        Comparator::AtLeast => (above(actual.lower(), g_hi, false), below(actual.upper(), g_lo, true)),
        Comparator::MoreThan => (above(actual.lower(), g_hi, true), below(actual.upper(), g_lo, false)),
        Comparator::AtMost => (below(actual.upper(), g_lo, false), above(actual.lower(), g_hi, true)),
        Comparator::LessThan => (below(actual.upper(), g_lo, true), above(actual.lower(), g_hi, false)),
        Comparator::Exactly => {
            (actual.is_point() && goal.is_point() && lo(actual) == Some(g_lo), !actual.overlaps(goal))
        }
    }
}

/// One plan item of a checklist.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct ChecklistItem {
    /// The item's id.
    pub id: PlanItemId,
    /// Its title.
    pub title: String,
    /// Done, partly, not done, unknown, overdue or carried over.
    pub status: Status,
    /// Its weakest target's fraction, clamped to [0, 1].
    pub fraction: Option<Interval>,
    /// Each target's progress.
    pub targets: Vec<TargetProgress>,
    /// The item's weight (1 unless given).
    #[serde(serialize_with = "crate::model::decimal_text::serialize")]
    pub weight: Decimal,
}

/// A plan evaluated against what was achieved: the checklist for the next
/// period, with an overall weighted score.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct Checklist {
    /// The items, in plan order.
    pub items: Vec<ChecklistItem>,
    /// The weighted mean of the items' fractions; an item with an unknown
    /// fraction counts as anywhere between 0 and 1.
    pub score: Option<Interval>,
}

/// The status of one plan item from its targets: as good as its weakest.
/// Past its due date (`as_of` later than `due`) and not done, it is overdue.
///
/// # Errors
///
/// When an actual is in a unit that does not convert to its target's.
pub fn item_progress(
    item: &PlanItem,
    actual: &dyn Fn(&MetricKey) -> Option<Quantity>,
    catalog: Option<&Catalog>,
    as_of: Option<NaiveDate>,
) -> Result<ChecklistItem, QuantityError> {
    let mut targets = Vec::with_capacity(item.targets.len());
    for t in &item.targets {
        let direction = catalog.and_then(|c| c.get(t.metric.as_str())).map_or(Direction::Neutral, |m| m.direction);
        targets.push(target_progress(t, actual(&t.metric).as_ref(), direction)?);
    }
    let weakest = targets.iter().map(|t| t.status).max_by_key(|s| match s {
        TargetStatus::NotMet => 3,
        TargetStatus::Partly => 2,
        TargetStatus::Unknown => 1,
        _ => 0,
    });
    let mut status = match weakest {
        None | Some(TargetStatus::Unknown) => Status::Unknown,
        Some(TargetStatus::Met) => Status::Done,
        Some(TargetStatus::Partly) => Status::Partly,
        Some(_) => Status::NotDone,
    };
    if status != Status::Done && item.due.zip(as_of).is_some_and(|(due, now)| now > due) {
        status = Status::Overdue;
    }
    let clamp = |f: &Interval| -> Interval {
        let c = |d: Option<Decimal>| d.map(|d| d.clamp(Decimal::ZERO, Decimal::ONE));
        let (lo, hi) = (c(f.lower().value()).unwrap_or(Decimal::ZERO), c(f.upper().value()).unwrap_or(Decimal::ONE));
        Interval::closed(lo, hi)
    };
    let fraction = if targets.is_empty() {
        None
    } else {
        targets
            .iter()
            .map(|t| match (t.status, t.fraction) {
                (TargetStatus::Met, _) => Some(Interval::point(Decimal::ONE)),
                (_, Some(f)) => Some(clamp(&f)),
                _ => None,
            })
            .try_fold(Interval::point(Decimal::ONE), |acc: Interval, f| {
                let f = f?;
                let lo = acc.lower().value()?.min(f.lower().value()?);
                let hi = acc.upper().value()?.min(f.upper().value()?);
                Some(Interval::closed(lo, hi))
            })
    };
    Ok(ChecklistItem {
        id: item.id.clone(),
        title: item.title.clone(),
        status,
        fraction,
        targets,
        weight: item.weight.unwrap_or(Decimal::ONE),
    })
}

impl Checklist {
    /// Evaluates `plan` with actual values from `actual`.
    ///
    /// # Errors
    ///
    /// When an actual is in a unit that does not convert to its target's.
    pub fn evaluate(
        plan: &Plan,
        actual: &dyn Fn(&MetricKey) -> Option<Quantity>,
        catalog: Option<&Catalog>,
        as_of: Option<NaiveDate>,
    ) -> Result<Checklist, QuantityError> {
        let items =
            plan.items.iter().map(|i| item_progress(i, actual, catalog, as_of)).collect::<Result<Vec<_>, _>>()?;
        let score = weighted_score(&items);
        Ok(Checklist { items, score })
    }

    /// Year N's plan against year N+1's summary: actual values are the
    /// roll-up's totals for `org` over the plan's period (or `period`);
    /// items not done that the next summary's plan repeats (same id or
    /// title) are carried over.
    ///
    /// # Errors
    ///
    /// When an actual is in a unit that does not convert to its target's.
    pub fn carry_over(
        plan: &Plan,
        next_summary: &Report,
        rollup: &Rollup,
        org: &str,
        period: Period,
        catalog: &Catalog,
        as_of: Option<NaiveDate>,
    ) -> Result<Checklist, QuantityError> {
        let period = plan.period.unwrap_or(period);
        let actual = |m: &MetricKey| -> Option<Quantity> {
            let t = rollup.get(m.as_str(), org, &period)?;
            t.value().map(|_| t.quantity())
        };
        let mut list = Checklist::evaluate(plan, &actual, Some(catalog), as_of)?;
        for item in &mut list.items {
            let repeated = next_summary.plan.items.iter().any(|n| n.id == item.id || n.title == item.title);
            if repeated && item.status != Status::Done {
                item.status = Status::CarriedOver;
            }
        }
        Ok(list)
    }
}

fn weighted_score(items: &[ChecklistItem]) -> Option<Interval> {
    let total: Decimal = items.iter().map(|i| i.weight).sum();
    if items.is_empty() || total <= Decimal::ZERO {
        return None;
    }
    let mut lo = Decimal::ZERO;
    let mut hi = Decimal::ZERO;
    for i in items {
        let (a, b) = match i.fraction {
            Some(f) => (f.lower().value().unwrap_or(Decimal::ZERO), f.upper().value().unwrap_or(Decimal::ONE)),
            None => (Decimal::ZERO, Decimal::ONE),
        };
        lo = lo.checked_add(a.checked_mul(i.weight)?)?;
        hi = hi.checked_add(b.checked_mul(i.weight)?)?;
    }
    Some(Interval::closed(lo.checked_div(total)?, hi.checked_div(total)?))
}
