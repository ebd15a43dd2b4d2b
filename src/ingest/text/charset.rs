//! Sets of characters tested in one load, for the scanning loops that look
//! at every character of a text: most characters of a Chinese text are
//! ideographs that only need to be stepped over.

/// A set of characters of the Basic Multilingual Plane, as a bitmap built
/// at compile time. Characters beyond it are never members.
pub(crate) struct CharSet {
    bits: [u64; 1024],
    /// By first UTF-8 byte: the low six bits of the second bytes members
    /// with that first byte have, as a bit mask (all ones for an ASCII
    /// member); zero when no member starts with the byte.
    seconds: [u64; 256],
    /// When the first bytes of members other than ASCII pass one of two
    /// tests `byte & mask == value` (a byte each, or two bytes that differ
    /// in one bit): the masks and values, repeated in every byte of a word,
    /// for stepping over text a block and a word at a time.
    skip: Option<[(u64, u64); 2]>,
    /// Whether to look for blocks with none of those bytes first: not
    /// when Chinese punctuation (U+3000–U+303F, U+FF00–U+FF3F) is in the
    /// set, as prose has some every few characters.
    blocks: bool,
}

/// `b` in every byte of a word.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether a byte of `w` is zero, as a high bit in that byte (and maybe
/// in the bytes above it; the test for none is exact).
const fn zero_byte(w: u64) -> u64 {
    w.wrapping_sub(splat(1)) & !w & splat(0x80)
}

/// The bit of the second UTF-8 byte of the code point `c` in
/// [`CharSet::seconds`]: every bit for a one-byte character.
const fn second(c: u32) -> u64 {
    if c < 0x80 {
        u64::MAX
    } else if c < 0x800 {
        1 << (c & 0x3F)
    } else {
        1 << ((c >> 6) & 0x3F)
    }
}

/// The first UTF-8 byte of the code point `c`.
const fn lead(c: u32) -> usize {
    (if c < 0x80 {
        c
    } else if c < 0x800 {
        0xC0 | c >> 6
    } else if c < 0x10000 {
        0xE0 | c >> 12
    } else {
        0xF0 | c >> 18
    }) as usize
}

/// At most two tests `byte & mask == value` that the first `count` bytes
/// of `leads` pass and no other byte does, as [`CharSet::skip`] holds
/// them: two of the bytes that differ in one bit share a test. `None` when
/// two tests are not enough.
const fn skip_tests(leads: &[u8; 4], count: usize) -> Option<[(u64, u64); 2]> {
    // An unused test: no byte masked to zero is 0xFF.
    let mut tests = [(splat(0), splat(0xFF)); 2];
    let mut covered = [false; 4];
    let mut n = 0;
    let mut i = 0;
    while i < count {
        if !covered[i] {
            let mut mask = 0xFF;
            let mut j = i + 1;
            while j < count {
                if !covered[j] && (leads[i] ^ leads[j]).count_ones() == 1 {
                    mask = !(leads[i] ^ leads[j]);
                    covered[j] = true;
                    break;
                }
                j += 1;
            }
            if n == tests.len() {
                return None;
            }
            tests[n] = (splat(mask), splat(leads[i] & mask));
            n += 1;
        }
        i += 1;
    }
    Some(tests)
}

