//! `letterpress fonts` and `letterpress letterheads`: what is bundled, and how a letter's fonts
//! cover its text (every character, per face, with the key it is written under).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use letterpress::fonts::{Face, FontSet, FontStyle};
use letterpress::locale::Lang;
use letterpress::spec::{FontSpec, Letter, LetterheadSpec};
use letterpress::text::{parse_markup, Block};
use letterpress::{Env, Error, ErrorKind, Errors, Resources};

use crate::stdout::outln;
use crate::Failure;

const STYLES: [(FontStyle, &str); 4] = [
    (FontStyle::Regular, "regular"),
    (FontStyle::Bold, "bold"),
    (FontStyle::Italic, "italic"),
    (FontStyle::BoldItalic, "bold italic"),
];

/// Characters a letter in each language needs beyond ASCII, for the bundled-font overview.
const REPERTOIRES: [(&str, &str); 4] = [
    ("Polish", "ĄąĆćĘęŁłŃńÓóŚśŹźŻż"),
    ("German", "ÄäÖöÜüẞß"),
    ("English", "£"),
    ("typography", "„“”‚‘’«»–—…€§°×·•"),
];

/// `letterpress letterheads`.
pub fn letterheads() -> Result<(), Failure> {
    let env = Env::from_process();
    let bundled = Resources::new().letterheads(&env);
    if bundled.is_empty() {
        return Err(Failure::Io(
            "no bundled letterheads found; set LETTERPRESS_LETTERHEADS to a folder of letterheads"
                .into(),
        ));
    }
    outln!("Bundled letterheads (write `letterhead: NAME` in a letter):");
    let width = bundled.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for (name, path) in &bundled {
        outln!("  {name:width$}  {}", describe_letterhead(path));
    }
    outln!("Your own: `letterhead: path/to/letterhead.yaml` (relative to the letter).");
    Ok(())
}

/// One line about a letterhead: the first sentence of its opening comment (else its `name`),
/// then its language and layout.
fn describe_letterhead(path: &Path) -> String {
    let text = Resources::new()
        .read(&Env::from_process(), path, 1 << 20)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let comment: String = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    let sentence = comment
        .split([';', '(', '\n'])
        .next()
        .unwrap_or("")
        .split(". ")
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(['.', ','])
        .trim();
    let sentence = sentence
        .strip_prefix("Letterhead of ")
        .unwrap_or(sentence)
        .to_string();
    match letterpress::spec::load_letterhead(path) {
        Ok(lh) => {
            let first = if sentence.is_empty() {
                lh.spec
                    .name
                    .as_ref()
                    .map(|n| n.value.clone())
                    .unwrap_or_else(|| "(no name)".into())
            } else {
                sentence
            };
            let lang = lh.spec.language.as_ref().map(|l| l.value.as_str());
            let layout = lh.spec.layout.as_ref().map(|l| l.value.as_str());
            let tail: Vec<&str> = [lang, layout].into_iter().flatten().collect();
            if tail.is_empty() {
                first
            } else {
                format!("{first} ({})", tail.join(", "))
            }
        }
        Err(e) => format!("(cannot be read: {e})"),
    }
}

/// `letterpress fonts [LETTER]`.
pub fn fonts(letter: Option<&Path>) -> Result<(), Failure> {
    let Some(path) = letter else {
        return bundled_overview();
    };
    // Reads confined to the letter's folder (and the bundled letterheads), as for `render`.
    let env = crate::env_for(path, None)?;
    let res = Resources::new();
    let letter = letterpress::load_letter(path).map_err(|e| Failure::Input(e.into()))?;
    let letterhead =
        letterpress::find_letterhead(&letter, &env, &res).map_err(|e| Failure::Input(e.into()))?;
    let lh_spec = letterhead.as_ref().map(|h| &h.spec);
    let lang = letter
        .spec
        .language
        .as_ref()
        .or(lh_spec.and_then(|h| h.language.as_ref()))
        .and_then(|l| Lang::parse(&l.value))
        .unwrap_or(Lang::Pl);
    let texts = letter_texts(&letter, lh_spec, lang);

    outln!("Fonts of {}:", path.display());
    let lh = letterhead.as_ref().map(|h| (&h.spec, h.source.base_dir()));
    let (set, own) = letter_fonts(&letter, lh, &env, &res)?;
    match &own {
        Some(_) => outln!("  {} (own files)", set.family()),
        None => outln!("  {} (bundled)", set.family()),
    }
    for (style, name) in STYLES {
        let file = own
            .as_ref()
            .and_then(|f| f.get(name).cloned())
            .map(|p| format!(" — {}", p.display()))
            .unwrap_or_default();
        outln!(
            "    {name:11}  {}{file}",
            coverage_line(&set, style, texts.get(&style))
        );
    }
    outln!("Bundled families for this letter's text:");
    for family in FontSet::BUNDLED {
        if let Some(b) = res.family(family) {
            let missing: usize = STYLES
                .iter()
                .map(|(s, _)| missing_chars(&b, *s, texts.get(s)).len())
                .sum();
            if missing == 0 {
                outln!("  {family:11}  covers all of it");
            } else {
                let detail: Vec<String> = STYLES
                    .iter()
                    .filter_map(|(s, n)| {
                        let m = missing_chars(&b, *s, texts.get(s));
                        (!m.is_empty()).then(|| format!("{n}: {}", list_chars(&m)))
                    })
                    .collect();
                outln!("  {family:11}  cannot draw {}", detail.join("; "));
            }
        }
    }
    Ok(())
}

