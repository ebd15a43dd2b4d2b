//! Written values: exact, unknown, qualified (余, 约, 以上 …), ranges and
//! computed intervals, with the readings that turn them into intervals.

use rust_decimal::Decimal;

use super::interval::{Bound, Interval};
use super::lang::Lang;
use super::text::{key3, key3_at};

/// A word that qualifies a number: `余`, `约`, `以上`, "more than", "nearly".
///
/// The word is kept so the value is written back the way it came;
/// [`Qualifier::kind`] says what it means.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    /// `余`: `30余次`, thirty-odd.
    Yu,
    /// `多`: `30多次`, thirty-odd.
    Duo,
    /// "-odd": `30-odd times`.
    Odd,
    /// `以上`: `30次以上`, thirty or more.
    YiShang,
    /// `不少于`: no fewer than.
    BuShaoYu,
    /// "at least".
    AtLeast,
    /// "or more": `30 or more times`.
    OrMore,
    /// `超过`: more than.
    ChaoGuo,
    /// "more than".
    MoreThan,
    /// "over".
    Over,
    /// "well over".
    WellOver,
    /// "+": `200+ pull requests`.
    Plus,
    /// `近`: nearly.
    Jin,
    /// `将近`: nearly.
    JiangJin,
    /// "nearly".
    Nearly,
    /// "almost".
    Almost,
    /// `约`: about.
    Yue,
    /// `大约`: about.
    DaYue,
    /// `左右`: `3%左右`, about.
    ZuoYou,
    /// "about".
    About,
    /// "around".
    Around,
    /// "approximately".
    Approximately,
    /// `以下`: `8座以下`, at most.
    YiXia,
    /// `以内`: `5.5%以内`, at most.
    YiNei,
    /// `不超过`: not more than.
    BuChaoGuo,
    /// "at most".
    AtMost,
    /// "up to".
    UpTo,
    /// `不到`: less than.
    BuDao,
    /// "less than".
    LessThan,
    /// "under".
    Under,
}

/// What a [`Qualifier`] means.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QualifierKind {
    /// Above the number, within one step: `30余` is (30, 40).
    Odd,
    /// The number or more: `30以上` is [30, ∞).
    AtLeast,
    /// More than the number: `超过30` is (30, ∞).
    MoreThan,
    /// Just under the number: `近30` is [20, 30).
    Nearly,
    /// Around the number: `约30` is [25, 35].
    About,
    /// The number or less: `30以下` is (−∞, 30].
    AtMost,
    /// Less than the number: `不到30` is (−∞, 30).
    LessThan,
}

/// Where a qualifier's word is written relative to the number and unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    /// `约30次`, "about 30 times".
    BeforeNumber,
    /// `30余次`, `30-odd times`, `200+ pull requests`, `30 or more times`.
    AfterNumber,
    /// `30次以上`, `3%左右`.
    AfterUnit,
}

