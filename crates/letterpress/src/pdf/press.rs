//! Press output (`--print press`): a CMYK output intent for offset printing and the letter's
//! colours in the press's inks.
//!
//! - Black and grey stay DeviceGray (K only, [`super::grey`]): PDF/A-2 allows DeviceGray with
//!   any output intent (ISO 19005-2, 6.2.4.3).
//! - Every other colour the writer paints (the accent: subject line and rules) is CMYK in an
//!   ICC-based space with the press profile: the firm's own CMYK (`accent_cmyk`) when given,
//!   otherwise the sRGB value converted through the profile (relative colorimetric, moxcms).
//! - Artwork and images keep their own (ICC-based sRGB) colour; PDF/A allows ICC-based RGB
//!   under a CMYK output intent, and the press's RIP converts it.
//! - krilla 0.8 always writes an sRGB output intent for PDF/A (`serialize_destination_profiles`
//!   has no setting), so [`output_intent`] (called by [`super::finish`]) points the intent at
//!   the press profile and names the FOGRA39 condition; a file written without a PDF/A
//!   standard gets the same intent added. The old sRGB profile stays for the ICC-based sRGB
//!   colour spaces that use it.
//!
//! The profile (`profiles/FOGRA39-letterpress.icc`, 28 KB, about 23 KB in each press PDF) is
//! computed from the FOGRA39L characterization data (zlib licence, see `profiles/LICENSE`).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, OnceLock};

use krilla::color::{cmyk, luma, rgb};
use krilla::icc::ICCProfile;
use krilla::paint::Paint;
use moxcms::{ColorProfile, Layout, RenderingIntent, TransformF64Executor, TransformOptions};

use super::syntax::{self, File};
use crate::error::{Error, ErrorKind};
use crate::units::{Cmyk, Color};

/// The press profile: FOGRA39 (ISO 12647-2 offset on coated paper), an ICC v2 output profile.
pub(super) const PROFILE: &[u8] = include_bytes!("../../profiles/FOGRA39-letterpress.icc");
/// The output intent's condition identifier, from the ICC characterization data registry.
const CONDITION_ID: &str = "FOGRA39";
const CONDITION: &str =
    "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper type 1 or 2), FOGRA39";
const REGISTRY: &str = "http://www.color.org";
const INFO: &str = "Coated FOGRA39 (letterpress, from FOGRA39L data)";

/// What the PDF is printed on: it decides the output intent and how colours are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Print {
    /// Office and screen: colours in sRGB, black and grey on K (the default).
    #[default]
    Office,
    /// Offset press: a CMYK (FOGRA39) output intent, the accent in the firm's CMYK
    /// (`accent_cmyk`) or converted from sRGB through the press profile.
    Press,
}

impl Print {
    /// The names `--print` accepts.
    pub const NAMES: &'static [&'static str] = &["office", "press"];

    /// A print target by name.
    ///
    /// ```
    /// assert_eq!(letterpress::Print::parse("press"), Some(letterpress::Print::Press));
    /// assert_eq!(letterpress::Print::parse("cmyk"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Print> {
        match name.trim().to_ascii_lowercase().as_str() {
            "office" => Some(Print::Office),
            "press" => Some(Print::Press),
            _ => None,
        }
    }
}

/// The profile krilla writes CMYK colours with: the press profile in press output.
pub(super) fn krilla_profile_for(print: Print) -> Result<Option<ICCProfile<4>>, Error> {
    match print {
        Print::Office => Ok(None),
        Print::Press => krilla_profile().map(Some),
    }
}

/// The press profile as krilla takes it (for ICC-based CMYK colour spaces).
pub(super) fn krilla_profile() -> Result<ICCProfile<4>, Error> {
    ICCProfile::new(PROFILE).ok_or_else(|| profile_error("krilla cannot read it"))
}

fn profile_error(why: &str) -> Error {
    Error::new(ErrorKind::Pdf(format!(
        "the bundled press profile (FOGRA39) could not be used: {why}"
    )))
}

/// sRGB → press CMYK, built once.
fn transform() -> Result<&'static Arc<TransformF64Executor>, Error> {
    static T: OnceLock<Result<Arc<TransformF64Executor>, String>> = OnceLock::new();
    T.get_or_init(|| {
        let press = ColorProfile::new_from_slice(PROFILE).map_err(|e| e.to_string())?;
        let options = TransformOptions {
            rendering_intent: RenderingIntent::RelativeColorimetric,
            ..TransformOptions::default()
        };
        ColorProfile::new_srgb()
            .create_transform_f64(Layout::Rgb, &press, Layout::Rgba, options)
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| profile_error(e))
}

/// An sRGB colour converted to the press's CMYK (0–255 per ink).
pub(super) fn convert(c: Color) -> Result<[u8; 4], Error> {
    let src = [c.r, c.g, c.b].map(|v| f64::from(v) / 255.0);
    let mut dst = [0.0f64; 4];
    transform()?
        .transform(&src, &mut dst)
        .map_err(|e| profile_error(&e.to_string()))?;
    Ok(dst.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8))
}

