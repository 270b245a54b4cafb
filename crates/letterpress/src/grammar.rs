//! Letter grammar: the conventions of business letters in each language that a spell checker
//! does not know, checked after [`resolve`](crate::resolve()) so that defaults count too.
//!
//! | language | rule |
//! |---|---|
//! | `pl`, `de` | after a salutation ending with a comma the body starts in lower case ([`Rule::LowerCaseAfterComma`]) |
//! | `pl`, `de` | no comma (or full stop) after the closing, "Z poważaniem", "Mit freundlichen Grüßen" ([`Rule::NoPunctuationAfterClosing`]) |
//! | `en-GB` | "Dear Sir or Madam" pairs with "Yours faithfully", a salutation by name with "Yours sincerely" ([`Rule::BritishClosing`]) |
//! | `en-US` | a business salutation ends with a colon: "Dear Ms. Doe:" ([`Rule::UsColon`]) |
//! | `cs` | no comma (or full stop) after the closing, "S pozdravem" ([`Rule::NoPunctuationAfterClosing`]) |
//! | `es` | the salutation ends with a colon, "Estimados señores:" ([`Rule::SalutationColon`]) |
//! | `fr` | the closing formula repeats the salutation: "Monsieur," … "Veuillez agréer, Monsieur, …" ([`Rule::FrenchClosingAddress`]) |
//! | `nl` | after the salutation the body starts with a capital ([`Rule::CapitalAfterSalutation`]) |
//! | all | `recipient_title` only chooses a Polish salutation, and only when `opening` is left out ([`Rule::RecipientTitle`]) |
//!
//! Each problem is a [`Finding`] naming the line it is on and the fix; [`check`] turns them
//! into [`Warning`]s, which never stop a render.
//!
//! ```
//! use letterpress::{grammar, load_letter_str, resolve, Env, Resources};
//!
//! let letter = load_letter_str(
//!     "language: pl\nrecipient: [Jan Kowalski]\nopening: Szanowny Panie,\nbody: Piszę w sprawie umowy.\nclosing: Z poważaniem,\n",
//!     "letter.yaml",
//! )?;
//! let resolved = resolve(&letter, None, &Env::default(), &Resources::new())?;
//! let warnings = grammar::check(&letter, &resolved);
//! assert_eq!(warnings.len(), 2);
//! assert!(warnings[0].message.contains("„piszę”"), "{}", warnings[0].message);
//! assert!(warnings[1].message.contains("remove the comma after „Z poważaniem”"));
//! assert!(warnings[1].message.contains("letter.yaml:5:22"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::Serialize;
use serde_saphyr::Spanned;

use crate::error::{Origin, Warning};
use crate::locale::{classify_salutation, Lang, Salutation};
use crate::resolve::Resolved;
use crate::spec::Letter;
use crate::text::Block;

mod intl;

/// Which convention a [`Finding`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rule {
    /// Polish and German: after "Szanowny Panie," / "Sehr geehrte Frau Schulz," the first word
    /// of the body is written in lower case (unless it is a name, a noun in German, or a
    /// courtesy pronoun such as "Pan", "Państwo", "Sie", "Ihr").
    LowerCaseAfterComma,
    /// Polish and German: the closing ("Z poważaniem", "Mit freundlichen Grüßen") takes no comma.
    NoPunctuationAfterClosing,
    /// British English: "Dear Sir or Madam" pairs with "Yours faithfully", "Dear Mr Smith"
    /// with "Yours sincerely".
    BritishClosing,
    /// American English: the salutation of a business letter ends with a colon.
    UsColon,
    /// Spanish: the salutation ends with a colon ("Estimado Sr. García:"), never a comma.
    SalutationColon,
    /// French: the closing formula repeats the salutation ("Madame," … "Veuillez agréer,
    /// Madame, …").
    FrenchClosingAddress,
    /// Dutch: after the salutation the body starts with a capital letter.
    CapitalAfterSalutation,
    /// `recipient_title` has no effect: the letter is not Polish, or it gives an `opening`.
    RecipientTitle,
    /// A `{{ field }}` placeholder left in a letter that is rendered, not merged: it would
    /// be printed as written.
    Placeholder,
}

