//! Letters built in code: [`LetterBuilder`] fills a [`LetterSpec`] from plain strings, so a
//! program that holds its data (an invoicing tool, a CRM) needs neither YAML nor the parser's
//! located values.

use std::path::PathBuf;
use std::sync::Arc;

use super::{
    Letter, LetterSpec, LetterheadSpec, Location, PdfMetaSpec, References, SignatureSpec,
    SourceFile, Spanned,
};

/// A value with no place in a file.
fn v<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// Builds a [`Letter`] in code. Values are checked when the letter is rendered, exactly as if
/// they had been read from YAML (an error then has no line to point at).
///
/// ```
/// use letterpress::{render, Env, Letter, RenderOptions, Resources};
/// let letter = Letter::builder(["Beispiel GmbH", "Hauptstraße 1", "80331 München"], "vielen Dank für Ihre Bestellung.")
///     .letterhead("hartmann-legal")
///     .language("de")
///     .place("München")
///     .date("2026-11-26")
///     .subject("Ihre Bestellung")
///     .reference("your_ref", "B-2026-11")
///     .signatory("Anna Neumann", Some("Rechtsanwältin"))
///     .enclosure("Rechnung Nr. 2026-114")
///     .build();
/// let out = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
/// assert_eq!(out.output.document.pages.len(), 1);
/// # Ok::<(), letterpress::Errors>(())
/// ```
#[derive(Debug, Clone)]
pub struct LetterBuilder {
    spec: LetterSpec,
    path: PathBuf,
}

impl Letter {
    /// A builder for a letter to `recipient` (the address lines, top to bottom) with `body`
    /// (Markdown, as in YAML).
    pub fn builder<I, S>(recipient: I, body: impl Into<String>) -> LetterBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        LetterBuilder {
            spec: LetterSpec {
                letterhead: None,
                language: None,
                layout: None,
                place: None,
                date: None,
                recipient: v(super::Recipient::from_lines(
                    recipient.into_iter().map(Into::into).collect(),
                )),
                attention: None,
                mail_note: None,
                references: None,
                subject: None,
                opening: None,
                recipient_title: None,
                body: v(body.into()),
                closing: None,
                signatures: Vec::new(),
                enclosures: Vec::new(),
                attachments: Vec::new(),
                cc: Vec::new(),
                ps: None,
                pdf: None,
                style: None,
                watermark: None,
            },
            path: PathBuf::from("letter.yaml"),
        }
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<String>) -> LetterBuilder {
                self.spec.$name = Some(v(value.into()));
                self
            }
        )*
    };
}

impl LetterBuilder {
    setters! {
        /// A letterhead: a bundled or registered name, or a path relative to [`path`](Self::path).
        letterhead;
        /// `pl`, `en-GB`, `en-US` or `de`.
        language;
        /// `din5008-a`, `din5008-b` or `us-letter`.
        layout;
        /// The ISO date (`2026-11-26`); left out: today.
        date;
        /// The person the letter is for ("z. Hd. …", "Attn: …" in the address).
        attention;
        /// The endorsement above the address ("Einschreiben", "Registered").
        mail_note;
        /// The subject line.
        subject;
        /// The salutation; left out: the language's default.
        opening;
        /// `Pan`, `Pani` or `Państwo`, for a Polish letter with no opening.
        recipient_title;
        /// The complimentary close; left out: the language's default.
        closing;
        /// A postscript.
        ps;
    }

    /// The place printed before the date.
    pub fn place(mut self, place: impl Into<String>) -> LetterBuilder {
        self.spec.place = Some(place.into());
        self
    }

    /// A reference field (`your_ref`, `our_ref`, or any label), in order.
    pub fn reference(
        mut self,
        label: impl Into<String>,
        value: impl Into<String>,
    ) -> LetterBuilder {
        let refs = self
            .spec
            .references
            .get_or_insert_with(|| v(References::default()));
        refs.value.0.push((label.into(), value.into()));
        self
    }

    /// A signatory, with an optional role under the name.
    pub fn signatory(mut self, name: impl Into<String>, role: Option<&str>) -> LetterBuilder {
        self.spec.signatures.push(SignatureSpec {
            name: v(name.into()),
            role: role.map(|r| v(r.to_string())),
            image: None,
        });
        self
    }

