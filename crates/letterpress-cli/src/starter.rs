//! Commented starter letters written by `letterpress new`: a plain letter (the default) and a
//! letter ending a client relationship (`--kind termination`), in each language.

use letterpress::locale::Lang;

use crate::termination::{
    TERMINATION_COMMON, TERMINATION_DE, TERMINATION_GB, TERMINATION_PL, TERMINATION_US,
};

/// Which starter `letterpress new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A plain letter showing every key of the format.
    Plain,
    /// A letter ending a client relationship, written in the order a careful professional
    /// writes one, with a comment on each part.
    Termination,
}

/// The starter letter of `kind` in `lang`.
pub fn starter(lang: Lang, kind: Kind) -> String {
    if kind == Kind::Termination {
        if let Some(letter) = crate::starter_intl::termination(lang) {
            return format!("{TERMINATION_COMMON}{NO_LETTERHEAD}{letter}");
        }
        return format!(
            "{TERMINATION_COMMON}{NO_LETTERHEAD}{}",
            match lang {
                Lang::Pl => TERMINATION_PL,
                Lang::EnGb => TERMINATION_GB,
                Lang::EnUs => TERMINATION_US,
                _ => TERMINATION_DE,
            }
        );
    }
    if let Some(letter) = crate::starter_intl::plain(lang) {
        return format!("{COMMON}{NO_LETTERHEAD}{letter}");
    }
    let (header, body) = match lang {
        Lang::Pl => (PL_HEAD, PL_BODY),
        Lang::EnGb => (GB_HEAD, GB_BODY),
        Lang::EnUs => (US_HEAD, US_BODY),
        _ => (DE_HEAD, DE_BODY),
    };
    format!("{COMMON}{NO_LETTERHEAD}{header}{body}")
}

/// The sender given under `style:`, for a letter without a letterhead file: the end of both
/// opening comments.
const NO_LETTERHEAD: &str = "\
# No letterhead yet? Give the sender under `style:` (the same keys as a letterhead file;
# docs/letter-format.md lists them all):
# style:
#   name: Example Ltd                    # the firm's name, set as a text letterhead
#   sender:
#     name: Example Ltd
#     address: [10 High Street, London SW1A 1AA]
#     phone: +44 20 7946 0000
#     email: office@example.com
#     web: example.com
#   return_address: Example Ltd · 10 High Street · London SW1A 1AA
";

const COMMON: &str = "\
# A letter for letterpress (format version 1). Render it with:
#   letterpress render THIS_FILE.yaml
# Check it without writing anything:
#   letterpress check THIS_FILE.yaml
#
# Only `recipient` and `body` are required; every other key may be left out.
# letterhead: a path to a letterhead YAML file (relative to this file) or a bundled name.
# letterhead: nowak-pr
#
";

const PL_HEAD: &str = "\
language: pl                 # pl | en-GB | en-US | de | fr | it | es | cs | nl
# layout: din5008-b          # din5008-a | din5008-b | us-letter | sn-left | sn-right | nf | uk | us-letter-9
place: Warszawa              # printed before the date
# date: 2026-11-26           # ISO date; left out: today
recipient:                   # the postal address, top to bottom, at most 6 lines
  - Firma Przykładowa sp. z o.o.
  - Pan Jan Kowalski
  - ul. Marszałkowska 10/12
  - 00-590 Warszawa
# mail_note: Polecony        # an endorsement above the address
references:
  your_ref: JK/12/2026
  our_ref: AB/2026/1
subject: Temat pisma
opening: Szanowny Panie,
";

const PL_BODY: &str = "\
body: |
  piszę w sprawie… Po przecinku w zwrocie grzecznościowym list zaczyna się małą literą.

  Akapity oddziela pusta linia. Można użyć *kursywy* i **pogrubienia**, a także list:

  - punktowanych,
  - oraz numerowanych (1., 2., …).
closing: Z poważaniem        # bez przecinka
signatures:
  - name: Anna Nowak
    role: Prezes Zarządu
    # image: signature.png   # optional PNG (with transparency) or JPEG
