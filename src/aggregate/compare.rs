//! Comparisons between two periods (同比 / 环比): change and growth rate.

use rust_decimal::Decimal;

use crate::quantity::{Dimension, Interval, Quantity, QuantityError, Unit};

/// The change from a previous value to a current one.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct Change {
    /// current − previous, as an interval; `None` when either is unknown.
    pub difference: Option<Interval>,
    /// The unit of the difference: percentage points for percentages,
    /// else the current value's unit.
    pub difference_unit: Unit,
    /// (current − previous) / |previous| in percent; `None` when either is
    /// unknown or the previous value may be zero.
    pub growth_percent: Option<Interval>,
    /// Why a part is missing.
    pub note: Option<&'static str>,
}

/// Compares two values of the same dimension (the previous is converted to
/// the current's scale). An inexact input gives an interval; a change in a
/// percentage is given in percentage points; a zero base gives no growth
/// rate instead of a division by zero.
///
/// ```
/// use workreport::aggregate::compare;
///
/// let c = compare(&"5.5%".parse()?, &"6.1%".parse()?)?;
/// assert_eq!(c.difference.unwrap().to_string(), "[0.6, 0.6]");
/// assert_eq!(c.difference_unit.to_string(), "个百分点");
/// let c = compare(&"100 次".parse()?, &"120 次".parse()?)?;
/// assert_eq!(c.growth_percent.unwrap().to_string(), "[20, 20]");
/// let c = compare(&"0 次".parse()?, &"3 次".parse()?)?;
/// assert!(c.growth_percent.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// When the two are of different dimensions (`次` against `场`), or a
/// conversion overflows.
pub fn compare(previous: &Quantity, current: &Quantity) -> Result<Change, QuantityError> {
    let unit = current.unit().clone();
    let previous = previous.convert_to(&unit)?;
    let difference_unit = match unit.dimension() {
        Dimension::Percent => Unit::percentage_point(),
        _ => unit.clone(),
    };
    let (Some(p), Some(c)) = (previous.interval(), current.interval()) else {
        return Ok(Change {
            difference: None,
            difference_unit,
            growth_percent: None,
            note: Some("a value is unknown"),
        });
    };
    let overflow = || QuantityError::overflow(format_args!("comparing {previous} with {current}"));
    let difference = c.checked_sub(&p).ok_or_else(overflow)?;
    let base = if p.upper().value().is_some_and(|u| u.is_sign_negative() && !u.is_zero()) {
        p.checked_neg().ok_or_else(overflow)?
    } else {
        p
    };
    let growth_percent =
        difference.checked_div(&base).and_then(|g| g.checked_scale(Decimal::ONE_HUNDRED)).map(|g| g.normalized());
    let note = growth_percent.is_none().then_some("the previous value is or may be zero: no growth rate");
    Ok(Change { difference: Some(difference), difference_unit, growth_percent, note })
}
