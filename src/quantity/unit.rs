//! Units: a dimension, a power-of-ten scale and, for counts, a classifier.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::error::QuantityError;
use super::lang::Lang;
use super::text::{self, key3, key3_at};
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
    /// A known classifier, by its place in [`KNOWN_CLASSIFIERS`].
    Known(u8),
}

/// Every unit word, lowercase, with what it names. Where a word is listed
/// twice the first reading wins: percent and the like, then currencies,
/// then classifiers in the order of `KNOWN_CLASSIFIERS`.
const UNIT_WORDS: ([(&str, UnitWord); 256], usize) = {
    let mut words = [("", UnitWord::Percent); 256];
    let mut n = 0;
    macro_rules! push {
        ($list:expr, $word:expr) => {{
            let list: &[&str] = $list;
            let mut i = 0;
            while i < list.len() {
                words[n] = (list[i], $word);
                n += 1;
                i += 1;
            }
        }};
    }
    push!(&["%", "percent", "per cent", "pct"], UnitWord::Percent);
    push!(&["‰", "per mille", "permille"], UnitWord::PerMille);
    push!(&["个百分点", "百分点", "percentage points", "percentage point", "pp", "pps"], UnitWord::PercentagePoint);
    let mut c = 0;
    while c < CURRENCY_WORDS.len() {
        push!(CURRENCY_WORDS[c].1, UnitWord::Money(CURRENCY_WORDS[c].0));
        c += 1;
    }
    let mut k = 0;
    while k < KNOWN_CLASSIFIERS.len() {
        let (zh, plural, singular, more) = KNOWN_CLASSIFIERS[k];
        push!(&[zh, plural, singular], UnitWord::Known(k as u8));
        push!(more, UnitWord::Known(k as u8));
        k += 1;
    }
    (words, n)
};

/// `UNIT_WORDS` as an open-addressing hash table, built at compile time:
/// the parser looks a unit up for every quantity. Words of at most 15
/// bytes are packed into their key (see `pack`); the few longer ones are
/// searched in a list.
struct UnitTable {
    /// Packed words, 0 for an empty slot.
    keys: [u128; UNIT_TABLE_SIZE],
    /// For each slot, the index of its word in `UNIT_WORDS`.
    words: [u8; UNIT_TABLE_SIZE],
    /// The indices in `UNIT_WORDS` of the longer words.
    long: [u8; 16],
    long_len: usize,
}

const UNIT_TABLE_BITS: u32 = 9;
const UNIT_TABLE_SIZE: usize = 1 << UNIT_TABLE_BITS;

const fn slot(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - UNIT_TABLE_BITS)) as usize
}

static UNIT_TABLE: UnitTable = {
    let (words, n) = UNIT_WORDS;
    let mut table = UnitTable { keys: [0; UNIT_TABLE_SIZE], words: [0; UNIT_TABLE_SIZE], long: [0; 16], long_len: 0 };
    let mut i = 0;
    while i < n {
        let bytes = words[i].0.as_bytes();
        if bytes.len() > 15 {
            let mut seen = false;
            let mut j = 0;
            while j < table.long_len {
                seen |= eq_bytes(words[table.long[j] as usize].0.as_bytes(), bytes);
                j += 1;
            }
            if !seen {
                table.long[table.long_len] = i as u8;
                table.long_len += 1;
            }
        } else {
            let key = pack_raw(bytes);
            let mut h = slot(key);
            // The first listing of a word wins.
            while table.keys[h] != 0 && table.keys[h] != key {
                h = (h + 1) & (UNIT_TABLE_SIZE - 1);
            }
            if table.keys[h] == 0 {
                table.keys[h] = key;
                table.words[h] = i as u8;
            }
        }
        i += 1;
    }
    table
};

const fn eq_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A word of at most 15 bytes as an integer: its bytes, little-endian, and
/// its length in the top byte.
const fn pack_raw(bytes: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let mut i = 0;
    while i < bytes.len() {
        buf[i] = bytes[i];
        i += 1;
    }
    buf[15] = bytes.len() as u8;
    u128::from_le_bytes(buf)
}