# enclosures:
#   - Faktura nr FV/2026/11/1
# cc:
#   - Jan Nowak
# ps: Dopisek.
";

const GB_HEAD: &str = "\
language: en-GB              # pl | en-GB | en-US | de | fr | it | es | cs | nl
# layout: din5008-b          # din5008-a | din5008-b | us-letter | sn-left | sn-right | nf | uk | us-letter-9
place: London                # printed before the date
# date: 2026-11-26           # ISO date; left out: today
recipient:                   # the postal address, top to bottom, at most 6 lines
  - Example Ltd
  - Mr John Smith
  - 10 High Street
  - London SW1A 1AA
# mail_note: Recorded Delivery
references:
  your_ref: JS/12
  our_ref: AB/2026/1
subject: The subject of the letter
opening: Dear Mr Smith,      # \"Dear Sir or Madam,\" pairs with \"Yours faithfully\"
";

const GB_BODY: &str = "\
body: |
  I am writing about… Paragraphs are separated by a blank line.

  You may use *emphasis* and **strong** text, and lists:

  - bulleted items,
  - and numbered ones (1., 2., …).
closing: Yours sincerely     # after a named salutation
signatures:
  - name: Anne Newman
    role: Managing Partner
    # image: signature.png
# enclosures:
#   - Invoice no. 2026/11/1
# cc:
#   - Jane Smith
# ps: A postscript.
";

const US_HEAD: &str = "\
language: en-US              # pl | en-GB | en-US | de | fr | it | es | cs | nl
layout: us-letter            # din5008-a | din5008-b | us-letter | sn-left | sn-right | nf | uk | us-letter-9
place: Chicago               # printed before the date
# date: 2026-11-26           # ISO date; left out: today
recipient:                   # the postal address, top to bottom, at most 5 lines in a #10 window
  - Example Corporation
  - Ms. Jane Doe
  - 100 Main Street, Suite 200
  - Springfield, IL 62701
references:
  your_ref: JD-12
  our_ref: AB-2026-1
subject: The subject of the letter
opening: \"Dear Ms. Doe:\"    # US business letters take a colon
";

const US_BODY: &str = "\
body: |
  I am writing about… Paragraphs are separated by a blank line.

  You may use *emphasis* and **strong** text, and lists:

  1. numbered items,
  2. and bulleted ones.
closing: Sincerely,
signatures:
  - name: Anne Newman
    role: Managing Partner
    # image: signature.png
# enclosures:
#   - Invoice No. 2026-11-1
# cc:
#   - Jane Smith
# ps: A postscript.
";

const DE_HEAD: &str = "\
language: de                 # pl | en-GB | en-US | de | fr | it | es | cs | nl
# layout: din5008-b          # din5008-a | din5008-b | us-letter | sn-left | sn-right | nf | uk | us-letter-9
place: München               # printed before the date
# date: 2026-11-26           # ISO date; left out: today
recipient:                   # the postal address, top to bottom, at most 6 lines
  - Beispiel GmbH
  - Herrn Max Mustermann
  - Hauptstraße 1
  - 80331 München
# mail_note: Einschreiben
references:
  your_ref: MM/12
  our_ref: AB/2026/1
subject: Betreff des Schreibens
opening: Sehr geehrter Herr Mustermann,
";

const DE_BODY: &str = "\
body: |
  ich schreibe Ihnen wegen… Nach dem Komma der Anrede beginnt der Text klein.

  Absätze trennt eine Leerzeile. *Kursiv* und **fett** sind möglich, ebenso Listen:

  - Aufzählungen
  - und nummerierte Listen (1., 2., …).
closing: Mit freundlichen Grüßen   # ohne Komma
signatures:
  - name: Anna Neumann
    role: Geschäftsführerin
    # image: unterschrift.png
# enclosures:
#   - Rechnung Nr. 2026/11/1
# cc:
#   - Max Muster
# ps: Ein Nachsatz.
";
