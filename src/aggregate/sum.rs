//! Exact sums of the cells of metrics whose cells are all for one period,
//! as the roll-up adds them: an exact number is an integer addition.
//!
//! `Decimal` addition of non-negative numbers is exact while the result
//! fits (its mantissa below 2⁹⁶): a non-zero sum has the largest scale of
//! its non-zero terms, and a zero term leaves a sum as it is (a sum of
//! zeros only is the last of them, as written). So a [`Sum`] keeps the
//! mantissas of the non-zero terms at their largest scale, and the last
//! zero by its place in the org tree; wherever [`Sum::total`] gives a
//! value — always, but for sums past 10²⁸ or negative values — it is the
//! very value adding the same terms one by one in tree order gives, in any
//! order they were added. Where it cannot tell, the roll-up totals the
//! metric the general way.

use rust_decimal::Decimal;

use crate::quantity::{Bound, Interval};

use super::partial::{Cell, Pair};

/// 2⁹⁶: the smallest mantissa a `Decimal` cannot hold.
const MANTISSA_LIMIT: u128 = 1 << 96;

/// Adds the non-zero term `mantissa`·10⁻`scale` to the sum `sum`·10⁻`at`
/// exactly, `false` if the sum no longer fits 128 bits.
#[inline(always)]
fn add_exact(sum: &mut u128, at: &mut u8, mantissa: u128, scale: u8) -> bool {
    if scale == *at || *sum == 0 {
        *at = scale;
        match sum.checked_add(mantissa) {
            Some(m) => {
                *sum = m;
                true
            }
            None => false,
        }
    } else {
        add_rescaled(sum, at, mantissa, scale)
    }
}

#[cold]
fn add_rescaled(sum: &mut u128, at: &mut u8, mantissa: u128, scale: u8) -> bool {
    let up = |m: u128, by: u8| 10u128.checked_pow(u32::from(by)).and_then(|p| m.checked_mul(p));
    let (a, b, scale) = if scale > *at {
        (up(*sum, scale - *at), Some(mantissa), scale)
    } else {
        (Some(*sum), up(mantissa, *at - scale), *at)
    };
    match a.zip(b).and_then(|(a, b)| a.checked_add(b)) {
        Some(m) => {
            *sum = m;
            *at = scale;
            true
        }
        None => false,
    }
}

/// `mantissa`·10⁻`scale` as a decimal: `None` for zero or when it does not fit.
fn exact_decimal(mantissa: u128, scale: u8) -> Option<Decimal> {
    if mantissa == 0 || mantissa >= MANTISSA_LIMIT {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa as i128, u32::from(scale)).ok()
}

/// A zero term and its place in tree order: the later of two is kept.
type Zero = Option<(u32, Decimal)>;

fn later(a: Zero, b: Zero) -> Zero {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.0 >= x.0 { y } else { x }),
        (x, y) => x.or(y),
    }
}

/// One side of the sum of intervals that are not one exact number: the
/// exact sum of its non-zero ends, its last zero end, and whether it is
/// open or unbounded.
#[derive(Clone, Copy, Debug, Default)]
struct Side {
    sum: u128,
    scale: u8,
    open: bool,
    unbounded: bool,
    zero: Zero,
}

impl Side {
    /// Adds one end, `false` when the sum leaves what a [`Sum`] keeps.
    fn add(&mut self, bound: Bound, rank: u32) -> bool {
        let d = match bound {
            Bound::Unbounded => {
                self.unbounded = true;
                return true;
            }
            Bound::Closed(d) => d,
            Bound::Open(d) => {
                self.open = true;
                d
            }
        };
        let m = d.mantissa();
        if m == 0 {
            self.zero = later(self.zero, Some((rank, d)));
            true
        } else {
            // A scale is at most 28.
            m > 0 && add_exact(&mut self.sum, &mut self.scale, m as u128, d.scale() as u8)
        }
    }

