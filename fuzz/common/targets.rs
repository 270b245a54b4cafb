//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` (libFuzzer) and by
//! `tests/tests/fuzz_replay.rs`, which replays the committed corpus on the stable toolchain.
//!
//! Every target only asserts that nothing panics, hangs or allocates without bound: an input
//! may be refused with an error, which is the point of most of them.
#![allow(dead_code)]

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};
use letterpress::spec::{FontSpec, LetterheadSpec, Location, Spanned};
use letterpress::{Env, Letter, PdfOptions, RenderOptions, Resources, Standard};

/// `load`: arbitrary bytes as the YAML of a letter (lossy UTF-8, as a file read would refuse
/// the rest with an error before parsing).
pub fn load(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = letterpress::load_letter_str(&text, "fuzz.yaml");
    let _ = letterpress::spec::load_letterhead_str(&text, "fuzz-letterhead.yaml");
}

/// `image_header`: arbitrary bytes as an image file.
pub fn image_header(data: &[u8]) {
    if let Ok(img) = letterpress::resolve::image_from_bytes(Path::new("fuzz.png"), data.to_vec()) {
        assert!(
            u64::from(img.width) * u64::from(img.height) <= letterpress::resolve::MAX_IMAGE_PIXELS,
            "an image over the pixel budget was accepted"
        );
    }
}

/// `enclosure`: arbitrary bytes as an enclosed file (a PDF, PNG or JPEG or anything else),
/// appended after a one-line letter: refused with an error at its `file:` or appended, never
/// a panic; what is appended stays within the page limit and the PDF is written.
pub fn enclosure(data: &[u8]) {
    let res = Resources::new();
    res.insert_file("enc.pdf", data.to_vec());
    let yaml = "recipient: [A]\nbody: x\nenclosures:\n  - title: E\n    file: enc.pdf\n";
    let Ok(letter) = letterpress::load_letter_str(yaml, "fuzz.yaml") else {
        return;
    };
    let options = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::None));
    match letterpress::render(&letter, &Env::default(), &res, &options) {
        Ok(out) => {
            let appended = out.output.document.appendix.page_count();
            assert!((1..=letterpress::enclosures::MAX_ENCLOSURE_PAGES).contains(&appended));
            assert!(out.output.pdf.starts_with(b"%PDF-"));
        }
        Err(e) => assert!(
            e.0.iter()
                .all(|e| e.origin.is_some() || matches!(e.kind, letterpress::ErrorKind::Pdf(_))),
            "an enclosure error without a place: {e}"
        ),
    }
}

/// `artwork`: arbitrary bytes as a header image, stationery sheet or logo: SVG when they look
/// like XML, a PDF page when they start with `%PDF-`, else a raster image. Refused or drawn,
/// never a panic; an accepted piece is also written into a PDF (the krilla-svg drawing).
pub fn artwork(data: &[u8]) {
    let Some(fonts) = letterpress::fonts::FontSet::bundled("Noto Sans") else {
        return;
    };
    let page = usize::from(data.first().copied().unwrap_or(1) % 3) + 1;
    let Ok(art) =
        letterpress::resolve::vector_from_bytes(Path::new("fuzz.svg"), data, &fonts, page)
    else {
        return;
    };
    let res = Resources::new();
    res.insert_file("fuzz/logo.svg", data.to_vec());
    res.insert_file(
        "fuzz/letterhead.yaml",
        "name: Fuzz\nheader: { image: logo.svg, height: 20mm }\nfont: { family: Noto Sans }\n",
    );
    assert!(art.image.width > 0 && art.image.height > 0);
    let letter = Letter::builder(["Ms Jane Doe"], "Thank you.")
        .letterhead("fuzz/letterhead.yaml")
        .date("2026-11-26")
        .path("fuzz.yaml")
        .build();
    let _ = letterpress::render(&letter, &Env::default(), &res, &RenderOptions::default());
}

