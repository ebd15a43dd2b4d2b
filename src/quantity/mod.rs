//! Quantities: exact, approximate, bounded and unknown values with units.
//!
//! A [`Quantity`] is a [`Value`] and a [`Unit`]. It parses the spellings of
//! real reports (`30 余万元`, `1361万人`, `近1亿人次`, `6%-6.5%`,
//! "well over 200 pull requests") and writes them back the way they came.

mod error;
mod fast;
mod interval;
mod lang;
mod parse;
pub(crate) mod text;
mod unit;
mod value;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

pub use error::{QuantityError, QuantityErrorKind};
pub use interval::{Bound, EmptyIntervalError, Interval};
pub use lang::Lang;
pub use unit::{Classifier, Currency, Dimension, Scale, Unit};
pub(crate) use value::IntegerEnds;
pub use value::{
    AboutReading, Form, OddReading, Placeholder, Qualifier, QualifierKind, RangeSep, Readings, Value, step,
};

use value::{Position, Repr};

/// A value with a unit: `5次`, `X余万元`, `约30场`, `6%-6.5%`,
/// "more than 300,000 yuan".
///
/// `FromStr` reads Chinese and English spellings; `Display` writes the
/// quantity back in the language it came in, and [`Quantity::display`] in
/// either. Serde goes through the same text.
///
/// There is no `PartialEq`: `30万元` and `300000元` are the same amount
/// written differently. Use [`Quantity::is_identical`] for "written the
/// same" and [`Quantity::is_equivalent`] for "means the same".
///
/// ```
/// use rust_decimal::Decimal;
/// use workreport::{Lang, Quantity, QualifierKind};
///
/// let q: Quantity = "30 余万元".parse()?;
/// assert_eq!(q.to_string(), "30余万元");
/// assert_eq!(q.lower(), Some(Decimal::from(30)));
/// assert_eq!(q.upper(), Some(Decimal::from(40)));
/// assert_eq!(q.base_lower(), Some(Decimal::from(300_000)));
/// assert_eq!(q.qualifier().map(|q| q.kind()), Some(QualifierKind::Odd));
/// assert_eq!(q.display(Lang::En).to_string(), "300,000-odd yuan");
///
/// let unknown: Quantity = "X 次".parse()?;
/// assert!(unknown.is_unknown());
/// assert_eq!(unknown.lower(), None);
///
/// let sum = "30万元".parse::<Quantity>()?.checked_add(&"5元".parse()?)?;
/// assert_eq!(sum.to_string(), "300005元");
/// assert!("5次".parse::<Quantity>()?.checked_add(&"3场".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Quantity {
    value: Value,
    unit: Unit,
    lang: Lang,
    spelling: Spelling,
}

/// Where the scale word and unit stand in the Chinese text, when a report
/// has more than one way: kept so `Display` writes the value back the way
/// it came. The default is the form `Display` writes for a new quantity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Spelling {
    /// `7万余件` rather than `7余万件`.
    pub(crate) qualifier_after_scale: bool,
    /// `20万至30万元` rather than `20至30万元`.
    pub(crate) scale_at_low_end: bool,
    /// `5-6%` rather than `5%-6%`.
    pub(crate) percent_at_high_end_only: bool,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Quantity>();
    assert_send_sync::<Unit>();
    assert_send_sync::<Interval>();
    assert_send_sync::<QuantityError>();
};

impl Quantity {
    /// A quantity of `value` in `unit`, written in the language of the
    /// value's qualifier (Chinese when it has none).
    pub fn new(value: Value, unit: Unit) -> Quantity {
        let lang = value.qualifier().map_or(Lang::Zh, Qualifier::lang);
        Quantity { value, unit, lang, spelling: Spelling::default() }
    }

    pub(crate) fn from_parts(value: Value, unit: Unit, lang: Lang) -> Quantity {
        Quantity { value, unit, lang, spelling: Spelling::default() }
    }

    pub(crate) fn with_spelling(self, spelling: Spelling) -> Quantity {
        Quantity { spelling, ..self }
    }

    /// An exact quantity.
    pub fn exact(number: Decimal, unit: Unit) -> Quantity {
        Quantity::new(Value::exact(number), unit)
    }

    /// An unknown quantity (`X`) in `unit`.
    pub fn unknown(unit: Unit) -> Quantity {
        Quantity::new(Value::unknown(), unit)
    }

    /// The same quantity, written in `lang` by `Display`.
    pub fn with_lang(self, lang: Lang) -> Quantity {
        Quantity { lang, ..self }
    }

