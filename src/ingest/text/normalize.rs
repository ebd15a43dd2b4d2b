//! Normalisation that keeps every byte of the result mapped to the input.
//!
//! A paragraph is one or more input lines. Its normalised text has:
//!
//! - full-width digits, letters and ASCII marks as ASCII (`１９９６` → `1996`,
//!   `％` → `%`); Chinese punctuation stays full-width, and ASCII `,;:!?()`
//!   in Chinese context become full-width (`党委(党组)` → `党委（党组）`), as
//!   does a `>` that closes an open `《`;
//! - no zero-width or control characters;
//! - no whitespace next to Chinese text (`相 关部门` → `相关部门`,
//!   `2020 年` → `2020年`), including the line breaks of hard-wrapped
//!   text, and no whitespace at all in a letter-spaced line
//!   (`政 府 工 作 报 告`); a wide gap between two Chinese words (two spaces
//!   or an ideographic space) is kept as one space;
//! - elsewhere (English), runs of whitespace and line breaks as one space.
//!
//! [`OffsetMap`] maps any char boundary of the result back to the input.

use std::ops::Range;

use crate::model::Span;

/// A piece of the normalised text and where it came from.
#[derive(Clone, Copy, Debug)]
struct Seg {
    /// Start in the normalised text.
    norm: usize,
    /// Length in the normalised text.
    len: usize,
    /// Start in the input.
    orig: usize,
    /// Length in the input.
    orig_len: usize,
    /// Whether the bytes were copied unchanged (so offsets map one to one).
    copy: bool,
}

/// Maps byte offsets of a normalised text back to the input.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    segs: Vec<Seg>,
    /// The input offset of the end of the text.
    end: usize,
}

impl OffsetMap {
    fn push(&mut self, norm: usize, len: usize, orig: usize, orig_len: usize, copy: bool) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if copy && last.copy && last.norm + last.len == norm && last.orig + last.orig_len == orig {
                last.len += len;
                last.orig_len += orig_len;
                self.end = orig + orig_len;
                return;
            }
        }
        self.segs.push(Seg { norm, len, orig, orig_len, copy });
        self.end = orig + orig_len;
    }

    /// The input offset where the character at normalised offset `at` starts.
    pub(crate) fn start(&self, at: usize) -> usize {
        let i = self.segs.partition_point(|s| s.norm <= at);
        let Some(seg) = i.checked_sub(1).and_then(|i| self.segs.get(i)) else {
            return self.segs.first().map_or(self.end, |s| s.orig);
        };
        if at >= seg.norm + seg.len {
            return self.end;
        }
        if seg.copy { seg.orig + (at - seg.norm) } else { seg.orig }
    }

    /// The input offset where a range ending at normalised offset `at` ends.
    pub(crate) fn end(&self, at: usize) -> usize {
        let i = self.segs.partition_point(|s| s.norm < at);
        let Some(seg) = i.checked_sub(1).and_then(|i| self.segs.get(i)) else {
            return self.segs.first().map_or(self.end, |s| s.orig);
        };
        let at = at.min(seg.norm + seg.len);
        if seg.copy { seg.orig + (at - seg.norm) } else { seg.orig + seg.orig_len }
    }

    /// The input span of a normalised range.
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        let start = self.start(range.start);
        if range.end <= range.start {
            return Span { start, end: start };
        }
        let end = self.end(range.end).max(start);
        Span { start, end }
    }
}

/// A normalised text and its map back to the input.
#[derive(Clone, Debug, Default)]
pub(crate) struct Normalized {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
}

impl Normalized {
    /// The input span of a range of [`Normalized::text`].
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        self.map.span(range)
    }
}

/// Whether `c` is a CJK ideograph.
pub(crate) fn is_ideograph(c: char) -> bool {
    crate::quantity::text::is_cjk(c)
}

