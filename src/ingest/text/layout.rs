//! Lines to paragraphs: web-page chrome, the title and front matter, and
//! the joining of hard-wrapped lines.
//!
//! Every decision is made on one line and its neighbours, so the pass is
//! linear. A paragraph keeps the input ranges of its lines and is
//! normalised as one text with a map back to the input.

use std::cell::Cell;
use std::ops::Range;

use crate::model::Span;

use super::lexicon;
use super::normalize::{Normalized, is_ideograph, join, normalize};
use super::structure::{is_marker_only, starts_with_marker};

/// What a paragraph is, as far as its lines tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParaKind {
    /// Prose, or a heading found by its wording.
    Text,
    /// A Markdown heading of this level (`##` is 2); the text is its content.
    MdHeading(u8),
    /// A Markdown table row.
    TableRow,
    /// A Markdown table's delimiter row (`|---|---|`).
    TableDelim,
    /// A Markdown list item (`- `); the text is its content.
    Bullet,
}

/// A paragraph: one or more input lines, normalised.
#[derive(Clone, Debug)]
pub(crate) struct Para {
    pub(crate) norm: Normalized,
    pub(crate) kind: ParaKind,
    /// The blank-line-separated block it is in.
    pub(crate) block: usize,
    /// Whether it is the first paragraph of its block.
    pub(crate) first_in_block: bool,
    /// Whether another paragraph follows in the same block.
    pub(crate) block_continues: bool,
    /// Whether its first line was indented.
    pub(crate) indented: bool,
}

impl Para {
    pub(crate) fn text(&self) -> &str {
        &self.norm.text
    }

    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        self.norm.span(range)
    }
}

/// The document's lines, sorted into title, front matter, body and back matter.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub(crate) title: Option<Para>,
    /// Subtitle, byline and date lines after the title.
    pub(crate) front: Vec<Para>,
    pub(crate) body: Vec<Para>,
    /// A closing signature: organisation and date lines.
    pub(crate) back: Vec<Para>,
    /// Whether the body's blocks are separated by blank lines.
    pub(crate) blank_lines: bool,
    /// Whether the document is written mostly in English.
    pub(crate) english: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Blank,
    Chrome,
    Md(u8),
    TableRow,
    TableDelim,
    Bullet,
    Text,
}

struct Line {
    /// The line's bytes, without the line break.
    range: Range<usize>,
    /// The content's bytes (after `## ` or `- `).
    content: Range<usize>,
    kind: LineKind,
    /// The line normalised on its own, with its map: what the rules read,
    /// and the paragraph's text when the line is a paragraph alone (taken
    /// then) or joins others.
    norm: Option<Normalized>,
    /// Whether the line has a Chinese character.
    chinese: bool,
    indented: bool,
    /// The display width of the line, once measured.
    width: Cell<Option<usize>>,
}

impl Line {
    /// The display width of the line (see [`width`]).
    fn width(&self, input: &str) -> usize {
        if let Some(w) = self.width.get() {
            return w;
        }
        let w = width(input.get(self.range.clone()).unwrap_or(""));
        self.width.set(Some(w));
        w
    }

    /// The line normalised on its own.
    fn view(&self) -> &str {
        self.norm.as_ref().map_or("", |n| n.text.as_str())
    }
}

/// The sum of `f` over the bytes of `s`, where `f` is at most 2: counted
/// in byte-wide lanes a block at a time, so the loop vectorises.
fn count_bytes(s: &[u8], f: impl Fn(u8) -> u8) -> usize {
    s.chunks(127).map(|block| usize::from(block.iter().fold(0u8, |n, &b| n.wrapping_add(f(b))))).sum()
}

/// The offset of the first line feed of `bytes` from `from`.
fn next_newline(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', bytes.get(from..)?).map(|k| from + k)
}

/// Byte counts of a text, taken in one pass: line feeds, ASCII letters,
/// and lead bytes E3 to E9 (every ideograph has one).
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    newlines: usize,
    letters: usize,
    cjk: usize,
}

