//! The last touch on krilla's output: what krilla 0.8 writes and cannot be told otherwise,
//! set right in the file's first (and only) revision.
//!
//! Why post-processing: krilla 0.8.2 (and its upstream main as of this writing) has no setting
//! for any of these, and the library must be right with krilla exactly as published. Each fix
//! is one an upstream krilla option or change would make unnecessary (see `docs/print-ready.md`):
//!
//! - `/ViewerPreferences /PrintScaling /None`, so print dialogs keep the page at actual size
//!   and the address stays in the envelope window;
//! - `/MarkInfo` without `/Suspects` (krilla writes `/Suspects false`, which poppler reports
//!   as a syntax error; PDF/UA only forbids `true`);
//! - the outline's `/Dest` written as the destination array itself, not a reference to it
//!   (PDFBox Preflight);
//! - the PDF/A extension schemas (pdfuaid) in an `rdf:Description` of their own in the XMP;
//! - FontDescriptor `/Flags` without SmallCap (krilla sets it on every font);
//! - black and grey as DeviceGray under PDF/A too ([`super::grey`]);
//! - a content-derived file identity: krilla's instance ID hashes the letter's own bytes (page
//!   content, fonts, images, structure, metadata), its document ID only version, title and
//!   authors, so two different letters with one subject shared it. Both `/ID` entries and the
//!   XMP's `xmpMM:DocumentID` / `xmpMM:InstanceID` become the content hash (a new file's two
//!   identifiers are the same, ISO 32000-1 14.4).
//!
//! The file is read through its cross-reference table ([`super::syntax`]), edited objects are
//! written anew and every other object is copied byte for byte, then a complete table (entry 0
//! included) and the trailer are written. Nothing depends on krilla's spacing or object order.

use std::collections::{BTreeMap, BTreeSet};

use super::grey;
use super::press::{self, Print};
use super::syntax::{self, File};
use crate::error::{Error, ErrorKind};

/// FontDescriptor flag bit 18 (value 2^17): all glyphs are small capitals.
const SMALL_CAP: u64 = 1 << 17;

/// Apply every fix to a file krilla wrote. An error if the file is not laid out as a single
/// revision with a classic cross-reference table (krilla always writes one).
pub(super) fn finish(pdf: &[u8], print: Print) -> Result<Vec<u8>, Error> {
    finished(pdf, print).ok_or_else(|| {
        Error::new(ErrorKind::Pdf(
            "the PDF krilla wrote could not be read back to finish it (a cross-reference table and one trailer were expected)".into(),
        ))
    })
}

fn finished(pdf: &[u8], print: Print) -> Option<Vec<u8>> {
    let ix = syntax::Indexed::parse(pdf)?;
    let file = &ix.file;
    let body = |num: u32| ix.body(num);
    let tb = ix.trailer();
    let (trailer, _) = syntax::dict(tb, 0)?;
    let root = syntax::ref_num(syntax::get(tb, &trailer, b"Root")?)?;
    let ids = syntax::get(tb, &trailer, b"ID").and_then(instance_id);
    let mut edits: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    let (catalog, prefs) = fix_catalog(body(root)?)?;
    edits.insert(root, catalog);
    if let Some(num) = prefs {
        edits.insert(num, print_scaling(body(num)?)?);
    }
    if let Some(meta) = catalog_ref(body(root)?, b"Metadata") {
        let ids = ids
            .as_ref()
            .map(|(doc, inst)| (doc.as_slice(), inst.as_slice()));
        edits.insert(meta, fix_xmp(body(meta)?, ids)?);
    }
    let grey: BTreeSet<u32> = ix
        .bodies()
        .filter(|(_, b)| grey::is_grey_space(b, &body))
        .map(|(num, _)| num)
        .collect();
    // Each fix parses only objects that name its key: most objects (structure elements,
    // content streams) need none, and parsing them all was a tenth of a merge's work.
    let [font_descriptor, dest, color_space] =
        [&b"/FontDescriptor"[..], b"/Dest", b"/ColorSpace"].map(memchr::memmem::Finder::new);
    for (num, b) in ix.bodies() {
        let names = |key: &memchr::memmem::Finder| key.find(b).is_some();
        let mut fixed = None;
        if names(&font_descriptor) {
            fixed = fix_font_flags(b);
        }
        if fixed.is_none() && names(&dest) {
            fixed = direct_dest(b, &body);
        }
        if fixed.is_none() && names(&color_space) {
            fixed = grey::device_grey(b, &grey);
        }
        if let Some(fixed) = fixed {
            edits.insert(num, fixed);
        }
    }
    if print == Print::Press {
        press::output_intent(file, root, &body, &mut edits)?;
    }
    let trailer = match &ids {
        Some((_, inst)) => {
            let mut t = syntax::pairs(tb, &trailer);
            for (k, v) in &mut t {
                if k == b"ID" {
                    *v = [b"[(", inst.as_slice(), b") (", inst, b")]"].concat();
                }
            }
            syntax::write_dict(&t)
        }
        None => tb.to_vec(),
    };
    Some(assemble(pdf, file, &edits, &trailer))
}

