//! Languages: labels, date grammar and the hyphenation language of each supported locale.

use serde::Serialize;

pub(crate) mod more;

/// A supported letter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Lang {
    /// Polish (`pl`).
    Pl,
    /// British English (`en-GB`).
    EnGb,
    /// American English (`en-US`).
    EnUs,
    /// German (`de`).
    De,
    /// French (`fr`).
    Fr,
    /// Italian (`it`).
    It,
    /// Spanish (`es`).
    Es,
    /// Czech (`cs`).
    Cs,
    /// Dutch (`nl`).
    Nl,
}

impl Lang {
    /// The hyphenation patterns used for this language.
    pub(crate) fn hypher(self) -> hypher::Lang {
        match self {
            Lang::Pl => hypher::Lang::Polish,
            Lang::EnGb | Lang::EnUs => hypher::Lang::English,
            Lang::De => hypher::Lang::German,
            Lang::Fr => hypher::Lang::French,
            Lang::It => hypher::Lang::Italian,
            Lang::Es => hypher::Lang::Spanish,
            Lang::Cs => hypher::Lang::Czech,
            Lang::Nl => hypher::Lang::Dutch,
        }
    }
}

use chrono::NaiveDate;

impl Lang {
    /// Parse a language tag as the contract spells it (`pl`, `en-GB`, `en-US`, `de`, `fr`, `it`,
    /// `es`, `cs`, `nl`); case, `_` and a region (`fr-BE`, `it-CH`, `nl-BE`) are forgiven.
    ///
    /// ```
    /// use letterpress::locale::Lang;
    /// assert_eq!(Lang::parse("en-GB"), Some(Lang::EnGb));
    /// assert_eq!(Lang::parse("de_AT"), Some(Lang::De));
    /// assert_eq!(Lang::parse("fr-CH"), Some(Lang::Fr));
    /// assert_eq!(Lang::parse("sk"), None);
    /// ```
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "pl" | "pl-pl" => Some(Lang::Pl),
            "en-gb" | "en" => Some(Lang::EnGb),
            "en-us" => Some(Lang::EnUs),
            "de" | "de-de" | "de-at" | "de-ch" => Some(Lang::De),
            "fr" | "fr-fr" | "fr-be" | "fr-ch" | "fr-ca" | "fr-lu" => Some(Lang::Fr),
            "it" | "it-it" | "it-ch" => Some(Lang::It),
            "es" | "es-es" => Some(Lang::Es),
            "cs" | "cs-cz" => Some(Lang::Cs),
            "nl" | "nl-nl" | "nl-be" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// The accepted tags, for messages.
    pub const TAGS: &'static [&'static str] =
        &["pl", "en-GB", "en-US", "de", "fr", "it", "es", "cs", "nl"];

    /// The BCP 47 tag written into the PDF (`/Lang`).
    ///
    /// ```
    /// assert_eq!(letterpress::locale::Lang::EnUs.tag(), "en-US");
    /// ```
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::EnGb => "en-GB",
            Lang::EnUs => "en-US",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Es => "es",
            Lang::Cs => "cs",
            Lang::Nl => "nl",
        }
    }

    /// The layout used when neither the letter nor the letterhead names one.
    ///
    /// ```
    /// use letterpress::locale::Lang;
    /// assert_eq!(Lang::EnUs.default_layout(), "us-letter");
    /// assert_eq!(Lang::De.default_layout(), "din5008-b");
    /// ```
    pub fn default_layout(self) -> &'static str {
        match self {
            Lang::EnUs => "us-letter",
            Lang::Fr => "nf",
            _ => "din5008-b",
        }
    }

    /// The date as a letter prints it: "26 listopada 2026 r.", "26 November 2026",
    /// "November 26, 2026", "26. November 2026".
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use letterpress::locale::Lang;
    /// let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// assert_eq!(Lang::Pl.format_date(d), "26 listopada 2026 r.");
    /// assert_eq!(Lang::EnUs.format_date(d), "November 26, 2026");
    /// ```
    pub fn format_date(self, date: NaiveDate) -> String {
        use chrono::Locale;
        match self {
            Lang::Pl => format!("{} r.", date.format_localized("%-d %B %Y", Locale::pl_PL)),
            Lang::EnGb => date
                .format_localized("%-d %B %Y", Locale::en_GB)
                .to_string(),
            Lang::EnUs => date
                .format_localized("%B %-d, %Y", Locale::en_US)
                .to_string(),
            Lang::De => date
                .format_localized("%-d. %B %Y", Locale::de_DE)
                .to_string(),
            _ => more::format_date(self, date),
        }
    }

    /// The date line: "Warszawa, 26 listopada 2026 r." (the place is optional).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use letterpress::locale::Lang;
    /// let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// assert_eq!(Lang::De.date_line(Some("München"), d), "München, 26. November 2026");
    /// assert_eq!(Lang::EnGb.date_line(None, d), "26 November 2026");
    /// ```
    pub fn date_line(self, place: Option<&str>, date: NaiveDate) -> String {
        let d = self.format_date(date);
        match place.map(str::trim).filter(|p| !p.is_empty()) {
            // French letters date "Lyon, le 27 novembre 2026" (the article before the day).
            Some(p) if self == Lang::Fr => format!("{p}, le {d}"),
            Some(p) => format!("{p}, {d}"),
            None => d,
        }
    }

    /// "Strona 2 z 3", "Page 2 of 3", "Seite 2 von 3".
    ///
    /// ```
    /// assert_eq!(letterpress::locale::Lang::Pl.page_of(2, 3), "Strona 2 z 3");
    /// ```
    pub fn page_of(self, page: usize, total: usize) -> String {
        match self {
            Lang::Pl => format!("Strona {page} z {total}"),
            Lang::EnGb | Lang::EnUs => format!("Page {page} of {total}"),
            Lang::De => format!("Seite {page} von {total}"),
            _ => more::page_of(self, page, total),
        }
    }

    /// The label of the enclosures list.
    ///
    /// ```
    /// use letterpress::locale::Lang;
    /// assert_eq!(Lang::Pl.enclosures_label(1), "Załącznik:");
    /// assert_eq!(Lang::De.enclosures_label(2), "Anlagen:");
    /// ```
    pub fn enclosures_label(self, count: usize) -> &'static str {
        match (self, count) {
            (Lang::Pl, 1) => "Załącznik:",
            (Lang::Pl, _) => "Załączniki:",
            (Lang::EnGb | Lang::EnUs, 1) => "Enclosure:",
            (Lang::EnGb | Lang::EnUs, _) => "Enclosures:",
            (Lang::De, 1) => "Anlage:",
            (Lang::De, _) => "Anlagen:",
            _ => more::enclosures_label(self, count),
        }
    }

    /// The label of the copies list.
    ///
    /// ```
    /// assert_eq!(letterpress::locale::Lang::Pl.cc_label(), "Do wiadomości:");
    /// ```
    pub fn cc_label(self) -> &'static str {
        match self {
            Lang::Pl => "Do wiadomości:",
            Lang::EnGb | Lang::EnUs => "cc:",
            Lang::De => "Verteiler:",
            _ => more::cc_label(self),
        }
    }

    /// The postscript prefix.
    ///
    /// ```
    /// assert_eq!(letterpress::locale::Lang::EnUs.ps_label(), "P.S.");
    /// ```
    pub fn ps_label(self) -> &'static str {
        match self {
            Lang::Pl => "PS",
            Lang::EnGb => "PS",
            Lang::EnUs => "P.S.",
            Lang::De => "PS:",
            _ => more::ps_label(self),
        }
    }

    /// A localised label for a known reference key; other keys are printed as written.
    ///
    /// ```
    /// use letterpress::locale::Lang;
    /// assert_eq!(Lang::De.reference_label("your_ref"), "Ihr Zeichen");
    /// assert_eq!(Lang::Pl.reference_label("Projekt"), "Projekt");
    /// ```
    pub fn reference_label(self, key: &str) -> String {
        let known = match (key, self) {
            ("your_ref", Lang::Pl) => "Wasz znak",
            ("your_ref", Lang::EnGb | Lang::EnUs) => "Your ref",
            ("your_ref", Lang::De) => "Ihr Zeichen",
            ("our_ref", Lang::Pl) => "Nasz znak",
            ("our_ref", Lang::EnGb | Lang::EnUs) => "Our ref",
            ("our_ref", Lang::De) => "Unser Zeichen",
            ("your_letter", Lang::Pl) => "Pismo z dnia",
            ("your_letter", Lang::EnGb | Lang::EnUs) => "Your letter of",
            ("your_letter", Lang::De) => "Ihr Schreiben vom",
            ("customer_no", Lang::Pl) => "Nr klienta",
            ("customer_no", Lang::EnGb | Lang::EnUs) => "Customer no.",
            ("customer_no", Lang::De) => "Kundennummer",
            ("invoice_no", Lang::Pl) => "Nr faktury",
            ("invoice_no", Lang::EnGb | Lang::EnUs) => "Invoice no.",
            ("invoice_no", Lang::De) => "Rechnungsnummer",
            _ => return more::reference_label(self, key),
        };
        known.to_string()
    }

    /// Labels of the sender's contact lines in the information block.
    ///
    /// ```
    /// assert_eq!(letterpress::locale::Lang::De.contact_labels().0, "Telefon");
    /// ```
    pub fn contact_labels(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Lang::Pl => ("tel.", "e-mail", "www"),
            Lang::EnGb | Lang::EnUs => ("Tel.", "Email", "Web"),
            Lang::De => ("Telefon", "E-Mail", "Web"),
            _ => more::contact_labels(self),
        }
    }

    /// The alternative text of a signature image.
    pub fn signature_alt(self, name: &str) -> String {
        match self {
            Lang::Pl => format!("Podpis: {name}"),
            Lang::EnGb | Lang::EnUs => format!("Signature of {name}"),
            Lang::De => format!("Unterschrift von {name}"),
            _ => more::signature_alt(self, name),
        }
    }

    /// The salutation when the letter gives none. A Polish letter with a `recipient_title`
    /// is addressed in the recipient's gender; other languages need the name ("Dear Ms Doe,",
    /// "Sehr geehrte Frau Schulz,"), so they ignore the title and use the general form.
    ///
    /// ```
    /// use letterpress::locale::{Lang, RecipientTitle};
    /// assert_eq!(Lang::Pl.default_opening(Some(RecipientTitle::Pani)), "Szanowna Pani,");
    /// assert_eq!(Lang::Pl.default_opening(None), "Szanowni Państwo,");
    /// assert_eq!(Lang::EnUs.default_opening(Some(RecipientTitle::Pan)), "Dear Sir or Madam:");
    /// ```
    pub fn default_opening(self, title: Option<RecipientTitle>) -> &'static str {
        match (self, title) {
            (Lang::Pl, Some(RecipientTitle::Pan)) => "Szanowny Panie,",
            (Lang::Pl, Some(RecipientTitle::Pani)) => "Szanowna Pani,",
            (Lang::Pl, Some(RecipientTitle::Panstwo)) => "Szanowni Państwo,",
            _ => self.general_opening(),
        }
    }

    /// The salutation to a recipient whose name is not known.
    fn general_opening(self) -> &'static str {
        match self {
            Lang::Pl => "Szanowni Państwo,",
            Lang::EnGb => "Dear Sir or Madam,",
            Lang::EnUs => "Dear Sir or Madam:",
            Lang::De => "Sehr geehrte Damen und Herren,",
            _ => more::general_opening(self),
        }
    }

    /// Whether the date opens the flow at the left margin (US block style) rather than
    /// standing at the foot of the right column beside the address (European letters).
    ///
    /// ```
    /// use letterpress::locale::Lang;
    /// assert!(Lang::EnUs.date_in_flow());
    /// assert!(!Lang::De.date_in_flow());
    /// ```
    pub fn date_in_flow(self) -> bool {
        matches!(self, Lang::EnUs)
    }

    /// The complimentary close when the letter gives none, for the salutation the letter opens
    /// with (British usage closes an unnamed salutation, "Dear Sir or Madam", with "Yours
    /// faithfully" and any other with "Yours sincerely").
    ///
    /// ```
    /// use letterpress::locale::{Lang, Salutation};
    /// assert_eq!(Lang::EnGb.default_closing(Salutation::Unnamed), "Yours faithfully");
    /// assert_eq!(Lang::EnGb.default_closing(Salutation::Named), "Yours sincerely");
    /// assert_eq!(Lang::Pl.default_closing(Salutation::Named), "Z poważaniem");
    /// ```
    pub fn default_closing(self, salutation: Salutation) -> &'static str {
        match self {
            Lang::Pl => "Z poważaniem",
            Lang::EnGb if salutation == Salutation::Unnamed => "Yours faithfully",
            Lang::EnGb => "Yours sincerely",
            Lang::EnUs => "Sincerely,",
            Lang::De => "Mit freundlichen Grüßen",
            _ => more::default_closing(self),
        }
    }
}

