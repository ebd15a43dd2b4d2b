//! Units: a dimension, a power-of-ten scale and, for counts, a classifier.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use super::error::QuantityError;
use super::lang::Lang;
use super::text;
use super::value::{Position, Qualifier};

/// A unit of measure: a [`Dimension`] and a power-of-ten [`Scale`].
///
/// Equality is structural: `万元` and `元` are different units of the same
/// dimension; [`Unit::same_dimension`] tells whether two units convert
/// exactly into each other.
///
/// ```
/// use workreport::Unit;
///
/// let wan_yuan: Unit = "万元".parse()?;
/// assert_eq!(wan_yuan.scale().exponent(), 4);
/// assert_eq!(wan_yuan.base().to_string(), "元");
/// assert_eq!(wan_yuan.display(workreport::Lang::En).to_string(), "10,000 yuan");
/// assert!(wan_yuan.same_dimension(&"yuan".parse()?));
/// assert!(!wan_yuan.same_dimension(&"次".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    dimension: Dimension,
    scale: Scale,
}

/// What a unit measures.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// A bare number with no unit, as in `3亿`.
    Number,
    /// A count of things named by a classifier (量词): `次`, `人`, `pull requests`.
    Count(Classifier),
    /// An amount of money in a currency.
    Money(Currency),
    /// Percent (`%`).
    Percent,
    /// Per mille (`‰`).
    PerMille,
    /// Percentage points (`个百分点`), the unit of a change in a percentage.
    PercentagePoint,
}

/// A currency of a money amount. Chinese reports default to [`Currency::Cny`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// Renminbi: `元`, `yuan`.
    Cny,
    /// US dollars: `美元`.
    Usd,
    /// Euros: `欧元`.
    Eur,
    /// Hong Kong dollars: `港元`.
    Hkd,
}

impl Currency {
    /// The ISO 4217 code, e.g. `"CNY"`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Hkd => "HKD",
        }
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Currency::Cny, Lang::Zh) => "元",
            (Currency::Usd, Lang::Zh) => "美元",
            (Currency::Eur, Lang::Zh) => "欧元",
            (Currency::Hkd, Lang::Zh) => "港元",
            (Currency::Cny, Lang::En) => "yuan",
            (Currency::Usd, Lang::En) => "US dollars",
            (Currency::Eur, Lang::En) => "euros",
            (Currency::Hkd, Lang::En) => "HK dollars",
        }
    }
}

/// The words of each currency, lowercase.
const CURRENCY_WORDS: &[(Currency, &[&str])] = &[
    (Currency::Cny, &["元", "人民币", "人民币元", "yuan", "rmb", "cny", "renminbi"]),
    (Currency::Usd, &["美元", "us dollars", "us dollar", "dollars", "dollar", "usd"]),
    (Currency::Eur, &["欧元", "euros", "euro", "eur"]),
    (Currency::Hkd, &["港元", "港币", "hk dollars", "hong kong dollars", "hkd"]),
];

