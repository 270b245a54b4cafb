//! The PDF's metadata, decided once: the title (the subject, else the first address line),
//! the authors (the signatories, else the sender or firm), the language and the date, under
//! whatever the letter's `pdf:` section sets.

use crate::layout::model::Meta;
use crate::spec::Letter;

use super::Resolved;

/// The metadata of `r`, with `letter`'s `pdf:` over what is derived.
pub(super) fn decide(r: &Resolved, letter: &Letter) -> Meta {
    let mut meta = derived(r);
    let Some(p) = &letter.spec.pdf else {
        return meta;
    };
    if let Some(t) = &p.title {
        meta.title = t.value.clone();
    }
    if let Some(a) = &p.author {
        meta.authors = vec![a.value.clone()];
    }
    meta.subject = p.subject.as_ref().map(|s| s.value.clone());
    meta.keywords = p.keywords.iter().map(|k| k.value.clone()).collect();
    meta
}

/// What the letter's own texts say.
fn derived(r: &Resolved) -> Meta {
    let title = r
        .subject
        .clone()
        .unwrap_or_else(|| r.recipient.first().cloned().unwrap_or_default());
    let authors = if r.signatures.is_empty() {
        r.sender
            .name
            .clone()
            .or(r.firm.clone())
            .into_iter()
            .collect()
    } else {
        r.signatures.iter().map(|s| s.name.clone()).collect()
    };
    Meta {
        title,
        authors,
        lang: r.lang.tag().to_string(),
        date: r.date.format("%Y-%m-%d").to_string(),
        subject: None,
        keywords: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{load_letter_str, resolve, Env, Resources};

    fn meta_of(yaml: &str) -> crate::layout::model::Meta {
        let letter = load_letter_str(yaml, "l.yaml").unwrap();
        resolve(&letter, None, &Env::default(), &Resources::new())
            .unwrap()
            .meta
    }

    #[test]
    fn derived_from_the_letter() {
        let m = meta_of("recipient: [Firma X, ul. Y 1]\nbody: x\ndate: 2026-05-01\nsignatures: [{name: Jan Nowak}]\n");
        assert_eq!(m.title, "Firma X");
        assert_eq!(m.authors, ["Jan Nowak"]);
        assert_eq!((m.lang.as_str(), m.date.as_str()), ("pl", "2026-05-01"));
    }

    #[test]
    fn pdf_section_wins() {
        let m = meta_of("recipient: [A]\nsubject: Umowa\nbody: x\npdf: {title: Wypowiedzenie, author: Kancelaria, subject: Opis, keywords: [a, b]}\n");
        assert_eq!(m.title, "Wypowiedzenie");
        assert_eq!(m.authors, ["Kancelaria"]);
        assert_eq!(m.subject.as_deref(), Some("Opis"));
        assert_eq!(m.keywords, ["a", "b"]);
    }
}
