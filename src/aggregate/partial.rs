//! The mergeable state of a roll-up: one cell per (metric, unit, period),
//! with duplicates merged, conflicts kept, and where each value came from.

use std::collections::HashMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Catalog, Location, MetricKey, Observation, OrgId, OrgUnit, Period};
use crate::quantity::{Bound, Form, IntegerEnds, Interval, Quantity, Readings, Unit, Value};

use super::sum::{Ends, Sum};

/// No entry / no next entry / no period yet.
const NONE: u32 = u32::MAX;

/// [`Partial::single_period`]: the metric's cells are for more than one period.
const MIXED: u32 = u32::MAX - 1;

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

/// One (metric, unit, period) cell as the roll-up reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) period: u32,
    pub(crate) value: CellValue,
    /// The first observation's sequence number.
    pub(crate) source: u32,
    /// Whether `Partial::dups` holds every reading of this cell.
    pub(crate) has_dups: bool,
    /// Whether the (metric, unit) has cells for other periods after this one.
    more: bool,
}

impl Entry {
    /// Whether this is the last cell of its (metric, unit).
    pub(crate) fn next_is_none(&self) -> bool {
        !self.more
    }
}

/// What a [`Slot`] holds, in the low bits of its value.
const KIND: u64 = 0b111;
const EMPTY: u64 = 0;
const UNKNOWN: u64 = 1;
const CONFLICT: u64 = 2;
/// `[d, d]`, with `d` in the slot (see [`Point`]).
const POINT: u64 = 3;
/// Another interval (or an exact number too large for the slot), at the
/// index in the value's high half of `Partial::intervals`.
const INTERVAL: u64 = 4;
/// Not a cell: the (metric, unit) has cells for several periods, in
/// `Partial::more` from the index in the value's high half.
const CHAIN: u64 = 5;
/// An interval that is not one point, of two non-negative ends written
/// at one scale with mantissas below 2²⁶ (`30余` is `(30, 40)`), in the
/// slot (see [`Pair`]).
const PAIR: u64 = 6;
/// Whether `Partial::dups` holds every reading of the cell.
const HAS_DUPS: u64 = 0b1000;
/// A point's sign, scale and mantissa in its value.
const NEGATIVE: u64 = 1 << 15;
const SCALE_SHIFT: u32 = 8;
const MANTISSA_SHIFT: u32 = 16;
/// A pair's open ends, scale and mantissas in its value.
const LOWER_OPEN: u64 = 1 << 4;
const UPPER_OPEN: u64 = 1 << 5;
const PAIR_SCALE_SHIFT: u32 = 6;
const LOWER_SHIFT: u32 = 11;
const UPPER_SHIFT: u32 = 37;
const PAIR_BITS: u32 = 26;

/// One cell: what it holds, with a one-point value (most are: `5次`) in
/// place when its mantissa has at most 48 bits and a small interval
/// (`30余`, `约30`) in place when it is a [`PAIR`], then the period and
/// the first observation's sequence number. A value of zero is an empty
/// slot. The grid holds one per observation in 12 bytes ([`Grid`]).
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    value: u64,
    period: u32,
    source: u32,
}

/// A cell's value as a [`Slot`] stores it.
#[derive(Clone, Copy, Debug)]
enum Stored {
    Empty,
    Unknown,
    Conflict,
    /// A point or a pair as [`in_place`] and [`pair_in_place`] write it.
    InPlace(u64),
    /// An index into `Partial::intervals`.
    Interval(u32),
}

/// An exact number as a slot holds it in place: sign, scale and a
/// mantissa of at most 48 bits (so not a negative zero, which has none).
#[inline(always)]
fn in_place(d: Decimal) -> Option<u64> {
    // Read from the decimal's words: flags (sign, scale), then the
    // mantissa's low, middle and high 32 bits.
    let b = d.serialize();
    let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let (flags, low, mid, high) = (word(0), word(4), word(8), word(12));
    if high != 0 || mid >= 1 << 16 {
        return None;
    }
    let magnitude = u64::from(low) | u64::from(mid) << 32;
    let negative = flags >> 31 != 0;
    if negative && magnitude == 0 {
        return None;
    }
    let sign = if negative { NEGATIVE } else { 0 };
    Some(POINT | sign | u64::from(flags >> 16 & 0xff) << SCALE_SHIFT | magnitude << MANTISSA_SHIFT)
}

/// A value in a metric's unit as a slot holds it in place, if it can: an
/// exact number, or a qualified one whose interval is a [`PAIR`].
#[inline(always)]
fn value_in_place(value: &Value) -> Option<u64> {
    match value.exact_number() {
        Some(d) => in_place(d),
        None => value.qualified_ends(&Readings::default()).as_ref().and_then(pair_in_place),
    }
}

/// An interval as a slot holds it in place, if it is a [`PAIR`].
#[inline(always)]
fn pair_in_place(ends: &IntegerEnds) -> Option<u64> {
    let ((lower, lower_open), (upper, upper_open)) = (ends.lower, ends.upper);
    if upper >= 1 << PAIR_BITS || lower >= upper || ends.scale > 28 {
        return None;
    }
    let open = if lower_open { LOWER_OPEN } else { 0 } | if upper_open { UPPER_OPEN } else { 0 };
    Some(
        PAIR | open
            | u64::from(ends.scale) << PAIR_SCALE_SHIFT
            | (lower as u64) << LOWER_SHIFT
            | (upper as u64) << UPPER_SHIFT,
    )
}