/// Whether `c` is Chinese text or Chinese punctuation: next to it,
/// whitespace is a line-wrap or layout artefact.
pub(crate) fn is_cjkish(c: char) -> bool {
    is_ideograph(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation: 、。〈〉《》「」
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
            | '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '●' | '■' | '□' | '△' | '○'
            | '\u{2460}'..='\u{24FF}' // ① ⑴ ⒈
            | '\u{3200}'..='\u{33FF}'
            | '\u{FE30}'..='\u{FE4F}')
}

/// Characters dropped outright: zero-width and control characters.
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{202A}'..='\u{202E}')
        || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Whitespace, of any width.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Full-width forms that stay full-width: Chinese punctuation.
fn keeps_full_width(c: char) -> bool {
    matches!(c, '！' | '＂' | '＇' | '（' | '）' | '，' | '：' | '；' | '？' | '［' | '］' | '｛' | '｝' | '～')
}

/// The character after full-width folding.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' if !keeps_full_width(c) => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// One character of the input, folded, or a break between two lines.
#[derive(Clone, Copy, Debug)]
struct Tok {
    c: char,
    /// The character as written in the input (`' '` for a line break).
    raw: char,
    /// Where it came from in the input.
    orig: usize,
    orig_len: usize,
    /// Whitespace (including line breaks).
    space: bool,
    /// A line break between two lines of the paragraph.
    brk: bool,
    /// An ideographic space, which counts as a wide gap.
    wide: bool,
    /// The line is letter-spaced: every gap is dropped.
    spaced_line: bool,
}

/// Whether a line (already trimmed) is letter-spaced: three or more
/// single Chinese characters separated by whitespace.
pub(crate) fn is_letter_spaced(line: &str) -> bool {
    let mut words = 0;
    let mut singles = 0;
    for w in line.split(is_space).filter(|w| !w.is_empty()) {
        words += 1;
        let mut chars = w.chars().filter(|c| !is_dropped(*c));
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if is_ideograph(fold(c)) {
                singles += 1;
            }
        }
    }
    words >= 3 && singles * 4 >= words * 3
}

/// Normalises the lines `lines` (byte ranges of `input`, in order, each
/// without its line break) as one paragraph.
/// Whether normalisation leaves `c` as it is wherever it stands.
fn plain(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric()
            || matches!(
                c,
                '.' | '%'
                    | '-'
                    | '+'
                    | '/'
                    | '"'
                    | '\''
                    | '*'
                    | '#'
                    | '|'
                    | '&'
                    | '='
                    | '_'
                    | '['
                    | ']'
                    | '<'
                    | '@'
                    | '~'
                    | '$'
                    | '^'
                    | '`'
                    | '{'
                    | '}'
                    | '\\'
            );
    }
    !(is_space(c) || is_dropped(c) || ('\u{FF01}'..='\u{FF5E}').contains(&c) && !keeps_full_width(c))
}

pub(crate) fn normalize(input: &str, lines: &[Range<usize>]) -> Normalized {
    // A single line that needs no change is copied whole.
    if let [line] = lines {
        if let Some(text) = input.get(line.clone()) {
            if text.chars().all(plain) {
                let mut out = Normalized { text: text.to_owned(), map: OffsetMap::default() };
                out.map.push(0, text.len(), line.start, text.len(), true);
                out.map.end = line.end;
                return out;
            }
        }
    }
    let mut toks: Vec<Tok> = Vec::with_capacity(lines.iter().map(|l| l.len()).sum::<usize>() / 2 + 1);
    let mut prev_end: Option<usize> = None;
    for line in lines {
        let Some(text) = input.get(line.clone()) else { continue };
        let spaced = is_letter_spaced(text);
        if let Some(end) = prev_end {
            let start = end.min(line.start);
            toks.push(Tok {
                c: ' ',
                raw: '\n',
                orig: start,
                orig_len: line.start - start,
                space: true,
                brk: true,
                wide: false,
                spaced_line: false,
            });
        }
        for (i, c) in text.char_indices() {
            if is_dropped(c) {
                continue;
            }
            let space = is_space(c);
            toks.push(Tok {
                c: if space { ' ' } else { fold(c) },
                raw: c,
                orig: line.start + i,
                orig_len: c.len_utf8(),
                space,
                brk: false,
                wide: c == '\u{3000}',
                spaced_line: spaced,
            });
        }
        prev_end = Some(line.end);
    }
    build(&toks, input)
}

