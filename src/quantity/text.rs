//! Character-level helpers shared by the quantity parser and printer.

use std::borrow::Cow;

/// Whether `c` is a CJK ideograph (the characters of Chinese words).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '〇')
}

/// Whether every character of `s` is a CJK ideograph ([`is_cjk`]), without
/// decoding U+4000–U+9FFF.
pub(crate) fn all_cjk(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(ideograph) = lead_is_cjk(bytes, i) {
            if !ideograph {
                return false;
            }
            i += 3;
            continue;
        }
        match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) if is_cjk(c) => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// Whether `c` is a character that [`normalize`] rewrites or removes.
fn needs_normalizing(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00A0}')
}

/// Rewrites full-width ASCII forms (`１２３`, `％`, `．`) as ASCII, the
/// ideographic and no-break spaces as spaces, and drops zero-width
/// characters. Borrows when there is nothing to rewrite.
pub(crate) fn normalize(s: &str) -> Cow<'_, str> {
    // Every such character is encoded with one of these lead bytes; CJK
    // ideographs (E4–E9) and ASCII are not.
    let maybe = s.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF));
    if !maybe || !s.chars().any(needs_normalizing) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                // The full-width block mirrors ASCII 0x21..=0x7E; `～` stays a range mark.
                if c == '～' {
                    out.push(c);
                } else if let Some(a) = char::from_u32(u32::from(c) - 0xFEE0) {
                    out.push(a);
                }
            }
            '\u{3000}' | '\u{00A0}' => out.push(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The first three bytes of a character of U+0800..=U+FFFF (all Chinese
/// words of the parser) as one integer, to `match` on.
pub(crate) const fn key3(c: char) -> u32 {
    let c = c as u32;
    ((0xE0 | (c >> 12)) << 16) | ((0x80 | ((c >> 6) & 0x3F)) << 8) | (0x80 | (c & 0x3F))
}

/// The three bytes at `i` as [`key3`] packs them; `None` past the end.
#[inline]
pub(crate) fn key3_at(bytes: &[u8], i: usize) -> Option<u32> {
    match bytes.get(i..i + 3)? {
        &[a, b, c] => Some(u32::from_be_bytes([0, a, b, c])),
        _ => None,
    }
}

/// What [`detect_lang`](super::parse) asks of a text, gathered while
/// normalising it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Marks {
    /// A CJK ideograph ([`is_cjk`]).
    pub(crate) cjk: bool,
    /// An ASCII letter other than the placeholder marks `X` and `x`.
    pub(crate) latin: bool,
    /// A `,`.
    pub(crate) comma: bool,
}

/// For each ASCII byte: 1 for a letter other than `X` and `x`, 2 for `,`.
const ASCII_MARKS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() && c != b'X' && c != b'x' {
            t[b] = 1;
        }
        if c == b',' {
            t[b] = 2;
        }
        b += 1;
    }
    t
};

/// The bytes of [`normalize`]d short texts, kept on the stack; longer
/// ones go to a `String`.
#[derive(Debug)]
pub(crate) struct NormalizeBuf {
    small: [u8; 64],
    large: String,
}

impl NormalizeBuf {
    pub(crate) fn new() -> NormalizeBuf {
        NormalizeBuf { small: [0; 64], large: String::new() }
    }
}

/// [`normalize`] in one pass that also gathers the [`Marks`] of the
/// result; writes into `buf` only when there is something to rewrite.
pub(crate) fn normalize_marked<'a>(s: &'a str, buf: &'a mut NormalizeBuf) -> (&'a str, Marks) {
    let bytes = s.as_bytes();
    let mut ascii = 0u8;
    let mut cjk = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            ascii |= ASCII_MARKS[usize::from(b)];
            i += 1;
        } else if let Some(ideograph) = lead_is_cjk(bytes, i) {
            cjk |= ideograph;
            i += 3;
        } else {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else { break };
            if needs_normalizing(c) {
                return rewrite(s, i, ascii, cjk, buf);
            }
            cjk |= is_cjk(c);
            i += c.len_utf8();
        }
    }
    (s, Marks::new(ascii, cjk))
}

/// For a character with lead byte E4–E9 at `i` (U+4000–U+9FFF, none of
/// which [`normalize`] rewrites): whether it is CJK, which all are but
/// U+4DC0–U+4DFF (E4 B7 xx). `None` for other characters.
#[inline]
fn lead_is_cjk(bytes: &[u8], i: usize) -> Option<bool> {
    match bytes[i] {
        0xE5..=0xE9 => Some(true),
        0xE4 => Some(bytes.get(i + 1) != Some(&0xB7)),
        _ => None,
    }
}

impl Marks {
    fn new(ascii: u8, cjk: bool) -> Marks {
        Marks { cjk, latin: ascii & 1 != 0, comma: ascii & 2 != 0 }
    }