/// What a unit word names.
#[derive(Clone, Copy, Debug)]
enum UnitWord {
    Percent,
    PerMille,
    PercentagePoint,
    Money(Currency),
    /// A known classifier, by its Chinese form.
    Known(&'static str),
}

/// Every unit word, lowercase, as a sorted table of words packed into
/// integers (a binary search without string comparisons: the parser looks
/// a unit up for every quantity) and a list of the few longer words.
/// Where a word is listed twice the first reading wins: percent and the
/// like, then currencies, then classifiers in the order of
/// `KNOWN_CLASSIFIERS`.
static UNIT_WORDS: LazyLock<UnitWords> = LazyLock::new(|| {
    let mut words: Vec<(&'static str, UnitWord)> = Vec::new();
    words.extend(["%", "percent", "per cent", "pct"].map(|w| (w, UnitWord::Percent)));
    words.extend(["‰", "per mille", "permille"].map(|w| (w, UnitWord::PerMille)));
    words.extend(
        ["个百分点", "百分点", "percentage points", "percentage point", "pp", "pps"]
            .map(|w| (w, UnitWord::PercentagePoint)),
    );
    for (currency, names) in CURRENCY_WORDS {
        words.extend(names.iter().map(|w| (*w, UnitWord::Money(*currency))));
    }
    for (zh, plural, singular, more) in KNOWN_CLASSIFIERS {
        let known = UnitWord::Known(zh);
        words.extend([zh, plural, singular].into_iter().chain(more.iter()).map(|w| (*w, known)));
    }
    let mut seen = std::collections::BTreeSet::new();
    words.retain(|w| seen.insert(w.0));
    let (short, long): (Vec<_>, Vec<_>) = words.into_iter().partition(|w| pack(w.0).is_some());
    let mut short: Vec<(u128, UnitWord)> = short.into_iter().filter_map(|(w, u)| Some((pack(w)?, u))).collect();
    short.sort_by_key(|w| w.0);
    UnitWords { short, long }
});

/// See `UNIT_WORDS`.
struct UnitWords {
    /// Words of at most 15 bytes, packed, sorted.
    short: Vec<(u128, UnitWord)>,
    /// The longer words.
    long: Vec<(&'static str, UnitWord)>,
}

/// A word of at most 15 bytes as an integer: its bytes, then its length.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut buf = [0u8; 16];
    buf.get_mut(..bytes.len()).filter(|_| bytes.len() < 16)?.copy_from_slice(bytes);
    buf[15] = bytes.len() as u8;
    Some(u128::from_be_bytes(buf))
}

/// The meaning of a unit word; `word` is matched as is, so lowercase it first.
fn unit_word(word: &str) -> Option<UnitWord> {
    let UnitWords { short, long } = &*UNIT_WORDS;
    match pack(word) {
        Some(key) => short.binary_search_by_key(&key, |w| w.0).ok().map(|i| short[i].1),
        None => long.iter().find(|w| w.0 == word).map(|w| w.1),
    }
}

/// `text`, lowercased when it has ASCII capitals.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// A power-of-ten multiplier carried by a unit: `万元` is `元` at scale 4.
///
/// Chinese scale words compose (`千万` is 7, `万亿` is 12); English ones are
/// thousand (3), million (6), billion (9) and trillion (12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scale(u8);

impl Scale {
    /// The largest exponent a scale may have.
    pub const MAX_EXPONENT: u8 = 16;
    /// No scaling.
    pub const ONE: Scale = Scale(0);
    /// 万, ten thousand.
    pub const WAN: Scale = Scale(4);
    /// 亿, a hundred million.
    pub const YI: Scale = Scale(8);

    /// A scale of `10^exponent`, or `None` above [`Scale::MAX_EXPONENT`].
    pub fn new(exponent: u8) -> Option<Scale> {
        (exponent <= Self::MAX_EXPONENT).then_some(Scale(exponent))
    }

    /// The power of ten.
    pub fn exponent(self) -> u8 {
        self.0
    }

    /// Whether English has a single word for this scale (thousand, million …).
    pub(crate) fn has_en_word(self) -> bool {
        matches!(self.0, 0 | 3 | 6 | 9 | 12)
    }

    pub(crate) fn checked_add(self, other: Scale) -> Option<Scale> {
        Scale::new(self.0.checked_add(other.0)?)
    }

    /// The Chinese scale word, e.g. `万`, `千万`, `万亿`; empty for scale 0.
    pub(crate) fn zh_word(self) -> &'static str {
        #[rustfmt::skip]
        const WORDS: [&str; 17] = [
            "", "十", "百", "千", "万", "十万", "百万", "千万", "亿", "十亿", "百亿", "千亿",
            "万亿", "十万亿", "百万亿", "千万亿", "亿亿",
        ];
        WORDS[usize::from(self.0)]
    }

    /// The English scale word, e.g. `million`, `ten-thousand`; empty for scale 0.
    pub(crate) fn en_word(self) -> &'static str {
        const WORDS: [&str; 17] = [
            "",
            "ten",
            "hundred",
            "thousand",
            "ten-thousand",
            "hundred-thousand",
            "million",
            "ten-million",
            "hundred-million",
            "billion",
            "ten-billion",
            "hundred-billion",
            "trillion",
            "ten-trillion",
            "hundred-trillion",
            "quadrillion",
            "ten-quadrillion",
        ];
        WORDS[usize::from(self.0)]
    }

