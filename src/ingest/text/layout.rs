//! Lines to paragraphs: web-page chrome, the title and front matter, and
//! the joining of hard-wrapped lines.
//!
//! Every decision is made on one line and its neighbours, so the pass is
//! linear. A paragraph keeps the input ranges of its lines and is
//! normalised as one text with a map back to the input.

use std::ops::Range;

use crate::model::Span;

use super::lexicon;
use super::normalize::{Normalized, is_ideograph, normalize};
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
    /// The line normalised on its own.
    view: String,
    /// The same with its map, reused when the line is a paragraph alone.
    norm: Option<Normalized>,
    /// Whether the line has a Chinese character.
    chinese: bool,
    indented: bool,
}

fn split_lines(input: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && input.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
            out.push(start..end);
            start = i + 1;
        }
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
    let has_time = view.contains('时') && view.contains('分') || view.matches(':').count() >= 1 && view.contains('-');
    let digits = view.chars().filter(char::is_ascii_digit).count();
    has_time
        && digits >= 8
        && view.chars().count() <= 24
        && view.chars().all(|c| c.is_ascii_digit() || "年月日时分秒:- ".contains(c))
}

fn is_chrome(view: &str) -> bool {
    let v = view.trim();
    // Every chrome word starts with one of these; most lines are ruled out here.
    const FIRST: &str = "申声免本【字来发浏阅点分责编扫相打上下返您你查猜热文大中小】关收全首展0123456789abcdef";
    if !v.starts_with(|c: char| FIRST.contains(c)) {
        return false;
    }
    lexicon::CHROME_LINES.contains(&v)
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
    let trimmed_start = raw.len() - raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}').len();
    let indented = trimmed_start > 0;
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
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
    let view = norm.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    let kind = if kind == LineKind::Blank || view.is_empty() {
        LineKind::Blank
    } else if kind == LineKind::Text && is_chrome(&view) {
        LineKind::Chrome
    } else {
        kind
    };
    let chinese = !view.is_ascii() && view.chars().any(is_ideograph);
    Line { range, content, kind, view, norm, chinese, indented }
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
    s.bytes()
        .map(|b| match b {
            0x00..=0x7F | 0xC0..=0xDF => 1,
            0xE0..=0xFF => 2,
            _ => 0,
        })
        .sum()
}

/// The width text is hard-wrapped at, when it is: most lines that go on
/// within a block end within a few columns of the same width.
fn wrap_width(lines: &[Line], kind: &[LineKind], input: &str) -> Option<usize> {
    let mut widths = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        if kind[i] == LineKind::Text && kind[i + 1] == LineKind::Text {
            widths.push(width(&input[lines[i].range.clone()]));
        }
    }
    let max = *widths.iter().max()?;
    let full = widths.iter().filter(|w| **w + WRAP_SLACK >= max).count();
    (max >= 16 && full >= 3 && full * 10 >= widths.len() * 7).then_some(max)
}

/// How far short of the wrap width a full line may end: a number kept
/// with its unit, or punctuation kept off the next line.
const WRAP_SLACK: usize = 10;

/// What the joining rules need to know of a paragraph so far. The counts
/// are taken only when a rule needs them, and each line is counted once,
/// so joining stays linear and cheap.
#[derive(Clone, Debug, Default)]
struct Acc<'l> {
    lines: Vec<&'l str>,
    counted: usize,
    first_line: &'l str,
    last: Option<char>,
    chars: usize,
    clause_punct: bool,
    period: bool,
    quotes: isize,
    books: isize,
    parens: isize,
}

