//! The letter grammar of French, Spanish and Dutch: the conventions of each language's business
//! letters that `check` reports (Czech shares Polish's closing rule, Italian has no firm one).

use super::{at, body_word_origin, first_word, q, salutation_colon, Finding, Rule};
use crate::locale::Lang;
use crate::resolve::Resolved;
use crate::spec::Letter;

/// Spanish: "Estimado Sr. García:" — the Real Academia asks for a colon after the salutation;
/// a comma is an anglicism.
pub(super) fn spanish_colon(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    salutation_colon(letter, r, out, Rule::SalutationColon, "a Spanish");
}

/// French: a closing formula ("Veuillez agréer, …", "Je vous prie d'agréer, …") repeats the
/// salutation word for word: "Madame," opens, "Veuillez agréer, Madame, …" closes.
pub(super) fn french_closing(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    let address = r.opening.trim().trim_end_matches([',', ':']).trim();
    let closing = r.closing.trim();
    const VERBS: [&str; 4] = ["agréer", "agréez", "recevoir", "croire"];
    let formula = VERBS.iter().any(|w| closing.contains(w));
    // The salutation stands right after the verb, between commas: "agréer, Madame, l’…".
    let repeated = VERBS
        .iter()
        .any(|v| closing.contains(&format!("{v}, {address}, ")));
    if address.is_empty() || !formula || repeated {
        return;
    }
    let origin = match &letter.spec.closing {
        Some(c) => at(letter, c),
        None => letter.spec.opening.as_ref().and_then(|o| at(letter, o)),
    };
    let fix = match &letter.spec.closing {
        Some(_) => format!("write the salutation into the formula: “Veuillez agréer, {address}, l’expression de mes salutations distinguées.”"),
        None => format!("add `closing: \"Veuillez agréer, {address}, l’expression de nos salutations distinguées.\"` (the default closing repeats “Madame, Monsieur”)"),
    };
    out.push(Finding {
        rule: Rule::FrenchClosingAddress,
        message: format!(
            "the closing formula {} does not repeat the salutation {}: a French letter closes with the words it opened with",
            q(Lang::Fr, closing),
            q(Lang::Fr, address)
        ),
        origin,
        fix,
    });
}

/// Dutch: "Geachte heer Jansen," is followed by a body that starts with a capital letter.
pub(super) fn dutch_capital(letter: &Letter, r: &Resolved, out: &mut Vec<Finding>) {
    let Some(word) = first_word(&r.body) else {
        return;
    };
    let Some(first) = word.chars().next() else {
        return;
    };
    if !first.is_lowercase() {
        return;
    }
    // "'s-Hertogenbosch", "'t": an elided article keeps its small letter.
    if word.starts_with(['\'', '’']) {
        return;
    }
    let upper: String = first.to_uppercase().chain(word.chars().skip(1)).collect();
    let origin = body_word_origin(letter, first, &word);
    out.push(Finding {
        rule: Rule::CapitalAfterSalutation,
        message: format!(
            "the body starts with {} in lower case: in a Dutch letter the first sentence after the salutation starts with a capital",
            q(Lang::Nl, &word)
        ),
        origin,
        fix: format!("write {}", q(Lang::Nl, &upper)),
    });
}

#[cfg(test)]
mod tests {
    use crate::grammar::{findings, Rule};
    use crate::{load_letter_str, resolve, Env, Resources};

    fn rules(yaml: &str) -> Vec<Rule> {
        let letter = load_letter_str(yaml, "l.yaml").expect("parses");
        let r = resolve(&letter, None, &Env::default(), &Resources::new()).expect("resolves");
        findings(&letter, &r).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn each_language_checks_its_convention() {
        let base = "recipient: [A]\nbody: Texto.\n";
        assert_eq!(
            rules(&format!(
                "language: es\nopening: Estimado Sr. García,\n{base}"
            )),
            [Rule::SalutationColon]
        );
        assert!(rules(&format!(
            "language: es\nopening: \"Estimado Sr. García:\"\n{base}"
        ))
        .is_empty());
        assert_eq!(
            rules(&format!("language: fr\nopening: Monsieur,\n{base}")),
            [Rule::FrenchClosingAddress]
        );
        assert!(rules(&format!("language: fr\n{base}")).is_empty());
        assert!(rules(&format!(
            "language: fr\nopening: Madame,\nclosing: Veuillez agréer, Madame, l’expression de mes salutations distinguées.\n{base}"
        ))
        .is_empty());
        assert_eq!(
            rules("language: nl\nrecipient: [A]\nbody: ik schrijf u.\n"),
            [Rule::CapitalAfterSalutation]
        );
        assert_eq!(
            rules(&format!("language: cs\nclosing: S pozdravem,\n{base}")),
            [Rule::NoPunctuationAfterClosing]
        );
        assert!(rules(&format!("language: it\nclosing: Cordiali saluti,\n{base}")).is_empty());
    }
}
