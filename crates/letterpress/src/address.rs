//! Structured addresses: a `recipient:` mapping formatted by the destination country's postal
//! convention (the national posts' rules as UPU S42 collects them): the order of the lines,
//! the postcode before or after the town, a state or province where the post wants one, the
//! town in capitals where the post asks for it, and a country line, in capitals and in the
//! letter's language, only when the letter crosses a border.
//!
//! | country | postcode | last lines |
//! |---|---|---|
//! | PL | `NN-NNN` | `81-364 Gdynia` |
//! | DE, FR, IT, ES | `NNNNN` | `10115 Berlin`, `69002 LYON`, `20121 MILANO MI` |
//! | AT, CH, BE | `NNNN` | `8001 Zürich` |
//! | NL | `NNNN AA` | `1015 AA  AMSTERDAM` |
//! | CZ | `NNN NN` | `110 00 Praha 1` |
//! | GB | `A9 9AA` … `AA9A 9AA` | `LONDON` / `SW1A 1AA` |
//! | IE | `A99 A9A9` (Eircode) | `Dublin 2` / `D02 X285` |
//! | US | `NNNNN`, `NNNNN-NNNN` | `Springfield, IL 62701` |
//! | CA | `A9A 9A9` | `Ottawa ON  K1A 0B6` |
//! | AU | `NNNN` | `SYDNEY NSW 2000` |
//!
//! Any other country is set by the UPU S42 default (postcode before the town) with a warning.

use serde_saphyr::Location;

use crate::error::{Error, ErrorKind, Origin, Warning};
use crate::locale::Lang;
use crate::spec::{Recipient, SourceFile};

mod names;

/// How a country writes its town line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TownLine {
    /// `POSTCODE Town` (most of Europe).
    PostcodeFirst,
    /// `Town, ST POSTCODE` (US).
    UsStyle,
    /// `Town ST  POSTCODE` (Canada, Australia).
    RegionThenPostcode,
    /// The town, then the postcode on a line of its own (GB, IE).
    PostcodeBelow,
}

/// The postal convention of one country.
struct Convention {
    code: &'static str,
    /// Postcode patterns: `N` a digit, `A` a letter, `9` a digit or a letter where a letter
    /// may stand (British outward codes), anything else itself.
    patterns: &'static [&'static str],
    town: TownLine,
    /// Whether the post asks for the town in capitals.
    capitals: bool,
    /// Whether the state, province or region is required (US, CA, AU) or printed when given (IT).
    region: Region,
    /// The organisation stands above the person (German, Polish usage), or below (English).
    organisation_first: bool,
    /// Spaces between postcode and town (two in the Netherlands).
    gap: &'static str,
}

/// What a country does with `region`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    /// Not printed (an error says so when given).
    Unused,
    /// Printed after the town when given (Italian province, Spanish province, Irish county).
    Optional,
    /// Required.
    Required,
}

const fn c(
    code: &'static str,
    patterns: &'static [&'static str],
    town: TownLine,
    capitals: bool,
    region: Region,
    organisation_first: bool,
) -> Convention {
    Convention {
        code,
        patterns,
        town,
        capitals,
        region,
        organisation_first,
        gap: " ",
    }
}

use Region::{Optional, Required, Unused};
use TownLine::{PostcodeBelow, PostcodeFirst, RegionThenPostcode, UsStyle};

