//! Typographic no-break rules: which inter-word spaces must not end a line, per language.
//!
//! UAX #14 allows a break at every space; letters set in Polish (and good typography
//! elsewhere) forbid some: after a one-letter word ("w domu", "i tak"), after abbreviations
//! that introduce a number or a name ("nr 14", "ul. Długa", "§ 12", "Dr Smith"), between a
//! number and its unit or month ("50 zł", "2026 r.", "26 listopada"), between digit groups
//! ("50 000") and before a spaced dash. All tables live here, one set per language.

use crate::locale::Lang;

/// The rule tables of one language.
#[derive(Debug)]
pub struct Rules {
    /// One-letter words that must not end a line (Polish orthotypography).
    pub single_letters: &'static [&'static str],
    /// Tokens after which the space never breaks (abbreviations before a number or name).
    pub no_break_after: &'static [&'static str],
    /// Tokens that stay on the line of a preceding number (units, currencies, "r.").
    pub after_number: &'static [&'static str],
    /// Month names as a date writes them after the day ("26 listopada", "26. November",
    /// "26 November"): they stay on the line of a preceding number, like `after_number`.
    pub months: &'static [&'static str],
    /// Abbreviated months ("Nov."), which only [`Rules::month_before`] ties.
    pub month_abbreviations: &'static [&'static str],
    /// Which number a month (or its abbreviation) keeps on its line when it comes first.
    pub month_before: MonthBefore,
    /// French spacing: a narrow no-break space (U+202F) before `; : ! ? »` and after `«`
    /// (see [`narrow_space_before`]).
    pub narrow_spaces: bool,
}

/// What follows a month on the same line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthBefore {
    /// Nothing: the space after a month may break.
    Nothing,
    /// A four-digit year ("listopada 2026").
    Year,
    /// Any number ("November 26", "November 2026").
    Number,
}

/// Polish: one-letter conjunctions and prepositions, abbreviations, units.
pub static PL: Rules = Rules {
    single_letters: &["a", "i", "o", "u", "w", "z", "A", "I", "O", "U", "W", "Z"],
    no_break_after: &[
        "§", "§§", "nr", "Nr", "nr.", "ul.", "Ul.", "al.", "Al.", "pl.", "Pl.", "os.", "s.",
        "str.", "tel.", "Tel.", "godz.", "pkt", "pkt.", "ust.", "art.", "Art.", "poz.", "im.",
        "św.", "dr", "Dr", "mgr", "Mgr", "inż.", "prof.", "Prof.", "p.", "ks.", "rozdz.", "zob.",
        "por.", "ok.", "Sz.", "Szan.", "P.", "ww.", "w/w",
    ],
    after_number: &[
        "r.", "r", "w.", "zł", "zł.", "gr", "tys.", "mln", "mld", "proc.", "%", "‰", "szt.", "km",
        "m", "kg", "g", "cm", "mm", "l", "ha", "t", "h", "min", "godz.", "s.", "EUR", "PLN", "USD",
        "€", "$", "°C", "dni", "lat", "osób",
    ],
    // Genitive: a date ties them to the day before ("26 listopada") and the year after
    // ("listopada 2026").
    months: &[
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ],
    month_abbreviations: &[],
    month_before: MonthBefore::Year,
    narrow_spaces: false,
};

const EN_MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
];

/// English (British and American).
pub static EN: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "No.", "no.", "Nr.", "S.", "p.", "pp.", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.",
        "Ms.", "Dr.", "Prof.", "St.", "Fig.", "Art.", "Sec.", "Ch.", "Vol.", "Tel.", "Mx",
    ],
    after_number: &[
        "%", "€", "£", "$", "EUR", "GBP", "USD", "PLN", "km", "m", "kg", "g", "cm", "mm", "l",
        "ha", "h", "min", "am", "pm", "a.m.", "p.m.", "days", "years", "per",
    ],
    months: &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    month_abbreviations: EN_MONTH_ABBREVIATIONS,
    month_before: MonthBefore::Number,
    narrow_spaces: false,
};