/// The ends of an interval with two non-negative ends written at one scale.
fn integer_ends(i: &Interval) -> Option<IntegerEnds> {
    let end = |b: Bound| match b {
        Bound::Closed(d) => Some((d, false)),
        Bound::Open(d) => Some((d, true)),
        Bound::Unbounded => None,
    };
    let ((lower, lower_open), (upper, upper_open)) = (end(i.lower())?, end(i.upper())?);
    if lower.is_sign_negative() || upper.is_sign_negative() || lower.scale() != upper.scale() {
        return None;
    }
    let mantissa = |d: Decimal| u128::try_from(d.mantissa()).ok();
    Some(IntegerEnds {
        lower: (mantissa(lower)?, lower_open),
        upper: (mantissa(upper)?, upper_open),
        scale: lower.scale(),
    })
}

/// The value a slot holds in place as an interval.
fn in_place_interval(value: u64) -> Option<Interval> {
    match value & KIND {
        POINT => Some(Interval::point(Point(value).decimal())),
        PAIR => Pair(value).ends().interval(),
        _ => None,
    }
}

impl Slot {
    #[inline]
    fn kind(&self) -> u64 {
        self.value & KIND
    }

    #[inline]
    fn is_empty(&self) -> bool {
        self.kind() == EMPTY
    }

    fn new(value: Stored, period: u32, source: u32, has_dups: bool) -> Slot {
        let mut s = Slot { value: 0, period, source };
        s.set_value(value);
        s.set_has_dups(has_dups);
        s
    }

    /// A slot that points to the cells of a (metric, unit) in `Partial::more`.
    fn chain(first: u32) -> Slot {
        Slot { value: CHAIN | u64::from(first) << 32, period: NONE, source: NONE }
    }

    /// The index in the value's high half.
    #[inline]
    fn index(&self) -> u32 {
        (self.value >> 32) as u32
    }

    #[inline]
    fn has_dups(&self) -> bool {
        self.value & HAS_DUPS != 0
    }

    fn set_has_dups(&mut self, yes: bool) {
        if yes {
            self.value |= HAS_DUPS;
        } else {
            self.value &= !HAS_DUPS;
        }
    }

    #[inline]
    fn value(&self) -> Stored {
        match self.kind() {
            UNKNOWN => Stored::Unknown,
            CONFLICT => Stored::Conflict,
            POINT | PAIR => Stored::InPlace(self.value & !HAS_DUPS),
            INTERVAL => Stored::Interval(self.index()),
            _ => Stored::Empty,
        }
    }

    /// Sets the value, keeping the flags.
    fn set_value(&mut self, value: Stored) {
        let flags = self.value & HAS_DUPS;
        self.value = match value {
            Stored::InPlace(p) => p,
            Stored::Interval(i) => INTERVAL | u64::from(i) << 32,
            Stored::Empty => EMPTY,
            Stored::Unknown => UNKNOWN,
            Stored::Conflict => CONFLICT,
        } | flags;
    }
}

/// The grid of slots, by unit then metric, as two arrays: what each slot
/// holds, and its source. A walk that reads the values (a roll-up of
/// one-period metrics) reads 8 bytes a cell. A slot's period is its
/// metric's first one, which nearly every slot has, or else kept aside;
/// so a slot takes 12 bytes.
#[derive(Clone, Debug, Default)]
struct Grid {
    values: Vec<u64>,
    sources: Vec<u32>,
    /// By metric: the period of the first slot that held a value, [`NONE`] before.
    home: Vec<u32>,
    /// By grid index: the period of a slot holding a value for another period.
    odd: HashMap<usize, u32>,
}

