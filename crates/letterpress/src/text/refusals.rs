//! The body's refused markup as errors with their place and a hint.
//!
//! [`super::inline`] finds the constructs a letter does not set (headings, code, raw HTML,
//! images, footnotes, rules) and lists and quotes nested too deeply; this module words them as
//! [`Error`]s, each at its line and column in the letter file.

use super::inline::{Markup, MAX_NESTING};
use crate::error::{Error, ErrorKind, Origin};

/// The most refusals reported for one body: the rest are the same mistake again.
pub const MAX_REPORTED: usize = 20;

/// One error per refused construct (at most [`MAX_REPORTED`]) and one for nesting too deep, in
/// the value of key `what` ("body", "ps", …); `place` turns a byte offset in the value into its
/// place in the file.
pub fn errors(markup: &Markup, what: &str, place: impl Fn(usize) -> Option<Origin>) -> Vec<Error> {
    let mut out: Vec<Error> = markup
        .refused
        .iter()
        .take(MAX_REPORTED)
        .map(|r| {
            Error::new(ErrorKind::InvalidValue {
                what: what.into(),
                value: r.written.clone(),
                reason: format!("{} cannot be set in a letter", r.what),
            })
            .at(place(r.offset))
            .hint(r.hint)
        })
        .collect();
    if let Some(e) = markup.too_deep {
        out.push(
            Error::new(ErrorKind::Limit(e.to_string()))
                .at(place(e.offset))
                .hint(format!(
                    "a list inside a list is written with two spaces more indentation; \
                     keep to {MAX_NESTING} levels (a `- ` or `> ` that starts a line's text \
                     opens a level: write `\\-` for a literal dash)"
                )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::inline::parse_body_markup;

    #[test]
    fn every_refused_construct_is_an_error_with_a_hint() {
        let src = "# Title\n\nText `code` <b>x</b> ![logo](a.png) note[^1].\n\n[^1]: n\n\n---\n\n    indented\n";
        let errs = errors(&parse_body_markup(src), "body", |_| None);
        let msgs: Vec<String> = errs.iter().map(|e| e.kind.to_string()).collect();
        for what in [
            "a heading",
            "inline code",
            "raw HTML",
            "an image",
            "a footnote reference",
            "a footnote cannot",
            "a horizontal rule",
            "a code block",
        ] {
            assert!(
                msgs.iter().any(|m| m.contains(what)),
                "{what} not in {msgs:#?}"
            );
        }
        assert!(
            errs.iter().all(|e| e.hint.is_some()),
            "every error has a hint"
        );
    }

    #[test]
    fn plain_letters_are_not_refused() {
        let src = "Dear Ann,\n\nthank you — *really*.\n\n- a\n- b\n\n> quoted\n\n| a | b |\n|---|--:|\n| x | 1 |\n\nSee <https://example.com> or [us](mailto:a@b.c).  \nNext line.\n";
        assert!(errors(&parse_body_markup(src), "body", |_| None).is_empty());
    }
}
