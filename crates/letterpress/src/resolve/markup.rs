//! The markup of the body, `ps`, `cc` lines and enclosure titles, checked where it is written:
//! constructs a letter does not set and nesting too deep are errors at their line and column,
//! naming the key.

use super::cascade::Ctx;
use crate::spec::{LetterSpec, SourceFile, Spanned};
use crate::text::inline::parse_body_markup;
use crate::text::{refusals, Block};

/// Parse `text` (the value of key `what`) as body markup, pushing an error for each refused
/// construct.
pub(super) fn parse(
    cx: &mut Ctx,
    lf: &SourceFile,
    what: &str,
    text: &Spanned<String>,
) -> Vec<Block> {
    let markup = parse_body_markup(&text.value);
    for e in refusals::errors(&markup, what, |offset| {
        lf.origin_in_value(&text.referenced, &text.value, offset)
    }) {
        cx.push(e);
    }
    markup.blocks
}

/// Check the markup of `ps`, each `cc` line and each enclosure title (the layout parses them
/// again when it sets them).
pub(super) fn check_closing(cx: &mut Ctx, lf: &SourceFile, l: &LetterSpec) {
    if let Some(ps) = &l.ps {
        parse(cx, lf, "ps", ps);
    }
    for cc in &l.cc {
        parse(cx, lf, "cc", cc);
    }
    for e in &l.enclosures {
        parse(cx, lf, "enclosures", &e.title);
    }
}
