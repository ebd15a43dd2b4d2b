//! Intervals of decimals: what a written value means, and how values add.

use std::fmt;

use rust_decimal::Decimal;

/// One end of an [`Interval`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// No bound: −∞ as a lower end, +∞ as an upper end.
    Unbounded,
    /// The end is included.
    Closed(Decimal),
    /// The end is excluded.
    Open(Decimal),
}

impl Bound {
    /// The end's value, `None` when unbounded.
    pub fn value(self) -> Option<Decimal> {
        match self {
            Bound::Unbounded => None,
            Bound::Closed(d) | Bound::Open(d) => Some(d),
        }
    }

    fn is_open(self) -> bool {
        matches!(self, Bound::Open(_))
    }

    /// The sum of two ends of the same side: unbounded if either is, open
    /// if either is; `None` on overflow.
    #[inline(always)]
    fn checked_add(self, other: Bound) -> Option<Bound> {
        Some(match (self, other) {
            (Bound::Closed(a), Bound::Closed(b)) => Bound::Closed(a.checked_add(b)?),
            (Bound::Open(a) | Bound::Closed(a), Bound::Open(b)) | (Bound::Open(a), Bound::Closed(b)) => {
                Bound::Open(a.checked_add(b)?)
            }
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
        })
    }

    fn checked_mul(self, factor: Decimal) -> Option<Bound> {
        Some(match self {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(d) => Bound::Closed(d.checked_mul(factor)?),
            Bound::Open(d) => Bound::Open(d.checked_mul(factor)?),
        })
    }
}

/// A set of decimals between a lower and an upper [`Bound`]: the meaning of
/// a written value such as `30余` (30, 40) or `5` [5, 5].
///
/// Equality is equality of sets: `[1.0, 2]` equals `[1, 2.00]`.
///
/// ```
/// use rust_decimal::Decimal;
/// use workreport::{Bound, Interval};
///
/// let a = Interval::new(Bound::Open(Decimal::from(30)), Bound::Open(Decimal::from(40)))?;
/// let b = Interval::point(Decimal::from(5));
/// let sum = a.checked_add(&b).unwrap();
/// assert_eq!(sum.to_string(), "(35, 45)");
/// assert!(!sum.is_point());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    lower: Bound,
    upper: Bound,
}

/// The ends given to [`Interval::new`] describe an empty set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interval {lower} .. {upper} is empty")]
pub struct EmptyIntervalError {
    lower: Decimal,
    upper: Decimal,
}

impl Interval {
    /// Every decimal: what a sum with an unbounded part on both sides means.
    pub const ALL: Interval = Interval { lower: Bound::Unbounded, upper: Bound::Unbounded };

    /// An interval between two ends.
    ///
    /// # Errors
    ///
    /// When the set is empty: lower above upper, or equal ends not both closed.
    pub fn new(lower: Bound, upper: Bound) -> Result<Interval, EmptyIntervalError> {
        if let (Some(l), Some(u)) = (lower.value(), upper.value()) {
            // Ends written to the same scale (the common case) compare by their mantissas.
            let order = if l.scale() == u.scale() { l.mantissa().cmp(&u.mantissa()) } else { l.cmp(&u) };
            let empty = order.is_gt() || (order.is_eq() && (lower.is_open() || upper.is_open()));
            if empty {
                return Err(EmptyIntervalError { lower: l, upper: u });
            }
        }
        Ok(Interval { lower, upper })
    }

    /// The one-point interval [d, d].
    pub fn point(d: Decimal) -> Interval {
        Interval { lower: Bound::Closed(d), upper: Bound::Closed(d) }
    }

    /// The closed interval [lower, upper], ends swapped if out of order.
    pub fn closed(a: Decimal, b: Decimal) -> Interval {
        let (lower, upper) = if a <= b { (a, b) } else { (b, a) };
        Interval { lower: Bound::Closed(lower), upper: Bound::Closed(upper) }
    }

    /// [d, +∞).
    pub fn at_least(d: Decimal) -> Interval {
        Interval { lower: Bound::Closed(d), upper: Bound::Unbounded }
    }

    /// The lower end.
    pub fn lower(&self) -> Bound {
        self.lower
    }

    /// The upper end.
    pub fn upper(&self) -> Bound {
        self.upper
    }

    /// Whether the interval holds exactly one number.
    pub fn is_point(&self) -> bool {
        matches!((self.lower, self.upper), (Bound::Closed(a), Bound::Closed(b)) if a == b)
    }

    /// Whether `d` lies in the interval.
    pub fn contains(&self, d: Decimal) -> bool {
        let above = match self.lower {
            Bound::Unbounded => true,
            Bound::Closed(l) => d >= l,
            Bound::Open(l) => d > l,
        };
        let below = match self.upper {
            Bound::Unbounded => true,
            Bound::Closed(u) => d <= u,
            Bound::Open(u) => d < u,
        };
        above && below
    }