    /// Adds one end of a [`Pair`]: its mantissa at `scale`, and whether it is open.
    #[inline(always)]
    fn add_end(&mut self, (mantissa, open): (u128, bool), scale: u8, rank: u32) -> bool {
        self.open |= open;
        if mantissa == 0 {
            self.zero = later(self.zero, Some((rank, Decimal::new(0, u32::from(scale)))));
            true
        } else {
            add_exact(&mut self.sum, &mut self.scale, mantissa, scale)
        }
    }

    fn merge(&mut self, other: &Side) -> bool {
        self.open |= other.open;
        self.unbounded |= other.unbounded;
        self.zero = later(self.zero, other.zero);
        other.sum == 0 || add_exact(&mut self.sum, &mut self.scale, other.sum, other.scale)
    }

    /// This side of the total, with the exact numbers' sum (`points` at
    /// `scale`, `zero` their last zero).
    fn total(&self, points: u128, scale: u8, zero: Zero) -> Option<Bound> {
        if self.unbounded {
            return Some(Bound::Unbounded);
        }
        let (mut sum, mut at) = (points, scale);
        if self.sum != 0 && !add_exact(&mut sum, &mut at, self.sum, self.scale) {
            return None;
        }
        let d = match sum {
            0 => later(self.zero, zero)?.1,
            _ => exact_decimal(sum, at)?,
        };
        Some(if self.open { Bound::Open(d) } else { Bound::Closed(d) })
    }
}

/// What a [`Sum`] rarely needs, kept apart so the sums a unit's row is
/// added to stay in the nearest cache: the ends of intervals that are not
/// one exact number, and the last exact zero.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ends {
    lower: Side,
    upper: Side,
    zero: Zero,
}

/// [`Sum::flags`]: some value is known.
const KNOWN: u8 = 1;
/// Some value is not one exact number.
const INTERVALS: u8 = 2;
/// Some value is not one point.
const NOT_EXACT: u8 = 4;
/// Some term or sum is past what a [`Sum`] keeps: negative, or too large.
const INEXACT: u8 = 8;

/// The sum of cells over some units, with their coverage; see the module
/// documentation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sum {
    /// The sum of the non-zero exact numbers' mantissas at `scale`.
    points: u128,
    pub(crate) reported: u32,
    pub(crate) unknown: u32,
    pub(crate) missing: u32,
    scale: u8,
    flags: u8,
}

/// What a [`Sum`] adds up to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Total {
    /// The sum of the known values, `None` without any.
    pub(crate) sum: Option<Interval>,
    /// Whether every known value is one point.
    pub(crate) all_exact: bool,
}

impl Sum {
    pub(crate) const EMPTY: Sum = Sum { points: 0, reported: 0, unknown: 0, missing: 0, scale: 0, flags: 0 };

    /// Adds a unit's positive exact number, `mantissa`·10⁻`scale`, if the
    /// sum is at its scale (or holds no number yet) and does not overflow;
    /// `false`, the sum untouched, otherwise.
    #[inline(always)]
    pub(crate) fn add_positive(&mut self, mantissa: u64, scale: u8) -> bool {
        if mantissa == 0 || !(scale == self.scale || self.points == 0) {
            return false;
        }
        let Some(points) = self.points.checked_add(u128::from(mantissa)) else { return false };
        self.points = points;
        self.scale = scale;
        self.reported += 1;
        self.flags |= KNOWN;
        true
    }

    /// A unit's cell; `rank` is the unit's place in tree order.
    #[inline(always)]
    pub(crate) fn add_cell(&mut self, cell: Cell<'_>, ends: &mut Ends, rank: u32) {
        match cell {
            Cell::Point(d) => {
                self.reported += 1;
                self.flags |= KNOWN;
                let added = d
                    .positive_mantissa()
                    .is_some_and(|m| add_exact(&mut self.points, &mut self.scale, m.into(), d.scale()));
                if !added {
                    self.add_odd_point(d.decimal(), ends, rank);
                }
            }
            Cell::Empty => self.missing += 1,
            Cell::Unknown => self.unknown += 1,
            Cell::Pair(p) => self.add_pair(p, ends, rank),
            Cell::Interval(i) => self.add_interval(*i, ends, rank),
        }
    }