static CONVENTIONS: &[Convention] = &[
    c("PL", &["NN-NNN"], PostcodeFirst, false, Unused, true),
    c("DE", &["NNNNN"], PostcodeFirst, false, Unused, true),
    c("AT", &["NNNN"], PostcodeFirst, false, Unused, true),
    c("CH", &["NNNN"], PostcodeFirst, false, Unused, true),
    c("FR", &["NNNNN"], PostcodeFirst, true, Unused, true),
    c("IT", &["NNNNN"], PostcodeFirst, true, Optional, true),
    c("ES", &["NNNNN"], PostcodeFirst, false, Optional, true),
    Convention {
        gap: "  ",
        ..c(
            "NL",
            &["NNNN AA", "NNNNAA"],
            PostcodeFirst,
            true,
            Unused,
            true,
        )
    },
    c("BE", &["NNNN"], PostcodeFirst, false, Unused, true),
    c(
        "CZ",
        &["NNN NN", "NNNNN"],
        PostcodeFirst,
        false,
        Unused,
        true,
    ),
    c(
        "GB",
        &[
            "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",
        ],
        PostcodeBelow,
        true,
        Unused,
        false,
    ),
    c(
        "IE",
        &["A99 A9A9", "A9A A9A9"],
        PostcodeBelow,
        false,
        Optional,
        false,
    ),
    c(
        "US",
        &["NNNNN", "NNNNN-NNNN"],
        UsStyle,
        false,
        Required,
        false,
    ),
    Convention {
        gap: "  ",
        ..c(
            "CA",
            &["ANA NAN"],
            RegionThenPostcode,
            false,
            Required,
            false,
        )
    },
    c("AU", &["NNNN"], RegionThenPostcode, true, Required, false),
];

/// The countries whose conventions are known.
pub fn known_countries() -> Vec<&'static str> {
    CONVENTIONS.iter().map(|c| c.code).collect()
}

/// The UPU S42 default for any other country: organisation, person, street, `POSTCODE Town`.
const UPU_DEFAULT: Convention = c("", &[], PostcodeFirst, false, Optional, true);

fn convention(code: &str) -> Option<&'static Convention> {
    CONVENTIONS.iter().find(|c| c.code == code)
}

/// Whether `postcode` has the form of `pattern` (`N` digit, `A` letter, `9` digit or letter).
fn matches(pattern: &str, postcode: &str) -> bool {
    pattern.chars().count() == postcode.chars().count()
        && pattern.chars().zip(postcode.chars()).all(|(p, c)| match p {
            'N' => c.is_ascii_digit(),
            'A' => c.is_ascii_alphabetic(),
            '9' => c.is_ascii_alphanumeric(),
            p => p == c,
        })
}

/// The country's name in capitals in the letter's language, for the country line.
fn country_name(code: &str, lang: Lang) -> Option<String> {
    let names = names::names(code)?;
    let i = match lang {
        Lang::Pl => 0,
        Lang::EnGb | Lang::EnUs => 1,
        Lang::De => 2,
        Lang::Fr => 3,
        Lang::It => 4,
        Lang::Es => 5,
        Lang::Cs => 6,
        Lang::Nl => 7,
    };
    Some(names[i].to_uppercase())
}

/// The sender's country when the letterhead does not give one: the country of the letter's
/// language.
pub fn default_country(lang: Lang) -> &'static str {
    match lang {
        Lang::Pl => "PL",
        Lang::EnGb => "GB",
        Lang::EnUs => "US",
        Lang::De => "DE",
        Lang::Fr => "FR",
        Lang::It => "IT",
        Lang::Es => "ES",
        Lang::Cs => "CZ",
        Lang::Nl => "NL",
    }
}

/// The address lines of a structured recipient, and the warnings of formatting it; errors
/// (a postcode that does not match its country, a missing town or state) at their places.
pub struct Formatted {
    /// The lines, top to bottom.
    pub lines: Vec<String>,
    /// What could not be formatted by a known convention.
    pub warnings: Vec<Warning>,
    /// What is wrong with the address.
    pub errors: Vec<Error>,
}

/// One part of the address with its place.
struct Part<'a> {
    value: &'a str,
    at: Option<Origin>,
}

fn part<'a>(r: &'a Recipient, src: &'a SourceFile, key: &str) -> Option<Part<'a>> {
    let (v, loc): (&str, Location) = r.get(key)?;
    let at = src.origin(&loc);
    let v = if r.raw.contains(&key) {
        raw_scalar(src, &loc).unwrap_or(v)
    } else {
        v
    };
    let v = v.trim();
    (!v.is_empty()).then_some(Part { value: v, at })
}

