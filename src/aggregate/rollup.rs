//! Totals per metric, org node and period, from a [`Partial`]: the kind
//! rules of DESIGN §4, coverage and provenance.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Catalog, Location, MetricKey, MetricKind, Observation, OrgId, OrgUnit, Period, PeriodKind};
use crate::quantity::{Bound, Dimension, Interval, Qualifier, Quantity, RangeSep, Unit, Value};

use super::partial::{CellValue, Entry, Partial};
use super::sum::{Ends, Sum};

/// What to total. By default: every period observed, and the calendar
/// year of every shorter period.
#[derive(Clone, Debug, Default)]
pub struct RollupOptions {
    periods: Option<Vec<Period>>,
}

impl RollupOptions {
    /// The default options.
    pub fn new() -> RollupOptions {
        RollupOptions::default()
    }

    /// Total exactly these periods.
    pub fn periods(self, periods: Vec<Period>) -> RollupOptions {
        RollupOptions { periods: Some(periods) }
    }
}

/// How many of the units a total expects have reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Coverage {
    /// Units whose value is known for the whole period.
    pub reported: u32,
    /// Units with a known value for part of the period only.
    pub partial: u32,
    /// Units that reported a placeholder (`X`) or conflicting readings.
    pub unknown: u32,
    /// Units that reported nothing.
    pub missing: u32,
}

impl Coverage {
    /// The units expected: every leaf unit below the node.
    pub fn expected(&self) -> u32 {
        self.reported + self.partial + self.unknown + self.missing
    }

    /// Whether every expected unit reported a known value for the whole period.
    pub fn is_complete(&self) -> bool {
        self.partial + self.unknown + self.missing == 0
    }

    fn add(&mut self, other: &Coverage) {
        self.reported += other.reported;
        self.partial += other.partial;
        self.unknown += other.unknown;
        self.missing += other.missing;
    }
}

#[derive(Clone, Debug)]
struct MetricInfo {
    key: MetricKey,
    tags: Vec<String>,
    unit: Unit,
    kind: MetricKind,
    disjoint: bool,
    ratio: Option<(u32, u32)>,
    /// Values are never negative, so a total with missing parts is at least
    /// the known sum.
    non_negative: bool,
}

impl MetricInfo {
    /// Whether totals need the smallest and largest unit's value: distinct
    /// counts (the largest bounds an overlapping total) and ratios (a range).
    fn extremes(&self) -> bool {
        matches!(self.kind, MetricKind::DistinctCount | MetricKind::Ratio)
    }
}

#[derive(Clone, Debug)]
struct Node {
    id: NodeId,
    org: Option<u32>,
    children: Vec<u32>,
}

/// A node's id: the partial's unit of the same id, so a tree of many
/// units copies none, or its own when the partial has no such unit.
#[derive(Clone, Debug)]
enum NodeId {
    Unit(u32),
    Own(OrgId),
}

impl Node {
    /// The node of unit `id`, which the partial most likely holds at
    /// `guess` (a partial made with the tree holds its units in tree
    /// order): one comparison rather than a hash lookup.
    fn new(id: &OrgId, partial: &Partial, guess: usize) -> Node {
        let org = match partial.orgs.get(guess) {
            Some(o) if o == id => Some(guess as u32),
            _ => partial.find_org(id.as_str()),
        };
        let id = match org {
            Some(o) => NodeId::Unit(o),
            None => NodeId::Own(id.clone()),
        };
        Node { id, org, children: Vec::new() }
    }

    fn id<'a>(&'a self, partial: &'a Partial) -> &'a OrgId {
        match &self.id {
            NodeId::Unit(o) => &partial.orgs[*o as usize],
            NodeId::Own(id) => id,
        }
    }
}

/// A unit's own value of a metric for a period.
#[derive(Clone, Copy, Debug)]
enum Part {
    Missing,
    Unknown,
    Known {
        value: Interval,
        complete: bool,
    },
    /// A level read before the period's end: the unit reported, but its
    /// level at the end is unknown and bounds nothing.
    Stale,
}

/// The sum over a node's units.
#[derive(Clone, Copy, Debug, Default)]
struct Acc {
    sum: Option<Interval>,
    /// For distinct counts that may overlap: the largest unit's value.
    max: Option<Interval>,
    /// For ratios given as a range: the smallest unit's value.
    min: Option<Interval>,
    coverage: Coverage,
    all_exact: bool,
    overflow: bool,
    /// Whether to keep `max` and `min`: only distinct counts and ratios
    /// read them, and comparing decimals is most of a roll-up's time.
    extremes: bool,
}

impl Acc {
    fn empty(extremes: bool) -> Acc {
        Acc { all_exact: true, extremes, ..Acc::default() }
    }

    fn add_part(&mut self, part: Part) {
        match part {
            Part::Missing => self.coverage.missing += 1,
            Part::Unknown => self.coverage.unknown += 1,
            Part::Stale => self.coverage.partial += 1,
            Part::Known { value, complete } => {
                if complete {
                    self.coverage.reported += 1;
                } else {
                    self.coverage.partial += 1;
                }
                self.all_exact &= value.is_point();
                self.add_value(value);
            }
        }
    }

    fn add_value(&mut self, value: Interval) {
        self.add_sum(value);
        if !self.extremes {
            return;
        }
        self.max = Some(match self.max {
            None => value,
            Some(m) => max_interval(m, value),
        });
        self.min = Some(match self.min {
            None => value,
            Some(m) => m.hull(&value),
        });
    }