    /// An interval held in place, which is never one point.
    #[inline(always)]
    fn add_pair(&mut self, p: Pair, ends: &mut Ends, rank: u32) {
        self.reported += 1;
        self.flags |= KNOWN | INTERVALS | NOT_EXACT;
        let scale = p.scale();
        if !(ends.lower.add_end(p.lower(), scale, rank) && ends.upper.add_end(p.upper(), scale, rank)) {
            self.flags |= INEXACT;
        }
    }

    /// An exact number that is zero, negative, or past what the sum keeps.
    #[cold]
    fn add_odd_point(&mut self, d: Decimal, ends: &mut Ends, rank: u32) {
        if d.is_zero() {
            ends.zero = later(ends.zero, Some((rank, d)));
        } else {
            self.flags |= INEXACT;
        }
    }

    #[cold]
    fn add_interval(&mut self, i: Interval, ends: &mut Ends, rank: u32) {
        self.reported += 1;
        if !is_point(&i) {
            self.flags |= NOT_EXACT;
        }
        self.flags |= KNOWN | INTERVALS;
        if !(ends.lower.add(i.lower(), rank) && ends.upper.add(i.upper(), rank)) {
            self.flags |= INEXACT;
        }
    }

    /// Adds another sum, of other units.
    pub(crate) fn merge(&mut self, ends: &mut Ends, other: &Sum, their: &Ends) {
        self.reported += other.reported;
        self.unknown += other.unknown;
        self.missing += other.missing;
        self.flags |= other.flags;
        if other.flags & KNOWN == 0 {
            return;
        }
        ends.zero = later(ends.zero, their.zero);
        let fits = (other.points == 0 || add_exact(&mut self.points, &mut self.scale, other.points, other.scale))
            && ends.lower.merge(&their.lower)
            && ends.upper.merge(&their.upper);
        if !fits {
            self.flags |= INEXACT;
        }
    }

    /// The sum, `None` if this sum cannot tell it exactly.
    pub(crate) fn total(&self, ends: &Ends) -> Option<Total> {
        if self.flags & INEXACT != 0 {
            return None;
        }
        let sum = match (self.flags & KNOWN != 0, self.flags & INTERVALS != 0) {
            (false, _) => None,
            (true, false) => Some(Interval::point(match self.points {
                0 => ends.zero?.1,
                _ => exact_decimal(self.points, self.scale)?,
            })),
            (true, true) => {
                let lower = ends.lower.total(self.points, self.scale, ends.zero)?;
                let upper = ends.upper.total(self.points, self.scale, ends.zero)?;
                Some(Interval::new(lower, upper).ok()?)
            }
        };
        Some(Total { sum, all_exact: self.flags & NOT_EXACT == 0 })
    }
}

