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
#[derive(Clone, Copy, Debug, Default)]
struct Seg {
    /// Start in the normalised text.
    norm: usize,
    /// Length in the normalised text.
    len: usize,
    /// Start in the input.
    orig: usize,
    /// Length in the input.
    orig_len: usize,
    /// How many input bytes each byte of the piece stands for: 1 for bytes
    /// copied unchanged, the input length of each character for a run of
    /// one-byte characters (3 for full-width forms folded to ASCII, `１９` →
    /// `19`), and 0 when the piece maps as a whole (its offsets inside map
    /// to its start).
    step: usize,
}

/// Maps byte offsets of a normalised text back to the input.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    /// The first piece, of length 0 when there is none: kept out of `rest`,
    /// so a text of one piece (most lines) needs no allocation for its map.
    first: Seg,
    /// The pieces after the first, in order.
    rest: Vec<Seg>,
    /// The input offset of the end of the text.
    end: usize,
}

impl OffsetMap {
    fn push(&mut self, norm: usize, len: usize, orig: usize, orig_len: usize, copy: bool) {
        // A piece of one byte maps the same as a whole or byte by byte: by
        // steps of its input length, so runs of them (spaces between words,
        // full-width digits) make one piece.
        let step = if copy {
            1
        } else if len == 1 {
            orig_len
        } else {
            0
        };
        self.push_seg(Seg { norm, len, orig, orig_len, step });
    }

    /// Appends a piece, joined to the last when they run on at the same step.
    fn push_seg(&mut self, seg: Seg) {
        if seg.len == 0 {
            return;
        }
        self.end = seg.orig + seg.orig_len;
        if self.first.len == 0 {
            self.first = seg;
            return;
        }
        let last = self.rest.last_mut().unwrap_or(&mut self.first);
        if seg.step > 0
            && last.step == seg.step
            && last.norm + last.len == seg.norm
            && last.orig + last.orig_len == seg.orig
        {
            last.len += seg.len;
            last.orig_len += seg.orig_len;
            return;
        }
        self.rest.push(seg);
    }

    /// The pieces, in order.
    fn segs(&self) -> impl Iterator<Item = &Seg> {
        std::iter::once(&self.first).filter(|s| s.len > 0).chain(&self.rest)
    }

    /// The last piece `before` holds for, when it holds for the pieces up
    /// to some point and for none after.
    fn last_where(&self, before: impl Fn(&Seg) -> bool) -> Option<&Seg> {
        if self.first.len == 0 || !before(&self.first) {
            return None;
        }
        let i = self.rest.partition_point(before);
        Some(i.checked_sub(1).map_or(&self.first, |i| &self.rest[i]))
    }

    /// Where the text starts in the input, for an offset before every piece.
    fn before_all(&self) -> usize {
        if self.first.len > 0 { self.first.orig } else { self.end }
    }

    /// The input offset where the character at normalised offset `at` starts.
    pub(crate) fn start(&self, at: usize) -> usize {
        let Some(seg) = self.last_where(|s| s.norm <= at) else {
            return self.before_all();
        };
        if at >= seg.norm + seg.len {
            return self.end;
        }
        seg.orig + (at - seg.norm) * seg.step
    }

