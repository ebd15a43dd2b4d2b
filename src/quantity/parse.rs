//! `FromStr` for quantities: the spellings of real reports.

use rust_decimal::Decimal;

use super::error::QuantityError;
use super::interval::{Bound, Interval};
use super::lang::Lang;
use super::text;
use super::unit::{Scale, Unit, UnitParseError};
use super::value::{Placeholder, Position, Qualifier, RangeSep, Repr, Value};
use super::Quantity;

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
}

pub(crate) fn parse(input: &str) -> Result<Quantity, QuantityError> {
    let normalized = text::normalize(input);
    let s = normalized.trim();
    if s.is_empty() {
        return Err(QuantityError::empty());
    }
    let lang = detect_lang(s);
    if s.starts_with(['[', '(']) {
        return parse_interval(input, s, lang);
    }
    let mut rest = s;
    let mut qualifier = None;
    if let Some((q, len)) = Qualifier::read_prefix(rest, Position::BeforeNumber) {
        qualifier = Some(q);
        rest = rest[len..].trim_start();
    }
    let (first, after_first) = read_num_part(rest, input)?;
    rest = after_first;

    // A range: `20—30次`, `6%-6.5%`, `20 to 30 times`, `20万至30万元`.
    if let Some((sep, second, after)) = read_range_tail(rest, input)? {
        if qualifier.is_some() || first.qualifier.is_some() || second.qualifier.is_some() {
            return Err(QuantityError::invalid_range(input, "cannot take a qualifier"));
        }
        let (Num::Known(low), Num::Known(high)) = (first.num, second.num) else {
            return Err(QuantityError::not_a_number(input));
        };
        let scale = match (first.scale, second.scale) {
            (Some(a), Some(b)) if a != b => {
                return Err(QuantityError::invalid_range(input, "mixes scale words"));
            }
            (a, b) => a.or(b).unwrap_or(Scale::ONE),
        };
        let unit = read_unit(after, scale, input, !after.starts_with(' '))?;
        let value = Value::range(low, high, sep)
            .ok_or_else(|| QuantityError::invalid_range(input, "has its low end above its high end"))?;
        return Ok(Quantity::from_parts(value, unit, lang));
    }

    let mut unit_text = rest;
    if qualifier.is_none() && first.qualifier.is_none() {
        if let Some((q, len)) = Qualifier::read_suffix(unit_text) {
            qualifier = Some(q);
            unit_text = unit_text[..unit_text.len() - len].trim_end();
        }
    }
    let qualifier = match (qualifier, first.qualifier) {
        (Some(_), Some(_)) => return Err(QuantityError::not_a_number(input)),
        (a, b) => a.or(b),
    };
    let glued = !rest.is_empty() && !rest.starts_with(' ') && first.scale.is_none();
    let unit = read_unit(unit_text, first.scale.unwrap_or(Scale::ONE), input, glued)?;
    let value = match (first.num, qualifier) {
        (Num::Known(d), None) => Value(Repr::Exact(d)),
        (Num::Known(d), Some(q)) => Value(Repr::Qualified { number: d, qualifier: q }),
        (Num::Unknown(p), q) => Value(Repr::Unknown { placeholder: p, qualifier: q }),
    };
    Ok(Quantity::from_parts(value, unit, lang))
}

/// Chinese when the text has a Chinese character; English when it has an
/// English word or a thousands separator; else Chinese.
fn detect_lang(s: &str) -> Lang {
    if s.chars().any(text::is_cjk) {
        return Lang::Zh;
    }
    let mut letters = s.chars().filter(|c| c.is_ascii_alphabetic() && !Placeholder::is_mark(*c));
    if letters.next().is_some() || s.contains(',') && !s.starts_with(['[', '(']) {
        Lang::En
    } else {
        Lang::Zh
    }
}

fn read_unit(text: &str, scale: Scale, input: &str, glued: bool) -> Result<Unit, QuantityError> {
    let trimmed = text.trim();
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) || trimmed.contains(['[', ']', '(', ')']) {
        return Err(QuantityError::not_a_number(input));
    }
    Unit::parse_after_number(trimmed, scale).map_err(|e| match e {
        UnitParseError::Unknown if glued && trimmed.starts_with(|c: char| c.is_ascii()) => {
            QuantityError::not_a_number(input)
        }
        UnitParseError::Unknown => QuantityError::unknown_unit(input, trimmed),
        UnitParseError::ScaleTooLarge => QuantityError::too_large(input),
        UnitParseError::ScaledPercent => QuantityError::scaled_percent(input),
    })
}