    fn add_sum(&mut self, value: Interval) {
        // Exact plus exact, the common case: one addition, not two, and
        // the very same one `Interval::checked_add` does for each end.
        if let (Some(s), Some(v)) = (self.sum.as_ref().and_then(point), point(&value)) {
            match s.checked_add(v) {
                Some(x) => self.sum = Some(Interval::point(x)),
                None => self.overflow = true,
            }
            return;
        }
        self.sum = match self.sum {
            None => Some(value),
            Some(s) => match s.checked_add(&value) {
                Some(v) => Some(v),
                None => {
                    self.overflow = true;
                    Some(s)
                }
            },
        };
    }

    fn merge(&mut self, other: &Acc) {
        self.coverage.add(&other.coverage);
        self.all_exact &= other.all_exact;
        self.overflow |= other.overflow;
        if !self.extremes {
            if let Some(s) = other.sum {
                self.add_sum(s);
            }
            return;
        }
        if let Some(s) = other.sum {
            let (max, min) = (self.max, self.min);
            self.add_value(s);
            // `add_value` folded the child's sum into `max` and `min`; use the child's own.
            self.max = match (max, other.max) {
                (Some(a), Some(b)) => Some(max_interval(a, b)),
                (a, b) => a.or(b),
            };
            self.min = match (min, other.min) {
                (Some(a), Some(b)) => Some(a.hull(&b)),
                (a, b) => a.or(b),
            };
        }
    }
}

/// What [`Rollup::one_period_node`] gives.
#[derive(Debug)]
struct OnePeriod {
    /// Scratch: the sums of every metric for each depth of the tree being walked.
    blocks: Vec<Block>,
    recs: Vec<Rec>,
    /// The diagnostics, each with its metric.
    diags: Vec<(u32, Diagnostic)>,
    /// Metrics to total the general way instead.
    general: Vec<u32>,
}

/// A [`Sum`] per metric, with the parts of each that few cells touch
/// apart, so the sums a unit's row is added to stay in the nearest cache.
#[derive(Clone, Debug, Default)]
struct Block {
    sums: Vec<Sum>,
    ends: Vec<Ends>,
}

impl Block {
    fn reset(&mut self, len: usize) {
        self.sums.clear();
        self.sums.resize(len, Sum::EMPTY);
        self.ends.clear();
        self.ends.resize(len, Ends::default());
    }
}

/// The accumulator of a [`Sum`] of a metric that keeps no largest or
/// smallest value, `None` if the sum cannot tell it exactly.
fn acc_of(sum: &Sum, ends: &Ends) -> Option<Acc> {
    let total = sum.total(ends)?;
    let coverage = Coverage { reported: sum.reported, partial: 0, unknown: sum.unknown, missing: sum.missing };
    Some(Acc { sum: total.sum, coverage, all_exact: total.all_exact, ..Acc::empty(false) })
}

/// The number of `[d, d]` with both ends written alike (not `[1.0, 1]`).
fn point(i: &Interval) -> Option<rust_decimal::Decimal> {
    match (i.lower(), i.upper()) {
        (Bound::Closed(a), Bound::Closed(b)) if a.serialize() == b.serialize() => Some(a),
        _ => None,
    }
}

/// The interval of max(x, y) for x in a, y in b.
fn max_interval(a: Interval, b: Interval) -> Interval {
    let lower = if a.lower().value() >= b.lower().value() { a.lower() } else { b.lower() };
    let upper = match (a.upper(), b.upper()) {
        (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
        (x, y) => {
            if x.value() >= y.value() {
                x
            } else {
                y
            }
        }
    };
    Interval::new(lower, upper).unwrap_or(a.hull(&b))
}

/// A node's total, stored for nodes with units below them.
#[derive(Clone, Copy, Debug)]
struct Rec {
    metric: u32,
    node: u32,
    period: Period,
    acc: Acc,
    stated: Option<Interval>,
    ratio_range: bool,
}

/// Totals of a catalog's metrics for every node of an org tree and every
/// period, with coverage and provenance.
///
/// ```
/// use workreport::aggregate::{Rollup, RollupOptions};
/// use workreport::{Catalog, Metric, Observation, OrgUnit, Period};
///
/// let catalog = Catalog::new(vec![Metric::new("posts".parse()?, "微信工作动态", "条".parse()?)])?;
/// let town = OrgUnit::new("town".parse()?, "X 镇")
///     .child(OrgUnit::new("a".parse()?, "南水屯"))
///     .child(OrgUnit::new("b".parse()?, "北水屯"))
///     .child(OrgUnit::new("c".parse()?, "南堰头"));
/// let year = Period::year(2020)?;
/// let obs = vec![
///     Observation::new("posts".parse()?, "a".parse()?, year, "12条".parse()?),
///     Observation::new("posts".parse()?, "b".parse()?, year, "30余条".parse()?),
///     Observation::new("posts".parse()?, "c".parse()?, year, "X条".parse()?),
/// ];
/// let rollup = Rollup::new(&catalog, Some(&town), &obs, &RollupOptions::new());
/// let total = rollup.get("posts", "town", &year).unwrap();
/// assert_eq!(total.value().unwrap().to_string(), "(42, ∞)");
/// assert_eq!(total.coverage().reported, 2);
/// assert_eq!(total.coverage().expected(), 3);
/// assert!(!total.is_exact());
/// assert_eq!(total.quantity().to_string(), "超过42条");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Rollup {
    partial: Partial,
    metrics: Vec<MetricInfo>,
    nodes: Vec<Node>,
    periods: Vec<Vec<Period>>,
    recs: Vec<Rec>,
    diagnostics: Vec<Diagnostic>,
}