impl Counts {
    fn of(bytes: &[u8]) -> Counts {
        const LANES: usize = 16;
        let mut out = Counts::default();
        let mut add = |n: u8, a: u8, c: u8| {
            out.newlines += usize::from(n);
            out.letters += usize::from(a);
            out.cjk += usize::from(c);
        };
        // Byte-wide counters, one per lane, over blocks short enough that no
        // lane overflows: the loop vectorises.
        let (body, tail) = bytes.split_at(bytes.len() - bytes.len() % LANES);
        for block in body.chunks(LANES * 255) {
            let (mut n, mut a, mut c) = ([0u8; LANES], [0u8; LANES], [0u8; LANES]);
            for chunk in block.chunks_exact(LANES) {
                let Ok(chunk) = <&[u8; LANES]>::try_from(chunk) else { continue };
                for k in 0..LANES {
                    let b = chunk[k];
                    n[k] += u8::from(b == b'\n');
                    // `b.is_ascii_alphabetic()` and `(0xE3..=0xE9).contains(&b)` as comparisons only.
                    a[k] += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                    c[k] += u8::from(b.wrapping_sub(0xE3) < 7);
                }
            }
            for k in 0..LANES {
                add(n[k], a[k], c[k]);
            }
        }
        for &b in tail {
            add(u8::from(b == b'\n'), u8::from((b | 0x20).wrapping_sub(b'a') < 26), u8::from(b.wrapping_sub(0xE3) < 7));
        }
        out
    }
}

fn split_lines(input: &str, newlines: usize) -> Vec<Range<usize>> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(newlines + 1);
    let mut start = 0;
    while let Some(i) = next_newline(bytes, start) {
        let end = if i > start && bytes[i - 1] == b'\r' { i - 1 } else { i };
        out.push(start..end);
        start = i + 1;
    }
    if start < input.len() {
        let end = if input.ends_with('\r') { input.len() - 1 } else { input.len() };
        out.push(start..end.max(start));
    }
    out
}

/// Whether a line is a 32-hex-digit hash with a colon (links of a CMS).
fn is_hash_line(view: &str) -> bool {
    let t = view.trim_end_matches([':', '：']);
    t.len() >= 16 && t.len() < view.len() && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a line is only a publishing timestamp: `2026年02月10日 07时41分`,
/// `2026-02-10 07:41`.
fn is_timestamp(view: &str) -> bool {
    // At most 24 characters, so at most 96 bytes: longer lines are ruled
    // out before they are read.
    view.len() <= 96
        && view.chars().count() <= 24
        && view.chars().all(|c| c.is_ascii_digit() || "年月日时分秒:- ".contains(c))
        && (view.contains('时') && view.contains('分') || view.contains(':') && view.contains('-'))
        && view.bytes().filter(u8::is_ascii_digit).count() >= 8
}

/// The longest of [`lexicon::CHROME_LINES`], in bytes: longer lines are
/// not compared with them.
const CHROME_LINE_MAX: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < lexicon::CHROME_LINES.len() {
        if lexicon::CHROME_LINES[i].len() > max {
            max = lexicon::CHROME_LINES[i].len();
        }
        i += 1;
    }
    max
};

fn is_chrome(view: &str) -> bool {
    let v = view.trim();
    // Every chrome word starts with one of these; most lines are ruled out here.
    let first = |c: char| matches!(c, '申' | '声' | '免' | '本' | '【' | '字' | '来' | '发' | '浏' | '阅' | '点' | '分' | '责' | '编' | '扫' | '相' | '打' | '上' | '下' | '返' | '您' | '你' | '查' | '猜' | '热' | '文' | '大' | '中' | '小' | '】' | '关' | '收' | '全' | '首' | '展' | '0'..='9' | 'a'..='f');
    if !v.starts_with(first) {
        return false;
    }
    (v.len() <= CHROME_LINE_MAX && lexicon::CHROME_LINES.contains(&v))
        || lexicon::CHROME_PREFIXES.iter().any(|p| v.starts_with(p))
        || is_hash_line(v)
        || is_timestamp(v)
        || (v.starts_with("【字") && v.chars().count() <= 12)
}

fn is_footer_start(view: &str) -> bool {
    let v = view.trim();
    v.len() <= 120 && lexicon::FOOTER_STARTS.iter().any(|p| v.starts_with(p)) && v.chars().count() <= 30
}