    /// Whether the two intervals share at least one number: the test XBRL
    /// Calculations 1.1 uses to call a stated total consistent with its parts.
    pub fn overlaps(&self, other: &Interval) -> bool {
        fn lower_below_upper(l: Bound, u: Bound) -> bool {
            match (l, u) {
                (Bound::Unbounded, _) | (_, Bound::Unbounded) => true,
                (Bound::Closed(l), Bound::Closed(u)) => l <= u,
                (l, u) => l.value() < u.value(),
            }
        }
        lower_below_upper(self.lower, other.upper) && lower_below_upper(other.lower, self.upper)
    }

    /// The sum of two intervals, `None` on overflow.
    ///
    /// Each end is the sum of the ends; an end is open if either summand's
    /// is, and unbounded if either is.
    #[inline]
    pub fn checked_add(&self, other: &Interval) -> Option<Interval> {
        Some(Interval { lower: self.lower.checked_add(other.lower)?, upper: self.upper.checked_add(other.upper)? })
    }

    /// The interval times a non-negative factor, `None` on overflow or a
    /// negative factor.
    pub fn checked_scale(&self, factor: Decimal) -> Option<Interval> {
        if factor.is_sign_negative() && !factor.is_zero() {
            return None;
        }
        Some(Interval { lower: self.lower.checked_mul(factor)?, upper: self.upper.checked_mul(factor)? })
    }
}

impl Interval {
    /// The same interval with the ends' trailing zeros dropped: `20.00` is
    /// written `20`.
    pub fn normalized(&self) -> Interval {
        let n = |b: Bound| match b {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(d) => Bound::Closed(d.normalize()),
            Bound::Open(d) => Bound::Open(d.normalize()),
        };
        Interval { lower: n(self.lower), upper: n(self.upper) }
    }

    /// The numbers in both intervals, `None` when they share none. Two
    /// readings of one figure that agree meet in their intersection.
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        let lower = tighter_lower(self.lower, other.lower);
        let upper = tighter_upper(self.upper, other.upper);
        Interval::new(lower, upper).ok()
    }

    /// The smallest interval holding both.
    pub fn hull(&self, other: &Interval) -> Interval {
        let lower = match (self.lower, other.lower) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
            (a, b) => loosest(a, b, |x, y| x < y),
        };
        let upper = match (self.upper, other.upper) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
            (a, b) => loosest(a, b, |x, y| x > y),
        };
        Interval { lower, upper }
    }

    /// `-self`.
    pub fn checked_neg(&self) -> Option<Interval> {
        let neg = |b: Bound| match b {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(d) => Bound::Closed(-d),
            Bound::Open(d) => Bound::Open(-d),
        };
        Some(Interval { lower: neg(self.upper), upper: neg(self.lower) })
    }

    /// `self - other`: every difference of a number of each, `None` on overflow.
    pub fn checked_sub(&self, other: &Interval) -> Option<Interval> {
        self.checked_add(&other.checked_neg()?)
    }

    /// `self / other`: every quotient of a number of each. `None` when
    /// `other` holds zero or is unbounded, or on overflow. Quotients are
    /// rounded to the 28 significant digits a decimal holds.
    pub fn checked_div(&self, other: &Interval) -> Option<Interval> {
        let (_, upper) = (other.lower.value()?, other.upper.value()?);
        if other.contains(Decimal::ZERO) {
            return None;
        }
        if upper.is_sign_negative() {
            return self.checked_neg()?.checked_div(&other.checked_neg()?);
        }
        // Positive divisor [c, d]: the lower end divides by d when
        // non-negative, by c when negative; the upper end the other way.
        let div = |b: Bound, by: Bound| -> Option<Bound> {
            let (Some(x), Some(y)) = (b.value(), by.value()) else { return Some(Bound::Unbounded) };
            let q = x.checked_div(y)?;
            Some(if b.is_open() || (by.is_open() && !x.is_zero()) { Bound::Open(q) } else { Bound::Closed(q) })
        };
        let lower = match self.lower {
            Bound::Unbounded => Bound::Unbounded,
            b if b.value().is_some_and(|x| !x.is_sign_negative() || x.is_zero()) => div(b, other.upper)?,
            b => div(b, other.lower)?,
        };
        let upper = match self.upper {
            Bound::Unbounded => Bound::Unbounded,
            b if b.value().is_some_and(|x| !x.is_sign_negative() || x.is_zero()) => div(b, other.lower)?,
            b => div(b, other.upper)?,
        };
        Interval::new(lower, upper).ok()
    }
}

impl std::str::FromStr for Interval {
    type Err = crate::quantity::QuantityError;

    /// Reads the notation `Display` writes: `[5, 5]`, `(30, 40)`,
    /// `[30, ∞)`, `(-∞, 5]`; a plain number is a one-point interval.
    fn from_str(s: &str) -> Result<Interval, Self::Err> {
        let q: crate::quantity::Quantity = s.parse()?;
        match (q.unit().dimension(), q.interval()) {
            (crate::quantity::Dimension::Number, Some(i)) if q.unit().scale().exponent() == 0 => Ok(i),
            _ => Err(crate::quantity::QuantityError::not_a_number(s)),
        }
    }
}

impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Interval, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn tighter_lower(a: Bound, b: Bound) -> Bound {
    match (a, b) {
        (Bound::Unbounded, x) | (x, Bound::Unbounded) => x,
        (x, y) => {
            let (vx, vy) = (x.value(), y.value());
            if vx > vy || (vx == vy && x.is_open()) { x } else { y }
        }
    }
}

fn tighter_upper(a: Bound, b: Bound) -> Bound {
    match (a, b) {
        (Bound::Unbounded, x) | (x, Bound::Unbounded) => x,
        (x, y) => {
            let (vx, vy) = (x.value(), y.value());
            if vx < vy || (vx == vy && x.is_open()) { x } else { y }
        }
    }
}

/// Of two bounded ends, the one further out (`further(x, y)` says whether
/// x is further out than y); on a tie the closed one.
fn loosest(a: Bound, b: Bound, further: impl Fn(Decimal, Decimal) -> bool) -> Bound {
    match (a.value(), b.value()) {
        (Some(x), Some(y)) if further(x, y) => a,
        (Some(x), Some(y)) if further(y, x) => b,
        _ if a.is_open() => b,
        _ => a,
    }
}

impl fmt::Display for Interval {
    /// Mathematical notation: `[5, 5]`, `(30, 40)`, `[30, ∞)`, `(-∞, 5]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lower {
            Bound::Unbounded => f.write_str("(-∞")?,
            Bound::Closed(d) => write!(f, "[{d}")?,
            Bound::Open(d) => write!(f, "({d}")?,
        }
        match self.upper {
            Bound::Unbounded => f.write_str(", ∞)"),
            Bound::Closed(d) => write!(f, ", {d}]"),
            Bound::Open(d) => write!(f, ", {d})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn overlap_respects_open_ends() {
        let a = Interval::new(Bound::Open(d(30)), Bound::Open(d(40))).unwrap();
        assert!(a.overlaps(&Interval::point(d(35))));
        assert!(!a.overlaps(&Interval::point(d(40))));
        assert!(a.overlaps(&Interval::at_least(d(39))));
        assert!(!a.overlaps(&Interval::at_least(d(40))));
    }

    #[test]
    fn empty_intervals_are_rejected() {
        assert!(Interval::new(Bound::Closed(d(2)), Bound::Closed(d(1))).is_err());
        assert!(Interval::new(Bound::Open(d(1)), Bound::Closed(d(1))).is_err());
        assert!(Interval::new(Bound::Closed(d(1)), Bound::Closed(d(1))).is_ok());
    }

    #[test]
    fn intersection_hull_sub_div() {
        let a = Interval::new(Bound::Open(d(30)), Bound::Open(d(40))).unwrap();
        let b = Interval::closed(d(35), d(50));
        assert_eq!(a.intersection(&b).unwrap().to_string(), "[35, 40)");
        assert!(a.intersection(&Interval::point(d(40))).is_none());
        assert_eq!(a.hull(&b).to_string(), "(30, 50]");
        assert_eq!(b.checked_sub(&a).unwrap().to_string(), "(-5, 20)");
        assert_eq!(
            Interval::closed(d(10), d(20)).checked_div(&Interval::closed(d(2), d(5))).unwrap().to_string(),
            "[2, 10]"
        );
        assert_eq!(
            Interval::closed(d(-10), d(20)).checked_div(&Interval::closed(d(-5), d(-2))).unwrap().to_string(),
            "[-10, 5]"
        );
        assert!(b.checked_div(&Interval::closed(d(-1), d(1))).is_none());
        assert_eq!(Interval::at_least(d(10)).checked_div(&Interval::point(d(2))).unwrap().to_string(), "[5, ∞)");
    }

    #[test]
    fn ends_add_as_written_before() {
        // `Bound::checked_add` as first written, case by case.
        fn reference(a: Bound, b: Bound) -> Option<Bound> {
            Some(match (a, b) {
                (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
                (a, b) => {
                    let sum = a.value()?.checked_add(b.value()?)?;
                    if a.is_open() || b.is_open() { Bound::Open(sum) } else { Bound::Closed(sum) }
                }
            })
        }
        let values = [d(-3), d(0), Decimal::new(15, 1), Decimal::MAX, Decimal::MIN];
        let ends: Vec<Bound> =
            values.iter().flat_map(|v| [Bound::Closed(*v), Bound::Open(*v)]).chain([Bound::Unbounded]).collect();
        for a in &ends {
            for b in &ends {
                assert_eq!(a.checked_add(*b), reference(*a, *b), "{a:?} + {b:?}");
            }
        }
    }

    #[test]
    fn addition_overflow_is_none() {
        assert!(Interval::point(Decimal::MAX).checked_add(&Interval::point(d(1))).is_none());
    }
}