type Entry = (Qualifier, &'static str, QualifierKind, Lang, Position);

/// Every qualifier with its word, kind, language and position, in the
/// order of the enum (see `entry`).
const QUALIFIERS: &[Entry] = {
    use Lang::{En, Zh};
    use Position::{AfterNumber as N, AfterUnit as U, BeforeNumber as B};
    use Qualifier as Q;
    use QualifierKind as K;
    &[
        (Q::Yu, "余", K::Odd, Zh, N),
        (Q::Duo, "多", K::Odd, Zh, N),
        (Q::Odd, "-odd", K::Odd, En, N),
        (Q::YiShang, "以上", K::AtLeast, Zh, U),
        (Q::BuShaoYu, "不少于", K::AtLeast, Zh, B),
        (Q::AtLeast, "at least", K::AtLeast, En, B),
        (Q::OrMore, "or more", K::AtLeast, En, N),
        (Q::ChaoGuo, "超过", K::MoreThan, Zh, B),
        (Q::MoreThan, "more than", K::MoreThan, En, B),
        (Q::Over, "over", K::MoreThan, En, B),
        (Q::WellOver, "well over", K::MoreThan, En, B),
        (Q::Plus, "+", K::MoreThan, En, N),
        (Q::Jin, "近", K::Nearly, Zh, B),
        (Q::JiangJin, "将近", K::Nearly, Zh, B),
        (Q::Nearly, "nearly", K::Nearly, En, B),
        (Q::Almost, "almost", K::Nearly, En, B),
        (Q::Yue, "约", K::About, Zh, B),
        (Q::DaYue, "大约", K::About, Zh, B),
        (Q::ZuoYou, "左右", K::About, Zh, U),
        (Q::About, "about", K::About, En, B),
        (Q::Around, "around", K::About, En, B),
        (Q::Approximately, "approximately", K::About, En, B),
        (Q::YiXia, "以下", K::AtMost, Zh, U),
        (Q::YiNei, "以内", K::AtMost, Zh, U),
        (Q::BuChaoGuo, "不超过", K::AtMost, Zh, B),
        (Q::AtMost, "at most", K::AtMost, En, B),
        (Q::UpTo, "up to", K::AtMost, En, B),
        (Q::BuDao, "不到", K::LessThan, Zh, B),
        (Q::LessThan, "less than", K::LessThan, En, B),
        (Q::Under, "under", K::LessThan, En, B),
    ]
};

/// The qualifiers that may stand at each [`Position`] (as an index: before
/// the number, after it, after the unit), grouped by the byte a word there
/// starts with (after the unit: ends with), longest word first within a
/// group. Most text is no qualifier; the group of its first byte says so
/// without a search, and a match is one or two comparisons.
struct EdgeIndex {
    /// Indices in `QUALIFIERS`, sorted by position, edge byte, longest word
    /// first, then the order of `QUALIFIERS`.
    order: [u8; QUALIFIERS.len()],
    /// For each position and byte, the start and length of its group in `order`.
    groups: [[(u8, u8); 256]; 3],
}

const fn position_index(position: Position) -> usize {
    match position {
        Position::BeforeNumber => 0,
        Position::AfterNumber => 1,
        Position::AfterUnit => 2,
    }
}

/// The position index and edge byte of `QUALIFIERS[i]`, as one sort key.
const fn edge_key(i: usize) -> (usize, u8) {
    let (_, word, _, _, position) = QUALIFIERS[i];
    let bytes = word.as_bytes();
    let p = position_index(position);
    (p, if p == 2 { bytes[bytes.len() - 1] } else { bytes[0] })
}

static EDGE_INDEX: EdgeIndex = {
    let n = QUALIFIERS.len();
    let mut order = [0u8; QUALIFIERS.len()];
    // Insertion sort, stable: by (position, edge byte), then longest word first.
    let mut i = 0;
    while i < n {
        let (p, b) = edge_key(i);
        let len = QUALIFIERS[i].1.len();
        let mut j = i;
        while j > 0 {
            let prev = order[j - 1] as usize;
            let (pp, pb) = edge_key(prev);
            let before = pp < p || (pp == p && (pb < b || (pb == b && QUALIFIERS[prev].1.len() >= len)));
            if before {
                break;
            }
            order[j] = order[j - 1];
            j -= 1;
        }
        order[j] = i as u8;
        i += 1;
    }
    let mut groups = [[(0u8, 0u8); 256]; 3];
    let mut k = 0;
    while k < n {
        let (p, b) = edge_key(order[k] as usize);
        let (start, count) = groups[p][b as usize];
        groups[p][b as usize] = if count == 0 { (k as u8, 1) } else { (start, count + 1) };
        k += 1;
    }
    EdgeIndex { order, groups }
};

/// The qualifiers at the position with index `index` whose word starts
/// (after the unit: ends) with the byte `edge`, longest word first.
#[cfg(test)]
fn candidates(index: usize, edge: u8) -> impl Iterator<Item = &'static Entry> {
    let (start, count) = EDGE_INDEX.groups[index][usize::from(edge)];
    let start = usize::from(start);
    EDGE_INDEX.order[start..start + usize::from(count)].iter().map(|i| &QUALIFIERS[usize::from(*i)])
}

impl Qualifier {
    fn entry(self) -> &'static Entry {
        // `QUALIFIERS` lists the variants in order (tested below).
        QUALIFIERS.get(self as usize).filter(|e| e.0 == self).unwrap_or(&QUALIFIERS[0])
    }

    /// What the qualifier means.
    pub fn kind(self) -> QualifierKind {
        self.entry().2
    }

    /// The word as written: `余`, `以上`, `more than`, `-odd`, `+`.
    pub fn word(self) -> &'static str {
        self.entry().1
    }

    /// The language of the word.
    pub fn lang(self) -> Lang {
        self.entry().3
    }

    pub(crate) fn position(self) -> Position {
        self.entry().4
    }

    /// The qualifier of the same kind in `lang`: itself if already in
    /// `lang`, else the usual word (`余` ↔ `-odd`, `超过` ↔ `more than`).
    pub fn in_lang(self, lang: Lang) -> Qualifier {
        if self.lang() == lang {
            return self;
        }
        use Qualifier as Q;
        match (self.kind(), lang) {
            (QualifierKind::Odd, Lang::Zh) => Q::Yu,
            (QualifierKind::AtLeast, Lang::Zh) => Q::YiShang,
            (QualifierKind::MoreThan, Lang::Zh) => Q::ChaoGuo,
            (QualifierKind::Nearly, Lang::Zh) => Q::Jin,
            (QualifierKind::About, Lang::Zh) => Q::Yue,
            (QualifierKind::AtMost, Lang::Zh) => Q::YiXia,
            (QualifierKind::LessThan, Lang::Zh) => Q::BuDao,
            (QualifierKind::Odd, Lang::En) => Q::Odd,
            (QualifierKind::AtLeast, Lang::En) => Q::AtLeast,
            (QualifierKind::MoreThan, Lang::En) => Q::MoreThan,
            (QualifierKind::Nearly, Lang::En) => Q::Nearly,
            (QualifierKind::About, Lang::En) => Q::About,
            (QualifierKind::AtMost, Lang::En) => Q::AtMost,
            (QualifierKind::LessThan, Lang::En) => Q::LessThan,
        }
    }

    /// The qualifier written with `word`, in any position.
    pub fn from_word(word: &str) -> Option<Qualifier> {
        QUALIFIERS.iter().find(|e| e.1.eq_ignore_ascii_case(word)).map(|e| e.0)
    }

    /// Reads the longest qualifier word at the start of `s` that may stand
    /// at `position`; returns it with its length in bytes.
    #[inline]
    pub(crate) fn read_prefix(s: &str, position: Position) -> Option<(Qualifier, usize)> {
        let bytes = s.as_bytes();
        if *bytes.first()? >= 0x80 {
            return read_zh_prefix(bytes, position);
        }
        read_prefix_by_table(bytes, position)
    }

    /// Whether `s` starts with a Chinese word that may stand after the
    /// number (`余`, `多`): what `read_prefix(s, Position::AfterNumber)`
    /// finds in Chinese.
    #[inline(always)]
    pub(crate) fn starts_after_number_zh(s: &str) -> bool {
        matches!(key3_at(s.as_bytes(), 0), Some(YU | DUO))
    }

    /// Reads the longest qualifier word at the end of `s` that may stand
    /// after the unit; returns it with its length in bytes.
    #[inline(always)]
    pub(crate) fn read_suffix(s: &str) -> Option<(Qualifier, usize)> {
        // The words after the unit are two Chinese characters each (tested).
        let b = s.as_bytes();
        let n = b.len().checked_sub(6)?;
        let q = match (key3_at(b, n)?, key3_at(b, n + 3)?) {
            (YI, SHANG) => Qualifier::YiShang,
            (YI, XIA) => Qualifier::YiXia,
            (YI, NEI) => Qualifier::YiNei,
            (ZUO, YOU) => Qualifier::ZuoYou,
            _ => return None,
        };
        Some((q, 6))
    }
}