    /// The input offset where a range ending at normalised offset `at` ends.
    pub(crate) fn end(&self, at: usize) -> usize {
        let Some(seg) = self.last_where(|s| s.norm < at) else {
            return self.before_all();
        };
        let at = at.min(seg.norm + seg.len);
        if seg.step > 0 { seg.orig + (at - seg.norm) * seg.step } else { seg.orig + seg.orig_len }
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
    // `·` (U+00B7) is the first of them: ASCII and Latin-1 letters are ruled out at once.
    if c < '·' {
        return false;
    }
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
    // No character above the ideographic space is whitespace: Chinese text
    // is answered without the Unicode table.
    match c {
        ' ' | '\t'..='\r' => true,
        '\0'..='\u{7F}' => false,
        '\u{3001}'.. => false,
        _ => c.is_whitespace() || c == '\u{3000}',
    }
}

/// Full-width forms that stay full-width: Chinese punctuation.
const fn keeps_full_width(c: char) -> bool {
    matches!(c, '！' | '＂' | '＇' | '（' | '）' | '，' | '：' | '；' | '？' | '［' | '］' | '｛' | '｝' | '～')
}

/// The character after full-width folding.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' if !keeps_full_width(c) => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether a line (already trimmed) is letter-spaced: three or more
/// single Chinese characters separated by whitespace.
///
/// Whether three or more words and at least three in four are a single
/// ideograph, read in one pass that decodes a word's characters only
/// until its second visible one: the rest of a longer word is stepped
/// over to the next whitespace, three bytes at a time through ideographs.
pub(crate) fn is_letter_spaced(line: &str) -> bool {
    // Without a non-ASCII character there is no single Chinese character.
    if line.is_ascii() {
        return false;
    }
    let (mut words, mut singles) = (0usize, 0usize);
    let mut i = 0;
    while let Some(c) = line.get(i..).and_then(|r| r.chars().next()) {
        if is_space(c) {
            i += c.len_utf8();
            continue;
        }
        // A word: its first visible character, and whether it has another.
        words += 1;
        let mut first = None;
        let mut more = false;
        while let Some(c) = line.get(i..).and_then(|r| r.chars().next()) {
            if is_space(c) {
                break;
            }
            i += c.len_utf8();
            if is_dropped(c) {
                continue;
            }
            if first.is_some() {
                more = true;
                i = word_end(line, i);
                break;
            }
            first = Some(c);
        }
        if !more && first.is_some_and(|c| is_ideograph(fold(c))) {
            singles += 1;
        }
    }
    words >= 3 && singles * 4 >= words * 3
}

/// The offset of the first whitespace of `line` from byte `i` (a character
/// boundary) on, or its length.
fn word_end(line: &str, mut i: usize) -> usize {
    let b = line.as_bytes();
    while let Some(&x) = b.get(i) {
        if (0xE4..=0xE9).contains(&x) {
            // An ideograph: three bytes, and no whitespace.
            i += 3;
        } else if x > b' ' && x < 0x80 {
            i += 1;
        } else {
            match line.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if !is_space(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i.min(line.len())
}

/// Whether three or more words of `line` and at least three in four are
/// a single ideograph: what [`is_letter_spaced`] answers, read word by word.
#[cfg(test)]
fn mostly_single_ideographs(line: &str) -> bool {
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

/// ASCII bytes that normalisation leaves as they are wherever they stand:
/// letters, digits and the marks that are never converted. Whitespace,
/// control characters and `,;:!?()>` are not.
const PLAIN_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'%' | b'-' | b'+' | b'/' | b'"' | b'\'' | b'*' | b'#');
        t[b] |= matches!(c, b'|' | b'&' | b'=' | b'_' | b'[' | b']' | b'<' | b'@' | b'~' | b'$' | b'^' | b'`');
        t[b] |= matches!(c, b'{' | b'}' | b'\\');
        b += 1;
    }
    t
};

/// Whether normalisation leaves `c` as it is wherever it stands.
fn plain(c: char) -> bool {
    if c.is_ascii() {
        return PLAIN_ASCII[c as usize];
    }
    !(is_space(c) || is_dropped(c) || ('\u{FF01}'..='\u{FF5E}').contains(&c) && !keeps_full_width(c))
}

/// What a lead byte tells of its character: the length of a character
/// that is [`plain`] whatever its other bytes, 0 for an ASCII character
/// that is not, [`CHECK`] when the other bytes decide.
const LEAD: [u8; 256] = {
    let mut t = [CHECK; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b {
            0x00..=0x7F => {
                if PLAIN_ASCII[b] {
                    1
                } else {
                    0
                }
            }
            // U+00C0..=U+07FF.
            0xC3..=0xDF => 2,
            // U+0800..=U+0FFF, U+4000..=U+9FFF, U+A000..=U+D7FF, U+E000..=U+EFFF.
            0xE0 | 0xE4..=0xEE => 3,
            0xF0..=0xF4 => 4,
            // U+0080..=U+00BF (controls, no-break space, soft hyphen), U+1680,
            // U+2000..=U+206F, U+3000..=U+3FFF (ideographic space, 《》),
            // U+FEFF and U+FF01..=U+FF5E; and bytes that cannot lead.
            _ => CHECK,
        };
        b += 1;
    }
    t
};

/// See [`LEAD`].
const CHECK: u8 = 0xFF;

/// The end of the run of [`plain`] characters of `s` from byte `i`.
///
/// Most characters are passed over on their lead byte ([`LEAD`]); the few
/// lead bytes whose characters differ are read with the bytes after them.
/// Book-title marks update `books` as they pass, as they would one by one.
fn plain_run(s: &str, mut i: usize, books: &mut usize) -> usize {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // Ideographs, CJK punctuation and ASCII first, on branches rather
        // than a table: the next offset is then known before the byte is,
        // and the loop runs ahead of its loads.
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            // Ideographs come in runs: three more lead bytes checked at once
            // (a lead byte from E4 to E9 is followed by two others).
            while let Some(w) = bytes.get(i..i + 9) {
                let lead = |b: u8| b.wrapping_sub(0xE4) < 6;
                if !(lead(w[0]) & lead(w[3]) & lead(w[6])) {
                    break;
                }
                i += 9;
            }
            continue;
        }
        if b < 0x80 {
            if !PLAIN_ASCII[usize::from(b)] {
                break;
            }
            i += 1;
            continue;
        }
        let b1 = bytes.get(i + 1).copied().unwrap_or(0);
        let b2 = bytes.get(i + 2).copied().unwrap_or(0);
        match b {
            // U+3000..=U+3FFF: the ideographic space is whitespace, 《 and 》 count.
            0xE3 => {
                if b1 == 0x80 {
                    match b2 {
                        0x80 => break,
                        0x8A => *books += 1,
                        0x8B => *books = books.saturating_sub(1),
                        _ => {}
                    }
                }
                i += 3;
            }
            // U+FEFF, and U+FF01..=U+FF5E but for the Chinese punctuation kept.
            0xEF => {
                if b1 == 0xBB && b2 == 0xBF {
                    break;
                }
                if b1 == 0xBC && b2 >= 0x81 || b1 == 0xBD && b2 <= 0x9E {
                    let offset = (u32::from(b1 & 0x01) << 6) + u32::from(b2 & 0x3F);
                    if KEPT_FULL_WIDTH >> offset & 1 == 0 {
                        break;
                    }
                }
                i += 3;
            }
            0x00..=0x7F => {
                if !PLAIN_ASCII[usize::from(b)] {
                    break;
                }
                i += 1;
            }
            // U+0080..=U+00A0 and U+00AD: controls, no-break space, soft hyphen.
            0xC2 => {
                if b1 <= 0xA0 || b1 == 0xAD {
                    break;
                }
                i += 2;
            }
            // U+2000..=U+200F, U+2028..=U+202F, U+205F..=U+2064: spaces and
            // invisible marks.
            0xE2 => {
                if b1 == 0x80 && (b2 <= 0x8F || (0xA8..=0xAF).contains(&b2))
                    || b1 == 0x81 && (0x9F..=0xA4).contains(&b2)
                {
                    break;
                }
                i += 3;
            }
            _ => {
                let len = LEAD[usize::from(b)];
                if len != CHECK {
                    i += usize::from(len);
                    continue;
                }
                match s.get(i..).and_then(|r| r.chars().next()) {
                    Some(c) if plain(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
    }
    i
}

/// The full-width forms [`keeps_full_width`] keeps, as bits by their
/// offset from U+FF00.
const KEPT_FULL_WIDTH: u128 = {
    let mut bits = 0u128;
    let mut k = 0;
    while k < 0x80 {
        if let Some(c) = char::from_u32(0xFF00 + k) {
            if keeps_full_width(c) {
                bits |= 1 << k;
            }
        }
        k += 1;
    }
    bits
};

/// A run of whitespace (and line breaks) between visible characters, as
/// far as the gap it leaves depends on it.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// Input offsets of its first and past its last whitespace.
    start: usize,
    end: usize,
    /// Whitespace characters that are not line breaks.
    spaces: usize,
    /// An ideographic space, which counts as a wide gap.
    wide: bool,
    /// Whitespace of a letter-spaced line.
    spaced: bool,
    /// Every piece is a line break or whitespace of a letter-spaced line.
    all_breaks_or_spaced: bool,
}

impl Run {
    /// What the run leaves between the visible characters `a` and `b`.
    fn gap(&self, a: char, b: char) -> bool {
        if self.all_breaks_or_spaced && self.spaced {
            return false;
        }
        let only_breaks = self.spaces == 0;
        if is_cjkish(a) || is_cjkish(b) {
            let wide = self.wide || self.spaces >= 2;
            return wide && !only_breaks && is_ideograph(a) && is_ideograph(b) && !self.spaced;
        }
        // A line break between a letter and a digit: `PM` / `2.5`, `M` / `2`.
        !(only_breaks && a.is_ascii_alphabetic() && b.is_ascii_digit())
    }
}

/// The ASCII parentheses of a paragraph: whether each, in order, becomes
/// full-width (`None` when unmatched: its neighbours decide).
///
/// A pair becomes full-width when it holds Chinese text or sits next to
/// it. Read from the first parenthesis, at byte `at` of line `first`
/// (after the visible character `prev`), to the character after the last.
fn paren_plan(input: &str, lines: &[Range<usize>], first: usize, at: usize, prev: Option<char>) -> Vec<Option<bool>> {
    let has = |l: &Range<usize>| {
        input.get(l.clone()).is_some_and(|t| {
            t.as_bytes().chunks(32).any(|block| block.iter().fold(false, |found, &b| found | matches!(b, b'(' | b')')))
        })
    };
    let last = lines.get(first + 1..).and_then(|rest| rest.iter().rposition(has)).map_or(first, |k| first + 1 + k);
    let text = |l: usize| input.get(lines[l].clone()).unwrap_or("");
    let mut prev_cjk = prev.is_some_and(is_cjkish);
    let mut plan = Vec::new();
    // (ordinal, Chinese characters seen, whether Chinese text precedes it)
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    let mut cjk = 0usize;
    // A closed pair waiting for the character after its `)`.
    let mut pending: Option<(usize, usize, bool)> = None;
    for l in first..lines.len() {
        let t = text(l);
        let bytes = t.as_bytes();
        let mut k = if l == first { at } else { 0 };
        while let Some(&b) = bytes.get(k) {
            let c = if b.is_ascii() {
                k += 1;
                // ASCII whitespace and control characters.
                if b <= b' ' || b == 0x7F {
                    continue;
                }
                char::from(b)
            } else {
                let Some(c) = t.get(k..).and_then(|r| r.chars().next()) else { break };
                k += c.len_utf8();
                if is_dropped(c) || is_space(c) {
                    continue;
                }
                fold(c)
            };
            let cjkish = is_cjkish(c);
            if let Some((o, i, full)) = pending.take() {
                let full = full || cjkish;
                plan[o] = Some(full);
                plan[i] = Some(full);
                if l > last {
                    return plan;
                }
            }
            match c {
                '(' => {
                    open.push((plan.len(), cjk, prev_cjk));
                    plan.push(None);
                }
                ')' => {
                    let i = plan.len();
                    plan.push(None);
                    if let Some((o, seen, before)) = open.pop() {
                        pending = Some((o, i, cjk > seen || before));
                    }
                }
                _ => {}
            }
            cjk += usize::from(cjkish);
            prev_cjk = cjkish;
        }
        if l >= last && pending.is_none() {
            return plan;
        }
    }
    if let Some((o, i, full)) = pending {
        plan[o] = Some(full);
        plan[i] = Some(full);
    }
    plan
}

/// The first visible character (folded) from byte `at` of line `l` on.
fn next_visible(input: &str, lines: &[Range<usize>], l: usize, at: usize) -> Option<char> {
    let mut from = at;
    for line in lines.get(l..).unwrap_or_default() {
        let t = input.get(line.clone()).unwrap_or("");
        if let Some(c) = t.get(from..).unwrap_or("").chars().find(|c| !is_dropped(*c) && !is_space(*c)) {
            return Some(fold(c));
        }
        from = 0;
    }
    None
}

/// One pass of normalisation: the output so far and the context the next
/// character is read in.
struct Writer {
    out: Normalized,
    /// The last visible character, folded (what conversions look at).
    prev: Option<char>,
    /// The last visible character as written out (what gaps look at).
    shown: Option<char>,
    /// Book titles open (`《`) that a `>` may close.
    books: usize,
    /// Whitespace waiting for the next visible character.
    run: Option<Run>,
    /// The input offset past the last character or line break read.
    read_end: Option<usize>,
}

impl Writer {
    fn space(&mut self, start: usize, end: usize, brk: bool, wide: bool, spaced: bool) {
        let spaces = usize::from(!brk);
        match &mut self.run {
            Some(run) => {
                run.end = end;
                run.spaces += spaces;
                run.wide |= wide;
                run.spaced |= spaced;
                run.all_breaks_or_spaced &= brk || spaced;
            }
            None => {
                self.run = Some(Run { start, end, spaces, wide, spaced, all_breaks_or_spaced: brk || spaced });
            }
        }
        self.read_end = Some(end);
    }

    /// Writes the gap before a visible character `next`, if any.
    fn flush(&mut self, next: char) {
        if let (Some(run), Some(before)) = (self.run.take(), self.shown) {
            if run.gap(before, next) {
                let at = self.out.text.len();
                self.out.text.push(' ');
                self.out.map.push(at, 1, run.start, run.end.saturating_sub(run.start), false);
            }
        }
    }

    /// Writes `input[start..end]`, visible characters that stay as they are.
    fn copy(&mut self, input: &str, start: usize, end: usize) {
        let Some(s) = input.get(start..end) else { return };
        let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else { return };
        self.flush(first);
        let at = self.out.text.len();
        self.out.text.push_str(s);
        self.out.map.push(at, s.len(), start, s.len(), true);
        self.prev = Some(last);
        self.shown = Some(last);
        self.read_end = Some(end);
    }

    /// Writes one visible character: `raw` at `orig` in the input, read as
    /// `folded`, written as `c`.
    fn char(&mut self, c: char, folded: char, raw: char, orig: usize) {
        self.flush(c);
        let at = self.out.text.len();
        self.out.text.push(c);
        self.out.map.push(at, c.len_utf8(), orig, raw.len_utf8(), c == raw);
        self.prev = Some(folded);
        self.shown = Some(c);
        self.read_end = Some(orig + raw.len_utf8());
    }
}

/// Normalises the lines `lines` (byte ranges of `input`, in order, each
/// without its line break) as one paragraph.
pub(crate) fn normalize(input: &str, lines: &[Range<usize>]) -> Normalized {
    let cap = lines.iter().map(|l| l.len() + 1).sum::<usize>();
    let mut w = Writer {
        out: Normalized { text: String::with_capacity(cap), map: OffsetMap::default() },
        prev: None,
        shown: None,
        books: 0,
        run: None,
        read_end: None,
    };
    // Made at the first parenthesis, which is then the first of the plan.
    let mut parens: Option<Vec<Option<bool>>> = None;
    let mut paren = 0usize;
    let mut prev_end: Option<usize> = None;
    for (l, line) in lines.iter().enumerate() {
        let Some(text) = input.get(line.clone()) else { continue };
        if let Some(end) = prev_end {
            let start = end.min(line.start);
            w.space(start, line.start, true, false, false);
        }
        prev_end = Some(line.end);
        let mut spaced: Option<bool> = None;
        let mut i = 0;
        while i < text.len() {
            let mut j = plain_run(text, i, &mut w.books);
            // A single space between ASCII characters that stay as they are
            // is written as it is, outside a letter-spaced line: the run
            // goes on over it (English words, numbers in a table row).
            let bytes = text.as_bytes();
            while j > i
                && bytes.get(j) == Some(&b' ')
                && bytes.get(j - 1).is_some_and(u8::is_ascii)
                && bytes.get(j + 1).is_some_and(|&b| b.is_ascii() && PLAIN_ASCII[usize::from(b)])
                && !*spaced.get_or_insert_with(|| is_letter_spaced(text))
            {
                j = plain_run(text, j + 1, &mut w.books);
            }
            if j > i {
                w.copy(input, line.start + i, line.start + j);
                i = j;
                continue;
            }
            let raw = match text.as_bytes().get(i) {
                Some(&b) if b.is_ascii() => char::from(b),
                _ => match text.get(i..).and_then(|r| r.chars().next()) {
                    Some(c) => c,
                    None => break,
                },
            };
            let orig = line.start + i;
            i += raw.len_utf8();
            if is_dropped(raw) {
                continue;
            }
            if is_space(raw) {
                let spaced = *spaced.get_or_insert_with(|| is_letter_spaced(text));
                w.space(orig, orig + raw.len_utf8(), false, raw == '\u{3000}', spaced);
                continue;
            }
            let c = fold(raw);
            let shown = match c {
                '《' => {
                    w.books += 1;
                    c
                }
                '》' => {
                    w.books = w.books.saturating_sub(1);
                    c
                }
                '>' if w.books > 0 => {
                    w.books -= 1;
                    '》'
                }
                ',' | ';' | ':' | '!' | '?' | '(' | ')' => {
                    let plan = if matches!(c, '(' | ')') {
                        let prev = w.prev;
                        let parens = parens.get_or_insert_with(|| paren_plan(input, lines, l, orig - line.start, prev));
                        paren += 1;
                        parens.get(paren - 1).copied().flatten()
                    } else {
                        None
                    };
                    let before = w.prev;
                    let before_cjk = before.is_some_and(is_cjkish);
                    // The next visible character, only when it decides.
                    let after = || next_visible(input, lines, l, i);
                    match (c, plan) {
                        (_, Some(full)) => paren_width(c, full),
                        ('(' | ')' | ';' | '!' | '?', None) => {
                            paren_width(c, before_cjk || after().is_some_and(is_cjkish))
                        }
                        _ => {
                            // `,` and `:` stay between two digits.
                            let after = after();
                            let chinese = before_cjk || after.is_some_and(is_cjkish);
                            let digits =
                                before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
                            if chinese && !digits { full_width(c) } else { c }
                        }
                    }
                }
                c => c,
            };
            w.char(shown, c, raw, orig);
        }
    }
    let mut out = w.out;
    match (lines, w.read_end) {
        // A single line with nothing to read ends where it ends.
        ([line], None) if input.get(line.clone()).is_some_and(str::is_empty) => out.map.end = line.end,
        (_, Some(end)) => out.map.end = out.map.end.max(end),
        _ => {}
    }
    out
}

/// Joins lines normalised one by one into the normalisation of the
/// paragraph they make, as [`normalize`] would give it, without reading
/// them again: `parts` are each line's input range and its normalisation.
///
/// Lines join as they are when nothing in one can change the other: the
/// line break between them is the only whitespace there (each line starts
/// and ends with a visible character), and neither end is a mark that
/// converts by its neighbours. `None` when a line breaks these rules or
/// holds a mark whose conversion depends on the whole paragraph (ASCII
/// brackets, `>`).
pub(crate) fn join(input: &str, parts: &[(Range<usize>, &Normalized)]) -> Option<Normalized> {
    let mut len = 0;
    let mut segs = 0;
    for (range, norm) in parts {
        let text = input.get(range.clone())?;
        let first = text.chars().next()?;
        let last = text.chars().next_back()?;
        if !settled_edge(first) || !settled_edge(last) || norm.text.is_empty() {
            return None;
        }
        // A block of bytes at a time, so the loop vectorises; `＞` as a
        // string, as its last byte is a common following byte of ideographs.
        let marks = |block: &[u8]| block.iter().fold(false, |found, &b| found | matches!(b, b'(' | b')' | b'>'));
        if text.as_bytes().chunks(32).any(marks) || text.contains("＞") {
            return None;
        }
        len += norm.text.len() + 1;
        segs += norm.map.rest.len() + 1;
    }
    let mut out = Normalized {
        text: String::with_capacity(len),
        map: OffsetMap { first: Seg::default(), rest: Vec::with_capacity(segs), end: 0 },
    };
    let mut prev_end: Option<usize> = None;
    for (range, norm) in parts {
        if let (Some(end), Some(a), Some(b)) = (prev_end, out.text.chars().next_back(), norm.text.chars().next()) {
            // The line break alone: the run of one break between `a` and `b`.
            let brk =
                Run { start: end, end: range.start, spaces: 0, wide: false, spaced: false, all_breaks_or_spaced: true };
            if brk.gap(a, b) {
                let start = end.min(range.start);
                let at = out.text.len();
                out.text.push(' ');
                out.map.push(at, 1, start, range.start - start, false);
            }
        }
        let base = out.text.len();
        out.text.push_str(&norm.text);
        for s in norm.map.segs() {
            out.map.push_seg(Seg { norm: base + s.norm, ..*s });
        }
        out.map.end = norm.map.end;
        prev_end = Some(range.end);
    }
    Some(out)
}

/// Whether a character at either end of a line is visible and written the
/// same whatever the next line holds.
fn settled_edge(c: char) -> bool {
    !is_dropped(c) && !is_space(c) && !matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '>')
}

/// `c` full-width when `full`, for the marks that convert.
fn paren_width(c: char, full: bool) -> char {
    if full { full_width(c) } else { c }
}

/// The full-width form of an ASCII mark.
fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        c => c,
    }
}

