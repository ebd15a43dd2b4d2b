//! Written values: exact, unknown, qualified (余, 约, 以上 …), ranges and
//! computed intervals, with the readings that turn them into intervals.

use rust_decimal::Decimal;

use super::interval::{Bound, Interval};
use super::lang::Lang;

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

/// For each [`Position`] (as an index: before the number, after it, after
/// the unit) and byte, whether a qualifier word there may start with that
/// byte (after the unit: end with it). Most text is no qualifier; this
/// says so without a search.
const EDGE_BYTES: [[bool; 256]; 3] = {
    let mut table = [[false; 256]; 3];
    let mut i = 0;
    while i < QUALIFIERS.len() {
        let (_, word, _, _, position) = QUALIFIERS[i];
        let bytes = word.as_bytes();
        let (p, b) = match position {
            Position::BeforeNumber => (0, bytes[0]),
            Position::AfterNumber => (1, bytes[0]),
            Position::AfterUnit => (2, bytes[bytes.len() - 1]),
        };
        table[p][b as usize] = true;
        table[p][b.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// The indices in `QUALIFIERS` of the qualifiers that may stand at
/// `position`, longest word first, and how many there are.
const fn by_position(position: Position) -> ([usize; QUALIFIERS.len()], usize) {
    let mut indices = [0; QUALIFIERS.len()];
    let mut n = 0;
    let mut i = 0;
    while i < QUALIFIERS.len() {
        if QUALIFIERS[i].4 as u8 == position as u8 {
            // Insertion sort by word length, longest first; stable.
            let mut j = n;
            while j > 0 && QUALIFIERS[indices[j - 1]].1.len() < QUALIFIERS[i].1.len() {
                indices[j] = indices[j - 1];
                j -= 1;
            }
            indices[j] = i;
            n += 1;
        }
        i += 1;
    }
    (indices, n)
}

/// [`by_position`] for each position, in the order of `EDGE_BYTES`.
const BY_POSITION: [([usize; QUALIFIERS.len()], usize); 3] =
    [by_position(Position::BeforeNumber), by_position(Position::AfterNumber), by_position(Position::AfterUnit)];

/// The qualifiers that may stand at the position with index `index`, longest word first.
fn at_position(index: usize) -> impl Iterator<Item = &'static Entry> {
    let (indices, n) = &BY_POSITION[index];
    indices[..*n].iter().map(|i| &QUALIFIERS[*i])
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
    pub(crate) fn read_prefix(s: &str, position: Position) -> Option<(Qualifier, usize)> {
        let bytes = s.as_bytes();
        let index = match position {
            Position::BeforeNumber => 0,
            Position::AfterNumber => 1,
            Position::AfterUnit => 2,
        };
        if !EDGE_BYTES[index][usize::from(*bytes.first()?)] {
            return None;
        }
        let first = bytes[0].to_ascii_lowercase();
        // A whole word matched byte for byte ends on a character boundary.
        at_position(index)
            .find(|e| {
                let w = e.1.as_bytes();
                w[0] == first
                    && bytes.len() >= w.len()
                    && bytes[..w.len()].eq_ignore_ascii_case(w)
                    && (e.3 == Lang::Zh || !bytes.get(w.len()).is_some_and(u8::is_ascii_alphabetic))
            })
            .map(|e| (e.0, e.1.len()))
    }

    /// Reads the longest qualifier word at the end of `s` that may stand
    /// after the unit; returns it with its length in bytes.
    pub(crate) fn read_suffix(s: &str) -> Option<(Qualifier, usize)> {
        let bytes = s.as_bytes();
        if !EDGE_BYTES[2][usize::from(*bytes.last()?)] {
            return None;
        }
        let last = bytes[bytes.len() - 1].to_ascii_lowercase();
        at_position(2)
            .find(|e| {
                let w = e.1.as_bytes();
                w[w.len() - 1] == last
                    && bytes.len() >= w.len()
                    && bytes[bytes.len() - w.len()..].eq_ignore_ascii_case(w)
            })
            .map(|e| (e.0, e.1.len()))
    }
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

const RANGE_SEPS: &[(RangeSep, &str)] = &[
    (RangeSep::EmDash, "—"),
    (RangeSep::EnDash, "–"),
    (RangeSep::Hyphen, "-"),
    (RangeSep::Tilde, "~"),
    (RangeSep::WaveDash, "～"),
    (RangeSep::Zhi, "至"),
    (RangeSep::Dao, "到"),
    (RangeSep::To, "to"),
];

impl RangeSep {
    /// The mark as written (`to` without its spaces).
    pub fn as_str(self) -> &'static str {
        RANGE_SEPS.iter().find(|e| e.0 == self).map_or("—", |e| e.1)
    }

    pub(crate) fn read(s: &str) -> Option<(RangeSep, usize)> {
        if !s.starts_with(['—', '–', '-', '~', '～', '至', '到', 't']) {
            return None;
        }
        RANGE_SEPS.iter().find_map(|(sep, w)| {
            let ok = s.starts_with(w)
                && (*sep != RangeSep::To
                    || s[2..].starts_with(' ')
                    || s[2..].starts_with(|c: char| c.is_ascii_digit()));
            ok.then_some((*sep, w.len()))
        })
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

#[derive(Clone, Debug)]
pub(crate) enum Repr {
    Exact(Decimal),
    Unknown { placeholder: Placeholder, qualifier: Option<Qualifier> },
    Qualified { number: Decimal, qualifier: Qualifier },
    Range { low: Decimal, high: Decimal, sep: RangeSep },
    Interval(Interval),
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
        (low <= high).then_some(Value(Repr::Range { low, high, sep }))
    }

    /// A value for an interval: exact when it is one point.
    pub fn from_interval(interval: Interval) -> Value {
        match (interval.lower(), interval.upper()) {
            (Bound::Closed(a), Bound::Closed(b)) if a == b => Value::exact(a),
            _ => Value(Repr::Interval(interval)),
        }
    }

    /// The written form.
    pub fn form(&self) -> Form {
        match self.0 {
            Repr::Exact(_) => Form::Exact,
            Repr::Unknown { .. } => Form::Unknown,
            Repr::Qualified { .. } => Form::Qualified,
            Repr::Range { .. } => Form::Range,
            Repr::Interval(_) => Form::Interval,
        }
    }

    /// Whether the value is one known number.
    pub fn is_exact(&self) -> bool {
        match &self.0 {
            Repr::Exact(_) => true,
            Repr::Interval(i) => i.is_point(),
            Repr::Range { low, high, .. } => low == high,
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

    /// The ends and mark of a range.
    pub fn range_ends(&self) -> Option<(Decimal, Decimal, RangeSep)> {
        match self.0 {
            Repr::Range { low, high, sep } => Some((low, high, sep)),
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
            Repr::Range { low, high, .. } => return Some(Interval::closed(low, high)),
            Repr::Interval(i) => return Some(i),
            Repr::Qualified { number, qualifier } => (number, qualifier),
        };
        let s = step(n);
        let or_unbounded = |d: Option<Decimal>, open: bool| match d {
            Some(d) if open => Bound::Open(d),
            Some(d) => Bound::Closed(d),
            None => Bound::Unbounded,
        };
        let (lower, upper) = match q.kind() {
            QualifierKind::Odd => match readings.odd {
                OddReading::WithinStep => (Bound::Open(n), or_unbounded(n.checked_add(s), true)),
                OddReading::Unbounded => (Bound::Open(n), Bound::Unbounded),
            },
            QualifierKind::AtLeast => (Bound::Closed(n), Bound::Unbounded),
            QualifierKind::MoreThan => (Bound::Open(n), Bound::Unbounded),
            QualifierKind::Nearly => (or_unbounded(n.checked_sub(s), false), Bound::Open(n)),
            QualifierKind::About => {
                let half = match readings.about {
                    AboutReading::HalfStep => (s * Decimal::new(5, 1)).normalize(),
                    AboutReading::Relative(f) => n.abs().checked_mul(f.abs()).unwrap_or(Decimal::MAX),
                };
                (or_unbounded(n.checked_sub(half), false), or_unbounded(n.checked_add(half), false))
            }
            QualifierKind::AtMost => (Bound::Unbounded, Bound::Closed(n)),
            QualifierKind::LessThan => (Bound::Unbounded, Bound::Open(n)),
        };
        Some(Interval::new(lower, upper).unwrap_or(Interval::ALL))
    }

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
            (Repr::Range { low, high, sep }, Repr::Range { low: l2, high: h2, sep: s2 }) => {
                same(*low, *l2) && same(*high, *h2) && sep == s2
            }
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
                Repr::Interval(map_ends(self.interval()?, f)?)
            }
            Repr::Qualified { number, qualifier } => Repr::Qualified { number: f(number)?, qualifier },
            Repr::Range { low, high, sep } => Repr::Range { low: f(low)?, high: f(high)?, sep },
            Repr::Interval(i) => Repr::Interval(map_ends(i, f)?),
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