/// One grammar problem: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The convention.
    pub rule: Rule,
    /// What is wrong ("comma after „Z poważaniem”").
    pub message: String,
    /// Where, when the text was written in the letter (a default has no place).
    pub origin: Option<Origin>,
    /// The fix, as an instruction ("remove the comma after „Z poważaniem”").
    pub fix: String,
}

impl fmt::Display for Finding {
    /// `message at file:line:column (fix)`, as [`Error`](crate::Error) is displayed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(o) = &self.origin {
            write!(f, " at {o}")?;
        }
        write!(f, " ({})", self.fix)
    }
}

impl From<Finding> for Warning {
    fn from(f: Finding) -> Warning {
        let origin = f.origin.clone();
        Warning::new(f.to_string()).at(origin)
    }
}

/// The grammar warnings of a resolved letter, in the order of the letter's keys.
///
/// ```
/// use letterpress::{grammar, load_letter_str, resolve, Env, Resources};
///
/// let letter = load_letter_str(
///     "language: en-US\nrecipient: [Ms. Jane Doe]\nopening: Dear Ms. Doe,\nbody: Thank you.\n",
///     "letter.yaml",
/// )?;
/// let resolved = resolve(&letter, None, &Env::default(), &Resources::new())?;
/// let w = grammar::check(&letter, &resolved);
/// assert_eq!(w.len(), 1);
/// assert!(w[0].message.contains(r#"opening: "Dear Ms. Doe:""#), "{}", w[0].message);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(letter: &Letter, resolved: &Resolved) -> Vec<Warning> {
    findings(letter, resolved)
        .into_iter()
        .map(Warning::from)
        .collect()
}

/// The grammar problems of a resolved letter with their places and fixes (what [`check`]
/// reports as warnings); a front end can show each as a snippet.
///
/// ```
/// use letterpress::{grammar, load_letter_str, resolve, Env, Resources};
///
/// let letter = load_letter_str(
///     "language: en-GB\nrecipient: [Acme Ltd]\nopening: Dear Sir or Madam,\nbody: Thank you.\nclosing: Yours sincerely\n",
///     "letter.yaml",
/// )?;
/// let resolved = resolve(&letter, None, &Env::default(), &Resources::new())?;
/// let f = grammar::findings(&letter, &resolved);
/// assert_eq!(f[0].rule, grammar::Rule::BritishClosing);
/// assert_eq!(f[0].origin.as_ref().map(|o| o.line), Some(5));
/// assert_eq!(f[0].fix, "write `closing: Yours faithfully`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn findings(letter: &Letter, resolved: &Resolved) -> Vec<Finding> {
    let mut out = placeholders(letter);
    recipient_title(letter, resolved, &mut out);
    match resolved.lang {
        Lang::Pl | Lang::De => {
            lower_case_after_comma(letter, resolved, &mut out);
            no_punctuation_after_closing(letter, resolved, &mut out);
        }
        Lang::Cs => no_punctuation_after_closing(letter, resolved, &mut out),
        Lang::EnGb => british_closing(letter, resolved, &mut out),
        Lang::EnUs => us_colon(letter, resolved, &mut out),
        Lang::Es => intl::spanish_colon(letter, resolved, &mut out),
        Lang::Fr => intl::french_closing(letter, resolved, &mut out),
        Lang::Nl => intl::dutch_capital(letter, resolved, &mut out),
        Lang::It => {}
    }
    out
}