/// The eight bytes from `i`, little-endian.
#[inline]
fn load8(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// The four bytes from `i`, little-endian.
#[inline]
fn load4(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[i..i + 4]);
    u64::from(u32::from_le_bytes(a))
}

/// `pack_raw` with at most two loads (each window overlapping the other
/// at the end), lowercased when every byte is ASCII: the table's words are
/// lowercase, and other text is matched as it is.
#[inline(always)]
fn pack(b: &[u8]) -> u128 {
    const HIGH: u128 = u128::from_ne_bytes([0x80; 16]);
    const ONES: u128 = u128::from_ne_bytes([0x01; 16]);
    let n = b.len();
    // Bytes 0..8 and 8..n, little-endian.
    let (lo, hi) = match n {
        8..=15 => (load8(b, 0), (load8(b, n - 8) >> (8 * (15 - n))) >> 8),
        4..=7 => (load4(b, 0) | (load4(b, n - 4) >> (8 * (8 - n))) << 32, 0),
        1..=3 => {
            let (mid, last) = (n / 2, n - 1);
            (u64::from(b[0]) | u64::from(b[mid]) << (8 * mid) | u64::from(b[last]) << (8 * last), 0)
        }
        _ => (0, 0),
    };
    let key = u128::from(lo) | u128::from(hi) << 64 | (n as u128) << 120;
    if key & HIGH != 0 {
        return key;
    }
    // Every byte is below 0x80, so no sum carries into the next byte: the
    // high bit of a byte is set when it is at least `A`, and not when at
    // least `[`.
    let upper = (key + ONES * u128::from(0x80 - b'A')) & !(key + ONES * u128::from(0x80 - b'[')) & HIGH;
    key | (upper >> 2)
}

/// The meaning of a unit word, matched as it is, or ignoring ASCII case
/// when the word is all ASCII.
#[inline(always)]
fn unit_word(word: &str) -> Option<UnitWord> {
    let bytes = word.as_bytes();
    let words = &UNIT_WORDS.0;
    if bytes.len() > 15 {
        let long = &UNIT_TABLE.long[..UNIT_TABLE.long_len];
        return long
            .iter()
            .map(|i| words[usize::from(*i)])
            .find(|w| word.is_ascii() && w.0.eq_ignore_ascii_case(word))
            .map(|w| w.1);
    }
    let key = pack(bytes);
    let mut h = slot(key);
    loop {
        let k = UNIT_TABLE.keys[h];
        if k == 0 {
            return None;
        }
        if k == key {
            return Some(words[usize::from(UNIT_TABLE.words[h])].1);
        }
        h = (h + 1) & (UNIT_TABLE_SIZE - 1);
    }
}

// The Chinese scale words, as `key3` packs them.
pub(crate) const WAN: u32 = key3('万');
pub(crate) const YI: u32 = key3('亿');
pub(crate) const QIAN: u32 = key3('千');
pub(crate) const BAI: u32 = key3('百');
pub(crate) const SHI: u32 = key3('十');

