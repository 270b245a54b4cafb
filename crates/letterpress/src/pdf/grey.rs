//! Black and grey on the black plate alone, in the archival modes too.
//!
//! The writer paints black and grey text and rules as krilla's luma colour. Without a PDF/A
//! validator krilla writes that as DeviceGray; under PDF/A it always uses an ICC-based grey
//! space (krilla 0.8 forces `no_device_cs` for every PDF/A part), which a colour-managed print
//! workflow may convert to rich four-colour black. PDF/A-2 and -3 allow DeviceGray wherever a
//! PDF/A output intent is present (ISO 19005-2, 6.2.4.3), and krilla always writes one, so
//! [`super::finish`] names DeviceGray in every resource dictionary entry that names krilla's
//! grey ICC space. Images keep their own `/ColorSpace` (a reference, not a resource entry).

use std::collections::BTreeSet;

use super::syntax;

/// Whether an object's body is an ICC-based colour space with one component:
/// `[/ICCBased N 0 R]` where the profile stream `N` says `/N 1`.
pub(super) fn is_grey_space<'a>(b: &[u8], body: &impl Fn(u32) -> Option<&'a [u8]>) -> bool {
    (|| {
        let inner = b.strip_prefix(b"[")?.strip_suffix(b"]")?;
        let name = syntax::value(inner, 0)?;
        if &inner[name.clone()] != b"/ICCBased" {
            return None;
        }
        let profile = syntax::value(inner, name.end)?;
        if syntax::skip_ws(inner, profile.end) != inner.len() {
            return None;
        }
        let stream = body(syntax::ref_num(&inner[profile])?)?;
        let (e, _) = syntax::dict(stream, 0)?;
        Some(syntax::get(stream, &e, b"N")? == b"1")
    })()
    .unwrap_or(false)
}

/// A dictionary or stream object whose resources name one of the `grey` spaces, with
/// `/DeviceGray` in those entries (a stream's data is kept byte for byte); `None` when the
/// object names none.
pub(super) fn device_grey(b: &[u8], grey: &BTreeSet<u32>) -> Option<Vec<u8>> {
    if grey.is_empty() || !b.starts_with(b"<<") {
        return None;
    }
    let (_, end) = syntax::dict(b, 0)?;
    let mut out = rewrite(&b[..end], grey)?;
    out.extend_from_slice(&b[end..]);
    Some(out)
}

/// The dictionary `d` with grey resource entries renamed, searched through nested
/// dictionaries; `None` if nothing changed.
fn rewrite(d: &[u8], grey: &BTreeSet<u32>) -> Option<Vec<u8>> {
    let (e, _) = syntax::dict(d, 0)?;
    let mut pairs = syntax::pairs(d, &e);
    let mut changed = false;
    for (k, v) in &mut pairs {
        if !v.starts_with(b"<<") {
            continue;
        }
        let new = if k == b"ColorSpace" {
            rename(v, grey)
        } else {
            rewrite(v, grey)
        };
        if let Some(new) = new {
            *v = new;
            changed = true;
        }
    }
    changed.then(|| syntax::write_dict(&pairs))
}

/// A `/ColorSpace` resource dictionary with every entry that refers to a grey space
/// replaced by `/DeviceGray`; `None` if it has none.
fn rename(d: &[u8], grey: &BTreeSet<u32>) -> Option<Vec<u8>> {
    let (e, _) = syntax::dict(d, 0)?;
    let mut pairs = syntax::pairs(d, &e);
    let mut changed = false;
    for (_, v) in &mut pairs {
        if syntax::ref_num(v).is_some_and(|n| grey.contains(&n)) {
            *v = b"/DeviceGray".to_vec();
            changed = true;
        }
    }
    changed.then(|| syntax::write_dict(&pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_resource_entries_become_device_grey() {
        let grey = BTreeSet::from([14]);
        let page =
            b"<</Type/Page/Resources<</ColorSpace<</cs0 14 0 R/cs1 15 0 R>>/Font<</f0 9 0 R>>>>>>";
        let out = String::from_utf8(device_grey(page, &grey).expect("changed")).expect("text");
        assert!(
            out.contains("/cs0 /DeviceGray") && out.contains("/cs1 15 0 R"),
            "{out}"
        );
        assert!(out.contains("/f0 9 0 R"), "{out}");
        // A stream keeps its data; an image's own colour space is not a resource entry.
        let form = b"<</Resources<</ColorSpace<</c 14 0 R>>>>/Length 3>>\nstream\nabc\nendstream";
        let out = device_grey(form, &grey).expect("changed");
        assert!(out.ends_with(b">>\nstream\nabc\nendstream"));
        let image = b"<</Subtype/Image/ColorSpace 14 0 R/Length 3>>\nstream\nabc\nendstream";
        assert!(device_grey(image, &grey).is_none());
    }

    #[test]
    fn only_one_component_icc_spaces_are_grey() {
        let objects = |n: u32| -> Option<&'static [u8]> {
            match n {
                25 => Some(b"<</N 1/Length 9>>\nstream\n"),
                26 => Some(b"<</N 3/Length 9>>\nstream\n"),
                _ => None,
            }
        };
        assert!(is_grey_space(b"[/ICCBased 25 0 R]", &objects));
        assert!(!is_grey_space(b"[/ICCBased 26 0 R]", &objects));
        assert!(!is_grey_space(b"[/Indexed 25 0 R]", &objects));
        assert!(!is_grey_space(b"<</N 1>>", &objects));
    }
}
