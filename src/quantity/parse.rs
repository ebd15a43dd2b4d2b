//! `FromStr` for quantities: the spellings of real reports.

use rust_decimal::Decimal;

use super::error::QuantityError;
use super::fast;
use super::interval::{Bound, Interval};
use super::lang::Lang;
use super::text;
use super::unit::{Dimension, Scale, Unit, UnitParseError};
use super::value::{Placeholder, Position, Qualifier, RangeSep, Repr, Value};
use super::{Quantity, Spelling};

/// A number as written: digits or a placeholder.
#[derive(Clone, Copy)]
enum Num {
    Known(Decimal),
    Unknown(Placeholder),
}

/// A number with the scale word and after-number qualifier around it.
struct NumPart {
    num: Num,
    scale: Option<Scale>,
    qualifier: Option<Qualifier>,
    /// `7万余`: the qualifier came after the scale word.
    qualifier_after_scale: bool,
}

/// Reads a quantity: the common spellings in one pass (see [`fast`]), the
/// others with [`parse_general`].
pub(crate) fn parse(input: &str) -> Result<Quantity, QuantityError> {
    match fast::parse(input) {
        Some(q) => Ok(q),
        None => parse_general(input),
    }
}

/// Reads any quantity, or says what is wrong with the text: the reference
/// for [`fast::parse`].
#[inline(never)]
pub(crate) fn parse_general(input: &str) -> Result<Quantity, QuantityError> {
    let normalized = text::normalize(input);
    let s = text::trim(&normalized);
    if s.is_empty() {
        return Err(QuantityError::empty(input));
    }
    let lang = detect_lang(s);
    if s.starts_with(['[', '(']) {
        return parse_interval(input, s, lang);
    }
    let mut rest = s;
    let mut qualifier = None;
    if let Some((q, len)) = Qualifier::read_prefix(rest, Position::BeforeNumber) {
        qualifier = Some(q);
        rest = text::trim_start(&rest[len..]);
    }
    let (first, after_first) = read_num_part(rest, input)?;
    rest = after_first;

    // A range: `20—30次`, `6%-6.5%`, `20 to 30 times`, `20万至30万元`.
    if let Some((sep, second, after, low_marked)) = read_range_tail(rest, input)? {
        let suffix = Qualifier::read_suffix(text::trim_end(after));
        if qualifier.is_some() || first.qualifier.is_some() || second.qualifier.is_some() || suffix.is_some() {
            return Err(QuantityError::invalid_range(input, "cannot take a qualifier"));
        }
        let (Num::Known(low), Num::Known(high)) = (first.num, second.num) else {
            return Err(QuantityError::not_a_number(input));
        };
        // `20至30万元` and `20万至30万元` are in 万; `20万至30元` is not a range in one unit.
        let scale = match (first.scale, second.scale) {
            (Some(a), Some(b)) if a != b => {
                return Err(QuantityError::invalid_range(input, "mixes scale words"));
            }
            (Some(_), None) => return Err(QuantityError::invalid_range(input, "mixes scale words")),
            (a, b) => a.or(b).unwrap_or(Scale::ONE),
        };
        let unit = read_unit(after, scale, input, !after.starts_with(' '))?;
        let value = Value::range(low, high, sep)
            .ok_or_else(|| QuantityError::invalid_range(input, "has its low end above its high end"))?;
        let spelling = Spelling {
            scale_at_low_end: first.scale.is_some(),
            percent_at_high_end_only: !low_marked
                && matches!(unit.dimension(), Dimension::Percent | Dimension::PerMille),
            ..Spelling::default()
        };
        return Ok(Quantity::from_parts(value, unit, lang).with_spelling(spelling));
    }

    let mut unit_text = rest;
    let mut qualifier = match (qualifier, first.qualifier) {
        (Some(a), Some(b)) => return Err(QuantityError::two_qualifiers(input, a.word(), b.word())),
        (a, b) => a.or(b),
    };
    // `以上`, `左右` … after the unit, once, and only when there is no other qualifier.
    if let Some((q, len)) = Qualifier::read_suffix(unit_text) {
        if let Some(first) = qualifier {
            return Err(QuantityError::two_qualifiers(input, first.word(), q.word()));
        }
        qualifier = Some(q);
        unit_text = text::trim_end(&unit_text[..unit_text.len() - len]);
        if let Some((q2, _)) = Qualifier::read_suffix(unit_text) {
            return Err(QuantityError::two_qualifiers(input, q2.word(), q.word()));
        }
    }
    // `30余多次`: a second after-number word where the unit should start.
    if let (Some(first), Some((q, _))) =
        (qualifier, Qualifier::read_prefix(text::trim_start(unit_text), Position::AfterNumber))
    {
        if q.lang() == Lang::Zh {
            return Err(QuantityError::two_qualifiers(input, first.word(), q.word()));
        }
    }
    let glued = !rest.is_empty() && !rest.starts_with(' ') && first.scale.is_none();
    let unit = read_unit(unit_text, first.scale.unwrap_or(Scale::ONE), input, glued)?;
    let value = match (first.num, qualifier) {
        (Num::Known(d), None) => Value(Repr::Exact(d)),
        (Num::Known(d), Some(q)) => Value(Repr::Qualified { number: d, qualifier: q }),
        (Num::Unknown(p), q) => Value(Repr::Unknown { placeholder: p, qualifier: q }),
    };
    // `7万余件`, but not `7千万余 million`: the scale word before the qualifier must be the whole scale.
    let qualifier_after_scale = first.qualifier_after_scale && first.scale == Some(unit.scale());
    let spelling = Spelling { qualifier_after_scale, ..Spelling::default() };
    Ok(Quantity::from_parts(value, unit, lang).with_spelling(spelling))
}