/// German.
pub static DE: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "Nr.", "S.", "Dr.", "Prof.", "Hr.", "Fr.", "Abs.", "Art.", "Bd.", "Kap.",
        "Tel.", "St.", "z.", "Az.", "Ziff.",
    ],
    after_number: &[
        "%", "€", "EUR", "USD", "PLN", "Uhr", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "h",
        "min", "Mio.", "Mrd.", "Tsd.", "Tage", "Jahre",
    ],
    months: &[
        "Januar",
        "Jänner",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    month_abbreviations: &[],
    month_before: MonthBefore::Nothing,
    narrow_spaces: false,
};

/// French: titles and abbreviations before a name or number, units; the typography's narrow
/// no-break spaces around `; : ! ?` and inside « ».
pub static FR: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "M.", "MM.", "Mme", "Mmes", "Mlle", "Me", "Dr", "Pr", "n°", "N°", "no", "art.",
        "Art.", "p.", "al.", "tél.", "Tél.", "St", "Ste", "chap.",
    ],
    after_number: &[
        "%", "€", "EUR", "USD", "h", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "min", "jours",
        "ans", "mois", "Mio", "Md",
    ],
    months: &crate::locale::more::FR_MONTHS,
    month_abbreviations: &[],
    month_before: MonthBefore::Year,
    narrow_spaces: true,
};

/// Italian.
pub static IT: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "Sig.", "Sig.ra", "Sigg.", "Dott.", "Dott.ssa", "Ing.", "Avv.", "Prof.",
        "Prof.ssa", "Gent.", "Egr.", "Spett.", "n.", "N.", "art.", "Art.", "p.", "pag.", "tel.",
        "Tel.", "cap.",
    ],
    after_number: &[
        "%", "€", "EUR", "USD", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "h", "min", "giorni",
        "anni", "mesi",
    ],
    months: &crate::locale::more::IT_MONTHS,
    month_abbreviations: &[],
    month_before: MonthBefore::Year,
    narrow_spaces: false,
};

/// Spanish.
pub static ES: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "Sr.", "Sra.", "Srta.", "Sres.", "D.", "Dña.", "Dr.", "Dra.", "n.º", "N.º",
        "núm.", "art.", "Art.", "p.", "pág.", "tel.", "Tel.", "C/", "Avda.",
    ],
    after_number: &[
        "%", "€", "EUR", "USD", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "h", "min", "días",
        "años", "meses",
    ],
    months: &crate::locale::more::ES_MONTHS,
    month_abbreviations: &[],
    month_before: MonthBefore::Nothing,
    narrow_spaces: false,
};

/// Czech: one-letter prepositions and conjunctions (k s v z o u a i) never end a line, as in
/// Polish; titles and abbreviations, units.
pub static CS: Rules = Rules {
    single_letters: &[
        "k", "s", "v", "z", "o", "u", "a", "i", "K", "S", "V", "Z", "O", "U", "A", "I",
    ],
    no_break_after: &[
        "§", "§§", "č.", "čj.", "str.", "s.", "tel.", "Tel.", "Ing.", "Mgr.", "MUDr.", "JUDr.",
        "PhDr.", "RNDr.", "Bc.", "doc.", "prof.", "p.", "pí", "ul.", "nám.", "odst.", "písm.",
        "čl.",
    ],
    after_number: &[
        "Kč", "%", "€", "EUR", "CZK", "USD", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "h",
        "hod.", "min", "dnů", "dní", "let", "ks", "tis.", "mil.",
    ],
    months: &crate::locale::more::CS_MONTHS,
    month_abbreviations: &[],
    month_before: MonthBefore::Year,
    narrow_spaces: false,
};

/// Dutch.
pub static NL: Rules = Rules {
    single_letters: &[],
    no_break_after: &[
        "§", "§§", "dhr.", "Dhr.", "mevr.", "Mevr.", "mr.", "Mr.", "dr.", "Dr.", "ir.", "Ir.",
        "drs.", "Drs.", "prof.", "Prof.", "nr.", "Nr.", "blz.", "art.", "Art.", "tel.", "Tel.",
    ],
    after_number: &[
        "%", "€", "EUR", "USD", "km", "m", "kg", "g", "cm", "mm", "l", "ha", "uur", "min", "dagen",
        "jaar", "maanden",
    ],
    months: &crate::locale::more::NL_MONTHS,
    month_abbreviations: &[],
    month_before: MonthBefore::Year,
    narrow_spaces: false,
};

