//! Escaping: the one place where text of the report becomes markup.
//!
//! Every renderer of this crate writes the report's text through these
//! functions, and hooks of other crates should too:
//!
//! - [`html`]: text in HTML content and in quoted attribute values, by the
//!   [`html-escape`](https://docs.rs/html-escape) crate (`&`, `<`, `>`,
//!   `"` and `'` become character references), so a report's text can
//!   never open a tag or leave an attribute;
//! - [`markdown`]: text inside a CommonMark paragraph, heading, list item
//!   or table cell, with backslash escapes, so it reads back as the same
//!   text and never as markup;
//! - [`plain`]: text in plain-text output, with control characters made
//!   spaces.
//!
//! ```
//! use workreport::render::escape;
//!
//! let mut out = String::new();
//! escape::html(&mut out, r#"<img src=x onerror="alert('XSS')">"#)?;
//! assert_eq!(out, "&lt;img src=x onerror=&quot;alert(&#x27;XSS&#x27;)&quot;&gt;");
//!
//! let mut md = String::new();
//! escape::markdown(&mut md, "*not* [a link](x) <b> snake_case _word_")?;
//! assert_eq!(md, r"\*not\* \[a link\](x) \<b\> snake_case \_word\_");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

/// Writes `text` escaped for HTML content or a quoted attribute value.
///
/// # Errors
///
/// Only when `out` fails.
pub fn html(out: &mut dyn fmt::Write, text: &str) -> fmt::Result {
    // Most text has nothing to escape: find the first byte that needs it
    // with a table, and hand the rest to the crate.
    let first = text.bytes().position(|b| HTML_CARE[usize::from(b)]);
    match first {
        None => out.write_str(text),
        Some(i) => {
            // `i` is an ASCII byte: a character boundary.
            let (head, tail) = text.split_at_checked(i).unwrap_or((text, ""));
            out.write_str(head)?;
            out.write_str(&html_escape::encode_quoted_attribute(tail))
        }
    }
}

/// The bytes [`html`] escapes.
static HTML_CARE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// `text` escaped for HTML content or a quoted attribute value, borrowed
/// when there is nothing to escape.
///
/// ```
/// use workreport::render::escape;
///
/// assert_eq!(escape::html_str("5次"), "5次");
/// assert_eq!(escape::html_str("a & b"), "a &amp; b");
/// ```
pub fn html_str(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

/// The index of the first 8-byte chunk from `i` on that may hold a byte
/// [`markdown`] must look at. Chinese text is all bytes of `0x80` and up,
/// none `0xC2` (the lead byte of C1 controls), so it is skipped eight
/// bytes at a time.
fn skip_markdown_plain(bytes: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let x = u64::from_le_bytes(chunk);
        let y = x ^ (ONES * 0xC2);
        let has_c2 = y.wrapping_sub(ONES) & !y & HIGH != 0;
        if x & HIGH != HIGH || has_c2 {
            break;
        }
        i += 8;
    }
    i
}

/// The bytes [`markdown`] looks at: markup characters, `_`, controls,
/// and the first byte of a C1 control.
static MARKDOWN_CARE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    let special = b"\\`*[]<>#|~&_";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t
};

/// Writes `text` escaped for inline CommonMark (a paragraph, heading, list
/// item or GFM table cell): ASCII punctuation that could start markup is
/// backslash-escaped, `_` unless it stands between two letters or digits
/// (where it cannot emphasise), and line breaks and other control
/// characters become spaces, so the text stays on its line.
///
/// A block's first characters need more (`-`, `+`, `1.`); the Markdown
/// renderer handles them when it writes a block.
///
/// # Errors
///
/// Only when `out` fails.
pub fn markdown(out: &mut dyn fmt::Write, text: &str) -> fmt::Result {
    // Every character that needs care is ASCII or a C1 control (`0xC2
    // 0x80..=0x9F` in UTF-8), so the text is scanned by bytes and copied
    // in runs.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_markdown_plain(bytes, i);
        // Then, a byte at a time, up to the next byte that needs care.
        let Some(n) = bytes.get(i..).and_then(|rest| rest.iter().position(|b| MARKDOWN_CARE[usize::from(*b)])) else {
            break;
        };
        i += n;
        let Some(&b) = bytes.get(i) else { break };
        let (replace, skip) = match b {
            b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'>' | b'#' | b'|' | b'~' | b'&' => ("\\", 0),
            b'_' => {
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let prev = text.get(..i).and_then(|t| t.chars().next_back());
                let next = text.get(i + 1..).and_then(|t| t.chars().next());
                if word(prev) && word(next) {
                    i += 1;
                    continue;
                }
                ("\\", 0)
            }
            0x00..=0x1F | 0x7F => (" ", 1),
            0xC2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) => (" ", 2),
            0xC2 => {
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_str(text.get(start..i).unwrap_or_default())?;
        out.write_str(replace)?;
        // A control character is replaced; a special one follows its backslash.
        start = i + skip;
        i += skip.max(1);
    }
    out.write_str(text.get(start..).unwrap_or_default())
}

/// Writes `text` for plain-text output: line breaks, tabs and other
/// control characters become spaces, so one paragraph stays one paragraph.
///
/// # Errors
///
/// Only when `out` fails.
pub fn plain(out: &mut dyn fmt::Write, text: &str) -> fmt::Result {
    if !text.chars().any(char::is_control) {
        return out.write_str(text);
    }
    for c in text.chars() {
        out.write_char(if c.is_control() { ' ' } else { c })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        let mut out = String::new();
        markdown(&mut out, s).unwrap();
        out
    }

    #[test]
    fn markdown_escapes_markup_and_keeps_words() {
        assert_eq!(md("ideology_review_meetings"), "ideology_review_meetings");
        assert_eq!(md("_a_"), r"\_a\_");
        assert_eq!(md("a\nb\tc"), "a b c");
        assert_eq!(md("x & y | z"), r"x \& y \| z");
        assert_eq!(md("中文_文字"), "中文_文字");
    }
}