    /// The value as written.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The unit as written (`万元` stays `万元`).
    pub fn unit(&self) -> &Unit {
        &self.unit
    }

    /// The language `Display` writes in: the one the quantity was read in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the value is one known number.
    pub fn is_exact(&self) -> bool {
        self.value.is_exact()
    }

    /// Whether the value is a placeholder still to be filled.
    pub fn is_unknown(&self) -> bool {
        self.value.is_unknown()
    }

    /// The qualifier the value was written with, if any.
    pub fn qualifier(&self) -> Option<Qualifier> {
        self.value.qualifier()
    }

    /// The interval of the value in [`Quantity::unit`], under the default
    /// [`Readings`]; `None` when unknown.
    pub fn interval(&self) -> Option<Interval> {
        self.value.interval()
    }

    /// The lower end in the unit as written; `None` when unknown or unbounded.
    pub fn lower(&self) -> Option<Decimal> {
        self.value.lower()
    }

    /// The upper end in the unit as written; `None` when unknown or unbounded.
    pub fn upper(&self) -> Option<Decimal> {
        self.value.upper()
    }

    /// The dimension's unit at scale 0: `元` for `万元`.
    pub fn base_unit(&self) -> Unit {
        self.unit.base()
    }

    /// The interval in [`Quantity::base_unit`]. `None` when unknown; an end
    /// that would overflow is left unbounded.
    pub fn base_interval(&self) -> Option<Interval> {
        // Scale the interval, not the number: `约0万元` is [-5000, 5000] 元,
        // a step of its written place, which `约0元` is not.
        let interval = self.interval()?;
        let exponent = self.unit.scale().exponent();
        let Some(factor) = pow10(exponent) else {
            return Some(Interval::ALL);
        };
        // `0.5万` is `5000`, not `5000.0`: the point moves, no digits are added.
        let times = |d: Decimal| {
            d.checked_mul(factor).map(|mut p| {
                p.rescale(d.scale().saturating_sub(u32::from(exponent)));
                p
            })
        };
        let end = |b: Bound| match b {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(d) => times(d).map_or(Bound::Unbounded, Bound::Closed),
            Bound::Open(d) => times(d).map_or(Bound::Unbounded, Bound::Open),
        };
        Some(Interval::new(end(interval.lower()), end(interval.upper())).unwrap_or(Interval::ALL))
    }

    /// The lower end in the base unit (`1361万人` → 13610000).
    pub fn base_lower(&self) -> Option<Decimal> {
        self.base_interval()?.lower().value()
    }

    /// The upper end in the base unit.
    pub fn base_upper(&self) -> Option<Decimal> {
        self.base_interval()?.upper().value()
    }

    /// The same amount in another unit of the same dimension: `30万元` in
    /// `元` is `300000元`.
    ///
    /// # Errors
    ///
    /// When the units differ in dimension, or the result does not fit.
    pub fn convert_to(&self, unit: &Unit) -> Result<Quantity, QuantityError> {
        if !self.unit.same_dimension(unit) {
            return Err(QuantityError::unit_mismatch(
                "convert",
                &self.unit_label(),
                &format!("`{}`", unit.display(self.lang)),
            ));
        }
        let from = self.unit.scale().exponent();
        let to = unit.scale().exponent();
        let shifted = if from >= to { self.value.checked_shift(from - to) } else { shift_down(&self.value, to - from) };
        let overflow = || QuantityError::overflow(format_args!("converting {self} to {}", unit.display(self.lang)));
        let value = shifted.ok_or_else(overflow)?;
        Ok(Quantity { value, unit: unit.clone(), lang: self.lang, spelling: self.spelling })
    }

