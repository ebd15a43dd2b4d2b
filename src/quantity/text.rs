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
    if !s.chars().any(needs_normalizing) {
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
    fn groups_thousands() {
        assert_eq!(group_thousands("1361000.5"), "1,361,000.5");
        assert_eq!(group_thousands("-100"), "-100");
        assert_eq!(group_thousands("1000"), "1,000");
    }
}