/// [`Interval::is_point`], without comparing decimals of the same scale.
fn is_point(i: &Interval) -> bool {
    match (i.lower(), i.upper()) {
        (Bound::Closed(a), Bound::Closed(b)) => match (a.serialize(), b.serialize()) {
            (x, y) if x == y => true,
            // Two numbers of one scale and sign are equal only if written alike.
            (x, y) if x[2..4] == y[2..4] => false,
            _ => a == b,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// Adds intervals one by one as the roll-up's general path does.
    fn one_by_one(values: &[Interval]) -> Option<Interval> {
        values.iter().try_fold(None, |sum: Option<Interval>, v| match sum {
            None => Some(Some(*v)),
            Some(s) => s.checked_add(v).map(Some),
        })?
    }

    /// The cell a slot holding `i` reads as.
    fn cell(i: &Interval) -> Cell<'_> {
        match (i.lower(), i.upper()) {
            (Bound::Closed(a), Bound::Closed(b)) if a.serialize() == b.serialize() => {
                super::super::partial::Point::of(a).map_or(Cell::Interval(i), Cell::Point)
            }
            _ => Pair::of(i).map_or(Cell::Interval(i), Cell::Pair),
        }
    }

    #[test]
    fn sums_are_written_as_adding_one_by_one_writes_them() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let cases: Vec<Vec<Interval>> = vec![
            vec![Interval::point(d("1")), Interval::point(d("2.50")), Interval::point(d("0.1"))],
            vec![Interval::point(d("0.00")), Interval::point(d("0")), Interval::point(d("0.0"))],
            vec![Interval::point(d("0.00")), Interval::point(d("3")), Interval::point(d("0.0"))],
            vec![
                Interval::point(d("5")),
                Interval::new(Bound::Open(d("30")), Bound::Open(d("40"))).unwrap(),
                Interval::point(d("0.0")),
                Interval::closed(d("0"), d("2.5")),
            ],
            vec![Interval::closed(d("0"), d("1")), Interval::point(d("0.00")), Interval::closed(d("0.0"), d("1"))],
            vec![Interval::point(d("0.00")), Interval::closed(d("0"), d("1"))],
            vec![Interval::at_least(d("3")), Interval::point(d("1.5"))],
            vec![Interval::point(d("1.0")), Interval::closed(d("1.0"), d("1"))],
            // Held in place: `30余`, `近10`, `约1.5`, and one too large to be.
            vec![
                Interval::new(Bound::Open(d("30")), Bound::Open(d("40"))).unwrap(),
                Interval::new(Bound::Closed(d("0")), Bound::Open(d("10"))).unwrap(),
                Interval::closed(d("1.45"), d("1.55")),
                Interval::point(d("7")),
                Interval::closed(d("100000000"), d("200000000")),
            ],
        ];
        let pairs = cases.iter().flatten().filter(|i| matches!(cell(i), Cell::Pair(_))).count();
        assert_eq!(pairs, 6, "intervals held in place");
        for values in cases {
            let expected = one_by_one(&values);
            // In order, one group; then split in two groups merged, in either order of adding.
            let (mut sum, mut ends) = (Sum::EMPTY, Ends::default());
            for (rank, v) in values.iter().enumerate() {
                sum.add_cell(cell(v), &mut ends, rank as u32);
            }
            let got = sum.total(&ends).unwrap().sum;
            assert_eq!(got.map(|i| i.to_string()), expected.map(|i| i.to_string()), "{values:?}");
            let half = values.len() / 2;
            let (mut a, mut ae, mut b, mut be) = (Sum::EMPTY, Ends::default(), Sum::EMPTY, Ends::default());
            for (rank, v) in values.iter().enumerate().rev() {
                let (s, e) = if rank < half { (&mut a, &mut ae) } else { (&mut b, &mut be) };
                s.add_cell(cell(v), e, rank as u32);
            }
            b.merge(&mut be, &a, &ae);
            let got = b.total(&be).unwrap().sum;
            assert_eq!(got.map(|i| i.to_string()), expected.map(|i| i.to_string()), "{values:?} merged");
            assert_eq!(
                got.map(|i| i.lower().value().map(|d| d.serialize())),
                expected.map(|i| i.lower().value().map(|d| d.serialize()))
            );
        }
    }

    #[test]
    fn negative_and_huge_sums_are_left_to_the_general_path() {
        let (mut sum, mut ends) = (Sum::EMPTY, Ends::default());
        sum.add_cell(cell(&Interval::point(Decimal::from(-1))), &mut ends, 0);
        assert!(sum.total(&ends).is_none());
        let (mut sum, mut ends) = (Sum::EMPTY, Ends::default());
        sum.add_cell(cell(&Interval::point(Decimal::MAX)), &mut ends, 0);
        sum.add_cell(cell(&Interval::point(Decimal::ONE)), &mut ends, 1);
        assert!(sum.total(&ends).is_none());
    }
}
