//! The figure scanner: finds quantities, placeholders, names and dates in
//! normalised prose and asks the quantity parser to read each candidate.
//!
//! The scanner decides where a figure starts and ends (a qualifier before
//! the number, the number or `X`, a scale word, a unit from
//! [`lexicon`](super::lexicon), a qualifier after the unit); the reading
//! is [`Quantity::from_str`]'s. It never slices off a char boundary, and it
//! looks at most a few characters around each number, so it is linear in
//! the text.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::DateSlot;
use crate::quantity::{Placeholder, Quantity};

use super::charset::{CharSet, Scan};
use super::lexicon;
use super::normalize::is_cjkish;

/// What a figure found in the text is.
#[derive(Clone, Debug)]
pub(crate) enum FoundKind {
    /// A quantity, possibly unknown (`X 次`).
    Quantity(Quantity),
    /// A name still to fill (`X 居委会`).
    Name(Placeholder),
    /// A date, possibly with unknown parts (`X月X日`, `2020年3月`).
    Date(DateSlot),
}

/// A figure found in a text, with its byte range in that text.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) range: Range<usize>,
    pub(crate) kind: FoundKind,
    /// The clause the figure belongs to, without the figure.
    pub(crate) label: Option<String>,
    /// For a quantity, the text the quantity parser read.
    pub(crate) input: String,
}

/// The longest number, in bytes, the scanner reads as a figure.
const MAX_NUMBER: usize = 40;
/// The longest label, in characters.
const MAX_LABEL: usize = 60;

fn peek(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

fn peek_back(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn rest(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or("")
}

fn before(text: &str, at: usize) -> &str {
    text.get(..at).unwrap_or("")
}

/// Reads a decimal number with thousands separators at `at`; returns its end.
fn number_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => i += 1,
            b',' | b'.' if i > at && b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if b[i] == b',' {
                    // `1,361`: a separator before exactly three digits.
                    let group = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    if group != 3 {
                        break;
                    }
                }
                i += 1;
            }
            _ => break,
        }
    }
    i
}

/// The longest word of `words` that `s` starts with.
fn starts_with_any<'a>(s: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().filter(|w| s.starts_with(**w)).max_by_key(|w| w.len()).copied()
}

/// The units of [`lexicon::ZH_UNITS`] by their first character.
fn units_by_first() -> &'static std::collections::HashMap<char, Vec<(&'static str, &'static str)>> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<char, Vec<(&'static str, &'static str)>>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: std::collections::HashMap<char, Vec<(&'static str, &'static str)>> =
            std::collections::HashMap::new();
        for &(unit, not_next) in lexicon::ZH_UNITS {
            if let Some(c) = unit.chars().next() {
                t.entry(c).or_default().push((unit, not_next));
            }
        }
        t
    })
}

/// A Chinese unit at the start of `s`, respecting word boundaries.
fn zh_unit(s: &str) -> Option<&'static str> {
    let mut best: Option<&'static str> = None;
    let first = s.chars().next()?;
    for &(unit, not_next) in units_by_first().get(&first).map_or(&[][..], Vec::as_slice) {
        if !s.starts_with(unit) || best.is_some_and(|b| b.len() >= unit.len()) {
            continue;
        }
        let next = s[unit.len()..].chars().next();
        if next.is_some_and(|c| not_next.contains(c)) {
            continue;
        }
        best = Some(unit);
    }
    if best.is_none() {
        if s.starts_with('%') {
            return Some("%");
        }
        if s.starts_with('‰') {
            return Some("‰");
        }
    }
    best
}

/// A Chinese scale word at the start of `s`.
fn zh_scale(s: &str) -> Option<&'static str> {
    let w = lexicon::ZH_SCALES.iter().find(|w| s.starts_with(**w))?;
    if *w == "千" && s["千".len()..].starts_with(|c: char| lexicon::QIAN_MEASURES.contains(c)) {
        return None;
    }
    Some(w)
}