/// How an English salutation addresses its reader: British usage closes an unnamed one with
/// "Yours faithfully" and a named one with "Yours sincerely". The one classifier of
/// salutations: resolve picks the default closing by it and `grammar` checks the pair by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Salutation {
    /// "Dear Sir or Madam", "Dear Sir", "Dear Sirs": the reader's name is not known.
    Unnamed,
    /// "Dear Mr Smith", "Dear Jane".
    Named,
    /// Anything else ("Dear Hiring Manager", "Dear Colleagues"): no rule applies.
    Other,
}

const UNNAMED: &[&str] = &[
    "sir or madam",
    "madam or sir",
    "sir/madam",
    "sir / madam",
    "madam/sir",
    "sir",
    "madam",
    "sirs",
    "sir(s)",
];

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "father",
    "councillor",
    "judge",
    "captain",
];

/// Generic words after "Dear" that are not a name.
const NOT_NAMES: &[&str] = &[
    "colleague",
    "colleagues",
    "customer",
    "customers",
    "client",
    "clients",
    "friend",
    "friends",
    "member",
    "members",
    "partner",
    "partners",
    "team",
    "all",
    "everyone",
    "editor",
    "reader",
    "applicant",
    "supplier",
    "neighbour",
    "neighbours",
    "parent",
    "parents",
    "resident",
    "residents",
];

