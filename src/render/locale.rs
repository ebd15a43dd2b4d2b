//! The words renderers write around the report's own text: section names,
//! labels, statuses, dates, periods and heading numbers, in zh-CN and en.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::model::{Comparator, DatePart, DateSlot, Period, PeriodKind, Status};
use crate::quantity::Lang;

/// The language of the words a renderer adds: section names, table
/// headers, statuses, dates and the numbers of headings.
///
/// The report's own text is written as it is; its figures are written in
/// the report's language ([`Report::lang`](crate::Report::lang)), so prose
/// and numbers never mix languages. Tables of figures and totals use the
/// locale.
///
/// ```
/// use workreport::render::Locale;
///
/// let en: Locale = "en".parse()?;
/// assert_eq!(en, Locale::En);
/// assert_eq!("zh-CN".parse::<Locale>()?, Locale::ZhCn);
/// assert_eq!(Locale::ZhCn.to_string(), "zh-CN");
/// assert!("fr".parse::<Locale>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// Simplified Chinese, the house style of official documents.
    #[default]
    ZhCn,
    /// English.
    En,
}

/// A locale that is not `zh-CN` (or `zh`) or `en`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a supported locale (`zh-CN`, `en`)")]
pub struct LocaleError(String);

impl Locale {
    /// The locale of a language: [`Lang::Zh`] is zh-CN.
    pub fn of(lang: Lang) -> Locale {
        match lang {
            Lang::Zh => Locale::ZhCn,
            Lang::En => Locale::En,
        }
    }

    /// The language quantities are written in for this locale.
    pub fn lang(self) -> Lang {
        match self {
            Locale::ZhCn => Lang::Zh,
            Locale::En => Lang::En,
        }
    }

    /// The BCP 47 tag: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub(crate) fn words(self) -> &'static Words {
        match self {
            Locale::ZhCn => &ZH,
            Locale::En => &EN,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Locale {
    type Err = LocaleError;

    /// Reads `zh-CN`, `zh`, `zh-Hans` or `en` (any case, `_` for `-`).
    fn from_str(s: &str) -> Result<Locale, LocaleError> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh-cn" | "zh" | "zh-hans" | "zh-hans-cn" => Ok(Locale::ZhCn),
            "en" | "en-us" | "en-gb" => Ok(Locale::En),
            _ => Err(LocaleError(s.to_owned())),
        }
    }
}

/// The fixed words of one locale.
#[derive(Debug)]
pub(crate) struct Words {
    pub(crate) work: &'static str,
    pub(crate) problems: &'static str,
    pub(crate) plan: &'static str,
    pub(crate) totals: &'static str,
    pub(crate) preface: &'static str,
    pub(crate) figures: &'static str,
    pub(crate) figures_by_area: &'static str,
    pub(crate) plan_progress: &'static str,
    pub(crate) known: &'static str,
    pub(crate) unknown: &'static str,
    pub(crate) where_: &'static str,
    pub(crate) what: &'static str,
    pub(crate) value: &'static str,
    pub(crate) coverage: &'static str,
    pub(crate) metric: &'static str,
    pub(crate) org: &'static str,
    pub(crate) period: &'static str,
    pub(crate) exact: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) target: &'static str,
    pub(crate) owner: &'static str,
    pub(crate) due: &'static str,
    pub(crate) status: &'static str,
    pub(crate) addresses: &'static str,
    pub(crate) not_evaluated: &'static str,
    pub(crate) none: &'static str,
    /// Between a label and its value: `：` or `: `.
    pub(crate) colon: &'static str,
    /// Between items of a list in one line: `；` or `; `.
    pub(crate) semicolon: &'static str,
    /// Between names in a list: `、` or `, `.
    pub(crate) comma: &'static str,
    pub(crate) open_paren: &'static str,
    pub(crate) close_paren: &'static str,
    /// Coverage in prose: `{reported}/{expected}` followed by this.
    pub(crate) units_suffix: &'static str,
}