impl Grid {
    /// An empty grid for rows of `metrics` slots.
    fn new(metrics: usize) -> Grid {
        Grid { home: vec![NONE; metrics], ..Grid::default() }
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// Slot `i`, of `metric`.
    #[inline]
    fn get(&self, i: usize, metric: u32) -> Option<Slot> {
        let (value, source) = (*self.values.get(i)?, *self.sources.get(i)?);
        Some(Slot { value, period: self.period(i, metric), source })
    }

    /// The period of slot `i`, of `metric`, if it holds a value.
    #[inline]
    fn period(&self, i: usize, metric: u32) -> u32 {
        let home = self.home.get(metric as usize).copied().unwrap_or(NONE);
        match self.odd.is_empty() {
            true => home,
            false => self.odd.get(&i).copied().unwrap_or(home),
        }
    }

    /// The values and sources of the slots in `range`.
    fn row(&self, range: Range<usize>) -> Option<(&[u64], &[u32])> {
        Some((self.values.get(range.clone())?, self.sources.get(range)?))
    }

    /// Sets slot `i`, of `metric`.
    #[inline]
    fn set(&mut self, i: usize, metric: u32, slot: Slot) {
        let (Some(v), Some(s)) = (self.values.get_mut(i), self.sources.get_mut(i)) else { return };
        (*v, *s) = (slot.value, slot.source);
        if self.home.get(metric as usize) != Some(&slot.period) || !self.odd.is_empty() {
            self.set_period(i, metric, &slot);
        }
    }

    /// Keeps the period of slot `i` where [`Grid::get`] finds it.
    #[cold]
    fn set_period(&mut self, i: usize, metric: u32, slot: &Slot) {
        let Some(home) = self.home.get_mut(metric as usize) else { return };
        // A chain or an empty slot has no period of its own.
        let period = if matches!(slot.kind(), CHAIN | EMPTY) { NONE } else { slot.period };
        if *home == NONE {
            *home = period;
        }
        if period == *home || period == NONE {
            self.odd.remove(&i);
        } else {
            self.odd.insert(i, period);
        }
    }

    /// Puts `value` from observation `source` into slot `i` if it is there
    /// and holds nothing, the slot's period its metric's first one.
    #[inline(always)]
    fn put_if_empty(&mut self, i: usize, value: u64, source: u32) -> bool {
        match (self.values.get_mut(i), self.sources.get_mut(i)) {
            (Some(v), Some(s)) if *v & KIND == EMPTY => {
                (*v, *s) = (value, source);
                true
            }
            _ => false,
        }
    }

    /// Whether slot `i` is there and holds nothing.
    #[inline]
    fn is_empty_at(&self, i: usize) -> bool {
        self.values.get(i).is_some_and(|v| v & KIND == EMPTY)
    }

    fn resize(&mut self, len: usize) {
        self.values.resize(len, 0);
        self.sources.resize(len, 0);
    }
}

/// A cell after the first of a (metric, unit) with several periods.
#[derive(Clone, Copy, Debug)]
struct More {
    slot: Slot,
    next: u32,
}

/// One unit's slots by metric, as the roll-up reads a metric whose cells
/// are all for one period.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row<'a> {
    slots: &'a [u64],
    intervals: &'a [Interval],
}

/// A cell as [`Row::cell`] reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    /// Nothing observed.
    Empty,
    /// A placeholder or conflicting readings.
    Unknown,
    /// One exact number, `[d, d]` with both ends written alike.
    Point(Point),
    /// An interval held in place.
    Pair(Pair),
    /// Any other interval.
    Interval(&'a Interval),
}

/// An exact number as a slot holds it in place, read without making a `Decimal`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Point(u64);

impl Point {
    /// The mantissa of a positive number; `None` for zero or a negative one.
    #[inline(always)]
    pub(crate) fn positive_mantissa(&self) -> Option<u64> {
        let m = self.0 >> MANTISSA_SHIFT;
        (self.0 & NEGATIVE == 0 && m != 0).then_some(m)
    }

    /// The scale: the number is the mantissa over 10 to this power.
    #[inline(always)]
    pub(crate) fn scale(&self) -> u8 {
        (self.0 >> SCALE_SHIFT) as u8 & 0x1f
    }

    pub(crate) fn decimal(&self) -> Decimal {
        let m = self.0 >> MANTISSA_SHIFT;
        Decimal::from_parts(m as u32, (m >> 32) as u32, 0, self.0 & NEGATIVE != 0, u32::from(self.scale()))
    }

    /// The number if it fits in place.
    #[cfg(test)]
    pub(crate) fn of(d: Decimal) -> Option<Point> {
        in_place(d).map(Point)
    }
}

/// An interval as a slot holds it in place, read without making a `Decimal`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pair(u64);

impl Pair {
    /// The lower end's mantissa and whether it is open.
    #[inline(always)]
    pub(crate) fn lower(&self) -> (u128, bool) {
        (u128::from(self.0 >> LOWER_SHIFT & ((1 << PAIR_BITS) - 1)), self.0 & LOWER_OPEN != 0)
    }

    /// The upper end's mantissa and whether it is open.
    #[inline(always)]
    pub(crate) fn upper(&self) -> (u128, bool) {
        (u128::from(self.0 >> UPPER_SHIFT & ((1 << PAIR_BITS) - 1)), self.0 & UPPER_OPEN != 0)
    }

    /// The scale of both ends.
    #[inline(always)]
    pub(crate) fn scale(&self) -> u8 {
        (self.0 >> PAIR_SCALE_SHIFT) as u8 & 0x1f
    }

    pub(crate) fn ends(&self) -> IntegerEnds {
        IntegerEnds { lower: self.lower(), upper: self.upper(), scale: u32::from(self.scale()) }
    }

    /// The interval if it fits in place.
    #[cfg(test)]
    pub(crate) fn of(i: &Interval) -> Option<Pair> {
        integer_ends(i).as_ref().and_then(pair_in_place).map(Pair)
    }
}

impl Cell<'_> {
    /// The interval of a known value.
    pub(crate) fn interval(&self) -> Option<Interval> {
        match self {
            Cell::Point(p) => Some(Interval::point(p.decimal())),
            Cell::Pair(p) => p.ends().interval(),
            Cell::Interval(i) => Some(**i),
            Cell::Empty | Cell::Unknown => None,
        }
    }
}