fn classify(input: &str, range: Range<usize>) -> Line {
    let raw = &input[range.clone()];
    let space = |c: char| c.is_whitespace() || c == '\u{3000}';
    let rest = raw.trim_start_matches(space);
    let trimmed_start = raw.len() - rest.len();
    let indented = trimmed_start > 0;
    let t = rest.trim_end_matches(space);
    let content_start = range.start + trimmed_start;
    let mut content = content_start..content_start + t.len();
    let kind = if t.is_empty() {
        LineKind::Blank
    } else if let Some(level) = md_level(t) {
        let after = t[level as usize..].trim_start();
        content = content.end - after.len()..content.end;
        LineKind::Md(level)
    } else if t.starts_with('|') {
        if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) { LineKind::TableDelim } else { LineKind::TableRow }
    } else if (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) && t.len() > 2 {
        content = content.start + 2..content.end;
        LineKind::Bullet
    } else {
        LineKind::Text
    };
    let norm = (kind != LineKind::Blank).then(|| normalize(input, std::slice::from_ref(&content)));
    let view = norm.as_ref().map_or("", |n| n.text.as_str());
    let kind = if kind == LineKind::Blank || view.is_empty() {
        LineKind::Blank
    } else if kind == LineKind::Text && is_chrome(view) {
        LineKind::Chrome
    } else {
        kind
    };
    let chinese = !view.is_ascii() && view.chars().any(is_ideograph);
    Line { range, content, kind, norm, chinese, indented, width: Cell::new(None) }
}

fn md_level(t: &str) -> Option<u8> {
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    ((1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])).then_some(hashes as u8)
}

/// Characters that end a clause or sentence.
fn ends_clause(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '…' | '.' | '!' | '?' | ';' | ':')
}

/// Function words that cannot end a heading: a line ending with one is cut.
const CUT_ENDINGS: &str = "的是在和与及对把将为了从向以于被让使并或而之其个";

/// The display width of a line: two columns for a character of three or
/// four UTF-8 bytes (Chinese characters and full-width forms), one for the
/// rest; counted from the lead bytes, without decoding.
fn width(s: &str) -> usize {
    // 1 for a lead byte (not 0x80..=0xBF), and 1 more from 0xE0.
    count_bytes(s.as_bytes(), |b| u8::from(b & 0xC0 != 0x80) + u8::from(b >= 0xE0))
}

/// The width text is hard-wrapped at, when it is: most lines that go on
/// within a block end within a few columns of the same width.
fn wrap_width(lines: &[Line], kind: &[LineKind], input: &str) -> Option<usize> {
    let mut widths = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        if kind[i] == LineKind::Text && kind[i + 1] == LineKind::Text {
            widths.push(lines[i].width(input));
        }
    }
    let max = *widths.iter().max()?;
    let full = widths.iter().filter(|w| **w + WRAP_SLACK >= max).count();
    (max >= 16 && full >= 3 && full * 10 >= widths.len() * 7).then_some(max)
}

/// How far short of the wrap width a full line may end: a number kept
/// with its unit, or punctuation kept off the next line.
const WRAP_SLACK: usize = 10;

/// What the joining rules need to know of a paragraph so far: its lines
/// are `lines[i]` for `i` in a slice of line indices passed to each call.
/// The counts are taken only when a rule needs them, and each line is
/// counted once, so joining stays linear and cheap.
#[derive(Clone, Debug, Default)]
struct Acc {
    /// Lines of the paragraph counted so far.
    counted: usize,
    last: Option<char>,
    /// Lines of the paragraph looked through for a `（` or `《`, and
    /// whether one was found.
    bracket_lines: usize,
    brackets: bool,
    chars: usize,
    clause_punct: bool,
    period: bool,
    quotes: isize,
    books: isize,
    parens: isize,
}

impl Acc {
    fn new(view: &str) -> Acc {
        let mut acc = Acc::default();
        acc.push(view);
        acc
    }

    fn push(&mut self, view: &str) {
        if let Some(c) = view.chars().next_back() {
            self.last = Some(c);
        }
    }