/// The rule tables for `lang`.
pub fn rules(lang: Lang) -> &'static Rules {
    match lang {
        Lang::Pl => &PL,
        Lang::EnGb | Lang::EnUs => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
        Lang::It => &IT,
        Lang::Es => &ES,
        Lang::Cs => &CS,
        Lang::Nl => &NL,
    }
}

/// The narrow no-break space of French typography.
pub const NARROW_NBSP: char = '\u{202F}';

/// Whether `lang` puts a narrow no-break space before `c` (`; : ! ? »` in French).
pub fn narrow_space_before(lang: Lang, c: char) -> bool {
    rules(lang).narrow_spaces && matches!(c, ';' | ':' | '!' | '?' | '»')
}

/// Whether `lang` puts a narrow no-break space after `c` (`«` in French).
pub fn narrow_space_after(lang: Lang, c: char) -> bool {
    rules(lang).narrow_spaces && c == '«'
}

/// Whether a narrow no-break space is inserted before `c` where the text has no space at all
/// (`text` is what precedes `c`): after a letter or digit for `; ! ? »`, never for `:` (times,
/// "12:30") nor inside a web or e-mail address; a space typed before `c` is always replaced.
pub fn insert_narrow_space(text: &str, c: char) -> bool {
    let token = text.rsplit(char::is_whitespace).next().unwrap_or("");
    c != ':'
        && text.ends_with(|p: char| p.is_alphanumeric() || matches!(p, ')' | '…'))
        && !(token.contains("://") || token.starts_with("www.") || token.contains('@'))
        && !(c == '»' && text.ends_with(NARROW_NBSP))
}

/// Opening punctuation stripped before comparing a token with the tables.
fn strip_open(token: &str) -> &str {
    token.trim_start_matches(['(', '[', '{', '„', '"', '\'', '«', '»', '‚', '“', '‘', '‹'])
}

/// Closing punctuation stripped from a token after a number before comparing.
fn strip_close(token: &str) -> &str {
    token.trim_end_matches([
        ',', ';', ':', ')', ']', '}', '”', '"', '\'', '’', '«', '»', '!', '?',
    ])
}

/// Whether `token` is a number: digits with separators, optionally a trailing ordinal dot
/// ("26.", "1,5", "12:30", "2025/2026").
fn is_number(token: &str) -> bool {
    let t = strip_close(strip_open(token)).trim_end_matches('.');
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '/' | '-' | '+' | '−'))
}

/// Whether `token` starts with exactly three digits (a thousands group: "000", "500,00").
fn is_digit_group(token: &str) -> bool {
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    digits == 3 && !token[3..].starts_with(|c: char| c.is_alphabetic())
}

fn in_table(table: &[&str], token: &str) -> bool {
    table.contains(&token)
}

/// How firmly a space holds two words together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// The space may break.
    None,
    /// The space breaks only as a last resort, when every other set of breaks leaves a line
    /// looser than the tolerance: an abbreviation before a long identifier ("nr
    /// FV/2026/08/117"), which would otherwise be an unbreakable block of 20 characters.
    Soft,
    /// The space never breaks.
    Hard,
}

/// An initial: one capital letter and a dot, or several ("J.", "J.R.R.").
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// A long identifier with separators ("FV/2026/08/117", "14/SR/2023").
fn is_identifier(token: &str) -> bool {
    let t = strip_close(token);
    t.chars().count() > 8 && t.contains(['/', '-']) && t.chars().any(|c| c.is_ascii_digit())
}

/// Whether the space between the tokens `prev` and `next` (whitespace-delimited, punctuation
/// included) must not break in `lang`: a [`Tie::Hard`] or [`Tie::Soft`] [`tie`].
pub fn keep_together(lang: Lang, prev: &str, next: &str) -> bool {
    tie(lang, prev, next) != Tie::None
}

/// How the space between the tokens `prev` and `next` holds in `lang`.
pub fn tie(lang: Lang, prev: &str, next: &str) -> Tie {
    if hard(lang, prev, next) {
        Tie::Hard
    } else if in_table(rules(lang).no_break_after, strip_open(prev)) {
        Tie::Soft
    } else {
        Tie::None
    }
}