impl<'a> Row<'a> {
    /// The number of slots: the partial's metrics, or none.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Adds each cell to its metric's sum: `sums` and `ends` are by
    /// metric, one for each of the row's slots; `rank` is the unit's place
    /// in tree order.
    #[inline(always)]
    pub(crate) fn add_to(&self, sums: &mut [Sum], ends: &mut [Ends], rank: u32) {
        for ((sum, ends), &v) in sums.iter_mut().zip(ends).zip(self.slots) {
            // The common cell, a positive exact number, is added without making a `Cell`.
            let point = Point(v & !HAS_DUPS);
            if v & (KIND | NEGATIVE) == POINT && sum.add_positive(v >> MANTISSA_SHIFT, point.scale()) {
                continue;
            }
            sum.add_cell(read(v, self.intervals), ends, rank);
        }
    }

    /// The cell of `metric`, whose cells must all be for one period (a
    /// metric with cells for several periods may have none here).
    #[inline]
    pub(crate) fn cell(&self, metric: usize) -> Cell<'a> {
        self.slots.get(metric).map_or(Cell::Empty, |s| read(*s, self.intervals))
    }
}

#[inline(always)]
fn read(value: u64, intervals: &[Interval]) -> Cell<'_> {
    match value & KIND {
        POINT => Cell::Point(Point(value & !HAS_DUPS)),
        PAIR => Cell::Pair(Pair(value & !HAS_DUPS)),
        UNKNOWN | CONFLICT => Cell::Unknown,
        INTERVAL => intervals.get((value >> 32) as usize).map_or(Cell::Unknown, Cell::Interval),
        _ => Cell::Empty,
    }
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
        Stored::InPlace(v) => in_place_interval(v).map_or(CellValue::Unknown, CellValue::Known),
        Stored::Interval(i) => intervals.get(i as usize).map_or(CellValue::Unknown, |i| CellValue::Known(*i)),
    }
}

/// An interval as a slot holds it in place, if it can.
fn in_place_value(i: &Interval) -> Option<u64> {
    as_point(i).and_then(in_place).or_else(|| integer_ends(i).as_ref().and_then(pair_in_place))
}

