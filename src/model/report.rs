//! The report: one organisation's summary for one period, and its plan.

use std::collections::BTreeSet;

use crate::quantity::Lang;

use super::id::{AreaId, OrgId, ProblemId};
use super::location::Location;
use super::narrative::{Narrative, Run};
use super::observation::Observation;
use super::org::OrgUnit;
use super::period::Period;
use super::plan::Plan;

/// The version of the JSON and TOML form this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A numbered section of achievements: a headline, prose with figures, and
/// sub-areas.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkArea {
    /// The area's id, unique in the report.
    pub id: AreaId,
    /// The headline (`强化责任担当，加强疫情防控宣传工作`).
    pub headline: String,
    /// The prose and its figures.
    #[serde(default, skip_serializing_if = "Narrative::is_empty")]
    pub narrative: Narrative,
    /// Areas nested below this one, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subareas: Vec<WorkArea>,
    /// Free tags for grouping figures (`宣传`, `文化`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl WorkArea {
    /// An area with a headline and no prose.
    pub fn new(id: AreaId, headline: impl Into<String>) -> WorkArea {
        WorkArea { id, headline: headline.into(), narrative: Narrative::new(), subareas: Vec::new(), tags: Vec::new() }
    }
}

/// A shortcoming the report admits, linked to the areas it concerns.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The problem's id, unique in the report.
    pub id: ProblemId,
    /// The headline (`理论学习不够深入`).
    pub title: String,
    /// The prose.
    #[serde(default, skip_serializing_if = "Narrative::is_empty")]
    pub narrative: Narrative,
    /// The work areas it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaId>,
}

impl Problem {
    /// A problem with a title and no prose.
    pub fn new(id: ProblemId, title: impl Into<String>) -> Problem {
        Problem { id, title: title.into(), narrative: Narrative::new(), areas: Vec::new() }
    }
}

/// One organisation's work summary for one period, plus its plan for the
/// next. Build one with [`Report::builder`]; read and write it with
/// [`json`](crate::json) (and `toml` with the `toml` feature).
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct Report {
    /// The title as written.
    pub title: String,
    /// The language the report is written in.
    pub lang: Lang,
    /// The reporting organisation and the units below it.
    pub org: Option<OrgUnit>,
    /// The period the summary covers.
    pub period: Period,
    /// The opening prose before the first area.
    pub preface: Narrative,
    /// The work areas, in order.
    pub areas: Vec<WorkArea>,
    /// The problems, in order.
    pub problems: Vec<Problem>,
    /// The plan for the next period.
    pub plan: Plan,
}

/// The `schema_version` field: serialises as [`SCHEMA_VERSION`] and refuses
/// any other version when read.
#[derive(Clone, Copy, Debug, Default)]
struct SchemaVersion;

impl serde::Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(SCHEMA_VERSION)
    }
}

impl<'de> serde::Deserialize<'de> for SchemaVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SchemaVersion, D::Error> {
        let v = u32::deserialize(d)?;
        if v == SCHEMA_VERSION {
            Ok(SchemaVersion)
        } else {
            Err(serde::de::Error::custom(format!(
                "schema version {v} is not supported (this version of workreport reads {SCHEMA_VERSION})"
            )))
        }
    }
}

/// The serialised form, `schema_version` first.
#[derive(serde::Serialize)]
struct WireRef<'a> {
    schema_version: SchemaVersion,
    title: &'a str,
    lang: Lang,
    period: &'a Period,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: &'a Option<OrgUnit>,
    #[serde(skip_serializing_if = "Narrative::is_empty")]
    preface: &'a Narrative,
    areas: &'a [WorkArea],
    problems: &'a [Problem],
    plan: &'a Plan,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    #[allow(dead_code)]
    schema_version: SchemaVersion,
    title: String,
    #[serde(default)]
    lang: Lang,
    period: Period,
    #[serde(default)]
    org: Option<OrgUnit>,
    #[serde(default)]
    preface: Narrative,
    #[serde(default)]
    areas: Vec<WorkArea>,
    #[serde(default)]
    problems: Vec<Problem>,
    #[serde(default)]
    plan: Plan,
}