/// Chinese when the text has a Chinese character; English when it has an
/// English word or a thousands separator; else Chinese.
fn detect_lang(s: &str) -> Lang {
    if s.chars().any(text::is_cjk) {
        return Lang::Zh;
    }
    let mut letters = s.chars().filter(|c| c.is_ascii_alphabetic() && !Placeholder::is_mark(*c));
    if letters.next().is_some() || s.contains(',') && !s.starts_with(['[', '(']) { Lang::En } else { Lang::Zh }
}

fn read_unit(text: &str, scale: Scale, input: &str, glued: bool) -> Result<Unit, QuantityError> {
    let trimmed = text::trim(text);
    if trimmed.bytes().any(|b| matches!(b, b'[' | b']' | b'(' | b')')) {
        return Err(QuantityError::not_a_number(input));
    }
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        // `30余30`, `30 40`: a second number where the unit should be.
        return Err(QuantityError::unknown_unit(input, trimmed));
    }
    Unit::parse_after_number(trimmed, scale).map_err(|e| match e {
        // `3O余`, `1e5`, `5.`: letters or marks glued to the digits belong to a malformed number.
        UnitParseError::Unknown
            if glued && trimmed.starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '_')) =>
        {
            QuantityError::not_a_number(input)
        }
        UnitParseError::Unknown => QuantityError::unknown_unit(input, trimmed),
        UnitParseError::ScaleTooLarge => QuantityError::scale_too_large(input),
        UnitParseError::ScaledPercent => QuantityError::scaled_percent(input),
    })
}

/// After the first number: a range mark and a second number. The flag
/// tells whether a `%` or `‰` was written after the low end (`6%-6.5%`).
fn read_range_tail<'a>(
    rest: &'a str,
    input: &str,
) -> Result<Option<(RangeSep, NumPart, &'a str, bool)>, QuantityError> {
    let mut r = text::trim_start(rest);
    let unit_mark = r.chars().next().filter(|c| matches!(c, '%' | '‰'));
    if let Some(c) = unit_mark {
        r = text::trim_start(&r[c.len_utf8()..]);
    }
    let Some((sep, len)) = RangeSep::read(r) else {
        return Ok(None);
    };
    let after_sep = text::trim_start(&r[len..]);
    let unsigned = after_sep.strip_prefix(['-', '−']).unwrap_or(after_sep);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let (second, after) = read_num_part(after_sep, input)?;
    // `6%-6.5%`: a unit written after the low end must be the one after the high end.
    if unit_mark.is_some_and(|c| !text::trim_start(after).starts_with(c)) {
        return Err(QuantityError::invalid_range(input, "has different units at its ends"));
    }
    Ok(Some((sep, second, after, unit_mark.is_some())))
}

fn read_num_part<'a>(s: &'a str, input: &str) -> Result<(NumPart, &'a str), QuantityError> {
    let (num, mut rest) = read_number(s, input)?;
    let mut scale = None;
    let mut qualifier = None;
    let mut qualifier_after_scale = false;
    // Up to: qualifier, scale word, qualifier (`30余万`, `30万余`, `1.2 million`, `30-odd`).
    for _ in 0..2 {
        let r = text::trim_start(rest);
        if qualifier.is_none() {
            if let Some((q, len)) = Qualifier::read_prefix(r, Position::AfterNumber) {
                // `-odd` and `+` are glued to the number; `余` and `多` may follow a space.
                let spaced = r.len() != rest.len();
                let glued_only = matches!(q, Qualifier::Odd | Qualifier::Plus);
                // `5+3` is no `5+`.
                let sum = q == Qualifier::Plus && r[len..].starts_with(|c: char| c.is_ascii_digit());
                if !(glued_only && spaced || sum) {
                    qualifier = Some(q);
                    qualifier_after_scale = scale.is_some();
                    rest = &r[len..];
                    continue;
                }
            }
        }
        if scale.is_none() {
            if let Some((sc, len)) = Scale::read_zh(r) {
                scale = Some(sc);
                rest = &r[len..];
                continue;
            }
            if r.len() != rest.len() {
                if let Some((sc, len)) = Scale::read_en(r) {
                    scale = Some(sc);
                    rest = &r[len..];
                    continue;
                }
            }
        }
        break;
    }
    Ok((NumPart { num, scale, qualifier, qualifier_after_scale }, rest))
}

