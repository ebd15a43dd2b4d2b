//! The common spellings, read in one pass.
//!
//! Most quantities in reports are a number with at most a qualifier, a
//! scale word and a unit, or a range of two: `30余万元`, `７万余件`,
//! `近1亿人次`, `４３％以上`, `X 次`, "over 10 PRs", `6%－6.5%`. [`parse`]
//! reads these from the input as it is, full-width digits and all, without
//! normalising a copy or building an error on the way: [`parse_zh`] the
//! Chinese ones with no space (most of them), [`parse_spaced`] the others.
//!
//! Both give up (`None`) at the first thing outside that shape: whitespace
//! at either end, an interval (`[30, 40)万元`), a character that
//! [`normalize`](super::text::normalize) would rewrite anywhere but in a
//! number, as the range mark `－` or as the unit `％`, other whitespace
//! than ASCII between the parts, a number of more than 19 digits, or
//! anything the general parser would reject. The general parser then reads
//! the text: it is the reference, and names the errors. Where these give a
//! quantity it is the one the general parser gives (the unit tests below
//! compare them).
//!
//! Why reading the raw text is enough: normalising rewrites characters the
//! words read here never contain. A rewritten character is either read
//! here as the general parser reads its rewrite (a digit, `．`, `－`, `％`)
//! or left in the unit text, where it makes these give up.

use rust_decimal::Decimal;

use super::lang::Lang;
use super::text::{key3, key3_at};
use super::unit::{BAI, Dimension, QIAN, SHI, Scale, Unit, WAN, YI};
use super::value::{Placeholder, Position, Qualifier, RangeSep, Repr, Value};
use super::{Quantity, Spelling};

/// What decides the language (see `parse::detect_lang`): a CJK ideograph,
/// an ASCII letter other than `X` and `x`, a `,`.
const CJK: u8 = 1;
const LATIN: u8 = 2;
const COMMA: u8 = 4;

/// The full-width percent sign, which normalising rewrites as `%`.
const FULL_WIDTH_PERCENT: &str = "％";

/// Reads `s` if it has the common shape; see the module documentation.
#[inline]
pub(super) fn parse(s: &str) -> Option<Quantity> {
    match parse_zh(s) {
        Some(q) => Some(q),
        None => parse_spaced(s),
    }
}

/// The most common spelling: Chinese with no space, `近1361万人`,
/// `８８００多亿元`, `1.2万公里以上`, `９．７％`. What [`parse_spaced`] reads,
/// without its spaces, English words, placeholders and ranges; `None` at
/// the first sign of them.
#[inline(always)]
fn parse_zh(s: &str) -> Option<Quantity> {
    let b = s.as_bytes();
    let mut marks = 0u8;
    let mut i = 0;
    let mut before = None;
    match *b.first()? {
        b'0'..=b'9' | 0xEF => {}
        // `约`, `超过` …: a Chinese word glued to the number.
        0x80.. => {
            let (q, len) = Qualifier::read_prefix(s, Position::BeforeNumber)?;
            before = Some(q);
            marks |= CJK;
            i = len;
        }
        _ => return None,
    }
    let (Num::Known(number), end) = read_decimal(b, i, &mut marks)? else { return None };

    // Up to: qualifier, scale word, qualifier, each a Chinese word glued to
    // what comes before (see `read_num_part`).
    let mut rest = end;
    let mut scale = None;
    let mut after = None;
    let mut qualifier_after_scale = false;
    for _ in 0..2 {
        match b.get(rest) {
            Some(0x80..) => {}
            // `%` or the end; no more words.
            None | Some(b'%') => break,
            // A space, a sign, a letter: not this shape.
            Some(_) => return None,
        }
        // (`余` and `多` are what `Qualifier::read_prefix` reads after a
        // number in Chinese.)
        match key3_at(b, rest) {
            Some(k @ (YU | DUO)) if after.is_none() => {
                after = Some(if k == YU { Qualifier::Yu } else { Qualifier::Duo });
                qualifier_after_scale = scale.is_some();
                rest += 3;
            }
            Some(k @ (WAN | YI | QIAN | BAI | SHI)) if scale.is_none() => {
                match Scale::read_zh_keyed(k, key3_at(b, rest + 3)) {
                    Some((sc, len)) => {
                        scale = Some(sc);
                        rest += len;
                    }
                    None => break,
                }
            }
            _ => break,
        }
        marks |= CJK;
    }

    // The unit and the word after it: `人`, `人次以上`, `%左右`, `％`, or
    // nothing. A range mark (`至`, `—`, `-` …) or any other character is
    // not this shape.
    let mut unit_text = &s[rest..];
    let mut qualifier = match (before, after) {
        (Some(_), Some(_)) => return None,
        (a, b) => a.or(b),
    };
    if let Some((q, len)) = Qualifier::read_suffix(unit_text) {
        if qualifier.is_some() {
            return None;
        }
        qualifier = Some(q);
        marks |= CJK;
        unit_text = &unit_text[..unit_text.len() - len];
        if Qualifier::read_suffix(unit_text).is_some() {
            return None;
        }
    }
    // `30余多次`: a second after-number word where the unit should start.
    if qualifier.is_some() && Qualifier::starts_after_number_zh(unit_text) {
        return None;
    }
    let unit_text = match unit_text {
        "%" | FULL_WIDTH_PERCENT => "%",
        _ => {
            if !all_cjk_not_range(unit_text.as_bytes()) {
                return None;
            }
            if !unit_text.is_empty() {
                marks |= CJK;
            }
            unit_text
        }
    };
    // A unit that starts with a scale word (`30万亿亿元`) is read in full.
    let unit_scale = scale.unwrap_or(Scale::ONE);
    let unit = match key3_at(unit_text.as_bytes(), 0) {
        Some(WAN | YI | QIAN | BAI | SHI) | None => Unit::parse_trimmed_after_number(unit_text, unit_scale),
        Some(_) => Unit::parse_word_after_number(unit_text, unit_scale),
    }
    .ok()?;
    let value = match qualifier {
        None => Value(Repr::Exact(number)),
        Some(q) => Value(Repr::Qualified { number, qualifier: q }),
    };
    let qualifier_after_scale = qualifier_after_scale && scale == Some(unit.scale());
    let spelling = Spelling { qualifier_after_scale, ..Spelling::default() };
    Some(Quantity { value, unit, lang: lang(marks), spelling })
}