    /// The sum of two quantities in the finer of their two scales, so the
    /// sum is exact (`30万元` + `5元` = `300005元`).
    ///
    /// Exact plus exact is exact; otherwise the sum is the interval of
    /// the sum (see [`Interval::checked_add`]). An unknown part makes the
    /// sum unknown: aggregation that keeps partial sums with their coverage
    /// belongs to roll-ups, not to single additions.
    ///
    /// # Errors
    ///
    /// When the units differ in dimension (`次` + `场`: the message names
    /// both), or the sum overflows.
    pub fn checked_add(&self, other: &Quantity) -> Result<Quantity, QuantityError> {
        if !self.unit.same_dimension(&other.unit) {
            return Err(QuantityError::unit_mismatch("add", &self.unit_label(), &other.unit_label()));
        }
        let scale = self.unit.scale().min(other.unit.scale());
        let unit = self.unit.with_scale(scale)?;
        let a = self.convert_to(&unit)?;
        let b = other.convert_to(&unit)?;
        let overflow = || QuantityError::overflow(format_args!("adding {self} and {other}"));
        let value = match (&a.value.0, &b.value.0) {
            (Repr::Unknown { .. }, _) | (_, Repr::Unknown { .. }) => Value::unknown(),
            (Repr::Exact(x), Repr::Exact(y)) => Value::exact(x.checked_add(*y).ok_or_else(overflow)?),
            _ => {
                let (Some(x), Some(y)) = (a.interval(), b.interval()) else {
                    return Ok(Quantity::from_parts(Value::unknown(), unit, self.lang));
                };
                Value::from_interval(x.checked_add(&y).ok_or_else(overflow)?)
            }
        };
        Ok(Quantity::from_parts(value, unit, self.lang))
    }

    fn unit_label(&self) -> String {
        match self.unit.dimension() {
            Dimension::Number => "a bare number".to_owned(),
            _ => format!("`{}`", self.unit.display(self.lang)),
        }
    }

    /// Whether the two are written the same: identical value (digits,
    /// qualifier, placeholder), unit, and place of the scale word (`7万余件`
    /// is not `7余万件`). The language is not compared.
    pub fn is_identical(&self, other: &Quantity) -> bool {
        self.unit == other.unit && self.value.is_identical(&other.value) && self.spelling == other.spelling
    }

    /// Whether the two mean the same: same dimension and the same interval
    /// in the base unit, or both unknown.
    pub fn is_equivalent(&self, other: &Quantity) -> bool {
        self.unit.same_dimension(&other.unit)
            && self.is_unknown() == other.is_unknown()
            && self.base_interval() == other.base_interval()
    }

    /// The quantity written in `lang`: `30余万元` or `300,000-odd yuan`.
    pub fn display(&self, lang: Lang) -> impl fmt::Display + '_ {
        QuantityDisplay { q: self, lang }
    }
}

fn pow10(exponent: u8) -> Option<Decimal> {
    let mut factor = Decimal::ONE;
    for _ in 0..exponent {
        factor = factor.checked_mul(Decimal::TEN)?;
    }
    Some(factor)
}

/// The value divided by `10^exponent`, exactly or not at all.
///
/// The decimal point moves and the digits stay: `620` → `6.2`, `13.5` →
/// `1.35`, `12.50` → `1.250`. Zeros that only the move put after the
/// point are dropped; zeros written after the point are kept.
///
/// A qualified zero keeps its places (`0余` in 万 is `0.0000余`): it reads
/// within a step of its last place.
fn shift_down(value: &Value, exponent: u8) -> Option<Value> {
    let moved = |d: Decimal| {
        let scale = d.scale().checked_add(u32::from(exponent)).filter(|s| *s <= 28)?;
        Some(Decimal::from_i128_with_scale(d.mantissa(), scale))
    };
    let div = |d: Decimal| Some(if d.scale() == 0 { moved(d)?.normalize() } else { moved(d)? });
    Some(Value(match value.0 {
        Repr::Exact(d) => Repr::Exact(div(d)?),
        Repr::Unknown { .. } => value.0.clone(),
        Repr::Qualified { number, qualifier } if number.is_zero() => {
            Repr::Qualified { number: moved(number)?, qualifier }
        }
        Repr::Qualified { number, qualifier } => Repr::Qualified { number: div(number)?, qualifier },
        Repr::Range(ref r) => Repr::range(div(r.low)?, div(r.high)?, r.sep),
        Repr::Interval(ref i) => {
            let end = |b: Bound| -> Option<Bound> {
                Some(match b {
                    Bound::Unbounded => Bound::Unbounded,
                    Bound::Closed(d) => Bound::Closed(div(d)?),
                    Bound::Open(d) => Bound::Open(div(d)?),
                })
            };
            Repr::interval(Interval::new(end(i.lower())?, end(i.upper())?).ok()?)
        }
    }))
}

struct QuantityDisplay<'a> {
    q: &'a Quantity,
    lang: Lang,
}

impl fmt::Display for QuantityDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quantity(f, self.q, self.lang)
    }
}

impl fmt::Display for Quantity {
    /// The quantity in the language it was read in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quantity(f, self, self.lang)
    }
}

