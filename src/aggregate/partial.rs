//! The mergeable state of a roll-up: one cell per (metric, unit, period),
//! with duplicates merged, conflicts kept, and where each value came from.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Catalog, Location, MetricKey, Observation, OrgId, OrgUnit, Period};
use crate::quantity::{Interval, Quantity, Unit};

/// No entry / no next entry.
const NONE: u32 = u32::MAX;

/// The value of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellValue {
    /// Nothing observed (an empty slot of the grid).
    Empty,
    /// Observed as a placeholder: the unit reported, the number is unknown.
    Unknown,
    /// The intersection of every reading: exact when it is one point.
    Known(Interval),
    /// Readings that share no number: an error, never "first wins".
    Conflict,
}

/// One (metric, unit, period) cell. Cells of the same (metric, unit) form
/// a chain through `next`, so the grid stays dense over metric × unit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) period: u32,
    pub(crate) value: CellValue,
    /// The first observation's sequence number.
    pub(crate) source: u32,
    /// Whether `Partial::dups` holds every reading of this cell.
    pub(crate) has_dups: bool,
    next: u32,
}

impl Entry {
    const EMPTY: Entry = Entry { period: NONE, value: CellValue::Empty, source: NONE, has_dups: false, next: NONE };

    /// Whether this is the last entry of its chain.
    pub(crate) fn next_is_none(&self) -> bool {
        self.next == NONE
    }
}

/// One reading of a cell that was read more than once.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Dup {
    pub(crate) metric: u32,
    pub(crate) org: u32,
    pub(crate) period: u32,
    pub(crate) seq: u32,
    pub(crate) value: Option<Interval>,
}

/// Observations from one source (a CSV file, a report) in sequence order.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Dataset {
    pub(crate) name: String,
    pub(crate) first: u32,
    /// Locations given with observations, by sequence number.
    pub(crate) locations: Vec<(u32, Location)>,
}

/// The mergeable partial result of a roll-up.
///
/// Build one per chunk of observations ([`Partial::push`]), [`merge`] them
/// in any order and grouping — the merge is commutative and associative —
/// and turn the result into totals with
/// [`Rollup::from_partial`](super::Rollup::from_partial). Partials
/// serialise, so chunks can be rolled up on other machines.
///
/// Each (metric, unit, period) holds one value: readings of the same cell
/// that agree merge to the more precise (their intersection), readings
/// that conflict are kept and reported.
///
/// [`merge`]: Partial::merge
#[derive(Clone, Debug)]
pub struct Partial {
    pub(crate) metrics: Vec<MetricKey>,
    pub(crate) units: Vec<Unit>,
    metric_index: HashMap<MetricKey, u32>,
    pub(crate) orgs: Vec<OrgId>,
    org_index: HashMap<OrgId, u32>,
    pub(crate) periods: Vec<Period>,
    period_index: HashMap<Period, u32>,
    /// `cells[metric][org]`: the first entry of the chain.
    cells: Vec<Vec<Entry>>,
    /// Entries after the first of a chain.
    more: Vec<Entry>,
    pub(crate) dups: Vec<Dup>,
    pub(crate) datasets: Vec<Dataset>,
    next_seq: u32,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The index of a metric in a [`Partial`]'s catalog, for the fast path
/// [`Partial::push_indexed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricIndex(u32);

/// The index of a unit in a [`Partial`], from [`Partial::org_index`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgIndex(u32);

/// The index of a period in a [`Partial`], from [`Partial::period_index`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeriodIndex(u32);

impl Partial {
    /// An empty partial for the metrics of `catalog`, with the units of
    /// `units` known in advance (others are added as they are seen).
    pub fn new(catalog: &Catalog, units: Option<&OrgUnit>) -> Partial {
        let metrics: Vec<MetricKey> = catalog.iter().map(|m| m.key.clone()).collect();
        let mut p = Partial {
            units: catalog.iter().map(|m| m.unit.clone()).collect(),
            metric_index: metrics.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect(),
            cells: vec![Vec::new(); metrics.len()],
            metrics,
            orgs: Vec::new(),
            org_index: HashMap::new(),
            periods: Vec::new(),
            period_index: HashMap::new(),
            more: Vec::new(),
            dups: Vec::new(),
            datasets: Vec::new(),
            next_seq: 0,
            diagnostics: Vec::new(),
        };
        for unit in units.iter().flat_map(|u| u.iter()) {
            p.org_index(&unit.id);
        }
        p
    }