    /// Reads a Chinese scale word at the start of `s`; returns it and its length.
    ///
    /// `千` is not a scale in front of measure words that start with it
    /// (`千克`, `千米`, `千瓦时`).
    pub(crate) fn read_zh(s: &str) -> Option<(Scale, usize)> {
        const PREFIXES: [(&str, u8); 10] = [
            ("万亿", 12),
            ("千亿", 11),
            ("百亿", 10),
            ("十亿", 9),
            ("亿", 8),
            ("千万", 7),
            ("百万", 6),
            ("十万", 5),
            ("万", 4),
            ("千", 3),
        ];
        if !s.starts_with(['万', '亿', '千', '百', '十']) {
            return None;
        }
        let (word, exp) = PREFIXES.iter().find(|(w, _)| s.starts_with(w))?;
        let rest = &s[word.len()..];
        // 千克, 千瓦时 …: a lone 千 belongs to the measure word. (In 千亿瓦 it
        // does not: 亿 stands between.)
        if *exp == 3 && rest.starts_with(['克', '米', '瓦', '伏', '焦', '帕', '卡']) {
            return None;
        }
        Some((Scale(*exp), word.len()))
    }

    /// Reads an English scale word that stands as a whole word at the
    /// start of `s` (case-insensitive): `ten-thousand`, `million`.
    pub(crate) fn read_en(s: &str) -> Option<(Scale, usize)> {
        // The word runs to the first character that is no letter or hyphen;
        // a digit right after it is no boundary.
        let bytes = s.as_bytes();
        let len = bytes.iter().take_while(|b| b.is_ascii_alphabetic() || **b == b'-').count();
        if len < 3 || bytes.get(len).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let word = &s[..len];
        (1..=Self::MAX_EXPONENT)
            .map(Scale)
            .find(|scale| scale.en_word().eq_ignore_ascii_case(word))
            .map(|scale| (scale, len))
    }
}

/// The classifier (量词) of a count: `次`, `场`, `人次`, `pull requests`.
///
/// The set is open. Known classifiers carry an English name and are stored
/// by their Chinese form, so `"5 times"` and `"5次"` have the same unit.
///
/// ```
/// use workreport::Classifier;
///
/// let times = Classifier::new("times")?;
/// assert_eq!(times.as_str(), "次");
/// assert!(times.is_known());
/// let prs = Classifier::new("pull requests")?;
/// assert_eq!(prs.as_str(), "pull requests");
/// assert!(!prs.is_known());
/// assert!(Classifier::new("O余").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Classifier(Cow<'static, str>);

/// Known classifiers: Chinese form, English plural, English singular, and more
/// English spellings that read as the same classifier.
const KNOWN_CLASSIFIERS: &[(&str, &str, &str, &[&str])] = &[
    ("次", "times", "time", &[]),
    ("场", "sessions", "session", &["events"]),
    ("场次", "showings", "showing", &[]),
    ("期", "editions", "edition", &[]),
    ("条", "posts", "post", &[]),
    ("篇", "articles", "article", &[]),
    ("人", "people", "person", &[]),
    ("人次", "person-times", "person-time", &[]),
    ("名", "persons", "persons", &[]),
    ("支", "teams", "team", &[]),
    ("个", "units", "unit", &[]),
    ("项", "items", "item", &["projects"]),
    ("户", "households", "household", &[]),
    ("家", "establishments", "establishment", &["businesses"]),
    ("件", "cases", "case", &[]),
    ("所", "institutions", "institution", &["schools"]),
    ("座", "structures", "structure", &[]),
    ("处", "sites", "site", &[]),
    ("辆", "vehicles", "vehicle", &[]),
    ("公里", "km", "km", &["kilometres", "kilometers", "kilometre", "kilometer"]),
    ("米", "metres", "metre", &["meters", "meter"]),
    ("平方米", "square metres", "square metre", &["square meters", "sq m", "m²"]),
    ("平方公里", "square kilometres", "square kilometre", &["square kilometers", "km²"]),
    ("亩", "mu", "mu", &[]),
    ("公顷", "hectares", "hectare", &[]),
    ("吨", "tonnes", "tonne", &["tons", "ton"]),
    ("公斤", "kilograms", "kilogram", &["kg"]),
    ("千瓦时", "kilowatt-hours", "kilowatt-hour", &["kwh"]),
    ("年", "years", "year", &[]),
    ("周年", "anniversaries", "anniversary", &[]),
    ("个月", "months", "month", &[]),
    ("天", "days", "day", &[]),
    ("小时", "hours", "hour", &[]),
    ("岁", "years of age", "year of age", &[]),
];