static ZH: Words = Words {
    work: "主要工作",
    problems: "存在问题",
    plan: "工作计划",
    totals: "数据汇总",
    preface: "前言",
    figures: "数据一览",
    figures_by_area: "各项工作数据填报情况",
    plan_progress: "工作计划进展",
    known: "已填报",
    unknown: "待填报",
    where_: "工作",
    what: "事项",
    value: "数值",
    coverage: "已报/应报",
    metric: "指标",
    org: "单位",
    period: "期间",
    exact: "精确",
    yes: "是",
    no: "否",
    target: "目标",
    owner: "责任人",
    due: "完成时限",
    status: "状态",
    addresses: "针对问题",
    not_evaluated: "未评估",
    none: "—",
    colon: "：",
    semicolon: "；",
    comma: "、",
    open_paren: "（",
    close_paren: "）",
    units_suffix: "个单位",
};

static EN: Words = Words {
    work: "Achievements",
    problems: "Problems",
    plan: "Plan",
    totals: "Totals",
    preface: "Preface",
    figures: "Figures",
    figures_by_area: "Figures by work area",
    plan_progress: "Plan progress",
    known: "known",
    unknown: "to fill",
    where_: "Area",
    what: "What",
    value: "Value",
    coverage: "Reported",
    metric: "Metric",
    org: "Org unit",
    period: "Period",
    exact: "Exact",
    yes: "yes",
    no: "no",
    target: "Target",
    owner: "Owner",
    due: "Due",
    status: "Status",
    addresses: "Addresses",
    not_evaluated: "not evaluated",
    none: "—",
    colon: ": ",
    semicolon: "; ",
    comma: ", ",
    open_paren: " (",
    close_paren: ")",
    units_suffix: " units",
};

