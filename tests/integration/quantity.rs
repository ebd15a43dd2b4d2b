//! Quantities: the readings of real spellings, the error messages, and the
//! laws of `Display`/`FromStr` and of addition.

use std::fmt::Write as _;
use std::str::FromStr;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rust_decimal::Decimal;
use workreport::{Bound, Interval, Lang, Placeholder, Qualifier, Quantity, RangeSep, Unit, Value};

// ---------------------------------------------------------------------------
// Spellings from real reports, with their expected readings.

const SPELLINGS: &str = include_str!("../fixtures/quantity/spellings.txt");

/// Checks one line of `spellings.txt` (see its header for the columns);
/// returns what differs.
fn check(line: &str) -> Result<(), String> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let [spelling, display, lower, upper, unit, qualifier, exact, unknown, base_lower, base_upper] = fields[..] else {
        return Err(format!("{line:?}: expected 10 fields, found {}", fields.len()));
    };
    let q = Quantity::from_str(spelling).map_err(|e| format!("{spelling:?}: {e}"))?;
    let num = |d: Option<Decimal>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    let yn = |b: bool| if b { "y" } else { "n" };
    let actual = [
        q.to_string(),
        num(q.lower()),
        num(q.upper()),
        q.unit().display(q.lang()).to_string(),
        q.qualifier().map_or("-", Qualifier::word).to_owned(),
        yn(q.is_exact()).to_owned(),
        yn(q.is_unknown()).to_owned(),
        num(q.base_lower()),
        num(q.base_upper()),
    ];
    let expected = [display, lower, upper, unit, qualifier, exact, unknown, base_lower, base_upper];
    const NAMES: [&str; 9] =
        ["display", "lower", "upper", "unit", "qualifier", "exact", "unknown", "base_lower", "base_upper"];
    let mut diff = String::new();
    for ((name, want), got) in NAMES.iter().zip(expected).zip(&actual) {
        if want != got {
            let _ = write!(diff, " {name}: expected {want:?}, got {got:?};");
        }
    }
    // Whatever was read is written back so that it reads the same again.
    match Quantity::from_str(&q.to_string()) {
        Ok(again) if again.is_identical(&q) => {}
        Ok(again) => {
            let _ = write!(diff, " re-reading {:?} gives {again:?};", q.to_string());
        }
        Err(e) => {
            let _ = write!(diff, " re-reading {:?} fails: {e};", q.to_string());
        }
    }
    if diff.is_empty() { Ok(()) } else { Err(format!("{spelling:?}:{diff}")) }
}