/// The bundled families and their coverage of each language's letters.
fn bundled_overview() -> Result<(), Failure> {
    let res = Resources::new();
    outln!("Bundled font families (`font: {{ family: NAME }}` in a letterhead, or a letter's `style:`):");
    for family in FontSet::BUNDLED {
        let Some(set) = res.family(family) else {
            continue;
        };
        let faces: Vec<String> = STYLES
            .iter()
            .map(|(s, _)| set.face(*s).label().to_string())
            .collect();
        outln!("  {family}: {}", faces.join(", "));
        let mut parts = Vec::new();
        for (what, chars) in REPERTOIRES {
            let missing: Vec<char> = chars
                .chars()
                .filter(|c| {
                    STYLES
                        .iter()
                        .any(|(s, _)| set.first_missing(*s, &c.to_string()).is_some())
                })
                .collect();
            if missing.is_empty() {
                parts.push(format!("{what} ✓"));
            } else {
                parts.push(format!("{what}: missing {}", list_chars(&missing)));
            }
        }
        outln!("    {}", parts.join(", "));
    }
    outln!(
        "Your own fonts: `font: {{ regular: fonts/X-Regular.ttf, bold: …, italic: …, bold_italic: … }}`,\n\
         paths relative to the file that names them. `letterpress fonts LETTER` checks a letter's text."
    );
    Ok(())
}

/// The faces a letter is set in: its `style: font:` over its letterhead's `font:`, key by key,
/// as `resolve` chooses them; with the files of own faces by style name.
type OwnFiles = Option<BTreeMap<&'static str, PathBuf>>;

fn letter_fonts(
    letter: &Letter,
    lh: Option<(&LetterheadSpec, PathBuf)>,
    env: &Env,
    res: &Resources,
) -> Result<(FontSet, OwnFiles), Failure> {
    let st = letter.spec.style.as_ref().and_then(|s| s.font.as_ref());
    let st_dir = letter.source.base_dir();
    let lh_font = lh
        .as_ref()
        .and_then(|(h, d)| h.font.as_ref().map(|f| (f, d)));
    let pick = |get: fn(&FontSpec) -> Option<&str>| {
        st.and_then(get)
            .map(|v| (v, &st_dir))
            .or_else(|| lh_font.and_then(|(f, d)| get(f).map(|v| (v, d))))
    };
    let family = pick(|f| f.family.as_ref().map(|v| v.value.as_str())).map(|(v, _)| v.to_string());
    let Some((regular, dir)) = pick(|f| f.regular.as_ref().map(|v| v.value.as_str())) else {
        let name = family.unwrap_or_else(|| "Noto Serif".into());
        let set = res.family(&name).ok_or_else(|| {
            Failure::Input(Errors(vec![Error::new(ErrorKind::InvalidValue {
                what: "font family".into(),
                value: name.clone(),
                reason: "not a bundled family".into(),
            })
            .hint(format!("use one of {}", FontSet::BUNDLED.join(", ")))]))
        })?;
        return Ok((set, None));
    };
    let load = |p: PathBuf| -> Result<Arc<Face>, Failure> {
        res.face(env, &p)
            .map_err(|kind| Failure::Input(Errors(vec![Error::new(kind)])))
    };
    let mut files = BTreeMap::new();
    let reg_path = dir.join(regular.trim());
    let r = load(reg_path.clone())?;
    files.insert("regular", reg_path);
    let mut other =
        |name: &'static str, get: fn(&FontSpec) -> Option<&str>| -> Result<Arc<Face>, Failure> {
            match pick(get) {
                Some((v, d)) => {
                    let p = d.join(v.trim());
                    let f = load(p.clone())?;
                    files.insert(name, p);
                    Ok(f)
                }
                None => Ok(r.clone()),
            }
        };
    let b = other("bold", |f| f.bold.as_ref().map(|v| v.value.as_str()))?;
    let i = other("italic", |f| f.italic.as_ref().map(|v| v.value.as_str()))?;
    let bi = other("bold italic", |f| {
        f.bold_italic.as_ref().map(|v| v.value.as_str())
    })?;
    let family = family.unwrap_or_else(|| regular.to_string());
    Ok((FontSet::new(family, r, b, i, bi), Some(files)))
}

