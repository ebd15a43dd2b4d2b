//! workreport
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod quantity;

pub use quantity::{
    AboutReading, Bound, Classifier, Currency, Dimension, EmptyIntervalError, Form, Interval, Lang,
    OddReading, Placeholder, Qualifier, QualifierKind, Quantity, QuantityError, QuantityErrorKind,
    RangeSep, Readings, Scale, Unit, Value, step,
};