/// The `{{ field }}` placeholders left in a letter's texts (at most one per field), each at its
/// place: a letter meant for `merge` rendered on its own prints them as written.
///
/// ```
/// let letter = letterpress::load_letter_str("recipient: [A]\nbody: Dear {{ name }},\n", "l.yaml")?;
/// let f = letterpress::grammar::placeholders(&letter);
/// assert_eq!(f[0].origin.as_ref().map(|o| (o.line, o.column)), Some((2, 12)));
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn placeholders(letter: &Letter) -> Vec<Finding> {
    let src = &letter.source;
    let mut found: Vec<(&str, &str, Option<Origin>)> = Vec::new();
    crate::fields::visit(&letter.spec, &mut |k, value| {
        if k.kind == crate::fields::Kind::Setting && !matches!(k.key, "date" | "recipient_title") {
            return;
        }
        if let Some((at, text)) = placeholder(value) {
            let origin = match k.loc {
                Some(loc) => src.origin_in_value(&loc, value, at),
                None => None,
            };
            found.push((k.key, text, origin));
        }
    });
    found
        .into_iter()
        .map(|(name, text, origin)| Finding {
            rule: Rule::Placeholder,
            message: format!("`{name}` holds the placeholder `{text}`, which is printed as written"),
            origin,
            fix: "fill it from data with `letterpress merge LETTER --data DATA`, or write the text in its place".into(),
        })
        .collect()
}

/// The first `{{ … }}` in `text`: its byte offset and itself.
fn placeholder(text: &str) -> Option<(usize, &str)> {
    let start = text.find("{{")?;
    let end = start + text[start..].find("}}")? + 2;
    Some((start, &text[start..end]))
}

/// Quote `s` as the language does: „Polish”, „German“, “English”.
fn q(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Pl => format!("„{s}”"),
        Lang::De => format!("„{s}“"),
        Lang::EnGb | Lang::EnUs | Lang::Nl => format!("“{s}”"),
        Lang::Cs => format!("„{s}“"),
        Lang::Fr => format!("«\u{202F}{s}\u{202F}»"),
        Lang::It | Lang::Es => format!("«{s}»"),
    }
}

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Pl => "Polish",
        Lang::EnGb => "British",
        Lang::EnUs => "US",
        Lang::De => "German",
        Lang::Fr => "French",
        Lang::It => "Italian",
        Lang::Es => "Spanish",
        Lang::Cs => "Czech",
        Lang::Nl => "Dutch",
    }
}

/// The place of a key's value.
/// The place of the body's first word (starting with `first`), spanning the word.
fn body_word_origin(letter: &Letter, first: char, word: &str) -> Option<Origin> {
    let mut origin = letter
        .source
        .origin_of_char(&letter.spec.body.referenced, first)
        .or_else(|| at(letter, &letter.spec.body));
    if let Some(o) = origin.as_mut() {
        o.width = word.chars().count();
    }
    origin
}

fn at(letter: &Letter, v: &Spanned<String>) -> Option<Origin> {
    letter.source.origin(&v.referenced)
}

/// The place of the last `ch` on the line where `v` is written (the comma at the end of a
/// closing), or the value's place when the line does not hold it.
fn at_last(letter: &Letter, v: &Spanned<String>, ch: char) -> Option<Origin> {
    let mut o = at(letter, v)?;
    let from = o.column.saturating_sub(1);
    // Search the value's part of the line, before any trailing comment.
    let line: Vec<char> = o.source_line.chars().collect();
    let mut end = line.len();
    for i in from..line.len() {
        if line[i] == '#' && i > 0 && line[i - 1] == ' ' {
            end = i;
            break;
        }
    }
    if let Some(i) = (from..end).rev().find(|&i| line[i] == ch) {
        o.column = i + 1;
        o.width = 1;
    }
    Some(o)
}

// ---------------------------------------------------------------------------------------------
// Polish and German

/// Words written with a capital letter whatever their place: courtesy forms of address.
const PL_CAPITALISED: &[&str] = &[
    "Pan",
    "Pana",
    "Panu",
    "Panem",
    "Panie",
    "Pani",
    "Panią",
    "Panowie",
    "Panów",
    "Panom",
    "Paniom",
    "Panie",
    "Państwo",
    "Państwa",
    "Państwu",
    "Państwem",
    "Wy",
    "Was",
    "Wam",
    "Wami",
    "Wasz",
    "Wasza",
    "Wasze",
    "Waszego",
    "Waszej",
    "Waszemu",
    "Waszym",
    "Waszą",
    "Wasi",
    "Waszych",
    "Waszymi",
    "Ty",
    "Ciebie",
    "Cię",
    "Tobie",
    "Tobą",
    "Twój",
    "Twoja",
    "Twoje",
    "Twojego",
    "Twojej",
    "Twoim",
    "Twoją",
];