    fn of(t: &str) -> Marks {
        let ascii = t.bytes().filter(u8::is_ascii).fold(0, |m, b| m | ASCII_MARKS[usize::from(b)]);
        Marks::new(ascii, t.chars().any(is_cjk))
    }
}

/// The rest of [`normalize_marked`] once the character at `start` needs
/// rewriting; `ascii` and `cjk` are the marks of `s[..start]`.
#[cold]
fn rewrite<'a>(s: &'a str, start: usize, mut ascii: u8, mut cjk: bool, buf: &'a mut NormalizeBuf) -> (&'a str, Marks) {
    let bytes = s.as_bytes();
    if bytes.len() > buf.small.len() {
        buf.large = normalize(s).into_owned();
        return (buf.large.as_str(), Marks::of(&buf.large));
    }
    // The text only shrinks: every rewritten character becomes one byte or none.
    let out = &mut buf.small;
    out[..start].copy_from_slice(&bytes[..start]);
    let mut o = start;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        // Full-width forms U+FF01–U+FF5D (EF BC 81..=BF, EF BD 80..=9D)
        // mirror ASCII 0x21–0x7D.
        let folded = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (0xEF, Some(0xBC), Some(&c @ 0x81..=0xBF)) => Some(c - 0x60),
            (0xEF, Some(0xBD), Some(&c @ 0x80..=0x9D)) => Some(c - 0x20),
            (0x00..=0x7F, ..) => Some(b),
            _ => None,
        };
        if let Some(a) = folded {
            ascii |= ASCII_MARKS[usize::from(a)];
            out[o] = a;
            o += 1;
            i += if b < 0x80 { 1 } else { 3 };
            continue;
        }
        if let Some(ideograph) = lead_is_cjk(bytes, i) {
            cjk |= ideograph;
            out[o..o + 3].copy_from_slice(&bytes[i..i + 3]);
            o += 3;
            i += 3;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else { break };
        let len = c.len_utf8();
        match c {
            '\u{3000}' | '\u{00A0}' => {
                out[o] = b' ';
                o += 1;
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            _ => {
                cjk |= is_cjk(c);
                out[o..o + len].copy_from_slice(&bytes[i..i + len]);
                o += len;
            }
        }
        i += len;
    }
    match std::str::from_utf8(&buf.small[..o]) {
        Ok(t) => (t, Marks::new(ascii, cjk)),
        // Whole characters were copied or replaced by ASCII: not reached.
        Err(_) => {
            buf.large = normalize(s).into_owned();
            (buf.large.as_str(), Marks::of(&buf.large))
        }
    }
}

/// `s.trim_start()`, without decoding when the first byte cannot begin
/// whitespace (the parser trims at every step).
pub(crate) fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        // ASCII whitespace, and the lead bytes of U+0085, U+00A0, U+1680,
        // U+2000–U+205F and U+3000.
        Some(0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3) => s.trim_start(),
        _ => s,
    }
}

/// `s.trim_end()`, without decoding when the last character cannot be
/// whitespace.
pub(crate) fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b.len();
    let maybe_space = match b.last() {
        None => false,
        Some(0x09..=0x0D | 0x20) => true,
        Some(0x00..=0x7F) => false,
        // The non-ASCII whitespace characters are U+0085 and U+00A0 (lead
        // byte C2) and U+1680, U+2000–U+205F and U+3000 (lead bytes E1–E3):
        // a CJK ideograph (E4–E9) ends no such sequence.
        Some(_) => (n >= 2 && b[n - 2] == 0xC2) || (n >= 3 && matches!(b[n - 3], 0xE1..=0xE3)),
    };
    if maybe_space { s.trim_end() } else { s }
}

/// `s.trim()`, see [`trim_start`].
pub(crate) fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// Inserts `,` between groups of three digits in the integer part of a
/// plain decimal string: `1361000.5` → `1,361,000.5`.
pub(crate) fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", number),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_full_width_forms() {
        assert_eq!(normalize("９．７％\u{200B}　"), "9.7% ");
        assert!(matches!(normalize("30余万元"), Cow::Borrowed(_)));
    }

    #[test]
    fn trims_like_the_standard_library() {
        let spaces: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        for space in spaces {
            for s in
                [format!("{space}30次{space}"), format!("{space}{space}"), format!("元{space}"), format!("{space}万")]
            {
                assert_eq!(trim(&s), s.trim(), "{:?}", s);
                assert_eq!(trim_start(&s), s.trim_start(), "{:?}", s);
                assert_eq!(trim_end(&s), s.trim_end(), "{:?}", s);
            }
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands("1361000.5"), "1,361,000.5");
        assert_eq!(group_thousands("-100"), "-100");
        assert_eq!(group_thousands("1000"), "1,000");
    }
}