impl Rollup {
    /// Rolls up `observations` over `catalog` and the org tree `units`
    /// (without one, every unit seen sits under a root `(all)`).
    pub fn new(
        catalog: &Catalog,
        units: Option<&OrgUnit>,
        observations: &[Observation],
        options: &RollupOptions,
    ) -> Rollup {
        let mut partial = Partial::new(catalog, units);
        for o in observations {
            partial.push(o);
        }
        Rollup::from_partial(partial, catalog, units, options)
    }

    /// As [`Rollup::new`], with the observations split into one chunk per
    /// thread, a partial built for each in parallel, and the partials merged.
    #[cfg(feature = "rayon")]
    pub fn par_new(
        catalog: &Catalog,
        units: Option<&OrgUnit>,
        observations: &[Observation],
        options: &RollupOptions,
    ) -> Rollup {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads().max(1);
        let chunk = observations.len().div_ceil(threads).max(1);
        let partial = observations
            .par_chunks(chunk)
            .map(|part| {
                let mut p = Partial::new(catalog, units);
                for o in part {
                    p.push(o);
                }
                p
            })
            .reduce_with(|mut a, b| {
                a.merge(b);
                a
            })
            .unwrap_or_else(|| Partial::new(catalog, units));
        Rollup::from_partial(partial, catalog, units, options)
    }

    /// Finishes a partial (or a merge of partials) into totals.
    pub fn from_partial(
        partial: Partial,
        catalog: &Catalog,
        units: Option<&OrgUnit>,
        options: &RollupOptions,
    ) -> Rollup {
        let mut partial = partial;
        let mut diagnostics = std::mem::take(&mut partial.diagnostics);
        let metrics = metric_infos(catalog, &partial);
        let nodes = build_nodes(units, &partial, &mut diagnostics);
        let periods = output_periods(&partial, &metrics, options);
        let mut rollup = Rollup { partial, metrics, nodes, periods, recs: Vec::new(), diagnostics };
        rollup.report_duplicates();
        rollup.compute();
        rollup.diagnostics.sort();
        rollup.diagnostics.dedup();
        rollup
    }