/// The two strings of `/ID [(doc) (inst)]`, without parentheses (krilla writes base64).
fn instance_id(v: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let a = syntax::value(v, 1)?;
    let b = syntax::value(v, a.end)?;
    let unquote = |r: std::ops::Range<usize>| -> Option<Vec<u8>> {
        let s = &v[r];
        let inner = s.strip_prefix(b"(")?.strip_suffix(b")")?;
        (!inner
            .iter()
            .any(|c| matches!(c, b'\\' | b'(' | b')' | b'<' | b'&')))
        .then(|| inner.to_vec())
    };
    Some((unquote(a)?, unquote(b)?))
}

/// The object number a catalog entry refers to.
fn catalog_ref(catalog: &[u8], key: &[u8]) -> Option<u32> {
    let (e, _) = syntax::dict(catalog, 0)?;
    syntax::ref_num(syntax::get(catalog, &e, key)?)
}

/// The catalog without `/Suspects` and with `/PrintScaling /None`; if the viewer preferences
/// are an object of their own, its number (to be edited instead).
fn fix_catalog(b: &[u8]) -> Option<(Vec<u8>, Option<u32>)> {
    let (e, _) = syntax::dict(b, 0)?;
    let mut pairs = syntax::pairs(b, &e);
    let mut other = None;
    for (k, v) in &mut pairs {
        if k == b"MarkInfo" && v.starts_with(b"<<") {
            let (m, _) = syntax::dict(v, 0)?;
            let kept: Vec<_> = syntax::pairs(v, &m)
                .into_iter()
                .filter(|(k, _)| k != b"Suspects")
                .collect();
            *v = syntax::write_dict(&kept);
        }
        if k == b"ViewerPreferences" {
            match syntax::ref_num(v) {
                Some(n) => other = Some(n),
                None => *v = print_scaling(v)?,
            }
        }
    }
    if !pairs.iter().any(|(k, _)| k == b"ViewerPreferences") {
        pairs.push((
            b"ViewerPreferences".to_vec(),
            b"<< /PrintScaling /None >>".to_vec(),
        ));
    }
    Some((syntax::write_dict(&pairs), other))
}

/// A viewer-preferences dictionary with `/PrintScaling /None`.
fn print_scaling(b: &[u8]) -> Option<Vec<u8>> {
    let (e, _) = syntax::dict(b, 0)?;
    let mut pairs: Vec<_> = syntax::pairs(b, &e)
        .into_iter()
        .filter(|(k, _)| k != b"PrintScaling")
        .collect();
    pairs.push((b"PrintScaling".to_vec(), b"/None".to_vec()));
    Some(syntax::write_dict(&pairs))
}

/// A FontDescriptor's `/Flags` without SmallCap; `None` for any other object.
fn fix_font_flags(b: &[u8]) -> Option<Vec<u8>> {
    if !b.starts_with(b"<<") {
        return None;
    }
    let (e, end) = syntax::dict(b, 0)?;
    if syntax::get(b, &e, b"Type")? != b"/FontDescriptor" || end != b.len() {
        return None;
    }
    let flags: u64 = std::str::from_utf8(syntax::get(b, &e, b"Flags")?)
        .ok()?
        .parse()
        .ok()?;
    if flags & SMALL_CAP == 0 {
        return None;
    }
    let mut pairs = syntax::pairs(b, &e);
    for (k, v) in &mut pairs {
        if k == b"Flags" {
            *v = (flags & !SMALL_CAP).to_string().into_bytes();
        }
    }
    Some(syntax::write_dict(&pairs))
}

/// An outline item (a dictionary with `/Title` and `/Parent`) whose `/Dest` refers to an
/// array object, with the array written in place; `None` for any other object.
fn direct_dest<'a>(b: &[u8], body: &impl Fn(u32) -> Option<&'a [u8]>) -> Option<Vec<u8>> {
    if !b.starts_with(b"<<") {
        return None;
    }
    let (e, end) = syntax::dict(b, 0)?;
    if end != b.len() {
        return None;
    }
    syntax::get(b, &e, b"Title")?;
    syntax::get(b, &e, b"Parent")?;
    let dest = syntax::ref_num(syntax::get(b, &e, b"Dest")?)?;
    let array = body(dest)?;
    if !array.starts_with(b"[") || syntax::value(array, 0)?.end != array.len() {
        return None;
    }
    let mut pairs = syntax::pairs(b, &e);
    for (k, v) in &mut pairs {
        if k == b"Dest" {
            *v = array.to_vec();
        }
    }
    Some(syntax::write_dict(&pairs))
}