/// Chinese writes every scale as a word but 十 and 百 alone, which no
/// report puts after digits (`5十米`): those fold into the number.
fn zh_form(q: &Quantity) -> (Value, Scale) {
    let scale = q.unit.scale();
    if matches!(scale.exponent(), 1 | 2) && !q.is_unknown() {
        if let Some(v) = q.value.checked_shift(scale.exponent()) {
            return (v, Scale::ONE);
        }
    }
    (q.value.clone(), scale)
}

/// English writes scales it has words for (million, billion, trillion);
/// other scales are folded into the number: `30万` → `300,000`,
/// `8800亿` → `880 billion`. Unknown values keep their scale word.
fn en_form(q: &Quantity) -> (Value, Scale) {
    let scale = q.unit.scale();
    let e = scale.exponent();
    // A qualified zero (`约0万元`) reads within a step of its written place,
    // which folding into the number would lose.
    let qualified_zero = q.qualifier().is_some() && q.value.number().is_some_and(|d| d.is_zero());
    if scale.has_en_word() || q.is_unknown() || qualified_zero {
        return (q.value.clone(), scale);
    }
    // The magnitude of the largest number written, in powers of ten.
    let largest = [q.value.number(), q.value.range_ends().map(|r| r.1)]
        .into_iter()
        .flatten()
        .map(|d| d.abs().trunc().to_string().len() as u8 - 1)
        .max()
        .unwrap_or(0);
    let candidates = [12u8, 9, 6].into_iter().filter(|t| *t <= e + largest);
    for target in candidates.chain([0]) {
        let shifted = if target <= e { q.value.checked_shift(e - target) } else { shift_down(&q.value, target - e) };
        if let (Some(v), Some(s)) = (shifted, Scale::new(target)) {
            return (v, s);
        }
    }
    (q.value.clone(), scale)
}

fn write_number(out: &mut dyn fmt::Write, d: Decimal, lang: Lang) -> fmt::Result {
    // A negative zero (from arithmetic or a constructor) is written `0`.
    let d = if d.is_zero() { d.abs() } else { d };
    match lang {
        Lang::Zh => write!(out, "{d}"),
        Lang::En => out.write_str(&text::group_thousands(&d.to_string())),
    }
}

fn write_quantity(out: &mut dyn fmt::Write, q: &Quantity, lang: Lang) -> fmt::Result {
    let (value, scale) = match lang {
        Lang::Zh => zh_form(q),
        Lang::En => en_form(q),
    };
    // Words and marks are translated only when writing in another language
    // than the one the quantity was read in.
    let same_lang = lang == q.lang;
    let in_lang = |qualifier: Qualifier| if same_lang { qualifier } else { qualifier.in_lang(lang) };
    // The spelling of the scale word holds only while the scale is written as read.
    let spelling = if scale == q.unit.scale() { q.spelling } else { Spelling::default() };
    let singular = value.number().is_some_and(|d| d == Decimal::ONE);
    let unit_at = |out: &mut dyn fmt::Write, scale: Scale| q.unit.write_to(out, lang, scale, singular, true);
    let unit = |out: &mut dyn fmt::Write| unit_at(out, scale);
    match value.0 {
        Repr::Exact(d) => {
            write_number(out, d, lang)?;
            unit(out)
        }
        Repr::Range(ref r) => {
            let value::Range { low, high, sep } = **r;
            write_number(out, low, lang)?;
            let percent = matches!(q.unit.dimension(), Dimension::Percent | Dimension::PerMille);
            if percent && !spelling.percent_at_high_end_only {
                unit(out)?;
            } else if spelling.scale_at_low_end && lang == Lang::Zh {
                out.write_str(scale.zh_word())?;
            } else if spelling.scale_at_low_end && scale.has_en_word() && scale != Scale::ONE {
                write!(out, " {}", scale.en_word())?;
            }
            // Marks stay as read (`1,000—2,000 people`); words of the other language do not.
            let keep = same_lang && !(lang == Lang::En && matches!(sep, RangeSep::Zhi | RangeSep::Dao));
            match if keep { sep } else { sep.in_lang(lang) } {
                RangeSep::To => out.write_str(" to ")?,
                s => out.write_str(s.as_str())?,
            }
            write_number(out, high, lang)?;
            unit(out)
        }
        Repr::Interval(ref i) => {
            write!(out, "{i}")?;
            unit(out)
        }
        Repr::Unknown { placeholder, qualifier } => {
            let q = qualifier.map(in_lang);
            write_qualified(out, q, lang, |out| placeholder.write(out), unit_at, scale, spelling)
        }
        Repr::Qualified { number, qualifier } => {
            let q = Some(in_lang(qualifier));
            write_qualified(out, q, lang, |out| write_number(out, number, lang), unit_at, scale, spelling)
        }
    }
}