impl Classifier {
    /// A classifier from its Chinese or English spelling.
    ///
    /// # Errors
    ///
    /// When the text is empty or is neither a run of Chinese characters nor
    /// English words (letters, spaces, hyphens, apostrophes).
    pub fn new(text: &str) -> Result<Classifier, QuantityError> {
        let text = text::trim(text);
        Classifier::known(text)
            .or_else(|| valid_classifier(text).then(|| Classifier(Cow::Owned(text.to_owned()))))
            .ok_or_else(|| QuantityError::unknown_unit(text, text))
    }

    fn known(text: &str) -> Option<Classifier> {
        let probe = if text.is_ascii() { lowercase(text) } else { Cow::Borrowed(text) };
        match unit_word(&probe)? {
            UnitWord::Known(zh) => Some(Classifier(Cow::Borrowed(zh))),
            _ => None,
        }
    }

    /// The classifier as stored: the Chinese form of a known classifier, or
    /// the text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is one of the built-in classifiers with an English name.
    pub fn is_known(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    fn entry(&self) -> Option<&'static (&'static str, &'static str, &'static str, &'static [&'static str])> {
        KNOWN_CLASSIFIERS.iter().find(|(zh, ..)| *zh == self.0)
    }

    /// The classifier in a language: the English plural (or singular) name of
    /// a known classifier, else the text as written.
    pub fn word(&self, lang: Lang, singular: bool) -> &str {
        match (lang, self.entry()) {
            (Lang::En, Some((_, plural, one, _))) => {
                if singular {
                    one
                } else {
                    plural
                }
            }
            _ => &self.0,
        }
    }

    /// Whether the classifier is written in Latin letters (an English noun).
    pub(crate) fn is_latin(&self) -> bool {
        self.0.starts_with(|c: char| c.is_ascii_alphabetic())
    }
}

fn valid_classifier(text: &str) -> bool {
    if text.is_empty() || text.chars().count() > 24 {
        return false;
    }
    // `余元`, `次以上`, `万`: words that would read as a qualifier or a
    // scale next to a number.
    let misread = Qualifier::read_prefix(text, Position::AfterNumber).is_some_and(|(q, _)| q.lang() == Lang::Zh)
        || Qualifier::read_suffix(text).is_some()
        || Scale::read_zh(text).is_some()
        || Scale::read_en(text).is_some();
    if misread {
        return false;
    }
    let all_cjk = text.chars().all(text::is_cjk);
    let english = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '\''));
    all_cjk || english
}

impl Unit {
    /// A unit of a dimension at a scale.
    ///
    /// # Errors
    ///
    /// Percent, per mille and percentage points take no scale.
    pub fn new(dimension: Dimension, scale: Scale) -> Result<Unit, QuantityError> {
        if scale != Scale::ONE
            && matches!(dimension, Dimension::Percent | Dimension::PerMille | Dimension::PercentagePoint)
        {
            return Err(QuantityError::scaled_percent(&Unit { dimension, scale }.to_string()));
        }
        Ok(Unit { dimension, scale })
    }

    /// A bare number.
    pub fn number() -> Unit {
        Unit { dimension: Dimension::Number, scale: Scale::ONE }
    }