/// How the writer paints the page model's colours: black and grey as luma (K only); other
/// colours as sRGB, or in press output as CMYK (the firm's, else converted).
#[derive(Debug, Clone, Default)]
pub(super) struct Inks {
    /// Press output: every colour is CMYK, these (sRGB colour → CMYK 0–255) as the firm gave
    /// them, the others converted (and kept here once converted).
    press: Option<BTreeMap<(u8, u8, u8), [u8; 4]>>,
}

impl Inks {
    /// Inks for `print`; for a press, the sRGB → CMYK transform is checked now.
    pub(super) fn new(print: Print) -> Result<Inks, Error> {
        Ok(Inks {
            press: match print {
                Print::Office => None,
                Print::Press => {
                    transform()?;
                    Some(BTreeMap::new())
                }
            },
        })
    }

    /// Before each letter: its firm's own CMYK values replace the previous letter's.
    pub(super) fn letter(&mut self, firm: &[(Color, Cmyk)]) {
        if let Some(map) = &mut self.press {
            map.clear();
            for (c, k) in firm {
                map.insert((c.r, c.g, c.b), k.to_bytes());
            }
        }
    }

    /// The paint of a colour.
    pub(super) fn paint(&mut self, c: Color) -> Paint {
        if c.r == c.g && c.g == c.b {
            return luma::Color::new(c.r).into();
        }
        let Some(map) = &mut self.press else {
            return rgb::Color::new(c.r, c.g, c.b).into();
        };
        let key = (c.r, c.g, c.b);
        let k = match map.get(&key) {
            Some(k) => *k,
            None => {
                // The transform was built when the inks were; converting cannot fail after.
                let k = convert(c).unwrap_or([0, 0, 0, 255]);
                map.insert(key, k);
                k
            }
        };
        cmyk::Color::new(k[0], k[1], k[2], k[3]).into()
    }
}

/// Point the file's PDF/A output intent at the press profile and name the FOGRA39 condition,
/// or add such an intent (with `/OutputIntents` in the catalog) to a file that has none.
/// `edits` holds the objects already edited (the catalog among them); new objects get
/// numbers after the file's last.
pub(super) fn output_intent<'a>(
    file: &File,
    root: u32,
    body: &impl Fn(u32) -> Option<&'a [u8]>,
    edits: &mut BTreeMap<u32, Vec<u8>>,
) -> Option<()> {
    let mut next = file.objects.iter().map(|o| o.num).max().unwrap_or(0) + 1;
    let mut fresh = || {
        next += 1;
        next - 1
    };
    let profile = match file
        .objects
        .iter()
        .find(|o| body(o.num).is_some_and(is_press_profile))
    {
        Some(o) => o.num,
        None => {
            let n = fresh();
            edits.insert(n, profile_stream()?);
            n
        }
    };
    let intents: Vec<u32> = file
        .objects
        .iter()
        .filter(|o| body(o.num).is_some_and(is_pdfa_intent))
        .map(|o| o.num)
        .collect();
    for &n in &intents {
        let b = edits
            .get(&n)
            .map_or_else(|| body(n).map(<[u8]>::to_vec), |e| Some(e.clone()))?;
        edits.insert(n, intent(Some(&b), profile)?);
    }
    if intents.is_empty() {
        let n = fresh();
        edits.insert(n, intent(None, profile)?);
        let catalog = edits
            .get(&root)
            .cloned()
            .or_else(|| body(root).map(<[u8]>::to_vec))?;
        let (e, _) = syntax::dict(&catalog, 0)?;
        let mut pairs: Vec<_> = syntax::pairs(&catalog, &e)
            .into_iter()
            .filter(|(k, _)| k != b"OutputIntents")
            .collect();
        pairs.push((b"OutputIntents".to_vec(), format!("[{n} 0 R]").into_bytes()));
        edits.insert(root, syntax::write_dict(&pairs));
    }
    Some(())
}

/// An output intent dictionary of subtype GTS_PDFA1.
fn is_pdfa_intent(b: &[u8]) -> bool {
    b.starts_with(b"<<")
        && syntax::dict(b, 0)
            .is_some_and(|(e, _)| syntax::get(b, &e, b"S") == Some(b"/GTS_PDFA1".as_slice()))
}

/// A stream object with `/N 4` whose data inflates to the press profile (what krilla wrote
/// for the ICC-based CMYK colour space).
fn is_press_profile(b: &[u8]) -> bool {
    (|| {
        let (e, dict_end) = syntax::dict(b, 0)?;
        if syntax::get(b, &e, b"N")? != b"4" || syntax::get(b, &e, b"Filter")? != b"/FlateDecode" {
            return None;
        }
        let len: usize = std::str::from_utf8(syntax::get(b, &e, b"Length")?)
            .ok()?
            .parse()
            .ok()?;
        let s = syntax::skip_ws(b, dict_end);
        let rest = b.get(s..)?.strip_prefix(b"stream")?;
        let at = s + 6 + if rest.starts_with(b"\r\n") { 2 } else { 1 };
        let mut data = Vec::new();
        flate2::read::ZlibDecoder::new(b.get(at..at + len)?)
            .take(PROFILE.len() as u64 + 1)
            .read_to_end(&mut data)
            .ok()?;
        Some(data == PROFILE)
    })()
    .unwrap_or(false)
}