/// A range mark and the start of the second number after it, at `at`.
fn range_tail(text: &str, at: usize) -> Option<usize> {
    let s = rest(text, at);
    let mark = starts_with_any(s, lexicon::RANGE_MARKS)?;
    let second = at + mark.len();
    peek(text, second).filter(char::is_ascii_digit).map(|_| second)
}

/// The extent of a Chinese quantity whose number (or `X`) ends at `at`:
/// the end of the unit and any qualifier after it, and the qualifier
/// after it as the parser spells it. `None` when nothing makes it a
/// quantity (a bare number).
fn zh_extent(text: &str, mut at: usize, placeholder: bool) -> Option<(usize, Option<(usize, &'static str)>)> {
    let mut measured = false;
    let mut odd = false;
    if let Some(q) = starts_with_any(rest(text, at), &["余", "多"]) {
        at += q.len();
        odd = true;
    }
    if let Some(w) = zh_scale(rest(text, at)) {
        at += w.len();
        measured = true;
        if !odd {
            if let Some(q) = starts_with_any(rest(text, at), &["余", "多"]) {
                at += q.len();
                odd = true;
            }
        }
    }
    if !odd && !placeholder {
        // `20—30次`, `6%-6.5%`, `20万至30万元`.
        let percent_low = rest(text, at).starts_with('%');
        let mark_at = if percent_low { at + 1 } else { at };
        if let Some(second) = range_tail(text, mark_at) {
            let mut end = number_end(text, second);
            if let Some(w) = zh_scale(rest(text, end)) {
                end += w.len();
            }
            let unit_ok = !percent_low || rest(text, end).starts_with('%');
            if unit_ok && end - second <= MAX_NUMBER {
                at = end;
            }
        }
    }
    if let Some(unit) = zh_unit(rest(text, at)) {
        at += unit.len();
        measured = true;
    } else if odd && !measured {
        // `30余` with no unit: `30余年` is caught by the unit; a bare `30多` is not a figure.
        return None;
    }
    if !measured {
        return None;
    }
    // `元/人`, `微克/立方米`: a ratio the quantity cannot hold.
    if rest(text, at).starts_with('/') {
        return None;
    }
    let after = lexicon::ZH_AFTER.iter().find(|(w, _)| rest(text, at).starts_with(w)).map(|(w, spelled)| {
        let start = at;
        at += w.len();
        (start, *spelled)
    });
    Some((at, after))
}

/// A Chinese qualifier before `at`, as (start, the parser's spelling).
fn zh_before(text: &str, at: usize, after: &str) -> Option<(usize, &'static str)> {
    let head = before(text, at);
    let (word, spelled) = lexicon::ZH_BEFORE.iter().find(|(w, _)| head.ends_with(w))?;
    let start = at - word.len();
    let prev = peek_back(text, start);
    let blocked = match *word {
        "近" => {
            prev.is_some_and(|c| lexicon::NOT_BEFORE_JIN.contains(c))
                || ["年来", "年以来", "个月来", "天来"].iter().any(|w| after.starts_with(w))
        }
        "约" => prev.is_some_and(|c| lexicon::NOT_BEFORE_YUE.contains(c)),
        "超" => prev.is_some_and(|c| lexicon::NOT_BEFORE_CHAO.contains(c)),
        _ => false,
    };
    (!blocked).then_some((start, *spelled))
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// An English word at the start of `s`: its length.
fn en_word(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    Some(s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\'')).unwrap_or(s.len()))
}

const EN_STOP: &[&str] = &[
    "the", "a", "an", "of", "and", "to", "in", "for", "on", "with", "by", "from", "at", "or", "have", "has", "had",
    "been", "be", "are", "were", "was", "is", "will", "would", "can", "could", "should", "may", "might", "must",
    "which", "that", "this", "these", "those", "it", "its", "we", "our", "they", "their", "over", "under", "more",
    "less", "than", "about", "around", "new", "not", "but", "as", "so", "if", "then", "also", "all", "any", "each",
    "per", "via", "into", "out",
];