/// Whether `b` is CJK ideographs only (lead bytes E5–E9, or E4 but for
/// U+4DC0–U+4DFF), none of them the range marks `至` and `到`.
#[inline(always)]
fn all_cjk_not_range(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let ideograph = match b[i] {
            0xE5..=0xE9 => true,
            0xE4 => b.get(i + 1) != Some(&0xB7),
            _ => false,
        };
        if !ideograph || matches!(key3_at(b, i), Some(ZHI | DAO) | None) {
            return false;
        }
        i += 3;
    }
    true
}

/// The other common spellings, with spaces, English words, placeholders
/// and ranges: `X 次`, "over 10 PRs", `6%-6.5%`.
#[inline(never)]
fn parse_spaced(s: &str) -> Option<Quantity> {
    let b = s.as_bytes();
    // Whitespace (or a control character) at either end: the general parser
    // trims it. C2 and E1–E3 lead the non-ASCII whitespace characters (and
    // a few rarer others); a trailing one is caught with the unit text.
    if matches!(b.first()?, 0x00..=0x20 | 0xC2 | 0xE1..=0xE3) || *b.last()? <= 0x20 {
        return None;
    }
    let mut marks = 0u8;
    let mut i = 0;
    // `约`, `超过`, "well over" …
    let mut before = None;
    // No qualifier starts with a digit, a placeholder mark, a sign or the
    // lead byte of a full-width form (EF) or of `×` (C3).
    if !matches!(b[0], b'0'..=b'9' | b'X' | b'x' | b'-' | 0xC3 | 0xEF) {
        if let Some((q, len)) = Qualifier::read_prefix(s, Position::BeforeNumber) {
            before = Some(q);
            marks |= qualifier_marks(q);
            i = skip_spaces(b, len);
        }
    }
    let (num, end) = read_number(b, i, &mut marks)?;
    let first = read_num_part(s, end, &mut marks)?;

    // A range: `20—30次`, `6%-6.5%`, `20 to 30 times`, `20万至30万元`.
    if let Some((sep, high, part, low_marked)) = read_range_tail(s, first.rest, &mut marks)? {
        let after = s.get(part.rest..)?;
        let qualified = before.is_some() || first.qualifier.is_some() || part.qualifier.is_some();
        if qualified || Qualifier::read_suffix(trim_spaces_end(after)).is_some() {
            return None;
        }
        let Num::Known(low) = num else { return None };
        // `20至30万元` and `20万至30万元` are in 万; `20万至30元` is not a range in one unit.
        let scale = match (first.scale, part.scale) {
            (Some(a), Some(b)) if a != b => return None,
            (Some(_), None) => return None,
            (a, b) => a.or(b).unwrap_or(Scale::ONE),
        };
        let unit = read_unit(after, scale, &mut marks)?;
        let value = Value::range(low, high, sep)?;
        let spelling = Spelling {
            scale_at_low_end: first.scale.is_some(),
            percent_at_high_end_only: !low_marked
                && matches!(unit.dimension(), Dimension::Percent | Dimension::PerMille),
            ..Spelling::default()
        };
        return Some(Quantity { value, unit, lang: lang(marks), spelling });
    }

    let mut unit_text = s.get(first.rest..)?;
    let mut qualifier = match (before, first.qualifier) {
        (Some(_), Some(_)) => return None,
        (a, b) => a.or(b),
    };
    // `以上`, `左右` … after the unit, once, and only when there is no other qualifier.
    if let Some((q, len)) = Qualifier::read_suffix(unit_text) {
        if qualifier.is_some() {
            return None;
        }
        qualifier = Some(q);
        marks |= qualifier_marks(q);
        unit_text = trim_spaces_end(&unit_text[..unit_text.len() - len]);
        if Qualifier::read_suffix(unit_text).is_some() {
            return None;
        }
    }
    // `30余多次`: a second after-number word where the unit should start.
    if qualifier.is_some() && Qualifier::starts_after_number_zh(trim_spaces_start(unit_text)) {
        return None;
    }
    let unit = read_unit(unit_text, first.scale.unwrap_or(Scale::ONE), &mut marks)?;
    let value = match (num, qualifier) {
        (Num::Known(d), None) => Value(Repr::Exact(d)),
        (Num::Known(d), Some(q)) => Value(Repr::Qualified { number: d, qualifier: q }),
        (Num::Unknown(p), q) => Value(Repr::Unknown { placeholder: p, qualifier: q }),
    };
    // `7万余件`, but not `7千万余 million`: the scale word before the qualifier must be the whole scale.
    let qualifier_after_scale = first.qualifier_after_scale && first.scale == Some(unit.scale());
    let spelling = Spelling { qualifier_after_scale, ..Spelling::default() };
    Some(Quantity { value, unit, lang: lang(marks), spelling })
}