    /// The counts, brought up to date with the paragraph's lines `group`.
    fn stats(&mut self, lines: &[Line], group: &[usize]) -> &Acc {
        while let Some(&i) = group.get(self.counted) {
            // Every mark counted is three bytes: matched on its bytes, read
            // from one lead byte to the next; the characters are counted by
            // their lead bytes.
            let view = lines[i].view().as_bytes();
            self.chars += count_bytes(view, |b| u8::from(b & 0xC0 != 0x80));
            let mut k = 0;
            while let Some(&b) = view.get(k) {
                if (0xE4..=0xE9).contains(&b) {
                    k += 3;
                    continue;
                }
                let len = match b {
                    0x00..=0x7F => 1,
                    0xE0..=0xEF => 3,
                    0xF0..=0xFF => 4,
                    _ => 2,
                };
                if len == 3 {
                    match (b, view.get(k + 1), view.get(k + 2)) {
                        (0xE2, Some(0x80), Some(0x9C)) => self.quotes += 1, // “
                        (0xE2, Some(0x80), Some(0x9D)) => self.quotes -= 1, // ”
                        (0xE3, Some(0x80), Some(0x8A)) => self.books += 1,  // 《
                        (0xE3, Some(0x80), Some(0x8B)) => self.books -= 1,  // 》
                        (0xEF, Some(0xBC), Some(0x88)) => self.parens += 1, // （
                        (0xEF, Some(0xBC), Some(0x89)) => self.parens -= 1, // ）
                        (0xEF, Some(0xBC), Some(0x8C | 0x9B)) => self.clause_punct = true, // ，；
                        (0xE3, Some(0x80), Some(0x82)) => {
                            // 。
                            self.clause_punct = true;
                            self.period = true;
                        }
                        _ => {}
                    }
                }
                k += len;
            }
            self.counted += 1;
        }
        self
    }

    fn unbalanced(&mut self, lines: &[Line], group: &[usize]) -> bool {
        let s = self.stats(lines, group);
        s.quotes > 0 || s.books > 0 || s.parens > 0
    }

    /// Whether a bracket or book title is open; cheap when the text has none.
    fn open_bracket(&mut self, lines: &[Line], group: &[usize]) -> bool {
        while !self.brackets {
            let Some(&i) = group.get(self.bracket_lines) else { return false };
            // Two substring searches, which run on bytes, rather than one for either character.
            let view = lines[i].view();
            self.brackets = view.contains("（") || view.contains("《");
            self.bracket_lines += 1;
        }
        let s = self.stats(lines, group);
        s.parens > 0 || s.books > 0
    }
}

/// Whether the paragraph `acc` so far, ending with line `a`, continues
/// on line `b` (with a blank line between when `blank`).
#[allow(clippy::too_many_arguments)]
fn joins(
    acc: &mut Acc,
    lines: &[Line],
    group: &[usize],
    a: &Line,
    b: &Line,
    blank: bool,
    wrapped: Option<(usize, &str)>,
) -> bool {
    let joined = group.len() > 1;
    if a.kind != LineKind::Text || b.kind != LineKind::Text {
        return false;
    }
    // Hard-wrapped text: a full line goes on in the next.
    if let Some((w, input)) = wrapped {
        if !blank && a.width(input) + WRAP_SLACK >= w {
            return true;
        }
    }
    let bv = b.view();
    let av = group.first().map_or("", |&i| lines[i].view());
    let (Some(last), Some(first)) = (acc.last, bv.chars().next()) else { return false };
    let chinese = a.chinese || b.chinese;
    if !chinese {
        // Markdown: lines with no blank between are one paragraph.
        return !blank && !starts_with_marker(bv);
    }
    if !blank && "》”’）)，。、；：！？%".contains(first) {
        return true;
    }
    if !blank && last.is_ascii_alphabetic() && first.is_ascii_digit() && bv.chars().count() <= 8 {
        return true;
    }
    // `b` is not chrome: a line of text is one `classify` found no chrome in.
    debug_assert!(!is_chrome(bv));
    if starts_with_marker(bv) {
        return false;
    }
    if !blank && !joined && is_marker_only(av) {
        return true;
    }
    if !blank && !ends_clause(last) && acc.unbalanced(lines, group) {
        return true;
    }
    // An open bracket or book title goes on whatever ends the line.
    if !blank && acc.open_bracket(lines, group) {
        return true;
    }
    if ends_clause(last) || starts_with_marker(av) && !acc.stats(lines, group).period && !acc.unbalanced(lines, group) {
        return false;
    }
    // A paragraph already joined mid-sentence goes on until a clause ends.
    if joined && !blank {
        return true;
    }
    if CUT_ENDINGS.contains(last) || matches!(last, '，' | '、') {
        return true;
    }
    let stats = acc.stats(lines, group);
    let long_prose = stats.chars >= 20 && stats.clause_punct;
    // Across a blank line only a sentence cut after a Chinese character
    // continues (a page break); without one, after anything but a clause end.
    let cut = !blank || is_ideograph(last) || last == '“';
    let goes_on =
        is_ideograph(first) || first == '“' || (!blank && (first.is_ascii_digit() || matches!(first, 'X' | '×')));
    long_prose && cut && goes_on
}