/// The press profile as an ICC stream object's body.
fn profile_stream() -> Option<Vec<u8>> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(PROFILE).ok()?;
    let data = z.finish().ok()?;
    let mut out = format!(
        "<< /N 4 /Range [0 1 0 1 0 1 0 1] /Filter /FlateDecode /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream");
    Some(out)
}

/// The output intent `b` (or a new one) with the press profile and condition.
fn intent(b: Option<&[u8]>, profile: u32) -> Option<Vec<u8>> {
    const OURS: [&[u8]; 6] = [
        b"Type",
        b"S",
        b"DestOutputProfile",
        b"OutputConditionIdentifier",
        b"OutputCondition",
        b"RegistryName",
    ];
    let mut pairs = match b {
        Some(b) => {
            let (e, _) = syntax::dict(b, 0)?;
            syntax::pairs(b, &e)
        }
        None => Vec::new(),
    };
    pairs.retain(|(k, _)| !OURS.contains(&k.as_slice()) && k != b"Info");
    let text = |s: &str| format!("({s})").into_bytes();
    pairs.extend([
        (b"Type".to_vec(), b"/OutputIntent".to_vec()),
        (b"S".to_vec(), b"/GTS_PDFA1".to_vec()),
        (
            b"DestOutputProfile".to_vec(),
            format!("{profile} 0 R").into_bytes(),
        ),
        (b"OutputConditionIdentifier".to_vec(), text(CONDITION_ID)),
        (b"OutputCondition".to_vec(), text(CONDITION)),
        (b"RegistryName".to_vec(), text(REGISTRY)),
        (b"Info".to_vec(), text(INFO)),
    ]);
    Some(syntax::write_dict(&pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_a_cmyk_output_profile() {
        let p = ColorProfile::new_from_slice(PROFILE).expect("moxcms reads it");
        assert_eq!(p.color_space, moxcms::DataColorSpace::Cmyk);
        assert_eq!(p.profile_class, moxcms::ProfileClass::OutputDevice);
        krilla_profile().expect("krilla reads it");
    }

    #[test]
    fn srgb_converts_through_the_press_profile() {
        // Pure sRGB blue is out of gamut: mostly cyan and magenta; white is no ink.
        let [c, m, y, _] = convert(Color { r: 0, g: 0, b: 255 }).expect("converted");
        assert!(c > 200 && m > 120 && y < 40, "{c} {m} {y}");
        assert_eq!(
            convert(Color {
                r: 255,
                g: 255,
                b: 255
            })
            .expect("white"),
            [0, 0, 0, 0]
        );
        // The firm's accent #1F4E79 (a dark blue): cyan over magenta, some black.
        let [c, m, y, k] = convert(Color {
            r: 0x1f,
            g: 0x4e,
            b: 0x79,
        })
        .expect("accent");
        assert!(c > m && m > y && k > 20, "{c} {m} {y} {k}");
    }

    #[test]
    fn firm_cmyk_wins_and_grey_stays_luma() {
        let accent = Color {
            r: 0x1f,
            g: 0x4e,
            b: 0x79,
        };
        let firm = Cmyk::from_percent(&[100.0, 60.0, 0.0, 40.0]).expect("cmyk");
        let mut inks = Inks::new(Print::Press).expect("press inks");
        inks.letter(&[(accent, firm)]);
        let want: Paint = cmyk::Color::new(255, 153, 0, 102).into();
        assert_eq!(format!("{:?}", inks.paint(accent)), format!("{want:?}"));
        let grey: Paint = luma::Color::new(0x66).into();
        assert_eq!(
            format!("{:?}", inks.paint(Color::GREY)),
            format!("{grey:?}")
        );
        let mut office = Inks::new(Print::Office).expect("office inks");
        office.letter(&[(accent, firm)]);
        let srgb: Paint = rgb::Color::new(0x1f, 0x4e, 0x79).into();
        assert_eq!(format!("{:?}", office.paint(accent)), format!("{srgb:?}"));
    }

    #[test]
    fn an_intent_gets_the_press_profile_and_condition() {
        let srgb = b"<</Type/OutputIntent/S/GTS_PDFA1/DestOutputProfile 9 0 R/OutputConditionIdentifier(Custom)/Info(sRGB)>>";
        let out = String::from_utf8(intent(Some(srgb), 12).expect("intent")).expect("text");
        assert!(out.contains("/DestOutputProfile 12 0 R"), "{out}");
        assert!(
            out.contains("/OutputConditionIdentifier (FOGRA39)"),
            "{out}"
        );
        assert!(
            out.contains("/RegistryName (http://www.color.org)"),
            "{out}"
        );
        assert!(!out.contains("sRGB") && !out.contains("9 0 R"), "{out}");
        assert!(is_pdfa_intent(out.as_bytes()));
        let stream = profile_stream().expect("stream");
        assert!(
            is_press_profile(&stream),
            "the stream inflates to the profile"
        );
    }
}