// The characters of the Chinese qualifiers, as `key3` packs them.
const YU: u32 = key3('余');
const DUO: u32 = key3('多');
const BU: u32 = key3('不');
const SHAO: u32 = key3('少');
const YU2: u32 = key3('于');
const CHAO: u32 = key3('超');
const GUO: u32 = key3('过');
const DAO: u32 = key3('到');
const JIN: u32 = key3('近');
const JIANG: u32 = key3('将');
const YUE: u32 = key3('约');
const DA: u32 = key3('大');
const YI: u32 = key3('以');
const SHANG: u32 = key3('上');
const XIA: u32 = key3('下');
const NEI: u32 = key3('内');
const ZUO: u32 = key3('左');
const YOU: u32 = key3('右');

/// [`Qualifier::read_prefix`] for text that starts with a non-ASCII byte:
/// the Chinese words, matched character by character (longest first, as
/// `read_prefix_by_table`, which the tests compare it with).
#[inline]
fn read_zh_prefix(b: &[u8], position: Position) -> Option<(Qualifier, usize)> {
    use Qualifier as Q;
    let first = key3_at(b, 0)?;
    let second = key3_at(b, 3);
    let (q, len) = match position {
        Position::BeforeNumber => match (first, second) {
            (BU, Some(SHAO)) if key3_at(b, 6) == Some(YU2) => (Q::BuShaoYu, 9),
            (BU, Some(CHAO)) if key3_at(b, 6) == Some(GUO) => (Q::BuChaoGuo, 9),
            (BU, Some(DAO)) => (Q::BuDao, 6),
            (CHAO, Some(GUO)) => (Q::ChaoGuo, 6),
            (JIN, _) => (Q::Jin, 3),
            (JIANG, Some(JIN)) => (Q::JiangJin, 6),
            (YUE, _) => (Q::Yue, 3),
            (DA, Some(YUE)) => (Q::DaYue, 6),
            _ => return None,
        },
        Position::AfterNumber => match first {
            YU => (Q::Yu, 3),
            DUO => (Q::Duo, 3),
            _ => return None,
        },
        // Words after the unit are read from the end (`read_suffix`); as
        // prefixes they are not looked for, and the table keyed by their
        // last byte never finds them.
        Position::AfterUnit => return None,
    };
    Some((q, len))
}

/// The longest qualifier word at the start of `b` that may stand at
/// `position`, found in `QUALIFIERS`.
fn read_prefix_by_table(bytes: &[u8], position: Position) -> Option<(Qualifier, usize)> {
    // Words are lowercase: a capital matches only where its lowercase does.
    let first = bytes.first()?.to_ascii_lowercase();
    let (start, count) = EDGE_INDEX.groups[position_index(position)][usize::from(first)];
    let start = usize::from(start);
    // A whole word matched byte for byte ends on a character boundary.
    for i in &EDGE_INDEX.order[start..start + usize::from(count)] {
        let (q, word, _, lang, _) = QUALIFIERS[usize::from(*i)];
        let w = word.as_bytes();
        if bytes.get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w))
            && (lang == Lang::Zh || !bytes.get(w.len()).is_some_and(u8::is_ascii_alphabetic))
        {
            return Some((q, w.len()));
        }
    }
    None
}

/// The longest qualifier word at the end of `b` that may stand after the
/// unit, found in `QUALIFIERS`: the reference for [`Qualifier::read_suffix`].
#[cfg(test)]
fn read_suffix_by_table(bytes: &[u8]) -> Option<(Qualifier, usize)> {
    let last = bytes.last()?.to_ascii_lowercase();
    candidates(2, last)
        .find(|e| {
            let w = e.1.as_bytes();
            bytes.len() >= w.len() && bytes[bytes.len() - w.len()..].eq_ignore_ascii_case(w)
        })
        .map(|e| (e.0, e.1.len()))
}

/// How a placeholder for an unknown number was written: `X`, `XX`, `x`, `×`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Placeholder {
    mark: char,
    count: u8,
}

