//! What the letter says: the firm's texts from the cascade, the address, the body, the
//! signatories, the references and the salutation with its closing; with the letter's limits.

use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind};
use crate::layout::geometry::Geometry;
use crate::locale::{classify_salutation, Lang, RecipientTitle};
use crate::spec::{Letter, SourceFile};
use crate::text::Block;

use super::cascade::{invalid, origin, Cascade, Ctx};
use super::ImageData;
use super::{Sender, Signatory, MAX_BODY_CHARS, MAX_CC, MAX_ENCLOSURES, MAX_SIGNATORIES};

/// The firm's texts: its name, the sender block, the return line and the footer.
pub(super) struct Firm {
    pub(super) name: Option<String>,
    pub(super) sender: Sender,
    pub(super) return_address: Option<String>,
    pub(super) footer: Vec<String>,
}

pub(super) fn firm(cascade: &Cascade) -> Firm {
    let text = |s: &Spanned<String>| s.value.clone();
    Firm {
        name: cascade.get(|s| s.name.as_ref()).map(|p| text(p.value)),
        sender: cascade
            .get(|s| s.sender.as_ref())
            .map(|p| Sender {
                name: p.value.name.as_ref().map(text),
                address: p.value.address.iter().map(text).collect(),
                phone: p.value.phone.as_ref().map(text),
                email: p.value.email.as_ref().map(text),
                web: p.value.web.as_ref().map(text),
            })
            .unwrap_or_default(),
        return_address: cascade
            .get(|s| s.return_address.as_ref())
            .map(|p| text(p.value)),
        footer: cascade
            .get(|s| s.footer.as_ref())
            .map(|p| p.value.iter().map(text).collect())
            .unwrap_or_default(),
    }
}

/// The sender's country (letterhead `sender.country`, else the country of the language),
/// upper case.
pub(super) fn sender_country(cx: &mut Ctx, cascade: &Cascade, lang: Lang) -> String {
    let Some(p) = cascade.get(|s| s.sender.as_ref().and_then(|s| s.country.as_ref())) else {
        return crate::address::default_country(lang).to_string();
    };
    let code = p.value.value.trim();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        cx.push(
            invalid(
                "country",
                p.value,
                p.file,
                "not an ISO 3166-1 alpha-2 code".into(),
            )
            .hint("write the two-letter code, e.g. `country: PL`"),
        );
    }
    code.to_ascii_uppercase()
}

/// The address lines, trimmed, blank ones left out, with the `attention:` line in the letter's
/// language; as many as the layout's window holds. A mapping is formatted by the destination's
/// postal convention ([`crate::address`]), its country line in the sender's language.
pub(super) fn recipient(
    cx: &mut Ctx,
    letter: &Letter,
    geometry: &Geometry,
    (lang, letter_lang): (Lang, Lang),
    sender_country: &str,
) -> Vec<String> {
    let l = &letter.spec;
    let at = origin(&letter.source, &l.recipient);
    let written: Vec<String> = if l.recipient.value.is_structured() {
        let f = crate::address::format(
            &l.recipient.value,
            &letter.source,
            lang,
            sender_country,
            at.clone(),
        );
        f.errors.into_iter().for_each(|e| cx.push(e));
        cx.warnings.extend(f.warnings);
        f.lines
    } else {
        l.recipient.value.lines.clone()
    };
    let mut lines: Vec<String> = written
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if lines.is_empty() {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "recipient".into(),
                value: "[]".into(),
                reason: "the address has no lines".into(),
            })
            .at(at.clone())
            .hint("list the address lines top to bottom: name, street, postcode and town"),
        );
    }
    super::attention::add(cx, letter, letter_lang, &mut lines);
    let max_lines = geometry.window_lines;
    if lines.len() > max_lines {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "recipient".into(),
                value: format!("{} lines", lines.len()),
                reason: format!(
                    "the window of `{}` holds at most {max_lines} address lines",
                    geometry.name
                ),
            })
            .at(at)
            .hint(if l.attention.is_some() {
                "the `attention` line is one of them: join lines or move details into the body"
            } else {
                "join lines (e.g. the contact person with the firm) or move details into the body"
            }),
        );
    }
    lines
}

/// The body's blocks: within [`MAX_BODY_CHARS`], not empty.
pub(super) fn body(cx: &mut Ctx, letter: &Letter) -> Vec<Block> {
    let src = &letter.spec.body;
    let chars = src.value.chars().count();
    let blocks = if chars > MAX_BODY_CHARS {
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "the body has {chars} characters, more than the limit of {MAX_BODY_CHARS}"
            )))
            .at(origin(&letter.source, src))
            .hint("a letter is a few pages; send a long text as an enclosure"),
        );
        vec![Block::Paragraph(Vec::new())]
    } else {
        parse_body(cx, &letter.source, src)
    };
    super::markup::check_closing(cx, &letter.source, &letter.spec);
    if blocks.is_empty() {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "body".into(),
                value: String::new(),
                reason: "the body is empty".into(),
            })
            .at(origin(&letter.source, src))
            .hint("write the letter's text under `body: |`"),
        );
    }
    blocks
}