/// A number past a decimal's 96-bit mantissa: too large when its integer
/// part is, else too precise.
fn too_many_digits(input: &str, int_part: Option<u128>) -> QuantityError {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    match int_part {
        Some(int) if int <= MAX_MANTISSA => {
            QuantityError::too_precise(input, "more significant digits than a decimal holds")
        }
        _ => QuantityError::too_large(input),
    }
}

const THOUSANDS: &str = "\",\" must separate groups of three digits";

/// Reads a signed decimal (`-1,361.5`) or a placeholder (`X`, `XX`, `×`).
fn read_number<'a>(s: &'a str, input: &str) -> Result<(Num, &'a str), QuantityError> {
    let first = s.chars().next().ok_or_else(|| QuantityError::not_a_number(input))?;
    if Placeholder::is_mark(first) {
        let count = s.chars().take_while(|c| *c == first).count();
        let rest = &s[first.len_utf8() * count..];
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(QuantityError::not_a_number(input));
        }
        let count = u8::try_from(count).ok();
        let placeholder = count
            .and_then(|n| Placeholder::new(first, n))
            .ok_or_else(|| QuantityError::bad_number(input, "a placeholder has at most 8 marks"))?;
        return Ok((Num::Unknown(placeholder), rest));
    }
    let (negative, body) =
        if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) { (true, r) } else { (false, s) };
    let bytes = body.as_bytes();
    let mut mantissa: u128 = 0;
    let mut scale: u32 = 0;
    let mut digits = 0usize;
    let mut in_fraction = false;
    let mut int_part = None::<u128>; // the integer part, once a `.` is read
    let mut group = None::<usize>; // digits since the last thousands separator
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(u128::from(b - b'0')))
                    .ok_or_else(|| too_many_digits(input, int_part))?;
                digits += 1;
                if in_fraction {
                    scale += 1;
                } else if let Some(g) = group.as_mut() {
                    *g += 1;
                }
            }
            b',' if !in_fraction && digits > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if group.is_some_and(|g| g != 3) || (group.is_none() && digits > 3) {
                    return Err(QuantityError::bad_number(input, THOUSANDS));
                }
                group = Some(0);
            }
            b'.' if !in_fraction && digits > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if group.is_some_and(|g| g != 3) {
                    return Err(QuantityError::bad_number(input, THOUSANDS));
                }
                group = None;
                in_fraction = true;
                int_part = Some(mantissa);
            }
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return Err(QuantityError::not_a_number(input));
    }
    if group.is_some_and(|g| g != 3) {
        return Err(QuantityError::bad_number(input, THOUSANDS));
    }
    if scale > 28 {
        return Err(QuantityError::too_precise(input, "more than 28 decimal places"));
    }
    let signed = i128::try_from(mantissa).map_err(|_| too_many_digits(input, int_part))?;
    let signed = if negative { -signed } else { signed };
    let d = Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| too_many_digits(input, int_part))?;
    Ok((Num::Known(d), &body[i..]))
}

/// `[35, 45)万元`, `(30, ∞) times`, `(-∞, 5]%`.
fn parse_interval(input: &str, s: &str, lang: Lang) -> Result<Quantity, QuantityError> {
    let bad = || QuantityError::not_a_number(input);
    let close = s.find([']', ')']).ok_or_else(bad)?;
    let (body, unit_text) = (&s[1..close], &s[close + 1..]);
    let (lo, hi) = body.split_once(',').ok_or_else(bad)?;
    let (lo, hi) = (text::trim(lo), text::trim(hi));
    let end = |t: &str, unbounded: &[&str]| -> Result<Option<Decimal>, QuantityError> {
        if unbounded.contains(&t) {
            return Ok(None);
        }
        match read_number(t, input)? {
            (Num::Known(d), "") => Ok(Some(d)),
            _ => Err(bad()),
        }
    };
    let lower = match end(lo, &["-∞", "−∞"])? {
        None if s.starts_with('(') => Bound::Unbounded,
        None => return Err(bad()),
        Some(d) if s.starts_with('[') => Bound::Closed(d),
        Some(d) => Bound::Open(d),
    };
    let upper = match end(hi, &["∞", "+∞"])? {
        None if s[close..].starts_with(')') => Bound::Unbounded,
        None => return Err(bad()),
        Some(d) if s[close..].starts_with(']') => Bound::Closed(d),
        Some(d) => Bound::Open(d),
    };
    let interval = Interval::new(lower, upper).map_err(|_| QuantityError::invalid_range(input, "is empty"))?;
    let unit = read_unit(unit_text, Scale::ONE, input, false)?;
    Ok(Quantity::from_parts(Value(Repr::interval(interval)), unit, lang))
}
