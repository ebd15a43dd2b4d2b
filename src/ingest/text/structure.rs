//! Headings and the outline: numbered headings at every level (`一、`
//! `（一）` `1.` `（1）` `⑴` `①` `一是` `第一，`), unnumbered ones found by
//! their wording (`存在问题`, `2021年工作计划`, `结束语`), Markdown
//! headings, `——` bullets, appendices and notes that restart the
//! numbering; at the start of a paragraph or inside one, as in text whose
//! line breaks were lost.
//!
//! Nesting follows the order kinds first appear, as readers of such texts
//! do: a kind not yet open is a level below the current heading, a kind
//! already open continues at its level when its number follows on. Run-in
//! items (`一是`, `——`) are siblings of each other whatever their kind.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::Span;

use super::charset::{self, CharSet, Scan};
use super::figures::CLAUSE_MARKS;
use super::layout::{Para, ParaKind};
use super::lexicon;

/// The deepest outline level kept; deeper headings become siblings.
pub(crate) const MAX_DEPTH: usize = 8;
/// The longest headline cut from a run-in heading, in bytes.
const MAX_HEADLINE: usize = 240;
/// How many paragraphs ahead a list's second item is looked for.
const LOOKAHEAD: usize = 60;

/// The kind of a heading, by its marker or how it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `一、`
    CnComma,
    /// `（一）`
    CnParen,
    /// `1.` `1、` `⒈`
    Num,
    /// `（1）`
    NumParen,
    /// `①`
    Circled,
    /// `⑴`
    ParenDigit,
    /// `一是`
    CnShi,
    /// `第一，`
    Ordinal,
    /// `——`
    Dash,
    /// `- ` in Markdown.
    Bullet,
    /// A short lead sentence on a line of its own, before its prose.
    Lead,
    /// An unnumbered part heading: `存在问题`, `2021年工作计划`, `结束语`.
    Part,
    /// `附件1`
    Appendix,
    /// A Markdown heading with no number.
    Md,
}

impl Kind {
    fn numbered(self) -> bool {
        matches!(
            self,
            Kind::CnComma
                | Kind::CnParen
                | Kind::Num
                | Kind::NumParen
                | Kind::Circled
                | Kind::ParenDigit
                | Kind::CnShi
                | Kind::Ordinal
        )
    }

    /// Run-in items: lists inside a section rather than sections.
    pub(crate) fn run_in(self) -> bool {
        matches!(self, Kind::CnShi | Kind::Ordinal | Kind::Dash | Kind::Bullet | Kind::Lead)
    }
}

/// A marker at some offset: its kind, number and length in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) kind: Kind,
    pub(crate) number: u32,
    pub(crate) len: usize,
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral from 1 to 99 at the start of `s`, and its length.
pub(crate) fn cn_number(s: &str) -> Option<(u32, usize)> {
    let mut chars = s.char_indices().peekable();
    let (_, c0) = chars.next()?;
    let (value, len) = if c0 == '十' {
        match s['十'.len_utf8()..].chars().next().and_then(cn_digit).filter(|d| *d > 0) {
            Some(d) => (10 + d, 2 * 3),
            None => (10, 3),
        }
    } else {
        let d0 = cn_digit(c0).filter(|d| *d > 0)?;
        let after = &s[c0.len_utf8()..];
        if after.starts_with('十') {
            match after['十'.len_utf8()..].chars().next().and_then(cn_digit).filter(|d| *d > 0) {
                Some(d) => (d0 * 10 + d, 3 * 3),
                None => (d0 * 10, 2 * 3),
            }
        } else {
            (d0, 3)
        }
    };
    Some((value, len))
}

fn ascii_number(s: &str, max_digits: usize) -> Option<(u32, usize)> {
    // Counting at most one digit too many keeps this O(1) in a run of digits.
    let len = s.bytes().take(max_digits + 1).take_while(u8::is_ascii_digit).count();
    if len == 0 || len > max_digits {
        return None;
    }
    Some((s[..len].parse().ok()?, len))
}

