//! The languages of version 2 of the format: French, Italian, Spanish, Czech and Dutch.
//! Their date grammar, labels and defaults, one function per part of the letter; `Lang`'s
//! methods call these for every language they do not spell out themselves.

use chrono::{Datelike, NaiveDate};

use super::Lang;

/// French month names.
pub(crate) const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
/// Italian month names.
pub(crate) const IT_MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
/// Spanish month names.
pub(crate) const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
/// Czech month names in the genitive, as a date writes them ("27. listopadu").
pub(crate) const CS_MONTHS: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];
/// Dutch month names.
pub(crate) const NL_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Month names as a date writes them after the day.
fn months(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Fr => FR_MONTHS,
        Lang::It => IT_MONTHS,
        Lang::Es => ES_MONTHS,
        Lang::Cs => CS_MONTHS,
        _ => NL_MONTHS,
    }
}

/// "27 novembre 2026" (the first of a month "1er novembre"), "27 novembre 2026",
/// "27 de noviembre de 2026", "27. listopadu 2026", "27 november 2026".
pub(super) fn format_date(lang: Lang, date: NaiveDate) -> String {
    let (d, y) = (date.day(), date.year());
    let m = months(lang)[date.month0() as usize];
    match lang {
        Lang::Fr if d == 1 => format!("1er {m} {y}"),
        Lang::Es => format!("{d} de {m} de {y}"),
        Lang::Cs => format!("{d}. {m} {y}"),
        _ => format!("{d} {m} {y}"),
    }
}

/// "Page 2 sur 3", "Pagina 2 di 3", "Página 2 de 3", "Strana 2 z 3", "Pagina 2 van 3".
pub(super) fn page_of(lang: Lang, page: usize, total: usize) -> String {
    let (word, of) = match lang {
        Lang::Fr => ("Page", "sur"),
        Lang::It => ("Pagina", "di"),
        Lang::Es => ("Página", "de"),
        Lang::Cs => ("Strana", "z"),
        _ => ("Pagina", "van"),
    };
    format!("{word} {page} {of} {total}")
}

/// The label of the enclosures list (French puts a narrow no-break space before the colon).
pub(super) fn enclosures_label(lang: Lang, count: usize) -> &'static str {
    match (lang, count) {
        (Lang::Fr, 1) => "Pièce jointe\u{202F}:",
        (Lang::Fr, _) => "Pièces jointes\u{202F}:",
        (Lang::It, 1) => "Allegato:",
        (Lang::It, _) => "Allegati:",
        (Lang::Es, 1) => "Anexo:",
        (Lang::Es, _) => "Anexos:",
        (Lang::Cs, 1) => "Příloha:",
        (Lang::Cs, _) => "Přílohy:",
        (_, 1) => "Bijlage:",
        _ => "Bijlagen:",
    }
}

/// The label of the copies list.
pub(super) fn cc_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Copie\u{202F}:",
        Lang::It => "Per conoscenza:",
        Lang::Es => "Con copia a:",
        Lang::Cs => "Na vědomí:",
        _ => "Kopie aan:",
    }
}

/// The postscript prefix.
pub(super) fn ps_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "P.-S.",
        Lang::It => "P.S.",
        Lang::Es => "P. D.",
        Lang::Cs => "P. S.",
        _ => "PS",
    }
}

/// A localised label for a known reference key; other keys are printed as written.
pub(super) fn reference_label(lang: Lang, key: &str) -> String {
    let row: [&str; 5] = match key {
        "your_ref" => [
            "Vos réf.",
            "Vs. rif.",
            "Su ref.",
            "Vaše značka",
            "Uw kenmerk",
        ],
        "our_ref" => [
            "Nos réf.",
            "Ns. rif.",
            "Nuestra ref.",
            "Naše značka",
            "Ons kenmerk",
        ],
        "your_letter" => [
            "Votre courrier du",
            "Vs. lettera del",
            "Su carta del",
            "Váš dopis ze dne",
            "Uw brief van",
        ],
        "customer_no" => [
            "N° client",
            "Cod. cliente",
            "N.º de cliente",
            "Číslo zákazníka",
            "Klantnummer",
        ],
        "invoice_no" => [
            "N° de facture",
            "Fattura n.",
            "N.º de factura",
            "Číslo faktury",
            "Factuurnummer",
        ],
        _ => return key.to_string(),
    };
    let i = match lang {
        Lang::Fr => 0,
        Lang::It => 1,
        Lang::Es => 2,
        Lang::Cs => 3,
        _ => 4,
    };
    row[i].to_string()
}