/// German courtesy pronouns, and titles that are followed by a name.
const DE_CAPITALISED: &[&str] = &[
    "Sie", "Ihnen", "Ihr", "Ihre", "Ihrer", "Ihren", "Ihrem", "Ihres", "Herr", "Herrn", "Frau",
    "Dr", "Prof", "Firma",
];

/// The first word of the body, when the body starts with a paragraph.
fn first_word(body: &[Block]) -> Option<String> {
    let Some(Block::Paragraph(spans) | Block::Linked(spans, _)) = body.first() else {
        return None;
    };
    let text: String = spans
        .iter()
        .take(4)
        .map(|s| s.text.as_str())
        .collect::<String>();
    let word: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == '’')
        .collect();
    (!word.is_empty()).then_some(word)
}

fn lower_case_after_comma(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    if !r.opening.trim_end().ends_with(',') {
        return; // "Szanowny Panie!" and "Sehr geehrte Damen und Herren!" start with a capital
    }
    let Some(word) = first_word(&r.body) else {
        return;
    };
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return;
    };
    if !first.is_uppercase() {
        return;
    }
    // Acronyms and names with inner capitals ("NIP", "GmbH", "McKinsey") stay as they are.
    if chars.any(char::is_uppercase) {
        return;
    }
    let exempt = match r.lang {
        Lang::Pl => PL_CAPITALISED,
        _ => DE_CAPITALISED,
    };
    if exempt.contains(&word.trim_end_matches('.')) {
        return;
    }
    let lower: String = first.to_lowercase().chain(word.chars().skip(1)).collect();
    let origin = body_word_origin(letter, first, &word);
    let lang = r.lang;
    let unless = match lang {
        Lang::De => " (unless it is a noun or a name)",
        _ => " (unless it is a name)",
    };
    out.push(Finding {
        rule: Rule::LowerCaseAfterComma,
        message: format!(
            "the body starts with {} after a salutation ending with a comma ({}); a {} letter then goes on in lower case{unless}",
            q(lang, &word),
            q(lang, r.opening.trim()),
            language_name(lang),
        ),
        origin,
        fix: format!("write {} with a small letter", q(lang, &lower)),
    });
}

fn no_punctuation_after_closing(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    let Some(closing) = &letter.spec.closing else {
        return; // the default closing is right
    };
    let text = closing.value.trim();
    let Some(last) = text.chars().last() else {
        return;
    };
    let what = match last {
        ',' => "comma",
        '.' => "full stop",
        _ => return,
    };
    let bare = text[..text.len() - last.len_utf8()].trim_end();
    let lang = r.lang;
    out.push(Finding {
        rule: Rule::NoPunctuationAfterClosing,
        message: format!(
            "{what} after {}: {} letters put no punctuation after the closing",
            q(lang, bare),
            language_name(lang)
        ),
        origin: at_last(letter, closing, last),
        fix: format!("remove the {what} after {}", q(lang, bare)),
    });
}

// ---------------------------------------------------------------------------------------------
// British English