/// The language of the text (see `parse::detect_lang`) from its marks.
#[inline(always)]
fn lang(marks: u8) -> Lang {
    if marks & CJK == 0 && marks & (LATIN | COMMA) != 0 { Lang::En } else { Lang::Zh }
}

/// The scale word and after-number qualifier around a number, and where
/// the text goes on.
struct NumPart {
    scale: Option<Scale>,
    qualifier: Option<Qualifier>,
    /// `7万余`: the qualifier came after the scale word.
    qualifier_after_scale: bool,
    rest: usize,
}

/// Up to: qualifier, scale word, qualifier (`30余万`, `30万余`,
/// `1.2 million`, `30-odd`) from `end` on, as `parse::read_num_part` reads
/// them.
#[inline(always)]
fn read_num_part(s: &str, end: usize, marks: &mut u8) -> Option<NumPart> {
    let b = s.as_bytes();
    let mut part = NumPart { scale: None, qualifier: None, qualifier_after_scale: false, rest: end };
    for _ in 0..2 {
        let r = skip_spaces(b, part.rest);
        let t = s.get(r..)?;
        let spaced = r != part.rest;
        if part.qualifier.is_none() {
            if let Some((q, len)) = Qualifier::read_prefix(t, Position::AfterNumber) {
                // `-odd` and `+` are glued to the number; `5+3` is no `5+`.
                let glued_only = matches!(q, Qualifier::Odd | Qualifier::Plus);
                let sum = q == Qualifier::Plus && t.as_bytes().get(len).is_some_and(u8::is_ascii_digit);
                if !(glued_only && spaced || sum) {
                    part.qualifier = Some(q);
                    part.qualifier_after_scale = part.scale.is_some();
                    *marks |= qualifier_marks(q);
                    part.rest = r + len;
                    continue;
                }
            }
        }
        if part.scale.is_none() {
            if let Some((sc, len)) = Scale::read_zh(t) {
                part.scale = Some(sc);
                *marks |= CJK;
                part.rest = r + len;
                continue;
            }
            if spaced && t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
                if let Some((sc, len)) = Scale::read_en(t) {
                    part.scale = Some(sc);
                    *marks |= LATIN;
                    part.rest = r + len;
                    continue;
                }
            }
        }
        break;
    }
    Some(part)
}

