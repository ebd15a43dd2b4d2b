//! A fluent builder that makes a report in a few lines of code.

use std::fmt;

use crate::quantity::Lang;

use super::id::{AreaId, MetricKey, PlanItemId, ProblemId};
use super::narrative::Narrative;
use super::org::OrgUnit;
use super::period::Period;
use super::plan::{PlanItem, Target};
use super::report::{Problem, Report, WorkArea};

/// Builds a [`Report`] from text: ids, templates (see [`Narrative`]) and
/// targets are given as strings, and every mistake is collected and
/// returned by [`ReportBuilder::build`] at once.
///
/// Methods such as [`concerning`](ReportBuilder::concerning) and
/// [`owner`](ReportBuilder::owner) apply to the problem or plan item added
/// last.
///
/// ```
/// use workreport::{Period, Report};
///
/// let report = Report::builder("2020年宣传思想文化工作总结", Period::year(2020)?)
///     .preface("今年以来，在{name:X}的领导下，扎实有序推进各项工作。")
///     .area("ideology", "增强政治意识，抓牢抓实意识形态工作",
///           "组织召开意识形态分析研判会{X 次 @ideology_review_meetings}。")
///     .problem("online-awareness", "思想认识还有差距", "对网络意识形态的影响力认识不足。")
///     .concerning("ideology")
///     .plan(Period::year(2021)?, "2021 年工作计划")
///     .plan_item("ideology-duty", "抓好意识形态责任落实", "组织召开意识形态工作专题会议。")
///     .addresses("online-awareness")
///     .target("ideology_review_meetings", ">=", "12 次")
///     .owner("党委宣传委员")
///     .due("2021-12-31")
///     .build()?;
/// assert_eq!(report.areas.len(), 1);
/// assert_eq!(report.plan.items[0].targets.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct ReportBuilder {
    report: Report,
    last: Last,
    errors: Vec<String>,
}

#[derive(Clone, Copy, Debug)]
enum Last {
    Nothing,
    Area,
    Problem,
    PlanItem,
}

/// The mistakes a [`ReportBuilder`] collected, one per line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct BuildError {
    errors: Vec<String>,
}

impl BuildError {
    /// Each mistake, in the order the builder met them.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }
}

impl From<super::id::IdError> for BuildError {
    /// An id made before building, with `?`, counts as a builder mistake.
    fn from(e: super::id::IdError) -> BuildError {
        BuildError { errors: vec![e.to_string()] }
    }
}

impl From<super::period::PeriodError> for BuildError {
    /// A period made before building, with `?`, counts as a builder mistake.
    fn from(e: super::period::PeriodError) -> BuildError {
        BuildError { errors: vec![e.to_string()] }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) building the report", self.errors.len())?;
        for e in &self.errors {
            write!(f, "\n- {e}")?;
        }
        Ok(())
    }
}

impl Report {
    /// A builder for a report with a title and a period.
    pub fn builder(title: impl Into<String>, period: Period) -> ReportBuilder {
        ReportBuilder { report: Report::new(title, period), last: Last::Nothing, errors: Vec::new() }
    }
}