impl Locale {
    /// A plan item's status in words; `None` is "not evaluated".
    pub(crate) fn status(self, status: Option<Status>) -> &'static str {
        let zh = self == Locale::ZhCn;
        let Some(status) = status else { return self.words().not_evaluated };
        match (status, zh) {
            (Status::Planned, true) => "计划中",
            (Status::InProgress, true) => "推进中",
            (Status::Done, true) => "已完成",
            (Status::Partly, true) => "部分完成",
            (Status::NotDone, true) => "未完成",
            (Status::Unknown, true) => "无法判断",
            (Status::Overdue, true) => "已逾期",
            (Status::CarriedOver, true) => "结转下期",
            (Status::Planned, false) => "planned",
            (Status::InProgress, false) => "in progress",
            (Status::Done, false) => "done",
            (Status::Partly, false) => "partly done",
            (Status::NotDone, false) => "not done",
            (Status::Unknown, false) => "cannot tell",
            (Status::Overdue, false) => "overdue",
            (Status::CarriedOver, false) => "carried over",
        }
    }

    /// A comparator in words: `不少于`, `at least`.
    pub(crate) fn comparator(self, c: Comparator) -> &'static str {
        match (self, c) {
            (Locale::ZhCn, Comparator::AtLeast) => "不少于",
            (Locale::ZhCn, Comparator::MoreThan) => "超过",
            (Locale::ZhCn, Comparator::AtMost) => "不超过",
            (Locale::ZhCn, Comparator::LessThan) => "少于",
            (Locale::ZhCn, Comparator::Exactly) => "达到",
            (Locale::En, Comparator::AtLeast) => "at least",
            (Locale::En, Comparator::MoreThan) => "more than",
            (Locale::En, Comparator::AtMost) => "at most",
            (Locale::En, Comparator::LessThan) => "less than",
            (Locale::En, Comparator::Exactly) => "exactly",
        }
    }

    /// A target: `意识形态分析研判会不少于16次，基数12次`, `maintainers'
    /// organizations — at least 4 organizations, baseline 3 organizations`.
    pub(crate) fn target(self, metric: &str, c: Comparator, value: &str, baseline: Option<&str>) -> String {
        let word = self.comparator(c);
        let mut s = match self {
            Locale::ZhCn => format!("{metric}{word}{value}"),
            Locale::En => format!("{metric} — {word} {value}"),
        };
        if let Some(b) = baseline {
            match self {
                Locale::ZhCn => s.push_str(&format!("，基数{b}")),
                Locale::En => s.push_str(&format!(", baseline {b}")),
            }
        }
        s
    }

    /// A calendar date: `2021年12月31日` or `31 December 2021`.
    pub(crate) fn date(self, d: NaiveDate) -> String {
        match self {
            Locale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Locale::En => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
        }
    }

    /// A period: `2020年`, `2020年第三季度`, `2020年1月15日至3月31日`; `2020`,
    /// `Q3 2020`, `15 January 2020 – 31 March 2020`.
    pub(crate) fn period(self, p: &Period) -> String {
        let (start, end) = (p.start(), p.end());
        let y = start.year();
        match (self, p.kind()) {
            (Locale::ZhCn, PeriodKind::Year) => format!("{y}年"),
            (Locale::ZhCn, PeriodKind::Half) if start.month() == 1 => format!("{y}年上半年"),
            (Locale::ZhCn, PeriodKind::Half) => format!("{y}年下半年"),
            (Locale::ZhCn, PeriodKind::Quarter) => {
                format!("{y}年第{}季度", zh_number(start.month().div_ceil(3)))
            }
            (Locale::ZhCn, PeriodKind::Month) => format!("{y}年{}月", start.month()),
            (Locale::En, PeriodKind::Year) => format!("{y}"),
            (Locale::En, PeriodKind::Half) => format!("H{} {y}", if start.month() == 1 { 1 } else { 2 }),
            (Locale::En, PeriodKind::Quarter) => format!("Q{} {y}", start.month().div_ceil(3)),
            (Locale::En, PeriodKind::Month) => format!("{} {y}", month_name(start.month())),
            (Locale::ZhCn, _) => format!("{}至{}", self.date(start), self.date(end)),
            (Locale::En, _) => format!("{} – {}", self.date(start), self.date(end)),
        }
    }

    /// A date slot of the prose: `X月X日` as written in Chinese; in
    /// English, `5 March 2020` with `X` for unknown parts.
    pub(crate) fn date_slot(self, d: &DateSlot) -> String {
        if self == Locale::ZhCn {
            return d.to_string();
        }
        let part = |p: Option<DatePart>, name: bool| match p {
            Some(DatePart::Known(n)) if name => Some(month_name(u32::from(n)).to_owned()),
            Some(DatePart::Known(n)) => Some(n.to_string()),
            Some(DatePart::Unknown) => Some("X".to_owned()),
            None => None,
        };
        let (y, m, day) = d.parts();
        [part(day, false), part(m, true), part(y, false)].into_iter().flatten().collect::<Vec<_>>().join(" ")
    }

    /// `11/12个单位`, `11/12 units`.
    pub(crate) fn coverage(self, reported: u32, expected: u32) -> String {
        format!("{reported}/{expected}{}", self.words().units_suffix)
    }
}

fn month_name(m: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(m).ok().and_then(|m| m.checked_sub(1)).and_then(|i| MONTHS.get(i)).copied().unwrap_or("?")
}

/// How headings are numbered, by depth.
///
/// ```
/// use workreport::render::Numbering;
///
/// assert_eq!(Numbering::Official.label(&[2]), "二、");
/// assert_eq!(Numbering::Official.label(&[2, 11]), "（十一）");
/// assert_eq!(Numbering::Official.label(&[2, 1, 3]), "3.");
/// assert_eq!(Numbering::Official.label(&[2, 1, 3, 4]), "（4）");
/// assert_eq!(Numbering::Decimal.label(&[2, 1, 3]), "2.1.3");
/// assert_eq!(Numbering::Decimal.label(&[2]), "2.");
/// assert_eq!(Numbering::None.label(&[2]), "");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// The numbering of Chinese official documents (GB/T 9704): `一、`,
    /// `（一）`, `1.`, `（1）`, then `①`.
    Official,
    /// Outline numbers: `1.`, `1.1`, `1.1.1`.
    Decimal,
    /// No numbers.
    None,
}