/// `markup`: arbitrary bytes as a letter's body (lossy UTF-8). Inputs starting with `R` are
/// expanded first: `R`, a unit length `u` (1–32), a count `c` (×64), then `u` bytes repeated
/// `c × 64` times and the rest once — so `- `, `> `, `*` or `1. ` nest thousands deep.
/// Asserts that no list deeper than `MAX_NESTING` is built, that `try_parse_markup` refuses
/// exactly the bodies it flattens, and that resolve, layout and the PDF writer never panic.
pub fn markup(data: &[u8]) {
    use letterpress::text::inline::{parse_markup, try_parse_markup, MAX_NESTING};
    let body = markup_body(data);
    let deepest = list_depth(&parse_markup(&body));
    assert!(deepest <= MAX_NESTING, "a list {deepest} deep was built");
    match try_parse_markup(&body) {
        Ok(blocks) => assert!(list_depth(&blocks) <= MAX_NESTING),
        Err(e) => {
            assert!(e.depth > MAX_NESTING && e.offset <= body.len(), "{e:?}");
        }
    }
    let letter = Letter::builder(["Ms Jane Doe", "Oxford OX1 4AB"], body)
        .language("en-GB")
        .date("2026-11-26")
        .path("fuzz.yaml")
        .build();
    let _ = letterpress::render(
        &letter,
        &Env::default(),
        &Resources::new(),
        &RenderOptions::default(),
    );
}