/// Whether a marker can start with `c`: a cheap test before [`marker`].
pub(crate) fn may_start_marker(c: char) -> bool {
    matches!(c, '（' | '(' | '第' | '—' | '0'..='9' | '\u{2460}'..='\u{249B}' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The marker at the start of `s`, if any (`——` only when `para_start`).
pub(crate) fn marker(s: &str, para_start: bool) -> Option<Marker> {
    let first = s.chars().next()?;
    if !may_start_marker(first) {
        return None;
    }
    let m = |kind, number, len| Some(Marker { kind, number, len });
    match first {
        '（' | '(' => {
            let inner = &s[first.len_utf8()..];
            let close = |rest: &str| rest.chars().next().filter(|c| matches!(c, '）' | ')')).map(char::len_utf8);
            if let Some((n, l)) = cn_number(inner) {
                if let Some(cl) = close(&inner[l..]) {
                    return m(Kind::CnParen, n, first.len_utf8() + l + cl);
                }
            }
            if let Some((n, l)) = ascii_number(inner, 2) {
                if let Some(cl) = close(&inner[l..]) {
                    return m(Kind::NumParen, n, first.len_utf8() + l + cl);
                }
            }
            None
        }
        '\u{2460}'..='\u{2473}' => m(Kind::Circled, u32::from(first) - 0x245F, first.len_utf8()),
        '\u{2474}'..='\u{2487}' => m(Kind::ParenDigit, u32::from(first) - 0x2473, first.len_utf8()),
        '\u{2488}'..='\u{249B}' => m(Kind::Num, u32::from(first) - 0x2487, first.len_utf8()),
        '第' => {
            let (n, l) = cn_number(&s['第'.len_utf8()..])?;
            let rest = &s['第'.len_utf8() + l..];
            let sep = rest.chars().next().filter(|c| matches!(c, '，' | '、' | ','))?;
            (n <= 20).then_some(Marker { kind: Kind::Ordinal, number: n, len: '第'.len_utf8() + l + sep.len_utf8() })
        }
        '—' if para_start => {
            let rest = s.strip_prefix("——")?;
            let next = rest.chars().next()?;
            (next != '—' && !next.is_ascii_digit())
                .then_some(Marker { kind: Kind::Dash, number: 0, len: "——".len() })
        }
        c if c.is_ascii_digit() => {
            let (n, l) = ascii_number(s, 2)?;
            let rest = &s[l..];
            let sep = rest.chars().next().filter(|c| matches!(c, '.' | '、' | '．'))?;
            let after = rest[sep.len_utf8()..].chars().next();
            if after.is_none_or(|a| a.is_ascii_digit() || (sep == '.' && a.is_ascii_alphanumeric())) {
                return None;
            }
            m(Kind::Num, n, l + sep.len_utf8())
        }
        _ => {
            let (n, l) = cn_number(s)?;
            let rest = &s[l..];
            match rest.chars().next()? {
                '、' => m(Kind::CnComma, n, l + '、'.len_utf8()),
                '是' if n <= 20 => m(Kind::CnShi, n, l + '是'.len_utf8()),
                _ => None,
            }
        }
    }
}

/// Whether a line starts with a heading marker, an appendix or a part keyword line.
pub(crate) fn starts_with_marker(view: &str) -> bool {
    marker(view, true).is_some_and(|m| view.len() > m.len)
        || appendix(view).is_some()
        || view.starts_with('#')
        || view.starts_with('|')
}

/// Whether a line is a marker alone (`一是`, `（一）`).
pub(crate) fn is_marker_only(view: &str) -> bool {
    marker(view, true).is_some_and(|m| view.len() == m.len)
}

/// `附件1`, `附件：`, `附录二`: the length of the marker.
fn appendix(s: &str) -> Option<usize> {
    let word = ["附件", "附录", "附表"].into_iter().find(|w| s.starts_with(w))?;
    let rest = &s[word.len()..];
    let num = ascii_number(rest, 2).map(|(_, l)| l).or_else(|| cn_number(rest).map(|(_, l)| l)).unwrap_or(0);
    let rest2 = &rest[num..];
    let colon = rest2.chars().next().filter(|c| matches!(c, '：' | ':')).map_or(0, char::len_utf8);
    let total = word.len() + num + colon;
    // `附件1` alone or with a title; not prose that starts with the word.
    (num > 0 || colon > 0 || rest.is_empty()).then_some(total)
}

/// The part a heading's wording names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PartWord {
    Review,
    Problems,
    Plan,
    Other,
}

/// Which part a heading's title names. `strict` leaves out words too
/// common to mark an unnumbered line (`情况`).
pub(crate) fn part_word(title: &str, strict: bool) -> Option<PartWord> {
    // English words only where there are letters to hold them.
    let lower = title.bytes().any(|b| b.is_ascii_alphabetic()).then(|| title.to_ascii_lowercase());
    let has_en = |words: &[&str]| lower.as_deref().is_some_and(|l| words.iter().any(|w| l.contains(w)));
    let zh = zh_part_words(title, strict);
    let exact_other = ["说明", "注释", "附注", "注"].contains(&title.trim_end_matches(['：', ':']));
    if exact_other || zh[0] || has_en(lexicon::EN_OTHER_WORDS) {
        return Some(PartWord::Other);
    }
    if zh[1] || has_en(lexicon::EN_PROBLEM_WORDS) {
        return Some(PartWord::Problems);
    }
    if zh[2] || has_en(lexicon::EN_PLAN_WORDS) {
        return Some(PartWord::Plan);
    }
    if zh[3] || has_en(lexicon::EN_REVIEW_WORDS) {
        return Some(PartWord::Review);
    }
    None
}

/// Which of the Chinese word lists of the other, problems, plan and review
/// parts have a word in `title` (`strict` leaves `情况` out of the review's),
/// in one pass that stops only where a word can start.
fn zh_part_words(title: &str, strict: bool) -> [bool; 4] {
    const LISTS: [&[&str]; 4] =
        [lexicon::OTHER_WORDS, lexicon::PROBLEM_WORDS, lexicon::PLAN_WORDS, lexicon::REVIEW_WORDS];
    static FIRSTS: CharSet = CharSet::firsts(&LISTS);
    let mut found = [false; 4];
    let b = title.as_bytes();
    let mut i = 0;
    loop {
        i = FIRSTS.find(b, i);
        let Some(rest) = title.get(i..).filter(|r| !r.is_empty()) else { break };
        for (k, list) in LISTS.iter().enumerate() {
            found[k] = found[k] || list.iter().any(|w| rest.starts_with(w) && !(strict && k == 3 && *w == "情况"));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// A stretch of a paragraph's text.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub(crate) para: usize,
    pub(crate) range: Range<usize>,
}

/// A node's content in document order.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Entry {
    Piece(usize),
    Child(usize),
}

/// A heading and what belongs to it.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) number: u32,
    pub(crate) md: Option<u8>,
    /// The marker as written (`一、`, `（二）`), empty for unnumbered headings.
    pub(crate) marker: String,
    pub(crate) title: String,
    pub(crate) para: usize,
    /// The heading's text: marker and title.
    pub(crate) heading: Range<usize>,
    pub(crate) title_range: Range<usize>,
    pub(crate) parent: Option<usize>,
    pub(crate) depth: usize,
    /// Markdown level, or inferred from the parent.
    rank: u8,
    pub(crate) entries: Vec<Entry>,
    /// Where the heading ends when its title is on the next line (`附件1` / `名词解释`).
    pub(crate) end: Option<Span>,
    /// A run-in item whose paragraph went on after its headline: what
    /// follows in a new paragraph is not its.
    full: bool,
}

/// The outline: headings as a tree, and the text of each.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub(crate) nodes: Vec<Node>,
    /// Content and top-level headings, in order.
    pub(crate) root: Vec<Entry>,
    pub(crate) pieces: Vec<Piece>,
    /// Numbering that does not follow on, with where.
    pub(crate) issues: Vec<(Span, String)>,
    /// The offsets of the clause marks ([`CLAUSE_MARKS`]) the
    /// heading finder stopped at, paragraph after paragraph.
    pub(crate) marks: Vec<usize>,
    /// By paragraph, the range of `marks` that are its own, when the
    /// heading finder read the paragraph (from the start of its first
    /// piece to its end).
    pub(crate) para_marks: Vec<Option<Range<usize>>>,
}