impl Placeholder {
    /// `X`, the usual placeholder.
    pub const X: Placeholder = Placeholder { mark: 'X', count: 1 };

    /// A placeholder of `count` marks (`X`, `x` or `×`), or `None` for another mark.
    pub fn new(mark: char, count: u8) -> Option<Placeholder> {
        (matches!(mark, 'X' | 'x' | '×') && (1..=8).contains(&count)).then_some(Placeholder { mark, count })
    }

    /// Whether `c` can be a placeholder mark.
    pub(crate) fn is_mark(c: char) -> bool {
        matches!(c, 'X' | 'x' | '×')
    }

    /// Writes the placeholder.
    pub(crate) fn write(self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        for _ in 0..self.count {
            out.write_char(self.mark)?;
        }
        Ok(())
    }
}

impl Default for Placeholder {
    fn default() -> Placeholder {
        Placeholder::X
    }
}

/// The mark between the ends of a range: `—`, `-`, `至`, `to`.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RangeSep {
    /// `—` (em dash), the Chinese official mark.
    #[default]
    EmDash,
    /// `–` (en dash).
    EnDash,
    /// `-` (hyphen-minus).
    Hyphen,
    /// `~`.
    Tilde,
    /// `～` (full-width tilde).
    WaveDash,
    /// `至`.
    Zhi,
    /// `到`.
    Dao,
    /// ` to `.
    To,
}

impl RangeSep {
    /// The mark as written (`to` without its spaces).
    pub fn as_str(self) -> &'static str {
        match self {
            RangeSep::EmDash => "—",
            RangeSep::EnDash => "–",
            RangeSep::Hyphen => "-",
            RangeSep::Tilde => "~",
            RangeSep::WaveDash => "～",
            RangeSep::Zhi => "至",
            RangeSep::Dao => "到",
            RangeSep::To => "to",
        }
    }

    /// Reads a range mark at the start of `s`; returns it and its length.
    /// `to` must be followed by a space or a digit.
    #[inline]
    pub(crate) fn read(s: &str) -> Option<(RangeSep, usize)> {
        const EM_DASH: u32 = key3('—');
        const EN_DASH: u32 = key3('–');
        const WAVE_DASH: u32 = key3('～');
        const ZHI: u32 = key3('至');
        const DAO: u32 = key3('到');
        let bytes = s.as_bytes();
        let sep = match *bytes.first()? {
            b'-' => RangeSep::Hyphen,
            b'~' => RangeSep::Tilde,
            b't' => match bytes.get(1..3) {
                Some([b'o', b' ' | b'0'..=b'9']) => RangeSep::To,
                _ => return None,
            },
            0x80.. => match key3_at(bytes, 0)? {
                EM_DASH => RangeSep::EmDash,
                EN_DASH => RangeSep::EnDash,
                WAVE_DASH => RangeSep::WaveDash,
                ZHI => RangeSep::Zhi,
                DAO => RangeSep::Dao,
                _ => return None,
            },
            _ => return None,
        };
        Some((sep, sep.as_str().len()))
    }

    /// The separator to use in `lang`: itself unless it is a word of the
    /// other language.
    pub(crate) fn in_lang(self, lang: Lang) -> RangeSep {
        match (self, lang) {
            (RangeSep::Zhi | RangeSep::Dao | RangeSep::EmDash | RangeSep::WaveDash, Lang::En) => RangeSep::To,
            (RangeSep::To, Lang::Zh) => RangeSep::EmDash,
            (s, _) => s,
        }
    }
}

/// How qualified values read as intervals. The defaults follow the usual
/// reading of Chinese reports; change them where a house style differs.
///
/// ```
/// use workreport::{Quantity, Readings, OddReading};
///
/// let q: Quantity = "30余次".parse()?;
/// assert_eq!(q.interval().unwrap().to_string(), "(30, 40)");
/// let open = Readings::new().odd(OddReading::Unbounded);
/// assert_eq!(q.value().interval_with(&open).unwrap().to_string(), "(30, ∞)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Readings {
    odd: OddReading,
    about: AboutReading,
}

/// How `30余` reads.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OddReading {
    /// (n, n + step): `30余` is (30, 40), `2000余` is (2000, 3000).
    #[default]
    WithinStep,
    /// (n, ∞): only "more than n".
    Unbounded,
}

/// How `约30` reads.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AboutReading {
    /// n ± step/2: `约30` is [25, 35].
    #[default]
    HalfStep,
    /// n ± n × fraction: with 0.1, `约30` is [27, 33].
    Relative(Decimal),
}

impl Readings {
    /// The default readings (see DESIGN §3 of the crate's documentation).
    pub fn new() -> Readings {
        Readings::default()
    }

    /// How `余`/`多`/"-odd" read.
    pub fn odd(self, odd: OddReading) -> Readings {
        Readings { odd, ..self }
    }

    /// How `约`/"about" read.
    pub fn about(self, about: AboutReading) -> Readings {
        Readings { about, ..self }
    }
}

/// The place value of the last non-zero digit: 30 → 10, 2000 → 1000,
/// 1.2 → 0.1, 5 → 1. Zero has step 1 at its written precision.
pub fn step(n: Decimal) -> Decimal {
    let mantissa = n.mantissa().unsigned_abs();
    let scale = n.scale();
    if mantissa == 0 {
        return Decimal::new(1, scale);
    }
    let zeros = trailing_zeros(mantissa);
    if zeros >= scale {
        // At most 10²⁸: a mantissa is below 2⁹⁶.
        Decimal::from_i128_with_scale(10i128.pow(zeros - scale), 0)
    } else {
        Decimal::new(1, scale - zeros)
    }
}