/// The English word of each scale, by exponent; empty for scale 0.
const EN_SCALE_WORDS: [&str; Scale::MAX_EXPONENT as usize + 1] = [
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

/// Measure words that begin with 千 (千克, 千米, 千瓦时 …): a lone 千 before
/// them belongs to the word, not to the number.
const QIAN_MEASURES: [u32; 7] = [key3('克'), key3('米'), key3('瓦'), key3('伏'), key3('焦'), key3('帕'), key3('卡')];

/// For each lowercase letter, the exponents of the English scale words
/// that start with it, and how many there are. "ten" and "hundred" alone
/// are not read as scales: `5ten` is no amount a report writes.
static EN_SCALE_WORDS_BY_LETTER: [([u8; 16], u8); 26] = {
    let mut table = [([0u8; 16], 0u8); 26];
    let mut exponent = 3;
    while exponent < EN_SCALE_WORDS.len() {
        let letter = (EN_SCALE_WORDS[exponent].as_bytes()[0] - b'a') as usize;
        let (mut exponents, count) = table[letter];
        exponents[count as usize] = exponent as u8;
        table[letter] = (exponents, count + 1);
        exponent += 1;
    }
    table
};

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

    /// Two scale words read one after the other (`1.2万` then `亿元`):
    /// at most 万亿 (12), the largest scale reports write. Larger composite
    /// scales (`亿亿`) would be written back as one word that does not read.
    pub(crate) fn checked_add(self, other: Scale) -> Option<Scale> {
        let sum = self.0.checked_add(other.0)?;
        (sum <= 12).then_some(Scale(sum))
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
        EN_SCALE_WORDS[usize::from(self.0)]
    }

    /// Reads a Chinese scale word at the start of `s`; returns it and its length.
    ///
    /// `千` is not a scale in front of measure words that start with it
    /// (`千克`, `千米`, `千瓦时`).
    #[inline]
    pub(crate) fn read_zh(s: &str) -> Option<(Scale, usize)> {
        let bytes = s.as_bytes();
        let first = key3_at(bytes, 0)?;
        if !matches!(first, WAN | YI | QIAN | BAI | SHI) {
            return None;
        }
        // `千 米` with a space between is still 千米: it is written back
        // without the space, so it must read the same way now.
        if first == QIAN && s.get(3..).is_some_and(|rest| rest.starts_with(char::is_whitespace)) {
            let next = s[3..].trim_start().chars().next();
            if next.is_some_and(|c| QIAN_MEASURES.contains(&key3(c))) {
                return None;
            }
        }
        Scale::read_zh_keyed(first, key3_at(bytes, 3))
    }

    /// [`Scale::read_zh`] of a text whose first two characters are `first`
    /// and `second`, as `key3` packs them.
    #[inline(always)]
    pub(crate) fn read_zh_keyed(first: u32, second: Option<u32>) -> Option<(Scale, usize)> {
        // 万亿 12, 千亿 11, 百亿 10, 十亿 9, 亿 8, 千万 7, 百万 6, 十万 5, 万 4, 千 3.
        let (exp, len) = match (first, second) {
            (WAN, Some(YI)) => (12, 6),
            (WAN, _) => (4, 3),
            (YI, _) => (8, 3),
            (QIAN, Some(YI)) => (11, 6),
            (QIAN, Some(WAN)) => (7, 6),
            (BAI, Some(YI)) => (10, 6),
            (BAI, Some(WAN)) => (6, 6),
            (SHI, Some(YI)) => (9, 6),
            (SHI, Some(WAN)) => (5, 6),
            (QIAN, _) => {
                // 千克, 千瓦时 …: a lone 千 belongs to the measure word. (In
                // 千亿瓦 it does not: 亿 stands between.)
                if second.is_some_and(|c| QIAN_MEASURES.contains(&c)) {
                    return None;
                }
                (3, 3)
            }
            _ => return None,
        };
        Some((Scale(exp), len))
    }

    /// Reads an English scale word that stands as a whole word at the
    /// start of `s` (case-insensitive): `ten-thousand`, `million`.
    #[inline]
    pub(crate) fn read_en(s: &str) -> Option<(Scale, usize)> {
        let bytes = s.as_bytes();
        // Every scale word starts with one of these letters (lowercase).
        let first = bytes.first()? | 0x20;
        if !matches!(first, b't' | b'h' | b'm' | b'b' | b'q') {
            return None;
        }
        // The word runs to the first character that is no letter or hyphen;
        // a digit right after it is no boundary. So a scale word matches
        // when it starts the text and no letter, hyphen or digit follows.
        let (exponents, count) = &EN_SCALE_WORDS_BY_LETTER[usize::from(first - b'a')];
        for &exponent in &exponents[..usize::from(*count)] {
            let w = EN_SCALE_WORDS[usize::from(exponent)].as_bytes();
            if bytes.get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w))
                && !bytes.get(w.len()).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
            {
                return Some((Scale(exponent), w.len()));
            }
        }
        None
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
#[derive(Clone, PartialEq, Eq)]
pub struct Classifier(Named);

/// How a [`Classifier`] is held: a known one by its place in
/// [`KNOWN_CLASSIFIERS`], so that most units compare as two bytes; any
/// other by its text, which is never a known classifier's.
#[derive(Clone, PartialEq, Eq)]
enum Named {
    Known(u8),
    Other(Box<str>),
}