/// Labels of the sender's contact lines in the information block.
pub(super) fn contact_labels(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Fr => ("Tél.", "Courriel", "Web"),
        Lang::Es => ("Tel.", "Correo", "Web"),
        _ => ("Tel.", "E-mail", "Web"),
    }
}

/// The alternative text of a signature image.
pub(super) fn signature_alt(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Fr => format!("Signature de {name}"),
        Lang::It => format!("Firma di {name}"),
        Lang::Es => format!("Firma de {name}"),
        Lang::Cs => format!("Podpis: {name}"),
        _ => format!("Handtekening van {name}"),
    }
}

/// The salutation to a recipient whose name is not known (Spanish takes a colon).
pub(super) fn general_opening(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Madame, Monsieur,",
        Lang::It => "Gentili Signore e Signori,",
        Lang::Es => "Estimados señores:",
        Lang::Cs => "Vážené dámy, vážení pánové,",
        _ => "Geachte heer, mevrouw,",
    }
}

/// The complimentary close when the letter gives none. The French formula repeats the
/// salutation of the default opening ("Madame, Monsieur"); `check` asks for the letter's own
/// salutation when it opens otherwise.
pub(super) fn default_closing(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => {
            "Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées."
        }
        Lang::It => "Cordiali saluti",
        Lang::Es => "Atentamente,",
        Lang::Cs => "S pozdravem",
        _ => "Met vriendelijke groet,",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn dates_follow_each_grammar() {
        let date = d(2026, 11, 27);
        assert_eq!(Lang::Fr.format_date(date), "27 novembre 2026");
        assert_eq!(Lang::Cs.format_date(date), "27. listopadu 2026");
        assert_eq!(Lang::Es.format_date(date), "27 de noviembre de 2026");
        assert_eq!(Lang::It.format_date(date), "27 novembre 2026");
        assert_eq!(Lang::Nl.format_date(date), "27 november 2026");
        assert_eq!(Lang::Fr.format_date(d(2027, 3, 1)), "1er mars 2027");
        assert_eq!(Lang::Cs.format_date(d(2027, 5, 8)), "8. května 2027");
        assert_eq!(
            Lang::Fr.date_line(Some("Lyon"), date),
            "Lyon, le 27 novembre 2026"
        );
    }

    #[test]
    fn labels_and_defaults_are_localised() {
        assert_eq!(Lang::Cs.page_of(2, 3), "Strana 2 z 3");
        assert_eq!(Lang::Fr.page_of(1, 2), "Page 1 sur 2");
        assert_eq!(Lang::Nl.enclosures_label(2), "Bijlagen:");
        assert_eq!(Lang::Fr.cc_label(), "Copie\u{202F}:");
        assert_eq!(Lang::Es.reference_label("our_ref"), "Nuestra ref.");
        assert_eq!(Lang::It.reference_label("Progetto"), "Progetto");
        assert_eq!(Lang::Cs.contact_labels().1, "E-mail");
        assert_eq!(Lang::Es.default_opening(None), "Estimados señores:");
        assert_eq!(
            Lang::Cs.default_closing(crate::locale::Salutation::Other),
            "S pozdravem"
        );
        for lang in [Lang::Fr, Lang::It, Lang::Es, Lang::Cs, Lang::Nl] {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
            assert!(!lang.date_in_flow());
        }
    }
}