/// The decimal zeros a non-zero mantissa ends in.
fn trailing_zeros(mut m: u128) -> u32 {
    let mut zeros = 0;
    // Dividing 64 bits is many times cheaper than 128.
    while m > u128::from(u64::MAX) {
        if m % 10 != 0 {
            return zeros;
        }
        m /= 10;
        zeros += 1;
    }
    let mut m = m as u64;
    while m != 0 && m % 10 == 0 {
        m /= 10;
        zeros += 1;
    }
    zeros
}

/// Half a [`step`] (a power of ten), written without trailing zeros.
fn half_step(s: Decimal) -> Decimal {
    match (s.mantissa(), s.scale()) {
        (1, 0) => Decimal::new(5, 1),
        // 10ᵏ for k ≥ 1, or any even integer: half of it is an integer, as `normalize` writes it.
        (m, 0) if m > 0 && m % 2 == 0 => Decimal::from_i128_with_scale(m / 2, 0),
        (1, j) if j < 28 => Decimal::new(5, j + 1),
        _ => (s * Decimal::new(5, 1)).normalize(),
    }
}

/// A value as written: exact (`5`), unknown (`X`), qualified (`30余`,
/// `约30`, `30以上`), a range (`20—30`), or an interval computed by adding
/// values. See [`Quantity`](crate::Quantity) for the value with its unit.
///
/// ```
/// use rust_decimal::Decimal;
/// use workreport::{Qualifier, Value};
///
/// let v = Value::qualified(Decimal::from(30), Qualifier::Yu);
/// assert_eq!(v.lower(), Some(Decimal::from(30)));
/// assert_eq!(v.upper(), Some(Decimal::from(40)));
/// assert!(!v.is_exact());
/// assert!(Value::unknown().is_unknown());
/// ```
#[derive(Clone, Debug)]
pub struct Value(pub(crate) Repr);

/// The forms a value is written in. The two of two numbers each, which
/// are rare, are boxed: a value is 24 bytes, not 40.
#[derive(Clone, Debug)]
pub(crate) enum Repr {
    Exact(Decimal),
    Unknown { placeholder: Placeholder, qualifier: Option<Qualifier> },
    Qualified { number: Decimal, qualifier: Qualifier },
    Range(Box<Range>),
    Interval(Box<Interval>),
}

/// A range as written: `20—30`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Range {
    pub(crate) low: Decimal,
    pub(crate) high: Decimal,
    pub(crate) sep: RangeSep,
}

impl Repr {
    pub(crate) fn range(low: Decimal, high: Decimal, sep: RangeSep) -> Repr {
        Repr::Range(Box::new(Range { low, high, sep }))
    }

    pub(crate) fn interval(i: Interval) -> Repr {
        Repr::Interval(Box::new(i))
    }
}

/// The written form of a [`Value`], for callers that branch on it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// A number: `5`.
    Exact,
    /// A placeholder, possibly qualified: `X`, `X余`.
    Unknown,
    /// A number with a qualifier: `30余`, `约30`, `30以上`.
    Qualified,
    /// Two numbers: `20—30`.
    Range,
    /// An interval that came from arithmetic: `(35, 45)`.
    Interval,
}

impl Value {
    /// An exact value.
    pub fn exact(d: Decimal) -> Value {
        Value(Repr::Exact(d))
    }

    /// An unknown value written `X`.
    pub fn unknown() -> Value {
        Value(Repr::Unknown { placeholder: Placeholder::X, qualifier: None })
    }

    /// An unknown value with its placeholder and an optional qualifier (`X余`).
    pub fn unknown_with(placeholder: Placeholder, qualifier: Option<Qualifier>) -> Value {
        Value(Repr::Unknown { placeholder, qualifier })
    }

    /// A number with a qualifier: `Value::qualified(30, Qualifier::Yu)` is `30余`.
    pub fn qualified(number: Decimal, qualifier: Qualifier) -> Value {
        Value(Repr::Qualified { number, qualifier })
    }

    /// The range [low, high], written with `sep`.
    ///
    /// Returns `None` when `low > high`.
    pub fn range(low: Decimal, high: Decimal, sep: RangeSep) -> Option<Value> {
        (low <= high).then(|| Value(Repr::range(low, high, sep)))
    }

    /// A value for an interval: exact when it is one point.
    pub fn from_interval(interval: Interval) -> Value {
        match (interval.lower(), interval.upper()) {
            (Bound::Closed(a), Bound::Closed(b)) if a == b => Value::exact(a),
            _ => Value(Repr::interval(interval)),
        }
    }

    /// The written form.
    pub fn form(&self) -> Form {
        match self.0 {
            Repr::Exact(_) => Form::Exact,
            Repr::Unknown { .. } => Form::Unknown,
            Repr::Qualified { .. } => Form::Qualified,
            Repr::Range(_) => Form::Range,
            Repr::Interval(_) => Form::Interval,
        }
    }

    /// Whether the value is one known number.
    pub fn is_exact(&self) -> bool {
        match &self.0 {
            Repr::Exact(_) => true,
            Repr::Interval(i) => i.is_point(),
            Repr::Range(r) => r.low == r.high,
            _ => false,
        }
    }