/// Whether a line is the subtitle of a government report: `——2019年3月4日在…会议上`.
fn is_subtitle(view: &str) -> bool {
    let v = view.trim_start_matches('—');
    (view.starts_with("——") || v.starts_with(|c: char| c.is_ascii_digit()))
        && (v.contains("会议") || v.contains("大会") || v.contains('在'))
        && v.chars().count() <= 60
        && !v.contains('。')
}

/// Whether a line is a date alone: `2026年1月23日`, `（2026年1月23日）`.
pub(crate) fn is_date_line(view: &str) -> bool {
    let v = view.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
    v.chars().count() <= 12
        && v.ends_with('日')
        && v.contains('年')
        && v.contains('月')
        && v.chars().all(|c| c.is_ascii_digit() || "年月日".contains(c))
}

/// Whether a line names an organisation, or an office and a person.
pub(crate) fn is_org_line(view: &str) -> bool {
    let n = view.chars().count();
    if n > 40 || view.contains(['，', '。', '：', '；']) {
        return false;
    }
    lexicon::OFFICES.iter().any(|o| view.contains(o))
        || (n <= 30 && lexicon::ORG_ENDINGS.iter().any(|e| view.ends_with(e)))
}

/// Whether a line can be a title.
fn is_title(line: &Line) -> bool {
    match line.kind {
        LineKind::Md(1) => true,
        LineKind::Text => {
            let v = line.view();
            v.chars().count() <= 60
                && !v.ends_with(['：', '！', ':', '!', '。'])
                && !v.contains('。')
                && !starts_with_marker(v)
                && !v.starts_with("——")
                && !is_date_line(v)
        }
        _ => false,
    }
}