/// Classify an English salutation ("Dear Sir,", "Dear Mr Smith,", "Dear Colleagues,").
///
/// ```
/// use letterpress::locale::{classify_salutation, Salutation};
/// assert_eq!(classify_salutation("Dear Sir,"), Salutation::Unnamed);
/// assert_eq!(classify_salutation("Dear Ms Brown:"), Salutation::Named);
/// assert_eq!(classify_salutation("Dear Colleagues,"), Salutation::Other);
/// ```
pub fn classify_salutation(opening: &str) -> Salutation {
    let o = opening
        .trim()
        .trim_end_matches([',', ':', '!', '.', ';'])
        .trim();
    let Some(rest) = o.strip_prefix("Dear ").or_else(|| o.strip_prefix("dear ")) else {
        return Salutation::Other;
    };
    let rest = rest.trim();
    let lower = rest.to_lowercase();
    if UNNAMED.contains(&lower.as_str()) {
        return Salutation::Unnamed;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Salutation::Other;
    };
    let first_l = first.trim_end_matches('.').to_lowercase();
    if TITLES.contains(&first_l.as_str()) && words.len() >= 2 {
        return Salutation::Named;
    }
    let capitalised = first.chars().next().is_some_and(char::is_uppercase);
    if words.len() == 1 && capitalised && !NOT_NAMES.contains(&first_l.as_str()) {
        return Salutation::Named; // "Dear Jane"
    }
    Salutation::Other
}