    /// A count of `classifier`.
    ///
    /// # Errors
    ///
    /// As [`Classifier::new`].
    pub fn count(classifier: &str) -> Result<Unit, QuantityError> {
        Ok(Unit { dimension: Dimension::Count(Classifier::new(classifier)?), scale: Scale::ONE })
    }

    /// Money in `currency` at `scale` (`Unit::money(Currency::Cny, Scale::WAN)` is `万元`).
    pub fn money(currency: Currency, scale: Scale) -> Unit {
        Unit { dimension: Dimension::Money(currency), scale }
    }

    /// Percent.
    pub fn percent() -> Unit {
        Unit { dimension: Dimension::Percent, scale: Scale::ONE }
    }

    /// Percentage points.
    pub fn percentage_point() -> Unit {
        Unit { dimension: Dimension::PercentagePoint, scale: Scale::ONE }
    }

    /// The dimension.
    pub fn dimension(&self) -> &Dimension {
        &self.dimension
    }

    /// The scale.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The same dimension at scale 0: `元` for `万元`, `人` for `万人`.
    pub fn base(&self) -> Unit {
        Unit { dimension: self.dimension.clone(), scale: Scale::ONE }
    }

    /// The same dimension at another scale.
    pub fn with_scale(&self, scale: Scale) -> Result<Unit, QuantityError> {
        Unit::new(self.dimension.clone(), scale)
    }

    /// Whether values in the two units convert exactly into each other.
    pub fn same_dimension(&self, other: &Unit) -> bool {
        self.dimension == other.dimension
    }

    /// Whether this is a count.
    pub fn is_count(&self) -> bool {
        matches!(self.dimension, Dimension::Count(_))
    }

    /// The unit written in a language: `万元` or `10,000 yuan`.
    pub fn display(&self, lang: Lang) -> impl fmt::Display + '_ {
        UnitDisplay { unit: self, lang }
    }

    /// Writes the unit in `lang` with `scale` written as a word (the caller
    /// may have folded part of the scale into the number). After a number,
    /// English units and Latin classifiers get a leading space.
    pub(crate) fn write_to(
        &self,
        out: &mut dyn fmt::Write,
        lang: Lang,
        scale: Scale,
        singular: bool,
        after_number: bool,
    ) -> fmt::Result {
        let space = if after_number { " " } else { "" };
        match lang {
            Lang::Zh => {
                out.write_str(scale.zh_word())?;
                match &self.dimension {
                    Dimension::Number => Ok(()),
                    Dimension::Count(c) if c.is_latin() && scale == Scale::ONE => {
                        write!(out, "{space}{}", c.as_str())
                    }
                    Dimension::Count(c) if c.is_latin() => write!(out, " {}", c.as_str()),
                    Dimension::Count(c) => out.write_str(c.as_str()),
                    Dimension::Money(cur) => out.write_str(cur.word(Lang::Zh)),
                    Dimension::Percent => out.write_str("%"),
                    Dimension::PerMille => out.write_str("‰"),
                    Dimension::PercentagePoint => out.write_str("个百分点"),
                }
            }
            Lang::En => {
                let base = match &self.dimension {
                    Dimension::Number => "",
                    Dimension::Count(c) => c.word(Lang::En, singular && scale == Scale::ONE),
                    Dimension::Money(cur) => cur.word(Lang::En),
                    Dimension::Percent => return out.write_str("%"),
                    Dimension::PerMille => return out.write_str("‰"),
                    Dimension::PercentagePoint if singular => "percentage point",
                    Dimension::PercentagePoint => "percentage points",
                };
                let mut sep = space;
                for part in [scale.en_word(), base] {
                    if !part.is_empty() {
                        write!(out, "{sep}{part}")?;
                        sep = " ";
                    }
                }
                Ok(())
            }
        }
    }

    /// Parses unit text that follows a number, with a scale already read
    /// from the number (`1.2万` then `人`).
    pub(crate) fn parse_after_number(text: &str, scale: Scale) -> Result<Unit, UnitParseError> {
        let mut rest = text::trim(text);
        let mut scale = scale;
        // A scale word inside the unit: 万元, 亿千瓦时, million yuan, 10,000 yuan.
        if let Some((s, len)) = Scale::read_zh(rest).or_else(|| Scale::read_en(rest)) {
            scale = scale.checked_add(s).ok_or(UnitParseError::ScaleTooLarge)?;
            rest = text::trim_start(&rest[len..]);
        } else if let Some((s, len)) = read_power_of_ten(rest) {
            scale = scale.checked_add(s).ok_or(UnitParseError::ScaleTooLarge)?;
            rest = text::trim_start(&rest[len..]);
        }
        let key = if rest.is_ascii() { lowercase(rest) } else { Cow::Borrowed(rest) };
        let dimension = match unit_word(&key) {
            _ if key.is_empty() => Dimension::Number,
            Some(UnitWord::Percent) => Dimension::Percent,
            Some(UnitWord::PerMille) => Dimension::PerMille,
            Some(UnitWord::PercentagePoint) => Dimension::PercentagePoint,
            Some(UnitWord::Money(c)) => Dimension::Money(c),
            Some(UnitWord::Known(zh)) => Dimension::Count(Classifier(Cow::Borrowed(zh))),
            None if valid_classifier(rest) => Dimension::Count(Classifier(Cow::Owned(rest.to_owned()))),
            None => return Err(UnitParseError::Unknown),
        };
        Unit::new(dimension, scale).map_err(|_| UnitParseError::ScaledPercent)
    }
}

