//! Checks: every finding of a report at once (DESIGN §6).
//!
//! ```
//! use workreport::check::{check, CheckOptions};
//! use workreport::{Code, Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?)
//!     .area("study", "加强理论学习", "开展党委理论中心组学习{5 次}，深入基层宣讲{X 场}。")
//!     .build()?;
//! let findings = check(&report, &CheckOptions::new());
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].code, Code::UnfilledPlaceholder);
//! assert_eq!(findings[0].location.path, "areas[0].narrative.figures[1]");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod placeholders;

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Catalog, Figure, Location, Period, Report, Target};
use crate::quantity::{Dimension, Quantity};

/// What [`check`] knows besides the report.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    catalog: Option<&'a Catalog>,
}

impl<'a> CheckOptions<'a> {
    /// No catalog: metric bindings are not checked.
    pub fn new() -> CheckOptions<'a> {
        CheckOptions::default()
    }

    /// Check figures and targets against a catalog's metrics and units.
    pub fn catalog(self, catalog: &'a Catalog) -> CheckOptions<'a> {
        CheckOptions { catalog: Some(catalog) }
    }
}

/// Every finding of `report`, in document order: unfilled placeholders
/// (figures, names, dates, and `X` left in text), duplicate ids, negative
/// counts, figures outside the report's period, problems no plan item
/// addresses, plan items without target, owner or due date, and — with a
/// catalog — figures and targets bound to unknown metrics or in units that
/// do not fit their metric.
pub fn check(report: &Report, options: &CheckOptions<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    placeholders::check(report, &mut out);
    duplicate_ids(report, &mut out);
    figures(report, options, &mut out);
    traceability(report, &mut out);
    out
}

fn finding(out: &mut Vec<Diagnostic>, code: Code, severity: Severity, location: Location, message: String) {
    out.push(Diagnostic::new(code, severity, message, location));
}

fn duplicate_ids(report: &Report, out: &mut Vec<Diagnostic>) {
    fn scan<'a>(out: &mut Vec<Diagnostic>, what: &str, items: impl IntoIterator<Item = (String, &'a str)>) {
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (path, id) in items {
            match seen.get(id) {
                Some(first) => finding(
                    out,
                    Code::DuplicateId,
                    Severity::Error,
                    Location::new(format!("{path}.id")),
                    format!("duplicate {what} id `{id}` (first at {first})"),
                ),
                None => {
                    seen.insert(id, path);
                }
            }
        }
    }
    scan(out, "work area", report.all_areas().into_iter().map(|(p, a)| (p, a.id.as_str())));
    scan(out, "problem", report.problems.iter().enumerate().map(|(i, p)| (format!("problems[{i}]"), p.id.as_str())));
    scan(
        out,
        "plan item",
        report.plan.items.iter().enumerate().map(|(i, p)| (format!("plan.items[{i}]"), p.id.as_str())),
    );
    if let Some(org) = &report.org {
        let mut paths = Vec::new();
        org_paths(org, "org".to_owned(), &mut paths);
        scan(out, "org unit", paths);
    }
}

fn org_paths<'a>(unit: &'a crate::model::OrgUnit, path: String, out: &mut Vec<(String, &'a str)>) {
    out.push((path.clone(), unit.id.as_str()));
    for (i, c) in unit.children.iter().enumerate() {
        org_paths(c, format!("{path}.children[{i}]"), out);
    }
}

fn figures(report: &Report, options: &CheckOptions<'_>, out: &mut Vec<Diagnostic>) {
    // Plan figures are for the plan's period: the year after the report's unless the plan says.
    let plan_period = report.plan.period.unwrap_or_else(|| report.period.next());
    for (path, narrative) in report.narratives() {
        let period = if path.starts_with("plan.") { plan_period } else { report.period };
        for (i, f) in narrative.figures.iter().enumerate() {
            let location = Location::new(format!("{path}.figures[{i}]")).with_span(f.source);
            figure(period, options, f, location, out);
        }
    }
    for (i, item) in report.plan.items.iter().enumerate() {
        for (j, t) in item.targets.iter().enumerate() {
            target(options, t, &format!("plan.items[{i}].targets[{j}]"), out);
        }
    }
}