// The Chinese qualifiers after a number, as `key3` packs them (see
// `Qualifier::read_prefix`).
const YU: u32 = key3('余');
const DUO: u32 = key3('多');

// The range marks of three bytes, as `key3` packs them (see `RangeSep::read`).
const EM_DASH: u32 = key3('—');
const EN_DASH: u32 = key3('–');
const WAVE_DASH: u32 = key3('～');
const ZHI: u32 = key3('至');
const DAO: u32 = key3('到');

/// A range mark and the number after it.
type RangeTail = (RangeSep, Decimal, NumPart, bool);

/// After the first number: a range mark and a second number, as
/// `parse::read_range_tail` reads them (the flag tells whether a `%` or `‰`
/// was written after the low end). `Some(None)` when no range mark follows.
#[inline(always)]
fn read_range_tail(s: &str, rest: usize, marks: &mut u8) -> Option<Option<RangeTail>> {
    let b = s.as_bytes();
    let mut r = skip_spaces(b, rest);
    // Most units start with a byte that starts no range mark or `%`/`‰`.
    match b.get(r) {
        None => return Some(None),
        Some(b'%' | b'-' | b'~' | b't' | 0xE2 | 0xE8 | 0xEF) => {}
        Some(0xE5) if key3_at(b, r) == Some(DAO) => {}
        Some(_) => return Some(None),
    }
    let unit_mark = match b.get(r..)? {
        [b'%', ..] => Some(('%', 1)),
        [0xEF, 0xBC, 0x85, ..] => Some(('%', 3)),
        [0xE2, 0x80, 0xB0, ..] => Some(('‰', 3)),
        _ => None,
    };
    if let Some((_, len)) = unit_mark {
        r = skip_spaces(b, r + len);
    }
    let (sep, len) = match b.get(r..)? {
        [b'-', ..] => (RangeSep::Hyphen, 1),
        // `－`, which normalising rewrites as `-`.
        [0xEF, 0xBC, 0x8D, ..] => (RangeSep::Hyphen, 3),
        [b'~', ..] => (RangeSep::Tilde, 1),
        // `to` then a space or a digit (a character that normalising would
        // turn into a space is left in the unit text, which gives up).
        [b't', b'o', ..] if b.get(r + 2) == Some(&b' ') || digit_at(b, r + 2).is_some() => (RangeSep::To, 2),
        // `—`, `–`, `～`, `至`, `到`.
        [0xE2 | 0xE5 | 0xE8 | 0xEF, ..] => match key3_at(b, r) {
            Some(EM_DASH) => (RangeSep::EmDash, 3),
            Some(EN_DASH) => (RangeSep::EnDash, 3),
            Some(WAVE_DASH) => (RangeSep::WaveDash, 3),
            Some(ZHI) => (RangeSep::Zhi, 3),
            Some(DAO) => (RangeSep::Dao, 3),
            _ => return Some(None),
        },
        _ => return Some(None),
    };
    // The second number, signed or not: anything else (`−`, `－`, no digit)
    // is the general parser's.
    let after_sep = skip_spaces(b, r + len);
    let unsigned = if b.get(after_sep) == Some(&b'-') { after_sep + 1 } else { after_sep };
    digit_at(b, unsigned)?;
    let (Num::Known(high), end) = read_decimal(b, after_sep, marks)? else { return None };
    let part = read_num_part(s, end, marks)?;
    // `6%-6.5%`: a unit written after the low end must be the one after the high end.
    if let Some((mark, _)) = unit_mark {
        let t = s.get(skip_spaces(b, part.rest)..)?;
        let same = match mark {
            '%' => t.starts_with('%') || t.starts_with(FULL_WIDTH_PERCENT),
            _ => t.starts_with(mark),
        };
        if !same {
            return None;
        }
    }
    *marks |= match sep {
        RangeSep::Zhi | RangeSep::Dao => CJK,
        RangeSep::To => LATIN,
        _ => 0,
    };
    Some(Some((sep, high, part, unit_mark.is_some())))
}