impl CharSet {
    /// The set of `chars` and of every character in the inclusive `ranges`.
    pub(crate) const fn new(chars: &str, ranges: &[(char, char)]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut seconds = [0u64; 256];
        let b = chars.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (c, len) = decode(b, i);
            if c < 0x10000 {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                seconds[lead(c)] |= second(c);
            }
            i += len;
        }
        let mut r = 0;
        while r < ranges.len() {
            let mut c = ranges[r].0 as u32;
            while c <= ranges[r].1 as u32 && c < 0x10000 {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                seconds[lead(c)] |= second(c);
                c += 1;
            }
            r += 1;
        }
        CharSet::finish(bits, seconds)
    }

    /// The set of the first characters of the words of `lists`.
    pub(crate) const fn firsts(lists: &[&[&str]]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut seconds = [0u64; 256];
        let mut l = 0;
        while l < lists.len() {
            let mut w = 0;
            while w < lists[l].len() {
                let word = lists[l][w].as_bytes();
                if !word.is_empty() {
                    let (c, _) = decode(word, 0);
                    if c < 0x10000 {
                        bits[(c >> 6) as usize] |= 1 << (c & 63);
                        seconds[lead(c)] |= second(c);
                    }
                }
                w += 1;
            }
            l += 1;
        }
        CharSet::finish(bits, seconds)
    }

    const fn finish(bits: [u64; 1024], seconds: [u64; 256]) -> CharSet {
        // The first bytes of members other than ASCII, in order.
        let mut leads = [0u8; 4];
        let mut count = 0;
        let mut b = 0x80;
        while b < 256 {
            if seconds[b] != 0 {
                if count < leads.len() {
                    leads[count] = b as u8;
                }
                count += 1;
            }
            b += 1;
        }
        let skip = if count <= leads.len() { skip_tests(&leads, count) } else { None };
        let blocks = seconds[0xE3] & second(0x3000) == 0 && seconds[0xEF] & second(0xFF00) == 0;
        CharSet { bits, seconds, skip, blocks }
    }

    /// The offset of the first character of `b[i..]` (UTF-8, `i` a
    /// character boundary) in the set, or `b.len()`. To look for one member
    /// after another in the same text, keep a [`Scan`].
    pub(crate) fn find(&self, b: &[u8], i: usize) -> usize {
        Scan::new(self, b).next_from(i)
    }

    /// Whether the character starting at `b[at]` is in the set.
    #[inline]
    fn member_at(&self, b: &[u8], at: usize) -> bool {
        b[at] < 0x80 || self.contains(decode(b, at).0)
    }

    /// Whether the code point `c` is in the set.
    #[inline]
    pub(crate) fn contains(&self, c: u32) -> bool {
        self.bits.get((c >> 6) as usize).is_some_and(|w| w & (1 << (c & 63)) != 0)
    }
}

/// A search for the members of a [`CharSet`] in one text, front to back.
///
/// It looks at sixteen bytes at a time without a branch per byte: the
/// positions whose first two bytes a member can start with become a mask
/// (continuation bytes start no member, so each is a character's start),
/// and only those are decoded. The mask is kept, so finding the next
/// member a few characters on costs no new look. Where the set's members
/// start only with ASCII and a few other bytes that two tests tell
/// (Chinese punctuation, `×`), text other than ASCII is read a word of
/// eight bytes at a time first: the bytes that can start a member are
/// flagged at once, and when there are at most two, only those are tested
/// with the byte after them; a word with no candidate is stepped over.
pub(crate) struct Scan<'a> {
    set: &'a CharSet,
    b: &'a [u8],
    /// The first byte of the window.
    base: usize,
    /// How many bytes the window covers.
    len: usize,
    /// The candidates in the window, by offset from `base`; those found
    /// not to be members are cleared.
    mask: u32,
}