    /// Starts a dataset: the observations pushed next come from `name` (a
    /// file, a report), numbered from 0 within it.
    pub fn dataset(&mut self, name: impl Into<String>) {
        self.datasets.push(Dataset { name: name.into(), first: self.next_seq, locations: Vec::new() });
    }

    /// The number of observations pushed.
    pub fn len(&self) -> usize {
        self.next_seq as usize
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.next_seq == 0
    }

    /// The index of a catalog metric.
    pub fn metric_index(&self, key: &str) -> Option<MetricIndex> {
        self.metric_index.get(key).map(|&i| MetricIndex(i))
    }

    /// The index of a unit by its id text, if seen; [`Partial::org_index`] adds it.
    pub fn find_org_index(&self, org: &str) -> Option<OrgIndex> {
        self.org_index.get(org).map(|&i| OrgIndex(i))
    }

    /// The index of a unit, added if new.
    pub fn org_index(&mut self, org: &OrgId) -> OrgIndex {
        if let Some(&i) = self.org_index.get(org) {
            return OrgIndex(i);
        }
        let i = self.orgs.len() as u32;
        self.orgs.push(org.clone());
        self.org_index.insert(org.clone(), i);
        OrgIndex(i)
    }

    /// The index of a period, added if new.
    pub fn period_index(&mut self, period: Period) -> PeriodIndex {
        if let Some(&i) = self.period_index.get(&period) {
            return PeriodIndex(i);
        }
        let i = self.periods.len() as u32;
        self.periods.push(period);
        self.period_index.insert(period, i);
        PeriodIndex(i)
    }

    /// Adds one observation. An observation of a metric the catalog does
    /// not have, or in a unit that does not convert to the metric's, is not
    /// added: it becomes a diagnostic naming both sides.
    pub fn push(&mut self, observation: &Observation) {
        let seq = self.next_seq;
        let Some(metric) = self.metric_index(observation.metric.as_str()) else {
            self.take_seq();
            let location = self.location_of(seq, observation.source.clone());
            self.diagnostics.push(Diagnostic::new(
                Code::UnknownMetric,
                Severity::Error,
                format!("observation of `{}` for `{}`: the catalog has no such metric", observation.metric, observation.org),
                location,
            ));
            return;
        };
        let org = self.org_index(&observation.org);
        let period = self.period_index(observation.period);
        if let Some(location) = observation.source.clone() {
            self.ensure_dataset();
            if let Some(d) = self.datasets.last_mut() {
                d.locations.push((seq, location));
            }
        }
        self.push_indexed(metric, org, period, &observation.value);
    }

    /// Adds one observation by index: the fast path for callers that
    /// intern keys themselves (a CSV reader, a benchmark).
    pub fn push_indexed(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: &Quantity) {
        let seq = self.take_seq();
        let unit = &self.units[metric.0 as usize];
        // A bare number (`12`, `1.2万`, blank) is in the metric's dimension.
        let bare = matches!(value.unit().dimension(), crate::quantity::Dimension::Number);
        let cell = if value.is_unknown() && (bare || value.unit().same_dimension(unit)) {
            CellValue::Unknown
        } else {
            let as_metric = match bare {
                true => unit
                    .with_scale(value.unit().scale())
                    .ok()
                    .map(|u| Quantity::new(value.value().clone(), u)),
                false => None,
            };
            let value = as_metric.as_ref().unwrap_or(value);
            match value.convert_to(unit).ok().and_then(|q| q.interval()) {
                Some(i) => CellValue::Known(i),
                None => {
                    let message = format!(
                        "`{value}` for `{}` in {}: cannot add `{}` to metric `{}` counted in `{}`",
                        self.orgs[org.0 as usize],
                        self.periods[period.0 as usize],
                        value.unit(),
                        self.metrics[metric.0 as usize],
                        unit
                    );
                    let location = self.location_of(seq, None);
                    self.diagnostics.push(Diagnostic::new(Code::UnitMismatch, Severity::Error, message, location));
                    // The unit reported, but nothing it reported can be added: unknown, not missing.
                    CellValue::Unknown
                }
            }
        };
        self.insert(metric.0, org.0, period.0, cell, seq);
    }