    /// Every finding met while rolling up: unknown metrics and units, unit
    /// mismatches, conflicting and merged duplicates, overlapping periods,
    /// inconsistent stated totals, ratios given as ranges.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The total of a metric for a unit and period, if any unit below it
    /// reported anything for that period.
    pub fn get(&self, metric: &str, org: &str, period: &Period) -> Option<Total<'_>> {
        let m = self.metrics.iter().position(|i| i.key.as_str() == metric)? as u32;
        let n = self.nodes.iter().position(|x| x.id(&self.partial).as_str() == org)? as u32;
        self.total(m, n, *period)
    }

    /// Every total, by metric key, then org tree order, then period.
    pub fn totals(&self) -> impl Iterator<Item = Total<'_>> + '_ {
        (0..self.metrics.len() as u32).flat_map(move |m| {
            (0..self.nodes.len() as u32)
                .flat_map(move |n| self.periods[m as usize].iter().filter_map(move |p| self.total(m, n, *p)))
        })
    }

    /// The totals of the metrics tagged `tag` in the catalog (a work area,
    /// a group), in the order of [`Rollup::totals`]. Metrics of different
    /// units are never added together: a group's totals are its metrics'.
    pub fn totals_tagged<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = Total<'a>> + 'a {
        self.totals().filter(move |t| t.info().tags.iter().any(|x| x == tag))
    }

    /// The org tree the totals follow.
    pub fn node_ids(&self) -> impl Iterator<Item = &OrgId> {
        self.nodes.iter().map(|n| n.id(&self.partial))
    }

    fn total(&self, m: u32, n: u32, period: Period) -> Option<Total<'_>> {
        let node = self.nodes.get(n as usize)?;
        if node.children.is_empty() {
            let part = self.own_part(m, node.org, &period, &mut Vec::new());
            let info = &self.metrics[m as usize];
            let part = if info.ratio.is_some() { self.linked_ratio_leaf(m, n, period) } else { Some(part) }?;
            if matches!(part, Part::Missing) {
                return None;
            }
            let mut acc = Acc::empty(info.extremes());
            acc.add_part(part);
            return Some(Total {
                rollup: self,
                rec: Rec { metric: m, node: n, period, acc, stated: None, ratio_range: false },
            });
        }
        let i = self.recs.binary_search_by(|r| (r.metric, r.node, r.period).cmp(&(m, n, period))).ok()?;
        Some(Total { rollup: self, rec: self.recs[i] })
    }

    fn report_duplicates(&mut self) {
        let mut keys: Vec<(u32, u32, u32)> = self.partial.dups.iter().map(|d| (d.metric, d.org, d.period)).collect();
        keys.sort_unstable();
        keys.dedup();
        for (m, o, p) in keys {
            let Some(entry) = self.partial.entries(m, o).find(|e| e.period == p) else { continue };
            let mut readings: Vec<(u32, String)> = self
                .partial
                .dups
                .iter()
                .filter(|d| (d.metric, d.org, d.period) == (m, o, p))
                .map(|d| (d.seq, d.value.map_or("X".to_owned(), |v| v.to_string())))
                .collect();
            readings.sort();
            readings.dedup();
            let listed: Vec<String> =
                readings.iter().map(|(seq, v)| format!("{v} ({})", self.partial.location_of(*seq, None))).collect();
            let what = format!(
                "`{}` for `{}` in {}",
                self.partial.metrics[m as usize], self.partial.orgs[o as usize], self.partial.periods[p as usize]
            );
            let location = self.partial.location_of(entry.source, None);
            let (code, severity, message) = match entry.value {
                CellValue::Conflict => (
                    Code::ConflictingObservation,
                    Severity::Error,
                    format!("{what}: readings conflict, none is used: {}", listed.join(", ")),
                ),
                _ => (
                    Code::DuplicateObservation,
                    Severity::Info,
                    format!("{what}: readings agree and were merged: {}", listed.join(", ")),
                ),
            };
            self.diagnostics.push(Diagnostic::new(code, severity, message, location));
        }
    }

    fn compute(&mut self) {
        let mut diags = Vec::new();
        // Metrics whose cells are all for the one period they are totalled
        // for: a unit's value is its cell, read a unit's row at a time.
        let mut one_period: Vec<(u32, Period)> =
            (0..self.metrics.len() as u32).filter_map(|m| self.one_period(m).map(|p| (m, p))).collect();
        if !one_period.is_empty() && self.nodes.first().is_some_and(|root| !root.children.is_empty()) {
            let mut out = OnePeriod { blocks: Vec::new(), recs: Vec::new(), diags: Vec::new(), general: Vec::new() };
            self.one_period_node(0, &one_period, 0, &mut out);
            // Metrics whose sums the one-period path cannot tell exactly are
            // totalled the general way, below.
            out.general.sort_unstable();
            out.general.dedup();
            let general = |m: &u32| out.general.binary_search(m).is_ok();
            self.recs = out.recs.into_iter().filter(|r| !general(&r.metric)).collect();
            diags.extend(out.diags.into_iter().filter(|(m, _)| !general(m)).map(|(_, d)| d));
            one_period.retain(|(m, _)| !general(m));
        }
        // Ratios with numerator and denominator come last: they divide other totals.
        let (linked, plain): (Vec<u32>, Vec<u32>) = (0..self.metrics.len() as u32)
            .filter(|m| one_period.binary_search_by_key(m, |(x, _)| *x).is_err())
            .partition(|m| self.metrics[*m as usize].ratio.is_some());
        let general = !(linked.is_empty() && plain.is_empty());
        let order: Vec<u32> = if general { post_order(&self.nodes) } else { Vec::new() };
        let mut accs = vec![Acc::empty(false); if general { self.nodes.len() } else { 0 }];
        let mut stated = vec![None; accs.len()];
        for m in plain.into_iter().chain(linked) {
            let info = &self.metrics[m as usize];
            for &p in &self.periods[m as usize] {
                for &n in &order {
                    let node = &self.nodes[n as usize];
                    if node.children.is_empty() {
                        // A leaf's part goes straight into its parent's sum, below.
                        continue;
                    }
                    let mut acc = Acc::empty(info.extremes());
                    for &c in &node.children {
                        let child = &self.nodes[c as usize];
                        if child.children.is_empty() {
                            let part = match info.ratio {
                                Some(_) => self.linked_ratio_leaf(m, c, p).unwrap_or(Part::Missing),
                                None => self.own_part(m, child.org, &p, &mut diags),
                            };
                            acc.add_part(part);
                        } else {
                            acc.merge(&accs[c as usize]);
                        }
                    }
                    stated[n as usize] = match self.own_part(m, node.org, &p, &mut diags) {
                        Part::Known { value, .. } => Some(value),
                        _ => None,
                    };
                    accs[n as usize] = acc;
                }
                for &n in &order {
                    if self.nodes[n as usize].children.is_empty() {
                        continue;
                    }
                    if let Some(rec) = self.finish(m, n, p, accs[n as usize], stated[n as usize], &mut diags) {
                        self.recs.push(rec);
                    }
                }
            }
        }
        self.recs.sort_by_key(|r| (r.metric, r.node, r.period));
        self.diagnostics.extend(diags);
    }

    /// The one period metric `m` is totalled for, when every cell of `m`
    /// is for it and a unit's value is its cell, as for every kind but
    /// running totals, linked ratios, and the kinds that also keep the
    /// largest and smallest unit's value.
    fn one_period(&self, m: u32) -> Option<Period> {
        let info = &self.metrics[m as usize];
        if info.ratio.is_some() || info.kind == MetricKind::Cumulative || info.extremes() {
            return None;
        }
        let period = self.partial.periods[self.partial.single_period(m)? as usize];
        (self.periods[m as usize] == [period]).then_some(period)
    }

    /// Totals node `n` and the nodes below it for the metrics of
    /// [`Rollup::one_period`], children in order as [`Rollup::compute`]
    /// adds them, into `out.blocks[depth]`; the blocks below are scratch.
    fn one_period_node(&self, n: u32, metrics: &[(u32, Period)], depth: usize, out: &mut OnePeriod) {
        if out.blocks.len() <= depth {
            out.blocks.push(Block::default());
        }
        out.blocks[depth].reset(metrics.len());
        // Whether the metrics are all of the partial's, in order: a row's slots line up with the sums.
        let every = metrics.len() == self.partial.metrics.len();
        let node = &self.nodes[n as usize];
        for &c in &node.children {
            let child = &self.nodes[c as usize];
            if child.children.is_empty() {
                let Block { sums, ends } = &mut out.blocks[depth];
                let row = child.org.map(|o| self.partial.row(o));
                match row {
                    Some(row) if every && row.len() == sums.len() => row.add_to(sums, ends, c),
                    Some(row) => {
                        for ((sum, ends), &(m, _)) in sums.iter_mut().zip(ends.iter_mut()).zip(metrics) {
                            sum.add_cell(row.cell(m as usize), ends, c);
                        }
                    }
                    None => sums.iter_mut().for_each(|s| s.missing += 1),
                }
            } else {
                self.one_period_node(c, metrics, depth + 1, out);
                let (mine, below) = out.blocks.split_at_mut(depth + 1);
                let (mine, theirs) = (&mut mine[depth], &below[0]);
                for (((sum, ends), other), their) in
                    mine.sums.iter_mut().zip(mine.ends.iter_mut()).zip(&theirs.sums).zip(&theirs.ends)
                {
                    sum.merge(ends, other, their);
                }
            }
        }
        self.one_period_totals(n, metrics, depth, out);
    }

    /// The totals of node `n` from the sums in `out.blocks[depth]`.
    fn one_period_totals(&self, n: u32, metrics: &[(u32, Period)], depth: usize, out: &mut OnePeriod) {
        let own = self.nodes[n as usize].org.map(|o| self.partial.row(o));
        let mut diags = Vec::new();
        let block = &out.blocks[depth];
        for ((sum, ends), &(m, p)) in block.sums.iter().zip(&block.ends).zip(metrics) {
            let Some(acc) = acc_of(sum, ends) else {
                out.general.push(m);
                continue;
            };
            let stated = own.and_then(|r| r.cell(m as usize).interval());
            if let Some(rec) = self.finish(m, n, p, acc, stated, &mut diags) {
                out.recs.push(rec);
            }
            out.diags.extend(diags.drain(..).map(|d| (m, d)));
        }
    }

    /// The total of metric `m` for inner node `n` and period `p`, from the
    /// sum of its children and its own stated value, with the diagnostics
    /// it raises; `None` when there is nothing to total.
    fn finish(
        &self,
        m: u32,
        n: u32,
        p: Period,
        acc: Acc,
        st: Option<Interval>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Rec> {
        let info = &self.metrics[m as usize];
        let node = &self.nodes[n as usize];
        if info.kind == MetricKind::NonAdditive {
            // Not aggregated: each unit's own value is listed at the unit.
            return None;
        }
        let has_data = acc.coverage.reported + acc.coverage.partial + acc.coverage.unknown > 0;
        if !has_data && st.is_none() {
            return None;
        }
        let mut rec = Rec { metric: m, node: n, period: p, acc, stated: st, ratio_range: false };
        if info.ratio.is_some() {
            rec = self.linked_ratio_rec(rec);
        } else if info.kind == MetricKind::Ratio {
            rec.ratio_range = true;
        }
        let location = || Location::new(format!("{}/{}/{p}", info.key, node.id(&self.partial)));
        if let (Some(s), Some(v)) = (st, total_value(info, &rec)) {
            if has_data && !s.overlaps(&v) {
                diags.push(Diagnostic::new(
                    Code::InconsistentTotal,
                    Severity::Error,
                    format!(
                        "`{}` for `{}` in {p}: the stated total {s} cannot equal the sum of its units {v}",
                        info.key,
                        node.id(&self.partial)
                    ),
                    location(),
                ));
            }
        }
        if acc.overflow {
            diags.push(Diagnostic::new(
                Code::InconsistentTotal,
                Severity::Error,
                format!(
                    "`{}` for `{}` in {p}: the sum overflows a decimal; the total is incomplete",
                    info.key,
                    node.id(&self.partial)
                ),
                location(),
            ));
        }
        if rec.ratio_range && (acc.coverage.reported + acc.coverage.partial) > 1 {
            diags.push(Diagnostic::new(
                Code::RatioRange,
                Severity::Info,
                format!(
                    "`{}` for `{}` in {p}: a ratio without numerator and denominator in the catalog is given as the range of its units' values",
                    info.key, node.id(&self.partial)
                ),
                location(),
            ));
        }
        Some(rec)
    }

    /// A leaf's value of a linked ratio: its numerator over its denominator.
    fn linked_ratio_leaf(&self, m: u32, n: u32, p: Period) -> Option<Part> {
        let (num, den) = self.metrics[m as usize].ratio?;
        let org = self.nodes[n as usize].org;
        let a = self.own_part(num, org, &p, &mut Vec::new());
        let b = self.own_part(den, org, &p, &mut Vec::new());
        Some(match (a, b) {
            (Part::Known { value: x, complete: cx }, Part::Known { value: y, complete: cy }) => {
                match divide(&self.metrics[m as usize].unit, x, y) {
                    Some(value) => Part::Known { value, complete: cx && cy },
                    None => Part::Unknown,
                }
            }
            (Part::Missing, Part::Missing) => Part::Missing,
            _ => Part::Unknown,
        })
    }

    /// A node's linked ratio: the ratio of the numerator's and
    /// denominator's totals, not a sum of the units' ratios.
    fn linked_ratio_rec(&self, mut rec: Rec) -> Rec {
        let Some((num, den)) = self.metrics[rec.metric as usize].ratio else { return rec };
        let find = |metric: u32| {
            self.recs.iter().find(|r| (r.metric, r.node, r.period) == (metric, rec.node, rec.period)).copied()
        };
        let (a, b) = (find(num), find(den));
        let value = match (a, b) {
            (Some(a), Some(b)) => {
                let (x, y) =
                    (total_value(&self.metrics[num as usize], &a), total_value(&self.metrics[den as usize], &b));
                match (x, y) {
                    (Some(x), Some(y)) => divide(&self.metrics[rec.metric as usize].unit, x, y),
                    _ => None,
                }
            }
            _ => None,
        };
        rec.acc.sum = value;
        rec.acc.max = value;
        rec.acc.all_exact = value.is_some_and(|v| v.is_point())
            && a.is_some_and(|a| a.acc.coverage.is_complete())
            && b.is_some_and(|b| b.acc.coverage.is_complete());
        rec
    }

    /// A unit's own value of metric `m` for period `p`, by the kind's rule.
    // Inlined for its fast path, a single reading for exactly this period:
    // one call per unit and metric, whose result is read at once.
    #[inline]
    fn own_part(&self, m: u32, org: Option<u32>, p: &Period, diags: &mut Vec<Diagnostic>) -> Part {
        let Some(org) = org else { return Part::Missing };
        let Some(first) = self.partial.entries(m, org).next() else { return Part::Missing };
        let info = &self.metrics[m as usize];
        if info.kind != MetricKind::Cumulative
            && first.next_is_none()
            && self.partial.periods[first.period as usize] == *p
        {
            return match first.value {
                CellValue::Known(value) => Part::Known { value, complete: true },
                CellValue::Empty => Part::Missing,
                CellValue::Unknown | CellValue::Conflict => Part::Unknown,
            };
        }
        self.own_part_of_entries(m, org, p, diags)
    }

    /// [`Rollup::own_part`] for a unit with several readings, or another period's.
    fn own_part_of_entries(&self, m: u32, org: u32, p: &Period, diags: &mut Vec<Diagnostic>) -> Part {
        let period_of = |e: &Entry| self.partial.periods[e.period as usize];
        let info = &self.metrics[m as usize];
        let entries: Vec<Entry> = self.partial.entries(m, org).collect();
        let cell = |e: &Entry, complete: bool| match e.value {
            CellValue::Known(value) => Part::Known { value, complete },
            CellValue::Empty => Part::Missing,
            CellValue::Unknown | CellValue::Conflict => Part::Unknown,
        };
        if info.kind == MetricKind::Cumulative {
            return self.cumulative_part(m, org, &entries, p, diags);
        }
        if let Some(e) = entries.iter().find(|e| period_of(e) == *p) {
            return cell(e, true);
        }
        let mut inside: Vec<&Entry> = entries.iter().filter(|e| p.contains(&period_of(e))).collect();
        if inside.is_empty() {
            return Part::Missing;
        }
        inside.sort_by_key(|e| period_of(e));
        match info.kind {
            MetricKind::Flow => {
                for w in inside.windows(2) {
                    let (a, b) = (period_of(w[0]), period_of(w[1]));
                    if a.overlaps(&b) {
                        diags.push(Diagnostic::new(
                            Code::OverlappingPeriods,
                            Severity::Error,
                            format!(
                                "`{}` for `{}`: flows for {a} and {b} overlap and cannot be added into {p}",
                                info.key, self.partial.orgs[org as usize]
                            ),
                            self.partial.location_of(w[1].source, None),
                        ));
                        return Part::Unknown;
                    }
                }
                let mut sum: Option<Interval> = None;
                let mut unknown = false;
                let mut days = 0i64;
                for e in &inside {
                    let per = period_of(e);
                    days += (per.end() - per.start()).num_days() + 1;
                    match e.value {
                        CellValue::Known(v) => {
                            sum = Some(match sum {
                                None => v,
                                Some(s) => match s.checked_add(&v) {
                                    Some(x) => x,
                                    None => return Part::Unknown,
                                },
                            });
                        }
                        _ => unknown = true,
                    }
                }
                let whole = days == (p.end() - p.start()).num_days() + 1;
                match sum {
                    Some(value) => Part::Known { value, complete: whole && !unknown },
                    None => Part::Unknown,
                }
            }
            // Levels: the latest reading in the period; complete if it is at the period's end.
            _ => {
                let last = inside.iter().max_by_key(|e| (period_of(e).end(), std::cmp::Reverse(period_of(e).start())));
                match last {
                    Some(e) if period_of(e).end() == p.end() => cell(e, true),
                    Some(_) => Part::Stale,
                    None => Part::Missing,
                }
            }
        }
    }

    /// A running total's flow over `p`: the reading at the end of `p` less
    /// the reading before `p` started.
    fn cumulative_part(&self, m: u32, org: u32, entries: &[Entry], p: &Period, diags: &mut Vec<Diagnostic>) -> Part {
        let period_of = |e: &Entry| self.partial.periods[e.period as usize];
        let latest = |pred: &dyn Fn(&Period) -> bool| {
            entries
                .iter()
                .filter(|e| pred(&period_of(e)))
                .max_by_key(|e| (period_of(e).end(), std::cmp::Reverse(period_of(e).start())))
                .copied()
        };
        let Some(end) = latest(&|q: &Period| q.end() >= p.start() && q.end() <= p.end()) else {
            return Part::Missing;
        };
        let Some(before) = latest(&|q: &Period| q.end() < p.start()) else {
            diags.push(Diagnostic::new(
                Code::NoBaseline,
                Severity::Warning,
                format!(
                    "`{}` for `{}`: a running total with no reading before {p} gives no flow for {p}",
                    self.metrics[m as usize].key, self.partial.orgs[org as usize]
                ),
                self.partial.location_of(end.source, None),
            ));
            return Part::Unknown;
        };
        match (end.value, before.value) {
            (CellValue::Known(a), CellValue::Known(b)) => match a.checked_sub(&b) {
                Some(value) => Part::Known { value, complete: period_of(&end).end() == p.end() },
                None => Part::Unknown,
            },
            _ => Part::Unknown,
        }
    }
}