impl Numbering {
    /// The default numbering of a locale: official for zh-CN, decimal for en.
    pub fn of(locale: Locale) -> Numbering {
        match locale {
            Locale::ZhCn => Numbering::Official,
            Locale::En => Numbering::Decimal,
        }
    }

    /// The label of the heading at `path`: its 1-based index among its
    /// siblings, after those of its parents. Empty for an empty path.
    pub fn label(self, path: &[u32]) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(16);
        let Some(&n) = path.last() else { return out };
        // Writing into a `String` cannot fail.
        let _ = match self {
            Numbering::None => Ok(()),
            Numbering::Decimal if path.len() == 1 => write!(out, "{n}."),
            Numbering::Decimal => {
                for (i, p) in path.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    let _ = write!(out, "{p}");
                }
                Ok(())
            }
            Numbering::Official => match path.len() {
                1 => {
                    push_zh_number(&mut out, n);
                    out.push('、');
                    Ok(())
                }
                2 => {
                    out.push('（');
                    push_zh_number(&mut out, n);
                    out.push('）');
                    Ok(())
                }
                3 => write!(out, "{n}."),
                4 => write!(out, "（{n}）"),
                _ => match n {
                    // ① … ⑳
                    1..=20 => {
                        out.extend(char::from_u32(0x2460 + n - 1));
                        Ok(())
                    }
                    _ => write!(out, "({n})"),
                },
            },
        };
        out
    }
}

/// A number in Chinese numerals: 一, 十, 十一, 二十, 一百零一, 一千零二十.
/// Numbers past 9999 are written in Arabic digits.
pub(crate) fn zh_number(n: u32) -> String {
    let mut out = String::new();
    push_zh_number(&mut out, n);
    out
}

fn push_zh_number(out: &mut String, n: u32) {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if n == 0 {
        out.push('零');
        return;
    }
    if n > 9999 {
        out.push_str(&n.to_string());
        return;
    }
    if (10..20).contains(&n) {
        // 十, 十一 … 十九: no leading 一.
        out.push('十');
        if n > 10 {
            out.push_str(digit(n - 10));
        }
        return;
    }
    let places = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut zero = false;
    let mut started = false;
    for (place, word) in places {
        let d = n / place % 10;
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push_str(digit(d));
        out.push_str(word);
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1020, "一千零二十"),
            (1001, "一千零一"),
            (9999, "九千九百九十九"),
            (10000, "10000"),
        ];
        for (n, zh) in cases {
            assert_eq!(zh_number(n), zh, "{n}");
        }
    }

    #[test]
    fn periods_in_both_locales() {
        let q3: Period = "2020-Q3".parse().unwrap();
        assert_eq!(Locale::ZhCn.period(&q3), "2020年第三季度");
        assert_eq!(Locale::En.period(&q3), "Q3 2020");
        let h2: Period = "2020-H2".parse().unwrap();
        assert_eq!(Locale::ZhCn.period(&h2), "2020年下半年");
        let custom: Period = "2020-01-15..2020-03-31".parse().unwrap();
        assert_eq!(Locale::ZhCn.period(&custom), "2020年1月15日至2020年3月31日");
        assert_eq!(Locale::En.period(&custom), "15 January 2020 – 31 March 2020");
    }

    #[test]
    fn deep_numbers_are_circled() {
        assert_eq!(Numbering::Official.label(&[1, 1, 1, 1, 3]), "③");
        assert_eq!(Numbering::Official.label(&[1, 1, 1, 1, 21]), "(21)");
    }
}
