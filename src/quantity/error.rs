//! The error of the quantity edge: parsing, conversion and arithmetic.

use std::fmt;

/// Why a quantity could not be parsed, converted or added.
///
/// The message names the input or both units:
///
/// ```
/// use workreport::{Quantity, QuantityErrorKind};
///
/// let err = "3O余".parse::<Quantity>().unwrap_err();
/// assert_eq!(err.kind(), QuantityErrorKind::NotANumber);
/// assert_eq!(err.to_string(), r#""3O余" is not a number"#);
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct QuantityError {
    kind: QuantityErrorKind,
    message: String,
}

/// The kind of a [`QuantityError`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityErrorKind {
    /// The text was empty.
    Empty,
    /// The text does not read as a number with at most one qualifier: no
    /// number or placeholder where one is expected, a malformed number
    /// (`1,36`), or two qualifiers (`约30余次`).
    NotANumber,
    /// The text after the number is not a unit.
    UnknownUnit,
    /// A number or a result does not fit in a decimal (about 7.9 × 10²⁸,
    /// at most 28 decimal places).
    Overflow,
    /// A range whose ends are out of order or written in different scales.
    InvalidRange,
    /// Two quantities whose units do not convert into each other.
    UnitMismatch,
    /// A percent or percentage point with a scale word (`3万%`).
    ScaledPercent,
}

impl QuantityError {
    /// The kind of error, for callers that branch on it.
    pub fn kind(&self) -> QuantityErrorKind {
        self.kind
    }

    fn new(kind: QuantityErrorKind, message: fmt::Arguments<'_>) -> QuantityError {
        QuantityError { kind, message: message.to_string() }
    }

    pub(crate) fn empty(input: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::Empty, format_args!("{input:?} is empty"))
    }

    pub(crate) fn not_a_number(input: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::NotANumber, format_args!("{input:?} is not a number"))
    }

    /// A number that is malformed in a way worth naming.
    pub(crate) fn bad_number(input: &str, why: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::NotANumber, format_args!("{input:?} is not a number: {why}"))
    }

    pub(crate) fn two_qualifiers(input: &str, first: &str, second: &str) -> QuantityError {
        QuantityError::new(
            QuantityErrorKind::NotANumber,
            format_args!("{input:?} has two qualifiers, {first:?} and {second:?}"),
        )
    }

    pub(crate) fn too_precise(input: &str, why: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::Overflow, format_args!("{input:?} has {why}"))
    }

    pub(crate) fn unknown_unit(input: &str, unit: &str) -> QuantityError {
        if input.trim() == unit {
            QuantityError::new(QuantityErrorKind::UnknownUnit, format_args!("{unit:?} is not a unit"))
        } else {
            QuantityError::new(QuantityErrorKind::UnknownUnit, format_args!("{input:?} has an unknown unit {unit:?}"))
        }
    }

    pub(crate) fn too_large(input: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::Overflow, format_args!("{input:?} is too large"))
    }

    pub(crate) fn scale_too_large(input: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::Overflow, format_args!("{input:?} has a scale above 万亿 (10^12)"))
    }

    pub(crate) fn overflow(what: fmt::Arguments<'_>) -> QuantityError {
        QuantityError::new(QuantityErrorKind::Overflow, format_args!("{what} overflows"))
    }

    pub(crate) fn invalid_range(input: &str, why: &str) -> QuantityError {
        QuantityError::new(QuantityErrorKind::InvalidRange, format_args!("range {input:?} {why}"))
    }

    pub(crate) fn unit_mismatch(op: &str, left: &str, right: &str) -> QuantityError {
        QuantityError::new(
            QuantityErrorKind::UnitMismatch,
            format_args!("cannot {op} {left} and {right}: units differ"),
        )
    }

    pub(crate) fn scaled_percent(input: &str) -> QuantityError {
        QuantityError::new(
            QuantityErrorKind::ScaledPercent,
            format_args!("{input:?}: a percentage takes no scale word"),
        )
    }
}