#[test]
fn spellings_from_reports_read_as_designed() {
    let lines: Vec<&str> = SPELLINGS.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert!(lines.len() >= 70, "only {} spellings", lines.len());
    let failures: Vec<String> = lines.iter().filter_map(|l| check(l).err()).collect();
    assert!(failures.is_empty(), "{} of {} spellings differ:\n{}", failures.len(), lines.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Invalid inputs and their messages.

/// The kind and message of the error `input` gives; checks the message
/// conventions (lowercase, no trailing period, quotes the input).
fn error(input: &str) -> String {
    let err = match Quantity::from_str(input) {
        Ok(q) => panic!("{input:?} parsed as {q:?}"),
        Err(err) => err,
    };
    let msg = err.to_string();
    assert!(!msg.starts_with(char::is_uppercase), "{msg:?} starts with a capital");
    assert!(!msg.ends_with('.'), "{msg:?} ends with a period");
    assert!(msg.contains(&format!("{input:?}")), "{msg:?} does not quote {input:?}");
    format!("{:?}: {msg}", err.kind())
}

#[test]
fn invalid_inputs_say_what_is_wrong() {
    // Nothing to read.
    insta::assert_snapshot!(error(""), @r#"Empty: "" is empty"#);
    insta::assert_snapshot!(error("  　"), @r#"Empty: "  \u{3000}" is empty"#);
    // No number, or a malformed one.
    insta::assert_snapshot!(error("3O余"), @r#"NotANumber: "3O余" is not a number"#);
    insta::assert_snapshot!(error("abc"), @r#"NotANumber: "abc" is not a number"#);
    insta::assert_snapshot!(error("以上"), @r#"NotANumber: "以上" is not a number"#);
    insta::assert_snapshot!(error("—"), @r#"NotANumber: "—" is not a number"#);
    insta::assert_snapshot!(error("1e5"), @r#"NotANumber: "1e5" is not a number"#);
    insta::assert_snapshot!(error("X5次"), @r#"NotANumber: "X5次" is not a number"#);
    insta::assert_snapshot!(error("1,36"), @r#"NotANumber: "1,36" is not a number: "," must separate groups of three digits"#);
    insta::assert_snapshot!(error("1234,567元"), @r#"NotANumber: "1234,567元" is not a number: "," must separate groups of three digits"#);
    insta::assert_snapshot!(error("XXXXXXXXX次"), @r#"NotANumber: "XXXXXXXXX次" is not a number: a placeholder has at most 8 marks"#);
    // A lone 千 before a measure word belongs to the word, spaces between or not (fuzz finding).
    insta::assert_snapshot!(error("1~2千\n米"), @r#"UnknownUnit: "1~2千\n米" has an unknown unit "千\n米""#);
    insta::assert_snapshot!(error("7千\u{b}瓦"), @r#"UnknownUnit: "7千\u{b}瓦" has an unknown unit "千\u{b}瓦""#);
    // Two scale words may add up to at most 万亿 (fuzz finding: `亿亿` did not read back).
    insta::assert_snapshot!(error("3亿亿元"), @r#"Overflow: "3亿亿元" has a scale above 万亿 (10^12)"#);
    // Two qualifiers.
    insta::assert_snapshot!(error("约30余次"), @r#"NotANumber: "约30余次" has two qualifiers, "约" and "余""#);
    insta::assert_snapshot!(error("约30次左右"), @r#"NotANumber: "约30次左右" has two qualifiers, "约" and "左右""#);
    insta::assert_snapshot!(error("30次以上以上"), @r#"NotANumber: "30次以上以上" has two qualifiers, "以上" and "以上""#);
    // Not a unit.
    insta::assert_snapshot!(error("30 @@"), @r#"UnknownUnit: "30 @@" has an unknown unit "@@""#);
    insta::assert_snapshot!(error("30%%"), @r#"UnknownUnit: "30%%" has an unknown unit "%%""#);
    insta::assert_snapshot!(error("5次3场"), @r#"UnknownUnit: "5次3场" has an unknown unit "次3场""#);
    insta::assert_snapshot!(error("30余30"), @r#"UnknownUnit: "30余30" has an unknown unit "30""#);
    // Too large or too precise for a decimal.
    insta::assert_snapshot!(error("1234567890123456789012345678901234567890"), @r#"Overflow: "1234567890123456789012345678901234567890" is too large"#);
    insta::assert_snapshot!(error("79228162514264337593543950336次"), @r#"Overflow: "79228162514264337593543950336次" is too large"#);
    insta::assert_snapshot!(error("0.00000000000000000000000000001"), @r#"Overflow: "0.00000000000000000000000000001" has more than 28 decimal places"#);
    insta::assert_snapshot!(error("30万亿亿元"), @r#"Overflow: "30万亿亿元" has a scale above 万亿 (10^12)"#);
    // Ranges.
    insta::assert_snapshot!(error("30—20次"), @r#"InvalidRange: range "30—20次" has its low end above its high end"#);
    insta::assert_snapshot!(error("约20-30"), @r#"InvalidRange: range "约20-30" cannot take a qualifier"#);
    insta::assert_snapshot!(error("20—30次左右"), @r#"InvalidRange: range "20—30次左右" cannot take a qualifier"#);
    insta::assert_snapshot!(error("20%-30万元"), @r#"InvalidRange: range "20%-30万元" has different units at its ends"#);
    insta::assert_snapshot!(error("20万至30元"), @r#"InvalidRange: range "20万至30元" mixes scale words"#);
    insta::assert_snapshot!(error("[30, 20]次"), @r#"InvalidRange: range "[30, 20]次" is empty"#);
    // Percentages take no scale word.
    insta::assert_snapshot!(error("3万%"), @r#"ScaledPercent: "3万%": a percentage takes no scale word"#);
    insta::assert_snapshot!(error("3万个百分点"), @r#"ScaledPercent: "3万个百分点": a percentage takes no scale word"#);
}

// ---------------------------------------------------------------------------
// Laws.

/// Decimals as reports write them: round figures (`30`, `2000`, `1.2`,
/// `0`), any figure of up to 12 digits and 4 decimal places with trailing
/// zeros kept (`1.50`); now and then negative.
fn decimal() -> impl Strategy<Value = Decimal> {
    let round = (0i64..=99, 0u32..=6, 0u32..=2).prop_map(|(m, zeros, scale)| Decimal::new(m * 10i64.pow(zeros), scale));
    let any = (0i64..1_000_000_000_000, 0u32..=4).prop_map(|(m, scale)| Decimal::new(m, scale));
    (prop_oneof![round, any], prop::bool::weighted(0.1)).prop_map(|(d, negative)| if negative { -d } else { d })
}

/// Decimals for interval arithmetic: small enough that sums of three are exact.
fn small_decimal() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000_000i64..1_000_000_000_000, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m, scale))
}

/// Every qualifier word.
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "余", "多", "-odd", "以上", "不少于", "at least", "or more", "超过", "more than", "over", "well over", "+",
    "近", "将近", "nearly", "almost", "约", "大约", "左右", "about", "around", "approximately",
    "以下", "以内", "不超过", "at most", "up to", "不到", "less than", "under",
];

/// Units a Chinese quantity may be in.
const ZH_UNITS: &[&str] = &["次", "场", "人", "人次", "万人", "元", "万元", "亿元", "%", "个百分点", "pull requests"];

/// Units an English quantity may be in and still be written back as it
/// is: English folds `万` into the number (`30万元` is "300,000 yuan").
const EN_UNITS: &[&str] = &["次", "场", "人", "人次", "元", "%", "个百分点", "pull requests"];

/// Range marks each language writes: marks, and its own words.
const ZH_SEPS: &[RangeSep] = &[
    RangeSep::EmDash,
    RangeSep::EnDash,
    RangeSep::Hyphen,
    RangeSep::Tilde,
    RangeSep::WaveDash,
    RangeSep::Zhi,
    RangeSep::Dao,
];
const EN_SEPS: &[RangeSep] =
    &[RangeSep::EmDash, RangeSep::EnDash, RangeSep::Hyphen, RangeSep::Tilde, RangeSep::WaveDash, RangeSep::To];

fn unit(name: &str) -> Unit {
    name.parse().unwrap()
}

fn placeholder() -> impl Strategy<Value = Placeholder> {
    (prop::sample::select(&['X', 'x', '×'][..]), 1u8..=3).prop_map(|(mark, n)| Placeholder::new(mark, n).unwrap())
}

/// Every written form: exact, unknown (with or without a qualifier),
/// qualified, range. `None` for the language means "of the qualifier".
fn value() -> impl Strategy<Value = (Value, Option<Lang>)> {
    let lang = prop::sample::select(&[Lang::Zh, Lang::En][..]);
    let qualifier = prop::sample::select(QUALIFIERS).prop_map(|w| Qualifier::from_word(w).unwrap());
    prop_oneof![
        (decimal(), lang.clone()).prop_map(|(d, l)| (Value::exact(d), Some(l))),
        (placeholder(), lang.clone()).prop_map(|(p, l)| (Value::unknown_with(p, None), Some(l))),
        (placeholder(), qualifier.clone()).prop_map(|(p, q)| (Value::unknown_with(p, Some(q)), None)),
        (decimal(), qualifier).prop_map(|(d, q)| (Value::qualified(d, q), None)),
        (decimal(), decimal(), 0..ZH_SEPS.len(), lang).prop_map(|(a, b, i, l)| {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            let seps = if l == Lang::Zh { ZH_SEPS } else { EN_SEPS };
            let sep = seps[i % seps.len()];
            (Value::range(low, high, sep).unwrap(), Some(l))
        }),
    ]
}

/// A quantity in the language it would have been read in, in a unit that
/// language writes back as it is.
fn quantity() -> impl Strategy<Value = Quantity> {
    (value(), 0..ZH_UNITS.len()).prop_map(|((value, lang), i)| {
        let lang = lang.or(value.qualifier().map(Qualifier::lang)).unwrap_or(Lang::Zh);
        let units = if lang == Lang::Zh { ZH_UNITS } else { EN_UNITS };
        let mut name = units[i % units.len()];
        // `5 pull requests` reads as English: Chinese needs a Chinese word (`以上`).
        if lang == Lang::Zh && value.qualifier().is_none() && name == "pull requests" {
            name = "人次";
        }
        Quantity::new(value, unit(name)).with_lang(lang)
    })
}

/// Any quantity of a dimension that has several scales.
fn quantity_in(units: &'static [&'static str]) -> impl Strategy<Value = Quantity> {
    (value(), prop::sample::select(units)).prop_map(|((value, _), u)| Quantity::new(value, unit(u)))
}

const MONEY: &[&str] = &["元", "万元", "亿元"];
const PEOPLE: &[&str] = &["人", "万人"];

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![
        1 => Just(Bound::Unbounded),
        3 => small_decimal().prop_map(Bound::Closed),
        3 => small_decimal().prop_map(Bound::Open),
    ]
}

fn interval() -> impl Strategy<Value = Interval> {
    prop_oneof![
        small_decimal().prop_map(Interval::point),
        (bound(), bound()).prop_map(|(a, b)| {
            // The lesser end below; equal ends closed.
            let (l, u) = if a.value() > b.value() && b.value().is_some() { (b, a) } else { (a, b) };
            Interval::new(l, u).unwrap_or_else(|_| Interval::point(l.value().unwrap_or_default()))
        }),
    ]
}

/// Bits of text the parser treats specially, to build near-misses from.
#[rustfmt::skip]
const FRAGMENTS: &[&str] = &[
    "0", "1", "3", "30", "9", "１", "３０", "．", ",", ".", "，",
    "余", "多", "万", "亿", "千", "X", "x", "×", "—", "-", "－", "~", "至", "to", "%", "％", "‰",
    "以上", "左右", "超过", "约", "近", "-odd", "+", "over", " ", "　", "[", "]", "(", ")", "∞", "-∞",
    "次", "元", "个百分点", "million", "ten-thousand", "people", "pull requests", "e", "\u{200B}",
];

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fixtures/quantity/proptest-regressions.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn display_and_from_str_round_trip(q in quantity()) {
        let text = q.to_string();
        let again: Quantity = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert!(again.is_identical(&q), "{text:?} reads back as {again:?}, not {q:?}");
        prop_assert_eq!(again.to_string(), text);
        for lang in [Lang::Zh, Lang::En] {
            let text = q.display(lang).to_string();
            let again: Quantity = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            prop_assert!(again.is_equivalent(&q), "{lang}: {text:?} reads back as {again:?}, not {q:?}");
        }
    }

    #[test]
    fn conversion_keeps_the_meaning(q in quantity_in(MONEY), to in prop::sample::select(MONEY)) {
        if let Ok(converted) = q.convert_to(&unit(to)) {
            prop_assert!(converted.is_equivalent(&q), "{q} in {to} is {converted}");
        }
    }

    #[test]
    fn interval_addition_is_commutative(a in interval(), b in interval()) {
        prop_assert_eq!(a.checked_add(&b), b.checked_add(&a));
    }

    #[test]
    fn interval_addition_is_associative(a in interval(), b in interval(), c in interval()) {
        let left = a.checked_add(&b).and_then(|ab| ab.checked_add(&c));
        let right = b.checked_add(&c).and_then(|bc| a.checked_add(&bc));
        prop_assert_eq!(left, right);
    }

    #[test]
    fn quantity_addition_is_commutative(
        (a, b) in prop_oneof![
            (quantity_in(MONEY), quantity_in(MONEY)),
            (quantity_in(PEOPLE), quantity_in(PEOPLE)),
        ]
    ) {
        match (a.checked_add(&b), b.checked_add(&a)) {
            (Ok(ab), Ok(ba)) => {
                prop_assert!(ab.is_equivalent(&ba), "{a} + {b} = {ab}, but {b} + {a} = {ba}");
                prop_assert_eq!(ab.is_exact(), a.is_exact() && b.is_exact(), "{} + {} = {}", a, b, ab);
                prop_assert_eq!(ab.is_unknown(), a.is_unknown() || b.is_unknown(), "{} + {} = {}", a, b, ab);
                prop_assert!(ab.unit().same_dimension(a.unit()));
                prop_assert_eq!(ab.unit().scale(), a.unit().scale().min(b.unit().scale()));
            }
            (Err(_), Err(_)) => {}
            (ab, ba) => prop_assert!(false, "{a} + {b} is {ab:?} but {b} + {a} is {ba:?}"),
        }
    }

    #[test]
    fn any_text_reads_or_fails_without_panicking(s in any::<String>()) {
        let _ = Quantity::from_str(&s);
    }

    #[test]
    fn near_misses_read_back_as_they_are_written(
        parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..8)
    ) {
        let s = parts.concat();
        if let Ok(q) = Quantity::from_str(&s) {
            // What reads at all is written back so that it reads the same:
            // identical in Chinese; in English, where `万` folds into the
            // number, equivalent, and written the same from then on.
            let text = q.to_string();
            let again: Quantity = text.parse().map_err(|e| TestCaseError::fail(format!("{s:?} → {text:?}: {e}")))?;
            prop_assert!(again.is_equivalent(&q), "{s:?} → {text:?} reads back as {again:?}, not {q:?}");
            prop_assert_eq!(again.to_string(), text.clone(), "{:?} → {:?}", s, text);
            if q.lang() == Lang::Zh {
                prop_assert!(again.is_identical(&q), "{s:?} → {text:?} reads back as {again:?}, not {q:?}");
            }
            let _ = q.display(Lang::En).to_string();
        }
    }
}