/// The body a `markup` input stands for (see [`markup`]).
fn markup_body(data: &[u8]) -> String {
    match data {
        [b'R', u, c, rest @ ..] => {
            let unit_len = (usize::from(*u) % 32 + 1).min(rest.len());
            let (unit, tail) = rest.split_at(unit_len);
            let count = (usize::from(*c) * 64).min(20_000 / unit_len.max(1));
            let mut bytes = unit.repeat(count);
            bytes.extend_from_slice(tail);
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => String::from_utf8_lossy(data).into_owned(),
    }
}

/// How deep lists and quotes nest in `blocks` (walked with a stack: no recursion to overflow).
fn list_depth(blocks: &[letterpress::text::Block]) -> usize {
    use letterpress::text::Block;
    let mut deepest = 0;
    let mut stack: Vec<(&[Block], usize)> = vec![(blocks, 0)];
    while let Some((bs, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for b in bs {
            match b {
                Block::List { items, .. } => {
                    stack.extend(items.iter().map(|i| (i.as_slice(), depth + 1)));
                }
                // Quotes nest blocks too, and count against the same limit.
                Block::Quote(inner) => stack.push((inner.as_slice(), depth + 1)),
                _ => {}
            }
        }
    }
    deepest
}

/// `pipeline`: a structured arbitrary letter, rendered; errors are fine, panics are not.
pub fn pipeline(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(f) = FuzzLetter::arbitrary(&mut u) else {
        return;
    };
    let letter = f.build();
    let mut env = Env::from_process();
    env.today = chrono_date();
    let options = RenderOptions::new().pdf(
        PdfOptions::new()
            .standard(if f.pdfa {
                Standard::A2bUa1
            } else {
                Standard::None
            })
            .debug(f.debug),
    );
    let Ok(rendered) = letterpress::render(&letter, &env, &Resources::new(), &options) else {
        return;
    };
    combined_twice(&rendered.output.document, &options.pdf);
}

/// A rendered letter copied twice into a streamed combined PDF: the copier reads krilla's
/// output of any letter, so a letter that renders but cannot be combined is a bug (a panic
/// here), as is a file that does not end as a PDF does.
fn combined_twice(doc: &letterpress::Document, options: &PdfOptions) {
    use letterpress::pdf::{Combined, Needs};
    let needs = Needs::of(&[doc]);
    let spool = std::env::temp_dir();
    let mut c = Combined::new(doc, options, false, &needs, Vec::new(), &spool)
        .unwrap_or_else(|e| panic!("a combined PDF of a rendered letter cannot start: {e}"));
    for _ in 0..2 {
        c.admit(doc)
            .and_then(|()| c.add(doc))
            .unwrap_or_else(|e| panic!("a rendered letter cannot be combined: {e}"));
    }
    let bytes = c
        .finish(None)
        .unwrap_or_else(|e| panic!("a combined PDF of a rendered letter cannot end: {e}"));
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF"));
}

fn chrono_date() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
}

/// A piece of text: the awkward kinds a letter's strings can hold.
#[derive(Debug, Arbitrary)]
enum Piece {
    Word(String),
    /// One character repeated (a huge unbreakable word).
    Huge(char, u16),
    Space,
    Newline,
    /// A blank line: a new paragraph in the body.
    Paragraph,
    Bullet,
    Numbered(u8),
    Emphasis(String),
    Strong(String),
    Control(u8),
    RightToLeft,
    Combining(u8),
    Hyphenatable,
    Polish,
    Emoji,
}

impl Piece {
    fn push(&self, out: &mut String) {
        match self {
            Piece::Word(s) => out.push_str(s),
            Piece::Huge(c, n) => out.extend(std::iter::repeat_n(*c, usize::from(*n % 4096))),
            Piece::Space => out.push(' '),
            Piece::Newline => out.push('\n'),
            Piece::Paragraph => out.push_str("\n\n"),
            Piece::Bullet => out.push_str("\n- "),
            Piece::Numbered(n) => out.push_str(&format!("\n{n}. ")),
            Piece::Emphasis(s) => out.push_str(&format!("*{s}*")),
            Piece::Strong(s) => out.push_str(&format!("**{s}**")),
            Piece::Control(b) => out.push(char::from(*b % 32)),
            Piece::RightToLeft => out.push_str("\u{202E}שלום עולם مرحبا\u{202C}"),
            Piece::Combining(n) => {
                out.push('e');
                for i in 0..(*n % 16) {
                    out.push(char::from_u32(0x300 + u32::from(i)).unwrap_or('\u{301}'));
                }
            }
            Piece::Hyphenatable => out.push_str(
                "Rechtsschutzversicherungsgesellschaften konstantynopolitańczykowianeczka ",
            ),
            Piece::Polish => out.push_str("Zażółć gęślą jaźń. "),
            Piece::Emoji => out.push('☃'),
        }
    }
}

/// Text made of pieces, optionally repeated (thousands of paragraphs).
#[derive(Debug, Arbitrary)]
struct Text {
    pieces: Vec<Piece>,
    repeat: u16,
}

impl Text {
    fn render(&self) -> String {
        let mut one = String::new();
        for p in &self.pieces {
            p.push(&mut one);
        }
        let times = usize::from(self.repeat % 3000).max(1);
        let mut out = String::with_capacity(one.len().saturating_mul(times).min(1 << 22));
        for _ in 0..times {
            out.push_str(&one);
            if out.len() > 1 << 22 {
                break;
            }
        }
        out
    }
}

/// A length: a number (zero, negative, huge, NaN-ish) with a unit, or junk.
#[derive(Debug, Arbitrary)]
enum Length {
    Number(f32, Unit),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum Unit {
    Mm,
    Cm,
    In,
    Pt,
    None,
    Other(String),
}

impl Length {
    fn render(&self) -> String {
        match self {
            Length::Number(v, u) => format!(
                "{v}{}",
                match u {
                    Unit::Mm => "mm",
                    Unit::Cm => "cm",
                    Unit::In => "in",
                    Unit::Pt => "pt",
                    Unit::None => "",
                    Unit::Other(s) => s.as_str(),
                }
            ),
            Length::Raw(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Choice<const N: usize> {
    Known(u8),
    Other(String),
}

impl<const N: usize> Choice<N> {
    fn pick(&self, known: [&str; N]) -> String {
        match self {
            Choice::Known(i) => known[usize::from(*i) % N].to_string(),
            Choice::Other(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Signatory {
    name: Text,
    role: Option<Text>,
}

/// A letter: every key of the format, with awkward values.
#[derive(Debug, Arbitrary)]
pub struct FuzzLetter {
    letterhead: Option<Choice<5>>,
    language: Option<Choice<4>>,
    layout: Option<Choice<3>>,
    place: Option<Text>,
    date: Option<(i32, i8, i8)>,
    recipient: Vec<Text>,
    mail_note: Option<Text>,
    subject: Option<Text>,
    opening: Option<Text>,
    recipient_title: Option<Choice<3>>,
    body: Text,
    closing: Option<Text>,
    signatures: Vec<Signatory>,
    enclosures: Vec<Text>,
    cc: Vec<Text>,
    ps: Option<Text>,
    family: Option<Choice<2>>,
    size: Option<Length>,
    accent: Option<String>,
    align: Option<Choice<2>>,
    marks: Option<bool>,
    footer: Option<Vec<Text>>,
    pdfa: bool,
    debug: bool,
}

fn v<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

impl FuzzLetter {
    /// The signatories' names and roles.
    fn signatories(&self) -> Vec<(String, Option<String>)> {
        self.signatures
            .iter()
            .map(|s| (s.name.render(), s.role.as_ref().map(Text::render)))
            .collect()
    }

    /// The letter, built in code (no YAML: the loader has its own target).
    pub fn build(&self) -> Letter {
        let text = |t: &Text| v(t.render());
        // The spec types are `#[non_exhaustive]`: built from defaults (and the builder), then
        // filled field by field.
        let mut font = FontSpec::default();
        font.family = self
            .family
            .as_ref()
            .map(|c| v(c.pick(["Noto Serif", "Noto Sans"])));
        font.size = self.size.as_ref().map(|l| v(l.render()));
        let mut style = LetterheadSpec::default();
        style.font = Some(font);
        style.accent = self.accent.clone().map(v);
        style.align = self.align.as_ref().map(|c| v(c.pick(["justify", "left"])));
        style.marks = self.marks;
        style.footer = self.footer.as_ref().map(|f| f.iter().map(text).collect());
        let mut builder =
            Letter::builder(self.recipient.iter().map(Text::render), self.body.render())
                .style(style)
                .path("fuzz.yaml");
        for s in &self.signatories() {
            builder = builder.signatory(&s.0, s.1.as_deref());
        }
        let mut letter = builder.build();
        let spec = &mut letter.spec;
        spec.letterhead = self.letterhead.as_ref().map(|c| {
            v(c.pick([
                "nowak-pr",
                "nordwerk",
                "hartmann-legal",
                "brightline-us",
                "../../etc/passwd",
            ]))
        });
        spec.language = self
            .language
            .as_ref()
            .map(|c| v(c.pick(["pl", "en-GB", "en-US", "de"])));
        spec.layout = self
            .layout
            .as_ref()
            .map(|c| v(c.pick(["din5008-a", "din5008-b", "us-letter"])));
        spec.place = self.place.as_ref().map(Text::render);
        spec.date = self
            .date
            .map(|(y, m, d)| v(format!("{y:04}-{m:02}-{d:02}")));
        spec.mail_note = self.mail_note.as_ref().map(text);
        spec.subject = self.subject.as_ref().map(text);
        spec.opening = self.opening.as_ref().map(text);
        spec.recipient_title = self
            .recipient_title
            .as_ref()
            .map(|c| v(c.pick(["Pan", "Pani", "Państwo"])));
        spec.closing = self.closing.as_ref().map(text);
        spec.enclosures = self
            .enclosures
            .iter()
            .map(|t| letterpress::spec::EnclosureSpec::title(text(t)))
            .collect();
        spec.cc = self.cc.iter().map(text).collect();
        spec.ps = self.ps.as_ref().map(text);
        letter
    }
}

/// The letter every `merge` input fills: each kind of field a placeholder can stand in.
const MERGE_TEMPLATE: &str = "language: pl\ndate: 2026-11-26\n\
recipient:\n  - \"{{ name }}\"\n  - \"{{ city | upper }}\"\n\
subject: \"Oferta dla {{ name }}\"\n\
body: |\n  Dzień dobry {{ name }},\n\n  {{ note }}\n\
signatures:\n  - name: \"{{ name | lower }}\"\n";

/// `merge`: arbitrary bytes as merge data — CSV when the first byte is even, else a YAML list —
/// filled into a letter and rendered (the first four records). Data is text: nothing in it may
/// panic the reader, the template or the render, and every value is a string.
pub fn merge(data: &[u8]) {
    let Some((kind, rest)) = data.split_first() else {
        return;
    };
    let records = if kind % 2 == 0 {
        letterpress::merge::records_from_csv(rest, Path::new("fuzz.csv"))
    } else {
        letterpress::merge::records_from_yaml(
            &String::from_utf8_lossy(rest),
            Path::new("fuzz.yaml"),
        )
    };
    let Ok(records) = records else {
        return;
    };
    let Ok(letter) = letterpress::load_letter_str(MERGE_TEMPLATE, "fuzz-merge.yaml") else {
        panic!("the merge template parses");
    };
    let Ok(template) = letterpress::merge::Template::new(letter) else {
        panic!("the merge template compiles");
    };
    let options = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::None));
    let res = Resources::new();
    let env = Env::default();
    let first = &records[..records.len().min(4)];
    for item in letterpress::merge::merge_iter(&template, first, &env, &res, &options) {
        if let Ok(out) = item.result {
            assert!(out.output.pdf.starts_with(b"%PDF-"));
        }
    }
}