const _: () = assert!(KNOWN_CLASSIFIERS.len() <= u8::MAX as usize);

impl fmt::Debug for Classifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Classifier").field(&self.as_str()).finish()
    }
}

impl PartialOrd for Classifier {
    fn partial_cmp(&self, other: &Classifier) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Classifiers are ordered by their text.
impl Ord for Classifier {
    fn cmp(&self, other: &Classifier) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Classifier {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

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
            .or_else(|| valid_classifier(text).then(|| Classifier(Named::Other(text.into()))))
            .ok_or_else(|| QuantityError::unknown_unit(text, text))
    }

    fn known(text: &str) -> Option<Classifier> {
        match unit_word(text)? {
            UnitWord::Known(k) => Some(Classifier(Named::Known(k))),
            _ => None,
        }
    }

    /// The classifier as stored: the Chinese form of a known classifier, or
    /// the text as written.
    pub fn as_str(&self) -> &str {
        match (&self.0, self.entry()) {
            (_, Some((zh, ..))) => zh,
            (Named::Other(text), _) => text,
            // Not made: every known classifier has an entry.
            (Named::Known(_), None) => "",
        }
    }

    /// Whether this is one of the built-in classifiers with an English name.
    pub fn is_known(&self) -> bool {
        matches!(self.0, Named::Known(_))
    }

    fn entry(&self) -> Option<&'static (&'static str, &'static str, &'static str, &'static [&'static str])> {
        match self.0 {
            Named::Known(k) => KNOWN_CLASSIFIERS.get(usize::from(k)),
            Named::Other(_) => None,
        }
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
            _ => self.as_str(),
        }
    }

    /// Whether the classifier is written in Latin letters (an English noun).
    pub(crate) fn is_latin(&self) -> bool {
        self.as_str().starts_with(|c: char| c.is_ascii_alphabetic())
    }
}