/// What to write for one run of whitespace between two visible characters.
fn gap(before: Option<char>, after: Option<char>, run: &[Tok]) -> Option<char> {
    let (Some(a), Some(b)) = (before, after) else { return None };
    if run.iter().all(|t| t.brk || t.spaced_line) && run.iter().any(|t| t.spaced_line) {
        return None;
    }
    let only_breaks = run.iter().all(|t| t.brk);
    if is_cjkish(a) || is_cjkish(b) {
        let wide = run.iter().any(|t| t.wide) || run.iter().filter(|t| !t.brk).count() >= 2;
        let gap_kept = wide && !only_breaks && is_ideograph(a) && is_ideograph(b) && !run.iter().any(|t| t.spaced_line);
        return gap_kept.then_some(' ');
    }
    // A line break between a letter and a digit: `PM` / `2.5`, `M` / `2`.
    if only_breaks && a.is_ascii_alphabetic() && b.is_ascii_digit() {
        return None;
    }
    Some(' ')
}

fn build(toks: &[Tok], input: &str) -> Normalized {
    // The visible characters, for context: index of the previous and next
    // visible token of every token.
    let n = toks.len();
    let mut prev_vis = vec![usize::MAX; n];
    let mut last = usize::MAX;
    for (i, t) in toks.iter().enumerate() {
        prev_vis[i] = last;
        if !t.space {
            last = i;
        }
    }
    let mut next_vis = vec![usize::MAX; n];
    let mut next = usize::MAX;
    for i in (0..n).rev() {
        next_vis[i] = next;
        if !toks[i].space {
            next = i;
        }
    }
    let vis = |i: usize| (i != usize::MAX).then(|| toks[i].c);

    // Brackets: a pair of ASCII parentheses becomes full-width when it
    // holds Chinese text or sits next to it.
    let has_parens = toks.iter().any(|t| t.c == '(' || t.c == ')');
    let mut cjk_prefix = Vec::with_capacity(if has_parens { n + 1 } else { 0 });
    cjk_prefix.push(0usize);
    for t in toks.iter().filter(|_| has_parens) {
        let last = cjk_prefix.last().copied().unwrap_or(0);
        cjk_prefix.push(last + usize::from(is_cjkish(t.c)));
    }
    let mut paren_full = vec![None::<bool>; if has_parens { n } else { 0 }];
    let mut open: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate().filter(|_| has_parens) {
        match t.c {
            '(' => open.push(i),
            ')' => {
                if let Some(o) = open.pop() {
                    let inside = cjk_prefix[i] - cjk_prefix[o + 1] > 0;
                    let outside = vis(prev_vis[o]).is_some_and(is_cjkish) || vis(next_vis[i]).is_some_and(is_cjkish);
                    paren_full[o] = Some(inside || outside);
                    paren_full[i] = Some(inside || outside);
                }
            }
            _ => {}
        }
    }

    // What each visible token becomes, decided on its raw neighbours.
    let mut chars: Vec<char> = toks.iter().map(|t| t.c).collect();
    let mut book_depth = 0usize;
    for i in 0..n {
        let t = toks[i];
        if t.space {
            continue;
        }
        if !matches!(t.c, '《' | '》' | '>' | ',' | ';' | ':' | '!' | '?' | '(' | ')') {
            continue;
        }
        let before = vis(prev_vis[i]);
        let after = vis(next_vis[i]);
        let chinese = before.is_some_and(is_cjkish) || after.is_some_and(is_cjkish);
        let digits = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
        chars[i] = match t.c {
            '《' => {
                book_depth += 1;
                '《'
            }
            '》' => {
                book_depth = book_depth.saturating_sub(1);
                '》'
            }
            '>' if book_depth > 0 => {
                book_depth -= 1;
                '》'
            }
            ',' if chinese && !digits => '，',
            ';' if chinese => '；',
            ':' if chinese && !digits => '：',
            '!' if chinese => '！',
            '?' if chinese => '？',
            '(' | ')' => match paren_full.get(i).copied().flatten() {
                Some(true) => full_paren(t.c),
                Some(false) => t.c,
                None if chinese => full_paren(t.c),
                None => t.c,
            },
            c => c,
        };
    }
    let shown = |i: usize| (i != usize::MAX).then(|| chars[i]);

    let mut out =
        Normalized { text: String::with_capacity(input.len().min(toks.len() * 3)), map: OffsetMap::default() };
    let mut i = 0;
    while i < n {
        let t = toks[i];
        if t.space {
            let start = i;
            while i < n && toks[i].space {
                i += 1;
            }
            let before = shown(prev_vis[start]);
            let after = (i < n).then(|| chars[i]);
            if let Some(c) = gap(before, after, &toks[start..i]) {
                let orig = toks[start].orig;
                let orig_end = toks[i - 1].orig + toks[i - 1].orig_len;
                let at = out.text.len();
                out.text.push(c);
                out.map.push(at, 1, orig, orig_end.saturating_sub(orig), false);
            }
            continue;
        }
        let c = chars[i];
        let at = out.text.len();
        out.text.push(c);
        let copied = c == t.raw;
        out.map.push(at, c.len_utf8(), t.orig, t.orig_len, copied);
        i += 1;
    }
    if let Some(last) = toks.last() {
        out.map.end = out.map.end.max(last.orig + last.orig_len);
    }
    out
}