impl Outline {
    pub(crate) fn entries(&self, node: Option<usize>) -> &[Entry] {
        match node {
            Some(n) => self.nodes.get(n).map_or(&[], |n| n.entries.as_slice()),
            None => &self.root,
        }
    }

    pub(crate) fn children(&self, node: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.entries(node).iter().filter_map(|e| match e {
            Entry::Child(c) => Some(*c),
            Entry::Piece(_) => None,
        })
    }
}

/// A heading about to be placed.
struct NewHeading {
    kind: Kind,
    number: u32,
    md: Option<u8>,
    marker: String,
    title: String,
    para: usize,
    heading: Range<usize>,
    title_range: Range<usize>,
    full: bool,
    /// Whether the heading starts its paragraph.
    para_start: bool,
}

struct Builder<'a> {
    input: &'a str,
    paras: &'a [Para],
    out: Outline,
    stack: Vec<usize>,
    /// Positions of every second item of a list, by kind: (paragraph, offset).
    seconds: HashMap<Kind, Vec<(usize, usize)>>,
}

/// Builds the outline of the body's paragraphs; `skip` is a prefix of the
/// first paragraph to leave out (the title repeated at its start).
pub(crate) fn outline(input: &str, paras: &[Para], skip: usize) -> Outline {
    let out = Outline { para_marks: vec![None; paras.len()], ..Outline::default() };
    let mut b = Builder { input, paras, out, stack: Vec::new(), seconds: HashMap::new() };
    b.find_seconds();
    let mut p = 0;
    while p < paras.len() {
        p = b.paragraph(p, if p == 0 { skip } else { 0 });
    }
    b.out
}