fn british_closing(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    let closing = r.closing.trim().trim_end_matches([',', '.']).to_lowercase();
    let (want, why) = match (classify_salutation(&r.opening), closing.as_str()) {
        (Salutation::Unnamed, "yours sincerely" | "sincerely" | "sincerely yours") => (
            "Yours faithfully",
            format!(
                "{} pairs with “Yours faithfully” in a British letter, not with {}",
                q(Lang::EnGb, r.opening.trim().trim_end_matches([',', ':'])),
                q(Lang::EnGb, r.closing.trim())
            ),
        ),
        (Salutation::Named, "yours faithfully" | "faithfully" | "faithfully yours") => (
            "Yours sincerely",
            format!(
                "a salutation by name ({}) pairs with “Yours sincerely” in a British letter, not with {}",
                q(Lang::EnGb, r.opening.trim().trim_end_matches([',', ':'])),
                q(Lang::EnGb, r.closing.trim())
            ),
        ),
        _ => return,
    };
    // Keep the writer's punctuation style ("Yours sincerely," stays with a comma).
    let comma = if r.closing.trim_end().ends_with(',') {
        ","
    } else {
        ""
    };
    let (origin, fix) = match &letter.spec.closing {
        Some(c) => (at(letter, c), format!("write `closing: {want}{comma}`")),
        None => (
            letter.spec.opening.as_ref().and_then(|o| at(letter, o)),
            format!("add `closing: {want}` (the default closing follows a salutation by name)"),
        ),
    };
    out.push(Finding {
        rule: Rule::BritishClosing,
        message: why,
        origin,
        fix,
    });
}

// ---------------------------------------------------------------------------------------------
// American English

fn us_colon(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    salutation_colon(letter, r, out, Rule::UsColon, "a US business");
}

/// The salutation of a `whose` letter ends with a colon (US business letters, Spanish letters).
fn salutation_colon(
    letter: &Letter,
    r: &Resolved,
    out: &mut Vec<Finding>,
    rule: Rule,
    whose: &str,
) {
    let Some(opening) = &letter.spec.opening else {
        return; // the default, "Dear Sir or Madam:", "Estimados señores:", has its colon
    };
    let text = opening.value.trim();
    if text.is_empty() || text.ends_with(':') {
        return;
    }
    let (bare, what) = match text.chars().last() {
        Some(c @ (',' | ';' | '.' | '!')) => (
            text[..text.len() - c.len_utf8()].trim_end(),
            format!("replace the {} with a colon", punctuation_name(c)),
        ),
        _ => (text, "end it with a colon".to_string()),
    };
    let origin = match text.chars().last() {
        Some(c @ (',' | ';' | '.' | '!')) => at_last(letter, opening, c),
        _ => at(letter, opening),
    };
    out.push(Finding {
        rule,
        message: format!(
            "{} ends without a colon: the salutation of {whose} letter takes one",
            q(r.lang, text)
        ),
        origin,
        // A colon at the end of a plain YAML value starts a mapping, so the value is quoted.
        fix: format!("{what}: `opening: \"{bare}:\"` (in quotes, because of the colon)"),
    });
}

fn punctuation_name(c: char) -> &'static str {
    match c {
        ',' => "comma",
        ';' => "semicolon",
        '.' => "full stop",
        _ => "exclamation mark",
    }
}

// ---------------------------------------------------------------------------------------------
// recipient_title

fn recipient_title(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    let Some(title) = &letter.spec.recipient_title else {
        return;
    };
    if r.lang != Lang::Pl {
        out.push(Finding {
            rule: Rule::RecipientTitle,
            message: format!(
                "`recipient_title` chooses only Polish salutations; this letter is in `{}`, so it has no effect",
                r.lang.tag()
            ),
            origin: at(letter, title),
            fix: match r.lang {
                _ if letter.spec.opening.is_some() => "remove `recipient_title`".into(),
                Lang::De => "remove it and write the salutation with the name: `opening: Sehr geehrte Frau Schulz,`".into(),
                Lang::EnUs => "remove it and write the salutation with the name: `opening: \"Dear Ms. Doe:\"`".into(),
                _ => "remove it and write the salutation with the name: `opening: Dear Ms Doe,`".into(),
            },
        });
    } else if letter.spec.opening.is_some() {
        out.push(Finding {
            rule: Rule::RecipientTitle,
            message: "`recipient_title` has no effect because the letter gives its own `opening`"
                .into(),
            origin: at(letter, title),
            fix: "remove `recipient_title`, or remove `opening` to get the salutation it chooses"
                .into(),
        });
    }
}