impl<'l> Acc<'l> {
    fn new(view: &'l str) -> Acc<'l> {
        Acc { lines: vec![view], first_line: view, last: view.chars().next_back(), ..Acc::default() }
    }

    fn push(&mut self, view: &'l str) {
        self.lines.push(view);
        if let Some(c) = view.chars().next_back() {
            self.last = Some(c);
        }
    }

    /// The counts, brought up to date.
    fn stats(&mut self) -> &Acc<'l> {
        while let Some(view) = self.lines.get(self.counted) {
            for c in view.chars() {
                self.chars += 1;
                match c {
                    '“' => self.quotes += 1,
                    '”' => self.quotes -= 1,
                    '《' => self.books += 1,
                    '》' => self.books -= 1,
                    '（' => self.parens += 1,
                    '）' => self.parens -= 1,
                    '，' | '；' => self.clause_punct = true,
                    '。' => {
                        self.clause_punct = true;
                        self.period = true;
                    }
                    _ => {}
                }
            }
            self.counted += 1;
        }
        self
    }

    fn unbalanced(&mut self) -> bool {
        let s = self.stats();
        s.quotes > 0 || s.books > 0 || s.parens > 0
    }

    /// Whether a bracket or book title is open; cheap when the text has none.
    fn open_bracket(&mut self) -> bool {
        if !self.lines.iter().any(|l| l.contains('（') || l.contains('《')) {
            return false;
        }
        let s = self.stats();
        s.parens > 0 || s.books > 0
    }
}