/// What [`Builder::inline`] stops at: what can start a marker, brackets
/// and quotes, and the marks that end sentences and clauses; every one of
/// [`CLAUSE_MARKS`], which it notes for the
/// figures' labels.
///
/// Chinese numerals, `是` and `第` are not in it: they are common
/// characters. A marker numerals start and `、` ends (`一、`, `二十一、`) is
/// found at the `、`. One that `是` ends or `第` starts (`三是`, `第一，`)
/// is taken only after a boundary, so it is looked for where a run of
/// characters between members starts. Its members other than ASCII then
/// start with one of three bytes (`E2`, `E3`, `EF`), and [`Scan`] reads
/// Chinese text eight bytes at a time.
static INLINE: CharSet =
    CharSet::new("（(—0123456789“《「『【[”》）)」』】]。！？；：!?;:，,、.\n", &[('\u{2460}', '\u{249B}')]);

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_boundary_char(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':')
}

fn opens(c: char) -> bool {
    matches!(c, '“' | '《' | '（' | '(' | '「' | '『' | '【' | '[')
}

fn closes(c: char) -> bool {
    matches!(c, '”' | '》' | '）' | ')' | '」' | '』' | '】' | ']')
}

impl Builder<'_> {
    /// Every `（二）`, `二、`, `2.` … in the body: a list's first item inside
    /// a paragraph counts only when its second follows.
    fn find_seconds(&mut self) {
        static TWO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("二"));
        // Every second item has a `二`, a `2` or a circled two in it: look only there.
        for (p, para) in self.paras.iter().enumerate() {
            let text = para.text();
            let mut found: Vec<(usize, Kind)> = Vec::new();
            let bytes = text.as_bytes();
            // `②` `⑵` `⒉` start with E2, a byte rarer than a CJK lead byte.
            let candidates =
                memchr::memchr_iter(b'2', bytes).chain(TWO.find_iter(bytes)).chain(memchr::memchr_iter(0xE2, bytes));
            for i in candidates {
                let (cp, _) = charset::decode(bytes, i);
                let Some(c) = char::from_u32(cp).filter(|c| matches!(c, '二' | '2' | '②' | '⑵' | '⒉')) else {
                    continue;
                };
                // The marker starts here, or at the bracket or `第` before.
                let before = text[..i].chars().next_back();
                let starts = [Some(i), before.filter(|b| matches!(b, '（' | '(' | '第')).map(|b| i - b.len_utf8())];
                for at in starts.into_iter().flatten() {
                    if let Some(m) = marker(&text[at..], false) {
                        if m.number == 2 && (at == i || m.len > c.len_utf8()) {
                            found.push((at, m.kind));
                        }
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
            for (at, kind) in found {
                self.seconds.entry(kind).or_default().push((p, at));
            }
        }
    }

    fn has_second(&self, kind: Kind, p: usize, at: usize) -> bool {
        let Some(list) = self.seconds.get(&kind) else { return false };
        let i = list.partition_point(|&(pp, ii)| (pp, ii) <= (p, at));
        list.get(i).is_some_and(|&(pp, _)| pp <= p + LOOKAHEAD)
    }

    fn top(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn piece(&mut self, para: usize, range: Range<usize>, para_start: bool) {
        let text = &self.paras[para].text()[range.clone()];
        if text.trim().is_empty() {
            return;
        }
        if para_start {
            while let Some(top) = self.top() {
                let n = &self.out.nodes[top];
                if n.kind.run_in() && n.full {
                    self.stack.pop();
                } else {
                    break;
                }
            }
        }
        let id = self.out.pieces.len();
        self.out.pieces.push(Piece { para, range });
        match self.top() {
            Some(top) => self.out.nodes[top].entries.push(Entry::Piece(id)),
            None => self.out.root.push(Entry::Piece(id)),
        }
    }

    /// Whether an open heading of `kind` has the number before `number`.
    fn continues(&self, kind: Kind, number: u32, md: Option<u8>) -> Option<usize> {
        self.stack.iter().rposition(|&id| {
            let e = &self.out.nodes[id];
            e.kind == kind
                && (e.md.is_none() || md.is_none() || e.md == md)
                && (!kind.numbered() || number == e.number + 1)
        })
    }

    fn place(&mut self, h: NewHeading) -> usize {
        let numbered = h.kind.numbered();
        if matches!(h.kind, Kind::Part | Kind::Appendix) {
            self.stack.clear();
        } else if h.kind == Kind::Md {
            let r = h.md.unwrap_or(1);
            while self.top().is_some_and(|t| self.out.nodes[t].rank >= r) {
                self.stack.pop();
            }
        } else if let Some(pos) = self.continues(h.kind, h.number, h.md) {
            self.stack.truncate(pos);
        } else if let Some(pos) = self.stack.iter().rposition(|&id| self.out.nodes[id].kind == h.kind) {
            let open = &self.out.nodes[self.stack[pos]];
            let md_apart = open.md.is_some() && h.md.is_some() && open.md != h.md;
            if md_apart {
                // The same numbering at another Markdown level: a list of its own.
                let r = h.md.unwrap_or(1);
                while self.top().is_some_and(|t| self.out.nodes[t].rank >= r) {
                    self.stack.pop();
                }
            } else if numbered && h.number == 1 {
                // A new list of a kind already open above: nested, or placed by its Markdown level.
                if let Some(r) = h.md {
                    while self.top().is_some_and(|t| self.out.nodes[t].rank >= r) {
                        self.stack.pop();
                    }
                }
            } else {
                let (was, now) = (open.number, h.number);
                let span = self.paras[h.para].span(h.heading.clone());
                let message = if now > was {
                    format!(
                        "heading `{}` follows number {was} of its list: {} missing",
                        h.marker,
                        if now == was + 2 { "one is" } else { "some are" }
                    )
                } else {
                    format!("heading `{}` repeats or goes back from number {was} of its list", h.marker)
                };
                self.out.issues.push((span, message));
                self.stack.truncate(pos);
            }
        } else if h.kind.run_in()
            && self.top().is_some_and(|t| self.out.nodes[t].kind.run_in() && (self.out.nodes[t].full || h.para_start))
        {
            self.stack.pop();
        } else if let Some(r) = h.md {
            while self.top().is_some_and(|t| self.out.nodes[t].rank > r) {
                self.stack.pop();
            }
        }
        if self.stack.len() >= MAX_DEPTH {
            self.stack.truncate(MAX_DEPTH - 1);
        }
        let parent = self.top();
        let parent_rank = parent.map_or(0, |p| self.out.nodes[p].rank);
        let id = self.out.nodes.len();
        self.out.nodes.push(Node {
            kind: h.kind,
            number: h.number,
            md: h.md,
            marker: h.marker,
            title: h.title,
            para: h.para,
            heading: h.heading,
            title_range: h.title_range,
            parent,
            depth: self.stack.len() + 1,
            rank: h.md.unwrap_or(parent_rank.saturating_add(1)),
            entries: Vec::new(),
            end: None,
            full: h.full,
        });
        match parent {
            Some(p) => self.out.nodes[p].entries.push(Entry::Child(id)),
            None => self.out.root.push(Entry::Child(id)),
        }
        self.stack.push(id);
        id
    }

    /// Reads paragraph `p` from byte `from`; returns the next paragraph to read.
    fn paragraph(&mut self, p: usize, from: usize) -> usize {
        let para = &self.paras[p];
        let text = para.text();
        let from = if text.is_char_boundary(from) && from <= text.len() { from } else { 0 };
        match para.kind {
            ParaKind::TableDelim => return p + 1,
            ParaKind::TableRow => {
                self.piece(p, 0..text.len(), true);
                return p + 1;
            }
            ParaKind::MdHeading(level) => {
                let (kind, number, mlen) = match marker(text, false) {
                    Some(m) if text.len() > m.len => (m.kind, m.number, m.len),
                    _ => (Kind::Md, 0, 0),
                };
                let t0 = skip_spaces(text, mlen);
                let title = clean_title(&text[t0..]);
                self.place(NewHeading {
                    kind,
                    number,
                    md: Some(level),
                    marker: text[..mlen].to_owned(),
                    title,
                    para: p,
                    heading: 0..text.len(),
                    title_range: t0..text.len(),
                    full: false,
                    para_start: true,
                });
                return p + 1;
            }
            ParaKind::Bullet => {
                let (title_end, next) = headline(text, 0, Kind::Bullet, true);
                let title = clean_title(&text[..title_end]);
                self.place(NewHeading {
                    kind: Kind::Bullet,
                    number: 0,
                    md: None,
                    marker: String::new(),
                    title,
                    para: p,
                    heading: 0..title_end,
                    title_range: 0..title_end,
                    full: next < text.len(),
                    para_start: true,
                });
                self.piece(p, next..text.len(), false);
                return p + 1;
            }
            ParaKind::Text => {}
        }
        let rest = &text[from..];
        // Headings found by their wording, on a line of their own.
        if from == 0 {
            if let Some(alen) = appendix(text) {
                let t0 = skip_spaces(text, alen);
                let mut title = clean_title(&text[t0..]);
                let mut next = p + 1;
                if title.is_empty() {
                    if let Some(np) = self.paras.get(p + 1) {
                        let nt = np.text();
                        if np.kind == ParaKind::Text
                            && nt.chars().count() <= 30
                            && !nt.contains(['，', '。'])
                            && marker(nt, true).is_none()
                        {
                            title = clean_title(nt);
                            next = p + 2;
                        }
                    }
                }
                let id = self.place(NewHeading {
                    kind: Kind::Appendix,
                    number: 0,
                    md: None,
                    marker: text[..alen].to_owned(),
                    title,
                    para: p,
                    heading: 0..text.len(),
                    title_range: t0..text.len(),
                    full: false,
                    para_start: true,
                });
                if next == p + 2 {
                    let np = &self.paras[p + 1];
                    self.out.nodes[id].end = Some(np.span(0..np.text().len()));
                }
                return next;
            }
            if is_part_line(text) {
                let title = clean_title(text);
                self.place(NewHeading {
                    kind: Kind::Part,
                    number: 0,
                    md: None,
                    marker: String::new(),
                    title,
                    para: p,
                    heading: 0..text.len(),
                    title_range: 0..text.len(),
                    full: false,
                    para_start: true,
                });
                return p + 1;
            }
            if self.is_lead(p) {
                self.place(NewHeading {
                    kind: Kind::Lead,
                    number: 0,
                    md: None,
                    marker: String::new(),
                    title: clean_title(text),
                    para: p,
                    heading: 0..text.len(),
                    title_range: 0..text.len(),
                    full: false,
                    para_start: true,
                });
                return p + 1;
            }
        }
        // A numbered heading at the start of the paragraph.
        if let Some(m) = marker(rest, from == 0).filter(|m| rest.len() > m.len) {
            let start = from;
            let t0 = skip_spaces(text, start + m.len);
            let (title_end, next) = headline(text, t0, m.kind, false);
            let title = clean_title(&text[t0..title_end]);
            if !title.is_empty() {
                self.place(NewHeading {
                    kind: m.kind,
                    number: m.number,
                    md: None,
                    marker: text[start..start + m.len].to_owned(),
                    title,
                    para: p,
                    heading: start..title_end,
                    title_range: t0..title_end,
                    full: next < text.len(),
                    para_start: true,
                });
                self.inline(p, next, true, false);
                return p + 1;
            }
        }
        self.inline(p, from, true, from == 0);
        p + 1
    }

    /// A short line on its own at the start of a block, with the block's
    /// prose after it: a lead sentence that heads what follows.
    fn is_lead(&self, p: usize) -> bool {
        let para = &self.paras[p];
        let text = para.text();
        // Counted no further than the limit: a paragraph is not read twice.
        let n = text.chars().take(41).count();
        let ends_ok = text.ends_with('。') || !text.ends_with(['：', '！', '，', '；', '？']);
        let body_follows = self.paras.get(p + 1).is_some_and(|next| {
            next.kind == ParaKind::Text && next.block == para.block && next.text().chars().nth(n).is_some()
        });
        para.first_in_block
            && para.block_continues
            && !para.indented
            && body_follows
            && n <= 40
            && ends_ok
            && text.matches('。').count() <= 1
            && !text.starts_with("各位")
            && marker(text, true).is_none()
    }

    /// Whether the text before `at` ends with whitespace in the input.
    fn space_before(&self, p: usize, at: usize) -> bool {
        let orig = self.paras[p].norm.map.start(at);
        self.input.get(..orig).and_then(|s| s.chars().next_back()).is_some_and(|c| c.is_whitespace() || c == '\u{3000}')
    }

    /// Finds headings inside paragraph `p` from `from`, and cuts its text into pieces.
    fn inline(&mut self, p: usize, from: usize, at_boundary: bool, para_start: bool) {
        let paras = self.paras;
        let text = paras[p].text();
        let mut cut = from;
        let mut cut_is_para_start = para_start;
        let mut depth = 0usize;
        let mut boundary = at_boundary;
        let mut comma = false;
        let mut last_end = from; // just after the last sentence or clause end
        let mut i = from;
        let bytes = text.as_bytes();
        let mut members = Scan::new(&INLINE, bytes);
        let first_mark = self.out.marks.len();
        while i < text.len() {
            // Most characters only end a boundary: step over them to the
            // next one that matters, remembering where the run started and
            // the state there.
            let (run_start, run_boundary, run_comma) = (i, boundary, comma);
            // `三是` and `第一，` count only after a boundary, so only where
            // a run starts: read here, as the scan steps over them.
            if depth == 0 && boundary && !(i <= from && para_start) {
                let m = text
                    .get(i..)
                    .and_then(|t| marker(t, false))
                    .filter(|m| matches!(m.kind, Kind::CnShi | Kind::Ordinal) && text.len() > i + m.len);
                if let Some(m) = m {
                    if let Some(next) =
                        self.try_inline(p, text, i, m, boundary, comma, last_end, cut, cut_is_para_start)
                    {
                        (i, cut, cut_is_para_start, boundary, comma, last_end, depth) =
                            (next, next, false, true, false, next, 0);
                        continue;
                    }
                }
            }
            let next = members.next_from(i);
            if next > i {
                boundary = false;
                comma = false;
                i = next;
                if i >= text.len() {
                    break;
                }
            }
            let Some(c) = char::from_u32(charset::decode(bytes, i).0) else { break };
            // Where a marker could start: at this character, or, before a
            // `、`, at the numerals just before it in the run, in order, each
            // with the state it would have been read with; not before a `是`
            // or `第` in between, which ends a run of its own.
            let ends_numerals = c == '、';
            let mut accepted = None;
            if depth == 0 && ends_numerals {
                for at in [3, 2, 1].map(|n| i.checked_sub(3 * n)).into_iter().flatten() {
                    let first = text.get(at..).and_then(|t| t.chars().next());
                    if at < run_start
                        || (at <= from && para_start)
                        || !first.is_some_and(may_start_marker)
                        || text.get(at..i).is_some_and(|t| t.contains(['是', '第']))
                    {
                        continue;
                    }
                    let (b, cm) = if at == run_start { (run_boundary, run_comma) } else { (false, false) };
                    let Some(m) = marker(&text[at..], false).filter(|m| text.len() > at + m.len) else { continue };
                    accepted = self.try_inline(p, text, at, m, b, cm, last_end, cut, cut_is_para_start);
                    if accepted.is_some() {
                        break;
                    }
                }
            } else if depth == 0 && (i > from || !para_start) && may_start_marker(c) {
                if let Some(m) = marker(&text[i..], false).filter(|m| text.len() > i + m.len) {
                    accepted = self.try_inline(p, text, i, m, boundary, comma, last_end, cut, cut_is_para_start);
                }
            }
            if let Some(next) = accepted {
                i = next;
                cut = next;
                cut_is_para_start = false;
                boundary = true;
                comma = false;
                last_end = next;
                depth = 0;
                continue;
            }
            if ends_numerals {
                // Otherwise an ordinary character.
                boundary = false;
                comma = false;
                i += c.len_utf8();
                continue;
            }
            if opens(c) {
                depth += 1;
            } else if closes(c) {
                depth = depth.saturating_sub(1);
            }
            if is_sentence_end(c) {
                depth = 0;
            }
            // The clause marks are noted as they pass, for the figures' labels.
            if CLAUSE_MARKS.contains(u32::from(c)) {
                self.out.marks.push(i);
            }
            if is_boundary_char(c) {
                boundary = true;
                last_end = i + c.len_utf8();
            } else if !(closes(c) && boundary) {
                boundary = false;
            } else {
                last_end = i + c.len_utf8();
            }
            comma = matches!(c, '，' | ',');
            if comma {
                last_end = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
        if cut < text.len() {
            self.piece(p, cut..text.len(), cut_is_para_start);
        }
        if let Some(marks) = self.out.para_marks.get_mut(p) {
            *marks = Some(first_mark..self.out.marks.len());
        }
    }

    /// Accepts or refuses a marker inside a paragraph; returns where to go on.
    #[allow(clippy::too_many_arguments)]
    fn try_inline(
        &mut self,
        p: usize,
        text: &str,
        at: usize,
        m: Marker,
        boundary: bool,
        comma: bool,
        last_end: usize,
        cut: usize,
        cut_is_para_start: bool,
    ) -> Option<usize> {
        // A part's heading run into the text just before a list: `…。存在问题（一）`.
        let phrase = text.get(last_end.max(cut)..at).unwrap_or("");
        let part_phrase =
            !phrase.is_empty() && phrase.len() <= 80 && phrase.chars().count() <= 20 && is_part_line(phrase);
        let accepted = match m.kind {
            Kind::CnShi => boundary && !comma,
            Kind::Ordinal => boundary,
            Kind::Dash | Kind::Bullet | Kind::Lead | Kind::Part | Kind::Appendix | Kind::Md => false,
            _ => {
                if self.continues(m.kind, m.number, None).is_some() && !part_phrase {
                    boundary || self.space_before(p, at)
                } else if m.number == 1 {
                    (boundary || part_phrase) && self.has_second(m.kind, p, at)
                } else {
                    false
                }
            }
        };
        if !accepted {
            return None;
        }
        let content_end = if part_phrase { last_end.max(cut) } else { at };
        if cut < content_end {
            self.piece(p, cut..content_end, cut_is_para_start);
        }
        if part_phrase {
            let s = last_end.max(cut);
            self.place(NewHeading {
                kind: Kind::Part,
                number: 0,
                md: None,
                marker: String::new(),
                title: clean_title(phrase),
                para: p,
                heading: s..at,
                title_range: s..at,
                full: false,
                para_start: false,
            });
        }
        let t0 = skip_spaces(text, at + m.len);
        let (title_end, next) = headline(text, t0, m.kind, false);
        let title = clean_title(&text[t0..title_end]);
        if title.is_empty() {
            return None;
        }
        self.place(NewHeading {
            kind: m.kind,
            number: m.number,
            md: None,
            marker: text[at..at + m.len].to_owned(),
            title,
            para: p,
            heading: at..title_end,
            title_range: t0..title_end,
            full: true,
            para_start: false,
        });
        Some(next)
    }
}

fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

/// Whether a line is a part heading by its wording alone: short, no
/// sentence inside, and a part's keyword.
pub(crate) fn is_part_line(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['：', ':']);
    // 25 characters take at most 100 bytes: longer lines are not counted.
    if t.len() > 100 {
        return false;
    }
    let n = t.chars().count();
    (2..=25).contains(&n)
        && !t.contains(['，', '。', '；', '、', ','])
        && marker(t, true).is_none()
        && part_word(t, true).is_some()
}

/// The end of a run-in headline starting at `start`, and where the text
/// after it starts.
fn headline(text: &str, start: usize, kind: Kind, english: bool) -> (usize, usize) {
    let mut last_comma = None;
    for (off, c) in text[start..].char_indices() {
        let i = start + off;
        if i - start > MAX_HEADLINE {
            let end = last_comma.unwrap_or(i);
            return (end, end);
        }
        let ends = is_sentence_end(c)
            || (kind.run_in() && matches!(c, '；'))
            || (english && c == '.' && text[i + 1..].starts_with(' ') && !text[..i].ends_with("etc"));
        if ends {
            return (i, i + c.len_utf8());
        }
        if matches!(c, '，' | ',') {
            last_comma = Some(i);
        }
        // `1.“两重”：是指…`: a term and its definition.
        if c == '：' && !english && text[start..i].chars().count() <= 24 && i + c.len_utf8() < text.len() {
            return (i, i + c.len_utf8());
        }
    }
    (text.len(), text.len())
}

/// A title without trailing punctuation.
pub(crate) fn clean_title(s: &str) -> String {
    s.trim().trim_end_matches(['。', '：', ':', '；', ';', '，', ',', '.', '！', '!']).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let k = |s: &str| marker(s, true).map(|m| (m.kind, m.number, m.len));
        assert_eq!(k("一、回顾"), Some((Kind::CnComma, 1, 6)));
        assert_eq!(k("（十二）加强"), Some((Kind::CnParen, 12, 12)));
        assert_eq!(k("(一)强化"), Some((Kind::CnParen, 1, 5)));
        assert_eq!(k("二十一、"), Some((Kind::CnComma, 21, 12)));
        assert_eq!(k("1.“四上”"), Some((Kind::Num, 1, 2)));
        assert_eq!(k("1.5亿元"), None);
        assert_eq!(k("（3）项"), Some((Kind::NumParen, 3, 7)));
        assert_eq!(k("⑴甲"), Some((Kind::ParenDigit, 1, 3)));
        assert_eq!(k("③甲"), Some((Kind::Circled, 3, 3)));
        assert_eq!(k("三是提高"), Some((Kind::CnShi, 3, 6)));
        assert_eq!(k("第一，集中"), Some((Kind::Ordinal, 1, 9)));
        assert_eq!(k("第二十条"), None);
        assert_eq!(k("——经济"), Some((Kind::Dash, 0, 6)));
        assert_eq!(k("——2019年"), None);
        assert_eq!(k("统一是"), None);
    }

    /// The heading finder stops at every clause mark, and notes as such
    /// what it stops at that is one, so the marks it notes are all of
    /// those in the pieces it cuts.
    #[test]
    fn inline_stops_at_every_clause_mark() {
        for c in (0..0x10000).filter(|&c| CLAUSE_MARKS.contains(c)) {
            assert!(INLINE.contains(c), "{c:#x}");
        }
        for c in (0..0x10000).filter(|&c| INLINE.contains(c)).filter_map(char::from_u32) {
            let noted = is_boundary_char(c) || matches!(c, '，' | ',' | '.' | '\n');
            assert_eq!(noted, CLAUSE_MARKS.contains(u32::from(c)), "{c:?}");
        }
    }

    #[test]
    fn part_words() {
        assert_eq!(part_word("存在问题", true), Some(PartWord::Problems));
        assert_eq!(part_word("2021年工作计划", true), Some(PartWord::Plan));
        assert_eq!(part_word("2018年工作回顾", true), Some(PartWord::Review));
        assert_eq!(part_word("政府信息公开工作存在的主要问题及改进情况", false), Some(PartWord::Problems));
        assert_eq!(part_word("主动公开政府信息情况", true), None);
        assert_eq!(part_word("Next Year's Goals", true), Some(PartWord::Plan));
        assert_eq!(part_word("Performance Against Prior Goals", true), Some(PartWord::Review));
        assert!(is_part_line("存在问题"));
        assert!(!is_part_line("情况如下："));
    }
}