/// The text of a plain scalar as written at `loc` (YAML reads `01067` as a number and `ON` as
/// a boolean).
fn raw_scalar<'a>(src: &'a SourceFile, loc: &Location) -> Option<&'a str> {
    let line = usize::try_from(loc.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(loc.column()).ok()?.checked_sub(1)?;
    let text = src.text.lines().nth(line)?;
    let start = text.char_indices().nth(column).map(|(i, _)| i)?;
    let rest = &text[start..];
    let end = rest.find(" #").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn invalid(what: &str, value: &str, reason: String, at: Option<Origin>, hint: String) -> Error {
    Error::new(ErrorKind::InvalidValue {
        what: what.into(),
        value: value.into(),
        reason,
    })
    .at(at)
    .hint(hint)
}

/// Format a structured recipient from a sender in `sender_country` whose language is `lang`
/// (the country line is in the sender's language, as the contract says)
/// (`at` is the place of `recipient:`).
///
/// ```
/// use letterpress::{address, load_letter_str, locale::Lang};
/// let l = load_letter_str(
///     "recipient:\n  organisation: Nordwerk GmbH\n  street: Hauptstraße 1\n  postcode: '10115'\n  city: Berlin\n  country: DE\nbody: x\n",
///     "l.yaml",
/// )?;
/// let f = address::format(&l.spec.recipient.value, &l.source, Lang::Pl, "PL", None);
/// assert_eq!(f.lines, ["Nordwerk GmbH", "Hauptstraße 1", "10115 Berlin", "NIEMCY"]);
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn format(
    r: &Recipient,
    src: &SourceFile,
    lang: Lang,
    sender_country: &str,
    at: Option<Origin>,
) -> Formatted {
    let mut out = Formatted {
        lines: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    let get = |k: &str| part(r, src, k);
    let country = get("country");
    let code = country
        .as_ref()
        .map_or(sender_country.to_ascii_uppercase(), |c| {
            c.value.to_ascii_uppercase()
        });
    let conv = match convention(&code) {
        Some(c) => c,
        None => {
            out.warnings.push(
                Warning::new(format!(
                    "no postal convention is known for the country `{code}`: the address is set by the UPU S42 default (postcode before the town), and the country line prints `{}` as written (write the country's name, `country: Japan`, to print that); the known ones are {}",
                    code.to_uppercase(),
                    known_countries().join(", ")
                ))
                .at(country.as_ref().and_then(|c| c.at.clone()).or(at.clone())),
            );
            &UPU_DEFAULT
        }
    };
    people(&mut out.lines, conv, &get);
    if let Some(s) = get("street") {
        out.lines.push(s.value.to_string());
    }
    town(&mut out, conv, &code, &get, at);
    if !code.eq_ignore_ascii_case(sender_country) {
        // A country without a known name stands as written, in capitals, with the warning
        // above (the sender's own country never gets a line).
        let name =
            country_name(&code, lang).or_else(|| country.as_ref().map(|c| c.value.to_uppercase()));
        out.lines.extend(name);
    }
    out
}

/// Name, organisation and department in the country's order.
fn people<'a>(lines: &mut Vec<String>, conv: &Convention, get: &dyn Fn(&str) -> Option<Part<'a>>) {
    let keys: &[&str] = if conv.organisation_first {
        &["organisation", "department", "name"]
    } else {
        &["name", "department", "organisation"]
    };
    for k in keys {
        if let Some(p) = get(k) {
            lines.push(p.value.to_string());
        }
    }
}

/// The town line(s): postcode, town and region as the country writes them.
fn town<'a>(
    out: &mut Formatted,
    conv: &Convention,
    code: &str,
    get: &dyn Fn(&str) -> Option<Part<'a>>,
    at: Option<Origin>,
) {
    let Some(city) = get("city") else {
        out.errors.push(invalid(
            "recipient",
            "(no city)",
            "a structured address needs `city`".into(),
            at,
            "add `city:` with the town".into(),
        ));
        return;
    };
    let postcode = get("postcode").map(|p| check_postcode(out, conv, code, p));
    let region = get("region");
    match (conv.region, &region) {
        (Required, None) => out.errors.push(invalid(
            "recipient",
            city.value,
            format!("an address in {code} needs its state or province (`region:`)"),
            city.at.clone(),
            "add `region:` with the two-letter abbreviation, e.g. `region: IL`".into(),
        )),
        (Unused, Some(r)) => out.errors.push(invalid(
            "recipient.region",
            r.value,
            format!("the post of {code} prints no region in an address"),
            r.at.clone(),
            "remove `region:`, or put it into `city:` if the post wants it".into(),
        )),
        _ => {}
    }
    let town = if conv.capitals {
        city.value.to_uppercase()
    } else {
        city.value.to_string()
    };
    let region = region.map(|r| r.value.to_string());
    let pc = postcode.unwrap_or_default();
    let join = |parts: &[&str], sep: &str| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(sep)
    };
    let region_s = region.clone().unwrap_or_default();
    match conv.town {
        PostcodeFirst => {
            let mut line = join(&[&pc, &town], conv.gap);
            if !region_s.is_empty() {
                line = if code == "IT" {
                    format!("{line} {}", region_s.to_uppercase())
                } else {
                    format!("{line} ({region_s})")
                };
            }
            out.lines.push(line);
        }
        UsStyle => out
            .lines
            .push(format!("{town}, {}", join(&[&region_s, &pc], " "))),
        RegionThenPostcode => {
            let line = join(&[&town, &region_s], " ");
            out.lines.push(join(&[&line, &pc], conv.gap));
        }
        PostcodeBelow => {
            out.lines.push(join(&[&town, &region_s], ", "));
            if !pc.is_empty() {
                out.lines.push(pc);
            }
        }
    }
}