impl serde::Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WireRef {
            schema_version: SchemaVersion,
            title: &self.title,
            lang: self.lang,
            period: &self.period,
            org: &self.org,
            preface: &self.preface,
            areas: &self.areas,
            problems: &self.problems,
            plan: &self.plan,
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Report {
    /// Reads the serialised form. References between parts (figure indices,
    /// problem and area ids, org ids) are checked by
    /// [`json::from_str`](crate::json::from_str), which knows the paths.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        let w = Wire::deserialize(d)?;
        Ok(Report {
            title: w.title,
            lang: w.lang,
            org: w.org,
            period: w.period,
            preface: w.preface,
            areas: w.areas,
            problems: w.problems,
            plan: w.plan,
        })
    }
}

/// A reference to something that is not in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BrokenReference {
    pub(crate) location: Location,
    pub(crate) message: String,
}

impl Report {
    /// An empty report with a title and period; see [`Report::builder`] for
    /// one with content.
    pub fn new(title: impl Into<String>, period: Period) -> Report {
        Report {
            title: title.into(),
            lang: Lang::Zh,
            org: None,
            period,
            preface: Narrative::new(),
            areas: Vec::new(),
            problems: Vec::new(),
            plan: Plan::default(),
        }
    }

    /// Every narrative of the report with its path as the JSON form spells
    /// it, in document order: `preface`, `areas[0].narrative`,
    /// `areas[0].subareas[1].narrative`, `problems[0].narrative`,
    /// `plan.items[0].narrative`. A figure's path is the narrative's path
    /// followed by `.figures[i]`.
    pub fn narratives(&self) -> Vec<(String, &Narrative)> {
        fn areas<'a>(out: &mut Vec<(String, &'a Narrative)>, prefix: &str, list: &'a [WorkArea]) {
            for (i, a) in list.iter().enumerate() {
                let path = format!("{prefix}[{i}]");
                out.push((format!("{path}.narrative"), &a.narrative));
                areas(out, &format!("{path}.subareas"), &a.subareas);
            }
        }
        let mut out = vec![("preface".to_owned(), &self.preface)];
        areas(&mut out, "areas", &self.areas);
        out.extend(self.problems.iter().enumerate().map(|(i, p)| (format!("problems[{i}].narrative"), &p.narrative)));
        out.extend(
            self.plan.items.iter().enumerate().map(|(i, p)| (format!("plan.items[{i}].narrative"), &p.narrative)),
        );
        out
    }

    /// Every narrative, mutable, in the order and with the paths of
    /// [`Report::narratives`].
    pub fn narratives_mut(&mut self) -> Vec<(String, &mut Narrative)> {
        fn areas<'a>(out: &mut Vec<(String, &'a mut Narrative)>, prefix: &str, list: &'a mut [WorkArea]) {
            for (i, a) in list.iter_mut().enumerate() {
                let path = format!("{prefix}[{i}]");
                out.push((format!("{path}.narrative"), &mut a.narrative));
                areas(out, &format!("{path}.subareas"), &mut a.subareas);
            }
        }
        let mut out = vec![("preface".to_owned(), &mut self.preface)];
        areas(&mut out, "areas", &mut self.areas);
        out.extend(
            self.problems.iter_mut().enumerate().map(|(i, p)| (format!("problems[{i}].narrative"), &mut p.narrative)),
        );
        out.extend(
            self.plan
                .items
                .iter_mut()
                .enumerate()
                .map(|(i, p)| (format!("plan.items[{i}].narrative"), &mut p.narrative)),
        );
        out
    }

    /// The narratives of the summary (preface, areas, problems): what was
    /// done, without the plan's commitments.
    pub(crate) fn achieved_narratives(&self) -> Vec<(String, &Narrative)> {
        let mut all = self.narratives();
        all.retain(|(path, _)| !path.starts_with("plan."));
        all
    }

    /// Every work area, nested ones after their parent, with its path.
    pub fn all_areas(&self) -> Vec<(String, &WorkArea)> {
        fn walk<'a>(out: &mut Vec<(String, &'a WorkArea)>, prefix: &str, list: &'a [WorkArea]) {
            for (i, a) in list.iter().enumerate() {
                let path = format!("{prefix}[{i}]");
                out.push((path.clone(), a));
                walk(out, &format!("{path}.subareas"), &a.subareas);
            }
        }
        let mut out = Vec::new();
        walk(&mut out, "areas", &self.areas);
        out
    }

    /// The report's achieved figures that are bound to a metric, as
    /// observations of the figure's unit (the report's organisation unless
    /// the figure names another) and period (the report's unless the figure
    /// names another). Unbound figures, figures with no unit when the report
    /// has no organisation, and the plan's figures (commitments, not
    /// results) are not observations. The source is the figure's path.
    pub fn observations(&self) -> Vec<Observation> {
        let own_org = self.org.as_ref().map(|o| &o.id);
        let mut out = Vec::new();
        for (path, narrative) in self.achieved_narratives() {
            for (i, f) in narrative.figures.iter().enumerate() {
                let (Some(metric), Some(org)) = (&f.metric, f.org.as_ref().or(own_org)) else {
                    continue;
                };
                let source = Location::new(format!("{path}.figures[{i}]")).with_span(f.source);
                out.push(Observation {
                    metric: metric.clone(),
                    org: org.clone(),
                    period: f.period.unwrap_or(self.period),
                    value: f.value.clone(),
                    source: Some(source),
                });
            }
        }
        out
    }

    /// References to things that are not in the report: a figure index past
    /// the narrative's figures, a problem or area id no part has, an org id
    /// not in the org tree. Loading refuses a report that has any.
    pub(crate) fn broken_references(&self) -> Vec<BrokenReference> {
        let mut out = Vec::new();
        let mut broken = |path: String, message: String| {
            out.push(BrokenReference { location: Location::new(path), message });
        };
        let area_ids: BTreeSet<&AreaId> = self.all_areas().into_iter().map(|(_, a)| &a.id).collect();
        let problem_ids: BTreeSet<&ProblemId> = self.problems.iter().map(|p| &p.id).collect();
        let org_ids: BTreeSet<&OrgId> = self.org.iter().flat_map(|o| o.iter()).map(|o| &o.id).collect();
        for (path, n) in self.narratives() {
            for (p, paragraph) in n.paragraphs.iter().enumerate() {
                for (r, run) in paragraph.runs.iter().enumerate() {
                    if let Run::Figure(i) = run {
                        if *i >= n.figures.len() {
                            broken(
                                format!("{path}.paragraphs[{p}][{r}]"),
                                format!("figure {i} does not exist (the narrative has {} figures)", n.figures.len()),
                            );
                        }
                    }
                }
            }
            for (i, f) in n.figures.iter().enumerate() {
                if let Some(s) = f.source.filter(|s| s.end < s.start) {
                    broken(
                        format!("{path}.figures[{i}].source"),
                        format!("span {}..{} ends before it starts", s.start, s.end),
                    );
                }
                if let Some(org) = &f.org {
                    if !org_ids.contains(org) {
                        broken(format!("{path}.figures[{i}].org"), format!("unknown org unit `{org}`"));
                    }
                }
            }
        }
        for (i, p) in self.problems.iter().enumerate() {
            for (j, a) in p.areas.iter().enumerate() {
                if !area_ids.contains(a) {
                    broken(format!("problems[{i}].areas[{j}]"), format!("unknown work area `{a}`"));
                }
            }
        }
        for (i, item) in self.plan.items.iter().enumerate() {
            for (j, a) in item.areas.iter().enumerate() {
                if !area_ids.contains(a) {
                    broken(format!("plan.items[{i}].areas[{j}]"), format!("unknown work area `{a}`"));
                }
            }
            for (j, p) in item.addresses.iter().enumerate() {
                if !problem_ids.contains(p) {
                    broken(format!("plan.items[{i}].addresses[{j}]"), format!("unknown problem `{p}`"));
                }
            }
        }
        out
    }
}