/// Whether the paragraph `acc` so far, ending with line `a`, continues
/// on line `b` (with a blank line between when `blank`).
fn joins(acc: &mut Acc<'_>, joined: bool, a: &Line, b: &Line, blank: bool, wrapped: Option<(usize, &str)>) -> bool {
    if a.kind != LineKind::Text || b.kind != LineKind::Text {
        return false;
    }
    // Hard-wrapped text: a full line goes on in the next.
    if let Some((w, input)) = wrapped {
        if !blank && width(&input[a.range.clone()]) + WRAP_SLACK >= w {
            return true;
        }
    }
    let bv = b.view.as_str();
    let av = acc.first_line;
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
    if starts_with_marker(bv) || is_chrome(bv) {
        return false;
    }
    if !blank && !joined && is_marker_only(av) {
        return true;
    }
    if !blank && !ends_clause(last) && acc.unbalanced() {
        return true;
    }
    // An open bracket or book title goes on whatever ends the line.
    if !blank && acc.open_bracket() {
        return true;
    }
    if ends_clause(last) || starts_with_marker(av) && !acc.stats().period && !acc.unbalanced() {
        return false;
    }
    // A paragraph already joined mid-sentence goes on until a clause ends.
    if joined && !blank {
        return true;
    }
    if CUT_ENDINGS.contains(last) || matches!(last, '，' | '、') {
        return true;
    }
    let stats = acc.stats();
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
            let v = &line.view;
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
    let lines: Vec<Line> = split_lines(input).into_iter().map(|r| classify(input, r)).collect();
    let n = lines.len();
    let mut kind: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();

    // Chrome: the header before the first long line of text, and everything
    // from the first footer line on.
    let first_long = lines
        .iter()
        .position(|l| {
            matches!(l.kind, LineKind::Text | LineKind::Md(_)) && l.view.len() >= 40 && l.view.chars().nth(39).is_some()
        })
        .unwrap_or(n);
    let mut seen_text = false;
    for i in 0..n {
        if lines[i].kind == LineKind::Chrome && i > first_long && !is_footer_start(&lines[i].view) {
            kind[i] = LineKind::Text;
        }
        if seen_text && i > first_long && (is_footer_start(&lines[i].view) && lines[i].kind == LineKind::Chrome) {
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
        if kind[i] == LineKind::Chrome && lines[i].view.trim_end_matches([':', '：']).ends_with("来源") {
            if let Some(j) = (i + 1..n).find(|&j| kind[j] != LineKind::Blank) {
                if kind[j] == LineKind::Text && lines[j].view.chars().count() <= 12 && j < first_long {
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
            out.title = Some(para(input, &lines, &[first], 0, true, false));
            cursor = 1;
        }
    }
    let title_view = out.title.as_ref().map(|t| t.text().to_owned());
    // Front matter: repeated titles, subtitle, byline, date.
    while let Some(&i) = visible.get(cursor) {
        let v = &lines[i].view;
        let front = kind[i] == LineKind::Text
            && (title_view.as_deref() == Some(v.as_str()) || is_subtitle(v) || is_date_line(v) || is_org_line(v));
        if !front {
            break;
        }
        let mut group = vec![i];
        // A subtitle wrapped over two lines.
        if is_subtitle(v) && !v.ends_with('上') && !v.ends_with("讲话") {
            if let Some(&j) = visible.get(cursor + 1) {
                if lines[j].view.ends_with('上') && lines[j].view.chars().count() <= 30 {
                    group.push(j);
                    cursor += 1;
                }
            }
        }
        if title_view.as_deref() != Some(v.as_str()) {
            out.front.push(para(input, &lines, &group, 0, true, false));
        }
        cursor += 1;
    }
    // Back matter: a signature of organisation and date lines at the end.
    let mut end = visible.len();
    while end > cursor + 1 {
        let i = visible[end - 1];
        let v = &lines[i].view;
        if kind[i] == LineKind::Text && (is_date_line(v) || is_org_line(v) && v.chars().count() <= 30) {
            end -= 1;
        } else {
            break;
        }
    }
    for &i in &visible[end..] {
        out.back.push(para(input, &lines, &[i], 0, true, false));
    }

    // The body: paragraphs of joined lines, in blocks.
    let body: Vec<usize> = visible[cursor..end].to_vec();
    let mut blocks = 0usize;
    let mut k = 0;
    let mut last_line: Option<usize> = None;
    while k < body.len() {
        let first = body[k];
        let blank_before = last_line.is_some_and(|l| (l + 1..first).any(|j| kind[j] == LineKind::Blank));
        if blank_before {
            blocks += 1;
            out.blank_lines = true;
        }
        let first_in_block = blank_before || last_line.is_none();
        let mut group = vec![first];
        let mut acc = Acc::new(lines[first].view.as_str());
        let mut line_kind = kind[first];
        while let Some(&next) = body.get(k + 1) {
            let last = group[group.len() - 1];
            let blank = (last + 1..next).any(|j| kind[j] == LineKind::Blank);
            let chrome_between = (last + 1..next).any(|j| kind[j] == LineKind::Chrome);
            if chrome_between
                || !joins(&mut acc, group.len() > 1, &lines[last], &lines[next], blank, wrapped.map(|w| (w, input)))
                || blank && (last + 1..next).filter(|j| kind[*j] == LineKind::Blank).count() > 1
            {
                break;
            }
            if line_kind == LineKind::Chrome {
                line_kind = LineKind::Text;
            }
            group.push(next);
            acc.push(lines[next].view.as_str());
            k += 1;
        }
        let last = group[group.len() - 1];
        let block_continues =
            body.get(k + 1).is_some_and(|&next| !(last + 1..next).any(|j| kind[j] == LineKind::Blank));
        let mut p = para(input, &lines, &group, blocks, first_in_block, block_continues);
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
    let ascii = input.bytes().filter(u8::is_ascii_alphabetic).count();
    // Every ideograph is three bytes from E3 to E9 lead bytes; close enough for a ratio.
    let cjk = input.bytes().filter(|b| (0xE3..=0xE9).contains(b)).count();
    out.english = ascii > cjk * 4;
    out
}

fn para(
    input: &str,
    lines: &[Line],
    group: &[usize],
    block: usize,
    first_in_block: bool,
    block_continues: bool,
) -> Para {
    let indented = group.first().is_some_and(|&i| lines[i].indented);
    if let [one] = group {
        if let Some(norm) = &lines[*one].norm {
            return Para { norm: norm.clone(), kind: ParaKind::Text, block, first_in_block, block_continues, indented };
        }
    }
    let ranges: Vec<Range<usize>> = group.iter().map(|&i| lines[i].content.clone()).collect();
    let _ = lines.first().map(|l| &l.range);
    Para { norm: normalize(input, &ranges), kind: ParaKind::Text, block, first_in_block, block_continues, indented }
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