fn hard(lang: Lang, prev: &str, next: &str) -> bool {
    let rules = rules(lang);
    let p = strip_open(prev);
    // A spaced dash never starts a line.
    if matches!(next, "–" | "—") {
        return true;
    }
    if in_table(rules.single_letters, p) {
        return true;
    }
    if in_table(rules.no_break_after, p) {
        return !is_identifier(next);
    }
    // An initial stays with the name: "J. Kowalski", "A. B. Smith".
    if is_initial(p) && next.starts_with(char::is_uppercase) {
        return true;
    }
    // A month keeps the year after it ("listopada 2026"), or any number ("November 26").
    match rules.month_before {
        MonthBefore::Nothing => {}
        MonthBefore::Year => {
            let year = strip_close(next);
            if in_table(rules.months, p)
                && year.len() == 4
                && year.chars().all(|c| c.is_ascii_digit())
            {
                return true;
            }
        }
        MonthBefore::Number => {
            let month = strip_close(p);
            if (in_table(rules.months, month) || in_table(rules.month_abbreviations, month))
                && is_number(next)
            {
                return true;
            }
        }
    }
    // Groups of a telephone number: "+48 22 615 48 30", "0 800 123 456".
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let p_core = p.strip_prefix('+').unwrap_or(p);
    let n_core = strip_close(next);
    if !p_core.is_empty()
        && digits(p_core)
        && p_core.len() <= 3
        && (2..=3).contains(&n_core.len())
        && digits(n_core)
        && (p.starts_with('+') || n_core.len() == 2 || p_core.len() == 2)
    {
        return true;
    }
    if is_number(prev) {
        let n = strip_close(next);
        let tied = |table| in_table(table, n) || in_table(table, next);
        if tied(rules.after_number) || tied(rules.months) {
            return true;
        }
        let pure = strip_close(p);
        if pure.chars().all(|c| c.is_ascii_digit()) && pure.len() <= 3 && is_digit_group(next) {
            return true;
        }
    }
    false
}