fn figure(expected: Period, options: &CheckOptions<'_>, f: &Figure, location: Location, out: &mut Vec<Diagnostic>) {
    negative_count(&f.value, &location, out);
    if let Some(period) = f.period {
        if !expected.contains(&period) {
            finding(
                out,
                Code::PeriodOutsideReport,
                Severity::Warning,
                location.clone(),
                format!("figure `{}` is for {period}, outside its part's period {expected}", f.value),
            );
        }
    }
    if let Some(metric) = &f.metric {
        metric_fit(options, metric.as_str(), &f.value, "figure", &location, out);
    }
}

fn target(options: &CheckOptions<'_>, t: &Target, path: &str, out: &mut Vec<Diagnostic>) {
    let location = Location::new(format!("{path}.value"));
    for (q, at) in [(Some(&t.value), "value"), (t.baseline.as_ref(), "baseline")] {
        if let Some(q) = q.filter(|q| q.is_unknown()) {
            finding(
                out,
                Code::UnfilledPlaceholder,
                Severity::Warning,
                Location::new(format!("{path}.{at}")),
                format!("target {at} `{q}` of metric `{}` is not filled", t.metric),
            );
        }
    }
    negative_count(&t.value, &location, out);
    metric_fit(options, t.metric.as_str(), &t.value, "target", &location, out);
    if let Some(b) = &t.baseline {
        let location = Location::new(format!("{path}.baseline"));
        negative_count(b, &location, out);
        metric_fit(options, t.metric.as_str(), b, "baseline", &location, out);
    }
}

fn negative_count(q: &Quantity, location: &Location, out: &mut Vec<Diagnostic>) {
    let negative = q.lower().is_some_and(|l| l.is_sign_negative() && !l.is_zero());
    if matches!(q.unit().dimension(), Dimension::Count(_)) && negative {
        finding(out, Code::NegativeCount, Severity::Error, location.clone(), format!("count `{q}` is negative"));
    }
}

fn metric_fit(
    options: &CheckOptions<'_>,
    key: &str,
    q: &Quantity,
    what: &str,
    location: &Location,
    out: &mut Vec<Diagnostic>,
) {
    let Some(catalog) = options.catalog else { return };
    match catalog.get(key) {
        None => finding(
            out,
            Code::UnknownMetric,
            Severity::Error,
            location.clone(),
            format!("{what} `{q}` is bound to metric `{key}`, which the catalog does not have"),
        ),
        Some(m) if !m.unit.same_dimension(q.unit()) => finding(
            out,
            Code::UnitMismatch,
            Severity::Error,
            location.clone(),
            format!(
                "{what} `{q}` is in {}, but metric `{key}` is counted in {}",
                unit_name(q.unit()),
                unit_name(&m.unit)
            ),
        ),
        Some(_) => {}
    }
}

fn unit_name(unit: &crate::quantity::Unit) -> String {
    match unit.dimension() {
        Dimension::Number => "a bare number".to_owned(),
        _ => format!("`{unit}`"),
    }
}

fn traceability(report: &Report, out: &mut Vec<Diagnostic>) {
    for (i, p) in report.problems.iter().enumerate() {
        if !report.plan.items.iter().any(|item| item.addresses.contains(&p.id)) {
            finding(
                out,
                Code::ProblemUnaddressed,
                Severity::Warning,
                Location::new(format!("problems[{i}]")),
                format!("problem `{}` ({}) is addressed by no plan item", p.id, p.title),
            );
        }
    }
    for (i, item) in report.plan.items.iter().enumerate() {
        let location = Location::new(format!("plan.items[{i}]"));
        let name = format!("plan item `{}` ({})", item.id, item.title);
        if !item.is_measurable() {
            finding(
                out,
                Code::PlanItemWithoutTarget,
                Severity::Warning,
                location.clone(),
                format!("{name} has no measurable target"),
            );
        }
        if item.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            finding(
                out,
                Code::PlanItemWithoutOwner,
                Severity::Warning,
                location.clone(),
                format!("{name} has no owner"),
            );
        }
        if item.due.is_none() {
            finding(out, Code::PlanItemWithoutDueDate, Severity::Warning, location, format!("{name} has no due date"));
        }
    }
}