/// The unit after the number (and qualifier): as `parse::read_unit` reads
/// it, after checking with [`unit_marks`] that the text is one the general
/// parser would read the same.
#[inline(always)]
fn read_unit(text: &str, scale: Scale, marks: &mut u8) -> Option<Unit> {
    let text = trim_spaces_start(trim_spaces_end(text));
    // `９％`, `４３％以上`: the full-width sign is the unit `%`.
    let text = if text == FULL_WIDTH_PERCENT { "%" } else { text };
    *marks |= unit_marks(text)?;
    // Trimmed, and with no other whitespace than ASCII (`unit_marks`).
    Unit::parse_trimmed_after_number(text, scale).ok()
}

/// A number as written: digits or a placeholder.
#[derive(Clone, Copy)]
enum Num {
    Known(Decimal),
    Unknown(Placeholder),
}

/// The marks of a qualifier's word: Chinese words are CJK, English ones
/// have letters but for `+`.
fn qualifier_marks(q: Qualifier) -> u8 {
    match q.lang() {
        Lang::Zh => CJK,
        Lang::En if q == Qualifier::Plus => 0,
        Lang::En => LATIN,
    }
}

/// Whether `c` is ASCII whitespace as `char::is_whitespace` has it (with
/// U+000B, unlike `u8::is_ascii_whitespace`). Other whitespace is left in
/// place, where it makes this path give up.
#[inline(always)]
fn is_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// The index of the first byte from `i` on that is no [`is_space`].
#[inline(always)]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| is_space(*c)) {
        i += 1;
    }
    i
}

/// `s` without [`is_space`] bytes at its end.
#[inline(always)]
fn trim_spaces_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    while n > 0 && is_space(b[n - 1]) {
        n -= 1;
    }
    &s[..n]
}

/// `s` without [`is_space`] bytes at its start.
#[inline(always)]
fn trim_spaces_start(s: &str) -> &str {
    &s[skip_spaces(s.as_bytes(), 0)..]
}

/// The marks of the unit text, or `None` when it has a character
/// normalising would rewrite (or any other that is neither ASCII nor a CJK
/// ideograph), a bracket, or starts with a digit: all for the general
/// parser.
#[inline(always)]
fn unit_marks(t: &str) -> Option<u8> {
    let b = t.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut marks = 0u8;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'[' | b']' | b'(' | b')' => return None,
            b',' => marks |= COMMA,
            b'X' | b'x' => {}
            c if c.is_ascii_alphabetic() => marks |= LATIN,
            0x00..=0x7F => {}
            // U+5000–U+9FFF, and U+4000–U+4FFF but U+4DC0–U+4DFF (E4 B7 xx):
            // CJK ideographs, which normalising leaves alone.
            0xE5..=0xE9 => {
                marks |= CJK;
                i += 3;
                continue;
            }
            0xE4 if b.get(i + 1) != Some(&0xB7) => {
                marks |= CJK;
                i += 3;
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(marks)
}

/// The value of the ASCII or full-width (`０`–`９`) digit at `i`, and its
/// length in bytes.
#[inline(always)]
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some((c - b'0', 1)),
        0xEF => match b.get(i + 1..i + 3)? {
            &[0xBC, c @ 0x90..=0x99] => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The length of the decimal point (`.` or `．`) at `i`, if there is one.
#[inline(always)]
fn point_at(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'.' => Some(1),
        0xEF if b.get(i + 1..i + 3) == Some(&[0xBC, 0x8E]) => Some(3),
        _ => None,
    }
}

/// Reads a placeholder (`X`, `XX`, `×`) or a decimal of up to 19 digits
/// at `i`, as `parse::read_number` reads its normalised text; returns it
/// and the index after it.
#[inline]
fn read_number(b: &[u8], i: usize, marks: &mut u8) -> Option<(Num, usize)> {
    let (mark, width) = match b.get(i..)? {
        [b'X', ..] => ('X', 1),
        [b'x', ..] => ('x', 1),
        [0xC3, 0x97, ..] => ('×', 2),
        _ => return read_decimal(b, i, marks),
    };
    let mut end = i;
    while b.get(end..end + width) == b.get(i..i + width) {
        end += width;
    }
    // `X5次`, `3O余`: letters or digits glued to the marks; a full-width
    // one (EF) is left to the general parser.
    if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == 0xEF) {
        return None;
    }
    let count = u8::try_from((end - i) / width).ok()?;
    Some((Num::Unknown(Placeholder::new(mark, count)?), end))
}