/// The XMP stream with the extension schemas in a description of their own and the document
/// ID replaced by the instance ID (`ids` = the trailer's document and instance ID).
fn fix_xmp(b: &[u8], ids: Option<(&[u8], &[u8])>) -> Option<Vec<u8>> {
    let (e, data) = syntax::stream_data(b)?;
    if syntax::get(b, &e, b"Filter").is_some() {
        return None;
    }
    let xmp = std::str::from_utf8(&b[data]).ok()?;
    let mut xmp = own_description(xmp, "pdfaExtension:schemas")?;
    if let Some((doc, inst)) = ids {
        let (doc, inst) = (
            std::str::from_utf8(doc).ok()?,
            std::str::from_utf8(inst).ok()?,
        );
        xmp = xmp.replace(
            &format!("<xmpMM:DocumentID>{doc}</xmpMM:DocumentID>"),
            &format!("<xmpMM:DocumentID>{inst}</xmpMM:DocumentID>"),
        );
    }
    let mut pairs = syntax::pairs(b, &e);
    for (k, v) in &mut pairs {
        if k == b"Length" {
            *v = xmp.len().to_string().into_bytes();
        }
    }
    let mut out = syntax::write_dict(&pairs);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(xmp.as_bytes());
    out.extend_from_slice(b"\nendstream");
    Some(out)
}

/// The XMP with the element `tag` moved out of the first `rdf:Description` into one of its
/// own (with the same `rdf:about` and namespace declarations), right after it. Unchanged if
/// the element is not there.
fn own_description(xmp: &str, tag: &str) -> Option<String> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let Some(start) = xmp.find(&open) else {
        return Some(xmp.to_string());
    };
    let end = xmp[start..].find(&close)? + start + close.len();
    let desc = xmp.find("<rdf:Description")?;
    let desc_tag_end = xmp[desc..].find('>')? + desc + 1;
    let desc_close = "</rdf:Description>";
    let desc_end = xmp[end..].find(desc_close)? + end + desc_close.len();
    if start < desc_tag_end || xmp[desc_tag_end..start].contains(desc_close) {
        return None; // the element is not a property of the first description
    }
    let head = &xmp[desc..desc_tag_end];
    Some(format!(
        "{}{}{head}{}{desc_close}{}",
        &xmp[..start],
        &xmp[end..desc_end],
        &xmp[start..end],
        &xmp[desc_end..]
    ))
}

