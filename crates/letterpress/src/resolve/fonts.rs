//! The body family: the faces named in `font:` (the style's over the letterhead's, each face on
//! its own), else a bundled or registered family by name, else the bundled Noto Serif.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_saphyr::{Location, Spanned};

use crate::error::{Error, ErrorKind};
use crate::fonts::{Face, FontSet, FontStyle};
use crate::spec::{FontSpec, SourceFile};

use super::cascade::{origin, Cascade, Ctx, Pick};

/// The family every letter falls back to.
const FALLBACK_FAMILY: &str = "Noto Serif";

/// One face key of `font:` through the cascade.
fn face_key<'a>(
    cascade: &Cascade<'a>,
    key: fn(&FontSpec) -> Option<&Spanned<String>>,
) -> Option<Pick<'a, Spanned<String>>> {
    cascade.get(move |s| s.font.as_ref().and_then(key))
}

/// The letter's fonts; `None` only when not even the bundled fallback can be loaded.
pub(super) fn resolve_fonts(cx: &mut Ctx, cascade: &Cascade) -> Option<FontSet> {
    let family = face_key(cascade, |f| f.family.as_ref());
    if let Some(regular) = face_key(cascade, |f| f.regular.as_ref()) {
        return own_family(cx, cascade, regular, family);
    }
    let Some(p) = family else {
        return bundled(cx, FALLBACK_FAMILY);
    };
    if let Some(set) = cx.res.family(&p.value.value) {
        return Some(set);
    }
    cx.push(
        Error::new(ErrorKind::InvalidValue {
            what: "font family".into(),
            value: p.value.value.clone(),
            reason: "not a bundled or registered family".into(),
        })
        .at(origin(p.file, p.value))
        .hint(format!(
            "use one of {}, or give your own files with `regular:` (and `bold:`, `italic:`, `bold_italic:`)",
            cx.res.family_names().join(", ")
        )),
    );
    bundled(cx, FALLBACK_FAMILY)
}

/// A family from the letter's own font files; a face left out (or broken) is the regular one.
fn own_family(
    cx: &mut Ctx,
    cascade: &Cascade,
    regular: Pick<Spanned<String>>,
    family: Option<Pick<Spanned<String>>>,
) -> Option<FontSet> {
    let Some(r) = load_face(cx, &regular) else {
        return bundled(cx, FALLBACK_FAMILY);
    };
    let mut face = |key: fn(&FontSpec) -> Option<&Spanned<String>>| match face_key(cascade, key) {
        Some(p) => load_face(cx, &p).unwrap_or_else(|| r.clone()),
        None => r.clone(),
    };
    let b = face(|f| f.bold.as_ref());
    let i = face(|f| f.italic.as_ref());
    let bi = face(|f| f.bold_italic.as_ref());
    let name = family
        .map(|p| p.value.value.clone())
        .unwrap_or_else(|| regular.value.value.clone());
    Some(FontSet::new(name, r, b, i, bi))
}

fn load_face(cx: &mut Ctx, p: &Pick<Spanned<String>>) -> Option<Arc<Face>> {
    let path = p.file.base_dir().join(p.value.value.trim());
    match cx.res.face(cx.env, &path) {
        Ok(f) => Some(f),
        Err(kind) => {
            cx.push(Error::new(kind).at(origin(p.file, p.value)));
            None
        }
    }
}

/// A bundled family; they are compiled in, so `None` means a broken build, reported as an
/// error rather than a panic.
fn bundled(cx: &mut Ctx, name: &str) -> Option<FontSet> {
    let set = cx.res.family(name);
    if set.is_none() {
        let e = if cfg!(feature = "bundled-fonts") {
            Error::new(ErrorKind::Font(format!(
                "the bundled font family `{name}` cannot be loaded (a broken build of letterpress)"
            )))
        } else {
            Error::new(ErrorKind::Font(format!(
                "no font family `{name}`: this build of letterpress has no bundled fonts"
            )))
            .hint("name font files in `font:`, register a family (`Resources::insert_family`), or enable the `bundled-fonts` feature")
        };
        cx.push(e);
    }
    set
}

/// The letter's own font files by face, as [`resolve_fonts`] reads them (a face left out is
/// the regular file); empty when the letter is set in a named family.
pub(super) fn own_files(cascade: &Cascade) -> BTreeMap<FontStyle, PathBuf> {
    let path = |p: Pick<Spanned<String>>| p.file.base_dir().join(p.value.value.trim());
    let Some(regular) = face_key(cascade, |f| f.regular.as_ref()).map(path) else {
        return BTreeMap::new();
    };
    let face = |key: fn(&FontSpec) -> Option<&Spanned<String>>| {
        face_key(cascade, key)
            .map(path)
            .unwrap_or_else(|| regular.clone())
    };
    BTreeMap::from([
        (FontStyle::Bold, face(|f| f.bold.as_ref())),
        (FontStyle::Italic, face(|f| f.italic.as_ref())),
        (FontStyle::BoldItalic, face(|f| f.bold_italic.as_ref())),
        (FontStyle::Regular, regular.clone()),
    ])
}

/// Where the letter's font is chosen: its `regular:` file, else its `family:`.
pub(super) fn choice<'a>(cascade: &Cascade<'a>) -> Option<(&'a SourceFile, Location)> {
    face_key(cascade, |f| f.regular.as_ref())
        .or_else(|| face_key(cascade, |f| f.family.as_ref()))
        .map(|p| (p.file, p.value.referenced))
}
