//! Filling a report's figure slots (its `X`s) from a roll-up.

use crate::model::{FigureCoverage, Location, MetricKey, Report};

use super::rollup::Rollup;

/// A figure slot that a fill wrote.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct FilledSlot {
    /// The figure's path (`areas[1].narrative.figures[0]`).
    pub location: Location,
    /// The metric.
    pub metric: MetricKey,
    /// The value written, as text.
    pub value: String,
    /// Units that reported, of those expected.
    pub coverage: FigureCoverage,
}

/// A figure slot a fill left unknown, and why.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct UnfilledSlot {
    /// The figure's path.
    pub location: Location,
    /// The metric it is bound to, if any.
    pub metric: Option<MetricKey>,
    /// Why it stays unknown.
    pub reason: &'static str,
}

/// The result of [`fill`]: the filled report and what was and was not filled.
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct Fill {
    /// The report with every slot the roll-up answers filled.
    pub report: Report,
    /// The slots filled, in document order.
    pub filled: Vec<FilledSlot>,
    /// The slots still unknown, in document order.
    pub unfilled: Vec<UnfilledSlot>,
}

/// Fills every unknown figure bound to a metric with the roll-up's total
/// for the figure's unit (the report's organisation unless the figure
/// names another) and period (the report's unless the figure names
/// another). The total is written in the figure's own unit where it
/// converts, qualified when inexact (`14次以上`), and the figure records
/// its coverage. Slots the roll-up cannot answer stay unknown — never 0 —
/// and are listed with the reason.
///
/// ```
/// use workreport::aggregate::{fill, Rollup, RollupOptions};
/// use workreport::{Catalog, Metric, Observation, OrgUnit, Period, Report};
///
/// let catalog = Catalog::new(vec![Metric::new("lectures".parse()?, "宣讲", "场".parse()?)])?;
/// let town = OrgUnit::new("town".parse()?, "X 镇")
///     .child(OrgUnit::new("a".parse()?, "南水屯"))
///     .child(OrgUnit::new("b".parse()?, "北水屯"));
/// let year = Period::year(2020)?;
/// let report = Report::builder("2020年工作总结", year)
///     .org(town.clone())
///     .area("study", "加强理论学习", "深入基层宣讲{X 场 @lectures}。")
///     .build()?;
/// let obs = [Observation::new("lectures".parse()?, "a".parse()?, year, "8场".parse()?)];
/// let rollup = Rollup::new(&catalog, Some(&town), &obs, &RollupOptions::new());
/// let filled = fill(&report, &rollup);
/// assert_eq!(filled.report.areas[0].narrative.plain_text(), "深入基层宣讲8场以上。");
/// assert_eq!(filled.filled[0].coverage.reported, 1);
/// assert_eq!(filled.filled[0].coverage.expected, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fill(report: &Report, rollup: &Rollup) -> Fill {
    let mut out = report.clone();
    let own_org = report.org.as_ref().map(|o| o.id.clone());
    let period = report.period;
    let mut filled = Vec::new();
    let mut unfilled = Vec::new();
    for (path, narrative) in out.narratives_mut() {
        if path.starts_with("plan.") {
            // The plan's figures are commitments, not results to total.
            continue;
        }
        for (i, figure) in narrative.figures.iter_mut().enumerate() {
            if !figure.value.is_unknown() {
                continue;
            }
            let location = Location::new(format!("{path}.figures[{i}]")).with_span(figure.source);
            let Some(metric) = figure.metric.clone() else {
                unfilled.push(UnfilledSlot { location, metric: None, reason: "not bound to a metric" });
                continue;
            };
            let Some(org) = figure.org.clone().or_else(|| own_org.clone()) else {
                unfilled.push(UnfilledSlot {
                    location,
                    metric: Some(metric),
                    reason: "the report names no organisation",
                });
                continue;
            };
            let Some(total) = rollup.get(metric.as_str(), org.as_str(), &figure.period.unwrap_or(period)) else {
                unfilled.push(UnfilledSlot {
                    location,
                    metric: Some(metric),
                    reason: "no unit reported this metric for the period",
                });
                continue;
            };
            if total.value().is_none() {
                unfilled.push(UnfilledSlot {
                    location,
                    metric: Some(metric),
                    reason: "every unit that reported gave a placeholder",
                });
                continue;
            }
            let quantity = total.quantity();
            let quantity = quantity.convert_to(figure.value.unit()).unwrap_or(quantity).with_lang(figure.value.lang());
            let c = total.coverage();
            let coverage = FigureCoverage { reported: c.reported, expected: c.expected() };
            filled.push(FilledSlot { location, metric, value: quantity.to_string(), coverage });
            figure.value = quantity;
            figure.coverage = Some(coverage);
        }
    }
    Fill { report: out, filled, unfilled }
}