/// Whether a set line ends in a one-letter word that `lang` keeps with the next word ("w",
/// "i", "Z" in Polish): what the rules above prevent, for quality reports.
pub fn ends_with_single_letter(lang: Lang, line: &str) -> bool {
    let last = line.split_whitespace().next_back().unwrap_or("");
    in_table(rules(lang).single_letters, strip_open(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_single_letters() {
        for (a, b) in [
            ("w", "domu"),
            ("i", "tak"),
            ("Z", "poważaniem"),
            ("(a", "także"),
        ] {
            assert!(
                keep_together(Lang::Pl, a, b),
                "{a} {b} must not break in Polish"
            );
        }
        assert!(
            !keep_together(Lang::Pl, "we", "środę"),
            "two letters may end a line"
        );
        assert!(
            !keep_together(Lang::EnGb, "a", "letter"),
            "English has no such rule"
        );
    }

    #[test]
    fn polish_numbers_and_abbreviations() {
        for (a, b) in [
            ("26", "listopada"),
            ("2026", "r."),
            ("2026", "r.,"),
            ("50", "000"),
            ("000", "zł"),
            ("§", "12"),
            ("nr", "14"),
            ("ul.", "Długa"),
            ("al.", "Jerozolimskie"),
            ("pl.", "Grunwaldzki"),
            ("s.", "5"),
            ("tekst", "–"),
        ] {
            assert!(keep_together(Lang::Pl, a, b), "{a} {b} must not break");
        }
        for (a, b) in [("roku", "2026"), ("50", "osobom"), ("12", "1234")] {
            assert!(!keep_together(Lang::Pl, a, b), "{a} {b} may break");
        }
    }

    #[test]
    fn english_and_german() {
        for (a, b) in [
            ("Mr", "Smith"),
            ("Dr", "Who"),
            ("No.", "5"),
            ("November", "26,"),
        ] {
            assert!(
                keep_together(Lang::EnUs, a, b),
                "{a} {b} must not break in English"
            );
        }
        for (a, b) in [
            ("Nr.", "5"),
            ("S.", "12"),
            ("26.", "November"),
            ("10", "Uhr"),
        ] {
            assert!(
                keep_together(Lang::De, a, b),
                "{a} {b} must not break in German"
            );
        }
    }

    /// The no-break cases the contract names, as a dictionary: the spaces of each phrase never break.
    #[test]
    fn issue_cases_never_break() {
        let cases: &[(Lang, &str)] = &[
            (Lang::Pl, "26 listopada 2026 r."),
            (Lang::Pl, "§ 12"),
            (Lang::Pl, "ul. Długa"),
            (Lang::Pl, "nr 14"),
            (Lang::Pl, "50 000 zł"),
            (Lang::Pl, "J. Kowalski"),
            (Lang::Pl, "A. B. Nowak"),
            (Lang::Pl, "+48 22 615 48 30"),
            (Lang::Pl, "w dniu"),
            (Lang::Pl, "i Gdańsku"),
            (Lang::Pl, "o kontakt"),
            (Lang::Pl, "u nas"),
            (Lang::Pl, "a także"),
            (Lang::Pl, "Z poważaniem"),
            (Lang::De, "S. 5"),
            (Lang::De, "Nr. 3"),
            (Lang::De, "J. Müller"),
            (Lang::EnGb, "No. 5"),
            (Lang::EnGb, "Mr Smith"),
            (Lang::EnGb, "J. Smith"),
            (Lang::EnUs, "November 26"),
        ];
        for (lang, phrase) in cases {
            let words: Vec<&str> = phrase.split(' ').collect();
            for w in words.windows(2) {
                assert_eq!(
                    tie(*lang, w[0], w[1]),
                    Tie::Hard,
                    "{lang:?}: `{}` `{}` in \"{phrase}\" must never break",
                    w[0],
                    w[1]
                );
            }
        }
    }

    #[test]
    fn abbreviation_before_a_long_identifier_is_a_soft_tie() {
        assert_eq!(tie(Lang::Pl, "nr", "FV/2026/08/117"), Tie::Soft);
        assert_eq!(tie(Lang::Pl, "nr", "14/SR/2023"), Tie::Soft);
        assert_eq!(tie(Lang::Pl, "nr", "14"), Tie::Hard);
        assert_eq!(tie(Lang::Pl, "faktur", "FV/2026/08/117"), Tie::None);
    }

    #[test]
    fn what_may_still_break() {
        for (lang, a, b) in [
            (Lang::Pl, "Panem", "J."),
            (Lang::Pl, "roku", "2026"),
            (Lang::Pl, "2026", "roku"),
            (Lang::Pl, "2023", "2024"),
            (Lang::Pl, "LISTOPADA", "2026"),
            (Lang::EnGb, "DNA", "Test"),
        ] {
            assert_eq!(tie(lang, a, b), Tie::None, "{a} {b} may break");
        }
    }

    #[test]
    fn single_letter_line_ends() {
        assert!(ends_with_single_letter(Lang::Pl, "pracy w"));
        assert!(ends_with_single_letter(Lang::Pl, "Łodzi, Poznaniu i"));
        assert!(ends_with_single_letter(Lang::Pl, "(a"));
        assert!(!ends_with_single_letter(Lang::Pl, "w Gdańsku."));
        assert!(!ends_with_single_letter(Lang::EnGb, "not a"));
    }

    #[test]
    fn czech_one_letter_prepositions_stay_with_the_next_word() {
        for a in ["k", "s", "v", "z", "o", "u", "a", "i", "V"] {
            assert!(
                keep_together(Lang::Cs, a, "Praze"),
                "{a} must not end a line"
            );
        }
        assert!(keep_together(Lang::Cs, "27.", "listopadu"));
        assert!(keep_together(Lang::Cs, "listopadu", "2026"));
        assert!(keep_together(Lang::Cs, "100", "Kč"));
        assert!(!keep_together(Lang::Cs, "dobrý", "den"));
        assert!(ends_with_single_letter(Lang::Cs, "smlouvy s"));
    }

    #[test]
    fn french_spacing_applies_to_french_only() {
        assert!(narrow_space_before(Lang::Fr, '!'));
        assert!(narrow_space_before(Lang::Fr, '»'));
        assert!(narrow_space_after(Lang::Fr, '«'));
        assert!(!narrow_space_before(Lang::EnGb, '!'));
        assert!(!narrow_space_before(Lang::Cs, ';'));
        assert!(insert_narrow_space("Bonjour", '!'));
        assert!(!insert_narrow_space("12", ':'));
        assert!(!insert_narrow_space("voir https://exemple.fr/a", '?'));
        assert!(!insert_narrow_space("Quoi ?", '!'));
        assert!(keep_together(Lang::Fr, "M.", "Dupont"));
        assert!(keep_together(Lang::Fr, "27", "novembre"));
        assert!(keep_together(Lang::Fr, "novembre", "2026"));
    }
}
