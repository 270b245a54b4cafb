//! The document-wide objects a streamed combined PDF takes from a template: a one-page PDF
//! krilla wrote (and [`crate::pdf::finish`] finished) in the same standard, with the combined
//! file's title and the first letter's language and date. Its catalog entries (XMP metadata,
//! output intent, language, mark info, viewer preferences) and its document information are
//! copied with what they refer to; its page and structure tree are not. The XMP's document and
//! instance IDs become the combined file's own.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use super::{err, renumber, Out};
use crate::error::Error;
use crate::pdf::syntax;

/// Catalog entries of the template that are the combined file's own, not copied.
const OWN: &[&[u8]] = &[b"Pages", b"StructTreeRoot", b"Outlines", b"PageMode"];

/// Copy the template's document-wide objects into `out`; its catalog entries (renumbered) and
/// the number of its document information dictionary.
pub(super) fn template<W: Write>(
    out: &mut Out<W>,
    pdf: &[u8],
    id: &str,
) -> Result<(syntax::Pairs, Option<u32>), Error> {
    let bad = || err("the document-wide objects could not be read back");
    let ix = syntax::Indexed::parse(pdf).ok_or_else(bad)?;
    let body = |n: u32| ix.body(n);
    let tb = ix.trailer();
    let (t, _) = syntax::dict(tb, 0).ok_or_else(bad)?;
    let root = syntax::get(tb, &t, b"Root")
        .and_then(syntax::ref_num)
        .ok_or_else(bad)?;
    let info = syntax::get(tb, &t, b"Info").and_then(syntax::ref_num);
    let old_id = syntax::get(tb, &t, b"ID").and_then(first_string);
    let catalog = body(root).ok_or_else(bad)?;
    let (c, _) = syntax::dict(catalog, 0).ok_or_else(bad)?;
    let mut pairs = syntax::pairs(catalog, &c);
    pairs.retain(|(k, _)| !OWN.contains(&&k[..]));
    // What the kept entries and the information dictionary reach.
    let mut todo: Vec<u32> = info.into_iter().collect();
    for (_, v) in &pairs {
        todo.extend(syntax::references(v).into_iter().map(|r| r.1));
    }
    let mut seen = BTreeSet::new();
    while let Some(n) = todo.pop() {
        if n == root || !seen.insert(n) {
            continue;
        }
        todo.extend(
            syntax::references(body(n).ok_or_else(bad)?)
                .into_iter()
                .map(|r| r.1),
        );
    }
    let map: BTreeMap<u32, u32> = seen.iter().map(|&n| (n, out.alloc())).collect();
    let metadata = syntax::get(catalog, &c, b"Metadata").and_then(syntax::ref_num);
    for (&old, &new) in &map {
        let mut b = renumber(body(old).ok_or_else(bad)?, &map)?;
        if Some(old) == metadata {
            if let Some(from) = &old_id {
                b = replace_in_stream(&b, from.as_bytes(), id.as_bytes()).ok_or_else(bad)?;
            }
        }
        out.object(new, &b)?;
    }
    for (_, v) in &mut pairs {
        *v = renumber(v, &map)?;
    }
    Ok((pairs, info.map(|i| map[&i])))
}

/// The first string of an `/ID` array, without its parentheses.
fn first_string(v: &[u8]) -> Option<String> {
    let r = syntax::value(v, 1)?;
    let s = std::str::from_utf8(&v[r]).ok()?;
    Some(s.strip_prefix('(')?.strip_suffix(')')?.to_string())
}

/// An unfiltered stream object with every `from` in its data replaced by `to` and its
/// `/Length` set to match.
fn replace_in_stream(b: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    let (e, data) = syntax::stream_data(b)?;
    if syntax::get(b, &e, b"Filter").is_some() || from.is_empty() {
        return None;
    }
    let data = &b[data];
    let mut new = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(from) {
            new.extend_from_slice(to);
            i += from.len();
        } else {
            new.push(data[i]);
            i += 1;
        }
    }
    let mut pairs = syntax::pairs(b, &e);
    for (k, v) in &mut pairs {
        if k == b"Length" {
            *v = new.len().to_string().into_bytes();
        }
    }
    let mut out = syntax::write_dict(&pairs);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&new);
    out.extend_from_slice(b"\nendstream");
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_identifier_in_the_xmp_is_replaced_and_the_length_follows() {
        let xmp = "<a>ID1</a><b>ID1</b>";
        let obj = format!("<</Length {}>>\nstream\n{xmp}\nendstream", xmp.len());
        let out = super::replace_in_stream(obj.as_bytes(), b"ID1", b"LONGER").expect("done");
        let text = String::from_utf8(out).expect("text");
        assert!(text.starts_with("<< /Length 26 >>"), "{text}");
        assert!(
            text.contains("<a>LONGER</a><b>LONGER</b>\nendstream"),
            "{text}"
        );
    }
}