impl<'a> Scan<'a> {
    /// A search of `b` (UTF-8) for members of `set`.
    pub(crate) fn new(set: &'a CharSet, b: &'a [u8]) -> Scan<'a> {
        Scan { set, b, base: 0, len: 0, mask: 0 }
    }

    /// The offset of the first member at or after `i` (a character
    /// boundary), or the text's length.
    pub(crate) fn next_from(&mut self, mut i: usize) -> usize {
        let n = self.b.len();
        while i < n {
            if i < self.base || i >= self.base + self.len {
                self.fill(i);
                i = self.base;
                if self.len == 0 {
                    break;
                }
            }
            let off = i - self.base;
            let mut candidates = self.mask >> off << off;
            while candidates != 0 {
                let k = candidates.trailing_zeros();
                let at = self.base + k as usize;
                if self.set.member_at(self.b, at) {
                    return at;
                }
                self.mask &= !(1 << k);
                candidates &= candidates - 1;
            }
            i = self.base + self.len;
        }
        n
    }

    /// Makes the window start at `i`, or past bytes no member starts with.
    fn fill(&mut self, mut i: usize) {
        let (b, set) = (self.b, self.set);
        let candidate = |x: u8, y: u8| ((set.seconds[usize::from(x)] >> (y & 0x3F)) & 1) as u32;
        // Text other than ASCII: stepped over first. (ASCII is read sixteen
        // bytes at a time below: every byte of it could start a member.)
        let skip = set.skip.filter(|_| b.get(i).is_some_and(|&x| x >= 0x80));
        if let Some([(m0, v0), (m1, v1)]) = skip {
            // Blocks with no byte a member starts with, in a loop of byte
            // comparisons that vectorises.
            let [(bm0, bv0), (bm1, bv1)] = [(m0 as u8, v0 as u8), (m1 as u8, v1 as u8)];
            while set.blocks && b.get(i).is_some_and(|&x| x >= 0x80) {
                let Some(block) = b.get(i..i + 32) else { break };
                if block.iter().fold(false, |any, &x| any | (x < 0x80) | (x & bm0 == bv0) | (x & bm1 == bv1)) {
                    break;
                }
                i += 32;
            }
            // A word of eight bytes at a time: the bytes a member can start
            // with are flagged at once, and the few flagged are tested with
            // the byte after them; a word with no candidate is stepped over.
            while let Some(chunk) = b.get(i..i + 9) {
                let Ok(word) = <[u8; 8]>::try_from(&chunk[..8]) else { break };
                let w = u64::from_le_bytes(word);
                if w & splat(0x80) == 0 {
                    // ASCII text: every byte is flagged; tested sixteen at a time below.
                    break;
                }
                let flags = !w & splat(0x80) | zero_byte(w & m0 ^ v0) | zero_byte(w & m1 ^ v1);
                // More than two flags (found without counting them: baseline
                // x86-64 has no instruction for it): a stretch dense with
                // candidates, read sixteen bytes at a time below.
                let rest = flags & flags.wrapping_sub(1);
                if rest & rest.wrapping_sub(1) != 0 {
                    break;
                }
                let mut mask = 0;
                let mut f = flags;
                while f != 0 {
                    let k = (f.trailing_zeros() / 8) as usize;
                    mask |= candidate(chunk[k], chunk[k + 1]) << k;
                    f &= f - 1;
                }
                if mask != 0 {
                    (self.base, self.len, self.mask) = (i, 8, mask);
                    return;
                }
                i += 8;
            }
        }
        let mut mask = 0;
        let len = match b.get(i..i + 17) {
            Some(chunk) => {
                for k in 0..16 {
                    mask |= candidate(chunk[k], chunk[k + 1]) << k;
                }
                16
            }
            None => {
                let rest = b.get(i..).unwrap_or(&[]);
                for (k, &x) in rest.iter().enumerate() {
                    mask |= candidate(x, rest.get(k + 1).copied().unwrap_or(0)) << k;
                }
                rest.len()
            }
        };
        (self.base, self.len, self.mask) = (i, len, mask);
    }
}