    /// Counts an observation that could not be read, so positions in the
    /// dataset stay the rows of its file.
    pub fn skip(&mut self) {
        self.take_seq();
    }

    pub(crate) fn diagnostics_len(&self) -> usize {
        self.diagnostics.len()
    }

    pub(crate) fn take_diagnostics_since(&mut self, start: usize) -> Vec<Diagnostic> {
        self.diagnostics.split_off(start.min(self.diagnostics.len()))
    }

    fn take_seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.saturating_add(1);
        seq
    }

    fn ensure_dataset(&mut self) {
        if self.datasets.is_empty() {
            self.dataset("observations");
        }
    }

    /// Where observation `seq` came from: its given location, or its
    /// position in its dataset.
    pub(crate) fn location_of(&self, seq: u32, given: Option<Location>) -> Location {
        if let Some(l) = given {
            return l;
        }
        match self.datasets.iter().rev().find(|d| d.first <= seq) {
            Some(d) => {
                if let Some((_, l)) = d.locations.iter().find(|(s, _)| *s == seq) {
                    return l.clone();
                }
                Location::new(format!("{} row {}", d.name, seq - d.first + 1))
            }
            None => Location::new(format!("observations row {}", u64::from(seq) + 1)),
        }
    }

    fn insert(&mut self, metric: u32, org: u32, period: u32, value: CellValue, seq: u32) {
        let row = &mut self.cells[metric as usize];
        if org as usize >= row.len() {
            row.resize(org as usize + 1, Entry::EMPTY);
        }
        let head = &mut row[org as usize];
        if head.period == NONE {
            *head = Entry { period, value, source: seq, has_dups: false, next: NONE };
            return;
        }
        // Walk the chain for this period.
        let mut at: Option<u32> = None; // None = the head
        let appended = self.more.len() as u32;
        loop {
            let entry = match at {
                None => &mut self.cells[metric as usize][org as usize],
                Some(i) => &mut self.more[i as usize],
            };
            if entry.period == period {
                let first = (!entry.has_dups).then_some((entry.source, entry.value));
                entry.value = merge_values(entry.value, value);
                entry.has_dups = true;
                entry.source = entry.source.min(seq);
                if let Some((s, v)) = first {
                    self.dups.push(Dup { metric, org, period, seq: s, value: known(v) });
                }
                self.dups.push(Dup { metric, org, period, seq, value: known(value) });
                return;
            }
            if entry.next == NONE {
                entry.next = appended;
                self.more.push(Entry { period, value, source: seq, has_dups: false, next: NONE });
                return;
            }
            at = Some(entry.next);
        }
    }

    /// Merges `other` into this partial. The result holds the same cells,
    /// readings and sources whichever partial is merged into which.
    pub fn merge(&mut self, other: Partial) {
        let offset = self.next_seq;
        let metric_map: Vec<Option<u32>> =
            other.metrics.iter().map(|k| self.metric_index.get(k).copied()).collect();
        let org_map: Vec<u32> = other.orgs.iter().map(|o| self.org_index(o).0).collect();
        let period_map: Vec<u32> = other.periods.iter().map(|p| self.period_index(*p).0).collect();
        for d in other.dups {
            if let Some(m) = metric_map[d.metric as usize] {
                self.dups.push(Dup {
                    metric: m,
                    org: org_map[d.org as usize],
                    period: period_map[d.period as usize],
                    seq: d.seq + offset,
                    value: d.value,
                });
            }
        }
        for (m, row) in other.cells.iter().enumerate() {
            let Some(metric) = metric_map[m] else {
                let dropped = row.iter().filter(|e| e.period != NONE).count();
                if dropped > 0 {
                    self.diagnostics.push(Diagnostic::new(
                        Code::UnknownMetric,
                        Severity::Error,
                        format!("merged partial has {dropped} unit(s) of metric `{}`, which this catalog does not have", other.metrics[m]),
                        Location::default(),
                    ));
                }
                continue;
            };
            for (o, head) in row.iter().enumerate() {
                let mut entry = *head;
                while entry.period != NONE {
                    self.merge_entry(metric, org_map[o], period_map[entry.period as usize], &entry, offset);
                    if entry.next == NONE {
                        break;
                    }
                    entry = other.more[entry.next as usize];
                }
            }
        }
        for mut d in other.datasets {
            d.first += offset;
            for (s, _) in &mut d.locations {
                *s += offset;
            }
            self.datasets.push(d);
        }
        self.diagnostics.extend(other.diagnostics);
        self.next_seq = self.next_seq.saturating_add(other.next_seq);
    }