/// Why unit text did not parse; the caller turns it into a [`QuantityError`]
/// that names the whole input.
#[derive(Debug)]
pub(crate) enum UnitParseError {
    Unknown,
    ScaleTooLarge,
    ScaledPercent,
}

/// Reads a power-of-ten multiplier written in digits, `10,000 ` or `100000000 `,
/// followed by a space and more unit text.
fn read_power_of_ten(s: &str) -> Option<(Scale, usize)> {
    if !s.starts_with('1') {
        return None;
    }
    let end = s.find(' ')?;
    let head = &s[..end];
    let digits: String = head.chars().filter(|c| *c != ',').collect();
    let zeros = digits.strip_prefix('1')?;
    if zeros.is_empty() || !zeros.bytes().all(|b| b == b'0') {
        return None;
    }
    let exp = u8::try_from(zeros.len()).ok()?;
    Some((Scale::new(exp)?, end))
}

struct UnitDisplay<'a> {
    unit: &'a Unit,
    lang: Lang,
}

impl fmt::Display for UnitDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = self.unit.scale;
        if self.lang == Lang::En && !scale.has_en_word() {
            // `10,000 yuan`: a multiplier with no English word is written in digits.
            let mut n = String::from("1");
            n.extend(std::iter::repeat_n('0', usize::from(scale.exponent())));
            f.write_str(&text::group_thousands(&n))?;
            return self.unit.write_to(f, Lang::En, Scale::ONE, false, true);
        }
        self.unit.write_to(f, self.lang, scale, false, false)
    }
}

impl fmt::Display for Unit {
    /// The Chinese form: `万元`, `次`, `%`, `个百分点`; empty for a bare number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Lang::Zh).fmt(f)
    }
}

impl FromStr for Unit {
    type Err = QuantityError;

    /// Parses `万元`, `亿千瓦时`, `人次`, `%`, `个百分点`, `yuan`,
    /// `10,000 yuan`, `million people`, `percentage points` or any classifier.
    fn from_str(s: &str) -> Result<Unit, QuantityError> {
        let normalized = text::normalize(s);
        Unit::parse_after_number(&normalized, Scale::ONE).map_err(|e| match e {
            UnitParseError::Unknown => QuantityError::unknown_unit(s, text::trim(s)),
            UnitParseError::ScaleTooLarge => QuantityError::scale_too_large(s),
            UnitParseError::ScaledPercent => QuantityError::scaled_percent(s),
        })
    }
}

impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Unit, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
