//! `attention:` — the person a letter to an organisation is for, added to the address in the
//! language's form (contract, "Body and closing text"): de "z. Hd. Jan Kowalski", en-GB "For
//! the attention of Jan Kowalski", en-US "Attn: Jan Kowalski"; in other languages the name
//! stands alone. The line follows the organisation (and its department) in the window; in a
//! list-form address, the first line that is not only a courtesy title. It is an address line
//! like the others: it counts against the window's lines and is set at the address's size.

use crate::error::{Error, ErrorKind};
use crate::locale::Lang;
use crate::spec::Letter;

use super::cascade::{origin, Ctx};

/// The attention line in `lang`'s form.
fn line(lang: Lang, name: &str) -> String {
    match lang {
        Lang::De => format!("z. Hd. {name}"),
        Lang::EnGb => format!("For the attention of {name}"),
        Lang::EnUs => format!("Attn: {name}"),
        _ => name.to_string(),
    }
}

/// The label letterpress prints before the name in `lang` (empty where the name stands alone),
/// for the font coverage check.
pub(crate) fn label(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "z. Hd. ",
        Lang::EnGb => "For the attention of ",
        Lang::EnUs => "Attn: ",
        _ => "",
    }
}

/// Adds the letter's attention line to the address `lines` (already formatted), in `lang`; an
/// empty name or one of several lines is an error at its place.
pub(super) fn add(cx: &mut Ctx, letter: &Letter, lang: Lang, lines: &mut Vec<String>) {
    let Some(att) = &letter.spec.attention else {
        return;
    };
    let name = att.value.trim();
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if name.contains(['\n', '\r']) {
        Some("it has more than one line; it is one line of the address")
    } else {
        None
    };
    if let Some(reason) = reason {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "attention".into(),
                value: att.value.trim().replace('\n', " / "),
                reason: reason.into(),
            })
            .at(origin(&letter.source, att))
            .hint("write the person's name on one line (`attention: Jan Kowalski`), or leave `attention` out"),
        );
        return;
    }
    let at = after(letter, lines);
    lines.insert(at.min(lines.len()), line(lang, name));
}

/// Where the attention line goes: after the organisation (and a department right after it)
/// of a mapping; else after the first line that is not only a courtesy title.
fn after(letter: &Letter, lines: &[String]) -> usize {
    let r = &letter.spec.recipient.value;
    let position = |key: &str| {
        let (v, _) = r.get(key)?;
        lines.iter().position(|l| l.trim() == v.trim())
    };
    if r.is_structured() {
        if let Some(org) = position("organisation") {
            return match position("department") {
                Some(d) if d == org + 1 => d + 1,
                _ => org + 1,
            };
        }
    }
    lines
        .iter()
        .position(|l| !crate::layout::is_courtesy_title(l))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use crate::{load_letter_str, Env, Resources};

    fn address(yaml: &str) -> Vec<String> {
        let l = load_letter_str(yaml, "l.yaml").expect("parses");
        let r = crate::resolve(&l, None, &Env::default(), &Resources::new()).expect("resolves");
        r.recipient
    }

    #[test]
    fn follows_the_organisation_in_the_languages_form() {
        let a = address(
            "language: de\nrecipient: [Nordwerk GmbH, Hauptstraße 1, 10115 Berlin]\nattention: Jan Kowalski\nbody: x\n",
        );
        assert_eq!(
            a,
            [
                "Nordwerk GmbH",
                "z. Hd. Jan Kowalski",
                "Hauptstraße 1",
                "10115 Berlin"
            ]
        );
        let a = address(
            "language: pl\nrecipient: [Kowalski Media sp. z o.o., ul. Długa 5, 00-263 Warszawa]\nattention: Jan Kowalski\nbody: x\n",
        );
        assert_eq!(a[1], "Jan Kowalski");
    }

    #[test]
    fn a_courtesy_title_line_is_skipped_and_a_mapping_uses_its_organisation() {
        let a = address(
            "language: en-GB\nrecipient: [Messrs, Smith & Co, 1 High St, London W1A 1AA]\nattention: Ann Lee\nbody: x\n",
        );
        assert_eq!(a[2], "For the attention of Ann Lee");
        let a = address(
            "language: en-US\nrecipient:\n  name: Legal Department\n  organisation: Acme Inc.\n  street: 1 Main St\n  city: Springfield\n  state: IL\n  zip: '62701'\n  country: US\nattention: Ann Lee\nbody: x\n",
        );
        let org = a
            .iter()
            .position(|l| l == "Acme Inc.")
            .expect("organisation line");
        assert_eq!(a[org + 1], "Attn: Ann Lee", "{a:?}");
    }
}