/// See [`read_number`]: `-1,361.5`, `１３.５`.
#[inline(always)]
fn read_decimal(b: &[u8], mut i: usize, marks: &mut u8) -> Option<(Num, usize)> {
    let negative = b.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    // The mantissa wraps past 19 digits; such numbers are then the general
    // parser's (see the end).
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    // Digits before the point, once one is read.
    let mut int_digits = None::<u32>;
    // Digits since the last thousands separator, once one is read.
    let mut group = None::<u32>;
    loop {
        // A run of ASCII digits, the usual number.
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            digits += 1;
            if let Some(g) = group.as_mut() {
                *g += 1;
            }
            i += 1;
        }
        let (d, len) = match b.get(i) {
            Some(&c @ b'0'..=b'9') => (c - b'0', 1),
            Some(0xEF) => match b.get(i + 1..i + 3) {
                Some(&[0xBC, c @ 0x90..=0x99]) => (c - 0x90, 3),
                _ => match point_at(b, i) {
                    Some(len) if int_digits.is_none() && digits > 0 && digit_at(b, i + len).is_some() => {
                        if group.is_some_and(|g| g != 3) {
                            return None;
                        }
                        group = None;
                        int_digits = Some(digits);
                        i += len;
                        continue;
                    }
                    _ => break,
                },
            },
            Some(b',') if int_digits.is_none() && digits > 0 && digit_at(b, i + 1).is_some() => {
                if group.is_some_and(|g| g != 3) || (group.is_none() && digits > 3) {
                    return None;
                }
                *marks |= COMMA;
                group = Some(0);
                i += 1;
                continue;
            }
            Some(b'.') if int_digits.is_none() && digits > 0 && digit_at(b, i + 1).is_some() => {
                if group.is_some_and(|g| g != 3) {
                    return None;
                }
                group = None;
                int_digits = Some(digits);
                i += 1;
                continue;
            }
            _ => break,
        };
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        digits += 1;
        if let Some(g) = group.as_mut() {
            *g += 1;
        }
        i += len;
    }
    // Longer numbers are the general parser's.
    if digits == 0 || digits > 19 || group.is_some_and(|g| g != 3) {
        return None;
    }
    // At most 19 digits: the mantissa fits 64 bits and the scale is at most 19.
    let scale = int_digits.map_or(0, |n| digits - n);
    let d = Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, negative, scale);
    Some((Num::Known(d), i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quantity as `parse` gives it, or `None`; in a form that compares
    /// everything, including whether a classifier is a known one.
    fn reading(q: Option<Quantity>) -> Option<String> {
        q.map(|q| {
            let known = matches!(q.unit().dimension(), super::super::Dimension::Count(c) if c.is_known());
            format!("{q:?} {known}")
        })
    }

    /// Where a reader here reads a text, the general parser reads it the same.
    fn agrees(s: &str) -> bool {
        let general = || reading(super::super::parse::parse_general(s).ok());
        for (name, fast) in [("parse_zh", parse_zh(s)), ("parse_spaced", parse_spaced(s))] {
            if let Some(fast) = reading(fast) {
                assert_eq!(Some(&fast), general().as_ref(), "{name} {s:?}");
            }
        }
        true
    }

    #[test]
    fn reads_the_spellings_of_reports() {
        let fixture = include_str!("../../tests/fixtures/quantity/spellings.txt");
        let spellings: Vec<&str> = fixture
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split('|').next().map(str::trim))
            .collect();
        let read = spellings.iter().filter(|s| agrees(s) && parse(s).is_some()).count();
        assert_eq!(read, spellings.len());
    }

    #[test]
    fn agrees_with_the_general_parser() {
        #[rustfmt::skip]
        const PARTS: &[&str] = &[
            "0", "3", "30", "１", "３０", "．", ".", ",", "，", "-", "－", "−", "+", "余", "多", "万", "亿", "千",
            "百", "十", "克", "X", "x", "×", "Ｘ", "%", "％", "‰", "以上", "左右", "超过", "约", "近", "-odd",
            "or more", "Over", "million", " ", "　", "\t", "\n", "\u{B}", "\u{85}", "\u{200B}", "\u{A0}", "[", "(", "—", "至", "to",
            "次", "元", "人次", "个百分点", "PRs", "people", "\u{4DC0}", "〇", "é", "m²", "到", "～", "以内", "起",
        ];
        for a in PARTS {
            for b in PARTS {
                for c in PARTS {
                    agrees(&format!("{a}{b}{c}"));
                    agrees(&format!("{a}{b}{c}次"));
                    agrees(&format!("约{a}{b}{c}"));
                    agrees(&format!("3{a}{b}{c}"));
                }
            }
        }
    }
}