/// Every text of the letter by the face it is set in, each character with the first key it
/// appears under.
fn letter_texts(
    letter: &Letter,
    lh: Option<&LetterheadSpec>,
    lang: Lang,
) -> BTreeMap<FontStyle, BTreeMap<char, String>> {
    let mut out: BTreeMap<FontStyle, BTreeMap<char, String>> = BTreeMap::new();
    let mut add = |style: FontStyle, key: &str, text: &str| {
        let m = out.entry(style).or_default();
        for c in text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
        {
            m.entry(c).or_insert_with(|| key.to_string());
        }
    };
    let l = &letter.spec;
    let regular = FontStyle::Regular;
    for line in &l.recipient.value {
        add(regular, "recipient", line);
    }
    let simple = [
        ("mail_note", &l.mail_note),
        ("opening", &l.opening),
        ("closing", &l.closing),
        ("ps", &l.ps),
    ];
    for (key, v) in simple {
        if let Some(v) = v {
            add(regular, key, &v.value);
        }
    }
    if let Some(s) = &l.subject {
        add(FontStyle::Bold, "subject", &s.value);
    }
    if let Some(p) = &l.place {
        add(regular, "place", p);
    }
    if let Some(r) = &l.references {
        for (k, v) in &r.value.0 {
            add(regular, "references", &lang.reference_label(k));
            add(regular, "references", v);
        }
    }
    for s in &l.signatures {
        add(regular, "signatures", &s.name.value);
        if let Some(role) = &s.role {
            add(regular, "signatures", &role.value);
        }
    }
    for e in &l.enclosures {
        add(regular, "enclosures", &e.title.value);
    }
    for c in &l.cc {
        add(regular, "cc", &c.value);
    }
    // The words letterpress itself prints in the letter's language.
    add(regular, "(labels)", &lang.page_of(2, 3));
    add(regular, "(labels)", lang.enclosures_label(2));
    add(regular, "(labels)", lang.cc_label());
    add(regular, "(labels)", lang.default_opening(None));
    add(regular, "(labels)", lang.default_closing(false));
    // Letterhead texts: the letter's `style:` wins over the letterhead.
    let st = l.style.as_ref();
    let pick = |get: fn(&LetterheadSpec) -> bool| st.filter(|s| get(s)).or(lh);
    if let Some(h) = pick(|s| s.name.is_some()) {
        if let Some(n) = &h.name {
            add(FontStyle::Bold, "name", &n.value);
        }
    }
    if let Some(h) = pick(|s| s.sender.is_some()) {
        if let Some(s) = &h.sender {
            for v in s
                .name
                .iter()
                .chain(&s.address)
                .chain(&s.phone)
                .chain(&s.email)
                .chain(&s.web)
            {
                add(regular, "sender", &v.value);
            }
        }
    }
    if let Some(h) = pick(|s| s.footer.is_some()) {
        for v in h.footer.iter().flatten() {
            add(regular, "footer", &v.value);
        }
    }
    if let Some(h) = pick(|s| s.return_address.is_some()) {
        if let Some(v) = &h.return_address {
            add(regular, "return_address", &v.value);
        }
    }
    // The body, span by span in the face each span is set in.
    fn walk(blocks: &[Block], add: &mut dyn FnMut(FontStyle, &str, &str)) {
        for b in blocks {
            match b {
                Block::Paragraph(spans) => {
                    for s in spans {
                        add(s.style, "body", &s.text);
                    }
                }
                Block::List { items, .. } => {
                    for item in items {
                        walk(item, add);
                    }
                }
            }
        }
    }
    walk(&parse_markup(&l.body.value), &mut add);
    out
}

/// The characters of `used` that the face for `style` cannot draw, with their keys.
fn missing_chars(
    set: &FontSet,
    style: FontStyle,
    used: Option<&BTreeMap<char, String>>,
) -> Vec<(char, String)> {
    used.into_iter()
        .flatten()
        .filter(|(c, _)| set.first_missing(style, &c.to_string()).is_some())
        .map(|(c, k)| (*c, k.clone()))
        .collect()
}

fn coverage_line(set: &FontSet, style: FontStyle, used: Option<&BTreeMap<char, String>>) -> String {
    let label = set.face(style).label().to_string();
    let n = used.map_or(0, BTreeMap::len);
    if n == 0 {
        return format!("{label:24}  not used by this letter");
    }
    let missing = missing_chars(set, style, used);
    if missing.is_empty() {
        format!(
            "{label:24}  all {n} distinct character{} covered",
            if n == 1 { "" } else { "s" }
        )
    } else {
        let list: Vec<String> = missing
            .iter()
            .map(|(c, k)| format!("{} in `{k}`", char_name(*c)))
            .collect();
        format!(
            "{label:24}  cannot draw {} of {n}: {}",
            missing.len(),
            list.join(", ")
        )
    }
}

fn char_name(c: char) -> String {
    format!("‘{c}’ U+{:04X}", c as u32)
}

fn list_chars<T: AsChar>(chars: &[T]) -> String {
    chars
        .iter()
        .map(|c| char_name(c.as_char()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A character, alone or with the key it was found under.
trait AsChar {
    fn as_char(&self) -> char;
}

impl AsChar for char {
    fn as_char(&self) -> char {
        *self
    }
}

impl AsChar for (char, String) {
    fn as_char(&self) -> char {
        self.0
    }
}
