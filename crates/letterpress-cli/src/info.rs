//! `letterpress fonts` and `letterpress letterheads`: what is bundled, and how a letter's fonts
//! cover its text (every character, per face, with the key it is written under).

use std::collections::BTreeMap;
use std::path::Path;

use letterpress::fonts::{FontSet, FontStyle};
use letterpress::{Env, Resources};

use crate::stdout::outln;
use crate::Failure;

const STYLES: [(FontStyle, &str); 4] = [
    (FontStyle::Regular, "regular"),
    (FontStyle::Bold, "bold"),
    (FontStyle::Italic, "italic"),
    (FontStyle::BoldItalic, "bold italic"),
];

/// Characters a letter in each language needs beyond ASCII, for the bundled-font overview.
const REPERTOIRES: [(&str, &str); 9] = [
    ("Polish", "ĄąĆćĘęŁłŃńÓóŚśŹźŻż"),
    ("German", "ÄäÖöÜüẞß"),
    ("English", "£"),
    ("French", "ÀàÂâÆæÇçÉéÈèÊêËëÎîÏïÔôŒœÙùÛûÜüŸÿ\u{202F}"),
    ("Italian", "ÀàÈèÉéÌìÍíÎîÒòÓóÙùÚú"),
    ("Spanish", "ÁáÉéÍíÑñÓóÚúÜü¡¿ºª"),
    ("Czech", "ÁáČčĎďÉéĚěÍíŇňÓóŘřŠšŤťÚúŮůÝýŽž"),
    ("Dutch", "ÁáÉéËëÏïÓóÖöÜüĲĳ"),
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

/// `letterpress fonts [LETTER]`: the letter's faces (chosen as `render` chooses them, reading
/// only inside `root`) and how they and each bundled family cover every character it prints.
pub fn fonts(letter: Option<&Path>, root: Option<&Path>) -> Result<(), Failure> {
    let Some(path) = letter else {
        return bundled_overview();
    };
    let env = crate::env_for(path, root)?;
    let res = Resources::new();
    let letter = letterpress::load_letter(path).map_err(|e| Failure::Input(e.into()))?;
    let letterhead =
        letterpress::find_letterhead(&letter, &env, &res).map_err(|e| Failure::Input(e.into()))?;
    let c = letterpress::resolve::coverage(&letter, letterhead.as_ref(), &env, &res)
        .map_err(Failure::Input)?;
    outln!("Fonts of {}:", path.display());
    let kind = if c.files.is_empty() {
        "bundled"
    } else {
        "own files"
    };
    outln!("  {} ({kind})", c.fonts.family());
    for (style, name) in STYLES {
        let file = c
            .files
            .get(&style)
            .map(|p| format!(" — {}", p.display()))
            .unwrap_or_default();
        outln!(
            "    {name:11}  {}{file}",
            coverage_line(&c.fonts, style, c.chars.get(&style))
        );
    }
    outln!("Bundled families for this letter's text:");
    for family in FontSet::BUNDLED {
        if let Some(b) = res.family(family) {
            outln!("  {family:11}  {}", family_coverage(&b, &c.chars));
        }
    }
    Ok(())
}

/// Whether a family draws every character a letter prints, else what it cannot draw by face.
fn family_coverage(set: &FontSet, chars: &BTreeMap<FontStyle, BTreeMap<char, String>>) -> String {
    let detail: Vec<String> = STYLES
        .iter()
        .filter_map(|(s, n)| {
            let m = missing_chars(set, *s, chars.get(s));
            (!m.is_empty()).then(|| format!("{n}: {}", list_chars(&m)))
        })
        .collect();
    if detail.is_empty() {
        "covers all of it".into()
    } else {
        format!("cannot draw {}", detail.join("; "))
    }
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