impl ReportBuilder {
    fn parse<T: std::str::FromStr>(&mut self, what: &str, text: &str) -> Option<T>
    where
        T::Err: fmt::Display,
    {
        match text.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(format!("{what}: {e}"));
                None
            }
        }
    }

    fn narrative(&mut self, what: &str, template: &str) -> Narrative {
        Narrative::from_template(template).unwrap_or_else(|e| {
            self.errors.push(format!("{what}: {e}"));
            Narrative::new()
        })
    }

    /// The language the report is written in (Chinese by default).
    pub fn lang(mut self, lang: Lang) -> ReportBuilder {
        self.report.lang = lang;
        self
    }

    /// The reporting organisation and its units.
    pub fn org(mut self, org: OrgUnit) -> ReportBuilder {
        self.report.org = Some(org);
        self
    }

    /// The opening prose, as a template.
    pub fn preface(mut self, template: &str) -> ReportBuilder {
        self.report.preface = self.narrative("preface", template);
        self
    }

    /// Adds a work area with its prose as a template.
    pub fn area(mut self, id: &str, headline: &str, template: &str) -> ReportBuilder {
        let what = format!("areas[{}]", self.report.areas.len());
        let narrative = self.narrative(&what, template);
        if let Some(id) = self.parse::<AreaId>(&what, id) {
            let mut area = WorkArea::new(id, headline);
            area.narrative = narrative;
            self.report.areas.push(area);
            self.last = Last::Area;
        }
        self
    }

    /// Adds a sub-area to the work area added last.
    pub fn subarea(mut self, id: &str, headline: &str, template: &str) -> ReportBuilder {
        let Some(parent) = self.report.areas.len().checked_sub(1) else {
            self.errors.push(format!("subarea `{id}`: add an area first"));
            return self;
        };
        let what = format!("areas[{parent}].subareas");
        let narrative = self.narrative(&what, template);
        if let Some(id) = self.parse::<AreaId>(&what, id) {
            let mut area = WorkArea::new(id, headline);
            area.narrative = narrative;
            self.report.areas[parent].subareas.push(area);
        }
        self
    }

    /// Tags the work area added last.
    pub fn tag(mut self, tag: &str) -> ReportBuilder {
        match (self.last, self.report.areas.last_mut()) {
            (Last::Area, Some(area)) => area.tags.push(tag.to_owned()),
            _ => self.errors.push(format!("tag `{tag}`: add an area first")),
        }
        self
    }

    /// Adds a problem with its prose as a template.
    pub fn problem(mut self, id: &str, title: &str, template: &str) -> ReportBuilder {
        let what = format!("problems[{}]", self.report.problems.len());
        let narrative = self.narrative(&what, template);
        if let Some(id) = self.parse::<ProblemId>(&what, id) {
            let mut problem = Problem::new(id, title);
            problem.narrative = narrative;
            self.report.problems.push(problem);
            self.last = Last::Problem;
        }
        self
    }

    /// Links the problem or plan item added last to a work area.
    pub fn concerning(mut self, area: &str) -> ReportBuilder {
        let Some(id) = self.parse::<AreaId>("concerning", area) else { return self };
        match self.last {
            Last::Problem => {
                if let Some(p) = self.report.problems.last_mut() {
                    p.areas.push(id);
                }
            }
            Last::PlanItem => {
                if let Some(p) = self.report.plan.items.last_mut() {
                    p.areas.push(id);
                }
            }
            _ => self.errors.push(format!("concerning `{area}`: add a problem or plan item first")),
        }
        self
    }

    /// The plan's period and heading.
    pub fn plan(mut self, period: Period, title: &str) -> ReportBuilder {
        self.report.plan.period = Some(period);
        self.report.plan.title = Some(title.to_owned());
        self
    }

    /// Adds a plan item with its prose as a template.
    pub fn plan_item(mut self, id: &str, title: &str, template: &str) -> ReportBuilder {
        let what = format!("plan.items[{}]", self.report.plan.items.len());
        let narrative = self.narrative(&what, template);
        if let Some(id) = self.parse::<PlanItemId>(&what, id) {
            self.report.plan.items.push(PlanItem::new(id, title).narrative(narrative));
            self.last = Last::PlanItem;
        }
        self
    }

    fn item(&mut self, what: &str) -> Option<&mut PlanItem> {
        match (self.last, self.report.plan.items.last_mut()) {
            (Last::PlanItem, Some(item)) => Some(item),
            _ => {
                self.errors.push(format!("{what}: add a plan item first"));
                None
            }
        }
    }

    /// The plan item added last addresses a problem.
    pub fn addresses(mut self, problem: &str) -> ReportBuilder {
        if let Some(id) = self.parse::<ProblemId>("addresses", problem) {
            if let Some(item) = self.item("addresses") {
                item.addresses.push(id);
            }
        }
        self
    }

    /// The plan item added last gets a target: metric key, comparator
    /// (`>=`, `>`, `<=`, `<`, `=`) and value (`12 次`).
    pub fn target(mut self, metric: &str, comparator: &str, value: &str) -> ReportBuilder {
        let metric = self.parse::<MetricKey>("target metric", metric);
        let comparator = self.parse("target comparator", comparator);
        let value = self.parse("target value", value);
        if let (Some(m), Some(c), Some(v)) = (metric, comparator, value) {
            if let Some(item) = self.item("target") {
                item.targets.push(Target::new(m, c, v));
            }
        }
        self
    }

    /// The plan item added last gets an owner.
    pub fn owner(mut self, owner: &str) -> ReportBuilder {
        if let Some(item) = self.item("owner") {
            item.owner = Some(owner.to_owned());
        }
        self
    }

    /// The plan item added last gets a due date (`2021-12-31`).
    pub fn due(mut self, date: &str) -> ReportBuilder {
        if let Some(d) = self.parse::<chrono::NaiveDate>("due", date) {
            if let Some(item) = self.item("due") {
                item.due = Some(d);
            }
        }
        self
    }

    /// The report, or every mistake met on the way: bad ids, templates,
    /// targets and dates, and references to areas or problems not added.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] listing every mistake.
    pub fn build(mut self) -> Result<Report, BuildError> {
        for b in self.report.broken_references() {
            self.errors.push(format!("{}: {}", b.location.path, b.message));
        }
        if self.errors.is_empty() { Ok(self.report) } else { Err(BuildError { errors: self.errors }) }
    }
}