/// How a Polish letter addresses its recipient (`recipient_title:`), which chooses the gender
/// of the salutation when `opening` is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RecipientTitle {
    /// A man: "Szanowny Panie,".
    Pan,
    /// A woman: "Szanowna Pani,".
    Pani,
    /// Several people, a firm or an unknown recipient: "Szanowni Państwo,".
    Panstwo,
}

impl RecipientTitle {
    /// The accepted values, for messages.
    pub const NAMES: &'static [&'static str] = &["Pan", "Pani", "Państwo"];

    /// Parse a title as written (case is forgiven, and so is "Panstwo" without the accent).
    ///
    /// ```
    /// use letterpress::locale::RecipientTitle;
    /// assert_eq!(RecipientTitle::parse("pani"), Some(RecipientTitle::Pani));
    /// assert_eq!(RecipientTitle::parse("Państwo"), Some(RecipientTitle::Panstwo));
    /// assert_eq!(RecipientTitle::parse("Herr"), None);
    /// ```
    pub fn parse(s: &str) -> Option<RecipientTitle> {
        match s.trim().to_lowercase().as_str() {
            "pan" => Some(RecipientTitle::Pan),
            "pani" => Some(RecipientTitle::Pani),
            "państwo" | "panstwo" => Some(RecipientTitle::Panstwo),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_salutations_are_classified() {
        assert_eq!(
            classify_salutation("Dear Sir or Madam,"),
            Salutation::Unnamed
        );
        assert_eq!(classify_salutation("Dear Sirs"), Salutation::Unnamed);
        assert_eq!(classify_salutation("Dear Mr Smith,"), Salutation::Named);
        assert_eq!(classify_salutation("Dear Dr. Jones"), Salutation::Named);
        assert_eq!(classify_salutation("Dear Sir John,"), Salutation::Named);
        assert_eq!(classify_salutation("Dear Jane,"), Salutation::Named);
        assert_eq!(classify_salutation("Dear Colleagues,"), Salutation::Other);
        assert_eq!(
            classify_salutation("Dear Hiring Manager,"),
            Salutation::Other
        );
        assert_eq!(classify_salutation("Hello,"), Salutation::Other);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn dates_use_each_language_grammar() {
        let date = d(2026, 11, 26);
        assert_eq!(
            Lang::Pl.date_line(Some("Warszawa"), date),
            "Warszawa, 26 listopada 2026 r."
        );
        assert_eq!(Lang::EnGb.format_date(date), "26 November 2026");
        assert_eq!(Lang::EnUs.format_date(date), "November 26, 2026");
        assert_eq!(Lang::De.format_date(date), "26. November 2026");
        assert_eq!(Lang::Pl.format_date(d(2027, 5, 1)), "1 maja 2027 r.");
        assert_eq!(Lang::De.format_date(d(2027, 3, 1)), "1. März 2027");
    }

    #[test]
    fn labels_are_localised() {
        assert_eq!(Lang::Pl.page_of(2, 3), "Strona 2 z 3");
        assert_eq!(Lang::EnGb.page_of(2, 3), "Page 2 of 3");
        assert_eq!(Lang::De.page_of(2, 3), "Seite 2 von 3");
        assert_eq!(Lang::Pl.enclosures_label(2), "Załączniki:");
        assert_eq!(Lang::De.cc_label(), "Verteiler:");
        assert_eq!(Lang::De.reference_label("your_ref"), "Ihr Zeichen");
        assert_eq!(Lang::Pl.reference_label("Projekt"), "Projekt");
    }

    #[test]
    fn tags_parse_forgivingly() {
        assert_eq!(Lang::parse("en_gb"), Some(Lang::EnGb));
        assert_eq!(Lang::parse("PL"), Some(Lang::Pl));
        assert_eq!(Lang::parse("sk"), None);
    }
}
