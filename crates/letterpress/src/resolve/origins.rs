//! Origins: where in the letter each kind of line comes from.
//!
//! The stages after [`resolve`](super::resolve) — the layout's limits, the envelope and
//! overflow checks, the standard an enclosure allows — report their findings at the letter's
//! keys. They read those places here, carried with the [`Resolved`](super::Resolved) letter,
//! and never go back to the parsed letter.

use crate::error::Origin;
use crate::layout::model::Role;
use crate::spec::{Letter, LetterSpec, SourceFile};

/// The place in the letter of every kind of line it prints.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    roles: Vec<(Role, Origin)>,
}

impl Origins {
    /// Every kind of line's place in `letter`.
    pub(crate) fn of(letter: &Letter) -> Origins {
        let roles = Role::ALL
            .into_iter()
            .filter_map(|r| role_origin(letter, r).map(|o| (r, o)))
            .collect();
        Origins { roles }
    }

    /// Where the lines of `role` are written: their key, or the `letterhead:` (or `style:`) key
    /// for what the letterhead gives.
    pub fn role(&self, role: Role) -> Option<Origin> {
        self.roles
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, o)| o.clone())
    }
}

/// The letter's own `style: return_address:`, when it sets one.
fn style_return_address(spec: &LetterSpec) -> Option<&serde_saphyr::Spanned<String>> {
    spec.style.as_ref()?.return_address.as_ref()
}

/// Where in the letter a kind of line is written (for the messages of this check and of the
/// envelope check): its key, or the `letterhead:` key for what the letterhead gives.
fn role_origin(letter: &Letter, role: Role) -> Option<Origin> {
    let spec = &letter.spec;
    let src = &letter.source;
    let letterhead = || {
        spec.letterhead
            .as_ref()
            .and_then(|l| src.origin(&l.referenced))
    };
    match role {
        Role::Recipient | Role::Continuation => src.origin(&spec.recipient.referenced),
        Role::MailNote => spec
            .mail_note
            .as_ref()
            .and_then(|m| src.origin(&m.referenced)),
        Role::Watermark => spec
            .watermark
            .as_ref()
            .and_then(|m| src.origin(&m.referenced)),
        Role::Info => spec
            .references
            .as_ref()
            .and_then(|r| src.origin(&r.referenced))
            .or_else(|| key_origin(src, "style"))
            .or_else(letterhead),
        Role::Date => key_origin(src, "place")
            .or_else(|| spec.date.as_ref().and_then(|d| src.origin(&d.referenced))),
        Role::Subject => spec
            .subject
            .as_ref()
            .and_then(|s| src.origin(&s.referenced)),
        Role::Opening => spec
            .opening
            .as_ref()
            .and_then(|s| src.origin(&s.referenced)),
        Role::Closing => spec
            .closing
            .as_ref()
            .and_then(|s| src.origin(&s.referenced)),
        Role::Ps => spec.ps.as_ref().and_then(|s| src.origin(&s.referenced)),
        Role::Body | Role::ListMarker => src.origin(&spec.body.referenced),
        Role::Enclosures => key_origin(src, "enclosures"),
        Role::Cc => key_origin(src, "cc"),
        Role::SignatureName | Role::SignatureRole => key_origin(src, "signatures"),
        Role::ReturnAddress if style_return_address(spec).is_some() => {
            style_return_address(spec).and_then(|r| src.origin(&r.referenced))
        }
        Role::Letterhead | Role::Footer | Role::ReturnAddress => {
            key_origin(src, "style").or_else(letterhead)
        }
    }
}

/// The place of a top-level `key:` in a YAML file (for keys whose values carry no location).
fn key_origin(src: &SourceFile, key: &str) -> Option<Origin> {
    let (i, line) = src.text.lines().enumerate().find(|(_, l)| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    Some(Origin::new(src.path.clone(), line, i + 1, 1, key.len()))
}

#[cfg(test)]
mod tests {
    use crate::layout::model::Role;
    use crate::{load_letter_str, resolve, Env, Resources};

    #[test]
    fn each_kind_of_line_at_its_key() {
        let yaml = "recipient: [A]\nplace: Kraków\nsubject: S\nbody: x\ncc: [B]\n";
        let letter = load_letter_str(yaml, "l.yaml").unwrap();
        let r = resolve(&letter, None, &Env::default(), &Resources::new()).unwrap();
        let line = |role| r.origins.role(role).map(|o| o.line);
        assert_eq!(line(Role::Recipient), Some(1));
        assert_eq!(line(Role::Date), Some(2));
        assert_eq!(line(Role::Subject), Some(3));
        assert_eq!(line(Role::Body), Some(4));
        assert_eq!(line(Role::ListMarker), Some(4));
        assert_eq!(line(Role::Cc), Some(5));
        assert_eq!(line(Role::Closing), None);
    }
}