/// `x / y` in the ratio's unit: percent multiplies by 100, per mille by 1000.
fn divide(unit: &Unit, x: Interval, y: Interval) -> Option<Interval> {
    let factor = match unit.dimension() {
        Dimension::Percent => rust_decimal::Decimal::ONE_HUNDRED,
        Dimension::PerMille => rust_decimal::Decimal::ONE_THOUSAND,
        _ => rust_decimal::Decimal::ONE,
    };
    Some(x.checked_div(&y)?.checked_scale(factor)?.normalized())
}

/// The interval the true total lies in: the known sum when complete; the
/// known sum and up when values cannot be negative; for distinct counts
/// that may overlap, between the largest unit and the sum.
fn total_value(info: &MetricInfo, rec: &Rec) -> Option<Interval> {
    let acc = &rec.acc;
    let sum = acc.sum?;
    if rec.ratio_range {
        return acc_hull(acc);
    }
    let base = if info.kind == MetricKind::DistinctCount && !info.disjoint {
        let max = acc.max.unwrap_or(sum);
        Interval::new(max.lower(), sum.upper()).unwrap_or(sum)
    } else {
        sum
    };
    if acc.coverage.is_complete() && !acc.overflow {
        return Some(base);
    }
    if info.non_negative {
        return Interval::new(base.lower(), Bound::Unbounded).ok();
    }
    None
}