/// Sorts the input's lines into the parts of a [`Layout`].
pub(crate) fn layout(input: &str) -> Layout {
    let counts = Counts::of(input.as_bytes());
    let mut lines: Vec<Line> = split_lines(input, counts.newlines).into_iter().map(|r| classify(input, r)).collect();
    let n = lines.len();
    let mut kind: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();

    // Chrome: the header before the first long line of text, and everything
    // from the first footer line on.
    let first_long = lines
        .iter()
        .position(|l| {
            matches!(l.kind, LineKind::Text | LineKind::Md(_))
                && l.view().len() >= 40
                && l.view().chars().nth(39).is_some()
        })
        .unwrap_or(n);
    let mut seen_text = false;
    for i in 0..n {
        let chrome = lines[i].kind == LineKind::Chrome;
        if chrome && i > first_long && !is_footer_start(lines[i].view()) {
            kind[i] = LineKind::Text;
        }
        if chrome && seen_text && i > first_long && is_footer_start(lines[i].view()) {
            for k in &mut kind[i..] {
                if *k != LineKind::Blank {
                    *k = LineKind::Chrome;
                }
            }
            break;
        }
        if lines[i].kind != LineKind::Blank && lines[i].kind != LineKind::Chrome {
            seen_text = true;
        }
    }
    // `来源:` alone: the next short line is the publisher.
    for i in 0..n {
        if kind[i] == LineKind::Chrome && lines[i].view().trim_end_matches([':', '：']).ends_with("来源") {
            if let Some(j) = (i + 1..n).find(|&j| kind[j] != LineKind::Blank) {
                if kind[j] == LineKind::Text && lines[j].view().chars().count() <= 12 && j < first_long {
                    kind[j] = LineKind::Chrome;
                }
            }
        }
    }

    let visible: Vec<usize> = (0..n).filter(|&i| !matches!(kind[i], LineKind::Blank | LineKind::Chrome)).collect();
    let wrapped = wrap_width(&lines, &kind, input);
    let mut out = Layout::default();
    let mut cursor = 0; // index into `visible`
    // The title, and repeats of it in the page header.
    if let Some(&first) = visible.first() {
        if is_title(&lines[first]) {
            out.title = Some(para(input, &mut lines, &[first], 0, true, false));
            cursor = 1;
        }
    }
    let title_view = out.title.as_ref().map(|t| t.text().to_owned());
    // Front matter: repeated titles, subtitle, byline, date.
    while let Some(&i) = visible.get(cursor) {
        let v = lines[i].view();
        let repeat = title_view.as_deref() == Some(v);
        let front = kind[i] == LineKind::Text && (repeat || is_subtitle(v) || is_date_line(v) || is_org_line(v));
        if !front {
            break;
        }
        let mut group = vec![i];
        // A subtitle wrapped over two lines.
        if is_subtitle(v) && !v.ends_with('上') && !v.ends_with("讲话") {
            if let Some(&j) = visible.get(cursor + 1) {
                if lines[j].view().ends_with('上') && lines[j].view().chars().count() <= 30 {
                    group.push(j);
                    cursor += 1;
                }
            }
        }
        if !repeat {
            out.front.push(para(input, &mut lines, &group, 0, true, false));
        }
        cursor += 1;
    }
    // Back matter: a signature of organisation and date lines at the end.
    let mut end = visible.len();
    while end > cursor + 1 {
        let i = visible[end - 1];
        let v = lines[i].view();
        if kind[i] == LineKind::Text && (is_date_line(v) || is_org_line(v) && v.chars().count() <= 30) {
            end -= 1;
        } else {
            break;
        }
    }
    for &i in &visible[end..] {
        out.back.push(para(input, &mut lines, &[i], 0, true, false));
    }

    // The body: paragraphs of joined lines, in blocks.
    let body = &visible[cursor..end];
    // At most a paragraph a line: one allocation, not a chain of copies.
    out.body.reserve(body.len());
    let mut blocks = 0usize;
    let mut k = 0;
    let mut last_line: Option<usize> = None;
    let wrapped = wrapped.map(|w| (w, input));
    while k < body.len() {
        let first = body[k];
        let blank_before = last_line.is_some_and(|l| (l + 1..first).any(|j| kind[j] == LineKind::Blank));
        if blank_before {
            blocks += 1;
            out.blank_lines = true;
        }
        let first_in_block = blank_before || last_line.is_none();
        // The paragraph's lines are `body[k0..=k]`.
        let k0 = k;
        let mut acc = Acc::new(lines[first].view());
        let mut line_kind = kind[first];
        while let Some(&next) = body.get(k + 1) {
            let last = body[k];
            let blank = (last + 1..next).any(|j| kind[j] == LineKind::Blank);
            let chrome_between = (last + 1..next).any(|j| kind[j] == LineKind::Chrome);
            if chrome_between
                || !joins(&mut acc, &lines, &body[k0..=k], &lines[last], &lines[next], blank, wrapped)
                || blank && (last + 1..next).filter(|j| kind[*j] == LineKind::Blank).count() > 1
            {
                break;
            }
            if line_kind == LineKind::Chrome {
                line_kind = LineKind::Text;
            }
            acc.push(lines[next].view());
            k += 1;
        }
        let last = body[k];
        let block_continues =
            body.get(k + 1).is_some_and(|&next| !(last + 1..next).any(|j| kind[j] == LineKind::Blank));
        let mut p = para(input, &mut lines, &body[k0..=k], blocks, first_in_block, block_continues);
        p.kind = match line_kind {
            LineKind::Md(l) => ParaKind::MdHeading(l),
            LineKind::TableRow => ParaKind::TableRow,
            LineKind::TableDelim => ParaKind::TableDelim,
            LineKind::Bullet => ParaKind::Bullet,
            _ => ParaKind::Text,
        };
        if !p.text().is_empty() {
            out.body.push(p);
        }
        last_line = Some(last);
        k += 1;
    }
    // Every ideograph is three bytes from E3 to E9 lead bytes; close enough for a ratio.
    out.english = counts.letters > counts.cjk * 4;
    out
}

