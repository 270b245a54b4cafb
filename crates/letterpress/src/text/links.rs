//! Links in the body: where the paragraph's text links to, and bare web and e-mail addresses.
//!
//! [`super::inline`] records `[text](url)` and `<url>` links by their byte range in the
//! paragraph's text, and finds bare addresses (`https://…`, `www.…`, `name@host.tld`) with
//! [`find_bare`]; the layout turns each into a link annotation over the glyphs that show it.

use std::ops::Range;

/// A link of a paragraph: the bytes of the paragraph's text (its spans joined) that show it and
/// where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// Byte range in the paragraph's text.
    pub range: Range<usize>,
    /// The target: a URL (`https:`, `mailto:`, …).
    pub url: String,
}

/// Characters that end a bare address when they come last (sentence punctuation, closing
/// brackets and quotes).
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '”', '’', '»',
];

/// Bare web and e-mail addresses in `text`, by byte range, with their URL.
///
/// ```
/// use letterpress::text::links::find_bare;
/// let found = find_bare("See www.example.com/a, or write to ann@example.co.uk.");
/// assert_eq!(found[0].url, "https://www.example.com/a");
/// assert_eq!(found[1].url, "mailto:ann@example.co.uk");
/// ```
pub fn find_bare(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let mut start = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let token = word
            .trim_end()
            .trim_start_matches(['(', '[', '"', '„', '“', '«', '\'']);
        let lead = word.len()
            - word
                .trim_start_matches(['(', '[', '"', '„', '“', '«', '\''])
                .len();
        let token = token.trim_end_matches(TRAILING);
        if let Some(url) = url_of(token) {
            let from = start + lead;
            out.push(Link {
                range: from..from + token.len(),
                url,
            });
        }
        start += word.len();
    }
    out
}

/// The URL a bare token stands for, if it is a web or e-mail address.
fn url_of(token: &str) -> Option<String> {
    let lower = token.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://")) && token.len() > 8 {
        return Some(token.to_string());
    }
    if lower.starts_with("www.") && token[4..].contains('.') {
        return Some(format!("https://{token}"));
    }
    let (user, host) = token.split_once('@')?;
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let tld = host.rsplit('.').next().unwrap_or("");
    let host_ok = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    (user_ok && host_ok).then(|| format!("mailto:{token}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_without_their_punctuation() {
        let text = "Write (to ann@example.com), see https://example.com/x?a=1. Or www.firm.pl!";
        let found = find_bare(text);
        let shown: Vec<&str> = found.iter().map(|l| &text[l.range.clone()]).collect();
        assert_eq!(
            shown,
            [
                "ann@example.com",
                "https://example.com/x?a=1",
                "www.firm.pl"
            ]
        );
    }

    #[test]
    fn words_with_at_signs_or_dots_are_not_addresses() {
        for text in [
            "@home", "a@b", "x@y.z1", "www.", "e.g.", "http://", "3 @ 5.00",
        ] {
            assert!(find_bare(text).is_empty(), "{text}");
        }
    }
}