    /// A signatory with a signature image (a path relative to [`path`](Self::path), or a file
    /// registered in memory).
    pub fn signatory_with_image(
        mut self,
        name: impl Into<String>,
        role: Option<&str>,
        image: impl Into<String>,
    ) -> LetterBuilder {
        self.spec.signatures.push(SignatureSpec {
            name: v(name.into()),
            role: role.map(|r| v(r.to_string())),
            image: Some(v(image.into())),
        });
        self
    }

    /// A line of the list of enclosures.
    pub fn enclosure(mut self, title: impl Into<String>) -> LetterBuilder {
        self.spec
            .enclosures
            .push(super::EnclosureSpec::title(v(title.into())));
        self
    }

    /// A line of the list of enclosures whose file (PDF, PNG or JPEG; a path as in a letter,
    /// or a file registered with [`Resources::insert_file`](crate::Resources::insert_file)) is
    /// appended after the letter.
    pub fn enclosure_file(
        mut self,
        title: impl Into<String>,
        file: impl Into<String>,
    ) -> LetterBuilder {
        let mut e = super::EnclosureSpec::title(v(title.into()));
        e.file = Some(v(file.into()));
        self.spec.enclosures.push(e);
        self
    }

    /// A file embedded in the PDF (the letter becomes PDF/A-3b): `relationship` is `Source`,
    /// `Data`, `Alternative` or `Supplement`.
    pub fn attachment(
        mut self,
        file: impl Into<String>,
        description: impl Into<String>,
        relationship: impl Into<String>,
    ) -> LetterBuilder {
        self.spec.attachments.push(super::AttachmentSpec {
            file: v(file.into()),
            description: Some(v(description.into())),
            relationship: Some(v(relationship.into())),
        });
        self
    }

    /// A line of the list of copies.
    pub fn cc(mut self, line: impl Into<String>) -> LetterBuilder {
        self.spec.cc.push(v(line.into()));
        self
    }

    /// The PDF's title (default: the subject).
    pub fn pdf_title(mut self, title: impl Into<String>) -> LetterBuilder {
        self.spec.pdf.get_or_insert_with(PdfMetaSpec::default).title = Some(v(title.into()));
        self
    }

    /// The PDF's author (default: the signatories).
    pub fn pdf_author(mut self, author: impl Into<String>) -> LetterBuilder {
        self.spec
            .pdf
            .get_or_insert_with(PdfMetaSpec::default)
            .author = Some(v(author.into()));
        self
    }

    /// Letterhead keys overridden for this letter (`style:` in YAML): start from
    /// `LetterheadSpec::default()` and set what differs.
    pub fn style(mut self, style: LetterheadSpec) -> LetterBuilder {
        self.spec.style = Some(style);
        self
    }

    /// The name of the letter in messages and the base of its relative paths (default
    /// `letter.yaml`, i.e. the current folder).
    pub fn path(mut self, path: impl Into<PathBuf>) -> LetterBuilder {
        self.path = path.into();
        self
    }

    /// The letter.
    pub fn build(self) -> Letter {
        Letter {
            spec: self.spec,
            source: Arc::new(SourceFile {
                path: self.path,
                text: String::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_letter_is_the_letter_its_yaml_would_be() {
        let built = Letter::builder(["Ms Jane Doe", "12 High Street"], "Thank you.")
            .language("en-GB")
            .subject("Your order")
            .reference("our_ref", "X/1")
            .reference("your_ref", "Y/2")
            .signatory("A. Smith", Some("Director"))
            .cc("B. Jones")
            .pdf_title("Order")
            .build();
        let s = &built.spec;
        assert_eq!(s.recipient.value, ["Ms Jane Doe", "12 High Street"]);
        assert_eq!(s.body.value, "Thank you.");
        assert_eq!(s.language.as_ref().map(|l| l.value.as_str()), Some("en-GB"));
        let refs = &s.references.as_ref().expect("references").value.0;
        assert_eq!(refs[1], ("your_ref".to_string(), "Y/2".to_string()));
        assert_eq!(
            s.signatures[0].role.as_ref().map(|r| r.value.as_str()),
            Some("Director")
        );
        assert_eq!(s.cc.len(), 1);
        assert!(
            built.source.origin(&s.body.referenced).is_none(),
            "no place in a file"
        );
    }
}