/// The range of the units' values: from the smallest to the largest.
fn acc_hull(acc: &Acc) -> Option<Interval> {
    match (acc.min, acc.max) {
        (Some(a), Some(b)) => Some(a.hull(&b)),
        (a, b) => a.or(b),
    }
}

fn metric_infos(catalog: &Catalog, partial: &Partial) -> Vec<MetricInfo> {
    partial
        .metrics
        .iter()
        .filter_map(|k| catalog.get(k.as_str()))
        .map(|m| {
            let index = |k: &Option<MetricKey>| {
                k.as_ref().and_then(|k| partial.metrics.iter().position(|x| x == k)).map(|i| i as u32)
            };
            let ratio = match (index(&m.numerator), index(&m.denominator)) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            MetricInfo {
                key: m.key.clone(),
                tags: m.tags.clone(),
                unit: m.unit.clone(),
                kind: m.kind,
                disjoint: m.disjoint,
                ratio,
                // Counts and amounts; running totals of them never fall, so
                // their differences are not negative either.
                non_negative: matches!(
                    m.unit.dimension(),
                    Dimension::Count(_) | Dimension::Money(_) | Dimension::Number
                ),
            }
        })
        .collect()
}

fn build_nodes(units: Option<&OrgUnit>, partial: &Partial, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node> {
    let mut nodes = Vec::new();
    match units {
        Some(tree) => {
            fn walk(u: &OrgUnit, partial: &Partial, nodes: &mut Vec<Node>) -> u32 {
                let i = nodes.len() as u32;
                nodes.push(Node::new(&u.id, partial, i as usize));
                let children: Vec<u32> = u.children.iter().map(|c| walk(c, partial, nodes)).collect();
                nodes[i as usize].children = children;
                i
            }
            walk(tree, partial, &mut nodes);
            // Which of the partial's units the tree has, without searching the tree for each.
            let mut in_tree = vec![false; partial.orgs.len()];
            for o in nodes.iter().filter_map(|n| n.org) {
                in_tree[o as usize] = true;
            }
            for (org, _) in partial.orgs.iter().zip(&in_tree).filter(|(_, known)| !**known) {
                diagnostics.push(Diagnostic::new(
                    Code::UnknownOrg,
                    Severity::Error,
                    format!(
                        "observations of unit `{org}`, which the org tree does not have, are left out of every total"
                    ),
                    Location::new(format!("units/{org}")),
                ));
            }
        }
        None => {
            let mut ids: Vec<(usize, &OrgId)> = partial.orgs.iter().enumerate().collect();
            ids.sort_by_key(|(_, id)| *id);
            let root = OrgId::new("(all)").ok();
            if let Some(root) = root {
                nodes.push(Node { id: NodeId::Own(root), org: None, children: (1..=ids.len() as u32).collect() });
            }
            for (i, id) in ids {
                nodes.push(Node::new(id, partial, i));
            }
        }
    }
    nodes
}

/// Children before parents.
fn post_order(nodes: &[Node]) -> Vec<u32> {
    let mut out = Vec::with_capacity(nodes.len());
    fn walk(n: u32, nodes: &[Node], out: &mut Vec<u32>) {
        for &c in &nodes[n as usize].children {
            walk(c, nodes, out);
        }
        out.push(n);
    }
    if !nodes.is_empty() {
        walk(0, nodes, &mut out);
    }
    out
}

fn output_periods(partial: &Partial, metrics: &[MetricInfo], options: &RollupOptions) -> Vec<Vec<Period>> {
    (0..partial.metrics.len() as u32)
        .map(|m| {
            // A linked ratio has the periods of its numerator and denominator.
            let sources: Vec<u32> = match metrics.get(m as usize).and_then(|i| i.ratio) {
                Some((a, b)) => vec![m, a, b],
                None => vec![m],
            };
            let mut set: Vec<Period> = match &options.periods {
                Some(list) => list.clone(),
                None => {
                    // The distinct periods first: there are few, and cells many.
                    let mut seen_index = vec![false; partial.periods.len()];
                    for &m in &sources {
                        if let Some(p) = partial.single_period(m) {
                            seen_index[p as usize] = true;
                            continue;
                        }
                        if partial.has_no_cells(m) {
                            continue;
                        }
                        for o in 0..partial.orgs.len() as u32 {
                            for e in partial.entries(m, o) {
                                seen_index[e.period as usize] = true;
                            }
                        }
                    }
                    let mut seen = Vec::new();
                    for (i, _) in seen_index.iter().enumerate().filter(|(_, s)| **s) {
                        let p = partial.periods[i];
                        seen.push(p);
                        if p.kind() != PeriodKind::Year {
                            if let Ok(y) = Period::year(p.start_year()) {
                                if y.contains(&p) {
                                    seen.push(y);
                                }
                            }
                        }
                    }
                    seen
                }
            };
            set.sort();
            set.dedup();
            set
        })
        .collect()
}

/// One total: a metric for an org node and a period, with its value as an
/// interval, exactness, coverage and sources.
#[derive(Clone, Copy, Debug)]
pub struct Total<'a> {
    rollup: &'a Rollup,
    rec: Rec,
}