/// The file again: krilla's header, every object (edited ones written anew), a complete
/// cross-reference table and the trailer.
fn assemble(pdf: &[u8], file: &File, edits: &BTreeMap<u32, Vec<u8>>, trailer: &[u8]) -> Vec<u8> {
    let first = file.objects.first().map_or(file.xref_at, |o| o.span.start);
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    out.extend_from_slice(&pdf[..first]);
    let mut offsets: BTreeMap<u32, (usize, u16)> = BTreeMap::new();
    for o in &file.objects {
        offsets.insert(o.num, (out.len(), o.gen));
        match edits.get(&o.num) {
            Some(body) => {
                out.extend_from_slice(format!("{} {} obj\n", o.num, o.gen).as_bytes());
                out.extend_from_slice(body);
                out.extend_from_slice(b"\nendobj\n\n");
            }
            None => out.extend_from_slice(&pdf[o.span.clone()]),
        }
    }
    // Objects added by the finishing (press output's profile and intent), after the file's.
    for (&num, body) in edits.range(file.objects.iter().map(|o| o.num + 1).max().unwrap_or(1)..) {
        offsets.insert(num, (out.len(), 0));
        out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n\n");
    }
    let xref_at = out.len();
    let (t, _) = syntax::dict(trailer, 0).unwrap_or_default();
    let mut pairs = syntax::pairs(trailer, &t);
    let declared = syntax::get(trailer, &t, b"Size")
        .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
        .unwrap_or(0);
    let size = offsets
        .keys()
        .next_back()
        .map_or(1, |n| n + 1)
        .max(declared);
    let free: Vec<u32> = (1..size).filter(|n| !offsets.contains_key(n)).collect();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    let next_free = |n: u32| free.iter().find(|&&f| f > n).copied().unwrap_or(0);
    out.extend_from_slice(format!("{:010} 65535 f\r\n", next_free(0)).as_bytes());
    for n in 1..size {
        let line = match offsets.get(&n) {
            Some((off, gen)) => format!("{off:010} {gen:05} n\r\n"),
            None => format!("{:010} 00001 f\r\n", next_free(n)),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out.extend_from_slice(b"trailer\n");
    for (k, v) in &mut pairs {
        if k == b"Size" {
            *v = size.to_string().into_bytes();
        }
    }
    out.extend_from_slice(&syntax::write_dict(&pairs));
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF").as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XMP: &str = "<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=\"\" xmlns:a=\"u\" ><pdfuaid:part>1</pdfuaid:part><xmpMM:InstanceID>inst==</xmpMM:InstanceID><xmpMM:DocumentID>doc==</xmpMM:DocumentID><pdfaExtension:schemas><rdf:Bag/></pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta>";

    /// A small file laid out as krilla lays it out (compact and pretty dictionaries mixed),
    /// with a correct cross-reference table.
    fn krilla_like() -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R/Metadata 7 0 R/MarkInfo<</Marked true/Suspects false>>/ViewerPreferences<</DisplayDocTitle true>>/Outlines 3 0 R>>".to_string(),
            "<</Type/Pages/Count 0/Kids[]>>".to_string(),
            "<</Type/Outlines/First 4 0 R/Last 4 0 R/Count 1>>".to_string(),
            "<<\n  /Parent 3 0 R\n  /Title (Offer \\(2027\\))\n  /Dest 5 0 R\n>>".to_string(),
            "[6 0 R/XYZ 0 841.8898 0]".to_string(),
            "<<\n  /Type /FontDescriptor\n  /FontName /X+Noto\n  /Flags 131078\n>>".to_string(),
            format!("<</Type/Metadata/Subtype/XML/Length {}>>\nstream\n{XMP}\nendstream", XMP.len()),
        ];
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 8\n0000000000 65535 f\r\n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(format!("trailer\n<<\n  /Size 8\n  /Root 1 0 R\n  /ID [(doc==) (inst==)]\n>>\nstartxref\n{xref}\n%%EOF").as_bytes());
        out
    }

    #[test]
    fn every_fix_lands_in_the_first_revision() {
        let src = krilla_like();
        let out = finish(&src, Print::Office).expect("finished");
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.matches("startxref").count(), 1, "{text}");
        let file = syntax::parse(&out).expect("a consistent table");
        assert_eq!(file.objects.len(), 7);
        let body = |n: u32| {
            let o = file.objects.iter().find(|o| o.num == n).expect("object");
            String::from_utf8_lossy(&out[syntax::body(&out, o).expect("body")]).into_owned()
        };
        let catalog = body(1);
        assert!(
            !catalog.contains("Suspects") && catalog.contains("/Marked true"),
            "{catalog}"
        );
        assert!(
            catalog.contains("/PrintScaling /None") && catalog.contains("/DisplayDocTitle true"),
            "{catalog}"
        );
        assert!(
            body(4).contains("/Dest [6 0 R/XYZ 0 841.8898 0]")
                && body(4).contains("(Offer \\(2027\\))"),
            "{}",
            body(4)
        );
        assert!(body(6).contains("/Flags 6"), "{}", body(6));
        let xmp = body(7);
        assert!(
            xmp.contains("<xmpMM:DocumentID>inst==</xmpMM:DocumentID>"),
            "{xmp}"
        );
        assert!(xmp.contains("</rdf:Description><rdf:Description rdf:about=\"\" xmlns:a=\"u\" ><pdfaExtension:schemas>"), "{xmp}");
        let len: usize = xmp
            .split("/Length ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("length");
        let data = xmp.split("stream\n").nth(1).expect("data");
        assert_eq!(&data[..len], &data[..data.len() - "\nendstream".len()]);
        assert!(text.contains("/ID [(inst==) (inst==)]"), "{text}");
        // Objects not edited are krilla's bytes; the table starts at entry 0.
        assert!(text.contains("2 0 obj\n<</Type/Pages/Count 0/Kids[]>>\nendobj"));
        assert!(text.contains("xref\n0 8\n0000000000 65535 f\r\n"));
        assert_eq!(
            finish(&src, Print::Office).expect("again"),
            out,
            "deterministic"
        );
    }

    #[test]
    fn a_file_without_a_table_is_an_error() {
        assert!(finish(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", Print::Office).is_err());
        let mut two = krilla_like();
        two.extend_from_slice(b"\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size 8/Root 1 0 R>>\nstartxref\n9\n%%EOF");
        assert!(
            finish(&two, Print::Office).is_err(),
            "an update follows: not krilla's file"
        );
    }
}