fn write_qualified(
    out: &mut dyn fmt::Write,
    qualifier: Option<Qualifier>,
    lang: Lang,
    number: impl Fn(&mut dyn fmt::Write) -> fmt::Result,
    unit_at: impl Fn(&mut dyn fmt::Write, Scale) -> fmt::Result,
    scale: Scale,
    spelling: Spelling,
) -> fmt::Result {
    let position = qualifier.map(Qualifier::position);
    if let (Some(q), Some(Position::BeforeNumber)) = (qualifier, position) {
        out.write_str(q.word())?;
        if q.lang() == Lang::En {
            out.write_char(' ')?;
        }
    }
    number(out)?;
    match (qualifier, position) {
        (Some(q), Some(Position::AfterNumber))
            if spelling.qualifier_after_scale && lang == Lang::Zh && scale != Scale::ONE =>
        {
            // `7万余件`: the scale word, the qualifier, then the rest of the unit.
            out.write_str(scale.zh_word())?;
            out.write_str(q.word())?;
            unit_at(out, Scale::ONE)?;
        }
        (Some(q), Some(Position::AfterNumber)) => {
            if q == Qualifier::OrMore {
                out.write_char(' ')?;
            }
            out.write_str(q.word())?;
            unit_at(out, scale)?;
        }
        _ => unit_at(out, scale)?,
    }
    if let (Some(q), Some(Position::AfterUnit)) = (qualifier, position) {
        out.write_str(q.word())?;
    }
    Ok(())
}

impl FromStr for Quantity {
    type Err = QuantityError;

    /// Reads a quantity as real reports write it.
    ///
    /// - numbers: ASCII or full-width digits, thousands separators
    ///   (`1,361`), decimals, a sign, scale words (`1.2万`, `3亿`, `90万亿元`,
    ///   `1.2 million`);
    /// - placeholders: `X`, `XX`, `x`, `×`;
    /// - qualifiers: `余` `多` `以上` `超过` `不少于` `近` `约` `大约` `左右`
    ///   `以下` `以内` `不到`, and "more than", "over", "well over", "at
    ///   least", "-odd", "+", "nearly", "almost", "about", "around",
    ///   "approximately", "up to", "less than";
    /// - ranges: `20—30`, `20-30`, `20至30`, `6%-6.5%`, "20 to 30";
    /// - units: see [`Unit`]'s `FromStr`.
    fn from_str(s: &str) -> Result<Quantity, QuantityError> {
        parse::parse(s)
    }
}

impl serde::Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quantity such as \"30余万元\" or \"X次\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Quantity, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        s.parse().unwrap()
    }

    #[test]
    fn writes_back_the_way_it_came() {
        for s in [
            "7万余件",
            "30余万元",
            "20万至30万元",
            "20至30万元",
            "5-6%",
            "6%-6.5%",
            "1,000—2,000 people",
            "20 million to 30 million yuan",
            "-5—-3次",
            "over 200次",
        ] {
            assert_eq!(q(s).to_string(), s);
            assert!(q(&q(s).to_string()).is_identical(&q(s)), "{s}");
        }
        assert!(!q("7万余件").is_identical(&q("7余万件")));
    }

    #[test]
    fn english_moves_the_point_and_keeps_the_digits() {
        for (s, en) in [
            ("11亿平方米", "1.1 billion square metres"),
            ("620多万套", "6.2-odd million 套"),
            ("13.5亿只", "1.35 billion 只"),
            ("12.50亿元", "1.250 billion yuan"),
            ("约0万元", "about 0 ten-thousand yuan"),
        ] {
            assert_eq!(q(s).display(Lang::En).to_string(), en);
        }
    }

    #[test]
    fn a_qualified_zero_keeps_its_step_in_other_scales() {
        let zero = q("约0万元");
        assert_eq!(zero.base_interval().unwrap().to_string(), "[-5000, 5000]");
        let yuan = zero.convert_to(&"元".parse().unwrap()).unwrap();
        assert_eq!(yuan.to_string(), "[-5000, 5000]元");
        let back = q("近0元").convert_to(&"万元".parse().unwrap()).unwrap();
        assert_eq!(back.to_string(), "近0.0000万元");
        assert!(back.is_equivalent(&q("近0元")));
    }
}
