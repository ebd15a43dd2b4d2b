//! The mergeable state of a roll-up: one cell per (metric, unit, period),
//! with duplicates merged, conflicts kept, and where each value came from.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Catalog, Location, MetricKey, Observation, OrgId, OrgUnit, Period};
use crate::quantity::{Bound, Form, Interval, Quantity, Unit};

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

/// One (metric, unit, period) cell as the roll-up reads it. Cells of the
/// same (metric, unit) form a chain through `next`, so the grid stays dense
/// over metric × unit.
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
    /// Whether this is the last entry of its chain.
    pub(crate) fn next_is_none(&self) -> bool {
        self.next == NONE
    }
}

/// An [`Entry`] as the grid stores it: 36 bytes rather than 56, since the
/// grid holds one per observation. A one-point value (most are: `5次`) is
/// kept in place; any other interval sits in `Partial::intervals`.
#[derive(Clone, Copy, Debug)]
struct Slot {
    period: u32,
    source: u32,
    next: u32,
    has_dups: bool,
    value: Stored,
}

impl Slot {
    const EMPTY: Slot = Slot { period: NONE, source: NONE, next: NONE, has_dups: false, value: Stored::Empty };
}

/// A [`CellValue`] as a [`Slot`] stores it.
#[derive(Clone, Copy, Debug)]
enum Stored {
    Empty,
    Unknown,
    Conflict,
    /// `[d, d]`.
    Point(Decimal),
    /// An index into `Partial::intervals`.
    Interval(u32),
}

/// The number of a one-point interval whose ends are written the same
/// (`[1.0, 1]` is one point, but not written the same way twice).
fn as_point(i: &Interval) -> Option<Decimal> {
    match (i.lower(), i.upper()) {
        (Bound::Closed(a), Bound::Closed(b)) if a.serialize() == b.serialize() => Some(a),
        _ => None,
    }
}

/// The value a slot stores, with `intervals` its partial's.
#[inline]
fn decode(value: Stored, intervals: &[Interval]) -> CellValue {
    match value {
        Stored::Empty => CellValue::Empty,
        Stored::Unknown => CellValue::Unknown,
        Stored::Conflict => CellValue::Conflict,
        Stored::Point(d) => CellValue::Known(Interval::point(d)),
        Stored::Interval(i) => intervals.get(i as usize).map_or(CellValue::Unknown, |i| CellValue::Known(*i)),
    }
}

/// Stores `value`, reusing the place in `intervals` of the value it replaces.
fn store(intervals: &mut Vec<Interval>, value: CellValue, replaces: Stored) -> Stored {
    match value {
        CellValue::Empty => Stored::Empty,
        CellValue::Unknown => Stored::Unknown,
        CellValue::Conflict => Stored::Conflict,
        CellValue::Known(i) => match (as_point(&i), replaces) {
            (Some(d), _) => Stored::Point(d),
            (None, Stored::Interval(at)) => {
                intervals[at as usize] = i;
                Stored::Interval(at)
            }
            (None, _) => {
                intervals.push(i);
                Stored::Interval((intervals.len() - 1) as u32)
            }
        },
    }
}

/// Units per chunk of a grid row: a row grows a chunk at a time, and a
/// chunk is never moved, so building a million cells copies none.
const CHUNK: usize = 1024;

/// The heads of one metric's chains, by unit index, in chunks of [`CHUNK`]
/// units; every chunk but the last is full.
#[derive(Clone, Debug, Default)]
struct Row {
    chunks: Vec<Vec<Slot>>,
}

impl Row {
    fn len(&self) -> usize {
        self.chunks.last().map_or(0, |c| (self.chunks.len() - 1) * CHUNK + c.len())
    }

    #[inline]
    fn get(&self, org: usize) -> Option<&Slot> {
        self.chunks.get(org / CHUNK)?.get(org % CHUNK)
    }

    fn get_mut(&mut self, org: usize) -> Option<&mut Slot> {
        self.chunks.get_mut(org / CHUNK)?.get_mut(org % CHUNK)
    }

    fn iter(&self) -> impl Iterator<Item = &Slot> {
        self.chunks.iter().flatten()
    }