    /// Whether the value is a placeholder still to be filled.
    pub fn is_unknown(&self) -> bool {
        matches!(self.0, Repr::Unknown { .. })
    }

    /// The qualifier, if the value was written with one.
    pub fn qualifier(&self) -> Option<Qualifier> {
        match self.0 {
            Repr::Unknown { qualifier, .. } => qualifier,
            Repr::Qualified { qualifier, .. } => Some(qualifier),
            _ => None,
        }
    }

    /// The placeholder of an unknown value.
    pub fn placeholder(&self) -> Option<Placeholder> {
        match self.0 {
            Repr::Unknown { placeholder, .. } => Some(placeholder),
            _ => None,
        }
    }

    /// The number as written, for exact and qualified values.
    pub fn number(&self) -> Option<Decimal> {
        match self.0 {
            Repr::Exact(d) | Repr::Qualified { number: d, .. } => Some(d),
            _ => None,
        }
    }

    /// The number of an exact value.
    #[inline]
    pub(crate) fn exact_number(&self) -> Option<Decimal> {
        match self.0 {
            Repr::Exact(d) => Some(d),
            _ => None,
        }
    }

    /// The ends and mark of a range.
    pub fn range_ends(&self) -> Option<(Decimal, Decimal, RangeSep)> {
        match self.0 {
            Repr::Range(ref r) => Some((r.low, r.high, r.sep)),
            _ => None,
        }
    }

    /// The interval the value stands for under the default [`Readings`];
    /// `None` when unknown.
    pub fn interval(&self) -> Option<Interval> {
        self.interval_with(&Readings::default())
    }

    /// The interval the value stands for under `readings`; `None` when unknown.
    ///
    /// An end that would overflow a decimal is left unbounded, so the
    /// interval still holds every value the text allows.
    pub fn interval_with(&self, readings: &Readings) -> Option<Interval> {
        let (n, q) = match self.0 {
            Repr::Exact(d) => return Some(Interval::point(d)),
            Repr::Unknown { .. } => return None,
            Repr::Range(ref r) => return Some(Interval::closed(r.low, r.high)),
            Repr::Interval(ref i) => return Some(**i),
            Repr::Qualified { number, qualifier } => (number, qualifier),
        };
        if let Some(i) = qualified_in_integers(n, q.kind(), readings) {
            return Some(i);
        }
        qualified_interval(n, q.kind(), readings)
    }

    /// The ends of a qualified number's interval under `readings` as
    /// mantissas at one scale, where integer arithmetic gives them (a
    /// positive number of up to 64 bits, qualified `余`, `近` or `约`):
    /// the interval [`Value::interval_with`] gives, before its ends are
    /// made decimals. `None` for every other value.
    pub(crate) fn qualified_ends(&self, readings: &Readings) -> Option<IntegerEnds> {
        match self.0 {
            Repr::Qualified { number, qualifier } => integer_ends(number, qualifier.kind(), readings),
            _ => None,
        }
    }
}

/// The ends of an interval as non-negative mantissas at one scale, as
/// [`Value::qualified_ends`] gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IntegerEnds {
    /// The lower end's mantissa and whether the end is open.
    pub(crate) lower: (u128, bool),
    /// The upper end's mantissa and whether the end is open.
    pub(crate) upper: (u128, bool),
    /// The scale of both ends: a mantissa over 10 to this power.
    pub(crate) scale: u32,
}

impl IntegerEnds {
    /// The interval, `None` if an end does not fit a decimal.
    pub(crate) fn interval(&self) -> Option<Interval> {
        let end = |(m, open): (u128, bool)| {
            let d = Decimal::try_from_i128_with_scale(i128::try_from(m).ok()?, self.scale).ok()?;
            Some(if open { Bound::Open(d) } else { Bound::Closed(d) })
        };
        Interval::new(end(self.lower)?, end(self.upper)?).ok()
    }
}

/// The interval of a qualified number `n`, for a positive `n` whose
/// mantissa fits 64 bits, in integer arithmetic: the step of `n` written
/// at `n`'s own scale is 10 to the power of its trailing zeros, so `n`
/// plus or minus a step (or half of one) is one integer addition. The
/// decimals are the ones [`qualified_interval`] computes, written alike;
/// `None` for every other case.
fn qualified_in_integers(n: Decimal, kind: QualifierKind, readings: &Readings) -> Option<Interval> {
    integer_ends(n, kind, readings)?.interval()
}

/// [`qualified_in_integers`] before the ends are made decimals.
fn integer_ends(n: Decimal, kind: QualifierKind, readings: &Readings) -> Option<IntegerEnds> {
    let m = u64::try_from(n.mantissa()).ok().filter(|m| *m > 0)?;
    let scale = n.scale();
    // The step is 10 to the power of the trailing zeros, so at most `m`.
    let (mut zeros, mut step, mut rest) = (0, 1u64, m);
    while rest % 10 == 0 {
        (zeros, step, rest) = (zeros + 1, step * 10, rest / 10);
    }
    let (m, step) = (u128::from(m), u128::from(step));
    let (lower, upper, scale) = match (kind, readings.odd, readings.about) {
        (QualifierKind::Odd, OddReading::WithinStep, _) => ((m, true), (m + step, true), scale),
        (QualifierKind::Nearly, ..) => ((m - step, false), (m, true), scale),
        (QualifierKind::About, _, AboutReading::HalfStep) if zeros > 0 => {
            ((m - step / 2, false), (m + step / 2, false), scale)
        }
        // Half a step of the last digit is one more digit: 1.5 ± 0.05.
        (QualifierKind::About, _, AboutReading::HalfStep) if scale < 28 => {
            ((m * 10 - 5, false), (m * 10 + 5, false), scale + 1)
        }
        _ => return None,
    };
    Some(IntegerEnds { lower, upper, scale })
}