/// The body's blocks; nesting past `MAX_NESTING` and constructs a letter does not set are
/// refused at their place (the same for `ps`, `cc` and enclosure titles).
fn parse_body(cx: &mut Ctx, lf: &SourceFile, body: &Spanned<String>) -> Vec<Block> {
    super::markup::parse(cx, lf, "body", body)
}

/// Signatories, enclosures and `cc` entries within their limits, each refused at the first
/// entry past the limit.
pub(super) fn check_counts(cx: &mut Ctx, letter: &Letter) {
    let l = &letter.spec;
    let lf = &letter.source;
    let over = |what: &str, n: usize, max: usize, hint: &str| {
        Error::new(ErrorKind::Limit(format!(
            "{n} {what} is more than the limit of {max}"
        )))
        .hint(hint.to_string())
    };
    if l.signatures.len() > MAX_SIGNATORIES {
        let at = l
            .signatures
            .get(MAX_SIGNATORIES)
            .and_then(|s| origin(lf, &s.name));
        let hint = "signatories stand side by side under the closing; list the others in the body";
        cx.push(over("signatories", l.signatures.len(), MAX_SIGNATORIES, hint).at(at));
    }
    if l.enclosures.len() > MAX_ENCLOSURES {
        let at = l
            .enclosures
            .get(MAX_ENCLOSURES)
            .and_then(|s| origin(lf, &s.title));
        let hint = "enclose a list of the documents instead";
        cx.push(over("enclosures", l.enclosures.len(), MAX_ENCLOSURES, hint).at(at));
    }
    if l.cc.len() > MAX_CC {
        let at = l.cc.get(MAX_CC).and_then(|s| origin(lf, s));
        cx.push(
            over(
                "`cc` entries",
                l.cc.len(),
                MAX_CC,
                "name a distribution list instead",
            )
            .at(at),
        );
    }
}

/// The signature images, read first of all (`None` where a signatory has none): a PNG with
/// transparency is then decoded and deflated for the PDF on a second core while the rest of
/// the letter is resolved and laid out (see `raster`). Failures wait in the list until
/// [`signatures`] reports them in their place among the letter's other problems.
pub(super) fn signature_images(cx: &Ctx, letter: &Letter) -> Vec<Option<SignatureImage>> {
    let lf = &letter.source;
    let signatures = letter.spec.signatures.iter().take(MAX_SIGNATORIES);
    signatures
        .map(|s| {
            s.image.as_ref().map(|img| {
                let path = lf.base_dir().join(img.value.trim());
                cx.res.image(cx.env, &path)
            })
        })
        .collect()
}

/// A signature image read, or why it could not be.
pub(super) type SignatureImage = Result<Arc<ImageData>, ErrorKind>;

/// The signatories with their signature `images` (from [`signature_images`]).
pub(super) fn signatures(
    cx: &mut Ctx,
    letter: &Letter,
    images: Vec<Option<SignatureImage>>,
) -> Vec<Signatory> {
    let lf = &letter.source;
    let signatures = letter.spec.signatures.iter().take(MAX_SIGNATORIES);
    let mut out = Vec::new();
    for (s, image) in signatures.zip(images) {
        let image = image.and_then(|read| match read {
            Ok(i) => Some(i),
            Err(kind) => {
                let at = s.image.as_ref().and_then(|img| origin(lf, img));
                cx.push(Error::new(kind).at(at));
                None
            }
        });
        out.push(Signatory {
            name: s.name.value.clone(),
            role: s.role.as_ref().map(|r| r.value.clone()),
            image,
        });
    }
    out
}

/// The reference fields with their localised labels.
pub(super) fn references(letter: &Letter, lang: Lang) -> Vec<(String, String)> {
    let Some(r) = &letter.spec.references else {
        return Vec::new();
    };
    r.value
        .0
        .iter()
        .map(|(k, v)| (lang.reference_label(k), v.clone()))
        .collect()
}

/// The endorsement lines above the address.
pub(super) fn mail_note(letter: &Letter) -> Vec<String> {
    let Some(m) = &letter.spec.mail_note else {
        return Vec::new();
    };
    m.value
        .lines()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The salutation and the complimentary close: the letter's, else the language's defaults
/// (the closing chosen by how the salutation addresses the reader).
pub(super) fn salutation(cx: &mut Ctx, letter: &Letter, lang: Lang) -> (String, String) {
    let l = &letter.spec;
    let title = l.recipient_title.as_ref().and_then(|t| {
        let parsed = RecipientTitle::parse(&t.value);
        if parsed.is_none() {
            cx.push(
                invalid(
                    "recipient_title",
                    t,
                    &letter.source,
                    "not a Polish form of address".into(),
                )
                .hint(format!(
                    "use one of {}, or write the salutation yourself with `opening:`",
                    RecipientTitle::NAMES.join(", ")
                )),
            );
        }
        parsed
    });
    let opening = l
        .opening
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_else(|| lang.default_opening(title).to_string());
    let closing = l
        .closing
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_else(|| {
            lang.default_closing(classify_salutation(&opening))
                .to_string()
        });
    (opening, closing)
}