    /// Puts `slot` at `org`, at or past the end, with empty slots between.
    /// A new chunk holds [`CHUNK`] units, or the units known that are left.
    fn push_at(&mut self, org: usize, slot: Slot, units_known: usize) {
        loop {
            if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
                let start = self.chunks.len() * CHUNK;
                self.chunks.push(Vec::with_capacity(units_known.saturating_sub(start).clamp(1, CHUNK)));
            }
            let start = (self.chunks.len() - 1) * CHUNK;
            let Some(chunk) = self.chunks.last_mut() else { return };
            if org - start < CHUNK {
                // A new head: written once, never read back.
                chunk.resize(org - start, Slot::EMPTY);
                chunk.push(slot);
                return;
            }
            chunk.resize(CHUNK, Slot::EMPTY);
        }
    }
}

/// Where a cell's slot is: the head of its chain in the grid, or further on.
#[derive(Clone, Copy, Debug)]
enum At {
    Head(usize, usize),
    More(usize),
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
    /// Rows of the source before this dataset's first observation: a
    /// dataset read from the middle of a file numbers its rows from there.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) rows_before: u64,
    /// Locations given with observations, by sequence number.
    pub(crate) locations: Vec<(u32, Location)>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Dataset {
    /// Whether this dataset goes on where `earlier` stops: the same source,
    /// rows numbered on from it, so one dataset can stand for both.
    fn continues(&self, earlier: &Dataset) -> bool {
        self.rows_before > 0
            && self.name == earlier.name
            && self.first.checked_sub(earlier.first).map(u64::from) == self.rows_before.checked_sub(earlier.rows_before)
    }
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
    /// `cells[metric]`, by unit: the first entry of the chain.
    cells: Vec<Row>,
    /// Entries after the first of a chain.
    more: Vec<Slot>,
    /// The values of slots that are not one point.
    intervals: Vec<Interval>,
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
    /// A partial with no observations for `metrics` in `units` (one unit per metric).
    fn empty(metrics: Vec<MetricKey>, units: Vec<Unit>) -> Partial {
        Partial {
            units,
            metric_index: metrics.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect(),
            cells: vec![Row::default(); metrics.len()],
            metrics,
            orgs: Vec::new(),
            org_index: HashMap::new(),
            periods: Vec::new(),
            period_index: HashMap::new(),
            more: Vec::new(),
            intervals: Vec::new(),
            dups: Vec::new(),
            datasets: Vec::new(),
            next_seq: 0,
            diagnostics: Vec::new(),
        }
    }

    /// An empty partial for the metrics of `catalog`, with the units of
    /// `units` known in advance (others are added as they are seen).
    pub fn new(catalog: &Catalog, units: Option<&OrgUnit>) -> Partial {
        let metrics = catalog.iter().map(|m| m.key.clone()).collect();
        let mut p = Partial::empty(metrics, catalog.iter().map(|m| m.unit.clone()).collect());
        for unit in units.iter().flat_map(|u| u.iter()) {
            p.org_index(&unit.id);
        }
        p
    }

    /// Starts a dataset: the observations pushed next come from `name` (a
    /// file, a report), numbered from 0 within it.
    pub fn dataset(&mut self, name: impl Into<String>) {
        self.dataset_after(name, 0);
    }

    /// Starts a dataset whose source has `rows_before` rows before the
    /// observations pushed next (one chunk of a file read in parallel).
    pub(crate) fn dataset_after(&mut self, name: impl Into<String>, rows_before: u64) {
        self.datasets.push(Dataset { name: name.into(), first: self.next_seq, rows_before, locations: Vec::new() });
    }

    /// An empty partial over the same metrics, for a chunk of observations
    /// that is merged back into this one.
    pub(crate) fn fresh(&self) -> Partial {
        Partial::empty(self.metrics.clone(), self.units.clone())
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
                format!(
                    "observation of `{}` for `{}`: the catalog has no such metric",
                    observation.metric, observation.org
                ),
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
        let cell = if value.unit() == unit {
            // The metric's own unit (the common case): nothing to convert,
            // and an exact number (the commonest) is its own interval.
            match (value.value().form(), value.value().number()) {
                (Form::Exact, Some(d)) => CellValue::Known(Interval::point(d)),
                _ => value.interval().map_or(CellValue::Unknown, CellValue::Known),
            }
        } else if value.is_unknown() && (bare || value.unit().same_dimension(unit)) {
            CellValue::Unknown
        } else {
            let as_metric = match bare {
                true => unit.with_scale(value.unit().scale()).ok().map(|u| Quantity::new(value.value().clone(), u)),
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
                let row = (u64::from(seq - d.first) + 1).saturating_add(d.rows_before);
                Location::new(format!("{} row {row}", d.name))
            }
            None => Location::new(format!("observations row {}", u64::from(seq) + 1)),
        }
    }

    fn insert(&mut self, metric: u32, org: u32, period: u32, value: CellValue, seq: u32) {
        // A new head, the common case: one look at the row.
        let units_known = self.orgs.len();
        let row = &mut self.cells[metric as usize];
        if row.get(org as usize).is_none_or(|head| head.period == NONE) {
            let value = store(&mut self.intervals, value, Stored::Empty);
            let new = Slot { period, source: seq, next: NONE, has_dups: false, value };
            match row.get_mut(org as usize) {
                Some(head) => *head = new,
                None => row.push_at(org as usize, new, units_known),
            }
            return;
        }
        let Some(at) = self.locate(metric, org, period) else {
            let value = store(&mut self.intervals, value, Stored::Empty);
            self.place(metric, org, Slot { period, source: seq, next: NONE, has_dups: false, value });
            return;
        };
        let slot = *self.slot(at);
        let mine = self.value_of(&slot);
        let merged = store(&mut self.intervals, merge_values(mine, value), slot.value);
        let s = self.slot_mut(at);
        s.value = merged;
        s.has_dups = true;
        s.source = slot.source.min(seq);
        if !slot.has_dups {
            self.dups.push(Dup { metric, org, period, seq: slot.source, value: known(mine) });
        }
        self.dups.push(Dup { metric, org, period, seq, value: known(value) });
    }

    /// Puts the slot of a new cell, one [`Partial::locate`] does not find,
    /// at the head of its chain or at its end.
    fn place(&mut self, metric: u32, org: u32, new: Slot) {
        let units_known = self.orgs.len();
        let row = &mut self.cells[metric as usize];
        let Some(head) = row.get_mut(org as usize) else {
            row.push_at(org as usize, new, units_known);
            return;
        };
        if head.period == NONE {
            *head = new;
            return;
        }
        let mut at = At::Head(metric as usize, org as usize);
        while self.slot(at).next != NONE {
            at = At::More(self.slot(at).next as usize);
        }
        let appended = self.more.len() as u32;
        self.slot_mut(at).next = appended;
        self.more.push(new);
    }

    fn slot(&self, at: At) -> &Slot {
        match at {
            At::Head(m, o) => &self.cells[m].chunks[o / CHUNK][o % CHUNK],
            At::More(i) => &self.more[i],
        }
    }

    fn slot_mut(&mut self, at: At) -> &mut Slot {
        match at {
            At::Head(m, o) => &mut self.cells[m].chunks[o / CHUNK][o % CHUNK],
            At::More(i) => &mut self.more[i],
        }
    }

    #[inline]
    fn value_of(&self, slot: &Slot) -> CellValue {
        decode(slot.value, &self.intervals)
    }

    #[inline]
    fn entry(&self, slot: &Slot) -> Entry {
        Entry {
            period: slot.period,
            value: self.value_of(slot),
            source: slot.source,
            has_dups: slot.has_dups,
            next: slot.next,
        }
    }

    /// Merges `other` into this partial. The result holds the same cells,
    /// readings and sources whichever partial is merged into which.
    pub fn merge(&mut self, mut other: Partial) {
        let offset = self.next_seq;
        let metric_map: Vec<Option<u32>> = other.metrics.iter().map(|k| self.metric_index.get(k).copied()).collect();
        let org_map: Vec<u32> = other.orgs.iter().map(|o| self.org_index(o).0).collect();
        let period_map: Vec<u32> = other.periods.iter().map(|p| self.period_index(*p).0).collect();
        for d in std::mem::take(&mut other.dups) {
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
                        format!(
                            "merged partial has {dropped} unit(s) of metric `{}`, which this catalog does not have",
                            other.metrics[m]
                        ),
                        Location::default(),
                    ));
                }
                continue;
            };
            for (o, head) in row.iter().enumerate() {
                let mut slot = *head;
                while slot.period != NONE {
                    let period = period_map[slot.period as usize];
                    self.merge_slot(metric, org_map[o], period, &slot, &other.intervals, offset);
                    if slot.next == NONE {
                        break;
                    }
                    slot = other.more[slot.next as usize];
                }
            }
        }
        for mut d in other.datasets {
            d.first += offset;
            for (s, _) in &mut d.locations {
                *s += offset;
            }
            match self.datasets.last_mut() {
                Some(last) if d.continues(last) => last.locations.append(&mut d.locations),
                _ => self.datasets.push(d),
            }
        }
        self.diagnostics.extend(other.diagnostics);
        self.next_seq = self.next_seq.saturating_add(other.next_seq);
    }

    /// Merges a cell of another partial, whose non-point values are in `their_intervals`.
    fn merge_slot(
        &mut self,
        metric: u32,
        org: u32,
        period: u32,
        theirs: &Slot,
        their_intervals: &[Interval],
        offset: u32,
    ) {
        let seq = theirs.source + offset;
        let Some(at) = self.locate(metric, org, period) else {
            // A new cell here: its slot moves as it is.
            let value = match theirs.value {
                Stored::Interval(_) => store(&mut self.intervals, decode(theirs.value, their_intervals), Stored::Empty),
                value => value,
            };
            self.place(metric, org, Slot { period, source: seq, next: NONE, has_dups: theirs.has_dups, value });
            return;
        };
        let slot = *self.slot(at);
        let (mine, their_value) = (self.value_of(&slot), decode(theirs.value, their_intervals));
        if !slot.has_dups {
            self.dups.push(Dup { metric, org, period, seq: slot.source, value: known(mine) });
        }
        if !theirs.has_dups {
            self.dups.push(Dup { metric, org, period, seq, value: known(their_value) });
        }
        let merged = store(&mut self.intervals, merge_values(mine, their_value), slot.value);
        let s = self.slot_mut(at);
        s.value = merged;
        s.source = slot.source.min(seq);
        s.has_dups = true;
    }

    /// Where the slot of a cell is, if the cell holds anything.
    fn locate(&self, metric: u32, org: u32, period: u32) -> Option<At> {
        let head = self.cells.get(metric as usize)?.get(org as usize)?;
        let mut at = At::Head(metric as usize, org as usize);
        let mut slot = head;
        loop {
            if slot.period == NONE {
                return None;
            }
            if slot.period == period {
                return Some(at);
            }
            if slot.next == NONE {
                return None;
            }
            at = At::More(slot.next as usize);
            slot = &self.more[slot.next as usize];
        }
    }

    /// The cells of (metric, org), one per period, without allocating.
    #[inline]
    pub(crate) fn entries(&self, metric: u32, org: u32) -> impl Iterator<Item = Entry> + '_ {
        let head = self.cells.get(metric as usize).and_then(|r| r.get(org as usize)).copied();
        let mut next = head.filter(|e| e.period != NONE);
        std::iter::from_fn(move || {
            let slot = next?;
            next = (slot.next != NONE).then(|| self.more[slot.next as usize]);
            Some(self.entry(&slot))
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
                    cells.push(WireCell {
                        metric: m as u32,
                        org: o as u32,
                        period: e.period,
                        source: e.source,
                        has_dups: e.has_dups,
                        value,
                    });
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
        let mut p = Partial::empty(w.metrics, w.units);
        p.datasets = w.datasets;
        p.next_seq = w.observations;
        p.diagnostics = w.diagnostics;
        for o in &w.orgs {
            p.org_index(o);
        }
        for period in &w.periods {
            p.period_index(*period);
        }
        let in_range = |m: u32, o: u32, q: u32| {
            (m as usize) < p.metrics.len() && (o as usize) < p.orgs.len() && (q as usize) < p.periods.len()
        };
        for c in &w.cells {
            if !in_range(c.metric, c.org, c.period) || c.source >= p.next_seq {
                return Err(D::Error::custom(format!(
                    "cell ({}, {}, {}) refers past the dictionaries",
                    c.metric, c.org, c.period
                )));
            }
        }
        for d in &w.dups {
            if !in_range(d.metric, d.org, d.period) || d.seq >= p.next_seq {
                return Err(D::Error::custom(format!(
                    "reading ({}, {}, {}) refers past the dictionaries",
                    d.metric, d.org, d.period
                )));
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
            if p.locate(c.metric, c.org, c.period).is_some() {
                return Err(D::Error::custom(format!("cell ({}, {}, {}) appears twice", c.metric, c.org, c.period)));
            }
            p.insert(c.metric, c.org, c.period, value, c.source);
            if let Some(at) = p.locate(c.metric, c.org, c.period) {
                p.slot_mut(at).has_dups = c.has_dups;
            }
        }
        p.dups = w.dups;
        Ok(p)
    }
}