fn is_en_unit(word: &str, one: bool) -> bool {
    let lower = word.to_ascii_lowercase();
    if lexicon::EN_UNITS.contains(&lower.as_str()) {
        return true;
    }
    if one || lower.len() < 3 || EN_STOP.contains(&lower.as_str()) || lexicon::EN_NOT_UNITS.contains(&lower.as_str()) {
        return false;
    }
    // A plural noun: `contributors`, `PRs`, `pull requests`.
    lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is")
}

/// The extent of an English quantity whose number ends at `at`.
fn en_extent(text: &str, mut at: usize, one: bool) -> Option<usize> {
    let mut measured = false;
    if rest(text, at).starts_with(' ') {
        if let Some(w) = en_word(rest(text, at + 1)) {
            let word = &rest(text, at + 1)[..w];
            if lexicon::EN_SCALES.iter().any(|s| word.eq_ignore_ascii_case(s)) {
                at += 1 + w;
                measured = true;
            }
        }
    }
    if rest(text, at).starts_with("-odd") {
        at += 4;
    } else if rest(text, at).starts_with('+') && !peek(text, at + 1).is_some_and(|c| c.is_ascii_digit()) {
        at += 1;
    } else {
        // `20 to 30 people`, `20-30 people`.
        let s = rest(text, at);
        let second = if s.starts_with(" to ") && peek(text, at + 4).is_some_and(|c| c.is_ascii_digit()) {
            Some(at + 4)
        } else if (s.starts_with('-') || s.starts_with('–'))
            && peek(text, at + s.chars().next().map_or(1, char::len_utf8)).is_some_and(|c| c.is_ascii_digit())
        {
            Some(at + s.chars().next().map_or(1, char::len_utf8))
        } else {
            None
        };
        if let Some(second) = second {
            let end = number_end(text, second);
            if end - second <= MAX_NUMBER && !peek(text, end).is_some_and(is_word_char) {
                at = end;
            }
        }
    }
    if rest(text, at).starts_with('%') {
        at += 1;
        measured = true;
    } else if rest(text, at).starts_with(' ') {
        let s = rest(text, at + 1);
        if let Some(w1) = en_word(s) {
            let first = &s[..w1];
            let two = s[w1..].strip_prefix(' ').and_then(|r| en_word(r).map(|w2| (&r[..w2], w1 + 1 + w2)));
            if is_en_unit(first, one) {
                at += 1 + w1;
                measured = true;
                // `percentage points`, `per cent`.
                if let Some((second, len)) = two {
                    let pair = format!("{} {}", first.to_ascii_lowercase(), second.to_ascii_lowercase());
                    if lexicon::EN_UNITS.contains(&pair.as_str()) {
                        at = at - w1 + len;
                    }
                }
            } else if let Some((second, len)) = two {
                let lower = first.to_ascii_lowercase();
                let pair = format!("{lower} {}", second.to_ascii_lowercase());
                let ok = lexicon::EN_UNITS.contains(&pair.as_str())
                    || (first.chars().all(|c| c.is_ascii_lowercase())
                        && !EN_STOP.contains(&lower.as_str())
                        && is_en_unit(second, one));
                if ok {
                    at += 1 + len;
                    measured = true;
                }
            }
        }
    }
    if !measured {
        return None;
    }
    if rest(text, at).starts_with(" or more") {
        at += " or more".len();
    }
    Some(at)
}

/// An English qualifier before `at` (with its space): its start.
fn en_before(text: &str, at: usize) -> Option<usize> {
    let head = before(text, at).strip_suffix(' ')?;
    for w in lexicon::EN_BEFORE {
        if head.len() < w.len() {
            continue;
        }
        let start = head.len() - w.len();
        let Some(tail) = head.get(start..) else { continue };
        if tail.eq_ignore_ascii_case(w) && !peek_back(head, start).is_some_and(|c| c.is_ascii_alphabetic()) {
            return Some(start);
        }
    }
    None
}