    fn merge_entry(&mut self, metric: u32, org: u32, period: u32, theirs: &Entry, offset: u32) {
        let seq = theirs.source + offset;
        match self.find(metric, org, period) {
            None => {
                self.insert(metric, org, period, theirs.value, seq);
                if let Some(e) = self.find_mut(metric, org, period) {
                    e.has_dups = theirs.has_dups;
                }
            }
            Some(mine) => {
                if !mine.has_dups {
                    self.dups.push(Dup { metric, org, period, seq: mine.source, value: known(mine.value) });
                }
                if !theirs.has_dups {
                    self.dups.push(Dup { metric, org, period, seq, value: known(theirs.value) });
                }
                if let Some(e) = self.find_mut(metric, org, period) {
                    e.value = merge_values(e.value, theirs.value);
                    e.source = e.source.min(seq);
                    e.has_dups = true;
                }
            }
        }
    }

    fn find(&self, metric: u32, org: u32, period: u32) -> Option<Entry> {
        let mut e = *self.cells.get(metric as usize)?.get(org as usize)?;
        loop {
            if e.period == NONE {
                return None;
            }
            if e.period == period {
                return Some(e);
            }
            if e.next == NONE {
                return None;
            }
            e = self.more[e.next as usize];
        }
    }

    fn find_mut(&mut self, metric: u32, org: u32, period: u32) -> Option<&mut Entry> {
        let head = self.cells.get(metric as usize)?.get(org as usize)?;
        if head.period == period {
            return self.cells.get_mut(metric as usize)?.get_mut(org as usize);
        }
        let mut next = head.next;
        while next != NONE {
            if self.more[next as usize].period == period {
                return self.more.get_mut(next as usize);
            }
            next = self.more[next as usize].next;
        }
        None
    }

    /// The cells of (metric, org), one per period, without allocating.
    pub(crate) fn entries(&self, metric: u32, org: u32) -> impl Iterator<Item = Entry> + '_ {
        let head = self.cells.get(metric as usize).and_then(|r| r.get(org as usize)).copied();
        let mut next = head.filter(|e| e.period != NONE);
        std::iter::from_fn(move || {
            let e = next?;
            next = (e.next != NONE).then(|| self.more[e.next as usize]);
            Some(e)
        })
    }

    /// The sequence numbers of every reading of a cell.
    pub(crate) fn sources_of(&self, metric: u32, org: u32, entry: &Entry) -> Vec<u32> {
        if !entry.has_dups {
            return vec![entry.source];
        }
        let mut s: Vec<u32> = self
            .dups
            .iter()
            .filter(|d| d.metric == metric && d.org == org && d.period == entry.period)
            .map(|d| d.seq)
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// The index of an org id, if seen.
    pub(crate) fn find_org(&self, org: &str) -> Option<u32> {
        self.org_index.get(org).copied()
    }
}

fn known(v: CellValue) -> Option<Interval> {
    match v {
        CellValue::Known(i) => Some(i),
        _ => None,
    }
}

/// Two readings of one cell: a placeholder gives way to a number; numbers
/// that agree meet in their intersection; numbers that do not are a conflict.
fn merge_values(a: CellValue, b: CellValue) -> CellValue {
    match (a, b) {
        (CellValue::Conflict, _) | (_, CellValue::Conflict) => CellValue::Conflict,
        (CellValue::Empty, x) | (x, CellValue::Empty) => x,
        (CellValue::Unknown, x) | (x, CellValue::Unknown) => x,
        (CellValue::Known(x), CellValue::Known(y)) => match x.intersection(&y) {
            Some(i) => CellValue::Known(i),
            None => CellValue::Conflict,
        },
    }
}

