//! Hyphenation: which words may be hyphenated and where (hypher's TeX patterns, with our
//! minimum fragment lengths per language).
//!
//! Words are whitespace-delimited tokens; only a purely alphabetic core (surrounding
//! punctuation stripped) is hyphenated, or its word part after an elided article or
//! preposition ("l'en-tre-prise", "dell'a-zien-da": the part after the last apostrophe). Tokens with digits, e-mail addresses, URLs, explicit
//! hyphens or soft hyphens, ALL-CAPS abbreviations and words with inner capitals ("iPhone",
//! "McKinsey") are left whole.

use crate::locale::Lang;

/// Shortest fragment left before a hyphen, in letters. Polish and German typesetting rules
/// ask for at least two ("współ-", never "w-"); hypher's bounds are never weakened.
pub const MIN_LEFT: usize = 2;
/// Shortest fragment carried to the next line, in letters: three, so that no line starts
/// with a two-letter ending ("-cy", "-en" stay put), as TeX's English `\righthyphenmin=3`.
pub const MIN_RIGHT: usize = 3;

/// The (left, right) minimum fragment lengths used for `lang`.
pub fn bounds(lang: Lang) -> (usize, usize) {
    let (l, r) = lang.hypher().bounds();
    (l.max(MIN_LEFT), r.max(MIN_RIGHT))
}

/// Whether a whitespace-delimited token may be hyphenated at all.
pub fn is_hyphenatable(token: &str) -> bool {
    if token.chars().any(|c| c.is_numeric())
        || token.contains('@')
        || token.contains("://")
        || token.starts_with("www.")
        || token.contains(['-', '\u{2010}', '\u{2011}', '\u{AD}', '/', '\\', '_'])
    {
        return false;
    }
    let Some((_, word)) = word_part(core(token)) else {
        return false;
    };
    // A capital after the first letter: ALL-CAPS abbreviations ("NIP", "REGON") and brand
    // names ("GmbH", "iPhone") stay whole.
    !word.chars().skip(1).any(char::is_uppercase)
}

/// The part of a core that is hyphenated, with its byte offset in the core: all of it, or
/// the word after an elision ("l'entreprise", "dell’azienda", "c'est"); `None` when it is
/// not letters (an apostrophe only after letters).
fn word_part(core: &str) -> Option<(usize, &str)> {
    let (start, word) = match core.rfind(['\'', '\u{2019}']) {
        Some(i) => {
            let prefix = &core[..i];
            let elided = prefix
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}'));
            if prefix.is_empty() || !elided {
                return None;
            }
            let start = i + core[i..].chars().next()?.len_utf8();
            (start, &core[start..])
        }
        None => (0, core),
    };
    (!word.is_empty() && word.chars().all(char::is_alphabetic)).then_some((start, word))
}

/// The alphabetic core of a token: leading and trailing non-letters stripped.
fn core(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphabetic())
}

/// Byte offsets inside `token` where a hyphen may be inserted.
pub fn hyphenation_points(token: &str, lang: Lang) -> Vec<usize> {
    let mut points = Vec::new();
    if !is_hyphenatable(token) {
        return points;
    }
    let Some((start, word)) = word_part(core(token)) else {
        return points;
    };
    let (left, right) = bounds(lang);
    if word.chars().count() < left + right {
        return points;
    }
    let offset = token.len() - token.trim_start_matches(|c: char| !c.is_alphabetic()).len();
    let mut pos = offset + start;
    let mut syllables = hypher::hyphenate_bounded(word, lang.hypher(), left, right).peekable();
    while let Some(syllable) = syllables.next() {
        pos += syllable.len();
        if syllables.peek().is_some() {
            points.push(pos);
        }
    }
    points
}

/// `token` with "-" at every hyphenation point, for tests and diagnostics.
pub fn show(token: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(token.len() + 8);
    let mut last = 0;
    for p in hyphenation_points(token, lang) {
        out.push_str(&token[last..p]);
        out.push('-');
        last = p;
    }
    out.push_str(&token[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dictionary-style check: `expected` is the word with "-" at the allowed points.
    #[track_caller]
    fn test(lang: Lang, expected: &str) {
        let word = expected.replace('-', "");
        assert_eq!(
            show(&word, lang),
            expected,
            "hyphenation of {word:?} in {lang:?}"
        );
    }

    #[test]
    fn polish() {
        test(Lang::Pl, "przed-się-bior-stwa");
        test(Lang::Pl, "wy-kształ-ciu-chy");
        test(Lang::Pl, "Sza-nowni");
        // Three letters at least on the new line: not "współ-pra-cy", "za-wia-da-mia-my".
        test(Lang::Pl, "współ-pracy");
        test(Lang::Pl, "za-wia-da-miamy");
        test(Lang::Pl, "umowy");
        test(Lang::Pl, "dom");
    }

    #[test]
    fn german() {
        test(Lang::De, "Zu-sam-men-ar-beit");
        test(Lang::De, "Rech-nung");
        test(Lang::De, "Ge-schäfts-füh-rer");
    }

    #[test]
    fn english() {
        test(Lang::EnGb, "ex-ten-sive");
        test(Lang::EnUs, "in-voice");
        test(Lang::EnGb, "agree-ment");
    }

    #[test]
    fn punctuation_is_kept_outside() {
        test(Lang::Pl, "(przed-się-bior-stwa),");
        test(Lang::Pl, "„wy-kształ-ciu-chy”");
    }

    #[test]
    fn never_hyphenated() {
        for token in [
            "2026r.",
            "jan.kowalski@example.com",
            "https://example.com/umowy",
            "www.example.com",
            "REGON",
            "NATO",
            "iPhone",
            "GmbH",
            "e-mail",
            "Kowalski-Żółtowski",
            "współ\u{AD}praca",
            "K2",
        ] {
            assert_eq!(
                hyphenation_points(token, Lang::Pl),
                Vec::<usize>::new(),
                "{token} must stay whole"
            );
        }
    }

    #[test]
    fn the_languages_of_version_two_hyphenate() {
        for (lang, word) in [
            (Lang::Fr, "collaboration"),
            (Lang::It, "collaborazione"),
            (Lang::Es, "colaboración"),
            (Lang::Cs, "spolupráce"),
            (Lang::Nl, "samenwerking"),
        ] {
            let shown = show(word, lang);
            assert!(shown.contains('-'), "{lang:?}: {shown}");
            assert_eq!(shown.replace('-', ""), word);
        }
        test(Lang::Nl, "sa-men-wer-king");
    }

    #[test]
    fn elided_words_are_hyphenated_in_their_word_part() {
        for (lang, token) in [
            (Lang::Fr, "l'entreprise"),
            (Lang::Fr, "d’administration,"),
            (Lang::It, "dell'organizzazione"),
            (Lang::It, "all’amministrazione"),
        ] {
            let points = hyphenation_points(token, lang);
            let apostrophe = token.find(['\'', '\u{2019}']).expect("apostrophe");
            assert!(!points.is_empty(), "{token}: {}", show(token, lang));
            assert!(
                points.iter().all(|&p| p > apostrophe + 2),
                "{token}: {}",
                show(token, lang)
            );
        }
        test(Lang::Fr, "l'en-tre-prise");
        // Too short after the elision (the right minimum of three letters keeps "dell'azien-da"
        // whole too), or not a word: whole.
        for token in ["c'est", "aujourd'hui", "rock'n'roll2", "dell'azienda"] {
            assert!(hyphenation_points(token, Lang::Fr).is_empty(), "{token}");
        }
    }
}