/// A date at `at`: `2020年3月5日`, `X月X日`, `3月`, `X月份`; its end.
fn date_at(text: &str, at: usize) -> Option<(usize, DateSlot)> {
    let mut end = at;
    let mut parts = 0;
    for suffix in ['年', '月', '日'] {
        let s = rest(text, end);
        let len = if s.starts_with(|c: char| c.is_ascii_digit()) {
            s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())
        } else if s.starts_with(['X', '×']) {
            s.find(|c: char| !matches!(c, 'X' | '×')).unwrap_or(s.len())
        } else {
            0
        };
        if len == 0 || len > 4 || !s[len..].starts_with(suffix) {
            if parts == 0 {
                continue;
            }
            break;
        }
        if suffix == '日' && parts == 0 {
            break;
        }
        if suffix == '年' && len != 4 && s.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        end += len + suffix.len_utf8();
        parts += 1;
        if suffix == '年' && !rest(text, end).starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'X' | '×')) {
            break;
        }
    }
    if parts == 0 {
        return None;
    }
    let slot: DateSlot = text.get(at..end)?.parse().ok()?;
    Some((end, slot))
}

/// Where each `《…》` is open, as a running depth at a byte offset; found
/// when first asked, which is rare.
struct BookTitles<'t> {
    text: &'t str,
    /// The offsets of every `《` and every `》`.
    marks: std::cell::OnceCell<(Vec<usize>, Vec<usize>)>,
}

impl<'t> BookTitles<'t> {
    fn new(text: &'t str) -> BookTitles<'t> {
        BookTitles { text, marks: std::cell::OnceCell::new() }
    }

    fn inside(&self, at: usize) -> bool {
        let (opens, closes) = self.marks.get_or_init(|| {
            // Searchers built once: building one costs more than a short search.
            static OPEN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("《"));
            static CLOSE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("》"));
            let b = self.text.as_bytes();
            (OPEN.find_iter(b).collect(), CLOSE.find_iter(b).collect())
        });
        let opened = opens.partition_point(|o| *o < at);
        let closed = closes.partition_point(|c| *c < at);
        opened > closed
    }
}

/// What [`scan`] stops at: a digit, `X`, `x`, `×`, or the `h`/`w` of a URL.
static STARTS: CharSet = CharSet::new("0123456789Xx×hw", &[]);

/// The characters [`clause_end`] can be true of.
pub(crate) static CLAUSE_MARKS: CharSet = CharSet::new("，。；：！？,;!?\n:.", &[]);

/// Where the clause marks of a text are, as it is read front to back.
pub(crate) enum Marks<'a> {
    /// Found by a scan of the text.
    Scan,
    /// Known: the offsets of every character of [`CLAUSE_MARKS`] in a
    /// larger text, in order, and the offset there of the text read.
    Known(&'a [usize], usize),
}