fn full_paren(c: char) -> char {
    if c == '(' { '（' } else { '）' }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, std::slice::from_ref(&(0..s.len()))).text
    }

    #[test]
    fn chinese_spaces_and_punctuation() {
        assert_eq!(norm("在相 关部门的支持下,X 坚持"), "在相关部门的支持下，X坚持");
        assert_eq!(norm("2020 年 X 理论学习"), "2020年X理论学习");
        assert_eq!(norm("党委(党组)意识形态"), "党委（党组）意识形态");
        assert_eq!(norm("(2026年1月23日)"), "（2026年1月23日）");
        assert_eq!(
            norm("《关于转发《关于规范党员干部网络行为的意见>的通知》"),
            "《关于转发《关于规范党员干部网络行为的意见》的通知》"
        );
        assert_eq!(norm("１４．８％降到１０％"), "14.8%降到10%");
        assert_eq!(norm("1,361 万人"), "1,361万人");
        assert_eq!(norm("政 府 工 作 报 告"), "政府工作报告");
        assert_eq!(norm("代区长  萨国文"), "代区长 萨国文");
        assert_eq!(norm("a\u{200B}b\u{FEFF}"), "ab");
        assert_eq!(norm("over 10 PRs (merged),  really"), "over 10 PRs (merged), really");
        assert_eq!(norm("　　各位代表："), "各位代表：");
    }

    #[test]
    fn joins_lines() {
        let s = "细颗粒物（PM\n2.5\n）浓度\nnext";
        let lines = [0..17, 18..21, 22..31, 32..36];
        assert_eq!(&s[lines[0].clone()], "细颗粒物（PM");
        assert_eq!(normalize(s, &lines).text, "细颗粒物（PM2.5）浓度next");
        let en = "one line\nand another";
        assert_eq!(normalize(en, &[0..8, 9..20]).text, "one line and another");
    }

    #[test]
    fn maps_back() {
        let s = "在 X 的领导下，５次";
        let n = normalize(s, std::slice::from_ref(&(0..s.len())));
        assert_eq!(n.text, "在X的领导下，5次");
        let x = n.text.find('X').unwrap();
        assert_eq!(n.span(x..x + 1), Span { start: 4, end: 5 });
        let five = n.text.find('5').unwrap();
        let span = n.span(five..n.text.len());
        assert_eq!(&s[span.start..span.end], "５次");
        assert_eq!(n.span(0..n.text.len()), Span { start: 0, end: s.len() });
    }
}