/// The paragraph of the lines `group`: a line's own normalisation when
/// it is alone, the lines' joined when they join as they are, else the
/// lines normalised again as one text.
fn para(
    input: &str,
    lines: &mut [Line],
    group: &[usize],
    block: usize,
    first_in_block: bool,
    block_continues: bool,
) -> Para {
    let indented = group.first().is_some_and(|&i| lines[i].indented);
    let para = |norm| Para { norm, kind: ParaKind::Text, block, first_in_block, block_continues, indented };
    if let [one] = group {
        if let Some(norm) = lines[*one].norm.take() {
            return para(norm);
        }
    }
    let parts: Option<Vec<(Range<usize>, &Normalized)>> =
        group.iter().map(|&i| lines[i].norm.as_ref().map(|n| (lines[i].content.clone(), n))).collect();
    if let Some(norm) = parts.and_then(|parts| join(input, &parts)) {
        return para(norm);
    }
    let ranges: Vec<Range<usize>> = group.iter().map(|&i| lines[i].content.clone()).collect();
    para(normalize(input, &ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_page_chrome_is_left_out() {
        let input = "2020年工作总结\n\n申明敬告: 本站不保证该用户上传的文档完整性,不预览。\n\n文档介绍\n\n2020年工作总结\n\n2020 年工作总结 今年以来,在 X 的领导下,扎实有序推进各项工作,现将工作总结如下:(一)强化责任担当。\n查看更多\n\n相关文章\n";
        let l = layout(input);
        assert_eq!(l.title.as_ref().map(Para::text), Some("2020年工作总结"));
        assert_eq!(l.body.len(), 1, "{:?}", l.body.iter().map(Para::text).collect::<Vec<_>>());
        assert!(l.body[0].text().starts_with("2020年工作总结今年以来，在X的领导下"));
    }

    proptest::proptest! {
        /// The counts read on bytes are the counts of the characters.
        #[test]
        fn stats_count_characters(parts in proptest::collection::vec(
            proptest::sample::select(&["“", "”", "《", "》", "（", "）", "，", "；", "。", "、", "年", "a", "é", "😀", "\n", " ", "·"][..]),
            0..64,
        )) {
            let input = parts.concat();
            let lines: Vec<Line> = split_lines(&input, 0).into_iter().map(|r| classify(&input, r)).collect();
            let group: Vec<usize> = (0..lines.len()).collect();
            let mut acc = Acc::default();
            let got = acc.stats(&lines, &group).clone();
            let mut want = Acc::default();
            for c in lines.iter().flat_map(|l| l.view().chars()) {
                want.chars += 1;
                match c {
                    '“' => want.quotes += 1,
                    '”' => want.quotes -= 1,
                    '《' => want.books += 1,
                    '》' => want.books -= 1,
                    '（' => want.parens += 1,
                    '）' => want.parens -= 1,
                    '，' | '；' => want.clause_punct = true,
                    '。' => {
                        want.clause_punct = true;
                        want.period = true;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(
                (got.chars, got.quotes, got.books, got.parens, got.clause_punct, got.period),
                (want.chars, want.quotes, want.books, want.parens, want.clause_punct, want.period)
            );
        }
    }

    /// The byte counts written as comparisons count what they say.
    #[test]
    fn byte_counts() {
        for b in 0..=255u8 {
            let c = Counts::of(&[b]);
            assert_eq!(c.letters == 1, b.is_ascii_alphabetic(), "{b:#x}");
            assert_eq!(c.cjk == 1, (0xE3..=0xE9).contains(&b), "{b:#x}");
            assert_eq!(c.newlines == 1, b == b'\n', "{b:#x}");
        }
        let s = "a，b\u{7F}é😀\n年 ";
        assert_eq!(width(s), s.chars().map(|c| if c.len_utf8() >= 3 { 2 } else { 1 }).sum::<usize>());
        assert_eq!(Counts::of("年\n".repeat(300).as_bytes()).newlines, 300);
        let long: Vec<u8> = (0..10_000u32).map(|i| (i.wrapping_mul(37) ^ (i >> 5)) as u8).collect();
        for end in [0, 15, 16, 17, 4079, 4080, 4081, 10_000] {
            let bytes = &long[..end];
            let c = Counts::of(bytes);
            assert_eq!(c.newlines, bytes.iter().filter(|&&b| b == b'\n').count());
            assert_eq!(c.letters, bytes.iter().filter(|b| b.is_ascii_alphabetic()).count());
            assert_eq!(c.cjk, bytes.iter().filter(|b| (0xE3..=0xE9).contains(*b)).count());
        }
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let input = "一、工作回顾\n\n经济运行保持在合理区间，细颗粒物（PM\n2.5\n）浓度下降，让政务信息“看\n\n得懂、用得上”。\n\n二、工作安排\n";
        let l = layout(input);
        let texts: Vec<&str> = l.body.iter().map(Para::text).collect();
        assert_eq!(
            texts,
            [
                "一、工作回顾",
                "经济运行保持在合理区间，细颗粒物（PM2.5）浓度下降，让政务信息“看得懂、用得上”。",
                "二、工作安排"
            ]
        );
    }
}