/// Finds every figure, name and date in `text`, in order; `marks` tells
/// where its clause marks are, for the labels.
pub(crate) fn scan(text: &str, marks: Marks<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let books = BookTitles::new(text);
    let b = text.as_bytes();
    let mut starts = Scan::new(&STARTS, b);
    let mut i = 0;
    while i < b.len() {
        // Skip to the next byte that can start a figure: a digit, `X`, `x`,
        // `×` (C3 97), or the `h`/`w` of a URL. UTF-8 continuation bytes never match.
        i = starts.next_from(i);
        if i >= b.len() {
            break;
        }
        let c = b[i];
        // URLs are skipped whole.
        if (c == b'h' || c == b'w')
            && (rest(text, i).starts_with("http://")
                || rest(text, i).starts_with("https://")
                || rest(text, i).starts_with("www."))
        {
            let end = rest(text, i)
                .find(|c: char| c.is_whitespace() || is_cjkish(c) || matches!(c, ')' | '>' | '"' | ']'))
                .map_or(b.len(), |e| i + e);
            i = end.max(i + 1);
            continue;
        }
        let prev = peek_back(text, i);
        if c.is_ascii_digit() {
            let end = number_end(text, i);
            let glued_before =
                prev.is_some_and(|p| is_word_char(p) || matches!(p, '.' | '_' | '#' | '/' | '\\' | ':') || p == '第');
            if glued_before || end - i > MAX_NUMBER {
                i = end;
                continue;
            }
            match number_at(text, i, end, &books) {
                Ok(found) => {
                    i = found.range.end;
                    out.push(found);
                }
                Err(skip) => i = skip.max(end),
            }
            continue;
        }
        if matches!(c, b'X' | b'x') || rest(text, i).starts_with('×') {
            let mark = peek(text, i).unwrap_or('X');
            let run = rest(text, i).chars().take_while(|c| *c == mark).count();
            let end = i + run * mark.len_utf8();
            let next = peek(text, end);
            let lone = !prev.is_some_and(is_word_char) && !next.is_some_and(is_word_char) && run <= 8;
            let chinese = prev.is_some_and(is_cjkish) || next.is_some_and(is_cjkish);
            // `数据要素×”`, `“人工智能+”`: a mark that ends a quoted name is part of it.
            let ends_name = prev.is_some_and(is_cjkish) && next.is_some_and(|n| matches!(n, '”' | '》' | '’'));
            let ok = lone
                && !ends_name
                && (mark == 'X' || chinese)
                && !(mark == '×'
                    && (prev.is_some_and(|p| p.is_ascii_digit()) || next.is_some_and(|n| n.is_ascii_digit())));
            if ok {
                let found = placeholder_at(text, i, end, mark, run);
                i = found.range.end.max(end);
                out.push(found);
            } else {
                i = end.max(i + 1);
            }
            continue;
        }
        i += 1;
    }
    label(text, &mut out, marks);
    out
}

/// A figure or date whose number spans `start..end`, or where to resume
/// scanning when there is none.
fn number_at(text: &str, start: usize, end: usize, books: &BookTitles<'_>) -> Result<Found, usize> {
    number_or_date(text, start, end, books).ok_or(end)?
}