/// The postcode as the post writes it (Czech `NNN NN`, British and Irish in capitals), or an
/// error naming the country's pattern at the value's place.
fn check_postcode(out: &mut Formatted, conv: &Convention, code: &str, p: Part<'_>) -> String {
    let value = if matches!(code, "GB" | "IE" | "CA" | "NL") {
        p.value.to_uppercase()
    } else {
        p.value.to_string()
    };
    if conv.patterns.is_empty() || conv.patterns.iter().any(|pat| matches(pat, &value)) {
        return match code {
            "CZ" if value.len() == 5 => format!("{} {}", &value[..3], &value[3..]),
            "NL" if value.len() == 6 => format!("{} {}", &value[..4], &value[4..]),
            _ => value,
        };
    }
    let patterns = conv
        .patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let country = names::names(code).map_or(code.to_string(), |n| format!("{} ({code})", n[1]));
    out.errors.push(invalid(
        "recipient.postcode",
        p.value,
        format!("a postcode in {country} has the form {patterns}"),
        p.at,
        "write the postcode as the post does (N a digit, A a letter, 9 a digit or a letter)".into(),
    ));
    p.value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_letter_str;

    fn fmt(yaml: &str, lang: Lang, from: &str) -> Formatted {
        let l = load_letter_str(&format!("recipient:\n{yaml}body: x\n"), "l.yaml").expect("parses");
        format(&l.spec.recipient.value, &l.source, lang, from, None)
    }

    #[test]
    fn each_country_has_its_order() {
        let us = fmt(
            "  name: Ms. Jane Doe\n  organisation: Example Corp.\n  street: 100 Main Street\n  postcode: '62701'\n  city: Springfield\n  region: IL\n  country: US\n",
            Lang::EnUs,
            "US",
        );
        assert_eq!(
            us.lines,
            [
                "Ms. Jane Doe",
                "Example Corp.",
                "100 Main Street",
                "Springfield, IL 62701"
            ]
        );
        let gb = fmt(
            "  name: Mr John Smith\n  street: 10 Downing Street\n  postcode: sw1a 2aa\n  city: London\n  country: GB\n",
            Lang::De,
            "DE",
        );
        assert_eq!(
            gb.lines,
            [
                "Mr John Smith",
                "10 Downing Street",
                "LONDON",
                "SW1A 2AA",
                "GROSSBRITANNIEN"
            ]
        );
        let fr = fmt("  name: M. Jean Dupont\n  street: 12 rue de la Paix\n  postcode: 75002\n  city: Paris\n", Lang::Fr, "FR");
        assert_eq!(
            fr.lines,
            ["M. Jean Dupont", "12 rue de la Paix", "75002 PARIS"]
        );
        let cz = fmt("  name: Jan Novák\n  street: Václavské náměstí 1\n  postcode: 11000\n  city: Praha 1\n  country: cz\n", Lang::Pl, "PL");
        assert_eq!(
            cz.lines,
            [
                "Jan Novák",
                "Václavské náměstí 1",
                "110 00 Praha 1",
                "CZECHY"
            ]
        );
        let it = fmt("  name: Sig. Mario Rossi\n  street: Via Roma 1\n  postcode: '20121'\n  city: Milano\n  region: mi\n", Lang::It, "IT");
        assert_eq!(it.lines.last().map(String::as_str), Some("20121 MILANO MI"));
        let ca = fmt("  name: A\n  street: 1 Rue\n  postcode: k1a 0b6\n  city: Ottawa\n  region: ON\n  country: CA\n", Lang::EnGb, "GB");
        assert_eq!(ca.lines[2..], ["Ottawa ON  K1A 0B6", "CANADA"]);
        assert!(
            us.errors.is_empty()
                && gb.errors.is_empty()
                && cz.errors.is_empty()
                && ca.errors.is_empty()
        );
    }

    #[test]
    fn postcodes_are_checked_against_their_country() {
        for (country, bad, pattern) in [
            ("PL", "81364", "`NN-NNN`"),
            ("DE", "1067", "`NNNNN`"),
            ("NL", "1015", "`NNNN AA`"),
            ("GB", "SW1A", "`AA9A 9AA`"),
            ("US", "6270", "`NNNNN`"),
            ("CA", "K1A0B6", "`ANA NAN`"),
            ("CZ", "1100", "`NNN NN`"),
        ] {
            let f = fmt(&format!("  name: A\n  postcode: '{bad}'\n  city: B\n  region: X\n  country: {country}\n"), Lang::EnGb, "GB");
            let e = f
                .errors
                .iter()
                .find(|e| e.to_string().contains("postcode"))
                .unwrap_or_else(|| panic!("{country}: {:?}", f.errors));
            let msg = e.to_string();
            assert!(msg.contains(country) && msg.contains(pattern), "{msg}");
            assert_eq!(e.origin.as_ref().map(|o| o.line), Some(3), "{country}");
        }
    }

    #[test]
    fn values_yaml_reads_as_numbers_or_booleans_are_taken_as_written() {
        // `01067` is the number 1067 to YAML and `ON` (Ontario) the boolean true.
        let de = fmt(
            "  name: A\n  postcode: 01067\n  city: Dresden\n",
            Lang::De,
            "DE",
        );
        assert_eq!(de.lines, ["A", "01067 Dresden"]);
        assert!(de.errors.is_empty(), "{:?}", de.errors);
        let ca = fmt(
            "  name: A\n  postcode: K1A 0B6\n  city: Ottawa\n  region: ON\n  country: CA\n",
            Lang::EnGb,
            "CA",
        );
        assert_eq!(ca.lines, ["A", "Ottawa ON  K1A 0B6"]);
    }

    #[test]
    fn other_countries_fall_back_to_the_upu_default_with_a_warning() {
        let f = fmt(
            "  name: Taro Yamada\n  postcode: 100-0001\n  city: Tokyo\n  country: JP\n",
            Lang::EnGb,
            "GB",
        );
        assert_eq!(f.lines, ["Taro Yamada", "100-0001 Tokyo", "JP"]);
        assert_eq!(f.warnings.len(), 1);
        assert!(f.errors.is_empty());
        let us = fmt(
            "  name: A\n  postcode: '62701'\n  city: Springfield\n  country: US\n",
            Lang::EnUs,
            "US",
        );
        assert!(
            us.errors[0].to_string().contains("region"),
            "{:?}",
            us.errors
        );
    }
}