/// The interval of the qualified number `n` under `readings`.
fn qualified_interval(n: Decimal, q: QualifierKind, readings: &Readings) -> Option<Interval> {
    let s = step(n);
    let or_unbounded = |d: Option<Decimal>, open: bool| match d {
        Some(d) if open => Bound::Open(d),
        Some(d) => Bound::Closed(d),
        None => Bound::Unbounded,
    };
    let (lower, upper) = match q {
        QualifierKind::Odd => match readings.odd {
            OddReading::WithinStep => (Bound::Open(n), or_unbounded(n.checked_add(s), true)),
            OddReading::Unbounded => (Bound::Open(n), Bound::Unbounded),
        },
        QualifierKind::AtLeast => (Bound::Closed(n), Bound::Unbounded),
        QualifierKind::MoreThan => (Bound::Open(n), Bound::Unbounded),
        QualifierKind::Nearly => (or_unbounded(n.checked_sub(s), false), Bound::Open(n)),
        QualifierKind::About => {
            let half = match readings.about {
                AboutReading::HalfStep => half_step(s),
                AboutReading::Relative(f) => n.abs().checked_mul(f.abs()).unwrap_or(Decimal::MAX),
            };
            (or_unbounded(n.checked_sub(half), false), or_unbounded(n.checked_add(half), false))
        }
        QualifierKind::AtMost => (Bound::Unbounded, Bound::Closed(n)),
        QualifierKind::LessThan => (Bound::Unbounded, Bound::Open(n)),
    };
    Some(Interval::new(lower, upper).unwrap_or(Interval::ALL))
}

impl Value {
    /// The lower end of the interval, `None` when unknown or unbounded below.
    pub fn lower(&self) -> Option<Decimal> {
        self.interval()?.lower().value()
    }

    /// The upper end of the interval, `None` when unknown or unbounded above.
    pub fn upper(&self) -> Option<Decimal> {
        self.interval()?.upper().value()
    }

    /// Whether two values are written the same: same form, qualifier,
    /// placeholder, and numbers with the same digits (`1.0` is not `1`).
    pub fn is_identical(&self, other: &Value) -> bool {
        fn same(a: Decimal, b: Decimal) -> bool {
            a == b && a.scale() == b.scale()
        }
        match (&self.0, &other.0) {
            (Repr::Exact(a), Repr::Exact(b)) => same(*a, *b),
            (Repr::Unknown { placeholder: p, qualifier: q }, Repr::Unknown { placeholder: p2, qualifier: q2 }) => {
                p == p2 && q == q2
            }
            (Repr::Qualified { number: a, qualifier: q }, Repr::Qualified { number: b, qualifier: q2 }) => {
                same(*a, *b) && q == q2
            }
            (Repr::Range(a), Repr::Range(b)) => same(a.low, b.low) && same(a.high, b.high) && a.sep == b.sep,
            (Repr::Interval(a), Repr::Interval(b)) => a == b,
            _ => false,
        }
    }

    /// The value times `10^exponent`, `None` on overflow.
    pub(crate) fn checked_shift(&self, exponent: u8) -> Option<Value> {
        if exponent == 0 {
            return Some(self.clone());
        }
        let mut factor = Decimal::ONE;
        for _ in 0..exponent {
            factor = factor.checked_mul(Decimal::TEN)?;
        }
        // The shift moves digits left: `1.2 × 10` is `12`, not `12.0`.
        let f = |d: Decimal| {
            let mut p = d.checked_mul(factor)?;
            p.rescale(d.scale().saturating_sub(u32::from(exponent)));
            Some(p)
        };
        Some(Value(match self.0 {
            Repr::Exact(d) => Repr::Exact(f(d)?),
            Repr::Unknown { .. } => self.0.clone(),
            // A qualified zero reads within a step of its written place
            // (`0余万` is (0, 1)万): past its decimal places, the shifted
            // zero would have a smaller step, so keep the interval instead.
            Repr::Qualified { number, .. } if number.is_zero() && number.scale() < u32::from(exponent) => {
                Repr::interval(map_ends(self.interval()?, f)?)
            }
            Repr::Qualified { number, qualifier } => Repr::Qualified { number: f(number)?, qualifier },
            Repr::Range(ref r) => Repr::range(f(r.low)?, f(r.high)?, r.sep),
            Repr::Interval(ref i) => Repr::interval(map_ends(**i, f)?),
        }))
    }
}