fn number_or_date(text: &str, start: usize, end: usize, books: &BookTitles<'_>) -> Option<Result<Found, usize>> {
    let next = peek(text, end);
    // `5G`, `0.5.x`, `2060.io`, `1/4`: a number glued to letters or a fraction.
    if next.is_some_and(|c| c.is_ascii_alphabetic())
        || (next == Some('.') && peek(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric()))
        || (next == Some('/') && peek(text, end + 1).is_some_and(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let digits = &text[start..end];
    let plain = digits.bytes().all(|c| c.is_ascii_digit());
    let value: Option<u32> = if plain && digits.len() <= 4 { digits.parse().ok() } else { None };
    let tail = rest(text, end);
    // Years and dates.
    if let Some(year) = value.filter(|_| digits.len() == 4) {
        if (1900..=2100).contains(&year) {
            if let Some(second) = range_tail(text, end) {
                let e2 = number_end(text, second);
                if e2 - second == 4 && rest(text, e2).starts_with('年') {
                    // `2021—2025年`: a span of years, left as text.
                    return Some(Err(e2 + '年'.len_utf8()));
                }
            }
            if tail.starts_with('年') {
                let (date_end, slot) = date_at(text, start)?;
                if books.inside(start) {
                    return Some(Err(date_end));
                }
                return Some(Ok(Found {
                    range: start..date_end,
                    kind: FoundKind::Date(slot),
                    label: None,
                    input: String::new(),
                }));
            }
        }
    }
    if let Some(month) = value.filter(|_| digits.len() <= 2) {
        if tail.starts_with('月') && (1..=12).contains(&month) {
            let prev = peek_back(text, start);
            let ranged = prev.is_some_and(|p| lexicon::RANGE_MARKS.iter().any(|m| m.starts_with(p)));
            if ranged || books.inside(start) {
                return None;
            }
            let (date_end, slot) = date_at(text, start)?;
            return Some(Ok(Found {
                range: start..date_end,
                kind: FoundKind::Date(slot),
                label: None,
                input: String::new(),
            }));
        }
        if tail.starts_with('日') {
            return None;
        }
    }
    let zh = !next.is_some_and(|c| c == ' ' || c.is_ascii_punctuation() && c != '%') || next.is_none();
    let (end_all, after, qualifier) = if zh || next.is_some_and(is_cjkish) {
        let (e, after) = zh_extent(text, end, false)?;
        let q = zh_before(text, start, rest(text, end));
        (e, after, q.map(|(s, w)| (s, w.to_owned())))
    } else {
        let e = en_extent(text, end, digits == "1")?;
        let q = en_before(text, start).map(|s| (s, text[s..start - 1].to_owned()));
        (e, None, q)
    };
    read(text, start, end_all, after, qualifier)
        .map(|(range, q, input)| Ok(Found { range, kind: FoundKind::Quantity(q), label: None, input }))
}

/// Reads the quantity at `start..end` with the qualifiers around it,
/// dropping a qualifier the parser refuses.
fn read(
    text: &str,
    start: usize,
    end: usize,
    after: Option<(usize, &'static str)>,
    before_q: Option<(usize, String)>,
) -> Option<(Range<usize>, Quantity, String)> {
    let core_end = after.map_or(end, |(s, _)| s);
    let core = text.get(start..core_end)?;
    let spelled_after = after.map_or("", |(_, w)| w);
    let attempts: [(bool, bool); 4] = [(true, true), (false, true), (true, false), (false, false)];
    for (with_before, with_after) in attempts {
        if (with_before && before_q.is_none()) || (with_after && after.is_none()) {
            continue;
        }
        let mut s = String::new();
        if with_before {
            if let Some((_, w)) = &before_q {
                s.push_str(w);
                if w.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
                    s.push(' ');
                }
            }
        }
        s.push_str(core);
        if with_after {
            s.push_str(spelled_after);
        }
        if let Ok(q) = s.parse::<Quantity>() {
            let from = if with_before { before_q.as_ref().map_or(start, |(s, _)| *s) } else { start };
            let to = if with_after { end } else { core_end };
            return Some((from..to, q, s));
        }
    }
    None
}

/// A placeholder at `start..end`: a figure (`X 次`), a date (`X 月`) or a name.
fn placeholder_at(text: &str, start: usize, end: usize, mark: char, run: usize) -> Found {
    let tail = rest(text, end);
    if tail.starts_with('月')
        || (tail.starts_with('年') && peek(text, end + '年'.len_utf8()).is_some_and(|c| c.is_ascii_digit() || c == 'X'))
    {
        if let Some((date_end, slot)) = date_at(text, start) {
            return Found { range: start..date_end, kind: FoundKind::Date(slot), label: None, input: String::new() };
        }
    }
    let chinese = !tail.starts_with(' ');
    let extent = if chinese {
        zh_extent(text, end, true)
            .map(|(e, after)| (e, after, zh_before(text, start, tail).map(|(s, w)| (s, w.to_owned()))))
    } else {
        en_extent(text, end, false)
            .map(|e| (e, None, en_before(text, start).map(|s| (s, text[s..start - 1].to_owned()))))
    };
    if let Some((e, after, q)) = extent {
        if let Some((range, quantity, input)) = read(text, start, e, after, q) {
            return Found { range, kind: FoundKind::Quantity(quantity), label: None, input };
        }
    }
    let placeholder = u8::try_from(run).ok().and_then(|n| Placeholder::new(mark, n)).unwrap_or(Placeholder::X);
    Found { range: start..end, kind: FoundKind::Name(placeholder), label: None, input: String::new() }
}

/// Whether `c` ends a clause.
fn clause_end(text: &str, at: usize, c: char) -> bool {
    match c {
        '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | '!' | '?' | '\n' => true,
        ':' => !peek(text, at + 1).is_some_and(|n| n.is_ascii_digit()),
        '.' => peek(text, at + 1).is_none_or(|n| n == ' '),
        _ => false,
    }
}

/// Whether `c` ends a sentence.
fn sentence_end(text: &str, at: usize, c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '!' | '?' | ';' | '\n')
        || (c == '.' && peek(text, at + 1).is_none_or(|n| n == ' '))
}

/// Gives each figure the clause it belongs to, without the figure itself.
/// A clause of a verb alone (`已开展X期`) borrows the clauses before it in
/// the sentence and the one after.
fn label(text: &str, found: &mut [Found], known: Marks<'_>) {
    // A label reaches at most the second mark after its figure's start.
    let Some(last) = found.iter().filter(|f| matches!(f.kind, FoundKind::Quantity(_))).map(|f| f.range.start).max()
    else {
        return;
    };
    // Clause and sentence boundaries, once: (offset after the mark, is sentence end).
    let mut marks: Vec<(usize, bool)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut after_last = 0;
    let mut members = Scan::new(&CLAUSE_MARKS, bytes);
    let (mut known, base) = match known {
        Marks::Scan => (None, 0),
        Marks::Known(marks, base) => (Some(marks), base),
    };
    while after_last < 2 {
        i = match &mut known {
            None => members.next_from(i),
            Some(rest) => {
                // The first known mark from `i` on.
                while rest.first().is_some_and(|&m| m < base + i) {
                    *rest = &rest[1..];
                }
                rest.first().map_or(text.len(), |&m| m - base)
            }
        };
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else { break };
        if clause_end(text, i, c) {
            let end = i + c.len_utf8();
            marks.push((end, sentence_end(text, i, c)));
            after_last += usize::from(end > last);
        }
        i += c.len_utf8();
    }
    let clause_of = |at: usize| -> usize { marks.partition_point(|(m, _)| *m <= at) };
    for f in found.iter_mut() {
        if !matches!(f.kind, FoundKind::Quantity(_)) {
            continue;
        }
        let k = clause_of(f.range.start);
        let start = |k: usize| if k == 0 { 0 } else { marks[k - 1].0 };
        let end = |k: usize| marks.get(k).map_or(text.len(), |(m, _)| *m);
        let (mut s, mut e) = (start(k), end(k));
        let own = |s: usize, e: usize| -> String { cut(text, s, e, &f.range) };
        let mut label = own(s, e);
        if label.chars().filter(|c| !c.is_whitespace()).count() < 5 {
            // Borrow up to two clauses before, within the sentence.
            let mut kk = k;
            for _ in 0..2 {
                if kk == 0 || marks[kk - 1].1 {
                    break;
                }
                kk -= 1;
                s = start(kk);
            }
            // And the clause after, unless the sentence ends here.
            if marks.get(k).is_some_and(|(_, sentence)| !sentence) {
                e = end(k + 1);
            }
            label = own(s, e);
        }
        f.label = (!label.is_empty()).then_some(label);
    }
}

/// The text of `s..e` without `figure`, trimmed and shortened around the figure.
fn cut(text: &str, s: usize, e: usize, figure: &Range<usize>) -> String {
    let trimmed = |c: char| {
        c.is_whitespace() || matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | ',' | '.' | ';' | ':' | '!' | '?')
    };
    let head = text.get(s.min(figure.start)..figure.start).unwrap_or("");
    let tail = text.get(figure.end..e.max(figure.end)).unwrap_or("");
    // At most MAX_LABEL characters each side, found without walking the whole clause.
    let head = head.char_indices().rev().take(MAX_LABEL).last().map_or("", |(i, _)| &head[i..]);
    let tail = tail.char_indices().nth(MAX_LABEL).map_or(tail, |(i, _)| &tail[..i]);
    let tail = if (head.ends_with(|c: char| c.is_ascii_alphanumeric()) || head.ends_with(' ')) && tail.starts_with(' ')
    {
        tail.trim_start()
    } else {
        tail
    };
    // Trim the joined text: from the head into the tail, and back.
    let head_kept = head.trim_start_matches(trimmed);
    let (head, tail) = if head_kept.is_empty() { ("", tail.trim_start_matches(trimmed)) } else { (head_kept, tail) };
    let tail_kept = tail.trim_end_matches(trimmed);
    let (head, tail) = if tail_kept.is_empty() { (head.trim_end_matches(trimmed), "") } else { (head, tail_kept) };
    let mut out = String::with_capacity(head.len() + tail.len());
    out.push_str(head);
    out.push_str(tail);
    out
}

