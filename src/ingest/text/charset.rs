//! Sets of characters tested in one load, for the scanning loops that look
//! at every character of a text: most characters of a Chinese text are
//! ideographs that only need to be stepped over.

/// A set of characters of the Basic Multilingual Plane, as a bitmap built
/// at compile time. Characters beyond it are never members.
pub(crate) struct CharSet {
    bits: [u64; 1024],
    /// The first UTF-8 byte of every member.
    leads: [bool; 256],
}

/// The length of a UTF-8 sequence by its first byte; one for a
/// continuation byte, so a search off a boundary finds one again.
static LEN: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        t[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    t
};

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

impl CharSet {
    /// The set of `chars` and of every character in the inclusive `ranges`.
    pub(crate) const fn new(chars: &str, ranges: &[(char, char)]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut leads = [false; 256];
        let b = chars.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (c, len) = decode(b, i);
            if c < 0x10000 {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                leads[lead(c)] = true;
            }
            i += len;
        }
        let mut r = 0;
        while r < ranges.len() {
            let mut c = ranges[r].0 as u32;
            while c <= ranges[r].1 as u32 && c < 0x10000 {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                leads[lead(c)] = true;
                c += 1;
            }
            r += 1;
        }
        CharSet { bits, leads }
    }

    /// The set of the first characters of the words of `lists`.
    pub(crate) const fn firsts(lists: &[&[&str]]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut leads = [false; 256];
        let mut l = 0;
        while l < lists.len() {
            let mut w = 0;
            while w < lists[l].len() {
                let word = lists[l][w].as_bytes();
                if !word.is_empty() {
                    let (c, _) = decode(word, 0);
                    if c < 0x10000 {
                        bits[(c >> 6) as usize] |= 1 << (c & 63);
                        leads[lead(c)] = true;
                    }
                }
                w += 1;
            }
            l += 1;
        }
        CharSet { bits, leads }
    }

    /// The offset of the first character of `b[i..]` (UTF-8, `i` a
    /// character boundary) in the set, or `b.len()`. A character whose
    /// first byte no member has takes one load and one test.
    #[inline]
    pub(crate) fn find(&self, b: &[u8], mut i: usize) -> usize {
        while let Some(&b0) = b.get(i) {
            // A first byte no member has: step over the whole character.
            if !self.leads[usize::from(b0)] {
                i += usize::from(LEN[usize::from(b0)]);
                continue;
            }
            if b0 < 0x80 {
                return i;
            }
            let member = match b.get(i..i + 3) {
                Some(&[x, y, z]) if x & 0xF0 == 0xE0 => {
                    let c = u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F);
                    self.bits[(c >> 6) as usize & 1023] & (1 << (c & 63)) != 0
                }
                _ => self.contains(decode(b, i).0),
            };
            if member {
                return i;
            }
            i += usize::from(LEN[usize::from(b0)]);
        }
        b.len()
    }

    /// Whether the code point `c` is in the set.
    #[inline]
    pub(crate) fn contains(&self, c: u32) -> bool {
        self.bits.get((c >> 6) as usize).is_some_and(|w| w & (1 << (c & 63)) != 0)
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