#[inline]
fn valid_classifier(text: &str) -> bool {
    if text.is_empty() || (text.len() > 24 && text.chars().count() > 24) {
        return false;
    }
    // English words (letters, spaces, hyphens, apostrophes), but not a
    // scale word, which would read as one next to a number. (Chinese
    // qualifiers and scale words cannot be read in ASCII text.)
    if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return text.bytes().all(|b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'-' | b'\''))
            && Scale::read_en(text).is_none();
    }
    // Chinese characters, but not `余元`, `次以上`, `万`: words that would
    // read as a qualifier or a scale next to a number. (No English scale
    // word starts with another byte than a letter.)
    let misread = Qualifier::read_prefix(text, Position::AfterNumber).is_some_and(|(q, _)| q.lang() == Lang::Zh)
        || Qualifier::read_suffix(text).is_some()
        || Scale::read_zh(text).is_some();
    !misread && text::all_cjk(text)
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
    #[inline]
    pub(crate) fn parse_after_number(text: &str, scale: Scale) -> Result<Unit, UnitParseError> {
        Unit::parse_trimmed_after_number(text::trim(text), scale)
    }

    /// [`Unit::parse_after_number`] of a text without whitespace at either
    /// end that starts with no Chinese scale word (`万元`) and no ASCII
    /// character (`million yuan`, `10,000 yuan`): the unit word alone.
    #[inline(always)]
    pub(crate) fn parse_word_after_number(rest: &str, scale: Scale) -> Result<Unit, UnitParseError> {
        Unit::read_unit_word(rest, scale)
    }

    /// [`Unit::parse_after_number`] of a text without whitespace at either end.
    #[inline(always)]
    pub(crate) fn parse_trimmed_after_number(text: &str, scale: Scale) -> Result<Unit, UnitParseError> {
        let mut rest = text;
        let mut scale = scale;
        // A scale word inside the unit: 万元, 亿千瓦时, million yuan, 10,000 yuan
        // (`read_en` wants a letter, `read_power_of_ten` a `1`).
        let word = match rest.as_bytes().first() {
            Some(0x80..) => Scale::read_zh(rest),
            Some(c) if c.is_ascii_alphabetic() => Scale::read_en(rest),
            Some(b'1') => read_power_of_ten(rest),
            _ => None,
        };
        if let Some((s, len)) = word {
            scale = scale.checked_add(s).ok_or(UnitParseError::ScaleTooLarge)?;
            rest = text::trim_start(&rest[len..]);
        }
        Unit::read_unit_word(rest, scale)
    }

    /// The unit named by `rest` (after any scale word) at `scale`.
    #[inline(always)]
    fn read_unit_word(rest: &str, scale: Scale) -> Result<Unit, UnitParseError> {
        if rest.is_empty() {
            return Ok(Unit { dimension: Dimension::Number, scale });
        }
        let dimension = match unit_word(rest) {
            Some(UnitWord::Percent) => Dimension::Percent,
            Some(UnitWord::PerMille) => Dimension::PerMille,
            Some(UnitWord::PercentagePoint) => Dimension::PercentagePoint,
            Some(UnitWord::Money(c)) => Dimension::Money(c),
            Some(UnitWord::Known(k)) => Dimension::Count(Classifier(Named::Known(k))),
            None if valid_classifier(rest) => Dimension::Count(Classifier(Named::Other(rest.into()))),
            None => return Err(UnitParseError::Unknown),
        };
        // `Unit::new`, without building its error.
        if scale != Scale::ONE
            && matches!(dimension, Dimension::Percent | Dimension::PerMille | Dimension::PercentagePoint)
        {
            return Err(UnitParseError::ScaledPercent);
        }
        Ok(Unit { dimension, scale })
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
    // `1` then zeros, any `,` between them ignored.
    let mut zeros = 0usize;
    for b in &s.as_bytes()[1..end] {
        match b {
            b',' => {}
            b'0' => zeros += 1,
            _ => return None,
        }
    }
    if zeros == 0 {
        return None;
    }
    let exp = u8::try_from(zeros).ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_words_with_at_most_two_loads() {
        let text = "AbcdeFGHIJKlmno万元%‰m²-' x";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for len in 0..=15.min(bytes.len() - start) {
                let word = &bytes[start..start + len];
                let lower = if word.is_ascii() { word.to_ascii_lowercase() } else { word.to_vec() };
                assert_eq!(pack(word), pack_raw(&lower), "{word:?}");
            }
        }
    }

    /// `Scale::read_en` as first written: the run of letters and hyphens,
    /// then a search of the words.
    fn read_en_by_run(s: &str) -> Option<(Scale, usize)> {
        let bytes = s.as_bytes();
        let len = bytes.iter().take_while(|b| b.is_ascii_alphabetic() || **b == b'-').count();
        if len < 3 || bytes.get(len).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let word = &s[..len];
        (3..=Scale::MAX_EXPONENT).map(Scale).find(|scale| scale.en_word().eq_ignore_ascii_case(word)).map(|s| (s, len))
    }

    #[test]
    fn reads_english_scale_words_as_whole_words() {
        let words: Vec<&str> = (0..=Scale::MAX_EXPONENT).map(|e| Scale(e).en_word()).collect();
        for word in words.iter().chain(&["Million", "TEN-thousand", "mil", "maintainers", "t", "", "-", "é"]) {
            for next in ["", " ", "5", "s", "-", "-odd", "万", ",", "é"] {
                let s = format!("{word}{next}");
                assert_eq!(Scale::read_en(&s), read_en_by_run(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn finds_every_unit_word_first_listing_first() {
        let (words, n) = &UNIT_WORDS;
        for (i, (word, _)) in words[..*n].iter().enumerate() {
            let first = words[..*n].iter().position(|w| w.0 == *word).unwrap_or(i);
            let found = unit_word(word).map(|u| format!("{u:?}"));
            assert_eq!(found, Some(format!("{:?}", words[first].1)), "{word}");
            // Capitals match in all-ASCII words only (`M²` is not `m²`).
            let upper = word.to_ascii_uppercase();
            assert_eq!(unit_word(&upper).is_some(), word.is_ascii() || upper == *word, "{word}");
        }
        for other in ["", "次次", "Times次", "M²", "percentage pointss", "x", "人 次"] {
            assert!(unit_word(other).is_none(), "{other}");
        }
    }
}
