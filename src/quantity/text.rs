//! Character-level helpers shared by the quantity parser and printer.

use std::borrow::Cow;

/// Whether `c` is a CJK ideograph (the characters of Chinese words).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '〇')
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

/// `s.trim_end()`, without decoding when the last byte cannot end whitespace.
pub(crate) fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        // ASCII whitespace, and the last bytes of the other whitespace characters.
        Some(0x09..=0x0D | 0x20 | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) => s.trim_end(),
        _ => s,
    }
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