/// One observation a total came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Source {
    /// The unit that reported it.
    pub org: OrgId,
    /// The period it is for.
    pub period: Period,
    /// Where it was read.
    pub location: Location,
}

impl<'a> Total<'a> {
    fn info(&self) -> &'a MetricInfo {
        &self.rollup.metrics[self.rec.metric as usize]
    }

    /// The metric.
    pub fn metric(&self) -> &'a MetricKey {
        &self.info().key
    }

    /// The org node.
    pub fn org(&self) -> &'a OrgId {
        self.rollup.nodes[self.rec.node as usize].id(&self.rollup.partial)
    }

    /// The period.
    pub fn period(&self) -> Period {
        self.rec.period
    }

    /// The unit of the value: the metric's.
    pub fn unit(&self) -> &'a Unit {
        &self.info().unit
    }

    /// The interval the true total lies in; `None` when nothing is known.
    /// With units missing or unknown, a total of values that cannot be
    /// negative is the known sum and up: unknown is never zero.
    pub fn value(&self) -> Option<Interval> {
        if self.rec.acc.sum.is_none() {
            return self.rec.stated;
        }
        total_value(self.info(), &self.rec)
    }

    /// The sum of the known parts only.
    pub fn known_sum(&self) -> Option<Interval> {
        self.rec.acc.sum
    }

    /// The unit's own stated total, when it reported one besides its units.
    pub fn stated(&self) -> Option<Interval> {
        self.rec.stated
    }

    /// Whether the total is one known number: every expected unit
    /// reported an exact value for the whole period.
    pub fn is_exact(&self) -> bool {
        let acc = &self.rec.acc;
        if acc.sum.is_none() {
            return self.rec.stated.is_some_and(|s| s.is_point());
        }
        acc.all_exact
            && acc.coverage.is_complete()
            && !acc.overflow
            && !self.rec.ratio_range
            && self.value().is_some_and(|v| v.is_point())
    }

    /// Which of the expected units reported.
    pub fn coverage(&self) -> Coverage {
        self.rec.acc.coverage
    }

    /// Whether the value is the range of the units' ratios, for lack of a
    /// numerator and denominator in the catalog.
    pub fn is_ratio_range(&self) -> bool {
        self.rec.ratio_range
    }

    /// The leaf units below this node, each with its part: `reported`,
    /// `partial`, `unknown` or `missing`.
    pub fn units(&self) -> Vec<(&'a OrgId, &'static str)> {
        let r = self.rollup;
        let mut out = Vec::new();
        let mut stack = vec![self.rec.node];
        while let Some(n) = stack.pop() {
            let node = &r.nodes[n as usize];
            if node.children.is_empty() {
                let part = r.own_part(self.rec.metric, node.org, &self.rec.period, &mut Vec::new());
                let part = if self.info().ratio.is_some() {
                    r.linked_ratio_leaf(self.rec.metric, n, self.rec.period).unwrap_or(part)
                } else {
                    part
                };
                out.push((
                    node.id(&r.partial),
                    match part {
                        Part::Missing => "missing",
                        Part::Unknown => "unknown",
                        Part::Known { complete: true, .. } => "reported",
                        Part::Known { .. } | Part::Stale => "partial",
                    },
                ));
            }
            stack.extend(node.children.iter().rev());
        }
        out
    }

    /// The observations the total came from, ordered by unit, period and location.
    pub fn sources(&self) -> Vec<Source> {
        let r = self.rollup;
        let p = &r.partial;
        let info = self.info();
        let metrics: Vec<u32> = match info.ratio {
            Some((a, b)) => vec![a, b],
            None => vec![self.rec.metric],
        };
        let mut out = Vec::new();
        let mut stack = vec![self.rec.node];
        while let Some(n) = stack.pop() {
            let node = &r.nodes[n as usize];
            stack.extend(node.children.iter().copied());
            let Some(org) = node.org else { continue };
            for &m in &metrics {
                for e in p.entries(m, org) {
                    let period = p.periods[e.period as usize];
                    let relevant = if info.kind == MetricKind::Cumulative {
                        period.end() <= self.rec.period.end()
                    } else {
                        self.rec.period.contains(&period)
                    };
                    if !relevant {
                        continue;
                    }
                    for seq in p.sources_of(m, org, &e) {
                        out.push(Source { org: node.id(p).clone(), period, location: p.location_of(seq, None) });
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The total as a quantity in the metric's unit, qualified so it is
    /// never written as an exact-looking number when it is not exact: a
    /// known sum with units missing is `14次以上` or `超过14次`; an
    /// inexact bounded total is a range; nothing known is `X`.
    pub fn quantity(&self) -> Quantity {
        let unit = self.unit().clone();
        let value = match self.value() {
            None => Value::unknown(),
            Some(v) if self.is_exact() || v.is_point() => match v.lower().value() {
                Some(d) => Value::exact(d),
                None => Value::unknown(),
            },
            Some(v) => match (v.lower(), v.upper()) {
                (Bound::Closed(d), Bound::Unbounded) => Value::qualified(d, Qualifier::YiShang),
                (Bound::Open(d), Bound::Unbounded) => Value::qualified(d, Qualifier::ChaoGuo),
                (Bound::Unbounded, Bound::Closed(d)) => Value::qualified(d, Qualifier::YiXia),
                (Bound::Unbounded, Bound::Open(d)) => Value::qualified(d, Qualifier::BuDao),
                (l, u) => match (l.value(), u.value()) {
                    (Some(a), Some(b)) => {
                        Value::range(a, b, RangeSep::EmDash).unwrap_or_else(|| Value::from_interval(v))
                    }
                    _ => Value::unknown(),
                },
            },
        };
        Quantity::new(value, unit)
    }
}