/// The normalisation as first written, token by token: the reference the
/// single-pass writer is checked against.
#[cfg(test)]
mod reference {
    #![allow(clippy::all)]
    use super::*;

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
            let gap_kept =
                wide && !only_breaks && is_ideograph(a) && is_ideograph(b) && !run.iter().any(|t| t.spaced_line);
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
                        let outside =
                            vis(prev_vis[o]).is_some_and(is_cjkish) || vis(next_vis[i]).is_some_and(is_cjkish);
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
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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

    /// Pieces that exercise every rule: whitespace of every kind, folded
    /// and kept full-width forms, marks that convert, brackets, dropped
    /// characters, letter-spaced words, line breaks.
    const PIECES: &[&str] = &[
        "在",
        "相",
        "关",
        "部",
        "门",
        "的",
        " ",
        "  ",
        "\u{3000}",
        "\t",
        "\n",
        "\n",
        "\r",
        "(",
        ")",
        "（",
        "）",
        ",",
        "，",
        ";",
        ":",
        "!",
        "?",
        ">",
        "《",
        "》",
        "１",
        "９",
        "Ａ",
        "％",
        "．",
        "＞",
        "！",
        "～",
        "\u{200B}",
        "\u{FEFF}",
        "\u{00AD}",
        "\u{0085}",
        "\u{00A0}",
        "\u{2028}",
        "\u{202F}",
        "\u{7}",
        "a",
        "B",
        "PM",
        "2.5",
        "1",
        "0",
        "X",
        "“",
        "”",
        "。",
        "、",
        "—",
        "…",
        "·",
        "①",
        "e\u{301}",
        "😀",
        "é",
        "政 府 工 作",
        " 报 告 ",
    ];