/// The code point starting at byte `i` of UTF-8 text `b` (a character
/// boundary) and its length in bytes. Bytes past the end read as zero and
/// a continuation byte reads as U+FFFD of one byte, so this never panics
/// and finds the next boundary again when started off one.
#[inline]
pub(crate) const fn decode(b: &[u8], i: usize) -> (u32, usize) {
    const fn at(b: &[u8], i: usize) -> u32 {
        if i < b.len() { (b[i] & 0x3F) as u32 } else { 0 }
    }
    if i >= b.len() {
        return (0, 1);
    }
    let b0 = b[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xC0 {
        // A continuation byte: off a boundary, step one byte to find it again.
        (0xFFFD, 1)
    } else if b0 < 0xE0 {
        ((b0 & 0x1F) << 6 | at(b, i + 1), 2)
    } else if b0 < 0xF0 {
        ((b0 & 0x0F) << 12 | at(b, i + 1) << 6 | at(b, i + 2), 3)
    } else {
        ((b0 & 0x07) << 18 | at(b, i + 1) << 12 | at(b, i + 2) << 6 | at(b, i + 3), 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sets with and without the word-at-a-time skip: one lead byte (C3),
    /// and blocks stepped over; two that differ in one bit (C3, E3) and
    /// one more; three, of which two share a test (E2, E3, EF); five.
    static SPARSE: CharSet = CharSet::new("0123456789Xx×", &[]);
    static FEW_LEADS: CharSet = CharSet::new("0123456789Xx×，。；：", &[]);
    static THREE_LEADS: CharSet = CharSet::new("（(—0123456789“《”》）)。，,、", &[('\u{2460}', '\u{249B}')]);
    static MANY_LEADS: CharSet = CharSet::new("（(第—0123456789一二三“《”》）)。，,", &[('\u{2460}', '\u{249B}')]);

    proptest! {
        #[test]
        fn find_finds_the_first_member(
            chars in proptest::collection::vec(proptest::sample::select(
                "a 9X×，。；（(第—一二三四不上中人“”《》①⑳é😀\n".chars().collect::<Vec<_>>()), 0..80),
            start in 0usize..80,
        ) {
            let text: String = chars.into_iter().collect();
            let start = text.char_indices().map(|(i, _)| i).nth(start).unwrap_or(text.len());
            for set in [&SPARSE, &FEW_LEADS, &THREE_LEADS, &MANY_LEADS] {
                let naive = text[start..]
                    .char_indices()
                    .find(|(_, c)| set.contains(u32::from(*c)))
                    .map_or(text.len(), |(i, _)| start + i);
                prop_assert_eq!(set.find(text.as_bytes(), start), naive);
            }
        }
    }

    /// Long runs of ideographs, stepped over a block at a time, with a
    /// member or a near miss (`、` starts with E3 like `。`) at every offset.
    #[test]
    fn finds_members_after_long_runs() {
        for n in 0..80 {
            for (tail, set) in [("。x", &SPARSE), ("、×", &FEW_LEADS), ("a（", &THREE_LEADS), ("是一", &MANY_LEADS)]
            {
                let text = "中".repeat(n) + tail;
                let naive =
                    text.char_indices().find(|(_, c)| set.contains(u32::from(*c))).map_or(text.len(), |(i, _)| i);
                for start in [0, 3 * (n / 2)] {
                    assert_eq!(set.find(text.as_bytes(), start), naive.max(start), "{text} from {start}");
                }
            }
        }
    }

    /// Which sets step over words: lead bytes one bit apart share a test.
    #[test]
    fn skip_tests_cover_the_lead_bytes() {
        assert!(FEW_LEADS.skip.is_some() && THREE_LEADS.skip.is_some() && MANY_LEADS.skip.is_none());
        assert!(SPARSE.blocks && !FEW_LEADS.blocks && !THREE_LEADS.blocks);
        let passes =
            |set: &CharSet, b: u8| set.skip.is_some_and(|tests| tests.iter().any(|&(m, v)| b & m as u8 == v as u8));
        for b in 0x80..=0xFF {
            assert_eq!(passes(&THREE_LEADS, b), matches!(b, 0xE2 | 0xE3 | 0xEF), "{b:#x}");
            assert_eq!(passes(&FEW_LEADS, b), matches!(b, 0xC3 | 0xE3 | 0xEF), "{b:#x}");
        }
    }

    #[test]
    fn decodes_like_std_and_tests_membership() {
        let s = "a一，（é😀\u{2460}";
        let b = s.as_bytes();
        let mut i = 0;
        for c in s.chars() {
            assert_eq!(decode(b, i), (u32::from(c), c.len_utf8()));
            i += c.len_utf8();
        }
        const SET: CharSet = CharSet::new("一，a", &[('\u{2460}', '\u{2473}')]);
        for (c, member) in [('一', true), ('，', true), ('a', true), ('\u{2465}', true), ('二', false), ('😀', false)]
        {
            assert_eq!(SET.contains(u32::from(c)), member, "{c}");
        }
        let text = "b😀二é三，x一";
        let found: Vec<usize> = std::iter::successors(Some(SET.find(text.as_bytes(), 0)), |&i| {
            (i < text.len()).then(|| SET.find(text.as_bytes(), i + text[i..].chars().next().map_or(1, char::len_utf8)))
        })
        .collect();
        assert_eq!(found, [text.find('，').unwrap(), text.find('一').unwrap(), text.len()]);
    }
}