/// A cell's value in the serialised form.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum WireValue {
    Unknown,
    Conflict,
    Known(Interval),
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCell {
    metric: u32,
    org: u32,
    period: u32,
    source: u32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    has_dups: bool,
    value: WireValue,
}

/// The serialised form: dictionaries, then the non-empty cells.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    metrics: Vec<MetricKey>,
    units: Vec<Unit>,
    orgs: Vec<OrgId>,
    periods: Vec<Period>,
    cells: Vec<WireCell>,
    dups: Vec<Dup>,
    datasets: Vec<Dataset>,
    observations: u32,
    diagnostics: Vec<Diagnostic>,
}

impl serde::Serialize for Partial {
    /// Serialises the dictionaries and the non-empty cells, so a partial
    /// computed elsewhere can be merged here.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut cells = Vec::new();
        for (m, row) in self.cells.iter().enumerate() {
            for o in 0..row.len() {
                for e in self.entries(m as u32, o as u32) {
                    let value = match e.value {
                        CellValue::Empty => continue,
                        CellValue::Unknown => WireValue::Unknown,
                        CellValue::Conflict => WireValue::Conflict,
                        CellValue::Known(i) => WireValue::Known(i),
                    };
                    cells.push(WireCell { metric: m as u32, org: o as u32, period: e.period, source: e.source, has_dups: e.has_dups, value });
                }
            }
        }
        Wire {
            metrics: self.metrics.clone(),
            units: self.units.clone(),
            orgs: self.orgs.clone(),
            periods: self.periods.clone(),
            cells,
            dups: self.dups.clone(),
            datasets: self.datasets.clone(),
            observations: self.next_seq,
            diagnostics: self.diagnostics.clone(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Partial {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Partial, D::Error> {
        use serde::de::Error;
        let w = Wire::deserialize(d)?;
        if w.metrics.len() != w.units.len() {
            return Err(D::Error::custom("a partial needs one unit per metric"));
        }
        let mut p = Partial {
            metric_index: w.metrics.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect(),
            cells: vec![Vec::new(); w.metrics.len()],
            metrics: w.metrics,
            units: w.units,
            orgs: Vec::new(),
            org_index: HashMap::new(),
            periods: Vec::new(),
            period_index: HashMap::new(),
            more: Vec::new(),
            dups: Vec::new(),
            datasets: w.datasets,
            next_seq: w.observations,
            diagnostics: w.diagnostics,
        };
        for o in &w.orgs {
            p.org_index(o);
        }
        for period in &w.periods {
            p.period_index(*period);
        }
        let in_range = |m: u32, o: u32, q: u32| (m as usize) < p.metrics.len() && (o as usize) < p.orgs.len() && (q as usize) < p.periods.len();
        for c in &w.cells {
            if !in_range(c.metric, c.org, c.period) || c.source >= p.next_seq {
                return Err(D::Error::custom(format!("cell ({}, {}, {}) refers past the dictionaries", c.metric, c.org, c.period)));
            }
        }
        for d in &w.dups {
            if !in_range(d.metric, d.org, d.period) || d.seq >= p.next_seq {
                return Err(D::Error::custom(format!("reading ({}, {}, {}) refers past the dictionaries", d.metric, d.org, d.period)));
            }
        }
        if p.orgs.len() != w.orgs.len() || p.periods.len() != w.periods.len() {
            return Err(D::Error::custom("a partial's dictionaries repeat an entry"));
        }
        for c in w.cells {
            let value = match c.value {
                WireValue::Unknown => CellValue::Unknown,
                WireValue::Conflict => CellValue::Conflict,
                WireValue::Known(i) => CellValue::Known(i),
            };
            if p.find(c.metric, c.org, c.period).is_some() {
                return Err(D::Error::custom(format!("cell ({}, {}, {}) appears twice", c.metric, c.org, c.period)));
            }
            p.insert(c.metric, c.org, c.period, value, c.source);
            if let Some(e) = p.find_mut(c.metric, c.org, c.period) {
                e.has_dups = c.has_dups;
            }
        }
        p.dups = w.dups;
        Ok(p)
    }
}