/// After the first number: a range mark and a second number.
fn read_range_tail<'a>(
    rest: &'a str,
    input: &str,
) -> Result<Option<(RangeSep, NumPart, &'a str)>, QuantityError> {
    let mut r = rest.trim_start();
    let unit_mark = r.chars().next().filter(|c| matches!(c, '%' | '‰'));
    if let Some(c) = unit_mark {
        r = r[c.len_utf8()..].trim_start();
    }
    let Some((sep, len)) = RangeSep::read(r) else {
        return Ok(None);
    };
    let after_sep = r[len..].trim_start();
    if !after_sep.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let (second, after) = read_num_part(after_sep, input)?;
    // `6%-6.5%`: a unit written after the low end must be the one after the high end.
    if unit_mark.is_some_and(|c| !after.trim_start().starts_with(c)) {
        return Err(QuantityError::invalid_range(input, "has different units at its ends"));
    }
    Ok(Some((sep, second, after)))
}

fn read_num_part<'a>(s: &'a str, input: &str) -> Result<(NumPart, &'a str), QuantityError> {
    let (num, mut rest) = read_number(s, input)?;
    let mut scale = None;
    let mut qualifier = None;
    // Up to: qualifier, scale word, qualifier (`30余万`, `30万余`, `1.2 million`, `30-odd`).
    for _ in 0..2 {
        let r = rest.trim_start();
        if qualifier.is_none() {
            if let Some((q, len)) = Qualifier::read_prefix(r, Position::AfterNumber) {
                // `-odd` and `+` are glued to the number; `余` and `多` may follow a space.
                let glued_only = matches!(q, Qualifier::Odd | Qualifier::Plus);
                if !(glued_only && r.len() != rest.len()) && !(q == Qualifier::Plus && r[len..].starts_with(|c: char| c.is_ascii_digit())) {
                    qualifier = Some(q);
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
    Ok((NumPart { num, scale, qualifier }, rest))
}

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
            .ok_or_else(|| QuantityError::not_a_number(input))?;
        return Ok((Num::Unknown(placeholder), rest));
    }
    let (negative, body) = if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (true, r)
    } else {
        (false, s)
    };
    let bytes = body.as_bytes();
    let mut mantissa: u128 = 0;
    let mut scale: u32 = 0;
    let mut digits = 0usize;
    let mut in_fraction = false;
    let mut group = None::<usize>; // digits since the last thousands separator
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(u128::from(b - b'0')))
                    .ok_or_else(|| QuantityError::too_large(input))?;
                digits += 1;
                if in_fraction {
                    scale += 1;
                } else if let Some(g) = group.as_mut() {
                    *g += 1;
                }
            }
            b',' if !in_fraction && digits > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if group.is_some_and(|g| g != 3) || (group.is_none() && digits > 3) {
                    return Err(QuantityError::not_a_number(input));
                }
                group = Some(0);
            }
            b'.' if !in_fraction && digits > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if group.is_some_and(|g| g != 3) {
                    return Err(QuantityError::not_a_number(input));
                }
                group = None;
                in_fraction = true;
            }
            _ => break,
        }
        i += 1;
    }
    if digits == 0 || group.is_some_and(|g| g != 3) {
        return Err(QuantityError::not_a_number(input));
    }
    if scale > 28 {
        return Err(QuantityError::too_large(input));
    }
    let signed = i128::try_from(mantissa).map_err(|_| QuantityError::too_large(input))?;
    let signed = if negative { -signed } else { signed };
    let d = Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| QuantityError::too_large(input))?;
    Ok((Num::Known(d), &body[i..]))
}

/// `[35, 45)万元`, `(30, ∞) times`, `(-∞, 5]%`.
fn parse_interval(input: &str, s: &str, lang: Lang) -> Result<Quantity, QuantityError> {
    let bad = || QuantityError::not_a_number(input);
    let close = s.find([']', ')']).ok_or_else(bad)?;
    let (body, unit_text) = (&s[1..close], &s[close + 1..]);
    let (lo, hi) = body.split_once(',').ok_or_else(bad)?;
    let (lo, hi) = (lo.trim(), hi.trim());
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
    let interval = Interval::new(lower, upper)
        .map_err(|_| QuantityError::invalid_range(input, "is empty"))?;
    let unit = read_unit(unit_text, Scale::ONE, input, false)?;
    Ok(Quantity::from_parts(Value(Repr::Interval(interval)), unit, lang))
}