/// A table cell holding one number: its quantity.
pub(crate) fn cell_number(cell: &str) -> Option<Quantity> {
    let t = cell.trim();
    if t.is_empty()
        || t.len() > MAX_NUMBER
        || !t.starts_with(|c: char| c.is_ascii_digit())
        || number_end(t, 0) != t.len()
    {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        scan(text, Marks::Scan)
            .into_iter()
            .map(|f| {
                let what = match &f.kind {
                    FoundKind::Quantity(q) => format!("q:{q}"),
                    FoundKind::Name(_) => "name".to_owned(),
                    FoundKind::Date(d) => format!("date:{d}"),
                };
                format!("{}={what}|{}", &text[f.range.clone()], f.label.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn seed_sentences() {
        assert_eq!(
            show("组织召开意识形态分析研判会X次，安排部署意识形态领域风险排查X次"),
            ["X次=q:X次|组织召开意识形态分析研判会", "X次=q:X次|安排部署意识形态领域风险排查"]
        );
        assert_eq!(show("在X的领导下，X坚持"), ["X=name|", "X=name|"]);
        assert_eq!(show("并于X月X日举行了"), ["X月X日=date:X月X日|"]);
        assert_eq!(show("投资X余万元建设了X史馆"), ["X余万元=q:X余万元|投资建设了X史馆", "X=name|"]);
        assert_eq!(show("在X日报、晨报"), ["X=name|"]);
        assert_eq!(show("制定《2020年X理论学习》"), ["X=name|"]);
        assert_eq!(show("结合建党100周年，组织"), ["100周年=q:100周年|结合建党，组织"]);
        assert_eq!(show("X月份，对辖区"), ["X月=date:X月|"]);
    }

    #[test]
    fn government_report_figures() {
        let f = show("全年地区生产总值完成192.3亿元，同比增长6.0%，提高0.8个百分点，建档立卡贫困户301户611人全部脱贫");
        assert_eq!(f.len(), 5, "{f:?}");
        assert!(f[0].starts_with("192.3亿元=q:192.3亿元|全年地区生产总值完成"));
        assert!(f[2].starts_with("0.8个百分点=q:0.8个百分点"));
        assert_eq!(show("近14亿人口"), ["近14亿人口=q:近14亿人口|"]);
        assert_eq!(show("超30万人"), ["超30万人=q:超过30万人|"]);
        assert_eq!(show("增长4.5%—5%，"), ["4.5%—5%=q:4.5%—5%|增长"]);
        assert_eq!(show("12345热线、第十四届、1/4、5G网络、PM2.5浓度"), Vec::<String>::new());
        assert_eq!(show("2021—2025年"), Vec::<String>::new());
        assert_eq!(show("1997年7月1日起"), ["1997年7月1日=date:1997年7月1日|"]);
        assert_eq!(show("近5年来"), ["5年=q:5年|近来"]);
        assert_eq!(show("节约30%"), ["30%=q:30%|节约"]);
        assert_eq!(show("10蒸吨及以下燃煤锅炉"), ["10蒸吨及以下=q:10蒸吨以下|燃煤锅炉"]);
        assert_eq!(show("3000台牧业机械"), ["3000台=q:3000台|牧业机械"]);
        assert_eq!(show("项目人民"), Vec::<String>::new());
    }

    #[test]
    fn english_figures() {
        let f = show(
            "contributions from 26 contributors over the last 12 months, of which 4 have made significant contributions (over 10 PRs merged). Well over 200 pull requests have been merged.",
        );
        assert_eq!(f.len(), 4, "{f:?}");
        assert!(f[0].starts_with("26 contributors=q:26 contributors|"));
        assert!(f[1].starts_with("12 months=q:12 months|"));
        assert!(f[2].starts_with("over 10 PRs=q:over 10 PRs|"));
        assert!(f[3].starts_with("Well over 200 pull requests=q:well over 200 pull requests|have been merged"));
        assert!(show("version 0.5.x and 1.0 by 2025 or 2026, X509, v2, https://a.io/202408/x").is_empty());
    }
}
