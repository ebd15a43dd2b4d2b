//! Reporting periods: years, halves, quarters, months and custom spans.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A span of calendar dates a report or figure covers.
///
/// Text forms (`Display` writes the first, `FromStr` reads all):
///
/// | kind | forms |
/// |---|---|
/// | year | `2020`, `2020年`, `2020年度` |
/// | half | `2020-H1`, `2020年上半年`, `2020年下半年` |
/// | quarter | `2020-Q3`, `2020年第三季度`, `2020年三季度`, `2020年第3季度` |
/// | month | `2020-03`, `2020年3月` |
/// | custom | `2020-01-15..2020-03-31` (both ends included) |
///
/// Equality is structural: the year 2020 is not equal to the custom span
/// `2020-01-01..2020-12-31`, because the kind matters when figures are added
/// up; compare [`Period::start`] and [`Period::end`] for the dates.
///
/// ```
/// use workreport::{Period, PeriodKind};
///
/// let q3: Period = "2020年第三季度".parse()?;
/// assert_eq!(q3.to_string(), "2020-Q3");
/// assert_eq!(q3.kind(), PeriodKind::Quarter);
/// assert_eq!(q3.start().to_string(), "2020-07-01");
/// assert_eq!(q3.end().to_string(), "2020-09-30");
/// assert!(Period::year(2020)?.contains(&q3));
/// assert_eq!(Period::year(2020)?.next().to_string(), "2021");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period(Repr);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Repr {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Custom(NaiveDate, NaiveDate),
}

/// The kind of a [`Period`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// A calendar year.
    Year,
    /// A half year.
    Half,
    /// A quarter.
    Quarter,
    /// A month.
    Month,
    /// Any other span of days.
    Custom,
}

/// A period that could not be read or built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a period: {why}")]
pub struct PeriodError {
    text: String,
    why: &'static str,
}

impl PeriodError {
    fn new(text: impl fmt::Display, why: &'static str) -> PeriodError {
        PeriodError { text: text.to_string(), why }
    }
}

/// The years a period may name.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

fn check_year(year: i32) -> Result<i32, PeriodError> {
    if YEARS.contains(&year) { Ok(year) } else { Err(PeriodError::new(year, "the year must be between 1000 and 9999")) }
}

impl Period {
    /// The calendar year.
    ///
    /// # Errors
    ///
    /// When the year is outside 1000..=9999.
    pub fn year(year: i32) -> Result<Period, PeriodError> {
        Ok(Period(Repr::Year(check_year(year)?)))
    }

    /// The first (1) or second (2) half of a year.
    ///
    /// # Errors
    ///
    /// When the year is out of range or `half` is not 1 or 2.
    pub fn half(year: i32, half: u8) -> Result<Period, PeriodError> {
        if !(1..=2).contains(&half) {
            return Err(PeriodError::new(format_args!("{year}-H{half}"), "the half must be 1 or 2"));
        }
        Ok(Period(Repr::Half(check_year(year)?, half)))
    }