/// Stores `value`, reusing the place in `intervals` of the value it replaces.
fn store(intervals: &mut Vec<Interval>, value: CellValue, replaces: Stored) -> Stored {
    match value {
        CellValue::Empty => Stored::Empty,
        CellValue::Unknown => Stored::Unknown,
        CellValue::Conflict => Stored::Conflict,
        CellValue::Known(i) => match (in_place_value(&i), replaces) {
            (Some(v), _) => Stored::InPlace(v),
            (None, Stored::Interval(at)) if (at as usize) < intervals.len() => {
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

/// Where a cell's slot is: in the grid, or further on.
#[derive(Clone, Copy, Debug)]
enum At {
    /// A grid index, and the slot's metric.
    Grid(usize, u32),
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
    /// By metric: the place of its unit among the distinct units of the
    /// metrics, which `unit_ids` maps back.
    unit_of_metric: Vec<u32>,
    unit_ids: HashMap<Unit, u32>,
    /// The values of [`Partial::intern_value`].
    interned: Vec<Interned>,
    /// The indices of the last observation [`Partial::push`] added.
    recent: Recent,
    pub(crate) orgs: Vec<OrgId>,
    org_index: HashMap<OrgId, u32>,
    pub(crate) periods: Vec<Period>,
    period_index: HashMap<Period, u32>,
    /// `cells[org * metrics + metric]`: the cell of (metric, unit), or where
    /// its cells are when it has several periods. A unit's row is its
    /// metrics side by side, so units reporting one after another write
    /// one after another; rows are added as units report.
    cells: Grid,
    /// The cells of (metric, unit)s with several periods, in the order
    /// they came, each with the index of the next.
    more: Vec<More>,
    /// By metric: the one period all its cells are for, [`NONE`] without
    /// cells, [`MIXED`] with several.
    single_period: Vec<u32>,
    /// The values of slots that are not one point.
    intervals: Vec<Interval>,
    pub(crate) dups: Vec<Dup>,
    pub(crate) datasets: Vec<Dataset>,
    next_seq: u32,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A value interned in a [`Partial`] by [`Partial::intern_value`], with
/// what pushing it needs: the place of its unit among the metrics' units
/// ([`NONE`] if none has it), and the slot value holding it in place
/// (zero if it cannot).
#[derive(Clone, Debug)]
struct Interned {
    quantity: Quantity,
    unit: u32,
    in_place: u64,
}

/// The metric, unit and period of the last observation [`Partial::push`]
/// added ([`NONE`] before): observations come unit by unit and metric by
/// metric, so the next is first looked for next to them, which costs a
/// comparison of keys rather than a hash. Dictionaries only grow, so these
/// stay valid.
#[derive(Clone, Copy, Debug)]
struct Recent {
    metric: u32,
    org: u32,
    period: u32,
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

/// The index of a value in a [`Partial`], from [`Partial::intern_value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueIndex(u32);

impl Partial {
    /// A partial with no observations for `metrics` in `units` (one unit per metric).
    fn empty(metrics: Vec<MetricKey>, units: Vec<Unit>) -> Partial {
        let mut unit_ids = HashMap::new();
        let unit_of_metric = units
            .iter()
            .map(|u| {
                let next = unit_ids.len() as u32;
                *unit_ids.entry(u.clone()).or_insert(next)
            })
            .collect();
        Partial {
            units,
            unit_of_metric,
            unit_ids,
            interned: Vec::new(),
            recent: Recent { metric: NONE, org: NONE, period: NONE },
            metric_index: metrics.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect(),
            single_period: vec![NONE; metrics.len()],
            cells: Grid::new(metrics.len()),
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
        if let Some(tree) = units {
            let n = tree.iter().count();
            p.orgs.reserve(n);
            p.org_index.reserve(n);
            // Room for a row per unit; rows are written as units report.
            // (At most a gigabyte; a reservation refused only means rows come later.)
            let slots = n.saturating_mul(p.metrics.len()).min(1 << 26);
            let _ = (p.cells.values.try_reserve_exact(slots), p.cells.sources.try_reserve_exact(slots));
            for unit in tree.iter() {
                // One hash per unit: the partial is new, so most are.
                if let std::collections::hash_map::Entry::Vacant(e) = p.org_index.entry(unit.id.clone()) {
                    e.insert(p.orgs.len() as u32);
                    p.orgs.push(unit.id.clone());
                }
            }
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
        let Some(metric) = self.recent_metric(observation.metric.as_str()) else {
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
        let org = match self.orgs.get(self.recent.org as usize) {
            Some(o) if *o == observation.org => OrgIndex(self.recent.org),
            _ => self.org_index(&observation.org),
        };
        let period = match self.periods.get(self.recent.period as usize) {
            Some(p) if *p == observation.period => PeriodIndex(self.recent.period),
            _ => self.period_index(observation.period),
        };
        self.recent = Recent { metric: metric.0, org: org.0, period: period.0 };
        if let Some(location) = observation.source.clone() {
            self.ensure_dataset();
            if let Some(d) = self.datasets.last_mut() {
                d.locations.push((seq, location));
            }
        }
        self.push_indexed(metric, org, period, &observation.value);
    }

    /// The index of metric `key`, looked for first after the last one pushed.
    fn recent_metric(&self, key: &str) -> Option<MetricIndex> {
        let next = self.recent.metric.wrapping_add(1);
        for guess in [next, self.recent.metric] {
            if self.metrics.get(guess as usize).is_some_and(|k| k.as_str() == key) {
                return Some(MetricIndex(guess));
            }
        }
        self.metric_index(key)
    }

    /// Adds one observation by index: the fast path for callers that
    /// intern keys themselves (a CSV reader, a benchmark).
    #[inline(always)]
    pub fn push_indexed(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: &Quantity) {
        // The common case: a value in the metric's own unit that a slot
        // holds in place (`5次`, `30余次`), for a cell that holds nothing
        // yet, of a metric whose cells are all for this period, goes
        // straight into its grid slot (whose period is then the metric's first).
        let own_unit = self.units.get(metric.0 as usize).is_some_and(|u| u == value.unit());
        if own_unit {
            if let Some(v) = value_in_place(value.value()) {
                if self.put_new(metric, org, period, v) {
                    return;
                }
            }
        }
        self.push_slow(metric, org, period, value, own_unit);
    }

    /// [`Partial::put_in_place`] for a new observation, numbered next.
    #[inline(always)]
    fn put_new(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: u64) -> bool {
        let put = self.put_in_place(metric.0, org.0, period.0, value, self.next_seq);
        if put {
            self.take_seq();
        }
        put
    }

    /// Puts `value`, held in place, from observation `source` into the
    /// slot of (metric, org) if it holds nothing and every cell of the
    /// metric is for `period` (the slot's period is then the metric's
    /// first, as the grid wants it); `false`, nothing done, otherwise.
    #[inline(always)]
    fn put_in_place(&mut self, metric: u32, org: u32, period: u32, value: u64, source: u32) -> bool {
        if self.single_period.get(metric as usize) != Some(&period) {
            return false;
        }
        let i = self.grid_index(metric, org);
        self.cells.put_if_empty(i, value, source)
    }

    /// Keeps a value for [`Partial::push_interned`], which pushes it by
    /// index: the fast path for callers that see the same values over and
    /// over (a file of observations holds few distinct values) and read
    /// each once. Interning the same value twice gives two indices.
    ///
    /// ```
    /// use workreport::aggregate::{Partial, Rollup, RollupOptions};
    /// use workreport::{Catalog, Metric, OrgUnit, Period};
    ///
    /// let catalog = Catalog::new(vec![Metric::new("visits".parse()?, "走访", "次".parse()?)])?;
    /// let town = OrgUnit::new("town".parse()?, "X 镇")
    ///     .child(OrgUnit::new("a".parse()?, "A 居委会"))
    ///     .child(OrgUnit::new("b".parse()?, "B 居委会"));
    /// let mut partial = Partial::new(&catalog, Some(&town));
    /// let (metric, year) = (partial.metric_index("visits").unwrap(), partial.period_index(Period::year(2020)?));
    /// let five = partial.intern_value("5次".parse()?);
    /// for unit in ["a", "b"] {
    ///     let org = partial.find_org_index(unit).unwrap();
    ///     partial.push_interned(metric, org, year, five);
    /// }
    /// let rollup = Rollup::from_partial(partial, &catalog, Some(&town), &RollupOptions::new());
    /// assert_eq!(rollup.get("visits", "town", &Period::year(2020)?).unwrap().quantity().to_string(), "10次");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn intern_value(&mut self, value: Quantity) -> ValueIndex {
        let entry = self.interned_entry(value);
        self.interned.push(entry);
        ValueIndex(self.interned.len() as u32 - 1)
    }

    /// Keeps `value` at `index` in place of the value interned there, so
    /// that a caller with a bounded cache of values keeps this partial's
    /// table bounded too; observations pushed before are not changed.
    /// Returns where `value` is kept: `index`, or a new index if this
    /// partial did not give out `index`.
    pub fn replace_value(&mut self, index: ValueIndex, value: Quantity) -> ValueIndex {
        let entry = self.interned_entry(value);
        match self.interned.get_mut(index.0 as usize) {
            Some(old) => {
                *old = entry;
                index
            }
            None => {
                self.interned.push(entry);
                ValueIndex(self.interned.len() as u32 - 1)
            }
        }
    }

    fn interned_entry(&self, value: Quantity) -> Interned {
        let unit = self.unit_ids.get(value.unit()).copied().unwrap_or(NONE);
        let in_place = value_in_place(value.value()).unwrap_or(0);
        Interned { quantity: value, unit, in_place }
    }

    /// Adds one observation by index, its value one that
    /// [`Partial::intern_value`] kept: as [`Partial::push_indexed`] does,
    /// without reading the value again. An index this partial did not give
    /// out is a diagnostic.
    #[inline(always)]
    pub fn push_interned(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: ValueIndex) {
        // The fast path of `push_indexed`, with the unit compared as an index.
        let entry = self.interned.get(value.0 as usize);
        if let (Some(&Interned { unit, in_place, .. }), Some(&own)) =
            (entry, self.unit_of_metric.get(metric.0 as usize))
        {
            if unit == own && in_place != 0 && self.put_new(metric, org, period, in_place) {
                return;
            }
        }
        self.push_interned_slow(metric, org, period, value);
    }

    #[inline(never)]
    fn push_interned_slow(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: ValueIndex) {
        // `push_indexed` reads the value where it is kept, which it never changes.
        let interned = std::mem::take(&mut self.interned);
        match interned.get(value.0 as usize) {
            Some(v) => self.push_indexed(metric, org, period, &v.quantity),
            None => {
                let seq = self.take_seq();
                let message = format!("observation with value #{}, which this partial does not keep", value.0);
                let location = self.location_of(seq, None);
                self.diagnostics.push(Diagnostic::new(Code::InvalidData, Severity::Error, message, location));
            }
        }
        self.interned = interned;
    }

    /// [`Partial::push_indexed`] for a value a slot does not hold in
    /// place, a cell that holds something, or another unit.
    #[inline(never)]
    fn push_slow(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: &Quantity, own_unit: bool) {
        let known = (metric.0 as usize) < self.metrics.len()
            && (org.0 as usize) < self.orgs.len()
            && (period.0 as usize) < self.periods.len();
        if !known {
            let seq = self.take_seq();
            let message = format!(
                "observation `{value}` by index (metric #{}, unit #{}, period #{}) past what this partial holds",
                metric.0, org.0, period.0
            );
            let location = self.location_of(seq, None);
            self.diagnostics.push(Diagnostic::new(Code::InvalidData, Severity::Error, message, location));
            return;
        }
        if own_unit {
            if let Some(i) = self.empty_index(metric.0, org.0) {
                let seq = self.take_seq();
                let cell = value.interval().map_or(CellValue::Unknown, CellValue::Known);
                let stored = store(&mut self.intervals, cell, Stored::Empty);
                self.cells.set(i, metric.0, Slot::new(stored, period.0, seq, false));
                self.note_period(metric.0, period.0);
                return;
            }
        }
        self.push_other(metric, org, period, value);
    }

    /// [`Partial::push_indexed`] for every other case.
    fn push_other(&mut self, metric: MetricIndex, org: OrgIndex, period: PeriodIndex, value: &Quantity) {
        let seq = self.take_seq();
        let unit = &self.units[metric.0 as usize];
        // A bare number (`12`, `1.2万`, blank) is in the metric's dimension.
        let bare = matches!(value.unit().dimension(), crate::quantity::Dimension::Number);
        let cell = if value.unit() == unit {
            // The metric's own unit: nothing to convert, and an exact number is its own interval.
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

    #[inline]
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

    /// The grid index of (metric, org).
    #[inline]
    fn grid_index(&self, metric: u32, org: u32) -> usize {
        (org as usize).saturating_mul(self.metrics.len()).saturating_add(metric as usize)
    }

    /// The grid index of (metric, org) if its slot holds nothing yet, with
    /// the unit's row added if it has none.
    #[inline]
    fn empty_index(&mut self, metric: u32, org: u32) -> Option<usize> {
        let i = self.grid_index(metric, org);
        if i >= self.cells.len() {
            self.add_rows(org);
        }
        self.cells.is_empty_at(i).then_some(i)
    }

    /// Adds empty rows up to `org`'s.
    #[cold]
    fn add_rows(&mut self, org: u32) {
        let end = (org as usize).saturating_add(1).saturating_mul(self.metrics.len());
        if end > self.cells.len() {
            self.cells.resize(end);
        }
    }

    /// Notes that `metric` has a cell for `period`.
    #[inline]
    fn note_period(&mut self, metric: u32, period: u32) {
        if let Some(p) = self.single_period.get_mut(metric as usize) {
            if *p != period {
                *p = if *p == NONE { period } else { MIXED };
            }
        }
    }

    /// The one period every cell of `metric` is for, if it has cells and
    /// they are all for the same period.
    pub(crate) fn single_period(&self, metric: u32) -> Option<u32> {
        self.single_period.get(metric as usize).copied().filter(|&p| p != NONE && p != MIXED)
    }

    /// Whether `metric` has no cells.
    pub(crate) fn has_no_cells(&self, metric: u32) -> bool {
        self.single_period.get(metric as usize).is_none_or(|&p| p == NONE)
    }

    fn insert(&mut self, metric: u32, org: u32, period: u32, value: CellValue, seq: u32) {
        let Some(at) = self.locate(metric, org, period) else {
            let value = store(&mut self.intervals, value, Stored::Empty);
            self.place(metric, org, Slot::new(value, period, seq, false));
            return;
        };
        let slot = self.slot(at);
        let mine = self.value_of(&slot);
        let mut s = slot;
        s.set_value(store(&mut self.intervals, merge_values(mine, value), slot.value()));
        s.set_has_dups(true);
        s.source = slot.source.min(seq);
        self.set_slot(at, s);
        if !slot.has_dups() {
            self.dups.push(Dup { metric, org, period, seq: slot.source, value: known(mine) });
        }
        self.dups.push(Dup { metric, org, period, seq, value: known(value) });
    }

    /// Puts the slot of a new cell, one [`Partial::locate`] does not find:
    /// in the grid if (metric, org) has no cell yet, else after its others.
    fn place(&mut self, metric: u32, org: u32, new: Slot) {
        self.note_period(metric, new.period);
        let i = self.grid_index(metric, org);
        if i >= self.cells.len() {
            self.add_rows(org);
        }
        let Some(head) = self.cells.get(i, metric) else { return };
        match head.kind() {
            EMPTY => self.cells.set(i, metric, new),
            CHAIN => {
                let mut at = head.index() as usize;
                while let Some(next) = self.more.get(at).map(|m| m.next).filter(|&n| n != NONE) {
                    at = next as usize;
                }
                let appended = self.more.len() as u32;
                if let Some(last) = self.more.get_mut(at) {
                    last.next = appended;
                    self.more.push(More { slot: new, next: NONE });
                }
            }
            _ => {
                // A second period: both cells move to `more`, the grid points there.
                let first = self.more.len() as u32;
                self.more.push(More { slot: head, next: first + 1 });
                self.more.push(More { slot: new, next: NONE });
                self.cells.set(i, metric, Slot::chain(first));
            }
        }
    }

    /// The slot at `at`, one [`Partial::locate`] found.
    fn slot(&self, at: At) -> Slot {
        match at {
            At::Grid(i, metric) => self.cells.get(i, metric),
            At::More(i) => self.more.get(i).map(|m| m.slot),
        }
        .unwrap_or_default()
    }

    fn set_slot(&mut self, at: At, slot: Slot) {
        match at {
            At::Grid(i, metric) => self.cells.set(i, metric, slot),
            At::More(i) => {
                if let Some(m) = self.more.get_mut(i) {
                    m.slot = slot;
                }
            }
        }
    }

    #[inline]
    fn value_of(&self, slot: &Slot) -> CellValue {
        decode(slot.value(), &self.intervals)
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
        let their_metrics = other.metrics.len();
        let mut dropped = vec![0usize; their_metrics];
        // Their rows, unit by unit (a partial without metrics has none).
        let rows = other.cells.len().checked_div(their_metrics).unwrap_or(0);
        if let Some(&last) = org_map.get(..rows).and_then(|o| o.iter().max()) {
            self.add_rows(last);
        }
        for (row, &org) in org_map.iter().take(rows).enumerate() {
            let start = row * their_metrics;
            let Some((values, sources)) = other.cells.row(start..start + their_metrics) else { break };
            for (m, ((&value, &source), (&metric, dropped))) in
                values.iter().zip(sources).zip(metric_map.iter().zip(&mut dropped)).enumerate()
            {
                if value & KIND == EMPTY {
                    continue;
                }
                let Some(metric) = metric else {
                    *dropped += 1;
                    continue;
                };
                let head = Slot { value, period: other.cells.period(start + m, m as u32), source };
                let mut cell = match head.kind() {
                    CHAIN => other.more.get(head.index() as usize).copied(),
                    _ => Some(More { slot: head, next: NONE }),
                };
                while let Some(c) = cell {
                    self.merge_slot(metric, org, period_map[c.slot.period as usize], &c.slot, &other.intervals, offset);
                    cell = other.more.get(c.next as usize).copied();
                }
            }
        }
        for (m, dropped) in dropped.into_iter().enumerate().filter(|(_, d)| *d > 0) {
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
        // A new cell here, the common case: its slot moves as it is,
        // straight in when its period is the one of every cell of the metric.
        if !matches!(theirs.kind(), INTERVAL) {
            if self.put_in_place(metric, org, period, theirs.value, seq) {
                return;
            }
            if let Some(i) = self.empty_index(metric, org) {
                self.cells.set(i, metric, Slot { period, source: seq, ..*theirs });
                self.note_period(metric, period);
                return;
            }
        }
        let Some(at) = self.locate(metric, org, period) else {
            let value = match theirs.value() {
                Stored::Interval(_) => {
                    store(&mut self.intervals, decode(theirs.value(), their_intervals), Stored::Empty)
                }
                value => value,
            };
            self.place(metric, org, Slot::new(value, period, seq, theirs.has_dups()));
            return;
        };
        let slot = self.slot(at);
        let (mine, their_value) = (self.value_of(&slot), decode(theirs.value(), their_intervals));
        if !slot.has_dups() {
            self.dups.push(Dup { metric, org, period, seq: slot.source, value: known(mine) });
        }
        if !theirs.has_dups() {
            self.dups.push(Dup { metric, org, period, seq, value: known(their_value) });
        }
        let mut s = slot;
        s.set_value(store(&mut self.intervals, merge_values(mine, their_value), slot.value()));
        s.source = slot.source.min(seq);
        s.set_has_dups(true);
        self.set_slot(at, s);
    }

    /// Where the slot of a cell is, if the cell holds anything.
    fn locate(&self, metric: u32, org: u32, period: u32) -> Option<At> {
        let i = self.grid_index(metric, org);
        let head = self.cells.get(i, metric)?;
        match head.kind() {
            EMPTY => None,
            CHAIN => {
                let mut at = head.index();
                while let Some(m) = self.more.get(at as usize) {
                    if m.slot.period == period {
                        return Some(At::More(at as usize));
                    }
                    at = m.next;
                }
                None
            }
            _ => (head.period == period).then_some(At::Grid(i, metric)),
        }
    }

    /// The cells of (metric, org), one per period, without allocating.
    #[inline]
    pub(crate) fn entries(&self, metric: u32, org: u32) -> impl Iterator<Item = Entry> + '_ {
        let head = match self.metrics.get(metric as usize) {
            Some(_) => self.cells.get(self.grid_index(metric, org), metric),
            None => None,
        };
        let mut next = match head {
            Some(h) if h.kind() == CHAIN => self.more.get(h.index() as usize).copied(),
            Some(h) if !h.is_empty() => Some(More { slot: h, next: NONE }),
            _ => None,
        };
        std::iter::from_fn(move || {
            let m = next?;
            next = self.more.get(m.next as usize).copied();
            Some(self.entry(&m.slot, next.is_some()))
        })
    }

    #[inline]
    fn entry(&self, slot: &Slot, more: bool) -> Entry {
        Entry { period: slot.period, value: self.value_of(slot), source: slot.source, has_dups: slot.has_dups(), more }
    }

    /// The row of a unit: its slots by metric, empty if it has none.
    #[inline]
    pub(crate) fn row(&self, org: u32) -> Row<'_> {
        let m = self.metrics.len();
        let start = (org as usize).saturating_mul(m);
        Row { slots: self.cells.values.get(start..start.saturating_add(m)).unwrap_or(&[]), intervals: &self.intervals }
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
        let rows = self.cells.len().checked_div(self.metrics.len()).unwrap_or(0);
        for m in 0..self.metrics.len() {
            for o in 0..rows {
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
                let mut s = p.slot(at);
                s.set_has_dups(c.has_dups);
                p.set_slot(at, s);
            }
        }
        p.dups = w.dups;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// The ends of an interval as written: value text and openness.
    fn written(i: &Interval) -> [(Option<String>, bool); 2] {
        [i.lower(), i.upper()].map(|b| (b.value().map(|d| d.to_string()), matches!(b, Bound::Open(_))))
    }

    #[test]
    fn values_held_in_place_read_back_as_written() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let open = |a: &str, b: &str| Interval::new(Bound::Open(d(a)), Bound::Open(d(b))).unwrap();
        let cases = [
            // (interval, held in place)
            (Interval::point(d("5")), true),
            (Interval::point(d("-2.50")), true),
            (Interval::point(d("0.000")), true),
            (Interval::point(d("281474976710655")), true),
            (Interval::point(d("281474976710656")), false),
            (open("30", "40"), true),
            (Interval::new(Bound::Closed(d("0")), Bound::Open(d("10"))).unwrap(), true),
            (Interval::closed(d("1.45"), d("1.55")), true),
            (Interval::closed(d("0"), d("67108863")), true),
            (Interval::closed(d("0"), d("67108864")), false),
            (Interval::closed(d("1.0"), d("2")), false),
            (Interval::closed(d("-1"), d("2")), false),
            (Interval::closed(d("1.0"), d("1")), false),
            (Interval::at_least(d("3")), false),
        ];
        for (interval, fits) in cases {
            let held = in_place_value(&interval);
            assert_eq!(held.is_some(), fits, "{interval}");
            if let Some(v) = held {
                let back = in_place_interval(v).unwrap();
                assert_eq!(written(&back), written(&interval), "{interval}");
            }
        }
    }
}
