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