    /// A quarter (1–4) of a year.
    ///
    /// # Errors
    ///
    /// When the year is out of range or `quarter` is not 1–4.
    pub fn quarter(year: i32, quarter: u8) -> Result<Period, PeriodError> {
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::new(format_args!("{year}-Q{quarter}"), "the quarter must be 1 to 4"));
        }
        Ok(Period(Repr::Quarter(check_year(year)?, quarter)))
    }

    /// A month (1–12) of a year.
    ///
    /// # Errors
    ///
    /// When the year is out of range or `month` is not 1–12.
    pub fn month(year: i32, month: u8) -> Result<Period, PeriodError> {
        if !(1..=12).contains(&month) {
            return Err(PeriodError::new(format_args!("{year}-{month:02}"), "the month must be 1 to 12"));
        }
        Ok(Period(Repr::Month(check_year(year)?, month)))
    }

    /// The days from `start` to `end`, both included.
    ///
    /// # Errors
    ///
    /// When `end` is before `start` or a year is out of range.
    pub fn custom(start: NaiveDate, end: NaiveDate) -> Result<Period, PeriodError> {
        if end < start {
            return Err(PeriodError::new(format_args!("{start}..{end}"), "it ends before it starts"));
        }
        check_year(start.year())?;
        check_year(end.year())?;
        Ok(Period(Repr::Custom(start, end)))
    }

    /// The kind of period.
    pub fn kind(&self) -> PeriodKind {
        match self.0 {
            Repr::Year(_) => PeriodKind::Year,
            Repr::Half(..) => PeriodKind::Half,
            Repr::Quarter(..) => PeriodKind::Quarter,
            Repr::Month(..) => PeriodKind::Month,
            Repr::Custom(..) => PeriodKind::Custom,
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        let (y, m) = match self.0 {
            Repr::Year(y) => (y, 1),
            Repr::Half(y, h) => (y, 1 + 6 * u32::from(h - 1)),
            Repr::Quarter(y, q) => (y, 1 + 3 * u32::from(q - 1)),
            Repr::Month(y, m) => (y, u32::from(m)),
            Repr::Custom(s, _) => return s,
        };
        ymd(y, m, 1)
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        let (y, m) = match self.0 {
            Repr::Year(y) => (y, 12),
            Repr::Half(y, h) => (y, 6 * u32::from(h)),
            Repr::Quarter(y, q) => (y, 3 * u32::from(q)),
            Repr::Month(y, m) => (y, u32::from(m)),
            Repr::Custom(_, e) => return e,
        };
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        ymd(ny, nm, 1).pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The year the period starts in.
    pub fn start_year(&self) -> i32 {
        self.start().year()
    }

    /// Whether every day of `other` lies in this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// Whether `date` lies in this period.
    pub fn contains_date(&self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start() <= other.end() && other.start() <= self.end()
    }

    /// The period of the same kind that follows: 2020 → 2021, 2020-Q4 →
    /// 2021-Q1; a custom span is followed by one of the same number of days.
    /// Saturates at the year 9999.
    pub fn next(&self) -> Period {
        let next = match self.0 {
            Repr::Year(y) => Repr::Year(y + 1),
            Repr::Half(y, 2) => Repr::Half(y + 1, 1),
            Repr::Half(y, h) => Repr::Half(y, h + 1),
            Repr::Quarter(y, 4) => Repr::Quarter(y + 1, 1),
            Repr::Quarter(y, q) => Repr::Quarter(y, q + 1),
            Repr::Month(y, 12) => Repr::Month(y + 1, 1),
            Repr::Month(y, m) => Repr::Month(y, m + 1),
            Repr::Custom(s, e) => {
                let days = e - s;
                match e.succ_opt().and_then(|ns| Some((ns, ns.checked_add_signed(days)?))) {
                    Some((ns, ne)) => Repr::Custom(ns, ne),
                    None => return *self,
                }
            }
        };
        let p = Period(next);
        if YEARS.contains(&p.end().year()) { p } else { *self }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Every caller passes a year in 1000..=9999 (or one more) and a valid month.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// Chronological: by first day, then last day, then kind.
    fn cmp(&self, other: &Period) -> Ordering {
        (self.start(), self.end(), self.kind()).cmp(&(other.start(), other.end(), other.kind()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Year(y) => write!(f, "{y}"),
            Repr::Half(y, h) => write!(f, "{y}-H{h}"),
            Repr::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Repr::Month(y, m) => write!(f, "{y}-{m:02}"),
            Repr::Custom(s, e) => write!(f, "{s}..{e}"),
        }
    }
}

fn digit_value(s: &str) -> Option<u8> {
    match s {
        "一" | "1" => Some(1),
        "二" | "2" => Some(2),
        "三" | "3" => Some(3),
        "四" | "4" => Some(4),
        _ => None,
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(input: &str) -> Result<Period, PeriodError> {
        let bad = |why| PeriodError::new(input, why);
        let s = input.trim();
        if let Some((a, b)) = s.split_once("..") {
            let date = |t: &str| {
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .map_err(|_| bad("a custom period is `YYYY-MM-DD..YYYY-MM-DD`"))
            };
            return Period::custom(date(a)?, date(b)?).map_err(|e| PeriodError { text: input.to_owned(), why: e.why });
        }
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 4 {
            return Err(bad("it does not start with a four-digit year"));
        }
        let year: i32 = s[..4].parse().map_err(|_| bad("bad year"))?;
        let rest = &s[4..];
        let rewrap = |e: PeriodError| PeriodError { text: input.to_owned(), why: e.why };
        let zh = rest.strip_prefix('年');
        match (rest, zh) {
            ("", _) | (_, Some("" | "度" | "全年")) => Period::year(year).map_err(rewrap),
            (_, Some("上半年")) => Period::half(year, 1).map_err(rewrap),
            (_, Some("下半年")) => Period::half(year, 2).map_err(rewrap),
            (_, Some(z)) => {
                if let Some(q) = z.strip_suffix("季度") {
                    let q = q.strip_prefix('第').unwrap_or(q);
                    let q = digit_value(q).ok_or_else(|| bad("unknown quarter"))?;
                    Period::quarter(year, q).map_err(rewrap)
                } else if let Some(m) = z.strip_suffix('月').or_else(|| z.strip_suffix("月份")) {
                    let m: u8 = m.parse().map_err(|_| bad("unknown month"))?;
                    Period::month(year, m).map_err(rewrap)
                } else {
                    Err(bad("unknown period after the year"))
                }
            }
            (r, None) => {
                let r = r.strip_prefix('-').ok_or_else(|| bad("expected `-` after the year"))?;
                if let Some(h) = r.strip_prefix(['H', 'h']) {
                    let h: u8 = h.parse().map_err(|_| bad("unknown half"))?;
                    Period::half(year, h).map_err(rewrap)
                } else if let Some(q) = r.strip_prefix(['Q', 'q']) {
                    let q: u8 = q.parse().map_err(|_| bad("unknown quarter"))?;
                    Period::quarter(year, q).map_err(rewrap)
                } else if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) {
                    let m: u8 = r.parse().map_err(|_| bad("unknown month"))?;
                    Period::month(year, m).map_err(rewrap)
                } else {
                    Err(bad("expected `YYYY`, `YYYY-H1`, `YYYY-Q1` or `YYYY-MM`"))
                }
            }
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for (input, display) in [
            ("2020", "2020"),
            ("2020年", "2020"),
            ("2020年上半年", "2020-H1"),
            ("2020-H2", "2020-H2"),
            ("2020年第三季度", "2020-Q3"),
            ("2020年一季度", "2020-Q1"),
            ("2020年3月", "2020-03"),
            ("2020-12", "2020-12"),
            ("2020-01-15..2020-03-31", "2020-01-15..2020-03-31"),
        ] {
            let p: Period = input.parse().unwrap();
            assert_eq!(p.to_string(), display, "{input}");
            assert_eq!(display.parse::<Period>().unwrap(), p);
        }
    }

    #[test]
    fn bad_periods_say_why() {
        let err = |s: &str| s.parse::<Period>().unwrap_err().to_string();
        assert_eq!(err("2020-13"), r#""2020-13" is not a period: the month must be 1 to 12"#);
        assert_eq!(err("20x"), r#""20x" is not a period: it does not start with a four-digit year"#);
        assert_eq!(
            err("2020-03-31..2020-01-01"),
            r#""2020-03-31..2020-01-01" is not a period: it ends before it starts"#
        );
    }

    #[test]
    fn ends_and_next() {
        let p = Period::half(2020, 1).unwrap();
        assert_eq!(p.end().to_string(), "2020-06-30");
        assert_eq!(Period::month(2020, 2).unwrap().end().to_string(), "2020-02-29");
        assert_eq!(Period::quarter(2020, 4).unwrap().next().to_string(), "2021-Q1");
        assert_eq!(Period::year(9999).unwrap().next().to_string(), "9999");
    }
}
