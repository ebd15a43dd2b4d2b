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

    fn checked_add(self, other: Bound) -> Option<Bound> {
        Some(match (self, other) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
            (a, b) => {
                let sum = a.value()?.checked_add(b.value()?)?;
                if a.is_open() || b.is_open() { Bound::Open(sum) } else { Bound::Closed(sum) }
            }
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
            let empty = l > u || (l == u && (lower.is_open() || upper.is_open()));
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
        // Fast path: two closed intervals, the common case of exact figures.
        if let (Bound::Closed(a), Bound::Closed(b), Bound::Closed(c), Bound::Closed(d)) =
            (self.lower, self.upper, other.lower, other.upper)
        {
            return Some(Interval {
                lower: Bound::Closed(a.checked_add(c)?),
                upper: Bound::Closed(b.checked_add(d)?),
            });
        }
        Some(Interval {
            lower: self.lower.checked_add(other.lower)?,
            upper: self.upper.checked_add(other.upper)?,
        })
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
    fn addition_overflow_is_none() {
        assert!(Interval::point(Decimal::MAX).checked_add(&Interval::point(d(1))).is_none());
    }
}