    fn doc() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|v| v.concat())
    }

    /// Text that is mostly plain, in long runs, as the block check meets it.
    fn plain_doc() -> impl Strategy<Value = String> {
        const PLAIN: &[&str] = &[
            "在相关部门",
            "的",
            "，",
            "。",
            "“",
            "”",
            "、",
            "（",
            "）",
            "—",
            "abc",
            "2020",
            "é",
            "😀",
            "·",
            "：",
            "％",
        ];
        let piece = prop_oneof![9 => prop::sample::select(PLAIN), 1 => prop::sample::select(PIECES)];
        prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
    }

    fn lines_of(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            if b == b'\n' {
                out.push(start..i);
                start = i + 1;
            }
        }
        out.push(start..s.len());
        out
    }

    /// Line `l` of `s` without the spaces the layout trims from its ends.
    fn trimmed(s: &str, l: &Range<usize>) -> Range<usize> {
        let t = &s[l.clone()];
        let lead = t.len() - t.trim_start_matches(is_space).len();
        l.start + lead..l.start + lead + t.trim_matches(is_space).len()
    }

    /// The same text, mapped to the same input offsets at every byte (the
    /// pieces of the maps may be cut differently).
    fn same(got: &Normalized, want: &Normalized, s: &str, lines: &[Range<usize>]) -> Result<(), TestCaseError> {
        prop_assert_eq!(&got.text, &want.text, "{:?} {:?}", s, lines);
        prop_assert_eq!(got.map.end, want.map.end, "{:?} {:?}", s, lines);
        for at in 0..=got.text.len() {
            prop_assert_eq!(got.map.start(at), want.map.start(at), "start {} of {:?} {:?}", at, s, lines);
            prop_assert_eq!(got.map.end(at), want.map.end(at), "end {} of {:?} {:?}", at, s, lines);
        }
        Ok(())
    }

    fn agree(s: &str, lines: &[Range<usize>]) -> Result<(), TestCaseError> {
        let fast = normalize(s, lines);
        let slow = reference::normalize(s, lines);
        same(&fast, &slow, s, lines)
    }

    /// Nothing before `·` is Chinese text.
    #[test]
    fn nothing_cjkish_before_the_middle_dot() {
        assert!(is_cjkish('·'));
        let slow = |c: char| {
            is_ideograph(c)
                || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF65}' | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
        };
        assert!(('\0'..'·').all(|c| !slow(c) && !is_cjkish(c)));
    }

    /// The quick answers of [`is_space`] are the Unicode table's.
    #[test]
    fn is_space_is_unicode_whitespace() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace() || c == '\u{3000}', "{c:?}");
        }
    }

    /// The lead-byte table and the checks after it agree with [`plain`]
    /// on every character.
    #[test]
    fn plain_run_agrees_with_plain_everywhere() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s: &str = c.encode_utf8(&mut buf);
            let mut books = 1;
            let end = plain_run(s, 0, &mut books);
            assert_eq!(end, if plain(c) { s.len() } else { 0 }, "{c:?}");
            let depth = match c {
                '《' => 2,
                '》' => 0,
                _ => 1,
            };
            assert_eq!(books, if end > 0 { depth } else { 1 }, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

        /// The single-pass writer, with its byte-level runs, gives the
        /// reference's text and map for every group of lines.
        #[test]
        fn writer_agrees_with_reference(s in doc()) {
            let lines = lines_of(&s);
            for a in 0..lines.len() {
                for b in a..=lines.len().min(a + 4) {
                    agree(&s, &lines[a..b])?;
                }
            }
            // Lines trimmed as the layout trims them.
            let trimmed: Vec<Range<usize>> = lines.iter().map(|l| trimmed(&s, l)).collect();
            agree(&s, &trimmed)?;
            for l in &trimmed {
                agree(&s, std::slice::from_ref(l))?;
            }
        }

        #[test]
        fn writer_agrees_on_plain_text(s in plain_doc()) {
            let lines = lines_of(&s);
            agree(&s, &lines)?;
            for l in &lines {
                agree(&s, std::slice::from_ref(l))?;
            }
        }

        #[test]
        fn writer_agrees_on_any_text(s in any::<String>()) {
            agree(&s, &lines_of(&s))?;
            agree(&s, std::slice::from_ref(&(0..s.len())))?;
        }

        /// A byte-level run stops where the first character that may
        /// change is, and counts book titles as the characters would.
        #[test]
        fn plain_run_agrees_with_plain(s in prop_oneof![doc(), plain_doc()]) {
            for (i, _) in s.char_indices() {
                let mut books = 3;
                let end = plain_run(&s, i, &mut books);
                let expected = s[i..].char_indices().find(|(_, c)| !plain(*c)).map_or(s.len(), |(k, _)| i + k);
                prop_assert_eq!(end, expected);
                let mut depth = 3usize;
                for c in s[i..end].chars() {
                    match c {
                        '《' => depth += 1,
                        '》' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                prop_assert_eq!(books, depth);
            }
        }

        /// Lines normalised alone and joined give what the paragraph
        /// normalised as a whole gives, whenever they join.
        #[test]
        fn join_agrees_with_normalize(s in doc()) {
            let lines: Vec<Range<usize>> =
                lines_of(&s).iter().map(|l| trimmed(&s, l)).filter(|l| !l.is_empty()).collect();
            let norms: Vec<Normalized> = lines.iter().map(|l| normalize(&s, std::slice::from_ref(l))).collect();
            for a in 0..lines.len() {
                for b in a + 1..=lines.len().min(a + 4) {
                    let parts: Vec<(Range<usize>, &Normalized)> =
                        (a..b).map(|k| (lines[k].clone(), &norms[k])).collect();
                    if let Some(joined) = join(&s, &parts) {
                        let whole = normalize(&s, &lines[a..b]);
                        same(&joined, &whole, &s, &lines[a..b])?;
                    }
                }
            }
        }

        #[test]
        fn letter_spacing_shortcut_changes_nothing(s in doc()) {
            for line in s.split('\n') {
                prop_assert_eq!(is_letter_spaced(line), mostly_single_ideographs(line));
            }
        }
    }
}