/// The interval with `f` applied to both ends; `f` must keep their order.
fn map_ends(i: Interval, f: impl Fn(Decimal) -> Option<Decimal>) -> Option<Interval> {
    let end = |b: Bound| {
        Some(match b {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(d) => Bound::Closed(f(d)?),
            Bound::Open(d) => Bound::Open(f(d)?),
        })
    };
    Interval::new(end(i.lower())?, end(i.upper())?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn qualifiers_are_listed_in_the_order_of_the_enum() {
        for (i, e) in QUALIFIERS.iter().enumerate() {
            assert_eq!(e.0 as usize, i, "{:?}", e.0);
        }
    }

    #[test]
    fn reads_qualifier_words_as_the_table_has_them() {
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "", "余", "多", "-odd", "以上", "不少于", "at least", "or more", "超过", "more than", "over", "well over",
            "+", "近", "将近", "nearly", "almost", "约", "大约", "左右", "about", "around", "approximately", "以下",
            "以内", "不超过", "at most", "up to", "不到", "less than", "under", "不", "少", "于", "超", "过", "到",
            "将", "大", "以", "上", "下", "内", "左", "右", "Or More", "-ODD", "a", "5", " ", "次", "万", "é", "ｏ",
        ];
        for a in PIECES {
            for b in PIECES {
                for c in ["", "x", "5", "次"] {
                    let t = format!("{a}{b}{c}");
                    for position in [Position::BeforeNumber, Position::AfterNumber, Position::AfterUnit] {
                        let by_table = read_prefix_by_table(t.as_bytes(), position);
                        assert_eq!(Qualifier::read_prefix(&t, position), by_table, "{t:?} {position:?}");
                    }
                    assert_eq!(Qualifier::read_suffix(&t), read_suffix_by_table(t.as_bytes()), "{t:?}");
                    let zh = read_prefix_by_table(t.as_bytes(), Position::AfterNumber)
                        .is_some_and(|(q, _)| q.lang() == Lang::Zh);
                    assert_eq!(Qualifier::starts_after_number_zh(&t), zh, "{t:?}");
                }
            }
        }
        // Every word is read where it stands.
        for (q, word, _, _, position) in QUALIFIERS {
            let found = match position {
                Position::AfterUnit => Qualifier::read_suffix(&format!("次{word}")),
                _ => Qualifier::read_prefix(&format!("{word} 5"), *position),
            };
            assert_eq!(found, Some((*q, word.len())), "{word}");
        }
    }

    /// `step` and `half_step` as first written, by repeated multiplication.
    fn reference_step(n: Decimal) -> (Decimal, Decimal) {
        let mantissa = n.mantissa().unsigned_abs();
        let scale = n.scale();
        let s = if mantissa == 0 {
            Decimal::new(1, scale)
        } else {
            let mut m = mantissa;
            let mut zeros = 0u32;
            while m % 10 == 0 {
                m /= 10;
                zeros += 1;
            }
            if zeros >= scale {
                let mut step = Decimal::ONE;
                for _ in 0..(zeros - scale) {
                    step *= Decimal::TEN;
                }
                step
            } else {
                Decimal::new(1, scale - zeros)
            }
        };
        (s, (s * Decimal::new(5, 1)).normalize())
    }

    #[test]
    fn qualified_numbers_read_in_integers_as_in_decimals() {
        let readings = Readings::default();
        let kinds = [QualifierKind::Odd, QualifierKind::Nearly, QualifierKind::About, QualifierKind::AtLeast];
        let mut numbers = Vec::new();
        for scale in 0..=28u32 {
            for m in [
                1u64,
                5,
                9,
                10,
                30,
                35,
                120,
                2000,
                7_000_000,
                123_456_789_000,
                u64::MAX,
                u64::MAX - 5,
                10_000_000_000_000_000_000,
            ] {
                numbers.push(Decimal::from_i128_with_scale(i128::from(m), scale));
            }
        }
        let mut checked = 0;
        for n in numbers {
            for kind in kinds {
                let Some(fast) = qualified_in_integers(n, kind, &readings) else { continue };
                let slow = qualified_interval(n, kind, &readings).unwrap();
                let ends = |i: Interval| {
                    [i.lower(), i.upper()].map(|b| (b.value().map(|d| d.serialize()), matches!(b, Bound::Open(_))))
                };
                assert_eq!(ends(fast), ends(slow), "{kind:?} {n}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn step_and_half_step_are_written_as_the_reference_writes_them() {
        let mut numbers = vec![Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::new(-5, 28)];
        for scale in 0..=28u32 {
            for m in [0i64, 1, 5, 10, 30, 120, 2000, 7_000_000, 1_000_000_000_000_000_000, 123_456_789_000] {
                numbers.push(Decimal::new(m, scale));
                numbers.push(Decimal::new(-m, scale));
            }
            for zeros in 0..=28u32 {
                if let Ok(d) = Decimal::try_from_i128_with_scale(7 * 10i128.pow(zeros), scale) {
                    numbers.push(d);
                }
            }
        }
        for n in numbers {
            let (s, half) = reference_step(n);
            let got = step(n);
            assert_eq!(got.serialize(), s.serialize(), "step({n})");
            assert_eq!(half_step(got).serialize(), half.serialize(), "half_step({n})");
        }
    }

    #[test]
    fn step_is_the_place_of_the_last_non_zero_digit() {
        for (n, s) in [
            ("30", "10"),
            ("2000", "1000"),
            ("1.2", "0.1"),
            ("5", "1"),
            ("1.0", "1"),
            ("0", "1"),
            ("-30", "10"),
            ("0.05", "0.01"),
        ] {
            assert_eq!(step(Decimal::from_str(n).unwrap()), Decimal::from_str(s).unwrap(), "{n}");
        }
    }
}
